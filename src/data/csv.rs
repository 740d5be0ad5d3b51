//! CSV loading.

use serde::{Deserialize, Serialize};

/// Which column holds the class labels.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LabelColumn {
    /// The last column (the default).
    Last,
    /// The column with this header name.
    Name(String),
    /// The column at this 0-based index.
    Index(usize),
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
}

impl Default for CsvOptions {
    fn default() -> Self {
        CsvOptions { label: LabelColumn::Last, delimiter: None, has_header: None, name: "data".into() }
    }
}
