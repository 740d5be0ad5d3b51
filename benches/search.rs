//! Grid-search benchmarks, each matched by `scripts/bench_sklearn.py` on the identical
//! data and grid (`make bench` runs both, scikit-learn pinned to one thread):
//!
//! * scikit-learn's seed grid on Iris (logistic regression);
//! * a 6-value `C` grid, 5 folds, on a synthetic 10 000 × 50, 3-class set;
//! * 6-value `alpha` grids of ridge and lasso, 5 folds, on a synthetic 10 000 × 50
//!   regression set;
//! * an MLP over `hidden_layer_sizes` 1, 2, 5, 20, 100 × 5 folds on two moons
//!   (200 rows), as the page's lesson runs it.
//!
//! These run on one thread with warm starts along `C` / `alpha` (the default), as
//! scikit-learn runs with `n_jobs=1`. The `warm_vs_cold` group times the 10 000 × 50
//! logistic and lasso grids cold, warm, and warm on every core, and prints the
//! iterations each way (`warm_vs_cold: … iterations warm, … cold`).
#![allow(missing_docs)] // criterion's macros generate undocumented items.
#![allow(clippy::unwrap_used)] // fixed, valid sizes: a bench is not a user's input.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use tunelab::Dataset;
use tunelab::data::generate::{Kind, Spec};
use tunelab::model::{ModelKind, ParamValue};
use tunelab::select::{Job, ParamGrid, SearchConfig, grid_search, grid_search_parallel};

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
    let data = Dataset::synthetic(10_000, 50, 3, 0).unwrap();
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
    let data = Dataset::synthetic_regression(10_000, 50, 0).unwrap();
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

/// Solver iterations of a search, summed over its cross-validation fits.
fn iterations(data: &Dataset, config: &SearchConfig) -> usize {
    let Ok(job) = Job::new(data, config, || 0.0) else {
        return 0;
    };
    (0..job.units().len())
        .filter_map(|i| job.run_unit(i).ok())
        .map(|o| o.n_iter())
        .sum()
}

fn warm_vs_cold(c: &mut Criterion) {
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let classes = Dataset::synthetic(10_000, 50, 3, 0).unwrap();
    let regression = Dataset::synthetic_regression(10_000, 50, 0).unwrap();
    let mut group = c.benchmark_group("warm_vs_cold");
    group.sample_size(10);
    for (name, data, model, grid) in [
        (
            "logistic 10000x50 (6 C x 5 folds + refit, l2)",
            &classes,
            ModelKind::LogisticRegression,
            "C=0.001,0.01,0.1,1,10,100",
        ),
        (
            "lasso 10000x50 (6 alphas x 5 folds + refit)",
            &regression,
            ModelKind::Lasso,
            "alpha=0.0001,0.001,0.01,0.1,0.3,1",
        ),
    ] {
        let Ok(grid) = ParamGrid::parse(&[grid]) else {
            return;
        };
        let mut warm = SearchConfig::new(grid);
        warm.model = model;
        let cold = SearchConfig {
            warm_start: false,
            ..warm.clone()
        };
        eprintln!(
            "warm_vs_cold: {name}: {} iterations warm, {} cold",
            iterations(data, &warm),
            iterations(data, &cold)
        );
        group.bench_function(format!("{name}, cold, 1 thread"), |b| {
            b.iter(|| grid_search(black_box(data), &cold, &mut |_| true).map(|r| r.best_index))
        });
        group.bench_function(format!("{name}, warm, 1 thread"), |b| {
            b.iter(|| grid_search(black_box(data), &warm, &mut |_| true).map(|r| r.best_index))
        });
        group.bench_function(format!("{name}, warm, {threads} threads"), |b| {
            b.iter(|| {
                grid_search_parallel(black_box(data), &warm, threads, &mut |_| true)
                    .map(|r| r.best_index)
            })
        });
    }
    group.finish();
}

/// One evaluation of the logistic objective and its gradient on the standardised
/// 10 000 × 50, 3-class set — the step every `C` fit repeats — and the floating-point
/// rate it reaches against this core's peak. Counted: the scores and the gradient,
/// `2·n·p·k` multiply-adds each (`4·n·p·k` flops); the softmax's exp and the
/// bookkeeping are left out, so the rate is a lower bound of the work done.
fn loss_gradient_gflops(c: &mut Criterion) {
    let data = Dataset::synthetic(10_000, 50, 3, 0).unwrap();
    let x = tunelab::preprocess::StandardScaler::fit(data.x.view()).transform(data.x.view());
    let y = data.classes().unwrap().to_vec();
    let obj = tunelab::model::Objective::new(x.view(), &y, 3, 1.0, (0.0, 1.0), true).unwrap();
    let theta: Vec<f64> = (0..obj.dim())
        .map(|i| ((i as f64) * 0.37).sin() * 0.1)
        .collect();
    let mut grad = vec![0.0; obj.dim()];
    c.bench_function("logistic_loss_gradient (10000 x 50, 3 classes)", |b| {
        b.iter(|| obj.gradient(black_box(&theta), &mut grad))
    });
    let evals = 400;
    let start = std::time::Instant::now();
    for _ in 0..evals {
        black_box(obj.gradient(black_box(&theta), &mut grad));
    }
    let secs = start.elapsed().as_secs_f64() / evals as f64;
    let flops = 4.0 * 10_000.0 * 50.0 * 3.0;
    let ghz = cpu_ghz();
    let avx512 = std::is_x86_feature_detected!("avx512f") && std::is_x86_feature_detected!("fma");
    let (lanes, name) = if avx512 {
        (8.0, "AVX-512")
    } else {
        (4.0, "AVX2")
    };
    println!(
        "loss_gradient: {:.3} ms per evaluation, {:.2} GFLOP/s on one core",
        secs * 1e3,
        flops / secs / 1e9
    );
    if let Some(ghz) = ghz {
        // Two fused multiply-add units of `lanes` f64 each: 4·lanes flops per cycle.
        let peak = ghz * 4.0 * lanes;
        // The kernel's own ceiling: AVX2, separate multiply and add (no FMA, for the
        // same bits on every target), two of each per cycle: 16 flops per cycle.
        let ceiling = ghz * 16.0;
        println!(
            "  = {:.0} % of this core's {name} FMA peak ({peak:.0} GFLOP/s at {ghz:.2} GHz), {:.0} % of the kernel's AVX2 mul+add ceiling ({ceiling:.0} GFLOP/s)",
            100.0 * flops / secs / 1e9 / peak,
            100.0 * flops / secs / 1e9 / ceiling
        );
    }
}

/// The clock of the first core in GHz, from /proc/cpuinfo (Linux), if readable.
fn cpu_ghz() -> Option<f64> {
    let info = std::fs::read_to_string("/proc/cpuinfo").ok()?;
    let mhz = info
        .lines()
        .find(|l| l.starts_with("cpu MHz"))?
        .split(':')
        .nth(1)?;
    Some(mhz.trim().parse::<f64>().ok()? / 1000.0)
}

criterion_group! {
    name = benches;
    config = Criterion::default();
    targets = loss_gradient_gflops, iris_seed_grid, synthetic_c_grid, regression_alpha_grids, mlp_moons, warm_vs_cold
}
criterion_main!(benches);
