//! What one tile does: throw one dart per cell in shuffled order, then fill the voids.
//!
//! Everything a tile does is sequential and draws from the tile's own generator, so a tile's
//! dots depend only on (seed, tile) and on the dots of tiles from earlier phases.

use rand::Rng;
use rand_pcg::Pcg64Mcg;

use super::existing::Existing;
use super::grid::{Disc, Grid, Rect, max_f32, min_f32};
use super::spacing::{Clamped, SpacingField};
use super::voids::fill_voids;

/// What every tile reads: the grid, earlier dots, the spacing field and its values at the cell
/// corners.
pub(crate) struct Ctx<'a, S: ?Sized> {
    pub grid: &'a Grid,
    pub existing: Option<&'a Existing>,
    pub spacing: Clamped<'a, S>,
    /// Spacing at each cell corner, `(nx + 1) × (ny + 1)`, row-major.
    pub corners: &'a [f32],
}

/// Spacing bounds over one cell, from its four corners.
#[derive(Clone, Copy, Debug)]
pub(crate) struct CellSpacing {
    /// Smallest corner spacing (infinite when no corner wants dots).
    pub lo: f32,
    /// Largest finite corner spacing.
    pub hi: f32,
    /// All four corners are equal, so sub-squares need no spacing of their own.
    pub flat: bool,
}

impl<S: SpacingField + ?Sized> Ctx<'_, S> {
    /// Spacing bounds of cell `idx`.
    #[inline]
    pub fn cell_spacing(&self, idx: usize) -> CellSpacing {
        let nx = self.grid.nx;
        let (i, j) = (idx % nx, idx / nx);
        let k = j * (nx + 1) + i;
        let c = [
            self.corners[k],
            self.corners[k + 1],
            self.corners[k + nx + 1],
            self.corners[k + nx + 2],
        ];
        // Corner spacings are never NaN (`Clamped::at`), so plain comparisons suffice.
        let lo = min_f32(min_f32(c[0], c[1]), min_f32(c[2], c[3]));
        let finite = |r: f32| if r < f32::INFINITY { r } else { lo };
        let hi = max_f32(max_f32(finite(c[0]), finite(c[1])), max_f32(finite(c[2]), finite(c[3])));
        let hi = max_f32(hi, lo);
        CellSpacing { lo, hi, flat: c[0] == c[1] && c[1] == c[2] && c[2] == c[3] }
    }

    /// Throws a dart uniformly into `rect`; places it in cell `idx` if the spacing rule allows.
    #[inline]
    pub fn throw(&self, idx: usize, rect: Rect, rng: &mut Pcg64Mcg) -> bool {
        let Some((x, y)) = dart(rect, rng) else { return false };
        let r = self.spacing.at(x, y);
        if r.is_finite() && !self.grid.conflicts(x, y, r, self.existing) {
            self.grid.put(idx, Disc { x, y, r });
            true
        } else {
            false
        }
    }
}

/// Reusable buffers of one worker thread; their contents never outlive a tile.
#[derive(Default)]
pub(crate) struct Scratch {
    cells: Vec<u32>,
    pub squares: Vec<Rect>,
    pub next: Vec<Rect>,
    pub order: Vec<u32>,
    pub near: Vec<Disc>,
    /// The tile's cells proven wholly covered by one of its own dots, row-major in the tile.
    pub covered: Covered,
}

/// Which cells of the current tile one dot of the tile already covers wholly: no dart can land
/// there and no void is left, so both phases skip them. Where the spacing is several cells
/// wide this saves the neighbourhood search that most cells would otherwise repeat.
#[derive(Default)]
pub(crate) struct Covered {
    mask: Vec<bool>,
    /// Some cell is marked; until then `get` needs no index arithmetic.
    any: bool,
    /// The field has spacings wide enough for marking to pay (see `mark`).
    pub enabled: bool,
    c0: usize,
    c1: usize,
    r0: usize,
    r1: usize,
}

impl Covered {
    /// Starts tile `[c0, c1) × [r0, r1)` with no cell covered.
    fn reset(&mut self, (c0, c1, r0, r1): (usize, usize, usize, usize), enabled: bool) {
        self.enabled = enabled;
        self.mask.clear();
        self.mask.resize((c1 - c0) * (r1 - r0), false);
        self.any = false;
        (self.c0, self.c1, self.r0, self.r1) = (c0, c1, r0, r1);
    }

    /// Whether grid cell `idx` (inside the tile) is known to be covered.
    #[inline]
    pub fn get(&self, nx: usize, idx: usize) -> bool {
        if !self.any {
            return false;
        }
        let (i, j) = (idx % nx, idx / nx);
        self.mask[(j - self.r0) * (self.c1 - self.c0) + i - self.c0]
    }

    /// Marks the tile's cells that dot `q` (in cell `idx`) covers wholly, by the test void
    /// filling uses: the cell's farthest corner is closer than min(cell's smallest spacing, r_q).
    pub fn mark<S: SpacingField + ?Sized>(&mut self, ctx: &Ctx<'_, S>, idx: usize, q: Disc) {
        let grid = ctx.grid;
        // A covering disc is within r_q − diagonal/2 of the cell's centre (see `fill_cell`).
        // Truncating a non-negative value floors it, without a libm call.
        let rings = max_f32(q.r * grid.inv_cell() - 0.2, 0.0) as usize;
        if rings < 2 {
            // Spacing of under about two cells: a dot covers at most its own ring, which the
            // void filling's own search finds at once; marking would cost more than it saves.
            return;
        }
        self.any = true;
        let (ci, cj) = (idx % grid.nx, idx / grid.nx);
        let w = self.c1 - self.c0;
        for j in cj.saturating_sub(rings).max(self.r0)..(cj + rings + 1).min(self.r1) {
            for i in ci.saturating_sub(rings).max(self.c0)..(ci + rings + 1).min(self.c1) {
                let k = (j - self.r0) * w + i - self.c0;
                if self.mask[k] {
                    continue;
                }
                let cell = j * grid.nx + i;
                let rect = grid.cell_rect(cell);
                let fx = (q.x - rect.x0).abs().max((q.x - rect.x1).abs());
                let fy = (q.y - rect.y0).abs().max((q.y - rect.y1).abs());
                let m = ctx.cell_spacing(cell).lo.min(q.r);
                self.mask[k] = fx * fx + fy * fy < m * m;
            }
        }
    }
}

/// Samples the cells `[c0, c1) × [r0, r1)` of one tile.
pub(crate) fn sample_tile<S: SpacingField + ?Sized>(
    ctx: &Ctx<'_, S>,
    tile: (usize, usize, usize, usize),
    rng: &mut Pcg64Mcg,
    scratch: &mut Scratch,
) {
    let (c0, c1, r0, r1) = tile;
    let nx = ctx.grid.nx;
    scratch.cells.clear();
    // Marking pays only where a dot can cover cells beyond its own ring (see `Covered::mark`).
    let wide = ctx.spacing.r_max * ctx.grid.inv_cell() - 0.2 >= 2.0;
    scratch.covered.reset(tile, wide);
    for j in r0..r1 {
        for idx in j * nx + c0..j * nx + c1 {
            if !ctx.grid.is_occupied(idx) && ctx.cell_spacing(idx).lo.is_finite() {
                scratch.cells.push(idx as u32);
            }
        }
    }
    // Phase 1: one dart per cell in random order places most dots cheaply; the shuffle keeps
    // the scan order from printing a direction into the pattern. A covered cell skips the
    // search its dart would certainly fail.
    shuffle(&mut scratch.cells, rng);
    if wide {
        for &idx in &scratch.cells {
            let idx = idx as usize;
            let rect = ctx.grid.cell_rect(idx);
            if scratch.covered.get(nx, idx) {
                // The dart would certainly be refused: draw it anyway so that the generator,
                // and so every later dot, stays exactly as without the shortcut.
                let _ = dart(rect, rng);
            } else if ctx.throw(idx, rect, rng) {
                let q = ctx.grid.get(idx).expect("a dart was just placed");
                scratch.covered.mark(ctx, idx, q);
            }
        }
    } else {
        for &idx in &scratch.cells {
            ctx.throw(idx as usize, ctx.grid.cell_rect(idx as usize), rng);
        }
    }
    // Covered cells stay in the list (void filling skips them) so that its shuffle draws the
    // same numbers as without the shortcut.
    scratch.cells.retain(|&idx| !ctx.grid.is_occupied(idx as usize));
    let mut cells = std::mem::take(&mut scratch.cells);
    fill_voids(ctx, &mut cells, rng, scratch);
    scratch.cells = cells;
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
