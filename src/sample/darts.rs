//! What one tile does: cut it into dart cells sized to its own spacing, throw one dart per cell
//! in shuffled order, then fill the voids.
//!
//! The grid's cells are sized for the smallest spacing anywhere; a tile where the spacing is
//! wider throws its darts into cells sized for the tile's own smallest spacing instead (still
//! with a diagonal below it, so one dot covers its dart cell), so darts follow the local dot
//! count rather than the finest spacing of the field: about three per dot everywhere.
//!
//! Everything a tile does is sequential and draws from the tile's own generator, so a tile's
//! dots depend only on (seed, tile) and on the dots of tiles from earlier phases.

use rand::Rng;
use rand_pcg::Pcg64Mcg;

use super::existing::Existing;
use super::grid::{Disc, Grid, Rect, max_f32, min_f32};
use super::spacing::{Clamped, SpacingField};
use super::voids::{Square, fill_voids};

/// What every tile reads: the grid, earlier dots, the spacing field and its values at the cell
/// corners.
pub(crate) struct Ctx<'a, S: ?Sized> {
    pub grid: &'a Grid,
    pub existing: Option<&'a Existing>,
    pub spacing: Clamped<'a, S>,
    /// Spacing at each grid cell corner, `(nx + 1) × (ny + 1)`, row-major.
    pub corners: &'a [f32],
}

/// Spacing bounds over a rectangle, from the grid cell corners around it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct CellSpacing {
    /// Smallest corner spacing (infinite when no corner wants dots).
    pub lo: f32,
    /// Largest finite corner spacing.
    pub hi: f32,
    /// All corners are equal, so sub-squares need no spacing of their own.
    pub flat: bool,
}

impl<S: SpacingField + ?Sized> Ctx<'_, S> {
    /// Spacing bounds over the grid cells `[c0, c1] × [r0, r1]` (inclusive), from their corners.
    fn spacing_over_cells(&self, (c0, c1, r0, r1): (usize, usize, usize, usize)) -> CellSpacing {
        let stride = self.grid.nx + 1;
        let first = self.corners[r0 * stride + c0];
        let (mut lo, mut hi, mut flat) = (first, 0.0_f32, true);
        for j in r0..=r1 + 1 {
            for &r in &self.corners[j * stride + c0..=j * stride + c1 + 1] {
                // Corner spacings are never NaN (`Clamped::at`), so plain comparisons suffice.
                lo = min_f32(lo, r);
                if r < f32::INFINITY {
                    hi = max_f32(hi, r);
                }
                flat &= r == first;
            }
        }
        CellSpacing { lo, hi: max_f32(hi, lo), flat }
    }

    /// Spacing bounds over `rect`, from the four grid cell corners that enclose it.
    ///
    /// Like the grid's own cells, a dart cell is narrower than the spacing around it, so the
    /// field is taken to have no dip inside it that none of the enclosing corners shows (a
    /// feature narrower than the spacing could not show in the dots anyway).
    #[inline]
    pub fn spacing_over(&self, rect: Rect) -> CellSpacing {
        let g = self.grid;
        let (nx, ny) = (g.nx as isize - 1, g.ny as isize - 1);
        let (i0, i1) = (g.col(rect.x0).clamp(0, nx) as usize, g.col(rect.x1).clamp(0, nx) as usize);
        let (j0, j1) = (g.row(rect.y0).clamp(0, ny) as usize, g.row(rect.y1).clamp(0, ny) as usize);
        let stride = g.nx + 1;
        let c = [
            self.corners[j0 * stride + i0],
            self.corners[j0 * stride + i1 + 1],
            self.corners[(j1 + 1) * stride + i0],
            self.corners[(j1 + 1) * stride + i1 + 1],
        ];
        let lo = min_f32(min_f32(c[0], c[1]), min_f32(c[2], c[3]));
        let finite = |r: f32| if r < f32::INFINITY { r } else { lo };
        let hi = max_f32(max_f32(finite(c[0]), finite(c[1])), max_f32(finite(c[2]), finite(c[3])));
        CellSpacing { lo, hi: max_f32(hi, lo), flat: c[0] == c[1] && c[1] == c[2] && c[2] == c[3] }
    }

    /// Throws a dart uniformly into `rect`; places it if the spacing rule allows.
    #[inline]
    pub fn throw(&self, rect: Rect, rng: &mut Pcg64Mcg) -> bool {
        let Some((x, y)) = dart(rect, rng) else { return false };
        let r = self.spacing.at(x, y);
        if r.is_finite() && !self.grid.conflicts(x, y, r, self.existing) {
            self.grid.put(self.grid.cell_of(x, y), Disc { x, y, r });
            true
        } else {
            false
        }
    }
}

/// A tile cut into equal dart cells whose diagonal is below the tile's smallest spacing.
#[derive(Clone, Copy, Debug)]
pub(crate) struct DartCells {
    /// The tile, mm.
    tile: Rect,
    /// Side of a cell along x and y, mm.
    step_x: f32,
    step_y: f32,
    /// Cells along x and y.
    pub nx: usize,
    pub ny: usize,
}

impl DartCells {
    /// Cells over `tile` for a smallest spacing of `lo_mm` there.
    fn new(tile: Rect, lo_mm: f32) -> Self {
        let side = Grid::cell_mm_for(lo_mm);
        // A hair of tolerance so that a tile of exactly k cells is not cut into k + 1; the cell
        // then exceeds `side` by at most 5·10⁻⁵ of it, inside `cell_mm_for`'s 10⁻⁴ margin.
        let count = |len: f32| ((len / side * (1.0 - 5e-5)).ceil() as usize).max(1);
        let (w, h) = (tile.x1 - tile.x0, tile.y1 - tile.y0);
        let (nx, ny) = (count(w), count(h));
        Self { tile, step_x: w / nx as f32, step_y: h / ny as f32, nx, ny }
    }

    /// The rectangle of cell `k` (row-major); the last row and column end exactly at the tile.
    #[inline]
    pub fn rect(&self, k: usize) -> Rect {
        let (i, j) = (k % self.nx, k / self.nx);
        let edge = |n: usize, count: usize, start: f32, step: f32, end: f32| {
            if n == count { end } else { start + n as f32 * step }
        };
        let t = self.tile;
        Rect {
            x0: edge(i, self.nx, t.x0, self.step_x, t.x1),
            y0: edge(j, self.ny, t.y0, self.step_y, t.y1),
            x1: edge(i + 1, self.nx, t.x0, self.step_x, t.x1),
            y1: edge(j + 1, self.ny, t.y0, self.step_y, t.y1),
        }
    }
}

/// Reusable buffers of one worker thread; their contents never outlive a tile.
#[derive(Default)]
pub(crate) struct Scratch {
    /// The tile's dart cells, then those still empty after the darts.
    cells: Vec<u32>,
    pub squares: Vec<Square>,
    pub next: Vec<Square>,
    pub order: Vec<u32>,
    pub near: Vec<Disc>,
}

/// Samples the grid cells `[c0, c1) × [r0, r1)` of one tile.
pub(crate) fn sample_tile<S: SpacingField + ?Sized>(
    ctx: &Ctx<'_, S>,
    (c0, c1, r0, r1): (usize, usize, usize, usize),
    rng: &mut Pcg64Mcg,
    scratch: &mut Scratch,
) {
    let whole = ctx.spacing_over_cells((c0, c1 - 1, r0, r1 - 1));
    if whole.lo == f32::INFINITY {
        return;
    }
    let g = ctx.grid;
    let tile = Rect { x0: g.edge_x(c0), y0: g.edge_y(r0), x1: g.edge_x(c1), y1: g.edge_y(r1) };
    let cells = DartCells::new(tile, whole.lo);
    scratch.cells.clear();
    scratch.cells.extend(0..(cells.nx * cells.ny) as u32);
    // Phase 1: one dart per cell in random order places most dots cheaply; the shuffle keeps
    // the scan order from printing a direction into the pattern. A dart where no dot belongs
    // is refused by its own spacing, so cells need no bounds yet.
    shuffle(&mut scratch.cells, rng);
    let mut kept = 0;
    for n in 0..scratch.cells.len() {
        let k = scratch.cells[n];
        if !ctx.throw(cells.rect(k as usize), rng) {
            scratch.cells[kept] = k;
            kept += 1;
        }
    }
    scratch.cells.truncate(kept);
    let mut empty = std::mem::take(&mut scratch.cells);
    fill_voids(ctx, &cells, whole, &mut empty, rng, scratch);
    scratch.cells = empty;
}

/// A uniform point in `rect`, strictly inside its exclusive upper edges; `None` if it is empty.
#[inline]
pub(crate) fn dart(rect: Rect, rng: &mut Pcg64Mcg) -> Option<(f32, f32)> {
    if !(rect.x1 > rect.x0 && rect.y1 > rect.y0) {
        return None;
    }
    let bits = rng.next_u64();
    // 24 random bits per coordinate: every f32 in [0, 1) step 2⁻²⁴.
    let u = (bits >> 40) as f32 * (1.0 / 16_777_216.0);
    let v = ((bits >> 16) & 0xFF_FFFF) as f32 * (1.0 / 16_777_216.0);
    Some((
        within(rect.x0 + u * (rect.x1 - rect.x0), rect.x0, rect.x1),
        within(rect.y0 + v * (rect.y1 - rect.y0), rect.y0, rect.y1),
    ))
}

/// `v` clamped into `[lo, hi)`: rounding can carry `lo + u·(hi − lo)` onto `hi`, rarely enough
/// that the step below it is taken only then.
#[inline(always)]
fn within(v: f32, lo: f32, hi: f32) -> f32 {
    max_f32(if v < hi { v } else { hi.next_down() }, lo)
}

/// Fisher–Yates shuffle driven by the tile's generator.
pub(crate) fn shuffle(items: &mut [u32], rng: &mut Pcg64Mcg) {
    for i in (1..items.len()).rev() {
        // Multiply-shift maps 32 random bits onto 0..=i; the bias (< i / 2³²) is irrelevant here.
        let j = ((u64::from(rng.next_u32()) * (i as u64 + 1)) >> 32) as usize;
        items.swap(i, j);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TILE: Rect = Rect { x0: 10.0, y0: 20.0, x1: 37.0, y1: 41.0 };

    #[test]
    fn dart_cells_follow_the_tiles_own_spacing_and_cover_it() {
        for lo in [0.8_f32, 1.3, 2.9, 11.0] {
            let cells = DartCells::new(TILE, lo);
            let mut area = 0.0;
            for k in 0..cells.nx * cells.ny {
                let c = cells.rect(k);
                let (w, h) = (c.x1 - c.x0, c.y1 - c.y0);
                // One dot covers its cell, and the cell is not needlessly small.
                assert!((w * w + h * h).sqrt() < lo, "lo {lo}: cell {k} is {w} × {h}");
                assert!(w > 0.85 * Grid::cell_mm_for(lo).min(27.0), "lo {lo}: cell {k} {w} wide");
                area += w * h;
            }
            assert!((area - 27.0 * 21.0).abs() < 1e-2, "lo {lo}: area {area}");
        }
    }

    #[test]
    fn cells_abut_exactly_and_end_at_the_tile() {
        let cells = DartCells::new(TILE, 1.7);
        for k in 0..cells.nx * cells.ny {
            let c = cells.rect(k);
            if (k + 1) % cells.nx != 0 {
                assert_eq!(c.x1, cells.rect(k + 1).x0);
            } else {
                assert_eq!(c.x1, TILE.x1);
            }
            if k + cells.nx < cells.nx * cells.ny {
                assert_eq!(c.y1, cells.rect(k + cells.nx).y0);
            } else {
                assert_eq!(c.y1, TILE.y1);
            }
        }
    }
}
