use super::*;

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn plan_counts_fits_and_refuses_what_a_run_refuses() {
    use crate::model::ModelKind;
    let iris = Dataset::iris();
    let config = SearchConfig {
        test_size: 0.2,
        ..SearchConfig::default()
    };
    let p = plan(&iris, &config).unwrap();
    assert_eq!((p.candidates, p.folds, p.fits), (12, 5, 61));
    assert_eq!((p.n_train, p.n_test, p.expanded_features), (120, 30, 4));
    // Each of these fails the same way with and without fitting.
    let mut too_many_folds = SearchConfig::default();
    too_many_folds.cv.k = 60;
    let regressor = SearchConfig {
        model: ModelKind::Ridge,
        ..SearchConfig::default()
    };
    let mut degree = SearchConfig::new(ParamGrid::parse(&["degree=40"]).unwrap());
    degree.scoring = vec![Scorer::Accuracy];
    for bad in [too_many_folds, regressor, degree] {
        let planned = plan(&iris, &bad).unwrap_err();
        let run = grid_search(&iris, &bad, &mut |_| true).unwrap_err();
        assert_eq!(planned, run);
        // Known by its shape alone, the data gives the same answer.
        let shaped = plan_for_shape(150, 4, Some(&[50, 50, 50]), &[], &bad).unwrap_err();
        assert_eq!(
            std::mem::discriminant(&shaped),
            std::mem::discriminant(&planned)
        );
    }
    let shaped = plan_for_shape(150, 4, Some(&[50, 50, 50]), &[], &config).unwrap();
    assert_eq!(shaped, p);
    // Five rows of a rare class: 6 stratified folds still cut (one class is enough),
    // 60 do not.
    let mut folds = SearchConfig::default();
    folds.cv.k = 6;
    assert!(plan_for_shape(105, 4, Some(&[100, 5]), &[], &folds).is_ok());
    folds.cv.k = 101;
    assert!(plan_for_shape(105, 4, Some(&[100, 5]), &[], &folds).is_err());
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn too_many_folds_says_how_many_the_rows_allow() {
    let iris = Dataset::iris();
    let message = |k: usize, test_size: f64, stratified: bool| {
        let mut config = SearchConfig {
            test_size,
            ..SearchConfig::default()
        };
        config.cv.k = k;
        config.cv.stratified = stratified;
        plan(&iris, &config).unwrap_err().to_string()
    };
    // 120 rows left after the hold-out, 40 of each class.
    let held = message(41, 0.2, true);
    assert!(
        held.ends_with("; use at most 40 folds (k), or a smaller test fraction"),
        "{held}"
    );
    // All 150 rows cut: 50 of each class.
    let all = message(51, 0.0, true);
    assert!(all.ends_with("; use at most 50 folds (k)"), "{all}");
    // Without stratifying, any rows: 15 left after holding out 135.
    let plain = message(20, 0.9, false);
    assert!(
        plain.ends_with("; use at most 15 folds (k), or a smaller test fraction"),
        "{plain}"
    );
    // Fewer than two folds: the message already says what to do, and the largest
    // class is beside the point (as it is for plain folds).
    let one = message(1, 0.0, true);
    assert!(
        !one.contains("use at most") && !one.contains("largest class"),
        "{one}"
    );
    assert!(
        all.contains("the largest class, “setosa”, has 50 rows"),
        "{all}"
    );
    assert!(!plain.contains("largest class"), "{plain}");
}

#[test]
fn ranks_share_the_smallest_and_nan_is_last() {
    assert_eq!(rank(&[0.5, 0.9, 0.9, f64::NAN, 0.1]), [3, 1, 1, 5, 4]);
}

#[test]
fn ten_fold_means_are_numpys_pairwise_sums() {
    // np.average of this row (scikit-learn's mean_test_score for cv=10) ends in
    // ...334; a left-to-right sum gives ...333 and could change a rank.
    let scores = [
        1.0,
        0.8666666666666667,
        0.9333333333333333,
        1.0,
        1.0,
        0.6,
        0.9333333333333333,
        0.8666666666666667,
        0.7333333333333333,
        0.8,
    ];
    let (m, s) = mean_std(&scores);
    assert_eq!(m, 0.8733333333333334);
    assert_eq!(s, 0.12454361128179604);
    assert_ne!(m, scores.iter().fold(0.0, |a, v| a + v) / 10.0);
}

#[test]
fn mean_is_summed_in_fold_order() {
    let (m, s) = mean_std(&[1.0, 0.5, 0.5, 1.0]);
    assert_eq!(m, 0.75);
    assert_eq!(s, 0.25);
}
