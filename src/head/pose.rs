//! The head model's pose in an image: which of the five views it starts from, how it is turned
//! from there, how large it is and where it sits.
//!
//! # Angles
//! Rotations are about the camera's fixed axes (x = image right, y = image up, z = toward the
//! camera), applied in this order to the head as the starting [`View`] shows it:
//! 1. **yaw** about the image's up axis: positive turns the side facing the camera toward the
//!    image's right (a front view turns into a three-quarter view of the client's right side);
//! 2. **pitch** about the image's right axis: positive tips the top of the head toward the
//!    camera (a front view of a bowed head, showing more of the top);
//! 3. **roll** about the line of sight: positive turns the top of the head toward the image's
//!    right, i.e. clockwise as seen in the image (a photo turned 90° clockwise has roll 90).
//!
//! Roll comes last, so a photo rotated in its pixels differs from the upright one by its roll
//! alone. The camera is scaled orthographic: a fair model while the head's depth (≈ 20 cm) is
//! small against the camera's distance; a phone held 30–50 cm away adds perspective it
//! ignores. Horizontal and vertical scales are separate because photos are often stretched (the
//! shared test photos were resized to squares) and a head box need not have the model's
//! proportions.

use super::vec3::Vec3;
use super::view::View;
use super::{HeadModel, ImageEllipse};

/// The head model's pose in an image: the starting view, the rotation from it, scale and place.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pose {
    /// The view the rotation starts from.
    pub view: View,
    /// Turn about the image's up axis, degrees (see the module docs for signs). Default 0.
    pub yaw_deg: f64,
    /// Tip about the image's right axis, degrees. Default 0.
    pub pitch_deg: f64,
    /// Turn about the line of sight, degrees, clockwise in the image. Default 0.
    pub roll_deg: f64,
    /// Image px per head mm, `[horizontal, vertical]` (in the image's own axes, after roll).
    pub scale_px_per_mm: [f64; 2],
    /// Image position of the head frame's origin (the ellipsoid's centre, at glabella level),
    /// px from the top-left.
    pub origin_px: [f64; 2],
}

impl Pose {
    /// A pose turned in the image plane only (no yaw or pitch): for an outline fitted to a
    /// photo, `roll_deg` says which way the top of the head points (0 = up, 90 = right,
    /// clockwise), `origin_px` where the head frame's origin lies and `scale_px_per_mm` its size.
    pub fn rolled(
        view: View,
        roll_deg: f64,
        origin_px: [f64; 2],
        scale_px_per_mm: [f64; 2],
    ) -> Self {
        Self { view, yaw_deg: 0.0, pitch_deg: 0.0, roll_deg, scale_px_per_mm, origin_px }
    }

    /// True when the pose is exactly its view (no yaw, pitch or roll).
    pub fn is_upright_view(&self) -> bool {
        self.yaw_deg == 0.0 && self.pitch_deg == 0.0 && self.roll_deg == 0.0
    }

    /// Image right, image up and toward-the-camera directions in the head frame.
    pub(crate) fn axes(&self) -> (Vec3, Vec3, Vec3) {
        let (r0, u0, t0) = self.view.axes();
        if self.is_upright_view() {
            // Exactly the view's axes, so an unrotated pose projects as it always did.
            return (r0, u0, t0);
        }
        let m = rotation(self.yaw_deg, self.pitch_deg, self.roll_deg);
        let axis = |row: [f64; 3]| r0 * row[0] + u0 * row[1] + t0 * row[2];
        (axis(m[0]), axis(m[1]), axis(m[2]))
    }

    /// Image position of a head-frame point `p` (mm), px.
    pub(crate) fn project(&self, p: Vec3) -> [f64; 2] {
        let (right, up, _) = self.axes();
        let [sx, sy] = self.scale_px_per_mm;
        [self.origin_px[0] + p.dot(right) * sx, self.origin_px[1] - p.dot(up) * sy]
    }

    /// The outline of the whole model ellipsoid in the image (it runs from the top of the head
    /// down to about the chin, one vault height below glabella level).
    pub fn outline(&self, model: &HeadModel) -> ImageEllipse {
        let (right, up, _) = self.axes();
        let s = model.semi_axes_mm();
        let [sx, sy] = self.scale_px_per_mm;
        // The image of the unit sphere under M·S is the ellipse of the 2×2 matrix M S² Mᵀ.
        let scaled = |d: Vec3| Vec3::new(d.x * s.x, d.y * s.y, d.z * s.z);
        let (a, b) = (scaled(right) * sx, scaled(up) * -sy);
        let (p, q, r) = (a.dot(a), a.dot(b), b.dot(b));
        let mean = (p + r) / 2.0;
        let d = (((p - r) / 2.0).powi(2) + q * q).sqrt();
        let (major, minor) = ((mean + d).sqrt(), (mean - d).max(0.0).sqrt());
        let angle = if q.abs() > 1e-12 * (p + r) {
            q.atan2(mean + d - r).to_degrees()
        } else if p >= r {
            0.0
        } else {
            90.0
        };
        let angle_deg = if angle <= -90.0 {
            angle + 180.0
        } else if angle > 90.0 {
            angle - 180.0
        } else {
            angle
        };
        ImageEllipse {
            center_px: self.origin_px,
            semi_axes_px: [major, minor],
            angle_rad: angle_deg.to_radians(),
        }
    }

    /// Half the model's projected extent along image right and up, mm (before scaling): the
    /// ellipsoid's support in those directions.
    pub(crate) fn half_extent_mm(&self, model: &HeadModel) -> [f64; 2] {
        let (right, up, _) = self.axes();
        let s = model.semi_axes_mm();
        let support =
            |d: Vec3| ((d.x * s.x).powi(2) + (d.y * s.y).powi(2) + (d.z * s.z).powi(2)).sqrt();
        [support(right), support(up)]
    }
}

/// The rotation `Rz(roll)·Rx(pitch)·Ry(yaw)` in camera axes (x right, y up, z toward the camera),
/// rows of a 3×3 matrix.
pub(crate) fn rotation(yaw_deg: f64, pitch_deg: f64, roll_deg: f64) -> [[f64; 3]; 3] {
    let (sy, cy) = yaw_deg.to_radians().sin_cos();
    let (sp, cp) = pitch_deg.to_radians().sin_cos();
    let (sr, cr) = roll_deg.to_radians().sin_cos();
    let ry = [[cy, 0.0, sy], [0.0, 1.0, 0.0], [-sy, 0.0, cy]];
    let rx = [[1.0, 0.0, 0.0], [0.0, cp, -sp], [0.0, sp, cp]];
    let rz = [[cr, sr, 0.0], [-sr, cr, 0.0], [0.0, 0.0, 1.0]];
    mul(rz, mul(rx, ry))
}

fn mul(a: [[f64; 3]; 3], b: [[f64; 3]; 3]) -> [[f64; 3]; 3] {
    let mut out = [[0.0; 3]; 3];
    for (i, row) in out.iter_mut().enumerate() {
        for (j, v) in row.iter_mut().enumerate() {
            *v = (0..3).map(|k| a[i][k] * b[k][j]).sum();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::head::HeadSize;

    fn pose(view: View, yaw: f64, pitch: f64, roll: f64) -> Pose {
        Pose {
            view,
            yaw_deg: yaw,
            pitch_deg: pitch,
            roll_deg: roll,
            scale_px_per_mm: [2.0, 2.0],
            origin_px: [500.0, 400.0],
        }
    }

    #[test]
    fn angles_turn_the_head_the_documented_way() {
        let top = Vec3::new(0.0, 0.0, 100.0);
        let nose = Vec3::new(0.0, -100.0, 0.0);
        // Roll 90: the top of the head points to the image's right.
        let p = pose(View::Front, 0.0, 0.0, 90.0).project(top);
        assert!((p[0] - 700.0).abs() < 1e-9 && (p[1] - 400.0).abs() < 1e-9, "{p:?}");
        // Yaw 30: the face turns toward the image's right.
        assert!(pose(View::Front, 30.0, 0.0, 0.0).project(nose)[0] > 500.0 + 99.0);
        // Pitch 30: the top tips toward the camera, so it projects lower than the upright top.
        let (_, _, toward) = pose(View::Front, 0.0, 30.0, 0.0).axes();
        assert!(top.dot(toward) > 49.0);
        // Axes stay orthonormal.
        let (r, u, t) = pose(View::Left, 23.0, -41.0, 117.0).axes();
        for (a, b, want) in
            [(r, r, 1.0), (u, u, 1.0), (t, t, 1.0), (r, u, 0.0), (u, t, 0.0), (r, t, 0.0)]
        {
            assert!((a.dot(b) - want).abs() < 1e-12);
        }
        // Right-handed like the view's own axes.
        assert!((r.cross(u).dot(t) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn the_outline_is_the_projected_ellipsoid() {
        let model = HeadModel::new(HeadSize::default()).unwrap();
        let e = pose(View::Front, 0.0, 0.0, 0.0).outline(&model);
        // Front: 155 mm wide and 2 × 125 mm tall at 2 px/mm, major axis vertical.
        assert!(
            (e.semi_axes_px[0] - 250.0).abs() < 1e-9 && (e.semi_axes_px[1] - 155.0).abs() < 1e-9
        );
        assert!((e.angle_rad.to_degrees() - 90.0).abs() < 1e-9, "{e:?}");
        let turned = pose(View::Front, 0.0, 0.0, 30.0).outline(&model);
        assert!((turned.angle_rad.to_degrees() - 120.0 + 180.0).abs() < 1e-6, "{turned:?}");
        let [hx, hy] = pose(View::Top, 0.0, 0.0, 0.0).half_extent_mm(&model);
        assert!((hx - 77.5).abs() < 1e-9 && (hy - 97.5).abs() < 1e-9);
    }
}
