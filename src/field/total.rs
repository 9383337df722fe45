//! The total (full-shave) zone: a whole bald area at one target density, starting behind the
//! hairline zone's front band and feathering into the remaining fringe at its sides and back.

use std::sync::Arc;

use super::DensityField;
use super::hairline_curve::HairlineCurve;
use super::shape::{Region, feather};
use crate::geom::{MapPoint, MapRect};
use crate::math::smoothstep;

/// Where a total zone starts behind the designed hairline.
#[derive(Clone, Debug)]
pub struct HairlineFront {
    /// The designed hairline.
    pub curve: Arc<HairlineCurve>,
    /// Depth behind the line where the zone starts rising, mm (the hairline zone covers the front).
    pub offset_mm: f32,
    /// Depth over which it rises to full, mm.
    pub ramp_mm: f32,
}

/// The total zone as a density field.
#[derive(Clone, Debug)]
pub struct TotalZone {
    region: Region,
    density_per_cm2: f32,
    feather_mm: f32,
    front: Option<HairlineFront>,
    bounds: MapRect,
}

impl TotalZone {
    /// A zone filling `region` at `density_per_cm2`, feathered `feather_mm` past its edge, and if
    /// `front` is given, zero in front of the hairline and rising behind it.
    pub fn new(
        region: Region,
        density_per_cm2: f32,
        feather_mm: f32,
        front: Option<HairlineFront>,
    ) -> Self {
        let bounds = region.bounds(feather_mm + 1.0);
        Self { region, density_per_cm2, feather_mm, front, bounds }
    }

    /// Where the zone can be non-zero, mm.
    pub fn bounds(&self) -> MapRect {
        self.bounds
    }

    /// Full target density, dots/cm².
    pub fn target_per_cm2(&self) -> f32 {
        self.density_per_cm2
    }
}

impl DensityField for TotalZone {
    fn density_per_cm2(&self, p: MapPoint) -> f32 {
        if !self.bounds.contains(p) {
            return 0.0;
        }
        let edge =
            feather(self.region.signed_distance_mm(p, self.feather_mm + 1.0), self.feather_mm);
        if edge <= 0.0 {
            return 0.0;
        }
        let front = match &self.front {
            Some(f) => {
                let cap = f.offset_mm + f.ramp_mm + 1.0;
                smoothstep(f.offset_mm, f.offset_mm + f.ramp_mm, f.curve.depth_mm(p, cap))
            }
            None => 1.0,
        };
        self.density_per_cm2 * edge * front
    }

    fn max_density_per_cm2(&self) -> f32 {
        self.density_per_cm2
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::shape::Ellipse;

    #[test]
    fn total_zone_starts_behind_the_hairline_and_fades_into_the_fringe() {
        let curve =
            Arc::new(HairlineCurve::new(crate::preset::HairlineSpec::default().geometry(0)));
        let region = Region::Ellipse(Ellipse::new(MapPoint::new(0.0, 170.0), 110.0, 130.0, 0.0));
        let front = HairlineFront { curve: curve.clone(), offset_mm: 8.0, ramp_mm: 10.0 };
        let z = TotalZone::new(region, 50.0, 15.0, Some(front));
        let line_y = curve.front_y_mm(0.0);
        assert_eq!(z.density_per_cm2(MapPoint::new(0.0, line_y + 2.0)), 0.0);
        assert!((z.density_per_cm2(MapPoint::new(0.0, line_y + 30.0)) - 50.0).abs() < 1e-3);
        // Back edge at y = 300, fringe blend until 315.
        assert!((z.density_per_cm2(MapPoint::new(0.0, 290.0)) - 50.0).abs() < 1e-3);
        let blend = z.density_per_cm2(MapPoint::new(0.0, 307.5));
        assert!(blend > 10.0 && blend < 40.0);
        assert_eq!(z.density_per_cm2(MapPoint::new(0.0, 316.0)), 0.0);
    }
}
