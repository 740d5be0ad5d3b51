//! Cyclic coordinate descent for `Lasso` and `ElasticNet`, with its exact
//! active-set steps, the duality gap that stops it and the KKT violation it
//! reports.

use nalgebra::{DMatrix, DVector};

use super::LinearParams;
use super::centred::{Centred, axpy, dot, record};
use crate::model::history::{Outcome, Recorder};

/// Cyclic coordinate descent on `½‖r‖² + λ₁‖w‖₁ + ½λ₂‖w‖²` (the per-sample
/// objective times `n`), from `w`, as scikit-learn's `enet_coordinate_descent`
/// without screening. Returns the passes run and how it ended.
pub(super) fn coordinate_descent(
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
