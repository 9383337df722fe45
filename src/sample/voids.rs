//! Void filling: prove every empty cell covered, or find the uncovered part and put a dot there.
//!
//! A single disc covers a rectangle iff it covers the rectangle's farthest corner. The tile's
//! empty cells are visited in random order; for each, the discs that can reach it are gathered
//! once, then each round splits the squares still in play (at first the cell) into quarters,
//! keeps the quarters no single disc covers, and throws one dart into each of them in random
//! order until one lands (Ebeida et al. 2011, "Efficient maximal Poisson-disk sampling"). A cell
//! is finished when it holds a dot or no square is left; later dots only add coverage, so every
//! cell stays covered. Squares halve every round, so the uncovered area vanishes quickly; what
//! can be left after `MAX_ROUNDS` is a sliver far below f32 resolution where discs meet at
//! exactly the spacing.

use rand_pcg::Pcg64Mcg;

use super::darts::{CellSpacing, Ctx, Scratch, dart, shuffle};
use super::grid::{Disc, Rect, max_f32, min_f32};
use super::spacing::SpacingField;

/// Rounds of splitting; a square is then 2⁻²⁰ of a cell, below f32 resolution.
const MAX_ROUNDS: usize = 20;

/// A backstop against pathological fields: a cell never holds more squares than this.
const MAX_SQUARES: usize = 4096;

/// Fills the voids of `cells` (one tile's empty cells that want dots), in random order.
pub(crate) fn fill_voids<S: SpacingField + ?Sized>(
    ctx: &Ctx<'_, S>,
    cells: &mut [u32],
    rng: &mut Pcg64Mcg,
    s: &mut Scratch,
) {
    shuffle(cells, rng);
    let nx = ctx.grid.nx;
    for &cell in cells.iter() {
        let cell = cell as usize;
        if !ctx.grid.is_occupied(cell) && !s.covered.get(nx, cell) {
            fill_cell(ctx, cell, rng, s);
            if !s.covered.enabled {
                continue;
            }
            if let Some(q) = ctx.grid.get(cell) {
                let mut covered = std::mem::take(&mut s.covered);
                covered.mark(ctx, cell, q);
                s.covered = covered;
            }
        }
    }
}

/// Puts a dot into the uncovered part of cell `idx`, or proves it has none.
fn fill_cell<S: SpacingField + ?Sized>(
    ctx: &Ctx<'_, S>,
    idx: usize,
    rng: &mut Pcg64Mcg,
    s: &mut Scratch,
) {
    let sp = ctx.cell_spacing(idx);
    let rect = ctx.grid.cell_rect(idx);
    let grid = ctx.grid;
    // Most empty cells are covered by the dots of the neighbouring cells alone: prove it from
    // those before gathering the wider neighbourhood. The proof is the first round below (which
    // quarters one disc covers) with the same test, so finding every quarter covered ends the
    // cell exactly as the rounds would; a missed proof only costs the full search.
    let m = sp.lo;
    let mut proven = empty_quarters(rect);
    // A disc covering a whole quarter lies within m of the cell's centre along each axis, so
    // at most m/cell + 1/2 cells away.
    let rings = (m * grid.inv_cell() + 0.5) as isize;
    let (ci, cj) = ((idx % grid.nx) as isize, (idx / grid.nx) as isize);
    if proven == 0b1111
        || grid.any_outwards(ci, cj, rings, |q| {
            proven |= quarter_bits(rect, m, q);
            proven == 0b1111
        })
    {
        return;
    }
    // Nothing else changes near this cell until it is finished, so one gather serves all rounds;
    // it keeps only discs that reach into the cell, since they are tested again in every round.
    s.near.clear();
    ctx.grid.gather(rect, sp.hi, ctx.existing, &mut s.near);
    s.squares.clear();
    s.squares.push(rect);
    for _ in 0..MAX_ROUNDS {
        split_uncovered(ctx, sp, s);
        std::mem::swap(&mut s.squares, &mut s.next);
        if s.squares.is_empty() || s.squares.len() > MAX_SQUARES {
            return;
        }
        s.order.clear();
        s.order.extend(0..s.squares.len() as u32);
        shuffle(&mut s.order, rng);
        for &k in &s.order {
            let Some((x, y)) = dart(s.squares[k as usize], rng) else { continue };
            let r = ctx.spacing.at(x, y);
            if !r.is_finite() {
                continue;
            }
            // The gathered discs are all that can reach a point of spacing ≤ sp.hi.
            let blocked = if r <= sp.hi {
                conflicts(&s.near, x, y, r)
            } else {
                ctx.grid.conflicts(x, y, r, ctx.existing)
            };
            if !blocked {
                ctx.grid.put(idx, Disc { x, y, r });
                return;
            }
        }
    }
}

/// Whether a dot at (x, y) with spacing `r` is closer than `min(r, r_q)` to a disc of `near`.
#[inline]
fn conflicts(near: &[Disc], x: f32, y: f32, r: f32) -> bool {
    near.iter().any(|q| {
        let (dx, dy) = (q.x - x, q.y - y);
        let m = r.min(q.r);
        dx * dx + dy * dy < m * m
    })
}

/// Replaces `s.squares` by their quarters that no disc of `s.near` covers, into `s.next`.
fn split_uncovered<S: SpacingField + ?Sized>(ctx: &Ctx<'_, S>, sp: CellSpacing, s: &mut Scratch) {
    s.next.clear();
    for &sq in &s.squares {
        let kids = quarters(sq);
        let proven = covered_quarters(sq, sp.lo, &s.near);
        if sp.flat {
            // Branch-free keep of the unproven quarters (the pattern is random).
            let mut n = s.next.len();
            s.next.resize(n + 4, sq);
            for (k, child) in kids.into_iter().enumerate() {
                s.next[n] = child;
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
            s.next.push(child);
        }
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
/// point of `r` has a spacing below `r_lo`.
#[inline]
fn covered_quarters(r: Rect, r_lo: f32, near: &[Disc]) -> u32 {
    if r_lo == f32::INFINITY {
        return 0b1111;
    }
    let mut proven = 0;
    for &q in near {
        proven |= quarter_bits(r, r_lo, q);
        if proven == 0b1111 {
            break;
        }
    }
    proven
}

/// Which quarters of `r` (bit k for `quarters(r)[k]`) disc `q` covers wholly, given that no
/// point of `r` has a spacing below `r_lo`; the four tests share their coordinate differences.
#[inline(always)]
fn quarter_bits(r: Rect, r_lo: f32, q: Disc) -> u32 {
    let (mx, my) = ((r.x0 + r.x1) * 0.5, (r.y0 + r.y1) * 0.5);
    let (a, b, c) = ((q.x - r.x0).abs(), (q.x - mx).abs(), (q.x - r.x1).abs());
    let (d, e, f) = ((q.y - r.y0).abs(), (q.y - my).abs(), (q.y - r.y1).abs());
    let (left, right) = (max_f32(a, b), max_f32(b, c));
    let (low, high) = (max_f32(d, e), max_f32(e, f));
    let m = min_f32(r_lo, q.r);
    let m2 = m * m;
    let (l2, r2, lo2, hi2) = (left * left, right * right, low * low, high * high);
    u32::from(l2 + lo2 < m2)
        | u32::from(r2 + lo2 < m2) << 1
        | u32::from(l2 + hi2 < m2) << 2
        | u32::from(r2 + hi2 < m2) << 3
}

/// The quarters of `r` (bits as in [`quarter_bits`]) that are empty, which splitting drops.
#[inline]
fn empty_quarters(r: Rect) -> u32 {
    quarters(r)
        .iter()
        .enumerate()
        .map(|(k, q)| u32::from(q.x1 <= q.x0 || q.y1 <= q.y0) << k)
        .fold(0, |a, b| a | b)
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
