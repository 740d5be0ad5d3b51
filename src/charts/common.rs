//! Pieces shared by the charts: fonts and sizes, text fitting, ticks, axes, clipping,
//! legends and markers. Everything here works in device pixels already multiplied by
//! the [`ChartStyle`] scale, and never panics on odd numbers.
//!
//! [`ChartStyle`]: super::ChartStyle

mod axes;
mod layout;
mod legend;
mod text;
mod ticks;

pub(crate) use self::axes::{Axis, Frame, TopAxis, axes, axes_with_top, clip_segment, dashes};
pub(crate) use self::layout::{Sizes, caption, message, titled, too_small};
pub(crate) use self::legend::{
    Entry, Key, Marker, arrow, draw_legend, keep_notes, marker, split_legend, split_legend_at,
};
pub(crate) use self::text::{bold, fit, font, text_at, text_width};
pub(crate) use self::ticks::{finite_range, fmt_num, fmt_step, log_floor_to_tick, nice_ticks, pad};

use plotters::prelude::RGBColor;

use crate::Error;

/// The font family every chart uses (browser: the page's sans-serif; native: the font
/// registered with `register_font_file`).
pub(crate) const FONT: &str = "sans-serif";

/// Text colour for labels and titles.
pub(crate) const INK: RGBColor = RGBColor(33, 33, 33);
/// Grey for secondary text (notes, captions).
pub(crate) const MUTED: RGBColor = RGBColor(85, 85, 85);
/// Grid lines.
pub(crate) const GRID: RGBColor = RGBColor(225, 225, 225);

/// Maps any plotters error into [`Error::Chart`].
pub(crate) fn ce<E: std::fmt::Display>(e: E) -> Error {
    Error::Chart(e.to_string())
}

/// Deserialisers that read `null` as `NaN`, so data with failed fits survives JSON
/// (`serde_json` writes `NaN` and ±∞ as `null`; `serde-wasm-bindgen` keeps `NaN`).
pub(crate) mod nan_null;
