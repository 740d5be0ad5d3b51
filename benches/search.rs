//! Grid-search benchmarks: scikit-learn's seed grid on Iris, and a 6-value C grid
//! with 5 folds on a synthetic 10 000 × 50, 3-class set. `scripts/bench_sklearn.py`
//! times scikit-learn on the identical data and grids (`make bench` runs both).
#![allow(missing_docs)] // criterion's macros generate undocumented items.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use tunelab::Dataset;
use tunelab::select::{ParamGrid, SearchConfig, grid_search};

fn iris_seed_grid(c: &mut Criterion) {
    let iris = Dataset::iris();
    let config = SearchConfig::default();
    c.bench_function("iris_seed_grid (12 candidates x 5 folds + refit)", |b| {
        b.iter(|| grid_search(black_box(&iris), &config, &mut |_| true).map(|r| r.best_index))
    });
}

fn synthetic_c_grid(c: &mut Criterion) {
    let data = Dataset::synthetic(10_000, 50, 3, 0);
    let Ok(grid) = ParamGrid::parse(&["C=0.001,0.01,0.1,1,10,100"]) else {
        return;
    };
    let config = SearchConfig::new(grid);
    let mut group = c.benchmark_group("synthetic_10000x50");
    group.sample_size(10);
    group.bench_function("c_grid (6 candidates x 5 folds + refit, l2)", |b| {
        b.iter(|| grid_search(black_box(&data), &config, &mut |_| true).map(|r| r.best_index))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default();
    targets = iris_seed_grid, synthetic_c_grid
}
criterion_main!(benches);
