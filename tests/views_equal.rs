//! The linear views (`view::ResultsView`, behind `report::heatmap`, `validation` and
//! `heatmap_candidate`) give exactly the data the quadratic code before them gave
//! (`tests/reference/old_report.rs`, kept verbatim): on fixed grids and on random grids
//! with several sub-grids, text, switch and numeric axes, ties and missing parameters.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "reference/old_report.rs"]
mod old;

use proptest::prelude::*;
use serde_json::{Value, json};
use tunelab::data::generate::{Kind, Spec};
use tunelab::metrics::Scorer;
use tunelab::model::{ModelKind, ParamValue};
use tunelab::report;
use tunelab::select::{ParamGrid, SearchConfig, SearchResult, SubGrid, grid_search};
use tunelab::view::ResultsView;
use tunelab::{Dataset, report::report as full_report};

/// JSON, so that NaN (null) equals NaN.
fn j<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).unwrap()
}

/// Every view of `result` from the old code and from the new, side by side.
fn assert_same_views(result: &SearchResult, selections: &[Vec<usize>]) {
    let view = ResultsView::new(result);
    let mut names: Vec<String> = old::varying(result).into_iter().map(|(n, _)| n).collect();
    let new_varying: Vec<(String, bool)> = view
        .varying()
        .into_iter()
        .map(|(n, b)| (n.to_string(), b))
        .collect();
    assert_eq!(old::varying(result), new_varying);
    assert_eq!(old::default_axes(result), view.default_axes());
    for i in 0..result.cv_results.n_candidates() {
        assert_eq!(view.tooltip(i), Some(old::tooltip(result, i)));
        assert_eq!(tunelab::view::tooltip(result, i), view.tooltip(i));
    }
    assert_eq!(view.tooltip(result.cv_results.n_candidates()), None);
    // Parameters that do not vary and one no candidate has are asked for too.
    for c in result.cv_results.params() {
        for k in c.keys() {
            if !names.contains(k) {
                names.push(k.clone());
            }
        }
    }
    names.push("nope".into());
    let mut ys = names.clone();
    ys.push(String::new());
    for x in &names {
        for y in &ys {
            for sel in selections {
                let (a, b) = (
                    old::heatmap(result, x, y, sel),
                    report::heatmap(result, x, y, sel),
                );
                assert_eq!(j(&a), j(&b), "heatmap {x} × {y:?}, selected {sel:?}");
                assert_eq!(j(&b), j(&view.heatmap(x, y, sel)));
            }
            let (rows, cols) = old::heatmap(result, x, y, &[])
                .map_or((2, 2), |h| (h.y_ticks.len() + 1, h.x_ticks.len() + 1));
            for row in 0..rows {
                for col in 0..cols {
                    assert_eq!(
                        old::heatmap_candidate(result, x, y, (col, row)),
                        view.heatmap_candidate(x, y, (col, row)),
                        "cell ({col}, {row}) of {x} × {y:?}"
                    );
                }
            }
        }
        for group in std::iter::once(None).chain(names.iter().map(|g| Some(g.as_str()))) {
            assert_eq!(
                j(&old::validation(result, x, group)),
                j(&report::validation(result, x, group)),
                "validation {x} by {group:?}"
            );
        }
    }
}

fn line_data() -> Dataset {
    let mut spec = Spec::new(Kind::Line);
    spec.n_samples = 30;
    Dataset::generated(&spec).unwrap()
}

#[test]
fn iris_grids_give_the_same_views() {
    let iris = Dataset::iris();
    for specs in [
        vec!["C=0.001,0.01,0.1,1,10,100", "penalty=l1,l2"],
        // Three axes: each cell the best over the third; ties at max_iter.
        vec![
            "C=0.01,1,100",
            "penalty=l2",
            "max_iter=1,5,100",
            "solver=lbfgs,gd",
        ],
        vec!["C=1"],
    ] {
        let grid = ParamGrid::parse(&specs).unwrap();
        let mut config = SearchConfig::new(grid);
        config.scoring = vec![Scorer::Accuracy, Scorer::BalancedAccuracy];
        config.refit = Some(Scorer::BalancedAccuracy);
        let result = grid_search(&iris, &config, &mut |_| true).unwrap();
        let n = result.cv_results.n_candidates();
        assert_same_views(&result, &[vec![], vec![n - 1], vec![0, n / 2, n - 1, 0]]);
        // The report itself, built once from one view, says the same.
        let r = full_report(&iris, &config, result.clone());
        let (x, y) = old::default_axes(&result);
        assert_eq!(
            (r.x_param.clone(), r.y_param.clone()),
            (x.clone(), y.clone())
        );
        if let Some(x) = &x {
            assert_eq!(
                j(&r.heatmap),
                j(&old::heatmap(&result, x, y.as_deref().unwrap_or(""), &[]))
            );
            assert_eq!(
                j(&r.validation),
                j(&old::validation(&result, x, y.as_deref()))
            );
        }
    }
}

/// One sub-grid of an elastic net on a noisy line: some of its parameters, each with
/// a non-empty subset of a few values.
fn sub_grid() -> impl Strategy<Value = SubGrid> {
    let num = |vals: &'static [f64]| {
        proptest::sample::subsequence(vals.to_vec(), 1..=vals.len())
            .prop_map(|v| v.into_iter().map(ParamValue::Num).collect::<Vec<_>>())
    };
    (
        proptest::option::of(num(&[100.0, 1e-4, 0.01, 1.0, 10.0])),
        proptest::option::of(num(&[0.5, 0.0, 1.0])),
        proptest::option::of(num(&[1.0, 1000.0, 2.0])),
        proptest::option::of(
            proptest::sample::subsequence(vec![true, false], 1..=2)
                .prop_map(|v| v.into_iter().map(ParamValue::Bool).collect::<Vec<_>>()),
        ),
        proptest::option::of(num(&[2.0, 1.0])),
    )
        .prop_map(|(alpha, l1, iters, standardize, degree)| {
            let mut g = SubGrid::new();
            for (name, values) in [
                ("alpha", alpha),
                ("l1_ratio", l1),
                ("max_iter", iters),
                ("standardize", standardize),
                ("degree", degree),
            ] {
                if let Some(v) = values {
                    g.insert(name.to_string(), v);
                }
            }
            if g.is_empty() {
                g.insert("alpha".into(), vec![ParamValue::Num(1.0)]);
            }
            g
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn random_grids_give_the_same_views(
        grids in proptest::collection::vec(sub_grid(), 1..=2),
        scoring in proptest::sample::select(vec![
            vec![Scorer::R2],
            vec![Scorer::NegMeanSquaredError],
            vec![Scorer::NegMeanAbsoluteError, Scorer::R2],
        ]),
        train in any::<bool>(),
        picks in proptest::collection::vec(any::<prop::sample::Index>(), 0..4),
    ) {
        let data = line_data();
        let mut config = SearchConfig::new(ParamGrid::new(grids).unwrap());
        config.model = ModelKind::ElasticNet;
        config.scoring = scoring;
        config.return_train_score = train;
        config.cv.k = 3;
        let result = grid_search(&data, &config, &mut |_| true).unwrap();
        let n = result.cv_results.n_candidates();
        let sel: Vec<usize> = picks.iter().map(|p| p.index(n)).collect();
        assert_same_views(&result, &[vec![], sel]);
    }
}

#[test]
fn the_report_names_the_table_columns() {
    let iris = Dataset::iris();
    let config = SearchConfig::default();
    let result = grid_search(&iris, &config, &mut |_| true).unwrap();
    let r = full_report(&iris, &config, result);
    assert_eq!(
        j(&r.table),
        json!({
            "columns": ["param_C", "param_penalty", "mean_test_score", "std_test_score",
                "rank_test_score", "mean_train_score", "mean_fit_time", "mean_score_time",
                "fit_status"],
            "mean_test": "mean_test_score",
            "max_rows": 1000,
        })
    );
}

#[test]
fn a_heatmap_past_the_tooltip_cap_sends_none_but_each_text_is_there_on_request() {
    let alphas: Vec<String> = (0..65)
        .map(|i| format!("{}", 0.001 * f64::from(i + 1)))
        .collect();
    let ratios: Vec<String> = (0..64)
        .map(|i| format!("{}", f64::from(i) / 63.0))
        .collect();
    let grid = ParamGrid::parse(&[
        format!("alpha={}", alphas.join(",")),
        format!("l1_ratio={}", ratios.join(",")),
    ])
    .unwrap();
    let mut config = SearchConfig::new(grid);
    config.model = ModelKind::ElasticNet;
    config.cv.k = 2;
    config.fix("max_iter", ParamValue::Num(3.0));
    let result = grid_search(&line_data(), &config, &mut |_| true).unwrap();
    let view = ResultsView::new(&result);
    let h = view.heatmap("alpha", "l1_ratio", &[7]).unwrap();
    const { assert!(65 * 64 > tunelab::view::TOOLTIP_CELLS) };
    assert!(h.tooltips.is_empty());
    // The old heatmap of 4,160 cells takes seconds unoptimised: a few cells of it suffice.
    for (col, row) in [(0, 0), (64, 63), (13, 40), (7, 0)] {
        let i = old::heatmap_candidate(&result, "alpha", "l1_ratio", (col, row));
        assert_eq!(h.candidates[row][col], i);
        assert_eq!(
            view.tooltip(i.unwrap()),
            Some(old::tooltip(&result, i.unwrap()))
        );
    }
    assert_eq!(
        h.selected,
        Some((7, 0)),
        "candidate 7: alpha=0.001, l1_ratio=7/63"
    );
}
