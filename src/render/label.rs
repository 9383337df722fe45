//! The "simulation" label every preview carries.
//!
//! Patients can read a preview as a promise; a visible label that names it a simulation, with
//! the preset, session and look, keeps it honest.

use image::RgbImage;

use super::pigment::Look;
use crate::text::{draw_text, text_size_px};

/// Applies `paint` to every pixel of the rectangle, clipped to the image.
fn fill_rect(
    image: &mut RgbImage,
    x: i32,
    y: i32,
    w: i32,
    h: i32,
    paint: impl Fn([u8; 3]) -> [u8; 3],
) {
    let x0 = x.max(0);
    let y0 = y.max(0);
    let x1 = (x + w).min(image.width() as i32);
    let y1 = (y + h).min(image.height() as i32);
    for py in y0..y1 {
        for px in x0..x1 {
            let p = image.get_pixel_mut(px as u32, py as u32);
            p.0 = paint(p.0);
        }
    }
}

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

/// Draws `label` in the bottom-left corner: light text on a translucent dark box, about 2 % of
/// the image's shorter side tall, so it stays readable yet small on any photo size.
pub fn draw_simulation_label(image: &mut RgbImage, label: &SimulationLabel) {
    let short_side = image.width().min(image.height());
    let scale = (short_side / 350).max(1);
    let text = label.text();
    let (w, h) = text_size_px(&text, scale);
    let pad = 3 * scale as i32;
    let margin = 4 * scale as i32;
    let box_w = w as i32 + 2 * pad;
    let box_h = h as i32 + 2 * pad;
    let x = margin;
    let y = image.height() as i32 - margin - box_h;
    // 55 % black: the text stays legible over bright skin and dark hair alike.
    fill_rect(image, x, y, box_w, box_h, |p| p.map(|v| (u16::from(v) * 45 / 100) as u8));
    draw_text(image, x + pad, y + pad, &text, scale, [245, 245, 240]);
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
}
