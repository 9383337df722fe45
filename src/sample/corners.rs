//! The spacing field sampled at the grid's cell corners of one tile, and the bounds it gives
//! over cells and rectangles of the tile.
//!
//! Each tile samples its own corners (its edges are sampled by both neighbours, the same
//! values), into a buffer its worker thread reuses: no array over the whole domain is
//! allocated, and the sampling runs with the tiles, in parallel.

use super::darts::{Ctx, DartCells};
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
    /// The x of the tile's corner columns, while sampling.
    xs: Vec<f32>,
    /// The first and last grid column that each dart column of the tile overlaps.
    dart_cols: Vec<(usize, usize)>,
    /// The first and last grid row that each dart row of the tile overlaps.
    dart_rows: Vec<(usize, usize)>,
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
        self.xs.clear();
        self.xs.extend((c0..=c1).map(|i| ctx.grid.edge_x(i)));
        let mut bounds = Bounds::new(ctx.spacing.at(self.xs[0], ctx.grid.edge_y(r0)));
        for j in r0..=r1 {
            let y = ctx.grid.edge_y(j);
            for &x in &self.xs {
                let r = ctx.spacing.at(x, y);
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

    /// Indexes the grid cells under each of `cells`, for [`over_dart_cell`](Self::over_dart_cell).
    pub fn index_dart_cells(&mut self, grid: &Grid, cells: &DartCells) {
        self.dart_cols.clear();
        self.dart_rows.clear();
        if let Some((c0, r0)) = cells.grid_cells {
            // A grid cell is bounded by its own corners, not those of the cells it abuts.
            self.dart_cols.extend((c0..c0 + cells.nx).map(|i| (i, i)));
            self.dart_rows.extend((r0..r0 + cells.ny).map(|j| (j, j)));
            return;
        }
        for i in 0..cells.nx {
            let rect = cells.rect(grid, i);
            self.dart_cols.push((self.col(grid, rect.x0), self.col(grid, rect.x1)));
        }
        for j in 0..cells.ny {
            let rect = cells.rect(grid, j * cells.nx);
            self.dart_rows.push((self.row(grid, rect.y0), self.row(grid, rect.y1)));
        }
    }

    /// Spacing bounds over dart cell `(i, j)` of the cells last indexed, from the corners of the
    /// grid cells under it (for a grid cell, its own corners; see
    /// [`lo_over_quarters`](Self::lo_over_quarters) for why corners suffice).
    #[inline]
    pub fn over_dart_cell(&self, i: usize, j: usize) -> CellSpacing {
        let ((i0, i1), (j0, j1)) = (self.dart_cols[i], self.dart_rows[j]);
        let (i1, j1) = (i1 + 1, j1 + 1);
        corner_bounds([self.at(i0, j0), self.at(i1, j0), self.at(i0, j1), self.at(i1, j1)])
    }

    /// The smallest spacing over each quarter of `rect` (in the order of `voids::quarters`),
    /// from the grid cell corners that enclose it; the quarters share their grid columns and
    /// rows, so these are worked out once.
    ///
    /// Like the grid's own cells, a quarter is narrower than the spacing around it, so the field
    /// is taken to have no dip inside it that none of the enclosing corners shows (a feature
    /// narrower than the spacing could not show in the dots anyway).
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
    use super::super::spacing::{Clamped, LinearSpacing};
    use super::*;
    use crate::geom::{MapPoint, MapRect};

    /// Ramps 0.8 → 3 mm and back over 60 × 40 mm, each with its grid and one tile's sampled
    /// corners.
    fn ramp_tile(
        check: impl Fn(&Grid, &LinearSpacing, &mut TileCorners, (usize, usize, usize, usize)),
    ) {
        ramp_tile_from(0.8, 3.0, &check);
        ramp_tile_from(3.0, 0.8, &check);
    }

    fn ramp_tile_from(
        from_mm: f32,
        to_mm: f32,
        check: &impl Fn(&Grid, &LinearSpacing, &mut TileCorners, (usize, usize, usize, usize)),
    ) {
        let domain = MapRect::from_size_mm(60.0, 40.0);
        let field = LinearSpacing::across(domain, from_mm, to_mm);
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
        let (a, b) =
            (field.spacing_mm(MapPoint::new(x0, 0.0)), field.spacing_mm(MapPoint::new(x1, 0.0)));
        assert!((whole.lo - a.min(b)).abs() < 1e-5 && (whole.hi - a.max(b)).abs() < 1e-5);
        assert!(!whole.flat && !whole.gaps);
        check(&grid, &field, &mut corners, tile);
    }

    /// The field at the corners and centre of `rect`.
    fn probes(field: &LinearSpacing, rect: Rect) -> [f32; 5] {
        let at = |x, y| field.spacing_mm(MapPoint::new(x, y));
        let (mx, my) = ((rect.x0 + rect.x1) * 0.5, (rect.y0 + rect.y1) * 0.5);
        [
            at(rect.x0, rect.y0),
            at(rect.x1, rect.y0),
            at(rect.x0, rect.y1),
            at(rect.x1, rect.y1),
            at(mx, my),
        ]
    }

    #[test]
    fn quarter_bounds_hold_over_every_rectangle_of_the_tile() {
        ramp_tile(|grid, field, corners, tile| {
            let (x0, x1) = (grid.edge_x(tile.0), grid.edge_x(tile.1));
            // Rectangles anywhere in the tile, even ending exactly on its edge: no quarter's
            // bound exceeds the spacing at any point inside it.
            for k in 0..50 {
                let (a, w) =
                    (x0 + (k as f32 * 0.37) % (x1 - x0 - 0.3), 0.3 + (k % 7) as f32 * 0.21);
                let rect = Rect { x0: a, y0: 10.0, x1: (a + w).min(x1), y1: 11.0 };
                let (mx, my) = ((rect.x0 + rect.x1) * 0.5, (rect.y0 + rect.y1) * 0.5);
                let quarters = [
                    Rect { x0: rect.x0, y0: rect.y0, x1: mx, y1: my },
                    Rect { x0: mx, y0: rect.y0, x1: rect.x1, y1: my },
                    Rect { x0: rect.x0, y0: my, x1: mx, y1: rect.y1 },
                    Rect { x0: mx, y0: my, x1: rect.x1, y1: rect.y1 },
                ];
                for (q, lo) in quarters.into_iter().zip(corners.lo_over_quarters(grid, rect)) {
                    for r in probes(field, q) {
                        assert!(lo <= r + 1e-5, "{q:?}: {lo} above {r}");
                    }
                }
            }
        });
    }

    #[test]
    fn dart_cell_bounds_hold_and_grid_cells_use_their_own_corners() {
        ramp_tile(|grid, field, corners, tile| {
            for lo_mm in [0.8_f32, 1.3, 2.9] {
                // The real cells, and, at 0.8 mm, the grid's own cells.
                let cells = DartCells::new(grid, tile, lo_mm);
                corners.index_dart_cells(grid, &cells);
                for k in 0..cells.nx * cells.ny {
                    let (i, j) = (k % cells.nx, k / cells.nx);
                    let rect = cells.rect(grid, k);
                    let b = corners.over_dart_cell(i, j);
                    for r in probes(field, rect) {
                        assert!(b.lo <= r + 1e-5 && r <= b.hi + 1e-5, "{rect:?}: {b:?} vs {r}");
                    }
                    if lo_mm == 0.8 {
                        // Exactly the cell's own corners: the ramp's values at its two edges.
                        let own = probes(field, rect);
                        let (lo, hi) = (own[0].min(own[1]), own[0].max(own[1]));
                        assert!((b.lo - lo).abs() < 1e-6 && (b.hi - hi).abs() < 1e-6);
                    }
                }
            }
        });
    }
}
