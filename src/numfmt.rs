//! Numbers as TuneLab writes them for people: short, exact, and never 309 digits.
//!
//! Rust's `Display` for `f64` never uses an exponent, so `C = 1e308` would print as a
//! 1 followed by 308 zeros. [`fmt_value`] writes the shortest text that reads back to
//! the same number, in plain notation from `1e-4` up to `1e16` and with an exponent
//! outside that range; whole numbers have no `.0`. Grid values, cv_results labels,
//! error messages and the CLI table all use it, so a value reads the same everywhere.
//!
//! ```
//! use tunelab::numfmt::fmt_value;
//! assert_eq!(fmt_value(1e308), "1e308");
//! assert_eq!(fmt_value(10.0), "10");
//! assert_eq!(fmt_value(0.001), "0.001");
//! assert_eq!(fmt_value(1e-7), "1e-7");
//! assert_eq!(fmt_value(-2.5e20), "-2.5e20");
//! assert_eq!(fmt_value(f64::NAN), "NaN");
//! ```

/// `v` in the shortest form that parses back to `v` (see the [module docs](self)).
pub fn fmt_value(v: f64) -> String {
    // `Debug` is the shortest round-trip form, with an exponent below 1e-4 and from
    // 1e16 on; it writes whole numbers in plain notation with a `.0`.
    let text = format!("{v:?}");
    match text.strip_suffix(".0") {
        Some(whole) => whole.to_owned(),
        None => text,
    }
}

/// `n` with thousands separated by commas, as the page writes counts.
///
/// ```
/// assert_eq!(tunelab::numfmt::group(100_000), "100,000");
/// assert_eq!(tunelab::numfmt::group(999), "999");
/// ```
pub fn group(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn short_and_exact() {
        for (v, text) in [
            (0.0, "0"),
            (-0.0, "-0"),
            (1.0, "1"),
            (100.0, "100"),
            (0.0001, "0.0001"),
            (0.00001, "1e-5"),
            (123456.789, "123456.789"),
            (1e15, "1000000000000000"),
            (1e16, "1e16"),
            (f64::MAX, "1.7976931348623157e308"),
            (f64::MIN_POSITIVE, "2.2250738585072014e-308"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
        ] {
            assert_eq!(fmt_value(v), text);
            if v.is_finite() {
                assert_eq!(fmt_value(v).parse::<f64>().unwrap(), v);
            }
        }
    }
}
