//! Summarising a search result for the page (`report::views`: the default axes, the
//! heatmap, the validation curve and the table's columns, from one index of the axis
//! values) for 10,000- and 100,000-candidate results: elastic-net grids of alpha ×
//! l1_ratio (100 × 100 and 316 × 316, so every candidate is a heatmap cell — the worst
//! case), 3 folds on a 40-row line. The searches run once, before the timing.
#![allow(missing_docs)] // criterion's macros generate undocumented items.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use tunelab::Dataset;
use tunelab::data::generate::{Kind, Spec};
use tunelab::model::{ModelKind, ParamValue};
use tunelab::report;
use tunelab::select::{ParamGrid, SearchConfig, SearchResult, grid_search};
use tunelab::view::ResultsView;

/// A search of `side` alphas × `side` l1 ratios.
fn result(side: usize) -> Option<SearchResult> {
    let mut spec = Spec::new(Kind::Line);
    spec.n_samples = 40;
    let data = Dataset::generated(&spec).ok()?;
    let values = |lo: f64, hi: f64| -> String {
        (0..side)
            .map(|i| format!("{}", lo + (hi - lo) * i as f64 / (side - 1) as f64))
            .collect::<Vec<_>>()
            .join(",")
    };
    let grid = ParamGrid::parse(&[
        format!("alpha={}", values(0.001, 1.0)),
        format!("l1_ratio={}", values(0.0, 1.0)),
    ])
    .ok()?;
    let mut config = SearchConfig::new(grid);
    config.model = ModelKind::ElasticNet;
    config.cv.k = 3;
    config.fix("max_iter", ParamValue::Num(3.0));
    grid_search(&data, &config, &mut |_| true).ok()
}

fn views(c: &mut Criterion) {
    let mut group = c.benchmark_group("views");
    group.sample_size(20);
    for (side, name) in [(100, "10k"), (316, "100k")] {
        let Some(result) = result(side) else {
            return;
        };
        let n = result.cv_results.n_candidates();
        group.bench_function(
            format!("summarise {name} ({n} candidates: axes, heatmap, validation, table)"),
            |b| b.iter(|| report::views(black_box(&result))),
        );
        group.bench_function(format!("index {name} (ResultsView::new alone)"), |b| {
            b.iter(|| ResultsView::new(black_box(&result)).axes().len())
        });
        let last = n - 1;
        group.bench_function(format!("heatmap {name} with a selection"), |b| {
            let view = ResultsView::new(&result);
            b.iter(|| view.heatmap("alpha", "l1_ratio", black_box(&[0, last])))
        });
    }
    group.finish();
}

criterion_group!(benches, views);
criterion_main!(benches);
