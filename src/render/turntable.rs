//! Turntables: the default head turned full circle, one preview per angle, for a strip or an
//! animated PNG a client can watch. SMP results are judged from every side, and three-quarter
//! views are how they are usually photographed.

use image::RgbImage;

use super::preview::{PreviewError, PreviewOptions};
use super::request::{Background, Preview, Rendering};
use crate::default_head::{DefaultSceneOptions, ScanPose};
use crate::head::{HeadModel, View};
use crate::plan::Plan;
use crate::preset::Layout;

/// What a turntable shows.
#[derive(Clone, Debug)]
pub struct TurntableOptions {
    /// Angles, evenly spaced over a full turn from the front toward the client's left, ≥ 1.
    /// Default 12 (30° apart).
    pub frames: u32,
    /// Elevation of the camera, degrees in [−89, 90]. Default 10: slightly above, as the head
    /// is usually photographed.
    pub pitch_deg: f32,
    /// Size of each frame, px. Default 800 × 800.
    pub size_px: [u32; 2],
    /// Skin type and stubble seed (its pose is replaced by each angle's).
    pub scene: DefaultSceneOptions,
    /// Session, look and guides of every frame.
    pub preview: PreviewOptions,
}

impl Default for TurntableOptions {
    fn default() -> Self {
        Self {
            frames: 12,
            pitch_deg: 10.0,
            size_px: [800, 800],
            scene: DefaultSceneOptions::default(),
            preview: PreviewOptions::default(),
        }
    }
}

/// The camera poses of a turntable: yaw `360°·k / frames`, the given pitch.
pub fn turntable_poses(frames: u32, pitch_deg: f32) -> Vec<ScanPose> {
    (0..frames.max(1))
        .map(|k| ScanPose {
            yaw_deg: 360.0 * k as f32 / frames.max(1) as f32,
            pitch_deg,
            ..ScanPose::default()
        })
        .collect()
}

/// Renders `plan` on the default head at every angle of the turntable, each frame a full
/// preview with its simulation label, in angle order. Frames are rendered one after another
/// (each in parallel inside), so the output does not depend on the thread count.
///
/// # Errors
/// As [`Preview::render`]: a session not in the plan, a pitch out of range.
pub fn render_turntable(
    layout: &Layout,
    plan: &Plan,
    model: &HeadModel,
    options: &TurntableOptions,
) -> Result<Vec<RgbImage>, PreviewError> {
    turntable_poses(options.frames, options.pitch_deg)
        .into_iter()
        .map(|pose| {
            let scene = DefaultSceneOptions { pose: Some(pose), ..options.scene };
            let [width_px, height_px] = options.size_px;
            let request = Preview {
                layout,
                plan,
                model,
                background: Background::DefaultHead {
                    view: View::Front,
                    width_px,
                    height_px,
                    scene,
                },
                zoom: None,
                rendering: Rendering::Single(options.preview.clone()),
            };
            Ok(request.render()?.image)
        })
        .collect()
}

/// Frames side by side, left to right (all of the first frame's height).
pub fn frames_side_by_side(frames: &[RgbImage]) -> RgbImage {
    let height = frames.first().map_or(0, RgbImage::height);
    let width = frames.iter().map(RgbImage::width).sum();
    let mut out = RgbImage::new(width, height);
    let mut x = 0;
    for frame in frames {
        image::imageops::replace(&mut out, frame, i64::from(x), 0);
        x += frame.width();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn poses_turn_evenly_from_the_front() {
        let poses = turntable_poses(8, 10.0);
        let yaws: Vec<f32> = poses.iter().map(|p| p.yaw_deg).collect();
        assert_eq!(yaws, [0.0, 45.0, 90.0, 135.0, 180.0, 225.0, 270.0, 315.0]);
        assert!(poses.iter().all(|p| p.pitch_deg == 10.0));
    }
}
