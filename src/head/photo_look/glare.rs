//! Specular highlights: where the scalp reflects the light itself rather than its skin colour.
//!
//! Under the dichromatic reflection model a pixel is `diffuse·skin + specular·light`, the skin
//! colour itself being the skin's reflectance ρ times the light. Divided channel by channel by
//! the scalp's median colour, a skin pixel is grey (`a·(1, 1, 1)`, however it is lit) and a
//! highlight adds `b/ρ`: brighter, and bluer than red, since skin reflects red most and blue
//! least (ρ_r > ρ_g > ρ_b for every skin type). Neither the light's colour nor the exposure
//! enters: a tinted or brightened copy of a photo has the same highlights. Brightness alone
//! would take the lit side of the head for glare; the shift alone, grey hair in shadow.

/// A highlight is at least this many times as bright as the median scalp pixel (mean of the
/// channel ratios). The lit side of a round head under one lamp is ≈ 1.2–1.4 times the median.
const GLARE_BRIGHTNESS_RATIO: f32 = 1.5;
/// …and its blue ratio exceeds its red ratio by at least this share of its brightness (skin
/// plus a fifth of a white highlight on a light skin: ≈ 0.3).
const GLARE_MIN_SHIFT: f32 = 0.15;

/// Tells highlight pixels from skin, relative to the scalp's median colour.
#[derive(Clone, Copy, Debug)]
pub(super) struct GlareTest {
    /// 1 / the median's channels (0 for a black channel: nothing is glare then).
    inverse_median: [f32; 3],
}

impl GlareTest {
    /// The test for a scalp whose median pixel is `median_rgb_linear`.
    pub fn new(median_rgb_linear: [f32; 3]) -> Self {
        Self { inverse_median: median_rgb_linear.map(|v| if v > 1e-4 { 1.0 / v } else { 0.0 }) }
    }

    /// Whether a pixel of linear colour `rgb_linear` lies under a highlight.
    #[inline]
    pub fn is_glare(&self, rgb_linear: [f32; 3]) -> bool {
        let r: [f32; 3] = std::array::from_fn(|c| rgb_linear[c] * self.inverse_median[c]);
        let brightness = (r[0] + r[1] + r[2]) / 3.0;
        brightness > GLARE_BRIGHTNESS_RATIO && r[2] - r[0] > GLARE_MIN_SHIFT * brightness
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glare_is_bright_and_pale_relative_to_the_skin() {
        let skin = [0.40, 0.25, 0.18];
        let test = GlareTest::new(skin);
        assert!(!test.is_glare(skin));
        // Skin plus as much white light again: brighter and paler.
        assert!(test.is_glare([0.80, 0.65, 0.58]));
        // The lit side: twice as bright but just as saturated.
        assert!(!test.is_glare([0.80, 0.50, 0.36]));
        // Grey hair: pale but no brighter.
        assert!(!test.is_glare([0.28, 0.28, 0.28]));
        // The same under a warm light: the same answers.
        let warm = |c: [f32; 3]| [c[0], 0.8 * c[1], 0.6 * c[2]];
        let test = GlareTest::new(warm(skin));
        assert!(test.is_glare(warm([0.80, 0.65, 0.58])));
        assert!(!test.is_glare(warm([0.80, 0.50, 0.36])));
    }
}
