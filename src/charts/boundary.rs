//! Decision boundary: the class a classifier predicts over two features, or the
//! curve a regressor fits over one, with the training and test rows on top.
//!
//! Classes: each grid node is a small rectangle in its predicted class's colour
//! (Okabe–Ito, see [`palette`](super::palette)); the colour is strong where the model
//! is sure (the probability of the predicted class near 1) and fades towards white
//! where it hesitates (near 1/K). A thin dark line runs between nodes of different
//! classes — the boundary itself. Training rows are filled dots, held-out test rows
//! rings, both in their *true* class's colour, and a black cross marks every row the
//! model gets wrong. Regression: the fitted curve as a dark line, training rows as
//! dots and test rows as rings; a curve that shoots far off is cut one span of the
//! data above or below it.

use crate::collect::CollectVec;
use plotters::coord::Shift;
use plotters::prelude::*;
use serde::{Deserialize, Serialize};

use super::common::{
    Axis, Entry, Frame, INK, Key, Marker, Sizes, axes, caption, ce, draw_legend, finite_range,
    keep_notes, marker, message, pad, split_legend_at, text_width, titled, too_small,
};
use super::palette::{lighten, series_color};
use super::{ChartStyle, Notes};
use crate::Result;

/// One row of the data on the chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoundaryPoint {
    /// Horizontal position: the first chosen feature.
    #[serde(deserialize_with = "super::common::nan_null::one")]
    pub x: f64,
    /// Vertical position: the second chosen feature (classes) or the target value
    /// (regression).
    #[serde(deserialize_with = "super::common::nan_null::one")]
    pub y: f64,
    /// The row's true class (classes only).
    pub class: Option<usize>,
    /// Whether the model predicts another class for the row (always `false` for a
    /// regression).
    pub misclassified: bool,
}

/// What the chart shades or draws under the points.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum BoundaryKind {
    /// A classifier's predictions on a grid over two features.
    Classes {
        /// Class names, in class-index order (legend).
        class_names: Vec<String>,
        /// Range of the horizontal feature covered by the grid, `(min, max)`.
        x_range: (f64, f64),
        /// Range of the vertical feature covered by the grid, `(min, max)`.
        y_range: (f64, f64),
        /// Predicted class at `ny × nx` evenly spaced nodes covering the ranges:
        /// `grid_class[i][j]` is at `y = y_min + i·Δy`, `x = x_min + j·Δx` (row 0 at
        /// the bottom).
        grid_class: Vec<Vec<usize>>,
        /// Probability of the predicted class at the same nodes (`1/K` … `1`).
        grid_proba: Vec<Vec<f64>>,
    },
    /// A regressor's prediction along one feature.
    Curve {
        /// Feature values, increasing.
        xs: Vec<f64>,
        /// Predicted target at each of `xs`.
        ys: Vec<f64>,
    },
}

/// Read as `#[serde(tag = "type")]` would (other keys ignored, serde's messages; `null`
/// numbers read as `NaN`), in one pass over the object (see `crate::untagged`).
impl<'de> Deserialize<'de> for BoundaryKind {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        use serde::de::{Error as _, IgnoredAny, MapAccess, Visitor};
        struct Fields;
        /// A pair of numbers, `null` as `NaN`.
        #[derive(Deserialize)]
        struct Pair(#[serde(deserialize_with = "super::common::nan_null::pair")] (f64, f64));
        /// Numbers, `null` as `NaN`.
        #[derive(Deserialize)]
        struct Nums(#[serde(deserialize_with = "super::common::nan_null::vec")] Vec<f64>);
        /// Rows of numbers, `null` as `NaN`.
        #[derive(Deserialize)]
        struct Grid(#[serde(deserialize_with = "super::common::nan_null::grid")] Vec<Vec<f64>>);
        impl<'de> Visitor<'de> for Fields {
            type Value = BoundaryKind;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("internally tagged enum BoundaryKind")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<BoundaryKind, A::Error> {
                let mut tag = None::<String>;
                let (mut class_names, mut x_range, mut y_range) = (None, None, None);
                let (mut grid_class, mut grid_proba, mut xs, mut ys) = (None, None, None, None);
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "type" => tag = Some(map.next_value()?),
                        "class_names" => class_names = Some(map.next_value::<Vec<String>>()?),
                        "x_range" => x_range = Some(map.next_value::<Pair>()?.0),
                        "y_range" => y_range = Some(map.next_value::<Pair>()?.0),
                        "grid_class" => grid_class = Some(map.next_value::<Vec<Vec<usize>>>()?),
                        "grid_proba" => grid_proba = Some(map.next_value::<Grid>()?.0),
                        "xs" => xs = Some(map.next_value::<Nums>()?.0),
                        "ys" => ys = Some(map.next_value::<Nums>()?.0),
                        _ => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                fn field<T, E: serde::de::Error>(
                    v: Option<T>,
                    name: &'static str,
                ) -> std::result::Result<T, E> {
                    v.ok_or_else(|| E::missing_field(name))
                }
                match tag.as_deref() {
                    Some("classes") => Ok(BoundaryKind::Classes {
                        class_names: field(class_names, "class_names")?,
                        x_range: field(x_range, "x_range")?,
                        y_range: field(y_range, "y_range")?,
                        grid_class: field(grid_class, "grid_class")?,
                        grid_proba: field(grid_proba, "grid_proba")?,
                    }),
                    Some("curve") => Ok(BoundaryKind::Curve {
                        xs: field(xs, "xs")?,
                        ys: field(ys, "ys")?,
                    }),
                    Some(other) => Err(A::Error::unknown_variant(other, &["classes", "curve"])),
                    None => Err(A::Error::missing_field("type")),
                }
            }
        }
        // As a struct: the reader then looks up just these keys (JS hands over a plain
        // object), through one reader rather than one per kind of map.
        d.deserialize_struct(
            "BoundaryKind",
            &[
                "type",
                "class_names",
                "x_range",
                "y_range",
                "grid_class",
                "grid_proba",
                "xs",
                "ys",
            ],
            Fields,
        )
    }
}

/// A decision boundary (classes) or fitted curve (regression) with the data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoundaryData {
    /// Chart title.
    pub title: String,
    /// Drawn under the plot: how to read the chart, and what the other features were
    /// fixed at.
    #[serde(default)]
    pub caption: String,
    /// Horizontal axis title (a feature name).
    pub x_label: String,
    /// Vertical axis title (a feature name, or the target's).
    pub y_label: String,
    /// Regions or curve.
    pub kind: BoundaryKind,
    /// Rows the model was fitted on (filled dots).
    pub train: Vec<BoundaryPoint>,
    /// Held-out rows (rings).
    pub test: Vec<BoundaryPoint>,
    /// When the dots are a sample of the rows (large data): how many training and
    /// held-out rows there are in all (the legend then gives no counts).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sampled_from: Option<(usize, usize)>,
}

/// Colour of class `k`.
fn class_color(k: usize) -> RGBColor {
    series_color(k)
}

/// How much of white to mix into a region's colour at probability `p` among `k`
/// classes: 0.85 at chance (`1/k`) down to 0.3 at certainty.
fn fade(p: f64, k: usize) -> f64 {
    let chance = 1.0 / (k.max(2) as f64);
    let t = if p.is_finite() {
        ((p - chance) / (1.0 - chance)).clamp(0.0, 1.0)
    } else {
        0.0
    };
    0.85 - 0.55 * t
}

fn usable(r: (f64, f64)) -> Option<(f64, f64)> {
    (r.0.is_finite() && r.1.is_finite() && r.0 != r.1).then(|| (r.0.min(r.1), r.0.max(r.1)))
}

/// Draws the decision boundary or fitted curve on `area` (which it clears first).
///
/// Returns the chart's notes, drawn in it or not as [`ChartStyle::notes_outside`] says.
pub fn draw_boundary<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &BoundaryData,
    style: &ChartStyle,
) -> Result<Notes> {
    super::with_notes(|notes| draw_boundary_into(area, data, style, notes))
}

/// [`draw_boundary`], adding its notes to `notes`.
pub(crate) fn draw_boundary_into<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &BoundaryData,
    style: &ChartStyle,
    notes: &mut Notes,
) -> Result<()> {
    if too_small(area, style)? {
        return Ok(());
    }
    let s = Sizes::of(style);
    let body = titled(area, style, &data.title)?;
    let narrow = f64::from(body.dim_in_pixel().0) < style.pxf(560.0);
    let main = caption(&body, style, &data.caption, 5, notes)?;
    let points = || data.train.iter().chain(&data.test);
    let finite = |p: &&BoundaryPoint| p.x.is_finite() && p.y.is_finite();
    let n_wrong = points().filter(|p| p.misclassified).count();

    // " (38)": the count, left out when the dots are a sample (the caption says of
    // how many rows; a count of the sample would read as the data's).
    let of = |n: usize| match data.sampled_from {
        Some(_) => String::new(),
        None => format!(" ({n})"),
    };
    let mut entries = Vec::new();
    let (xr, yr) = match &data.kind {
        BoundaryKind::Classes {
            class_names,
            x_range,
            y_range,
            grid_class,
            ..
        } => {
            let n_classes = class_names
                .len()
                .max(
                    grid_class
                        .iter()
                        .flatten()
                        .map(|&c| c + 1)
                        .max()
                        .unwrap_or(0),
                )
                .max(
                    points()
                        .filter_map(|p| p.class)
                        .map(|c| c + 1)
                        .max()
                        .unwrap_or(0),
                );
            for k in 0..n_classes {
                let name = class_names
                    .get(k)
                    .cloned()
                    .unwrap_or_else(|| format!("class {k}"));
                entries.push(Entry::new(
                    name,
                    class_color(k),
                    Key::Marker(Marker::Square),
                ));
            }
            let xr = usable(*x_range)
                .or_else(|| finite_range(points().map(|p| p.x)).map(|(a, b)| pad(a, b, 0.05)));
            let yr = usable(*y_range)
                .or_else(|| finite_range(points().map(|p| p.y)).map(|(a, b)| pad(a, b, 0.05)));
            (xr, yr)
        }
        BoundaryKind::Curve { xs, ys } => {
            entries.push(Entry::new(
                "model's prediction",
                INK,
                Key::Line {
                    dashed: false,
                    marker: Marker::None,
                },
            ));
            let xr = finite_range(xs.iter().copied().chain(points().map(|p| p.x)));
            let curve_y = xs
                .iter()
                .zip(ys)
                .filter(|(x, _)| x.is_finite())
                .map(|(_, y)| *y);
            let all = finite_range(curve_y.chain(points().filter(finite).map(|p| p.y)));
            // A curve that shoots off (a high degree polynomial at the edge) is cut at
            // one span of the data beyond it, so the data keeps most of the height.
            let yr = match (all, finite_range(points().filter(finite).map(|p| p.y))) {
                (Some((lo, hi)), Some((plo, phi))) => {
                    let span = phi - plo;
                    Some((lo.max(plo - span), hi.min(phi + span)))
                }
                (all, _) => all,
            };
            (xr, yr.map(|(a, b)| pad(a, b, 0.05)))
        }
    };
    let regression = matches!(data.kind, BoundaryKind::Curve { .. });
    let (train_c, test_c) = if regression {
        (series_color(0), series_color(1))
    } else {
        (INK, INK)
    };
    if !data.train.is_empty() {
        entries.push(Entry::new(
            format!("training row{}", of(data.train.len())),
            train_c,
            Key::Marker(Marker::Dot),
        ));
    }
    if !data.test.is_empty() {
        entries.push(Entry::new(
            format!("test row{}", of(data.test.len())),
            test_c,
            Key::Marker(Marker::Ring),
        ));
    }
    if !regression {
        entries.push(Entry::new(
            format!("misclassified{}", of(n_wrong)),
            INK,
            Key::Marker(Marker::Cross),
        ));
        // (Left out when the legend goes below a narrow plot, where it has no room.)
        if !narrow || style.notes_outside {
            entries.push(Entry::new(
                "Point colour: the row's true class.",
                INK,
                Key::Note,
            ));
        }
    }
    let (Some(xr), Some(yr)) = (xr, yr) else {
        return message(&main, style, "no data to show");
    };
    keep_notes(&mut entries, style, notes);
    // A map wants its height: keep the legend at the side down to a narrow chart (a
    // legend with its notes below would squash the plot into a strip), as long as the
    // plot keeps about 240 px; with the notes outside, a legend below is short, and
    // the side legend gives way sooner, while the plot would be under about 320 px.
    let widest = entries
        .iter()
        .filter(|e| !matches!(e.key, Key::Note))
        .map(|e| text_width(&e.label, s.legend) + style.pxf(44.0))
        .fold(0.0, f64::max);
    let right_w = (widest + 2.0 * s.pad).max(style.pxf(150.0));
    let min_plot = if style.notes_outside { 300.0 } else { 220.0 };
    let (plot, legend) = split_legend_at(
        &main,
        style,
        &entries,
        right_w,
        right_w + style.pxf(min_plot),
    );
    if let Some(l) = &legend {
        draw_legend(l, style, &entries)?;
    }
    let (pw, ph) = plot.dim_in_pixel();
    let max_x = ((f64::from(pw) / (s.tick * 5.0)).floor() as usize).clamp(2, 10);
    let max_y = ((f64::from(ph) / (s.tick * 3.0)).floor() as usize).clamp(2, 10);
    let frame = axes(
        &plot,
        style,
        &Axis::linear(xr.0, xr.1, max_x, &data.x_label),
        &Axis::linear(yr.0, yr.1, max_y, &data.y_label),
    )?;

    match &data.kind {
        BoundaryKind::Classes {
            class_names,
            x_range,
            y_range,
            grid_class,
            grid_proba,
        } => {
            if let (Some(gx), Some(gy)) = (usable(*x_range), usable(*y_range)) {
                regions(
                    &frame,
                    style,
                    (gx, gy),
                    grid_class,
                    grid_proba,
                    class_names.len(),
                )?;
            }
        }
        BoundaryKind::Curve { xs, ys } => {
            let mut pts: Vec<(f64, f64)> = xs.iter().copied().zip(ys.iter().copied()).collect_vec();
            crate::sort::sort_by(&mut pts, &|a, b| a.0.total_cmp(&b.0));
            frame.polyline(&pts, INK, style.upx(3.0), None)?;
        }
    }

    // Training dots first, test rings on top, crosses over both.
    let r = style.pxf(4.5);
    for p in data
        .train
        .iter()
        .filter(|p| finite(p) && frame.contains((p.x, p.y)))
    {
        let c = p.class.map_or(train_c, class_color);
        let at = frame.map((p.x, p.y));
        marker(&frame.area, at, Marker::Dot, WHITE, r + style.pxf(1.2), 1)?;
        marker(&frame.area, at, Marker::Dot, c, r, 1)?;
    }
    for p in data
        .test
        .iter()
        .filter(|p| finite(p) && frame.contains((p.x, p.y)))
    {
        let c = p.class.map_or(test_c, class_color);
        let at = frame.map((p.x, p.y));
        marker(&frame.area, at, Marker::Dot, INK, r + style.pxf(1.5), 1)?;
        marker(
            &frame.area,
            at,
            Marker::Ring,
            c,
            r + style.pxf(0.5),
            style.upx(2.0),
        )?;
    }
    // A cross in the row's own class colour with a dark edge: the row's true class
    // still reads (a dark cross hid its dot), and it stands out from the region,
    // which has another class's colour.
    for p in points().filter(|p| p.misclassified && finite(p) && frame.contains((p.x, p.y))) {
        let at = frame.map((p.x, p.y));
        let c = p.class.map_or(INK, class_color);
        marker(
            &frame.area,
            at,
            Marker::Cross,
            INK,
            style.pxf(6.0),
            style.upx(5.0),
        )?;
        marker(
            &frame.area,
            at,
            Marker::Cross,
            c,
            style.pxf(6.0),
            style.upx(2.5),
        )?;
    }
    frame
        .area
        .draw(&Rectangle::new(
            [(0, 0), (frame.w as i32 - 1, frame.h as i32 - 1)],
            INK.stroke_width(style.upx(1.0)),
        ))
        .map_err(ce)?;
    Ok(())
}

/// The class regions: one rectangle per grid node, and the boundary between nodes of
/// different classes.
fn regions<DB: DrawingBackend>(
    frame: &Frame<DB>,
    style: &ChartStyle,
    ((x0, x1), (y0, y1)): ((f64, f64), (f64, f64)),
    grid_class: &[Vec<usize>],
    grid_proba: &[Vec<f64>],
    n_names: usize,
) -> Result<()> {
    let ny = grid_class.len();
    let nx = grid_class.iter().map(Vec::len).max().unwrap_or(0);
    if ny < 2 || nx < 2 {
        return Ok(());
    }
    let k = n_names.max(
        grid_class
            .iter()
            .flatten()
            .map(|&c| c + 1)
            .max()
            .unwrap_or(0),
    );
    let (dx, dy) = ((x1 - x0) / (nx - 1) as f64, (y1 - y0) / (ny - 1) as f64);
    let bx = (frame.x.0, frame.x.1, frame.y.0, frame.y.1);
    let cell = |i: usize, j: usize| {
        let (cx, cy) = (x0 + j as f64 * dx, y0 + i as f64 * dy);
        (
            ((cx - dx / 2.0).max(bx.0), (cy - dy / 2.0).max(bx.2)),
            ((cx + dx / 2.0).min(bx.1), (cy + dy / 2.0).min(bx.3)),
        )
    };
    for (i, row) in grid_class.iter().enumerate() {
        for (j, &c) in row.iter().enumerate() {
            let (a, b) = cell(i, j);
            if a.0 >= b.0 || a.1 >= b.1 {
                continue;
            }
            let p = grid_proba
                .get(i)
                .and_then(|r| r.get(j))
                .copied()
                .unwrap_or(f64::NAN);
            let fill = lighten(class_color(c), fade(p, k));
            // One pixel of overlap so that no white seams show between cells.
            let (pa, pb) = (frame.map((a.0, b.1)), frame.map((b.0, a.1)));
            frame
                .area
                .draw(&Rectangle::new([pa, (pb.0 + 1, pb.1 + 1)], fill.filled()))
                .map_err(ce)?;
        }
    }
    // The boundary: marching squares on the class labels.
    let line = INK.mix(0.8).stroke_width(style.upx(2.0));
    let node = |i: usize, j: usize| -> Option<(usize, f64)> {
        let c = *grid_class.get(i)?.get(j)?;
        let p = grid_proba
            .get(i)
            .and_then(|r| r.get(j))
            .copied()
            .unwrap_or(f64::NAN);
        let m = if p.is_finite() {
            (p - 0.5).max(1e-3)
        } else {
            1.0
        };
        Some((c, m))
    };
    let to_data = |p: (f64, f64)| (x0 + p.0 * dx, y0 + p.1 * dy);
    for i in 0..ny - 1 {
        for j in 0..nx - 1 {
            let (Some(a), Some(b), Some(c), Some(d)) = (
                node(i, j),
                node(i, j + 1),
                node(i + 1, j + 1),
                node(i + 1, j),
            ) else {
                continue;
            };
            let (x, y) = (j as f64, i as f64);
            // Where the top probability falls to ½ between the two nodes, linearly
            // interpolated: exact for two classes, and close wherever a third class
            // is unlikely; the edge's midpoint where neither node is above ½.
            let t = |u: (usize, f64), v: (usize, f64)| {
                if u.1 + v.1 > 2e-3 {
                    u.1 / (u.1 + v.1)
                } else {
                    0.5
                }
            };
            let bottom = (a.0 != b.0).then(|| (x + t(a, b), y));
            let right = (b.0 != c.0).then(|| (x + 1.0, y + t(b, c)));
            let top = (d.0 != c.0).then(|| (x + t(d, c), y + 1.0));
            let left = (a.0 != d.0).then(|| (x, y + t(a, d)));
            let crossings: Vec<(f64, f64)> = [bottom, right, top, left]
                .into_iter()
                .flatten()
                .collect_vec();
            let segments: Vec<((f64, f64), (f64, f64))> = match crossings.as_slice() {
                [p, q] => vec![(*p, *q)],
                [_, _, _, _] if a.0 == c.0 && b.0 == d.0 => match (bottom, right, top, left) {
                    (Some(p), Some(q), Some(r), Some(s)) => {
                        // Keep the corners of the class the centre belongs to joined.
                        if a.1 + c.1 >= b.1 + d.1 {
                            vec![(p, q), (r, s)]
                        } else {
                            vec![(p, s), (q, r)]
                        }
                    }
                    _ => Vec::new(),
                },
                more => more.iter().map(|p| (*p, (x + 0.5, y + 0.5))).collect_vec(),
            };
            for (p, q) in segments {
                frame
                    .area
                    .draw(&PathElement::new(
                        vec![frame.map(to_data(p)), frame.map(to_data(q))],
                        line,
                    ))
                    .map_err(ce)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    //! The hand-written reader against the derived one it replaces.
    use serde::Deserialize;

    use super::BoundaryKind;
    use crate::untagged::tests::read;

    #[derive(Debug, Deserialize)]
    #[serde(tag = "type", rename_all = "snake_case")]
    #[allow(dead_code)]
    enum RefKind {
        Classes {
            class_names: Vec<String>,
            #[serde(deserialize_with = "crate::charts::common::nan_null::pair")]
            x_range: (f64, f64),
            #[serde(deserialize_with = "crate::charts::common::nan_null::pair")]
            y_range: (f64, f64),
            grid_class: Vec<Vec<usize>>,
            #[serde(deserialize_with = "crate::charts::common::nan_null::grid")]
            grid_proba: Vec<Vec<f64>>,
        },
        Curve {
            #[serde(deserialize_with = "crate::charts::common::nan_null::vec")]
            xs: Vec<f64>,
            #[serde(deserialize_with = "crate::charts::common::nan_null::vec")]
            ys: Vec<f64>,
        },
    }

    #[test]
    fn boundary_kind_reads_as_internally_tagged() {
        for json in [
            r#"{"type": "classes", "class_names": ["a", "b"], "x_range": [0, null],
                "y_range": [-1, 1.5], "grid_class": [[0, 1]], "grid_proba": [[0.5, null]]}"#,
            r#"{"type": "curve", "xs": [0, 1], "ys": [null, 2], "extra": {}}"#,
            r#"{"xs": [0, 1], "ys": [1, 2], "type": "curve"}"#,
            r#"{"type": "curve", "xs": [0, 1]}"#,
            r#"{"type": "classes", "class_names": [], "x_range": [0, 1]}"#,
            r#"{"type": "lines"}"#,
            r#"{"xs": []}"#,
            r#""curve""#,
        ] {
            assert_eq!(
                read::<BoundaryKind>(json),
                read::<RefKind>(json).replace("RefKind", "BoundaryKind"),
                "{json}"
            );
        }
        // The derived reader also took the tag and fields as an array, which nothing
        // sends (the page sends what `Serialize` wrote: an object); refused now.
        assert!(read::<RefKind>(r#"["curve", [0], [1]]"#).starts_with("Curve"));
        assert_eq!(
            read::<BoundaryKind>(r#"["curve", [0], [1]]"#),
            "error: invalid type: sequence, expected internally tagged enum BoundaryKind"
        );
    }
}
