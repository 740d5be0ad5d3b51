//! Regularisation path: each coefficient of a linear model against the strength of
//! regularisation (`C` or `alpha`) on a logarithmic axis.
//!
//! One line per coefficient, colours cycling through the Okabe–Ito palette without its
//! black (solid, then dashed for the second round of colours, then dotted), as black is
//! the zero line's, in the order of the coefficients' largest size: the six that grow
//! largest get the six solid colours. The legend lists the coefficients that grow largest anywhere on the
//! path, at most ten, and says how many more there are. A black line marks zero, drawn over the coefficient lines,
//! so a coefficient that is *exactly* zero (an `l1` penalty removing a feature)
//! disappears into it and reappears where it becomes non-zero. A dashed vertical line
//! marks the value the search selected.

use crate::collect::CollectVec;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use serde::{Deserialize, Serialize};

use super::common::{
    Axis, Entry, INK, Key, Marker, Sizes, axes, caption, ce, dashes, draw_legend, finite_range,
    fmt_num, font, keep_notes, message, pad, split_legend, text_at, text_width, titled, too_small,
};
use super::palette::SERIES;
use super::{ChartStyle, Notes};
use crate::Result;

/// How many coefficients the legend names.
const LEGEND_MAX: usize = 10;

/// One coefficient along the path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoefSeries {
    /// The feature (or expanded column, `"x0^2"`) the coefficient weighs.
    pub name: String,
    /// The coefficient at each of [`RegPathData::values`].
    #[serde(deserialize_with = "super::common::nan_null::vec")]
    pub coef: Vec<f64>,
}

/// A regularisation path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RegPathData {
    /// Chart title.
    pub title: String,
    /// Drawn under the plot: how to read it.
    #[serde(default)]
    pub caption: String,
    /// The parameter on the horizontal axis: `"C"` or `"alpha"`.
    pub param_name: String,
    /// Whether a larger value of the parameter regularises *less* (`C`) rather than
    /// more (`alpha`); said in the axis title.
    pub larger_is_weaker: bool,
    /// Vertical axis title, e.g. `"coefficient (standardised)"`.
    pub y_label: String,
    /// Parameter values, increasing (values ≤ 0 cannot be drawn on the log axis).
    #[serde(deserialize_with = "super::common::nan_null::vec")]
    pub values: Vec<f64>,
    /// One series per coefficient.
    pub series: Vec<CoefSeries>,
    /// The value the search selected (vertical marker).
    pub selected: Option<f64>,
}

/// The palette's colours other than its black (its last), which would read as the
/// zero line.
const COLOURS: usize = SERIES.len() - 1;
const _: () = assert!(matches!(SERIES[COLOURS], RGBColor(0, 0, 0)));

/// Line style of the series `rank`-th in size: its colour and dash pattern (on, off) in
/// CSS pixels.
fn look(rank: usize) -> (RGBColor, Option<(f64, f64)>) {
    let dash = match rank / COLOURS {
        0 => None,
        1 => Some((8.0, 5.0)),
        _ => Some((2.5, 3.5)),
    };
    (SERIES[rank % COLOURS], dash)
}

/// Draws the regularisation path on `area` (which it clears first).
///
/// Returns the chart's notes, drawn in it or not as [`ChartStyle::notes_outside`] says.
pub fn draw_regpath<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &RegPathData,
    style: &ChartStyle,
) -> Result<Notes> {
    super::with_notes(|notes| draw_regpath_into(area, data, style, notes))
}

/// [`draw_regpath`], adding its notes to `notes`.
pub(crate) fn draw_regpath_into<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &RegPathData,
    style: &ChartStyle,
    notes: &mut Notes,
) -> Result<()> {
    if too_small(area, style)? {
        return Ok(());
    }
    let s = Sizes::of(style);
    let body = titled(area, style, &data.title)?;
    let main = caption(&body, style, &data.caption, 5, notes)?;
    let logs: Vec<f64> = data
        .values
        .iter()
        .map(|&v| if v > 0.0 { v.log10() } else { f64::NAN })
        .collect_vec();
    let xr = finite_range(logs.iter().copied());
    let yr = finite_range(
        data.series
            .iter()
            .flat_map(|s| {
                s.coef
                    .iter()
                    .zip(&logs)
                    .filter(|(_, x)| x.is_finite())
                    .map(|(c, _)| *c)
            })
            .chain(std::iter::once(0.0)),
    );
    let (Some(xr), Some(yr)) = (xr, yr) else {
        return message(&main, style, "no coefficients to show");
    };

    // The legend names the coefficients that grow largest.
    let peak = |s: &CoefSeries| {
        s.coef
            .iter()
            .filter(|c| c.is_finite())
            .fold(0.0f64, |m, c| m.max(c.abs()))
    };
    let mut order: Vec<usize> = (0..data.series.len()).collect_vec();
    crate::sort::sort_by(&mut order, &|&a, &b| {
        peak(&data.series[b]).total_cmp(&peak(&data.series[a]))
    });
    let mut entries: Vec<Entry> = order
        .iter()
        .take(LEGEND_MAX)
        .enumerate()
        .map(|(rank, &i)| {
            let (c, dash) = look(rank);
            Entry::new(
                data.series[i].name.clone(),
                c,
                Key::Line {
                    dashed: dash.is_some(),
                    marker: Marker::None,
                },
            )
        })
        .collect_vec();
    if data.series.len() > LEGEND_MAX {
        entries.push(Entry::new(
            format!(
                "+{} more (smaller) coefficients",
                data.series.len() - LEGEND_MAX
            ),
            INK,
            Key::Note,
        ));
    }
    entries.push(Entry::new(
        "On the black zero line: coefficients that are exactly 0.",
        INK,
        Key::Note,
    ));
    keep_notes(&mut entries, style, notes);
    let (plot, legend) = split_legend(&main, style, &entries);
    if let Some(l) = &legend {
        draw_legend(l, style, &entries)?;
    }

    let (pw, ph) = plot.dim_in_pixel();
    let max_x = ((f64::from(pw) / (s.tick * 5.0)).floor() as usize).clamp(2, 10);
    let max_y = ((f64::from(ph) / (s.tick * 3.0)).floor() as usize).clamp(2, 10);
    // The penalty's direction matters more than "log scale" (the ticks show it): on a
    // narrow chart the title drops that first, not the arrow.
    let (arrow_left, arrow_right) = if data.larger_is_weaker {
        ("← ", "")
    } else {
        ("", " →")
    };
    let x_title = [
        format!(
            "{} (log scale; {arrow_left}stronger penalty{arrow_right})",
            data.param_name
        ),
        format!(
            "{} ({arrow_left}stronger penalty{arrow_right})",
            data.param_name
        ),
    ]
    .into_iter()
    .find(|t| text_width(t, s.axis) <= 0.8 * f64::from(pw))
    .unwrap_or_else(|| format!("{} ({arrow_left}stronger{arrow_right})", data.param_name));
    let (y_lo, y_hi) = pad(yr.0, yr.1, 0.05);
    let frame = axes(
        &plot,
        style,
        &Axis::log10(xr.0 - 0.05, xr.1 + 0.05, max_x, &x_title),
        &Axis::linear(y_lo, y_hi, max_y, &data.y_label),
    )?;

    // Smaller coefficients first, so the large ones named in the legend stay on top.
    for (rank, &i) in order.iter().enumerate().rev() {
        let (c, dash) = look(rank);
        let pts: Vec<(f64, f64)> = logs
            .iter()
            .copied()
            .zip(data.series[i].coef.iter().copied())
            .collect_vec();
        let dash = dash.map(|(on, off)| (style.pxf(on), style.pxf(off)));
        frame.polyline(&pts, c, style.upx(2.5), dash)?;
    }
    frame.polyline(
        &[(frame.x.0, 0.0), (frame.x.1, 0.0)],
        INK,
        style.upx(1.5),
        None,
    )?;
    if let Some(sel) = data.selected.filter(|v| *v > 0.0 && v.is_finite()) {
        let x = sel.log10();
        if x >= frame.x.0 && x <= frame.x.1 {
            let (px, _) = frame.map((x, frame.y.0));
            let line = vec![(px, 0), (px, frame.h as i32)];
            for seg in dashes(&line, style.pxf(6.0), style.pxf(4.0)) {
                frame
                    .area
                    .draw(&PathElement::new(seg, INK.stroke_width(style.upx(1.5))))
                    .map_err(ce)?;
            }
            let label = format!("selected {} = {}", data.param_name, fmt_num(sel));
            let tw = super::common::text_width(&label, s.note) as i32;
            let th = (s.note * 1.3) as i32;
            let pad = style.px(4.0);
            // Beside the line, at the plot's top or its foot, right or left of it: the
            // spot inside the plot whose box covers the fewest points of the lines
            // (top right first when they tie), as the box's white hides what it covers.
            let ink = line_samples(&frame, &logs, data, style.pxf(3.0));
            let spots = [
                (HPos::Left, VPos::Top),
                (HPos::Right, VPos::Top),
                (HPos::Left, VPos::Bottom),
                (HPos::Right, VPos::Bottom),
            ];
            let boxed = |(h, v): (HPos, VPos)| {
                let x0 = match h {
                    HPos::Right => px - pad - tw,
                    _ => px + pad,
                };
                let y0 = match v {
                    VPos::Bottom => frame.h as i32 - pad - th,
                    _ => pad,
                };
                (x0, y0)
            };
            let inside = |(x0, _): (i32, i32)| x0 >= 0 && f64::from(x0 + tw) <= frame.w;
            let covered = |(x0, y0): (i32, i32)| {
                ink.iter()
                    .filter(|&&(x, y)| {
                        x >= f64::from(x0 - 2)
                            && x <= f64::from(x0 + tw + 2)
                            && y >= f64::from(y0 - 1)
                            && y <= f64::from(y0 + th)
                    })
                    .count()
            };
            let mut best: Option<(HPos, (i32, i32), usize)> = None;
            for spot in spots {
                let at = boxed(spot);
                if !inside(at) {
                    continue;
                }
                let n = covered(at);
                if best.is_none_or(|b| n < b.2) {
                    best = Some((spot.0, at, n));
                }
            }
            // Too narrow a plot for either side: the half with more room, at the top.
            let right_half = f64::from(px) > frame.w * 0.6;
            let (h, (x0, ty), _) = best.unwrap_or_else(|| {
                let h = if right_half { HPos::Right } else { HPos::Left };
                (h, boxed((h, VPos::Top)), 0)
            });
            let tx = match h {
                HPos::Right => x0 + tw,
                _ => x0,
            };
            frame
                .area
                .draw(&Rectangle::new(
                    [(x0 - 2, ty - 1), (x0 + tw + 2, ty + th)],
                    WHITE.mix(0.85).filled(),
                ))
                .map_err(ce)?;
            text_at(&frame.area, &label, (tx, ty), &font(s.note), h, VPos::Top)?;
        }
    }
    Ok(())
}

/// Points along every coefficient's line, about `step` pixels apart, in the plot's
/// pixels: what a label's box would hide.
fn line_samples<DB: DrawingBackend>(
    frame: &super::common::Frame<DB>,
    logs: &[f64],
    data: &RegPathData,
    step: f64,
) -> Vec<(f64, f64)> {
    let step = step.max(1.0);
    let mut out = Vec::new();
    for series in &data.series {
        let pts = logs
            .iter()
            .zip(&series.coef)
            .filter(|(x, y)| x.is_finite() && y.is_finite())
            .map(|(&x, &y)| {
                let (px, py) = frame.map((x, y));
                (f64::from(px), f64::from(py))
            })
            .collect_vec();
        for w in pts.windows(2) {
            let ((x0, y0), (x1, y1)) = (w[0], w[1]);
            let n = ((x1 - x0).hypot(y1 - y0) / step).ceil().max(1.0) as usize;
            for k in 0..=n {
                let t = k as f64 / n as f64;
                out.push((x0 + t * (x1 - x0), y0 + t * (y1 - y0)));
            }
        }
    }
    out
}
