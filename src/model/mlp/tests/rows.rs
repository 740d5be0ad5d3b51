//! A network trained on rows read in pieces ([`Net::evaluate`]) and through a
//! fold's indices ([`RowSource`]) gives the bits the whole matrix gives.

use super::super::net::{Net, OutputActivation, Shape, Workspace};
use super::super::rows::RowSource;
use super::super::*;
use super::{random_weights, random_x};

#[test]
fn passes_over_all_rows_in_pieces_give_the_one_pass_loss_bit_for_bit() {
    // 23 rows in pieces of 5 (the last one short) against one piece of 23, for each
    // output: the data loss to the bit, the gradient (penalty included) to rounding.
    let (n, f, h) = (23, 4, 6);
    let x = random_x(n, f, 3);
    let x_flat: Vec<f64> = x.iter().copied().collect();
    let rows = RowSource::Matrix {
        x: &x_flat,
        width: f,
    };
    for (output, o) in [
        (OutputActivation::Logistic, 1),
        (OutputActivation::Softmax, 3),
        (OutputActivation::Identity, 2),
    ] {
        let shape = Shape::new(f, h, o).unwrap();
        let net = Net {
            shape,
            activation: Activation::Tanh,
            output,
        };
        let theta = random_weights(f, h, o, 11, 0.8).to_flat();
        let y: Vec<f64> = (0..n * o)
            .map(|i| match output {
                OutputActivation::Identity => (i as f64 * 0.7).sin(),
                OutputActivation::Logistic => (i % 2) as f64,
                OutputActivation::Softmax => f64::from(i % o == (i / o) % o),
            })
            .collect();
        let alpha = 0.3;
        let mut whole = vec![0.0; shape.len];
        let one = net
            .evaluate(
                &theta,
                &rows,
                &y,
                alpha,
                &mut Workspace::new(n, shape),
                Some(&mut whole),
            )
            .unwrap();
        let mut pieced = vec![0.0; shape.len];
        let mut ws = Workspace::new(5, shape);
        let parts = net
            .evaluate(&theta, &rows, &y, alpha, &mut ws, Some(&mut pieced))
            .unwrap();
        assert_eq!(one.0.to_bits(), parts.0.to_bits(), "{output:?}: data loss");
        assert_eq!(one.1.to_bits(), parts.1.to_bits(), "{output:?}: penalty");
        let without_grad = net
            .evaluate(&theta, &rows, &y, alpha, &mut ws, None)
            .unwrap();
        assert_eq!(one.0.to_bits(), without_grad.0.to_bits());
        let scale = whole.iter().fold(0.0_f64, |m, g| m.max(g.abs()));
        assert!(scale > 1e-3, "{output:?}: a gradient to compare");
        for (a, b) in whole.iter().zip(&pieced) {
            assert!((a - b).abs() <= 1e-14 * scale, "{output:?}: {a} vs {b}");
        }
        // The one-pass loss is what a batch of all rows gives.
        let mut ws_all = Workspace::new(n, shape);
        let batch = net
            .batch(&theta, x.view(), &y, alpha, &mut ws_all, None)
            .unwrap();
        assert_eq!(batch.0.to_bits(), one.0.to_bits());
    }
}

#[test]
fn training_on_rows_read_through_indices_is_training_on_their_matrix_bit_for_bit() {
    // A data set of 90 rows, a fold of 61 of them in a scrambled order, standardised
    // or not; mini-batches shuffled and in order, and a full-batch solver.
    let x = random_x(90, 3, 21).mapv(|v| 5.0 * v + 2.0);
    let y: Vec<usize> = (0..90).map(|i| (i * 7 / 5) % 3).collect();
    let rows: Vec<usize> = (0..61).map(|i| (i * 37 + 5) % 90).collect();
    let scaler = crate::preprocess::StandardScaler::fit_rows(x.view(), &rows);
    let (mean, scale) = (scaler.mean.to_vec(), scaler.scale.to_vec());
    let y_rows: Vec<usize> = rows.iter().map(|&r| y[r]).collect();
    let target = MlpTarget::Classes {
        y: &y_rows,
        n_classes: 3,
    };
    for (solver, batch, shuffle) in [
        (MlpSolver::Adam, Some(16), true),
        (MlpSolver::Sgd, Some(20), false),
        (MlpSolver::Gd, None, false),
    ] {
        let params = MlpParams::default()
            .hidden_layer_sizes(5)
            .solver(solver)
            .batch_size(batch)
            .shuffle(shuffle)
            .max_iter(7)
            .check()
            .unwrap();
        for scaled in [true, false] {
            let (matrix, affine) = if scaled {
                let affine = crate::model::Affine {
                    mean: &mean,
                    scale: &scale,
                };
                (scaler.transform_rows(x.view(), &rows), Some(affine))
            } else {
                (x.select(ndarray::Axis(0), &rows), None)
            };
            let want = params.fit(matrix.view(), &target).unwrap();
            let got = params.fit_rows(x.view(), &rows, affine, &target).unwrap();
            let bits = |m: &FittedMlp| {
                let flat = m.weights.to_flat();
                flat.iter().map(|v| v.to_bits()).collect::<Vec<_>>()
            };
            assert_eq!(bits(&got), bits(&want), "{solver:?}, scaled {scaled}");
            assert_eq!(
                got.loss_curve, want.loss_curve,
                "{solver:?}, scaled {scaled}"
            );
            assert_eq!(got.history, want.history, "{solver:?}, scaled {scaled}");
            assert_eq!(got.outcome, want.outcome, "{solver:?}, scaled {scaled}");
        }
    }
    // A row past the data set, or targets that do not match, are errors.
    let params = MlpParams::default().max_iter(2).check().unwrap();
    let message = |rows: &[usize], y: &[f64]| {
        params
            .fit_rows(x.view(), rows, None, &MlpTarget::Values(y))
            .unwrap_err()
            .to_string()
    };
    assert!(message(&[0, 90], &[0.0, 1.0]).contains("past the data set's 90 rows"));
    assert!(message(&[0, 1], &[0.0]).contains("x has 2 rows but the target has 1"));
    assert!(message(&[], &[]).contains("at least one row and one feature"));
    // A data set stored column by column trains as the same rows stored row by row.
    let by_columns = x.t().as_standard_layout().into_owned().reversed_axes();
    assert!(by_columns.as_slice().is_none());
    let target = MlpTarget::Values(&[0.5, -1.0, 2.0]);
    let a = params
        .fit_rows(by_columns.view(), &[3, 1, 4], None, &target)
        .unwrap();
    let b = params
        .fit_rows(x.view(), &[3, 1, 4], None, &target)
        .unwrap();
    assert_eq!(a.weights, b.weights);
}
