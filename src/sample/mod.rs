//! The Poisson-disc engine: a maximal, variable-spacing dot set over a rectangle.
//!
//! INTERIM serial implementation that fixes the public API; the engine work replaces it.

use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;

use crate::field::DensityField;
use crate::geom::{MapPoint, MapRect};

/// Dots/cm² a maximal set holds for a given spacing: `density = KAPPA / r²` (r in mm, ×100 for cm²).
const KAPPA: f32 = 0.70;

/// Densities below this many dots/cm² are treated as "no dots here".
pub const MIN_DENSITY_PER_CM2: f32 = 0.5;

/// The minimum spacing in mm that yields `density_per_cm2` in a maximal set; infinite at zero.
pub fn spacing_mm_for_density(density_per_cm2: f32) -> f32 {
    if density_per_cm2 < MIN_DENSITY_PER_CM2 {
        f32::INFINITY
    } else {
        (KAPPA * 100.0 / density_per_cm2).sqrt()
    }
}

/// Options for one sampler run.
#[derive(Clone, Debug)]
pub struct SampleOptions {
    /// Seed of the run; the same seed gives the same dots on any thread count. Default: 0.
    pub seed: u64,
    /// Refuse requests expected to exceed this many dots. Default: 50 million.
    pub max_dots: usize,
}

impl Default for SampleOptions {
    fn default() -> Self {
        Self { seed: 0, max_dots: 50_000_000 }
    }
}

/// Why a sampler run was refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SampleError {
    /// The request would produce more dots than `max_dots`.
    #[error("the request needs about {expected} dots, more than the limit of {limit}")]
    TooManyDots {
        /// Estimated dots.
        expected: u64,
        /// The limit in force.
        limit: usize,
    },
}

/// A new set of dots in `domain` whose local spacing follows `field`, placed between `existing`
/// dots (which are not returned and never moved).
pub fn sample_density<F: DensityField + ?Sized>(
    domain: MapRect,
    field: &F,
    existing: &[MapPoint],
    options: &SampleOptions,
) -> Result<Vec<MapPoint>, SampleError> {
    let expected = (domain.area_mm2() / 100.0 * field.max_density_per_cm2()) as u64;
    if expected > options.max_dots as u64 {
        return Err(SampleError::TooManyDots { expected, limit: options.max_dots });
    }
    let mut rng = Pcg64Mcg::seed_from_u64(options.seed);
    let mut all: Vec<(MapPoint, f32)> =
        existing.iter().map(|&p| (p, spacing_mm_for_density(field.density_per_cm2(p)))).collect();
    let mut out = Vec::new();
    let tries = (expected as usize).saturating_mul(30) + 100;
    for _ in 0..tries {
        let p = MapPoint::new(
            rng.random_range(domain.min.x_mm..domain.max.x_mm),
            rng.random_range(domain.min.y_mm..domain.max.y_mm),
        );
        let r = spacing_mm_for_density(field.density_per_cm2(p));
        if !r.is_finite() {
            continue;
        }
        if all.iter().all(|&(q, rq)| p.distance_mm(q) >= r.min(rq)) {
            all.push((p, r));
            out.push(p);
        }
    }
    Ok(out)
}
