//! What is drawn over a rendered preview: the SIMULATION label, captions and the scale bar,
//! the density legend, and guides (head outline, hairline, zone borders, the landmarks a pose
//! was solved from).
//!
//! Text comes from [`crate::text`] as ink masks; everything here only decides where it goes
//! and what box it sits on.

mod caption;
mod guides;
mod label;
mod landmarks;
mod legend;

pub use caption::draw_scale_bar;
pub(crate) use caption::{
    CAPTION_TEXT_SRGB, PixelRect, box_pad_px, caption_cap_px, draw_title, paint_rect, shade_rect,
    shrink_to_fit, small_print_cap_px,
};
pub use guides::draw_guides;
pub(crate) use guides::draw_stage_guides;
pub use label::{SimulationLabel, draw_simulation_label};
pub(crate) use landmarks::draw_landmarks;
pub(crate) use legend::draw_density_legend;
pub use legend::{DensityScale, viridis};
