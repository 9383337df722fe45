//! Spacing fields: the minimum distance in mm between dots at each point of the scalp map.
//!
//! The engine works in spacings; density fields reach it through `crate::field::DensitySpacing`
//! (the zone layer's side of the seam), and the CLI's `--spacing R [--spacing-to R2]` through
//! [`UniformSpacing`] and [`LinearSpacing`].

use super::calibration::MAX_SPACING_MM;
use super::grid::{max_f32, min_f32};
use crate::geom::{MapPoint, MapRect};

/// A minimum spacing between dots over the scalp map, in mm.
///
/// Implementations must be cheap (the sampler calls them once per candidate dot and once per
/// grid-cell corner) and `Sync` (tiles are sampled in parallel).
pub trait SpacingField: Sync {
    /// Minimum spacing at `p` in mm; infinite (or above [`MAX_SPACING_MM`]) where no dot belongs.
    fn spacing_mm(&self, p: MapPoint) -> f32;

    /// The smallest spacing this field returns anywhere, in mm.
    fn min_spacing_mm(&self) -> f32;

    /// The largest finite spacing this field returns, in mm; default [`MAX_SPACING_MM`].
    ///
    /// The engine clamps larger spacings to it; a smaller value gives narrower tiles and more
    /// parallelism on small domains.
    fn max_spacing_mm(&self) -> f32 {
        MAX_SPACING_MM
    }
}

/// The same spacing everywhere, in mm.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct UniformSpacing {
    /// Minimum distance between dots, in mm.
    pub spacing_mm: f32,
}

impl SpacingField for UniformSpacing {
    #[inline]
    fn spacing_mm(&self, _p: MapPoint) -> f32 {
        self.spacing_mm
    }

    fn min_spacing_mm(&self) -> f32 {
        self.spacing_mm
    }

    fn max_spacing_mm(&self) -> f32 {
        self.spacing_mm
    }
}

/// A spacing that changes linearly along x, from `from_mm` at `x0_mm` to `to_mm` at `x1_mm`,
/// constant beyond both ends.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LinearSpacing {
    /// Spacing in mm at `x0_mm` and before it.
    pub from_mm: f32,
    /// Spacing in mm at `x1_mm` and after it.
    pub to_mm: f32,
    /// Where the ramp starts, in mm.
    pub x0_mm: f32,
    /// Where the ramp ends, in mm; equal to `x0_mm` means a step there.
    pub x1_mm: f32,
}

impl LinearSpacing {
    /// A ramp from `from_mm` at the left edge of `domain` to `to_mm` at its right edge: what the
    /// CLI's `--spacing R --spacing-to R2` asks for.
    pub fn across(domain: MapRect, from_mm: f32, to_mm: f32) -> Self {
        Self { from_mm, to_mm, x0_mm: domain.min.x_mm, x1_mm: domain.max.x_mm }
    }
}

impl SpacingField for LinearSpacing {
    #[inline]
    fn spacing_mm(&self, p: MapPoint) -> f32 {
        let span = self.x1_mm - self.x0_mm;
        let t = if span > 0.0 {
            ((p.x_mm - self.x0_mm) / span).clamp(0.0, 1.0)
        } else if p.x_mm < self.x0_mm {
            0.0
        } else {
            1.0
        };
        self.from_mm + (self.to_mm - self.from_mm) * t
    }

    fn min_spacing_mm(&self) -> f32 {
        self.from_mm.min(self.to_mm)
    }

    fn max_spacing_mm(&self) -> f32 {
        self.from_mm.max(self.to_mm)
    }
}

/// A spacing field as the engine uses it: spacings clamped to `[r_min, r_max]` so that the grid
/// (sized for `r_min`) and the tiles (sized for `r_max`) stay valid whatever the field returns;
/// infinite (no dot) above [`MAX_SPACING_MM`] or for NaN.
pub(crate) struct Clamped<'a, S: ?Sized> {
    pub field: &'a S,
    pub r_min: f32,
    pub r_max: f32,
}

impl<S: SpacingField + ?Sized> Clamped<'_, S> {
    /// Spacing at `(x, y)` in mm, or infinity where no dot belongs.
    #[inline]
    pub fn at(&self, x: f32, y: f32) -> f32 {
        let r = self.field.spacing_mm(MapPoint::new(x, y));
        // `r_min ≤ r_max` by construction, and NaN fails the first test: plain comparisons
        // suffice, without `clamp`'s checks.
        if r <= MAX_SPACING_MM {
            max_f32(min_f32(r, self.r_max), self.r_min)
        } else {
            f32::INFINITY
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn linear_spacing_ramps_and_clamps() {
        let f = LinearSpacing::across(MapRect::from_size_mm(200.0, 10.0), 0.8, 3.0);
        assert_eq!(f.spacing_mm(MapPoint::new(-5.0, 0.0)), 0.8);
        assert!((f.spacing_mm(MapPoint::new(100.0, 0.0)) - 1.9).abs() < 1e-6);
        assert_eq!(f.spacing_mm(MapPoint::new(250.0, 0.0)), 3.0);
        assert_eq!((f.min_spacing_mm(), f.max_spacing_mm()), (0.8, 3.0));
    }

    #[test]
    fn zero_width_ramp_is_a_step() {
        let f = LinearSpacing { from_mm: 1.0, to_mm: 2.0, x0_mm: 5.0, x1_mm: 5.0 };
        assert_eq!(f.spacing_mm(MapPoint::new(4.9, 0.0)), 1.0);
        assert_eq!(f.spacing_mm(MapPoint::new(5.0, 0.0)), 2.0);
    }
}
