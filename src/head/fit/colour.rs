//! Colour evidence for the head: skin chromaticity, dark hair, and two colour histograms (head
//! and background) learnt from the photo itself, the photo's border seeding the background.

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
    let luma = 0.3 * c[0] + 0.59 * c[1] + 0.11 * c[2];
    let spread = c[0].max(c[1]).max(c[2]) - c[0].min(c[1]).min(c[2]);
    if luma < 0.3 && spread < 0.15 { 0.4 } else { 0.0 }
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
    fn a_learnt_model_prefers_the_colours_it_saw() {
        let colours = vec![[0.8, 0.6, 0.5]; 50];
        let model = ColourModel::learn(&colours, |_| 1.0);
        assert!(model.ln_p([0.8, 0.6, 0.5]) > model.ln_p([0.1, 0.5, 0.9]) + 5.0);
    }
}
