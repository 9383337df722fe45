//! How the default head is lit and coloured: skin, lips and brows from the skin type, one soft
//! light with a warm subsurface tint and a faint sheen, and fine grain. All in linear light;
//! the painter encodes the result to sRGB (`crate::color`).

use super::mark::Tint;
use super::options::DefaultHeadOptions;
use super::shape::{Layer, Tissue, normalize};
use crate::color::srgb_to_linear_exact;

/// The head's colours and lighting model.
pub(crate) struct Shader {
    skin: [f32; 3],
    lip: [f32; 3],
    hair: [f32; 3],
    light: [f32; 3],
    /// Halfway between the light and the viewer, for the sheen.
    half: [f32; 3],
    ambient: f32,
    ash: f32,
}

/// Transmittance of a buzz cut's shadow at full strength, linear RGB: the pigment's cool dark
/// grey, since dark hair under the skin shows the same blue-grey cast.
const HAIR_SHADOW_TRANSMITTANCE: [f32; 3] = [0.12, 0.14, 0.20];

/// How fast shaved hair dulls the scalp's sheen, per unit of shadow: the stubs break up the
/// gloss of bare skin, so a shadow of a third (a dense buzz cut seen edge-on) leaves none.
const SHEEN_LOSS_PER_SHADOW: f32 = 3.0;

/// Loss of colour under a buzz cut's shadow on the darkest skin, per unit of shadow: the
/// neutral shafts over warm brown skin read as an ashy, cooler patch, which is how shaved hair
/// shows on dark skin, where darkening alone barely does.
const ASH_PER_SHADOW_DARKEST: f32 = 1.6;

impl Shader {
    /// The colours and light of `options`.
    pub(crate) fn new(options: &DefaultHeadOptions) -> Self {
        let skin = options.skin.skin_srgb().map(|c| srgb_to_linear_exact(f32::from(c) / 255.0));
        // Lips are redder than the skin around them; on darker skin also darker and cooler.
        let t = options.skin as usize as f32 / 5.0;
        let lip_factor = [0, 1, 2].map(|c| {
            let (fair, dark) = ([0.92, 0.66, 0.68][c], [0.78, 0.62, 0.66][c]);
            fair + (dark - fair) * t
        });
        Self {
            skin,
            lip: [0, 1, 2].map(|c| skin[c] * lip_factor[c]),
            // Dark brown brows, and on dark skin darker still than the skin.
            hair: [0, 1, 2].map(|c| (0.3 * skin[c]).min([0.045, 0.032, 0.026][c])),
            light: normalize(options.light_dir),
            half: {
                let l = normalize(options.light_dir);
                normalize([l[0], l[1], l[2] + 1.0])
            },
            ambient: options.ambient.clamp(0.0, 1.0),
            ash: ASH_PER_SHADOW_DARKEST * t.powi(3),
        }
    }

    /// Linear colour of `layer`'s surface at `(u, v)` before lighting: its tissue's colour
    /// with the marks there (edges at least `px_mm`, a pixel, soft) painted on.
    pub(crate) fn albedo(&self, layer: &Layer, u: f32, v: f32, px_mm: f32) -> [f32; 3] {
        let tint = match layer.tissue {
            Tissue::Skin => [1.0; 3],
            Tissue::Ear => [1.03, 0.93, 0.92],
            Tissue::Neck => [0.8; 3],
        };
        let mut albedo = [0, 1, 2].map(|c| self.skin[c] * tint[c]);
        for mark in &layer.marks {
            let cover = mark.coverage(u, v, px_mm);
            if cover <= 0.0 {
                continue;
            }
            let (target, amount) = match mark.tint {
                Tint::Hair(opacity) => (self.hair, opacity),
                Tint::Lip(opacity) => (self.lip, opacity),
                Tint::Shade(f) => (albedo.map(|c| c * f), 1.0),
            };
            let k = (cover * amount).clamp(0.0, 1.0);
            albedo = [0, 1, 2].map(|c| albedo[c] + (target[c] - albedo[c]) * k);
        }
        albedo
    }

    /// Linear colour of a surface of `albedo` with normal `n` under the shadow of shaved hair
    /// `hair` in `[0, 1)` (0: bare skin): darker and cooler, duller, and on dark skin ashier.
    pub(crate) fn surface_under_hair(&self, n: [f32; 3], albedo: [f32; 3], hair: f32) -> [f32; 3] {
        let lambert = (n[0] * self.light[0] + n[1] * self.light[1] + n[2] * self.light[2]).max(0.0);
        let light = self.ambient + (1.0 - self.ambient) * lambert;
        // Subsurface scattering carries red light into the shadow side: strongest where the
        // surface turns away, so the terminator warms instead of going grey.
        let turn = (1.0 - lambert) * (0.35 + 0.65 * lambert.sqrt());
        let warm = [1.0, 0.42, 0.28].map(|w| 1.0 + 0.22 * turn * (w - 0.55));
        // A faint broad sheen: a shaved scalp is slightly glossy.
        let half = self.half;
        let spec = 0.05 * (n[0] * half[0] + n[1] * half[1] + n[2] * half[2]).max(0.0).powi(24);
        let diffuse = [0, 1, 2].map(|c| albedo[c] * light * warm[c]);
        if hair <= 0.0 {
            return diffuse.map(|c| c + spec);
        }
        let kept =
            [0, 1, 2].map(|c| diffuse[c] * (1.0 - hair * (1.0 - HAIR_SHADOW_TRANSMITTANCE[c])));
        let grey = 0.2126 * kept[0] + 0.7152 * kept[1] + 0.0722 * kept[2];
        let ash = (hair * self.ash).min(1.0);
        let sheen = spec * (1.0 - hair * SHEEN_LOSS_PER_SHADOW).max(0.0);
        [0, 1, 2].map(|c| kept[c] + (grey - kept[c]) * ash + sheen)
    }
}

/// A deterministic pseudo-random value in `[0, 1)` for pixel `(x, y)` and stream `k`.
pub(crate) fn hash_unit(x: u32, y: u32, k: u32) -> f32 {
    let mut h =
        x.wrapping_mul(0x8DA6_B343) ^ y.wrapping_mul(0xD816_3841) ^ k.wrapping_mul(0xCB1A_B31F);
    h ^= h >> 13;
    h = h.wrapping_mul(0x5BD1_E995);
    h ^= h >> 15;
    (h >> 8) as f32 / (1u32 << 24) as f32
}
