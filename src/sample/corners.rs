//! The spacing field sampled at the grid's cell corners of one tile, and the bounds it gives
//! over cells and rectangles of the tile.
//!
//! Each tile samples its own corners (its edges are sampled by both neighbours, the same
//! values), into a buffer its worker thread reuses: no array over the whole domain is
//! allocated, and the sampling runs with the tiles, in parallel.

use super::darts::Ctx;
use super::grid::{Grid, Rect, max_f32, min_f32};
use super::spacing::SpacingField;

/// Spacing bounds over a rectangle, from the grid cell corners around it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct CellSpacing {
    /// Smallest corner spacing (infinite when no corner wants dots).
    pub lo: f32,
    /// Largest finite corner spacing.
    pub hi: f32,
    /// All corners are equal, so sub-squares need no spacing of their own.
    pub flat: bool,
    /// Some corner wants no dot.
    pub gaps: bool,
}

/// The spacing at the corners `[c0, c1] × [r0, r1]` of one tile's grid cells `[c0, c1) ×
/// [r0, r1)`, row-major.
#[derive(Default)]
pub(crate) struct TileCorners {
    values: Vec<f32>,
    c0: usize,
    c1: usize,
    r0: usize,
    r1: usize,
}

impl TileCorners {
    /// Samples the corners of the grid cells `[c0, c1) × [r0, r1)` and returns the spacing
    /// bounds over all of them, gathered while sampling.
    pub fn sample<S: SpacingField + ?Sized>(
        &mut self,
        ctx: &Ctx<'_, S>,
        (c0, c1, r0, r1): (usize, usize, usize, usize),
    ) -> CellSpacing {
        (self.c0, self.c1, self.r0, self.r1) = (c0, c1, r0, r1);
        self.values.clear();
        let first = ctx.spacing.at(ctx.grid.edge_x(c0), ctx.grid.edge_y(r0));
        let mut bounds = Bounds::new(first);
        for j in r0..=r1 {
            let y = ctx.grid.edge_y(j);
            for i in c0..=c1 {
                let r = ctx.spacing.at(ctx.grid.edge_x(i), y);
                bounds.add(r);
                self.values.push(r);
            }
        }
        bounds.spacing()
    }

    /// The spacing at corner `(i, j)` of the tile.
    #[inline]
    fn at(&self, i: usize, j: usize) -> f32 {
        self.values[(j - self.r0) * (self.c1 - self.c0 + 1) + i - self.c0]
    }

    /// Spacing bounds over the tile's grid cell `(i, j)`, from its own four corners.
    #[inline]
    pub fn over_cell(&self, i: usize, j: usize) -> CellSpacing {
        corner_bounds([self.at(i, j), self.at(i + 1, j), self.at(i, j + 1), self.at(i + 1, j + 1)])
    }

    /// Spacing bounds over `rect` (inside the tile), from the four grid cell corners that
    /// enclose it.
    ///
    /// Like the grid's own cells, a dart cell is narrower than the spacing around it, so the
    /// field is taken to have no dip inside it that none of the enclosing corners shows (a
    /// feature narrower than the spacing could not show in the dots anyway).
    #[inline]
    pub fn over(&self, grid: &Grid, rect: Rect) -> CellSpacing {
        let (i0, i1) = (self.col(grid, rect.x0), self.col(grid, rect.x1) + 1);
        let (j0, j1) = (self.row(grid, rect.y0), self.row(grid, rect.y1) + 1);
        corner_bounds([self.at(i0, j0), self.at(i1, j0), self.at(i0, j1), self.at(i1, j1)])
    }

    /// The smallest spacing over each quarter of `rect` (in the order of `voids::quarters`),
    /// from the grid cell corners that enclose it, as [`over`](Self::over) would give it: the
    /// quarters share their grid columns and rows, so these are worked out once.
    #[inline]
    pub fn lo_over_quarters(&self, grid: &Grid, rect: Rect) -> [f32; 4] {
        let (mx, my) = ((rect.x0 + rect.x1) * 0.5, (rect.y0 + rect.y1) * 0.5);
        let cols = [self.col(grid, rect.x0), self.col(grid, mx), self.col(grid, rect.x1)];
        let rows = [self.row(grid, rect.y0), self.row(grid, my), self.row(grid, rect.y1)];
        let lo = |(a, b): (usize, usize), (c, d): (usize, usize)| {
            let (i1, j1) = (b + 1, d + 1);
            min_f32(
                min_f32(self.at(a, c), self.at(i1, c)),
                min_f32(self.at(a, j1), self.at(i1, j1)),
            )
        };
        let (left, right) = ((cols[0], cols[1]), (cols[1], cols[2]));
        let (low, high) = ((rows[0], rows[1]), (rows[1], rows[2]));
        [lo(left, low), lo(right, low), lo(left, high), lo(right, high)]
    }

    /// The tile's grid column holding `x`: clamped to the tile's cells, so that a rectangle
    /// inside the tile lies in them, whatever the rounding of its edges.
    #[inline]
    fn col(&self, grid: &Grid, x: f32) -> usize {
        grid.col(x).clamp(self.c0 as isize, self.c1 as isize - 1) as usize
    }

    /// The tile's grid row holding `y` (see [`col`](Self::col)).
    #[inline]
    fn row(&self, grid: &Grid, y: f32) -> usize {
        grid.row(y).clamp(self.r0 as isize, self.r1 as isize - 1) as usize
    }
}

/// Bounds over a set of corner spacings, gathered one corner at a time.
struct Bounds {
    first: f32,
    lo: f32,
    hi: f32,
    flat: bool,
    gaps: bool,
}

impl Bounds {
    /// Bounds that have seen no corner yet; `first` is any one of the corners.
    #[inline(always)]
    fn new(first: f32) -> Self {
        Self { first, lo: first, hi: 0.0, flat: true, gaps: false }
    }

    #[inline(always)]
    fn add(&mut self, r: f32) {
        // Corner spacings are never NaN (`Clamped::at`), so plain comparisons suffice.
        self.lo = min_f32(self.lo, r);
        if r < f32::INFINITY {
            self.hi = max_f32(self.hi, r);
        } else {
            self.gaps = true;
        }
        self.flat &= r == self.first;
    }

    #[inline(always)]
    fn spacing(&self) -> CellSpacing {
        CellSpacing { lo: self.lo, hi: max_f32(self.hi, self.lo), flat: self.flat, gaps: self.gaps }
    }
}

/// Bounds over four corner spacings.
#[inline(always)]
fn corner_bounds(c: [f32; 4]) -> CellSpacing {
    let lo = min_f32(min_f32(c[0], c[1]), min_f32(c[2], c[3]));
    let finite = |r: f32| if r < f32::INFINITY { r } else { lo };
    let hi = max_f32(max_f32(finite(c[0]), finite(c[1])), max_f32(finite(c[2]), finite(c[3])));
    CellSpacing {
        lo,
        hi: max_f32(hi, lo),
        flat: c[0] == c[1] && c[1] == c[2] && c[2] == c[3],
        gaps: max_f32(max_f32(c[0], c[1]), max_f32(c[2], c[3])) == f32::INFINITY,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::MapRect;
    use crate::sample::spacing::{Clamped, LinearSpacing};

    #[test]
    fn bounds_hold_over_every_rectangle_of_the_tile() {
        let domain = MapRect::from_size_mm(60.0, 40.0);
        let field = LinearSpacing::across(domain, 0.8, 3.0);
        let grid = Grid::new(domain, 0.8);
        let ctx = Ctx {
            grid: &grid,
            existing: None,
            spacing: Clamped { field: &field, r_min: 0.8, r_max: 3.0 },
        };
        let mut corners = TileCorners::default();
        let tile = (10, 40, 5, 30);
        let whole = corners.sample(&ctx, tile);
        let (x0, x1) = (grid.edge_x(tile.0), grid.edge_x(tile.1));
        assert!((whole.lo - field.spacing_mm(crate::geom::MapPoint::new(x0, 0.0))).abs() < 1e-5);
        assert!((whole.hi - field.spacing_mm(crate::geom::MapPoint::new(x1, 0.0))).abs() < 1e-5);
        assert!(!whole.flat && !whole.gaps);
        // Rectangles anywhere in the tile, even ending exactly on its edge: the bound never
        // exceeds the spacing at any point inside.
        for k in 0..50 {
            let (a, w) = (x0 + (k as f32 * 0.37) % (x1 - x0 - 0.3), 0.3 + (k % 7) as f32 * 0.21);
            let rect = Rect { x0: a, y0: 10.0, x1: (a + w).min(x1), y1: 11.0 };
            let b = corners.over(&grid, rect);
            for t in [0.0, 0.5, 1.0] {
                let x = rect.x0 + t * (rect.x1 - rect.x0);
                let r = field.spacing_mm(crate::geom::MapPoint::new(x, 10.5));
                assert!(b.lo <= r + 1e-5 && r <= b.hi + 1e-5, "{rect:?}: {b:?} vs {r}");
            }
        }
    }
}
