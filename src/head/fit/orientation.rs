//! Which way the head points: the image direction of the top of the head (front, back and
//! profile views) or of the forehead (top view).
//!
//! - Front, back and profiles: the neck, shoulders and clothes attach below the head, and leave
//!   the frame there. Where the head region runs into the frame's sides is summed as those
//!   sides' outward directions; the top of the head is the other way.
//! - Top: balding starts at the front and the face lies beyond the forehead, while the back and
//!   sides keep their hair; the skin inside the outline sits toward the forehead.

use super::colour::skin_logit;
use super::downscale::Small;
use crate::head::ImageEllipse;

/// A direction and how strongly the evidence agrees on it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Direction {
    /// Unit vector, image px (x right, y down).
    pub dir: [f64; 2],
    /// 0 (no evidence, or evidence all round) to 1 (all on one side).
    pub strength: f64,
}

/// Up the image, the answer when there is no evidence.
const UP: [f64; 2] = [0.0, -1.0];

/// Share of a frame side the head region must run into before that side counts fully.
const FULL_CONTACT_SHARE: f64 = 0.25;

/// Where the top of the head points in a front, back or profile view (see the module docs).
///
/// Only where the head region runs into the frame counts: the top of a head rarely touches the
/// frame, the neck and shoulders nearly always do; contact on opposite sides cancels out.
pub(crate) fn top_of_head(w: usize, h: usize, head: &[bool]) -> Direction {
    let share = |count: usize, len: usize| count as f64 / len.max(1) as f64;
    let column = |x: usize| (0..h).filter(|&y| head[y * w + x]).count();
    let row = |y: usize| (0..w).filter(|&x| head[y * w + x]).count();
    // Contact per side, with the side's outward normal.
    let sides = [
        (share(column(0), h), [-1.0, 0.0]),
        (share(column(w - 1), h), [1.0, 0.0]),
        (share(row(0), w), [0.0, -1.0]),
        (share(row(h - 1), w), [0.0, 1.0]),
    ];
    let total: f64 = sides.iter().map(|s| s.0).sum();
    let sum = sides.iter().fold([0.0f64; 2], |a, (c, n)| [a[0] + c * n[0], a[1] + c * n[1]]);
    let length = sum[0].hypot(sum[1]);
    if length < 1e-9 {
        return Direction { dir: UP, strength: 0.0 };
    }
    let enough = (length / FULL_CONTACT_SHARE).min(1.0);
    Direction { dir: [-sum[0] / length, -sum[1] / length], strength: length / total * enough }
}

/// Share of the outline the top-view cue looks inside: its rim holds shoulders and pillows.
const INNER: f64 = 0.85;

/// Where the forehead points in a top view (see the module docs).
pub(crate) fn forehead(small: &Small, head: &[bool], outline: &ImageEllipse) -> Direction {
    let w = small.width;
    let (mut skin, mut all) = ([0.0f64; 3], [0.0f64; 3]);
    for (i, &in_head) in head.iter().enumerate() {
        let p = [(i % w) as f64 + 0.5, (i / w) as f64 + 0.5];
        if !in_head || outline.distance2(p) > INNER * INNER {
            continue;
        }
        all = [all[0] + p[0], all[1] + p[1], all[2] + 1.0];
        let c = small.rgb[i];
        let luma = 0.3 * c[0] + 0.59 * c[1] + 0.11 * c[2];
        if skin_logit(c) > 0.0 && luma > 0.3 {
            skin = [skin[0] + p[0], skin[1] + p[1], skin[2] + 1.0];
        }
    }
    if skin[2] < 10.0 || all[2] < 10.0 || skin[2] > 0.97 * all[2] {
        return Direction { dir: UP, strength: 0.0 };
    }
    let offset = [skin[0] / skin[2] - all[0] / all[2], skin[1] / skin[2] - all[1] / all[2]];
    let length = offset[0].hypot(offset[1]);
    if length < 1e-9 {
        return Direction { dir: UP, strength: 0.0 };
    }
    let radius = (outline.semi_axes_px[0] * outline.semi_axes_px[1]).sqrt();
    // A quarter of the radius is as lopsided as a Norwood III–V crown gets.
    let strength = (length / (0.25 * radius)).min(1.0);
    Direction { dir: [offset[0] / length, offset[1] / length], strength }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn disc(w: usize, h: usize, e: &ImageEllipse) -> Vec<bool> {
        (0..w * h)
            .map(|i| e.distance2([(i % w) as f64 + 0.5, (i / w) as f64 + 0.5]) <= 1.0)
            .collect()
    }

    #[test]
    fn a_neck_leaving_the_frame_on_the_right_puts_the_top_of_the_head_left() {
        let (w, h) = (100, 80);
        let e =
            ImageEllipse { center_px: [40.0, 40.0], semi_axes_px: [25.0, 25.0], angle_rad: 0.0 };
        let mut head = disc(w, h, &e);
        for y in 32..48 {
            for x in 40..w {
                head[y * w + x] = true;
            }
        }
        let d = top_of_head(w, h, &head);
        assert!(d.dir[0] < -0.95 && d.strength > 0.5, "{d:?}");
    }

    #[test]
    fn skin_toward_the_top_of_a_top_view_is_the_forehead() {
        let (w, h) = (80, 80);
        let e =
            ImageEllipse { center_px: [40.0, 40.0], semi_axes_px: [30.0, 30.0], angle_rad: 0.0 };
        let head = disc(w, h, &e);
        let rgb = (0..w * h)
            .map(|i| if i / w < 40 { [0.85, 0.65, 0.55] } else { [0.12, 0.1, 0.09] })
            .collect();
        let small = Small { width: w, height: h, rgb, factor_px: 1 };
        let d = forehead(&small, &head, &e);
        assert!(d.dir[1] < -0.95 && d.strength > 0.9, "{d:?}");
    }
}
