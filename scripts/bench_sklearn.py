#!/usr/bin/env python3
"""Time scikit-learn GridSearchCV for comparison with TuneLab's Rust engine.

Usage:
  python scripts/bench_sklearn.py                     # Iris benches only
  python scripts/bench_sklearn.py --csv data.csv      # + the CSV bench
  options: --repeat N (default 5), --warmup N (default 1), --max-iter N, --skip-iris

Output: one JSON object per line on stdout, e.g.
  {"bench": "iris_seed_grid", "median_s": 0.41, "min_s": ..., "repeat": 5, ...}

Benches (all n_jobs=1, single-threaded BLAS recommended: OMP_NUM_THREADS=1):
  iris_seed_grid          Pipeline(StandardScaler, LogisticRegression) on Iris,
                          C in [0.001,0.01,0.1,1,10,100] x penalty [l1,l2], cv=5,
                          scoring='accuracy', return_train_score=True; solver as an
                          sklearn user would pick it: saga for l1, lbfgs for l2
                          (sklearn defaults otherwise: tol=1e-4, max_iter=100).
                          60 fits + refit.
  iris_seed_grid_literal  the literal seed example (default solver lbfgs for both
                          penalties): the 30 l1 fits fail immediately (NaN scores).
  csv_l2_grid             --csv PATH (label column last, optional header row):
                          same pipeline, penalty l2 / lbfgs, the same 6 C values,
                          cv=5, scoring='accuracy'. 30 fits + refit.
  ridge_grid, lasso_grid  --regression-csv PATH (numeric target last): Pipeline(
                          StandardScaler, Ridge / Lasso), 6 alphas, cv=5 (KFold),
                          scoring r2. Lasso with its default tol (1e-4) and max_iter.
  mlp_moons               --moons-csv PATH: Pipeline(StandardScaler, MLPClassifier(
                          hidden_layer_sizes=(h,), max_iter=1000,
                          learning_rate_init=0.01, random_state=0)), h in
                          [1, 2, 5, 20, 100], cv=5, scoring accuracy.
Timing: timeit-style -- one untimed warm-up, then --repeat timed runs of a full
GridSearchCV.fit (including the refit); median and min reported in seconds.
"""
import argparse
import json
import os
import platform
import statistics
import sys
import time
import warnings

# One thread for every library, set before NumPy loads its BLAS: on this project's
# 2-core machine scikit-learn's default threading is several times slower, and a
# ratio against a handicapped peer is not a result.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import numpy as np
import sklearn
from threadpoolctl import threadpool_limits
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

warnings.filterwarnings("ignore")  # ConvergenceWarning, FitFailedWarning, FutureWarning

C_GRID = [0.001, 0.01, 0.1, 1.0, 10.0, 100.0]
RIDGE_ALPHAS = [0.01, 0.1, 1.0, 10.0, 100.0, 1000.0]
LASSO_ALPHAS = [0.0001, 0.001, 0.01, 0.1, 0.3, 1.0]
MLP_SIZES = [1, 2, 5, 20, 100]


def load_regression_csv(path):
    """Numeric features and a numeric target in the last column, header row."""
    raw = np.loadtxt(path, delimiter=",", skiprows=1, ndmin=2)
    return np.ascontiguousarray(raw[:, :-1]), raw[:, -1].copy()


def load_csv(path):
    """Numeric features, label column last (numbers or words), optional header row."""
    with open(path) as fh:
        first = fh.readline()
    try:
        [float(v) for v in first.strip().split(",")[:-1]]
        skip = 0
    except ValueError:
        skip = 1
    raw = np.loadtxt(path, delimiter=",", skiprows=skip, dtype=str, ndmin=2)
    X = np.ascontiguousarray(raw[:, :-1].astype(np.float64))
    _, y = np.unique(raw[:, -1], return_inverse=True)
    return X, y


WARMUP = 1  # untimed runs before the timed ones (--warmup)


def time_fit(make_search, X, y, repeat):
    for _ in range(WARMUP):
        make_search().fit(X, y)  # warm-up (imports, caches)
    times = []
    for _ in range(repeat):
        gs = make_search()
        t0 = time.perf_counter()
        gs.fit(X, y)
        times.append(time.perf_counter() - t0)
    return times, gs


def report(name, times, gs, X, extra):
    n_cand = len(gs.cv_results_["params"])
    rec = {
        "bench": name,
        "median_s": statistics.median(times),
        "min_s": min(times),
        "repeat": len(times),
        "times_s": times,
        "n_samples": int(X.shape[0]),
        "n_features": int(X.shape[1]),
        "n_candidates": n_cand,
        "n_fits": n_cand * gs.n_splits_ + 1,
        # The cross-validation fits alone (no scoring, no refit), as cv_results_ times them.
        "cv_fit_s": float(np.sum(gs.cv_results_["mean_fit_time"]) * gs.n_splits_),
        "best_params": {k.replace("clf__", ""): v for k, v in gs.best_params_.items()},
        "best_score": float(gs.best_score_),
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
        "threads": "1 (OMP_NUM_THREADS=1, threadpoolctl)",
    }
    rec.update(extra)
    print(json.dumps(rec), flush=True)


def pipe(**clf_kw):
    return Pipeline([("scaler", StandardScaler()), ("clf", LogisticRegression(**clf_kw))])


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--csv", help="CSV file, numeric features, label column last")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--warmup", type=int, default=1, help="untimed runs before the timed ones")
    ap.add_argument("--max-iter", type=int, default=100, help="LogisticRegression max_iter")
    ap.add_argument("--tol", type=float, default=1e-4, help="LogisticRegression tol")
    ap.add_argument("--skip-iris", action="store_true")
    ap.add_argument("--regression-csv", help="CSV with a numeric target last (ridge, lasso)")
    ap.add_argument("--moons-csv", help="two-moons CSV, class last (MLP)")
    a = ap.parse_args()
    global WARMUP
    WARMUP = a.warmup
    with threadpool_limits(1):
        run(a)


def run(a):
    kw = dict(max_iter=a.max_iter, tol=a.tol)

    if not a.skip_iris:
        X, y = load_iris(return_X_y=True)

        def seed_grid():
            grid = [
                {"clf__C": C_GRID, "clf__penalty": ["l1"], "clf__solver": ["saga"]},
                {"clf__C": C_GRID, "clf__penalty": ["l2"], "clf__solver": ["lbfgs"]},
            ]
            return GridSearchCV(pipe(random_state=0, **kw), grid, cv=5, scoring="accuracy",
                                return_train_score=True, n_jobs=1)

        times, gs = time_fit(seed_grid, X, y, a.repeat)
        report("iris_seed_grid", times, gs, X,
               {"config": "saga for l1, lbfgs for l2", **kw})

        def literal():
            return GridSearchCV(pipe(**kw), {"clf__C": C_GRID, "clf__penalty": ["l1", "l2"]},
                                cv=5, scoring="accuracy", return_train_score=True, n_jobs=1)

        times, gs = time_fit(literal, X, y, a.repeat)
        report("iris_seed_grid_literal", times, gs, X,
               {"config": "default lbfgs for both; l1 fits fail (NaN)", **kw})

    if a.csv:
        X, y = load_csv(a.csv)

        def csv_grid():
            return GridSearchCV(pipe(solver="lbfgs", **kw), {"clf__C": C_GRID}, cv=5,
                                scoring="accuracy", n_jobs=1)

        times, gs = time_fit(csv_grid, X, y, a.repeat)
        report("csv_l2_grid", times, gs, X,
               {"config": "penalty l2, lbfgs", "csv": a.csv,
                "n_classes": int(len(np.unique(y))), **kw})

    if a.regression_csv:
        from sklearn.linear_model import Lasso, Ridge
        X, y = load_regression_csv(a.regression_csv)
        for name, model, alphas in [("ridge_grid", Ridge, RIDGE_ALPHAS),
                                    ("lasso_grid", Lasso, LASSO_ALPHAS)]:
            def search(model=model, alphas=alphas):
                p = Pipeline([("scaler", StandardScaler()), ("clf", model())])
                return GridSearchCV(p, {"clf__alpha": alphas}, cv=5, scoring="r2", n_jobs=1)
            times, gs = time_fit(search, X, y, a.repeat)
            report(name, times, gs, X, {"config": f"{model.__name__}, sklearn defaults"})

    if a.moons_csv:
        from sklearn.neural_network import MLPClassifier
        X, y = load_csv(a.moons_csv)

        def mlp():
            p = Pipeline([("scaler", StandardScaler()),
                          ("clf", MLPClassifier(max_iter=1000, learning_rate_init=0.01,
                                                random_state=0))])
            return GridSearchCV(p, {"clf__hidden_layer_sizes": [(h,) for h in MLP_SIZES]},
                                cv=5, scoring="accuracy", n_jobs=1)
        times, gs = time_fit(mlp, X, y, a.repeat)
        report("mlp_moons", times, gs, X, {"config": "adam, lr 0.01, max_iter 1000"})


if __name__ == "__main__":
    sys.exit(main())
