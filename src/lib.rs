//! smpsim: a scalp-micropigmentation (SMP) follicle-pattern simulator.
//!
//! # Pipeline
//! preset → density field (dots/cm² on the scalp map) → Poisson-disc sampler → dots →
//! preview over a head photo, 1:1 stencil, or statistics.
//!
//! # Frames
//! Points on the flat scalp map are [`MapPoint`]s in mm along the scalp surface, origin at the
//! glabella on the midline, +y back over the vertex, +x toward the client's left.

mod dots;
mod export;
mod field;
/// Fuzz entry points (for `tests/fuzz/` and the corpus replay test), not a stable API.
#[doc(hidden)]
pub mod fuzzing;
mod geom;
mod head;
mod head_scan;
mod plan;
mod preset;
mod progress;
mod render;
mod sample;
mod stats;
mod stencil;
mod tune;

pub use dots::{Dot, DotStyle, ZoneKind};
pub use export::{write_dots_csv, write_dots_json, write_points_csv, write_points_json};
pub use field::{
    DensityField, HairlineCurve, HairlineGeometry, LinearDensity, NativeHair, UniformDensity,
    ZoneField, ZoneSet,
};
pub use geom::{MapPoint, MapRect};
pub use head::{
    AlignError, Alignment, Camera, DEFAULT_MAX_PIXELS, DotFootprint, HeadBox, HeadError, HeadModel,
    HeadPoint, HeadSize, PhotoError, PhotoOptions, Scene, SurfaceFrame, Unprojector, View,
    ViewError, decode_photo, parse_point_px,
};
pub use head_scan::{
    HEAD_SCAN_CREDIT, HEAD_SCAN_LICENCE, ScanFrame, ScanLandmarks, ScanPose, ScanRenderError,
    ScanRenderOptions, ScanScene, ScanSurfacePoint, project_scan_dots, render_scan,
};
pub use plan::{Plan, PlanError, PlanOptions, PlanZone, build_plan};
pub use preset::{
    CrownSpec, DiffuseSpec, DiscSpec, DotSpec, EllipseSpec, HairlineSpec, HairlineStyleSpec,
    HairlineZoneSpec, MaskSpec, PolygonSpec, RegionSpec, ScarSpec, SessionSpec, StripSpec,
    TotalSpec, ZoneSpec,
};
pub use preset::{
    Layout, LayoutSession, LayoutZone, Location, MaskImages, Preset, PresetError, PresetInfo,
    PresetSpec, SCALP_MAP_MM, builtin_names, builtin_preset, list_builtins,
};
pub use progress::{NoProgress, Progress};
pub use render::{
    CraniumOutline, DefaultHeadOptions, DefaultSceneOptions, DensityScale, DotAppearance,
    EncodeError, HEALED_OPTICAL_SPREAD_MM, HeatmapOptions, HeatmapSummary, ImageFormat, Look,
    PreviewError, PreviewOptions, PreviewSummary, SKIN_TONES_SRGB, ScreenDot, SimulationLabel,
    SkinType, SplatError, SplatOptions, StripOptions, StripPanel, StubbleHair, StubbleOptions,
    Zoom, ZoomError, ZoomOptions, ZoomTarget, default_head_scene, default_view, dot_appearance,
    draw_default_head, draw_guides, draw_scale_bar, draw_simulation_label, draw_text, encode_image,
    project_dots, project_stubble, render_heatmap, render_preview, render_strip, sample_stubble,
    side_by_side, splat, strength_for_dilution, strip_panels, text_size_px, viridis,
    zoomed_default_head,
};
pub use sample::{
    DensitySpacing, KAPPA, LinearSpacing, MAX_SPACING_MM, MIN_DENSITY_PER_CM2, SampleError,
    SampleOptions, SpacingField, UniformSpacing, density_per_cm2_for_spacing, sample_density,
    sample_spacing, spacing_mm_for_density,
};
pub use stats::{PlanStats, SessionStats, ZoneSessionStats, ZoneStats};
pub use stencil::{
    DPI_RANGE, PageInfo, PageSize, SessionSelection, Stencil, StencilError, StencilFormat,
    StencilOptions,
};
pub use tune::{
    CELL_PX_RANGE, MAX_SHEET_CELLS, MAX_SHEET_PIXELS, MAX_VARY_AXES, Measured, SheetCell,
    SheetOptions, TuneError, Variation, render_sheet, sheet_cells,
};
