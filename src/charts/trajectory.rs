//! Optimiser paths in a plane of parameter space, over contours of the objective.
//!
//! The objective on a regular grid is shown as lightly coloured bands with contour
//! lines at ten levels spaced geometrically above the lowest value (marching
//! squares), so the lines crowd in near the optimum where the interesting steps
//! happen, however steep the objective is far from it. Each path is a polyline with small
//! markers, a ring at its start and a square at its end; the optimum is a star. Paths
//! are clipped at the plot's border; a divergent path gets an arrow where it leaves
//! (or where it blows up) labelled "diverged", an oscillating one is drawn up to where
//! it first leaves with an arrow labelled "oscillating, off view", and any other path
//! that leaves gets an arrow labelled "off view". The caption, under the plot, says
//! which plane is shown and which paths were clipped.

use crate::collect::CollectVec;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use serde::{Deserialize, Serialize};

use super::common::{
    Axis, Entry, Frame, INK, Key, Marker, Sizes, arrow, axes, bold, caption, ce, clip_segment,
    draw_legend, finite_range, keep_notes, marker, pad, split_legend, text_at, titled, too_small,
};
use super::palette::{lighten, series_color, viridis};
use super::{ChartStyle, Notes};
use crate::Result;

/// One optimiser's path through the plane.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PathSeries {
    /// Legend label, e.g. `"gradient descent (lr=1)"`.
    pub label: String,
    /// Successive positions in plane coordinates.
    #[serde(deserialize_with = "super::common::nan_null::points")]
    pub points: Vec<(f64, f64)>,
    /// Whether the run diverged (drawn with an arrow labelled "diverged").
    pub diverged: bool,
    /// Whether the run oscillated without progress: drawn up to where it first
    /// leaves the view, with an arrow labelled "oscillating, off view" there.
    /// Defaults to `false`.
    #[serde(default)]
    pub oscillating: bool,
}

/// Paths over a contour map of the objective.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrajectoryData {
    /// Chart title.
    pub title: String,
    /// Drawn under the plot; says which plane is shown, e.g. "plane through the optimum
    /// spanned by the path's two principal directions".
    pub caption: String,
    /// Horizontal axis title.
    pub x_label: String,
    /// Vertical axis title.
    pub y_label: String,
    /// Plot range along x, `(min, max)`.
    pub x_range: (f64, f64),
    /// Plot range along y, `(min, max)`.
    pub y_range: (f64, f64),
    /// Objective values at `ny × nx` evenly spaced nodes covering the ranges:
    /// `grid[i][j]` is at `y = y_min + i·Δy`, `x = x_min + j·Δx` (row 0 at the bottom).
    #[serde(deserialize_with = "super::common::nan_null::grid")]
    pub grid: Vec<Vec<f64>>,
    /// The paths, one colour each.
    pub paths: Vec<PathSeries>,
    /// The optimum, drawn as a star.
    pub optimum: (f64, f64),
    /// What the star is, for the legend: `"optimum"` (the default) for a convex model,
    /// `"end of training"` for a network, whose optimum is not known.
    #[serde(default = "optimum_label")]
    pub star_label: String,
}

fn optimum_label() -> String {
    "optimum".into()
}

/// Colour of the optimum's star (Okabe–Ito yellow, used by no series).
pub(super) const STAR: RGBColor = RGBColor(240, 228, 66);
/// Number of contour levels.
const LEVELS: usize = 10;

fn usable(r: (f64, f64)) -> Option<(f64, f64)> {
    (r.0.is_finite() && r.1.is_finite() && r.0 != r.1).then(|| (r.0.min(r.1), r.0.max(r.1)))
}

/// Monotone map of objective values onto `0..=1` that spreads the values just above
/// the lowest one: `log(1 + (v − lo)/ε)` with ε a thousandth of the range.
struct Levels {
    lo: f64,
    hi: f64,
    eps: f64,
}

impl Levels {
    fn new(lo: f64, hi: f64) -> Self {
        Self {
            lo,
            hi,
            eps: ((hi - lo) * 1e-3).max(1e-300),
        }
    }
    fn t(&self, v: f64) -> f64 {
        (1.0 + (v - self.lo) / self.eps).ln() / (1.0 + (self.hi - self.lo) / self.eps).ln()
    }
    fn value(&self, t: f64) -> f64 {
        self.lo + self.eps * ((t * (1.0 + (self.hi - self.lo) / self.eps).ln()).exp() - 1.0)
    }
}

/// Contour segments of `grid` at `level`, in grid-index coordinates (col, row).
/// A contour segment between two points.
type Segment = ((f64, f64), (f64, f64));

fn march(grid: &[Vec<f64>], level: f64, out: &mut Vec<Segment>) {
    let ny = grid.len();
    for i in 0..ny.saturating_sub(1) {
        let nx = grid[i].len().min(grid[i + 1].len());
        for j in 0..nx.saturating_sub(1) {
            let (a, b, c, d) = (
                grid[i][j],
                grid[i][j + 1],
                grid[i + 1][j + 1],
                grid[i + 1][j],
            );
            if !(a.is_finite() && b.is_finite() && c.is_finite() && d.is_finite()) {
                continue;
            }
            let (x, y) = (j as f64, i as f64);
            let cross = |p: f64, q: f64| {
                let t = (level - p) / (q - p);
                if t.is_finite() {
                    t.clamp(0.0, 1.0)
                } else {
                    0.5
                }
            };
            let above = |v: f64| v >= level;
            let bottom = (above(a) != above(b)).then(|| (x + cross(a, b), y));
            let right = (above(b) != above(c)).then(|| (x + 1.0, y + cross(b, c)));
            let top = (above(d) != above(c)).then(|| (x + cross(d, c), y + 1.0));
            let left = (above(a) != above(d)).then(|| (x, y + cross(a, d)));
            match (bottom, right, top, left) {
                (Some(p), Some(q), Some(r), Some(s)) => {
                    let centre = above((a + b + c + d) / 4.0);
                    if above(b) != centre {
                        out.push((p, q));
                        out.push((r, s));
                    } else {
                        out.push((p, s));
                        out.push((q, r));
                    }
                }
                _ => {
                    let pts: Vec<(f64, f64)> = [bottom, right, top, left]
                        .into_iter()
                        .flatten()
                        .collect_vec();
                    if pts.len() == 2 {
                        out.push((pts[0], pts[1]));
                    }
                }
            }
        }
    }
}

/// Draws the trajectory chart on `area` (which it clears first).
///
/// Returns the chart's notes, drawn in it or not as [`ChartStyle::notes_outside`] says.
pub fn draw_trajectory<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &TrajectoryData,
    style: &ChartStyle,
) -> Result<Notes> {
    super::with_notes(|notes| draw_trajectory_into(area, data, style, notes))
}

/// [`draw_trajectory`], adding its notes to `notes`.
pub(crate) fn draw_trajectory_into<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &TrajectoryData,
    style: &ChartStyle,
    notes: &mut Notes,
) -> Result<()> {
    if too_small(area, style)? {
        return Ok(());
    }
    let s = Sizes::of(style);
    let body = titled(area, style, &data.title)?;
    // Up to five lines: a phone's narrow chart wraps the longest captions (a sampled
    // network's, with clipped paths) to five.
    let main = caption(&body, style, &data.caption, 5, notes)?;

    // Ranges: as given, else from the paths and the optimum.
    let pts = || {
        data.paths
            .iter()
            .flat_map(|p| p.points.iter().copied())
            .chain(std::iter::once(data.optimum))
    };
    let xr = usable(data.x_range)
        .or_else(|| finite_range(pts().map(|p| p.0)).map(|(a, b)| pad(a, b, 0.1)));
    let yr = usable(data.y_range)
        .or_else(|| finite_range(pts().map(|p| p.1)).map(|(a, b)| pad(a, b, 0.1)));
    let (xr, yr) = (xr.unwrap_or((-1.0, 1.0)), yr.unwrap_or((-1.0, 1.0)));

    let any_diverged = data.paths.iter().any(|p| p.diverged);
    let mut entries: Vec<Entry> = data
        .paths
        .iter()
        .enumerate()
        .map(|(i, p)| {
            Entry::new(
                if p.label.is_empty() {
                    format!("path {}", i + 1)
                } else {
                    p.label.clone()
                },
                series_color(i),
                Key::Line {
                    dashed: false,
                    marker: Marker::Dot,
                },
            )
        })
        .collect_vec();
    if !data.paths.is_empty() {
        entries.push(Entry::new("start", INK, Key::Marker(Marker::Ring)));
        entries.push(Entry::new("end", INK, Key::Marker(Marker::Square)));
    }
    entries.push(Entry::new(
        data.star_label.as_str(),
        STAR,
        Key::Marker(Marker::Star),
    ));
    if any_diverged {
        entries.push(Entry::new("diverged", INK, Key::Arrow));
    }
    if data.paths.iter().any(|p| p.oscillating && !p.diverged) {
        entries.push(Entry::new("oscillating", INK, Key::Arrow));
    }
    let grid_range = finite_range(data.grid.iter().flatten().copied());
    if grid_range.is_some() {
        entries.push(Entry::new(
            "Grey lines: objective contours, denser near the minimum (darker fill = higher).",
            INK,
            Key::Note,
        ));
    }
    keep_notes(&mut entries, style, notes);
    let (plot, legend) = split_legend(&main, style, &entries);
    if let Some(l) = &legend {
        draw_legend(l, style, &entries)?;
    }
    let (pw, ph) = plot.dim_in_pixel();
    let max_x = ((f64::from(pw) / (s.tick * 5.0)).floor() as usize).clamp(2, 8);
    let max_y = ((f64::from(ph) / (s.tick * 3.0)).floor() as usize).clamp(2, 8);
    let frame = axes(
        &plot,
        style,
        &Axis::linear(xr.0, xr.1, max_x, &data.x_label),
        &Axis::linear(yr.0, yr.1, max_y, &data.y_label),
    )?;

    if let Some((lo, hi)) = grid_range {
        contours(&frame, data, Levels::new(lo, hi), style)?;
    }
    // The optimum under the paths, larger than an end's square: a path that converged
    // ends on it with its square in sight and the star's points around it.
    if data.optimum.0.is_finite() && data.optimum.1.is_finite() && frame.contains(data.optimum) {
        marker(
            &frame.area,
            frame.map(data.optimum),
            Marker::Star,
            STAR,
            style.pxf(10.0),
            1,
        )?;
    }
    // The first path last, on top: where paths share ground (every run starts at the
    // same point), the first selected stays in sight.
    for (i, p) in data.paths.iter().enumerate().rev() {
        path(&frame, p, series_color(i), style)?;
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

fn contours<DB: DrawingBackend>(
    frame: &Frame<DB>,
    data: &TrajectoryData,
    lv: Levels,
    style: &ChartStyle,
) -> Result<()> {
    let ny = data.grid.len();
    let nx = data.grid.iter().map(Vec::len).max().unwrap_or(0);
    if ny < 2 || nx < 2 {
        return Ok(());
    }
    let (x0, x1) = (
        data.x_range.0.min(data.x_range.1),
        data.x_range.0.max(data.x_range.1),
    );
    let (y0, y1) = (
        data.y_range.0.min(data.y_range.1),
        data.y_range.0.max(data.y_range.1),
    );
    if !(x0.is_finite() && x1.is_finite() && y0.is_finite() && y1.is_finite() && x1 > x0 && y1 > y0)
    {
        return Ok(());
    }
    let (dx, dy) = ((x1 - x0) / (nx - 1) as f64, (y1 - y0) / (ny - 1) as f64);
    let to_data = |p: (f64, f64)| (x0 + p.0 * dx, y0 + p.1 * dy);
    let bx = (frame.x.0, frame.x.1, frame.y.0, frame.y.1);
    // Light fill: one rectangle per node.
    for (i, row) in data.grid.iter().enumerate() {
        for (j, &v) in row.iter().enumerate() {
            if !v.is_finite() {
                continue;
            }
            let c = to_data((j as f64, i as f64));
            let a = (c.0 - dx / 2.0, c.1 - dy / 2.0);
            let b = (c.0 + dx / 2.0, c.1 + dy / 2.0);
            let a = (a.0.max(bx.0), a.1.max(bx.2));
            let b = (b.0.min(bx.1), b.1.min(bx.3));
            if a.0 >= b.0 || a.1 >= b.1 {
                continue;
            }
            let fill = lighten(viridis(1.0 - lv.t(v)), 0.72);
            frame
                .area
                .draw(&Rectangle::new(
                    [frame.map((a.0, b.1)), frame.map((b.0, a.1))],
                    fill.filled(),
                ))
                .map_err(ce)?;
        }
    }
    let mut segs = Vec::new();
    for k in 1..=LEVELS {
        let level = lv.value(k as f64 / (LEVELS + 1) as f64);
        segs.clear();
        march(&data.grid, level, &mut segs);
        for &(p, q) in &segs {
            if let Some((p, q)) = clip_segment(to_data(p), to_data(q), bx) {
                frame
                    .area
                    .draw(&PathElement::new(
                        vec![frame.map(p), frame.map(q)],
                        RGBColor(110, 110, 110).stroke_width(style.upx(1.0)),
                    ))
                    .map_err(ce)?;
            }
        }
    }
    Ok(())
}

fn path<DB: DrawingBackend>(
    frame: &Frame<DB>,
    p: &PathSeries,
    c: RGBColor,
    style: &ChartStyle,
) -> Result<()> {
    let s = Sizes::of(style);
    let finite = |q: &(f64, f64)| q.0.is_finite() && q.1.is_finite();
    // A divergent or oscillating path is drawn up to where it first leaves the box or
    // blows up: what it does out there would only criss-cross the plot.
    let runaway = p.diverged || p.oscillating;
    let shown = match runaway {
        true => match p
            .points
            .iter()
            .position(|q| !(finite(q) && frame.contains(*q)))
        {
            Some(k) => &p.points[..=k],
            None => &p.points[..],
        },
        false => &p.points[..],
    };
    frame.polyline(shown, c, style.upx(2.5), None)?;
    let inside: Vec<(f64, f64)> = shown
        .iter()
        .copied()
        .filter(|q| finite(q) && frame.contains(*q))
        .collect_vec();
    let every = inside.len().div_ceil(150).max(1);
    for q in inside.iter().step_by(every) {
        marker(
            &frame.area,
            frame.map(*q),
            Marker::Dot,
            c,
            style.pxf(3.0),
            1,
        )?;
    }
    if let Some(&first) = p
        .points
        .first()
        .filter(|q| finite(q) && frame.contains(**q))
    {
        marker(
            &frame.area,
            frame.map(first),
            Marker::Ring,
            c,
            style.pxf(7.0),
            style.upx(3.0),
        )?;
    }
    if !p.diverged
        && let Some(&last) = p.points.last().filter(|q| finite(q) && frame.contains(**q))
        && (!runaway || shown.len() == p.points.len())
    {
        marker(
            &frame.area,
            frame.map(last),
            Marker::Square,
            c,
            style.pxf(5.5),
            1,
        )?;
    }
    // Where does it leave the box or blow up?
    let bx = (frame.x.0, frame.x.1, frame.y.0, frame.y.1);
    let mut mark: Option<((f64, f64), (f64, f64))> = None; // (pixel tip, direction)
    for w in p.points.windows(2) {
        let (a, b) = (w[0], w[1]);
        if !finite(&a) || !frame.contains(a) {
            continue;
        }
        if finite(&b) && !frame.contains(b) {
            if let Some((_, exit)) = clip_segment(a, b, bx) {
                let (pa, pb) = (frame.map(a), frame.map(b));
                let tip = frame.map(exit);
                mark = Some((
                    (f64::from(tip.0), f64::from(tip.1)),
                    (f64::from(pb.0 - pa.0), f64::from(pb.1 - pa.1)),
                ));
            }
            break;
        }
        if !finite(&b) {
            break;
        }
    }
    if mark.is_none() && !p.diverged {
        // Stayed inside: nothing to mark.
        return Ok(());
    }
    if mark.is_none() {
        // Blew up (or stayed inside): arrow along the last in-box step.
        let last: Vec<(f64, f64)> = p
            .points
            .iter()
            .copied()
            .take_while(finite)
            .filter(|q| frame.contains(*q))
            .collect_vec();
        if let Some(&b) = last.last() {
            let a = if last.len() >= 2 {
                last[last.len() - 2]
            } else {
                b
            };
            let (pa, pb) = (frame.map(a), frame.map(b));
            let dir = (f64::from(pb.0 - pa.0), f64::from(pb.1 - pa.1));
            marker(
                &frame.area,
                pb,
                Marker::Cross,
                c,
                style.pxf(7.0),
                style.upx(3.0),
            )?;
            mark = Some((
                (f64::from(pb.0), f64::from(pb.1)),
                if dir == (0.0, 0.0) { (1.0, -1.0) } else { dir },
            ));
        }
    }
    let Some((tip, dir)) = mark else {
        return Ok(());
    };
    let len = (dir.0 * dir.0 + dir.1 * dir.1).sqrt().max(1e-9);
    let u = (dir.0 / len, dir.1 / len);
    let l = style.pxf(34.0);
    let tail = (
        (tip.0 - u.0 * l).round() as i32,
        (tip.1 - u.1 * l).round() as i32,
    );
    let tip_i = (tip.0.round() as i32, tip.1.round() as i32);
    arrow(&frame.area, tail, tip_i, c, style)?;
    // Label inside the plot, on the side away from the border the arrow points to.
    let (h, tx) = if tip.0 > frame.w * 0.6 {
        (HPos::Right, tail.0 - style.px(6.0))
    } else {
        (HPos::Left, tail.0 + style.px(6.0))
    };
    let (v, ty) = if tip.1 < frame.h * 0.4 {
        (VPos::Top, tail.1 + style.px(6.0))
    } else {
        (VPos::Bottom, tail.1 - style.px(6.0))
    };
    let label = if p.diverged {
        "diverged"
    } else if p.oscillating {
        "oscillating, off view"
    } else {
        "off view"
    };
    let label_style = bold(s.legend).color(&c);
    // White halo behind the label for legibility over contours.
    let tw = super::common::text_width(label, s.legend) as i32;
    let th = (s.legend * 1.2) as i32;
    let x0 = if matches!(h, HPos::Right) {
        tx - tw
    } else {
        tx
    };
    let y0 = if matches!(v, VPos::Bottom) {
        ty - th
    } else {
        ty
    };
    frame
        .area
        .draw(&Rectangle::new(
            [(x0 - 2, y0 - 1), (x0 + tw + 2, y0 + th + 1)],
            WHITE.mix(0.8).filled(),
        ))
        .map_err(ce)?;
    text_at(&frame.area, label, (tx, ty), &label_style, h, v)?;
    Ok(())
}
