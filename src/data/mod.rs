//! Data sets: a feature matrix and a target — class labels or numbers — with names.
//!
//! A [`Dataset`] comes from the built-in Iris data ([`Dataset::iris`]), from CSV text
//! ([`Dataset::from_csv_str`], [`Dataset::from_csv_reader`]) or from the synthetic
//! generator used by the benchmarks ([`Dataset::synthetic`]). Build one by hand with
//! [`Dataset::new`], which checks that its parts fit together.
//!
//! ```
//! use tunelab::Dataset;
//! let iris = Dataset::iris();
//! assert_eq!(iris.x.dim(), (150, 4));
//! assert_eq!(iris.class_names(), ["setosa", "versicolor", "virginica"]);
//! assert_eq!(iris.class_counts(), [50, 50, 50]);
//! ```

mod csv;
pub mod generate;
mod iris;
mod synthetic;

pub use self::csv::{CsvOptions, CsvSource, LabelColumn, TargetKind};

use crate::collect::CollectVec;
use ndarray::{Array2, Axis};
use serde::Serialize;

use crate::error::{Error, Result};

/// The built-in real data sets besides Iris, as CSV text (`www/data/`). The native
/// binary compiles them in; the wasm module does not (they are a third of its
/// download): the page serves them beside itself, or inlines them in the one-file
/// build, and hands their text to [`Dataset::builtin_from_csv`].
#[cfg(not(target_arch = "wasm32"))]
const WINE_CSV: &str = include_str!("../../www/data/wine.csv");
#[cfg(not(target_arch = "wasm32"))]
const BREAST_CANCER_CSV: &str = include_str!("../../www/data/breast_cancer.csv");
#[cfg(not(target_arch = "wasm32"))]
const DIABETES_CSV: &str = include_str!("../../www/data/diabetes.csv");

/// The CSV text of a built-in set other than Iris, where the build holds it.
#[cfg(not(target_arch = "wasm32"))]
fn builtin_csv(name: &str) -> Option<&'static str> {
    match name {
        "wine" => Some(WINE_CSV),
        "breast_cancer" => Some(BREAST_CANCER_CSV),
        "diabetes" => Some(DIABETES_CSV),
        _ => None,
    }
}

/// The wasm module holds no CSV text: the page passes it ([`Dataset::builtin_from_csv`]).
#[cfg(target_arch = "wasm32")]
fn builtin_csv(_name: &str) -> Option<&'static str> {
    None
}

/// Names of the built-in real data sets, for pickers: classification first.
pub const BUILTIN: [&str; 4] = ["iris", "wine", "breast_cancer", "diabetes"];

/// The error for a data set name that is neither built in nor generated.
fn not_builtin(name: &str) -> Error {
    Error::InvalidParam {
        name: "data".into(),
        value: name.into(),
        reason: format!(
            "choose a built-in set ({}) or a generated one ({})",
            BUILTIN.join(", "),
            generate::Kind::ALL.map(generate::Kind::name).join(", ")
        ),
    }
}

/// What is predicted: a class per row, or a number per row.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Target {
    /// Classification: each row's class, an index into `names`.
    Classes {
        /// Class of each row.
        y: Vec<usize>,
        /// Class names in scikit-learn's `LabelEncoder` order (sorted).
        names: Vec<String>,
    },
    /// Regression: each row's value.
    Values {
        /// Value of each row.
        y: Vec<f64>,
    },
}

impl Target {
    /// Number of rows.
    pub fn len(&self) -> usize {
        match self {
            Target::Classes { y, .. } => y.len(),
            Target::Values { y } => y.len(),
        }
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The target as a model learns it, with `n_classes` classes.
    pub(crate) fn for_model(&self, n_classes: usize) -> crate::model::Target<'_> {
        match self {
            Target::Classes { y, .. } => crate::model::Target::Classes { y, n_classes },
            Target::Values { y } => crate::model::Target::Values(y),
        }
    }

    /// The rows at `indices`, in that order. Every index must be below [`Target::len`].
    pub(crate) fn select(&self, indices: &[usize]) -> Target {
        match self {
            Target::Classes { y, names } => Target::Classes {
                y: indices.iter().map(|&i| y[i]).collect_vec(),
                names: names.clone(),
            },
            Target::Values { y } => Target::Values {
                y: indices.iter().map(|&i| y[i]).collect_vec(),
            },
        }
    }
}

/// A data set: `n_samples × n_features` numbers and a target per row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Dataset {
    /// A short name to show (`"iris"`, the file name, …).
    pub name: String,
    /// Features, one row per sample.
    pub x: Array2<f64>,
    /// Class or value of each row.
    pub target: Target,
    /// One name per feature column.
    pub feature_names: Vec<String>,
    /// Name of the column the target came from.
    pub label_name: String,
}

impl Dataset {
    /// A data set from its parts, checked: one target per row, one name per feature,
    /// finite numbers, class indices below the number of class names, and sizes within
    /// [`crate::limits`].
    ///
    /// # Errors
    ///
    /// [`Error::Shape`] when the parts do not fit together, [`Error::InvalidData`] for
    /// non-finite values or class indices without a name, [`Error::OverLimit`] past a
    /// limit.
    pub fn new(
        name: impl Into<String>,
        x: Array2<f64>,
        target: Target,
        feature_names: Vec<String>,
        label_name: impl Into<String>,
    ) -> Result<Dataset> {
        let data = Dataset {
            name: name.into(),
            x,
            target,
            feature_names,
            label_name: label_name.into(),
        };
        data.check()?;
        Ok(data)
    }

    /// A built-in real data set by name (see [`BUILTIN`]): `iris`, `wine`,
    /// `breast_cancer` (classification) or `diabetes` (regression, numeric target
    /// `progression`), each as scikit-learn's `load_*` gives it (diabetes unscaled).
    /// In the wasm module only Iris is built in: the others come with their text
    /// ([`Dataset::builtin_from_csv`]).
    ///
    /// # Errors
    /// [`Error::InvalidParam`] (`data`) for another name, or (in the wasm module) for a
    /// set other than Iris.
    pub fn builtin(name: &str) -> Result<Dataset> {
        if name == "iris" {
            return Ok(Dataset::iris());
        }
        match builtin_csv(name) {
            Some(text) => Dataset::builtin_from_csv(name, text),
            None if BUILTIN.contains(&name) => Err(Error::InvalidParam {
                name: "data".into(),
                value: name.into(),
                reason: format!("this build holds no text of {name}: pass www/data/{name}.csv"),
            }),
            None => Err(not_builtin(name)),
        }
    }

    /// The built-in set `name` (not Iris, which is compiled in) from its CSV text, the
    /// file `www/data/<name>.csv`: read with the options [`Dataset::builtin`] reads it
    /// with (the label column last, a class or a numeric target by set), so the result
    /// is the same.
    ///
    /// # Errors
    /// [`Error::InvalidParam`] (`data`) for a name not in [`BUILTIN`] or `iris`; as
    /// [`Dataset::from_csv_str`] for text that does not parse.
    pub fn builtin_from_csv(name: &str, text: &str) -> Result<Dataset> {
        let target = match name {
            "wine" | "breast_cancer" => TargetKind::Classes,
            "diabetes" => TargetKind::Values,
            _ => return Err(not_builtin(name)),
        };
        Dataset::from_csv_str(
            text,
            &CsvOptions {
                name: name.to_string(),
                target,
                ..CsvOptions::default()
            },
        )
    }

    /// A generated teaching data set (see [`generate`]), named after its kind.
    ///
    /// # Errors
    /// As [`generate::Spec::check`]: sizes and noise out of bounds, named.
    pub fn generated(spec: &generate::Spec) -> Result<Dataset> {
        let g = generate::generate(spec)?;
        let target = match g.target {
            generate::Target::Classes(y) => Target::Classes {
                y,
                names: g.class_names,
            },
            generate::Target::Values(y) => Target::Values { y },
        };
        Dataset::new(spec.kind.name(), g.x, target, g.feature_names, g.label_name)
    }

    /// Checks that the parts fit together (see [`Dataset::new`]) and that the set is
    /// within [`crate::limits`] (rows, features, numbers, classes). Every entry point
    /// that takes a data set calls this, so one built field by field cannot panic
    /// deeper in.
    ///
    /// # Errors
    /// As [`Dataset::new`], and [`Error::OverLimit`] past a limit.
    pub fn check(&self) -> Result<()> {
        self.check_structure()?;
        crate::limits::check_shape(self.x.nrows(), self.x.ncols(), None)?;
        crate::limits::check_count("classes", self.n_classes(), crate::limits::MAX_CLASSES)?;
        if self.x.iter().any(|v| !v.is_finite()) {
            return Err(Error::InvalidData(
                "a feature value is not a finite number".into(),
            ));
        }
        if let Target::Values { y } = &self.target
            && y.iter().any(|v| !v.is_finite())
        {
            return Err(Error::InvalidData(
                "a target value is not a finite number".into(),
            ));
        }
        Ok(())
    }

    /// The part of [`Dataset::check`] that indexing relies on, in time linear in the
    /// rows (no scan of the feature values): as many targets and names as rows and
    /// columns, and every class index below the number of class names. The views
    /// run it on every call.
    ///
    /// # Errors
    /// [`Error::Shape`] or [`Error::InvalidData`] naming what does not fit together.
    pub fn check_structure(&self) -> Result<()> {
        if self.target.len() != self.x.nrows() {
            return Err(Error::Shape(format!(
                "{} rows of features but {} targets",
                self.x.nrows(),
                self.target.len()
            )));
        }
        if self.feature_names.len() != self.x.ncols() {
            return Err(Error::Shape(format!(
                "{} feature columns but {} feature names",
                self.x.ncols(),
                self.feature_names.len()
            )));
        }
        if let Target::Classes { y, names } = &self.target
            && let Some(&bad) = y.iter().find(|&&c| c >= names.len())
        {
            return Err(Error::InvalidData(format!(
                "class index {bad} but only {} class names",
                names.len()
            )));
        }
        Ok(())
    }

    /// Number of rows.
    pub fn n_samples(&self) -> usize {
        self.x.nrows()
    }

    /// Number of feature columns.
    pub fn n_features(&self) -> usize {
        self.x.ncols()
    }

    /// Whether the target is numeric (a regression task).
    pub fn is_regression(&self) -> bool {
        matches!(self.target, Target::Values { .. })
    }

    /// Each row's class; `None` for a regression target.
    pub fn classes(&self) -> Option<&[usize]> {
        match &self.target {
            Target::Classes { y, .. } => Some(y),
            Target::Values { .. } => None,
        }
    }

    /// Each row's value; `None` for a class target.
    pub fn values(&self) -> Option<&[f64]> {
        match &self.target {
            Target::Values { y } => Some(y),
            Target::Classes { .. } => None,
        }
    }

    /// Class names in class-index order; empty for a regression target.
    pub fn class_names(&self) -> &[String] {
        match &self.target {
            Target::Classes { names, .. } => names,
            Target::Values { .. } => &[],
        }
    }

    /// Number of classes; `0` for a regression target.
    pub fn n_classes(&self) -> usize {
        self.class_names().len()
    }

    /// How many rows each class has, in class order (empty for regression).
    pub fn class_counts(&self) -> Vec<usize> {
        let mut counts = vec![0; self.n_classes()];
        for &c in self.classes().unwrap_or(&[]) {
            if let Some(slot) = counts.get_mut(c) {
                *slot += 1;
            }
        }
        counts
    }

    /// A hint when a class target looks like numbers to regress on rather than
    /// classes: every class name is a number, and there are more than 10 classes with
    /// most of them holding fewer than 5 rows, or some name is not a whole number.
    pub fn regression_hint(&self) -> Option<String> {
        let names = self.class_names();
        if names.len() < 3 || names.iter().any(|n| n.trim().parse::<f64>().is_err()) {
            return None;
        }
        let fractional = names
            .iter()
            .any(|n| n.trim().parse::<f64>().is_ok_and(|v| v.fract() != 0.0));
        let counts = self.class_counts();
        let small = counts.iter().filter(|&&c| c < 5).count();
        if fractional || (names.len() > 10 && 2 * small > names.len()) {
            Some(format!(
                "column {:?} looks like a regression target: {} distinct numeric values; \
                 load it as a numeric target and pick a regression model",
                self.label_name,
                names.len()
            ))
        } else {
            None
        }
    }

    /// The rows at `indices`, in that order, as a new data set with the same names.
    ///
    /// # Errors
    /// [`Error::Shape`] when an index is past the last row (indices from a search
    /// on other data), or the targets are fewer than the rows.
    pub fn select(&self, indices: &[usize]) -> Result<Dataset> {
        let rows = self.x.nrows().min(self.target.len());
        if let Some(&bad) = indices.iter().find(|&&i| i >= rows) {
            return Err(Error::Shape(format!(
                "row {bad} asked of a data set of {rows} rows (was the search run on other data?)"
            )));
        }
        Ok(Dataset {
            name: self.name.clone(),
            x: self.x.select(Axis(0), indices),
            target: self.target.select(indices),
            feature_names: self.feature_names.clone(),
            label_name: self.label_name.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use ndarray::array;

    #[test]
    fn built_in_sets_load_with_their_shapes_and_targets() {
        let wine = Dataset::builtin("wine").unwrap();
        assert_eq!(wine.x.dim(), (178, 13));
        assert_eq!(wine.class_counts(), [59, 71, 48]);
        let cancer = Dataset::builtin("breast_cancer").unwrap();
        assert_eq!(cancer.x.dim(), (569, 30));
        assert_eq!(cancer.class_names(), ["benign", "malignant"]);
        assert_eq!(cancer.class_counts(), [357, 212]);
        let diabetes = Dataset::builtin("diabetes").unwrap();
        assert_eq!(diabetes.x.dim(), (442, 10));
        assert!(diabetes.is_regression() && diabetes.n_classes() == 0);
        assert_eq!(diabetes.values().unwrap()[0], 151.0);
        let err = Dataset::builtin("titanic").unwrap_err().to_string();
        assert!(err.contains("iris, wine, breast_cancer, diabetes"), "{err}");
    }

    #[test]
    fn built_in_sets_from_their_text_equal_the_compiled_in_ones() {
        for name in ["wine", "breast_cancer", "diabetes"] {
            let text = std::fs::read_to_string(format!("www/data/{name}.csv")).unwrap();
            let from_text = Dataset::builtin_from_csv(name, &text).unwrap();
            assert_eq!(from_text, Dataset::builtin(name).unwrap(), "{name}");
        }
        // Iris is compiled in (a table, not text); an unknown name is refused either way.
        assert!(Dataset::builtin_from_csv("iris", "a,b\n1,x\n").is_err());
        let err = Dataset::builtin_from_csv("titanic", "a,b\n1,x\n")
            .unwrap_err()
            .to_string();
        assert!(err.contains("iris, wine, breast_cancer, diabetes"), "{err}");
    }

    #[test]
    fn new_refuses_parts_that_do_not_fit() {
        let x = array![[1.0], [2.0]];
        let classes = |y: Vec<usize>| Target::Classes {
            y,
            names: vec!["a".into(), "b".into()],
        };
        assert!(Dataset::new("d", x.clone(), classes(vec![0, 1]), vec!["f".into()], "y").is_ok());
        assert!(matches!(
            Dataset::new("d", x.clone(), classes(vec![0]), vec!["f".into()], "y"),
            Err(Error::Shape(_))
        ));
        assert!(matches!(
            Dataset::new("d", x.clone(), classes(vec![0, 2]), vec!["f".into()], "y"),
            Err(Error::InvalidData(_))
        ));
        assert!(Dataset::new("d", x.clone(), classes(vec![0, 1]), vec![], "y").is_err());
        let nan = Target::Values {
            y: vec![1.0, f64::NAN],
        };
        assert!(Dataset::new("d", x, nan, vec!["f".into()], "y").is_err());
    }

    #[test]
    fn a_numeric_label_column_with_many_values_gets_a_regression_hint() {
        let n = 40;
        let x = Array2::from_shape_fn((n, 1), |(i, _)| i as f64);
        let names: Vec<String> = (0..n).map(|i| format!("{}", 100 + 3 * i)).collect();
        let many = Dataset::new(
            "d",
            x.clone(),
            Target::Classes {
                y: (0..n).collect(),
                names,
            },
            vec!["f".into()],
            "price",
        )
        .unwrap();
        let hint = many.regression_hint().unwrap();
        assert!(
            hint.contains("\"price\" looks like a regression target: 40 distinct numeric values"),
            "{hint}"
        );
        // Iris (words) and three integer classes (0, 1, 2) get no hint.
        assert!(Dataset::iris().regression_hint().is_none());
        let few = Dataset::new(
            "d",
            x,
            Target::Classes {
                y: (0..n).map(|i| i % 3).collect(),
                names: vec!["0".into(), "1".into(), "2".into()],
            },
            vec!["f".into()],
            "class",
        )
        .unwrap();
        assert!(few.regression_hint().is_none());
    }
}
