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

/// One function per line: its doc, its signature, the wasm's standard call and the
/// native `libm` call.
macro_rules! same_bits {
    ($($(#[$doc:meta])* fn $name:ident($($arg:ident),+) = $wasm:expr, $native:expr;)+) => {$(
        $(#[$doc])*
        #[inline]
        pub fn $name($($arg: f64),+) -> f64 {
            if cfg!(target_arch = "wasm32") { $wasm } else { $native }
        }
    )+};
}

same_bits! {
    /// `eˣ`.
    fn exp(x) = x.exp(), libm::exp(x);
    /// `ln x`.
    fn ln(x) = x.ln(), libm::log(x);
    /// `ln(1 + x)`, accurate for small `x`.
    fn ln_1p(x) = x.ln_1p(), libm::log1p(x);
    /// `log₁₀ x`.
    fn log10(x) = x.log10(), libm::log10(x);
    /// `xʸ`.
    fn powf(x, y) = x.powf(y), libm::pow(x, y);
    /// `tanh x`.
    fn tanh(x) = x.tanh(), libm::tanh(x);
    /// `sin x`.
    fn sin(x) = x.sin(), libm::sin(x);
    /// `cos x`.
    fn cos(x) = x.cos(), libm::cos(x);
}
