//! The closed-form solver of `LinearRegression` and `Ridge`: the thin SVD of the
//! centred features, after a Householder QR when the data is tall.

use nalgebra::{DMatrix, DVector, SVD};

use super::centred::{Centred, axpy, dot};
use crate::error::{Error, Result};

/// The thin SVD of the centred features, reduced to what ridge needs for any
/// `alpha`: `w = V·diag(s/(s² + α))·Uᵀy`. Computing it is the whole cost of a fit
/// (`O(n·p²)`); a solve for another `alpha` is `O(p²)`, so a grid along `alpha` on
/// one fold decomposes once ([`RidgeFactors::fits`] tells whether a fit's data is the
/// one decomposed).
#[derive(Debug, PartialEq)]
pub(crate) struct RidgeFactors {
    /// `Uᵀy` (of `Qᵀy` after the QR of a tall matrix).
    uty: DVector<f64>,
    /// The singular values, unordered.
    s: DVector<f64>,
    /// `Vᵀ`.
    v_t: DMatrix<f64>,
    /// `max(n, p)`, for the cutoff.
    n_max: usize,
    /// [`Centred::fingerprint`] of the data decomposed.
    key: u64,
}

impl RidgeFactors {
    /// Decomposes the centred features (after a Householder QR when the data is tall).
    pub(super) fn new(data: &Centred) -> Result<RidgeFactors> {
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
        let (Some(u), Some(v_t)) = (svd.u, svd.v_t) else {
            return Err(Error::InvalidData(
                "the singular value decomposition returned no singular vectors".into(),
            ));
        };
        Ok(RidgeFactors {
            uty: u.tr_mul(&b),
            s: svd.singular_values,
            v_t,
            n_max: n.max(p),
            key: data.fingerprint(),
        })
    }

    /// Whether `data` is the data these factors decompose (the same bits).
    pub(super) fn fits(&self, data: &Centred) -> bool {
        self.key == data.fingerprint() && self.v_t.ncols() == data.p
    }

    /// Ridge's weights for `alpha`: singular values `≤ ε·max(n, p)·s_max` (or
    /// `cond·s_max`, if larger) count as zero (`α = 0`: the minimum-norm
    /// least-squares solution).
    pub(super) fn solve(&self, alpha: f64, cond: f64) -> Vec<f64> {
        let s = &self.s;
        let s_max = s.iter().fold(0.0_f64, |m, &v| m.max(v));
        let cutoff = (f64::EPSILON * self.n_max as f64).max(cond) * s_max;
        let mut z = self.uty.clone();
        for (zi, &si) in z.iter_mut().zip(s.iter()) {
            *zi *= if si > cutoff {
                si / (si * si + alpha)
            } else {
                0.0
            };
        }
        let w = self.v_t.tr_mul(&z);
        w.iter().copied().collect()
    }
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
