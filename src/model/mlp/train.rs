//! Training: the epoch loop and its stopping rule, and the optimisers (`adam`,
//! `sgd` and the full-batch teaching variants) that take each step.

use ndarray::ArrayView2;
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_pcg::Pcg64Mcg;

use super::fitted::FittedMlp;
use super::net::{MlpWeights, Net, Shape, Workspace, check_data, check_shape, shape_error};
use super::params::{MlpParams, MlpSolver, MlpTarget, ValidMlpParams};
use super::rows::RowSource;
use crate::error::{Error, Result};
use crate::model;
use crate::model::Affine;
use crate::model::history::{Outcome, ProgressWatch, Recorder};
use crate::model::objective::max_abs;

/// The loss has exploded when it exceeds the first epoch's (at least 1) by this factor.
const EXPLOSION: f64 = 1e6;
/// Adam's moment decay rates and ε (scikit-learn's defaults).
const ADAM_BETA1: f64 = 0.9;
const ADAM_BETA2: f64 = 0.999;
const ADAM_EPS: f64 = 1e-8;
/// scikit-learn's `batch_size="auto"` is `min(200, n_samples)`.
const AUTO_BATCH: usize = 200;

impl ValidMlpParams {
    /// The checked parameters.
    pub fn params(&self) -> &MlpParams {
        &self.0
    }

    /// Trains a network on `x` (`n_samples × n_features`) for `target`. Errs when
    /// the data is empty, not finite, or does not match the target.
    pub fn fit(&self, x: ArrayView2<f64>, target: &MlpTarget) -> Result<FittedMlp> {
        self.train_matrix(x, target, None)
    }

    /// Trains a network on the rows `rows` of `x` (the whole data set), standardised
    /// by `affine` as they are read, for `target` (the training rows' targets, in the
    /// order of `rows`): the network [`ValidMlpParams::fit`] trains on the matrix of
    /// those rows, bit for bit, without that matrix where the solver takes
    /// mini-batches (a full-batch solver reads every row in every epoch and gathers
    /// them once).
    ///
    /// # Errors
    /// As [`ValidMlpParams::fit`]; [`Error::Shape`] when a row is past `x`'s.
    pub fn fit_rows(
        &self,
        x: ArrayView2<f64>,
        rows: &[usize],
        affine: Option<Affine>,
        target: &MlpTarget,
    ) -> Result<FittedMlp> {
        // The data set's rows where they are (a loaded set is row-major), else one
        // row-major copy of it.
        let x_rows = x.as_standard_layout();
        let Some(xs) = x_rows.as_slice() else {
            return Err(Error::Shape(
                "the data set's rows are not contiguous".into(),
            ));
        };
        let source = RowSource::Indexed {
            x: xs,
            width: x.ncols(),
            rows,
            affine,
        };
        check_shape((source.len(), source.width()), target, source.width())?;
        if rows.iter().any(|&r| r >= x.nrows()) {
            return Err(Error::Shape(format!(
                "a training row is past the data set's {} rows",
                x.nrows()
            )));
        }
        if !source.all_finite() {
            return Err(Error::InvalidData(
                "x holds a value that is not a finite number".into(),
            ));
        }
        self.train(source, target, None)
    }

    /// Trains from the given weights instead of a random start (the random
    /// generator then only shuffles); for parity tests against scikit-learn.
    #[cfg_attr(not(test), allow(dead_code))]
    pub(crate) fn fit_from(
        &self,
        x: ArrayView2<f64>,
        target: &MlpTarget,
        start: &MlpWeights,
    ) -> Result<FittedMlp> {
        self.train_matrix(x, target, Some(start))
    }

    /// [`ValidMlpParams::train`] on the rows of the matrix `x`.
    fn train_matrix(
        &self,
        x: ArrayView2<f64>,
        target: &MlpTarget,
        start: Option<&MlpWeights>,
    ) -> Result<FittedMlp> {
        check_data(x, target, x.ncols())?;
        // The rows of `x` row-major: `x` itself where it is (a fold's prepared matrix
        // is), else one copy.
        let rows = x.as_standard_layout();
        let Some(flat) = rows.as_slice() else {
            return Err(Error::Shape("the rows of x are not contiguous".into()));
        };
        let source = RowSource::Matrix {
            x: flat,
            width: x.ncols(),
        };
        self.train(source, target, start)
    }

    /// Trains on checked rows (as many as `target` has, finite, at least one
    /// feature).
    fn train(
        &self,
        source: RowSource,
        target: &MlpTarget,
        start: Option<&MlpWeights>,
    ) -> Result<FittedMlp> {
        let p = &self.0;
        let kind = target.kind()?;
        let (n, f) = (source.len(), source.width());
        let shape = Shape::new(f, p.hidden_layer_sizes, target.n_outputs())?;
        let net = Net {
            shape,
            activation: p.activation,
            output: kind.output(),
        };
        let mut rng = Pcg64Mcg::seed_from_u64(p.random_state);
        let mut theta = match start {
            None => net.init(&mut rng),
            Some(w) if w.shape()? == shape => w.to_flat(),
            Some(w) => {
                return Err(Error::Shape(format!(
                    "starting weights for a {}-{}-{} network, but the data and parameters \
                     call for {}-{}-{}",
                    w.coefs[0].nrows(),
                    w.coefs[0].ncols(),
                    w.intercepts[1].len(),
                    shape.f,
                    shape.h,
                    shape.o
                )));
            }
        };
        let y = target.flat_matrix();
        let o = shape.o;

        let batch = if p.solver.is_full_batch() {
            n
        } else {
            p.batch_size.unwrap_or(AUTO_BATCH).clamp(1, n)
        };
        // One batch's rows: the passes over all rows (the first loss, the last
        // gradient) go a batch at a time (`Net::evaluate`).
        let mut ws = Workspace::new(batch, shape);
        let mut grad = vec![0.0; shape.len];
        let mut optimizer = Optimizer::new(p, shape.len);
        let shuffle = p.shuffle && !p.solver.is_full_batch();
        let mut order: Vec<usize> = (0..n).collect();
        // Rows read through indices are gathered once where a batch is all of them
        // (a full-batch solver reads every row in every epoch).
        let gathered;
        let source = match source {
            RowSource::Indexed { .. } if batch >= n => {
                let mut all = Vec::new();
                if source.range(0, n, &mut all).is_none() {
                    return Err(Error::Shape("the training rows could not be read".into()));
                }
                gathered = all;
                RowSource::Matrix {
                    x: &gathered,
                    width: f,
                }
            }
            other => other,
        };
        let targets = RowSource::Matrix { x: &y, width: o };
        // A batch's rows of `x` and `y`: a slice of the matrix where they lie in order,
        // else gathered (in a shuffled epoch's order, or from the data set): the same
        // values, in the same order, as slicing a shuffled copy of the whole matrix,
        // which would hold all its rows a second time.
        let (mut xg, mut yg) = if shuffle {
            (vec![0.0; batch * f], vec![0.0; batch * o])
        } else {
            (Vec::new(), Vec::new())
        };

        let mut recorder = Recorder::new(p.history_points);
        let (start, _) = net.evaluate(&theta, &source, &y, p.alpha, &mut ws, None)?;
        recorder.record(0, start, net.penalty(&theta, p.alpha, n), &theta);

        let mut loss_curve = Vec::with_capacity(p.max_iter.min(10_000));
        // The full-batch teaching solvers' epoch losses, to tell a bouncing run.
        let mut watch = ProgressWatch::new(f64::INFINITY, p.max_iter);
        let mut best_loss = f64::INFINITY;
        let mut no_improvement = 0usize;
        let mut limit = f64::INFINITY;
        let mut outcome = None;
        let mut n_iter = 0;
        for epoch in 1..=p.max_iter {
            n_iter = epoch;
            if shuffle {
                order.shuffle(&mut rng);
            }
            let mut total = 0.0;
            let mut data = 0.0;
            let mut begin = 0;
            while begin < n {
                let end = (begin + batch).min(n);
                let rows = (end - begin) as f64;
                let which = &order[begin..end];
                let batch_rows = if shuffle {
                    source
                        .gather(which, &mut xg)
                        .zip(targets.gather(which, &mut yg))
                } else {
                    source
                        .range(begin, end, &mut xg)
                        .zip(y.get(begin * o..end * o))
                };
                let Some((xb, yb)) = batch_rows else {
                    return Err(Error::Shape(format!(
                        "rows {begin}..{end} are not in the data"
                    )));
                };
                let xb = ArrayView2::from_shape((end - begin, f), xb).map_err(shape_error)?;
                let (d, pen) = net.batch(&theta, xb, yb, p.alpha, &mut ws, Some(&mut grad))?;
                total += (d + pen) * rows;
                data += d * rows;
                optimizer.step(&mut theta, &grad);
                begin = end;
            }
            let loss = total / n as f64;
            loss_curve.push(loss);
            recorder.record(
                epoch,
                data / n as f64,
                net.penalty(&theta, p.alpha, n),
                &theta,
            );

            if epoch == 1 {
                limit = EXPLOSION * loss.max(1.0);
            }
            if !loss.is_finite() {
                outcome = Some(diverged(
                    epoch,
                    &format!("the loss became {loss}, not a finite number"),
                ));
                break;
            }
            if theta.iter().any(|t| !t.is_finite()) {
                outcome = Some(diverged(epoch, "a weight is no longer a finite number"));
                break;
            }
            if loss > limit {
                outcome = Some(diverged(
                    epoch,
                    &format!("the loss grew to {loss:.3e}, over a million times the first epoch's"),
                ));
                break;
            }
            // scikit-learn's `_update_no_improvement_count` without early stopping.
            if loss > best_loss - p.tol {
                no_improvement += 1;
            } else {
                no_improvement = 0;
            }
            if loss < best_loss {
                best_loss = loss;
            }
            watch.offer(loss);
            if no_improvement > p.n_iter_no_change {
                // A full-batch teaching solver whose loss rose above its best within
                // the window did not settle: it bounces.
                let window = p.n_iter_no_change + 1;
                let last = || loss_curve.iter().rev().take(window).copied();
                let high = last().fold(f64::NEG_INFINITY, f64::max);
                let low = last().fold(f64::INFINITY, f64::min);
                let rose = high > best_loss + p.tol.max(1e-9 * best_loss.abs());
                outcome = Some(if p.solver.is_full_batch() && rose {
                    net.evaluate(&theta, &source, &y, p.alpha, &mut ws, Some(&mut grad))?;
                    Outcome::Oscillating {
                        iteration: epoch,
                        window,
                        gradient: max_abs(&grad),
                        low,
                        high,
                    }
                } else {
                    Outcome::Converged { iteration: epoch }
                });
                break;
            }
        }
        let outcome = match outcome {
            Some(o) => o,
            None => {
                net.evaluate(&theta, &source, &y, p.alpha, &mut ws, Some(&mut grad))?;
                let gradient = max_abs(&grad);
                let stopped = Outcome::MaxIter {
                    iteration: n_iter,
                    gradient,
                };
                if p.solver.is_full_batch() {
                    watch.judge(gradient, stopped)
                } else {
                    stopped
                }
            }
        };
        Ok(FittedMlp {
            weights: MlpWeights::from_flat(shape, &theta)?,
            activation: p.activation,
            n_outputs: shape.o,
            kind,
            n_iter,
            outcome,
            history: recorder.finish(),
            loss_curve,
        })
    }
}

fn diverged(iteration: usize, seen: &str) -> Outcome {
    Outcome::Diverged {
        iteration,
        reason: format!("{seen}; try a smaller learning_rate_init"),
    }
}

/// Optimiser state: scikit-learn's `AdamOptimizer` and `SGDOptimizer` (constant
/// learning rate).
#[derive(Debug)]
enum Optimizer {
    Adam {
        lr: f64,
        t: i32,
        m: Vec<f64>,
        v: Vec<f64>,
    },
    Sgd {
        lr: f64,
        momentum: f64,
        nesterov: bool,
        velocity: Vec<f64>,
    },
}

impl Optimizer {
    fn new(p: &MlpParams, len: usize) -> Self {
        let lr = p.learning_rate_init;
        let sgd = |momentum: f64, nesterov: bool| Optimizer::Sgd {
            lr,
            momentum,
            nesterov,
            velocity: vec![0.0; len],
        };
        match p.solver {
            MlpSolver::Adam => Optimizer::Adam {
                lr,
                t: 0,
                m: vec![0.0; len],
                v: vec![0.0; len],
            },
            MlpSolver::Sgd => sgd(p.momentum, p.nesterovs_momentum),
            MlpSolver::Gd => sgd(0.0, false),
            MlpSolver::Momentum => sgd(p.momentum, false),
            MlpSolver::Nesterov => sgd(p.momentum, true),
        }
    }

    fn step(&mut self, theta: &mut [f64], grad: &[f64]) {
        match self {
            Optimizer::Adam { lr, t, m, v } => {
                *t = t.saturating_add(1);
                let lr_t = *lr * (1.0 - ADAM_BETA2.powi(*t)).sqrt() / (1.0 - ADAM_BETA1.powi(*t));
                for (((p, &g), m), v) in theta.iter_mut().zip(grad).zip(m).zip(v) {
                    *m = ADAM_BETA1 * *m + (1.0 - ADAM_BETA1) * g;
                    *v = ADAM_BETA2 * *v + (1.0 - ADAM_BETA2) * g * g;
                    *p -= lr_t * *m / (v.sqrt() + ADAM_EPS);
                }
            }
            Optimizer::Sgd {
                lr,
                momentum,
                nesterov,
                velocity,
            } => {
                for ((p, &g), vel) in theta.iter_mut().zip(grad).zip(velocity) {
                    *vel = *momentum * *vel - *lr * g;
                    let update = if *nesterov {
                        *momentum * *vel - *lr * g
                    } else {
                        *vel
                    };
                    *p += update;
                }
            }
        }
    }
}

impl ValidMlpParams {
    /// Fits to the estimator interface's [`Target`](model::Target).
    ///
    /// # Errors
    /// As [`ValidMlpParams::fit`].
    pub fn fit_target(&self, x: ArrayView2<f64>, target: model::Target) -> Result<FittedMlp> {
        let target = match target {
            model::Target::Classes { y, n_classes } => MlpTarget::Classes { y, n_classes },
            model::Target::Values(y) => MlpTarget::Values(y),
        };
        self.fit(x, &target)
    }

    /// [`ValidMlpParams::fit_rows`] with the estimator interface's
    /// [`Target`](model::Target), which holds the target of every row of `x`.
    ///
    /// # Errors
    /// As [`ValidMlpParams::fit_rows`].
    pub fn fit_target_rows(
        &self,
        x: ArrayView2<f64>,
        rows: &[usize],
        affine: Option<Affine>,
        target: model::Target,
    ) -> Result<FittedMlp> {
        let past = || {
            Error::Shape(format!(
                "a training row is past the {} targets",
                target.len()
            ))
        };
        match target {
            model::Target::Classes { y, n_classes } => {
                let y: Vec<usize> = rows
                    .iter()
                    .map(|&r| y.get(r).copied())
                    .collect::<Option<_>>()
                    .ok_or_else(past)?;
                self.fit_rows(x, rows, affine, &MlpTarget::Classes { y: &y, n_classes })
            }
            model::Target::Values(y) => {
                let y: Vec<f64> = rows
                    .iter()
                    .map(|&r| y.get(r).copied())
                    .collect::<Option<_>>()
                    .ok_or_else(past)?;
                self.fit_rows(x, rows, affine, &MlpTarget::Values(&y))
            }
        }
    }
}
