//! Fitting: the converging default — proximal Newton (see `newton.rs`) for problems
//! with at most 64 parameters, L-BFGS / OWL-QN above — and the dispatch to the
//! teaching optimisers.

use std::collections::VecDeque;

use ndarray::{Array1, ArrayView2};

use super::FittedLogReg;
use super::history::{Outcome, Recorder};
use super::objective::{Affine, Objective, max_abs};
use super::params::{Solver, ValidParams};
use super::{newton, optimizers};
use crate::error::{Error, Result};

/// Problems with at most this many parameters are solved by proximal Newton
/// (an exact Hessian costs `n·dim²`); larger ones by L-BFGS / OWL-QN.
const NEWTON_MAX_DIM: usize = 64;
/// Pairs kept by L-BFGS.
const MEMORY: usize = 10;
/// Armijo constant of the backtracking line search.
const ARMIJO: f64 = 1e-4;
/// Halvings of the step before the line search gives up.
const MAX_HALVINGS: usize = 60;

impl ValidParams {
    /// Fits the model to features `x` and classes `y` (indices below `n_classes`).
    ///
    /// Fails only on inconsistent shapes or fewer than two classes; a run that
    /// diverges still returns a model, with [`Outcome::Diverged`].
    pub fn fit(&self, x: ArrayView2<f64>, y: &[usize], n_classes: usize) -> Result<FittedLogReg> {
        self.fit_warm(x, y, n_classes, None)
    }

    /// As [`ValidParams::fit`], with the solver started from the weights and
    /// intercepts of `start` when given — a warm start, as along a path of
    /// increasing `C`, where a neighbour's optimum is close to this one. Every solver
    /// takes it; on a convex objective the converging default ends at the same
    /// optimum within its tolerance, in fewer iterations. The history then begins at
    /// `start`, not at zero.
    ///
    /// # Errors
    /// As [`ValidParams::fit`]; [`Error::Shape`] when `start` has another number of
    /// classes or features, [`Error::InvalidData`] when it holds a value that is not
    /// a finite number.
    pub fn fit_warm(
        &self,
        x: ArrayView2<f64>,
        y: &[usize],
        n_classes: usize,
        start: Option<&FittedLogReg>,
    ) -> Result<FittedLogReg> {
        let p = &self.0;
        let objective = Objective::new(x, y, n_classes, p.c, p.penalty_weights(), p.fit_intercept)?;
        self.fit_objective(&objective, n_classes, start)
    }

    /// As [`ValidParams::fit_warm`] on the rows `rows` of `x`, each standardised by
    /// `affine` as it is read (a fold's training rows, scaled by the fold's scaler),
    /// without a copy of them: `y` holds the class of every row of `x`. The fit
    /// equals the one on the scaled matrix of those rows up to rounding.
    ///
    /// # Errors
    /// As [`ValidParams::fit_warm`], and [`Objective::on_rows`]'.
    pub fn fit_warm_on_rows(
        &self,
        x: ArrayView2<f64>,
        y: &[usize],
        (rows, affine): (&[usize], Option<Affine<'_>>),
        n_classes: usize,
        start: Option<&FittedLogReg>,
    ) -> Result<FittedLogReg> {
        let p = &self.0;
        let objective = Objective::on_rows(
            x,
            y,
            Some(rows),
            affine,
            n_classes,
            p.c,
            p.penalty_weights(),
            p.fit_intercept,
        )?;
        self.fit_objective(&objective, n_classes, start)
    }

    /// Minimises `objective` from zero or from `start`.
    fn fit_objective(
        &self,
        objective: &Objective<'_>,
        n_classes: usize,
        start: Option<&FittedLogReg>,
    ) -> Result<FittedLogReg> {
        let p = &self.0;
        let mut recorder = Recorder::new(p.history_points);
        let mut theta = vec![0.0; objective.dim()];
        if let Some(start) = start {
            let shape = (objective.n_rows(), objective.n_features());
            if start.coef.dim() != shape || start.intercept.len() != shape.0 {
                return Err(Error::Shape(format!(
                    "the warm start has {} × {} weights and {} intercepts, but this fit needs {} × {} and {}",
                    start.coef.nrows(),
                    start.coef.ncols(),
                    start.intercept.len(),
                    shape.0,
                    shape.1,
                    shape.0
                )));
            }
            if let Some(v) = start
                .coef
                .iter()
                .chain(start.intercept.iter())
                .find(|v| !v.is_finite())
            {
                return Err(Error::InvalidData(format!(
                    "the warm start holds {v}, which is not a finite number"
                )));
            }
            let nw = objective.n_weights();
            for (t, w) in theta.iter_mut().zip(start.coef.iter()) {
                *t = *w;
            }
            if p.fit_intercept {
                for (t, b) in theta[nw..].iter_mut().zip(start.intercept.iter()) {
                    *t = *b;
                }
            }
        }
        let (n_iter, outcome) = match p.solver {
            Solver::Lbfgs if objective.dim() <= NEWTON_MAX_DIM => newton::proximal_newton(
                objective,
                &mut theta,
                p.max_iter,
                p.effective_tol(),
                &mut recorder,
            ),
            Solver::Lbfgs => owlqn(
                objective,
                &mut theta,
                p.max_iter,
                p.effective_tol(),
                &mut recorder,
            ),
            teaching => optimizers::run(teaching, objective, &mut theta, p, &mut recorder),
        };
        // A last guard: parameters or an objective that are not numbers (extreme
        // feature values, say) make a failed fit that says so, never a "converged"
        // model that predicts NaN.
        let end = objective.value(&theta).total();
        let broken_gradient = matches!(
            outcome,
            Outcome::MaxIter { gradient, .. } | Outcome::Stalled { gradient, .. } if !gradient.is_finite()
        );
        let outcome = if outcome.is_diverged()
            || (end.is_finite() && !broken_gradient && theta.iter().all(|t| t.is_finite()))
        {
            outcome
        } else {
            Outcome::Diverged {
                iteration: n_iter,
                reason: "the objective or its gradient is not a finite number (are some feature values extreme?)"
                    .into(),
            }
        };
        let (coef, intercept) = objective.unpack(&theta);
        Ok(FittedLogReg {
            coef,
            intercept: Array1::from(intercept),
            n_classes,
            n_iter,
            outcome,
            history: recorder.finish(),
        })
    }
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Minimises the objective from `theta` by L-BFGS, generalised to the l1 part by
/// OWL-QN (Andrew & Gao, 2007): the search direction comes from the
/// pseudo-gradient, is kept in its orthant, and line-search points are projected
/// back onto that orthant. Returns the iterations run and the outcome.
pub(crate) fn owlqn(
    obj: &Objective,
    theta: &mut [f64],
    max_iter: usize,
    tol: f64,
    recorder: &mut Recorder,
) -> (usize, Outcome) {
    let n = theta.len();
    let nw = obj.n_weights();
    let l1 = obj.lambda1 > 0.0;
    let mut grad = vec![0.0; n];
    let mut smooth = obj.smooth(theta, &mut grad);
    let mut value = smooth + obj.lambda1 * obj.l1_norm(theta);
    let mut pg = vec![0.0; n];
    let mut dir = vec![0.0; n];
    let mut trial = vec![0.0; n];
    let mut trial_grad = vec![0.0; n];
    let mut memory: VecDeque<(Vec<f64>, Vec<f64>, f64)> = VecDeque::with_capacity(MEMORY);
    let mut alpha_buf = [0.0; MEMORY];

    recorder.record(0, smooth - obj.l2_value(theta), obj.penalty(theta), theta);
    for iter in 1..=max_iter {
        obj.pseudo_gradient(theta, &grad, &mut pg);
        let gnorm = max_abs(&pg);
        if gnorm <= tol {
            return (
                iter - 1,
                Outcome::Converged {
                    iteration: iter - 1,
                },
            );
        }

        // Two-loop recursion: dir = −H·pg.
        for (d, g) in dir.iter_mut().zip(&pg) {
            *d = -g;
        }
        for (k, (s, y, rho)) in memory.iter().enumerate().rev() {
            let a = rho * dot(s, &dir);
            alpha_buf[k] = a;
            for (d, yi) in dir.iter_mut().zip(y) {
                *d -= a * yi;
            }
        }
        let gamma = match memory.back() {
            Some((s, y, _)) => dot(s, y) / dot(y, y),
            None => 1.0 / gnorm.max(1.0),
        };
        for d in dir.iter_mut() {
            *d *= gamma;
        }
        for (k, (s, y, rho)) in memory.iter().enumerate() {
            let b = rho * dot(y, &dir);
            for (d, si) in dir.iter_mut().zip(s) {
                *d += (alpha_buf[k] - b) * si;
            }
        }
        if l1 {
            // Keep the direction where it agrees with the steepest descent.
            for (d, g) in dir.iter_mut().zip(&pg) {
                if *d * *g >= 0.0 {
                    *d = 0.0;
                }
            }
        }
        let mut slope = dot(&dir, &pg);
        if slope >= 0.0 || slope.is_nan() {
            // Not a descent direction: restart from steepest descent.
            memory.clear();
            for (d, g) in dir.iter_mut().zip(&pg) {
                *d = -g / gnorm.max(1.0);
            }
            slope = dot(&dir, &pg);
        }

        // Backtracking line search on the orthant of the current point.
        let mut step = 1.0;
        let mut accepted = false;
        for _ in 0..MAX_HALVINGS {
            for i in 0..n {
                let t = theta[i] + step * dir[i];
                let orthant = if theta[i] != 0.0 {
                    theta[i].signum()
                } else {
                    -pg[i].signum()
                };
                trial[i] = if l1 && i < nw && t * orthant <= 0.0 {
                    0.0
                } else {
                    t
                };
            }
            let trial_smooth = obj.smooth(&trial, &mut trial_grad);
            let trial_value = trial_smooth + obj.lambda1 * obj.l1_norm(&trial);
            let moved: f64 = pg
                .iter()
                .zip(trial.iter().zip(theta.iter()))
                .map(|(g, (t, x))| g * (t - x))
                .sum();
            if trial_value.is_finite() && trial_value <= value + ARMIJO * moved.min(step * slope) {
                accepted = true;
                // Curvature pair from the smooth part only.
                let s: Vec<f64> = trial.iter().zip(theta.iter()).map(|(t, x)| t - x).collect();
                let y: Vec<f64> = trial_grad.iter().zip(&grad).map(|(a, b)| a - b).collect();
                let sy = dot(&s, &y);
                if sy > 1e-12 * dot(&s, &s).sqrt() * dot(&y, &y).sqrt() && sy > 0.0 {
                    if memory.len() == MEMORY {
                        memory.pop_front();
                    }
                    memory.push_back((s, y, 1.0 / sy));
                }
                theta.copy_from_slice(&trial);
                grad.copy_from_slice(&trial_grad);
                smooth = trial_smooth;
                value = trial_value;
                break;
            }
            step *= 0.5;
        }
        let penalty = obj.penalty(theta);
        recorder.record(iter, smooth - obj.l2_value(theta), penalty, theta);
        if !accepted {
            return (
                iter,
                Outcome::Stalled {
                    iteration: iter,
                    gradient: gnorm,
                },
            );
        }
    }
    obj.pseudo_gradient(theta, &grad, &mut pg);
    (
        max_iter,
        Outcome::after_max_iter(max_iter, max_abs(&pg), tol),
    )
}
