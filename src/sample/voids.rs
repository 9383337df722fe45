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

use super::corners::CellSpacing;
use super::darts::{Ctx, Scratch, Tile, dart, shuffle};
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
    tile: &Tile<'_>,
    empty: &mut [u32],
    rng: &mut Pcg64Mcg,
    s: &mut Scratch,
) {
    shuffle(empty, rng);
    for &k in empty.iter() {
        let k = k as usize;
        if s.covered.get(k) {
            continue;
        }
        let sp = tile.cell_spacing(k);
        if sp.lo < f32::INFINITY
            && let Some(q) = fill_cell(ctx, tile, tile.cells.rect(ctx.grid, k), sp, rng, s)
        {
            let mut covered = std::mem::take(&mut s.covered);
            covered.mark(ctx, tile, q);
            s.covered = covered;
        }
    }
}

/// Puts a dot into the uncovered part of `rect` (a dart cell with spacing bounds `sp`), or
/// proves it has none.
fn fill_cell<S: SpacingField + ?Sized>(
    ctx: &Ctx<'_, S>,
    tile: &Tile<'_>,
    rect: Rect,
    sp: CellSpacing,
    rng: &mut Pcg64Mcg,
    s: &mut Scratch,
) -> Option<Disc> {
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
        return None;
    }
    // Nothing else changes near this cell until it is finished, so one gather serves all rounds;
    // it keeps only discs that reach into the cell, since they are tested again in every round.
    s.near.clear();
    grid.gather(rect, sp.hi, ctx.existing, &mut s.near);
    s.squares.clear();
    // The cell's corners are evaluated only if a split needs them (see `split_uncovered`).
    s.squares.push(Square { rect, lo: sp.lo, corners: None });
    for _ in 0..MAX_ROUNDS {
        split_uncovered(ctx, tile, sp, s);
        std::mem::swap(&mut s.squares, &mut s.next);
        if s.squares.is_empty() || s.squares.len() > MAX_SQUARES {
            return None;
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
                let d = Disc { x, y, r };
                grid.put(grid.cell_of(x, y), d);
                return Some(d);
            }
        }
    }
    None
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

/// A square still in play in a void: a lower bound of the spacing over it and, once a split
/// has needed them, the spacing at its corners `(x0, y0)`, `(x1, y0)`, `(x0, y1)`, `(x1, y1)`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Square {
    pub rect: Rect,
    pub lo: f32,
    pub corners: Option<[f32; 4]>,
}

/// Replaces `s.squares` by their quarters that no disc of `s.near` covers, into `s.next`.
///
/// Each quarter is first tested with its square's spacing bound. Where the spacing varies
/// inside the cell that bound is too pessimistic for a small square near a disc's edge, so a
/// quarter it leaves unproven is tested again with the smallest spacing at its own corners;
/// the corners are evaluated only then, and the five new ones of a split are shared by its
/// quarters.
fn split_uncovered<S: SpacingField + ?Sized>(
    ctx: &Ctx<'_, S>,
    tile: &Tile<'_>,
    sp: CellSpacing,
    s: &mut Scratch,
) {
    s.next.clear();
    for &sq in &s.squares {
        let r = sq.rect;
        let kids = quarters(r);
        let mut proven = empty_quarters(r);
        for &q in &s.near {
            proven |= quarter_bits(r, sq.lo, q);
        }
        let mut kid_squares = kids.map(|rect| Square { rect, lo: sq.lo, corners: None });
        if !sp.flat && proven != 0b1111 {
            let lo = if r.x1 - r.x0 > ctx.grid.cell_mm {
                // Wider than a raster cell: the raster corners around each quarter bound it
                // more tightly than its square's bound did, without evaluating the field.
                tile.corners.lo_over_quarters(ctx.grid, r).map(|lo| max_f32(lo, sq.lo))
            } else {
                exact_corners(ctx, &sq, &mut kid_squares)
            };
            for k in 0..4 {
                kid_squares[k].lo = lo[k];
                // A quarter where no point wants a dot needs none.
                proven |= u32::from(lo[k] == f32::INFINITY) << k;
            }
            if proven != 0b1111 {
                for &q in &s.near {
                    proven |= quarter_bits_each(r, lo, q);
                }
            }
        }
        // Branch-free keep of the unproven quarters (the pattern is random).
        let mut n = s.next.len();
        s.next.resize(n + 4, sq);
        for (k, kid) in kid_squares.into_iter().enumerate() {
            s.next[n] = kid;
            n += usize::from(proven & (1 << k) == 0);
        }
        s.next.truncate(n);
    }
}

/// The smallest spacing at the corners of each quarter of `sq`, from the field itself: the
/// square's own corners (evaluated now if no split has yet) and the five new ones, which are
/// shared by the quarters and kept for their own splits.
fn exact_corners<S: SpacingField + ?Sized>(
    ctx: &Ctx<'_, S>,
    sq: &Square,
    kids: &mut [Square; 4],
) -> [f32; 4] {
    let r = sq.rect;
    let at = |x, y| ctx.spacing.at(x, y);
    let c = sq
        .corners
        .unwrap_or_else(|| [at(r.x0, r.y0), at(r.x1, r.y0), at(r.x0, r.y1), at(r.x1, r.y1)]);
    let (mx, my) = ((r.x0 + r.x1) * 0.5, (r.y0 + r.y1) * 0.5);
    let (low, left, mid) = (at(mx, r.y0), at(r.x0, my), at(mx, my));
    let (right, high) = (at(r.x1, my), at(mx, r.y1));
    let corners = [
        [c[0], low, left, mid],
        [low, c[1], mid, right],
        [left, mid, c[2], high],
        [mid, right, high, c[3]],
    ];
    for (kid, c) in kids.iter_mut().zip(corners) {
        kid.corners = Some(c);
    }
    corners.map(|k| min_f32(min_f32(k[0], k[1]), min_f32(k[2], k[3])))
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
