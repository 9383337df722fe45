//! Captions on images: text on a translucent dark box, for panel titles of session strips, the legend of density maps and the scale bar of close-ups.

use image::RgbImage;

use crate::text::{draw_text, text_size_px};

/// Share of the light a caption box (and the simulation label's) lets through: 55 % black.
const BOX_TRANSMISSION_PERCENT: u16 = 45;
/// Caption text colour, sRGB: a warm white that reads on the dark box.
pub(crate) const CAPTION_TEXT_SRGB: [u8; 3] = [245, 245, 240];

/// A rectangle in image pixels; may reach outside the image (drawing clips it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PixelRect {
    pub x: i32,
    pub y: i32,
    pub width: i32,
    pub height: i32,
}

/// Applies `paint` to every pixel of `rect` inside the image.
pub(crate) fn paint_rect(
    image: &mut RgbImage,
    rect: PixelRect,
    paint: impl Fn([u8; 3]) -> [u8; 3],
) {
    let x0 = rect.x.max(0);
    let y0 = rect.y.max(0);
    let x1 = (rect.x + rect.width).min(image.width() as i32);
    let y1 = (rect.y + rect.height).min(image.height() as i32);
    for py in y0..y1 {
        for px in x0..x1 {
            let p = image.get_pixel_mut(px as u32, py as u32);
            p.0 = paint(p.0);
        }
    }
}

/// Darkens `rect` to a translucent dark box.
pub(crate) fn shade_rect(image: &mut RgbImage, rect: PixelRect) {
    paint_rect(image, rect, |p| p.map(|v| (u16::from(v) * BOX_TRANSMISSION_PERCENT / 100) as u8));
}

/// Cap height of the panel titles on an image whose shorter side is `short_side_px`: 2.8 % of
/// it (56 px on a 2000-px panel), whole pixels for crisp capitals, at least 10 px to stay legible.
pub(crate) fn caption_cap_px(short_side_px: u32) -> f32 {
    (short_side_px as f32 * 0.028).round().max(10.0)
}

/// Cap height of small print (the simulation label, scale bar, map label) on an image whose
/// shorter side is `short_side_px`: 1.75 % of it (35 px on 2000 px, 11 px on a 600-px sheet
/// cell), whole pixels, at least 10 px.
pub(crate) fn small_print_cap_px(short_side_px: u32) -> f32 {
    (short_side_px as f32 * 0.0175).round().max(10.0)
}

/// Smallest cap height small print shrinks to, px: below it letters stop being letters.
const MIN_SHRUNK_CAP_PX: f32 = 7.0;

/// `cap_px`, or a smaller whole-pixel cap height (not below 7 px) at which `text` is at most
/// `max_width_px` wide: a label on a small image shrinks to fit rather than run off the edge.
pub(crate) fn shrink_to_fit(text: &str, cap_px: f32, max_width_px: i32) -> f32 {
    let width_px = text_size_px(text, cap_px).0 as f32;
    if width_px <= max_width_px as f32 {
        return cap_px;
    }
    // Width grows with the size, so one proportional step lands close; rounding to whole
    // pixels may overshoot by a pixel or so, which the step down below takes back.
    let mut shrunk = (cap_px * max_width_px.max(0) as f32 / width_px).floor();
    while shrunk > MIN_SHRUNK_CAP_PX && text_size_px(text, shrunk).0 as i32 > max_width_px {
        shrunk -= 1.0;
    }
    shrunk.max(MIN_SHRUNK_CAP_PX)
}

/// Padding between a caption box's edge and its text for capitals `cap_px` tall, px: the text
/// mask already keeps room for ascenders and descenders, so this is the visible margin.
pub(crate) fn box_pad_px(cap_px: f32) -> i32 {
    (cap_px * 0.4).round() as i32
}

/// Draws `text` (capitals `cap_px` tall) centred horizontally at the top of `image` on a dark
/// box; returns the box.
pub(crate) fn draw_title(image: &mut RgbImage, text: &str, cap_px: f32) -> PixelRect {
    let (w, h) = text_size_px(text, cap_px);
    let pad = box_pad_px(cap_px);
    let rect = PixelRect {
        x: (image.width() as i32 - w as i32) / 2 - pad,
        y: (cap_px * 0.6).round() as i32,
        width: w as i32 + 2 * pad,
        height: h as i32 + 2 * pad,
    };
    shade_rect(image, rect);
    draw_text(image, rect.x + pad, rect.y + pad, text, cap_px, CAPTION_TEXT_SRGB);
    rect
}

/// Bar lengths a scale bar picks from, mm.
const SCALE_BAR_LENGTHS_MM: [f32; 7] = [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0];

/// Draws a scale bar in the bottom-right corner of `image`: a white bar of a round length in mm
/// (about a sixth of the image's width at `px_per_mm`) with its length above it, on a dark box.
/// Returns the bar's length in mm, or `None` (nothing drawn) if no listed length fits.
///
/// `px_per_mm` is the image's scale on the head (e.g. [`Camera::scale_px_per_mm`](crate::head::Camera::scale_px_per_mm)); on a
/// curved head it holds where the surface faces the camera, so the bar is a guide, not a ruler.
pub fn draw_scale_bar(image: &mut RgbImage, px_per_mm: f32) -> Option<f32> {
    let (w, h) = image.dimensions();
    let target_px = w as f32 / 6.0;
    let length_mm = SCALE_BAR_LENGTHS_MM
        .into_iter()
        .rev()
        .find(|mm| mm * px_per_mm <= target_px && mm * px_per_mm >= 8.0)?;
    let bar_px = (length_mm * px_per_mm).round() as i32;
    let cap_px = small_print_cap_px(w.min(h));
    // The bar's thickness and the gaps scale with the text, as in the simulation label.
    let s = (cap_px / 7.0).round().max(1.0) as i32;
    let text = format!("{length_mm} mm");
    let (tw, th) = text_size_px(&text, cap_px);
    let pad = box_pad_px(cap_px);
    let width = bar_px.max(tw as i32) + 2 * pad;
    let height = th as i32 + 2 * s + 2 * s + 2 * pad;
    let rect =
        PixelRect { x: w as i32 - 4 * s - width, y: h as i32 - 4 * s - height, width, height };
    shade_rect(image, rect);
    draw_text(image, rect.x + pad, rect.y + pad, &text, cap_px, CAPTION_TEXT_SRGB);
    let bar = PixelRect {
        x: rect.x + pad,
        y: rect.y + pad + th as i32 + 2 * s,
        width: bar_px,
        height: 2 * s,
    };
    paint_rect(image, bar, |_| CAPTION_TEXT_SRGB);
    Some(length_mm)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    #[test]
    fn a_title_sits_centred_at_the_top_and_changes_nothing_else() {
        let before = RgbImage::from_pixel(400, 300, Rgb([200, 180, 160]));
        let mut img = before.clone();
        let rect = draw_title(&mut img, "SESSION 1", 14.0);
        assert!((rect.x + rect.width / 2 - 200).abs() <= 1, "{rect:?}");
        for (x, y, p) in img.enumerate_pixels() {
            let (x, y) = (x as i32, y as i32);
            let inside =
                x >= rect.x && x < rect.x + rect.width && y >= rect.y && y < rect.y + rect.height;
            assert_eq!(inside, p != before.get_pixel(x as u32, y as u32), "({x},{y})");
        }
    }

    #[test]
    fn text_shrinks_to_the_largest_whole_pixel_size_that_fits_but_not_below_7_px() {
        let text = "SIMULATION  norwood-4  session 2/3  healed";
        let w = |cap: f32| text_size_px(text, cap).0 as i32;
        assert_eq!(shrink_to_fit(text, 20.0, w(20.0)), 20.0);
        let cap = shrink_to_fit(text, 20.0, w(20.0) / 2);
        assert!(cap < 20.0 && w(cap) <= w(20.0) / 2 && w(cap + 1.0) > w(20.0) / 2, "{cap}");
        assert_eq!(cap.fract(), 0.0);
        assert_eq!(shrink_to_fit(text, 20.0, 10), 7.0);
        assert_eq!(shrink_to_fit(text, 20.0, -5), 7.0);
    }

    #[test]
    fn a_scale_bar_is_a_round_length_at_the_given_scale() {
        let mut img = RgbImage::from_pixel(1200, 800, Rgb([90, 90, 90]));
        // 40 px/mm: a sixth of 1200 px is 200 px, so 5 mm (200 px).
        assert_eq!(draw_scale_bar(&mut img, 40.0), Some(5.0));
        let lit = |y: u32| -> Vec<u32> {
            (0..1200).filter(|&x| img.get_pixel(x, y).0 == CAPTION_TEXT_SRGB).collect()
        };
        let bar_row = (0..800).max_by_key(|&y| lit(y).len()).unwrap();
        assert_eq!(lit(bar_row).len(), 200);
        // In the bottom-right corner.
        assert!(lit(bar_row).iter().all(|&x| x > 900) && bar_row > 700);
        // Far too small a scale for any listed length: nothing drawn.
        assert!(draw_scale_bar(&mut img, 0.01).is_none());
    }
}
