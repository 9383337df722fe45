//! The background grid: square cells small enough that each holds at most one dot, stored in
//! flat arrays that tiles of the same phase write to in parallel.
//!
//! A cell's side is at most `r_min / √2`, so its diagonal is shorter than any spacing and two
//! dots can never share a cell: a cell is either empty or holds one dot `(x, y, r)`. Cells are
//! relaxed atomics only so that safe Rust lets tiles of one phase write their own cells while
//! reading their neighbours' (which no other thread writes in that phase); the phases' rayon
//! joins order everything else, so results never depend on scheduling.
//!
//! Where the spacing is many cells wide most cells are empty, so an occupancy bitmap (one bit
//! per cell, row by row) lets a search visit only the dots of a row span instead of every
//! cell: the cost of a query follows the dots it meets, not the area it covers.

use std::sync::atomic::{AtomicU32, AtomicU64, Ordering::Relaxed};

use rayon::prelude::*;

use super::existing::Existing;
use crate::geom::{MapPoint, MapRect};

/// An axis-aligned rectangle in scalp-map mm, `[x0, x1) × [y0, y1)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Rect {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
}

/// A placed dot as the engine sees it: position in mm and its spacing in mm.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct Disc {
    pub x: f32,
    pub y: f32,
    pub r: f32,
}

/// One cell: bit patterns of x, y and spacing; spacing 0 means empty.
#[derive(Default)]
struct Slot {
    x: AtomicU32,
    y: AtomicU32,
    r: AtomicU32,
}

/// The grid over the sampling domain.
pub(crate) struct Grid {
    /// The domain; cells start at its minimum corner and the last row/column is clipped to it.
    pub domain: MapRect,
    /// Side of a cell, in mm.
    pub cell_mm: f32,
    inv_cell: f32,
    /// Cells along x.
    pub nx: usize,
    /// Cells along y.
    pub ny: usize,
    slots: Vec<Slot>,
    /// One bit per cell, set where it holds a dot: `words_per_row` words per row, bit `i % 64`
    /// of word `i / 64` for column `i`.
    occupied: Vec<AtomicU64>,
    words_per_row: usize,
}

impl Grid {
    /// An empty grid over `domain` with cells of side at most `r_min_mm / √2`.
    pub fn new(domain: MapRect, r_min_mm: f32) -> Self {
        let cell_mm = Self::cell_mm_for(r_min_mm);
        let nx = ((domain.width_mm() / cell_mm).ceil() as usize).max(1);
        let ny = ((domain.height_mm() / cell_mm).ceil() as usize).max(1);
        // Zeroed in parallel: first touches of fresh pages are page faults, which then share
        // out over the threads instead of running before any of them starts.
        let slots = (0..nx * ny).into_par_iter().map(|_| Slot::default()).collect();
        let words_per_row = nx.div_ceil(64);
        let occupied = (0..words_per_row * ny).map(|_| AtomicU64::new(0)).collect();
        Self { domain, cell_mm, inv_cell: 1.0 / cell_mm, nx, ny, slots, occupied, words_per_row }
    }

    /// Side of a cell for smallest spacing `r_min_mm`: a hair below r/√2 so that rounding can
    /// never let a cell's diagonal reach r_min.
    pub fn cell_mm_for(r_min_mm: f32) -> f32 {
        r_min_mm * std::f32::consts::FRAC_1_SQRT_2 * 0.9999
    }

    /// Number of cells.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Left edge of column `i` (clipped to the domain).
    pub fn edge_x(&self, i: usize) -> f32 {
        min_f32(self.domain.min.x_mm + i as f32 * self.cell_mm, self.domain.max.x_mm)
    }

    /// Bottom edge of row `j` (clipped to the domain).
    pub fn edge_y(&self, j: usize) -> f32 {
        min_f32(self.domain.min.y_mm + j as f32 * self.cell_mm, self.domain.max.y_mm)
    }

    /// Column containing x, unclamped (may be negative or ≥ nx).
    pub fn col(&self, x: f32) -> isize {
        floor((x - self.domain.min.x_mm) * self.inv_cell)
    }

    /// Row containing y, unclamped.
    pub fn row(&self, y: f32) -> isize {
        floor((y - self.domain.min.y_mm) * self.inv_cell)
    }

    /// Whether cell `idx` holds a dot.
    #[inline]
    pub fn is_occupied(&self, idx: usize) -> bool {
        self.slots[idx].r.load(Relaxed) != 0
    }

    /// Puts `d` into cell `idx`; the caller owns that cell in the current phase.
    pub fn put(&self, idx: usize, d: Disc) {
        let s = &self.slots[idx];
        s.x.store(d.x.to_bits(), Relaxed);
        s.y.store(d.y.to_bits(), Relaxed);
        s.r.store(d.r.to_bits(), Relaxed);
        let (i, j) = (idx % self.nx, idx / self.nx);
        // A word may hold cells of two tiles that run at once, hence an atomic `or`.
        self.occupied[j * self.words_per_row + i / 64].fetch_or(1 << (i % 64), Relaxed);
    }

    /// The cell holding point `(x, y)` of the domain (clamped to the grid against rounding).
    #[inline]
    pub fn cell_of(&self, x: f32, y: f32) -> usize {
        let i = self.col(x).clamp(0, self.nx as isize - 1) as usize;
        let j = self.row(y).clamp(0, self.ny as isize - 1) as usize;
        j * self.nx + i
    }

    /// Index ranges (columns, rows; inclusive, unclamped) of the cells a box
    /// `[x0 − reach, x1 + reach] × [y0 − reach, y1 + reach]` touches.
    #[inline]
    pub fn span(&self, b: Rect, reach: f32) -> (isize, isize, isize, isize) {
        // A thousandth of a cell more, so rounding never hides a cell at exactly `reach`.
        let pad = reach + self.cell_mm * 1e-3;
        (self.col(b.x0 - pad), self.col(b.x1 + pad), self.row(b.y0 - pad), self.row(b.y1 + pad))
    }

    /// Whether a dot at `(x, y)` with spacing `r` would sit closer than `min(r, r_q)` to any dot
    /// `q` already in the grid or in `existing`.
    #[inline]
    pub fn conflicts(&self, x: f32, y: f32, r: f32, existing: Option<&Existing>) -> bool {
        let b = Rect { x0: x, y0: y, x1: x, y1: y };
        let span = self.span(b, r);
        let in_grid = if r > 2.0 * self.cell_mm {
            // Where the spacing is many cells wide, a blocking dot is usually a row or two away:
            // search the rows outwards and stop at the first.
            self.any_near(span, self.row(y), |q| {
                let (dx, dy) = (q.x - x, q.y - y);
                let m = min_f32(r, q.r);
                dx * dx + dy * dy < m * m
            })
        } else {
            self.conflicts_in_box(x, y, r, span)
        };
        in_grid
            || existing.is_some_and(|e| {
                e.rows(span).flatten().any(|q| {
                    let (dx, dy) = (q.x - x, q.y - y);
                    let m = r.min(q.r);
                    dx * dx + dy * dy < m * m
                })
            })
    }

    /// `conflicts` over the grid cells of `span`, for spacings of a few cells: every cell is
    /// read, without a branch per cell, which beats the bitmap when most cells are occupied.
    #[inline]
    fn conflicts_in_box(&self, x: f32, y: f32, r: f32, span: (isize, isize, isize, isize)) -> bool {
        let (c0, c1, r0, r1) = self.clamp(span);
        for j in r0..=r1 {
            let row = j * self.nx;
            for s in &self.slots[row + c0..=row + c1] {
                let rq = f32::from_bits(s.r.load(Relaxed));
                let dx = f32::from_bits(s.x.load(Relaxed)) - x;
                let dy = f32::from_bits(s.y.load(Relaxed)) - y;
                let m = min_f32(r, rq);
                // Empty cells have rq = 0, so m = 0 and the test is false without a branch.
                if dx * dx + dy * dy < m * m {
                    return true;
                }
            }
        }
        false
    }

    /// Whether `hit` holds for a dot in the cells of an unclamped `span`, visiting the rows
    /// nearest to row `center` first (columns ascending) and stopping at the first hit.
    #[inline]
    pub fn any_near(
        &self,
        span: (isize, isize, isize, isize),
        center: isize,
        mut hit: impl FnMut(Disc) -> bool,
    ) -> bool {
        let (c0, c1, r0, r1) = self.clamp(span);
        let cols = Columns::new(c0, c1);
        let hit = &mut hit;
        let mid = center.clamp(r0 as isize, r1 as isize) as usize;
        if self.any_in_row(mid, cols, hit) {
            return true;
        }
        for d in 1..=(mid - r0).max(r1 - mid) {
            if (d <= mid - r0 && self.any_in_row(mid - d, cols, hit))
                || (mid + d <= r1 && self.any_in_row(mid + d, cols, hit))
            {
                return true;
            }
        }
        false
    }

    /// Whether `hit` holds for a dot in `cols` of row `j`, columns ascending; only the
    /// occupied cells are read.
    #[inline(always)]
    fn any_in_row(&self, j: usize, cols: Columns, hit: &mut impl FnMut(Disc) -> bool) -> bool {
        let base = j * self.words_per_row;
        for w in cols.w0..=cols.w1 {
            let mut bits = self.occupied[base + w].load(Relaxed) & cols.mask(w);
            while bits != 0 {
                let i = w * 64 + bits.trailing_zeros() as usize;
                bits &= bits - 1;
                let s = &self.slots[j * self.nx + i];
                let q = Disc {
                    x: f32::from_bits(s.x.load(Relaxed)),
                    y: f32::from_bits(s.y.load(Relaxed)),
                    r: f32::from_bits(s.r.load(Relaxed)),
                };
                if hit(q) {
                    return true;
                }
            }
        }
        false
    }

    /// Appends to `out` every dot (grid and `existing`) closer to `b` than `min(reach, r_q)`:
    /// the dots that can reach into `b` for points of spacing at most `reach`.
    pub fn gather(&self, b: Rect, reach: f32, existing: Option<&Existing>, out: &mut Vec<Disc>) {
        let span = self.span(b, reach);
        let (c0, c1, r0, r1) = self.clamp(span);
        let reaches = |q: &Disc| {
            let gx = max_f32(max_f32(b.x0 - q.x, q.x - b.x1), 0.0);
            let gy = max_f32(max_f32(b.y0 - q.y, q.y - b.y1), 0.0);
            let m = min_f32(reach, q.r);
            gx * gx + gy * gy < m * m
        };
        let cols = Columns::new(c0, c1);
        for j in r0..=r1 {
            self.any_in_row(j, cols, &mut |q| {
                if reaches(&q) {
                    out.push(q);
                }
                false
            });
        }
        if let Some(e) = existing {
            out.extend(e.rows(span).flatten().copied().filter(reaches));
        }
    }

    /// Clamps an unclamped span to the grid (rows and columns as usize).
    #[inline]
    fn clamp(
        &self,
        (c0, c1, r0, r1): (isize, isize, isize, isize),
    ) -> (usize, usize, usize, usize) {
        let cx = |c: isize| c.clamp(0, self.nx as isize - 1) as usize;
        let cy = |r: isize| r.clamp(0, self.ny as isize - 1) as usize;
        (cx(c0), cx(c1), cy(r0), cy(r1))
    }

    /// The dots of row `j` with their cell indices, columns ascending; only occupied cells are
    /// read.
    pub fn dots_in_row(&self, j: usize) -> impl Iterator<Item = (usize, MapPoint)> {
        let words = &self.occupied[j * self.words_per_row..(j + 1) * self.words_per_row];
        words.iter().enumerate().flat_map(move |(w, word)| {
            let mut bits = word.load(Relaxed);
            std::iter::from_fn(move || {
                (bits != 0).then(|| {
                    let idx = j * self.nx + w * 64 + bits.trailing_zeros() as usize;
                    bits &= bits - 1;
                    let s = &self.slots[idx];
                    let p = MapPoint::new(
                        f32::from_bits(s.x.load(Relaxed)),
                        f32::from_bits(s.y.load(Relaxed)),
                    );
                    (idx, p)
                })
            })
        })
    }
    /// The dots of every cell not set in `skip` (bit `idx % 64` of word `idx / 64` for cell
    /// `idx`), in row-major cell order. Large grids are read in bands of rows in parallel; a
    /// small one is read on the calling thread, which is faster than waking the pool for it.
    pub fn dots_except(&self, skip: &[u64]) -> Vec<MapPoint> {
        let read = |rows: std::ops::Range<usize>, out: &mut Vec<MapPoint>| {
            for j in rows {
                out.extend(
                    self.dots_in_row(j)
                        .filter(|&(idx, _)| skip[idx / 64] & (1 << (idx % 64)) == 0)
                        .map(|(_, p)| p),
                );
            }
        };
        if self.len() < PARALLEL_READ_CELLS {
            let dots = self.occupied.iter().map(|w| w.load(Relaxed).count_ones() as usize).sum();
            let mut out = Vec::with_capacity(dots);
            read(0..self.ny, &mut out);
            return out;
        }
        let band_rows = self.ny.div_ceil(4 * rayon::current_num_threads());
        let bands: Vec<Vec<MapPoint>> = (0..self.ny.div_ceil(band_rows))
            .into_par_iter()
            .map(|b| {
                let mut out = Vec::new();
                read(b * band_rows..((b + 1) * band_rows).min(self.ny), &mut out);
                out
            })
            .collect();
        bands.concat()
    }
}

/// Grids of at least this many cells (about 350,000 dots at a uniform spacing) are read out in
/// parallel by [`Grid::dots_except`].
const PARALLEL_READ_CELLS: usize = 1 << 20;

/// Columns `[c0, c1]` of a row as bitmap words `w0..=w1` and the masks of the end words, worked
/// out once per query rather than once per row.
#[derive(Clone, Copy)]
struct Columns {
    w0: usize,
    w1: usize,
    first: u64,
    last: u64,
}

impl Columns {
    fn new(c0: usize, c1: usize) -> Self {
        Self { w0: c0 / 64, w1: c1 / 64, first: !0 << (c0 % 64), last: !0 >> (63 - c1 % 64) }
    }

    /// The mask of word `w`.
    #[inline(always)]
    fn mask(self, w: usize) -> u64 {
        let mut m = !0;
        if w == self.w0 {
            m &= self.first;
        }
        if w == self.w1 {
            m &= self.last;
        }
        m
    }
}

/// The smaller of `a` and `b`, which are never NaN: one `minss`, where `f32::min` spends
/// several instructions on NaN in the sampler's innermost loops.
#[inline(always)]
pub(crate) fn min_f32(a: f32, b: f32) -> f32 {
    if a < b { a } else { b }
}

/// The larger of `a` and `b`, which are never NaN (see [`min_f32`]).
#[inline(always)]
pub(crate) fn max_f32(a: f32, b: f32) -> f32 {
    if a > b { a } else { b }
}

/// `v.floor() as isize` without a libm call (baseline x86-64 has no rounding instruction).
#[inline]
fn floor(v: f32) -> isize {
    let t = v as isize;
    if (t as f32) > v { t - 1 } else { t }
}
