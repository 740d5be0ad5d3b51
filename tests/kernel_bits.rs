//! The logistic gradient's bits, and a binary fit's, natively, against the constants
//! the wasm build is tested against too (`tests/web.rs`): see
//! `tests/support/kernel_bits.rs`.
#![allow(clippy::unwrap_used)]

#[path = "support/kernel_bits.rs"]
mod kernel_bits;

#[test]
fn the_logistic_gradient_has_the_recorded_bits() {
    assert_eq!(
        kernel_bits::gradient_checksum(),
        kernel_bits::GRADIENT_CHECKSUM,
        "{:#018x}",
        kernel_bits::gradient_checksum()
    );
}

#[test]
fn a_binary_fit_has_the_recorded_bits() {
    assert_eq!(
        kernel_bits::binary_checksum(),
        kernel_bits::BINARY_CHECKSUM,
        "{:#018x}",
        kernel_bits::binary_checksum()
    );
}

#[test]
fn some_scores_fall_below_the_exp_floor() {
    // The problem is meant to reach exp's flush to 0: a score 708 below its row's
    // maximum. Recompute the scores here to check that it does.
    use ndarray::Array2;
    let (n, p, k) = (23, 11, 3);
    let x = Array2::from_shape_fn((n, p), |(i, j)| {
        ((i * 7 + j * 3) as f64 * 0.37).sin()
            * (1.0 + j as f64)
            * if i % 3 == 0 { 0.01 } else { 1.0 }
    });
    // θ as in the support module: the weights row by row, then the intercepts.
    let theta = |i: usize| (i as f64 * 1.3).cos() * if i % 5 == 0 { 90.0 } else { 0.7 };
    let w = |c: usize, j: usize| theta(c * p + j);
    let gaps: Vec<f64> = (0..n)
        .map(|i| {
            let z: Vec<f64> = (0..k)
                .map(|c| theta(k * p + c) + (0..p).map(|j| x[[i, j]] * w(c, j)).sum::<f64>())
                .collect();
            let max = z.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
            z.iter().map(|v| max - v).fold(0.0, f64::max)
        })
        .collect();
    assert!(
        gaps.iter().any(|&g| g > 708.0),
        "largest gap {:?}",
        gaps.iter().cloned().fold(0.0, f64::max)
    );
    assert!(gaps.iter().any(|&g| g < 20.0));
}
