//! Void filling: prove every empty cell covered, or find the uncovered part and put a dot there.
//!
//! A single disc covers a rectangle iff it covers the rectangle's farthest corner. The tile's
//! empty dart cells are visited in random order; for each, the discs that can reach it are gathered
//! once, then each round splits the squares still in play (at first the cell) into quarters,
//! keeps the quarters no single disc covers, and throws one dart into each of them in random
//! order until one lands (Ebeida et al. 2011, "Efficient maximal Poisson-disk sampling"). A cell
//! is finished when it holds a dot or no square is left; later dots only add coverage, so every
//! cell stays covered. Squares halve every round, so the uncovered area vanishes quickly; what
//! can be left after `MAX_ROUNDS` is a sliver far below f32 resolution where discs meet at
//! exactly the spacing.

use rand_pcg::Pcg64Mcg;

use super::darts::{CellSpacing, Ctx, DartCells, Scratch, dart, shuffle};
use super::grid::{Disc, Rect, max_f32, min_f32};
use super::spacing::SpacingField;

/// Rounds of splitting; a square is then 2⁻²⁰ of a cell, below f32 resolution.
const MAX_ROUNDS: usize = 20;

/// A backstop against pathological fields: a cell never holds more squares than this.
const MAX_SQUARES: usize = 4096;

/// Fills the voids of the dart cells `empty` of one tile (those whose dart missed), in random
/// order; `tile` bounds the spacing over the whole tile.
pub(crate) fn fill_voids<S: SpacingField + ?Sized>(
    ctx: &Ctx<'_, S>,
    cells: &DartCells,
    tile: CellSpacing,
    empty: &mut [u32],
    rng: &mut Pcg64Mcg,
    s: &mut Scratch,
) {
    shuffle(empty, rng);
    for &k in empty.iter() {
        let rect = cells.rect(k as usize);
        // Where the tile is flat every cell has its bounds; elsewhere only cells that missed
        // their dart need their own.
        let sp = if tile.flat { tile } else { ctx.spacing_over(rect) };
        if sp.lo < f32::INFINITY {
            fill_cell(ctx, rect, sp, rng, s);
        }
    }
}

/// Puts a dot into the uncovered part of `rect` (a dart cell with spacing bounds `sp`), or
/// proves it has none.
fn fill_cell<S: SpacingField + ?Sized>(
    ctx: &Ctx<'_, S>,
    rect: Rect,
    sp: CellSpacing,
    rng: &mut Pcg64Mcg,
    s: &mut Scratch,
) {
    let grid = ctx.grid;
    // Most empty cells are covered by the dots of the neighbouring cells alone: prove it from
    // those before gathering the wider neighbourhood. The proof is the first round below (which
    // quarters one disc covers) with the same test, so finding every quarter covered ends the
    // cell exactly as the rounds would; a missed proof only costs the full search.
    let m = sp.lo;
    let mut proven = empty_quarters(rect);
    // A disc covering a whole quarter is within m of that quarter's corner at the centre.
    let (cx, cy) = ((rect.x0 + rect.x1) * 0.5, (rect.y0 + rect.y1) * 0.5);
    let centre = Rect { x0: cx, y0: cy, x1: cx, y1: cy };
    if proven == 0b1111
        || grid.any_near(grid.span(centre, m), grid.row(cy), |q| {
            proven |= quarter_bits(rect, m, q);
            proven == 0b1111
        })
    {
        return;
    }
    // Nothing else changes near this cell until it is finished, so one gather serves all rounds;
    // it keeps only discs that reach into the cell, since they are tested again in every round.
    s.near.clear();
    grid.gather(rect, sp.hi, ctx.existing, &mut s.near);
    let corners = if sp.flat {
        [sp.lo; 4]
    } else {
        let at = |x, y| ctx.spacing.at(x, y);
        [at(rect.x0, rect.y0), at(rect.x1, rect.y0), at(rect.x0, rect.y1), at(rect.x1, rect.y1)]
    };
    s.squares.clear();
    s.squares.push(Square { rect, corners });
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
            let Some((x, y)) = dart(s.squares[k as usize].rect, rng) else { continue };
            let r = ctx.spacing.at(x, y);
            if !r.is_finite() {
                continue;
            }
            // The gathered discs are all that can reach a point of spacing ≤ sp.hi.
            let blocked = if r <= sp.hi {
                conflicts(&s.near, x, y, r)
            } else {
                grid.conflicts(x, y, r, ctx.existing)
            };
            if !blocked {
                grid.put(grid.cell_of(x, y), Disc { x, y, r });
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

/// A square still in play in a void, and the spacing at its corners `(x0, y0)`, `(x1, y0)`,
/// `(x0, y1)`, `(x1, y1)`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Square {
    pub rect: Rect,
    pub corners: [f32; 4],
}

/// Replaces `s.squares` by their quarters that no disc of `s.near` covers, into `s.next`.
///
/// Where the spacing varies inside the cell, the cell's smallest spacing is too pessimistic for
/// a small square near a disc's edge, so each quarter is bounded by its own corners: the five
/// new corners of a split are evaluated once and shared by the quarters.
fn split_uncovered<S: SpacingField + ?Sized>(ctx: &Ctx<'_, S>, sp: CellSpacing, s: &mut Scratch) {
    s.next.clear();
    for &sq in &s.squares {
        let r = sq.rect;
        let kids = quarters(r);
        let mut proven = empty_quarters(r);
        let kid_corners = if sp.flat {
            // One spacing everywhere: the cheaper shared test, and the corners stay as they are.
            for &q in &s.near {
                proven |= quarter_bits(r, sp.lo, q);
            }
            [sq.corners; 4]
        } else {
            let c = sq.corners;
            let (mx, my) = ((r.x0 + r.x1) * 0.5, (r.y0 + r.y1) * 0.5);
            let at = |x, y| ctx.spacing.at(x, y);
            let (low, left, mid) = (at(mx, r.y0), at(r.x0, my), at(mx, my));
            let (right, high) = (at(r.x1, my), at(mx, r.y1));
            let kid_corners = [
                [c[0], low, left, mid],
                [low, c[1], mid, right],
                [left, mid, c[2], high],
                [mid, right, high, c[3]],
            ];
            let lo = kid_corners.map(|k| min_f32(min_f32(k[0], k[1]), min_f32(k[2], k[3])));
            for (k, &l) in lo.iter().enumerate() {
                // A quarter where no corner wants a dot needs none.
                proven |= u32::from(l == f32::INFINITY) << k;
            }
            for &q in &s.near {
                proven |= quarter_bits_each(r, lo, q);
            }
            kid_corners
        };
        // Branch-free keep of the unproven quarters (the pattern is random).
        let mut n = s.next.len();
        s.next.resize(n + 4, sq);
        for k in 0..4 {
            s.next[n] = Square { rect: kids[k], corners: kid_corners[k] };
            n += usize::from(proven & (1 << k) == 0);
        }
        s.next.truncate(n);
    }
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

/// Which quarters of `r` (bit k for `quarters(r)[k]`) disc `q` covers wholly, given that no
/// point of `r` has a spacing below `r_lo`; the four tests share their coordinate differences.
#[inline(always)]
fn quarter_bits(r: Rect, r_lo: f32, q: Disc) -> u32 {
    let m = min_f32(r_lo, q.r);
    quarter_tests(r, q, [m * m; 4])
}

/// [`quarter_bits`] where no point of quarter k has a spacing below `r_lo[k]`.
#[inline(always)]
fn quarter_bits_each(r: Rect, r_lo: [f32; 4], q: Disc) -> u32 {
    quarter_tests(
        r,
        q,
        r_lo.map(|lo| {
            let m = min_f32(lo, q.r);
            m * m
        }),
    )
}

/// Bit k set where quarter k's farthest corner from `q` is closer than `√m2[k]`.
#[inline(always)]
fn quarter_tests(r: Rect, q: Disc, m2: [f32; 4]) -> u32 {
    let (mx, my) = ((r.x0 + r.x1) * 0.5, (r.y0 + r.y1) * 0.5);
    let (a, b, c) = ((q.x - r.x0).abs(), (q.x - mx).abs(), (q.x - r.x1).abs());
    let (d, e, f) = ((q.y - r.y0).abs(), (q.y - my).abs(), (q.y - r.y1).abs());
    let (left, right) = (max_f32(a, b), max_f32(b, c));
    let (low, high) = (max_f32(d, e), max_f32(e, f));
    let (l2, r2, lo2, hi2) = (left * left, right * right, low * low, high * high);
    u32::from(l2 + lo2 < m2[0])
        | u32::from(r2 + lo2 < m2[1]) << 1
        | u32::from(l2 + hi2 < m2[2]) << 2
        | u32::from(r2 + hi2 < m2[3]) << 3
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
