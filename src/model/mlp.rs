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
//!
//! [`History`]: super::History
//! [`Outcome::Converged`]: super::Outcome::Converged
//! [`Outcome::MaxIter`]: super::Outcome::MaxIter
//! [`Outcome::Oscillating`]: super::Outcome::Oscillating
//! [`Outcome::Diverged`]: super::Outcome::Diverged

mod fitted;
mod net;
mod params;
mod rows;
mod train;

pub use self::fitted::{FittedMlp, MlpSurface};
pub use self::net::{MlpWeights, glorot_bound, loss_and_gradient};
pub use self::params::{Activation, MlpKind, MlpParams, MlpSolver, MlpTarget, ValidMlpParams};

#[cfg(test)]
mod tests;
