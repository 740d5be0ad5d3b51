//! What a search found: [`SearchResult`], with scikit-learn's `cv_results_` as
//! [`CvResults`] of named [`Column`]s.

use crate::collect::CollectVec;
use std::collections::BTreeMap;

use serde::Serialize;

use crate::model::{FittedPipeline, ModelKind, ParamValue};
use crate::select::grid::Candidate;

/// A column of [`CvResults`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Column {
    /// Numbers (scores, times); NaN for failed fits.
    Float(Vec<f64>),
    /// Ranks.
    Int(Vec<usize>),
    /// A parameter's value per candidate; `None` where the candidate's grid does
    /// not set it (scikit-learn's masked entries).
    Param(Vec<Option<ParamValue>>),
    /// Each candidate's parameters.
    Params(Vec<Candidate>),
    /// Text per candidate.
    Text(Vec<String>),
}

/// scikit-learn's `cv_results_`: named columns, one entry per candidate, in the
/// order scikit-learn lists them (times, `param_*`, `params`, split scores, means,
/// stds, ranks), followed by TuneLab's `fit_status`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CvResults {
    columns: Vec<(String, Column)>,
}

impl Serialize for CvResults {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.columns.len()))?;
        for (name, column) in &self.columns {
            map.serialize_entry(name, column)?;
        }
        map.end()
    }
}

impl CvResults {
    /// The column called `name`.
    pub fn get(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|(n, _)| n == name).map(|(_, c)| c)
    }

    /// The numeric column called `name`.
    pub fn floats(&self, name: &str) -> Option<&[f64]> {
        match self.get(name) {
            Some(Column::Float(v)) => Some(v),
            _ => None,
        }
    }

    /// The rank column called `name`.
    pub fn ranks(&self, name: &str) -> Option<&[usize]> {
        match self.get(name) {
            Some(Column::Int(v)) => Some(v),
            _ => None,
        }
    }

    /// Column names, in order.
    pub fn names(&self) -> Vec<&str> {
        self.columns.iter().map(|(n, _)| n.as_str()).collect_vec()
    }

    /// The text column called `name` (`fit_status`).
    pub fn texts(&self, name: &str) -> Option<&[String]> {
        match self.get(name) {
            Some(Column::Text(v)) => Some(v),
            _ => None,
        }
    }

    /// Each candidate's parameters (the `params` column).
    pub fn params(&self) -> &[Candidate] {
        match self.get("params") {
            Some(Column::Params(p)) => p,
            _ => &[],
        }
    }

    /// Number of candidates.
    pub fn n_candidates(&self) -> usize {
        self.params().len()
    }

    pub(super) fn push(&mut self, name: impl Into<String>, column: Column) {
        self.columns.push((name.into(), column));
    }
}

/// What a grid search found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResult {
    /// Per-candidate results, in scikit-learn's names.
    pub cv_results: CvResults,
    /// Index of the best candidate (first in grid order among rank 1).
    pub best_index: usize,
    /// Parameters of the best candidate.
    pub best_params: Candidate,
    /// Mean cross-validated score of the best candidate under the refit scorer.
    pub best_score: f64,
    /// Population std of that score across folds.
    pub best_score_std: f64,
    /// Name of the scorer that picked the best candidate.
    pub refit_scorer: String,
    /// The refitted model's score on the hold-out test split (refit scorer).
    pub test_score: Option<f64>,
    /// Every scorer on the hold-out test split.
    pub test_scores: BTreeMap<String, f64>,
    /// Confusion matrix of the refitted model on the test split (on the training
    /// data when there is no test split); rows are true classes. Empty for a
    /// regression.
    pub confusion_matrix: Vec<Vec<usize>>,
    /// Whether [`SearchResult::confusion_matrix`] is on held-out data.
    pub confusion_on_test: bool,
    /// Class names, in class-index order.
    pub class_names: Vec<String>,
    /// Rows used for cross-validation and the refit.
    pub n_train: usize,
    /// Rows held out.
    pub n_test: usize,
    /// Number of folds.
    pub n_splits: usize,
    /// The model at the end of the pipeline.
    pub model: ModelKind,
    /// Whether the target was numeric (regression scorers, no confusion matrix).
    pub regression: bool,
    /// The refitted best pipeline: expansion, scaler and model.
    /// Not serialised: the page and the CLI show its scores, not its history.
    #[serde(skip)]
    pub best_model: FittedPipeline,
    /// Row indices of the training part (all rows when there is no test split).
    #[serde(skip)]
    pub train_indices: Vec<usize>,
    /// Rows per class in the training part, in class order (empty for a
    /// regression): what the chance level of [`crate::report::chance_level`] is
    /// computed from.
    pub train_class_counts: Vec<usize>,
}

impl SearchResult {
    /// The suffix of the refit scorer's columns: `score` when the search had one
    /// scorer (`mean_test_score`), else the scorer's name (`mean_test_f1_macro`).
    pub fn score_suffix(&self) -> &str {
        if self.cv_results.get("mean_test_score").is_some() {
            "score"
        } else {
            &self.refit_scorer
        }
    }
}
