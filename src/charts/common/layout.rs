//! The layout of a chart: font sizes for a style, the title band, the note for an
//! area too small to draw in, and a centred message.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::text::{bold, fit, font, text_at, wrap};
use super::{MUTED, ce};
use crate::Result;
use crate::charts::ChartStyle;

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
