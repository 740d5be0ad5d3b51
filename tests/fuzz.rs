//! Fuzzing of everything that reads user input, in `cargo test`: the CSV loader, the
//! grid-spec parser (`--param C=0.1,1`, the page's grid fields) and the decoder of the
//! page's search configuration (the JSON that `Session.plan`, `plan_for_summary` and
//! `Session.run` read), with the shape checks `plan_for_summary` runs.
//!
//! Every input must give a value or an error — never a panic — and an error must be
//! data: a message of bounded length (a 10 MB cell is not quoted whole) whose line
//! points inside the file. Each property runs on random inputs, on the committed seed
//! corpus in `tests/fuzz_corpus/`, and on random mutations of that corpus.
//!
//! `cargo test --test fuzz` runs 256 cases per property (a few seconds). For a long
//! run set `TUNELAB_FUZZ_CASES`, e.g.
//! `TUNELAB_FUZZ_CASES=200000 cargo test --release --test fuzz` (README, "Fuzzing").

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence};
use tunelab::select::{ParamGrid, SearchConfig, plan, plan_for_shape};
use tunelab::{CsvOptions, Dataset, Error, LabelColumn, TargetKind};

/// The longest error message any input may produce, in bytes.
const MAX_MESSAGE_BYTES: usize = 4_000;

/// Cases per property: `TUNELAB_FUZZ_CASES`, or 256.
fn config() -> Config {
    let cases = std::env::var("TUNELAB_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256);
    Config {
        cases,
        max_shrink_iters: 2_000,
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("regressions"))),
        ..Config::default()
    }
}

/// `tests/fuzz_corpus/<kind>/*`, sorted, as bytes; read once per kind.
fn corpus(kind: &'static str) -> &'static [(PathBuf, Vec<u8>)] {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    type Files = &'static [(PathBuf, Vec<u8>)];
    static READ: OnceLock<Mutex<HashMap<&'static str, Files>>> = OnceLock::new();
    let mut read = READ.get_or_init(Mutex::default).lock().unwrap();
    read.entry(kind)
        .or_insert_with(|| Vec::leak(read_corpus(kind)))
}

/// Reads `tests/fuzz_corpus/<kind>/*`, sorted.
fn read_corpus(kind: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_corpus")
        .join(kind);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

/// An error is data: its message is bounded and `data()` describes it.
fn check_error(err: &Error, input_lines: u64) -> Result<(), TestCaseError> {
    let message = err.to_string();
    prop_assert!(
        message.len() <= MAX_MESSAGE_BYTES,
        "a message of {} bytes: {}…",
        message.len(),
        message.chars().take(200).collect::<String>()
    );
    let data = err.data();
    prop_assert!(!data.kind.is_empty());
    prop_assert_eq!(&data.message, &message);
    for text in [&data.field, &data.value].into_iter().flatten() {
        prop_assert!(text.len() <= 200, "field or value of {} bytes", text.len());
    }
    if let Some(line) = data.line {
        prop_assert!(
            (1..=input_lines.max(1)).contains(&line),
            "line {line} of {input_lines}"
        );
    }
    Ok(())
}

/// Lines in `bytes` as the loader counts them (`\n`, `\r\n`, a lone `\r`).
fn count_lines(bytes: &[u8]) -> u64 {
    let mut lines = 1u64;
    let mut previous = 0u8;
    for &b in bytes {
        if b == b'\n' && previous != b'\r' || b == b'\r' {
            lines += 1;
        }
        previous = b;
    }
    lines
}

/// Loads `bytes` as CSV with `opts` through both entry points; a data set must pass
/// its own check, an error must be data.
fn check_csv(bytes: &[u8], opts: &CsvOptions) -> Result<(), TestCaseError> {
    let lines = count_lines(bytes);
    let from_reader = Dataset::from_csv_reader(bytes, opts);
    match &from_reader {
        Ok(data) => {
            prop_assert!(data.check().is_ok());
            prop_assert!(data.n_samples() >= 1 && data.n_features() >= 1);
        }
        Err(err) => check_error(err, lines)?,
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        let from_str = Dataset::from_csv_str(text, opts);
        prop_assert_eq!(&from_str, &from_reader, "the two entry points differ");
        let _ = Dataset::csv_columns(text);
    }
    Ok(())
}

/// Every label choice and target kind the page offers.
fn csv_options() -> impl Strategy<Value = CsvOptions> {
    let label = prop_oneof![
        Just(LabelColumn::Last),
        Just(LabelColumn::Auto),
        (0usize..6).prop_map(LabelColumn::Index),
        Just(LabelColumn::Index(usize::MAX)),
        "[a-z]{0,3}".prop_map(LabelColumn::Name),
    ];
    let target = prop_oneof![Just(TargetKind::Classes), Just(TargetKind::Values)];
    let delimiter = prop_oneof![
        Just(None),
        Just(Some(b',')),
        Just(Some(b';')),
        Just(Some(b'\t')),
        any::<u8>().prop_map(Some),
    ];
    let header = prop_oneof![Just(None), Just(Some(true)), Just(Some(false))];
    (label, target, delimiter, header).prop_map(|(label, target, delimiter, has_header)| {
        CsvOptions {
            label,
            target,
            delimiter,
            has_header,
            ..CsvOptions::default()
        }
    })
}

/// One cell: numbers in every spelling, extremes, missing markers, words, quotes,
/// long text.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => any::<f64>().prop_map(|v| v.to_string()),
        2 => any::<i64>().prop_map(|v| v.to_string()),
        1 => prop::sample::select(vec![
            "", " ", "NA", "n/a", "NaN", "-nan", "null", "?", "inf", "-inf", "Infinity",
            "1e308", "1e309", "-1e309", "4294967296", "18446744073709551616", "0x10", "1_000",
            "1,5", "+.5", "-0", "5e-324", "\"\"", "\"a,b\"", "\"unclosed", "a\"b", "é", "\u{feff}",
            "\u{0}", "💥", " 7 ",
        ]).prop_map(str::to_owned),
        2 => "[a-z]{1,6}",
        1 => (100usize..3_000).prop_map(|n| "x".repeat(n)),
    ]
}

/// CSV text built from cells, delimiters and line ends, rows of varying length.
fn csv_text() -> impl Strategy<Value = String> {
    let delimiter = prop::sample::select(vec![",", ";", "\t", " "]);
    let line_end = prop::sample::select(vec!["\n", "\r\n", "\r", "\n\n"]);
    let row = prop::collection::vec(cell(), 0..6);
    (
        delimiter,
        line_end,
        prop::collection::vec(row, 0..8),
        any::<bool>(),
    )
        .prop_map(|(d, end, rows, bom)| {
            let mut text = if bom {
                "\u{feff}".to_owned()
            } else {
                String::new()
            };
            for row in rows {
                text.push_str(&row.join(d));
                text.push_str(end);
            }
            text
        })
}

/// A mutation of `bytes`: bytes flipped, cut, duplicated or inserted at `at`.
fn mutate(mut bytes: Vec<u8>, op: u8, at: usize, byte: u8, len: usize) -> Vec<u8> {
    let n = bytes.len();
    let at = if n == 0 { 0 } else { at % n };
    match op % 5 {
        0 if n > 0 => bytes[at] = byte,
        1 => bytes.insert(at.min(n), byte),
        2 => {
            let end = (at + len).min(n);
            bytes.drain(at.min(end)..end);
        }
        3 => {
            let end = (at + len).min(n);
            let piece = bytes[at.min(end)..end].to_vec();
            bytes.splice(at..at, piece);
        }
        _ => bytes.truncate(at),
    }
    bytes
}

/// A grid spec's words: parameter names (known and not), values, separators.
fn spec_text() -> impl Strategy<Value = String> {
    let name = prop::sample::select(vec![
        "C",
        "penalty",
        "l1_ratio",
        "solver",
        "max_iter",
        "tol",
        "learning_rate",
        "batch_size",
        "momentum",
        "alpha",
        "degree",
        "standardize",
        "hidden_layer_sizes",
        "activation",
        "fit_intercept",
        "random_state",
        "n_iter_no_change",
        "bogus",
        "",
        " C ",
    ]);
    let value = prop_oneof![
        any::<f64>().prop_map(|v| v.to_string()),
        prop::sample::select(vec![
            "l1",
            "l2",
            "elasticnet",
            "none",
            "lbfgs",
            "sgd",
            "adam",
            "relu",
            "true",
            "false",
            "4294967296",
            "1e308",
            "-1",
            "0",
            "NaN",
            "inf",
            "",
            " ",
            "=",
            ",,",
        ])
        .prop_map(str::to_owned),
        (100usize..2_000).prop_map(|n| "v".repeat(n)),
    ];
    (name, prop::collection::vec(value, 0..6), any::<bool>()).prop_map(|(n, vs, eq)| {
        if eq {
            format!("{n}={}", vs.join(","))
        } else {
            vs.join(",")
        }
    })
}

/// Parses grid specs; a grid must be within its limit and plan without panicking.
fn check_grid(specs: &[String]) -> Result<(), TestCaseError> {
    match ParamGrid::parse(specs) {
        Ok(grid) => {
            prop_assert!(grid.len() <= tunelab::limits::MAX_CANDIDATES);
            if grid.len() <= 2_000 {
                prop_assert_eq!(grid.candidates().len(), grid.len());
                let config = SearchConfig::new(grid);
                if let Err(err) = plan(&Dataset::iris(), &config) {
                    check_error(&err, 1)?;
                }
            }
        }
        Err(err) => check_error(&err, 1)?,
    }
    Ok(())
}

/// A JSON value shaped like the page's search configuration, with wrong types, huge
/// numbers and unknown keys mixed in.
fn config_json() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::{Value, json};
    let number = prop_oneof![
        any::<f64>().prop_map(|v| json!(v)),
        any::<u64>().prop_map(|v| json!(v)),
        any::<i64>().prop_map(|v| json!(v)),
        prop::sample::select(vec![0u64, 1, 2, 5, 100, 101, 4_294_967_296]).prop_map(|v| json!(v)),
    ];
    let leaf = prop_oneof![
        number.clone(),
        "[a-z_0-9]{0,12}".prop_map(Value::String),
        any::<bool>().prop_map(Value::Bool),
        Just(Value::Null),
    ];
    let values = prop::collection::vec(leaf.clone(), 0..5).prop_map(Value::Array);
    let param = prop::sample::select(vec![
        "C",
        "penalty",
        "l1_ratio",
        "solver",
        "max_iter",
        "alpha",
        "degree",
        "hidden_layer_sizes",
        "standardize",
        "batch_size",
        "tol",
        "x",
    ]);
    let grid = prop::collection::btree_map(param.clone(), values, 0..4)
        .prop_map(|m| Value::Object(m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()));
    let base = prop::collection::btree_map(param, leaf.clone(), 0..4)
        .prop_map(|m| Value::Object(m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()));
    let model = prop::sample::select(vec![
        "logistic_regression",
        "linear_regression",
        "ridge",
        "lasso",
        "elastic_net",
        "mlp_classifier",
        "mlp_regressor",
        "svm",
    ]);
    let scoring = prop::collection::vec(
        prop::sample::select(vec!["accuracy", "f1_macro", "neg_log_loss", "r2", "bogus"]),
        0..3,
    );
    (
        model,
        grid,
        base,
        number.clone(),
        any::<bool>(),
        number,
        scoring,
        leaf,
    )
        .prop_map(
            |(model, grid, base, k, shuffle, test_size, scoring, extra)| {
                json!({
                    "model": model, "grid": grid, "base": base,
                    "cv": { "k": k, "shuffle": shuffle, "stratified": !shuffle },
                    "test_size": test_size, "scoring": scoring, "unknown": extra,
                })
            },
        )
}

/// Decodes a configuration as the page sends it and plans it on Iris's shape and on
/// a regression shape; nothing may panic.
fn check_config(text: &str) -> Result<(), TestCaseError> {
    let Ok(config) = serde_json::from_str::<SearchConfig>(text) else {
        return Ok(());
    };
    let names: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
    for counts in [Some(&[50usize, 50, 50][..]), None] {
        if let Err(err) = tunelab::limits::check_shape(150, 4, counts)
            .and_then(|()| plan_for_shape(150, 4, counts, &names, &config))
        {
            check_error(&err, 1)?;
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn csv_bytes(bytes in prop::collection::vec(any::<u8>(), 0..600), opts in csv_options()) {
        check_csv(&bytes, &opts)?;
    }

    #[test]
    fn csv_text_from_cells(text in csv_text(), opts in csv_options()) {
        check_csv(text.as_bytes(), &opts)?;
    }

    #[test]
    fn csv_corpus_mutations(
        pick in any::<prop::sample::Index>(),
        ops in prop::collection::vec((any::<u8>(), any::<usize>(), any::<u8>(), 0usize..64), 1..8),
        opts in csv_options(),
    ) {
        let files = corpus("csv");
        let mut bytes = files[pick.index(files.len())].1.clone();
        for (op, at, byte, len) in ops {
            bytes = mutate(bytes, op, at, byte, len);
        }
        check_csv(&bytes, &opts)?;
    }

    #[test]
    fn grid_specs(specs in prop::collection::vec(spec_text(), 0..5)) {
        check_grid(&specs)?;
    }

    #[test]
    fn grid_spec_bytes(specs in prop::collection::vec(any::<String>(), 0..4)) {
        check_grid(&specs)?;
    }

    #[test]
    fn search_configs(value in config_json()) {
        check_config(&value.to_string())?;
    }

    #[test]
    fn config_corpus_mutations(
        pick in any::<prop::sample::Index>(),
        ops in prop::collection::vec((any::<u8>(), any::<usize>(), any::<u8>(), 0usize..16), 1..6),
    ) {
        let files = corpus("config");
        let mut bytes = files[pick.index(files.len())].1.clone();
        for (op, at, byte, len) in ops {
            bytes = mutate(bytes, op, at, byte, len);
        }
        check_config(&String::from_utf8_lossy(&bytes))?;
    }
}

/// Every seed file, with every label choice and target kind.
#[test]
fn csv_corpus_loads_or_fails_as_data() {
    let files = corpus("csv");
    assert!(
        files.len() >= 20,
        "the seed corpus has {} files",
        files.len()
    );
    let labels = [
        LabelColumn::Last,
        LabelColumn::Auto,
        LabelColumn::Index(0),
        LabelColumn::Name("label".into()),
    ];
    for (path, bytes) in files {
        for label in &labels {
            for target in [TargetKind::Classes, TargetKind::Values] {
                let opts = CsvOptions {
                    label: label.clone(),
                    target,
                    ..CsvOptions::default()
                };
                if let Err(e) = check_csv(bytes, &opts) {
                    panic!("{}: {e}", path.display());
                }
            }
        }
    }
}

/// Every line of every grid seed file is one `--param` spec; each file is one grid.
#[test]
fn grid_corpus_parses_or_fails_as_data() {
    for (path, bytes) in corpus("grid") {
        let text = String::from_utf8_lossy(bytes);
        let specs: Vec<String> = text.lines().map(str::to_owned).collect();
        if let Err(e) = check_grid(&specs) {
            panic!("{}: {e}", path.display());
        }
    }
}

/// Every configuration seed file.
#[test]
fn config_corpus_decodes_or_fails_as_data() {
    for (path, bytes) in corpus("config") {
        if let Err(e) = check_config(&String::from_utf8_lossy(bytes)) {
            panic!("{}: {e}", path.display());
        }
    }
}

/// The inputs issue 9 found, by name: each refused with the field and the limit.
#[test]
fn the_attacks_of_issue_9_are_refused_by_name() {
    // A 10 MB cell is quoted by its first 80 characters and its size.
    let cell = "x".repeat(10_000_000);
    let err = Dataset::from_csv_str(&format!("a,b\n1,{cell}\n2,y\n"), &CsvOptions::default())
        .unwrap_err()
        .to_string();
    assert!(err.len() < 200, "{} bytes", err.len());
    assert!(err.contains("… (10 MB)"), "{err}");

    // max_iter past any sensible count names max_iter and its limit.
    let config: SearchConfig =
        serde_json::from_str(r#"{"base": {"max_iter": 4294967296}}"#).unwrap();
    let err = plan(&Dataset::iris(), &config).unwrap_err();
    assert_eq!(
        err.to_string(),
        "max_iter: 4294967296 is over the limit of 1000000"
    );
    assert_eq!(err.data().field.as_deref(), Some("max_iter"));

    // Wide, many-class and long-named files stop at their limits.
    let wide = format!("{}\n", vec!["1"; 10_001].join(","));
    let err = Dataset::from_csv_str(&wide, &CsvOptions::default()).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("features: 10000 is over the limit of 5000"),
        "{err}"
    );
    let many: String = (0..1_100).map(|i| format!("{i}.5,c{i}\n")).collect();
    let err = Dataset::from_csv_str(&many, &CsvOptions::default()).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("classes: more than 1000 is over the limit of 1000"),
        "{err}"
    );
    let long_name = format!("{},y\n1,a\n2,b\n", "n".repeat(5_000));
    let err = Dataset::from_csv_str(&long_name, &CsvOptions::default()).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("name: 5 kB is over the limit of 1 kB"),
        "{err}"
    );
}
