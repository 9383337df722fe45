//! Skin types and their colours, for the default head and its previews.

/// Fitzpatrick skin type I–VI. Default [`SkinType::III`], as on the command line and in
/// variation sheets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SkinType {
    /// Type I: very fair, always burns.
    I,
    /// Type II: fair, usually burns.
    II,
    /// Type III: medium, sometimes burns.
    #[default]
    III,
    /// Type IV: olive, rarely burns.
    IV,
    /// Type V: brown, very rarely burns.
    V,
    /// Type VI: dark brown to black, never burns.
    VI,
}

/// Typical shaved-scalp skin colours per Fitzpatrick type, sRGB bytes, in lit light (no shading).
///
/// | type | sRGB | hex |
/// |---|---|---|
/// | I   | (238, 208, 188) | `#EED0BC` |
/// | II  | (226, 186, 160) | `#E2BAA0` |
/// | III | (202, 155, 122) | `#CA9B7A` |
/// | IV  | (165, 117, 84)  | `#A57554` |
/// | V   | (118, 80, 56)   | `#765038` |
/// | VI  | (74, 50, 38)    | `#4A3226` |
///
/// Chosen from common Fitzpatrick swatch charts, slightly desaturated because scalp skin is
/// paler than the face; they are starting points for a simulation, not colorimetry.
pub const SKIN_TONES_SRGB: [[u8; 3]; 6] = [
    [238, 208, 188],
    [226, 186, 160],
    [202, 155, 122],
    [165, 117, 84],
    [118, 80, 56],
    [74, 50, 38],
];

impl SkinType {
    /// Every type, I to VI.
    pub const ALL: [SkinType; 6] =
        [SkinType::I, SkinType::II, SkinType::III, SkinType::IV, SkinType::V, SkinType::VI];

    /// The type with Roman numeral `roman` (`I`..`VI`, any case), or `None`.
    pub fn from_roman(roman: &str) -> Option<Self> {
        let upper = roman.to_ascii_uppercase();
        Self::ALL.into_iter().find(|t| t.roman() == upper)
    }

    /// The Roman numeral of the type.
    pub fn roman(self) -> &'static str {
        ["I", "II", "III", "IV", "V", "VI"][self as usize]
    }

    /// Skin colour from [`SKIN_TONES_SRGB`].
    pub fn skin_srgb(self) -> [u8; 3] {
        SKIN_TONES_SRGB[self as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_library_default_skin_is_the_command_line_default() {
        assert_eq!(SkinType::default(), SkinType::III);
    }

    #[test]
    fn skin_types_round_trip_and_darken_from_i_to_vi() {
        for t in SkinType::ALL {
            assert_eq!(SkinType::from_roman(&t.roman().to_lowercase()), Some(t));
        }
        assert_eq!(SkinType::from_roman("VII"), None);
        let luma = |c: [u8; 3]| 299 * c[0] as u32 + 587 * c[1] as u32 + 114 * c[2] as u32;
        for pair in SKIN_TONES_SRGB.windows(2) {
            assert!(luma(pair[0]) > luma(pair[1]));
        }
    }
}
