//! The automatic fit: where the head is in a photo, which way it points, and how sure that is.
//!
//! # Frame
//! Everything a [`HeadFit`] holds is in the pixels of the (orientation-corrected) photo: origin
//! top-left, +x right, +y down.
//!
//! # Method
//! On a box-downscaled copy (about 224 px on the longer side), a few rounds separate the head
//! (skin and hair) from the background and clothes: colour models learnt from the photo (its
//! border seeds the background), skin chromaticity and hair darkness as first priors, and an
//! ellipse as the head-shape prior; an ellipse is fitted to the region by its moments and
//! trimmed so a neck does not drag it; from above, where bare shoulders join the region, the
//! outline is fitted to the region's own edge instead (its silhouette), and the scalp mask
//! stays inside that edge. The orientation comes from cues that must agree: where
//! the neck and clothes leave the frame, where the frame cuts the outline, and in the front
//! view where the hair lies against the face (front, back, profiles); or from the skin's
//! lopsidedness (top view: the forehead balds first). A lone or contradicted cue leaves the
//! fit in doubt rather than confidently wrong. Colour alone is not enough on real photos: the
//! measured baseline with colour models and a graph cut ran up to 37 % outside the head,
//! which is why the shape prior and a conservative scalp margin carry the weight here.

mod brows;
mod colour;
mod confidence;
mod downscale;
mod orientation;
mod outline;
mod segment;
mod silhouette;

use std::sync::Arc;

use image::RgbImage;

pub use confidence::FitDoubt;
pub(crate) use silhouette::CellTest;
use silhouette::Silhouette;

use super::{Alignment, HeadModel, ImageEllipse, Pose, View};

/// Options of [`fit_head`].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FitOptions {
    /// Longer side of the working copy, px. Default `224`: enough for a head's outline, and the
    /// fit stays within a few milliseconds after the downscale.
    pub working_long_side_px: u32,
    /// Below this confidence the fit reports a [`FitDoubt`]. Default `0.5`.
    pub min_confidence: f32,
}

impl Default for FitOptions {
    fn default() -> Self {
        Self { working_long_side_px: 224, min_confidence: 0.5 }
    }
}

/// Where the head is in a photo and which way it points, photo px.
#[derive(Clone, Debug, PartialEq)]
pub struct HeadFit {
    /// The head's outline (skin and hair, as far as it shows), photo px.
    pub outline: ImageEllipse,
    /// Unit vector, image px, toward the top of the head (front, back and profile views) or
    /// toward the forehead (top view).
    pub top_dir: [f64; 2],
    /// The glabella found from the eyebrows, photo px: front view only, and only when the fit
    /// is sure of the head's orientation. It places the head's height where the outline is
    /// only the upper half of the head (a close-up of a hairline).
    pub glabella_px: Option<[f64; 2]>,
    /// How sure the fit is, 0–1.
    pub confidence: f32,
    /// Why the confidence is below [`FitOptions::min_confidence`], if it is.
    pub doubt: Option<FitDoubt>,
    /// The head region on the working copy, for the scalp mask.
    pub(crate) region: Arc<HeadRegion>,
}

/// The head region found on the working copy.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct HeadRegion {
    /// Width, working px.
    pub width: usize,
    /// Height, working px.
    pub height: usize,
    /// Photo px per working px.
    pub factor_px: usize,
    /// Row-major: true where the head is.
    pub head: Vec<bool>,
    /// The region's own edge, photo px, where it shows: the scalp mask stays inside it, off a
    /// neck or shoulders the region ran into.
    pub silhouette: Option<Silhouette>,
}

impl HeadFit {
    /// The head's roll: degrees clockwise on the image from upright (`top_dir` pointing up),
    /// in −180–180.
    pub fn roll_deg(&self) -> f64 {
        self.top_dir[0].atan2(-self.top_dir[1]).to_degrees()
    }

    /// The fit with the head's roll given by the user (`roll_deg`, clockwise from upright) in
    /// place of the one it found: the outline and region stay, and the scalp mask built from it
    /// ([`ScalpMask::from_fit`](crate::head::ScalpMask::from_fit)) cuts its line across the
    /// head on the side the user's roll puts the face.
    pub fn with_roll_deg(&self, roll_deg: f64) -> Self {
        let (sin, cos) = roll_deg.to_radians().sin_cos();
        Self { top_dir: [sin, -cos], ..self.clone() }
    }
}

/// Finds the head in `photo` for a photo showing `view`.
///
/// Deterministic: the same photo and options give the same fit on any number of threads.
/// Never fails: a photo without a recognisable head gives a fit with low confidence and a
/// [`FitDoubt`].
pub fn fit_head(photo: &RgbImage, view: View, options: &FitOptions) -> HeadFit {
    let small = downscale::downscale(photo, options.working_long_side_px);
    let (w, h) = (small.width, small.height);
    let seg = segment::segment(&small);
    let region = |head, silhouette| {
        Arc::new(HeadRegion { width: w, height: h, factor_px: small.factor_px, head, silhouette })
    };
    let Some(moments) = seg.outline else {
        let (pw, ph) = (f64::from(photo.width()), f64::from(photo.height()));
        return HeadFit {
            outline: ImageEllipse {
                center_px: [pw / 2.0, ph / 2.0],
                semi_axes_px: [pw / 4.0, ph / 4.0],
                angle_rad: 0.0,
            },
            top_dir: [0.0, -1.0],
            glabella_px: None,
            confidence: 0.0,
            doubt: Some(FitDoubt::NoHead),
            region: region(vec![false; w * h], None),
        };
    };
    // From above, bare shoulders of the same skin touch the head and join its region; the
    // skull's own edge is the outline there. In the other views a line across the head keeps
    // the scalp mask off the neck and shoulders, and the region's edge strays from an ellipse
    // by the hair's volume and the jaw, so the moments stay the outline (a portrait's mask
    // clipped to its silhouette lost its hair's top edge, measured).
    let silhouette = match view {
        View::Top => silhouette::silhouette(w, h, &seg.head, &moments),
        _ => None,
    };
    let outline = silhouette.as_ref().map_or(moments, |s| s.ellipse);
    let direction = match view {
        View::Top => orientation::forehead(&small, &seg.head, &outline),
        _ => orientation::top_of_head(&small, &seg.head, &outline, view),
    };
    let (confidence, doubt) =
        confidence::judge([w, h], &seg.head, &outline, direction, options.min_confidence);
    // Brows are believed only where the fit is sure which way the head points.
    let glabella = match view {
        View::Front if doubt.is_none() => {
            brows::find_glabella(&small, &seg.head, &outline, direction.dir)
        }
        _ => None,
    };
    let k = small.factor_px as f64;
    let to_photo = |e: ImageEllipse| ImageEllipse {
        center_px: e.center_px.map(|v| small.to_photo_px(v)),
        semi_axes_px: e.semi_axes_px.map(|v| v * k),
        angle_rad: e.angle_rad,
    };
    HeadFit {
        outline: to_photo(outline),
        top_dir: direction.dir,
        glabella_px: glabella.map(|g| g.map(|v| small.to_photo_px(v))),
        confidence,
        doubt,
        region: region(seg.head, silhouette.map(|s| s.to_photo(k, |v| small.to_photo_px(v)))),
    }
}

/// The head model's alignment for `fit` in a photo of `view`: turned in the image by the fit's
/// roll (or by `turn_deg` = `[yaw, pitch, roll]` from the view, degrees, when the user gave the
/// rotation), centred on the fitted outline and scaled so the model's projected outline spans
/// the fitted one's extent along the image's x and y (separately, as a stretched photo needs).
///
/// For an upright head this is the fitted outline's bounding box used as a head box: the model
/// outline (the ellipsoid seen from the view) runs from the top of the head to the chin in the
/// front, back and side views and is the head's outline from above in the top view.
pub fn fit_to_alignment(
    fit: &HeadFit,
    view: View,
    model: &HeadModel,
    turn_deg: Option<[f64; 3]>,
) -> Alignment {
    let [yaw_deg, pitch_deg, roll_deg] = turn_deg.unwrap_or([0.0, 0.0, fit.roll_deg()]);
    let center = fit.outline.center_px;
    let unit = Pose { yaw_deg, pitch_deg, ..Pose::rolled(view, roll_deg, center, [1.0, 1.0]) };
    let half_extent = |e: &ImageEllipse| {
        let [x0, y0, x1, y1] = e.bounds_px();
        [(x1 - x0) / 2.0, (y1 - y0) / 2.0]
    };
    let (model_half, fit_half) = (half_extent(&unit.outline(model)), half_extent(&fit.outline));
    let scale_px_per_mm = [0, 1].map(|i| fit_half[i] / model_half[i].max(1e-9));
    let pose = Pose { scale_px_per_mm, ..unit };
    let from_brows = match (view, fit.glabella_px, turn_deg) {
        (View::Front, Some(g), None) => hung_from_glabella(fit, pose, g, model),
        _ => None,
    };
    Alignment::from_pose(from_brows.unwrap_or(pose))
}

/// Most a photo's axes may be stretched against each other (16:9 squeezed square).
const MAX_STRETCH: f64 = 1.8;
/// Most the head's top may lean from an image axis for [`hung_from_glabella`], degrees.
const MAX_LEAN_DEG: f64 = 20.0;

/// A front view's `pose` with the glabella at `glabella_px` and the model's top on the
/// outline's top: the outline of a close-up runs from the top of the head only to the brows
/// or the eyes, not to the chin, so its extent cannot give the head's height. The scale along
/// the image axis nearest the head's up is the top-to-glabella distance over the model's
/// (the ellipsoid's centre is at glabella level, so that is its vertical semi-axis).
///
/// `None` (keep the outline's pose) when the top leans more than [`MAX_LEAN_DEG`] from an
/// image axis, the glabella is not below the top, or the scales would be stretched more than
/// [`MAX_STRETCH`]: the brows found are then not to be believed.
fn hung_from_glabella(
    fit: &HeadFit,
    pose: Pose,
    glabella_px: [f64; 2],
    model: &HeadModel,
) -> Option<Pose> {
    let up = fit.top_dir;
    let axis = usize::from(up[1].abs() >= up[0].abs());
    if up[axis].abs() < MAX_LEAN_DEG.to_radians().cos() {
        return None;
    }
    let (c, r) = (fit.outline.center_px, fit.outline.radius_toward(up));
    let top = [c[0] + up[0] * r, c[1] + up[1] * r];
    let drop_px = (top[0] - glabella_px[0]) * up[0] + (top[1] - glabella_px[1]) * up[1];
    let unit = Pose { scale_px_per_mm: [1.0, 1.0], ..pose };
    let rise_mm = unit.half_extent_mm(model)[axis];
    if drop_px <= 0.0 || rise_mm <= 0.0 {
        return None;
    }
    let mut scale = pose.scale_px_per_mm;
    scale[axis] = drop_px / rise_mm;
    let stretch = scale[0] / scale[1];
    (1.0 / MAX_STRETCH..=MAX_STRETCH).contains(&stretch).then_some(Pose {
        scale_px_per_mm: scale,
        origin_px: glabella_px,
        ..pose
    })
}
