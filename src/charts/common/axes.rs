//! Axes and the plot frame: tick labels, grid, axis titles (and a secondary top
//! axis), data-to-pixel mapping, clipping and dashed lines.

use crate::collect::CollectVec;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::layout::Sizes;
use super::text::{fit, font, text_at, text_width, wrap};
use super::ticks::{fmt_log, fmt_step, log_ticks, nice_ticks, widen};
use super::{GRID, INK, ce};
use crate::Result;
use crate::charts::ChartStyle;

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
            // Decades reaching a million (or a ten-thousandth) all as powers of ten:
            // "1e6" above "1e5", not above "100000".
            let decades = self.ticks.iter().all(|t| t.fract() == 0.0);
            let far = self.ticks.iter().any(|t| !(-4.0..6.0).contains(t));
            if decades && far && v.fract() == 0.0 {
                power_of_ten(v as i32)
            } else {
                fmt_log(v)
            }
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

/// `10ⁿ` as `1en`, the way Python writes it (`1e6`, `1e-3`): legible at a tick's
/// size, where superscript digits are not.
fn power_of_ten(n: i32) -> String {
    format!("1e{n}")
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
            let px: Vec<(i32, i32)> = run.iter().map(|&p| self.map(p)).collect_vec();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decades_reaching_a_million_are_all_written_as_powers_of_ten() {
        let axis = Axis::log10(2.9, 6.2, 6, "MSE");
        assert_eq!(axis.ticks, [3.0, 4.0, 5.0, 6.0]);
        let labels: Vec<String> = axis.ticks.iter().map(|&t| axis.label(t)).collect();
        assert_eq!(labels, ["1e3", "1e4", "1e5", "1e6"]);
        let small = Axis::log10(-6.1, -2.9, 6, "loss");
        assert_eq!(small.label(-5.0), "1e-5");
        // Within 0.0001 … 100 000 the numbers stay as they are.
        let near = Axis::log10(-2.1, 3.1, 6, "C");
        let labels: Vec<String> = near.ticks.iter().map(|&t| near.label(t)).collect();
        assert_eq!(labels, ["0.01", "0.1", "1", "10", "100", "1000"]);
    }
}
