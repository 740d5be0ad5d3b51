//! Seeded teaching data: the small two-dimensional sets of scikit-learn's examples and
//! the TensorFlow playground, a high-dimensional set made for overfitting, a
//! two-feature set on scales thirty times apart (for the optimisers), and two
//! one-feature regression curves.
//!
//! [`generate`] turns a [`Spec`] into a feature matrix and a target, nothing else: no
//! [`Dataset`](super::Dataset), no file. [`Spec::new`] gives each [`Kind`] defaults that
//! show its lesson well:
//!
//! | kind             | rows | noise | other defaults             | features   | target           |
//! |------------------|-----:|------:|----------------------------|------------|------------------|
//! | `moons`          |  200 |  0.25 |                            | `x1`, `x2` | classes `0`, `1` |
//! | `circles`        |  200 |   0.1 |                            | `x1`, `x2` | classes `0`, `1` |
//! | `xor`            |  200 |   0.1 |                            | `x1`, `x2` | classes `0`, `1` |
//! | `blobs`          |  300 |   1.0 | 3 classes                  | `x1`, `x2` | classes `0`…     |
//! | `spirals`        |  300 |   0.2 | 2 classes                  | `x1`, `x2` | classes `0`…     |
//! | `linear`         |  200 |   0.5 |                            | `x1`, `x2` | classes `0`, `1` |
//! | `noisy-features` |   80 |   1.0 | 30 features, 3 informative | `x1`…`x30` | classes `0`, `1` |
//! | `scales`         |  200 |   0.5 | `x2` spread 30 times `x1`  | `x1`, `x2` | classes `0`, `1` |
//! | `cos`            |   30 |   0.1 |                            | `x`        | values `y`       |
//! | `line`           |   50 |   0.3 |                            | `x`        | values `y`       |
//!
//! The seed defaults to 0. All randomness comes from one
//! [`Pcg64Mcg`] seeded with [`Spec::seed`], so the same spec gives the same numbers, bit
//! for bit, on every run and platform whose `sin`, `cos`, `ln` and `sqrt` agree (the
//! only floating-point functions used). Where a set is described "as scikit-learn's
//! `make_…`", the noise-free points are the same numbers scikit-learn computes; the
//! shuffle and the noise come from a different generator, so noisy sets differ row by
//! row but not in distribution.
//!
//! [`Spec::check`] refuses sizes beyond [`MAX_ROWS`], [`MAX_FEATURES`] and
//! [`MAX_CELLS`] and noise beyond [`MAX_NOISE`], so a browser tab never tries to
//! allocate more than it can hold.
//!
//! ```
//! use tunelab::data::generate::{generate, Kind, Spec, Target};
//!
//! let spec = Spec { n_samples: 100, ..Spec::new("moons".parse::<Kind>()?) };
//! let data = generate(&spec)?;
//! assert_eq!(data.x.dim(), (100, 2));
//! assert_eq!(data.feature_names, ["x1", "x2"]);
//! assert_eq!(data.class_names, ["0", "1"]);
//! let Target::Classes(y) = &data.target else { unreachable!() };
//! assert_eq!(y.iter().filter(|&&c| c == 1).count(), 50);
//! assert_eq!(generate(&spec)?, data);
//!
//! let curve = generate(&Spec::new(Kind::Cos))?;
//! assert!(matches!(curve.target, Target::Values(ref v) if v.len() == 30));
//! assert_eq!(curve.label_name, "y");
//! # Ok::<(), tunelab::Error>(())
//! ```

mod generators;
mod spec;

#[cfg(test)]
mod tests;

use crate::math;
use std::f64::consts::TAU;

use ndarray::Array2;
use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;
use serde::Serialize;

pub use self::generators::generate;
pub use self::spec::{Kind, Spec};

/// The most rows [`Spec::check`] accepts ([`crate::limits::MAX_GENERATED_ROWS`]).
pub use crate::limits::MAX_GENERATED_ROWS as MAX_ROWS;

/// The most features [`Spec::check`] accepts (only `noisy-features` has a choice).
pub use crate::limits::MAX_GENERATED_FEATURES as MAX_FEATURES;

/// The most numbers (rows × features) [`Spec::check`] accepts: 80 MB of `f64`, so the
/// largest row count and the largest feature count cannot be asked for together.
pub use crate::limits::MAX_GENERATED_CELLS as MAX_CELLS;

/// The largest noise [`Spec::check`] accepts.
pub use crate::limits::MAX_NOISE;

/// The target of a generated data set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum Target {
    /// One class per row, an index into [`Generated::class_names`].
    Classes(Vec<usize>),
    /// One number per row (regression).
    Values(Vec<f64>),
}

impl Target {
    /// Number of rows.
    pub fn len(&self) -> usize {
        match self {
            Target::Classes(y) => y.len(),
            Target::Values(y) => y.len(),
        }
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A generated data set.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Generated {
    /// Features, one row per sample.
    pub x: Array2<f64>,
    /// Class or value of each row.
    pub target: Target,
    /// `x1`, `x2`, … (or `x` when there is one feature).
    pub feature_names: Vec<String>,
    /// `0`, `1`, …; empty for regression.
    pub class_names: Vec<String>,
    /// `class`, or `y` for regression.
    pub label_name: String,
}

/// Standard normal numbers by the Box–Muller transform, both values of each pair used,
/// and the seeded generator behind them for uniform draws. Shared with the benchmark
/// data of [`Dataset::synthetic`](super::Dataset::synthetic), whose output must not
/// change.
pub(super) struct Normal {
    /// The seeded generator.
    pub(super) rng: Pcg64Mcg,
    /// The second value of the last pair, not yet handed out.
    spare: Option<f64>,
}

impl Normal {
    /// A generator seeded with `seed`.
    pub(super) fn new(seed: u64) -> Normal {
        Normal {
            rng: Pcg64Mcg::seed_from_u64(seed),
            spare: None,
        }
    }

    /// The next standard normal number.
    pub(super) fn sample(&mut self) -> f64 {
        if let Some(z) = self.spare.take() {
            return z;
        }
        // 1 - u lies in (0, 1], so the logarithm is finite.
        let u1 = 1.0 - self.rng.random::<f64>();
        let u2 = self.rng.random::<f64>();
        let radius = (-2.0 * math::ln(u1)).sqrt();
        let angle = TAU * u2;
        self.spare = Some(radius * math::sin(angle));
        radius * math::cos(angle)
    }

    /// Shuffles `items` in place (Fisher–Yates, as [`Dataset::synthetic`](super::Dataset::synthetic)).
    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.rng.random_range(0..=i);
            items.swap(i, j);
        }
    }
}
