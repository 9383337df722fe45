//! The one place stencil pages turn text into pixels.
//!
//! The shared bitmap font is being written in `render::label`; until it is merged the PNG
//! footer carries no lettering (the SVG has its `<text>`), and this function is the only call
//! site to wire to it.

use super::raster::{Clip, InkBand};

/// Draws `text` with its capitals' top-left corner at (`x`, `y`) page px, `height` px tall,
/// inside `clip`.
pub(crate) fn draw_text(band: &mut InkBand, x: f64, y: f64, height: f64, text: &str, clip: Clip) {
    let _ = (band, x, y, height, text, clip);
}
