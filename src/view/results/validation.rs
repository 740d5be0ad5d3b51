//! The validation curve: train and CV scores against a numeric parameter, its scales,
//! and the one-standard-error choice.

use crate::charts::{OneSe, ValidationData, ValidationSeries};
use crate::collect::CollectVec;
use crate::model::ParamValue;
use crate::report::chance_level;
use crate::view::error_name;

use super::ResultsView;
use super::axes::num;

impl ResultsView<'_> {
    /// Mean train and CV score against the numeric `x_param`, one series per value of
    /// `group` (or one series). Needs train scores.
    pub fn validation(&self, x_param: &str, group: Option<&str>) -> Option<ValidationData> {
        let x = self.axis(x_param)?;
        if !x.numeric || x.values.is_empty() {
            return None;
        }
        let xs_num: Vec<f64> = x.values.iter().map(num).collect_vec();
        let scores = self.scores.as_ref()?;
        let (test_mean, test_std, train_mean, train_std) = (
            scores.mean_test,
            scores.std_test?,
            scores.mean_train?,
            scores.std_train?,
        );
        let group_axis = match group {
            Some(g) => match self.axis(g) {
                Some(a) => Some(a),
                // No candidate sets it: no values, so no series.
                None => return Some(self.finish_validation(x_param, &xs_num, Vec::new())),
            },
            None => None,
        };
        let cells = self.best_per_cell(scores, x, group_axis);
        let mut series = Vec::new();
        for (gi, line) in cells.iter().enumerate() {
            let mut s = ValidationSeries {
                label: match (group, group_axis.and_then(|a| a.values.get(gi))) {
                    (Some(g), Some(v)) => format!("{g}={v}"),
                    // One series: the legend says "CV" and "train" alone.
                    _ => String::new(),
                },
                x: Vec::new(),
                train_mean: Vec::new(),
                train_std: Vec::new(),
                test_mean: Vec::new(),
                test_std: Vec::new(),
            };
            for (xv, cell) in xs_num.iter().zip(line) {
                if let Some(i) = *cell {
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
        Some(self.finish_validation(x_param, &xs_num, series))
    }

    /// The validation curve's scales, chance level and one-standard-error choice for
    /// `series` over the values `xs_num` of `x_param`.
    fn finish_validation(
        &self,
        x_param: &str,
        xs_num: &[f64],
        mut series: Vec<ValidationSeries>,
    ) -> ValidationData {
        let result = self.result;
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
        ValidationData {
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
        }
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
    let group = if s.label.is_empty() {
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
fn fmt(v: f64) -> String {
    ParamValue::Num(v).to_string()
}
