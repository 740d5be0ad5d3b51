//! The learning curve of one candidate, as scikit-learn's `learning_curve`: for each
//! training-set size and each fold of the search's cross-validation, the candidate is
//! fitted on the first rows of the fold's training part and scored on those rows and
//! on the fold's test part.

use crate::collect::CollectVec;
use ndarray::Axis;
use serde::{Deserialize, Serialize};

use super::{candidate_pipeline, check_same_data, error_name};
use crate::charts::LearningData;
use crate::data::{Dataset, Target as DataTarget};
use crate::error::{Error, Result};
use crate::metrics::Scorer;
use crate::model::{Estimator, FittedPipeline, Prediction, Target};
use crate::select::search::mean_std;
use crate::select::split::{Fold, kfold, shuffled};
use crate::select::{Progress, SearchConfig, SearchResult};

/// scikit-learn's default `train_sizes=np.linspace(0.1, 1.0, 5)`.
pub const DEFAULT_TRAIN_SIZES: [f64; 5] = [0.1, 0.325, 0.55, 0.775, 1.0];

/// How to build a learning curve.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LearningOptions {
    /// Training-set sizes: fractions in `(0, 1]` of the first fold's training part,
    /// or whole numbers of rows above 1, as scikit-learn's `train_sizes`; defaults
    /// to [`DEFAULT_TRAIN_SIZES`].
    pub train_sizes: Vec<f64>,
    /// Take a random subset of each fold's training part rather than its first rows
    /// (scikit-learn's `shuffle=True`); defaults to `false`. Rows in class order (as
    /// Iris's) leave the small sizes with one class unless shuffled.
    pub shuffle: bool,
    /// Seed of the shuffle; defaults to `0`.
    pub seed: u64,
}

impl Default for LearningOptions {
    fn default() -> Self {
        LearningOptions {
            train_sizes: DEFAULT_TRAIN_SIZES.to_vec(),
            shuffle: false,
            seed: 0,
        }
    }
}

/// The target rows of one part of the data, owned.
enum Truth {
    Classes(Vec<usize>),
    Values(Vec<f64>),
}

impl Truth {
    fn pick(target: &DataTarget, idx: &[usize]) -> Truth {
        match target {
            DataTarget::Classes { y, .. } => {
                Truth::Classes(idx.iter().map(|&i| y[i]).collect_vec())
            }
            DataTarget::Values { y } => Truth::Values(idx.iter().map(|&i| y[i]).collect_vec()),
        }
    }

    fn view(&self, n_classes: usize) -> Target<'_> {
        match self {
            Truth::Classes(y) => Target::Classes { y, n_classes },
            Truth::Values(y) => Target::Values(y),
        }
    }

    /// Number of distinct classes (`None` for values).
    fn n_distinct(&self, n_classes: usize) -> Option<usize> {
        match self {
            Truth::Classes(y) => {
                let mut seen = vec![false; n_classes];
                for &c in y {
                    if let Some(s) = seen.get_mut(c) {
                        *s = true;
                    }
                }
                Some(seen.iter().filter(|s| **s).count())
            }
            Truth::Values(_) => None,
        }
    }
}

/// The score of `model` on rows `x` under `scorer`, as the search scores.
fn score(
    model: &FittedPipeline,
    x: ndarray::ArrayView2<f64>,
    truth: &Truth,
    scorer: Scorer,
    unseen: bool,
) -> std::result::Result<f64, String> {
    if unseen && scorer.needs_proba() {
        return Err(
            "a class has no rows in the training subset (probability scores are NaN)".into(),
        );
    }
    let pred = model.predict(x).map_err(|e| e.to_string())?;
    let proba = if scorer.needs_proba() {
        model.predict_proba(x).ok()
    } else {
        None
    };
    match (truth, &pred) {
        (Truth::Classes(y), Prediction::Classes(p)) => {
            scorer.score(y, p, proba.as_ref().map(|p| p.view()))
        }
        (Truth::Values(y), Prediction::Values(p)) => scorer.score_values(y, p),
        _ => Err(Error::InvalidData(
            "the model predicts another kind of target than the data holds".into(),
        )),
    }
    .map_err(|e| e.to_string())
}

/// The absolute sizes for `train_sizes` given the largest training part `n_max`:
/// scikit-learn's `_translate_train_sizes` (fractions truncated, clipped to
/// `1..=n_max`, sorted, repeats dropped).
fn absolute_sizes(train_sizes: &[f64], n_max: usize) -> Result<Vec<usize>> {
    let refuse = |v: f64, reason: String| Error::InvalidParam {
        name: "train_sizes".into(),
        value: crate::numfmt::fmt_value(v),
        reason,
    };
    if train_sizes.is_empty() {
        return Err(Error::InvalidParam {
            name: "train_sizes".into(),
            value: "[]".into(),
            reason: "give at least one size".into(),
        });
    }
    let mut out = Vec::new();
    for &s in train_sizes {
        let n = if s > 0.0 && s <= 1.0 {
            ((s * n_max as f64) as usize).clamp(1, n_max.max(1))
        } else if s > 1.0 && s.fract() == 0.0 && s <= n_max as f64 {
            s as usize
        } else {
            return Err(refuse(
                s,
                format!(
                    "a size is a fraction in (0, 1] or a whole number of rows from 2 to {n_max} (the first fold's training rows)"
                ),
            ));
        };
        out.push(n);
    }
    crate::sort::sort_ord(&mut out);
    out.dedup();
    Ok(out)
}

/// The learning curve of candidate `candidate` of the search: for each training-set
/// size and each fold of `config.cv` over the search's training rows (the very
/// folds the search used), the candidate's pipeline is fitted on the first `n` rows
/// of the fold's training part (scikit-learn's `train[:n_train_samples]`; a random
/// `n` of them with [`LearningOptions::shuffle`]) and scored with the refit scorer
/// on those rows and on the fold's test part. The chart shows the mean and standard
/// deviation over the folds.
///
/// Sizes are counted, as scikit-learn counts them, from the *first* fold's training
/// part; where folds differ in size the larger ones are cut to it (a note says so),
/// and otherwise the CV score at size 1.0 is the search's `mean_test_score`.
///
/// A size that cannot be scored — a classifier's subset holding one class only, a
/// fit that fails or diverges — gives NaN for that fold and a note, not an error.
/// `progress` is called after every fit (sizes × folds in all); returning `false`
/// cancels with [`Error::Cancelled`].
///
/// # Errors
/// A bad candidate index or size, data that is not the search's, a split that
/// cannot be made, cancellation.
pub fn learning_curve(
    data: &Dataset,
    config: &SearchConfig,
    result: &SearchResult,
    candidate: usize,
    options: &LearningOptions,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<LearningData> {
    check_same_data(data, result)?;
    let (cand, pipe) = candidate_pipeline(config, result, candidate)?;
    let valid = pipe.check(data.n_features())?;
    let scorer = config.refit_scorer();
    let n_classes = data.n_classes();
    let train = data.select(&result.train_indices)?;
    let folds: Vec<Fold> = match &train.target {
        DataTarget::Classes { y, .. } => config.cv.split(y)?,
        DataTarget::Values { y } => kfold(
            y.len(),
            config.cv.k,
            config.cv.shuffle.then_some(config.cv.seed),
        )?,
    };
    let n_max = folds.first().map_or(0, |f| f.train.len());
    let sizes = absolute_sizes(&options.train_sizes, n_max)?;
    let orders: Vec<Vec<usize>> = folds
        .iter()
        .enumerate()
        .map(|(f, fold)| {
            if options.shuffle {
                shuffled(fold.train.len(), options.seed.wrapping_add(f as u64))
                    .into_iter()
                    .map(|k| fold.train[k])
                    .collect_vec()
            } else {
                fold.train.clone()
            }
        })
        .collect_vec();

    let mut notes: Vec<String> = Vec::new();
    // (reason, where first met, how many more times) of scores that could not be had.
    let mut score_notes: Vec<(String, String, usize)> = Vec::new();
    let cut: Vec<usize> = folds
        .iter()
        .enumerate()
        .filter(|(_, f)| f.train.len() > n_max)
        .map(|(i, _)| i)
        .collect_vec();
    if !cut.is_empty() {
        notes.push(format!(
            "As scikit-learn, sizes count from fold 0's {n_max} training rows; fold(s) {} have more, so even the largest size leaves a row or two out there.",
            cut.iter()
                .map(ToString::to_string)
                .collect_vec()
                .join(", ")
        ));
    }
    let total = sizes.len() * folds.len();
    let mut done = 0;
    let k = folds.len();
    let mut train_scores = vec![vec![f64::NAN; k]; sizes.len()];
    let mut test_scores = vec![vec![f64::NAN; k]; sizes.len()];
    let mut one_class: Vec<usize> = Vec::new();
    for (si, &n) in sizes.iter().enumerate() {
        let mut single = 0;
        for (fi, (fold, order)) in folds.iter().zip(&orders).enumerate() {
            let mut rows: Vec<usize> = order.iter().take(n).copied().collect_vec();
            // Fit in the data's row order, so that the largest size is exactly the
            // search's fit even for the order-sensitive (mini-batch) solvers.
            crate::sort::sort_ord(&mut rows);
            let x_sub = train.x.select(Axis(0), &rows);
            let y_sub = Truth::pick(&train.target, &rows);
            let x_test = train.x.select(Axis(0), &fold.test);
            let y_test = Truth::pick(&train.target, &fold.test);
            let distinct = y_sub.n_distinct(n_classes);
            if distinct.is_some_and(|d| d < 2) {
                single += 1;
            } else {
                match valid.fit(x_sub.view(), y_sub.view(n_classes)) {
                    Ok(model) if !model.outcome().is_diverged() => {
                        let unseen = distinct.is_some_and(|d| d < n_classes);
                        // One note per reason: the first size and fold it met, and
                        // how many more (a log loss refused on every unstratified fold
                        // would otherwise fill the caption with one sentence).
                        let mut note = |what: &str, e: String| {
                            let reason = format!("{what} score: {e}");
                            match score_notes.iter_mut().find(|(r, _, _)| *r == reason) {
                                Some((_, _, more)) => *more += 1,
                                None => {
                                    score_notes.push((reason, format!("{n} rows, fold {fi}"), 0))
                                }
                            }
                        };
                        match score(&model, x_test.view(), &y_test, scorer, unseen) {
                            Ok(v) => test_scores[si][fi] = v,
                            Err(e) => note("CV", e),
                        }
                        match score(&model, x_sub.view(), &y_sub, scorer, unseen) {
                            Ok(v) => train_scores[si][fi] = v,
                            Err(e) => note("train", e),
                        }
                    }
                    Ok(model) => notes.push(format!(
                        "{n} rows, fold {fi}: {}",
                        model.outcome().describe()
                    )),
                    Err(e) => notes.push(format!("{n} rows, fold {fi}: fit failed: {e}")),
                }
            }
            done += 1;
            if !progress(Progress { done, total }) {
                return Err(Error::Cancelled { done, total });
            }
        }
        if single > 0 {
            one_class.push(n);
        }
    }
    for (reason, first, more) in score_notes {
        notes.push(match more {
            0 => format!("{first}: {reason}"),
            more => format!("{first} and {more} more: {reason}"),
        });
    }
    if !one_class.is_empty() {
        let list = one_class
            .iter()
            .map(ToString::to_string)
            .collect_vec()
            .join(", ");
        notes.insert(
            0,
            format!(
                "No score at {list} rows: a fold's first rows hold one class only{}.",
                if options.shuffle {
                    ""
                } else {
                    " (the rows are in class order; shuffle takes a random subset)"
                }
            ),
        );
    }

    let stats = |table: &[Vec<f64>]| -> (Vec<f64>, Vec<f64>) {
        table.iter().map(|row| mean_std(row)).unzip()
    };
    let (mut train_mean, train_std) = stats(&train_scores);
    let (mut test_mean, test_std) = stats(&test_scores);
    // Errors that span decades (tiny training sets can be far off) on a log axis,
    // as the validation curve does.
    let name = error_name(scorer.name());
    let errors = || {
        train_mean
            .iter()
            .chain(&test_mean)
            .filter(|v| v.is_finite())
            .map(|v| -v)
    };
    let spread = errors().fold(0.0_f64, f64::max) / errors().fold(f64::INFINITY, f64::min);
    let log_y = name.is_some() && errors().all(|e| e > 0.0) && spread > 100.0;
    if log_y {
        for v in train_mean.iter_mut().chain(test_mean.iter_mut()) {
            *v = -*v;
        }
    }
    let label = crate::select::grid::candidate_label(&cand);
    let who = if label.is_empty() {
        config.model.to_string()
    } else {
        format!("{} {label}", config.model)
    };
    let y_label = match name {
        Some(n) if log_y => format!("{n} (lower is better)"),
        _ => scorer.name().to_string(),
    };
    Ok(LearningData {
        title: format!("Learning curve: {who}"),
        caption: "How to read: a wide gap between the train and CV lines means overfitting; a CV line still improving at the right means more data would help; two poor lines that meet mean underfitting.".into(),
        x_label: format!("training rows (of {n_max} in a fold)"),
        y_label,
        log_y,
        sizes: sizes.iter().map(|&n| n as f64).collect_vec(),
        train_mean,
        train_std,
        test_mean,
        test_std,
        notes,
    })
}
