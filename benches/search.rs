//! Grid-search benchmarks, each matched by `scripts/bench_sklearn.py` on the identical
//! data and grid (`make bench` runs both, scikit-learn pinned to one thread):
//!
//! * scikit-learn's seed grid on Iris (logistic regression);
//! * a 6-value `C` grid, 5 folds, on a synthetic 10 000 × 50, 3-class set;
//! * 6-value `alpha` grids of ridge and lasso, 5 folds, on a synthetic 10 000 × 50
//!   regression set;
//! * an MLP over `hidden_layer_sizes` 1, 2, 5, 20, 100 × 5 folds on two moons
//!   (200 rows), as the page's lesson runs it.
#![allow(missing_docs)] // criterion's macros generate undocumented items.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use tunelab::Dataset;
use tunelab::data::generate::{Kind, Spec};
use tunelab::model::{ModelKind, ParamValue};
use tunelab::select::{ParamGrid, SearchConfig, grid_search};

/// The MLP settings of the benchmark (and of scripts/bench_sklearn.py).
pub const MLP_MAX_ITER: f64 = 1000.0;
pub const MLP_LEARNING_RATE: f64 = 0.01;

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

fn regression_alpha_grids(c: &mut Criterion) {
    let data = Dataset::synthetic_regression(10_000, 50, 0);
    let mut group = c.benchmark_group("regression_10000x50");
    group.sample_size(10);
    for (model, alphas) in [
        (ModelKind::Ridge, "alpha=0.01,0.1,1,10,100,1000"),
        (ModelKind::Lasso, "alpha=0.0001,0.001,0.01,0.1,0.3,1"),
    ] {
        let Ok(grid) = ParamGrid::parse(&[alphas]) else {
            return;
        };
        let mut config = SearchConfig::new(grid);
        config.model = model;
        group.bench_function(format!("{model} (6 alphas x 5 folds + refit)"), |b| {
            b.iter(|| grid_search(black_box(&data), &config, &mut |_| true).map(|r| r.best_index))
        });
    }
    group.finish();
}

fn mlp_moons(c: &mut Criterion) {
    let Ok(data) = Dataset::generated(&Spec::new(Kind::Moons)) else {
        return;
    };
    let Ok(grid) = ParamGrid::parse(&["hidden_layer_sizes=1,2,5,20,100"]) else {
        return;
    };
    let mut config = SearchConfig::new(grid);
    config.model = ModelKind::MlpClassifier;
    config
        .fix("max_iter", ParamValue::Num(MLP_MAX_ITER))
        .fix("learning_rate_init", ParamValue::Num(MLP_LEARNING_RATE));
    let mut group = c.benchmark_group("moons_200");
    group.sample_size(10);
    group.bench_function("mlp_classifier (5 sizes x 5 folds + refit)", |b| {
        b.iter(|| grid_search(black_box(&data), &config, &mut |_| true).map(|r| r.best_index))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default();
    targets = iris_seed_grid, synthetic_c_grid, regression_alpha_grids, mlp_moons
}
criterion_main!(benches);
