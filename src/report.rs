//! From search results to what the playground shows: a data summary, the chart
//! data of each chart, and the optimisation paths of chosen candidates.
//!
//! Everything here is plain Rust, so the browser worker and native tests build the
//! very same charts.
//!
//! ```
//! use tunelab::{Dataset, report, select::{grid_search, SearchConfig}};
//! let iris = Dataset::iris();
//! let config = SearchConfig::default();
//! let result = grid_search(&iris, &config, &mut |_| true)?;
//! let heatmap = report::heatmap(&result, "C", "penalty", &[]).expect("two axes");
//! assert_eq!(heatmap.x_ticks, ["0.001", "0.01", "0.1", "1", "10", "100"]);
//! assert_eq!(heatmap.y_ticks, ["l1", "l2"]);
//! assert_eq!(heatmap.best, Some((0, 4))); // (row, column): l1, C = 10
//! # Ok::<(), tunelab::Error>(())
//! ```

use serde::Serialize;

use crate::charts::{
    ConfusionData, HeatmapData, LossData, LossSeries, OneSe, PathSeries, TrajectoryData,
    ValidationData, ValidationSeries,
};
use crate::data::{Dataset, Target as DataTarget};
use crate::error::{Error, Result};
use crate::model::landscape::{Plane, landscape};
use crate::model::{Estimator, ModelKind, ParamValue, Target, transform};
use crate::select::grid::{Candidate, apply};
use crate::select::{SearchConfig, SearchResult};

/// What the data panel shows about a loaded data set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DataSummary {
    /// The data set's name.
    pub name: String,
    /// Rows.
    pub n_samples: usize,
    /// Feature columns.
    pub n_features: usize,
    /// Feature names.
    pub feature_names: Vec<String>,
    /// Whether the target is numeric (a regression task).
    pub regression: bool,
    /// Class names, in class order (empty for a regression).
    pub class_names: Vec<String>,
    /// A hint when a class target looks numeric (see [`Dataset::regression_hint`]).
    pub hint: Option<String>,
    /// Rows per class.
    pub class_counts: Vec<usize>,
    /// The label column's name.
    pub label_name: String,
    /// Column headers of the preview: the features, then the label.
    pub header: Vec<String>,
    /// The first rows, as text.
    pub preview: Vec<Vec<String>>,
    /// The two features the decision boundary shows by default
    /// ([`view::default_features`](crate::view::default_features)).
    pub boundary_features: (usize, usize),
}

/// A summary of `data` with its first `preview_rows` rows.
pub fn summary(data: &Dataset, preview_rows: usize) -> DataSummary {
    let mut header = data.feature_names.clone();
    header.push(data.label_name.clone());
    let preview = data
        .x
        .outer_iter()
        .enumerate()
        .take(preview_rows)
        .map(|(i, row)| {
            let mut cells: Vec<String> = row.iter().map(|v| crate::numfmt::fmt_value(*v)).collect();
            cells.push(match &data.target {
                DataTarget::Classes { y, names } => y
                    .get(i)
                    .and_then(|&c| names.get(c))
                    .cloned()
                    .unwrap_or_default(),
                DataTarget::Values { y } => y
                    .get(i)
                    .map(|v| crate::numfmt::fmt_value(*v))
                    .unwrap_or_default(),
            });
            cells
        })
        .collect();
    DataSummary {
        name: data.name.clone(),
        n_samples: data.n_samples(),
        n_features: data.n_features(),
        feature_names: data.feature_names.clone(),
        regression: data.is_regression(),
        class_names: data.class_names().to_vec(),
        hint: data.regression_hint(),
        class_counts: data.class_counts(),
        label_name: data.label_name.clone(),
        header,
        preview,
        boundary_features: crate::view::default_features(data),
    }
}

/// A search result with the chart data for the charts that depend only on it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The search result itself.
    pub result: SearchResult,
    /// Parameter on the heatmap's horizontal axis and the validation curve's.
    pub x_param: Option<String>,
    /// Parameter on the heatmap's vertical axis (one curve pair per value).
    pub y_param: Option<String>,
    /// Mean CV score over two grid parameters.
    pub heatmap: Option<HeatmapData>,
    /// Train and CV score against one numeric parameter.
    pub validation: Option<ValidationData>,
    /// The refitted model's confusion matrix (classifiers only).
    pub confusion: Option<ConfusionData>,
}

/// The report of a finished search on `data`.
pub fn report(data: &Dataset, _config: &SearchConfig, result: SearchResult) -> Report {
    let (x_param, y_param) = default_axes(&result);
    let heatmap = match (&x_param, &y_param) {
        (Some(x), Some(y)) => heatmap(&result, x, y, &[]),
        (Some(x), None) => heatmap(&result, x, "", &[]),
        _ => None,
    };
    let validation = x_param
        .as_deref()
        .and_then(|x| validation(&result, x, y_param.as_deref()));
    let confusion = (!result.regression).then(|| ConfusionData {
        title: format!(
            "Confusion matrix — {} ({} rows)",
            if result.confusion_on_test {
                "held-out test split"
            } else {
                "training data (no test split)"
            },
            if result.confusion_on_test {
                result.n_test
            } else {
                result.n_train
            }
        ),
        class_names: data.class_names().to_vec(),
        matrix: result.confusion_matrix.clone(),
    });
    Report {
        result,
        x_param,
        y_param,
        heatmap,
        validation,
        confusion,
    }
}

fn params_of(result: &SearchResult) -> &[Candidate] {
    result.cv_results.params()
}

/// Grid parameters with more than one value, numeric first (`C` before all).
fn varying(result: &SearchResult) -> Vec<(String, bool)> {
    let params = params_of(result);
    let mut names: Vec<(String, bool)> = Vec::new();
    for name in params.iter().flat_map(|c| c.keys()) {
        if names.iter().any(|(n, _)| n == name) {
            continue;
        }
        let values = distinct(params, name);
        if values.len() > 1 {
            let numeric = values.iter().all(|v| matches!(v, ParamValue::Num(_)));
            names.push((name.clone(), numeric));
        }
    }
    names.sort_by_key(|(n, numeric)| (n != "C", !numeric, n.clone()));
    names
}

fn default_axes(result: &SearchResult) -> (Option<String>, Option<String>) {
    let names = varying(result);
    let x = names.first().map(|(n, _)| n.clone());
    let y = names
        .iter()
        .skip(1)
        .find(|(n, _)| n == "penalty")
        .or_else(|| names.get(1))
        .map(|(n, _)| n.clone());
    (x, y)
}

/// Distinct values of `name` in first-appearance order; numbers sorted ascending.
fn distinct(params: &[Candidate], name: &str) -> Vec<ParamValue> {
    let mut out: Vec<ParamValue> = Vec::new();
    for v in params.iter().filter_map(|c| c.get(name)) {
        if !out.contains(v) {
            out.push(v.clone());
        }
    }
    if out.iter().all(|v| matches!(v, ParamValue::Num(_))) {
        out.sort_by(|a, b| match (a, b) {
            (ParamValue::Num(a), ParamValue::Num(b)) => a.total_cmp(b),
            _ => std::cmp::Ordering::Equal,
        });
    }
    out
}

/// The best candidate (by mean CV score) whose `x_param` and `y_param` have the
/// given values; other parameters may be anything.
fn best_matching(result: &SearchResult, matches: impl Fn(&Candidate) -> bool) -> Option<usize> {
    let means = result
        .cv_results
        .floats(&format!("mean_test_{}", result.score_suffix()))?;
    params_of(result)
        .iter()
        .enumerate()
        .filter(|(_, c)| matches(c))
        .max_by(|(i, _), (j, _)| {
            let (a, b) = (
                means.get(*i).copied().unwrap_or(f64::NAN),
                means.get(*j).copied().unwrap_or(f64::NAN),
            );
            // NaN lowest; among equals the earlier candidate wins.
            let a = if a.is_nan() { f64::NEG_INFINITY } else { a };
            let b = if b.is_nan() { f64::NEG_INFINITY } else { b };
            a.total_cmp(&b).then(j.cmp(i))
        })
        .map(|(i, _)| i)
}

/// The candidate shown in heatmap cell `(col, row)`.
pub fn heatmap_candidate(
    result: &SearchResult,
    x_param: &str,
    y_param: &str,
    cell: (usize, usize),
) -> Option<usize> {
    let params = params_of(result);
    let xs = distinct(params, x_param);
    let ys = if y_param.is_empty() {
        Vec::new()
    } else {
        distinct(params, y_param)
    };
    let x = xs.get(cell.0)?;
    let y = if ys.is_empty() {
        None
    } else {
        Some(ys.get(cell.1)?)
    };
    best_matching(result, |c| {
        c.get(x_param) == Some(x) && (y.is_none() || c.get(y_param) == y)
    })
}

/// Mean CV score over `x_param` × `y_param` (`y_param` empty: one row). Where other
/// parameters vary too, each cell shows the best candidate among them. `selected`
/// are the candidates to outline (the last one is the current selection).
pub fn heatmap(
    result: &SearchResult,
    x_param: &str,
    y_param: &str,
    selected: &[usize],
) -> Option<HeatmapData> {
    let params = params_of(result);
    let xs = distinct(params, x_param);
    if xs.is_empty() {
        return None;
    }
    let ys = if y_param.is_empty() {
        Vec::new()
    } else {
        distinct(params, y_param)
    };
    let sfx = result.score_suffix().to_string();
    let means = result.cv_results.floats(&format!("mean_test_{sfx}"))?;
    let std_col = result.cv_results.floats(&format!("std_test_{sfx}"));
    let n_rows = ys.len().max(1);
    let mut values = vec![vec![f64::NAN; xs.len()]; n_rows];
    let mut stds = vec![vec![f64::NAN; xs.len()]; n_rows];
    let mut tooltips = vec![vec![String::new(); xs.len()]; n_rows];
    let mut best = None;
    let mut selected_cell = None;
    let mut also_selected = Vec::new();
    // The last selected candidate gets the selection outline; earlier ones too.
    let (last, earlier) = match selected.split_last() {
        Some((last, earlier)) => (Some(*last), earlier),
        None => (None, &[][..]),
    };
    for (row, values_row) in values.iter_mut().enumerate() {
        for (col, cell) in values_row.iter_mut().enumerate() {
            if let Some(i) = heatmap_candidate(result, x_param, y_param, (col, row)) {
                *cell = means.get(i).copied().unwrap_or(f64::NAN);
                if let Some(sd) = std_col.and_then(|v| v.get(i))
                    && let Some(slot) = stds.get_mut(row).and_then(|r| r.get_mut(col))
                {
                    *slot = *sd;
                }
                if let Some(slot) = tooltips.get_mut(row).and_then(|r| r.get_mut(col)) {
                    *slot = tooltip(result, i);
                }
                if i == result.best_index {
                    best = Some((row, col));
                }
                if Some(i) == last {
                    selected_cell = Some((row, col));
                } else if earlier.contains(&i) {
                    also_selected.push((row, col));
                }
            }
        }
    }
    let others = varying(result).len() > 2 || (y_param.is_empty() && varying(result).len() > 1);
    // Errors that span decades are coloured on a log scale (see HeatmapData::log_error).
    let error = error_name(&result.refit_scorer);
    let errors: Vec<f64> = values
        .iter()
        .flatten()
        .filter(|v| v.is_finite())
        .map(|v| -v)
        .collect();
    let log_error = error.is_some()
        && errors.iter().all(|&e| e > 0.0)
        && errors.iter().copied().fold(0.0, f64::max)
            > 100.0 * errors.iter().copied().fold(f64::INFINITY, f64::min);
    let value_label = match error {
        Some(name) if log_error => format!("mean CV {name} (log colour scale)"),
        _ => format!("mean CV {}", result.refit_scorer),
    };
    Some(HeatmapData {
        title: format!(
            "Mean CV {}{}",
            result.refit_scorer,
            if others {
                " (best over the other parameters)"
            } else {
                ""
            }
        ),
        x_label: x_param.to_string(),
        y_label: if y_param.is_empty() {
            String::new()
        } else {
            y_param.to_string()
        },
        x_ticks: xs.iter().map(ToString::to_string).collect(),
        y_ticks: if ys.is_empty() {
            vec!["all".into()]
        } else {
            ys.iter().map(ToString::to_string).collect()
        },
        values,
        best,
        selected: selected_cell,
        also_selected,
        value_label,
        log_error,
        stds,
        chance: chance_level(result),
        // Anchored at chance by default: near-chance scores should look near chance.
        colour_from_chance: chance_level(result).is_some(),
        tooltips,
    })
}

/// The score a model that ignores the features gets under the refit scorer, as
/// scikit-learn's `DummyClassifier(strategy="most_frequent")` (or
/// `DummyRegressor(strategy="mean")`): for `accuracy` the majority class's share of
/// the training rows, for `balanced_accuracy` 1/K with K the classes present, for
/// `r2` 0. `None` for the other scorers (their chance level depends on more than
/// the class shares).
pub fn chance_level(result: &SearchResult) -> Option<f64> {
    let counts = &result.train_class_counts;
    let total: usize = counts.iter().sum();
    match result.refit_scorer.as_str() {
        "accuracy" if total > 0 => {
            Some(counts.iter().copied().max().unwrap_or(0) as f64 / total as f64)
        }
        "balanced_accuracy" => {
            let k = counts.iter().filter(|&&c| c > 0).count();
            (k > 0).then(|| 1.0 / k as f64)
        }
        "r2" => Some(0.0),
        _ => None,
    }
}

/// What a chance-level line or colour scale is labelled with, for the refit scorer.
fn chance_name(scorer: &str) -> &'static str {
    match scorer {
        "accuracy" => "chance (most frequent class)",
        "balanced_accuracy" => "chance (1 / number of classes)",
        _ => "chance (predicting the mean)",
    }
}

/// Hover text of candidate `i`: its parameters, mean ± std CV score, mean train
/// score, the fold scores, and how its fits ended when not all were `ok`.
fn tooltip(result: &SearchResult, i: usize) -> String {
    let cv = &result.cv_results;
    let sfx = result.score_suffix();
    let at = |name: &str| cv.floats(name).and_then(|v| v.get(i)).copied();
    let num = |v: Option<f64>| v.map_or_else(|| "n/a".to_string(), |v| format!("{v:.3}"));
    let params = params_of(result)
        .get(i)
        .map(|c| {
            c.iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_default();
    let mut text = format!(
        "{params}: mean {} ± {}",
        num(at(&format!("mean_test_{sfx}"))),
        num(at(&format!("std_test_{sfx}")))
    );
    if let Some(train) = at(&format!("mean_train_{sfx}")) {
        text.push_str(&format!(", train {train:.3}"));
    }
    let folds: Vec<String> = (0..result.n_splits)
        .filter_map(|k| at(&format!("split{k}_test_{sfx}")))
        .map(|v| format!("{v:.3}"))
        .collect();
    if !folds.is_empty() {
        text.push_str(&format!(", folds {}", folds.join(" ")));
    }
    if let Some(status) = cv
        .texts("fit_status")
        .and_then(|t| t.get(i))
        .filter(|t| t.as_str() != "ok")
    {
        text.push_str(&format!(" — {status}"));
    }
    text
}

/// The error behind a negated error scorer: `MSE` for `neg_mean_squared_error`.
fn error_name(scorer: &str) -> Option<&'static str> {
    match scorer {
        "neg_mean_squared_error" => Some("MSE"),
        "neg_root_mean_squared_error" => Some("RMSE"),
        "neg_mean_absolute_error" => Some("MAE"),
        _ => None,
    }
}

/// Mean train and CV score against the numeric `x_param`, one series per value of
/// `group` (or one series). Needs train scores.
pub fn validation(
    result: &SearchResult,
    x_param: &str,
    group: Option<&str>,
) -> Option<ValidationData> {
    let params = params_of(result);
    let xs = distinct(params, x_param);
    let xs_num: Vec<f64> = xs
        .iter()
        .filter_map(|v| match v {
            ParamValue::Num(n) => Some(*n),
            _ => None,
        })
        .collect();
    if xs_num.len() != xs.len() || xs.is_empty() {
        return None;
    }
    let sfx = result.score_suffix();
    let cv = &result.cv_results;
    let (test_mean, test_std) = (
        cv.floats(&format!("mean_test_{sfx}"))?,
        cv.floats(&format!("std_test_{sfx}"))?,
    );
    let (train_mean, train_std) = (
        cv.floats(&format!("mean_train_{sfx}"))?,
        cv.floats(&format!("std_train_{sfx}"))?,
    );
    let groups: Vec<Option<ParamValue>> = match group {
        Some(g) => distinct(params, g).into_iter().map(Some).collect(),
        None => vec![None],
    };
    let mut series = Vec::new();
    for gv in &groups {
        let mut s = ValidationSeries {
            label: match (group, gv) {
                (Some(g), Some(v)) => format!("{g}={v}"),
                _ => "all".into(),
            },
            x: Vec::new(),
            train_mean: Vec::new(),
            train_std: Vec::new(),
            test_mean: Vec::new(),
            test_std: Vec::new(),
        };
        for (x, xv) in xs.iter().zip(&xs_num) {
            let found = best_matching(result, |c| {
                c.get(x_param) == Some(x)
                    && gv
                        .as_ref()
                        .is_none_or(|g| group.and_then(|name| c.get(name)) == Some(g))
            });
            if let Some(i) = found {
                let at = |v: &[f64]| v.get(i).copied().unwrap_or(f64::NAN);
                s.x.push(*xv);
                s.train_mean.push(at(train_mean));
                s.train_std.push(at(train_std));
                s.test_mean.push(at(test_mean));
                s.test_std.push(at(test_std));
            }
        }
        if !s.x.is_empty() {
            series.push(s);
        }
    }
    let log_x = xs_num.iter().all(|&v| v > 0.0) && {
        let (lo, hi) = xs_num.iter().fold((f64::INFINITY, 0.0f64), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        });
        hi / lo >= 20.0
    };
    // An error scorer (neg_mean_squared_error, …) whose errors span more than two
    // decades — a polynomial that overfits reaches 1e5 where the best degree has 0.2 —
    // is drawn as the error itself on a log axis, so the dip and the rise both show.
    let error_name = error_name(&result.refit_scorer);
    let errors = || {
        series
            .iter()
            .flat_map(|s| s.train_mean.iter().chain(&s.test_mean))
            .filter(|v| v.is_finite())
            .map(|v| -v)
    };
    let spread = errors().fold(0.0_f64, f64::max) / errors().fold(f64::INFINITY, f64::min);
    let log_y = error_name.is_some() && errors().all(|e| e > 0.0) && spread > 100.0;
    // The rule is on scores (higher is better), before any negation for the log axis.
    let mut one_se = one_standard_error(&series, x_param, result.n_splits);
    if log_y && let Some(o) = one_se.as_mut() {
        o.score = -o.score;
    }
    if log_y {
        for s in &mut series {
            for v in s.train_mean.iter_mut().chain(s.test_mean.iter_mut()) {
                *v = -*v;
            }
        }
    }
    let (title, y_label) = match error_name {
        Some(name) if log_y => (
            format!("Validation curve: {name} against {x_param} (lower is better)"),
            name.to_string(),
        ),
        _ => (
            format!(
                "Validation curve: {} against {x_param}",
                result.refit_scorer
            ),
            result.refit_scorer.clone(),
        ),
    };
    let chance = chance_level(result).filter(|_| !log_y);
    Some(ValidationData {
        title,
        param_name: x_param.to_string(),
        log_x,
        log_y,
        y_label,
        series,
        chance,
        chance_label: if chance.is_some() {
            chance_name(&result.refit_scorer).to_string()
        } else {
            String::new()
        },
        one_se,
        inverse_axis: x_param == "C" && xs_num.iter().all(|&v| v > 0.0),
    })
}

/// Which way is simpler for `param`: `Some(true)` when smaller values are simpler
/// (`C`: stronger regularisation; `degree`, `hidden_layer_sizes`), `Some(false)`
/// when larger ones are (`alpha`), `None` when neither is.
fn smaller_is_simpler(param: &str) -> Option<bool> {
    match param {
        "C" | "degree" | "hidden_layer_sizes" => Some(true),
        "alpha" => Some(false),
        _ => None,
    }
}

/// The one-standard-error rule on the series' CV scores: on the series holding the
/// best mean, the simplest value whose mean is at least `best − std_best / √k`.
fn one_standard_error(series: &[ValidationSeries], param: &str, k: usize) -> Option<OneSe> {
    let smaller = smaller_is_simpler(param)?;
    let (si, bi) = series
        .iter()
        .enumerate()
        .flat_map(|(si, s)| (0..s.test_mean.len()).map(move |i| (si, i)))
        .filter(|&(si, i)| series[si].test_mean[i].is_finite())
        .max_by(|&(sa, a), &(sb, b)| {
            series[sa].test_mean[a]
                .total_cmp(&series[sb].test_mean[b])
                // Ties: the earlier wins (max_by keeps the last of equals).
                .then((sb, b).cmp(&(sa, a)))
        })?;
    let s = &series[si];
    let best = s.test_mean[bi];
    let sd = s.test_std.get(bi).copied().filter(|v| v.is_finite())?;
    let se = sd / (k.max(1) as f64).sqrt();
    let threshold = best - se;
    let pick = (0..s.x.len())
        .filter(|&i| {
            s.test_mean
                .get(i)
                .is_some_and(|&m| m.is_finite() && m >= threshold)
        })
        .min_by(|&a, &b| {
            let (xa, xb) = (s.x[a], s.x[b]);
            if smaller {
                xa.total_cmp(&xb)
            } else {
                xb.total_cmp(&xa)
            }
        })?;
    let (x, score) = (s.x[pick], s.test_mean[pick]);
    let group = if s.label == "all" || s.label.is_empty() {
        String::new()
    } else {
        format!(" ({})", s.label)
    };
    let simplest = match param {
        "C" => "the smallest C (the strongest regularisation)",
        "alpha" => "the largest alpha (the strongest regularisation)",
        "degree" => "the lowest degree",
        "hidden_layer_sizes" => "the fewest hidden units",
        _ => "the simplest value",
    };
    let text = if pick == bi {
        format!(
            "1-SE rule: {param} = {}{group} scores {score:.3}, the best; no simpler value is              within one standard error ({se:.3} = std {sd:.3} / √{k}) of it.",
            fmt(x)
        )
    } else {
        format!(
            "1-SE rule: {param} = {}{group} scores {score:.3}, within one standard error              ({se:.3} = std {sd:.3} / √{k}) of the best, {best:.3} at {param} = {}: {simplest}              that is — differences smaller than the noise between folds are not worth the              extra complexity.",
            fmt(x),
            fmt(s.x[bi])
        )
    };
    Some(OneSe {
        x,
        score,
        series: si,
        text,
    })
}

/// A parameter value as the grid writes it (`0.1`, `10`, `1e-5`).
fn fmt(v: f64) -> String {
    ParamValue::Num(v).to_string()
}

/// A legend-sized label: the solver by its name alone, `lr` for the learning
/// rate, `name=value` for the rest (`#3 gd lr=0.1`).
fn short_label(candidate: &Candidate) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(solver) = candidate.get("solver") {
        parts.push(solver.to_string());
    }
    for (name, value) in candidate {
        match name.as_str() {
            "solver" => {}
            "learning_rate" => parts.push(format!("lr={value}")),
            _ => parts.push(format!("{name}={value}")),
        }
    }
    parts.join(" ")
}

/// The loss curves and parameter-space paths of chosen candidates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Trajectories {
    /// Objective against iteration.
    pub loss: LossData,
    /// Paths on a plane through the optimum.
    pub trajectory: TrajectoryData,
}

/// Multiply-adds the landscape behind the path chart may spend (rows × parameters
/// per evaluation of the objective, times the evaluations): 41 × 41 for a logistic
/// regression, 21 × 21 for a 100-unit network on 160 rows.
const LANDSCAPE_BUDGET: f64 = 2e7;

/// One candidate for [`trajectories_of`]: how the charts name it, its grid
/// parameters (over the search's fixed settings) and, when it is already fitted on
/// the search's training rows, that fit (its history is drawn; nothing is refitted).
#[derive(Debug, Clone)]
pub struct PathCandidate<'a> {
    /// Legend label (`#3 C=0.1`).
    pub label: String,
    /// The candidate's parameters, applied over the search's fixed settings.
    pub params: Candidate,
    /// Its fit on the search's training rows, if one exists.
    pub fitted: Option<&'a crate::model::FittedPipeline>,
}

/// Refits each of `candidates` (indices into the search's candidates) on the
/// search's training rows, recording its path, and projects the paths onto
/// `plane` through the optimum of the first candidate's objective. Candidates whose
/// parameter vector has another length than the first's (another degree, say) are
/// on the loss chart only. The best candidate is not refitted: the search's refit
/// is drawn.
pub fn trajectories(
    data: &Dataset,
    config: &SearchConfig,
    result: &SearchResult,
    candidates: &[usize],
    plane: Plane,
) -> Result<Trajectories> {
    let params = params_of(result);
    if candidates.is_empty() {
        return Err(Error::InvalidParam {
            name: "candidates".into(),
            value: "[]".into(),
            reason: "select at least one candidate".into(),
        });
    }
    let names: Vec<String> = varying(result).into_iter().map(|(n, _)| n).collect();
    let items = candidates
        .iter()
        .map(|&i| {
            let candidate = params.get(i).ok_or_else(|| Error::InvalidParam {
                name: "candidate".into(),
                value: i.to_string(),
                reason: format!("there are {} candidates", params.len()),
            })?;
            let shown: Candidate = candidate
                .iter()
                .filter(|(k, _)| names.contains(k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            let label = if shown.is_empty() {
                format!("#{i}")
            } else {
                format!("#{i} {}", short_label(&shown))
            };
            Ok(PathCandidate {
                label,
                params: candidate.clone(),
                fitted: (i == result.best_index).then_some(&result.best_model),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    trajectories_of(data, config, result, &items, plane)
}

/// [`trajectories`] for candidates given by their parameters, which need not be in
/// the search's grid (a live slider's refit): each is fitted on the search's
/// training rows unless it comes with its fit.
pub fn trajectories_of(
    data: &Dataset,
    config: &SearchConfig,
    result: &SearchResult,
    candidates: &[PathCandidate],
    plane: Plane,
) -> Result<Trajectories> {
    if candidates.is_empty() {
        return Err(Error::InvalidParam {
            name: "candidates".into(),
            value: "[]".into(),
            reason: "select at least one candidate".into(),
        });
    }
    data.check_structure()?;
    if result.train_indices.iter().any(|&i| i >= data.n_samples())
        || data.is_regression() != result.regression
    {
        return Err(Error::Shape(
            "the search was run on another data set; run it again".into(),
        ));
    }
    let train = data.select(&result.train_indices);
    let n_classes = data.n_classes();
    let target = match &train.target {
        DataTarget::Classes { y, .. } => Target::Classes { y, n_classes },
        DataTarget::Values { y } => Target::Values(y),
    };
    let base = config.base_pipeline()?;
    let mut fits = Vec::new();
    // The search's held-out test rows, if it had any.
    let held = if result.n_test > 0 {
        let mut in_train = vec![false; data.n_samples()];
        for &i in &result.train_indices {
            in_train[i] = true;
        }
        let rows: Vec<usize> = (0..data.n_samples()).filter(|&i| !in_train[i]).collect();
        Some(data.select(&rows))
    } else {
        None
    };
    for item in candidates {
        let pipe = apply(&base, &item.params)?.check(data.n_features())?;
        // A candidate already fitted on these rows (the search's refit of its best)
        // is drawn as it is.
        let refitted = item.fitted;
        let (poly, scaler) = match refitted {
            Some(best) => (best.poly.clone(), best.scaler.clone()),
            None => pipe.params().fit_transformers(train.x.view())?,
        };
        let x = transform(poly.as_ref(), scaler.as_ref(), train.x.view());
        let model = match refitted {
            Some(best) => best.model.clone(),
            None => pipe.fit_model(x.view(), target)?,
        };
        // The same path scored on the held-out rows, through the same expansion and
        // scaler: the loss a model would have at each iteration on new data.
        let held_out = match &held {
            Some(rows) => {
                let x_held = transform(poly.as_ref(), scaler.as_ref(), rows.x.view());
                let held_target = match &rows.target {
                    DataTarget::Classes { y, .. } => Target::Classes { y, n_classes },
                    DataTarget::Values { y } => Target::Values(y),
                };
                let surface = pipe.objective_on(x_held.view(), held_target, &model)?;
                model
                    .history()
                    .snapshots
                    .iter()
                    .map(|snap| surface.data_loss_at(&snap.theta))
                    .collect()
            }
            None => Vec::new(),
        };
        fits.push((item.label.clone(), pipe, x, model, held_out));
    }

    // The solver shows in the labels when it is a grid axis, else in the title.
    let names: Vec<String> = varying(result).into_iter().map(|(n, _)| n).collect();
    let solver_note = match base.model_solver() {
        Some(solver) if !names.iter().any(|n| n == "solver") => format!(" — solver {solver}"),
        _ => String::new(),
    };
    let loss = LossData {
        title: format!("Objective during training{solver_note}"),
        y_label: match config.model {
            ModelKind::LogisticRegression | ModelKind::MlpClassifier => {
                "objective per sample".into()
            }
            _ => "objective per sample (squared error / 2 + penalty)".into(),
        },
        log_x: false,
        marker: None,
        series: fits
            .iter()
            .map(|(label, _, _, m, held_out)| LossSeries {
                label: label.clone(),
                iterations: m.history().iteration.iter().map(|&i| i as f64).collect(),
                objective: m.history().objective.clone(),
                diverged_at: match m.outcome() {
                    crate::model::Outcome::Diverged { iteration, .. } => Some(*iteration as f64),
                    _ => None,
                },
                oscillating: m.outcome().is_oscillating(),
                held_out: held_out.clone(),
            })
            .collect(),
    };

    // The landscape is the first candidate's objective around its optimum (or, for
    // a network, around where its training ended).
    let (_, first_pipe, first_x, first_model, _) = fits
        .first()
        .ok_or_else(|| Error::InvalidData("no candidate".into()))?;
    let (surface, center) = first_pipe.surface(first_x.view(), target, first_model)?;
    let dim = center.len();
    let histories: Vec<(&crate::model::History, bool)> = fits
        .iter()
        .filter(|(_, _, _, m, _)| {
            m.history()
                .snapshots
                .first()
                .is_some_and(|s| s.theta.len() == dim)
        })
        // The view is framed on the sane paths: a run that diverged or oscillated
        // would stretch it and shrink the others to a few pixels.
        .map(|(_, _, _, m, _)| {
            (
                m.history(),
                !m.outcome().is_diverged() && !m.outcome().is_oscillating(),
            )
        })
        .collect();
    let on_plane: Vec<_> = fits
        .iter()
        .filter(|(_, _, _, m, _)| {
            m.history()
                .snapshots
                .first()
                .is_some_and(|s| s.theta.len() == dim)
        })
        .collect();
    // Two parameters (one feature and an intercept): the plane is the whole space.
    let plane = if dim == 2 && plane == Plane::Principal {
        Plane::Exact
    } else {
        plane
    };
    // 41 × 41 evaluations of the objective, fewer when one costs a large network's
    // forward pass over many rows: about LANDSCAPE_BUDGET multiply-adds in all, and
    // never under 21 × 21 (the contours stay smooth at 21).
    let cost = first_x.nrows().saturating_mul(dim).max(1);
    let resolution = ((LANDSCAPE_BUDGET / cost as f64).sqrt() as usize).clamp(21, 41);
    let view = landscape(surface.as_ref(), &center, &histories, plane, resolution)?;
    let plane_text = match plane {
        Plane::Principal => "the paths' two principal directions".to_string(),
        Plane::Weights { .. } | Plane::Exact => {
            format!("{} and {}", view.axis_names.0, view.axis_names.1)
        }
    };
    let around = if config.model.is_mlp() {
        "where its training ended"
    } else {
        "its optimum"
    };
    let inside = |p: &(f64, f64)| {
        p.0 >= view.x_range.0
            && p.0 <= view.x_range.1
            && p.1 >= view.y_range.0
            && p.1 <= view.y_range.1
    };
    let clipped: Vec<String> = on_plane
        .iter()
        .zip(&view.paths)
        .filter(|(_, points)| !points.iter().all(inside))
        .map(|((label, _, _, m, _), _)| {
            let o = m.outcome();
            if o.is_diverged() {
                format!("{label} (diverged)")
            } else if o.is_oscillating() {
                format!("{label} (oscillating)")
            } else {
                label.clone()
            }
        })
        .collect();
    let clipped_text = if clipped.is_empty() {
        String::new()
    } else {
        format!(" Clipped at the edge: {}.", clipped.join(", "))
    };
    let trajectory = TrajectoryData {
        title: format!("Optimiser paths in parameter space{solver_note}"),
        caption: if plane == Plane::Exact {
            format!(
                "Contours: the exact objective of {} over its two parameters {plane_text} (no projection).{clipped_text}",
                fits.first().map(|f| f.0.as_str()).unwrap_or("")
            )
        } else {
            format!(
                "Contours: objective of {} on the plane through {around} spanned by {plane_text} (paths projected onto it).{clipped_text}",
                fits.first().map(|f| f.0.as_str()).unwrap_or("")
            )
        },
        x_label: view.axis_names.0.clone(),
        y_label: view.axis_names.1.clone(),
        x_range: view.x_range,
        y_range: view.y_range,
        grid: view.grid,
        paths: on_plane
            .iter()
            .zip(view.paths)
            .map(|((label, _, _, m, _), points)| PathSeries {
                label: label.clone(),
                points,
                diverged: m.outcome().is_diverged(),
                oscillating: m.outcome().is_oscillating(),
            })
            .collect(),
        optimum: view.optimum,
        star_label: if config.model.is_mlp() {
            "end of training".into()
        } else {
            "optimum".into()
        },
    };
    Ok(Trajectories { loss, trajectory })
}
