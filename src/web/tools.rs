//! Functions the page calls without a session: the catalog, plans, limits and CSV
//! column names.

use super::*;

/// What the page needs to build its pickers, from the core's own tables: the models
/// (name, scikit-learn class, classifier or not, parameters, regularisation knob,
/// default grid), the data sets (built in and generated, with their default size and
/// noise), the scorers, and the limits.
#[wasm_bindgen]
pub fn catalog() -> Result<JsValue, WebError> {
    to_js(&crate::catalog::catalog())
}

/// What a search with `config` would do on data known by its `summary` (the object
/// `Session.summary()` returns: `n_samples`, `n_features`, `regression`,
/// `class_counts`) — `{ candidates, folds, fits, n_train, n_test, expanded_features }`
/// — or the error the search would throw, with its `field`. Runs the core's own
/// checks on the main thread, synchronously, without the data: for checking settings
/// as they are typed.
#[wasm_bindgen]
pub fn plan_for_summary(summary: JsValue, config: JsValue) -> Result<JsValue, WebError> {
    #[derive(serde::Deserialize)]
    struct Shape {
        n_samples: usize,
        n_features: usize,
        #[serde(default)]
        regression: bool,
        #[serde(default)]
        class_counts: Vec<usize>,
        #[serde(default)]
        class_names: Vec<String>,
    }
    let shape: Shape = from_js(summary)?;
    let config = config_from_js(config)?;
    let counts = (!shape.regression).then_some(shape.class_counts.as_slice());
    crate::limits::check_shape(shape.n_samples, shape.n_features, counts)?;
    to_js(&crate::select::plan_for_shape(
        shape.n_samples,
        shape.n_features,
        counts,
        &shape.class_names,
        &config,
    )?)
}

/// Every limit the core enforces (`crate::limits::Limits`): `max_input_bytes` (a file
/// or a paste), `max_rows`, `max_features`, `max_cells`, `max_classes`,
/// `max_candidates`, `max_folds`, `max_fits`, `max_iter`, `max_degree`,
/// `max_output_features`, … — for checking settings before Run. A refusal by the core
/// throws an error with `kind: 'over_limit'`, `field`, `value` and `limit`.
#[wasm_bindgen]
pub fn limits() -> Result<JsValue, WebError> {
    to_js(&crate::limits::limits())
}

/// Refuses a file or a paste of `bytes` bytes over the input limit (`max_input_bytes`)
/// with the core's own error (`kind: 'over_limit'`, `field: 'input_size'`, `value` and
/// `limit` in kB / MB), so the page can refuse it before reading or sending it.
#[wasm_bindgen]
pub fn check_input_size(bytes: f64) -> Result<(), WebError> {
    // A size from JS is a whole number of bytes; a fraction or a negative is none.
    let bytes = if bytes.is_finite() && bytes >= 0.0 {
        bytes.ceil() as u64
    } else {
        u64::MAX
    };
    Ok(crate::limits::check_input_size(bytes)?)
}

/// The column names of CSV text as the loader reads them (`column 1`, … without a
/// header): label choices for a file that did not load.
#[wasm_bindgen]
pub fn csv_columns(text: &str) -> Result<JsValue, WebError> {
    to_js(&Dataset::csv_columns(text))
}

/// [`csv_columns`] of CSV bytes: the start of a file (its first two records) is enough.
#[wasm_bindgen]
pub fn csv_columns_bytes(bytes: &[u8]) -> Result<JsValue, WebError> {
    to_js(&Dataset::csv_columns_bytes(bytes))
}

/// Columns after expanding `n_features` features to `degree` (scikit-learn's
/// `PolynomialFeatures(degree, include_bias=False)`); throws, naming the limit, when
/// the expansion is refused.
#[wasm_bindgen]
pub fn expanded_features(n_features: u32, degree: u32) -> Result<u32, WebError> {
    crate::preprocess::check_degree(n_features as usize, degree as usize)?;
    let n = crate::preprocess::output_count(n_features as usize, degree as usize).unwrap_or(0);
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}
