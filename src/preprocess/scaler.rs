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
        let n = x.nrows();
        if n == 0 {
            return StandardScaler {
                mean: Array1::zeros(x.ncols()),
                scale: Array1::ones(x.ncols()),
            };
        }
        // Two passes (mean, then squared deviations) as numpy does, for accuracy.
        let mut mean = x.sum_axis(Axis(0)) / n as f64;
        // Values near f64::MAX overflow the plain sum: average them scaled down.
        for (j, m) in mean.iter_mut().enumerate() {
            if !m.is_finite() {
                let col = x.column(j);
                let big = col.iter().fold(0.0f64, |a, v| a.max(v.abs()));
                *m = big * col.iter().map(|v| v / big / n as f64).sum::<f64>();
            }
        }
        let mut var = Array1::<f64>::zeros(x.ncols());
        for row in x.axis_iter(Axis(0)) {
            for ((v, &xi), &m) in var.iter_mut().zip(row).zip(&mean) {
                *v += (xi - m) * (xi - m);
            }
        }
        let mut scale = var.mapv(|v| (v / n as f64).sqrt());
        for (j, s) in scale.iter_mut().enumerate() {
            if !s.is_finite() {
                // Squares overflowed: measure the spread in units of the largest deviation.
                let col = x.column(j);
                let big = col.iter().fold(0.0f64, |a, v| a.max((v - mean[j]).abs()));
                let ss: f64 = col.iter().map(|v| ((v - mean[j]) / big).powi(2)).sum();
                *s = big * (ss / n as f64).sqrt();
            }
            if *s == 0.0 || !s.is_finite() {
                *s = 1.0;
            }
        }
        StandardScaler { mean, scale }
    }

    /// `(x − mean) / scale`, column by column.
    pub fn transform(&self, x: ArrayView2<f64>) -> Array2<f64> {
        let mut out = x.to_owned();
        for mut row in out.axis_iter_mut(Axis(0)) {
            for ((v, &m), &s) in row.iter_mut().zip(&self.mean).zip(&self.scale) {
                *v = (*v - m) / s;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

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
