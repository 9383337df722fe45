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
mod field;
mod geom;
mod plan;
mod render;
mod sample;

pub use dots::{Dot, ZoneKind};
pub use field::{DensityField, LinearDensity, UniformDensity};
pub use geom::{MapPoint, MapRect};
pub use plan::{Plan, PlanZone};
pub use render::{
    CraniumOutline, DefaultHeadOptions, DefaultHeadView, DotAppearance, Look, SKIN_TONES_SRGB,
    ScreenDot, SimulationLabel, SkinType, SplatError, SplatOptions, StubbleHair, StubbleOptions,
    dot_appearance, draw_default_head, draw_simulation_label, draw_text, ellipse_of_linear_map,
    sample_stubble, splat, strength_for_dilution, text_size_px,
};
pub use sample::{
    MIN_DENSITY_PER_CM2, SampleError, SampleOptions, sample_density, spacing_mm_for_density,
};
