//! Composition of zones: the target at a point is the largest of the zones' densities, and the
//! zone giving it is the one a dot there belongs to (for its style and label).

use super::DensityField;
use super::crown::CrownZone;
use super::diffuse::DiffuseZone;
use super::hairline::HairlineZone;
use super::scar::ScarZone;
use super::total::TotalZone;
use crate::dots::ZoneKind;
use crate::geom::{MapPoint, MapRect};

/// One zone of any kind; an enum rather than a trait object so evaluation is a direct call.
#[derive(Clone, Debug)]
pub enum ZoneField {
    /// Frontal hairline.
    Hairline(HairlineZone),
    /// Crown with its whorl.
    Crown(CrownZone),
    /// Dots added in diffuse thinning.
    Diffuse(DiffuseZone),
    /// Scar camouflage.
    Scar(ScarZone),
    /// Whole bald area.
    Total(TotalZone),
}

impl ZoneField {
    /// The kind of zone.
    pub fn kind(&self) -> ZoneKind {
        match self {
            ZoneField::Hairline(_) => ZoneKind::Hairline,
            ZoneField::Crown(_) => ZoneKind::Crown,
            ZoneField::Diffuse(_) => ZoneKind::Diffuse,
            ZoneField::Scar(_) => ZoneKind::Scar,
            ZoneField::Total(_) => ZoneKind::Total,
        }
    }

    /// Where the zone can be non-zero, mm.
    pub fn bounds(&self) -> MapRect {
        match self {
            ZoneField::Hairline(z) => z.bounds(),
            ZoneField::Crown(z) => z.bounds(),
            ZoneField::Diffuse(z) => z.bounds(),
            ZoneField::Scar(z) => z.bounds(),
            ZoneField::Total(z) => z.bounds(),
        }
    }

    /// The zone's full (nominal) target density, dots/cm².
    pub fn target_per_cm2(&self) -> f32 {
        match self {
            ZoneField::Hairline(z) => z.target_per_cm2(),
            ZoneField::Crown(z) => z.target_per_cm2(),
            ZoneField::Diffuse(z) => z.target_per_cm2(),
            ZoneField::Scar(z) => z.target_per_cm2(),
            ZoneField::Total(z) => z.target_per_cm2(),
        }
    }

    /// 1 where dots should be finest and lightest (the very front of a hairline), else 0.
    pub fn front_factor(&self, p: MapPoint) -> f32 {
        match self {
            ZoneField::Hairline(z) => z.front_factor(p),
            _ => 0.0,
        }
    }
}

impl DensityField for ZoneField {
    fn density_per_cm2(&self, p: MapPoint) -> f32 {
        match self {
            ZoneField::Hairline(z) => z.density_per_cm2(p),
            ZoneField::Crown(z) => z.density_per_cm2(p),
            ZoneField::Diffuse(z) => z.density_per_cm2(p),
            ZoneField::Scar(z) => z.density_per_cm2(p),
            ZoneField::Total(z) => z.density_per_cm2(p),
        }
    }

    fn max_density_per_cm2(&self) -> f32 {
        match self {
            ZoneField::Hairline(z) => z.max_density_per_cm2(),
            ZoneField::Crown(z) => z.max_density_per_cm2(),
            ZoneField::Diffuse(z) => z.max_density_per_cm2(),
            ZoneField::Scar(z) => z.max_density_per_cm2(),
            ZoneField::Total(z) => z.max_density_per_cm2(),
        }
    }
}

/// Zones combined by taking the largest density at each point.
#[derive(Clone, Debug, Default)]
pub struct ZoneSet {
    zones: Vec<ZoneField>,
}

impl ZoneSet {
    /// Combines `zones`; their order is the zone index dots carry.
    pub fn new(zones: Vec<ZoneField>) -> Self {
        Self { zones }
    }

    /// The zones in index order.
    pub fn zones(&self) -> &[ZoneField] {
        &self.zones
    }

    /// The zone contributing the most density at `p` and that density (dots/cm²); `None` where
    /// every zone is zero. Ties go to the earlier zone.
    pub fn winner(&self, p: MapPoint) -> Option<(usize, f32)> {
        let mut best: Option<(usize, f32)> = None;
        for (i, z) in self.zones.iter().enumerate() {
            let d = z.density_per_cm2(p);
            if d > 0.0 && best.is_none_or(|(_, b)| d > b) {
                best = Some((i, d));
            }
        }
        best
    }

    /// The smallest rectangle holding every zone's non-zero area, mm; `None` without zones.
    pub fn bounds(&self) -> Option<MapRect> {
        let mut it = self.zones.iter().map(ZoneField::bounds);
        let first = it.next()?;
        Some(it.fold(first, |a, b| MapRect {
            min: MapPoint::new(a.min.x_mm.min(b.min.x_mm), a.min.y_mm.min(b.min.y_mm)),
            max: MapPoint::new(a.max.x_mm.max(b.max.x_mm), a.max.y_mm.max(b.max.y_mm)),
        }))
    }
}

impl DensityField for ZoneSet {
    fn density_per_cm2(&self, p: MapPoint) -> f32 {
        self.zones.iter().map(|z| z.density_per_cm2(p)).fold(0.0, f32::max)
    }

    fn max_density_per_cm2(&self) -> f32 {
        self.zones.iter().map(|z| z.max_density_per_cm2()).fold(0.0, f32::max)
    }
}

/// Another field scaled by a constant factor (a session's cumulative fraction of the target).
#[derive(Clone, Copy, Debug)]
pub struct ScaledField<'a, F: ?Sized> {
    /// The field being scaled.
    pub inner: &'a F,
    /// The factor, e.g. 0.3 for the first of three sessions.
    pub factor: f32,
}

impl<F: DensityField + ?Sized> DensityField for ScaledField<'_, F> {
    fn density_per_cm2(&self, p: MapPoint) -> f32 {
        self.factor * self.inner.density_per_cm2(p)
    }

    fn max_density_per_cm2(&self) -> f32 {
        self.factor * self.inner.max_density_per_cm2()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::scar::{DiscScar, ScarZone};

    fn disc(x: f32, density: f32) -> ZoneField {
        let d = DiscScar { center: MapPoint::new(x, 0.0), diameter_mm: 10.0 };
        ZoneField::Scar(ScarZone::new(None, vec![d], density, 3.0))
    }

    #[test]
    fn the_densest_zone_wins_and_labels_the_point() {
        let set = ZoneSet::new(vec![disc(0.0, 20.0), disc(4.0, 50.0)]);
        assert_eq!(set.winner(MapPoint::new(4.0, 0.0)), Some((1, 50.0)));
        assert_eq!(set.winner(MapPoint::new(-6.0, 0.0)).map(|w| w.0), Some(0));
        assert_eq!(set.winner(MapPoint::new(100.0, 0.0)), None);
        assert_eq!(set.density_per_cm2(MapPoint::new(4.0, 0.0)), 50.0);
        let half = ScaledField { inner: &set, factor: 0.5 };
        assert_eq!(half.density_per_cm2(MapPoint::new(4.0, 0.0)), 25.0);
        assert_eq!(half.max_density_per_cm2(), 25.0);
    }
}
