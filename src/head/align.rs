//! Aligning the head model with a photo: the model's [`Pose`] from a few numbers anyone can
//! read off an image viewer.
//!
//! The user gives any of: the pixel box of the head's outline (`X,Y,W,H`: left, top, width,
//! height), named landmarks ([`Landmark`]) at their pixels, and a rotation from the view. The
//! box spans the model's projected outline: top of the head to the chin and the widest sides
//! (front and back), forehead to back of head (profiles; not the nose), or the outline seen
//! from above (top view). Landmarks are solved for the pose by least squares (see `solve.rs`);
//! a box with only a glabella point (or none) places the head directly. Without any of them
//! the model is centred and fills most of the frame, and the [`Alignment`] says it was
//! defaulted.

use super::HeadModel;
pub use super::align_error::AlignError;
use super::align_error::{HeadBox, check_box, check_glabella, check_rotation};
use super::landmark::{Landmark, LandmarkPoints};
use super::pose::Pose;
use super::solve::Problem;
use super::vec3::Vec3;
use super::view::View;

/// Share of the image's width or height the default fit fills.
const DEFAULT_FILL: f64 = 0.86;

/// Largest RMS miss of the solved pose over the landmarks, as a share of the head's length in
/// the photo (length in mm × px per mm, the px per mm taken no larger than the landmarks' own
/// spread shows, so a pose that blows the head up cannot raise its own limit): 8 %, ≈ 16 mm
/// on an adult head. Clicking a landmark
/// misses by a few mm and the model's face differs from a client's by up to about 10 mm;
/// beyond this the points name the wrong landmarks or the wrong view.
pub const CONTRADICTION_SHARE: f64 = 0.08;

/// A landmark whose skin faces more than 120° away from the view's camera (cosine below this)
/// cannot be in the photo, even with the head turned 30° from the view.
const HIDDEN_FACING: f64 = -0.5;

/// How an alignment was obtained, with what it was obtained from.
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
#[allow(
    clippy::large_enum_variant,
    reason = "one per image, and Copy like the alignment it is part of"
)]
pub enum AlignmentSource {
    /// Nothing was given: the model centred in the image, filling most of it.
    Default {
        /// The box the default fit fills, px.
        head_box: HeadBox,
    },
    /// A head box (and perhaps a glabella point) placed the model directly.
    HeadBox {
        /// The box given, px.
        head_box: HeadBox,
        /// The glabella given, px.
        glabella_px: Option<[f64; 2]>,
    },
    /// Landmarks (and perhaps a box) were solved for the pose by least squares.
    Landmarks {
        /// The landmarks given, px.
        points: LandmarkPoints,
        /// The box given, px.
        head_box: Option<HeadBox>,
        /// Whether the rotation was given (and kept) rather than solved.
        rotation_given: bool,
        /// RMS distance between the given points and the posed landmarks, px.
        rms_px: f64,
    },
    /// The pose was given whole (clinic software, a scene file, an automatic fit).
    Pose,
}

/// What a user measured on an image to align the head.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AlignInput {
    /// The view the image shows (the starting pose).
    pub view: View,
    /// The head's outline box, px. Default `None`.
    pub head_box: Option<HeadBox>,
    /// The glabella, px (with a box alone: the legacy placement). Default `None`.
    pub glabella_px: Option<[f64; 2]>,
    /// Landmarks, px. Default none.
    pub points: LandmarkPoints,
    /// Rotation from the view to keep, degrees `[yaw, pitch, roll]` (see [`Pose`]). Default
    /// `None`: solved from the landmarks when there are enough, else the view's.
    pub rotation_deg: Option<[f64; 3]>,
}

impl AlignInput {
    /// Nothing measured on the image: the default fit in `view`.
    pub fn new(view: View) -> Self {
        Self {
            view,
            head_box: None,
            glabella_px: None,
            points: LandmarkPoints::default(),
            rotation_deg: None,
        }
    }
}

/// How the head model sits in one image.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Alignment {
    /// The model's pose in the image.
    pub pose: Pose,
    /// How the pose was obtained.
    pub source: AlignmentSource,
}

impl Alignment {
    /// Checks a box and glabella against an image of `width_px`×`height_px`, or fits the model
    /// by default when `head_box` is `None` (see [`Alignment::from_input`] for landmarks).
    pub fn fit(
        view: View,
        head_box: Option<HeadBox>,
        glabella_px: Option<[f64; 2]>,
        model: &HeadModel,
        width_px: u32,
        height_px: u32,
    ) -> Result<Self, AlignError> {
        let input = AlignInput { head_box, glabella_px, ..AlignInput::new(view) };
        Self::from_input(&input, model, width_px, height_px)
    }

    /// Aligns `model` with an image of `width_px`×`height_px` from what was measured on it.
    ///
    /// # Errors
    /// A box without area or off the image; a point off the image, facing away from the view,
    /// or too few to place the head; points the solved pose misses by more than
    /// [`CONTRADICTION_SHARE`] of the head's length; a rotation out of range.
    pub fn from_input(
        input: &AlignInput,
        model: &HeadModel,
        width_px: u32,
        height_px: u32,
    ) -> Result<Self, AlignError> {
        let view = input.view;
        let rotation = input.rotation_deg.map(check_rotation).transpose()?;
        if let Some(b) = input.head_box {
            check_box(b, width_px, height_px)?;
        }
        let mut points = input.points;
        if let Some(g) = input.glabella_px {
            if points.is_empty() {
                let Some(b) = input.head_box else { return Err(AlignError::GlabellaWithoutBox) };
                check_glabella(view, b, g, width_px, height_px)?;
            } else {
                points.insert(Landmark::Glabella, g)?;
            }
        }
        if !points.is_empty() {
            return solve(input, points, rotation, model, width_px, height_px);
        }
        let angles = rotation.unwrap_or([0.0; 3]);
        Ok(match input.head_box {
            None => {
                let head_box = default_box(view, model, width_px, height_px);
                let pose = box_pose(view, head_box, None, angles, model);
                Self { pose, source: AlignmentSource::Default { head_box } }
            }
            Some(head_box) => Self {
                pose: box_pose(view, head_box, input.glabella_px, angles, model),
                source: AlignmentSource::HeadBox { head_box, glabella_px: input.glabella_px },
            },
        })
    }

    /// The model centred in the image, filling most of it, with the model's own proportions.
    pub fn default_fit(view: View, model: &HeadModel, width_px: u32, height_px: u32) -> Self {
        Self::defaulted_to(view, default_box(view, model, width_px, height_px), model)
    }

    /// The model upright in `view`, filling `head_box`, as a default (nothing was measured):
    /// the default fit on a photo, or the box matching the built-in head's render.
    pub(crate) fn defaulted_to(view: View, head_box: HeadBox, model: &HeadModel) -> Self {
        let pose = box_pose(view, head_box, None, [0.0; 3], model);
        Self { pose, source: AlignmentSource::Default { head_box } }
    }

    /// An alignment given whole, e.g. `Alignment::from_pose(Pose::rolled(view, roll, at, scale))`
    /// for an outline fitted to a photo.
    pub fn from_pose(pose: Pose) -> Self {
        Self { pose, source: AlignmentSource::Pose }
    }

    /// The view the pose starts from.
    pub fn view(&self) -> View {
        self.pose.view
    }

    /// True when nothing was given and the default fit was used.
    pub fn defaulted(&self) -> bool {
        matches!(self.source, AlignmentSource::Default { .. })
    }

    /// The head box given or fitted by default, px.
    pub fn head_box(&self) -> Option<HeadBox> {
        match self.source {
            AlignmentSource::Default { head_box } | AlignmentSource::HeadBox { head_box, .. } => {
                Some(head_box)
            }
            AlignmentSource::Landmarks { head_box, .. } => head_box,
            AlignmentSource::Pose => None,
        }
    }

    /// The glabella given, px.
    pub fn glabella_px(&self) -> Option<[f64; 2]> {
        match self.source {
            AlignmentSource::HeadBox { glabella_px, .. } => glabella_px,
            AlignmentSource::Landmarks { points, .. } => points.get(Landmark::Glabella),
            _ => None,
        }
    }

    /// RMS miss of a solved pose over its landmarks, px.
    pub fn residual_px(&self) -> Option<f64> {
        match self.source {
            AlignmentSource::Landmarks { rms_px, .. } => Some(rms_px),
            _ => None,
        }
    }

    /// The same head seen in a close-up: the image region whose top-left is `offset_px`,
    /// magnified `magnification` times. A box-placed pose is placed again from the carried box
    /// (exactly as the box would place it there); any other pose is carried as it is.
    pub fn zoomed(&self, model: &HeadModel, offset_px: [f64; 2], magnification: f64) -> Self {
        let k = magnification;
        let at = |p: [f64; 2]| [(p[0] - offset_px[0]) * k, (p[1] - offset_px[1]) * k];
        let boxed = |b: HeadBox| {
            let [x_px, y_px] = at([b.x_px, b.y_px]);
            HeadBox { x_px, y_px, width_px: b.width_px * k, height_px: b.height_px * k }
        };
        let p = self.pose;
        let angles = [p.yaw_deg, p.pitch_deg, p.roll_deg];
        let source = match self.source {
            AlignmentSource::Default { head_box } => {
                AlignmentSource::Default { head_box: boxed(head_box) }
            }
            AlignmentSource::HeadBox { head_box, glabella_px } => AlignmentSource::HeadBox {
                head_box: boxed(head_box),
                glabella_px: glabella_px.map(at),
            },
            AlignmentSource::Landmarks { points, head_box, rotation_given, rms_px } => {
                AlignmentSource::Landmarks {
                    points: points.map(at),
                    head_box: head_box.map(boxed),
                    rotation_given,
                    rms_px: rms_px * k,
                }
            }
            AlignmentSource::Pose => AlignmentSource::Pose,
        };
        let pose = match source {
            AlignmentSource::Default { head_box } => {
                box_pose(p.view, head_box, None, angles, model)
            }
            AlignmentSource::HeadBox { head_box, glabella_px } => {
                box_pose(p.view, head_box, glabella_px, angles, model)
            }
            _ => Pose {
                origin_px: at(p.origin_px),
                scale_px_per_mm: p.scale_px_per_mm.map(|s| s * k),
                ..p
            },
        };
        Self { pose, source }
    }
}

/// The box of the model centred in a `width_px`×`height_px` image, filling most of it.
fn default_box(view: View, model: &HeadModel, width_px: u32, height_px: u32) -> HeadBox {
    let (u0, u1, v0, v1) = view.extent_mm(model);
    let (w, h) = (f64::from(width_px), f64::from(height_px));
    let scale = (DEFAULT_FILL * w / (u1 - u0)).min(DEFAULT_FILL * h / (v1 - v0));
    let (bw, bh) = ((u1 - u0) * scale, (v1 - v0) * scale);
    HeadBox { x_px: (w - bw) / 2.0, y_px: (h - bh) / 2.0, width_px: bw, height_px: bh }
}

/// The pose a box (and a glabella) give for the view turned by `angles`: the box is the
/// projected model's bounding box; a glabella fixes the vertical origin instead of the box's
/// bottom (the box top then fixes the vertical scale).
fn box_pose(
    view: View,
    b: HeadBox,
    glabella_px: Option<[f64; 2]>,
    [yaw_deg, pitch_deg, roll_deg]: [f64; 3],
    model: &HeadModel,
) -> Pose {
    let unit = Pose {
        view,
        yaw_deg,
        pitch_deg,
        roll_deg,
        scale_px_per_mm: [1.0, 1.0],
        origin_px: [0.0, 0.0],
    };
    // Unrotated, the view's extent (the same rectangle) keeps today's arithmetic exactly.
    let (u0, u1, v0, v1) = if unit.is_upright_view() {
        view.extent_mm(model)
    } else {
        let [hx, hy] = unit.half_extent_mm(model);
        (-hx, hx, -hy, hy)
    };
    let (right, up, _) = unit.axes();
    let sx = b.width_px / (u1 - u0);
    let (sy, origin_px) = match glabella_px {
        Some([gx, gy]) => {
            let g = Vec3::new(0.0, -model.semi_axes_mm().y, 0.0);
            let sy = (gy - b.y_px) / (v1 - g.dot(up));
            (sy, [gx - g.dot(right) * sx, gy + g.dot(up) * sy])
        }
        None => {
            let sy = b.height_px / (v1 - v0);
            (sy, [b.x_px - u0 * sx, b.y_px + v1 * sy])
        }
    };
    Pose { scale_px_per_mm: [sx, sy], origin_px, ..unit }
}

/// The least px per mm a head showing `targets` (head point mm, image point px) can have: a
/// projection only shortens, so no two landmarks lie farther apart in the photo than their
/// distance on the head times the scale. `None` for fewer than two points.
fn least_scale_px_per_mm(targets: &[(Vec3, [f64; 2])]) -> Option<f64> {
    let mut bound: Option<f64> = None;
    for (i, (a, pa)) in targets.iter().enumerate() {
        for (b, pb) in &targets[i + 1..] {
            let head_mm = (*b - *a).length();
            if head_mm > 0.0 {
                let ratio = (pb[0] - pa[0]).hypot(pb[1] - pa[1]) / head_mm;
                bound = Some(bound.map_or(ratio, |l| l.max(ratio)));
            }
        }
    }
    bound
}

/// The pose solved from `points` (and the input's box and rotation), checked.
fn solve(
    input: &AlignInput,
    points: LandmarkPoints,
    rotation: Option<[f64; 3]>,
    model: &HeadModel,
    width_px: u32,
    height_px: u32,
) -> Result<Alignment, AlignError> {
    let view = input.view;
    let [yaw_deg, pitch_deg, roll_deg] = rotation.unwrap_or([0.0; 3]);
    let start =
        Pose { yaw_deg, pitch_deg, roll_deg, ..Pose::rolled(view, 0.0, [0.0; 2], [1.0; 2]) };
    let (_, _, toward) = start.axes();
    let (w, h) = (f64::from(width_px), f64::from(height_px));
    for (landmark, [x_px, y_px]) in points.iter() {
        if !((0.0..w).contains(&x_px) && (0.0..h).contains(&y_px)) {
            return Err(AlignError::PointOutsidePhoto {
                landmark,
                x_px,
                y_px,
                width_px,
                height_px,
            });
        }
        if landmark.facing(model).dot(toward) < HIDDEN_FACING {
            return Err(AlignError::LandmarkNotVisible { landmark, view });
        }
    }
    let problem = Problem {
        view,
        model,
        targets: points.iter().collect(),
        head_box: input.head_box,
        rotation_deg: rotation,
    };
    let solved = problem.solve().ok_or(AlignError::TooFewPoints { given: points.len() })?;
    let [sx, sy] = solved.pose.scale_px_per_mm;
    // A pose that blows the head up would raise its own limit: the points' spread bounds the
    // scale the limit is measured in.
    let solved_scale = (sx * sy).sqrt();
    let on_head: Vec<(Vec3, [f64; 2])> =
        points.iter().map(|(l, px)| (l.seen_point(model, &solved.pose), px)).collect();
    let scale =
        least_scale_px_per_mm(&on_head).map_or(solved_scale, |least| least.min(solved_scale));
    let limit_px = CONTRADICTION_SHARE * f64::from(model.size().length_mm) * scale;
    if solved.rms_px.is_nan() || solved.rms_px > limit_px {
        return Err(AlignError::Contradictory {
            rms_px: solved.rms_px,
            limit_px,
            limit_percent: CONTRADICTION_SHARE * 100.0,
        });
    }
    Ok(Alignment {
        pose: solved.pose,
        source: AlignmentSource::Landmarks {
            points,
            head_box: input.head_box,
            rotation_given: rotation.is_some(),
            rms_px: solved.rms_px,
        },
    })
}
