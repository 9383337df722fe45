//! Void filling: prove every empty cell covered, or find the uncovered part and put dots there.
//!
//! A single disc covers a rectangle iff it covers the rectangle's farthest corner. Each round
//! splits the squares still in play (at first the empty cells) into quarters, keeps the quarters
//! no single nearby disc covers, and throws one dart into each of them in random order
//! (Ebeida et al. 2011, "Efficient maximal Poisson-disk sampling"). Squares halve every round,
//! so the uncovered area vanishes quickly; what can be left after `MAX_ROUNDS` is a sliver far
//! below f32 resolution where discs meet at exactly the spacing.

use rand_pcg::Pcg64Mcg;

use super::darts::{Ctx, Scratch, shuffle};
use super::grid::{Disc, Rect};
use super::spacing::SpacingField;

/// Rounds of darts and splitting; a square is then about 2⁻²⁰ of a cell, below f32 resolution.
const MAX_ROUNDS: usize = 20;

/// A part of a cell not yet proven covered.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Square {
    rect: Rect,
    cell: u32,
}

/// Fills the voids of `cells` (sorted, one tile's cells that want dots).
pub(crate) fn fill_voids<S: SpacingField + ?Sized>(
    ctx: &Ctx<'_, S>,
    cells: &[u32],
    rng: &mut Pcg64Mcg,
    s: &mut Scratch,
) {
    s.squares.clear();
    for &cell in cells {
        let idx = cell as usize;
        if ctx.grid.is_occupied(idx) {
            continue;
        }
        let rect = ctx.grid.cell_rect(idx);
        s.squares.push(Square { rect, cell });
    }
    // A backstop against pathological fields: a tile never holds more squares than this.
    let cap = 64 * cells.len().max(16);
    for _ in 0..MAX_ROUNDS {
        if s.squares.is_empty() {
            break;
        }
        split_uncovered(ctx, s);
        std::mem::swap(&mut s.squares, &mut s.next);
        s.order.clear();
        s.order.extend(0..s.squares.len() as u32);
        shuffle(&mut s.order, rng);
        for &k in &s.order {
            let sq = s.squares[k as usize];
            let idx = sq.cell as usize;
            if !ctx.grid.is_occupied(idx) {
                ctx.throw(idx, sq.rect, rng);
            }
        }
        if s.squares.len() > cap {
            break;
        }
    }
}

/// Replaces `s.squares` by the quarters of those in empty cells that no disc covers, into
/// `s.next`.
fn split_uncovered<S: SpacingField + ?Sized>(ctx: &Ctx<'_, S>, s: &mut Scratch) {
    s.next.clear();
    let mut i = 0;
    while i < s.squares.len() {
        let cell = s.squares[i].cell;
        let end = i + s.squares[i..].iter().take_while(|q| q.cell == cell).count();
        let idx = cell as usize;
        if !ctx.grid.is_occupied(idx) {
            let sp = ctx.cell_spacing(idx);
            s.near.clear();
            ctx.grid.gather(ctx.grid.cell_rect(idx), sp.hi, ctx.existing, &mut s.near);
            for sq in &s.squares[i..end] {
                let kids = quarters(sq.rect);
                let proven = covered_quarters(sq.rect, sp.lo, &s.near);
                if sp.flat {
                    // Branch-free keep of the unproven quarters (the pattern is random).
                    let mut n = s.next.len();
                    s.next.resize(n + 4, Square { rect: sq.rect, cell });
                    for (k, child) in kids.into_iter().enumerate() {
                        s.next[n] = Square { rect: child, cell };
                        let empty = child.x1 <= child.x0 || child.y1 <= child.y0;
                        n += usize::from(proven & (1 << k) == 0 && !empty);
                    }
                    s.next.truncate(n);
                    continue;
                }
                for (k, child) in kids.into_iter().enumerate() {
                    if proven & (1 << k) != 0 || child.x1 <= child.x0 || child.y1 <= child.y0 {
                        continue;
                    }
                    // Where spacing varies inside the cell, the cell's smallest spacing is too
                    // pessimistic for a small square: bound it by the square's own corners.
                    if covered(child, corner_min(ctx, child), &s.near) {
                        continue;
                    }
                    s.next.push(Square { rect: child, cell });
                }
            }
        }
        i = end;
    }
}

/// The smallest spacing at the four corners of `r` (a lower bound for the spacing inside it).
fn corner_min<S: SpacingField + ?Sized>(ctx: &Ctx<'_, S>, r: Rect) -> f32 {
    let sp = &ctx.spacing;
    sp.at(r.x0, r.y0).min(sp.at(r.x1, r.y0)).min(sp.at(r.x0, r.y1)).min(sp.at(r.x1, r.y1))
}

/// The four quarters of `r`.
#[inline]
fn quarters(r: Rect) -> [Rect; 4] {
    let (mx, my) = ((r.x0 + r.x1) * 0.5, (r.y0 + r.y1) * 0.5);
    [
        Rect { x0: r.x0, y0: r.y0, x1: mx, y1: my },
        Rect { x0: mx, y0: r.y0, x1: r.x1, y1: my },
        Rect { x0: r.x0, y0: my, x1: mx, y1: r.y1 },
        Rect { x0: mx, y0: my, x1: r.x1, y1: r.y1 },
    ]
}

/// Which quarters of `r` (bit k for `quarters(r)[k]`) one disc of `near` covers, given that no
/// point of `r` has a spacing below `r_lo`; the four tests share their coordinate differences.
#[inline]
fn covered_quarters(r: Rect, r_lo: f32, near: &[Disc]) -> u32 {
    if r_lo == f32::INFINITY {
        return 0b1111;
    }
    let (mx, my) = ((r.x0 + r.x1) * 0.5, (r.y0 + r.y1) * 0.5);
    let mut proven = 0;
    for q in near {
        let (a, b, c) = ((q.x - r.x0).abs(), (q.x - mx).abs(), (q.x - r.x1).abs());
        let (d, e, f) = ((q.y - r.y0).abs(), (q.y - my).abs(), (q.y - r.y1).abs());
        let (left, right) = (a.max(b), b.max(c));
        let (low, high) = (d.max(e), e.max(f));
        let m = r_lo.min(q.r);
        let m2 = m * m;
        let (l2, r2, lo2, hi2) = (left * left, right * right, low * low, high * high);
        proven |= u32::from(l2 + lo2 < m2)
            | u32::from(r2 + lo2 < m2) << 1
            | u32::from(l2 + hi2 < m2) << 2
            | u32::from(r2 + hi2 < m2) << 3;
        if proven == 0b1111 {
            break;
        }
    }
    proven
}

/// Whether one disc of `near` covers all of `r`, given that no point of `r` has a spacing below
/// `r_lo`: a point x is covered by q when |x − q| < min(r(x), r(q)).
#[inline]
fn covered(r: Rect, r_lo: f32, near: &[Disc]) -> bool {
    if r_lo == f32::INFINITY {
        // No point of the rectangle wants a dot.
        return true;
    }
    near.iter().any(|q| {
        let fx = (q.x - r.x0).abs().max((q.x - r.x1).abs());
        let fy = (q.y - r.y0).abs().max((q.y - r.y1).abs());
        let m = r_lo.min(q.r);
        fx * fx + fy * fy < m * m
    })
}
