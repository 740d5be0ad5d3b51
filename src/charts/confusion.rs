//! Confusion matrix: rows are the true classes, columns the predicted ones.
//!
//! Each cell shows its count and its share of the row (the true class); the shading is
//! that share, so a perfect classifier has a dark diagonal whatever the class sizes.
//! Class names are user text and are shortened with "…" when they do not fit.

use crate::collect::CollectVec;
use plotters::coord::Shift;
use plotters::prelude::*;
use serde::{Deserialize, Serialize};

use super::matrix::{self, Cell, ColorBar, Spec};
use super::palette::{blues, contrast_text};
use super::{ChartStyle, Notes};
use crate::Result;

/// Counts of (true class, predicted class) pairs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConfusionData {
    /// Chart title.
    pub title: String,
    /// Class names, in the order of the matrix's rows and columns.
    pub class_names: Vec<String>,
    /// `matrix[true][predicted]` counts; short rows are padded with zeros.
    pub matrix: Vec<Vec<usize>>,
}

/// Draws the confusion matrix on `area` (which it clears first).
///
/// Returns the chart's notes (it has none: the same signature as the other charts).
pub fn draw_confusion<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &ConfusionData,
    style: &ChartStyle,
) -> Result<Notes> {
    draw_matrix(area, data, style)?;
    Ok(Notes::new())
}

/// [`draw_confusion`]'s drawing.
fn draw_matrix<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &ConfusionData,
    style: &ChartStyle,
) -> Result<()> {
    if super::common::too_small(area, style)? {
        return Ok(());
    }
    let n = data
        .class_names
        .len()
        .max(data.matrix.len())
        .max(data.matrix.iter().map(Vec::len).max().unwrap_or(0));
    let names: Vec<String> = (0..n)
        .map(|i| {
            data.class_names
                .get(i)
                .cloned()
                .unwrap_or_else(|| format!("class {i}"))
        })
        .collect_vec();
    let count = |r: usize, c: usize| {
        data.matrix
            .get(r)
            .and_then(|row| row.get(c))
            .copied()
            .unwrap_or(0)
    };
    let row_sum = |r: usize| (0..n).map(|c| count(r, c) as f64).sum::<f64>();
    let spec = Spec {
        title: &data.title,
        x_label: "predicted",
        y_label: "true",
        x_ticks: names.clone(),
        y_ticks: names,
        n_rows: n,
        n_cols: n,
        colorbar: Some(ColorBar {
            lo: 0.0,
            hi: 1.0,
            label: "share of the true class".into(),
            cmap: blues,
            percent: true,
            ticks: None,
        }),
        keys: Vec::new(),
        min_text_px: matrix::CELL_TEXT_MIN_PX_NO_TOOLTIP,
    };
    matrix::draw(area, &spec, style, &|r, c| {
        let k = count(r, c);
        let total = row_sum(r);
        let share = if total > 0.0 { k as f64 / total } else { 0.0 };
        let fill = blues(share);
        let pct = if total > 0.0 {
            format!("{:.0}%", share * 100.0)
        } else {
            "–".into()
        };
        Cell {
            fill,
            text: vec![k.to_string(), pct],
            text_color: contrast_text(fill),
            rest_scale: 0.9,
            hatched: false,
            best: false,
            selected: false,
        }
    })
}
