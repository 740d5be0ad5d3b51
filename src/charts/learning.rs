//! Learning curve: training and cross-validated score against the number of training
//! rows, drawn as the [validation curve](super::draw_validation) is (CV solid with
//! filled dots, train dashed with rings, ±1 standard deviation bands), with a line
//! under the plot saying how to read it and any notes (sizes that could not be
//! fitted).

use plotters::coord::Shift;
use plotters::prelude::*;
use serde::{Deserialize, Serialize};

use super::common::{caption, ce, too_small};
use super::validation::{ValidationData, ValidationSeries, draw_validation_into};
use super::{ChartStyle, Notes};
use crate::Result;

/// A learning curve.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LearningData {
    /// Chart title.
    pub title: String,
    /// One line under the plot on how to read it.
    #[serde(default)]
    pub caption: String,
    /// Horizontal axis title, e.g. `"training rows"`.
    pub x_label: String,
    /// Vertical axis title, e.g. `"accuracy"` (or `"MSE"` when `log_y`).
    pub y_label: String,
    /// Whether the score axis is logarithmic: the means then hold positive errors
    /// (MSE, …), as [`ValidationData::log_y`].
    #[serde(default)]
    pub log_y: bool,
    /// Training-set sizes (rows), increasing.
    #[serde(deserialize_with = "super::common::nan_null::vec")]
    pub sizes: Vec<f64>,
    /// Mean score on the training subset at each size.
    #[serde(deserialize_with = "super::common::nan_null::vec")]
    pub train_mean: Vec<f64>,
    /// Standard deviation of the training score over the folds.
    #[serde(deserialize_with = "super::common::nan_null::vec")]
    pub train_std: Vec<f64>,
    /// Mean score on the held-out fold at each size.
    #[serde(deserialize_with = "super::common::nan_null::vec")]
    pub test_mean: Vec<f64>,
    /// Standard deviation of the CV score over the folds.
    #[serde(deserialize_with = "super::common::nan_null::vec")]
    pub test_std: Vec<f64>,
    /// What went wrong where (a size whose rows hold one class only, …).
    #[serde(default)]
    pub notes: Vec<String>,
}

/// Draws the learning curve on `area` (which it clears first).
///
/// Returns the chart's notes, drawn in it or not as [`ChartStyle::notes_outside`] says.
pub fn draw_learning<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &LearningData,
    style: &ChartStyle,
) -> Result<Notes> {
    super::with_notes(|notes| draw_learning_into(area, data, style, notes))
}

/// [`draw_learning`], adding its notes to `notes`.
pub(crate) fn draw_learning_into<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &LearningData,
    style: &ChartStyle,
    notes: &mut Notes,
) -> Result<()> {
    if too_small(area, style)? {
        return Ok(());
    }
    area.fill(&WHITE).map_err(ce)?;
    let mut text = data.caption.clone();
    for note in &data.notes {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(note);
    }
    // One caption in the drawing; each sentence its own note outside it.
    let main = if style.notes_outside {
        area.clone()
    } else {
        caption(area, style, &text, 5, &mut Notes::new())?
    };
    notes.extend(
        std::iter::once(&data.caption)
            .chain(&data.notes)
            .filter(|t| !t.is_empty())
            .cloned(),
    );
    let validation = ValidationData {
        title: data.title.clone(),
        param_name: data.x_label.clone(),
        log_x: false,
        log_y: data.log_y,
        y_label: data.y_label.clone(),
        series: vec![ValidationSeries {
            label: String::new(),
            x: data.sizes.clone(),
            train_mean: data.train_mean.clone(),
            train_std: data.train_std.clone(),
            test_mean: data.test_mean.clone(),
            test_std: data.test_std.clone(),
        }],
        chance: None,
        chance_label: String::new(),
        one_se: None,
        inverse_axis: false,
    };
    draw_validation_into(&main, &validation, style, false, notes)
}
