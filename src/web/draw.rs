//! The main thread's drawing: chart data from the worker drawn on `<canvas>` elements
//! through `plotters-canvas`. Each `draw_*` returns the chart's notes (an array of
//! strings: how to read it, what was left out); with `notes_outside` they are left
//! out of the drawing, for the page to show as text under the canvas.

use super::*;

/// A chart function of the core: draws its data on an area in a style.
type Draw<T> = fn(
    &DrawingArea<CanvasBackend, plotters::coord::Shift>,
    &T,
    &ChartStyle,
) -> crate::Result<charts::Notes>;

/// Reads chart data `T` from JS and draws it with `draw` on `canvas` at `scale`
/// (`devicePixelRatio`), its notes in the chart or, with `notes_outside`, left out.
/// Returns the notes (an array of strings) either way.
fn draw_json<T: DeserializeOwned>(
    canvas: HtmlCanvasElement,
    data: JsValue,
    scale: f64,
    notes_outside: bool,
    draw: Draw<T>,
) -> Result<JsValue, WebError> {
    let data: T = from_js(data)?;
    let style = ChartStyle::new(scale).with_notes_outside(notes_outside);
    let notes = draw_on(canvas, |area| draw(area, &data, &style))?;
    to_js(&notes)
}

/// Draws with `f` on `canvas` (its buffer size, in device pixels); returns what `f` did.
fn draw_on<R>(
    canvas: HtmlCanvasElement,
    f: impl FnOnce(&DrawingArea<CanvasBackend, plotters::coord::Shift>) -> crate::Result<R>,
) -> Result<R, WebError> {
    let backend = CanvasBackend::with_canvas_object(canvas)
        .ok_or_else(|| WebError::msg("the canvas has no 2d context"))?;
    let root = backend.into_drawing_area();
    let out = f(&root)?;
    root.present()
        .map_err(|e| WebError::msg(&format!("drawing failed: {e}")))?;
    Ok(out)
}

/// One export per chart: `draw_NAME(canvas, data, scale, notes_outside)` draws the
/// chart data `data` with `charts::draw_NAME` on `canvas` at `scale`
/// (`devicePixelRatio`) and returns its notes (see [`draw_json`]).
macro_rules! draw_exports {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[wasm_bindgen]
        pub fn $name(
            canvas: HtmlCanvasElement,
            data: JsValue,
            scale: f64,
            notes_outside: bool,
        ) -> Result<JsValue, WebError> {
            draw_json(canvas, data, scale, notes_outside, charts::$name::<CanvasBackend>)
        }
    )*};
}

draw_exports! {
    /// Draws the decision boundary (`BoundaryData`) on `canvas`.
    draw_boundary;
    /// Draws the learning curve (`LearningData`) on `canvas`.
    draw_learning;
    /// Draws the regularisation path (`RegPathData`) on `canvas`.
    draw_regpath;
    /// Draws the "why cross-validate" chart (`OptimismData`) on `canvas`.
    draw_optimism;
    /// Draws the heatmap (`HeatmapData`) on `canvas`; `scale` is `devicePixelRatio`.
    draw_heatmap;
    /// Draws the validation curve (`ValidationData`) on `canvas`.
    draw_validation;
    /// Draws the loss curves (`LossData`) on `canvas`.
    draw_loss;
    /// Draws the optimiser paths over objective contours (`TrajectoryData`) on `canvas`.
    draw_trajectory;
    /// Draws the confusion matrix (`ConfusionData`) on `canvas`.
    draw_confusion;
}

/// Draws the heatmap (`HeatmapData`) on `canvas` without the selection's dashed
/// outlines, and returns where its cells are (a `HeatmapFrame`, or `null` when the
/// canvas is too small for the grid): keep both, and outline a new selection with
/// [`draw_heatmap_selection`] over a copy of this image instead of drawing it all again.
#[wasm_bindgen]
pub fn draw_heatmap_base(
    canvas: HtmlCanvasElement,
    data: JsValue,
    scale: f64,
) -> Result<JsValue, WebError> {
    let data: charts::HeatmapData = from_js(data)?;
    let style = ChartStyle::new(scale);
    let frame = charts::heatmap_frame(&data, &style, (canvas.width(), canvas.height()));
    draw_on(canvas, |area| {
        charts::draw_heatmap_base(area, &data, &style)
    })?;
    to_js(&frame)
}

/// Draws the dashed outlines of `cells` (`[[row, col], …]`) on `canvas`, which holds the
/// base image [`draw_heatmap_base`] drew with `frame` (and nothing else): a click
/// redraws a few rectangles, whatever the grid's size.
#[wasm_bindgen]
pub fn draw_heatmap_selection(
    canvas: HtmlCanvasElement,
    frame: JsValue,
    cells: JsValue,
    scale: f64,
) -> Result<(), WebError> {
    let frame: charts::HeatmapFrame = from_js(frame)?;
    let cells: Vec<(usize, usize)> = from_js(cells)?;
    draw_on(canvas, |area| {
        charts::draw_heatmap_selection(area, &frame, &cells, &ChartStyle::new(scale))
    })
}

/// The cell `[row, col]` of a heatmap drawn with `frame` under device-pixel position
/// `(x, y)`, or `null` (as [`heatmap_cell_at`], without the chart data).
#[wasm_bindgen]
pub fn heatmap_frame_cell(frame: JsValue, x: f64, y: f64) -> Result<JsValue, WebError> {
    let frame: charts::HeatmapFrame = from_js(frame)?;
    to_js(&frame.cell_at(x, y).map(|(r, c)| [r, c]))
}

/// The heatmap cell `[row, col]` under device-pixel position `(x, y)` of a chart drawn
/// with `data` and `scale` on a `width × height` canvas buffer, or `null`.
#[wasm_bindgen]
pub fn heatmap_cell_at(
    data: JsValue,
    scale: f64,
    width: u32,
    height: u32,
    x: f64,
    y: f64,
) -> Result<JsValue, WebError> {
    let data: charts::HeatmapData = from_js(data)?;
    let cell = charts::cell_at(&data, &ChartStyle::new(scale), (width, height), x, y);
    to_js(&cell.map(|(r, c)| [r, c]))
}
