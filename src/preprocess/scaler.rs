//! Standardisation, fitted on a training fold and applied to any fold.
//!
//! As scikit-learn's `StandardScaler`: centre on the training mean, divide by the
//! training population standard deviation (ddof = 0), and leave a constant column
//! unscaled (its std is taken as 1).
//!
//! ```
//! use ndarray::array;
//! use tunelab::preprocess::StandardScaler;
//! let train = array![[1.0, 5.0], [3.0, 5.0]];
//! let scaler = StandardScaler::fit(train.view());
//! assert_eq!(scaler.transform(train.view()), array![[-1.0, 0.0], [1.0, 0.0]]);
//! assert_eq!(scaler.transform(array![[5.0, 6.0]].view()), array![[3.0, 1.0]]);
//! ```

use crate::collect::CollectVec;
use ndarray::{Array1, Array2, ArrayView2, Axis};
use serde::Serialize;

/// Per-feature mean and scale learned from training data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StandardScaler {
    /// Mean of each feature on the training data.
    pub mean: Array1<f64>,
    /// Population standard deviation of each feature (1 where it was 0).
    pub scale: Array1<f64>,
}

impl StandardScaler {
    /// Learns mean and scale from `x` (one row per sample). With no rows, the
    /// scaler is the identity.
    pub fn fit(x: ArrayView2<f64>) -> Self {
        Self::fit_with(x, x.nrows(), |i| i)
    }

    /// [`StandardScaler::fit`] on the rows `rows` of `x`, in that order, without
    /// copying them out: the same statistics, bit for bit, as fitting
    /// `x.select(Axis(0), rows)`. Indices past `x`'s rows are skipped.
    pub fn fit_rows(x: ArrayView2<f64>, rows: &[usize]) -> Self {
        let rows: Vec<usize> = rows
            .iter()
            .copied()
            .filter(|&i| i < x.nrows())
            .collect_vec();
        Self::fit_with(x, rows.len(), |t| rows[t])
    }

    /// The fit over `n` rows, the `t`-th being row `row(t)` of `x`.
    fn fit_with(x: ArrayView2<f64>, n: usize, row: impl Fn(usize) -> usize) -> Self {
        let p = x.ncols();
        if n == 0 {
            return StandardScaler {
                mean: Array1::zeros(p),
                scale: Array1::ones(p),
            };
        }
        let nf = n as f64;
        let rows = || (0..n).map(|t| x.row(row(t)));
        // Two passes (mean, then squared deviations) as numpy does, for accuracy.
        let mut sum = Array1::<f64>::zeros(p);
        for r in rows() {
            sum.iter_mut().zip(r).for_each(|(s, v)| *s += v);
        }
        let mut mean = sum / nf;
        // Values near f64::MAX overflow the plain sum: average them scaled down.
        for (j, m) in mean.iter_mut().enumerate() {
            if !m.is_finite() {
                let big = rows().fold(0.0f64, |a, r| a.max(r[j].abs()));
                *m = big * rows().map(|r| r[j] / big / nf).sum::<f64>();
            }
        }
        let mut var = Array1::<f64>::zeros(p);
        for r in rows() {
            for ((v, &xi), &m) in var.iter_mut().zip(r).zip(&mean) {
                *v += (xi - m) * (xi - m);
            }
        }
        let mut scale = var.mapv(|v| (v / nf).sqrt());
        for (j, s) in scale.iter_mut().enumerate() {
            if !s.is_finite() {
                // Squares overflowed: measure the spread in units of the largest deviation.
                let big = rows().fold(0.0f64, |a, r| a.max((r[j] - mean[j]).abs()));
                let ss: f64 = rows().map(|r| ((r[j] - mean[j]) / big).powi(2)).sum();
                *s = big * (ss / nf).sqrt();
            }
            if *s == 0.0 || !s.is_finite() {
                *s = 1.0;
            }
        }
        StandardScaler { mean, scale }
    }

    /// [`StandardScaler::transform`] of the rows `rows` of `x`, in that order,
    /// gathered and scaled in one pass: the same values as transforming
    /// `x.select(Axis(0), rows)`, with one matrix made instead of two. Indices past
    /// `x`'s rows are skipped.
    pub fn transform_rows(&self, x: ArrayView2<f64>, rows: &[usize]) -> Array2<f64> {
        let rows: Vec<usize> = rows
            .iter()
            .copied()
            .filter(|&i| i < x.nrows())
            .collect_vec();
        let p = x.ncols();
        if let (Some(xs), Some(mean), Some(scale), true) = (
            x.as_slice(),
            self.mean.as_slice(),
            self.scale.as_slice(),
            p > 0,
        ) {
            // Rows as slices, so that the loop runs on vectors (the same divisions,
            // so the same bits): it scales every row a fold's scores read.
            let mut out = vec![0.0; rows.len() * p];
            for (o, &i) in out.chunks_exact_mut(p).zip(&rows) {
                let Some(row) = xs.get(i * p..(i + 1) * p) else {
                    continue;
                };
                for (((v, &xi), &m), &s) in o.iter_mut().zip(row).zip(mean).zip(scale) {
                    *v = (xi - m) / s;
                }
            }
            if let Ok(out) = Array2::from_shape_vec((rows.len(), p), out) {
                return out;
            }
        }
        let mut out = Array2::zeros((rows.len(), p));
        for (mut o, &i) in out.axis_iter_mut(Axis(0)).zip(&rows) {
            for (((v, &xi), &m), &s) in o.iter_mut().zip(x.row(i)).zip(&self.mean).zip(&self.scale)
            {
                *v = (xi - m) / s;
            }
        }
        out
    }

    /// `(x − mean) / scale`, column by column.
    pub fn transform(&self, x: ArrayView2<f64>) -> Array2<f64> {
        let mut out = x.to_owned();
        self.transform_in_place(&mut out);
        out
    }

    /// [`StandardScaler::transform`] of `x`, written over it.
    pub fn transform_in_place(&self, x: &mut Array2<f64>) {
        for mut row in x.axis_iter_mut(Axis(0)) {
            for ((v, &m), &s) in row.iter_mut().zip(&self.mean).zip(&self.scale) {
                *v = (*v - m) / s;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn fitting_and_scaling_rows_in_place_equals_cutting_them_out_first() {
        let x = Array2::from_shape_fn((40, 5), |(i, j)| {
            ((i * 5 + j) as f64 * 0.61).sin() * 10f64.powi(j as i32) + j as f64 * 1e3
        });
        let rows = [7, 3, 39, 12, 0, 21, 22, 5, 30];
        let cut = x.select(Axis(0), &rows);
        let want = StandardScaler::fit(cut.view());
        let got = StandardScaler::fit_rows(x.view(), &rows);
        assert_eq!(got, want);
        assert_eq!(
            got.transform_rows(x.view(), &rows),
            want.transform(cut.view())
        );
        let others = [1, 2, 4];
        assert_eq!(
            got.transform_rows(x.view(), &others),
            want.transform(x.select(Axis(0), &others).view())
        );
    }

    #[test]
    fn values_near_the_largest_float_do_not_overflow() {
        let big = 1.7e308;
        let x = ndarray::array![[big], [-big], [big], [-big]];
        let s = StandardScaler::fit(x.view());
        assert_eq!(s.mean[0], 0.0);
        assert!((s.scale[0] / big - 1.0).abs() < 1e-12, "{}", s.scale[0]);
        assert_eq!(
            s.transform(x.view()),
            ndarray::array![[1.0], [-1.0], [1.0], [-1.0]]
        );
    }

    #[test]
    fn constant_columns_keep_unit_scale_and_test_data_uses_training_statistics() {
        let train = array![[0.0, 2.0], [2.0, 2.0], [4.0, 2.0]];
        let s = StandardScaler::fit(train.view());
        assert_eq!(s.mean, array![2.0, 2.0]);
        assert!((s.scale[0] - (8.0f64 / 3.0).sqrt()).abs() < 1e-15);
        assert_eq!(s.scale[1], 1.0);
        let t = s.transform(array![[2.0, 3.0]].view());
        assert_eq!(t, array![[0.0, 1.0]]);
    }
}
