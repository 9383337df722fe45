//! Where density fields meet the Poisson-disc engine: the engine knows only spacings, so a
//! field is handed to it as a spacing field, converted point by point through
//! [`spacing_mm_for_density`].

use super::DensityField;
use crate::geom::{MapPoint, MapRect};
use crate::sample::{
    SampleError, SampleOptions, SpacingField, sample_spacing, spacing_mm_for_density,
};

/// A density field seen as a spacing field through [`spacing_mm_for_density`].
#[derive(Clone, Copy, Debug)]
pub struct DensitySpacing<'a, F: ?Sized>(pub &'a F);

impl<F: DensityField + ?Sized> SpacingField for DensitySpacing<'_, F> {
    #[inline]
    fn spacing_mm(&self, p: MapPoint) -> f32 {
        spacing_mm_for_density(self.0.density_per_cm2(p))
    }

    fn min_spacing_mm(&self) -> f32 {
        spacing_mm_for_density(self.0.max_density_per_cm2())
    }
}

/// New dots in `domain` whose local density follows `field` (dots/cm²), placed between
/// `existing` dots (which are never moved or returned, and may lie outside the domain).
///
/// Densities below [`MIN_DENSITY_PER_CM2`](crate::engine::MIN_DENSITY_PER_CM2) get no dots. Errors: [`SampleError`].
pub fn sample_density<F: DensityField + ?Sized>(
    domain: MapRect,
    field: &F,
    existing: &[MapPoint],
    options: &SampleOptions,
) -> Result<Vec<MapPoint>, SampleError> {
    sample_spacing(domain, &DensitySpacing(field), existing, options)
}
