//! A search cut into units: the same results on any number of threads, outcomes
//! that survive JSON (as between Web Workers), warm starts that change scores only
//! within the solvers' tolerances while saving iterations.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use tunelab::Dataset;
use tunelab::data::generate::{Kind, Spec};
use tunelab::model::{ModelKind, ParamValue};
use tunelab::select::{
    Column, Job, ParamGrid, SearchConfig, SearchResult, UnitOutcome, grid_search,
    grid_search_parallel,
};

fn config(model: ModelKind, grid: &[&str]) -> SearchConfig {
    let mut c = SearchConfig::new(ParamGrid::parse(grid).unwrap());
    c.model = model;
    c
}

/// Every column of `cv_results` but the times, bit for bit, and the choice made.
fn assert_identical(a: &SearchResult, b: &SearchResult, what: &str) {
    let names = a.cv_results.names();
    assert_eq!(names, b.cv_results.names(), "{what}");
    for name in names.iter().filter(|n| !n.ends_with("_time")) {
        match (a.cv_results.get(name), b.cv_results.get(name)) {
            (Some(Column::Float(x)), Some(Column::Float(y))) => {
                let bits = |v: &[f64]| v.iter().map(|f| f.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(x), bits(y), "{what}: {name}");
            }
            (x, y) => assert_eq!(x, y, "{what}: {name}"),
        }
    }
    assert_eq!(a.best_index, b.best_index, "{what}");
    assert_eq!(a.best_score.to_bits(), b.best_score.to_bits(), "{what}");
    assert_eq!(
        a.test_score.map(f64::to_bits),
        b.test_score.map(f64::to_bits),
        "{what}"
    );
}

/// The searches the thread-count test runs: logistic (small and large problems,
/// so both Newton and L-BFGS), ridge, lasso, elastic net and a network.
fn searches() -> Vec<(&'static str, Dataset, SearchConfig)> {
    let mut out = Vec::new();
    out.push(("iris seed grid", Dataset::iris(), SearchConfig::default()));
    let mut multi = config(
        ModelKind::LogisticRegression,
        &["C=0.01,0.1,1,10", "penalty=l1,l2"],
    );
    multi.scoring = vec!["accuracy".parse().unwrap(), "neg_log_loss".parse().unwrap()];
    multi.test_size = 0.2;
    out.push((
        "logistic, 3 classes, 25 features (L-BFGS)",
        Dataset::synthetic(300, 25, 3, 1).unwrap(),
        multi,
    ));
    let diabetes = Dataset::builtin("diabetes").unwrap();
    out.push((
        "ridge",
        diabetes.clone(),
        config(ModelKind::Ridge, &["alpha=0.1,1,10", "degree=1,2"]),
    ));
    // Some of these stop at max_iter, which breaks their chain: the next fit
    // starts cold.
    let mut lasso = config(ModelKind::Lasso, &["alpha=0.01,0.1,1,10", "degree=1,2"]);
    lasso.fix("max_iter", ParamValue::Num(300.0));
    out.push(("lasso", diabetes.clone(), lasso));
    out.push((
        "elastic net",
        diabetes,
        config(
            ModelKind::ElasticNet,
            &["alpha=0.01,0.1,1", "l1_ratio=0.2,0.8"],
        ),
    ));
    let moons = Dataset::generated(&Spec::new(Kind::Moons)).unwrap();
    let mut mlp = config(
        ModelKind::MlpClassifier,
        &["hidden_layer_sizes=2,5", "alpha=0.0001,0.1"],
    );
    mlp.fix("max_iter", ParamValue::Num(200.0));
    out.push(("mlp", moons, mlp));
    out
}

#[test]
fn one_thread_and_four_give_the_same_results_bit_for_bit() {
    for (what, data, config) in searches() {
        let one = grid_search(&data, &config, &mut |_| true).unwrap();
        let four = grid_search_parallel(&data, &config, 4, &mut |_| true).unwrap();
        assert_identical(&one, &four, what);
    }
}

#[test]
fn units_are_chains_along_the_regularisation_path() {
    let iris = Dataset::iris();
    let seed = SearchConfig::default();
    let job = Job::new(&iris, &seed, || 0.0).unwrap();
    // Seed grid: C × penalty in grid order (C outer). One chain per penalty, C
    // ascending (strongest regularisation first), on each of 5 folds.
    assert_eq!(job.units().len(), 10);
    assert_eq!(job.units()[0].candidates, [0, 2, 4, 6, 8, 10]);
    assert_eq!(job.units()[5].candidates, [1, 3, 5, 7, 9, 11]);
    assert!(job.units().iter().all(|u| u.warm_start));
    assert_eq!(job.total_fits(), 61);

    // Lasso: alpha descending. Cold: one unit per candidate and fold.
    let diabetes = Dataset::builtin("diabetes").unwrap();
    let mut lasso = config_for_lasso();
    let job = Job::new(&diabetes, &lasso, || 0.0).unwrap();
    assert_eq!(job.units()[0].candidates, [2, 1, 0]);
    lasso.warm_start = false;
    let job = Job::new(&diabetes, &lasso, || 0.0).unwrap();
    assert_eq!(job.units().len(), 15);
    assert!(
        job.units()
            .iter()
            .all(|u| u.candidates.len() == 1 && !u.warm_start)
    );

    // Ridge chains too (alpha descending), reusing one decomposition per fold; the
    // fits are the cold fits bit for bit.
    let mut ridge = config(ModelKind::Ridge, &["alpha=0.1,1,10"]);
    let job = Job::new(&diabetes, &ridge, || 0.0).unwrap();
    assert_eq!(job.units().len(), 5);
    assert_eq!(job.units()[0].candidates, [2, 1, 0]);
    let chained = grid_search(&diabetes, &ridge, &mut |_| true).unwrap();
    ridge.warm_start = false;
    assert_eq!(
        Job::new(&diabetes, &ridge, || 0.0).unwrap().units().len(),
        15
    );
    let cold = grid_search(&diabetes, &ridge, &mut |_| true).unwrap();
    assert_identical(&chained, &cold, "ridge chained vs cold");

    // A network is not convex: no chains.
    let mlp = config(ModelKind::MlpRegressor, &["alpha=0.0001,0.1"]);
    let job = Job::new(&diabetes, &mlp, || 0.0).unwrap();
    assert_eq!(job.units().len(), 10);
}

fn config_for_lasso() -> SearchConfig {
    config(ModelKind::Lasso, &["alpha=0.01,0.1,1"])
}

#[test]
fn outcomes_survive_json_and_assemble_in_any_order() {
    // Penalty none with a teaching solver that diverges: NaN scores must survive.
    let iris = Dataset::iris();
    let mut gd = config(
        ModelKind::LogisticRegression,
        &["C=0.1,1,10", "learning_rate=0.5,1e4"],
    );
    gd.fix("solver", ParamValue::Str("gd".into()));
    gd.fix("max_iter", ParamValue::Num(50.0));
    gd.test_size = 0.2;
    let config = gd;
    let job = Job::new(&iris, &config, || 0.0).unwrap();
    let mut outcomes: Vec<UnitOutcome> = (0..job.units().len())
        .map(|i| {
            let json = serde_json::to_string(&job.run_unit(i).unwrap()).unwrap();
            serde_json::from_str(&json).unwrap()
        })
        .collect();
    assert!(
        outcomes
            .iter()
            .flat_map(|o| &o.fits)
            .any(|f| f.test[0].is_nan()),
        "some fit diverged"
    );
    outcomes.reverse();
    let assembled = job.assemble(outcomes.clone()).unwrap();
    let direct = grid_search(&iris, &config, &mut |_| true).unwrap();
    assert_identical(&assembled, &direct, "assembled from JSON");
    assert_eq!(
        assembled.cv_results.texts("fit_status"),
        direct.cv_results.texts("fit_status")
    );

    // A missing or foreign outcome is refused, not mis-filed.
    outcomes.pop();
    assert!(job.assemble(outcomes.clone()).is_err());
    let mut wrong = outcomes.clone();
    wrong.push(outcomes[0].clone());
    assert!(job.assemble(wrong).is_err());
    assert!(job.run_unit(job.units().len()).is_err());
}

#[test]
fn cancelling_stops_every_thread() {
    let data = Dataset::synthetic(400, 20, 3, 1).unwrap();
    let config = config(ModelKind::LogisticRegression, &["C=0.01,0.1,1,10"]);
    let mut calls = 0;
    let err = grid_search_parallel(&data, &config, 2, &mut |p| {
        calls += 1;
        assert!(p.done <= p.total);
        p.done < 3
    })
    .unwrap_err();
    match err {
        tunelab::Error::Cancelled { done, total } => {
            assert!(done >= 3 && done < total, "{done} of {total}");
        }
        other => panic!("{other}"),
    }
    assert!(calls >= 3);
}

/// Per-fold scores of a search, warm and cold, and the iterations each took.
fn warm_and_cold(data: &Dataset, config: &SearchConfig) -> [(SearchResult, usize); 2] {
    [true, false].map(|warm| {
        let c = SearchConfig {
            warm_start: warm,
            ..config.clone()
        };
        let job = Job::new(data, &c, || 0.0).unwrap();
        let outcomes: Vec<UnitOutcome> = (0..job.units().len())
            .map(|i| job.run_unit(i).unwrap())
            .collect();
        let iterations = outcomes.iter().map(UnitOutcome::n_iter).sum();
        (job.assemble(outcomes).unwrap(), iterations)
    })
}

/// Every split score of `a` and `b` within `tol` (relative to 1 + |score|), over
/// the candidates whose every fit converged in both (an unconverged fit stops
/// wherever `max_iter` finds it, from either start). Returns how many were compared.
fn assert_close_scores(a: &SearchResult, b: &SearchResult, tol: f64, what: &str) -> usize {
    let ok = |r: &SearchResult| -> Vec<bool> {
        r.cv_results
            .texts("fit_status")
            .unwrap()
            .iter()
            .map(|s| s == "ok")
            .collect()
    };
    let both: Vec<bool> = ok(a).iter().zip(ok(b)).map(|(x, y)| *x && y).collect();
    let mut largest = 0.0_f64;
    for name in a.cv_results.names() {
        if !name.starts_with("split") {
            continue;
        }
        let (x, y) = (
            a.cv_results.floats(name).unwrap(),
            b.cv_results.floats(name).unwrap(),
        );
        for ((u, v), _) in x.iter().zip(y).zip(&both).filter(|(_, ok)| **ok) {
            let d = (u - v).abs() / (1.0 + u.abs());
            largest = largest.max(d);
            assert!(d <= tol, "{what}: {name}: warm {u} cold {v}");
        }
    }
    eprintln!("{what}: largest warm-cold difference {largest:.1e}");
    both.iter().filter(|ok| **ok).count()
}

#[test]
fn warm_starts_match_cold_within_tolerance_and_save_iterations() {
    // Proximal Newton (at most 64 parameters): it stops at a gradient of 1e-8
    // wherever it starts; from a neighbour that is after fewer, less overshooting
    // steps, so warm and cold optima differ by up to ~1e-7 in the log loss.
    let iris = Dataset::iris();
    let seed = SearchConfig {
        scoring: vec!["accuracy".parse().unwrap(), "neg_log_loss".parse().unwrap()],
        ..SearchConfig::default()
    };
    let [(warm, w), (cold, c)] = warm_and_cold(&iris, &seed);
    assert_eq!(
        assert_close_scores(&warm, &cold, 1e-7, "iris seed grid"),
        12
    );
    assert_eq!(warm.best_index, cold.best_index);
    assert!(w < c, "iris: warm {w} iterations, cold {c}");

    // L-BFGS / OWL-QN (more than 64 parameters): at C = 100 with l1 the cold start
    // stops at max_iter where the warm one converges.
    let data = Dataset::synthetic(600, 30, 3, 2).unwrap();
    let mut large = config(
        ModelKind::LogisticRegression,
        &["C=0.01,0.1,1,10", "penalty=l1,l2"],
    );
    large.scoring = seed.scoring.clone();
    let [(warm, w), (cold, c)] = warm_and_cold(&data, &large);
    assert!(assert_close_scores(&warm, &cold, 1e-6, "synthetic 600 x 30") >= 6);
    assert!(w < c, "synthetic: warm {w} iterations, cold {c}");

    let diabetes = Dataset::builtin("diabetes").unwrap();
    let lasso = config(ModelKind::Lasso, &["alpha=0.001,0.01,0.1,1,10"]);
    let [(warm, w), (cold, c)] = warm_and_cold(&diabetes, &lasso);
    assert_eq!(assert_close_scores(&warm, &cold, 1e-9, "lasso"), 5);
    eprintln!("lasso: warm {w} passes, cold {c}");
    assert!(w < c, "lasso: warm {w} passes, cold {c}");
}

#[test]
fn a_shared_job_keeps_its_data_and_crosses_threads() {
    fn keepable<T: Send + Sync + 'static>(_: &T) {}
    let job = {
        let iris = std::sync::Arc::new(Dataset::iris());
        Job::shared(iris, &SearchConfig::default(), || 0.0).unwrap()
    };
    keepable(&job);
    let outcomes = (0..job.units().len())
        .map(|i| job.run_unit(i).unwrap())
        .collect();
    assert_eq!(job.assemble(outcomes).unwrap().best_index, 8);
}
