//! Views of the head and the orthographic camera that puts the model into an image.

use std::fmt;
use std::str::FromStr;

use super::align::Alignment;
use super::pose::Pose;
use super::vec3::Vec3;
use super::{HeadModel, HeadPoint};
use crate::geom::MapPoint;

/// How far the chin lies below the glabella, as a multiple of the vault height (a typical adult
/// face: ≈ 125 mm below for a 125 mm vault). Used only to read a head box that runs to the chin.
const CHIN_BELOW_GLABELLA_PER_HEIGHT: f64 = 1.0;

/// Which side of the head the photo (or default head) shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum View {
    /// Facing the client: forehead and hairline.
    Front,
    /// From above, forehead toward the top of the image: crown and top.
    Top,
    /// The client's left profile (face toward the image's left).
    Left,
    /// The client's right profile (face toward the image's right).
    Right,
    /// From behind: crown and back.
    Back,
}

impl View {
    /// Every view, in the order the CLI lists them.
    pub const ALL: [View; 5] = [View::Front, View::Top, View::Left, View::Right, View::Back];

    /// The view's name as the CLI and scene files spell it.
    pub fn name(self) -> &'static str {
        match self {
            View::Front => "front",
            View::Top => "top",
            View::Left => "left",
            View::Right => "right",
            View::Back => "back",
        }
    }

    /// Image right, image up and toward-the-camera directions in the head frame.
    pub(crate) fn axes(self) -> (Vec3, Vec3, Vec3) {
        let (x, y, z) =
            (Vec3::new(1.0, 0.0, 0.0), Vec3::new(0.0, 1.0, 0.0), Vec3::new(0.0, 0.0, 1.0));
        match self {
            View::Front => (x, z, y * -1.0),
            View::Back => (x * -1.0, z, y),
            View::Left => (y, z, x),
            View::Right => (y * -1.0, z, x * -1.0),
            View::Top => (x * -1.0, y * -1.0, z),
        }
    }

    /// The model's extent in the image plane, mm: `(right_min, right_max, up_min, up_max)`; the
    /// head box of an alignment is this rectangle in pixels (top of head to chin in the front,
    /// back and profile views; the head's outline from above in the top view).
    pub(crate) fn extent_mm(self, model: &HeadModel) -> (f64, f64, f64, f64) {
        let s = model.semi_axes_mm();
        let chin = CHIN_BELOW_GLABELLA_PER_HEIGHT * s.z;
        match self {
            View::Front | View::Back => (-s.x, s.x, -chin, s.z),
            View::Left | View::Right => (-s.y, s.y, -chin, s.z),
            View::Top => (-s.x, s.x, -s.y, s.y),
        }
    }
}

impl fmt::Display for View {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A view name that is not one of the five.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("view `{text}` is not one of front, top, left, right, back")]
pub struct ViewError {
    /// The text given.
    pub text: String,
}

impl FromStr for View {
    type Err = ViewError;

    /// Parses `front`, `top`, `left`, `right` or `back`.
    fn from_str(text: &str) -> Result<Self, ViewError> {
        View::ALL
            .into_iter()
            .find(|v| v.name() == text)
            .ok_or_else(|| ViewError { text: text.to_owned() })
    }
}

/// A dot's footprint in the image: the projection of its round disc on the head.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DotFootprint {
    /// Centre, image px.
    pub center_px: [f32; 2],
    /// Semi-axis along `major_dir`, px.
    pub radius_major_px: f32,
    /// Semi-axis across `major_dir`, px (short near the silhouette).
    pub radius_minor_px: f32,
    /// Unit vector of the major axis in the image.
    pub major_dir: [f32; 2],
}

/// An orthographic camera aligned with an image: head frame (mm) → image (px).
#[derive(Clone, Copy, Debug)]
pub struct Camera {
    view: View,
    /// True when the pose is its view unturned.
    upright: bool,
    right: Vec3,
    up: Vec3,
    toward: Vec3,
    /// Image position of the head frame's origin, px.
    origin_px: [f64; 2],
    /// Image px per head mm, horizontally and vertically (a head box need not have the
    /// model's proportions).
    scale_px_per_mm: [f64; 2],
}

impl Camera {
    /// The camera that maps `model` onto an image as `alignment` says (its [`Pose`]).
    pub fn new(_model: &HeadModel, alignment: &Alignment) -> Self {
        Self::from_pose(&alignment.pose)
    }

    /// The camera of `pose`.
    pub fn from_pose(pose: &Pose) -> Self {
        let (right, up, toward) = pose.axes();
        Self {
            view: pose.view,
            upright: pose.is_upright_view(),
            right,
            up,
            toward,
            origin_px: pose.origin_px,
            scale_px_per_mm: pose.scale_px_per_mm,
        }
    }

    /// The view this camera starts from (its pose may be turned from it).
    pub fn view(&self) -> View {
        self.view
    }

    /// Image right, image up and toward-the-camera directions in the head frame.
    pub(crate) fn axes(&self) -> (Vec3, Vec3, Vec3) {
        (self.right, self.up, self.toward)
    }

    /// True when the pose is its view, not turned.
    pub(crate) fn is_upright(&self) -> bool {
        self.upright
    }

    /// Image px per head mm, `[horizontal, vertical]`.
    pub fn scale_px_per_mm(&self) -> [f32; 2] {
        self.scale_px_per_mm.map(|s| s as f32)
    }

    /// Image position of a head-frame point, px.
    pub fn project(&self, p: HeadPoint) -> [f32; 2] {
        let v = Vec3::new(f64::from(p.x_mm), f64::from(p.y_mm), f64::from(p.z_mm));
        self.project_vec(v).map(|c| c as f32)
    }

    /// Image position of a head-frame point, px, full precision.
    pub(crate) fn project_vec(&self, p: Vec3) -> [f64; 2] {
        [
            self.origin_px[0] + p.dot(self.right) * self.scale_px_per_mm[0],
            self.origin_px[1] - p.dot(self.up) * self.scale_px_per_mm[1],
        ]
    }

    /// Whether a surface point with outward `normal` faces the camera (the head is convex, so
    /// facing means visible).
    pub(crate) fn faces(&self, normal: Vec3) -> bool {
        normal.dot(self.toward) > 0.0
    }

    /// Where map point `p` lands, px, if it faces the camera.
    pub fn map_point(&self, model: &HeadModel, p: MapPoint) -> Option<[f32; 2]> {
        let (point, normal) = model.point_normal_f64(p);
        self.faces(normal).then(|| self.project_vec(point).map(|c| c as f32))
    }

    /// Where map point `p` lands, px, and the projection's Jacobian there,
    /// `jacobian[i][j]` = ∂(image axis i: x, y) / ∂(map axis j: x_mm, y_mm), px per mm; `None`
    /// on the far side. For marks that follow the map's directions (e.g. stubble).
    pub fn map_point_jacobian(
        &self,
        model: &HeadModel,
        p: MapPoint,
    ) -> Option<([f32; 2], [[f32; 2]; 2])> {
        const H_MM: f32 = 0.05;
        let (point, normal) = model.point_normal_f64(p);
        if !self.faces(normal) {
            return None;
        }
        let at = |dx: f32, dy: f32| {
            self.project_vec(model.point_normal_f64(MapPoint::new(p.x_mm + dx, p.y_mm + dy)).0)
        };
        let (xp, xm, yp, ym) = (at(H_MM, 0.0), at(-H_MM, 0.0), at(0.0, H_MM), at(0.0, -H_MM));
        let d = f64::from(2.0 * H_MM);
        let jacobian = [
            [((xp[0] - xm[0]) / d) as f32, ((yp[0] - ym[0]) / d) as f32],
            [((xp[1] - xm[1]) / d) as f32, ((yp[1] - ym[1]) / d) as f32],
        ];
        Some((self.project_vec(point).map(|c| c as f32), jacobian))
    }

    /// The footprint of a round dot of `radius_mm` at map point `p`, or `None` on the far side.
    pub fn dot(&self, model: &HeadModel, p: MapPoint, radius_mm: f32) -> Option<DotFootprint> {
        let (point, normal) = model.point_normal_f64(p);
        if !self.faces(normal) {
            return None;
        }
        // A disc looks the same whichever way its tangent basis turns, so any orthonormal pair
        // will do; this saves the two extra surface lookups of the map-aligned frame.
        let t1 = if normal.z.abs() < 0.9 {
            Vec3::new(0.0, 0.0, 1.0).cross(normal).normalized()
        } else {
            Vec3::new(1.0, 0.0, 0.0).cross(normal).normalized()
        };
        let t2 = normal.cross(t1);
        let [sx, sy] = self.scale_px_per_mm;
        // Image-space images of the two tangent unit vectors: the columns of the disc's Jacobian.
        let m = [
            [sx * t1.dot(self.right), sx * t2.dot(self.right)],
            [-sy * t1.dot(self.up), -sy * t2.dot(self.up)],
        ];
        let (major, minor, dir) = crate::geom::ellipse_axes(m);
        let center = self.project_vec(point);
        let r = f64::from(radius_mm);
        Some(DotFootprint {
            center_px: center.map(|c| c as f32),
            radius_major_px: (r * major) as f32,
            radius_minor_px: (r * minor) as f32,
            major_dir: dir.map(|c| c as f32),
        })
    }
}
