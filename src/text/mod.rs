//! Text as ink: lines of text rendered to a coverage [`Mask`] that callers composite onto
//! whatever they draw (preview overlays, stencil pages, tuning sheets).
//!
//! The type is DejaVu Sans ([`font`]), anti-aliased, embedded in the binary so no system font
//! is looked up. A text *size* is `cap_height_px`: the height of a capital letter in image
//! pixels (not the em, which is about 1.37 times larger). Whole-pixel cap heights give the
//! crispest capitals: baselines always sit on pixel edges.
//!
//! A mask's top row is the top of the highest ink any printable ASCII character can have (a
//! little above the capitals, for `l`, `d`, `(`), and its bottom the lowest descender, so a box
//! drawn around the mask with even padding looks even.

mod font;

use image::RgbImage;

/// Cap heights are clamped to this, px: a mask of a mistaken, enormous size would exhaust
/// memory, and no caller needs letters taller than this.
const MAX_CAP_HEIGHT_PX: f32 = 2048.0;

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

/// `cap_height_px` made usable: at least 1 px (NaN included), at most [`MAX_CAP_HEIGHT_PX`].
fn clamp_cap_height(cap_height_px: f32) -> f32 {
    cap_height_px.clamp(1.0, MAX_CAP_HEIGHT_PX).max(1.0)
}

/// Width and height in pixels of `text` with capitals `cap_height_px` tall (the size of its
/// ink mask).
///
/// Lines are split at `\n`; the width is that of the widest line. Only the glyphs are laid
/// out, nothing is rasterised, so measuring is cheap.
pub fn text_size_px(text: &str, cap_height_px: f32) -> (u32, u32) {
    let face = font::face();
    let metrics = face.metrics(clamp_cap_height(cap_height_px));
    let (mut width, mut count) = (0u32, 0u32);
    for line in text.split('\n') {
        width = width.max(face.layout_line(line, &metrics, 0.0).1);
        count += 1;
    }
    (width, (count - 1) * metrics.advance_px + metrics.line_box_px)
}

/// The ink of `text` with capitals `cap_height_px` tall, its top-left corner at the mask's.
///
/// `\n` starts a new line; characters the font lacks show as `?`. Ink reaching outside the
/// measured box (rare overhangs) is clipped to it.
pub(crate) fn text_mask(text: &str, cap_height_px: f32) -> Mask {
    let face = font::face();
    let metrics = face.metrics(clamp_cap_height(cap_height_px));
    // Each line laid out once, for its width and its glyphs.
    let lines: Vec<_> = (text.split('\n').enumerate())
        .map(|(index, line)| {
            let baseline_px = (index as u32 * metrics.advance_px + metrics.ascent_px) as f32;
            face.layout_line(line, &metrics, baseline_px)
        })
        .collect();
    let width = lines.iter().map(|(_, w)| *w).max().unwrap_or(0);
    let height = (lines.len() as u32 - 1) * metrics.advance_px + metrics.line_box_px;
    let mut mask = Mask::empty(width, height);
    for glyph in lines.iter().flat_map(|(glyphs, _)| glyphs) {
        let bounds = glyph.px_bounds();
        let (left, top) = (bounds.min.x as i64, bounds.min.y as i64);
        glyph.draw(|dx, dy, coverage| {
            let (x, y) = (left + i64::from(dx), top + i64::from(dy));
            if (0..i64::from(width)).contains(&x) && (0..i64::from(height)).contains(&y) {
                let cell = &mut mask.coverage[y as usize * width as usize + x as usize];
                // Neighbouring glyphs share edge pixels: their coverage adds up.
                let ink = (coverage.clamp(0.0, 1.0) * 255.0).round() as u8;
                *cell = cell.saturating_add(ink);
            }
        });
    }
    mask
}

/// From the top of a [`text_mask`] with capitals `cap_height_px` tall to its first baseline,
/// px: where callers find the letters inside the mask, e.g. to centre them on a tick.
pub(crate) fn baseline_px(cap_height_px: f32) -> u32 {
    font::face().metrics(clamp_cap_height(cap_height_px)).ascent_px
}

/// Draws `text` in `colour` (sRGB) with its top-left corner at pixel (`x_px`, `y_px`): its
/// The ink mask with capitals `cap_height_px` tall painted onto `image`, clipped to it.
pub fn draw_text(
    image: &mut RgbImage,
    x_px: i32,
    y_px: i32,
    text: &str,
    cap_height_px: f32,
    colour: [u8; 3],
) {
    text_mask(text, cap_height_px).paint(image, x_px, y_px, colour);
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    /// Rows of `mask` where some pixel is at least half ink.
    fn inked_rows(mask: &Mask) -> Vec<u32> {
        (0..mask.height)
            .filter(|&y| {
                let row = y as usize * mask.width as usize;
                mask.coverage[row..row + mask.width as usize].iter().any(|&c| c >= 128)
            })
            .collect()
    }

    #[test]
    fn text_is_drawn_where_measured_and_nowhere_else() {
        let mut img = RgbImage::from_pixel(120, 80, Rgb([0, 0, 0]));
        draw_text(&mut img, 3, 4, "Hi 1\nok", 14.0, [255, 255, 255]);
        let (w, h) = text_size_px("Hi 1\nok", 14.0);
        // Two lines of proportional type: narrower than 4 monospaced em, taller than 2 caps.
        assert!(w > 20 && w < 4 * 20, "{w}");
        assert!(h > 2 * 14 && h < 4 * 14, "{h}");
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
        // 'H' alone covers two stems and a bar, 14 px tall.
        assert!(lit > 2 * 14, "{lit}");
    }

    #[test]
    fn capitals_are_as_tall_as_asked_and_sit_on_a_whole_pixel_baseline() {
        for cap_px in [7u32, 12, 20, 41, 208] {
            let mask = text_mask("HE", cap_px as f32);
            let rows = inked_rows(&mask);
            assert_eq!(rows.len() as u32, cap_px, "cap height {cap_px}");
            // The last inked row is the one just above the baseline.
            assert_eq!(*rows.last().unwrap() + 1, baseline_px(cap_px as f32), "cap {cap_px}");
            assert!(rows.windows(2).all(|r| r[1] == r[0] + 1), "no gap inside the capitals");
        }
    }

    #[test]
    fn pairs_are_kerned_and_lines_are_as_wide_as_their_widest() {
        let w = |t: &str| text_size_px(t, 40.0).0;
        // The font's kerning pulls V under A's slope: the pair is narrower than its letters.
        assert!(w("AV") + 2 < w("A") + w("V"), "AV {} A {} V {}", w("AV"), w("A"), w("V"));
        assert_eq!(w("AV\nA"), w("AV"));
        assert_eq!(w(""), 0);
        let one_line = text_size_px("A", 40.0).1;
        assert!(text_size_px("A\nA", 40.0).1 > 2 * one_line - 10);
    }

    #[test]
    fn text_is_clipped_at_the_image_edge() {
        // The same text drawn whole into a larger image, 10 px of margin on every side, then
        // the 10 × 10 window at the small image's place cut out of it: the small image must
        // equal that window, so the ink inside is all there and nothing else moved.
        let background = Rgb([10, 20, 30]);
        let (x, y, margin) = (-4, 3, 10);
        let mut whole = RgbImage::from_pixel(10 + 2 * margin, 10 + 2 * margin, background);
        draw_text(&mut whole, x + margin as i32, y + margin as i32, "WW", 21.0, [255, 0, 0]);
        let expected = image::imageops::crop_imm(&whole, margin, margin, 10, 10).to_image();
        let mut clipped = RgbImage::from_pixel(10, 10, background);
        draw_text(&mut clipped, x, y, "WW", 21.0, [255, 0, 0]);
        assert_eq!(clipped, expected);
        // The window is neither blank nor all ink, so the comparison tests the clipping.
        let inked = clipped.pixels().filter(|p| **p != background).count();
        assert!(clipped.pixels().any(|p| p.0 == [255, 0, 0]), "no fully inked pixel");
        assert!(inked > 0 && inked < 100, "{inked} inked pixels");
        // And the parts of the text outside the window were drawn in the larger image.
        let inked_whole = whole.pixels().filter(|p| **p != background).count();
        assert!(inked_whole > inked);
    }

    #[test]
    fn text_far_wider_than_the_image_or_absurdly_sized_does_not_panic() {
        let mut img = RgbImage::from_pixel(50, 20, Rgb([0, 0, 0]));
        let long = "SIMULATION norwood-4 session 1/3 ".repeat(20);
        draw_text(&mut img, -30, -5, &long, 30.0, [255, 255, 255]);
        draw_text(&mut img, 40, 15, &long, 12.0, [255, 255, 255]);
        assert!(img.pixels().any(|p| p.0 != [0, 0, 0]));
        draw_text(&mut img, i32::MAX, i32::MIN, "x", 12.0, [255, 255, 255]);
        // Sizes below a pixel, NaN or beyond the cap are clamped, not obeyed.
        assert_eq!(text_size_px("H", f32::NAN), text_size_px("H", 1.0));
        assert_eq!(text_size_px("H", 0.0), text_size_px("H", 1.0));
        assert_eq!(text_size_px("H", 1e9), text_size_px("H", MAX_CAP_HEIGHT_PX));
    }

    #[test]
    fn a_mask_is_its_text_drawn_black_on_white() {
        let mask = text_mask("Ag\n1", 13.0);
        let (w, h) = text_size_px("Ag\n1", 13.0);
        assert_eq!((mask.width(), mask.height), (w, h));
        let mut img = RgbImage::from_pixel(w, h, Rgb([255, 255, 255]));
        draw_text(&mut img, 0, 0, "Ag\n1", 13.0, [0, 0, 0]);
        let ink: Vec<u8> = img.pixels().map(|p| 255 - p[0]).collect();
        // Anti-aliased: edges are partly covered, stems fully.
        assert!(ink.iter().any(|&c| c > 0 && c < 255) && ink.contains(&255));
        assert_eq!(mask.into_coverage(), ink);
    }

    #[test]
    fn the_same_text_gives_the_same_mask_on_any_thread() {
        let here = text_mask("page 3 of 12 (row 2, column 1)", 26.0);
        let there = std::thread::spawn(|| text_mask("page 3 of 12 (row 2, column 1)", 26.0));
        assert_eq!(here, there.join().unwrap());
    }
}
