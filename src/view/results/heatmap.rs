//! The heatmap of mean CV scores over two parameters, and the hover text of its cells.

use crate::collect::CollectVec;
use std::fmt::Write as _;

use crate::charts::HeatmapData;
use crate::report::chance_level;
use crate::select::SearchResult;
use crate::view::error_name;

use super::{Axis, ResultsView, ScorerColumns};

/// Most cells a heatmap carries hover texts for (64 × 64). A larger heatmap's
/// [`HeatmapData::tooltips`] is empty and the page asks for the text of the cell under
/// the pointer ([`ResultsView::tooltip`]): 100,000 texts would be some 20 MB to build
/// and send for cells a few pixels wide.
pub const TOOLTIP_CELLS: usize = 4096;

impl ResultsView<'_> {
    /// The axis of `y_param` as the heatmap uses it: `None` for `""` or a parameter no
    /// candidate sets (a one-row heatmap).
    fn rows_axis(&self, y_param: &str) -> Option<&Axis> {
        if y_param.is_empty() {
            None
        } else {
            self.axis(y_param).filter(|a| !a.values.is_empty())
        }
    }

    /// The candidate shown in heatmap cell `(col, row)` of `x_param` × `y_param`
    /// (`y_param` empty: one row, `row` ignored).
    pub fn heatmap_candidate(
        &self,
        x_param: &str,
        y_param: &str,
        cell: (usize, usize),
    ) -> Option<usize> {
        let scores = self.scores.as_ref()?;
        let x = self.axis(x_param)?;
        let rows = self.rows_axis(y_param);
        let cells = self.best_per_cell(scores, x, rows);
        let row = if rows.is_some() { cell.1 } else { 0 };
        cells.get(row)?.get(cell.0).copied().flatten()
    }

    /// Mean CV score over `x_param` × `y_param` (`y_param` empty: one row). Where other
    /// parameters vary too, each cell shows the best candidate among them. `selected`
    /// are the candidates to outline (the last one is the current selection).
    pub fn heatmap(&self, x_param: &str, y_param: &str, selected: &[usize]) -> Option<HeatmapData> {
        let result = self.result;
        let x = self.axis(x_param).filter(|a| !a.values.is_empty())?;
        let scores = self.scores.as_ref()?;
        let rows = self.rows_axis(y_param);
        let candidates = self.best_per_cell(scores, x, rows);
        let (last, earlier) = match selected.split_last() {
            Some((last, earlier)) => (Some(*last), earlier),
            None => (None, &[][..]),
        };
        // Sorted, for a binary search per cell (a `HashSet` of `usize` was a hash
        // table's code in the wasm module for this one use).
        let mut earlier = earlier.to_vec();
        crate::sort::sort_ord(&mut earlier);
        let mut best = None;
        let mut selected_cell = None;
        let mut also_selected = Vec::new();
        let n_cols = x.values.len();
        let with_tooltips = candidates.len().saturating_mul(n_cols) <= TOOLTIP_CELLS;
        let mut values = Vec::with_capacity(candidates.len());
        let mut stds = Vec::with_capacity(candidates.len());
        let mut tooltips = Vec::with_capacity(candidates.len());
        for (row, line) in candidates.iter().enumerate() {
            let mut v_row = vec![f64::NAN; n_cols];
            let mut s_row = vec![f64::NAN; n_cols];
            let mut t_row = vec![String::new(); if with_tooltips { n_cols } else { 0 }];
            for (col, cell) in line.iter().enumerate() {
                let Some(i) = *cell else { continue };
                v_row[col] = scores.mean_test.get(i).copied().unwrap_or(f64::NAN);
                if let Some(sd) = scores.std_test.and_then(|s| s.get(i)) {
                    s_row[col] = *sd;
                }
                if let Some(slot) = t_row.get_mut(col) {
                    *slot = tooltip_of(self.result, scores, i);
                }
                if i == result.best_index {
                    best = Some((row, col));
                }
                if Some(i) == last {
                    selected_cell = Some((row, col));
                } else if earlier.binary_search(&i).is_ok() {
                    also_selected.push((row, col));
                }
            }
            values.push(v_row);
            stds.push(s_row);
            if with_tooltips {
                tooltips.push(t_row);
            }
        }
        let varying = self.varying().len();
        let others = varying > 2 || (y_param.is_empty() && varying > 1);
        // Errors that span decades are coloured on a log scale (see HeatmapData::log_error).
        let error = error_name(&result.refit_scorer);
        let (lo, hi, all_positive) = values
            .iter()
            .flatten()
            .filter(|v| v.is_finite())
            .map(|v| -v)
            .fold((f64::INFINITY, 0.0f64, true), |(lo, hi, pos), e| {
                (lo.min(e), hi.max(e), pos && e > 0.0)
            });
        let log_error = error.is_some() && all_positive && hi > 100.0 * lo;
        let value_label = match error {
            Some(name) if log_error => format!("mean CV {name} (log colour scale)"),
            _ => format!("mean CV {}", result.refit_scorer),
        };
        let chance = chance_level(result);
        Some(HeatmapData {
            title: format!(
                "Mean CV {}{}",
                result.refit_scorer,
                if others {
                    " (best over the other parameters)"
                } else {
                    ""
                }
            ),
            x_label: x_param.to_string(),
            y_label: y_param.to_string(),
            x_ticks: x.values.iter().map(ToString::to_string).collect_vec(),
            y_ticks: match rows {
                Some(r) => r.values.iter().map(ToString::to_string).collect_vec(),
                None => vec!["all".into()],
            },
            values,
            best,
            selected: selected_cell,
            also_selected,
            value_label,
            log_error,
            stds,
            chance,
            // Anchored at chance by default: near-chance scores should look near chance.
            colour_from_chance: chance.is_some(),
            tooltips,
            candidates,
        })
    }

    /// Hover text of candidate `i` (a heatmap cell's): its parameters, mean ± std CV
    /// score, mean train score, the fold scores, and how its fits ended when not all
    /// were `ok`. `None` past the candidates or without a mean test score.
    pub fn tooltip(&self, i: usize) -> Option<String> {
        let scores = self.scores.as_ref()?;
        (i < self.result.cv_results.n_candidates()).then(|| tooltip_of(self.result, scores, i))
    }
}

/// [`ResultsView::tooltip`] without indexing the axes (a hover over a large heatmap
/// asks for one text).
pub fn tooltip(result: &SearchResult, i: usize) -> Option<String> {
    let scores = ScorerColumns::refit(result)?;
    (i < result.cv_results.n_candidates()).then(|| tooltip_of(result, &scores, i))
}

/// Hover text of candidate `i`: its parameters, mean ± std CV score, mean train
/// score, the fold scores, and how its fits ended when not all were `ok`.
fn tooltip_of(result: &SearchResult, scores: &ScorerColumns<'_>, i: usize) -> String {
    let mut text = String::with_capacity(96);
    if let Some(c) = result.cv_results.params().get(i) {
        for (k, (name, value)) in c.iter().enumerate() {
            let sep = if k == 0 { "" } else { ", " };
            let _ = write!(text, "{sep}{name}={value}");
        }
    }
    let num = |text: &mut String, v: Option<&f64>| match v {
        Some(v) => {
            let _ = write!(text, "{v:.3}");
        }
        None => text.push_str("n/a"),
    };
    text.push_str(": mean ");
    num(&mut text, scores.mean_test.get(i));
    text.push_str(" ± ");
    num(&mut text, scores.std_test.and_then(|s| s.get(i)));
    if let Some(train) = scores.mean_train.and_then(|s| s.get(i)) {
        let _ = write!(text, ", train {train:.3}");
    }
    let mut first = true;
    for fold in &scores.split_test {
        if let Some(v) = fold.get(i) {
            text.push_str(if first { ", folds " } else { " " });
            first = false;
            let _ = write!(text, "{v:.3}");
        }
    }
    if let Some(status) = scores
        .fit_status
        .and_then(|t| t.get(i))
        .filter(|t| t.as_str() != "ok")
    {
        let _ = write!(text, " — {status}");
    }
    text
}
