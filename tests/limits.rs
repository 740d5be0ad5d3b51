//! The limits of `tunelab::limits` through the public API, and data sets built field by
//! field that do not fit together: every entry point must refuse them with an error,
//! never panic.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::panic::{AssertUnwindSafe, catch_unwind};

use tunelab::limits::{self, MAX_CANDIDATES, MAX_FITS};
use tunelab::select::{ParamGrid, SearchConfig, grid_search, plan, plan_for_shape};
use tunelab::view::{self, CandidateModel};
use tunelab::{DataTarget, Dataset, Error};

/// Data sets whose public fields were set by hand and do not fit together.
fn broken_sets() -> Vec<(&'static str, Dataset)> {
    let iris = Dataset::iris();
    let mut short_target = iris.clone();
    if let DataTarget::Classes { y, .. } = &mut short_target.target {
        y.truncate(100);
    }
    let mut bad_class = iris.clone();
    if let DataTarget::Classes { y, .. } = &mut bad_class.target {
        y[7] = 99;
    }
    let mut nan = iris.clone();
    nan.x[[3, 1]] = f64::NAN;
    let mut names = iris.clone();
    names.feature_names.pop();
    let mut no_rows = iris.clone();
    no_rows.x = ndarray::Array2::zeros((0, 4));
    no_rows.target = DataTarget::Classes {
        y: Vec::new(),
        names: vec!["a".into(), "b".into()],
    };
    vec![
        ("150 rows, 100 labels", short_target),
        ("a class index without a name", bad_class),
        ("a NaN feature", nan),
        ("3 names for 4 features", names),
        ("no rows", no_rows),
    ]
}

/// Runs `f`, failing the test if it panics; returns whether it gave an error.
fn refuses<T>(what: &str, f: impl FnOnce() -> Result<T, Error>) -> bool {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(result) => result.is_err(),
        Err(_) => panic!("{what} panicked"),
    }
}

#[test]
fn a_data_set_that_does_not_fit_together_is_refused_by_every_search_entry_point() {
    let config = SearchConfig::default();
    for (what, data) in broken_sets() {
        assert!(
            refuses(what, || grid_search(&data, &config, &mut |_| true)),
            "{what}"
        );
        assert!(refuses(what, || plan(&data, &config)), "{what}");
        assert!(
            refuses(what, || tunelab::select::splits(&data, &config)),
            "{what}"
        );
        assert!(
            refuses(what, || tunelab::select::optimism(
                &data,
                &config,
                0.2,
                2,
                &mut |_| true
            )),
            "{what}"
        );
        assert!(
            refuses(what, || tunelab::export::sklearn_script(
                &data,
                &tunelab::export::DataSource::Inline,
                &config
            )),
            "{what}"
        );
    }
    let err = grid_search(&broken_sets()[0].1, &config, &mut |_| true).unwrap_err();
    assert_eq!(
        err.to_string(),
        "shape mismatch: 150 rows of features but 100 targets"
    );
}

/// The views take the search's result and the data again; data that is not the
/// search's, or does not fit together, must be refused there too (a data set with
/// 150 rows and 100 labels once passed the row-count test and panicked in
/// `Dataset::select`).
#[test]
fn a_data_set_that_does_not_fit_together_is_refused_by_every_view() {
    let iris = Dataset::iris();
    let config = SearchConfig::new(ParamGrid::parse(&["C=0.1,1"]).unwrap());
    let result = grid_search(&iris, &config, &mut |_| true).unwrap();
    let other = if result.best_index == 0 { 1 } else { 0 };
    // The views check structure only (linear in the rows, on every frame): a NaN
    // feature cannot reach them, as the search refuses it first.
    for (what, data) in broken_sets()
        .into_iter()
        .filter(|(what, _)| *what != "a NaN feature")
    {
        assert!(
            refuses(what, || CandidateModel::fit(&data, &config, &result, other)),
            "{what}"
        );
        assert!(
            refuses(what, || view::learning_curve(
                &data,
                &config,
                &result,
                0,
                &view::LearningOptions::default(),
                &mut |_| true
            )),
            "{what}"
        );
        assert!(
            refuses(what, || view::regularisation_path(
                &data,
                &config,
                &result,
                0,
                &view::RegPathOptions::default(),
                &mut |_| true
            )),
            "{what}"
        );
        let model = CandidateModel::best(&result);
        assert!(
            refuses(what, || view::boundary(
                &data,
                &result,
                &model,
                &view::BoundaryOptions::default()
            )),
            "{what}"
        );
    }
}

#[test]
fn grids_and_fits_are_refused_up_front_naming_the_limit() {
    // 150 000 C values, as a link can ask for: refused when the grid is built.
    let values: Vec<String> = (1..=150_000).map(|i| i.to_string()).collect();
    let err = ParamGrid::parse(&[format!("C={}", values.join(","))]).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("grid: 150000 candidates is over the limit of {MAX_CANDIDATES} candidates")
    );
    assert_eq!(err.data().field.as_deref(), Some("grid"));
    assert_eq!(
        err.data().limit,
        Some(format!("{MAX_CANDIDATES} candidates"))
    );
    // The same grid as the page sends it.
    let json = format!(r#"{{"grid": {{"C": [{}]}}}}"#, values.join(","));
    let err = serde_json::from_str::<SearchConfig>(&json).unwrap_err();
    assert!(
        err.to_string()
            .contains("over the limit of 100000 candidates"),
        "{err}"
    );

    // Fits: candidates × folds + 1. The largest grid with 5 folds runs; 60 000 C
    // values with 10 folds (the 600 001 fits of a hostile link) do not.
    assert!(limits::check_plan(MAX_CANDIDATES, 5).is_ok());
    let err = limits::check_plan(60_000, 10).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "fits: 600001 (60000 candidates × 10 folds + 1 refit) is over the limit of {MAX_FITS}"
        )
    );
}

/// `plan`, `plan_for_shape` (the page's `plan_for_summary`) and the search refuse the
/// same fits.
#[test]
fn plan_refuses_too_many_fits_as_the_search_does() {
    let values: Vec<String> = (1..=60_000).map(|i| i.to_string()).collect();
    let mut config =
        SearchConfig::new(ParamGrid::parse(&[format!("C={}", values.join(","))]).unwrap());
    config.cv.k = 10;
    let names = ["a", "b", "c"].map(String::from);
    let err = plan_for_shape(3_000, 4, Some(&[1_000, 1_000, 1_000]), &names, &config).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("fits: 600001 (60000 candidates × 10 folds + 1 refit)"),
        "{err}"
    );
    let mut config = SearchConfig::default();
    config.cv.k = 101;
    let err = plan(&Dataset::iris(), &config).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("cv: 101 is over the limit of 100"),
        "{err}"
    );
}

#[test]
fn max_iter_and_hidden_units_name_their_limit_wherever_they_are_set() {
    let iris = Dataset::iris();
    for json in [
        r#"{"base": {"max_iter": 4294967296}}"#,
        r#"{"grid": {"max_iter": [100, 4294967296]}}"#,
        r#"{"model": "lasso", "base": {"max_iter": 4294967296}}"#,
        r#"{"model": "mlp_classifier", "base": {"max_iter": 4294967296}}"#,
    ] {
        let config: SearchConfig = serde_json::from_str(json).unwrap();
        let shape_err = if config.model.is_classifier() {
            plan(&iris, &config).unwrap_err()
        } else {
            plan_for_shape(100, 3, None, &[], &config).unwrap_err()
        };
        let data = shape_err.data();
        assert_eq!(data.kind, "over_limit", "{json}: {shape_err}");
        assert_eq!(data.field.as_deref(), Some("max_iter"), "{json}");
        assert_eq!(data.value.as_deref(), Some("4294967296"), "{json}");
        assert_eq!(data.limit.as_deref(), Some("1000000"), "{json}");
    }
    let config: SearchConfig = serde_json::from_str(
        r#"{"model": "mlp_classifier", "grid": {"hidden_layer_sizes": [4294967295]}}"#,
    )
    .unwrap();
    let err = plan(&iris, &config).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("hidden_layer_sizes: 4294967295 is over the limit of 10000"),
        "{err}"
    );
}

#[test]
fn shapes_from_the_page_are_checked_before_anything_is_allocated() {
    for (n, p, counts) in [
        (usize::MAX, 4, None),
        (10, usize::MAX, None),
        (1_000_000, 5_000, None),
        (2, 4, Some(vec![usize::MAX, 2])),
        (2_000, 4, Some(vec![2; 1_000 + 1])),
    ] {
        let err = limits::check_shape(n, p, counts.as_deref()).unwrap_err();
        assert!(
            matches!(err, Error::OverLimit { .. } | Error::Shape(_)),
            "{err}"
        );
    }
}

#[test]
fn extreme_values_print_compactly() {
    let config = SearchConfig::new(ParamGrid::parse(&["C=1e308,1e-300"]).unwrap());
    let result = grid_search(&Dataset::iris(), &config, &mut |_| true).unwrap();
    let labels: Vec<String> = result
        .cv_results
        .params()
        .iter()
        .map(tunelab::select::grid::candidate_label)
        .collect();
    assert_eq!(labels, ["C=1e308", "C=1e-300"]);
    let err = tunelab::Params::default()
        .c(f64::MAX)
        .tol(-1e300)
        .check()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "parameter tol: -1e300 is not allowed: must be ≥ 0"
    );
}

#[test]
fn synthetic_sizes_are_checked() {
    assert!(Dataset::synthetic(usize::MAX, 50, 3, 0).is_err());
    assert!(Dataset::synthetic(1_000, usize::MAX, 3, 0).is_err());
    assert_eq!(
        Dataset::synthetic(1_000, 5, 1_000_000, 0)
            .unwrap_err()
            .to_string(),
        "classes: 1000000 is over the limit of 1000"
    );
    for classes in [0, 1] {
        let err = Dataset::synthetic(100, 5, classes, 0).unwrap_err();
        assert_eq!(err.data().field.as_deref(), Some("classes"));
    }
    assert!(Dataset::synthetic(5, 5, 3, 0).is_err(), "2 rows per class");
    assert!(Dataset::synthetic_regression(0, 5, 0).is_err());
    let data = Dataset::synthetic(60, 2, 3, 7).unwrap();
    assert_eq!(
        data,
        Dataset::synthetic(60, 2, 3, 7).unwrap(),
        "a seed gives one data set"
    );
    assert!(Dataset::synthetic_regression(50, 3, 1).is_ok());
}

#[test]
fn selecting_rows_past_the_end_is_an_error_not_a_panic() {
    let iris = Dataset::iris();
    assert_eq!(iris.select(&[0, 149]).unwrap().n_samples(), 2);
    let err = iris.select(&[3, 150]).unwrap_err();
    assert!(err.to_string().contains("row 150"), "{err}");
}
