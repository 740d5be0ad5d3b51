//! The transcendental functions the numbers are computed with (`exp`, `ln`, `tanh`,
//! `sin`, …): the same bits on every target.
//!
//! Rust's `f64::exp` and its kin call the platform's maths library: glibc's natively,
//! `compiler_builtins`' port of the `libm` crate in the wasm build. Both are accurate,
//! but they round differently in the last bit now and then, and a last bit that differs
//! in one loss value sends an optimiser down a slightly different path: the page and
//! the CLI then gave scores that differed in the 16th digit. So natively these call the
//! `libm` crate, and in the wasm the standard functions, which are that crate's code
//! already (one copy in the module instead of two). `tests/web.rs` checks that the
//! wasm's functions and the `libm` crate agree to the bit on many arguments, and
//! `tests/kernel_bits.rs` with `tests/web.rs` a binary fit's weights, probabilities and
//! log loss. Charts draw with the standard functions: their last bit does not reach a
//! pixel.

/// `eˣ`.
#[inline]
pub fn exp(x: f64) -> f64 {
    if cfg!(target_arch = "wasm32") {
        x.exp()
    } else {
        libm::exp(x)
    }
}

/// `ln x`.
#[inline]
pub fn ln(x: f64) -> f64 {
    if cfg!(target_arch = "wasm32") {
        x.ln()
    } else {
        libm::log(x)
    }
}

/// `ln(1 + x)`, accurate for small `x`.
#[inline]
pub fn ln_1p(x: f64) -> f64 {
    if cfg!(target_arch = "wasm32") {
        x.ln_1p()
    } else {
        libm::log1p(x)
    }
}

/// `log₁₀ x`.
#[inline]
pub fn log10(x: f64) -> f64 {
    if cfg!(target_arch = "wasm32") {
        x.log10()
    } else {
        libm::log10(x)
    }
}

/// `xʸ`.
#[inline]
pub fn powf(x: f64, y: f64) -> f64 {
    if cfg!(target_arch = "wasm32") {
        x.powf(y)
    } else {
        libm::pow(x, y)
    }
}

/// `tanh x`.
#[inline]
pub fn tanh(x: f64) -> f64 {
    if cfg!(target_arch = "wasm32") {
        x.tanh()
    } else {
        libm::tanh(x)
    }
}

/// `sin x`.
#[inline]
pub fn sin(x: f64) -> f64 {
    if cfg!(target_arch = "wasm32") {
        x.sin()
    } else {
        libm::sin(x)
    }
}

/// `cos x`.
#[inline]
pub fn cos(x: f64) -> f64 {
    if cfg!(target_arch = "wasm32") {
        x.cos()
    } else {
        libm::cos(x)
    }
}
