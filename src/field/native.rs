//! The client's own remaining hair: full density behind the natural hairline, reduced or gone
//! where treatment zones mark the scalp as thinning or bald (e.g. the fringe of a Norwood VII).

use std::sync::Arc;

use super::DensityField;
use super::compose::ZoneField;
use super::hairline_curve::HairlineCurve;
use crate::geom::MapPoint;
use crate::math::smoothstep;

/// Depth over which hair thickens behind the hairline, mm (no hair grows on the forehead).
const FOREHEAD_RAMP_MM: f32 = 6.0;

/// Remaining native hair, hairs/cm²; zero on the forehead and where the scalp is bald.
#[derive(Clone, Debug)]
pub struct NativeHair {
    hair_per_cm2: f32,
    hairline: Arc<HairlineCurve>,
    /// Each zone with the fraction of native hair left inside it (0 = bald, 0.5 = half thinned).
    losses: Vec<(ZoneField, f32)>,
}

impl NativeHair {
    /// Hair at `hair_per_cm2` behind `hairline`, reduced inside each zone of `losses` to its fraction.
    pub fn new(
        hair_per_cm2: f32,
        hairline: Arc<HairlineCurve>,
        losses: Vec<(ZoneField, f32)>,
    ) -> Self {
        Self { hair_per_cm2, hairline, losses }
    }
}

impl DensityField for NativeHair {
    fn density_per_cm2(&self, p: MapPoint) -> f32 {
        let depth = self.hairline.depth_mm(p, FOREHEAD_RAMP_MM + 1.0);
        let mut hair = self.hair_per_cm2 * smoothstep(0.0, FOREHEAD_RAMP_MM, depth);
        for (zone, remaining) in &self.losses {
            if hair <= 0.0 {
                break;
            }
            let target = zone.target_per_cm2();
            if target <= 0.0 || !zone.bounds().contains(p) {
                continue;
            }
            // A zone counts as fully present from a quarter of its target on, so its feathered
            // edge hands over to the native hair instead of leaving a bald ring.
            let presence = (4.0 * zone.density_per_cm2(p) / target).min(1.0);
            hair *= 1.0 - (1.0 - remaining) * presence;
        }
        hair
    }

    fn max_density_per_cm2(&self) -> f32 {
        self.hair_per_cm2
    }
}
