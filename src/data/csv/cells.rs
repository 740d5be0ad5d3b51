//! Reading records and cells: where a record starts ([`At`]) and its line, the next
//! non-blank record, and the checks and errors of single cells.

use crate::error::{Error, Result};
use crate::limits::{self, clip};

/// The cell texts that mean "no value", compared without regard to case.
const MISSING_MARKERS: [&[u8]; 6] = [b"", b"na", b"n/a", b"nan", b"null", b"?"];

/// A UTF-8 byte-order mark.
pub(super) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Where the bytes of a CSV input come from: a slice in memory, or a file read a
/// slice at a time (the page's worker reads a `File` so, and never holds all of it).
pub trait CsvSource {
    /// The input's size in bytes.
    fn len(&self) -> usize;

    /// Whether the input has no bytes.
    fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Reads bytes from `offset` into `buf`; returns how many (0 at the end).
    ///
    /// # Errors
    /// When the bytes cannot be read (a file gone, say).
    fn read_at(&self, offset: usize, buf: &mut [u8]) -> std::io::Result<usize>;
}

impl CsvSource for &[u8] {
    fn len(&self) -> usize {
        <[u8]>::len(self)
    }

    fn read_at(&self, offset: usize, buf: &mut [u8]) -> std::io::Result<usize> {
        let rest = self.get(offset..).unwrap_or_default();
        let n = rest.len().min(buf.len());
        buf[..n].copy_from_slice(&rest[..n]);
        Ok(n)
    }
}

/// Bytes asked of a source at a time (the csv reader's buffer, and the rereading
/// behind [`At::line`]).
pub(super) const READ_CHUNK: usize = 1 << 20;

/// A source without its first `start` bytes (a byte-order mark).
pub(super) struct Skipped<'a> {
    pub(super) src: &'a dyn CsvSource,
    pub(super) start: usize,
}

impl CsvSource for Skipped<'_> {
    fn len(&self) -> usize {
        self.src.len().saturating_sub(self.start)
    }

    fn read_at(&self, offset: usize, buf: &mut [u8]) -> std::io::Result<usize> {
        self.src.read_at(offset.saturating_add(self.start), buf)
    }
}

/// A source read from its start, as the csv reader reads.
pub(super) struct SourceReader<'a> {
    src: &'a dyn CsvSource,
    pos: usize,
}

impl<'a> SourceReader<'a> {
    pub(super) fn new(src: &'a dyn CsvSource) -> SourceReader<'a> {
        SourceReader { src, pos: 0 }
    }
}

impl std::io::Read for SourceReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.src.read_at(self.pos, buf)?;
        self.pos += n;
        Ok(n)
    }
}

/// The csv reader of a load: over a source, a megabyte read at a time.
pub(super) type Reader<'a> = csv::Reader<SourceReader<'a>>;

/// The first `n` bytes of `src` (fewer when it is shorter).
pub(super) fn prefix(src: &dyn CsvSource, n: usize) -> std::io::Result<Vec<u8>> {
    let mut out = vec![0; n.min(src.len())];
    let mut at = 0;
    while at < out.len() {
        match src.read_at(at, &mut out[at..])? {
            0 => break,
            k => at += k,
        }
    }
    out.truncate(at);
    Ok(out)
}

/// Where a record starts in the input; [`At::line`] turns that into a line number.
///
/// The csv crate's own line count misses blank lines that it skips, and its byte
/// offset points at the end of the previous record; so lines are counted here, from
/// the input, only when an error needs one.
#[derive(Clone, Copy)]
pub(super) struct At<'a> {
    /// The whole input.
    pub(super) src: &'a dyn CsvSource,
    /// The csv reader's offset of the record: its first byte, or the line end before
    /// it. Close enough for progress and size estimates; [`At::line`] is exact.
    pub(super) offset: usize,
}

impl<'a> At<'a> {
    /// The record that the csv reader places at `byte`.
    fn new(src: &'a dyn CsvSource, byte: u64) -> At<'a> {
        let offset = usize::try_from(byte).unwrap_or(usize::MAX).min(src.len());
        At { src, offset }
    }

    /// The 1-based line number of the record (`\n`, `\r\n` and a lone `\r` each
    /// end a line): line ends are counted up to the record's first byte, past the
    /// line ends at the reader's offset. Reads the input up to there again.
    pub(super) fn line(self) -> u64 {
        let mut ends = 0u64;
        let mut previous = 0u8;
        let mut buf = vec![0u8; READ_CHUNK];
        let mut at = 0;
        // Before the offset, every byte; from it on, only the line ends that start
        // the record.
        'read: loop {
            let n = match self.src.read_at(at, &mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            for &b in &buf[..n] {
                if at >= self.offset && b != b'\n' && b != b'\r' {
                    break 'read;
                }
                if b == b'\n' || previous == b'\r' {
                    ends += 1;
                }
                previous = b;
                at += 1;
            }
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
    reader: &mut Reader<'_>,
    record: &mut csv::ByteRecord,
    src: &'a dyn CsvSource,
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
fn csv_error(err: &csv::Error, src: &dyn CsvSource) -> Error {
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

/// Refuses a cell that spans several lines: a quoted line break, which a data set has
/// no use for, or (more often) a quote left open.
pub(super) fn check_one_line(cell: &[u8], at: At<'_>, column: usize) -> Result<()> {
    if cell.iter().any(|&b| b == b'\n' || b == b'\r') {
        return Err(Error::Csv {
            line: at.line(),
            message: format!(
                "the field in column {} runs over several lines: either a quoted cell holds \
                 a line break (TuneLab reads one line per cell: remove it) or a closing \
                 quote (\") is missing",
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
