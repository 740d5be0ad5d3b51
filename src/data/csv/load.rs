//! The loader: the records read one after another into a [`Table`], with progress
//! reports, and the second try of [`LabelColumn::Auto`].

use super::cells::{BOM, CsvSource, Skipped, check_name, next_record, prefix, trim};
use super::detect::{detect_delimiter, detect_header, header_cells, resolve_label, split_names};
use super::options::{CsvOptions, LabelColumn, TargetKind};
use super::table::Table;
use crate::data::Dataset;
use crate::error::{Error, Result};
use crate::limits;

/// The progress hook of a load and when to call it next.
pub(super) struct Progress<'h> {
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
    pub(super) fn new(hook: Option<&'h mut dyn FnMut(usize, usize)>, total: usize) -> Progress<'h> {
        let step = (total / 200).max(Self::MIN_STEP);
        Progress {
            hook,
            total,
            step,
            next: step,
        }
    }

    /// Calls the hook with `done` bytes of the total (no more than the total).
    pub(super) fn report(&mut self, done: usize) {
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
pub(super) fn load_auto(
    bytes: &dyn CsvSource,
    opts: &CsvOptions,
    progress: &mut Progress<'_>,
) -> Result<Dataset> {
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

/// The bytes the delimiter is told from: the start of the input, up to this many.
const SNIFF_BYTES: usize = 1 << 20;

/// The input without its byte-order mark, and the delimiter its first lines use.
///
/// # Errors
/// [`Error::Csv`] when the input cannot be read.
pub(super) fn start(src: &dyn CsvSource) -> Result<(Skipped<'_>, u8)> {
    let head = prefix(src, SNIFF_BYTES).map_err(|e| Error::Csv {
        line: 1,
        message: format!("reading failed: {e}"),
    })?;
    let bom = if head.starts_with(BOM) { BOM.len() } else { 0 };
    let delimiter = detect_delimiter(head.get(bom..).unwrap_or_default());
    Ok((Skipped { src, start: bom }, delimiter))
}

/// A csv reader over `src`, reading records as they are (no header row, any length).
pub(super) fn reader(src: &dyn CsvSource, delimiter: u8) -> super::cells::Reader<'_> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(super::cells::READ_CHUNK)
        .from_reader(super::cells::SourceReader::new(src))
}

/// The loader behind the public entry points; `progress` hears of the rows read.
fn load(src: &dyn CsvSource, opts: &CsvOptions, progress: &mut Progress<'_>) -> Result<Dataset> {
    let (bytes, delimiter) = start(src)?;
    let bytes = &bytes;
    let delimiter = opts.delimiter.unwrap_or(delimiter);
    let mut reader = reader(bytes, delimiter);

    let mut record = csv::ByteRecord::new();
    let Some(first_at) = next_record(&mut reader, &mut record, bytes)? else {
        return Err(Error::EmptyInput);
    };
    let first = record.clone();
    let second_at = next_record(&mut reader, &mut record, bytes)?;
    let second = second_at.map(|_| record.clone());

    let mut n_columns = first.len();
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
    let mut first_cells = header_cells(&first, first_at)?;
    let has_header = match opts.has_header {
        Some(h) => h,
        None => detect_header(&first, &first_cells, second.as_ref(), &opts.label),
    };
    // Some spreadsheet exports end every line with the delimiter: a last column
    // without a name, empty on the first data row, is taken as no column at all.
    let trailing = has_header
        && n_columns >= 3
        && first.get(n_columns - 1).is_some_and(|c| trim(c).is_empty())
        && second.as_ref().is_some_and(|r| {
            r.len() == n_columns && r.get(n_columns - 1).is_some_and(|c| trim(c).is_empty())
        });
    if trailing {
        n_columns -= 1;
        first_cells.truncate(n_columns);
    }
    // A row of such a file, without its empty last cell; a value there is an error.
    let cut = |record: &mut csv::ByteRecord, at: super::cells::At<'_>| -> Result<()> {
        if trailing && record.len() == n_columns + 1 {
            if record.get(n_columns).is_some_and(|c| !trim(c).is_empty()) {
                return Err(Error::Csv {
                    line: at.line(),
                    message: format!(
                        "column {} holds a value, but the header's last column has no name \
                         and is empty on the first data row, so it was read as a delimiter \
                         at the end of every line; name that column in the header",
                        n_columns + 1
                    ),
                });
            }
            record.truncate(n_columns);
        }
        Ok(())
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
    if let (Some(mut row), Some(at)) = (second, second_at) {
        cut(&mut row, at)?;
        table.push(&row, at)?;
        while let Some(at) = next_record(&mut reader, &mut record, bytes)? {
            progress.at(at.offset);
            cut(&mut record, at)?;
            table.push(&record, at)?;
        }
    }
    table.finish(&opts.name, feature_names, label_name, has_header)
}
