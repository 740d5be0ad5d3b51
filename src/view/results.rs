//! The data behind the results panel — the heatmap, the validation curve and the
//! `cv_results_` table — built once per search result, in time linear in the number of
//! candidates.
//!
//! [`ResultsView::new`] reads the result once: an [`Axis`] per grid parameter (its
//! distinct values, and each candidate's value as an index into them) and the refit
//! scorer's columns, typed ([`ScorerColumns`]), so no view looks a column up by a
//! formatted name or rescans the candidates per cell. A heatmap, a validation curve or a
//! cell's candidate is then one pass over the candidates (`O(n)`), whatever the grid's
//! shape; sorting the numeric axis values is the only `n log n` step.
//!
//! ```
//! use tunelab::{Dataset, select::{grid_search, SearchConfig}, view::ResultsView};
//! let iris = Dataset::iris();
//! let result = grid_search(&iris, &SearchConfig::default(), &mut |_| true)?;
//! let view = ResultsView::new(&result);
//! assert_eq!(view.default_axes(), (Some("C".into()), Some("penalty".into())));
//! let heatmap = view.heatmap("C", "penalty", &[result.best_index]).expect("two axes");
//! assert_eq!(heatmap.best, Some((0, 4))); // (row, column): l1, C = 10
//! assert_eq!(heatmap.candidates[0][4], Some(result.best_index));
//! assert_eq!(view.heatmap_candidate("C", "penalty", (4, 0)), Some(result.best_index));
//! # Ok::<(), tunelab::Error>(())
//! ```

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use serde::Serialize;

use crate::charts::{HeatmapData, OneSe, ValidationData, ValidationSeries};
use crate::model::ParamValue;
use crate::report::chance_level;
use crate::select::{CvResults, SearchResult};

use super::error_name;

/// One scorer's columns of `cv_results_`, typed. The views read these instead of
/// looking columns up by formatted names (`mean_test_{suffix}`); only
/// [`ScorerColumns::new`] knows scikit-learn's names.
#[derive(Debug, Clone, PartialEq)]
pub struct ScorerColumns<'a> {
    /// `mean_test_<suffix>`: the mean CV score per candidate (`NaN` for failed fits).
    pub mean_test: &'a [f64],
    /// `std_test_<suffix>`, if present.
    pub std_test: Option<&'a [f64]>,
    /// `mean_train_<suffix>` (with `return_train_score`).
    pub mean_train: Option<&'a [f64]>,
    /// `std_train_<suffix>` (with `return_train_score`).
    pub std_train: Option<&'a [f64]>,
    /// `rank_test_<suffix>`, if present.
    pub rank_test: Option<&'a [usize]>,
    /// `split0_test_<suffix>`, `split1_test_<suffix>`, …: the fold scores, in fold order
    /// (folds without a column are left out).
    pub split_test: Vec<&'a [f64]>,
    /// `fit_status` per candidate: `ok`, or how its fits ended.
    pub fit_status: Option<&'a [String]>,
}

impl<'a> ScorerColumns<'a> {
    /// The columns of the scorer whose names end in `suffix` (`score` when the search
    /// had one scorer, else the scorer's name) over `n_splits` folds; `None` without a
    /// `mean_test_<suffix>` column.
    pub fn new(cv: &'a CvResults, suffix: &str, n_splits: usize) -> Option<ScorerColumns<'a>> {
        Some(ScorerColumns {
            mean_test: cv.floats(&format!("mean_test_{suffix}"))?,
            std_test: cv.floats(&format!("std_test_{suffix}")),
            mean_train: cv.floats(&format!("mean_train_{suffix}")),
            std_train: cv.floats(&format!("std_train_{suffix}")),
            rank_test: cv.ranks(&format!("rank_test_{suffix}")),
            split_test: (0..n_splits)
                .filter_map(|k| cv.floats(&format!("split{k}_test_{suffix}")))
                .collect(),
            fit_status: cv.texts("fit_status"),
        })
    }

    /// The columns of the scorer that picked the best candidate.
    pub fn refit(result: &'a SearchResult) -> Option<ScorerColumns<'a>> {
        ScorerColumns::new(&result.cv_results, result.score_suffix(), result.n_splits)
    }

    /// Candidate `i`'s mean CV score as the views compare them: `NaN` (and a missing
    /// entry) lowest.
    fn key(&self, i: usize) -> f64 {
        match self.mean_test.get(i) {
            Some(v) if !v.is_nan() => *v,
            _ => f64::NEG_INFINITY,
        }
    }
}

/// Most cells a heatmap carries hover texts for (64 × 64). A larger heatmap's
/// [`HeatmapData::tooltips`] is empty and the page asks for the text of the cell under
/// the pointer ([`ResultsView::tooltip`]): 100,000 texts would be some 20 MB to build
/// and send for cells a few pixels wide.
pub const TOOLTIP_CELLS: usize = 4096;

/// No value: the candidate's grid does not set the parameter.
const UNSET: u32 = u32::MAX;

/// A grid parameter: its distinct values and each candidate's value among them.
#[derive(Debug, Clone, PartialEq)]
pub struct Axis {
    /// The parameter's name (`C`).
    pub name: String,
    /// Whether every value is a number.
    pub numeric: bool,
    /// The distinct values: ascending when all are numbers, else in the order the
    /// candidates first use them. Values equal as [`ParamValue`]s are one value
    /// (`0` and `-0`); every `NaN` is one value too.
    pub values: Vec<ParamValue>,
    /// Per candidate, the index of its value in `values` ([`UNSET`] where its grid does
    /// not set the parameter).
    codes: Vec<u32>,
}

impl Axis {
    /// The index in [`Axis::values`] of candidate `i`'s value, or `None` where the
    /// candidate's grid does not set the parameter.
    pub fn code(&self, i: usize) -> Option<usize> {
        self.codes
            .get(i)
            .copied()
            .filter(|&c| c != UNSET)
            .map(|c| c as usize)
    }
}

/// A [`ParamValue`] as a hash key, equal where the values are.
#[derive(Hash, PartialEq, Eq)]
enum Key<'a> {
    Num(u64),
    Bool(bool),
    Str(&'a str),
}

fn key(v: &ParamValue) -> Key<'_> {
    match v {
        // 0 == -0 as numbers; all NaN as one.
        ParamValue::Num(n) if *n == 0.0 => Key::Num(0),
        ParamValue::Num(n) if n.is_nan() => Key::Num(f64::NAN.to_bits()),
        ParamValue::Num(n) => Key::Num(n.to_bits()),
        ParamValue::Bool(b) => Key::Bool(*b),
        ParamValue::Str(s) => Key::Str(s),
    }
}

/// A small fast hasher for the index's keys (parameter names and value bits): the
/// multiply-rotate step of rustc's FxHasher with splitmix64's finaliser, so numbers
/// that differ only in high bits (1, 2, 4, …) still spread over the buckets. The keys
/// come from the result, not from an adversary, so SipHash's protection buys nothing.
#[derive(Default)]
struct FastHasher(u64);

impl std::hash::Hasher for FastHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.write_u64(u64::from_le_bytes(word));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_u8(&mut self, n: u8) {
        self.write_u64(u64::from(n));
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn finish(&self) -> u64 {
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<FastHasher>>;

/// The axes of a result's candidates, in the order their names first appear.
fn index_axes(result: &SearchResult) -> Vec<Axis> {
    struct Building<'a> {
        name: &'a str,
        seen: FastMap<Key<'a>, u32>,
        values: Vec<&'a ParamValue>,
        codes: Vec<u32>,
    }
    let params = result.cv_results.params();
    let n = params.len();
    let mut by_name: FastMap<&str, usize> = FastMap::default();
    let mut axes: Vec<Building<'_>> = Vec::new();
    // The axis of the k-th parameter of the previous candidate: candidates of one grid
    // name the same parameters in the same order, so the name look-up is mostly skipped.
    let mut at_position: Vec<usize> = Vec::new();
    for (i, candidate) in params.iter().enumerate() {
        for (k, (name, value)) in candidate.iter().enumerate() {
            let a = match at_position.get(k) {
                Some(&a) if axes.get(a).is_some_and(|b| b.name == name) => a,
                _ => {
                    let a = *by_name.entry(name.as_str()).or_insert_with(|| {
                        axes.push(Building {
                            name,
                            seen: FastMap::default(),
                            values: Vec::new(),
                            codes: vec![UNSET; n],
                        });
                        axes.len() - 1
                    });
                    if let Some(slot) = at_position.get_mut(k) {
                        *slot = a;
                    } else {
                        at_position.push(a);
                    }
                    a
                }
            };
            let Some(axis) = axes.get_mut(a) else {
                continue;
            };
            let next = axis.values.len() as u32;
            let code = *axis.seen.entry(key(value)).or_insert(next);
            if code == next {
                axis.values.push(value);
            }
            if let Some(slot) = axis.codes.get_mut(i) {
                *slot = code;
            }
        }
    }
    axes.into_iter()
        .map(|b| {
            let numeric = b.values.iter().all(|v| matches!(v, ParamValue::Num(_)));
            let mut values: Vec<ParamValue> = b.values.into_iter().cloned().collect();
            let mut codes = b.codes;
            if numeric {
                // Ascending (stable, as the first-appearance list was sorted before).
                let mut order: Vec<usize> = (0..values.len()).collect();
                crate::sort::sort_by(&mut order, &|&a, &b| {
                    num(&values[a]).total_cmp(&num(&values[b]))
                });
                let mut new_code = vec![0u32; values.len()];
                for (new, &old) in order.iter().enumerate() {
                    new_code[old] = new as u32;
                }
                for c in codes.iter_mut().filter(|c| **c != UNSET) {
                    *c = new_code[*c as usize];
                }
                values = order.iter().map(|&o| values[o].clone()).collect();
            }
            Axis {
                name: b.name.to_string(),
                numeric,
                values,
                codes,
            }
        })
        .collect()
}

fn num(v: &ParamValue) -> f64 {
    match v {
        ParamValue::Num(n) => *n,
        _ => f64::NAN,
    }
}

/// Most rows the page's `cv_results_` table shows at once (the first in its sort
/// order): a table of 100,000 rows takes the browser minutes to lay out. The exports
/// hold every row.
pub const TABLE_ROWS: usize = 1000;

/// Which columns the `cv_results_` table shows, in order, by their scikit-learn names:
/// the parameters, the refit scorer's mean, std, rank and mean train score, the times
/// and `fit_status` (those the result has).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableData {
    /// The columns to show, in order.
    pub columns: Vec<String>,
    /// The refit scorer's `mean_test_*` column (what marks a row as failed when `NaN`).
    pub mean_test: String,
    /// Most rows to show at once ([`TABLE_ROWS`]).
    pub max_rows: usize,
}

/// A search result read once for its views: the axes of its grid and the refit
/// scorer's columns. Build it once per result and ask it for every view.
#[derive(Debug, Clone)]
pub struct ResultsView<'a> {
    result: &'a SearchResult,
    axes: Vec<Axis>,
    scores: Option<ScorerColumns<'a>>,
}

impl<'a> ResultsView<'a> {
    /// Indexes `result`: one pass over its candidates, then a sort of each numeric
    /// axis's distinct values.
    pub fn new(result: &'a SearchResult) -> ResultsView<'a> {
        ResultsView {
            result,
            axes: index_axes(result),
            scores: ScorerColumns::refit(result),
        }
    }

    /// The result the views are of.
    pub fn result(&self) -> &'a SearchResult {
        self.result
    }

    /// Every grid parameter, in the order the candidates first name them.
    pub fn axes(&self) -> &[Axis] {
        &self.axes
    }

    /// The axis of parameter `name`, if any candidate sets it.
    pub fn axis(&self, name: &str) -> Option<&Axis> {
        self.axes.iter().find(|a| a.name == name)
    }

    /// The refit scorer's columns (`None` when the result has no mean test score).
    pub fn scores(&self) -> Option<&ScorerColumns<'a>> {
        self.scores.as_ref()
    }

    /// Grid parameters with more than one value, as (name, numeric): `C` first, then
    /// numeric ones, then by name.
    pub fn varying(&self) -> Vec<(&str, bool)> {
        let mut names: Vec<(&str, bool)> = self
            .axes
            .iter()
            .filter(|a| a.values.len() > 1)
            .map(|a| (a.name.as_str(), a.numeric))
            .collect();
        crate::sort::sort_by(&mut names, &|a, b| {
            (a.0 != "C", !a.1, a.0).cmp(&(b.0 != "C", !b.1, b.0))
        });
        names
    }

    /// The heatmap's axes after a search: the first varying parameter across, and
    /// `penalty` (or the second varying parameter) down.
    pub fn default_axes(&self) -> (Option<String>, Option<String>) {
        let names = self.varying();
        let x = names.first().map(|(n, _)| n.to_string());
        let y = names
            .iter()
            .skip(1)
            .find(|(n, _)| *n == "penalty")
            .or_else(|| names.get(1))
            .map(|(n, _)| n.to_string());
        (x, y)
    }

    /// For each `(row, col)` of `rows` × `x`, the best candidate (by mean CV score,
    /// `NaN` lowest, the earliest among equals) whose `x` value is column `col` and,
    /// with `rows`, whose `rows` value is row `row`. One pass over the candidates.
    fn best_per_cell(
        &self,
        scores: &ScorerColumns<'_>,
        x: &Axis,
        rows: Option<&Axis>,
    ) -> Vec<Vec<Option<usize>>> {
        let n_rows = rows.map_or(1, |r| r.values.len());
        let mut cells = vec![vec![None::<usize>; x.values.len()]; n_rows];
        for i in 0..self.result.cv_results.n_candidates() {
            let Some(col) = x.code(i) else { continue };
            let row = match rows {
                Some(r) => match r.code(i) {
                    Some(row) => row,
                    None => continue,
                },
                None => 0,
            };
            if let Some(slot) = cells.get_mut(row).and_then(|r| r.get_mut(col)) {
                match *slot {
                    Some(j) if scores.key(i).total_cmp(&scores.key(j)) != Ordering::Greater => {}
                    _ => *slot = Some(i),
                }
            }
        }
        cells
    }

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
        let earlier: HashSet<usize> = earlier.iter().copied().collect();
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
                } else if earlier.contains(&i) {
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
            x_ticks: x.values.iter().map(ToString::to_string).collect(),
            y_ticks: match rows {
                Some(r) => r.values.iter().map(ToString::to_string).collect(),
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

impl ResultsView<'_> {
    /// Mean train and CV score against the numeric `x_param`, one series per value of
    /// `group` (or one series). Needs train scores.
    pub fn validation(&self, x_param: &str, group: Option<&str>) -> Option<ValidationData> {
        let x = self.axis(x_param)?;
        if !x.numeric || x.values.is_empty() {
            return None;
        }
        let xs_num: Vec<f64> = x.values.iter().map(num).collect();
        let scores = self.scores.as_ref()?;
        let (test_mean, test_std, train_mean, train_std) = (
            scores.mean_test,
            scores.std_test?,
            scores.mean_train?,
            scores.std_train?,
        );
        let group_axis = match group {
            Some(g) => match self.axis(g) {
                Some(a) => Some(a),
                // No candidate sets it: no values, so no series.
                None => return Some(self.finish_validation(x_param, &xs_num, Vec::new())),
            },
            None => None,
        };
        let cells = self.best_per_cell(scores, x, group_axis);
        let mut series = Vec::new();
        for (gi, line) in cells.iter().enumerate() {
            let mut s = ValidationSeries {
                label: match (group, group_axis.and_then(|a| a.values.get(gi))) {
                    (Some(g), Some(v)) => format!("{g}={v}"),
                    _ => "all".into(),
                },
                x: Vec::new(),
                train_mean: Vec::new(),
                train_std: Vec::new(),
                test_mean: Vec::new(),
                test_std: Vec::new(),
            };
            for (xv, cell) in xs_num.iter().zip(line) {
                if let Some(i) = *cell {
                    let at = |v: &[f64]| v.get(i).copied().unwrap_or(f64::NAN);
                    s.x.push(*xv);
                    s.train_mean.push(at(train_mean));
                    s.train_std.push(at(train_std));
                    s.test_mean.push(at(test_mean));
                    s.test_std.push(at(test_std));
                }
            }
            if !s.x.is_empty() {
                series.push(s);
            }
        }
        Some(self.finish_validation(x_param, &xs_num, series))
    }

    /// The validation curve's scales, chance level and one-standard-error choice for
    /// `series` over the values `xs_num` of `x_param`.
    fn finish_validation(
        &self,
        x_param: &str,
        xs_num: &[f64],
        mut series: Vec<ValidationSeries>,
    ) -> ValidationData {
        let result = self.result;
        let log_x = xs_num.iter().all(|&v| v > 0.0) && {
            let (lo, hi) = xs_num.iter().fold((f64::INFINITY, 0.0f64), |(lo, hi), &v| {
                (lo.min(v), hi.max(v))
            });
            hi / lo >= 20.0
        };
        // An error scorer (neg_mean_squared_error, …) whose errors span more than two
        // decades — a polynomial that overfits reaches 1e5 where the best degree has 0.2 —
        // is drawn as the error itself on a log axis, so the dip and the rise both show.
        let error_name = error_name(&result.refit_scorer);
        let errors = || {
            series
                .iter()
                .flat_map(|s| s.train_mean.iter().chain(&s.test_mean))
                .filter(|v| v.is_finite())
                .map(|v| -v)
        };
        let spread = errors().fold(0.0_f64, f64::max) / errors().fold(f64::INFINITY, f64::min);
        let log_y = error_name.is_some() && errors().all(|e| e > 0.0) && spread > 100.0;
        // The rule is on scores (higher is better), before any negation for the log axis.
        let mut one_se = one_standard_error(&series, x_param, result.n_splits);
        if log_y && let Some(o) = one_se.as_mut() {
            o.score = -o.score;
        }
        if log_y {
            for s in &mut series {
                for v in s.train_mean.iter_mut().chain(s.test_mean.iter_mut()) {
                    *v = -*v;
                }
            }
        }
        let (title, y_label) = match error_name {
            Some(name) if log_y => (
                format!("Validation curve: {name} against {x_param} (lower is better)"),
                name.to_string(),
            ),
            _ => (
                format!(
                    "Validation curve: {} against {x_param}",
                    result.refit_scorer
                ),
                result.refit_scorer.clone(),
            ),
        };
        let chance = chance_level(result).filter(|_| !log_y);
        ValidationData {
            title,
            param_name: x_param.to_string(),
            log_x,
            log_y,
            y_label,
            series,
            chance,
            chance_label: if chance.is_some() {
                chance_name(&result.refit_scorer).to_string()
            } else {
                String::new()
            },
            one_se,
            inverse_axis: x_param == "C" && xs_num.iter().all(|&v| v > 0.0),
        }
    }

    /// The `cv_results_` table's columns.
    pub fn table(&self) -> TableData {
        let cv = &self.result.cv_results;
        let s = self.result.score_suffix();
        let mut columns: Vec<String> = cv
            .names()
            .into_iter()
            .filter(|c| c.starts_with("param_"))
            .map(str::to_string)
            .collect();
        columns.extend(
            [
                format!("mean_test_{s}"),
                format!("std_test_{s}"),
                format!("rank_test_{s}"),
                format!("mean_train_{s}"),
                "mean_fit_time".into(),
                "mean_score_time".into(),
                "fit_status".into(),
            ]
            .into_iter()
            .filter(|c| cv.get(c).is_some()),
        );
        TableData {
            columns,
            mean_test: format!("mean_test_{s}"),
            max_rows: TABLE_ROWS,
        }
    }
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

/// What a chance-level line or colour scale is labelled with, for the refit scorer.
fn chance_name(scorer: &str) -> &'static str {
    match scorer {
        "accuracy" => "chance (most frequent class)",
        "balanced_accuracy" => "chance (1 / number of classes)",
        _ => "chance (predicting the mean)",
    }
}

/// Which way is simpler for `param`: `Some(true)` when smaller values are simpler
/// (`C`: stronger regularisation; `degree`, `hidden_layer_sizes`), `Some(false)`
/// when larger ones are (`alpha`), `None` when neither is.
fn smaller_is_simpler(param: &str) -> Option<bool> {
    match param {
        "C" | "degree" | "hidden_layer_sizes" => Some(true),
        "alpha" => Some(false),
        _ => None,
    }
}

/// The one-standard-error rule on the series' CV scores: on the series holding the
/// best mean, the simplest value whose mean is at least `best − std_best / √k`.
fn one_standard_error(series: &[ValidationSeries], param: &str, k: usize) -> Option<OneSe> {
    let smaller = smaller_is_simpler(param)?;
    let (si, bi) = series
        .iter()
        .enumerate()
        .flat_map(|(si, s)| (0..s.test_mean.len()).map(move |i| (si, i)))
        .filter(|&(si, i)| series[si].test_mean[i].is_finite())
        .max_by(|&(sa, a), &(sb, b)| {
            series[sa].test_mean[a]
                .total_cmp(&series[sb].test_mean[b])
                // Ties: the earlier wins (max_by keeps the last of equals).
                .then((sb, b).cmp(&(sa, a)))
        })?;
    let s = &series[si];
    let best = s.test_mean[bi];
    let sd = s.test_std.get(bi).copied().filter(|v| v.is_finite())?;
    let se = sd / (k.max(1) as f64).sqrt();
    let threshold = best - se;
    let pick = (0..s.x.len())
        .filter(|&i| {
            s.test_mean
                .get(i)
                .is_some_and(|&m| m.is_finite() && m >= threshold)
        })
        .min_by(|&a, &b| {
            let (xa, xb) = (s.x[a], s.x[b]);
            if smaller {
                xa.total_cmp(&xb)
            } else {
                xb.total_cmp(&xa)
            }
        })?;
    let (x, score) = (s.x[pick], s.test_mean[pick]);
    let group = if s.label == "all" || s.label.is_empty() {
        String::new()
    } else {
        format!(" ({})", s.label)
    };
    let simplest = match param {
        "C" => "the smallest C (the strongest regularisation)",
        "alpha" => "the largest alpha (the strongest regularisation)",
        "degree" => "the lowest degree",
        "hidden_layer_sizes" => "the fewest hidden units",
        _ => "the simplest value",
    };
    let text = if pick == bi {
        format!(
            "1-SE rule: {param} = {}{group} scores {score:.3}, the best; no simpler value is              within one standard error ({se:.3} = std {sd:.3} / √{k}) of it.",
            fmt(x)
        )
    } else {
        format!(
            "1-SE rule: {param} = {}{group} scores {score:.3}, within one standard error              ({se:.3} = std {sd:.3} / √{k}) of the best, {best:.3} at {param} = {}: {simplest}              that is — differences smaller than the noise between folds are not worth the              extra complexity.",
            fmt(x),
            fmt(s.x[bi])
        )
    };
    Some(OneSe {
        x,
        score,
        series: si,
        text,
    })
}

/// A parameter value as the grid writes it (`0.1`, `10`, `1e-5`).
fn fmt(v: f64) -> String {
    ParamValue::Num(v).to_string()
}
