//! Honest outcomes: a teaching optimiser that bounces is `oscillating`, one stopped
//! far from the optimum says `max_iter` with its gradient, and the search's
//! `fit_status` reports both.
#![allow(clippy::unwrap_used)]

use tunelab::data::generate::{Kind, Spec, Target, generate};
use tunelab::model::mlp::{MlpParams, MlpSolver, MlpTarget};
use tunelab::model::{Outcome, ParamValue, TEACHING_TOL};
use tunelab::preprocess::StandardScaler;
use tunelab::select::{ParamGrid, SearchConfig, grid_search};
use tunelab::{Dataset, Params, Solver};

fn fit(solver: Solver, lr: f64, max_iter: usize) -> Outcome {
    let iris = Dataset::iris();
    let x = StandardScaler::fit(iris.x.view()).transform(iris.x.view());
    Params::default()
        .solver(solver)
        .learning_rate(lr)
        .max_iter(max_iter)
        .check()
        .unwrap()
        .fit(x.view(), iris.classes().unwrap(), 3)
        .unwrap()
        .outcome
}

#[test]
fn gradient_descent_at_lr_30_oscillates() {
    let o = fit(Solver::Gd, 30.0, 200);
    assert!(o.is_oscillating() || o.is_diverged(), "{o:?}");
    let Outcome::Oscillating {
        iteration,
        window,
        low,
        high,
        ..
    } = o
    else {
        unreachable!()
    };
    assert_eq!((iteration, window), (200, 40));
    assert!(high > 5.0 * low, "it bounces: {low}..{high}");
    assert!(
        o.describe().starts_with(
            "oscillating: the objective has not decreased over the last 40 iterations"
        ) && o.describe().ends_with("learning rate too large?"),
        "{}",
        o.describe()
    );
    let json = serde_json::to_value(&o).unwrap();
    assert_eq!(json["status"], "oscillating");
    assert_eq!(o.tag(), "oscillating");
    // The other optimisers bounce too at lr = 30.
    for solver in [Solver::Momentum, Solver::Adam, Solver::Nesterov] {
        let o = fit(solver, 30.0, 200);
        assert!(o.is_oscillating() || o.is_diverged(), "{solver}: {o:?}");
    }
}

#[test]
fn slow_gradient_descent_stops_at_max_iter_with_its_gradient() {
    let o = fit(Solver::Gd, 0.01, 200);
    let Outcome::MaxIter {
        iteration,
        gradient,
    } = o
    else {
        panic!("{o:?}")
    };
    assert_eq!(iteration, 200);
    assert!(gradient > 1e-2, "far from the optimum: {gradient}");
    assert_eq!(
        o.describe(),
        format!("stopped at max_iter = 200 before converging (gradient {gradient:.1e})")
    );
    assert_eq!(serde_json::to_value(&o).unwrap()["status"], "max_iter");
}

#[test]
fn adam_reports_honestly_and_converges_given_time() {
    // lr = 0.1: 200 steps leave a gradient of about 1e-4, above the teaching tolerance.
    match fit(Solver::Adam, 0.1, 200) {
        Outcome::MaxIter { gradient, .. } => assert!(gradient > TEACHING_TOL),
        Outcome::Converged { .. } => {}
        o => panic!("{o:?}"),
    }
    // Given time, the teaching optimisers converge to the 1e-6 default tolerance.
    for (solver, lr) in [
        (Solver::Adam, 0.1),
        (Solver::Gd, 1.0),
        (Solver::Nesterov, 1.0),
    ] {
        let o = fit(solver, lr, 5000);
        assert!(o.is_converged(), "{solver} lr={lr}: {o:?}");
    }
}

#[test]
fn the_optimisers_preset_reports_every_fit_honestly() {
    let iris = Dataset::iris();
    let mut config = SearchConfig::new(
        ParamGrid::parse(&["solver=gd,momentum,adam", "learning_rate=0.01,0.1,1,30"]).unwrap(),
    );
    config.fix("max_iter", ParamValue::Num(200.0));
    let result = grid_search(&iris, &config, &mut |_| true).unwrap();
    let status = result.cv_results.texts("fit_status").unwrap();
    let means = result.cv_results.floats("mean_test_score").unwrap();
    // Candidates as ParameterGrid orders them: learning_rate-major, solver fastest
    // (gd, momentum, adam), so lr = 30 is candidates 9..12.
    for i in 9..12 {
        assert!(status[i].contains("oscillating"), "{i}: {}", status[i]);
        assert!(means[i].is_finite(), "an oscillating fit still scores");
    }
    let gd001 = &status[0];
    assert!(
        gd001.contains("stopped at max_iter = 200 before converging (gradient"),
        "{gd001}"
    );
    assert!(
        status.iter().all(|s| s != "ok"),
        "none of them converges in 200 steps"
    );
    // The converging default is unaffected.
    let seed = grid_search(&iris, &SearchConfig::default(), &mut |_| true).unwrap();
    assert!(
        seed.cv_results
            .texts("fit_status")
            .unwrap()
            .iter()
            .all(|s| s == "ok")
    );
}

#[test]
fn a_full_batch_network_with_a_huge_step_is_not_converged() {
    let spec = Spec {
        n_samples: 100,
        ..Spec::new("moons".parse::<Kind>().unwrap())
    };
    let moons = generate(&spec).unwrap();
    let x = StandardScaler::fit(moons.x.view()).transform(moons.x.view());
    let Target::Classes(y) = &moons.target else {
        panic!("moons has classes")
    };
    let target = MlpTarget::Classes { y, n_classes: 2 };
    let fitted = MlpParams::default()
        .hidden_layer_sizes(5)
        .solver(MlpSolver::Gd)
        .learning_rate_init(20.0)
        .max_iter(300)
        .check()
        .unwrap()
        .fit(x.view(), &target)
        .unwrap();
    assert!(
        fitted.outcome.is_oscillating() || fitted.outcome.is_diverged(),
        "{:?}",
        fitted.outcome
    );
}

#[test]
fn momentum_settling_with_ripples_is_not_oscillating() {
    // Petal length, versicolor against virginica: momentum at lr = 1 circles into
    // the optimum, its objective rippling by 4e-5 around 0.2691 in the last window.
    let iris = Dataset::iris();
    let rows: Vec<usize> = (50..150).collect();
    let x = iris
        .x
        .select(ndarray::Axis(0), &rows)
        .slice(ndarray::s![.., 2..3])
        .to_owned();
    let x = StandardScaler::fit(x.view()).transform(x.view());
    let y: Vec<usize> = rows.iter().map(|&r| usize::from(r >= 100)).collect();
    let m = Params::default()
        .solver(Solver::Momentum)
        .learning_rate(1.0)
        .max_iter(100)
        .check()
        .unwrap()
        .fit(x.view(), &y, 2)
        .unwrap();
    assert!(
        matches!(m.outcome, Outcome::MaxIter { .. }),
        "{:?}",
        m.outcome
    );
}
