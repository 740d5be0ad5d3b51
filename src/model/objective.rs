//! The logistic-regression objective in its per-sample form, its gradient, and the
//! penalty's proximal step.
//!
//! Parameters travel as one flat vector `θ`: the weight matrix row by row
//! (`n_rows × n_features`), then the `n_rows` intercepts. `n_rows` is 1 for two
//! classes (a single sigmoid) and the number of classes otherwise (softmax).

use crate::math;
use ndarray::{Array2, ArrayView1, ArrayView2, ArrayViewMut1, Axis};
use serde::Serialize;

use crate::error::{Error, Result};

/// Largest absolute entry of `a` (0 for an empty slice), NaN if any entry is NaN
/// — so that a broken gradient can never pass a convergence test.
pub(crate) fn max_abs(a: &[f64]) -> f64 {
    a.iter().fold(0.0, |m: f64, v| {
        if m.is_nan() || v.is_nan() {
            f64::NAN
        } else {
            m.max(v.abs())
        }
    })
}

/// Logistic sigmoid, computed without overflow for any finite input.
pub(crate) fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + math::exp(-z))
    } else {
        let e = math::exp(z);
        e / (1.0 + e)
    }
}

/// `log(1 + exp(z))` without overflow or loss of precision.
fn softplus(z: f64) -> f64 {
    if z > 0.0 {
        z + math::ln_1p(math::exp(-z))
    } else {
        math::ln_1p(math::exp(z))
    }
}

/// The rows `at[0..4]` of the row-major `xs` (rows of `p` entries). Written out: at
/// the wasm's `opt-level = "s"`, `std::array::from_fn` or a closure per row stays a
/// call per row.
#[inline(always)]
fn four_rows<'a>(xs: &'a [f64], at: &[usize], p: usize) -> [&'a [f64]; 4] {
    let (a, b, c, d) = (at[0] * p, at[1] * p, at[2] * p, at[3] * p);
    [&xs[a..a + p], &xs[b..b + p], &xs[c..c + p], &xs[d..d + p]]
}

/// Rows per chunk of the logistic pass ([`Objective::loss_grad_pass`]): a multiple of
/// four; 64 rows of 50 features are 25 KB, which the gradient phase reads again while
/// they are still in the core's first-level cache.
const CHUNK: usize = 64;

/// Replaces a row of scores (a view, which may be strided) by its softmax; returns
/// `logsumexp` of the scores.
pub(crate) fn softmax_in_place(mut row: ArrayViewMut1<f64>) -> f64 {
    let max = row.fold(f64::NEG_INFINITY, |m, &v| m.max(v));
    let mut sum = 0.0;
    for v in row.iter_mut() {
        *v = math::exp(*v - max);
        sum += *v;
    }
    for v in row.iter_mut() {
        *v /= sum;
    }
    max + math::ln(sum)
}

/// The objective of logistic regression on one data set, in per-sample form:
/// `F(θ) = mean_i loss_i + (l2·½‖W‖² + l1·‖W‖₁) / (C·n)`, which is scikit-learn's
/// `C·Σ loss + P(W)` divided by `C·n`.
#[derive(Debug, Clone)]
pub struct Objective<'a> {
    x: ArrayView2<'a, f64>,
    /// The class of each row of `x`.
    y: &'a [usize],
    /// The rows of `x` the objective sums over, read where they lie (a fold's
    /// training rows); `None`: every row.
    rows: Option<&'a [usize]>,
    /// `x` standardised as it is read, `(x − mean) / scale` column by column: folded
    /// into the weights of the products (`w/scale`, the intercept less
    /// `Σ w·mean/scale`) and out of the gradient, so no scaled copy is made.
    affine: Option<Affine<'a>>,
    /// Rows summed over: `rows`' length, or `x`'s rows.
    count: usize,
    n_classes: usize,
    n_rows: usize,
    fit_intercept: bool,
    /// Weight of `‖W‖₁` in the per-sample objective, `l1 / (C·n)`.
    pub(crate) lambda1: f64,
    /// Weight of `½‖W‖²` in the per-sample objective, `l2 / (C·n)`.
    pub(crate) lambda2: f64,
}

/// The per-column standardisation an [`Objective`] applies as it reads the rows.
#[derive(Debug, Clone, Copy)]
pub struct Affine<'a> {
    /// Each column's mean.
    pub mean: &'a [f64],
    /// Each column's scale (its standard deviation, 1 where that is 0).
    pub scale: &'a [f64],
}

/// The two parts of the per-sample objective at one point.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ObjectiveValue {
    /// Mean log loss over the samples.
    pub data_loss: f64,
    /// The penalty divided by `C·n`.
    pub penalty: f64,
}

impl ObjectiveValue {
    /// `data_loss + penalty`.
    pub fn total(&self) -> f64 {
        self.data_loss + self.penalty
    }
}

impl<'a> Objective<'a> {
    /// The objective for features `x`, classes `y` (indices below `n_classes`),
    /// inverse strength `c` and penalty weights `(l1, l2)` as in
    /// `P(W) = l1·‖W‖₁ + l2·½‖W‖²`.
    pub fn new(
        x: ArrayView2<'a, f64>,
        y: &'a [usize],
        n_classes: usize,
        c: f64,
        penalty: (f64, f64),
        fit_intercept: bool,
    ) -> Result<Self> {
        Objective::on_rows(x, y, None, None, n_classes, c, penalty, fit_intercept)
    }

    /// [`Objective::new`] over the rows `rows` of `x` (all when `None`), each
    /// standardised by `affine` as it is read: the objective of the matrix of those
    /// rows scaled, without making it. `y` holds the class of every row of `x`.
    /// The values and gradients equal the scaled matrix's up to rounding.
    ///
    /// # Errors
    /// As [`Objective::new`]; [`Error::Shape`] for a row past `x` or an `affine` of
    /// another width.
    #[allow(clippy::too_many_arguments)]
    pub fn on_rows(
        x: ArrayView2<'a, f64>,
        y: &'a [usize],
        rows: Option<&'a [usize]>,
        affine: Option<Affine<'a>>,
        n_classes: usize,
        c: f64,
        (l1, l2): (f64, f64),
        fit_intercept: bool,
    ) -> Result<Self> {
        if rows.is_some_and(|r| r.iter().any(|&i| i >= x.nrows())) {
            return Err(Error::Shape(format!(
                "a row index past the {} rows of features",
                x.nrows()
            )));
        }
        if affine.is_some_and(|a| a.mean.len() != x.ncols() || a.scale.len() != x.ncols()) {
            return Err(Error::Shape(format!(
                "the standardisation is not {} columns wide",
                x.ncols()
            )));
        }
        let count = rows.map_or(x.nrows(), <[usize]>::len);
        if x.nrows() != y.len() {
            return Err(Error::Shape(format!(
                "{} rows of features but {} labels",
                x.nrows(),
                y.len()
            )));
        }
        if count == 0 {
            return Err(Error::InvalidData("cannot fit a model on zero rows".into()));
        }
        if n_classes < 2 {
            return Err(Error::InvalidData(format!(
                "cannot fit a classifier on {n_classes} class(es); at least two are needed"
            )));
        }
        if let Some(&bad) = y.iter().find(|&&c| c >= n_classes) {
            return Err(Error::Shape(format!(
                "label {bad} is not below n_classes = {n_classes}"
            )));
        }
        let scale = c * count as f64;
        if !(l1 / scale).is_finite() || !(l2 / scale).is_finite() {
            return Err(Error::InvalidParam {
                name: "C".into(),
                value: crate::numfmt::fmt_value(c),
                reason: format!("too small: the penalty weight 1/(C·n) overflows with n = {count}"),
            });
        }
        Ok(Objective {
            x,
            y,
            rows,
            affine,
            count,
            n_classes,
            n_rows: if n_classes == 2 { 1 } else { n_classes },
            fit_intercept,
            lambda1: l1 / scale,
            lambda2: l2 / scale,
        })
    }

    /// Number of weight rows (1 for two classes, else the number of classes).
    pub fn n_rows(&self) -> usize {
        self.n_rows
    }

    /// Number of classes.
    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Number of samples.
    pub fn n_samples(&self) -> usize {
        self.count
    }

    /// The index in `x` of the `t`-th row summed over.
    #[inline(always)]
    fn row_at(&self, t: usize) -> usize {
        self.rows.map_or(t, |r| r[t])
    }

    /// The matrix of the rows summed over, standardised, and their classes: what
    /// [`Objective::on_rows`] stands for; `None` when that is `x` itself.
    fn dense(&self) -> Option<(Array2<f64>, Vec<usize>)> {
        if self.rows.is_none() && self.affine.is_none() {
            return None;
        }
        let mut x = Array2::zeros((self.count, self.x.ncols()));
        let mut y = Vec::with_capacity(self.count);
        for (t, mut out) in x.axis_iter_mut(Axis(0)).enumerate() {
            let i = self.row_at(t);
            out.assign(&self.x.row(i));
            if let Some(a) = &self.affine {
                for ((v, m), s) in out.iter_mut().zip(a.mean).zip(a.scale) {
                    *v = (*v - m) / s;
                }
            }
            y.push(self.y[i]);
        }
        Some((x, y))
    }

    /// Number of features.
    pub fn n_features(&self) -> usize {
        self.x.ncols()
    }

    /// Length of the flat parameter vector `θ`.
    pub fn dim(&self) -> usize {
        self.n_rows * (self.x.ncols() + 1)
    }

    /// Number of weights (the penalised head of `θ`).
    pub fn n_weights(&self) -> usize {
        self.n_rows * self.x.ncols()
    }

    /// Whether intercepts are fitted (if not, they stay at zero).
    pub fn fit_intercept(&self) -> bool {
        self.fit_intercept
    }

    /// Weight matrix and intercepts of a flat `θ`.
    pub fn unpack(&self, theta: &[f64]) -> (Array2<f64>, Vec<f64>) {
        let nw = self.n_weights();
        let w = Array2::from_shape_fn((self.n_rows, self.x.ncols()), |(r, j)| {
            theta.get(r * self.x.ncols() + j).copied().unwrap_or(0.0)
        });
        let b = (0..self.n_rows)
            .map(|r| theta.get(nw + r).copied().unwrap_or(0.0))
            .collect();
        (w, b)
    }

    /// The per-sample objective at `θ`, split into data loss and penalty.
    pub fn value(&self, theta: &[f64]) -> ObjectiveValue {
        let data_loss = self.loss_grad(theta, None, None);
        ObjectiveValue {
            data_loss,
            penalty: self.penalty(theta),
        }
    }

    /// The objective at `center + a·u + b·v` for each `(a, b)` of `points`, exactly
    /// as [`Objective::value`] would give it: the rows' scores are affine in the
    /// plane's coordinates, `z(a, b) = z_c + a·z_u + b·z_v`, so the three are
    /// computed once (three products with the data) and each point costs one pass
    /// over the rows' scores, not over their features.
    pub fn plane_values(
        &self,
        center: &[f64],
        u: &[f64],
        v: &[f64],
        points: &[(f64, f64)],
    ) -> Vec<f64> {
        if let Some((x, y)) = self.dense() {
            let dense = Objective {
                x: x.view(),
                y: &y,
                rows: None,
                affine: None,
                ..self.clone()
            };
            return dense.plane_values(center, u, v, points);
        }
        let scores = |theta: &[f64]| {
            let (w, b) = self.unpack(theta);
            let mut z = self.x.dot(&w.t());
            for mut row in z.axis_iter_mut(Axis(0)) {
                for (v, bk) in row.iter_mut().zip(&b) {
                    *v += bk;
                }
            }
            z
        };
        // The direction vectors move the intercepts too; `scores` adds them once each.
        let (zc, zu, zv) = (scores(center), scores(u), scores(v));
        let flat = |z: &Array2<f64>| z.as_standard_layout().iter().copied().collect::<Vec<f64>>();
        let (zc, zu, zv) = (flat(&zc), flat(&zu), flat(&zv));
        let n = self.x.nrows().max(1) as f64;
        let k = self.n_rows;
        let mut theta = vec![0.0; center.len()];
        let mut z = vec![0.0; zc.len()];
        let mut shift = vec![0.0; self.x.nrows()];
        points
            .iter()
            .map(|&(a, b)| {
                for (zr, ((c, du), dv)) in z.iter_mut().zip(zc.iter().zip(&zu).zip(&zv)) {
                    *zr = c + a * du + b * dv;
                }
                let mut loss = 0.0;
                if k == 1 {
                    for (zi, &yi) in z.iter().zip(self.y) {
                        let s = if yi == 1 { 1.0 } else { -1.0 };
                        loss += softplus(-s * zi);
                    }
                } else {
                    // As the gradient pass: each row's scores less their maximum, one
                    // vectorised exp over all rows, then ln Σ per row as a product
                    // of the sums (each in [1, k]) flushed before it overflows.
                    for ((zq, &yi), sh) in z.chunks_exact_mut(k).zip(self.y).zip(shift.iter_mut()) {
                        let max = zq.iter().fold(f64::NEG_INFINITY, |m, &v| m.max(v));
                        *sh = max - zq[yi];
                        zq.iter_mut().for_each(|v| *v -= max);
                    }
                    super::kernels::exp_nonpositive(&mut z);
                    let mut sums = 1.0f64;
                    for (zq, sh) in z.chunks_exact(k).zip(&shift) {
                        loss += sh;
                        sums *= zq.iter().sum::<f64>();
                        if sums > 1e100 {
                            loss += math::ln(sums);
                            sums = 1.0;
                        }
                    }
                    loss += math::ln(sums);
                }
                for (t, ((c, du), dv)) in theta.iter_mut().zip(center.iter().zip(u).zip(v)) {
                    *t = c + a * du + b * dv;
                }
                loss / n + self.penalty(&theta)
            })
            .collect()
    }

    /// The penalty part `(l2·½‖W‖² + l1·‖W‖₁)/(C·n)`.
    pub fn penalty(&self, theta: &[f64]) -> f64 {
        let w = &theta[..self.n_weights().min(theta.len())];
        let (mut sq, mut abs) = (0.0, 0.0);
        for v in w {
            sq += v * v;
            abs += v.abs();
        }
        0.5 * self.lambda2 * sq + self.lambda1 * abs
    }

    /// The smooth part of the objective (data loss + l2 penalty) at `θ`, and its
    /// gradient into `grad` (of length [`Objective::dim`]): what the solvers evaluate
    /// at each step, one pass over the rows.
    pub fn gradient(&self, theta: &[f64], grad: &mut [f64]) -> f64 {
        self.smooth(theta, grad)
    }

    /// The smooth part (data loss + l2 penalty) and its gradient into `grad`.
    pub(crate) fn smooth(&self, theta: &[f64], grad: &mut [f64]) -> f64 {
        let loss = self.loss_grad(theta, None, Some(grad));
        self.add_l2(theta, grad) + loss
    }

    /// The smooth part with its gradient and Hessian (`dim × dim`, row-major).
    ///
    /// The Hessian of sample `i` is `A_i ⊗ x̃_i x̃_iᵀ` with `x̃ = [x, 1]` and
    /// `A = diag(p) − ppᵀ` (softmax) or `p(1 − p)` (sigmoid). It is accumulated in
    /// a class-major layout, where each `(k, l)` block row is contiguous, for the
    /// upper block triangle only, and then mirrored into `θ`'s layout.
    pub(crate) fn smooth_hessian(&self, theta: &[f64], grad: &mut [f64], hess: &mut [f64]) -> f64 {
        let d = self.x.ncols();
        let e = d + 1;
        let rc = self.n_rows;
        let nw = self.n_weights();
        let dim = self.dim();
        let n = self.count as f64;
        // Position in θ of weight (k, a), or of intercept k when a == d.
        let idx = |k: usize, a: usize| if a < d { k * d + a } else { nw + k };
        let mut ext = vec![0.0; dim * dim];
        let mut gext = vec![0.0; dim];
        let mut z = vec![0.0; rc];
        let mut xt = vec![1.0; e];
        let mut curv = vec![0.0; rc * rc];
        let mut loss = 0.0;
        for t in 0..self.count {
            let i = self.row_at(t);
            let yi = self.y[i];
            // The row standardised as the scaled matrix holds it (the same bits).
            for (a, v) in self.x.row(i).iter().enumerate() {
                xt[a] = match &self.affine {
                    Some(f) => (*v - f.mean[a]) / f.scale[a],
                    None => *v,
                };
            }
            for (k, zk) in z.iter_mut().enumerate() {
                let w = &theta[k * d..(k + 1) * d];
                *zk = theta[nw + k] + w.iter().zip(&xt).map(|(w, x)| w * x).sum::<f64>();
            }
            if rc == 1 {
                let s = if yi == 1 { 1.0 } else { -1.0 };
                loss += softplus(-s * z[0]);
                let p = sigmoid(z[0]);
                z[0] = p - if yi == 1 { 1.0 } else { 0.0 };
                curv[0] = p * (1.0 - p);
            } else {
                let zy = z[yi];
                loss += softmax_in_place(ArrayViewMut1::from(&mut z[..])) - zy;
                for k in 0..rc {
                    for l in k..rc {
                        curv[k * rc + l] = if k == l { z[k] } else { 0.0 } - z[k] * z[l];
                    }
                }
                z[yi] -= 1.0;
            }
            for k in 0..rc {
                let gk = &mut gext[k * e..(k + 1) * e];
                gk.iter_mut().zip(&xt).for_each(|(g, x)| *g += z[k] * x);
                for a in 0..e {
                    let row = &mut ext[(k * e + a) * dim..(k * e + a + 1) * dim];
                    for l in k..rc {
                        let c = curv[k * rc + l] * xt[a];
                        row[l * e..(l + 1) * e]
                            .iter_mut()
                            .zip(&xt)
                            .for_each(|(h, x)| *h += c * x);
                    }
                }
            }
        }
        for k in 0..rc {
            for a in 0..e {
                grad[idx(k, a)] = gext[k * e + a] / n;
                for l in 0..rc {
                    for b in 0..e {
                        let v = if l >= k {
                            ext[(k * e + a) * dim + l * e + b]
                        } else {
                            ext[(l * e + b) * dim + k * e + a]
                        };
                        hess[idx(k, a) * dim + idx(l, b)] = v / n;
                    }
                }
            }
        }
        if !self.fit_intercept {
            grad.iter_mut().skip(nw).for_each(|g| *g = 0.0);
        }
        for j in 0..nw {
            hess[j * dim + j] += self.lambda2;
        }
        self.add_l2(theta, grad) + loss / n
    }

    /// The smooth part (data loss + l2 penalty) alone, without a gradient.
    pub(crate) fn smooth_value(&self, theta: &[f64]) -> f64 {
        self.loss_grad(theta, None, None) + self.l2_value(theta)
    }

    /// The l2 part of the penalty, `lambda2·½‖W‖²`.
    pub(crate) fn l2_value(&self, theta: &[f64]) -> f64 {
        let sq: f64 = theta.iter().take(self.n_weights()).map(|w| w * w).sum();
        0.5 * self.lambda2 * sq
    }

    /// `‖W‖₁`, the l1 norm of the weights (not the intercepts).
    pub(crate) fn l1_norm(&self, theta: &[f64]) -> f64 {
        theta.iter().take(self.n_weights()).map(|w| w.abs()).sum()
    }

    /// Smooth part and gradient on a subset of rows (a mini-batch): mean loss over
    /// those rows plus the full l2 term.
    pub(crate) fn smooth_batch(&self, theta: &[f64], rows: &[usize], grad: &mut [f64]) -> f64 {
        let loss = self.loss_grad(theta, Some(rows), Some(grad));
        self.add_l2(theta, grad) + loss
    }

    /// Adds the l2 gradient to `grad` and returns the l2 value.
    fn add_l2(&self, theta: &[f64], grad: &mut [f64]) -> f64 {
        let mut sq = 0.0;
        for (g, &w) in grad.iter_mut().zip(theta).take(self.n_weights()) {
            *g += self.lambda2 * w;
            sq += w * w;
        }
        0.5 * self.lambda2 * sq
    }

    /// Mean log loss over `rows` (positions among the rows summed over; all if
    /// `None`); its gradient goes into
    /// `grad` when given.
    ///
    /// One pass over the rows: each row's scores (a dot product with each class's
    /// weights), its loss and its residual `p − onehot(y)`, and the residual's
    /// contribution to the gradient (`g_k += r_k·x`), while the row is still in the
    /// first-level cache. Two matrix products would read the data twice and, natively,
    /// copy it into panels on each call; at a linear model's shapes (thousands of rows,
    /// a few outputs) the copies cost more than the arithmetic.
    fn loss_grad(&self, theta: &[f64], rows: Option<&[usize]>, grad: Option<&mut [f64]>) -> f64 {
        let standard = self.x.as_standard_layout();
        let Some(xs) = standard.as_slice() else {
            return f64::NAN;
        };
        let (p, k) = (self.x.ncols(), self.n_rows);
        let nw = k * p;
        if theta.len() < nw + k {
            debug_assert!(false, "loss_grad: θ shorter than {}", nw + k);
            return f64::NAN;
        }
        // Standardising as the rows are read: z = (w/scale)·x + (b − Σ w·mean/scale).
        let folded = self.affine.map(|a| {
            let mut f = theta[..nw + k].to_vec();
            for c in 0..k {
                let wc = &mut f[c * p..(c + 1) * p];
                let mut shift = 0.0;
                for ((w, m), s) in wc.iter_mut().zip(a.mean).zip(a.scale) {
                    *w /= s;
                    shift += *w * m;
                }
                f[nw + c] -= shift;
            }
            f
        });
        let wb = folded.as_deref().unwrap_or(&theta[..nw + k]);
        let (w, b) = (&wb[..nw], &wb[nw..nw + k]);
        let count = rows.map_or(self.count, <[usize]>::len);
        if rows.is_some_and(|r| r.iter().any(|&i| i >= self.count)) {
            debug_assert!(false, "loss_grad: a row index past the data");
            return f64::NAN;
        }
        let n = count.max(1) as f64;
        let mut grad = grad.filter(|g| g.len() >= nw + k);
        if let Some(g) = grad.as_deref_mut() {
            g[..nw + k].iter_mut().for_each(|v| *v = 0.0);
        }
        let loss = self.loss_grad_pass_best(xs, (w, b), rows, count, grad.as_deref_mut());
        if let (Some(g), Some(a)) = (grad.as_deref_mut(), &self.affine) {
            // ∂/∂w of (w/scale)·x − Σ w·mean/scale: (Σ r·x − mean·Σ r) / scale.
            let (gw, gb) = g.split_at_mut(nw);
            for (c, gc) in gw.chunks_exact_mut(p).enumerate() {
                for ((g, m), s) in gc.iter_mut().zip(a.mean).zip(a.scale) {
                    *g = (*g - m * gb[c]) / s;
                }
            }
        }
        if let Some(g) = grad {
            g[..nw].iter_mut().for_each(|v| *v /= n);
            for v in &mut g[nw..nw + k] {
                *v = if self.fit_intercept { *v / n } else { 0.0 };
            }
        }
        loss / n
    }

    /// [`Objective::loss_grad_pass`] compiled for AVX2 when the processor has it
    /// (x86-64, detected at run time; see [`Avx::chosen`](super::kernels::Avx::chosen)),
    /// as built otherwise. The portable build
    /// targets SSE2 (two f64 lanes); AVX2 doubles that. The kernels add in the same
    /// order on every path and use no fused multiply-add, so the bits are the same.
    fn loss_grad_pass_best(
        &self,
        xs: &[f64],
        wb: (&[f64], &[f64]),
        rows: Option<&[usize]>,
        count: usize,
        grad: Option<&mut [f64]>,
    ) -> f64 {
        #[cfg(target_arch = "x86_64")]
        if let Some(avx) = super::kernels::Avx::chosen() {
            // SAFETY: `avx` exists, so the processor supports AVX2.
            return unsafe { self.loss_grad_pass_avx2(avx, xs, wb, rows, count, grad) };
        }
        self.loss_grad_pass(super::kernels::Portable, xs, wb, rows, count, grad)
    }

    /// [`Objective::loss_grad_pass`] with AVX2 enabled for it and what it inlines.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn loss_grad_pass_avx2(
        &self,
        avx: super::kernels::Avx,
        xs: &[f64],
        wb: (&[f64], &[f64]),
        rows: Option<&[usize]>,
        count: usize,
        grad: Option<&mut [f64]>,
    ) -> f64 {
        self.loss_grad_pass(avx, xs, wb, rows, count, grad)
    }

    /// The loop of [`Objective::loss_grad`]: summed loss, and summed gradient added
    /// into `grad`. Rows go four at a time, so that each class's four dot products
    /// and four gradient updates run side by side (`kern`'s `dot4` and `axpy4`); a
    /// last block of fewer rows repeats its last row with a zero residual, which adds
    /// nothing. Row indices are below `x`'s row count.
    ///
    /// The blocks go [`CHUNK`] rows at a time through three phases: every block's
    /// scores, then the softmax of all of them (one `exp` loop over the chunk, whose
    /// independent entries keep the vector units busy where a loop over one block's
    /// few entries waits on each entry's long chain of multiply-adds), then every
    /// block's gradient update. Each row's arithmetic, and the order in which the
    /// loss and the gradient add the rows up, are those of one block at a time, so
    /// the bits are the same.
    #[inline(always)]
    fn loss_grad_pass<K: super::kernels::RowKernels>(
        &self,
        kern: K,
        xs: &[f64],
        (w, b): (&[f64], &[f64]),
        rows: Option<&[usize]>,
        count: usize,
        mut grad: Option<&mut [f64]>,
    ) -> f64 {
        let (p, k) = (self.x.ncols(), self.n_rows);
        let nw = k * p;
        let mut z = vec![0.0; CHUNK * k];
        // Each position's data row, and its softmax shift (max − the true class's score).
        let mut idx = [0usize; CHUNK];
        let mut shift = [0.0f64; CHUNK];
        let mut loss = 0.0;
        // The product of the rows' softmax denominators (each in [1, k]), whose
        // logarithm is taken once per hundred or so rows instead of once per row:
        // Σ ln sᵢ = ln Π sᵢ, and the product is flushed before it can overflow.
        let mut sums = 1.0f64;
        let mut t = 0;
        while t < count {
            let real = (count - t).min(CHUNK);
            // Whole blocks of four: past `real`, the last row again.
            let padded = real.next_multiple_of(4);
            for (q, slot) in idx[..padded].iter_mut().enumerate() {
                *slot = self.row_at(rows.map_or(t + q.min(real - 1), |r| r[t + q.min(real - 1)]));
            }
            for blk in 0..padded / 4 {
                let x = four_rows(xs, &idx[4 * blk..4 * blk + 4], p);
                for c in 0..k {
                    let wc = &w[c * p..(c + 1) * p];
                    let d = kern.dot4(x, wc, p);
                    for q in 0..4 {
                        z[(4 * blk + q) * k + c] = b[c] + d[q];
                    }
                }
            }
            let zs = &mut z[..padded * k];
            if k == 1 {
                for (q, zq) in zs.iter_mut().enumerate() {
                    if q >= real {
                        *zq = 0.0;
                        continue;
                    }
                    let yi = self.y[idx[q]];
                    let s = if yi == 1 { 1.0 } else { -1.0 };
                    loss += softplus(-s * *zq);
                    *zq = sigmoid(*zq) - if yi == 1 { 1.0 } else { 0.0 };
                }
            } else {
                // Softmax of the chunk's rows: scores less each row's maximum, one
                // vectorised exp over the chunk, then each row's sum.
                for (q, zq) in zs.chunks_exact_mut(k).enumerate() {
                    // `f64::max` is a call in the wasm (its NaN rule); the scores here
                    // are numbers, for which a comparison gives the same maximum.
                    let max = zq
                        .iter()
                        .fold(f64::NEG_INFINITY, |a, &v| if v > a { v } else { a });
                    shift[q] = max - zq[self.y[idx[q]]];
                    zq.iter_mut().for_each(|v| *v -= max);
                }
                super::kernels::exp_nonpositive(zs);
                for (q, zq) in zs.chunks_exact_mut(k).enumerate() {
                    if q >= real {
                        zq.fill(0.0);
                        continue;
                    }
                    let sum: f64 = zq.iter().sum();
                    zq.iter_mut().for_each(|v| *v /= sum);
                    zq[self.y[idx[q]]] -= 1.0;
                    // loss_i = ln(sum) + max − z_y
                    loss += shift[q];
                    sums *= sum;
                    if sums > 1e100 {
                        loss += math::ln(sums);
                        sums = 1.0;
                    }
                }
            }
            if let Some(g) = grad.as_deref_mut() {
                let (gw, gb) = g.split_at_mut(nw);
                for blk in 0..padded / 4 {
                    let x = four_rows(xs, &idx[4 * blk..4 * blk + 4], p);
                    let zb = &z[4 * blk * k..4 * (blk + 1) * k];
                    for c in 0..k {
                        let r = [zb[c], zb[k + c], zb[2 * k + c], zb[3 * k + c]];
                        kern.axpy4(r, x, &mut gw[c * p..(c + 1) * p], p);
                        gb[c] = (((gb[c] + r[0]) + r[1]) + r[2]) + r[3];
                    }
                }
            }
            t += real;
        }
        loss + math::ln(sums)
    }

    /// Soft-thresholds the weights of `θ` by `step·lambda1` per coordinate
    /// (`steps[i]·lambda1` when per-coordinate steps are given): the proximal
    /// step of the l1 part.
    pub(crate) fn prox_l1(&self, theta: &mut [f64], step: f64, steps: Option<ArrayView1<f64>>) {
        if self.lambda1 == 0.0 {
            return;
        }
        for (i, w) in theta.iter_mut().take(self.n_weights()).enumerate() {
            let t = self.lambda1
                * steps
                    .as_ref()
                    .and_then(|s| s.get(i).copied())
                    .unwrap_or(step);
            *w = w.signum() * (w.abs() - t).max(0.0);
        }
    }

    /// The minimum-norm subgradient of the full objective (OWL-QN's pseudo-gradient)
    /// given the smooth gradient `grad`; zero exactly at the optimum.
    pub(crate) fn pseudo_gradient(&self, theta: &[f64], grad: &[f64], out: &mut [f64]) {
        let nw = self.n_weights();
        for (i, ((o, &g), &w)) in out.iter_mut().zip(grad).zip(theta).enumerate() {
            let l = if i < nw { self.lambda1 } else { 0.0 };
            *o = if l == 0.0 {
                g
            } else if w > 0.0 {
                g + l
            } else if w < 0.0 {
                g - l
            } else if g + l < 0.0 {
                g + l
            } else if g - l > 0.0 {
                g - l
            } else {
                0.0
            };
        }
    }
}

#[cfg(test)]
mod tests;
