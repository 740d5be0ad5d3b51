//! Cross-validated grid search, reporting as scikit-learn's `GridSearchCV`.
//!
//! For each candidate and each fold, the standard scaler (when on) is fitted on the
//! training part of the fold only, the model is fitted there, and every scorer is
//! evaluated on the fold's test part (and its training part). The best candidate by
//! the refit scorer is refitted on all training data and, when a hold-out test
//! split was asked for, scored on it.
//!
//! ```
//! use tunelab::Dataset;
//! use tunelab::select::{grid_search, ParamGrid, SearchConfig};
//! let iris = Dataset::iris();
//! let mut config = SearchConfig::new(ParamGrid::parse(&["C=0.1,1"])?);
//! config.test_size = 0.2;
//! let result = grid_search(&iris, &config, &mut |p| { assert!(p.done <= p.total); true })?;
//! assert_eq!(result.cv_results.n_candidates(), 2);
//! assert!(result.test_score.is_some_and(|s| s > 0.8));
//! # Ok::<(), tunelab::Error>(())
//! ```

mod cv_results;
mod fold;
mod job;
mod setup;

#[cfg(test)]
mod tests;

pub use job::{FitOutcome, Job, Unit, UnitOutcome};
use serde::{Deserialize, Serialize};

pub use self::cv_results::{Column, CvResults, SearchResult};
pub(crate) use self::fold::mean_std;
use self::fold::{PreparedFold, Truth, prepare, score_all, score_rows};
pub use self::setup::{Plan, plan, plan_for_shape, splits};
use self::setup::{Setup, setup};
use super::grid::{Candidate, ParamGrid};
use super::rank::rank;
use super::split::CvConfig;
use crate::data::Dataset;
use crate::error::Result;
use crate::metrics::Scorer;
use crate::model::{ModelKind, ParamValue, Pipeline};

/// Everything a grid search needs besides the data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchConfig {
    /// The model at the end of the pipeline; defaults to logistic regression.
    pub model: ModelKind,
    /// Values of the parameters that the grid does not vary, by name (`max_iter`,
    /// `solver`, …); the rest keep the model's defaults.
    pub base: Candidate,
    /// The candidates to try.
    pub grid: ParamGrid,
    /// How to cut the training data into folds.
    pub cv: CvConfig,
    /// Scorers to compute; empty (the default) means scikit-learn's `scoring=None`:
    /// accuracy for a classifier, R² for a regressor.
    pub scoring: Vec<Scorer>,
    /// The scorer that picks the best candidate; defaults to the first of `scoring`.
    pub refit: Option<Scorer>,
    /// Standardise features inside each fold, unless the grid or `base` sets
    /// `standardize`; defaults to `true`.
    pub standardize: bool,
    /// Fraction of rows held out as a test set (stratified for a classifier); `0` (the default)
    /// cross-validates on all rows, as `GridSearchCV(...).fit(X, y)`.
    pub test_size: f64,
    /// Seed of the train/test split; defaults to `42`.
    pub test_seed: u64,
    /// Also score each fold's training part (`*_train_score`); defaults to `true`.
    pub return_train_score: bool,
    /// Within a fold, fit the candidates that differ only in `C` (logistic
    /// regression, `lbfgs`) or `alpha` (lasso, elastic net) from the strongest
    /// regularisation to the weakest, each starting from the previous solution;
    /// scores equal a cold start's within the solver's tolerance. Defaults to `true`.
    pub warm_start: bool,
}

impl Default for SearchConfig {
    fn default() -> Self {
        SearchConfig {
            model: ModelKind::LogisticRegression,
            base: Candidate::new(),
            grid: ParamGrid::default(),
            cv: CvConfig::default(),
            scoring: Vec::new(),
            refit: None,
            standardize: true,
            test_size: 0.0,
            test_seed: 42,
            return_train_score: true,
            warm_start: true,
        }
    }
}

impl SearchConfig {
    /// Defaults (5 stratified folds, accuracy, standardisation) with this grid.
    pub fn new(grid: ParamGrid) -> Self {
        SearchConfig {
            grid,
            ..SearchConfig::default()
        }
    }

    /// Fixes parameter `name` at `value` for every candidate (the command line's
    /// `--set NAME=VALUE`).
    pub fn fix(&mut self, name: &str, value: ParamValue) -> &mut Self {
        self.base.insert(name.to_string(), value);
        self
    }

    /// The scorer that decides the best candidate.
    pub fn refit_scorer(&self) -> Scorer {
        self.refit
            .or_else(|| self.scoring.first().copied())
            .unwrap_or(Scorer::default_for(!self.model.is_classifier()))
    }

    /// The pipeline every candidate starts from: the model's defaults, then
    /// `standardize` and `base`.
    ///
    /// # Errors
    /// An unknown name or a value of the wrong type in `base`.
    pub fn base_pipeline(&self) -> Result<Pipeline> {
        let mut pipe = Pipeline::new(self.model);
        pipe.standardize = self.standardize;
        for (name, value) in &self.base {
            pipe.set(name, value)?;
        }
        Ok(pipe)
    }

    /// The scorers to compute, refit scorer included, without repeats.
    fn scorers(&self) -> Vec<Scorer> {
        let mut out: Vec<Scorer> = Vec::new();
        for s in self
            .scoring
            .iter()
            .copied()
            .chain(std::iter::once(self.refit_scorer()))
        {
            if !out.contains(&s) {
                out.push(s);
            }
        }
        out
    }
}

/// Where a search is, for progress bars.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Progress {
    /// Fits finished.
    pub done: usize,
    /// Fits planned (candidates × folds, plus the refit).
    pub total: usize,
}

/// Time source in seconds (a monotonic clock natively; `performance.now()` in
/// the browser, given by the web layer).
pub type Clock = fn() -> f64;

#[cfg(not(target_arch = "wasm32"))]
fn native_clock() -> f64 {
    use std::sync::OnceLock;
    use std::time::Instant;
    static START: OnceLock<Instant> = OnceLock::new();
    START.get_or_init(Instant::now).elapsed().as_secs_f64()
}

/// Runs the search with the native clock. `progress` is called after every fit;
/// returning `false` cancels the search with [`Error::Cancelled`].
///
/// [`Error::Cancelled`]: crate::error::Error::Cancelled
#[cfg(not(target_arch = "wasm32"))]
pub fn grid_search(
    data: &Dataset,
    config: &SearchConfig,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<SearchResult> {
    grid_search_with_clock(data, config, progress, native_clock)
}

/// Runs the search, timing fits with `clock`: a [`Job`] run unit by unit on this
/// thread. `progress` is called after every fit; returning `false` cancels the
/// search with [`Error::Cancelled`].
///
/// # Errors
/// As [`plan`], then [`Error::Cancelled`], or [`Error::InvalidData`] when every
/// candidate failed to fit or has no refit score (as a log loss refused on folds
/// missing a class).
///
/// [`Error::Cancelled`]: crate::error::Error::Cancelled
/// [`Error::InvalidData`]: crate::error::Error::InvalidData
pub fn grid_search_with_clock(
    data: &Dataset,
    config: &SearchConfig,
    progress: &mut dyn FnMut(Progress) -> bool,
    clock: Clock,
) -> Result<SearchResult> {
    Job::new(data, config, clock)?.run(progress)
}

/// Runs the search on `threads` threads (see [`Job::run_parallel`]) with the
/// native clock; the result equals [`grid_search`]'s bit for bit, times apart.
///
/// # Errors
/// As [`grid_search_with_clock`].
#[cfg(not(target_arch = "wasm32"))]
pub fn grid_search_parallel(
    data: &Dataset,
    config: &SearchConfig,
    threads: usize,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<SearchResult> {
    Job::new(data, config, native_clock)?.run_parallel(threads, progress)
}
