//! A fitted network ([`FittedMlp`]): its predictions, the estimator interface, and
//! the loss surface of its architecture ([`MlpSurface`]).

use ndarray::{Array2, ArrayView2, Axis};
use serde::Serialize;

use super::net::{MlpWeights, Net, Shape, Workspace, check_data, shape_error};
use super::params::{Activation, MlpKind, MlpParams, MlpTarget};
use crate::error::{Error, Result};
use crate::model;
use crate::model::history::{History, Outcome};
use crate::model::kernels;

/// Rows a prediction runs through the network at a time.
const PREDICT_BLOCK: usize = 4096;

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
        // A block of rows at a time: the hidden layer of every row at once would be
        // `m × h` numbers (80 MB for 100 000 rows and 100 units). Each row's outputs
        // are computed the same way in any block.
        let mut out = vec![0.0; m * o];
        let mut hidden = vec![0.0; PREDICT_BLOCK.min(m) * h];
        let blocks = x
            .chunks(PREDICT_BLOCK.saturating_mul(f).max(1))
            .zip(out.chunks_mut(PREDICT_BLOCK.saturating_mul(o).max(1)));
        for (xb, ob) in blocks {
            let rows = xb.len() / f.max(1);
            let Some(hb) = hidden.get_mut(..rows * h) else {
                return Err(Error::Shape(format!("a block of {rows} rows")));
            };
            kernels::mat_nn(1.0, xb, w0, hb, rows, f, h);
            self.activation.add_and_apply(hb, b0);
            kernels::mat_nn(1.0, hb, w1, ob, rows, h, o);
        }
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

impl model::Estimator for FittedMlp {
    fn predict(&self, x: ArrayView2<f64>) -> Result<model::Prediction> {
        Ok(match self.kind {
            MlpKind::Classifier { .. } => model::Prediction::Classes(self.predict_classes(x)?),
            MlpKind::Regressor => model::Prediction::Values(self.predict_values(x)?),
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
        target: model::Target<'a>,
    ) -> Result<MlpSurface<'a>> {
        let target = match target {
            model::Target::Classes { y, n_classes } => MlpTarget::Classes { y, n_classes },
            model::Target::Values(y) => MlpTarget::Values(y),
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

impl model::landscape::Surface for MlpSurface<'_> {
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
