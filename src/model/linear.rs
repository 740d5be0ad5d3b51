//! Linear regression with scikit-learn's objectives, solved to the optimum:
//! ordinary least squares, ridge, lasso and the elastic net.
//!
//! # The objectives
//!
//! With residuals `r = y − Xw − b` over `n` rows, the four models minimise exactly
//! what scikit-learn 1.9's estimators of the same names minimise:
//!
//! ```text
//! LinearRegression   ‖r‖²
//! Ridge(α)           ‖r‖² + α‖w‖²
//! Lasso(α)           (1/(2n))‖r‖² + α‖w‖₁
//! ElasticNet(α, ρ)   (1/(2n))‖r‖² + α·ρ·‖w‖₁ + ½·α·(1 − ρ)·‖w‖²
//! ```
//!
//! The intercept `b` is never penalised. With `fit_intercept` it is fitted as
//! scikit-learn does: `X` and `y` are centred with the training means, the weights
//! are fitted on the centred data, and `b = ȳ − x̄·w`; without it `b = 0`.
//!
//! # Solvers
//!
//! * `LinearRegression` and `Ridge` are solved in closed form from the thin SVD
//!   `X = U·diag(s)·Vᵀ` of the centred features: `w = V·diag(s/(s² + α))·Uᵀy`.
//!   Singular values at or below `ε·max(n, p)·s_max` (`ε` = machine epsilon) count
//!   as zero, so a rank-deficient `X` gets the minimum-norm solution, as
//!   `scipy.linalg.lstsq` gives (scipy's default cut-off is the slightly smaller
//!   `ε·s_max`; the two differ only on matrices whose rank is ambiguous in floating
//!   point). The same cut-off applies to every `α`, so `Ridge(0)` is exactly
//!   `LinearRegression`.
//! * `Lasso` and `ElasticNet` run cyclic coordinate descent, as scikit-learn's
//!   `enet_coordinate_descent`: columns in order, squared column norms
//!   precomputed, residuals updated in place, starting from `w = 0` or a warm
//!   start. Each pass is one iteration. Scaled by `n` the objective is
//!   `P(w) = ½‖r‖² + λ₁‖w‖₁ + ½λ₂‖w‖²` with `λ₁ = α·ρ·n` and `λ₂ = α·(1 − ρ)·n`.
//!   When the largest coefficient change of a pass is at most `tol` times the
//!   largest coefficient (or on the last pass), the duality gap `G` of `P` is
//!   computed exactly as scikit-learn 1.9 does, and the run stops when
//!   `G ≤ tol·‖y_c‖²` (`y_c` the centred targets): with `λ₁ > 0` the dual point is
//!   the residual scaled into the feasible set `‖Xᵀv − λ₂w‖∞ ≤ λ₁`; with
//!   `λ₁ = 0 < λ₂` the smooth (ridge) dual needs no scaling; with `α = 0` there is
//!   no dual and `G` is the first-order condition `‖Xᵀr‖²` (scikit-learn warns
//!   there: use `LinearRegression`). The gap is also checked before the first
//!   pass, so a warm start at the optimum takes zero passes.
//!
//! # Tolerance
//!
//! `tol` means what scikit-learn's `tol` means for `Lasso` and `ElasticNet` (so a
//! value can be copied across), but the default is [`DEFAULT_TOL`] `= 1e-12`,
//! not scikit-learn's `1e-4`: the gap then certifies the objective to within
//! `1e-12·‖y_c‖²/n` of the optimum, and the coefficients have stopped moving at
//! the `1e-12` relative level. On the test problems (up to 10 000 × 50, and
//! 30 × 60 with correlated columns) the coefficients were then within `5e-12` of
//! the optimum, relative to the largest, for 1.4 to 4.5 times the passes of
//! `tol = 1e-4` (a few dozen passes; 151 on the ill-conditioned case). Values
//! down to `1e-15` still stop early; below that rounding keeps the coefficient
//! test from passing and runs go to `max_iter`. `tol` plays no part in the
//! closed-form solvers.
//!
//! # History
//!
//! Every model records the same per-sample scale, so losses of different models
//! can share an axis: `data_loss = ‖r‖²/(2n)` (half the mean squared residual) and
//! `penalty` = the model's penalty on that scale: `0` for `LinearRegression`,
//! `α‖w‖²/(2n)` for `Ridge` (its objective divided by `2n`), and the model's own
//! penalty for `Lasso` and `ElasticNet` (whose objective is already per sample).
//! `theta` is `[coef…, intercept]`. Coordinate descent records the start
//! (iteration 0) and every pass; the closed-form solvers record iteration 0 at
//! `w = 0` (intercept `ȳ`) and iteration 1 at the solution.
//!
//! ```
//! use ndarray::array;
//! use tunelab::model::linear::{LinearKind, LinearParams};
//! let x = array![[0.0, 1.0], [1.0, 0.0], [2.0, 1.0], [3.0, 0.0]];
//! let y = [1.0, 2.0, 5.0, 6.0];
//! let model = LinearParams::default().kind(LinearKind::Lasso).alpha(0.1).check()?
//!     .fit(x.view(), &y)?;
//! assert!(model.outcome.is_converged());
//! let fitted = model.predict(x.view())?;
//! assert!((fitted[3] - 6.0).abs() < 0.5);
//! # Ok::<(), tunelab::Error>(())
//! ```

mod centred;
mod lasso;
mod ridge;

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use ndarray::{Array1, ArrayView2};
use serde::{Deserialize, Serialize};

use self::centred::{Centred, record};
use self::lasso::coordinate_descent;
use self::ridge::RidgeFactors;
use super::history::{History, Outcome, Recorder};
use crate::error::{Error, Result};

/// Default `tol` of coordinate descent (relative, as scikit-learn's `tol`).
pub const DEFAULT_TOL: f64 = 1e-12;

/// Which linear model to fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinearKind {
    /// Ordinary least squares, `‖r‖²` (minimum-norm when rank-deficient).
    LinearRegression,
    /// `‖r‖² + α‖w‖²`.
    Ridge,
    /// `(1/(2n))‖r‖² + α‖w‖₁`.
    Lasso,
    /// `(1/(2n))‖r‖² + α·ρ·‖w‖₁ + ½·α·(1 − ρ)·‖w‖²`, `ρ = l1_ratio`.
    ElasticNet,
}

impl LinearKind {
    /// All kinds.
    pub const ALL: [LinearKind; 4] = [
        LinearKind::LinearRegression,
        LinearKind::Ridge,
        LinearKind::Lasso,
        LinearKind::ElasticNet,
    ];

    /// The name in snake case (scikit-learn's class name, spelled
    /// `linear_regression`, `ridge`, `lasso`, `elastic_net`).
    pub fn name(self) -> &'static str {
        match self {
            LinearKind::LinearRegression => "linear_regression",
            LinearKind::Ridge => "ridge",
            LinearKind::Lasso => "lasso",
            LinearKind::ElasticNet => "elastic_net",
        }
    }

    /// Whether the model is fitted by coordinate descent (uses `max_iter`, `tol`
    /// and warm starts).
    pub fn is_iterative(self) -> bool {
        matches!(self, LinearKind::Lasso | LinearKind::ElasticNet)
    }
}

impl fmt::Display for LinearKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for LinearKind {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        LinearKind::ALL
            .into_iter()
            .find(|k| k.name() == s)
            .ok_or_else(|| Error::InvalidParam {
                name: "kind".into(),
                value: s.into(),
                reason: "choose one of linear_regression, ridge, lasso, elastic_net".into(),
            })
    }
}

/// Hyperparameters of the linear models. Setters never fail;
/// [`LinearParams::check`] validates them all at once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct LinearParams {
    /// The model; defaults to `LinearKind::Ridge`.
    pub kind: LinearKind,
    /// Regularisation strength `α ≥ 0` (unused by `linear_regression`); defaults
    /// to `1.0`.
    pub alpha: f64,
    /// Share `ρ ∈ [0, 1]` of l1 in the elastic net (only `elastic_net` uses it);
    /// defaults to `0.5`.
    pub l1_ratio: f64,
    /// Whether to fit an unpenalised intercept; defaults to `true`.
    pub fit_intercept: bool,
    /// Most passes of coordinate descent; defaults to `10_000`.
    pub max_iter: usize,
    /// Stopping tolerance of coordinate descent on the duality gap, relative to
    /// `‖y_c‖²` (see the module docs); defaults to `1e-12`.
    pub tol: f64,
    /// Most points kept in the history; defaults to `200`.
    pub history_points: usize,
}

impl Default for LinearParams {
    fn default() -> Self {
        LinearParams {
            kind: LinearKind::Ridge,
            alpha: 1.0,
            l1_ratio: 0.5,
            fit_intercept: true,
            max_iter: 10_000,
            tol: DEFAULT_TOL,
            history_points: 200,
        }
    }
}

impl LinearParams {
    /// Sets the model; defaults to `LinearKind::Ridge`.
    pub fn kind(mut self, kind: LinearKind) -> Self {
        self.kind = kind;
        self
    }

    /// Sets `alpha`; defaults to `1.0`.
    pub fn alpha(mut self, alpha: f64) -> Self {
        self.alpha = alpha;
        self
    }

    /// Sets `l1_ratio`; defaults to `0.5`.
    pub fn l1_ratio(mut self, l1_ratio: f64) -> Self {
        self.l1_ratio = l1_ratio;
        self
    }

    /// Sets `fit_intercept`; defaults to `true`.
    pub fn fit_intercept(mut self, fit_intercept: bool) -> Self {
        self.fit_intercept = fit_intercept;
        self
    }

    /// Sets `max_iter`; defaults to `10_000`.
    pub fn max_iter(mut self, max_iter: usize) -> Self {
        self.max_iter = max_iter;
        self
    }

    /// Sets `tol`; defaults to `1e-12`.
    pub fn tol(mut self, tol: f64) -> Self {
        self.tol = tol;
        self
    }

    /// Sets `history_points`; defaults to `200`.
    pub fn history_points(mut self, points: usize) -> Self {
        self.history_points = points;
        self
    }

    /// Checks every parameter: `alpha` finite and `≥ 0`, `l1_ratio` in `[0, 1]`,
    /// `max_iter ≥ 1`, `tol` finite and `≥ 0`, `history_points ≥ 2`.
    ///
    /// `alpha = 0` is allowed for every model; for `lasso` and `elastic_net` it
    /// is least squares by coordinate descent, which scikit-learn warns against
    /// (prefer `linear_regression`).
    pub fn check(&self) -> Result<ValidLinearParams> {
        let invalid = |name: &str, value: String, reason: &str| Error::InvalidParam {
            name: name.to_string(),
            value,
            reason: reason.to_string(),
        };
        if !(self.alpha.is_finite() && self.alpha >= 0.0) {
            return Err(invalid(
                "alpha",
                crate::numfmt::fmt_value(self.alpha),
                "must be a number ≥ 0",
            ));
        }
        if !(0.0..=1.0).contains(&self.l1_ratio) {
            return Err(invalid(
                "l1_ratio",
                crate::numfmt::fmt_value(self.l1_ratio),
                "must lie in [0, 1]",
            ));
        }
        if self.max_iter == 0 {
            return Err(invalid("max_iter", "0".into(), "must be at least 1"));
        }
        crate::limits::check_count("max_iter", self.max_iter, crate::limits::MAX_ITER)?;
        if !(self.tol.is_finite() && self.tol >= 0.0) {
            return Err(invalid(
                "tol",
                crate::numfmt::fmt_value(self.tol),
                "must be a number ≥ 0",
            ));
        }
        if self.history_points < 2 {
            return Err(invalid(
                "history_points",
                self.history_points.to_string(),
                "must be at least 2",
            ));
        }
        Ok(ValidLinearParams(self.clone()))
    }

    /// The penalty weights `(l1, l2)` of the per-sample objective
    /// `‖r‖²/(2n) + l1·‖w‖₁ + ½·l2·‖w‖²` for `lasso` and `elastic_net`.
    fn cd_weights(&self) -> (f64, f64) {
        let rho = match self.kind {
            LinearKind::ElasticNet => self.l1_ratio,
            _ => 1.0,
        };
        (self.alpha * rho, self.alpha * (1.0 - rho))
    }

    /// `(data_loss, penalty)` on the history's per-sample scale, from the residual
    /// sum of squares, `‖w‖₁` and `‖w‖²`.
    fn history_terms(&self, n: usize, rss: f64, l1_norm: f64, l2_norm2: f64) -> (f64, f64) {
        let two_n = 2.0 * n as f64;
        let penalty = match self.kind {
            LinearKind::LinearRegression => 0.0,
            LinearKind::Ridge => self.alpha * l2_norm2 / two_n,
            LinearKind::Lasso | LinearKind::ElasticNet => {
                let (l1, l2) = self.cd_weights();
                l1 * l1_norm + 0.5 * l2 * l2_norm2
            }
        };
        (rss / two_n, penalty)
    }
}

/// Parameters that passed [`LinearParams::check`]; the only way to fit.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidLinearParams(LinearParams);

/// A fitted linear model.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FittedLinear {
    /// The parameters it was fitted with.
    pub params: LinearParams,
    /// Weights, one per feature (scikit-learn's `coef_`).
    pub coef: Array1<f64>,
    /// The intercept (scikit-learn's `intercept_`; `0` without `fit_intercept`).
    pub intercept: f64,
    /// Passes of coordinate descent run (scikit-learn's `n_iter_`); `1` for the
    /// closed-form solvers.
    pub n_iter: usize,
    /// How the fit ended. For coordinate descent, `MaxIter` carries the largest
    /// entry of the per-sample pseudo-gradient (the KKT violation) at the end.
    pub outcome: Outcome,
    /// The optimisation path (see the module docs for what is recorded).
    pub history: History,
    /// The closed-form solvers' decomposition of the training data, kept so that a
    /// fit for another `alpha` on the same data ([`ValidLinearParams::fit_after`])
    /// solves without decomposing again.
    #[serde(skip)]
    factors: Option<Arc<RidgeFactors>>,
}

impl ValidLinearParams {
    /// The checked parameters.
    pub fn params(&self) -> &LinearParams {
        &self.0
    }

    /// Fits the model to features `x` (one row per sample) and targets `y`,
    /// starting coordinate descent from `w = 0`.
    ///
    /// Fails on inconsistent shapes, no rows or columns, or values that are not
    /// finite numbers.
    pub fn fit(&self, x: ArrayView2<f64>, y: &[f64]) -> Result<FittedLinear> {
        self.fit_warm(x, y, None)
    }

    /// As [`ValidLinearParams::fit`], with coordinate descent started from the
    /// weights `start` (one per feature) when given — a warm start, as along a
    /// path of decreasing `alpha`. The closed-form solvers ignore `start`.
    pub fn fit_warm(
        &self,
        x: ArrayView2<f64>,
        y: &[f64],
        start: Option<&[f64]>,
    ) -> Result<FittedLinear> {
        self.fit_from(x, y, start, None)
    }

    /// As [`ValidLinearParams::fit_warm`] from `previous`'s weights, a fit along a
    /// path (another `alpha`, say). When `previous` was fitted by a closed-form
    /// solver on the same data (the same bits), its decomposition is reused: the fit
    /// is the one from scratch, at a fraction of the cost.
    pub fn fit_after(
        &self,
        x: ArrayView2<f64>,
        y: &[f64],
        previous: Option<&FittedLinear>,
    ) -> Result<FittedLinear> {
        let start = previous.and_then(|m| m.coef.as_slice());
        self.fit_from(x, y, start, previous.and_then(|m| m.factors.as_ref()))
    }

    /// As [`ValidLinearParams::fit_after`] on the rows `rows` of `x`, each
    /// standardised by `affine` as it is read (a fold's training rows, scaled by the
    /// fold's scaler), without a matrix of them: `y` holds the target of every row of
    /// `x`. The fit is the one on the scaled matrix of those rows, bit for bit.
    ///
    /// # Errors
    /// As [`ValidLinearParams::fit`]; [`Error::Shape`] when a row is past `x`'s or
    /// `affine` has another number of columns.
    pub fn fit_after_on_rows(
        &self,
        x: ArrayView2<f64>,
        y: &[f64],
        (rows, affine): (&[usize], Option<super::Affine<'_>>),
        previous: Option<&FittedLinear>,
    ) -> Result<FittedLinear> {
        let data = Centred::from_rows(x, y, rows, affine, self.0.fit_intercept)?;
        let start = previous.and_then(|m| m.coef.as_slice());
        self.fit_centred(data, start, previous.and_then(|m| m.factors.as_ref()))
    }

    fn fit_from(
        &self,
        x: ArrayView2<f64>,
        y: &[f64],
        start: Option<&[f64]>,
        factors: Option<&Arc<RidgeFactors>>,
    ) -> Result<FittedLinear> {
        let data = Centred::new(x, y, self.0.fit_intercept)?;
        self.fit_centred(data, start, factors)
    }

    fn fit_centred(
        &self,
        data: Centred,
        start: Option<&[f64]>,
        factors: Option<&Arc<RidgeFactors>>,
    ) -> Result<FittedLinear> {
        let p = &self.0;
        if let Some(s) = start {
            if s.len() != data.p {
                return Err(Error::Shape(format!(
                    "the warm start has {} weights but the data has {} features",
                    s.len(),
                    data.p
                )));
            }
            if let Some(v) = s.iter().find(|v| !v.is_finite()) {
                return Err(Error::InvalidData(format!(
                    "the warm start holds {v}, which is not a finite number"
                )));
            }
        }
        let mut recorder = Recorder::new(p.history_points);
        let mut kept = None;
        let (w, n_iter, outcome) = match p.kind {
            LinearKind::LinearRegression | LinearKind::Ridge => {
                let alpha = if p.kind == LinearKind::Ridge {
                    p.alpha
                } else {
                    0.0
                };
                let zero = vec![0.0; data.p];
                record(p, &data, &zero, &data.y, 0, &mut recorder);
                // scikit-learn's LinearRegression passes its `tol` to lstsq as `cond`.
                let cond = if p.kind == LinearKind::LinearRegression {
                    p.tol
                } else {
                    0.0
                };
                let factors = match factors {
                    Some(f) if f.fits(&data) => Arc::clone(f),
                    _ => Arc::new(RidgeFactors::new(&data)?),
                };
                let w = factors.solve(alpha, cond);
                kept = Some(factors);
                let r = data.residual(&w);
                record(p, &data, &w, &r, 1, &mut recorder);
                (w, 1, Outcome::Converged { iteration: 1 })
            }
            LinearKind::Lasso | LinearKind::ElasticNet => {
                let mut w = start.map_or_else(|| vec![0.0; data.p], <[f64]>::to_vec);
                let (n_iter, outcome) = coordinate_descent(p, &data, &mut w, &mut recorder);
                (w, n_iter, outcome)
            }
        };
        let intercept = data.intercept(&w);
        let outcome = if intercept.is_finite() && w.iter().all(|v| v.is_finite()) {
            outcome
        } else {
            Outcome::Diverged {
                iteration: n_iter,
                reason: "the weights are not finite numbers (are some feature values extreme?)"
                    .into(),
            }
        };
        Ok(FittedLinear {
            params: p.clone(),
            coef: Array1::from(w),
            intercept,
            n_iter,
            outcome,
            history: recorder.finish(),
            factors: kept,
        })
    }
}

impl FittedLinear {
    /// Predictions `x·coef + intercept`, one per row. Fails if `x` has a different
    /// number of columns than the training data.
    pub fn predict(&self, x: ArrayView2<f64>) -> Result<Vec<f64>> {
        if x.ncols() != self.coef.len() {
            return Err(Error::Shape(format!(
                "the model was fitted on {} features but x has {} columns",
                self.coef.len(),
                x.ncols()
            )));
        }
        Ok(x.dot(&self.coef)
            .iter()
            .map(|v| v + self.intercept)
            .collect())
    }

    /// The model's own objective (see the module docs) at the fitted weights on
    /// the data `x`, `y`: `‖r‖²` for `linear_regression`, `‖r‖² + α‖w‖²` for
    /// `ridge`, `‖r‖²/(2n)` plus the penalty for `lasso` and `elastic_net`.
    pub fn objective(&self, x: ArrayView2<f64>, y: &[f64]) -> Result<f64> {
        let pred = self.predict(x)?;
        if pred.len() != y.len() {
            return Err(Error::Shape(format!(
                "x has {} rows but y has {} values",
                pred.len(),
                y.len()
            )));
        }
        if y.is_empty() {
            return Err(Error::InvalidData(
                "the objective needs at least one row".into(),
            ));
        }
        let rss: f64 = pred.iter().zip(y).map(|(p, t)| (t - p) * (t - p)).sum();
        let l1_norm: f64 = self.coef.iter().map(|w| w.abs()).sum();
        let l2_norm2: f64 = self.coef.iter().map(|w| w * w).sum();
        let p = &self.params;
        Ok(match p.kind {
            LinearKind::LinearRegression => rss,
            LinearKind::Ridge => rss + p.alpha * l2_norm2,
            LinearKind::Lasso | LinearKind::ElasticNet => {
                let (data_loss, penalty) = p.history_terms(y.len(), rss, l1_norm, l2_norm2);
                data_loss + penalty
            }
        })
    }
}

// ------------------------------------------------------------- estimator interface

/// scikit-learn's default `tol` of `LinearRegression`: singular values below
/// `tol · s_max` of the centred features count as zero (`scipy.linalg.lstsq`'s
/// `cond`), so a nearly rank-deficient design (a polynomial of high degree) is
/// solved on its well-determined directions only.
pub const LSTSQ_TOL: f64 = 1e-6;

impl LinearParams {
    /// The defaults of one of the linear models: scikit-learn's, except `tol` of
    /// `Lasso` and `ElasticNet` ([`DEFAULT_TOL`], so they reach the optimum).
    /// Another kind gives ridge.
    pub fn new(kind: super::ModelKind) -> LinearParams {
        let kind = match kind {
            super::ModelKind::LinearRegression => LinearKind::LinearRegression,
            super::ModelKind::Lasso => LinearKind::Lasso,
            super::ModelKind::ElasticNet => LinearKind::ElasticNet,
            _ => LinearKind::Ridge,
        };
        LinearParams {
            kind,
            tol: if kind == LinearKind::LinearRegression {
                LSTSQ_TOL
            } else {
                DEFAULT_TOL
            },
            ..LinearParams::default()
        }
    }

    /// The model kind of the estimator interface.
    pub fn model_kind(&self) -> super::ModelKind {
        match self.kind {
            LinearKind::LinearRegression => super::ModelKind::LinearRegression,
            LinearKind::Ridge => super::ModelKind::Ridge,
            LinearKind::Lasso => super::ModelKind::Lasso,
            LinearKind::ElasticNet => super::ModelKind::ElasticNet,
        }
    }

    /// Sets the parameter `name` from a grid value: `alpha`, `l1_ratio`,
    /// `fit_intercept`, `max_iter`, `tol`.
    ///
    /// # Errors
    /// [`Error::InvalidParam`] for a value of the wrong type, [`Error::UnknownParam`]
    /// for another name.
    pub fn set(&mut self, name: &str, value: &super::ParamValue) -> Result<()> {
        let read = super::estimator::ValueReader { name, value };
        match name {
            "alpha" => self.alpha = read.number()?,
            "l1_ratio" => self.l1_ratio = read.number()?,
            "fit_intercept" => self.fit_intercept = read.switch()?,
            "max_iter" => self.max_iter = crate::limits::max_iter(read.number()?)?,
            "tol" => self.tol = read.number()?,
            _ => {
                return Err(Error::UnknownParam {
                    name: name.to_string(),
                    known: self
                        .model_kind()
                        .param_names()
                        .iter()
                        .map(|s| s.to_string())
                        .collect(),
                });
            }
        }
        Ok(())
    }

    /// The model's per-sample objective (as recorded in histories) on `x`, `y`, as a
    /// function of `[coef…, intercept]`.
    ///
    /// # Errors
    /// [`Error::Shape`] when `x` and `y` disagree.
    pub fn surface<'a>(&self, x: ArrayView2<'a, f64>, y: &'a [f64]) -> Result<LinearSurface<'a>> {
        if x.nrows() != y.len() || y.is_empty() {
            return Err(Error::Shape(format!(
                "x has {} rows but y has {} values",
                x.nrows(),
                y.len()
            )));
        }
        Ok(LinearSurface {
            x,
            y,
            params: self.clone(),
        })
    }
}

/// A linear model's objective over its parameters `[coef…, intercept]`.
#[derive(Debug, Clone)]
pub struct LinearSurface<'a> {
    x: ArrayView2<'a, f64>,
    y: &'a [f64],
    params: LinearParams,
}

impl LinearSurface<'_> {
    /// The penalty of scikit-learn's objective for these weights (per sample, as the
    /// data term `‖y − Xw − b‖²/2n`).
    fn penalty(&self, w: &[f64]) -> f64 {
        let n = self.y.len() as f64;
        let l1: f64 = w.iter().map(|v| v.abs()).sum();
        let l2: f64 = w.iter().map(|v| v * v).sum();
        let a = self.params.alpha;
        let rho = self.params.l1_ratio;
        match self.params.kind {
            LinearKind::LinearRegression => 0.0,
            LinearKind::Ridge => a * l2 / (2.0 * n),
            LinearKind::Lasso => a * l1,
            LinearKind::ElasticNet => a * rho * l1 + 0.5 * a * (1.0 - rho) * l2,
        }
    }

    /// `‖y − Xw − b‖²`.
    fn rss(&self, w: &[f64], b: f64) -> f64 {
        self.x
            .rows()
            .into_iter()
            .zip(self.y)
            .map(|(row, yi)| {
                let r = yi - b - row.iter().zip(w).map(|(a, c)| a * c).sum::<f64>();
                r * r
            })
            .sum()
    }
}

impl super::landscape::Surface for LinearSurface<'_> {
    fn dim(&self) -> usize {
        self.x.ncols() + 1
    }
    fn data_loss_at(&self, theta: &[f64]) -> f64 {
        let p = self.x.ncols();
        let (Some(w), Some(&b)) = (theta.get(..p), theta.get(p)) else {
            return f64::NAN;
        };
        self.rss(w, b) / (2.0 * self.y.len() as f64)
    }
    fn value_at(&self, theta: &[f64]) -> f64 {
        let p = self.x.ncols();
        let (Some(w), Some(&b)) = (theta.get(..p), theta.get(p)) else {
            return f64::NAN;
        };
        let n = self.y.len() as f64;
        self.rss(w, b) / (2.0 * n) + self.penalty(w)
    }
    /// Exact, from three predictions per row: `Xw + b` is affine in the plane's
    /// coordinates, so each point costs a pass over the rows, not their features.
    fn values_on_plane(
        &self,
        center: &[f64],
        u: &[f64],
        v: &[f64],
        points: &[(f64, f64)],
    ) -> Vec<f64> {
        let p = self.x.ncols();
        let predict = |t: &[f64]| -> Option<Vec<f64>> {
            let (w, &b) = (t.get(..p)?, t.get(p)?);
            Some(
                self.x
                    .rows()
                    .into_iter()
                    .map(|row| b + row.iter().zip(w).map(|(a, c)| a * c).sum::<f64>())
                    .collect(),
            )
        };
        let (Some(pc), Some(pu), Some(pv)) = (predict(center), predict(u), predict(v)) else {
            return vec![f64::NAN; points.len()];
        };
        let n = self.y.len() as f64;
        let mut w = vec![0.0; p];
        points
            .iter()
            .map(|&(a, b)| {
                let rss: f64 = self
                    .y
                    .iter()
                    .zip(pc.iter().zip(&pu).zip(&pv))
                    .map(|(yi, ((c, du), dv))| {
                        let r = yi - (c + a * du + b * dv);
                        r * r
                    })
                    .sum();
                for (k, wk) in w.iter_mut().enumerate() {
                    *wk = center[k] + a * u[k] + b * v[k];
                }
                rss / (2.0 * n) + self.penalty(&w)
            })
            .collect()
    }
    fn parameter_name(&self, i: usize) -> String {
        if i < self.x.ncols() {
            format!("w[{i}]")
        } else {
            "b".into()
        }
    }
}

impl FittedLinear {
    /// `[coef…, intercept]`, the order of the history's snapshots.
    pub fn theta(&self) -> Vec<f64> {
        let mut t = self.coef.to_vec();
        t.push(self.intercept);
        t
    }
}

impl super::Estimator for FittedLinear {
    fn predict(&self, x: ArrayView2<f64>) -> Result<super::Prediction> {
        Ok(super::Prediction::Values(FittedLinear::predict(self, x)?))
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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests;
