//! Pigment in skin: dilution → strength and the fresh / healed / aged look.
//!
//! The head model calls [`dot_appearance`] for every dot and puts the result into a
//! [`crate::ScreenDot`]; the splat renderer then turns strength into transmittance
//! (`t^strength`, Beer–Lambert). Constants are choices grounded in practitioners' published figures, not measurements:
//! fresh dots are scabs up to 0.25 mm and darker; healed dots are lighter and smaller; over years
//! dots soften and spread a little, and scar tissue fades about 1.8× faster.

use crate::dots::{Dot, ZoneKind};

/// Dilution (parts water per part pigment) at which a dot has half the full strength.
/// With it 6:1 → 0.83, 10:1 → 0.75, 20:1 → 0.60, 30:1 → 0.50: the usual range stays
/// clearly visible on fair skin, as practitioners' dilution charts intend.
const HALF_STRENGTH_DILUTION: f32 = 30.0;
/// Fraction of the remaining lightness a fresh scab takes away (fresh dots are darker).
const FRESH_DARKENING: f32 = 0.5;
/// Years for a healed dot to lose half its strength on normal scalp (touch-ups every 2–5 years).
const HALF_LIFE_YEARS: f32 = 6.0;
/// How much faster pigment fades in scar tissue (practitioners report about 1.8×).
const SCAR_FADE_FACTOR: f32 = 1.8;
/// How much wider a healed dot looks than its pigment deposit, mm. Pigment sits in the upper
/// dermis and is seen through the epidermis, which scatters light: the visible impression of a
/// 0.10–0.15 mm deposit is a soft dot of roughly 0.3–0.5 mm. Without it a preset at the
/// density practitioners use (50–80 dots/cm²) darkened the treated scalp by under 1 % and read
/// as bare skin, unlike any SMP before/after photo. Fresh dots get it too (their pigment is in the
/// dermis as well), so a scab stays larger than the dot it heals into.
pub const HEALED_OPTICAL_SPREAD_MM: f32 = 0.30;
/// Largest relative growth of the diameter as dots spread over the years.
const MAX_SPREAD: f32 = 0.15;
/// Years over which most of that spreading happens.
const SPREAD_YEARS: f32 = 4.0;

/// How long after treatment the preview shows the dots.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum Look {
    /// Right after a session: dots are scabs, larger (`fresh_diameter_mm`) and darker.
    Fresh,
    /// Healed, weeks after the session: `diameter_mm` (plus the optical spread of pigment seen
    /// through skin, [`HEALED_OPTICAL_SPREAD_MM`]) at the planned strength.
    #[default]
    Healed,
    /// Years after treatment without touch-up: lighter and slightly spread.
    Aged {
        /// Years since the healed state, ≥ 0.
        years: f32,
    },
}

impl Look {
    /// Years an aged look may be asked for: touch-ups come every 2–5 years, so 30 years is far
    /// past any plan; beyond it the fade model is not meaningful.
    pub const AGED_YEARS_RANGE: std::ops::RangeInclusive<f32> = 0.0..=30.0;

    /// Short name for labels: `fresh`, `healed`, `aged 3 y`.
    pub fn label(&self) -> String {
        match self {
            Look::Fresh => "fresh".to_owned(),
            Look::Healed => "healed".to_owned(),
            Look::Aged { years } => format!("aged {years} y"),
        }
    }
}

/// How one dot appears for a look: the size and pigment strength to draw it with.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DotAppearance {
    /// Visible diameter on the skin, mm: the diameter to draw the dot with.
    pub diameter_mm: f32,
    /// Pigment strength from 0 (invisible) to 1 (undiluted), for [`ScreenDot::strength`](crate::render::ScreenDot::strength).
    pub strength: f32,
}

impl DotAppearance {
    /// Whether the dot leaves any mark: a dot of no size or no pigment is skipped, not drawn.
    pub fn is_visible(&self) -> bool {
        self.strength > 0.0 && self.diameter_mm > 0.0
    }
}

/// Strength of pigment diluted `dilution`:1 (parts water per part pigment), in `(0, 1]`.
///
/// Strictly decreasing: more dilution is always lighter. Negative or non-finite dilutions are
/// treated as undiluted (0).
pub fn strength_for_dilution(dilution: f32) -> f32 {
    let n = if dilution.is_finite() { dilution.max(0.0) } else { 0.0 };
    1.0 / (1.0 + n / HALF_STRENGTH_DILUTION)
}

/// The size and strength to draw `dot` with, in a zone of `kind`, for `look`.
pub fn dot_appearance(dot: &Dot, kind: ZoneKind, look: Look) -> DotAppearance {
    let healed = strength_for_dilution(dot.dilution);
    match look {
        Look::Fresh => DotAppearance {
            diameter_mm: dot.fresh_diameter_mm.max(dot.diameter_mm) + HEALED_OPTICAL_SPREAD_MM,
            strength: 1.0 - (1.0 - healed) * FRESH_DARKENING,
        },
        Look::Healed => DotAppearance {
            diameter_mm: dot.diameter_mm + HEALED_OPTICAL_SPREAD_MM,
            strength: healed,
        },
        Look::Aged { years } => {
            let years = if years.is_finite() { years.max(0.0) } else { 0.0 };
            let fade_years = if kind == ZoneKind::Scar { years * SCAR_FADE_FACTOR } else { years };
            let spread = 1.0 + MAX_SPREAD * (1.0 - (-years / SPREAD_YEARS).exp());
            DotAppearance {
                diameter_mm: dot.diameter_mm * spread + HEALED_OPTICAL_SPREAD_MM,
                strength: healed * 0.5f32.powf(fade_years / HALF_LIFE_YEARS),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::MapPoint;

    fn dot(dilution: f32) -> Dot {
        Dot {
            position: MapPoint::new(0.0, 0.0),
            diameter_mm: 0.12,
            fresh_diameter_mm: 0.22,
            dilution,
            session: 1,
            zone: 0,
        }
    }

    #[test]
    fn more_dilution_is_always_lighter() {
        let mut last = strength_for_dilution(0.0);
        assert_eq!(last, 1.0);
        for n in 1..=60 {
            let s = strength_for_dilution(n as f32 * 0.5);
            assert!(s < last && s > 0.0, "{n}: {s} !< {last}");
            last = s;
        }
    }

    #[test]
    fn fresh_is_larger_and_darker_healed_is_planned_aged_is_lighter_and_wider() {
        let d = dot(10.0);
        let fresh = dot_appearance(&d, ZoneKind::Hairline, Look::Fresh);
        let healed = dot_appearance(&d, ZoneKind::Hairline, Look::Healed);
        let aged = dot_appearance(&d, ZoneKind::Hairline, Look::Aged { years: 3.0 });
        let visible = 0.12 + HEALED_OPTICAL_SPREAD_MM;
        assert_eq!(
            healed,
            DotAppearance { diameter_mm: visible, strength: strength_for_dilution(10.0) }
        );
        assert_eq!(fresh.diameter_mm, 0.22 + HEALED_OPTICAL_SPREAD_MM);
        assert!(fresh.diameter_mm > healed.diameter_mm && fresh.strength > healed.strength);
        assert!(aged.strength < healed.strength && aged.diameter_mm > healed.diameter_mm);
        assert!(aged.diameter_mm < healed.diameter_mm * 1.2, "spread stays slight");
        let older = dot_appearance(&d, ZoneKind::Hairline, Look::Aged { years: 8.0 });
        assert!(older.strength < aged.strength && older.diameter_mm > aged.diameter_mm);
    }

    #[test]
    fn scar_zones_fade_faster() {
        let d = dot(10.0);
        let look = Look::Aged { years: 4.0 };
        let scalp = dot_appearance(&d, ZoneKind::Crown, look).strength;
        let scar = dot_appearance(&d, ZoneKind::Scar, look).strength;
        let healed = strength_for_dilution(10.0);
        // Fade measured as log-loss of strength: scar loses 1.8× as much.
        let ratio = (scar / healed).ln() / (scalp / healed).ln();
        assert!((ratio - 1.8).abs() < 1e-3, "{ratio}");
    }
}
