//! Why cross-validate, measured: the best candidate's mean CV score is an optimistic
//! estimate of how it does on new data, because it was *chosen* for being high. Run
//! the same search with many different hold-out splits and compare, split by split,
//! the winner's CV score with its score on the held-out rows it never saw.
//!
//! ```
//! use tunelab::{Dataset, select::{SearchConfig, optimism}};
//! let r = optimism(&Dataset::iris(), &SearchConfig::default(), 0.3, 3, &mut |_| true)?;
//! assert_eq!(r.seeds.len(), 3);
//! assert!(r.best_cv.iter().all(|s| (0.0..=1.0).contains(s)));
//! # Ok::<(), tunelab::Error>(())
//! ```

use crate::collect::CollectVec;
use serde::{Deserialize, Serialize};

use super::search::{Progress, SearchConfig, grid_search_with_clock};
use crate::data::Dataset;
use crate::error::{Error, Result};

pub use crate::limits::MAX_SEEDS;

/// The winner's CV score against its held-out score, one entry per split seed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Optimism {
    /// The scorer (scikit-learn's name).
    pub scorer: String,
    /// Seed of each hold-out split.
    pub seeds: Vec<u64>,
    /// Mean CV score of the best candidate, per seed.
    pub best_cv: Vec<f64>,
    /// Its score on the held-out rows after the refit, per seed.
    pub test: Vec<f64>,
    /// Its mean training score, per seed (more optimistic still).
    pub train: Vec<f64>,
    /// The winner's parameters, per seed, as `name=value, …`.
    pub winners: Vec<String>,
    /// Mean of `best_cv − test` over the seeds: the optimism.
    pub mean_gap: f64,
}

/// Runs the search of `config` with a hold-out of `test_size` for seeds
/// `0..n_seeds` (the config's own `test_size` and `test_seed` are replaced).
/// `progress` sees one step per seed and may cancel.
///
/// # Errors
/// As the search; [`Error::InvalidParam`] for `n_seeds` of 0 or above [`MAX_SEEDS`],
/// or a `test_size` outside `(0, 1)`; [`Error::Cancelled`] when cancelled.
pub fn optimism(
    data: &Dataset,
    config: &SearchConfig,
    test_size: f64,
    n_seeds: usize,
    progress: &mut dyn FnMut(Progress) -> bool,
) -> Result<Optimism> {
    optimism_with_clock(data, config, test_size, n_seeds, progress, || 0.0)
}

/// [`optimism`] with a clock for the fit timings.
///
/// # Errors
/// As [`optimism`].
pub fn optimism_with_clock(
    data: &Dataset,
    config: &SearchConfig,
    test_size: f64,
    n_seeds: usize,
    progress: &mut dyn FnMut(Progress) -> bool,
    clock: super::Clock,
) -> Result<Optimism> {
    if n_seeds == 0 || n_seeds > MAX_SEEDS {
        return Err(Error::InvalidParam {
            name: "seeds".into(),
            value: n_seeds.to_string(),
            reason: format!("must be from 1 to {MAX_SEEDS}"),
        });
    }
    if !(test_size > 0.0 && test_size < 1.0) {
        return Err(Error::InvalidParam {
            name: "test_size".into(),
            value: crate::numfmt::fmt_value(test_size),
            reason: "must lie strictly between 0 and 1".into(),
        });
    }
    let mut out = Optimism {
        scorer: config.refit_scorer().name().to_string(),
        seeds: Vec::with_capacity(n_seeds),
        best_cv: Vec::with_capacity(n_seeds),
        test: Vec::with_capacity(n_seeds),
        train: Vec::with_capacity(n_seeds),
        winners: Vec::with_capacity(n_seeds),
        mean_gap: f64::NAN,
    };
    for seed in 0..n_seeds as u64 {
        let mut c = config.clone();
        c.test_size = test_size;
        c.test_seed = seed;
        let result = grid_search_with_clock(data, &c, &mut |_| true, clock)?;
        let suffix = result.score_suffix().to_string();
        let train = result
            .cv_results
            .floats(&format!("mean_train_{suffix}"))
            .and_then(|t| t.get(result.best_index).copied())
            .unwrap_or(f64::NAN);
        out.seeds.push(seed);
        out.best_cv.push(result.best_score);
        out.test.push(result.test_score.unwrap_or(f64::NAN));
        out.train.push(train);
        out.winners
            .push(super::grid::candidate_label(&result.best_params));
        let done = seed as usize + 1;
        if !progress(Progress {
            done,
            total: n_seeds,
        }) {
            return Err(Error::Cancelled {
                done,
                total: n_seeds,
            });
        }
    }
    let gaps: Vec<f64> = out
        .best_cv
        .iter()
        .zip(&out.test)
        .map(|(a, b)| a - b)
        .filter(|g| g.is_finite())
        .collect_vec();
    if !gaps.is_empty() {
        out.mean_gap = gaps.iter().sum::<f64>() / gaps.len() as f64;
    }
    Ok(out)
}
