//! Pieces shared by the charts: fonts and sizes, text fitting, ticks, axes, clipping,
//! legends and markers. Everything here works in device pixels already multiplied by
//! the [`ChartStyle`] scale, and never panics on odd numbers.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::ChartStyle;
use crate::{Error, Result};

/// The font family every chart uses (browser: the page's sans-serif; native: the font
/// registered with `register_font_file`).
pub(crate) const FONT: &str = "sans-serif";

/// Text colour for labels and titles.
pub(crate) const INK: RGBColor = RGBColor(33, 33, 33);
/// Grey for secondary text (notes, captions).
pub(crate) const MUTED: RGBColor = RGBColor(85, 85, 85);
/// Grid lines.
pub(crate) const GRID: RGBColor = RGBColor(225, 225, 225);

/// Maps any plotters error into [`Error::Chart`].
pub(crate) fn ce<E: std::fmt::Display>(e: E) -> Error {
    Error::Chart(e.to_string())
}

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

/// Clears the area, draws the title and returns the area below it.
pub(crate) fn titled<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    style: &ChartStyle,
    title: &str,
) -> Result<DrawingArea<DB, Shift>> {
    area.fill(&WHITE).map_err(ce)?;
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

/// The finite values' range, widened when all are equal; `None` when there is none.
pub(crate) fn finite_range(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for v in values {
        if v.is_finite() {
            lo = lo.min(v);
            hi = hi.max(v);
        }
    }
    if lo > hi {
        return None;
    }
    Some(widen(lo, hi))
}

/// `(lo, hi)` made a usable, non-empty, finite range.
pub(crate) fn widen(lo: f64, hi: f64) -> (f64, f64) {
    let (lo, hi) = if lo <= hi { (lo, hi) } else { (hi, lo) };
    let lo = lo.clamp(-1e300, 1e300);
    let hi = hi.clamp(-1e300, 1e300);
    if hi - lo > 1e-12 * lo.abs().max(hi.abs()).max(1e-300) {
        return (lo, hi);
    }
    let d = (lo.abs() * 0.05).max(0.05);
    (lo - d, hi + d)
}

/// `(lo, hi)` with `frac` of its span added at each end.
pub(crate) fn pad(lo: f64, hi: f64, frac: f64) -> (f64, f64) {
    let d = (hi - lo) * frac;
    widen(lo - d, hi + d)
}

/// "Nice" tick positions (steps of 1, 2 or 5 × 10ⁿ) inside `lo..=hi`, at most about
/// `max_n` of them.
pub(crate) fn nice_ticks(lo: f64, hi: f64, max_n: usize) -> Vec<f64> {
    let max_n = max_n.max(2);
    let span = hi - lo;
    if !(span.is_finite() && span > 0.0) {
        return vec![lo];
    }
    let raw = span / max_n as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * mag)
        .find(|s| span / s <= max_n as f64)
        .unwrap_or(10.0 * mag);
    let first = (lo / step).ceil();
    let mut ticks = Vec::new();
    let mut k = first;
    while k * step <= hi + step * 1e-9 && ticks.len() <= 2 * max_n + 2 {
        let v = k * step;
        ticks.push(if v.abs() < step * 1e-9 { 0.0 } else { v });
        k += 1.0;
    }
    ticks
}

/// Tick positions in log10 space (decades, or 1-2-5 within a decade when the range is
/// short) inside `lo..=hi`, at most about `max_n`.
pub(crate) fn log_ticks(lo: f64, hi: f64, max_n: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite() && hi > lo) {
        return vec![lo];
    }
    let (first, last) = (lo.ceil() as i64, hi.floor() as i64);
    let decades = (first..=last).count();
    let max_n = max_n.max(2);
    if decades >= 4 {
        let step = decades.div_ceil(max_n).max(1) as i64;
        return (first..=last)
            .filter(|e| e.rem_euclid(step) == 0)
            .map(|e| e as f64)
            .collect();
    }
    for mantissas in [
        &[1.0f64, 2.0, 5.0][..],
        &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0],
    ] {
        let mut ticks = Vec::new();
        for e in (lo.floor() as i64)..=(hi.ceil() as i64) {
            for m in mantissas {
                let t = e as f64 + m.log10();
                if t >= lo - 1e-9 && t <= hi + 1e-9 {
                    ticks.push(t);
                }
            }
        }
        if ticks.len() > max_n && decades >= 2 {
            return (first..=last).map(|e| e as f64).collect();
        }
        if ticks.len() >= 2 && ticks.len() <= max_n.max(3) {
            return ticks;
        }
    }
    // Less than a decade: round numbers of the linear scale (2800, 3000, 3200), not
    // round exponents (whose labels would read 2818.3829).
    nice_ticks(10f64.powf(lo), 10f64.powf(hi), max_n)
        .into_iter()
        .filter(|&v| v > 0.0)
        .map(f64::log10)
        .collect()
}

/// A number for a tick label, with as many decimals as `step` needs.
pub(crate) fn fmt_step(v: f64, step: f64) -> String {
    if !v.is_finite() {
        return fmt_num(v);
    }
    let a = v.abs();
    if a != 0.0 && !(1e-4..1e6).contains(&a) {
        return format!("{v:.1e}");
    }
    // Enough decimals to write the step itself: 2.5 needs one (ticks −5, −2.5, 0,
    // 2.5, 5, not −5, −2, 0, 2, 5).
    let decimals = if step > 0.0 && step.is_finite() {
        (0..=6)
            .find(|&d| {
                let scaled = step * 10f64.powi(d);
                (scaled - scaled.round()).abs() <= 1e-6 * scaled.max(1.0)
            })
            .unwrap_or(6) as usize
    } else {
        3
    };
    let s = format!("{v:.decimals$}");
    if s.starts_with('-') && s.trim_start_matches(['-', '0', '.']).is_empty() {
        s[1..].to_string()
    } else {
        s
    }
}

/// A number in a short, readable form (`0.001`, `100`, `2.5e-7`, `1.2e9`).
pub(crate) fn fmt_num(v: f64) -> String {
    if v.is_nan() {
        return "NaN".into();
    }
    if v.is_infinite() {
        return if v > 0.0 {
            "∞".into()
        } else {
            "−∞".into()
        };
    }
    let a = v.abs();
    if a == 0.0 {
        return "0".into();
    }
    if !(1e-4..1e6).contains(&a) {
        let s = format!("{v:.1e}");
        return s.replace(".0e", "e");
    }
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

/// A tick label for the log10-space position `t`.
pub(crate) fn fmt_log(t: f64) -> String {
    fmt_num(10f64.powf(t))
}

/// One axis of a line chart: range, tick positions and how to print them.
pub(crate) struct Axis {
    pub lo: f64,
    pub hi: f64,
    pub ticks: Vec<f64>,
    pub title: String,
    pub log: bool,
}

impl Axis {
    /// A linear axis over `lo..hi` with nice ticks.
    pub(crate) fn linear(lo: f64, hi: f64, max_ticks: usize, title: &str) -> Self {
        let (lo, hi) = widen(lo, hi);
        Self {
            lo,
            hi,
            ticks: nice_ticks(lo, hi, max_ticks),
            title: title.into(),
            log: false,
        }
    }

    /// An axis in log10 space over `lo..hi` (already log10 values).
    pub(crate) fn log10(lo: f64, hi: f64, max_ticks: usize, title: &str) -> Self {
        let (lo, hi) = widen(lo, hi);
        Self {
            lo,
            hi,
            ticks: log_ticks(lo, hi, max_ticks),
            title: title.into(),
            log: true,
        }
    }

    fn step(&self) -> f64 {
        self.ticks
            .windows(2)
            .map(|w| (w[1] - w[0]).abs())
            .fold(f64::INFINITY, f64::min)
    }

    pub(crate) fn label(&self, v: f64) -> String {
        if self.log {
            fmt_log(v)
        } else {
            fmt_step(v, self.step())
        }
    }

    fn longest_label(&self) -> usize {
        self.ticks
            .iter()
            .map(|&t| self.label(t).chars().count())
            .max()
            .unwrap_or(1)
    }
}

/// The plot rectangle of a drawn chart, for drawing data in pixel space.
pub(crate) struct Frame<DB: DrawingBackend> {
    /// The plotting area, in pixels relative to its top-left corner.
    pub area: DrawingArea<DB, Shift>,
    pub x: (f64, f64),
    pub y: (f64, f64),
    pub w: f64,
    pub h: f64,
}

impl<DB: DrawingBackend> Frame<DB> {
    /// Data → pixel (relative to the plot area), saturating far-away points.
    pub(crate) fn map(&self, p: (f64, f64)) -> (i32, i32) {
        let fx = (p.0 - self.x.0) / (self.x.1 - self.x.0);
        let fy = (p.1 - self.y.0) / (self.y.1 - self.y.0);
        let px = (fx * self.w).clamp(-1e6, 1e6);
        let py = (self.h - fy * self.h).clamp(-1e6, 1e6);
        (px.round() as i32, py.round() as i32)
    }

    /// Whether the data point is inside the plot box (inclusive).
    pub(crate) fn contains(&self, p: (f64, f64)) -> bool {
        p.0 >= self.x.0 && p.0 <= self.x.1 && p.1 >= self.y.0 && p.1 <= self.y.1
    }

    /// Splits a polyline at non-finite points and clips it to the plot box.
    pub(crate) fn clip(&self, pts: &[(f64, f64)]) -> Vec<Vec<(f64, f64)>> {
        let bx = (self.x.0, self.x.1, self.y.0, self.y.1);
        let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
        let mut cur: Vec<(f64, f64)> = Vec::new();
        let finite = |p: &(f64, f64)| p.0.is_finite() && p.1.is_finite();
        for w in pts.windows(2) {
            let (a, b) = (w[0], w[1]);
            if !(finite(&a) && finite(&b)) {
                if !cur.is_empty() {
                    runs.push(std::mem::take(&mut cur));
                }
                continue;
            }
            match clip_segment(a, b, bx) {
                Some((p, q)) => {
                    if cur
                        .last()
                        .is_none_or(|l| (l.0 - p.0).abs() + (l.1 - p.1).abs() > 0.0)
                    {
                        if !cur.is_empty() {
                            runs.push(std::mem::take(&mut cur));
                        }
                        cur.push(p);
                    }
                    cur.push(q);
                }
                None => {
                    if !cur.is_empty() {
                        runs.push(std::mem::take(&mut cur));
                    }
                }
            }
        }
        if !cur.is_empty() {
            runs.push(cur);
        }
        if pts.len() == 1 && finite(&pts[0]) && self.contains(pts[0]) {
            runs.push(vec![pts[0]]);
        }
        runs
    }

    /// Draws a clipped polyline, solid or dashed.
    pub(crate) fn polyline(
        &self,
        pts: &[(f64, f64)],
        color: RGBColor,
        width: u32,
        dash: Option<(f64, f64)>,
    ) -> Result<()> {
        for run in self.clip(pts) {
            let px: Vec<(i32, i32)> = run.iter().map(|&p| self.map(p)).collect();
            if px.len() < 2 {
                continue;
            }
            let st = color.stroke_width(width);
            match dash {
                None => self.area.draw(&PathElement::new(px, st)).map_err(ce)?,
                Some((on, off)) => {
                    for seg in dashes(&px, on, off) {
                        self.area.draw(&PathElement::new(seg, st)).map_err(ce)?;
                    }
                }
            }
        }
        Ok(())
    }
}

/// Cuts a pixel polyline into dashes `on` pixels long with `off`-pixel gaps.
pub(crate) fn dashes(px: &[(i32, i32)], on: f64, off: f64) -> Vec<Vec<(i32, i32)>> {
    let (on, off) = (on.max(1.0), off.max(1.0));
    let mut out = Vec::new();
    let mut cur: Vec<(i32, i32)> = Vec::new();
    let mut drawing = true;
    let mut left = on;
    for w in px.windows(2) {
        let (a, b) = (
            (f64::from(w[0].0), f64::from(w[0].1)),
            (f64::from(w[1].0), f64::from(w[1].1)),
        );
        let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
        let mut t = 0.0;
        if drawing && cur.is_empty() {
            cur.push(w[0]);
        }
        while len - t > left {
            t += left;
            let p = (
                (a.0 + (b.0 - a.0) * t / len).round() as i32,
                (a.1 + (b.1 - a.1) * t / len).round() as i32,
            );
            if drawing {
                cur.push(p);
                out.push(std::mem::take(&mut cur));
                left = off;
            } else {
                cur.push(p);
                left = on;
            }
            drawing = !drawing;
            if out.len() > 100_000 {
                return out;
            }
        }
        left -= len - t;
        if drawing {
            cur.push(w[1]);
        } else {
            cur.clear();
        }
    }
    if drawing && cur.len() >= 2 {
        out.push(cur);
    }
    out
}

/// Liang–Barsky clipping of segment `a`–`b` to the box `(x0, x1, y0, y1)`.
pub(crate) fn clip_segment(
    a: (f64, f64),
    b: (f64, f64),
    bx: (f64, f64, f64, f64),
) -> Option<((f64, f64), (f64, f64))> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let mut t0 = 0.0f64;
    let mut t1 = 1.0f64;
    for (p, q) in [
        (-dx, a.0 - bx.0),
        (dx, bx.1 - a.0),
        (-dy, a.1 - bx.2),
        (dy, bx.3 - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
        }
    }
    if t0.is_nan() || t1.is_nan() || t0 > t1 {
        return None;
    }
    Some((
        (a.0 + t0 * dx, a.1 + t0 * dy),
        (a.0 + t1 * dx, a.1 + t1 * dy),
    ))
}

/// Draws axes, ticks, tick labels, grid and axis titles in `area` and returns the
/// plot frame for drawing data. Drawn by hand (not plotters' mesh) so that tick
/// positions and labels are exactly the ones chosen here.
pub(crate) fn axes<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    style: &ChartStyle,
    x: &Axis,
    y: &Axis,
) -> Result<Frame<DB>> {
    axes_with_top(area, style, x, y, None)
}

/// A secondary axis along the top edge: ticks at positions of the bottom axis
/// (in its units) with their own labels, and a title (`λ = 1/C`).
pub(crate) struct TopAxis {
    pub ticks: Vec<(f64, String)>,
    pub title: String,
}

/// As [`axes`], with an optional secondary axis along the top.
pub(crate) fn axes_with_top<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    style: &ChartStyle,
    x: &Axis,
    y: &Axis,
    top_axis: Option<&TopAxis>,
) -> Result<Frame<DB>> {
    let s = Sizes::of(style);
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (f64::from(w), f64::from(h));
    let tick_len = style.pxf(5.0);
    let bottom = tick_len + s.tick * 1.5 + s.axis * 1.6 + style.pxf(4.0);
    let top = if top_axis.is_some() { bottom } else { s.pad };
    // The y title runs up the left edge; one too long for the plot's height wraps
    // onto a second line (then is cut) rather than losing its end.
    let y_lines = y_title_lines(&y.title, (h - top - bottom).max(1.0), s.axis);
    let extra_line = if y_lines.len() > 1 { s.axis * 1.2 } else { 0.0 };
    let left = s.pad * 0.5
        + s.axis * 1.5
        + extra_line
        + text_width(&"0".repeat(y.longest_label()), s.tick)
        + tick_len
        + style.pxf(4.0);
    let right = s.pad * 2.0;
    let pw = (w - left - right).max(1.0);
    let ph = (h - top - bottom).max(1.0);
    let plot = area.margin(
        top.round() as i32,
        bottom.round() as i32,
        left.round() as i32,
        right.round() as i32,
    );
    let (pw_i, ph_i) = plot.dim_in_pixel();
    let frame = Frame {
        area: plot,
        x: (x.lo, x.hi),
        y: (y.lo, y.hi),
        w: f64::from(pw_i).max(1.0).min(pw.max(1.0)),
        h: f64::from(ph_i).max(1.0).min(ph.max(1.0)),
    };
    let (l, t) = (left.round() as i32, top.round() as i32);
    let (fw, fh) = (frame.w as i32, frame.h as i32);
    let grid = GRID.stroke_width(style.upx(1.0));
    let ink = INK.stroke_width(style.upx(1.5));
    let label = font(s.tick);
    for &v in x.ticks.iter().filter(|v| **v >= x.lo && **v <= x.hi) {
        let (px, _) = frame.map((v, y.lo));
        frame
            .area
            .draw(&PathElement::new(vec![(px, 0), (px, fh)], grid))
            .map_err(ce)?;
        let ax = l + px;
        area.draw(&PathElement::new(
            vec![(ax, t + fh), (ax, t + fh + tick_len as i32)],
            ink,
        ))
        .map_err(ce)?;
        text_at(
            area,
            &x.label(v),
            (
                ax,
                t + fh + (tick_len + style.pxf(3.0) + s.tick * 0.6) as i32,
            ),
            &label,
            HPos::Center,
            VPos::Center,
        )?;
    }
    for &v in y.ticks.iter().filter(|v| **v >= y.lo && **v <= y.hi) {
        let (_, py) = frame.map((x.lo, v));
        frame
            .area
            .draw(&PathElement::new(vec![(0, py), (fw, py)], grid))
            .map_err(ce)?;
        let ay = t + py;
        area.draw(&PathElement::new(
            vec![(l - tick_len as i32, ay), (l, ay)],
            ink,
        ))
        .map_err(ce)?;
        text_at(
            area,
            &y.label(v),
            (l - (tick_len + style.pxf(3.0)) as i32, ay),
            &label,
            HPos::Right,
            VPos::Center,
        )?;
    }
    area.draw(&PathElement::new(
        vec![(l, t), (l, t + fh), (l + fw, t + fh)],
        ink,
    ))
    .map_err(ce)?;
    if let Some(top_axis) = top_axis {
        area.draw(&PathElement::new(vec![(l, t), (l + fw, t)], ink))
            .map_err(ce)?;
        for (v, text) in top_axis
            .ticks
            .iter()
            .filter(|(v, _)| *v >= x.lo && *v <= x.hi)
        {
            let (px, _) = frame.map((*v, y.lo));
            let ax = l + px;
            area.draw(&PathElement::new(
                vec![(ax, t), (ax, t - tick_len as i32)],
                ink,
            ))
            .map_err(ce)?;
            text_at(
                area,
                text,
                (ax, t - (tick_len + style.pxf(3.0) + s.tick * 0.6) as i32),
                &label,
                HPos::Center,
                VPos::Center,
            )?;
        }
        let title = fit(&top_axis.title, f64::from(fw), s.axis);
        text_at(
            area,
            &title,
            (l + fw / 2, (s.axis * 0.8 + style.pxf(2.0)) as i32),
            &font(s.axis),
            HPos::Center,
            VPos::Center,
        )?;
    }
    let axis = font(s.axis);
    let xt = fit(&x.title, f64::from(fw), s.axis);
    text_at(
        area,
        &xt,
        (l + fw / 2, (h - s.axis * 0.8 - style.pxf(2.0)) as i32),
        &axis,
        HPos::Center,
        VPos::Center,
    )?;
    let rotated = axis.transform(FontTransform::Rotate270);
    for (i, line) in y_title_lines(&y.title, f64::from(fh), s.axis)
        .iter()
        .enumerate()
    {
        text_at(
            area,
            line,
            (
                (s.pad * 0.5 + s.axis * 0.75 + s.axis * 1.2 * i as f64) as i32,
                t + fh / 2,
            ),
            &rotated,
            HPos::Center,
            VPos::Center,
        )?;
    }
    Ok(frame)
}

/// A y-axis title as it fits along a plot `height` pixels tall at font size `px`:
/// one line, or two (the second cut with `…` if still too long).
fn y_title_lines(title: &str, height: f64, px: f64) -> Vec<String> {
    if text_width(title, px) <= height {
        return vec![title.to_string()];
    }
    let mut lines = wrap(title, height, px);
    if lines.len() > 2 {
        let rest = lines.split_off(1).join(" ");
        lines.push(fit(&rest, height, px));
    }
    lines
}

/// Point marker shapes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Marker {
    Dot,
    Ring,
    Square,
    Cross,
    Star,
    /// A hollow diamond.
    Diamond,
    None,
}

/// Draws a marker centred at pixel `c` with radius `r`.
pub(crate) fn marker<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    c: (i32, i32),
    m: Marker,
    color: RGBColor,
    r: f64,
    line: u32,
) -> Result<()> {
    let ri = r.round().max(1.0) as i32;
    match m {
        Marker::None => Ok(()),
        Marker::Dot => area.draw(&Circle::new(c, ri, color.filled())).map_err(ce),
        Marker::Ring => {
            area.draw(&Circle::new(c, ri, WHITE.filled())).map_err(ce)?;
            area.draw(&Circle::new(c, ri, color.stroke_width(line)))
                .map_err(ce)
        }
        Marker::Square => {
            area.draw(&Rectangle::new(
                [(c.0 - ri, c.1 - ri), (c.0 + ri, c.1 + ri)],
                color.filled(),
            ))
            .map_err(ce)?;
            area.draw(&Rectangle::new(
                [(c.0 - ri, c.1 - ri), (c.0 + ri, c.1 + ri)],
                WHITE.stroke_width(1),
            ))
            .map_err(ce)
        }
        Marker::Cross => {
            let st = color.stroke_width(line);
            area.draw(&PathElement::new(
                vec![(c.0 - ri, c.1 - ri), (c.0 + ri, c.1 + ri)],
                st,
            ))
            .map_err(ce)?;
            area.draw(&PathElement::new(
                vec![(c.0 - ri, c.1 + ri), (c.0 + ri, c.1 - ri)],
                st,
            ))
            .map_err(ce)
        }
        Marker::Diamond => {
            let r = (r * 1.4).round() as i32;
            let pts = vec![
                (c.0, c.1 - r),
                (c.0 + r, c.1),
                (c.0, c.1 + r),
                (c.0 - r, c.1),
            ];
            area.draw(&Polygon::new(pts.clone(), WHITE.filled()))
                .map_err(ce)?;
            let mut closed = pts;
            closed.push((c.0, c.1 - r));
            area.draw(&PathElement::new(closed, color.stroke_width(line)))
                .map_err(ce)
        }
        Marker::Star => {
            let pts: Vec<(i32, i32)> = (0..10)
                .map(|k| {
                    let ang = std::f64::consts::PI * (k as f64) / 5.0 - std::f64::consts::FRAC_PI_2;
                    let rad = if k % 2 == 0 { r * 1.5 } else { r * 0.62 };
                    (
                        c.0 + (rad * ang.cos()).round() as i32,
                        c.1 + (rad * ang.sin()).round() as i32,
                    )
                })
                .collect();
            area.draw(&Polygon::new(pts.clone(), color.filled()))
                .map_err(ce)?;
            let mut closed = pts;
            if let Some(&f) = closed.first() {
                closed.push(f);
            }
            area.draw(&PathElement::new(closed, BLACK.stroke_width(1)))
                .map_err(ce)
        }
    }
}

/// What a legend entry's key looks like.
#[derive(Debug, Clone)]
pub(crate) enum Key {
    /// A line sample, solid or dashed, with a marker in the middle.
    Line { dashed: bool, marker: Marker },
    /// A marker alone.
    Marker(Marker),
    /// An arrow.
    Arrow,
    /// Plain text (a note under the entries).
    Note,
}

/// One legend entry.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub label: String,
    pub color: RGBColor,
    pub key: Key,
}

impl Entry {
    pub(crate) fn new(label: impl Into<String>, color: RGBColor, key: Key) -> Self {
        Self {
            label: label.into(),
            color,
            key,
        }
    }
}

/// Splits `area` into (plot, legend): the legend goes at the right when it fits in
/// about a third of the width, else below. Returns `None` for the legend when there
/// are no entries.
#[allow(clippy::type_complexity)]
pub(crate) fn split_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    style: &ChartStyle,
    entries: &[Entry],
) -> (DrawingArea<DB, Shift>, Option<Legend<DB>>) {
    if entries.is_empty() {
        return (area.clone(), None);
    }
    let s = Sizes::of(style);
    let (w, _) = area.dim_in_pixel();
    let key_w = style.pxf(44.0);
    let widest = entries
        .iter()
        .map(|e| {
            if matches!(e.key, Key::Note) {
                0.0
            } else {
                text_width(&e.label, s.legend) + key_w
            }
        })
        .fold(0.0, f64::max);
    let right_w = (widest + 2.0 * s.pad)
        .min(f64::from(w) * 0.36)
        .max(style.pxf(150.0));
    split_legend_at(area, style, entries, right_w, style.pxf(560.0))
}

/// Where a legend is drawn: its area, in how many columns its keyed entries run,
/// and, when the notes did not fit beside the plot, a strip under the chart for them
/// (full width, so no sentence is cut).
pub(crate) struct Legend<DB: DrawingBackend> {
    area: DrawingArea<DB, Shift>,
    columns: usize,
    notes: Option<DrawingArea<DB, Shift>>,
}

/// As [`split_legend`], with the legend at the right (`right_w` wide) whenever the
/// area is at least `min_w` wide, else below (its keyed entries in two columns
/// when they fit). A right-hand legend too tall for the area keeps its keyed
/// entries at the right and moves its notes to a strip under the chart.
pub(crate) fn split_legend_at<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    style: &ChartStyle,
    entries: &[Entry],
    right_w: f64,
    min_w: f64,
) -> (DrawingArea<DB, Shift>, Option<Legend<DB>>) {
    if entries.is_empty() {
        return (area.clone(), None);
    }
    let s = Sizes::of(style);
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (f64::from(w), f64::from(h));
    if w >= min_w {
        if legend_layout(entries, right_w, 1, style).1 <= h {
            let (plot, legend) = area.split_horizontally(w - right_w);
            let legend = Legend {
                area: legend,
                columns: 1,
                notes: None,
            };
            return (plot, Some(legend));
        }
        let notes: Vec<Entry> = entries
            .iter()
            .filter(|e| matches!(e.key, Key::Note))
            .cloned()
            .collect();
        let notes_h = legend_layout(&notes, w, 1, style).1.min(h * 0.4);
        let (upper, strip) = area.split_vertically(h - notes_h);
        let (plot, legend) = upper.split_horizontally(w - right_w);
        let legend = Legend {
            area: legend,
            columns: 1,
            notes: Some(strip),
        };
        return (plot, Some(legend));
    }
    let key_w = style.pxf(44.0);
    let widest = entries
        .iter()
        .filter(|e| !matches!(e.key, Key::Note))
        .map(|e| text_width(&e.label, s.legend) + key_w)
        .fold(0.0, f64::max);
    let columns = if widest * 2.0 + s.pad <= w - 2.0 * s.pad {
        2
    } else {
        1
    };
    let leg_h = legend_layout(entries, w, columns, style).1.min(h * 0.5);
    let (plot, legend) = area.split_vertically(h - leg_h);
    (
        plot,
        Some(Legend {
            area: legend,
            columns,
            notes: None,
        }),
    )
}

/// One placed legend line: where it starts, and its key (none for a note's line).
type Placed = ((f64, f64), Option<Entry>, String);

/// Lays `entries` out in an area `width` pixels wide: keyed entries in `columns`
/// columns, notes wrapped across the full width. Returns the lines with their
/// positions (left end, vertical centre) and the height they take.
fn legend_layout(
    entries: &[Entry],
    width: f64,
    columns: usize,
    style: &ChartStyle,
) -> (Vec<Placed>, f64) {
    let s = Sizes::of(style);
    let key_w = style.pxf(44.0);
    let columns = columns.max(1);
    let inner = width - 2.0 * s.pad;
    let col_w = inner / columns as f64;
    let line_h = s.legend * 1.55;
    let mut out = Vec::new();
    let mut y = s.pad + s.legend * 0.75;
    let mut col = 0;
    let mut last_was_entry = true;
    for e in entries {
        if matches!(e.key, Key::Note) {
            if col > 0 {
                y += line_h;
                col = 0;
            }
            if last_was_entry {
                y += s.note * 0.5;
            }
            for line in wrap(&e.label, inner, s.note) {
                out.push(((s.pad, y), None, line));
                y += s.note * 1.35;
            }
            last_was_entry = false;
        } else {
            if !last_was_entry {
                y += s.note * 0.3;
            }
            let x = s.pad + col as f64 * col_w;
            out.push((
                (x, y),
                Some(e.clone()),
                fit(&e.label, col_w - key_w, s.legend),
            ));
            col += 1;
            if col == columns {
                col = 0;
                y += line_h;
            }
            last_was_entry = true;
        }
    }
    if col > 0 {
        y += line_h;
    }
    (out, y - s.legend * 0.75 + s.pad * 0.5)
}

/// Draws the legend entries top-down in the legend's area (its notes in their own
/// strip, when [`split_legend_at`] gave them one).
pub(crate) fn draw_legend<DB: DrawingBackend>(
    legend: &Legend<DB>,
    style: &ChartStyle,
    entries: &[Entry],
) -> Result<()> {
    match &legend.notes {
        None => draw_entries(&legend.area, style, entries, legend.columns),
        Some(strip) => {
            let (keyed, notes): (Vec<Entry>, Vec<Entry>) = entries
                .iter()
                .cloned()
                .partition(|e| !matches!(e.key, Key::Note));
            draw_entries(&legend.area, style, &keyed, legend.columns)?;
            draw_entries(strip, style, &notes, 1)
        }
    }
}

/// Draws `entries` top-down in `area`, keyed ones in `columns` columns; lines that
/// would start below the area are left out.
fn draw_entries<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    style: &ChartStyle,
    entries: &[Entry],
    columns: usize,
) -> Result<()> {
    let s = Sizes::of(style);
    let (w, h) = area.dim_in_pixel();
    let key_w = style.pxf(44.0);
    for ((x0, y), entry, text) in legend_layout(entries, f64::from(w), columns, style).0 {
        if y > f64::from(h) {
            break;
        }
        match entry {
            None => {
                text_at(
                    area,
                    &text,
                    (x0 as i32, y as i32),
                    &font(s.note).color(&MUTED),
                    HPos::Left,
                    VPos::Center,
                )?;
            }
            Some(e) => {
                let cy = y as i32;
                let (kx0, kx1) = (x0 as i32, (x0 + key_w * 0.8) as i32);
                let kc = ((kx0 + kx1) / 2, cy);
                let lw = style.upx(2.5);
                match e.key {
                    Key::Line { dashed, marker: m } => {
                        let pts = vec![(kx0, cy), (kx1, cy)];
                        if dashed {
                            for seg in dashes(&pts, style.pxf(6.0), style.pxf(4.0)) {
                                area.draw(&PathElement::new(seg, e.color.stroke_width(lw)))
                                    .map_err(ce)?;
                            }
                        } else {
                            area.draw(&PathElement::new(pts, e.color.stroke_width(lw)))
                                .map_err(ce)?;
                        }
                        marker(area, kc, m, e.color, style.pxf(4.0), style.upx(2.0))?;
                    }
                    Key::Marker(m) => marker(area, kc, m, e.color, style.pxf(5.5), style.upx(2.0))?,
                    Key::Arrow => arrow(area, (kx0, cy), (kx1, cy), e.color, style)?,
                    Key::Note => {}
                }
                text_at(
                    area,
                    &text,
                    ((x0 + key_w) as i32, cy),
                    &font(s.legend),
                    HPos::Left,
                    VPos::Center,
                )?;
            }
        }
    }
    Ok(())
}

/// Draws an arrow from pixel `a` to pixel `b` (head at `b`).
pub(crate) fn arrow<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    a: (i32, i32),
    b: (i32, i32),
    color: RGBColor,
    style: &ChartStyle,
) -> Result<()> {
    area.draw(&PathElement::new(
        vec![a, b],
        color.stroke_width(style.upx(2.5)),
    ))
    .map_err(ce)?;
    let (dx, dy) = (f64::from(b.0 - a.0), f64::from(b.1 - a.1));
    let len = (dx * dx + dy * dy).sqrt();
    let (ux, uy) = if len > 0.0 {
        (dx / len, dy / len)
    } else {
        (1.0, 0.0)
    };
    let hl = style.pxf(11.0);
    let hw = style.pxf(6.0);
    let base = (f64::from(b.0) - ux * hl, f64::from(b.1) - uy * hl);
    let p1 = (
        (base.0 - uy * hw).round() as i32,
        (base.1 + ux * hw).round() as i32,
    );
    let p2 = (
        (base.0 + uy * hw).round() as i32,
        (base.1 - ux * hw).round() as i32,
    );
    area.draw(&Polygon::new(vec![b, p1, p2], color.filled()))
        .map_err(ce)
}

/// Deserialisers that read `null` as `NaN`, so data with failed fits survives JSON
/// (`serde_json` writes `NaN` and ±∞ as `null`; `serde-wasm-bindgen` keeps `NaN`).
pub(crate) mod nan_null {
    use serde::{Deserialize, Deserializer};

    fn nan(v: Option<f64>) -> f64 {
        v.unwrap_or(f64::NAN)
    }

    /// `null` → `NaN`.
    pub(crate) fn one<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        Ok(nan(Option::<f64>::deserialize(d)?))
    }

    /// `[lo, null]` → `(lo, NaN)`.
    pub(crate) fn pair<'de, D: Deserializer<'de>>(d: D) -> Result<(f64, f64), D::Error> {
        let (a, b) = <(Option<f64>, Option<f64>)>::deserialize(d)?;
        Ok((nan(a), nan(b)))
    }

    /// `[1.0, null]` → `[1.0, NaN]`.
    pub(crate) fn vec<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<f64>, D::Error> {
        Ok(Vec::<Option<f64>>::deserialize(d)?
            .into_iter()
            .map(nan)
            .collect())
    }

    /// Rows of [`vec`].
    pub(crate) fn grid<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Vec<f64>>, D::Error> {
        Ok(Vec::<Vec<Option<f64>>>::deserialize(d)?
            .into_iter()
            .map(|row| row.into_iter().map(nan).collect())
            .collect())
    }

    /// `[[x, y], [null, y]]` → points with `NaN` for `null`.
    pub(crate) fn points<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(f64, f64)>, D::Error> {
        Ok(Vec::<(Option<f64>, Option<f64>)>::deserialize(d)?
            .into_iter()
            .map(|(x, y)| (nan(x), nan(y)))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_ticks_within_a_decade_are_round_numbers() {
        // A loss between 2 800 and 3 400 (diabetes' squared errors).
        let ticks = log_ticks(2800f64.log10(), 3400f64.log10(), 5);
        let labels: Vec<String> = ticks.iter().map(|&t| fmt_log(t)).collect();
        assert!(labels.len() >= 2, "{labels:?}");
        for l in &labels {
            let v: f64 = l.parse().unwrap_or(f64::NAN);
            assert!(v % 100.0 == 0.0, "{l} is not a round tick ({labels:?})");
        }
        // Several decades: the decades themselves.
        assert_eq!(log_ticks(-2.0, 3.0, 8), [-2.0, -1.0, 0.0, 1.0, 2.0, 3.0]);
    }
}
