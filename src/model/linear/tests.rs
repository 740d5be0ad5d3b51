use super::*;
use ndarray::{Array2, Axis};

/// The small data set of the scikit-learn references below (exact in binary).
fn small() -> (Array2<f64>, Vec<f64>) {
    let (n, p) = (12, 4);
    let x = Array2::from_shape_fn((n, p), |(i, j)| {
        ((i * 7 + j * 13 + i * j * 3) % 11) as f64 / 2.0 - 2.5
    });
    let y = (0..n)
        .map(|i| ((i * 5 + 3) % 7) as f64 + 0.5 * x[[i, 0]] - x[[i, 2]])
        .collect();
    (x, y)
}

/// A larger pseudo-random problem with correlated columns and a sparse truth.
fn random(n: usize, p: usize, seed: u64) -> (Array2<f64>, Vec<f64>) {
    let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 11) as f64 / (1u64 << 53) as f64) - 0.5
    };
    let mut x = Array2::from_shape_fn((n, p), |_| next());
    for i in 0..n {
        for j in 1..p {
            x[[i, j]] += 0.5 * x[[i, j - 1]];
        }
    }
    let y = (0..n)
        .map(|i| 3.0 * x[[i, 0]] - 2.0 * x[[i, p / 2]] + 1.0 + 0.3 * next())
        .collect();
    (x, y)
}

fn fit(params: LinearParams, x: &Array2<f64>, y: &[f64]) -> FittedLinear {
    params.check().unwrap().fit(x.view(), y).unwrap()
}

fn assert_close(got: &[f64], want: &[f64], tol: f64) {
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(want) {
        assert!(
            (g - w).abs() <= tol * (1.0 + w.abs()),
            "got {got:?}\nwant {want:?}"
        );
    }
}

/// Per-sample gradient of the smooth part, `−X_cᵀr/n + α(1−ρ)w`.
fn smooth_gradient(m: &FittedLinear, x: &Array2<f64>, y: &[f64]) -> Vec<f64> {
    let n = y.len() as f64;
    let r: Vec<f64> = m
        .predict(x.view())
        .unwrap()
        .iter()
        .zip(y)
        .map(|(p, t)| t - p)
        .collect();
    let (_, l2) = m.params.cd_weights();
    // r sums to zero with an intercept, so Xᵀr = X_cᵀr.
    (0..x.ncols())
        .map(|j| {
            let xr: f64 = x.column(j).iter().zip(&r).map(|(a, b)| a * b).sum();
            -xr / n + l2 * m.coef[j]
        })
        .collect()
}

fn assert_kkt(m: &FittedLinear, x: &Array2<f64>, y: &[f64]) {
    let (l1, _) = m.params.cd_weights();
    let g = smooth_gradient(m, x, y);
    let mut zeros = 0;
    for (j, &w) in m.coef.iter().enumerate() {
        if w == 0.0 {
            zeros += 1;
            assert!(g[j].abs() <= l1 + 1e-9, "feature {j}: |{}| > {l1}", g[j]);
        } else {
            let v = g[j] + l1 * w.signum();
            assert!(v.abs() <= 1e-9, "feature {j}: stationarity {v:e}");
        }
    }
    assert!(zeros > 0 && zeros < m.coef.len(), "{:?}", m.coef);
}

#[test]
fn lasso_and_elastic_net_meet_the_kkt_conditions() {
    let (x, y) = random(200, 12, 1);
    let lasso = fit(
        LinearParams::default().kind(LinearKind::Lasso).alpha(0.05),
        &x,
        &y,
    );
    assert!(lasso.outcome.is_converged(), "{:?}", lasso.outcome);
    assert_kkt(&lasso, &x, &y);
    let enet = fit(
        LinearParams::default()
            .kind(LinearKind::ElasticNet)
            .alpha(0.1)
            .l1_ratio(0.4),
        &x,
        &y,
    );
    assert!(enet.outcome.is_converged(), "{:?}", enet.outcome);
    assert_kkt(&enet, &x, &y);
    // The intercept makes the residuals sum to zero.
    let pred = enet.predict(x.view()).unwrap();
    let sum: f64 = pred.iter().zip(&y).map(|(p, t)| t - p).sum();
    assert!(sum.abs() < 1e-9, "{sum}");
}

#[test]
fn ridge_solves_its_normal_equations() {
    let (x, y) = random(300, 8, 2);
    let alpha = 3.0;
    let m = fit(LinearParams::default().alpha(alpha), &x, &y);
    let mean = x.mean_axis(Axis(0)).unwrap();
    let xc = &x - &mean;
    let y_mean = y.iter().sum::<f64>() / y.len() as f64;
    let yc = Array1::from_iter(y.iter().map(|v| v - y_mean));
    // (X_cᵀX_c + αI)w = X_cᵀy_c
    let lhs = xc.t().dot(&xc).dot(&m.coef) + alpha * &m.coef;
    let rhs = xc.t().dot(&yc);
    let scale = rhs.iter().fold(0.0_f64, |a, v| a.max(v.abs()));
    for (l, r) in lhs.iter().zip(&rhs) {
        assert!((l - r).abs() <= 1e-12 * scale, "{lhs} vs {rhs}");
    }
    assert!((m.intercept - (y_mean - mean.dot(&m.coef))).abs() < 1e-12);
    assert_eq!(m.outcome, Outcome::Converged { iteration: 1 });
    assert_eq!(m.history.iteration, [0, 1]);
    assert_eq!(m.history.snapshots[1].theta.len(), 9);
    // The history holds the objective divided by 2n.
    let objective = m.objective(x.view(), &y).unwrap();
    let recorded = m.history.objective[1] * 2.0 * y.len() as f64;
    assert!((recorded - objective).abs() <= 1e-12 * objective);
}

#[test]
fn least_squares_splits_weight_equally_between_duplicate_columns() {
    let (base, y) = random(50, 3, 3);
    let mut x = Array2::zeros((50, 4));
    for i in 0..50 {
        x[[i, 0]] = base[[i, 0]];
        x[[i, 1]] = base[[i, 1]];
        x[[i, 2]] = base[[i, 1]];
        x[[i, 3]] = base[[i, 2]];
    }
    let dup = fit(
        LinearParams::default().kind(LinearKind::LinearRegression),
        &x,
        &y,
    );
    let single = fit(
        LinearParams::default().kind(LinearKind::LinearRegression),
        &base,
        &y,
    );
    let c = &single.coef;
    assert_close(
        dup.coef.as_slice().unwrap(),
        &[c[0], c[1] / 2.0, c[1] / 2.0, c[2]],
        1e-10,
    );
    assert!((dup.intercept - single.intercept).abs() < 1e-10);
    // Ridge with alpha = 0 is the same least-squares solution.
    let ridge0 = fit(LinearParams::default().alpha(0.0), &x, &y);
    assert_close(
        ridge0.coef.as_slice().unwrap(),
        dup.coef.as_slice().unwrap(),
        1e-12,
    );
}

#[test]
fn a_large_alpha_zeroes_the_lasso() {
    let (x, y) = random(40, 5, 4);
    let m = fit(
        LinearParams::default().kind(LinearKind::Lasso).alpha(1e3),
        &x,
        &y,
    );
    assert!(m.coef.iter().all(|&w| w == 0.0), "{}", m.coef);
    let mean = y.iter().sum::<f64>() / y.len() as f64;
    assert!((m.intercept - mean).abs() < 1e-12);
    assert_eq!(m.outcome, Outcome::Converged { iteration: 0 });
}

#[test]
fn check_refuses_bad_values_by_name() {
    let err = LinearParams::default().alpha(-1.0).check().unwrap_err();
    assert_eq!(
        err.to_string(),
        "parameter alpha: -1 is not allowed: must be a number ≥ 0"
    );
    assert!(LinearParams::default().alpha(f64::NAN).check().is_err());
    assert!(
        LinearParams::default()
            .alpha(f64::INFINITY)
            .check()
            .is_err()
    );
    let err = LinearParams::default().l1_ratio(1.5).check().unwrap_err();
    assert!(err.to_string().contains("l1_ratio"), "{err}");
    assert!(LinearParams::default().max_iter(0).check().is_err());
    assert!(LinearParams::default().tol(-1e-3).check().is_err());
    assert!(LinearParams::default().alpha(0.0).check().is_ok());
    assert_eq!(
        "elastic_net".parse::<LinearKind>().unwrap(),
        LinearKind::ElasticNet
    );
    assert!("ols".parse::<LinearKind>().is_err());
}

#[test]
fn bad_data_is_an_error_not_a_panic() {
    let (x, mut y) = small();
    let p = LinearParams::default()
        .kind(LinearKind::Lasso)
        .check()
        .unwrap();
    assert!(matches!(p.fit(x.view(), &y[1..]), Err(Error::Shape(_))));
    assert!(matches!(
        p.fit_warm(x.view(), &y, Some(&[0.0; 3])),
        Err(Error::Shape(_))
    ));
    let mut bad = x.clone();
    bad[[3, 1]] = f64::NAN;
    let err = p.fit(bad.view(), &y).unwrap_err();
    assert!(err.to_string().contains("row 4, column 2"), "{err}");
    y[0] = f64::INFINITY;
    assert!(p.fit(x.view(), &y).is_err());
    assert!(p.fit(Array2::zeros((0, 2)).view(), &[]).is_err());
    assert!(
        p.fit(Array2::zeros((3, 0)).view(), &[1.0, 2.0, 3.0])
            .is_err()
    );
    let (x, y) = small();
    let m = p.fit(x.view(), &y).unwrap();
    assert!(matches!(
        m.predict(Array2::zeros((2, 3)).view()),
        Err(Error::Shape(_))
    ));
    assert!(m.objective(x.view(), &y[1..]).is_err());
}

// Reference values from scikit-learn 1.9.1 (numpy 2.4.6, scipy 1.17.1) on
// `small()`, printed with repr() by:
//   LinearRegression(), Ridge(alpha=2.0), Lasso(alpha=0.8, tol=1e-14,
//   max_iter=10**6), ElasticNet(alpha=1.0, l1_ratio=0.7, tol=1e-14,
//   max_iter=10**6), each .fit(X, y) with the defaults otherwise.

#[test]
fn matches_scikit_learn_linear_regression_and_ridge() {
    let (x, y) = small();
    let ols = fit(
        LinearParams::default().kind(LinearKind::LinearRegression),
        &x,
        &y,
    );
    assert_close(
        ols.coef.as_slice().unwrap(),
        &[
            1.3284910965323344,
            -0.8284910965323332,
            -1.1096532333645737,
            0.47703842549203385,
        ],
        1e-12,
    );
    assert_close(&[ols.intercept], &[3.1279287722586697], 1e-12);
    let ridge = fit(LinearParams::default().alpha(2.0), &x, &y);
    assert_close(
        ridge.coef.as_slice().unwrap(),
        &[
            1.1914842259554002,
            -0.6738505987908852,
            -1.024832370658425,
            0.37720025010020225,
        ],
        1e-12,
    );
    assert_close(&[ridge.intercept], &[3.1264098630269053], 1e-12);
}

#[test]
fn matches_scikit_learn_lasso_and_elastic_net() {
    let (x, y) = small();
    let lasso = fit(
        LinearParams::default().kind(LinearKind::Lasso).alpha(0.8),
        &x,
        &y,
    );
    assert_close(
        lasso.coef.as_slice().unwrap(),
        &[0.6890161892901618, 0.0, -0.7141967621419676, 0.0],
        1e-10,
    );
    assert_close(&[lasso.intercept], &[3.134620174346202], 1e-10);
    let enet = fit(
        LinearParams::default()
            .kind(LinearKind::ElasticNet)
            .alpha(1.0)
            .l1_ratio(0.7),
        &x,
        &y,
    );
    assert_close(
        enet.coef.as_slice().unwrap(),
        &[
            0.6586753303939765,
            -0.014879468129884103,
            -0.6689959573902001,
            0.0,
        ],
        1e-10,
    );
    assert_close(&[enet.intercept], &[3.1283225954245846], 1e-10);
}

#[test]
fn elastic_net_without_l1_is_ridge_and_lasso_without_alpha_is_least_squares() {
    let (x, y) = random(100, 6, 5);
    let n = y.len() as f64;
    // ½α‖w‖² + ‖r‖²/(2n) is Ridge(n·α) divided by 2n.
    let enet = fit(
        LinearParams::default()
            .kind(LinearKind::ElasticNet)
            .alpha(0.05)
            .l1_ratio(0.0),
        &x,
        &y,
    );
    let ridge = fit(LinearParams::default().alpha(0.05 * n), &x, &y);
    assert!(enet.outcome.is_converged(), "{:?}", enet.outcome);
    assert_close(
        enet.coef.as_slice().unwrap(),
        ridge.coef.as_slice().unwrap(),
        1e-9,
    );
    let lasso0 = fit(
        LinearParams::default().kind(LinearKind::Lasso).alpha(0.0),
        &x,
        &y,
    );
    let ols = fit(
        LinearParams::default().kind(LinearKind::LinearRegression),
        &x,
        &y,
    );
    assert!(lasso0.outcome.is_converged(), "{:?}", lasso0.outcome);
    assert_close(
        lasso0.coef.as_slice().unwrap(),
        ols.coef.as_slice().unwrap(),
        1e-8,
    );
}

#[test]
fn warm_starts_and_history() {
    let (x, y) = random(120, 10, 6);
    let params = LinearParams::default()
        .kind(LinearKind::Lasso)
        .alpha(0.02)
        .check()
        .unwrap();
    let cold = params.fit(x.view(), &y).unwrap();
    assert!(cold.n_iter > 1);
    let h = &cold.history;
    assert_eq!(h.iteration.first(), Some(&0));
    assert_eq!(h.iteration.last(), Some(&cold.n_iter));
    assert!(
        h.objective.windows(2).all(|w| w[1] <= w[0] + 1e-15),
        "{:?}",
        h.objective
    );
    let end = cold.objective(x.view(), &y).unwrap();
    assert!((h.objective[h.objective.len() - 1] - end).abs() < 1e-14);
    let theta = &h.snapshots[h.snapshots.len() - 1].theta;
    assert_eq!(theta[10], cold.intercept);
    // From the optimum, the gap test passes before the first pass.
    let warm = params.fit_warm(x.view(), &y, cold.coef.as_slice()).unwrap();
    assert!(warm.n_iter <= 1, "{}", warm.n_iter);
    // A warm start from a nearby alpha's solution needs fewer passes.
    let near = LinearParams::default()
        .kind(LinearKind::Lasso)
        .alpha(0.025)
        .check()
        .unwrap()
        .fit_warm(x.view(), &y, cold.coef.as_slice())
        .unwrap();
    let near_cold = LinearParams::default()
        .kind(LinearKind::Lasso)
        .alpha(0.025)
        .check()
        .unwrap()
        .fit(x.view(), &y)
        .unwrap();
    assert!(near.n_iter <= near_cold.n_iter);
    assert_close(
        near.coef.as_slice().unwrap(),
        near_cold.coef.as_slice().unwrap(),
        1e-9,
    );
    // max_iter stops the run and says so.
    let short = LinearParams::default()
        .kind(LinearKind::Lasso)
        .alpha(0.02)
        .max_iter(2)
        .check()
        .unwrap()
        .fit(x.view(), &y)
        .unwrap();
    assert!(
        matches!(short.outcome, Outcome::MaxIter { iteration: 2, gradient } if gradient > 0.0),
        "{:?}",
        short.outcome
    );
}

#[test]
fn without_intercept_and_constant_columns() {
    let (mut x, y) = small();
    x.column_mut(1).fill(2.0);
    for kind in LinearKind::ALL {
        let m = fit(LinearParams::default().kind(kind).alpha(0.1), &x, &y);
        assert!(m.outcome.is_converged(), "{kind}: {:?}", m.outcome);
        assert!(m.coef[1].abs() < 1e-12, "{kind}: {}", m.coef);
        let m = fit(
            LinearParams::default()
                .kind(kind)
                .alpha(0.1)
                .fit_intercept(false),
            &x,
            &y,
        );
        assert_eq!(m.intercept, 0.0);
        assert!(m.coef[1] != 0.0, "{kind}: {}", m.coef);
    }
}

#[test]
fn a_large_ridge_is_fast() {
    let (x, y) = random(10_000, 50, 7);
    let start = std::time::Instant::now();
    let m = fit(LinearParams::default(), &x, &y);
    let ridge = start.elapsed();
    let start = std::time::Instant::now();
    let l = fit(
        LinearParams::default().kind(LinearKind::Lasso).alpha(0.01),
        &x,
        &y,
    );
    let lasso = start.elapsed();
    eprintln!(
        "10000 × 50: ridge {ridge:?}, lasso {lasso:?} ({} passes)",
        l.n_iter
    );
    assert!(m.outcome.is_converged() && l.outcome.is_converged());
}

#[test]
fn a_fit_after_another_on_the_same_data_reuses_its_decomposition_with_the_same_bits() {
    let (x, y) = random(60, 7, 3);
    let ridge = |alpha: f64| {
        LinearParams::default()
            .kind(LinearKind::Ridge)
            .alpha(alpha)
            .check()
            .unwrap()
    };
    let first = ridge(0.1).fit(x.view(), &y).unwrap();
    for alpha in [0.0, 1.0, 100.0] {
        let fresh = ridge(alpha).fit(x.view(), &y).unwrap();
        let after = ridge(alpha).fit_after(x.view(), &y, Some(&first)).unwrap();
        // The same decomposition (not a new one), the same answer bit for bit.
        let (Some(a), Some(b)) = (&first.factors, &after.factors) else {
            panic!("a closed-form fit keeps its factors")
        };
        assert!(Arc::ptr_eq(a, b), "alpha {alpha}: decomposed again");
        assert_eq!(after.coef, fresh.coef, "alpha {alpha}");
        assert_eq!(after.intercept.to_bits(), fresh.intercept.to_bits());
    }
    // Linear regression solves from ridge's factors too (alpha 0, its cond).
    let ols = LinearParams::default().check().unwrap();
    let after = ols.fit_after(x.view(), &y, Some(&first)).unwrap();
    assert_eq!(after.coef, ols.fit(x.view(), &y).unwrap().coef);

    // Other data (one target changed in its last bit, or one row fewer): decomposed anew.
    let mut y2 = y.clone();
    y2[5] = f64::from_bits(y2[5].to_bits() + 1);
    let other = ridge(1.0).fit_after(x.view(), &y2, Some(&first)).unwrap();
    let (Some(a), Some(b)) = (&first.factors, &other.factors) else {
        panic!("a closed-form fit keeps its factors")
    };
    assert!(!Arc::ptr_eq(a, b), "another target reused the factors");
    assert_eq!(other.coef, ridge(1.0).fit(x.view(), &y2).unwrap().coef);
    let fewer = ridge(1.0)
        .fit_after(x.slice(ndarray::s![..59, ..]), &y[..59], Some(&first))
        .unwrap();
    assert_eq!(
        fewer.coef,
        ridge(1.0)
            .fit(x.slice(ndarray::s![..59, ..]), &y[..59])
            .unwrap()
            .coef
    );
    // Coordinate descent keeps none.
    let lasso = LinearParams::default().kind(LinearKind::Lasso).alpha(0.01);
    assert!(fit(lasso, &x, &y).factors.is_none());
}

#[test]
fn rows_scaled_as_they_are_read_fit_as_their_scaled_matrix_bit_for_bit() {
    use crate::preprocess::StandardScaler;
    let bits = |m: &FittedLinear| {
        let mut b: Vec<u64> = m.coef.iter().map(|v| v.to_bits()).collect();
        b.push(m.intercept.to_bits());
        b
    };
    for p in [1, 6] {
        let (mut x, y) = random(90, p, 11 + p as u64);
        // Columns far from zero and of unlike scales: scaling and centring both matter.
        for (j, mut column) in x.columns_mut().into_iter().enumerate() {
            column.mapv_inplace(|v| v * 10f64.powi(j as i32 - 2) + 40.0 * j as f64);
        }
        let rows: Vec<usize> = (0..90).filter(|i| i % 5 != 2).rev().collect();
        let scaler = StandardScaler::fit_rows(x.view(), &rows);
        let matrix = scaler.transform_rows(x.view(), &rows);
        let y_rows: Vec<f64> = rows.iter().map(|&i| y[i]).collect();
        let affine = crate::model::Affine {
            mean: scaler.mean.as_slice().unwrap(),
            scale: scaler.scale.as_slice().unwrap(),
        };
        for kind in [
            LinearKind::LinearRegression,
            LinearKind::Ridge,
            LinearKind::Lasso,
            LinearKind::ElasticNet,
        ] {
            for fit_intercept in [true, false] {
                let valid = LinearParams::default()
                    .kind(kind)
                    .alpha(0.05)
                    .fit_intercept(fit_intercept)
                    .check()
                    .unwrap();
                let want = valid.fit(matrix.view(), &y_rows).unwrap();
                let got = valid
                    .fit_after_on_rows(x.view(), &y, (&rows, Some(affine)), None)
                    .unwrap();
                assert_eq!(
                    bits(&got),
                    bits(&want),
                    "{kind:?}, p = {p}, {fit_intercept}"
                );
                assert_eq!(got.n_iter, want.n_iter);
                // Unscaled rows too, and a warm start from the fit before.
                let raw = x.select(Axis(0), &rows);
                let want = valid.fit_after(raw.view(), &y_rows, Some(&want)).unwrap();
                let got = valid
                    .fit_after_on_rows(x.view(), &y, (&rows, None), Some(&got))
                    .unwrap();
                assert_eq!(bits(&got), bits(&want), "{kind:?} unscaled, p = {p}");
            }
        }
    }
}

#[test]
fn rows_past_the_data_or_values_not_finite_are_errors_that_name_the_row() {
    let (mut x, mut y) = random(20, 3, 5);
    let valid = LinearParams::default().check().unwrap();
    let past = valid.fit_after_on_rows(x.view(), &y, (&[0, 20], None), None);
    assert!(matches!(past, Err(Error::Shape(_))), "{past:?}");
    x[[13, 2]] = f64::INFINITY;
    let err = valid
        .fit_after_on_rows(x.view(), &y, (&[4, 13, 7], None), None)
        .unwrap_err()
        .to_string();
    assert!(err.contains("row 14, column 3"), "{err}");
    x[[13, 2]] = 0.5;
    y[7] = f64::NAN;
    let err = valid
        .fit_after_on_rows(x.view(), &y, (&[4, 13, 7], None), None)
        .unwrap_err()
        .to_string();
    assert!(err.contains("target at row 8"), "{err}");
}
