//! Heatmap of the mean cross-validated score over two grid parameters.
//!
//! Cells are coloured with viridis over the finite scores (colour bar at the right),
//! or from the chance level to 1 with [`HeatmapData::colour_from_chance`]; each shows
//! its score to three decimals in black or white for contrast, with the fold spread
//! ("± 0.031") in smaller type under it when [`HeatmapData::stds`] is given; failed fits
//! (`NaN`) are hatched grey and say "failed", the best cell has a thick black-and-white
//! outline and the selected cell a dashed one. Row 0 is drawn at the **top**, column 0
//! at the left. [`cell_at`] maps a click back to a cell.
//!
//! ```no_run
//! use tunelab::charts::{HeatmapData, ChartStyle, cell_at};
//! let data = HeatmapData {
//!     title: "Mean CV accuracy".into(),
//!     x_label: "C".into(),
//!     y_label: "penalty".into(),
//!     x_ticks: vec!["0.1".into(), "1".into()],
//!     y_ticks: vec!["l1".into(), "l2".into()],
//!     values: vec![vec![0.9, 0.95], vec![0.91, f64::NAN]],
//!     best: Some((0, 1)),
//!     selected: None,
//!     also_selected: vec![],
//!     value_label: "mean CV accuracy".into(),
//!     log_error: false,
//!     stds: vec![vec![0.03, 0.02], vec![0.04, f64::NAN]],
//!     chance: Some(0.5),
//!     colour_from_chance: true,
//!     tooltips: vec![],
//!     candidates: vec![],
//! };
//! // A click at device pixel (300, 200) on a 640×480 canvas:
//! let hit = cell_at(&data, &ChartStyle::default(), (640, 480), 300.0, 200.0);
//! ```

use crate::collect::CollectVec;
use plotters::coord::Shift;
use plotters::prelude::*;
use serde::{Deserialize, Serialize};

use super::common::finite_range;
use super::matrix::{self, Cell, ColorBar, KeyKind, Spec};
use super::palette::{contrast_text, viridis};
use super::{ChartStyle, Notes};
use crate::Result;

/// A grid of scores over two parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeatmapData {
    /// Chart title.
    pub title: String,
    /// Title of the horizontal axis (the parameter varying along a row), e.g. `"C"`.
    pub x_label: String,
    /// Title of the vertical axis, e.g. `"penalty"`.
    pub y_label: String,
    /// One label per column, left to right.
    pub x_ticks: Vec<String>,
    /// One label per row, top to bottom.
    pub y_ticks: Vec<String>,
    /// Scores as `values[row][col]`; `NaN` (`null` in JSON) marks a failed fit. Missing entries of a
    /// short row are shown as "n/a".
    #[serde(deserialize_with = "super::common::nan_null::grid")]
    pub values: Vec<Vec<f64>>,
    /// The best cell as `(row, col)`, outlined thickly.
    pub best: Option<(usize, usize)>,
    /// The cell the user selected as `(row, col)`, outlined with dashes.
    pub selected: Option<(usize, usize)>,
    /// Further selected cells (shift- or ctrl-click), outlined with dashes too.
    #[serde(default)]
    pub also_selected: Vec<(usize, usize)>,
    /// What the colours mean, e.g. `"mean CV accuracy"` (the colour bar's title).
    pub value_label: String,
    /// The values are negated errors (`neg_mean_squared_error`, …) spanning decades:
    /// colour by the error on a log scale, the smallest error brightest, so a model
    /// that blows up to 1e5 does not wash out the differences between 0.2 and 0.5.
    #[serde(default)]
    pub log_error: bool,
    /// Standard deviation of each cell's score over the CV folds, as `stds[row][col]`
    /// (scikit-learn's `std_test_<scorer>`): shown as "± 0.031" in smaller text under
    /// the mean. Empty (the default) shows means only.
    #[serde(default, deserialize_with = "super::common::nan_null::grid")]
    pub stds: Vec<Vec<f64>>,
    /// The score of a model that ignores the features (chance level): the majority
    /// class's share for accuracy, 1/K for balanced accuracy, 0 for r2. `None`
    /// (the default) when the scorer has none.
    #[serde(default)]
    pub chance: Option<f64>,
    /// Colour from the chance level (darkest; scores below it too) to 1.0
    /// (brightest) instead of from the lowest to the highest score, so that 0.48
    /// and 0.62 near a chance of 0.5 both look close to chance rather than purple
    /// and yellow. Needs `chance`; ignored with `log_error`. Defaults to `false`.
    #[serde(default)]
    pub colour_from_chance: bool,
    /// Hover text of each cell, as `tooltips[row][col]`, e.g. "C=0.1, penalty=l1:
    /// mean 0.953 ± 0.031, train 0.962, folds 0.93 0.97 …". Not drawn; for the page.
    /// Defaults to empty; empty too for heatmaps of more than
    /// [`TOOLTIP_CELLS`](crate::view::TOOLTIP_CELLS) cells, whose texts are asked for
    /// one cell at a time ([`ResultsView::tooltip`](crate::view::ResultsView::tooltip)).
    #[serde(default)]
    pub tooltips: Vec<Vec<String>>,
    /// The candidate (index into `cv_results_`) each cell shows, as
    /// `candidates[row][col]`; `None` (`null`) for an empty cell. Not drawn; the page
    /// maps a click to a candidate and a selection to its cells with it, without asking
    /// the worker. Defaults to empty.
    #[serde(default)]
    pub candidates: Vec<Vec<Option<usize>>>,
}

/// `log10(−v)` of the finite negative values, as (smallest, largest).
fn log_error_range(values: &[Vec<f64>]) -> Option<(f64, f64)> {
    let logs = values
        .iter()
        .flatten()
        .filter(|v| v.is_finite() && **v < 0.0)
        .map(|v| (-v).log10());
    finite_range(logs)
}

/// The colour bar's decade labels, top to bottom (`ks` descending): `100`, `10`, `1`,
/// `0.1`, `0.01` when every decade is among those, else all as `1e2`, `1e1`, `1e0`, …
/// — one style on a bar, as on the validation curve beside it.
fn decade_labels(ks: &[i32]) -> Vec<String> {
    let plain = ks.iter().all(|k| (-2..=2).contains(k));
    ks.iter()
        .map(|&k| {
            if plain {
                super::common::fmt_num(10f64.powi(k))
            } else {
                format!("1e{k}")
            }
        })
        .collect_vec()
}

impl HeatmapData {
    /// The colour scale from chance to 1 (or to the highest score, if above 1),
    /// when asked for and possible.
    fn chance_scale(&self) -> Option<(f64, f64)> {
        let chance = self.chance.filter(|c| c.is_finite())?;
        if !self.colour_from_chance || self.log_error {
            return None;
        }
        let top = self
            .values
            .iter()
            .flatten()
            .copied()
            .filter(|v| v.is_finite())
            .fold(1.0_f64, f64::max);
        (top > chance).then_some((chance, top))
    }

    fn shape(&self) -> (usize, usize) {
        let rows = self.values.len().max(self.y_ticks.len());
        let cols = self
            .values
            .iter()
            .map(Vec::len)
            .max()
            .unwrap_or(0)
            .max(self.x_ticks.len());
        (rows, cols)
    }

    fn spec(&self) -> Spec<'_> {
        let (n_rows, n_cols) = self.shape();
        let range = finite_range(self.values.iter().flatten().copied());
        let has_nan = self.values.iter().flatten().any(|v| v.is_nan());
        let mut keys = Vec::new();
        if self.best.is_some_and(|(r, c)| r < n_rows && c < n_cols) {
            keys.push((KeyKind::Best, "best".to_string()));
        }
        if self.selected.is_some_and(|(r, c)| r < n_rows && c < n_cols) {
            keys.push((KeyKind::Selected, "selected".to_string()));
        }
        if has_nan {
            keys.push((KeyKind::Failed, "fit failed".to_string()));
        }
        Spec {
            title: &self.title,
            x_label: &self.x_label,
            y_label: &self.y_label,
            x_ticks: (0..n_cols)
                .map(|c| self.x_ticks.get(c).cloned().unwrap_or_default())
                .collect_vec(),
            y_ticks: (0..n_rows)
                .map(|r| self.y_ticks.get(r).cloned().unwrap_or_default())
                .collect_vec(),
            n_rows,
            n_cols,
            colorbar: match (self.log_error, log_error_range(&self.values)) {
                (true, Some((elo, ehi))) if ehi > elo => Some(ColorBar {
                    lo: 0.0,
                    hi: 1.0,
                    label: self.value_label.clone(),
                    cmap: viridis,
                    percent: false,
                    ticks: Some({
                        let ks = ((elo.ceil() as i32)..=(ehi.floor() as i32))
                            .rev()
                            .collect_vec();
                        ks.iter()
                            .zip(decade_labels(&ks))
                            .map(|(&k, label)| ((ehi - f64::from(k)) / (ehi - elo), label))
                            .collect_vec()
                    }),
                }),
                _ => match self.chance_scale() {
                    Some((lo, hi)) => Some(ColorBar {
                        lo,
                        hi,
                        label: format!("{} (chance {})", self.value_label, value_text(lo)),
                        cmap: viridis,
                        percent: false,
                        ticks: None,
                    }),
                    None => range.map(|(lo, hi)| ColorBar {
                        lo,
                        hi,
                        label: self.value_label.clone(),
                        cmap: viridis,
                        percent: false,
                        ticks: None,
                    }),
                },
            },
            keys,
            min_text_px: super::matrix::CELL_TEXT_MIN_PX,
        }
    }
}

/// A cell's number in at most about five characters' worth of digits: three
/// decimals below 10 (scores), fewer above, and `−2.70e4` from 10 000 on.
fn value_text(v: f64) -> String {
    let a = v.abs();
    if !v.is_finite() {
        super::common::fmt_num(v)
    } else if a >= 1e4 || (a > 0.0 && a < 1e-3) {
        format!("{v:.2e}")
    } else if a >= 1e3 {
        format!("{v:.0}")
    } else if a >= 100.0 {
        format!("{v:.1}")
    } else if a >= 10.0 {
        format!("{v:.2}")
    } else {
        format!("{v:.3}")
    }
}

/// Draws the heatmap on `area` (which it clears first). Returns its notes: none (it
/// says what it shows in its key and colour bar).
pub fn draw_heatmap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &HeatmapData,
    style: &ChartStyle,
) -> Result<Notes> {
    draw_cells(area, data, style, true)?;
    Ok(Notes::new())
}

/// Draws the heatmap without the selection's dashed outlines (the key still names
/// them when `data` has a selected cell): the base image that
/// [`draw_heatmap_selection`] outlines cells on, so a new selection redraws only its
/// outlines. Base and outlines together are [`draw_heatmap`]'s picture.
pub fn draw_heatmap_base<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &HeatmapData,
    style: &ChartStyle,
) -> Result<()> {
    draw_cells(area, data, style, false)
}

/// Where a heatmap drawn on an area of `size` device pixels has its cells: what
/// [`draw_heatmap_selection`] and [`HeatmapFrame::cell_at`] need, without the data.
/// `None` when the area is too small for the grid.
pub fn heatmap_frame(
    data: &HeatmapData,
    style: &ChartStyle,
    size: (u32, u32),
) -> Option<HeatmapFrame> {
    let spec = data.spec();
    let l = matrix::layout(&spec, size, style)?;
    Some(HeatmapFrame {
        grid: l.grid,
        cell_w: l.cell_w,
        cell_h: l.cell_h,
        n_rows: spec.n_rows,
        n_cols: spec.n_cols,
        best: data.best,
        selected_key: spec.keys.iter().any(|(k, _)| *k == KeyKind::Selected),
    })
}

/// The cells of a drawn heatmap: the grid's pixel rectangle and size, the best cell,
/// and whether the key names the selection. Small, so the page keeps it and outlines a
/// new selection or maps a click without sending the chart data again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeatmapFrame {
    /// Left, top, right, bottom of the cell grid, in device pixels.
    pub grid: (f64, f64, f64, f64),
    /// Width of a cell.
    pub cell_w: f64,
    /// Height of a cell.
    pub cell_h: f64,
    /// Rows.
    pub n_rows: usize,
    /// Columns.
    pub n_cols: usize,
    /// The best cell `(row, col)` (its dashes, when selected, sit outside its numbers).
    pub best: Option<(usize, usize)>,
    /// Whether the base image's key shows "selected": a selection with or without a
    /// cell on the grid needs the base drawn again (its key differs).
    pub selected_key: bool,
}

impl HeatmapFrame {
    /// The cell `(row, col)` under device pixel `(x, y)`, as [`cell_at`] finds it.
    pub fn cell_at(&self, x: f64, y: f64) -> Option<(usize, usize)> {
        let (x0, y0, x1, y1) = self.grid;
        if !(x.is_finite() && y.is_finite()) || x < x0 || x >= x1 || y < y0 || y >= y1 {
            return None;
        }
        let col = ((x - x0) / self.cell_w).floor() as usize;
        let row = ((y - y0) / self.cell_h).floor() as usize;
        (row < self.n_rows && col < self.n_cols).then_some((row, col))
    }
}

/// Draws the dashed outlines of `cells` (`(row, col)`, the selection) on `area` over a
/// base image drawn by [`draw_heatmap_base`] with the same layout (`frame`); draws
/// nothing else and clears nothing. Cells off the grid are skipped.
pub fn draw_heatmap_selection<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    frame: &HeatmapFrame,
    cells: &[(usize, usize)],
    style: &ChartStyle,
) -> Result<()> {
    // In row-major order, as [`draw_heatmap`] draws them (neighbours' frames overlap).
    let mut cells = cells.to_vec();
    crate::sort::sort_ord(&mut cells);
    for (r, c) in cells {
        if r >= frame.n_rows || c >= frame.n_cols {
            continue;
        }
        let (x0, y0) = (frame.grid.0, frame.grid.1);
        let rect = (
            x0 + c as f64 * frame.cell_w,
            y0 + r as f64 * frame.cell_h,
            x0 + (c + 1) as f64 * frame.cell_w,
            y0 + (r + 1) as f64 * frame.cell_h,
        );
        matrix::selected_frame(area, rect, frame.best == Some((r, c)), style)?;
    }
    Ok(())
}

/// Draws the heatmap, with the selection's outlines when `outlined`.
fn draw_cells<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &HeatmapData,
    style: &ChartStyle,
    outlined: bool,
) -> Result<()> {
    if super::common::too_small(area, style)? {
        return Ok(());
    }
    let spec = data.spec();
    let (lo, hi) = spec.colorbar.as_ref().map_or((0.0, 1.0), |b| (b.lo, b.hi));
    let log_range = if data.log_error {
        log_error_range(&data.values).filter(|(a, b)| b > a)
    } else {
        None
    };
    matrix::draw(area, &spec, style, &|r, c| {
        let v = data.values.get(r).and_then(|row| row.get(c)).copied();
        let (fill, text, hatched) = match v {
            None => (RGBColor(245, 245, 245), vec!["n/a".to_string()], false),
            Some(v) if v.is_nan() => (RGBColor(224, 224, 224), vec!["failed".to_string()], true),
            Some(v) => {
                let t = if let (Some((elo, ehi)), true) = (log_range, v.is_finite() && v < 0.0) {
                    (ehi - (-v).log10()) / (ehi - elo)
                } else if v.is_finite() {
                    ((v - lo) / (hi - lo)).clamp(0.0, 1.0)
                } else if v > 0.0 {
                    1.0
                } else {
                    0.0
                };
                let mut text = vec![value_text(v)];
                if let Some(sd) = data
                    .stds
                    .get(r)
                    .and_then(|row| row.get(c))
                    .filter(|sd| sd.is_finite())
                {
                    text.push(format!("± {}", value_text(*sd)));
                }
                (viridis(t), text, false)
            }
        };
        Cell {
            fill,
            text,
            text_color: if hatched { BLACK } else { contrast_text(fill) },
            rest_scale: 0.72,
            hatched,
            best: data.best == Some((r, c)),
            selected: outlined
                && (data.selected == Some((r, c)) || data.also_selected.contains(&(r, c))),
        }
    })
}

/// The cell `(row, col)` under the device-pixel position `(x_px, y_px)` of a chart
/// drawn by [`draw_heatmap`] with the same `data` and `style` on an area of
/// `area_size` device pixels (width, height). In the browser pass the canvas buffer
/// size and the event's CSS offset × `devicePixelRatio`. `None` outside the cells.
pub fn cell_at(
    data: &HeatmapData,
    style: &ChartStyle,
    area_size: (u32, u32),
    x_px: f64,
    y_px: f64,
) -> Option<(usize, usize)> {
    let spec = data.spec();
    let l = matrix::layout(&spec, area_size, style)?;
    matrix::hit(&l, spec.n_rows, spec.n_cols, x_px, y_px)
}
