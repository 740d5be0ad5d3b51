//! The layout of a chart: font sizes for a style, the title band, the caption under
//! the plot, the note for an area too small to draw in, and a centred message.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::text::{bold, fit, font, text_at, text_width, wrap};
use super::{MUTED, ce};
use crate::Result;
use crate::charts::{ChartStyle, Notes};

/// Font sizes in device pixels for one style.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sizes {
    pub title: f64,
    pub axis: f64,
    pub tick: f64,
    pub legend: f64,
    pub note: f64,
    pub pad: f64,
}

impl Sizes {
    pub(crate) fn of(style: &ChartStyle) -> Self {
        Self {
            title: style.pxf(20.0),
            axis: style.pxf(16.0),
            tick: style.pxf(14.0),
            legend: style.pxf(14.0),
            note: style.pxf(13.0),
            pad: style.pxf(10.0),
        }
    }
}

/// Whether the area is too small to draw a chart in; if it is, it has been cleared and
/// (when there is room at all) a short note drawn.
pub(crate) fn too_small<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    style: &ChartStyle,
) -> Result<bool> {
    let (w, h) = area.dim_in_pixel();
    if w == 0 || h == 0 {
        return Ok(true);
    }
    if f64::from(w) >= style.pxf(160.0) && f64::from(h) >= style.pxf(120.0) {
        return Ok(false);
    }
    area.fill(&WHITE).map_err(ce)?;
    let px = style.pxf(11.0);
    if f64::from(h) > px * 1.5 {
        let msg = fit("too small to draw", f64::from(w), px);
        let c = (w as i32 / 2, h as i32 / 2);
        text_at(
            area,
            &msg,
            c,
            &font(px).color(&MUTED),
            HPos::Center,
            VPos::Center,
        )?;
    }
    Ok(true)
}

/// Clears the area, draws the title and returns the area below it (all of it when the
/// title is empty: the page shows a title too long for a narrow canvas above it).
pub(crate) fn titled<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    style: &ChartStyle,
    title: &str,
) -> Result<DrawingArea<DB, Shift>> {
    area.fill(&WHITE).map_err(ce)?;
    if title.is_empty() {
        return Ok(area.clone());
    }
    let s = Sizes::of(style);
    let (w, _) = area.dim_in_pixel();
    let band = (s.title * 1.8).round() as u32;
    let title = fit(title, f64::from(w) - 2.0 * s.pad, s.title);
    text_at(
        area,
        &title,
        (w as i32 / 2, (f64::from(band) * 0.55) as i32),
        &bold(s.title),
        HPos::Center,
        VPos::Center,
    )?;
    let (_, rest) = area.split_vertically(band);
    Ok(rest)
}

/// Draws a centred message (e.g. "no data") in `area`.
pub(crate) fn message<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    style: &ChartStyle,
    msg: &str,
) -> Result<()> {
    let s = Sizes::of(style);
    let (w, h) = area.dim_in_pixel();
    let lines = wrap(msg, f64::from(w) - 2.0 * s.pad, s.axis);
    let line_h = s.axis * 1.4;
    let top = f64::from(h) / 2.0 - line_h * (lines.len() as f64 - 1.0) / 2.0;
    for (i, line) in lines.iter().enumerate() {
        let y = (top + line_h * i as f64) as i32;
        text_at(
            area,
            line,
            (w as i32 / 2, y),
            &font(s.axis).color(&MUTED),
            HPos::Center,
            VPos::Center,
        )?;
    }
    Ok(())
}

/// A chart's caption: adds `text` (when not empty) to `notes` and, unless the style
/// draws notes outside the chart, draws it in at most `max_lines` wrapped lines at the
/// bottom of `area`. Returns the area left above the caption.
pub(crate) fn caption<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    style: &ChartStyle,
    text: &str,
    max_lines: usize,
    notes: &mut Notes,
) -> Result<DrawingArea<DB, Shift>> {
    if !text.is_empty() {
        notes.push(text.to_string());
    }
    if style.notes_outside {
        return Ok(area.clone());
    }
    caption_lines(area, style, text, max_lines)
}

/// Draws at most `max_lines` wrapped lines of `text` at the bottom of `area` (the
/// last cut with `…` when more were needed) and returns the area above them.
fn caption_lines<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    style: &ChartStyle,
    text: &str,
    max_lines: usize,
) -> Result<DrawingArea<DB, Shift>> {
    let s = Sizes::of(style);
    let (w, h) = area.dim_in_pixel();
    let width = f64::from(w) - 2.0 * s.pad;
    let mut lines = wrap(text, width, s.note);
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            // Room for the ellipsis: drop the last word if needed.
            let mut cut = last.clone();
            while text_width(&cut, s.note) + text_width(" …", s.note) > width {
                match cut.rfind(' ') {
                    Some(i) => cut.truncate(i),
                    None => break,
                }
            }
            *last = format!("{cut} …");
        }
    }
    if lines.is_empty() {
        return Ok(area.clone());
    }
    let cap_h = lines.len() as f64 * s.note * 1.4 + s.pad * 0.5;
    let (main, cap) = area.split_vertically((f64::from(h) - cap_h).max(0.0));
    for (k, line) in lines.iter().enumerate() {
        let y = (s.note * 0.7 + k as f64 * s.note * 1.4) as i32;
        text_at(
            &cap,
            line,
            ((w / 2) as i32, y),
            &font(s.note).color(&MUTED),
            HPos::Center,
            VPos::Center,
        )?;
    }
    Ok(main)
}
