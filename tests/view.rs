//! What a candidate does, as chart data: decision boundaries, learning curves and
//! regularisation paths built from finished searches, and their charts.
//!
//! `cargo test --test view -- --ignored render_view_pngs` writes the three charts,
//! built from real searches, at scale 1 and 2 to /tmp/charts/view_*.png.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::write_png;
use std::sync::Once;

use ndarray::Array2;
use plotters::prelude::*;
use tunelab::charts::{
    self, BoundaryData, BoundaryKind, ChartStyle, LearningData, RegPathData, draw_boundary,
    draw_learning, draw_regpath,
};
use tunelab::data::generate::{Kind, Spec};
use tunelab::model::{Estimator, ModelKind, ParamValue, Prediction};
use tunelab::select::{ParamGrid, SearchConfig, SearchResult, grid_search};
use tunelab::view::{
    self, BoundaryOptions, CandidateModel, LearningOptions, RegPathOptions, boundary, boundary_at,
    learning_curve, regularisation_path,
};
use tunelab::{Dataset, Error};

fn search(data: &Dataset, config: &SearchConfig) -> SearchResult {
    grid_search(data, config, &mut |_| true).unwrap()
}

fn classes(p: Prediction) -> Vec<usize> {
    match p {
        Prediction::Classes(c) => c,
        Prediction::Values(_) => panic!("expected classes"),
    }
}

fn values(p: Prediction) -> Vec<f64> {
    match p {
        Prediction::Values(v) => v,
        Prediction::Classes(_) => panic!("expected values"),
    }
}

fn moons() -> Dataset {
    Dataset::generated(&Spec::new(Kind::Moons)).unwrap()
}

/// Iris with a 20 % hold-out, the seed grid.
fn iris_held_out() -> (Dataset, SearchConfig, SearchResult) {
    let iris = Dataset::iris();
    let config = SearchConfig {
        test_size: 0.2,
        ..Default::default()
    };
    let result = search(&iris, &config);
    (iris, config, result)
}

/// Checks a class grid against the model's own predictions at the grid nodes, with
/// the other features at their training mean.
fn assert_grid_is_predict(
    data: &Dataset,
    result: &SearchResult,
    fitted: &tunelab::FittedPipeline,
    chart: &BoundaryData,
    (fi, fj): (usize, usize),
) {
    let BoundaryKind::Classes {
        x_range,
        y_range,
        grid_class,
        grid_proba,
        ..
    } = &chart.kind
    else {
        panic!("a classifier draws regions")
    };
    let n = grid_class.len();
    let train = data.select(&result.train_indices).unwrap();
    let means = train.x.mean_axis(ndarray::Axis(0)).unwrap();
    let mut nodes = Array2::zeros((n * n, data.n_features()));
    for i in 0..n {
        for j in 0..n {
            let mut row = nodes.row_mut(i * n + j);
            row.assign(&means);
            row[fi] = x_range.0 + (x_range.1 - x_range.0) * j as f64 / (n - 1) as f64;
            row[fj] = y_range.0 + (y_range.1 - y_range.0) * i as f64 / (n - 1) as f64;
        }
    }
    let pred = classes(fitted.predict(nodes.view()).unwrap());
    let proba = fitted.predict_proba(nodes.view()).unwrap();
    for i in 0..n {
        for j in 0..n {
            let k = i * n + j;
            assert_eq!(grid_class[i][j], pred[k], "node ({i}, {j})");
            let p = grid_proba[i][j];
            assert!((p - proba[[k, pred[k]]]).abs() < 1e-12);
            let row_max = proba.row(k).iter().copied().fold(0.0, f64::max);
            assert!((p - row_max).abs() < 1e-12, "shade = the predicted class's");
        }
    }
}

#[test]
fn boundary_grid_is_the_models_prediction_and_points_are_split_and_flagged() {
    let (iris, _, result) = iris_held_out();
    let best = CandidateModel::best(&result);
    let options = BoundaryOptions {
        features: (2, 3),
        resolution: 25,
        ..Default::default()
    };
    let chart = boundary(&iris, &result, &best, &options).unwrap();
    assert_eq!(chart.x_label, "petal_length");
    assert_eq!(chart.y_label, "petal_width");
    assert!(chart.title.contains(&best.label), "{}", chart.title);
    assert!(
        chart
            .caption
            .contains("The other 2 features are held at the training mean"),
        "{}",
        chart.caption
    );
    assert_grid_is_predict(&iris, &result, &best.fitted, &chart, (2, 3));
    let BoundaryKind::Classes {
        x_range,
        grid_class,
        class_names,
        ..
    } = &chart.kind
    else {
        panic!()
    };
    assert_eq!(grid_class.len(), 25);
    assert_eq!(class_names, &["setosa", "versicolor", "virginica"]);
    // The range is the feature's over all rows, padded by 5 % of its span.
    let (lo, hi) = (1.0, 6.9);
    assert!((x_range.0 - (lo - 0.05 * (hi - lo))).abs() < 1e-12);
    assert!((x_range.1 - (hi + 0.05 * (hi - lo))).abs() < 1e-12);
    // Every class is predicted somewhere on the plane.
    for c in 0..3 {
        assert!(grid_class.iter().flatten().any(|&k| k == c), "class {c}");
    }

    // Train and test points are the search's rows, flagged by predict != y.
    assert_eq!(chart.train.len(), result.n_train);
    assert_eq!(chart.test.len(), result.n_test);
    let pred = classes(best.fitted.predict(iris.x.view()).unwrap());
    let y = iris.classes().unwrap();
    let test_rows: Vec<usize> = (0..150)
        .filter(|i| !result.train_indices.contains(i))
        .collect();
    for (points, rows) in [
        (&chart.train, &result.train_indices),
        (&chart.test, &test_rows),
    ] {
        for (p, &i) in points.iter().zip(rows) {
            assert_eq!((p.x, p.y), (iris.x[[i, 2]], iris.x[[i, 3]]));
            assert_eq!(p.class, Some(y[i]));
            assert_eq!(p.misclassified, pred[i] != y[i], "row {i}");
        }
    }
    let wrong = chart
        .train
        .iter()
        .chain(&chart.test)
        .filter(|p| p.misclassified)
        .count();
    assert_eq!(wrong, (0..150).filter(|&i| pred[i] != y[i]).count());
    assert!(wrong > 0, "Iris has a few rows no linear model gets right");
}

#[test]
fn boundary_of_large_data_shows_an_even_sample_of_its_rows() {
    // 9,000 moons with a 20 % hold-out: more rows than the chart draws.
    let data = Dataset::generated(&Spec {
        n_samples: 9_000,
        ..Spec::new(Kind::Moons)
    })
    .unwrap();
    let mut config = SearchConfig::new(ParamGrid::parse(&["C=1"]).unwrap());
    config.test_size = 0.2;
    let result = search(&data, &config);
    let best = CandidateModel::best(&result);
    let chart = boundary(&data, &result, &best, &BoundaryOptions::default()).unwrap();
    let (train, test) = (chart.train.len(), chart.test.len());
    assert!(
        train + test <= view::MAX_POINTS + 1,
        "{train} + {test} dots"
    );
    assert!(
        train + test >= view::MAX_POINTS - 1,
        "{train} + {test} dots"
    );
    // Train and test in the proportion of the split (7,200 : 1,800).
    assert_eq!(train, 2_400);
    assert_eq!(test, 600);
    assert!(
        chart
            .caption
            .contains("an even sample of 3,000 of the 9,000 rows"),
        "{}",
        chart.caption
    );
    // Each dot is its row, flagged by the model's own prediction for that row.
    let pred = classes(best.fitted.predict(data.x.view()).unwrap());
    let y = data.classes().unwrap();
    let n_train = result.train_indices.len();
    for (k, p) in chart.train.iter().enumerate() {
        let i = result.train_indices[k * n_train / train];
        assert_eq!((p.x, p.y), (data.x[[i, 0]], data.x[[i, 1]]));
        assert_eq!(p.misclassified, pred[i] != y[i], "row {i}");
    }
    assert_eq!(chart.sampled_from, Some((7_200, 1_800)));
    // A small set keeps every row and says nothing of a sample.
    let (iris, _, result) = iris_held_out();
    let chart = boundary(
        &iris,
        &result,
        &CandidateModel::best(&result),
        &BoundaryOptions::default(),
    )
    .unwrap();
    assert_eq!(chart.train.len() + chart.test.len(), 150);
    assert!(!chart.caption.contains("sample"), "{}", chart.caption);
    assert_eq!(chart.sampled_from, None);
}

#[test]
fn boundary_of_a_refitted_candidate_and_bad_options() {
    let data = moons();
    let mut config = SearchConfig::new(ParamGrid::parse(&["C=0.01,1"]).unwrap());
    config.test_size = 0.25;
    let result = search(&data, &config);
    // Candidate 0 is C=0.01: refitted on the training rows.
    let model = CandidateModel::fit(&data, &config, &result, 0).unwrap();
    assert_eq!(model.label, "C=0.01");
    let chart = boundary(&data, &result, &model, &BoundaryOptions::default()).unwrap();
    assert_grid_is_predict(&data, &result, &model.fitted, &chart, (0, 1));
    assert!(
        !chart.caption.contains("training mean"),
        "two features only"
    );
    assert_eq!(chart.test.len(), 50);

    for (features, resolution) in [((0, 0), 60), ((0, 2), 60), ((0, 1), 1), ((0, 1), 401)] {
        let options = BoundaryOptions {
            features,
            resolution,
            ..Default::default()
        };
        assert!(matches!(
            boundary(&data, &result, &model, &options),
            Err(Error::InvalidParam { .. })
        ));
    }
    // A search on other data is refused.
    let other = Dataset::iris();
    assert!(boundary(&other, &result, &model, &BoundaryOptions::default()).is_err());
    assert!(CandidateModel::fit(&data, &config, &result, 9).is_err());
}

#[test]
fn boundary_moves_through_the_training_history() {
    let (iris, _, result) = iris_held_out();
    let best = CandidateModel::best(&result);
    let options = BoundaryOptions {
        features: (2, 3),
        resolution: 20,
        ..Default::default()
    };
    let snapshots = &best.fitted.history().snapshots;
    assert!(snapshots.len() >= 2);
    // The first snapshot is θ = 0: every class equally likely everywhere.
    let first = boundary_at(&iris, &result, &best, &options, 0).unwrap();
    assert!(first.title.contains("iteration 0 of"), "{}", first.title);
    let BoundaryKind::Classes { grid_proba, .. } = &first.kind else {
        panic!()
    };
    assert!(
        grid_proba
            .iter()
            .flatten()
            .all(|p| (p - 1.0 / 3.0).abs() < 1e-12)
    );
    // The last snapshot is the fitted model.
    let last = boundary_at(&iris, &result, &best, &options, snapshots.len() - 1).unwrap();
    let fin = boundary(&iris, &result, &best, &options).unwrap();
    assert_eq!(last.kind, fin.kind);
    assert_eq!(last.train, fin.train);
    assert!(matches!(
        boundary_at(&iris, &result, &best, &options, snapshots.len()),
        Err(Error::InvalidParam { .. })
    ));

    // A network: its snapshots rebuild the weights, the last one the trained net.
    let data = moons();
    let mut config = SearchConfig::new(ParamGrid::parse(&["hidden_layer_sizes=8"]).unwrap());
    config.model = ModelKind::MlpClassifier;
    config.fix("max_iter", ParamValue::Num(300.0));
    let result = search(&data, &config);
    let net = CandidateModel::best(&result);
    let n = net.fitted.history().snapshots.len();
    let last = view::snapshot_model(&net.fitted, n - 1).unwrap();
    assert_eq!(
        last.model,
        net.fitted.model.clone(),
        "θ of the end of training"
    );
    let early = boundary_at(&data, &result, &net, &BoundaryOptions::default(), 1).unwrap();
    let fin = boundary(&data, &result, &net, &BoundaryOptions::default()).unwrap();
    assert_ne!(early.kind, fin.kind, "the boundary moves during training");
}

#[test]
fn regression_curve_is_the_models_prediction() {
    let data = Dataset::generated(&Spec::new(Kind::Cos)).unwrap();
    let mut config = SearchConfig::new(ParamGrid::parse(&["degree=1,4"]).unwrap());
    config.model = ModelKind::LinearRegression;
    config.cv.stratified = false;
    config.test_size = 0.2;
    let result = search(&data, &config);
    let best = CandidateModel::best(&result);
    let chart = boundary(&data, &result, &best, &BoundaryOptions::default()).unwrap();
    let BoundaryKind::Curve { xs, ys } = &chart.kind else {
        panic!("a regressor draws a curve")
    };
    assert_eq!(xs.len(), 200);
    assert!(xs.windows(2).all(|w| w[1] > w[0]));
    let grid = Array2::from_shape_vec((xs.len(), 1), xs.clone()).unwrap();
    let pred = values(best.fitted.predict(grid.view()).unwrap());
    assert_eq!(ys, &pred);
    assert_eq!(chart.y_label, data.label_name);
    assert_eq!(chart.train.len() + chart.test.len(), data.n_samples());
    let y = data.values().unwrap();
    for (p, &i) in chart.train.iter().zip(&result.train_indices) {
        assert_eq!(
            (p.x, p.y, p.class, p.misclassified),
            (data.x[[i, 0]], y[i], None, false)
        );
    }
}

#[test]
fn learning_curve_matches_the_search_at_full_size() {
    let iris = Dataset::iris();
    let config = SearchConfig::default();
    let result = search(&iris, &config);
    let means = result.cv_results.floats("mean_test_score").unwrap();
    let mut calls = 0;
    let curve = learning_curve(
        &iris,
        &config,
        &result,
        result.best_index,
        &LearningOptions::default(),
        &mut |p| {
            calls += 1;
            assert!(p.done <= p.total && p.total == 25);
            true
        },
    )
    .unwrap();
    assert_eq!(calls, 25);
    // scikit-learn's sizes: linspace(0.1, 1, 5) of the 120 training rows.
    assert_eq!(curve.sizes, [12.0, 39.0, 66.0, 93.0, 120.0]);
    let last = curve.test_mean[4];
    assert!(
        (last - means[result.best_index]).abs() < 1e-12,
        "{last} vs {}",
        means[result.best_index]
    );
    let stds = result.cv_results.floats("std_test_score").unwrap();
    assert!((curve.test_std[4] - stds[result.best_index]).abs() < 1e-12);
    // Iris is in class order: the first 12 and 39 rows of a fold are all setosa.
    assert!(curve.test_mean[0].is_nan() && curve.test_mean[1].is_nan());
    assert!(curve.notes[0].contains("one class"), "{:?}", curve.notes);
    // 66 rows hold two classes: the third is never predicted, CV ≤ 2/3.
    assert!(curve.test_mean[2] <= 2.0 / 3.0 + 1e-12);

    // Shuffled subsets: every size scores; training gets harder, CV better.
    let options = LearningOptions {
        shuffle: true,
        ..Default::default()
    };
    let best = result.best_index;
    let curve = learning_curve(&iris, &config, &result, best, &options, &mut |_| true).unwrap();
    assert!(curve.train_mean.iter().all(|v| v.is_finite()));
    assert!(
        curve.train_mean.windows(2).all(|w| w[1] <= w[0] + 0.02),
        "train {:?}",
        curve.train_mean
    );
    assert!(curve.test_mean[4] > curve.test_mean[0]);
    assert!((curve.test_mean[4] - means[best]).abs() < 1e-12);
    assert!(curve.caption.starts_with("How to read"));
    // A strongly regularised candidate (C=0.01) underfits: with fewer rows its
    // penalty weighs more, so even its training score rises with size.
    let curve = learning_curve(&iris, &config, &result, 3, &options, &mut |_| true).unwrap();
    assert!(curve.train_mean[4] > curve.train_mean[0]);
    assert!((curve.test_mean[4] - means[3]).abs() < 1e-12);

    // Sizes as row counts; bad sizes; cancelling.
    let options = LearningOptions {
        train_sizes: vec![60.0, 120.0, 60.0],
        ..Default::default()
    };
    let curve = learning_curve(&iris, &config, &result, 3, &options, &mut |_| true).unwrap();
    assert_eq!(curve.sizes, [60.0, 120.0]);
    for bad in [0.0, -1.0, 121.0, 2.5, f64::NAN] {
        let options = LearningOptions {
            train_sizes: vec![bad],
            ..Default::default()
        };
        assert!(matches!(
            learning_curve(&iris, &config, &result, 3, &options, &mut |_| true),
            Err(Error::InvalidParam { .. })
        ));
    }
    assert!(matches!(
        learning_curve(
            &iris,
            &config,
            &result,
            3,
            &LearningOptions::default(),
            &mut |p| p.done < 3
        ),
        Err(Error::Cancelled { done: 3, .. })
    ));
}

#[test]
fn learning_curve_says_a_refused_log_loss_once() {
    // Iris refit on neg_log_loss, unstratified folds: every test fold misses a class,
    // so scikit-learn's scorer refuses every CV score — a note per reason, not per
    // size and fold (twenty-five).
    // (The search itself is scored on accuracy: a search whose every candidate has
    // no refit score is refused.)
    let iris = Dataset::iris();
    let mut config = SearchConfig::new(ParamGrid::parse(&["C=1"]).unwrap());
    config.cv.stratified = false;
    let result = search(&iris, &config);
    config.scoring = vec![tunelab::metrics::Scorer::NegLogLoss];
    let options = LearningOptions {
        shuffle: true,
        ..Default::default()
    };
    let curve = learning_curve(&iris, &config, &result, 0, &options, &mut |_| true).unwrap();
    assert!(
        curve.test_mean.iter().all(|v| v.is_nan()),
        "{:?}",
        curve.test_mean
    );
    let refused: Vec<&String> = curve
        .notes
        .iter()
        .filter(|n| n.contains("log_loss refuses"))
        .collect();
    // Two reasons (folds holding 1 and 2 of the 3 classes), each said once.
    assert_eq!(refused.len(), 2, "{:?}", curve.notes);
    assert!(
        refused.iter().all(|n| n.contains(" more: CV score: ")),
        "{refused:?}"
    );
}

#[test]
fn learning_curve_for_a_regressor_with_uneven_folds() {
    let diabetes = Dataset::builtin("diabetes").unwrap();
    let mut config = SearchConfig::new(ParamGrid::parse(&["alpha=1"]).unwrap());
    config.model = ModelKind::Ridge;
    let result = search(&diabetes, &config);
    let curve = learning_curve(
        &diabetes,
        &config,
        &result,
        0,
        &LearningOptions::default(),
        &mut |_| true,
    )
    .unwrap();
    // 442 rows in 5 folds: fold 0 trains on 353, folds 2-4 on 354.
    assert_eq!(curve.sizes.last(), Some(&353.0));
    assert!(
        curve.notes.iter().any(|n| n.contains("2, 3, 4")),
        "{:?}",
        curve.notes
    );
    assert!(curve.test_mean.iter().all(|v| v.is_finite()));
    assert!(
        curve.test_mean[4] > curve.test_mean[0],
        "{:?}",
        curve.test_mean
    );
    assert_eq!(curve.y_label, "r2");
}

#[test]
fn lasso_path_goes_to_zero_and_grows_as_alpha_shrinks() {
    let diabetes = Dataset::builtin("diabetes").unwrap();
    let mut config = SearchConfig::new(ParamGrid::default_for(ModelKind::Lasso));
    config.model = ModelKind::Lasso;
    let result = search(&diabetes, &config);
    let selected = match &result.best_params["alpha"] {
        ParamValue::Num(v) => *v,
        other => panic!("{other}"),
    };
    let mut calls = 0;
    let path = regularisation_path(
        &diabetes,
        &config,
        &result,
        result.best_index,
        &RegPathOptions::default(),
        &mut |_| {
            calls += 1;
            true
        },
    )
    .unwrap();
    assert_eq!(calls, path.values.len());
    assert_eq!(path.param_name, "alpha");
    assert!(!path.larger_is_weaker);
    assert_eq!(path.selected, Some(selected));
    assert_eq!(path.series.len(), 10);
    assert_eq!(path.series[2].name, "bmi");
    // Every grid value is on the path, and the path reaches alpha_max.
    for a in [0.0001, 0.001, 0.01, 0.1, 1.0] {
        assert!(path.values.contains(&a), "{a}");
    }
    assert!(path.values.windows(2).all(|w| w[1] > w[0]));
    let nonzero = |k: usize| path.series.iter().filter(|s| s.coef[k] != 0.0).count();
    let last = path.values.len() - 1;
    assert_eq!(
        nonzero(last),
        0,
        "every coefficient is 0 at the largest alpha"
    );
    assert!(nonzero(0) >= 9, "almost no penalty: {}", nonzero(0));
    let counts: Vec<usize> = (0..=last).map(nonzero).collect();
    // More non-zeros as alpha shrinks (allowing a feature to leave now and then).
    assert!(counts.windows(2).all(|w| w[1] <= w[0] + 1), "{counts:?}");
    assert!(
        counts.iter().any(|&c| c > 0 && c < counts[0] - 2),
        "a sparse model on the way: {counts:?}"
    );
    assert!(path.caption.contains("exactly 0"), "{}", path.caption);
}

#[test]
fn logistic_path_shows_one_class_row_and_refuses_least_squares() {
    let (iris, config, result) = iris_held_out();
    let options = RegPathOptions {
        class_index: 2,
        ..Default::default()
    };
    let path = regularisation_path(&iris, &config, &result, 1, &options, &mut |_| true).unwrap();
    assert_eq!(path.param_name, "C");
    assert!(path.larger_is_weaker);
    assert!(path.title.contains("virginica"), "{}", path.title);
    assert_eq!(path.series.len(), 4);
    for c in [0.001, 0.01, 0.1, 1.0, 10.0, 100.0] {
        assert!(path.values.contains(&c));
    }
    // l2 (candidate 1): weights grow with C.
    let size = |k: usize| path.series.iter().map(|s| s.coef[k].abs()).sum::<f64>();
    assert!(size(path.values.len() - 1) > 10.0 * size(0));
    let bad = RegPathOptions {
        class_index: 3,
        ..Default::default()
    };
    assert!(regularisation_path(&iris, &config, &result, 1, &bad, &mut |_| true).is_err());
    // Two classes: one score, whose weights push a row towards one class or the other;
    // a class named by a number is "class 1", not "1".
    let noisy = Dataset::generated(&Spec::new(Kind::NoisyFeatures)).unwrap();
    let config = SearchConfig::new(ParamGrid::parse(&["C=0.01,1"]).unwrap());
    let result = search(&noisy, &config);
    let path = regularisation_path(
        &noisy,
        &config,
        &result,
        0,
        &RegPathOptions::default(),
        &mut |_| true,
    )
    .unwrap();
    assert!(path.title.ends_with(" — class 1"), "{}", path.title);
    assert!(
        path.caption.starts_with(
            "Lines: the weights of the score for class 1: a positive weight pushes a row \
             towards class 1, a negative one towards class 0."
        ),
        "{}",
        path.caption
    );
    // Polynomial columns are named as scikit-learn names them.
    let data = Dataset::generated(&Spec::new(Kind::Cos)).unwrap();
    let mut config = SearchConfig::new(ParamGrid::parse(&["alpha=0.01,1"]).unwrap());
    config.model = ModelKind::Ridge;
    config.fix("degree", ParamValue::Num(3.0));
    let result = search(&data, &config);
    let path = regularisation_path(
        &data,
        &config,
        &result,
        0,
        &RegPathOptions::default(),
        &mut |_| true,
    )
    .unwrap();
    let names: Vec<&str> = path.series.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["x", "x^2", "x^3"]);
    // Least squares has nothing to vary.
    config.model = ModelKind::LinearRegression;
    config.grid = ParamGrid::parse(&["degree=1,2"]).unwrap();
    config.base.clear();
    let result = search(&data, &config);
    assert!(matches!(
        regularisation_path(
            &data,
            &config,
            &result,
            0,
            &RegPathOptions::default(),
            &mut |_| true
        ),
        Err(Error::InvalidParam { .. })
    ));
}

// ---------------------------------------------------------------- drawing

const FONT_DIR: &str = "/usr/share/fonts/truetype/dejavu";
static FONTS: Once = Once::new();

fn fonts() {
    FONTS.call_once(|| {
        let regular = charts::register_font_file(format!("{FONT_DIR}/DejaVuSans.ttf"), false);
        let bold = charts::register_font_file(format!("{FONT_DIR}/DejaVuSans-Bold.ttf"), true);
        assert!(regular.is_ok() && bold.is_ok(), "needs fonts-dejavu-core");
    });
}

fn svg<F, R>(w: u32, h: u32, f: F) -> String
where
    F: FnOnce(&DrawingArea<SVGBackend<'_>, plotters::coord::Shift>) -> tunelab::Result<R>,
{
    fonts();
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (w, h)).into_drawing_area();
        f(&root).unwrap();
        root.present().unwrap();
    }
    out
}

fn bitmap<F, R>(w: u32, h: u32, f: F) -> Vec<u8>
where
    F: FnOnce(&DrawingArea<BitMapBackend<'_>, plotters::coord::Shift>) -> tunelab::Result<R>,
{
    fonts();
    let mut buf = vec![0u8; (w * h * 3) as usize];
    {
        let root = BitMapBackend::with_buffer(&mut buf, (w, h)).into_drawing_area();
        f(&root).unwrap();
        root.present().unwrap();
    }
    buf
}

/// All text of the SVG, joined by spaces.
fn all_text(svg: &str) -> String {
    svg.split(">\n")
        .skip(1)
        .filter_map(|rest| rest.split_once("\n</text").map(|(text, _)| text))
        .collect::<Vec<_>>()
        .join(" ")
}

struct Charts {
    boundary: BoundaryData,
    curve: BoundaryData,
    learning: LearningData,
    regpath: RegPathData,
    logistic_path: RegPathData,
}

fn real_charts() -> Charts {
    let (iris, config, result) = iris_held_out();
    let best = CandidateModel::best(&result);
    let options = BoundaryOptions {
        features: (2, 3),
        ..Default::default()
    };
    let boundary = boundary(&iris, &result, &best, &options).unwrap();
    let learning = learning_curve(
        &iris,
        &config,
        &result,
        result.best_index,
        &LearningOptions::default(),
        &mut |_| true,
    )
    .unwrap();
    let logistic_path = regularisation_path(
        &iris,
        &config,
        &result,
        result.best_index,
        &RegPathOptions::default(),
        &mut |_| true,
    )
    .unwrap();
    let cos = Dataset::generated(&Spec::new(Kind::Cos)).unwrap();
    let mut cos_config = SearchConfig::new(ParamGrid::parse(&["degree=1,4,15"]).unwrap());
    cos_config.model = ModelKind::LinearRegression;
    cos_config.test_size = 0.2;
    let cos_result = search(&cos, &cos_config);
    let model = CandidateModel::fit(&cos, &cos_config, &cos_result, 2).unwrap();
    let curve = view::boundary(&cos, &cos_result, &model, &BoundaryOptions::default()).unwrap();
    let diabetes = Dataset::builtin("diabetes").unwrap();
    let mut lasso = SearchConfig::new(ParamGrid::default_for(ModelKind::Lasso));
    lasso.model = ModelKind::Lasso;
    let lasso_result = search(&diabetes, &lasso);
    let regpath = regularisation_path(
        &diabetes,
        &lasso,
        &lasso_result,
        lasso_result.best_index,
        &RegPathOptions::default(),
        &mut |_| true,
    )
    .unwrap();
    Charts {
        boundary,
        curve,
        learning,
        regpath,
        logistic_path,
    }
}

#[test]
fn svgs_have_titles_legends_and_captions() {
    let c = real_charts();
    let style = ChartStyle::default();
    let text = all_text(&svg(760, 520, |a| draw_boundary(a, &c.boundary, &style)));
    for want in [
        "Decision regions",
        "setosa",
        "virginica",
        "petal_length",
        "petal_width",
        "training row (120)",
        "test row (30)",
        "misclassified",
        "paler",
    ] {
        assert!(text.contains(want), "{want:?} in {text}");
    }
    let text = all_text(&svg(760, 460, |a| draw_boundary(a, &c.curve, &style)));
    for want in ["Fitted curve", "prediction", "training row", "test row"] {
        assert!(text.contains(want), "{want:?} in {text}");
    }
    assert!(!text.contains("misclassified"));
    let text = all_text(&svg(760, 460, |a| draw_learning(a, &c.learning, &style)));
    for want in [
        "Learning curve",
        "CV",
        "train",
        "training rows",
        "How to read",
        "accuracy",
    ] {
        assert!(text.contains(want), "{want:?} in {text}");
    }
    let text = all_text(&svg(760, 460, |a| draw_regpath(a, &c.regpath, &style)));
    for want in [
        "Regularisation path",
        "bmi",
        "age",
        "selected alpha",
        "log scale",
        "How to read",
    ] {
        assert!(text.contains(want), "{want:?} in {text}");
    }
    // All ten of diabetes' coefficients are in the legend; more than ten are not.
    assert!(!text.contains("more (smaller)"), "{text}");
    let mut wide = c.regpath.clone();
    for k in 0..3 {
        let mut extra = wide.series[k].clone();
        extra.name = format!("extra{k}");
        wide.series.push(extra);
    }
    let text = all_text(&svg(760, 460, |a| draw_regpath(a, &wide, &style)));
    assert!(text.contains("+3 more (smaller) coefficients"), "{text}");
}

#[test]
fn captions_go_with_the_notes() {
    let c = real_charts();
    let inside = ChartStyle::default();
    let outside = inside.with_notes_outside(true);
    let mut notes = Vec::new();
    let drawn_in = all_text(&svg(760, 520, |a| {
        notes = draw_learning(a, &c.learning, &inside)?;
        Ok(())
    }));
    let drawn_out = all_text(&svg(760, 520, |a| draw_learning(a, &c.learning, &outside)));
    assert!(notes[0].starts_with("How to read"), "{notes:?}");
    assert!(drawn_in.contains("How to read") && !drawn_out.contains("How to read"));
    assert!(drawn_out.contains("Learning curve") && drawn_out.contains("training rows"));
    for (what, data) in [("boundary", &c.boundary), ("curve", &c.curve)] {
        let mut notes = Vec::new();
        let drawn_out = all_text(&svg(760, 520, |a| {
            notes = draw_boundary(a, data, &outside)?;
            Ok(())
        }));
        let caption = notes.iter().any(|n| n.contains("How to read"));
        assert!(caption, "{what}: {notes:?}");
        assert!(!drawn_out.contains("How to read"), "{what}: {drawn_out}");
    }
    let mut notes = Vec::new();
    let drawn_out = all_text(&svg(760, 520, |a| {
        notes = draw_regpath(a, &c.regpath, &outside)?;
        Ok(())
    }));
    assert!(notes.iter().any(|n| n.contains("How to read")), "{notes:?}");
    assert!(
        notes
            .iter()
            .any(|n| n.starts_with("On the black zero line"))
    );
    assert!(!drawn_out.contains("How to read") && !drawn_out.contains("black zero line"));
    assert!(drawn_out.contains("bmi"), "{drawn_out}");
}

#[test]
fn charts_survive_odd_data_and_json() {
    let c = real_charts();
    let style = ChartStyle::default();
    // NaN everywhere, empty series, tiny areas: no panic, no error.
    let mut b = c.boundary.clone();
    if let BoundaryKind::Classes {
        grid_proba,
        x_range,
        ..
    } = &mut b.kind
    {
        grid_proba[0][0] = f64::NAN;
        *x_range = (f64::NAN, 1.0);
    }
    b.train[0].x = f64::NAN;
    let empty = BoundaryData {
        train: vec![],
        test: vec![],
        kind: BoundaryKind::Curve {
            xs: vec![],
            ys: vec![],
        },
        ..c.curve.clone()
    };
    let mut l = c.learning.clone();
    l.test_mean = vec![f64::NAN; 5];
    l.train_mean = vec![f64::NAN; 5];
    let mut r = c.regpath.clone();
    r.values[0] = -1.0;
    r.selected = Some(f64::INFINITY);
    let no_series = RegPathData {
        series: vec![],
        values: vec![],
        ..c.regpath.clone()
    };
    for (w, h) in [(760, 460), (300, 200), (100, 50), (0, 0)] {
        svg(w.max(1), h.max(1), |a| draw_boundary(a, &b, &style));
        svg(w.max(1), h.max(1), |a| draw_boundary(a, &empty, &style));
        svg(w.max(1), h.max(1), |a| draw_learning(a, &l, &style));
        svg(w.max(1), h.max(1), |a| draw_regpath(a, &r, &style));
        svg(w.max(1), h.max(1), |a| draw_regpath(a, &no_series, &style));
    }
    // NaN survives JSON as null.
    let json = serde_json::to_string(&l).unwrap();
    let back: LearningData = serde_json::from_str(&json).unwrap();
    assert!(back.test_mean.iter().all(|v| v.is_nan()));
    let back: BoundaryData = serde_json::from_str(&serde_json::to_string(&b).unwrap()).unwrap();
    assert!(back.train[0].x.is_nan());
    assert_eq!(back.test, b.test);
    let back: RegPathData =
        serde_json::from_str(&serde_json::to_string(&c.regpath).unwrap()).unwrap();
    assert_eq!(back, c.regpath);
}

#[test]
#[ignore = "writes PNGs to /tmp/charts for a person to look at"]
fn render_view_pngs() {
    std::fs::create_dir_all("/tmp/charts").unwrap();
    let c = real_charts();
    // The boundary half-way through training, and a network's on moons.
    let (iris, _, result) = iris_held_out();
    let best = CandidateModel::best(&result);
    let options = BoundaryOptions {
        features: (2, 3),
        ..Default::default()
    };
    let early = boundary_at(&iris, &result, &best, &options, 2).unwrap();
    let data = moons();
    let mut config = SearchConfig::new(ParamGrid::parse(&["hidden_layer_sizes=10"]).unwrap());
    config.model = ModelKind::MlpClassifier;
    config.fix("max_iter", ParamValue::Num(2000.0));
    config.test_size = 0.25;
    let result = search(&data, &config);
    let net = CandidateModel::best(&result);
    let moons_chart = boundary(&data, &result, &net, &BoundaryOptions::default()).unwrap();
    let wine = Dataset::builtin("wine").unwrap();
    let config = SearchConfig {
        test_size: 0.2,
        ..Default::default()
    };
    let result = search(&wine, &config);
    let wine_path = regularisation_path(
        &wine,
        &config,
        &result,
        result.best_index,
        &RegPathOptions::default(),
        &mut |_| true,
    )
    .unwrap();
    for (scale, suffix) in [(1.0, ""), (2.0, "@2x")] {
        let st = ChartStyle::new(scale);
        let px = |n: u32| (f64::from(n) * scale) as u32;
        let save = |name: &str, w: u32, h: u32, buf: Vec<u8>| {
            write_png(&format!("/tmp/charts/view_{name}{suffix}.png"), w, h, &buf).unwrap();
        };
        let (w, h) = (px(760), px(520));
        save(
            "boundary",
            w,
            h,
            bitmap(w, h, |a| draw_boundary(a, &c.boundary, &st)),
        );
        save(
            "boundary_early",
            w,
            h,
            bitmap(w, h, |a| draw_boundary(a, &early, &st)),
        );
        save(
            "boundary_moons",
            w,
            h,
            bitmap(w, h, |a| draw_boundary(a, &moons_chart, &st)),
        );
        save(
            "curve",
            w,
            h,
            bitmap(w, h, |a| draw_boundary(a, &c.curve, &st)),
        );
        save(
            "learning",
            w,
            h,
            bitmap(w, h, |a| draw_learning(a, &c.learning, &st)),
        );
        save(
            "regpath",
            w,
            h,
            bitmap(w, h, |a| draw_regpath(a, &c.regpath, &st)),
        );
        save(
            "regpath_logistic",
            w,
            h,
            bitmap(w, h, |a| draw_regpath(a, &c.logistic_path, &st)),
        );
        save(
            "regpath_wine",
            w,
            h,
            bitmap(w, h, |a| draw_regpath(a, &wine_path, &st)),
        );
        let (nw, nh) = (px(420), px(420));
        save(
            "boundary_narrow",
            nw,
            nh,
            bitmap(nw, nh, |a| draw_boundary(a, &c.boundary, &st)),
        );
    }
}

#[test]
fn the_boundary_starts_on_the_most_informative_pair_of_features() {
    use tunelab::view::default_features;
    let name = |data: &Dataset, (a, b): (usize, usize)| {
        let mut pair = [data.feature_names[a].clone(), data.feature_names[b].clone()];
        pair.sort();
        pair
    };
    // Iris: the petals separate the species (F ≈ 1180 and 960), the sepals far less.
    let iris = Dataset::iris();
    assert_eq!(
        name(&iris, default_features(&iris)),
        ["petal_length", "petal_width"]
    );
    // Diabetes: bmi (r = 0.59) and s5 (r = 0.57) follow the target most closely.
    let diabetes = Dataset::builtin("diabetes").unwrap();
    assert_eq!(name(&diabetes, default_features(&diabetes)), ["bmi", "s5"]);
}

#[test]
fn scores_on_rows_read_in_blocks_equal_scores_on_the_rows_cut_out() {
    // More rows than one block (8192), every row read through its index, with a
    // scaler and a probability scorer: what the live slider's train score reads.
    let data = Dataset::synthetic(12_000, 6, 3, 7).unwrap();
    let mut config = SearchConfig::new(ParamGrid::parse(&["C=0.5"]).unwrap());
    config.test_size = 0.25;
    let result = search(&data, &config);
    let model = &result.best_model;
    let rows = &result.train_indices;
    let cut = data.x.select(ndarray::Axis(0), rows);
    let y: Vec<usize> = rows.iter().map(|&i| data.classes().unwrap()[i]).collect();
    let Prediction::Classes(pred) = model.predict(cut.view()).unwrap() else {
        panic!("a classifier predicts classes")
    };
    let proba = model.predict_proba(cut.view()).unwrap();
    for name in ["accuracy", "neg_log_loss"] {
        let scorer: tunelab::metrics::Scorer = name.parse().unwrap();
        let whole = scorer.score(&y, &pred, Some(proba.view())).unwrap();
        let blocks = view::score_on(model, &data, rows, scorer).unwrap();
        assert_eq!(
            blocks.to_bits(),
            whole.to_bits(),
            "{name}: {blocks} against {whole}"
        );
    }
    // A row past the data is an error, not a panic.
    let scorer = "accuracy".parse().unwrap();
    assert!(matches!(
        view::score_on(model, &data, &[12_000], scorer),
        Err(Error::Shape(_))
    ));
}
