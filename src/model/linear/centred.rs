//! The training data as the solvers see it (centred, column by column), the
//! recording of a state into the history, and the vector helpers they share.

use ndarray::ArrayView2;

use super::LinearParams;
use crate::error::{Error, Result};
use crate::model::history::Recorder;
use crate::model::kernels;

/// The training data, centred when fitting an intercept, features stored column
/// by column.
pub(super) struct Centred {
    pub(super) n: usize,
    pub(super) p: usize,
    /// Column-major `n × p` features (centred with `fit_intercept`).
    pub(super) cols: Vec<f64>,
    /// Targets (centred with `fit_intercept`).
    pub(super) y: Vec<f64>,
    x_mean: Vec<f64>,
    y_mean: f64,
}

impl Centred {
    pub(super) fn new(x: ArrayView2<f64>, y: &[f64], fit_intercept: bool) -> Result<Self> {
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

    /// An FNV-1a hash of the centred features' and targets' bits and the shape: two
    /// fits with the same fingerprint decompose the same matrix.
    pub(super) fn fingerprint(&self) -> u64 {
        let step = |h: u64, v: u64| (h ^ v).wrapping_mul(0x0100_0000_01b3);
        let h = step(step(0xcbf2_9ce4_8422_2325, self.n as u64), self.p as u64);
        let h = self.cols.iter().fold(h, |h, v| step(h, v.to_bits()));
        self.y.iter().fold(h, |h, v| step(h, v.to_bits()))
    }

    pub(super) fn col(&self, j: usize) -> &[f64] {
        &self.cols[j * self.n..(j + 1) * self.n]
    }

    /// `y_c − X_c·w`, which equals `y − X·w − b` with the implied intercept.
    pub(super) fn residual(&self, w: &[f64]) -> Vec<f64> {
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
    pub(super) fn intercept(&self, w: &[f64]) -> f64 {
        self.y_mean - dot(&self.x_mean, w)
    }
}

/// Offers the state `(w, residual r)` at `iteration` to the recorder.
pub(super) fn record(
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

/// `Σ aᵢ·bᵢ`, with four accumulators and the tail apart
/// ([`kernels::dot_then_tail`]).
pub(super) fn dot(a: &[f64], b: &[f64]) -> f64 {
    kernels::dot_then_tail(a, b)
}

/// `y += a·x` ([`kernels::axpy`]).
pub(super) fn axpy(a: f64, x: &[f64], y: &mut [f64]) {
    kernels::axpy(a, x, y);
}
