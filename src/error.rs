//! The one error type of TuneLab and its `Result` alias.
//!
//! Every variant carries what a person needs to fix the input: the line and column
//! of a bad CSV cell and the text found there, or the parameter name and the value
//! that was refused. Messages are written for the learner who loaded the file, so
//! they say *where* and *what* in plain words.
//!
//! ```
//! use tunelab::{Dataset, CsvOptions, Error};
//! let err = Dataset::from_csv_str("a,b,label\n1,x,cat\n2,3,dog\n", &CsvOptions::default())
//!     .unwrap_err();
//! assert!(matches!(err, Error::NonNumeric { line: 2, .. }));
//! assert_eq!(err.to_string(), "line 2, column 2 (\"b\"): \"x\" is not a number");
//! ```

use std::fmt;

use crate::limits::clip;

/// Everything that can go wrong in TuneLab, from reading a CSV to running a search.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The CSV text has no rows at all.
    #[error("the file is empty")]
    EmptyInput,

    /// The CSV has a header row but no data rows.
    #[error("the file has a header row but no data rows")]
    HeaderOnly,

    /// A data row has a different number of fields than the first row.
    #[error("line {line}: expected {expected} fields (as in the first row) but found {found}")]
    RaggedRow {
        /// 1-based line number in the file.
        line: u64,
        /// Number of fields in the first row.
        expected: usize,
        /// Number of fields in this row.
        found: usize,
    },

    /// A feature cell does not parse as a number.
    #[error(
        "line {line}, column {column} ({}): {} is not a number",
        Quoted(name),
        Quoted(value)
    )]
    NonNumeric {
        /// 1-based line number in the file.
        line: u64,
        /// 1-based column number.
        column: usize,
        /// The column's name (from the header, or `column N`).
        name: String,
        /// The text found in the cell.
        value: String,
    },

    /// A cell is empty or holds a missing-value marker (`NA`, `NaN`, …).
    #[error(
        "line {line}, column {column} ({}): missing value {}",
        Quoted(name),
        Quoted(value)
    )]
    MissingValue {
        /// 1-based line number in the file.
        line: u64,
        /// 1-based column number.
        column: usize,
        /// The column's name.
        name: String,
        /// The text found in the cell (possibly empty).
        value: String,
    },

    /// A feature cell holds an infinite value.
    #[error(
        "line {line}, column {column} ({}): {} is infinite",
        Quoted(name),
        Quoted(value)
    )]
    NonFinite {
        /// 1-based line number in the file.
        line: u64,
        /// 1-based column number.
        column: usize,
        /// The column's name.
        name: String,
        /// The text found in the cell.
        value: String,
    },

    /// The requested label column does not exist.
    #[error(
        "label column {} not found; the columns are {}",
        Quoted(requested),
        QuotedList(available)
    )]
    LabelColumnNotFound {
        /// What was asked for (name or 1-based index).
        requested: String,
        /// The column names that do exist.
        available: Vec<String>,
    },

    /// The CSV text is not well-formed (bad UTF-8, unbalanced quotes, …).
    #[error("line {line}: {message}")]
    Csv {
        /// 1-based line number where the reader stopped.
        line: u64,
        /// The CSV reader's description of the problem.
        message: String,
    },

    /// The data has fewer than two classes, so there is nothing to classify.
    #[error(
        "the label column {} has {found} distinct value(s); at least two classes are needed",
        Quoted(column)
    )]
    TooFewClasses {
        /// The label column's name.
        column: String,
        /// How many distinct labels were found.
        found: usize,
    },

    /// The data has too few rows or features for the requested operation.
    #[error("{0}")]
    InvalidData(String),

    /// A model or search parameter has a value outside its domain.
    #[error(
        "parameter {}: {} is not allowed: {reason}",
        Clipped(name),
        Clipped(value)
    )]
    InvalidParam {
        /// The parameter's name, in scikit-learn's spelling (`C`, `penalty`, …).
        name: String,
        /// The refused value, as written.
        value: String,
        /// Why it was refused and what is allowed instead.
        reason: String,
    },

    /// A parameter name that the model does not know.
    #[error(
        "unknown parameter {}; known parameters are {}",
        Quoted(name),
        QuotedList(known)
    )]
    UnknownParam {
        /// The name that was given.
        name: String,
        /// The names that are understood.
        known: Vec<String>,
    },

    /// The number of folds does not suit the data.
    #[error("cannot split {n_samples} samples into {k} folds: {reason}")]
    InvalidSplit {
        /// Requested number of folds.
        k: usize,
        /// Number of samples available.
        n_samples: usize,
        /// Why not.
        reason: String,
    },

    /// A scorer name that TuneLab does not know.
    #[error(
        "unknown scoring {}; choose one of {}",
        Quoted(name),
        QuotedList(known)
    )]
    UnknownScorer {
        /// The name given.
        name: String,
        /// The names that are understood.
        known: Vec<String>,
    },

    /// Arrays whose shapes should agree do not.
    #[error("shape mismatch: {0}")]
    Shape(String),

    /// The caller asked the search to stop.
    #[error("cancelled after {done} of {total} fits")]
    Cancelled {
        /// Fits completed before stopping.
        done: usize,
        /// Fits planned.
        total: usize,
    },

    /// A chart could not be drawn.
    #[error("chart: {0}")]
    Chart(String),

    /// An input is over one of TuneLab's limits (see [`crate::limits`]).
    #[error("{field}: {value} is over the limit of {limit}{}", Hint(hint))]
    OverLimit {
        /// What is limited, by the name a person sets it with (`max_iter`, `cv`,
        /// `fits`, `classes`, `rows`, `features`, `cells`, `input_size`, …).
        field: String,
        /// The value refused, as it reads (`4294967296`, `250 MB`).
        value: String,
        /// The limit, as it reads (`1000000`, `200 MB`).
        limit: String,
        /// What to do instead; empty when there is nothing to add.
        hint: String,
    },
}

/// An error as data, for front ends that show it in place rather than as text: a
/// stable `kind` (snake case), the message, and where it applies when known.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ErrorData {
    /// The variant, in snake case: `non_numeric`, `invalid_param`, `invalid_split`, …
    pub kind: &'static str,
    /// The whole message, as [`Error`]'s `Display` writes it.
    pub message: String,
    /// 1-based line of a CSV problem.
    pub line: Option<u64>,
    /// 1-based column of a CSV problem.
    pub column: Option<usize>,
    /// The column or parameter the error is about.
    pub field: Option<String>,
    /// The text or value refused (cut as [`crate::limits::clip`] cuts it).
    pub value: Option<String>,
    /// The limit that was passed, for [`Error::OverLimit`].
    pub limit: Option<String>,
    /// Why a parameter's value was refused and what is allowed instead, for
    /// [`Error::InvalidParam`] (the message's last part).
    pub reason: Option<String>,
}

impl Error {
    /// This error as data (see [`ErrorData`]).
    pub fn data(&self) -> ErrorData {
        let mut d = ErrorData {
            kind: "",
            message: self.to_string(),
            line: None,
            column: None,
            field: None,
            value: None,
            limit: None,
            reason: None,
        };
        match self {
            Error::EmptyInput => d.kind = "empty_input",
            Error::HeaderOnly => d.kind = "header_only",
            Error::RaggedRow { line, .. } => {
                d.kind = "ragged_row";
                d.line = Some(*line);
            }
            Error::NonNumeric {
                line,
                column,
                name,
                value,
            }
            | Error::MissingValue {
                line,
                column,
                name,
                value,
            }
            | Error::NonFinite {
                line,
                column,
                name,
                value,
            } => {
                d.kind = match self {
                    Error::NonNumeric { .. } => "non_numeric",
                    Error::MissingValue { .. } => "missing_value",
                    _ => "non_finite",
                };
                d.line = Some(*line);
                d.column = Some(*column);
                d.field = Some(name.clone());
                d.value = Some(value.clone());
            }
            Error::LabelColumnNotFound { requested, .. } => {
                d.kind = "label_column_not_found";
                d.field = Some(requested.clone());
            }
            Error::Csv { line, .. } => {
                d.kind = "csv";
                d.line = Some(*line);
            }
            Error::TooFewClasses { column, .. } => {
                d.kind = "too_few_classes";
                d.field = Some(column.clone());
            }
            Error::InvalidData(_) => d.kind = "invalid_data",
            Error::InvalidParam {
                name,
                value,
                reason,
            } => {
                d.kind = "invalid_param";
                d.field = Some(name.clone());
                d.value = Some(value.clone());
                d.reason = Some(reason.clone());
            }
            Error::UnknownParam { name, .. } => {
                d.kind = "unknown_param";
                d.field = Some(name.clone());
            }
            Error::InvalidSplit { k, .. } => {
                d.kind = "invalid_split";
                d.field = Some("cv".into());
                d.value = Some(k.to_string());
            }
            Error::UnknownScorer { name, .. } => {
                d.kind = "unknown_scorer";
                d.field = Some("scoring".into());
                d.value = Some(name.clone());
            }
            Error::Shape(_) => d.kind = "shape",
            Error::Cancelled { .. } => d.kind = "cancelled",
            Error::Chart(_) => d.kind = "chart",
            Error::OverLimit {
                field,
                value,
                limit,
                ..
            } => {
                d.kind = "over_limit";
                d.field = Some(field.clone());
                d.value = Some(value.clone());
                d.limit = Some(limit.clone());
            }
        }
        d.field = d.field.map(|f| clip(&f));
        d.value = d.value.map(|v| clip(&v));
        d
    }
}

/// `std::result::Result` with TuneLab's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The most names [`QuotedList`] writes before `… and N more`.
const LIST_NAMES: usize = 20;

/// Displays a list of names as `"a", "b", "c"`: at most 20 of them, each cut as
/// [`clip`] cuts it, then how many more there are.
struct QuotedList<'a>(&'a [String]);

impl fmt::Display for QuotedList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, name) in self.0.iter().take(LIST_NAMES).enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{}", Quoted(name))?;
        }
        if self.0.len() > LIST_NAMES {
            write!(f, " … and {} more", self.0.len() - LIST_NAMES)?;
        }
        Ok(())
    }
}

/// Displays text from the input quoted (`"oops"`), cut as [`clip`] cuts it.
struct Quoted<'a>(&'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", clip(self.0))
    }
}

/// Displays text from the input as it is, cut as [`clip`] cuts it.
struct Clipped<'a>(&'a str);

impl fmt::Display for Clipped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&clip(self.0))
    }
}

/// Displays a hint after `; `, or nothing when it is empty.
struct Hint<'a>(&'a str);

impl fmt::Display for Hint<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            Ok(())
        } else {
            write!(f, "; {}", self.0)
        }
    }
}
