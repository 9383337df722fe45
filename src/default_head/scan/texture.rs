//! The scan's maps decoded for shading: albedo in linear light, the tangent-space normal map as
//! vectors, specular intensity; bilinear lookups that wrap horizontally across the UV seam down
//! the back of the head.

use image::RgbImage;
use rayon::prelude::*;

use super::lanes::{F, LANES, V3L};
use super::math::V3;

/// A texel type that can be blended (for the one-point lookup the lanes are tested against).
#[cfg(test)]
pub(crate) trait Texel: Copy {
    fn blend(a: Self, b: Self, t: f32) -> Self;
}

#[cfg(test)]
impl Texel for f32 {
    fn blend(a: f32, b: f32, t: f32) -> f32 {
        a + (b - a) * t
    }
}

#[cfg(test)]
impl Texel for V3 {
    fn blend(a: V3, b: V3, t: f32) -> V3 {
        a + (b - a) * t
    }
}

/// A square-or-not map of texels, row 0 at the top of the image.
#[derive(Clone, Debug)]
pub(crate) struct Texture<T> {
    width: usize,
    height: usize,
    texels: Vec<T>,
}

impl<T: Copy> Texture<T> {
    #[cfg(test)]
    fn from_image(image: &RgbImage, texel: impl Fn([u8; 3]) -> T) -> Self {
        Self {
            width: image.width() as usize,
            height: image.height() as usize,
            texels: image.pixels().map(|p| texel(p.0)).collect(),
        }
    }

    /// Bilinear lookup at glTF coordinates `(u, v)`, v up the image (row = (1 − v)·height).
    ///
    /// u wraps: the unwrap's left and right edges meet at the seam down the back of the head,
    /// and clamping there draws a visible line. v clamps (top and bottom are not joined).
    ///
    /// The renderer looks up in lanes ([`Texture::sample_lanes`]); this one-point form is the
    /// reference they are tested against.
    #[cfg(test)]
    pub fn sample(&self, u: f32, v: f32) -> T
    where
        T: Texel,
    {
        let x = u * self.width as f32 - 0.5;
        let y = (1.0 - v) * self.height as f32 - 0.5;
        let (x0, y0) = (floor(x), floor(y));
        let (fx, fy) = (x - x0, y - y0);
        let [k00, k01, k10, k11] = self.corners(x0, y0);
        let top = T::blend(self.texels[k00], self.texels[k01], fx);
        let bottom = T::blend(self.texels[k10], self.texels[k11], fx);
        T::blend(top, bottom, fy)
    }

    /// Indices of the four texels around `(x0, y0)` (whole texels, their top-left corner):
    /// top-left, top-right, bottom-left, bottom-right.
    #[inline]
    fn corners(&self, x0: f32, y0: f32) -> [usize; 4] {
        let w = self.width as i64;
        // u stays within [0, 1] on the mesh, so one wrap step either way suffices (and costs
        // far less than a division per lookup).
        let col = |c: i64| {
            (if c < 0 {
                c + w
            } else if c >= w {
                c - w
            } else {
                c
            })
            .clamp(0, w - 1) as usize
        };
        let row = |r: f32| (r.max(0.0) as usize).min(self.height - 1);
        let (c0, c1) = (col(x0 as i64), col(x0 as i64 + 1));
        let (r0, r1) = (row(y0) * self.width, row(y0 + 1.0) * self.width);
        [r0 + c0, r0 + c1, r1 + c0, r1 + c1]
    }
}

/// Floor by truncation (x, y ≥ −0.5 + wrap): `f32::floor` is a libm call on baseline x86-64
/// and cost 3 % of a frame.
#[inline(always)]
fn floor(a: f32) -> f32 {
    let t = a as i32 as f32;
    if t > a { t - 1.0 } else { t }
}

/// [`SkinTexel`]s, one per lane.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct SkinLanes {
    pub albedo: V3L,
    pub normal: V3L,
    pub specular: F,
}

impl SkinLanes {
    fn set(&mut self, i: usize, t: SkinTexel) {
        self.albedo.set(i, t.albedo);
        self.normal.set(i, t.normal);
        self.specular.0[i] = t.specular;
    }

    /// [`SkinTexel::blend`] per lane.
    #[inline(always)]
    fn blend(a: Self, b: Self, t: F) -> Self {
        Self {
            albedo: a.albedo + (b.albedo - a.albedo) * t,
            normal: a.normal + (b.normal - a.normal) * t,
            specular: a.specular + (b.specular - a.specular) * t,
        }
    }
}

/// sRGB 8-bit → linear light, exactly (IEC 61966-2-1).
fn srgb_to_linear(c: u8) -> f32 {
    let c = f32::from(c) / 255.0;
    if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
}

/// What the three maps say about one point of skin.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct SkinTexel {
    /// Albedo, linear RGB in [0, 1].
    pub albedo: V3,
    /// Tangent-space normal, components in [−1, 1] (x along +u, y along +v, z out); not unit
    /// after blending, so normalise after the lookup.
    pub normal: V3,
    /// Specular intensity in [0, 1] (the grey map's red channel, used as linear like three.js).
    pub specular: f32,
}

#[cfg(test)]
impl Texel for SkinTexel {
    fn blend(a: Self, b: Self, t: f32) -> Self {
        Self {
            albedo: V3::blend(a.albedo, b.albedo, t),
            normal: V3::blend(a.normal, b.normal, t),
            specular: f32::blend(a.specular, b.specular, t),
        }
    }
}

/// The three maps interleaved texel by texel: one lookup fetches all three, which took the
/// lookups from 20 % to 9.5 % of a front frame on one thread (three address computations and
/// three sets of cache lines before).
///
/// Texels keep the maps' own bytes and are decoded on lookup through 256-entry tables (exactly
/// the floats the formulas give): 8 MB instead of 28 MB of floats, which cost the scene load
/// 3 % of a preview's CPU to write and page in, and fewer cache lines per lookup.
#[derive(Clone, Debug)]
pub(crate) struct Maps {
    /// Per texel: albedo R, G, B (sRGB), normal X, Y, Z, specular, and a spare byte.
    skin: Texture<[u8; 8]>,
    /// sRGB byte → linear albedo.
    albedo_linear: [f32; 256],
    /// Normal-map byte → component in [−1, 1].
    normal_unit: [f32; 256],
    /// Specular-map byte → [0, 1].
    specular_unit: [f32; 256],
    /// Mean albedo of the scalp band (the map's top 30 %), linear RGB: what a skin-type
    /// recolour scales from.
    pub scalp_mean: V3,
}

/// Share of the map's rows, from the top, that hold the scalp in this unwrap.
const SCALP_ROWS: f32 = 0.3;

impl Maps {
    /// Interleaves the maps, which must share one size (all three are 1024²).
    pub fn new(albedo: &RgbImage, normal: &RgbImage, specular: &RgbImage) -> Self {
        assert!(
            albedo.dimensions() == normal.dimensions()
                && albedo.dimensions() == specular.dimensions()
        );
        let texels = albedo
            .par_chunks_exact(3)
            .zip(normal.par_chunks_exact(3))
            .zip(specular.par_chunks_exact(3))
            .map(|((a, n), s)| [a[0], a[1], a[2], n[0], n[1], n[2], s[0], 0])
            .collect::<Vec<[u8; 8]>>();
        let mut maps = Self {
            skin: Texture {
                width: albedo.width() as usize,
                height: albedo.height() as usize,
                texels,
            },
            albedo_linear: std::array::from_fn(|c| srgb_to_linear(c as u8)),
            normal_unit: std::array::from_fn(|c| c as f32 / 255.0 * 2.0 - 1.0),
            specular_unit: std::array::from_fn(|c| c as f32 / 255.0),
            scalp_mean: V3::default(),
        };
        let rows = (albedo.height() as f32 * SCALP_ROWS) as usize * albedo.width() as usize;
        let sum =
            maps.skin.texels[..rows].iter().fold(V3::default(), |s, &t| s + maps.decode(t).albedo);
        maps.scalp_mean = sum * (1.0 / rows.max(1) as f32);
        maps
    }

    /// A stored texel as floats.
    #[inline(always)]
    fn decode(&self, t: [u8; 8]) -> SkinTexel {
        let a = |c: u8| self.albedo_linear[c as usize];
        let n = |c: u8| self.normal_unit[c as usize];
        SkinTexel {
            albedo: V3::new(a(t[0]), a(t[1]), a(t[2])),
            normal: V3::new(n(t[3]), n(t[4]), n(t[5])),
            specular: self.specular_unit[t[6] as usize],
        }
    }

    /// The maps at glTF coordinates `(u, v)`, bilinear as [`Texture::sample`]: the blend of the
    /// four decoded texels. The renderer looks up in lanes ([`Maps::sample_lanes`]); this
    /// one-point form is the reference they are tested against.
    #[cfg(test)]
    pub fn sample(&self, u: f32, v: f32) -> SkinTexel {
        let t = &self.skin;
        let x = u * t.width as f32 - 0.5;
        let y = (1.0 - v) * t.height as f32 - 0.5;
        let (x0, y0) = (floor(x), floor(y));
        let (fx, fy) = (x - x0, y - y0);
        let [k00, k01, k10, k11] = t.corners(x0, y0).map(|k| self.decode(t.texels[k]));
        let top = SkinTexel::blend(k00, k01, fx);
        let bottom = SkinTexel::blend(k10, k11, fx);
        SkinTexel::blend(top, bottom, fy)
    }

    /// [`Maps::sample`] at [`LANES`] points: coordinates and blends in lanes, the four texel
    /// fetches lane by lane; the same bits as one lookup per point.
    pub fn sample_lanes(&self, u: F, v: F) -> SkinLanes {
        let t = &self.skin;
        let x = u * t.width as f32 - 0.5;
        let y = (1.0 - v) * t.height as f32 - 0.5;
        let (x0, y0) = (x.map(floor), y.map(floor));
        let (fx, fy) = (x - x0, y - y0);
        let mut q = [SkinLanes::default(); 4];
        for i in 0..LANES {
            for (lanes, k) in q.iter_mut().zip(t.corners(x0.0[i], y0.0[i])) {
                lanes.set(i, self.decode(t.texels[k]));
            }
        }
        let top = SkinLanes::blend(q[0], q[1], fx);
        let bottom = SkinLanes::blend(q[2], q[3], fx);
        SkinLanes::blend(top, bottom, fy)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    #[test]
    fn lookups_wrap_across_the_seam_and_clamp_top_and_bottom() {
        let mut img = RgbImage::new(4, 2);
        img.put_pixel(0, 0, Rgb([255, 0, 0]));
        img.put_pixel(3, 0, Rgb([0, 0, 255]));
        let t = Texture::from_image(&img, |p| {
            V3::new(f32::from(p[0]), f32::from(p[1]), f32::from(p[2]))
        });
        // u = 0 lies halfway between the last and first columns: an even blend of both.
        let seam = t.sample(0.0, 1.0);
        assert_eq!(seam, V3::new(127.5, 0.0, 127.5));
        // Above the top row the lookup clamps to it rather than reading the bottom row.
        assert_eq!(t.sample(0.125, 1.2), V3::new(255.0, 0.0, 0.0));
        assert_eq!(t.sample(0.125, 0.0), V3::new(0.0, 0.0, 0.0));
    }

    #[test]
    fn albedo_is_decoded_to_linear_light() {
        assert_eq!(srgb_to_linear(0), 0.0);
        assert!((srgb_to_linear(128) - 0.2158605).abs() < 1e-6);
        assert_eq!(srgb_to_linear(255), 1.0);
    }
}
