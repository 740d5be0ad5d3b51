//! The columns of the `cv_results_` table the page shows.

use crate::collect::CollectVec;
use serde::Serialize;

use super::ResultsView;

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

impl ResultsView<'_> {
    /// The `cv_results_` table's columns.
    pub fn table(&self) -> TableData {
        let cv = &self.result.cv_results;
        let s = self.result.score_suffix();
        let mut columns: Vec<String> = cv
            .names()
            .into_iter()
            .filter(|c| c.starts_with("param_"))
            .map(str::to_string)
            .collect_vec();
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
