//! The splat renderer: darkens an image under [`ScreenDot`]s like pigment in skin.
//!
//! Each dot is rasterised to exact per-pixel coverage (see `brush`), and the skin beneath is
//! multiplied, in linear light, by the pigment's transmittance: a cool dark grey, so warm skin
//! shifts slightly cool and dark skin shows less contrast without any special case. How strong
//! and large a dot is drawn for a look (fresh, healed, aged) is `pigment`'s part.
//!
//! # Determinism and parallelism
//! Dots are prepared in chunks of the caller's slice and binned into fixed-height bands of rows
//! (a dot goes into every band its footprint, halo included, touches); each band is one rayon
//! task that multiplies its dots into a per-band transmittance buffer, strip by strip from left
//! to right and within a strip in the caller's order, then converts each touched pixel to sRGB
//! once. A pixel's value therefore depends only on the dots over it, in an order fixed by the
//! dots alone: the output is byte-identical for any thread count and band height.
//!
//! Pixels that no dot's footprint covers are never changed, so they stay byte-identical.
//!
//! # Speed
//! Nearly every preview dot is at most 8 px across, and those are drawn from precomputed
//! coverage stamps (see `stamp`); the band buffer keeps one plane per channel so that stamp
//! rows multiply in whole SIMD lanes, and the sRGB conversion runs in lanes too
//! (`crate::color::SrgbLut`).

mod band;
mod brush;
mod camera;
mod pigment;
mod prepare;
mod stamp;

use image::RgbImage;
use rayon::prelude::*;

use band::{Brushes, Finish, SCRATCH};
use brush::BrushShape;
use camera::Develop;
use prepare::{CHUNK_DOTS, Chunk, Frame, bin_chunk};
use stamp::StampCache;

pub use camera::{Glare, PhotoCamera};
pub use pigment::{
    DotAppearance, HEALED_OPTICAL_SPREAD_MM, Look, dot_appearance, strength_for_dilution,
};

use std::sync::{Arc, Mutex};

/// One dot as it lands in an image, in pixels of that image (origin top-left, +x right, +y down).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScreenDot {
    /// Centre, px.
    pub center_px: [f32; 2],
    /// Semi-axis along `major_dir`, px (the dot's radius, unforeshortened).
    pub radius_major_px: f32,
    /// Semi-axis across `major_dir`, px (shorter near the silhouette: foreshortening).
    pub radius_minor_px: f32,
    /// Unit vector of the major axis in the image.
    pub major_dir: [f32; 2],
    /// Pigment strength from 0 (invisible) to 1 (full-strength, undiluted pigment), after dilution
    /// and look (fresh, healed, aged) are applied.
    pub strength: f32,
    /// Seed of this dot's outline irregularity, stable per dot.
    pub shape_seed: u32,
}

/// How dots are drawn: pigment colour, dot profile, and work split.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SplatOptions {
    /// Transmittance of full-strength pigment per linear-light RGB channel, each in `(0, 1]`.
    /// A dot of strength `s` transmits `t^s` (Beer–Lambert: dilution thins the pigment layer).
    /// Default `[0.12, 0.14, 0.20]`: a cool dark grey; equal channels look brown over skin.
    pub pigment_transmittance_linear: [f32; 3],
    /// Width of the dot's soft edge as a fraction of its radius, in `[0, 1]`. Default `0.45`.
    pub soft_edge: f32,
    /// Outer radius of the halo of scattered light, as a multiple of the dot radius, at least 1.
    /// Default `3.0`.
    pub halo_radius: f32,
    /// Darkness of the halo next to the dot as a fraction of the core's, in `[0, 1]`.
    /// Default `0.35` (calibrated so a finished preset reads as a buzz-cut shadow at arm's
    /// length; the first calibration, 5–10 % out to 2.4 radii, was too faint for that).
    pub halo_strength: f32,
    /// Amplitude of the 2- and 3-fold outline irregularity, fraction of the radius, in
    /// `[0, 0.2]`. Default `0.06`.
    pub irregularity: f32,
    /// Smallest radius a dot is drawn at, px; smaller dots are drawn this size with their
    /// darkness scaled by true area ÷ drawn area, so they neither vanish nor become harsh
    /// one-pixel specks. Default `0.7`.
    pub min_radius_px: f32,
    /// Rows per parallel band (does not change the output). Default `64`.
    pub band_height_px: u32,
    /// The camera the image was taken with, as dots are to look through it (blur, grain,
    /// glare). Default [`PhotoCamera::SHARP`]: dots as the brush draws them, right for the
    /// rendered default head.
    pub camera: PhotoCamera,
}

impl Default for SplatOptions {
    fn default() -> Self {
        Self {
            pigment_transmittance_linear: [0.12, 0.14, 0.20],
            soft_edge: 0.45,
            halo_radius: 3.0,
            halo_strength: 0.35,
            irregularity: 0.06,
            min_radius_px: 0.7,
            band_height_px: 64,
            camera: PhotoCamera::SHARP,
        }
    }
}

/// An option value outside what the renderer accepts.
#[derive(Debug, thiserror::Error, PartialEq)]
#[non_exhaustive]
pub enum SplatError {
    /// A field of [`SplatOptions`] is out of range.
    #[error("splat option `{field}` is {value}; allowed: {allowed}")]
    InvalidOption {
        /// Name of the field.
        field: &'static str,
        /// The rejected value.
        value: f32,
        /// What is allowed.
        allowed: &'static str,
    },
}

impl SplatOptions {
    /// Checks every field against its documented range.
    pub fn validate(&self) -> Result<(), SplatError> {
        let check = |field, value: f32, ok: bool, allowed| {
            if ok && value.is_finite() {
                Ok(())
            } else {
                Err(SplatError::InvalidOption { field, value, allowed })
            }
        };
        for t in self.pigment_transmittance_linear {
            check("pigment_transmittance_linear", t, t > 0.0 && t <= 1.0, "(0, 1] per channel")?;
        }
        let s = self;
        check("soft_edge", s.soft_edge, (0.0..=1.0).contains(&s.soft_edge), "[0, 1]")?;
        check("halo_radius", s.halo_radius, (1.0..=8.0).contains(&s.halo_radius), "[1, 8]")?;
        check("halo_strength", s.halo_strength, (0.0..=1.0).contains(&s.halo_strength), "[0, 1]")?;
        check("irregularity", s.irregularity, (0.0..=0.2).contains(&s.irregularity), "[0, 0.2]")?;
        check(
            "min_radius_px",
            s.min_radius_px,
            (0.3..=4.0).contains(&s.min_radius_px),
            "[0.3, 4]",
        )?;
        let band = s.band_height_px as f32;
        check("band_height_px", band, (1..=4096).contains(&s.band_height_px), "1..=4096")?;
        s.camera.validate()
    }

    /// How far from its centre a dot of semi-major axis `radius_major_px` can darken pixels,
    /// for leaving out dots that lie wholly outside an image before splatting: the halo's outer
    /// radius, plus 2 px for dots drawn at `min_radius_px` and the pixel an edge falls in, plus
    /// three σ of the camera's blur.
    pub(crate) fn reach_px(&self, radius_major_px: f32) -> f32 {
        radius_major_px * self.halo_radius + 2.0 + 3.0 * self.camera.blur_px
    }

    fn brush(&self) -> BrushShape {
        BrushShape {
            // A zero-width edge would divide by zero in the supersampling step choice.
            soft_edge: self.soft_edge.max(0.02),
            halo_radius: self.halo_radius,
            halo_strength: self.halo_strength,
            irregularity: self.irregularity,
            blur_px: self.camera.blur_px,
        }
    }
}

/// Darkens `image` under `dots`, like pigment in skin (multiply blend in linear light).
///
/// Overlapping dots multiply, so their order barely matters; it is fixed by the dots alone (see
/// the module docs). Dots with a non-finite field, a radius ≤ 0 or a strength
/// ≤ 0 are skipped (they carry no pigment). Strength above 1 is clamped to 1.
///
/// # Errors
/// [`SplatError::InvalidOption`] if an option is out of its documented range.
pub fn splat(
    image: &mut RgbImage,
    dots: &[ScreenDot],
    options: &SplatOptions,
) -> Result<(), SplatError> {
    splat_faded(image, dots, options, None)
}

/// [`splat`] with each pixel's darkening scaled by `fade` (row-major, the image's size, 0–255:
/// 0 leaves the pixel as it is, 255 darkens it fully); a `fade` of another size is ignored.
pub(crate) fn splat_faded(
    image: &mut RgbImage,
    dots: &[ScreenDot],
    options: &SplatOptions,
    fade: Option<&[u8]>,
) -> Result<(), SplatError> {
    options.validate()?;
    let (width, height) = (image.width() as usize, image.height() as usize);
    if width == 0 || height == 0 || dots.is_empty() {
        return Ok(());
    }
    let brush = options.brush();
    let stamps = shared_stamps(brush);
    let stamps = stamps.as_ref();
    let band_h = options.band_height_px as usize;
    let bands = height.div_ceil(band_h);
    let frame = Frame {
        options,
        stamps,
        reach: brush.reach(),
        log2_transmittance: options.pigment_transmittance_linear.map(f32::log2),
        band_h,
        bands,
        height,
    };
    let chunks: Vec<Chunk> = dots
        .par_chunks(CHUNK_DOTS)
        .enumerate()
        .map(|(i, chunk)| bin_chunk(chunk, i * CHUNK_DOTS, &frame))
        .collect();

    let with = Brushes { dots, options, brush: &brush };
    let develop = options.camera.touches_pixels().then(|| Develop::new(&options.camera));
    let row_bytes = width * 3;
    let fade = fade.filter(|f| f.len() == width * height);
    image.par_chunks_mut(band_h * row_bytes).enumerate().for_each(|(band, pixels)| {
        let rows = pixels.len() / row_bytes;
        let fade = fade.map(|f| &f[band * band_h * width..][..rows * width]);
        SCRATCH.with_borrow_mut(|scratch| {
            scratch.prepare(width, band_h);
            let order = scratch.gather(&chunks, band);
            scratch.render(order, (band * band_h) as i32, rows, &with);
            scratch.apply(pixels, rows, band * band_h, Finish { develop: develop.as_ref(), fade });
        });
    });
    Ok(())
}

/// The stamp cache for `brush`, shared by every render with the same brush (previews of several
/// views or sessions reuse stamps). Stamps are pure functions of their key, so sharing never
/// changes output; the few most recent brushes are kept.
fn shared_stamps(brush: BrushShape) -> Arc<StampCache> {
    const KEPT: usize = 3;
    static CACHES: Mutex<Vec<Arc<StampCache>>> = Mutex::new(Vec::new());
    let mut caches = CACHES.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(i) = caches.iter().position(|c| *c.shape() == brush) {
        let cache = caches.remove(i);
        caches.push(Arc::clone(&cache));
        return cache;
    }
    if caches.len() == KEPT {
        caches.remove(0);
    }
    let cache = Arc::new(StampCache::new(brush));
    caches.push(Arc::clone(&cache));
    cache
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::color::SrgbLut;
    use image::Rgb;

    #[test]
    fn a_fade_scales_the_darkening_and_zero_leaves_pixels_alone() {
        let (w, h) = (48u32, 16u32);
        let dots: Vec<ScreenDot> = (0..3)
            .map(|i| ScreenDot {
                center_px: [8.0 + 16.0 * i as f32, 8.0],
                radius_major_px: 3.0,
                radius_minor_px: 3.0,
                major_dir: [1.0, 0.0],
                strength: 1.0,
                shape_seed: 1,
            })
            .collect();
        // The left third fades fully, the middle by half, the right not at all.
        let fade: Vec<u8> = (0..w * h).map(|i| [0u8, 128, 255][(i % w / 16) as usize]).collect();
        let skin = Rgb([190u8, 150, 120]);
        let mut faded = RgbImage::from_pixel(w, h, skin);
        splat_faded(&mut faded, &dots, &SplatOptions::default(), Some(&fade)).unwrap();
        let mut full = RgbImage::from_pixel(w, h, skin);
        splat(&mut full, &dots, &SplatOptions::default()).unwrap();
        for x in 0..16 {
            for y in 0..h {
                assert_eq!(faded.get_pixel(x, y), &skin, "{x},{y} is faded out");
                assert_eq!(faded.get_pixel(x + 32, y), full.get_pixel(x + 32, y));
            }
        }
        let t = SrgbLut::get();
        let absorbed = |p: &Rgb<u8>| t.linear(skin[1]) - t.linear(p[1]);
        let (half, whole) = (absorbed(faded.get_pixel(24, 8)), absorbed(full.get_pixel(24, 8)));
        assert!((half / whole - 128.0 / 255.0).abs() < 0.02, "{half} of {whole}");
    }
}
