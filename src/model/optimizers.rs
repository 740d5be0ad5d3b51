//! The teaching optimisers: gradient descent, mini-batch SGD, momentum, Nesterov
//! and Adam, each with a fixed learning rate on the per-sample objective. The l1
//! part of the penalty is handled by a proximal (soft-threshold) step after each
//! update, so weights reach exact zeros.
//!
//! Momentum is the heavy ball `θ⁺ = prox(θ − η∇f(θ) + β(θ − θ₋))` and Nesterov
//! the look-ahead `y = θ + β(θ − θ₋)`, `θ⁺ = prox(y − η∇f(y))`; without an l1
//! part these are the textbook updates written in positions instead of velocities.

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_pcg::Pcg64Mcg;

use super::history::{Outcome, ProgressWatch, Recorder};
use super::objective::{Objective, max_abs};
use super::params::{Params, Solver};

/// The objective has exploded when it exceeds its start by this factor.
const EXPLOSION: f64 = 1e6;
/// Adam's moment decay rates and ε.
const ADAM_BETA1: f64 = 0.9;
const ADAM_BETA2: f64 = 0.999;
const ADAM_EPS: f64 = 1e-8;

/// Runs a teaching optimiser from `theta`; returns the iterations run and the
/// outcome. One iteration is one update, except for `sgd`, where it is one pass
/// over the data.
///
/// The run stops [`Outcome::Converged`] once the largest entry of the
/// (pseudo-)gradient is at most [`Params::effective_tol`] (`1e-6` by default), and
/// [`Outcome::Diverged`] when the objective stops being finite or grows a
/// million-fold. A run that reaches `max_iter` ends [`Outcome::Oscillating`] when over
/// the last window (the last 20 %, at least 10 iterations) the objective went up and
/// down without getting below its best before by even 1 % of its bouncing — the
/// learning rate is too large — and [`Outcome::MaxIter`] otherwise: still
/// descending, stopped before converging.
pub(crate) fn run(
    solver: Solver,
    obj: &Objective,
    theta: &mut [f64],
    p: &Params,
    recorder: &mut Recorder,
) -> (usize, Outcome) {
    let n = theta.len();
    let lr = p.learning_rate;
    let mut grad = vec![0.0; n];
    let mut pg = vec![0.0; n];
    // Previous parameters (momentum, Nesterov) or first moment (Adam).
    let mut v = match solver {
        Solver::Momentum | Solver::Nesterov => theta.to_vec(),
        _ => vec![0.0; n],
    };
    // Look-ahead point (Nesterov).
    let mut look = vec![0.0; n];
    // Second moment (Adam).
    let mut s = vec![0.0; n];
    let mut adam_steps = vec![lr; n];
    let mut rng = Pcg64Mcg::seed_from_u64(p.random_state);
    let mut order: Vec<usize> = (0..obj.n_samples()).collect();

    let tol = p.effective_tol();
    let start = obj.value(theta);
    recorder.record(0, start.data_loss, start.penalty, theta);
    let mut watch = ProgressWatch::new(start.total(), p.max_iter);
    let limit = EXPLOSION * start.total().abs().max(1.0);
    obj.smooth(theta, &mut grad);

    for iter in 1..=p.max_iter {
        match solver {
            // `Lbfgs` never reaches here; plain steps are the safe reading of it.
            Solver::Gd | Solver::Lbfgs => {
                for (t, g) in theta.iter_mut().zip(&grad) {
                    *t -= lr * g;
                }
                obj.prox_l1(theta, lr, None);
            }
            Solver::Sgd => {
                order.shuffle(&mut rng);
                let batch = p.batch_size.max(1);
                for rows in order.chunks(batch) {
                    obj.smooth_batch(theta, rows, &mut grad);
                    for (t, g) in theta.iter_mut().zip(&grad) {
                        *t -= lr * g;
                    }
                    obj.prox_l1(theta, lr, None);
                }
            }
            Solver::Momentum => {
                // Heavy ball in its proximal form (iPiano): the l1 step sees the
                // whole move, so momentum cannot carry weights past the threshold.
                for ((t, g), prev) in theta.iter_mut().zip(&grad).zip(v.iter_mut()) {
                    let next = *t - lr * g + p.momentum * (*t - *prev);
                    *prev = *t;
                    *t = next;
                }
                obj.prox_l1(theta, lr, None);
            }
            Solver::Nesterov => {
                // Constant-momentum FISTA: a proximal gradient step from the
                // look-ahead point y = θ + β(θ − θ_prev).
                for ((yi, t), prev) in look.iter_mut().zip(theta.iter()).zip(&v) {
                    *yi = t + p.momentum * (t - prev);
                }
                v.copy_from_slice(theta);
                obj.smooth(&look, &mut grad);
                for ((t, yi), g) in theta.iter_mut().zip(&look).zip(&grad) {
                    *t = yi - lr * g;
                }
                obj.prox_l1(theta, lr, None);
            }
            Solver::Adam => {
                let c1 = 1.0 - ADAM_BETA1.powi(iter.min(i32::MAX as usize) as i32);
                let c2 = 1.0 - ADAM_BETA2.powi(iter.min(i32::MAX as usize) as i32);
                for (i, (t, g)) in theta.iter_mut().zip(&grad).enumerate() {
                    v[i] = ADAM_BETA1 * v[i] + (1.0 - ADAM_BETA1) * g;
                    s[i] = ADAM_BETA2 * s[i] + (1.0 - ADAM_BETA2) * g * g;
                    // The step Adam takes on this coordinate; the l1 threshold uses it too.
                    adam_steps[i] = lr / ((s[i] / c2).sqrt() + ADAM_EPS);
                    *t -= adam_steps[i] * v[i] / c1;
                }
                obj.prox_l1(theta, lr, Some(ndarray::ArrayView1::from(&adam_steps)));
            }
        }
        let data_loss = obj.smooth(theta, &mut grad) - obj.l2_value(theta);
        let penalty = obj.penalty(theta);
        let total = data_loss + penalty;
        recorder.record(iter, data_loss, penalty, theta);
        watch.offer(total);
        if !total.is_finite() {
            return (
                iter,
                diverged(iter, "the objective is no longer a finite number"),
            );
        }
        if total > limit {
            return (
                iter,
                diverged(
                    iter,
                    &format!("the objective grew to {total:.3e}, over a million times its start"),
                ),
            );
        }
        if theta.iter().any(|t| !t.is_finite()) {
            return (
                iter,
                diverged(iter, "a parameter is no longer a finite number"),
            );
        }
        if tol > 0.0 {
            obj.pseudo_gradient(theta, &grad, &mut pg);
            if pg.iter().all(|g| g.abs() <= tol) {
                return (iter, Outcome::Converged { iteration: iter });
            }
        }
    }
    obj.pseudo_gradient(theta, &grad, &mut pg);
    let gradient = max_abs(&pg);
    let outcome = match Outcome::after_max_iter(p.max_iter, gradient, tol) {
        converged @ Outcome::Converged { .. } => converged,
        other => watch.judge(gradient, other),
    };
    (p.max_iter, outcome)
}

fn diverged(iteration: usize, reason: &str) -> Outcome {
    Outcome::Diverged {
        iteration,
        reason: format!("{reason} (learning rate too large?)"),
    }
}
