//! The splat renderer: darkens an image under [`ScreenDot`]s like pigment in skin.
//!
//! Each dot is rasterised to exact per-pixel coverage (see `brush`), and the skin beneath is
//! multiplied, in linear light, by the pigment's transmittance: a cool dark grey, so warm skin
//! shifts slightly cool and dark skin shows less contrast without any special case.
//!
//! # Determinism and parallelism
//! Dots are binned into fixed-height bands of rows (a dot goes into every band its footprint,
//! halo included, touches), and each band is one rayon task that applies its dots in the
//! caller's order. A pixel's value therefore depends only on the dots over it, in a fixed order:
//! the output is byte-identical for any thread count and band height.
//!
//! Pixels that no dot's footprint covers are never written, so they stay byte-identical.

mod band;
mod srgb;

pub(crate) use srgb::{linear_to_srgb_exact, srgb_to_linear_exact};
mod stamp;

use image::RgbImage;
use rayon::prelude::*;

use crate::render::ScreenDot;
use crate::render::brush::{BrushShape, Ellipse, Footprint, Wobble};
use band::{SCRATCH, bin_by_band};
use srgb::{to_linear, to_srgb};
use stamp::{MAX_STAMP_RADIUS_PX, StampCache};

use std::sync::{Arc, Mutex};

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
    /// length; DESIGN.md's first measurement suggested 5–10 % at 2.4×).
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
        check("band_height_px", band, (1..=4096).contains(&s.band_height_px), "1..=4096")
    }

    fn brush(&self) -> BrushShape {
        BrushShape {
            // A zero-width edge would divide by zero in the supersampling step choice.
            soft_edge: self.soft_edge.max(0.02),
            halo_radius: self.halo_radius,
            halo_strength: self.halo_strength,
            irregularity: self.irregularity,
        }
    }
}

/// How one dot is drawn: a stamp or an exact rasterisation, and its per-channel darkness.
#[derive(Clone, Copy)]
enum Shape<'a> {
    /// A precomputed footprint, its local pixel (0, 0) at `anchor_px` + its origin.
    Stamp {
        footprint: &'a Footprint,
        anchor_px: [i32; 2],
    },
    Exact(Ellipse),
}

#[derive(Clone, Copy)]
struct Prepared<'a> {
    shape: Shape<'a>,
    /// Per-channel absorbed fraction at full coverage: `area ratio × (1 − t^strength)`.
    darkness: [f32; 3],
    /// First and last image row the footprint can touch.
    rows: [i32; 2],
    /// Drawing order within a band: pixel column of the centre, then the caller's index. Going
    /// left to right keeps the band's pixel buffer in cache (random order measured 2× slower);
    /// the order of any two dots is the same in every band, so output stays independent of the
    /// band split and thread count.
    order: u64,
}

/// Darkens `image` under `dots`, like pigment in skin (multiply blend in linear light).
///
/// Dots are applied in slice order; dots with a non-finite field, a radius ≤ 0 or a strength
/// ≤ 0 are skipped (they carry no pigment). Strength above 1 is clamped to 1.
///
/// # Errors
/// [`SplatError::InvalidOption`] if an option is out of its documented range.
pub fn splat(
    image: &mut RgbImage,
    dots: &[ScreenDot],
    options: &SplatOptions,
) -> Result<(), SplatError> {
    options.validate()?;
    let (width, height) = (image.width() as usize, image.height() as usize);
    if width == 0 || height == 0 || dots.is_empty() {
        return Ok(());
    }
    let brush = options.brush();
    let stamps = shared_stamps(brush);
    let stamps = stamps.as_ref();
    let reach = brush.reach();
    let prepared: Vec<Option<Prepared>> =
        dots.par_iter().enumerate().map(|(i, d)| prepare(i, d, options, stamps, reach)).collect();

    let band_h = options.band_height_px as usize;
    let bands = height.div_ceil(band_h);
    let members = bin_by_band(&prepared, band_h, bands, height);

    let row_bytes = width * 3;
    image.par_chunks_mut(band_h * row_bytes).enumerate().for_each(|(band, pixels)| {
        let list = &members.dots[members.starts[band]..members.starts[band + 1]];
        let y0 = (band * band_h) as i32;
        let rows = pixels.len() / row_bytes;
        SCRATCH.with_borrow_mut(|scratch| {
            scratch.prepare(width, band_h);
            scratch.render(y0, rows, width, list, &brush);
            scratch.apply(pixels, rows, width);
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

fn prepare<'a>(
    index: usize,
    d: &ScreenDot,
    options: &SplatOptions,
    stamps: &'a StampCache,
    reach: f32,
) -> Option<Prepared<'a>> {
    let finite = d.center_px.iter().chain(&d.major_dir).all(|v| v.is_finite())
        && d.radius_major_px.is_finite()
        && d.radius_minor_px.is_finite()
        && d.strength.is_finite();
    if !finite || d.radius_major_px <= 0.0 || d.radius_minor_px <= 0.0 || d.strength <= 0.0 {
        return None;
    }
    let len = d.major_dir[0].hypot(d.major_dir[1]);
    let mut dir =
        if len > 1e-6 { [d.major_dir[0] / len, d.major_dir[1] / len] } else { [1.0, 0.0] };
    let mut a = d.radius_major_px.max(options.min_radius_px);
    let mut b = d.radius_minor_px.max(options.min_radius_px);
    if b > a {
        // A caller's "minor" axis is the longer one: turn the ellipse a quarter.
        std::mem::swap(&mut a, &mut b);
        dir = [-dir[1], dir[0]];
    }
    let true_area = d.radius_major_px * d.radius_minor_px;
    let placement = if a <= MAX_STAMP_RADIUS_PX {
        stamps.place(d.center_px, a, b, dir, d.shape_seed)
    } else {
        None
    };
    let (shape, drawn_area, extent) = match placement {
        // The stamp is filled here, in the parallel, in-order preparation, so bands only read it.
        Some(p) => (
            Shape::Stamp { footprint: stamps.stamp(&p), anchor_px: p.anchor_px },
            p.area_over_pi_px2,
            a + 0.1,
        ),
        None => {
            let e = Ellipse {
                center_px: d.center_px,
                radius_major_px: a,
                radius_minor_px: b,
                major_dir: dir,
                wobble: Wobble::from_seed(d.shape_seed, options.irregularity),
            };
            (Shape::Exact(e), a * b, a.max(b))
        }
    };
    let area_ratio = true_area / drawn_area;
    let strength = d.strength.min(1.0);
    let t = options.pigment_transmittance_linear;
    let darkness = t.map(|t| (area_ratio * (1.0 - t.powf(strength))).min(1.0));
    // Generous row bounds (+1 px for stamp snapping); the band clips exactly.
    let half_h = reach * extent + 1.0;
    let rows = [(d.center_px[1] - half_h).floor() as i32, (d.center_px[1] + half_h).ceil() as i32];
    // Columns offset so that dots left of the image (negative x) still sort first.
    let column =
        (d.center_px[0].clamp(-1e9, 1e9) as i64 + (1 << 31)).clamp(0, u32::MAX as i64) as u64;
    Some(Prepared { shape, darkness, rows, order: column << 32 | index as u64 })
}
