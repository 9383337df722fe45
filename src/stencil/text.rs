//! Text on stencil pages: each line is rendered once per page to an ink mask by the shared
//! text renderer ([`crate::text`]), then copied into every band it crosses.

use super::raster::{Clip, InkBand};
use crate::text::{baseline_px, text_mask};

/// Smallest cap height of stencil text, px: at 72 dpi the footer's 2.2 mm would be 6 px, where
/// anti-aliased letters turn to grey smudges on paper.
const MIN_CAP_HEIGHT_PX: f64 = 7.0;

/// The cap height stencil text is drawn at for a wanted `height`, px: whole pixels, so the
/// capitals' tops and the baseline fall on pixel edges and print crisp and dark.
pub(crate) fn cap_height_px(height: f64) -> f32 {
    height.max(MIN_CAP_HEIGHT_PX).round() as f32
}

/// A line of text as ink, page px.
pub(crate) struct TextBitmap {
    /// Left edge, page px.
    pub x0: i64,
    /// Top edge, page px.
    pub y0: i64,
    /// Width, px.
    pub width: i64,
    /// Row-major ink, `width × height`, 0 paper to 255 black.
    pub ink: Vec<u8>,
}

impl TextBitmap {
    /// Rows, px.
    fn height(&self) -> i64 {
        if self.width == 0 { 0 } else { self.ink.len() as i64 / self.width }
    }
}

/// `text` with its capitals' top-left corner at (`x`, `y`) page px and `height` px tall in
/// capitals, to the nearest pixel (but never below [`MIN_CAP_HEIGHT_PX`], so tiny DPIs still get
/// legible letters).
pub(crate) fn rasterize(x: f64, y: f64, height: f64, text: &str) -> TextBitmap {
    let cap_px = cap_height_px(height);
    let ink = text_mask(text, cap_px);
    let width = i64::from(ink.width());
    let mut ink = ink.into_coverage();
    darken_for_print(&mut ink);
    // The mask starts a little above the capitals (room for ascenders): lift it by that much.
    let above_caps_px = i64::from(baseline_px(cap_px)) - cap_px as i64;
    TextBitmap { x0: x.round() as i64, y0: y.round() as i64 - above_caps_px, width, ink }
}

/// Darkens partly covered pixels, `1 − (1 − c)²`: a stem that covers half a pixel prints at
/// three quarters black. Paper does not blend greys the way a screen does, and at low DPIs
/// the thin stems of small letters would otherwise print as a pale grey; full and empty pixels
/// keep their values, so the letters' shapes do not change.
fn darken_for_print(coverage: &mut [u8]) {
    for c in coverage {
        let paper = 255 - u32::from(*c);
        *c = (255 - (paper * paper + 127) / 255) as u8;
    }
}

impl InkBand {
    /// Copies `text` into the band inside `clip`, keeping the darker of text and what is there.
    pub fn draw_text(&mut self, text: &TextBitmap, clip: Clip) {
        let x0 = text.x0.max(clip.x0).max(0);
        let x1 = (text.x0 + text.width).min(clip.x1).min(self.width);
        let y0 = text.y0.max(clip.y0).max(self.y0);
        let y1 = (text.y0 + text.height()).min(clip.y1).min(self.y0 + self.rows);
        if x0 >= x1 {
            return;
        }
        for y in y0..y1 {
            let src = ((y - text.y0) * text.width + (x0 - text.x0)) as usize;
            let dst = ((y - self.y0) * self.width + x0) as usize;
            let n = (x1 - x0) as usize;
            for (d, &s) in self.ink[dst..dst + n].iter_mut().zip(&text.ink[src..src + n]) {
                *d = (*d).max(s);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn print_darkening_keeps_paper_and_full_ink_and_darkens_the_rest() {
        let mut ink = [0u8, 1, 64, 128, 254, 255];
        darken_for_print(&mut ink);
        assert_eq!(ink, [0, 2, 112, 192, 255, 255]);
    }

    #[test]
    fn stencil_text_is_dark_at_72_dpi_and_its_capitals_start_at_y() {
        // The footer's 2.2 mm capitals at 72 dpi: 6.2 px, drawn at the 7-px minimum.
        let text = rasterize(10.0, 50.0, 2.2 * 72.0 / 25.4, "HH");
        let rows = text.ink.len() as i64 / text.width;
        let row_ink = |y: i64| -> u32 {
            let row = &text.ink[(y * text.width) as usize..((y + 1) * text.width) as usize];
            row.iter().map(|&c| u32::from(c)).sum()
        };
        let inked: Vec<i64> = (0..rows).filter(|&y| row_ink(y) > 0).collect();
        // The capitals' first row is page row 50, their last the one above the baseline.
        assert_eq!(text.y0 + inked[0], 50);
        assert_eq!(inked.len(), 7);
        // Most of the letters' ink is full black, none of it faint.
        // Every row of the letters has near-black ink, and most inked pixels are over half black:
        // the stems (under a pixel wide here) print dark, not as a grey haze.
        for &y in &inked {
            let row = &text.ink[(y * text.width) as usize..((y + 1) * text.width) as usize];
            assert!(row.iter().any(|&c| c >= 224), "row {y}: {row:?}");
        }
        let ink: Vec<u8> = text.ink.iter().copied().filter(|&c| c > 0).collect();
        let dark = ink.iter().filter(|&&c| c >= 128).count();
        assert!(2 * dark > ink.len(), "{dark} of {} inked pixels over half black", ink.len());
    }
}
