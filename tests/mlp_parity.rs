//! The one-hidden-layer networks against scikit-learn 1.9.1's `MLPClassifier` and
//! `MLPRegressor` (fixtures from `scripts/sklearn_models_reference.py`): Glorot
//! initialisation bounds, the loss and its gradient at fixed weights, and
//! cross-validated accuracy on two moons against the range scikit-learn gives over
//! ten seeds (the random numbers differ, so a single run cannot be compared).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{fixture, floats, matrix};
use ndarray::Array1;
use tunelab::metrics::Scorer;
use tunelab::model::mlp::{Activation, MlpTarget, MlpWeights, glorot_bound, loss_and_gradient};
use tunelab::model::{ModelKind, ParamValue};
use tunelab::select::{ParamGrid, SearchConfig, grid_search};
use tunelab::{DataTarget, Dataset};

#[test]
fn glorot_bounds_are_scikit_learns() {
    for case in fixture("models_mlp.json")["glorot"].as_array().unwrap() {
        let activation: Activation = case["activation"].as_str().unwrap().parse().unwrap();
        let got = glorot_bound(
            case["fan_in"].as_u64().unwrap() as usize,
            case["fan_out"].as_u64().unwrap() as usize,
            activation,
        );
        let want = case["bound"].as_f64().unwrap();
        assert!((got - want).abs() <= 1e-15 * want, "{case}: {got}");
    }
}

#[test]
fn loss_and_gradient_at_fixed_weights_are_scikit_learns() {
    let fx = fixture("models_mlp.json");
    let block = &fx["loss_grad"];
    let x = matrix(&block["x"]);
    let cases = block["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 24);
    for case in cases {
        let what = format!(
            "{} {} alpha={}",
            case["task"], case["activation"], case["alpha"]
        );
        let weights = MlpWeights {
            coefs: [matrix(&case["coefs"][0]), matrix(&case["coefs"][1])],
            intercepts: [
                Array1::from(floats(&case["intercepts"][0])),
                Array1::from(floats(&case["intercepts"][1])),
            ],
        };
        let activation: Activation = case["activation"].as_str().unwrap().parse().unwrap();
        let classes: Vec<usize>;
        let values: Vec<f64>;
        let target = match case["task"].as_str().unwrap() {
            "regressor" => {
                values = floats(&case["y"]);
                MlpTarget::Values(&values)
            }
            task => {
                classes = case["y"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_u64().unwrap() as usize)
                    .collect();
                MlpTarget::Classes {
                    y: &classes,
                    n_classes: if task == "binary" { 2 } else { 3 },
                }
            }
        };
        let (loss, grad) = loss_and_gradient(
            &weights,
            x.view(),
            &target,
            case["alpha"].as_f64().unwrap(),
            activation,
        )
        .unwrap();
        let want = case["loss"].as_f64().unwrap();
        assert!(
            (loss - want).abs() <= 1e-12 * want.abs().max(1.0),
            "{what} loss: {loss} vs {want}"
        );
        for layer in 0..2 {
            let want_c = matrix(&case["coef_grads"][layer]);
            let want_b = floats(&case["intercept_grads"][layer]);
            for (g, w) in grad.coefs[layer].iter().zip(want_c.iter()) {
                assert!(
                    (g - w).abs() <= 1e-12,
                    "{what} coef_grads[{layer}]: {g} vs {w}"
                );
            }
            for (g, w) in grad.intercepts[layer].iter().zip(&want_b) {
                assert!(
                    (g - w).abs() <= 1e-12,
                    "{what} intercept_grads[{layer}]: {g} vs {w}"
                );
            }
        }
    }
}

#[test]
fn moons_accuracy_lies_in_scikit_learns_range_over_ten_seeds() {
    let fx = fixture("models_mlp.json");
    let moons = &fx["moons"];
    let x = matrix(&moons["x"]);
    let y: Vec<usize> = moons["y"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap() as usize)
        .collect();
    let data = Dataset::new(
        "moons",
        x,
        DataTarget::Classes {
            y,
            names: vec!["0".into(), "1".into()],
        },
        vec!["x1".into(), "x2".into()],
        "class",
    )
    .unwrap();
    for (activation, sizes) in [("relu", [5.0, 20.0, 100.0]), ("tanh", [5.0, 20.0, 100.0])] {
        let mut config = SearchConfig::new(
            ParamGrid::new(vec![tunelab::select::SubGrid::from([(
                "hidden_layer_sizes".to_string(),
                sizes.map(ParamValue::Num).to_vec(),
            )])])
            .unwrap(),
        );
        config.model = ModelKind::MlpClassifier;
        config.scoring = vec![Scorer::Accuracy];
        config
            .fix("activation", ParamValue::Str(activation.into()))
            .fix("max_iter", ParamValue::Num(2000.0));
        let result = grid_search(&data, &config, &mut |_| true).unwrap();
        let means = result.cv_results.floats("mean_test_score").unwrap();
        let reference = moons["results"][activation].as_array().unwrap();
        for (i, &h) in sizes.iter().enumerate() {
            let r = reference
                .iter()
                .find(|r| r["hidden"].as_f64() == Some(h))
                .unwrap();
            let (lo, hi) = (
                r["min_test"].as_f64().unwrap(),
                r["max_test"].as_f64().unwrap(),
            );
            // One test row of a fold moves the mean by 1/200; allow one either side.
            assert!(
                means[i] >= lo - 0.005 - 1e-12 && means[i] <= hi + 0.005 + 1e-12,
                "{activation} h={h}: {} not in scikit-learn's [{lo}, {hi}]",
                means[i]
            );
        }
    }
}
