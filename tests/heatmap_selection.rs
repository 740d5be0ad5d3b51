//! The page draws a heatmap once (its base image) and, on every click, only the
//! selection's dashed outlines over a copy of it. Base plus outlines must be the
//! picture `draw_heatmap` draws with that selection, and the frame the page keeps must
//! map pixels to the cells `cell_at` finds.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use plotters::prelude::*;
use tunelab::Dataset;
use tunelab::charts::{
    self, ChartStyle, HeatmapData, cell_at, draw_heatmap, draw_heatmap_base,
    draw_heatmap_selection, heatmap_frame,
};
use tunelab::select::{SearchConfig, grid_search};
use tunelab::view::ResultsView;

const FONT_DIR: &str = "/usr/share/fonts/truetype/dejavu";
const SIZE: (u32, u32) = (900, 520);

fn fonts() {
    static FONTS: std::sync::Once = std::sync::Once::new();
    FONTS.call_once(|| {
        let regular = charts::register_font_file(format!("{FONT_DIR}/DejaVuSans.ttf"), false);
        let bold = charts::register_font_file(format!("{FONT_DIR}/DejaVuSans-Bold.ttf"), true);
        assert!(regular.is_ok() && bold.is_ok(), "needs fonts-dejavu-core");
    });
}

fn pixels(f: impl FnOnce(&DrawingArea<BitMapBackend<'_>, plotters::coord::Shift>)) -> Vec<u8> {
    let mut buf = vec![0u8; (SIZE.0 * SIZE.1 * 3) as usize];
    {
        let area = BitMapBackend::with_buffer(&mut buf, SIZE).into_drawing_area();
        f(&area);
        area.present().unwrap();
    }
    buf
}

fn iris_heatmap(selected: &[usize]) -> HeatmapData {
    let result = grid_search(&Dataset::iris(), &SearchConfig::default(), &mut |_| true).unwrap();
    ResultsView::new(&result)
        .heatmap("C", "penalty", selected)
        .unwrap()
}

fn cells(d: &HeatmapData) -> Vec<(usize, usize)> {
    d.selected.iter().chain(&d.also_selected).copied().collect()
}

#[test]
fn base_plus_outlines_is_the_whole_picture() {
    fonts();
    for scale in [1.0, 2.0] {
        let style = ChartStyle::new(scale);
        // Candidates 3 (l2, C=0.01), 8 (l1, C=10: the best cell) and 0 (a corner).
        for selection in [vec![3], vec![3, 8], vec![8], vec![0, 11, 3]] {
            let d = iris_heatmap(&selection);
            let whole = pixels(|a| {
                draw_heatmap(a, &d, &style).unwrap();
            });
            let frame = heatmap_frame(&d, &style, SIZE).unwrap();
            let base = pixels(|a| draw_heatmap_base(a, &d, &style).unwrap());
            assert_ne!(base, whole, "the base has no outlines");
            let both = pixels(|a| {
                draw_heatmap_base(a, &d, &style).unwrap();
                draw_heatmap_selection(a, &frame, &cells(&d), &style).unwrap();
            });
            for (k, (a, b)) in whole.chunks(3).zip(both.chunks(3)).enumerate() {
                let (x, y) = ((k as u32 % SIZE.0) as f64, (k as u32 / SIZE.0) as f64);
                assert!(
                    a == b,
                    "pixel ({x}, {y}) differs at scale {scale}, selection {selection:?}, grid {:?}: {a:?} {b:?}",
                    frame.grid
                );
            }
        }
    }
}

#[test]
fn the_frame_finds_the_cells_cell_at_finds() {
    let d = iris_heatmap(&[3]);
    let style = ChartStyle::new(1.5);
    let frame = heatmap_frame(&d, &style, SIZE).unwrap();
    assert_eq!((frame.n_rows, frame.n_cols, frame.best), (2, 6, d.best));
    assert!(frame.selected_key);
    assert!(
        !heatmap_frame(&iris_heatmap(&[]), &style, SIZE)
            .unwrap()
            .selected_key
    );
    for y in (0..SIZE.1).step_by(7) {
        for x in (0..SIZE.0).step_by(5) {
            let (x, y) = (f64::from(x) + 0.5, f64::from(y) + 0.25);
            assert_eq!(frame.cell_at(x, y), cell_at(&d, &style, SIZE, x, y));
        }
    }
    assert_eq!(frame.cell_at(f64::NAN, 3.0), None);
    assert!(
        heatmap_frame(&d, &style, (30, 20)).is_none(),
        "too small for a grid"
    );
}
