//! Validation curve: training and cross-validated score against one parameter.
//!
//! For each series (e.g. one per penalty) the CV mean is a solid line with filled
//! markers and the training mean a dashed line with hollow markers in the same colour,
//! each with a ±1 standard deviation band. With `log_x` the parameter axis is
//! logarithmic with decade labels (0.001, 0.01, …, 100). Read from left to right it
//! shows underfitting at small `C` and the growing train/CV gap at large `C`.
//!
//! A dashed grey line marks the chance level when [`ValidationData::chance`] is
//! given, a hollow diamond labelled "1-SE choice" the one-standard-error pick
//! ([`OneSe`]), and with [`ValidationData::inverse_axis`] a top axis shows the
//! regularisation strength `λ = 1/C` over the same points.

use crate::collect::CollectVec;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};
use serde::{Deserialize, Serialize};

use super::common::{
    Axis, Entry, Frame, INK, Key, MUTED, Marker, Sizes, TopAxis, axes_with_top, ce, draw_legend,
    finite_range, fmt_num, keep_notes, marker, message, pad, split_legend, text_width, titled,
    too_small,
};
use super::palette::series_color;
use super::trajectory::STAR;
use super::{ChartStyle, Notes};
use crate::Result;

mod marks;

use marks::halo_text;

/// One curve pair (train and CV) of a validation curve.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValidationSeries {
    /// What distinguishes this series, e.g. `"penalty=l1"` (legend: "CV (penalty=l1)").
    pub label: String,
    /// Parameter values.
    #[serde(deserialize_with = "super::common::nan_null::vec")]
    pub x: Vec<f64>,
    /// Mean training score at each `x`.
    #[serde(deserialize_with = "super::common::nan_null::vec")]
    pub train_mean: Vec<f64>,
    /// Standard deviation of the training score over the folds.
    #[serde(deserialize_with = "super::common::nan_null::vec")]
    pub train_std: Vec<f64>,
    /// Mean cross-validated (test fold) score at each `x`.
    #[serde(deserialize_with = "super::common::nan_null::vec")]
    pub test_mean: Vec<f64>,
    /// Standard deviation of the CV score over the folds.
    #[serde(deserialize_with = "super::common::nan_null::vec")]
    pub test_std: Vec<f64>,
}

/// A validation curve.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValidationData {
    /// Chart title.
    pub title: String,
    /// The parameter on the horizontal axis, e.g. `"C"`.
    pub param_name: String,
    /// Whether the parameter axis is logarithmic (values ≤ 0 are then left out, and
    /// the chart says how many).
    pub log_x: bool,
    /// Whether the score axis is logarithmic: the series then hold positive errors
    /// (MSE, …) rather than scores, and the bands run from `log(mean − std)` (or a
    /// decade below the mean, when that is not positive) to `log(mean + std)`.
    #[serde(default)]
    pub log_y: bool,
    /// Title of the vertical axis, e.g. `"accuracy"`.
    pub y_label: String,
    /// The series, one colour each.
    pub series: Vec<ValidationSeries>,
    /// The chance level (a model that ignores the features), drawn as a dashed grey
    /// line labelled [`ValidationData::chance_label`]; in the units of the series
    /// (so a positive error with `log_y`). `None` (the default) draws none.
    #[serde(default)]
    pub chance: Option<f64>,
    /// What the chance line is, e.g. `"chance (most frequent class)"`.
    #[serde(default)]
    pub chance_label: String,
    /// The one-standard-error choice, marked with a hollow diamond labelled "1-SE
    /// choice". `None` (the default) marks none.
    #[serde(default)]
    pub one_se: Option<OneSe>,
    /// Show a secondary axis along the top with the regularisation strength
    /// `λ = 1/x` (for `C`). Defaults to `false`.
    #[serde(default)]
    pub inverse_axis: bool,
}

/// The one-standard-error rule's pick on a validation curve: the simplest
/// candidate (the most regularised: smallest `C`, largest `alpha`, smallest
/// `degree` or `hidden_layer_sizes`) whose mean CV score is within one standard
/// error (`std / √k` over the k folds) of the best mean.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OneSe {
    /// The parameter value chosen.
    pub x: f64,
    /// Its mean CV score, in the units of the series.
    pub score: f64,
    /// Which series it is on (an index into [`ValidationData::series`]).
    #[serde(default)]
    pub series: usize,
    /// A sentence explaining the choice, for the page.
    pub text: String,
}

struct Pt {
    x: f64,
    train: f64,
    /// The band around `train`: (low, high).
    train_band: (f64, f64),
    test: f64,
    test_band: (f64, f64),
}

/// A mean and its ±sd band, on a log10 axis when `log`: the band's low end is
/// `mean − sd`, or a decade below the mean when that is not positive.
fn banded(mean: f64, sd: f64, log: bool) -> (f64, (f64, f64)) {
    if log {
        let lo = if mean - sd > 0.0 {
            mean - sd
        } else {
            mean / 10.0
        };
        (mean.log10(), (lo.log10(), (mean + sd).log10()))
    } else {
        (mean, (mean - sd, mean + sd))
    }
}

fn get(v: &[f64], i: usize) -> f64 {
    v.get(i).copied().unwrap_or(f64::NAN)
}

fn sd(v: f64) -> f64 {
    if v.is_finite() { v.abs() } else { 0.0 }
}

/// Draws the validation curve on `area` (which it clears first).
///
/// Returns the chart's notes, drawn in it or not as [`ChartStyle::notes_outside`] says.
pub fn draw_validation<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &ValidationData,
    style: &ChartStyle,
) -> Result<Notes> {
    super::with_notes(|notes| draw_validation_into(area, data, style, true, notes))
}

/// [`draw_validation`], adding its notes to `notes`.
/// `mark_best`: mark the best mean CV score with a star (a validation curve); a
/// learning curve, whose best is its largest training set, marks none.
pub(crate) fn draw_validation_into<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &ValidationData,
    style: &ChartStyle,
    mark_best: bool,
    notes: &mut Notes,
) -> Result<()> {
    if too_small(area, style)? {
        return Ok(());
    }
    let body = titled(area, style, &data.title)?;
    let mut dropped = 0usize;
    let series: Vec<Vec<Pt>> = data
        .series
        .iter()
        .map(|s| {
            let mut pts: Vec<Pt> = Vec::new();
            for (i, &x) in s.x.iter().enumerate() {
                let x = if data.log_x {
                    if x > 0.0 { x.log10() } else { f64::NAN }
                } else {
                    x
                };
                if !x.is_finite() {
                    dropped += 1;
                    continue;
                }
                let (train, train_band) =
                    banded(get(&s.train_mean, i), sd(get(&s.train_std, i)), data.log_y);
                let (test, test_band) =
                    banded(get(&s.test_mean, i), sd(get(&s.test_std, i)), data.log_y);
                pts.push(Pt {
                    x,
                    train,
                    train_band,
                    test,
                    test_band,
                });
            }
            crate::sort::sort_by(&mut pts, &|a, b| a.x.total_cmp(&b.x));
            pts
        })
        .collect_vec();
    let ys = series
        .iter()
        .flatten()
        .flat_map(|p| [p.train_band.0, p.train_band.1, p.test_band.0, p.test_band.1]);
    // Failed fits (NaN scores) stay on the x axis and are marked with a cross, so
    // the axis spans every value tried.
    let xs = series.iter().flatten().map(|p| p.x);
    let failed = series
        .iter()
        .flatten()
        .filter(|p| !p.test.is_finite())
        .count();
    let (Some(yr), Some(xr)) = (finite_range(ys), finite_range(xs)) else {
        return message(&body, style, "no scores to show yet");
    };
    // The chance line in plot units; it widens the axis unless that would squash
    // the curves to under half the plot (then a note says where it is).
    let chance = data.chance.filter(|c| c.is_finite()).and_then(|c| {
        if data.log_y {
            (c > 0.0).then(|| c.log10())
        } else {
            Some(c)
        }
    });
    let span = yr.1 - yr.0;
    let chance_shown = chance.filter(|&c| c >= yr.0 - span && c <= yr.1 + span);
    let yr = match chance_shown {
        Some(c) => (yr.0.min(c), yr.1.max(c)),
        None => yr,
    };

    // The best mean CV score (the lowest error on an error axis; the first of equals),
    // a star under its label; and the 1-SE choice, a diamond under its own. Each label
    // says its value, where it covers the fewest points, lines and other label.
    let best = mark_best
        .then(|| {
            series
                .iter()
                .enumerate()
                .flat_map(|(si, pts)| pts.iter().map(move |p| (si, p.x, p.test)))
                .filter(|p| p.2.is_finite())
                .reduce(|a, b| {
                    let better = if data.log_y { b.2 < a.2 } else { b.2 > a.2 };
                    if better { b } else { a }
                })
        })
        .flatten();
    let one = data.one_se.as_ref().and_then(|one| {
        let x = if data.log_x {
            if one.x > 0.0 { one.x.log10() } else { f64::NAN }
        } else {
            one.x
        };
        let y = if data.log_y {
            if one.score > 0.0 {
                one.score.log10()
            } else {
                f64::NAN
            }
        } else {
            one.score
        };
        (x.is_finite() && y.is_finite()).then_some((one.series, x, y))
    });
    let same = matches!((best, one), (Some(b), Some(o)) if b.0 == o.0 && (b.1 - o.1).abs() < 1e-9);
    let mut entries = Vec::new();
    for (i, s) in data.series.iter().enumerate() {
        let c = series_color(i);
        let name = |what: &str| {
            if s.label.is_empty() {
                what.to_string()
            } else {
                format!("{what} ({})", s.label)
            }
        };
        entries.push(Entry::new(
            name("CV"),
            c,
            Key::Line {
                dashed: false,
                marker: Marker::Dot,
            },
        ));
        entries.push(Entry::new(
            name("train"),
            c,
            Key::Line {
                dashed: true,
                marker: Marker::Ring,
            },
        ));
    }
    if let Some(c) = data.chance.filter(|c| c.is_finite()) {
        let label = if data.chance_label.is_empty() {
            "chance"
        } else {
            data.chance_label.as_str()
        };
        entries.push(Entry::new(
            "chance",
            MUTED,
            Key::Line {
                dashed: true,
                marker: Marker::None,
            },
        ));
        if chance_shown.is_none() {
            entries.push(Entry::new(
                format!("{label}: {}, below the axis.", fmt_num(c)),
                MUTED,
                Key::Note,
            ));
        }
    }
    // Where the best is the 1-SE choice too, its diamond says both: no star.
    if best.is_some() && !same {
        entries.push(Entry::new("best CV score", STAR, Key::Marker(Marker::Star)));
    }
    if data.one_se.is_some() {
        entries.push(Entry::new("1-SE choice", INK, Key::Marker(Marker::Diamond)));
        entries.push(Entry::new(
            format!(
                "1-SE choice: the simplest {} within one standard error of the best CV score.",
                data.param_name
            ),
            INK,
            Key::Note,
        ));
    }
    entries.push(Entry::new(
        "Shaded bands: ±1 standard deviation over the CV folds.",
        RGBColor(0, 0, 0),
        Key::Note,
    ));
    if failed > 0 {
        entries.push(Entry::new(
            format!("× at the bottom: {failed} failed or diverged fit(s), no score."),
            RGBColor(0, 0, 0),
            Key::Note,
        ));
    }
    if dropped > 0 {
        let what = if data.log_x {
            "with value ≤ 0 (or not finite) left out of the log axis"
        } else {
            "with a non-finite value left out"
        };
        entries.push(Entry::new(
            format!("{dropped} point(s) {what}."),
            RGBColor(0, 0, 0),
            Key::Note,
        ));
    }
    keep_notes(&mut entries, style, notes);
    let (plot, legend) = split_legend(&body, style, &entries);
    if let Some(l) = &legend {
        draw_legend(l, style, &entries)?;
    }

    let s = Sizes::of(style);
    let (pw, ph) = plot.dim_in_pixel();
    let max_x = ((f64::from(pw) / (s.tick * 5.0)).floor() as usize).clamp(2, 10);
    let max_y = ((f64::from(ph) / (s.tick * 3.0)).floor() as usize).clamp(2, 10);
    let (x_lo, x_hi) = if data.log_x {
        (xr.0 - 0.15, xr.1 + 0.15)
    } else {
        pad(xr.0, xr.1, 0.03)
    };
    let (y_lo, y_hi) = if data.log_y {
        (yr.0 - 0.1, yr.1 + 0.1)
    } else {
        pad(yr.0, yr.1, 0.05)
    };
    let x_title = if data.log_x {
        format!("{} (log scale)", data.param_name)
    } else {
        data.param_name.clone()
    };
    let mut x_axis = if data.log_x {
        Axis::log10(x_lo, x_hi, max_x, &x_title)
    } else {
        Axis::linear(x_lo, x_hi, max_x, &x_title)
    };
    // The values searched, where they are few enough for their labels to fit side by
    // side, each get a tick (a reader should not count dots): degree 1, 2, 3, …;
    // hidden_layer_sizes 1, 2, 5, 20, 100 on its log axis. On a log axis only round
    // values (two significant digits) qualify, and the λ axis's labels must fit too.
    let values: Vec<f64> = {
        let mut xs = series
            .iter()
            .flatten()
            .map(|p| p.x)
            .filter(|x| x.is_finite())
            .collect_vec();
        crate::sort::sort_f64(&mut xs);
        xs.dedup();
        xs
    };
    let value_of = |t: f64| if data.log_x { 10f64.powf(t) } else { t };
    let round = |v: f64| {
        format!("{v:.1e}")
            .parse::<f64>()
            .is_ok_and(|r| (r - v).abs() <= 1e-9 * v.abs())
    };
    let px_per_unit = 0.8 * f64::from(pw) / (x_hi - x_lo);
    let fits = |ticks: &[f64]| {
        let widest = ticks
            .iter()
            .flat_map(|&t| {
                let v = value_of(t);
                let inverse = if data.inverse_axis && v != 0.0 {
                    fmt_num(1.0 / v)
                } else {
                    String::new()
                };
                [fmt_num(v), inverse]
            })
            .map(|l| text_width(&l, s.tick))
            .fold(0.0, f64::max);
        let tightest = ticks
            .windows(2)
            .map(|w| (w[1] - w[0]) * px_per_unit)
            .fold(f64::INFINITY, f64::min);
        ticks.len() >= 2 && tightest >= widest + s.tick * 0.6
    };
    let whole = |v: &f64| v.fract() == 0.0;
    if values.len() <= 12
        && (!data.log_x || values.iter().all(|&t| round(value_of(t))))
        && fits(&values)
    {
        x_axis.ticks = values;
    } else if data.log_x {
        // Over several decades: a label at each decade where they fit (0.001 … 1000,
        // not every other one).
        let decades = ((x_lo.ceil() as i64)..=(x_hi.floor() as i64))
            .map(|e| e as f64)
            .collect_vec();
        if decades.len() > x_axis.ticks.len() && fits(&decades) {
            x_axis.ticks = decades;
        }
        // The first and last values searched, when round and not a decade (a learning
        // rate of 30 past the 10), where their labels fit beside the decades'.
        for end in [values.first(), values.last()].into_iter().flatten() {
            let width = |t: f64| text_width(&fmt_num(value_of(t)), s.tick);
            let clear = x_axis.ticks.iter().all(|&t| {
                (t - end).abs() * px_per_unit >= (width(t) + width(*end)) / 2.0 + s.tick * 0.6
            });
            if round(value_of(*end)) && clear {
                x_axis.ticks.push(*end);
                crate::sort::sort_f64(&mut x_axis.ticks);
            }
        }
    } else if values.iter().all(whole) && x_axis.ticks.iter().filter(|t| whole(t)).count() >= 2 {
        // Whole values (a degree, a layer's units): no tick between them (2.5, 7.5).
        x_axis.ticks.retain(whole);
    }
    let y_title = if data.log_y {
        format!("{} (log scale)", data.y_label)
    } else {
        data.y_label.clone()
    };
    let y_axis = if data.log_y {
        Axis::log10(y_lo, y_hi, max_y, &y_title)
    } else {
        Axis::linear(y_lo, y_hi, max_y, &y_title)
    };
    // λ = 1/C over the same points: on a log axis, at the bottom axis's decades.
    let top_axis = data.inverse_axis.then(|| TopAxis {
        ticks: x_axis
            .ticks
            .iter()
            .map(|&t| {
                let x = if data.log_x { 10f64.powf(t) } else { t };
                (
                    t,
                    if x > 0.0 {
                        fmt_num(1.0 / x)
                    } else {
                        String::new()
                    },
                )
            })
            .collect_vec(),
        title: format!("λ = 1/{} (regularisation strength)", data.param_name),
    });
    let frame = axes_with_top(&plot, style, &x_axis, &y_axis, top_axis.as_ref())?;
    if let Some(c) = chance_shown {
        frame.polyline(
            &[(x_lo, c), (x_hi, c)],
            MUTED,
            style.upx(2.0),
            Some((style.pxf(6.0), style.pxf(4.0))),
        )?;
        // Its name on the line, at the right end (above it, or below near the top).
        let s = Sizes::of(style);
        let (_, py) = frame.map((x_hi, c));
        let name = if data.chance_label.is_empty() {
            "chance"
        } else {
            data.chance_label.as_str()
        };
        let (ty, v) = if f64::from(py) > s.legend * 2.0 {
            (py - style.px(4.0), VPos::Bottom)
        } else {
            (py + style.px(4.0), VPos::Top)
        };
        halo_text(
            &frame,
            name,
            (frame.w as i32 - style.px(6.0), ty),
            MUTED,
            HPos::Right,
            v,
            style,
        )?;
    }

    for (i, pts) in series.iter().enumerate() {
        let c = series_color(i);
        band(&frame, pts, |p| (p.train, p.train_band), c.mix(0.10))?;
        band(&frame, pts, |p| (p.test, p.test_band), c.mix(0.20))?;
    }
    for (i, pts) in series.iter().enumerate() {
        let c = series_color(i);
        let train: Vec<(f64, f64)> = pts.iter().map(|p| (p.x, p.train)).collect_vec();
        let test: Vec<(f64, f64)> = pts.iter().map(|p| (p.x, p.test)).collect_vec();
        frame.polyline(
            &train,
            c,
            style.upx(2.5),
            Some((style.pxf(8.0), style.pxf(5.0))),
        )?;
        frame.polyline(&test, c, style.upx(3.0), None)?;
        for &p in train.iter().filter(|p| p.1.is_finite()) {
            // White inside and wider than the CV dot, so a train score equal to the CV
            // score (both 0.5 where a model predicts one class) shows as a dot in a
            // ring, not one bigger dot.
            let at = frame.map(p);
            marker(&frame.area, at, Marker::Dot, WHITE, style.pxf(6.0), 1)?;
            marker(
                &frame.area,
                at,
                Marker::Ring,
                c,
                style.pxf(6.5),
                style.upx(2.0),
            )?;
        }
        for &p in test.iter().filter(|p| p.1.is_finite()) {
            marker(
                &frame.area,
                frame.map(p),
                Marker::Dot,
                c,
                style.pxf(4.5),
                style.upx(2.0),
            )?;
        }
        for &(x, _) in test.iter().filter(|p| !p.1.is_finite()) {
            marker(
                &frame.area,
                frame.map((x, y_lo)),
                Marker::Cross,
                c,
                style.pxf(6.0),
                style.upx(2.5),
            )?;
        }
    }
    marks::draw_marks(
        &frame,
        data,
        &series,
        chance_shown,
        (best, one, same),
        style,
    )
}

/// Shades each mean's band over each run of finite means.
fn band<DB: DrawingBackend>(
    frame: &Frame<DB>,
    pts: &[Pt],
    f: impl Fn(&Pt) -> (f64, (f64, f64)),
    color: RGBAColor,
) -> Result<()> {
    let mut run: Vec<(f64, f64, (f64, f64))> = Vec::new();
    let flush = |run: &mut Vec<(f64, f64, (f64, f64))>| -> Result<()> {
        if run.len() >= 2 {
            let mut poly: Vec<(i32, i32)> = run
                .iter()
                .map(|&(x, _, b)| frame.map((x, b.1)))
                .collect_vec();
            poly.extend(run.iter().rev().map(|&(x, _, b)| frame.map((x, b.0))));
            frame
                .area
                .draw(&Polygon::new(poly, color.filled()))
                .map_err(ce)?;
        }
        run.clear();
        Ok(())
    };
    for p in pts {
        let (m, b) = f(p);
        if m.is_finite() {
            run.push((p.x, m, b));
        } else {
            flush(&mut run)?;
        }
    }
    flush(&mut run)
}
