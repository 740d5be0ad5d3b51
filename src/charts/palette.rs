//! Colour-blind-safe colours for the charts.
//!
//! * Lines and markers use the Okabe–Ito palette (Okabe & Ito, 2008), told apart by
//!   people with any common colour-vision deficiency; its yellow is left out because it
//!   vanishes on white when projected.
//! * Continuous values use viridis (perceptually uniform, readable in grey-scale), and
//!   counts use a single-hue blue ramp.
//!
//! ```
//! use tunelab::charts::palette;
//! let dark = palette::viridis(0.0);
//! assert_eq!(palette::contrast_text(dark), plotters::style::WHITE);
//! ```

use plotters::style::{BLACK, RGBColor, WHITE};

/// Okabe–Ito colours in the order series use them (blue, vermillion, bluish green,
/// reddish purple, orange, sky blue, black).
pub const SERIES: [RGBColor; 7] = [
    RGBColor(0, 114, 178),
    RGBColor(213, 94, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(230, 159, 0),
    RGBColor(86, 180, 233),
    RGBColor(0, 0, 0),
];

/// The colour of the `i`-th series (cycling through [`SERIES`]).
pub fn series_color(i: usize) -> RGBColor {
    SERIES[i % SERIES.len()]
}

/// Viridis anchors at t = 0, 0.1, …, 1 (matplotlib's table, sampled).
const VIRIDIS: [(u8, u8, u8); 11] = [
    (68, 1, 84),
    (72, 36, 117),
    (65, 68, 135),
    (53, 95, 141),
    (42, 120, 142),
    (33, 145, 140),
    (34, 168, 132),
    (68, 191, 112),
    (122, 209, 81),
    (189, 223, 38),
    (253, 231, 37),
];

/// Single-hue blues (ColorBrewer "Blues"), light to dark.
const BLUES: [(u8, u8, u8); 9] = [
    (247, 251, 255),
    (222, 235, 247),
    (198, 219, 239),
    (158, 202, 225),
    (107, 174, 214),
    (66, 146, 198),
    (33, 113, 181),
    (8, 81, 156),
    (8, 48, 107),
];

fn ramp(table: &[(u8, u8, u8)], t: f64) -> RGBColor {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let last = table.len().saturating_sub(1);
    let pos = t * last as f64;
    let i = (pos.floor() as usize).min(last.saturating_sub(1));
    let f = pos - i as f64;
    let (a, b) = (table[i], table[(i + 1).min(last)]);
    let mix = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * f).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Viridis at `t` in `0..=1` (dark purple → yellow); out-of-range `t` is clamped and
/// `NaN` gives the dark end.
pub fn viridis(t: f64) -> RGBColor {
    ramp(&VIRIDIS, t)
}

/// Light-to-dark blue at `t` in `0..=1`.
pub fn blues(t: f64) -> RGBColor {
    ramp(&BLUES, t)
}

/// `c` mixed with white: `amount = 0` is `c`, `1` is white.
pub fn lighten(c: RGBColor, amount: f64) -> RGBColor {
    let a = amount.clamp(0.0, 1.0);
    let mix = |x: u8| (f64::from(x) + (255.0 - f64::from(x)) * a).round() as u8;
    RGBColor(mix(c.0), mix(c.1), mix(c.2))
}

fn luminance(c: RGBColor) -> f64 {
    let lin = |v: u8| {
        let s = f64::from(v) / 255.0;
        if s <= 0.04045 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
}

/// Black or white, whichever contrasts more with the background `bg` (WCAG contrast).
pub fn contrast_text(bg: RGBColor) -> RGBColor {
    let l = luminance(bg);
    let with_black = (l + 0.05) / 0.05;
    let with_white = 1.05 / (l + 0.05);
    if with_black >= with_white {
        BLACK
    } else {
        WHITE
    }
}
