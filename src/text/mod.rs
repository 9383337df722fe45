//! Text as ink: lines of text rendered to a coverage [`Mask`] that callers composite onto
//! whatever they draw (preview overlays, stencil pages, tuning sheets).
//!
//! Callers see only a size, the measured box and the mask, never the font's cells: the font
//! behind this API is the embedded 5 × 7 bitmap font ([`font`]) scaled by whole pixels, so text
//! is crisp at any size and needs no font files, and a vector font can replace it by
//! implementing [`text_size_px`] and [`text_mask`] with the same meaning.
//!
//! A text *size* is `scale`: image pixels per font unit. With the bitmap font a font unit is one
//! font pixel; a line is 10 units high and a capital 7 (see [`scale_for_cap_height`]).

mod font;

use image::RgbImage;

use font::{ADVANCE, CAP_HEIGHT, GLYPH_HEIGHT, GLYPH_WIDTH, LINE_HEIGHT, glyph};

/// How much ink covers each pixel of a rectangle: row-major, 0 (none) to 255 (full ink).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Mask {
    width: u32,
    height: u32,
    coverage: Vec<u8>,
}

impl Mask {
    /// A `width × height` mask without ink.
    fn empty(width: u32, height: u32) -> Self {
        Self { width, height, coverage: vec![0; width as usize * height as usize] }
    }

    /// Width, px.
    pub fn width(&self) -> u32 {
        self.width
    }

    /// The coverage, row-major, `width × height` values.
    pub fn into_coverage(self) -> Vec<u8> {
        self.coverage
    }

    /// Covers the rectangle `[x0, x0 + w) × [y0, y0 + h)` (clipped to the mask) fully.
    fn fill(&mut self, x0: u32, y0: u32, w: u32, h: u32) {
        let x1 = (x0 + w).min(self.width) as usize;
        for y in y0..(y0 + h).min(self.height) {
            let row = y as usize * self.width as usize;
            self.coverage[row + x0 as usize..row + x1].fill(255);
        }
    }

    /// Mixes `colour` (sRGB) into `image` by the mask's coverage, the mask's top-left corner at
    /// pixel (`x_px`, `y_px`); parts outside the image are clipped.
    pub fn paint(&self, image: &mut RgbImage, x_px: i32, y_px: i32, colour: [u8; 3]) {
        let (iw, ih) = (image.width() as i64, image.height() as i64);
        let (x_px, y_px) = (i64::from(x_px), i64::from(y_px));
        let x0 = x_px.max(0);
        let x1 = (x_px + i64::from(self.width)).min(iw);
        for y in y_px.max(0)..(y_px + i64::from(self.height)).min(ih) {
            let row = (y - y_px) as usize * self.width as usize;
            for x in x0..x1 {
                let c = u16::from(self.coverage[row + (x - x_px) as usize]);
                if c == 0 {
                    continue;
                }
                let p = image.get_pixel_mut(x as u32, y as u32);
                // Full coverage gives exactly `colour`, none leaves the pixel as it was.
                p.0 = std::array::from_fn(|k| {
                    ((u16::from(p.0[k]) * (255 - c) + u16::from(colour[k]) * c + 127) / 255) as u8
                });
            }
        }
    }
}

/// Width and height in pixels of `text` at `scale` (the size of its ink mask).
///
/// Lines are split at `\n`; the width is that of the longest line.
pub fn text_size_px(text: &str, scale: u32) -> (u32, u32) {
    let lines = text.split('\n');
    let (mut width, mut count) = (0u32, 0u32);
    for line in lines {
        let chars = line.chars().count() as u32;
        width = width.max(if chars == 0 { 0 } else { chars * ADVANCE - (ADVANCE - GLYPH_WIDTH) });
        count += 1;
    }
    (width * scale, ((count - 1) * LINE_HEIGHT + GLYPH_HEIGHT) * scale)
}

/// The ink of `text` at `scale`, its top-left corner at the mask's.
///
/// Printable ASCII is drawn as is; any other character shows as `?`. `\n` starts a new line.
pub(crate) fn text_mask(text: &str, scale: u32) -> Mask {
    let scale = scale.max(1);
    let (width, height) = text_size_px(text, scale);
    let mut mask = Mask::empty(width, height);
    for (line_index, line) in text.split('\n').enumerate() {
        let top = line_index as u32 * LINE_HEIGHT * scale;
        for (char_index, c) in line.chars().enumerate() {
            let left = char_index as u32 * ADVANCE * scale;
            let (rows, drop) = glyph(c);
            for (row, bits) in rows.iter().enumerate() {
                let y = top + (row as u32 + drop) * scale;
                for col in 0..GLYPH_WIDTH {
                    if bits & (1 << (GLYPH_WIDTH - 1 - col)) != 0 {
                        mask.fill(left + col * scale, y, scale, scale);
                    }
                }
            }
        }
    }
    mask
}

/// Draws `text` in `colour` (sRGB) with its top-left corner at pixel (`x_px`, `y_px`): its
/// ink mask at `scale` painted onto `image`, clipped to it.
pub fn draw_text(
    image: &mut RgbImage,
    x_px: i32,
    y_px: i32,
    text: &str,
    scale: u32,
    colour: [u8; 3],
) {
    text_mask(text, scale).paint(image, x_px, y_px, colour);
}

/// The largest size whose capitals are at most `cap_height_px` tall, but never below 1 (tiny
/// sizes still get legible letters).
pub(crate) fn scale_for_cap_height(cap_height_px: f64) -> u32 {
    // Whole image pixels per font pixel keep the letters crisp; rounding down keeps text within
    // the room it was measured for.
    ((cap_height_px / f64::from(CAP_HEIGHT)).floor() as u32).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    #[test]
    fn text_is_drawn_where_measured_and_nowhere_else() {
        let mut img = RgbImage::from_pixel(80, 40, Rgb([0, 0, 0]));
        draw_text(&mut img, 3, 4, "Hi 1\nok", 2, [255, 255, 255]);
        let (w, h) = text_size_px("Hi 1\nok", 2);
        assert_eq!((w, h), ((4 * 6 - 1) * 2, (10 + 9) * 2));
        let mut lit = 0;
        for (x, y, p) in img.enumerate_pixels() {
            if p.0 != [0, 0, 0] {
                lit += 1;
                assert!(
                    x >= 3 && x < 3 + w && y >= 4 && y < 4 + h,
                    "({x},{y}) outside the text box"
                );
            }
        }
        // 'H' alone lights 17 font pixels, each 2 × 2 image pixels.
        assert!(lit > 17 * 4);
    }

    #[test]
    fn text_is_clipped_at_the_image_edge() {
        // The same text drawn whole into a larger image, 10 px of margin on every side, then
        // the 10 × 10 window at the small image's place cut out of it: the small image must
        // equal that window, so the ink inside is all there and nothing else moved.
        let background = Rgb([10, 20, 30]);
        let (x, y, margin) = (-4, 7, 10);
        let mut whole = RgbImage::from_pixel(10 + 2 * margin, 10 + 2 * margin, background);
        draw_text(&mut whole, x + margin as i32, y + margin as i32, "WW", 3, [255, 0, 0]);
        let expected = image::imageops::crop_imm(&whole, margin, margin, 10, 10).to_image();
        let mut clipped = RgbImage::from_pixel(10, 10, background);
        draw_text(&mut clipped, x, y, "WW", 3, [255, 0, 0]);
        assert_eq!(clipped, expected);
        // The window is neither blank nor all ink, so the comparison tests the clipping.
        let inked = clipped.pixels().filter(|p| p.0 == [255, 0, 0]).count();
        assert!(inked > 0 && inked < 100, "{inked} inked pixels");
        // And the parts of the text outside the window were drawn in the larger image.
        let inked_whole = whole.pixels().filter(|p| p.0 == [255, 0, 0]).count();
        assert!(inked_whole > inked);
    }

    #[test]
    fn a_mask_is_its_text_drawn_black_on_white() {
        let mask = text_mask("Ag\n1", 2);
        let (w, h) = text_size_px("Ag\n1", 2);
        assert_eq!(mask.width(), w);
        let mut img = RgbImage::from_pixel(w, h, Rgb([255, 255, 255]));
        draw_text(&mut img, 0, 0, "Ag\n1", 2, [0, 0, 0]);
        let ink: Vec<u8> = img.pixels().map(|p| 255 - p[0]).collect();
        assert_eq!(mask.into_coverage(), ink);
    }

    #[test]
    fn cap_height_picks_the_largest_size_that_fits() {
        assert_eq!(scale_for_cap_height(20.9), 2);
        assert_eq!(scale_for_cap_height(21.0), 3);
        assert_eq!(scale_for_cap_height(3.0), 1);
    }
}
