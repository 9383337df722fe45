//! Bands of rows: binning dots into them and drawing one band into its scratch buffer.

use rayon::prelude::*;

use super::{Prepared, Shape, to_linear, to_srgb};
use crate::render::brush::{BrushShape, Footprint, rasterize};

thread_local! {
    /// Each worker thread's band scratch, kept between bands and calls: a 12-MP image's band
    /// buffer is megabytes, and allocating and filling it per band measured as a large share of
    /// a sparse render.
    pub(super) static SCRATCH: std::cell::RefCell<BandScratch> = std::cell::RefCell::new(BandScratch::default());
}

/// Dots grouped by band (counting sort, so each band keeps the caller's dot order). The dots
/// are copied, not indexed: a band then reads its dots sequentially instead of gathering them
/// from all over memory, which measured as the main cost with randomly placed dots.
pub(super) struct BandMembers<'a> {
    pub starts: Vec<usize>,
    pub dots: Vec<Prepared<'a>>,
}

pub(super) fn bin_by_band<'a>(
    prepared: &[Option<Prepared<'a>>],
    band_h: usize,
    bands: usize,
    height: usize,
) -> BandMembers<'a> {
    let band_range = |p: &Prepared| {
        let visible = p.rows[1] >= 0 && p.rows[0] < height as i32;
        let lo = p.rows[0].clamp(0, height as i32 - 1) as usize / band_h;
        let hi = p.rows[1].clamp(0, height as i32 - 1) as usize / band_h;
        visible.then_some(lo..=hi)
    };
    // Drawing order (column, then caller's index) once for all bands; the counting sort below
    // is stable, so every band inherits it. Sorting bare keys is far cheaper than sorting each
    // band's dots.
    let mut keys: Vec<u64> = prepared.iter().flatten().map(|p| p.order).collect();
    keys.par_sort_unstable();
    let dot = |key: u64| prepared[(key & u64::from(u32::MAX)) as usize].as_ref();
    let mut starts = vec![0usize; bands + 1];
    for p in keys.iter().filter_map(|&k| dot(k)) {
        for b in band_range(p).into_iter().flatten() {
            starts[b + 1] += 1;
        }
    }
    for b in 0..bands {
        starts[b + 1] += starts[b];
    }
    let mut fill = starts.clone();
    let mut slots = vec![0u64; starts[bands]];
    for &k in &keys {
        for b in dot(k).and_then(band_range).into_iter().flatten() {
            slots[fill[b]] = k;
            fill[b] += 1;
        }
    }
    BandMembers { starts, dots: slots.iter().filter_map(|&k| dot(k).copied()).collect() }
}

/// Per-thread working memory for one band: transmittance per pixel and channel.
#[derive(Default)]
pub(super) struct BandScratch {
    /// Whether `factors` is all 1.0 and `touched` all empty (false while a band is in flight,
    /// so a panic mid-band cannot leak stale factors into the next render).
    clean: bool,
    /// Transmittance factors, 3 per pixel, row-major; 1.0 where untouched.
    factors: Vec<f32>,
    /// Per row, the touched column range `[min, max]` (`min > max` when untouched).
    touched: Vec<[usize; 2]>,
    /// 1 where a footprint covers the pixel: scanning a byte per pixel (8 at a time) is what
    /// keeps the write-back cheap where dots are sparse.
    mask: Vec<u8>,
    footprint: Footprint,
}

impl BandScratch {
    /// Makes the scratch ready for a band of `band_h` rows of `width` pixels.
    pub(super) fn prepare(&mut self, width: usize, band_h: usize) {
        let len = width * band_h * 3;
        if !self.clean || self.factors.len() != len || self.touched.len() != band_h {
            self.factors.clear();
            self.factors.resize(len, 1.0);
            self.touched.clear();
            self.touched.resize(band_h, [usize::MAX, 0]);
            self.mask.clear();
            self.mask.resize(width * band_h, 0);
        }
        self.clean = false;
    }

    pub(super) fn render(
        &mut self,
        y0: i32,
        rows: usize,
        width: usize,
        list: &[Prepared],
        brush: &BrushShape,
    ) {
        for p in list {
            let (fp, origin) = match &p.shape {
                Shape::Stamp { footprint, anchor_px } => (
                    *footprint,
                    [anchor_px[0] + footprint.origin_px[0], anchor_px[1] + footprint.origin_px[1]],
                ),
                Shape::Exact(e) => {
                    rasterize(brush, e, &mut self.footprint);
                    (&self.footprint, self.footprint.origin_px)
                }
            };
            let marks = Marks { touched: &mut self.touched, mask: &mut self.mask };
            blend(&mut self.factors, marks, fp, origin, y0, rows, width, p.darkness);
        }
    }

    /// Writes the band's touched pixels and resets the scratch for the next band.
    pub(super) fn apply(&mut self, pixels: &mut [u8], rows: usize, width: usize) {
        for row in 0..rows {
            let [lo, hi] = self.touched[row];
            if lo > hi {
                continue;
            }
            let mut x = lo;
            while x <= hi {
                let i = row * width + x;
                if x + 8 <= hi + 1 {
                    let block: [u8; 8] = self.mask[i..i + 8].try_into().unwrap_or_default();
                    if u64::from_ne_bytes(block) == 0 {
                        x += 8;
                        continue;
                    }
                }
                if self.mask[i] != 0 {
                    self.mask[i] = 0;
                    let f = &mut self.factors[i * 3..][..3];
                    let px = &mut pixels[i * 3..][..3];
                    for c in 0..3 {
                        px[c] = to_srgb(to_linear(px[c]) * f[c]);
                    }
                    f.fill(1.0);
                }
                x += 1;
            }
            self.touched[row] = [usize::MAX, 0];
        }
        self.clean = true;
    }
}

/// Which pixels of a band footprints have covered.
struct Marks<'s> {
    touched: &'s mut [[usize; 2]],
    mask: &'s mut [u8],
}

/// Multiplies the footprint's transmittance into the band's factors, clipped to band and image.
#[allow(clippy::too_many_arguments)]
fn blend(
    factors: &mut [f32],
    marks: Marks,
    fp: &Footprint,
    origin: [i32; 2],
    y0: i32,
    rows: usize,
    width: usize,
    darkness: [f32; 3],
) {
    let r0 = (origin[1] - y0).max(0);
    let r1 = (origin[1] + fp.height as i32 - y0).min(rows as i32);
    let c0 = origin[0].max(0);
    let c1 = (origin[0] + fp.width as i32).min(width as i32);
    if r0 >= r1 || c0 >= c1 {
        return;
    }
    let (c0, c1) = (c0 as usize, c1 as usize);
    for row in r0 as usize..r1 as usize {
        let fp_row = (row as i32 + y0 - origin[1]) as usize * fp.width;
        let fp_col0 = (c0 as i32 - origin[0]) as usize;
        let cov = &fp.coverage[fp_row + fp_col0..][..c1 - c0];
        let out = &mut factors[(row * width + c0) * 3..(row * width + c1) * 3];
        for (f, &c) in out.chunks_exact_mut(3).zip(cov) {
            f[0] *= 1.0 - c * darkness[0];
            f[1] *= 1.0 - c * darkness[1];
            f[2] *= 1.0 - c * darkness[2];
        }
        marks.mask[row * width + c0..row * width + c1].fill(1);
        let t = &mut marks.touched[row];
        t[0] = t[0].min(c0);
        t[1] = t[1].max(c1 - 1);
    }
}
