//! Chart data that teaches what a model *does*, built from a finished search: the
//! decision boundary it draws, its learning curve, and its regularisation path.
//!
//! Each builder refits the chosen candidate (its [`Pipeline`] parameters from the
//! search's `cv_results_`) on the rows the search used — the training part of the
//! hold-out split, cut into the same folds — and returns a plain `serde` struct for
//! the matching chart in [`charts`](crate::charts). The charts draw what they are
//! given; every fitting decision is made here.
//!
//! | what | builder | chart |
//! | --- | --- | --- |
//! | class regions / fitted curve with train and test points | [`boundary`], [`boundary_at`] | [`draw_boundary`](crate::charts::draw_boundary) |
//! | train and CV score against training-set size | [`learning_curve`] | [`draw_learning`](crate::charts::draw_learning) |
//! | coefficients against `C` or `alpha` | [`regularisation_path`] | [`draw_regpath`](crate::charts::draw_regpath) |
//! | mean CV score per cell, train and CV score against a parameter, the table's columns | [`ResultsView`] (no fitting; built once per result, linear in the candidates) | [`draw_heatmap`](crate::charts::draw_heatmap), [`draw_validation`](crate::charts::draw_validation) |
//!
//! ```
//! use tunelab::{Dataset, select::{grid_search, SearchConfig}, view};
//! let iris = Dataset::iris();
//! let config = SearchConfig::default();
//! let result = grid_search(&iris, &config, &mut |_| true)?;
//! let best = view::CandidateModel::best(&result);
//! let options = view::BoundaryOptions { features: (2, 3), ..Default::default() };
//! let chart = view::boundary(&iris, &result, &best, &options)?;
//! assert_eq!(chart.x_label, "petal_length");
//! assert_eq!(chart.train.len() + chart.test.len(), 150);
//! # Ok::<(), tunelab::Error>(())
//! ```

mod boundary;
mod learning;
mod regpath;
mod results;

pub use boundary::{
    BoundaryOptions, MAX_POINTS, boundary, boundary_at, default_features, snapshot_model,
};
pub use learning::{DEFAULT_TRAIN_SIZES, LearningOptions, learning_curve};
pub use regpath::{RegPathOptions, regularisation_path};
pub use results::{
    Axis, ResultsView, ScorerColumns, TABLE_ROWS, TOOLTIP_CELLS, TableData, tooltip,
};

use crate::collect::CollectVec;
use crate::data::{Dataset, Target as DataTarget};
use crate::error::{Error, Result};
use crate::metrics::Scorer;
use crate::model::{FittedPipeline, Pipeline, Prediction, predict_rows};
use crate::select::grid::{Candidate, apply, candidate_label};
use crate::select::{SearchConfig, SearchResult};

/// A candidate of a search, fitted on the search's training rows: what
/// [`boundary`] and [`boundary_at`] draw. Fit it once and draw it as often as needed
/// (one frame per history snapshot, say).
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateModel {
    /// Index of the candidate in the search's `cv_results_`; `None` for parameters
    /// the grid does not hold ([`CandidateModel::fit_params`], a live slider's value).
    pub index: Option<usize>,
    /// `name=value, …` of the candidate's grid parameters (`C=10, penalty=l1`).
    pub label: String,
    /// The fitted pipeline, with its optimisation history.
    pub fitted: FittedPipeline,
}

impl CandidateModel {
    /// The search's best candidate as the search refitted it
    /// ([`SearchResult::best_model`]); no fitting.
    pub fn best(result: &SearchResult) -> CandidateModel {
        CandidateModel {
            index: Some(result.best_index),
            label: candidate_label(&result.best_params),
            fitted: result.best_model.clone(),
        }
    }

    /// Candidate `index` of the search refitted on the search's training rows, as
    /// [`report::trajectories`](crate::report::trajectories) does (the best candidate
    /// is taken from [`SearchResult::best_model`] instead, which is the same fit).
    ///
    /// # Errors
    /// An index past the candidates, data that is not the search's, or a failed fit.
    pub fn fit(
        data: &Dataset,
        config: &SearchConfig,
        result: &SearchResult,
        index: usize,
    ) -> Result<CandidateModel> {
        if index == result.best_index {
            return Ok(CandidateModel::best(result));
        }
        let (candidate, pipe) = candidate_pipeline(config, result, index)?;
        let fitted = fit_on_training_rows(data, result, &pipe)?;
        Ok(CandidateModel {
            index: Some(index),
            label: candidate_label(&candidate),
            fitted,
        })
    }

    /// `candidate`'s parameters, over the search's fixed settings, fitted on the
    /// search's training rows: a candidate the grid need not hold (a live slider's
    /// value). One fit, no cross-validation.
    ///
    /// # Errors
    /// Unknown or invalid parameters, data that is not the search's, or a failed fit.
    pub fn fit_params(
        data: &Dataset,
        config: &SearchConfig,
        result: &SearchResult,
        candidate: &Candidate,
    ) -> Result<CandidateModel> {
        let pipe = apply(&config.base_pipeline()?, candidate)?;
        let fitted = fit_on_training_rows(data, result, &pipe)?;
        Ok(CandidateModel {
            index: None,
            label: candidate_label(candidate),
            fitted,
        })
    }
}

/// `model`'s `scorer` on the rows `rows` of `data` (the search's training or held-out
/// rows, say), read where they lie: a block of rows at a time is transformed and
/// predicted ([`predict_rows`]), so neither the raw rows nor their features are
/// copied whole.
///
/// # Errors
/// No rows, a row past the data, a model that predicts another kind of target than
/// `data` holds, or a scorer the target does not support.
pub fn score_on(
    model: &FittedPipeline,
    data: &Dataset,
    rows: &[usize],
    scorer: Scorer,
) -> Result<f64> {
    if let Some(&bad) = rows.iter().find(|&&i| i >= data.n_samples()) {
        return Err(Error::Shape(format!(
            "row {bad} asked of a data set of {} rows (was the search run on other data?)",
            data.n_samples()
        )));
    }
    let with_proba = scorer.needs_proba() && !data.is_regression();
    let transformers = (model.poly.as_ref(), model.scaler.as_ref());
    let (pred, proba) = predict_rows(&model.model, transformers, data.x.view(), rows, with_proba)?;
    match (&data.target.select(rows), pred) {
        (DataTarget::Classes { y, .. }, Prediction::Classes(pred)) => {
            scorer.score(y, &pred, proba.as_ref().map(|p| p.view()))
        }
        (DataTarget::Values { y }, Prediction::Values(pred)) => scorer.score_values(y, &pred),
        _ => Err(Error::InvalidData(
            "the model predicts another kind of target than the data holds".into(),
        )),
    }
}

/// The candidate's grid values and its full pipeline parameters.
pub(crate) fn candidate_pipeline(
    config: &SearchConfig,
    result: &SearchResult,
    index: usize,
) -> Result<(Candidate, Pipeline)> {
    let params = result.cv_results.params();
    let candidate = params.get(index).ok_or_else(|| Error::InvalidParam {
        name: "candidate".into(),
        value: index.to_string(),
        reason: format!("there are {} candidates", params.len()),
    })?;
    let pipe = apply(&config.base_pipeline()?, candidate)?;
    Ok((candidate.clone(), pipe))
}

/// Checks that `result` came from a search on `data`.
pub(crate) fn check_same_data(data: &Dataset, result: &SearchResult) -> Result<()> {
    data.check_structure()?;
    if result.train_indices.iter().any(|&i| i >= data.n_samples())
        || data.is_regression() != result.regression
        || result.n_train + result.n_test != data.n_samples()
    {
        return Err(Error::Shape(
            "the search was run on another data set; run it again".into(),
        ));
    }
    Ok(())
}

/// `pipe` fitted on the search's training rows of `data`, read where they lie.
fn fit_on_training_rows(
    data: &Dataset,
    result: &SearchResult,
    pipe: &crate::model::Pipeline,
) -> Result<FittedPipeline> {
    check_same_data(data, result)?;
    let y = data.target.select(&result.train_indices);
    let target = y.for_model(data.n_classes());
    pipe.check(data.n_features())?
        .fit_rows(data.x.view(), &result.train_indices, target)
}

/// The rows of `data` the search held out (those not in its training part).
pub fn test_indices(data: &Dataset, result: &SearchResult) -> Vec<usize> {
    let mut in_train = vec![false; data.n_samples()];
    for &i in &result.train_indices {
        if let Some(t) = in_train.get_mut(i) {
            *t = true;
        }
    }
    (0..data.n_samples())
        .filter(|&i| !in_train[i])
        .collect_vec()
}

/// The error behind a negated error scorer: `MSE` for `neg_mean_squared_error`.
pub(crate) fn error_name(scorer: &str) -> Option<&'static str> {
    match scorer {
        "neg_mean_squared_error" => Some("MSE"),
        "neg_root_mean_squared_error" => Some("RMSE"),
        "neg_mean_absolute_error" => Some("MAE"),
        _ => None,
    }
}
