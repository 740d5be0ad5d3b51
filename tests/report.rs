//! From search results to chart data: the playground's charts are built here.
#![allow(clippy::unwrap_used)]

use tunelab::Dataset;
use tunelab::model::ParamValue;
use tunelab::model::landscape::Plane;
use tunelab::report::{
    heatmap, heatmap_candidate, report, summary, trajectories, trajectories_of, validation,
};
use tunelab::select::{ParamGrid, SearchConfig, grid_search};

#[test]
fn seed_grid_heatmap_and_validation_curve() {
    let iris = Dataset::iris();
    let config = SearchConfig::default();
    let result = grid_search(&iris, &config, &mut |_| true).unwrap();
    let means = result
        .cv_results
        .floats("mean_test_score")
        .unwrap()
        .to_vec();

    let h = heatmap(&result, "C", "penalty", &[5, 3]).unwrap();
    assert_eq!((h.values.len(), h.values[0].len()), (2, 6));
    // Row = penalty (l1, l2), column = C; candidate order is C-major, penalty fastest.
    for (row, values) in h.values.iter().enumerate() {
        for (col, v) in values.iter().enumerate() {
            assert_eq!(*v, means[2 * col + row]);
            assert_eq!(
                heatmap_candidate(&result, "C", "penalty", (col, row)),
                Some(2 * col + row)
            );
        }
    }
    assert_eq!(h.best, Some((0, 4)));
    assert_eq!(h.selected, Some((1, 1)));
    assert_eq!(h.also_selected, [(1, 2)], "candidate 5 = (C=0.1, l2)");

    let v = validation(&result, "C", Some("penalty")).unwrap();
    assert!(v.log_x);
    let labels: Vec<&str> = v.series.iter().map(|s| s.label.as_str()).collect();
    assert_eq!(labels, ["penalty=l1", "penalty=l2"]);
    assert_eq!(v.series[1].x, [0.001, 0.01, 0.1, 1.0, 10.0, 100.0]);
    assert_eq!(v.series[1].test_mean[5], means[11]);

    let r = report(&iris, &config, result);
    assert_eq!(r.x_param.as_deref(), Some("C"));
    assert_eq!(r.y_param.as_deref(), Some("penalty"));
    let total: usize = r.confusion.as_ref().unwrap().matrix.iter().flatten().sum();
    assert_eq!(
        total, 150,
        "no test split: the confusion matrix is on all rows"
    );
}

#[test]
fn trajectories_show_descending_objectives_and_flag_divergence() {
    let iris = Dataset::iris();
    let mut config = SearchConfig::new(ParamGrid::parse(&["learning_rate=0.1,1,300"]).unwrap());
    config
        .fix("solver", ParamValue::Str("gd".into()))
        .fix("max_iter", ParamValue::Num(100.0));
    config.test_size = 0.2;
    let result = grid_search(&iris, &config, &mut |_| true).unwrap();
    let t = trajectories(&iris, &config, &result, &[0, 1, 2], Plane::Principal).unwrap();

    assert_eq!(t.loss.series.len(), 3);
    assert!(t.loss.title.contains("solver gd"), "{}", t.loss.title);
    assert_eq!(t.loss.series[0].label, "#0 lr=0.1");
    for s in &t.loss.series[..2] {
        assert!(
            s.objective.windows(2).all(|w| w[1] <= w[0] + 1e-12),
            "{}: {:?}",
            s.label,
            s.objective
        );
        assert_eq!(s.diverged_at, None);
    }
    assert!(
        t.loss.series[2].diverged_at.is_some(),
        "lr=300 should diverge"
    );
    assert!(t.trajectory.paths[2].diverged);
    assert!(!t.trajectory.paths[0].diverged);
    assert_eq!(t.trajectory.grid.len(), 41);
    assert!(t.trajectory.caption.contains("principal directions"));
    // Paths end near the optimum at the origin for the converging runs.
    let (x, y) = *t.trajectory.paths[1].points.last().unwrap();
    let (x0, y0) = t.trajectory.paths[1].points[0];
    assert!(x.hypot(y) < 0.5 * x0.hypot(y0));

    // A diverging path runs off the edge; it does not set the view of the others.
    let alone = trajectories(&iris, &config, &result, &[1], Plane::Principal).unwrap();
    let with_diverged = trajectories(&iris, &config, &result, &[1, 2], Plane::Principal).unwrap();
    assert_eq!(alone.trajectory.x_range, with_diverged.trajectory.x_range);

    // Failed candidates stay on the validation curve's axis, with no score.
    let v = validation(&result, "learning_rate", None).unwrap();
    assert_eq!(v.series[0].x, [0.1, 1.0, 300.0]);
    assert!(v.series[0].test_mean[2].is_nan() && v.series[0].test_mean[1].is_finite());
    // gd at lr = 0.1 is still far from the optimum after 100 steps: it used to be
    // "ok" (a teaching optimiser's normal end); now fit_status says so honestly.
    let status = serde_json::to_value(result.cv_results.get("fit_status").unwrap()).unwrap();
    assert!(
        status[0]
            .as_str()
            .unwrap()
            .contains("stopped at max_iter = 100 before converging (gradient"),
        "{status}"
    );
    assert!(status[2].as_str().unwrap().contains("diverged"), "{status}");

    let w = trajectories(&iris, &config, &result, &[1], Plane::Weights { i: 0, j: 5 }).unwrap();
    // Weight axes show the weights' values: the optimum sits at its own weights, and
    // the box holds it and the whole path, with a margin.
    let (ox, oy) = w.trajectory.optimum;
    let inside = |(x, y): (f64, f64)| {
        let (xr, yr) = (w.trajectory.x_range, w.trajectory.y_range);
        x > xr.0 && x < xr.1 && y > yr.0 && y < yr.1
    };
    assert!(inside((ox, oy)) && ox != 0.0 && oy != 0.0);
    assert!(w.trajectory.paths[0].points.iter().all(|&p| inside(p)));
    assert_eq!(
        w.trajectory.paths[0].points[0],
        (0.0, 0.0),
        "every fit starts from zero weights"
    );
    assert_eq!(
        (w.trajectory.x_label.as_str(), w.trajectory.y_label.as_str()),
        ("W[0, 0]", "W[1, 1]")
    );
    assert!(trajectories(&iris, &config, &result, &[], Plane::Principal).is_err());
    assert!(trajectories(&iris, &config, &result, &[7], Plane::Principal).is_err());
    assert!(
        trajectories(
            &iris,
            &config,
            &result,
            &[0],
            Plane::Weights { i: 0, j: 99 }
        )
        .is_err()
    );
}

#[test]
fn a_weight_on_a_smaller_scale_gets_its_own_axis_span_on_the_weights_plane() {
    use tunelab::data::generate::{Kind, Spec};
    // x2 is spread 30 times wider than x1, so (unstandardised) its weight is about 30
    // times smaller: on a square box its path and contours would be a flat line.
    let data = Dataset::generated(&Spec::new(Kind::Scales)).unwrap();
    let mut config = SearchConfig::new(ParamGrid::parse(&["solver=gd,adam"]).unwrap());
    config
        .fix("learning_rate", ParamValue::Num(0.02))
        .fix("max_iter", ParamValue::Num(200.0));
    config.standardize = false;
    let result = grid_search(&data, &config, &mut |_| true).unwrap();
    let w = trajectories(
        &data,
        &config,
        &result,
        &[0, 1],
        Plane::Weights { i: 0, j: 1 },
    )
    .unwrap()
    .trajectory;
    let span = |r: (f64, f64)| r.1 - r.0;
    let ratio = span(w.x_range) / span(w.y_range);
    assert!(ratio > 10.0 && ratio <= 50.0, "x span / y span = {ratio}");
    // The box is the paths' and the optimum's, not centred on the optimum: gd, far
    // from it, is on one side. The contour grid is the objective on that box, lowest
    // in the cell of the optimum.
    let (ox, oy) = w.optimum;
    assert!(
        w.x_range.1 - ox < 0.5 * (ox - w.x_range.0),
        "{:?} around {ox}",
        w.x_range
    );
    let n = w.grid.len();
    let cell = |v: f64, r: (f64, f64)| ((v - r.0) / (r.1 - r.0) * (n - 1) as f64).round() as usize;
    let (c, r) = (cell(ox, w.x_range), cell(oy, w.y_range));
    let lowest = w
        .grid
        .iter()
        .flatten()
        .copied()
        .fold(f64::INFINITY, f64::min);
    let near = (r.saturating_sub(1)..=(r + 1).min(n - 1))
        .flat_map(|i| (c.saturating_sub(1)..=(c + 1).min(n - 1)).map(move |j| (i, j)))
        .map(|(i, j)| w.grid[i][j])
        .fold(f64::INFINITY, f64::min);
    assert_eq!(near, lowest, "the grid's lowest value next to the optimum");
    // On principal directions lengths compare: the box stays square.
    let p = trajectories(&data, &config, &result, &[0, 1], Plane::Principal)
        .unwrap()
        .trajectory;
    assert!((span(p.x_range) - span(p.y_range)).abs() < 1e-12);
}

#[test]
fn summary_previews_rows_with_class_names() {
    let s = summary(&Dataset::iris(), 3);
    assert_eq!(s.class_counts, [50, 50, 50]);
    assert_eq!(s.header.last().map(String::as_str), Some("species"));
    assert_eq!(s.preview.len(), 3);
    assert_eq!(s.preview[0], ["5.1", "3.5", "1.4", "0.2", "setosa"]);
}

#[test]
fn regression_and_network_results_make_every_chart_but_the_confusion_matrix() {
    use tunelab::data::generate::{Kind, Spec};
    use tunelab::model::ModelKind;
    let cos = Dataset::generated(&Spec::new(Kind::Cos)).unwrap();
    let mut config = SearchConfig::new(ParamGrid::parse(&["alpha=0.001,1", "degree=1,5"]).unwrap());
    config.model = ModelKind::Ridge;
    let result = grid_search(&cos, &config, &mut |_| true).unwrap();
    assert!(result.regression && result.confusion_matrix.is_empty());
    let t = trajectories(&cos, &config, &result, &[0, 1], Plane::Principal).unwrap();
    // Degree 1 and degree 5 have 2 and 6 parameters: both on the loss chart, only the
    // first's path on its own surface.
    assert_eq!(t.loss.series.len(), 2);
    assert_eq!(t.trajectory.paths.len(), 1);
    assert!(t.trajectory.grid.iter().flatten().all(|v| v.is_finite()));
    let r = report(&cos, &config, result);
    assert!(r.confusion.is_none());
    assert!(r.heatmap.is_some() && r.validation.is_some());
    assert_eq!(r.x_param.as_deref(), Some("alpha"));

    let moons = Dataset::generated(&Spec::new(Kind::Moons)).unwrap();
    let mut config = SearchConfig::new(ParamGrid::parse(&["hidden_layer_sizes=3,8"]).unwrap());
    config.model = ModelKind::MlpClassifier;
    config
        .fix("max_iter", ParamValue::Num(150.0))
        .fix("learning_rate_init", ParamValue::Num(0.01));
    let result = grid_search(&moons, &config, &mut |_| true).unwrap();
    let t = trajectories(&moons, &config, &result, &[1], Plane::Principal).unwrap();
    let loss = &t.loss.series[0].objective;
    assert!(
        loss.last().unwrap() < loss.first().unwrap(),
        "training lowers the loss"
    );
    // The path ends where training ended, the centre of the view.
    let end = *t.trajectory.paths[0].points.last().unwrap();
    assert!(end.0.abs() < 1e-9 && end.1.abs() < 1e-9, "{end:?}");
    assert!(t.trajectory.caption.contains("where its training ended"));
}

#[test]
fn heatmap_and_validation_show_spread_chance_and_the_one_se_choice() {
    let iris = Dataset::iris();
    let config = SearchConfig::default();
    let result = grid_search(&iris, &config, &mut |_| true).unwrap();
    let stds = result.cv_results.floats("std_test_score").unwrap().to_vec();
    let h = heatmap(&result, "C", "penalty", &[]).unwrap();
    // Row = penalty, column = C; candidate 2·col + row.
    assert_eq!(h.stds[1][3], stds[7]);
    // Iris is balanced: the most frequent class has a third of the rows.
    assert!((h.chance.unwrap() - 1.0 / 3.0).abs() < 1e-12);
    assert!(h.colour_from_chance);
    assert_eq!(tunelab::report::chance_level(&result), h.chance);
    let tip = &h.tooltips[0][4];
    assert!(
        tip.starts_with("C=10, penalty=l1: mean 0.973 ± ")
            && tip.contains(", train ")
            && tip.contains(", folds "),
        "{tip}"
    );

    let v = validation(&result, "C", Some("penalty")).unwrap();
    assert_eq!(v.chance, h.chance);
    assert_eq!(v.chance_label, "chance (most frequent class)");
    assert!(v.inverse_axis);
    // The best mean (0.973 at C=10, l1, std 0.033) less one standard error
    // (0.033/√5 = 0.015) is 0.958: C=1 (0.960) on l1 is the strongest regularisation
    // within it.
    let one = v.one_se.as_ref().unwrap();
    assert_eq!((one.x, one.series), (1.0, 0));
    assert!(
        one.text
            .starts_with("1-SE rule: C = 1 (penalty=l1) scores 0.960"),
        "{}",
        one.text
    );
    // One sentence, its words one space apart (it held runs of 14 spaces).
    assert!(
        !one.text.contains("  ") && one.text.contains("within one standard error (0.015"),
        "{}",
        one.text
    );

    // alpha: the largest within one standard error; degree: the smallest.
    let cos = Dataset::generated(&tunelab::data::generate::Spec::new(
        tunelab::data::generate::Kind::Cos,
    ))
    .unwrap();
    let mut rc = SearchConfig::new(ParamGrid::parse(&["degree=1,2,3,4,5,8,12"]).unwrap());
    rc.model = tunelab::model::ModelKind::LinearRegression;
    rc.scoring = vec![tunelab::metrics::Scorer::R2];
    let r = grid_search(&cos, &rc, &mut |_| true).unwrap();
    let v = validation(&r, "degree", None).unwrap();
    let one = v.one_se.unwrap();
    let means = &v.series[0].test_mean;
    let best = means.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    assert!(
        one.score <= best && one.x <= v.series[0].x[means.iter().position(|&m| m == best).unwrap()]
    );
    assert_eq!(
        v.chance,
        Some(0.0),
        "r2's chance level: predicting the mean"
    );
    assert!(!v.inverse_axis);
}

#[test]
fn trajectories_frame_the_sane_paths_and_say_which_were_clipped() {
    let iris = Dataset::iris();
    let mut config = SearchConfig::new(
        ParamGrid::parse(&["solver=gd,momentum,adam", "learning_rate=0.1,30"]).unwrap(),
    );
    config.fix("max_iter", ParamValue::Num(200.0));
    let result = grid_search(&iris, &config, &mut |_| true).unwrap();
    // learning_rate-major, solver fastest: gd at lr 30 is candidate 3.
    let alone = trajectories(&iris, &config, &result, &[0, 1, 2], Plane::Principal).unwrap();
    let with = trajectories(&iris, &config, &result, &[0, 1, 2, 3], Plane::Principal).unwrap();
    assert!(with.trajectory.paths[3].oscillating);
    assert!(with.loss.series[3].oscillating);
    assert!(!with.trajectory.paths[0].oscillating);
    let width = |t: &tunelab::charts::TrajectoryData| t.x_range.1 - t.x_range.0;
    assert!(
        width(&with.trajectory) < 2.0 * width(&alone.trajectory),
        "the oscillating path does not stretch the view: {:?} vs {:?}",
        with.trajectory.x_range,
        alone.trajectory.x_range
    );
    assert!(
        with.trajectory
            .caption
            .contains("Clipped at the edge: #3 gd lr=30 (oscillating)."),
        "{}",
        with.trajectory.caption
    );
    assert!(!alone.trajectory.caption.contains("Clipped"));
}

#[test]
fn two_parameters_get_the_exact_surface() {
    // Petal length, versicolor against virginica: θ = (w[0], b).
    let iris = Dataset::iris();
    let rows: Vec<usize> = (50..150).collect();
    let x = iris
        .x
        .select(ndarray::Axis(0), &rows)
        .slice(ndarray::s![.., 2..3])
        .to_owned();
    let y: Vec<usize> = rows.iter().map(|&r| usize::from(r >= 100)).collect();
    let binary = Dataset::new(
        "petal length",
        x,
        tunelab::DataTarget::Classes {
            y,
            names: vec!["versicolor".into(), "virginica".into()],
        },
        vec!["petal length".into()],
        "species",
    )
    .unwrap();
    let mut config = SearchConfig::new(ParamGrid::parse(&["learning_rate=0.1,1"]).unwrap());
    config.fix("solver", ParamValue::Str("gd".into()));
    let result = grid_search(&binary, &config, &mut |_| true).unwrap();
    let t = trajectories(&binary, &config, &result, &[0, 1], Plane::Principal).unwrap();
    assert_eq!(
        (t.trajectory.x_label.as_str(), t.trajectory.y_label.as_str()),
        ("w[0]", "b")
    );
    assert!(
        t.trajectory.caption.contains("exact objective"),
        "{}",
        t.trajectory.caption
    );
    // No projection: a path's points are its parameters.
    assert_eq!(t.trajectory.paths[0].points[0], (0.0, 0.0));
    let exact = trajectories(&binary, &config, &result, &[0], Plane::Exact).unwrap();
    assert_eq!(exact.trajectory.x_label, "w[0]");
    assert!(
        trajectories(
            &iris,
            &SearchConfig::default(),
            &grid_search(&iris, &SearchConfig::default(), &mut |_| true).unwrap(),
            &[0],
            Plane::Exact
        )
        .is_err()
    );
}

#[test]
fn the_loss_chart_shows_the_held_out_loss_turning_up_when_a_network_overfits() {
    use tunelab::data::generate::{Kind, Spec};
    use tunelab::model::ModelKind;
    let mut spec = Spec::new(Kind::Moons);
    spec.n_samples = 60;
    spec.noise = 0.4;
    let moons = Dataset::generated(&spec).unwrap();
    let mut config = SearchConfig::new(ParamGrid::parse(&["hidden_layer_sizes=100"]).unwrap());
    config.model = ModelKind::MlpClassifier;
    config.test_size = 0.3;
    config
        .fix("max_iter", ParamValue::Num(2000.0))
        .fix("learning_rate_init", ParamValue::Num(0.01))
        .fix("n_iter_no_change", ParamValue::Num(2000.0));
    let result = grid_search(&moons, &config, &mut |_| true).unwrap();
    let t = trajectories(&moons, &config, &result, &[0], Plane::Principal).unwrap();
    let s = &t.loss.series[0];
    assert_eq!(s.held_out.len(), s.iterations.len());
    let (best_at, best) = s
        .held_out
        .iter()
        .enumerate()
        .fold(
            (0, f64::INFINITY),
            |acc, (i, &v)| if v < acc.1 { (i, v) } else { acc },
        );
    let last = *s.held_out.last().unwrap();
    // Training keeps lowering its loss; the held-out loss bottoms out well before the
    // end and rises after it: early stopping would have helped.
    assert!(s.objective.last().unwrap() < &s.objective[best_at], "{s:?}");
    assert!(
        best_at < s.held_out.len() - 1 && last > 1.2 * best,
        "best {best} at {best_at}, last {last}"
    );
    // Without a hold-out there is nothing to draw.
    config.test_size = 0.0;
    let result = grid_search(&moons, &config, &mut |_| true).unwrap();
    let t = trajectories(&moons, &config, &result, &[0], Plane::Principal).unwrap();
    assert!(t.loss.series[0].held_out.is_empty());
}

#[test]
fn a_network_on_many_rows_draws_its_contours_from_an_even_sample_and_says_so() {
    use tunelab::data::generate::{Kind, Spec};
    use tunelab::model::ModelKind;
    let search = |n: usize| {
        let mut spec = Spec::new(Kind::Moons);
        spec.n_samples = n;
        let moons = Dataset::generated(&spec).unwrap();
        let mut config = SearchConfig::new(ParamGrid::parse(&["hidden_layer_sizes=8"]).unwrap());
        config.model = ModelKind::MlpClassifier;
        // A test split: the training rows are a shuffled subset of the data set's.
        config.test_size = 0.2;
        config.fix("max_iter", ParamValue::Num(3.0));
        let result = grid_search(&moons, &config, &mut |_| true).unwrap();
        let drawn = trajectories(&moons, &config, &result, &[0], Plane::Principal).unwrap();
        // The search's refit is drawn with its contour rows transformed from the
        // sample alone; a fresh fit of the same candidate picks them from all its
        // transformed rows. Both must draw the same chart.
        let fresh = tunelab::report::PathCandidate {
            label: "#0".into(),
            params: result.cv_results.params()[0].clone(),
            fitted: None,
        };
        let refitted =
            trajectories_of(&moons, &config, &result, &[fresh], Plane::Principal).unwrap();
        assert_eq!(drawn.trajectory.grid, refitted.trajectory.grid);
        assert_eq!(
            drawn.trajectory.paths[0].points,
            refitted.trajectory.paths[0].points
        );
        drawn
    };
    let many = search(3000);
    assert!(
        many.trajectory.caption.contains(
            "Contours from 2,000 of the 2,400 training rows, evenly spaced; paths from all."
        ),
        "{}",
        many.trajectory.caption
    );
    // The contours are numbers all over the plane, and the path is drawn in full.
    assert!(many.trajectory.grid.iter().flatten().all(|v| v.is_finite()));
    assert_eq!(
        many.trajectory.paths[0].points.len(),
        many.loss.series[0].iterations.len()
    );
    let few = search(1500);
    assert!(
        !few.trajectory
            .caption
            .contains("training rows, evenly spaced"),
        "{}",
        few.trajectory.caption
    );
}
