//! Rendering: previews over a head (with session strips, close-ups and density maps), and
//! (elsewhere) stencils.
//!
//! The head model turns [`crate::Dot`]s into [`ScreenDot`]s (ellipses in image pixels); the
//! splat renderer darkens an image under them like pigment in skin.

mod caption;
mod default_scene;
mod guides;
mod heatmap;
mod legend;
mod preview;
mod strip;
mod zoom;

pub use caption::draw_scale_bar;
pub use default_scene::{DefaultSceneOptions, default_head_scene};
pub use guides::draw_guides;
pub use heatmap::{HeatmapOptions, HeatmapSummary, render_heatmap};
pub use legend::{DensityScale, viridis};
pub use preview::{
    PreviewError, PreviewOptions, PreviewSummary, default_view, project_dots, render_preview,
    side_by_side,
};
pub use strip::{StripOptions, StripPanel, render_strip, strip_panels};
pub use zoom::{Zoom, ZoomError, ZoomOptions, ZoomTarget, zoomed_default_head};

/// One dot as it lands in an image, in pixels of that image (origin top-left, +x right, +y down).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScreenDot {
    /// Centre, px.
    pub center_px: [f32; 2],
    /// Semi-axis along `major_dir`, px (the dot's radius, unforeshortened).
    pub radius_major_px: f32,
    /// Semi-axis across `major_dir`, px (shorter near the silhouette: foreshortening).
    pub radius_minor_px: f32,
    /// Unit vector of the major axis in the image.
    pub major_dir: [f32; 2],
    /// Pigment strength from 0 (invisible) to 1 (full-strength, undiluted pigment), after dilution
    /// and look (fresh, healed, aged) are applied.
    pub strength: f32,
    /// Seed of this dot's outline irregularity, stable per dot.
    pub shape_seed: u32,
}

mod brush;
mod splat;

pub use splat::{SplatError, SplatOptions, splat};
mod pigment;

pub use pigment::{
    DotAppearance, HEALED_OPTICAL_SPREAD_MM, Look, SKIN_TONES_SRGB, SkinType, dot_appearance,
    strength_for_dilution,
};
mod label;

pub use label::{SimulationLabel, draw_simulation_label};
mod default_head;
mod face;
mod hair_shadow;
mod head_light;
mod head_mark;
mod head_shape;

pub use default_head::{CraniumOutline, DefaultHeadOptions, draw_default_head};
mod stubble;

pub use stubble::{StubbleHair, StubbleOptions, project_stubble, sample_stubble};
