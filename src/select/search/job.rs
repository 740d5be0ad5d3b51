//! A search cut into independent work units, so that they can run on several
//! threads (natively) or in several Web Workers (in the page) and be put together
//! into the one [`SearchResult`] a single thread would have made.
//!
//! * [`Job::new`] checks the search and cuts the data (no fitting).
//! * [`Job::units`] lists the [`Unit`]s: one fold × one chain of candidates. A chain
//!   holds the candidates that differ only in the strength of regularisation (`C`
//!   of logistic regression, `alpha` of lasso and elastic net), visited from the
//!   strongest regularisation to the weakest so that each fit starts from its
//!   neighbour's solution (a warm start, as glmnet and scikit-learn's `*CV` path
//!   estimators do). A candidate in no chain is a unit of its own per fold.
//! * [`Job::run_unit`] fits one unit and returns its [`UnitOutcome`]: plain data
//!   (serde, NaN written as `null`), to post from a worker.
//! * [`Job::assemble`] puts the outcomes of every unit together, refits the best
//!   candidate and scores the test split.
//!
//! The units depend on the grid, the folds and [`SearchConfig::warm_start`] only,
//! never on how many threads run them, and each unit runs its fits in one fixed
//! order: every score is the same bit for bit on one thread or on many.
//!
//! ```
//! use tunelab::Dataset;
//! use tunelab::select::{Job, ParamGrid, SearchConfig};
//! let iris = Dataset::iris();
//! let config = SearchConfig::new(ParamGrid::parse(&["C=0.1,1,10"])?);
//! let job = Job::new(&iris, &config, || 0.0)?;
//! // One chain (C = 0.1 → 1 → 10) per fold.
//! assert_eq!(job.units().len(), 5);
//! let outcomes = (0..job.units().len())
//!     .map(|i| job.run_unit(i))
//!     .collect::<tunelab::Result<Vec<_>>>()?;
//! let result = job.assemble(outcomes)?;
//! assert_eq!(result.cv_results.n_candidates(), 3);
//! # Ok::<(), tunelab::Error>(())
//! ```

mod assemble;

use crate::collect::CollectVec;
use std::collections::BTreeMap;
use std::ops::Deref;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{
    Clock, Column, CvResults, PreparedFold, Progress, SearchConfig, SearchResult, Setup, Truth,
    mean_std, prepare, rank, score_all, score_rows, setup,
};
use crate::data::Dataset;
use crate::error::{Error, Result};
use crate::metrics::confusion_matrix;
use crate::model::{
    Estimator, FittedModel, FittedPipeline, ModelParams, ParamValue, Penalty, Pipeline, Prediction,
    ValidPipeline,
};
use crate::select::Candidate;

/// One piece of work: the candidates of one chain, fitted in this order on one fold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    /// The fold (index into the search's folds).
    pub fold: usize,
    /// Candidates (indices in grid order), in the order they are fitted.
    pub candidates: Vec<usize>,
    /// Whether each fit after the first starts from the previous one's solution.
    pub warm_start: bool,
}

/// What one fit of a unit gave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FitOutcome {
    /// The candidate (index in grid order).
    pub candidate: usize,
    /// Score on the fold's test part, one per scorer (the search's scorers, in
    /// order); NaN when the fit failed or a scorer could not score.
    #[serde(with = "nan_as_null")]
    pub test: Vec<f64>,
    /// Score on the fold's training part, one per scorer; NaN when not asked for.
    #[serde(with = "nan_as_null")]
    pub train: Vec<f64>,
    /// Seconds fitting.
    pub fit_time: f64,
    /// Seconds scoring the test part (as scikit-learn's `score_time`).
    pub score_time: f64,
    /// What went wrong or is worth knowing in this fold; the candidate's `fit_status`
    /// joins them over its folds, each said once with the folds that had it.
    pub notes: Vec<String>,
    /// Iterations the solver ran (`0` when the fit failed; `1` for a closed form).
    pub n_iter: usize,
}

/// What a unit gave: one [`FitOutcome`] per candidate, in the unit's order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UnitOutcome {
    /// The unit (index into [`Job::units`]).
    pub unit: usize,
    /// Its fold.
    pub fold: usize,
    /// Its fits.
    pub fits: Vec<FitOutcome>,
}

impl UnitOutcome {
    /// Iterations run by the unit's fits, summed.
    pub fn n_iter(&self) -> usize {
        self.fits.iter().map(|f| f.n_iter).sum()
    }
}

/// The data set a job reads: borrowed for one run ([`Job::new`]) or shared with
/// the session that keeps the job between a worker's messages ([`Job::shared`]).
/// Never copied: each unit reads its fold's rows from it by index.
enum DataRef<'a> {
    Borrowed(&'a Dataset),
    Shared(Arc<Dataset>),
}

impl Deref for DataRef<'_> {
    type Target = Dataset;

    fn deref(&self) -> &Dataset {
        match self {
            DataRef::Borrowed(d) => d,
            DataRef::Shared(d) => d,
        }
    }
}

/// A checked search, cut into units to run on any number of threads or workers:
/// [`Job::new`] checks it and cuts the data, [`Job::units`] lists the units (one fold
/// × one warm-start chain of candidates), [`Job::run_unit`] fits one, and
/// [`Job::assemble`] puts the outcomes together, the same bit for bit however many
/// ran them.
///
/// A job holds the data set by reference (or shares it), and the row indices of
/// the hold-out split and the folds: a unit cuts its fold's rows out (expanded and
/// scaled) when it starts and drops them when it ends, so a worker holds the data
/// once plus the fold it is fitting, however many units it runs. It can be kept
/// between a worker's messages and shared between threads.
pub struct Job<'a> {
    config: SearchConfig,
    clock: Clock,
    setup: Setup,
    data: DataRef<'a>,
    /// Each candidate's checked pipeline.
    pipes: Vec<ValidPipeline>,
    /// Each candidate's note before any fold's (`penalty=none ignores C`).
    lead_notes: Vec<Option<String>>,
    /// Each candidate's slot in `prepared`: its (degree, standardize).
    slot_of: Vec<usize>,
    /// Per slot, a pipeline with that expansion and scaler.
    slot_pipes: Vec<Pipeline>,
    units: Vec<Unit>,
}

impl std::fmt::Debug for Job<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Job")
            .field("candidates", &self.pipes.len())
            .field("folds", &self.setup.folds.len())
            .field("units", &self.units)
            .finish_non_exhaustive()
    }
}

/// The key of a candidate's chain — its grid values without the strength of
/// regularisation, every value tagged with its type — and where it sits on the path
/// (larger is weaker regularisation), or `None` when the candidate does not
/// warm-start. Candidates with the same key share everything else, as they share
/// the search's base settings.
fn chain_key(candidate: &Candidate, pipe: &ValidPipeline) -> Option<(String, f64)> {
    if !pipe.warm_starts() {
        return None;
    }
    let (strength, position) = match &pipe.params().model {
        ModelParams::LogisticRegression(p) => ("C", p.c),
        ModelParams::Linear(p) => ("alpha", -p.alpha),
        ModelParams::Mlp(..) => return None,
    };
    let mut key = String::new();
    for (name, value) in candidate.iter().filter(|(name, _)| *name != strength) {
        let tagged = match value {
            ParamValue::Num(v) => format!("{name}#{v};"),
            ParamValue::Bool(b) => format!("{name}?{b};"),
            ParamValue::Str(t) => format!("{name}={t};"),
        };
        key.push_str(&tagged);
    }
    Some((key, position))
}

impl<'a> Job<'a> {
    /// Checks the search as [`super::grid_search_with_clock`] does, cuts the hold-out
    /// split and the folds (as row indices), and lists the units; `clock` times the
    /// fits. The job borrows `data`.
    ///
    /// # Errors
    /// As [`super::plan`].
    pub fn new(data: &'a Dataset, config: &SearchConfig, clock: Clock) -> Result<Job<'a>> {
        Job::with_data(DataRef::Borrowed(data), config, clock)
    }

    /// As [`Job::new`], sharing `data` instead of borrowing it: a job to keep beside
    /// the data set, as the page's worker does between messages.
    ///
    /// # Errors
    /// As [`Job::new`].
    pub fn shared(data: Arc<Dataset>, config: &SearchConfig, clock: Clock) -> Result<Job<'a>> {
        Job::with_data(DataRef::Shared(data), config, clock)
    }

    fn with_data(data: DataRef<'a>, config: &SearchConfig, clock: Clock) -> Result<Job<'a>> {
        let setup = setup(&data, config)?;
        let pipes = setup
            .candidates
            .iter()
            .map(|(_, p)| p.check(data.n_features()))
            .collect::<Result<Vec<_>>>()?;

        // scikit-learn warns about this too: without a penalty, C changes nothing.
        let c_of = |p: &Pipeline| match &p.model {
            ModelParams::LogisticRegression(lr) => Some(lr.c.to_bits()),
            _ => None,
        };
        let varies_c = {
            let mut cs = setup.candidates.iter().map(|(_, p)| c_of(p));
            cs.next().is_some_and(|first| cs.any(|c| c != first))
        };
        let lead_notes = setup
            .candidates
            .iter()
            .map(|(_, pipe)| match &pipe.model {
                ModelParams::LogisticRegression(lr) if lr.penalty == Penalty::None && varies_c => {
                    Some("penalty=none ignores C (every C gives the same model)".to_string())
                }
                _ => None,
            })
            .collect_vec();

        let mut slot_keys: Vec<(usize, bool)> = Vec::new();
        let mut slot_pipes = Vec::new();
        let slot_of = setup
            .candidates
            .iter()
            .map(|(_, pipe)| {
                let key = (pipe.degree, pipe.standardize);
                match slot_keys.iter().position(|k| *k == key) {
                    Some(slot) => slot,
                    None => {
                        slot_keys.push(key);
                        slot_pipes.push(pipe.clone());
                        slot_keys.len() - 1
                    }
                }
            })
            .collect_vec();
        let k = setup.folds.len();

        // Chains, in grid order of their first candidate.
        let mut chains: Vec<Vec<(usize, f64)>> = Vec::new();
        let mut chain_of: BTreeMap<String, usize> = BTreeMap::new();
        for (ci, (pipe, (candidate, _))) in pipes.iter().zip(&setup.candidates).enumerate() {
            match chain_key(candidate, pipe).filter(|_| config.warm_start) {
                // Strongest regularisation first; equal strengths keep grid order.
                // (Inserting in order, not sorting afterwards: a sort would add
                // 8 KB to the wasm for lists this short.)
                Some((key, position)) => match chain_of.get(&key) {
                    Some(&chain) => {
                        let chain = &mut chains[chain];
                        let at = chain.partition_point(|(_, p)| p.total_cmp(&position).is_le());
                        chain.insert(at, (ci, position));
                    }
                    None => {
                        chain_of.insert(key, chains.len());
                        chains.push(vec![(ci, position)]);
                    }
                },
                None => chains.push(vec![(ci, 0.0)]),
            }
        }
        let mut units = Vec::with_capacity(chains.len() * k);
        for chain in chains {
            let candidates: Vec<usize> = chain.into_iter().map(|(ci, _)| ci).collect_vec();
            for fold in 0..k {
                units.push(Unit {
                    fold,
                    candidates: candidates.clone(),
                    warm_start: candidates.len() > 1,
                });
            }
        }
        Ok(Job {
            config: config.clone(),
            clock,
            setup,
            data,
            pipes,
            lead_notes,
            slot_of,
            slot_pipes,
            units,
        })
    }

    /// The units, in a fixed order that does not depend on how they are run.
    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    /// Fits planned: candidates × folds, plus the refit of the best.
    pub fn total_fits(&self) -> usize {
        self.pipes.len() * self.setup.folds.len() + 1
    }

    /// The fold's features for candidates in `slot`: its rows cut out of the data
    /// set by index, expanded and scaled as the slot's pipeline says.
    fn fold(&self, slot: usize, fold: usize) -> Result<PreparedFold> {
        let (Some(pipe), Some(f)) = (self.slot_pipes.get(slot), self.setup.folds.get(fold)) else {
            return Err(Error::InvalidData(format!("the search has no fold {fold}")));
        };
        // The folds index the rows kept for cross-validation; the data set, all rows.
        let kept = &self.setup.train_idx;
        let rows = |part: &[usize]| {
            part.iter()
                .filter_map(|&i| kept.get(i).copied())
                .collect_vec()
        };
        prepare(
            pipe,
            self.data.x.view(),
            &self.data.target,
            self.setup.n_classes,
            (&rows(&f.train), &rows(&f.test)),
            // A model that reads its training rows from the data set, scaled as it
            // reads them, needs no matrix of them.
            !pipe.fits_on_rows(),
        )
    }

    /// Fits unit `i` and scores its fits.
    ///
    /// # Errors
    /// [`Error::InvalidData`] when there is no unit `i`. A fit that fails is not an
    /// error: it scores NaN and says why in its notes.
    pub fn run_unit(&self, i: usize) -> Result<UnitOutcome> {
        self.run_unit_with(i, &mut || true)
    }

    /// As [`Job::run_unit`], calling `after_fit` after every fit; when it returns
    /// `false` the unit stops with [`Error::Cancelled`] (counting this unit's fits).
    ///
    /// # Errors
    /// As [`Job::run_unit`], and [`Error::Cancelled`].
    pub fn run_unit_with(
        &self,
        i: usize,
        after_fit: &mut dyn FnMut() -> bool,
    ) -> Result<UnitOutcome> {
        let unit = self
            .units
            .get(i)
            .ok_or_else(|| Error::InvalidData(format!("the search has no unit {i}")))?;
        let fi = unit.fold;
        let n_classes = self.setup.n_classes;
        let n_s = self.setup.scorers.len();
        let clock = self.clock;
        let mut fits = Vec::with_capacity(unit.candidates.len());
        let mut start: Option<FittedModel> = None;
        let mut prepared: Option<(usize, PreparedFold)> = None;
        for &ci in &unit.candidates {
            let (Some(valid), Some(&slot)) = (self.pipes.get(ci), self.slot_of.get(ci)) else {
                return Err(Error::InvalidData(format!(
                    "the search has no candidate {ci}"
                )));
            };
            // A chain's candidates share their pipeline's transformers, so a unit
            // prepares its fold once.
            let fold = match &mut prepared {
                Some((s, fold)) if *s == slot => fold,
                cached => &cached.insert((slot, self.fold(slot, fi)?)).1,
            };
            let mut notes = Vec::new();
            let mut test = vec![f64::NAN; n_s];
            let mut train = vec![f64::NAN; n_s];
            let warm = if unit.warm_start { start.take() } else { None };
            let t0 = clock();
            let fitted = match &fold.x_train {
                Some(x) => {
                    valid.fit_model_warm(x.view(), fold.y_train.view(n_classes), warm.as_ref())
                }
                None => valid
                    .fit_model_warm_on_rows(
                        self.data.x.view(),
                        self.data.target.for_model(n_classes),
                        &fold.train_rows,
                        fold.scaler.as_ref(),
                        warm.as_ref(),
                    )
                    .unwrap_or_else(|| {
                        Err(Error::InvalidData(
                            "this model fits on a matrix of the fold's rows".into(),
                        ))
                    }),
            };
            let t1 = clock();
            let mut t2 = t1;
            let mut n_iter = 0;
            match fitted {
                Ok(model) if !model.outcome().is_diverged() => {
                    n_iter = model.n_iter();
                    let mut why = Vec::new();
                    test = score_all(
                        &model,
                        fold.x_test.view(),
                        &fold.y_test,
                        &self.setup.scorers,
                        fold.unseen,
                        &mut why,
                    );
                    t2 = clock();
                    if self.config.return_train_score {
                        let scorers = &self.setup.scorers;
                        train = match &fold.x_train {
                            Some(x) => score_all(
                                &model,
                                x.view(),
                                &fold.y_train,
                                scorers,
                                fold.unseen,
                                &mut why,
                            ),
                            None => score_rows(
                                &model,
                                (fold.poly.as_ref(), fold.scaler.as_ref()),
                                self.data.x.view(),
                                &fold.train_rows,
                                &fold.y_train,
                                scorers,
                                fold.unseen,
                                &mut why,
                            ),
                        };
                    }
                    if fold.unseen {
                        why.push(
                            "a class has no rows in the training part (probability scores are NaN)"
                                .into(),
                        );
                    }
                    why.dedup();
                    notes.extend(why);
                    // Any fit that did not converge says how it ended: stopped at
                    // max_iter before converging, stalled, or oscillating (which
                    // still scores, unlike a diverged fit).
                    if model.outcome().is_converged() {
                        start = Some(model);
                    } else {
                        notes.push(model.outcome().describe());
                    }
                }
                Ok(model) => {
                    n_iter = model.n_iter();
                    notes.push(model.outcome().describe());
                }
                Err(e) => notes.push(format!("fit failed: {e}")),
            }
            fits.push(FitOutcome {
                candidate: ci,
                test,
                train,
                fit_time: t1 - t0,
                // As scikit-learn: the time to score the test part only.
                score_time: t2 - t1,
                notes,
                n_iter,
            });
            if !after_fit() {
                return Err(Error::Cancelled {
                    done: fits.len(),
                    total: self.total_fits(),
                });
            }
        }
        Ok(UnitOutcome {
            unit: i,
            fold: fi,
            fits,
        })
    }

    /// Runs every unit in order on this thread, then [`Job::assemble`]s them.
    /// `progress` is called after every fit; returning `false` cancels the search
    /// with [`Error::Cancelled`].
    ///
    /// # Errors
    /// As [`Job::assemble`], and [`Error::Cancelled`].
    pub fn run(&self, progress: &mut dyn FnMut(Progress) -> bool) -> Result<SearchResult> {
        let total = self.total_fits();
        let mut done = 0;
        let mut outcomes = Vec::with_capacity(self.units.len());
        for i in 0..self.units.len() {
            let outcome = self.run_unit_with(i, &mut || {
                done += 1;
                progress(Progress { done, total })
            });
            match outcome {
                Ok(o) => outcomes.push(o),
                Err(Error::Cancelled { .. }) => return Err(Error::Cancelled { done, total }),
                Err(e) => return Err(e),
            }
        }
        let result = self.assemble(outcomes)?;
        progress(Progress { done: total, total });
        Ok(result)
    }

    /// Runs the units on `threads` threads (at least one), then assembles them on
    /// this one. `progress` is called here after every fit, whichever thread made
    /// it; returning `false` stops every thread after its current fit, with
    /// [`Error::Cancelled`]. The result is the same bit for bit (times apart) for
    /// any number of threads.
    ///
    /// # Errors
    /// As [`Job::run`]; when units fail otherwise than by cancelling, the error of
    /// the first of them.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn run_parallel(
        &self,
        threads: usize,
        progress: &mut dyn FnMut(Progress) -> bool,
    ) -> Result<SearchResult> {
        use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
        use std::sync::mpsc;

        let n = self.units.len();
        let threads = threads.min(n);
        if threads <= 1 {
            return self.run(progress);
        }
        enum Message {
            Fit,
            Unit(usize, Result<UnitOutcome>),
        }
        let total = self.total_fits();
        let next = AtomicUsize::new(0);
        let stop = AtomicBool::new(false);
        let mut done = 0;
        let mut cancelled = false;
        let mut slots: Vec<Option<UnitOutcome>> = vec![None; n];
        let mut failure: Option<(usize, Error)> = None;
        std::thread::scope(|scope| {
            let (tx, rx) = mpsc::channel();
            for _ in 0..threads {
                let tx = tx.clone();
                let (next, stop) = (&next, &stop);
                scope.spawn(move || {
                    while !stop.load(Ordering::Relaxed) {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= n {
                            break;
                        }
                        let outcome = self.run_unit_with(i, &mut || {
                            // The receiver outlives every sender (it drains them all).
                            let _ = tx.send(Message::Fit);
                            !stop.load(Ordering::Relaxed)
                        });
                        if tx.send(Message::Unit(i, outcome)).is_err() {
                            break;
                        }
                    }
                });
            }
            drop(tx);
            for message in rx {
                match message {
                    Message::Fit => {
                        done += 1;
                        if !cancelled && !progress(Progress { done, total }) {
                            cancelled = true;
                            stop.store(true, Ordering::Relaxed);
                        }
                    }
                    Message::Unit(i, Ok(outcome)) => {
                        if let Some(slot) = slots.get_mut(i) {
                            *slot = Some(outcome);
                        }
                    }
                    Message::Unit(_, Err(Error::Cancelled { .. })) => {}
                    Message::Unit(i, Err(e)) => {
                        stop.store(true, Ordering::Relaxed);
                        if failure.as_ref().is_none_or(|(j, _)| i < *j) {
                            failure = Some((i, e));
                        }
                    }
                }
            }
        });
        if cancelled {
            return Err(Error::Cancelled { done, total });
        }
        if let Some((_, e)) = failure {
            return Err(e);
        }
        let outcomes = slots.into_iter().flatten().collect_vec();
        let result = self.assemble(outcomes)?;
        progress(Progress { done: total, total });
        Ok(result)
    }
}

/// Serde for score lists with NaN (a failed fit): JSON has no NaN, so it is written
/// as `null` and read back as NaN; every other value round-trips exactly.
mod nan_as_null {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::collect::CollectVec;

    pub(super) fn serialize<S: Serializer>(v: &[f64], s: S) -> Result<S::Ok, S::Error> {
        v.iter()
            .map(|x| (!x.is_nan()).then_some(*x))
            .collect_vec()
            .serialize(s)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<f64>, D::Error> {
        Ok(Vec::<Option<f64>>::deserialize(d)?
            .into_iter()
            .map(|x| x.unwrap_or(f64::NAN))
            .collect_vec())
    }
}
