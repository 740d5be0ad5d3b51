//! From search results to chart data: the playground's charts are built here.
#![allow(clippy::unwrap_used)]

use tunelab::Dataset;
use tunelab::model::ParamValue;
use tunelab::model::landscape::Plane;
use tunelab::report::{heatmap, heatmap_candidate, report, summary, trajectories, validation};
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
    // Weight axes show the weights' values: the optimum sits at its own weights.
    let (ox, oy) = w.trajectory.optimum;
    assert!((w.trajectory.x_range.0 + w.trajectory.x_range.1 - 2.0 * ox).abs() < 1e-9);
    assert!((w.trajectory.y_range.0 + w.trajectory.y_range.1 - 2.0 * oy).abs() < 1e-9);
    assert!(ox != 0.0 && oy != 0.0);
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
