//! Seeds: one 64-bit mixer and the named streams every seeded part of smpsim derives from the
//! user's seed, so that no two parts share random numbers by accident and none hides a bare
//! number.
//!
//! The mixer is SplitMix64's (Steele, Lea and Flood, "Fast splittable pseudorandom number
//! generators", OOPSLA 2014): a bijection whose low bits are as random as its high ones, so
//! nearby inputs give unrelated outputs. Changing a stream's number moves every dot of every
//! saved seed: the golden tests would say so.

/// SplitMix64's increment, the odd integer closest to 2⁶⁴ divided by the golden ratio.
pub(crate) const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// SplitMix64's finaliser: mixes all 64 bits of `z`.
pub(crate) fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// One SplitMix64 step from state `z`: the increment, then the finaliser.
pub(crate) fn splitmix64(z: u64) -> u64 {
    mix64(z.wrapping_add(GOLDEN_GAMMA))
}

/// A seed derived from `seed` for `stream`: the same pair always gives the same value, and
/// different streams give unrelated ones.
pub(crate) fn derive_seed(seed: u64, stream: u64) -> u64 {
    mix64(seed ^ splitmix64(stream))
}

/// The streams derived from a preset's `pattern_seed` (the layout) and from a plan's seed.
///
/// Zones and sessions use their own index as the stream (zone `i` of the layout is stream `i`,
/// session `n`'s sampling is stream `n` of the plan seed); the fixed streams below are chosen
/// apart from those.
pub(crate) mod stream {
    /// The hairline curve's construction and waves (from the layout seed).
    pub const HAIRLINE_CURVE: u64 = 100;
    /// cm-scale waves of the hairline (from the curve's seed).
    pub const HAIRLINE_MACRO_WAVES: u64 = 1;
    /// mm-scale waves of the hairline (from the curve's seed).
    pub const HAIRLINE_MICRO_WAVES: u64 = 2;
    /// Gaps in the hairline's front band (from the hairline zone's seed).
    pub const HAIRLINE_GAPS: u64 = 11;
    /// How far sentinel dots wander ahead of the line (from the hairline zone's seed).
    pub const HAIRLINE_SENTINEL_REACH: u64 = 12;
    /// The crown whorl's swirl (from the crown zone's seed).
    pub const CROWN_SWIRL: u64 = 21;
    /// The unevenness of diffuse thinning (from the diffuse zone's seed).
    pub const DIFFUSE_UNEVENNESS: u64 = 31;
    /// Mixed into a noise's seed for its second, finer octave.
    pub const SECOND_OCTAVE: u64 = 0x5BD1_E995;

    /// Dot sizes and shades of session `number` (from the plan seed), apart from its sampling
    /// stream `number`.
    pub const fn session_dots(number: u8) -> u64 {
        1000 + number as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mixer_is_splitmix64() {
        // The first outputs of SplitMix64 seeded with 0, as its reference implementation prints
        // them: state 0 stepped once and twice.
        assert_eq!(splitmix64(0), 0xE220_A839_7B1D_CDAF);
        assert_eq!(splitmix64(GOLDEN_GAMMA), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn streams_differ_and_repeat() {
        assert_eq!(derive_seed(7, 11), derive_seed(7, 11));
        assert_ne!(derive_seed(7, 11), derive_seed(7, 12));
        assert_ne!(derive_seed(7, 11), derive_seed(8, 11));
    }
}
