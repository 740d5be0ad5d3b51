//! Markers, arrows and legends: where a legend goes (right of the plot or below
//! it), how its entries are laid out, and their keys.

use crate::collect::CollectVec;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::axes::dashes;
use super::layout::Sizes;
use super::text::{fit, font, text_at, text_width, wrap};
use super::{MUTED, ce};
use crate::Result;
use crate::charts::{ChartStyle, Notes};

/// Point marker shapes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Marker {
    Dot,
    Ring,
    Square,
    Cross,
    Star,
    /// A hollow diamond.
    Diamond,
    None,
}

/// Draws a marker centred at pixel `c` with radius `r`.
pub(crate) fn marker<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    c: (i32, i32),
    m: Marker,
    color: RGBColor,
    r: f64,
    line: u32,
) -> Result<()> {
    let ri = r.round().max(1.0) as i32;
    match m {
        Marker::None => Ok(()),
        Marker::Dot => area.draw(&Circle::new(c, ri, color.filled())).map_err(ce),
        Marker::Ring => {
            area.draw(&Circle::new(c, ri, WHITE.filled())).map_err(ce)?;
            area.draw(&Circle::new(c, ri, color.stroke_width(line)))
                .map_err(ce)
        }
        Marker::Square => {
            area.draw(&Rectangle::new(
                [(c.0 - ri, c.1 - ri), (c.0 + ri, c.1 + ri)],
                color.filled(),
            ))
            .map_err(ce)?;
            area.draw(&Rectangle::new(
                [(c.0 - ri, c.1 - ri), (c.0 + ri, c.1 + ri)],
                WHITE.stroke_width(1),
            ))
            .map_err(ce)
        }
        Marker::Cross => {
            let st = color.stroke_width(line);
            area.draw(&PathElement::new(
                vec![(c.0 - ri, c.1 - ri), (c.0 + ri, c.1 + ri)],
                st,
            ))
            .map_err(ce)?;
            area.draw(&PathElement::new(
                vec![(c.0 - ri, c.1 + ri), (c.0 + ri, c.1 - ri)],
                st,
            ))
            .map_err(ce)
        }
        Marker::Diamond => {
            let r = (r * 1.4).round() as i32;
            let pts = vec![
                (c.0, c.1 - r),
                (c.0 + r, c.1),
                (c.0, c.1 + r),
                (c.0 - r, c.1),
            ];
            area.draw(&Polygon::new(pts.clone(), WHITE.filled()))
                .map_err(ce)?;
            let mut closed = pts;
            closed.push((c.0, c.1 - r));
            area.draw(&PathElement::new(closed, color.stroke_width(line)))
                .map_err(ce)
        }
        Marker::Star => {
            let pts: Vec<(i32, i32)> = (0..10)
                .map(|k| {
                    let ang = std::f64::consts::PI * (k as f64) / 5.0 - std::f64::consts::FRAC_PI_2;
                    let rad = if k % 2 == 0 { r * 1.5 } else { r * 0.62 };
                    (
                        c.0 + (rad * ang.cos()).round() as i32,
                        c.1 + (rad * ang.sin()).round() as i32,
                    )
                })
                .collect_vec();
            area.draw(&Polygon::new(pts.clone(), color.filled()))
                .map_err(ce)?;
            let mut closed = pts;
            if let Some(&f) = closed.first() {
                closed.push(f);
            }
            area.draw(&PathElement::new(closed, BLACK.stroke_width(1)))
                .map_err(ce)
        }
    }
}

/// What a legend entry's key looks like.
#[derive(Debug, Clone)]
pub(crate) enum Key {
    /// A line sample, solid or dashed, with a marker in the middle.
    Line { dashed: bool, marker: Marker },
    /// A marker alone.
    Marker(Marker),
    /// An arrow.
    Arrow,
    /// Plain text (a note under the entries).
    Note,
}

/// One legend entry.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub label: String,
    pub color: RGBColor,
    pub key: Key,
}

impl Entry {
    pub(crate) fn new(label: impl Into<String>, color: RGBColor, key: Key) -> Self {
        Self {
            label: label.into(),
            color,
            key,
        }
    }
}

/// Adds the legend's notes (entries with [`Key::Note`]) to `notes`, and takes them out
/// of `entries` when the style draws notes outside the chart.
pub(crate) fn keep_notes(entries: &mut Vec<Entry>, style: &ChartStyle, notes: &mut Notes) {
    for e in entries.iter() {
        if matches!(e.key, Key::Note) {
            notes.push(e.label.clone());
        }
    }
    if style.notes_outside {
        entries.retain(|e| !matches!(e.key, Key::Note));
    }
}

/// Splits `area` into (plot, legend): the legend goes at the right when it fits in
/// about a third of the width, else below. Returns `None` for the legend when there
/// are no entries.
#[allow(clippy::type_complexity)]
pub(crate) fn split_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    style: &ChartStyle,
    entries: &[Entry],
) -> (DrawingArea<DB, Shift>, Option<Legend<DB>>) {
    if entries.is_empty() {
        return (area.clone(), None);
    }
    let s = Sizes::of(style);
    let (w, _) = area.dim_in_pixel();
    let key_w = style.pxf(44.0);
    let widest = entries
        .iter()
        .map(|e| {
            if matches!(e.key, Key::Note) {
                0.0
            } else {
                text_width(&e.label, s.legend) + key_w
            }
        })
        .fold(0.0, f64::max);
    let right_w = (widest + 2.0 * s.pad)
        .min(f64::from(w) * 0.36)
        .max(style.pxf(150.0));
    split_legend_at(area, style, entries, right_w, style.pxf(560.0))
}

/// Where a legend is drawn: its area, in how many columns its keyed entries run,
/// and, when the notes did not fit beside the plot, a strip under the chart for them
/// (full width, so no sentence is cut).
pub(crate) struct Legend<DB: DrawingBackend> {
    area: DrawingArea<DB, Shift>,
    columns: usize,
    notes: Option<DrawingArea<DB, Shift>>,
}

/// As [`split_legend`], with the legend at the right (`right_w` wide) whenever the
/// area is at least `min_w` wide, else below (its keyed entries in two columns
/// when they fit). A right-hand legend too tall for the area keeps its keyed
/// entries at the right and moves its notes to a strip under the chart.
pub(crate) fn split_legend_at<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    style: &ChartStyle,
    entries: &[Entry],
    right_w: f64,
    min_w: f64,
) -> (DrawingArea<DB, Shift>, Option<Legend<DB>>) {
    if entries.is_empty() {
        return (area.clone(), None);
    }
    let s = Sizes::of(style);
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (f64::from(w), f64::from(h));
    if w >= min_w {
        if legend_layout(entries, right_w, 1, style).1 <= h {
            let (plot, legend) = area.split_horizontally(w - right_w);
            let legend = Legend {
                area: legend,
                columns: 1,
                notes: None,
            };
            return (plot, Some(legend));
        }
        let notes: Vec<Entry> = entries
            .iter()
            .filter(|e| matches!(e.key, Key::Note))
            .cloned()
            .collect_vec();
        let notes_h = legend_layout(&notes, w, 1, style).1.min(h * 0.4);
        let (upper, strip) = area.split_vertically(h - notes_h);
        let (plot, legend) = upper.split_horizontally(w - right_w);
        let legend = Legend {
            area: legend,
            columns: 1,
            notes: Some(strip),
        };
        return (plot, Some(legend));
    }
    let key_w = style.pxf(44.0);
    let widest = entries
        .iter()
        .filter(|e| !matches!(e.key, Key::Note))
        .map(|e| text_width(&e.label, s.legend) + key_w)
        .fold(0.0, f64::max);
    let columns = if widest * 2.0 + s.pad <= w - 2.0 * s.pad {
        2
    } else {
        1
    };
    let leg_h = legend_layout(entries, w, columns, style).1.min(h * 0.5);
    let (plot, legend) = area.split_vertically(h - leg_h);
    (
        plot,
        Some(Legend {
            area: legend,
            columns,
            notes: None,
        }),
    )
}

/// One placed legend line: where it starts, and its key (none for a note's line).
type Placed = ((f64, f64), Option<Entry>, String);

/// Lays `entries` out in an area `width` pixels wide: keyed entries in `columns`
/// columns, notes wrapped across the full width. Returns the lines with their
/// positions (left end, vertical centre) and the height they take.
fn legend_layout(
    entries: &[Entry],
    width: f64,
    columns: usize,
    style: &ChartStyle,
) -> (Vec<Placed>, f64) {
    let s = Sizes::of(style);
    let key_w = style.pxf(44.0);
    let columns = columns.max(1);
    let inner = width - 2.0 * s.pad;
    let col_w = inner / columns as f64;
    let line_h = s.legend * 1.55;
    let mut out = Vec::new();
    let mut y = s.pad + s.legend * 0.75;
    let mut col = 0;
    let mut last_was_entry = true;
    for e in entries {
        if matches!(e.key, Key::Note) {
            if col > 0 {
                y += line_h;
                col = 0;
            }
            if last_was_entry {
                y += s.note * 0.5;
            }
            for line in wrap(&e.label, inner, s.note) {
                out.push(((s.pad, y), None, line));
                y += s.note * 1.35;
            }
            last_was_entry = false;
        } else {
            if !last_was_entry {
                y += s.note * 0.3;
            }
            let x = s.pad + col as f64 * col_w;
            out.push((
                (x, y),
                Some(e.clone()),
                fit(&e.label, col_w - key_w, s.legend),
            ));
            col += 1;
            if col == columns {
                col = 0;
                y += line_h;
            }
            last_was_entry = true;
        }
    }
    if col > 0 {
        y += line_h;
    }
    (out, y - s.legend * 0.75 + s.pad * 0.5)
}

/// Draws the legend entries top-down in the legend's area (its notes in their own
/// strip, when [`split_legend_at`] gave them one).
pub(crate) fn draw_legend<DB: DrawingBackend>(
    legend: &Legend<DB>,
    style: &ChartStyle,
    entries: &[Entry],
) -> Result<()> {
    match &legend.notes {
        None => draw_entries(&legend.area, style, entries, legend.columns),
        Some(strip) => {
            let (keyed, notes): (Vec<Entry>, Vec<Entry>) = entries
                .iter()
                .cloned()
                .partition(|e| !matches!(e.key, Key::Note));
            draw_entries(&legend.area, style, &keyed, legend.columns)?;
            draw_entries(strip, style, &notes, 1)
        }
    }
}

/// Draws `entries` top-down in `area`, keyed ones in `columns` columns; lines that
/// would start below the area are left out.
fn draw_entries<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    style: &ChartStyle,
    entries: &[Entry],
    columns: usize,
) -> Result<()> {
    let s = Sizes::of(style);
    let (w, h) = area.dim_in_pixel();
    let key_w = style.pxf(44.0);
    for ((x0, y), entry, text) in legend_layout(entries, f64::from(w), columns, style).0 {
        if y > f64::from(h) {
            break;
        }
        match entry {
            None => {
                text_at(
                    area,
                    &text,
                    (x0 as i32, y as i32),
                    &font(s.note).color(&MUTED),
                    HPos::Left,
                    VPos::Center,
                )?;
            }
            Some(e) => {
                let cy = y as i32;
                let (kx0, kx1) = (x0 as i32, (x0 + key_w * 0.8) as i32);
                let kc = ((kx0 + kx1) / 2, cy);
                let lw = style.upx(2.5);
                match e.key {
                    Key::Line { dashed, marker: m } => {
                        let pts = vec![(kx0, cy), (kx1, cy)];
                        if dashed {
                            for seg in dashes(&pts, style.pxf(6.0), style.pxf(4.0)) {
                                area.draw(&PathElement::new(seg, e.color.stroke_width(lw)))
                                    .map_err(ce)?;
                            }
                        } else {
                            area.draw(&PathElement::new(pts, e.color.stroke_width(lw)))
                                .map_err(ce)?;
                        }
                        marker(area, kc, m, e.color, style.pxf(4.0), style.upx(2.0))?;
                    }
                    Key::Marker(m) => marker(area, kc, m, e.color, style.pxf(5.5), style.upx(2.0))?,
                    Key::Arrow => arrow(area, (kx0, cy), (kx1, cy), e.color, style)?,
                    Key::Note => {}
                }
                text_at(
                    area,
                    &text,
                    ((x0 + key_w) as i32, cy),
                    &font(s.legend),
                    HPos::Left,
                    VPos::Center,
                )?;
            }
        }
    }
    Ok(())
}

/// Draws an arrow from pixel `a` to pixel `b` (head at `b`).
pub(crate) fn arrow<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    a: (i32, i32),
    b: (i32, i32),
    color: RGBColor,
    style: &ChartStyle,
) -> Result<()> {
    area.draw(&PathElement::new(
        vec![a, b],
        color.stroke_width(style.upx(2.5)),
    ))
    .map_err(ce)?;
    let (dx, dy) = (f64::from(b.0 - a.0), f64::from(b.1 - a.1));
    let len = (dx * dx + dy * dy).sqrt();
    let (ux, uy) = if len > 0.0 {
        (dx / len, dy / len)
    } else {
        (1.0, 0.0)
    };
    let hl = style.pxf(11.0);
    let hw = style.pxf(6.0);
    let base = (f64::from(b.0) - ux * hl, f64::from(b.1) - uy * hl);
    let p1 = (
        (base.0 - uy * hw).round() as i32,
        (base.1 + ux * hw).round() as i32,
    );
    let p2 = (
        (base.0 + uy * hw).round() as i32,
        (base.1 - ux * hw).round() as i32,
    );
    area.draw(&Polygon::new(vec![b, p1, p2], color.filled()))
        .map_err(ce)
}
