//! The transcendental functions the numbers are computed with (`exp`, `ln`, `tanh`,
//! `sin`, …), from the `libm` crate on every target.
//!
//! Rust's `f64::exp` and its kin call the platform's maths library: glibc's natively,
//! the `libm` port (in `compiler_builtins`) in the wasm build. Both are accurate, but
//! they round differently in the last bit now and then, and a last bit that differs
//! in one loss value sends an optimiser down a slightly different path: the page and
//! the CLI then gave scores that differed in the 16th digit. Calling `libm` on every
//! target gives the same bits everywhere (`tests/kernel_bits.rs` and `tests/web.rs`
//! check a binary problem's loss and gradient and a log-loss score). Charts draw with
//! the standard functions: their last bit does not reach a pixel.

/// `eˣ`.
#[inline]
pub(crate) fn exp(x: f64) -> f64 {
    libm::exp(x)
}

/// `ln x`.
#[inline]
pub(crate) fn ln(x: f64) -> f64 {
    libm::log(x)
}

/// `ln(1 + x)`, accurate for small `x`.
#[inline]
pub(crate) fn ln_1p(x: f64) -> f64 {
    libm::log1p(x)
}

/// `log₁₀ x`.
#[inline]
pub(crate) fn log10(x: f64) -> f64 {
    libm::log10(x)
}

/// `xʸ`.
#[inline]
pub(crate) fn powf(x: f64, y: f64) -> f64 {
    libm::pow(x, y)
}

/// `tanh x`.
#[inline]
pub(crate) fn tanh(x: f64) -> f64 {
    libm::tanh(x)
}

/// `sin x`.
#[inline]
pub(crate) fn sin(x: f64) -> f64 {
    libm::sin(x)
}

/// `cos x`.
#[inline]
pub(crate) fn cos(x: f64) -> f64 {
    libm::cos(x)
}
