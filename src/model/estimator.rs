//! The estimator interface every model implements, in the spirit of scikit-learn's
//! `fit / predict / predict_proba / score` and linfa's `Fit` / `Predict`:
//! validated hyperparameters fit a model; a fitted model predicts.
//!
//! * [`ModelKind`] names the models by scikit-learn's estimator names
//!   (`logistic_regression`, `ridge`, `mlp_classifier`, …) and lists each one's
//!   hyperparameters.
//! * [`Target`] is what a fit learns: class indices or numbers.
//! * [`Estimator`] is what a fitted model offers: predictions, probabilities for a
//!   classifier, and the record of its optimisation ([`History`], [`Outcome`]).
//!
//! Grid search, cross-validation, the scorers and the charts use only this interface,
//! through [`Pipeline`](super::Pipeline), so a new model is one module plus an arm in
//! [`ModelKind`] and [`ModelParams`](super::ModelParams).

use std::fmt;
use std::str::FromStr;

use ndarray::{Array2, ArrayView2};
use serde::{Deserialize, Serialize};

use super::history::{History, Outcome};
use super::params::ParamValue;
use crate::error::{Error, Result};

/// A model TuneLab can fit, by scikit-learn's estimator name in snake case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ModelKind {
    /// `LogisticRegression`: `C`, `penalty`, `l1_ratio` (the default).
    #[default]
    LogisticRegression,
    /// `LinearRegression`: least squares.
    LinearRegression,
    /// `Ridge`: least squares + `alpha`·‖w‖².
    Ridge,
    /// `Lasso`: mean squared error / 2 + `alpha`·‖w‖₁.
    Lasso,
    /// `ElasticNet`: `alpha`, `l1_ratio`.
    ElasticNet,
    /// `MLPClassifier` with one hidden layer.
    MlpClassifier,
    /// `MLPRegressor` with one hidden layer.
    MlpRegressor,
}

/// Hyperparameters of the one-hidden-layer networks, by scikit-learn's names.
pub const MLP_PARAMS: [&str; 12] = [
    "hidden_layer_sizes",
    "activation",
    "alpha",
    "solver",
    "learning_rate_init",
    "batch_size",
    "momentum",
    "max_iter",
    "tol",
    "n_iter_no_change",
    "shuffle",
    "random_state",
];

/// Parameters of the pipeline around every model.
pub const PIPELINE_PARAMS: [&str; 2] = ["degree", "standardize"];

impl ModelKind {
    /// Every model, classifiers first.
    pub const ALL: [ModelKind; 7] = [
        ModelKind::LogisticRegression,
        ModelKind::MlpClassifier,
        ModelKind::LinearRegression,
        ModelKind::Ridge,
        ModelKind::Lasso,
        ModelKind::ElasticNet,
        ModelKind::MlpRegressor,
    ];

    /// The name used on the command line, in grids and in the page.
    pub fn name(self) -> &'static str {
        match self {
            ModelKind::LogisticRegression => "logistic_regression",
            ModelKind::LinearRegression => "linear_regression",
            ModelKind::Ridge => "ridge",
            ModelKind::Lasso => "lasso",
            ModelKind::ElasticNet => "elastic_net",
            ModelKind::MlpClassifier => "mlp_classifier",
            ModelKind::MlpRegressor => "mlp_regressor",
        }
    }

    /// scikit-learn's class name (`"Ridge"`, `"MLPClassifier"`).
    pub fn sklearn_class(self) -> &'static str {
        match self {
            ModelKind::LogisticRegression => "LogisticRegression",
            ModelKind::LinearRegression => "LinearRegression",
            ModelKind::Ridge => "Ridge",
            ModelKind::Lasso => "Lasso",
            ModelKind::ElasticNet => "ElasticNet",
            ModelKind::MlpClassifier => "MLPClassifier",
            ModelKind::MlpRegressor => "MLPRegressor",
        }
    }

    /// Whether the model is one of the networks.
    pub fn is_mlp(self) -> bool {
        matches!(self, ModelKind::MlpClassifier | ModelKind::MlpRegressor)
    }

    /// Whether the model predicts classes (else numbers).
    pub fn is_classifier(self) -> bool {
        matches!(
            self,
            ModelKind::LogisticRegression | ModelKind::MlpClassifier
        )
    }

    /// The model's own hyperparameters, by scikit-learn's names (the pipeline's
    /// [`PIPELINE_PARAMS`] come on top).
    pub fn param_names(self) -> &'static [&'static str] {
        match self {
            ModelKind::LogisticRegression => &super::params::PARAM_NAMES,
            ModelKind::LinearRegression => &["fit_intercept", "tol"],
            ModelKind::Ridge => &["alpha", "fit_intercept"],
            ModelKind::Lasso => &["alpha", "fit_intercept", "max_iter", "tol"],
            ModelKind::ElasticNet => &["alpha", "l1_ratio", "fit_intercept", "max_iter", "tol"],
            ModelKind::MlpClassifier | ModelKind::MlpRegressor => &MLP_PARAMS,
        }
    }

    /// The parameter that sets the strength of regularisation, and whether larger
    /// values regularise *less* (`C`, the inverse) or more (`alpha`).
    pub fn regularisation(self) -> Option<(&'static str, bool)> {
        match self {
            ModelKind::LogisticRegression => Some(("C", true)),
            ModelKind::LinearRegression => None,
            _ => Some(("alpha", false)),
        }
    }

    /// Every name any model or the pipeline takes, for checking grids before the
    /// model is known.
    pub fn any_param(name: &str) -> bool {
        PIPELINE_PARAMS.contains(&name)
            || ModelKind::ALL
                .iter()
                .any(|k| k.param_names().contains(&name))
    }
}

impl fmt::Display for ModelKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ModelKind {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        ModelKind::ALL
            .into_iter()
            .find(|k| k.name() == s)
            .ok_or_else(|| Error::InvalidParam {
                name: "model".into(),
                value: s.into(),
                reason: format!(
                    "choose one of {}",
                    ModelKind::ALL.map(ModelKind::name).join(", ")
                ),
            })
    }
}

/// What a model learns from: each row's class, or each row's value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target<'a> {
    /// Class indices below `n_classes`.
    Classes {
        /// Class of each row.
        y: &'a [usize],
        /// Number of classes (some may have no row here).
        n_classes: usize,
    },
    /// Numbers.
    Values(&'a [f64]),
}

impl Target<'_> {
    /// Number of rows.
    pub fn len(&self) -> usize {
        match self {
            Target::Classes { y, .. } => y.len(),
            Target::Values(y) => y.len(),
        }
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// What a model predicts for some rows.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Prediction {
    /// A class index per row.
    Classes(Vec<usize>),
    /// A number per row.
    Values(Vec<f64>),
}

/// A fitted model.
pub trait Estimator {
    /// Predicted class or value of each row of `x`.
    ///
    /// # Errors
    /// [`Error::Shape`] when `x` has another number of columns than the model was
    /// fitted on.
    fn predict(&self, x: ArrayView2<f64>) -> Result<Prediction>;

    /// Class probabilities, one row per sample and one column per class.
    ///
    /// # Errors
    /// As [`Estimator::predict`]; a regressor has no probabilities and says so.
    fn predict_proba(&self, _x: ArrayView2<f64>) -> Result<Array2<f64>> {
        Err(Error::InvalidData(
            "a regressor predicts numbers, not class probabilities".into(),
        ))
    }

    /// How the optimisation ended.
    fn outcome(&self) -> &Outcome;

    /// The record of the optimisation, thinned.
    fn history(&self) -> &History;

    /// Iterations (or epochs) the solver ran, as scikit-learn's `n_iter_`.
    fn n_iter(&self) -> usize;
}

/// Helpers for models reading grid values: a number, a whole number, a switch.
pub(crate) struct ValueReader<'a> {
    pub(crate) name: &'a str,
    pub(crate) value: &'a ParamValue,
}

impl ValueReader<'_> {
    /// The error for this value with `reason`.
    pub(crate) fn invalid(&self, reason: &str) -> Error {
        Error::InvalidParam {
            name: self.name.to_string(),
            value: self.value.to_string(),
            reason: reason.to_string(),
        }
    }

    /// The value as a number.
    pub(crate) fn number(&self) -> Result<f64> {
        match self.value {
            ParamValue::Num(v) => Ok(*v),
            _ => Err(self.invalid("must be a number")),
        }
    }

    /// The value as a whole number from 0 to `u32::MAX`.
    pub(crate) fn count(&self) -> Result<usize> {
        let v = self.number()?;
        if v >= 0.0 && v.fract() == 0.0 && v <= u32::MAX as f64 {
            Ok(v as usize)
        } else {
            Err(self.invalid("must be a whole number from 0 to 4294967295"))
        }
    }

    /// The value as a switch: true/false, 1/0.
    pub(crate) fn switch(&self) -> Result<bool> {
        match self.value {
            ParamValue::Bool(b) => Ok(*b),
            ParamValue::Str(s) if s == "true" => Ok(true),
            ParamValue::Str(s) if s == "false" => Ok(false),
            ParamValue::Num(v) if *v == 1.0 => Ok(true),
            ParamValue::Num(v) if *v == 0.0 => Ok(false),
            _ => Err(self.invalid("must be true or false")),
        }
    }

    /// The value as a word.
    pub(crate) fn word(&self, choices: &str) -> Result<&str> {
        match self.value {
            ParamValue::Str(s) => Ok(s),
            _ => Err(self.invalid(&format!("choose one of {choices}"))),
        }
    }
}
