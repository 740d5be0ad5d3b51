//! Text: the chart font, width estimates, cutting and wrapping to a width, and
//! drawing at an anchor.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{FONT, INK, ce};
use crate::Result;

/// A text style in the chart font.
pub(crate) fn font(px: f64) -> TextStyle<'static> {
    TextStyle::from((FONT, px.max(1.0)).into_font()).color(&INK)
}

/// A bold text style in the chart font.
pub(crate) fn bold(px: f64) -> TextStyle<'static> {
    TextStyle::from((FONT, px.max(1.0), FontStyle::Bold).into_font()).color(&INK)
}

/// A deterministic estimate of a text's width in pixels (same on every backend, so
/// layouts do not depend on which fonts a browser has).
pub(crate) fn text_width(text: &str, px: f64) -> f64 {
    text.chars().count() as f64 * px * 0.6
}

/// `text` cut to at most `max_chars` characters, ending in `…` when cut.
pub(crate) fn truncate(text: &str, max_chars: usize) -> String {
    let n = text.chars().count();
    if n <= max_chars {
        return text.to_string();
    }
    if max_chars == 0 {
        return String::new();
    }
    let mut s: String = text.chars().take(max_chars - 1).collect();
    s.push('…');
    s
}

/// `text` cut so that it fits in `width` pixels at font size `px`.
pub(crate) fn fit(text: &str, width: f64, px: f64) -> String {
    // The small slack keeps a label that fits exactly from losing a character to rounding.
    let max = (width / (px * 0.6) + 1e-6).floor();
    let max = if max.is_finite() && max > 0.0 {
        max as usize
    } else {
        0
    };
    truncate(text, max)
}

/// Word-wraps `text` into lines that fit `width` pixels at font size `px`.
pub(crate) fn wrap(text: &str, width: f64, px: f64) -> Vec<String> {
    // The small slack keeps a label that fits exactly from losing a character to rounding.
    let max = (width / (px * 0.6) + 1e-6).floor();
    let max = if max.is_finite() && max >= 4.0 {
        max as usize
    } else {
        4
    };
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let word = truncate(word, max);
        let needed = line.chars().count() + usize::from(!line.is_empty()) + word.chars().count();
        if needed > max && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Draws `text` with its anchor at `pos`.
pub(crate) fn text_at<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    pos: (i32, i32),
    style: &TextStyle<'_>,
    h: HPos,
    v: VPos,
) -> Result<()> {
    if text.is_empty() {
        return Ok(());
    }
    let style = style.pos(Pos::new(h, v));
    area.draw_text(text, &style, pos).map_err(ce)
}
