//! The crown zone: an elliptical area around the whorl, thinner at the whorl centre (where hair
//! naturally parts), with a feathered edge that blends into the surrounding hair.

use super::DensityField;
use super::noise::ValueNoise;
use super::shape::{Ellipse, feather};
use crate::geom::{MapPoint, MapRect};
use crate::seed::{derive_seed, stream};

/// Parameters of a crown zone (scalp-map mm, dots/cm²).
#[derive(Clone, Debug, PartialEq)]
pub struct CrownZoneParams {
    /// Full target density, dots/cm². Default 55.
    pub density_per_cm2: f32,
    /// Whorl centre; default 10 mm right of the midline (x = −10), 205 mm back.
    pub whorl_mm: MapPoint,
    /// Width of the ellipse across (x), mm. Default 110 (crown whorls are 10–13 cm across).
    pub across_mm: f32,
    /// Length of the ellipse front to back (y), mm. Default 130.
    pub length_mm: f32,
    /// Rotation of the ellipse, degrees. Default 0.
    pub rotation_deg: f32,
    /// Feathered margin outside the ellipse, mm. Default 20.
    pub feather_mm: f32,
    /// Density drop at the whorl centre as a fraction of full. Default 0.35.
    pub whorl_dip_fraction: f32,
    /// Radius of the thinner whorl centre, mm. Default 12.
    pub whorl_radius_mm: f32,
    /// A second whorl's centre, if any (1.5–5 % of people).
    pub second_whorl_mm: Option<MapPoint>,
    /// Seed of the gentle swirl variation. Default 0.
    pub seed: u64,
}

/// The crown zone as a density field.
#[derive(Clone, Debug)]
pub struct CrownZone {
    p: CrownZoneParams,
    ellipse: Ellipse,
    inv_two_sigma2: f32,
    swirl: ValueNoise,
    bounds: MapRect,
}

impl CrownZone {
    /// The zone for `params`.
    pub fn new(params: CrownZoneParams) -> Self {
        let ellipse = Ellipse::new(
            params.whorl_mm,
            0.5 * params.across_mm,
            0.5 * params.length_mm,
            params.rotation_deg,
        );
        let bounds = ellipse.bounds(params.feather_mm + 1.0);
        let sigma = params.whorl_radius_mm.max(0.1);
        Self {
            inv_two_sigma2: 1.0 / (2.0 * sigma * sigma),
            swirl: ValueNoise::new(derive_seed(params.seed, stream::CROWN_SWIRL), 18.0),
            ellipse,
            bounds,
            p: params,
        }
    }

    /// Where the zone can be non-zero, mm.
    pub fn bounds(&self) -> MapRect {
        self.bounds
    }

    /// Full target density, dots/cm².
    pub fn target_per_cm2(&self) -> f32 {
        self.p.density_per_cm2
    }

    fn dip(&self, p: MapPoint, whorl: MapPoint) -> f32 {
        let x = p.distance_sq_mm2(whorl) * self.inv_two_sigma2;
        // Beyond about 4.5 σ the dip is below 0.01 %: skip the exp.
        if x > 10.0 { 0.0 } else { self.p.whorl_dip_fraction * (-x).exp() }
    }
}

impl DensityField for CrownZone {
    fn density_per_cm2(&self, p: MapPoint) -> f32 {
        if !self.bounds.contains(p) {
            return 0.0;
        }
        let edge = feather(self.ellipse.signed_distance_mm(p), self.p.feather_mm);
        if edge <= 0.0 {
            return 0.0;
        }
        let mut dip = self.dip(p, self.p.whorl_mm);
        if let Some(second) = self.p.second_whorl_mm {
            dip = dip.max(self.dip(p, second));
        }
        // ±4 % swirl so the crown is not a flat fill; small enough for the ±10 % density promise.
        let swirl = 1.0 + 0.04 * self.swirl.at(p);
        self.p.density_per_cm2 * edge * (1.0 - dip) * swirl
    }

    fn max_density_per_cm2(&self) -> f32 {
        self.p.density_per_cm2 * 1.04
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whorl_centre_is_thinner_and_edge_feathers_out() {
        let z = CrownZone::new(crate::preset::CrownSpec::default().params(0));
        let centre = z.density_per_cm2(MapPoint::new(-10.0, 205.0));
        let ring = z.density_per_cm2(MapPoint::new(-10.0, 245.0));
        assert!(centre < 0.75 * ring, "centre {centre} ring {ring}");
        // Outline at y = 205 + 65; feathered 20 mm beyond.
        let half = z.density_per_cm2(MapPoint::new(-10.0, 280.0));
        assert!(half > 0.2 * ring && half < 0.8 * ring);
        assert_eq!(z.density_per_cm2(MapPoint::new(-10.0, 291.0)), 0.0);
    }

    #[test]
    fn second_whorl_adds_a_second_dip() {
        let mut params = crate::preset::CrownSpec::default().params(0);
        let far = z_at(&params, MapPoint::new(20.0, 215.0));
        params.second_whorl_mm = Some(MapPoint::new(20.0, 215.0));
        let near = z_at(&params, MapPoint::new(20.0, 215.0));
        assert!(near < 0.8 * far);
    }

    fn z_at(params: &CrownZoneParams, p: MapPoint) -> f32 {
        CrownZone::new(params.clone()).density_per_cm2(p)
    }
}
