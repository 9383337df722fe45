//! How the default head is painted: skin, light and background.

use super::skin::SkinType;

/// How the default head is painted.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DefaultHeadOptions {
    /// Skin type of the head. Default [`SkinType::III`].
    pub skin: SkinType,
    /// Direction toward the light in the image frame (x right, y down, z toward the viewer);
    /// normalised internally. Default `[-0.35, -0.55, 0.76]`: from the upper left, in front.
    pub light_dir: [f32; 3],
    /// Light reaching surfaces that face away from the light, fraction of full, in `[0, 1]`.
    /// Default `0.38`.
    pub ambient: f32,
    /// Background colour, sRGB. Default `[196, 198, 200]`: a light neutral grey.
    pub background_srgb: [u8; 3],
}

impl Default for DefaultHeadOptions {
    fn default() -> Self {
        Self {
            skin: SkinType::default(),
            light_dir: [-0.35, -0.55, 0.76],
            ambient: 0.38,
            background_srgb: [196, 198, 200],
        }
    }
}
