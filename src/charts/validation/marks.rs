//! The validation curve's two marks and their labels: the best mean CV score (a star)
//! and the one-standard-error choice (a diamond), each labelled with its value where
//! the label hides the fewest data points, markers and lines.

use crate::collect::CollectVec;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::super::ChartStyle;
use super::super::common::{Frame, INK, Marker, Sizes, bold, ce, fmt_num, marker, text_at};
use super::super::palette::series_color;
use super::super::trajectory::STAR;
use super::{Pt, ValidationData};
use crate::Result;

/// A best or 1-SE point: its series and its place in the plot's coordinates.
type Mark = Option<(usize, f64, f64)>;

/// Draws the star of the best mean CV score (unless it is the 1-SE choice, `same`) and
/// the 1-SE diamond, then their labels, over the curves `series` (and the chance line
/// at `chance_shown`) already drawn in `frame`.
pub(super) fn draw_marks<DB: DrawingBackend>(
    frame: &Frame<DB>,
    data: &ValidationData,
    series: &[Vec<Pt>],
    chance_shown: Option<f64>,
    (best, one, same): (Mark, Mark, bool),
    style: &ChartStyle,
) -> Result<()> {
    // Only what the plot shows is marked.
    let best = best.filter(|&(_, x, y)| frame.contains((x, y)));
    let one = one.filter(|&(_, x, y)| frame.contains((x, y)));
    if let Some((_, x, y)) = best.filter(|_| !same) {
        marker(
            &frame.area,
            frame.map((x, y)),
            Marker::Star,
            STAR,
            style.pxf(7.0),
            1,
        )?;
    }
    let mut ink = Ink {
        hard: point_samples(frame, series, style),
        soft: ink_samples(frame, series, chance_shown, style.pxf(3.0)),
    };
    let s = Sizes::of(style);
    // "1-SE choice: C = 0.3 (penalty=l1)", or shorter: the longest that fits the plot
    // and hides the least; the shortest keeps the parameter's name ("1-SE: C = 0.3"),
    // which the legend does not give, and only a plot too narrow for it gets the value
    // alone.
    let labels = |what: &str, short: &str, si: usize, x: f64| {
        let v = if data.log_x { 10f64.powf(x) } else { x };
        let value = format!("{} = {}", data.param_name, fmt_num(v));
        let on = data
            .series
            .get(si)
            .filter(|o| data.series.len() > 1 && !o.label.is_empty())
            .map(|o| format!(" ({})", o.label))
            .unwrap_or_default();
        let all = [
            format!("{what}: {value}{on}"),
            format!("{what}: {value}"),
            format!("{short}: {value}"),
        ];
        let mut fit: Vec<String> = Vec::new();
        for t in all {
            if label_width(&t, s.legend) <= frame.w * 0.75 && !fit.contains(&t) {
                fit.push(t);
            }
        }
        if fit.is_empty() {
            vec![fmt_num(v)]
        } else {
            fit
        }
    };
    // The markers themselves are kept clear of both labels.
    let r = style.pxf(10.0);
    for (_, x, y) in [best.filter(|_| !same), one].into_iter().flatten() {
        let (px, py) = frame.map((x, y));
        let (px, py) = (f64::from(px), f64::from(py));
        fill_samples(
            &mut ink.hard,
            (px - r, py - r, px + r, py + r),
            style.pxf(2.0),
        );
    }
    if let Some((si, x, y)) = one {
        marker(
            &frame.area,
            frame.map((x, y)),
            Marker::Diamond,
            series_color(si),
            style.pxf(7.0),
            style.upx(2.5),
        )?;
    }
    // The two labels: (texts, point, colour). Each keeps off the other; of the two
    // orders of placing them, the one whose labels hide less.
    let mut wanted: Vec<(Vec<String>, (i32, i32), RGBColor)> = Vec::new();
    if let Some((si, x, y)) = one {
        let (what, short) = if same {
            ("1-SE choice, the best", "1-SE, best")
        } else {
            ("1-SE choice", "1-SE")
        };
        wanted.push((
            labels(what, short, si, x),
            frame.map((x, y)),
            series_color(si),
        ));
    }
    if let Some((si, x, y)) = best.filter(|_| !same) {
        wanted.push((labels("best", "best", si, x), frame.map((x, y)), INK));
    }
    let place_all = |order: &[usize]| {
        let mut ink = ink.clone();
        let mut total: Cost = (false, 0, 0);
        let mut placed = Vec::new();
        for &i in order {
            let (texts, at, color) = &wanted[i];
            let (text, spot, cost) = place_label(frame, texts, *at, &ink, style);
            let (x0, y0, x1, y1) = label_box(&text, spot.0, spot.1, spot.2, style);
            fill_samples(
                &mut ink.hard,
                (f64::from(x0), f64::from(y0), f64::from(x1), f64::from(y1)),
                style.pxf(3.0),
            );
            total = (total.0 || cost.0, total.1 + cost.1, total.2 + cost.2);
            placed.push((text, spot, *color));
        }
        (placed, total)
    };
    let forward = place_all(&(0..wanted.len()).collect_vec());
    let backward = place_all(&(0..wanted.len()).rev().collect_vec());
    let (placed, _) = if backward.1 < forward.1 {
        backward
    } else {
        forward
    };
    for (text, (at, h, v), color) in placed {
        halo_text(frame, &text, at, color, h, v, style)?;
    }
    Ok(())
}

/// Points along everything drawn in the plot that a label could hide (the curves,
/// their markers, the chance line), in the frame's pixels, about `step` apart.
fn ink_samples<DB: DrawingBackend>(
    frame: &Frame<DB>,
    series: &[Vec<Pt>],
    chance: Option<f64>,
    step: f64,
) -> Vec<(f64, f64)> {
    let mut out = Vec::new();
    let mut line = |a: (i32, i32), b: (i32, i32)| {
        let (dx, dy) = (f64::from(b.0 - a.0), f64::from(b.1 - a.1));
        let n = ((dx.hypot(dy) / step).ceil() as usize).clamp(1, 10_000);
        for k in 0..=n {
            let f = k as f64 / n as f64;
            out.push((f64::from(a.0) + f * dx, f64::from(a.1) + f * dy));
        }
    };
    for pts in series {
        for pick in [|p: &Pt| p.train, |p: &Pt| p.test] {
            let mapped = pts
                .iter()
                .filter(|p| pick(p).is_finite())
                .map(|p| frame.map((p.x, pick(p))))
                .collect_vec();
            for w in mapped.windows(2) {
                line(w[0], w[1]);
            }
            if let [one] = mapped[..] {
                line(one, one);
            }
        }
    }
    if let Some(c) = chance {
        line(frame.map((frame.x.0, c)), frame.map((frame.x.1, c)));
    }
    out
}

/// A label's anchor and its alignment, as [`halo_text`] takes them.
type Spot = ((i32, i32), HPos, VPos);
/// What a label's spot costs, compared in this order: whether it leaves the plot, how
/// many [`Ink::hard`] samples it covers, then how many [`Ink::soft`].
type Cost = (bool, usize, usize);

/// What a label should not cover, sampled in the frame's pixels: `hard`, the data
/// points, the best and 1-SE markers and a label already placed (covering any of
/// them costs more than covering any length of line); `soft`, the lines.
#[derive(Clone)]
struct Ink {
    hard: Vec<(f64, f64)>,
    soft: Vec<(f64, f64)>,
}

/// The squares around every train and CV point (their markers' size), for [`Ink::hard`].
fn point_samples<DB: DrawingBackend>(
    frame: &Frame<DB>,
    series: &[Vec<Pt>],
    style: &ChartStyle,
) -> Vec<(f64, f64)> {
    let r = style.pxf(5.0);
    let mut out = Vec::new();
    for p in series.iter().flatten() {
        for y in [p.train, p.test].into_iter().filter(|y| y.is_finite()) {
            let (px, py) = frame.map((p.x, y));
            let (px, py) = (f64::from(px), f64::from(py));
            fill_samples(&mut out, (px - r, py - r, px + r, py + r), style.pxf(2.0));
        }
    }
    out
}

/// Where to put a label for the point `at`: below it, above it, or beside it, or a
/// row further below or above, whichever box lies inside the frame and covers the
/// fewest of `ink` (ties go to that order: below first, as a curve mostly peaks near
/// its choice). Returns the
/// anchor and its alignment, as [`halo_text`] takes them.
fn label_spot<DB: DrawingBackend>(
    frame: &Frame<DB>,
    text: &str,
    at: (i32, i32),
    ink: &Ink,
    style: &ChartStyle,
) -> (Spot, Cost) {
    let gap = style.px(14.0);
    let side = style.px(10.0);
    let mut spots = Vec::new();
    let rows = |spots: &mut Vec<Spot>, dy: i32| {
        for (dy, v) in [(dy, VPos::Top), (-dy, VPos::Bottom)] {
            for h in [HPos::Center, HPos::Left, HPos::Right] {
                let dx = match h {
                    HPos::Left => -side,
                    HPos::Right => side,
                    HPos::Center => 0,
                };
                spots.push(((at.0 + dx, at.1 + dy), h, v));
            }
        }
    };
    rows(&mut spots, gap);
    spots.push(((at.0 + gap, at.1), HPos::Left, VPos::Center));
    spots.push(((at.0 - gap, at.1), HPos::Right, VPos::Center));
    // A row further out, where a crowded corner leaves no room next to the point.
    rows(&mut spots, 2 * gap);
    // Slid sideways into the frame where it would stick out (a point at the edge keeps
    // its label beside it, inside).
    let w = frame.w.floor() as i32;
    for (p, h, v) in &mut spots {
        let (x0, _, x1, _) = label_box(text, *p, *h, *v, style);
        if x1 - 2 > w {
            p.0 -= x1 - 2 - w;
        } else if x0 + 2 < 0 {
            p.0 -= x0 + 2;
        }
    }
    let margin = style.pxf(3.0);
    let cost = |&(p, h, v): &((i32, i32), HPos, VPos)| {
        let (x0, y0, x1, y1) = label_box(text, p, h, v, style);
        let (x0, y0, x1, y1) = (f64::from(x0), f64::from(y0), f64::from(x1), f64::from(y1));
        // Its box's padding ([`label_box`]: 2 px across, 1 up and down) may reach past
        // the frame's edge; its text not.
        let inside =
            x0 + 2.0 >= 0.0 && y0 + 1.0 >= 0.0 && x1 - 2.0 <= frame.w && y1 - 1.0 <= frame.h;
        let covered = |samples: &[(f64, f64)]| {
            samples
                .iter()
                .filter(|&&(x, y)| {
                    x >= x0 - margin && x <= x1 + margin && y >= y0 - margin && y <= y1 + margin
                })
                .count()
        };
        (!inside, covered(&ink.hard), covered(&ink.soft))
    };
    let mut best = spots[0];
    let mut best_cost = cost(&best);
    for spot in &spots[1..] {
        let c = cost(spot);
        if c < best_cost {
            best = *spot;
            best_cost = c;
        }
    }
    (best, best_cost)
}

/// The first of `texts` (longest first) and its spot that cover the least for the
/// point `at` ([`label_spot`]), and what it covers: a shorter label where the longer
/// would hide data.
fn place_label<DB: DrawingBackend>(
    frame: &Frame<DB>,
    texts: &[String],
    at: (i32, i32),
    ink: &Ink,
    style: &ChartStyle,
) -> (String, Spot, Cost) {
    let mut chosen: Option<(String, Spot, Cost)> = None;
    for text in texts {
        let (spot, cost) = label_spot(frame, text, at, ink, style);
        if chosen.as_ref().is_none_or(|c| cost < c.2) {
            chosen = Some((text.clone(), spot, cost));
        }
    }
    chosen.unwrap_or((
        String::new(),
        (at, HPos::Center, VPos::Center),
        (true, 0, 0),
    ))
}

/// Points filling the rectangle `(x0, y0, x1, y1)` about `step` apart, for [`label_spot`]
/// to keep a label off (a marker, another label).
fn fill_samples(ink: &mut Vec<(f64, f64)>, (x0, y0, x1, y1): (f64, f64, f64, f64), step: f64) {
    let step = step.max(1.0);
    let mut y = y0;
    while y <= y1 {
        let mut x = x0;
        while x <= x1 {
            ink.push((x, y));
            x += step;
        }
        y += step;
    }
}

/// About the width of `text` in bold at `px` in the common sans-serif faces: half an
/// em a character. The charts reserve room with
/// [`text_width`](super::super::common::text_width)'s 0.6 em, an upper bound; a
/// label's box drawn that wide stands empty past the text's end and hides the data
/// there.
fn label_width(text: &str, px: f64) -> f64 {
    text.chars().count() as f64 * px * 0.5
}

/// The box [`halo_text`] fills behind `text` anchored at `at`: `(x0, y0, x1, y1)`.
fn label_box(
    text: &str,
    at: (i32, i32),
    h: HPos,
    v: VPos,
    style: &ChartStyle,
) -> (i32, i32, i32, i32) {
    let s = Sizes::of(style);
    let tw = label_width(text, s.legend) as i32;
    let th = (s.legend * 1.2) as i32;
    let x0 = match h {
        HPos::Right => at.0 - tw,
        HPos::Center => at.0 - tw / 2,
        HPos::Left => at.0,
    };
    let y0 = match v {
        VPos::Bottom => at.1 - th,
        VPos::Center => at.1 - th / 2,
        VPos::Top => at.1,
    };
    (x0 - 2, y0 - 1, x0 + tw + 2, y0 + th + 1)
}

/// Bold legend-sized text on a translucent white box, for labels over the curves.
pub(super) fn halo_text<DB: DrawingBackend>(
    frame: &Frame<DB>,
    text: &str,
    at: (i32, i32),
    color: RGBColor,
    h: HPos,
    v: VPos,
    style: &ChartStyle,
) -> Result<()> {
    let s = Sizes::of(style);
    let (x0, y0, x1, y1) = label_box(text, at, h, v, style);
    frame
        .area
        .draw(&Rectangle::new(
            [(x0, y0), (x1, y1)],
            WHITE.mix(0.8).filled(),
        ))
        .map_err(ce)?;
    text_at(&frame.area, text, at, &bold(s.legend).color(&color), h, v)
}
