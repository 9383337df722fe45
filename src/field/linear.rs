//! The simplest fields: one density everywhere, or a linear ramp along x.

use super::DensityField;
use crate::geom::MapPoint;

/// The same density everywhere, in dots/cm².
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct UniformDensity {
    /// Dots/cm² at every point.
    pub density_per_cm2: f32,
}

impl DensityField for UniformDensity {
    fn density_per_cm2(&self, _p: MapPoint) -> f32 {
        self.density_per_cm2
    }

    fn max_density_per_cm2(&self) -> f32 {
        self.density_per_cm2
    }
}

/// A density that changes linearly along x, from `from_per_cm2` at `x0_mm` to `to_per_cm2` at
/// `x1_mm`, and stays constant beyond both ends.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LinearDensity {
    /// Dots/cm² at `x0_mm` and before it.
    pub from_per_cm2: f32,
    /// Dots/cm² at `x1_mm` and after it.
    pub to_per_cm2: f32,
    /// Where the ramp starts, in mm.
    pub x0_mm: f32,
    /// Where the ramp ends, in mm; must differ from `x0_mm`.
    pub x1_mm: f32,
}

impl DensityField for LinearDensity {
    fn density_per_cm2(&self, p: MapPoint) -> f32 {
        let t = ((p.x_mm - self.x0_mm) / (self.x1_mm - self.x0_mm)).clamp(0.0, 1.0);
        self.from_per_cm2 + (self.to_per_cm2 - self.from_per_cm2) * t
    }

    fn max_density_per_cm2(&self) -> f32 {
        self.from_per_cm2.max(self.to_per_cm2)
    }
}
