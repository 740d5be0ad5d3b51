//! A search exported as a scikit-learn script: the same data, pipeline, grid, folds
//! and scorers with `GridSearchCV`, for a learner who outgrows the browser.
//!
//! The script reproduces TuneLab's splits exactly: unshuffled `StratifiedKFold` /
//! `KFold` by name (they are scikit-learn's), and anything TuneLab's own generator
//! drew (a hold-out test split, shuffled folds) as explicit row indices. Candidates
//! come in TuneLab's order, so ranks and the winner agree. Where TuneLab has no
//! scikit-learn counterpart (a teaching optimiser), the script says so in a comment
//! and uses the converging solver.
//!
//! ```
//! use tunelab::{Dataset, export::{DataSource, sklearn_script}, select::SearchConfig};
//! let script = sklearn_script(&Dataset::iris(), &DataSource::Builtin, &SearchConfig::default())?;
//! assert!(script.contains("GridSearchCV("));
//! assert!(script.contains("load_iris"));
//! # Ok::<(), tunelab::Error>(())
//! ```

use crate::collect::CollectVec;
use std::fmt::Write as _;

use crate::data::Dataset;
use crate::error::{Error, Result};
use crate::model::{ModelKind, ParamValue};
use crate::select::grid::Candidate;
use crate::select::{SearchConfig, splits};

/// Where the script gets its data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DataSource {
    /// A built-in set, through scikit-learn's own loader (`load_iris`, …).
    Builtin,
    /// The rows written into the script as CSV text.
    Inline,
    /// A CSV file saved next to the script (for large data), by this name.
    File(String),
}

/// Data sets the script loads with scikit-learn's loaders.
fn loader(name: &str) -> Option<&'static str> {
    match name {
        "iris" => Some(
            "from sklearn.datasets import load_iris\nd = load_iris()\nX, y = d.data, d.target_names[d.target]\n",
        ),
        "wine" => Some(
            "from sklearn.datasets import load_wine\nd = load_wine()\nX, y = d.data, d.target_names[d.target]\n",
        ),
        "breast_cancer" => Some(
            "from sklearn.datasets import load_breast_cancer\nd = load_breast_cancer()\nX, y = d.data, d.target_names[d.target]\n",
        ),
        "diabetes" => Some(
            "from sklearn.datasets import load_diabetes\nX, y = load_diabetes(scaled=False, return_X_y=True)\n",
        ),
        _ => None,
    }
}

/// A Python literal for a parameter value.
fn py(value: &ParamValue) -> String {
    match value {
        ParamValue::Num(v) if v.is_infinite() => if *v > 0.0 { "np.inf" } else { "-np.inf" }.into(),
        ParamValue::Num(v) if v.fract() == 0.0 && v.abs() < 1e15 => format!("{}", *v as i64),
        ParamValue::Num(v) => format!("{v:?}"),
        ParamValue::Bool(b) => if *b { "True" } else { "False" }.into(),
        ParamValue::Str(s) => format!("{s:?}"),
    }
}

/// A Python list of row indices.
fn py_indices(idx: &[usize]) -> String {
    let mut out = String::from("[");
    for (i, v) in idx.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
            if i % 20 == 0 {
                out.push_str("\n    ");
            }
        }
        let _ = write!(out, "{v}");
    }
    out.push(']');
    out
}

/// One candidate's TuneLab parameters as `GridSearchCV` parameters of the pipeline
/// `poly → scaler → model` (names like `model__C`), plus notes for the reader.
fn sklearn_params(
    model: ModelKind,
    c: &Candidate,
    notes: &mut Vec<String>,
) -> Result<Vec<(String, String)>> {
    let mut out: Vec<(String, String)> = Vec::new();
    let num = |name: &str| match c.get(name) {
        Some(ParamValue::Num(v)) => Some(*v),
        _ => None,
    };
    for (name, value) in c {
        match (name.as_str(), model) {
            ("degree", _) => out.push(("poly__degree".into(), py(value))),
            ("standardize", _) => {
                let on = matches!(value, ParamValue::Bool(true))
                    || matches!(value, ParamValue::Num(v) if *v == 1.0)
                    || matches!(value, ParamValue::Str(s) if s == "true");
                out.push((
                    "scaler".into(),
                    if on {
                        "StandardScaler()".into()
                    } else {
                        "\"passthrough\"".into()
                    },
                ));
            }
            ("penalty", ModelKind::LogisticRegression) => {
                // scikit-learn 1.8 deprecated `penalty` for `l1_ratio` (0 = l2, 1 = l1).
                let text = value.to_string();
                match text.as_str() {
                    "l2" => out.push(("model__l1_ratio".into(), "0.0".into())),
                    "l1" => out.push(("model__l1_ratio".into(), "1.0".into())),
                    "elasticnet" => {} // l1_ratio is given as its own parameter
                    "none" => out.push(("model__C".into(), "np.inf".into())),
                    other => {
                        return Err(Error::InvalidParam {
                            name: "penalty".into(),
                            value: other.into(),
                            reason: "has no scikit-learn counterpart".into(),
                        });
                    }
                }
            }
            ("C", ModelKind::LogisticRegression)
                if c.get("penalty").is_some_and(|p| p.to_string() == "none") => {}
            ("solver", ModelKind::LogisticRegression) => {
                if value.to_string() != "lbfgs" {
                    notes.push(format!(
                        "TuneLab's teaching optimiser solver={value} has no scikit-learn counterpart; \
                         this script fits every candidate to the optimum instead, as TuneLab's \
                         default solver does."
                    ));
                }
            }
            (
                "learning_rate" | "batch_size" | "momentum" | "random_state" | "max_iter" | "tol",
                ModelKind::LogisticRegression,
            ) => {}
            ("hidden_layer_sizes", _) => {
                out.push((name_for(name), format!("({},)", py(value))));
            }
            ("solver", ModelKind::MlpClassifier | ModelKind::MlpRegressor) => {
                let s = value.to_string();
                let mapped = match s.as_str() {
                    "adam" | "sgd" => s.clone(),
                    _ => {
                        notes.push(format!(
                            "TuneLab's full-batch teaching optimiser solver={s} is scikit-learn's \
                             sgd with batch_size = all rows (and momentum 0 for gd)."
                        ));
                        "sgd".into()
                    }
                };
                out.push(("model__solver".into(), format!("{mapped:?}")));
            }
            ("batch_size", ModelKind::MlpClassifier | ModelKind::MlpRegressor)
                if value.to_string() == "auto" =>
            {
                out.push(("model__batch_size".into(), "\"auto\"".into()));
            }
            _ => out.push((name_for(name), py(value))),
        }
    }
    if model == ModelKind::LogisticRegression
        && num("l1_ratio").is_none()
        && !c.contains_key("penalty")
    {
        // TuneLab's default penalty is l2.
        out.push(("model__l1_ratio".into(), "0.0".into()));
    }
    Ok(out)
}

/// `model__NAME`.
fn name_for(name: &str) -> String {
    format!("model__{name}")
}

/// The estimator's constructor with the settings that make it converge like TuneLab.
fn estimator(model: ModelKind, uses_l1: bool) -> String {
    match model {
        ModelKind::LogisticRegression => {
            if uses_l1 {
                "LogisticRegression(solver=\"saga\", tol=1e-8, max_iter=100_000)".into()
            } else {
                "LogisticRegression(solver=\"lbfgs\", tol=1e-10, max_iter=10_000)".into()
            }
        }
        ModelKind::LinearRegression => "LinearRegression()".into(),
        ModelKind::Ridge => "Ridge()".into(),
        ModelKind::Lasso => "Lasso(tol=1e-12, max_iter=1_000_000)".into(),
        ModelKind::ElasticNet => "ElasticNet(tol=1e-12, max_iter=1_000_000)".into(),
        ModelKind::MlpClassifier => "MLPClassifier(random_state=0)".into(),
        ModelKind::MlpRegressor => "MLPRegressor(random_state=0)".into(),
    }
}

/// The scikit-learn script that runs `config` on `data` (see the module docs).
/// `source` says how the script gets the rows; [`DataSource::Builtin`] falls back to
/// inline rows for a data set scikit-learn does not ship.
///
/// # Errors
/// As the search itself would refuse `config` on `data` (the script reproduces its
/// splits), or a parameter with no scikit-learn counterpart.
pub fn sklearn_script(
    data: &Dataset,
    source: &DataSource,
    config: &SearchConfig,
) -> Result<String> {
    let (train_idx, test_idx, folds) = splits(data, config)?;
    let base = config.base_pipeline()?;
    let candidates = config.grid.params_for_all(&base)?;
    let model = config.model;
    let mut notes: Vec<String> = Vec::new();

    // Each candidate with the fixed settings folded in, as scikit-learn parameters.
    let mut rows: Vec<Vec<(String, String)>> = Vec::new();
    for (cand, _) in &candidates {
        let mut full: Candidate = config.base.clone();
        full.extend(cand.iter().map(|(k, v)| (k.clone(), v.clone())));
        if !full.contains_key("standardize") {
            full.insert("standardize".into(), ParamValue::Bool(config.standardize));
        }
        rows.push(sklearn_params(model, &full, &mut notes)?);
    }
    crate::sort::sort_ord(&mut notes);
    notes.dedup();
    // The scaler is a grid parameter only when candidates differ in it.
    let scaler_of = |row: &Vec<(String, String)>| {
        row.iter()
            .find(|(k, _)| k == "scaler")
            .map(|(_, v)| v.clone())
    };
    let first_scaler = rows.first().and_then(scaler_of);
    let scaler_fixed = rows.iter().all(|r| scaler_of(r) == first_scaler);
    let pipeline_scaler = match (&first_scaler, scaler_fixed) {
        (Some(v), true) => v.clone(),
        _ => "StandardScaler()".to_string(),
    };
    if scaler_fixed {
        for row in &mut rows {
            row.retain(|(k, _)| k != "scaler");
        }
    }
    let uses_l1 = rows
        .iter()
        .flatten()
        .any(|(k, v)| k == "model__l1_ratio" && v != "0.0");

    let mut s = String::new();
    let _ = writeln!(
        s,
        "\"\"\"A TuneLab search as a scikit-learn script: {} on {} ({} rows × {} features).\n\n\
         The same pipeline (PolynomialFeatures → StandardScaler → {}), the same {} candidates\n\
         in the same order, the same folds and scorers, with GridSearchCV. Run it with\n\
         `python3 this_file.py` (add --json for a machine-readable summary).\n\"\"\"",
        model.name(),
        data.name,
        data.n_samples(),
        data.n_features(),
        model.sklearn_class(),
        candidates.len()
    );
    s.push_str("import json\nimport sys\n\nimport numpy as np\n");
    s.push_str("from sklearn.model_selection import GridSearchCV, KFold, StratifiedKFold\n");
    s.push_str("from sklearn.pipeline import Pipeline\n");
    s.push_str("from sklearn.preprocessing import PolynomialFeatures, StandardScaler\n");
    let import = match model {
        ModelKind::MlpClassifier | ModelKind::MlpRegressor => {
            format!(
                "from sklearn.neural_network import {}\n",
                model.sklearn_class()
            )
        }
        _ => format!(
            "from sklearn.linear_model import {}\n",
            model.sklearn_class()
        ),
    };
    s.push_str(&import);
    s.push('\n');
    for note in &notes {
        let _ = writeln!(s, "# Note: {note}");
    }
    if !notes.is_empty() {
        s.push('\n');
    }

    // Data.
    s.push_str("# --- data\n");
    let inline = |s: &mut String| {
        let _ = writeln!(
            s,
            "import csv, io\nDATA = \"\"\"\\\n{}\"\"\"\nrows = list(csv.reader(io.StringIO(DATA)))\nheader, rows = rows[0], rows[1:]\nX = np.array([[float(v) for v in r[:-1]] for r in rows])\ny = np.array([{}(r[-1]) for r in rows])",
            data.to_csv_string(),
            if data.is_regression() { "float" } else { "str" }
        );
    };
    match source {
        DataSource::Builtin => match loader(&data.name) {
            Some(code) => s.push_str(code),
            None => inline(&mut s),
        },
        DataSource::Inline => inline(&mut s),
        DataSource::File(name) => {
            let _ = writeln!(
                s,
                "import csv\nwith open({name:?}, newline=\"\") as f:\n    rows = list(csv.reader(f))\nheader, rows = rows[0], rows[1:]\nX = np.array([[float(v) for v in r[:-1]] for r in rows])\ny = np.array([{}(r[-1]) for r in rows])",
                if data.is_regression() { "float" } else { "str" }
            );
        }
    }
    if test_idx.is_empty() {
        s.push_str("X_train, y_train = X, y\n");
    } else {
        let _ = writeln!(
            s,
            "# TuneLab's hold-out split (test_size={}, seed {}), as row indices.\ntrain_idx = {}\ntest_idx = {}\nX_train, y_train = X[train_idx], y[train_idx]\nX_test, y_test = X[test_idx], y[test_idx]",
            config.test_size,
            config.test_seed,
            py_indices(&train_idx),
            py_indices(&test_idx)
        );
    }

    // Folds.
    s.push_str("\n# --- folds\n");
    let k = folds.len();
    if config.cv.shuffle {
        s.push_str(
            "# TuneLab's shuffled folds, as (train, test) row indices of X_train.\ncv = [\n",
        );
        for f in &folds {
            let _ = writeln!(
                s,
                "    ({}, {}),",
                py_indices(&f.train),
                py_indices(&f.test)
            );
        }
        s.push_str("]\n");
    } else if data.is_regression() || !config.cv.stratified {
        let _ = writeln!(s, "cv = KFold(n_splits={k})");
    } else {
        let _ = writeln!(s, "cv = StratifiedKFold(n_splits={k})");
    }

    // Pipeline and grid.
    s.push_str("\n# --- pipeline and grid\n");
    if model == ModelKind::LogisticRegression && uses_l1 {
        s.push_str(
            "# An l1 penalty needs scikit-learn's saga solver, which converges slowly: on\n\
             # hundreds of rows and more this can take minutes, and its scores may still\n\
             # differ from TuneLab's (converged) ones in the third or fourth decimal.\n",
        );
    }
    let _ = writeln!(
        s,
        "pipe = Pipeline([\n    (\"poly\", PolynomialFeatures(degree=1, include_bias=False)),\n    (\"scaler\", {}),\n    (\"model\", {}),\n])",
        pipeline_scaler,
        estimator(model, uses_l1)
    );
    s.push_str("# One dict per candidate keeps TuneLab's candidate order (and so its ranks).\nparam_grid = [\n");
    for row in &rows {
        let items: Vec<String> = row
            .iter()
            .map(|(k, v)| format!("{k:?}: [{v}]"))
            .collect_vec();
        let _ = writeln!(s, "    {{{}}},", items.join(", "));
    }
    s.push_str("]\n");

    // Search.
    let scorers: Vec<String> = if config.scoring.is_empty() {
        vec![config.refit_scorer().name().to_string()]
    } else {
        config
            .scoring
            .iter()
            .map(|x| x.name().to_string())
            .collect_vec()
    };
    let refit = config.refit_scorer().name().to_string();
    let (scoring, refit_arg) = if scorers.len() == 1 {
        (format!("{:?}", scorers[0]), "True".to_string())
    } else {
        (
            format!(
                "[{}]",
                scorers
                    .iter()
                    .map(|x| format!("{x:?}"))
                    .collect_vec()
                    .join(", ")
            ),
            format!("{refit:?}"),
        )
    };
    let _ = writeln!(
        s,
        "\n# --- search\n# n_jobs=-1 runs the fits on every core. To spread them over a cluster, wrap\n\
         # fit in a joblib backend: with Dask (`from dask.distributed import Client;\n\
         # client = Client()`) use `with joblib.parallel_backend(\"dask\"): search.fit(...)`;\n\
         # with Ray (`from ray.util.joblib import register_ray; register_ray()`) use\n\
         # `with joblib.parallel_backend(\"ray\"): search.fit(...)`.\n\
         search = GridSearchCV(pipe, param_grid, cv=cv, scoring={scoring}, refit={refit_arg},\n\
         \x20                     return_train_score={}, n_jobs=1)\n\
         search.fit(X_train, y_train)",
        if config.return_train_score {
            "True"
        } else {
            "False"
        }
    );
    let suffix = if scorers.len() == 1 {
        "score".to_string()
    } else {
        refit.clone()
    };
    let _ = writeln!(
        s,
        "\nbest_params = {{k.split(\"__\", 1)[-1]: v\n\
         \x20              for k, v in search.best_params_.items()}}\n\
         summary = {{\n\
         \x20   \"best_index\": int(search.best_index_),\n\
         \x20   \"best_score\": float(search.best_score_),\n\
         \x20   \"mean_test\": [float(v) for v in search.cv_results_[\"mean_test_{suffix}\"]],\n\
         }}"
    );
    if !test_idx.is_empty() {
        s.push_str("summary[\"test_score\"] = float(search.score(X_test, y_test))\n");
    }
    s.push_str(
        "if \"--json\" in sys.argv:\n    print(json.dumps(summary))\nelse:\n    print(\"best params:\", best_params)\n    print(\"best CV score:\", summary[\"best_score\"])\n    if \"test_score\" in summary:\n        print(\"test score:\", summary[\"test_score\"])\n",
    );
    Ok(s)
}
