//! Hand-written readers for the few enums that JS sends in more than one shape.
//!
//! serde's `#[serde(untagged)]` and `#[serde(tag = "…")]` readers first copy the whole
//! value into a buffer of their own (`Content`) and then read it again per variant;
//! that machinery was about 27 KB of the wasm module for four types. These types
//! read the value once instead, through `deserialize_any`, and refuse what they do not
//! take with the message serde's derived reader gives. One shape is no longer taken:
//! serde's tagged reader also read the tag and fields as an array (`["curve", xs,
//! ys]`), which nothing sends (the page sends back what `Serialize` wrote: objects).

/// Visitor methods that refuse the listed kinds of value with `$no_match()` (an
/// `E: serde::de::Error` built the way serde's untagged reader words it).
macro_rules! refuse_values {
    ($no_match:ident: $($kind:ident),* $(,)?) => {
        $( refuse_values!(@one $no_match $kind); )*
    };
    (@one $f:ident bool) => {
        fn visit_bool<E: serde::de::Error>(self, _: bool) -> ::core::result::Result<Self::Value, E> {
            Err($f())
        }
    };
    (@one $f:ident i64) => {
        fn visit_i64<E: serde::de::Error>(self, _: i64) -> ::core::result::Result<Self::Value, E> {
            Err($f())
        }
    };
    (@one $f:ident u64) => {
        fn visit_u64<E: serde::de::Error>(self, _: u64) -> ::core::result::Result<Self::Value, E> {
            Err($f())
        }
    };
    (@one $f:ident f64) => {
        fn visit_f64<E: serde::de::Error>(self, _: f64) -> ::core::result::Result<Self::Value, E> {
            Err($f())
        }
    };
    (@one $f:ident str) => {
        fn visit_str<E: serde::de::Error>(self, _: &str) -> ::core::result::Result<Self::Value, E> {
            Err($f())
        }
    };
    (@one $f:ident bytes) => {
        fn visit_bytes<E: serde::de::Error>(self, _: &[u8]) -> ::core::result::Result<Self::Value, E> {
            Err($f())
        }
    };
    (@one $f:ident unit) => {
        fn visit_unit<E: serde::de::Error>(self) -> ::core::result::Result<Self::Value, E> {
            Err($f())
        }
        fn visit_none<E: serde::de::Error>(self) -> ::core::result::Result<Self::Value, E> {
            Err($f())
        }
        fn visit_some<D: serde::Deserializer<'de>>(self, _: D) -> ::core::result::Result<Self::Value, D::Error> {
            Err($f())
        }
    };
    (@one $f:ident seq) => {
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, _: A) -> ::core::result::Result<Self::Value, A::Error> {
            Err($f())
        }
    };
    (@one $f:ident map) => {
        fn visit_map<A: serde::de::MapAccess<'de>>(self, _: A) -> ::core::result::Result<Self::Value, A::Error> {
            Err($f())
        }
    };
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) mod tests {
    //! Each hand-written reader against the derived one it replaces (kept here as a
    //! reference type with the same attributes): the same value or the same message.
    //! `BoundaryKind`'s is beside it, in `charts::boundary`.
    use serde::Deserialize;
    use serde::de::DeserializeOwned;

    use crate::model::ParamValue;
    use crate::model::landscape::Plane;
    use crate::select::ParamGrid;

    /// The outcome of reading `json` as `T`, debug-printed; an error without its
    /// position (the derived readers buffer the value first, so they stop later).
    pub(crate) fn read<T: DeserializeOwned + std::fmt::Debug>(json: &str) -> String {
        match serde_json::from_str::<T>(json) {
            Ok(v) => format!("{v:?}"),
            Err(e) => {
                let text = e.to_string();
                format!("error: {}", text.split(" at line ").next().unwrap_or(&text))
            }
        }
    }

    #[derive(Debug, Deserialize)]
    #[serde(untagged)]
    #[allow(dead_code)]
    enum RefValue {
        Num(f64),
        Bool(bool),
        Str(String),
    }

    #[test]
    fn param_value_reads_as_untagged() {
        for json in [
            "1",
            "-2",
            "0.25",
            "1e300",
            "true",
            "false",
            r#""l2""#,
            r#""""#,
            "null",
            "[1]",
            r#"{"a": 1}"#,
            "18446744073709551615",
        ] {
            assert_eq!(
                read::<ParamValue>(json),
                read::<RefValue>(json).replace("RefValue", "ParamValue"),
                "{json}"
            );
        }
    }

    #[derive(Debug, Deserialize)]
    #[serde(untagged)]
    #[allow(dead_code)]
    enum RefGrid {
        One(crate::select::SubGrid),
        Many(Vec<crate::select::SubGrid>),
    }

    #[test]
    fn grid_reads_as_untagged() {
        for json in [
            r#"{"C": [1, 2], "penalty": ["l1"]}"#,
            r#"[{"C": [1]}, {"C": [2], "penalty": ["l2"]}]"#,
            r#"{"C": [null]}"#,
            r#"[{"C": [[1]]}]"#,
            r#"{"C": 1}"#,
            "[1]",
            "1",
            "true",
            r#""C""#,
            "null",
        ] {
            let reference = read::<RefGrid>(json);
            let ours = read::<ParamGrid>(json);
            if reference.starts_with("error") {
                assert_eq!(ours, reference.replace("RefGrid", "GridRepr"), "{json}");
            } else {
                assert!(!ours.starts_with("error"), "{json}: {ours}");
            }
        }
    }

    #[derive(Debug, Deserialize)]
    #[serde(tag = "kind", rename_all = "snake_case")]
    #[allow(dead_code)]
    enum RefPlane {
        Principal,
        Weights { i: usize, j: usize },
        Exact,
    }

    #[test]
    fn plane_reads_as_internally_tagged() {
        for json in [
            r#"{"kind": "principal"}"#,
            r#"{"kind": "exact", "i": 3}"#,
            r#"{"kind": "weights", "i": 0, "j": 2}"#,
            r#"{"j": 2, "kind": "weights", "i": 1, "other": [1]}"#,
            r#"{"kind": "weights", "i": 0}"#,
            r#"{"kind": "weights", "j": 0}"#,
            r#"{"kind": "sideways"}"#,
            r#"{"i": 0}"#,
            r#"{}"#,
            r#""principal""#,
            "null",
            "3",
        ] {
            assert_eq!(
                read::<Plane>(json),
                read::<RefPlane>(json).replace("RefPlane", "Plane"),
                "{json}"
            );
        }
        // The array form (see the module's doc) is refused.
        assert!(read::<RefPlane>(r#"["exact"]"#).starts_with("Exact"));
        assert!(read::<Plane>(r#"["exact"]"#).starts_with("error: invalid type: sequence"));
    }
}
