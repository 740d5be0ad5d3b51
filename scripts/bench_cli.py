#!/usr/bin/env python3
"""Time whole `tunelab search` processes, interleaved, on the benchmark grids.

Usage:
  python3 scripts/bench_cli.py [--repeat N] LABEL=COMMAND [LABEL=COMMAND ...]

With --sklearn, scikit-learn's GridSearchCV.fit on the same data and grid takes its turn
too (in this process, one thread: OMP_NUM_THREADS=1 and threadpoolctl, as
scripts/bench_sklearn.py sets them; the data loaded once, untimed), so that the ratio comes
from one run in which the machine's load touched both alike.

COMMAND is a tunelab binary with optional extra arguments, e.g.
  'opt3-warm=target/release/tunelab --jobs 1'  'cold=target/release/tunelab --jobs 1 --cold'
Each run is timed from process start to exit (CSV loading included); the commands
take turns, so a change in the machine's load touches all of them alike. Needs the
10 000 x 50 set `make bench` writes (target/synthetic_10000x50.csv).
"""
import argparse
import os
import shlex
import statistics
import subprocess
import time

BENCHES = {
    "10k x 50 grid (6 C x 5 folds, l2)": [
        "search", "--data", "target/synthetic_10000x50.csv",
        "--param", "C=0.001,0.01,0.1,1,10,100", "--format", "json",
    ],
    "iris seed grid (12 x 5 folds)": ["search", "--data", "iris", "--format", "json"],
}


def sklearn_searches():
    """{bench: fit()} for scikit-learn on the benches' data, one thread (see bench_sklearn.py)."""
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = "1"
    import sys
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import bench_sklearn as bs
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
    kw = dict(max_iter=100, tol=1e-4)
    iris_X, iris_y = bs.load_iris(return_X_y=True)
    csv_X, csv_y = bs.load_csv("target/synthetic_10000x50.csv")

    def csv_fit():
        bs.GridSearchCV(bs.pipe(solver="lbfgs", **kw), {"clf__C": bs.C_GRID}, cv=5,
                        scoring="accuracy", n_jobs=1).fit(csv_X, csv_y)

    def iris_fit():
        grid = [
            {"clf__C": bs.C_GRID, "clf__penalty": ["l1"], "clf__solver": ["saga"]},
            {"clf__C": bs.C_GRID, "clf__penalty": ["l2"], "clf__solver": ["lbfgs"]},
        ]
        bs.GridSearchCV(bs.pipe(random_state=0, **kw), grid, cv=5, scoring="accuracy",
                        return_train_score=True, n_jobs=1).fit(iris_X, iris_y)

    csv_fit(), iris_fit()  # warm-up (imports, caches), as bench_sklearn.py does
    return dict(zip(BENCHES, [csv_fit, iris_fit]))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--sklearn", action="store_true",
                    help="time scikit-learn (one thread) in turn with the commands")
    ap.add_argument("commands", nargs="+", metavar="LABEL=COMMAND")
    a = ap.parse_args()
    commands = [c.split("=", 1) for c in a.commands]
    sk = sklearn_searches() if a.sklearn else {}
    for bench, args in BENCHES.items():
        times = {label: [] for label, _ in commands}
        if sk:
            times["scikit-learn (1 thread)"] = []
        for _ in range(a.repeat):
            for label, command in commands:
                exe, *extra = shlex.split(command)
                t = time.perf_counter()
                subprocess.run([exe] + args + extra, check=True, stdout=subprocess.DEVNULL)
                times[label].append(time.perf_counter() - t)
            if sk:
                t = time.perf_counter()
                sk[bench]()
                times["scikit-learn (1 thread)"].append(time.perf_counter() - t)
        for label, v in times.items():
            print(f"{bench:36s} {label:28s} median {statistics.median(v) * 1000:8.1f} ms"
                  f"  min {min(v) * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
