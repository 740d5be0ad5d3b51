//! Hyperparameters: [`Params`] (a builder that never fails), [`ValidParams`] (what
//! [`Params::check`] returns, the only thing that can fit).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The penalty on the weights (scikit-learn's `penalty`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Penalty {
    /// No penalty.
    None,
    /// `‖W‖₁`: drives weights to exactly zero.
    L1,
    /// `½‖W‖²`: shrinks weights smoothly.
    L2,
    /// `l1_ratio·‖W‖₁ + (1 − l1_ratio)·½‖W‖²`.
    #[serde(rename = "elasticnet")]
    ElasticNet,
}

impl Penalty {
    /// All penalties, in the order the page lists them.
    pub const ALL: [Penalty; 4] = [Penalty::None, Penalty::L1, Penalty::L2, Penalty::ElasticNet];

    /// scikit-learn's spelling.
    pub fn name(self) -> &'static str {
        match self {
            Penalty::None => "none",
            Penalty::L1 => "l1",
            Penalty::L2 => "l2",
            Penalty::ElasticNet => "elasticnet",
        }
    }
}

impl fmt::Display for Penalty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Penalty {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Penalty::ALL
            .into_iter()
            .find(|p| p.name() == s)
            .ok_or_else(|| Error::InvalidParam {
                name: "penalty".into(),
                value: s.into(),
                reason: "choose one of none, l1, l2, elasticnet".into(),
            })
    }
}

/// The optimiser that minimises the objective.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Solver {
    /// Converges to the optimum for every penalty: proximal Newton for problems
    /// with at most 64 parameters, L-BFGS (OWL-QN with an l1 part) above. The
    /// default, named after scikit-learn's.
    Lbfgs,
    /// Full-batch gradient descent with a fixed learning rate.
    Gd,
    /// Mini-batch stochastic gradient descent (`batch_size`, seeded shuffling);
    /// one iteration is one pass over the data.
    Sgd,
    /// Gradient descent with heavy-ball momentum (`momentum`).
    Momentum,
    /// Nesterov's accelerated gradient (`momentum`).
    Nesterov,
    /// Adam (β₁ = 0.9, β₂ = 0.999, ε = 1e-8).
    Adam,
}

impl Solver {
    /// All solvers, the converging default first.
    pub const ALL: [Solver; 6] = [
        Solver::Lbfgs,
        Solver::Gd,
        Solver::Sgd,
        Solver::Momentum,
        Solver::Nesterov,
        Solver::Adam,
    ];

    /// The solver's name as written in grids and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Solver::Lbfgs => "lbfgs",
            Solver::Gd => "gd",
            Solver::Sgd => "sgd",
            Solver::Momentum => "momentum",
            Solver::Nesterov => "nesterov",
            Solver::Adam => "adam",
        }
    }

    /// Whether this is a fixed-step teaching optimiser (uses `learning_rate`).
    pub fn is_teaching(self) -> bool {
        self != Solver::Lbfgs
    }
}

impl fmt::Display for Solver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Solver {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Solver::ALL
            .into_iter()
            .find(|p| p.name() == s)
            .ok_or_else(|| Error::InvalidParam {
                name: "solver".into(),
                value: s.into(),
                reason: "choose one of lbfgs, gd, sgd, momentum, nesterov, adam".into(),
            })
    }
}

/// One value of a hyperparameter, as it appears in a grid: a number or a word.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum ParamValue {
    /// A number (`C`, `l1_ratio`, `learning_rate`, `max_iter`, …).
    Num(f64),
    /// A switch (`fit_intercept`).
    Bool(bool),
    /// A word (`penalty`, `solver`).
    Str(String),
}

/// Read as `#[serde(untagged)]` would (a number, then a switch, then a word, with its
/// error message), without buffering the value first: serde's untagged reader is
/// several kilobytes of the wasm module for this one type.
impl<'de> Deserialize<'de> for ParamValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        use serde::de::Visitor;
        struct Value;
        fn no_match<E: serde::de::Error>() -> E {
            E::custom("data did not match any variant of untagged enum ParamValue")
        }
        impl<'de> Visitor<'de> for Value {
            type Value = ParamValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number, a boolean or a string")
            }
            fn visit_bool<E: serde::de::Error>(
                self,
                v: bool,
            ) -> std::result::Result<ParamValue, E> {
                Ok(ParamValue::Bool(v))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> std::result::Result<ParamValue, E> {
                Ok(ParamValue::Num(v as f64))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> std::result::Result<ParamValue, E> {
                Ok(ParamValue::Num(v as f64))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> std::result::Result<ParamValue, E> {
                Ok(ParamValue::Num(v))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<ParamValue, E> {
                Ok(ParamValue::Str(v.to_string()))
            }
            fn visit_string<E: serde::de::Error>(
                self,
                v: String,
            ) -> std::result::Result<ParamValue, E> {
                Ok(ParamValue::Str(v))
            }
            fn visit_bytes<E: serde::de::Error>(
                self,
                v: &[u8],
            ) -> std::result::Result<ParamValue, E> {
                std::str::from_utf8(v)
                    .map(|s| ParamValue::Str(s.to_string()))
                    .map_err(|_| no_match())
            }
            refuse_values!(no_match: unit, seq, map);
        }
        d.deserialize_any(Value)
    }
}

impl ParamValue {
    /// Reads a value written by a person: a number if it parses as one, `true` and
    /// `false` as booleans (what `fit_intercept` takes, and the exported script
    /// writes as `True` and `False`), else a word.
    pub fn parse(text: &str) -> ParamValue {
        let t = text.trim();
        match (t, t.parse::<f64>()) {
            (_, Ok(v)) => ParamValue::Num(v),
            ("true", _) => ParamValue::Bool(true),
            ("false", _) => ParamValue::Bool(false),
            _ => ParamValue::Str(t.to_string()),
        }
    }
}

impl fmt::Display for ParamValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParamValue::Num(v) => f.write_str(&crate::numfmt::fmt_value(*v)),
            ParamValue::Bool(b) => write!(f, "{b}"),
            ParamValue::Str(s) => f.write_str(s),
        }
    }
}

/// Default tolerance of `lbfgs` on the largest (pseudo-)gradient entry.
pub const LBFGS_TOL: f64 = 1e-8;

/// Default tolerance of the teaching optimisers (`gd`, `sgd`, `momentum`, `nesterov`,
/// `adam`) on the largest entry of the per-sample (pseudo-)gradient. Fixed-step
/// methods approach the optimum linearly at best, so `1e-8` would make almost every
/// teaching run "stopped at max_iter"; at `1e-6` the objective is within about
/// `1e-12` of its optimum on standardised data, and a run that reaches it is
/// honestly converged.
pub const TEACHING_TOL: f64 = 1e-6;

/// The names [`Params::set`] understands, in scikit-learn's spelling where one exists.
pub const PARAM_NAMES: [&str; 11] = [
    "C",
    "penalty",
    "l1_ratio",
    "solver",
    "max_iter",
    "tol",
    "learning_rate",
    "batch_size",
    "momentum",
    "fit_intercept",
    "random_state",
];

/// Hyperparameters of logistic regression. Setters never fail; [`Params::check`]
/// validates them all at once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Params {
    /// Inverse regularisation strength, `C > 0`; defaults to `1.0`.
    #[serde(rename = "C")]
    pub c: f64,
    /// The penalty; defaults to [`Penalty::L2`].
    pub penalty: Penalty,
    /// Mix of l1 in the elastic net, in `[0, 1]`; only with `elasticnet`, where it
    /// is required; defaults to `None`.
    pub l1_ratio: Option<f64>,
    /// The optimiser; defaults to [`Solver::Lbfgs`].
    pub solver: Solver,
    /// Most iterations (epochs for `sgd`); defaults to `1000`.
    pub max_iter: usize,
    /// Stopping tolerance on the largest entry of the per-sample (pseudo-)gradient;
    /// `0` runs all `max_iter` iterations; `None` (the default) is the solver's own
    /// default, [`Params::effective_tol`]: `1e-8` for `lbfgs`, [`TEACHING_TOL`]
    /// (`1e-6`) for the teaching optimisers, so that their `converged` means the
    /// gradient has all but vanished and a run stopped far from it says so.
    pub tol: Option<f64>,
    /// Step size of the teaching optimisers, on the per-sample objective;
    /// defaults to `0.1`.
    pub learning_rate: f64,
    /// Rows per mini-batch for `sgd`; defaults to `16`.
    pub batch_size: usize,
    /// Momentum coefficient of `momentum` and `nesterov`, in `[0, 1)`;
    /// defaults to `0.9`.
    pub momentum: f64,
    /// Whether to fit intercepts; defaults to `true`.
    pub fit_intercept: bool,
    /// Seed of every random choice (mini-batch order); defaults to `0`.
    pub random_state: u64,
    /// Most points kept in the history (objective and snapshots); defaults to `200`.
    pub history_points: usize,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            c: 1.0,
            penalty: Penalty::L2,
            l1_ratio: None,
            solver: Solver::Lbfgs,
            max_iter: 1000,
            tol: None,
            learning_rate: 0.1,
            batch_size: 16,
            momentum: 0.9,
            fit_intercept: true,
            random_state: 0,
            history_points: 200,
        }
    }
}

impl Params {
    /// Sets `C`.
    pub fn c(mut self, c: f64) -> Self {
        self.c = c;
        self
    }

    /// Sets the penalty.
    pub fn penalty(mut self, penalty: Penalty) -> Self {
        self.penalty = penalty;
        self
    }

    /// Sets `l1_ratio`.
    pub fn l1_ratio(mut self, l1_ratio: f64) -> Self {
        self.l1_ratio = Some(l1_ratio);
        self
    }

    /// Sets the solver.
    pub fn solver(mut self, solver: Solver) -> Self {
        self.solver = solver;
        self
    }

    /// Sets `max_iter`.
    pub fn max_iter(mut self, max_iter: usize) -> Self {
        self.max_iter = max_iter;
        self
    }

    /// Sets `tol`.
    pub fn tol(mut self, tol: f64) -> Self {
        self.tol = Some(tol);
        self
    }

    /// The tolerance in force: `tol` if set, else `1e-8` for `lbfgs` and
    /// [`TEACHING_TOL`] for the teaching optimisers.
    pub fn effective_tol(&self) -> f64 {
        self.tol.unwrap_or(if self.solver.is_teaching() {
            TEACHING_TOL
        } else {
            LBFGS_TOL
        })
    }

    /// Sets `learning_rate`.
    pub fn learning_rate(mut self, learning_rate: f64) -> Self {
        self.learning_rate = learning_rate;
        self
    }

    /// Sets `batch_size`.
    pub fn batch_size(mut self, batch_size: usize) -> Self {
        self.batch_size = batch_size;
        self
    }

    /// Sets `momentum`.
    pub fn momentum(mut self, momentum: f64) -> Self {
        self.momentum = momentum;
        self
    }

    /// Sets `fit_intercept`.
    pub fn fit_intercept(mut self, fit_intercept: bool) -> Self {
        self.fit_intercept = fit_intercept;
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

    /// Sets the parameter called `name` (see [`PARAM_NAMES`]) from a grid value.
    pub fn set(&mut self, name: &str, value: &ParamValue) -> Result<()> {
        let invalid = |reason: &str| Error::InvalidParam {
            name: name.to_string(),
            value: value.to_string(),
            reason: reason.to_string(),
        };
        let number = || match value {
            ParamValue::Num(v) => Ok(*v),
            _ => Err(invalid("must be a number")),
        };
        let count = || {
            let v = number()?;
            if v >= 0.0 && v.fract() == 0.0 && v <= u32::MAX as f64 {
                Ok(v as usize)
            } else {
                Err(invalid("must be a whole number from 0 to 4294967295"))
            }
        };
        match name {
            "C" => self.c = number()?,
            "penalty" => {
                self.penalty = match value {
                    ParamValue::Str(s) => s.parse()?,
                    _ => {
                        return Err(invalid("choose one of none, l1, l2, elasticnet"));
                    }
                }
            }
            "l1_ratio" => self.l1_ratio = Some(number()?),
            "solver" => {
                self.solver = match value {
                    ParamValue::Str(s) => s.parse()?,
                    _ => {
                        return Err(invalid(
                            "choose one of lbfgs, gd, sgd, momentum, nesterov, adam",
                        ));
                    }
                }
            }
            "max_iter" => self.max_iter = crate::limits::max_iter(number()?)?,
            "tol" => self.tol = Some(number()?),
            "learning_rate" => self.learning_rate = number()?,
            "batch_size" => self.batch_size = count()?,
            "momentum" => self.momentum = number()?,
            "fit_intercept" => {
                self.fit_intercept = match value {
                    ParamValue::Bool(b) => *b,
                    ParamValue::Str(s) if s == "true" => true,
                    ParamValue::Str(s) if s == "false" => false,
                    ParamValue::Num(v) if *v == 1.0 => true,
                    ParamValue::Num(v) if *v == 0.0 => false,
                    _ => return Err(invalid("must be true or false")),
                }
            }
            "random_state" => self.random_state = count()? as u64,
            _ => {
                return Err(Error::UnknownParam {
                    name: name.to_string(),
                    known: PARAM_NAMES.iter().map(|s| s.to_string()).collect(),
                });
            }
        }
        Ok(())
    }

    /// Checks every parameter and their combination.
    pub fn check(&self) -> Result<ValidParams> {
        let invalid = |name: &str, value: String, reason: &str| Error::InvalidParam {
            name: name.to_string(),
            value,
            reason: reason.to_string(),
        };
        if !(self.c.is_finite() && self.c > 0.0) {
            return Err(invalid(
                "C",
                crate::numfmt::fmt_value(self.c),
                "must be a positive number",
            ));
        }
        match (self.penalty, self.l1_ratio) {
            (Penalty::ElasticNet, None) => {
                return Err(invalid(
                    "l1_ratio",
                    "none".into(),
                    "elasticnet needs an l1_ratio in [0, 1]",
                ));
            }
            (Penalty::ElasticNet, Some(r)) if !(0.0..=1.0).contains(&r) => {
                return Err(invalid(
                    "l1_ratio",
                    crate::numfmt::fmt_value(r),
                    "must lie in [0, 1]",
                ));
            }
            (Penalty::ElasticNet, Some(_)) => {}
            (p, Some(r)) => {
                return Err(invalid(
                    "l1_ratio",
                    crate::numfmt::fmt_value(r),
                    &format!("only used with penalty=elasticnet, not penalty={p}"),
                ));
            }
            (_, None) => {}
        }
        if self.max_iter == 0 {
            return Err(invalid("max_iter", "0".into(), "must be at least 1"));
        }
        crate::limits::check_count("max_iter", self.max_iter, crate::limits::MAX_ITER)?;
        if let Some(tol) = self.tol
            && !(tol.is_finite() && tol >= 0.0)
        {
            return Err(invalid("tol", crate::numfmt::fmt_value(tol), "must be ≥ 0"));
        }
        if self.solver.is_teaching()
            && !(self.learning_rate.is_finite() && self.learning_rate > 0.0)
        {
            return Err(invalid(
                "learning_rate",
                crate::numfmt::fmt_value(self.learning_rate),
                "must be a positive number",
            ));
        }
        if self.solver == Solver::Sgd && self.batch_size == 0 {
            return Err(invalid("batch_size", "0".into(), "must be at least 1"));
        }
        if !(0.0..1.0).contains(&self.momentum) {
            return Err(invalid(
                "momentum",
                crate::numfmt::fmt_value(self.momentum),
                "must lie in [0, 1)",
            ));
        }
        if self.history_points < 2 {
            return Err(invalid(
                "history_points",
                self.history_points.to_string(),
                "must be at least 2",
            ));
        }
        Ok(ValidParams(self.clone()))
    }

    /// The l1 and l2 weights of the penalty: `P(W) = l1·‖W‖₁ + l2·½‖W‖²`.
    pub(crate) fn penalty_weights(&self) -> (f64, f64) {
        match self.penalty {
            Penalty::None => (0.0, 0.0),
            Penalty::L1 => (1.0, 0.0),
            Penalty::L2 => (0.0, 1.0),
            Penalty::ElasticNet => {
                let r = self.l1_ratio.unwrap_or(0.0);
                (r, 1.0 - r)
            }
        }
    }
}

/// Parameters that passed [`Params::check`]; the only way to [`ValidParams::fit`].
#[derive(Debug, Clone, PartialEq)]
pub struct ValidParams(pub(crate) Params);

impl ValidParams {
    /// The checked parameters.
    pub fn params(&self) -> &Params {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_parses_names_and_refuses_bad_values() {
        let mut p = Params::default();
        p.set("C", &ParamValue::Num(10.0)).unwrap();
        p.set("penalty", &ParamValue::parse("l1")).unwrap();
        p.set("solver", &ParamValue::parse("adam")).unwrap();
        assert_eq!(
            (p.c, p.penalty, p.solver),
            (10.0, Penalty::L1, Solver::Adam)
        );
        let err = p.set("penalty", &ParamValue::parse("l3")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "parameter penalty: l3 is not allowed: choose one of none, l1, l2, elasticnet"
        );
        assert!(matches!(
            p.set("gamma", &ParamValue::Num(1.0)),
            Err(Error::UnknownParam { .. })
        ));
        assert!(p.set("batch_size", &ParamValue::Num(2.5)).is_err());
    }

    #[test]
    fn check_refuses_bad_combinations() {
        assert!(Params::default().c(0.0).check().is_err());
        assert!(Params::default().c(f64::NAN).check().is_err());
        let err = Params::default().l1_ratio(0.5).check().unwrap_err();
        assert!(
            err.to_string()
                .contains("only used with penalty=elasticnet"),
            "{err}"
        );
        assert!(
            Params::default()
                .penalty(Penalty::ElasticNet)
                .check()
                .is_err()
        );
        assert!(
            Params::default()
                .penalty(Penalty::ElasticNet)
                .l1_ratio(1.5)
                .check()
                .is_err()
        );
        assert!(
            Params::default()
                .penalty(Penalty::ElasticNet)
                .l1_ratio(0.5)
                .check()
                .is_ok()
        );
        assert!(
            Params::default()
                .solver(Solver::Gd)
                .learning_rate(-1.0)
                .check()
                .is_err()
        );
        assert!(Params::default().momentum(1.0).check().is_err());
    }
}
