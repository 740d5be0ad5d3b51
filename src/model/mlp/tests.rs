use ndarray::{Array2, ArrayView2, array, s};
use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;

use super::net::{Net, OutputActivation, Shape};
use super::*;
use crate::error::Error;
use crate::model::history::Outcome;

/// Training on rows read in pieces and through a fold's indices.
mod rows;

/// Weights drawn like the initialisation, for gradient checks.
fn random_weights(f: usize, h: usize, o: usize, seed: u64, scale: f64) -> MlpWeights {
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let mut w = MlpWeights::zeros(f, h, o);
    for a in w.coefs.iter_mut() {
        a.mapv_inplace(|_| scale * (2.0 * rng.random::<f64>() - 1.0));
    }
    for a in w.intercepts.iter_mut() {
        a.mapv_inplace(|_| scale * (2.0 * rng.random::<f64>() - 1.0));
    }
    w
}

fn random_x(n: usize, f: usize, seed: u64) -> Array2<f64> {
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    Array2::from_shape_fn((n, f), |_| 2.0 * rng.random::<f64>() - 1.0)
}

/// Two interleaving half circles with a little noise, `n` rows, labels 0/1.
fn moons(n: usize, seed: u64) -> (Array2<f64>, Vec<usize>) {
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let mut x = Array2::zeros((n, 2));
    let mut y = vec![0; n];
    for i in 0..n {
        let t = std::f64::consts::PI * rng.random::<f64>();
        let (a, b, c) = if i % 2 == 0 {
            (t.cos(), t.sin(), 0)
        } else {
            (1.0 - t.cos(), 0.5 - t.sin(), 1)
        };
        x[[i, 0]] = a + 0.1 * (2.0 * rng.random::<f64>() - 1.0);
        x[[i, 1]] = b + 0.1 * (2.0 * rng.random::<f64>() - 1.0);
        y[i] = c;
    }
    (x, y)
}

/// The fixed start of the scikit-learn parity tests (a 2-3-o network).
fn parity_start(o: usize) -> MlpWeights {
    let w1 = array![[0.4, -0.3, 0.2], [-0.6, 0.5, 0.1], [0.2, 0.3, -0.5]];
    MlpWeights {
        coefs: [
            array![[0.3, -0.5, 0.2], [0.6, 0.1, -0.4]],
            w1.slice(s![.., ..o]).to_owned(),
        ],
        intercepts: [
            array![0.05, -0.1, 0.2],
            array![0.1, -0.2, 0.05].slice(s![..o]).to_owned(),
        ],
    }
}

fn parity_x() -> Array2<f64> {
    array![
        [0.1, -0.4],
        [0.9, 0.3],
        [-0.5, 0.8],
        [0.2, 0.2],
        [-0.7, -0.6],
        [0.4, -0.9],
        [-0.1, 0.5],
        [0.8, -0.2]
    ]
}

const PARITY_BINARY: [usize; 8] = [0, 1, 1, 0, 1, 0, 0, 1];
const PARITY_MULTI: [usize; 8] = [0, 2, 1, 2, 1, 0, 2, 1];
const PARITY_VALUES: [f64; 8] = [0.5, -1.0, 2.0, 0.0, 1.5, -0.3, 0.7, 1.1];

fn assert_close(found: &[f64], expected: &[f64], what: &str) {
    assert_eq!(found.len(), expected.len(), "{what}");
    for (f, e) in found.iter().zip(expected) {
        assert!(
            (f - e).abs() <= 1e-12 * (1.0 + e.abs()),
            "{what}: {found:?} vs {expected:?}"
        );
    }
}

/// Values computed by scikit-learn 1.9.1 (`MLP._backprop` on the same weights).
#[test]
#[allow(clippy::type_complexity)]
fn loss_and_gradient_match_scikit_learn() {
    let x = parity_x();
    let cases: [(MlpTarget, f64, Activation, f64, [f64; 6], &[f64]); 3] = [
        (
            MlpTarget::Classes {
                y: &PARITY_BINARY,
                n_classes: 2,
            },
            0.01,
            Activation::Tanh,
            0.7084820869389368,
            [
                0.014399476626180869,
                -0.03283443256072882,
                0.007687461055243289,
                -0.019483649229765962,
                0.026327118611365198,
                -0.007109664416928976,
            ],
            &[0.06581235618601224],
        ),
        (
            MlpTarget::Classes {
                y: &PARITY_MULTI,
                n_classes: 3,
            },
            0.1,
            Activation::Relu,
            1.1047296505762199,
            [
                0.016028557101058286,
                0.0729923301766718,
                0.05965831454281963,
                0.035759641041951645,
                -0.014874323098785568,
                0.07923486996502438,
            ],
            &[
                0.15128968463753112,
                -0.09208149685202865,
                -0.05920818778550243,
            ],
        ),
        (
            MlpTarget::Values(&PARITY_VALUES),
            0.05,
            Activation::Logistic,
            0.5539619803398046,
            [
                0.03247980853062868,
                -0.05118328348841656,
                0.017386755444736526,
                -0.003984116365680136,
                0.012276436664917055,
                -0.006210210007617169,
            ],
            &[-0.4183927566795787],
        ),
    ];
    for (target, alpha, act, loss, g0, gb1) in cases {
        let start = parity_start(target.n_outputs());
        let (l, g) = loss_and_gradient(&start, x.view(), &target, alpha, act).unwrap();
        assert_close(&[l], &[loss], "loss");
        assert_close(g.coefs[0].as_slice().unwrap(), &g0, "coef grad 0");
        assert_close(g.intercepts[1].as_slice().unwrap(), gb1, "intercept grad 1");
    }
}

/// Six epochs from the same start, without shuffling, as scikit-learn 1.9.1
/// (`warm_start` with `coefs_` and `intercepts_` set, `tol=0`).
#[test]
#[allow(clippy::type_complexity)]
fn training_matches_scikit_learn() {
    let x = parity_x();
    let binary = MlpTarget::Classes {
        y: &PARITY_BINARY,
        n_classes: 2,
    };
    let multi = MlpTarget::Classes {
        y: &PARITY_MULTI,
        n_classes: 3,
    };
    let values = MlpTarget::Values(&PARITY_VALUES);
    let base = MlpParams::default()
        .hidden_layer_sizes(3)
        .shuffle(false)
        .tol(0.0)
        .max_iter(6);
    let cases: [(MlpParams, MlpTarget, &[f64], &[f64], &[f64]); 3] = [
        (
            base.clone()
                .activation(Activation::Tanh)
                .alpha(0.01)
                .batch_size(Some(3))
                .learning_rate_init(0.05),
            binary,
            &[
                0.725354104801388,
                0.6943814784828245,
                0.6853911072258765,
                0.6831489798578391,
                0.6830693447310964,
                0.6830966807401423,
            ],
            &[
                0.5115656939953542,
                -0.3763325463041922,
                -0.08204130775316046,
            ],
            &[
                -0.14654953475282065,
                0.12391984198171233,
                0.11772467165699477,
            ],
        ),
        (
            base.clone()
                .solver(MlpSolver::Sgd)
                .alpha(0.1)
                .batch_size(Some(3))
                .learning_rate_init(0.1),
            multi,
            &[
                1.1237000672514161,
                1.0537372093214137,
                1.011949679346014,
                0.991045736374445,
                0.9648424315051009,
                0.9213810923627033,
            ],
            &[
                -0.05256568979295368,
                -0.16337908980761584,
                0.4022586522504502,
                -0.6698902470583288,
                0.6523350594764357,
                0.017555187581893027,
                0.6589005367779888,
                0.22226057764686288,
                -0.8811611144248517,
            ],
            &[-0.01739237992186319, 0.3108159280728578, 0.4613282874759785],
        ),
        (
            base.clone()
                .solver(MlpSolver::Sgd)
                .activation(Activation::Logistic)
                .alpha(0.05)
                .batch_size(Some(5))
                .learning_rate_init(0.05)
                .momentum(0.5)
                .nesterovs_momentum(false),
            values,
            &[
                0.5535505973796925,
                0.5188437544436545,
                0.491230421375291,
                0.47657081173703497,
                0.46944962313194705,
                0.46567601048053386,
            ],
            &[0.4966948354230813, -0.4540882830069177, 0.2853435094150108],
            &[
                0.07218825576583505,
                -0.12961072706187324,
                0.21241078852166384,
            ],
        ),
    ];
    for (params, target, curve, coef1, b0) in cases {
        let model = params
            .check()
            .unwrap()
            .fit_from(x.view(), &target, &parity_start(target.n_outputs()))
            .unwrap();
        assert_close(&model.loss_curve, curve, "loss curve");
        assert_close(
            model.weights.coefs[1].as_slice().unwrap(),
            coef1,
            "coefs[1]",
        );
        assert_close(
            model.weights.intercepts[0].as_slice().unwrap(),
            b0,
            "intercepts[0]",
        );
    }
}

/// The full-batch teaching solvers are scikit-learn's `sgd` with
/// `batch_size = n_samples`, and the no-improvement rule stops at the same epoch.
#[test]
fn full_batch_solvers_and_stopping_match_scikit_learn() {
    let x = parity_x();
    let multi = MlpTarget::Classes {
        y: &PARITY_MULTI,
        n_classes: 3,
    };
    let values = MlpTarget::Values(&PARITY_VALUES);
    let base = MlpParams::default()
        .hidden_layer_sizes(3)
        .tol(0.0)
        .max_iter(6);
    let gd = base
        .clone()
        .solver(MlpSolver::Gd)
        .activation(Activation::Identity)
        .alpha(0.2)
        .learning_rate_init(0.3)
        .check()
        .unwrap()
        .fit_from(x.view(), &multi, &parity_start(3))
        .unwrap();
    assert_close(
        &gd.loss_curve,
        &[
            1.1455206615266014,
            1.1051011442892231,
            1.0758870169136707,
            1.0532792162656657,
            1.0348108225909038,
            1.0190601350370603,
        ],
        "gd",
    );
    let nesterov = base
        .solver(MlpSolver::Nesterov)
        .activation(Activation::Tanh)
        .alpha(0.2)
        .learning_rate_init(0.1)
        .momentum(0.8)
        .check()
        .unwrap()
        .fit_from(x.view(), &values, &parity_start(1))
        .unwrap();
    assert_close(
        &nesterov.loss_curve,
        &[
            0.6537413070131696,
            0.6079025592903219,
            0.5618697076623277,
            0.5223153320075685,
            0.49075621799109886,
            0.46632000124309897,
        ],
        "nesterov",
    );
    // Epoch 5 fails to improve by tol, 6 and 7 too: 3 > n_iter_no_change = 2.
    let stopped = MlpParams::default()
        .hidden_layer_sizes(3)
        .shuffle(false)
        .activation(Activation::Tanh)
        .alpha(0.01)
        .batch_size(Some(3))
        .learning_rate_init(0.05)
        .tol(1e-3)
        .n_iter_no_change(2)
        .check()
        .unwrap()
        .fit_from(
            x.view(),
            &MlpTarget::Classes {
                y: &PARITY_BINARY,
                n_classes: 2,
            },
            &parity_start(1),
        )
        .unwrap();
    assert_eq!(stopped.outcome, Outcome::Converged { iteration: 7 });
    assert_close(
        &stopped.loss_curve[4..],
        &[0.6830693447310964, 0.6830966807401423, 0.6826963859999887],
        "stopping",
    );
}

/// Compares the analytic gradient with central differences on every parameter.
fn check_gradient(target: &MlpTarget, x: ArrayView2<f64>, w: &MlpWeights, act: Activation) {
    let alpha = 0.3;
    let (_, grad) = loss_and_gradient(w, x, target, alpha, act).unwrap();
    let shape = w.shape().unwrap();
    let theta = w.to_flat();
    let analytic = grad.to_flat();
    let h = 1e-6;
    for i in 0..theta.len() {
        let mut plus = theta.clone();
        plus[i] += h;
        let mut minus = theta.clone();
        minus[i] -= h;
        let lp = loss_and_gradient(
            &MlpWeights::from_flat(shape, &plus).unwrap(),
            x,
            target,
            alpha,
            act,
        )
        .unwrap()
        .0;
        let lm = loss_and_gradient(
            &MlpWeights::from_flat(shape, &minus).unwrap(),
            x,
            target,
            alpha,
            act,
        )
        .unwrap()
        .0;
        let numeric = (lp - lm) / (2.0 * h);
        assert!(
            (numeric - analytic[i]).abs() < 1e-6 * (1.0 + numeric.abs()),
            "{act} parameter {i}: numeric {numeric}, analytic {}",
            analytic[i]
        );
    }
}

#[test]
fn gradient_matches_finite_differences() {
    let x = random_x(7, 3, 1);
    let binary = [0, 1, 1, 0, 1, 0, 0];
    let multi = [0, 2, 1, 2, 1, 0, 2];
    let values = [0.5, -1.0, 2.0, 0.0, 1.5, -0.3, 0.7];
    let targets = [
        MlpTarget::Classes {
            y: &binary,
            n_classes: 2,
        },
        MlpTarget::Classes {
            y: &multi,
            n_classes: 3,
        },
        MlpTarget::Values(&values),
    ];
    for (t, target) in targets.iter().enumerate() {
        for (a, act) in [Activation::Tanh, Activation::Logistic, Activation::Identity]
            .into_iter()
            .enumerate()
        {
            let w = random_weights(3, 4, target.n_outputs(), (10 * t + a) as u64, 0.8);
            check_gradient(target, x.view(), &w, act);
        }
    }
}

#[test]
fn relu_gradient_matches_away_from_kinks() {
    let x = random_x(6, 2, 2);
    let multi = [0, 1, 2, 2, 1, 0];
    let values = [1.0, 0.0, -1.0, 0.5, 0.2, 2.0];
    for target in [
        MlpTarget::Classes {
            y: &multi,
            n_classes: 3,
        },
        MlpTarget::Values(&values),
    ] {
        let mut w = random_weights(2, 5, target.n_outputs(), 3, 0.8);
        // Move every hidden pre-activation at least 0.1 away from zero.
        let z = x.dot(&w.coefs[0]) + &w.intercepts[0];
        for j in 0..5 {
            let col = z.column(j);
            let closest = col
                .iter()
                .copied()
                .min_by(|a, b| a.abs().total_cmp(&b.abs()))
                .unwrap();
            if closest.abs() < 0.1 {
                w.intercepts[0][j] += 0.1 * closest.signum() + closest;
            }
        }
        let z = x.dot(&w.coefs[0]) + &w.intercepts[0];
        assert!(z.iter().all(|v| v.abs() > 1e-4), "{z}");
        check_gradient(&target, x.view(), &w, Activation::Relu);
    }
}

#[test]
fn loss_matches_hand_computation() {
    // One hidden identity unit with weight 1, output weight 1: ŷ = x.
    let mut w = MlpWeights::zeros(1, 1, 1);
    w.coefs[0][[0, 0]] = 1.0;
    w.coefs[1][[0, 0]] = 2.0;
    let x = array![[1.0], [3.0]];
    let (loss, _) = loss_and_gradient(
        &w,
        x.view(),
        &MlpTarget::Values(&[1.0, 1.0]),
        0.5,
        Activation::Identity,
    )
    .unwrap();
    // ŷ = [2, 6]: ½·mean(1, 25) = 6.5; ½·0.5·(1 + 4)/2 = 0.625.
    assert!((loss - 7.125).abs() < 1e-12, "{loss}");
    // A certain wrong binary prediction is clipped at ε.
    w.coefs[1][[0, 0]] = 1000.0;
    let (loss, _) = loss_and_gradient(
        &w,
        array![[1.0]].view(),
        &MlpTarget::Classes {
            y: &[0],
            n_classes: 2,
        },
        0.0,
        Activation::Identity,
    )
    .unwrap();
    assert!((loss + (f64::EPSILON).ln()).abs() < 1e-9, "{loss}");
}

#[test]
fn init_uses_glorot_bounds_layer_by_layer() {
    assert!((glorot_bound(2, 10, Activation::Relu) - 0.5_f64.sqrt()).abs() < 1e-15);
    assert!((glorot_bound(2, 10, Activation::Logistic) - (2.0_f64 / 12.0).sqrt()).abs() < 1e-15);
    for act in [Activation::Relu, Activation::Logistic] {
        let shape = Shape::new(3, 20, 4).unwrap();
        let net = Net {
            shape,
            activation: act,
            output: OutputActivation::Softmax,
        };
        let theta = net.init(&mut Pcg64Mcg::seed_from_u64(5));
        let w = MlpWeights::from_flat(shape, &theta).unwrap();
        let hidden = glorot_bound(3, 20, act);
        let output = glorot_bound(20, 4, act);
        for (a, bound) in [
            (
                w.coefs[0]
                    .iter()
                    .chain(&w.intercepts[0])
                    .collect::<Vec<_>>(),
                hidden,
            ),
            (w.coefs[1].iter().chain(&w.intercepts[1]).collect(), output),
        ] {
            assert!(a.iter().all(|v| v.abs() <= bound));
            // The draws fill the range rather than a corner of it.
            let max = a.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
            assert!(max > 0.7 * bound, "{act}: {max} vs {bound}");
        }
    }
}

#[test]
fn learns_moons_with_tanh_and_adam() {
    let (x, y) = moons(100, 7);
    let model = MlpParams::default()
        .hidden_layer_sizes(10)
        .activation(Activation::Tanh)
        .learning_rate_init(0.01)
        .max_iter(2000)
        .check()
        .unwrap()
        .fit(
            x.view(),
            &MlpTarget::Classes {
                y: &y,
                n_classes: 2,
            },
        )
        .unwrap();
    let pred = model.predict_classes(x.view()).unwrap();
    let accuracy = pred.iter().zip(&y).filter(|(p, t)| p == t).count() as f64 / 100.0;
    assert!(accuracy >= 0.95, "accuracy {accuracy}, {:?}", model.outcome);
    let proba = model.predict_proba(x.view()).unwrap();
    assert!(
        proba
            .rows()
            .into_iter()
            .all(|r| (r.sum() - 1.0).abs() < 1e-12)
    );
    assert_eq!(model.loss_curve.len(), model.n_iter);
    assert_eq!(model.history.iteration.first(), Some(&0));
    assert_eq!(model.history.iteration.last(), Some(&model.n_iter));
}

#[test]
fn multiclass_and_regression_fit() {
    let x = random_x(60, 2, 9);
    let labels: Vec<usize> = x
        .rows()
        .into_iter()
        .map(|r| {
            if r[0] > 0.3 {
                2
            } else if r[1] > 0.0 {
                1
            } else {
                0
            }
        })
        .collect();
    let model = MlpParams::default()
        .hidden_layer_sizes(16)
        .learning_rate_init(0.02)
        .max_iter(500)
        .check()
        .unwrap()
        .fit(
            x.view(),
            &MlpTarget::Classes {
                y: &labels,
                n_classes: 3,
            },
        )
        .unwrap();
    let pred = model.predict_classes(x.view()).unwrap();
    let right = pred.iter().zip(&labels).filter(|(p, t)| p == t).count();
    assert!(right >= 54, "{right}/60");
    assert_eq!(model.predict_proba(x.view()).unwrap().dim(), (60, 3));
    assert!(model.predict_values(x.view()).is_err());

    let values: Vec<f64> = x.rows().into_iter().map(|r| r[0] - 2.0 * r[1]).collect();
    let model = MlpParams::default()
        .activation(Activation::Identity)
        .learning_rate_init(0.01)
        .max_iter(500)
        .check()
        .unwrap()
        .fit(x.view(), &MlpTarget::Values(&values))
        .unwrap();
    let pred = model.predict_values(x.view()).unwrap();
    let mse = pred
        .iter()
        .zip(&values)
        .map(|(p, t)| (p - t) * (p - t))
        .sum::<f64>()
        / 60.0;
    assert!(mse < 1e-2, "mse {mse}");
    assert!(model.predict_classes(x.view()).is_err());
    assert!(model.predict_values(array![[1.0]].view()).is_err());
}

#[test]
fn epoch_loss_is_the_sum_of_batch_losses() {
    // With a full batch, the first epoch's loss is the loss at the start.
    let x = random_x(10, 2, 4);
    let y = [0, 1, 0, 1, 1, 0, 0, 1, 1, 0];
    let target = MlpTarget::Classes {
        y: &y,
        n_classes: 2,
    };
    let p = MlpParams::default()
        .hidden_layer_sizes(3)
        .max_iter(1)
        .alpha(0.5);
    let model = p
        .clone()
        .solver(MlpSolver::Gd)
        .check()
        .unwrap()
        .fit(x.view(), &target)
        .unwrap();
    let shape = Shape::new(2, 3, 1).unwrap();
    let start = MlpWeights::from_flat(shape, &model.history.snapshots[0].theta).unwrap();
    let (loss, _) = loss_and_gradient(&start, x.view(), &target, 0.5, Activation::Relu).unwrap();
    assert!((model.loss_curve[0] - loss).abs() < 1e-12);
    assert!((model.history.objective[0] - loss).abs() < 1e-12);
    // With batches of 4, 4 and 2 rows, each carries its own alpha term.
    let model = p
        .batch_size(Some(4))
        .shuffle(false)
        .check()
        .unwrap()
        .fit(x.view(), &target)
        .unwrap();
    let data = model.history.data_loss[1];
    assert!(model.loss_curve[0] > data + 2.5 * model.history.penalty[1]);
    assert!(matches!(
        model.outcome,
        Outcome::MaxIter { iteration: 1, .. }
    ));
}

#[test]
fn no_improvement_stops_with_converged() {
    let x = random_x(20, 2, 5);
    let y: Vec<usize> = (0..20).map(|i| i % 2).collect();
    // A tol larger than any progress: the 1st epoch sets the best loss, the next
    // n_iter_no_change + 1 epochs fail to beat it by tol.
    let model = MlpParams::default()
        .tol(10.0)
        .n_iter_no_change(3)
        .check()
        .unwrap()
        .fit(
            x.view(),
            &MlpTarget::Classes {
                y: &y,
                n_classes: 2,
            },
        )
        .unwrap();
    assert_eq!(model.outcome, Outcome::Converged { iteration: 5 });
    assert_eq!(model.n_iter, 5);
    assert_eq!(model.loss_curve.len(), 5);
}

#[test]
fn huge_learning_rate_diverges_without_panicking() {
    let x = random_x(30, 2, 6);
    let values: Vec<f64> = x.rows().into_iter().map(|r| 10.0 * r[0] + r[1]).collect();
    for solver in [MlpSolver::Sgd, MlpSolver::Momentum, MlpSolver::Gd] {
        let model = MlpParams::default()
            .solver(solver)
            .learning_rate_init(1e3)
            .max_iter(500)
            .check()
            .unwrap()
            .fit(x.view(), &MlpTarget::Values(&values))
            .unwrap();
        match &model.outcome {
            Outcome::Diverged { reason, .. } => {
                assert!(reason.contains("learning_rate_init"), "{reason}")
            }
            other => panic!("{solver}: {other:?}"),
        }
    }
}

#[test]
fn bad_data_is_an_error_not_a_panic() {
    let p = MlpParams::default().check().unwrap();
    let x = random_x(4, 2, 1);
    let short = MlpTarget::Values(&[1.0, 2.0]);
    assert!(matches!(p.fit(x.view(), &short), Err(Error::Shape(_))));
    let bad_label = MlpTarget::Classes {
        y: &[0, 1, 2, 0],
        n_classes: 2,
    };
    assert!(matches!(
        p.fit(x.view(), &bad_label),
        Err(Error::InvalidData(_))
    ));
    let one_class = MlpTarget::Classes {
        y: &[0, 0, 0, 0],
        n_classes: 1,
    };
    assert!(p.fit(x.view(), &one_class).is_err());
    let empty = Array2::<f64>::zeros((0, 2));
    assert!(p.fit(empty.view(), &MlpTarget::Values(&[])).is_err());
    let w = MlpWeights::zeros(3, 2, 1);
    assert!(
        loss_and_gradient(
            &w,
            x.view(),
            &MlpTarget::Values(&[0.0; 4]),
            0.0,
            Activation::Relu
        )
        .is_err()
    );
    let w = MlpWeights::zeros(2, 2, 3);
    assert!(
        loss_and_gradient(
            &w,
            x.view(),
            &MlpTarget::Values(&[0.0; 4]),
            0.0,
            Activation::Relu
        )
        .is_err()
    );
    let model = p
        .fit(x.view(), &MlpTarget::Values(&[0.0, 1.0, 2.0, 3.0]))
        .unwrap();
    assert!(
        model
            .decision_function(array![[1.0, 2.0, 3.0]].view())
            .is_err()
    );
}

#[test]
fn history_snapshots_are_the_flat_weights() {
    let x = random_x(12, 2, 8);
    let y: Vec<usize> = (0..12).map(|i| i % 3).collect();
    let model = MlpParams::default()
        .hidden_layer_sizes(4)
        .max_iter(20)
        .check()
        .unwrap()
        .fit(
            x.view(),
            &MlpTarget::Classes {
                y: &y,
                n_classes: 3,
            },
        )
        .unwrap();
    let last = model.history.snapshots.last().unwrap();
    assert_eq!(last.iteration, model.n_iter);
    assert_eq!(last.theta, model.weights.to_flat());
    assert_eq!(last.theta.len(), 2 * 4 + 4 + 4 * 3 + 3);
    // The recorded penalty is the alpha term on the full data.
    let expected = 0.5
        * 1e-4
        * (model.weights.coefs[0].mapv(|v| v * v).sum()
            + model.weights.coefs[1].mapv(|v| v * v).sum())
        / 12.0;
    assert!((model.history.penalty.last().unwrap() - expected).abs() < 1e-15);
}
