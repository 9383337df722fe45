//! Target density fields: how many dots per cm² belong at each point of the scalp map.
//!
//! Practitioners think in dots/cm², so every field speaks that unit; the conversion to the
//! sampler's minimum spacing happens in one place, [`crate::spacing_mm_for_density`].

mod linear;

pub use linear::{LinearDensity, UniformDensity};

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
