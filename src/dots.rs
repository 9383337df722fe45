//! Dots as the practitioner plans them: where, how big, how diluted, in which session and zone.

use crate::geom::MapPoint;

/// The kind of treatment zone a dot belongs to; renderers use it (scar pigment fades faster).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ZoneKind {
    /// The frontal hairline and its soft front band.
    Hairline,
    /// The crown (vertex) with its whorl.
    Crown,
    /// Dots added between existing hair in a thinning area.
    Diffuse,
    /// Scar camouflage (FUT strip or FUE dots).
    Scar,
    /// A whole bald area at one target density (full shave).
    Total,
}

impl ZoneKind {
    /// The kind as presets and reports name it (`hairline`, `crown`, …).
    pub fn name(self) -> &'static str {
        match self {
            Self::Hairline => "hairline",
            Self::Crown => "crown",
            Self::Diffuse => "diffuse",
            Self::Scar => "scar",
            Self::Total => "total",
        }
    }
}

/// One planned pigment dot.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Dot {
    /// Centre on the scalp map, mm.
    pub position: MapPoint,
    /// Healed diameter, mm.
    pub diameter_mm: f32,
    /// Diameter right after the session (scab), mm; larger than `diameter_mm`.
    pub fresh_diameter_mm: f32,
    /// Pigment dilution as parts water per part pigment (the `N` of `N:1`); more is lighter.
    pub dilution: f32,
    /// Session that places the dot, from 1.
    pub session: u8,
    /// Index of the dot's zone in the plan's zone list.
    pub zone: u16,
}

/// How a zone's dots look: size with jitter, shade relative to the session's dilution, and how the
/// very front of a hairline is drawn finer and lighter.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DotStyle {
    /// Mean healed diameter, mm. Default 0.15 (healed SMP dots are 0.10–0.15 mm, "around 0.1 mm"
    /// per Rassman et al., ISHRS Forum; always under 1 mm).
    pub healed_diameter_mm: f32,
    /// Uniform jitter of the diameter, ± this fraction. Default 0.2 (at least 0.15: identical dots
    /// look printed).
    pub diameter_jitter_fraction: f32,
    /// Fresh (scab) diameter as a multiple of the healed one. Default 1.6.
    pub fresh_diameter_scale: f32,
    /// Multiplies the session's dilution (more is lighter). Default 1.0.
    pub dilution_scale: f32,
    /// Diameter reduction at the very front of a hairline, as a fraction. Default 0.25.
    pub front_finer_fraction: f32,
    /// Extra dilution at the very front of a hairline, as a fraction. Default 0.4.
    pub front_lighter_fraction: f32,
}

/// The defaults a preset's `dot` block shares with [`DotStyle`], kept once here in the preset's
/// own precision (f64, so `presets show` prints `0.15`, not the f32 widening of it).
pub(crate) mod style_defaults {
    /// Mean healed diameter, mm.
    pub const HEALED_DIAMETER_MM: f64 = 0.15;
    /// Diameter jitter, ± fraction.
    pub const DIAMETER_JITTER_FRACTION: f64 = 0.2;
    /// Fresh diameter as a multiple of healed.
    pub const FRESH_DIAMETER_SCALE: f64 = 1.6;
    /// Multiplier of the session dilution.
    pub const DILUTION_SCALE: f64 = 1.0;
}

impl Default for DotStyle {
    fn default() -> Self {
        use style_defaults as d;
        Self {
            healed_diameter_mm: d::HEALED_DIAMETER_MM as f32,
            diameter_jitter_fraction: d::DIAMETER_JITTER_FRACTION as f32,
            fresh_diameter_scale: d::FRESH_DIAMETER_SCALE as f32,
            dilution_scale: d::DILUTION_SCALE as f32,
            front_finer_fraction: 0.25,
            front_lighter_fraction: 0.4,
        }
    }
}

/// The largest dilution a dot gets (30:1), however light its zone and position make it.
pub const MAX_DILUTION: f32 = 30.0;

impl DotStyle {
    /// A dot at `position` for `session` (from 1) with the session's `dilution`, in zone `zone`;
    /// `front_factor` is 1 at the very front of a hairline and 0 elsewhere. Draws the diameter
    /// jitter from `rng`.
    pub fn dot<R: rand::Rng + ?Sized>(
        &self,
        position: MapPoint,
        session: u8,
        dilution: f32,
        zone: u16,
        front_factor: f32,
        rng: &mut R,
    ) -> Dot {
        use rand_distr::Distribution;
        let j = self.diameter_jitter_fraction.clamp(0.0, 0.9);
        let jitter = match rand_distr::Uniform::new_inclusive(1.0 - j, 1.0 + j) {
            Ok(u) => u.sample(rng),
            Err(_) => 1.0,
        };
        let front = front_factor.clamp(0.0, 1.0);
        let diameter_mm =
            self.healed_diameter_mm * jitter * (1.0 - self.front_finer_fraction * front);
        let shade = dilution * self.dilution_scale * (1.0 + self.front_lighter_fraction * front);
        Dot {
            position,
            diameter_mm,
            fresh_diameter_mm: diameter_mm * self.fresh_diameter_scale,
            dilution: shade.min(MAX_DILUTION.max(dilution)),
            session,
            zone,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn dots_jitter_in_size_and_the_front_is_finer_and_lighter() {
        let style = DotStyle::default();
        let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(3);
        let p = MapPoint::new(0.0, 80.0);
        let dots: Vec<Dot> = (0..500).map(|_| style.dot(p, 1, 15.0, 0, 0.0, &mut rng)).collect();
        let (lo, hi) = dots
            .iter()
            .fold((f32::MAX, 0.0f32), |(a, b), d| (a.min(d.diameter_mm), b.max(d.diameter_mm)));
        assert!(lo < 0.15 * 0.87 && hi > 0.15 * 1.13, "jitter of at least ±15 %: {lo}..{hi}");
        assert!(lo >= 0.15 * 0.8 - 1e-6 && hi <= 0.15 * 1.2 + 1e-6);
        assert!(dots.iter().all(|d| d.fresh_diameter_mm > d.diameter_mm && d.dilution == 15.0));
        let front = style.dot(p, 1, 15.0, 0, 1.0, &mut rng);
        assert!(front.diameter_mm < 0.15 * 1.2 * 0.75 + 1e-6);
        assert!(front.dilution > 15.0 && front.dilution <= MAX_DILUTION);
    }
}
