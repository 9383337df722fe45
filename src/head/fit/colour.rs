//! Colour evidence for the head: skin chromaticity, dark hair, and two colour histograms (head
//! and background) learnt from the photo itself, the photo's border seeding the background.

use super::downscale::{Small, centre_px};
use crate::head::ImageEllipse;

/// Levels per channel of the colour histograms (16³ bins).
const LEVELS: usize = 16;
/// Bins of a histogram.
const BINS: usize = LEVELS * LEVELS * LEVELS;

/// How skin-like a colour is, as log-odds: skin's red share of r+g+b sits between 0.36 and 0.60
/// and its green share between 0.26 and 0.37 across skin types under room light.
pub(crate) fn skin_logit(c: [f32; 3]) -> f32 {
    let sum = c[0] + c[1] + c[2];
    if sum < 0.2 {
        return -0.5;
    }
    let (r, g) = (c[0] / sum, c[1] / sum);
    if (0.36..0.60).contains(&r) && (0.26..0.37).contains(&g) && c[0] > c[2] { 1.0 } else { -0.6 }
}

/// How hair-like a colour is, as log-odds: dark and nearly grey (black, brown or grey stubble
/// and hair; blonde hair is left to the learnt histograms).
pub(crate) fn hair_logit(c: [f32; 3]) -> f32 {
    if luma(c) < 0.3 && chroma(c) < 0.15 { 0.4 } else { 0.0 }
}

/// Luma of an sRGB colour (Rec. 601 weights).
pub(crate) fn luma(c: [f32; 3]) -> f32 {
    0.3 * c[0] + 0.59 * c[1] + 0.11 * c[2]
}

/// Chroma of an sRGB colour: its largest channel minus its smallest.
fn chroma(c: [f32; 3]) -> f32 {
    c[0].max(c[1]).max(c[2]) - c[0].min(c[1]).min(c[2])
}

/// The skin of one photo's head, to tell its hair from it: hair is much darker than the skin
/// (black and brown hair, stubble) or much greyer (grey and white hair), whatever the light.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct SkinTone {
    luma: f32,
    chroma: f32,
}

/// Fewest skin-coloured pixels a [`SkinTone`] is learnt from.
const MIN_SKIN_PX: usize = 20;

impl SkinTone {
    /// The upper quartiles of luma and chroma over the skin-coloured ones among `colours` (the
    /// upper quartile, because shadowed skin and brown hair also pass the skin test); `None`
    /// for fewer than 20 such colours.
    pub fn learn(colours: impl Iterator<Item = [f32; 3]>) -> Option<Self> {
        let (mut lumas, mut chromas): (Vec<f32>, Vec<f32>) =
            colours.filter(|&c| skin_logit(c) > 0.0).map(|c| (luma(c), chroma(c))).unzip();
        if lumas.len() < MIN_SKIN_PX {
            return None;
        }
        let upper_quartile = |v: &mut Vec<f32>| {
            v.sort_by(f32::total_cmp);
            v[v.len() * 3 / 4]
        };
        Some(Self { luma: upper_quartile(&mut lumas), chroma: upper_quartile(&mut chromas) })
    }

    /// [`Self::learn`] from the head pixels of `small` (`head`, row-major) whose centres lie
    /// inside `ellipse` (small px).
    pub fn learn_inside(small: &Small, head: &[bool], ellipse: &ImageEllipse) -> Option<Self> {
        Self::learn(
            (0..small.rgb.len())
                .filter(|&i| head[i] && ellipse.distance2(centre_px(i, small.width)) <= 1.0)
                .map(|i| small.rgb[i]),
        )
    }

    /// Whether `c` reads as hair against this skin: below 60 % of its luma or half its chroma.
    pub fn is_hair(&self, c: [f32; 3]) -> bool {
        luma(c) < 0.6 * self.luma || chroma(c) < 0.5 * self.chroma
    }
}

/// A smoothed colour histogram, normalised to a probability per bin.
#[derive(Clone, Debug)]
pub(crate) struct ColourModel {
    density: Vec<f32>,
}

fn bin(c: [f32; 3]) -> usize {
    let q = |v: f32| ((v * LEVELS as f32) as usize).min(LEVELS - 1);
    (q(c[0]) * LEVELS + q(c[1])) * LEVELS + q(c[2])
}

impl ColourModel {
    /// Learns the model from colours and their weights (weights ≤ 0 are skipped).
    pub fn learn(colours: &[[f32; 3]], weight: impl Fn(usize) -> f32) -> Self {
        let mut counts = vec![0.0f32; BINS];
        for (i, &c) in colours.iter().enumerate() {
            let w = weight(i);
            if w > 0.0 {
                counts[bin(c)] += w;
            }
        }
        // Neighbouring bins share their counts: a few thousand pixels over 4096 bins are sparse.
        for stride in [1, LEVELS, LEVELS * LEVELS] {
            let mut out = counts.clone();
            for (i, o) in out.iter_mut().enumerate() {
                let level = (i / stride) % LEVELS;
                if level > 0 {
                    *o += 0.5 * counts[i - stride];
                }
                if level + 1 < LEVELS {
                    *o += 0.5 * counts[i + stride];
                }
            }
            counts = out;
        }
        let total: f32 = counts.iter().sum::<f32>().max(1e-6);
        // A floor so that an unseen colour is unlikely, not impossible.
        let floor = 0.02 / BINS as f32;
        Self { density: counts.into_iter().map(|v| v / total + floor).collect() }
    }

    /// Natural log of the colour's probability.
    pub fn ln_p(&self, c: [f32; 3]) -> f32 {
        self.density[bin(c)].ln()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skin_is_told_from_walls_and_sky() {
        assert!(skin_logit([0.85, 0.65, 0.55]) > 0.0, "fair skin");
        assert!(skin_logit([0.45, 0.30, 0.22]) > 0.0, "dark skin");
        assert!(skin_logit([0.9, 0.9, 0.9]) < 0.0, "white wall");
        assert!(skin_logit([0.4, 0.6, 0.9]) < 0.0, "sky");
        assert!(hair_logit([0.1, 0.09, 0.08]) > 0.0 && hair_logit([0.9, 0.8, 0.7]) == 0.0);
    }

    #[test]
    fn hair_is_told_from_the_skin_it_grows_on() {
        let skin = [0.85, 0.65, 0.55];
        let tone = SkinTone::learn(std::iter::repeat_n(skin, 30)).unwrap();
        assert!(!tone.is_hair(skin) && !tone.is_hair([0.8, 0.6, 0.5]), "the skin and its shade");
        assert!(tone.is_hair([0.3, 0.2, 0.15]), "brown hair");
        assert!(tone.is_hair([0.75, 0.75, 0.78]), "grey hair");
        assert!(SkinTone::learn(std::iter::repeat_n([0.4, 0.6, 0.9], 30)).is_none(), "no skin");
    }

    #[test]
    fn a_learnt_model_prefers_the_colours_it_saw() {
        let colours = vec![[0.8, 0.6, 0.5]; 50];
        let model = ColourModel::learn(&colours, |_| 1.0);
        assert!(model.ln_p([0.8, 0.6, 0.5]) > model.ln_p([0.1, 0.5, 0.9]) + 5.0);
    }
}
