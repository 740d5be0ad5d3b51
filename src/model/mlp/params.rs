//! The network's hyperparameters ([`MlpParams`], with the [`Activation`] and the
//! [`MlpSolver`]) and what it learns ([`MlpTarget`], [`MlpKind`]).

use crate::math;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::net::OutputActivation;
use crate::error::{Error, Result};
use crate::model;
use crate::model::objective::sigmoid;

/// The hidden layer's activation function (scikit-learn's `activation`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Activation {
    /// `f(z) = z`.
    Identity,
    /// `f(z) = 1 / (1 + exp(−z))`.
    Logistic,
    /// `f(z) = tanh(z)`.
    Tanh,
    /// `f(z) = max(0, z)`.
    Relu,
}

impl Activation {
    /// All activations, in scikit-learn's order.
    pub const ALL: [Activation; 4] = [
        Activation::Identity,
        Activation::Logistic,
        Activation::Tanh,
        Activation::Relu,
    ];

    /// scikit-learn's spelling.
    pub fn name(self) -> &'static str {
        match self {
            Activation::Identity => "identity",
            Activation::Logistic => "logistic",
            Activation::Tanh => "tanh",
            Activation::Relu => "relu",
        }
    }

    /// The activation of a pre-activation value `z`.
    pub fn apply(self, z: f64) -> f64 {
        match self {
            Activation::Identity => z,
            Activation::Logistic => sigmoid(z),
            Activation::Tanh => math::tanh(z),
            // `z < 0` is false for NaN, so NaN passes through as with `np.maximum`.
            Activation::Relu => {
                if z < 0.0 {
                    0.0
                } else {
                    z
                }
            }
        }
    }

    /// The derivative written in terms of the activation value `a = f(z)`, as
    /// scikit-learn's `DERIVATIVES`: `a(1 − a)`, `1 − a²`, and for relu 0 where
    /// `a == 0`, 1 elsewhere.
    pub fn derivative(self, a: f64) -> f64 {
        match self {
            Activation::Identity => 1.0,
            Activation::Logistic => a * (1.0 - a),
            Activation::Tanh => 1.0 - a * a,
            Activation::Relu => {
                if a == 0.0 {
                    0.0
                } else {
                    1.0
                }
            }
        }
    }
}

impl fmt::Display for Activation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Activation {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Activation::ALL
            .into_iter()
            .find(|a| a.name() == s)
            .ok_or_else(|| Error::InvalidParam {
                name: "activation".into(),
                value: s.into(),
                reason: "choose one of identity, logistic, tanh, relu".into(),
            })
    }
}

/// The optimiser of the network.
///
/// `adam` and `sgd` are scikit-learn's (`sgd` with `learning_rate="constant"`), on
/// mini-batches. `gd`, `momentum` and `nesterov` are teaching variants: one
/// full-batch step per epoch of scikit-learn's `SGDOptimizer` with, respectively,
/// no momentum, heavy-ball momentum, and Nesterov momentum (both with `momentum`;
/// `nesterovs_momentum` is ignored by them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MlpSolver {
    /// Adam (β₁ = 0.9, β₂ = 0.999, ε = 1e-8) on mini-batches; scikit-learn's default.
    Adam,
    /// Mini-batch SGD with a constant learning rate and `momentum`, Nesterov's if
    /// `nesterovs_momentum`.
    Sgd,
    /// Full-batch gradient descent: `θ ← θ − η·∇L`.
    Gd,
    /// Full-batch heavy ball: `v ← μ·v − η·∇L`, `θ ← θ + v`.
    Momentum,
    /// Full-batch Nesterov momentum in scikit-learn's form:
    /// `v ← μ·v − η·∇L`, `θ ← θ + μ·v − η·∇L`.
    Nesterov,
}

impl MlpSolver {
    /// All solvers, scikit-learn's first.
    pub const ALL: [MlpSolver; 5] = [
        MlpSolver::Adam,
        MlpSolver::Sgd,
        MlpSolver::Gd,
        MlpSolver::Momentum,
        MlpSolver::Nesterov,
    ];

    /// The solver's name as written in grids and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            MlpSolver::Adam => "adam",
            MlpSolver::Sgd => "sgd",
            MlpSolver::Gd => "gd",
            MlpSolver::Momentum => "momentum",
            MlpSolver::Nesterov => "nesterov",
        }
    }

    /// Whether the solver takes one full-batch step per epoch (`gd`, `momentum`,
    /// `nesterov`) rather than mini-batch steps.
    pub fn is_full_batch(self) -> bool {
        matches!(
            self,
            MlpSolver::Gd | MlpSolver::Momentum | MlpSolver::Nesterov
        )
    }
}

impl fmt::Display for MlpSolver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for MlpSolver {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        MlpSolver::ALL
            .into_iter()
            .find(|p| p.name() == s)
            .ok_or_else(|| Error::InvalidParam {
                name: "solver".into(),
                value: s.into(),
                reason: "choose one of adam, sgd, gd, momentum, nesterov".into(),
            })
    }
}

/// Hyperparameters of the network, with scikit-learn's names and defaults. Setters
/// never fail; [`MlpParams::check`] validates them all at once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MlpParams {
    /// Units in the one hidden layer, at least 1; defaults to `100`.
    pub hidden_layer_sizes: usize,
    /// The hidden layer's activation; defaults to `relu`.
    pub activation: Activation,
    /// Strength of the l2 penalty on the weights, `≥ 0`; defaults to `1e-4`.
    pub alpha: f64,
    /// The optimiser; defaults to `adam`.
    pub solver: MlpSolver,
    /// The (constant) step size, `> 0`; defaults to `1e-3`.
    pub learning_rate_init: f64,
    /// Rows per mini-batch (`None` = `min(200, n_samples)`, larger values are
    /// clipped to `n_samples`); ignored by the full-batch solvers; defaults to `None`.
    pub batch_size: Option<usize>,
    /// Momentum of `sgd`, `momentum` and `nesterov`, in `[0, 1)`; defaults to `0.9`.
    pub momentum: f64,
    /// Whether `sgd` uses Nesterov's momentum; defaults to `true`.
    pub nesterovs_momentum: bool,
    /// Most epochs; defaults to `200`.
    pub max_iter: usize,
    /// Improvement of the epoch loss that counts as progress, `≥ 0`; defaults to `1e-4`.
    pub tol: f64,
    /// Epochs without progress (beyond the first) that end the run, at least 1;
    /// defaults to `10`.
    pub n_iter_no_change: usize,
    /// Whether to permute the rows before each epoch of a mini-batch solver;
    /// defaults to `true`.
    pub shuffle: bool,
    /// Seed of the initial weights and the shuffling; defaults to `0`.
    pub random_state: u64,
    /// Most points kept in the history (losses and snapshots), at least 2;
    /// defaults to `200`.
    pub history_points: usize,
}

impl Default for MlpParams {
    fn default() -> Self {
        MlpParams {
            hidden_layer_sizes: 100,
            activation: Activation::Relu,
            alpha: 1e-4,
            solver: MlpSolver::Adam,
            learning_rate_init: 1e-3,
            batch_size: None,
            momentum: 0.9,
            nesterovs_momentum: true,
            max_iter: 200,
            tol: 1e-4,
            n_iter_no_change: 10,
            shuffle: true,
            random_state: 0,
            history_points: 200,
        }
    }
}

impl MlpParams {
    /// Sets `hidden_layer_sizes`.
    pub fn hidden_layer_sizes(mut self, units: usize) -> Self {
        self.hidden_layer_sizes = units;
        self
    }

    /// Sets `activation`.
    pub fn activation(mut self, activation: Activation) -> Self {
        self.activation = activation;
        self
    }

    /// Sets `alpha`.
    pub fn alpha(mut self, alpha: f64) -> Self {
        self.alpha = alpha;
        self
    }

    /// Sets `solver`.
    pub fn solver(mut self, solver: MlpSolver) -> Self {
        self.solver = solver;
        self
    }

    /// Sets `learning_rate_init`.
    pub fn learning_rate_init(mut self, learning_rate: f64) -> Self {
        self.learning_rate_init = learning_rate;
        self
    }

    /// Sets `batch_size` (`None` for scikit-learn's `"auto"`).
    pub fn batch_size(mut self, batch_size: Option<usize>) -> Self {
        self.batch_size = batch_size;
        self
    }

    /// Sets `momentum`.
    pub fn momentum(mut self, momentum: f64) -> Self {
        self.momentum = momentum;
        self
    }

    /// Sets `nesterovs_momentum`.
    pub fn nesterovs_momentum(mut self, nesterov: bool) -> Self {
        self.nesterovs_momentum = nesterov;
        self
    }

    /// Sets `max_iter`.
    pub fn max_iter(mut self, max_iter: usize) -> Self {
        self.max_iter = max_iter;
        self
    }

    /// Sets `tol`.
    pub fn tol(mut self, tol: f64) -> Self {
        self.tol = tol;
        self
    }

    /// Sets `n_iter_no_change`.
    pub fn n_iter_no_change(mut self, epochs: usize) -> Self {
        self.n_iter_no_change = epochs;
        self
    }

    /// Sets `shuffle`.
    pub fn shuffle(mut self, shuffle: bool) -> Self {
        self.shuffle = shuffle;
        self
    }

    /// Sets `random_state`.
    pub fn random_state(mut self, seed: u64) -> Self {
        self.random_state = seed;
        self
    }

    /// Sets `history_points`.
    pub fn history_points(mut self, points: usize) -> Self {
        self.history_points = points;
        self
    }

    /// Checks every parameter; the error names the first one refused and its value.
    pub fn check(&self) -> Result<ValidMlpParams> {
        let invalid = |name: &str, value: String, reason: &str| Error::InvalidParam {
            name: name.to_string(),
            value,
            reason: reason.to_string(),
        };
        if self.hidden_layer_sizes == 0 {
            return Err(invalid(
                "hidden_layer_sizes",
                "0".into(),
                "the hidden layer needs at least 1 unit",
            ));
        }
        crate::limits::check_count(
            "hidden_layer_sizes",
            self.hidden_layer_sizes,
            crate::limits::MAX_HIDDEN_UNITS,
        )?;
        if !(self.alpha.is_finite() && self.alpha >= 0.0) {
            return Err(invalid(
                "alpha",
                crate::numfmt::fmt_value(self.alpha),
                "must be a finite number ≥ 0",
            ));
        }
        if !(self.learning_rate_init.is_finite() && self.learning_rate_init > 0.0) {
            return Err(invalid(
                "learning_rate_init",
                crate::numfmt::fmt_value(self.learning_rate_init),
                "must be a positive number",
            ));
        }
        if self.batch_size == Some(0) {
            return Err(invalid("batch_size", "0".into(), "must be at least 1"));
        }
        if !(0.0..1.0).contains(&self.momentum) {
            return Err(invalid(
                "momentum",
                crate::numfmt::fmt_value(self.momentum),
                "must lie in [0, 1)",
            ));
        }
        if self.max_iter == 0 {
            return Err(invalid("max_iter", "0".into(), "must be at least 1"));
        }
        crate::limits::check_count("max_iter", self.max_iter, crate::limits::MAX_ITER)?;
        if !(self.tol.is_finite() && self.tol >= 0.0) {
            return Err(invalid(
                "tol",
                crate::numfmt::fmt_value(self.tol),
                "must be a finite number ≥ 0",
            ));
        }
        if self.n_iter_no_change == 0 {
            return Err(invalid(
                "n_iter_no_change",
                "0".into(),
                "must be at least 1",
            ));
        }
        if self.history_points < 2 {
            return Err(invalid(
                "history_points",
                self.history_points.to_string(),
                "must be at least 2",
            ));
        }
        Ok(ValidMlpParams(self.clone()))
    }
}

/// Parameters that passed [`MlpParams::check`]; the only way to [`ValidMlpParams::fit`].
#[derive(Debug, Clone, PartialEq)]
pub struct ValidMlpParams(pub(crate) MlpParams);

/// What the network learns: class labels or real values.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MlpTarget<'a> {
    /// Class indices `0..n_classes` (`n_classes ≥ 2`), one per row:
    /// `MLPClassifier`. Two classes use one logistic output (the probability of
    /// class 1), more use a softmax over one output per class.
    Classes {
        /// The label of each row.
        y: &'a [usize],
        /// How many classes there are.
        n_classes: usize,
    },
    /// One real value per row: `MLPRegressor` (identity output, squared error).
    Values(&'a [f64]),
}

impl MlpTarget<'_> {
    /// Number of rows.
    pub fn len(&self) -> usize {
        match self {
            MlpTarget::Classes { y, .. } => y.len(),
            MlpTarget::Values(v) => v.len(),
        }
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Number of output units: 1 for two classes or for values, `n_classes` otherwise.
    pub fn n_outputs(&self) -> usize {
        match self {
            MlpTarget::Classes { n_classes: 2, .. } | MlpTarget::Values(_) => 1,
            MlpTarget::Classes { n_classes, .. } => *n_classes,
        }
    }

    /// Checks the labels or values; returns the kind of model they call for.
    pub(super) fn kind(&self) -> Result<MlpKind> {
        match *self {
            MlpTarget::Classes { y, n_classes } => {
                if n_classes < 2 {
                    return Err(Error::InvalidData(format!(
                        "a classifier needs at least 2 classes, got n_classes = {n_classes}"
                    )));
                }
                if let Some((i, &c)) = y.iter().enumerate().find(|&(_, &c)| c >= n_classes) {
                    return Err(Error::InvalidData(format!(
                        "row {i} has label {c}, but labels must be below n_classes = {n_classes}"
                    )));
                }
                Ok(MlpKind::Classifier { n_classes })
            }
            MlpTarget::Values(v) => {
                if let Some((i, t)) = v.iter().enumerate().find(|(_, t)| !t.is_finite()) {
                    return Err(Error::InvalidData(format!(
                        "row {i} has target {t}, which is not a finite number"
                    )));
                }
                Ok(MlpKind::Regressor)
            }
        }
    }

    /// The target as the output layer sees it, `n × n_outputs` row by row: 0/1 for
    /// two classes, one-hot rows for more, the values for regression.
    pub(super) fn flat_matrix(&self) -> Vec<f64> {
        let o = self.n_outputs();
        let mut y = vec![0.0; self.len() * o];
        match *self {
            MlpTarget::Classes { y: labels, .. } => {
                for (row, &c) in y.chunks_exact_mut(o).zip(labels) {
                    if o == 1 {
                        row[0] = if c == 1 { 1.0 } else { 0.0 };
                    } else if let Some(v) = row.get_mut(c) {
                        *v = 1.0;
                    }
                }
            }
            MlpTarget::Values(values) => y.copy_from_slice(values),
        }
        y
    }
}

/// Whether a fitted network classifies or regresses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MlpKind {
    /// `MLPClassifier` with this many classes.
    Classifier {
        /// Number of classes.
        n_classes: usize,
    },
    /// `MLPRegressor` with one output.
    Regressor,
}

impl MlpKind {
    pub(super) fn output(self) -> OutputActivation {
        match self {
            MlpKind::Classifier { n_classes: 2 } => OutputActivation::Logistic,
            MlpKind::Classifier { .. } => OutputActivation::Softmax,
            MlpKind::Regressor => OutputActivation::Identity,
        }
    }
}

// ------------------------------------------------------------- estimator interface

impl MlpParams {
    /// Sets the parameter `name` (one of [`MLP_PARAMS`](model::MLP_PARAMS)) from a
    /// grid value. `batch_size` takes `auto` for scikit-learn's `min(200, n)`.
    ///
    /// # Errors
    /// [`Error::InvalidParam`] for a value of the wrong type, [`Error::UnknownParam`]
    /// for another name.
    pub fn set(&mut self, name: &str, value: &model::ParamValue) -> Result<()> {
        let read = model::estimator::ValueReader { name, value };
        match name {
            "hidden_layer_sizes" => {
                self.hidden_layer_sizes = crate::limits::hidden_units(read.number()?)?
            }
            "activation" => {
                self.activation = read.word("relu, tanh, logistic, identity")?.parse()?
            }
            "alpha" => self.alpha = read.number()?,
            "solver" => self.solver = read.word("adam, sgd, gd, momentum, nesterov")?.parse()?,
            "learning_rate_init" => self.learning_rate_init = read.number()?,
            "batch_size" => {
                self.batch_size = match value {
                    model::ParamValue::Str(s) if s == "auto" => None,
                    _ => Some(read.count()?),
                }
            }
            "momentum" => self.momentum = read.number()?,
            "max_iter" => self.max_iter = crate::limits::max_iter(read.number()?)?,
            "tol" => self.tol = read.number()?,
            "n_iter_no_change" => self.n_iter_no_change = read.count()?,
            "shuffle" => self.shuffle = read.switch()?,
            "random_state" => self.random_state = read.count()? as u64,
            _ => {
                return Err(Error::UnknownParam {
                    name: name.to_string(),
                    known: model::MLP_PARAMS.iter().map(|s| s.to_string()).collect(),
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_refuses_bad_parameters_by_name() {
        let err = MlpParams::default()
            .hidden_layer_sizes(0)
            .check()
            .unwrap_err();
        assert!(err.to_string().contains("hidden_layer_sizes: 0"), "{err}");
        let err = MlpParams::default().alpha(-1.0).check().unwrap_err();
        assert!(err.to_string().contains("alpha: -1"), "{err}");
        for p in [
            MlpParams::default().alpha(f64::NAN),
            MlpParams::default().learning_rate_init(0.0),
            MlpParams::default().batch_size(Some(0)),
            MlpParams::default().momentum(1.0),
            MlpParams::default().momentum(-0.1),
            MlpParams::default().max_iter(0),
            MlpParams::default().tol(-1e-3),
            MlpParams::default().n_iter_no_change(0),
        ] {
            assert!(
                matches!(p.check(), Err(Error::InvalidParam { .. })),
                "{p:?}"
            );
        }
        assert!(MlpParams::default().check().is_ok());
    }
}
