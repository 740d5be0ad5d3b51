//! Dense f64 matrix products for the shapes a small network has: a few input
//! features, tens to hundreds of hidden units, one to a few outputs, a batch of rows.
//!
//! A general matrix multiply packs its operands into panels, which pays off for
//! large square products but dominates at these shapes (an inner dimension of 2 for
//! two-feature data, an output dimension of 1). These kernels instead stream over
//! rows and update whole contiguous rows at a time (`y += s·x`), a loop the compiler
//! turns into vector instructions (SSE2 natively, `simd128` in the wasm build);
//! sums along a short row use four independent accumulators for the same reason.
//!
//! All matrices are row-major slices. [`mat_nn`] and [`mat_tn`] pick the product
//! for the target: these loops in the wasm build, where they are 1.5× faster than
//! ndarray's general product at a network's shapes; natively ndarray's
//! (matrixmultiply's), which detects AVX and FMA at run time and wins there.

use ndarray::linalg::general_mat_mul;
use ndarray::{ArrayView2, ArrayViewMut2};

/// `c = s·a·b` with `a` `m×k`, `b` `k×n`, `c` `m×n` (row-major): the target's
/// fastest product (see the module docs).
pub(crate) fn mat_nn(s: f64, a: &[f64], b: &[f64], c: &mut [f64], m: usize, k: usize, n: usize) {
    // The callers size every buffer from the same shape; a mismatch is a bug, which
    // leaves `c` as it was rather than reading out of bounds.
    if a.len() < m * k || b.len() < k * n || c.len() < m * n {
        debug_assert!(false, "mat_nn: buffers smaller than {m}×{k}·{k}×{n}");
        return;
    }
    if cfg!(target_arch = "wasm32") {
        gemm_nn(s, a, b, c, m, k, n);
        return;
    }
    let views = (
        ArrayView2::from_shape((m, k), &a[..m * k]),
        ArrayView2::from_shape((k, n), &b[..k * n]),
        ArrayViewMut2::from_shape((m, n), &mut c[..m * n]),
    );
    match views {
        (Ok(a), Ok(b), Ok(mut c)) => general_mat_mul(s, &a, &b, 0.0, &mut c),
        _ => gemm_nn(s, a, b, c, m, k, n),
    }
}

/// `c = s·aᵀ·b` with `a` `m×k`, `b` `m×n`, `c` `k×n` (row-major): the target's
/// fastest product (see the module docs).
pub(crate) fn mat_tn(
    s: f64,
    a: &[f64],
    b: &[f64],
    c: &mut [f64],
    (m, k, n): (usize, usize, usize),
    scratch: &mut Vec<f64>,
) {
    if a.len() < m * k || b.len() < m * n || c.len() < k * n {
        debug_assert!(false, "mat_tn: buffers smaller than ({m}×{k})ᵀ·{m}×{n}");
        return;
    }
    if cfg!(target_arch = "wasm32") {
        gemm_tn(s, a, b, c, (m, k, n), scratch);
        return;
    }
    let views = (
        ArrayView2::from_shape((m, k), &a[..m * k]),
        ArrayView2::from_shape((m, n), &b[..m * n]),
        ArrayViewMut2::from_shape((k, n), &mut c[..k * n]),
    );
    match views {
        (Ok(a), Ok(b), Ok(mut c)) => general_mat_mul(s, &a.t(), &b, 0.0, &mut c),
        _ => gemm_tn(s, a, b, c, (m, k, n), scratch),
    }
}

/// `y += s·x`, entry by entry.
#[inline]
pub(crate) fn axpy(s: f64, x: &[f64], y: &mut [f64]) {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        simd::axpy(s, x, y);
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    for (y, x) in y.iter_mut().zip(x) {
        *y += s * x;
    }
}

/// `x·y` with four interleaved partial sums (lanes `i mod 4`), added pairwise.
#[inline]
pub(crate) fn dot(x: &[f64], y: &[f64]) -> f64 {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        simd::dot(x, y)
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    {
        dot_scalar(x, y)
    }
}

/// Four dot products at once, `xs[q]·y` over the first `n` entries (four rows
/// against one weight vector), each summed exactly as [`dot`] sums it (partial sums
/// for lanes `i mod 4`, added pairwise), so the bits are the same. One dot product is
/// a chain of dependent additions; four independent ones keep the vector units busy
/// instead of waiting on that chain, and `y` is loaded once for the four.
#[inline(always)]
pub(crate) fn dot4(xs: [&[f64]; 4], y: &[f64], n: usize) -> [f64; 4] {
    let n = shortest(n, &xs).min(y.len());
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        simd::dot4(xs, y, n)
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    {
        let xs = xs.map(|x| &x[..n]);
        let y = &y[..n];
        let mut acc = [[0.0f64; 4]; 4];
        let mut j = 0;
        while j + 4 <= n {
            for q in 0..4 {
                for l in 0..4 {
                    acc[q][l] += xs[q][j + l] * y[j + l];
                }
            }
            j += 4;
        }
        for (lane, i) in (j..n).enumerate() {
            for q in 0..4 {
                acc[q][lane] += xs[q][i] * y[i];
            }
        }
        acc.map(|a| (a[0] + a[1]) + (a[2] + a[3]))
    }
}

/// `n` cut to the shortest of four slices. Written out: at the wasm's `opt-level = "s"`
/// an iterator chain here stays a call, once per four rows and class.
#[inline(always)]
fn shortest(n: usize, v: &[&[f64]; 4]) -> usize {
    n.min(v[0].len())
        .min(v[1].len())
        .min(v[2].len())
        .min(v[3].len())
}

/// `y += s[0]·xs[0] + … + s[3]·xs[3]` over the first `n` entries, added in that
/// order — the same bits as four [`axpy`] calls, with `y` loaded and stored once.
#[inline(always)]
pub(crate) fn axpy4(s: [f64; 4], xs: [&[f64]; 4], y: &mut [f64], n: usize) {
    let n = shortest(n.min(y.len()), &xs);
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        simd::axpy4(s, xs, y, n);
    }
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    {
        let xs = xs.map(|x| &x[..n]);
        for (i, yi) in y[..n].iter_mut().enumerate() {
            *yi = (((*yi + s[0] * xs[0][i]) + s[1] * xs[1][i]) + s[2] * xs[2][i]) + s[3] * xs[3][i];
        }
    }
}

/// `e^v` for each entry, in place, for entries `v ≤ 0` — a softmax's scores less
/// their maximum. Entries below `−708` (where `e^v` leaves the normal range) become
/// 0; a softmax sum of at least 1 cannot tell the difference.
///
/// The classic reduction `v = n·ln 2 + r`, `|r| ≤ ½ ln 2` (Cody and Waite's split of
/// `ln 2`, so that `n·ln 2` is subtracted exactly), a Horner polynomial of degree 13
/// for `e^r` (truncation error below 10⁻¹⁷ relative), and `2^n` built in the exponent
/// bits. Within 2 ulp of the correctly rounded value (tested). The loop has no
/// branches and no table, so it runs in vector lanes (SSE2, AVX2, `simd128` alike) and
/// gives the same bits on each, where a libm call per entry would not vectorise and
/// differs between the native and the wasm build.
#[inline(always)]
pub(crate) fn exp_nonpositive(v: &mut [f64]) {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    let v = simd::exp_nonpositive(v);
    for e in v.iter_mut() {
        *e = exp_one(*e);
    }
}

const LOG2E: f64 = std::f64::consts::LOG2_E;
// fdlibm's split of ln 2: LN2_HI has its low 32 bits zero, so n·LN2_HI is exact.
const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
// Adding 1.5·2⁵² rounds to an integer in the low mantissa bits.
const ROUND: f64 = 6_755_399_441_055_744.0;
const EXP_FLOOR: f64 = -708.0;
// 1/k! for k = 13 down to 2.
const EXP_C: [f64; 12] = [
    1.0 / 6_227_020_800.0,
    1.0 / 479_001_600.0,
    1.0 / 39_916_800.0,
    1.0 / 3_628_800.0,
    1.0 / 362_880.0,
    1.0 / 40_320.0,
    1.0 / 5_040.0,
    1.0 / 720.0,
    1.0 / 120.0,
    1.0 / 24.0,
    1.0 / 6.0,
    0.5,
];

/// [`exp_nonpositive`] of one entry.
#[inline(always)]
fn exp_one(e: f64) -> f64 {
    let x = if e < EXP_FLOOR { EXP_FLOOR } else { e };
    let t = x * LOG2E + ROUND;
    let n = t - ROUND;
    let r = (x - n * LN2_HI) - n * LN2_LO;
    let mut q = EXP_C[0];
    for c in &EXP_C[1..] {
        q = q * r + c;
    }
    let er = (q * r + 1.0) * r + 1.0;
    // The integer n sits in t's low bits; 2ⁿ is (n + 1023) shifted to the exponent.
    let k = (t.to_bits() as i64).wrapping_sub(ROUND.to_bits() as i64);
    let scale = f64::from_bits((k.wrapping_add(1023) as u64) << 52);
    if e < EXP_FLOOR { 0.0 } else { er * scale }
}

/// The row kernels a pass over the data is written against ([`dot4`] and
/// [`axpy4`]), so that one loop can be compiled for more than one instruction set:
/// `row[j] += bias[j]` for each row of `buf` (rows of `bias.len()` entries), then
/// `relu` when asked: `max(z, 0)` with NaN kept, as `np.maximum(z, 0)`. The wasm has a
/// `simd128` copy (the same operations, so the same bits): at `opt-level = "s"` the
/// loop is not vectorised, and on a network's narrow layers it costs as much as the
/// products.
#[inline]
pub(crate) fn add_rows(buf: &mut [f64], bias: &[f64], relu: bool) {
    if bias.is_empty() {
        return;
    }
    for row in buf.chunks_exact_mut(bias.len()) {
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        let (row, bias) = simd::add_row(row, bias, relu);
        for (a, b) in row.iter_mut().zip(bias) {
            let z = *a + b;
            *a = if relu && z < 0.0 { 0.0 } else { z };
        }
    }
}

/// `delta[i] *= 0` where `activation[i] == 0`, else `· 1` (the relu's derivative,
/// multiplied as the other activations' are, so a NaN or a sign stays as it was).
#[inline]
pub(crate) fn mul_relu_derivative(delta: &mut [f64], activation: &[f64]) {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    let (delta, activation) = simd::mul_relu_derivative(delta, activation);
    for (d, &a) in delta.iter_mut().zip(activation) {
        *d *= if a == 0.0 { 0.0 } else { 1.0 };
    }
}

/// `Σ aᵢ·bᵢ` as the linear models sum it: four accumulators (lanes `i mod 4`) over
/// the whole groups of four, `(acc₀ + acc₁) + (acc₂ + acc₃)`, plus the tail summed
/// on its own. The wasm keeps the accumulators in two `simd128` vectors (the same
/// bits); at `opt-level = "s"` the portable loop over them keeps them in memory.
#[inline]
pub(crate) fn dot_then_tail(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len().min(b.len());
    let whole = n - n % 4;
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    let acc = simd::dot_lanes(&a[..whole], &b[..whole]);
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    let acc = {
        let mut acc = [0.0; 4];
        for (x, y) in a[..whole].chunks_exact(4).zip(b[..whole].chunks_exact(4)) {
            for k in 0..4 {
                acc[k] += x[k] * y[k];
            }
        }
        acc
    };
    let tail: f64 = a[whole..n]
        .iter()
        .zip(&b[whole..n])
        .map(|(x, y)| x * y)
        .sum();
    (acc[0] + acc[1]) + (acc[2] + acc[3]) + tail
}

/// [`Portable`] everywhere, [`Avx`] on x86-64 processors that have AVX2.
pub(crate) trait RowKernels: Copy {
    /// As [`dot4`].
    fn dot4(self, xs: [&[f64]; 4], y: &[f64], n: usize) -> [f64; 4];
    /// As [`axpy4`].
    fn axpy4(self, s: [f64; 4], xs: [&[f64]; 4], y: &mut [f64], n: usize);
}

/// The kernels as built for the target (SSE2 natively, `simd128` in the wasm).
#[derive(Clone, Copy)]
pub(crate) struct Portable;

impl RowKernels for Portable {
    #[inline(always)]
    fn dot4(self, xs: [&[f64]; 4], y: &[f64], n: usize) -> [f64; 4] {
        dot4(xs, y, n)
    }
    #[inline(always)]
    fn axpy4(self, s: [f64; 4], xs: [&[f64]; 4], y: &mut [f64], n: usize) {
        axpy4(s, xs, y, n);
    }
}

/// The kernels with AVX's four f64 lanes, adding in the same order as [`Portable`]
/// (no fused multiply-add), so the bits are the same. A value of this type exists
/// only on a processor with AVX2 ([`Avx::detect`]); the loops that use it are
/// compiled with AVX2 enabled (`#[target_feature]`) and inline these methods.
#[cfg(target_arch = "x86_64")]
#[derive(Clone, Copy)]
pub(crate) struct Avx(());

#[cfg(target_arch = "x86_64")]
impl Avx {
    /// `Some` when the processor supports AVX2 (detected once, then cached by std).
    #[inline]
    pub(crate) fn detect() -> Option<Avx> {
        std::is_x86_feature_detected!("avx2").then_some(Avx(()))
    }

    /// [`Avx::detect`], unless the environment variable `TUNELAB_NO_AVX2` is set:
    /// then `None`, and the passes run in two lanes (SSE2), as wide as the wasm's
    /// `simd128`, with the same bits. For measuring the wasm against native code of
    /// the same vector width (`tests/e2e/bench.mjs --versus`); read once.
    #[inline]
    pub(crate) fn chosen() -> Option<Avx> {
        static WIDE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
        let wide = *WIDE.get_or_init(|| {
            std::env::var_os("TUNELAB_NO_AVX2").is_none() && Avx::detect().is_some()
        });
        wide.then_some(Avx(()))
    }
}

#[cfg(target_arch = "x86_64")]
impl RowKernels for Avx {
    #[inline(always)]
    fn dot4(self, xs: [&[f64]; 4], y: &[f64], n: usize) -> [f64; 4] {
        use std::arch::x86_64::{
            _mm256_add_pd, _mm256_loadu_pd, _mm256_mul_pd, _mm256_setzero_pd, _mm256_storeu_pd,
        };
        let n = shortest(n, &xs).min(y.len());
        // SAFETY: `self` exists only where AVX2 (and so AVX) is supported; every
        // load reads entries i..i + 4 with i + 4 <= n, inside each slice (n is cut
        // to the shortest); unaligned loads and stores are allowed.
        unsafe {
            let mut acc = [_mm256_setzero_pd(); 4];
            let mut i = 0;
            while i + 4 <= n {
                let yv = _mm256_loadu_pd(y.as_ptr().add(i));
                for q in 0..4 {
                    let prod = _mm256_mul_pd(_mm256_loadu_pd(xs[q].as_ptr().add(i)), yv);
                    acc[q] = _mm256_add_pd(acc[q], prod);
                }
                i += 4;
            }
            let mut out = [0.0; 4];
            for q in 0..4 {
                let mut lanes = [0.0; 4];
                _mm256_storeu_pd(lanes.as_mut_ptr(), acc[q]);
                for (lane, j) in (i..n).enumerate() {
                    lanes[lane] += xs[q][j] * y[j];
                }
                out[q] = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
            }
            out
        }
    }

    #[inline(always)]
    fn axpy4(self, s: [f64; 4], xs: [&[f64]; 4], y: &mut [f64], n: usize) {
        use std::arch::x86_64::{
            _mm256_add_pd, _mm256_loadu_pd, _mm256_mul_pd, _mm256_set1_pd, _mm256_storeu_pd,
        };
        let n = shortest(n.min(y.len()), &xs);
        let mut i = 0;
        // SAFETY: as in `dot4`: AVX is supported, and entries i..i + 4 with
        // i + 4 <= n are inside every slice.
        unsafe {
            let sv = s.map(|v| _mm256_set1_pd(v));
            while i + 4 <= n {
                let py = y.as_mut_ptr().add(i);
                let mut v = _mm256_loadu_pd(py);
                for q in 0..4 {
                    v = _mm256_add_pd(
                        v,
                        _mm256_mul_pd(sv[q], _mm256_loadu_pd(xs[q].as_ptr().add(i))),
                    );
                }
                _mm256_storeu_pd(py, v);
                i += 4;
            }
        }
        for j in i..n {
            y[j] =
                (((y[j] + s[0] * xs[0][j]) + s[1] * xs[1][j]) + s[2] * xs[2][j]) + s[3] * xs[3][j];
        }
    }
}

/// [`dot`] without vector instructions: the same four partial sums, in the same order.
#[cfg_attr(
    all(target_arch = "wasm32", target_feature = "simd128"),
    allow(dead_code)
)]
fn dot_scalar(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len().min(y.len());
    let (x, y) = (&x[..n], &y[..n]);
    let mut acc = [0.0f64; 4];
    let mut xs = x.chunks_exact(4);
    let mut ys = y.chunks_exact(4);
    for (a, b) in (&mut xs).zip(&mut ys) {
        acc[0] += a[0] * b[0];
        acc[1] += a[1] * b[1];
        acc[2] += a[2] * b[2];
        acc[3] += a[3] * b[3];
    }
    for (i, (a, b)) in xs.remainder().iter().zip(ys.remainder()).enumerate() {
        acc[i] += a * b;
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3])
}

/// `c = a·bᵀ` with `a` `m×k`, `b` `n×k`, `c` `m×n` (row-major): a linear model's
/// scores `X·Wᵀ`, one [`dot`] of a row with each class's weights, on every target.
/// Natively a general product (ndarray's, with fused multiply-adds where the
/// processor has them) would round differently from the wasm, and the scores the
/// page and the CLI report would differ in their last digits; one pass over the rows
/// per fit gains nothing worth that.
pub(crate) fn mat_nt(a: &[f64], b: &[f64], c: &mut [f64], m: usize, k: usize, n: usize) {
    if a.len() < m * k || b.len() < n * k || c.len() < m * n {
        debug_assert!(false, "mat_nt: buffers smaller than {m}×{k}·({n}×{k})ᵀ");
        return;
    }
    gemm_nt(a, b, c, m, k, n);
}

/// `c = a·bᵀ` with `a` `m×k`, `b` `n×k`, `c` `m×n`: each entry a [`dot`] of two rows.
pub(crate) fn gemm_nt(a: &[f64], b: &[f64], c: &mut [f64], m: usize, k: usize, n: usize) {
    if k == 0 {
        c[..m * n].fill(0.0);
        return;
    }
    for (ci, ai) in c[..m * n].chunks_exact_mut(n.max(1)).zip(a.chunks_exact(k)) {
        for (cij, bj) in ci.iter_mut().zip(b.chunks_exact(k)) {
            *cij = dot(ai, bj);
        }
    }
}

/// `c = s·a·b` with `a` `m×k`, `b` `k×n`, `c` `m×n`.
///
/// Each row of `c` is built as `Σₚ a[i,p]·b[p,:]` (whole rows of `b` added in
/// order); for a single output column, as a dot product of `a`'s row with `b`.
pub(crate) fn gemm_nn(s: f64, a: &[f64], b: &[f64], c: &mut [f64], m: usize, k: usize, n: usize) {
    debug_assert!(a.len() >= m * k && b.len() >= k * n && c.len() >= m * n);
    if n == 0 {
        return;
    }
    if k == 0 {
        c[..m * n].fill(0.0);
        return;
    }
    if n == 1 {
        for (ci, ai) in c[..m].iter_mut().zip(a.chunks_exact(k)) {
            *ci = s * dot(ai, &b[..k]);
        }
        return;
    }
    for (ci, ai) in c[..m * n].chunks_exact_mut(n).zip(a.chunks_exact(k)) {
        ci.fill(0.0);
        for (&aip, bp) in ai.iter().zip(b.chunks_exact(n)) {
            axpy(aip, bp, ci);
        }
        if s != 1.0 {
            ci.iter_mut().for_each(|v| *v *= s);
        }
    }
}

/// `c = s·aᵀ·b` with `a` `m×k`, `b` `m×n`, `c` `k×n`: a gradient `Xᵀ·δ` summed
/// over the batch's rows in order.
///
/// With fewer output columns than `a` has (`n < k`: a network's output layer) the
/// sums are built transposed, `cᵀ[j,:] += b[i,j]·a[i,:]` over whole rows of `a`,
/// in `scratch` (resized as needed), then transposed into `c`.
pub(crate) fn gemm_tn(
    s: f64,
    a: &[f64],
    b: &[f64],
    c: &mut [f64],
    (m, k, n): (usize, usize, usize),
    scratch: &mut Vec<f64>,
) {
    debug_assert!(a.len() >= m * k && b.len() >= m * n && c.len() >= k * n);
    if k == 0 || n == 0 {
        return;
    }
    if n < k {
        scratch.clear();
        scratch.resize(n * k, 0.0);
        for (ai, bi) in a.chunks_exact(k).zip(b.chunks_exact(n)).take(m) {
            for (&bij, ct) in bi.iter().zip(scratch.chunks_exact_mut(k)) {
                axpy(bij, ai, ct);
            }
        }
        for (j, ct) in scratch.chunks_exact(k).enumerate() {
            for (p, &v) in ct.iter().enumerate() {
                c[p * n + j] = s * v;
            }
        }
        return;
    }
    c[..k * n].fill(0.0);
    for (ai, bi) in a.chunks_exact(k).zip(b.chunks_exact(n)).take(m) {
        for (&aip, cp) in ai.iter().zip(c.chunks_exact_mut(n)) {
            axpy(aip, bi, cp);
        }
    }
    if s != 1.0 {
        c[..k * n].iter_mut().for_each(|v| *v *= s);
    }
}

/// The transpose of the row-major `rows×cols` matrix `a`, into `out` (resized).
pub(crate) fn transpose_into(a: &[f64], rows: usize, cols: usize, out: &mut Vec<f64>) {
    out.clear();
    out.resize(rows * cols, 0.0);
    for (i, row) in a.chunks_exact(cols).take(rows).enumerate() {
        for (j, &v) in row.iter().enumerate() {
            out[j * rows + i] = v;
        }
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd;

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array2;

    fn matrix(rows: usize, cols: usize, seed: u64) -> Array2<f64> {
        // A fixed, irregular fill: no two entries alike, signs mixed.
        Array2::from_shape_fn((rows, cols), |(i, j)| {
            let t = (i * 31 + j * 17) as f64 + seed as f64 * 0.37;
            (t * 0.618).sin() * (1.0 + (j % 3) as f64)
        })
    }

    fn close(a: &[f64], b: &[f64]) {
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(b) {
            assert!((x - y).abs() <= 1e-12 * (1.0 + y.abs()), "{x} vs {y}");
        }
    }

    #[test]
    fn products_match_ndarray_for_every_shape_a_network_has() {
        let mut scratch = Vec::new();
        for &(m, k, n) in &[
            (1, 1, 1),
            (7, 2, 5),
            (160, 2, 100),
            (5, 100, 1),
            (9, 30, 3),
            (3, 4, 8),
            (6, 5, 0),
        ] {
            let a = matrix(m, k, 1);
            let b = matrix(k, n, 2);
            let mut c = vec![f64::NAN; m * n];
            gemm_nn(
                0.5,
                a.as_slice().unwrap(),
                b.as_slice().unwrap(),
                &mut c,
                m,
                k,
                n,
            );
            close(&c, (a.dot(&b) * 0.5).as_slice().unwrap());

            let w = matrix(n, k, 4);
            let mut z = vec![f64::NAN; m * n];
            gemm_nt(
                a.as_slice().unwrap(),
                w.as_slice().unwrap(),
                &mut z,
                m,
                k,
                n,
            );
            close(&z, a.dot(&w.t()).as_standard_layout().as_slice().unwrap());

            let bt = matrix(m, n, 3);
            let mut g = vec![f64::NAN; k * n];
            gemm_tn(
                0.25,
                a.as_slice().unwrap(),
                bt.as_slice().unwrap(),
                &mut g,
                (m, k, n),
                &mut scratch,
            );
            close(&g, (a.t().dot(&bt) * 0.25).as_slice().unwrap());
        }
    }

    #[test]
    fn four_at_once_gives_the_bits_of_one_at_a_time() {
        // Lengths around the lane width, the tail, and a linear model's rows.
        for n in [0, 1, 3, 4, 5, 7, 8, 50, 51] {
            let xs: Vec<Vec<f64>> = (0..4)
                .map(|q| matrix(1, n, q).into_raw_vec_and_offset().0)
                .collect();
            let y = matrix(1, n, 4).into_raw_vec_and_offset().0;
            let xr: [&[f64]; 4] = std::array::from_fn(|q| &xs[q][..]);
            let want: [f64; 4] = std::array::from_fn(|q| dot(xr[q], &y));
            let got = dot4(xr, &y, n);
            assert_eq!(
                got.map(f64::to_bits),
                want.map(f64::to_bits),
                "dot4, n = {n}"
            );
            let s = [0.5, -1.25, 3.0, 1e-3];
            let mut one = matrix(1, n, 9).into_raw_vec_and_offset().0;
            let mut four = one.clone();
            for q in 0..4 {
                axpy(s[q], xr[q], &mut one);
            }
            axpy4(s, xr, &mut four, n);
            assert_eq!(
                four.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
                one.iter().map(|v| v.to_bits()).collect::<Vec<_>>(),
                "axpy4, n = {n}"
            );
            #[cfg(target_arch = "x86_64")]
            if let Some(avx) = Avx::detect() {
                assert_eq!(
                    avx.dot4(xr, &y, n).map(f64::to_bits),
                    want.map(f64::to_bits),
                    "Avx::dot4, n = {n}"
                );
                let mut wide = matrix(1, n, 9).into_raw_vec_and_offset().0;
                avx.axpy4(s, xr, &mut wide, n);
                assert_eq!(wide, one, "Avx::axpy4, n = {n}");
            }
        }
    }

    #[test]
    fn exp_nonpositive_is_within_two_ulp_of_exp() {
        let mut v: Vec<f64> = (0..200_000)
            .map(|i| -(i as f64) * 0.003_54 - (i % 7) as f64 * 1e-9)
            .collect();
        v.extend([
            0.0,
            -0.0,
            -1e-300,
            -5e-324,
            -0.346_573_590_279_972_65,
            -707.9,
            -708.0,
            -708.1,
            -745.2,
            -1e300,
            f64::NEG_INFINITY,
        ]);
        let mut e = v.clone();
        exp_nonpositive(&mut e);
        for (&x, &got) in v.iter().zip(&e) {
            let want = if x < -708.0 { 0.0 } else { x.exp() };
            let ulp = (got.to_bits() as i64 - want.to_bits() as i64).unsigned_abs();
            assert!(ulp <= 2, "exp({x}) = {got}, want {want} ({ulp} ulp)");
        }
    }

    #[test]
    fn dot_and_transpose() {
        let x: Vec<f64> = (0..11).map(|i| i as f64 - 3.5).collect();
        let y: Vec<f64> = (0..11).map(|i| (i * i) as f64 * 0.5).collect();
        let want: f64 = x.iter().zip(&y).map(|(a, b)| a * b).sum();
        assert!((dot(&x, &y) - want).abs() < 1e-12);
        let a = matrix(3, 4, 0);
        let mut t = Vec::new();
        transpose_into(a.as_slice().unwrap(), 3, 4, &mut t);
        close(&t, a.t().as_standard_layout().as_slice().unwrap());
    }
}
