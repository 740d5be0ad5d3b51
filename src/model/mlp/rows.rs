//! Where a network's training rows come from: a matrix of them, or the rows of the
//! data set read through a fold's indices and standardised as they are read, so that
//! a mini-batch solver never holds more than a batch of them.

use crate::model::Affine;

/// A network's training rows, row-major, `width` entries each.
#[derive(Debug, Clone, Copy)]
pub(super) enum RowSource<'a> {
    /// The rows of a matrix, one after the other.
    Matrix {
        /// The matrix's entries.
        x: &'a [f64],
        /// Entries per row.
        width: usize,
    },
    /// Rows `rows` of the data set `x`, in that order, standardised by `affine` when
    /// given: `(x − mean) / scale`, the values `StandardScaler::transform_rows` gives.
    Indexed {
        /// The data set's entries.
        x: &'a [f64],
        /// Entries per row.
        width: usize,
        /// The training rows' indices in `x`.
        rows: &'a [usize],
        /// The scaler's mean and scale.
        affine: Option<Affine<'a>>,
    },
}

impl<'a> RowSource<'a> {
    /// The number of training rows.
    pub(super) fn len(&self) -> usize {
        match *self {
            RowSource::Matrix { x, width } => x.len() / width.max(1),
            RowSource::Indexed { rows, .. } => rows.len(),
        }
    }

    /// Entries per row.
    pub(super) fn width(&self) -> usize {
        match *self {
            RowSource::Matrix { width, .. } | RowSource::Indexed { width, .. } => width,
        }
    }

    /// Writes training row `i` into `out` (`width` entries); `None` when there is no
    /// such row.
    fn write_row(&self, i: usize, out: &mut [f64]) -> Option<()> {
        let (x, width, at) = match *self {
            RowSource::Matrix { x, width } => (x, width, i),
            RowSource::Indexed { x, width, rows, .. } => (x, width, *rows.get(i)?),
        };
        let row = x.get(at.checked_mul(width)?..at.checked_add(1)?.checked_mul(width)?)?;
        match self {
            RowSource::Indexed {
                affine: Some(a), ..
            } => {
                if a.mean.len() < width || a.scale.len() < width {
                    return None;
                }
                for (((v, &xi), &m), &s) in out.iter_mut().zip(row).zip(a.mean).zip(a.scale) {
                    *v = (xi - m) / s;
                }
            }
            _ => out.get_mut(..width)?.copy_from_slice(row),
        }
        Some(())
    }

    /// The training rows `which`, in that order, gathered into the first rows of
    /// `into`; `None` when a row is missing or `into` is too short.
    pub(super) fn gather<'b>(&self, which: &[usize], into: &'b mut [f64]) -> Option<&'b [f64]> {
        let into = into.get_mut(..which.len().checked_mul(self.width())?)?;
        self.fill(which.iter().copied(), into)?;
        Some(into)
    }

    /// Writes the training rows `rows` one after the other over `into` (as many
    /// whole rows as it holds).
    fn fill(&self, rows: impl Iterator<Item = usize>, into: &mut [f64]) -> Option<()> {
        let width = self.width();
        if width > 0 {
            for (out, i) in into.chunks_exact_mut(width).zip(rows) {
                self.write_row(i, out)?;
            }
        }
        Some(())
    }

    /// The training rows `begin..end`: a slice of the matrix where the rows are one,
    /// else gathered into `buffer` (grown to fit).
    pub(super) fn range<'b>(
        &'b self,
        begin: usize,
        end: usize,
        buffer: &'b mut Vec<f64>,
    ) -> Option<&'b [f64]> {
        let width = self.width();
        match *self {
            RowSource::Matrix { x, .. } => {
                x.get(begin.checked_mul(width)?..end.checked_mul(width)?)
            }
            RowSource::Indexed { .. } => {
                let len = end.checked_sub(begin)?.checked_mul(width)?;
                if buffer.len() < len {
                    buffer.resize(len, 0.0);
                }
                let rows = buffer.get_mut(..len)?;
                self.fill(begin..end, rows)?;
                Some(rows)
            }
        }
    }

    /// Whether every training row holds only finite numbers (as read: scaled rows
    /// too), checked a row at a time.
    pub(super) fn all_finite(&self) -> bool {
        let mut row = vec![0.0; self.width()];
        (0..self.len())
            .all(|i| self.write_row(i, &mut row).is_some() && row.iter().all(|v| v.is_finite()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 4 × 3 data set.
    const X: [f64; 12] = [
        1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0,
    ];

    #[test]
    fn a_matrix_gives_its_rows_and_slices_them_where_they_are() {
        let source = RowSource::Matrix { x: &X, width: 3 };
        assert_eq!((source.len(), source.width()), (4, 3));
        let mut into = [0.0; 6];
        assert_eq!(
            source.gather(&[3, 0], &mut into),
            Some(&[10.0, 11.0, 12.0, 1.0, 2.0, 3.0][..])
        );
        let mut buffer = Vec::new();
        assert_eq!(source.range(1, 3, &mut buffer), Some(&X[3..9]));
        assert!(buffer.is_empty(), "a matrix's range is not copied");
        assert_eq!(source.gather(&[4], &mut into), None);
        assert_eq!(source.gather(&[0, 1, 2], &mut into), None, "too short");
    }

    #[test]
    fn indexed_rows_are_read_through_the_indices_and_scaled_as_a_scaler_does() {
        let (mean, scale) = ([1.0, 2.0, 4.0], [2.0, 0.5, 1.0]);
        let rows = [2, 0, 3];
        let source = RowSource::Indexed {
            x: &X,
            width: 3,
            rows: &rows,
            affine: Some(Affine {
                mean: &mean,
                scale: &scale,
            }),
        };
        assert_eq!(source.len(), 3);
        let want = |r: usize| -> Vec<f64> {
            (0..3)
                .map(|j| (X[r * 3 + j] - mean[j]) / scale[j])
                .collect()
        };
        let mut buffer = Vec::new();
        let got = source.range(0, 3, &mut buffer).map(<[f64]>::to_vec);
        assert_eq!(got, Some([want(2), want(0), want(3)].concat()));
        let mut into = [0.0; 3];
        assert_eq!(
            source.gather(&[1], &mut into).map(<[f64]>::to_vec),
            Some(want(0))
        );
        assert_eq!(
            source.gather(&[3], &mut into),
            None,
            "there are 3 training rows"
        );
        assert!(source.all_finite());
        let unscaled = RowSource::Indexed {
            x: &X,
            width: 3,
            rows: &[1],
            affine: None,
        };
        assert_eq!(unscaled.gather(&[0], &mut into), Some(&X[3..6]));
        let past = RowSource::Indexed {
            x: &X,
            width: 3,
            rows: &[4],
            affine: None,
        };
        assert!(!past.all_finite(), "a row past the data");
        let tiny = [1e-310, 1.0, 1.0];
        let overflow = RowSource::Indexed {
            x: &X,
            width: 3,
            rows: &[0],
            affine: Some(Affine {
                mean: &[0.0; 3],
                scale: &tiny,
            }),
        };
        assert!(!overflow.all_finite(), "1 / 1e-310 is infinite");
    }
}
