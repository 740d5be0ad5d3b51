//! A labelled grid of coloured cells with a colour bar: the layout and drawing shared by
//! the heatmap and the confusion matrix. The layout depends only on the data's label
//! lengths, the area size and the scale (never on font metrics), so a click position
//! maps back to the same cell in every browser.

use crate::collect::CollectVec;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::ChartStyle;
use super::common::{
    INK, MUTED, Sizes, ce, clip_segment, fit, font, nice_ticks, text_at, text_width, titled,
};
use crate::Result;

/// Colour bar at the right of the grid.
pub(crate) struct ColorBar {
    pub lo: f64,
    pub hi: f64,
    pub label: String,
    pub cmap: fn(f64) -> RGBColor,
    pub percent: bool,
    /// Ticks given as (position from the bottom in `[0, 1]`, label), replacing the
    /// evenly spaced ones between `lo` and `hi` (a log scale).
    pub ticks: Option<Vec<(f64, String)>>,
}

/// The keys explained under the grid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum KeyKind {
    Best,
    Selected,
    Failed,
}

/// Everything about the grid except its cells.
pub(crate) struct Spec<'a> {
    pub title: &'a str,
    pub x_label: &'a str,
    pub y_label: &'a str,
    pub x_ticks: Vec<String>,
    pub y_ticks: Vec<String>,
    pub n_rows: usize,
    pub n_cols: usize,
    pub colorbar: Option<ColorBar>,
    pub keys: Vec<(KeyKind, String)>,
    /// The smallest type, in CSS pixels, a cell's text is set in: a chart whose cells
    /// have tooltips ([`CELL_TEXT_MIN_PX`]) may leave it out sooner than one without.
    pub min_text_px: f64,
}

/// The smallest type, in CSS pixels, the heatmap's numbers are set in: smaller would
/// not be read on a phone or a projector, and its tooltips give them.
pub(crate) const CELL_TEXT_MIN_PX: f64 = 10.0;

/// The smallest type of a chart whose cells have no tooltip (the confusion matrix):
/// a small count is better than none.
pub(crate) const CELL_TEXT_MIN_PX_NO_TOOLTIP: f64 = 8.0;

/// The characters in the longest of `labels` (at least 1).
fn longest_chars(labels: &[String]) -> usize {
    labels
        .iter()
        .map(|t| t.chars().count())
        .max()
        .unwrap_or(1)
        .max(1)
}

/// How one cell is drawn.
pub(crate) struct Cell {
    pub fill: RGBColor,
    pub text: Vec<String>,
    pub text_color: RGBColor,
    /// Size of the lines after the first, relative to the first.
    pub rest_scale: f64,
    pub hatched: bool,
    pub best: bool,
    pub selected: bool,
}

/// Pixel positions of the grid's parts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Layout {
    /// Left, top, right, bottom of the cell grid.
    pub grid: (f64, f64, f64, f64),
    pub cell_w: f64,
    pub cell_h: f64,
    pub bar_x: f64,
    pub right_edge: f64,
    pub left_edge: f64,
    pub x_title_y: f64,
    pub key_y: f64,
    /// Whether the column labels take two rows, every second one lower: labels too long
    /// for a cell ("versicolor" in a phone's confusion matrix) then get two cells' room.
    pub stagger: bool,
}

/// Fixed title band height (same as `titled`).
fn title_band(style: &ChartStyle) -> f64 {
    (Sizes::of(style).title * 1.8).round()
}

fn bar_tick_label(v: f64, step: f64, percent: bool) -> String {
    if percent {
        format!("{:.0}%", v * 100.0)
    } else {
        super::common::fmt_step(v, step)
    }
}

/// Computes the layout, or `None` when the area is too small for the grid.
pub(crate) fn layout(spec: &Spec<'_>, size: (u32, u32), style: &ChartStyle) -> Option<Layout> {
    let s = Sizes::of(style);
    let (w, h) = (f64::from(size.0), f64::from(size.1));
    if spec.n_rows == 0 || spec.n_cols == 0 {
        return None;
    }
    let top = title_band(style) + s.pad;
    let longest_y = longest_chars(&spec.y_ticks);
    let y_tick_w = (longest_y as f64 * s.tick * 0.6).min(w * 0.28);
    let left_edge = s.pad;
    let left = left_edge + s.axis * 1.4 + s.pad * 0.5 + y_tick_w + style.pxf(8.0);
    let right = match &spec.colorbar {
        Some(_) => {
            s.pad * 2.0
                + style.pxf(18.0)
                + style.pxf(6.0)
                + s.tick * 0.6 * 5.0
                + s.pad * 0.5
                + s.axis * 1.4
                + s.pad
        }
        None => s.pad * 2.0,
    };
    let keys_h = if spec.keys.is_empty() {
        0.0
    } else {
        s.legend * 1.9
    };
    let gw = w - left - right;
    let stagger = spec.n_cols >= 2 && {
        // The longest label at nine tenths of the tick size: too wide for its cell,
        // but not for two (a label longer still is set smaller, then cut, as before).
        let cell_w = gw / spec.n_cols as f64;
        let need = longest_chars(&spec.x_ticks) as f64 * s.tick * 0.9 * 0.6;
        need > cell_w - style.pxf(4.0) && need <= 2.0 * cell_w - style.pxf(4.0)
    };
    let row = if stagger { s.tick * 1.3 } else { 0.0 };
    let bottom = style.pxf(6.0) + s.tick * 1.6 + row + s.axis * 1.6 + keys_h + s.pad;
    let gh = h - top - bottom;
    if gw < style.pxf(40.0) || gh < style.pxf(30.0) {
        return None;
    }
    let grid = (left, top, left + gw, top + gh);
    Some(Layout {
        grid,
        cell_w: gw / spec.n_cols as f64,
        cell_h: gh / spec.n_rows as f64,
        bar_x: grid.2 + s.pad * 2.0,
        right_edge: w - s.pad,
        left_edge,
        x_title_y: grid.3 + style.pxf(6.0) + s.tick * 1.6 + row + s.axis * 0.8,
        key_y: grid.3 + style.pxf(6.0) + s.tick * 1.6 + row + s.axis * 1.6 + s.legend * 0.95,
        stagger,
    })
}

/// The `(row, col)` under pixel `(x, y)`, if any.
pub(crate) fn hit(
    l: &Layout,
    n_rows: usize,
    n_cols: usize,
    x: f64,
    y: f64,
) -> Option<(usize, usize)> {
    let (x0, y0, x1, y1) = l.grid;
    if !(x.is_finite() && y.is_finite()) || x < x0 || x >= x1 || y < y0 || y >= y1 {
        return None;
    }
    let col = ((x - x0) / l.cell_w).floor() as usize;
    let row = ((y - y0) / l.cell_h).floor() as usize;
    (row < n_rows && col < n_cols).then_some((row, col))
}

fn rect_px(r: (f64, f64, f64, f64)) -> [(i32, i32); 2] {
    [
        (r.0.round() as i32, r.1.round() as i32),
        (r.2.round() as i32, r.3.round() as i32),
    ]
}

/// A solid outline `t` pixels thick just inside `r`.
fn frame<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    r: (f64, f64, f64, f64),
    t: f64,
    c: RGBColor,
) -> Result<()> {
    let (x0, y0, x1, y1) = r;
    for b in [
        (x0, y0, x1, y0 + t),
        (x0, y1 - t, x1, y1),
        (x0, y0, x0 + t, y1),
        (x1 - t, y0, x1, y1),
    ] {
        area.draw(&Rectangle::new(rect_px(b), c.filled()))
            .map_err(ce)?;
    }
    Ok(())
}

/// A dashed outline (black dashes on a white line) `t` pixels thick inside `r`.
fn dashed_frame<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    r: (f64, f64, f64, f64),
    t: f64,
    dash: f64,
) -> Result<()> {
    frame(area, r, t, WHITE)?;
    let (x0, y0, x1, y1) = r;
    let mut x = x0;
    while x < x1 {
        let xe = (x + dash).min(x1);
        area.draw(&Rectangle::new(
            rect_px((x, y0, xe, y0 + t)),
            BLACK.filled(),
        ))
        .map_err(ce)?;
        area.draw(&Rectangle::new(
            rect_px((x, y1 - t, xe, y1)),
            BLACK.filled(),
        ))
        .map_err(ce)?;
        x += 2.0 * dash;
    }
    let mut y = y0;
    while y < y1 {
        let ye = (y + dash).min(y1);
        area.draw(&Rectangle::new(
            rect_px((x0, y, x0 + t, ye)),
            BLACK.filled(),
        ))
        .map_err(ce)?;
        area.draw(&Rectangle::new(
            rect_px((x1 - t, y, x1, ye)),
            BLACK.filled(),
        ))
        .map_err(ce)?;
        y += 2.0 * dash;
    }
    Ok(())
}

/// Grey with diagonal hatching.
fn hatch<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    r: (f64, f64, f64, f64),
    style: &ChartStyle,
) -> Result<()> {
    area.draw(&Rectangle::new(
        rect_px(r),
        RGBColor(224, 224, 224).filled(),
    ))
    .map_err(ce)?;
    let step = style.pxf(9.0);
    let (x0, y0, x1, y1) = r;
    let span = (x1 - x0) + (y1 - y0);
    let mut k = step;
    while k < span {
        let a = (x0 + k, y0);
        let b = (x0 + k - (y1 - y0), y1);
        if let Some((p, q)) = clip_segment(a, b, (x0, x1, y0, y1)) {
            let pts = vec![
                (p.0.round() as i32, p.1.round() as i32),
                (q.0.round() as i32, q.1.round() as i32),
            ];
            area.draw(&PathElement::new(
                pts,
                RGBColor(150, 150, 150).stroke_width(style.upx(1.2)),
            ))
            .map_err(ce)?;
        }
        k += step;
        if k > 1e5 {
            break;
        }
    }
    Ok(())
}

/// Draws a key box for `kind` with its top-left corner at `(x, y)`.
fn key_box<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    kind: KeyKind,
    r: (f64, f64, f64, f64),
    style: &ChartStyle,
) -> Result<()> {
    match kind {
        KeyKind::Best => {
            area.draw(&Rectangle::new(
                rect_px(r),
                RGBColor(200, 200, 200).filled(),
            ))
            .map_err(ce)?;
            frame(area, r, style.pxf(4.0), BLACK)?;
            frame(
                area,
                (
                    r.0 + style.pxf(4.0),
                    r.1 + style.pxf(4.0),
                    r.2 - style.pxf(4.0),
                    r.3 - style.pxf(4.0),
                ),
                style.pxf(1.5),
                WHITE,
            )
        }
        KeyKind::Selected => {
            area.draw(&Rectangle::new(
                rect_px(r),
                RGBColor(200, 200, 200).filled(),
            ))
            .map_err(ce)?;
            dashed_frame(area, r, style.pxf(3.0), style.pxf(5.0))
        }
        KeyKind::Failed => hatch(area, r, style),
    }
}

/// The pixel rectangle (left, top, right, bottom) of cell `(r, c)`.
pub(crate) fn cell_rect(l: &Layout, r: usize, c: usize) -> (f64, f64, f64, f64) {
    let (gx0, gy0, _, _) = l.grid;
    (
        gx0 + c as f64 * l.cell_w,
        gy0 + r as f64 * l.cell_h,
        gx0 + (c + 1) as f64 * l.cell_w,
        gy0 + (r + 1) as f64 * l.cell_h,
    )
}

/// `rect` grown by `by` on every side.
fn grown(rect: (f64, f64, f64, f64), by: f64) -> (f64, f64, f64, f64) {
    (rect.0 - by, rect.1 - by, rect.2 + by, rect.3 + by)
}

/// The best cell's thick black frame with a white line inside it. The frame sits
/// astride the cell's edge (half over the white separator and the neighbours' margin),
/// so that inside the cell it takes no more room than the numbers' margin: on a
/// phone's narrow cells a frame wholly inside touched the number.
fn best_frame<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    rect: (f64, f64, f64, f64),
    style: &ChartStyle,
) -> Result<()> {
    let t = style.pxf(4.0);
    frame(root, grown(rect, t / 2.0), t, BLACK)?;
    let i = t / 2.0;
    frame(
        root,
        (rect.0 + i, rect.1 + i, rect.2 - i, rect.3 - i),
        style.pxf(1.5),
        WHITE,
    )
}

/// A selected cell's dashed frame, astride the cell's edge as the best cell's. On
/// the best cell the dashes run along the outer half of its black frame, so they
/// never cover the cell's numbers.
pub(crate) fn selected_frame<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    rect: (f64, f64, f64, f64),
    best: bool,
    style: &ChartStyle,
) -> Result<()> {
    let (out, t) = if best {
        (style.pxf(2.0), style.pxf(2.0))
    } else {
        (style.pxf(1.5), style.pxf(3.0))
    };
    dashed_frame(root, grown(rect, out), t, style.pxf(6.0))
}

/// Tick labels shortened to `width` pixels: cut at the end ("Iris setosa (co…"), or,
/// when that would make different labels look the same ("l1_ratio=0.…"), at the start
/// ("…ratio=0.14"), where such labels differ.
fn labels(ticks: &[String], width: f64, px: f64) -> Vec<String> {
    let front: Vec<String> = ticks.iter().map(|t| fit(t, width, px)).collect_vec();
    // Sorted, then neighbours compared (a grid field may hold thousands of values; a
    // `HashSet` was a hash table's code in the wasm module for this one use).
    let distinct = |v: &[String]| {
        let mut sorted: Vec<&str> = v.iter().map(String::as_str).collect_vec();
        crate::sort::sort_ord(&mut sorted);
        sorted.windows(2).all(|w| w[0] != w[1])
    };
    if distinct(&front) || !distinct(ticks) {
        return front;
    }
    let max = (width / (px * 0.6) + 1e-6).floor().max(1.0) as usize;
    ticks
        .iter()
        .map(|t| {
            let n = t.chars().count();
            if n <= max {
                t.clone()
            } else {
                std::iter::once('…')
                    .chain(t.chars().skip(n + 1 - max))
                    .collect()
            }
        })
        .collect_vec()
}

/// Draws the whole grid chart.
pub(crate) fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    spec: &Spec<'_>,
    style: &ChartStyle,
    // Taken as a trait object: the heatmap and the confusion matrix share one body in
    // the wasm (3 KB gzipped less), at one indirect call per cell.
    cell: &dyn Fn(usize, usize) -> Cell,
) -> Result<()> {
    let s = Sizes::of(style);
    titled(root, style, spec.title)?;
    let Some(l) = layout(spec, root.dim_in_pixel(), style) else {
        let (_, rest) = root.split_vertically(title_band(style).round() as u32);
        let msg = if spec.n_rows == 0 || spec.n_cols == 0 {
            "no results to show yet"
        } else {
            "too small to draw"
        };
        return super::common::message(&rest, style, msg);
    };
    let (gx0, gy0, gx1, gy1) = l.grid;

    // Cells.
    let mut outlines = Vec::new();
    // The best cell's row and column: their labels stay when labels are thinned.
    let mut best_at = (0, 0);
    for r in 0..spec.n_rows {
        for c in 0..spec.n_cols {
            let rect = cell_rect(&l, r, c);
            let cl = cell(r, c);
            if cl.best {
                best_at = (r, c);
            }
            if cl.hatched {
                hatch(root, rect, style)?;
            } else {
                root.draw(&Rectangle::new(rect_px(rect), cl.fill.filled()))
                    .map_err(ce)?;
            }
            // Thin white separators between cells.
            root.draw(&Rectangle::new(
                rect_px(rect),
                WHITE.stroke_width(style.upx(1.0)),
            ))
            .map_err(ce)?;
            if !cl.text.is_empty() {
                // The type size that fits `texts` in the cell.
                let fit = |texts: &[String]| {
                    let longest = texts
                        .iter()
                        .enumerate()
                        .map(|(i, t)| {
                            let n = t.chars().count() as f64;
                            if i == 0 { n } else { n * cl.rest_scale }
                        })
                        .fold(1.0, f64::max);
                    (s.tick * 1.25)
                        .min(l.cell_h / (1.35 * texts.len() as f64 + 0.4))
                        .min((l.cell_w - style.pxf(8.0)) / (longest * 0.6))
                };
                // Lines under the first (a score's ± std, a share) are left out
                // rather than set too small to read (they need a fifth more than the
                // first line's minimum: their type is lighter), which gives the first
                // more room; a cell too small even for that shows no text.
                let min_px = style.pxf(spec.min_text_px);
                let mut texts = &cl.text[..];
                let mut px = fit(texts);
                if texts.len() > 1 && px * cl.rest_scale < min_px * 1.2 {
                    texts = &cl.text[..1];
                    px = fit(texts);
                }
                let lines = texts.len() as f64;
                if px >= min_px {
                    let cx = ((rect.0 + rect.2) / 2.0) as i32;
                    let cy = (rect.1 + rect.3) / 2.0;
                    for (i, t) in texts.iter().enumerate() {
                        let y = cy + (i as f64 - (lines - 1.0) / 2.0) * px * 1.3;
                        let st = if i == 0 {
                            super::common::bold(px)
                        } else {
                            font(px * cl.rest_scale)
                        };
                        text_at(
                            root,
                            t,
                            (cx, y as i32),
                            &st.color(&cl.text_color),
                            HPos::Center,
                            VPos::Center,
                        )?;
                    }
                }
            }
            if cl.best || cl.selected {
                outlines.push((rect, cl.best, cl.selected));
            }
        }
    }
    // The grid's border under the frames (an edge cell's frame lies over it).
    root.draw(&Rectangle::new(
        rect_px(l.grid),
        INK.stroke_width(style.upx(1.0)),
    ))
    .map_err(ce)?;
    // Tick labels (thinned when they would collide).
    let tick = font(s.tick);
    // Thin the labels only when even six characters do not fit a cell; longer labels
    // are shortened to fit (see `labels`).
    let longest_x = longest_chars(&spec.x_ticks).min(6) as f64;
    // Every column labelled when its label fits at three quarters of the tick size
    // (it is set smaller below), else every second or third.
    // Staggered labels are all shown: that is what the second row is for.
    let x_every = if l.stagger {
        1
    } else {
        ((longest_x.min(12.0) * s.tick * 0.75 * 0.6 + s.pad) / l.cell_w)
            .ceil()
            .max(1.0) as usize
    };
    // Staggered labels (every second one a row lower) have two cells' room each.
    let span = if l.stagger { 2.0 } else { x_every as f64 };
    let x_room = (l.cell_w * span - style.pxf(4.0)).max(s.tick * 0.6 * 4.0);
    // Labels a little too long for their cells ("versicolor") are set smaller, down
    // to three quarters of the tick size, before they are cut.
    let longest_label = longest_chars(&spec.x_ticks) as f64;
    let x_px = (x_room / (longest_label * 0.6)).clamp(s.tick * 0.75, s.tick);
    let x_tick = font(x_px);
    let x_labels = labels(&spec.x_ticks, x_room, x_px);
    for (c, label) in x_labels.iter().enumerate().take(spec.n_cols) {
        // Thinned, the labels kept are the best column's and every `x_every`-th
        // from it.
        if (c + x_every - best_at.1 % x_every) % x_every != 0 {
            continue;
        }
        let cx = gx0 + (c as f64 + 0.5) * l.cell_w;
        let lower = if l.stagger && c % 2 == 1 {
            s.tick * 1.3
        } else {
            0.0
        };
        root.draw(&PathElement::new(
            vec![
                (cx as i32, gy1 as i32),
                (cx as i32, (gy1 + style.pxf(5.0) + lower) as i32),
            ],
            INK.stroke_width(style.upx(1.0)),
        ))
        .map_err(ce)?;
        text_at(
            root,
            label,
            (
                cx as i32,
                (gy1 + style.pxf(8.0) + s.tick * 0.6 + lower) as i32,
            ),
            &x_tick,
            HPos::Center,
            VPos::Center,
        )?;
    }
    let y_every = ((s.tick * 1.2) / l.cell_h).ceil().max(1.0) as usize;
    let y_room = gx0 - style.pxf(8.0) - (l.left_edge + s.axis * 1.4 + s.pad * 0.5);
    let y_labels = labels(&spec.y_ticks, y_room, s.tick);
    for (r, label) in y_labels.iter().enumerate().take(spec.n_rows) {
        if (r + y_every - best_at.0 % y_every) % y_every != 0 {
            continue;
        }
        let cy = gy0 + (r as f64 + 0.5) * l.cell_h;
        root.draw(&PathElement::new(
            vec![
                (gx0 as i32, cy as i32),
                ((gx0 - style.pxf(5.0)) as i32, cy as i32),
            ],
            INK.stroke_width(style.upx(1.0)),
        ))
        .map_err(ce)?;
        text_at(
            root,
            label,
            ((gx0 - style.pxf(8.0)) as i32, cy as i32),
            &tick,
            HPos::Right,
            VPos::Center,
        )?;
    }

    // Axis titles.
    let axis = font(s.axis);
    let x_title = fit(spec.x_label, gx1 - gx0, s.axis);
    text_at(
        root,
        &x_title,
        (((gx0 + gx1) / 2.0) as i32, l.x_title_y as i32),
        &axis,
        HPos::Center,
        VPos::Center,
    )?;
    let y_title = fit(spec.y_label, gy1 - gy0, s.axis);
    let yx = (l.left_edge + s.axis * 0.7) as i32;
    text_at(
        root,
        &y_title,
        (yx, ((gy0 + gy1) / 2.0) as i32),
        &axis.transform(FontTransform::Rotate270),
        HPos::Center,
        VPos::Center,
    )?;

    // Colour bar.
    if let Some(bar) = &spec.colorbar {
        let bw = style.pxf(18.0);
        let (bx0, bx1) = (l.bar_x, l.bar_x + bw);
        let n = (gy1 - gy0).round().max(1.0) as usize;
        let step = (gy1 - gy0) / n as f64;
        for k in 0..n {
            let t = 1.0 - (k as f64 + 0.5) / n as f64;
            let y = gy0 + k as f64 * step;
            root.draw(&Rectangle::new(
                rect_px((bx0, y, bx1, y + step + 1.0)),
                (bar.cmap)(t).filled(),
            ))
            .map_err(ce)?;
        }
        root.draw(&Rectangle::new(
            rect_px((bx0, gy0, bx1, gy1)),
            INK.stroke_width(style.upx(1.0)),
        ))
        .map_err(ce)?;
        let max_ticks = (((gy1 - gy0) / (s.tick * 2.2)).floor() as usize).clamp(2, 8);
        let ticks: Vec<(f64, String)> = match &bar.ticks {
            Some(given) => {
                // Thin given ticks to what fits, keeping the ends of the list.
                let every = given.len().div_ceil(max_ticks).max(1);
                given.iter().step_by(every).cloned().collect_vec()
            }
            None => {
                let ticks = nice_ticks(bar.lo, bar.hi, max_ticks);
                let tstep = ticks
                    .windows(2)
                    .map(|w| w[1] - w[0])
                    .fold(f64::INFINITY, f64::min);
                ticks
                    .into_iter()
                    .map(|t| {
                        (
                            (t - bar.lo) / (bar.hi - bar.lo),
                            bar_tick_label(t, tstep, bar.percent),
                        )
                    })
                    .collect_vec()
            }
        };
        for (f, label) in ticks {
            if !(0.0..=1.0).contains(&f) {
                continue;
            }
            let y = gy1 - f * (gy1 - gy0);
            root.draw(&PathElement::new(
                vec![
                    (bx1 as i32, y as i32),
                    ((bx1 + style.pxf(5.0)) as i32, y as i32),
                ],
                INK.stroke_width(style.upx(1.0)),
            ))
            .map_err(ce)?;
            text_at(
                root,
                &fit(&label, s.tick * 0.6 * 6.0, s.tick),
                ((bx1 + style.pxf(7.0)) as i32, y as i32),
                &tick,
                HPos::Left,
                VPos::Center,
            )?;
        }
        let lx = (l.right_edge - s.axis * 0.7) as i32;
        // A label longer than the bar is set smaller (down to the tick size) before
        // it is cut.
        let px = if text_width(&bar.label, s.axis) <= gy1 - gy0 {
            s.axis
        } else {
            ((gy1 - gy0) / (0.6 * bar.label.chars().count().max(1) as f64))
                .clamp(s.tick * 0.9, s.axis)
        };
        let label = fit(&bar.label, gy1 - gy0, px);
        text_at(
            root,
            &label,
            (lx, ((gy0 + gy1) / 2.0) as i32),
            &font(px).transform(FontTransform::Rotate270),
            HPos::Center,
            VPos::Center,
        )?;
    }

    // Keys under the x title.
    if !spec.keys.is_empty() {
        let kw = style.pxf(26.0);
        let kh = style.pxf(16.0);
        let gap = style.pxf(8.0);
        let widths: Vec<f64> = spec
            .keys
            .iter()
            .map(|(_, t)| kw + gap + text_width(t, s.legend) + style.pxf(24.0))
            .collect_vec();
        let total: f64 = widths.iter().sum();
        let mut x = ((gx0 + gx1) / 2.0 - total / 2.0).max(l.left_edge);
        let y = l.key_y;
        for ((kind, label), wdt) in spec.keys.iter().zip(widths) {
            key_box(root, *kind, (x, y - kh / 2.0, x + kw, y + kh / 2.0), style)?;
            text_at(
                root,
                label,
                ((x + kw + gap) as i32, y as i32),
                &font(s.legend).color(&MUTED),
                HPos::Left,
                VPos::Center,
            )?;
            x += wdt;
        }
    }
    // Last, the best cell's frame, then the selection's in row-major order, as the
    // page draws them (the base image, then the selection over it): frames astride
    // the cells' edges overlap their neighbours' and the ticks, so the order shows.
    for &(rect, best, _) in &outlines {
        if best {
            best_frame(root, rect, style)?;
        }
    }
    for (rect, best, selected) in outlines {
        if selected {
            selected_frame(root, rect, best, style)?;
        }
    }
    Ok(())
}
