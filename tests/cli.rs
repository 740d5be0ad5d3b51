//! The `tunelab` command line, run as a user would.
#![allow(clippy::unwrap_used)]

use std::process::Command;

fn tunelab(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_tunelab"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A fresh folder for one test's files: `tunelab-cli-<name>-<pid>` under the temp dir.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("tunelab-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn seed_grid_as_json_has_scikit_learn_keys_and_winner() {
    let (ok, stdout, stderr) = tunelab(&[
        "search",
        "--data",
        "iris",
        "--param",
        "C=0.001,0.01,0.1,1,10,100",
        "--param",
        "penalty=l1,l2",
        "--format",
        "json",
    ]);
    assert!(ok, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["best_index"], 8);
    assert_eq!(v["best_params"]["C"], 10.0);
    assert_eq!(v["best_params"]["penalty"], "l1");
    assert_eq!(v["best_score"], 0.9733333333333334);
    assert!(
        v["test_score"].is_null(),
        "no --test-size: everything goes to CV"
    );
    let keys: Vec<&str> = v["cv_results"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for k in [
        "params",
        "param_C",
        "param_penalty",
        "split4_test_score",
        "mean_test_score",
        "std_test_score",
        "rank_test_score",
        "mean_train_score",
        "mean_fit_time",
        "mean_score_time",
    ] {
        assert!(keys.contains(&k), "{k} missing from {keys:?}");
    }
    assert_eq!(
        v["cv_results"]["rank_test_score"].as_array().unwrap().len(),
        12
    );
}

#[test]
fn test_split_scorers_and_table() {
    let (ok, stdout, stderr) = tunelab(&[
        "search",
        "--param",
        "C=0.1,1",
        "--test-size",
        "0.2",
        "--seed",
        "42",
        "--scoring",
        "accuracy,f1_macro",
    ]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("best_params: C="), "{stdout}");
    assert!(stdout.contains("test_score:"), "{stdout}");
    assert!(
        stdout.contains("refit on 120 rows, tested on 30"),
        "{stdout}"
    );
}

#[test]
fn errors_name_what_and_where_and_exit_non_zero() {
    let dir = scratch("data");
    let bad = dir.join("bad.csv");
    std::fs::write(&bad, "a,b,label\n1,2,x\n3,oops,y\n").unwrap();
    let (ok, _, stderr) = tunelab(&["search", "--data", bad.to_str().unwrap()]);
    assert!(!ok);
    assert!(
        stderr.contains("line 3, column 2 (\"b\"): \"oops\" is not a number"),
        "{stderr}"
    );

    let (ok, _, stderr) = tunelab(&["search", "--param", "C=0,1"]);
    assert!(!ok);
    assert!(stderr.contains("parameter C: 0 is not allowed"), "{stderr}");
    let (ok, _, stderr) = tunelab(&[
        "search",
        "--data",
        dir.join("missing.csv").to_str().unwrap(),
    ]);
    assert!(!ok && stderr.contains("missing.csv"), "{stderr}");

    // The synthetic writer and the CSV reader agree.
    let csv = dir.join("synthetic.csv");
    let (ok, _, stderr) = tunelab(&[
        "synthetic",
        "--rows",
        "200",
        "--features",
        "5",
        "--classes",
        "3",
        "--out",
        csv.to_str().unwrap(),
    ]);
    assert!(ok, "{stderr}");
    let (ok, stdout, stderr) = tunelab(&[
        "search",
        "--data",
        csv.to_str().unwrap(),
        "--param",
        "C=1",
        "--cv",
        "3",
    ]);
    assert!(ok, "{stderr}");
    assert!(
        stdout.contains("200 rows × 5 features, 3 classes"),
        "{stdout}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn ridge_over_alpha_and_degree_on_a_generated_set() {
    let (ok, stdout, stderr) = tunelab(&[
        "search",
        "--data",
        "cos",
        "--model",
        "ridge",
        "--param",
        "alpha=0.001,0.1,10",
        "--param",
        "degree=1,3,9",
        "--scoring",
        "r2,neg_mean_squared_error",
        "--format",
        "json",
    ]);
    assert!(ok, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let cv = &v["cv_results"];
    assert_eq!(cv["param_alpha"].as_array().unwrap().len(), 9);
    assert_eq!(
        cv["param_degree"][1], 3.0,
        "degree varies fastest (sorted names)"
    );
    assert!(cv["mean_test_r2"].is_array() && cv["rank_test_neg_mean_squared_error"].is_array());
    // The first scorer refits: the best R² is a cubic or higher, not a line.
    assert_ne!(v["best_params"]["degree"], 1.0, "{}", v["best_params"]);
    assert_eq!(v["refit_scorer"], "r2");
}

#[test]
fn mlp_on_moons_and_the_default_grid_of_each_model() {
    let (ok, stdout, stderr) = tunelab(&[
        "search",
        "--data",
        "moons",
        "--model",
        "mlp_classifier",
        "--param",
        "hidden_layer_sizes=2,20",
        "--set",
        "max_iter=300",
        "--set",
        "learning_rate_init=0.01",
    ]);
    assert!(ok, "{stderr}");
    assert!(
        stdout.contains("mlp_classifier") && stdout.contains("hidden_layer_sizes=20"),
        "{stdout}"
    );
    for (model, data, axis) in [
        ("linear_regression", "line", "degree="),
        ("lasso", "diabetes", "alpha="),
        ("elastic_net", "diabetes", "l1_ratio="),
    ] {
        let (ok, stdout, stderr) = tunelab(&["search", "--data", data, "--model", model]);
        assert!(ok, "{model}: {stderr}");
        assert!(stdout.contains(axis), "{model}: {stdout}");
    }
}

#[test]
fn model_errors_name_the_parameter_and_value() {
    let cases: [(&[&str], &str); 6] = [
        (
            &[
                "--data",
                "moons",
                "--model",
                "mlp_classifier",
                "--param",
                "hidden_layer_sizes=0,5",
            ],
            "hidden_layer_sizes: 0",
        ),
        (
            &["--data", "cos", "--model", "ridge", "--param", "alpha=-1"],
            "alpha: -1",
        ),
        (
            &["--data", "noisy-features", "--param", "degree=1,8"],
            "parameter degree: 8 is not allowed: 30 features expand to 48903491 columns",
        ),
        (
            &["--data", "iris", "--model", "ridge"],
            "model: ridge is not allowed: it predicts numbers",
        ),
        (&["--data", "cos"], "it predicts classes"),
        (
            &["--data", "iris", "--model", "svm"],
            "model: svm is not allowed",
        ),
    ];
    for (args, want) in cases {
        let mut all = vec!["search"];
        all.extend_from_slice(args);
        let (ok, _, stderr) = tunelab(&all);
        assert!(!ok, "{args:?} should fail");
        assert!(stderr.contains(want), "{args:?}: {stderr}");
    }
}

#[test]
fn a_non_numeric_regression_target_is_located() {
    let dir = scratch("target");
    let path = dir.join("bad.csv");
    std::fs::write(&path, "x,y\n1,2\n3,abc\n").unwrap();
    let (ok, _, stderr) = tunelab(&[
        "search",
        "--data",
        path.to_str().unwrap(),
        "--model",
        "ridge",
    ]);
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(!ok);
    assert!(
        stderr.contains("line 3, column 2 (\"y\"): \"abc\" is not a number"),
        "{stderr}"
    );
}

#[test]
fn synthetic_writes_every_teaching_set() {
    for kind in [
        "moons",
        "circles",
        "xor",
        "blobs",
        "spirals",
        "linear",
        "noisy-features",
        "cos",
        "line",
    ] {
        let (ok, stdout, stderr) = tunelab(&[
            "synthetic",
            "--kind",
            kind,
            "--rows",
            "40",
            "--noise",
            "0.2",
            "--seed",
            "3",
        ]);
        assert!(ok, "{kind}: {stderr}");
        let lines: Vec<&str> = stdout.lines().collect();
        assert_eq!(lines.len(), 41, "{kind}: header + 40 rows");
    }
    let (ok, _, stderr) = tunelab(&["synthetic", "--kind", "moons", "--rows", "1000000"]);
    assert!(!ok && stderr.contains("rows"), "{stderr}");
    let (ok, _, stderr) = tunelab(&["synthetic", "--kind", "moons", "--noise=-1"]);
    assert!(!ok && stderr.contains("noise"), "{stderr}");
}

#[test]
fn search_writes_a_scikit_learn_script_beside_its_results() {
    let dir = scratch("script");
    let path = dir.join("search.py");
    let (ok, _, stderr) = tunelab(&[
        "search",
        "--data",
        "wine",
        "--param",
        "C=0.1,1",
        "--sklearn-script",
        path.to_str().unwrap(),
    ]);
    assert!(ok, "{stderr}");
    let script = std::fs::read_to_string(&path).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(
        script.contains("load_wine") && script.contains("\"model__C\": [0.1]"),
        "{script}"
    );
}

/// Runs `tunelab` with `args`, killing it after `seconds`: (exit code, stderr, time).
/// A run that had to be killed has no exit code.
fn tunelab_within(args: &[&str], seconds: u64) -> (Option<i32>, String, std::time::Duration) {
    use std::io::Read;
    use std::process::Stdio;
    use std::time::{Duration, Instant};
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_tunelab"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status.code();
        }
        if started.elapsed() > Duration::from_secs(seconds) {
            child.kill().unwrap();
            child.wait().unwrap();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    (code, stderr, started.elapsed())
}

#[test]
fn endless_and_special_files_are_refused_before_reading() {
    // /dev/zero would grow without bound if read; it is refused by what it is.
    let (code, stderr, took) = tunelab_within(&["search", "--data", "/dev/zero"], 20);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("/dev/zero: not a regular file"), "{stderr}");
    assert!(took.as_secs() < 5, "took {took:?}");

    // A FIFO with no writer would block forever in open(); it is refused first.
    let dir = scratch("fifo");
    let fifo = dir.join("data.csv");
    let _ = std::fs::remove_file(&fifo);
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let (code, stderr, took) = tunelab_within(&["search", "--data", fifo.to_str().unwrap()], 20);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(stderr.contains("not a regular file"), "{stderr}");
    assert!(took.as_secs() < 5, "took {took:?}");

    let (code, stderr, _) = tunelab_within(&["search", "--data", dir.to_str().unwrap()], 20);
    assert_eq!(code, Some(1));
    assert!(stderr.contains("is a directory"), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_file_over_the_size_limit_is_refused_by_its_size() {
    let dir = scratch("size");
    let path = dir.join("big.csv");
    // Sparse: 200 MB + 1 byte long, no disk used.
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(tunelab::limits::MAX_INPUT_BYTES as u64 + 1)
        .unwrap();
    let (code, stderr, took) = tunelab_within(&["search", "--data", path.to_str().unwrap()], 20);
    assert_eq!(code, Some(1), "{stderr}");
    assert!(
        stderr.contains("big.csv: input_size: 200 MB is over the limit of 200 MB"),
        "{stderr}"
    );
    assert!(took.as_secs() < 5, "took {took:?}");

    // A 10 MB cell is quoted by its first 80 characters and its size, not whole.
    let cell = "x".repeat(10_000_000);
    std::fs::write(&path, format!("a,b,label\n1,{cell},p\n2,3,q\n")).unwrap();
    let (code, stderr, _) = tunelab_within(&["search", "--data", path.to_str().unwrap()], 60);
    assert_eq!(code, Some(1), "{}", stderr.len());
    assert!(stderr.len() < 300, "{} bytes on stderr", stderr.len());
    assert!(
        stderr.contains(&format!(
            "line 2, column 2 (\"b\"): \"{}… (10 MB)\" is not a number",
            "x".repeat(80)
        )),
        "{stderr}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn synthetic_sizes_are_capped_without_panicking() {
    for (args, expected) in [
        (
            &["synthetic", "--rows", "18446744073709551615"][..],
            "rows: 18446744073709551615 is over the limit of 1000000",
        ),
        (
            &["synthetic", "--classes", "1000000"][..],
            "classes: 1000000 is over the limit of 1000",
        ),
        (
            &["synthetic", "--features", "18446744073709551615"][..],
            "features: 18446744073709551615 is over the limit of 5000",
        ),
        (
            &["synthetic", "--rows", "1000000", "--features", "50"][..],
            "cells: 50000000 (1000000 rows × 50 features) is over the limit of 20000000",
        ),
        (
            &["synthetic", "--classes", "0"][..],
            "parameter classes: 0 is not allowed: give 2 to 1000 classes",
        ),
        (
            &["synthetic", "--classes", "1"][..],
            "parameter classes: 1 is not allowed: give 2 to 1000 classes",
        ),
        (
            &[
                "synthetic",
                "--regression",
                "--rows",
                "18446744073709551615",
            ][..],
            "rows: 18446744073709551615 is over the limit of 1000000",
        ),
        (
            &[
                "synthetic",
                "--kind",
                "blobs",
                "--rows",
                "18446744073709551615",
            ][..],
            "rows",
        ),
    ] {
        let (code, stderr, took) = tunelab_within(args, 20);
        assert_eq!(code, Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
        assert!(took.as_secs() < 5, "{args:?} took {took:?}");
    }
    let (ok, stdout, stderr) = tunelab(&["synthetic", "--rows", "6", "--classes", "3"]);
    assert!(ok, "{stderr}");
    assert_eq!(stdout.lines().count(), 7);
}

#[test]
fn max_iter_past_its_limit_is_named() {
    for flag in ["--set", "--param"] {
        let (ok, _, stderr) = tunelab(&["search", flag, "max_iter=4294967296"]);
        assert!(!ok);
        assert_eq!(
            stderr.trim(),
            "tunelab: max_iter: 4294967296 is over the limit of 1000000",
            "{flag}"
        );
    }
}

#[test]
fn extreme_values_print_compactly_in_the_table() {
    let (ok, stdout, stderr) = tunelab(&["search", "--param", "C=1e308,1e-300"]);
    assert!(ok, "{stderr}");
    assert!(stdout.contains("C=1e308"), "{stdout}");
    assert!(stdout.contains("C=1e-300"), "{stdout}");
    assert!(stdout.lines().all(|l| l.chars().count() < 120), "{stdout}");
}

#[test]
fn jobs_give_the_same_json_and_cold_the_same_winner() {
    let without_times = |stdout: &str| {
        let mut v: serde_json::Value = serde_json::from_str(stdout).unwrap();
        let cv = v["cv_results"].as_object_mut().unwrap();
        cv.retain(|name, _| !name.ends_with("_time"));
        v
    };
    for args in [
        &["--data", "iris"][..],
        &[
            "--data",
            "diabetes",
            "--model",
            "ridge",
            "--param",
            "alpha=0.1,1,10",
            "--param",
            "degree=1,2",
        ],
        &[
            "--data",
            "diabetes",
            "--model",
            "lasso",
            "--param",
            "alpha=0.1,1,10",
        ],
        &[
            "--data",
            "moons",
            "--model",
            "mlp_classifier",
            "--param",
            "hidden_layer_sizes=2,5",
            "--set",
            "max_iter=100",
        ],
    ] {
        let run = |extra: &[&str]| {
            let all: Vec<&str> = ["search", "--format", "json"]
                .iter()
                .chain(args)
                .chain(extra)
                .copied()
                .collect();
            let (ok, stdout, stderr) = tunelab(&all);
            assert!(ok, "{all:?}: {stderr}");
            without_times(&stdout)
        };
        let one = run(&["--jobs", "1"]);
        assert_eq!(one, run(&["--jobs", "4"]), "{args:?}");
        let cold = run(&["--jobs", "2", "--cold"]);
        assert_eq!(one["best_index"], cold["best_index"], "{args:?}");
    }
    let (ok, _, stderr) = tunelab(&["search", "--jobs", "0"]);
    assert!(!ok && stderr.contains("--jobs"), "{stderr}");
}

#[test]
fn two_lanes_give_the_bits_of_four() {
    // TUNELAB_NO_AVX2 switches the logistic pass from AVX2's four lanes to two (the
    // wasm's width, for the benchmark); the kernels add in the same order on both, so
    // every score is the same to the bit. 3 classes × 31 parameters: L-BFGS, whose
    // every step runs the pass.
    let dir = scratch("lanes");
    let csv = dir.join("blobs.csv");
    let (ok, _, stderr) = tunelab(&[
        "synthetic",
        "--rows",
        "400",
        "--features",
        "30",
        "--classes",
        "3",
        "--seed",
        "7",
        "--out",
        csv.to_str().unwrap(),
    ]);
    assert!(ok, "{stderr}");
    let run = |two_lanes: bool| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_tunelab"));
        cmd.args([
            "search",
            "--data",
            csv.to_str().unwrap(),
            "--param",
            "C=0.01,1,100",
            "--param",
            "penalty=l2",
            "--scoring",
            "neg_log_loss,accuracy",
            "--format",
            "json",
        ]);
        if two_lanes {
            cmd.env("TUNELAB_NO_AVX2", "1");
        } else {
            cmd.env_remove("TUNELAB_NO_AVX2");
        }
        let out = cmd.output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let cv = v["cv_results"].as_object_mut().unwrap();
        cv.retain(|k, _| !k.ends_with("_time"));
        assert!(cv.contains_key("split4_test_neg_log_loss"));
        v
    };
    assert_eq!(run(true), run(false));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_class_of_one_row_with_a_test_split_is_named() {
    let dir = scratch("rare");
    let csv = dir.join("rare.csv");
    let mut text = String::from("a,b,y\n");
    for i in 0..12 {
        text.push_str(&format!(
            "{i},{},{}\n",
            i % 5,
            if i % 2 == 0 { "p" } else { "q" }
        ));
    }
    text.push_str("9,9,rare\n");
    std::fs::write(&csv, text).unwrap();
    let path = csv.to_str().unwrap();
    let (ok, _, stderr) = tunelab(&["search", "--data", path, "--test-size", "0.2", "--cv", "2"]);
    assert!(!ok);
    assert!(stderr.contains("test_size: 0.2"), "{stderr}");
    assert!(stderr.contains("“rare” has only 1"), "{stderr}");
    // Without the test split the same data is searched.
    let (ok, _, stderr) = tunelab(&["search", "--data", path, "--cv", "2"]);
    assert!(ok, "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_tiny_c_is_named_as_written_and_its_folds_once() {
    // 1/(C·n) overflows: every fold fails the same way. The value reads as the user
    // wrote it (not 322 digits), and the five folds' note is said once.
    let (ok, _, stderr) = tunelab(&["search", "--param", "C=1e-320"]);
    assert!(!ok);
    assert!(
        stderr.contains("folds 0–4: fit failed: parameter C: 1e-320 is not allowed"),
        "{stderr}"
    );
    assert!(!stderr.contains("0.0000"), "{stderr}");
    assert_eq!(stderr.matches("1e-320").count(), 1, "{stderr}");
}

/// A class too small for every test fold: the search runs, and stderr carries
/// scikit-learn's StratifiedKFold warning (stdout keeps the results alone). Plain folds,
/// and classes large enough, give no warning.
#[test]
fn a_class_smaller_than_the_folds_is_warned_about_as_scikit_learn_does() {
    let dir = scratch("least-populated");
    let rare = dir.join("rare.csv");
    let mut text = String::from("a,b,label\n");
    for i in 0..30 {
        text.push_str(&format!("{i},{},x\n", i % 7));
    }
    for i in 0..3 {
        text.push_str(&format!("{i},5,y\n"));
    }
    std::fs::write(&rare, text).unwrap();
    let path = rare.to_str().unwrap();
    let (ok, stdout, stderr) = tunelab(&["search", "--data", path, "--param", "C=1"]);
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains(
            "warning: The least populated class in y has only 3 members, which is less than n_splits=5."
        ),
        "{stderr}"
    );
    assert!(!stdout.contains("warning"), "{stdout}");
    let (ok, _, stderr) = tunelab(&["search", "--data", path, "--param", "C=1", "--cv", "3"]);
    assert!(ok && !stderr.contains("warning"), "{stderr}");
    let (ok, _, stderr) = tunelab(&["search", "--data", path, "--param", "C=1", "--no-stratify"]);
    assert!(ok && !stderr.contains("warning"), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A warm-started fit at the floor of the objective's rounding stops there: on this
/// fold the Newton step's line search halved until the objective no longer moved, and
/// that non-step was taken again at every iteration, to max_iter (110 s).
#[test]
fn a_fit_at_the_rounding_floor_stops_rather_than_run_to_max_iter() {
    let (ok, stdout, stderr) = tunelab(&[
        "search",
        "--data",
        "moons",
        "--rows",
        "100000",
        "--param",
        "C=1,10",
        "--param",
        "penalty=l2",
        "--test-size",
        "0.2",
        "--format",
        "json",
    ]);
    assert!(ok, "{stderr}");
    let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let status = v["cv_results"]["fit_status"].to_string();
    assert!(!status.contains("max_iter"), "{status}");
}
