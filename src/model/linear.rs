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

use std::fmt;
use std::str::FromStr;

use nalgebra::{DMatrix, DVector, SVD};
use ndarray::{Array1, ArrayView2};
use serde::{Deserialize, Serialize};

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
        let p = &self.0;
        let data = Centred::new(x, y, p.fit_intercept)?;
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
                let w = svd_solve(&data, alpha, cond)?;
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

/// The training data, centred when fitting an intercept, features stored column
/// by column.
struct Centred {
    n: usize,
    p: usize,
    /// Column-major `n × p` features (centred with `fit_intercept`).
    cols: Vec<f64>,
    /// Targets (centred with `fit_intercept`).
    y: Vec<f64>,
    x_mean: Vec<f64>,
    y_mean: f64,
}

impl Centred {
    fn new(x: ArrayView2<f64>, y: &[f64], fit_intercept: bool) -> Result<Self> {
        let (n, p) = x.dim();
        if n != y.len() {
            return Err(Error::Shape(format!(
                "x has {n} rows but y has {} values",
                y.len()
            )));
        }
        if n == 0 {
            return Err(Error::InvalidData("cannot fit a model on zero rows".into()));
        }
        if p == 0 {
            return Err(Error::InvalidData(
                "cannot fit a model on zero features".into(),
            ));
        }
        if let Some(((i, j), v)) = x.indexed_iter().find(|(_, v)| !v.is_finite()) {
            return Err(Error::InvalidData(format!(
                "feature value at row {}, column {} is {v}, not a finite number",
                i + 1,
                j + 1
            )));
        }
        if let Some((i, v)) = y.iter().enumerate().find(|(_, v)| !v.is_finite()) {
            return Err(Error::InvalidData(format!(
                "target at row {} is {v}, not a finite number",
                i + 1
            )));
        }
        let mut cols = Vec::with_capacity(n * p);
        let mut x_mean = vec![0.0; p];
        for (j, column) in x.columns().into_iter().enumerate() {
            let mean = if fit_intercept {
                column.sum() / n as f64
            } else {
                0.0
            };
            x_mean[j] = mean;
            cols.extend(column.iter().map(|v| v - mean));
        }
        // NumPy's pairwise mean, as scikit-learn's `_preprocess_data` takes it.
        let y_mean = if fit_intercept {
            crate::metrics::numpy_mean(y)
        } else {
            0.0
        };
        Ok(Centred {
            n,
            p,
            cols,
            y: y.iter().map(|v| v - y_mean).collect(),
            x_mean,
            y_mean,
        })
    }

    fn col(&self, j: usize) -> &[f64] {
        &self.cols[j * self.n..(j + 1) * self.n]
    }

    /// `y_c − X_c·w`, which equals `y − X·w − b` with the implied intercept.
    fn residual(&self, w: &[f64]) -> Vec<f64> {
        let mut r = self.y.clone();
        for (j, &wj) in w.iter().enumerate() {
            if wj != 0.0 {
                axpy(-wj, self.col(j), &mut r);
            }
        }
        r
    }

    /// The intercept implied by the weights: `ȳ − x̄·w` (zero without
    /// `fit_intercept`, where both means are zero).
    fn intercept(&self, w: &[f64]) -> f64 {
        self.y_mean - dot(&self.x_mean, w)
    }
}

/// Offers the state `(w, residual r)` at `iteration` to the recorder.
fn record(
    p: &LinearParams,
    data: &Centred,
    w: &[f64],
    r: &[f64],
    iteration: usize,
    recorder: &mut Recorder,
) {
    let l1_norm: f64 = w.iter().map(|v| v.abs()).sum();
    let (data_loss, penalty) = p.history_terms(data.n, dot(r, r), l1_norm, dot(w, w));
    let mut theta = Vec::with_capacity(w.len() + 1);
    theta.extend_from_slice(w);
    theta.push(data.intercept(w));
    recorder.record(iteration, data_loss, penalty, &theta);
}

/// `Σ aᵢ·bᵢ`, with four accumulators.
fn dot(a: &[f64], b: &[f64]) -> f64 {
    let mut acc = [0.0; 4];
    let mut ca = a.chunks_exact(4);
    let mut cb = b.chunks_exact(4);
    for (x, y) in (&mut ca).zip(&mut cb) {
        for k in 0..4 {
            acc[k] += x[k] * y[k];
        }
    }
    let tail: f64 = ca
        .remainder()
        .iter()
        .zip(cb.remainder())
        .map(|(x, y)| x * y)
        .sum();
    (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail
}

/// `y += a·x`.
fn axpy(a: f64, x: &[f64], y: &mut [f64]) {
    for (yi, xi) in y.iter_mut().zip(x) {
        *yi += a * xi;
    }
}

/// Ridge by the thin SVD of the centred features: `w = V·diag(s/(s² + α))·Uᵀy`,
/// singular values `≤ ε·max(n, p)·s_max` counting as zero (`α = 0`: the
/// minimum-norm least-squares solution).
fn svd_solve(data: &Centred, alpha: f64, cond: f64) -> Result<Vec<f64>> {
    let (n, p) = (data.n, data.p);
    // A tall X = Q·R is reduced to the p × p factor R (same singular values and
    // right vectors) and Qᵀy, so the SVD never forms an n-row U.
    let (a, b) = if n > p {
        householder_qr(n, p, data.cols.clone(), data.y.clone())
    } else {
        (
            DMatrix::from_column_slice(n, p, &data.cols),
            DVector::from_column_slice(&data.y),
        )
    };
    let max_sweeps = 100 * n.min(p) + 1000;
    let svd = SVD::try_new_unordered(a, true, true, f64::EPSILON, max_sweeps).ok_or_else(|| {
        Error::InvalidData(
            "the singular value decomposition did not converge (are some feature values extreme?)"
                .into(),
        )
    })?;
    let (Some(u), Some(v_t)) = (&svd.u, &svd.v_t) else {
        return Err(Error::InvalidData(
            "the singular value decomposition returned no singular vectors".into(),
        ));
    };
    let s = &svd.singular_values;
    let s_max = s.iter().fold(0.0_f64, |m, &v| m.max(v));
    let cutoff = (f64::EPSILON * n.max(p) as f64).max(cond) * s_max;
    let mut z = u.tr_mul(&b);
    for (zi, &si) in z.iter_mut().zip(s.iter()) {
        *zi *= if si > cutoff {
            si / (si * si + alpha)
        } else {
            0.0
        };
    }
    let w = v_t.tr_mul(&z);
    Ok(w.iter().copied().collect())
}

/// Householder QR of the column-major `n × p` matrix `a` (`n > p`), the
/// reflections also applied to `b`: returns `R` (`p × p`, upper triangular) and
/// the first `p` entries of `Qᵀb`. Columns are contiguous, so every step is a
/// dot product and an axpy over slices.
fn householder_qr(
    n: usize,
    p: usize,
    mut a: Vec<f64>,
    mut b: Vec<f64>,
) -> (DMatrix<f64>, DVector<f64>) {
    let mut r = DMatrix::zeros(p, p);
    for k in 0..p {
        let (left, right) = a.split_at_mut((k + 1) * n);
        let v = &mut left[k * n + k..];
        let norm = dot(v, v).sqrt();
        if norm > 0.0 {
            // v = x − diag·e₁ with diag = −sign(x₀)·‖x‖, so nothing cancels.
            let diag = if v[0] > 0.0 { -norm } else { norm };
            v[0] -= diag;
            let tau = 2.0 / dot(v, v);
            for col in right.chunks_exact_mut(n) {
                let col = &mut col[k..];
                axpy(-tau * dot(v, col), v, col);
            }
            let bk = &mut b[k..];
            axpy(-tau * dot(v, bk), v, bk);
            r[(k, k)] = diag;
        }
        for (j, col) in right.chunks_exact(n).enumerate() {
            r[(k, k + 1 + j)] = col[k];
        }
    }
    b.truncate(p);
    (r, DVector::from_vec(b))
}

/// Cyclic coordinate descent on `½‖r‖² + λ₁‖w‖₁ + ½λ₂‖w‖²` (the per-sample
/// objective times `n`), from `w`, as scikit-learn's `enet_coordinate_descent`
/// without screening. Returns the passes run and how it ended.
fn coordinate_descent(
    p: &LinearParams,
    data: &Centred,
    w: &mut [f64],
    recorder: &mut Recorder,
) -> (usize, Outcome) {
    let n = data.n as f64;
    let (l1, l2) = p.cd_weights();
    let (l1, l2) = (l1 * n, l2 * n);
    let norms: Vec<f64> = (0..data.p).map(|j| dot(data.col(j), data.col(j))).collect();
    // A constant column explains nothing; any weight on it only adds penalty.
    for (wj, &norm) in w.iter_mut().zip(&norms) {
        if norm == 0.0 {
            *wj = 0.0;
        }
    }
    let mut r = data.residual(w);
    let mut xta = vec![0.0; data.p];
    let tol = p.tol * dot(&data.y, &data.y);
    record(p, data, w, &r, 0, recorder);
    if duality_gap(data, w, &r, l1, l2, &mut xta) <= tol {
        return (0, Outcome::Converged { iteration: 0 });
    }
    let mut last_signs: Vec<i8> = Vec::new();
    let mut tried: Vec<Vec<i8>> = Vec::new();
    for pass in 1..=p.max_iter {
        let mut w_max = 0.0_f64;
        let mut d_w_max = 0.0_f64;
        for j in 0..data.p {
            if norms[j] == 0.0 {
                continue;
            }
            let col = data.col(j);
            let w_old = w[j];
            let tmp = dot(col, &r) + w_old * norms[j];
            let w_new = tmp.signum() * (tmp.abs() - l1).max(0.0) / (norms[j] + l2);
            if w_new != w_old {
                axpy(w_old - w_new, col, &mut r);
                w[j] = w_new;
            }
            d_w_max = d_w_max.max((w_new - w_old).abs());
            w_max = w_max.max(w_new.abs());
        }
        // Once a pass leaves the support and the signs as they were, the optimum on
        // that orthant solves a small linear system: take that exact step (it can only
        // lower the objective). Strongly correlated columns, where coordinate descent
        // crawls (a polynomial's powers), then converge in a few passes.
        let signs: Vec<i8> = w
            .iter()
            .map(|v| v.signum() as i8 * i8::from(*v != 0.0))
            .collect();
        if signs == last_signs && !tried.contains(&signs) {
            tried.push(signs.clone());
            if active_set_step(data, w, signs.clone(), l1, l2) {
                r = data.residual(w);
                d_w_max = 0.0;
            }
        }
        last_signs = w
            .iter()
            .map(|v| v.signum() as i8 * i8::from(*v != 0.0))
            .collect();
        record(p, data, w, &r, pass, recorder);
        if !(w_max.is_finite() && d_w_max.is_finite()) {
            return (
                pass,
                Outcome::Diverged {
                    iteration: pass,
                    reason: "the weights are not finite numbers (are some feature values extreme?)"
                        .into(),
                },
            );
        }
        if (w_max == 0.0 || d_w_max / w_max <= p.tol || pass == p.max_iter)
            && duality_gap(data, w, &r, l1, l2, &mut xta) <= tol
        {
            return (pass, Outcome::Converged { iteration: pass });
        }
    }
    let gradient = kkt_violation(data, w, &r, l1, l2);
    (
        p.max_iter,
        Outcome::MaxIter {
            iteration: p.max_iter,
            gradient,
        },
    )
}

/// Moves `w` (whose non-zero pattern is `signs`) to the optimum of its orthant, or as
/// far towards it as the orthant allows: when the orthant's optimum has a weight of
/// the other sign, step along the segment until the first weight reaches zero, drop
/// it, and solve again on the smaller support. The objective never rises (it is
/// convex and the segment stays in the orthant). Returns whether `w` moved.
fn active_set_step(data: &Centred, w: &mut [f64], mut signs: Vec<i8>, l1: f64, l2: f64) -> bool {
    let mut moved = false;
    for _ in 0..data.p.min(MAX_EXACT_SUPPORT) {
        let Some(exact) = orthant_solution(data, &signs, l1, l2) else {
            return moved;
        };
        // The first weight (along the segment w → exact) to cross zero.
        let mut step = 1.0_f64;
        let mut hit = None;
        for j in 0..data.p {
            if signs[j] != 0 && exact[j].signum() as i8 != signs[j] {
                let t = w[j] / (w[j] - exact[j]);
                if t < step {
                    step = t;
                    hit = Some(j);
                }
            }
        }
        for j in 0..data.p {
            w[j] += step * (exact[j] - w[j]);
        }
        moved = true;
        match hit {
            None => return true,
            Some(j) => {
                w[j] = 0.0;
                signs[j] = 0;
            }
        }
    }
    moved
}

/// The most non-zero weights for which [`orthant_solution`] is tried.
const MAX_EXACT_SUPPORT: usize = 400;

/// The minimiser of `½‖y − Xw‖² + l1·sᵀw + ½·l2‖w‖²` over the weights where `signs`
/// is non-zero (the others stay 0): `(X_AᵀX_A + l2·I) w_A = X_Aᵀy − l1·s_A`, by
/// Cholesky. `None` when the support is empty or too large, or the system singular.
fn orthant_solution(data: &Centred, signs: &[i8], l1: f64, l2: f64) -> Option<Vec<f64>> {
    let active: Vec<usize> = (0..data.p).filter(|&j| signs[j] != 0).collect();
    let k = active.len();
    if k == 0 || k > MAX_EXACT_SUPPORT {
        return None;
    }
    let mut gram = DMatrix::<f64>::zeros(k, k);
    let mut rhs = DVector::<f64>::zeros(k);
    for (a, &i) in active.iter().enumerate() {
        for (b, &j) in active.iter().enumerate().skip(a) {
            let g = dot(data.col(i), data.col(j)) + if a == b { l2 } else { 0.0 };
            gram[(a, b)] = g;
            gram[(b, a)] = g;
        }
        rhs[a] = dot(data.col(i), &data.y) - l1 * f64::from(signs[i]);
    }
    let solved = gram.cholesky()?.solve(&rhs);
    let mut w = vec![0.0; data.p];
    for (a, &j) in active.iter().enumerate() {
        w[j] = solved[a];
    }
    w.iter().all(|v| v.is_finite()).then_some(w)
}

/// scikit-learn 1.9's duality gap of `P(w) = ½‖r‖² + λ₁‖w‖₁ + ½λ₂‖w‖²` at `w`
/// with residual `r`, using `xta` as scratch.
///
/// * `λ₁ > 0`: the dual of the lasso on the augmented data `[X; √λ₂·I]`,
///   `D(v) = −½‖ṽ‖² + y·v`, at the residual scaled into the feasible set
///   `‖Xᵀv − λ₂w‖∞ ≤ λ₁`.
/// * `λ₁ = 0 < λ₂`: the ridge dual `D(v) = −½‖v‖² + y·v − ‖Xᵀv‖²/(2λ₂)` at `v = r`.
/// * `λ₁ = λ₂ = 0`: no dual; the first-order condition `‖Xᵀr‖²`.
fn duality_gap(data: &Centred, w: &[f64], r: &[f64], l1: f64, l2: f64, xta: &mut [f64]) -> f64 {
    let r_norm2 = dot(r, r);
    let w_norm2 = dot(w, w);
    let ry = dot(r, &data.y);
    for (j, out) in xta.iter_mut().enumerate() {
        *out = dot(data.col(j), r);
    }
    if l1 == 0.0 {
        let xtr_norm2 = dot(xta, xta);
        if l2 == 0.0 {
            return xtr_norm2;
        }
        return r_norm2 + 0.5 * l2 * w_norm2 - ry + xtr_norm2 / (2.0 * l2);
    }
    for (out, wj) in xta.iter_mut().zip(w) {
        *out -= l2 * wj;
    }
    let dual_norm = xta.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    let w_l1: f64 = w.iter().map(|v| v.abs()).sum();
    let primal = 0.5 * (r_norm2 + l2 * w_norm2) + l1 * w_l1;
    let scale = if dual_norm > l1 { l1 / dual_norm } else { 1.0 };
    let dual = -0.5 * scale * scale * (r_norm2 + l2 * w_norm2) + scale * ry;
    primal - dual
}

/// The largest entry of the minimum-norm subgradient of the per-sample objective
/// (zero exactly at the optimum).
fn kkt_violation(data: &Centred, w: &[f64], r: &[f64], l1: f64, l2: f64) -> f64 {
    let n = data.n as f64;
    (0..data.p)
        .map(|j| {
            let g = (-dot(data.col(j), r) + l2 * w[j]) / n;
            let l1 = l1 / n;
            if w[j] != 0.0 {
                (g + l1 * w[j].signum()).abs()
            } else {
                (g.abs() - l1).max(0.0)
            }
        })
        .fold(0.0, f64::max)
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
mod tests {
    use super::*;
    use ndarray::{Array2, Axis};

    /// The small data set of the scikit-learn references below (exact in binary).
    fn small() -> (Array2<f64>, Vec<f64>) {
        let (n, p) = (12, 4);
        let x = Array2::from_shape_fn((n, p), |(i, j)| {
            ((i * 7 + j * 13 + i * j * 3) % 11) as f64 / 2.0 - 2.5
        });
        let y = (0..n)
            .map(|i| ((i * 5 + 3) % 7) as f64 + 0.5 * x[[i, 0]] - x[[i, 2]])
            .collect();
        (x, y)
    }

    /// A larger pseudo-random problem with correlated columns and a sparse truth.
    fn random(n: usize, p: usize, seed: u64) -> (Array2<f64>, Vec<f64>) {
        let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
        let mut next = move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 11) as f64 / (1u64 << 53) as f64) - 0.5
        };
        let mut x = Array2::from_shape_fn((n, p), |_| next());
        for i in 0..n {
            for j in 1..p {
                x[[i, j]] += 0.5 * x[[i, j - 1]];
            }
        }
        let y = (0..n)
            .map(|i| 3.0 * x[[i, 0]] - 2.0 * x[[i, p / 2]] + 1.0 + 0.3 * next())
            .collect();
        (x, y)
    }

    fn fit(params: LinearParams, x: &Array2<f64>, y: &[f64]) -> FittedLinear {
        params.check().unwrap().fit(x.view(), y).unwrap()
    }

    fn assert_close(got: &[f64], want: &[f64], tol: f64) {
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(want) {
            assert!(
                (g - w).abs() <= tol * (1.0 + w.abs()),
                "got {got:?}\nwant {want:?}"
            );
        }
    }

    /// Per-sample gradient of the smooth part, `−X_cᵀr/n + α(1−ρ)w`.
    fn smooth_gradient(m: &FittedLinear, x: &Array2<f64>, y: &[f64]) -> Vec<f64> {
        let n = y.len() as f64;
        let r: Vec<f64> = m
            .predict(x.view())
            .unwrap()
            .iter()
            .zip(y)
            .map(|(p, t)| t - p)
            .collect();
        let (_, l2) = m.params.cd_weights();
        // r sums to zero with an intercept, so Xᵀr = X_cᵀr.
        (0..x.ncols())
            .map(|j| {
                let xr: f64 = x.column(j).iter().zip(&r).map(|(a, b)| a * b).sum();
                -xr / n + l2 * m.coef[j]
            })
            .collect()
    }

    fn assert_kkt(m: &FittedLinear, x: &Array2<f64>, y: &[f64]) {
        let (l1, _) = m.params.cd_weights();
        let g = smooth_gradient(m, x, y);
        let mut zeros = 0;
        for (j, &w) in m.coef.iter().enumerate() {
            if w == 0.0 {
                zeros += 1;
                assert!(g[j].abs() <= l1 + 1e-9, "feature {j}: |{}| > {l1}", g[j]);
            } else {
                let v = g[j] + l1 * w.signum();
                assert!(v.abs() <= 1e-9, "feature {j}: stationarity {v:e}");
            }
        }
        assert!(zeros > 0 && zeros < m.coef.len(), "{:?}", m.coef);
    }

    #[test]
    fn lasso_and_elastic_net_meet_the_kkt_conditions() {
        let (x, y) = random(200, 12, 1);
        let lasso = fit(
            LinearParams::default().kind(LinearKind::Lasso).alpha(0.05),
            &x,
            &y,
        );
        assert!(lasso.outcome.is_converged(), "{:?}", lasso.outcome);
        assert_kkt(&lasso, &x, &y);
        let enet = fit(
            LinearParams::default()
                .kind(LinearKind::ElasticNet)
                .alpha(0.1)
                .l1_ratio(0.4),
            &x,
            &y,
        );
        assert!(enet.outcome.is_converged(), "{:?}", enet.outcome);
        assert_kkt(&enet, &x, &y);
        // The intercept makes the residuals sum to zero.
        let pred = enet.predict(x.view()).unwrap();
        let sum: f64 = pred.iter().zip(&y).map(|(p, t)| t - p).sum();
        assert!(sum.abs() < 1e-9, "{sum}");
    }

    #[test]
    fn ridge_solves_its_normal_equations() {
        let (x, y) = random(300, 8, 2);
        let alpha = 3.0;
        let m = fit(LinearParams::default().alpha(alpha), &x, &y);
        let mean = x.mean_axis(Axis(0)).unwrap();
        let xc = &x - &mean;
        let y_mean = y.iter().sum::<f64>() / y.len() as f64;
        let yc = Array1::from_iter(y.iter().map(|v| v - y_mean));
        // (X_cᵀX_c + αI)w = X_cᵀy_c
        let lhs = xc.t().dot(&xc).dot(&m.coef) + alpha * &m.coef;
        let rhs = xc.t().dot(&yc);
        let scale = rhs.iter().fold(0.0_f64, |a, v| a.max(v.abs()));
        for (l, r) in lhs.iter().zip(&rhs) {
            assert!((l - r).abs() <= 1e-12 * scale, "{lhs} vs {rhs}");
        }
        assert!((m.intercept - (y_mean - mean.dot(&m.coef))).abs() < 1e-12);
        assert_eq!(m.outcome, Outcome::Converged { iteration: 1 });
        assert_eq!(m.history.iteration, [0, 1]);
        assert_eq!(m.history.snapshots[1].theta.len(), 9);
        // The history holds the objective divided by 2n.
        let objective = m.objective(x.view(), &y).unwrap();
        let recorded = m.history.objective[1] * 2.0 * y.len() as f64;
        assert!((recorded - objective).abs() <= 1e-12 * objective);
    }

    #[test]
    fn least_squares_splits_weight_equally_between_duplicate_columns() {
        let (base, y) = random(50, 3, 3);
        let mut x = Array2::zeros((50, 4));
        for i in 0..50 {
            x[[i, 0]] = base[[i, 0]];
            x[[i, 1]] = base[[i, 1]];
            x[[i, 2]] = base[[i, 1]];
            x[[i, 3]] = base[[i, 2]];
        }
        let dup = fit(
            LinearParams::default().kind(LinearKind::LinearRegression),
            &x,
            &y,
        );
        let single = fit(
            LinearParams::default().kind(LinearKind::LinearRegression),
            &base,
            &y,
        );
        let c = &single.coef;
        assert_close(
            dup.coef.as_slice().unwrap(),
            &[c[0], c[1] / 2.0, c[1] / 2.0, c[2]],
            1e-10,
        );
        assert!((dup.intercept - single.intercept).abs() < 1e-10);
        // Ridge with alpha = 0 is the same least-squares solution.
        let ridge0 = fit(LinearParams::default().alpha(0.0), &x, &y);
        assert_close(
            ridge0.coef.as_slice().unwrap(),
            dup.coef.as_slice().unwrap(),
            1e-12,
        );
    }

    #[test]
    fn a_large_alpha_zeroes_the_lasso() {
        let (x, y) = random(40, 5, 4);
        let m = fit(
            LinearParams::default().kind(LinearKind::Lasso).alpha(1e3),
            &x,
            &y,
        );
        assert!(m.coef.iter().all(|&w| w == 0.0), "{}", m.coef);
        let mean = y.iter().sum::<f64>() / y.len() as f64;
        assert!((m.intercept - mean).abs() < 1e-12);
        assert_eq!(m.outcome, Outcome::Converged { iteration: 0 });
    }

    #[test]
    fn check_refuses_bad_values_by_name() {
        let err = LinearParams::default().alpha(-1.0).check().unwrap_err();
        assert_eq!(
            err.to_string(),
            "parameter alpha: -1 is not allowed: must be a number ≥ 0"
        );
        assert!(LinearParams::default().alpha(f64::NAN).check().is_err());
        assert!(
            LinearParams::default()
                .alpha(f64::INFINITY)
                .check()
                .is_err()
        );
        let err = LinearParams::default().l1_ratio(1.5).check().unwrap_err();
        assert!(err.to_string().contains("l1_ratio"), "{err}");
        assert!(LinearParams::default().max_iter(0).check().is_err());
        assert!(LinearParams::default().tol(-1e-3).check().is_err());
        assert!(LinearParams::default().alpha(0.0).check().is_ok());
        assert_eq!(
            "elastic_net".parse::<LinearKind>().unwrap(),
            LinearKind::ElasticNet
        );
        assert!("ols".parse::<LinearKind>().is_err());
    }

    #[test]
    fn bad_data_is_an_error_not_a_panic() {
        let (x, mut y) = small();
        let p = LinearParams::default()
            .kind(LinearKind::Lasso)
            .check()
            .unwrap();
        assert!(matches!(p.fit(x.view(), &y[1..]), Err(Error::Shape(_))));
        assert!(matches!(
            p.fit_warm(x.view(), &y, Some(&[0.0; 3])),
            Err(Error::Shape(_))
        ));
        let mut bad = x.clone();
        bad[[3, 1]] = f64::NAN;
        let err = p.fit(bad.view(), &y).unwrap_err();
        assert!(err.to_string().contains("row 4, column 2"), "{err}");
        y[0] = f64::INFINITY;
        assert!(p.fit(x.view(), &y).is_err());
        assert!(p.fit(Array2::zeros((0, 2)).view(), &[]).is_err());
        assert!(
            p.fit(Array2::zeros((3, 0)).view(), &[1.0, 2.0, 3.0])
                .is_err()
        );
        let (x, y) = small();
        let m = p.fit(x.view(), &y).unwrap();
        assert!(matches!(
            m.predict(Array2::zeros((2, 3)).view()),
            Err(Error::Shape(_))
        ));
        assert!(m.objective(x.view(), &y[1..]).is_err());
    }

    // Reference values from scikit-learn 1.9.1 (numpy 2.4.6, scipy 1.17.1) on
    // `small()`, printed with repr() by:
    //   LinearRegression(), Ridge(alpha=2.0), Lasso(alpha=0.8, tol=1e-14,
    //   max_iter=10**6), ElasticNet(alpha=1.0, l1_ratio=0.7, tol=1e-14,
    //   max_iter=10**6), each .fit(X, y) with the defaults otherwise.

    #[test]
    fn matches_scikit_learn_linear_regression_and_ridge() {
        let (x, y) = small();
        let ols = fit(
            LinearParams::default().kind(LinearKind::LinearRegression),
            &x,
            &y,
        );
        assert_close(
            ols.coef.as_slice().unwrap(),
            &[
                1.3284910965323344,
                -0.8284910965323332,
                -1.1096532333645737,
                0.47703842549203385,
            ],
            1e-12,
        );
        assert_close(&[ols.intercept], &[3.1279287722586697], 1e-12);
        let ridge = fit(LinearParams::default().alpha(2.0), &x, &y);
        assert_close(
            ridge.coef.as_slice().unwrap(),
            &[
                1.1914842259554002,
                -0.6738505987908852,
                -1.024832370658425,
                0.37720025010020225,
            ],
            1e-12,
        );
        assert_close(&[ridge.intercept], &[3.1264098630269053], 1e-12);
    }

    #[test]
    fn matches_scikit_learn_lasso_and_elastic_net() {
        let (x, y) = small();
        let lasso = fit(
            LinearParams::default().kind(LinearKind::Lasso).alpha(0.8),
            &x,
            &y,
        );
        assert_close(
            lasso.coef.as_slice().unwrap(),
            &[0.6890161892901618, 0.0, -0.7141967621419676, 0.0],
            1e-10,
        );
        assert_close(&[lasso.intercept], &[3.134620174346202], 1e-10);
        let enet = fit(
            LinearParams::default()
                .kind(LinearKind::ElasticNet)
                .alpha(1.0)
                .l1_ratio(0.7),
            &x,
            &y,
        );
        assert_close(
            enet.coef.as_slice().unwrap(),
            &[
                0.6586753303939765,
                -0.014879468129884103,
                -0.6689959573902001,
                0.0,
            ],
            1e-10,
        );
        assert_close(&[enet.intercept], &[3.1283225954245846], 1e-10);
    }

    #[test]
    fn elastic_net_without_l1_is_ridge_and_lasso_without_alpha_is_least_squares() {
        let (x, y) = random(100, 6, 5);
        let n = y.len() as f64;
        // ½α‖w‖² + ‖r‖²/(2n) is Ridge(n·α) divided by 2n.
        let enet = fit(
            LinearParams::default()
                .kind(LinearKind::ElasticNet)
                .alpha(0.05)
                .l1_ratio(0.0),
            &x,
            &y,
        );
        let ridge = fit(LinearParams::default().alpha(0.05 * n), &x, &y);
        assert!(enet.outcome.is_converged(), "{:?}", enet.outcome);
        assert_close(
            enet.coef.as_slice().unwrap(),
            ridge.coef.as_slice().unwrap(),
            1e-9,
        );
        let lasso0 = fit(
            LinearParams::default().kind(LinearKind::Lasso).alpha(0.0),
            &x,
            &y,
        );
        let ols = fit(
            LinearParams::default().kind(LinearKind::LinearRegression),
            &x,
            &y,
        );
        assert!(lasso0.outcome.is_converged(), "{:?}", lasso0.outcome);
        assert_close(
            lasso0.coef.as_slice().unwrap(),
            ols.coef.as_slice().unwrap(),
            1e-8,
        );
    }

    #[test]
    fn warm_starts_and_history() {
        let (x, y) = random(120, 10, 6);
        let params = LinearParams::default()
            .kind(LinearKind::Lasso)
            .alpha(0.02)
            .check()
            .unwrap();
        let cold = params.fit(x.view(), &y).unwrap();
        assert!(cold.n_iter > 1);
        let h = &cold.history;
        assert_eq!(h.iteration.first(), Some(&0));
        assert_eq!(h.iteration.last(), Some(&cold.n_iter));
        assert!(
            h.objective.windows(2).all(|w| w[1] <= w[0] + 1e-15),
            "{:?}",
            h.objective
        );
        let end = cold.objective(x.view(), &y).unwrap();
        assert!((h.objective[h.objective.len() - 1] - end).abs() < 1e-14);
        let theta = &h.snapshots[h.snapshots.len() - 1].theta;
        assert_eq!(theta[10], cold.intercept);
        // From the optimum, the gap test passes before the first pass.
        let warm = params.fit_warm(x.view(), &y, cold.coef.as_slice()).unwrap();
        assert!(warm.n_iter <= 1, "{}", warm.n_iter);
        // A warm start from a nearby alpha's solution needs fewer passes.
        let near = LinearParams::default()
            .kind(LinearKind::Lasso)
            .alpha(0.025)
            .check()
            .unwrap()
            .fit_warm(x.view(), &y, cold.coef.as_slice())
            .unwrap();
        let near_cold = LinearParams::default()
            .kind(LinearKind::Lasso)
            .alpha(0.025)
            .check()
            .unwrap()
            .fit(x.view(), &y)
            .unwrap();
        assert!(near.n_iter <= near_cold.n_iter);
        assert_close(
            near.coef.as_slice().unwrap(),
            near_cold.coef.as_slice().unwrap(),
            1e-9,
        );
        // max_iter stops the run and says so.
        let short = LinearParams::default()
            .kind(LinearKind::Lasso)
            .alpha(0.02)
            .max_iter(2)
            .check()
            .unwrap()
            .fit(x.view(), &y)
            .unwrap();
        assert!(
            matches!(short.outcome, Outcome::MaxIter { iteration: 2, gradient } if gradient > 0.0),
            "{:?}",
            short.outcome
        );
    }

    #[test]
    fn without_intercept_and_constant_columns() {
        let (mut x, y) = small();
        x.column_mut(1).fill(2.0);
        for kind in LinearKind::ALL {
            let m = fit(LinearParams::default().kind(kind).alpha(0.1), &x, &y);
            assert!(m.outcome.is_converged(), "{kind}: {:?}", m.outcome);
            assert!(m.coef[1].abs() < 1e-12, "{kind}: {}", m.coef);
            let m = fit(
                LinearParams::default()
                    .kind(kind)
                    .alpha(0.1)
                    .fit_intercept(false),
                &x,
                &y,
            );
            assert_eq!(m.intercept, 0.0);
            assert!(m.coef[1] != 0.0, "{kind}: {}", m.coef);
        }
    }

    #[test]
    fn a_large_ridge_is_fast() {
        let (x, y) = random(10_000, 50, 7);
        let start = std::time::Instant::now();
        let m = fit(LinearParams::default(), &x, &y);
        let ridge = start.elapsed();
        let start = std::time::Instant::now();
        let l = fit(
            LinearParams::default().kind(LinearKind::Lasso).alpha(0.01),
            &x,
            &y,
        );
        let lasso = start.elapsed();
        eprintln!(
            "10000 × 50: ridge {ridge:?}, lasso {lasso:?} ({} passes)",
            l.n_iter
        );
        assert!(m.outcome.is_converged() && l.outcome.is_converged());
    }
}
