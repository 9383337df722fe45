//! The "simulation" label every preview carries.
//!
//! Patients can read a preview as a promise; a visible label that names it a simulation, with
//! the preset, session and look, keeps it honest.

use image::RgbImage;

use super::caption::{
    CAPTION_TEXT_SRGB, PixelRect, box_pad_px, shade_rect, shrink_to_fit, small_print_cap_px,
};
use crate::splat::Look;
use crate::text::{draw_text, text_size_px};

/// What the simulation label of a preview says.
#[derive(Clone, Debug, PartialEq)]
pub struct SimulationLabel<'a> {
    /// The preset's name, e.g. `norwood-4`.
    pub preset_name: &'a str,
    /// The session shown, from 1.
    pub session: u8,
    /// Sessions in the plan.
    pub session_count: u8,
    /// The look the dots are drawn with.
    pub look: Look,
}

impl SimulationLabel<'_> {
    /// The label's text, e.g. `SIMULATION  norwood-4  session 2/3  healed`.
    pub fn text(&self) -> String {
        format!(
            "SIMULATION  {}  session {}/{}  {}",
            self.preset_name,
            self.session,
            self.session_count,
            self.look.label()
        )
    }
}

/// Draws `label` in the bottom-left corner: light text on a translucent dark box, its capitals
/// `small_print_cap_px` tall (1.75 % of the image's shorter side, at least 10 px), so it stays
/// readable yet small on any photo size, down to a tuning sheet's cells; on images too narrow
/// for that it shrinks to fit (not below 7 px).
pub fn draw_simulation_label(image: &mut RgbImage, label: &SimulationLabel) {
    let text = label.text();
    let cap_px = small_print_cap_px(image.width().min(image.height()));
    // Box, padding and margins are about 2 caps wide: fit the text in what they leave.
    let cap_px = shrink_to_fit(&text, cap_px, image.width() as i32 - (2.0 * cap_px) as i32);
    let (w, h) = text_size_px(&text, cap_px);
    let pad = box_pad_px(cap_px);
    let margin = (cap_px * 0.6).round() as i32;
    let box_w = w as i32 + 2 * pad;
    let box_h = h as i32 + 2 * pad;
    let x = margin;
    let y = image.height() as i32 - margin - box_h;
    // The caption box: the text stays legible over bright skin and dark hair alike.
    shade_rect(image, PixelRect { x, y, width: box_w, height: box_h });
    draw_text(image, x + pad, y + pad, &text, cap_px, CAPTION_TEXT_SRGB);
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    #[test]
    fn label_names_simulation_preset_session_and_look_in_the_bottom_left() {
        let label = SimulationLabel {
            preset_name: "norwood-4",
            session: 2,
            session_count: 3,
            look: Look::Aged { years: 3.0 },
        };
        assert_eq!(label.text(), "SIMULATION  norwood-4  session 2/3  aged 3 y");
        let before = RgbImage::from_pixel(700, 500, Rgb([200, 160, 140]));
        let mut img = before.clone();
        draw_simulation_label(&mut img, &label);
        let changed: Vec<(u32, u32)> = img
            .enumerate_pixels()
            .filter(|(x, y, p)| *p != before.get_pixel(*x, *y))
            .map(|(x, y, _)| (x, y))
            .collect();
        assert!(!changed.is_empty());
        assert!(
            changed.iter().all(|&(x, y)| x < 450 && y > 440),
            "label stays in the bottom-left corner"
        );
    }

    #[test]
    fn on_a_narrow_image_the_label_shrinks_to_fit_its_width() {
        let label = SimulationLabel {
            preset_name: "norwood-4",
            session: 1,
            session_count: 3,
            look: Look::Fresh,
        };
        let before = RgbImage::from_pixel(220, 220, Rgb([200, 160, 140]));
        let mut img = before.clone();
        draw_simulation_label(&mut img, &label);
        let touched = |x: u32, y: u32| img.get_pixel(x, y) != before.get_pixel(x, y);
        // The box ends before the right edge, so nothing of the text is cut off.
        assert!((0..220).all(|y| !touched(219, y)));
        // Yet the box is still tall enough for 7-px capitals and their padding.
        let rows = (0..220).filter(|&y| (0..220).any(|x| touched(x, y))).count();
        assert!(rows >= 11, "{rows} rows");
    }
}
