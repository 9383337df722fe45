//! The photo's camera, as seen on the scalp: how soft, grainy, tinted and shiny the photo is
//! where dots will go, so dots can be rendered through the same camera instead of laid on it
//! crisp (a dot sharper than the client's own stubble reads as printed on the photo).
//!
//! [`PhotoLook`] holds the measured values; the renderer blurs each dot by `blur_px`, adds grain
//! of the photo's size and strength where dots darken the skin, and keeps the specular
//! reflection (the light's colour on top of the skin) out of what pigment darkens.

/// How the photo's camera saw the scalp (see the module docs). All values are in photo pixels and
/// sRGB levels of that photo, at its full resolution.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PhotoLook {
    /// Standard deviation of the Gaussian that stands for the camera's point spread (lens,
    /// focus, noise reduction and resampling together), px of the photo; 0 = perfectly sharp.
    pub blur_px: f32,
    /// Standard deviation of the photo's grain on flat skin, sRGB levels (0–255) of luma.
    pub noise_levels: f32,
    /// Size of the grain: standard deviation of the Gaussian whose blur of white noise gives
    /// the grain's correlation, px (0 = independent per pixel; noise reduction clumps grain).
    pub grain_px: f32,
    /// Colour of the light on the scalp, linear RGB, scaled so that its channels average 1
    /// (`[1, 1, 1]` = neutral; a warm room has red above blue).
    pub light_rgb: [f32; 3],
    /// The scalp's diffuse colour (skin without glare), linear RGB in `[0, 1]`: the median skin
    /// pixel under the photo's light.
    pub skin_rgb_linear: [f32; 3],
    /// Share of scalp pixels under a specular highlight, in `[0, 1]`.
    pub glare_share: f32,
}

impl PhotoLook {
    /// A perfectly sharp, noise-free photo in neutral light with no glare: dots drawn through it
    /// look as the renderer draws them on the default head.
    pub const SHARP: PhotoLook = PhotoLook {
        blur_px: 0.0,
        noise_levels: 0.0,
        grain_px: 0.0,
        light_rgb: [1.0, 1.0, 1.0],
        skin_rgb_linear: [0.45, 0.30, 0.22],
        glare_share: 0.0,
    };
}
