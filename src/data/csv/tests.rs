#![allow(clippy::unwrap_used)]

use super::cells::is_missing;
use super::detect::{detect_delimiter, detect_header};
use super::table::{RESERVE_AFTER_ROWS, encode_labels};
use super::*;

fn sniff(text: &str) -> char {
    char::from(detect_delimiter(text.as_bytes()))
}

#[test]
fn rows_past_the_reservation_read_the_same_whether_it_guessed_short_or_long() {
    // 3,000 rows whose length changes after the first thousand (where the room for
    // the rest is estimated): longer rows (estimate too small) and shorter ones
    // (too large), with a numeric target and with classes.
    for (short, long) in [("1.5", "1.25e-300"), ("123456.789012345", "7")] {
        for target in [TargetKind::Classes, TargetKind::Values] {
            let mut text = String::from("a,b,y\n");
            for i in 0..3_000 {
                let v = if i < RESERVE_AFTER_ROWS { short } else { long };
                text.push_str(&format!("{v},{i},{}\n", i % 3));
            }
            let opts = CsvOptions {
                target,
                ..CsvOptions::default()
            };
            let data = Dataset::from_csv_bytes(text.as_bytes(), &opts, None).unwrap();
            assert_eq!(data.x.dim(), (3_000, 2));
            assert_eq!(data.x[[999, 0]], short.parse::<f64>().unwrap());
            assert_eq!(data.x[[1_000, 0]], long.parse::<f64>().unwrap());
            assert_eq!(data.x[[2_999, 1]], 2_999.0);
            assert_eq!(data.n_samples(), 3_000);
        }
    }
}

#[test]
fn delimiter_detection() {
    assert_eq!(sniff("a,b,c\n1,2,3\n"), ',');
    assert_eq!(sniff("a;b;c\n1,5;2,5;x\n"), ';');
    assert_eq!(sniff("a\tb\tc\n1\t2\t3\n"), '\t');
    // Delimiters inside quotes do not count.
    assert_eq!(sniff("\"a;b\",c\n\"1;2\",3\n"), ',');
    // No consistent candidate: the most frequent on the first line.
    assert_eq!(sniff("a;b;c\n1;2\n"), ';');
    assert_eq!(sniff("abc\n"), ',');
    assert_eq!(sniff(""), ',');
}

#[test]
fn header_detection() {
    let row = |s: &str| csv::ByteRecord::from(s.split(',').collect::<Vec<_>>());
    let names = |s: &str| s.split(',').map(str::to_owned).collect::<Vec<_>>();
    let is_header = |first: &str, second: Option<&str>, label: &LabelColumn| {
        detect_header(&row(first), &names(first), second.map(row).as_ref(), label)
    };
    let last = LabelColumn::Last;
    assert!(is_header("a,b,y", Some("1,2,x"), &last));
    assert!(!is_header("1,2,x", Some("3,4,y"), &last));
    // A text label in the first row alone is not a header.
    assert!(!is_header("1,2,cat", Some("3,4,dog"), &last));
    // Header only.
    assert!(is_header("a,b,y", None, &last));
    // Whole first row text, second row bad: still a header (so errors point at row 2).
    assert!(is_header("a,b,y", Some("p,q,r"), &last));
    // An unnamed first column (as pandas writes the index) is still a header.
    assert!(is_header(",b,y", Some("0,2,x"), &last));
    // Numbers mixed with text or a gap: a faulty data row, not a header.
    assert!(!is_header("1,x,cat", Some("2,3,dog"), &last));
    assert!(!is_header("1,,cat", Some("2,3,dog"), &last));
    // The label asked for by name is in the first row.
    assert!(is_header(
        "1,kind,2",
        Some("1,a,2"),
        &LabelColumn::Name("kind".into())
    ));
}

#[test]
fn label_encoding_follows_label_encoder() {
    let strings = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let (classes, remap) = encode_labels(&strings(&["10", "2", "-1", "02"]));
    assert_eq!(classes, ["-1", "2", "10"]);
    assert_eq!(remap, [2, 1, 0, 1]);
    let (classes, remap) = encode_labels(&strings(&["b", "B", "a", "10", "2"]));
    assert_eq!(classes, ["10", "2", "B", "a", "b"]);
    assert_eq!(remap, [4, 2, 3, 0, 1]);
}

#[test]
fn missing_markers_any_case() {
    for cell in [
        "", "NA", "na", "N/A", "n/a", "NaN", "nan", "NULL", "Null", "?",
    ] {
        assert!(is_missing(cell.as_bytes()), "{cell:?}");
    }
    for cell in ["0", "none", "-", "NAN1"] {
        assert!(!is_missing(cell.as_bytes()), "{cell:?}");
    }
}

#[test]
fn line_numbers_count_blank_lines() {
    let text = "a,b,y\n\n1,2,p\n\n3,x,q\n\n";
    let err = Dataset::from_csv_str(text, &CsvOptions::default()).unwrap_err();
    assert_eq!(
        err,
        Error::NonNumeric {
            line: 5,
            column: 2,
            name: "b".into(),
            value: "x".into()
        }
    );
}

#[test]
fn a_delimiter_at_the_end_of_every_line_is_no_column() {
    let opts = CsvOptions::default();
    let plain = Dataset::from_csv_str("x1,x2,y\n1,2,a\n3,4,b\n5,6,a\n", &opts).unwrap();
    for text in [
        "x1,x2,y,\n1,2,a,\n3,4,b,\n5,6,a,\n",
        "x1;x2;y;\r\n1;2;a;\r\n3;4;b;\r\n5;6;a\r\n",
    ] {
        let data = Dataset::from_csv_str(text, &opts).unwrap();
        assert_eq!(data.x, plain.x, "{text:?}");
        assert_eq!(data.feature_names, ["x1", "x2"]);
        assert_eq!(data.label_name, "y");
        assert_eq!(data.class_names(), ["a", "b"]);
    }
    // A value under that unnamed column later on is not dropped silently.
    let err = Dataset::from_csv_str("x1,x2,y,\n1,2,a,\n3,4,b,7\n", &opts).unwrap_err();
    assert!(
        matches!(&err, Error::Csv { line: 3, message } if message.contains("column 4 holds a value")),
        "{err}"
    );
    // A named last column that is empty on the first row is still a column.
    assert!(Dataset::from_csv_str("x1,x2,y,z\n1,2,a,\n3,4,b,7\n", &opts).is_err());
}
