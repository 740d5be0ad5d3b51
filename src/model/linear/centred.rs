//! The training data as the solvers see it (centred, column by column), the
//! recording of a state into the history, and the vector helpers they share.

use ndarray::ArrayView2;

use super::LinearParams;
use crate::error::{Error, Result};
use crate::model::Affine;
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
        check_not_empty(n, p)?;
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
        Ok(Centred::with_targets(
            (n, p),
            cols,
            x_mean,
            y.to_vec(),
            fit_intercept,
        ))
    }

    /// What [`Centred::new`] gives on the matrix of the rows `rows` of `x`, each
    /// standardised by `affine` as a scaler's `transform` does (`(v − mean) / scale`),
    /// and their targets — bit for bit, without that matrix: the rows are read from
    /// `x` where they lie. `y` holds the target of every row of `x`. A value that is
    /// not a finite number is named by its row in `x`.
    pub(super) fn from_rows(
        x: ArrayView2<f64>,
        y: &[f64],
        rows: &[usize],
        affine: Option<Affine<'_>>,
        fit_intercept: bool,
    ) -> Result<Self> {
        let (n, p) = (rows.len(), x.ncols());
        if x.nrows() != y.len() {
            return Err(Error::Shape(format!(
                "x has {} rows but y has {} values",
                x.nrows(),
                y.len()
            )));
        }
        if let Some(&r) = rows.iter().find(|&&r| r >= x.nrows()) {
            return Err(Error::Shape(format!(
                "row {r} asked for, but x has {} rows",
                x.nrows()
            )));
        }
        if affine.is_some_and(|a| a.mean.len() != p || a.scale.len() != p) {
            return Err(Error::Shape(format!(
                "the scaler was fitted on another number of columns than the {p} of x"
            )));
        }
        check_not_empty(n, p)?;
        let mut cols = vec![0.0; n * p];
        let mut x_mean = vec![0.0; p];
        for (j, col) in cols.chunks_exact_mut(n).enumerate() {
            let column = x.column(j);
            for (c, &r) in col.iter_mut().zip(rows) {
                let v = column[r];
                *c = match affine {
                    Some(a) => (v - a.mean[j]) / a.scale[j],
                    None => v,
                };
                if !c.is_finite() {
                    return Err(Error::InvalidData(format!(
                        "feature value at row {}, column {} is {c}, not a finite number",
                        r + 1,
                        j + 1
                    )));
                }
            }
            if fit_intercept {
                // ndarray's sum of a column of a row-major matrix: one running sum where
                // the column is strided, its unrolled sum where it lies contiguous (one
                // column, or one row).
                let sum = if p == 1 || n == 1 {
                    ndarray::ArrayView1::from(&*col).sum()
                } else {
                    0.0 + col.iter().fold(0.0, |acc, &v| acc + v)
                };
                let mean = sum / n as f64;
                x_mean[j] = mean;
                col.iter_mut().for_each(|v| *v -= mean);
            }
        }
        let y_rows: Vec<f64> = rows.iter().map(|&r| y[r]).collect();
        if let Some((&r, v)) = rows.iter().zip(&y_rows).find(|(_, v)| !v.is_finite()) {
            return Err(Error::InvalidData(format!(
                "target at row {} is {v}, not a finite number",
                r + 1
            )));
        }
        Ok(Centred::with_targets(
            (n, p),
            cols,
            x_mean,
            y_rows,
            fit_intercept,
        ))
    }

    /// The data from its centred feature columns and their means, and the targets `y`,
    /// centred here when fitting an intercept (by NumPy's pairwise mean, as
    /// scikit-learn's `_preprocess_data` takes it).
    fn with_targets(
        (n, p): (usize, usize),
        cols: Vec<f64>,
        x_mean: Vec<f64>,
        mut y: Vec<f64>,
        fit_intercept: bool,
    ) -> Centred {
        let y_mean = if fit_intercept {
            crate::metrics::numpy_mean(&y)
        } else {
            0.0
        };
        y.iter_mut().for_each(|v| *v -= y_mean);
        Centred {
            n,
            p,
            cols,
            y,
            x_mean,
            y_mean,
        }
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

/// An error when there are no rows or no features to fit on.
fn check_not_empty(n: usize, p: usize) -> Result<()> {
    if n == 0 {
        return Err(Error::InvalidData("cannot fit a model on zero rows".into()));
    }
    if p == 0 {
        return Err(Error::InvalidData(
            "cannot fit a model on zero features".into(),
        ));
    }
    Ok(())
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
