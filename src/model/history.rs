//! The record of an optimisation: objective per iteration and parameter snapshots,
//! thinned to a bounded number of points, and how the run ended.

use serde::Serialize;

/// How an optimisation ended.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Outcome {
    /// The largest entry of the (pseudo-)gradient fell below `tol`.
    Converged {
        /// Iteration at which the test passed.
        iteration: usize,
    },
    /// `max_iter` iterations ran without meeting the tolerance: the run stopped
    /// before converging (for a teaching optimiser, typically a learning rate too
    /// small for the iterations allowed).
    MaxIter {
        /// Iterations run.
        iteration: usize,
        /// Largest entry of the (pseudo-)gradient at the end.
        gradient: f64,
    },
    /// The line search could not decrease the objective any further in floating
    /// point before the tolerance was met.
    Stalled {
        /// Iteration at which it stopped.
        iteration: usize,
        /// Largest entry of the (pseudo-)gradient at the end.
        gradient: f64,
    },
    /// The objective went up and down without net progress: over the last
    /// `window` iterations (see [`oscillation_window`]) it went below its best
    /// before them by less than 1 % of how far it bounced within them, while the
    /// gradient is still above `tol`. A fixed learning rate too large; the run
    /// still has parameters to score.
    Oscillating {
        /// Iterations run.
        iteration: usize,
        /// Iterations at the end over which there was no net progress.
        window: usize,
        /// Largest entry of the (pseudo-)gradient at the end.
        gradient: f64,
        /// Lowest objective in the window.
        low: f64,
        /// Highest objective in the window.
        high: f64,
    },
    /// The objective became non-finite or exploded (a learning rate too large).
    Diverged {
        /// Iteration at which it happened.
        iteration: usize,
        /// What was seen.
        reason: String,
    },
}

impl Outcome {
    /// Whether the run met its tolerance.
    pub fn is_converged(&self) -> bool {
        matches!(self, Outcome::Converged { .. })
    }

    /// Whether the run diverged (its parameters are then meaningless).
    pub fn is_diverged(&self) -> bool {
        matches!(self, Outcome::Diverged { .. })
    }

    /// Whether the run oscillated without progress (see [`Outcome::Oscillating`]).
    pub fn is_oscillating(&self) -> bool {
        matches!(self, Outcome::Oscillating { .. })
    }

    /// The short tag of this outcome, as serialised in `status`: `converged`,
    /// `max_iter`, `stalled`, `oscillating` or `diverged`.
    pub fn tag(&self) -> &'static str {
        match self {
            Outcome::Converged { .. } => "converged",
            Outcome::MaxIter { .. } => "max_iter",
            Outcome::Stalled { .. } => "stalled",
            Outcome::Oscillating { .. } => "oscillating",
            Outcome::Diverged { .. } => "diverged",
        }
    }

    /// How a run that used all `max_iter` iterations ended, given the largest
    /// entry of its final (pseudo-)gradient.
    pub(crate) fn after_max_iter(max_iter: usize, gradient: f64, tol: f64) -> Outcome {
        if gradient <= tol {
            Outcome::Converged {
                iteration: max_iter,
            }
        } else {
            Outcome::MaxIter {
                iteration: max_iter,
                gradient,
            }
        }
    }

    /// A one-line description for tables and messages.
    pub fn describe(&self) -> String {
        match self {
            Outcome::Converged { iteration } => format!("converged after {iteration} iterations"),
            Outcome::MaxIter {
                iteration,
                gradient,
            } => {
                format!(
                    "stopped at max_iter = {iteration} before converging (gradient {gradient:.1e})"
                )
            }
            Outcome::Oscillating {
                window, low, high, ..
            } => format!(
                "oscillating: the objective has not decreased over the last {window} iterations \
                 (it went up and down between {} and {}) — learning rate too large?",
                short(*low),
                short(*high)
            ),
            Outcome::Stalled {
                iteration,
                gradient,
            } => {
                format!("line search stalled at iteration {iteration} (gradient {gradient:.1e})")
            }
            Outcome::Diverged { iteration, reason } => {
                format!("diverged at iteration {iteration}: {reason}")
            }
        }
    }
}

/// The window of [`Outcome::Oscillating`] for a run of `iterations` iterations: the
/// last 20 % of them, at least 10. Runs shorter than two windows (20 iterations) are
/// never called oscillating: there is too little to judge by.
pub fn oscillation_window(iterations: usize) -> usize {
    (iterations / 5).max(10)
}

/// Watches the objective of a run of at most `max_iter` iterations, to tell one
/// that bounces without net progress from one that descends slowly: it keeps the
/// last [`oscillation_window`] values and the lowest value before them.
#[derive(Debug, Clone)]
pub(crate) struct ProgressWatch {
    window: usize,
    recent: std::collections::VecDeque<f64>,
    best_before: f64,
    start: f64,
    seen: usize,
}

impl ProgressWatch {
    /// A watch for a run of `max_iter` iterations starting at objective `start`.
    pub(crate) fn new(start: f64, max_iter: usize) -> Self {
        let window = oscillation_window(max_iter);
        ProgressWatch {
            window,
            recent: std::collections::VecDeque::with_capacity(window + 1),
            best_before: if start.is_nan() { f64::INFINITY } else { start },
            start,
            seen: 0,
        }
    }

    /// Offers the objective after the next iteration.
    pub(crate) fn offer(&mut self, objective: f64) {
        self.seen += 1;
        if !self.start.is_finite() {
            self.start = objective;
        }
        self.recent.push_back(objective);
        if self.recent.len() > self.window
            && let Some(old) = self.recent.pop_front()
        {
            self.best_before = self.best_before.min(old);
        }
    }

    /// How a run that ended after the values offered, with a largest
    /// (pseudo-)gradient entry `gradient` above its tolerance, ended:
    /// [`Outcome::Oscillating`] when over the last window the objective went up and
    /// down by at least 2 % of all it had descended from its start (so the ripples
    /// of a momentum run settling into the optimum do not count), yet its lowest
    /// value there is below the best before the window by less than 1 % of that
    /// span; else `fallback`.
    pub(crate) fn judge(&self, gradient: f64, fallback: Outcome) -> Outcome {
        if self.seen < 2 * self.window || self.recent.len() < self.window {
            return fallback;
        }
        let low = self.recent.iter().copied().fold(f64::INFINITY, f64::min);
        let high = self
            .recent
            .iter()
            .copied()
            .fold(f64::NEG_INFINITY, f64::max);
        let span = high - low;
        let progress = self.best_before - low;
        let descent = (self.start - low).max(0.0);
        let bounces = span > 0.02 * descent && span > 1e-9 * low.abs().max(1e-12);
        if span.is_finite() && bounces && progress < 0.01 * span {
            Outcome::Oscillating {
                iteration: self.seen,
                window: self.window,
                gradient,
                low,
                high,
            }
        } else {
            fallback
        }
    }
}

/// A number in four significant digits, without trailing zeros.
fn short(v: f64) -> String {
    if v != 0.0 && (v.abs() >= 1e5 || v.abs() < 1e-3) {
        format!("{v:.3e}")
    } else {
        let digits = (3 - v.abs().log10().floor().max(-3.0) as i32).clamp(0, 6) as usize;
        let t = format!("{v:.digits$}");
        if t.contains('.') {
            t.trim_end_matches('0').trim_end_matches('.').to_string()
        } else {
            t
        }
    }
}

/// Parameters at one iteration: the flat vector `θ` (weights row by row, then
/// intercepts).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Snapshot {
    /// The iteration (0 = the starting point).
    pub iteration: usize,
    /// The flat parameter vector at that iteration.
    pub theta: Vec<f64>,
}

/// The optimisation path, thinned to at most `history_points` entries: every
/// iteration is offered, and whenever the buffer is full every other entry is
/// dropped and the stride doubles, so the points stay evenly spread. The last
/// iteration is always kept.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct History {
    /// Iteration of each entry.
    pub iteration: Vec<usize>,
    /// Per-sample objective `data_loss + penalty` at each entry.
    pub objective: Vec<f64>,
    /// Mean log loss at each entry.
    pub data_loss: Vec<f64>,
    /// Penalty divided by `C·n` at each entry.
    pub penalty: Vec<f64>,
    /// Parameters at each entry.
    pub snapshots: Vec<Snapshot>,
}

/// Builds a [`History`] with bounded size.
#[derive(Debug)]
pub(crate) struct Recorder {
    capacity: usize,
    stride: usize,
    history: History,
    last: Option<(usize, f64, f64, Vec<f64>)>,
}

impl Recorder {
    /// A recorder keeping at most `capacity` (≥ 2) entries.
    pub(crate) fn new(capacity: usize) -> Self {
        Recorder {
            capacity: capacity.max(2),
            stride: 1,
            history: History::default(),
            last: None,
        }
    }

    /// Offers the state after `iteration`.
    pub(crate) fn record(&mut self, iteration: usize, data_loss: f64, penalty: f64, theta: &[f64]) {
        if iteration % self.stride == 0 {
            let h = &mut self.history;
            h.iteration.push(iteration);
            h.objective.push(data_loss + penalty);
            h.data_loss.push(data_loss);
            h.penalty.push(penalty);
            h.snapshots.push(Snapshot {
                iteration,
                theta: theta.to_vec(),
            });
            self.last = None;
            // Leave room for the final entry.
            if h.iteration.len() >= self.capacity {
                self.halve();
                // Halving may drop the entry just added; keep it as the last seen.
                if self.history.iteration.last() != Some(&iteration) {
                    self.last = Some((iteration, data_loss, penalty, theta.to_vec()));
                }
            }
        } else {
            self.last = Some((iteration, data_loss, penalty, theta.to_vec()));
        }
    }

    fn halve(&mut self) {
        self.stride *= 2;
        let h = &mut self.history;
        keep(&mut h.iteration);
        keep(&mut h.objective);
        keep(&mut h.data_loss);
        keep(&mut h.penalty);
        keep(&mut h.snapshots);
    }

    /// The history, with the last offered state appended if it was skipped.
    pub(crate) fn finish(mut self) -> History {
        if let Some((iteration, data_loss, penalty, theta)) = self.last.take() {
            let h = &mut self.history;
            h.iteration.push(iteration);
            h.objective.push(data_loss + penalty);
            h.data_loss.push(data_loss);
            h.penalty.push(penalty);
            h.snapshots.push(Snapshot { iteration, theta });
        }
        self.history
    }
}

/// Keeps the entries at even positions.
fn keep<T>(v: &mut Vec<T>) {
    let mut i = 0;
    v.retain(|_| {
        i += 1;
        (i - 1) % 2 == 0
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recorder_thins_evenly_and_keeps_the_last_point() {
        let mut r = Recorder::new(10);
        for i in 0..=1000 {
            r.record(i, i as f64, 0.0, &[i as f64]);
        }
        let h = r.finish();
        assert!(h.iteration.len() <= 11, "{:?}", h.iteration);
        assert_eq!(h.iteration.first(), Some(&0));
        assert_eq!(h.iteration.last(), Some(&1000));
        let gaps: Vec<usize> = h.iteration.windows(2).map(|w| w[1] - w[0]).collect();
        let first_gap = gaps[0];
        assert!(
            gaps[..gaps.len() - 1].iter().all(|&g| g == first_gap),
            "{gaps:?}"
        );
        assert_eq!(h.snapshots.last().map(|s| s.theta[0]), Some(1000.0));
    }

    #[test]
    fn the_last_iteration_survives_a_halving() {
        for (capacity, last) in [(200, 199), (2, 1), (10, 9), (10, 37)] {
            let mut r = Recorder::new(capacity);
            for i in 0..=last {
                r.record(i, i as f64, 0.0, &[i as f64]);
            }
            let h = r.finish();
            assert_eq!(
                h.iteration.last(),
                Some(&last),
                "capacity {capacity}: {:?}",
                h.iteration
            );
            assert!(h.iteration.len() <= capacity + 1);
        }
    }

    #[test]
    fn short_runs_keep_every_point() {
        let mut r = Recorder::new(200);
        for i in 0..5 {
            r.record(i, 1.0, 0.5, &[]);
        }
        let h = r.finish();
        assert_eq!(h.iteration, [0, 1, 2, 3, 4]);
        assert_eq!(h.objective, [1.5; 5]);
    }
}
