//! The glabella in a front photo, found from the eyebrows: a pair of dark bands either side of
//! the head's midline, with bright skin between them and a bright forehead above.
//!
//! # Why
//! The outline alone places a front view's glabella at the outline's middle, as if the photo
//! showed the head from its top down to the chin. A photo of a hairline is usually a close-up
//! that ends at the eyebrows or the eyes, so the outline is the upper half of the head and the
//! plan's hairline lands high in the hair (measured on the shared front photos: 120 px of 640
//! above the client's own hair border on one, over the hair on another). The eyebrows are the
//! one facial feature such photos keep, and they are high-contrast on every skin tone.
//!
//! # Method
//! The working copy is resampled into a grid in the head's own frame (across, and up toward
//! the top of the head; one cell a working pixel), with summed-area tables of luma, of cells on
//! the head and of skin, so every mean below costs four lookups (a 12-MP front close-up's fit
//! measured 51 ms with the search against 30 ms for a profile's, which has none). Lengths are in millimetres
//! from the outline's half-width (half a head's breadth, 77.5 mm). Candidate glabellas lie
//! along the outline's midline, from its top down past its centre, and up to 20 mm either side:
//! - the forehead, 18–36 mm up and within 35 mm of the midline, must be skin (skin-coloured
//!   and not hair against the head's learnt skin tone: brown hair passes the colour test);
//! - each brow, 12–50 mm to its side and within 5 mm of the candidate's level, is read as the
//!   darkest quarter of its window (a thin or arched brow fills only part of it) and must be
//!   darker than the forehead; the skin between them (within 6 mm) must not be.
//!
//! The score is the weaker brow's darkening (1 − its luma over the forehead's) less half the
//! middle's, less how far the forehead's darkest strip darkens it (below the brows, the eyes
//! and the sides of the nose are dark pairs whose "forehead" holds the brows). The hair border
//! does not count because its "forehead" is hair. The first candidate down from the top that
//! scores 0.8 of the best wins, when the best darkens both sides by at least [`MIN_SCORE`]; a
//! brow fills its strip over a few millimetres of candidates, so the middle of that run (down,
//! then across) is returned.

use super::colour::{SkinTone, luma, skin_logit};
use super::downscale::Small;
use crate::head::ImageEllipse;

/// Half a head's breadth, mm (the model's 155 mm breadth): the outline's half-width in mm.
const HALF_BREADTH_MM: f64 = 77.5;
/// The least darkening of the weaker brow for a candidate to count.
const MIN_SCORE: f64 = 0.15;
/// A candidate nearer the top of the head wins over the best one if it scores this share of it.
const FIRST_PAIR_SHARE: f64 = 0.8;
/// How far either side of the outline's midline the glabella is looked for, mm.
const SIDEWAYS_MM: f64 = 20.0;

/// Across the head: the brows' inner and outer ends; the half-width of the skin between the
/// brows and of the forehead, mm.
const BROW_U_MM: [f64; 2] = [12.0, 50.0];
const BETWEEN_HALF_MM: f64 = 6.0;
const FOREHEAD_HALF_MM: f64 = 35.0;
/// Up the head from the candidate: the brows' reach either way, the forehead's span, mm.
const BROW_REACH_MM: f64 = 5.0;
const FOREHEAD_V_MM: [f64; 2] = [18.0, 36.0];
/// Height of the strips the forehead's darkest band is read in, mm.
const STRIP_MM: f64 = 4.0;

/// The glabella on the working copy (small px), if the brows show: searched along the midline
/// of `outline`, whose top lies toward `top_dir` (unit, image px).
pub(crate) fn find_glabella(
    small: &Small,
    head: &[bool],
    outline: &ImageEllipse,
    top_dir: [f64; 2],
) -> Option<[f64; 2]> {
    let tone = SkinTone::learn_inside(small, head, outline)?;
    let across = [-top_dir[1], top_dir[0]];
    let px_per_mm = outline.radius_toward(across) / HALF_BREADTH_MM;
    if px_per_mm <= 0.0 {
        return None;
    }
    let top = outline.radius_toward(top_dir).ceil() as i64;
    let side = (SIDEWAYS_MM * px_per_mm).ceil() as i64;
    let cell = |mm: f64| (mm * px_per_mm).round() as i64;
    // Candidates: v from `top` down to `-top` and u within ±side, in cells from the centre.
    let (reach_u, reach_down, reach_up) =
        (side + cell(BROW_U_MM[1]), top + cell(BROW_REACH_MM), top + cell(FOREHEAD_V_MM[1]));
    let grid = Grid::new(
        small,
        head,
        &tone,
        outline.center_px,
        [across, top_dir],
        [-reach_u, reach_u, -reach_down, reach_up],
    );
    let windows = Windows {
        brow_u: BROW_U_MM.map(cell),
        between_half: cell(BETWEEN_HALF_MM).max(1),
        forehead_half: cell(FOREHEAD_HALF_MM),
        brow_reach: cell(BROW_REACH_MM),
        forehead_v: FOREHEAD_V_MM.map(cell),
        strip: cell(STRIP_MM).max(1),
    };
    let columns = (2 * side + 1) as usize;
    // Row-major: row k is v = top − k (down from the top), column j is u = j − side.
    let scores: Vec<Option<f64>> = (0..=2 * top)
        .flat_map(|k| (0..columns as i64).map(move |j| (j - side, top - k)))
        .map(|(u, v)| windows.score(&grid, u, v))
        .collect();
    let best = scores.iter().flatten().copied().fold(f64::NEG_INFINITY, f64::max);
    if best < MIN_SCORE {
        return None;
    }
    // The first strong pair down from the top of the head: below the brows, the eyes and the
    // sides of the nose make dark pairs too.
    let strong = |i: usize| scores[i].is_some_and(|s| s >= FIRST_PAIR_SHARE * best);
    let first = (0..scores.len()).find(|&i| strong(i))?;
    // The middle of the run of strong candidates down, then across: the middle of the brows.
    let run_middle = |from: usize, stride: usize, end: usize| {
        let last = (from..end).step_by(stride).take_while(|&i| strong(i)).last().unwrap_or(from);
        from + (last - from) / stride / 2 * stride
    };
    let down = run_middle(first, columns, scores.len());
    let row_start = down - down % columns;
    let mut left = down;
    while left > row_start && strong(left - 1) {
        left -= 1;
    }
    let middle = run_middle(left, 1, row_start + columns);
    let (u, v) = ((middle % columns) as i64 - side, top - (middle / columns) as i64);
    Some(grid.to_small([u, v]))
}

/// The working copy resampled in the head's frame, with summed-area tables.
struct Grid {
    /// The cells' range: u from `u0` (`nu` cells), v from `v0` (`nv` cells).
    u0: i64,
    v0: i64,
    nu: usize,
    nv: usize,
    center: [f64; 2],
    axes: [[f64; 2]; 2],
    /// Summed over the cells below and left of each corner, `(nu + 1) × (nv + 1)`, row-major
    /// by v: luma of cells on the head, cells on the head, cells of skin.
    luma: Vec<f64>,
    on_head: Vec<u32>,
    skin: Vec<u32>,
    /// Each cell's luma, row-major by v, `nu × nv`; negative off the head or the photo.
    cell_luma: Vec<f32>,
}

/// Sums over a rectangle of cells.
#[derive(Clone, Copy)]
struct Sums {
    luma: f64,
    on_head: u32,
    skin: u32,
    cells: u32,
}

impl Grid {
    /// The grid over cells `[u_min, u_max] × [v_min, v_max]` around `center` (small px) along
    /// `axes` (across, up; unit), reading the nearest small pixel of each cell.
    fn new(
        small: &Small,
        head: &[bool],
        tone: &SkinTone,
        center: [f64; 2],
        axes: [[f64; 2]; 2],
        [u_min, u_max, v_min, v_max]: [i64; 4],
    ) -> Self {
        let (nu, nv) = ((u_max - u_min + 1) as usize, (v_max - v_min + 1) as usize);
        let stride = nu + 1;
        let mut grid = Self {
            u0: u_min,
            v0: v_min,
            nu,
            nv,
            center,
            axes,
            luma: vec![0.0; stride * (nv + 1)],
            on_head: vec![0; stride * (nv + 1)],
            skin: vec![0; stride * (nv + 1)],
            cell_luma: vec![-1.0; nu * nv],
        };
        for j in 0..nv {
            let (mut row_luma, mut row_head, mut row_skin) = (0.0, 0, 0);
            for i in 0..nu {
                let p = grid.to_small([u_min + i as i64, v_min + j as i64]);
                let inside = (0.0..small.width as f64).contains(&p[0])
                    && (0.0..small.height as f64).contains(&p[1]);
                if inside {
                    let k = p[1] as usize * small.width + p[0] as usize;
                    if head[k] {
                        let c = small.rgb[k];
                        grid.cell_luma[j * nu + i] = luma(c);
                        row_luma += f64::from(luma(c));
                        row_head += 1;
                        row_skin += u32::from(skin_logit(c) > 0.0 && !tone.is_hair(c));
                    }
                }
                let (at, below) = ((j + 1) * stride + i + 1, j * stride + i + 1);
                grid.luma[at] = grid.luma[below] + row_luma;
                grid.on_head[at] = grid.on_head[below] + row_head;
                grid.skin[at] = grid.skin[below] + row_skin;
            }
        }
        grid
    }

    /// Small px of the centre of cell `[u, v]`.
    fn to_small(&self, [u, v]: [i64; 2]) -> [f64; 2] {
        let ([ax, ay], [bx, by]) = (self.axes[0], self.axes[1]);
        let (u, v) = (u as f64, v as f64);
        [self.center[0] + ax * u + bx * v, self.center[1] + ay * u + by * v]
    }

    /// Sums over cells `u0 ≤ u < u1`, `v0 ≤ v < v1` (clipped to the grid).
    fn sums(&self, [u0, u1]: [i64; 2], [v0, v1]: [i64; 2]) -> Sums {
        let cells = ((u1 - u0).max(0) * (v1 - v0).max(0)) as u32;
        let iu = |u: i64| (u - self.u0).clamp(0, self.nu as i64) as usize;
        let iv = |v: i64| (v - self.v0).clamp(0, self.nv as i64) as usize;
        let (a, b, c, d) = (iu(u0), iu(u1), iv(v0), iv(v1));
        let stride = self.nu + 1;
        let at = |i: usize, j: usize| j * stride + i;
        let rect = |t: &[u32]| t[at(b, d)] + t[at(a, c)] - t[at(a, d)] - t[at(b, c)];
        let l = &self.luma;
        Sums {
            luma: l[at(b, d)] + l[at(a, c)] - l[at(a, d)] - l[at(b, c)],
            on_head: rect(&self.on_head),
            skin: rect(&self.skin),
            cells,
        }
    }
}

/// Bins of the luma histogram a window's darkest quarter is read from.
const LUMA_BINS: usize = 64;

impl Grid {
    /// Mean luma of the darkest quarter of the cells on the head in `u0 ≤ u < u1`,
    /// `v0 ≤ v < v1`, if at least `share` of the cells are on the head.
    fn darkest_quarter(&self, [u0, u1]: [i64; 2], [v0, v1]: [i64; 2], share: f64) -> Option<f64> {
        let cells = ((u1 - u0).max(0) * (v1 - v0).max(0)) as f64;
        let iu = |u: i64| (u - self.u0).clamp(0, self.nu as i64) as usize;
        let iv = |v: i64| (v - self.v0).clamp(0, self.nv as i64) as usize;
        let mut histogram = [0u32; LUMA_BINS];
        let mut count = 0usize;
        for j in iv(v0)..iv(v1) {
            for &l in &self.cell_luma[j * self.nu + iu(u0)..j * self.nu + iu(u1)] {
                if l >= 0.0 {
                    histogram[((l * LUMA_BINS as f32) as usize).min(LUMA_BINS - 1)] += 1;
                    count += 1;
                }
            }
        }
        if count == 0 || (count as f64) < share * cells {
            return None;
        }
        let want = count.div_ceil(4) as u32;
        let (mut taken, mut sum) = (0u32, 0.0f64);
        for (bin, &n) in histogram.iter().enumerate() {
            let take = n.min(want - taken);
            sum += f64::from(take) * (bin as f64 + 0.5) / LUMA_BINS as f64;
            taken += take;
            if taken == want {
                break;
            }
        }
        Some(sum / f64::from(want))
    }
}

impl Sums {
    /// Mean luma over the cells on the head, if at least `share` of the cells are.
    fn mean_luma(&self, share: f64) -> Option<f64> {
        (self.on_head > 0 && f64::from(self.on_head) >= share * f64::from(self.cells))
            .then(|| self.luma / f64::from(self.on_head))
    }
}

/// The windows of a candidate, in cells.
struct Windows {
    brow_u: [i64; 2],
    between_half: i64,
    forehead_half: i64,
    brow_reach: i64,
    forehead_v: [i64; 2],
    strip: i64,
}

impl Windows {
    /// The candidate at cell `[u, v]`'s score, or `None` when a window is mostly off the head
    /// or the photo, the forehead is not skin, or the middle is as dark as the brows.
    fn score(&self, grid: &Grid, u: i64, v: i64) -> Option<f64> {
        let [f0, f1] = self.forehead_v;
        let f_span = [u - self.forehead_half, u + self.forehead_half + 1];
        let forehead = grid.sums(f_span, [v + f0, v + f1 + 1]);
        let forehead_luma = forehead.mean_luma(0.8)?;
        if forehead_luma <= 0.05 || f64::from(forehead.skin) <= 0.5 * f64::from(forehead.on_head) {
            return None;
        }
        let darkest = |span: [i64; 2], from: i64, to: i64| {
            (from..=to - self.strip)
                .filter_map(|s| grid.sums(span, [s, s + self.strip]).mean_luma(0.5))
                .fold(None, |m: Option<f64>, l| Some(m.map_or(l, |m| m.min(l))))
        };
        let darkening = |l: f64| 1.0 - l / forehead_luma;
        let (r, [b0, b1]) = (self.brow_reach, self.brow_u);
        // Thin or arched, a brow fills only part of its window: its darkest quarter counts.
        let brow =
            |span: [i64; 2]| grid.darkest_quarter(span, [v - r, v + r + 1], 0.5).map(darkening);
        let (left, right) = (brow([u - b1, u - b0 + 1])?, brow([u + b0, u + b1 + 1])?);
        let brows = left.min(right);
        let h = self.between_half;
        let between = darkening(grid.sums([u - h, u + h + 1], [v - r, v + r + 1]).mean_luma(0.8)?);
        let blemished = darkest(f_span, v + f0, v + f1 + 1).map_or(0.0, darkening);
        (between < 0.5 * brows).then(|| brows - 0.5 * between.max(0.0) - blemished.max(0.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SKIN: [f32; 3] = [0.86, 0.66, 0.56];
    const BROW: [f32; 3] = [0.30, 0.22, 0.18];
    const HAIR: [f32; 3] = [0.25, 0.18, 0.13];
    const WALL: [f32; 3] = [0.80, 0.82, 0.86];

    /// A 200 × 200 close-up: a head outline of half-width 80 px (about 1 px per mm) centred at
    /// (100, 120), hair above y = 60, and, when `brows`, two brows either side of the glabella
    /// at (100, 150); turned half a turn when `upside_down`.
    fn close_up(brows: bool, upside_down: bool) -> (Small, Vec<bool>, ImageEllipse) {
        let outline =
            ImageEllipse { center_px: [100.0, 120.0], semi_axes_px: [80.0, 110.0], angle_rad: 0.0 };
        let (w, h) = (200, 200);
        let mut rgb = vec![WALL; w * h];
        let mut head = vec![false; w * h];
        for y in 0..h {
            for x in 0..w {
                let p = [x as f64 + 0.5, y as f64 + 0.5];
                if outline.distance2(p) > 1.0 {
                    continue;
                }
                let (dx, dy) = (p[0] - 100.0, p[1] - 150.0);
                let brow = brows && (14.0..46.0).contains(&dx.abs()) && (-6.0..2.0).contains(&dy);
                let k = if upside_down { (h - 1 - y) * w + (w - 1 - x) } else { y * w + x };
                rgb[k] = if p[1] < 60.0 {
                    HAIR
                } else if brow {
                    BROW
                } else {
                    SKIN
                };
                head[k] = true;
            }
        }
        let outline = if upside_down {
            ImageEllipse { center_px: [100.0, 80.0], ..outline }
        } else {
            outline
        };
        (Small { width: w, height: h, rgb, factor_px: 1 }, head, outline)
    }

    #[test]
    fn the_glabella_lies_between_the_brows_either_way_up() {
        let (small, head, outline) = close_up(true, false);
        let g = find_glabella(&small, &head, &outline, [0.0, -1.0]).expect("brows found");
        assert!((g[0] - 100.0).abs() <= 2.0 && (g[1] - 150.0).abs() <= 4.0, "{g:?}");
        let (small, head, outline) = close_up(true, true);
        let g = find_glabella(&small, &head, &outline, [0.0, 1.0]).expect("brows found");
        assert!((g[0] - 100.0).abs() <= 2.0 && (g[1] - 50.0).abs() <= 4.0, "{g:?}");
    }

    #[test]
    fn no_brows_no_glabella_and_the_hair_border_is_no_brow() {
        // The hair's edge is a dark band with skin below, but its "forehead" is hair.
        let (small, head, outline) = close_up(false, false);
        assert_eq!(find_glabella(&small, &head, &outline, [0.0, -1.0]), None);
    }

    #[test]
    fn eyes_below_the_brows_do_not_win() {
        // A second, darker pair 20 mm lower (eyes): the brows above still win.
        let (mut small, head, outline) = close_up(true, false);
        for y in 166..172 {
            for x in (58..84).chain(116..142) {
                small.rgb[y * 200 + x] = [0.1, 0.08, 0.08];
            }
        }
        let g = find_glabella(&small, &head, &outline, [0.0, -1.0]).expect("brows found");
        assert!((g[1] - 150.0).abs() <= 4.0, "{g:?}");
    }
}
