//! Model selection: splitting data into folds, parameter grids, and cross-validated
//! grid search with scikit-learn's `cv_results_`.
//!
//! * [`split`]: `KFold`, `StratifiedKFold` (fold-for-fold as scikit-learn) and a
//!   stratified train/test split.
//! * [`grid`]: parameter grids in `ParameterGrid` order.
//! * [`search`]: the grid search itself, and [`Job`]: the same search cut into
//!   independent units (one fold × one warm-started chain of candidates) for
//!   several threads or workers.
//! * [`rank`]: `rank_test_*` in `n log n`.

pub mod grid;
pub mod optimism;
pub mod rank;
pub mod search;
pub mod split;

pub use grid::{Candidate, ParamGrid, Settable, SubGrid};
pub use optimism::{Optimism, optimism, optimism_with_clock};
pub use search::{
    Clock, Column, CvResults, FitOutcome, Job, Plan, Progress, SearchConfig, SearchResult, Unit,
    UnitOutcome, grid_search_with_clock, plan, plan_for_shape, splits,
};
#[cfg(not(target_arch = "wasm32"))]
pub use search::{grid_search, grid_search_parallel};
pub use split::{CvConfig, Fold};
