//! The head model: the flat scalp map wrapped onto a 3-D head, views of it, photo decoding, the
//! alignment of the model with a photo, the automatic fit that finds the head in a photo
//! ([`fit_head`]), the scalp mask that keeps dots on the scalp ([`ScalpMask`]) and the photo's
//! camera measured inside it ([`measure_photo_look`]).
//!
//! # Frames
//! - scalp map ([`MapPoint`]): mm along the scalp, origin at the glabella, +y back over the
//!   vertex, +x toward the client's left;
//! - head ([`HeadPoint`]): mm, origin at the centre of the head ellipsoid, which sits at the level
//!   of the glabella; +x toward the client's left, +y toward the back, +z up;
//! - image: px, origin at the top-left of the (orientation-corrected) photo, +y down; a
//!   [`Pose`] (a view turned by yaw, pitch and roll, scaled and placed) maps head → image.
//!
//! # Model
//! An ellipsoid `breadth/2 × length/2 × height` (semi-axes along x, y, z) with the glabella at
//! its front, `(0, -length/2, 0)`. The map is wrapped on by an azimuthal map about the top of the
//! head, tuned so that areas stay within 8 % (8.3 % measured, with table interpolation) and the
//! midline keeps its true length over the treated scalp (see `wrap.rs` for how).
//!
//! Measured on the default head (`tests/api/head.rs`): largest area error 8.3 % over the treated
//! scalp (y 60–280 mm, out to the temples and sides); the midline lands within 0.1 mm of its true
//! arc length from y = 70 to 240 mm, 0.7 mm short at y = 60, and drifts back by 0.7, 1.9, 4.0
//! and 7.0 mm at y = 250, 260, 270 and 280 mm, where the head's curvature uses up the area
//! tolerance. The head is convex, so a point is visible exactly when its normal faces the camera.

mod align;
mod align_error;
mod ellipse;
mod fit;
mod landmark;
mod mask;
mod photo;
mod photo_look;
mod pose;
mod scene;
mod size;
mod solve;
mod surface;
mod trace;
mod unproject;
mod vec3;
mod view;
mod wrap;

pub use align::{AlignError, AlignInput, Alignment, AlignmentSource, CONTRADICTION_SHARE};
pub use align_error::{HeadBox, MAX_ROLL_DEG, MAX_TURN_DEG, parse_point_px, parse_rotation_deg};
pub use ellipse::ImageEllipse;
pub use fit::{FitDoubt, FitOptions, HeadFit, fit_head, fit_to_alignment};
pub use landmark::{Landmark, LandmarkPoints, parse_landmark_point};
pub use mask::{MaskError, ScalpMask, SceneMaskError};
pub use photo::{DEFAULT_MAX_PIXELS, PhotoError, PhotoOptions, decode_photo};
pub use photo_look::{Certainty, LookDoubt, PhotoLook, PhotoLookMeasurement, measure_photo_look};
pub use pose::Pose;
pub use scene::{Scene, SceneMask, ScenePose};
pub use size::{HeadError, HeadSize};
pub use trace::{
    TRACED_POINTS, TraceError, TracedHairline, check_traced_count, project_hairline,
    symmetric_trace,
};
pub use unproject::Unprojector;
pub use view::{Camera, DotFootprint, View, ViewError};

pub(crate) use vec3::Vec3;

use crate::geom::MapPoint;
use surface::Ellipsoid;
use wrap::Wrap;

/// A point (or, for normals and tangents, a direction) in the head frame, mm.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct HeadPoint {
    /// Toward the client's left, mm.
    pub x_mm: f32,
    /// Toward the back of the head, mm.
    pub y_mm: f32,
    /// Up, mm.
    pub z_mm: f32,
}

impl From<Vec3> for HeadPoint {
    fn from(v: Vec3) -> Self {
        Self { x_mm: v.x as f32, y_mm: v.y as f32, z_mm: v.z as f32 }
    }
}

/// Where a scalp-map point lies on the head, with its orthonormal tangent frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SurfaceFrame {
    /// The surface point, head frame, mm.
    pub point: HeadPoint,
    /// Outward unit normal.
    pub normal: HeadPoint,
    /// Unit tangent along the map's +x direction (toward the client's left).
    pub along_x: HeadPoint,
    /// Unit tangent at right angles to `along_x` and the normal, roughly along the map's +y.
    pub along_y: HeadPoint,
}

/// The 3-D head the scalp map is wrapped onto.
#[derive(Clone, Debug)]
pub struct HeadModel {
    size: HeadSize,
    wrap: Wrap,
}

impl HeadModel {
    /// Builds the model for a head of `size` (validated; takes a few milliseconds).
    pub fn new(size: HeadSize) -> Result<Self, HeadError> {
        size.validate()?;
        let ellipsoid = Ellipsoid {
            a: f64::from(size.breadth_mm) / 2.0,
            b: f64::from(size.length_mm) / 2.0,
            c: f64::from(size.height_mm),
        };
        Ok(Self { size, wrap: Wrap::new(ellipsoid) })
    }

    /// The head's measurements.
    pub fn size(&self) -> HeadSize {
        self.size
    }

    /// Map y of the top of the head: the arc length from the glabella to it, mm.
    pub fn top_map_y_mm(&self) -> f32 {
        self.wrap.centre_y_mm() as f32
    }

    /// The glabella in the head frame (the scalp map's origin), mm.
    pub fn glabella(&self) -> HeadPoint {
        HeadPoint { x_mm: 0.0, y_mm: -self.size.length_mm / 2.0, z_mm: 0.0 }
    }

    /// Where map point `p` lies on the head, head frame, mm.
    pub fn point(&self, p: MapPoint) -> HeadPoint {
        self.wrap.surface_point(f64::from(p.x_mm), f64::from(p.y_mm)).into()
    }

    /// Outward unit normal of the head at map point `p`.
    pub fn normal(&self, p: MapPoint) -> HeadPoint {
        let e = self.wrap.ellipsoid();
        e.normal(self.wrap.surface_point(f64::from(p.x_mm), f64::from(p.y_mm))).into()
    }

    /// Point, normal and orthonormal tangents at map point `p`; a round dot of radius ρ mm is the
    /// disc `point + ρ(cos α·along_x + sin α·along_y)`.
    pub fn frame(&self, p: MapPoint) -> SurfaceFrame {
        let (point, normal, along_x, along_y) = self.frame_f64(p);
        SurfaceFrame {
            point: point.into(),
            normal: normal.into(),
            along_x: along_x.into(),
            along_y: along_y.into(),
        }
    }

    /// [`HeadModel::frame`] at full precision, for the projection.
    pub(crate) fn frame_f64(&self, p: MapPoint) -> (Vec3, Vec3, Vec3, Vec3) {
        self.wrap.frame(f64::from(p.x_mm), f64::from(p.y_mm))
    }

    /// Surface point and outward unit normal at map point `p`, full precision.
    pub(crate) fn point_normal_f64(&self, p: MapPoint) -> (Vec3, Vec3) {
        let point = self.wrap.surface_point(f64::from(p.x_mm), f64::from(p.y_mm));
        (point, self.wrap.ellipsoid().normal(point))
    }

    /// Semi-axes (x, y, z) of the ellipsoid, mm.
    pub(crate) fn semi_axes_mm(&self) -> Vec3 {
        let e = self.wrap.ellipsoid();
        Vec3::new(e.a, e.b, e.c)
    }
}
