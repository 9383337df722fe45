//! The colour scale of density maps: a perceptually ordered colour map (viridis) and its legend,
//! a colour bar with ticks in dots/cm².

use image::RgbImage;

use super::caption::{
    CAPTION_TEXT_SRGB, PixelRect, box_pad_px, caption_cap_px, paint_rect, shade_rect,
};
use crate::text::{baseline_px, draw_text, text_size_px};

/// Viridis (matplotlib's default colour map) at nine evenly spaced stops, sRGB: dark purple to
/// yellow, lightness rising steadily, readable by most colour-blind viewers and in greyscale.
const VIRIDIS_SRGB: [[u8; 3]; 9] = [
    [68, 1, 84],
    [71, 44, 122],
    [59, 81, 139],
    [44, 113, 142],
    [33, 145, 140],
    [39, 173, 129],
    [92, 200, 99],
    [170, 220, 50],
    [253, 231, 37],
];

/// The colour of `t` in `[0, 1]` (clamped; NaN counts as 0) on the viridis scale, sRGB.
pub fn viridis(t: f32) -> [u8; 3] {
    let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
    let f = t * (VIRIDIS_SRGB.len() - 1) as f32;
    let i = (f as usize).min(VIRIDIS_SRGB.len() - 2);
    let w = f - i as f32;
    let (a, b) = (VIRIDIS_SRGB[i], VIRIDIS_SRGB[i + 1]);
    [0, 1, 2].map(|c| (f32::from(a[c]) * (1.0 - w) + f32::from(b[c]) * w).round() as u8)
}

/// Colour of the tick notches in the colour bar, sRGB: dark, to show on yellow and purple.
const TICK_SRGB: [u8; 3] = [20, 20, 24];

/// A colour scale from 0 to `max_per_cm2` with ticks every `step_per_cm2`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DensityScale {
    /// Density at the top of the scale, dots/cm² (a multiple of the step).
    pub max_per_cm2: f32,
    /// Spacing of the legend's ticks, dots/cm².
    pub step_per_cm2: f32,
}

impl DensityScale {
    /// A scale reaching at least `max_per_cm2` with 3–6 round ticks (steps of 1, 2, 2.5 or 5
    /// times a power of ten).
    pub fn covering(max_per_cm2: f32) -> Self {
        let max = if max_per_cm2.is_finite() && max_per_cm2 > 0.0 { max_per_cm2 } else { 1.0 };
        let raw = max / 5.0;
        let power = 10f32.powf(raw.log10().floor());
        let step = [1.0, 2.0, 2.5, 5.0, 10.0]
            .into_iter()
            .map(|m| m * power)
            .find(|s| *s >= raw)
            .unwrap_or(10.0 * power);
        Self { max_per_cm2: (max / step).ceil() * step, step_per_cm2: step }
    }

    /// Where `density_per_cm2` sits on the scale, 0 to 1.
    pub fn position(&self, density_per_cm2: f32) -> f32 {
        (density_per_cm2 / self.max_per_cm2).clamp(0.0, 1.0)
    }
}

/// Formats a tick value without needless decimals (`40`, `2.5`).
fn tick_text(value: f32) -> String {
    if (value - value.round()).abs() < 1e-3 {
        format!("{}", value.round() as i64)
    } else {
        format!("{value:.1}")
    }
}

/// Draws the legend of `scale` in the top-right corner of `image`: a title, a vertical colour
/// bar (high at the top) and tick labels in dots/cm², on a dark box. Returns the box.
pub(crate) fn draw_density_legend(image: &mut RgbImage, scale: &DensityScale) -> PixelRect {
    let (w, h) = image.dimensions();
    // Smaller than panel titles: the legend is read up close, the head is what matters.
    let cap_px = (caption_cap_px(w.min(h)) / 2.0).round().max(10.0);
    // Bar width, ticks and gaps scale with the text.
    let si = (cap_px / 7.0).round().max(1.0) as i32;
    let title = "dots/cm²";
    let ticks: Vec<(f32, String)> = (0..)
        .map(|i| i as f32 * scale.step_per_cm2)
        .take_while(|v| *v <= scale.max_per_cm2 + scale.step_per_cm2 * 1e-3)
        .map(|v| (v, tick_text(v)))
        .collect();
    let label_w = ticks.iter().map(|(_, t)| text_size_px(t, cap_px).0).max().unwrap_or(0) as i32;
    let (title_w, title_h) = text_size_px(title, cap_px);
    let (_, digit_h) = text_size_px("0", cap_px);
    let bar_w = 6 * si;
    let bar_h = (h as i32 * 3 / 10).max(ticks.len() as i32 * (digit_h as i32 + 2 * si));
    let tick_len = 2 * si;
    let pad = box_pad_px(cap_px) + si;
    let inner_w = (bar_w + 3 * si + label_w).max(title_w as i32);
    let rect = PixelRect {
        x: w as i32 - 4 * si - (inner_w + 2 * pad),
        y: 4 * si,
        width: inner_w + 2 * pad,
        height: title_h as i32 + 3 * si + bar_h + digit_h as i32 + 2 * pad,
    };
    shade_rect(image, rect);
    let (x0, mut y) = (rect.x + pad, rect.y + pad);
    draw_text(image, x0, y, title, cap_px, CAPTION_TEXT_SRGB);
    // Leave half a digit above the bar so the top tick's label is not cut.
    y += title_h as i32 + 3 * si + digit_h as i32 / 2;
    for row in 0..bar_h {
        let t = 1.0 - row as f32 / (bar_h - 1).max(1) as f32;
        let colour = viridis(t);
        paint_rect(image, PixelRect { x: x0, y: y + row, width: bar_w, height: 1 }, |_| colour);
    }
    for (value, text) in &ticks {
        let ty = y + ((1.0 - scale.position(*value)) * (bar_h - 1) as f32).round() as i32;
        // Ticks notch the bar's right edge (outside it they read as minus signs).
        let notch =
            PixelRect { x: x0 + bar_w - tick_len, y: ty - si / 2, width: tick_len, height: si };
        paint_rect(image, notch, |_| TICK_SRGB);
        let lx = x0 + bar_w + 3 * si;
        // The digits' middle on the tick.
        let top = ty - baseline_px(cap_px) as i32 + (cap_px / 2.0).round() as i32;
        draw_text(image, lx, top, text, cap_px, CAPTION_TEXT_SRGB);
    }
    rect
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    #[test]
    fn viridis_runs_from_purple_to_yellow_getting_lighter() {
        assert_eq!(viridis(0.0), [68, 1, 84]);
        assert_eq!(viridis(1.0), [253, 231, 37]);
        assert_eq!(viridis(f32::NAN), viridis(0.0));
        let luma = |c: [u8; 3]| 0.2126 * c[0] as f32 + 0.7152 * c[1] as f32 + 0.0722 * c[2] as f32;
        let mut last = -1.0;
        for i in 0..=100 {
            let l = luma(viridis(i as f32 / 100.0));
            assert!(l > last, "lightness falls at {i}");
            last = l;
        }
    }

    #[test]
    fn scales_have_round_ticks_and_cover_the_maximum() {
        for (max, want) in [
            (80.0, (80.0, 20.0)),
            (75.0, (80.0, 20.0)),
            (52.0, (60.0, 20.0)),
            (12.0, (12.5, 2.5)),
            (0.0, (1.0, 0.2)),
        ] {
            let s = DensityScale::covering(max);
            assert!(
                (s.max_per_cm2 - want.0).abs() < 1e-4 && (s.step_per_cm2 - want.1).abs() < 1e-4,
                "{max}: {s:?}"
            );
        }
        assert_eq!(tick_text(40.0), "40");
        assert_eq!(tick_text(2.5), "2.5");
    }

    #[test]
    fn the_legend_sits_top_right_and_shows_the_whole_scale() {
        let before = RgbImage::from_pixel(800, 600, Rgb([128, 128, 128]));
        let mut img = before.clone();
        let rect = draw_density_legend(&mut img, &DensityScale::covering(80.0));
        assert!(rect.x > 600 && rect.y < 20, "{rect:?}");
        let changed = img.enumerate_pixels().filter(|(x, y, p)| **p != *before.get_pixel(*x, *y));
        assert!(changed.clone().all(|(x, y, _)| {
            let (x, y) = (x as i32, y as i32);
            x >= rect.x && x < rect.x + rect.width && y >= rect.y && y < rect.y + rect.height
        }));
        // Both ends of the colour map are in the bar.
        let has = |c: [u8; 3]| img.pixels().any(|p| p.0 == c);
        assert!(has(viridis(1.0)) && has(viridis(0.0)));
    }
}
