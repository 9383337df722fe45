//! Composing previews: a plan's dots over a photo or the default head, as one image, a strip
//! of sessions, a close-up, or a density map, with the overlays every preview carries.
//!
//! Bottom-up: [`pigment`] says how a dot looks for a look (fresh, healed, aged); [`preview`]
//! projects dots through the head model into [`crate::ScreenDot`]s and splats them
//! ([`crate::splat`]); [`strip`], [`zoom`] and [`heatmap`] compose from it; [`overlay`] draws
//! labels, captions, legend and guides on top.

mod heatmap;
mod overlay;
mod pigment;
mod preview;
mod strip;
mod zoom;

pub use heatmap::{HeatmapOptions, HeatmapSummary, render_heatmap};
pub use overlay::{
    DensityScale, SimulationLabel, draw_guides, draw_scale_bar, draw_simulation_label, viridis,
};
pub use pigment::{
    DotAppearance, HEALED_OPTICAL_SPREAD_MM, Look, dot_appearance, strength_for_dilution,
};
pub use preview::{
    PreviewError, PreviewOptions, PreviewSummary, default_view, project_dots, render_preview,
    side_by_side,
};
pub use strip::{StripOptions, StripPanel, render_strip, strip_panels};
pub use zoom::{Zoom, ZoomError, ZoomOptions, ZoomTarget, zoomed_default_head};
