//! CSV loading through the public API: what is detected, what is refused and how the
//! refusal reads, round trips, and inputs that must never panic.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::time::Instant;

use proptest::prelude::*;
use tunelab::{CsvOptions, CsvSource, Dataset, Error, LabelColumn};

fn load(text: &str) -> Result<Dataset, Error> {
    Dataset::from_csv_str(text, &CsvOptions::default())
}

fn load_err(text: &str) -> Error {
    match load(text) {
        Ok(data) => panic!("expected an error for {text:?}, got {data:?}"),
        Err(err) => err,
    }
}

fn with_label(label: LabelColumn) -> CsvOptions {
    CsvOptions {
        label,
        ..CsvOptions::default()
    }
}

// ---------------------------------------------------------------------------------------
// Errors: one test per kind, with the exact variant and how it reads.

#[test]
fn empty_file() {
    assert_eq!(load_err(""), Error::EmptyInput);
    assert_eq!(load_err("\n\r\n  \n"), Error::EmptyInput);
    assert_eq!(load_err("\u{feff}"), Error::EmptyInput);
    assert_eq!(Error::EmptyInput.to_string(), "the file is empty");
}

#[test]
fn header_only() {
    assert_eq!(load_err("a,b,label\n"), Error::HeaderOnly);
    assert_eq!(load_err("a,b,label\r\n\r\n"), Error::HeaderOnly);
    let forced = CsvOptions {
        has_header: Some(true),
        ..CsvOptions::default()
    };
    assert_eq!(
        Dataset::from_csv_str("1,2,3\n", &forced).unwrap_err(),
        Error::HeaderOnly
    );
}

#[test]
fn ragged_row() {
    let err = load_err("a,b,y\n1,2,p\n3,q\n");
    assert_eq!(
        err,
        Error::RaggedRow {
            line: 3,
            expected: 3,
            found: 2
        }
    );
    assert_eq!(
        err.to_string(),
        "line 3: expected 3 fields (as in the first row) but found 2"
    );
    let err = load_err("a,b,y\n1,2,p\n3,4,q,5\n");
    assert_eq!(
        err,
        Error::RaggedRow {
            line: 3,
            expected: 3,
            found: 4
        }
    );
}

#[test]
fn non_numeric_cell() {
    let err = load_err("a,b,label\n1,x,cat\n2,3,dog\n");
    assert_eq!(
        err,
        Error::NonNumeric {
            line: 2,
            column: 2,
            name: "b".into(),
            value: "x".into()
        }
    );
    assert_eq!(
        err.to_string(),
        "line 2, column 2 (\"b\"): \"x\" is not a number"
    );
    // Further down, after blank lines, with the cell shown trimmed.
    let err = load_err("a,b,y\n1,2,p\n\n\n3, 4 5 ,q\n");
    assert_eq!(
        err,
        Error::NonNumeric {
            line: 5,
            column: 2,
            name: "b".into(),
            value: "4 5".into()
        }
    );
    // Without a header the column is named as the loader names it.
    let err = load_err("1,2,p\n3,4x,q\n");
    assert_eq!(
        err,
        Error::NonNumeric {
            line: 2,
            column: 2,
            name: "x2".into(),
            value: "4x".into()
        }
    );
    // A slip in the first row of a file without header is reported, not taken for a
    // header (which would silently drop the row).
    let err = load_err("1,x,p\n2,3,q\n4,5,p\n");
    assert_eq!(
        err,
        Error::NonNumeric {
            line: 1,
            column: 2,
            name: "x2".into(),
            value: "x".into()
        }
    );
    let err = load_err("1,,p\n2,3,q\n4,5,p\n");
    assert_eq!(
        err,
        Error::MissingValue {
            line: 1,
            column: 2,
            name: "x2".into(),
            value: "".into()
        }
    );
    // A decimal comma in a semicolon file is not silently misread.
    let err = load_err("a;b;y\n1;2;p\n1,5;2;q\n");
    assert_eq!(
        err,
        Error::NonNumeric {
            line: 3,
            column: 1,
            name: "a".into(),
            value: "1,5".into()
        }
    );
}

#[test]
fn missing_value_in_a_feature() {
    for marker in [
        "", "NA", "na", "N/A", "NaN", "nan", "NULL", "null", "?", " NA ",
    ] {
        let text = format!("a,b,y\n1,2,p\n3,{marker},q\n");
        let err = load_err(&text);
        let expected = Error::MissingValue {
            line: 3,
            column: 2,
            name: "b".into(),
            value: marker.trim().into(),
        };
        assert_eq!(err, expected, "marker {marker:?}");
    }
    let err = load_err("a,b,y\n1,2,p\n3,,q\n");
    assert_eq!(
        err.to_string(),
        "line 3, column 2 (\"b\"): missing value \"\""
    );
}

#[test]
fn missing_value_in_the_label() {
    let err = load_err("a,b,y\n1,2,p\n3,4,\n");
    assert_eq!(
        err,
        Error::MissingValue {
            line: 3,
            column: 3,
            name: "y".into(),
            value: "".into()
        }
    );
    let err = load_err("a,b,y\n1,2,NA\n3,4,q\n");
    assert_eq!(
        err,
        Error::MissingValue {
            line: 2,
            column: 3,
            name: "y".into(),
            value: "NA".into()
        }
    );
    assert_eq!(
        err.to_string(),
        "line 2, column 3 (\"y\"): missing value \"NA\""
    );
}

#[test]
fn infinite_value() {
    for value in ["inf", "-inf", "Infinity", "+INF", "1e400"] {
        let err = load_err(&format!("a,b,y\n1,2,p\n{value},4,q\n"));
        let expected = Error::NonFinite {
            line: 3,
            column: 1,
            name: "a".into(),
            value: value.into(),
        };
        assert_eq!(err, expected);
    }
    let err = load_err("a,b,y\n1,-inf,p\n3,4,q\n");
    assert_eq!(
        err.to_string(),
        "line 2, column 2 (\"b\"): \"-inf\" is infinite"
    );
}

#[test]
fn label_column_not_found() {
    let text = "a,b,y\n1,2,p\n3,4,q\n";
    let err = Dataset::from_csv_str(text, &with_label(LabelColumn::Name("z".into()))).unwrap_err();
    let available = vec!["a".to_string(), "b".into(), "y".into()];
    assert_eq!(
        err,
        Error::LabelColumnNotFound {
            requested: "z".into(),
            available: available.clone()
        }
    );
    assert_eq!(
        err.to_string(),
        "label column \"z\" not found; the columns are \"a\", \"b\", \"y\""
    );
    // An index past the end; the message counts columns from 1.
    let err = Dataset::from_csv_str(text, &with_label(LabelColumn::Index(3))).unwrap_err();
    assert_eq!(
        err,
        Error::LabelColumnNotFound {
            requested: "column 4".into(),
            available
        }
    );
    // Without a header the names on offer are the generated ones.
    let err = Dataset::from_csv_str("1,2,p\n3,4,q\n", &with_label(LabelColumn::Name("y".into())))
        .unwrap_err();
    let available = vec!["x1".to_string(), "x2".into(), "label".into()];
    assert_eq!(
        err,
        Error::LabelColumnNotFound {
            requested: "y".into(),
            available
        }
    );
}

#[test]
fn too_few_classes() {
    let err = load_err("a,b,y\n1,2,p\n3,4,p\n");
    assert_eq!(
        err,
        Error::TooFewClasses {
            column: "y".into(),
            found: 1
        }
    );
    assert_eq!(
        err.to_string(),
        "the label column \"y\" has 1 distinct value(s); at least two classes are needed"
    );
    // "2" and "02" are the same integer class.
    assert_eq!(
        load_err("a,y\n1,2\n3,02\n"),
        Error::TooFewClasses {
            column: "y".into(),
            found: 1
        }
    );
}

#[test]
fn invalid_utf8_is_a_csv_error_with_its_line() {
    let bytes: &[u8] = b"a,b,y\n1,2,p\n3,\xff,q\n";
    let err = Dataset::from_csv_reader(bytes, &CsvOptions::default()).unwrap_err();
    match &err {
        Error::Csv { line: 3, message } => assert!(message.contains("column 2"), "{message}"),
        other => panic!("expected Csv on line 3, got {other:?}"),
    }
    assert!(err.to_string().starts_with("line 3: "), "{err}");
    // In the header and in a label too.
    let err =
        Dataset::from_csv_reader(&b"a,\xc3(,y\n1,2,p\n"[..], &CsvOptions::default()).unwrap_err();
    assert!(matches!(err, Error::Csv { line: 1, .. }), "{err:?}");
    let err = Dataset::from_csv_reader(
        &b"a,b,y\n1,2,p\n3,4,\xe9t\xe9\n"[..],
        &CsvOptions::default(),
    )
    .unwrap_err();
    assert!(matches!(err, Error::Csv { line: 3, .. }), "{err:?}");
}

#[test]
fn unclosed_quote_is_a_csv_error_with_its_line() {
    let err = load_err("a,b,y\n1,2,p\n3,\"4,q\n5,6,r\n");
    match &err {
        Error::Csv { line: 3, message } => assert!(message.contains("quote"), "{message}"),
        other => panic!("expected Csv on line 3, got {other:?}"),
    }
}

#[test]
fn no_feature_columns() {
    let err = load_err("y\np\nq\n");
    match &err {
        Error::InvalidData(message) => assert!(message.contains("no feature columns"), "{message}"),
        other => panic!("expected InvalidData, got {other:?}"),
    }
}

#[test]
fn reader_errors_are_csv_errors() {
    struct Failing;
    impl std::io::Read for Failing {
        fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
            Err(std::io::Error::other("disk on fire"))
        }
    }
    let err = Dataset::from_csv_reader(Failing, &CsvOptions::default()).unwrap_err();
    assert!(
        matches!(&err, Error::Csv { line: 1, message } if message.contains("disk on fire")),
        "{err:?}"
    );
}

// ---------------------------------------------------------------------------------------
// What is detected and accepted.

#[test]
fn bom_and_crlf() {
    let data = load("\u{feff}a,b,y\r\n1,2,p\r\n3,4,q\r\n\r\n").unwrap();
    assert_eq!(data.feature_names, ["a", "b"]);
    assert_eq!(data.label_name, "y");
    assert_eq!(data.x, ndarray::array![[1.0, 2.0], [3.0, 4.0]]);
    assert_eq!(data.classes().unwrap(), [0, 1]);
    // Line numbers stay right with CRLF and blank lines.
    let err = load_err("\u{feff}a,b,y\r\n1,2,p\r\n\r\n3,x,q\r\n");
    assert_eq!(
        err,
        Error::NonNumeric {
            line: 4,
            column: 2,
            name: "b".into(),
            value: "x".into()
        }
    );
}

#[test]
fn semicolon_and_tab() {
    let semi = load("a;b;y\n1.5;2;p\n3;4;q\n").unwrap();
    let tab = load("a\tb\ty\n1.5\t2\tp\n3\t4\tq\n").unwrap();
    let comma = load("a,b,y\n1.5,2,p\n3,4,q\n").unwrap();
    assert_eq!(semi, comma);
    assert_eq!(tab, comma);
    // Delimiters inside quoted names do not fool the detection.
    let quoted = load("\"a;1\",\"b;2\",y\n1.5,2,p\n3,4,q\n").unwrap();
    assert_eq!(quoted.feature_names, ["a;1", "b;2"]);
    // An explicit delimiter wins.
    let opts = CsvOptions {
        delimiter: Some(b'|'),
        ..CsvOptions::default()
    };
    let piped = Dataset::from_csv_str("a|b|y\n1.5|2|p\n3|4|q\n", &opts).unwrap();
    assert_eq!(piped, comma);
}

#[test]
fn label_by_name_and_by_index() {
    let text = "kind,a,b\np,1,2\nq,3,4\np,5,6\n";
    let by_name =
        Dataset::from_csv_str(text, &with_label(LabelColumn::Name("kind".into()))).unwrap();
    let by_index = Dataset::from_csv_str(text, &with_label(LabelColumn::Index(0))).unwrap();
    assert_eq!(by_name, by_index);
    assert_eq!(by_name.feature_names, ["a", "b"]);
    assert_eq!(by_name.label_name, "kind");
    assert_eq!(by_name.classes().unwrap(), [0, 1, 0]);
    assert_eq!(
        by_name.x,
        ndarray::array![[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]
    );
    // A middle column.
    let mid =
        Dataset::from_csv_str("a,y,b\n1,p,2\n3,q,4\n", &with_label(LabelColumn::Index(1))).unwrap();
    assert_eq!(mid.feature_names, ["a", "b"]);
    assert_eq!(mid.x, ndarray::array![[1.0, 2.0], [3.0, 4.0]]);
    // A named label column settles the header question even when other cells look numeric.
    let opts = with_label(LabelColumn::Name("kind".into()));
    let odd = Dataset::from_csv_str("1,kind\n2,p\n3,q\n", &opts).unwrap();
    assert_eq!(odd.feature_names, ["1"]);
}

#[test]
fn integer_labels_sort_numerically() {
    let data = load("a,y\n1,10\n2,2\n3,-1\n4,2\n5,10\n").unwrap();
    assert_eq!(data.class_names(), ["-1", "2", "10"]);
    assert_eq!(data.classes().unwrap(), [2, 1, 0, 1, 2]);
    assert_eq!(data.class_counts(), [1, 2, 2]);
}

#[test]
fn text_and_mixed_labels_sort_as_strings() {
    let data = load("a,y\n1,versicolor\n2,setosa\n3,Virginica\n").unwrap();
    assert_eq!(data.class_names(), ["Virginica", "setosa", "versicolor"]);
    assert_eq!(data.classes().unwrap(), [2, 1, 0]);
    let mixed = load("a,y\n1,10\n2,2\n3,b\n").unwrap();
    assert_eq!(mixed.class_names(), ["10", "2", "b"]);
    // Decimal labels are strings too.
    let decimal = load("a,y\n1,1.0\n2,0.5\n").unwrap();
    assert_eq!(decimal.class_names(), ["0.5", "1.0"]);
}

#[test]
fn file_without_header() {
    let data = load("1,2,0\n3,4,1\n5,6,0\n").unwrap();
    assert_eq!(data.feature_names, ["x1", "x2"]);
    assert_eq!(data.label_name, "label");
    assert_eq!(data.class_names(), ["0", "1"]);
    assert_eq!(data.x.dim(), (3, 2));
    assert_eq!(data.name, "data");
    // Told explicitly.
    let opts = CsvOptions {
        has_header: Some(false),
        name: "raw".into(),
        ..CsvOptions::default()
    };
    let data = Dataset::from_csv_str("1,2,p\n3,4,q\n", &opts).unwrap();
    assert_eq!(data.n_samples(), 2);
    assert_eq!(data.name, "raw");
}

#[test]
fn numbers_in_many_spellings() {
    let data = load("a,b,y\n 2.5 ,1e-3,p\n-0,+7,q\n.5,5.,p\n").unwrap();
    assert_eq!(
        data.x,
        ndarray::array![[2.5, 0.001], [0.0, 7.0], [0.5, 5.0]]
    );
}

#[test]
fn quoted_cells_and_trailing_blank_lines() {
    let data = load("\"a\",\"b\",\"y\"\n\"1\",2,\"p q\"\n3,\"4\",r\n\n\n   \n").unwrap();
    assert_eq!(data.class_names(), ["p q", "r"]);
    assert_eq!(data.n_samples(), 2);
}

#[test]
fn iris_round_trips_through_csv() {
    let iris = Dataset::iris();
    let opts = CsvOptions {
        name: "iris".into(),
        ..CsvOptions::default()
    };
    assert_eq!(
        Dataset::from_csv_str(&iris.to_csv_string(), &opts).unwrap(),
        iris
    );
}

/// 100 000 × 50 in an optimised build (`cargo test --release`), a tenth of that in a debug
/// build; prints the load time. The data are synthetic, written by `to_csv_string`.
#[test]
fn large_file_loads_and_reports_time() {
    let rows = if cfg!(debug_assertions) {
        10_000
    } else {
        100_000
    };
    let data = Dataset::synthetic(rows, 50, 3, 1).unwrap();
    let text = data.to_csv_string();
    let opts = CsvOptions {
        name: "synthetic".into(),
        ..CsvOptions::default()
    };
    let start = Instant::now();
    let loaded = Dataset::from_csv_str(&text, &opts).unwrap();
    let elapsed = start.elapsed();
    println!(
        "loaded {rows} x 50 ({} MB of CSV) in {elapsed:?}",
        text.len() / 1_000_000
    );
    assert_eq!(loaded.x.dim(), (rows, 50));
    assert_eq!(loaded, data);
}

// ---------------------------------------------------------------------------------------
// Properties.

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = Dataset::from_csv_reader(&bytes[..], &CsvOptions::default());
    }

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        let _ = load(&text);
    }

    /// Text built from the characters that matter to the loader reaches the deep paths.
    #[test]
    fn csv_like_text_never_panics(
        text in "[0-9a-cNAn/?\\-+.e,;\t\" \r\n\u{feff}]{0,300}",
        label in 0usize..5,
    ) {
        let _ = load(&text);
        let _ = Dataset::from_csv_str(&text, &with_label(LabelColumn::Index(label)));
        let _ = Dataset::from_csv_str(&text, &with_label(LabelColumn::Name("a".into())));
    }

    #[test]
    fn errors_point_inside_the_file(text in "[0-9ab,\" \r\n]{0,200}") {
        // `\n`, `\r\n` and a lone `\r` each end a line.
        let lines = text.replace("\r\n", "\n").split(['\n', '\r']).count() as u64;
        match load(&text) {
            Err(Error::RaggedRow { line, .. })
            | Err(Error::NonNumeric { line, .. })
            | Err(Error::MissingValue { line, .. })
            | Err(Error::NonFinite { line, .. })
            | Err(Error::Csv { line, .. }) => prop_assert!((1..=lines).contains(&line), "{line} of {lines}"),
            _ => {}
        }
    }

    #[test]
    fn synthetic_round_trips_through_csv(
        n_samples in 4usize..60,
        n_features in 1usize..6,
        n_classes in 2usize..5,
        seed in any::<u64>(),
    ) {
        let data = Dataset::synthetic(n_samples.max(2 * n_classes), n_features, n_classes, seed).unwrap();
        let opts = CsvOptions { name: data.name.clone(), ..CsvOptions::default() };
        let back = Dataset::from_csv_str(&data.to_csv_string(), &opts);
        prop_assert_eq!(back, Ok(data));
    }
}

#[test]
fn auto_label_takes_the_text_column_when_the_last_is_numeric() {
    let text = "species,length,width\nsetosa,5.1,3.5\nvirginica,6.3,2.9\nsetosa,4.9,3.0\n";
    let opts = CsvOptions {
        label: LabelColumn::Auto,
        ..CsvOptions::default()
    };
    let data = Dataset::from_csv_str(text, &opts).unwrap();
    assert_eq!(data.label_name, "species");
    assert_eq!(data.feature_names, ["length", "width"]);
    assert_eq!(data.class_names(), ["setosa", "virginica"]);
    // A bad number elsewhere is still reported as itself, with its line.
    let bad = "a,b,label\n1,2,x\n3,oops,y\n";
    let err = Dataset::from_csv_str(bad, &opts).unwrap_err();
    assert_eq!(err.data().kind, "non_numeric");
    assert_eq!((err.data().line, err.data().column), (Some(3), Some(2)));
    assert_eq!(err.data().field.as_deref(), Some("b"));
    assert_eq!(err.data().value.as_deref(), Some("oops"));
}

#[test]
fn csv_columns_names_what_the_loader_would_read() {
    assert_eq!(
        Dataset::csv_columns("\u{feff}a;b;label\r\n1;2;x\n"),
        ["a", "b", "label"]
    );
    assert_eq!(
        Dataset::csv_columns("1,2,x\n3,4,y\n"),
        ["column 1", "column 2", "column 3"]
    );
    assert!(Dataset::csv_columns("").is_empty());
}

// ---------------------------------------------------------------------------------------
// Bytes with a progress hook (the page's worker reads a file as bytes).

/// `from_csv_bytes` with a hook that records every call.
fn load_bytes_with_progress(
    bytes: &[u8],
    opts: &CsvOptions,
) -> (Result<Dataset, Error>, Vec<(usize, usize)>) {
    let mut calls = Vec::new();
    let mut hook = |done: usize, total: usize| calls.push((done, total));
    let result = Dataset::from_csv_bytes(bytes, opts, Some(&mut hook));
    (result, calls)
}

#[test]
fn bytes_load_as_the_same_text_does_with_the_same_errors() {
    let texts = [
        "\u{feff}colour;weight;kind\r\n0.5;1e-3;b\r\n 0.25 ;2;a\r\n",
        "a,b,y\n1,2,p\n3,oops,q\n",
        "a,b,y\n1,2,p\n3,4\n",
        "a,b,y\n1,2,p\n3,NA,q\n",
        "a,b,y\n1,2,p\n3,inf,q\n",
        "a,b,y\n1,2,p\n3,\"4,q\n5,6,r\n",
        "species,length,width\nsetosa,5.1,3.5\nvirginica,6.3,2.9\n",
        "",
        "a,b,y\n",
    ];
    for text in texts {
        for label in [
            LabelColumn::Last,
            LabelColumn::Auto,
            LabelColumn::Index(0),
            LabelColumn::Name("b".into()),
        ] {
            let opts = with_label(label);
            let want = Dataset::from_csv_str(text, &opts);
            assert_eq!(
                Dataset::from_csv_bytes(text.as_bytes(), &opts, None),
                want,
                "{text:?}"
            );
            let (got, calls) = load_bytes_with_progress(text.as_bytes(), &opts);
            assert_eq!(got, want, "{text:?}");
            assert_eq!(calls.first(), Some(&(0, text.len())), "{text:?}");
        }
    }
}

#[test]
fn a_cell_that_is_not_utf8_names_its_line_and_column() {
    let err = Dataset::from_csv_bytes(b"a,b,y\n1,2,p\n3,\xff,q\n", &CsvOptions::default(), None)
        .unwrap_err();
    assert!(
        matches!(&err, Error::Csv { line: 3, message } if message.contains("column 2")),
        "{err:?}"
    );
}

#[test]
fn progress_runs_from_zero_to_the_size_in_steps() {
    let data = Dataset::synthetic(20_000, 10, 3, 7).unwrap();
    let text = data.to_csv_string();
    let total = text.len();
    assert!(total > 2_000_000, "{total}");
    let (loaded, calls) = load_bytes_with_progress(text.as_bytes(), &CsvOptions::default());
    assert_eq!(loaded.unwrap().x, data.x);
    assert_eq!(calls.first(), Some(&(0, total)));
    assert_eq!(calls.last(), Some(&(total, total)));
    assert!(calls.iter().all(|&(done, t)| t == total && done <= total));
    assert!(calls.windows(2).all(|w| w[0].0 <= w[1].0), "{calls:?}");
    // About every half percent, and at least 256 KiB apart: a few hundred calls at most.
    assert!(
        calls.len() > 5 && calls.len() <= 203,
        "{} calls",
        calls.len()
    );
}

#[test]
fn an_error_deep_in_a_large_input_still_names_line_and_column() {
    let data = Dataset::synthetic(5_000, 10, 3, 3).unwrap();
    let mut lines: Vec<String> = data.to_csv_string().lines().map(str::to_owned).collect();
    let mut cells: Vec<String> = lines[4_000].split(',').map(str::to_owned).collect();
    cells[6] = "oops".into();
    lines[4_000] = cells.join(",");
    let text = lines.join("\n");
    let (result, calls) = load_bytes_with_progress(text.as_bytes(), &CsvOptions::default());
    let err = result.unwrap_err();
    assert_eq!((err.data().line, err.data().column), (Some(4_001), Some(7)));
    assert_eq!(err.data().value.as_deref(), Some("oops"));
    assert_eq!(err, load_err(&text));
    // Progress went part of the way, not to the end.
    assert!(calls.last().is_some_and(|&(done, total)| done < total));
}

#[test]
fn input_over_the_limit_is_refused_before_reading() {
    // A slice of the limit's size plus one, of zeros: refused by size, unread.
    let bytes = vec![b'0'; tunelab::limits::MAX_INPUT_BYTES + 1];
    let (result, calls) = load_bytes_with_progress(&bytes, &CsvOptions::default());
    assert_eq!(result.unwrap_err().data().kind, "over_limit");
    assert!(calls.is_empty());
}

#[test]
fn csv_columns_of_bytes_match_the_text() {
    let text = "\u{feff}a;b;label\r\n1;2;x\n";
    assert_eq!(
        Dataset::csv_columns_bytes(text.as_bytes()),
        Dataset::csv_columns(text)
    );
    // The start of a file is enough.
    assert_eq!(
        Dataset::csv_columns_bytes(b"a,b,y\n1,2,p\n3,"),
        ["a", "b", "y"]
    );
}

// ---------------------------------------------------------------------------------------
// A source read piece by piece (the page's worker reads a file so, never whole).

/// Bytes handed out at most `piece` at a time, counting the reads; failing from
/// `fail_at` on when set.
struct Pieces {
    bytes: Vec<u8>,
    piece: usize,
    fail_at: Option<usize>,
    reads: std::cell::Cell<usize>,
}

impl Pieces {
    fn new(text: &str, piece: usize) -> Pieces {
        Pieces {
            bytes: text.as_bytes().to_vec(),
            piece,
            fail_at: None,
            reads: std::cell::Cell::new(0),
        }
    }
}

impl CsvSource for Pieces {
    fn len(&self) -> usize {
        self.bytes.len()
    }

    fn read_at(&self, offset: usize, buf: &mut [u8]) -> std::io::Result<usize> {
        self.reads.set(self.reads.get() + 1);
        if self
            .fail_at
            .is_some_and(|f| offset + buf.len().min(self.piece) > f)
        {
            return Err(std::io::Error::other("the file was removed"));
        }
        let rest = self.bytes.get(offset..).unwrap_or_default();
        let n = rest.len().min(buf.len()).min(self.piece);
        buf[..n].copy_from_slice(&rest[..n]);
        Ok(n)
    }
}

#[test]
fn a_source_read_in_pieces_loads_as_the_whole_text_does() {
    let mut text = String::from("\u{feff}sepal;width;kind\r\n");
    for i in 0..3000 {
        text.push_str(&format!(
            "{}.5; {} ;{}\r\n",
            i % 17,
            i % 5,
            ["a", "b", "c"][i % 3]
        ));
        if i % 700 == 0 {
            text.push_str("\r\n   \n");
        }
    }
    let whole = Dataset::from_csv_str(&text, &CsvOptions::default()).unwrap();
    for piece in [1, 7, 4096] {
        let src = Pieces::new(&text, piece);
        let mut calls = Vec::new();
        let mut hook = |done: usize, total: usize| calls.push((done, total));
        let data = Dataset::from_csv_source(&src, &CsvOptions::default(), Some(&mut hook)).unwrap();
        assert_eq!(data, whole, "pieces of {piece} bytes");
        assert_eq!(calls.last(), Some(&(text.len(), text.len())));
        assert_eq!(
            Dataset::csv_columns_source(&src),
            ["sepal", "width", "kind"]
        );
    }

    // A large file is asked for in large reads, not record by record: the start for
    // the delimiter, then the csv reader's buffer.
    let src = Pieces::new(&text, usize::MAX);
    Dataset::from_csv_source(&src, &CsvOptions::default(), None).unwrap();
    assert!(
        src.reads.get() <= 4,
        "{} reads of a {}-byte text",
        src.reads.get(),
        text.len()
    );

    // An error names the same line and column as for the whole text, past blank lines
    // (row 29, "12.5; 4 ;c": the header, row 0, two blank lines, then rows 1 to 29).
    let bad = text.replacen("2.5; 4 ;c", "2.5; x4 ;c", 1);
    let expected = Dataset::from_csv_str(&bad, &CsvOptions::default()).unwrap_err();
    assert!(
        matches!(
            expected,
            Error::NonNumeric {
                line: 33,
                column: 2,
                ..
            }
        ),
        "{expected:?}"
    );
    let got = Dataset::from_csv_source(&Pieces::new(&bad, 7), &CsvOptions::default(), None);
    assert_eq!(got.unwrap_err(), expected);
}

#[test]
fn a_source_that_fails_to_read_is_a_csv_error_not_a_panic() {
    let text = "a,b,label\n".to_string() + &"1,2,x\n3,4,y\n".repeat(2000);
    let mut src = Pieces::new(&text, 64);
    src.fail_at = Some(10_000);
    match Dataset::from_csv_source(&src, &CsvOptions::default(), None) {
        Err(Error::Csv { message, .. }) => {
            assert!(message.contains("the file was removed"), "{message}")
        }
        other => panic!("expected a CSV error, got {other:?}"),
    }
    // Failing at the very start: the sniffing read says so.
    src.fail_at = Some(0);
    match Dataset::from_csv_source(&src, &CsvOptions::default(), None) {
        Err(Error::Csv { line: 1, message }) => {
            assert!(message.contains("reading failed"), "{message}")
        }
        other => panic!("expected a CSV error on line 1, got {other:?}"),
    }
}
