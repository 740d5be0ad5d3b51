#!/usr/bin/env python3
"""Generate scikit-learn reference fixtures for TuneLab's regression / MLP models.

Usage:  python scripts/sklearn_models_reference.py [--out tests/fixtures] [--only poly cos ...]

Pinned versions: scripts/requirements.txt (scikit-learn 1.9.1, numpy 2.4.6, scipy 1.17.1).
Everything runs single-threaded (OMP/OPENBLAS/MKL_NUM_THREADS=1 set before numpy is
imported, plus threadpoolctl.threadpool_limits(1)).

Writes (pretty-printed, floats in Python repr = shortest string that round-trips
exactly; NaN/inf are refused, never written):
  models_poly.json     PolynomialFeatures(degree, include_bias=False): powers_, output
                       on a fixed 5 x 3 X for degree 1..3; n_output_features_ tables.
  models_cos.json      "Underfitting vs. Overfitting" data (30 points); cross_val_score
                       of poly + LinearRegression (cv=10, neg MSE) for degree 1/4/15;
                       GridSearchCV(poly + StandardScaler + Ridge/Lasso/ElasticNet,
                       cv=KFold(5), scoring r2 & neg_mean_squared_error) cv_results_.
  models_linear.json   LinearRegression / Ridge / Lasso / ElasticNet coef_, intercept_,
                       objective on the first 150 rows of load_diabetes (standardised).
  models_scorers.json  r2 / MSE / RMSE / MAE on fixed (y_true, y_pred) cases.
  models_kfold.json    KFold(k) test indices (unshuffled); default cv splitter class.
  models_mlp.json      Glorot bounds; MLP loss + gradients at fixed weights;
                       make_moons MLP CV accuracies over 10 seeds.

Conventions:
  * Matrices are lists of rows (row-major): X[i][j] = sample i, feature j.
  * Lasso / ElasticNet are run with tol=1e-14, max_iter=10**6 so coordinate descent
    reaches the optimum (up to rounding); sklearn's default tol=1e-4 would stop early.
  * Objectives (n = number of samples, b = unpenalised intercept):
      LinearRegression  ||y - Xw - b||^2
      Ridge             ||y - Xw - b||^2 + alpha ||w||^2
      Lasso             (1/(2n)) ||y - Xw - b||^2 + alpha ||w||_1
      ElasticNet        (1/(2n)) ||y - Xw - b||^2 + alpha l1_ratio ||w||_1
                            + 0.5 alpha (1 - l1_ratio) ||w||^2
  * GridSearchCV candidates are in ParameterGrid order: keys sorted ("alpha" <
    "degree"), last key fastest. std_* is the population std (ddof 0) over folds;
    rank_* is sklearn's (method "min" on the rounded means, 1 = best).
  * MLP loss (sklearn's _backprop): data loss + 0.5 * alpha * sum_l ||W_l||_F^2 / n.
    Binary classifier: one logistic output, binary cross-entropy averaged over
    samples; multiclass: softmax + cross-entropy averaged over samples; regressor:
    identity output, 0.5 * mean((y - yhat)^2). Probabilities clipped to
    [eps, 1 - eps] (eps = 2.22e-16). Gradients are d loss / d parameter with
    sklearn's shapes: coef_grads[l] (fan_in, fan_out), intercept_grads[l] (fan_out,).
"""
import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_v] = "1"

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402

import numpy as np  # noqa: E402
import scipy  # noqa: E402

import sklearn  # noqa: E402
from sklearn.datasets import load_diabetes, make_moons  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.linear_model import ElasticNet, Lasso, LinearRegression, Ridge  # noqa: E402
from sklearn.metrics import (  # noqa: E402
    mean_absolute_error,
    mean_squared_error,
    r2_score,
    root_mean_squared_error,
)
from sklearn.model_selection import (  # noqa: E402
    GridSearchCV,
    KFold,
    ParameterGrid,
    StratifiedKFold,
    check_cv,
    cross_val_score,
    cross_validate,
)
from sklearn.neural_network import MLPClassifier, MLPRegressor  # noqa: E402
from sklearn.pipeline import Pipeline  # noqa: E402
from sklearn.preprocessing import PolynomialFeatures, StandardScaler  # noqa: E402
from sklearn.utils import check_random_state  # noqa: E402

try:
    from threadpoolctl import threadpool_limits  # noqa: E402
except ImportError:  # pragma: no cover
    threadpool_limits = None

LASSO_TOL = 1e-14
LASSO_MAX_ITER = 10**6


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------
def meta(description):
    return {
        "generator": "scripts/sklearn_models_reference.py",
        "description": description,
        "versions": {
            "python": sys.version.split()[0],
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "scikit-learn": sklearn.__version__,
        },
    }


def to_jsonable(o):
    if isinstance(o, dict):
        return {str(k): to_jsonable(v) for k, v in o.items()}
    if isinstance(o, (list, tuple)):
        return [to_jsonable(v) for v in o]
    if isinstance(o, np.ndarray):
        return to_jsonable(o.tolist())
    if isinstance(o, (np.bool_, bool)):
        return bool(o)
    if isinstance(o, (np.integer,)):
        return int(o)
    if isinstance(o, (np.floating, float)):
        f = float(o)
        if not math.isfinite(f):
            raise ValueError("non-finite float in fixture")
        return f
    return o


def write_json(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as fh:
        # json uses float.__repr__ -> shortest string that round-trips exactly
        json.dump(to_jsonable(obj), fh, indent=1, sort_keys=False, allow_nan=False)
        fh.write("\n")
    print(f"wrote {path} ({os.path.getsize(path)} bytes)", file=sys.stderr)


def log(*a):
    print(*a, file=sys.stderr)


# ---------------------------------------------------------------------------
# 1. PolynomialFeatures
# ---------------------------------------------------------------------------
POLY_X = np.array([
    [0.5, -1.25, 2.0],
    [-0.75, 0.3, 1.5],
    [1.2, -0.4, -2.2],
    [0.0, 0.9, -0.6],
    [-1.6, 1.1, 0.35],
])


def make_poly():
    cases = []
    for d in (1, 2, 3):
        pf = PolynomialFeatures(degree=d, include_bias=False)
        out = pf.fit_transform(POLY_X)
        cases.append({
            "degree": d,
            "columns": int(pf.n_output_features_),
            "powers": pf.powers_.astype(int).tolist(),
            "out": out,
        })
    counts = []
    for p, degs in ((2, range(1, 16)), (30, range(1, 5))):
        for d in degs:
            n = PolynomialFeatures(degree=d, include_bias=False).fit(np.zeros((1, p)))
            counts.append({"n_features": p, "degree": d, "columns": int(n.n_output_features_)})
    return {
        "meta": meta("PolynomialFeatures(degree, include_bias=False): powers_ (one row "
                     "per output column, exponent of each input feature) and output "
                     "on a fixed 5x3 X; n_output_features_ table."),
        "x": POLY_X,
        "cases": cases,
        "counts": counts,
    }


# ---------------------------------------------------------------------------
# 2. cos data: cross_val_score and GridSearchCV
# ---------------------------------------------------------------------------
def cos_data():
    np.random.seed(0)
    n = 30
    X = np.sort(np.random.rand(n))
    y = np.cos(1.5 * np.pi * X) + np.random.randn(n) * 0.1
    return X, y


def grid_model(name, tol=LASSO_TOL):
    if name == "Ridge":
        return Ridge(), [1e-3, 1e-1, 10.0], {}
    if name == "Lasso":
        return Lasso(tol=tol, max_iter=LASSO_MAX_ITER), [1e-4, 1e-2, 1.0], {}
    if name == "ElasticNet":
        return (ElasticNet(l1_ratio=0.5, tol=tol, max_iter=LASSO_MAX_ITER),
                [1e-4, 1e-2, 1.0], {"l1_ratio": 0.5})
    raise ValueError(name)


GRID_DEGREES = [1, 3, 5, 9]
SCORERS = ["r2", "neg_mean_squared_error"]


def run_grid(name, X, y, tol=LASSO_TOL):
    model, alphas, extra = grid_model(name, tol)
    pipe = Pipeline([
        ("poly", PolynomialFeatures(include_bias=False)),
        ("scaler", StandardScaler()),
        ("model", model),
    ])
    grid = {"model__alpha": alphas, "poly__degree": GRID_DEGREES}
    gs = GridSearchCV(pipe, grid, cv=KFold(5), scoring=SCORERS,
                      refit="neg_mean_squared_error", return_train_score=True)
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        gs.fit(X[:, None], y)
    n_conv = sum(issubclass(x.category, ConvergenceWarning) for x in w)
    return gs, alphas, extra, n_conv


def make_cos():
    X, y = cos_data()
    cvs = []
    for lr_tol in (1e-6, 0.0):
        for d in (1, 4, 15):
            pipe = Pipeline([("poly", PolynomialFeatures(degree=d, include_bias=False)),
                             ("lr", LinearRegression(tol=lr_tol))])
            cvr = cross_validate(pipe, X[:, None], y, scoring="neg_mean_squared_error",
                                 cv=10, return_estimator=True)
            s = cvr["test_score"]
            s2 = cross_val_score(pipe, X[:, None], y, scoring="neg_mean_squared_error",
                                 cv=10)
            assert np.array_equal(s, s2)
            ranks = [int(e.named_steps["lr"].rank_) for e in cvr["estimator"]]
            cvs.append({"degree": d, "lr_tol": lr_tol, "scores": s, "mean": float(s.mean()),
                        "std": float(s.std()), "lstsq_rank": ranks})
            log(f"cos cv10 LinearRegression(tol={lr_tol}) degree {d}: mean {s.mean():.3e} "
                f"std {s.std():.3e} ranks {ranks}")

    grids = []
    for name in ("Ridge", "Lasso", "ElasticNet"):
        t0 = time.time()
        gs, alphas, extra, n_conv = run_grid(name, X, y)
        r = gs.cv_results_
        cands = [{"alpha": p["model__alpha"], "degree": p["poly__degree"]}
                 for p in r["params"]]
        # sanity: ParameterGrid order (keys sorted, last fastest)
        pg = [{"alpha": p["model__alpha"], "degree": p["poly__degree"]}
              for p in ParameterGrid({"model__alpha": alphas, "poly__degree": GRID_DEGREES})]
        assert pg == cands
        scores = {}
        for sc in SCORERS:
            scores[sc] = {
                "split_test": np.array([r[f"split{k}_test_{sc}"] for k in range(5)]).T,
                "split_train": np.array([r[f"split{k}_train_{sc}"] for k in range(5)]).T,
                "mean_test": r[f"mean_test_{sc}"],
                "std_test": r[f"std_test_{sc}"],
                "rank_test": r[f"rank_test_{sc}"].astype(int),
                "mean_train": r[f"mean_train_{sc}"],
                "std_train": r[f"std_train_{sc}"],
            }
        entry = {
            "model": name,
            "model_params": dict(extra, **({} if name == "Ridge" else
                                           {"tol": LASSO_TOL, "max_iter": LASSO_MAX_ITER})),
            "param_grid": {"alpha": alphas, "degree": GRID_DEGREES},
            "candidates": cands,
            "scores": scores,
            "best_index": int(gs.best_index_),
            "best_params": {"alpha": gs.best_params_["model__alpha"],
                            "degree": gs.best_params_["poly__degree"]},
            "convergence_warnings": n_conv,
        }
        log(f"cos grid {name}: best {entry['best_params']} ({time.time() - t0:.1f}s, "
            f"{n_conv} ConvergenceWarnings)")
        if name != "Ridge":
            gs2, _, _, _ = run_grid(name, X, y, tol=1e-15)
            r2 = gs2.cv_results_
            worst = 0.0
            for sc in SCORERS:
                for kind in ("test", "train"):
                    a = r[f"mean_{kind}_{sc}"]
                    b = r2[f"mean_{kind}_{sc}"]
                    rel = np.abs(a - b) / np.maximum(np.abs(a), 1e-300)
                    worst = max(worst, float(rel.max()))
            entry["tol_1e-15_max_rel_diff_of_means"] = worst
            status = "OK" if worst < 1e-10 else "FAILED"
            log(f"cos grid {name}: tol 1e-14 vs 1e-15 max rel diff of mean scores "
                f"{worst:.3e} [{status}]")
        grids.append(entry)

    return {
        "meta": meta("sklearn example 'Underfitting vs. Overfitting': np.random.seed(0); "
                     "X = sort(rand(30)); y = cos(1.5 pi X) + 0.1 randn(30). "
                     "cv10: cross_val_score(poly(d, no bias) + LinearRegression(tol="
                     "lr_tol), cv=10, neg_mean_squared_error); lr_tol=1e-6 is the "
                     "sklearn 1.9 default (lstsq cond: singular values < tol * s_max of "
                     "the centred design are dropped; lstsq_rank = rank_ per fold), "
                     "lr_tol=0 is plain minimum-norm lstsq (the example's 1.8e8 for "
                     "degree 15). grids: GridSearchCV(poly + StandardScaler "
                     "+ model, cv=KFold(5), scoring [r2, neg_mean_squared_error], "
                     "refit neg_mean_squared_error, return_train_score). split_* are "
                     "[candidate][fold]."),
        "x": X,
        "y": y,
        "cv10": cvs,
        "grids": grids,
    }


# ---------------------------------------------------------------------------
# 3. linear models on diabetes[:150]
# ---------------------------------------------------------------------------
def kkt_violation(X, y, w, b, alpha, l1_ratio):
    """Max KKT violation of (1/(2n))||r||^2 + a*l1*||w||_1 + a*(1-l1)/2*||w||^2."""
    n = X.shape[0]
    r = y - X @ w - b
    g = X.T @ r / n - alpha * (1 - l1_ratio) * w  # must be in alpha*l1*subdiff|w|
    lam = alpha * l1_ratio
    viol = np.where(w != 0, np.abs(g - lam * np.sign(w)), np.maximum(np.abs(g) - lam, 0.0))
    return float(max(viol.max(), abs(r.mean())))


def make_linear():
    d = load_diabetes()
    X0 = d.data[:150].astype(np.float64)
    y = d.target[:150].astype(np.float64)
    X = StandardScaler().fit_transform(X0)
    n = X.shape[0]

    def rss(w, b):
        r = y - X @ w - b
        return float(r @ r)

    models = []
    lr = LinearRegression().fit(X, y)
    models.append({"model": "LinearRegression", "params": {}, "coef": lr.coef_,
                   "intercept": float(lr.intercept_), "objective": rss(lr.coef_, lr.intercept_)})
    for a in (0.1, 10.0, 1000.0):
        m = Ridge(alpha=a).fit(X, y)
        obj = rss(m.coef_, m.intercept_) + a * float(m.coef_ @ m.coef_)
        # closed form check (X columns have mean 0 up to rounding)
        Xc = X - X.mean(0)
        wcf = np.linalg.solve(Xc.T @ Xc + a * np.eye(X.shape[1]), Xc.T @ (y - y.mean()))
        diff = float(np.abs(wcf - m.coef_).max())
        models.append({"model": "Ridge", "params": {"alpha": a}, "coef": m.coef_,
                       "intercept": float(m.intercept_), "objective": obj,
                       "closed_form_max_abs_diff": diff})
        log(f"linear Ridge {a}: closed form diff {diff:.2e}")
    configs = [("Lasso", a, 1.0) for a in (0.01, 0.5, 5.0)]
    configs += [("ElasticNet", a, l1) for a in (0.01, 0.5) for l1 in (0.2, 0.8)]
    for name, a, l1 in configs:
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter("always")
            if name == "Lasso":
                m = Lasso(alpha=a, tol=LASSO_TOL, max_iter=LASSO_MAX_ITER).fit(X, y)
                params = {"alpha": a}
            else:
                m = ElasticNet(alpha=a, l1_ratio=l1, tol=LASSO_TOL,
                               max_iter=LASSO_MAX_ITER).fit(X, y)
                params = {"alpha": a, "l1_ratio": l1}
        n_conv = sum(issubclass(x.category, ConvergenceWarning) for x in w)
        wv, b = m.coef_, float(m.intercept_)
        obj = (rss(wv, b) / (2 * n) + a * l1 * float(np.abs(wv).sum())
               + 0.5 * a * (1 - l1) * float(wv @ wv))
        kkt = kkt_violation(X, y, wv, b, a, l1)
        models.append({"model": name, "params": params, "coef": wv, "intercept": b,
                       "objective": obj, "kkt_max_violation": kkt,
                       "n_iter": int(m.n_iter_), "convergence_warning": bool(n_conv)})
        log(f"linear {name} {params}: kkt {kkt:.2e} n_iter {m.n_iter_} "
            f"nnz {int((wv != 0).sum())} conv_warn {n_conv}")
    return {
        "meta": meta("load_diabetes() (default scaled) rows 0..149, all 10 features, "
                     "then StandardScaler fitted on those rows (x below is already "
                     "standardised: use as is). Lasso/ElasticNet tol=1e-14, "
                     "max_iter=1e6. objective: see the script docstring. "
                     "kkt_max_violation: max over j of the subgradient-condition "
                     "violation and |mean residual|."),
        "x": X,
        "y": y,
        "models": models,
    }


# ---------------------------------------------------------------------------
# 4. scorers
# ---------------------------------------------------------------------------
def make_scorers():
    cases = [
        ("generic", [3.0, -0.5, 2.0, 7.0, 4.25], [2.5, 0.0, 2.0, 8.0, 3.5]),
        ("constant_true_perfect", [1.5, 1.5, 1.5, 1.5], [1.5, 1.5, 1.5, 1.5]),
        ("constant_true_imperfect", [1.5, 1.5, 1.5, 1.5], [1.0, 2.0, 1.5, 1.75]),
        ("negative_r2", [1.0, 2.0, 3.0, 4.0], [4.0, 1.0, 3.5, -0.5]),
        ("two_samples", [0.1, 0.3], [0.25, 0.2]),
    ]
    out = []
    for name, yt, yp in cases:
        yt_a, yp_a = np.array(yt), np.array(yp)
        out.append({
            "name": name,
            "y_true": yt,
            "y_pred": yp,
            "r2": float(r2_score(yt_a, yp_a)),
            "mean_squared_error": float(mean_squared_error(yt_a, yp_a)),
            "root_mean_squared_error": float(root_mean_squared_error(yt_a, yp_a)),
            "mean_absolute_error": float(mean_absolute_error(yt_a, yp_a)),
        })
    # single-element: r2 undefined in sklearn (UndefinedMetricWarning, nan) -> skipped
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        r = r2_score([2.0], [1.0])
    log(f"scorers: r2_score([2],[1]) = {r!r}, warnings: {[str(x.message) for x in w]}")
    return {
        "meta": meta("sklearn.metrics r2_score (force_finite=True default), "
                     "mean_squared_error, root_mean_squared_error, mean_absolute_error. "
                     f"Single-element case skipped: r2_score([2.0],[1.0]) returns {r!r} "
                     "with an UndefinedMetricWarning."),
        "cases": out,
    }


# ---------------------------------------------------------------------------
# 5. KFold
# ---------------------------------------------------------------------------
def make_kfold():
    cases = []
    for n in (10, 11, 30, 442):
        for k in (3, 5, 10):
            test = [te.tolist() for _, te in KFold(k).split(np.zeros((n, 1)))]
            cases.append({"n": n, "k": k, "test": test})
    X, y = cos_data()
    cv = check_cv(5, y, classifier=False)
    # cross_val_score(Ridge(), ...) calls check_cv(cv, y, classifier=is_classifier(est))
    assert not sklearn.base.is_classifier(Ridge())
    return {
        "meta": meta("KFold(k) (shuffle=False) test indices per fold; default splitter "
                     "of cross_val_score(Ridge(), X_cos, y_cos) = check_cv(5, y, "
                     "classifier=False)."),
        "cases": cases,
        "cos_default_cv": {"class": type(cv).__name__, "n_splits": int(cv.n_splits),
                           "shuffle": bool(cv.shuffle)},
    }


# ---------------------------------------------------------------------------
# 6. MLP
# ---------------------------------------------------------------------------
class _RecordingRNG:
    def __init__(self):
        self.rng = np.random.RandomState(0)
        self.bounds = []

    def uniform(self, low, high, size):
        self.bounds.append((low, high))
        return self.rng.uniform(low, high, size)


def glorot_bounds():
    out = []
    for fan_in, fan_out in ((2, 1), (3, 4), (4, 1), (4, 3), (2, 100), (100, 1), (30, 20)):
        for act in ("relu", "tanh", "logistic", "identity"):
            m = MLPClassifier(activation=act)
            m._random_state = _RecordingRNG()
            coef, inter = m._init_coef(fan_in, fan_out, np.float64)
            (l0, h0), (l1, h1) = m._random_state.bounds
            assert l0 == -h0 and l1 == -h1 and h0 == h1
            factor = 2.0 if act == "logistic" else 6.0
            assert h0 == np.sqrt(factor / (fan_in + fan_out))
            assert np.abs(coef).max() <= h0 and np.abs(inter).max() <= h0
            assert coef.shape == (fan_in, fan_out) and inter.shape == (fan_out,)
            out.append({"fan_in": fan_in, "fan_out": fan_out, "activation": act,
                        "bound": float(h0)})
    return out


MLP_X = np.array([
    [0.3, -1.2, 0.75],
    [1.1, 0.4, -0.35],
    [-0.6, 0.9, 1.6],
    [0.05, -0.45, -1.3],
    [1.7, 1.25, 0.2],
    [-1.15, -0.8, 0.55],
    [0.45, 0.15, -0.9],
    [-0.25, 1.45, 1.05],
])
MLP_Y = {
    "binary": np.array([0, 1, 1, 0, 1, 0, 0, 1]),
    "multiclass": np.array([0, 1, 2, 2, 1, 0, 2, 1]),
    "regressor": np.array([0.5, -1.2, 2.3, 0.15, -0.7, 1.05, 0.0, -2.1]),
}


def fixed_weights(n_in, n_hidden, n_out):
    """0.5 * sin(0, 1, 2, ...) filled in sklearn's packed order:
    coefs_[0] (row-major), coefs_[1], intercepts_[0], intercepts_[1]."""
    sizes = [n_in * n_hidden, n_hidden * n_out, n_hidden, n_out]
    v = 0.5 * np.sin(np.arange(sum(sizes), dtype=np.float64))
    o = np.cumsum([0] + sizes)
    W0 = v[o[0]:o[1]].reshape(n_in, n_hidden)
    W1 = v[o[1]:o[2]].reshape(n_hidden, n_out)
    b0 = v[o[2]:o[3]].copy()
    b1 = v[o[3]:o[4]].copy()
    return [W0, W1], [b0, b1]


def numpy_loss_grad(task, act, alpha, X, Y, coefs, inters):
    """Independent re-implementation (for checking sklearn's numbers)."""
    n = X.shape[0]
    Z1 = X @ coefs[0] + inters[0]
    H = {"relu": lambda z: np.maximum(z, 0), "tanh": np.tanh,
         "logistic": lambda z: 1 / (1 + np.exp(-z)), "identity": lambda z: z}[act](Z1)
    Z2 = H @ coefs[1] + inters[1]
    eps = np.finfo(float).eps
    if task == "binary":
        P = 1 / (1 + np.exp(-Z2))
        Pc = np.clip(P, eps, 1 - eps)
        data = -np.mean(Y * np.log(Pc) + (1 - Y) * np.log(1 - Pc))
    elif task == "multiclass":
        E = np.exp(Z2 - Z2.max(1, keepdims=True))
        P = E / E.sum(1, keepdims=True)
        data = -np.mean(np.sum(Y * np.log(np.clip(P, eps, 1 - eps)), axis=1))
    else:
        P = Z2
        data = 0.5 * np.mean((Y - P) ** 2)
    loss = data + 0.5 * alpha * sum(float(np.sum(W * W)) for W in coefs) / n
    D2 = P - Y
    gW1 = (H.T @ D2 + alpha * coefs[1]) / n
    gb1 = D2.sum(0) / n
    dact = {"relu": (Z1 > 0).astype(float), "tanh": 1 - H ** 2,
            "logistic": H * (1 - H), "identity": np.ones_like(H)}[act]
    D1 = (D2 @ coefs[1].T) * dact
    gW0 = (X.T @ D1 + alpha * coefs[0]) / n
    gb0 = D1.sum(0) / n
    return loss, [gW0, gW1], [gb0, gb1], P


def sklearn_loss_grad(task, act, alpha, X, y, n_hidden=4):
    if task == "regressor":
        m = MLPRegressor(hidden_layer_sizes=(n_hidden,), activation=act, alpha=alpha,
                         solver="lbfgs")
    else:
        m = MLPClassifier(hidden_layer_sizes=(n_hidden,), activation=act, alpha=alpha,
                          solver="lbfgs")
    Xv, Y = m._validate_input(X, y, incremental=False, reset=True)
    if Y.ndim == 1:
        Y = Y.reshape((-1, 1))
    m.n_outputs_ = Y.shape[1]
    layer_units = [X.shape[1], n_hidden, m.n_outputs_]
    m._random_state = check_random_state(0)
    m._initialize(Y, layer_units, np.float64)
    coefs, inters = fixed_weights(X.shape[1], n_hidden, m.n_outputs_)
    m.coefs_ = [c.copy() for c in coefs]
    m.intercepts_ = [b.copy() for b in inters]
    activations = [Xv] + [None] * (len(layer_units) - 1)
    deltas = [None] * (len(activations) - 1)
    cg = [np.empty((a, b)) for a, b in zip(layer_units[:-1], layer_units[1:])]
    ig = [np.empty(b) for b in layer_units[1:]]
    loss, cg, ig = m._backprop(Xv, Y, None, activations, deltas, cg, ig)
    return m, Y, coefs, inters, float(loss), cg, ig, activations[-1].copy()


def make_mlp_lossgrad():
    cases = []
    worst = 0.0
    for task in ("binary", "multiclass", "regressor"):
        y = MLP_Y[task]
        for act in ("relu", "tanh", "logistic", "identity"):
            for alpha in (0.0, 0.1):
                m, Y, coefs, inters, loss, cg, ig, out = sklearn_loss_grad(
                    task, act, alpha, MLP_X, y)
                n_out = Y.shape[1]
                assert n_out == {"binary": 1, "multiclass": 3, "regressor": 1}[task]
                assert m.out_activation_ == {"binary": "logistic", "multiclass": "softmax",
                                             "regressor": "identity"}[task]
                l2, cg2, ig2, P2 = numpy_loss_grad(task, act, alpha, MLP_X, Y, coefs, inters)
                d = max(abs(l2 - loss), *(float(np.abs(a - b).max()) for a, b in
                                          zip(cg + ig, cg2 + ig2)),
                        float(np.abs(P2 - out).max()))
                worst = max(worst, d)
                cases.append({
                    "task": task,
                    "activation": act,
                    "alpha": alpha,
                    "out_activation": m.out_activation_,
                    "n_outputs": n_out,
                    "y": y,
                    "y_target": np.asarray(Y, dtype=np.float64),
                    "coefs": coefs,
                    "intercepts": inters,
                    "loss": loss,
                    "coef_grads": cg,
                    "intercept_grads": ig,
                    "output": out,
                })
    log(f"mlp loss/grad: max |sklearn - numpy reimplementation| = {worst:.2e}")
    # finite-difference check of one case (sanity of the gradient convention)
    m, Y, coefs, inters, loss, cg, ig, _ = sklearn_loss_grad("multiclass", "tanh", 0.1,
                                                             MLP_X, MLP_Y["multiclass"])
    h = 1e-6
    fd_worst = 0.0
    for i in range(3):
        for j in range(4):
            cp = [c.copy() for c in coefs]
            cp[0][i, j] += h
            lp = numpy_loss_grad("multiclass", "tanh", 0.1, MLP_X, Y, cp, inters)[0]
            cp[0][i, j] -= 2 * h
            lm = numpy_loss_grad("multiclass", "tanh", 0.1, MLP_X, Y, cp, inters)[0]
            fd_worst = max(fd_worst, abs((lp - lm) / (2 * h) - cg[0][i, j]))
    log(f"mlp loss/grad: finite-difference check max err {fd_worst:.2e}")
    return cases, worst


def make_moons_cv():
    X, y = make_moons(n_samples=200, noise=0.25, random_state=0)
    res = {}
    for act in ("relu", "tanh"):
        res[act] = []
        for h in (1, 2, 5, 20, 100):
            tests, trains, folds, iters = [], [], [], []
            for s in range(10):
                def pipe():
                    return Pipeline([
                        ("scaler", StandardScaler()),
                        ("mlp", MLPClassifier(hidden_layer_sizes=(h,), activation=act,
                                              solver="adam", alpha=1e-4,
                                              learning_rate_init=1e-3, max_iter=2000,
                                              random_state=s)),
                    ])
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore", ConvergenceWarning)
                    cvr = cross_validate(pipe(), X, y, cv=StratifiedKFold(5),
                                         scoring="accuracy", return_train_score=True)
                    full = pipe().fit(X, y)
                tests.append(float(cvr["test_score"].mean()))
                trains.append(float(cvr["train_score"].mean()))
                folds.append(cvr["test_score"])
                iters.append(int(full.named_steps["mlp"].n_iter_))
            res[act].append({
                "hidden": h,
                "mean_test": tests,
                "mean_train": trains,
                "test_folds": folds,
                "min_test": min(tests), "max_test": max(tests),
                "min_train": min(trains), "max_train": max(trains),
                "n_iter_full_fit": iters,
            })
            log(f"moons {act} h={h}: test [{min(tests):.3f}, {max(tests):.3f}] "
                f"train [{min(trains):.3f}, {max(trains):.3f}] n_iter {iters}")
    return X, y, res


def make_mlp():
    t0 = time.time()
    bounds = glorot_bounds()
    cases, worst = make_mlp_lossgrad()
    X, y, moons = make_moons_cv()
    dt = time.time() - t0
    log(f"mlp fixture took {dt:.1f}s")
    return {
        "meta": meta("glorot: bound used by _init_coef (uniform(-bound, bound) for "
                     "weights and intercepts), sqrt(6/(fan_in+fan_out)), or "
                     "sqrt(2/(fan_in+fan_out)) for logistic. loss_grad: sklearn "
                     "_backprop at fixed weights (0.5*sin(0,1,2,...) in order coefs_[0] "
                     "row-major, coefs_[1], intercepts_[0], intercepts_[1]); hidden=4; "
                     "y_target is the (n, n_outputs) target sklearn trains on "
                     "(binary: one 0/1 column; multiclass: one-hot; regressor: y as a "
                     "column); output is the network output (probabilities for "
                     "classifiers). moons: make_moons(200, noise=0.25, random_state=0); "
                     "cross_validate(StandardScaler + MLPClassifier((h,), activation, "
                     "adam, alpha=1e-4, lr=1e-3, max_iter=2000, random_state=s), "
                     "cv=StratifiedKFold(5), accuracy, return_train_score) for "
                     "s = 0..9; n_iter_full_fit = n_iter_ of a fit on all 200 rows."),
        "glorot": bounds,
        "loss_grad": {"x": MLP_X, "hidden": 4, "max_abs_diff_vs_numpy": worst,
                      "cases": cases},
        "moons": {"x": X, "y": y, "seeds": list(range(10)), "results": moons},
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..",
                                                  "tests", "fixtures"))
    ap.add_argument("--only", nargs="*", default=None)
    a = ap.parse_args()
    out = os.path.normpath(a.out)
    todo = a.only or ["poly", "cos", "linear", "scorers", "kfold", "mlp"]
    makers = {"poly": make_poly, "cos": make_cos, "linear": make_linear,
              "scorers": make_scorers, "kfold": make_kfold, "mlp": make_mlp}
    t0 = time.time()
    limits = threadpool_limits(1) if threadpool_limits is not None else None
    for k in todo:
        write_json(os.path.join(out, f"models_{k}.json"), makers[k]())
    if limits is not None:
        limits.restore_original_limits()
    log(f"total {time.time() - t0:.1f}s")


if __name__ == "__main__":
    main()
