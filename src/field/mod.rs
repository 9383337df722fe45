//! Target density fields: how many dots per cm² belong at each point of the scalp map.
//!
//! Practitioners think in dots/cm², so every field speaks that unit; the conversion to the
//! sampler's minimum spacing happens in one place, [`crate::spacing_mm_for_density`].
//!
//! One file per zone kind (hairline, crown, diffuse, scar, total), plus their composition
//! ([`ZoneSet`]: the densest zone wins), seeded noise, shapes with signed distances, outlines and
//! the client's remaining native hair.

mod compose;
mod contour;
mod crown;
mod diffuse;
mod fillet;
mod graph_line;
mod hairline;
mod hairline_construction;
mod hairline_curve;
mod hairline_design;
#[cfg(test)]
mod hairline_shape_tests;
mod linear;
mod native;
mod noise;
mod scar;
mod shape;
mod spacing;
mod total;

pub use compose::{ScaledField, ZoneField, ZoneSet};
pub use contour::outlines_mm;
pub use crown::{CrownZone, CrownZoneParams};
pub use diffuse::{DensityMask, DiffuseArea, DiffuseZone};
pub use hairline::{HairlineStyle, HairlineZone, HairlineZoneParams};
pub use hairline_curve::{HairlineCurve, HairlineGeometry};
pub use hairline_design::{DesignError, DesignPoint, MIN_DESIGN_POINTS, MIN_VERTEX_DISTANCE_MM};
pub use linear::{LinearDensity, UniformDensity};
pub use native::NativeHair;
pub use scar::{DiscScar, ScarZone, StripScar};
pub use shape::{Ellipse, Polygon, Polyline, Region};
pub use spacing::{DensitySpacing, sample_density};
pub use total::{HairlineFront, TotalZone};

use crate::geom::MapPoint;

/// A target density over the scalp map, in dots/cm².
///
/// Implementations must be cheap to evaluate (the sampler calls them once per candidate dot) and
/// `Sync` (tiles are sampled in parallel).
pub trait DensityField: Sync {
    /// Target density at `p`, in dots/cm²; `0.0` where no dot belongs.
    fn density_per_cm2(&self, p: MapPoint) -> f32;

    /// The largest density this field returns anywhere, in dots/cm².
    fn max_density_per_cm2(&self) -> f32;
}
