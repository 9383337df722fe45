//! Where everything sits: the canvas (the scalp map at 1:1 in stencil pixels), the pages cut from
//! it, and the margins and footer around each page's window.
//!
//! # Frames
//! - **canvas px**: the scalp map at the chosen DPI, `x_px = (x_mm − extent.min.x_mm)·dpi/25.4`,
//!   `y_px = (y_mm − extent.min.y_mm)·dpi/25.4`; pixel `(i, j)` covers `[i, i+1) × [j, j+1)`,
//!   so its centre is `(i + 0.5, j + 0.5)`. The canvas reaches a little past the extent on every
//!   side (by the largest dot radius plus two pixels) so dots on the border are drawn whole.
//! - **page px**: one printed page, origin at its top-left corner. A page shows the canvas
//!   window starting at `window_origin_px` at `content_origin_px`, an integer shift, so a
//!   dot's sub-pixel phase and hence its pixels are the same on every page and on the single
//!   sheet.
//!
//! A page is, from the top: a [`MARGIN_MM`] margin, the window onto the map, the
//! [`FOOTER_MM`] footer (scale bar, labels, legend), and a [`MARGIN_MM`] margin; the window has
//! [`MARGIN_MM`] margins left and right, where the registration crosses sit.

use super::options::{PageSize, StencilError};

/// Margin around the window on every side of a page, mm; inkjet and laser printers cannot print
/// the outer 3–6 mm, and the registration crosses sit in this margin.
pub(crate) const MARGIN_MM: f64 = 10.0;

/// Height of the footer below the window, mm: scale bar, labels and legend.
pub(crate) const FOOTER_MM: f64 = 16.0;

/// The footer's text needs at least this width, mm; a single sheet is never narrower.
const FOOTER_MIN_WIDTH_MM: f64 = 60.0;

/// A single sheet is at least this wide (content plus margins), mm, so its labels fit on one line.
const SHEET_MIN_WIDTH_MM: f64 = 150.0;

/// Every page shows at least this much map beyond its overlap strip, mm.
const MIN_NEW_MAP_MM: f64 = 10.0;

/// Millimetres per inch, the one conversion between mm and stencil pixels.
pub(crate) const MM_PER_INCH: f64 = 25.4;

/// One page's place in the layout; all positions in page px unless named otherwise.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PageInfo {
    /// Page number, from 1 (printed in the footer).
    pub number: usize,
    /// Row of the page in the tiling, from 1 (top).
    pub row: usize,
    /// Column of the page in the tiling, from 1 (left).
    pub column: usize,
    /// Page width, px.
    pub width_px: u32,
    /// Page height, px.
    pub height_px: u32,
    /// Top-left corner of the window onto the map, page px.
    pub content_origin_px: [i64; 2],
    /// Size of the window onto the map, px.
    pub content_size_px: [i64; 2],
    /// The canvas px shown at `content_origin_px`: canvas `(x, y)` is page
    /// `(x − window_origin_px[0] + content_origin_px[0], y − window_origin_px[1] + content_origin_px[1])`.
    pub window_origin_px: [i64; 2],
}

impl PageInfo {
    /// Converts a canvas px position to this page's px.
    pub fn canvas_to_page_px(&self, canvas_px: [f64; 2]) -> [f64; 2] {
        [
            canvas_px[0] - self.window_origin_px[0] as f64 + self.content_origin_px[0] as f64,
            canvas_px[1] - self.window_origin_px[1] as f64 + self.content_origin_px[1] as f64,
        ]
    }
}

/// The whole stencil's geometry at one DPI.
#[derive(Clone, Debug)]
pub(crate) struct PageLayout {
    /// Stencil pixels per mm (`dpi / 25.4`).
    pub px_per_mm: f64,
    /// Canvas rectangle to draw, canvas px: `[x0, y0, x1, y1)`.
    pub canvas_px: [i64; 4],
    /// Page size, px.
    pub page_px: [u32; 2],
    /// Window size, px.
    pub content_px: [i64; 2],
    /// Margin, px.
    pub margin_px: i64,
    /// Pages across and down.
    pub columns: usize,
    /// Pages down.
    pub rows: usize,
    /// Shift of the window from one page to the next, px.
    pub step_px: [i64; 2],
    /// Shared strip between neighbouring pages, px.
    pub overlap_px: i64,
}

fn mm_to_px(mm: f64, px_per_mm: f64) -> i64 {
    (mm * px_per_mm).round() as i64
}

/// Pages needed to cover `canvas` px with windows of `content` px shifted by `step` px.
fn pages_along(canvas: i64, content: i64, step: i64) -> usize {
    if canvas <= content { 1 } else { 1 + ((canvas - content) as usize).div_ceil(step as usize) }
}

impl PageLayout {
    /// Lays out a canvas of `extent_mm` (width, height) padded by `pad_px` on `page` paper.
    pub fn new(
        extent_mm: (f64, f64),
        pad_px: i64,
        dpi: u32,
        page: PageSize,
        overlap_mm: f64,
    ) -> Result<Self, StencilError> {
        let px_per_mm = dpi as f64 / MM_PER_INCH;
        let margin_px = mm_to_px(MARGIN_MM, px_per_mm);
        let footer_px = mm_to_px(FOOTER_MM, px_per_mm);
        let canvas_px = [
            -pad_px,
            -pad_px,
            (extent_mm.0 * px_per_mm).ceil() as i64 + pad_px,
            (extent_mm.1 * px_per_mm).ceil() as i64 + pad_px,
        ];
        let canvas_w = canvas_px[2] - canvas_px[0];
        let canvas_h = canvas_px[3] - canvas_px[1];
        let Some((paper_w_mm, paper_h_mm)) = page.paper_mm() else {
            let width = (canvas_w + 2 * margin_px).max(mm_to_px(SHEET_MIN_WIDTH_MM, px_per_mm));
            let height = canvas_h + 2 * margin_px + footer_px;
            return Ok(Self {
                px_per_mm,
                canvas_px,
                page_px: [width as u32, height as u32],
                content_px: [canvas_w, canvas_h],
                margin_px,
                columns: 1,
                rows: 1,
                step_px: [canvas_w, canvas_h],
                overlap_px: 0,
            });
        };
        let min_width_mm = 2.0 * MARGIN_MM + FOOTER_MIN_WIDTH_MM.max(overlap_mm + MIN_NEW_MAP_MM);
        let min_height_mm = 2.0 * MARGIN_MM + FOOTER_MM + overlap_mm + MIN_NEW_MAP_MM;
        let (w, h) = (paper_w_mm as f64, paper_h_mm as f64);
        let fits = |a: f64, b: f64| a >= min_width_mm && b >= min_height_mm;
        if !(w.is_finite() && h.is_finite() && (fits(w, h) || fits(h, w))) {
            return Err(StencilError::PageTooSmall {
                width_mm: paper_w_mm,
                height_mm: paper_h_mm,
                min_width_mm: min_width_mm as f32,
                min_height_mm: min_height_mm as f32,
            });
        }
        let overlap_px = mm_to_px(overlap_mm, px_per_mm);
        // Portrait unless landscape needs fewer pages; an orientation that cannot hold the
        // footer is skipped.
        let mut best: Option<Self> = None;
        for (pw, ph) in [(w, h), (h, w)] {
            if !fits(pw, ph) {
                continue;
            }
            // Rounded down: an image a hair larger than the paper makes print dialogs shrink it
            // to fit or spill onto a second sheet, and then nothing measures true (the epsilon
            // absorbs f32 paper sizes: 8.5 in at 72 dpi stays 612 px, not 611).
            let fit = |mm: f64| (mm * px_per_mm + 1e-3).floor() as i64;
            let page_px = [fit(pw), fit(ph)];
            let content_px = [page_px[0] - 2 * margin_px, page_px[1] - 2 * margin_px - footer_px];
            let step_px = [content_px[0] - overlap_px, content_px[1] - overlap_px];
            let layout = Self {
                px_per_mm,
                canvas_px,
                page_px: [page_px[0] as u32, page_px[1] as u32],
                content_px,
                margin_px,
                columns: pages_along(canvas_w, content_px[0], step_px[0]),
                rows: pages_along(canvas_h, content_px[1], step_px[1]),
                step_px,
                overlap_px,
            };
            if best.as_ref().is_none_or(|b| layout.page_count() < b.page_count()) {
                best = Some(layout);
            }
        }
        Ok(best.expect("at least one orientation fits, checked above"))
    }

    /// Number of pages.
    pub fn page_count(&self) -> usize {
        self.columns * self.rows
    }

    /// The page at `index` (row-major, from 0); `index` must be below [`Self::page_count`].
    pub fn page(&self, index: usize) -> PageInfo {
        let (row, column) = (index / self.columns, index % self.columns);
        PageInfo {
            number: index + 1,
            row: row + 1,
            column: column + 1,
            width_px: self.page_px[0],
            height_px: self.page_px[1],
            content_origin_px: [self.margin_px, self.margin_px],
            content_size_px: self.content_px,
            window_origin_px: [
                self.canvas_px[0] + column as i64 * self.step_px[0],
                self.canvas_px[1] + row as i64 * self.step_px[1],
            ],
        }
    }

    /// Centres of the alignment crosses, canvas px: two in the middle of every overlap strip
    /// between neighbouring pages, so each appears on both pages. None without an overlap.
    pub fn alignment_crosses_px(&self) -> Vec<[f64; 2]> {
        let mut crosses = Vec::new();
        if self.overlap_px == 0 {
            return crosses;
        }
        let half = self.overlap_px as f64 / 2.0;
        // The part of a row's (column's) window that holds canvas, where the crosses go.
        let span = |start: i64, len: i64, end: i64| (start as f64, (start + len).min(end) as f64);
        for column in 1..self.columns {
            let x = (self.canvas_px[0] + column as i64 * self.step_px[0]) as f64 + half;
            for row in 0..self.rows {
                let start = self.canvas_px[1] + row as i64 * self.step_px[1];
                let (y0, y1) = span(start, self.content_px[1], self.canvas_px[3]);
                crosses.push([x, y0 + 0.25 * (y1 - y0)]);
                crosses.push([x, y0 + 0.75 * (y1 - y0)]);
            }
        }
        for row in 1..self.rows {
            let y = (self.canvas_px[1] + row as i64 * self.step_px[1]) as f64 + half;
            for column in 0..self.columns {
                let start = self.canvas_px[0] + column as i64 * self.step_px[0];
                let (x0, x1) = span(start, self.content_px[0], self.canvas_px[2]);
                crosses.push([x0 + 0.25 * (x1 - x0), y]);
                crosses.push([x0 + 0.75 * (x1 - x0), y]);
            }
        }
        crosses
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_cover_the_canvas_and_neighbours_share_the_overlap() {
        let layout = PageLayout::new((300.0, 380.0), 5, 600, PageSize::A4, 10.0).unwrap();
        assert_eq!((layout.columns, layout.rows), (2, 2), "portrait A4 holds 2 × 2");
        let overlap = layout.overlap_px;
        assert_eq!(overlap, (10.0 * 600.0 / MM_PER_INCH).round() as i64);
        let last = layout.page(layout.page_count() - 1);
        assert!(last.window_origin_px[0] + last.content_size_px[0] >= layout.canvas_px[2]);
        assert!(last.window_origin_px[1] + last.content_size_px[1] >= layout.canvas_px[3]);
        let (a, b) = (layout.page(0), layout.page(1));
        assert_eq!(a.window_origin_px[0] + a.content_size_px[0] - b.window_origin_px[0], overlap);
        assert_eq!(a.window_origin_px, [layout.canvas_px[0], layout.canvas_px[1]]);
    }

    #[test]
    fn paper_pages_are_never_larger_than_the_paper() {
        for dpi in [72, 150, 300, 600, 1200, 2400] {
            let layout = PageLayout::new((300.0, 380.0), 5, dpi, PageSize::Letter, 10.0).unwrap();
            let k = dpi as f64 / MM_PER_INCH;
            let (w_mm, h_mm) = (layout.page_px[0] as f64 / k, layout.page_px[1] as f64 / k);
            assert!(w_mm <= 215.9 && h_mm <= 279.4, "{dpi} dpi: {w_mm} × {h_mm} mm");
            assert!(w_mm > 215.9 - 25.4 / dpi as f64, "{dpi} dpi: {w_mm} mm wide");
        }
    }

    #[test]
    fn landscape_is_chosen_only_when_it_needs_fewer_pages() {
        // 260 mm wide, 150 mm deep: one landscape A4 page (277 × 174 mm window) instead of two.
        let wide = PageLayout::new((260.0, 150.0), 5, 300, PageSize::A4, 10.0).unwrap();
        assert_eq!(wide.page_count(), 1);
        assert!(wide.page_px[0] > wide.page_px[1]);
        let small = PageLayout::new((100.0, 100.0), 5, 300, PageSize::A4, 10.0).unwrap();
        assert!(small.page_px[0] < small.page_px[1], "ties stay portrait");
    }

    #[test]
    fn a_single_sheet_is_the_canvas_plus_margins_and_footer() {
        let layout = PageLayout::new((200.0, 100.0), 4, 600, PageSize::None, 10.0).unwrap();
        let k = 600.0 / MM_PER_INCH;
        assert_eq!(layout.page_count(), 1);
        assert_eq!(layout.content_px[0], (200.0 * k).ceil() as i64 + 8);
        let height = layout.content_px[1] + 2 * layout.margin_px + (FOOTER_MM * k).round() as i64;
        assert_eq!(layout.page_px[1] as i64, height);
        assert!(layout.alignment_crosses_px().is_empty());
    }

    #[test]
    fn every_seam_gets_two_alignment_crosses_per_page_along_it() {
        let layout = PageLayout::new((300.0, 380.0), 5, 300, PageSize::A4, 10.0).unwrap();
        let seams = (layout.columns - 1) * layout.rows + (layout.rows - 1) * layout.columns;
        assert_eq!(layout.alignment_crosses_px().len(), 2 * seams);
    }
}
