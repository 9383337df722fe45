//! The photo's camera, as seen on the scalp: how soft, grainy, tinted and shiny the photo is
//! where dots will go, so dots can be rendered through the same camera instead of laid on it
//! crisp (a dot sharper than the client's own stubble reads as printed on the photo).
//!
//! [`PhotoLook`] holds the measured values; the renderer blurs each dot by `blur_px`, adds grain
//! of the photo's size and strength where dots darken the skin, and keeps the specular
//! reflection (the light's colour on top of the skin) out of what pigment darkens.
//!
//! [`measure_photo_look`] measures it inside the scalp mask: blur from re-blurred patches
//! (`blur.rs`), grain from flat skin (`noise.rs`), the light's and the skin's colours
//! (`light.rs`) and the highlights (`glare.rs`); each module states its method and limits.

mod blur;
mod glare;
mod light;
mod noise;
mod patches;

use image::RgbImage;

use crate::head::ScalpMask;
use blur::{Grain, measure_blur};
use light::measure_colour;
use noise::measure_noise;

/// How the photo's camera saw the scalp (see the module docs). All values are in photo pixels and
/// sRGB levels of that photo, at its full resolution.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PhotoLook {
    /// Standard deviation of the Gaussian that stands for the camera's point spread (lens,
    /// focus, noise reduction and resampling together), px of the photo; 0 = perfectly sharp.
    /// Measured beneath the phone's sharpening: the softness of the photo's finest detail,
    /// not what is left of it after the sharpening's halo.
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

/// Why one part of a [`PhotoLookMeasurement`] is unsure; its value is then a guess the caller
/// may replace (by [`PhotoLook::SHARP`]'s, or a `--look` option).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LookDoubt {
    /// The mask holds too few scalp pixels to measure anything.
    FewScalpPixels {
        /// Scalp pixels in the mask.
        scalp_px: usize,
    },
    /// Too few patches of the scalp with a clear edge (stubble, pores, hairline) to measure
    /// the blur by: a smooth, shiny or very blurred scalp.
    ScalpTooSmooth {
        /// Patches with an edge strong enough to use.
        patches: usize,
    },
    /// The scalp's edges fall off in a way neither a Gaussian blur nor a blur sharpened by an
    /// unsharp mask explains (a sharpening of another shape, strong JPEG compression, grain
    /// the grain model misses): the blur is the closest fit's, and may be too low.
    Sharpened,
    /// Too few flat, unclipped skin pixels to tell grain from texture.
    FewFlatPixels {
        /// Flat pixels found.
        flat_px: usize,
    },
    /// No specular highlight to read the light's colour from: it is guessed from the skin's
    /// colour against a typical skin's, which mistakes a ruddy or sallow skin for tinted light.
    LightFromSkinPrior,
}

impl std::fmt::Display for LookDoubt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::FewScalpPixels { scalp_px } => write!(f, "only {scalp_px} scalp pixels"),
            Self::ScalpTooSmooth { patches } => {
                write!(f, "scalp too smooth ({patches} patches with a clear edge)")
            }
            Self::Sharpened => {
                write!(f, "the edges fit neither a blur nor a sharpened blur (over-sharpened?)")
            }
            Self::FewFlatPixels { flat_px } => {
                write!(f, "too little flat skin ({flat_px} px)")
            }
            Self::LightFromSkinPrior => {
                write!(f, "no highlight: light guessed from the skin's colour")
            }
        }
    }
}

/// How sure one measured part of the look is: what it was measured on, and the doubt, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Certainty {
    /// Samples the value rests on: patches for the blur, pixels for the others.
    pub samples: usize,
    /// Why the value is unsure (`None` = sure).
    pub doubt: Option<LookDoubt>,
}

impl Certainty {
    /// Whether the value was measured without doubt.
    pub fn is_sure(&self) -> bool {
        self.doubt.is_none()
    }
}

/// A [`PhotoLook`] measured on a photo's scalp, with how sure each part is.
///
/// Unsure parts still hold the best guess (the measurement when there was anything to measure,
/// otherwise [`PhotoLook::SHARP`]'s value); the caller decides whether to fall back.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PhotoLookMeasurement {
    /// The measured look.
    pub look: PhotoLook,
    /// `look.blur_px`: patches used.
    pub blur: Certainty,
    /// `look.noise_levels` and `look.grain_px`: flat pixels used.
    pub noise: Certainty,
    /// `look.light_rgb` and `look.skin_rgb_linear`: highlight pixels the light was read from.
    pub light: Certainty,
    /// `look.glare_share`: scalp pixels examined.
    pub glare: Certainty,
}

impl PhotoLookMeasurement {
    /// Whether every part was measured without doubt.
    pub fn is_sure(&self) -> bool {
        [self.blur, self.noise, self.light, self.glare].iter().all(Certainty::is_sure)
    }
}

/// Measures how the camera saw the scalp of `photo` inside `mask` (255 = scalp; the photo's
/// size): blur, grain, light, skin colour and glare, each with how sure it is.
///
/// Blur is read on up to 256 patches at full resolution, or on block means of 2–16 px for a
/// blur beyond 1.5 px; grain, colours and glare on a grid of scalp pixels (every pixel up to
/// 0.06 MP of scalp for the grain and 0.12 MP for the colours, every n-th row and column
/// beyond); where the scalp shows no clear edge at all, a typical phone photo's blur is
/// assumed (a thousandth of the longer side, at most 2 px). Deterministic: the same result
/// for any number of threads. A mask of another size than the photo counts as no scalp.
pub fn measure_photo_look(photo: &RgbImage, mask: &ScalpMask) -> PhotoLookMeasurement {
    let scalp_px =
        if photo.dimensions() == (mask.width_px(), mask.height_px()) { mask.scalp_px() } else { 0 };
    if scalp_px < MIN_SCALP_PX {
        let doubt = Some(LookDoubt::FewScalpPixels { scalp_px });
        let unsure = Certainty { samples: 0, doubt };
        return PhotoLookMeasurement {
            look: PhotoLook::SHARP,
            blur: unsure,
            noise: unsure,
            light: unsure,
            glare: unsure,
        };
    }
    let step_for = |sampled_px: f64| ((scalp_px as f64 / sampled_px).sqrt().floor() as u32).max(1);
    let (noise_step_px, colour_step_px) = (step_for(NOISE_SAMPLED_PX), step_for(COLOUR_SAMPLED_PX));
    // The blur discounts the grain, so it waits for it; the colours need neither.
    let ((noise, blur), colour) = rayon::join(
        || {
            let noise = measure_noise(photo, mask, noise_step_px);
            let grain = Grain { noise_levels: noise.noise_levels, grain_px: noise.grain_px };
            (noise, measure_blur(photo, mask, grain))
        },
        || measure_colour(photo, mask, colour_step_px),
    );
    let blur_doubt = if !blur.enough_edges {
        Some(LookDoubt::ScalpTooSmooth { patches: blur.patches })
    } else {
        blur.sharpened.then_some(LookDoubt::Sharpened)
    };
    let noise_doubt = (!noise.sure).then_some(LookDoubt::FewFlatPixels { flat_px: noise.flat_px });
    PhotoLookMeasurement {
        look: PhotoLook {
            blur_px: if blur.patches > 0 { blur.blur_px } else { typical_blur_px(photo) },
            noise_levels: noise.noise_levels,
            grain_px: noise.grain_px,
            light_rgb: colour.light_rgb,
            skin_rgb_linear: colour.skin_rgb_linear,
            glare_share: colour.glare_share,
        },
        blur: Certainty { samples: blur.patches, doubt: blur_doubt },
        noise: Certainty { samples: noise.flat_px, doubt: noise_doubt },
        light: Certainty { samples: colour.highlight_px, doubt: colour.light_doubt },
        glare: Certainty { samples: colour.examined_px, doubt: None },
    }
}

/// The blur assumed where the scalp shows no edge at all to measure it by: a typical phone
/// photo's, a thousandth of its longer side (the shared test photos, 640 px, whose blur was
/// measured sure read 0.4–1.3 px, median 0.6), at most [`MAX_TYPICAL_BLUR_PX`]. A scalp with no
/// clear edge is more likely blurred than sharp, so drawing its dots sharp (blur 0) made them
/// the crispest thing in the photo.
fn typical_blur_px(photo: &RgbImage) -> f32 {
    (photo.width().max(photo.height()) as f32 * TYPICAL_BLUR_PER_SIDE).min(MAX_TYPICAL_BLUR_PX)
}

/// [`typical_blur_px`] per px of the photo's longer side.
const TYPICAL_BLUR_PER_SIDE: f32 = 0.001;
/// Largest blur [`typical_blur_px`] assumes, px: a 12-MP phone photo's is seldom more.
const MAX_TYPICAL_BLUR_PX: f32 = 2.0;

/// Scalp pixels needed to measure anything.
const MIN_SCALP_PX: usize = 2_000;
/// Scalp pixels the grain is read on, about (every n-th row and column beyond it): a third of
/// them count as flat, and the mean absolute response of 20,000 flat pixels has a relative
/// standard error of 0.5 % (`√((π/2 − 1)/20000)`), a twentieth of a level at 10 levels.
const NOISE_SAMPLED_PX: f64 = 60_000.0;
/// Scalp pixels the colours and glare are read on, about: medians of 8-bit channels, and a
/// glare share to 0.3 % at 1 % of them glare.
const COLOUR_SAMPLED_PX: f64 = 120_000.0;
