//! Models: the estimator interface ([`Estimator`], [`Pipeline`]) and the models
//! behind it — logistic regression (this module), the linear regressors
//! ([`linear`]) and the one-hidden-layer networks ([`mlp`]).
//!
//! # Logistic regression
//!
//! scikit-learn's objective, solved to the optimum or walked step by step by a
//! teaching optimiser.
//!
//! # The objective
//!
//! With `K ≥ 3` classes the model is multinomial: one weight row `W_k` and intercept
//! `b_k` per class, probabilities `softmax(x·Wᵀ + b)`, and
//!
//! ```text
//! f(W, b) = C · Σᵢ [ logsumexp_k(xᵢ·W_k + b_k) − (xᵢ·W_{yᵢ} + b_{yᵢ}) ] + P(W)
//! ```
//!
//! With two classes it is a single sigmoid (one weight row), `sᵢ = +1` for the
//! second class and `−1` for the first:
//!
//! ```text
//! f(w, b) = C · Σᵢ log(1 + exp(−sᵢ (xᵢ·w + b))) + P(w)
//! ```
//!
//! The penalty `P` is `½‖W‖²` (l2), `‖W‖₁` (l1), `l1_ratio·‖W‖₁ + (1 − l1_ratio)·½‖W‖²`
//! (elasticnet) or zero (none). Intercepts are never penalised. This is exactly
//! `sklearn.linear_model.LogisticRegression`.
//!
//! Histories report the same objective divided by `C·n` — the mean loss per sample
//! plus `P / (C·n)` — whose size does not depend on `C` or on the number of rows, so
//! curves for different candidates can share an axis.
//!
//! # Solvers
//!
//! * [`Solver::Lbfgs`] (the default) converges for every penalty: proximal Newton
//!   for problems with at most 64 parameters (coordinate descent on the
//!   second-order model with the exact l1 term, then an exact step once the signs
//!   are known), L-BFGS / OWL-QN above that. It stops when the largest entry of the
//!   (pseudo-)gradient of the per-sample objective falls below `tol`.
//! * [`Solver::Gd`], [`Solver::Sgd`], [`Solver::Momentum`], [`Solver::Nesterov`] and
//!   [`Solver::Adam`] are the textbook optimisers, with a fixed `learning_rate`, for
//!   watching optimisation happen. They handle the l1 part by a proximal
//!   (soft-threshold) step, so exact zeros appear.
//!
//! ```
//! use tunelab::{Dataset, Params, Penalty};
//! let iris = Dataset::iris();
//! let model = Params::default().c(10.0).penalty(Penalty::L1).check()?
//!     .fit(iris.x.view(), iris.classes().unwrap_or(&[]), iris.n_classes())?;
//! let accuracy = tunelab::metrics::accuracy(iris.classes().unwrap_or(&[]), &model.predict(iris.x.view()));
//! assert!(accuracy > 0.95);
//! assert!(model.outcome.is_converged());
//! # Ok::<(), tunelab::Error>(())
//! ```

mod estimator;
mod history;
mod kernels;
pub mod landscape;
pub mod linear;
pub mod mlp;
mod newton;
mod objective;
mod optimizers;
mod params;
mod pipeline;
mod solver;

pub use self::estimator::{Estimator, MLP_PARAMS, ModelKind, PIPELINE_PARAMS, Prediction, Target};
pub use self::history::{History, Outcome, Snapshot, oscillation_window};
pub use self::objective::{Affine, Objective, ObjectiveValue};
pub use self::params::{
    LBFGS_TOL, PARAM_NAMES, ParamValue, Params, Penalty, Solver, TEACHING_TOL, ValidParams,
};
pub use self::pipeline::{
    FittedModel, FittedPipeline, ModelParams, Pipeline, ValidPipeline, predict_rows, transform,
    transform_rows,
};

use ndarray::{Array1, Array2, ArrayView2, Axis};
use serde::Serialize;

/// A fitted logistic-regression model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FittedLogReg {
    /// Weights: one row for two classes (the second class's score), one row per
    /// class otherwise. Shape `(n_rows, n_features)`, as scikit-learn's `coef_`.
    pub coef: Array2<f64>,
    /// Intercepts, one per row of `coef` (scikit-learn's `intercept_`).
    pub intercept: Array1<f64>,
    /// Number of classes the model tells apart.
    pub n_classes: usize,
    /// Iterations the solver ran (scikit-learn's `n_iter_`).
    pub n_iter: usize,
    /// How the optimisation ended.
    pub outcome: Outcome,
    /// The optimisation path, thinned.
    pub history: History,
}

impl Estimator for FittedLogReg {
    fn predict(&self, x: ArrayView2<f64>) -> crate::Result<Prediction> {
        self.check_columns(x)?;
        Ok(Prediction::Classes(FittedLogReg::predict(self, x)))
    }
    fn predict_proba(&self, x: ArrayView2<f64>) -> crate::Result<Array2<f64>> {
        self.check_columns(x)?;
        Ok(FittedLogReg::predict_proba(self, x))
    }
    fn outcome(&self) -> &Outcome {
        &self.outcome
    }
    fn history(&self) -> &History {
        &self.history
    }
    fn n_iter(&self) -> usize {
        self.n_iter
    }
}

impl FittedLogReg {
    /// Refuses features with another number of columns than the weights.
    fn check_columns(&self, x: ArrayView2<f64>) -> crate::Result<()> {
        if x.ncols() == self.coef.ncols() {
            Ok(())
        } else {
            Err(crate::Error::Shape(format!(
                "the model was fitted on {} features but got {}",
                self.coef.ncols(),
                x.ncols()
            )))
        }
    }

    /// Scores `x·coefᵀ + intercept`, shape `(n_samples, n_rows)`.
    pub fn decision_function(&self, x: ArrayView2<f64>) -> Array2<f64> {
        let (m, p, k) = (x.nrows(), x.ncols(), self.coef.nrows());
        let (x, coef) = (x.as_standard_layout(), self.coef.as_standard_layout());
        let mut z = match (x.as_slice(), coef.as_slice()) {
            (Some(xs), Some(ws)) if p == coef.ncols() => {
                let mut z = Array2::zeros((m, k));
                if let Some(zs) = z.as_slice_mut() {
                    kernels::mat_nt(xs, ws, zs, m, p, k);
                }
                z
            }
            _ => x.dot(&coef.t()),
        };
        z += &self.intercept;
        z
    }

    /// Class probabilities, shape `(n_samples, n_classes)`; each row sums to one.
    pub fn predict_proba(&self, x: ArrayView2<f64>) -> Array2<f64> {
        let z = self.decision_function(x);
        if self.n_classes == 2 {
            let mut p = Array2::zeros((z.nrows(), 2));
            for (i, zi) in z.column(0).iter().enumerate() {
                let p1 = objective::sigmoid(*zi);
                p[[i, 0]] = 1.0 - p1;
                p[[i, 1]] = p1;
            }
            p
        } else {
            let mut p = z;
            for row in p.axis_iter_mut(Axis(0)) {
                objective::softmax_in_place(row);
            }
            p
        }
    }

    /// Predicted class of each row: the arg-max of the decision function, the first
    /// class winning an exact tie (as scikit-learn).
    pub fn predict(&self, x: ArrayView2<f64>) -> Vec<usize> {
        let z = self.decision_function(x);
        if self.n_classes == 2 {
            z.column(0).iter().map(|&s| usize::from(s > 0.0)).collect()
        } else {
            z.axis_iter(Axis(0))
                .map(|row| {
                    let mut best = 0;
                    for (k, &v) in row.iter().enumerate() {
                        if v > row[best] {
                            best = k;
                        }
                    }
                    best
                })
                .collect()
        }
    }
}
