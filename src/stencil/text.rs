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
    let mask = text_mask(text, cap_px);
    // The mask starts a little above the capitals (room for ascenders): lift it by that much.
    let above_caps_px = i64::from(baseline_px(cap_px)) - cap_px as i64;
    TextBitmap {
        x0: x.round() as i64,
        y0: y.round() as i64 - above_caps_px,
        width: i64::from(mask.width()),
        ink: mask.into_coverage(),
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
