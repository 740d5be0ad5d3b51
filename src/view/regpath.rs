//! The regularisation path of one candidate: its coefficients refitted on the
//! search's training rows at many values of `C` (logistic regression) or `alpha`
//! (ridge, lasso, elastic net), its other parameters unchanged.

use crate::collect::CollectVec;
use crate::math;
use serde::{Deserialize, Serialize};

use super::{candidate_pipeline, check_same_data};
use crate::charts::{CoefSeries, RegPathData};
use crate::data::Dataset;
use crate::error::{Error, Result};
use crate::model::{Estimator, ModelKind, ModelParams, ParamValue, transform_rows};
use crate::preprocess::PolynomialFeatures;
use crate::select::{Progress, SearchConfig, SearchResult};

/// How to build a regularisation path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RegPathOptions {
    /// The values of `C` or `alpha` to fit at; empty (the default) chooses them:
    /// see [`regularisation_path`].
    pub values: Vec<f64>,
    /// How many log-spaced values to choose, 2 to 200; defaults to 30.
    pub n_values: usize,
    /// For logistic regression with three or more classes, whose row of
    /// coefficients to show (the weights of that class's score); defaults to 0.
    pub class_index: usize,
}

impl Default for RegPathOptions {
    fn default() -> Self {
        RegPathOptions {
            values: Vec::new(),
            n_values: 30,
            class_index: 0,
        }
    }
}

/// `n` values from `lo` to `hi` (both > 0), evenly spaced in log scale.
fn logspace(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    let (a, b) = (math::log10(lo), math::log10(hi));
    let n = n.max(2);
    (0..n)
        .map(|k| math::powf(10.0, a + (b - a) * k as f64 / (n - 1) as f64))
        .collect_vec()
}

/// Sorted, without repeats (values within 1e-12 relative of each other count as one).
fn tidy(mut v: Vec<f64>) -> Vec<f64> {
    crate::sort::sort_f64(&mut v);
    v.dedup_by(|a, b| (*a - *b).abs() <= 1e-12 * b.abs());
    v
}

/// The coefficients of candidate `candidate` against its regularisation parameter:
/// `C` for logistic regression (larger = weaker), `alpha` for ridge, lasso and the
/// elastic net (larger = stronger). Each value is a fit of the candidate's whole
/// pipeline on the search's training rows with its other parameters; the
/// coefficients are those the model sees, so of the standardised (and expanded)
/// columns, named by [`PolynomialFeatures::feature_names`].
///
/// The values, unless [`RegPathOptions::values`] gives them: when the parameter is
/// a grid axis, the grid's values together with `n_values` log-spaced values over
/// their range (so the lines are smooth and still pass through every value the
/// search tried); otherwise `n_values` log-spaced values from a thousandth to a
/// thousand times the selected one. For the lasso and the elastic net the range
/// reaches up to the smallest `alpha` that sets every coefficient to zero
/// (`max |Xᵀ(y − ȳ)| / (n · l1_ratio)`, as scikit-learn's `lasso_path`). The selected
/// value is always among them.
///
/// Logistic regression with three or more classes has a row of coefficients per
/// class; the path shows the row of [`RegPathOptions::class_index`] (one line per
/// feature for the score of that class) rather than a norm over classes, so that
/// signs and exact zeros stay visible. With two classes it shows the one row (the
/// score of the second class).
///
/// `progress` is called after every fit; returning `false` cancels with
/// [`Error::Cancelled`]. A fit that fails or diverges gives NaN coefficients there.
///
/// # Errors
/// A model without such a parameter (least squares, the networks), a bad candidate
/// index, `class_index` or value, data that is not the search's, cancellation.
pub fn regularisation_path(
    data: &Dataset,
    config: &SearchConfig,
    result: &SearchResult,
    candidate: usize,
    options: &RegPathOptions,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<RegPathData> {
    check_same_data(data, result)?;
    let (_, pipe) = candidate_pipeline(config, result, candidate)?;
    let kind = pipe.kind();
    let refuse_model = |reason: &str| Error::InvalidParam {
        name: "model".into(),
        value: kind.name().into(),
        reason: reason.into(),
    };
    let (param, larger_is_weaker, selected, l1_share) = match (&pipe.model, kind) {
        (ModelParams::LogisticRegression(p), _) => ("C", true, p.c, None),
        (ModelParams::Linear(p), ModelKind::Ridge) => ("alpha", false, p.alpha, None),
        (ModelParams::Linear(p), ModelKind::Lasso) => ("alpha", false, p.alpha, Some(1.0)),
        (ModelParams::Linear(p), ModelKind::ElasticNet) => {
            ("alpha", false, p.alpha, Some(p.l1_ratio))
        }
        (ModelParams::Linear(_), _) => {
            return Err(refuse_model(
                "least squares has no regularisation to vary; pick ridge, lasso or elastic_net",
            ));
        }
        (ModelParams::Mlp(..), _) => {
            return Err(refuse_model(
                "a network has no single coefficient per feature; the path is for logistic regression, ridge, lasso and elastic_net",
            ));
        }
    };
    if !(2..=200).contains(&options.n_values) {
        return Err(Error::InvalidParam {
            name: "n_values".into(),
            value: options.n_values.to_string(),
            reason: "must be from 2 to 200".into(),
        });
    }
    check_same_data(data, result)?;
    let rows = &result.train_indices;
    let y = data.target.select(rows);
    let target = y.for_model(data.n_classes());
    // The features expanded and scaled once, read where the rows lie: every value
    // fits the same rows.
    let (poly, scaler) = pipe.fit_transformers_rows(data.x.view(), rows)?;
    let xt = transform_rows(poly.as_ref(), scaler.as_ref(), data.x.view(), rows);

    let values = if options.values.is_empty() {
        let grid: Vec<f64> = result
            .cv_results
            .params()
            .iter()
            .filter_map(|c| match c.get(param) {
                Some(ParamValue::Num(v)) if *v > 0.0 && v.is_finite() => Some(*v),
                _ => None,
            })
            .collect_vec();
        let grid = tidy(grid);
        let (mut lo, mut hi) = match (grid.first(), grid.last()) {
            (Some(&lo), Some(&hi)) if grid.len() >= 2 => (lo.min(selected), hi.max(selected)),
            _ => (selected / 1e3, selected * 1e3),
        };
        if let Some(rho) = l1_share.filter(|r| *r > 0.0) {
            if let crate::data::Target::Values { y } = &y {
                let n = y.len().max(1) as f64;
                let y_mean = y.iter().sum::<f64>() / n;
                let mut alpha_max = 0.0f64;
                for col in xt.columns() {
                    let c_mean = col.sum() / n;
                    let dot: f64 = col
                        .iter()
                        .zip(y)
                        .map(|(&a, &b)| (a - c_mean) * (b - y_mean))
                        .sum();
                    alpha_max = alpha_max.max(dot.abs() / (n * rho));
                }
                if alpha_max.is_finite() && alpha_max > hi {
                    hi = alpha_max;
                    lo = lo.min(alpha_max * 1e-3);
                }
            }
        }
        let mut v = grid;
        if lo > 0.0 && hi > lo && hi.is_finite() {
            v.extend(logspace(lo, hi, options.n_values));
        }
        v.push(selected);
        tidy(v)
    } else {
        if let Some(bad) = options
            .values
            .iter()
            .find(|v| !(v.is_finite() && **v > 0.0))
        {
            return Err(Error::InvalidParam {
                name: "values".into(),
                value: crate::numfmt::fmt_value(*bad),
                reason: format!("every {param} must be a number above 0"),
            });
        }
        tidy(options.values.clone())
    };

    let names = if pipe.degree > 1 {
        PolynomialFeatures::new(data.n_features(), pipe.degree)?.feature_names(&data.feature_names)
    } else {
        data.feature_names.clone()
    };
    let mut coefs: Vec<Vec<f64>> = vec![vec![f64::NAN; values.len()]; names.len()];
    let mut row_used = 0;
    let mut n_rows = 1;
    let total = values.len();
    // The values are visited from the strongest regularisation to the weakest, each
    // fit starting from the one before (a warm start; ridge reuses its decomposition).
    let order: Vec<usize> = if larger_is_weaker {
        (0..total).collect_vec()
    } else {
        (0..total).rev().collect_vec()
    };
    let mut previous = None;
    for (done, &k) in order.iter().enumerate() {
        let v = values[k];
        let mut p = pipe.clone();
        p.set(param, &ParamValue::Num(v))?;
        let fitted =
            p.check(data.n_features())?
                .fit_model_warm(xt.view(), target, previous.as_ref());
        if let Ok(model) = fitted
            && !model.outcome().is_diverged()
            && let Some((coef, _)) = model.linear_coefficients()
        {
            n_rows = coef.nrows();
            row_used = if n_rows == 1 { 0 } else { options.class_index };
            if row_used >= n_rows {
                return Err(Error::InvalidParam {
                    name: "class_index".into(),
                    value: options.class_index.to_string(),
                    reason: format!("there are {n_rows} classes, numbered from 0"),
                });
            }
            for (series, &c) in coefs.iter_mut().zip(coef.row(row_used)) {
                series[k] = c;
            }
            if model.outcome().is_converged() {
                previous = Some(model);
            }
        }
        if !progress(Progress {
            done: done + 1,
            total,
        }) {
            return Err(Error::Cancelled {
                done: done + 1,
                total,
            });
        }
    }

    let class_name = |i: usize| {
        data.class_names()
            .get(i)
            .cloned()
            .unwrap_or_else(|| format!("class {i}"))
    };
    let (whose, lines) = match kind {
        ModelKind::LogisticRegression if n_rows == 1 => {
            // "class 1" for a class named by a number, the name itself otherwise.
            let class = |i: usize| {
                let name = class_name(i);
                if name.parse::<f64>().is_ok() {
                    format!("class {name}")
                } else {
                    name
                }
            };
            (
                format!(" — {}", class(1)),
                format!(
                    "Lines: the weights of the score for {}: a positive weight pushes a row \
                     towards {}, a negative one towards {}. ",
                    class(1),
                    class(1),
                    class(0)
                ),
            )
        }
        ModelKind::LogisticRegression => (
            format!(" — {}", class_name(row_used)),
            format!("Lines: the weights of {}'s score. ", class_name(row_used)),
        ),
        _ => (String::new(), String::new()),
    };
    let at_selected = values.iter().position(|&v| v == selected);
    let zeros = at_selected.map(|k| coefs.iter().filter(|c| c[k] == 0.0).count());
    let zeros_text = match zeros {
        Some(z) => format!(
            " At the selected {param} = {}, {z} of {} coefficients are exactly 0.",
            selected,
            coefs.len()
        ),
        None => String::new(),
    };
    let direction = if larger_is_weaker {
        "left to right the penalty weakens and the weights grow"
    } else {
        "left to right the penalty grows and the weights shrink towards 0"
    };
    Ok(RegPathData {
        title: format!("Regularisation path: {kind}{whose}"),
        caption: format!(
            "{lines}How to read: each line is one coefficient; {direction}.{zeros_text}"
        ),
        param_name: param.into(),
        larger_is_weaker,
        y_label: if pipe.standardize {
            "coefficient (standardised)".into()
        } else {
            "coefficient".into()
        },
        values,
        series: names
            .into_iter()
            .zip(coefs)
            .map(|(name, coef)| CoefSeries { name, coef })
            .collect_vec(),
        selected: Some(selected),
    })
}
