#!/usr/bin/env python3
"""Generate scikit-learn reference fixtures for TuneLab's Rust tests.

Usage:  python scripts/sklearn_reference.py [--out tests/fixtures] [--skip-sklearn-grid]

Writes (pretty-printed, floats in Python repr = shortest round-trip form):
  tests/fixtures/iris_folds.json
  tests/fixtures/iris_logreg_optimum.json
  tests/fixtures/iris_grid_search.json
  tests/fixtures/metrics.json
  tests/fixtures/iris_cv10.json

Objective conventions (scikit-learn >= 1.8; the README's "Right" section):
  multinomial (K >= 3):
      f(W, b) = C * sum_i [logsumexp_k(x_i W_k + b_k) - (x_i W_{y_i} + b_{y_i})] + P(W)
  binary (K == 2, single sigmoid, s_i = +1 for the second class):
      f(w, b) = C * sum_i log(1 + exp(-s_i (x_i w + b))) + P(w)
  P = l1_ratio * ||W||_1 + (1 - l1_ratio) / 2 * ||W||_F^2
      (l2: l1_ratio = 0, l1: l1_ratio = 1, none: P = 0)

The "exact" optimum is computed without trusting any sklearn solver:
  1. L-BFGS-B on the smooth split reformulation W = U - V, U, V >= 0
     (smooth part + l1 * sum(U + V)), tight tolerances;
  2. active-set Newton polish: on the support found in 1 with fixed signs the
     problem is smooth, so Newton's method converges to machine precision;
     coordinates whose sign would flip are dropped, zero coordinates violating
     |g| <= l1 are added, and the loop repeats until the KKT conditions hold;
  3. the KKT conditions are checked and the max violation recorded.
The multinomial intercept is defined up to a common shift: it is centred
(mean 0) in every fixture.
"""
import argparse
import json
import math
import os
import sys
import warnings

import numpy as np
import scipy
import scipy.optimize
from scipy.special import logsumexp, expit, log_expit
from scipy.stats import rankdata

import sklearn
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (
    accuracy_score,
    balanced_accuracy_score,
    confusion_matrix,
    f1_score,
    log_loss,
    precision_score,
    recall_score,
)
from sklearn.model_selection import GridSearchCV, KFold, ParameterGrid, StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

warnings.filterwarnings("ignore")

C_GRID = [0.001, 0.01, 0.1, 1.0, 10.0, 100.0]
PENALTIES = ["l1", "l2"]


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------
def meta(description):
    return {
        "generator": "scripts/sklearn_reference.py",
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
            return None  # JSON has no NaN/inf; documented as null
        return f
    return o


def write_json(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as fh:
        # json uses float.__repr__ -> shortest string that round-trips exactly
        json.dump(to_jsonable(obj), fh, indent=1, sort_keys=False, allow_nan=False)
        fh.write("\n")
    print(f"wrote {path}", file=sys.stderr)


def penalty_weights(penalty, l1_ratio=None):
    """(l1 weight, l2 weight) in P = a*||W||_1 + b/2*||W||^2."""
    if penalty == "l1":
        return 1.0, 0.0
    if penalty == "l2":
        return 0.0, 1.0
    if penalty == "elasticnet":
        return float(l1_ratio), 1.0 - float(l1_ratio)
    if penalty in (None, "none"):
        return 0.0, 0.0
    raise ValueError(penalty)


def standardize(X_fit, X_apply_list):
    mean = X_fit.mean(axis=0)
    scale = X_fit.std(axis=0)
    scale = np.where(scale == 0, 1.0, scale)
    return mean, scale, [(Xa - mean) / scale for Xa in X_apply_list]


# ---------------------------------------------------------------------------
# exact solver
# ---------------------------------------------------------------------------
class Problem:
    """Smooth part S(W, b) = C * loss + l2/2 ||W||^2 ; nonsmooth l1 * ||W||_1.

    Parameters are held as Theta with shape (R, d + 1): R = K rows for the
    multinomial model, R = 1 for the binary sigmoid model; last column = b.
    """

    def __init__(self, X, y, C, l1, l2):
        self.X = np.asarray(X, dtype=np.float64)
        n, d = self.X.shape
        self.n, self.d = n, d
        self.Xa = np.hstack([self.X, np.ones((n, 1))])
        classes = np.unique(y)
        self.classes = classes
        self.K = len(classes)
        self.binary = self.K == 2
        self.R = 1 if self.binary else self.K
        yi = np.searchsorted(classes, y)
        self.yi = yi
        self.Y = np.zeros((n, self.K))
        self.Y[np.arange(n), yi] = 1.0
        self.s = np.where(yi == 1, 1.0, -1.0)
        self.C, self.l1, self.l2 = float(C), float(l1), float(l2)

    # -- smooth part ------------------------------------------------------
    def loss(self, T):
        Z = self.Xa @ T.T
        if self.binary:
            return -np.sum(log_expit(self.s * Z[:, 0]))
        return np.sum(logsumexp(Z, axis=1) - Z[np.arange(self.n), self.yi])

    def smooth(self, T):
        W = T[:, :-1]
        return self.C * self.loss(T) + 0.5 * self.l2 * np.sum(W * W)

    def objective(self, T):
        W = T[:, :-1]
        return self.smooth(T) + self.l1 * np.sum(np.abs(W))

    def smooth_grad(self, T):
        Z = self.Xa @ T.T
        if self.binary:
            r = -self.s * expit(-self.s * Z[:, 0])  # d/dz log(1+exp(-s z))
            G = (r[:, None] * self.Xa).sum(axis=0)[None, :]
        else:
            P = np.exp(Z - logsumexp(Z, axis=1, keepdims=True))
            G = (P - self.Y).T @ self.Xa
        G = self.C * G
        G[:, :-1] += self.l2 * T[:, :-1]
        return G

    def smooth_hess(self, T):
        """Hessian w.r.t. Theta flattened in C order (row r, column j)."""
        Z = self.Xa @ T.T
        D = self.d + 1
        if self.binary:
            p = expit(Z[:, 0])
            H = (self.Xa * (p * (1 - p))[:, None]).T @ self.Xa
        else:
            P = np.exp(Z - logsumexp(Z, axis=1, keepdims=True))
            K = self.K
            H = np.zeros((K * D, K * D))
            for a in range(K):
                for c in range(K):
                    w = P[:, a] * ((a == c) - P[:, c])
                    H[a * D:(a + 1) * D, c * D:(c + 1) * D] = (self.Xa * w[:, None]).T @ self.Xa
        H = self.C * H
        for r in range(self.R):
            for j in range(self.d):
                k = r * D + j
                H[k, k] += self.l2
        return H

    # -- KKT ----------------------------------------------------------------
    def kkt(self, T):
        G = self.smooth_grad(T)
        W = T[:, :-1]
        GW = G[:, :-1]
        viol = np.where(
            W != 0,
            np.abs(GW + self.l1 * np.sign(W)),
            np.maximum(np.abs(GW) - self.l1, 0.0),
        )
        vb = np.abs(G[:, -1])
        return max(viol.max(), vb.max()), viol, vb, G


def lbfgsb_split(prob, T0=None):
    R, D, d = prob.R, prob.d + 1, prob.d
    nW = R * d
    if T0 is None:
        T0 = np.zeros((R, D))
    W0 = T0[:, :-1].ravel()
    x0 = np.concatenate([np.maximum(W0, 0), np.maximum(-W0, 0), T0[:, -1]])

    def unpack(x):
        U = x[:nW].reshape(R, d)
        V = x[nW:2 * nW].reshape(R, d)
        b = x[2 * nW:]
        return np.hstack([U - V, b[:, None]]), U, V

    def fg(x):
        T, U, V = unpack(x)
        f = prob.smooth(T) + prob.l1 * (U.sum() + V.sum())
        G = prob.smooth_grad(T)
        gW = G[:, :-1].ravel()
        g = np.concatenate([gW + prob.l1, -gW + prob.l1, G[:, -1]])
        return f, g

    bounds = [(0, None)] * (2 * nW) + [(None, None)] * R
    res = scipy.optimize.minimize(
        fg, x0, jac=True, method="L-BFGS-B", bounds=bounds,
        options=dict(maxiter=200000, maxfun=400000, ftol=0.0, gtol=1e-13, maxcor=30),
    )
    T, _, _ = unpack(res.x)
    return T


def newton_polish(prob, T, support, fixed_b0):
    """Newton on the smooth problem restricted to `support` with fixed signs.

    Returns (T, ok) where ok=False means a coefficient crossed zero (must be
    dropped) -- its entry is set to zero in the returned T.
    Globalised by backtracking on the sign-fixed objective; once the objective
    can no longer decrease in floating point, full Newton steps are accepted
    while they reduce the gradient norm (quadratic convergence), and the
    iterate with the smallest reduced gradient is returned.
    """
    R, D, d = prob.R, prob.d + 1, prob.d
    T = T.copy()
    free = []
    for r in range(R):
        for j in range(d):
            if support[r, j]:
                free.append(r * D + j)
        if not (fixed_b0 and r == 0):
            free.append(r * D + d)
    free = np.array(free, dtype=int)
    W = T[:, :-1]
    W[~support] = 0.0
    if fixed_b0:
        T[:, -1] -= T[0, -1]
    signs = np.sign(W)

    def F(T_):
        return prob.smooth(T_) + prob.l1 * np.sum(signs * T_[:, :-1])

    def red_grad(T_):
        G = prob.smooth_grad(T_)
        G[:, :-1] += prob.l1 * signs
        return G.ravel()[free]

    def moved(T_, step, t):
        Tn = T_.copy().ravel()
        Tn[free] += t * step
        return Tn.reshape(T_.shape)

    f = F(T)
    g = red_grad(T)
    best_T, best_g = T, np.max(np.abs(g))
    stagnant = 0
    for it in range(300):
        H = prob.smooth_hess(T)[np.ix_(free, free)]
        step = np.linalg.solve(H, -g)
        t = 1.0
        accepted = False
        while t >= 1e-12:
            Tn = moved(T, step, t)
            crossed = (np.sign(Tn[:, :-1]) != signs) & support
            if crossed.any():
                if t > 1e-6:
                    t *= 0.5
                    continue
                Tn[:, :-1][crossed] = 0.0
                return Tn, False
            fn = F(Tn)
            gn = red_grad(Tn)
            if fn < f + 1e-4 * t * (g @ step):
                accepted = True
                break
            if t == 1.0 and np.max(np.abs(gn)) < np.max(np.abs(g)):
                # objective flat to rounding: accept the pure Newton step
                accepted = True
                break
            t *= 0.5
        if not accepted:
            break
        T, f, g = Tn, fn, gn
        gm = np.max(np.abs(g))
        if gm < best_g:
            best_T, best_g = T, gm
            stagnant = 0
        else:
            stagnant += 1
            if stagnant >= 3:
                break
        if gm == 0.0:
            break
    return best_T, True


def solve_exact(X, y, C, penalty, l1_ratio=None):
    l1, l2 = penalty_weights(penalty, l1_ratio)
    prob = Problem(X, y, C, l1, l2)
    if prob.l1 == 0 and prob.l2 == 0 and not prob.binary:
        raise ValueError("unpenalised multinomial: not identifiable / may not exist")
    T = lbfgsb_split(prob)
    scale = max(1.0, np.max(np.abs(T)))
    support = np.abs(T[:, :-1]) > 1e-9 * scale
    if prob.l1 == 0:
        support[:] = True
    fixed_b0 = not prob.binary
    for outer in range(100):
        T, ok = newton_polish(prob, T, support, fixed_b0)
        if not ok:
            support = T[:, :-1] != 0
            continue
        # check zero coordinates
        G = prob.smooth_grad(T)
        GW = np.abs(G[:, :-1])
        cand = (~support) & (GW > prob.l1 * (1 + 1e-12) + 1e-12 * prob.C * prob.n)
        if cand.any():
            r, j = np.unravel_index(np.argmax(np.where(cand, GW, -1)), GW.shape)
            support[r, j] = True
            T = T.copy()
            T[r, j] = -np.sign(G[r, j]) * 1e-12
            continue
        break
    W = T[:, :-1]
    if not np.any(W != 0):
        # all coefficients zero: the intercept optimum is analytic
        counts = np.bincount(prob.yi, minlength=prob.K).astype(float)
        if prob.binary:
            T[0, -1] = math.log(counts[1] / counts[0])
        else:
            T[:, -1] = np.log(counts)
    if not prob.binary:
        T[:, -1] -= T[:, -1].mean()
    kkt_max, _, _, _ = prob.kkt(T)
    return dict(
        coef=T[:, :-1].copy(),
        intercept=T[:, -1].copy(),
        objective=prob.objective(T),
        kkt_max_abs=float(kkt_max),
        kkt_max_rel=float(kkt_max / max(1.0, prob.C * prob.n)),
        n_nonzero=int(np.count_nonzero(T[:, :-1])),
        prob=prob,
        T=T,
    )


def decision(coef, intercept, X):
    return X @ coef.T + intercept


def predict_from(coef, intercept, X, classes):
    Z = decision(coef, intercept, X)
    if Z.shape[1] == 1:
        return classes[(Z[:, 0] > 0).astype(int)]
    return classes[np.argmax(Z, axis=1)]  # first class wins exact ties


def proba_from(coef, intercept, X):
    Z = decision(coef, intercept, X)
    if Z.shape[1] == 1:
        p = expit(Z[:, 0])
        return np.column_stack([1 - p, p])
    return np.exp(Z - logsumexp(Z, axis=1, keepdims=True))


# ---------------------------------------------------------------------------
# 1. folds
# ---------------------------------------------------------------------------
def folds_block(cv, X, y=None):
    tests, trains = [], []
    for tr, te in cv.split(X, y):
        tests.append(te.tolist())
        trains.append(tr.tolist())
    return tests, trains


def sorted_encoding_folds(y, k):
    """StratifiedKFold as it would be with classes encoded in SORTED order
    (the wrong way); used only to flag cases that distinguish the two."""
    cls = np.unique(y)
    enc = np.searchsorted(cls, y)
    ys = np.sort(enc)
    alloc = np.array([np.bincount(ys[i::k], minlength=len(cls)) for i in range(k)])
    tf = np.empty(len(y), dtype=int)
    for c in range(len(cls)):
        tf[enc == c] = np.arange(k).repeat(alloc[:, c])
    return [np.flatnonzero(tf == f).tolist() for f in range(k)]


def make_folds(X, y):
    out = {"meta": meta(
        "Test (and train) indices of StratifiedKFold / KFold without shuffling. "
        "Indices refer to rows of the dataset described in each block "
        "(for the permuted block: rows of X[permutation], y[permutation]).")}
    n = len(y)
    t, tr = folds_block(StratifiedKFold(5), X, y)
    out["stratified_iris"] = {"splitter": "StratifiedKFold", "n_splits": 5,
                              "y": y.tolist(), "test_folds": t, "train_folds": tr}
    perm = np.random.RandomState(0).permutation(n)
    yp = y[perm]
    t, tr = folds_block(StratifiedKFold(5), X[perm], yp)
    _, first_idx = np.unique(yp, return_index=True)
    out["stratified_iris_permuted"] = {
        "splitter": "StratifiedKFold", "n_splits": 5,
        "permutation": perm.tolist(), "y": yp.tolist(),
        "class_first_appearance_order": np.argsort(first_idx, kind="stable").tolist(),
        "test_folds": t, "train_folds": tr}
    for k in (5, 7):
        t, tr = folds_block(KFold(k), np.zeros((n, 1)))
        out[f"kfold_{n}_{k}"] = {"splitter": "KFold", "n_samples": n, "n_splits": k,
                                 "test_folds": t, "train_folds": tr}
    # small imbalanced y, classes first appear in the order 2, 0, 1
    y_imb = np.array([2, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 1, 1, 0, 2, 1, 2])
    t, tr = folds_block(StratifiedKFold(3), np.zeros((len(y_imb), 1)), y_imb)
    out["stratified_imbalanced"] = {"splitter": "StratifiedKFold", "n_splits": 3,
                                    "y": y_imb.tolist(),
                                    "class_counts": np.bincount(y_imb).tolist(),
                                    "test_folds": t, "train_folds": tr}
    # smallest class (2 members) below n_splits=3: sklearn warns, still splits
    y_w = np.array([1, 1, 0, 1, 2, 1, 0, 1, 1, 2, 0, 1, 0])
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        t, tr = folds_block(StratifiedKFold(3), np.zeros((len(y_w), 1)), y_w)
        warned = any("least populated class" in str(x.message) for x in w)
    out["stratified_imbalanced_warn"] = {"splitter": "StratifiedKFold", "n_splits": 3,
                                         "y": y_w.tolist(),
                                         "class_counts": np.bincount(y_w).tolist(),
                                         "sklearn_warns": warned,
                                         "test_folds": t, "train_folds": tr}
    # permuted Iris, first 110 rows: unequal class counts, so the
    # first-appearance class encoding changes the allocation
    sub = perm[:110]
    ys = y[sub]
    t, tr = folds_block(StratifiedKFold(5), X[sub], ys)
    out["stratified_iris_permuted_first110"] = {
        "splitter": "StratifiedKFold", "n_splits": 5,
        "rows": sub.tolist(), "y": ys.tolist(),
        "class_counts": np.bincount(ys).tolist(),
        "test_folds": t, "train_folds": tr}
    for key, blk in out.items():
        if key.startswith("stratified"):
            blk["differs_from_sorted_label_encoding"] = (
                blk["test_folds"] != sorted_encoding_folds(np.array(blk["y"]), blk["n_splits"]))
    return out


# ---------------------------------------------------------------------------
# 2. exact optimum on the full data
# ---------------------------------------------------------------------------
def sklearn_fit(Xs, y, C, penalty, l1_ratio=None, solver="lbfgs", tol=1e-14,
                max_iter=100000):
    kw = dict(C=C, solver=solver, tol=tol, max_iter=max_iter)
    if penalty is None:
        kw["C"] = np.inf  # sklearn >= 1.8 spelling of penalty=None
    elif penalty == "elasticnet":
        kw["l1_ratio"] = l1_ratio
    elif penalty == "l1":
        kw["l1_ratio"] = 1.0
    else:
        kw["l1_ratio"] = 0.0
    if solver == "saga":
        kw["random_state"] = 0
    m = LogisticRegression(**kw).fit(Xs, y)
    return m


def optimum_entry(Xs, y, C, penalty, l1_ratio=None, compare_saga=False):
    ex = solve_exact(Xs, y, C, penalty, l1_ratio)
    prob, T = ex["prob"], ex["T"]
    e = {"C": C, "penalty": penalty if penalty is not None else "none"}
    if penalty == "elasticnet":
        e["l1_ratio"] = l1_ratio
    e.update(coef=ex["coef"], intercept=ex["intercept"], objective=ex["objective"],
             n_nonzero_coef=ex["n_nonzero"], kkt_max_abs=ex["kkt_max_abs"],
             kkt_max_rel=ex["kkt_max_rel"])
    # cross-checks with sklearn
    if penalty in ("l2", None):
        m = sklearn_fit(Xs, y, C, penalty)
        b = m.intercept_ - (m.intercept_.mean() if not prob.binary else 0.0)
        Ts = np.hstack([m.coef_, b[:, None]])
        e["sklearn_lbfgs"] = {
            "tol": 1e-14, "max_iter": 100000, "n_iter": int(np.max(m.n_iter_)),
            "max_abs_diff_coef": float(np.max(np.abs(m.coef_ - ex["coef"]))),
            "max_abs_diff_intercept": float(np.max(np.abs(b - ex["intercept"]))),
            "objective": prob.objective(Ts),
            "kkt_max_abs": float(prob.kkt(Ts)[0]),
        }
    if compare_saga and penalty in ("l1", "elasticnet"):
        m = sklearn_fit(Xs, y, C, penalty, l1_ratio, solver="saga", tol=1e-8,
                        max_iter=10000)
        b = m.intercept_ - (m.intercept_.mean() if not prob.binary else 0.0)
        Ts = np.hstack([m.coef_, b[:, None]])
        fo = prob.objective(Ts)
        e["sklearn_saga"] = {
            "tol": 1e-8, "max_iter": 10000, "random_state": 0,
            "n_iter": int(np.max(m.n_iter_)),
            "objective": fo,
            "objective_rel_excess": (fo - ex["objective"]) / abs(ex["objective"]),
            "max_abs_diff_coef": float(np.max(np.abs(m.coef_ - ex["coef"]))),
            "kkt_max_abs": float(prob.kkt(Ts)[0]),
        }
    return e


def unpenalised_multinomial_note(Xs, y):
    """Full Iris is separable for setosa => no finite unpenalised optimum."""
    norms, objs = [], []
    for it in (100, 1000, 10000):
        m = LogisticRegression(C=np.inf, solver="lbfgs", tol=1e-14, max_iter=it).fit(Xs, y)
        norms.append(float(np.linalg.norm(m.coef_)))
        prob = Problem(Xs, y, 1.0, 0.0, 0.0)
        b = m.intercept_ - m.intercept_.mean()
        objs.append(prob.objective(np.hstack([m.coef_, b[:, None]])))
    return {
        "penalty": "none", "exists": False,
        "reason": ("setosa is linearly separable from the other two classes, so the "
                   "unpenalised multinomial objective has no minimiser (infimum not "
                   "attained, ||W|| -> infinity). sklearn lbfgs just stops at max_iter."),
        "sklearn_lbfgs_max_iter": [100, 1000, 10000],
        "sklearn_lbfgs_coef_norm": norms,
        "sklearn_lbfgs_objective": objs,
    }


def make_optimum(X, y):
    out = {"meta": meta(
        "Exact optimum of the sklearn LogisticRegression objective on Iris with "
        "StandardScaler fitted on all rows used. Multinomial: "
        "f(W,b)=C*sum_i[logsumexp_k(x_i W_k+b_k)-(x_i W_{y_i}+b_{y_i})]+P(W); binary "
        "(single sigmoid, s_i=+1 for the second class): f(w,b)=C*sum_i log(1+exp(-s_i(x_i w+b)))+P(w); "
        "P = l1_ratio*||W||_1 + (1-l1_ratio)/2*||W||^2 (l1: l1_ratio=1, l2: 0, none: P=0). "
        "Multinomial intercepts are centred to mean 0. kkt_max_abs = max over coefficients of "
        "|g+l1*sign(w)| (w!=0) / max(|g|-l1,0) (w=0) and |dS/db|, g = gradient of the smooth part; "
        "kkt_max_rel = kkt_max_abs / max(1, C*n).")}
    Xs = StandardScaler().fit_transform(X)
    mean, scale, _ = standardize(X, [])
    mc = {"dataset": "iris", "rows": "all 150", "classes": [0, 1, 2],
          "scaler_mean": mean, "scaler_scale": scale, "entries": []}
    for C in C_GRID:
        for pen in PENALTIES:
            mc["entries"].append(optimum_entry(Xs, y, C, pen, compare_saga=True))
            print(f"  multinomial C={C} {pen}: kkt={mc['entries'][-1]['kkt_max_abs']:.2e}",
                  file=sys.stderr)
    mc["entries"].append(optimum_entry(Xs, y, 1.0, "elasticnet", 0.5, compare_saga=True))
    mc["unpenalised"] = unpenalised_multinomial_note(Xs, y)
    out["multinomial"] = mc

    sel = y != 0
    Xb, yb = X[sel], y[sel]
    Xbs = StandardScaler().fit_transform(Xb)
    mean, scale, _ = standardize(Xb, [])
    bc = {"dataset": "iris classes 1 vs 2 (versicolor vs virginica)",
          "rows": "original row indices 50..149 in order", "classes": [1, 2],
          "positive_class": 2, "scaler_mean": mean, "scaler_scale": scale,
          "entries": []}
    for C in [0.1, 1.0, 10.0]:
        for pen in PENALTIES:
            bc["entries"].append(optimum_entry(Xbs, yb, C, pen, compare_saga=True))
    bc["entries"].append(optimum_entry(Xbs, yb, 1.0, None))  # exists: not separable
    out["binary"] = bc
    allk = [e["kkt_max_abs"] for e in mc["entries"] + bc["entries"]]
    allr = [e["kkt_max_rel"] for e in mc["entries"] + bc["entries"]]
    out["max_kkt_abs"] = max(allk)
    out["max_kkt_rel"] = max(allr)
    return out


# ---------------------------------------------------------------------------
# 3. grid search
# ---------------------------------------------------------------------------
class LogRegSolverByPenalty(LogisticRegression):
    """LogisticRegression that picks a converging solver for its penalty:
    lbfgs for l2 / none, saga for l1 / elasticnet."""

    def fit(self, X, y, sample_weight=None):
        self.solver = "saga" if self.penalty in ("l1", "elasticnet") else "lbfgs"
        return super().fit(X, y, sample_weight)


def seq_mean(v):
    s = 0.0
    for x in v:
        s = s + x
    return s / len(v)


def summarize(split_scores, prefix_key, res):
    """split_scores: array (n_cand, k). Adds split*/mean/std to res dicts."""
    k = split_scores.shape[1]
    means = np.array([seq_mean(row) for row in split_scores])
    # sklearn: np.average(axis=1) -> must be bit-identical to the sequential mean
    assert np.array_equal(means, np.average(split_scores, axis=1)), "mean order"
    stds = np.sqrt(np.average((split_scores - means[:, None]) ** 2, axis=1))
    for i, r in enumerate(res):
        for s in range(k):
            r[f"split{s}_{prefix_key}"] = float(split_scores[i, s])
        r[f"mean_{prefix_key}"] = float(means[i])
        r[f"std_{prefix_key}"] = float(stds[i])
    return means


def make_grid(X, y, run_sklearn=True):
    grid = {"C": C_GRID, "penalty": PENALTIES}
    cands = list(ParameterGrid(grid))
    cv = StratifiedKFold(5)
    splits = list(cv.split(X, y))
    k = len(splits)
    classes = np.array([0, 1, 2])

    # exact optimum per (candidate, split)
    acc_te = np.zeros((len(cands), k)); acc_tr = np.zeros((len(cands), k))
    f1_te = np.zeros((len(cands), k)); f1_tr = np.zeros((len(cands), k))
    ll_te = np.zeros((len(cands), k)); ll_tr = np.zeros((len(cands), k))
    fits = []
    kkts = []
    for ci, p in enumerate(cands):
        cfits = []
        for si, (tr, te) in enumerate(splits):
            _, _, (Xtr, Xte) = standardize(X[tr], [X[tr], X[te]])
            ex = solve_exact(Xtr, y[tr], p["C"], p["penalty"])
            kkts.append(ex["kkt_max_abs"])
            co, ic = ex["coef"], ex["intercept"]
            for (XX, yy, A, F, L) in ((Xte, y[te], acc_te, f1_te, ll_te),
                                      (Xtr, y[tr], acc_tr, f1_tr, ll_tr)):
                pred = predict_from(co, ic, XX, classes)
                pr = proba_from(co, ic, XX)
                A[ci, si] = accuracy_score(yy, pred)
                F[ci, si] = f1_score(yy, pred, average="macro", zero_division=0)
                L[ci, si] = -log_loss(yy, pr, labels=classes)
            Z = decision(co, ic, Xte)
            srt = np.sort(Z, axis=1)
            cfits.append({"coef": co, "intercept": ic, "objective": ex["objective"],
                          "kkt_max_abs": ex["kkt_max_abs"],
                          "min_test_decision_margin": float(np.min(srt[:, -1] - srt[:, -2]))})
        fits.append(cfits)
        print(f"  grid exact {p}: acc={acc_te[ci].tolist()}", file=sys.stderr)

    def ranked(means):
        return rankdata(-means, method="min").astype(int)

    exact = [{"params": p} for p in cands]
    m_acc = summarize(acc_te, "test_score", exact)
    rk = ranked(m_acc)
    for r, v in zip(exact, rk):
        r["rank_test_score"] = int(v)
    summarize(acc_tr, "train_score", exact)
    best = int(np.flatnonzero(rk == 1)[0])
    exact_block = {"candidates": exact, "best_index": best, "best_params": cands[best],
                   "best_score": float(m_acc[best]),
                   "max_kkt_abs": max(kkts),
                   "fits": [[{"split": si, **f} for si, f in enumerate(cf)] for cf in fits]}

    multi = [{"params": p} for p in cands]
    mm = {}
    for name, te_, tr_ in (("accuracy", acc_te, acc_tr), ("f1_macro", f1_te, f1_tr),
                           ("neg_log_loss", ll_te, ll_tr)):
        mm[name] = summarize(te_, f"test_{name}", multi)
        for r, v in zip(multi, ranked(mm[name])):
            r[f"rank_test_{name}"] = int(v)
        summarize(tr_, f"train_{name}", multi)
    rk_acc = ranked(mm["accuracy"])
    bm = int(np.flatnonzero(rk_acc == 1)[0])
    multi_block = {"scoring": ["accuracy", "f1_macro", "neg_log_loss"], "refit": "accuracy",
                   "candidates": multi, "best_index": bm, "best_params": cands[bm],
                   "best_score": float(mm["accuracy"][bm])}

    out = {"meta": meta(
        "GridSearchCV(Pipeline([('scaler', StandardScaler()), ('clf', LogisticRegression())]), "
        "{'clf__C': C, 'clf__penalty': ['l1','l2']}, cv=5 (StratifiedKFold, no shuffle), "
        "scoring='accuracy', return_train_score=True) on full Iris. 'exact' = every split "
        "refitted at the exact optimum (scaler fit on the training fold only); 'sklearn' = "
        "sklearn's own GridSearchCV with converged solvers. Parameter names in 'params' are "
        "without the 'clf__' prefix. mean = ((s0+s1)+...)/k, std = population, rank = "
        "rankdata(-mean,'min'), best_index = first rank-1 candidate."),
        "dataset": "iris", "n_splits": 5, "cv": "StratifiedKFold(5, shuffle=False)",
        "param_grid": grid, "candidate_params": cands,
        "test_folds": [te.tolist() for _, te in splits],
        "exact": exact_block, "multi_metric_exact": multi_block}

    if run_sklearn:
        pipe = Pipeline([("scaler", StandardScaler()),
                         ("clf", LogRegSolverByPenalty(tol=1e-12, max_iter=1_000_000,
                                                       random_state=0))])
        gs = GridSearchCV(pipe, {"clf__C": C_GRID, "clf__penalty": PENALTIES}, cv=5,
                          scoring="accuracy", return_train_score=True, n_jobs=-1)
        gs.fit(X, y)
        cr = gs.cv_results_
        sk = []
        for i, p in enumerate(cands):
            assert cr["params"][i] == {"clf__C": p["C"], "clf__penalty": p["penalty"]}
            r = {"params": p}
            for key in ([f"split{s}_test_score" for s in range(k)] +
                        ["mean_test_score", "std_test_score", "rank_test_score"] +
                        [f"split{s}_train_score" for s in range(k)] +
                        ["mean_train_score", "std_train_score"]):
                v = cr[key][i]
                r[key] = int(v) if key.startswith("rank") else float(v)
            sk.append(r)
        dis = []
        for i, (a, b) in enumerate(zip(exact, sk)):
            for key in a:
                if key == "params":
                    continue
                if a[key] != b[key]:
                    dis.append({"index": i, "params": cands[i], "field": key,
                                "exact": a[key], "sklearn": b[key]})
        out["sklearn"] = {
            "solver": "lbfgs for l2, saga for l1 (random_state=0)",
            "tol": 1e-12, "max_iter": 1_000_000,
            "candidates": sk, "best_index": int(gs.best_index_),
            "best_params": {k_.replace("clf__", ""): v for k_, v in gs.best_params_.items()},
            "best_score": float(gs.best_score_)}
        out["disagreements"] = dis
        # also the sklearn multi-metric run (informational)
    return out


# ---------------------------------------------------------------------------
# 4. metrics
# ---------------------------------------------------------------------------
def make_metrics():
    cases = []
    rs = np.random.RandomState(42)

    def proba_for(y_pred, n, K=3, sharp=2.0):
        P = rs.dirichlet(np.ones(K), size=n)
        P[np.arange(n), y_pred] += sharp
        return P / P.sum(axis=1, keepdims=True)

    y1 = np.array([0, 1, 2, 2, 1, 0, 0, 2, 1, 1, 2, 0])
    p1 = np.array([0, 2, 2, 1, 1, 0, 1, 2, 1, 0, 2, 0])
    cases.append(("all_present", y1, p1, proba_for(p1, len(y1))))
    y2 = np.array([0, 1, 2, 2, 1, 0, 0, 2, 1, 1])
    p2 = np.array([0, 1, 1, 0, 1, 0, 0, 1, 1, 0])  # class 2 never predicted
    P2 = proba_for(p2, len(y2))
    P2[2] = [0.0, 1.0, 0.0]  # true class 2 with probability 0 -> eps clipping
    cases.append(("class2_absent_from_pred", y2, p2, P2))
    y3 = np.array([0, 1, 1, 0, 1, 0, 0, 1])
    p3 = np.array([0, 1, 0, 0, 1, 1, 0, 1])  # class 2 absent from both
    P3 = proba_for(p3, len(y3))
    P3[0] = [1.0, 0.0, 0.0]  # true class with probability 1 -> clipped to 1-eps
    cases.append(("class2_absent_from_both", y3, p3, P3))
    y4 = np.array([0, 0, 0, 0, 0, 0, 1, 2])
    p4 = np.array([0, 0, 0, 0, 0, 0, 0, 0])  # degenerate predictor
    cases.append(("imbalanced_constant_pred", y4, p4, proba_for(p4, len(y4))))

    out_cases = []
    labels = [0, 1, 2]
    for name, yt, yp, P in cases:
        present = sorted(set(yt.tolist()) | set(yp.tolist()))
        c = {"name": name, "labels_for_proba": labels, "y_true": yt, "y_pred": yp,
             "proba": P, "labels_present": present,
             "accuracy": accuracy_score(yt, yp),
             "balanced_accuracy": balanced_accuracy_score(yt, yp),
             "precision_macro": precision_score(yt, yp, average="macro", zero_division=0),
             "recall_macro": recall_score(yt, yp, average="macro", zero_division=0),
             "f1_macro": f1_score(yt, yp, average="macro", zero_division=0),
             "precision_weighted": precision_score(yt, yp, average="weighted", zero_division=0),
             "recall_weighted": recall_score(yt, yp, average="weighted", zero_division=0),
             "f1_weighted": f1_score(yt, yp, average="weighted", zero_division=0),
             "precision_per_class": precision_score(yt, yp, average=None, zero_division=0),
             "recall_per_class": recall_score(yt, yp, average=None, zero_division=0),
             "f1_per_class": f1_score(yt, yp, average=None, zero_division=0),
             "log_loss": log_loss(yt, P, labels=labels),
             "confusion_matrix": confusion_matrix(yt, yp),
             "confusion_matrix_labels_012": confusion_matrix(yt, yp, labels=labels)}
        out_cases.append(c)
    return {"meta": meta(
        "sklearn metrics on fixed cases. Macro/weighted/per-class metrics use the labels "
        "present in y_true or y_pred (labels_present, sorted), zero_division=0. log_loss uses "
        "labels=[0,1,2] (proba columns), probabilities clipped to [eps, 1-eps], "
        "eps = 2.220446049250313e-16. confusion_matrix uses labels_present; "
        "confusion_matrix_labels_012 uses labels=[0,1,2]. Rows = true, columns = predicted."),
        "eps": float(np.finfo(np.float64).eps), "cases": out_cases}


def make_cv10(X, y):
    """Ten folds: scikit-learn averages the fold scores with NumPy's pairwise sum,
    which differs in the last bit from a left-to-right sum from 8 folds on, and
    such a bit can decide a rank. 20 C values, l2, lbfgs run to a tight tolerance
    (l2 optimum within ~1e-6, far inside every test margin)."""
    from sklearn.model_selection import GridSearchCV
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler
    Cs = [float(c) for c in np.logspace(-3, 3, 20)]
    gs = GridSearchCV(
        Pipeline([("scaler", StandardScaler()),
                  ("clf", LogisticRegression(tol=1e-12, max_iter=100000))]),
        {"clf__C": Cs}, cv=10, scoring="accuracy")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gs.fit(X, y)
    r = gs.cv_results_
    out = meta("Iris, StratifiedKFold(10), C in logspace(-3, 3, 20), l2, lbfgs tol=1e-12")
    out.update({
        "C": Cs,
        "mean_test_score": [float(v) for v in r["mean_test_score"]],
        "std_test_score": [float(v) for v in r["std_test_score"]],
        "rank_test_score": [int(v) for v in r["rank_test_score"]],
        "split_test_scores": [[float(r[f"split{k}_test_score"][i]) for k in range(10)]
                              for i in range(len(Cs))],
        "best_index": int(gs.best_index_),
    })
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..",
                                                  "tests", "fixtures"))
    ap.add_argument("--skip-sklearn-grid", action="store_true")
    ap.add_argument("--only", nargs="*", default=None)
    a = ap.parse_args()
    iris = load_iris()
    X = np.asarray(iris.data, dtype=np.float64)
    y = np.asarray(iris.target, dtype=np.int64)
    out = os.path.normpath(a.out)
    todo = a.only or ["folds", "optimum", "grid", "metrics", "cv10"]
    if "folds" in todo:
        write_json(os.path.join(out, "iris_folds.json"), make_folds(X, y))
    if "metrics" in todo:
        write_json(os.path.join(out, "metrics.json"), make_metrics())
    if "optimum" in todo:
        write_json(os.path.join(out, "iris_logreg_optimum.json"), make_optimum(X, y))
    if "cv10" in todo:
        write_json(os.path.join(out, "iris_cv10.json"), make_cv10(X, y))
    if "grid" in todo:
        write_json(os.path.join(out, "iris_grid_search.json"),
                   make_grid(X, y, run_sklearn=not a.skip_sklearn_grid))


if __name__ == "__main__":
    main()
