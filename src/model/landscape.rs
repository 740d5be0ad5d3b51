//! The objective seen on a plane through the optimum, and optimiser paths
//! projected onto it — the data behind the trajectory chart.
//!
//! A parameter vector `θ` lives in many dimensions (15 for Iris). To draw paths,
//! pick a plane through the optimum `θ*` spanned by two orthonormal directions
//! `u`, `v`, and map each `θ` to `((θ − θ*)·u, (θ − θ*)·v)`. The contour lines show
//! the real objective at `θ* + a·u + b·v`. The plane is either the two leading
//! principal directions of the paths (where they move most) or two chosen weights.
//!
//! ```
//! use tunelab::{Dataset, Params, Solver};
//! use tunelab::model::{Objective, landscape::{Plane, landscape}};
//! use tunelab::preprocess::StandardScaler;
//! let iris = Dataset::iris();
//! let x = StandardScaler::fit(iris.x.view()).transform(iris.x.view());
//! let optimum = Params::default().check()?.fit(x.view(), iris.classes().unwrap_or(&[]), 3)?;
//! let gd = Params::default().solver(Solver::Gd).max_iter(50).check()?.fit(x.view(), iris.classes().unwrap_or(&[]), 3)?;
//! let objective = Objective::new(x.view(), iris.classes().unwrap_or(&[]), 3, 1.0, (0.0, 1.0), true)?;
//! let mut center: Vec<f64> = optimum.coef.iter().copied().collect();
//! center.extend(optimum.intercept.iter());
//! let view = landscape(&objective, &center, &[(&gd.history, true)], Plane::Principal, 20)?;
//! assert_eq!(view.grid.len(), 20);
//! assert_eq!(view.paths[0].len(), gd.history.snapshots.len());
//! # Ok::<(), tunelab::Error>(())
//! ```

use serde::{Deserialize, Serialize};

use crate::collect::CollectVec;

use super::{History, Objective};
use crate::error::{Error, Result};

/// A model's objective as a function of its flat parameter vector `θ`: what the
/// trajectory chart draws contours of.
pub trait Surface {
    /// Length of `θ`.
    fn dim(&self) -> usize;
    /// The per-sample objective at `θ` (data loss plus penalty).
    fn value_at(&self, theta: &[f64]) -> f64;
    /// The data loss alone at `θ` (mean log loss, half the mean squared error), as a
    /// model is judged on rows it was not fitted on.
    fn data_loss_at(&self, theta: &[f64]) -> f64;
    /// A short name for coordinate `i` of `θ` (`W[0, 2]`, `b[1]`).
    fn parameter_name(&self, i: usize) -> String;
    /// The objective ([`Surface::value_at`]) at `center + a·u + b·v` for each `(a, b)`
    /// of `points`. By default one evaluation per point; a model linear in its
    /// inputs projects the rows onto the plane once and evaluates each point in time
    /// independent of the number of features.
    fn values_on_plane(
        &self,
        center: &[f64],
        u: &[f64],
        v: &[f64],
        points: &[(f64, f64)],
    ) -> Vec<f64> {
        let mut theta = vec![0.0; center.len()];
        points
            .iter()
            .map(|&(a, b)| {
                for (k, t) in theta.iter_mut().enumerate() {
                    *t = center[k] + a * u[k] + b * v[k];
                }
                self.value_at(&theta)
            })
            .collect_vec()
    }
}

impl Surface for Objective<'_> {
    fn dim(&self) -> usize {
        Objective::dim(self)
    }
    fn value_at(&self, theta: &[f64]) -> f64 {
        self.value(theta).total()
    }
    fn data_loss_at(&self, theta: &[f64]) -> f64 {
        self.value(theta).data_loss
    }
    fn values_on_plane(
        &self,
        center: &[f64],
        u: &[f64],
        v: &[f64],
        points: &[(f64, f64)],
    ) -> Vec<f64> {
        self.plane_values(center, u, v, points)
    }
    /// `W[class, feature]` or `b[class]` for coordinate `i` of `θ`; `w[feature]`
    /// and `b` for a binary problem (one row of weights).
    fn parameter_name(&self, i: usize) -> String {
        let d = self.n_features();
        let one_row = self.n_weights() == d;
        if one_row && i < d {
            format!("w[{i}]")
        } else if one_row {
            "b".into()
        } else if i < self.n_weights() {
            format!("W[{}, {}]", i / d.max(1), i % d.max(1))
        } else {
            format!("b[{}]", i - self.n_weights())
        }
    }
}

/// Which plane through the optimum to look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Plane {
    /// The paths' two leading principal directions.
    Principal,
    /// Two coordinates of `θ` (indices into the flat parameter vector).
    Weights {
        /// Horizontal axis.
        i: usize,
        /// Vertical axis.
        j: usize,
    },
    /// The whole parameter space of a model with exactly two parameters (one
    /// feature and an intercept: `w[0]` and `b`): no projection, the contours are
    /// the exact loss surface. [`crate::report::trajectories`] picks it instead of
    /// [`Plane::Principal`] whenever `θ` has two entries.
    Exact,
}

/// Read as `#[serde(tag = "kind")]` would (`{ kind: 'weights', i, j }`, other keys
/// ignored, serde's messages), in one pass over the object (see `crate::untagged`).
impl<'de> Deserialize<'de> for Plane {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        use serde::de::{Error as _, IgnoredAny, MapAccess, Visitor};
        struct Fields;
        impl<'de> Visitor<'de> for Fields {
            type Value = Plane;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("internally tagged enum Plane")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<Plane, A::Error> {
                let (mut kind, mut i, mut j) = (None::<String>, None, None);
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "kind" => kind = Some(map.next_value()?),
                        "i" => i = Some(map.next_value::<usize>()?),
                        "j" => j = Some(map.next_value::<usize>()?),
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                match kind.as_deref() {
                    Some("principal") => Ok(Plane::Principal),
                    Some("exact") => Ok(Plane::Exact),
                    Some("weights") => Ok(Plane::Weights {
                        i: i.ok_or_else(|| A::Error::missing_field("i"))?,
                        j: j.ok_or_else(|| A::Error::missing_field("j"))?,
                    }),
                    Some(other) => Err(A::Error::unknown_variant(
                        other,
                        &["principal", "weights", "exact"],
                    )),
                    None => Err(A::Error::missing_field("kind")),
                }
            }
        }
        // As a struct: the reader then looks up just these keys (JS hands over a plain
        // object), through one reader rather than one per kind of map.
        d.deserialize_struct("Plane", &["kind", "i", "j"], Fields)
    }
}

/// The objective on a plane and the paths projected onto it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Landscape {
    /// Range of the horizontal coordinate.
    pub x_range: (f64, f64),
    /// Range of the vertical coordinate.
    pub y_range: (f64, f64),
    /// Per-sample objective on a regular grid, `grid[row][col]`, row 0 at the
    /// bottom (`y_range.0`), column 0 at the left (`x_range.0`).
    pub grid: Vec<Vec<f64>>,
    /// Each path's points in plane coordinates.
    pub paths: Vec<Vec<(f64, f64)>>,
    /// What the axes are, for the caption (e.g. "principal direction 1").
    pub axis_names: (String, String),
    /// Where the optimum is in plane coordinates: the origin for principal
    /// directions, the optimum's own two weights for [`Plane::Weights`] (whose axes
    /// show the weights' values).
    pub optimum: (f64, f64),
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn normalise(v: &mut [f64]) -> f64 {
    let n = dot(v, v).sqrt();
    if n > 0.0 {
        v.iter_mut().for_each(|x| *x /= n);
    }
    n
}

/// Leading eigenvector of `Σ dᵢ dᵢᵀ` orthogonal to `against`, by power iteration.
fn principal(
    diffs: &[Vec<f64>],
    dim: usize,
    against: Option<&[f64]>,
    seed_axis: usize,
) -> Vec<f64> {
    let project_out = |v: &mut Vec<f64>| {
        if let Some(a) = against {
            let c = dot(v, a);
            v.iter_mut().zip(a).for_each(|(x, ai)| *x -= c * ai);
        }
    };
    // Start from the longest difference (or a unit axis), which the power
    // iteration then refines.
    let mut v = diffs
        .iter()
        .max_by(|a, b| dot(a, a).total_cmp(&dot(b, b)))
        .cloned()
        .unwrap_or_else(|| vec![0.0; dim]);
    project_out(&mut v);
    if normalise(&mut v) == 0.0 {
        v = vec![0.0; dim];
        if let Some(x) = v.get_mut(seed_axis % dim.max(1)) {
            *x = 1.0;
        }
        project_out(&mut v);
        if normalise(&mut v) == 0.0 {
            v = vec![0.0; dim];
            if let Some(x) = v.get_mut((seed_axis + 1) % dim.max(1)) {
                *x = 1.0;
            }
        }
    }
    for _ in 0..100 {
        let mut next = vec![0.0; dim];
        for d in diffs {
            let c = dot(d, &v);
            next.iter_mut().zip(d).for_each(|(x, di)| *x += c * di);
        }
        project_out(&mut next);
        if normalise(&mut next) == 0.0 {
            break;
        }
        let change = 1.0 - dot(&next, &v).abs();
        v = next;
        if change < 1e-12 {
            break;
        }
    }
    v
}

/// The objective around `optimum` on the chosen plane, sampled on an
/// `resolution × resolution` grid, and the paths projected onto the plane.
///
/// Each path comes with whether it frames the view: the plane's directions and the
/// box are taken from those paths only, so a diverging path (pass `false`) runs off
/// the edge instead of shrinking the others to a dot.
pub fn landscape(
    objective: &dyn Surface,
    center: &[f64],
    paths: &[(&History, bool)],
    plane: Plane,
    resolution: usize,
) -> Result<Landscape> {
    let dim = objective.dim();
    if center.len() != dim {
        return Err(Error::Shape(format!(
            "the optimum has {} parameters, the objective {dim}",
            center.len()
        )));
    }
    let resolution = resolution.clamp(2, 200);
    let finite = |t: &[f64]| t.len() == dim && t.iter().all(|v| v.is_finite());
    let framing: Vec<&History> = if paths.iter().any(|p| p.1) {
        paths.iter().filter(|p| p.1).map(|p| p.0).collect_vec()
    } else {
        paths.iter().map(|p| p.0).collect_vec()
    };
    let diffs: Vec<Vec<f64>> = framing
        .iter()
        .flat_map(|h| h.snapshots.iter())
        .filter(|s| finite(&s.theta))
        .map(|s| {
            s.theta
                .iter()
                .zip(center.iter())
                .map(|(t, c)| t - c)
                .collect_vec()
        })
        .collect_vec();

    let (u, v, names) = match plane {
        Plane::Principal => {
            let u = principal(&diffs, dim, None, 0);
            let v = principal(&diffs, dim, Some(&u), 1);
            (
                u,
                v,
                (
                    "principal direction 1".to_string(),
                    "principal direction 2".to_string(),
                ),
            )
        }
        Plane::Exact => {
            if dim != 2 {
                return Err(Error::InvalidParam {
                    name: "plane".into(),
                    value: "exact".into(),
                    reason: format!(
                        "the exact surface needs exactly 2 parameters, this model has {dim}"
                    ),
                });
            }
            (
                vec![1.0, 0.0],
                vec![0.0, 1.0],
                (objective.parameter_name(0), objective.parameter_name(1)),
            )
        }
        Plane::Weights { i, j } => {
            if i >= dim || j >= dim || i == j {
                return Err(Error::InvalidParam {
                    name: "plane".into(),
                    value: format!("({i}, {j})"),
                    reason: format!("choose two different parameters below {dim}"),
                });
            }
            let mut u = vec![0.0; dim];
            let mut v = vec![0.0; dim];
            u[i] = 1.0;
            v[j] = 1.0;
            (
                u,
                v,
                (objective.parameter_name(i), objective.parameter_name(j)),
            )
        }
    };

    let project = |t: &[f64]| {
        let d: Vec<f64> = t
            .iter()
            .zip(center.iter())
            .map(|(a, c)| a - c)
            .collect_vec();
        (dot(&d, &u), dot(&d, &v))
    };
    let project_all = |h: &History| -> Vec<(f64, f64)> {
        h.snapshots
            .iter()
            .map(|s| {
                if finite(&s.theta) {
                    project(&s.theta)
                } else {
                    (f64::NAN, f64::NAN)
                }
            })
            .collect_vec()
    };
    let framing_points: Vec<(f64, f64)> = framing.iter().flat_map(|h| project_all(h)).collect_vec();
    let projected: Vec<Vec<(f64, f64)>> = paths.iter().map(|&(h, _)| project_all(h)).collect_vec();

    // A box holding the finite points, with a margin; paths that run off to huge
    // values (divergence) are clipped by the chart, so the box is capped at 20 times
    // the typical distance. On a plane of directions, where lengths compare, the box
    // is square in scale and centred on the optimum. On two weights it is the points'
    // own box (the optimum included), each axis fitted to its weight (within a factor
    // of 50 of the other), as a weight thirty times smaller would otherwise be a flat
    // line, and the far side of the optimum, where no path goes, empty.
    let cap = |coord: &dyn Fn(&(f64, f64)) -> f64| {
        let mut extent: Vec<f64> = framing_points
            .iter()
            .filter(|p| p.0.is_finite() && p.1.is_finite())
            .map(|p| coord(p).abs())
            .collect_vec();
        crate::sort::sort_f64(&mut extent);
        let typical = extent
            .get(extent.len() * 9 / 10)
            .copied()
            .unwrap_or(1.0)
            .max(1e-3);
        let max = extent
            .last()
            .copied()
            .unwrap_or(1.0)
            .min(20.0 * typical)
            .max(1e-3);
        (typical, max)
    };
    // The offsets (from the optimum) each axis spans.
    let ((x_lo, x_hi), (y_lo, y_hi)) = match plane {
        Plane::Weights { .. } => {
            let bounds = |coord: &dyn Fn(&(f64, f64)) -> f64| {
                let (typical, _) = cap(coord);
                let limit = 20.0 * typical;
                let (lo, hi) = framing_points
                    .iter()
                    .filter(|p| p.0.is_finite() && p.1.is_finite())
                    .map(|p| coord(p).clamp(-limit, limit))
                    .fold((0.0f64, 0.0f64), |(lo, hi), v| (lo.min(v), hi.max(v)));
                (lo, hi.max(lo + 1e-3))
            };
            let (x, y) = (bounds(&|p| p.0), bounds(&|p| p.1));
            let (wx, wy) = (x.1 - x.0, y.1 - y.0);
            // Each span at least a fiftieth of the other, grown about its middle.
            let grow = |(lo, hi): (f64, f64), w: f64, other: f64| {
                let extra = (other / 50.0 - w).max(0.0) / 2.0;
                (lo - extra, hi + extra)
            };
            let (x, y) = (grow(x, wx, wy), grow(y, wy, wx));
            let pad = |(lo, hi): (f64, f64)| {
                let m = 0.1 * (hi - lo);
                (lo - m, hi + m)
            };
            (pad(x), pad(y))
        }
        Plane::Principal | Plane::Exact => {
            let half = 1.1 * cap(&|p| p.0.abs().max(p.1.abs())).1;
            ((-half, half), (-half, half))
        }
    };
    // Weight axes show the weights' own values; principal axes, offsets.
    let origin = match plane {
        Plane::Principal => (0.0, 0.0),
        Plane::Weights { i, j } => (center[i], center[j]),
        Plane::Exact => (center[0], center[1]),
    };
    let x_range = (origin.0 + x_lo, origin.0 + x_hi);
    let y_range = (origin.1 + y_lo, origin.1 + y_hi);
    let projected: Vec<Vec<(f64, f64)>> = projected
        .into_iter()
        .map(|path| {
            path.into_iter()
                .map(|(a, b)| (a + origin.0, b + origin.1))
                .collect_vec()
        })
        .collect_vec();

    let (step_x, step_y) = (
        (x_hi - x_lo) / (resolution - 1) as f64,
        (y_hi - y_lo) / (resolution - 1) as f64,
    );
    let points: Vec<(f64, f64)> = (0..resolution)
        .flat_map(|r| {
            let b = y_lo + r as f64 * step_y;
            (0..resolution).map(move |c| (x_lo + c as f64 * step_x, b))
        })
        .collect_vec();
    let values = objective.values_on_plane(center, &u, &v, &points);
    let grid = values.chunks(resolution).map(<[f64]>::to_vec).collect_vec();
    Ok(Landscape {
        x_range,
        y_range,
        grid,
        paths: projected,
        axis_names: names,
        optimum: origin,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array2;

    /// The projected evaluation of a logistic objective equals the direct one, for a
    /// binary and a three-class problem, with l2 and l1 penalties.
    #[test]
    fn a_plane_of_a_logistic_objective_is_evaluated_exactly() {
        let x = Array2::from_shape_fn((40, 5), |(i, j)| {
            ((i * 7 + j * 3) as f64 * 0.37).sin() * (j + 1) as f64
        });
        for n_classes in [2, 3] {
            let y: Vec<usize> = (0..40).map(|i| (i * 5 + i / 3) % n_classes).collect();
            for penalty in [(0.0, 1.0), (1.0, 0.0)] {
                let obj = Objective::new(x.view(), &y, n_classes, 0.7, penalty, true).unwrap();
                let dim = Surface::dim(&obj);
                let at = |seed: f64| -> Vec<f64> {
                    (0..dim).map(|k| ((k as f64 + seed) * 1.3).cos()).collect()
                };
                let (c, u, v) = (at(0.1), at(2.0), at(5.0));
                let points = [(0.0, 0.0), (0.5, -1.25), (-2.0, 3.0), (1e-3, 7.5)];
                let fast = obj.values_on_plane(&c, &u, &v, &points);
                for (&(a, b), fast) in points.iter().zip(fast) {
                    let theta: Vec<f64> = (0..dim).map(|k| c[k] + a * u[k] + b * v[k]).collect();
                    let direct = obj.value_at(&theta);
                    assert!(
                        (fast - direct).abs() <= 1e-12 * direct.abs().max(1.0),
                        "{n_classes} classes, {penalty:?}: {fast} vs {direct}"
                    );
                }
            }
        }
    }

    /// The same for every linear model's squared-error objective.
    #[test]
    fn a_plane_of_a_linear_objective_is_evaluated_exactly() {
        use crate::model::linear::{LinearKind, LinearParams};
        let x = Array2::from_shape_fn((30, 4), |(i, j)| {
            ((i * 5 + j * 11) as f64 * 0.21).cos() * (j + 2) as f64
        });
        let y: Vec<f64> = (0..30)
            .map(|i| (i as f64 * 0.3).sin() * 4.0 + 1.0)
            .collect();
        for kind in [
            LinearKind::LinearRegression,
            LinearKind::Ridge,
            LinearKind::Lasso,
            LinearKind::ElasticNet,
        ] {
            let params = LinearParams {
                kind,
                alpha: 0.3,
                ..LinearParams::default()
            };
            let surface = params.surface(x.view(), &y).unwrap();
            let dim = surface.dim();
            let at = |seed: f64| -> Vec<f64> {
                (0..dim).map(|k| ((k as f64 + seed) * 0.9).sin()).collect()
            };
            let (c, u, v) = (at(0.3), at(1.7), at(4.1));
            let points = [(0.0, 0.0), (1.5, -0.5), (-3.0, 2.0)];
            for (&(a, b), fast) in points
                .iter()
                .zip(surface.values_on_plane(&c, &u, &v, &points))
            {
                let theta: Vec<f64> = (0..dim).map(|k| c[k] + a * u[k] + b * v[k]).collect();
                let direct = surface.value_at(&theta);
                assert!(
                    (fast - direct).abs() <= 1e-12 * direct.abs().max(1.0),
                    "{kind:?}: {fast} vs {direct}"
                );
            }
        }
    }
}
