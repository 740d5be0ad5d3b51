//! The decision boundary of a fitted candidate: its predicted class and confidence on
//! a grid over two features (classifiers), or its prediction along one feature
//! (regressors), with the search's training and held-out rows.

use crate::collect::CollectVec;
use ndarray::{Array1, Array2, Axis};
use serde::{Deserialize, Serialize};

use super::{CandidateModel, check_same_data, test_indices};
use crate::charts::{BoundaryData, BoundaryKind, BoundaryPoint};
use crate::data::{Dataset, Target as DataTarget};
use crate::error::{Error, Result};
use crate::model::mlp::MlpWeights;
use crate::model::{Estimator, FittedLogReg, FittedModel, FittedPipeline, Prediction};
use crate::select::SearchResult;

/// Which features to draw, and how finely.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BoundaryOptions {
    /// Feature columns on the horizontal and vertical axes; a regression uses the
    /// first only. Other features are held at their mean over the training rows.
    /// Defaults to `(0, 1)`.
    pub features: (usize, usize),
    /// Grid nodes per axis for a classifier, 2 to 400; defaults to 60.
    pub resolution: usize,
    /// Points along a regressor's curve, 2 to 5 000; defaults to 200.
    pub curve_points: usize,
}

impl Default for BoundaryOptions {
    fn default() -> Self {
        BoundaryOptions {
            features: (0, 1),
            resolution: 60,
            curve_points: 200,
        }
    }
}

/// The two features a decision boundary shows best by default: for classes, those
/// whose values differ most between the classes relative to within them (the
/// one-way ANOVA F statistic, as scikit-learn's `f_classif`); for values, those most
/// correlated with the target (largest |Pearson r|), in column order (two-feature
/// data keeps its own axes). Ties go to the earlier column; a column that is
/// constant scores lowest. With one feature, `(0, 0)`.
pub fn default_features(data: &Dataset) -> (usize, usize) {
    let scores: Vec<f64> = (0..data.n_features())
        .map(|j| {
            let column = data.x.column(j);
            let score = match &data.target {
                DataTarget::Classes { y, names } => {
                    f_statistic(column.iter().copied(), y, names.len())
                }
                DataTarget::Values { y } => pearson(column.iter().copied(), y).abs(),
            };
            if score.is_nan() {
                f64::NEG_INFINITY
            } else {
                score
            }
        })
        .collect_vec();
    let mut order: Vec<usize> = (0..scores.len()).collect_vec();
    // Stable: equal scores keep column order.
    crate::sort::sort_by(&mut order, &|&a, &b| scores[b].total_cmp(&scores[a]));
    match order.as_slice() {
        [] => (0, 0),
        [only] => (*only, *only),
        [a, b, ..] => (*a.min(b), *a.max(b)),
    }
}

/// One-way ANOVA F of `values` grouped by class `y` (classes `0..n_classes`).
fn f_statistic(values: impl Iterator<Item = f64>, y: &[usize], n_classes: usize) -> f64 {
    let mut sum = vec![0.0; n_classes];
    let mut count = vec![0usize; n_classes];
    let mut all: Vec<(usize, f64)> = Vec::with_capacity(y.len());
    for (v, &c) in values.zip(y) {
        if let (Some(s), Some(n)) = (sum.get_mut(c), count.get_mut(c)) {
            *s += v;
            *n += 1;
            all.push((c, v));
        }
    }
    let n = all.len() as f64;
    let groups = count.iter().filter(|&&c| c > 0).count() as f64;
    if groups < 2.0 || n <= groups {
        return f64::NAN;
    }
    let grand = sum.iter().sum::<f64>() / n;
    let means: Vec<f64> = sum
        .iter()
        .zip(&count)
        .map(|(s, &c)| if c > 0 { s / c as f64 } else { 0.0 })
        .collect_vec();
    let between: f64 = means
        .iter()
        .zip(&count)
        .map(|(m, &c)| c as f64 * (m - grand) * (m - grand))
        .sum();
    let within: f64 = all
        .iter()
        .map(|&(c, v)| (v - means[c]) * (v - means[c]))
        .sum();
    if between == 0.0 {
        return 0.0;
    }
    (between / (groups - 1.0)) / (within / (n - groups))
}

/// Pearson's correlation of `values` with `y`; NaN when either is constant.
fn pearson(values: impl Iterator<Item = f64>, y: &[f64]) -> f64 {
    let pairs: Vec<(f64, f64)> = values.zip(y.iter().copied()).collect_vec();
    let n = pairs.len() as f64;
    if n < 2.0 {
        return f64::NAN;
    }
    let (mx, my) = pairs
        .iter()
        .fold((0.0, 0.0), |(a, b), (x, y)| (a + x / n, b + y / n));
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in &pairs {
        sxy += (x - mx) * (y - my);
        sxx += (x - mx) * (x - mx);
        syy += (y - my) * (y - my);
    }
    sxy / (sxx * syy).sqrt()
}

/// The decision regions (classifier) or fitted curve (regressor) of `model` over the
/// features in `options`, with the search's training rows (`result.train_indices`)
/// and held-out rows (the others), each marked when the model misclassifies it.
///
/// The grid spans each feature's range over all rows, padded by 5 % at both ends.
/// Features not drawn are fixed at their training mean; a point's misclassified
/// flag is the model's prediction on *all* its features, so with more than two
/// features a point may sit in a region of its own class and still be wrong (the
/// caption says so).
///
/// # Errors
/// [`Error::InvalidParam`] (`features`, `resolution`, `curve_points`) for columns
/// that do not exist (or the same column twice for a classifier) and sizes out of
/// range; [`Error::Shape`] when `result` is not a search on `data`; a model that
/// cannot predict.
pub fn boundary(
    data: &Dataset,
    result: &SearchResult,
    model: &CandidateModel,
    options: &BoundaryOptions,
) -> Result<BoundaryData> {
    build(data, result, &model.fitted, &model.label, options, None)
}

/// As [`boundary`], for the model as it was at entry `snapshot_index` of its
/// optimisation history (`model.fitted.history().snapshots`): step through the
/// entries to watch the boundary move during training. The title says which
/// iteration it shows. Works for every model (see [`snapshot_model`]).
///
/// # Errors
/// As [`boundary`] and [`snapshot_model`].
pub fn boundary_at(
    data: &Dataset,
    result: &SearchResult,
    model: &CandidateModel,
    options: &BoundaryOptions,
    snapshot_index: usize,
) -> Result<BoundaryData> {
    let fitted = snapshot_model(&model.fitted, snapshot_index)?;
    let history = model.fitted.history();
    let iteration = history
        .snapshots
        .get(snapshot_index)
        .map_or(0, |s| s.iteration);
    let last = history.snapshots.last().map_or(0, |s| s.iteration);
    build(
        data,
        result,
        &fitted,
        &model.label,
        options,
        Some((iteration, last)),
    )
}

/// The fitted pipeline with its model's parameters replaced by history entry
/// `snapshot_index`: for logistic regression θ is the weights row by row then the
/// intercepts; for the linear regressors the weights then the intercept; for a
/// network `coefs[0]`, `intercepts[0]`, `coefs[1]`, `intercepts[1]` (as
/// [`MlpWeights::to_flat`]). The expansion and scaler stay as fitted.
///
/// # Errors
/// [`Error::InvalidParam`] (`snapshot`) for an index past the history;
/// [`Error::Shape`] when the snapshot has another length than the model's
/// parameters.
pub fn snapshot_model(fitted: &FittedPipeline, snapshot_index: usize) -> Result<FittedPipeline> {
    let snapshots = &fitted.history().snapshots;
    let theta = &snapshots
        .get(snapshot_index)
        .ok_or_else(|| Error::InvalidParam {
            name: "snapshot".into(),
            value: snapshot_index.to_string(),
            reason: format!("the history has {} entries", snapshots.len()),
        })?
        .theta;
    let wrong = |expected: usize| {
        Error::Shape(format!(
            "the snapshot has {} parameters but the model {expected}",
            theta.len()
        ))
    };
    let model = match &fitted.model {
        FittedModel::LogisticRegression(m) => {
            let (rows, cols) = m.coef.dim();
            let n_weights = rows * cols;
            if theta.len() != n_weights + rows && theta.len() != n_weights {
                return Err(wrong(n_weights + rows));
            }
            let coef = Array2::from_shape_fn((rows, cols), |(r, j)| theta[r * cols + j]);
            let intercept: Array1<f64> = (0..rows)
                .map(|r| theta.get(n_weights + r).copied().unwrap_or(0.0))
                .collect();
            FittedModel::LogisticRegression(FittedLogReg {
                coef,
                intercept,
                ..m.clone()
            })
        }
        FittedModel::Linear(m) => {
            let p = m.coef.len();
            if theta.len() != p + 1 {
                return Err(wrong(p + 1));
            }
            let mut linear = m.clone();
            linear.coef = Array1::from(theta[..p].to_vec());
            linear.intercept = theta[p];
            FittedModel::Linear(linear)
        }
        FittedModel::Mlp(m) => {
            let (f, h) = m.weights.coefs[0].dim();
            let o = m.weights.coefs[1].ncols();
            let expected = f * h + h + h * o + o;
            if theta.len() != expected {
                return Err(wrong(expected));
            }
            let (c0, rest) = theta.split_at(f * h);
            let (b0, rest) = rest.split_at(h);
            let (c1, b1) = rest.split_at(h * o);
            let shaped = |v: &[f64], r: usize, c: usize| {
                Array2::from_shape_vec((r, c), v.to_vec()).map_err(|e| Error::Shape(e.to_string()))
            };
            let mut mlp = m.clone();
            mlp.weights = MlpWeights {
                coefs: [shaped(c0, f, h)?, shaped(c1, h, o)?],
                intercepts: [Array1::from(b0.to_vec()), Array1::from(b1.to_vec())],
            };
            FittedModel::Mlp(mlp)
        }
    };
    Ok(FittedPipeline {
        poly: fitted.poly.clone(),
        scaler: fitted.scaler.clone(),
        model,
    })
}

/// `(min, max)` of column `j` over all rows, padded by 5 % at each end (± 0.5 when
/// the column is constant).
fn padded_range(data: &Dataset, j: usize) -> (f64, f64) {
    let col = data.x.column(j);
    let lo = col.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = col.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !(lo.is_finite() && hi.is_finite()) {
        return (-1.0, 1.0);
    }
    if hi - lo <= 1e-12 * lo.abs().max(1.0) {
        return (lo - 0.5, hi + 0.5);
    }
    let d = 0.05 * (hi - lo);
    (lo - d, hi + d)
}

/// `n` evenly spaced values from `lo` to `hi`, both included.
fn linspace(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    let step = (hi - lo) / (n.max(2) - 1) as f64;
    (0..n).map(|k| lo + step * k as f64).collect_vec()
}

/// The most rows the chart draws as dots; larger data shows an even sample.
pub const MAX_POINTS: usize = 3_000;

/// `m` of `idx`, evenly spread over it (all of it when `m` is not smaller).
fn evenly(idx: &[usize], m: usize) -> Vec<usize> {
    let n = idx.len();
    if m >= n {
        return idx.to_vec();
    }
    (0..m).map(|k| idx[k * n / m]).collect_vec()
}

fn build(
    data: &Dataset,
    result: &SearchResult,
    fitted: &FittedPipeline,
    label: &str,
    options: &BoundaryOptions,
    iteration: Option<(usize, usize)>,
) -> Result<BoundaryData> {
    check_same_data(data, result)?;
    let n_features = data.n_features();
    let (fi, fj) = options.features;
    let regression = data.is_regression();
    let bad_features = |reason: String| Error::InvalidParam {
        name: "features".into(),
        value: format!("({fi}, {fj})"),
        reason,
    };
    if fi >= n_features || (!regression && fj >= n_features) {
        return Err(bad_features(format!(
            "the data has {n_features} feature(s), numbered from 0"
        )));
    }
    if !regression && fi == fj {
        return Err(bad_features(if n_features < 2 {
            "a decision boundary needs two features and the data has one".into()
        } else {
            "choose two different features".into()
        }));
    }
    let range_check = |name: &str, v: usize, lo: usize, hi: usize| {
        if (lo..=hi).contains(&v) {
            Ok(())
        } else {
            Err(Error::InvalidParam {
                name: name.into(),
                value: v.to_string(),
                reason: format!("must be from {lo} to {hi}"),
            })
        }
    };
    range_check("resolution", options.resolution, 2, 400)?;
    range_check("curve_points", options.curve_points, 2, 5000)?;

    // The training rows' column means, read where the rows lie (no copy of them).
    let means = if result.train_indices.is_empty() {
        Array1::zeros(n_features)
    } else {
        let mut sum = Array1::<f64>::zeros(n_features);
        for &i in &result.train_indices {
            sum += &data.x.row(i);
        }
        sum / result.train_indices.len() as f64
    };
    let name = |j: usize| {
        data.feature_names
            .get(j)
            .cloned()
            .unwrap_or_else(|| format!("x{j}"))
    };
    let test_idx = test_indices(data, result);
    // On large data the chart shows an even sample of the rows (train and test in
    // proportion): beyond a few thousand the dots only hide each other and the
    // regions, and each one costs the page a drawing call.
    let total = result.train_indices.len() + test_idx.len();
    let (train_idx, test_idx) = if total > MAX_POINTS {
        let share = |n: usize| (n * MAX_POINTS).div_ceil(total);
        (
            evenly(&result.train_indices, share(result.train_indices.len())),
            evenly(&test_idx, share(test_idx.len())),
        )
    } else {
        (result.train_indices.clone(), test_idx)
    };
    let sampled_from = (total > MAX_POINTS).then(|| {
        (
            result.train_indices.len(),
            total - result.train_indices.len(),
        )
    });
    let sampled = sampled_from.map_or(String::new(), |_| {
        format!(
            " The dots are an even sample of {} of the {} rows.",
            crate::numfmt::group(train_idx.len() + test_idx.len()),
            crate::numfmt::group(total)
        )
    });
    let others = n_features - if regression { 1 } else { 2 };
    let at = match iteration {
        Some((it, last)) => format!(" (iteration {it} of {last})"),
        None => String::new(),
    };
    let who = if label.is_empty() {
        result.model.to_string()
    } else {
        label.to_string()
    };
    let held = if others > 0 {
        format!(
            " The other {others} {} at the training mean{}.",
            if others == 1 {
                "feature is held"
            } else {
                "features are held"
            },
            if regression {
                ", so the curve need not pass through the points"
            } else {
                " (a cross judges its row on all features)"
            }
        )
    } else {
        String::new()
    };

    match &data.target {
        DataTarget::Values { y } => {
            let (lo, hi) = padded_range(data, fi);
            let xs = linspace(lo, hi, options.curve_points);
            let mut grid = Array2::zeros((xs.len(), n_features));
            for (mut row, &x) in grid.axis_iter_mut(Axis(0)).zip(&xs) {
                row.assign(&means);
                row[fi] = x;
            }
            let ys = match fitted.predict(grid.view())? {
                Prediction::Values(v) => v,
                Prediction::Classes(c) => c.into_iter().map(|c| c as f64).collect_vec(),
            };
            let point = |i: usize| BoundaryPoint {
                x: data.x[[i, fi]],
                y: y.get(i).copied().unwrap_or(f64::NAN),
                class: None,
                misclassified: false,
            };
            Ok(BoundaryData {
                title: format!("Fitted curve of {who}{at}"),
                caption: format!(
                    "How to read: the line is the model's prediction for each {}; a line that misses the dots underfits, one that bends to hit every dot but misses the rings overfits.{sampled}{held}",
                    name(fi)
                ),
                x_label: name(fi),
                y_label: data.label_name.clone(),
                kind: BoundaryKind::Curve { xs, ys },
                train: train_idx.iter().map(|&i| point(i)).collect_vec(),
                test: test_idx.iter().map(|&i| point(i)).collect_vec(),
                sampled_from,
            })
        }
        DataTarget::Classes { y, names } => {
            let res = options.resolution;
            let x_range = padded_range(data, fi);
            let y_range = padded_range(data, fj);
            let gx = linspace(x_range.0, x_range.1, res);
            let gy = linspace(y_range.0, y_range.1, res);
            let mut grid = Array2::zeros((res * res, n_features));
            for (k, mut row) in grid.axis_iter_mut(Axis(0)).enumerate() {
                row.assign(&means);
                row[fi] = gx[k % res];
                row[fj] = gy[k / res];
            }
            let Prediction::Classes(pred) = fitted.predict(grid.view())? else {
                return Err(Error::InvalidData(
                    "the model predicts numbers, not classes".into(),
                ));
            };
            let proba = fitted.predict_proba(grid.view())?;
            let mut grid_class = vec![vec![0; res]; res];
            let mut grid_proba = vec![vec![f64::NAN; res]; res];
            for (k, &c) in pred.iter().enumerate() {
                grid_class[k / res][k % res] = c;
                grid_proba[k / res][k % res] = proba.get([k, c]).copied().unwrap_or(f64::NAN);
            }
            // Only the rows shown are predicted (all of them on small data).
            let shown: Vec<usize> = train_idx.iter().chain(&test_idx).copied().collect_vec();
            let Prediction::Classes(pred_shown) =
                fitted.predict(data.x.select(Axis(0), &shown).view())?
            else {
                return Err(Error::InvalidData(
                    "the model predicts numbers, not classes".into(),
                ));
            };
            let mut pred_rows = vec![usize::MAX; data.n_samples()];
            for (&i, &c) in shown.iter().zip(&pred_shown) {
                pred_rows[i] = c;
            }
            let point = |i: usize| BoundaryPoint {
                x: data.x[[i, fi]],
                y: data.x[[i, fj]],
                class: y.get(i).copied(),
                misclassified: y.get(i) != pred_rows.get(i),
            };
            Ok(BoundaryData {
                title: format!("Decision regions of {who}{at}"),
                caption: format!(
                    "How to read: each region is the class predicted there, paler where the model is less sure; a cross marks a row it gets wrong.{sampled}{held}"
                ),
                x_label: name(fi),
                y_label: name(fj),
                kind: BoundaryKind::Classes {
                    class_names: names.clone(),
                    x_range,
                    y_range,
                    grid_class,
                    grid_proba,
                },
                train: train_idx.iter().map(|&i| point(i)).collect_vec(),
                test: test_idx.iter().map(|&i| point(i)).collect_vec(),
                sampled_from,
            })
        }
    }
}
