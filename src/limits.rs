//! Every limit TuneLab puts on what it is given, in one place.
//!
//! A limit keeps one input from freezing the page or exhausting memory: a file or a
//! paste, the rows, columns and classes of a data set, a grid and the fits it asks
//! for, `max_iter`, the folds, the polynomial expansion, a generated data set, and the
//! text quoted back in an error. The core checks each of them with a function here,
//! and refuses with [`Error::OverLimit`], which names the field, the value and the
//! limit. The page gets the same numbers from [`limits`] (exported by `web.rs`) so
//! that it can say so before Run, and never keeps a copy of its own.
//!
//! ```
//! use tunelab::limits::{self, MAX_FITS};
//! assert!(limits::check_plan(12, 5).is_ok());
//! let err = limits::check_plan(60_000, 10).unwrap_err();
//! assert_eq!(
//!     err.to_string(),
//!     "fits: 600001 (60000 candidates × 10 folds + 1 refit) is over the limit of 500001"
//! );
//! assert_eq!(limits::limits().max_fits, MAX_FITS);
//! ```

use std::io::Read;

use serde::Serialize;

use crate::error::{Error, Result};

/// The most bytes of CSV read from a file or taken from a paste: 200 MB. The
/// 100 000 × 50 benchmark file, written with full precision, is about 99 MB.
pub const MAX_INPUT_BYTES: usize = 200_000_000;

/// The most data rows a data set may have.
pub const MAX_ROWS: usize = 1_000_000;

/// The most feature columns a data set may have: as many as a model can take
/// ([`MAX_OUTPUT_FEATURES`]), so every loaded set can be searched at degree 1.
pub const MAX_FEATURES: usize = MAX_OUTPUT_FEATURES;

/// The most numbers (rows × features) a data set may hold: 160 MB of `f64`.
pub const MAX_CELLS: usize = 20_000_000;

/// The most classes a class target may have. A label column with more distinct
/// values is almost always a numeric target read as classes.
pub const MAX_CLASSES: usize = 1_000;

/// The most bytes of one column or class name (a header cell or a label).
pub const MAX_NAME_BYTES: usize = 1_000;

/// The most candidates a grid may have: far more than a heatmap can show, and few
/// enough that expanding the grid and summarising its result stay fast (the views
/// of a 100,000-candidate result are built in linear time).
pub const MAX_CANDIDATES: usize = 100_000;

/// The most folds (`cv`).
pub const MAX_FOLDS: usize = 100;

/// The most fits one search may ask for: candidates × folds + 1 refit. The largest
/// grid with 5 folds fits; 60,000 candidates with 10 folds (600,001 fits, most of an
/// hour in a browser) do not.
pub const MAX_FITS: usize = 500_001;

/// The largest `max_iter` (iterations or epochs of one fit).
pub const MAX_ITER: usize = 1_000_000;

/// The most units in a network's hidden layer (`hidden_layer_sizes`).
pub const MAX_HIDDEN_UNITS: usize = 10_000;

/// The highest polynomial degree.
pub const MAX_DEGREE: usize = 30;

/// The most columns a polynomial expansion may produce. Beyond this a fit is slow and
/// the expanded matrix large (10 000 rows × 5 000 columns is 400 MB), so it is refused
/// up front with the count it would have made.
pub const MAX_OUTPUT_FEATURES: usize = 5_000;

/// The most rows of a generated teaching set.
pub const MAX_GENERATED_ROWS: usize = 100_000;

/// The most features of a generated teaching set (only `noisy-features` has a choice).
pub const MAX_GENERATED_FEATURES: usize = 1_000;

/// The most numbers (rows × features) of a generated teaching set: 80 MB of `f64`.
pub const MAX_GENERATED_CELLS: usize = 10_000_000;

/// The largest noise of a generated teaching set; far beyond any useful value, and
/// small enough that no coordinate overflows.
pub const MAX_NOISE: f64 = 1_000.0;

/// The most hold-out splits one run of the optimism experiment makes.
pub const MAX_SEEDS: usize = 100;

/// Characters of a cell or value quoted in an error before it is cut off.
pub const MAX_QUOTE_CHARS: usize = 80;

/// Text up to this many characters is quoted whole; longer text is cut to
/// [`MAX_QUOTE_CHARS`] and its size. (The gap keeps cutting idempotent.)
const QUOTE_WHOLE_CHARS: usize = 100;

/// The limits, as the page reads them (`limits()` in `web.rs`, and the catalog).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Limits {
    /// [`MAX_INPUT_BYTES`].
    pub max_input_bytes: usize,
    /// [`MAX_ROWS`].
    pub max_rows: usize,
    /// [`MAX_FEATURES`].
    pub max_features: usize,
    /// [`MAX_CELLS`].
    pub max_cells: usize,
    /// [`MAX_CLASSES`].
    pub max_classes: usize,
    /// [`MAX_NAME_BYTES`].
    pub max_name_bytes: usize,
    /// [`MAX_CANDIDATES`].
    pub max_candidates: usize,
    /// [`MAX_FOLDS`].
    pub max_folds: usize,
    /// [`MAX_FITS`].
    pub max_fits: usize,
    /// [`MAX_ITER`].
    pub max_iter: usize,
    /// [`MAX_HIDDEN_UNITS`].
    pub max_hidden_units: usize,
    /// [`MAX_DEGREE`].
    pub max_degree: usize,
    /// [`MAX_OUTPUT_FEATURES`].
    pub max_output_features: usize,
    /// [`MAX_GENERATED_ROWS`].
    pub max_generated_rows: usize,
    /// [`MAX_GENERATED_FEATURES`].
    pub max_generated_features: usize,
    /// [`MAX_GENERATED_CELLS`].
    pub max_generated_cells: usize,
    /// [`MAX_NOISE`].
    pub max_noise: f64,
    /// [`MAX_SEEDS`].
    pub max_seeds: usize,
    /// [`MAX_QUOTE_CHARS`].
    pub max_quote_chars: usize,
}

/// Every limit above, for a front end to check against before it asks.
pub fn limits() -> Limits {
    Limits {
        max_input_bytes: MAX_INPUT_BYTES,
        max_rows: MAX_ROWS,
        max_features: MAX_FEATURES,
        max_cells: MAX_CELLS,
        max_classes: MAX_CLASSES,
        max_name_bytes: MAX_NAME_BYTES,
        max_candidates: MAX_CANDIDATES,
        max_folds: MAX_FOLDS,
        max_fits: MAX_FITS,
        max_iter: MAX_ITER,
        max_hidden_units: MAX_HIDDEN_UNITS,
        max_degree: MAX_DEGREE,
        max_output_features: MAX_OUTPUT_FEATURES,
        max_generated_rows: MAX_GENERATED_ROWS,
        max_generated_features: MAX_GENERATED_FEATURES,
        max_generated_cells: MAX_GENERATED_CELLS,
        max_noise: MAX_NOISE,
        max_seeds: MAX_SEEDS,
        max_quote_chars: MAX_QUOTE_CHARS,
    }
}

/// The error for `field` at `value` over `limit` (both as they should read).
pub fn over(field: &str, value: impl Into<String>, limit: impl Into<String>) -> Error {
    Error::OverLimit {
        field: field.to_owned(),
        value: value.into(),
        limit: limit.into(),
        hint: String::new(),
    }
}

/// Refuses `value` of `field` above `limit`.
///
/// # Errors
/// [`Error::OverLimit`] naming `field`, `value` and `limit`.
pub fn check_count(field: &str, value: usize, limit: usize) -> Result<()> {
    if value > limit {
        return Err(over(field, value.to_string(), limit.to_string()));
    }
    Ok(())
}

/// Refuses input of `bytes` bytes (a file or a paste) over [`MAX_INPUT_BYTES`].
///
/// # Errors
/// [`Error::OverLimit`] (`input_size`), sizes in kB / MB.
pub fn check_input_size(bytes: u64) -> Result<()> {
    if bytes > MAX_INPUT_BYTES as u64 {
        return Err(over(
            "input_size",
            human_bytes(bytes),
            human_bytes(MAX_INPUT_BYTES as u64),
        ));
    }
    Ok(())
}

/// Reads all of `reader`, but never more than [`MAX_INPUT_BYTES`]: an endless source
/// (`/dev/zero`) is refused as soon as it passes the limit, without reading on.
///
/// # Errors
/// [`ReadError::Limit`] (an [`Error::OverLimit`] for `input_size`) past the limit;
/// [`ReadError::Io`] with the reader's error and the bytes read before it.
pub fn read_capped<R: Read>(reader: R) -> std::result::Result<Vec<u8>, ReadError> {
    let mut bytes = Vec::new();
    let cap = MAX_INPUT_BYTES as u64 + 1;
    reader
        .take(cap)
        .read_to_end(&mut bytes)
        .map_err(|err| ReadError::Io(err, bytes.len()))?;
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(ReadError::Limit(over(
            "input_size",
            format!("more than {}", human_bytes(MAX_INPUT_BYTES as u64)),
            human_bytes(MAX_INPUT_BYTES as u64),
        )));
    }
    Ok(bytes)
}

/// Why [`read_capped`] stopped.
#[derive(Debug)]
pub enum ReadError {
    /// The input passed [`MAX_INPUT_BYTES`].
    Limit(Error),
    /// Reading failed after this many bytes.
    Io(std::io::Error, usize),
}

/// Refuses a search of `candidates` candidates over `folds` folds when the folds are
/// over [`MAX_FOLDS`] or the fits (candidates × folds + 1 refit) over [`MAX_FITS`].
/// The grid's own size is checked when it is built ([`MAX_CANDIDATES`]).
///
/// # Errors
/// [`Error::OverLimit`] (`cv` or `fits`).
pub fn check_plan(candidates: usize, folds: usize) -> Result<()> {
    check_count("cv", folds, MAX_FOLDS)?;
    let fits = candidates
        .checked_mul(folds)
        .and_then(|n| n.checked_add(1))
        .filter(|&n| n <= MAX_FITS);
    if fits.is_none() {
        let total = (candidates as u128) * (folds as u128) + 1;
        return Err(over(
            "fits",
            format!("{total} ({candidates} candidates × {folds} folds + 1 refit)"),
            MAX_FITS.to_string(),
        ));
    }
    Ok(())
}

/// Refuses a data set's shape over the limits: rows ([`MAX_ROWS`]), feature columns
/// ([`MAX_FEATURES`]), numbers ([`MAX_CELLS`]) and classes ([`MAX_CLASSES`]); for a
/// shape given by class counts, also counts that do not add up to `n_samples`.
///
/// # Errors
/// [`Error::OverLimit`] (`rows`, `features`, `cells`, `classes`), or
/// [`Error::Shape`] when the class counts do not add up.
pub fn check_shape(
    n_samples: usize,
    n_features: usize,
    class_counts: Option<&[usize]>,
) -> Result<()> {
    check_count("rows", n_samples, MAX_ROWS)?;
    check_count("features", n_features, MAX_FEATURES)?;
    match n_samples.checked_mul(n_features) {
        Some(n) if n <= MAX_CELLS => {}
        _ => {
            return Err(over(
                "cells",
                format!(
                    "{} ({n_samples} rows × {n_features} features)",
                    (n_samples as u128) * (n_features as u128)
                ),
                MAX_CELLS.to_string(),
            ));
        }
    }
    if let Some(counts) = class_counts {
        check_count("classes", counts.len(), MAX_CLASSES)?;
        let total = counts.iter().try_fold(0usize, |t, &c| t.checked_add(c));
        if total != Some(n_samples) {
            return Err(Error::Shape(format!(
                "the class counts add up to {} but there are {n_samples} rows",
                total.map_or_else(|| "more than 2^64".to_string(), |t| t.to_string())
            )));
        }
    }
    Ok(())
}

/// `max_iter` from a grid or `--set` value: a whole number up to [`MAX_ITER`]
/// (`0` passes here; each model's `check` refuses it).
///
/// # Errors
/// [`Error::OverLimit`] (`max_iter`) above the limit, [`Error::InvalidParam`] for a
/// negative or fractional number.
pub fn max_iter(value: f64) -> Result<usize> {
    whole_up_to("max_iter", value, MAX_ITER)
}

/// `hidden_layer_sizes` from a grid value: a whole number up to [`MAX_HIDDEN_UNITS`].
///
/// # Errors
/// As [`max_iter`], for `hidden_layer_sizes`.
pub fn hidden_units(value: f64) -> Result<usize> {
    whole_up_to("hidden_layer_sizes", value, MAX_HIDDEN_UNITS)
}

/// A whole number from 0 to `limit`, as `usize`.
fn whole_up_to(field: &str, value: f64, limit: usize) -> Result<usize> {
    if !(value >= 0.0 && value.fract() == 0.0) {
        return Err(Error::InvalidParam {
            name: field.to_owned(),
            value: crate::numfmt::fmt_value(value),
            reason: format!("must be a whole number from 1 to {limit}"),
        });
    }
    if value > limit as f64 {
        return Err(over(
            field,
            crate::numfmt::fmt_value(value),
            limit.to_string(),
        ));
    }
    // A whole number in [0, limit]: the conversion is exact.
    Ok(value as usize)
}

/// Text as an error quotes it: whole up to 100 characters, else its first
/// [`MAX_QUOTE_CHARS`] characters, `…` and its size, so a 10 MB cell costs a line.
///
/// ```
/// use tunelab::limits::clip;
/// assert_eq!(clip("oops"), "oops");
/// let cell = "9".repeat(10_000_000);
/// assert_eq!(clip(&cell), format!("{}… (10 MB)", "9".repeat(80)));
/// ```
pub fn clip(text: &str) -> String {
    match text.char_indices().nth(QUOTE_WHOLE_CHARS) {
        None => text.to_owned(),
        Some(_) => {
            let cut = text
                .char_indices()
                .nth(MAX_QUOTE_CHARS)
                .map_or(text.len(), |(i, _)| i);
            let head = text.get(..cut).unwrap_or_default();
            format!("{head}… ({})", human_bytes(text.len() as u64))
        }
    }
}

/// A byte count as a person reads it: `812 bytes`, `12.5 kB`, `10 MB`, `2.1 GB`.
pub fn human_bytes(bytes: u64) -> String {
    let units = [(1e9, "GB"), (1e6, "MB"), (1e3, "kB")];
    for (size, unit) in units {
        if bytes as f64 >= size {
            let v = bytes as f64 / size;
            let text = format!("{v:.1}");
            let text = text.strip_suffix(".0").unwrap_or(&text);
            return format!("{text} {unit}");
        }
    }
    format!("{bytes} bytes")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]

    use super::*;

    #[test]
    fn clip_keeps_short_text_and_cuts_long_text_once() {
        assert_eq!(clip(""), "");
        let hundred = "é".repeat(100);
        assert_eq!(clip(&hundred), hundred);
        let long = "é".repeat(101);
        let cut = clip(&long);
        assert_eq!(cut, format!("{}… (202 bytes)", "é".repeat(80)));
        assert_eq!(clip(&cut), cut, "cutting again changes nothing");
    }

    #[test]
    fn human_bytes_reads_well() {
        assert_eq!(human_bytes(0), "0 bytes");
        assert_eq!(human_bytes(999), "999 bytes");
        assert_eq!(human_bytes(12_500), "12.5 kB");
        assert_eq!(human_bytes(10_000_101), "10 MB");
        assert_eq!(human_bytes(200_000_000), "200 MB");
        assert_eq!(human_bytes(2_100_000_000), "2.1 GB");
    }

    #[test]
    fn each_check_names_field_value_and_limit() {
        let err = max_iter(4_294_967_296.0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "max_iter: 4294967296 is over the limit of 1000000"
        );
        assert_eq!(err.data().field.as_deref(), Some("max_iter"));
        assert_eq!(max_iter(1e6).unwrap(), 1_000_000);
        assert!(matches!(max_iter(-1.0), Err(Error::InvalidParam { .. })));
        assert!(matches!(
            max_iter(f64::NAN),
            Err(Error::InvalidParam { .. })
        ));
        assert!(matches!(max_iter(1e308), Err(Error::OverLimit { .. })));
        assert!(max_iter(1e308).unwrap_err().to_string().contains("1e308"));

        assert!(check_plan(MAX_FITS - 1, 1).is_ok());
        assert!(check_plan(MAX_FITS, 1).is_err());
        assert!(check_plan(usize::MAX, 2).is_err());
        assert!(
            check_plan(1, MAX_FOLDS + 1)
                .unwrap_err()
                .to_string()
                .starts_with("cv: 101 is over the limit of 100")
        );

        assert!(check_shape(150, 4, Some(&[50, 50, 50])).is_ok());
        assert!(matches!(
            check_shape(150, 4, Some(&[50, 50])),
            Err(Error::Shape(_))
        ));
        assert!(check_shape(2, 2, Some(&[usize::MAX, 3])).is_err());
        let err = check_shape(MAX_ROWS, 50, None).unwrap_err().to_string();
        assert!(
            err.starts_with("cells: 50000000 (1000000 rows × 50 features)"),
            "{err}"
        );
        let many = vec![1; MAX_CLASSES + 1];
        assert!(check_shape(many.len(), 1, Some(&many)).is_err());

        assert!(check_input_size(MAX_INPUT_BYTES as u64).is_ok());
        assert_eq!(
            check_input_size(250_000_000).unwrap_err().to_string(),
            "input_size: 250 MB is over the limit of 200 MB"
        );
    }

    #[test]
    fn read_capped_stops_an_endless_reader() {
        let endless = std::io::repeat(b'0');
        let started = std::time::Instant::now();
        match read_capped(endless) {
            Err(ReadError::Limit(err)) => {
                assert!(err.to_string().contains("200 MB"), "{err}")
            }
            other => panic!("expected the limit, got {other:?}"),
        }
        assert!(started.elapsed().as_secs() < 30);
        assert_eq!(read_capped(&b"a,b\n"[..]).unwrap(), b"a,b\n");
    }
}
