//! Splitters against scikit-learn: the folds in `tests/fixtures/iris_folds.json` (made
//! by `scripts/sklearn_reference.py`), scikit-learn's documented examples and error
//! messages, and properties that must hold for any input.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use serde::Deserialize;
use tunelab::Error;
use tunelab::select::split::{
    CvConfig, Fold, kfold, stratification_warning, stratified_kfold, train_test_split,
};

#[derive(Deserialize)]
struct Fixture {
    stratified_iris: Stratified,
    stratified_iris_permuted: Stratified,
    stratified_imbalanced: Stratified,
    stratified_imbalanced_warn: Stratified,
    stratified_iris_permuted_first110: Stratified,
    kfold_150_5: Plain,
    kfold_150_7: Plain,
}

#[derive(Deserialize)]
struct Stratified {
    n_splits: usize,
    y: Vec<usize>,
    test_folds: Vec<Vec<usize>>,
    train_folds: Vec<Vec<usize>>,
    #[serde(default)]
    sklearn_warns: bool,
}

#[derive(Deserialize)]
struct Plain {
    n_samples: usize,
    n_splits: usize,
    test_folds: Vec<Vec<usize>>,
    train_folds: Vec<Vec<usize>>,
}

fn fixture() -> Fixture {
    serde_json::from_str(include_str!("fixtures/iris_folds.json"))
        .expect("tests/fixtures/iris_folds.json parses")
}

fn assert_folds(folds: &[Fold], tests: &[Vec<usize>], trains: &[Vec<usize>], what: &str) {
    assert_eq!(folds.len(), tests.len(), "{what}: number of folds");
    for (f, fold) in folds.iter().enumerate() {
        assert_eq!(fold.test, tests[f], "{what}: test set of fold {f}");
        assert_eq!(fold.train, trains[f], "{what}: train set of fold {f}");
    }
}

fn check_stratified(case: &Stratified, what: &str) {
    let folds = stratified_kfold(&case.y, case.n_splits, None).unwrap();
    assert_folds(&folds, &case.test_folds, &case.train_folds, what);
    assert_eq!(
        stratification_warning(&case.y, case.n_splits).is_some(),
        case.sklearn_warns,
        "{what}: warning"
    );
}

#[test]
fn stratified_kfold_matches_sklearn_on_iris() {
    let fixture = fixture();
    check_stratified(&fixture.stratified_iris, "iris");
    check_stratified(&fixture.stratified_iris_permuted, "permuted iris");
    check_stratified(
        &fixture.stratified_iris_permuted_first110,
        "first 110 rows of permuted iris",
    );
}

#[test]
fn stratified_kfold_matches_sklearn_on_imbalanced_labels() {
    // Classes first appear in an order other than 0, 1, 2, so this checks the
    // first-appearance encoding.
    let fixture = fixture();
    check_stratified(&fixture.stratified_imbalanced, "imbalanced");
    check_stratified(&fixture.stratified_imbalanced_warn, "imbalanced, warns");
    assert!(fixture.stratified_imbalanced_warn.sklearn_warns);
}

#[test]
fn kfold_matches_sklearn() {
    let fixture = fixture();
    for (case, what) in [
        (&fixture.kfold_150_5, "KFold(5)"),
        (&fixture.kfold_150_7, "KFold(7)"),
    ] {
        let folds = kfold(case.n_samples, case.n_splits, None).unwrap();
        assert_folds(&folds, &case.test_folds, &case.train_folds, what);
    }
}

#[test]
fn default_cv_is_stratified_5_fold() {
    let fixture = fixture();
    let iris = &fixture.stratified_iris;
    let folds = CvConfig::default().split(&iris.y).unwrap();
    assert_folds(&folds, &iris.test_folds, &iris.train_folds, "cv=5");
    let plain = CvConfig {
        stratified: false,
        ..CvConfig::default()
    };
    let folds = plain.split(&iris.y).unwrap();
    let case = &fixture.kfold_150_5;
    assert_folds(
        &folds,
        &case.test_folds,
        &case.train_folds,
        "KFold via CvConfig",
    );
}

#[test]
fn cv_config_serde_fills_missing_fields_with_defaults() {
    let config: CvConfig = serde_json::from_str(r#"{"k": 3, "shuffle": true}"#).unwrap();
    assert_eq!(
        config,
        CvConfig {
            k: 3,
            stratified: true,
            shuffle: true,
            seed: 0
        }
    );
    let back: CvConfig = serde_json::from_str(&serde_json::to_string(&config).unwrap()).unwrap();
    assert_eq!(back, config);
}

#[test]
fn sklearn_documentation_examples() {
    // StratifiedKFold docstring: y = [0, 0, 1, 1], n_splits = 2.
    let folds = stratified_kfold(&[0, 0, 1, 1], 2, None).unwrap();
    assert_eq!(
        folds[0],
        Fold {
            train: vec![1, 3],
            test: vec![0, 2]
        }
    );
    assert_eq!(
        folds[1],
        Fold {
            train: vec![0, 2],
            test: vec![1, 3]
        }
    );
    // KFold docstring: 4 samples, n_splits = 2.
    let folds = kfold(4, 2, None).unwrap();
    assert_eq!(
        folds[0],
        Fold {
            train: vec![2, 3],
            test: vec![0, 1]
        }
    );
    assert_eq!(
        folds[1],
        Fold {
            train: vec![0, 1],
            test: vec![2, 3]
        }
    );
}

fn split_reason(result: tunelab::Result<Vec<Fold>>) -> String {
    match result {
        Err(Error::InvalidSplit { reason, .. }) => reason,
        other => panic!("expected InvalidSplit, got {other:?}"),
    }
}

#[test]
fn bad_fold_counts_are_errors_with_sklearn_messages() {
    assert!(split_reason(kfold(10, 1, None)).contains("n_splits=2 or more, got n_splits=1"));
    assert!(split_reason(kfold(10, 0, None)).contains("got n_splits=0"));
    assert!(
        split_reason(kfold(4, 5, None)).contains("n_splits=5 greater than the number of samples")
    );
    assert!(split_reason(stratified_kfold(&[], 2, None)).contains("n_samples=0"));
    assert!(
        split_reason(stratified_kfold(&[0, 0, 1, 1], 3, None))
            .contains("n_splits=3 cannot be greater than the number of members in each class")
    );
    // One class big enough is enough: scikit-learn only warns.
    assert!(stratified_kfold(&[0, 0, 0, 1], 3, None).is_ok());
    let err = kfold(4, 5, None).unwrap_err();
    assert!(matches!(
        err,
        Error::InvalidSplit {
            k: 5,
            n_samples: 4,
            ..
        }
    ));
}

#[test]
fn stratification_warning_uses_sklearns_message() {
    assert_eq!(
        stratification_warning(&[1, 1, 0, 1, 2, 1, 0, 1, 1, 2, 0, 1, 0], 3).as_deref(),
        Some("The least populated class in y has only 2 members, which is less than n_splits=3.")
    );
    assert_eq!(stratification_warning(&[0, 1, 0, 1], 2), None);
    assert_eq!(stratification_warning(&[], 2), None);
}

#[test]
fn shuffled_folds_repeat_for_a_seed_and_move_with_it() {
    let y: Vec<usize> = (0..60).map(|i| i % 3).collect();
    let a = stratified_kfold(&y, 5, Some(42)).unwrap();
    assert_eq!(a, stratified_kfold(&y, 5, Some(42)).unwrap());
    assert_ne!(a, stratified_kfold(&y, 5, Some(43)).unwrap());
    assert_ne!(a, stratified_kfold(&y, 5, None).unwrap());
    let b = kfold(60, 5, Some(42)).unwrap();
    assert_eq!(b, kfold(60, 5, Some(42)).unwrap());
    assert_ne!(b, kfold(60, 5, None).unwrap());
    let sizes: Vec<usize> = kfold(62, 5, Some(1))
        .unwrap()
        .iter()
        .map(|f| f.test.len())
        .collect();
    assert_eq!(sizes, [13, 13, 12, 12, 12]);
}

#[test]
fn train_test_split_sizes_follow_sklearn() {
    let y: Vec<usize> = (0..150).map(|i| i / 50).collect();
    // ceil(0.25 · 150) = 38 test samples.
    let (train, test) = train_test_split(&y, 0.25, false, 0).unwrap();
    assert_eq!((train.len(), test.len()), (112, 38));
    // Stratified 20 %: 10 of each class in the test set.
    let (train, test) = train_test_split(&y, 0.2, true, 7).unwrap();
    assert_eq!((train.len(), test.len()), (120, 30));
    for class in 0..3 {
        assert_eq!(test.iter().filter(|&&i| y[i] == class).count(), 10);
    }
    assert_eq!(
        train_test_split(&y, 0.2, true, 7).unwrap(),
        (train, test),
        "same seed, same split"
    );
}

fn test_size_reason(result: tunelab::Result<(Vec<usize>, Vec<usize>)>) -> String {
    match result {
        Err(Error::InvalidParam { name, reason, .. }) => {
            assert_eq!(name, "test_size");
            reason
        }
        other => panic!("expected InvalidParam(test_size), got {other:?}"),
    }
}

#[test]
fn train_test_split_refuses_what_sklearn_refuses() {
    let y = [0, 0, 1, 1, 2, 2];
    for bad in [0.0, 1.0, -0.5, 1.5, f64::NAN, f64::INFINITY] {
        assert!(test_size_reason(train_test_split(&y, bad, false, 0)).contains("(0, 1)"));
    }
    assert!(
        test_size_reason(train_test_split(&[0, 1, 0], 0.9, false, 0))
            .contains("the resulting train set will be empty")
    );
    assert!(test_size_reason(train_test_split(&[], 0.5, false, 0)).contains("empty"));
    let thirty: Vec<usize> = (0..30).map(|i| i / 10).collect();
    assert_eq!(
        test_size_reason(train_test_split(&thirty, 0.05, true, 0)),
        "The test_size = 2 should be greater or equal to the number of classes = 3"
    );
    assert_eq!(
        test_size_reason(train_test_split(&thirty, 0.95, true, 0)),
        "The train_size = 1 should be greater or equal to the number of classes = 3"
    );
    let err = train_test_split(&[0, 0, 1, 1, 2], 0.5, true, 0).unwrap_err();
    assert!(
        matches!(&err, Error::InvalidData(m) if m.ends_with("Classes with too few members are: [2]"))
    );
    // Without stratification a single-member class is fine.
    assert!(train_test_split(&[0, 0, 1, 1, 2], 0.5, false, 0).is_ok());
}

#[test]
fn stratified_split_keeps_every_class_in_training() {
    // scikit-learn puts all 10 training samples in class 0 here (98 vs 2 members);
    // TuneLab moves one training slot to class 1.
    let mut y = vec![0; 98];
    y.extend([1, 1]);
    for seed in 0..20 {
        let (train, test) = train_test_split(&y, 0.9, true, seed).unwrap();
        assert_eq!((train.len(), test.len()), (10, 90));
        assert_eq!(train.iter().filter(|&&i| y[i] == 1).count(), 1);
    }
}

/// Both lists sorted, disjoint, and together `0..n`.
fn assert_fold(fold: &Fold, n: usize) -> Result<(), TestCaseError> {
    prop_assert!(fold.test.windows(2).all(|w| w[0] < w[1]), "test sorted");
    prop_assert!(fold.train.windows(2).all(|w| w[0] < w[1]), "train sorted");
    prop_assert_eq!(fold.train.len() + fold.test.len(), n);
    let mut in_fold = vec![false; n];
    for &i in fold.test.iter().chain(&fold.train) {
        prop_assert!(i < n);
        prop_assert!(!in_fold[i], "index {} twice in one fold", i);
        in_fold[i] = true;
    }
    Ok(())
}

/// Every fold is a split of `0..n`, and every index is tested exactly once.
fn assert_partition(folds: &[Fold], n: usize) -> Result<(), TestCaseError> {
    let mut seen = vec![0_usize; n];
    for fold in folds {
        assert_fold(fold, n)?;
        prop_assert!(!fold.test.is_empty());
        for &i in &fold.test {
            seen[i] += 1;
        }
    }
    prop_assert!(
        seen.iter().all(|&c| c == 1),
        "each index in exactly one test set"
    );
    Ok(())
}

proptest! {
    #[test]
    fn kfold_partitions_into_near_equal_blocks(
        n in 0_usize..120, k in 0_usize..15, shuffle in proptest::option::of(any::<u64>())
    ) {
        match kfold(n, k, shuffle) {
            Ok(folds) => {
                prop_assert!(k >= 2 && k <= n);
                prop_assert_eq!(folds.len(), k);
                assert_partition(&folds, n)?;
                let sizes: Vec<usize> = folds.iter().map(|f| f.test.len()).collect();
                prop_assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "larger folds first");
                prop_assert!(sizes[0] - sizes[k - 1] <= 1);
                if shuffle.is_none() {
                    // Contiguous blocks.
                    prop_assert!(folds.iter().all(|f| f.test.windows(2).all(|w| w[1] == w[0] + 1)));
                }
            }
            Err(Error::InvalidSplit { .. }) => prop_assert!(k < 2 || k > n),
            Err(other) => prop_assert!(false, "unexpected error {:?}", other),
        }
    }

    #[test]
    fn stratified_kfold_partitions_and_stratifies(
        y in proptest::collection::vec(0_usize..4, 0..120),
        k in 0_usize..12,
        shuffle in proptest::option::of(any::<u64>()),
    ) {
        let counts: Vec<usize> = (0..4).map(|c| y.iter().filter(|&&v| v == c).count()).collect();
        let impossible = k < 2 || k > y.len() || counts.iter().filter(|&&c| c > 0).all(|&c| c < k);
        match stratified_kfold(&y, k, shuffle) {
            Ok(folds) => {
                prop_assert!(!impossible);
                prop_assert_eq!(folds.len(), k);
                assert_partition(&folds, y.len())?;
                for class in 0..4 {
                    let per_fold: Vec<usize> = folds
                        .iter()
                        .map(|f| f.test.iter().filter(|&&i| y[i] == class).count())
                        .collect();
                    let (lo, hi) = (per_fold.iter().min().unwrap(), per_fold.iter().max().unwrap());
                    prop_assert!(hi - lo <= 1, "class {} per fold {:?}", class, per_fold);
                }
                // Shuffling changes which members go where, never how many.
                if shuffle.is_some() {
                    let plain = stratified_kfold(&y, k, None).unwrap();
                    for (a, b) in folds.iter().zip(&plain) {
                        for class in 0..4 {
                            let count = |f: &Fold| f.test.iter().filter(|&&i| y[i] == class).count();
                            prop_assert_eq!(count(a), count(b));
                        }
                    }
                }
            }
            Err(Error::InvalidSplit { .. }) => prop_assert!(impossible),
            Err(other) => prop_assert!(false, "unexpected error {:?}", other),
        }
    }

    #[test]
    fn train_test_split_partitions_with_sklearn_sizes(
        y in proptest::collection::vec(0_usize..4, 0..120),
        test_size in 0.01_f64..0.99,
        stratify in any::<bool>(),
        seed in any::<u64>(),
    ) {
        let n = y.len();
        let counts: Vec<usize> = (0..4).map(|c| y.iter().filter(|&&v| v == c).count()).collect();
        match train_test_split(&y, test_size, stratify, seed) {
            Ok((train, test)) => {
                let n_test = (test_size * n as f64).ceil() as usize;
                prop_assert_eq!(test.len(), n_test);
                prop_assert_eq!(train.len(), n - n_test);
                let fold = Fold { train, test };
                assert_fold(&fold, n)?;
                if stratify {
                    let n_train = n - n_test;
                    for (class, &count) in counts.iter().enumerate().filter(|(_, c)| **c > 0) {
                        let in_train = fold.train.iter().filter(|&&i| y[i] == class).count();
                        prop_assert!(in_train >= 1, "class {} missing from training", class);
                        let share = count as f64 * n_train as f64 / n as f64;
                        if counts.iter().all(|&c| c == 0 || c * n_train >= n) {
                            // No class needed a slot moved to it: sklearn's rounding.
                            prop_assert!((in_train as f64 - share).abs() < 1.0 + 1e-9);
                        }
                    }
                }
            }
            Err(_) => {
                let n_test = (test_size * n as f64).ceil() as usize;
                let n_classes = counts.iter().filter(|&&c| c > 0).count();
                let explained = n_test >= n
                    || (stratify
                        && (counts.contains(&1)
                            || n - n_test < n_classes
                            || n_test < n_classes));
                prop_assert!(explained, "n = {}, n_test = {}, counts {:?}", n, n_test, counts);
            }
        }
    }
}
