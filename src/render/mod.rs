//! Composing previews: a plan's dots over a photo or the default head, as one image, a strip
//! of sessions, a close-up, or a density map, with the overlays every preview carries.
//!
//! Start from a [`Preview`] request: a plan over a [`Background`] (a photo with its
//! [`Alignment`](crate::Alignment), or the built-in default head), perhaps a close-up
//! ([`ZoomTarget`]), in one [`Rendering`]. The pieces it is composed of are here too, bottom-up,
//! for callers who compose their own: how a dot looks for a [`Look`] ([`dot_appearance`]);
//! dots projected through the head model into [`ScreenDot`]s ([`project_dots`]) and splatted
//! like pigment in skin ([`splat`]); the built-in head ([`default_head_scene`]); one preview
//! ([`render_preview`]), the session strip ([`render_strip`]), the density heat map
//! ([`render_heatmap`]); and the overlays every preview carries ([`draw_simulation_label`],
//! [`draw_guides`], [`draw_scale_bar`]).
//!
//! One signature style: a function that draws onto a picture the caller already has takes
//! `&mut RgbImage` (`render_preview`, `render_heatmap`, `draw_*`); one whose output size is its
//! own to decide returns a new image (`Preview::render`, `render_strip`, `default_head_scene`).
//! Options are structs with documented defaults, never positional flags.

mod heatmap;
mod overlay;
mod preview;
mod request;
mod stage;
mod strip;
mod turntable;
mod zoom;

pub use crate::splat::{
    DotAppearance, HEALED_OPTICAL_SPREAD_MM, Look, dot_appearance, strength_for_dilution,
};
pub use heatmap::{HeatmapOptions, HeatmapSummary, render_heatmap};
pub use overlay::{
    DensityScale, SimulationLabel, draw_guides, draw_scale_bar, draw_simulation_label, viridis,
};
pub use preview::{
    PreviewError, PreviewOptions, PreviewSummary, default_view, default_view_of, project_dots,
    render_preview, side_by_side,
};
pub use request::{Background, Preview, RenderedPreview, Rendering, StagedBackground};
pub use strip::{StripOptions, StripPanel, render_strip, strip_panels};
pub use turntable::{TurntableOptions, frames_side_by_side, render_turntable, turntable_poses};
pub use zoom::{Zoom, ZoomError, ZoomOptions, ZoomTarget};

// The layers a preview is drawn from, for callers who compose their own: the built-in head
// (the photographic head scan and its software renderer), the dot splatter and the text masks.
pub use crate::default_head::{
    DefaultSceneOptions, SKIN_TONES_SRGB, SkinType, default_head_alignment, default_head_scene,
    nearest_view,
};
pub use crate::default_head::{
    HEAD_SCAN_CREDIT, HEAD_SCAN_LICENCE, ScanFrame, ScanLandmarks, ScanPose, ScanRenderError,
    ScanRenderOptions, ScanScene, ScanSurfacePoint, project_scan_dots, render_scan,
};
pub use crate::default_head::{
    LandmarkPx, SyntheticBackground, SyntheticPhoto, SyntheticPhotoOptions, synthetic_photo,
};
pub use crate::splat::{Glare, PhotoCamera, ScreenDot, SplatError, SplatOptions, splat};
pub use crate::text::{draw_text, text_size_px};
