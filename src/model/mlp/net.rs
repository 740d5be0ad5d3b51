//! The network itself: its weights ([`MlpWeights`]) and their flat layout, the
//! initialisation, and the forward and backward pass on a batch
//! ([`loss_and_gradient`]) with the output layer's loss.

use crate::math;
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, ArrayViewMut1, ArrayViewMut2, Axis};
use rand::Rng;
use rand_pcg::Pcg64Mcg;
use serde::Serialize;

use super::params::{Activation, MlpTarget};
use super::rows::RowSource;
use crate::error::{Error, Result};
use crate::model::kernels;
use crate::model::objective::{sigmoid, softmax_in_place};

impl Activation {
    /// Adds the intercepts to each row of `buf` (rows of `bias.len()` units, one
    /// after the other) and applies the activation; the match is outside the loop.
    pub(super) fn add_and_apply(self, buf: &mut [f64], bias: &[f64]) {
        fn run(buf: &mut [f64], bias: &[f64], f: impl Fn(f64) -> f64) {
            if bias.is_empty() {
                return;
            }
            for row in buf.chunks_exact_mut(bias.len()) {
                for (a, b) in row.iter_mut().zip(bias) {
                    *a = f(*a + b);
                }
            }
        }
        match self {
            Activation::Identity => kernels::add_rows(buf, bias, false),
            Activation::Logistic => run(buf, bias, sigmoid),
            Activation::Tanh => run(buf, bias, f64::tanh),
            // `Activation::Relu.apply`, in vector lanes in the wasm.
            Activation::Relu => kernels::add_rows(buf, bias, true),
        }
    }

    /// Multiplies each delta by the derivative at the matching activation value.
    fn multiply_derivative(self, delta: &mut [f64], activations: &[f64]) {
        fn run(delta: &mut [f64], activations: &[f64], f: impl Fn(f64) -> f64) {
            for (d, &a) in delta.iter_mut().zip(activations) {
                *d *= f(a);
            }
        }
        match self {
            Activation::Identity => {}
            Activation::Logistic => run(delta, activations, |a| a * (1.0 - a)),
            Activation::Tanh => run(delta, activations, |a| 1.0 - a * a),
            // `Activation::Relu.derivative`, in vector lanes in the wasm.
            Activation::Relu => kernels::mul_relu_derivative(delta, activations),
        }
    }
}

/// The weights of the network, shaped as scikit-learn's `coefs_` and `intercepts_`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MlpWeights {
    /// `coefs[0]`: input → hidden, shape `(n_features, hidden)`;
    /// `coefs[1]`: hidden → output, shape `(hidden, n_outputs)`.
    pub coefs: [Array2<f64>; 2],
    /// `intercepts[0]`: shape `(hidden,)`; `intercepts[1]`: shape `(n_outputs,)`.
    pub intercepts: [Array1<f64>; 2],
}

impl MlpWeights {
    /// Zero weights for a network of the given sizes.
    pub fn zeros(n_features: usize, hidden: usize, n_outputs: usize) -> Self {
        MlpWeights {
            coefs: [
                Array2::zeros((n_features, hidden)),
                Array2::zeros((hidden, n_outputs)),
            ],
            intercepts: [Array1::zeros(hidden), Array1::zeros(n_outputs)],
        }
    }

    /// All parameters flattened: `coefs[0]` row by row, `intercepts[0]`,
    /// `coefs[1]` row by row, `intercepts[1]` (the order of history snapshots).
    pub fn to_flat(&self) -> Vec<f64> {
        let mut theta = Vec::with_capacity(
            self.coefs[0].len()
                + self.intercepts[0].len()
                + self.coefs[1].len()
                + self.intercepts[1].len(),
        );
        theta.extend(self.coefs[0].iter());
        theta.extend(self.intercepts[0].iter());
        theta.extend(self.coefs[1].iter());
        theta.extend(self.intercepts[1].iter());
        theta
    }

    /// The layer sizes these weights describe, after checking that the four arrays
    /// agree.
    pub(super) fn shape(&self) -> Result<Shape> {
        let (f, h) = self.coefs[0].dim();
        let (h1, o) = self.coefs[1].dim();
        if h1 != h || self.intercepts[0].len() != h || self.intercepts[1].len() != o {
            return Err(Error::Shape(format!(
                "coefs[0] is {f}×{h}, intercepts[0] has {}, coefs[1] is {h1}×{o}, \
                 intercepts[1] has {}; expected n_features×h, h, h×n_outputs, n_outputs",
                self.intercepts[0].len(),
                self.intercepts[1].len()
            )));
        }
        Shape::new(f, h, o)
    }

    /// Rebuilds weights from a flat vector in [`MlpWeights::to_flat`] order.
    pub(super) fn from_flat(shape: Shape, theta: &[f64]) -> Result<Self> {
        let (c0, b0, c1, b1) = shape.views(theta)?;
        Ok(MlpWeights {
            coefs: [c0.to_owned(), c1.to_owned()],
            intercepts: [b0.to_owned(), b1.to_owned()],
        })
    }
}

/// Glorot's uniform bound as scikit-learn's `_init_coef`:
/// `sqrt(factor / (fan_in + fan_out))` with `factor = 2` for the logistic
/// activation and `6` otherwise.
pub fn glorot_bound(fan_in: usize, fan_out: usize, activation: Activation) -> f64 {
    let factor = if activation == Activation::Logistic {
        2.0
    } else {
        6.0
    };
    (factor / (fan_in + fan_out) as f64).sqrt()
}

/// scikit-learn's loss and gradient (`MLP._backprop`) on the whole of `x`:
/// returns `data_loss + ½·alpha·(‖W₀‖² + ‖W₁‖²)/n` and its gradient, shaped as
/// `weights`. The output layer follows the target (logistic for two classes,
/// softmax for more, identity for values) and must have matching width
/// ([`MlpTarget::n_outputs`]). Errs when shapes disagree or labels are out of range.
pub fn loss_and_gradient(
    weights: &MlpWeights,
    x: ArrayView2<f64>,
    target: &MlpTarget,
    alpha: f64,
    activation: Activation,
) -> Result<(f64, MlpWeights)> {
    let shape = weights.shape()?;
    let kind = target.kind()?;
    check_data(x, target, shape.f)?;
    if shape.o != target.n_outputs() {
        return Err(Error::Shape(format!(
            "the network has {} outputs but the target needs {}",
            shape.o,
            target.n_outputs()
        )));
    }
    let net = Net {
        shape,
        activation,
        output: kind.output(),
    };
    let theta = weights.to_flat();
    let y = target.flat_matrix();
    let mut ws = Workspace::new(x.nrows(), shape);
    let mut grad = vec![0.0; shape.len];
    let (data, penalty) = net.batch(&theta, x, &y, alpha, &mut ws, Some(&mut grad))?;
    Ok((data + penalty, MlpWeights::from_flat(shape, &grad)?))
}

/// Checks that `x` is non-empty, finite, `n_features` wide and as long as `target`.
pub(super) fn check_data(x: ArrayView2<f64>, target: &MlpTarget, n_features: usize) -> Result<()> {
    check_shape((x.nrows(), x.ncols()), target, n_features)?;
    if x.iter().any(|v| !v.is_finite()) {
        return Err(Error::InvalidData(
            "x holds a value that is not a finite number".into(),
        ));
    }
    Ok(())
}

/// Checks that `rows × cols` inputs are non-empty, `n_features` wide and as long as
/// `target` ([`check_data`] without looking at the values).
pub(super) fn check_shape(
    (rows, cols): (usize, usize),
    target: &MlpTarget,
    n_features: usize,
) -> Result<()> {
    if rows == 0 || cols == 0 {
        return Err(Error::InvalidData(format!(
            "the network needs at least one row and one feature, x is {rows}×{cols}"
        )));
    }
    if cols != n_features {
        return Err(Error::Shape(format!(
            "the network has {n_features} inputs but x has {cols} columns"
        )));
    }
    if rows != target.len() {
        return Err(Error::Shape(format!(
            "x has {rows} rows but the target has {}",
            target.len()
        )));
    }
    Ok(())
}

/// The output layer's activation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum OutputActivation {
    Logistic,
    Softmax,
    Identity,
}

impl OutputActivation {
    pub(super) fn apply(self, mut out: ArrayViewMut2<f64>) {
        match self {
            OutputActivation::Logistic => out.mapv_inplace(sigmoid),
            OutputActivation::Softmax => {
                for row in out.axis_iter_mut(Axis(0)) {
                    softmax_in_place(row);
                }
            }
            OutputActivation::Identity => {}
        }
    }

    /// Adds the intercepts to each row of `out` (rows of `bias.len()` outputs,
    /// one after the other) and applies the activation.
    fn add_and_apply(self, out: &mut [f64], bias: &[f64]) {
        if bias.is_empty() {
            return;
        }
        for row in out.chunks_exact_mut(bias.len()) {
            for (v, b) in row.iter_mut().zip(bias) {
                *v += b;
            }
            match self {
                OutputActivation::Logistic => row.iter_mut().for_each(|v| *v = sigmoid(*v)),
                OutputActivation::Softmax => {
                    softmax_in_place(ArrayViewMut1::from(row));
                }
                OutputActivation::Identity => {}
            };
        }
    }

    /// scikit-learn's data loss of activated outputs against targets (both row by
    /// row), as a mean over `rows`: `binary_log_loss`, `log_loss` or `squared_loss`.
    fn loss(self, out: &[f64], y: &[f64], rows: usize) -> f64 {
        self.loss_mean(self.loss_sum(out, y, 0.0), rows, out.len())
    }

    /// `sum` plus the terms of [`OutputActivation::loss`]'s sum for these outputs,
    /// added one at a time in order: the sum over many batches, each continuing the
    /// last one's, is the one-pass sum bit for bit.
    fn loss_sum(self, out: &[f64], y: &[f64], mut sum: f64) -> f64 {
        let pairs = out.iter().zip(y);
        match self {
            OutputActivation::Logistic => pairs.for_each(|(&p, &t)| {
                let p = p.clamp(f64::EPSILON, 1.0 - f64::EPSILON);
                // xlogy: a zero target contributes zero.
                if t != 0.0 {
                    sum += t * math::ln(p);
                }
                if t != 1.0 {
                    sum += (1.0 - t) * math::ln(1.0 - p);
                }
            }),
            OutputActivation::Softmax => pairs.for_each(|(&p, &t)| {
                if t != 0.0 {
                    sum += t * math::ln(p.clamp(f64::EPSILON, 1.0 - f64::EPSILON));
                }
            }),
            // The squares are never -0.0, so starting from 0.0 rather than `Sum`'s
            // -0.0 changes no bit.
            OutputActivation::Identity => pairs.for_each(|(&p, &t)| sum += (t - p) * (t - p)),
        }
        sum
    }

    /// The loss of a [`OutputActivation::loss_sum`] over `rows` rows and `entries`
    /// outputs in all.
    fn loss_mean(self, sum: f64, rows: usize, entries: usize) -> f64 {
        match self {
            OutputActivation::Logistic | OutputActivation::Softmax => -sum / rows as f64,
            OutputActivation::Identity => 0.5 * sum / entries.max(1) as f64,
        }
    }
}

/// Layer sizes and the offsets of the four parameter blocks in the flat vector.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Shape {
    pub(super) f: usize,
    pub(super) h: usize,
    pub(super) o: usize,
    /// End of `coefs[0]`, of `intercepts[0]`, of `coefs[1]`; `len` ends `intercepts[1]`.
    pub(super) ends: [usize; 3],
    pub(super) len: usize,
}

impl Shape {
    pub(super) fn new(f: usize, h: usize, o: usize) -> Result<Self> {
        let too_big = || Error::InvalidParam {
            name: "hidden_layer_sizes".into(),
            value: h.to_string(),
            reason: format!("a network with {f} inputs and {o} outputs would not fit in memory"),
        };
        let c0 = f.checked_mul(h).ok_or_else(too_big)?;
        let b0 = c0.checked_add(h).ok_or_else(too_big)?;
        let c1 = h
            .checked_mul(o)
            .and_then(|c| c.checked_add(b0))
            .ok_or_else(too_big)?;
        let len = c1.checked_add(o).ok_or_else(too_big)?;
        Ok(Shape {
            f,
            h,
            o,
            ends: [c0, b0, c1],
            len,
        })
    }

    /// The four blocks of `theta` as arrays.
    #[allow(clippy::type_complexity)]
    fn views<'a>(
        &self,
        theta: &'a [f64],
    ) -> Result<(
        ArrayView2<'a, f64>,
        ArrayView1<'a, f64>,
        ArrayView2<'a, f64>,
        ArrayView1<'a, f64>,
    )> {
        let [e0, e1, e2] = self.ends;
        let blocks = (
            theta.get(..e0),
            theta.get(e0..e1),
            theta.get(e1..e2),
            theta.get(e2..self.len),
        );
        let (Some(c0), Some(b0), Some(c1), Some(b1)) = blocks else {
            return Err(self.mismatch(theta.len()));
        };
        Ok((
            ArrayView2::from_shape((self.f, self.h), c0).map_err(shape_error)?,
            ArrayView1::from(b0),
            ArrayView2::from_shape((self.h, self.o), c1).map_err(shape_error)?,
            ArrayView1::from(b1),
        ))
    }

    /// The four blocks of `theta`: `coefs[0]`, `intercepts[0]`, `coefs[1]`,
    /// `intercepts[1]`, each row by row.
    fn blocks<'a>(&self, theta: &'a [f64]) -> Result<[&'a [f64]; 4]> {
        let [e0, e1, e2] = self.ends;
        if theta.len() != self.len {
            return Err(self.mismatch(theta.len()));
        }
        let (c0, rest) = theta.split_at(e0);
        let (b0, rest) = rest.split_at(e1 - e0);
        let (c1, b1) = rest.split_at(e2 - e1);
        Ok([c0, b0, c1, b1])
    }

    /// The four blocks of `theta`, mutable.
    #[allow(clippy::type_complexity)]
    fn blocks_mut<'a>(
        &self,
        theta: &'a mut [f64],
    ) -> Result<(&'a mut [f64], &'a mut [f64], &'a mut [f64], &'a mut [f64])> {
        let [e0, e1, e2] = self.ends;
        if theta.len() != self.len {
            return Err(self.mismatch(theta.len()));
        }
        let (c0, rest) = theta.split_at_mut(e0);
        let (b0, rest) = rest.split_at_mut(e1 - e0);
        let (c1, b1) = rest.split_at_mut(e2 - e1);
        Ok((c0, b0, c1, b1))
    }

    fn mismatch(&self, found: usize) -> Error {
        Error::Shape(format!(
            "expected {} parameters for a {}-{}-{} network, found {found}",
            self.len, self.f, self.h, self.o
        ))
    }

    /// `‖W₀‖² + ‖W₁‖²` (intercepts excluded).
    fn weights_squared(&self, theta: &[f64]) -> f64 {
        let [e0, e1, e2] = self.ends;
        let sq = |r: std::ops::Range<usize>| {
            theta
                .get(r)
                .map_or(0.0, |w| w.iter().map(|v| v * v).sum::<f64>())
        };
        sq(0..e0) + sq(e1..e2)
    }
}

pub(super) fn shape_error(e: ndarray::ShapeError) -> Error {
    Error::Shape(e.to_string())
}

/// Per-row buffers, row by row, allocated once for the largest batch.
#[derive(Debug)]
pub(super) struct Workspace {
    /// Hidden activations, `rows × h`.
    hidden: Vec<f64>,
    /// Output activations, then the output delta, `rows × o`.
    out: Vec<f64>,
    /// Hidden delta, `rows × h`.
    delta: Vec<f64>,
    /// Room for transposed small matrices (`W₁ᵀ`, a gradient built transposed).
    scratch: Vec<f64>,
}

impl Workspace {
    /// The most rows a batch may have: `rows` of [`Workspace::new`].
    fn rows(&self, shape: Shape) -> usize {
        self.hidden.len() / shape.h.max(1)
    }

    pub(super) fn new(rows: usize, shape: Shape) -> Self {
        Workspace {
            hidden: vec![0.0; rows * shape.h],
            out: vec![0.0; rows * shape.o],
            delta: vec![0.0; rows * shape.h],
            scratch: Vec::with_capacity(shape.h * shape.o),
        }
    }
}

/// A network's architecture: what turns a flat parameter vector into losses.
#[derive(Debug, Clone, Copy)]
pub(super) struct Net {
    pub(super) shape: Shape,
    pub(super) activation: Activation,
    pub(super) output: OutputActivation,
}

impl Net {
    /// Glorot-uniform parameters in scikit-learn's order: `coefs[0]`,
    /// `intercepts[0]`, `coefs[1]`, `intercepts[1]` — which is the flat order.
    pub(super) fn init(&self, rng: &mut Pcg64Mcg) -> Vec<f64> {
        let Shape { f, h, o, ends, len } = self.shape;
        let hidden = glorot_bound(f, h, self.activation);
        let output = glorot_bound(h, o, self.activation);
        (0..len)
            .map(|i| {
                let bound = if i < ends[1] { hidden } else { output };
                // numpy's uniform(low, high): low + (high − low)·u, u in [0, 1).
                -bound + 2.0 * bound * rng.random::<f64>()
            })
            .collect()
    }

    /// `½·alpha·(‖W₀‖² + ‖W₁‖²) / rows`.
    pub(super) fn penalty(&self, theta: &[f64], alpha: f64, rows: usize) -> f64 {
        0.5 * alpha * self.shape.weights_squared(theta) / rows as f64
    }

    /// Forward and (with `grad`) backward pass on one batch, as scikit-learn's
    /// `_backprop`; `y` holds the batch's targets row by row. Returns
    /// `(data_loss, alpha term)` of the batch and writes the gradient of their sum
    /// into `grad`.
    pub(super) fn batch(
        &self,
        theta: &[f64],
        x: ArrayView2<f64>,
        y: &[f64],
        alpha: f64,
        ws: &mut Workspace,
        grad: Option<&mut [f64]>,
    ) -> Result<(f64, f64)> {
        let Shape { f, h, o, .. } = self.shape;
        let m = x.nrows();
        let buffers = (
            ws.hidden.get_mut(..m * h),
            ws.out.get_mut(..m * o),
            ws.delta.get_mut(..m * h),
        );
        let (Some(hidden), Some(out), Some(delta)) = buffers else {
            return Err(Error::Shape(format!(
                "a batch of {m} rows is larger than the workspace"
            )));
        };
        if m == 0 || x.ncols() != f || y.len() != m * o {
            return Err(Error::Shape(format!(
                "a batch of {m}×{} inputs with {} targets does not fit a {f}-{h}-{o} network",
                x.ncols(),
                y.len()
            )));
        }
        let [w0_flat, _, w1_flat, _] = self.shape.blocks(theta)?;
        // The kernels want the batch's rows contiguous (a view of shuffled rows is
        // copied once).
        let x = x.as_standard_layout();
        let x_flat = x
            .as_slice()
            .ok_or_else(|| Error::Shape("the batch is not contiguous".into()))?;
        self.forward(theta, x_flat, m, hidden, out)?;

        let data = self.output.loss(out, y, m);
        let penalty = self.penalty(theta, alpha, m);
        let Some(grad) = grad else {
            return Ok((data, penalty));
        };

        // Backward, as scikit-learn's `_backprop` and `_compute_loss_grad`: the
        // output delta is ŷ − y; coefficient gradients (a_prevᵀ·δ + alpha·W)/m,
        // intercept gradients mean(δ).
        for (d, t) in out.iter_mut().zip(y) {
            *d -= t;
        }
        let scale = 1.0 / m as f64;
        let (g0, gb0, g1, gb1) = self.shape.blocks_mut(grad)?;
        kernels::mat_tn(scale, hidden, out, g1, (m, h, o), &mut ws.scratch);
        add_scaled(g1, alpha * scale, w1_flat);
        column_mean(out, gb1);

        // δ_hidden = δ_out·W₁ᵀ, times the activation's derivative.
        kernels::transpose_into(w1_flat, h, o, &mut ws.scratch);
        kernels::mat_nn(1.0, out, &ws.scratch, delta, m, o, h);
        self.activation.multiply_derivative(delta, hidden);
        kernels::mat_tn(scale, x_flat, delta, g0, (m, f, h), &mut ws.scratch);
        add_scaled(g0, alpha * scale, w0_flat);
        column_mean(delta, gb0);
        Ok((data, penalty))
    }

    /// The forward pass on `m` rows (`x` row-major; `hidden` holds `m × h` entries and
    /// `out` `m × o`): `hidden = act(x·W₀ + b₀)`, `out = out_act(hidden·W₁ + b₁)`.
    /// Each row's outputs depend on that row alone, computed the same way whatever
    /// `m` is.
    fn forward(
        &self,
        theta: &[f64],
        x: &[f64],
        m: usize,
        hidden: &mut [f64],
        out: &mut [f64],
    ) -> Result<()> {
        let Shape { f, h, o, .. } = self.shape;
        let [w0_flat, b0, w1_flat, b1] = self.shape.blocks(theta)?;
        kernels::mat_nn(1.0, x, w0_flat, hidden, m, f, h);
        self.activation.add_and_apply(hidden, b0);
        kernels::mat_nn(1.0, hidden, w1_flat, out, m, h, o);
        self.output.add_and_apply(out, b1);
        Ok(())
    }

    /// [`Net::batch`] on every training row, in pieces of as many rows as `ws` holds
    /// where there are more (a mini-batch solver's workspace is one batch long, not
    /// the data's length). The data loss is the one-pass loss bit for bit (the rows'
    /// terms add up in the same order); the gradient is the pieces' gradients
    /// combined, equal to the one-pass gradient up to rounding.
    pub(super) fn evaluate(
        &self,
        theta: &[f64],
        x: &RowSource,
        y: &[f64],
        alpha: f64,
        ws: &mut Workspace,
        grad: Option<&mut [f64]>,
    ) -> Result<(f64, f64)> {
        let Shape { f, h, o, .. } = self.shape;
        let n = x.len();
        let piece = ws.rows(self.shape);
        let mut buffer = Vec::new();
        /// The training rows `begin..end` and their targets (`o` a row).
        fn rows_and_targets<'b>(
            x: &'b RowSource,
            y: &'b [f64],
            o: usize,
            (begin, end): (usize, usize),
            buffer: &'b mut Vec<f64>,
        ) -> Result<(&'b [f64], &'b [f64])> {
            let missing = || {
                Error::Shape(format!(
                    "the training rows {begin}..{end} could not be read"
                ))
            };
            x.range(begin, end, buffer)
                .zip(y.get(begin * o..end * o))
                .ok_or_else(missing)
        }
        /// The first `m` rows of `rows` (`f` entries each) as a matrix.
        fn as_matrix(rows: &[f64], m: usize, f: usize) -> Result<ArrayView2<'_, f64>> {
            let rows = rows
                .get(..m * f)
                .ok_or_else(|| Error::Shape(format!("fewer than {m} rows of {f} inputs")))?;
            ArrayView2::from_shape((m, f), rows).map_err(shape_error)
        }
        if x.width() != f {
            return Err(Error::Shape(format!(
                "rows of {} inputs for a {f}-{h}-{o} network",
                x.width()
            )));
        }
        if n <= piece {
            let rows = x
                .range(0, n, &mut buffer)
                .ok_or_else(|| Error::Shape("the training rows could not be read".into()))?;
            return self.batch(theta, as_matrix(rows, n, f)?, y, alpha, ws, grad);
        }
        if piece == 0 || y.len() != n * o {
            return Err(Error::Shape(format!(
                "{n} rows with {} targets do not fit a {f}-{h}-{o} network",
                y.len()
            )));
        }
        let starts = || (0..n).step_by(piece).map(|b| (b, (b + piece).min(n)));
        let mut sum = 0.0;
        for (begin, end) in starts() {
            let m = end - begin;
            let (xc, yc) = rows_and_targets(x, y, o, (begin, end), &mut buffer)?;
            let (Some(hidden), Some(out)) = (ws.hidden.get_mut(..m * h), ws.out.get_mut(..m * o))
            else {
                return Err(Error::Shape(format!(
                    "a piece of {m} rows is larger than the workspace"
                )));
            };
            self.forward(theta, xc, m, hidden, out)?;
            sum = self.output.loss_sum(out, yc, sum);
        }
        let loss = (
            self.output.loss_mean(sum, n, n * o),
            self.penalty(theta, alpha, n),
        );
        let Some(grad) = grad else {
            return Ok(loss);
        };
        // Each piece's gradient without the penalty is a mean over its rows: weighted
        // by its share of the rows they add up to the data's; the penalty's gradient
        // alpha·W/n once, as `batch` adds it.
        grad.iter_mut().for_each(|g| *g = 0.0);
        let mut piece_grad = vec![0.0; grad.len()];
        for (begin, end) in starts() {
            let m = end - begin;
            let (xc, yc) = rows_and_targets(x, y, o, (begin, end), &mut buffer)?;
            self.batch(
                theta,
                as_matrix(xc, m, f)?,
                yc,
                0.0,
                ws,
                Some(&mut piece_grad),
            )?;
            let share = m as f64 / n as f64;
            add_scaled(grad, share, &piece_grad);
        }
        let [w0, _, w1, _] = self.shape.blocks(theta)?;
        let (g0, _, g1, _) = self.shape.blocks_mut(grad)?;
        add_scaled(g0, alpha / n as f64, w0);
        add_scaled(g1, alpha / n as f64, w1);
        Ok(loss)
    }
}

/// `a += k·b`, entry by entry.
fn add_scaled(a: &mut [f64], k: f64, b: &[f64]) {
    for (a, b) in a.iter_mut().zip(b) {
        *a += k * b;
    }
}

/// Writes into `mean` the column means of `a`, rows of `mean.len()` entries one
/// after the other.
fn column_mean(a: &[f64], mean: &mut [f64]) {
    mean.fill(0.0);
    if mean.is_empty() {
        return;
    }
    let rows = a.len() / mean.len();
    for row in a.chunks_exact(mean.len()) {
        // `m += 1·v` is `m += v`, bit for bit; `axpy` has the wasm's vector lanes.
        kernels::axpy(1.0, row, mean);
    }
    let rows = rows.max(1) as f64;
    for m in mean.iter_mut() {
        *m /= rows;
    }
}
