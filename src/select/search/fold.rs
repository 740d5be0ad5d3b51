//! One fold's work: its rows cut out and transformed ([`prepare`]), a fitted model
//! scored on them ([`score_all`]), and the mean and std of the fold scores.

use crate::collect::CollectVec;
use ndarray::{Array2, ArrayView2};

use crate::data;
use crate::error::{Error, Result};
use crate::metrics::{Scorer, numpy_mean};
use crate::model::{Estimator, Pipeline, Prediction, Target, predict_rows, transform_rows};
use crate::preprocess::{PolynomialFeatures, StandardScaler};

/// The target rows of one part of the data, owned.
#[derive(Debug, Clone)]
pub(super) enum Truth {
    Classes(Vec<usize>),
    Values(Vec<f64>),
}

impl Truth {
    pub(super) fn pick(target: &data::Target, idx: &[usize]) -> Truth {
        match target {
            data::Target::Classes { y, .. } => {
                Truth::Classes(idx.iter().map(|&i| y[i]).collect_vec())
            }
            data::Target::Values { y } => Truth::Values(idx.iter().map(|&i| y[i]).collect_vec()),
        }
    }

    pub(super) fn view(&self, n_classes: usize) -> Target<'_> {
        match self {
            Truth::Classes(y) => Target::Classes { y, n_classes },
            Truth::Values(y) => Target::Values(y),
        }
    }
}

/// The transformed training and test features of one fold.
pub(super) struct PreparedFold {
    /// The training rows transformed; `None` where the model reads them from the
    /// data set through `train_rows`, scaled as it reads them.
    pub(super) x_train: Option<Array2<f64>>,
    /// The training rows' indices in the data set.
    pub(super) train_rows: Vec<usize>,
    pub(super) y_train: Truth,
    pub(super) x_test: Array2<f64>,
    pub(super) y_test: Truth,
    /// Some class has no row in the training part.
    pub(super) unseen: bool,
    /// The expansion and the scaler, as fitted on the training part.
    pub(super) poly: Option<PolynomialFeatures>,
    pub(super) scaler: Option<StandardScaler>,
}

/// Cuts rows `train` and `test` out of `x` and fits the pipeline's expansion and
/// scaler on the training part; the training rows are left where they lie unless
/// `train_matrix` asks for them transformed.
pub(super) fn prepare(
    pipe: &Pipeline,
    x: ArrayView2<f64>,
    target: &data::Target,
    n_classes: usize,
    (train, test): (&[usize], &[usize]),
    train_matrix: bool,
) -> Result<PreparedFold> {
    // The fold's rows are cut out and transformed in one pass where there is only a
    // scaler (fitted on the training rows where they lie): one matrix per part, no
    // copy of the raw rows.
    let (poly, scaler) = pipe.fit_transformers_rows(x, train)?;
    let y_train = Truth::pick(target, train);
    Ok(PreparedFold {
        x_train: train_matrix.then(|| transform_rows(poly.as_ref(), scaler.as_ref(), x, train)),
        train_rows: train.to_vec(),
        unseen: has_unseen_class(&y_train, n_classes),
        y_train,
        x_test: transform_rows(poly.as_ref(), scaler.as_ref(), x, test),
        y_test: Truth::pick(target, test),
        poly,
        scaler,
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
pub(super) fn score_all(
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
    score_predictions(&pred, proba, truth, scorers, unseen, notes)
}

/// [`score_all`] on the rows `rows` of the untransformed `x`, transformed a block
/// of rows at a time ([`predict_rows`]) rather than all at once.
#[allow(clippy::too_many_arguments)]
pub(super) fn score_rows(
    model: &dyn Estimator,
    transformers: (Option<&PolynomialFeatures>, Option<&StandardScaler>),
    x: ArrayView2<f64>,
    rows: &[usize],
    truth: &Truth,
    scorers: &[Scorer],
    unseen: bool,
    notes: &mut Vec<String>,
) -> Vec<f64> {
    let with_proba = scorers.iter().any(|s| s.needs_proba());
    match predict_rows(model, transformers, x, rows, with_proba) {
        Ok((pred, proba)) => score_predictions(&pred, proba, truth, scorers, unseen, notes),
        Err(e) => {
            notes.push(format!("predict failed: {e}"));
            vec![f64::NAN; scorers.len()]
        }
    }
}

/// The scorers' scores of predictions `pred` (and probabilities `proba`) of the
/// rows whose targets are `truth`, as [`score_all`] gives them.
fn score_predictions(
    pred: &Prediction,
    proba: Option<Array2<f64>>,
    truth: &Truth,
    scorers: &[Scorer],
    unseen: bool,
    notes: &mut Vec<String>,
) -> Vec<f64> {
    scorers
        .iter()
        .map(|s| {
            if unseen && s.needs_proba() {
                return f64::NAN;
            }
            let scored = match (truth, pred) {
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
        .collect_vec()
}

/// scikit-learn's mean and population std of the fold scores: `np.average` over
/// a contiguous row, which NumPy sums pairwise — in fold order below 8 folds,
/// with eight accumulators from 8 on. The last bit of a mean can decide a rank.
pub(crate) fn mean_std(values: &[f64]) -> (f64, f64) {
    let mean = numpy_mean(values);
    let squares: Vec<f64> = values.iter().map(|v| (v - mean) * (v - mean)).collect_vec();
    (mean, numpy_mean(&squares).sqrt())
}
