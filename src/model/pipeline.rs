//! The pipeline every search fits: polynomial expansion → standardisation (fitted on
//! the training rows) → model, as scikit-learn's
//! `make_pipeline(PolynomialFeatures(degree, include_bias=False), StandardScaler(), model)`.
//!
//! [`Pipeline`] holds the hyperparameters of all three steps under their
//! scikit-learn names (`degree`, `standardize`, then the model's: `C`, `alpha`,
//! `hidden_layer_sizes`, …); [`Pipeline::set`] sets one from a grid value and
//! [`Pipeline::check`] validates them all, giving a [`ValidPipeline`] that can fit.
//!
//! ```
//! use tunelab::Dataset;
//! use tunelab::model::{ModelKind, Pipeline, ParamValue, Target, Estimator, Prediction};
//! let iris = Dataset::iris();
//! let mut pipe = Pipeline::new(ModelKind::LogisticRegression);
//! pipe.set("C", &ParamValue::Num(10.0))?;
//! let fitted = pipe.check(iris.n_features())?
//!     .fit(iris.x.view(), Target::Classes { y: iris.classes().unwrap_or(&[]), n_classes: 3 })?;
//! let Prediction::Classes(pred) = fitted.predict(iris.x.view())? else { unreachable!() };
//! assert!(tunelab::metrics::accuracy(iris.classes().unwrap_or(&[]), &pred) > 0.95);
//! # Ok::<(), tunelab::Error>(())
//! ```

use ndarray::{Array2, ArrayView2, Axis};
use serde::Serialize;

use super::FittedLogReg;
use super::estimator::{Estimator, ModelKind, PIPELINE_PARAMS, Prediction, Target, ValueReader};
use super::history::{History, Outcome};
use super::landscape::Surface;
use super::linear::{FittedLinear, LinearParams};
use super::mlp::{FittedMlp, MlpParams};
use super::params::{ParamValue, Params};
use crate::error::{Error, Result};
use crate::preprocess::{PolynomialFeatures, StandardScaler, check_degree};

/// The hyperparameters of one model, whichever it is.
#[derive(Debug, Clone, PartialEq)]
pub enum ModelParams {
    /// [`ModelKind::LogisticRegression`].
    LogisticRegression(Params),
    /// The linear regressors ([`ModelKind::LinearRegression`], `Ridge`, `Lasso`,
    /// `ElasticNet`); the kind is inside.
    Linear(LinearParams),
    /// [`ModelKind::MlpClassifier`] and [`ModelKind::MlpRegressor`].
    Mlp(ModelKind, MlpParams),
}

impl ModelParams {
    /// The model's defaults (scikit-learn's, except where the docs of each model say).
    pub fn new(kind: ModelKind) -> ModelParams {
        match kind {
            ModelKind::LogisticRegression => ModelParams::LogisticRegression(Params::default()),
            ModelKind::LinearRegression
            | ModelKind::Ridge
            | ModelKind::Lasso
            | ModelKind::ElasticNet => ModelParams::Linear(LinearParams::new(kind)),
            ModelKind::MlpClassifier | ModelKind::MlpRegressor => {
                ModelParams::Mlp(kind, MlpParams::default())
            }
        }
    }

    /// Which model these parameters are for.
    pub fn kind(&self) -> ModelKind {
        match self {
            ModelParams::LogisticRegression(_) => ModelKind::LogisticRegression,
            ModelParams::Linear(p) => p.model_kind(),
            ModelParams::Mlp(kind, _) => *kind,
        }
    }
}

/// The hyperparameters of the whole pipeline. Setters never fail; [`Pipeline::check`]
/// validates.
#[derive(Debug, Clone, PartialEq)]
pub struct Pipeline {
    /// Degree of the polynomial expansion; `1` (the default) leaves the features as
    /// they are.
    pub degree: usize,
    /// Standardise the (expanded) features on the training rows; defaults to `true`.
    pub standardize: bool,
    /// The model.
    pub model: ModelParams,
}

impl Pipeline {
    /// Degree 1, standardisation on, the model's defaults.
    pub fn new(kind: ModelKind) -> Pipeline {
        Pipeline {
            degree: 1,
            standardize: true,
            model: ModelParams::new(kind),
        }
    }

    /// Which model the pipeline ends in.
    pub fn kind(&self) -> ModelKind {
        self.model.kind()
    }

    /// Sets the parameter `name` from a grid value: `degree`, `standardize`, or one
    /// of the model's ([`ModelKind::param_names`]).
    ///
    /// # Errors
    /// [`Error::UnknownParam`] for a name this model does not take (listing the names
    /// it does), [`Error::InvalidParam`] for a value of the wrong type.
    pub fn set(&mut self, name: &str, value: &ParamValue) -> Result<()> {
        let read = ValueReader { name, value };
        match name {
            "degree" => self.degree = read.count()?,
            "standardize" => self.standardize = read.switch()?,
            _ => {
                let kind = self.kind();
                if !kind.param_names().contains(&name) {
                    return Err(Error::UnknownParam {
                        name: name.to_string(),
                        known: PIPELINE_PARAMS
                            .iter()
                            .chain(kind.param_names())
                            .map(|s| s.to_string())
                            .collect(),
                    });
                }
                match &mut self.model {
                    ModelParams::LogisticRegression(p) => p.set(name, value)?,
                    ModelParams::Linear(p) => p.set(name, value)?,
                    ModelParams::Mlp(_, p) => p.set(name, value)?,
                }
            }
        }
        Ok(())
    }

    /// Checks every parameter for data with `n_features` columns (which bounds the
    /// polynomial expansion).
    ///
    /// # Errors
    /// [`Error::InvalidParam`] naming the first parameter refused and why.
    pub fn check(&self, n_features: usize) -> Result<ValidPipeline> {
        check_degree(n_features, self.degree)?;
        self.check_model()?;
        Ok(ValidPipeline(self.clone()))
    }

    /// The optimiser's name, for models that have a choice of one.
    pub fn model_solver(&self) -> Option<String> {
        match &self.model {
            ModelParams::LogisticRegression(p) => Some(p.solver.to_string()),
            ModelParams::Mlp(_, p) => Some(p.solver.to_string()),
            ModelParams::Linear(_) => None,
        }
    }

    /// Checks the model's parameters alone.
    pub fn check_model(&self) -> Result<()> {
        match &self.model {
            ModelParams::LogisticRegression(p) => p.check().map(|_| ()),
            ModelParams::Linear(p) => p.check().map(|_| ()),
            ModelParams::Mlp(_, p) => p.check().map(|_| ()),
        }
    }

    /// Whether the model fits on rows read from the data set through their indices,
    /// scaled as they are read ([`ValidPipeline::fit_model_warm_on_rows`]): every
    /// model without an expansion (a network with a full-batch solver gathers its
    /// rows once, inside its fit).
    pub fn fits_on_rows(&self) -> bool {
        self.degree <= 1
    }

    /// [`Pipeline::fit_transformers`] on the rows `rows` of `x` (indices below its row
    /// count), without copying them where there is no expansion.
    ///
    /// # Errors
    /// As [`Pipeline::fit_transformers`].
    pub fn fit_transformers_rows(
        &self,
        x: ArrayView2<f64>,
        rows: &[usize],
    ) -> Result<(Option<PolynomialFeatures>, Option<StandardScaler>)> {
        if self.degree > 1 {
            return self.fit_transformers(x.select(Axis(0), rows).view());
        }
        Ok((
            None,
            self.standardize.then(|| StandardScaler::fit_rows(x, rows)),
        ))
    }

    /// The polynomial expansion and scaler fitted on `x` (the training rows).
    ///
    /// # Errors
    /// As [`PolynomialFeatures::new`].
    pub fn fit_transformers(
        &self,
        x: ArrayView2<f64>,
    ) -> Result<(Option<PolynomialFeatures>, Option<StandardScaler>)> {
        let poly = if self.degree > 1 {
            Some(PolynomialFeatures::new(x.ncols(), self.degree)?)
        } else {
            None
        };
        let scaler = if self.standardize {
            Some(match &poly {
                Some(p) => StandardScaler::fit(p.transform(x).view()),
                None => StandardScaler::fit(x),
            })
        } else {
            None
        };
        Ok((poly, scaler))
    }
}

/// Parameters that passed [`Pipeline::check`]; the only way to fit.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidPipeline(Pipeline);

impl ValidPipeline {
    /// The checked parameters.
    pub fn params(&self) -> &Pipeline {
        &self.0
    }

    /// [`ValidPipeline::fit_model_warm`] on the rows `rows` of `x` standardised by
    /// `scaler` as they are read, without a copy of them, where the model reads rows
    /// so ([`Pipeline::fits_on_rows`]); `None` for the others, which fit on a matrix.
    /// `target` holds the target of every row of `x`. A logistic regression equals
    /// the fit on the scaled matrix of those rows up to rounding; a linear regressor
    /// and a network, bit for bit.
    ///
    /// # Errors
    /// As [`ValidPipeline::fit_model_warm`]; [`Error::Shape`] when a row is past `x`'s.
    pub fn fit_model_warm_on_rows(
        &self,
        x: ArrayView2<f64>,
        target: Target,
        rows: &[usize],
        scaler: Option<&StandardScaler>,
        start: Option<&FittedModel>,
    ) -> Option<Result<FittedModel>> {
        if !self.0.fits_on_rows() {
            return None;
        }
        let start = start.filter(|_| self.warm_starts());
        let affine = match scaler.map(|s| (s.mean.as_slice(), s.scale.as_slice())) {
            None => None,
            Some((Some(mean), Some(scale))) => Some(super::Affine { mean, scale }),
            Some(_) => {
                let why = "the scaler's arrays are not contiguous";
                return Some(Err(Error::InvalidData(why.into())));
            }
        };
        Some(match (&self.0.model, target) {
            (ModelParams::LogisticRegression(p), Target::Classes { y, n_classes }) => {
                let start = start.and_then(FittedModel::as_logistic);
                p.check()
                    .and_then(|v| v.fit_warm_on_rows(x, y, (rows, affine), n_classes, start))
                    .map(FittedModel::LogisticRegression)
            }
            (ModelParams::Linear(p), Target::Values(y)) => {
                let previous = match start {
                    Some(FittedModel::Linear(m)) => Some(m),
                    _ => None,
                };
                p.check()
                    .and_then(|v| v.fit_after_on_rows(x, y, (rows, affine), previous))
                    .map(FittedModel::Linear)
            }
            (ModelParams::Mlp(_, p), target)
                if self.0.kind().is_classifier() == matches!(target, Target::Classes { .. }) =>
            {
                p.check()
                    .and_then(|v| v.fit_target_rows(x, rows, affine, target))
                    .map(FittedModel::Mlp)
            }
            _ => Err(self.wrong_target()),
        })
    }

    /// The error of a fit whose target does not suit the model: numbers for a
    /// classifier, classes for a regressor.
    fn wrong_target(&self) -> Error {
        let kind = self.0.kind();
        Error::InvalidData(if kind.is_classifier() {
            format!(
                "{kind} predicts classes, but the target holds numbers; pick a regression model"
            )
        } else {
            format!(
                "{kind} predicts numbers, but the target holds classes; pick a classifier, or load the label as a numeric target"
            )
        })
    }

    /// Fits the model alone to features that are already expanded and scaled (the
    /// search prepares each fold's features once for all candidates that share them).
    ///
    /// # Errors
    /// When the target does not suit the model (classes for a regressor or numbers
    /// for a classifier) or the shapes disagree.
    pub fn fit_model(&self, x: ArrayView2<f64>, target: Target) -> Result<FittedModel> {
        self.fit_model_warm(x, target, None)
    }

    /// Whether [`ValidPipeline::fit_model_warm`] starts this model from a neighbour's
    /// fit: logistic regression with the converging `lbfgs` solver, lasso and elastic
    /// net (coordinate descent, from the neighbour's weights), and the closed-form
    /// solvers (least squares, ridge: the neighbour's decomposition of the same data,
    /// so the same answer bit for bit). The teaching optimisers are there to be
    /// watched from zero; a network is not convex, so a warm start would change what
    /// it finds.
    pub fn warm_starts(&self) -> bool {
        match &self.0.model {
            ModelParams::LogisticRegression(p) => p.solver == super::Solver::Lbfgs,
            // Coordinate descent starts from the neighbour's weights; the closed-form
            // solvers reuse its decomposition (the same answer, bit for bit).
            ModelParams::Linear(_) => true,
            ModelParams::Mlp(..) => false,
        }
    }

    /// As [`ValidPipeline::fit_model`], starting the solver from the solution of
    /// `start` — a model of the same kind fitted on the same features with a
    /// neighbouring regularisation — when [`ValidPipeline::warm_starts`] says so;
    /// otherwise `start` is ignored and the fit starts cold.
    ///
    /// # Errors
    /// As [`ValidPipeline::fit_model`]; [`Error::Shape`] when `start` was fitted on
    /// another number of features or classes.
    pub fn fit_model_warm(
        &self,
        x: ArrayView2<f64>,
        target: Target,
        start: Option<&FittedModel>,
    ) -> Result<FittedModel> {
        let start = start.filter(|_| self.warm_starts());
        if x.nrows() != target.len() {
            return Err(Error::Shape(format!(
                "{} rows of features but {} targets",
                x.nrows(),
                target.len()
            )));
        }
        let wrong = || self.wrong_target();
        Ok(match (&self.0.model, target) {
            (ModelParams::LogisticRegression(p), Target::Classes { y, n_classes }) => {
                let start = start.and_then(FittedModel::as_logistic);
                FittedModel::LogisticRegression(p.check()?.fit_warm(x, y, n_classes, start)?)
            }
            (ModelParams::Linear(p), Target::Values(y)) => {
                let previous = match start {
                    Some(FittedModel::Linear(m)) => Some(m),
                    _ => None,
                };
                FittedModel::Linear(p.check()?.fit_after(x, y, previous)?)
            }
            (ModelParams::Mlp(_, p), target)
                if self.0.kind().is_classifier() == matches!(target, Target::Classes { .. }) =>
            {
                FittedModel::Mlp(p.check()?.fit_target(x, target)?)
            }
            _ => return Err(wrong()),
        })
    }

    /// The model's objective on transformed features `x` as a function of its flat
    /// parameters, with the point to centre a view on: the optimum for the convex
    /// models (refitted tightly for logistic regression), the end of training for a
    /// network.
    ///
    /// # Errors
    /// As the fit, or when `fitted` is another model than these parameters make.
    pub fn surface<'a>(
        &self,
        x: ArrayView2<'a, f64>,
        target: Target<'a>,
        fitted: &FittedModel,
    ) -> Result<(Box<dyn Surface + 'a>, Vec<f64>)> {
        match (&self.0.model, target, fitted) {
            (ModelParams::LogisticRegression(p), Target::Classes { y, n_classes }, fitted) => {
                let start = match fitted {
                    FittedModel::LogisticRegression(m) => Some(m),
                    _ => None,
                };
                // The converging solver's fit is the optimum to its tolerance, which
                // no contour drawn can tell apart: taken as it is. Any other fit (a
                // teaching optimiser's, stopped early) is polished from where it
                // ended — a handful of steps, where a fit from zero on 75,000 rows
                // took minutes in the browser.
                let converged = start.filter(|m| {
                    p.solver == super::Solver::Lbfgs
                        && p.effective_tol() <= super::params::LBFGS_TOL
                        && matches!(m.outcome, super::Outcome::Converged { .. })
                });
                let optimum = match converged {
                    Some(m) => m.clone(),
                    None => p
                        .clone()
                        .solver(super::Solver::Lbfgs)
                        .tol(1e-10)
                        .max_iter(1000)
                        .check()?
                        .fit_warm(x, y, n_classes, start)?,
                };
                let objective = super::Objective::new(
                    x,
                    y,
                    n_classes,
                    p.c,
                    p.penalty_weights(),
                    p.fit_intercept,
                )?;
                let mut center: Vec<f64> = optimum.coef.iter().copied().collect();
                center.extend(optimum.intercept.iter().copied());
                Ok((Box::new(objective), center))
            }
            (ModelParams::Linear(p), Target::Values(y), FittedModel::Linear(m)) => {
                Ok((Box::new(p.surface(x, y)?), m.theta()))
            }
            (ModelParams::Mlp(_, p), target, FittedModel::Mlp(m)) => {
                Ok((Box::new(m.surface(p, x, target)?), m.theta()))
            }
            _ => Err(Error::InvalidData(
                "the fitted model does not match its parameters".into(),
            )),
        }
    }

    /// The model's objective on transformed features `x` and `target` (other rows
    /// than it was fitted on, say) as a function of its flat parameters, without
    /// looking for an optimum: for scoring a path's snapshots on held-out rows.
    ///
    /// # Errors
    /// When `fitted` is another model than these parameters make, or shapes disagree.
    pub fn objective_on<'a>(
        &self,
        x: ArrayView2<'a, f64>,
        target: Target<'a>,
        fitted: &FittedModel,
    ) -> Result<Box<dyn Surface + 'a>> {
        match (&self.0.model, target, fitted) {
            (ModelParams::LogisticRegression(p), Target::Classes { y, n_classes }, _) => {
                Ok(Box::new(super::Objective::new(
                    x,
                    y,
                    n_classes,
                    p.c,
                    p.penalty_weights(),
                    p.fit_intercept,
                )?))
            }
            (ModelParams::Linear(p), Target::Values(y), FittedModel::Linear(_)) => {
                Ok(Box::new(p.surface(x, y)?))
            }
            (ModelParams::Mlp(_, p), target, FittedModel::Mlp(m)) => {
                Ok(Box::new(m.surface(p, x, target)?))
            }
            _ => Err(Error::InvalidData(
                "the fitted model does not match its parameters".into(),
            )),
        }
    }

    /// Fits the whole pipeline: the expansion and scaler on `x`, then the model.
    ///
    /// # Errors
    /// As [`ValidPipeline::fit_model`].
    pub fn fit(&self, x: ArrayView2<f64>, target: Target) -> Result<FittedPipeline> {
        let (poly, scaler) = self.0.fit_transformers(x)?;
        let xt = transform(poly.as_ref(), scaler.as_ref(), x);
        let model = self.fit_model(xt.view(), target)?;
        Ok(FittedPipeline {
            poly,
            scaler,
            model,
        })
    }

    /// [`ValidPipeline::fit`] on the rows `rows` of `x` (indices below its row count;
    /// `target` holds theirs, in that order): the rows are cut out as they are
    /// transformed, never copied raw.
    ///
    /// # Errors
    /// As [`ValidPipeline::fit`].
    pub fn fit_rows(
        &self,
        x: ArrayView2<f64>,
        rows: &[usize],
        target: Target,
    ) -> Result<FittedPipeline> {
        let (poly, scaler) = self.0.fit_transformers_rows(x, rows)?;
        let xt = transform_rows(poly.as_ref(), scaler.as_ref(), x, rows);
        let model = self.fit_model(xt.view(), target)?;
        Ok(FittedPipeline {
            poly,
            scaler,
            model,
        })
    }
}

/// Applies the fitted expansion and scaler to `x`.
pub fn transform(
    poly: Option<&PolynomialFeatures>,
    scaler: Option<&StandardScaler>,
    x: ArrayView2<f64>,
) -> Array2<f64> {
    match (poly.map(|p| p.transform(x)), scaler) {
        (Some(mut expanded), Some(s)) => {
            // Scaled where it lies: the expansion is the largest matrix of a fit.
            s.transform_in_place(&mut expanded);
            expanded
        }
        (Some(expanded), None) => expanded,
        (None, Some(s)) => s.transform(x),
        (None, None) => x.to_owned(),
    }
}

/// Rows transformed and predicted at a time by [`predict_rows`].
const PREDICT_BLOCK: usize = 8192;

/// `model`'s predictions (and class probabilities, when `with_proba`) for the rows
/// `rows` of `x` (indices below its row count) through the fitted expansion and
/// scaler, 8 192 rows transformed at a time: the rows are never copied
/// whole. Each row's prediction is the one of the matrix of all of them.
///
/// # Errors
/// As `model`'s `predict` and `predict_proba`.
pub fn predict_rows(
    model: &dyn Estimator,
    (poly, scaler): (Option<&PolynomialFeatures>, Option<&StandardScaler>),
    x: ArrayView2<f64>,
    rows: &[usize],
    with_proba: bool,
) -> Result<(Prediction, Option<Array2<f64>>)> {
    let (mut classes, mut values, mut proba, mut width) = (Vec::new(), Vec::new(), Vec::new(), 0);
    for block in rows.chunks(PREDICT_BLOCK) {
        let xb = transform_rows(poly, scaler, x, block);
        match model.predict(xb.view())? {
            Prediction::Classes(p) => classes.extend(p),
            Prediction::Values(v) => values.extend(v),
        }
        if with_proba {
            let p = model.predict_proba(xb.view())?;
            width = p.ncols();
            proba.extend(p.iter().copied());
        }
    }
    let n = classes.len() + values.len();
    let proba = with_proba
        .then(|| Array2::from_shape_vec((n, width), proba))
        .transpose()
        .map_err(|e| Error::Shape(e.to_string()))?;
    let prediction = if values.is_empty() {
        Prediction::Classes(classes)
    } else {
        Prediction::Values(values)
    };
    Ok((prediction, proba))
}

/// [`transform`] of the rows `rows` of `x` (indices below its row count), cut out
/// and scaled in one pass where there is no expansion: no copy of the raw rows.
pub fn transform_rows(
    poly: Option<&PolynomialFeatures>,
    scaler: Option<&StandardScaler>,
    x: ArrayView2<f64>,
    rows: &[usize],
) -> Array2<f64> {
    match (poly, scaler) {
        (None, Some(s)) => s.transform_rows(x, rows),
        (None, None) => x.select(Axis(0), rows),
        _ => transform(poly, scaler, x.select(Axis(0), rows).view()),
    }
}

/// A fitted model, whichever it is.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "model", rename_all = "snake_case")]
pub enum FittedModel {
    /// A fitted logistic regression.
    LogisticRegression(FittedLogReg),
    /// A fitted linear regressor.
    Linear(FittedLinear),
    /// A fitted network.
    Mlp(FittedMlp),
}

impl FittedModel {
    /// The fitted logistic regression, if that is what this is.
    pub fn as_logistic(&self) -> Option<&FittedLogReg> {
        match self {
            FittedModel::LogisticRegression(m) => Some(m),
            _ => None,
        }
    }

    /// The weights of a linear model (logistic or regression): `(coef, intercept)`
    /// with one row per output; `None` for a network.
    pub fn linear_coefficients(&self) -> Option<(Array2<f64>, Vec<f64>)> {
        match self {
            FittedModel::LogisticRegression(m) => Some((m.coef.clone(), m.intercept.to_vec())),
            FittedModel::Linear(m) => Some((
                m.coef.clone().insert_axis(ndarray::Axis(0)),
                vec![m.intercept],
            )),
            FittedModel::Mlp(_) => None,
        }
    }

    fn inner(&self) -> &dyn Estimator {
        match self {
            FittedModel::LogisticRegression(m) => m,
            FittedModel::Linear(m) => m,
            FittedModel::Mlp(m) => m,
        }
    }
}

impl Estimator for FittedModel {
    fn predict(&self, x: ArrayView2<f64>) -> Result<Prediction> {
        self.inner().predict(x)
    }
    fn predict_proba(&self, x: ArrayView2<f64>) -> Result<Array2<f64>> {
        self.inner().predict_proba(x)
    }
    fn outcome(&self) -> &Outcome {
        self.inner().outcome()
    }
    fn history(&self) -> &History {
        self.inner().history()
    }
    fn n_iter(&self) -> usize {
        self.inner().n_iter()
    }
}

/// A fitted pipeline: expansion, scaler and model, applied in that order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FittedPipeline {
    /// The polynomial expansion (degree > 1).
    pub poly: Option<PolynomialFeatures>,
    /// The scaler (when standardising).
    pub scaler: Option<StandardScaler>,
    /// The model, fitted on the transformed features.
    pub model: FittedModel,
}

impl FittedPipeline {
    /// The features the model sees for raw rows `x`.
    ///
    /// # Errors
    /// [`Error::Shape`] when `x` has another number of columns than the training
    /// data.
    pub fn transform(&self, x: ArrayView2<f64>) -> Result<Array2<f64>> {
        let expected = match (&self.poly, &self.scaler) {
            (Some(p), _) => Some(p.n_input_features),
            (None, Some(s)) => Some(s.mean.len()),
            (None, None) => None,
        };
        if let Some(n) = expected
            && n != x.ncols()
        {
            return Err(Error::Shape(format!(
                "the pipeline was fitted on {n} features but got {}",
                x.ncols()
            )));
        }
        Ok(transform(self.poly.as_ref(), self.scaler.as_ref(), x))
    }
}

impl Estimator for FittedPipeline {
    fn predict(&self, x: ArrayView2<f64>) -> Result<Prediction> {
        self.model.predict(self.transform(x)?.view())
    }
    fn predict_proba(&self, x: ArrayView2<f64>) -> Result<Array2<f64>> {
        self.model.predict_proba(self.transform(x)?.view())
    }
    fn outcome(&self) -> &Outcome {
        self.model.outcome()
    }
    fn history(&self) -> &History {
        self.model.history()
    }
    fn n_iter(&self) -> usize {
        self.model.n_iter()
    }
}
