//! The one place where a density in dots/cm² becomes a minimum spacing in mm, and back.
//!
//! A maximal Poisson-disc set with spacing `r` holds `KAPPA / r²` dots per mm², so
//! `r = √(KAPPA · 100 / density_per_cm2)`. `KAPPA` is measured for this sampler, not assumed.

/// Dots per r² that this sampler's maximal sets hold (r = spacing in mm).
///
/// Measured: uniform spacing 1 mm on 1000 × 1000 mm, seeds 0, 1, 2, dots counted 8 mm inside
/// the edges (where the border's extra packing does not reach): 0.70245, 0.70253, 0.70203
/// dots/r² (RSA's jamming limit is 0.6965; filling voids cell by cell packs slightly tighter).
/// Under gradients the same constant holds on 1 cm cells (`tests/api/engine_density.rs`). It
/// depends on the tile size, which is why tiles have a fixed minimum size (`tiling.rs`).
pub const KAPPA: f32 = 0.7023;

/// Densities below this many dots/cm² mean "no dots here".
///
/// Below it a dot's spacing would exceed [`MAX_SPACING_MM`], the reach the engine's tiles are
/// sized for.
pub const MIN_DENSITY_PER_CM2: f32 = 0.5;

/// The largest spacing in mm the engine places dots at; a spacing above it means "no dots here".
///
/// Tiles are at least this wide, so larger spacings would cost parallelism on small domains.
/// [`spacing_mm_for_density`] of [`MIN_DENSITY_PER_CM2`] (≈ 11.8 mm) stays below it.
pub const MAX_SPACING_MM: f32 = 12.0;

/// The minimum spacing in mm that yields `density_per_cm2` in a maximal set; infinite below
/// [`MIN_DENSITY_PER_CM2`] (and for NaN), where no dot belongs.
pub fn spacing_mm_for_density(density_per_cm2: f32) -> f32 {
    if density_per_cm2 >= MIN_DENSITY_PER_CM2 {
        (KAPPA * 100.0 / density_per_cm2).sqrt()
    } else {
        f32::INFINITY
    }
}

/// The density in dots/cm² a maximal set with minimum spacing `spacing_mm` holds; zero for an
/// infinite spacing.
pub fn density_per_cm2_for_spacing(spacing_mm: f32) -> f32 {
    KAPPA * 100.0 / (spacing_mm * spacing_mm)
}

/// Expected number of dots on `area_mm2` if every point had spacing `spacing_mm`.
pub(crate) fn expected_dots(area_mm2: f64, spacing_mm: f32) -> f64 {
    area_mm2 * f64::from(KAPPA) / (f64::from(spacing_mm) * f64::from(spacing_mm))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spacing_and_density_round_trip() {
        for d in [0.5_f32, 1.0, 30.0, 70.0, 120.0, 500.0] {
            let r = spacing_mm_for_density(d);
            assert!((density_per_cm2_for_spacing(r) - d).abs() < d * 1e-5, "{d}");
        }
    }

    #[test]
    fn floor_means_no_dots_and_stays_within_reach() {
        assert_eq!(spacing_mm_for_density(MIN_DENSITY_PER_CM2 * 0.99), f32::INFINITY);
        assert_eq!(spacing_mm_for_density(0.0), f32::INFINITY);
        assert_eq!(spacing_mm_for_density(f32::NAN), f32::INFINITY);
        assert!(spacing_mm_for_density(MIN_DENSITY_PER_CM2) <= MAX_SPACING_MM);
    }

    #[test]
    fn seventy_per_cm2_is_about_one_mm() {
        // The practitioner's rule of thumb: ~70 dots/cm² ≈ 1 mm apart.
        assert!((spacing_mm_for_density(70.0) - 1.0).abs() < 0.01);
    }
}
