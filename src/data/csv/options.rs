//! How to read a file: [`CsvOptions`], with the [`LabelColumn`] and the [`TargetKind`].

use serde::{Deserialize, Serialize};

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
