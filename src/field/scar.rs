//! The scar zone: an FUT strip (a polyline with a width) and FUE dot scars (small discs), filled
//! inside and feathered a margin past the edge so the scar never reads as a "barcode".

use super::DensityField;
use super::shape::{Polyline, bounds_of, feather};
use crate::geom::{MapPoint, MapRect};

/// An FUT strip scar: the middle line and the scar's width.
#[derive(Clone, Debug)]
pub struct StripScar {
    /// The middle of the strip, mm.
    pub line: Polyline,
    /// Full width of the scar, mm.
    pub width_mm: f32,
}

/// A round FUE scar.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DiscScar {
    /// Centre, mm.
    pub center: MapPoint,
    /// Diameter, mm.
    pub diameter_mm: f32,
}

/// The scar zone as a density field.
#[derive(Clone, Debug)]
pub struct ScarZone {
    strip: Option<StripScar>,
    discs: Vec<DiscScar>,
    density_per_cm2: f32,
    margin_mm: f32,
    disc_bounds: MapRect,
    bounds: MapRect,
}

impl ScarZone {
    /// Scars filled at `density_per_cm2`, feathered `margin_mm` (default in presets: 3) past the edge.
    pub fn new(
        strip: Option<StripScar>,
        discs: Vec<DiscScar>,
        density_per_cm2: f32,
        margin_mm: f32,
    ) -> Self {
        let max_disc = discs.iter().map(|d| d.diameter_mm).fold(0.0, f32::max);
        let centres: Vec<MapPoint> = discs.iter().map(|d| d.center).collect();
        let disc_bounds = if centres.is_empty() {
            MapRect { min: MapPoint::new(0.0, 0.0), max: MapPoint::new(0.0, 0.0) }
        } else {
            bounds_of(&centres, 0.5 * max_disc + margin_mm + 1.0)
        };
        let mut corners = Vec::new();
        if let Some(s) = &strip {
            let b = s.line.bounds();
            let m = 0.5 * s.width_mm + margin_mm + 1.0;
            corners.push(MapPoint::new(b.min.x_mm - m, b.min.y_mm - m));
            corners.push(MapPoint::new(b.max.x_mm + m, b.max.y_mm + m));
        }
        if !centres.is_empty() {
            corners.push(disc_bounds.min);
            corners.push(disc_bounds.max);
        }
        let bounds = bounds_of(&corners, 0.0);
        Self { strip, discs, density_per_cm2, margin_mm, disc_bounds, bounds }
    }

    /// Where the zone can be non-zero, mm.
    pub fn bounds(&self) -> MapRect {
        self.bounds
    }

    /// Full target density, dots/cm².
    pub fn target_per_cm2(&self) -> f32 {
        self.density_per_cm2
    }

    /// Signed distance to the nearest scar edge, mm (negative inside a scar).
    fn signed_distance_mm(&self, p: MapPoint) -> f32 {
        let mut best = f32::INFINITY;
        if let Some(s) = &self.strip {
            let half = 0.5 * s.width_mm;
            best = s.line.distance_mm(p, half + self.margin_mm + 1.0) - half;
        }
        if self.disc_bounds.contains(p) {
            for d in &self.discs {
                best = best.min(p.distance_mm(d.center) - 0.5 * d.diameter_mm);
            }
        }
        best
    }
}

impl DensityField for ScarZone {
    fn density_per_cm2(&self, p: MapPoint) -> f32 {
        if !self.bounds.contains(p) {
            return 0.0;
        }
        self.density_per_cm2 * feather(self.signed_distance_mm(p), self.margin_mm)
    }

    fn max_density_per_cm2(&self) -> f32 {
        self.density_per_cm2
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strip_and_discs_are_filled_and_feathered_past_the_edge() {
        let strip = StripScar {
            line: Polyline::new(vec![MapPoint::new(-50.0, 280.0), MapPoint::new(50.0, 285.0)]),
            width_mm: 4.0,
        };
        let discs = vec![DiscScar { center: MapPoint::new(0.0, 250.0), diameter_mm: 1.0 }];
        let z = ScarZone::new(Some(strip), discs, 40.0, 3.0);
        assert_eq!(z.density_per_cm2(MapPoint::new(0.0, 282.5)), 40.0);
        let edge = z.density_per_cm2(MapPoint::new(0.0, 282.5 + 2.0 + 1.5));
        assert!(edge > 5.0 && edge < 35.0, "half-way through the margin: {edge}");
        assert_eq!(z.density_per_cm2(MapPoint::new(0.0, 282.5 + 2.0 + 3.1)), 0.0);
        assert_eq!(z.density_per_cm2(MapPoint::new(0.0, 250.2)), 40.0);
        assert!(z.density_per_cm2(MapPoint::new(0.0, 252.0)) > 0.0);
        assert_eq!(z.density_per_cm2(MapPoint::new(0.0, 254.0)), 0.0);
    }
}
