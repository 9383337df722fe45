//! Separating the head (skin and hair) from background and clothes on the small copy.
//!
//! A few rounds in the spirit of GrabCut, without the graph cut: a head colour model and a
//! background colour model, a head-shaped spatial prior (an ellipse: first centred in the
//! frame, then the last round's outline, enlarged), and a local average of the evidence
//! standing in for smoothness. The first round learns the background from the photo's border
//! alone and the head from skin and hair priors inside the centred ellipse; later rounds learn
//! the head from the last region inside its outline and the background from the border and
//! all that is not head. The head is then the connected region that best fills the prior,
//! with its holes (eyes, highlights, a dark whorl) filled.

use super::colour::{ColourModel, hair_logit, skin_logit};
use super::downscale::{Small, centre_px};
use super::outline::fit_outline;
use crate::head::ImageEllipse;

/// Rounds of re-learning the colour models from the last round's head.
const ROUNDS: usize = 3;
/// Width of the border band taken as background evidence, share of the shorter side.
const BORDER_SHARE: f64 = 0.04;
/// Weight of the spatial prior against the colour evidence (log-odds at the prior's centre).
const PRIOR_LOGIT: f32 = 1.5;
/// The first round's prior: an ellipse centred in the frame, this share of each half-side.
const FIRST_PRIOR_SHARE: f64 = 0.7;
/// Smoothed log-odds a pixel needs to join the head region: a little above even, so thin
/// bridges of doubtful colour (a collar, a wall as pale as skin) do not join the head.
const REGION_LOGIT: f32 = 0.3;
/// Later priors: the last outline enlarged by this much.
const PRIOR_GROWTH: f64 = 1.25;

/// The segmented small copy.
#[derive(Clone, Debug)]
pub(crate) struct Segmentation {
    /// The head's connected region, holes filled (may include a neck or shoulders).
    pub head: Vec<bool>,
    /// The outline fitted to `head`, small px.
    pub outline: Option<ImageEllipse>,
}

/// Segments `small` into head and background.
pub(crate) fn segment(small: &Small) -> Segmentation {
    let (w, h) = (small.width, small.height);
    let border = ((w.min(h) as f64 * BORDER_SHARE).ceil() as usize).max(1);
    let on_border = |i: usize| {
        let (x, y) = (i % w, i / w);
        x < border || y < border || x + border >= w || y + border >= h
    };
    let colour_prior: Vec<f32> = small.rgb.iter().map(|&c| skin_logit(c) + hair_logit(c)).collect();
    let first = ImageEllipse {
        center_px: [w as f64 / 2.0, h as f64 / 2.0],
        semi_axes_px: [w as f64 / 2.0 * FIRST_PRIOR_SHARE, h as f64 / 2.0 * FIRST_PRIOR_SHARE],
        angle_rad: 0.0,
    };
    let mut prior_ellipse = first;
    let mut last: Option<(Vec<bool>, ImageEllipse)> = None;
    let mut result = Segmentation { head: vec![false; w * h], outline: None };
    for _ in 0..ROUNDS {
        let spatial = spatial_prior(w, h, &prior_ellipse);
        let (fg, bg) = match &last {
            None => {
                let belief = |i: usize| sigmoid(spatial[i] + colour_prior[i]);
                let fg =
                    ColourModel::learn(&small.rgb, |i| if on_border(i) { 0.0 } else { belief(i) });
                // Only the border seeds the background, as GrabCut's box does: hair outside
                // the first prior (a portrait's grey hair, measured) was learnt as background.
                let bg = ColourModel::learn(&small.rgb, |i| f32::from(u8::from(on_border(i))));
                (fg, bg)
            }
            Some((region, outline)) => {
                // The head's colours come from the region inside its outline: what joined
                // it beyond (a neck, shoulders, a wall as pale as skin) would teach them to
                // the next round and spread.
                let fg = ColourModel::learn(&small.rgb, |i| {
                    let inside = outline.distance2(centre_px(i, w));
                    f32::from(u8::from(region[i] && inside <= 1.0))
                });
                let bg = ColourModel::learn(&small.rgb, |i| {
                    if on_border(i) { 2.0 } else { f32::from(u8::from(!region[i])) }
                });
                (fg, bg)
            }
        };
        // The skin and hair priors only seed the first round: skin's chromaticity is also
        // wood's, beige walls' and bedding's, and once the photo's own head colours are
        // learnt the prior only pulls those in (a wall behind a bald head, measured).
        let colour_prior_now = |i: usize| if last.is_none() { colour_prior[i] } else { 0.0 };
        let raw: Vec<f32> = small
            .rgb
            .iter()
            .enumerate()
            .map(|(i, &c)| fg.ln_p(c) - bg.ln_p(c) + spatial[i] + colour_prior_now(i))
            .collect();
        let score = box_blur(&box_blur(&raw, w, h), w, h);
        let region = best_region(w, h, &score, &prior_ellipse);
        let outline = fit_outline(w, h, &region);
        result = Segmentation { head: region.clone(), outline };
        match outline {
            Some(o) => {
                prior_ellipse = o.scaled(PRIOR_GROWTH);
                last = Some((region, o));
            }
            None => break,
        }
    }
    result
}

fn sigmoid(v: f32) -> f32 {
    1.0 / (1.0 + (-v).exp())
}

/// Log-odds of "head" from position alone: highest at the ellipse's centre, zero on it, and
/// floored outside so strong colour evidence can still claim a pixel.
fn spatial_prior(w: usize, h: usize, e: &ImageEllipse) -> Vec<f32> {
    (0..w * h)
        .map(|i| {
            let d2 = e.distance2(centre_px(i, w)) as f32;
            (PRIOR_LOGIT * (1.0 - d2)).max(-2.0 * PRIOR_LOGIT)
        })
        .collect()
}

/// A 3×3 mean (edges repeat).
fn box_blur(v: &[f32], w: usize, h: usize) -> Vec<f32> {
    let mut out = vec![0.0; v.len()];
    for y in 0..h {
        for x in 0..w {
            let mut sum = 0.0;
            for dy in [-1i64, 0, 1] {
                for dx in [-1i64, 0, 1] {
                    let xx = (x as i64 + dx).clamp(0, w as i64 - 1) as usize;
                    let yy = (y as i64 + dy).clamp(0, h as i64 - 1) as usize;
                    sum += v[yy * w + xx];
                }
            }
            out[y * w + x] = sum / 9.0;
        }
    }
    out
}

/// The 4-connected region of positive score that best covers the prior ellipse (pixels inside
/// it count, pixels far outside it count against), with its holes filled.
fn best_region(w: usize, h: usize, score: &[f32], prior: &ImageEllipse) -> Vec<bool> {
    let mut label = vec![u32::MAX; w * h];
    let mut best = (f64::MIN, u32::MAX);
    let mut stack = Vec::new();
    let mut next = 0u32;
    for start in 0..w * h {
        if score[start] <= REGION_LOGIT || label[start] != u32::MAX {
            continue;
        }
        let mut merit = 0.0;
        label[start] = next;
        stack.push(start);
        while let Some(i) = stack.pop() {
            let d2 = prior.distance2(centre_px(i, w));
            merit += (1.0 - d2).max(-0.5);
            for j in neighbours(i, w, h) {
                if score[j] > REGION_LOGIT && label[j] == u32::MAX {
                    label[j] = next;
                    stack.push(j);
                }
            }
        }
        if merit > best.0 {
            best = (merit, next);
        }
        next += 1;
    }
    let region: Vec<bool> = label.iter().map(|&l| l == best.1).collect();
    fill_holes(w, h, &region)
}

/// The 4-neighbours of pixel `i` inside a `w × h` grid.
fn neighbours(i: usize, w: usize, h: usize) -> impl Iterator<Item = usize> {
    let (x, y) = (i % w, i / w);
    [
        (x > 0).then(|| i - 1),
        (x + 1 < w).then(|| i + 1),
        (y > 0).then(|| i - w),
        (y + 1 < h).then(|| i + w),
    ]
    .into_iter()
    .flatten()
}

/// `region` with every part not connected to the frame's border through non-region pixels
/// added to it.
pub(crate) fn fill_holes(w: usize, h: usize, region: &[bool]) -> Vec<bool> {
    let mut outside = vec![false; w * h];
    let mut stack: Vec<usize> = (0..w * h)
        .filter(|&i| {
            let (x, y) = (i % w, i / w);
            (x == 0 || y == 0 || x + 1 == w || y + 1 == h) && !region[i]
        })
        .collect();
    for &i in &stack {
        outside[i] = true;
    }
    while let Some(i) = stack.pop() {
        for j in neighbours(i, w, h) {
            if !region[j] && !outside[j] {
                outside[j] = true;
                stack.push(j);
            }
        }
    }
    outside.iter().map(|&o| !o).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A skin-coloured ellipse with a dark hole, on a blue-grey wall.
    fn synthetic() -> Small {
        let (w, h) = (120, 100);
        let head =
            ImageEllipse { center_px: [62.0, 48.0], semi_axes_px: [30.0, 38.0], angle_rad: 0.0 };
        let rgb = (0..w * h)
            .map(|i| {
                let p = centre_px(i, w);
                if head.distance2([p[0] - 8.0, p[1]]) < 0.02 {
                    [0.1, 0.08, 0.07]
                } else if head.distance2(p) <= 1.0 {
                    [0.82, 0.62, 0.52]
                } else {
                    [0.55, 0.6, 0.68]
                }
            })
            .collect();
        Small { width: w, height: h, rgb, factor_px: 1 }
    }

    #[test]
    fn a_head_on_a_wall_is_found_with_its_holes_filled() {
        let small = synthetic();
        let seg = segment(&small);
        let o = seg.outline.expect("an outline");
        assert!(
            (o.center_px[0] - 62.0).abs() < 2.0 && (o.center_px[1] - 48.0).abs() < 2.0,
            "{o:?}"
        );
        let axes =
            [o.semi_axes_px[0].max(o.semi_axes_px[1]), o.semi_axes_px[0].min(o.semi_axes_px[1])];
        assert!((axes[0] - 38.0).abs() < 3.0 && (axes[1] - 30.0).abs() < 3.0, "{o:?}");
        assert!(seg.head[48 * 120 + 54], "the dark hole is part of the head");
        assert!(!seg.head[5 * 120 + 5]);
    }

    #[test]
    fn holes_are_filled_but_bays_open_to_the_border_are_not() {
        let (w, h) = (5, 5);
        let ring: Vec<bool> = (0..25).map(|i| i != 12 && i % 5 != 0).collect();
        let filled = fill_holes(w, h, &ring);
        assert!(filled[12]);
        assert!(!filled[0] && !filled[10]);
    }
}
