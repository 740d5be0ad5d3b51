use super::*;
use ndarray::Array2;

/// 23 rows (not a multiple of the four-row block), 7 features, labels cycling.
fn data(n_classes: usize) -> (Array2<f64>, Vec<usize>) {
    data_rows(23, n_classes)
}

/// As [`data`], with `n` rows.
fn data_rows(n: usize, n_classes: usize) -> (Array2<f64>, Vec<usize>) {
    let x = Array2::from_shape_fn((n, 7), |(i, j)| {
        ((i * 7 + j) as f64 * 0.37).sin() * (1 + j % 3) as f64
    });
    let y = (0..n).map(|i| (i * 5 + i / 3) % n_classes).collect();
    (x, y)
}

/// Two whole chunks of the pass and a ragged third, not a multiple of four either.
const MANY_ROWS: usize = 2 * CHUNK + 23;

#[test]
fn a_pass_over_several_chunks_counts_every_row_once() {
    for n_classes in [2, 3, 4] {
        let (x, y) = data_rows(MANY_ROWS, n_classes);
        let obj = Objective::new(x.view(), &y, n_classes, 1.0, (0.0, 1.0), true).unwrap();
        let t = theta(obj.dim());
        let mut got = vec![0.0; obj.dim()];
        let loss = obj.loss_grad(&t, None, Some(&mut got));

        // Row by row: the log loss, and the residual times the row.
        let (w, b) = obj.unpack(&t);
        let k = obj.n_rows();
        let mut want_loss = 0.0;
        let mut want = vec![0.0; obj.dim()];
        for (row, &yi) in x.outer_iter().zip(&y) {
            let z: Vec<f64> = (0..k).map(|c| b[c] + row.dot(&w.row(c))).collect();
            let residual: Vec<f64> = if k == 1 {
                let s = if yi == 1 { 1.0 } else { -1.0 };
                want_loss += (1.0 + (-s * z[0]).exp()).ln();
                vec![1.0 / (1.0 + (-z[0]).exp()) - if yi == 1 { 1.0 } else { 0.0 }]
            } else {
                let sum: f64 = z.iter().map(|v| v.exp()).sum();
                want_loss += sum.ln() - z[yi];
                (0..k)
                    .map(|c| z[c].exp() / sum - if c == yi { 1.0 } else { 0.0 })
                    .collect()
            };
            for (c, r) in residual.iter().enumerate() {
                for (j, xj) in row.iter().enumerate() {
                    want[c * 7 + j] += r * xj;
                }
                want[k * 7 + c] += r;
            }
        }
        let n = MANY_ROWS as f64;
        assert!(
            (loss - want_loss / n).abs() < 1e-13,
            "{n_classes} classes: {loss} vs {}",
            want_loss / n
        );
        for (i, (g, v)) in got.iter().zip(&want).enumerate() {
            assert!(
                (g - v / n).abs() < 1e-13,
                "{n_classes} classes, θ[{i}]: {g} vs {}",
                v / n
            );
        }
    }
}

fn theta(dim: usize) -> Vec<f64> {
    (0..dim).map(|i| ((i as f64) * 0.71).cos() * 0.4).collect()
}

#[test]
fn gradient_matches_central_differences_for_sigmoid_and_softmax() {
    for n_classes in [2, 3] {
        let (x, y) = data(n_classes);
        let obj = Objective::new(x.view(), &y, n_classes, 0.7, (0.0, 1.0), true).unwrap();
        let t = theta(obj.dim());
        let mut g = vec![0.0; obj.dim()];
        let f = obj.smooth(&t, &mut g);
        assert!(f.is_finite());
        for i in 0..obj.dim() {
            let h = 1e-6;
            let (mut up, mut down) = (t.clone(), t.clone());
            up[i] += h;
            down[i] -= h;
            let fd = (obj.smooth_value(&up) - obj.smooth_value(&down)) / (2.0 * h);
            assert!(
                (fd - g[i]).abs() < 1e-7,
                "classes {n_classes}, θ[{i}]: {fd} vs {}",
                g[i]
            );
        }
    }
}

#[test]
fn loss_is_the_sum_of_per_row_log_losses() {
    let (x, y) = data(3);
    let obj = Objective::new(x.view(), &y, 3, 1.0, (0.0, 1.0), true).unwrap();
    let t = theta(obj.dim());
    let (w, b) = obj.unpack(&t);
    let mut want = 0.0;
    for (row, &yi) in x.outer_iter().zip(&y) {
        let z: Vec<f64> = (0..3).map(|c| b[c] + row.dot(&w.row(c))).collect();
        let lse = z.iter().map(|v| v.exp()).sum::<f64>().ln();
        want += lse - z[yi];
    }
    let got = obj.value(&t).data_loss;
    assert!(
        (got - want / 23.0).abs() < 1e-14,
        "{got} vs {}",
        want / 23.0
    );
}

#[test]
fn a_batch_of_rows_equals_the_full_pass_on_those_rows() {
    let (x, y) = data(3);
    let obj = Objective::new(x.view(), &y, 3, 1.0, (0.0, 1.0), true).unwrap();
    let t = theta(obj.dim());
    let rows = [3, 17, 4, 22, 0];
    let mut g_batch = vec![0.0; obj.dim()];
    let f_batch = obj.smooth_batch(&t, &rows, &mut g_batch);
    let sub = x.select(Axis(0), &rows);
    let ys: Vec<usize> = rows.iter().map(|&i| y[i]).collect();
    let sub_obj = Objective::new(sub.view(), &ys, 3, 1.0, (0.0, 1.0), true).unwrap();
    let mut g_sub = vec![0.0; obj.dim()];
    let loss_sub = sub_obj.loss_grad(&t, None, Some(&mut g_sub));
    let mut g_loss = vec![0.0; obj.dim()];
    let loss_batch = obj.loss_grad(&t, Some(&rows), Some(&mut g_loss));
    assert_eq!(loss_batch.to_bits(), loss_sub.to_bits());
    assert_eq!(g_loss, g_sub);
    assert!(f_batch.is_finite());
}

#[test]
fn rows_standardised_as_they_are_read_give_the_scaled_matrix_objective() {
    // Offset, spread-out columns (a mean far from 0 tests the folded intercept);
    // rows in a fold's scattered order, a batch of them, with and without intercept.
    for (n_classes, fit_intercept) in [(2, true), (3, true), (3, false)] {
        let (x0, y) = data(n_classes);
        let x = Array2::from_shape_fn(x0.dim(), |(i, j)| {
            50.0 * j as f64 + (1.0 + j as f64) * x0[[i, j]]
        });
        let rows = [22, 3, 5, 17, 4, 9, 0, 11, 13];
        let cut = x.select(Axis(0), &rows);
        let mean: Vec<f64> = (0..7)
            .map(|j| cut.column(j).mean().unwrap_or(0.0))
            .collect();
        let scale: Vec<f64> = (0..7).map(|j| cut.column(j).std(0.0)).collect();
        let scaled = Array2::from_shape_fn(cut.dim(), |(i, j)| (cut[[i, j]] - mean[j]) / scale[j]);
        let ys: Vec<usize> = rows.iter().map(|&i| y[i]).collect();
        let dense = Objective::new(
            scaled.view(),
            &ys,
            n_classes,
            0.7,
            (0.0, 1.0),
            fit_intercept,
        )
        .unwrap();
        let affine = Affine {
            mean: &mean,
            scale: &scale,
        };
        let view = Objective::on_rows(
            x.view(),
            &y,
            Some(&rows),
            Some(affine),
            n_classes,
            0.7,
            (0.0, 1.0),
            fit_intercept,
        )
        .unwrap();
        assert_eq!(view.n_samples(), rows.len());
        assert_eq!((view.lambda1, view.lambda2), (dense.lambda1, dense.lambda2));
        let t = theta(dense.dim());
        let (mut gd, mut gv) = (vec![0.0; dense.dim()], vec![0.0; dense.dim()]);
        let (fd, fv) = (dense.smooth(&t, &mut gd), view.smooth(&t, &mut gv));
        assert!((fd - fv).abs() < 1e-13 * fd.abs(), "{fd} vs {fv}");
        for (a, b) in gd.iter().zip(&gv) {
            assert!((a - b).abs() < 1e-12, "gradient {a} vs {b}");
        }
        // A batch: positions among the rows summed over.
        let batch = [1, 4, 7];
        let (fbd, fbv) = (
            dense.smooth_batch(&t, &batch, &mut gd),
            view.smooth_batch(&t, &batch, &mut gv),
        );
        assert!((fbd - fbv).abs() < 1e-13 * fbd.abs(), "{fbd} vs {fbv}");
        // The Hessian reads each row scaled as the matrix holds it: the same bits.
        let mut hd = vec![0.0; dense.dim() * dense.dim()];
        let mut hv = hd.clone();
        dense.smooth_hessian(&t, &mut gd, &mut hd);
        view.smooth_hessian(&t, &mut gv, &mut hv);
        assert_eq!(hd, hv);
        assert_eq!(gd, gv);
        let (u, v) = (theta(dense.dim()), vec![0.1; dense.dim()]);
        let points = [(0.0, 0.0), (0.5, -1.0)];
        assert_eq!(
            dense.plane_values(&t, &u, &v, &points),
            view.plane_values(&t, &u, &v, &points)
        );
    }
    // A row past the features is refused.
    let (x, y) = data(2);
    assert!(matches!(
        Objective::on_rows(x.view(), &y, Some(&[23]), None, 2, 1.0, (0.0, 1.0), true),
        Err(Error::Shape(_))
    ));
}

#[cfg(target_arch = "x86_64")]
#[test]
fn the_avx_pass_gives_the_portable_bits() {
    let Some(avx) = super::super::kernels::Avx::detect() else {
        return;
    };
    for n_classes in [2, 3, 5] {
        let (x, y) = data_rows(MANY_ROWS, n_classes);
        let obj = Objective::new(x.view(), &y, n_classes, 1.0, (0.0, 1.0), true).unwrap();
        let t = theta(obj.dim());
        let nw = obj.n_weights();
        let k = obj.n_rows();
        let xs = x.as_slice().unwrap();
        let wb = (&t[..nw], &t[nw..nw + k]);
        let mut g1 = vec![0.0; obj.dim()];
        let mut g2 = vec![0.0; obj.dim()];
        let l1 = obj.loss_grad_pass(
            super::super::kernels::Portable,
            xs,
            wb,
            None,
            MANY_ROWS,
            Some(&mut g1),
        );
        // SAFETY: `avx` exists, so the processor supports AVX2.
        let l2 = unsafe { obj.loss_grad_pass_avx2(avx, xs, wb, None, MANY_ROWS, Some(&mut g2)) };
        assert_eq!(l1.to_bits(), l2.to_bits(), "{n_classes} classes");
        assert_eq!(g1, g2, "{n_classes} classes");
    }
}
