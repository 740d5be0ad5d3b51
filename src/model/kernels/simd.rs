//! The wasm build's vector loops (`simd128`: two f64 lanes). The size-optimised wasm
//! profile (`opt-level = "s"`) leaves loops unvectorised and keeps accumulators that a
//! loop indexes in memory, so the kernels the models rest on (`dot`, `axpy`, the
//! logistic pass's `dot4` and `axpy4`, its `exp`, the networks' element-wise steps)
//! are written here with the lanes by hand. Each does the scalar code's operations in
//! the same order (`dot` keeps partial sums for lanes `i mod 4` in two vectors of two),
//! so both builds give the same bits.

use core::arch::wasm32::{
    f64x2_add, f64x2_eq, f64x2_extract_lane, f64x2_lt, f64x2_mul, f64x2_splat, f64x2_sub,
    i64x2_add, i64x2_shl, i64x2_splat, i64x2_sub, v128, v128_andnot, v128_bitselect, v128_load,
    v128_store,
};

/// `y += s·x`, two entries at a time.
#[inline]
pub(super) fn axpy(s: f64, x: &[f64], y: &mut [f64]) {
    let n = x.len().min(y.len());
    let sv = f64x2_splat(s);
    let mut i = 0;
    while i + 2 <= n {
        // SAFETY: i + 2 <= n, so both lanes are inside `x` and `y`; wasm loads
        // and stores need no alignment.
        unsafe {
            let px = x.as_ptr().add(i).cast::<v128>();
            let py = y.as_mut_ptr().add(i).cast::<v128>();
            v128_store(py, f64x2_add(v128_load(py), f64x2_mul(sv, v128_load(px))));
        }
        i += 2;
    }
    if i < n {
        y[i] += s * x[i];
    }
}

/// Four dot products, each with the partial sums of lanes `i mod 4` in two
/// vectors, as [`dot`] keeps them. Every slice holds at least `n` entries.
///
/// Written out for the four rows rather than as a loop over them: at the wasm's
/// `opt-level = "s"` such a loop is not unrolled, and its accumulators, indexed
/// by the loop, live in memory (the pass took twice as long).
#[inline(always)]
pub(super) fn dot4(xs: [&[f64]; 4], y: &[f64], n: usize) -> [f64; 4] {
    let zero = f64x2_splat(0.0);
    let (mut a0, mut b0, mut a1, mut b1) = (zero, zero, zero, zero);
    let (mut a2, mut b2, mut a3, mut b3) = (zero, zero, zero, zero);
    let [x0, x1, x2, x3] = xs.map(<[f64]>::as_ptr);
    let mut i = 0;
    while i + 4 <= n {
        // SAFETY: i + 4 <= n and every slice holds n entries (the caller cuts n
        // to the shortest), so the four entries read from each are inside; wasm
        // loads need no alignment.
        unsafe {
            let lo = |p: *const f64| v128_load(p.add(i).cast());
            let hi = |p: *const f64| v128_load(p.add(i + 2).cast());
            let (ylo, yhi) = (lo(y.as_ptr()), hi(y.as_ptr()));
            a0 = f64x2_add(a0, f64x2_mul(lo(x0), ylo));
            b0 = f64x2_add(b0, f64x2_mul(hi(x0), yhi));
            a1 = f64x2_add(a1, f64x2_mul(lo(x1), ylo));
            b1 = f64x2_add(b1, f64x2_mul(hi(x1), yhi));
            a2 = f64x2_add(a2, f64x2_mul(lo(x2), ylo));
            b2 = f64x2_add(b2, f64x2_mul(hi(x2), yhi));
            a3 = f64x2_add(a3, f64x2_mul(lo(x3), ylo));
            b3 = f64x2_add(b3, f64x2_mul(hi(x3), yhi));
        }
        i += 4;
    }
    // The tail (fewer than four entries) and the lanes' sum, for each row in turn.
    let finish = |a: v128, b: v128, x: &[f64]| {
        let mut lanes = [
            f64x2_extract_lane::<0>(a),
            f64x2_extract_lane::<1>(a),
            f64x2_extract_lane::<0>(b),
            f64x2_extract_lane::<1>(b),
        ];
        for (lane, j) in (i..n).enumerate() {
            lanes[lane] += x[j] * y[j];
        }
        (lanes[0] + lanes[1]) + (lanes[2] + lanes[3])
    };
    [
        finish(a0, b0, xs[0]),
        finish(a1, b1, xs[1]),
        finish(a2, b2, xs[2]),
        finish(a3, b3, xs[3]),
    ]
}

/// `y += s[0]·xs[0] + … + s[3]·xs[3]`, added in that order, two entries at a
/// time. Every slice holds at least `n` entries. Written out for the four rows,
/// as [`dot4`].
#[inline(always)]
pub(super) fn axpy4(s: [f64; 4], xs: [&[f64]; 4], y: &mut [f64], n: usize) {
    let [s0, s1, s2, s3] = s.map(|v| f64x2_splat(v));
    let [x0, x1, x2, x3] = xs.map(<[f64]>::as_ptr);
    let mut i = 0;
    while i + 2 <= n {
        // SAFETY: i + 2 <= n and every slice holds n entries, so both lanes
        // are inside; wasm loads and stores need no alignment.
        unsafe {
            let at = |p: *const f64| v128_load(p.add(i).cast());
            let py = y.as_mut_ptr().add(i).cast::<v128>();
            let mut v = v128_load(py);
            v = f64x2_add(v, f64x2_mul(s0, at(x0)));
            v = f64x2_add(v, f64x2_mul(s1, at(x1)));
            v = f64x2_add(v, f64x2_mul(s2, at(x2)));
            v = f64x2_add(v, f64x2_mul(s3, at(x3)));
            v128_store(py, v);
        }
        i += 2;
    }
    if i < n {
        y[i] = (((y[i] + s[0] * xs[0][i]) + s[1] * xs[1][i]) + s[2] * xs[2][i]) + s[3] * xs[3][i];
    }
}

/// [`super::exp_nonpositive`] two entries at a time, with the same operations in
/// the same order (so the same bits); returns the entry left over (none or one).
/// At the wasm's `opt-level = "s"` the scalar loop is not vectorised: this
/// halves the softmax's share of the logistic pass.
#[inline(always)]
pub(super) fn exp_nonpositive(v: &mut [f64]) -> &mut [f64] {
    use super::{EXP_C, EXP_FLOOR, LN2_HI, LN2_LO, LOG2E, ROUND};
    let c = EXP_C.map(|c| f64x2_splat(c));
    let (floor, round, one) = (f64x2_splat(EXP_FLOOR), f64x2_splat(ROUND), f64x2_splat(1.0));
    let (log2e, ln2_hi, ln2_lo) = (f64x2_splat(LOG2E), f64x2_splat(LN2_HI), f64x2_splat(LN2_LO));
    let round_bits = i64x2_splat(ROUND.to_bits() as i64);
    let bias = i64x2_splat(1023);
    let mut pairs = v.chunks_exact_mut(2);
    for pair in &mut pairs {
        // SAFETY: `pair` holds two entries, one v128; wasm loads and stores need
        // no alignment.
        unsafe {
            let p = pair.as_mut_ptr().cast::<v128>();
            let e = v128_load(p);
            let low = f64x2_lt(e, floor);
            let x = v128_bitselect(floor, e, low);
            let t = f64x2_add(f64x2_mul(x, log2e), round);
            let n = f64x2_sub(t, round);
            let r = f64x2_sub(f64x2_sub(x, f64x2_mul(n, ln2_hi)), f64x2_mul(n, ln2_lo));
            let horner = |q: v128, c: v128| f64x2_add(f64x2_mul(q, r), c);
            let q = horner(horner(horner(horner(c[0], c[1]), c[2]), c[3]), c[4]);
            let q = horner(horner(horner(horner(q, c[5]), c[6]), c[7]), c[8]);
            let q = horner(horner(horner(q, c[9]), c[10]), c[11]);
            let er = horner(horner(q, one), one);
            let k = i64x2_sub(t, round_bits);
            let scale = i64x2_shl(i64x2_add(k, bias), 52);
            v128_store(p, v128_andnot(f64x2_mul(er, scale), low));
        }
    }
    pairs.into_remainder()
}

/// [`super::add_rows`] on one row, two entries at a time; returns what is left
/// (none or one entry of `row`, and of `bias`).
#[inline(always)]
pub(super) fn add_row<'a, 'b>(
    row: &'a mut [f64],
    bias: &'b [f64],
    relu: bool,
) -> (&'a mut [f64], &'b [f64]) {
    let n = row.len().min(bias.len());
    let zero = f64x2_splat(0.0);
    let mut i = 0;
    while i + 2 <= n {
        // SAFETY: i + 2 <= n, so both lanes are inside `row` and `bias`; wasm
        // loads and stores need no alignment.
        unsafe {
            let p = row.as_mut_ptr().add(i).cast::<v128>();
            let z = f64x2_add(v128_load(p), v128_load(bias.as_ptr().add(i).cast()));
            let z = if relu {
                v128_bitselect(zero, z, f64x2_lt(z, zero))
            } else {
                z
            };
            v128_store(p, z);
        }
        i += 2;
    }
    (&mut row[i..], &bias[i..])
}

/// [`super::mul_relu_derivative`] two entries at a time; returns what is left.
#[inline(always)]
pub(super) fn mul_relu_derivative<'a, 'b>(
    delta: &'a mut [f64],
    activation: &'b [f64],
) -> (&'a mut [f64], &'b [f64]) {
    let n = delta.len().min(activation.len());
    let (zero, one) = (f64x2_splat(0.0), f64x2_splat(1.0));
    let mut i = 0;
    while i + 2 <= n {
        // SAFETY: i + 2 <= n, so both lanes are inside both slices; wasm loads
        // and stores need no alignment.
        unsafe {
            let p = delta.as_mut_ptr().add(i).cast::<v128>();
            let a = v128_load(activation.as_ptr().add(i).cast());
            let factor = v128_bitselect(zero, one, f64x2_eq(a, zero));
            v128_store(p, f64x2_mul(v128_load(p), factor));
        }
        i += 2;
    }
    (&mut delta[i..], &activation[i..])
}

/// The four lanes' sums of [`dot`] and [`super::dot_then_tail`] over whole
/// groups of four entries (entries past the last whole group are left out).
#[inline(always)]
pub(super) fn dot_lanes(a: &[f64], b: &[f64]) -> [f64; 4] {
    let n = a.len().min(b.len());
    let (mut a01, mut a23) = (f64x2_splat(0.0), f64x2_splat(0.0));
    let mut i = 0;
    while i + 4 <= n {
        // SAFETY: i + 4 <= n, so the four entries read are inside `a` and `b`;
        // wasm loads need no alignment.
        unsafe {
            let (pa, pb) = (a.as_ptr().add(i), b.as_ptr().add(i));
            a01 = f64x2_add(a01, f64x2_mul(v128_load(pa.cast()), v128_load(pb.cast())));
            a23 = f64x2_add(
                a23,
                f64x2_mul(v128_load(pa.add(2).cast()), v128_load(pb.add(2).cast())),
            );
        }
        i += 4;
    }
    [
        f64x2_extract_lane::<0>(a01),
        f64x2_extract_lane::<1>(a01),
        f64x2_extract_lane::<0>(a23),
        f64x2_extract_lane::<1>(a23),
    ]
}

/// `x·y` with the partial sums of lanes `i mod 4` in two vectors ([`dot_lanes`]),
/// the tail added to the lanes it falls in.
#[inline]
pub(super) fn dot(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len().min(y.len());
    let whole = n - n % 4;
    let mut acc = dot_lanes(&x[..whole], &y[..whole]);
    for (lane, j) in (whole..n).enumerate() {
        acc[lane] += x[j] * y[j];
    }
    (acc[0] + acc[1]) + (acc[2] + acc[3])
}
