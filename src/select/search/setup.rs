//! The checks before any fitting: the [`Plan`] of a search, its splits, and the
//! checked pieces a run starts from ([`Setup`]).

use crate::collect::CollectVec;
use ndarray::Array2;
use serde::Serialize;

use super::{SearchConfig, Truth};
use crate::data::{self, Dataset};
use crate::error::{Error, Result};
use crate::metrics::Scorer;
use crate::model::{ModelKind, Pipeline};
use crate::select::grid::Candidate;
use crate::select::split::{Fold, kfold, train_test_split};

/// ", the largest class, “setosa”, has 40 rows": what a stratified split ran short
/// of, for a split error (empty for a numeric target).
fn largest_class(target: &data::Target) -> String {
    match target {
        data::Target::Classes { y, names } => {
            let mut counts = vec![0usize; names.len()];
            for &c in y {
                if let Some(n) = counts.get_mut(c) {
                    *n += 1;
                }
            }
            // The first of the largest, as the class listed first reads best.
            let largest =
                counts
                    .iter()
                    .enumerate()
                    .fold(None, |best: Option<(usize, &usize)>, (c, n)| match best {
                        Some((_, m)) if m >= n => best,
                        _ => Some((c, n)),
                    });
            match largest {
                Some((c, n)) => format!(
                    "; the largest class, “{}”, has {n} rows",
                    names.get(c).map_or("?", String::as_str)
                ),
                None => String::new(),
            }
        }
        data::Target::Values { .. } => String::new(),
    }
}

/// What to change when `k` folds cannot be cut from `target`: "; use at most 4 folds
/// (k), or a smaller test fraction". A stratified split needs a class of at least `k`
/// rows, any split `k` rows; a smaller test fraction leaves more rows to cut when some
/// were held out. Nothing for `k < 2`, whose message says what to do.
fn fold_remedy(target: &data::Target, stratified: bool, k: usize, held_out: bool) -> String {
    if k < 2 {
        return String::new();
    }
    let most = match target {
        data::Target::Classes { y, names } if stratified => {
            let mut counts = vec![0usize; names.len()];
            for &c in y {
                if let Some(n) = counts.get_mut(c) {
                    *n += 1;
                }
            }
            counts.into_iter().max().unwrap_or(0)
        }
        data::Target::Classes { y, .. } => y.len(),
        data::Target::Values { y } => y.len(),
    };
    let fewer = if most >= 2 {
        format!("use at most {most} folds (k)")
    } else {
        "load more rows".to_string()
    };
    if held_out {
        format!("; {fewer}, or a smaller test fraction")
    } else {
        format!("; {fewer}")
    }
}

/// Whether the model's target fits the data's: classes for a classifier, numbers
/// for a regressor.
fn check_task(data: &Dataset, model: ModelKind) -> Result<()> {
    match (&data.target, model.is_classifier()) {
        (data::Target::Classes { .. }, true) | (data::Target::Values { .. }, false) => Ok(()),
        (data::Target::Values { .. }, true) => Err(Error::InvalidParam {
            name: "model".into(),
            value: model.name().into(),
            reason: format!(
                "it predicts classes, but {:?} holds numbers; pick a regression model \
                 (linear_regression, ridge, lasso, elastic_net, mlp_regressor)",
                data.label_name
            ),
        }),
        (data::Target::Classes { .. }, false) => Err(Error::InvalidParam {
            name: "model".into(),
            value: model.name().into(),
            reason: format!(
                "it predicts numbers, but {:?} holds classes; pick a classifier \
                 (logistic_regression, mlp_classifier) or load the label as a numeric target",
                data.label_name
            ),
        }),
    }
}

/// What a search will do, checked before any fitting: everything
/// [`grid_search_with_clock`] refuses is refused here with the same error.
///
/// [`grid_search_with_clock`]: super::grid_search_with_clock
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    /// Candidates in the grid.
    pub candidates: usize,
    /// Folds.
    pub folds: usize,
    /// Fits: candidates × folds, plus the refit.
    pub fits: usize,
    /// Rows cross-validated (after the hold-out).
    pub n_train: usize,
    /// Rows held out.
    pub n_test: usize,
    /// The most feature columns any candidate's polynomial expansion makes.
    pub expanded_features: usize,
    /// scikit-learn's `StratifiedKFold` warning when a class of the rows
    /// cross-validated is too small to be in every test fold (the search still runs).
    pub warning: Option<String>,
}

/// Checks `config` against `data` as a search would, without fitting anything.
///
/// # Errors
/// As [`grid_search_with_clock`] before its first fit: the model and the target,
/// the grid, the scorers, the test split and the folds.
///
/// [`grid_search_with_clock`]: super::grid_search_with_clock
pub fn plan(data: &Dataset, config: &SearchConfig) -> Result<Plan> {
    plan_with(data, config, data.n_features())
}

/// What a search will do on data known only by its shape: `n_features` columns and,
/// per class, how many rows (`class_counts`; for a numeric target `None` and
/// `n_samples` rows). Every check of [`plan`] depends only on these, so a page can
/// check settings as they are typed without the data at hand.
///
/// # Errors
/// As [`plan`].
pub fn plan_for_shape(
    n_samples: usize,
    n_features: usize,
    class_counts: Option<&[usize]>,
    class_names: &[String],
    config: &SearchConfig,
) -> Result<Plan> {
    crate::limits::check_shape(n_samples, n_features, class_counts)?;
    let target = match class_counts {
        Some(counts) => {
            let y: Vec<usize> = counts
                .iter()
                .enumerate()
                .flat_map(|(c, &k)| std::iter::repeat_n(c, k))
                .collect_vec();
            data::Target::Classes {
                names: (0..counts.len())
                    .map(|c| class_names.get(c).cloned().unwrap_or_else(|| c.to_string()))
                    .collect_vec(),
                y,
            }
        }
        None => data::Target::Values {
            y: vec![0.0; n_samples],
        },
    };
    let rows = target.len();
    let stand_in = Dataset::new(
        "shape",
        Array2::zeros((rows, 0)),
        target,
        Vec::new(),
        "label",
    )?;
    plan_with(&stand_in, config, n_features)
}

/// [`plan`] with expansions checked for `n_features` columns.
fn plan_with(data: &Dataset, config: &SearchConfig, n_features: usize) -> Result<Plan> {
    let s = setup_with(data, config, n_features)?;
    let expanded_features = s
        .candidates
        .iter()
        .map(|(_, p)| crate::preprocess::output_count(n_features, p.degree).unwrap_or(usize::MAX))
        .max()
        .unwrap_or(0);
    let warning = match &data.target {
        data::Target::Classes { y, .. } if config.cv.stratified => {
            let kept = s.train_idx.iter().filter_map(|&i| y.get(i).copied());
            crate::select::split::stratification_warning(&kept.collect_vec(), s.folds.len())
                .map(|w| format!("{w} Some test folds have none of it."))
        }
        _ => None,
    };
    Ok(Plan {
        candidates: s.candidates.len(),
        folds: s.folds.len(),
        fits: s.candidates.len() * s.folds.len() + 1,
        n_train: s.train_idx.len(),
        n_test: s.test_idx.len(),
        expanded_features,
        warning,
    })
}

/// The rows a search with `config` holds out and the folds it cuts from the rest
/// (indices into the rows kept), as it will cut them: for exporting a search that
/// reproduces the same splits elsewhere.
///
/// # Errors
/// As [`plan`].
pub fn splits(
    data: &Dataset,
    config: &SearchConfig,
) -> Result<(Vec<usize>, Vec<usize>, Vec<Fold>)> {
    let s = setup(data, config)?;
    Ok((s.train_idx, s.test_idx, s.folds))
}

/// The checked pieces of a search, before any fitting.
pub(super) struct Setup {
    pub(super) candidates: Vec<(Candidate, Pipeline)>,
    pub(super) scorers: Vec<Scorer>,
    pub(super) regression: bool,
    pub(super) n_classes: usize,
    pub(super) train_idx: Vec<usize>,
    pub(super) test_idx: Vec<usize>,
    /// The targets of the rows kept (`train_idx`), in that order: the folds'
    /// indices point into it.
    pub(super) trainval: data::Target,
    pub(super) folds: Vec<Fold>,
}

/// Checks the search and cuts the data: candidates, scorers, hold-out split, folds.
pub(super) fn setup(data: &Dataset, config: &SearchConfig) -> Result<Setup> {
    setup_with(data, config, data.n_features())
}

/// [`setup`], checking polynomial expansions for `n_features` columns (which may
/// differ from `data`'s when `data` stands in for a data set known by its shape).
fn setup_with(data: &Dataset, config: &SearchConfig, n_features: usize) -> Result<Setup> {
    crate::limits::check_plan(config.grid.len(), config.cv.k)?;
    data.check()?;
    check_task(data, config.model)?;
    let base = config.base_pipeline()?;
    let candidates = config.grid.params_for_all(&base)?;
    for (i, (candidate, pipe)) in candidates.iter().enumerate() {
        pipe.check(n_features)
            .map_err(|e| crate::select::grid::describe_candidate(i, candidate, e))?;
    }
    let scorers = config.scorers();
    let regression = data.is_regression();
    if let Some(bad) = scorers.iter().find(|s| s.is_regression() != regression) {
        return Err(Error::InvalidParam {
            name: "scoring".into(),
            value: bad.name().into(),
            reason: if regression {
                "the target holds numbers; score with r2, neg_mean_squared_error, \
                 neg_root_mean_squared_error or neg_mean_absolute_error"
                    .into()
            } else {
                "the target holds classes; score with accuracy, balanced_accuracy, \
                 f1_macro, … or neg_log_loss"
                    .into()
            },
        });
    }
    let n_classes = data.n_classes();
    if !regression && n_classes < 2 {
        return Err(Error::TooFewClasses {
            column: data.label_name.clone(),
            found: n_classes,
        });
    }

    // Hold-out split, then folds of the training part (indices into it).
    if !(0.0..1.0).contains(&config.test_size) {
        return Err(Error::InvalidParam {
            name: "test_size".into(),
            value: crate::numfmt::fmt_value(config.test_size),
            reason: "must be at least 0 (no hold-out) and below 1".into(),
        });
    }
    let class_of_row: Vec<usize> = match data.classes() {
        Some(y) => y.to_vec(),
        None => vec![0; data.n_samples()],
    };
    // As scikit-learn's `ceil(test_size · n)`: an empty training part is refused by
    // the split itself, first, as scikit-learn does.
    let n_rows = class_of_row.len();
    let n_test = (config.test_size * n_rows as f64).ceil() as usize;
    if config.test_size > 0.0 && !regression && n_test < n_rows {
        // scikit-learn's stratified split refuses a class of one row, naming it by
        // its index; here by its name, with what to change. (Classes with no rows
        // are not in the labels scikit-learn sees.)
        let mut counts = vec![0usize; n_classes];
        for &c in &class_of_row {
            if let Some(n) = counts.get_mut(c) {
                *n += 1;
            }
        }
        let lone: Vec<String> = counts
            .iter()
            .zip(data.class_names())
            .filter(|&(&n, _)| n == 1)
            .map(|(_, name)| format!("“{name}”"))
            .collect();
        if !lone.is_empty() {
            return Err(Error::InvalidParam {
                name: "test_size".into(),
                value: crate::numfmt::fmt_value(config.test_size),
                reason: format!(
                    "the test split keeps every class's share, so each class needs at least 2 rows, \
                     but {} {} only 1: set the test fraction to 0, or drop or merge {}",
                    lone.join(", "),
                    if lone.len() == 1 { "has" } else { "have" },
                    if lone.len() == 1 {
                        "that class"
                    } else {
                        "those classes"
                    },
                ),
            });
        }
    }
    let (train_idx, test_idx) = if config.test_size > 0.0 {
        train_test_split(
            &class_of_row,
            config.test_size,
            !regression,
            config.test_seed,
        )?
    } else {
        ((0..data.n_samples()).collect_vec(), Vec::new())
    };
    let target_trainval = Truth::pick(&data.target, &train_idx);
    let trainval = match target_trainval {
        Truth::Classes(y) => data::Target::Classes {
            y,
            names: data.class_names().to_vec(),
        },
        Truth::Values(y) => data::Target::Values { y },
    };
    let split = match &trainval {
        // scikit-learn's cv=k: StratifiedKFold for a classifier, KFold for a regressor.
        data::Target::Classes { y, .. } => config.cv.split(y),
        data::Target::Values { y } => kfold(
            y.len(),
            config.cv.k,
            config.cv.shuffle.then_some(config.cv.seed),
        ),
    };
    let stratified = matches!(trainval, data::Target::Classes { .. }) && config.cv.stratified;
    // The largest class bounds a stratified split's folds; with k < 2 folds, or plain
    // folds, it is beside the point.
    let largest = |k: usize| {
        if stratified && k >= 2 {
            largest_class(&trainval)
        } else {
            String::new()
        }
    };
    let folds: Vec<Fold> = split.map_err(|e| match e {
        // Say that the folds cut what is left after the hold-out, not all rows.
        Error::InvalidSplit { k, n_samples, reason } if !test_idx.is_empty() => Error::InvalidSplit {
            k,
            n_samples,
            reason: format!(
                "{reason}{} (these are the {n_samples} rows left for cross-validation after holding out {} of {} for the test split){}",
                largest(k),
                test_idx.len(),
                data.n_samples(),
                fold_remedy(&trainval, stratified, k, true)
            ),
        },
        Error::InvalidSplit { k, n_samples, reason } => match data.regression_hint() {
            Some(hint) => Error::InvalidSplit { k, n_samples, reason: format!("{reason}; {hint}") },
            None => Error::InvalidSplit {
                k,
                n_samples,
                reason: format!(
                    "{reason}{}{}",
                    largest(k),
                    fold_remedy(&trainval, stratified, k, false)
                ),
            },
        },
        other => other,
    })?;

    Ok(Setup {
        candidates,
        scorers,
        regression,
        n_classes,
        train_idx,
        test_idx,
        trainval,
        folds,
    })
}
