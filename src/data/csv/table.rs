//! The data rows as they are read ([`Table`]), and the classes they make.

use std::collections::HashMap;

use ndarray::Array2;

use super::cells::{At, check_name, check_one_line, is_missing, not_utf8, trim};
use super::options::TargetKind;
use crate::data::{Dataset, Target};
use crate::error::{Error, Result};
use crate::limits::{self, clip};

/// After how many rows [`Table::push`] reserves room for the rest (the bytes per row
/// of the first thousand predict the rest well in a numeric file).
pub(super) const RESERVE_AFTER_ROWS: usize = 1_000;

/// The data rows as they are read: features into one flat vector, labels as indices in
/// order of first appearance.
pub(super) struct Table {
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
    pub(super) fn new(
        n_columns: usize,
        label: usize,
        column_names: Vec<String>,
        kind: TargetKind,
    ) -> Table {
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
    pub(super) fn push(&mut self, record: &csv::ByteRecord, at: At<'_>) -> Result<()> {
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
    pub(super) fn finish(
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
pub(super) fn encode_labels(labels: &[String]) -> (Vec<String>, Vec<usize>) {
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
