//! The exported scikit-learn script, run with the pinned scikit-learn
//! (`make fixtures` installs it): it must find the same best parameters and the same
//! mean CV scores as TuneLab on the same data, grid, folds and scorers.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;

use tunelab::Dataset;
use tunelab::data::generate::{Kind, Spec};
use tunelab::export::{DataSource, sklearn_script};
use tunelab::metrics::Scorer;
use tunelab::model::{ModelKind, ParamValue};
use tunelab::select::{CvConfig, ParamGrid, SearchConfig, grid_search};

/// Runs `script` with python3 and `--json`; the summary it prints.
fn run_python(script: &str, tag: &str) -> serde_json::Value {
    let dir = std::env::temp_dir().join(format!("tunelab-export-{}-{tag}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("search.py");
    std::fs::write(&path, script).unwrap();
    let out = Command::new("python3")
        .arg(&path)
        .arg("--json")
        .env("OMP_NUM_THREADS", "1")
        .output()
        .expect("python3 runs (make fixtures installs scikit-learn)");
    std::fs::remove_dir_all(&dir).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "the exported script failed (is the pinned scikit-learn installed? `make fixtures`):\n{stderr}\n{script}"
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Exports, runs, and compares best index and every mean CV score.
fn agrees(data: &Dataset, source: &DataSource, config: &SearchConfig, tag: &str, tol: f64) {
    let ours = grid_search(data, config, &mut |_| true).unwrap();
    let script = sklearn_script(data, source, config).unwrap();
    let theirs = run_python(&script, tag);
    let suffix = ours.score_suffix().to_string();
    let means = ours
        .cv_results
        .floats(&format!("mean_test_{suffix}"))
        .unwrap();
    let want: Vec<f64> = theirs["mean_test"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    assert_eq!(means.len(), want.len(), "{tag}: candidates");
    for (i, (g, w)) in means.iter().zip(&want).enumerate() {
        assert!(
            (g - w).abs() <= tol * w.abs().max(1.0),
            "{tag} mean[{i}]: {g} vs {w}"
        );
    }
    assert_eq!(
        ours.best_index as u64,
        theirs["best_index"].as_u64().unwrap(),
        "{tag}: best"
    );
    if let Some(t) = ours.test_score {
        let w = theirs["test_score"].as_f64().unwrap();
        assert!(
            (t - w).abs() <= tol * w.abs().max(1.0),
            "{tag} test score: {t} vs {w}"
        );
    }
}

#[test]
fn logistic_regression_on_iris_with_a_test_split_and_shuffled_folds() {
    let mut config =
        SearchConfig::new(ParamGrid::parse(&["C=0.01,0.1,1,10", "degree=1,2"]).unwrap());
    config.test_size = 0.2;
    config.cv = CvConfig {
        k: 4,
        stratified: true,
        shuffle: true,
        seed: 3,
    };
    config.scoring = vec![Scorer::Accuracy, Scorer::NegLogLoss];
    config.fix("penalty", ParamValue::Str("l2".into()));
    agrees(
        &Dataset::iris(),
        &DataSource::Builtin,
        &config,
        "iris",
        1e-6,
    );
}

#[test]
fn ridge_and_lasso_on_generated_and_built_in_regression_data() {
    let cos = Dataset::generated(&Spec::new(Kind::Cos)).unwrap();
    let mut config =
        SearchConfig::new(ParamGrid::parse(&["alpha=0.001,0.1,10", "degree=1,3,6"]).unwrap());
    config.model = ModelKind::Ridge;
    config.scoring = vec![Scorer::NegMeanSquaredError];
    agrees(&cos, &DataSource::Builtin, &config, "cos-ridge", 1e-9);

    let diabetes = Dataset::builtin("diabetes").unwrap();
    let mut config = SearchConfig::new(ParamGrid::parse(&["alpha=0.01,0.1,1,10"]).unwrap());
    config.model = ModelKind::Lasso;
    config.test_size = 0.25;
    agrees(
        &diabetes,
        &DataSource::Builtin,
        &config,
        "diabetes-lasso",
        1e-9,
    );
}

#[test]
fn a_boolean_axis_written_as_text_runs_in_scikit_learn() {
    // `--param fit_intercept=true,false` as the CLI reads it: booleans, written as
    // Python's True and False (scikit-learn refuses the strings "true", "false").
    let diabetes = Dataset::builtin("diabetes").unwrap();
    let mut config = SearchConfig::new(ParamGrid::parse(&["fit_intercept=true,false"]).unwrap());
    config.model = ModelKind::LinearRegression;
    config.cv.k = 3;
    let script = sklearn_script(&diabetes, &DataSource::Builtin, &config).unwrap();
    assert!(
        script.contains("[True]") && script.contains("[False]") && !script.contains("\"false\""),
        "{script}"
    );
    agrees(
        &diabetes,
        &DataSource::Builtin,
        &config,
        "diabetes-intercept",
        1e-9,
    );
}

#[test]
fn the_script_names_what_it_cannot_reproduce_and_how_to_scale_out() {
    let mut config = SearchConfig::new(ParamGrid::parse(&["learning_rate=0.1,1"]).unwrap());
    config.fix("solver", ParamValue::Str("gd".into()));
    let script = sklearn_script(&Dataset::iris(), &DataSource::Inline, &config).unwrap();
    assert!(script.contains("teaching optimiser solver=gd has no scikit-learn counterpart"));
    assert!(script.contains("n_jobs=-1") && script.contains("parallel_backend(\"dask\")"));
    assert!(script.contains("DATA = \"\"\""), "inline rows");
    assert!(script.contains("StratifiedKFold(n_splits=5)"));
}

#[test]
fn an_l1_script_warns_that_saga_is_slow_and_an_l2_one_does_not() {
    let slow = "# An l1 penalty needs scikit-learn's saga solver, which converges slowly";
    let l1 = SearchConfig::new(ParamGrid::parse(&["C=0.1,1", "penalty=l1,l2"]).unwrap());
    let script = sklearn_script(&Dataset::iris(), &DataSource::Builtin, &l1).unwrap();
    assert!(
        script.contains(slow) && script.contains("solver=\"saga\""),
        "{script}"
    );
    let l2 = SearchConfig::new(ParamGrid::parse(&["C=0.1,1", "penalty=l2"]).unwrap());
    let script = sklearn_script(&Dataset::iris(), &DataSource::Builtin, &l2).unwrap();
    assert!(
        !script.contains(slow) && !script.contains("saga"),
        "{script}"
    );
}
