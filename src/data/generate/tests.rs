#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::f64::consts::{PI, TAU};

use super::generators::linspace;
use super::*;
use crate::error::Error;

fn classes(data: &Generated) -> &[usize] {
    match &data.target {
        Target::Classes(y) => y,
        Target::Values(_) => panic!("expected classes"),
    }
}

fn counts(data: &Generated) -> Vec<usize> {
    let mut counts = vec![0; data.class_names.len()];
    for &c in classes(data) {
        counts[c] += 1;
    }
    counts
}

fn spec(kind: Kind, n_samples: usize, noise: f64) -> Spec {
    Spec {
        n_samples,
        noise,
        ..Spec::new(kind)
    }
}

fn refusal(spec: &Spec) -> (String, String) {
    let err = spec.check().unwrap_err();
    let Error::InvalidParam { name, .. } = &err else {
        panic!("unexpected error {err:?}")
    };
    (name.clone(), err.to_string())
}

#[test]
fn every_kind_has_the_right_shape_and_target() {
    for kind in Kind::ALL {
        let spec = Spec::new(kind);
        let data = generate(&spec).unwrap();
        let p = match kind {
            Kind::NoisyFeatures => 30,
            Kind::Cos | Kind::Line => 1,
            _ => 2,
        };
        assert_eq!(data.x.dim(), (spec.n_samples, p), "{kind}");
        assert_eq!(data.x.ncols(), spec.n_features, "{kind}");
        assert_eq!(data.target.len(), spec.n_samples, "{kind}");
        assert_eq!(data.feature_names.len(), p, "{kind}");
        assert!(data.x.iter().all(|v| v.is_finite()), "{kind}");
        match &data.target {
            Target::Values(y) => {
                assert!(kind.is_regression(), "{kind}");
                assert!(y.iter().all(|v| v.is_finite()));
                assert!(data.class_names.is_empty());
                assert_eq!(data.label_name, "y");
                assert_eq!(data.feature_names, ["x"]);
            }
            Target::Classes(y) => {
                assert!(!kind.is_regression(), "{kind}");
                assert_eq!(data.class_names.len(), spec.n_classes, "{kind}");
                assert!(y.iter().all(|&c| c < spec.n_classes), "{kind}");
                assert!(counts(&data).iter().all(|&c| c >= 2), "{kind}");
                assert_eq!(data.label_name, "class");
                assert_eq!(data.feature_names[..2], ["x1", "x2"]);
            }
        }
    }
}

#[test]
fn names_round_trip() {
    for kind in Kind::ALL {
        assert_eq!(kind.name().parse::<Kind>().unwrap(), kind);
        assert_eq!(kind.to_string(), kind.name());
        assert_eq!(
            serde_json::to_string(&kind).unwrap(),
            format!("\"{}\"", kind.name())
        );
    }
    assert_eq!(
        " Noisy_Features ".parse::<Kind>().unwrap(),
        Kind::NoisyFeatures
    );
    let err = "donut".parse::<Kind>().unwrap_err().to_string();
    assert!(
        err.contains("kind") && err.contains("moons, circles"),
        "{err}"
    );
    assert_eq!(Kind::ALL.iter().filter(|k| k.is_regression()).count(), 2);
}

#[test]
fn the_seed_decides_the_data() {
    for kind in Kind::ALL {
        let a = Spec::new(kind);
        let b = Spec {
            seed: 1,
            ..a.clone()
        };
        assert_eq!(generate(&a).unwrap(), generate(&a).unwrap(), "{kind}");
        assert_ne!(generate(&a).unwrap().x, generate(&b).unwrap().x, "{kind}");
    }
}

#[test]
fn scales_spreads_its_second_feature_thirty_times_wider_and_both_matter() {
    let data = generate(&spec(Kind::Scales, 2000, 0.5)).unwrap();
    assert_eq!(data.feature_names, ["x1", "x2"]);
    let sd = |j: usize| {
        let col = data.x.column(j);
        let mean = col.sum() / col.len() as f64;
        (col.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / col.len() as f64).sqrt()
    };
    let ratio = sd(1) / sd(0);
    assert!((ratio - 30.0).abs() < 3.0, "x2 spread {ratio} times x1's");
    // Each feature, in its own units, predicts the class about as well as the other.
    let Target::Classes(y) = &data.target else {
        panic!("classes expected")
    };
    let agree = |j: usize, scale: f64| {
        let hits = data
            .x
            .column(j)
            .iter()
            .zip(y)
            .filter(|&(v, &c)| (v / scale > 0.0) == (c == 1))
            .count();
        hits as f64 / y.len() as f64
    };
    let (a1, a2) = (agree(0, 1.0), agree(1, 30.0));
    assert!(
        a1 > 0.65 && a2 > 0.65 && (a1 - a2).abs() < 0.06,
        "{a1} {a2}"
    );
}

#[test]
fn moons_and_circles_are_balanced_like_scikit_learn() {
    for kind in [
        Kind::Moons,
        Kind::Circles,
        Kind::Xor,
        Kind::Linear,
        Kind::NoisyFeatures,
        Kind::Scales,
    ] {
        assert_eq!(
            counts(&generate(&spec(kind, 201, 0.3)).unwrap()),
            [100, 101],
            "{kind}"
        );
        assert_eq!(
            counts(&generate(&spec(kind, 4, 0.3)).unwrap()),
            [2, 2],
            "{kind}"
        );
    }
}

#[test]
fn noise_free_moons_lie_exactly_on_the_arcs() {
    let data = generate(&spec(Kind::Moons, 101, 0.0)).unwrap();
    let y = classes(&data);
    let mut xs = [Vec::new(), Vec::new()];
    for (row, &c) in data.x.rows().into_iter().zip(y) {
        let (a, b) = (row[0], row[1]);
        let (dx, dy) = if c == 0 { (a, b) } else { (a - 1.0, b - 0.5) };
        assert!((dx * dx + dy * dy - 1.0).abs() < 1e-12, "{a}, {b}");
        if c == 0 {
            assert!(b >= 0.0);
        } else {
            assert!(b <= 0.5);
        }
        xs[c].push(a);
    }
    // t = 0 and t = π are both there: the ends of each arc.
    for (c, ends) in [(0, [-1.0, 1.0]), (1, [0.0, 2.0])] {
        crate::sort::sort_f64(&mut xs[c]);
        assert!((xs[c][0] - ends[0]).abs() < 1e-15, "{:?}", xs[c]);
        assert!((xs[c][xs[c].len() - 1] - ends[1]).abs() < 1e-15);
    }
    // And the same points as before the shuffle, up to order.
    let again = generate(&Spec {
        seed: 9,
        ..spec(Kind::Moons, 101, 0.0)
    })
    .unwrap();
    let sorted = |d: &Generated| {
        let mut rows: Vec<(u64, u64)> =
            d.x.rows()
                .into_iter()
                .map(|r| (r[0].to_bits(), r[1].to_bits()))
                .collect();
        crate::sort::sort_ord(&mut rows);
        rows
    };
    assert_eq!(sorted(&data), sorted(&again));
    assert_ne!(data.x, again.x);
}

#[test]
fn noise_free_circles_xor_and_linear_follow_their_rules() {
    let circles = generate(&spec(Kind::Circles, 60, 0.0)).unwrap();
    for (row, &c) in circles.x.rows().into_iter().zip(classes(&circles)) {
        let radius = row[0].hypot(row[1]);
        let want = if c == 0 { 1.0 } else { 0.5 };
        assert!((radius - want).abs() < 1e-12);
    }
    let xor = generate(&spec(Kind::Xor, 200, 0.0)).unwrap();
    for (row, &c) in xor.x.rows().into_iter().zip(classes(&xor)) {
        assert!(row.iter().all(|v| v.abs() <= 1.0 && *v != 0.0));
        assert_eq!(c == 1, row[0] * row[1] > 0.0);
    }
    let linear = generate(&spec(Kind::Linear, 500, 0.0)).unwrap();
    for (row, &c) in linear.x.rows().into_iter().zip(classes(&linear)) {
        let margin = (row[0] + row[1]) / std::f64::consts::SQRT_2;
        if c == 1 {
            assert!(margin > 0.4, "{margin}");
        } else {
            assert!(margin < -0.4, "{margin}");
        }
    }
    // The default noise lets a few rows cross the line, not many.
    let noisy = generate(&Spec {
        n_samples: 4000,
        ..Spec::new(Kind::Linear)
    })
    .unwrap();
    let crossed = noisy
        .x
        .rows()
        .into_iter()
        .zip(classes(&noisy))
        .filter(|(row, c)| (row[0] + row[1] > 0.0) != (**c == 1))
        .count();
    assert!((20..200).contains(&crossed), "{crossed}");
}

#[test]
fn blobs_and_spirals_split_rows_like_make_blobs() {
    let blobs = generate(&Spec {
        n_samples: 100,
        ..Spec::new(Kind::Blobs)
    })
    .unwrap();
    assert_eq!(counts(&blobs), [34, 33, 33]);
    assert_eq!(blobs.class_names, ["0", "1", "2"]);
    let spirals = generate(&Spec {
        n_samples: 103,
        n_classes: 4,
        ..Spec::new(Kind::Spirals)
    })
    .unwrap();
    assert_eq!(counts(&spirals), [26, 26, 26, 25]);
    // Tight blobs sit on their centres.
    let tight = generate(&Spec {
        noise: 0.0,
        n_classes: 4,
        ..Spec::new(Kind::Blobs)
    })
    .unwrap();
    for (row, &c) in tight.x.rows().into_iter().zip(classes(&tight)) {
        let angle = TAU * c as f64 / 4.0;
        let d = (row[0] - 3.0 * angle.cos()).hypot(row[1] - 3.0 * angle.sin());
        assert!(d < 0.5, "{d}");
    }
}

#[test]
fn noisy_features_use_the_first_columns() {
    let spec = Spec {
        noise: 0.0,
        n_samples: 200,
        ..Spec::new(Kind::NoisyFeatures)
    };
    let data = generate(&spec).unwrap();
    assert_eq!(data.feature_names[29], "x30");
    let score = |row: ndarray::ArrayView1<f64>| row.iter().take(3).sum::<f64>();
    let y = classes(&data);
    let lowest_one = data
        .x
        .rows()
        .into_iter()
        .zip(y)
        .filter(|(_, c)| **c == 1)
        .map(|(r, _)| score(r))
        .fold(f64::INFINITY, f64::min);
    let highest_zero = data
        .x
        .rows()
        .into_iter()
        .zip(y)
        .filter(|(_, c)| **c == 0)
        .map(|(r, _)| score(r))
        .fold(f64::NEG_INFINITY, f64::max);
    assert!(highest_zero < lowest_one);
    // No signal at all still gives two balanced classes.
    let none = Spec {
        n_informative: 0,
        ..spec
    };
    assert_eq!(counts(&generate(&none).unwrap()), [100, 100]);
}

#[test]
fn cos_x_is_sorted_in_the_unit_interval() {
    let data = generate(&Spec {
        n_samples: 500,
        ..Spec::new(Kind::Cos)
    })
    .unwrap();
    let x: Vec<f64> = data.x.column(0).to_vec();
    assert!(x.windows(2).all(|w| w[0] <= w[1]));
    assert!(x.iter().all(|v| (0.0..1.0).contains(v)));
    let flat = generate(&spec(Kind::Cos, 20, 0.0)).unwrap();
    let Target::Values(y) = &flat.target else {
        panic!()
    };
    for (x, y) in flat.x.column(0).iter().zip(y) {
        assert_eq!(*y, (1.5 * PI * x).cos());
    }
    let line = generate(&spec(Kind::Line, 20, 0.0)).unwrap();
    let Target::Values(y) = &line.target else {
        panic!()
    };
    for (x, y) in line.x.column(0).iter().zip(y) {
        assert_eq!(*y, 2.0 * x + 1.0);
    }
}

#[test]
fn limits_are_refused_naming_the_field() {
    let cases = [
        (spec(Kind::Moons, MAX_ROWS + 1, 0.1), "rows", "100000"),
        (spec(Kind::Moons, 3, 0.1), "rows", "2 per class"),
        (spec(Kind::Cos, 1, 0.1), "rows", "at least 2"),
        (
            Spec {
                n_classes: 5,
                ..spec(Kind::Spirals, 9, 0.1)
            },
            "rows",
            "at least 10",
        ),
        (spec(Kind::Moons, 100, -0.1), "noise", "0 to 1000"),
        (spec(Kind::Moons, 100, f64::NAN), "noise", "NaN"),
        (spec(Kind::Moons, 100, f64::INFINITY), "noise", "inf"),
        (
            Spec {
                n_classes: 1,
                ..Spec::new(Kind::Blobs)
            },
            "classes",
            "2 to 10",
        ),
        (
            Spec {
                n_classes: 11,
                ..Spec::new(Kind::Spirals)
            },
            "classes",
            "11",
        ),
        (
            Spec {
                n_features: MAX_FEATURES + 1,
                ..Spec::new(Kind::NoisyFeatures)
            },
            "features",
            "1000",
        ),
        (
            Spec {
                n_features: 0,
                ..Spec::new(Kind::NoisyFeatures)
            },
            "features",
            "1 to",
        ),
        (
            Spec {
                n_informative: 31,
                ..Spec::new(Kind::NoisyFeatures)
            },
            "informative",
            "30 features",
        ),
        (
            Spec {
                n_samples: MAX_ROWS,
                n_features: MAX_FEATURES,
                ..Spec::new(Kind::NoisyFeatures)
            },
            "rows",
            "10000000",
        ),
    ];
    for (spec, field, text) in cases {
        let (name, message) = refusal(&spec);
        assert_eq!(name, field, "{message}");
        assert!(
            message.contains(field) && message.contains(text),
            "{message}"
        );
        assert_eq!(generate(&spec).unwrap_err(), spec.check().unwrap_err());
    }
    // Fields a kind does not use are not checked.
    assert!(
        Spec {
            n_classes: 0,
            n_features: 0,
            ..Spec::new(Kind::Moons)
        }
        .check()
        .is_ok()
    );
    // The largest sizes are accepted.
    assert!(spec(Kind::Moons, MAX_ROWS, MAX_NOISE).check().is_ok());
    let wide = Spec {
        n_samples: 10_000,
        n_features: MAX_FEATURES,
        ..Spec::new(Kind::NoisyFeatures)
    };
    assert!(wide.check().is_ok());
}

#[test]
fn linspace_matches_numpy() {
    let v: Vec<f64> = linspace(0.0, PI, 5, true).collect();
    assert_eq!(v, [0.0, PI / 4.0, PI / 2.0, 3.0 * (PI / 4.0), PI]);
    let v: Vec<f64> = linspace(0.0, TAU, 4, false).collect();
    assert_eq!(v, [0.0, TAU / 4.0, 2.0 * (TAU / 4.0), 3.0 * (TAU / 4.0)]);
    assert_eq!(linspace(0.0, PI, 1, true).collect::<Vec<_>>(), [0.0]);
    assert_eq!(linspace(0.0, PI, 0, true).count(), 0);
}
