#!/usr/bin/env python3
"""Time scikit-learn GridSearchCV for comparison with TuneLab's Rust engine.

Usage:
  python scripts/bench_sklearn.py                     # Iris benches only
  python scripts/bench_sklearn.py --csv data.csv      # + the CSV bench
  options: --repeat N (default 5), --max-iter N, --skip-iris

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

import numpy as np
import sklearn
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

warnings.filterwarnings("ignore")  # ConvergenceWarning, FitFailedWarning, FutureWarning

C_GRID = [0.001, 0.01, 0.1, 1.0, 10.0, 100.0]


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


def time_fit(make_search, X, y, repeat):
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
        "best_params": {k.replace("clf__", ""): v for k, v in gs.best_params_.items()},
        "best_score": float(gs.best_score_),
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
        "omp_num_threads": os.environ.get("OMP_NUM_THREADS"),
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
    ap.add_argument("--max-iter", type=int, default=100, help="LogisticRegression max_iter")
    ap.add_argument("--tol", type=float, default=1e-4, help="LogisticRegression tol")
    ap.add_argument("--skip-iris", action="store_true")
    a = ap.parse_args()
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


if __name__ == "__main__":
    sys.exit(main())
