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
//! Along the outline's midline, from its top down to the frame, every candidate glabella is
//! scored in the head's own frame (across, and up toward the top of the head), with lengths in
//! millimetres from the outline's half-width (half a head's breadth, about 77 mm):
//! - the brows, 14–44 mm either side and −5–5 mm up, must both be darker than the forehead,
//!   16–34 mm up and within 35 mm of the midline;
//! - the skin between them (within 6 mm) must not be.
//!
//! The score is the weaker side's darkening (1 − its luma over the forehead's) less half the
//! middle's. Eyes score lower than brows because the brows darken their "forehead", and the
//! hair border scores below zero because its "forehead" is hair. The best candidate counts
//! when it darkens both sides by at least [`MIN_SCORE`]; the photos' brows measured 0.2–0.5.

use super::colour::{SkinTone, luma, skin_logit};
use super::downscale::Small;
use crate::head::ImageEllipse;

/// Half a head's breadth, mm (the model's 155 mm breadth): the outline's half-width in mm.
const HALF_BREADTH_MM: f64 = 77.5;
/// The least darkening of the weaker brow for a candidate to count.
const MIN_SCORE: f64 = 0.15;

/// A window in a candidate's frame: across `u` and up `v` (toward the top of the head), mm.
struct Window {
    u_mm: [f64; 2],
    v_mm: [f64; 2],
}

const LEFT_BROW: Window = Window { u_mm: [-50.0, -12.0], v_mm: [-5.0, 5.0] };
const RIGHT_BROW: Window = Window { u_mm: [12.0, 50.0], v_mm: [-5.0, 5.0] };
const BETWEEN: Window = Window { u_mm: [-6.0, 6.0], v_mm: [-5.0, 5.0] };
const FOREHEAD: Window = Window { u_mm: [-35.0, 35.0], v_mm: [18.0, 36.0] };

/// The glabella on the working copy (small px), if the brows show: searched along the midline
/// of `outline`, whose top lies toward `top_dir` (unit, image px).
pub(crate) fn find_glabella(
    small: &Small,
    head: &[bool],
    outline: &ImageEllipse,
    top_dir: [f64; 2],
) -> Option<[f64; 2]> {
    let tone = SkinTone::learn(
        head.iter()
            .enumerate()
            .filter(|&(i, &in_head)| {
                let (x, y) = ((i % small.width) as f64 + 0.5, (i / small.width) as f64 + 0.5);
                in_head && outline.distance2([x, y]) <= 1.0
            })
            .map(|(i, _)| small.rgb[i]),
    )?;
    let across = [-top_dir[1], top_dir[0]];
    let px_per_mm = outline.radius_toward(across) / HALF_BREADTH_MM;
    if px_per_mm <= 0.0 {
        return None;
    }
    let top = outline.radius_toward(top_dir);
    let c = outline.center_px;
    let frame = Frame { small, head, tone, across, up: top_dir, px_per_mm };
    // From the outline's top down past its centre, a small pixel a step, and up to
    // SIDEWAYS_MM either side of its midline (a head turned a little, an outline pulled aside
    // by the hair), while the candidate lies in the photo.
    let steps = (2.0 * top).ceil() as i64;
    let side = (SIDEWAYS_MM * px_per_mm / SIDE_STEP_PX).ceil() as i64;
    let columns = (2 * side + 1) as usize;
    let at = |k: i64, j: i64| {
        let (t, s) = (top - k as f64, j as f64 * SIDE_STEP_PX);
        [c[0] + top_dir[0] * t + across[0] * s, c[1] + top_dir[1] * t + across[1] * s]
    };
    // Row-major over (k, j): k down from the top, j across.
    let scores: Vec<Option<f64>> = (0..steps)
        .flat_map(|k| (-side..=side).map(move |j| (k, j)))
        .map(|(k, j)| Some(at(k, j)).filter(|&p| frame.inside(p)).and_then(|p| frame.score(p)))
        .collect();
    let best = scores.iter().flatten().copied().fold(f64::NEG_INFINITY, f64::max);
    if best < MIN_SCORE {
        return None;
    }
    // The first strong pair down from the top of the head: below the brows, the eyes and the
    // sides of the nose make dark pairs too.
    let strong = |i: usize| scores[i].is_some_and(|s| s >= FIRST_PAIR_SHARE * best);
    let first = (0..scores.len()).find(|&i| strong(i))?;
    // A brow fills its window's darkest quarter while it covers a quarter of the window, so
    // strong candidates come in runs: the middle of the run down and then across is the
    // middle of the brows.
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
    Some(at((middle / columns) as i64, (middle % columns) as i64 - side))
}

/// A candidate nearer the top of the head wins over the best one if it scores this share of it.
const FIRST_PAIR_SHARE: f64 = 0.8;
/// How far either side of the outline's midline the glabella is looked for, mm.
const SIDEWAYS_MM: f64 = 20.0;
/// The sideways step between candidates, small px.
const SIDE_STEP_PX: f64 = 2.0;

/// The working copy seen in a candidate's frame.
struct Frame<'a> {
    small: &'a Small,
    /// The head region: windows read only the head (a dark collar beside a nose is no brow).
    head: &'a [bool],
    /// The head's skin, to tell a forehead from hair as brown as skin.
    tone: SkinTone,
    across: [f64; 2],
    up: [f64; 2],
    px_per_mm: f64,
}

/// Bins of the luma histogram a window's darkest quarter is read from.
const LUMA_BINS: usize = 64;

impl Frame<'_> {
    fn inside(&self, p: [f64; 2]) -> bool {
        (0.0..self.small.width as f64).contains(&p[0])
            && (0.0..self.small.height as f64).contains(&p[1])
    }

    /// The candidate's score, or `None` when a window is mostly off the head or the photo, the
    /// forehead is not skin, or the middle is as dark as the brows.
    fn score(&self, at: [f64; 2]) -> Option<f64> {
        let forehead = self.read(at, &FOREHEAD, 0.8)?;
        if forehead.mean_luma <= 0.05 || forehead.skin_share <= 0.5 {
            return None;
        }
        let darkening = |luma: f64| 1.0 - luma / forehead.mean_luma;
        // The brows may run off a close-up's edge; thin or arched, they fill only part of their
        // window, so its darkest quarter is what counts.
        let brow = |w: &Window| self.read(at, w, 0.5).map(|r| darkening(r.dark_luma));
        let (left, right) = (brow(&LEFT_BROW)?, brow(&RIGHT_BROW)?);
        let between = darkening(self.read(at, &BETWEEN, 0.8)?.mean_luma);
        let brows = left.min(right);
        // Below the brows (eyes, the sides of the nose) the "forehead" holds the brows.
        let blemished = 1.0 - forehead.dark_luma / forehead.mean_luma;
        (between < 0.5 * brows).then(|| brows - 0.5 * between.max(0.0) - blemished)
    }

    /// What the window's samples (one per small pixel) on the head read, or `None` when less
    /// than `share` of them lie on the head in the photo.
    fn read(&self, at: [f64; 2], w: &Window, share: f64) -> Option<Reading> {
        let step_mm = 1.0 / self.px_per_mm;
        let count = |span: [f64; 2]| (((span[1] - span[0]) / step_mm).ceil() as usize).max(1);
        let (nu, nv) = (count(w.u_mm), count(w.v_mm));
        let (mut sum, mut skin, mut inside) = (0.0, 0usize, 0usize);
        let mut histogram = [0u32; LUMA_BINS];
        for i in 0..nu {
            let u = w.u_mm[0] + (i as f64 + 0.5) * (w.u_mm[1] - w.u_mm[0]) / nu as f64;
            for j in 0..nv {
                let v = w.v_mm[0] + (j as f64 + 0.5) * (w.v_mm[1] - w.v_mm[0]) / nv as f64;
                let p = [
                    at[0] + (self.across[0] * u + self.up[0] * v) * self.px_per_mm,
                    at[1] + (self.across[1] * u + self.up[1] * v) * self.px_per_mm,
                ];
                if !self.inside(p) {
                    continue;
                }
                let k = p[1] as usize * self.small.width + p[0] as usize;
                if !self.head[k] {
                    continue;
                }
                let c = self.small.rgb[k];
                let l = luma(c).clamp(0.0, 1.0);
                sum += f64::from(l);
                histogram[((l * LUMA_BINS as f32) as usize).min(LUMA_BINS - 1)] += 1;
                skin += usize::from(skin_logit(c) > 0.0 && !self.tone.is_hair(c));
                inside += 1;
            }
        }
        if inside == 0 || (inside as f64) < share * (nu * nv) as f64 {
            return None;
        }
        Some(Reading {
            mean_luma: sum / inside as f64,
            dark_luma: darkest_quarter(&histogram, inside),
            skin_share: skin as f64 / inside as f64,
        })
    }
}

/// Mean luma of the darkest quarter of `count` samples binned in `histogram` (bin centres).
fn darkest_quarter(histogram: &[u32; LUMA_BINS], count: usize) -> f64 {
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
    sum / f64::from(want)
}

/// What [`Frame::read`] finds in a window.
struct Reading {
    /// Mean luma, sRGB 0–1.
    mean_luma: f64,
    /// Mean luma of the darkest quarter of the samples.
    dark_luma: f64,
    /// Share of the samples that are skin (skin-coloured and not hair against the head's skin).
    skin_share: f64,
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
