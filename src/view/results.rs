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

mod axes;
mod heatmap;
mod table;
mod validation;

use crate::collect::CollectVec;
use std::cmp::Ordering;

use crate::select::{CvResults, SearchResult};

pub use self::axes::Axis;
use self::axes::index_axes;
pub use self::heatmap::{TOOLTIP_CELLS, tooltip};
pub use self::table::{TABLE_ROWS, TableData};

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
                .collect_vec(),
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
            .collect_vec();
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
}
