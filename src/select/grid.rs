//! Parameter grids, expanded in scikit-learn's `ParameterGrid` order.
//!
//! A grid maps parameter names to lists of values; its candidates are every
//! combination, with the names sorted and the last name varying fastest. A
//! [`ParamGrid`] may hold several such grids (scikit-learn's list of dicts), so that
//! `l1_ratio` can go with `elasticnet` only; their candidates follow one another.
//!
//! ```
//! use tunelab::select::ParamGrid;
//! let grid = ParamGrid::parse(&["penalty=l1,l2", "C=0.1,1"])?;
//! let names: Vec<String> = grid.candidates().iter()
//!     .map(|c| format!("{}/{}", c["C"], c["penalty"])).collect();
//! assert_eq!(names, ["0.1/l1", "0.1/l2", "1/l1", "1/l2"]);
//! # Ok::<(), tunelab::Error>(())
//! ```

use crate::collect::CollectVec;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::model::{ModelKind, ParamValue, Params, Pipeline};

pub use crate::limits::MAX_CANDIDATES;

/// One candidate: a value for each parameter of its grid, by name.
pub type Candidate = BTreeMap<String, ParamValue>;

/// One grid: parameter name → the values to try (a `BTreeMap`, so names are sorted).
pub type SubGrid = BTreeMap<String, Vec<ParamValue>>;

/// One or more grids whose candidates are searched in turn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "GridRepr", into = "GridRepr")]
pub struct ParamGrid {
    grids: Vec<SubGrid>,
}

/// What a grid looks like in JSON: one object, or a list of them.
#[derive(Serialize)]
#[serde(untagged)]
enum GridRepr {
    One(SubGrid),
    Many(Vec<SubGrid>),
}

/// Read as `#[serde(untagged)]` would (one object, else a list; any other value, or
/// one whose contents do not read, is refused with the untagged message), without
/// buffering the value first.
impl<'de> Deserialize<'de> for GridRepr {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
        use serde::de::{MapAccess, SeqAccess, Visitor};
        struct Grids;
        impl<'de> Visitor<'de> for Grids {
            type Value = GridRepr;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a grid or a list of grids")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                map: A,
            ) -> std::result::Result<GridRepr, A::Error> {
                SubGrid::deserialize(MapAccessDeserializer::new(map))
                    .map(GridRepr::One)
                    .map_err(|_| no_match())
            }
            fn visit_seq<A: SeqAccess<'de>>(
                self,
                seq: A,
            ) -> std::result::Result<GridRepr, A::Error> {
                Vec::<SubGrid>::deserialize(SeqAccessDeserializer::new(seq))
                    .map(GridRepr::Many)
                    .map_err(|_| no_match())
            }
            refuse_values!(no_match: bool, i64, u64, f64, str, bytes, unit);
        }
        fn no_match<E: serde::de::Error>() -> E {
            E::custom("data did not match any variant of untagged enum GridRepr")
        }
        d.deserialize_any(Grids)
    }
}

impl TryFrom<GridRepr> for ParamGrid {
    type Error = Error;
    fn try_from(repr: GridRepr) -> Result<Self> {
        match repr {
            GridRepr::One(g) => ParamGrid::new(vec![g]),
            GridRepr::Many(gs) => ParamGrid::new(gs),
        }
    }
}

impl From<ParamGrid> for GridRepr {
    fn from(grid: ParamGrid) -> Self {
        GridRepr::Many(grid.grids)
    }
}

impl Default for ParamGrid {
    /// scikit-learn's seed example: `C ∈ {0.001, 0.01, 0.1, 1, 10, 100}` ×
    /// `penalty ∈ {l1, l2}`.
    fn default() -> Self {
        let c = [0.001, 0.01, 0.1, 1.0, 10.0, 100.0]
            .map(ParamValue::Num)
            .to_vec();
        let penalty = ["l1", "l2"].map(|p| ParamValue::Str(p.into())).to_vec();
        ParamGrid {
            grids: vec![SubGrid::from([
                ("C".into(), c),
                ("penalty".into(), penalty),
            ])],
        }
    }
}

impl ParamGrid {
    /// A grid that shows each model's main knob: scikit-learn's seed grid (`C` ×
    /// `penalty`) for logistic regression, `degree` for least squares, `alpha` for
    /// the penalised regressors (with `l1_ratio` for the elastic net), and
    /// `hidden_layer_sizes` for the networks.
    pub fn default_for(model: ModelKind) -> ParamGrid {
        let nums = |v: &[f64]| v.iter().map(|&x| ParamValue::Num(x)).collect_vec();
        let one = |name: &str, values: Vec<ParamValue>| ParamGrid {
            grids: vec![SubGrid::from([(name.to_string(), values)])],
        };
        match model {
            ModelKind::LogisticRegression => ParamGrid::default(),
            ModelKind::LinearRegression => one("degree", nums(&[1.0, 2.0, 3.0])),
            ModelKind::Ridge => one("alpha", nums(&[0.001, 0.01, 0.1, 1.0, 10.0, 100.0])),
            ModelKind::Lasso => one("alpha", nums(&[0.0001, 0.001, 0.01, 0.1, 1.0])),
            ModelKind::ElasticNet => ParamGrid {
                grids: vec![SubGrid::from([
                    ("alpha".to_string(), nums(&[0.001, 0.01, 0.1, 1.0])),
                    ("l1_ratio".to_string(), nums(&[0.2, 0.5, 0.8])),
                ])],
            },
            ModelKind::MlpClassifier | ModelKind::MlpRegressor => {
                one("hidden_layer_sizes", nums(&[1.0, 2.0, 5.0, 20.0, 100.0]))
            }
        }
    }

    /// A grid made of `grids`, checked: known parameter names, at least one value
    /// per name, and at least one grid.
    pub fn new(grids: Vec<SubGrid>) -> Result<Self> {
        if grids.is_empty() {
            return Err(Error::InvalidParam {
                name: "grid".into(),
                value: "[]".into(),
                reason: "give at least one grid".into(),
            });
        }
        for grid in &grids {
            for (name, values) in grid {
                if !ModelKind::any_param(name) {
                    let mut known: Vec<String> = ModelKind::ALL
                        .iter()
                        .flat_map(|k| k.param_names().iter())
                        .chain(crate::model::PIPELINE_PARAMS.iter())
                        .map(|s| s.to_string())
                        .collect_vec();
                    crate::sort::sort_ord(&mut known);
                    known.dedup();
                    return Err(Error::UnknownParam {
                        name: name.clone(),
                        known,
                    });
                }
                if values.is_empty() {
                    return Err(Error::InvalidParam {
                        name: name.clone(),
                        value: "[]".into(),
                        reason: "give at least one value to try".into(),
                    });
                }
            }
        }
        let grid = ParamGrid { grids };
        match grid.checked_len() {
            Some(n) if n <= MAX_CANDIDATES => Ok(grid),
            n => Err(crate::limits::over(
                "grid",
                format!(
                    "{} candidates",
                    n.map_or_else(|| "more than 2^64".into(), |n| n.to_string())
                ),
                format!("{MAX_CANDIDATES} candidates"),
            )),
        }
    }

    /// Number of candidates, or `None` if it does not fit in a `usize`.
    fn checked_len(&self) -> Option<usize> {
        self.grids.iter().try_fold(0usize, |total, g| {
            let size = g.values().try_fold(1usize, |p, v| p.checked_mul(v.len()))?;
            total.checked_add(size)
        })
    }

    /// A single grid from specs written as on the command line: `NAME=V1,V2,…`.
    /// A name given twice is an error.
    pub fn parse<S: AsRef<str>>(specs: &[S]) -> Result<Self> {
        let mut grid = SubGrid::new();
        for spec in specs {
            let spec = spec.as_ref();
            let Some((name, values)) = spec.split_once('=') else {
                return Err(Error::InvalidParam {
                    name: spec.trim().to_string(),
                    value: String::new(),
                    reason: "write NAME=VALUE1,VALUE2,…".into(),
                });
            };
            let name = name.trim().to_string();
            let values: Vec<ParamValue> = values
                .split(',')
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(ParamValue::parse)
                .collect_vec();
            if grid.insert(name.clone(), values).is_some() {
                return Err(Error::InvalidParam {
                    name,
                    value: spec.to_string(),
                    reason: "this parameter is given twice; list all its values once".into(),
                });
            }
        }
        ParamGrid::new(vec![grid])
    }

    /// The grids this grid is made of.
    pub fn grids(&self) -> &[SubGrid] {
        &self.grids
    }

    /// Number of candidates.
    pub fn len(&self) -> usize {
        self.grids
            .iter()
            .map(|g| g.values().map(Vec::len).product::<usize>())
            .sum()
    }

    /// Whether there are no candidates (never, for a checked grid).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every parameter name used by some grid, sorted.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .grids
            .iter()
            .flat_map(|g| g.keys().cloned())
            .collect_vec();
        crate::sort::sort_ord(&mut names);
        names.dedup();
        names
    }

    /// All candidates in scikit-learn's order: grid by grid; within a grid, names
    /// sorted and the last name varying fastest.
    pub fn candidates(&self) -> Vec<Candidate> {
        let mut out = Vec::with_capacity(self.len());
        for grid in &self.grids {
            let axes: Vec<(&String, &Vec<ParamValue>)> = grid.iter().collect_vec();
            let total: usize = axes.iter().map(|(_, v)| v.len()).product();
            for mut index in 0..total {
                let mut candidate = Candidate::new();
                for (name, values) in axes.iter().rev() {
                    let len = values.len().max(1);
                    if let Some(v) = values.get(index % len) {
                        candidate.insert((*name).clone(), v.clone());
                    }
                    index /= len;
                }
                out.push(candidate);
            }
        }
        out
    }

    /// `base` with each candidate's values set, checked; the first candidate that
    /// cannot be built is reported with its position and values.
    pub fn params_for_all<P: Settable>(&self, base: &P) -> Result<Vec<(Candidate, P)>> {
        self.candidates()
            .into_iter()
            .enumerate()
            .map(|(i, candidate)| {
                let params =
                    apply(base, &candidate).map_err(|e| describe_candidate(i, &candidate, e))?;
                params
                    .validate()
                    .map_err(|e| describe_candidate(i, &candidate, e))?;
                Ok((candidate, params))
            })
            .collect()
    }
}

/// Hyperparameters that a grid value can set by name: a model's own
/// ([`Params`]) or a whole [`Pipeline`].
pub trait Settable: Clone {
    /// Sets parameter `name` to `value`.
    ///
    /// # Errors
    /// An unknown name or a value of the wrong type.
    fn set(&mut self, name: &str, value: &ParamValue) -> Result<()>;

    /// Checks what can be checked without the data.
    ///
    /// # Errors
    /// The first parameter refused, and why.
    fn validate(&self) -> Result<()>;
}

impl Settable for Params {
    fn set(&mut self, name: &str, value: &ParamValue) -> Result<()> {
        Params::set(self, name, value)
    }
    fn validate(&self) -> Result<()> {
        self.check().map(|_| ())
    }
}

impl Settable for Pipeline {
    fn set(&mut self, name: &str, value: &ParamValue) -> Result<()> {
        Pipeline::set(self, name, value)
    }
    fn validate(&self) -> Result<()> {
        self.check_model()
    }
}

/// `base` with the candidate's values set.
pub fn apply<P: Settable>(base: &P, candidate: &Candidate) -> Result<P> {
    let mut params = base.clone();
    for (name, value) in candidate {
        params.set(name, value)?;
    }
    Ok(params)
}

/// `name=value, …` of a candidate, in name order.
pub fn candidate_label(candidate: &Candidate) -> String {
    candidate
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect_vec()
        .join(", ")
}

pub(crate) fn describe_candidate(index: usize, candidate: &Candidate, error: Error) -> Error {
    match error {
        Error::InvalidParam {
            name,
            value,
            reason,
        } => Error::InvalidParam {
            name,
            value,
            reason: format!(
                "{reason} (in candidate {index}: {})",
                crate::limits::clip(&candidate_label(candidate))
            ),
        },
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_grid_expands_in_scikit_learn_order() {
        let grid = ParamGrid::parse(&["C=0.001,0.01,0.1,1,10,100", "penalty=l1,l2"]).unwrap();
        let c = grid.candidates();
        assert_eq!(grid.len(), 12);
        assert_eq!(c.len(), 12);
        assert_eq!(candidate_label(&c[0]), "C=0.001, penalty=l1");
        assert_eq!(candidate_label(&c[1]), "C=0.001, penalty=l2");
        assert_eq!(candidate_label(&c[11]), "C=100, penalty=l2");
    }

    #[test]
    fn list_of_grids_and_invalid_combinations() {
        let json = r#"[{"C": [1], "penalty": ["l1", "l2"]},
                       {"C": [1], "penalty": ["elasticnet"], "l1_ratio": [0.2, 0.8]}]"#;
        let grid: ParamGrid = serde_json::from_str(json).unwrap();
        assert_eq!(grid.len(), 4);
        assert_eq!(grid.names(), ["C", "l1_ratio", "penalty"]);
        assert_eq!(grid.params_for_all(&Params::default()).unwrap().len(), 4);

        let bad = ParamGrid::parse(&["penalty=l1,elasticnet", "l1_ratio=0.5"]).unwrap();
        let err = bad
            .params_for_all(&Params::default())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("l1_ratio") && err.contains("candidate 0: l1_ratio=0.5, penalty=l1"),
            "{err}"
        );
    }

    #[test]
    fn bad_specs_are_refused() {
        assert!(matches!(
            ParamGrid::parse(&["gamma=1"]),
            Err(Error::UnknownParam { .. })
        ));
        assert!(ParamGrid::parse(&["C="]).is_err());
        assert!(ParamGrid::parse(&["C"]).is_err());
        assert!(ParamGrid::parse(&["C=1", "C=2"]).is_err());
        assert!(serde_json::from_str::<ParamGrid>("[]").is_err());
        // 10 names × 100 values would overflow usize; 8 × 10 would exhaust memory.
        let names = [
            "C",
            "l1_ratio",
            "max_iter",
            "tol",
            "learning_rate",
            "batch_size",
            "momentum",
            "random_state",
        ];
        let huge: SubGrid = names
            .iter()
            .map(|n| (n.to_string(), vec![ParamValue::Num(1.0); 10]))
            .collect();
        let err = ParamGrid::new(vec![huge]).unwrap_err().to_string();
        assert!(
            err.contains("100000000 candidates") && err.contains("limit of 100000 candidates"),
            "{err}"
        );
        let overflow: SubGrid = names
            .iter()
            .map(|n| (n.to_string(), vec![ParamValue::Num(1.0); 1 << 12]))
            .collect();
        assert!(
            ParamGrid::new(vec![overflow])
                .unwrap_err()
                .to_string()
                .contains("more than 2^64")
        );
    }
}
