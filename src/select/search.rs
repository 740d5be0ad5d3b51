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

use std::collections::BTreeMap;

use ndarray::{Array2, ArrayView2, Axis};

mod job;
pub use job::{FitOutcome, Job, Unit, UnitOutcome};
use serde::{Deserialize, Serialize};

use super::grid::{Candidate, ParamGrid};
use super::rank::rank;
use super::split::{CvConfig, Fold, kfold, train_test_split};
use crate::data::{self, Dataset};
use crate::error::{Error, Result};
use crate::metrics::{Scorer, numpy_mean};
use crate::model::{
    Estimator, FittedPipeline, ModelKind, ParamValue, Pipeline, Prediction, Target, transform,
};
use crate::preprocess::StandardScaler;

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
        self.columns.iter().map(|(n, _)| n.as_str()).collect()
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

    fn push(&mut self, name: impl Into<String>, column: Column) {
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
#[cfg(not(target_arch = "wasm32"))]
pub fn grid_search(
    data: &Dataset,
    config: &SearchConfig,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<SearchResult> {
    grid_search_with_clock(data, config, progress, native_clock)
}

/// The target rows of one part of the data, owned.
#[derive(Debug, Clone)]
enum Truth {
    Classes(Vec<usize>),
    Values(Vec<f64>),
}

impl Truth {
    fn pick(target: &data::Target, idx: &[usize]) -> Truth {
        match target {
            data::Target::Classes { y, .. } => Truth::Classes(idx.iter().map(|&i| y[i]).collect()),
            data::Target::Values { y } => Truth::Values(idx.iter().map(|&i| y[i]).collect()),
        }
    }

    fn view(&self, n_classes: usize) -> Target<'_> {
        match self {
            Truth::Classes(y) => Target::Classes { y, n_classes },
            Truth::Values(y) => Target::Values(y),
        }
    }
}

/// The transformed training and test features of one fold.
struct PreparedFold {
    x_train: Array2<f64>,
    y_train: Truth,
    x_test: Array2<f64>,
    y_test: Truth,
    /// Some class has no row in the training part.
    unseen: bool,
}

/// Cuts rows `train` and `test` out of `x` and fits the pipeline's expansion and
/// scaler on the training part.
fn prepare(
    pipe: &Pipeline,
    x: ArrayView2<f64>,
    target: &data::Target,
    n_classes: usize,
    train: &[usize],
    test: &[usize],
) -> Result<PreparedFold> {
    if pipe.degree <= 1 && pipe.standardize {
        // The common case: the fold's rows are gathered and scaled in one pass, the
        // scaler fitted on the training rows where they lie — one matrix per part
        // instead of a copy of the raw rows and then a scaled copy.
        let scaler = StandardScaler::fit_rows(x, train);
        let y_train = Truth::pick(target, train);
        return Ok(PreparedFold {
            x_train: scaler.transform_rows(x, train),
            unseen: has_unseen_class(&y_train, n_classes),
            y_train,
            x_test: scaler.transform_rows(x, test),
            y_test: Truth::pick(target, test),
        });
    }
    prepare_rows(
        pipe,
        x.select(Axis(0), train),
        Truth::pick(target, train),
        x.select(Axis(0), test),
        Truth::pick(target, test),
        n_classes,
    )
}

/// [`prepare`] on rows already cut out.
fn prepare_rows(
    pipe: &Pipeline,
    x_train: Array2<f64>,
    y_train: Truth,
    x_test: Array2<f64>,
    y_test: Truth,
    n_classes: usize,
) -> Result<PreparedFold> {
    let (poly, scaler) = pipe.fit_transformers(x_train.view())?;
    let (x_train, x_test) = if poly.is_none() && scaler.is_none() {
        (x_train, x_test)
    } else {
        (
            transform(poly.as_ref(), scaler.as_ref(), x_train.view()),
            transform(poly.as_ref(), scaler.as_ref(), x_test.view()),
        )
    };
    Ok(PreparedFold {
        x_train,
        unseen: has_unseen_class(&y_train, n_classes),
        y_train,
        x_test,
        y_test,
    })
}

/// Whether some class has no row among the training labels `y_train`.
fn has_unseen_class(y_train: &Truth, n_classes: usize) -> bool {
    match y_train {
        Truth::Classes(y) => {
            let mut seen = vec![false; n_classes];
            for &c in y {
                if let Some(s) = seen.get_mut(c) {
                    *s = true;
                }
            }
            seen.iter().any(|s| !s)
        }
        Truth::Values(_) => false,
    }
}

/// Scores of one fitted model on some rows, one per scorer. A scorer that cannot
/// score (probabilities that are not numbers, say) gives NaN and its reason, as
/// scikit-learn's `error_score=nan`; so do the probability scorers when the model
/// never saw a class (`unseen`), whose probability is then only as small as the
/// solver's tolerance made it.
fn score_all(
    model: &dyn Estimator,
    x: ArrayView2<f64>,
    truth: &Truth,
    scorers: &[Scorer],
    unseen: bool,
    notes: &mut Vec<String>,
) -> Vec<f64> {
    let pred = match model.predict(x) {
        Ok(p) => p,
        Err(e) => {
            notes.push(format!("predict failed: {e}"));
            return vec![f64::NAN; scorers.len()];
        }
    };
    let proba = if scorers.iter().any(|s| s.needs_proba()) {
        model.predict_proba(x).ok()
    } else {
        None
    };
    scorers
        .iter()
        .map(|s| {
            if unseen && s.needs_proba() {
                return f64::NAN;
            }
            let scored = match (truth, &pred) {
                (Truth::Classes(y), Prediction::Classes(p)) => {
                    s.score(y, p, proba.as_ref().map(|p| p.view()))
                }
                (Truth::Values(y), Prediction::Values(p)) => s.score_values(y, p),
                _ => Err(Error::InvalidData(
                    "the model predicts another kind of target than the data holds".into(),
                )),
            };
            match scored {
                Ok(v) => v,
                Err(e) => {
                    notes.push(format!("{s}: {e}"));
                    f64::NAN
                }
            }
        })
        .collect()
}

/// scikit-learn's mean and population std of the fold scores: `np.average` over
/// a contiguous row, which NumPy sums pairwise — in fold order below 8 folds,
/// with eight accumulators from 8 on. The last bit of a mean can decide a rank.
pub(crate) fn mean_std(values: &[f64]) -> (f64, f64) {
    let mean = numpy_mean(values);
    let squares: Vec<f64> = values.iter().map(|v| (v - mean) * (v - mean)).collect();
    (mean, numpy_mean(&squares).sqrt())
}

/// ", the largest class, “setosa”, has 40 rows": what a stratified split ran short
/// of, for a split error (empty for a numeric target).
fn largest_class(target: &data::Target) -> String {
    match target {
        data::Target::Classes { y, names } => {
            let mut counts = vec![0usize; names.len()];
            for &c in y {
                if let Some(n) = counts.get_mut(c) {
                    *n += 1;
                }
            }
            // The first of the largest, as the class listed first reads best.
            let largest =
                counts
                    .iter()
                    .enumerate()
                    .fold(None, |best: Option<(usize, &usize)>, (c, n)| match best {
                        Some((_, m)) if m >= n => best,
                        _ => Some((c, n)),
                    });
            match largest {
                Some((c, n)) => format!(
                    "; the largest class, “{}”, has {n} rows",
                    names.get(c).map_or("?", String::as_str)
                ),
                None => String::new(),
            }
        }
        data::Target::Values { .. } => String::new(),
    }
}

/// Whether the model's target fits the data's: classes for a classifier, numbers
/// for a regressor.
fn check_task(data: &Dataset, model: ModelKind) -> Result<()> {
    match (&data.target, model.is_classifier()) {
        (data::Target::Classes { .. }, true) | (data::Target::Values { .. }, false) => Ok(()),
        (data::Target::Values { .. }, true) => Err(Error::InvalidParam {
            name: "model".into(),
            value: model.name().into(),
            reason: format!(
                "it predicts classes, but {:?} holds numbers; pick a regression model \
                 (linear_regression, ridge, lasso, elastic_net, mlp_regressor)",
                data.label_name
            ),
        }),
        (data::Target::Classes { .. }, false) => Err(Error::InvalidParam {
            name: "model".into(),
            value: model.name().into(),
            reason: format!(
                "it predicts numbers, but {:?} holds classes; pick a classifier \
                 (logistic_regression, mlp_classifier) or load the label as a numeric target",
                data.label_name
            ),
        }),
    }
}

/// What a search will do, checked before any fitting: everything
/// [`grid_search_with_clock`] refuses is refused here with the same error.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    /// Candidates in the grid.
    pub candidates: usize,
    /// Folds.
    pub folds: usize,
    /// Fits: candidates × folds, plus the refit.
    pub fits: usize,
    /// Rows cross-validated (after the hold-out).
    pub n_train: usize,
    /// Rows held out.
    pub n_test: usize,
    /// The most feature columns any candidate's polynomial expansion makes.
    pub expanded_features: usize,
}

/// Checks `config` against `data` as a search would, without fitting anything.
///
/// # Errors
/// As [`grid_search_with_clock`] before its first fit: the model and the target,
/// the grid, the scorers, the test split and the folds.
pub fn plan(data: &Dataset, config: &SearchConfig) -> Result<Plan> {
    plan_with(data, config, data.n_features())
}

/// What a search will do on data known only by its shape: `n_features` columns and,
/// per class, how many rows (`class_counts`; for a numeric target `None` and
/// `n_samples` rows). Every check of [`plan`] depends only on these, so a page can
/// check settings as they are typed without the data at hand.
///
/// # Errors
/// As [`plan`].
pub fn plan_for_shape(
    n_samples: usize,
    n_features: usize,
    class_counts: Option<&[usize]>,
    class_names: &[String],
    config: &SearchConfig,
) -> Result<Plan> {
    crate::limits::check_shape(n_samples, n_features, class_counts)?;
    let target = match class_counts {
        Some(counts) => {
            let y: Vec<usize> = counts
                .iter()
                .enumerate()
                .flat_map(|(c, &k)| std::iter::repeat_n(c, k))
                .collect();
            data::Target::Classes {
                names: (0..counts.len())
                    .map(|c| class_names.get(c).cloned().unwrap_or_else(|| c.to_string()))
                    .collect(),
                y,
            }
        }
        None => data::Target::Values {
            y: vec![0.0; n_samples],
        },
    };
    let rows = target.len();
    let stand_in = Dataset::new(
        "shape",
        Array2::zeros((rows, 0)),
        target,
        Vec::new(),
        "label",
    )?;
    plan_with(&stand_in, config, n_features)
}

/// [`plan`] with expansions checked for `n_features` columns.
fn plan_with(data: &Dataset, config: &SearchConfig, n_features: usize) -> Result<Plan> {
    let s = setup_with(data, config, n_features)?;
    let expanded_features = s
        .candidates
        .iter()
        .map(|(_, p)| crate::preprocess::output_count(n_features, p.degree).unwrap_or(usize::MAX))
        .max()
        .unwrap_or(0);
    Ok(Plan {
        candidates: s.candidates.len(),
        folds: s.folds.len(),
        fits: s.candidates.len() * s.folds.len() + 1,
        n_train: s.train_idx.len(),
        n_test: s.test_idx.len(),
        expanded_features,
    })
}

/// The rows a search with `config` holds out and the folds it cuts from the rest
/// (indices into the rows kept), as it will cut them: for exporting a search that
/// reproduces the same splits elsewhere.
///
/// # Errors
/// As [`plan`].
pub fn splits(
    data: &Dataset,
    config: &SearchConfig,
) -> Result<(Vec<usize>, Vec<usize>, Vec<Fold>)> {
    let s = setup(data, config)?;
    Ok((s.train_idx, s.test_idx, s.folds))
}

/// The checked pieces of a search, before any fitting.
struct Setup {
    candidates: Vec<(Candidate, Pipeline)>,
    scorers: Vec<Scorer>,
    regression: bool,
    n_classes: usize,
    train_idx: Vec<usize>,
    test_idx: Vec<usize>,
    x_trainval: Array2<f64>,
    trainval: data::Target,
    folds: Vec<Fold>,
}

/// Checks the search and cuts the data: candidates, scorers, hold-out split, folds.
fn setup(data: &Dataset, config: &SearchConfig) -> Result<Setup> {
    setup_with(data, config, data.n_features())
}

/// [`setup`], checking polynomial expansions for `n_features` columns (which may
/// differ from `data`'s when `data` stands in for a data set known by its shape).
fn setup_with(data: &Dataset, config: &SearchConfig, n_features: usize) -> Result<Setup> {
    crate::limits::check_plan(config.grid.len(), config.cv.k)?;
    data.check()?;
    check_task(data, config.model)?;
    let base = config.base_pipeline()?;
    let candidates = config.grid.params_for_all(&base)?;
    for (i, (candidate, pipe)) in candidates.iter().enumerate() {
        pipe.check(n_features)
            .map_err(|e| super::grid::describe_candidate(i, candidate, e))?;
    }
    let scorers = config.scorers();
    let regression = data.is_regression();
    if let Some(bad) = scorers.iter().find(|s| s.is_regression() != regression) {
        return Err(Error::InvalidParam {
            name: "scoring".into(),
            value: bad.name().into(),
            reason: if regression {
                "the target holds numbers; score with r2, neg_mean_squared_error, \
                 neg_root_mean_squared_error or neg_mean_absolute_error"
                    .into()
            } else {
                "the target holds classes; score with accuracy, balanced_accuracy, \
                 f1_macro, … or neg_log_loss"
                    .into()
            },
        });
    }
    let n_classes = data.n_classes();
    if !regression && n_classes < 2 {
        return Err(Error::TooFewClasses {
            column: data.label_name.clone(),
            found: n_classes,
        });
    }

    // Hold-out split, then folds of the training part (indices into it).
    if !(0.0..1.0).contains(&config.test_size) {
        return Err(Error::InvalidParam {
            name: "test_size".into(),
            value: config.test_size.to_string(),
            reason: "must be at least 0 (no hold-out) and below 1".into(),
        });
    }
    let class_of_row: Vec<usize> = match data.classes() {
        Some(y) => y.to_vec(),
        None => vec![0; data.n_samples()],
    };
    let (train_idx, test_idx) = if config.test_size > 0.0 {
        train_test_split(
            &class_of_row,
            config.test_size,
            !regression,
            config.test_seed,
        )?
    } else {
        ((0..data.n_samples()).collect(), Vec::new())
    };
    let x_all = data.x.view();
    let x_trainval = x_all.select(Axis(0), &train_idx);
    let target_trainval = Truth::pick(&data.target, &train_idx);
    let trainval = match target_trainval {
        Truth::Classes(y) => data::Target::Classes {
            y,
            names: data.class_names().to_vec(),
        },
        Truth::Values(y) => data::Target::Values { y },
    };
    let split = match &trainval {
        // scikit-learn's cv=k: StratifiedKFold for a classifier, KFold for a regressor.
        data::Target::Classes { y, .. } => config.cv.split(y),
        data::Target::Values { y } => kfold(
            y.len(),
            config.cv.k,
            config.cv.shuffle.then_some(config.cv.seed),
        ),
    };
    let folds: Vec<Fold> = split.map_err(|e| match e {
        // Say that the folds cut what is left after the hold-out, not all rows.
        Error::InvalidSplit { k, n_samples, reason } if !test_idx.is_empty() => Error::InvalidSplit {
            k,
            n_samples,
            reason: format!(
                "{reason}{} (these are the {n_samples} rows left for cross-validation after holding out {} of {} for the test split)",
                largest_class(&trainval),
                test_idx.len(),
                data.n_samples()
            ),
        },
        Error::InvalidSplit { k, n_samples, reason } => match data.regression_hint() {
            Some(hint) => Error::InvalidSplit { k, n_samples, reason: format!("{reason}; {hint}") },
            None => Error::InvalidSplit { k, n_samples, reason: format!("{reason}{}", largest_class(&trainval)) },
        },
        other => other,
    })?;

    Ok(Setup {
        candidates,
        scorers,
        regression,
        n_classes,
        train_idx,
        test_idx,
        x_trainval,
        trainval,
        folds,
    })
}

/// Runs the search, timing fits with `clock`: a [`Job`] run unit by unit on this
/// thread. `progress` is called after every fit; returning `false` cancels the
/// search with [`Error::Cancelled`].
///
/// # Errors
/// As [`plan`], then [`Error::Cancelled`], or [`Error::InvalidData`] when every
/// candidate failed to fit.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn plan_counts_fits_and_refuses_what_a_run_refuses() {
        use crate::model::ModelKind;
        let iris = Dataset::iris();
        let config = SearchConfig {
            test_size: 0.2,
            ..SearchConfig::default()
        };
        let p = plan(&iris, &config).unwrap();
        assert_eq!((p.candidates, p.folds, p.fits), (12, 5, 61));
        assert_eq!((p.n_train, p.n_test, p.expanded_features), (120, 30, 4));
        // Each of these fails the same way with and without fitting.
        let mut too_many_folds = SearchConfig::default();
        too_many_folds.cv.k = 60;
        let regressor = SearchConfig {
            model: ModelKind::Ridge,
            ..SearchConfig::default()
        };
        let mut degree = SearchConfig::new(ParamGrid::parse(&["degree=40"]).unwrap());
        degree.scoring = vec![Scorer::Accuracy];
        for bad in [too_many_folds, regressor, degree] {
            let planned = plan(&iris, &bad).unwrap_err();
            let run = grid_search(&iris, &bad, &mut |_| true).unwrap_err();
            assert_eq!(planned, run);
            // Known by its shape alone, the data gives the same answer.
            let shaped = plan_for_shape(150, 4, Some(&[50, 50, 50]), &[], &bad).unwrap_err();
            assert_eq!(
                std::mem::discriminant(&shaped),
                std::mem::discriminant(&planned)
            );
        }
        let shaped = plan_for_shape(150, 4, Some(&[50, 50, 50]), &[], &config).unwrap();
        assert_eq!(shaped, p);
        // Five rows of a rare class: 6 stratified folds still cut (one class is enough),
        // 60 do not.
        let mut folds = SearchConfig::default();
        folds.cv.k = 6;
        assert!(plan_for_shape(105, 4, Some(&[100, 5]), &[], &folds).is_ok());
        folds.cv.k = 101;
        assert!(plan_for_shape(105, 4, Some(&[100, 5]), &[], &folds).is_err());
    }

    #[test]
    fn ranks_share_the_smallest_and_nan_is_last() {
        assert_eq!(rank(&[0.5, 0.9, 0.9, f64::NAN, 0.1]), [3, 1, 1, 5, 4]);
    }

    #[test]
    fn ten_fold_means_are_numpys_pairwise_sums() {
        // np.average of this row (scikit-learn's mean_test_score for cv=10) ends in
        // ...334; a left-to-right sum gives ...333 and could change a rank.
        let scores = [
            1.0,
            0.8666666666666667,
            0.9333333333333333,
            1.0,
            1.0,
            0.6,
            0.9333333333333333,
            0.8666666666666667,
            0.7333333333333333,
            0.8,
        ];
        let (m, s) = mean_std(&scores);
        assert_eq!(m, 0.8733333333333334);
        assert_eq!(s, 0.12454361128179604);
        assert_ne!(m, scores.iter().fold(0.0, |a, v| a + v) / 10.0);
    }

    #[test]
    fn mean_is_summed_in_fold_order() {
        let (m, s) = mean_std(&[1.0, 0.5, 0.5, 1.0]);
        assert_eq!(m, 0.75);
        assert_eq!(s, 0.25);
    }
}
