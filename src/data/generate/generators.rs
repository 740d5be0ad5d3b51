//! The generators: [`generate`] and the building blocks its kinds share (the planar
//! class sets, the curves, NumPy's `linspace`, the names).

use crate::collect::CollectVec;
use crate::math;
use std::f64::consts::{PI, TAU};

use ndarray::Array2;
use rand::Rng;

use super::{Generated, Kind, Normal, Spec, Target};
use crate::error::{Error, Result};

/// The radius of the circle on which `blobs` places its centres.
const BLOB_RADIUS: f64 = 3.0;

/// The smallest cluster standard deviation of `blobs`, used when the noise is smaller.
const MIN_BLOB_SD: f64 = 0.05;

/// How many times wider the second feature of `scales` is spread than the first.
pub(super) const SCALES_RATIO: f64 = 30.0;

/// Generates the data `spec` describes, after [`Spec::check`].
pub fn generate(spec: &Spec) -> Result<Generated> {
    spec.check()?;
    let n = spec.n_samples;
    let noise = spec.noise;
    let mut src = Normal::new(spec.seed);
    match spec.kind {
        Kind::Moons => {
            let (n_out, n_in) = halves(n);
            let outer = linspace(0.0, PI, n_out, true).map(|t| ([math::cos(t), math::sin(t)], 0));
            let inner = linspace(0.0, PI, n_in, true)
                .map(|t| ([1.0 - math::cos(t), 1.0 - math::sin(t) - 0.5], 1));
            planar(outer.chain(inner).collect_vec(), 2, noise, &mut src)
        }
        Kind::Circles => {
            let (n_out, n_in) = halves(n);
            let factor = 0.5;
            let outer = linspace(0.0, TAU, n_out, false).map(|t| ([math::cos(t), math::sin(t)], 0));
            let inner = linspace(0.0, TAU, n_in, false)
                .map(|t| ([math::cos(t) * factor, math::sin(t) * factor], 1));
            planar(outer.chain(inner).collect_vec(), 2, noise, &mut src)
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
                .collect_vec();
            planar(points, 2, noise, &mut src)
        }
        Kind::Blobs => {
            let k = spec.n_classes;
            let sd = noise.max(MIN_BLOB_SD);
            let mut points = Vec::with_capacity(n);
            for (class, count) in split(n, k).into_iter().enumerate() {
                let angle = TAU * class as f64 / k as f64;
                let centre = [
                    BLOB_RADIUS * math::cos(angle),
                    BLOB_RADIUS * math::sin(angle),
                ];
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
                    points.push(([r * math::sin(t), r * math::cos(t)], class));
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
                    (
                        [centre + r * math::cos(t), centre + r * math::sin(t)],
                        class,
                    )
                })
                .collect_vec();
            planar(points, 2, noise, &mut src)
        }
        Kind::NoisyFeatures => noisy_features(spec, &mut src),
        Kind::Scales => scales(spec, &mut src),
        Kind::Cos => {
            let mut x: Vec<f64> = (0..n).map(|_| src.rng.random::<f64>()).collect_vec();
            crate::sort::sort_f64(&mut x);
            let y = x
                .iter()
                .map(|&x| math::cos(1.5 * PI * x) + noise * src.sample())
                .collect_vec();
            Ok(curve(x, y))
        }
        Kind::Line => {
            let x: Vec<f64> = (0..n).map(|_| src.rng.random::<f64>()).collect_vec();
            let y = x
                .iter()
                .map(|&x| 2.0 * x + 1.0 + noise * src.sample())
                .collect_vec();
            Ok(curve(x, y))
        }
    }
}

/// `noisy-features`: standard normal features, the class from the informative ones.
fn noisy_features(spec: &Spec, src: &mut Normal) -> Result<Generated> {
    let (n, p) = (spec.n_samples, spec.n_features);
    let values: Vec<f64> = (0..cells(n, p)?).map(|_| src.sample()).collect_vec();
    let x = Array2::from_shape_vec((n, p), values).map_err(shape_error)?;
    let scores: Vec<f64> = x
        .rows()
        .into_iter()
        .map(|row| row.iter().take(spec.n_informative).sum::<f64>() + spec.noise * src.sample())
        .collect_vec();
    Ok(Generated {
        x,
        target: Target::Classes(larger_half(&scores)),
        feature_names: feature_names(p),
        class_names: class_names(2),
        label_name: "class".to_owned(),
    })
}

/// `scales`: `x1 = a` and `x2 = 30 b` for standard normal `a`, `b`, class 1 for the
/// larger half of `a + b + noise · N(0, 1)`: the two features matter equally, on scales
/// thirty times apart.
fn scales(spec: &Spec, src: &mut Normal) -> Result<Generated> {
    let n = spec.n_samples;
    let mut values = Vec::with_capacity(cells(n, 2)?);
    let mut scores = Vec::with_capacity(n);
    for _ in 0..n {
        let (a, b) = (src.sample(), src.sample());
        values.extend([a, SCALES_RATIO * b]);
        scores.push(a + b + spec.noise * src.sample());
    }
    let x = Array2::from_shape_vec((n, 2), values).map_err(shape_error)?;
    Ok(Generated {
        x,
        target: Target::Classes(larger_half(&scores)),
        feature_names: feature_names(2),
        class_names: class_names(2),
        label_name: "class".to_owned(),
    })
}

/// Class 1 for the rows with the `n − n/2` largest scores, class 0 for the rest; ties
/// (only possible without signal or noise) go by row order.
fn larger_half(scores: &[f64]) -> Vec<usize> {
    let n = scores.len();
    let mut order: Vec<usize> = (0..n).collect_vec();
    crate::sort::sort_by(&mut order, &|&a, &b| scores[a].total_cmp(&scores[b]));
    let (n0, _) = halves(n);
    let mut y = vec![0; n];
    for &row in order.iter().skip(n0) {
        if let Some(class) = y.get_mut(row) {
            *class = 1;
        }
    }
    y
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
        (1..=p).map(|j| format!("x{j}")).collect_vec()
    }
}

/// `0`, `1`, … `k − 1`.
fn class_names(k: usize) -> Vec<String> {
    (0..k).map(|c| c.to_string()).collect_vec()
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
    (0..k).map(|i| n / k + usize::from(i < n % k)).collect_vec()
}

/// `n` evenly spaced numbers from `start`, as NumPy's `linspace`: step
/// `(stop − start) / (n − 1)` with the endpoint (which is then exactly `stop`), or
/// `(stop − start) / n` without.
pub(super) fn linspace(
    start: f64,
    stop: f64,
    n: usize,
    endpoint: bool,
) -> impl Iterator<Item = f64> {
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
pub(super) fn cells(rows: usize, columns: usize) -> Result<usize> {
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
