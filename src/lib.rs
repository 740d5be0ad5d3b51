//! # TuneLab
//!
//! Hyperparameter tuning you can see: logistic regression, least squares, ridge, lasso,
//! elastic net and one-hidden-layer networks behind one estimator interface, k-fold
//! cross-validation and grid search with scikit-learn's exact semantics, as a plain
//! Rust library that also compiles to WebAssembly for the browser playground.
//!
//! The pieces, each in its own module:
//!
//! * [`data`]: the [`Dataset`] type (class or numeric target), built-in Iris, Wine,
//!   Breast Cancer and Diabetes, seeded teaching sets, CSV loading with errors that
//!   say where and what.
//! * [`preprocess`]: polynomial features and standardisation, fitted on a training
//!   fold only.
//! * [`model`]: the estimator interface ([`Pipeline`] → fit → [`Estimator`]) and the
//!   models: logistic regression ([`Params`] → [`ValidParams`] → [`FittedLogReg`]),
//!   the linear regressors, the networks; solvers and teaching optimisers, histories.
//! * [`metrics`]: accuracy, balanced accuracy, precision / recall / F1, log loss,
//!   confusion matrix — scikit-learn's definitions.
//! * [`select`]: `KFold`, `StratifiedKFold`, train/test split, parameter grids and
//!   cross-validated grid search with `cv_results_` — warm-started along `C` and
//!   `alpha`, and cut into work units ([`select::Job`]) that run on several threads
//!   or workers with the same results.
//! * [`charts`]: the playground's charts, drawn with plotters on any backend.
//! * [`report`]: search results turned into chart data and optimisation paths.
//! * [`limits`]: every limit on the input in one place, and the checks that name
//!   the field, the value and the limit.
//! * [`numfmt`]: numbers written short and exact (`1e308`, not 309 digits).
//! * [`view`]: what a chosen candidate does — its decision boundary, learning curve
//!   and regularisation path — as chart data.
//!
//! ## Example: scikit-learn's seed grid on Iris
//!
//! ```
//! use tunelab::{Dataset, select::{SearchConfig, ParamGrid}};
//! let iris = Dataset::iris();
//! let grid = ParamGrid::parse(&["C=0.001,0.01,0.1,1,10,100", "penalty=l1,l2"])?;
//! let config = SearchConfig::new(grid);
//! let result = tunelab::select::grid_search(&iris, &config, &mut |_| true)?;
//! assert_eq!(result.best_params["C"].to_string(), "10");
//! assert_eq!(result.best_params["penalty"].to_string(), "l1");
//! assert!((result.best_score - 0.973_333_333_333_333_4).abs() < 1e-12);
//! # Ok::<(), tunelab::Error>(())
//! ```

#[macro_use]
mod untagged;
mod collect;
pub mod math;

pub mod catalog;
pub mod charts;
pub mod data;
pub mod error;
pub mod export;
pub mod limits;
pub mod metrics;
pub mod model;
pub mod numfmt;
pub mod preprocess;
pub mod report;
pub mod select;
mod sort;
pub mod view;

#[cfg(target_arch = "wasm32")]
pub mod web;

pub use data::{CsvOptions, CsvSource, Dataset, LabelColumn, Target as DataTarget, TargetKind};
pub use error::{Error, Result};
pub use model::{
    Estimator, FittedLogReg, FittedPipeline, ModelKind, Params, Penalty, Pipeline, Solver,
    ValidParams,
};
