//! Synthetic photos for testing the photo pipeline with numbers: the scan rendered in a known
//! pose over a plain or textured background, returned with its ground truth (the pose, and where
//! each landmark lands in the image and whether it is in view).
//!
//! Unlike a preview background, the bust is not faded out (a photo shows neck and shoulders),
//! there is no vignette, and no stubble or dots are drawn.

use image::RgbImage;

use super::scan::{ScanPose, ScanRenderError, ScanRenderOptions, ScanScene, render_scan};
use super::skin::SkinType;
use crate::head::HeadPoint;

/// What lies behind the head.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SyntheticBackground {
    /// One colour, sRGB.
    Plain([u8; 3]),
    /// A mottled wall: `base` sRGB with smooth brightness blotches of ±`contrast` (0–1) and
    /// fine grain, from `seed`.
    Textured {
        /// Mean colour, sRGB.
        base: [u8; 3],
        /// Depth of the blotches, 0–1.
        contrast: f32,
        /// Seed of the pattern.
        seed: u64,
    },
}

/// How a synthetic photo is made.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SyntheticPhotoOptions {
    /// The camera pose (the ground truth). Default [`ScanPose::three_quarter`].
    pub pose: ScanPose,
    /// Image size, px. Default 800 × 800.
    pub size_px: [u32; 2],
    /// Skin type of the head; `None` keeps the scan's own colour. Default `None`.
    pub skin: Option<SkinType>,
    /// The background. Default a plain light grey wall, `[200, 198, 192]`.
    pub background: SyntheticBackground,
}

impl Default for SyntheticPhotoOptions {
    fn default() -> Self {
        Self {
            pose: ScanPose::three_quarter(),
            size_px: [800, 800],
            skin: None,
            background: SyntheticBackground::Plain([200, 198, 192]),
        }
    }
}

/// A landmark's ground truth in a synthetic photo.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LandmarkPx {
    /// Its name: `glabella`, `vertex`, `nose_tip`, `tragus_left`, `tragus_right`, `inion`.
    pub name: &'static str,
    /// The landmark in the head frame, mm.
    pub head: HeadPoint,
    /// Where it projects, image px (pixel centres at +0.5).
    pub px: [f32; 2],
    /// Whether the camera sees it (in the image, not hidden behind other skin).
    pub visible: bool,
}

/// A synthetic photo with its ground truth.
#[derive(Clone, Debug)]
pub struct SyntheticPhoto {
    /// The picture.
    pub image: RgbImage,
    /// The pose it was rendered in.
    pub pose: ScanPose,
    /// The landmarks (the scan has no reliably found chin, so none is given).
    pub landmarks: Vec<LandmarkPx>,
    /// Per pixel, row by row: whether it shows the head (skin) rather than background.
    pub on_head: Vec<bool>,
}

/// Renders the scan as a photo in `options.pose`.
///
/// # Errors
/// A pose out of range ([`ScanRenderError`]).
pub fn synthetic_photo(options: &SyntheticPhotoOptions) -> Result<SyntheticPhoto, ScanRenderError> {
    let scene = ScanScene::shared();
    let plain = match options.background {
        SyntheticBackground::Plain(c) => c,
        SyntheticBackground::Textured { base, .. } => base,
    };
    let render = ScanRenderOptions {
        pose: options.pose,
        skin: options.skin,
        background_srgb: plain,
        vignette: 0.0,
        // Far below the shoulders: nothing fades.
        fade_top_mm: -900.0,
        fade_bottom_mm: -950.0,
        ..ScanRenderOptions::default()
    };
    let [w, h] = options.size_px;
    let mut image = RgbImage::new(w, h);
    let frame = render_scan(scene, &render, &mut image)?;
    let on_head: Vec<bool> = (0..h)
        .flat_map(|y| (0..w).map(move |x| (x, y)))
        .map(|(x, y)| frame.depth_mm(x, y).is_finite())
        .collect();
    if let SyntheticBackground::Textured { base, contrast, seed } = options.background {
        for (k, pixel) in image.pixels_mut().enumerate() {
            if !on_head[k] {
                let (x, y) = ((k as u32 % w) as f32, (k as u32 / w) as f32);
                pixel.0 = wall(base, contrast, seed, x / w as f32, y / h as f32);
            }
        }
    }
    let l = scene.landmarks();
    let named = [
        ("glabella", l.glabella),
        ("vertex", l.vertex),
        ("nose_tip", l.nose_tip),
        ("tragus_left", l.tragus_left),
        ("tragus_right", l.tragus_right),
        ("inion", l.inion),
    ];
    let landmarks = named
        .into_iter()
        .map(|(name, head)| {
            let [x, y, _] = frame.project(head);
            LandmarkPx { name, head, px: [x, y], visible: frame.is_visible(head, 3.0) }
        })
        .collect();
    Ok(SyntheticPhoto { image, pose: options.pose, landmarks, on_head })
}

/// The textured wall's colour at image position `(u, v)` in [0, 1]².
fn wall(base: [u8; 3], contrast: f32, seed: u64, u: f32, v: f32) -> [u8; 3] {
    let blotch = (0..3).fold(0.0, |sum, octave| {
        let f = 3.0 * (1 << octave) as f32;
        sum + (noise(seed + octave, u * f, v * f) - 0.5) / (1 << octave) as f32
    });
    let grain = noise(seed ^ 0xabcd, u * 400.0, v * 400.0) - 0.5;
    let k = 1.0 + contrast * blotch + 0.04 * grain;
    base.map(|c| (f32::from(c) * k).round().clamp(0.0, 255.0) as u8)
}

/// Smooth value noise in [0, 1].
fn noise(seed: u64, x: f32, y: f32) -> f32 {
    let (x0, y0) = (x.floor(), y.floor());
    let (fx, fy) = (x - x0, y - y0);
    let (sx, sy) = (fx * fx * (3.0 - 2.0 * fx), fy * fy * (3.0 - 2.0 * fy));
    let at = |dx: f32, dy: f32| {
        let key = ((x0 + dx) as i64 as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
            ^ ((y0 + dy) as i64 as u64).wrapping_mul(0xC2B2_AE3D_27D4_EB4F)
            ^ seed;
        (crate::seed::mix64(key) >> 40) as f32 / (1u64 << 24) as f32
    };
    let top = at(0.0, 0.0) + (at(1.0, 0.0) - at(0.0, 0.0)) * sx;
    let bottom = at(0.0, 1.0) + (at(1.0, 1.0) - at(0.0, 1.0)) * sx;
    top + (bottom - top) * sy
}
