//! One band of rows: its dots put in drawing order, multiplied into a transmittance buffer, and
//! the touched pixels written back once.

use super::ScreenDot;
use super::SplatOptions;
use super::brush::{BrushShape, Footprint, rasterize};
use super::camera::{Develop, blur_footprint};
use super::prepare::{Chunk, Pixels, Rec, exact_ellipse};
use super::stamp::STAMP_LANES;
use crate::color::SrgbLut;

thread_local! {
    /// Each worker thread's band scratch, kept between bands and calls: a 12-MP image's band
    /// buffer is megabytes, and allocating and filling it per band measured as a large share of
    /// a sparse render.
    pub(super) static SCRATCH: std::cell::RefCell<BandScratch> = std::cell::RefCell::new(BandScratch::default());
}

/// Columns per drawing strip: a band draws its dots strip by strip, left to right, so the part
/// of its buffer in use stays in cache (random order measured 2× slower).
const STRIP_PX: i32 = 16;
/// Pixels per run of a row whose "touched" flag the write-back checks. Runs are one row high:
/// 8 × 16 blocks made a sparse preview's dots (8 × 8 px with the halo) write back 4–6 times
/// their area, more than the whole image at 30 000 dots on 12 MP.
const RUN_PX: usize = 8;

/// Transmittance under which the camera path develops a pixel: a blurred footprint's faint
/// tail darkens a pixel by under 0.2 % there (well under half an sRGB level), yet as a share of
/// a 12-MP photo it is most of the touched pixels, each paying for glare and grain.
const DEVELOP_BELOW: f32 = 1.0 - 1.0 / 512.0;

/// Columns of slack left and right of the image in the band buffer: a stamp that sticks out
/// of the image by less than this is multiplied in whole, without clipping its rows.
const SLACK_PX: usize = 16;

/// What a band draws exact dots with: the render's dots, options and brush.
pub(super) struct Brushes<'a> {
    pub dots: &'a [ScreenDot],
    pub options: &'a SplatOptions,
    pub brush: &'a BrushShape,
}

/// What happens to a band's transmittance before it is written: the camera's grain and glare,
/// and a per-pixel fade of the darkening (the band's rows of it, 0–255).
#[derive(Clone, Copy)]
pub(super) struct Finish<'a> {
    pub develop: Option<&'a Develop>,
    pub fade: Option<&'a [u8]>,
}

/// Per-thread working memory for one band.
#[derive(Default)]
pub(super) struct BandScratch {
    /// Whether `factors` is all 1.0 and `runs` all false (false while a band is in flight, so
    /// a panic mid-band cannot leak stale factors into the next render).
    clean: bool,
    width: usize,
    /// Buffer row length: the image width plus slack on both sides.
    stride: usize,
    /// Length of one channel's plane, `band_h × stride`.
    plane_len: usize,
    /// Transmittance per pixel, one plane per channel (R, G, B), each `band_h × stride`; 1.0
    /// where untouched. Planes keep a stamp row's pixels contiguous for SIMD.
    factors: Vec<f32>,
    /// Per run of [`RUN_PX`] image pixels of each row, whether a footprint touched it.
    runs: Vec<bool>,
    /// Runs per row.
    row_runs: usize,
    /// The band's dots in drawing order (`'static` only while empty: see `render`).
    order: Vec<Rec<'static>>,
    /// Counting-sort table of strips.
    strip_starts: Vec<u32>,
    footprint: Footprint,
    /// Scratch of the camera blur of exact dots.
    blur_rows: Vec<f32>,
}

impl BandScratch {
    /// Makes the scratch ready for a band of `band_h` rows of `width` pixels.
    pub(super) fn prepare(&mut self, width: usize, band_h: usize) {
        let stride = width + 2 * SLACK_PX;
        let len = 3 * stride * band_h;
        self.row_runs = width.div_ceil(RUN_PX);
        let runs = band_h * self.row_runs;
        if !self.clean
            || self.factors.len() != len
            || self.runs.len() != runs
            || self.width != width
        {
            self.factors.clear();
            self.factors.resize(len, 1.0);
            self.runs.clear();
            self.runs.resize(runs, false);
        }
        self.width = width;
        self.stride = stride;
        self.plane_len = stride * band_h;
        self.clean = false;
    }

    /// Collects band `band`'s dots from every chunk, ordered by the strip of their centre and
    /// then by the caller's index (a stable counting sort): the same order in every band, so a
    /// pixel's value does not depend on where the band seams fall.
    pub(super) fn gather<'a>(&mut self, chunks: &[Chunk<'a>], band: usize) -> Vec<Rec<'a>> {
        let strips = self.width / STRIP_PX as usize + 2;
        let last = self.width as i32;
        let strip =
            |r: &Rec| ((r.origin_px[0].clamp(-STRIP_PX, last) + STRIP_PX) / STRIP_PX) as usize;
        self.strip_starts.clear();
        self.strip_starts.resize(strips + 1, 0);
        for r in chunks.iter().flat_map(|c| c.band(band)) {
            self.strip_starts[strip(r) + 1] += 1;
        }
        for s in 0..strips {
            self.strip_starts[s + 1] += self.strip_starts[s];
        }
        let total = self.strip_starts[strips] as usize;
        let mut order = recycle(std::mem::take(&mut self.order));
        let first = chunks.iter().find_map(|c| c.band(band).first().copied());
        let Some(first) = first else { return order };
        order.resize(total, first);
        for r in chunks.iter().flat_map(|c| c.band(band)) {
            let slot = &mut self.strip_starts[strip(r)];
            order[*slot as usize] = *r;
            *slot += 1;
        }
        order
    }

    /// Multiplies the gathered dots `order` into the band's transmittance, rows
    /// `y0..y0 + rows`, and keeps the list's memory for the next band.
    pub(super) fn render(&mut self, order: Vec<Rec>, y0: i32, rows: usize, with: &Brushes) {
        for rec in &order {
            match rec.pixels {
                Pixels::Stamp(coverage) => {
                    let size = rec.size_px.map(usize::from);
                    self.blend(coverage, size, rec.origin_px, y0, rows, rec.darkness);
                }
                Pixels::Exact(index) => {
                    let dot = &with.dots[index as usize];
                    let Some(e) = exact_ellipse(dot, with.options) else { continue };
                    let mut fp = std::mem::take(&mut self.footprint);
                    rasterize(with.brush, &e, &mut fp);
                    blur_footprint(&mut fp, with.brush.blur_px, &mut self.blur_rows);
                    let size = [fp.width, fp.height];
                    self.blend(&fp.coverage, size, fp.origin_px, y0, rows, rec.darkness);
                    self.footprint = fp;
                }
            }
        }
        self.order = recycle(order);
    }

    /// Multiplies one footprint (`coverage`, `size` = width × height) with its top-left pixel at
    /// `origin` into the band's transmittance, clipped to band and image.
    fn blend(
        &mut self,
        coverage: &[f32],
        [fw, fh]: [usize; 2],
        origin: [i32; 2],
        y0: i32,
        rows: usize,
        darkness: [f32; 3],
    ) {
        let width = self.width as i32;
        let r0 = (origin[1] - y0).max(0);
        let r1 = (origin[1] + fh as i32 - y0).min(rows as i32);
        let (x0, x1) = (origin[0], origin[0] + fw as i32);
        let (c0, c1) = (x0.max(0), x1.min(width));
        if r0 >= r1 || c0 >= c1 {
            return;
        }
        let (r0, r1) = (r0 as usize, r1 as usize);
        // First coverage row to use; rows are then indexed by multiplication, not `chunks`,
        // whose division by the width measured as a visible share of a stamp's cost.
        let fp_row0 = (r0 as i32 + y0 - origin[1]) as usize;
        let (red, rest) = self.factors.split_at_mut(self.plane_len);
        let (green, blue) = rest.split_at_mut(self.plane_len);
        let slack = SLACK_PX as i32;
        let whole = x0 >= -slack && x1 <= width + slack && fw.is_multiple_of(STAMP_LANES);
        let stride = self.stride;
        let mut planes = [red, green, blue];
        let rows = r0..r1;
        let coverage = &coverage[fp_row0 * fw..];
        match (whole, fw) {
            (true, 4) => multiply_rows::<4>(planes, stride, x0 + slack, rows, coverage, darkness),
            (true, 8) => multiply_rows::<8>(planes, stride, x0 + slack, rows, coverage, darkness),
            (true, 12) => multiply_rows::<12>(planes, stride, x0 + slack, rows, coverage, darkness),
            (true, 16) => multiply_rows::<16>(planes, stride, x0 + slack, rows, coverage, darkness),
            _ => {
                // Columns of the buffer and of the footprint to multiply.
                let (b0, f0, n) = ((c0 + slack) as usize, (c0 - x0) as usize, (c1 - c0) as usize);
                for (i, row) in rows.enumerate() {
                    let at = row * stride + b0;
                    let cov = &coverage[i * fw + f0..][..n];
                    for (plane, k) in planes.iter_mut().zip(darkness) {
                        for (f, &c) in plane[at..at + n].iter_mut().zip(cov) {
                            *f *= 1.0 - c * k;
                        }
                    }
                }
            }
        }
        let (c0, c1) = (c0 as usize, c1 as usize);
        for row in r0..r1 {
            self.runs[row * self.row_runs..][c0 / RUN_PX..=(c1 - 1) / RUN_PX].fill(true);
        }
    }

    /// Writes the band's touched pixels (the band's first row is image row `y0`), faded and
    /// through the camera as `finish` says, and resets the scratch for the next band.
    pub(super) fn apply(&mut self, pixels: &mut [u8], rows: usize, y0: usize, finish: Finish) {
        let (width, stride) = (self.width, self.stride);
        let (red, rest) = self.factors.split_at_mut(self.plane_len);
        let (green, blue) = rest.split_at_mut(self.plane_len);
        let tables = SrgbLut::get();
        for (row, runs) in self.runs.chunks_exact_mut(self.row_runs).take(rows).enumerate() {
            let at = row * stride + SLACK_PX;
            let line = &mut pixels[row * width * 3..(row + 1) * width * 3];
            for (run, touched) in runs.iter_mut().enumerate() {
                if !std::mem::take(touched) {
                    continue;
                }
                let (x0, x1) = (run * RUN_PX, ((run + 1) * RUN_PX).min(width));
                let out = &mut line[x0 * 3..x1 * 3];
                let r = &mut red[at + x0..at + x1];
                let g = &mut green[at + x0..at + x1];
                let b = &mut blue[at + x0..at + x1];
                if let Some(fade) = finish.fade {
                    let fade = &fade[row * width + x0..row * width + x1];
                    for plane in [&mut *r, &mut *g, &mut *b] {
                        for (f, &k) in plane.iter_mut().zip(fade) {
                            *f = 1.0 - (1.0 - *f) * f32::from(k) * (1.0 / 255.0);
                        }
                    }
                }
                if let Some(develop) = finish.develop {
                    let y = (y0 + row) as u32;
                    for (i, px) in out.chunks_exact_mut(3).enumerate() {
                        let f = [r[i], g[i], b[i]];
                        if f.iter().any(|&t| t < DEVELOP_BELOW) {
                            develop.pixel(px, [(x0 + i) as u32, y], f);
                        }
                    }
                    r.fill(1.0);
                    g.fill(1.0);
                    b.fill(1.0);
                    continue;
                }
                if let Some(out) = out.first_chunk_mut::<{ 3 * RUN_PX }>() {
                    for (c, plane) in [r, g, b].into_iter().enumerate() {
                        darken_run(&tables, out, c, plane);
                    }
                    continue;
                }
                for (((px, r), g), b) in out.chunks_exact_mut(3).zip(r).zip(g).zip(b) {
                    if (*r, *g, *b) != (1.0, 1.0, 1.0) {
                        px[0] = tables.darken(px[0], std::mem::replace(r, 1.0));
                        px[1] = tables.darken(px[1], std::mem::replace(g, 1.0));
                        px[2] = tables.darken(px[2], std::mem::replace(b, 1.0));
                    }
                }
            }
        }
        // Stamps sticking out of the image left factors in the slack columns.
        for plane in [red, green, blue] {
            for line in plane.chunks_exact_mut(stride) {
                line[..SLACK_PX].fill(1.0);
                line[SLACK_PX + width..].fill(1.0);
            }
        }
        self.clean = true;
    }
}

/// Darkens channel `c` of a run of [`RUN_PX`] pixels by `factors` and resets them; a run
/// no dot touched is skipped (darkening by exactly 1 would give the same bytes back anyway).
#[inline]
fn darken_run(tables: &SrgbLut, out: &mut [u8; 3 * RUN_PX], c: usize, factors: &mut [f32]) {
    let Some(factors) = factors.first_chunk_mut::<RUN_PX>() else { return };
    if *factors == [1.0; RUN_PX] {
        return;
    }
    let bytes = std::array::from_fn(|i| out[3 * i + c]);
    let darker = tables.darken_lanes(bytes, std::mem::replace(factors, [1.0; RUN_PX]));
    for (i, byte) in darker.into_iter().enumerate() {
        out[3 * i + c] = byte;
    }
}

/// `factor *= 1 − coverage·darkness` for `N`-pixel rows starting at buffer column `at0`, in
/// straight-line code of whole SIMD lanes: a loop over a stamp's few pixels was vectorised
/// across iterations with shuffles, and measured slower than this.
#[inline(always)]
fn multiply_rows<const N: usize>(
    mut planes: [&mut [f32]; 3],
    stride: usize,
    at0: i32,
    rows: std::ops::Range<usize>,
    coverage: &[f32],
    darkness: [f32; 3],
) {
    let at0 = at0 as usize;
    for (i, row) in rows.enumerate() {
        // Copies in and out: with the loads and stores of plain arrays kept apart, the
        // compiler needs no proof that planes and stamp do not overlap to use SIMD.
        let Some(&cov) = coverage.get(i * N..).and_then(|c| c.first_chunk::<N>()) else { return };
        let at = row * stride + at0;
        for (plane, k) in planes.iter_mut().zip(darkness) {
            let Some(out) = plane.get_mut(at..).and_then(|p| p.first_chunk_mut::<N>()) else {
                return;
            };
            let old = *out;
            *out = std::array::from_fn(|i| old[i] * (1.0 - cov[i] * k));
        }
    }
}

/// `list` emptied and with its lifetime reset, so its memory serves the next band (the
/// collect reuses the allocation in place).
fn recycle<'b>(mut list: Vec<Rec<'_>>) -> Vec<Rec<'b>> {
    list.clear();
    list.into_iter().map(|_| unreachable!("the list is empty")).collect()
}
