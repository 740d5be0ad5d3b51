//! The error that crosses to JS: an `Error` with the core's message and its data as
//! properties.

use super::*;

/// A failure crossing to JS: an `Error` whose message is the core's, with the
/// error's data as properties — `kind` (`non_numeric`, `invalid_param`, …), `line`,
/// `column`, `field` (the column or parameter), `value`, `limit` and `reason` (why a
/// parameter was refused) — so the page can show it in
/// place without reading the message.
pub struct WebError(JsValue);

impl std::fmt::Debug for WebError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let message = self
            .0
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_else(|| format!("{:?}", self.0));
        write!(f, "WebError({message})")
    }
}

impl WebError {
    /// An error with a message only (kind `web`).
    pub(super) fn msg(message: &str) -> WebError {
        let e = js_sys::Error::new(message);
        let _ = js_sys::Reflect::set(&e, &"kind".into(), &"web".into());
        WebError(e.into())
    }
}

impl From<crate::Error> for WebError {
    fn from(err: crate::Error) -> WebError {
        let d = err.data();
        let e = js_sys::Error::new(&d.message);
        let set = |key: &str, value: JsValue| {
            let _ = js_sys::Reflect::set(&e, &key.into(), &value);
        };
        set("kind", d.kind.into());
        if let Some(line) = d.line {
            set("line", (line as f64).into());
        }
        if let Some(column) = d.column {
            set("column", (column as f64).into());
        }
        if let Some(field) = d.field {
            set("field", field.into());
        }
        if let Some(value) = d.value {
            set("value", value.into());
        }
        if let Some(limit) = d.limit {
            set("limit", limit.into());
        }
        if let Some(reason) = d.reason {
            set("reason", reason.into());
        }
        WebError(e.into())
    }
}

impl From<serde_wasm_bindgen::Error> for WebError {
    fn from(err: serde_wasm_bindgen::Error) -> WebError {
        WebError::msg(&format!("could not read the request: {err}"))
    }
}

impl From<WebError> for JsValue {
    fn from(err: WebError) -> JsValue {
        err.0
    }
}
