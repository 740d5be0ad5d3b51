//! What a front end needs to build its pickers, from the core's own tables: the
//! models with their parameters and default grids, the data sets, the scorers and
//! the limits. One place for these facts, so the page never copies them.
//!
//! ```
//! let c = tunelab::catalog::catalog();
//! assert!(c.models.iter().any(|m| m.name == "ridge" && !m.classifier));
//! assert!(c.datasets.iter().any(|d| d.name == "moons" && d.generated));
//! ```

use crate::collect::CollectVec;
use serde::Serialize;

use crate::data::BUILTIN;
use crate::data::generate::{Kind, Spec};
use crate::metrics::Scorer;
use crate::model::ModelKind;
use crate::select::ParamGrid;

/// One model.
#[derive(Debug, Clone, Serialize)]
pub struct ModelInfo {
    /// Name in grids, the CLI and the page (`ridge`).
    pub name: &'static str,
    /// scikit-learn's class (`Ridge`).
    pub sklearn_class: &'static str,
    /// Predicts classes (else numbers).
    pub classifier: bool,
    /// Its own hyperparameters, by scikit-learn's names.
    pub params: Vec<&'static str>,
    /// The regularisation knob and whether larger values regularise less (`C`).
    pub regularisation: Option<(&'static str, bool)>,
    /// The grid a search uses when none is given.
    pub default_grid: ParamGrid,
}

/// One data set.
#[derive(Debug, Clone, Serialize)]
pub struct DatasetInfo {
    /// Name (`iris`, `moons`).
    pub name: &'static str,
    /// Generated (takes rows, noise and seed) rather than real.
    pub generated: bool,
    /// A numeric target.
    pub regression: bool,
    /// Default rows of a generated set.
    pub n_samples: Option<usize>,
    /// Default noise of a generated set.
    pub noise: Option<f64>,
}

/// One scorer.
#[derive(Debug, Clone, Serialize)]
pub struct ScorerInfo {
    /// scikit-learn's `scoring=` string.
    pub name: &'static str,
    /// For numeric targets.
    pub regression: bool,
}

/// The limits the core enforces: [`crate::limits::Limits`], all of them.
pub use crate::limits::Limits;

/// Everything above.
#[derive(Debug, Clone, Serialize)]
pub struct Catalog {
    /// Models, classifiers first.
    pub models: Vec<ModelInfo>,
    /// Built-in sets, then generated ones.
    pub datasets: Vec<DatasetInfo>,
    /// Scorers, classification first.
    pub scorers: Vec<ScorerInfo>,
    /// Limits.
    pub limits: Limits,
}

/// The catalog.
pub fn catalog() -> Catalog {
    let models = ModelKind::ALL
        .iter()
        .map(|&k| ModelInfo {
            name: k.name(),
            sklearn_class: k.sklearn_class(),
            classifier: k.is_classifier(),
            params: k.param_names().to_vec(),
            regularisation: k.regularisation(),
            default_grid: ParamGrid::default_for(k),
        })
        .collect_vec();
    let mut datasets: Vec<DatasetInfo> = BUILTIN
        .iter()
        .map(|&name| DatasetInfo {
            name,
            generated: false,
            regression: name == "diabetes",
            n_samples: None,
            noise: None,
        })
        .collect_vec();
    datasets.extend(Kind::ALL.iter().map(|&kind| {
        let spec = Spec::new(kind);
        DatasetInfo {
            name: kind.name(),
            generated: true,
            regression: kind.is_regression(),
            n_samples: Some(spec.n_samples),
            noise: Some(spec.noise),
        }
    }));
    Catalog {
        models,
        datasets,
        scorers: Scorer::ALL
            .iter()
            .map(|s| ScorerInfo {
                name: s.name(),
                regression: s.is_regression(),
            })
            .collect_vec(),
        limits: crate::limits::limits(),
    }
}
