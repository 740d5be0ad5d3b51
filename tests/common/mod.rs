//! Helpers shared by the parity tests: reading the scikit-learn fixtures.
#![allow(dead_code, clippy::unwrap_used)]

use ndarray::Array2;
use serde_json::Value;

/// `tests/fixtures/<name>`, parsed.
pub fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// A JSON array of numbers.
pub fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

/// A JSON array of rows of numbers.
pub fn matrix(v: &Value) -> Array2<f64> {
    let rows: Vec<Vec<f64>> = v.as_array().unwrap().iter().map(floats).collect();
    let (n, p) = (rows.len(), rows.first().map_or(0, Vec::len));
    Array2::from_shape_vec((n, p), rows.concat()).unwrap()
}
