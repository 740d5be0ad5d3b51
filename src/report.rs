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

use crate::collect::CollectVec;
use serde::Serialize;

use crate::charts::{
    ConfusionData, HeatmapData, LossData, LossSeries, PathSeries, TrajectoryData, ValidationData,
};
use crate::data::{Dataset, Target as DataTarget};
use crate::error::{Error, Result};
use crate::model::landscape::{Plane, landscape};
use crate::model::{Estimator, ModelKind, transform_rows};
use crate::select::grid::{Candidate, apply};
use crate::select::{SearchConfig, SearchResult};
use crate::view::{ResultsView, TableData};

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
            let mut cells: Vec<String> = row
                .iter()
                .map(|v| crate::numfmt::fmt_value(*v))
                .collect_vec();
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
        .collect_vec();
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
    /// The columns of the `cv_results_` table.
    pub table: TableData,
    /// The refitted model's confusion matrix (classifiers only).
    pub confusion: Option<ConfusionData>,
}

/// What the page shows of a result before any click: the default axes, the heatmap
/// and validation curve over them, and the table's columns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Views {
    /// Parameter across the heatmap and along the validation curve.
    pub x_param: Option<String>,
    /// Parameter down the heatmap (one curve per value).
    pub y_param: Option<String>,
    /// Mean CV score over the two.
    pub heatmap: Option<HeatmapData>,
    /// Train and CV score against `x_param`.
    pub validation: Option<ValidationData>,
    /// The columns of the `cv_results_` table.
    pub table: TableData,
}

/// The [`Views`] of `result`, from one [`ResultsView`] (one index of its axes and
/// scorer columns): linear in the candidates.
pub fn views(result: &SearchResult) -> Views {
    let view = ResultsView::new(result);
    let (x_param, y_param) = view.default_axes();
    let heatmap = match (&x_param, &y_param) {
        (Some(x), Some(y)) => view.heatmap(x, y, &[]),
        (Some(x), None) => view.heatmap(x, "", &[]),
        _ => None,
    };
    let validation = x_param
        .as_deref()
        .and_then(|x| view.validation(x, y_param.as_deref()));
    Views {
        x_param,
        y_param,
        heatmap,
        validation,
        table: view.table(),
    }
}

/// The report of a finished search on `data`.
pub fn report(data: &Dataset, _config: &SearchConfig, result: SearchResult) -> Report {
    let Views {
        x_param,
        y_param,
        heatmap,
        validation,
        table,
    } = views(&result);
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
        table,
        confusion,
    }
}

fn params_of(result: &SearchResult) -> &[Candidate] {
    result.cv_results.params()
}

/// The candidate shown in heatmap cell `(col, row)`. Builds a [`ResultsView`] (one pass
/// over the candidates); to ask for several cells or views, build one and ask it.
pub fn heatmap_candidate(
    result: &SearchResult,
    x_param: &str,
    y_param: &str,
    cell: (usize, usize),
) -> Option<usize> {
    ResultsView::new(result).heatmap_candidate(x_param, y_param, cell)
}

/// Mean CV score over `x_param` × `y_param` (`y_param` empty: one row). Where other
/// parameters vary too, each cell shows the best candidate among them. `selected`
/// are the candidates to outline (the last one is the current selection). See
/// [`ResultsView::heatmap`]; linear in the candidates.
pub fn heatmap(
    result: &SearchResult,
    x_param: &str,
    y_param: &str,
    selected: &[usize],
) -> Option<HeatmapData> {
    ResultsView::new(result).heatmap(x_param, y_param, selected)
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

/// Mean train and CV score against the numeric `x_param`, one series per value of
/// `group` (or one series). Needs train scores. See [`ResultsView::validation`];
/// linear in the candidates.
pub fn validation(
    result: &SearchResult,
    x_param: &str,
    group: Option<&str>,
) -> Option<ValidationData> {
    ResultsView::new(result).validation(x_param, group)
}

/// The grid parameters with more than one value (`C` first, then numeric ones).
fn varying_names(result: &SearchResult) -> Vec<String> {
    ResultsView::new(result)
        .varying()
        .into_iter()
        .map(|(n, _)| n.to_string())
        .collect_vec()
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

/// Multiply-adds the landscape of a network's path may spend (rows × parameters per
/// evaluation of the objective, times the evaluations): 21 × 21 for a 100-unit
/// network on 160 rows, 11 × 11 from about 165 000 (a 100-unit network on breast
/// cancer's 364 training rows).
const LANDSCAPE_BUDGET: f64 = 2e7;

/// The most training rows a network's landscape is evaluated on: past it, its
/// contours are the objective on this many evenly spaced rows. Each point costs a
/// forward pass over the rows; on all 80 000 training rows of a 100 000-row set a
/// 100-unit network's 11 × 11 points took 15 s and 128 MB in the wasm.
const NETWORK_LANDSCAPE_ROWS: usize = 2000;

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
    let names: Vec<String> = varying_names(result);
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
    match paths_of(data, config, result, candidates, plane, true)? {
        (loss, Some(trajectory)) => Ok(Trajectories { loss, trajectory }),
        (_, None) => Err(Error::InvalidData(
            "no parameter-space paths were drawn".into(),
        )),
    }
}

/// The loss chart of [`trajectories_of`] alone, without the landscape behind the
/// path chart (which costs hundreds of evaluations of the objective): what a live
/// preview draws while a slider moves.
///
/// # Errors
/// As [`trajectories_of`].
pub fn loss_of(
    data: &Dataset,
    config: &SearchConfig,
    result: &SearchResult,
    candidates: &[PathCandidate],
) -> Result<LossData> {
    Ok(paths_of(data, config, result, candidates, Plane::Principal, false)?.0)
}

/// The loss chart and, with `landscape`, the path chart of `candidates`.
fn paths_of(
    data: &Dataset,
    config: &SearchConfig,
    result: &SearchResult,
    candidates: &[PathCandidate],
    plane: Plane,
    landscape_too: bool,
) -> Result<(LossData, Option<TrajectoryData>)> {
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
    // The training rows and the held-out ones are read from the data set by index,
    // cut out only as the pipeline transforms them.
    let train_rows = &result.train_indices;
    let train_target = data.target.select(train_rows);
    let n_classes = data.n_classes();
    let target = train_target.for_model(n_classes);
    let base = config.base_pipeline()?;
    let mut fits = Vec::new();
    // The search's held-out test rows, if it had any.
    let held = if result.n_test > 0 {
        let mut in_train = vec![false; data.n_samples()];
        for &i in &result.train_indices {
            in_train[i] = true;
        }
        let rows: Vec<usize> = (0..data.n_samples())
            .filter(|&i| !in_train[i])
            .collect_vec();
        let target = data.target.select(&rows);
        Some((rows, target))
    } else {
        None
    };
    // A network's landscape point costs a forward pass over the rows: past
    // NETWORK_LANDSCAPE_ROWS, its contours come from evenly spaced training rows
    // (positions in `train_rows`).
    let all_rows = train_rows.len();
    let sample: Option<Vec<usize>> = (config.model.is_mlp() && all_rows > NETWORK_LANDSCAPE_ROWS)
        .then(|| {
            (0..NETWORK_LANDSCAPE_ROWS as u64)
                .map(|k| (k * all_rows as u64 / NETWORK_LANDSCAPE_ROWS as u64) as usize)
                .collect_vec()
        });
    for (i, item) in candidates.iter().enumerate() {
        let pipe = apply(&base, &item.params)?.check(data.n_features())?;
        // A candidate already fitted on these rows (the search's refit of its best)
        // is drawn as it is.
        let refitted = item.fitted;
        let (poly, scaler) = match refitted {
            Some(best) => (best.poly.clone(), best.scaler.clone()),
            None => pipe
                .params()
                .fit_transformers_rows(data.x.view(), train_rows)?,
        };
        // The transformed training rows are built to fit on, and kept only as the
        // first candidate's contour rows: at 80,000 rows × 50 features each copy
        // is 32 MB.
        let (model, x) = match refitted {
            Some(best) => (best.model.clone(), None),
            None => {
                let x = transform_rows(poly.as_ref(), scaler.as_ref(), data.x.view(), train_rows);
                (pipe.fit_model(x.view(), target)?, Some(x))
            }
        };
        let contour_x = (landscape_too && i == 0).then(|| match (&sample, x) {
            (Some(picks), Some(x)) => x.select(ndarray::Axis(0), picks),
            (Some(picks), None) => {
                let rows: Vec<usize> = picks.iter().map(|&k| train_rows[k]).collect_vec();
                transform_rows(poly.as_ref(), scaler.as_ref(), data.x.view(), &rows)
            }
            (None, Some(x)) => x,
            (None, None) => {
                transform_rows(poly.as_ref(), scaler.as_ref(), data.x.view(), train_rows)
            }
        });
        // The same path scored on the held-out rows, through the same expansion and
        // scaler: the loss a model would have at each iteration on new data.
        let held_out = match &held {
            Some((rows, held_y)) => {
                let x_held = transform_rows(poly.as_ref(), scaler.as_ref(), data.x.view(), rows);
                let held_target = held_y.for_model(n_classes);
                let surface = pipe.objective_on(x_held.view(), held_target, &model)?;
                model
                    .history()
                    .snapshots
                    .iter()
                    .map(|snap| surface.data_loss_at(&snap.theta))
                    .collect_vec()
            }
            None => Vec::new(),
        };
        fits.push((item.label.clone(), pipe, contour_x, model, held_out));
    }

    // The solver shows in the labels when it is a grid axis, else in the title.
    let names: Vec<String> = varying_names(result);
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
                iterations: m
                    .history()
                    .iteration
                    .iter()
                    .map(|&i| i as f64)
                    .collect_vec(),
                objective: m.history().objective.clone(),
                diverged_at: match m.outcome() {
                    crate::model::Outcome::Diverged { iteration, .. } => Some(*iteration as f64),
                    _ => None,
                },
                oscillating: m.outcome().is_oscillating(),
                held_out: held_out.clone(),
            })
            .collect_vec(),
    };

    if !landscape_too {
        return Ok((loss, None));
    }
    // The landscape is the first candidate's objective around its optimum (or, for
    // a network, around where its training ended).
    let (_, first_pipe, first_x, first_model, _) = fits
        .first()
        .ok_or_else(|| Error::InvalidData("no candidate".into()))?;
    let surface_x = first_x
        .as_ref()
        .ok_or_else(|| Error::InvalidData("no contour rows".into()))?
        .view();
    let sampled_target = sample.as_ref().map(|rows| train_target.select(rows));
    let surface_target = match &sampled_target {
        Some(t) => t.for_model(n_classes),
        None => target,
    };
    let (surface, center) = first_pipe.surface(surface_x, surface_target, first_model)?;
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
        .collect_vec();
    let on_plane: Vec<_> = fits
        .iter()
        .filter(|(_, _, _, m, _)| {
            m.history()
                .snapshots
                .first()
                .is_some_and(|s| s.theta.len() == dim)
        })
        .collect_vec();
    // Two parameters (one feature and an intercept): the plane is the whole space.
    let plane = if dim == 2 && plane == Plane::Principal {
        Plane::Exact
    } else {
        plane
    };
    // 41 × 41 evaluations of the objective, fewer when they cost more than about
    // LANDSCAPE_BUDGET multiply-adds in all. A linear model's plane is evaluated from
    // projections of the rows, so a point costs the rows × classes (an exp and a log
    // each, counted as 8): never under 21 × 21. A network's point costs a forward pass
    // over every row: never under 11 × 11.
    let rows = surface_x.nrows().max(1);
    let (cost, floor) = if config.model.is_mlp() {
        (rows.saturating_mul(dim), 11)
    } else {
        (rows.saturating_mul(8 * n_classes.max(1)), 21)
    };
    let resolution = ((LANDSCAPE_BUDGET / cost as f64).sqrt() as usize).clamp(floor, 41);
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
        .collect_vec();
    let clipped_text = if clipped.is_empty() {
        String::new()
    } else {
        format!(" Clipped at the edge: {}.", clipped.join(", "))
    };
    let sample_text = match &sample {
        Some(rows) => format!(
            " Contours from {} of the {} training rows, evenly spaced; paths from all.",
            crate::numfmt::group(rows.len()),
            crate::numfmt::group(all_rows)
        ),
        None => String::new(),
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
                "Contours: objective of {} on the plane through {around} spanned by {plane_text} (paths projected onto it).{sample_text}{clipped_text}",
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
            .collect_vec(),
        optimum: view.optimum,
        star_label: if config.model.is_mlp() {
            "end of training".into()
        } else {
            "optimum".into()
        },
    };
    Ok((loss, Some(trajectory)))
}
