//! The views as `report.rs` built them before they were made linear (quadratic and
//! worse: every cell rescanned the candidates): the reference the linear views in
//! `view::results` must equal. Copied unchanged but for imports and `pub`.
#![allow(dead_code)]

use tunelab::charts::{HeatmapData, OneSe, ValidationData, ValidationSeries};
use tunelab::model::ParamValue;
use tunelab::report::chance_level;
use tunelab::select::SearchResult;
use tunelab::select::grid::Candidate;

pub fn params_of(result: &SearchResult) -> &[Candidate] {
    result.cv_results.params()
}

/// Grid parameters with more than one value, numeric first (`C` before all).
pub fn varying(result: &SearchResult) -> Vec<(String, bool)> {
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

pub fn default_axes(result: &SearchResult) -> (Option<String>, Option<String>) {
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
pub fn distinct(params: &[Candidate], name: &str) -> Vec<ParamValue> {
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
pub fn best_matching(result: &SearchResult, matches: impl Fn(&Candidate) -> bool) -> Option<usize> {
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
    let mut candidates = vec![vec![None; xs.len()]; n_rows];
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
            let found = heatmap_candidate(result, x_param, y_param, (col, row));
            candidates[row][col] = found;
            if let Some(i) = found {
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
        candidates,
    })
}

/// What a chance-level line or colour scale is labelled with, for the refit scorer.
pub fn chance_name(scorer: &str) -> &'static str {
    match scorer {
        "accuracy" => "chance (most frequent class)",
        "balanced_accuracy" => "chance (1 / number of classes)",
        _ => "chance (predicting the mean)",
    }
}

/// Hover text of candidate `i`: its parameters, mean ± std CV score, mean train
/// score, the fold scores, and how its fits ended when not all were `ok`.
pub fn tooltip(result: &SearchResult, i: usize) -> String {
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
pub fn error_name(scorer: &str) -> Option<&'static str> {
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
                // One series has no label (the legend says "CV" and "train").
                _ => String::new(),
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
pub fn smaller_is_simpler(param: &str) -> Option<bool> {
    match param {
        "C" | "degree" | "hidden_layer_sizes" => Some(true),
        "alpha" => Some(false),
        _ => None,
    }
}

/// The one-standard-error rule on the series' CV scores: on the series holding the
/// best mean, the simplest value whose mean is at least `best − std_best / √k`.
pub fn one_standard_error(series: &[ValidationSeries], param: &str, k: usize) -> Option<OneSe> {
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
            "1-SE rule: {param} = {}{group} scores {score:.3}, the best; no simpler value is within one standard error ({se:.3} = std {sd:.3} / √{k}) of it.",
            fmt(x)
        )
    } else {
        format!(
            "1-SE rule: {param} = {}{group} scores {score:.3}, within one standard error ({se:.3} = std {sd:.3} / √{k}) of the best, {best:.3} at {param} = {}: {simplest} that is — differences smaller than the noise between folds are not worth the extra complexity.",
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
pub fn fmt(v: f64) -> String {
    ParamValue::Num(v).to_string()
}
