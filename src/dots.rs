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
