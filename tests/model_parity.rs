//! Logistic regression and grid search against scikit-learn reference values
//! (tests/fixtures, made by scripts/sklearn_reference.py).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ndarray::{Array2, Axis};
use proptest::prelude::*;
use serde_json::Value;
use tunelab::metrics::Scorer;
use tunelab::model::ParamValue;
use tunelab::preprocess::StandardScaler;
use tunelab::select::{Candidate, CvConfig, ParamGrid, SearchConfig, grid_search};
use tunelab::{DataTarget, Dataset, Params, Penalty, Solver};

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn matrix(v: &Value) -> Array2<f64> {
    let rows: Vec<Vec<f64>> = serde_json::from_value(v.clone()).unwrap();
    let (r, c) = (rows.len(), rows[0].len());
    Array2::from_shape_vec((r, c), rows.into_iter().flatten().collect()).unwrap()
}

fn params_for(entry: &Value) -> Params {
    let c = entry["C"].as_f64().unwrap();
    let penalty: Penalty = entry["penalty"].as_str().unwrap().parse().unwrap();
    let mut p = Params::default().c(c).penalty(penalty).tol(1e-9);
    if let Some(r) = entry.get("l1_ratio").and_then(Value::as_f64) {
        p = p.l1_ratio(r);
    }
    p
}

/// Intercepts of a multinomial model are defined up to a common shift.
fn centred(v: &[f64]) -> Vec<f64> {
    let mean = v.iter().sum::<f64>() / v.len() as f64;
    v.iter().map(|x| x - mean).collect()
}

fn check_block(block: &Value, data: &Dataset, centre: bool) {
    let x = StandardScaler::fit(data.x.view()).transform(data.x.view());
    let scaler_mean: Vec<f64> = serde_json::from_value(block["scaler_mean"].clone()).unwrap();
    let ours = StandardScaler::fit(data.x.view());
    for (a, b) in ours.mean.iter().zip(&scaler_mean) {
        assert!((a - b).abs() < 1e-12, "scaler mean {a} vs {b}");
    }
    for entry in block["entries"].as_array().unwrap() {
        let p = params_for(entry);
        let model = p
            .check()
            .unwrap()
            .fit(x.view(), data.classes().unwrap(), data.n_classes())
            .unwrap();
        assert!(model.outcome.is_converged(), "{entry}: {:?}", model.outcome);
        let want = matrix(&entry["coef"]);
        let diff = (&model.coef - &want)
            .mapv(f64::abs)
            .fold(0.0f64, |m, &v| m.max(v));
        assert!(
            diff < 1e-4,
            "C={} {}: coef off by {diff}",
            entry["C"],
            entry["penalty"]
        );
        let want_b: Vec<f64> = serde_json::from_value(entry["intercept"].clone()).unwrap();
        let got_b = model.intercept.to_vec();
        let (got_b, want_b) = if centre {
            (centred(&got_b), centred(&want_b))
        } else {
            (got_b, want_b)
        };
        for (g, w) in got_b.iter().zip(&want_b) {
            assert!(
                (g - w).abs() < 1e-4,
                "C={} {}: intercept {g} vs {w}",
                entry["C"],
                entry["penalty"]
            );
        }
        // Objective on scikit-learn's scale: C·Σ loss + P = per-sample × C·n.
        let f = model.history.objective.last().unwrap() * p.c * data.n_samples() as f64;
        let want_f = entry["objective"].as_f64().unwrap();
        assert!(
            (f - want_f).abs() <= 1e-9 * want_f.abs().max(1.0),
            "objective {f} vs {want_f}"
        );
        // Exact zeros where the optimum has them.
        let zeros = model.coef.iter().filter(|v| **v != 0.0).count();
        assert_eq!(
            zeros as u64,
            entry["n_nonzero_coef"].as_u64().unwrap(),
            "nonzeros at {entry}"
        );
    }
}

#[test]
fn multinomial_coefficients_match_the_exact_optimum() {
    check_block(
        &fixture("iris_logreg_optimum.json")["multinomial"],
        &Dataset::iris(),
        true,
    );
}

#[test]
fn binary_model_is_a_single_sigmoid_matching_the_exact_optimum() {
    let iris = Dataset::iris();
    let rows: Vec<usize> = (50..150).collect();
    let picked = iris.select(&rows).unwrap();
    let two = Dataset::new(
        "two",
        picked.x.clone(),
        DataTarget::Classes {
            y: picked.classes().unwrap().iter().map(|y| y - 1).collect(),
            names: vec!["versicolor".into(), "virginica".into()],
        },
        picked.feature_names.clone(),
        "species",
    )
    .unwrap();
    check_block(&fixture("iris_logreg_optimum.json")["binary"], &two, false);
}

fn assert_close(got: &[f64], want: &[Value], what: &str) {
    assert_eq!(got.len(), want.len(), "{what}");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        let w = w.as_f64().unwrap();
        assert!((g - w).abs() < 1e-12, "{what}[{i}]: {g} vs {w}");
    }
}

#[test]
fn seed_grid_cv_results_equal_scikit_learn() {
    let fx = fixture("iris_grid_search.json");
    let exact = &fx["exact"];
    let result = grid_search(&Dataset::iris(), &SearchConfig::default(), &mut |_| true).unwrap();
    let cv = &result.cv_results;
    let cands = exact["candidates"].as_array().unwrap();
    for key in [
        "mean_test_score",
        "std_test_score",
        "mean_train_score",
        "std_train_score",
    ]
    .into_iter()
    .chain((0..5).map(|k| Box::leak(format!("split{k}_test_score").into_boxed_str()) as &str))
    {
        let want: Vec<Value> = cands.iter().map(|c| c[key].clone()).collect();
        assert_close(cv.floats(key).unwrap(), &want, key);
    }
    let ranks: Vec<usize> = cands
        .iter()
        .map(|c| c["rank_test_score"].as_u64().unwrap() as usize)
        .collect();
    assert_eq!(cv.ranks("rank_test_score").unwrap(), ranks.as_slice());
    assert_eq!(
        result.best_index as u64,
        exact["best_index"].as_u64().unwrap()
    );
    assert_eq!(result.best_score, exact["best_score"].as_f64().unwrap());
    assert_eq!(result.best_params["C"].to_string(), "10");
    assert_eq!(result.best_params["penalty"].to_string(), "l1");
    assert!(cv.names().starts_with(&[
        "mean_fit_time",
        "std_fit_time",
        "mean_score_time",
        "std_score_time"
    ]));
}

#[test]
fn multi_metric_search_matches_and_refits_by_accuracy() {
    let fx = fixture("iris_grid_search.json");
    let mm = &fx["multi_metric_exact"];
    let config = SearchConfig {
        scoring: vec![Scorer::Accuracy, Scorer::F1Macro, Scorer::NegLogLoss],
        refit: Some(Scorer::Accuracy),
        // Log loss reads the probabilities, so solve more tightly than the default.
        base: Candidate::from([("tol".to_string(), ParamValue::Num(1e-10))]),
        ..SearchConfig::default()
    };
    let result = grid_search(&Dataset::iris(), &config, &mut |_| true).unwrap();
    let cands = mm["candidates"].as_array().unwrap();
    for m in ["accuracy", "f1_macro", "neg_log_loss"] {
        for key in [
            format!("mean_test_{m}"),
            format!("std_test_{m}"),
            format!("mean_train_{m}"),
        ] {
            let want: Vec<Value> = cands.iter().map(|c| c[&key].clone()).collect();
            let got = result.cv_results.floats(&key).unwrap();
            // Log loss depends on the probabilities, so on the optimum to ~1e-9.
            let tol = if m == "neg_log_loss" { 1e-7 } else { 1e-12 };
            for (g, w) in got.iter().zip(&want) {
                assert!((g - w.as_f64().unwrap()).abs() < tol, "{key}: {g} vs {w}");
            }
        }
    }
    assert_eq!(result.best_index as u64, mm["best_index"].as_u64().unwrap());
}

#[test]
fn folds_of_the_search_are_scikit_learns() {
    let fx = fixture("iris_grid_search.json");
    let folds = CvConfig::default()
        .split(Dataset::iris().classes().unwrap())
        .unwrap();
    let want: Vec<Vec<usize>> = serde_json::from_value(fx["test_folds"].clone()).unwrap();
    let got: Vec<Vec<usize>> = folds.into_iter().map(|f| f.test).collect();
    assert_eq!(got, want);
}

#[test]
fn a_too_large_learning_rate_is_reported_as_divergence_and_ranks_last() {
    let iris = Dataset::iris();
    let x = StandardScaler::fit(iris.x.view()).transform(iris.x.view());
    let model = Params::default()
        .solver(Solver::Gd)
        .learning_rate(1e4)
        .max_iter(200)
        .check()
        .unwrap()
        .fit(x.view(), iris.classes().unwrap(), 3)
        .unwrap();
    assert!(model.outcome.is_diverged(), "{:?}", model.outcome);

    let mut config = SearchConfig::new(ParamGrid::parse(&["learning_rate=0.5,1e4"]).unwrap());
    config
        .fix("solver", ParamValue::Str("gd".into()))
        .fix("max_iter", ParamValue::Num(100.0));
    let result = grid_search(&iris, &config, &mut |_| true).unwrap();
    let means = result.cv_results.floats("mean_test_score").unwrap();
    assert!(means[1].is_nan() && !means[0].is_nan());
    assert_eq!(result.cv_results.ranks("rank_test_score").unwrap(), [1, 2]);
    assert_eq!(result.best_index, 0);
    let json = serde_json::to_string(&result.cv_results).unwrap();
    assert!(json.contains("diverged at iteration"), "{json}");
}

#[test]
fn cancelling_stops_the_search() {
    let mut calls = 0;
    let err = grid_search(&Dataset::iris(), &SearchConfig::default(), &mut |_| {
        calls += 1;
        calls < 7
    })
    .unwrap_err();
    assert_eq!(err, tunelab::Error::Cancelled { done: 7, total: 61 });
}

#[test]
fn same_seed_same_results_with_shuffling_and_sgd() {
    let mut config = SearchConfig::new(ParamGrid::parse(&["C=0.1,1"]).unwrap());
    config
        .fix("solver", ParamValue::Str("sgd".into()))
        .fix("max_iter", ParamValue::Num(20.0))
        .fix("random_state", ParamValue::Num(7.0));
    config.cv = CvConfig {
        k: 4,
        stratified: true,
        shuffle: true,
        seed: 3,
    };
    config.test_size = 0.25;
    let a = grid_search(&Dataset::iris(), &config, &mut |_| true).unwrap();
    let b = grid_search(&Dataset::iris(), &config, &mut |_| true).unwrap();
    assert_eq!(
        a.cv_results.floats("split2_test_score"),
        b.cv_results.floats("split2_test_score")
    );
    assert_eq!(a.best_model, b.best_model);
    assert_eq!(a.test_score, b.test_score);
}

#[test]
fn teaching_optimisers_approach_the_optimum_and_l1_makes_exact_zeros() {
    let iris = Dataset::iris();
    let x = StandardScaler::fit(iris.x.view()).transform(iris.x.view());
    let best = Params::default()
        .c(0.1)
        .penalty(Penalty::L1)
        .check()
        .unwrap()
        .fit(x.view(), iris.classes().unwrap(), 3)
        .unwrap();
    let f_star = *best.history.objective.last().unwrap();
    for solver in [
        Solver::Gd,
        Solver::Sgd,
        Solver::Momentum,
        Solver::Nesterov,
        Solver::Adam,
    ] {
        let lr = match solver {
            Solver::Gd => 0.5,
            Solver::Adam => 0.05,
            _ => 0.1,
        };
        let m = Params::default()
            .c(0.1)
            .penalty(Penalty::L1)
            .solver(solver)
            .learning_rate(lr)
            .max_iter(300)
            .tol(0.0)
            .check()
            .unwrap()
            .fit(x.view(), iris.classes().unwrap(), 3)
            .unwrap();
        let f = *m.history.objective.last().unwrap();
        assert!(
            f >= f_star - 1e-12,
            "{solver}: {f} below the optimum {f_star}"
        );
        assert!(f - f_star < 2e-2, "{solver}: {f} far from {f_star}");
        assert!(
            m.coef.iter().any(|&w| w == 0.0),
            "{solver}: no exact zero in {:?}",
            m.coef
        );
        assert!(m.history.iteration.len() <= 201);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn default_solver_never_increases_the_objective(c in 1e-3f64..1e3, l1 in any::<bool>(), seed in 0u64..1000) {
        let data = Dataset::synthetic(60, 3, 3, seed).unwrap();
        let x = StandardScaler::fit(data.x.view()).transform(data.x.view());
        let p = Params::default().c(c).penalty(if l1 { Penalty::L1 } else { Penalty::L2 });
        let m = p.check().unwrap().fit(x.view(), data.classes().unwrap(), 3).unwrap();
        for w in m.history.objective.windows(2) {
            // Up to rounding: near the optimum the solver takes full Newton steps whose
            // decrease is below what the objective can resolve.
            prop_assert!(w[1] <= w[0] + 1e-13 * w[0].abs(), "{:?}", m.history.objective);
        }
    }

    #[test]
    fn probabilities_sum_to_one(seed in 0u64..1000, classes in 2usize..5, c in 1e-2f64..1e2) {
        let data = Dataset::synthetic(50, 4, classes, seed).unwrap();
        let m = Params::default().c(c).check().unwrap().fit(data.x.view(), data.classes().unwrap(), classes).unwrap();
        let p = m.predict_proba(data.x.view());
        prop_assert_eq!(p.ncols(), classes);
        for row in p.axis_iter(Axis(0)) {
            prop_assert!((row.sum() - 1.0).abs() < 1e-12);
            prop_assert!(row.iter().all(|v| (0.0..=1.0).contains(v)));
        }
        // predict agrees with the most probable class.
        let pred = m.predict(data.x.view());
        for (row, &k) in p.axis_iter(Axis(0)).zip(&pred) {
            prop_assert!(row.iter().all(|&v| v <= row[k]));
        }
    }
}

#[test]
fn default_solver_converges_on_unscaled_correlated_features() {
    // Raw Iris: petal length and width are strongly correlated and on different
    // scales, which is where plain coordinate descent crawls.
    let iris = Dataset::iris();
    for penalty in [Penalty::L1, Penalty::L2] {
        for c in [0.01, 1.0, 10.0, 100.0] {
            let m = Params::default()
                .c(c)
                .penalty(penalty)
                .check()
                .unwrap()
                .fit(iris.x.view(), iris.classes().unwrap(), 3)
                .unwrap();
            assert!(m.outcome.is_converged(), "{penalty} C={c}: {:?}", m.outcome);
        }
    }
}

#[test]
fn hostile_settings_and_data_give_errors_or_failed_fits_never_nonsense() {
    let iris = Dataset::iris();
    // A hold-out fraction outside [0, 1) is refused, not ignored.
    for t in [-0.5, f64::NAN, 1.0] {
        let config = SearchConfig {
            test_size: t,
            ..SearchConfig::default()
        };
        let err = grid_search(&iris, &config, &mut |_| true).unwrap_err();
        assert!(err.to_string().contains("test_size"), "{err}");
    }
    // A C so small that 1/(C·n) overflows is refused by name.
    let err = Params::default()
        .c(1e-320)
        .check()
        .unwrap()
        .fit(iris.x.view(), iris.classes().unwrap(), 3)
        .unwrap_err();
    assert!(err.to_string().starts_with("parameter C: "), "{err}");

    // Features near the largest float, unscaled: the objective overflows, and the
    // fit fails with a reason instead of "converging" on NaN.
    let mut huge = iris.clone();
    huge.x.mapv_inplace(|v| v * 1e306);
    let m = Params::default()
        .check()
        .unwrap()
        .fit(huge.x.view(), huge.classes().unwrap(), 3)
        .unwrap();
    assert!(m.outcome.is_diverged(), "{:?}", m.outcome);
    let config = SearchConfig {
        standardize: false,
        ..SearchConfig::new(ParamGrid::parse(&["C=1"]).unwrap())
    };
    // Each fold either fails or says it could not move; none claims success.
    let result = grid_search(&huge, &config, &mut |_| true).unwrap();
    let status = serde_json::to_value(result.cv_results.get("fit_status").unwrap()).unwrap();
    let status = status[0].as_str().unwrap();
    // Every fold says how it ended, the same words of several folds once ("folds 0, 3: …").
    let folds: usize = status
        .split("; ")
        .filter_map(|note| note.split_once(": ").map(|(who, _)| who))
        .map(|who| {
            let list = who.trim_start_matches("folds ").trim_start_matches("fold ");
            match list.split_once('–') {
                Some((a, b)) => b.parse::<usize>().unwrap() - a.parse::<usize>().unwrap() + 1,
                None => list.split(", ").count(),
            }
        })
        .sum();
    assert_eq!(folds, 5, "{status}");
    assert!(!status.contains("ok"), "{status}");
    // Standardised, the same data is just Iris again.
    let config = SearchConfig::new(ParamGrid::parse(&["C=1"]).unwrap());
    let scaled = grid_search(&huge, &config, &mut |_| true).unwrap();
    let plain = grid_search(&iris, &config, &mut |_| true).unwrap();
    assert_eq!(scaled.best_score, plain.best_score);
}

#[test]
fn a_fold_without_some_class_scores_probabilities_as_nan_and_says_why() {
    // Unshuffled KFold(3) on Iris (sorted by class): each training part lacks a class.
    let config = SearchConfig {
        cv: CvConfig {
            k: 3,
            stratified: false,
            shuffle: false,
            seed: 0,
        },
        scoring: vec![Scorer::Accuracy, Scorer::NegLogLoss],
        ..SearchConfig::new(ParamGrid::parse(&["C=1"]).unwrap())
    };
    let result = grid_search(&Dataset::iris(), &config, &mut |_| true).unwrap();
    assert!(result.cv_results.floats("mean_test_neg_log_loss").unwrap()[0].is_nan());
    assert_eq!(
        result.cv_results.floats("mean_test_accuracy").unwrap()[0],
        0.0
    );
    let status = serde_json::to_string(result.cv_results.get("fit_status").unwrap()).unwrap();
    assert!(
        status.contains("a class has no rows in the training part"),
        "{status}"
    );
}

#[test]
fn ten_fold_means_and_ranks_equal_scikit_learns_to_the_bit() {
    let fx = fixture("iris_cv10.json");
    let cs: Vec<Value> = fx["C"].as_array().unwrap().clone();
    let grid: ParamGrid = serde_json::from_value(serde_json::json!({ "C": cs })).unwrap();
    let config = SearchConfig {
        cv: CvConfig {
            k: 10,
            ..CvConfig::default()
        },
        base: Candidate::from([
            ("penalty".to_string(), ParamValue::Str("l2".into())),
            ("tol".to_string(), ParamValue::Num(1e-10)),
        ]),
        ..SearchConfig::new(grid)
    };
    let result = grid_search(&Dataset::iris(), &config, &mut |_| true).unwrap();
    let splits: Vec<Vec<f64>> = serde_json::from_value(fx["split_test_scores"].clone()).unwrap();
    for (k, _) in splits[0].iter().enumerate() {
        let got = result
            .cv_results
            .floats(&format!("split{k}_test_score"))
            .unwrap();
        let want: Vec<f64> = splits.iter().map(|row| row[k]).collect();
        assert_eq!(got, want.as_slice(), "split{k}");
    }
    let want_mean: Vec<f64> = serde_json::from_value(fx["mean_test_score"].clone()).unwrap();
    assert_eq!(
        result.cv_results.floats("mean_test_score").unwrap(),
        want_mean.as_slice()
    );
    let want_std: Vec<f64> = serde_json::from_value(fx["std_test_score"].clone()).unwrap();
    assert_eq!(
        result.cv_results.floats("std_test_score").unwrap(),
        want_std.as_slice()
    );
    let want_rank: Vec<usize> = serde_json::from_value(fx["rank_test_score"].clone()).unwrap();
    assert_eq!(
        result.cv_results.ranks("rank_test_score").unwrap(),
        want_rank.as_slice()
    );
    assert_eq!(result.best_index as u64, fx["best_index"].as_u64().unwrap());
}

#[test]
fn penalty_none_with_several_c_says_c_is_ignored() {
    let grid = ParamGrid::parse(&["C=0.1,1", "penalty=none,l2"]).unwrap();
    let result = grid_search(&Dataset::iris(), &SearchConfig::new(grid), &mut |_| true).unwrap();
    let status = serde_json::to_value(result.cv_results.get("fit_status").unwrap()).unwrap();
    let means = result.cv_results.floats("mean_test_score").unwrap();
    // Candidates: (0.1, none), (0.1, l2), (1, none), (1, l2).
    assert_eq!(means[0], means[2], "without a penalty C cannot matter");
    assert!(
        status[0]
            .as_str()
            .unwrap()
            .starts_with("penalty=none ignores C"),
        "{status}"
    );
    assert_eq!(status[1], "ok");
}
