//! Loss curves: the training objective against iteration for several optimisers.
//!
//! The objective axis is logarithmic. Values that cannot be shown on it (≤ 0) or that
//! would squash the other curves (a divergent run's 1e30) are clamped to the plot's
//! edge, and a note under the legend says so. A series that diverged — says so in
//! `diverged_at`, or reaches `NaN`/∞ — ends in a × marked "diverged"; one that
//! oscillated without progress ends in a "~ oscillating" mark and says so in the
//! legend.

use crate::collect::CollectVec;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use serde::{Deserialize, Serialize};

use super::common::{
    Axis, Entry, INK, Key, Marker, Sizes, axes, bold, draw_legend, finite_range, fmt_num,
    keep_notes, log_floor_to_tick, marker, message, pad, split_legend, text_at, titled, too_small,
};
use super::palette::series_color;
use super::{ChartStyle, Notes};
use crate::Result;

/// One optimiser's objective history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LossSeries {
    /// Legend label, e.g. `"adam (lr=0.1)"`.
    pub label: String,
    /// Iteration numbers.
    #[serde(deserialize_with = "super::common::nan_null::vec")]
    pub iterations: Vec<f64>,
    /// Objective value at each iteration (`NaN`/∞ once a run has blown up).
    #[serde(deserialize_with = "super::common::nan_null::vec")]
    pub objective: Vec<f64>,
    /// The iteration at which the run was declared divergent, if it was.
    pub diverged_at: Option<f64>,
    /// Whether the run oscillated without progress (a learning rate too large that
    /// did not blow up): the legend says "(oscillating)" after its label and its
    /// last point carries a "~". Defaults to `false`.
    #[serde(default)]
    pub oscillating: bool,
    /// The data loss on held-out rows at each of `iterations` (drawn dashed in the
    /// same colour): where it turns up while the training loss still falls, stopping
    /// early would have been better. Empty (the default) when there are no held-out
    /// rows.
    #[serde(default, deserialize_with = "super::common::nan_null::vec")]
    pub held_out: Vec<f64>,
}

/// Loss curves of several runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LossData {
    /// Chart title.
    pub title: String,
    /// Title of the objective axis, e.g. `"objective (log loss + penalty)"`.
    pub y_label: String,
    /// Whether the iteration axis is logarithmic (iterations ≤ 0 are then left out).
    /// Defaults to `false`.
    #[serde(default)]
    pub log_x: bool,
    /// The runs, one colour each.
    pub series: Vec<LossSeries>,
    /// An iteration to mark with a vertical line (the playback position), the
    /// series drawn whole so the axes stay put. `None` (the default) marks none.
    #[serde(default)]
    pub marker: Option<f64>,
}

/// Largest span of the objective axis, in decades.
const MAX_DECADES: f64 = 12.0;
/// How far above the highest starting value the axis may reach, in decades.
const HEADROOM_DECADES: f64 = 3.0;

/// Draws the loss curves on `area` (which it clears first).
///
/// Returns the chart's notes, drawn in it or not as [`ChartStyle::notes_outside`] says.
pub fn draw_loss<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &LossData,
    style: &ChartStyle,
) -> Result<Notes> {
    super::with_notes(|notes| draw_loss_into(area, data, style, notes))
}

/// [`draw_loss`], adding its notes to `notes`.
pub(crate) fn draw_loss_into<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &LossData,
    style: &ChartStyle,
    notes: &mut Notes,
) -> Result<()> {
    if too_small(area, style)? {
        return Ok(());
    }
    let body = titled(area, style, &data.title)?;

    // Iterations in plot space; objective values as given.
    let tx = |it: f64| {
        if data.log_x {
            if it > 0.0 { it.log10() } else { f64::NAN }
        } else {
            it
        }
    };
    // Each series' (iteration, value) points in plot order, for the objective (solid)
    // and the held-out loss (dashed, where given).
    let points = |values: &dyn Fn(&LossSeries) -> &[f64]| -> Vec<Vec<(f64, f64)>> {
        data.series
            .iter()
            .map(|s| {
                let mut v: Vec<(f64, f64)> = s
                    .iterations
                    .iter()
                    .zip(values(s))
                    .map(|(&it, &o)| (tx(it), o))
                    .filter(|p| p.0.is_finite())
                    .collect_vec();
                crate::sort::sort_by(&mut v, &|a, b| a.0.total_cmp(&b.0));
                v
            })
            .collect_vec()
    };
    let runs = points(&|s| &s.objective);
    let held_runs = points(&|s| &s.held_out);
    let positive = || {
        runs.iter()
            .chain(&held_runs)
            .flatten()
            .map(|p| p.1)
            .filter(|o| o.is_finite() && *o > 0.0)
    };
    let (Some(xr), Some((min_pos, max_pos))) = (
        finite_range(runs.iter().flatten().map(|p| p.0)),
        positive().fold(None, |acc: Option<(f64, f64)>, o| {
            Some(acc.map_or((o, o), |(a, b)| (a.min(o), b.max(o))))
        }),
    ) else {
        return message(&body, style, "no objective values to show yet");
    };
    // Top: the highest value, but at most HEADROOM_DECADES above the highest start.
    let start_max = runs
        .iter()
        .filter_map(|r| r.iter().map(|p| p.1).find(|o| o.is_finite() && *o > 0.0))
        .fold(f64::NEG_INFINITY, f64::max);
    let top = max_pos
        .log10()
        .min((start_max.log10() + HEADROOM_DECADES).ceil());
    let bottom = min_pos.log10().max(top - MAX_DECADES);
    let (y_lo, y_hi) = pad(bottom, top, 0.04);

    let mut clamped_hi = 0usize;
    let mut clamped_lo = 0usize;
    let mut to_plot = |r: &Vec<(f64, f64)>| -> Vec<(f64, f64)> {
        r.iter()
            .map(|&(x, o)| {
                if o.is_nan() {
                    (x, f64::NAN)
                } else if o > 0.0 && o.log10() > top {
                    clamped_hi += 1;
                    (x, y_hi)
                } else if o <= 0.0 || o.log10() < bottom {
                    clamped_lo += 1;
                    (x, y_lo)
                } else {
                    (x, o.log10())
                }
            })
            .collect_vec()
    };
    let series: Vec<Vec<(f64, f64)>> = runs.iter().map(&mut to_plot).collect_vec();
    let held_series: Vec<Vec<(f64, f64)>> = held_runs.iter().map(&mut to_plot).collect_vec();

    let mut entries: Vec<Entry> = data
        .series
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let m = if s.iterations.len() <= 30 {
                Marker::Dot
            } else {
                Marker::None
            };
            let mut label = if s.label.is_empty() {
                format!("run {}", i + 1)
            } else {
                s.label.clone()
            };
            if s.oscillating {
                label.push_str(" ~ oscillating");
            }
            Entry::new(
                label,
                series_color(i),
                Key::Line {
                    dashed: false,
                    marker: m,
                },
            )
        })
        .collect_vec();
    let diverged: Vec<Option<f64>> = data
        .series
        .iter()
        .zip(&runs)
        .map(|(s, r)| {
            s.diverged_at
                .map(tx)
                .filter(|x| x.is_finite())
                .or_else(|| r.iter().find(|p| !p.1.is_finite()).map(|p| p.0))
        })
        .collect_vec();
    if diverged.iter().any(Option::is_some) {
        entries.push(Entry::new("diverged", INK, Key::Marker(Marker::Cross)));
    }
    if held_series.iter().any(|h| !h.is_empty()) {
        entries.push(Entry::new(
            "held-out loss",
            INK,
            Key::Line {
                dashed: true,
                marker: Marker::None,
            },
        ));
        entries.push(Entry::new(
            "Dashed: the loss (without the penalty) on the held-out test rows at the same \
             iterations. Where it turns up while the solid line still falls, the model has \
             started to overfit: stopping there would have been better.",
            INK,
            Key::Note,
        ));
    }
    if clamped_hi > 0 {
        entries.push(Entry::new(
            format!(
                "{clamped_hi} values above {} shown at the top edge.",
                fmt_num(10f64.powf(top))
            ),
            INK,
            Key::Note,
        ));
    }
    if clamped_lo > 0 {
        entries.push(Entry::new(
            format!(
                "{clamped_lo} values ≤ 0 or below {} shown at the bottom edge.",
                fmt_num(10f64.powf(bottom))
            ),
            INK,
            Key::Note,
        ));
    }
    keep_notes(&mut entries, style, notes);
    let (plot, legend) = split_legend(&body, style, &entries);
    if let Some(l) = &legend {
        draw_legend(l, style, &entries)?;
    }

    let s = Sizes::of(style);
    let (pw, ph) = plot.dim_in_pixel();
    let max_x = ((f64::from(pw) / (s.tick * 5.0)).floor() as usize).clamp(2, 10);
    let max_y = ((f64::from(ph) / (s.tick * 2.5)).floor() as usize).clamp(2, 10);
    let x_axis = if data.log_x {
        Axis::log10(xr.0 - 0.05, xr.1 + 0.05, max_x, "iteration (log scale)")
    } else {
        let (lo, hi) = pad(xr.0, xr.1, 0.02);
        Axis::linear(lo, hi, max_x, "iteration")
    };
    let y_title = format!("{} (log scale)", data.y_label);
    // Points below the axis were drawn at its foot, which must then stay where it is.
    let y_lo = if clamped_lo == 0 {
        log_floor_to_tick(y_lo, y_hi, max_y)
    } else {
        y_lo
    };
    let y_axis = Axis::log10(y_lo, y_hi, max_y, &y_title);
    let frame = axes(&plot, style, &x_axis, &y_axis)?;

    if let Some(at) = data.marker.map(tx).filter(|x| x.is_finite()) {
        frame.polyline(
            &[(at, y_lo), (at, y_hi)],
            RGBColor(90, 90, 90),
            style.upx(1.5),
            Some((style.pxf(4.0), style.pxf(4.0))),
        )?;
    }
    for (i, pts) in held_series.iter().enumerate() {
        let c = series_color(i);
        frame.polyline(
            pts,
            c,
            style.upx(2.0),
            Some((style.pxf(7.0), style.pxf(4.0))),
        )?;
    }
    for (i, pts) in series.iter().enumerate() {
        let c = series_color(i);
        frame.polyline(pts, c, style.upx(2.5), None)?;
        if data.series[i].iterations.len() <= 30 {
            for &p in pts.iter().filter(|p| p.1.is_finite()) {
                marker(&frame.area, frame.map(p), Marker::Dot, c, style.pxf(3.5), 1)?;
            }
        }
    }
    // Oscillation marks: a "~" at the last point.
    for (i, pts) in series.iter().enumerate() {
        if !data.series[i].oscillating {
            continue;
        }
        let Some(&last) = pts.iter().rev().find(|p| p.1.is_finite()) else {
            continue;
        };
        let c = series_color(i);
        let (px, py) = frame.map(last);
        let right = f64::from(px) > frame.w * 0.7;
        let (tx, h) = if right {
            (px - style.px(6.0), HPos::Right)
        } else {
            (px + style.px(6.0), HPos::Left)
        };
        // On a white halo, above every curve's highest point under the label's span
        // (its box hid a spike of the curve it names). Half an em a character: the
        // bold label's width in the common faces, not the 0.6 em reserved for layout.
        let text = "~ oscillating";
        let tw = (text.chars().count() as f64 * s.legend * 0.5) as i32;
        let th = (s.legend * 1.2) as i32;
        let x0 = if matches!(h, HPos::Right) {
            tx - tw
        } else {
            tx
        };
        let top = series
            .iter()
            .flatten()
            .filter(|p| p.1.is_finite())
            .map(|p| frame.map(*p))
            .filter(|&(x, _)| x >= x0 - 4 && x <= x0 + tw + 4)
            .map(|(_, y)| y)
            .chain([py])
            .min()
            .unwrap_or(py);
        let ty = (top - style.px(6.0)).max((s.legend * 1.4) as i32);
        frame
            .area
            .draw(&Rectangle::new(
                [(x0 - 2, ty - th - 1), (x0 + tw + 2, ty + 1)],
                WHITE.mix(0.85).filled(),
            ))
            .map_err(super::common::ce)?;
        text_at(
            &frame.area,
            text,
            (tx, ty),
            &bold(s.legend).color(&c),
            h,
            VPos::Bottom,
        )?;
    }
    // Divergence marks on top of all lines.
    for (i, (pts, at)) in series.iter().zip(&diverged).enumerate() {
        let Some(at) = *at else { continue };
        let c = series_color(i);
        let y = pts
            .iter()
            .rev()
            .find(|p| p.0 <= at && p.1.is_finite())
            .map_or(y_hi, |p| p.1);
        let at = at.clamp(x_axis.lo, x_axis.hi);
        let (px, py) = frame.map((at, y));
        marker(
            &frame.area,
            (px, py),
            Marker::Cross,
            c,
            style.pxf(7.0),
            style.upx(3.0),
        )?;
        let right = f64::from(px) > frame.w * 0.7;
        let below = f64::from(py) < s.legend * 2.0;
        let dx = style.px(10.0);
        let (tx, h) = if right {
            (px - dx, HPos::Right)
        } else {
            (px + dx, HPos::Left)
        };
        let (ty, v) = if below {
            (py + style.px(8.0), VPos::Top)
        } else {
            (py - style.px(8.0), VPos::Bottom)
        };
        text_at(
            &frame.area,
            "diverged",
            (tx, ty),
            &bold(s.legend).color(&c),
            h,
            v,
        )?;
    }
    Ok(())
}
