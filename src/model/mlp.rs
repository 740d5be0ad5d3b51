//! A one-hidden-layer neural network with scikit-learn's `MLPClassifier` /
//! `MLPRegressor` mathematics: the same loss, gradients, initialisation, optimisers
//! and stopping rule, for a network `x → hidden (h units) → output`.
//!
//! # The model
//!
//! ```text
//! a = act(x·W₀ + b₀)          hidden layer, act ∈ {relu, tanh, logistic, identity}
//! ŷ = out(a·W₁ + b₁)          output layer
//! ```
//!
//! `W₀` has shape `(n_features, h)` and `W₁` shape `(h, n_outputs)`, as
//! scikit-learn's `coefs_`. The output is one logistic unit for two classes (the
//! probability of the second class), a softmax over one unit per class for three or
//! more classes, and the identity for regression.
//!
//! # The loss
//!
//! On a batch of `m` rows, scikit-learn minimises
//!
//! ```text
//! L = data_loss + ½·alpha·(‖W₀‖² + ‖W₁‖²) / m
//! ```
//!
//! where `data_loss` is the mean cross-entropy (probabilities clipped to
//! `[ε, 1 − ε]`, `ε = f64::EPSILON`) for classifiers and `½·mean((y − ŷ)²)` for
//! regressors. Intercepts are not penalised. Gradients are scikit-learn's
//! `_backprop`: the output delta is `ŷ − y`, `∂L/∂W = (a_prevᵀ·δ + alpha·W) / m`,
//! `∂L/∂b = mean(δ)`; see [`loss_and_gradient`].
//!
//! # Initialisation
//!
//! Glorot uniform, layer by layer (coefficients then intercepts of the hidden layer,
//! then of the output layer, as scikit-learn's `_init_coef`): every weight and
//! intercept is uniform in `[−bound, bound]` with
//! `bound = sqrt(factor / (fan_in + fan_out))`, `factor = 2` for the logistic
//! activation and `6` otherwise ([`glorot_bound`]). The random numbers come from
//! `Pcg64Mcg::seed_from_u64(random_state)`, not NumPy's Mersenne twister, so the
//! initial weights (and the shuffling) differ from scikit-learn's for the same seed;
//! everything else is the same arithmetic.
//!
//! # Training and stopping
//!
//! One iteration is one epoch. With `shuffle`, the rows are permuted once per epoch
//! by the same seeded generator; then mini-batches of `batch_size` rows (the last
//! one smaller) each take one optimiser step ([`MlpSolver`]). The epoch loss is
//! scikit-learn's `loss_`: `Σ batch_loss·batch_rows / n`, each batch loss computed
//! before its step and carrying its own `½·alpha·‖W‖²/m` term. Training stops as
//! scikit-learn's `_update_no_improvement_count` (without early stopping) decides:
//! an epoch whose loss is not below `best_loss − tol` increments a counter, any
//! other resets it, and when the counter exceeds `n_iter_no_change` the run ends
//! [`Outcome::Converged`]. After `max_iter` epochs it ends [`Outcome::MaxIter`],
//! with the largest entry of the full-batch gradient. The full-batch teaching
//! solvers (`gd`, `momentum`, `nesterov`) are held to more: a run whose loss rose
//! above its best by more than `tol` in the window that stopped it ends
//! [`Outcome::Oscillating`] instead of converged, and so does one that reaches
//! `max_iter` without a new lowest loss in its last 20 % of epochs (at least 10). A loss that is not finite or
//! grows past a million times the first epoch's (at least 1) ends it
//! [`Outcome::Diverged`].
//!
//! The [`History`] holds, per epoch, the epoch's mean data loss (without the alpha
//! term), the alpha term on the full data `½·alpha·‖W‖²/n` at the end of the epoch,
//! and all parameters flattened as `W₀` row by row, `b₀`, `W₁` row by row, `b₁`.
//! Entry 0 is the initial network, with its full-data loss. scikit-learn's exact
//! per-epoch loss is kept unthinned in [`FittedMlp::loss_curve`].
//!
//! ```
//! use ndarray::array;
//! use tunelab::model::mlp::{Activation, MlpParams, MlpTarget};
//! // XOR, four points.
//! let x = array![[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]];
//! let y = [0, 1, 1, 0];
//! let model = MlpParams::default()
//!     .hidden_layer_sizes(8)
//!     .activation(Activation::Tanh)
//!     .learning_rate_init(0.05)
//!     .max_iter(1000)
//!     .check()?
//!     .fit(x.view(), &MlpTarget::Classes { y: &y, n_classes: 2 })?;
//! assert_eq!(model.predict_classes(x.view())?, y);
//! # Ok::<(), tunelab::Error>(())
//! ```

use std::fmt;
use std::str::FromStr;

use ndarray::{Array1, Array2, ArrayView1, ArrayView2, ArrayViewMut1, ArrayViewMut2, Axis};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64Mcg;
use serde::{Deserialize, Serialize};

use super::history::{History, Outcome, ProgressWatch, Recorder};
use super::kernels;
use super::objective::{max_abs, sigmoid, softmax_in_place};
use crate::error::{Error, Result};

/// The loss has exploded when it exceeds the first epoch's (at least 1) by this factor.
const EXPLOSION: f64 = 1e6;
/// Adam's moment decay rates and ε (scikit-learn's defaults).
const ADAM_BETA1: f64 = 0.9;
const ADAM_BETA2: f64 = 0.999;
const ADAM_EPS: f64 = 1e-8;
/// scikit-learn's `batch_size="auto"` is `min(200, n_samples)`.
const AUTO_BATCH: usize = 200;

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
            Activation::Tanh => z.tanh(),
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

impl Activation {
    /// Adds the intercepts to each row of `buf` (rows of `bias.len()` units, one
    /// after the other) and applies the activation; the match is outside the loop.
    fn add_and_apply(self, buf: &mut [f64], bias: &[f64]) {
        fn run(buf: &mut [f64], bias: &[f64], f: impl Fn(f64) -> f64) {
            if bias.is_empty() {
                return;
            }
            for row in buf.chunks_exact_mut(bias.len()) {
                for (a, b) in row.iter_mut().zip(bias) {
                    *a = f(*a + b);
                }
            }
        }
        match self {
            Activation::Identity => run(buf, bias, |z| z),
            Activation::Logistic => run(buf, bias, sigmoid),
            Activation::Tanh => run(buf, bias, f64::tanh),
            Activation::Relu => run(buf, bias, |z| Activation::Relu.apply(z)),
        }
    }

    /// Multiplies each delta by the derivative at the matching activation value.
    fn multiply_derivative(self, delta: &mut [f64], activations: &[f64]) {
        fn run(delta: &mut [f64], activations: &[f64], f: impl Fn(f64) -> f64) {
            for (d, &a) in delta.iter_mut().zip(activations) {
                *d *= f(a);
            }
        }
        match self {
            Activation::Identity => {}
            Activation::Logistic => run(delta, activations, |a| a * (1.0 - a)),
            Activation::Tanh => run(delta, activations, |a| 1.0 - a * a),
            Activation::Relu => run(delta, activations, |a| Activation::Relu.derivative(a)),
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
    fn kind(&self) -> Result<MlpKind> {
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
    fn flat_matrix(&self) -> Vec<f64> {
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
    fn output(self) -> OutputActivation {
        match self {
            MlpKind::Classifier { n_classes: 2 } => OutputActivation::Logistic,
            MlpKind::Classifier { .. } => OutputActivation::Softmax,
            MlpKind::Regressor => OutputActivation::Identity,
        }
    }
}

/// The weights of the network, shaped as scikit-learn's `coefs_` and `intercepts_`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MlpWeights {
    /// `coefs[0]`: input → hidden, shape `(n_features, hidden)`;
    /// `coefs[1]`: hidden → output, shape `(hidden, n_outputs)`.
    pub coefs: [Array2<f64>; 2],
    /// `intercepts[0]`: shape `(hidden,)`; `intercepts[1]`: shape `(n_outputs,)`.
    pub intercepts: [Array1<f64>; 2],
}

impl MlpWeights {
    /// Zero weights for a network of the given sizes.
    pub fn zeros(n_features: usize, hidden: usize, n_outputs: usize) -> Self {
        MlpWeights {
            coefs: [
                Array2::zeros((n_features, hidden)),
                Array2::zeros((hidden, n_outputs)),
            ],
            intercepts: [Array1::zeros(hidden), Array1::zeros(n_outputs)],
        }
    }

    /// All parameters flattened: `coefs[0]` row by row, `intercepts[0]`,
    /// `coefs[1]` row by row, `intercepts[1]` (the order of history snapshots).
    pub fn to_flat(&self) -> Vec<f64> {
        let mut theta = Vec::with_capacity(
            self.coefs[0].len()
                + self.intercepts[0].len()
                + self.coefs[1].len()
                + self.intercepts[1].len(),
        );
        theta.extend(self.coefs[0].iter());
        theta.extend(self.intercepts[0].iter());
        theta.extend(self.coefs[1].iter());
        theta.extend(self.intercepts[1].iter());
        theta
    }

    /// The layer sizes these weights describe, after checking that the four arrays
    /// agree.
    fn shape(&self) -> Result<Shape> {
        let (f, h) = self.coefs[0].dim();
        let (h1, o) = self.coefs[1].dim();
        if h1 != h || self.intercepts[0].len() != h || self.intercepts[1].len() != o {
            return Err(Error::Shape(format!(
                "coefs[0] is {f}×{h}, intercepts[0] has {}, coefs[1] is {h1}×{o}, \
                 intercepts[1] has {}; expected n_features×h, h, h×n_outputs, n_outputs",
                self.intercepts[0].len(),
                self.intercepts[1].len()
            )));
        }
        Shape::new(f, h, o)
    }

    /// Rebuilds weights from a flat vector in [`MlpWeights::to_flat`] order.
    fn from_flat(shape: Shape, theta: &[f64]) -> Result<Self> {
        let (c0, b0, c1, b1) = shape.views(theta)?;
        Ok(MlpWeights {
            coefs: [c0.to_owned(), c1.to_owned()],
            intercepts: [b0.to_owned(), b1.to_owned()],
        })
    }
}

/// A fitted network.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FittedMlp {
    /// The weights (scikit-learn's `coefs_` and `intercepts_`).
    pub weights: MlpWeights,
    /// The hidden layer's activation.
    pub activation: Activation,
    /// Output units: 1 for two classes or regression, `n_classes` otherwise.
    pub n_outputs: usize,
    /// Classifier (with its number of classes) or regressor.
    pub kind: MlpKind,
    /// Epochs run (scikit-learn's `n_iter_`).
    pub n_iter: usize,
    /// How the training ended.
    pub outcome: Outcome,
    /// The training path, thinned.
    pub history: History,
    /// scikit-learn's `loss_curve_`: the loss of every epoch, alpha term included.
    pub loss_curve: Vec<f64>,
}

impl FittedMlp {
    /// Number of input features.
    pub fn n_features(&self) -> usize {
        self.weights.coefs[0].nrows()
    }

    /// The output layer before its activation, `a·W₁ + b₁`, shape
    /// `(n_samples, n_outputs)`: the logit of class 1 for two classes, the softmax
    /// scores for more, the prediction itself for regression.
    pub fn decision_function(&self, x: ArrayView2<f64>) -> Result<Array2<f64>> {
        if x.ncols() != self.n_features() {
            return Err(Error::Shape(format!(
                "the network was fitted on {} features but x has {}",
                self.n_features(),
                x.ncols()
            )));
        }
        // The kernels of training, so a prediction is computed as the loss was.
        let (m, f) = x.dim();
        let (w0, w1) = (
            self.weights.coefs[0].as_standard_layout(),
            self.weights.coefs[1].as_standard_layout(),
        );
        let (b0, b1) = (
            self.weights.intercepts[0].as_standard_layout(),
            self.weights.intercepts[1].as_standard_layout(),
        );
        let x = x.as_standard_layout();
        let (Some(x), Some(w0), Some(w1), Some(b0), Some(b1)) = (
            x.as_slice(),
            w0.as_slice(),
            w1.as_slice(),
            b0.as_slice(),
            b1.as_slice(),
        ) else {
            return Err(Error::Shape(
                "the network's weights are not contiguous".into(),
            ));
        };
        let (h, o) = (b0.len(), b1.len());
        if w0.len() != f * h || w1.len() != h * o {
            return Err(Error::Shape(format!(
                "weights of {}×{} and {}×{} do not make a {f}-{h}-{o} network",
                self.weights.coefs[0].nrows(),
                self.weights.coefs[0].ncols(),
                self.weights.coefs[1].nrows(),
                self.weights.coefs[1].ncols()
            )));
        }
        let mut hidden = vec![0.0; m * h];
        kernels::mat_nn(1.0, x, w0, &mut hidden, m, f, h);
        self.activation.add_and_apply(&mut hidden, b0);
        let mut out = vec![0.0; m * o];
        kernels::mat_nn(1.0, &hidden, w1, &mut out, m, h, o);
        for row in out.chunks_exact_mut(o.max(1)) {
            for (v, b) in row.iter_mut().zip(b1) {
                *v += b;
            }
        }
        Array2::from_shape_vec((m, o), out).map_err(shape_error)
    }

    /// The output layer after its activation, shape `(n_samples, n_outputs)`
    /// (scikit-learn's `_forward_pass_fast`).
    fn forward(&self, x: ArrayView2<f64>) -> Result<Array2<f64>> {
        let mut out = self.decision_function(x)?;
        self.kind.output().apply(out.view_mut());
        Ok(out)
    }

    /// Predicted values of a regressor. Errs for a classifier or a wrong number of
    /// features.
    pub fn predict_values(&self, x: ArrayView2<f64>) -> Result<Vec<f64>> {
        if self.kind != MlpKind::Regressor {
            return Err(Error::InvalidData(
                "predict_values is for a regressor; this network classifies".into(),
            ));
        }
        Ok(self.forward(x)?.column(0).to_vec())
    }

    /// Class probabilities of a classifier, shape `(n_samples, n_classes)`; each row
    /// sums to one (two classes give `[1 − p, p]`). Errs for a regressor or a wrong
    /// number of features.
    pub fn predict_proba(&self, x: ArrayView2<f64>) -> Result<Array2<f64>> {
        let MlpKind::Classifier { n_classes } = self.kind else {
            return Err(Error::InvalidData(
                "predict_proba is for a classifier; this network regresses".into(),
            ));
        };
        let out = self.forward(x)?;
        if n_classes == 2 {
            let mut p = Array2::zeros((out.nrows(), 2));
            for (mut row, &p1) in p.axis_iter_mut(Axis(0)).zip(out.column(0)) {
                row[0] = 1.0 - p1;
                row[1] = p1;
            }
            Ok(p)
        } else {
            Ok(out)
        }
    }

    /// Predicted class of each row: for two classes class 1 when its probability
    /// exceeds 0.5 (scikit-learn's `LabelBinarizer` threshold), otherwise the
    /// arg-max of the probabilities, the first class winning a tie. Errs for a
    /// regressor or a wrong number of features.
    pub fn predict_classes(&self, x: ArrayView2<f64>) -> Result<Vec<usize>> {
        let MlpKind::Classifier { n_classes } = self.kind else {
            return Err(Error::InvalidData(
                "predict_classes is for a classifier; this network regresses".into(),
            ));
        };
        let out = self.forward(x)?;
        Ok(if n_classes == 2 {
            out.column(0)
                .iter()
                .map(|&p| usize::from(p > 0.5))
                .collect()
        } else {
            out.axis_iter(Axis(0))
                .map(|row| {
                    let mut best = 0;
                    for (k, &v) in row.iter().enumerate() {
                        if v > row[best] {
                            best = k;
                        }
                    }
                    best
                })
                .collect()
        })
    }
}

/// Glorot's uniform bound as scikit-learn's `_init_coef`:
/// `sqrt(factor / (fan_in + fan_out))` with `factor = 2` for the logistic
/// activation and `6` otherwise.
pub fn glorot_bound(fan_in: usize, fan_out: usize, activation: Activation) -> f64 {
    let factor = if activation == Activation::Logistic {
        2.0
    } else {
        6.0
    };
    (factor / (fan_in + fan_out) as f64).sqrt()
}

/// scikit-learn's loss and gradient (`MLP._backprop`) on the whole of `x`:
/// returns `data_loss + ½·alpha·(‖W₀‖² + ‖W₁‖²)/n` and its gradient, shaped as
/// `weights`. The output layer follows the target (logistic for two classes,
/// softmax for more, identity for values) and must have matching width
/// ([`MlpTarget::n_outputs`]). Errs when shapes disagree or labels are out of range.
pub fn loss_and_gradient(
    weights: &MlpWeights,
    x: ArrayView2<f64>,
    target: &MlpTarget,
    alpha: f64,
    activation: Activation,
) -> Result<(f64, MlpWeights)> {
    let shape = weights.shape()?;
    let kind = target.kind()?;
    check_data(x, target, shape.f)?;
    if shape.o != target.n_outputs() {
        return Err(Error::Shape(format!(
            "the network has {} outputs but the target needs {}",
            shape.o,
            target.n_outputs()
        )));
    }
    let net = Net {
        shape,
        activation,
        output: kind.output(),
    };
    let theta = weights.to_flat();
    let y = target.flat_matrix();
    let mut ws = Workspace::new(x.nrows(), shape);
    let mut grad = vec![0.0; shape.len];
    let (data, penalty) = net.batch(&theta, x, &y, alpha, &mut ws, Some(&mut grad))?;
    Ok((data + penalty, MlpWeights::from_flat(shape, &grad)?))
}

impl ValidMlpParams {
    /// The checked parameters.
    pub fn params(&self) -> &MlpParams {
        &self.0
    }

    /// Trains a network on `x` (`n_samples × n_features`) for `target`. Errs when
    /// the data is empty, not finite, or does not match the target.
    pub fn fit(&self, x: ArrayView2<f64>, target: &MlpTarget) -> Result<FittedMlp> {
        self.train(x, target, None)
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
        self.train(x, target, Some(start))
    }

    fn train(
        &self,
        x: ArrayView2<f64>,
        target: &MlpTarget,
        start: Option<&MlpWeights>,
    ) -> Result<FittedMlp> {
        let p = &self.0;
        let kind = target.kind()?;
        let n = x.nrows();
        check_data(x, target, x.ncols())?;
        let shape = Shape::new(x.ncols(), p.hidden_layer_sizes, target.n_outputs())?;
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
        let (f, o) = (shape.f, shape.o);

        let batch = if p.solver.is_full_batch() {
            n
        } else {
            p.batch_size.unwrap_or(AUTO_BATCH).clamp(1, n)
        };
        let mut ws = Workspace::new(n, shape);
        let mut grad = vec![0.0; shape.len];
        let mut optimizer = Optimizer::new(p, shape.len);
        let shuffle = p.shuffle && !p.solver.is_full_batch();
        let mut order: Vec<usize> = (0..n).collect();
        // Row-major copies: the rows of `x` and `y` in the current epoch's order.
        let x_flat: Vec<f64> = x.iter().copied().collect();
        let mut xs = x_flat.clone();
        let mut ys = y.clone();

        let mut recorder = Recorder::new(p.history_points);
        let (start, _) = net.batch(&theta, x, &y, p.alpha, &mut ws, None)?;
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
                for ((xd, yd), &r) in xs
                    .chunks_exact_mut(f)
                    .zip(ys.chunks_exact_mut(o))
                    .zip(&order)
                {
                    if let (Some(xr), Some(yr)) =
                        (x_flat.get(r * f..(r + 1) * f), y.get(r * o..(r + 1) * o))
                    {
                        xd.copy_from_slice(xr);
                        yd.copy_from_slice(yr);
                    }
                }
            }
            let mut total = 0.0;
            let mut data = 0.0;
            let mut begin = 0;
            while begin < n {
                let end = (begin + batch).min(n);
                let rows = (end - begin) as f64;
                let (Some(xb), Some(yb)) = (xs.get(begin * f..end * f), ys.get(begin * o..end * o))
                else {
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
                    net.batch(&theta, x, &y, p.alpha, &mut ws, Some(&mut grad))?;
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
                net.batch(&theta, x, &y, p.alpha, &mut ws, Some(&mut grad))?;
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

/// Checks that `x` is non-empty, finite, `n_features` wide and as long as `target`.
fn check_data(x: ArrayView2<f64>, target: &MlpTarget, n_features: usize) -> Result<()> {
    if x.nrows() == 0 || x.ncols() == 0 {
        return Err(Error::InvalidData(format!(
            "the network needs at least one row and one feature, x is {}×{}",
            x.nrows(),
            x.ncols()
        )));
    }
    if x.ncols() != n_features {
        return Err(Error::Shape(format!(
            "the network has {n_features} inputs but x has {} columns",
            x.ncols()
        )));
    }
    if x.nrows() != target.len() {
        return Err(Error::Shape(format!(
            "x has {} rows but the target has {}",
            x.nrows(),
            target.len()
        )));
    }
    if x.iter().any(|v| !v.is_finite()) {
        return Err(Error::InvalidData(
            "x holds a value that is not a finite number".into(),
        ));
    }
    Ok(())
}

/// The output layer's activation.
#[derive(Debug, Clone, Copy, PartialEq)]
enum OutputActivation {
    Logistic,
    Softmax,
    Identity,
}

impl OutputActivation {
    fn apply(self, mut out: ArrayViewMut2<f64>) {
        match self {
            OutputActivation::Logistic => out.mapv_inplace(sigmoid),
            OutputActivation::Softmax => {
                for row in out.axis_iter_mut(Axis(0)) {
                    softmax_in_place(row);
                }
            }
            OutputActivation::Identity => {}
        }
    }

    /// Adds the intercepts to each row of `out` (rows of `bias.len()` outputs,
    /// one after the other) and applies the activation.
    fn add_and_apply(self, out: &mut [f64], bias: &[f64]) {
        if bias.is_empty() {
            return;
        }
        for row in out.chunks_exact_mut(bias.len()) {
            for (v, b) in row.iter_mut().zip(bias) {
                *v += b;
            }
            match self {
                OutputActivation::Logistic => row.iter_mut().for_each(|v| *v = sigmoid(*v)),
                OutputActivation::Softmax => {
                    softmax_in_place(ArrayViewMut1::from(row));
                }
                OutputActivation::Identity => {}
            };
        }
    }

    /// scikit-learn's data loss of activated outputs against targets (both row by
    /// row), as a mean over `rows`: `binary_log_loss`, `log_loss` or `squared_loss`.
    fn loss(self, out: &[f64], y: &[f64], rows: usize) -> f64 {
        let pairs = out.iter().zip(y);
        let rows = rows as f64;
        match self {
            OutputActivation::Logistic => {
                let mut sum = 0.0;
                pairs.for_each(|(&p, &t)| {
                    let p = p.clamp(f64::EPSILON, 1.0 - f64::EPSILON);
                    // xlogy: a zero target contributes zero.
                    if t != 0.0 {
                        sum += t * p.ln();
                    }
                    if t != 1.0 {
                        sum += (1.0 - t) * (1.0 - p).ln();
                    }
                });
                -sum / rows
            }
            OutputActivation::Softmax => {
                let mut sum = 0.0;
                pairs.for_each(|(&p, &t)| {
                    if t != 0.0 {
                        sum += t * p.clamp(f64::EPSILON, 1.0 - f64::EPSILON).ln();
                    }
                });
                -sum / rows
            }
            OutputActivation::Identity => {
                let sum: f64 = pairs.map(|(&p, &t)| (t - p) * (t - p)).sum();
                0.5 * sum / out.len().max(1) as f64
            }
        }
    }
}

/// Layer sizes and the offsets of the four parameter blocks in the flat vector.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Shape {
    f: usize,
    h: usize,
    o: usize,
    /// End of `coefs[0]`, of `intercepts[0]`, of `coefs[1]`; `len` ends `intercepts[1]`.
    ends: [usize; 3],
    len: usize,
}

impl Shape {
    fn new(f: usize, h: usize, o: usize) -> Result<Self> {
        let too_big = || Error::InvalidParam {
            name: "hidden_layer_sizes".into(),
            value: h.to_string(),
            reason: format!("a network with {f} inputs and {o} outputs would not fit in memory"),
        };
        let c0 = f.checked_mul(h).ok_or_else(too_big)?;
        let b0 = c0.checked_add(h).ok_or_else(too_big)?;
        let c1 = h
            .checked_mul(o)
            .and_then(|c| c.checked_add(b0))
            .ok_or_else(too_big)?;
        let len = c1.checked_add(o).ok_or_else(too_big)?;
        Ok(Shape {
            f,
            h,
            o,
            ends: [c0, b0, c1],
            len,
        })
    }

    /// The four blocks of `theta` as arrays.
    #[allow(clippy::type_complexity)]
    fn views<'a>(
        &self,
        theta: &'a [f64],
    ) -> Result<(
        ArrayView2<'a, f64>,
        ArrayView1<'a, f64>,
        ArrayView2<'a, f64>,
        ArrayView1<'a, f64>,
    )> {
        let [e0, e1, e2] = self.ends;
        let blocks = (
            theta.get(..e0),
            theta.get(e0..e1),
            theta.get(e1..e2),
            theta.get(e2..self.len),
        );
        let (Some(c0), Some(b0), Some(c1), Some(b1)) = blocks else {
            return Err(self.mismatch(theta.len()));
        };
        Ok((
            ArrayView2::from_shape((self.f, self.h), c0).map_err(shape_error)?,
            ArrayView1::from(b0),
            ArrayView2::from_shape((self.h, self.o), c1).map_err(shape_error)?,
            ArrayView1::from(b1),
        ))
    }

    /// The four blocks of `theta`: `coefs[0]`, `intercepts[0]`, `coefs[1]`,
    /// `intercepts[1]`, each row by row.
    fn blocks<'a>(&self, theta: &'a [f64]) -> Result<[&'a [f64]; 4]> {
        let [e0, e1, e2] = self.ends;
        if theta.len() != self.len {
            return Err(self.mismatch(theta.len()));
        }
        let (c0, rest) = theta.split_at(e0);
        let (b0, rest) = rest.split_at(e1 - e0);
        let (c1, b1) = rest.split_at(e2 - e1);
        Ok([c0, b0, c1, b1])
    }

    /// The four blocks of `theta`, mutable.
    #[allow(clippy::type_complexity)]
    fn blocks_mut<'a>(
        &self,
        theta: &'a mut [f64],
    ) -> Result<(&'a mut [f64], &'a mut [f64], &'a mut [f64], &'a mut [f64])> {
        let [e0, e1, e2] = self.ends;
        if theta.len() != self.len {
            return Err(self.mismatch(theta.len()));
        }
        let (c0, rest) = theta.split_at_mut(e0);
        let (b0, rest) = rest.split_at_mut(e1 - e0);
        let (c1, b1) = rest.split_at_mut(e2 - e1);
        Ok((c0, b0, c1, b1))
    }

    fn mismatch(&self, found: usize) -> Error {
        Error::Shape(format!(
            "expected {} parameters for a {}-{}-{} network, found {found}",
            self.len, self.f, self.h, self.o
        ))
    }

    /// `‖W₀‖² + ‖W₁‖²` (intercepts excluded).
    fn weights_squared(&self, theta: &[f64]) -> f64 {
        let [e0, e1, e2] = self.ends;
        let sq = |r: std::ops::Range<usize>| {
            theta
                .get(r)
                .map_or(0.0, |w| w.iter().map(|v| v * v).sum::<f64>())
        };
        sq(0..e0) + sq(e1..e2)
    }
}

fn shape_error(e: ndarray::ShapeError) -> Error {
    Error::Shape(e.to_string())
}

/// Per-row buffers, row by row, allocated once for the largest batch.
#[derive(Debug)]
struct Workspace {
    /// Hidden activations, `rows × h`.
    hidden: Vec<f64>,
    /// Output activations, then the output delta, `rows × o`.
    out: Vec<f64>,
    /// Hidden delta, `rows × h`.
    delta: Vec<f64>,
    /// Room for transposed small matrices (`W₁ᵀ`, a gradient built transposed).
    scratch: Vec<f64>,
}

impl Workspace {
    fn new(rows: usize, shape: Shape) -> Self {
        Workspace {
            hidden: vec![0.0; rows * shape.h],
            out: vec![0.0; rows * shape.o],
            delta: vec![0.0; rows * shape.h],
            scratch: Vec::with_capacity(shape.h * shape.o),
        }
    }
}

/// A network's architecture: what turns a flat parameter vector into losses.
#[derive(Debug, Clone, Copy)]
struct Net {
    shape: Shape,
    activation: Activation,
    output: OutputActivation,
}

impl Net {
    /// Glorot-uniform parameters in scikit-learn's order: `coefs[0]`,
    /// `intercepts[0]`, `coefs[1]`, `intercepts[1]` — which is the flat order.
    fn init(&self, rng: &mut Pcg64Mcg) -> Vec<f64> {
        let Shape { f, h, o, ends, len } = self.shape;
        let hidden = glorot_bound(f, h, self.activation);
        let output = glorot_bound(h, o, self.activation);
        (0..len)
            .map(|i| {
                let bound = if i < ends[1] { hidden } else { output };
                // numpy's uniform(low, high): low + (high − low)·u, u in [0, 1).
                -bound + 2.0 * bound * rng.random::<f64>()
            })
            .collect()
    }

    /// `½·alpha·(‖W₀‖² + ‖W₁‖²) / rows`.
    fn penalty(&self, theta: &[f64], alpha: f64, rows: usize) -> f64 {
        0.5 * alpha * self.shape.weights_squared(theta) / rows as f64
    }

    /// Forward and (with `grad`) backward pass on one batch, as scikit-learn's
    /// `_backprop`; `y` holds the batch's targets row by row. Returns
    /// `(data_loss, alpha term)` of the batch and writes the gradient of their sum
    /// into `grad`.
    fn batch(
        &self,
        theta: &[f64],
        x: ArrayView2<f64>,
        y: &[f64],
        alpha: f64,
        ws: &mut Workspace,
        grad: Option<&mut [f64]>,
    ) -> Result<(f64, f64)> {
        let Shape { f, h, o, .. } = self.shape;
        let m = x.nrows();
        let buffers = (
            ws.hidden.get_mut(..m * h),
            ws.out.get_mut(..m * o),
            ws.delta.get_mut(..m * h),
        );
        let (Some(hidden), Some(out), Some(delta)) = buffers else {
            return Err(Error::Shape(format!(
                "a batch of {m} rows is larger than the workspace"
            )));
        };
        if m == 0 || x.ncols() != f || y.len() != m * o {
            return Err(Error::Shape(format!(
                "a batch of {m}×{} inputs with {} targets does not fit a {f}-{h}-{o} network",
                x.ncols(),
                y.len()
            )));
        }
        let [w0_flat, b0, w1_flat, b1] = self.shape.blocks(theta)?;
        // The kernels want the batch's rows contiguous (a view of shuffled rows is
        // copied once).
        let x = x.as_standard_layout();
        let x_flat = x
            .as_slice()
            .ok_or_else(|| Error::Shape("the batch is not contiguous".into()))?;

        // Forward: hidden = act(x·W₀ + b₀), out = out_act(hidden·W₁ + b₁).
        kernels::mat_nn(1.0, x_flat, w0_flat, hidden, m, f, h);
        self.activation.add_and_apply(hidden, b0);
        kernels::mat_nn(1.0, hidden, w1_flat, out, m, h, o);
        self.output.add_and_apply(out, b1);

        let data = self.output.loss(out, y, m);
        let penalty = self.penalty(theta, alpha, m);
        let Some(grad) = grad else {
            return Ok((data, penalty));
        };

        // Backward, as scikit-learn's `_backprop` and `_compute_loss_grad`: the
        // output delta is ŷ − y; coefficient gradients (a_prevᵀ·δ + alpha·W)/m,
        // intercept gradients mean(δ).
        for (d, t) in out.iter_mut().zip(y) {
            *d -= t;
        }
        let scale = 1.0 / m as f64;
        let (g0, gb0, g1, gb1) = self.shape.blocks_mut(grad)?;
        kernels::mat_tn(scale, hidden, out, g1, (m, h, o), &mut ws.scratch);
        add_scaled(g1, alpha * scale, w1_flat);
        column_mean(out, gb1);

        // δ_hidden = δ_out·W₁ᵀ, times the activation's derivative.
        kernels::transpose_into(w1_flat, h, o, &mut ws.scratch);
        kernels::mat_nn(1.0, out, &ws.scratch, delta, m, o, h);
        self.activation.multiply_derivative(delta, hidden);
        kernels::mat_tn(scale, x_flat, delta, g0, (m, f, h), &mut ws.scratch);
        add_scaled(g0, alpha * scale, w0_flat);
        column_mean(delta, gb0);
        Ok((data, penalty))
    }
}

/// `a += k·b`, entry by entry.
fn add_scaled(a: &mut [f64], k: f64, b: &[f64]) {
    for (a, b) in a.iter_mut().zip(b) {
        *a += k * b;
    }
}

/// Writes into `mean` the column means of `a`, rows of `mean.len()` entries one
/// after the other.
fn column_mean(a: &[f64], mean: &mut [f64]) {
    mean.fill(0.0);
    if mean.is_empty() {
        return;
    }
    let rows = a.len() / mean.len();
    for row in a.chunks_exact(mean.len()) {
        for (m, v) in mean.iter_mut().zip(row) {
            *m += v;
        }
    }
    let rows = rows.max(1) as f64;
    for m in mean.iter_mut() {
        *m /= rows;
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

// ------------------------------------------------------------- estimator interface

impl MlpParams {
    /// Sets the parameter `name` (one of [`MLP_PARAMS`](super::MLP_PARAMS)) from a
    /// grid value. `batch_size` takes `auto` for scikit-learn's `min(200, n)`.
    ///
    /// # Errors
    /// [`Error::InvalidParam`] for a value of the wrong type, [`Error::UnknownParam`]
    /// for another name.
    pub fn set(&mut self, name: &str, value: &super::ParamValue) -> Result<()> {
        let read = super::estimator::ValueReader { name, value };
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
                    super::ParamValue::Str(s) if s == "auto" => None,
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
                    known: super::MLP_PARAMS.iter().map(|s| s.to_string()).collect(),
                });
            }
        }
        Ok(())
    }
}

impl ValidMlpParams {
    /// Fits to the estimator interface's [`Target`](super::Target).
    ///
    /// # Errors
    /// As [`ValidMlpParams::fit`].
    pub fn fit_target(&self, x: ArrayView2<f64>, target: super::Target) -> Result<FittedMlp> {
        let target = match target {
            super::Target::Classes { y, n_classes } => MlpTarget::Classes { y, n_classes },
            super::Target::Values(y) => MlpTarget::Values(y),
        };
        self.fit(x, &target)
    }
}

impl super::Estimator for FittedMlp {
    fn predict(&self, x: ArrayView2<f64>) -> Result<super::Prediction> {
        Ok(match self.kind {
            MlpKind::Classifier { .. } => super::Prediction::Classes(self.predict_classes(x)?),
            MlpKind::Regressor => super::Prediction::Values(self.predict_values(x)?),
        })
    }
    fn predict_proba(&self, x: ArrayView2<f64>) -> Result<Array2<f64>> {
        FittedMlp::predict_proba(self, x)
    }
    fn outcome(&self) -> &Outcome {
        &self.outcome
    }
    fn history(&self) -> &History {
        &self.history
    }
    fn n_iter(&self) -> usize {
        self.n_iter
    }
}

/// The network's full-batch loss as a function of its flat weights, for the
/// trajectory chart.
pub struct MlpSurface<'a> {
    net: Net,
    /// The rows, contiguous (the forward pass's kernels want them so).
    x: ndarray::CowArray<'a, f64, ndarray::Ix2>,
    /// The targets row by row, as the output layer sees them.
    y: Vec<f64>,
    alpha: f64,
    /// One workspace for every evaluation: a landscape evaluates the loss hundreds
    /// of times, and only the forward pass (no gradient).
    ws: std::cell::RefCell<Workspace>,
}

impl FittedMlp {
    /// The weights as one flat vector (`coefs[0]` row by row, `intercepts[0]`,
    /// `coefs[1]`, `intercepts[1]`), the order of the history's snapshots.
    pub fn theta(&self) -> Vec<f64> {
        self.weights.to_flat()
    }

    /// The loss surface of this network's architecture on `x` and `target`, with the
    /// penalty of `params`.
    ///
    /// # Errors
    /// When the weights are malformed.
    pub fn surface<'a>(
        &self,
        params: &MlpParams,
        x: ArrayView2<'a, f64>,
        target: super::Target<'a>,
    ) -> Result<MlpSurface<'a>> {
        let target = match target {
            super::Target::Classes { y, n_classes } => MlpTarget::Classes { y, n_classes },
            super::Target::Values(y) => MlpTarget::Values(y),
        };
        let shape = self.weights.shape()?;
        let kind = target.kind()?;
        check_data(x, &target, shape.f)?;
        if shape.o != target.n_outputs() {
            return Err(Error::Shape(format!(
                "the network has {} outputs but the target needs {}",
                shape.o,
                target.n_outputs()
            )));
        }
        Ok(MlpSurface {
            net: Net {
                shape,
                activation: self.activation,
                output: kind.output(),
            },
            x: if x.is_standard_layout() {
                ndarray::CowArray::from(x)
            } else {
                ndarray::CowArray::from(x.as_standard_layout().into_owned())
            },
            y: target.flat_matrix(),
            alpha: params.alpha,
            ws: std::cell::RefCell::new(Workspace::new(x.nrows(), shape)),
        })
    }
}

impl MlpSurface<'_> {
    /// `(data loss, alpha term)` at `theta`, forward pass only; NaN for a vector of
    /// another length.
    fn loss_parts(&self, theta: &[f64]) -> (f64, f64) {
        let Ok(mut ws) = self.ws.try_borrow_mut() else {
            return (f64::NAN, f64::NAN);
        };
        self.net
            .batch(theta, self.x.view(), &self.y, self.alpha, &mut ws, None)
            .unwrap_or((f64::NAN, f64::NAN))
    }
}

impl super::landscape::Surface for MlpSurface<'_> {
    fn dim(&self) -> usize {
        self.net.shape.len
    }
    fn value_at(&self, theta: &[f64]) -> f64 {
        let (data, penalty) = self.loss_parts(theta);
        data + penalty
    }
    fn data_loss_at(&self, theta: &[f64]) -> f64 {
        self.loss_parts(theta).0
    }
    fn parameter_name(&self, i: usize) -> String {
        let Shape { f, h, ends, .. } = self.net.shape;
        if i < ends[0] {
            format!("W1[{}, {}]", i / h.max(1), i % h.max(1))
        } else if i < ends[1] {
            format!("b1[{}]", i - ends[0])
        } else if i < ends[2] {
            let k = i - ends[1];
            let o = (ends[2] - ends[1]) / h.max(1);
            format!("W2[{}, {}]", k / o.max(1), k % o.max(1))
        } else {
            let _ = f;
            format!("b2[{}]", i - ends[2])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::{array, s};

    /// Weights drawn like the initialisation, for gradient checks.
    fn random_weights(f: usize, h: usize, o: usize, seed: u64, scale: f64) -> MlpWeights {
        let mut rng = Pcg64Mcg::seed_from_u64(seed);
        let mut w = MlpWeights::zeros(f, h, o);
        for a in w.coefs.iter_mut() {
            a.mapv_inplace(|_| scale * (2.0 * rng.random::<f64>() - 1.0));
        }
        for a in w.intercepts.iter_mut() {
            a.mapv_inplace(|_| scale * (2.0 * rng.random::<f64>() - 1.0));
        }
        w
    }

    fn random_x(n: usize, f: usize, seed: u64) -> Array2<f64> {
        let mut rng = Pcg64Mcg::seed_from_u64(seed);
        Array2::from_shape_fn((n, f), |_| 2.0 * rng.random::<f64>() - 1.0)
    }

    /// Two interleaving half circles with a little noise, `n` rows, labels 0/1.
    fn moons(n: usize, seed: u64) -> (Array2<f64>, Vec<usize>) {
        let mut rng = Pcg64Mcg::seed_from_u64(seed);
        let mut x = Array2::zeros((n, 2));
        let mut y = vec![0; n];
        for i in 0..n {
            let t = std::f64::consts::PI * rng.random::<f64>();
            let (a, b, c) = if i % 2 == 0 {
                (t.cos(), t.sin(), 0)
            } else {
                (1.0 - t.cos(), 0.5 - t.sin(), 1)
            };
            x[[i, 0]] = a + 0.1 * (2.0 * rng.random::<f64>() - 1.0);
            x[[i, 1]] = b + 0.1 * (2.0 * rng.random::<f64>() - 1.0);
            y[i] = c;
        }
        (x, y)
    }

    /// The fixed start of the scikit-learn parity tests (a 2-3-o network).
    fn parity_start(o: usize) -> MlpWeights {
        let w1 = array![[0.4, -0.3, 0.2], [-0.6, 0.5, 0.1], [0.2, 0.3, -0.5]];
        MlpWeights {
            coefs: [
                array![[0.3, -0.5, 0.2], [0.6, 0.1, -0.4]],
                w1.slice(s![.., ..o]).to_owned(),
            ],
            intercepts: [
                array![0.05, -0.1, 0.2],
                array![0.1, -0.2, 0.05].slice(s![..o]).to_owned(),
            ],
        }
    }

    fn parity_x() -> Array2<f64> {
        array![
            [0.1, -0.4],
            [0.9, 0.3],
            [-0.5, 0.8],
            [0.2, 0.2],
            [-0.7, -0.6],
            [0.4, -0.9],
            [-0.1, 0.5],
            [0.8, -0.2]
        ]
    }

    const PARITY_BINARY: [usize; 8] = [0, 1, 1, 0, 1, 0, 0, 1];
    const PARITY_MULTI: [usize; 8] = [0, 2, 1, 2, 1, 0, 2, 1];
    const PARITY_VALUES: [f64; 8] = [0.5, -1.0, 2.0, 0.0, 1.5, -0.3, 0.7, 1.1];

    fn assert_close(found: &[f64], expected: &[f64], what: &str) {
        assert_eq!(found.len(), expected.len(), "{what}");
        for (f, e) in found.iter().zip(expected) {
            assert!(
                (f - e).abs() <= 1e-12 * (1.0 + e.abs()),
                "{what}: {found:?} vs {expected:?}"
            );
        }
    }

    /// Values computed by scikit-learn 1.9.1 (`MLP._backprop` on the same weights).
    #[test]
    #[allow(clippy::type_complexity)]
    fn loss_and_gradient_match_scikit_learn() {
        let x = parity_x();
        let cases: [(MlpTarget, f64, Activation, f64, [f64; 6], &[f64]); 3] = [
            (
                MlpTarget::Classes {
                    y: &PARITY_BINARY,
                    n_classes: 2,
                },
                0.01,
                Activation::Tanh,
                0.7084820869389368,
                [
                    0.014399476626180869,
                    -0.03283443256072882,
                    0.007687461055243289,
                    -0.019483649229765962,
                    0.026327118611365198,
                    -0.007109664416928976,
                ],
                &[0.06581235618601224],
            ),
            (
                MlpTarget::Classes {
                    y: &PARITY_MULTI,
                    n_classes: 3,
                },
                0.1,
                Activation::Relu,
                1.1047296505762199,
                [
                    0.016028557101058286,
                    0.0729923301766718,
                    0.05965831454281963,
                    0.035759641041951645,
                    -0.014874323098785568,
                    0.07923486996502438,
                ],
                &[
                    0.15128968463753112,
                    -0.09208149685202865,
                    -0.05920818778550243,
                ],
            ),
            (
                MlpTarget::Values(&PARITY_VALUES),
                0.05,
                Activation::Logistic,
                0.5539619803398046,
                [
                    0.03247980853062868,
                    -0.05118328348841656,
                    0.017386755444736526,
                    -0.003984116365680136,
                    0.012276436664917055,
                    -0.006210210007617169,
                ],
                &[-0.4183927566795787],
            ),
        ];
        for (target, alpha, act, loss, g0, gb1) in cases {
            let start = parity_start(target.n_outputs());
            let (l, g) = loss_and_gradient(&start, x.view(), &target, alpha, act).unwrap();
            assert_close(&[l], &[loss], "loss");
            assert_close(g.coefs[0].as_slice().unwrap(), &g0, "coef grad 0");
            assert_close(g.intercepts[1].as_slice().unwrap(), gb1, "intercept grad 1");
        }
    }

    /// Six epochs from the same start, without shuffling, as scikit-learn 1.9.1
    /// (`warm_start` with `coefs_` and `intercepts_` set, `tol=0`).
    #[test]
    #[allow(clippy::type_complexity)]
    fn training_matches_scikit_learn() {
        let x = parity_x();
        let binary = MlpTarget::Classes {
            y: &PARITY_BINARY,
            n_classes: 2,
        };
        let multi = MlpTarget::Classes {
            y: &PARITY_MULTI,
            n_classes: 3,
        };
        let values = MlpTarget::Values(&PARITY_VALUES);
        let base = MlpParams::default()
            .hidden_layer_sizes(3)
            .shuffle(false)
            .tol(0.0)
            .max_iter(6);
        let cases: [(MlpParams, MlpTarget, &[f64], &[f64], &[f64]); 3] = [
            (
                base.clone()
                    .activation(Activation::Tanh)
                    .alpha(0.01)
                    .batch_size(Some(3))
                    .learning_rate_init(0.05),
                binary,
                &[
                    0.725354104801388,
                    0.6943814784828245,
                    0.6853911072258765,
                    0.6831489798578391,
                    0.6830693447310964,
                    0.6830966807401423,
                ],
                &[
                    0.5115656939953542,
                    -0.3763325463041922,
                    -0.08204130775316046,
                ],
                &[
                    -0.14654953475282065,
                    0.12391984198171233,
                    0.11772467165699477,
                ],
            ),
            (
                base.clone()
                    .solver(MlpSolver::Sgd)
                    .alpha(0.1)
                    .batch_size(Some(3))
                    .learning_rate_init(0.1),
                multi,
                &[
                    1.1237000672514161,
                    1.0537372093214137,
                    1.011949679346014,
                    0.991045736374445,
                    0.9648424315051009,
                    0.9213810923627033,
                ],
                &[
                    -0.05256568979295368,
                    -0.16337908980761584,
                    0.4022586522504502,
                    -0.6698902470583288,
                    0.6523350594764357,
                    0.017555187581893027,
                    0.6589005367779888,
                    0.22226057764686288,
                    -0.8811611144248517,
                ],
                &[-0.01739237992186319, 0.3108159280728578, 0.4613282874759785],
            ),
            (
                base.clone()
                    .solver(MlpSolver::Sgd)
                    .activation(Activation::Logistic)
                    .alpha(0.05)
                    .batch_size(Some(5))
                    .learning_rate_init(0.05)
                    .momentum(0.5)
                    .nesterovs_momentum(false),
                values,
                &[
                    0.5535505973796925,
                    0.5188437544436545,
                    0.491230421375291,
                    0.47657081173703497,
                    0.46944962313194705,
                    0.46567601048053386,
                ],
                &[0.4966948354230813, -0.4540882830069177, 0.2853435094150108],
                &[
                    0.07218825576583505,
                    -0.12961072706187324,
                    0.21241078852166384,
                ],
            ),
        ];
        for (params, target, curve, coef1, b0) in cases {
            let model = params
                .check()
                .unwrap()
                .fit_from(x.view(), &target, &parity_start(target.n_outputs()))
                .unwrap();
            assert_close(&model.loss_curve, curve, "loss curve");
            assert_close(
                model.weights.coefs[1].as_slice().unwrap(),
                coef1,
                "coefs[1]",
            );
            assert_close(
                model.weights.intercepts[0].as_slice().unwrap(),
                b0,
                "intercepts[0]",
            );
        }
    }

    /// The full-batch teaching solvers are scikit-learn's `sgd` with
    /// `batch_size = n_samples`, and the no-improvement rule stops at the same epoch.
    #[test]
    fn full_batch_solvers_and_stopping_match_scikit_learn() {
        let x = parity_x();
        let multi = MlpTarget::Classes {
            y: &PARITY_MULTI,
            n_classes: 3,
        };
        let values = MlpTarget::Values(&PARITY_VALUES);
        let base = MlpParams::default()
            .hidden_layer_sizes(3)
            .tol(0.0)
            .max_iter(6);
        let gd = base
            .clone()
            .solver(MlpSolver::Gd)
            .activation(Activation::Identity)
            .alpha(0.2)
            .learning_rate_init(0.3)
            .check()
            .unwrap()
            .fit_from(x.view(), &multi, &parity_start(3))
            .unwrap();
        assert_close(
            &gd.loss_curve,
            &[
                1.1455206615266014,
                1.1051011442892231,
                1.0758870169136707,
                1.0532792162656657,
                1.0348108225909038,
                1.0190601350370603,
            ],
            "gd",
        );
        let nesterov = base
            .solver(MlpSolver::Nesterov)
            .activation(Activation::Tanh)
            .alpha(0.2)
            .learning_rate_init(0.1)
            .momentum(0.8)
            .check()
            .unwrap()
            .fit_from(x.view(), &values, &parity_start(1))
            .unwrap();
        assert_close(
            &nesterov.loss_curve,
            &[
                0.6537413070131696,
                0.6079025592903219,
                0.5618697076623277,
                0.5223153320075685,
                0.49075621799109886,
                0.46632000124309897,
            ],
            "nesterov",
        );
        // Epoch 5 fails to improve by tol, 6 and 7 too: 3 > n_iter_no_change = 2.
        let stopped = MlpParams::default()
            .hidden_layer_sizes(3)
            .shuffle(false)
            .activation(Activation::Tanh)
            .alpha(0.01)
            .batch_size(Some(3))
            .learning_rate_init(0.05)
            .tol(1e-3)
            .n_iter_no_change(2)
            .check()
            .unwrap()
            .fit_from(
                x.view(),
                &MlpTarget::Classes {
                    y: &PARITY_BINARY,
                    n_classes: 2,
                },
                &parity_start(1),
            )
            .unwrap();
        assert_eq!(stopped.outcome, Outcome::Converged { iteration: 7 });
        assert_close(
            &stopped.loss_curve[4..],
            &[0.6830693447310964, 0.6830966807401423, 0.6826963859999887],
            "stopping",
        );
    }

    /// Compares the analytic gradient with central differences on every parameter.
    fn check_gradient(target: &MlpTarget, x: ArrayView2<f64>, w: &MlpWeights, act: Activation) {
        let alpha = 0.3;
        let (_, grad) = loss_and_gradient(w, x, target, alpha, act).unwrap();
        let shape = w.shape().unwrap();
        let theta = w.to_flat();
        let analytic = grad.to_flat();
        let h = 1e-6;
        for i in 0..theta.len() {
            let mut plus = theta.clone();
            plus[i] += h;
            let mut minus = theta.clone();
            minus[i] -= h;
            let lp = loss_and_gradient(
                &MlpWeights::from_flat(shape, &plus).unwrap(),
                x,
                target,
                alpha,
                act,
            )
            .unwrap()
            .0;
            let lm = loss_and_gradient(
                &MlpWeights::from_flat(shape, &minus).unwrap(),
                x,
                target,
                alpha,
                act,
            )
            .unwrap()
            .0;
            let numeric = (lp - lm) / (2.0 * h);
            assert!(
                (numeric - analytic[i]).abs() < 1e-6 * (1.0 + numeric.abs()),
                "{act} parameter {i}: numeric {numeric}, analytic {}",
                analytic[i]
            );
        }
    }

    #[test]
    fn gradient_matches_finite_differences() {
        let x = random_x(7, 3, 1);
        let binary = [0, 1, 1, 0, 1, 0, 0];
        let multi = [0, 2, 1, 2, 1, 0, 2];
        let values = [0.5, -1.0, 2.0, 0.0, 1.5, -0.3, 0.7];
        let targets = [
            MlpTarget::Classes {
                y: &binary,
                n_classes: 2,
            },
            MlpTarget::Classes {
                y: &multi,
                n_classes: 3,
            },
            MlpTarget::Values(&values),
        ];
        for (t, target) in targets.iter().enumerate() {
            for (a, act) in [Activation::Tanh, Activation::Logistic, Activation::Identity]
                .into_iter()
                .enumerate()
            {
                let w = random_weights(3, 4, target.n_outputs(), (10 * t + a) as u64, 0.8);
                check_gradient(target, x.view(), &w, act);
            }
        }
    }

    #[test]
    fn relu_gradient_matches_away_from_kinks() {
        let x = random_x(6, 2, 2);
        let multi = [0, 1, 2, 2, 1, 0];
        let values = [1.0, 0.0, -1.0, 0.5, 0.2, 2.0];
        for target in [
            MlpTarget::Classes {
                y: &multi,
                n_classes: 3,
            },
            MlpTarget::Values(&values),
        ] {
            let mut w = random_weights(2, 5, target.n_outputs(), 3, 0.8);
            // Move every hidden pre-activation at least 0.1 away from zero.
            let z = x.dot(&w.coefs[0]) + &w.intercepts[0];
            for j in 0..5 {
                let col = z.column(j);
                let closest = col
                    .iter()
                    .copied()
                    .min_by(|a, b| a.abs().total_cmp(&b.abs()))
                    .unwrap();
                if closest.abs() < 0.1 {
                    w.intercepts[0][j] += 0.1 * closest.signum() + closest;
                }
            }
            let z = x.dot(&w.coefs[0]) + &w.intercepts[0];
            assert!(z.iter().all(|v| v.abs() > 1e-4), "{z}");
            check_gradient(&target, x.view(), &w, Activation::Relu);
        }
    }

    #[test]
    fn loss_matches_hand_computation() {
        // One hidden identity unit with weight 1, output weight 1: ŷ = x.
        let mut w = MlpWeights::zeros(1, 1, 1);
        w.coefs[0][[0, 0]] = 1.0;
        w.coefs[1][[0, 0]] = 2.0;
        let x = array![[1.0], [3.0]];
        let (loss, _) = loss_and_gradient(
            &w,
            x.view(),
            &MlpTarget::Values(&[1.0, 1.0]),
            0.5,
            Activation::Identity,
        )
        .unwrap();
        // ŷ = [2, 6]: ½·mean(1, 25) = 6.5; ½·0.5·(1 + 4)/2 = 0.625.
        assert!((loss - 7.125).abs() < 1e-12, "{loss}");
        // A certain wrong binary prediction is clipped at ε.
        w.coefs[1][[0, 0]] = 1000.0;
        let (loss, _) = loss_and_gradient(
            &w,
            array![[1.0]].view(),
            &MlpTarget::Classes {
                y: &[0],
                n_classes: 2,
            },
            0.0,
            Activation::Identity,
        )
        .unwrap();
        assert!((loss + (f64::EPSILON).ln()).abs() < 1e-9, "{loss}");
    }

    #[test]
    fn init_uses_glorot_bounds_layer_by_layer() {
        assert!((glorot_bound(2, 10, Activation::Relu) - 0.5_f64.sqrt()).abs() < 1e-15);
        assert!(
            (glorot_bound(2, 10, Activation::Logistic) - (2.0_f64 / 12.0).sqrt()).abs() < 1e-15
        );
        for act in [Activation::Relu, Activation::Logistic] {
            let shape = Shape::new(3, 20, 4).unwrap();
            let net = Net {
                shape,
                activation: act,
                output: OutputActivation::Softmax,
            };
            let theta = net.init(&mut Pcg64Mcg::seed_from_u64(5));
            let w = MlpWeights::from_flat(shape, &theta).unwrap();
            let hidden = glorot_bound(3, 20, act);
            let output = glorot_bound(20, 4, act);
            for (a, bound) in [
                (
                    w.coefs[0]
                        .iter()
                        .chain(&w.intercepts[0])
                        .collect::<Vec<_>>(),
                    hidden,
                ),
                (w.coefs[1].iter().chain(&w.intercepts[1]).collect(), output),
            ] {
                assert!(a.iter().all(|v| v.abs() <= bound));
                // The draws fill the range rather than a corner of it.
                let max = a.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
                assert!(max > 0.7 * bound, "{act}: {max} vs {bound}");
            }
        }
    }

    #[test]
    fn learns_moons_with_tanh_and_adam() {
        let (x, y) = moons(100, 7);
        let model = MlpParams::default()
            .hidden_layer_sizes(10)
            .activation(Activation::Tanh)
            .learning_rate_init(0.01)
            .max_iter(2000)
            .check()
            .unwrap()
            .fit(
                x.view(),
                &MlpTarget::Classes {
                    y: &y,
                    n_classes: 2,
                },
            )
            .unwrap();
        let pred = model.predict_classes(x.view()).unwrap();
        let accuracy = pred.iter().zip(&y).filter(|(p, t)| p == t).count() as f64 / 100.0;
        assert!(accuracy >= 0.95, "accuracy {accuracy}, {:?}", model.outcome);
        let proba = model.predict_proba(x.view()).unwrap();
        assert!(
            proba
                .rows()
                .into_iter()
                .all(|r| (r.sum() - 1.0).abs() < 1e-12)
        );
        assert_eq!(model.loss_curve.len(), model.n_iter);
        assert_eq!(model.history.iteration.first(), Some(&0));
        assert_eq!(model.history.iteration.last(), Some(&model.n_iter));
    }

    #[test]
    fn multiclass_and_regression_fit() {
        let x = random_x(60, 2, 9);
        let labels: Vec<usize> = x
            .rows()
            .into_iter()
            .map(|r| {
                if r[0] > 0.3 {
                    2
                } else if r[1] > 0.0 {
                    1
                } else {
                    0
                }
            })
            .collect();
        let model = MlpParams::default()
            .hidden_layer_sizes(16)
            .learning_rate_init(0.02)
            .max_iter(500)
            .check()
            .unwrap()
            .fit(
                x.view(),
                &MlpTarget::Classes {
                    y: &labels,
                    n_classes: 3,
                },
            )
            .unwrap();
        let pred = model.predict_classes(x.view()).unwrap();
        let right = pred.iter().zip(&labels).filter(|(p, t)| p == t).count();
        assert!(right >= 54, "{right}/60");
        assert_eq!(model.predict_proba(x.view()).unwrap().dim(), (60, 3));
        assert!(model.predict_values(x.view()).is_err());

        let values: Vec<f64> = x.rows().into_iter().map(|r| r[0] - 2.0 * r[1]).collect();
        let model = MlpParams::default()
            .activation(Activation::Identity)
            .learning_rate_init(0.01)
            .max_iter(500)
            .check()
            .unwrap()
            .fit(x.view(), &MlpTarget::Values(&values))
            .unwrap();
        let pred = model.predict_values(x.view()).unwrap();
        let mse = pred
            .iter()
            .zip(&values)
            .map(|(p, t)| (p - t) * (p - t))
            .sum::<f64>()
            / 60.0;
        assert!(mse < 1e-2, "mse {mse}");
        assert!(model.predict_classes(x.view()).is_err());
        assert!(model.predict_values(array![[1.0]].view()).is_err());
    }

    #[test]
    fn epoch_loss_is_the_sum_of_batch_losses() {
        // With a full batch, the first epoch's loss is the loss at the start.
        let x = random_x(10, 2, 4);
        let y = [0, 1, 0, 1, 1, 0, 0, 1, 1, 0];
        let target = MlpTarget::Classes {
            y: &y,
            n_classes: 2,
        };
        let p = MlpParams::default()
            .hidden_layer_sizes(3)
            .max_iter(1)
            .alpha(0.5);
        let model = p
            .clone()
            .solver(MlpSolver::Gd)
            .check()
            .unwrap()
            .fit(x.view(), &target)
            .unwrap();
        let shape = Shape::new(2, 3, 1).unwrap();
        let start = MlpWeights::from_flat(shape, &model.history.snapshots[0].theta).unwrap();
        let (loss, _) =
            loss_and_gradient(&start, x.view(), &target, 0.5, Activation::Relu).unwrap();
        assert!((model.loss_curve[0] - loss).abs() < 1e-12);
        assert!((model.history.objective[0] - loss).abs() < 1e-12);
        // With batches of 4, 4 and 2 rows, each carries its own alpha term.
        let model = p
            .batch_size(Some(4))
            .shuffle(false)
            .check()
            .unwrap()
            .fit(x.view(), &target)
            .unwrap();
        let data = model.history.data_loss[1];
        assert!(model.loss_curve[0] > data + 2.5 * model.history.penalty[1]);
        assert!(matches!(
            model.outcome,
            Outcome::MaxIter { iteration: 1, .. }
        ));
    }

    #[test]
    fn no_improvement_stops_with_converged() {
        let x = random_x(20, 2, 5);
        let y: Vec<usize> = (0..20).map(|i| i % 2).collect();
        // A tol larger than any progress: the 1st epoch sets the best loss, the next
        // n_iter_no_change + 1 epochs fail to beat it by tol.
        let model = MlpParams::default()
            .tol(10.0)
            .n_iter_no_change(3)
            .check()
            .unwrap()
            .fit(
                x.view(),
                &MlpTarget::Classes {
                    y: &y,
                    n_classes: 2,
                },
            )
            .unwrap();
        assert_eq!(model.outcome, Outcome::Converged { iteration: 5 });
        assert_eq!(model.n_iter, 5);
        assert_eq!(model.loss_curve.len(), 5);
    }

    #[test]
    fn huge_learning_rate_diverges_without_panicking() {
        let x = random_x(30, 2, 6);
        let values: Vec<f64> = x.rows().into_iter().map(|r| 10.0 * r[0] + r[1]).collect();
        for solver in [MlpSolver::Sgd, MlpSolver::Momentum, MlpSolver::Gd] {
            let model = MlpParams::default()
                .solver(solver)
                .learning_rate_init(1e3)
                .max_iter(500)
                .check()
                .unwrap()
                .fit(x.view(), &MlpTarget::Values(&values))
                .unwrap();
            match &model.outcome {
                Outcome::Diverged { reason, .. } => {
                    assert!(reason.contains("learning_rate_init"), "{reason}")
                }
                other => panic!("{solver}: {other:?}"),
            }
        }
    }

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

    #[test]
    fn bad_data_is_an_error_not_a_panic() {
        let p = MlpParams::default().check().unwrap();
        let x = random_x(4, 2, 1);
        let short = MlpTarget::Values(&[1.0, 2.0]);
        assert!(matches!(p.fit(x.view(), &short), Err(Error::Shape(_))));
        let bad_label = MlpTarget::Classes {
            y: &[0, 1, 2, 0],
            n_classes: 2,
        };
        assert!(matches!(
            p.fit(x.view(), &bad_label),
            Err(Error::InvalidData(_))
        ));
        let one_class = MlpTarget::Classes {
            y: &[0, 0, 0, 0],
            n_classes: 1,
        };
        assert!(p.fit(x.view(), &one_class).is_err());
        let empty = Array2::<f64>::zeros((0, 2));
        assert!(p.fit(empty.view(), &MlpTarget::Values(&[])).is_err());
        let w = MlpWeights::zeros(3, 2, 1);
        assert!(
            loss_and_gradient(
                &w,
                x.view(),
                &MlpTarget::Values(&[0.0; 4]),
                0.0,
                Activation::Relu
            )
            .is_err()
        );
        let w = MlpWeights::zeros(2, 2, 3);
        assert!(
            loss_and_gradient(
                &w,
                x.view(),
                &MlpTarget::Values(&[0.0; 4]),
                0.0,
                Activation::Relu
            )
            .is_err()
        );
        let model = p
            .fit(x.view(), &MlpTarget::Values(&[0.0, 1.0, 2.0, 3.0]))
            .unwrap();
        assert!(
            model
                .decision_function(array![[1.0, 2.0, 3.0]].view())
                .is_err()
        );
    }

    #[test]
    fn history_snapshots_are_the_flat_weights() {
        let x = random_x(12, 2, 8);
        let y: Vec<usize> = (0..12).map(|i| i % 3).collect();
        let model = MlpParams::default()
            .hidden_layer_sizes(4)
            .max_iter(20)
            .check()
            .unwrap()
            .fit(
                x.view(),
                &MlpTarget::Classes {
                    y: &y,
                    n_classes: 3,
                },
            )
            .unwrap();
        let last = model.history.snapshots.last().unwrap();
        assert_eq!(last.iteration, model.n_iter);
        assert_eq!(last.theta, model.weights.to_flat());
        assert_eq!(last.theta.len(), 2 * 4 + 4 + 4 * 3 + 3);
        // The recorded penalty is the alpha term on the full data.
        let expected = 0.5
            * 1e-4
            * (model.weights.coefs[0].mapv(|v| v * v).sum()
                + model.weights.coefs[1].mapv(|v| v * v).sum())
            / 12.0;
        assert!((model.history.penalty.last().unwrap() - expected).abs() < 1e-15);
    }
}
