//! The perspective camera of the scan renders: a pose (yaw, pitch, distance, aim, framing) and
//! the projection of head-frame points to image pixels.

use super::math::V3;
use crate::View;

/// Where the camera stands and what it frames. Angles turn the camera around the aim point.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScanPose {
    /// Turn about the head's vertical axis, degrees: 0 in front of the face, 90 at the client's
    /// left (as [`View::Left`]), 180 behind, −90 at the right. Default 0.
    pub yaw_deg: f32,
    /// Elevation, degrees in [−89, 90]: 0 level with the aim point, 90 straight above it (the
    /// image's up then points where yaw 0 would look: yaw 180 puts the forehead at the top, as
    /// [`View::Top`]). Default 0.
    pub pitch_deg: f32,
    /// Distance from the aim point, mm, at least 300. Default 1200: a portrait distance (an
    /// 85 mm lens frames a head at about 1.2 m), so the face is not widened by close perspective.
    pub distance_mm: f32,
    /// The head-frame point the camera looks at, mm. Default `[0, 0, −20]`: level with the middle
    /// of the ears, about halfway from the chin to the vertex.
    pub aim_mm: [f32; 3],
    /// Height of the image at the aim point's distance, mm (> 0). Default 300: vertex to below the
    /// chin with room around the head.
    pub frame_height_mm: f32,
}

impl Default for ScanPose {
    fn default() -> Self {
        Self {
            yaw_deg: 0.0,
            pitch_deg: 0.0,
            distance_mm: 1200.0,
            aim_mm: [0.0, 0.0, -20.0],
            frame_height_mm: 300.0,
        }
    }
}

impl ScanPose {
    /// The elevations a pose may take, degrees: from just above straight below (where the
    /// image's up would be undefined) to straight above.
    pub const PITCH_RANGE_DEG: [f32; 2] = [-89.0, 90.0];

    /// The named view as a pose: front, left, right and back level with the head; top from
    /// straight above with the forehead at the top of the image, framed on the cranium.
    pub fn of_view(view: View) -> Self {
        let level = |yaw_deg| Self { yaw_deg, ..Self::default() };
        match view {
            View::Front => level(0.0),
            View::Left => level(90.0),
            View::Right => level(-90.0),
            View::Back => level(180.0),
            View::Top => Self {
                yaw_deg: 180.0,
                pitch_deg: 90.0,
                aim_mm: [0.0, 0.0, 0.0],
                frame_height_mm: 270.0,
                ..Self::default()
            },
        }
    }

    /// The portrait three-quarter: 35° toward the client's left, 15° above.
    pub fn three_quarter() -> Self {
        Self { yaw_deg: 35.0, pitch_deg: 15.0, ..Self::default() }
    }

    /// `view`'s pose with the head turned as a photo's pose turns it (see `Pose`): `yaw_deg`
    /// turns the face toward the image's right (the camera walks toward the client's right),
    /// `pitch_deg` tips the top of the head toward the camera (the camera rises). A pitch that
    /// would take the camera past straight above is left for [`ScanRenderOptions::validate`]
    /// to refuse.
    ///
    /// [`ScanRenderOptions::validate`]: super::ScanRenderOptions::validate
    pub fn turned(view: View, yaw_deg: f32, pitch_deg: f32) -> Self {
        let base = Self::of_view(view);
        Self { yaw_deg: base.yaw_deg - yaw_deg, pitch_deg: base.pitch_deg + pitch_deg, ..base }
    }
}

/// A pose turned into a projection for an image of a given size.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ScanCamera {
    pub eye: V3,
    /// Distance from the eye to the aim point, mm.
    aim_depth_mm: f32,
    right: V3,
    up: V3,
    forward: V3,
    focal_px: f32,
    centre_px: [f32; 2],
}

impl ScanCamera {
    pub fn new(pose: &ScanPose, width_px: u32, height_px: u32) -> Self {
        let (yaw, pitch) = (
            pose.yaw_deg.to_radians(),
            pose.pitch_deg
                .clamp(ScanPose::PITCH_RANGE_DEG[0], ScanPose::PITCH_RANGE_DEG[1])
                .to_radians(),
        );
        let to_eye = V3::new(yaw.sin() * pitch.cos(), -yaw.cos() * pitch.cos(), pitch.sin());
        let right = V3::new(yaw.cos(), yaw.sin(), 0.0);
        let forward = -to_eye;
        let up = right.cross(forward);
        let distance = pose.distance_mm.max(300.0);
        Self {
            eye: V3::from_array(pose.aim_mm) + to_eye * distance,
            aim_depth_mm: distance,
            right,
            up,
            forward,
            focal_px: height_px as f32 * distance / pose.frame_height_mm.max(1.0),
            centre_px: [width_px as f32 / 2.0, height_px as f32 / 2.0],
        }
    }

    /// Image position (px) and depth along the view axis (mm) of head-frame point `p`.
    pub fn project(&self, p: V3) -> [f32; 3] {
        let d = p - self.eye;
        let depth = d.dot(self.forward);
        let k = self.focal_px / depth;
        [self.centre_px[0] + k * d.dot(self.right), self.centre_px[1] - k * d.dot(self.up), depth]
    }

    /// The same camera seen through a close-up: the image region `region_px` (left, top, width,
    /// height in this camera's pixels) spread over an image `magnification` times larger.
    pub fn zoomed(&self, region_px: [f32; 4], magnification: f32) -> Self {
        let k = magnification;
        Self {
            focal_px: self.focal_px * k,
            centre_px: [
                (self.centre_px[0] - region_px[0]) * k,
                (self.centre_px[1] - region_px[1]) * k,
            ],
            ..*self
        }
    }

    /// Depth of the aim point along the view axis, mm.
    pub fn aim_depth_mm(&self) -> f32 {
        self.aim_depth_mm
    }

    /// Image px per mm of a surface facing the camera at `depth_mm` along the view axis.
    pub fn px_per_mm_at(&self, depth_mm: f32) -> f32 {
        self.focal_px / depth_mm.max(1.0)
    }

    /// Unit direction from head-frame point `p` to the camera.
    pub fn eye_direction(&self, p: V3) -> V3 {
        (self.eye - p).normalized()
    }

    /// Camera-relative direction (right, up, toward the camera) in the head frame, unit.
    pub fn camera_dir(&self, right: f32, up: f32, toward: f32) -> V3 {
        (self.right * right + self.up * up - self.forward * toward).normalized()
    }

    #[cfg(test)]
    pub fn axes(&self) -> (V3, V3, V3) {
        (self.right, self.up, self.forward)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_turned_pose_turns_as_a_photo_pose_does() {
        // Yaw turns the face (toward −Y) to the image's right.
        let (right, _, _) =
            ScanCamera::new(&ScanPose::turned(View::Front, 30.0, 0.0), 100, 100).axes();
        assert!((right.dot(V3::new(0.0, -1.0, 0.0)) - 0.5).abs() < 1e-4, "{right:?}");
        // Pitch tips the vertex (+Z) toward the camera.
        let (_, _, forward) =
            ScanCamera::new(&ScanPose::turned(View::Front, 0.0, 20.0), 100, 100).axes();
        let toward_camera = -forward.dot(V3::new(0.0, 0.0, 1.0));
        assert!((toward_camera - 20f32.to_radians().sin()).abs() < 1e-4, "{forward:?}");
        // No turn is the view itself; the mirrored three-quarter is the portrait's.
        assert_eq!(ScanPose::turned(View::Left, 0.0, 0.0), ScanPose::of_view(View::Left));
        assert_eq!(ScanPose::turned(View::Front, -35.0, 15.0), ScanPose::three_quarter());
    }

    #[test]
    fn named_views_match_the_head_model_views() {
        // Image right and up of each view, as `View::axes` in the head model defines them.
        let cases = [
            (View::Front, V3::new(1.0, 0.0, 0.0), V3::new(0.0, 0.0, 1.0)),
            (View::Back, V3::new(-1.0, 0.0, 0.0), V3::new(0.0, 0.0, 1.0)),
            (View::Left, V3::new(0.0, 1.0, 0.0), V3::new(0.0, 0.0, 1.0)),
            (View::Right, V3::new(0.0, -1.0, 0.0), V3::new(0.0, 0.0, 1.0)),
            (View::Top, V3::new(-1.0, 0.0, 0.0), V3::new(0.0, -1.0, 0.0)),
        ];
        for (view, right, up) in cases {
            let (r, u, _) = ScanCamera::new(&ScanPose::of_view(view), 100, 100).axes();
            assert!((r - right).length() < 1e-5 && (u - up).length() < 1e-5, "{view}: {r:?} {u:?}");
        }
    }

    #[test]
    fn the_aim_point_projects_to_the_image_centre_at_the_pose_distance() {
        let pose = ScanPose::three_quarter();
        let cam = ScanCamera::new(&pose, 400, 300);
        let [x, y, depth] = cam.project(V3::from_array(pose.aim_mm));
        assert!(
            (x - 200.0).abs() < 1e-3 && (y - 150.0).abs() < 1e-3 && (depth - 1200.0).abs() < 1e-2
        );
        // frame_height_mm spans the image height at the aim's distance.
        let top = cam.project(V3::from_array(pose.aim_mm) + cam.axes().1 * 150.0);
        assert!(top[1].abs() < 0.5, "{top:?}");
    }
}
