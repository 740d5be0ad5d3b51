//! Why cross-validate: for each hold-out split (one column per seed), the winning
//! candidate's mean CV score (filled dot) and its score on the held-out rows (ring),
//! joined by a line, with both means as dashed lines. Dots above their rings are
//! the optimism of picking the best of many CV scores.

use crate::collect::CollectVec;
use plotters::coord::Shift;
use plotters::prelude::*;
use serde::{Deserialize, Serialize};

use super::common::{
    Axis, Entry, Key, Marker, Sizes, axes, draw_legend, finite_range, keep_notes, marker, message,
    pad, split_legend, titled, too_small,
};
use super::palette::series_color;
use super::{ChartStyle, Notes};
use crate::Result;

/// The chart's data (see [`crate::select::Optimism`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OptimismData {
    /// Chart title.
    pub title: String,
    /// The scorer, for the axis title.
    pub scorer: String,
    /// Best candidate's mean CV score per split.
    #[serde(deserialize_with = "super::common::nan_null::vec")]
    pub best_cv: Vec<f64>,
    /// Its held-out score per split.
    #[serde(deserialize_with = "super::common::nan_null::vec")]
    pub test: Vec<f64>,
}

impl From<&crate::select::Optimism> for OptimismData {
    fn from(o: &crate::select::Optimism) -> Self {
        OptimismData {
            title: format!(
                "Best CV {} vs held-out score, {} splits",
                o.scorer,
                o.seeds.len()
            ),
            scorer: o.scorer.clone(),
            best_cv: o.best_cv.clone(),
            test: o.test.clone(),
        }
    }
}

fn mean(v: &[f64]) -> f64 {
    let f: Vec<f64> = v.iter().copied().filter(|x| x.is_finite()).collect_vec();
    if f.is_empty() {
        f64::NAN
    } else {
        f.iter().sum::<f64>() / f.len() as f64
    }
}

/// Draws the chart on `area` (which it clears first).
///
/// Returns the chart's notes, drawn in it or not as [`ChartStyle::notes_outside`] says.
pub fn draw_optimism<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &OptimismData,
    style: &ChartStyle,
) -> Result<Notes> {
    super::with_notes(|notes| draw_optimism_into(area, data, style, notes))
}

/// [`draw_optimism`], adding its notes to `notes`.
pub(crate) fn draw_optimism_into<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &OptimismData,
    style: &ChartStyle,
    notes: &mut Notes,
) -> Result<()> {
    if too_small(area, style)? {
        return Ok(());
    }
    let body = titled(area, style, &data.title)?;
    let n = data.best_cv.len().min(data.test.len());
    let Some(yr) = finite_range(data.best_cv[..n].iter().chain(&data.test[..n]).copied()) else {
        return message(&body, style, "no splits to show yet");
    };
    let (cv_mean, test_mean) = (mean(&data.best_cv[..n]), mean(&data.test[..n]));
    let (cv_c, test_c) = (series_color(0), series_color(1));
    let gap = cv_mean - test_mean;
    let mut entries = vec![
        Entry::new(
            "winner's CV score",
            cv_c,
            Key::Line {
                dashed: true,
                marker: Marker::Dot,
            },
        ),
        Entry::new(
            "its held-out score",
            test_c,
            Key::Line {
                dashed: true,
                marker: Marker::Ring,
            },
        ),
        Entry::new(
            format!(
                "Dashed lines: means. The winner's CV score is on average {}{:.3} {} its held-out score: it was picked for being high.",
                if gap >= 0.0 { "+" } else { "" },
                gap,
                if gap >= 0.0 { "above" } else { "below" }
            ),
            RGBColor(0, 0, 0),
            Key::Note,
        ),
    ];
    keep_notes(&mut entries, style, notes);
    let (plot, legend) = split_legend(&body, style, &entries);
    if let Some(l) = &legend {
        draw_legend(l, style, &entries)?;
    }
    let s = Sizes::of(style);
    let (_, ph) = plot.dim_in_pixel();
    let max_y = ((f64::from(ph) / (s.tick * 3.0)).floor() as usize).clamp(2, 10);
    let (y_lo, y_hi) = pad(yr.0, yr.1, 0.08);
    let x_axis = Axis::linear(-0.5, n as f64 - 0.5, 10.min(n.max(2)), "split seed");
    let y_axis = Axis::linear(y_lo, y_hi, max_y, &data.scorer);
    let frame = axes(&plot, style, &x_axis, &y_axis)?;
    let x_ends = [(-0.5, 0.0), (n as f64 - 0.5, 0.0)];
    for (m, c) in [(cv_mean, cv_c), (test_mean, test_c)] {
        if m.is_finite() {
            let line = [(x_ends[0].0, m), (x_ends[1].0, m)];
            frame.polyline(
                &line,
                c,
                style.upx(2.0),
                Some((style.pxf(8.0), style.pxf(5.0))),
            )?;
        }
    }
    for i in 0..n {
        let (a, b) = (data.best_cv[i], data.test[i]);
        let x = i as f64;
        if a.is_finite() && b.is_finite() {
            frame.polyline(
                &[(x, a), (x, b)],
                RGBColor(150, 150, 150),
                style.upx(1.5),
                None,
            )?;
        }
        if a.is_finite() {
            // On a white rim, so a dot on its mean's dashed line stands out from it.
            let at = frame.map((x, a));
            marker(&frame.area, at, Marker::Dot, WHITE, style.pxf(6.5), 1)?;
            marker(
                &frame.area,
                at,
                Marker::Dot,
                cv_c,
                style.pxf(5.0),
                style.upx(2.0),
            )?;
        }
        if b.is_finite() {
            marker(
                &frame.area,
                frame.map((x, b)),
                Marker::Ring,
                test_c,
                style.pxf(4.5),
                style.upx(2.0),
            )?;
        }
    }
    Ok(())
}
