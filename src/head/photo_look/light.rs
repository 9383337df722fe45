//! The light's colour and the skin's diffuse colour, from the scalp's pixels.
//!
//! Method (dichromatic model): a highlight pixel is `diffuse + specular·light`, so a highlight
//! minus the skin's median colour points along the light's colour. The median skin colour
//! (per channel, glare left out) is the diffuse colour under that light. Limits: the diffuse part
//! under a highlight is taken to be the median skin's, so a highlight on the lit side reads a
//! little skin-coloured (warmer than the light); clipped highlights (any channel at 250 or
//! more) say nothing about the light and are left out. With too few unclipped highlights, the
//! light is guessed as the skin's colour divided by a typical skin's (`PhotoLook::SHARP`), which
//! takes a ruddy skin for warm light: that guess is flagged unsure.
//!
//! Pixels are examined on a grid (every `step`-th row and column), and all sums are integers,
//! so the result is the same for any number of threads.

use image::RgbImage;
use rayon::prelude::*;

use super::glare::GlareTest;
use super::{LookDoubt, PhotoLook};
use crate::color::srgb_to_linear_exact;
use crate::head::ScalpMask;

/// Unclipped highlight pixels needed to read the light from them, at least (and at least
/// 0.2 % of the pixels examined).
const MIN_HIGHLIGHT_PX: u64 = 40;
/// An sRGB channel at or above this is taken as clipped.
const CLIPPED_LEVEL: u8 = 250;
/// Fixed-point scale of the highlight sums (linear light × 2^20), so they add up exactly.
const FIXED_ONE: f32 = (1u32 << 20) as f32;

/// The scalp's colours as measured (see the module docs).
#[derive(Clone, Copy, Debug)]
pub(super) struct ColourMeasurement {
    pub skin_rgb_linear: [f32; 3],
    pub light_rgb: [f32; 3],
    pub glare_share: f32,
    /// Scalp pixels examined.
    pub examined_px: usize,
    /// Unclipped highlight pixels the light was read from.
    pub highlight_px: usize,
    /// Why the light is unsure, if it is.
    pub light_doubt: Option<LookDoubt>,
}

/// Per-channel histograms of sRGB bytes, and the highlight sums of the second pass.
#[derive(Clone)]
struct Tally {
    histogram: [[u32; 256]; 3],
    glare_px: u64,
    highlight_px: u64,
    highlight_fixed: [i64; 3],
}

impl Tally {
    fn new() -> Self {
        Self { histogram: [[0; 256]; 3], glare_px: 0, highlight_px: 0, highlight_fixed: [0; 3] }
    }

    fn merge(mut self, other: Self) -> Self {
        for (mine, theirs) in self.histogram.iter_mut().zip(&other.histogram) {
            for (a, b) in mine.iter_mut().zip(theirs) {
                *a += b;
            }
        }
        self.glare_px += other.glare_px;
        self.highlight_px += other.highlight_px;
        for (a, b) in self.highlight_fixed.iter_mut().zip(other.highlight_fixed) {
            *a += b;
        }
        self
    }

    fn examined_px(&self) -> u64 {
        self.histogram[0].iter().map(|&c| u64::from(c)).sum::<u64>() + self.glare_px
    }

    /// Median of each channel, linear light.
    fn median_linear(&self, table: &[f32; 256]) -> [f32; 3] {
        std::array::from_fn(|c| {
            let total: u64 = self.histogram[c].iter().map(|&n| u64::from(n)).sum();
            let mut seen = 0u64;
            for (level, &n) in self.histogram[c].iter().enumerate() {
                seen += u64::from(n);
                if 2 * seen >= total && total > 0 {
                    return table[level];
                }
            }
            0.0
        })
    }
}

/// Measures skin colour, light colour and glare share on the scalp pixels of every `step_px`-th
/// row and column.
pub(super) fn measure_colour(
    photo: &RgbImage,
    mask: &ScalpMask,
    step_px: u32,
) -> ColourMeasurement {
    let table: [f32; 256] = std::array::from_fn(|i| srgb_to_linear_exact(i as f32 / 255.0));
    let all = tally(photo, mask, step_px, &table, None);
    let scalp_median = all.median_linear(&table);
    let glare = GlareTest::new(scalp_median);
    let split = tally(photo, mask, step_px, &table, Some((glare, scalp_median)));
    let examined = split.examined_px();
    let skin = split.median_linear(&table);
    let enough = split.highlight_px >= MIN_HIGHLIGHT_PX.max(examined / 500);
    let (light, light_doubt) = if enough {
        let sum = split.highlight_fixed.map(|v| (v as f32 / FIXED_ONE).max(0.0));
        (sum, None)
    } else {
        let prior = PhotoLook::SHARP.skin_rgb_linear;
        (std::array::from_fn(|c| skin[c] / prior[c]), Some(LookDoubt::LightFromSkinPrior))
    };
    let light_rgb = normalised(light).unwrap_or([1.0; 3]);
    ColourMeasurement {
        skin_rgb_linear: skin,
        light_rgb,
        glare_share: split.glare_px as f32 / examined.max(1) as f32,
        examined_px: examined as usize,
        highlight_px: split.highlight_px as usize,
        light_doubt,
    }
}

/// `rgb` scaled so that its channels average 1 (`None` if they are all 0).
fn normalised(rgb: [f32; 3]) -> Option<[f32; 3]> {
    let mean = (rgb[0] + rgb[1] + rgb[2]) / 3.0;
    (mean > 1e-6).then(|| rgb.map(|v| v / mean))
}

/// One pass over the sampled scalp pixels: with `split = None` every pixel goes into the
/// histograms; with a glare test and the diffuse colour, highlight pixels are counted and summed
/// (minus the diffuse colour) instead.
fn tally(
    photo: &RgbImage,
    mask: &ScalpMask,
    step_px: u32,
    table: &[f32; 256],
    split: Option<(GlareTest, [f32; 3])>,
) -> Tally {
    let (w, h) = photo.dimensions();
    let step = step_px.max(1);
    (0..h.div_ceil(step))
        .into_par_iter()
        .fold(Tally::new, |mut t, row| {
            let y = row * step;
            let scalp = mask.row(y);
            for x in (0..w).step_by(step as usize) {
                if scalp[x as usize] == 0 {
                    continue;
                }
                let p = photo.get_pixel(x, y).0;
                let lin = p.map(|v| table[usize::from(v)]);
                match split {
                    Some((glare, diffuse)) if glare.is_glare(lin) => {
                        t.glare_px += 1;
                        if p.iter().all(|&v| v < CLIPPED_LEVEL) {
                            t.highlight_px += 1;
                            for c in 0..3 {
                                t.highlight_fixed[c] +=
                                    ((lin[c] - diffuse[c]) * FIXED_ONE).round() as i64;
                            }
                        }
                    }
                    _ => {
                        for (histogram, &v) in t.histogram.iter_mut().zip(&p) {
                            histogram[usize::from(v)] += 1;
                        }
                    }
                }
            }
            t
        })
        .reduce(Tally::new, Tally::merge)
}
