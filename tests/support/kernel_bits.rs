//! A fixed multinomial problem whose gradient must have the same bits natively (AVX2
//! or not) and in the wasm (`simd128`): the logistic pass's kernels and its vectorised
//! `exp` promise the same operations in the same order on every build. Shared by
//! `tests/kernel_bits.rs` (native) and `tests/web.rs` (wasm).

use ndarray::Array2;
use tunelab::model::Objective;

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
