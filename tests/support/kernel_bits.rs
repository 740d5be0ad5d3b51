//! A fixed multinomial problem whose gradient must have the same bits natively (AVX2
//! or not) and in the wasm (`simd128`): the logistic pass's kernels and its vectorised
//! `exp` promise the same operations in the same order on every build. Shared by
//! `tests/kernel_bits.rs` (native) and `tests/web.rs` (wasm).

use ndarray::Array2;
use tunelab::model::Objective;
use tunelab::{Dataset, Params};

/// [`binary_checksum`] as the native build computes it.
pub const BINARY_CHECKSUM: u64 = 0xd4b0_6b86_af22_b4f7;

/// [`gradient_checksum`] as the native build computes it.
pub const GRADIENT_CHECKSUM: u64 = 0xcb75_4aae_dc9b_24d3;

/// An FNV-1a hash of the bits of the gradient of a 3-class problem: 23 rows (a block
/// of four rows is left with three) by 11 features (the lanes leave a tail of three),
/// with weights that put some scores more than 708 below their row's maximum (where
/// `exp` flushes to 0) and, in every third row (scaled down), scores close to it.
pub fn gradient_checksum() -> u64 {
    let (n, p, k) = (23, 11, 3);
    let x = Array2::from_shape_fn((n, p), |(i, j)| {
        ((i * 7 + j * 3) as f64 * 0.37).sin()
            * (1.0 + j as f64)
            * if i % 3 == 0 { 0.01 } else { 1.0 }
    });
    let y: Vec<usize> = (0..n).map(|i| (i * 5) % k).collect();
    let objective = Objective::new(x.view(), &y, k, 1.0, (0.0, 1.0), true).unwrap();
    let theta: Vec<f64> = (0..objective.dim())
        .map(|i| (i as f64 * 1.3).cos() * if i % 5 == 0 { 90.0 } else { 0.7 })
        .collect();
    let mut grad = vec![0.0; objective.dim()];
    objective.gradient(&theta, &mut grad);
    grad.iter().fold(0xcbf2_9ce4_8422_2325, |h, g| {
        (h ^ g.to_bits()).wrapping_mul(0x0100_0000_01b3)
    })
}

/// An FNV-1a hash of a binary logistic regression fitted end to end on a generated
/// set (60 rows, 5 features): its weights, intercept and iterations, its class
/// probabilities and their log loss. On the way are the sigmoid loss (`exp`, `ln_1p`),
/// L-BFGS, the scores `X·Wᵀ` and the scorer's `ln`: the transcendental functions come
/// from `libm` on every target and the scores from the same dot products, so the page
/// reports the CLI's numbers to the last digit.
pub fn binary_checksum() -> u64 {
    let data = Dataset::synthetic(60, 5, 2, 7).unwrap();
    let y = data.classes().unwrap();
    let model = Params::default()
        .c(0.5)
        .check()
        .unwrap()
        .fit(data.x.view(), y, 2)
        .unwrap();
    let proba = model.predict_proba(data.x.view());
    let loss = tunelab::metrics::log_loss(y, proba.view());
    let values = model
        .coef
        .iter()
        .chain(model.intercept.iter())
        .chain(proba.iter())
        .copied()
        .chain([loss, model.n_iter as f64]);
    values.fold(0xcbf2_9ce4_8422_2325, |h, v| {
        (h ^ v.to_bits()).wrapping_mul(0x0100_0000_01b3)
    })
}
