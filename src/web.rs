//! The browser boundary: the only module that speaks wasm-bindgen, web-sys and js-sys.
//!
//! Two instances of the same wasm module run in the playground:
//!
//! * in the **worker**, a [`Session`] holds the data set and the last search, runs grid
//!   searches (reporting progress through a JS callback) and computes chart data;
//! * on the **main thread**, the `draw_*` functions draw that chart data on `<canvas>`
//!   elements through `plotters-canvas` (which needs an `HtmlCanvasElement`, so it cannot
//!   draw in the worker).
//!
//! Values cross the boundary with `serde-wasm-bindgen` (maps become plain objects, `NaN`
//! stays `NaN`, `None` becomes `null`); every failure becomes a JS `Error` carrying the
//! core's message.
//!
//! ```js
//! import init, { Session } from './pkg/tunelab.js';
//! await init();
//! const session = new Session();               // Iris is loaded
//! const report = session.run(config, (done, total) => postMessage({ done, total }));
//! ```

use crate::collect::CollectVec;
use std::sync::Arc;

use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use crate::charts::{self, ChartStyle};
use crate::data::Dataset;
use crate::data::generate::Spec;
use crate::model::Estimator;
use crate::model::landscape::Plane;
use crate::report;
use crate::select::search::Job;
use crate::select::{SearchConfig, SearchResult, grid_search_with_clock};

mod draw;
mod error;
mod load;
mod tools;

pub use self::draw::{
    draw_boundary, draw_confusion, draw_heatmap, draw_heatmap_base, draw_heatmap_selection,
    draw_learning, draw_loss, draw_optimism, draw_regpath, draw_trajectory, draw_validation,
    heatmap_cell_at, heatmap_frame_cell,
};
pub use self::error::WebError;
pub use self::tools::{
    catalog, check_input_size, csv_columns, csv_columns_bytes, expanded_features, limits,
    plan_for_summary,
};

/// Least time between two calls of the progress callback, in milliseconds.
const PROGRESS_INTERVAL_MS: f64 = 30.0;

/// Rows of the data preview returned by [`Session::summary`].
const PREVIEW_ROWS: usize = 8;

#[wasm_bindgen]
extern "C" {
    /// `performance.now()` of the current global (window, worker or Node).
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;
}

/// Seconds on a monotonic clock, for fit timings (`Instant::now` panics on wasm32).
fn clock() -> f64 {
    performance_now() / 1000.0
}

/// Installs the panic hook once, when the module is instantiated: a panic then shows
/// its message in the console instead of "unreachable executed".
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// Serialises `value` for JS: maps as plain objects, `None` as `null`, `NaN` as `NaN`.
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, WebError> {
    Ok(value.serialize(&serde_wasm_bindgen::Serializer::json_compatible())?)
}

/// Reads a value given by JS, or `default` when it is `undefined` or `null`.
fn from_js_or<T: DeserializeOwned>(value: JsValue, default: T) -> Result<T, WebError> {
    if value.is_undefined() || value.is_null() {
        Ok(default)
    } else {
        from_js(value)
    }
}

/// Reads a value given by JS.
fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, WebError> {
    Ok(serde_wasm_bindgen::from_value(value)?)
}

/// Reads a `SearchConfig` given by JS. A grid refused as it is read (too many
/// candidates, an unknown parameter) is reported as the core's own error — with its
/// `kind`, `field` and `limit` — rather than as a request that could not be read.
fn config_from_js(value: JsValue) -> Result<SearchConfig, WebError> {
    let err = match serde_wasm_bindgen::from_value::<SearchConfig>(value.clone()) {
        Ok(config) => return Ok(config),
        Err(err) => err,
    };
    let grid = js_sys::Reflect::get(&value, &"grid".into()).unwrap_or(JsValue::UNDEFINED);
    if !grid.is_undefined() && !grid.is_null() {
        use crate::select::{ParamGrid, SubGrid};
        let grids = serde_wasm_bindgen::from_value::<Vec<SubGrid>>(grid.clone())
            .ok()
            .or_else(|| {
                serde_wasm_bindgen::from_value::<SubGrid>(grid)
                    .ok()
                    .map(|g| vec![g])
            });
        if let Some(grids) = grids {
            ParamGrid::new(grids)?;
        }
    }
    Err(err.into())
}

/// A data set and the last grid search on it; lives in the worker.
#[wasm_bindgen]
pub struct Session {
    /// Shared with the kept job, which reads its folds from it by index.
    data: Arc<Dataset>,
    last: Option<(SearchConfig, SearchResult)>,
    /// The candidate last fitted for the boundary chart, kept so that stepping
    /// through its training (one snapshot per frame) does not refit it.
    fitted: Option<crate::view::CandidateModel>,
    /// The last live refit ([`Session::fit_one`]), on the last search's training
    /// rows, for replaying its training ([`Session::live_boundary`]).
    live: Option<crate::view::CandidateModel>,
    /// The search a pool of workers shares ([`Session::job_units`],
    /// [`Session::run_units`], [`Session::assemble`]): its config (what a request is
    /// matched against, field by field) and the job, kept between messages.
    job: Option<(SearchConfig, Job<'static>)>,
}

impl Default for Session {
    fn default() -> Self {
        Session {
            data: Arc::new(Dataset::iris()),
            last: None,
            fitted: None,
            live: None,
            job: None,
        }
    }
}

#[wasm_bindgen]
impl Session {
    /// A session with the built-in Iris data loaded.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Session {
        Session::default()
    }

    /// What a search with `config` would do — `{ candidates, folds, fits, n_train,
    /// n_test, expanded_features }` — checked against the loaded data exactly as
    /// [`Session::run`] checks it, without fitting: it throws the error `run` would.
    pub fn plan(&self, config: JsValue) -> Result<JsValue, WebError> {
        let config = config_from_js(config)?;
        to_js(&crate::select::plan(&self.data, &config)?)
    }

    /// The loaded data set: name, sizes, names, class counts, header and first rows.
    pub fn summary(&self) -> Result<JsValue, WebError> {
        to_js(&report::summary(&self.data, PREVIEW_ROWS))
    }

    /// Runs a grid search with `config` (a `SearchConfig` object; missing fields take
    /// their defaults) and returns the report: `result` (cv_results, best_params, …)
    /// and the data of the heatmap, validation curve and confusion matrix.
    /// `progress(done, total)` is called at most every 30 ms and after the last fit.
    pub fn run(
        &mut self,
        config: JsValue,
        progress: Option<js_sys::Function>,
    ) -> Result<JsValue, WebError> {
        let config = config_from_js(config)?;
        let mut on_progress = progress_callback(progress);
        self.last = None;
        self.fitted = None;
        self.live = None;
        let result = grid_search_with_clock(&self.data, &config, &mut on_progress, clock)?;
        let report = report::report(&self.data, &config, result);
        let js = to_js(&report)?;
        self.last = Some((config, report.result));
        Ok(js)
    }

    /// Splits the search `config` into its units (one fold × one chain of
    /// candidates each, see [`Job`]) for a pool of workers and keeps the job here.
    /// Returns `{ units, fits, total_fits }`: the number of units, the fits of each,
    /// and all fits planned (the refit of the best included). The split does not
    /// depend on how many workers run it, so any pool gives the same result.
    pub fn job_units(&mut self, config: JsValue) -> Result<JsValue, WebError> {
        let job = self.job_for(config)?;
        #[derive(Serialize)]
        struct Units {
            units: usize,
            fits: Vec<usize>,
            total_fits: usize,
        }
        to_js(&Units {
            units: job.units().len(),
            fits: job.units().iter().map(|u| u.candidates.len()).collect_vec(),
            total_fits: job.total_fits(),
        })
    }

    /// Runs units `units` of the search `config` on this worker's copy of the data
    /// (the job is built once per config and kept) and returns their outcomes, to
    /// be [assembled](Session::assemble) by one worker. `progress(done, total)`
    /// counts this call's fits.
    pub fn run_units(
        &mut self,
        config: JsValue,
        units: Vec<u32>,
        progress: Option<js_sys::Function>,
    ) -> Result<JsValue, WebError> {
        let mut on_progress = progress_callback(progress);
        let job = self.job_for(config)?;
        let total: usize = units
            .iter()
            .map(|&u| {
                job.units()
                    .get(u as usize)
                    .map_or(0, |u| u.candidates.len())
            })
            .sum();
        let mut done = 0;
        let outcomes = units
            .iter()
            .map(|&u| {
                job.run_unit_with(u as usize, &mut || {
                    done += 1;
                    on_progress(crate::select::Progress { done, total })
                })
            })
            .collect::<crate::Result<Vec<_>>>()?;
        to_js(&outcomes)
    }

    /// The search `config` from the outcomes of all its units (from any workers, in
    /// any order): refits the best candidate here and returns the report, as
    /// [`Session::run`] does, keeping the result for the charts that follow.
    pub fn assemble(&mut self, config: JsValue, outcomes: JsValue) -> Result<JsValue, WebError> {
        let parsed = config_from_js(config.clone())?;
        let outcomes: Vec<crate::select::search::UnitOutcome> = from_js(outcomes)?;
        self.last = None;
        self.fitted = None;
        self.live = None;
        let result = self.job_for(config)?.assemble(outcomes)?;
        let report = report::report(&self.data, &parsed, result);
        let js = to_js(&report)?;
        self.last = Some((parsed, report.result));
        Ok(js)
    }

    /// A live refit of one candidate: `candidate` (`{ C: 0.3, penalty: 'l2' }`, the
    /// selected candidate's parameters with a slider's new value) fitted once on the
    /// last search's training rows with its settings, without touching that search
    /// and without cross-validation (that is [`Session::cv_one`], which takes a fit
    /// per fold). Returns `{ params, train_score, test_score, fit_status, loss,
    /// trajectory, boundary }`: the refit scorer on the training and held-out rows
    /// (`null` without a test split), the fit's outcome (`ok`, or how it ended), the
    /// paths on `plane` and the decision boundary with `boundary_options` as for
    /// [`Session::boundary`] (or `null` with `boundary_error` when it cannot be drawn).
    ///
    /// With `paths` `false` (a preview while a slider moves) the path chart's
    /// landscape is left out: `trajectory` is `null` and only the loss is drawn.
    pub fn fit_one(
        &mut self,
        candidate: JsValue,
        plane: JsValue,
        boundary_options: JsValue,
        paths: Option<bool>,
    ) -> Result<JsValue, WebError> {
        let (config, result) = self.last_search()?;
        let candidate: crate::select::Candidate = from_js(candidate)?;
        let plane: Plane = from_js_or(plane, Plane::Principal)?;
        let options: crate::view::BoundaryOptions =
            from_js_or(boundary_options, crate::view::BoundaryOptions::default())?;
        let model =
            crate::view::CandidateModel::fit_params(&self.data, config, result, &candidate)?;
        let scorer = config.refit_scorer();
        let score_on =
            |rows: &[usize]| crate::view::score_on(&model.fitted, &self.data, rows, scorer).ok();
        let train_score = score_on(&result.train_indices);
        let test_score = if result.n_test > 0 {
            score_on(&crate::view::test_indices(&self.data, result))
        } else {
            None
        };
        let drawn = [report::PathCandidate {
            label: model.label.clone(),
            params: candidate.clone(),
            fitted: Some(&model.fitted),
        }];
        let (loss, trajectory) = if paths.unwrap_or(true) {
            let both = report::trajectories_of(&self.data, config, result, &drawn, plane)?;
            (both.loss, Some(both.trajectory))
        } else {
            (report::loss_of(&self.data, config, result, &drawn)?, None)
        };
        let (boundary, boundary_error) =
            match crate::view::boundary(&self.data, result, &model, &options) {
                Ok(chart) => (Some(chart), None),
                Err(e) => (None, Some(e.to_string())),
            };
        let outcome = model.fitted.outcome();
        #[derive(Serialize)]
        struct One {
            params: crate::select::Candidate,
            train_score: Option<f64>,
            test_score: Option<f64>,
            fit_status: String,
            loss: charts::LossData,
            trajectory: Option<charts::TrajectoryData>,
            boundary: Option<charts::BoundaryData>,
            boundary_error: Option<String>,
        }
        let out = to_js(&One {
            params: candidate,
            train_score,
            test_score,
            fit_status: if outcome.is_converged() {
                "ok".into()
            } else {
                outcome.describe()
            },
            loss,
            trajectory,
            boundary,
            boundary_error,
        });
        self.live = Some(model);
        out
    }

    /// The cross-validated scores of one candidate (as [`Session::fit_one`] takes
    /// it) with the last search's folds and settings: `{ params, mean_test,
    /// std_test, mean_train, fit_status }` for the refit scorer. A fit per fold;
    /// the page asks for it once a slider rests.
    pub fn cv_one(&mut self, candidate: JsValue) -> Result<JsValue, WebError> {
        let (config, _) = self.last_search()?;
        let candidate: crate::select::Candidate = from_js(candidate)?;
        let grid = crate::select::ParamGrid::new(vec![
            candidate
                .iter()
                .map(|(k, v)| (k.clone(), vec![v.clone()]))
                .collect(),
        ])?;
        let mut one = config.clone();
        one.grid = grid;
        let result = grid_search_with_clock(&self.data, &one, &mut |_| true, clock)?;
        let suffix = result.score_suffix().to_string();
        let first = |name: &str| {
            result
                .cv_results
                .floats(name)
                .and_then(|v| v.first().copied())
                .unwrap_or(f64::NAN)
        };
        #[derive(Serialize)]
        struct Cv {
            params: crate::select::Candidate,
            mean_test: f64,
            std_test: f64,
            mean_train: f64,
            fit_status: String,
        }
        to_js(&Cv {
            params: candidate,
            mean_test: first(&format!("mean_test_{suffix}")),
            std_test: first(&format!("std_test_{suffix}")),
            mean_train: first(&format!("mean_train_{suffix}")),
            fit_status: result
                .cv_results
                .texts("fit_status")
                .and_then(|t| t.first().cloned())
                .unwrap_or_default(),
        })
    }

    /// The decision boundary of the last live refit ([`Session::fit_one`]) at history
    /// entry `snapshot` (its end when `undefined`): playback of a slider's refit.
    pub fn live_boundary(
        &self,
        options: JsValue,
        snapshot: Option<u32>,
    ) -> Result<JsValue, WebError> {
        let (_, result) = self.last_search()?;
        let model = self
            .live
            .as_ref()
            .ok_or_else(|| WebError::msg("no live refit on this data yet"))?;
        let options: crate::view::BoundaryOptions =
            from_js_or(options, crate::view::BoundaryOptions::default())?;
        boundary_frame(&self.data, result, model, &options, snapshot)
    }

    /// The decision regions (classifier) or fitted curve (1-feature regressor) of
    /// candidate `candidate` of the last search, over the two features of `options`
    /// (`{ features: [i, j], resolution }`, the others at their mean), with train and
    /// held-out points, misclassified ones marked. With `snapshot` (an index into the
    /// candidate's history, as the loss chart's points) the model as it was at that
    /// point of training. The candidate is fitted once and kept for further frames.
    /// Returns `{ chart, iterations }`: the chart data and the iteration of every
    /// history entry (for a playback slider).
    pub fn boundary(
        &mut self,
        candidate: u32,
        options: JsValue,
        snapshot: Option<u32>,
    ) -> Result<JsValue, WebError> {
        let options: crate::view::BoundaryOptions =
            from_js_or(options, crate::view::BoundaryOptions::default())?;
        let candidate = candidate as usize;
        let (config, result) = self
            .last
            .as_ref()
            .ok_or_else(|| WebError::msg("no search has been run on this data set yet"))?;
        if self
            .fitted
            .as_ref()
            .is_none_or(|m| m.index != Some(candidate))
        {
            let model = if candidate == result.best_index {
                crate::view::CandidateModel::best(result)
            } else {
                crate::view::CandidateModel::fit(&self.data, config, result, candidate)?
            };
            self.fitted = Some(model);
        }
        let model = self
            .fitted
            .as_ref()
            .ok_or_else(|| WebError::msg("the candidate could not be fitted"))?;
        boundary_frame(&self.data, result, model, &options, snapshot)
    }

    /// The learning curve of candidate `candidate` of the last search: train and CV
    /// score against training-set size (`options`: `{ train_sizes, shuffle, seed }`,
    /// defaults as scikit-learn's `learning_curve`). `progress(done, total)` per fit.
    pub fn learning_curve(
        &self,
        candidate: u32,
        options: JsValue,
        progress: Option<js_sys::Function>,
    ) -> Result<JsValue, WebError> {
        let options: crate::view::LearningOptions =
            from_js_or(options, crate::view::LearningOptions::default())?;
        let (config, result) = self.last_search()?;
        let mut on_progress = progress_callback(progress);
        to_js(&crate::view::learning_curve(
            &self.data,
            config,
            result,
            candidate as usize,
            &options,
            &mut on_progress,
        )?)
    }

    /// The regularisation path of candidate `candidate` of the last search:
    /// coefficients against `C` or `alpha` (`options`: `{ values, n_values,
    /// class_index }`). `progress(done, total)` per fit.
    pub fn regularisation_path(
        &self,
        candidate: u32,
        options: JsValue,
        progress: Option<js_sys::Function>,
    ) -> Result<JsValue, WebError> {
        let options: crate::view::RegPathOptions =
            from_js_or(options, crate::view::RegPathOptions::default())?;
        let (config, result) = self.last_search()?;
        let mut on_progress = progress_callback(progress);
        to_js(&crate::view::regularisation_path(
            &self.data,
            config,
            result,
            candidate as usize,
            &options,
            &mut on_progress,
        )?)
    }

    /// The search `config` as a scikit-learn script (a Python file's text) that
    /// reproduces it on the loaded data: scikit-learn's loader for a built-in set,
    /// the rows written into the script otherwise (for data over 2 MB of CSV, the
    /// script reads `tunelab_data.csv`, which the page offers beside it).
    pub fn sklearn_script(&self, config: JsValue) -> Result<String, WebError> {
        let config: SearchConfig = from_js(config)?;
        let builtin = crate::data::BUILTIN.contains(&self.data.name.as_str());
        let source = if builtin {
            crate::export::DataSource::Builtin
        } else if self.data.x.len() * 20 > 2_000_000 {
            crate::export::DataSource::File("tunelab_data.csv".into())
        } else {
            crate::export::DataSource::Inline
        };
        Ok(crate::export::sklearn_script(&self.data, &source, &config)?)
    }

    /// The loaded data as CSV text (features, then the label column), for saving
    /// beside an exported script.
    pub fn data_csv(&self) -> String {
        self.data.to_csv_string()
    }

    /// The "why cross-validate" experiment: the search of `config` with a hold-out of
    /// `test_size` for seeds `0..n_seeds`; returns `{ optimism, chart }` — the
    /// winner's CV and held-out scores per seed and the chart data.
    /// `progress(done, total)` is called at most every 30 ms and after the last seed.
    pub fn optimism(
        &self,
        config: JsValue,
        test_size: f64,
        n_seeds: u32,
        progress: Option<js_sys::Function>,
    ) -> Result<JsValue, WebError> {
        let config: SearchConfig = from_js(config)?;
        let mut on_progress = progress_callback(progress);
        let o = crate::select::optimism_with_clock(
            &self.data,
            &config,
            test_size,
            n_seeds as usize,
            &mut on_progress,
            clock,
        )?;
        #[derive(Serialize)]
        struct Out<'a> {
            optimism: &'a crate::select::Optimism,
            chart: charts::OptimismData,
        }
        to_js(&Out {
            chart: charts::OptimismData::from(&o),
            optimism: &o,
        })
    }

    /// Refits the candidates at `candidates` (indices into cv_results) of the last
    /// search on its training split and returns `{ loss, trajectory }` chart data,
    /// the paths projected on `plane` (`{ kind: 'principal' }` or
    /// `{ kind: 'weights', i, j }`).
    pub fn trajectories(&self, candidates: Vec<u32>, plane: JsValue) -> Result<JsValue, WebError> {
        let (config, result) = self.last_search()?;
        let plane: Plane = from_js_or(plane, Plane::Principal)?;
        let candidates: Vec<usize> = candidates.into_iter().map(|c| c as usize).collect_vec();
        to_js(&report::trajectories(
            &self.data,
            config,
            result,
            &candidates,
            plane,
        )?)
    }

    /// Heatmap data of the last search's mean CV score over `x_param` × `y_param`,
    /// with the cells of the `selected` candidates marked; `null` when the grid does not
    /// vary those two parameters.
    pub fn heatmap(
        &self,
        x_param: &str,
        y_param: &str,
        selected: Vec<u32>,
    ) -> Result<JsValue, WebError> {
        let (_, result) = self.last_search()?;
        let selected: Vec<usize> = selected.into_iter().map(|s| s as usize).collect_vec();
        to_js(&report::heatmap(result, x_param, y_param, &selected))
    }

    /// The last search's view data as its report carries them (`{ x_param, y_param,
    /// heatmap, validation, table }`), built again from one index of its axes: what a
    /// result costs to summarise, for the browser benchmark.
    pub fn views(&self) -> Result<JsValue, WebError> {
        let (_, result) = self.last_search()?;
        to_js(&report::views(result))
    }

    /// The hover text of candidate `index` of the last search (a heatmap cell's, for
    /// heatmaps too large to carry every cell's text), or `undefined`.
    pub fn tooltip(&self, index: u32) -> Result<Option<String>, WebError> {
        let (_, result) = self.last_search()?;
        Ok(crate::view::tooltip(result, index as usize))
    }

    /// The candidate (index into cv_results) shown in heatmap cell `(row, col)` (as
    /// returned by [`heatmap_cell_at`]), or `undefined` if the cell has none. An empty
    /// `y_param` means a one-row heatmap.
    pub fn heatmap_candidate(
        &self,
        x_param: &str,
        y_param: &str,
        row: u32,
        col: u32,
    ) -> Result<Option<u32>, WebError> {
        let (_, result) = self.last_search()?;
        Ok(
            report::heatmap_candidate(result, x_param, y_param, (col as usize, row as usize))
                .map(|c| c as u32),
        )
    }
}

/// A decision boundary and the iteration of every history entry of its model (for a
/// playback slider).
#[derive(Serialize)]
struct BoundaryFrame {
    chart: charts::BoundaryData,
    iterations: Vec<usize>,
}

/// A progress callback for the core from an optional `progress(done, total)`,
/// called at most every 30 ms and after the last step. A throwing callback does not
/// stop the work.
fn progress_callback(
    progress: Option<js_sys::Function>,
) -> impl FnMut(crate::select::Progress) -> bool {
    let mut last_call = f64::NEG_INFINITY;
    move |p: crate::select::Progress| {
        if let Some(f) = &progress {
            let now = performance_now();
            if p.done >= p.total || now - last_call >= PROGRESS_INTERVAL_MS {
                last_call = now;
                let _ = f.call2(
                    &JsValue::NULL,
                    &JsValue::from(p.done as f64),
                    &JsValue::from(p.total as f64),
                );
            }
        }
        true
    }
}

/// The decision boundary of `model` (at history entry `snapshot`, or its end) with
/// the iteration of every history entry: what `boundary` and `live_boundary` return.
fn boundary_frame(
    data: &Dataset,
    result: &SearchResult,
    model: &crate::view::CandidateModel,
    options: &crate::view::BoundaryOptions,
    snapshot: Option<u32>,
) -> Result<JsValue, WebError> {
    let chart = match snapshot {
        Some(i) => crate::view::boundary_at(data, result, model, options, i as usize)?,
        None => crate::view::boundary(data, result, model, options)?,
    };
    to_js(&BoundaryFrame {
        chart,
        iterations: model.fitted.history().iteration.clone(),
    })
}

/// A generation spec from JS: the kind's defaults, overridden by the fields given.
fn generated_spec(value: JsValue) -> Result<Spec, WebError> {
    #[derive(serde::Deserialize)]
    struct Partial {
        kind: crate::data::generate::Kind,
        n_samples: Option<usize>,
        noise: Option<f64>,
        seed: Option<u64>,
        n_features: Option<usize>,
        n_classes: Option<usize>,
    }
    let p: Partial = from_js(value)?;
    let mut spec = Spec::new(p.kind);
    if let Some(n) = p.n_samples {
        spec.n_samples = n;
    }
    if let Some(noise) = p.noise {
        spec.noise = noise;
    }
    if let Some(seed) = p.seed {
        spec.seed = seed;
    }
    if let Some(f) = p.n_features {
        spec.n_features = f;
    }
    if let Some(c) = p.n_classes {
        spec.n_classes = c;
    }
    Ok(spec)
}

impl Session {
    /// The job of `config` on this data: the one kept, when it was built for the
    /// same config, else a new one (kept in its place).
    fn job_for(&mut self, config: JsValue) -> Result<&Job<'static>, WebError> {
        let parsed = config_from_js(config)?;
        if self.job.as_ref().is_none_or(|(kept, _)| *kept != parsed) {
            self.job = None;
            let job = Job::shared(Arc::clone(&self.data), &parsed, clock)?;
            self.job = Some((parsed, job));
        }
        self.job
            .as_ref()
            .map(|(_, job)| job)
            .ok_or_else(|| WebError::msg("the search could not be set up"))
    }

    /// The last search, or an error saying to run one.
    fn last_search(&self) -> Result<(&SearchConfig, &SearchResult), WebError> {
        self.last
            .as_ref()
            .map(|(c, r)| (c, r))
            .ok_or_else(|| WebError::msg("no search has been run on this data set yet"))
    }
}
