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

use std::collections::HashMap;
use std::io::Read;

use ndarray::Array2;
use serde::{Deserialize, Serialize};

use super::{Dataset, Target};
use crate::error::{Error, Result};
use crate::limits::{self, clip};

/// Which column holds the class labels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LabelColumn {
    /// The last column (the default).
    Last,
    /// The last column, unless reading it so fails on a text cell in another column
    /// and the target is classes: then that text column (the only sensible label).
    Auto,
    /// The column with this header name.
    Name(String),
    /// The column at this 0-based index.
    Index(usize),
}

/// What the label column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TargetKind {
    /// Class labels, integers or text (the default).
    #[default]
    Classes,
    /// Numbers to regress on; a cell that is not a number is an error.
    Values,
}

/// How to read a CSV file. Everything is detected when left at its default.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CsvOptions {
    /// The label column; defaults to [`LabelColumn::Last`].
    pub label: LabelColumn,
    /// Field delimiter; `None` (the default) detects comma, semicolon or tab.
    pub delimiter: Option<u8>,
    /// Whether the first row is a header; `None` (the default) detects it.
    pub has_header: Option<bool>,
    /// Name for the data set; defaults to `"data"`.
    pub name: String,
    /// Whether the label column holds classes or numbers; defaults to
    /// [`TargetKind::Classes`].
    pub target: TargetKind,
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions {
            label: LabelColumn::Last,
            delimiter: None,
            has_header: None,
            name: "data".into(),
            target: TargetKind::Classes,
        }
    }
}

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
        load_auto(text.as_bytes(), opts, &mut Progress::new(None, text.len()))
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
        limits::check_input_size(bytes.len() as u64)?;
        let mut progress = Progress::new(progress, bytes.len());
        progress.report(0);
        let data = load_auto(bytes, opts, &mut progress)?;
        progress.report(bytes.len());
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
        if limits::check_input_size(bytes.len() as u64).is_err() {
            return Vec::new();
        }
        let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(detect_delimiter(bytes))
            .has_headers(false)
            .flexible(true)
            .from_reader(bytes);
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
        load_auto(&bytes, opts, &mut Progress::new(None, bytes.len()))
    }
}

/// The progress hook of a load and when to call it next.
struct Progress<'h> {
    /// `hook(done, total)`, in bytes; none: nothing to report.
    hook: Option<&'h mut dyn FnMut(usize, usize)>,
    /// The input's size in bytes.
    total: usize,
    /// Bytes between two reports.
    step: usize,
    /// The offset at or past which the next report is due.
    next: usize,
}

impl<'h> Progress<'h> {
    /// Least bytes between two reports while rows are read.
    const MIN_STEP: usize = 256 * 1024;

    /// Reports on an input of `total` bytes to `hook`, about every half percent.
    fn new(hook: Option<&'h mut dyn FnMut(usize, usize)>, total: usize) -> Progress<'h> {
        let step = (total / 200).max(Self::MIN_STEP);
        Progress {
            hook,
            total,
            step,
            next: step,
        }
    }

    /// Calls the hook with `done` bytes of the total (no more than the total).
    fn report(&mut self, done: usize) {
        if let Some(hook) = self.hook.as_mut() {
            hook(done.min(self.total), self.total);
        }
    }

    /// A row starting at byte `offset` is being read: reports when a step has passed.
    #[inline]
    fn at(&mut self, offset: usize) {
        if offset >= self.next {
            self.next = offset.saturating_add(self.step);
            self.report(offset);
        }
    }

    /// The input is read again from its start (the `auto` label's second try).
    fn restart(&mut self) {
        self.next = self.step;
        self.report(0);
    }
}

/// [`load`], resolving [`LabelColumn::Auto`]: the last column, or the text column
/// that made reading the last one as the label fail.
fn load_auto(bytes: &[u8], opts: &CsvOptions, progress: &mut Progress<'_>) -> Result<Dataset> {
    if opts.label != LabelColumn::Auto {
        return load(bytes, opts, progress);
    }
    let last = CsvOptions {
        label: LabelColumn::Last,
        ..opts.clone()
    };
    match load(bytes, &last, progress) {
        Err(err @ Error::NonNumeric { column, .. }) if opts.target == TargetKind::Classes => {
            let retry = CsvOptions {
                label: LabelColumn::Index(column.saturating_sub(1)),
                ..opts.clone()
            };
            // The first error says best what is wrong if the text column fails too.
            progress.restart();
            load(bytes, &retry, progress).map_err(|_| err)
        }
        other => other,
    }
}

/// The delimiters that are detected, in order of preference when the evidence ties.
const CANDIDATES: [u8; 3] = [b'\t', b';', b','];

/// How many records the delimiter detection looks at.
const SNIFF_RECORDS: usize = 50;

/// The cell texts that mean "no value", compared without regard to case.
const MISSING_MARKERS: [&[u8]; 6] = [b"", b"na", b"n/a", b"nan", b"null", b"?"];

/// A UTF-8 byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The loader behind the public entry points; `progress` hears of the rows read.
fn load(bytes: &[u8], opts: &CsvOptions, progress: &mut Progress<'_>) -> Result<Dataset> {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    let delimiter = opts.delimiter.unwrap_or_else(|| detect_delimiter(bytes));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);

    let mut record = csv::ByteRecord::new();
    let Some(first_at) = next_record(&mut reader, &mut record, bytes)? else {
        return Err(Error::EmptyInput);
    };
    let first = record.clone();
    let second_at = next_record(&mut reader, &mut record, bytes)?;
    let second = second_at.map(|_| record.clone());

    let n_columns = first.len();
    if n_columns > limits::MAX_FEATURES + 1 {
        return Err(Error::OverLimit {
            field: "features".into(),
            value: (n_columns - 1).to_string(),
            limit: limits::MAX_FEATURES.to_string(),
            hint: format!(
                "line {} has {n_columns} columns: {} features and the label",
                first_at.line(),
                n_columns - 1
            ),
        });
    }
    let first_cells = header_cells(&first, first_at)?;
    let has_header = match opts.has_header {
        Some(h) => h,
        None => detect_header(&first, &first_cells, second.as_ref(), &opts.label),
    };
    if has_header {
        for (j, name) in first_cells.iter().enumerate() {
            check_name(name, first_at, j)?;
        }
    }
    let label = resolve_label(&opts.label, &first_cells, has_header)?;
    if n_columns < 2 {
        return Err(Error::InvalidData(format!(
            "line {}: the file has a single column, which is taken as the label, \
             so there are no feature columns; is the delimiter right?",
            first_at.line()
        )));
    }
    let (feature_names, label_name) = if has_header {
        split_names(first_cells, label)
    } else {
        let names = (1..n_columns).map(|i| format!("x{i}")).collect();
        (names, "label".to_owned())
    };
    let mut column_names = feature_names.clone();
    column_names.insert(label.min(column_names.len()), label_name.clone());

    let mut table = Table::new(n_columns, label, column_names, opts.target);
    if !has_header {
        table.push(&first, first_at)?;
    }
    if let (Some(row), Some(at)) = (second.as_ref(), second_at) {
        table.push(row, at)?;
        while let Some(at) = next_record(&mut reader, &mut record, bytes)? {
            progress.at(at.offset);
            table.push(&record, at)?;
        }
    }
    table.finish(&opts.name, feature_names, label_name, has_header)
}

/// Where a record starts in the input; [`At::line`] turns that into a line number.
///
/// The csv crate's own line count misses blank lines that it skips, and its byte
/// offset points at the end of the previous record; so the offset is moved past line
/// ends here and lines are counted only when an error needs one.
#[derive(Clone, Copy)]
struct At<'a> {
    /// The whole input.
    src: &'a [u8],
    /// Byte offset of the record's first byte.
    offset: usize,
}

impl<'a> At<'a> {
    /// The start of the record that the csv reader places at `byte`.
    fn new(src: &'a [u8], byte: u64) -> At<'a> {
        let mut offset = usize::try_from(byte).unwrap_or(usize::MAX).min(src.len());
        while src.get(offset).is_some_and(|&b| b == b'\n' || b == b'\r') {
            offset += 1;
        }
        At { src, offset }
    }

    /// The 1-based line number (`\n`, `\r\n` and a lone `\r` each end a line).
    fn line(self) -> u64 {
        let before = self.src.get(..self.offset).unwrap_or(self.src);
        let mut ends = 0u64;
        let mut previous = 0u8;
        for &b in before {
            if b == b'\n' || previous == b'\r' {
                ends += 1;
            }
            previous = b;
        }
        // A lone `\r` just before the record ends the line too.
        if previous == b'\r' {
            ends += 1;
        }
        ends + 1
    }
}

/// Reads the next record that is not blank into `record`; returns where it starts.
fn next_record<'a>(
    reader: &mut csv::Reader<&[u8]>,
    record: &mut csv::ByteRecord,
    src: &'a [u8],
) -> Result<Option<At<'a>>> {
    loop {
        let more = reader
            .read_byte_record(record)
            .map_err(|err| csv_error(&err, src))?;
        if !more {
            return Ok(None);
        }
        // A line holding only spaces reads as one blank field: skip it like an empty line.
        let blank = record.len() == 1 && record.get(0).is_some_and(|f| trim(f).is_empty());
        if !blank {
            let byte = record.position().map_or(0, csv::Position::byte);
            return Ok(Some(At::new(src, byte)));
        }
    }
}

/// Turns the csv crate's error into ours, with the line.
fn csv_error(err: &csv::Error, src: &[u8]) -> Error {
    let line = err.position().map_or(1, |p| At::new(src, p.byte()).line());
    Error::Csv {
        line,
        message: err.to_string(),
    }
}

/// Trims ASCII white space from both ends of a cell.
fn trim(cell: &[u8]) -> &[u8] {
    cell.trim_ascii()
}

/// Whether a (trimmed) cell is one of the missing-value markers.
fn is_missing(cell: &[u8]) -> bool {
    MISSING_MARKERS.iter().any(|m| cell.eq_ignore_ascii_case(m))
}

/// Parses a trimmed cell as a number, if it is one (including `inf` and `nan`).
fn parse_number(cell: &[u8]) -> Option<f64> {
    std::str::from_utf8(cell).ok()?.parse().ok()
}

/// Whether a cell is text rather than a number or a missing value.
fn is_text(cell: &[u8]) -> bool {
    let cell = trim(cell);
    !is_missing(cell) && parse_number(cell).is_none()
}

/// The first row's cells as trimmed strings (the header names, if it is a header).
fn header_cells(record: &csv::ByteRecord, at: At<'_>) -> Result<Vec<String>> {
    record
        .iter()
        .enumerate()
        .map(|(j, cell)| {
            check_one_line(cell, at, j)?;
            match std::str::from_utf8(trim(cell)) {
                Ok("") => Ok(format!("column {}", j + 1)),
                Ok(s) => Ok(s.to_owned()),
                Err(_) => Err(not_utf8(at, j)),
            }
        })
        .collect()
}

/// Refuses a cell that spans several lines: in a data file that means an unclosed quote.
fn check_one_line(cell: &[u8], at: At<'_>, column: usize) -> Result<()> {
    if cell.iter().any(|&b| b == b'\n' || b == b'\r') {
        return Err(Error::Csv {
            line: at.line(),
            message: format!(
                "the field in column {} runs on over several lines; is a closing quote (\") missing?",
                column + 1
            ),
        });
    }
    Ok(())
}

/// Refuses a column or class name longer than [`limits::MAX_NAME_BYTES`].
fn check_name(name: &str, at: At<'_>, column: usize) -> Result<()> {
    if name.len() > limits::MAX_NAME_BYTES {
        return Err(Error::OverLimit {
            field: "name".into(),
            value: limits::human_bytes(name.len() as u64),
            limit: limits::human_bytes(limits::MAX_NAME_BYTES as u64),
            hint: format!("line {}, column {}: {}", at.line(), column + 1, clip(name)),
        });
    }
    Ok(())
}

/// The error for a cell that is not valid UTF-8.
fn not_utf8(at: At<'_>, column: usize) -> Error {
    Error::Csv {
        line: at.line(),
        message: format!(
            "column {} is not valid UTF-8 text; save the file as UTF-8",
            column + 1
        ),
    }
}

/// Picks the delimiter from the first records: the candidate that occurs the same
/// non-zero number of times outside quotes on every line, the most often; failing that,
/// the one most frequent on the first line; failing that, a comma.
fn detect_delimiter(bytes: &[u8]) -> u8 {
    let mut counts: Vec<[usize; 3]> = Vec::new();
    let mut current = [0usize; 3];
    let mut in_quotes = false;
    let mut line_has_content = false;
    for &b in bytes {
        if counts.len() >= SNIFF_RECORDS {
            break;
        }
        match b {
            b'"' => {
                in_quotes = !in_quotes;
                line_has_content = true;
            }
            b'\n' | b'\r' if !in_quotes => {
                if line_has_content {
                    counts.push(current);
                }
                current = [0; 3];
                line_has_content = false;
            }
            _ if in_quotes => {}
            _ => {
                if let Some(k) = CANDIDATES.iter().position(|&c| c == b)
                    && let Some(slot) = current.get_mut(k)
                {
                    *slot += 1;
                }
                line_has_content |= !b.is_ascii_whitespace();
            }
        }
    }
    if line_has_content && counts.len() < SNIFF_RECORDS {
        counts.push(current);
    }

    let mut best: Option<(usize, u8)> = None;
    for (k, &candidate) in CANDIDATES.iter().enumerate() {
        let mut per_line = counts.iter().filter_map(|c| c.get(k).copied());
        let Some(n) = per_line.next() else { continue };
        if n > 0 && per_line.all(|m| m == n) && best.is_none_or(|(b, _)| n > b) {
            best = Some((n, candidate));
        }
    }
    if let Some((_, candidate)) = best {
        return candidate;
    }
    let first = counts.first().copied().unwrap_or_default();
    let mut choice = (0, b',');
    for (&n, &candidate) in first.iter().zip(&CANDIDATES) {
        if n > choice.0 {
            choice = (n, candidate);
        }
    }
    choice.1
}

/// Decides whether the first row is a header.
///
/// It is when some feature cell of it is text while the second row has a number in that
/// column (or there is no second row) and none of its feature cells is a number, or when
/// every cell of it is text. A first row that mixes numbers and text is data with a
/// mistake in it: taking it for a header would drop a row without a word. A label column
/// asked for by a name that the first row contains settles it.
fn detect_header(
    first: &csv::ByteRecord,
    names: &[String],
    second: Option<&csv::ByteRecord>,
    label: &LabelColumn,
) -> bool {
    let label_index = match label {
        LabelColumn::Name(name) => {
            if names.iter().any(|cell| cell == name) {
                return true;
            }
            None
        }
        LabelColumn::Index(i) => Some(*i),
        LabelColumn::Last | LabelColumn::Auto => first.len().checked_sub(1),
    };
    let features = || {
        first
            .iter()
            .enumerate()
            .filter(|&(j, _)| Some(j) != label_index)
    };
    let text_over_number = features().any(|(j, cell)| {
        is_text(cell)
            && second.is_none_or(|row| row.get(j).and_then(|c| parse_number(trim(c))).is_some())
    });
    let has_number = features().any(|(_, cell)| parse_number(trim(cell)).is_some());
    (text_over_number && !has_number) || first.iter().all(is_text)
}

/// Finds the 0-based index of the label column.
fn resolve_label(label: &LabelColumn, first: &[String], has_header: bool) -> Result<usize> {
    let n = first.len();
    let available = || {
        if has_header {
            first.to_vec()
        } else {
            let mut names: Vec<String> = (1..n).map(|i| format!("x{i}")).collect();
            names.push("label".to_owned());
            names
        }
    };
    match label {
        LabelColumn::Last | LabelColumn::Auto => Ok(n.saturating_sub(1)),
        LabelColumn::Index(i) if *i < n => Ok(*i),
        LabelColumn::Index(i) => Err(Error::LabelColumnNotFound {
            requested: format!("column {}", i.saturating_add(1)),
            available: available(),
        }),
        LabelColumn::Name(name) => {
            let names = available();
            match names.iter().position(|c| c == name) {
                Some(i) => Ok(i),
                None => Err(Error::LabelColumnNotFound {
                    requested: name.clone(),
                    available: names,
                }),
            }
        }
    }
}

/// Splits the header names into feature names and the label name.
fn split_names(mut names: Vec<String>, label: usize) -> (Vec<String>, String) {
    if label < names.len() {
        let label_name = names.remove(label);
        (names, label_name)
    } else {
        (names, "label".to_owned())
    }
}

/// The data rows as they are read: features into one flat vector, labels as indices in
/// order of first appearance.
/// After how many rows [`Table::push`] reserves room for the rest (the bytes per row
/// of the first thousand predict the rest well in a numeric file).
const RESERVE_AFTER_ROWS: usize = 1_000;

struct Table {
    /// Fields each row must have.
    n_columns: usize,
    /// 0-based index of the label column.
    label: usize,
    /// Name of every column, for error messages.
    column_names: Vec<String>,
    /// Feature values, row after row.
    values: Vec<f64>,
    /// Each row's label, as an index into `labels`.
    y: Vec<usize>,
    /// Distinct label texts, in order of first appearance.
    labels: Vec<String>,
    /// Index of each label text in `labels`.
    label_index: HashMap<Vec<u8>, usize>,
    /// Classes or numbers in the label column.
    kind: TargetKind,
    /// Each row's value, for a numeric target.
    targets: Vec<f64>,
}

impl Table {
    /// An empty table for rows of `n_columns` fields.
    fn new(n_columns: usize, label: usize, column_names: Vec<String>, kind: TargetKind) -> Table {
        Table {
            kind,
            targets: Vec::new(),
            n_columns,
            label,
            column_names,
            values: Vec::new(),
            y: Vec::new(),
            labels: Vec::new(),
            label_index: HashMap::new(),
        }
    }

    /// The name of column `j` (0-based), for error messages.
    fn name(&self, j: usize) -> String {
        self.column_names
            .get(j)
            .cloned()
            .unwrap_or_else(|| format!("column {}", j + 1))
    }

    /// Checks and adds one data row.
    fn push(&mut self, record: &csv::ByteRecord, at: At<'_>) -> Result<()> {
        let rows = self.y.len().max(self.targets.len());
        if rows >= limits::MAX_ROWS {
            return Err(Error::OverLimit {
                field: "rows".into(),
                value: format!("more than {}", limits::MAX_ROWS),
                limit: limits::MAX_ROWS.to_string(),
                hint: format!("line {} is one row too many", at.line()),
            });
        }
        let features = self.n_columns.saturating_sub(1);
        if self.values.len().saturating_add(features) > limits::MAX_CELLS {
            return Err(Error::OverLimit {
                field: "cells".into(),
                value: format!(
                    "more than {} ({features} features per row)",
                    limits::MAX_CELLS
                ),
                limit: limits::MAX_CELLS.to_string(),
                hint: format!(
                    "line {}: at most {} rows of {features} features",
                    at.line(),
                    limits::MAX_CELLS / features.max(1)
                ),
            });
        }
        if rows == RESERVE_AFTER_ROWS && at.offset > 0 {
            self.reserve_for(rows, at);
        }
        if record.len() != self.n_columns {
            for (j, cell) in record.iter().enumerate() {
                check_one_line(cell, at, j)?;
            }
            return Err(Error::RaggedRow {
                line: at.line(),
                expected: self.n_columns,
                found: record.len(),
            });
        }
        for (j, raw) in record.iter().enumerate() {
            if j == self.label && self.kind == TargetKind::Values {
                let value = self.parse_feature(raw, at, j)?;
                self.targets.push(value);
            } else if j == self.label {
                self.push_label(raw, at, j)?;
            } else {
                let value = self.parse_feature(raw, at, j)?;
                self.values.push(value);
            }
        }
        Ok(())
    }

    /// Room for the rest of the rows at once, estimated from the `rows` read so far
    /// and the bytes they took (5 % more, within the limits). Grown by doubling, the
    /// feature matrix would for a moment need one and a half times its final size and
    /// then keep up to twice it; in the wasm, whose memory never shrinks, that was
    /// 100 MB of a 100,000 × 50 file's 40 MB matrix.
    fn reserve_for(&mut self, rows: usize, at: At<'_>) {
        let estimate = rows as f64 * at.src.len() as f64 / at.offset as f64 * 1.05;
        let total = (estimate as usize).clamp(rows, limits::MAX_ROWS);
        let features = self.n_columns.saturating_sub(1);
        let cells = total.saturating_mul(features).min(limits::MAX_CELLS);
        self.values
            .reserve_exact(cells.saturating_sub(self.values.len()));
        match self.kind {
            TargetKind::Values => self.targets.reserve_exact(total - rows),
            TargetKind::Classes => self.y.reserve_exact(total - rows),
        }
    }

    /// Parses one feature cell.
    fn parse_feature(&self, raw: &[u8], at: At<'_>, j: usize) -> Result<f64> {
        let cell = trim(raw);
        let text = std::str::from_utf8(cell).map_err(|_| not_utf8(at, j))?;
        let parsed = text.parse::<f64>();
        if let Ok(v) = parsed
            && v.is_finite()
        {
            return Ok(v);
        }
        // The error paths: only now is the line worth counting.
        let line = at.line();
        match parsed {
            Ok(v) if v.is_nan() => Err(Error::MissingValue {
                line,
                column: j + 1,
                name: self.name(j),
                value: clip(text),
            }),
            Ok(_) => Err(Error::NonFinite {
                line,
                column: j + 1,
                name: self.name(j),
                value: clip(text),
            }),
            Err(_) if is_missing(cell) => Err(Error::MissingValue {
                line,
                column: j + 1,
                name: self.name(j),
                value: clip(text),
            }),
            Err(_) => {
                check_one_line(raw, at, j)?;
                Err(Error::NonNumeric {
                    line,
                    column: j + 1,
                    name: self.name(j),
                    value: clip(text),
                })
            }
        }
    }

    /// Records one label cell.
    fn push_label(&mut self, raw: &[u8], at: At<'_>, j: usize) -> Result<()> {
        let cell = trim(raw);
        let index = match self.label_index.get(cell) {
            Some(&index) => index,
            None => {
                check_one_line(raw, at, j)?;
                let text = std::str::from_utf8(cell).map_err(|_| not_utf8(at, j))?;
                if is_missing(cell) {
                    let (line, column, name, value) = (at.line(), j + 1, self.name(j), clip(text));
                    return Err(Error::MissingValue {
                        line,
                        column,
                        name,
                        value,
                    });
                }
                if self.labels.len() >= limits::MAX_CLASSES {
                    return Err(Error::OverLimit {
                        field: "classes".into(),
                        value: format!("more than {}", limits::MAX_CLASSES),
                        limit: limits::MAX_CLASSES.to_string(),
                        hint: format!(
                            "line {}: column {:?} has more distinct labels; if it holds numbers \
                             to predict, load it as a numeric target",
                            at.line(),
                            clip(&self.name(j))
                        ),
                    });
                }
                check_name(text, at, j)?;
                let index = self.labels.len();
                self.labels.push(text.to_owned());
                self.label_index.insert(cell.to_vec(), index);
                index
            }
        };
        self.y.push(index);
        Ok(())
    }

    /// Orders the classes like scikit-learn's `LabelEncoder` and builds the data set.
    fn finish(
        self,
        name: &str,
        feature_names: Vec<String>,
        label_name: String,
        has_header: bool,
    ) -> Result<Dataset> {
        let n_rows = self.y.len().max(self.targets.len());
        if n_rows == 0 {
            return Err(if has_header {
                Error::HeaderOnly
            } else {
                Error::EmptyInput
            });
        }
        let target = match self.kind {
            TargetKind::Values => Target::Values { y: self.targets },
            TargetKind::Classes => {
                let (names, remap) = encode_labels(&self.labels);
                if names.len() < 2 {
                    return Err(Error::TooFewClasses {
                        column: label_name,
                        found: names.len(),
                    });
                }
                let y = self
                    .y
                    .iter()
                    .map(|&i| remap.get(i).copied().unwrap_or(0))
                    .collect();
                Target::Classes { y, names }
            }
        };
        // An estimate above the rows read leaves room the matrix would keep.
        let mut values = self.values;
        values.shrink_to_fit();
        let x = Array2::from_shape_vec((n_rows, feature_names.len()), values).map_err(|err| {
            Error::InvalidData(format!("internal error while building the table: {err}"))
        })?;
        Dataset::new(name, x, target, feature_names, label_name)
    }
}

/// Sorts distinct label texts into classes: numerically when all are integers (so `"2"`
/// and `"02"` are one class, written `2`), else as strings. Returns the class names and,
/// for each label text, its class index.
fn encode_labels(labels: &[String]) -> (Vec<String>, Vec<usize>) {
    let integers: Option<Vec<i64>> = labels.iter().map(|s| s.parse::<i64>().ok()).collect();
    match integers {
        Some(values) => {
            let mut classes = values.clone();
            crate::sort::sort_ord(&mut classes);
            classes.dedup();
            let remap = values
                .iter()
                .map(|v| classes.binary_search(v).unwrap_or(0))
                .collect();
            (classes.iter().map(i64::to_string).collect(), remap)
        }
        None => {
            let mut classes: Vec<&String> = labels.iter().collect();
            crate::sort::sort_ord(&mut classes);
            let remap = labels
                .iter()
                .map(|s| classes.binary_search(&s).unwrap_or(0))
                .collect();
            (classes.into_iter().cloned().collect(), remap)
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn sniff(text: &str) -> char {
        char::from(detect_delimiter(text.as_bytes()))
    }

    #[test]
    fn rows_past_the_reservation_read_the_same_whether_it_guessed_short_or_long() {
        // 3,000 rows whose length changes after the first thousand (where the room for
        // the rest is estimated): longer rows (estimate too small) and shorter ones
        // (too large), with a numeric target and with classes.
        for (short, long) in [("1.5", "1.25e-300"), ("123456.789012345", "7")] {
            for target in [TargetKind::Classes, TargetKind::Values] {
                let mut text = String::from("a,b,y\n");
                for i in 0..3_000 {
                    let v = if i < RESERVE_AFTER_ROWS { short } else { long };
                    text.push_str(&format!("{v},{i},{}\n", i % 3));
                }
                let opts = CsvOptions {
                    target,
                    ..CsvOptions::default()
                };
                let data = Dataset::from_csv_bytes(text.as_bytes(), &opts, None).unwrap();
                assert_eq!(data.x.dim(), (3_000, 2));
                assert_eq!(data.x[[999, 0]], short.parse::<f64>().unwrap());
                assert_eq!(data.x[[1_000, 0]], long.parse::<f64>().unwrap());
                assert_eq!(data.x[[2_999, 1]], 2_999.0);
                assert_eq!(data.n_samples(), 3_000);
            }
        }
    }

    #[test]
    fn delimiter_detection() {
        assert_eq!(sniff("a,b,c\n1,2,3\n"), ',');
        assert_eq!(sniff("a;b;c\n1,5;2,5;x\n"), ';');
        assert_eq!(sniff("a\tb\tc\n1\t2\t3\n"), '\t');
        // Delimiters inside quotes do not count.
        assert_eq!(sniff("\"a;b\",c\n\"1;2\",3\n"), ',');
        // No consistent candidate: the most frequent on the first line.
        assert_eq!(sniff("a;b;c\n1;2\n"), ';');
        assert_eq!(sniff("abc\n"), ',');
        assert_eq!(sniff(""), ',');
    }

    #[test]
    fn header_detection() {
        let row = |s: &str| csv::ByteRecord::from(s.split(',').collect::<Vec<_>>());
        let names = |s: &str| s.split(',').map(str::to_owned).collect::<Vec<_>>();
        let is_header = |first: &str, second: Option<&str>, label: &LabelColumn| {
            detect_header(&row(first), &names(first), second.map(row).as_ref(), label)
        };
        let last = LabelColumn::Last;
        assert!(is_header("a,b,y", Some("1,2,x"), &last));
        assert!(!is_header("1,2,x", Some("3,4,y"), &last));
        // A text label in the first row alone is not a header.
        assert!(!is_header("1,2,cat", Some("3,4,dog"), &last));
        // Header only.
        assert!(is_header("a,b,y", None, &last));
        // Whole first row text, second row bad: still a header (so errors point at row 2).
        assert!(is_header("a,b,y", Some("p,q,r"), &last));
        // An unnamed first column (as pandas writes the index) is still a header.
        assert!(is_header(",b,y", Some("0,2,x"), &last));
        // Numbers mixed with text or a gap: a faulty data row, not a header.
        assert!(!is_header("1,x,cat", Some("2,3,dog"), &last));
        assert!(!is_header("1,,cat", Some("2,3,dog"), &last));
        // The label asked for by name is in the first row.
        assert!(is_header(
            "1,kind,2",
            Some("1,a,2"),
            &LabelColumn::Name("kind".into())
        ));
    }

    #[test]
    fn label_encoding_follows_label_encoder() {
        let strings = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let (classes, remap) = encode_labels(&strings(&["10", "2", "-1", "02"]));
        assert_eq!(classes, ["-1", "2", "10"]);
        assert_eq!(remap, [2, 1, 0, 1]);
        let (classes, remap) = encode_labels(&strings(&["b", "B", "a", "10", "2"]));
        assert_eq!(classes, ["10", "2", "B", "a", "b"]);
        assert_eq!(remap, [4, 2, 3, 0, 1]);
    }

    #[test]
    fn missing_markers_any_case() {
        for cell in [
            "", "NA", "na", "N/A", "n/a", "NaN", "nan", "NULL", "Null", "?",
        ] {
            assert!(is_missing(cell.as_bytes()), "{cell:?}");
        }
        for cell in ["0", "none", "-", "NAN1"] {
            assert!(!is_missing(cell.as_bytes()), "{cell:?}");
        }
    }

    #[test]
    fn line_numbers_count_blank_lines() {
        let text = "a,b,y\n\n1,2,p\n\n3,x,q\n\n";
        let err = Dataset::from_csv_str(text, &CsvOptions::default()).unwrap_err();
        assert_eq!(
            err,
            Error::NonNumeric {
                line: 5,
                column: 2,
                name: "b".into(),
                value: "x".into()
            }
        );
    }
}
