//! Loading data into the worker's session: Iris, a built-in set, a generated set, CSV
//! text or bytes, or a file read a slice at a time as it is parsed.

use std::sync::Arc;

use serde::Serialize;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

use super::{
    PREVIEW_ROWS, Session, WebError, check_input_size, from_js_or, generated_spec,
    progress_callback, to_js,
};
use crate::data::{CsvOptions, Dataset};
use crate::report;

#[wasm_bindgen]
impl Session {
    /// Loads the built-in Iris data; returns its summary.
    pub fn load_iris(&mut self) -> Result<JsValue, WebError> {
        self.data = Arc::new(Dataset::iris());
        self.last = None;
        self.fitted = None;
        self.live = None;
        self.job = None;
        self.summary()
    }

    /// Loads a built-in data set by name (`iris`, `wine`, `breast_cancer`,
    /// `diabetes`); returns its summary. Only Iris is compiled into the module: for the
    /// others `text` is the set's CSV file (`www/data/<name>.csv`, which the page
    /// serves or inlines), read as the native build reads its copy. On error the
    /// previous data set stays.
    pub fn load_builtin(&mut self, name: &str, text: Option<String>) -> Result<JsValue, WebError> {
        let data = match text {
            Some(text) if name != "iris" => Dataset::builtin_from_csv(name, &text)?,
            _ => Dataset::builtin(name)?,
        };
        self.data = Arc::new(data);
        self.last = None;
        self.fitted = None;
        self.live = None;
        self.job = None;
        self.summary()
    }

    /// Generates a teaching data set from `spec` (`{ kind, n_samples, noise, seed }`;
    /// missing fields take the kind's defaults); returns its summary. On error (a
    /// size or noise out of bounds, named) the previous data set stays.
    pub fn load_generated(&mut self, spec: JsValue) -> Result<JsValue, WebError> {
        let spec = generated_spec(spec)?;
        let data = Dataset::generated(&spec)?;
        self.data = Arc::new(data);
        self.last = None;
        self.fitted = None;
        self.live = None;
        self.job = None;
        self.summary()
    }

    /// Loads a data set from CSV text with `options` (a `CsvOptions` object, e.g.
    /// `{ label: 'last', name: 'flowers.csv' }` or `{ label: { name: 'species' } }`;
    /// missing fields are detected). Returns its summary. On error the previous data
    /// set stays loaded and the error says where (line, column) and what.
    pub fn load_csv(&mut self, text: &str, options: JsValue) -> Result<JsValue, WebError> {
        self.load_csv_bytes(text.as_bytes(), options, None)
    }

    /// Loads a data set from CSV bytes (a file the worker read as an `ArrayBuffer`)
    /// with `options`, as [`Session::load_csv`] loads the same text, calling
    /// `progress(done, total)` — bytes of the input read so far, and its size — at
    /// most every 30 ms and once at the end (a throwing callback does not stop the
    /// load). Returns its summary; on error the previous data set stays loaded and the
    /// error says where (line, column) and what.
    pub fn load_csv_bytes(
        &mut self,
        bytes: &[u8],
        options: JsValue,
        progress: Option<js_sys::Function>,
    ) -> Result<JsValue, WebError> {
        self.load_csv_source(&bytes, options, progress)
    }

    /// Loads a data set from a file of `size` bytes that `read(offset, length)` reads
    /// (synchronously, a `Uint8Array` of at most `length` bytes from `offset`: in the
    /// worker, `FileReaderSync` on a slice of the `File`), a megabyte at a time as it
    /// is parsed, so the file is never held whole; otherwise as
    /// [`Session::load_csv_bytes`]. `progress(done, total)` counts the bytes parsed.
    /// A `read` that throws ends the load with its message.
    pub fn load_csv_file(
        &mut self,
        read: js_sys::Function,
        size: f64,
        options: JsValue,
        progress: Option<js_sys::Function>,
    ) -> Result<JsValue, WebError> {
        check_input_size(size)?;
        // Within the input limit, so a whole number of bytes that fits.
        let len = size as usize;
        self.load_csv_source(&JsFile { read, len }, options, progress)
    }
}

/// A file the worker reads a slice at a time through a JS function.
struct JsFile {
    read: js_sys::Function,
    len: usize,
}

impl crate::data::CsvSource for JsFile {
    fn len(&self) -> usize {
        self.len
    }

    fn read_at(&self, offset: usize, buf: &mut [u8]) -> std::io::Result<usize> {
        let want = buf.len().min(self.len.saturating_sub(offset));
        if want == 0 {
            return Ok(0);
        }
        let got = self
            .read
            .call2(
                &JsValue::NULL,
                &(offset as f64).into(),
                &(want as f64).into(),
            )
            .map_err(|e| {
                let text = e
                    .dyn_ref::<js_sys::Error>()
                    .map(|e| String::from(e.message()))
                    .or_else(|| e.as_string())
                    .unwrap_or_else(|| "the file could not be read".into());
                std::io::Error::other(text)
            })?;
        let Some(bytes) = got.dyn_ref::<js_sys::Uint8Array>() else {
            return Err(std::io::Error::other("the file's reader returned no bytes"));
        };
        let n = (bytes.length() as usize).min(want);
        bytes.subarray(0, n as u32).copy_to(&mut buf[..n]);
        Ok(n)
    }
}

impl Session {
    /// The loader behind [`Session::load_csv_bytes`] and [`Session::load_csv_file`].
    fn load_csv_source(
        &mut self,
        src: &dyn crate::data::CsvSource,
        options: JsValue,
        progress: Option<js_sys::Function>,
    ) -> Result<JsValue, WebError> {
        let options: CsvOptions = from_js_or(options, CsvOptions::default())?;
        let data = match progress {
            Some(f) => {
                let mut report = progress_callback(Some(f));
                let mut hook = |done: usize, total: usize| {
                    report(crate::select::Progress { done, total });
                };
                Dataset::from_csv_source(src, &options, Some(&mut hook))?
            }
            None => Dataset::from_csv_source(src, &options, None)?,
        };
        // Where the label column sits in the file, and a note when `auto` took a text
        // column rather than the last.
        let columns = Dataset::csv_columns_source(src);
        let label_index = columns
            .iter()
            .position(|c| *c == data.label_name)
            .unwrap_or(data.n_features());
        let note = (options.label == crate::data::LabelColumn::Auto
            && label_index + 1 != columns.len())
        .then(|| {
            format!(
                "Labels taken from column “{}”, the only text column (choose another under Label column)",
                data.label_name
            )
        });
        self.data = Arc::new(data);
        self.last = None;
        self.fitted = None;
        self.live = None;
        self.job = None;
        #[derive(Serialize)]
        struct Loaded {
            #[serde(flatten)]
            summary: report::DataSummary,
            label_index: usize,
            label_note: Option<String>,
        }
        to_js(&Loaded {
            summary: report::summary(&self.data, PREVIEW_ROWS),
            label_index,
            label_note: note,
        })
    }
}
