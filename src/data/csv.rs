//! CSV loading: text in, a checked [`Dataset`] out, or an error that says where and what.
//!
//! Everything about the file is detected unless [`CsvOptions`] says otherwise:
//!
//! * the delimiter: comma, semicolon or tab, whichever appears the same number of times
//!   (outside quotes) on each of the first lines;
//! * the header row: present when feature cells of the first row are text, not numbers,
//!   where the second row has numbers (or when the whole first row is text); without
//!   one, features are named `x1`, `x2`, … and the label column `label`;
//! * a UTF-8 byte-order mark, CRLF line ends, blank lines and spaces around cells are
//!   accepted.
//!
//! The label column is the last one unless chosen by name or 0-based index. Labels may be
//! integers or text; classes are ordered like scikit-learn's `LabelEncoder`: integers
//! numerically (`2` before `10`), otherwise as strings.
//!
//! Every feature cell must be a finite number. Empty cells and the markers `NA`, `N/A`,
//! `NaN`, `null` and `?` (any case) are missing values and refused, in the label column
//! too; so are infinities. The error names the 1-based line and column and shows the
//! cell (its first 80 characters and its size, when it is long).
//!
//! Input is bounded by [`crate::limits`]: at most 200 MB of text, 1 000 000 rows,
//! 5 000 feature columns, 20 000 000 numbers, 1 000 classes and names of 1 000 bytes;
//! past a limit, loading stops with [`Error::OverLimit`] naming it.
//!
//! ```
//! use tunelab::{CsvOptions, Dataset, Error, LabelColumn};
//!
//! let text = "\u{feff}colour;weight;kind\r\n0.5;1e-3;b\r\n 0.25 ;2;a\r\n";
//! let data = Dataset::from_csv_str(text, &CsvOptions::default())?;
//! assert_eq!(data.feature_names, ["colour", "weight"]);
//! assert_eq!(data.class_names(), ["a", "b"]);
//! assert_eq!(data.classes(), Some(&[1, 0][..]));
//! assert_eq!(data.x[[1, 0]], 0.25);
//!
//! let opts = CsvOptions { label: LabelColumn::Name("colour".into()), ..CsvOptions::default() };
//! let err = Dataset::from_csv_str(text, &opts).unwrap_err();
//! assert_eq!(
//!     err,
//!     Error::NonNumeric { line: 2, column: 3, name: "kind".into(), value: "b".into() }
//! );
//! # Ok::<(), Error>(())
//! ```

mod cells;
mod detect;
mod load;
mod options;
mod table;

#[cfg(test)]
mod tests;

use std::io::Read;

pub use self::cells::CsvSource;
use self::cells::next_record;
use self::detect::{detect_header, header_cells};
use self::load::{Progress, load_auto, reader, start};
pub use self::options::{CsvOptions, LabelColumn, TargetKind};
use super::Dataset;
use crate::error::{Error, Result};
use crate::limits;

impl Dataset {
    /// Reads a data set from CSV text.
    ///
    /// Detected unless `opts` says otherwise: the delimiter (comma, semicolon or tab,
    /// counted outside quotes on the first lines) and the header row (feature cells of the
    /// first row are text, not numbers, where the second row has numbers, or the whole
    /// first row is text; without a header, features are named `x1`, `x2`, … and the
    /// label `label`).
    /// A UTF-8 byte-order mark, CRLF line ends, blank lines and spaces around cells are
    /// accepted. Labels are integers or text; classes are sorted as scikit-learn's
    /// `LabelEncoder` does (integers numerically, anything else as strings). Missing
    /// values (empty, `NA`, `N/A`, `NaN`, `null`, `?`, any case) and infinities are
    /// refused, with the 1-based line and column of the cell.
    ///
    /// # Errors
    ///
    /// [`Error::EmptyInput`], [`Error::HeaderOnly`], [`Error::RaggedRow`],
    /// [`Error::NonNumeric`], [`Error::MissingValue`], [`Error::NonFinite`],
    /// [`Error::LabelColumnNotFound`], [`Error::TooFewClasses`], [`Error::Csv`] (a field
    /// spanning lines, i.e. an unclosed quote), [`Error::InvalidData`] (no feature
    /// column besides the label) and [`Error::OverLimit`] (see [`crate::limits`]).
    pub fn from_csv_str(text: &str, opts: &CsvOptions) -> Result<Dataset> {
        limits::check_input_size(text.len() as u64)?;
        load_auto(&text.as_bytes(), opts, &mut Progress::new(None, text.len()))
    }

    /// Reads a data set from CSV bytes in memory (e.g. a file the page read as an
    /// `ArrayBuffer`), exactly as [`Dataset::from_csv_str`] reads the same text, and
    /// reports how far it has got: `progress(done, total)`, in bytes of the input, is
    /// called once at the start, about every half percent of the input (at least every
    /// 256 KiB) as rows are read, and once at the end. Without a hook it is
    /// `from_csv_str` on bytes.
    ///
    /// The bytes are not checked as UTF-8 as a whole: every cell is, when it is read,
    /// and a cell that is not UTF-8 is an error naming its line and column.
    ///
    /// # Errors
    ///
    /// As [`Dataset::from_csv_str`], plus [`Error::Csv`] for a cell that is not UTF-8.
    pub fn from_csv_bytes(
        bytes: &[u8],
        opts: &CsvOptions,
        progress: Option<&mut dyn FnMut(usize, usize)>,
    ) -> Result<Dataset> {
        Dataset::from_csv_source(&bytes, opts, progress)
    }

    /// [`Dataset::from_csv_bytes`] of bytes read from `src` a megabyte at a time, as
    /// they are parsed: a file is never held in memory whole (the page's worker reads
    /// a chosen file so). An error message reads it again up to the line it names.
    ///
    /// # Errors
    ///
    /// As [`Dataset::from_csv_bytes`], plus [`Error::Csv`] when `src` cannot be read.
    pub fn from_csv_source(
        src: &dyn CsvSource,
        opts: &CsvOptions,
        progress: Option<&mut dyn FnMut(usize, usize)>,
    ) -> Result<Dataset> {
        limits::check_input_size(src.len() as u64)?;
        let mut progress = Progress::new(progress, src.len());
        progress.report(0);
        let data = load_auto(src, opts, &mut progress)?;
        progress.report(src.len());
        Ok(data)
    }

    /// The column names of CSV text as [`Dataset::from_csv_str`] would read them
    /// (`column 1`, `column 2`, … without a header), for offering label choices for
    /// a file that did not load. Empty when there is not even a first record, or the
    /// text is over [`limits::MAX_INPUT_BYTES`].
    pub fn csv_columns(text: &str) -> Vec<String> {
        Dataset::csv_columns_bytes(text.as_bytes())
    }

    /// [`Dataset::csv_columns`] of CSV bytes (the start of a file is enough: only the
    /// first two records are read); empty, too, when a name in the first record is not
    /// UTF-8.
    pub fn csv_columns_bytes(bytes: &[u8]) -> Vec<String> {
        Dataset::csv_columns_source(&bytes)
    }

    /// [`Dataset::csv_columns_bytes`] of the start of `src`.
    pub fn csv_columns_source(src: &dyn CsvSource) -> Vec<String> {
        if limits::check_input_size(src.len() as u64).is_err() {
            return Vec::new();
        }
        let Ok((bytes, delimiter)) = start(src) else {
            return Vec::new();
        };
        let bytes = &bytes;
        let mut reader = reader(bytes, delimiter);
        let mut record = csv::ByteRecord::new();
        let Ok(Some(first_at)) = next_record(&mut reader, &mut record, bytes) else {
            return Vec::new();
        };
        let first = record.clone();
        let second = match next_record(&mut reader, &mut record, bytes) {
            Ok(Some(_)) => Some(record.clone()),
            _ => None,
        };
        let Ok(cells) = header_cells(&first, first_at) else {
            return Vec::new();
        };
        if detect_header(&first, &cells, second.as_ref(), &LabelColumn::Last) {
            cells
        } else {
            (1..=cells.len()).map(|i| format!("column {i}")).collect()
        }
    }

    /// Reads a data set from CSV bytes, e.g. an open file. The input is read into
    /// memory first (the data set has to fit there anyway), through a reader that
    /// stops past [`limits::MAX_INPUT_BYTES`], so an endless source is refused rather
    /// than read on.
    ///
    /// # Errors
    ///
    /// As [`Dataset::from_csv_str`], plus [`Error::Csv`] when the input is not valid
    /// UTF-8 or reading fails, and [`Error::OverLimit`] (`input_size`) past the limit.
    pub fn from_csv_reader<R: Read>(rdr: R, opts: &CsvOptions) -> Result<Dataset> {
        let bytes = match limits::read_capped(rdr) {
            Ok(bytes) => bytes,
            Err(limits::ReadError::Limit(err)) => return Err(err),
            Err(limits::ReadError::Io(err, _)) => {
                return Err(Error::Csv {
                    line: 1,
                    message: format!("reading failed: {err}"),
                });
            }
        };
        load_auto(
            &bytes.as_slice(),
            opts,
            &mut Progress::new(None, bytes.len()),
        )
    }
}
