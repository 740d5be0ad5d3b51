//! The playground's charts, drawn with [plotters] on any [`DrawingBackend`].
//!
//! Each chart is one function that takes a drawing area, a plain data struct and a
//! [`ChartStyle`]. The data structs are `serde` types: the search worker builds them
//! from results and posts them to the page, where the wasm instance on the main thread
//! deserialises them and draws on a `<canvas>` through `plotters-canvas`. Natively the
//! same functions draw on plotters' SVG or bitmap backends (tests, command-line renders).
//!
//! | chart | data | function |
//! | --- | --- | --- |
//! | mean CV score over two grid parameters | [`HeatmapData`] | [`draw_heatmap`] (+ [`cell_at`] for clicks) |
//! | train / CV score against one parameter | [`ValidationData`] | [`draw_validation`] |
//! | objective against iteration | [`LossData`] | [`draw_loss`] |
//! | optimiser paths over objective contours | [`TrajectoryData`] | [`draw_trajectory`] |
//! | confusion matrix | [`ConfusionData`] | [`draw_confusion`] |
//! | class regions / fitted curve with the data | [`BoundaryData`] | [`draw_boundary`] |
//! | train / CV score against training-set size | [`LearningData`] | [`draw_learning`] |
//! | coefficients against `C` or `alpha` | [`RegPathData`] | [`draw_regpath`] |
//!
//! The data of the last three is built by [`view`](crate::view).
//!
//! No chart panics on any data: empty series, `NaN` (failed fits), infinities, a single
//! point, all-equal values and tiny or zero-size areas all draw something sensible or a
//! plain "no data" message. Plotters' own failures come back as [`Error::Chart`].
//!
//! ## HiDPI
//! [`ChartStyle::scale`] is the device-pixel ratio. Size the canvas buffer at
//! `css size × devicePixelRatio` (keep its CSS size) and pass the ratio as `scale`:
//! fonts, line widths, markers and margins are all multiplied by it.
//!
//! ## Fonts
//! In the browser the canvas draws text with the page's `sans-serif` font. Natively,
//! plotters draws text with `ab_glyph`, which needs a font registered once per process:
//! [`register_font_file`] (for example Debian's `fonts-dejavu-core`,
//! `/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf`). Without one, drawing returns an
//! [`Error::Chart`] rather than panicking.
//!
//! ## Example
//! ```no_run
//! use plotters::prelude::*;
//! use tunelab::charts::{self, ChartStyle, ConfusionData};
//! charts::register_font_file("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", false)?;
//! let data = ConfusionData {
//!     title: "Iris, test split".into(),
//!     class_names: vec!["setosa".into(), "versicolor".into(), "virginica".into()],
//!     matrix: vec![vec![10, 0, 0], vec![0, 9, 1], vec![0, 1, 9]],
//! };
//! let mut svg = String::new();
//! {
//!     let root = SVGBackend::with_string(&mut svg, (640, 480)).into_drawing_area();
//!     charts::draw_confusion(&root, &data, &ChartStyle::default())?;
//!     root.present().map_err(|e| tunelab::Error::Chart(e.to_string()))?;
//! }
//! assert!(svg.contains("virginica"));
//! # Ok::<(), tunelab::Error>(())
//! ```
//!
//! [`DrawingBackend`]: plotters::prelude::DrawingBackend
//! [`Error::Chart`]: crate::Error::Chart

mod boundary;
mod common;
mod confusion;
mod heatmap;
mod learning;
mod loss;
mod matrix;
mod optimism;
pub mod palette;
mod regpath;
mod trajectory;
mod validation;

pub use boundary::{BoundaryData, BoundaryKind, BoundaryPoint, draw_boundary};
pub use learning::{LearningData, draw_learning};
pub use regpath::{CoefSeries, RegPathData, draw_regpath};

pub use confusion::{ConfusionData, draw_confusion};
pub use heatmap::{
    HeatmapData, HeatmapFrame, cell_at, draw_heatmap, draw_heatmap_base, draw_heatmap_selection,
    heatmap_frame,
};
pub use loss::{LossData, LossSeries, draw_loss};
pub use optimism::{OptimismData, draw_optimism};
pub use trajectory::{PathSeries, TrajectoryData, draw_trajectory};
pub use validation::{OneSe, ValidationData, ValidationSeries, draw_validation};

use serde::{Deserialize, Serialize};

/// How a chart is drawn on a particular screen.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ChartStyle {
    /// Device pixels per CSS pixel (`window.devicePixelRatio`): fonts, line widths and
    /// margins are multiplied by it. Values that are not finite or lie outside
    /// `0.25..=8` are treated as `1.0`. Defaults to `1.0`.
    pub scale: f64,
    /// Leave the chart's notes and caption (the sentences saying how to read it) out of
    /// the drawing; the page shows them as text under the canvas instead, at the
    /// page's own font size. Every `draw_*` function returns its notes either way.
    /// Defaults to `false` (drawn in the chart, as in a saved image).
    #[serde(default)]
    pub notes_outside: bool,
}

impl Default for ChartStyle {
    fn default() -> Self {
        Self::new(1.0)
    }
}

/// The sentences a chart says about itself (how to read it, what was left out), in
/// reading order: what a `draw_*` function returns, whether it drew them or not
/// ([`ChartStyle::notes_outside`]).
pub type Notes = Vec<String>;

/// Runs a chart's drawing with an empty list of notes and returns the notes it added.
fn with_notes(draw: impl FnOnce(&mut Notes) -> crate::Result<()>) -> crate::Result<Notes> {
    let mut notes = Notes::new();
    draw(&mut notes)?;
    Ok(notes)
}

impl ChartStyle {
    /// A style for a screen with the given device-pixel ratio, notes drawn in the chart.
    pub fn new(scale: f64) -> Self {
        Self {
            scale,
            notes_outside: false,
        }
    }

    /// The same style with the notes left out of the drawing (`true`) or drawn (`false`).
    pub fn with_notes_outside(self, outside: bool) -> Self {
        Self {
            notes_outside: outside,
            ..self
        }
    }

    /// The scale actually used: `scale` if it is sensible, else `1.0`.
    pub fn effective_scale(&self) -> f64 {
        if self.scale.is_finite() && (0.25..=8.0).contains(&self.scale) {
            self.scale
        } else {
            1.0
        }
    }

    /// `css` CSS pixels in device pixels, as a float.
    pub(crate) fn pxf(&self, css: f64) -> f64 {
        css * self.effective_scale()
    }

    /// `css` CSS pixels in device pixels, rounded, at least 1.
    pub(crate) fn px(&self, css: f64) -> i32 {
        (self.pxf(css).round() as i32).max(1)
    }

    /// `css` CSS pixels in device pixels as an unsigned size, at least 1.
    pub(crate) fn upx(&self, css: f64) -> u32 {
        self.px(css).unsigned_abs()
    }
}

/// Registers a TrueType / OpenType font file as plotters' `sans-serif` font, for native
/// rendering (tests, command-line PNG/SVG output). Call it once per process before
/// drawing; `bold = true` registers the bold face used for titles (it falls back to the
/// regular face when not registered). The browser build has no such function: the
/// canvas uses the page's fonts, and no font data is compiled into the wasm binary.
///
/// The file's bytes are kept for the life of the process.
#[cfg(not(target_arch = "wasm32"))]
pub fn register_font_file(path: impl AsRef<std::path::Path>, bold: bool) -> crate::Result<()> {
    let path = path.as_ref();
    let bytes = std::fs::read(path)
        .map_err(|e| crate::Error::Chart(format!("cannot read font {}: {e}", path.display())))?;
    let bytes: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    let style = if bold {
        plotters::style::FontStyle::Bold
    } else {
        plotters::style::FontStyle::Normal
    };
    plotters::style::register_font(common::FONT, style, bytes)
        .map_err(|_| crate::Error::Chart(format!("{} is not a usable font file", path.display())))
}
