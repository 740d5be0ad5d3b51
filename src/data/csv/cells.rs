//! Reading records and cells: where a record starts ([`At`]) and its line, the next
//! non-blank record, and the checks and errors of single cells.

use crate::error::{Error, Result};
use crate::limits::{self, clip};

/// The cell texts that mean "no value", compared without regard to case.
const MISSING_MARKERS: [&[u8]; 6] = [b"", b"na", b"n/a", b"nan", b"null", b"?"];

/// A UTF-8 byte-order mark.
pub(super) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Where a record starts in the input; [`At::line`] turns that into a line number.
///
/// The csv crate's own line count misses blank lines that it skips, and its byte
/// offset points at the end of the previous record; so the offset is moved past line
/// ends here and lines are counted only when an error needs one.
#[derive(Clone, Copy)]
pub(super) struct At<'a> {
    /// The whole input.
    pub(super) src: &'a [u8],
    /// Byte offset of the record's first byte.
    pub(super) offset: usize,
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
    pub(super) fn line(self) -> u64 {
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
pub(super) fn next_record<'a>(
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
pub(super) fn trim(cell: &[u8]) -> &[u8] {
    cell.trim_ascii()
}

/// Whether a (trimmed) cell is one of the missing-value markers.
pub(super) fn is_missing(cell: &[u8]) -> bool {
    MISSING_MARKERS.iter().any(|m| cell.eq_ignore_ascii_case(m))
}

/// Parses a trimmed cell as a number, if it is one (including `inf` and `nan`).
pub(super) fn parse_number(cell: &[u8]) -> Option<f64> {
    std::str::from_utf8(cell).ok()?.parse().ok()
}

/// Whether a cell is text rather than a number or a missing value.
pub(super) fn is_text(cell: &[u8]) -> bool {
    let cell = trim(cell);
    !is_missing(cell) && parse_number(cell).is_none()
}

/// Refuses a cell that spans several lines: in a data file that means an unclosed quote.
pub(super) fn check_one_line(cell: &[u8], at: At<'_>, column: usize) -> Result<()> {
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
pub(super) fn check_name(name: &str, at: At<'_>, column: usize) -> Result<()> {
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
pub(super) fn not_utf8(at: At<'_>, column: usize) -> Error {
    Error::Csv {
        line: at.line(),
        message: format!(
            "column {} is not valid UTF-8 text; save the file as UTF-8",
            column + 1
        ),
    }
}
