//! Built-in Iris: Fisher's 150 flowers, exactly as scikit-learn's `load_iris()` has them.
//!
//! The numbers are compiled in as a constant table rather than parsed from text at
//! start-up, so [`Dataset::iris`] has no failure path at all (no `unwrap`, no fallback
//! to an empty data set) and costs nothing to build. The same data ships as
//! `src/data/iris.csv`; a unit test below parses that file with TuneLab's own CSV
//! loader and checks it equals the table, so the two cannot drift apart.
//!
//! scikit-learn's copy differs from the UCI file in two rows (0-based rows 34 and 37,
//! corrected after Fisher's paper); the tests pin those rows.
//!
//! Both the table and the CSV were generated with scikit-learn 1.9.1:
//!
//! ```text
//! from sklearn.datasets import load_iris
//! d = load_iris()   # each value written with repr(float(v)), e.g. 5.1
//! ```
//!
//! ```
//! use tunelab::Dataset;
//! let iris = Dataset::iris();
//! assert_eq!(iris.x.row(0).to_vec(), [5.1, 3.5, 1.4, 0.2]);
//! assert_eq!(iris.class_names()[iris.classes().unwrap()[149]], "virginica");
//! ```

use crate::collect::CollectVec;
use ndarray::Array2;

use super::{Dataset, Target};

/// Column names, as in the CSV header.
const FEATURE_NAMES: [&str; 4] = ["sepal_length", "sepal_width", "petal_length", "petal_width"];

/// Species, in scikit-learn's `target_names` order (which is also sorted order).
const CLASS_NAMES: [&str; 3] = ["setosa", "versicolor", "virginica"];

/// One row per flower: the four measurements in centimetres and the species index.
#[rustfmt::skip]
const ROWS: [([f64; 4], usize); 150] = [
    ([5.1, 3.5, 1.4, 0.2], 0),
    ([4.9, 3.0, 1.4, 0.2], 0),
    ([4.7, 3.2, 1.3, 0.2], 0),
    ([4.6, 3.1, 1.5, 0.2], 0),
    ([5.0, 3.6, 1.4, 0.2], 0),
    ([5.4, 3.9, 1.7, 0.4], 0),
    ([4.6, 3.4, 1.4, 0.3], 0),
    ([5.0, 3.4, 1.5, 0.2], 0),
    ([4.4, 2.9, 1.4, 0.2], 0),
    ([4.9, 3.1, 1.5, 0.1], 0),
    ([5.4, 3.7, 1.5, 0.2], 0),
    ([4.8, 3.4, 1.6, 0.2], 0),
    ([4.8, 3.0, 1.4, 0.1], 0),
    ([4.3, 3.0, 1.1, 0.1], 0),
    ([5.8, 4.0, 1.2, 0.2], 0),
    ([5.7, 4.4, 1.5, 0.4], 0),
    ([5.4, 3.9, 1.3, 0.4], 0),
    ([5.1, 3.5, 1.4, 0.3], 0),
    ([5.7, 3.8, 1.7, 0.3], 0),
    ([5.1, 3.8, 1.5, 0.3], 0),
    ([5.4, 3.4, 1.7, 0.2], 0),
    ([5.1, 3.7, 1.5, 0.4], 0),
    ([4.6, 3.6, 1.0, 0.2], 0),
    ([5.1, 3.3, 1.7, 0.5], 0),
    ([4.8, 3.4, 1.9, 0.2], 0),
    ([5.0, 3.0, 1.6, 0.2], 0),
    ([5.0, 3.4, 1.6, 0.4], 0),
    ([5.2, 3.5, 1.5, 0.2], 0),
    ([5.2, 3.4, 1.4, 0.2], 0),
    ([4.7, 3.2, 1.6, 0.2], 0),
    ([4.8, 3.1, 1.6, 0.2], 0),
    ([5.4, 3.4, 1.5, 0.4], 0),
    ([5.2, 4.1, 1.5, 0.1], 0),
    ([5.5, 4.2, 1.4, 0.2], 0),
    ([4.9, 3.1, 1.5, 0.2], 0),
    ([5.0, 3.2, 1.2, 0.2], 0),
    ([5.5, 3.5, 1.3, 0.2], 0),
    ([4.9, 3.6, 1.4, 0.1], 0),
    ([4.4, 3.0, 1.3, 0.2], 0),
    ([5.1, 3.4, 1.5, 0.2], 0),
    ([5.0, 3.5, 1.3, 0.3], 0),
    ([4.5, 2.3, 1.3, 0.3], 0),
    ([4.4, 3.2, 1.3, 0.2], 0),
    ([5.0, 3.5, 1.6, 0.6], 0),
    ([5.1, 3.8, 1.9, 0.4], 0),
    ([4.8, 3.0, 1.4, 0.3], 0),
    ([5.1, 3.8, 1.6, 0.2], 0),
    ([4.6, 3.2, 1.4, 0.2], 0),
    ([5.3, 3.7, 1.5, 0.2], 0),
    ([5.0, 3.3, 1.4, 0.2], 0),
    ([7.0, 3.2, 4.7, 1.4], 1),
    ([6.4, 3.2, 4.5, 1.5], 1),
    ([6.9, 3.1, 4.9, 1.5], 1),
    ([5.5, 2.3, 4.0, 1.3], 1),
    ([6.5, 2.8, 4.6, 1.5], 1),
    ([5.7, 2.8, 4.5, 1.3], 1),
    ([6.3, 3.3, 4.7, 1.6], 1),
    ([4.9, 2.4, 3.3, 1.0], 1),
    ([6.6, 2.9, 4.6, 1.3], 1),
    ([5.2, 2.7, 3.9, 1.4], 1),
    ([5.0, 2.0, 3.5, 1.0], 1),
    ([5.9, 3.0, 4.2, 1.5], 1),
    ([6.0, 2.2, 4.0, 1.0], 1),
    ([6.1, 2.9, 4.7, 1.4], 1),
    ([5.6, 2.9, 3.6, 1.3], 1),
    ([6.7, 3.1, 4.4, 1.4], 1),
    ([5.6, 3.0, 4.5, 1.5], 1),
    ([5.8, 2.7, 4.1, 1.0], 1),
    ([6.2, 2.2, 4.5, 1.5], 1),
    ([5.6, 2.5, 3.9, 1.1], 1),
    ([5.9, 3.2, 4.8, 1.8], 1),
    ([6.1, 2.8, 4.0, 1.3], 1),
    ([6.3, 2.5, 4.9, 1.5], 1),
    ([6.1, 2.8, 4.7, 1.2], 1),
    ([6.4, 2.9, 4.3, 1.3], 1),
    ([6.6, 3.0, 4.4, 1.4], 1),
    ([6.8, 2.8, 4.8, 1.4], 1),
    ([6.7, 3.0, 5.0, 1.7], 1),
    ([6.0, 2.9, 4.5, 1.5], 1),
    ([5.7, 2.6, 3.5, 1.0], 1),
    ([5.5, 2.4, 3.8, 1.1], 1),
    ([5.5, 2.4, 3.7, 1.0], 1),
    ([5.8, 2.7, 3.9, 1.2], 1),
    ([6.0, 2.7, 5.1, 1.6], 1),
    ([5.4, 3.0, 4.5, 1.5], 1),
    ([6.0, 3.4, 4.5, 1.6], 1),
    ([6.7, 3.1, 4.7, 1.5], 1),
    ([6.3, 2.3, 4.4, 1.3], 1),
    ([5.6, 3.0, 4.1, 1.3], 1),
    ([5.5, 2.5, 4.0, 1.3], 1),
    ([5.5, 2.6, 4.4, 1.2], 1),
    ([6.1, 3.0, 4.6, 1.4], 1),
    ([5.8, 2.6, 4.0, 1.2], 1),
    ([5.0, 2.3, 3.3, 1.0], 1),
    ([5.6, 2.7, 4.2, 1.3], 1),
    ([5.7, 3.0, 4.2, 1.2], 1),
    ([5.7, 2.9, 4.2, 1.3], 1),
    ([6.2, 2.9, 4.3, 1.3], 1),
    ([5.1, 2.5, 3.0, 1.1], 1),
    ([5.7, 2.8, 4.1, 1.3], 1),
    ([6.3, 3.3, 6.0, 2.5], 2),
    ([5.8, 2.7, 5.1, 1.9], 2),
    ([7.1, 3.0, 5.9, 2.1], 2),
    ([6.3, 2.9, 5.6, 1.8], 2),
    ([6.5, 3.0, 5.8, 2.2], 2),
    ([7.6, 3.0, 6.6, 2.1], 2),
    ([4.9, 2.5, 4.5, 1.7], 2),
    ([7.3, 2.9, 6.3, 1.8], 2),
    ([6.7, 2.5, 5.8, 1.8], 2),
    ([7.2, 3.6, 6.1, 2.5], 2),
    ([6.5, 3.2, 5.1, 2.0], 2),
    ([6.4, 2.7, 5.3, 1.9], 2),
    ([6.8, 3.0, 5.5, 2.1], 2),
    ([5.7, 2.5, 5.0, 2.0], 2),
    ([5.8, 2.8, 5.1, 2.4], 2),
    ([6.4, 3.2, 5.3, 2.3], 2),
    ([6.5, 3.0, 5.5, 1.8], 2),
    ([7.7, 3.8, 6.7, 2.2], 2),
    ([7.7, 2.6, 6.9, 2.3], 2),
    ([6.0, 2.2, 5.0, 1.5], 2),
    ([6.9, 3.2, 5.7, 2.3], 2),
    ([5.6, 2.8, 4.9, 2.0], 2),
    ([7.7, 2.8, 6.7, 2.0], 2),
    ([6.3, 2.7, 4.9, 1.8], 2),
    ([6.7, 3.3, 5.7, 2.1], 2),
    ([7.2, 3.2, 6.0, 1.8], 2),
    ([6.2, 2.8, 4.8, 1.8], 2),
    ([6.1, 3.0, 4.9, 1.8], 2),
    ([6.4, 2.8, 5.6, 2.1], 2),
    ([7.2, 3.0, 5.8, 1.6], 2),
    ([7.4, 2.8, 6.1, 1.9], 2),
    ([7.9, 3.8, 6.4, 2.0], 2),
    ([6.4, 2.8, 5.6, 2.2], 2),
    ([6.3, 2.8, 5.1, 1.5], 2),
    ([6.1, 2.6, 5.6, 1.4], 2),
    ([7.7, 3.0, 6.1, 2.3], 2),
    ([6.3, 3.4, 5.6, 2.4], 2),
    ([6.4, 3.1, 5.5, 1.8], 2),
    ([6.0, 3.0, 4.8, 1.8], 2),
    ([6.9, 3.1, 5.4, 2.1], 2),
    ([6.7, 3.1, 5.6, 2.4], 2),
    ([6.9, 3.1, 5.1, 2.3], 2),
    ([5.8, 2.7, 5.1, 1.9], 2),
    ([6.8, 3.2, 5.9, 2.3], 2),
    ([6.7, 3.3, 5.7, 2.5], 2),
    ([6.7, 3.0, 5.2, 2.3], 2),
    ([6.3, 2.5, 5.0, 1.9], 2),
    ([6.5, 3.0, 5.2, 2.0], 2),
    ([6.2, 3.4, 5.4, 2.3], 2),
    ([5.9, 3.0, 5.1, 1.8], 2),
];

impl Dataset {
    /// The Iris data set as scikit-learn's `load_iris()` gives it: 150 rows, 4 features
    /// (`sepal_length`, `sepal_width`, `petal_length`, `petal_width`, in cm), classes
    /// `setosa`, `versicolor`, `virginica` with 50 rows each; named `"iris"`.
    pub fn iris() -> Dataset {
        let x = Array2::from_shape_fn((ROWS.len(), FEATURE_NAMES.len()), |(i, j)| ROWS[i].0[j]);
        Dataset {
            name: "iris".to_owned(),
            x,
            target: Target::Classes {
                y: ROWS.iter().map(|row| row.1).collect_vec(),
                names: CLASS_NAMES.iter().map(|&s| s.to_owned()).collect_vec(),
            },
            feature_names: FEATURE_NAMES.iter().map(|&s| s.to_owned()).collect_vec(),
            label_name: "species".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::data::CsvOptions;

    /// The same data as text, for the test that ties the table to the file.
    const IRIS_CSV: &str = include_str!("iris.csv");

    #[test]
    fn shape_names_and_counts() {
        let iris = Dataset::iris();
        assert_eq!(iris.name, "iris");
        assert_eq!(iris.x.dim(), (150, 4));
        assert_eq!(iris.classes().unwrap().len(), 150);
        assert_eq!(iris.feature_names, FEATURE_NAMES);
        assert_eq!(iris.class_names(), CLASS_NAMES);
        assert_eq!(iris.label_name, "species");
        assert_eq!(iris.class_counts(), [50, 50, 50]);
        // scikit-learn orders the rows by species: 50 setosa, then versicolor, then virginica.
        assert!(
            iris.classes()
                .unwrap()
                .iter()
                .enumerate()
                .all(|(i, &c)| c == i / 50)
        );
    }

    #[test]
    fn values_equal_scikit_learn() {
        let iris = Dataset::iris();
        let row = |i: usize| iris.x.row(i).to_vec();
        assert_eq!(row(0), [5.1, 3.5, 1.4, 0.2]);
        // The two rows scikit-learn corrected (UCI has 4.9,3.1,1.5,0.1 and 4.9,3.1,1.5,0.1).
        assert_eq!(row(34), [4.9, 3.1, 1.5, 0.2]);
        assert_eq!(row(37), [4.9, 3.6, 1.4, 0.1]);
        assert_eq!(row(149), [5.9, 3.0, 5.1, 1.8]);
        // Column sums from numpy: load_iris().data.sum(axis=0).
        let sums = iris.x.sum_axis(ndarray::Axis(0)).to_vec();
        let expected = [876.5, 458.6, 563.7, 179.9];
        for (s, e) in sums.iter().zip(expected) {
            assert!((s - e).abs() < 1e-9, "{s} vs {e}");
        }
    }

    #[test]
    fn embedded_csv_parses_to_the_same_data() {
        let opts = CsvOptions {
            name: "iris".into(),
            ..CsvOptions::default()
        };
        let parsed = Dataset::from_csv_str(IRIS_CSV, &opts).unwrap();
        assert_eq!(parsed, Dataset::iris());
    }
}
