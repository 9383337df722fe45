//! Rendering: previews over a head (with session strips, close-ups and density maps), and
//! (elsewhere) stencils.
//!
//! The head model turns [`crate::Dot`]s into [`crate::ScreenDot`]s (ellipses in image pixels);
//! the splat renderer darkens an image under them like pigment in skin.

mod caption;
mod guides;
mod heatmap;
mod legend;
mod preview;
mod strip;
mod zoom;

pub use caption::draw_scale_bar;
pub use guides::draw_guides;
pub use heatmap::{HeatmapOptions, HeatmapSummary, render_heatmap};
pub use legend::{DensityScale, viridis};
pub use preview::{
    PreviewError, PreviewOptions, PreviewSummary, default_view, project_dots, render_preview,
    side_by_side,
};
pub use strip::{StripOptions, StripPanel, render_strip, strip_panels};
pub use zoom::{Zoom, ZoomError, ZoomOptions, ZoomTarget, zoomed_default_head};

mod pigment;

pub use pigment::{
    DotAppearance, HEALED_OPTICAL_SPREAD_MM, Look, dot_appearance, strength_for_dilution,
};
mod label;

pub use label::{SimulationLabel, draw_simulation_label};
