//! The wasm binding layer (`tunelab::web`), tested in Node with wasm-bindgen-test:
//! `make test-wasm` (or `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
//! cargo test --target wasm32-unknown-unknown --test web`). Canvas drawing needs a DOM and
//! is covered by the browser tests in tests/e2e/.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Function, Reflect};
use serde::Serialize;
use serde_json::{Value, json};
use tunelab::web::{Session, WebError, heatmap_cell_at};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

/// A JS value as JSON (NaN becomes null here; see `nan_stays_nan` for the raw value).
fn json_of(value: &JsValue) -> Value {
    serde_wasm_bindgen::from_value(value.clone()).unwrap()
}

/// A JSON value as a plain JS value (objects, not Maps).
fn js(value: Value) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap()
}

/// The message of an error thrown by the bindings.
fn message(err: WebError) -> String {
    let value: JsValue = err.into();
    value.dyn_into::<js_sys::Error>().unwrap().message().into()
}

/// `obj[key]`.
fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap()
}

/// scikit-learn's seed grid with these CV and split settings.
fn seed_config(test_size: f64) -> JsValue {
    js(json!({
        "grid": { "C": [0.001, 0.01, 0.1, 1, 10, 100], "penalty": ["l1", "l2"] },
        "cv": { "k": 5, "stratified": true, "shuffle": false, "seed": 42 },
        "base": { "random_state": 42 },
        "scoring": ["accuracy"],
        "test_size": test_size,
        "test_seed": 42
    }))
}

const GOOD_CSV: &str = "x1,x2,kind\n0.1,1.0,a\n0.2,0.9,a\n0.15,1.1,a\n0.3,0.8,a\n0.05,1.2,a\n\
                        1.1,0.1,b\n0.9,0.2,b\n1.2,0.0,b\n1.0,0.3,b\n0.95,0.15,b\n";

#[wasm_bindgen_test]
fn a_new_session_holds_iris() {
    let session = Session::new();
    let summary = json_of(&session.summary().unwrap());
    assert_eq!(summary["name"], "iris");
    assert_eq!(summary["n_samples"], 150);
    assert_eq!(summary["n_features"], 4);
    assert_eq!(
        summary["class_names"],
        json!(["setosa", "versicolor", "virginica"])
    );
    assert_eq!(summary["class_counts"], json!([50, 50, 50]));
    assert_eq!(summary["header"].as_array().unwrap().len(), 5);
    assert!(!summary["preview"].as_array().unwrap().is_empty());
}

#[wasm_bindgen_test]
fn built_in_sets_besides_iris_come_with_their_text() {
    let mut session = Session::new();
    // The module holds only Iris: another set without its text is refused, Iris stays.
    let err = message(session.load_builtin("wine", None).unwrap_err());
    assert!(err.contains("www/data/wine.csv"), "{err}");
    assert_eq!(json_of(&session.summary().unwrap())["name"], "iris");
    let wine = include_str!("../www/data/wine.csv").to_owned();
    let summary = json_of(&session.load_builtin("wine", Some(wine)).unwrap());
    assert_eq!(summary["name"], "wine");
    assert_eq!(summary["n_samples"], 178);
    assert_eq!(summary["class_counts"], json!([59, 71, 48]));
    let diabetes = include_str!("../www/data/diabetes.csv").to_owned();
    let summary = json_of(&session.load_builtin("diabetes", Some(diabetes)).unwrap());
    assert_eq!(summary["n_samples"], 442);
    let summary = json_of(&session.load_builtin("iris", None).unwrap());
    assert_eq!(summary["n_samples"], 150);
}

#[wasm_bindgen_test]
fn a_csv_loads_with_its_name_and_label() {
    let mut session = Session::new();
    let summary = json_of(
        &session
            .load_csv(GOOD_CSV, js(json!({ "name": "two.csv", "label": "last" })))
            .unwrap(),
    );
    assert_eq!(summary["name"], "two.csv");
    assert_eq!(summary["n_samples"], 10);
    assert_eq!(summary["label_name"], "kind");
    assert_eq!(summary["class_names"], json!(["a", "b"]));
    // Options may be left out entirely.
    let summary = json_of(&session.load_csv(GOOD_CSV, JsValue::UNDEFINED).unwrap());
    assert_eq!(summary["n_features"], 2);
    // A label column by index.
    let summary = json_of(
        &session
            .load_csv(
                "a,b,c\n1,0,2\n2,1,3\n3,0,4\n4,1,5\n",
                js(json!({ "label": { "index": 1 } })),
            )
            .unwrap(),
    );
    assert_eq!(summary["label_name"], "b");
}

#[wasm_bindgen_test]
fn a_bad_csv_is_an_error_with_its_line_and_the_old_data_stays() {
    let mut session = Session::new();
    let err = session
        .load_csv("f1,f2,label\n1,2,a\n3,oops,b\n", JsValue::NULL)
        .unwrap_err();
    let text = message(err);
    assert!(text.contains("line 3"), "{text}");
    assert!(text.contains("oops"), "{text}");
    assert_eq!(json_of(&session.summary().unwrap())["name"], "iris");

    let err = session
        .load_csv(GOOD_CSV, js(json!({ "label": { "name": "nope" } })))
        .unwrap_err();
    assert!(message(err).contains("nope"));
    assert_eq!(json_of(&session.summary().unwrap())["name"], "iris");

    // Options of the wrong shape are an error too, not a panic.
    let err = session
        .load_csv(GOOD_CSV, js(json!({ "label": 42 })))
        .unwrap_err();
    assert!(!message(err).is_empty());
}

#[wasm_bindgen_test]
fn the_seed_grid_on_all_of_iris_picks_c10_l1() {
    let mut session = Session::new();
    let calls: Rc<RefCell<Vec<(f64, f64)>>> = Rc::default();
    let seen = calls.clone();
    let progress = Closure::<dyn FnMut(f64, f64)>::new(move |done, total| {
        seen.borrow_mut().push((done, total));
    });
    let report = session
        .run(
            seed_config(0.0),
            Some(progress.as_ref().unchecked_ref::<Function>().clone()),
        )
        .unwrap();
    let report = json_of(&report);
    let result = &report["result"];
    assert_eq!(result["best_params"], json!({ "C": 10, "penalty": "l1" }));
    assert!((result["best_score"].as_f64().unwrap() - 0.973_333_333_333_333_4).abs() < 1e-12);
    assert_eq!(result["test_score"], Value::Null);
    assert_eq!(result["n_test"], 0);
    // cv_results columns are a plain object with scikit-learn's names.
    let cv = result["cv_results"].as_object().unwrap();
    for name in [
        "param_C",
        "param_penalty",
        "mean_test_score",
        "std_test_score",
        "rank_test_score",
        "mean_train_score",
        "mean_fit_time",
        "fit_status",
    ] {
        assert!(cv.contains_key(name), "{name}");
    }
    assert!(report["heatmap"].is_object());
    assert!(report["validation"].is_object());
    assert!(report["confusion"].is_object());
    // Progress: throttled, but the last call always reports the end.
    let calls = calls.borrow();
    assert!(!calls.is_empty());
    assert!(calls.len() <= 61);
    assert_eq!(*calls.last().unwrap(), (61.0, 61.0));
}

#[wasm_bindgen_test]
fn the_seed_grid_with_a_test_split_matches_the_cli() {
    let mut session = Session::new();
    let report = json_of(&session.run(seed_config(0.2), None).unwrap());
    let result = &report["result"];
    assert_eq!(result["best_params"], json!({ "C": 100, "penalty": "l1" }));
    assert!((result["best_score"].as_f64().unwrap() - 0.966_666_666_666_666_6).abs() < 1e-12);
    assert_eq!(result["test_score"], 1.0);
    assert_eq!(result["n_test"], 30);
}

#[wasm_bindgen_test]
fn bad_configs_are_errors_that_name_the_parameter() {
    let mut session = Session::new();
    let err = session
        .run(js(json!({ "grid": { "C": [-1.0] } })), None)
        .unwrap_err();
    assert!(message(err).contains('C'));
    let err = session
        .run(js(json!({ "grid": { "gamma": [1.0] } })), None)
        .unwrap_err();
    assert!(message(err).contains("gamma"));
    let err = session
        .run(
            js(json!({ "grid": { "C": [1.0] }, "cv": { "k": 1 } })),
            None,
        )
        .unwrap_err();
    assert!(message(err).contains("n_splits"));
    let err = session
        .run(JsValue::from_str("not a config"), None)
        .unwrap_err();
    assert!(!message(err).is_empty());
}

#[wasm_bindgen_test]
fn failed_fits_keep_nan_not_null() {
    let mut session = Session::new();
    let config = js(json!({
        "grid": { "learning_rate": [0.1, 1e6] },
        "base": { "solver": "gd", "max_iter": 50, "penalty": "l2" },
    }));
    let report = session.run(config, None).unwrap();
    let cv = get(&get(&report, "result"), "cv_results");
    let means: Array = get(&cv, "mean_test_score").dyn_into().unwrap();
    assert!(means.get(0).as_f64().unwrap().is_finite());
    let diverged = means.get(1);
    assert!(
        diverged.as_f64().is_some_and(f64::is_nan),
        "mean_test_score of a diverged candidate is {diverged:?}"
    );
    let status: Array = get(&cv, "fit_status").dyn_into().unwrap();
    assert_ne!(status.get(1).as_string().unwrap(), "ok");
}

#[wasm_bindgen_test]
fn heatmap_cells_map_back_to_candidates() {
    let mut session = Session::new();
    let report = json_of(&session.run(seed_config(0.0), None).unwrap());
    let best = report["result"]["best_index"].as_u64().unwrap() as u32;
    let heatmap = session.heatmap("C", "penalty", vec![best]).unwrap();
    let data = json_of(&heatmap);
    assert_eq!(data["values"].as_array().unwrap().len(), 2);
    assert_eq!(data["values"][0].as_array().unwrap().len(), 6);
    let [row, col] = [0, 1].map(|i| data["best"][i].as_u64().unwrap() as u32);
    assert_eq!(data["selected"], data["best"]);
    assert_eq!(
        session.heatmap_candidate("C", "penalty", row, col).unwrap(),
        Some(best)
    );
    assert_eq!(
        session.heatmap_candidate("C", "penalty", 7, 7).unwrap(),
        None
    );
    // Unknown parameters: no heatmap, not an error.
    assert!(
        session
            .heatmap("gamma", "penalty", vec![])
            .unwrap()
            .is_null()
    );

    // The page's hit test: a point in the middle of the cells, and none at the corner.
    let cell = heatmap_cell_at(heatmap.clone(), 1.0, 800, 500, 400.0, 250.0).unwrap();
    assert!(Array::is_array(&cell), "{cell:?}");
    assert!(
        heatmap_cell_at(heatmap, 1.0, 800, 500, 1.0, 1.0)
            .unwrap()
            .is_null()
    );
}

#[wasm_bindgen_test]
fn trajectories_need_a_search_then_give_loss_and_paths() {
    let mut session = Session::new();
    let err = session
        .trajectories(vec![0], js(json!({ "kind": "principal" })))
        .unwrap_err();
    assert!(message(err).contains("no search"));

    let config = js(json!({
        "grid": { "solver": ["gd", "adam"], "learning_rate": [0.1, 1.0] },
        "base": { "max_iter": 100 },
    }));
    session.run(config, None).unwrap();
    let out = json_of(
        &session
            .trajectories(vec![0, 1, 3], js(json!({ "kind": "principal" })))
            .unwrap(),
    );
    assert_eq!(out["loss"]["series"].as_array().unwrap().len(), 3);
    assert_eq!(out["trajectory"]["paths"].as_array().unwrap().len(), 3);
    assert!(!out["trajectory"]["caption"].as_str().unwrap().is_empty());

    let out = json_of(
        &session
            .trajectories(vec![2], js(json!({ "kind": "weights", "i": 0, "j": 5 })))
            .unwrap(),
    );
    assert_eq!(out["trajectory"]["paths"].as_array().unwrap().len(), 1);
    // A plane that is not one: an error, not a panic.
    let err = session
        .trajectories(vec![2], js(json!({ "kind": "weights", "i": 3, "j": 3 })))
        .unwrap_err();
    assert!(!message(err).is_empty());
    let err = session.trajectories(vec![99], JsValue::NULL).unwrap_err();
    assert!(message(err).contains("99"));
    // Loading data forgets the search.
    session.load_iris().unwrap();
    assert!(session.trajectories(vec![0], JsValue::NULL).is_err());
}

#[wasm_bindgen_test]
fn errors_carry_kind_line_column_field_and_value() {
    let mut session = Session::new();
    let err: JsValue = session
        .load_csv("a,b,label\n1,2,x\n3,oops,y\n", JsValue::UNDEFINED)
        .unwrap_err()
        .into();
    assert_eq!(get(&err, "kind"), "non_numeric");
    assert_eq!(get(&err, "line"), 3.0);
    assert_eq!(get(&err, "column"), 2.0);
    assert_eq!(get(&err, "field"), "b");
    assert_eq!(get(&err, "value"), "oops");
    let err: JsValue = session
        .plan(js(json!({ "grid": { "C": [-1.0] } })))
        .unwrap_err()
        .into();
    assert_eq!(get(&err, "kind"), "invalid_param");
    assert_eq!(get(&err, "field"), "C");
}

#[wasm_bindgen_test]
fn plan_counts_without_fitting_and_auto_label_finds_the_text_column() {
    let mut session = Session::new();
    let plan = json_of(&session.plan(seed_config(0.2)).unwrap());
    assert_eq!(plan["fits"], 61);
    assert_eq!(plan["n_test"], 30);
    let loaded = json_of(
        &session
            .load_csv(
                "kind,x1,x2\na,0.1,1\na,0.2,0.9\nb,1.1,0.1\nb,0.9,0.2\n",
                js(json!({ "label": "auto", "name": "t.csv" })),
            )
            .unwrap(),
    );
    assert_eq!(loaded["label_name"], "kind");
    assert_eq!(loaded["label_index"], 0);
    assert!(
        loaded["label_note"]
            .as_str()
            .unwrap()
            .contains("only text column")
    );
}

#[wasm_bindgen_test]
fn a_live_refit_scores_one_candidate_without_replacing_the_search() {
    let mut session = Session::new();
    session.run(seed_config(0.2), None).unwrap();
    let one = json_of(
        &session
            .fit_one(
                js(json!({ "C": 0.3, "penalty": "l2" })),
                JsValue::UNDEFINED,
                js(json!({ "features": [2, 3], "resolution": 20 })),
                None,
            )
            .unwrap(),
    );
    assert!(one["trajectory"]["grid"].as_array().unwrap().len() > 10);
    // A preview leaves the landscape out and keeps the loss.
    let preview = json_of(
        &session
            .fit_one(
                js(json!({ "C": 0.3, "penalty": "l2" })),
                JsValue::UNDEFINED,
                JsValue::UNDEFINED,
                Some(false),
            )
            .unwrap(),
    );
    assert!(preview["trajectory"].is_null());
    assert_eq!(preview["loss"], one["loss"]);
    // One fit, no folds: scores on the training and held-out rows only.
    assert!(one["train_score"].as_f64().unwrap() > 0.8);
    assert!(one["test_score"].as_f64().is_some());
    assert!(one.get("mean_test").is_none());
    assert_eq!(one["loss"]["series"].as_array().unwrap().len(), 1);
    assert_eq!(one["boundary"]["x_label"], "petal_length");
    // Its cross-validated scores on request, with the search's folds.
    let cv = json_of(
        &session
            .cv_one(js(json!({ "C": 0.3, "penalty": "l2" })))
            .unwrap(),
    );
    assert!(cv["mean_test"].as_f64().unwrap() > 0.8);
    assert!(cv["std_test"].as_f64().unwrap() >= 0.0);
    assert_eq!(cv["fit_status"], "ok");
    // The last search is still the seed grid: its heatmap has 6 × 2 cells.
    let heat = json_of(&session.heatmap("C", "penalty", vec![]).unwrap());
    assert_eq!(heat["values"].as_array().unwrap().len(), 2);
}

#[wasm_bindgen_test]
fn boundary_frames_learning_curve_and_path_of_a_candidate() {
    let mut session = Session::new();
    session.run(seed_config(0.2), None).unwrap();
    let options = js(json!({ "features": [2, 3], "resolution": 20 }));
    let last = json_of(&session.boundary(3, options.clone(), None).unwrap());
    let iterations = last["iterations"].as_array().unwrap().len();
    assert!(iterations >= 2);
    assert_eq!(last["chart"]["x_label"], "petal_length");
    let first = json_of(&session.boundary(3, options, Some(0)).unwrap());
    assert_ne!(
        first["chart"]["kind"], last["chart"]["kind"],
        "training moved the boundary"
    );
    let curve = json_of(&session.learning_curve(3, JsValue::UNDEFINED, None).unwrap());
    assert_eq!(curve["sizes"].as_array().unwrap().len(), 5);
    let path = json_of(
        &session
            .regularisation_path(3, JsValue::UNDEFINED, None)
            .unwrap(),
    );
    assert!(!path["series"].as_array().unwrap().is_empty());
}

#[wasm_bindgen_test]
fn the_search_exports_as_a_scikit_learn_script() {
    let mut session = Session::new();
    let script = session.sklearn_script(seed_config(0.2)).unwrap();
    assert!(script.contains("load_iris") && script.contains("GridSearchCV("));
    assert!(
        script.contains("test_idx = ["),
        "TuneLab's own split, as indices"
    );
    session
        .load_generated(js(json!({ "kind": "moons", "n_samples": 40 })))
        .unwrap();
    let script = session.sklearn_script(seed_config(0.0)).unwrap();
    assert!(script.contains("DATA = \"\"\""), "generated rows go inline");
    assert_eq!(session.data_csv().lines().count(), 41);
}

#[wasm_bindgen_test]
fn settings_are_checked_from_the_summary_alone() {
    let session = Session::new();
    let summary = session.summary().unwrap();
    let plan = json_of(&tunelab::web::plan_for_summary(summary.clone(), seed_config(0.2)).unwrap());
    assert_eq!(plan["fits"], 61);
    let err: JsValue = tunelab::web::plan_for_summary(
        summary,
        js(json!({ "grid": { "C": [1.0] }, "cv": { "k": 60 } })),
    )
    .unwrap_err()
    .into();
    assert_eq!(get(&err, "kind"), "invalid_split");
}

/// A pool of workers: units run on two sessions (each with its own copy of the
/// data), assembled on one, give what one session's `run` gives, times apart.
#[wasm_bindgen_test]
fn units_run_on_two_sessions_assemble_to_the_same_search() {
    let mut one = Session::new();
    let whole = json_of(&one.run(seed_config(0.2), None).unwrap());

    let (mut a, mut b) = (Session::new(), Session::new());
    let plan = json_of(&a.job_units(seed_config(0.2)).unwrap());
    let n = plan["units"].as_u64().unwrap() as u32;
    assert!(n >= 5, "{plan}");
    assert_eq!(plan["total_fits"], 61);
    // Every other unit on each, as a pool of two would hand them out.
    let mine: Vec<u32> = (0..n).filter(|u| u % 2 == 0).collect();
    let theirs: Vec<u32> = (0..n).filter(|u| u % 2 == 1).collect();
    let mut outcomes = json_of(&b.run_units(seed_config(0.2), theirs, None).unwrap());
    let first = json_of(&a.run_units(seed_config(0.2), mine, None).unwrap());
    outcomes
        .as_array_mut()
        .unwrap()
        .extend(first.as_array().unwrap().iter().cloned());
    let pooled = json_of(&a.assemble(seed_config(0.2), js(outcomes)).unwrap());

    let strip = |report: &Value| {
        let mut cv = report["result"]["cv_results"].as_object().unwrap().clone();
        cv.retain(|k, _| !k.contains("_time"));
        cv
    };
    assert_eq!(strip(&pooled), strip(&whole));
    assert_eq!(
        pooled["result"]["best_params"],
        whole["result"]["best_params"]
    );
    assert_eq!(
        pooled["result"]["test_score"],
        whole["result"]["test_score"]
    );
    // The assembled search is the session's last: its views work.
    let heat = json_of(&a.heatmap("C", "penalty", vec![]).unwrap());
    assert_eq!(heat["values"].as_array().unwrap().len(), 2);
}

#[wasm_bindgen_test]
fn input_size_is_checked_against_the_core_limit() {
    let max = tunelab::limits::MAX_INPUT_BYTES as f64;
    assert!(tunelab::web::check_input_size(0.0).is_ok());
    assert!(tunelab::web::check_input_size(max).is_ok());
    for refused in [max + 1.0, f64::INFINITY, f64::NAN, -1.0] {
        let err: JsValue = tunelab::web::check_input_size(refused).unwrap_err().into();
        assert_eq!(get(&err, "kind"), "over_limit", "{refused}");
        assert_eq!(get(&err, "field"), "input_size");
        assert_eq!(get(&err, "limit"), "200 MB");
    }
    let err = tunelab::web::check_input_size(250e6).unwrap_err();
    assert!(message(err).contains("250 MB"));
}

#[wasm_bindgen_test]
fn a_grid_over_the_candidate_limit_is_refused_by_its_field() {
    let summary = Session::new().summary().unwrap();
    let c: Vec<f64> = (1..=60_000).map(|i| f64::from(i) / 1000.0).collect();
    for grid in [
        json!({ "C": c, "penalty": ["l1", "l2"] }),
        json!([{ "C": c, "penalty": ["l1", "l2"] }]),
    ] {
        let err: JsValue =
            tunelab::web::plan_for_summary(summary.clone(), js(json!({ "grid": grid })))
                .unwrap_err()
                .into();
        assert_eq!(get(&err, "kind"), "over_limit");
        assert_eq!(get(&err, "field"), "grid");
        assert_eq!(get(&err, "limit"), "100000 candidates");
    }
}

#[path = "support/kernel_bits.rs"]
mod kernel_bits;

/// The logistic pass in the wasm (`simd128` kernels and exp) gives the native bits.
#[wasm_bindgen_test]
fn the_logistic_gradient_has_the_native_bits() {
    assert_eq!(
        kernel_bits::gradient_checksum(),
        kernel_bits::GRADIENT_CHECKSUM,
        "{:#018x}",
        kernel_bits::gradient_checksum()
    );
}

/// A binary fit, its probabilities and their log loss in the wasm (`libm`'s `exp` and
/// `ln`, the same dot products) give the native bits.
#[wasm_bindgen_test]
fn a_binary_fit_has_the_native_bits() {
    assert_eq!(
        kernel_bits::binary_checksum(),
        kernel_bits::BINARY_CHECKSUM,
        "{:#018x}",
        kernel_bits::binary_checksum()
    );
}

/// The wasm's transcendental functions (the standard ones, `compiler_builtins`' port of
/// `libm`) give the bits of the `libm` crate the native build calls, on arguments of
/// every magnitude: ordinary, tiny, huge (`sin`'s and `cos`'s long argument reduction),
/// and the edges (zero, infinities, NaN, negative logarithms).
#[wasm_bindgen_test]
fn the_wasm_maths_is_the_native_maths() {
    use tunelab::math;
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut args = vec![
        0.0,
        -0.0,
        1.0,
        -1.0,
        0.5,
        f64::MIN_POSITIVE,
        f64::MAX,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        709.78,
        -745.2,
    ];
    for i in 0..60_000 {
        let bits = next();
        args.push(if i % 3 == 0 {
            // Any finite or non-finite double.
            f64::from_bits(bits)
        } else {
            // Up to ±5·10⁵ with a spread of magnitudes.
            let unit = (bits >> 11) as f64 / (1u64 << 53) as f64 - 0.5;
            unit * 10f64.powi((bits % 10) as i32 - 3)
        });
    }
    let same = |name: &str, x: f64, y: f64, ours: f64, theirs: f64| {
        assert!(
            ours.to_bits() == theirs.to_bits() || (ours.is_nan() && theirs.is_nan()),
            "{name}({x:e}, {y:e}): wasm {ours:e}, libm {theirs:e}"
        );
    };
    for (i, &x) in args.iter().enumerate() {
        let y = args[(i * 7 + 3) % args.len()] % 20.0;
        same("exp", x, 0.0, math::exp(x), libm::exp(x));
        same("ln", x, 0.0, math::ln(x), libm::log(x));
        same("ln_1p", x, 0.0, math::ln_1p(x), libm::log1p(x));
        same("log10", x, 0.0, math::log10(x), libm::log10(x));
        same("powf", x, y, math::powf(x, y), libm::pow(x, y));
        same("tanh", x, 0.0, math::tanh(x), libm::tanh(x));
        same("sin", x, 0.0, math::sin(x), libm::sin(x));
        same("cos", x, 0.0, math::cos(x), libm::cos(x));
    }
}
