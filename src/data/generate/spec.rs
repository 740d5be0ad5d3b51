//! What to generate: the [`Kind`] of data set and the [`Spec`] of its sizes, with the
//! checks that keep them within bounds.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::generators::cells;
use super::{MAX_CELLS, MAX_FEATURES, MAX_NOISE, MAX_ROWS};
use crate::error::{Error, Result};

/// The fewest and most classes of `blobs` and `spirals`.
const CLASS_RANGE: std::ops::RangeInclusive<usize> = 2..=10;

/// Which data set to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// Two interleaving half circles, as scikit-learn's `make_moons`: class 0 on the upper
    /// arc `(cos t, sin t)`, class 1 on the lower arc `(1 − cos t, 0.5 − sin t)`, `t`
    /// evenly spaced over `[0, π]`, then Gaussian noise of sd `noise` on both coordinates.
    /// Class 0 has `n / 2` rows (rounded down).
    Moons,
    /// Two concentric circles, as scikit-learn's `make_circles(factor=0.5)`: class 0 on the
    /// unit circle, class 1 on the circle of radius 0.5, angles evenly spaced, then
    /// Gaussian noise of sd `noise`. Class 0 has `n / 2` rows (rounded down).
    Circles,
    /// The exclusive-or pattern: points uniform in `[−1, 1]²`, class 1 where `x1·x2 > 0`
    /// (first and third quadrants), class 0 elsewhere, then Gaussian noise of sd `noise`
    /// on the coordinates (the class stays that of the noise-free point). The classes are
    /// balanced: class 0 has `n / 2` rows (rounded down).
    Xor,
    /// `n_classes` round Gaussian clusters whose centres lie evenly on a circle of radius 3
    /// around the origin (class 0 at `(3, 0)`), each with standard deviation
    /// `max(noise, 0.05)`. Rows are split as scikit-learn's `make_blobs` does: `n / k`
    /// each, the first `n % k` classes one more.
    Blobs,
    /// `n_classes` interleaved spiral arms as in the TensorFlow playground: arm `c` has
    /// points at radius `r = 5 i / m` and angle `1.75 · 2π · i / m + 2π c / k` for
    /// `i = 0 … m − 1` (`m` its row count), as `(r sin θ, r cos θ)`, then Gaussian noise of
    /// sd `noise`. Rows are split between arms as for `blobs`.
    Spirals,
    /// Two linearly separable clouds: each class fills a disk of radius 1 uniformly, class 0
    /// around `(−1, −1)` and class 1 around `(1, 1)`, so at noise 0 the line
    /// `x1 + x2 = 0` separates them with room to spare; Gaussian noise of sd `noise` then
    /// blurs the clouds into each other (at 0.5 about 2 % of rows cross the line). Class 0
    /// has `n / 2` rows (rounded down).
    Linear,
    /// Many features, little signal, few rows: every feature is standard normal, the first
    /// `n_informative` carry the signal `s = x1 + … + xk + noise · N(0, 1)` and the rest are
    /// pure noise. Class 1 is the half of the rows with the larger `s` (class 0 has
    /// `n / 2` rows, rounded down), so the threshold is the sample median of `s`, close
    /// to 0. With the defaults an unregularised logistic regression fits the training
    /// rows perfectly but scores only about 0.7 in 5-fold cross-validation (scikit-learn,
    /// seeds 0–4: 0.64–0.75); a smaller `C` does better, an `l1` penalty (`C` about 0.3,
    /// about 0.77) more so than `l2` (about 0.73), as only 3 of the 30 features matter.
    NoisyFeatures,
    /// Two features on scales thirty times apart, as unstandardised measurements often
    /// are: `x1 = a`, `x2 = 30 b` for standard normal `a` and `b`, and class 1 is the half
    /// of the rows with the larger `a + b + noise · N(0, 1)`, so both features matter
    /// equally. Without standardisation a linear model's loss is then a long, narrow
    /// valley (steep along `x2`'s weight, shallow along `x1`'s): the set of the momentum
    /// lesson. Class 0 has `n / 2` rows (rounded down).
    Scales,
    /// scikit-learn's underfitting-versus-overfitting example: `x` uniform in `[0, 1)`,
    /// sorted ascending, and `y = cos(1.5 π x) + noise · N(0, 1)`.
    Cos,
    /// A straight line: `x` uniform in `[0, 1)` and `y = 2x + 1 + noise · N(0, 1)`.
    Line,
}

impl Kind {
    /// Every kind, in the order to offer them.
    pub const ALL: [Kind; 10] = [
        Kind::Moons,
        Kind::Circles,
        Kind::Xor,
        Kind::Blobs,
        Kind::Spirals,
        Kind::Linear,
        Kind::NoisyFeatures,
        Kind::Scales,
        Kind::Cos,
        Kind::Line,
    ];

    /// The kind's name: `"moons"`, `"circles"`, `"xor"`, `"blobs"`, `"spirals"`,
    /// `"linear"`, `"noisy-features"`, `"scales"`, `"cos"` or `"line"`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Moons => "moons",
            Kind::Circles => "circles",
            Kind::Xor => "xor",
            Kind::Blobs => "blobs",
            Kind::Spirals => "spirals",
            Kind::Linear => "linear",
            Kind::NoisyFeatures => "noisy-features",
            Kind::Scales => "scales",
            Kind::Cos => "cos",
            Kind::Line => "line",
        }
    }

    /// Whether the target is a number per row ([`Target::Values`]) rather than a class.
    ///
    /// [`Target::Values`]: super::Target::Values
    pub fn is_regression(self) -> bool {
        matches!(self, Kind::Cos | Kind::Line)
    }

    /// Whether [`Spec::n_classes`] is the kind's to choose.
    fn chooses_classes(self) -> bool {
        matches!(self, Kind::Blobs | Kind::Spirals)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Kind {
    type Err = Error;

    /// Parses a kind's [`name`](Kind::name), ignoring case, surrounding spaces and `_`
    /// for `-`.
    fn from_str(s: &str) -> Result<Kind> {
        let wanted = s.trim().to_ascii_lowercase().replace('_', "-");
        Kind::ALL
            .into_iter()
            .find(|kind| kind.name() == wanted)
            .ok_or_else(|| Error::InvalidParam {
                name: "kind".to_owned(),
                value: format!("{s:?}"),
                reason: format!("known kinds are {}", Kind::ALL.map(Kind::name).join(", ")),
            })
    }
}

/// What to generate. Fields a kind does not use are ignored by [`generate`] and
/// [`Spec::check`].
///
/// [`generate`]: super::generate
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Spec {
    /// Which data set.
    pub kind: Kind,
    /// Number of rows, 2 to [`MAX_ROWS`]; class sets need at least 2 per class.
    pub n_samples: usize,
    /// Standard deviation of the Gaussian noise, 0 to [`MAX_NOISE`] (see each [`Kind`]).
    pub noise: f64,
    /// Seed of the random generator.
    pub seed: u64,
    /// Number of features of `noisy-features`, 1 to [`MAX_FEATURES`]. [`Spec::new`] sets
    /// it to the number of features every kind produces.
    pub n_features: usize,
    /// Number of informative features of `noisy-features`, 0 to `n_features`.
    /// [`Spec::new`] sets it to 3 for `noisy-features` and to `n_features` otherwise.
    pub n_informative: usize,
    /// Number of classes of `blobs` and `spirals`, 2 to 10. [`Spec::new`] sets it to the
    /// number of classes every kind produces (0 for regression).
    pub n_classes: usize,
}

impl Spec {
    /// The teaching defaults of `kind` (see the [module docs](super)), seed 0.
    pub fn new(kind: Kind) -> Spec {
        let (n_samples, noise) = match kind {
            Kind::Moons => (200, 0.25),
            Kind::Circles => (200, 0.1),
            Kind::Xor => (200, 0.1),
            Kind::Blobs => (300, 1.0),
            Kind::Spirals => (300, 0.2),
            Kind::Linear => (200, 0.5),
            Kind::NoisyFeatures => (80, 1.0),
            Kind::Scales => (200, 0.5),
            Kind::Cos => (30, 0.1),
            Kind::Line => (50, 0.3),
        };
        let (n_features, n_informative) = match kind {
            Kind::NoisyFeatures => (30, 3),
            Kind::Cos | Kind::Line => (1, 1),
            _ => (2, 2),
        };
        let n_classes = match kind {
            Kind::Blobs => 3,
            Kind::Cos | Kind::Line => 0,
            _ => 2,
        };
        Spec {
            kind,
            n_samples,
            noise,
            seed: 0,
            n_features,
            n_informative,
            n_classes,
        }
    }

    /// The number of classes this spec produces, 0 for regression.
    fn classes(&self) -> usize {
        if self.kind.is_regression() {
            0
        } else if self.kind.chooses_classes() {
            self.n_classes
        } else {
            2
        }
    }

    /// `Ok` when [`generate`] can make this data, otherwise
    /// [`Error::InvalidParam`] naming the field (`rows`, `noise`, `classes`, `features`
    /// or `informative`), the value and the allowed range.
    ///
    /// [`generate`]: super::generate
    pub fn check(&self) -> Result<()> {
        let refuse = |name: &str, value: String, reason: String| {
            Err(Error::InvalidParam {
                name: name.to_owned(),
                value,
                reason,
            })
        };
        if !self.noise.is_finite() || !(0.0..=MAX_NOISE).contains(&self.noise) {
            return refuse(
                "noise",
                crate::numfmt::fmt_value(self.noise),
                format!("the noise must be a number from 0 to {MAX_NOISE}"),
            );
        }
        if self.kind.chooses_classes() && !CLASS_RANGE.contains(&self.n_classes) {
            return refuse(
                "classes",
                self.n_classes.to_string(),
                format!(
                    "{} takes {} to {} classes",
                    self.kind,
                    CLASS_RANGE.start(),
                    CLASS_RANGE.end()
                ),
            );
        }
        if self.n_samples > MAX_ROWS {
            return refuse(
                "rows",
                self.n_samples.to_string(),
                format!("at most {MAX_ROWS} rows can be generated"),
            );
        }
        let classes = self.classes();
        let min_rows = (2 * classes).max(2);
        if self.n_samples < min_rows {
            let why = if classes == 0 {
                format!("{} needs at least {min_rows} rows", self.kind)
            } else {
                format!(
                    "{} with {classes} classes needs at least {min_rows} rows (2 per class)",
                    self.kind
                )
            };
            return refuse("rows", self.n_samples.to_string(), why);
        }
        if self.kind == Kind::NoisyFeatures {
            if !(1..=MAX_FEATURES).contains(&self.n_features) {
                return refuse(
                    "features",
                    self.n_features.to_string(),
                    format!("{} takes 1 to {MAX_FEATURES} features", self.kind),
                );
            }
            if self.n_informative > self.n_features {
                return refuse(
                    "informative",
                    self.n_informative.to_string(),
                    format!(
                        "at most all {} features can be informative",
                        self.n_features
                    ),
                );
            }
            if cells(self.n_samples, self.n_features)? > MAX_CELLS {
                return refuse(
                    "rows",
                    self.n_samples.to_string(),
                    format!(
                        "rows × features must be at most {MAX_CELLS}, so with {} features at most {} rows",
                        self.n_features,
                        MAX_CELLS / self.n_features
                    ),
                );
            }
        }
        Ok(())
    }
}
