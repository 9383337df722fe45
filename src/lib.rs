//! smpsim: a scalp-micropigmentation (SMP) follicle-pattern simulator.
//!
//! # Pipeline
//! preset → density field (dots/cm² on the scalp map) → Poisson-disc sampler → dots →
//! preview over a head photo, 1:1 stencil, or statistics.
//!
//! # Frames
//! Points on the flat scalp map are [`MapPoint`]s in mm along the scalp surface, origin at the
//! glabella on the midline, +y back over the vertex, +x toward the client's left.
//!
//! # Modules, bottom-up
//! `geom` (the map frame), `math` and `color` (sRGB ↔ linear) under everything; `sample` (the
//! Poisson-disc engine, spacings only), `field` (density per zone, and its seam to the engine),
//! `preset` and `plan` (zones and sessions into dots); `head` (projecting dots onto a head);
//! `splat` (dots darkening an image), `text` (ink masks) and `default_head` (the built-in head);
//! `render` (previews and their overlays), `stencil`, `tune` (variation sheets), `stats`; and
//! `export` (CSV, JSON and image encoding).

mod color;
mod default_head;
mod dots;
mod export;
mod field;
/// Fuzz entry points (for `tests/fuzz/` and the corpus replay test), not a stable API.
#[doc(hidden)]
pub mod fuzzing;
mod geom;
mod head;
mod math;
mod plan;
mod preset;
mod progress;
mod render;
mod sample;
mod seed;
mod splat;
mod stats;
mod stencil;
mod text;
mod tune;

pub use default_head::{
    CraniumOutline, DefaultHeadOptions, DefaultSceneOptions, SKIN_TONES_SRGB, SkinType,
    StubbleHair, StubbleOptions, default_head_scene, draw_default_head, project_stubble,
    sample_stubble,
};
pub use dots::{Dot, DotStyle, ZoneKind};
pub use export::{
    EncodeError, ImageFormat, encode_image, write_dots_csv, write_dots_json, write_points_csv,
    write_points_json,
};
pub use field::{
    DensityField, DensitySpacing, HairlineCurve, HairlineGeometry, LinearDensity, NativeHair,
    UniformDensity, ZoneField, ZoneSet, sample_density,
};
pub use geom::{MapPoint, MapRect, SCALP_MAP_MM};
pub use head::{
    AlignError, Alignment, Camera, DEFAULT_MAX_PIXELS, DotFootprint, HeadBox, HeadError, HeadModel,
    HeadPoint, HeadSize, PhotoError, PhotoOptions, Scene, SurfaceFrame, Unprojector, View,
    ViewError, decode_photo, parse_point_px,
};
pub use plan::{Plan, PlanError, PlanOptions, PlanZone, build_plan};
pub use preset::{
    CrownSpec, DiffuseSpec, DiscSpec, DotSpec, EllipseSpec, HairlineSpec, HairlineStyleSpec,
    HairlineZoneSpec, MaskSpec, PolygonSpec, RegionSpec, ScarSpec, SchemaRef, SessionSpec,
    StripSpec, TotalSpec, ZoneSpec,
};
pub use preset::{
    Layout, LayoutSession, LayoutZone, Location, MAX_SESSIONS, MaskImages, Preset, PresetError,
    PresetInfo, PresetSpec, builtin_names, builtin_preset, list_builtins, preset_schema,
};
pub use progress::{NoProgress, Progress};
pub use render::{
    DensityScale, DotAppearance, HEALED_OPTICAL_SPREAD_MM, HeatmapOptions, HeatmapSummary, Look,
    PreviewError, PreviewOptions, PreviewSummary, SimulationLabel, StripOptions, StripPanel, Zoom,
    ZoomError, ZoomOptions, ZoomTarget, default_view, dot_appearance, draw_guides, draw_scale_bar,
    draw_simulation_label, project_dots, render_heatmap, render_preview, render_strip,
    side_by_side, strength_for_dilution, strip_panels, viridis, zoomed_default_head,
};
pub use sample::{
    DEFAULT_MAX_DOTS, KAPPA, LinearSpacing, MAX_SPACING_MM, MIN_DENSITY_PER_CM2, SampleError,
    SampleOptions, SpacingField, UniformSpacing, density_per_cm2_for_spacing, sample_spacing,
    spacing_mm_for_density,
};
pub use splat::{ScreenDot, SplatError, SplatOptions, splat};
pub use stats::{PlanStats, PlanWarning, SessionStats, ZoneSessionStats, ZoneStats};
pub use stencil::{
    DPI_RANGE, MIN_DOT_MM_RANGE, OVERLAP_MM_RANGE, PageInfo, PageSize, SessionSelection, Stencil,
    StencilError, StencilFormat, StencilOptions,
};
pub use text::{draw_text, text_size_px};
pub use tune::{
    CELL_PX_RANGE, MAX_SHEET_CELLS, MAX_SHEET_PIXELS, MAX_VARY_AXES, Measured, SheetCell,
    SheetOptions, TuneError, Variation, render_sheet, sheet_cells,
};
