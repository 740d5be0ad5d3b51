#!/usr/bin/env python3
"""Time whole `tunelab search` processes, interleaved, on the benchmark grids.

Usage:
  python3 scripts/bench_cli.py [--repeat N] LABEL=COMMAND [LABEL=COMMAND ...]

COMMAND is a tunelab binary with optional extra arguments, e.g.
  'opt3-warm=target/release/tunelab --jobs 1'  'cold=target/release/tunelab --jobs 1 --cold'
Each run is timed from process start to exit (CSV loading included); the commands
take turns, so a change in the machine's load touches all of them alike. Needs the
10 000 x 50 set `make bench` writes (target/synthetic_10000x50.csv).
"""
import argparse
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


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("commands", nargs="+", metavar="LABEL=COMMAND")
    a = ap.parse_args()
    commands = [c.split("=", 1) for c in a.commands]
    for bench, args in BENCHES.items():
        times = {label: [] for label, _ in commands}
        for _ in range(a.repeat):
            for label, command in commands:
                exe, *extra = shlex.split(command)
                t = time.perf_counter()
                subprocess.run([exe] + args + extra, check=True, stdout=subprocess.DEVNULL)
                times[label].append(time.perf_counter() - t)
        for label, v in times.items():
            print(f"{bench:36s} {label:28s} median {statistics.median(v) * 1000:8.1f} ms"
                  f"  min {min(v) * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
