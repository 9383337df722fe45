//! Preparing dots for the bands: each dot becomes a small record (stamp or exact shape, anchor
//! pixel, per-channel darkness), and records are grouped by band in chunks of the caller's slice.
//!
//! Chunks are prepared in parallel and each keeps its dots in the caller's order within a band,
//! so a band reading the chunks one after another sees its dots in the caller's order whatever
//! the chunk size or thread count. Records are copied into the chunk's band groups (a dot whose
//! footprint crosses a band seam is copied into each band): a band then reads its dots
//! sequentially instead of gathering them from all over memory.

use super::ScreenDot;
use super::brush::{DotEllipse, Wobble};

use super::SplatOptions;
use super::stamp::{MAX_STAMP_RADIUS_PX, StampCache};

/// Dots per chunk: large enough that per-chunk band tables stay cheap, small enough that both
/// threads get several chunks of a preview's tens of thousands of dots.
pub(super) const CHUNK_DOTS: usize = 8192;

/// One dot ready to draw.
#[derive(Clone, Copy, Debug)]
pub(super) struct Rec<'a> {
    pub pixels: Pixels<'a>,
    /// Image pixel of the stamp's top-left coverage value; for an exact dot the pixel of its
    /// centre (used only for the drawing order).
    pub origin_px: [i32; 2],
    /// Stamp width and height, px (zero for an exact dot).
    pub size_px: [u16; 2],
    /// Per-channel absorbed fraction at full coverage: `area ratio × (1 − t^strength)`.
    pub darkness: [f32; 3],
}

/// Where a dot's coverage comes from.
#[derive(Clone, Copy, Debug)]
pub(super) enum Pixels<'a> {
    /// A stamp's coverage, row-major. Held directly rather than as a cache index: a band then
    /// reads a stamp with one cache miss instead of two dependent ones.
    Stamp(&'a [f32]),
    /// Rasterised exactly by the band, from the caller's dot with this index.
    Exact(u32),
}

/// The dots of one chunk, grouped by band, each group in the caller's order.
pub(super) struct Chunk<'a> {
    /// Start of each band's group in `recs`; `bands + 1` entries.
    starts: Vec<u32>,
    recs: Vec<Rec<'a>>,
}

impl<'a> Chunk<'a> {
    /// The chunk's dots that touch band `band`.
    pub fn band(&self, band: usize) -> &[Rec<'a>] {
        &self.recs[self.starts[band] as usize..self.starts[band + 1] as usize]
    }
}

/// What every chunk needs to know about the render.
pub(super) struct Frame<'a> {
    pub options: &'a SplatOptions,
    pub stamps: &'a StampCache,
    /// Largest normalised distance of the brush profile (halo and wobble included).
    pub reach: f32,
    /// `log2` of the pigment's transmittance per channel.
    pub log2_transmittance: [f32; 3],
    pub band_h: usize,
    pub bands: usize,
    pub height: usize,
}

/// Prepares the dots `dots` (the caller's indices `first..`) and groups them by band.
pub(super) fn bin_chunk<'a>(dots: &[ScreenDot], first: usize, frame: &Frame<'a>) -> Chunk<'a> {
    let last_row = frame.height as i32 - 1;
    let mut ready: Vec<(Rec, u32, u32)> = Vec::with_capacity(dots.len());
    let mut starts = vec![0u32; frame.bands + 1];
    for (i, d) in dots.iter().enumerate() {
        let Some((rec, [top, bottom])) = prepare((first + i) as u32, d, frame) else {
            continue;
        };
        if bottom < 0 || top > last_row {
            continue;
        }
        let lo = top.max(0) as usize / frame.band_h;
        let hi = bottom.min(last_row) as usize / frame.band_h;
        for s in &mut starts[lo + 1..=hi + 1] {
            *s += 1;
        }
        ready.push((rec, lo as u32, hi as u32));
    }
    for b in 0..frame.bands {
        starts[b + 1] += starts[b];
    }
    let mut fill = starts.clone();
    let empty =
        Rec { pixels: Pixels::Exact(0), origin_px: [0; 2], size_px: [0; 2], darkness: [0.0; 3] };
    let mut recs = vec![empty; starts[frame.bands] as usize];
    for &(rec, lo, hi) in &ready {
        for f in &mut fill[lo as usize..=hi as usize] {
            recs[*f as usize] = rec;
            *f += 1;
        }
    }
    Chunk { starts, recs }
}

/// The drawn semi-axes (`a ≥ b`, at least the minimum radius) and the unit major axis of `d`,
/// or `None` for a dot that carries no pigment (non-finite field, radius or strength ≤ 0).
fn drawn_axes(d: &ScreenDot, min_radius_px: f32) -> Option<(f32, f32, [f32; 2])> {
    let finite = d.center_px.iter().chain(&d.major_dir).all(|v| v.is_finite())
        && d.radius_major_px.is_finite()
        && d.radius_minor_px.is_finite()
        && d.strength.is_finite();
    if !finite || d.radius_major_px <= 0.0 || d.radius_minor_px <= 0.0 || d.strength <= 0.0 {
        return None;
    }
    let [dx, dy] = d.major_dir;
    // `hypot` (a library call) only where squaring could overflow.
    let len = match (dx * dx + dy * dy).sqrt() {
        len if len.is_finite() => len,
        _ => dx.hypot(dy),
    };
    let mut dir =
        if len > 1e-6 { [d.major_dir[0] / len, d.major_dir[1] / len] } else { [1.0, 0.0] };
    let mut a = d.radius_major_px.max(min_radius_px);
    let mut b = d.radius_minor_px.max(min_radius_px);
    if b > a {
        // A caller's "minor" axis is the longer one: turn the ellipse a quarter.
        std::mem::swap(&mut a, &mut b);
        dir = [-dir[1], dir[0]];
    }
    Some((a, b, dir))
}

/// The exact shape of `d` (a dot [`prepare`] did not serve with a stamp).
pub(super) fn exact_ellipse(d: &ScreenDot, options: &SplatOptions) -> Option<DotEllipse> {
    let (a, b, dir) = drawn_axes(d, options.min_radius_px)?;
    Some(DotEllipse {
        center_px: d.center_px,
        radius_major_px: a,
        radius_minor_px: b,
        major_dir: dir,
        wobble: Wobble::from_seed(d.shape_seed, options.irregularity),
    })
}

/// The record of dot `index` and the first and last image row its footprint can touch.
fn prepare<'a>(index: u32, d: &ScreenDot, frame: &Frame<'a>) -> Option<(Rec<'a>, [i32; 2])> {
    let options = frame.options;
    let (a, b, dir) = drawn_axes(d, options.min_radius_px)?;
    let placement = if a <= MAX_STAMP_RADIUS_PX {
        frame.stamps.place(d.center_px, a, b, dir, d.shape_seed)
    } else {
        None
    };
    let (pixels, origin_px, size_px, drawn_area, rows) = match placement {
        Some(p) => {
            // The stamp is filled here, in the parallel preparation, so bands only read it.
            let fp = frame.stamps.stamp(p.index);
            if fp.height == 0 {
                return None;
            }
            let origin = [p.anchor_px[0] + fp.origin_px[0], p.anchor_px[1] + fp.origin_px[1]];
            let rows = [origin[1], origin[1] + fp.height as i32 - 1];
            let size = [fp.width as u16, fp.height as u16];
            (Pixels::Stamp(&fp.coverage), origin, size, p.area_over_pi_px2, rows)
        }
        None => {
            // Generous row bounds; the band clips exactly.
            let half_h = frame.reach * a + 1.0 + (3.0 * options.camera.blur_px).ceil();
            let [cx, cy] = d.center_px;
            let rows = [(cy - half_h).floor() as i32, (cy + half_h).ceil() as i32];
            // `as` saturates, so dots far outside the image still get an ordering column.
            let origin = [cx.floor() as i32, cy.floor() as i32];
            (Pixels::Exact(index), origin, [0; 2], a * b, rows)
        }
    };
    let area_ratio = d.radius_major_px * d.radius_minor_px / drawn_area;
    let strength = d.strength.min(1.0);
    // t^strength as 2^(strength · log2 t): one exp2 per channel instead of a powf.
    let darkness =
        frame.log2_transmittance.map(|l| (area_ratio * (1.0 - (strength * l).exp2())).min(1.0));
    Some((Rec { pixels, origin_px, size_px, darkness }, rows))
}
