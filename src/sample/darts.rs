//! What one tile does: cut it into dart cells, throw one dart per cell in shuffled order, then
//! fill the voids.
//!
//! The grid's cells are sized for the smallest spacing anywhere. A tile whose spacing is
//! smooth but wider throws its darts into cells sized for its own smallest spacing instead
//! (still with a diagonal below it, so one dot covers its dart cell): darts follow the local dot
//! count rather than the finest spacing of the field, about three per dot. A tile whose spacing
//! ranges widely (a feathered edge) keeps the grid's cells, and a dot in its sparse part marks
//! the many cells it covers (`Covered`), so that neither phase searches them again.
//!
//! Everything a tile does is sequential and draws from the tile's own generator, so a tile's
//! dots depend only on (seed, tile) and on the dots of tiles from earlier phases.

use rand::Rng;
use rand_pcg::Pcg64Mcg;

use super::corners::{CellSpacing, TileCorners};
use super::existing::Existing;
use super::grid::{Disc, Grid, Rect, max_f32, min_f32};
use super::spacing::{Clamped, SpacingField};
use super::voids::{Square, fill_voids};

/// Largest ratio of a tile's largest to smallest spacing for which its dart cells are sized
/// for its own smallest spacing rather than the grid's.
const SMOOTH_RATIO: f32 = 1.5;

/// What every tile reads: the grid, earlier dots and the spacing field.
pub(crate) struct Ctx<'a, S: ?Sized> {
    pub grid: &'a Grid,
    pub existing: Option<&'a Existing>,
    pub spacing: Clamped<'a, S>,
}

impl<S: SpacingField + ?Sized> Ctx<'_, S> {
    /// Throws a dart uniformly into `rect`; places it if the spacing rule allows.
    #[inline]
    pub fn throw(&self, rect: Rect, rng: &mut Pcg64Mcg) -> Option<Disc> {
        let (x, y) = dart(rect, rng)?;
        let r = self.spacing.at(x, y);
        (r.is_finite() && !self.grid.conflicts(x, y, r, self.existing)).then(|| {
            let d = Disc { x, y, r };
            self.grid.put(self.grid.cell_of(x, y), d);
            d
        })
    }
}

/// A tile cut into equal dart cells whose diagonal is below the tile's smallest spacing.
///
/// Where that spacing is the grid's own smallest, the dart cells are exactly the grid's cells,
/// so that each has the grid's own corner spacings rather than bounds from the corners around
/// it.
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
    /// The tile's first grid column and row when the dart cells are the grid's cells.
    pub grid_cells: Option<(usize, usize)>,
}

impl DartCells {
    /// Cells over the grid cells `[c0, c1) × [r0, r1)` of `grid`, for a smallest spacing of
    /// `lo_mm` there.
    pub fn new(grid: &Grid, (c0, c1, r0, r1): (usize, usize, usize, usize), lo_mm: f32) -> Self {
        let tile = Rect {
            x0: grid.edge_x(c0),
            y0: grid.edge_y(r0),
            x1: grid.edge_x(c1),
            y1: grid.edge_y(r1),
        };
        let side = Grid::cell_mm_for(lo_mm);
        // A hair of tolerance so that a tile of exactly k cells is not cut into k + 1; the cell
        // then exceeds `side` by at most 5·10⁻⁵ of it, inside `cell_mm_for`'s 10⁻⁴ margin.
        let count = |len: f32| ((len / side * (1.0 - 5e-5)).ceil() as usize).max(1);
        let (w, h) = (tile.x1 - tile.x0, tile.y1 - tile.y0);
        let grid_cells = (side <= grid.cell_mm * (1.0 + 1e-4)).then_some((c0, r0));
        let (nx, ny) = match grid_cells {
            Some(_) => (c1 - c0, r1 - r0),
            None => (count(w), count(h)),
        };
        Self { tile, step_x: w / nx as f32, step_y: h / ny as f32, nx, ny, grid_cells }
    }

    /// Column and row of the cell holding `(x, y)`, clamped to the tile.
    #[inline]
    fn col_row(&self, x: f32, y: f32) -> (usize, usize) {
        let i = ((x - self.tile.x0) / self.step_x).max(0.0) as usize;
        let j = ((y - self.tile.y0) / self.step_y).max(0.0) as usize;
        (i.min(self.nx - 1), j.min(self.ny - 1))
    }

    /// The rectangle of cell `k` (row-major); the last row and column end exactly at the tile.
    #[inline]
    pub fn rect(&self, grid: &Grid, k: usize) -> Rect {
        let (i, j) = (k % self.nx, k / self.nx);
        if let Some((c0, r0)) = self.grid_cells {
            return Rect {
                x0: grid.edge_x(c0 + i),
                y0: grid.edge_y(r0 + j),
                x1: grid.edge_x(c0 + i + 1),
                y1: grid.edge_y(r0 + j + 1),
            };
        }
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
    /// The tile's cells proven wholly covered by one of its own dots.
    pub covered: Covered,
    /// The spacing at the tile's grid corners.
    corners: TileCorners,
}

/// What the steps of one tile read about it: its dart cells, its grid corners' spacings and
/// the bounds over the whole tile.
pub(crate) struct Tile<'a> {
    pub cells: DartCells,
    pub corners: &'a TileCorners,
    pub spacing: CellSpacing,
}

impl Tile<'_> {
    /// Spacing bounds over dart cell `k`.
    #[inline]
    pub fn cell_spacing(&self, k: usize) -> CellSpacing {
        let nx = self.cells.nx;
        if self.spacing.flat { self.spacing } else { self.corners.over_dart_cell(k % nx, k / nx) }
    }
}

/// Which dart cells of the current tile one of its dots already covers wholly: no dart can land
/// there and no void is left, so both phases skip them. Cells are sized for the tile's densest
/// part; where the tile also reaches into a much sparser part (a feathered edge, sentinels ahead
/// of a hairline) a dot there covers many cells, and this saves the search each would repeat.
#[derive(Default)]
pub(crate) struct Covered {
    mask: Vec<bool>,
    /// The tile's spacings are wide enough for marking to pay (see `mark`).
    pub enabled: bool,
}

impl Covered {
    /// Starts a tile of `len` cells with none covered.
    fn reset(&mut self, len: usize, enabled: bool) {
        self.enabled = enabled;
        self.mask.clear();
        if enabled {
            self.mask.resize(len, false);
        }
    }

    /// Whether cell `k` is known to be covered.
    #[inline]
    pub fn get(&self, k: usize) -> bool {
        self.enabled && self.mask[k]
    }

    /// Marks the cells that dot `q` covers wholly, by the test void filling uses: the cell's
    /// farthest corner is closer than min(cell's smallest spacing, r_q).
    pub fn mark<S: SpacingField + ?Sized>(&mut self, ctx: &Ctx<'_, S>, tile: &Tile<'_>, q: Disc) {
        let cells = &tile.cells;
        if !self.enabled {
            return;
        }
        // A covering disc is within r_q − diagonal/2 of the cell's centre. Truncating a
        // non-negative value floors it, without a libm call.
        let rings = max_f32(q.r / max_f32(cells.step_x, cells.step_y) - 0.2, 0.0) as usize;
        if rings < 2 {
            // A dot covers at most its own ring, which void filling's own search finds at
            // once; marking would cost more than it saves.
            return;
        }
        let (ci, cj) = cells.col_row(q.x, q.y);
        for j in cj.saturating_sub(rings)..(cj + rings + 1).min(cells.ny) {
            for i in ci.saturating_sub(rings)..(ci + rings + 1).min(cells.nx) {
                let k = j * cells.nx + i;
                if self.mask[k] {
                    continue;
                }
                let rect = cells.rect(ctx.grid, k);
                let fx = max_f32((q.x - rect.x0).abs(), (q.x - rect.x1).abs());
                let fy = max_f32((q.y - rect.y0).abs(), (q.y - rect.y1).abs());
                let m = min_f32(tile.cell_spacing(k).lo, q.r);
                self.mask[k] = fx * fx + fy * fy < m * m;
            }
        }
    }
}

/// Samples the grid cells `[c0, c1) × [r0, r1)` of one tile.
pub(crate) fn sample_tile<S: SpacingField + ?Sized>(
    ctx: &Ctx<'_, S>,
    (c0, c1, r0, r1): (usize, usize, usize, usize),
    rng: &mut Pcg64Mcg,
    scratch: &mut Scratch,
) {
    let mut corners = std::mem::take(&mut scratch.corners);
    let whole = corners.sample(ctx, (c0, c1, r0, r1));
    if whole.lo < f32::INFINITY {
        // Cells sized for the tile's own spacing pay where that spacing is smooth. Where it
        // ranges widely (a feathered edge) grid cells are cheaper: a wide cell there needs many
        // rounds of void filling, each evaluating the field, while `Covered` skips the grid
        // cells that the sparse part's dots cover.
        let smooth = whole.hi <= SMOOTH_RATIO * whole.lo;
        let lo = if smooth { whole.lo } else { ctx.spacing.r_min };
        let cells = DartCells::new(ctx.grid, (c0, c1, r0, r1), lo);
        corners.index_dart_cells(ctx.grid, &cells);
        sample_cells(ctx, &Tile { cells, corners: &corners, spacing: whole }, rng, scratch);
    }
    scratch.corners = corners;
}

/// Throws the darts of `tile`, then fills its voids.
fn sample_cells<S: SpacingField + ?Sized>(
    ctx: &Ctx<'_, S>,
    tile: &Tile<'_>,
    rng: &mut Pcg64Mcg,
    scratch: &mut Scratch,
) {
    let cells = &tile.cells;
    scratch.cells.clear();
    let all = 0..(cells.nx * cells.ny) as u32;
    if tile.spacing.gaps {
        // Where part of the tile wants no dots, its cells there get no dart: one would cost a
        // field evaluation only to be refused.
        let wanted = |&k: &u32| tile.cell_spacing(k as usize).lo < f32::INFINITY;
        scratch.cells.extend(all.filter(wanted));
    } else {
        scratch.cells.extend(all);
    }
    // Phase 1: one dart per cell in random order places most dots cheaply; the shuffle keeps
    // the scan order from printing a direction into the pattern.
    shuffle(&mut scratch.cells, rng);
    // Marking pays only where a dot can cover cells beyond its own ring (see `Covered::mark`).
    let wide = tile.spacing.hi / max_f32(cells.step_x, cells.step_y) - 0.2 >= 2.0;
    scratch.covered.reset(cells.nx * cells.ny, wide);
    let mut kept = 0;
    for n in 0..scratch.cells.len() {
        let k = scratch.cells[n];
        if scratch.covered.get(k as usize) {
            continue;
        }
        match ctx.throw(cells.rect(ctx.grid, k as usize), rng) {
            Some(q) => scratch.covered.mark(ctx, tile, q),
            None => {
                scratch.cells[kept] = k;
                kept += 1;
            }
        }
    }
    scratch.cells.truncate(kept);
    let mut empty = std::mem::take(&mut scratch.cells);
    fill_voids(ctx, tile, &mut empty, rng, scratch);
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
    use crate::geom::MapRect;

    /// A grid for 0.8 mm and one of its tiles, 48 × 40 grid cells.
    fn grid_and_tile() -> (Grid, (usize, usize, usize, usize)) {
        (Grid::new(MapRect::from_size_mm(100.0, 100.0), 0.8), (10, 58, 20, 60))
    }

    #[test]
    fn dart_cells_follow_the_tiles_own_spacing_and_cover_it() {
        let (grid, t) = grid_and_tile();
        let (w, h) = (grid.edge_x(t.1) - grid.edge_x(t.0), grid.edge_y(t.3) - grid.edge_y(t.2));
        for lo in [0.8_f32, 1.3, 2.9, 11.0] {
            let cells = DartCells::new(&grid, t, lo);
            let mut area = 0.0;
            for k in 0..cells.nx * cells.ny {
                let c = cells.rect(&grid, k);
                let (cw, ch) = (c.x1 - c.x0, c.y1 - c.y0);
                // One dot covers its cell, and the cell is not needlessly small.
                assert!((cw * cw + ch * ch).sqrt() < lo, "lo {lo}: cell {k} is {cw} × {ch}");
                assert!(cw > 0.85 * Grid::cell_mm_for(lo).min(w), "lo {lo}: cell {k} {cw} wide");
                area += cw * ch;
            }
            assert!((area - w * h).abs() < 1e-2, "lo {lo}: area {area} of {}", w * h);
        }
    }

    #[test]
    fn at_the_grids_own_spacing_the_dart_cells_are_the_grid_cells() {
        let (grid, t) = grid_and_tile();
        let cells = DartCells::new(&grid, t, 0.8);
        assert_eq!((cells.nx, cells.ny), (48, 40));
        let c = cells.rect(&grid, 3 * 48 + 5);
        let want = Rect {
            x0: grid.edge_x(15),
            y0: grid.edge_y(23),
            x1: grid.edge_x(16),
            y1: grid.edge_y(24),
        };
        assert_eq!(c, want);
    }

    #[test]
    fn cells_abut_exactly_and_end_at_the_tile() {
        let (grid, t) = grid_and_tile();
        let cells = DartCells::new(&grid, t, 1.7);
        let n = cells.nx * cells.ny;
        for k in 0..n {
            let c = cells.rect(&grid, k);
            if (k + 1) % cells.nx != 0 {
                assert_eq!(c.x1, cells.rect(&grid, k + 1).x0);
            } else {
                assert_eq!(c.x1, grid.edge_x(t.1));
            }
            if k + cells.nx < n {
                assert_eq!(c.y1, cells.rect(&grid, k + cells.nx).y0);
            } else {
                assert_eq!(c.y1, grid.edge_y(t.3));
            }
        }
    }
}
