//! Polynomial features, as scikit-learn's `PolynomialFeatures(degree, include_bias=False)`.
//!
//! The output holds every product of at most `degree` input features: first the
//! features themselves, then the products of degree 2, and so on; within a degree the
//! products follow `itertools.combinations_with_replacement` over the feature indices
//! (`x0², x0·x1, x1²` for two features), exactly scikit-learn's column order.
//!
//! ```
//! use ndarray::array;
//! use tunelab::preprocess::PolynomialFeatures;
//! let poly = PolynomialFeatures::new(2, 2)?;
//! assert_eq!(poly.n_output_features(), 5);
//! assert_eq!(poly.feature_names(&["a".into(), "b".into()]), ["a", "b", "a^2", "a b", "b^2"]);
//! assert_eq!(poly.transform(array![[2.0, 3.0]].view()), array![[2.0, 3.0, 4.0, 6.0, 9.0]]);
//! # Ok::<(), tunelab::Error>(())
//! ```

use crate::collect::CollectVec;
use ndarray::{Array2, ArrayView2};
use serde::Serialize;

use crate::error::{Error, Result};

pub use crate::limits::{MAX_DEGREE, MAX_OUTPUT_FEATURES};

/// A fitted expansion: which input columns multiply into each output column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PolynomialFeatures {
    /// The degree.
    pub degree: usize,
    /// Input columns.
    pub n_input_features: usize,
    /// For each output column, the input columns it multiplies (repeats allowed),
    /// in scikit-learn's order.
    pub combinations: Vec<Vec<usize>>,
}

/// The number of output columns for `n_features` inputs at `degree`, without the
/// bias: `C(n + d, d) − 1`; `None` if it overflows.
pub fn output_count(n_features: usize, degree: usize) -> Option<usize> {
    // C(n + d, d) computed as a running product, exact at every step.
    let mut c: u128 = 1;
    for k in 1..=degree as u128 {
        c = c.checked_mul(n_features as u128 + k)? / k;
        if c > u64::MAX as u128 {
            return None;
        }
    }
    usize::try_from(c - 1).ok()
}

impl PolynomialFeatures {
    /// The expansion of `n_features` columns to `degree`.
    ///
    /// # Errors
    /// [`Error::InvalidParam`] (`degree`) when the degree is 0 or above [`MAX_DEGREE`],
    /// or the output would have more than [`MAX_OUTPUT_FEATURES`] columns.
    pub fn new(n_features: usize, degree: usize) -> Result<PolynomialFeatures> {
        check_degree(n_features, degree)?;
        let mut combinations: Vec<Vec<usize>> = Vec::new();
        let mut current: Vec<Vec<usize>> = vec![Vec::new()];
        for _ in 0..degree {
            // Extend each combination of the previous degree by an index no smaller
            // than its last: combinations with replacement, in lexicographic order.
            let mut next = Vec::new();
            for combo in &current {
                let start = combo.last().copied().unwrap_or(0);
                for j in start..n_features {
                    let mut c = combo.clone();
                    c.push(j);
                    next.push(c);
                }
            }
            combinations.extend(next.iter().cloned());
            current = next;
        }
        Ok(PolynomialFeatures {
            degree,
            n_input_features: n_features,
            combinations,
        })
    }

    /// Number of output columns.
    pub fn n_output_features(&self) -> usize {
        self.combinations.len()
    }

    /// Names of the output columns, as scikit-learn's `get_feature_names_out`
    /// (`"a b"`, `"a^2"`).
    pub fn feature_names(&self, input: &[String]) -> Vec<String> {
        self.combinations
            .iter()
            .map(|combo| {
                let mut parts: Vec<String> = Vec::new();
                let mut i = 0;
                while i < combo.len() {
                    let j = combo[i];
                    let power = combo[i..].iter().take_while(|&&k| k == j).count();
                    let name = input.get(j).cloned().unwrap_or_else(|| format!("x{j}"));
                    parts.push(if power == 1 {
                        name
                    } else {
                        format!("{name}^{power}")
                    });
                    i += power;
                }
                parts.join(" ")
            })
            .collect_vec()
    }

    /// The expanded features of `x`, which must have `n_input_features` columns
    /// (extra columns are ignored; missing ones read as 0).
    pub fn transform(&self, x: ArrayView2<f64>) -> Array2<f64> {
        let mut out = Array2::zeros((x.nrows(), self.n_output_features()));
        for (row, mut out_row) in x.rows().into_iter().zip(out.rows_mut()) {
            // Left to right, as scikit-learn builds degree d from degree d − 1 times one
            // input: the same rounding, so the same bits.
            for (o, combo) in self.combinations.iter().enumerate() {
                let value = combo
                    .iter()
                    .map(|&j| row.get(j).copied().unwrap_or(0.0))
                    .product();
                out_row[o] = value;
            }
        }
        out
    }
}

/// Checks a degree for `n_features` inputs (see [`PolynomialFeatures::new`]).
pub fn check_degree(n_features: usize, degree: usize) -> Result<()> {
    let refuse = |reason: String| Error::InvalidParam {
        name: "degree".into(),
        value: degree.to_string(),
        reason,
    };
    if degree == 0 || degree > MAX_DEGREE {
        return Err(refuse(format!(
            "must be a whole number from 1 to {MAX_DEGREE}"
        )));
    }
    match output_count(n_features, degree) {
        Some(n) if n <= MAX_OUTPUT_FEATURES => Ok(()),
        n => Err(refuse(format!(
            "{n_features} features expand to {} columns at degree {degree}; at most \
             {MAX_OUTPUT_FEATURES} are allowed (lower the degree or use fewer features)",
            n.map_or_else(|| "more than 10^19".to_string(), |n| n.to_string())
        ))),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use ndarray::array;

    #[test]
    fn column_order_is_scikit_learns() {
        let poly = PolynomialFeatures::new(3, 2).unwrap();
        let names = poly.feature_names(&["a".into(), "b".into(), "c".into()]);
        assert_eq!(
            names,
            ["a", "b", "c", "a^2", "a b", "a c", "b^2", "b c", "c^2"]
        );
        let x = array![[1.0, 2.0, 3.0]];
        assert_eq!(
            poly.transform(x.view()),
            array![[1.0, 2.0, 3.0, 1.0, 2.0, 3.0, 4.0, 6.0, 9.0]]
        );
    }

    #[test]
    fn counts_and_limits() {
        assert_eq!(output_count(1, 15), Some(15));
        assert_eq!(output_count(2, 3), Some(9));
        assert_eq!(output_count(30, 2), Some(495));
        assert_eq!(
            PolynomialFeatures::new(1, 15).unwrap().n_output_features(),
            15
        );
        let err = PolynomialFeatures::new(30, 4).unwrap_err().to_string();
        assert!(
            err.contains("46375 columns") && err.contains("5000"),
            "{err}"
        );
        assert!(PolynomialFeatures::new(3, 0).is_err());
        assert!(PolynomialFeatures::new(usize::MAX, 2).is_err());
    }
}
