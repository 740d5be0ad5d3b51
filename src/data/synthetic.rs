//! Synthetic data: Gaussian blobs for benchmarks and for trying the playground at any size.
//!
//! Each class is a cloud of points around its own centre with unit-variance Gaussian
//! noise in every feature (like scikit-learn's `make_blobs`). The centres are drawn at
//! random from the seed and then spread out or drawn together, all by one factor, until
//! the expected error of the best linear rule is about [`TARGET_ERROR`]: the classes
//! overlap, so a linear model gets most rows right but not all. scikit-learn's
//! `LogisticRegression()` scores 0.875–0.888 (5-fold CV, 2000 rows) on every shape
//! tried, from 1 feature × 3 classes to 50 features × 10 classes. The same arguments give
//! the same data, bit for bit, on every run of the same build (the normal numbers use
//! `ln`, `sin` and `cos`, which may differ in the last bit between platforms).
//!
//! [`Dataset::to_csv_string`] writes any data set as CSV that [`Dataset::from_csv_str`]
//! reads back unchanged, so the Rust benchmarks and the scikit-learn timing script can
//! use identical data.
//!
//! ```
//! use tunelab::{CsvOptions, Dataset};
//! let data = Dataset::synthetic(300, 4, 3, 42)?;
//! assert_eq!(data.x.dim(), (300, 4));
//! assert_eq!(data.class_names(), ["class0", "class1", "class2"]);
//! assert_eq!(data.class_counts(), [100, 100, 100]);
//! assert_eq!(data, Dataset::synthetic(300, 4, 3, 42)?);
//!
//! let text = data.to_csv_string();
//! assert!(text.starts_with("x1,x2,x3,x4,class\n"));
//! let opts = CsvOptions { name: data.name.clone(), ..CsvOptions::default() };
//! assert_eq!(Dataset::from_csv_str(&text, &opts)?, data);
//! # Ok::<(), tunelab::Error>(())
//! ```

use crate::collect::CollectVec;
use crate::math;
use std::fmt::Write as _;

use ndarray::Array2;
use rand::Rng;

use super::generate::Normal;
use super::{Dataset, Target};
use crate::error::{Error, Result};
use crate::limits;

/// The share of rows that the best linear rule (the nearest class centre) should get
/// wrong, estimated from the centres as Σ over other classes of Φ(−distance / 2),
/// averaged over the classes. That sum overstates the error a little when centres
/// crowd, which the finite sample roughly cancels.
const TARGET_ERROR: f64 = 0.12;

impl Dataset {
    /// Gaussian-blob classification data: `n_samples` rows, `n_features` features,
    /// `n_classes` classes named `class0`, `class1`, …, all determined by `seed`.
    ///
    /// The classes are as balanced as possible (the first `n_samples % n_classes`
    /// classes have one row more) and the rows come shuffled. Features are named `x1`,
    /// `x2`, …, the label column `class`, the data set `synthetic`. `n_classes` is taken
    /// as at least 1; zero samples or zero features give an empty matrix of that shape.
    ///
    /// The sizes are not checked: [`Dataset::synthetic`] checks them first.
    pub(crate) fn synthetic_unchecked(
        n_samples: usize,
        n_features: usize,
        n_classes: usize,
        seed: u64,
    ) -> Dataset {
        let n_classes = n_classes.max(1);
        let mut normal = Normal::new(seed);

        let mut centres = Array2::from_shape_simple_fn((n_classes, n_features), || normal.sample());
        centres *= spread_for_target_error(&centres);

        // Balanced classes in order, then a Fisher–Yates shuffle of the rows.
        let mut y: Vec<usize> = (0..n_samples).map(|i| i % n_classes).collect_vec();
        for i in (1..y.len()).rev() {
            let j = normal.rng.random_range(0..=i);
            y.swap(i, j);
        }

        let x = Array2::from_shape_fn((n_samples, n_features), |(i, j)| {
            let centre = y
                .get(i)
                .and_then(|&c| centres.get((c, j)))
                .copied()
                .unwrap_or(0.0);
            centre + normal.sample()
        });

        Dataset {
            name: "synthetic".to_owned(),
            x,
            target: Target::Classes {
                y,
                names: (0..n_classes).map(|c| format!("class{c}")).collect_vec(),
            },
            feature_names: (1..=n_features).map(|j| format!("x{j}")).collect_vec(),
            label_name: "class".to_owned(),
        }
    }

    /// Gaussian regression data for benchmarks: `n_samples` rows of `n_features`
    /// standard normal features and a target `y = X·w + ε`, where the first
    /// `min(10, n_features)` weights are standard normal, the rest zero, and `ε` is
    /// standard normal noise, all determined by `seed`. Named `synthetic_regression`,
    /// features `x1`, `x2`, …, target `y`.
    ///
    /// The sizes are not checked: [`Dataset::synthetic_regression`] checks them first.
    pub(crate) fn synthetic_regression_unchecked(
        n_samples: usize,
        n_features: usize,
        seed: u64,
    ) -> Dataset {
        let mut normal = Normal::new(seed);
        let informative = n_features.min(10);
        let w: Vec<f64> = (0..n_features)
            .map(|j| {
                if j < informative {
                    normal.sample()
                } else {
                    0.0
                }
            })
            .collect_vec();
        let x = Array2::from_shape_simple_fn((n_samples, n_features), || normal.sample());
        let y = x
            .rows()
            .into_iter()
            .map(|row| row.iter().zip(&w).map(|(a, b)| a * b).sum::<f64>() + normal.sample())
            .collect_vec();
        Dataset {
            name: "synthetic_regression".to_owned(),
            x,
            target: Target::Values { y },
            feature_names: (1..=n_features).map(|j| format!("x{j}")).collect_vec(),
            label_name: "y".to_owned(),
        }
    }

    /// Gaussian-blob classification data: `n_samples` rows, `n_features` features,
    /// `n_classes` balanced classes named `class0`, `class1`, …, shuffled, all
    /// determined by `seed`; its sizes checked first: 2 to
    /// [`limits::MAX_CLASSES`] classes, 1 to [`limits::MAX_FEATURES`] features, at least
    /// 2 rows per class, at most [`limits::MAX_ROWS`] rows and [`limits::MAX_CELLS`]
    /// numbers. Never panics.
    ///
    /// ```
    /// use tunelab::Dataset;
    /// assert!(Dataset::synthetic(100, 4, 3, 0).is_ok());
    /// let err = Dataset::synthetic(100, 4, 1_000_000, 0).unwrap_err();
    /// assert_eq!(err.to_string(), "classes: 1000000 is over the limit of 1000");
    /// assert!(Dataset::synthetic(usize::MAX, 4, 3, 0).is_err());
    /// ```
    ///
    /// # Errors
    /// [`Error::OverLimit`] for a size over its limit, [`Error::InvalidParam`]
    /// (`classes`, `features`, `rows`) for one too small.
    pub fn synthetic(
        n_samples: usize,
        n_features: usize,
        n_classes: usize,
        seed: u64,
    ) -> Result<Dataset> {
        if n_classes < 2 {
            return Err(Error::InvalidParam {
                name: "classes".into(),
                value: n_classes.to_string(),
                reason: format!("give 2 to {} classes", limits::MAX_CLASSES),
            });
        }
        limits::check_count("classes", n_classes, limits::MAX_CLASSES)?;
        check_sizes(n_samples, n_features, 2 * n_classes)?;
        Ok(Dataset::synthetic_unchecked(
            n_samples, n_features, n_classes, seed,
        ))
    }

    /// Gaussian regression data for benchmarks: standard normal features and a
    /// target `y = X·w + ε` (the first `min(10, n_features)` weights standard normal,
    /// the rest zero, `ε` standard normal noise), all determined by `seed`; its sizes
    /// checked first: 1 to
    /// [`limits::MAX_FEATURES`] features, 2 to [`limits::MAX_ROWS`] rows, at most
    /// [`limits::MAX_CELLS`] numbers. Never panics.
    ///
    /// # Errors
    /// As [`Dataset::synthetic`].
    pub fn synthetic_regression(n_samples: usize, n_features: usize, seed: u64) -> Result<Dataset> {
        check_sizes(n_samples, n_features, 2)?;
        Ok(Dataset::synthetic_regression_unchecked(
            n_samples, n_features, seed,
        ))
    }

    /// The data set as CSV text: a header of the feature names and the label name, then
    /// one line per row with the features and the class name, `\n` line ends.
    ///
    /// Numbers are written in the shortest form that reads back to the same `f64`, so
    /// [`Dataset::from_csv_str`] returns an equal data set (with a matching
    /// [`CsvOptions::name`](super::CsvOptions::name)) provided the names would be
    /// detected as a header, no class name is a missing-value marker and each class
    /// appears in some row. Names holding a delimiter, quote or line break are quoted.
    pub fn to_csv_string(&self) -> String {
        let mut out = String::with_capacity(self.x.len() * 20 + 64);
        for name in &self.feature_names {
            push_field(&mut out, name);
            out.push(',');
        }
        push_field(&mut out, &self.label_name);
        out.push('\n');
        for (i, row) in self.x.rows().into_iter().enumerate() {
            for value in row {
                // Writing into a String cannot fail.
                let _ = write!(out, "{value:?},");
            }
            match &self.target {
                Target::Classes { y, names } => push_field(
                    &mut out,
                    y.get(i)
                        .and_then(|&c| names.get(c))
                        .map_or("", String::as_str),
                ),
                Target::Values { y } => {
                    let _ = write!(out, "{:?}", y.get(i).copied().unwrap_or(f64::NAN));
                }
            }
            out.push('\n');
        }
        out
    }
}

/// Checks rows and features of a synthetic set: at least `min_rows` rows and one
/// feature, within [`limits::check_shape`].
fn check_sizes(n_samples: usize, n_features: usize, min_rows: usize) -> Result<()> {
    if n_features == 0 {
        return Err(Error::InvalidParam {
            name: "features".into(),
            value: "0".into(),
            reason: format!("give 1 to {} features", limits::MAX_FEATURES),
        });
    }
    limits::check_shape(n_samples, n_features, None)?;
    if n_samples < min_rows {
        return Err(Error::InvalidParam {
            name: "rows".into(),
            value: n_samples.to_string(),
            reason: format!("give at least {min_rows} rows (2 per class)"),
        });
    }
    Ok(())
}

/// The factor by which to scale `centres` so that the estimated error of the nearest
/// centre rule is [`TARGET_ERROR`]; 1 when there is nothing to separate (one class, no
/// features).
fn spread_for_target_error(centres: &Array2<f64>) -> f64 {
    let n = centres.nrows();
    let mut distances = Vec::with_capacity(n * n.saturating_sub(1) / 2);
    for (a, p) in centres.rows().into_iter().enumerate() {
        for q in centres.rows().into_iter().skip(a + 1) {
            let d2: f64 = p.iter().zip(q).map(|(u, v)| (u - v) * (u - v)).sum();
            distances.push(d2.sqrt());
        }
    }
    if n < 2 || distances.iter().all(|&d| d == 0.0) {
        return 1.0;
    }
    // Each pair counts once for each of its two classes.
    let error = |scale: f64| {
        let total: f64 = distances
            .iter()
            .map(|&d| 2.0 * normal_cdf(-scale * d / 2.0))
            .sum();
        total / n as f64
    };
    // The error falls as the scale grows: bracket the target, then bisect.
    let (mut low, mut high) = (0.0, 1.0);
    for _ in 0..64 {
        if error(high) <= TARGET_ERROR {
            break;
        }
        low = high;
        high *= 2.0;
    }
    for _ in 0..60 {
        let mid = 0.5 * (low + high);
        if error(mid) > TARGET_ERROR {
            low = mid;
        } else {
            high = mid;
        }
    }
    high
}

/// The standard normal distribution function Φ, to about 1e-7 (Abramowitz and Stegun
/// 7.1.26 for `erfc`); plenty for choosing a spread.
fn normal_cdf(x: f64) -> f64 {
    let z = x.abs() / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.327_591_1 * z);
    let poly = t
        * (0.254_829_592
            + t * (-0.284_496_736
                + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
    let upper_tail = 0.5 * poly * math::exp(-z * z);
    if x >= 0.0 {
        1.0 - upper_tail
    } else {
        upper_tail
    }
}

/// Appends a CSV field, quoted when the reader would otherwise split or trim it.
fn push_field(out: &mut String, field: &str) {
    if field.contains([',', ';', '\t', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(field);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::data::CsvOptions;

    /// Fraction of rows whose nearest true centre is their own class's centre: the
    /// accuracy of the best linear rule, which logistic regression approaches.
    fn nearest_centre_accuracy(data: &Dataset) -> f64 {
        let k = data.n_classes();
        let d = data.n_features();
        let mut centres = Array2::<f64>::zeros((k, d));
        let counts = data.class_counts();
        for (row, &c) in data.x.rows().into_iter().zip(data.classes().unwrap()) {
            let mut centre = centres.row_mut(c);
            centre += &row;
        }
        for (mut centre, &n) in centres.rows_mut().into_iter().zip(&counts) {
            centre /= n as f64;
        }
        let correct = data
            .x
            .rows()
            .into_iter()
            .zip(data.classes().unwrap())
            .filter(|(row, c)| {
                let dist = |k: usize| {
                    centres
                        .row(k)
                        .iter()
                        .zip(row)
                        .map(|(a, b)| (a - b) * (a - b))
                        .sum::<f64>()
                };
                (0..k).all(|other| dist(**c) <= dist(other))
            })
            .count();
        correct as f64 / data.n_samples() as f64
    }

    #[test]
    fn normal_cdf_matches_reference_values() {
        // scipy.stats.norm.cdf
        let reference = [
            (0.0, 0.5),
            (-1.25, 0.105_649_773_666_855_35),
            (1.96, 0.975_002_104_851_779_5),
            (-4.0, 3.167_124_183_311_986e-5),
        ];
        for (x, p) in reference {
            assert!(
                (normal_cdf(x) - p).abs() < 2e-7,
                "{x}: {} vs {p}",
                normal_cdf(x)
            );
        }
    }

    #[test]
    fn deterministic_given_the_seed() {
        assert_eq!(
            Dataset::synthetic(200, 5, 3, 7).unwrap(),
            Dataset::synthetic(200, 5, 3, 7).unwrap()
        );
        assert_ne!(
            Dataset::synthetic(200, 5, 3, 7).unwrap().x,
            Dataset::synthetic(200, 5, 3, 8).unwrap().x
        );
    }

    #[test]
    fn balanced_shuffled_and_named() {
        let data = Dataset::synthetic(101, 3, 4, 1).unwrap();
        assert_eq!(data.x.dim(), (101, 3));
        assert_eq!(data.class_counts(), [26, 25, 25, 25]);
        assert_eq!(data.feature_names, ["x1", "x2", "x3"]);
        assert_eq!(data.class_names(), ["class0", "class1", "class2", "class3"]);
        assert_ne!(
            data.classes().unwrap()[..8],
            [0, 1, 2, 3, 0, 1, 2, 3],
            "rows should be shuffled"
        );
        assert!(data.x.iter().all(|v| v.is_finite()));
    }

    #[test]
    fn classes_overlap_but_are_mostly_separable() {
        for (d, k, seed) in [
            (2, 2, 0),
            (4, 3, 1),
            (10, 3, 2),
            (20, 5, 3),
            (50, 2, 4),
            (1, 3, 5),
            (2, 6, 6),
            (50, 10, 7),
        ] {
            let acc = nearest_centre_accuracy(&Dataset::synthetic(3000, d, k, seed).unwrap());
            assert!((0.84..0.95).contains(&acc), "d={d} k={k}: accuracy {acc}");
        }
    }

    #[test]
    fn degenerate_sizes_do_not_panic() {
        // The checked generator refuses them; the one behind it copes.
        for (rows, features, classes) in [(0, 3, 2), (5, 0, 2), (4, 2, 0)] {
            assert!(Dataset::synthetic(rows, features, classes, 0).is_err());
        }
        assert_eq!(Dataset::synthetic_unchecked(0, 3, 2, 0).x.dim(), (0, 3));
        assert_eq!(Dataset::synthetic_unchecked(5, 0, 2, 0).x.dim(), (5, 0));
        let one = Dataset::synthetic_unchecked(4, 2, 0, 0);
        assert_eq!(one.class_names(), ["class0"]);
        assert_eq!(one.classes().unwrap(), [0, 0, 0, 0]);
    }

    #[test]
    fn csv_round_trip() {
        let data = Dataset::synthetic(50, 3, 3, 9).unwrap();
        let opts = CsvOptions {
            name: "synthetic".into(),
            ..CsvOptions::default()
        };
        assert_eq!(
            Dataset::from_csv_str(&data.to_csv_string(), &opts).unwrap(),
            data
        );
    }

    #[test]
    fn csv_quotes_awkward_names() {
        let mut data = Dataset::synthetic(4, 2, 2, 0).unwrap();
        data.feature_names = vec!["a,b".into(), "say \"hi\"".into()];
        let text = data.to_csv_string();
        assert!(
            text.starts_with("\"a,b\",\"say \"\"hi\"\"\",class\n"),
            "{text}"
        );
        let back = Dataset::from_csv_str(&text, &CsvOptions::default()).unwrap();
        assert_eq!(back.feature_names, data.feature_names);
    }
}
