//! Which way the head points: the image direction of the top of the head (front, back and
//! profile views) or of the forehead (top view).
//!
//! - Front, back and profiles: the neck, shoulders and clothes attach below the head, and leave
//!   the frame there. The head region's pixels outside its outline and where it runs into the
//!   frame's edge are summed as directions from the outline's centre; the top of the head is the
//!   other way.
//! - Top: balding starts at the front and the face lies beyond the forehead, while the back and
//!   sides keep their hair; the skin inside the outline sits toward the forehead.

use super::colour::skin_logit;
use super::downscale::Small;
use super::outline::ImageEllipse;

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

/// Weight of a head-region pixel on the frame's edge against one outside the outline.
const EDGE_WEIGHT: f64 = 3.0;

/// Where the top of the head points in a front, back or profile view (see the module docs).
pub(crate) fn top_of_head(w: usize, h: usize, head: &[bool], outline: &ImageEllipse) -> Direction {
    let (mut sum, mut total) = ([0.0f64; 2], 0.0f64);
    let [cx, cy] = outline.center_px;
    for y in 0..h {
        for x in 0..w {
            if !head[y * w + x] {
                continue;
            }
            let p = [x as f64 + 0.5, y as f64 + 0.5];
            let on_edge = x == 0 || y == 0 || x + 1 == w || y + 1 == h;
            let beyond = outline.distance2(p) > 1.1 * 1.1;
            let weight = if on_edge {
                EDGE_WEIGHT
            } else if beyond {
                1.0
            } else {
                0.0
            };
            if weight == 0.0 {
                continue;
            }
            let (dx, dy) = (p[0] - cx, p[1] - cy);
            let r = dx.hypot(dy).max(1e-9);
            sum[0] += weight * dx / r;
            sum[1] += weight * dy / r;
            total += weight;
        }
    }
    // Too little below the head to say: a few stray pixels are not a neck.
    let enough = (total / (0.03 * outline.area_px2()).max(1.0)).min(1.0);
    let length = sum[0].hypot(sum[1]);
    if length < 1e-9 {
        return Direction { dir: UP, strength: 0.0 };
    }
    Direction { dir: [-sum[0] / length, -sum[1] / length], strength: length / total * enough }
}

/// Where the forehead points in a top view (see the module docs).
pub(crate) fn forehead(small: &Small, head: &[bool], outline: &ImageEllipse) -> Direction {
    let w = small.width;
    let (mut skin, mut all) = ([0.0f64; 3], [0.0f64; 3]);
    for (i, &in_head) in head.iter().enumerate() {
        let p = [(i % w) as f64 + 0.5, (i / w) as f64 + 0.5];
        if !in_head || outline.distance2(p) > 1.0 {
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
        let d = top_of_head(w, h, &head, &e);
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
