//! Captions on images: text in the embedded bitmap font on a translucent dark box, for panel
//! titles of session strips and the legend of density maps.

use image::RgbImage;

use super::label::{draw_text, text_size_px};

/// Share of the light a caption box lets through (55 % black, like the simulation label).
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

/// The text scale (font pixels per image pixel) for captions on an image whose shorter side is
/// `short_side_px`: about 3.5 % of it per line, at least 1.
pub(crate) fn caption_scale(short_side_px: u32) -> u32 {
    (short_side_px / 250).max(1)
}

/// Draws `text` centred horizontally at the top of `image` on a dark box; returns the box.
pub(crate) fn draw_title(image: &mut RgbImage, text: &str, scale: u32) -> PixelRect {
    let (w, h) = text_size_px(text, scale);
    let pad = 3 * scale as i32;
    let rect = PixelRect {
        x: (image.width() as i32 - w as i32) / 2 - pad,
        y: 4 * scale as i32,
        width: w as i32 + 2 * pad,
        height: h as i32 + 2 * pad,
    };
    shade_rect(image, rect);
    draw_text(image, rect.x + pad, rect.y + pad, text, scale, CAPTION_TEXT_SRGB);
    rect
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    #[test]
    fn a_title_sits_centred_at_the_top_and_changes_nothing_else() {
        let before = RgbImage::from_pixel(400, 300, Rgb([200, 180, 160]));
        let mut img = before.clone();
        let rect = draw_title(&mut img, "SESSION 1", 2);
        assert!((rect.x + rect.width / 2 - 200).abs() <= 1, "{rect:?}");
        for (x, y, p) in img.enumerate_pixels() {
            let (x, y) = (x as i32, y as i32);
            let inside =
                x >= rect.x && x < rect.x + rect.width && y >= rect.y && y < rect.y + rect.height;
            assert_eq!(inside, p != before.get_pixel(x as u32, y as u32), "({x},{y})");
        }
    }
}
