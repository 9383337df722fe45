//! Which way the head points: the image direction of the top of the head (front, back and
//! profile views) or of the forehead (top view), and how far the fit may trust it.
//!
//! # Front, back and profiles
//! Each cue gives a direction and a weight in 0–1:
//! - **Contact**: the neck, shoulders and clothes attach below the head and leave the frame
//!   there. Where the head region runs into the frame's sides is summed as those sides'
//!   outward directions; the top of the head is the other way. Contact on opposite sides (a
//!   close-up cut all round, or a region that ran into the background) makes it *unclean*.
//! - **Cut**: a photo of a scalp keeps the top of the head in frame and lets the frame cut the
//!   face or the neck: where the fitted outline runs out of the frame is the other way.
//! - **Hair**, front view only: what hair is left lies above the face, so the top is the way
//!   from the skin to the hair. From behind or in profile a bald crown above a fringe or a
//!   beard turns it round, so it is not asked there.
//!
//! The direction is the weighted mean of contact and cut (hair's only when they are silent).
//! The fit trusts it when two cues agree within 45°, or when a clean contact is the only cue;
//! a lone other cue, or one more than 45° from another, leaves it in doubt, and cues more
//! than a right angle apart put it in doubt whatever their weights. Contact and cut both come
//! from the head region, so a region that ran into a wall as pale as skin fools both alike:
//! agreement is necessary, not sufficient, and the weak cases are left to the user (a wrong
//! roll puts the hairline at the back of the head). From behind, the region may run out of
//! the frame at the crown as well as at the neck, so a back view is never trusted.
//!
//! # Top
//! Balding starts at the front and the face lies beyond the forehead, while the back and sides
//! keep their hair: the skin inside the outline sits toward the forehead.

use super::colour::{SkinTone, luma, skin_logit};
use super::downscale::{Small, centre_px};
use crate::head::{ImageEllipse, View};

/// A direction and how far the fit may trust it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Direction {
    /// Unit vector, image px (x right, y down).
    pub dir: [f64; 2],
    /// 0 (no evidence, or evidence that disagrees) to 1; the fit's default doubts it below 0.5.
    pub strength: f64,
}

/// Up the image, the answer when there is no evidence.
const UP: [f64; 2] = [0.0, -1.0];

/// One cue's direction toward the top of the head, its weight (0–1), and what it is.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Cue {
    dir: [f64; 2],
    weight: f64,
    kind: CueKind,
}

/// What a cue reads (see the module docs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CueKind {
    /// Where the head region runs into the frame; unclean if on opposite sides.
    Contact { clean: bool },
    /// Where the outline runs out of the frame.
    Cut,
    /// The way from the skin to the hair (front view).
    Hair,
}

impl Cue {
    /// Whether the cue counts at all: below [`ACTIVE_WEIGHT`] it neither confirms nor
    /// contradicts.
    fn is_active(&self) -> bool {
        self.weight >= ACTIVE_WEIGHT
    }

    /// Whether the cue may confirm another: an unclean contact only points.
    fn confirms(&self) -> bool {
        self.kind != CueKind::Contact { clean: false }
    }
}

/// Below this weight a cue neither confirms nor contradicts.
const ACTIVE_WEIGHT: f64 = 0.2;
/// Cues at most this far apart (degrees) confirm each other.
const AGREE_DEG: f64 = 45.0;
/// Cues further apart than this (degrees) contradict each other.
const CONFLICT_DEG: f64 = 90.0;
/// Share of its weight a lone cue keeps, other than a clean contact: below the default 0.5.
const LONE_SHARE: f64 = 0.45;
/// Strength of contradicting cues.
const CONFLICT_STRENGTH: f64 = 0.2;

/// Share of a frame side the head region must run into before that side counts fully.
const FULL_CONTACT_SHARE: f64 = 0.25;
/// Contact on opposite sides above this share of a side (summed over both pairs) is unclean.
const MAX_OPPOSITE_CONTACT: f64 = 0.05;
/// Share of the outline's perimeter out of frame that counts fully.
const FULL_CUT_SHARE: f64 = 0.1;
/// Points sampled along the outline for the cut.
const OUTLINE_SAMPLES: usize = 72;
/// The hair cue looks inside the outline shrunk by this much: its rim holds background.
const HAIR_INNER: f64 = 0.9;
/// Offset of hair from skin, as a share of the outline's radius, that counts fully.
const FULL_HAIR_OFFSET: f64 = 0.4;
/// Least share of the outline that must be hair for the hair cue.
const MIN_HAIR_SHARE: f64 = 0.05;
/// Least share of the outline that must be skin for the hair cue.
const MIN_SKIN_SHARE: f64 = 0.1;

/// Where the top of the head points in a front, back or profile view, and how far to trust
/// it (see the module docs).
pub(crate) fn top_of_head(
    small: &Small,
    head: &[bool],
    outline: &ImageEllipse,
    view: View,
) -> Direction {
    let contact = frame_contact(small.width, small.height, head);
    let cut = frame_cut(small.width, small.height, outline);
    let hair = if view == View::Front { hair_above_skin(small, head, outline) } else { None };
    let pointing: Vec<Cue> = [contact, cut].into_iter().filter(Cue::is_active).collect();
    let cues: Vec<Cue> = pointing.iter().copied().chain(hair.filter(Cue::is_active)).collect();
    let Some(strongest) = cues.iter().map(|c| c.weight).reduce(f64::max) else {
        return Direction { dir: UP, strength: 0.0 };
    };
    // Hair is coarse (a fringe or a parting moves it): it steers only when alone.
    let voters = if pointing.is_empty() { &cues } else { &pointing };
    let sum = voters
        .iter()
        .fold([0.0; 2], |a, c| [a[0] + c.weight * c.dir[0], a[1] + c.weight * c.dir[1]]);
    let dir = unit(sum).unwrap_or(voters[0].dir);
    let strength = trust(&cues, strongest);
    // From behind, the region running out of the frame may as well be the crown cut by the
    // frame's edge (a real photo's was) as the neck, and no cue here tells them apart.
    let strength = if view == View::Back { strength.min(LONE_SHARE * strongest) } else { strength };
    Direction { dir, strength }
}

/// How far the fit may trust active `cues` whose strongest weight is `strongest` (see the
/// module docs).
fn trust(cues: &[Cue], strongest: f64) -> f64 {
    let pairs =
        || cues.iter().enumerate().flat_map(|(i, a)| cues[i + 1..].iter().map(move |b| (a, b)));
    if pairs().any(|(a, b)| angle_deg(a.dir, b.dir) > CONFLICT_DEG) {
        return CONFLICT_STRENGTH.min(strongest);
    }
    let confirmed = pairs()
        .filter(|(a, b)| a.confirms() && b.confirms() && angle_deg(a.dir, b.dir) <= AGREE_DEG)
        .map(|(a, b)| a.weight.max(b.weight))
        .reduce(f64::max);
    match (confirmed, cues) {
        (Some(weight), _) => weight,
        (None, [only]) if only.kind == (CueKind::Contact { clean: true }) => only.weight,
        _ => LONE_SHARE * strongest,
    }
}

/// The contact cue (see the module docs).
fn frame_contact(w: usize, h: usize, head: &[bool]) -> Cue {
    let share = |count: usize, len: usize| count as f64 / len.max(1) as f64;
    let column = |x: usize| (0..h).filter(|&y| head[y * w + x]).count();
    let row = |y: usize| (0..w).filter(|&x| head[y * w + x]).count();
    let [left, right, top, bottom] =
        [share(column(0), h), share(column(w - 1), h), share(row(0), w), share(row(h - 1), w)];
    let clean = left.min(right) + top.min(bottom) <= MAX_OPPOSITE_CONTACT;
    let kind = CueKind::Contact { clean };
    let total = left + right + top + bottom;
    let toward_body = [right - left, bottom - top];
    let Some(body) = unit(toward_body) else {
        return Cue { dir: UP, weight: 0.0, kind };
    };
    let length = toward_body[0].hypot(toward_body[1]);
    let enough = (length / FULL_CONTACT_SHARE).min(1.0);
    // Unclean contact still points, at half weight.
    let weight = length / total * enough * if clean { 1.0 } else { 0.5 };
    Cue { dir: [-body[0], -body[1]], weight, kind }
}

/// The cut cue (see the module docs): the outline's points out of the `w × h` frame, summed
/// as unit vectors from its centre, so that cuts on opposite sides cancel.
fn frame_cut(w: usize, h: usize, outline: &ImageEllipse) -> Cue {
    let (w, h) = (w as f64, h as f64);
    let [cx, cy] = outline.center_px;
    let mut out = [0.0f64; 2];
    for k in 0..OUTLINE_SAMPLES {
        let p = outline.point_at(k as f64 * std::f64::consts::TAU / OUTLINE_SAMPLES as f64);
        let outside = !(0.0..=w).contains(&p[0]) || !(0.0..=h).contains(&p[1]);
        if let Some(u) = unit([p[0] - cx, p[1] - cy]).filter(|_| outside) {
            out = [out[0] + u[0], out[1] + u[1]];
        }
    }
    let share = out[0].hypot(out[1]) / OUTLINE_SAMPLES as f64;
    match unit([-out[0], -out[1]]) {
        Some(dir) => Cue { dir, weight: (share / FULL_CUT_SHARE).min(1.0), kind: CueKind::Cut },
        None => Cue { dir: UP, weight: 0.0, kind: CueKind::Cut },
    }
}

/// The hair cue (see the module docs), or `None` when the head shows too little hair or skin.
fn hair_above_skin(small: &Small, head: &[bool], outline: &ImageEllipse) -> Option<Cue> {
    let inner = outline.scaled(HAIR_INNER);
    let tone = SkinTone::learn_inside(small, head, &inner)?;
    let inside: Vec<(usize, [f64; 2])> = (0..small.rgb.len())
        .map(|i| (i, centre_px(i, small.width)))
        .filter(|(_, p)| inner.distance2(*p) <= 1.0)
        .collect();
    let (mut hair, mut skin) = ([0.0f64; 3], [0.0f64; 3]);
    for &(i, p) in &inside {
        let sum = if tone.is_hair(small.rgb[i]) { &mut hair } else { &mut skin };
        *sum = [sum[0] + p[0], sum[1] + p[1], sum[2] + 1.0];
    }
    let n = inside.len() as f64;
    if hair[2] < MIN_HAIR_SHARE * n || skin[2] < MIN_SKIN_SHARE * n {
        return None;
    }
    let offset = [hair[0] / hair[2] - skin[0] / skin[2], hair[1] / hair[2] - skin[1] / skin[2]];
    let radius = (outline.semi_axes_px[0] * outline.semi_axes_px[1]).sqrt();
    let weight = (offset[0].hypot(offset[1]) / radius / FULL_HAIR_OFFSET).min(1.0);
    Some(Cue { dir: unit(offset)?, weight, kind: CueKind::Hair })
}

/// `v` scaled to length 1, `None` for a zero vector.
fn unit(v: [f64; 2]) -> Option<[f64; 2]> {
    let length = v[0].hypot(v[1]);
    (length > 1e-9).then(|| [v[0] / length, v[1] / length])
}

/// Angle between two unit vectors, degrees.
fn angle_deg(a: [f64; 2], b: [f64; 2]) -> f64 {
    (a[0] * b[0] + a[1] * b[1]).clamp(-1.0, 1.0).acos().to_degrees()
}

/// Share of the outline the top-view cue looks inside: its rim holds shoulders and pillows.
const INNER: f64 = 0.85;
/// Offset of the skin from the head's centre, as a share of its radius, that the fit just
/// trusts (strength 0.5). Measured on real top views: 0.32 on a Norwood V–VI head with hair
/// at the back; 0.16 for the scattered highlights of a full head of brown hair and 0.08 for a
/// bald head inside a thin fringe, neither of which shows the forehead.
const TRUSTED_SKIN_OFFSET: f64 = 0.25;

/// Where the forehead points in a top view (see the module docs).
pub(crate) fn forehead(small: &Small, head: &[bool], outline: &ImageEllipse) -> Direction {
    let w = small.width;
    let (mut skin, mut all) = ([0.0f64; 3], [0.0f64; 3]);
    for (i, &in_head) in head.iter().enumerate() {
        let p = centre_px(i, w);
        if !in_head || outline.distance2(p) > INNER * INNER {
            continue;
        }
        all = [all[0] + p[0], all[1] + p[1], all[2] + 1.0];
        let c = small.rgb[i];
        if skin_logit(c) > 0.0 && luma(c) > 0.3 {
            skin = [skin[0] + p[0], skin[1] + p[1], skin[2] + 1.0];
        }
    }
    if skin[2] < 10.0 || all[2] < 10.0 || skin[2] > 0.97 * all[2] {
        return Direction { dir: UP, strength: 0.0 };
    }
    let offset = [skin[0] / skin[2] - all[0] / all[2], skin[1] / skin[2] - all[1] / all[2]];
    let Some(dir) = unit(offset) else {
        return Direction { dir: UP, strength: 0.0 };
    };
    let radius = (outline.semi_axes_px[0] * outline.semi_axes_px[1]).sqrt();
    let share = offset[0].hypot(offset[1]) / radius;
    Direction { dir, strength: (0.5 * share / TRUSTED_SKIN_OFFSET).min(1.0) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn disc(w: usize, h: usize, e: &ImageEllipse) -> Vec<bool> {
        (0..w * h).map(|i| e.distance2(centre_px(i, w)) <= 1.0).collect()
    }

    fn grey(w: usize, h: usize) -> Small {
        Small { width: w, height: h, rgb: vec![[0.5, 0.5, 0.5]; w * h], factor_px: 1 }
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
        let d = top_of_head(&grey(w, h), &head, &e, View::Left);
        assert!(d.dir[0] < -0.95 && d.strength > 0.5, "{d:?}");
    }

    #[test]
    fn contact_on_opposite_sides_is_not_trusted_alone() {
        // A head running out of the frame at the bottom and, through a wall as pale as skin,
        // at the top: the neck cannot be told from the wall.
        let (w, h) = (100, 100);
        let e =
            ImageEllipse { center_px: [50.0, 50.0], semi_axes_px: [30.0, 30.0], angle_rad: 0.0 };
        let mut head = disc(w, h, &e);
        for y in 0..h {
            for x in 42..58 {
                head[y * w + x] = y > 50 || x < 50;
            }
        }
        let d = top_of_head(&grey(w, h), &head, &e, View::Left);
        assert!(d.strength < 0.5, "{d:?}");
    }

    #[test]
    fn a_face_cut_by_the_frame_confirms_the_neck() {
        // A front-view close-up: the outline runs out of the bottom of the frame, where the
        // region does too.
        let (w, h) = (100, 100);
        let e =
            ImageEllipse { center_px: [50.0, 60.0], semi_axes_px: [35.0, 45.0], angle_rad: 0.0 };
        let head = disc(w, h, &e);
        let d = top_of_head(&grey(w, h), &head, &e, View::Front);
        assert!(d.dir[1] < -0.95 && d.strength > 0.9, "{d:?}");
    }

    #[test]
    fn hair_that_contradicts_the_neck_puts_the_fit_in_doubt() {
        // A front view whose region runs out of the frame on the left (a dark doorway, say)
        // while the hair lies on the left too: the top cannot be both ways.
        let (w, h) = (100, 100);
        let e =
            ImageEllipse { center_px: [55.0, 50.0], semi_axes_px: [35.0, 35.0], angle_rad: 0.0 };
        let mut head = disc(w, h, &e);
        for y in 40..60 {
            for x in 0..30 {
                head[y * w + x] = true;
            }
        }
        let rgb = (0..w * h)
            .map(|i| if i % w < 45 { [0.2, 0.15, 0.12] } else { [0.85, 0.65, 0.55] })
            .collect();
        let small = Small { width: w, height: h, rgb, factor_px: 1 };
        let d = top_of_head(&small, &head, &e, View::Front);
        assert!(d.strength < 0.5, "{d:?}");
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
        // Half the head bald: inside the 0.85 the cue reads, the skin's centroid sits
        // 0.85 · 4/(3π) ≈ 0.36 of the radius forward, well past the 0.25 it needs.
        assert!(d.dir[1] < -0.95 && d.strength > 0.7, "{d:?}");
    }
}
