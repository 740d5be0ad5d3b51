//! Data sets: a feature matrix, class labels, and their names.
//!
//! A [`Dataset`] comes from the built-in Iris data ([`Dataset::iris`]), from CSV text
//! ([`Dataset::from_csv_str`], [`Dataset::from_csv_reader`]) or from the synthetic
//! generator used by the benchmarks ([`Dataset::synthetic`]).
//!
//! ```
//! use tunelab::Dataset;
//! let iris = Dataset::iris();
//! assert_eq!(iris.x.dim(), (150, 4));
//! assert_eq!(iris.class_names, ["setosa", "versicolor", "virginica"]);
//! assert_eq!(iris.class_counts(), [50, 50, 50]);
//! ```

mod csv;
mod iris;
mod synthetic;

pub use self::csv::{CsvOptions, LabelColumn};

use ndarray::{Array2, Axis};
use serde::Serialize;

/// A classification data set: `n_samples × n_features` numbers and one class per row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dataset {
    /// A short name to show (`"iris"`, the file name, …).
    pub name: String,
    /// Features, one row per sample.
    pub x: Array2<f64>,
    /// Class of each row, as an index into [`Dataset::class_names`].
    pub y: Vec<usize>,
    /// One name per feature column.
    pub feature_names: Vec<String>,
    /// Class names in scikit-learn's `LabelEncoder` order (sorted).
    pub class_names: Vec<String>,
    /// Name of the column the labels came from.
    pub label_name: String,
}

impl Dataset {
    /// Number of rows.
    pub fn n_samples(&self) -> usize {
        self.x.nrows()
    }

    /// Number of feature columns.
    pub fn n_features(&self) -> usize {
        self.x.ncols()
    }

    /// Number of classes.
    pub fn n_classes(&self) -> usize {
        self.class_names.len()
    }

    /// How many rows each class has, in class order.
    pub fn class_counts(&self) -> Vec<usize> {
        let mut counts = vec![0; self.n_classes()];
        for &c in &self.y {
            if let Some(slot) = counts.get_mut(c) {
                *slot += 1;
            }
        }
        counts
    }

    /// The rows at `indices`, in that order, as a new data set with the same names.
    ///
    /// Indices come from splitters over this data set; one past the last row panics,
    /// so callers holding indices from elsewhere check them first.
    pub fn select(&self, indices: &[usize]) -> Dataset {
        Dataset {
            name: self.name.clone(),
            x: self.x.select(Axis(0), indices),
            y: indices.iter().map(|&i| self.y[i]).collect(),
            feature_names: self.feature_names.clone(),
            class_names: self.class_names.clone(),
            label_name: self.label_name.clone(),
        }
    }
}
