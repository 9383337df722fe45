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
//! # The API
//! The root holds the nouns most callers need: a [`Preset`] (built in, or from JSON) gives a
//! [`Layout`]; [`build_plan`] samples it into a [`Plan`] of [`Dot`]s; a [`Preview`] draws the
//! plan over a photo or the built-in head ([`Background`]); a [`Stencil`] prints it at 1:1;
//! [`PlanStats`] measures it; the writers export it. Namespaces hold the rest:
//! [`engine`] (the Poisson-disc sampler on its own), [`spec`] (what a preset file says, the
//! built-ins and the JSON Schema), [`head`] (the head model, camera, photos, the automatic fit
//! and the scalp mask), [`render`] (the layers a preview is composed from), [`stencil`],
//! [`stats`], [`tune`] (variation sheets) and [`serve`] (the consultation as a local web page).
//!
//! ```
//! use smpsim::{MaskImages, PlanOptions, Preset, build_plan, write_dots_csv};
//!
//! let preset = Preset::builtin("norwood-4").expect("a built-in preset");
//! let layout = preset.layout(&MaskImages::new())?;
//! let plan = build_plan(&layout, &PlanOptions { seed: 7, ..PlanOptions::default() })?;
//! let mut csv = Vec::new();
//! write_dots_csv(&plan, &mut csv)?;
//! assert!(plan.dots.len() > 10_000);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Modules, bottom-up
//! `geom` (the map frame), `math`, `seed` (SplitMix64 and named seed streams) and `color`
//! (sRGB ↔ linear) under everything; `sample` (the Poisson-disc engine, spacings only), `field`
//! (density per zone, and its seam to the engine), `preset` and `plan` (zones and sessions into
//! dots); `head` (projecting dots onto a head); `splat` (how a dot looks for a look, and dots
//! darkening an image), `text` (ink masks) and `default_head` (the painted head, and the scanned
//! head with its software renderer);
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
pub mod head;
mod math;
mod plan;
mod preset;
mod progress;
pub mod render;
mod sample;
mod seed;
pub mod serve;
mod splat;
pub mod stats;
pub mod stencil;
mod text;
pub mod tune;

pub use dots::{Dot, ZoneKind};
pub use export::{
    EncodeError, ImageFormat, encode_animation, encode_image, write_dots_csv, write_dots_json,
};
pub use geom::{MapPoint, MapRect};
pub use head::{Alignment, HeadBox, HeadModel, HeadSize, PhotoOptions, Scene, View, decode_photo};
pub use plan::{Plan, PlanError, PlanOptions, PlanZone, build_plan};
pub use preset::{Layout, MaskImages, Preset, PresetError, PresetInfo};
pub use progress::{NoProgress, Progress};
pub use render::{
    Background, DefaultSceneOptions, HeatmapOptions, Look, Preview, PreviewError, PreviewOptions,
    RenderedPreview, Rendering, SkinType, StripOptions, ZoomTarget,
};
pub use stats::{PlanStats, PlanWarning};
pub use stencil::{
    PageSize, SessionSelection, Stencil, StencilError, StencilFormat, StencilOptions,
};
pub use tune::{SheetOptions, TuneError, Variation, render_sheet};

/// The Poisson-disc engine on its own: maximal, variable-density sampling of any domain, with
/// spacing or density fields, session-style existing dots and a dot limit. It knows nothing of
/// heads or zones.
pub mod engine {
    pub use crate::export::{write_points_csv, write_points_json};
    pub use crate::field::{
        DensityField, DensitySpacing, LinearDensity, UniformDensity, sample_density,
    };
    pub use crate::sample::{
        DEFAULT_MAX_DOTS, KAPPA, LinearSpacing, MAX_SPACING_MM, MIN_DENSITY_PER_CM2, SampleError,
        SampleOptions, SpacingField, UniformSpacing, density_per_cm2_for_spacing, sample_spacing,
        spacing_mm_for_density,
    };
}

/// What a preset file says (the serde types behind [`Preset`]), the built-in presets, the
/// JSON Schema of the format, and the fields a [`Layout`] is made of.
pub mod spec {
    pub use crate::dots::DotStyle;
    pub use crate::field::{
        DesignError, DesignPoint, HairlineCurve, HairlineGeometry, MIN_DESIGN_POINTS,
        MIN_VERTEX_DISTANCE_MM, NativeHair, ZoneField, ZoneSet,
    };
    pub use crate::geom::{MAP_HALF_WIDTH_MM, MAP_LENGTH_MM, SCALP_MAP_MM};
    pub use crate::preset::{
        CrownSpec, DiffuseSpec, DiscSpec, DotSpec, EllipseSpec, HairlineSpec, HairlineStyleSpec,
        HairlineZoneSpec, LayoutSession, LayoutZone, Location, MAX_SESSIONS, MaskSpec, PolygonSpec,
        PresetSpec, RegionSpec, ScarSpec, SchemaRef, SessionSpec, StripSpec, TotalSpec, ZoneSpec,
        builtin_names, builtin_preset, list_builtins, preset_schema,
    };
}
