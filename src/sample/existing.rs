//! Dots from earlier sessions: they repel new dots but are never moved or returned.
//!
//! Most earlier dots go straight into an empty grid cell (they are sparser than the new field).
//! The rest — dots outside the domain but within reach of it, or a second dot in a cell because
//! the earlier session was denser than this one — live here, bucketed by grid cell in one flat
//! array (compressed rows). A dot outside the domain goes to the nearest border cell: every query
//! that reaches it also reaches that cell, and no padding (which could be thousands of cells wide
//! for dense fields) is allocated.

use super::grid::{Disc, Grid};

/// Earlier dots that did not fit into the grid, bucketed by (padded) grid cell.
pub(crate) struct Existing {
    nx: isize,
    ny: isize,
    /// `offsets[c]..offsets[c + 1]` are the dots of padded cell `c`.
    offsets: Vec<u32>,
    dots: Vec<Disc>,
}

/// What placing earlier dots produced.
pub(crate) struct Placed {
    /// One bit per grid cell: set where the cell holds an earlier dot.
    pub in_grid: Vec<u64>,
    /// Earlier dots outside the grid's cells, or `None` when every one fitted.
    pub overflow: Option<Existing>,
}

/// Puts each of `dots` into `grid` when it lies in the domain in an empty cell, and buckets the
/// others that lie within `reach_mm` of the domain.
pub(crate) fn place(grid: &Grid, dots: impl Iterator<Item = Disc>, reach_mm: f32) -> Placed {
    let mut in_grid = vec![0_u64; grid.len().div_ceil(64)];
    let (nx, ny) = (grid.nx as isize, grid.ny as isize);
    let dom = grid.domain;
    let mut rest: Vec<(u32, Disc)> = Vec::new();
    for d in dots {
        if !(d.x.is_finite() && d.y.is_finite() && d.r > 0.0) {
            continue;
        }
        let (c, r) = (grid.col(d.x), grid.row(d.y));
        let inside = (0..grid.nx as isize).contains(&c) && (0..grid.ny as isize).contains(&r);
        if inside {
            let idx = r as usize * grid.nx + c as usize;
            if !grid.is_occupied(idx) {
                grid.put(idx, d);
                in_grid[idx / 64] |= 1 << (idx % 64);
                continue;
            }
        }
        let gap_x = (dom.min.x_mm - d.x).max(d.x - dom.max.x_mm).max(0.0);
        let gap_y = (dom.min.y_mm - d.y).max(d.y - dom.max.y_mm).max(0.0);
        if gap_x * gap_x + gap_y * gap_y <= reach_mm * reach_mm {
            let (pc, pr) = (c.clamp(0, nx - 1), r.clamp(0, ny - 1));
            rest.push(((pr * nx + pc) as u32, d));
        }
    }
    let overflow = (!rest.is_empty()).then(|| {
        // A stable sort keeps the callers' order inside a cell: same input, same buckets.
        rest.sort_by_key(|&(cell, _)| cell);
        let mut offsets = vec![0_u32; (nx * ny) as usize + 1];
        for &(cell, _) in &rest {
            offsets[cell as usize + 1] += 1;
        }
        for i in 1..offsets.len() {
            offsets[i] += offsets[i - 1];
        }
        Existing { nx, ny, offsets, dots: rest.into_iter().map(|(_, d)| d).collect() }
    });
    Placed { in_grid, overflow }
}

impl Existing {
    /// The bucketed dots of the cells in an unclamped grid span `(c0, c1, r0, r1)` (clamped to
    /// the grid, whose border cells hold the dots outside it), row by row.
    pub fn rows(
        &self,
        (c0, c1, r0, r1): (isize, isize, isize, isize),
    ) -> impl Iterator<Item = &[Disc]> {
        let c0 = c0.clamp(0, self.nx - 1) as usize;
        let c1 = c1.clamp(0, self.nx - 1) as usize;
        let r0 = r0.clamp(0, self.ny - 1) as usize;
        let r1 = r1.clamp(0, self.ny - 1) as usize;
        let nx = self.nx as usize;
        (r0..=r1).map(move |r| {
            let (a, b) = (self.offsets[r * nx + c0], self.offsets[r * nx + c1 + 1]);
            &self.dots[a as usize..b as usize]
        })
    }
}
