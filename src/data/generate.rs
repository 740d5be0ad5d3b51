//! Seeded teaching data: the small two-dimensional sets of scikit-learn's examples and
//! the TensorFlow playground, a high-dimensional set made for overfitting, and two
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

use std::f64::consts::{PI, TAU};
use std::fmt;
use std::str::FromStr;

use ndarray::Array2;
use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The most rows [`Spec::check`] accepts ([`crate::limits::MAX_GENERATED_ROWS`]).
pub use crate::limits::MAX_GENERATED_ROWS as MAX_ROWS;

/// The most features [`Spec::check`] accepts (only `noisy-features` has a choice).
pub use crate::limits::MAX_GENERATED_FEATURES as MAX_FEATURES;

/// The most numbers (rows × features) [`Spec::check`] accepts: 80 MB of `f64`, so the
/// largest row count and the largest feature count cannot be asked for together.
pub use crate::limits::MAX_GENERATED_CELLS as MAX_CELLS;

/// The largest noise [`Spec::check`] accepts.
pub use crate::limits::MAX_NOISE;

/// The fewest and most classes of `blobs` and `spirals`.
const CLASS_RANGE: std::ops::RangeInclusive<usize> = 2..=10;

/// The radius of the circle on which `blobs` places its centres.
const BLOB_RADIUS: f64 = 3.0;

/// The smallest cluster standard deviation of `blobs`, used when the noise is smaller.
const MIN_BLOB_SD: f64 = 0.05;

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
    /// scikit-learn's underfitting-versus-overfitting example: `x` uniform in `[0, 1)`,
    /// sorted ascending, and `y = cos(1.5 π x) + noise · N(0, 1)`.
    Cos,
    /// A straight line: `x` uniform in `[0, 1)` and `y = 2x + 1 + noise · N(0, 1)`.
    Line,
}

impl Kind {
    /// Every kind, in the order to offer them.
    pub const ALL: [Kind; 9] = [
        Kind::Moons,
        Kind::Circles,
        Kind::Xor,
        Kind::Blobs,
        Kind::Spirals,
        Kind::Linear,
        Kind::NoisyFeatures,
        Kind::Cos,
        Kind::Line,
    ];

    /// The kind's name: `"moons"`, `"circles"`, `"xor"`, `"blobs"`, `"spirals"`,
    /// `"linear"`, `"noisy-features"`, `"cos"` or `"line"`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Moons => "moons",
            Kind::Circles => "circles",
            Kind::Xor => "xor",
            Kind::Blobs => "blobs",
            Kind::Spirals => "spirals",
            Kind::Linear => "linear",
            Kind::NoisyFeatures => "noisy-features",
            Kind::Cos => "cos",
            Kind::Line => "line",
        }
    }

    /// Whether the target is a number per row ([`Target::Values`]) rather than a class.
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
    /// The teaching defaults of `kind` (see the [module docs](self)), seed 0.
    pub fn new(kind: Kind) -> Spec {
        let (n_samples, noise) = match kind {
            Kind::Moons => (200, 0.25),
            Kind::Circles => (200, 0.1),
            Kind::Xor => (200, 0.1),
            Kind::Blobs => (300, 1.0),
            Kind::Spirals => (300, 0.2),
            Kind::Linear => (200, 0.5),
            Kind::NoisyFeatures => (80, 1.0),
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

/// Generates the data `spec` describes, after [`Spec::check`].
pub fn generate(spec: &Spec) -> Result<Generated> {
    spec.check()?;
    let n = spec.n_samples;
    let noise = spec.noise;
    let mut src = Normal::new(spec.seed);
    match spec.kind {
        Kind::Moons => {
            let (n_out, n_in) = halves(n);
            let outer = linspace(0.0, PI, n_out, true).map(|t| ([t.cos(), t.sin()], 0));
            let inner =
                linspace(0.0, PI, n_in, true).map(|t| ([1.0 - t.cos(), 1.0 - t.sin() - 0.5], 1));
            planar(outer.chain(inner).collect(), 2, noise, &mut src)
        }
        Kind::Circles => {
            let (n_out, n_in) = halves(n);
            let factor = 0.5;
            let outer = linspace(0.0, TAU, n_out, false).map(|t| ([t.cos(), t.sin()], 0));
            let inner =
                linspace(0.0, TAU, n_in, false).map(|t| ([t.cos() * factor, t.sin() * factor], 1));
            planar(outer.chain(inner).collect(), 2, noise, &mut src)
        }
        Kind::Xor => {
            let (n0, _) = halves(n);
            let points = (0..n)
                .map(|i| {
                    let class = usize::from(i >= n0);
                    // Magnitudes in (0, 1], so no point lies on an axis.
                    let a = 1.0 - src.rng.random::<f64>();
                    let b = 1.0 - src.rng.random::<f64>();
                    let sign = if src.rng.random::<bool>() { 1.0 } else { -1.0 };
                    let other = if class == 1 { sign } else { -sign };
                    ([sign * a, other * b], class)
                })
                .collect();
            planar(points, 2, noise, &mut src)
        }
        Kind::Blobs => {
            let k = spec.n_classes;
            let sd = noise.max(MIN_BLOB_SD);
            let mut points = Vec::with_capacity(n);
            for (class, count) in split(n, k).into_iter().enumerate() {
                let angle = TAU * class as f64 / k as f64;
                let centre = [BLOB_RADIUS * angle.cos(), BLOB_RADIUS * angle.sin()];
                for _ in 0..count {
                    let point = [centre[0] + sd * src.sample(), centre[1] + sd * src.sample()];
                    points.push((point, class));
                }
            }
            planar(points, k, 0.0, &mut src)
        }
        Kind::Spirals => {
            let k = spec.n_classes;
            let mut points = Vec::with_capacity(n);
            for (class, count) in split(n, k).into_iter().enumerate() {
                let delta = TAU * class as f64 / k as f64;
                for i in 0..count {
                    let share = i as f64 / count as f64;
                    let r = 5.0 * share;
                    let t = 1.75 * share * TAU + delta;
                    points.push(([r * t.sin(), r * t.cos()], class));
                }
            }
            planar(points, k, noise, &mut src)
        }
        Kind::Linear => {
            let (n0, _) = halves(n);
            let points = (0..n)
                .map(|i| {
                    let class = usize::from(i >= n0);
                    let centre = if class == 1 { 1.0 } else { -1.0 };
                    // Uniform in the unit disk: radius √u, any angle.
                    let r = src.rng.random::<f64>().sqrt();
                    let t = TAU * src.rng.random::<f64>();
                    ([centre + r * t.cos(), centre + r * t.sin()], class)
                })
                .collect();
            planar(points, 2, noise, &mut src)
        }
        Kind::NoisyFeatures => noisy_features(spec, &mut src),
        Kind::Cos => {
            let mut x: Vec<f64> = (0..n).map(|_| src.rng.random::<f64>()).collect();
            crate::sort::sort_f64(&mut x);
            let y = x
                .iter()
                .map(|&x| (1.5 * PI * x).cos() + noise * src.sample())
                .collect();
            Ok(curve(x, y))
        }
        Kind::Line => {
            let x: Vec<f64> = (0..n).map(|_| src.rng.random::<f64>()).collect();
            let y = x
                .iter()
                .map(|&x| 2.0 * x + 1.0 + noise * src.sample())
                .collect();
            Ok(curve(x, y))
        }
    }
}

/// `noisy-features`: standard normal features, the class from the informative ones.
fn noisy_features(spec: &Spec, src: &mut Normal) -> Result<Generated> {
    let (n, p) = (spec.n_samples, spec.n_features);
    let values: Vec<f64> = (0..cells(n, p)?).map(|_| src.sample()).collect();
    let x = Array2::from_shape_vec((n, p), values).map_err(shape_error)?;
    let scores: Vec<f64> = x
        .rows()
        .into_iter()
        .map(|row| row.iter().take(spec.n_informative).sum::<f64>() + spec.noise * src.sample())
        .collect();
    // Class 1 for the rows with the n − n/2 largest scores; ties (only possible without
    // signal or noise) go by row order.
    let mut order: Vec<usize> = (0..n).collect();
    crate::sort::sort_by(&mut order, &|&a, &b| scores[a].total_cmp(&scores[b]));
    let (n0, _) = halves(n);
    let mut y = vec![0; n];
    for &row in order.iter().skip(n0) {
        if let Some(class) = y.get_mut(row) {
            *class = 1;
        }
    }
    Ok(Generated {
        x,
        target: Target::Classes(y),
        feature_names: feature_names(p),
        class_names: class_names(2),
        label_name: "class".to_owned(),
    })
}

/// A two-feature class set from noise-free points in class order: the rows shuffled,
/// then Gaussian noise of sd `noise` added to both coordinates (none drawn at 0).
fn planar(
    mut points: Vec<([f64; 2], usize)>,
    n_classes: usize,
    noise: f64,
    src: &mut Normal,
) -> Result<Generated> {
    src.shuffle(&mut points);
    let mut values = Vec::with_capacity(cells(points.len(), 2)?);
    let mut y = Vec::with_capacity(points.len());
    for (point, class) in points {
        for coordinate in point {
            let jitter = if noise == 0.0 {
                0.0
            } else {
                noise * src.sample()
            };
            values.push(coordinate + jitter);
        }
        y.push(class);
    }
    let x = Array2::from_shape_vec((y.len(), 2), values).map_err(shape_error)?;
    Ok(Generated {
        x,
        target: Target::Classes(y),
        feature_names: feature_names(2),
        class_names: class_names(n_classes),
        label_name: "class".to_owned(),
    })
}

/// A one-feature regression set.
fn curve(x: Vec<f64>, y: Vec<f64>) -> Generated {
    let n = x.len();
    Generated {
        x: Array2::from_shape_fn((n, 1), |(i, _)| x.get(i).copied().unwrap_or(0.0)),
        target: Target::Values(y),
        feature_names: feature_names(1),
        class_names: Vec::new(),
        label_name: "y".to_owned(),
    }
}

/// `x` for one feature, else `x1`, `x2`, ….
fn feature_names(p: usize) -> Vec<String> {
    if p == 1 {
        vec!["x".to_owned()]
    } else {
        (1..=p).map(|j| format!("x{j}")).collect()
    }
}

/// `0`, `1`, … `k − 1`.
fn class_names(k: usize) -> Vec<String> {
    (0..k).map(|c| c.to_string()).collect()
}

/// `n / 2` rounded down and the rest, as scikit-learn splits `make_moons`.
fn halves(n: usize) -> (usize, usize) {
    (n / 2, n - n / 2)
}

/// `n` rows over `k` groups as scikit-learn's `make_blobs`: `n / k` each, the first
/// `n % k` one more. No groups for `k = 0`.
fn split(n: usize, k: usize) -> Vec<usize> {
    if k == 0 {
        return Vec::new();
    }
    (0..k).map(|i| n / k + usize::from(i < n % k)).collect()
}

/// `n` evenly spaced numbers from `start`, as NumPy's `linspace`: step
/// `(stop − start) / (n − 1)` with the endpoint (which is then exactly `stop`), or
/// `(stop − start) / n` without.
fn linspace(start: f64, stop: f64, n: usize, endpoint: bool) -> impl Iterator<Item = f64> {
    let div = if endpoint { n.saturating_sub(1) } else { n };
    let step = if div == 0 {
        0.0
    } else {
        (stop - start) / div as f64
    };
    (0..n).map(move |i| {
        if endpoint && n > 1 && i + 1 == n {
            stop
        } else {
            i as f64 * step + start
        }
    })
}

/// `rows × columns`, refused rather than wrapped when it overflows.
fn cells(rows: usize, columns: usize) -> Result<usize> {
    rows.checked_mul(columns)
        .ok_or_else(|| Error::InvalidParam {
            name: "rows".to_owned(),
            value: rows.to_string(),
            reason: format!("{rows} rows × {columns} features is too many numbers"),
        })
}

/// The error for a matrix whose shape does not match its numbers (a bug, not bad input).
fn shape_error(err: ndarray::ShapeError) -> Error {
    Error::InvalidData(format!("generated data has the wrong shape: {err}"))
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
        let radius = (-2.0 * u1.ln()).sqrt();
        let angle = TAU * u2;
        self.spare = Some(radius * angle.sin());
        radius * angle.cos()
    }

    /// Shuffles `items` in place (Fisher–Yates, as [`Dataset::synthetic`](super::Dataset::synthetic)).
    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.rng.random_range(0..=i);
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    fn classes(data: &Generated) -> &[usize] {
        match &data.target {
            Target::Classes(y) => y,
            Target::Values(_) => panic!("expected classes"),
        }
    }

    fn counts(data: &Generated) -> Vec<usize> {
        let mut counts = vec![0; data.class_names.len()];
        for &c in classes(data) {
            counts[c] += 1;
        }
        counts
    }

    fn spec(kind: Kind, n_samples: usize, noise: f64) -> Spec {
        Spec {
            n_samples,
            noise,
            ..Spec::new(kind)
        }
    }

    fn refusal(spec: &Spec) -> (String, String) {
        let err = spec.check().unwrap_err();
        let Error::InvalidParam { name, .. } = &err else {
            panic!("unexpected error {err:?}")
        };
        (name.clone(), err.to_string())
    }

    #[test]
    fn every_kind_has_the_right_shape_and_target() {
        for kind in Kind::ALL {
            let spec = Spec::new(kind);
            let data = generate(&spec).unwrap();
            let p = match kind {
                Kind::NoisyFeatures => 30,
                Kind::Cos | Kind::Line => 1,
                _ => 2,
            };
            assert_eq!(data.x.dim(), (spec.n_samples, p), "{kind}");
            assert_eq!(data.x.ncols(), spec.n_features, "{kind}");
            assert_eq!(data.target.len(), spec.n_samples, "{kind}");
            assert_eq!(data.feature_names.len(), p, "{kind}");
            assert!(data.x.iter().all(|v| v.is_finite()), "{kind}");
            match &data.target {
                Target::Values(y) => {
                    assert!(kind.is_regression(), "{kind}");
                    assert!(y.iter().all(|v| v.is_finite()));
                    assert!(data.class_names.is_empty());
                    assert_eq!(data.label_name, "y");
                    assert_eq!(data.feature_names, ["x"]);
                }
                Target::Classes(y) => {
                    assert!(!kind.is_regression(), "{kind}");
                    assert_eq!(data.class_names.len(), spec.n_classes, "{kind}");
                    assert!(y.iter().all(|&c| c < spec.n_classes), "{kind}");
                    assert!(counts(&data).iter().all(|&c| c >= 2), "{kind}");
                    assert_eq!(data.label_name, "class");
                    assert_eq!(data.feature_names[..2], ["x1", "x2"]);
                }
            }
        }
    }

    #[test]
    fn names_round_trip() {
        for kind in Kind::ALL {
            assert_eq!(kind.name().parse::<Kind>().unwrap(), kind);
            assert_eq!(kind.to_string(), kind.name());
            assert_eq!(
                serde_json::to_string(&kind).unwrap(),
                format!("\"{}\"", kind.name())
            );
        }
        assert_eq!(
            " Noisy_Features ".parse::<Kind>().unwrap(),
            Kind::NoisyFeatures
        );
        let err = "donut".parse::<Kind>().unwrap_err().to_string();
        assert!(
            err.contains("kind") && err.contains("moons, circles"),
            "{err}"
        );
        assert_eq!(Kind::ALL.iter().filter(|k| k.is_regression()).count(), 2);
    }

    #[test]
    fn the_seed_decides_the_data() {
        for kind in Kind::ALL {
            let a = Spec::new(kind);
            let b = Spec {
                seed: 1,
                ..a.clone()
            };
            assert_eq!(generate(&a).unwrap(), generate(&a).unwrap(), "{kind}");
            assert_ne!(generate(&a).unwrap().x, generate(&b).unwrap().x, "{kind}");
        }
    }

    #[test]
    fn moons_and_circles_are_balanced_like_scikit_learn() {
        for kind in [
            Kind::Moons,
            Kind::Circles,
            Kind::Xor,
            Kind::Linear,
            Kind::NoisyFeatures,
        ] {
            assert_eq!(
                counts(&generate(&spec(kind, 201, 0.3)).unwrap()),
                [100, 101],
                "{kind}"
            );
            assert_eq!(
                counts(&generate(&spec(kind, 4, 0.3)).unwrap()),
                [2, 2],
                "{kind}"
            );
        }
    }

    #[test]
    fn noise_free_moons_lie_exactly_on_the_arcs() {
        let data = generate(&spec(Kind::Moons, 101, 0.0)).unwrap();
        let y = classes(&data);
        let mut xs = [Vec::new(), Vec::new()];
        for (row, &c) in data.x.rows().into_iter().zip(y) {
            let (a, b) = (row[0], row[1]);
            let (dx, dy) = if c == 0 { (a, b) } else { (a - 1.0, b - 0.5) };
            assert!((dx * dx + dy * dy - 1.0).abs() < 1e-12, "{a}, {b}");
            if c == 0 {
                assert!(b >= 0.0);
            } else {
                assert!(b <= 0.5);
            }
            xs[c].push(a);
        }
        // t = 0 and t = π are both there: the ends of each arc.
        for (c, ends) in [(0, [-1.0, 1.0]), (1, [0.0, 2.0])] {
            crate::sort::sort_f64(&mut xs[c]);
            assert!((xs[c][0] - ends[0]).abs() < 1e-15, "{:?}", xs[c]);
            assert!((xs[c][xs[c].len() - 1] - ends[1]).abs() < 1e-15);
        }
        // And the same points as before the shuffle, up to order.
        let again = generate(&Spec {
            seed: 9,
            ..spec(Kind::Moons, 101, 0.0)
        })
        .unwrap();
        let sorted = |d: &Generated| {
            let mut rows: Vec<(u64, u64)> =
                d.x.rows()
                    .into_iter()
                    .map(|r| (r[0].to_bits(), r[1].to_bits()))
                    .collect();
            crate::sort::sort_ord(&mut rows);
            rows
        };
        assert_eq!(sorted(&data), sorted(&again));
        assert_ne!(data.x, again.x);
    }

    #[test]
    fn noise_free_circles_xor_and_linear_follow_their_rules() {
        let circles = generate(&spec(Kind::Circles, 60, 0.0)).unwrap();
        for (row, &c) in circles.x.rows().into_iter().zip(classes(&circles)) {
            let radius = row[0].hypot(row[1]);
            let want = if c == 0 { 1.0 } else { 0.5 };
            assert!((radius - want).abs() < 1e-12);
        }
        let xor = generate(&spec(Kind::Xor, 200, 0.0)).unwrap();
        for (row, &c) in xor.x.rows().into_iter().zip(classes(&xor)) {
            assert!(row.iter().all(|v| v.abs() <= 1.0 && *v != 0.0));
            assert_eq!(c == 1, row[0] * row[1] > 0.0);
        }
        let linear = generate(&spec(Kind::Linear, 500, 0.0)).unwrap();
        for (row, &c) in linear.x.rows().into_iter().zip(classes(&linear)) {
            let margin = (row[0] + row[1]) / std::f64::consts::SQRT_2;
            if c == 1 {
                assert!(margin > 0.4, "{margin}");
            } else {
                assert!(margin < -0.4, "{margin}");
            }
        }
        // The default noise lets a few rows cross the line, not many.
        let noisy = generate(&Spec {
            n_samples: 4000,
            ..Spec::new(Kind::Linear)
        })
        .unwrap();
        let crossed = noisy
            .x
            .rows()
            .into_iter()
            .zip(classes(&noisy))
            .filter(|(row, c)| (row[0] + row[1] > 0.0) != (**c == 1))
            .count();
        assert!((20..200).contains(&crossed), "{crossed}");
    }

    #[test]
    fn blobs_and_spirals_split_rows_like_make_blobs() {
        let blobs = generate(&Spec {
            n_samples: 100,
            ..Spec::new(Kind::Blobs)
        })
        .unwrap();
        assert_eq!(counts(&blobs), [34, 33, 33]);
        assert_eq!(blobs.class_names, ["0", "1", "2"]);
        let spirals = generate(&Spec {
            n_samples: 103,
            n_classes: 4,
            ..Spec::new(Kind::Spirals)
        })
        .unwrap();
        assert_eq!(counts(&spirals), [26, 26, 26, 25]);
        // Tight blobs sit on their centres.
        let tight = generate(&Spec {
            noise: 0.0,
            n_classes: 4,
            ..Spec::new(Kind::Blobs)
        })
        .unwrap();
        for (row, &c) in tight.x.rows().into_iter().zip(classes(&tight)) {
            let angle = TAU * c as f64 / 4.0;
            let d = (row[0] - 3.0 * angle.cos()).hypot(row[1] - 3.0 * angle.sin());
            assert!(d < 0.5, "{d}");
        }
    }

    #[test]
    fn noisy_features_use_the_first_columns() {
        let spec = Spec {
            noise: 0.0,
            n_samples: 200,
            ..Spec::new(Kind::NoisyFeatures)
        };
        let data = generate(&spec).unwrap();
        assert_eq!(data.feature_names[29], "x30");
        let score = |row: ndarray::ArrayView1<f64>| row.iter().take(3).sum::<f64>();
        let y = classes(&data);
        let lowest_one = data
            .x
            .rows()
            .into_iter()
            .zip(y)
            .filter(|(_, c)| **c == 1)
            .map(|(r, _)| score(r))
            .fold(f64::INFINITY, f64::min);
        let highest_zero = data
            .x
            .rows()
            .into_iter()
            .zip(y)
            .filter(|(_, c)| **c == 0)
            .map(|(r, _)| score(r))
            .fold(f64::NEG_INFINITY, f64::max);
        assert!(highest_zero < lowest_one);
        // No signal at all still gives two balanced classes.
        let none = Spec {
            n_informative: 0,
            ..spec
        };
        assert_eq!(counts(&generate(&none).unwrap()), [100, 100]);
    }

    #[test]
    fn cos_x_is_sorted_in_the_unit_interval() {
        let data = generate(&Spec {
            n_samples: 500,
            ..Spec::new(Kind::Cos)
        })
        .unwrap();
        let x: Vec<f64> = data.x.column(0).to_vec();
        assert!(x.windows(2).all(|w| w[0] <= w[1]));
        assert!(x.iter().all(|v| (0.0..1.0).contains(v)));
        let flat = generate(&spec(Kind::Cos, 20, 0.0)).unwrap();
        let Target::Values(y) = &flat.target else {
            panic!()
        };
        for (x, y) in flat.x.column(0).iter().zip(y) {
            assert_eq!(*y, (1.5 * PI * x).cos());
        }
        let line = generate(&spec(Kind::Line, 20, 0.0)).unwrap();
        let Target::Values(y) = &line.target else {
            panic!()
        };
        for (x, y) in line.x.column(0).iter().zip(y) {
            assert_eq!(*y, 2.0 * x + 1.0);
        }
    }

    #[test]
    fn limits_are_refused_naming_the_field() {
        let cases = [
            (spec(Kind::Moons, MAX_ROWS + 1, 0.1), "rows", "100000"),
            (spec(Kind::Moons, 3, 0.1), "rows", "2 per class"),
            (spec(Kind::Cos, 1, 0.1), "rows", "at least 2"),
            (
                Spec {
                    n_classes: 5,
                    ..spec(Kind::Spirals, 9, 0.1)
                },
                "rows",
                "at least 10",
            ),
            (spec(Kind::Moons, 100, -0.1), "noise", "0 to 1000"),
            (spec(Kind::Moons, 100, f64::NAN), "noise", "NaN"),
            (spec(Kind::Moons, 100, f64::INFINITY), "noise", "inf"),
            (
                Spec {
                    n_classes: 1,
                    ..Spec::new(Kind::Blobs)
                },
                "classes",
                "2 to 10",
            ),
            (
                Spec {
                    n_classes: 11,
                    ..Spec::new(Kind::Spirals)
                },
                "classes",
                "11",
            ),
            (
                Spec {
                    n_features: MAX_FEATURES + 1,
                    ..Spec::new(Kind::NoisyFeatures)
                },
                "features",
                "1000",
            ),
            (
                Spec {
                    n_features: 0,
                    ..Spec::new(Kind::NoisyFeatures)
                },
                "features",
                "1 to",
            ),
            (
                Spec {
                    n_informative: 31,
                    ..Spec::new(Kind::NoisyFeatures)
                },
                "informative",
                "30 features",
            ),
            (
                Spec {
                    n_samples: MAX_ROWS,
                    n_features: MAX_FEATURES,
                    ..Spec::new(Kind::NoisyFeatures)
                },
                "rows",
                "10000000",
            ),
        ];
        for (spec, field, text) in cases {
            let (name, message) = refusal(&spec);
            assert_eq!(name, field, "{message}");
            assert!(
                message.contains(field) && message.contains(text),
                "{message}"
            );
            assert_eq!(generate(&spec).unwrap_err(), spec.check().unwrap_err());
        }
        // Fields a kind does not use are not checked.
        assert!(
            Spec {
                n_classes: 0,
                n_features: 0,
                ..Spec::new(Kind::Moons)
            }
            .check()
            .is_ok()
        );
        // The largest sizes are accepted.
        assert!(spec(Kind::Moons, MAX_ROWS, MAX_NOISE).check().is_ok());
        let wide = Spec {
            n_samples: 10_000,
            n_features: MAX_FEATURES,
            ..Spec::new(Kind::NoisyFeatures)
        };
        assert!(wide.check().is_ok());
    }

    #[test]
    fn linspace_matches_numpy() {
        let v: Vec<f64> = linspace(0.0, PI, 5, true).collect();
        assert_eq!(v, [0.0, PI / 4.0, PI / 2.0, 3.0 * (PI / 4.0), PI]);
        let v: Vec<f64> = linspace(0.0, TAU, 4, false).collect();
        assert_eq!(v, [0.0, TAU / 4.0, 2.0 * (TAU / 4.0), 3.0 * (TAU / 4.0)]);
        assert_eq!(linspace(0.0, PI, 1, true).collect::<Vec<_>>(), [0.0]);
        assert_eq!(linspace(0.0, PI, 0, true).count(), 0);
    }
}
