//! Model selection: splitting data into folds, parameter grids, and cross-validated
//! grid search with scikit-learn's `cv_results_`.

pub mod split;

pub use split::*;
