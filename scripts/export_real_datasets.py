#!/usr/bin/env python3
"""Export scikit-learn's small real data sets as CSV files for TuneLab (www/data/: served beside
the page, inlined into the one-file build, compiled into the native binary).

Usage:  python scripts/export_real_datasets.py [--out www/data]

Writes (header row of scikit-learn's feature names with spaces replaced by
underscores, the label column last, numbers in Python repr = shortest round-trip
form, "\\n" line ends):
  wine.csv           load_wine():                 178 rows x 13 features + "class"
                     (class_0, class_1, class_2 as sklearn's target_names)
  breast_cancer.csv  load_breast_cancer():        569 rows x 30 features + "class"
                     (malignant, benign as sklearn's target_names)
  diabetes.csv       load_diabetes(scaled=False): 442 rows x 10 raw features
                     + numeric target "progression"

Versions as scripts/requirements.txt (scikit-learn 1.9.1, numpy 2.4.6, scipy 1.17.1).
"""

import argparse
import csv
import os
import sys

from sklearn.datasets import load_breast_cancer, load_diabetes, load_wine

MAX_BYTES = 200_000


def number(value):
    """A float in its shortest round-trip form (repr of the Python float)."""
    return repr(float(value))


def column_name(name):
    return str(name).strip().replace(" ", "_")


def write(path, feature_names, label_name, x, labels):
    with open(path, "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow([column_name(n) for n in feature_names] + [label_name])
        for row, label in zip(x, labels):
            out.writerow([number(v) for v in row] + [label])
    size = os.path.getsize(path)
    print(f"{path}: {len(x)} rows x {len(feature_names)} features, {size} bytes")
    if size >= MAX_BYTES:
        sys.exit(f"{path} is {size} bytes, over the {MAX_BYTES} byte budget")


def check_round_trip(path, x, labels):
    """Reads the file back and compares every value exactly."""
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    body = rows[1:]
    assert len(body) == len(x), path
    for row, want, label in zip(body, x, labels):
        assert [float(v) for v in row[:-1]] == [float(v) for v in want], path
        assert row[-1] == str(label), path


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="www/data")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)

    for name, loader in [("wine", load_wine), ("breast_cancer", load_breast_cancer)]:
        data = loader()
        labels = [str(data.target_names[t]) for t in data.target]
        path = os.path.join(args.out, f"{name}.csv")
        write(path, data.feature_names, "class", data.data, labels)
        check_round_trip(path, data.data, labels)

    data = load_diabetes(scaled=False)
    targets = [number(t) for t in data.target]
    path = os.path.join(args.out, "diabetes.csv")
    write(path, data.feature_names, "progression", data.data, targets)
    check_round_trip(path, data.data, targets)


if __name__ == "__main__":
    main()
