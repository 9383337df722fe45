//! How sure the fit is, and why not when it is not: each check gives a score in 0–1 and the
//! weakest one decides.

use std::fmt;

use super::downscale::centre_px;
use super::orientation::Direction;
use crate::head::ImageEllipse;

/// Why an automatic fit may be wrong.
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub enum FitDoubt {
    /// Nothing head-like was found, or it is tiny.
    NoHead,
    /// The head region does not fill its outline: head and background colours overlap.
    UnclearOutline,
    /// Much of the outline lies outside the photo.
    HeadCutByFrame,
    /// The cues for the head's orientation are weak or disagree.
    UnclearOrientation,
}

impl fmt::Display for FitDoubt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FitDoubt::NoHead => f.write_str("no head found"),
            FitDoubt::UnclearOutline => f.write_str("the head's outline is unclear"),
            FitDoubt::HeadCutByFrame => f.write_str("the head is cut off by the photo's edge"),
            FitDoubt::UnclearOrientation => f.write_str("which way the head points is unclear"),
        }
    }
}

/// Smallest share of the frame a head's outline covers before it counts as found.
const MIN_AREA_SHARE: f64 = 0.03;

/// The fit's confidence in 0–1 and, below `min_confidence`, the weakest check.
pub(crate) fn judge(
    size: [usize; 2],
    head: &[bool],
    outline: &ImageEllipse,
    orientation: Direction,
    min_confidence: f32,
) -> (f32, Option<FitDoubt>) {
    let [w, h] = size;
    let area_share = outline.area_px2() / (w * h) as f64;
    let found = (area_share / MIN_AREA_SHARE).min(1.0);
    let (mut inside, mut filled) = (0usize, 0usize);
    for (i, &in_head) in head.iter().enumerate() {
        if outline.distance2(centre_px(i, w)) <= 1.0 {
            inside += 1;
            filled += usize::from(in_head);
        }
    }
    let fill = filled as f64 / inside.max(1) as f64;
    // A clean head fills ≥ 90 % of its outline; 60 % is a guess.
    let outline_score = ((fill - 0.6) / 0.3).clamp(0.0, 1.0);
    let cut = share_outside_frame(outline, w as f64, h as f64);
    let cut_score = (1.0 - (cut - 0.2) / 0.4).clamp(0.0, 1.0);
    let orientation_score = orientation.strength.clamp(0.0, 1.0);
    let checks = [
        (found, FitDoubt::NoHead),
        (outline_score, FitDoubt::UnclearOutline),
        (cut_score, FitDoubt::HeadCutByFrame),
        (orientation_score, FitDoubt::UnclearOrientation),
    ];
    let (score, doubt) =
        checks.into_iter().fold((1.0f64, FitDoubt::NoHead), |a, b| if b.0 < a.0 { b } else { a });
    let confidence = score as f32;
    (confidence, (confidence < min_confidence).then_some(doubt))
}

/// Share of the outline's perimeter (sampled at 72 points) outside a `w × h` frame.
fn share_outside_frame(e: &ImageEllipse, w: f64, h: f64) -> f64 {
    let outside = (0..72)
        .filter(|k| {
            let [x, y] = e.point_at(f64::from(*k) * std::f64::consts::TAU / 72.0);
            !(0.0..=w).contains(&x) || !(0.0..=h).contains(&y)
        })
        .count();
    outside as f64 / 72.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_clean_centred_head_with_a_clear_neck_is_sure() {
        let e =
            ImageEllipse { center_px: [50.0, 50.0], semi_axes_px: [30.0, 35.0], angle_rad: 0.0 };
        let head: Vec<bool> = (0..10_000)
            .map(|i| e.distance2([(i % 100) as f64 + 0.5, (i / 100) as f64 + 0.5]) <= 1.0)
            .collect();
        let up = Direction { dir: [0.0, -1.0], strength: 1.0 };
        assert_eq!(judge([100, 100], &head, &e, up, 0.5), (1.0, None));
        let weak = Direction { strength: 0.3, ..up };
        assert_eq!(judge([100, 100], &head, &e, weak, 0.5).1, Some(FitDoubt::UnclearOrientation));
        let off = ImageEllipse { center_px: [0.0, 50.0], ..e };
        let cut: Vec<bool> = (0..10_000)
            .map(|i| off.distance2([(i % 100) as f64 + 0.5, (i / 100) as f64 + 0.5]) <= 1.0)
            .collect();
        assert_eq!(judge([100, 100], &cut, &off, up, 0.5).1, Some(FitDoubt::HeadCutByFrame));
    }
}
