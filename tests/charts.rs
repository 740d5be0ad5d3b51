//! Charts render on plotters' SVG and bitmap backends, for realistic data and for the
//! awkward cases (empty, NaN, infinite, single point, all equal, tiny areas).
//!
//! Native text needs a font: these tests register Debian's DejaVu Sans
//! (`fonts-dejavu-core`, /usr/share/fonts/truetype/dejavu/).
//!
//! `cargo test --test charts -- --ignored render_pngs` writes every chart, with
//! realistic data at scale 1 and 2, to /tmp/charts/*.png for a person to look at.

mod common;

use common::write_png;
use std::error::Error as StdError;
use std::sync::Once;

use plotters::prelude::*;
use tunelab::charts::{
    self, ChartStyle, CoefSeries, ConfusionData, HeatmapData, LossData, LossSeries, OneSe,
    PathSeries, RegPathData, TrajectoryData, ValidationData, ValidationSeries,
};

type TestResult = Result<(), Box<dyn StdError>>;

const FONT_DIR: &str = "/usr/share/fonts/truetype/dejavu";

static FONTS: Once = Once::new();

fn fonts() {
    FONTS.call_once(|| {
        let regular = charts::register_font_file(format!("{FONT_DIR}/DejaVuSans.ttf"), false);
        let bold = charts::register_font_file(format!("{FONT_DIR}/DejaVuSans-Bold.ttf"), true);
        assert!(
            regular.is_ok() && bold.is_ok(),
            "chart tests need DejaVu Sans: apt-get install fonts-dejavu-core ({regular:?}, {bold:?})"
        );
    });
}

/// Draws with `f` on an SVG of `w × h` and returns the SVG text.
fn svg<F, R>(w: u32, h: u32, f: F) -> Result<String, Box<dyn StdError>>
where
    F: FnOnce(&DrawingArea<SVGBackend<'_>, plotters::coord::Shift>) -> tunelab::Result<R>,
{
    fonts();
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (w, h)).into_drawing_area();
        f(&root)?;
        root.present()?;
    }
    Ok(out)
}

/// Draws with `f` on an RGB bitmap of `w × h` and returns the pixels.
fn bitmap<F, R>(w: u32, h: u32, f: F) -> Result<Vec<u8>, Box<dyn StdError>>
where
    F: FnOnce(&DrawingArea<BitMapBackend<'_>, plotters::coord::Shift>) -> tunelab::Result<R>,
{
    fonts();
    let mut buf = vec![0u8; (w * h * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut buf, (w, h)).into_drawing_area();
        f(&root)?;
        root.present()?;
    }
    Ok(buf)
}

/// Whether the SVG has a text element whose whole content is `text`.
fn has_text(svg: &str, text: &str) -> bool {
    svg.contains(&format!(">\n{text}\n<"))
}

/// All text of the SVG, element after element, joined by spaces (so wrapped notes read
/// as one sentence).
fn all_text(svg: &str) -> String {
    svg.split(">\n")
        .skip(1)
        .filter_map(|rest| rest.split_once("\n</text").map(|(text, _)| text))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The largest `font-size` in the SVG.
fn max_font_size(svg: &str) -> f64 {
    svg.split("font-size=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next()?.parse::<f64>().ok())
        .fold(0.0, f64::max)
}

fn non_white(buf: &[u8]) -> usize {
    buf.chunks(3).filter(|p| p.iter().any(|&c| c < 245)).count()
}

// ---------------------------------------------------------------- realistic data

const CS: [f64; 6] = [0.001, 0.01, 0.1, 1.0, 10.0, 100.0];

fn c_label(c: f64) -> String {
    format!("{c}")
}

/// Scores shaped like scikit-learn's seed grid on Iris (C × penalty).
fn iris_heatmap() -> HeatmapData {
    HeatmapData {
        title: "Mean CV accuracy on Iris (5-fold)".into(),
        x_label: "C (inverse regularisation strength)".into(),
        y_label: "penalty".into(),
        x_ticks: CS.iter().map(|&c| c_label(c)).collect(),
        y_ticks: vec!["l1".into(), "l2".into()],
        values: vec![
            vec![0.333, 0.333, 0.82, 0.953, 0.973_333, 0.96],
            vec![0.813, 0.847, 0.847, 0.96, 0.967, 0.967],
        ],
        best: Some((0, 4)),
        selected: Some((1, 3)),
        also_selected: vec![],
        value_label: "mean CV accuracy".into(),
        log_error: false,
        stds: vec![
            vec![0.0, 0.0, 0.046, 0.034, 0.025, 0.033],
            vec![0.05, 0.052, 0.052, 0.033, 0.021, 0.021],
        ],
        chance: None,
        colour_from_chance: false,
        tooltips: vec![],
        candidates: vec![],
    }
}

fn iris_validation() -> ValidationData {
    let series = |label: &str, test: [f64; 6], train: [f64; 6]| ValidationSeries {
        label: label.into(),
        x: CS.to_vec(),
        train_mean: train.to_vec(),
        train_std: vec![0.005, 0.01, 0.012, 0.006, 0.004, 0.003],
        test_mean: test.to_vec(),
        test_std: vec![0.0, 0.03, 0.05, 0.03, 0.025, 0.03],
    };
    ValidationData {
        title: "Validation curve: accuracy against C".into(),
        param_name: "C".into(),
        log_x: true,
        log_y: false,
        y_label: "accuracy".into(),
        series: vec![
            series(
                "penalty=l1",
                [0.333, 0.333, 0.82, 0.953, 0.973, 0.96],
                [0.333, 0.333, 0.835, 0.962, 0.985, 0.99],
            ),
            series(
                "penalty=l2",
                [0.813, 0.847, 0.847, 0.96, 0.967, 0.967],
                [0.82, 0.85, 0.86, 0.968, 0.98, 0.988],
            ),
        ],
        chance: Some(0.333),
        chance_label: "chance (most frequent class)".into(),
        one_se: Some(OneSe {
            x: 1.0,
            score: 0.953,
            series: 0,
            text: "1-SE rule: C = 1 (penalty=l1) scores 0.953, within one standard error \
                   of the best."
                .into(),
        }),
        inverse_axis: true,
    }
}

fn loss_data() -> LossData {
    let its: Vec<f64> = (0..=200).map(f64::from).collect();
    let f_star = 0.0597;
    let gd: Vec<f64> = its
        .iter()
        .map(|&t| f_star + (1.0986 - f_star) * (-t / 60.0).exp())
        .collect();
    let mom: Vec<f64> = its
        .iter()
        .map(|&t| {
            f_star
                + (1.0986 - f_star)
                    * (-t / 18.0).exp()
                    * (1.0 + 0.3 * (t / 6.0).cos()).abs().max(0.05)
        })
        .collect();
    let adam: Vec<f64> = its
        .iter()
        .map(|&t| f_star + (1.0986 - f_star) * (-t / 9.0).exp() + 1e-4 * (-t / 80.0).exp())
        .collect();
    let mut big: Vec<f64> = its.iter().map(|&t| 1.0986 * (1.35f64).powf(t)).collect();
    for v in big.iter_mut().skip(60) {
        *v = f64::NAN;
    }
    LossData {
        title: "Training objective by optimiser".into(),
        y_label: "objective".into(),
        log_x: false,
        marker: None,
        series: vec![
            LossSeries {
                label: "GD (lr=0.1)".into(),
                iterations: its.clone(),
                objective: gd,
                diverged_at: None,
                oscillating: false,
                held_out: vec![],
            },
            LossSeries {
                label: "momentum (lr=0.1, β=0.9)".into(),
                iterations: its.clone(),
                objective: mom,
                diverged_at: None,
                oscillating: false,
                held_out: vec![],
            },
            LossSeries {
                label: "Adam (lr=0.05)".into(),
                iterations: its.clone(),
                objective: adam,
                diverged_at: None,
                oscillating: false,
                held_out: vec![],
            },
            LossSeries {
                label: "GD (lr=50)".into(),
                iterations: its,
                objective: big,
                diverged_at: Some(59.0),
                oscillating: false,
                held_out: vec![],
            },
        ],
    }
}

fn trajectory_data() -> TrajectoryData {
    // An elongated quadratic bowl f(u, v) = 0.06 + 0.5 (4 u² + 0.5 v² + 0.8 u v).
    let f = |u: f64, v: f64| 0.06 + 0.5 * (4.0 * u * u + 0.5 * v * v + 0.8 * u * v);
    let (nx, ny) = (61, 61);
    let (x0, x1, y0, y1) = (-3.0, 3.0, -3.0, 3.0);
    let grid = (0..ny)
        .map(|i| {
            let v = y0 + (y1 - y0) * f64::from(i) / f64::from(ny - 1);
            (0..nx)
                .map(|j| f(x0 + (x1 - x0) * f64::from(j) / f64::from(nx - 1), v))
                .collect()
        })
        .collect();
    let grad = |p: (f64, f64)| (0.5 * (8.0 * p.0 + 0.8 * p.1), 0.5 * (1.0 * p.1 + 0.8 * p.0));
    let run = |lr: f64, beta: f64, n: usize| {
        let mut p = (-2.5, 2.6);
        let mut vel = (0.0, 0.0);
        let mut pts = vec![p];
        for _ in 0..n {
            let g = grad(p);
            vel = (beta * vel.0 - lr * g.0, beta * vel.1 - lr * g.1);
            p = (p.0 + vel.0, p.1 + vel.1);
            pts.push(p);
        }
        pts
    };
    TrajectoryData {
        title: "Optimiser paths on the objective".into(),
        caption: "Plane through the optimum spanned by the paths' two principal directions; \
                  u and v are coordinates along them (standardised features)."
            .into(),
        x_label: "u (1st principal direction)".into(),
        y_label: "v (2nd principal direction)".into(),
        x_range: (x0, x1),
        y_range: (y0, y1),
        grid,
        paths: vec![
            PathSeries {
                label: "GD (lr=0.2)".into(),
                points: run(0.2, 0.0, 40),
                diverged: false,
                oscillating: false,
            },
            PathSeries {
                label: "momentum (lr=0.05, β=0.8)".into(),
                points: run(0.05, 0.8, 40),
                diverged: false,
                oscillating: false,
            },
            PathSeries {
                label: "GD (lr=0.55)".into(),
                points: run(0.55, 0.0, 12),
                diverged: true,
                oscillating: false,
            },
        ],
        optimum: (0.0, 0.0),
        star_label: "optimum".into(),
    }
}

fn iris_confusion() -> ConfusionData {
    ConfusionData {
        title: "Confusion matrix, Iris test split".into(),
        class_names: vec!["setosa".into(), "versicolor".into(), "virginica".into()],
        matrix: vec![vec![19, 0, 0], vec![0, 13, 2], vec![0, 1, 15]],
    }
}

// ---------------------------------------------------------------- heatmap

#[test]
fn heatmap_svg_has_titles_ticks_and_every_value() -> TestResult {
    let data = iris_heatmap();
    let out = svg(800, 450, |a| {
        charts::draw_heatmap(a, &data, &ChartStyle::default())
    })?;
    for text in [
        data.title.as_str(),
        &data.x_label,
        &data.y_label,
        &data.value_label,
        "l1",
        "l2",
        "0.001",
        "100",
        "best",
        "selected",
    ] {
        assert!(out.contains(text), "missing {text:?}");
    }
    for row in &data.values {
        for v in row {
            assert!(
                out.contains(&format!("{v:.3}")),
                "missing cell value {v:.3}"
            );
        }
    }
    Ok(())
}

#[test]
fn heatmap_cell_at_maps_each_cell_centre_back() -> TestResult {
    let data = iris_heatmap();
    for (scale, size) in [
        (1.0, (800u32, 450u32)),
        (2.0, (1600, 900)),
        (1.5, (500, 700)),
    ] {
        let style = ChartStyle::new(scale);
        // Find the grid by scanning a row through each cell's centre: centres are where
        // cell_at changes value halfway.
        let mut hits = std::collections::BTreeMap::new();
        for y in (0..size.1).step_by(2) {
            for x in (0..size.0).step_by(2) {
                if let Some(rc) = charts::cell_at(&data, &style, size, f64::from(x), f64::from(y)) {
                    hits.entry(rc).or_insert_with(Vec::new).push((x, y));
                }
            }
        }
        assert_eq!(
            hits.len(),
            12,
            "scale {scale}: every cell must be clickable"
        );
        for ((r, c), pts) in &hits {
            let n = pts.len() as f64;
            let cx = pts.iter().map(|p| f64::from(p.0)).sum::<f64>() / n;
            let cy = pts.iter().map(|p| f64::from(p.1)).sum::<f64>() / n;
            assert_eq!(charts::cell_at(&data, &style, size, cx, cy), Some((*r, *c)));
        }
        // Row 0 is at the top, column 0 at the left.
        let top_left = hits[&(0, 0)][0];
        let bottom_right = hits[&(1, 5)][0];
        assert!(top_left.0 < bottom_right.0 && top_left.1 < bottom_right.1);
    }
    assert_eq!(
        charts::cell_at(&data, &ChartStyle::default(), (800, 450), 1.0, 1.0),
        None
    );
    assert_eq!(
        charts::cell_at(&data, &ChartStyle::default(), (800, 450), f64::NAN, 200.0),
        None
    );
    assert_eq!(
        charts::cell_at(&data, &ChartStyle::default(), (0, 0), 0.0, 0.0),
        None
    );
    Ok(())
}

#[test]
fn heatmap_cell_at_agrees_with_the_drawn_colours() -> TestResult {
    // Give one cell a unique, known colour value (the maximum → viridis yellow) and check
    // that cell_at's centre of that cell is yellow in the bitmap.
    let mut data = iris_heatmap();
    data.best = None;
    data.selected = None;
    data.values = vec![
        vec![0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        vec![0.0, 0.0, 0.0, 0.0, 1.0, 0.0],
    ];
    let (w, h) = (800u32, 450u32);
    let style = ChartStyle::default();
    let buf = bitmap(w, h, |a| charts::draw_heatmap(a, &data, &style))?;
    let mut yellow = Vec::new();
    for y in 0..h {
        for x in 0..w {
            let i = ((y * w + x) * 3) as usize;
            if buf[i] > 240 && buf[i + 1] > 220 && buf[i + 2] < 60 {
                yellow.push((x, y));
            }
        }
    }
    let hits: Vec<_> = yellow
        .iter()
        .filter_map(|&(x, y)| charts::cell_at(&data, &style, (w, h), f64::from(x), f64::from(y)))
        .collect();
    assert!(hits.len() > 1000, "the yellow cell should be large");
    assert!(
        hits.iter().all(|&rc| rc == (1, 4)),
        "yellow pixels must all map to cell (1, 4)"
    );
    Ok(())
}

#[test]
fn heatmap_marks_failed_fits_and_survives_odd_values() -> TestResult {
    let mut data = iris_heatmap();
    data.values[1][2] = f64::NAN;
    data.values[0][0] = f64::INFINITY;
    let out = svg(800, 450, |a| {
        charts::draw_heatmap(a, &data, &ChartStyle::default())
    })?;
    assert!(out.contains("failed"));
    assert!(out.contains("fit failed"));

    let cases = [
        vec![vec![f64::NAN; 6]; 2],
        vec![vec![0.5; 6]; 2],
        vec![vec![0.9]],
        vec![],
        vec![vec![1.0, 2.0], vec![3.0]],
        vec![
            vec![
                f64::NEG_INFINITY,
                1e300,
                -1e300,
                f64::MIN_POSITIVE,
                0.0,
                1.0
            ];
            2
        ],
    ];
    for values in cases {
        let d = HeatmapData {
            values: values.clone(),
            best: Some((7, 9)),
            ..data.clone()
        };
        let out = svg(800, 450, |a| {
            charts::draw_heatmap(a, &d, &ChartStyle::default())
        })?;
        assert!(out.contains(&d.title), "{values:?}");
        let px = bitmap(400, 300, |a| {
            charts::draw_heatmap(a, &d, &ChartStyle::new(1.0))
        })?;
        assert!(non_white(&px) > 500, "{values:?}");
    }
    let empty = HeatmapData {
        values: vec![],
        x_ticks: vec![],
        y_ticks: vec![],
        ..data.clone()
    };
    let out = svg(800, 450, |a| {
        charts::draw_heatmap(a, &empty, &ChartStyle::default())
    })?;
    assert!(out.contains("no results"));
    Ok(())
}

// ---------------------------------------------------------------- validation curve

#[test]
fn validation_svg_names_axes_and_every_legend_entry() -> TestResult {
    let data = iris_validation();
    let out = svg(900, 500, |a| {
        charts::draw_validation(a, &data, &ChartStyle::default())
    })?;
    for text in [
        "Validation curve",
        "C (log scale)",
        "accuracy",
        "CV (penalty=l1)",
        "train (penalty=l1)",
        "CV (penalty=l2)",
        "train (penalty=l2)",
    ] {
        assert!(out.contains(text), "missing {text:?}");
    }
    for text in ["0.001", "0.01", "0.1", "1", "10", "100"] {
        assert!(has_text(&out, text), "missing tick label {text:?}");
    }
    Ok(())
}

#[test]
fn validation_keeps_failed_fits_on_the_axis() -> TestResult {
    let mut data = iris_validation();
    // The largest C failed: its tick must stay, with a note saying what the cross is.
    for s in &mut data.series {
        s.test_mean[5] = f64::NAN;
        s.train_mean[5] = f64::NAN;
    }
    let out = svg(900, 500, |a| {
        charts::draw_validation(a, &data, &ChartStyle::default())
    })?;
    assert!(has_text(&out, "100"), "the failed C=100 left the axis");
    assert!(
        out.contains("× at the bottom: 2 failed"),
        "no note for the failed fits"
    );
    Ok(())
}

#[test]
fn validation_survives_odd_data() -> TestResult {
    let base = iris_validation();
    let mut nan = base.clone();
    nan.series[0].test_mean[2] = f64::NAN;
    nan.series[0].train_std = vec![f64::INFINITY; 6];
    let mut neg_x = base.clone();
    neg_x.series[1].x[0] = 0.0;
    neg_x.series[1].x[1] = -1.0;
    let mut single = base.clone();
    single.series = vec![ValidationSeries {
        label: "only".into(),
        x: vec![1.0],
        train_mean: vec![0.9],
        train_std: vec![0.0],
        test_mean: vec![0.8],
        test_std: vec![0.1],
    }];
    let mut flat = base.clone();
    for s in &mut flat.series {
        s.train_mean = vec![0.5; 6];
        s.test_mean = vec![0.5; 6];
        s.train_std = vec![0.0; 6];
        s.test_std = vec![0.0; 6];
    }
    let mut short = base.clone();
    short.series[0].train_mean.truncate(2);
    short.series[0].test_std.clear();
    let mut linear = base.clone();
    linear.log_x = false;
    let mut all_nan = base.clone();
    for s in &mut all_nan.series {
        s.test_mean = vec![f64::NAN; 6];
        s.train_mean = vec![f64::NAN; 6];
    }
    let empty = ValidationData {
        series: vec![],
        ..base.clone()
    };
    for d in [
        nan,
        neg_x.clone(),
        single,
        flat,
        short,
        linear,
        all_nan.clone(),
        empty.clone(),
    ] {
        let px = bitmap(640, 400, |a| {
            charts::draw_validation(a, &d, &ChartStyle::new(1.0))
        })?;
        assert!(non_white(&px) > 300);
    }
    let out = svg(900, 500, |a| {
        charts::draw_validation(a, &neg_x, &ChartStyle::default())
    })?;
    assert!(
        out.contains("2 point(s)"),
        "dropped log-axis points must be reported"
    );
    let out = svg(900, 500, |a| {
        charts::draw_validation(a, &empty, &ChartStyle::default())
    })?;
    assert!(out.contains("no scores"));
    let out = svg(900, 500, |a| {
        charts::draw_validation(a, &all_nan, &ChartStyle::default())
    })?;
    assert!(out.contains("no scores"));
    Ok(())
}

// ---------------------------------------------------------------- loss curves

#[test]
fn loss_svg_has_legend_divergence_and_clamp_note() -> TestResult {
    let data = loss_data();
    let out = svg(900, 500, |a| {
        charts::draw_loss(a, &data, &ChartStyle::default())
    })?;
    for s in &data.series {
        assert!(out.contains(&s.label), "missing {:?}", s.label);
    }
    for text in [
        "objective (log scale)",
        "iteration",
        "diverged",
        "shown at the top edge",
    ] {
        assert!(all_text(&out).contains(text), "missing {text:?}");
    }
    Ok(())
}

#[test]
fn loss_survives_odd_data() -> TestResult {
    let base = loss_data();
    let one = |it: Vec<f64>, obj: Vec<f64>| LossData {
        series: vec![LossSeries {
            label: "x".into(),
            iterations: it,
            objective: obj,
            diverged_at: None,
            oscillating: false,
            held_out: vec![],
        }],
        ..base.clone()
    };
    let cases = vec![
        one(vec![0.0], vec![0.7]),
        one(vec![0.0, 1.0, 2.0], vec![0.0, -1.0, 0.5]),
        one(vec![0.0, 1.0, 2.0], vec![1.0, 1.0, 1.0]),
        one(vec![0.0, 1.0, 2.0], vec![f64::NAN, f64::INFINITY, 1e308]),
        one(vec![0.0, 1.0, 2.0], vec![1e-300, 1.0, 1e300]),
        one(vec![], vec![]),
        LossData {
            series: vec![],
            ..base.clone()
        },
        LossData {
            log_x: true,
            marker: None,
            ..base.clone()
        },
    ];
    for d in &cases {
        let px = bitmap(640, 400, |a| charts::draw_loss(a, d, &ChartStyle::new(1.0)))?;
        assert!(non_white(&px) > 300);
    }
    let out = svg(900, 500, |a| {
        charts::draw_loss(a, &cases[1], &ChartStyle::default())
    })?;
    assert!(all_text(&out).contains("≤ 0 or below"));
    let out = svg(900, 500, |a| {
        charts::draw_loss(a, &cases[5], &ChartStyle::default())
    })?;
    assert!(out.contains("no objective values"));
    // A run that reaches NaN without being told is still marked.
    let out = svg(900, 500, |a| {
        charts::draw_loss(a, &cases[3], &ChartStyle::default())
    })?;
    assert!(out.contains("diverged"));
    Ok(())
}

// ---------------------------------------------------------------- trajectory

#[test]
fn trajectory_svg_has_caption_legend_and_divergence() -> TestResult {
    let data = trajectory_data();
    let out = svg(1000, 650, |a| {
        charts::draw_trajectory(a, &data, &ChartStyle::default())
    })?;
    for p in &data.paths {
        assert!(out.contains(&p.label), "missing {:?}", p.label);
    }
    for text in [
        "Plane through the optimum",
        "u (1st principal direction)",
        "v (2nd principal direction)",
        "optimum",
        "start",
        "diverged",
    ] {
        assert!(out.contains(text), "missing {text:?}");
    }
    Ok(())
}

#[test]
fn trajectory_contours_are_drawn() -> TestResult {
    let data = trajectory_data();
    let with = bitmap(800, 600, |a| {
        charts::draw_trajectory(a, &data, &ChartStyle::default())
    })?;
    let bare = TrajectoryData {
        grid: vec![],
        ..data.clone()
    };
    let without = bitmap(800, 600, |a| {
        charts::draw_trajectory(a, &bare, &ChartStyle::default())
    })?;
    assert!(
        non_white(&with) > non_white(&without) + 50_000,
        "contour fill and lines must show"
    );
    Ok(())
}

#[test]
fn trajectory_survives_odd_data() -> TestResult {
    let base = trajectory_data();
    let mut nan_grid = base.clone();
    for row in nan_grid.grid.iter_mut().take(20) {
        row.fill(f64::NAN);
    }
    let mut blown = base.clone();
    blown.paths[2].points = vec![
        (-1.0, 1.0),
        (2.0, -2.0),
        (f64::NAN, f64::INFINITY),
        (1e300, -1e300),
    ];
    let cases = vec![
        nan_grid,
        blown,
        TrajectoryData {
            grid: vec![vec![1.0; 5]; 5],
            ..base.clone()
        },
        TrajectoryData {
            grid: vec![vec![-3.0, 0.0], vec![0.0, 2.0]],
            ..base.clone()
        },
        TrajectoryData {
            x_range: (f64::NAN, 1.0),
            y_range: (2.0, 2.0),
            ..base.clone()
        },
        TrajectoryData {
            paths: vec![PathSeries {
                label: String::new(),
                points: vec![(0.5, 0.5)],
                diverged: true,
                oscillating: false,
            }],
            ..base.clone()
        },
        TrajectoryData {
            paths: vec![PathSeries {
                label: "empty".into(),
                points: vec![],
                diverged: false,
                oscillating: false,
            }],
            grid: vec![],
            ..base.clone()
        },
        TrajectoryData {
            grid: vec![vec![1.0]],
            caption: String::new(),
            paths: vec![],
            optimum: (f64::NAN, 0.0),
            ..base.clone()
        },
    ];
    for d in &cases {
        let px = bitmap(640, 480, |a| {
            charts::draw_trajectory(a, d, &ChartStyle::new(1.0))
        })?;
        assert!(non_white(&px) > 300);
        svg(640, 480, |a| {
            charts::draw_trajectory(a, d, &ChartStyle::new(2.0))
        })?;
    }
    Ok(())
}

// ---------------------------------------------------------------- confusion matrix

/// The first `n` words of `text`.
fn first_words(text: &str, n: usize) -> String {
    text.split_whitespace()
        .take(n)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A chart's notes: the same returned whether drawn in the chart or not; in the
/// drawing only when they are not outside; its title and legend in both.
fn check_notes<F>(what: &str, keyed: &str, draw: F) -> TestResult
where
    F: Fn(
        &DrawingArea<SVGBackend<'_>, plotters::coord::Shift>,
        &ChartStyle,
    ) -> tunelab::Result<charts::Notes>,
{
    let (mut inside_notes, mut outside_notes) = (Vec::new(), Vec::new());
    let inside = all_text(&svg(900, 520, |a| {
        inside_notes = draw(a, &ChartStyle::default())?;
        Ok(())
    })?);
    let outside = all_text(&svg(900, 520, |a| {
        outside_notes = draw(a, &ChartStyle::default().with_notes_outside(true))?;
        Ok(())
    })?);
    assert!(!inside_notes.is_empty(), "{what}: no notes");
    assert_eq!(inside_notes, outside_notes, "{what}");
    for note in &inside_notes {
        let start = first_words(note, 3);
        assert!(inside.contains(&start), "{what}: {start:?} not in {inside}");
        assert!(!outside.contains(&start), "{what}: {start:?} in {outside}");
    }
    assert!(
        outside.contains(keyed),
        "{what}: legend entry {keyed:?} missing"
    );
    Ok(())
}

#[test]
fn notes_are_returned_and_drawn_only_when_inside() -> TestResult {
    let validation = iris_validation();
    check_notes("validation", "CV (penalty=l1)", |a, st| {
        charts::draw_validation(a, &validation, st)
    })?;
    let loss = loss_data();
    check_notes("loss", "diverged", |a, st| charts::draw_loss(a, &loss, st))?;
    let trajectory = trajectory_data();
    check_notes("trajectory", "start", |a, st| {
        charts::draw_trajectory(a, &trajectory, st)
    })?;
    let optimism = charts::OptimismData::from(&noisy_optimism()?);
    check_notes("optimism", "its held-out score", |a, st| {
        charts::draw_optimism(a, &optimism, st)
    })?;
    // The sentences the validation chart writes about itself, in reading order.
    let mut notes = Vec::new();
    svg(900, 520, |a| {
        notes = charts::draw_validation(a, &validation, &ChartStyle::default())?;
        Ok(())
    })?;
    assert_eq!(
        notes,
        [
            "1-SE choice: the simplest C within one standard error of the best CV score.",
            "Shaded bands: ±1 standard deviation over the CV folds.",
        ]
    );
    Ok(())
}

#[test]
fn confusion_svg_has_counts_names_and_axis_titles() -> TestResult {
    let data = iris_confusion();
    let out = svg(700, 520, |a| {
        charts::draw_confusion(a, &data, &ChartStyle::default())
    })?;
    for text in [
        "predicted",
        "true",
        "setosa",
        "versicolor",
        "virginica",
        "87%",
    ] {
        assert!(out.contains(text), "missing {text:?}");
    }
    for text in ["19", "13", "15", "2"] {
        assert!(has_text(&out, text), "missing count {text:?}");
    }
    Ok(())
}

/// The `(x, y)` of the first SVG text element whose whole content is `text`.
fn text_position(svg: &str, text: &str) -> Option<(f64, f64)> {
    let end = svg.find(&format!(">\n{text}\n<"))?;
    let start = svg[..end].rfind("<text")?;
    let attr = |name: &str| -> Option<f64> {
        let tag = &svg[start..end];
        let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        tag[at..].split('"').next()?.parse().ok()
    };
    Some((attr("x")?, attr("y")?))
}

#[test]
fn a_phones_confusion_matrix_staggers_labels_too_long_for_a_cell() -> TestResult {
    let data = iris_confusion();
    // A phone's narrow chart (the page's scale there): "versicolor" does not fit its
    // column at the tick size, so the labels take two rows, every second one lower,
    // and each is set whole.
    let phone = ChartStyle::new(0.75);
    let out = svg(361, 361, |a| charts::draw_confusion(a, &data, &phone))?;
    // The first of each name is the column's label (the rows' come after).
    let positions: Vec<(f64, f64)> = ["setosa", "versicolor", "virginica"]
        .iter()
        .map(|name| text_position(&out, name).ok_or(format!("{name} not set whole")))
        .collect::<Result<_, _>>()?;
    let (setosa, versicolor, virginica) = (positions[0], positions[1], positions[2]);
    assert!(versicolor.1 > setosa.1 + 8.0, "{positions:?}");
    assert!((virginica.1 - setosa.1).abs() < 1.0, "{positions:?}");
    // Wide enough, one row.
    let out = svg(700, 520, |a| {
        charts::draw_confusion(a, &data, &ChartStyle::default())
    })?;
    let (s, v) = (
        text_position(&out, "setosa").ok_or("setosa")?,
        text_position(&out, "versicolor").ok_or("versicolor")?,
    );
    assert!((s.1 - v.1).abs() < 1.0, "{s:?} {v:?}");
    Ok(())
}

#[test]
fn confusion_truncates_long_names_and_survives_odd_data() -> TestResult {
    let long = "a class name typed by a user that goes on and on and on".to_string();
    let data = ConfusionData {
        class_names: vec![long.clone(), "b".into()],
        matrix: vec![vec![3, 1], vec![0, 4]],
        title: "long".into(),
    };
    let out = svg(700, 520, |a| {
        charts::draw_confusion(a, &data, &ChartStyle::default())
    })?;
    assert!(!out.contains(&long), "long names must be shortened");
    assert!(out.contains('…'));
    for d in [
        ConfusionData {
            class_names: vec![],
            matrix: vec![],
            title: "empty".into(),
        },
        ConfusionData {
            class_names: vec!["a".into()],
            matrix: vec![vec![0]],
            title: "zero".into(),
        },
        ConfusionData {
            class_names: vec!["a".into(), "b".into()],
            matrix: vec![vec![5]],
            title: "ragged".into(),
        },
        ConfusionData {
            class_names: (0..30).map(|i| format!("class {i}")).collect(),
            matrix: vec![vec![usize::MAX; 30]; 30],
            title: "big".into(),
        },
    ] {
        let px = bitmap(500, 400, |a| {
            charts::draw_confusion(a, &d, &ChartStyle::default())
        })?;
        assert!(non_white(&px) > 200, "{}", d.title);
    }
    Ok(())
}

// ---------------------------------------------------------------- every chart

#[test]
fn tiny_and_zero_areas_do_not_fail() -> TestResult {
    let h = iris_heatmap();
    let v = iris_validation();
    let l = loss_data();
    let t = trajectory_data();
    let c = iris_confusion();
    for (w, hgt) in [(1u32, 1u32), (3, 200), (200, 3), (60, 40), (170, 130)] {
        for scale in [1.0, 3.0, f64::NAN, 0.0, -2.0] {
            let st = ChartStyle::new(scale);
            bitmap(w, hgt, |a| charts::draw_heatmap(a, &h, &st))?;
            bitmap(w, hgt, |a| charts::draw_validation(a, &v, &st))?;
            bitmap(w, hgt, |a| charts::draw_loss(a, &l, &st))?;
            bitmap(w, hgt, |a| charts::draw_trajectory(a, &t, &st))?;
            bitmap(w, hgt, |a| charts::draw_confusion(a, &c, &st))?;
        }
    }
    // A zero-size sub-area.
    bitmap(100, 100, |a| {
        let (_, empty) = a.split_horizontally(100);
        charts::draw_heatmap(&empty, &h, &ChartStyle::default())
    })?;
    Ok(())
}

#[test]
fn hidpi_scale_doubles_text_size() -> TestResult {
    let data = iris_confusion();
    let one = svg(700, 520, |a| {
        charts::draw_confusion(a, &data, &ChartStyle::new(1.0))
    })?;
    let two = svg(1400, 1040, |a| {
        charts::draw_confusion(a, &data, &ChartStyle::new(2.0))
    })?;
    let (a, b) = (max_font_size(&one), max_font_size(&two));
    assert!(a > 10.0, "the title has a readable size ({a})");
    assert!(
        (b - 2.0 * a).abs() < 0.01,
        "scale 2 doubles the title size ({a} → {b})"
    );
    Ok(())
}

#[test]
fn data_structs_round_trip_through_json() -> TestResult {
    let h = iris_heatmap();
    let back: HeatmapData = serde_json::from_str(&serde_json::to_string(&h)?)?;
    assert_eq!(back.best, h.best);
    let json = r#"{"title":"t","y_label":"objective","series":[{"label":"gd","iterations":[0,1],"objective":[1.0,0.5],"diverged_at":null}]}"#;
    let l: LossData = serde_json::from_str(json)?;
    assert!(!l.log_x, "log_x defaults to false");
    let t = trajectory_data();
    let back: TrajectoryData = serde_json::from_str(&serde_json::to_string(&t)?)?;
    assert_eq!(back.paths.len(), 3);
    Ok(())
}

// ---------------------------------------------------------------- PNGs to look at

#[test]
#[ignore = "writes PNGs to /tmp/charts for a person to look at"]
fn render_pngs() -> TestResult {
    std::fs::create_dir_all("/tmp/charts")?;
    let real = real_charts()?;
    for (scale, suffix) in [(1.0, ""), (2.0, "@2x")] {
        let st = ChartStyle::new(scale);
        let px = |n: u32| (f64::from(n) * scale) as u32;
        let (w, hh) = (px(760), px(460));
        let buf = bitmap(w, hh, |a| charts::draw_heatmap(a, &real.heatmap, &st))?;
        write_png(
            &format!("/tmp/charts/real_heatmap{suffix}.png"),
            w,
            hh,
            &buf,
        )?;
        let buf = bitmap(w, hh, |a| charts::draw_validation(a, &real.validation, &st))?;
        write_png(
            &format!("/tmp/charts/real_validation{suffix}.png"),
            w,
            hh,
            &buf,
        )?;
        let buf = bitmap(w, hh, |a| charts::draw_loss(a, &real.loss, &st))?;
        write_png(&format!("/tmp/charts/real_loss{suffix}.png"), w, hh, &buf)?;
        let (tw, th) = (px(760), px(560));
        let buf = bitmap(tw, th, |a| {
            charts::draw_trajectory(a, &real.trajectory, &st)
        })?;
        write_png(
            &format!("/tmp/charts/real_trajectory{suffix}.png"),
            tw,
            th,
            &buf,
        )?;
        let buf = bitmap(tw, th, |a| charts::draw_trajectory(a, &real.exact, &st))?;
        write_png(&format!("/tmp/charts/real_exact{suffix}.png"), tw, th, &buf)?;
    }
    let (cos_heatmap, cos_validation) = cos_degree_charts()?;
    for (scale, suffix) in [(1.0, ""), (2.0, "@2x")] {
        let st = ChartStyle::new(scale);
        let (w, hh) = ((760.0 * scale) as u32, (460.0 * scale) as u32);
        let buf = bitmap(w, hh, |a| charts::draw_heatmap(a, &cos_heatmap, &st))?;
        write_png(&format!("/tmp/charts/heatmap_cos{suffix}.png"), w, hh, &buf)?;
        let buf = bitmap(w, hh, |a| charts::draw_validation(a, &cos_validation, &st))?;
        write_png(
            &format!("/tmp/charts/validation_cos{suffix}.png"),
            w,
            hh,
            &buf,
        )?;
    }
    let h = iris_heatmap();
    let v = iris_validation();
    let l = loss_data();
    let t = trajectory_data();
    let c = iris_confusion();
    for (scale, suffix) in [(1.0, ""), (2.0, "@2x")] {
        let st = ChartStyle::new(scale);
        let px = |n: u32| (f64::from(n) * scale) as u32;
        let (w, hh) = (px(760), px(460));
        let save = |name: &str, w: u32, hgt: u32, buf: Vec<u8>| {
            write_png(&format!("/tmp/charts/{name}{suffix}.png"), w, hgt, &buf)
        };
        save(
            "heatmap",
            w,
            hh,
            bitmap(w, hh, |a| charts::draw_heatmap(a, &h, &st))?,
        )?;
        save(
            "validation",
            w,
            hh,
            bitmap(w, hh, |a| charts::draw_validation(a, &v, &st))?,
        )?;
        save(
            "loss",
            w,
            hh,
            bitmap(w, hh, |a| charts::draw_loss(a, &l, &st))?,
        )?;
        let (tw, th) = (px(760), px(560));
        save(
            "trajectory",
            tw,
            th,
            bitmap(tw, th, |a| charts::draw_trajectory(a, &t, &st))?,
        )?;
        let (cw, ch) = (px(600), px(480));
        save(
            "confusion",
            cw,
            ch,
            bitmap(cw, ch, |a| charts::draw_confusion(a, &c, &st))?,
        )?;
        let (nw, nh) = (px(480), px(400));
        save(
            "validation_narrow",
            nw,
            nh,
            bitmap(nw, nh, |a| charts::draw_validation(a, &v, &st))?,
        )?;
        let mut failed = h.clone();
        failed.values[1][1] = f64::NAN;
        failed.values[1][2] = f64::NAN;
        save(
            "heatmap_failed",
            w,
            hh,
            bitmap(w, hh, |a| charts::draw_heatmap(a, &failed, &st))?,
        )?;
    }
    // Awkward data, at scale 1, to look at too.
    let st = ChartStyle::default();
    let save = |name: &str, w: u32, hgt: u32, buf: Vec<u8>| {
        write_png(&format!("/tmp/charts/{name}.png"), w, hgt, &buf)
    };
    let big = HeatmapData {
        x_ticks: (0..12).map(|i| format!("{}", 10f64.powi(i - 6))).collect(),
        y_ticks: (0..8)
            .map(|i| format!("l1_ratio={:.2}", f64::from(i) / 7.0))
            .collect(),
        values: (0..8)
            .map(|r| {
                (0..12)
                    .map(|c| {
                        if (r + c) % 9 == 0 {
                            f64::NAN
                        } else {
                            0.3 + 0.05 * f64::from(c) - 0.01 * f64::from(r)
                        }
                    })
                    .collect()
            })
            .collect(),
        best: Some((2, 11)),
        selected: Some((2, 11)),
        also_selected: vec![],
        ..h.clone()
    };
    save(
        "edge_heatmap_big",
        760,
        460,
        bitmap(760, 460, |a| charts::draw_heatmap(a, &big, &st))?,
    )?;
    let single = HeatmapData {
        values: vec![vec![0.5]],
        x_ticks: vec!["1".into()],
        y_ticks: vec!["l2".into()],
        best: Some((0, 0)),
        selected: None,
        also_selected: vec![],
        ..h.clone()
    };
    save(
        "edge_heatmap_single",
        760,
        460,
        bitmap(760, 460, |a| charts::draw_heatmap(a, &single, &st))?,
    )?;
    let odd_loss = LossData {
        series: vec![
            LossSeries {
                label: "zeros and negatives".into(),
                iterations: (0..20).map(f64::from).collect(),
                objective: (0..20).map(|i| 1.0 - 0.1 * f64::from(i)).collect(),
                diverged_at: None,
                oscillating: false,
                held_out: vec![],
            },
            LossSeries {
                label: "one point".into(),
                iterations: vec![5.0],
                objective: vec![0.5],
                diverged_at: None,
                oscillating: false,
                held_out: vec![],
            },
        ],
        ..l.clone()
    };
    save(
        "edge_loss",
        760,
        460,
        bitmap(760, 460, |a| charts::draw_loss(a, &odd_loss, &st))?,
    )?;
    let empty = ValidationData {
        series: vec![],
        ..v.clone()
    };
    save(
        "edge_validation_empty",
        760,
        460,
        bitmap(760, 460, |a| charts::draw_validation(a, &empty, &st))?,
    )?;
    let long = ConfusionData {
        title: "Confusion matrix with user-typed class names".into(),
        class_names: vec![
            "Iris setosa (collected in the Gaspé peninsula)".into(),
            "versicolor".into(),
            "virginica".into(),
            "unknown".into(),
        ],
        matrix: vec![
            vec![10, 0, 0, 0],
            vec![0, 8, 2, 0],
            vec![0, 3, 7, 0],
            vec![0, 0, 0, 0],
        ],
    };
    save(
        "edge_confusion_long",
        600,
        480,
        bitmap(600, 480, |a| charts::draw_confusion(a, &long, &st))?,
    )?;
    Ok(())
}

/// Charts from real searches: the seed grid's heatmap and validation curve, and the
/// *Optimisers × learning rate* preset's loss and trajectory charts (gd, momentum
/// and adam at lr 0.1, and gd at lr 30, which oscillates), and the exact surface of
/// a one-feature binary logistic regression.
struct Real {
    heatmap: HeatmapData,
    validation: ValidationData,
    loss: LossData,
    trajectory: TrajectoryData,
    exact: TrajectoryData,
}

fn real_charts() -> Result<Real, Box<dyn StdError>> {
    use tunelab::model::ParamValue;
    use tunelab::model::landscape::Plane;
    use tunelab::report;
    use tunelab::select::{ParamGrid, SearchConfig, grid_search};
    let iris = tunelab::Dataset::iris();
    let config = SearchConfig::default();
    let seed = grid_search(&iris, &config, &mut |_| true)?;
    let heatmap = report::heatmap(&seed, "C", "penalty", &[3]).ok_or("heatmap")?;
    let validation = report::validation(&seed, "C", Some("penalty")).ok_or("validation")?;
    let mut preset = SearchConfig::new(ParamGrid::parse(&[
        "solver=gd,momentum,adam",
        "learning_rate=0.01,0.1,1,30",
    ])?);
    preset.fix("max_iter", ParamValue::Num(200.0));
    let result = grid_search(&iris, &preset, &mut |_| true)?;
    // learning_rate-major, solver fastest: lr 0.1 is 3..6, gd at lr 30 is 9.
    let t = report::trajectories(&iris, &preset, &result, &[3, 4, 5, 9], Plane::Principal)?;
    // Petal length, versicolor against virginica: θ = (w[0], b).
    let rows: Vec<usize> = (50..150).collect();
    let x = iris
        .x
        .select(ndarray::Axis(0), &rows)
        .slice(ndarray::s![.., 2..3])
        .to_owned();
    let y: Vec<usize> = rows.iter().map(|&r| usize::from(r >= 100)).collect();
    let binary = tunelab::Dataset::new(
        "petal length",
        x,
        tunelab::DataTarget::Classes {
            y,
            names: vec!["versicolor".into(), "virginica".into()],
        },
        vec!["petal length".into()],
        "species",
    )?;
    let mut one = SearchConfig::new(ParamGrid::parse(&[
        "solver=gd,momentum",
        "learning_rate=0.1,1",
    ])?);
    one.fix("max_iter", ParamValue::Num(100.0));
    let r1 = grid_search(&binary, &one, &mut |_| true)?;
    let exact = report::trajectories(&binary, &one, &r1, &[0, 1, 2, 3], Plane::Principal)?;
    Ok(Real {
        heatmap,
        validation,
        loss: t.loss,
        trajectory: t.trajectory,
        exact: exact.trajectory,
    })
}

#[test]
fn nan_survives_json_as_null() -> TestResult {
    let mut h = iris_heatmap();
    h.values[1][2] = f64::NAN;
    let json = serde_json::to_string(&h)?;
    assert!(json.contains("null"), "serde_json writes NaN as null");
    let back: HeatmapData = serde_json::from_str(&json)?;
    assert!(back.values[1][2].is_nan());
    assert_eq!(back.values[0], h.values[0]);
    let v: ValidationData = serde_json::from_str(
        r#"{"title":"t","param_name":"C","log_x":true,"y_label":"acc","series":[
            {"label":"l1","x":[0.1,1],"train_mean":[null,0.9],"train_std":[0,0],"test_mean":[0.8,null],"test_std":[0,0]}]}"#,
    )?;
    assert!(v.series[0].train_mean[0].is_nan() && v.series[0].test_mean[1].is_nan());
    let t: TrajectoryData = serde_json::from_str(&serde_json::to_string(&TrajectoryData {
        paths: vec![PathSeries {
            label: "p".into(),
            points: vec![(0.0, 1.0), (f64::INFINITY, f64::NAN)],
            diverged: true,
            oscillating: false,
        }],
        ..trajectory_data()
    })?)?;
    assert!(t.paths[0].points[1].0.is_nan());
    Ok(())
}

#[test]
fn heatmap_row_labels_that_fit_are_not_shortened() -> TestResult {
    let data = HeatmapData {
        title: "Mean CV accuracy".into(),
        x_label: "learning_rate".into(),
        y_label: "solver".into(),
        x_ticks: vec!["0.01".into(), "0.1".into()],
        y_ticks: vec!["gd".into(), "momentum".into(), "adam".into()],
        values: vec![vec![0.8, 0.9], vec![0.85, 0.95], vec![0.9, 0.7]],
        best: Some((1, 1)),
        selected: None,
        also_selected: vec![],
        value_label: "mean CV accuracy".into(),
        log_error: false,
        stds: vec![],
        chance: None,
        colour_from_chance: false,
        tooltips: vec![],
        candidates: vec![],
    };
    let out = svg(700, 420, |a| {
        charts::draw_heatmap(a, &data, &ChartStyle::default())
    })?;
    assert!(
        has_text(&out, "momentum"),
        "the longest row label was shortened"
    );
    Ok(())
}

/// The heatmap and validation curve of polynomial regression on the noisy cosine over
/// degree 1…15, scored by MSE: errors from 0.2 to 7e5.
fn cos_degree_charts() -> Result<(HeatmapData, ValidationData), Box<dyn StdError>> {
    use tunelab::data::generate::{Kind, Spec};
    use tunelab::metrics::Scorer;
    use tunelab::model::ModelKind;
    use tunelab::select::{ParamGrid, SearchConfig, grid_search};
    let cos = tunelab::Dataset::generated(&Spec::new(Kind::Cos))?;
    let mut config = SearchConfig::new(ParamGrid::parse(&["degree=1,2,3,4,5,6,8,10,12,15"])?);
    config.model = ModelKind::LinearRegression;
    config.scoring = vec![Scorer::NegMeanSquaredError];
    let result = grid_search(&cos, &config, &mut |_| true)?;
    let heatmap = tunelab::report::heatmap(&result, "degree", "", &[]).ok_or("no heatmap")?;
    let validation = tunelab::report::validation(&result, "degree", None).ok_or("no curve")?;
    Ok((heatmap, validation))
}

#[test]
fn errors_spanning_decades_are_drawn_on_log_scales() -> TestResult {
    let (heatmap, validation) = cos_degree_charts()?;
    assert!(heatmap.log_error && validation.log_y);
    assert_eq!(heatmap.value_label, "mean CV MSE (log colour scale)");
    // The curve holds the errors themselves (positive), falling then rising.
    let test = &validation.series[0].test_mean;
    assert!(test.iter().all(|&e| e > 0.0));
    assert!(test[2] < test[0] && test[9] > 100.0 * test[2], "{test:?}");
    let out = svg(760, 460, |a| {
        charts::draw_heatmap(a, &heatmap, &ChartStyle::default())
    })?;
    // Cells read compactly, the colour bar has decade ticks.
    assert!(has_text(&out, "-7.04e5"), "the degree-15 cell");
    assert!(has_text(&out, "-0.196"), "the best cell");
    assert!(has_text(&out, "1e3"), "a decade tick on the colour bar");
    let out = svg(760, 460, |a| {
        charts::draw_validation(a, &validation, &ChartStyle::default())
    })?;
    assert!(has_text(&out, "MSE (log scale)"));
    // The degree takes whole values: at any width, no tick between them; and one
    // series is "CV" and "train" in the legend, with no label of its own.
    for w in (400..=900).step_by(50) {
        let out = svg(w, 460, |a| {
            charts::draw_validation(a, &validation, &ChartStyle::default())
        })?;
        for half in ["2.5", "7.5", "12.5", "5.0"] {
            assert!(!has_text(&out, half), "{half} on the degree axis at {w} px");
        }
        let whole_ticks = (1..=15).filter(|k| has_text(&out, &k.to_string())).count();
        assert!(whole_ticks >= 3, "{whole_ticks} whole ticks at {w} px");
        // Wide enough for a label per degree searched: one at each.
        if w >= 800 {
            for d in [1, 2, 3, 4, 5, 6, 8, 10, 12, 15] {
                assert!(
                    has_text(&out, &d.to_string()),
                    "degree {d} labelled at {w} px"
                );
            }
            assert!(
                !has_text(&out, "7") && !has_text(&out, "14"),
                "no tick between"
            );
        }
        assert!(has_text(&out, "CV") && has_text(&out, "train"), "at {w} px");
    }
    // Accuracy stays on linear scales.
    assert!(!iris_heatmap().log_error && !iris_validation().log_y);
    Ok(())
}

/// Best CV score against held-out score over 20 splits of the many-noisy-features set.
fn noisy_optimism() -> Result<tunelab::select::Optimism, Box<dyn StdError>> {
    use tunelab::data::generate::{Kind, Spec};
    use tunelab::select::{ParamGrid, SearchConfig, optimism};
    let data = tunelab::Dataset::generated(&Spec::new(Kind::NoisyFeatures))?;
    let config = SearchConfig::new(ParamGrid::parse(&[
        "C=0.001,0.01,0.1,1,10,100,1000",
        "penalty=l1,l2",
    ])?);
    Ok(optimism(&data, &config, 0.3, 20, &mut |_| true)?)
}

#[test]
fn the_best_cv_score_is_optimistic_on_average() -> TestResult {
    let o = noisy_optimism()?;
    // Picking the best of 14 noisy CV estimates overstates it: on 20 splits the
    // winner's CV score beats its held-out score on average.
    assert!(o.mean_gap > 0.0, "{o:?}");
    let data = charts::OptimismData::from(&o);
    std::fs::create_dir_all("/tmp/charts")?;
    let buf = bitmap(760, 420, |a| {
        charts::draw_optimism(a, &data, &ChartStyle::default())
    })?;
    write_png("/tmp/charts/optimism.png", 760, 420, &buf)?;
    let out = svg(760, 420, |a| {
        charts::draw_optimism(a, &data, &ChartStyle::default())
    })?;
    assert!(has_text(&out, "split seed"), "{out}");
    assert!(has_text(&out, "its held-out score"));
    Ok(())
}

#[test]
#[ignore = "writes /tmp/charts/loss_held_out.png for a person to look at"]
fn render_held_out_loss() -> TestResult {
    use tunelab::data::generate::{Kind, Spec};
    use tunelab::model::landscape::Plane;
    use tunelab::model::{ModelKind, ParamValue};
    use tunelab::select::{ParamGrid, SearchConfig, grid_search};
    let mut spec = Spec::new(Kind::Moons);
    spec.n_samples = 60;
    spec.noise = 0.4;
    let moons = tunelab::Dataset::generated(&spec)?;
    let mut config = SearchConfig::new(ParamGrid::parse(&["hidden_layer_sizes=5,100"])?);
    config.model = ModelKind::MlpClassifier;
    config.test_size = 0.3;
    config
        .fix("max_iter", ParamValue::Num(2000.0))
        .fix("learning_rate_init", ParamValue::Num(0.01))
        .fix("n_iter_no_change", ParamValue::Num(2000.0));
    let result = grid_search(&moons, &config, &mut |_| true)?;
    let t = tunelab::report::trajectories(&moons, &config, &result, &[0, 1], Plane::Principal)?;
    std::fs::create_dir_all("/tmp/charts")?;
    let buf = bitmap(760, 460, |a| {
        charts::draw_loss(a, &t.loss, &ChartStyle::default())
    })?;
    write_png("/tmp/charts/loss_held_out.png", 760, 460, &buf)?;
    Ok(())
}

/// A validation curve over `xs` (log axis), the CV score rising then flat, the
/// 1-SE choice at `pick`.
fn log_curve(name: &str, xs: &[f64], pick: usize) -> ValidationData {
    let test: Vec<f64> = (0..xs.len())
        .map(|i| 0.6 + 0.3 * (i.min(3) as f64) / 3.0)
        .collect();
    let train: Vec<f64> = test.iter().map(|t| t + 0.04).collect();
    ValidationData {
        title: String::new(),
        param_name: name.into(),
        log_x: true,
        log_y: false,
        y_label: "accuracy".into(),
        series: vec![ValidationSeries {
            label: String::new(),
            x: xs.to_vec(),
            train_mean: train,
            train_std: vec![0.01; xs.len()],
            test_mean: test.clone(),
            test_std: vec![0.03; xs.len()],
        }],
        chance: Some(0.5),
        chance_label: "chance".into(),
        one_se: Some(OneSe {
            x: xs[pick],
            score: test[pick],
            series: 0,
            text: String::new(),
        }),
        inverse_axis: name == "C",
    }
}

#[test]
fn a_validation_curve_labels_the_values_searched_or_each_decade_and_names_its_choice() -> TestResult
{
    // hidden_layer_sizes 1, 2, 5, 20, 100: each labelled where they fit (not only 1,
    // 10, 100), and the choice's label says its value.
    let units = log_curve("hidden_layer_sizes", &[1.0, 2.0, 5.0, 20.0, 100.0], 2);
    for w in [360, 700] {
        let out = svg(w, 420, |a| {
            charts::draw_validation(a, &units, &ChartStyle::default())
        })?;
        for v in ["1", "2", "5", "20", "100"] {
            assert!(has_text(&out, v), "{v} labelled at {w} px");
        }
        assert!(
            !has_text(&out, "10"),
            "no decade between the values at {w} px"
        );
        let text = all_text(&out);
        assert!(
            text.contains("1-SE choice: hidden_layer_sizes = 5")
                || text.contains("1-SE: hidden_layer_sizes = 5"),
            "{text}"
        );
    }
    // Ten C values over six decades on a phone-wide chart: not each value, but each
    // decade (every other one was labelled before), on the λ axis as well.
    let c = log_curve(
        "C",
        &[0.001, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 100.0, 1000.0],
        4,
    );
    let out = svg(360, 420, |a| {
        charts::draw_validation(a, &c, &ChartStyle::new(0.75))
    })?;
    for v in ["0.001", "0.01", "0.1", "1", "10", "100", "1000"] {
        assert!(has_text(&out, v), "decade {v} labelled");
    }
    assert!(
        !has_text(&out, "0.03") && !has_text(&out, "0.3"),
        "the values between decades are not"
    );
    assert!(
        all_text(&out).contains("1-SE choice: C = 0.3"),
        "{}",
        all_text(&out)
    );
    // Learning rates up to 30: the decades, and 30 past the 10 where it fits.
    let lr = log_curve("learning_rate", &[0.001, 0.01, 0.1, 1.0, 10.0, 30.0], 3);
    let out = svg(360, 420, |a| {
        charts::draw_validation(a, &lr, &ChartStyle::new(0.85))
    })?;
    for v in ["0.001", "1", "10", "30"] {
        assert!(has_text(&out, v), "{v} labelled");
    }
    // Two series with room around the choice: the label says which it is on; the best
    // mean (the first of the equal highs, 0.9 at C = 1) is a star named "best".
    let mut two = log_curve("C", &[0.001, 0.01, 0.1, 1.0, 10.0, 100.0], 2);
    let mut low = two.series[0].clone();
    low.label = "penalty=l2".into();
    low.test_mean.iter_mut().for_each(|v| *v -= 0.25);
    low.train_mean.iter_mut().for_each(|v| *v -= 0.25);
    two.series[0].label = "penalty=l1".into();
    two.series.push(low);
    let out = svg(700, 420, |a| {
        charts::draw_validation(a, &two, &ChartStyle::default())
    })?;
    let text = all_text(&out);
    // (The 1-SE label may drop its series to keep off a point; it keeps its value.)
    assert!(text.contains("1-SE choice: C = 0.1"), "{text}");
    assert!(
        text.contains("best: C = 1 (penalty=l1)") && text.matches("best CV score").count() == 2,
        "{text}"
    );
    // The best is the 1-SE choice too: one diamond says both, and the legend lists no star.
    let same = log_curve("C", &[0.001, 0.01, 0.1, 1.0, 10.0, 100.0], 3);
    let out = svg(700, 420, |a| {
        charts::draw_validation(a, &same, &ChartStyle::default())
    })?;
    let text = all_text(&out);
    assert!(
        (text.contains("1-SE choice, the best: C = 1") || text.contains("1-SE, best: C = 1"))
            // Once, in the 1-SE note; not as a legend entry.
            && text.matches("best CV score").count() == 1,
        "{text}"
    );
    // Crowded (Iris: the curves within 0.05 of each other near the top), the labels
    // drop what they can rather than cover the curves, but keep the parameter's name
    // and value (a shorter "1-SE" before a bare number).
    let out = svg(700, 420, |a| {
        charts::draw_validation(a, &iris_validation(), &ChartStyle::default())
    })?;
    let text = all_text(&out);
    assert!(
        text.contains("1-SE choice: C = ") || text.contains("1-SE: C = "),
        "{text}"
    );
    assert!(text.contains("best: C = "), "{text}");
    Ok(())
}

/// The `y` of the SVG text element whose whole content is `text`.
fn text_y(svg: &str, text: &str) -> Option<f64> {
    let at = svg.find(&format!(">\n{text}\n<"))?;
    let open = svg[..at].rfind("<text")?;
    let y = svg[open..at].split(" y=\"").nth(1)?.split('"').next()?;
    y.parse().ok()
}

/// The regularisation path's "selected" label goes where it hides no line: at the
/// plot's foot when lines run along its top beside the marker, at its top otherwise.
#[test]
fn the_regularisation_paths_selected_label_keeps_off_the_lines() -> Result<(), Box<dyn StdError>> {
    let values = vec![0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0];
    let path = |levels: &[(&str, f64)]| RegPathData {
        title: "Regularisation path: lasso".into(),
        caption: String::new(),
        param_name: "alpha".into(),
        larger_is_weaker: false,
        y_label: "coefficient".into(),
        values: values.clone(),
        series: levels
            .iter()
            .map(|&(name, v)| CoefSeries {
                name: name.into(),
                coef: vec![v; values.len()],
            })
            .collect(),
        selected: Some(1.0),
    };
    let (w, h) = (640, 420);
    let label = "selected alpha = 1";
    // Lines along the top (10) and the middle (5): the label at the foot.
    let out = svg(w, h, |a| {
        charts::draw_regpath(a, &path(&[("a", 10.0), ("b", 5.0)]), &ChartStyle::default())
    })?;
    let y = text_y(&out, label).ok_or("no selected label")?;
    // Lines along the foot (-10) and the middle: the label at the top, as before.
    let out = svg(w, h, |a| {
        charts::draw_regpath(
            a,
            &path(&[("a", -10.0), ("b", -5.0)]),
            &ChartStyle::default(),
        )
    })?;
    let y2 = text_y(&out, label).ok_or("no selected label")?;
    assert!(
        y > y2 + 100.0,
        "the label under the top line ({y}) is well below the one over the foot's ({y2})"
    );
    Ok(())
}

/// A phone's heatmap of ten C values: the labels too long for a column take two rows
/// and every column keeps its label (the best one's, C = 1, above all); narrower
/// still, the labels thinned to every second keep the best column's.
#[test]
fn a_phones_heatmap_labels_every_column_or_keeps_the_best_ones() -> TestResult {
    let cs = [0.001, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0, 100.0, 1000.0];
    let mut data = iris_heatmap();
    data.x_ticks = cs.iter().map(|&c| c_label(c)).collect();
    data.y_ticks = vec!["all".into()];
    data.values = vec![vec![
        0.5, 0.5, 0.5, 0.68, 0.71, 0.75, 0.72, 0.71, 0.72, 0.71,
    ]];
    data.stds = vec![vec![0.05; 10]];
    data.best = Some((0, 5));
    data.selected = Some((0, 5));
    let phone = ChartStyle::new(0.75);
    let out = svg(361, 361, |a| charts::draw_heatmap(a, &data, &phone))?;
    for t in &data.x_ticks {
        assert!(has_text(&out, t), "{t} labelled on a phone");
    }
    let (a, b) = (
        text_position(&out, "0.001").ok_or("0.001")?,
        text_position(&out, "0.01").ok_or("0.01")?,
    );
    assert!(b.1 > a.1 + 5.0, "staggered: {a:?} {b:?}");
    // Too narrow even for two rows: every second label, the best column's among them.
    let out = svg(200, 300, |a| charts::draw_heatmap(a, &data, &phone))?;
    assert!(has_text(&out, "1"), "the best column's label kept");
    assert!(
        !has_text(&out, "0.3") && !has_text(&out, "3"),
        "its neighbours' thinned"
    );
    Ok(())
}
