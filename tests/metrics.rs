//! Metrics and scorers against scikit-learn: the cases in `tests/fixtures/metrics.json`
//! (made by `scripts/sklearn_reference.py`), values from scikit-learn's documentation,
//! error handling, and properties that must hold for any input.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use ndarray::{Array2, ArrayView2, array};
use proptest::prelude::*;
use serde::Deserialize;
use tunelab::Error;
use tunelab::metrics::{self, Average, Scorer};

#[derive(Deserialize)]
struct Fixture {
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    y_true: Vec<usize>,
    y_pred: Vec<usize>,
    proba: Vec<Vec<f64>>,
    labels_present: Vec<usize>,
    accuracy: f64,
    balanced_accuracy: f64,
    precision_macro: f64,
    recall_macro: f64,
    f1_macro: f64,
    precision_weighted: f64,
    recall_weighted: f64,
    f1_weighted: f64,
    log_loss: f64,
    confusion_matrix: Vec<Vec<usize>>,
    confusion_matrix_labels_012: Vec<Vec<usize>>,
}

impl Case {
    fn proba(&self) -> Array2<f64> {
        let n_cols = self.proba.first().map_or(0, Vec::len);
        let flat: Vec<f64> = self.proba.iter().flatten().copied().collect();
        Array2::from_shape_vec((self.proba.len(), n_cols), flat).unwrap()
    }

    /// scikit-learn's value for a scorer; `neg_log_loss` is minus the log loss.
    fn expected(&self, scorer: Scorer) -> f64 {
        match scorer {
            Scorer::Accuracy => self.accuracy,
            Scorer::BalancedAccuracy => self.balanced_accuracy,
            Scorer::PrecisionMacro => self.precision_macro,
            Scorer::RecallMacro => self.recall_macro,
            Scorer::F1Macro => self.f1_macro,
            Scorer::PrecisionWeighted => self.precision_weighted,
            Scorer::RecallWeighted => self.recall_weighted,
            Scorer::F1Weighted => self.f1_weighted,
            Scorer::NegLogLoss => -self.log_loss,
            regression => panic!("{regression} scores numbers; see tests/regression_parity.rs"),
        }
    }
}

/// Picks one float field of a case.
type FieldOf = fn(&mut Case) -> &mut f64;

/// The fixture, with every float re-read from the JSON text by `str::parse`.
///
/// serde_json without its `float_roundtrip` feature may parse a float one unit in the
/// last place off (it reads `0.39999999999999997` as `0.4`), and these comparisons are
/// exact.
fn fixture() -> Fixture {
    let text = include_str!("fixtures/metrics.json");
    let mut fixture: Fixture =
        serde_json::from_str(text).expect("tests/fixtures/metrics.json parses");
    let n = fixture.cases.len();
    let scalar = |key: &str| -> Vec<f64> {
        let values: Vec<f64> = numbers_after(text, key).into_iter().flatten().collect();
        assert_eq!(values.len(), n, "one {key} per case");
        values
    };
    let fields: [(&str, FieldOf); 9] = [
        ("accuracy", |c| &mut c.accuracy),
        ("balanced_accuracy", |c| &mut c.balanced_accuracy),
        ("precision_macro", |c| &mut c.precision_macro),
        ("recall_macro", |c| &mut c.recall_macro),
        ("f1_macro", |c| &mut c.f1_macro),
        ("precision_weighted", |c| &mut c.precision_weighted),
        ("recall_weighted", |c| &mut c.recall_weighted),
        ("f1_weighted", |c| &mut c.f1_weighted),
        ("log_loss", |c| &mut c.log_loss),
    ];
    for (key, field) in fields {
        for (case, value) in fixture.cases.iter_mut().zip(scalar(key)) {
            *field(case) = value;
        }
    }
    let probas = numbers_after(text, "proba");
    assert_eq!(probas.len(), n);
    for (case, flat) in fixture.cases.iter_mut().zip(probas) {
        let mut flat = flat.into_iter();
        for value in case.proba.iter_mut().flatten() {
            *value = flat.next().expect("as many numbers as serde_json found");
        }
        assert!(flat.next().is_none());
    }
    fixture
}

/// For each `"key":` in a JSON text, the numbers of the value that follows (a number
/// or a nested array of numbers), parsed with Rust's correctly rounded `str::parse`.
fn numbers_after(text: &str, key: &str) -> Vec<Vec<f64>> {
    let pattern = format!("\"{key}\":");
    text.match_indices(&pattern)
        .map(|(at, _)| {
            let value = text[at + pattern.len()..].trim_start();
            let mut depth = 0_usize;
            let end = value
                .char_indices()
                .find_map(|(i, ch)| match ch {
                    '[' => {
                        depth += 1;
                        None
                    }
                    ']' => {
                        depth -= 1;
                        (depth == 0).then_some(i + 1)
                    }
                    ',' | '}' | '\n' if depth == 0 => Some(i),
                    _ => None,
                })
                .unwrap_or(value.len());
            value[..end]
                .split(|ch: char| matches!(ch, '[' | ']' | ',') || ch.is_whitespace())
                .filter(|token| !token.is_empty())
                .map(|token| token.parse::<f64>().expect("a number"))
                .collect()
        })
        .collect()
}

fn to_array(rows: &[Vec<usize>]) -> Array2<usize> {
    let n_cols = rows.first().map_or(0, Vec::len);
    let flat: Vec<usize> = rows.iter().flatten().copied().collect();
    Array2::from_shape_vec((rows.len(), n_cols), flat).unwrap()
}

/// Log loss goes through `ln`, which NumPy and Rust's libm may round differently in
/// the last place; everything else is compared bit for bit.
fn assert_log_loss_close(actual: f64, expected: f64, what: &str) {
    let tolerance = 4.0 * f64::EPSILON * expected.abs();
    assert!(
        (actual - expected).abs() <= tolerance,
        "{what}: {actual:?} vs scikit-learn {expected:?}"
    );
}

#[test]
fn fixture_label_metrics_match_sklearn_exactly() {
    let fixture = fixture();
    assert!(fixture.cases.len() >= 4);
    for case in &fixture.cases {
        let (t, p) = (&case.y_true[..], &case.y_pred[..]);
        let name = &case.name;
        assert_eq!(metrics::accuracy(t, p), case.accuracy, "{name}");
        assert_eq!(
            metrics::balanced_accuracy(t, p),
            case.balanced_accuracy,
            "{name}"
        );
        assert_eq!(
            metrics::precision(t, p, Average::Macro),
            case.precision_macro,
            "{name}"
        );
        assert_eq!(
            metrics::recall(t, p, Average::Macro),
            case.recall_macro,
            "{name}"
        );
        assert_eq!(metrics::f1(t, p, Average::Macro), case.f1_macro, "{name}");
        assert_eq!(
            metrics::precision(t, p, Average::Weighted),
            case.precision_weighted,
            "{name}"
        );
        assert_eq!(
            metrics::recall(t, p, Average::Weighted),
            case.recall_weighted,
            "{name}"
        );
        assert_eq!(
            metrics::f1(t, p, Average::Weighted),
            case.f1_weighted,
            "{name}"
        );
    }
}

#[test]
fn fixture_log_loss_matches_sklearn() {
    for case in &fixture().cases {
        let proba = case.proba();
        assert_log_loss_close(
            metrics::log_loss(&case.y_true, proba.view()),
            case.log_loss,
            &case.name,
        );
    }
}

#[test]
fn fixture_confusion_matrices_match_sklearn() {
    for case in &fixture().cases {
        let (t, p) = (&case.y_true[..], &case.y_pred[..]);
        assert_eq!(
            metrics::confusion_matrix(t, p, 3),
            to_array(&case.confusion_matrix_labels_012),
            "{}",
            case.name
        );
        // labels_present is 0..m in every case, so it is our n_classes = m.
        let m = case.labels_present.len();
        assert_eq!(case.labels_present, (0..m).collect::<Vec<_>>());
        assert_eq!(
            metrics::confusion_matrix(t, p, m),
            to_array(&case.confusion_matrix),
            "{}",
            case.name
        );
    }
}

/// Whether every class `0..n` appears in `y`.
fn holds_every_class(y: &[usize], n: usize) -> bool {
    (0..n).all(|c| y.contains(&c))
}

#[test]
fn neg_log_loss_refuses_rows_without_every_class_as_scikit_learn_does() {
    let proba = array![[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.2, 0.2, 0.6]];
    let all = Scorer::NegLogLoss.score(&[0, 1, 2], &[], Some(proba.view()));
    assert!(all.unwrap() < 0.0);
    // log_loss([0, 1, 1], proba) in scikit-learn 1.9.1: "y_true and y_prob contain
    // different number of classes: 2 vs 3" — GridSearchCV's error_score, NaN.
    let err = Scorer::NegLogLoss
        .score(&[0, 1, 1], &[], Some(proba.view()))
        .unwrap_err();
    assert!(
        err.to_string().contains("2 of the model's 3 classes"),
        "{err}"
    );
}

#[test]
fn a_test_fold_without_every_class_scores_nan_log_loss_in_a_search() {
    use tunelab::Dataset;
    use tunelab::select::{CvConfig, ParamGrid, SearchConfig, grid_search};
    // Iris is sorted by class, 50 rows each: unstratified, unshuffled 5-fold cuts
    // test folds of 30 rows. Folds 0, 2 and 4 hold one class (their training rows
    // hold all three); folds 1 and 3 hold two.
    let mut config = SearchConfig::new(ParamGrid::parse(&["C=1"]).unwrap());
    config.cv = CvConfig {
        k: 5,
        stratified: false,
        shuffle: false,
        seed: 0,
    };
    config.scoring = vec![Scorer::Accuracy, Scorer::NegLogLoss];
    let result = grid_search(&Dataset::iris(), &config, &mut |_| true).unwrap();
    let cv = &result.cv_results;
    for fold in 0..5 {
        let ll = cv
            .floats(&format!("split{fold}_test_neg_log_loss"))
            .unwrap()[0];
        let acc = cv.floats(&format!("split{fold}_test_accuracy")).unwrap()[0];
        assert!(ll.is_nan(), "fold {fold}: {ll}");
        assert!(acc.is_finite(), "fold {fold}: accuracy {acc}");
    }
    assert!(cv.floats("mean_test_neg_log_loss").unwrap()[0].is_nan());
}

#[test]
fn fixture_scorers_match_sklearn() {
    for case in &fixture().cases {
        let proba = case.proba();
        for scorer in Scorer::ALL.into_iter().filter(|s| !s.is_regression()) {
            let scored = scorer.score(&case.y_true, &case.y_pred, Some(proba.view()));
            // The fixture's log_loss is given every class (`labels`); the scorer, as
            // scikit-learn's, refuses rows that do not hold them all.
            if scorer == Scorer::NegLogLoss && !holds_every_class(&case.y_true, proba.ncols()) {
                assert!(
                    matches!(scored, Err(Error::InvalidData(_))),
                    "{}",
                    case.name
                );
                continue;
            }
            let score = scored.unwrap();
            let expected = case.expected(scorer);
            if scorer == Scorer::NegLogLoss {
                assert_log_loss_close(score, expected, &case.name);
            } else {
                assert_eq!(score, expected, "{} {scorer}", case.name);
            }
        }
    }
}

#[test]
fn fixture_case_with_a_zero_probability_is_clipped_not_infinite() {
    let fixture = fixture();
    let case = fixture
        .cases
        .iter()
        .find(|c| c.proba.iter().flatten().any(|&p| p == 0.0))
        .expect("a case with a zero probability");
    let loss = metrics::log_loss(&case.y_true, case.proba().view());
    assert!(loss.is_finite());
}

#[test]
fn sklearn_documentation_examples() {
    // accuracy_score docstring.
    assert_eq!(metrics::accuracy(&[0, 2, 1, 3], &[0, 1, 2, 3]), 0.5);
    // balanced_accuracy_score docstring.
    assert_eq!(
        metrics::balanced_accuracy(&[0, 1, 0, 0, 1, 0], &[0, 1, 0, 0, 0, 1]),
        0.625
    );
    // precision_score / recall_score / f1_score docstrings.
    let (t, p) = ([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1]);
    assert_eq!(
        metrics::precision(&t, &p, Average::Macro),
        0.2222222222222222
    );
    assert_eq!(
        metrics::precision(&t, &p, Average::Weighted),
        0.2222222222222222
    );
    assert_eq!(metrics::recall(&t, &p, Average::Macro), 0.3333333333333333);
    assert_eq!(
        metrics::recall(&t, &p, Average::Weighted),
        0.3333333333333333
    );
    assert_eq!(metrics::f1(&t, &p, Average::Macro), 0.26666666666666666);
    assert_eq!(metrics::f1(&t, &p, Average::Weighted), 0.26666666666666666);
    // log_loss docstring: ["spam", "ham", "ham", "spam"] with ham = 0, spam = 1.
    let proba = array![[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]];
    assert_log_loss_close(
        metrics::log_loss(&[1, 0, 0, 1], proba.view()),
        0.21616187468057912,
        "docstring",
    );
}

/// Twelve classes, so the mean of the per-class recalls goes through NumPy's pairwise
/// summation; a plain left-to-right sum gives 0.6026455026455028 here.
#[test]
fn averages_use_numpy_pairwise_summation() {
    let y_true = [
        4, 2, 11, 0, 8, 9, 5, 11, 11, 2, 2, 1, 1, 4, 2, 0, 6, 7, 9, 4, 3, 6, 6, 10, 6, 10, 1, 11,
        4, 11, 1, 7, 6, 6, 2, 0, 1, 1, 7, 6, 4, 10, 4, 5, 0, 0, 11, 2, 2, 9, 10, 1, 6, 2, 6, 3, 3,
        7, 11, 10,
    ];
    let y_pred = [
        4, 2, 11, 0, 8, 8, 5, 11, 11, 2, 11, 10, 1, 4, 2, 0, 6, 7, 2, 11, 10, 6, 6, 10, 6, 3, 1, 8,
        11, 11, 11, 0, 1, 6, 2, 10, 1, 1, 8, 6, 4, 9, 4, 5, 0, 0, 6, 4, 2, 3, 0, 4, 6, 2, 6, 3, 11,
        10, 5, 10,
    ];
    // Values printed by scikit-learn 1.9.1.
    assert_eq!(
        metrics::balanced_accuracy(&y_true, &y_pred),
        0.6026455026455027
    );
    assert_eq!(
        metrics::recall(&y_true, &y_pred, Average::Macro),
        0.6026455026455027
    );
    assert_eq!(
        metrics::f1(&y_true, &y_pred, Average::Macro),
        0.5455387205387205
    );
    assert_eq!(
        metrics::f1(&y_true, &y_pred, Average::Weighted),
        0.6103535353535353
    );
    assert_eq!(
        metrics::precision(&y_true, &y_pred, Average::Weighted),
        0.652526455026455
    );
}

#[test]
fn predicted_only_classes_count_for_precision_but_not_balanced_accuracy() {
    // Class 2 is predicted once, never true.
    let (t, p) = ([0, 0, 1, 1], [0, 2, 1, 1]);
    assert_eq!(metrics::balanced_accuracy(&t, &p), 0.75);
    // Recall over {0, 1, 2}: (0.5 + 1 + 0) / 3.
    assert_eq!(metrics::recall(&t, &p, Average::Macro), 0.5);
    // Weighted recall gives class 2 weight 0.
    assert_eq!(metrics::recall(&t, &p, Average::Weighted), 0.75);
}

#[test]
fn label_values_need_not_be_dense() {
    let (t, p) = ([7, 7, 1000, 1000], [7, 1000, 1000, 1000]);
    assert_eq!(metrics::accuracy(&t, &p), 0.75);
    assert_eq!(metrics::recall(&t, &p, Average::Macro), 0.75);
    // Labels outside 0..n_classes are not counted.
    assert_eq!(metrics::confusion_matrix(&t, &p, 8).sum(), 1);
}

#[test]
fn plain_functions_return_nan_on_empty_or_mismatched_input() {
    let empty: [usize; 0] = [];
    assert!(metrics::accuracy(&empty, &empty).is_nan());
    assert!(metrics::balanced_accuracy(&empty, &empty).is_nan());
    assert!(metrics::f1(&empty, &empty, Average::Macro).is_nan());
    assert!(metrics::precision(&[0, 1], &[0], Average::Weighted).is_nan());
    assert!(metrics::accuracy(&[0, 1], &[0]).is_nan());
    assert!(metrics::log_loss(&empty, ArrayView2::from_shape((0, 2), &[]).unwrap()).is_nan());
    let proba = array![[0.5, 0.5]];
    assert!(
        metrics::log_loss(&[0, 1], proba.view()).is_nan(),
        "row count"
    );
    assert!(
        metrics::log_loss(&[2], proba.view()).is_nan(),
        "class without column"
    );
    assert_eq!(
        metrics::confusion_matrix(&empty, &empty, 2),
        Array2::<usize>::zeros((2, 2))
    );
}

#[test]
fn log_loss_clips_to_machine_epsilon_without_renormalising() {
    let certain_and_wrong = array![[1.0, 0.0]];
    let loss = metrics::log_loss(&[1], certain_and_wrong.view());
    assert_eq!(loss, -f64::EPSILON.ln());
    // Rows that do not sum to one are used as they are (scikit-learn only warns).
    let unnormalised = array![[0.2, 0.2]];
    assert_eq!(
        metrics::log_loss(&[0], unnormalised.view()),
        -(0.2_f64).ln()
    );
}

#[test]
fn scorer_names_parse_display_and_serde_agree() {
    let names = [
        "accuracy",
        "balanced_accuracy",
        "precision_macro",
        "recall_macro",
        "f1_macro",
        "precision_weighted",
        "recall_weighted",
        "f1_weighted",
        "neg_log_loss",
        "r2",
        "neg_mean_squared_error",
        "neg_root_mean_squared_error",
        "neg_mean_absolute_error",
    ];
    assert_eq!(Scorer::ALL.map(Scorer::name), names);
    for scorer in Scorer::ALL {
        assert_eq!(scorer.name().parse::<Scorer>().unwrap(), scorer);
        assert_eq!(scorer.to_string(), scorer.name());
        let json = serde_json::to_string(&scorer).unwrap();
        assert_eq!(json, format!("\"{}\"", scorer.name()));
        assert_eq!(serde_json::from_str::<Scorer>(&json).unwrap(), scorer);
        assert_eq!(scorer.needs_proba(), scorer == Scorer::NegLogLoss);
    }
    assert_eq!(Scorer::default(), Scorer::Accuracy);
    assert!(serde_json::from_str::<Scorer>("\"roc_auc\"").is_err());
}

#[test]
fn unknown_scorer_lists_the_known_names() {
    let err = "F1_macro".parse::<Scorer>().unwrap_err();
    let Error::UnknownScorer { name, known } = &err else {
        panic!("unexpected error {err:?}");
    };
    assert_eq!(name, "F1_macro");
    assert_eq!(known.len(), Scorer::ALL.len());
    assert!(err.to_string().contains("\"f1_macro\""));
}

#[test]
fn scorer_refuses_bad_input_with_errors() {
    let proba = array![[0.9, 0.1], [0.2, 0.8]];
    // Lengths.
    assert!(matches!(
        Scorer::Accuracy.score(&[0, 1], &[0], None),
        Err(Error::Shape(_))
    ));
    assert!(matches!(
        Scorer::NegLogLoss.score(&[0, 1, 1], &[], Some(proba.view())),
        Err(Error::Shape(_))
    ));
    assert!(matches!(
        Scorer::NegLogLoss.score(&[0, 2], &[], Some(proba.view())),
        Err(Error::Shape(_))
    ));
    // Empty.
    assert!(matches!(
        Scorer::F1Macro.score(&[], &[], None),
        Err(Error::InvalidData(_))
    ));
    // Missing or invalid probabilities.
    assert!(matches!(
        Scorer::NegLogLoss.score(&[0, 1], &[0, 1], None),
        Err(Error::InvalidParam { .. })
    ));
    let above_one = array![[1.5, -0.5], [0.2, 0.8]];
    assert!(matches!(
        Scorer::NegLogLoss.score(&[0, 1], &[], Some(above_one.view())),
        Err(Error::InvalidData(_))
    ));
    let nan = array![[f64::NAN, 0.5], [0.2, 0.8]];
    assert!(matches!(
        Scorer::NegLogLoss.score(&[0, 1], &[], Some(nan.view())),
        Err(Error::InvalidData(_))
    ));
    // Label scorers ignore proba; neg_log_loss ignores y_pred.
    assert_eq!(Scorer::Accuracy.score(&[0, 1], &[0, 1], None).unwrap(), 1.0);
    let neg = Scorer::NegLogLoss
        .score(&[0, 1], &[], Some(proba.view()))
        .unwrap();
    assert_eq!(neg, -metrics::log_loss(&[0, 1], proba.view()));
    assert!(neg < 0.0);
}

fn labels_and_predictions() -> impl Strategy<Value = (Vec<usize>, Vec<usize>)> {
    (1_usize..60, 1_usize..6).prop_flat_map(|(n, k)| {
        (
            proptest::collection::vec(0..k, n),
            proptest::collection::vec(0..k, n),
        )
    })
}

proptest! {
    #[test]
    fn label_metrics_are_fractions((t, p) in labels_and_predictions()) {
        for scorer in Scorer::ALL.into_iter().filter(|s| !s.needs_proba() && !s.is_regression()) {
            let score = scorer.score(&t, &p, None).unwrap();
            prop_assert!((0.0..=1.0).contains(&score), "{scorer}: {score}");
        }
    }

    #[test]
    fn accuracy_is_the_confusion_trace((t, p) in labels_and_predictions()) {
        let cm = metrics::confusion_matrix(&t, &p, 6);
        prop_assert_eq!(cm.sum(), t.len());
        let trace: usize = cm.diag().sum();
        prop_assert_eq!(metrics::accuracy(&t, &p), trace as f64 / t.len() as f64);
        // Weighted recall is accuracy, up to rounding.
        prop_assert!((metrics::recall(&t, &p, Average::Weighted) - metrics::accuracy(&t, &p)).abs() < 1e-12);
    }

    #[test]
    fn balanced_accuracy_is_macro_recall_when_no_class_is_only_predicted(
        (t, p) in labels_and_predictions()
    ) {
        let only_predicted = p.iter().any(|c| !t.contains(c));
        let balanced = metrics::balanced_accuracy(&t, &p);
        let macro_recall = metrics::recall(&t, &p, Average::Macro);
        if only_predicted {
            prop_assert!(balanced >= macro_recall);
        } else {
            prop_assert_eq!(balanced, macro_recall);
        }
    }

    #[test]
    fn neg_log_loss_is_finite_and_not_positive(
        rows in proptest::collection::vec((0_usize..3, 0.0_f64..1.0, 0.0_f64..1.0), 1..40)
    ) {
        let y: Vec<usize> = rows.iter().map(|r| r.0).collect();
        let flat: Vec<f64> = rows
            .iter()
            .flat_map(|&(_, a, b)| {
                let (lo, hi) = (a.min(b), a.max(b));
                [lo, hi - lo, 1.0 - hi]
            })
            .collect();
        let proba = Array2::from_shape_vec((rows.len(), 3), flat).unwrap();
        let scored = Scorer::NegLogLoss.score(&y, &[], Some(proba.view()));
        prop_assert_eq!(scored.is_ok(), holds_every_class(&y, 3));
        prop_assume!(scored.is_ok());
        let score = scored.unwrap();
        prop_assert!(score.is_finite());
        prop_assert!(score <= 0.0);
        prop_assert!(score >= f64::EPSILON.ln());
    }
}
