//! What is detected about a file: its delimiter, whether the first row is a header,
//! and which column is the label.

use super::cells::{At, check_one_line, is_text, not_utf8, parse_number, trim};
use super::options::LabelColumn;
use crate::error::{Error, Result};

/// The delimiters that are detected, in order of preference when the evidence ties.
const CANDIDATES: [u8; 3] = [b'\t', b';', b','];

/// How many records the delimiter detection looks at.
const SNIFF_RECORDS: usize = 50;

/// The first row's cells as trimmed strings (the header names, if it is a header).
pub(super) fn header_cells(record: &csv::ByteRecord, at: At<'_>) -> Result<Vec<String>> {
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

/// Picks the delimiter from the first records: the candidate that occurs the same
/// non-zero number of times outside quotes on every line, the most often; failing that,
/// the one most frequent on the first line; failing that, a comma.
pub(super) fn detect_delimiter(bytes: &[u8]) -> u8 {
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
pub(super) fn detect_header(
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
pub(super) fn resolve_label(
    label: &LabelColumn,
    first: &[String],
    has_header: bool,
) -> Result<usize> {
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
pub(super) fn split_names(mut names: Vec<String>, label: usize) -> (Vec<String>, String) {
    if label < names.len() {
        let label_name = names.remove(label);
        (names, label_name)
    } else {
        (names, "label".to_owned())
    }
}
