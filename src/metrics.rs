//! Classification and regression metrics with scikit-learn's definitions, and the
//! scorers a search can optimise.
//!
//! Classes are `usize` indices. The functions follow `sklearn.metrics` down to the
//! order of floating-point operations: averages are summed with NumPy's pairwise
//! summation, so a score agrees with scikit-learn's to the last bit, which matters
//! when a search breaks ties between candidates.
//!
//! * [`accuracy`], [`balanced_accuracy`]
//! * [`precision`], [`recall`], [`f1`] with an [`Average`] (`"macro"` or `"weighted"`)
//! * [`log_loss`] on predicted probabilities
//! * [`confusion_matrix`]
//! * [`r2`], [`mean_squared_error`], [`mean_absolute_error`] for numeric targets
//! * [`Scorer`]: scikit-learn's `scoring=` strings, higher is better.
//!
//! The plain functions never fail: on inputs they cannot score (no samples, or
//! `y_true` and `y_pred` of different lengths) they return `NaN`. [`Scorer::score`]
//! checks its inputs and returns an [`Error`] instead.
//!
//! ```
//! use tunelab::metrics::{self, Average, Scorer};
//! let y_true = [0, 1, 2, 0, 1, 2];
//! let y_pred = [0, 2, 1, 0, 0, 1];
//! assert!((metrics::accuracy(&y_true, &y_pred) - 1.0 / 3.0).abs() < 1e-15);
//! // scikit-learn: f1_score(y_true, y_pred, average="macro") == 0.26666666666666666
//! assert_eq!(metrics::f1(&y_true, &y_pred, Average::Macro), 0.26666666666666666);
//!
//! let scorer: Scorer = "f1_macro".parse()?;
//! assert_eq!(scorer.score(&y_true, &y_pred, None)?, 0.26666666666666666);
//! assert!("f2".parse::<Scorer>().is_err());
//! # Ok::<(), tunelab::Error>(())
//! ```

use crate::collect::CollectVec;
use crate::math;
use std::fmt;
use std::str::FromStr;

use ndarray::{Array2, ArrayView2};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Fraction of samples whose predicted class equals the true class
/// (`sklearn.metrics.accuracy_score`).
///
/// Returns `NaN` when there are no samples or the slices differ in length.
pub fn accuracy(y_true: &[usize], y_pred: &[usize]) -> f64 {
    if y_true.is_empty() || y_true.len() != y_pred.len() {
        return f64::NAN;
    }
    let correct = y_true.iter().zip(y_pred).filter(|(t, p)| t == p).count();
    correct as f64 / y_true.len() as f64
}

/// Mean recall over the classes present in `y_true`
/// (`sklearn.metrics.balanced_accuracy_score`, `adjusted=False`).
///
/// Classes that are only predicted, never true, are left out, as scikit-learn does
/// (it warns "y_pred contains classes not in y_true"). Returns `NaN` when there are no
/// samples or the slices differ in length.
pub fn balanced_accuracy(y_true: &[usize], y_pred: &[usize]) -> f64 {
    let Some(counts) = label_counts(y_true, y_pred) else {
        return f64::NAN;
    };
    let recalls: Vec<f64> = counts
        .iter()
        .map(|(_, c)| c)
        .filter(|c| c.true_sum > 0)
        .map(|c| c.tp as f64 / c.true_sum as f64)
        .collect_vec();
    numpy_mean(&recalls)
}

/// The coefficient of determination `1 − SS_res / SS_tot`
/// (`sklearn.metrics.r2_score`).
///
/// As scikit-learn with `force_finite=True`: a constant `y_true` gives `1.0` when the
/// prediction is perfect and `0.0` otherwise. Returns `NaN` when there are no samples
/// or the slices differ in length.
pub fn r2(y_true: &[f64], y_pred: &[f64]) -> f64 {
    if y_true.is_empty() || y_true.len() != y_pred.len() {
        return f64::NAN;
    }
    let mean = numpy_mean(y_true);
    let residual: Vec<f64> = y_true
        .iter()
        .zip(y_pred)
        .map(|(t, p)| (t - p) * (t - p))
        .collect_vec();
    let total: Vec<f64> = y_true.iter().map(|t| (t - mean) * (t - mean)).collect_vec();
    let (num, den) = (pairwise_sum(&residual), pairwise_sum(&total));
    if den != 0.0 {
        1.0 - num / den
    } else if num == 0.0 {
        1.0
    } else {
        0.0
    }
}

/// Mean of the squared errors (`sklearn.metrics.mean_squared_error`); `NaN` when
/// there are no samples or the slices differ in length.
pub fn mean_squared_error(y_true: &[f64], y_pred: &[f64]) -> f64 {
    if y_true.is_empty() || y_true.len() != y_pred.len() {
        return f64::NAN;
    }
    let squares: Vec<f64> = y_true
        .iter()
        .zip(y_pred)
        .map(|(t, p)| (t - p) * (t - p))
        .collect_vec();
    numpy_mean(&squares)
}

/// Mean of the absolute errors (`sklearn.metrics.mean_absolute_error`); `NaN` when
/// there are no samples or the slices differ in length.
pub fn mean_absolute_error(y_true: &[f64], y_pred: &[f64]) -> f64 {
    if y_true.is_empty() || y_true.len() != y_pred.len() {
        return f64::NAN;
    }
    let errors: Vec<f64> = y_true
        .iter()
        .zip(y_pred)
        .map(|(t, p)| (p - t).abs())
        .collect_vec();
    numpy_mean(&errors)
}

/// How per-class precision, recall and F1 are combined into one number
/// (scikit-learn's `average=` argument).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Average {
    /// Unweighted mean over the classes (`average="macro"`).
    Macro,
    /// Mean weighted by each class's number of true samples (`average="weighted"`).
    Weighted,
}

/// Precision `tp / (tp + fp)` per class, averaged (`sklearn.metrics.precision_score`).
///
/// The classes are those present in `y_true` or `y_pred`; a class never predicted has
/// precision 0 (`zero_division=0`). Returns `NaN` when there are no samples or the
/// slices differ in length.
pub fn precision(y_true: &[usize], y_pred: &[usize], average: Average) -> f64 {
    prf(y_true, y_pred, average, |c| {
        ratio(c.tp as f64, c.pred_sum as f64)
    })
}

/// Recall `tp / (tp + fn)` per class, averaged (`sklearn.metrics.recall_score`).
///
/// The classes are those present in `y_true` or `y_pred`; a class that is predicted
/// but never true has recall 0 (`zero_division=0`) and, under
/// [`Average::Weighted`], weight 0. Returns `NaN` when there are no samples or the
/// slices differ in length.
pub fn recall(y_true: &[usize], y_pred: &[usize], average: Average) -> f64 {
    prf(y_true, y_pred, average, |c| {
        ratio(c.tp as f64, c.true_sum as f64)
    })
}

/// F1 score per class, averaged (`sklearn.metrics.f1_score`).
///
/// Per class F1 is computed as scikit-learn does, `2·tp / (2·tp + fp + fn)`, which is
/// the harmonic mean of precision and recall without its rounding. The classes are
/// those present in `y_true` or `y_pred`. Returns `NaN` when there are no samples or
/// the slices differ in length.
pub fn f1(y_true: &[usize], y_pred: &[usize], average: Average) -> f64 {
    prf(y_true, y_pred, average, |c| {
        // sklearn: (1 + beta²)·tp / (beta²·true_sum + pred_sum) with beta = 1.
        ratio(2.0 * c.tp as f64, c.true_sum as f64 + c.pred_sum as f64)
    })
}

/// Mean negative log-likelihood of the true classes (`sklearn.metrics.log_loss`).
///
/// `proba` has one row per sample and one column per class (column `c` holds the
/// probability of class `c`, as `predict_proba` returns them). As in scikit-learn
/// 1.9, probabilities are clipped to `[ε, 1 − ε]` with `ε = f64::EPSILON` and are
/// **not** renormalised (scikit-learn only warns when rows do not sum to one); the
/// result is `mean(−ln p[i, y_true[i]])`. This is `log_loss(y_true, proba,
/// labels=range(n_columns))`.
///
/// Returns `NaN` when there are no samples, when `proba` does not have one row per
/// sample, or when a true class has no column. Values outside `[0, 1]` are clipped
/// here; [`Scorer::score`] refuses them, as scikit-learn does.
pub fn log_loss(y_true: &[usize], proba: ArrayView2<f64>) -> f64 {
    if y_true.is_empty() || proba.nrows() != y_true.len() {
        return f64::NAN;
    }
    let eps = f64::EPSILON;
    let mut losses = Vec::with_capacity(y_true.len());
    for (row, &class) in proba.outer_iter().zip(y_true) {
        let Some(&p) = row.get(class) else {
            return f64::NAN;
        };
        // sklearn sums xlogy(onehot, p) over the row: the other classes add exact
        // zeros, unless one of them is NaN, which makes the row's loss NaN.
        let loss = if row.iter().any(|v| v.is_nan()) {
            f64::NAN
        } else {
            -math::ln(p.clamp(eps, 1.0 - eps))
        };
        losses.push(loss);
    }
    numpy_mean(&losses)
}

/// Counts of (true class, predicted class) pairs: entry `[i, j]` is the number of
/// samples of class `i` predicted as class `j` (`sklearn.metrics.confusion_matrix`
/// with `labels=range(n_classes)`).
///
/// Pairs with a class `≥ n_classes` are not counted, as scikit-learn ignores labels
/// outside `labels`. The slices should have the same length; if they do not, only the
/// pairs up to the shorter length are counted.
pub fn confusion_matrix(y_true: &[usize], y_pred: &[usize], n_classes: usize) -> Array2<usize> {
    let mut matrix = Array2::zeros((n_classes, n_classes));
    for (&t, &p) in y_true.iter().zip(y_pred) {
        if let Some(cell) = matrix.get_mut((t, p)) {
            *cell += 1;
        }
    }
    matrix
}

/// A scoring rule for cross-validation and search, named by scikit-learn's
/// `scoring=` string. Higher scores are better.
///
/// Converts from and to the string with [`FromStr`] / [`Display`](fmt::Display), and
/// (de)serialises as that string. The default is [`Scorer::Accuracy`], what
/// scikit-learn uses for a classifier when `scoring=None`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Scorer {
    /// `"accuracy"`: [`accuracy`].
    #[default]
    #[serde(rename = "accuracy")]
    Accuracy,
    /// `"balanced_accuracy"`: [`balanced_accuracy`].
    #[serde(rename = "balanced_accuracy")]
    BalancedAccuracy,
    /// `"precision_macro"`: [`precision`] with [`Average::Macro`].
    #[serde(rename = "precision_macro")]
    PrecisionMacro,
    /// `"recall_macro"`: [`recall`] with [`Average::Macro`].
    #[serde(rename = "recall_macro")]
    RecallMacro,
    /// `"f1_macro"`: [`f1`] with [`Average::Macro`].
    #[serde(rename = "f1_macro")]
    F1Macro,
    /// `"precision_weighted"`: [`precision`] with [`Average::Weighted`].
    #[serde(rename = "precision_weighted")]
    PrecisionWeighted,
    /// `"recall_weighted"`: [`recall`] with [`Average::Weighted`].
    #[serde(rename = "recall_weighted")]
    RecallWeighted,
    /// `"f1_weighted"`: [`f1`] with [`Average::Weighted`].
    #[serde(rename = "f1_weighted")]
    F1Weighted,
    /// `"neg_log_loss"`: minus [`log_loss`]; needs predicted probabilities.
    #[serde(rename = "neg_log_loss")]
    NegLogLoss,
    /// `"r2"`: [`r2`], for numeric targets.
    #[serde(rename = "r2")]
    R2,
    /// `"neg_mean_squared_error"`: minus [`mean_squared_error`].
    #[serde(rename = "neg_mean_squared_error")]
    NegMeanSquaredError,
    /// `"neg_root_mean_squared_error"`: minus the square root of
    /// [`mean_squared_error`].
    #[serde(rename = "neg_root_mean_squared_error")]
    NegRootMeanSquaredError,
    /// `"neg_mean_absolute_error"`: minus [`mean_absolute_error`].
    #[serde(rename = "neg_mean_absolute_error")]
    NegMeanAbsoluteError,
}

impl Scorer {
    /// Every scorer, in the order the playground lists them: classification first.
    pub const ALL: [Scorer; 13] = [
        Scorer::Accuracy,
        Scorer::BalancedAccuracy,
        Scorer::PrecisionMacro,
        Scorer::RecallMacro,
        Scorer::F1Macro,
        Scorer::PrecisionWeighted,
        Scorer::RecallWeighted,
        Scorer::F1Weighted,
        Scorer::NegLogLoss,
        Scorer::R2,
        Scorer::NegMeanSquaredError,
        Scorer::NegRootMeanSquaredError,
        Scorer::NegMeanAbsoluteError,
    ];

    /// The scorer scikit-learn uses with `scoring=None`: accuracy for a classifier,
    /// R² for a regressor.
    pub fn default_for(regression: bool) -> Scorer {
        if regression {
            Scorer::R2
        } else {
            Scorer::Accuracy
        }
    }

    /// Whether the scorer compares numbers (regression) rather than classes.
    pub fn is_regression(self) -> bool {
        matches!(
            self,
            Scorer::R2
                | Scorer::NegMeanSquaredError
                | Scorer::NegRootMeanSquaredError
                | Scorer::NegMeanAbsoluteError
        )
    }

    /// Scores numeric predictions; higher is better.
    ///
    /// # Errors
    /// * [`Error::InvalidData`] when there are no samples;
    /// * [`Error::Shape`] when the lengths differ;
    /// * [`Error::InvalidParam`] (`scoring`) for a classification scorer.
    pub fn score_values(self, y_true: &[f64], y_pred: &[f64]) -> Result<f64> {
        if y_true.is_empty() {
            return Err(Error::InvalidData(format!(
                "cannot compute {self}: there are no samples to score"
            )));
        }
        if y_pred.len() != y_true.len() {
            return Err(Error::Shape(format!(
                "y_true has {} samples but y_pred has {}",
                y_true.len(),
                y_pred.len()
            )));
        }
        Ok(match self {
            Scorer::R2 => r2(y_true, y_pred),
            Scorer::NegMeanSquaredError => -mean_squared_error(y_true, y_pred),
            Scorer::NegRootMeanSquaredError => -mean_squared_error(y_true, y_pred).sqrt(),
            Scorer::NegMeanAbsoluteError => -mean_absolute_error(y_true, y_pred),
            _ => return Err(self.wrong_task(true)),
        })
    }

    /// The error for a scorer used on the wrong kind of target.
    fn wrong_task(self, regression: bool) -> Error {
        Error::InvalidParam {
            name: "scoring".into(),
            value: self.name().into(),
            reason: if regression {
                "it scores classes; a numeric target takes r2, neg_mean_squared_error, \
                 neg_root_mean_squared_error or neg_mean_absolute_error"
                    .into()
            } else {
                "it scores numbers; a class target takes accuracy, balanced_accuracy, \
                 f1_macro, … or neg_log_loss"
                    .into()
            },
        }
    }

    /// scikit-learn's `scoring=` string for this scorer, e.g. `"f1_macro"`.
    pub fn name(self) -> &'static str {
        match self {
            Scorer::Accuracy => "accuracy",
            Scorer::BalancedAccuracy => "balanced_accuracy",
            Scorer::PrecisionMacro => "precision_macro",
            Scorer::RecallMacro => "recall_macro",
            Scorer::F1Macro => "f1_macro",
            Scorer::PrecisionWeighted => "precision_weighted",
            Scorer::RecallWeighted => "recall_weighted",
            Scorer::F1Weighted => "f1_weighted",
            Scorer::NegLogLoss => "neg_log_loss",
            Scorer::R2 => "r2",
            Scorer::NegMeanSquaredError => "neg_mean_squared_error",
            Scorer::NegRootMeanSquaredError => "neg_root_mean_squared_error",
            Scorer::NegMeanAbsoluteError => "neg_mean_absolute_error",
        }
    }

    /// Whether the scorer reads predicted probabilities rather than predicted classes
    /// (only [`Scorer::NegLogLoss`]).
    pub fn needs_proba(self) -> bool {
        matches!(self, Scorer::NegLogLoss)
    }

    /// Scores predictions; higher is better.
    ///
    /// Label scorers read `y_pred` and ignore `proba`; [`Scorer::NegLogLoss`] reads
    /// `proba` (one row per sample, one column per class) and ignores `y_pred`.
    ///
    /// # Errors
    /// * [`Error::InvalidData`] when `y_true` is empty, or when `proba` holds a value
    ///   that is not a number in `[0, 1]` (scikit-learn refuses these too), or (for
    ///   [`Scorer::NegLogLoss`]) when `y_true` does not hold every class that `proba`
    ///   has a column for, as scikit-learn's scorer refuses;
    /// * [`Error::Shape`] when `y_pred` (or the rows of `proba`) do not match
    ///   `y_true` in length, or a true class has no column in `proba`;
    /// * [`Error::InvalidParam`] (`scoring`) when the scorer needs `proba` and none
    ///   was given.
    pub fn score(
        self,
        y_true: &[usize],
        y_pred: &[usize],
        proba: Option<ArrayView2<f64>>,
    ) -> Result<f64> {
        if y_true.is_empty() {
            return Err(Error::InvalidData(format!(
                "cannot compute {self}: there are no samples to score"
            )));
        }
        let label_metric: fn(&[usize], &[usize]) -> f64 = match self {
            Scorer::Accuracy => accuracy,
            Scorer::BalancedAccuracy => balanced_accuracy,
            Scorer::PrecisionMacro => |t, p| precision(t, p, Average::Macro),
            Scorer::RecallMacro => |t, p| recall(t, p, Average::Macro),
            Scorer::F1Macro => |t, p| f1(t, p, Average::Macro),
            Scorer::PrecisionWeighted => |t, p| precision(t, p, Average::Weighted),
            Scorer::RecallWeighted => |t, p| recall(t, p, Average::Weighted),
            Scorer::F1Weighted => |t, p| f1(t, p, Average::Weighted),
            Scorer::NegLogLoss => {
                let proba = proba.ok_or_else(|| Error::InvalidParam {
                    name: "scoring".into(),
                    value: self.name().into(),
                    reason: "it needs predicted probabilities (predict_proba) and none were given"
                        .into(),
                })?;
                check_proba(y_true, proba)?;
                // scikit-learn's scorer calls log_loss without `labels`, which then
                // refuses rows that do not hold every class of the model (a test fold
                // of unstratified or too small classes): GridSearchCV scores it NaN.
                let mut seen = vec![false; proba.ncols()];
                y_true.iter().for_each(|&c| seen[c] = true);
                let present = seen.iter().filter(|&&s| s).count();
                if present != proba.ncols() {
                    return Err(Error::InvalidData(format!(
                        "the scored rows hold {present} of the model's {} classes, which \
                         scikit-learn's log_loss refuses (its score is NaN there too)",
                        proba.ncols()
                    )));
                }
                return Ok(-log_loss(y_true, proba));
            }
            _ => return Err(self.wrong_task(false)),
        };
        if y_pred.len() != y_true.len() {
            return Err(Error::Shape(format!(
                "y_true has {} samples but y_pred has {}",
                y_true.len(),
                y_pred.len()
            )));
        }
        Ok(label_metric(y_true, y_pred))
    }
}

impl fmt::Display for Scorer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Scorer {
    type Err = Error;

    /// Parses scikit-learn's `scoring=` string (exact, case-sensitive, as in
    /// scikit-learn).
    fn from_str(s: &str) -> Result<Self> {
        Scorer::ALL
            .into_iter()
            .find(|scorer| scorer.name() == s)
            .ok_or_else(|| Error::UnknownScorer {
                name: s.to_owned(),
                known: Scorer::ALL
                    .iter()
                    .map(|s| s.name().to_owned())
                    .collect_vec(),
            })
    }
}

/// Refuses probabilities scikit-learn's `log_loss` would refuse, and shapes that do
/// not fit `y_true`.
fn check_proba(y_true: &[usize], proba: ArrayView2<f64>) -> Result<()> {
    if proba.nrows() != y_true.len() {
        return Err(Error::Shape(format!(
            "y_true has {} samples but the probabilities have {} rows",
            y_true.len(),
            proba.nrows()
        )));
    }
    if let Some(&class) = y_true.iter().find(|&&c| c >= proba.ncols()) {
        return Err(Error::Shape(format!(
            "y_true contains class {class} but the probabilities have only {} columns",
            proba.ncols()
        )));
    }
    if let Some(&bad) = proba.iter().find(|p| !(0.0..=1.0).contains(*p)) {
        return Err(Error::InvalidData(format!(
            "predicted probabilities must be numbers between 0 and 1; found {bad}"
        )));
    }
    Ok(())
}

/// Per-class counts behind precision, recall and F1.
#[derive(Debug, Clone, Copy, Default)]
struct LabelCounts {
    /// Samples of this class predicted as this class.
    tp: usize,
    /// Samples predicted as this class.
    pred_sum: usize,
    /// Samples of this class.
    true_sum: usize,
}

/// Counts per label, for the labels present in `y_true` or `y_pred`, in increasing
/// order (scikit-learn's `unique_labels`). `None` when there is nothing to count or
/// the lengths differ.
///
/// A list sorted by label rather than a `BTreeMap`: there are few labels, and the map's
/// code for one more key and value type was kilobytes of the wasm module.
fn label_counts(y_true: &[usize], y_pred: &[usize]) -> Option<Vec<(usize, LabelCounts)>> {
    if y_true.is_empty() || y_true.len() != y_pred.len() {
        return None;
    }
    fn entry(counts: &mut Vec<(usize, LabelCounts)>, label: usize) -> &mut LabelCounts {
        let at = match counts.binary_search_by_key(&label, |&(l, _)| l) {
            Ok(at) => at,
            Err(at) => {
                counts.insert(at, (label, LabelCounts::default()));
                at
            }
        };
        &mut counts[at].1
    }
    let mut counts = Vec::new();
    for (&t, &p) in y_true.iter().zip(y_pred) {
        entry(&mut counts, t).true_sum += 1;
        let predicted = entry(&mut counts, p);
        predicted.pred_sum += 1;
        if t == p {
            predicted.tp += 1;
        }
    }
    Some(counts)
}

/// Computes a per-label score and averages it as `precision_recall_fscore_support`
/// does.
fn prf(
    y_true: &[usize],
    y_pred: &[usize],
    average: Average,
    per_label: impl Fn(&LabelCounts) -> f64,
) -> f64 {
    let Some(counts) = label_counts(y_true, y_pred) else {
        return f64::NAN;
    };
    let scores: Vec<f64> = counts.iter().map(|(_, c)| c).map(&per_label).collect_vec();
    match average {
        Average::Macro => numpy_mean(&scores),
        Average::Weighted => {
            // np.average(scores, weights=true_sum): sum(scores * w) / sum(w).
            let weighted: Vec<f64> = scores
                .iter()
                .zip(counts.iter().map(|(_, c)| c))
                .map(|(s, c)| s * c.true_sum as f64)
                .collect_vec();
            let weights: Vec<f64> = counts
                .iter()
                .map(|(_, c)| c)
                .map(|c| c.true_sum as f64)
                .collect_vec();
            numpy_sum(&weighted) / numpy_sum(&weights)
        }
    }
}

/// `numerator / denominator`, or 0 when the denominator is 0 (`zero_division=0`).
fn ratio(numerator: f64, denominator: f64) -> f64 {
    if denominator == 0.0 {
        0.0
    } else {
        numerator / denominator
    }
}

/// `np.mean`: NumPy's pairwise sum divided by the count; `NaN` when empty.
pub(crate) fn numpy_mean(values: &[f64]) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    numpy_sum(values) / values.len() as f64
}

/// `np.sum` of a contiguous `float64` array: `0.0 +` NumPy's pairwise summation
/// (blocks of at most 128 summed with eight accumulators, larger arrays split in two
/// at a multiple of eight). Reproducing it makes means agree with NumPy to the bit.
pub(crate) fn numpy_sum(values: &[f64]) -> f64 {
    0.0 + pairwise_sum(values)
}

/// NumPy's `pairwise_sum` (numpy/_core/src/umath/loops_utils.h.src).
fn pairwise_sum(values: &[f64]) -> f64 {
    const BLOCK: usize = 128;
    let n = values.len();
    if n < 8 {
        values.iter().fold(0.0, |acc, &v| acc + v)
    } else if n <= BLOCK {
        let mut r = [0.0_f64; 8];
        let mut chunks = values.chunks_exact(8);
        if let Some(first) = chunks.next() {
            r.copy_from_slice(first);
        }
        for chunk in chunks.by_ref() {
            for (acc, &v) in r.iter_mut().zip(chunk) {
                *acc += v;
            }
        }
        let [r0, r1, r2, r3, r4, r5, r6, r7] = r;
        let res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
        chunks.remainder().iter().fold(res, |acc, &v| acc + v)
    } else {
        let half = n / 2;
        let split = half - half % 8;
        let (left, right) = values.split_at(split);
        pairwise_sum(left) + pairwise_sum(right)
    }
}
