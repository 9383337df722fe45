//! Dots seen through the camera a photo was taken with: blurred like the photo, grainy like the
//! photo, and under the photo's specular glare rather than over it.
//!
//! A dot rendered crisp and clean on a soft, grainy phone photo reads as printed on it. Three
//! things make it look photographed instead:
//! - **Blur.** Each dot's coverage is convolved with the camera's Gaussian point spread before
//!   it darkens the image. For an isolated dot this is exact: blurring `1 − k·coverage` by a
//!   kernel that integrates to 1 gives `1 − k·(coverage ∗ G)`.
//! - **Grain.** Darkening a pixel also darkens the photo's own noise with it: in sRGB levels a
//!   noise of σ in linear light scales by about `T^(1/2.2)` under a transmittance `T`, so a dot
//!   would be visibly cleaner than the skin around it. The missing part, `σ·√(1 − T)` (the
//!   exponent 1/2.2·2 ≈ 0.91 taken as 1), is added back as seeded, spatially correlated grain.
//! - **Glare.** Pigment sits under the skin and darkens the diffuse light; the specular
//!   reflection happens at the surface, on top. Each pixel is split into diffuse skin colour and
//!   the light's colour (the dichromatic reflection model), and only the diffuse part is
//!   darkened, so under a highlight a dot loses contrast instead of punching a dark hole.
//!
//! The tint of the room's light needs no step of its own: dots multiply the photo's own pixels in
//! linear light, so under a warm light the pigment's darkening is warm too.

use super::SplatError;
use crate::color::SrgbLut;
use crate::seed::splitmix64;

/// The camera a photo was taken with, as the splat renderer imitates it (see the module docs).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PhotoCamera {
    /// Standard deviation of the camera's Gaussian point spread, px, in `[0, 8]`. Default 0
    /// (sharp, as the default head is rendered).
    pub blur_px: f32,
    /// Standard deviation of the photo's grain on skin, sRGB levels of 0–255, in `[0, 32]`.
    /// Default 0 (no grain added).
    pub grain_levels: f32,
    /// Size of the grain (correlation, as the σ of a Gaussian), px, in `[0, 8]`. Default 0
    /// (independent per pixel).
    pub grain_px: f32,
    /// The dichromatic split that keeps glare over the dots; `None` (default) darkens the whole
    /// pixel.
    pub glare: Option<Glare>,
}

/// The two colours a skin pixel is split into (see the module docs).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Glare {
    /// Colour of the light, linear RGB; only its direction matters. Each channel in `(0, 4]`.
    pub light_rgb: [f32; 3],
    /// The skin's diffuse colour under that light, linear RGB; only its direction matters.
    /// Each channel in `(0, 1]`.
    pub skin_rgb_linear: [f32; 3],
}

impl PhotoCamera {
    /// A sharp, grain-free camera without glare: dots are drawn as the brush makes them.
    pub const SHARP: PhotoCamera =
        PhotoCamera { blur_px: 0.0, grain_levels: 0.0, grain_px: 0.0, glare: None };

    /// Whether anything happens after the transmittance is known (grain or glare): the plain
    /// multiply runs in SIMD lanes, this path pixel by pixel.
    pub(crate) fn touches_pixels(&self) -> bool {
        self.grain_levels > 0.0 || self.glare.is_some()
    }

    /// Checks every field against its documented range.
    pub(crate) fn validate(&self) -> Result<(), SplatError> {
        let check = |field, value: f32, lo: f32, hi: f32, allowed| {
            if value.is_finite() && (lo..=hi).contains(&value) {
                Ok(())
            } else {
                Err(SplatError::InvalidOption { field, value, allowed })
            }
        };
        check("camera.blur_px", self.blur_px, 0.0, 8.0, "[0, 8]")?;
        check("camera.grain_levels", self.grain_levels, 0.0, 32.0, "[0, 32]")?;
        check("camera.grain_px", self.grain_px, 0.0, 8.0, "[0, 8]")?;
        if let Some(g) = &self.glare {
            for v in g.light_rgb {
                check("camera.glare.light_rgb", v, f32::MIN_POSITIVE, 4.0, "(0, 4] per channel")?;
            }
            for v in g.skin_rgb_linear {
                let allowed = "(0, 1] per channel";
                check("camera.glare.skin_rgb_linear", v, f32::MIN_POSITIVE, 1.0, allowed)?;
            }
        }
        Ok(())
    }
}

impl Default for PhotoCamera {
    fn default() -> Self {
        Self::SHARP
    }
}

/// Share of the skin's luminance a pixel's specular part must exceed before it counts as
/// glare: skin's own colour varies (redder cheeks, a bluish vein), and the split would otherwise
/// call a fraction of every pixel a reflection and weaken every dot a little.
const GLARE_THRESHOLD_SHARE: f32 = 0.08;

/// The per-pixel half of [`PhotoCamera`]: darkening under glare and adding grain.
pub(super) struct Develop {
    tables: SrgbLut,
    glare: Option<GlareSplit>,
    grain_levels: f32,
    grain: GrainField,
}

/// Precomputed least-squares split of a linear pixel into `d·skin + s·light`.
struct GlareSplit {
    /// Unit vectors of the light's and the skin's colour.
    light: [f32; 3],
    skin: [f32; 3],
    /// Row of the 2 × 2 normal equations' inverse that gives `s` from `(p·skin, p·light)`.
    s_from: [f32; 2],
    threshold: f32,
}

impl GlareSplit {
    fn new(g: &Glare) -> Option<Self> {
        let unit = |v: [f32; 3]| {
            let n = v.iter().map(|c| c * c).sum::<f32>().sqrt();
            v.map(|c| c / n)
        };
        let (k, e) = (unit(g.skin_rgb_linear), unit(g.light_rgb));
        let dot = |a: [f32; 3], b: [f32; 3]| a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
        let ke = dot(k, e);
        let det = 1.0 - ke * ke;
        // Skin the colour of the light cannot be told from its reflection.
        if det < 1e-4 {
            return None;
        }
        let lum = 0.2126 * g.skin_rgb_linear[0]
            + 0.7152 * g.skin_rgb_linear[1]
            + 0.0722 * g.skin_rgb_linear[2];
        let threshold = GLARE_THRESHOLD_SHARE * lum;
        Some(Self { light: e, skin: k, s_from: [-ke / det, 1.0 / det], threshold })
    }

    /// The specular part of linear pixel `p`, along `self.light`, at least 0 and never more
    /// than the pixel holds.
    #[inline]
    fn specular(&self, p: [f32; 3]) -> f32 {
        let skin = self.skin;
        let pk = p[0] * skin[0] + p[1] * skin[1] + p[2] * skin[2];
        let pe = p[0] * self.light[0] + p[1] * self.light[1] + p[2] * self.light[2];
        let s = self.s_from[0] * pk + self.s_from[1] * pe - self.threshold;
        let most = (0..3).map(|c| p[c] / self.light[c].max(1e-6)).fold(f32::INFINITY, f32::min);
        s.clamp(0.0, most.max(0.0))
    }
}

impl Develop {
    pub(super) fn new(camera: &PhotoCamera) -> Self {
        let glare = camera.glare.as_ref().and_then(GlareSplit::new);
        Self {
            tables: SrgbLut::get(),
            glare,
            grain_levels: camera.grain_levels,
            grain: GrainField::new(camera.grain_px),
        }
    }

    /// `px` (sRGB) at image pixel `(x, y)` seen through transmittance `f` (linear, per channel).
    #[inline]
    pub(super) fn pixel(&self, px: &mut [u8], [x, y]: [u32; 2], f: [f32; 3]) {
        let t = &self.tables;
        let p = [t.linear(px[0]), t.linear(px[1]), t.linear(px[2])];
        let s = self.glare.as_ref().map_or(0.0, |g| g.specular(p));
        let light = self.glare.as_ref().map_or([0.0; 3], |g| g.light);
        let mut out = [0u8; 3];
        for c in 0..3 {
            let spec = s * light[c];
            out[c] = t.encode(spec + (p[c] - spec) * f[c]);
        }
        if self.grain_levels > 0.0 {
            let darkened = 1.0 - (0.2126 * f[0] + 0.7152 * f[1] + 0.0722 * f[2]);
            let amp = self.grain_levels * darkened.max(0.0).sqrt();
            let n = amp * self.grain.at(x, y);
            for (o, v) in px.iter_mut().zip(out) {
                *o = (f32::from(v) + n + 0.5).floor().clamp(0.0, 255.0) as u8;
            }
        } else {
            px.copy_from_slice(&out);
        }
    }
}

/// Seeded grain of unit standard deviation, a pure function of the pixel (so any band split or
/// thread count gives the same grain): independent per pixel for a size below half a pixel,
/// otherwise values on a lattice `spacing` px apart, interpolated bilinearly, whose correlation
/// falls off over about the grain's size.
struct GrainField {
    spacing: u32,
    /// Scales the interpolated field back to unit variance (interpolation averages).
    gain: f32,
}

/// Seed of the grain lattice: one named stream, so grain never repeats another stream's numbers.
const GRAIN_SEED: u64 = 0x6772_6169_6e00_0016;

impl GrainField {
    fn new(grain_px: f32) -> Self {
        // Lattice spacing: bilinear interpolation's correlation falls to half at about 0.4 of
        // the spacing, a Gaussian-blurred noise's at about 1.2 σ.
        let spacing = (grain_px * 2.5).round().max(1.0) as u32;
        // Mean variance of a bilinear blend of iid unit values over the cell: (2/3)² per axis.
        let gain = if spacing == 1 { 1.0 } else { 1.5 };
        Self { spacing, gain }
    }

    /// A value of unit variance and mean 0 from lattice point `(i, j)`: the sum of four
    /// uniform bytes (Irwin–Hall, close to Gaussian), standardised.
    #[inline]
    fn lattice(i: u32, j: u32) -> f32 {
        let h = splitmix64(GRAIN_SEED ^ (u64::from(i) << 32 | u64::from(j)));
        let sum: u32 = (0..4).map(|k| ((h >> (8 * k)) & 0xFF) as u32).sum();
        // Four uniform bytes: mean 510, variance 4 × (256² − 1) / 12.
        (sum as f32 - 510.0) / 147.8
    }

    #[inline]
    fn at(&self, x: u32, y: u32) -> f32 {
        if self.spacing == 1 {
            return Self::lattice(x, y);
        }
        let s = self.spacing;
        let (i, j) = (x / s, y / s);
        let (u, v) = ((x % s) as f32 / s as f32, (y % s) as f32 / s as f32);
        let top = Self::lattice(i, j) * (1.0 - u) + Self::lattice(i + 1, j) * u;
        let bottom = Self::lattice(i, j + 1) * (1.0 - u) + Self::lattice(i + 1, j + 1) * u;
        self.gain * (top * (1.0 - v) + bottom * v)
    }
}

/// Convolves `fp`'s coverage with a Gaussian of `sigma_px` (the camera's point spread), growing
/// it by three σ on every side; `tmp` is scratch. A σ under 0.05 px leaves it unchanged.
pub(super) fn blur_footprint(fp: &mut super::brush::Footprint, sigma_px: f32, tmp: &mut Vec<f32>) {
    if sigma_px < 0.05 || fp.width == 0 || fp.height == 0 {
        return;
    }
    let radius = (3.0 * sigma_px).ceil() as usize;
    let kernel: Vec<f32> = {
        let k: Vec<f32> = (0..=2 * radius)
            .map(|i| {
                let d = i as f32 - radius as f32;
                (-0.5 * d * d / (sigma_px * sigma_px)).exp()
            })
            .collect();
        let sum: f32 = k.iter().sum();
        k.into_iter().map(|v| v / sum).collect()
    };
    let (w, h) = (fp.width, fp.height);
    let (wide, high) = (w + 2 * radius, h + 2 * radius);
    // Rows first: each source row spreads into a row `wide` long.
    tmp.clear();
    tmp.resize(h * wide, 0.0);
    for (src, dst) in fp.coverage.chunks_exact(w).zip(tmp.chunks_exact_mut(wide)) {
        for (x, &c) in src.iter().enumerate() {
            if c != 0.0 {
                for (d, &k) in dst[x..x + kernel.len()].iter_mut().zip(&kernel) {
                    *d += c * k;
                }
            }
        }
    }
    // Then columns: each spread row adds into `kernel.len()` output rows.
    fp.coverage.clear();
    fp.coverage.resize(high * wide, 0.0);
    for (y, src) in tmp.chunks_exact(wide).enumerate() {
        for (j, &k) in kernel.iter().enumerate() {
            let dst = &mut fp.coverage[(y + j) * wide..(y + j + 1) * wide];
            for (d, &c) in dst.iter_mut().zip(src) {
                *d += c * k;
            }
        }
    }
    fp.origin_px = [fp.origin_px[0] - radius as i32, fp.origin_px[1] - radius as i32];
    fp.width = wide;
    fp.height = high;
}

#[cfg(test)]
mod tests {
    use super::super::brush::Footprint;
    use super::*;

    #[test]
    fn blurring_keeps_the_total_coverage_and_spreads_it_by_sigma() {
        let mut fp = Footprint { origin_px: [10, 20], width: 1, height: 1, coverage: vec![1.0] };
        let mut tmp = Vec::new();
        blur_footprint(&mut fp, 1.5, &mut tmp);
        assert_eq!((fp.width, fp.height), (11, 11));
        assert_eq!(fp.origin_px, [5, 15]);
        let total: f32 = fp.coverage.iter().sum();
        assert!((total - 1.0).abs() < 1e-5, "{total}");
        // Variance along x of a blurred point is σ².
        let var: f32 = fp
            .coverage
            .iter()
            .enumerate()
            .map(|(i, c)| c * ((i % fp.width) as f32 - 5.0).powi(2))
            .sum();
        assert!((var - 2.25).abs() < 0.05, "{var}");
    }

    #[test]
    fn grain_has_unit_variance_and_its_size_sets_its_correlation() {
        for grain_px in [0.0f32, 1.0, 2.0] {
            let field = GrainField::new(grain_px);
            let (mut sum, mut sum2, mut lag) = (0.0f64, 0.0f64, 0.0f64);
            let n = 256u32;
            for y in 0..n {
                for x in 0..n {
                    let v = f64::from(field.at(x, y));
                    sum += v;
                    sum2 += v * v;
                    lag += v * f64::from(field.at(x + 1, y));
                }
            }
            let count = f64::from(n * n);
            let var = sum2 / count - (sum / count).powi(2);
            let correlation = lag / sum2;
            assert!((var - 1.0).abs() < 0.12, "grain {grain_px}: variance {var}");
            if grain_px == 0.0 {
                assert!(correlation.abs() < 0.05, "white grain correlates: {correlation}");
            } else {
                assert!(correlation > 0.5, "grain {grain_px} px: neighbours {correlation}");
            }
        }
    }

    #[test]
    fn glare_is_kept_over_a_dot_and_plain_skin_is_darkened_whole() {
        let glare = Glare { light_rgb: [1.0, 1.0, 1.0], skin_rgb_linear: [0.5, 0.3, 0.2] };
        let camera = PhotoCamera { glare: Some(glare), ..PhotoCamera::SHARP };
        let develop = Develop::new(&camera);
        let t = SrgbLut::get();
        let encode = |p: [f32; 3]| p.map(|c| t.encode(c));
        let f = [0.3; 3];
        // Plain skin: darkened as a plain multiply would.
        let mut plain = encode([0.5, 0.3, 0.2]);
        let expected = plain.map(|b| t.darken(b, 0.3));
        develop.pixel(&mut plain, [0, 0], f);
        assert_eq!(plain, expected);
        // Skin under a white highlight: the highlight stays, the dot only darkens the skin.
        let mut shiny = encode([0.5 + 0.4, 0.3 + 0.4, 0.2 + 0.4]);
        let multiplied = shiny.map(|b| t.darken(b, 0.3));
        develop.pixel(&mut shiny, [0, 0], f);
        for c in 0..3 {
            assert!(shiny[c] > multiplied[c] + 20, "channel {c}: {shiny:?} vs {multiplied:?}");
        }
        let lin = shiny.map(|b| t.linear(b));
        assert!(lin[2] > 0.4, "the reflection's 0.4 survives: {lin:?}");
    }
}
