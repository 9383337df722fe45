//! The options of a scan render, with their units, defaults and allowed ranges.

use super::camera::ScanPose;
use crate::View;
use crate::default_head::SkinType;

/// How a scan render looks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScanRenderOptions {
    /// Camera pose and framing. Default [`ScanPose::default`] (front, portrait framing).
    pub pose: ScanPose,
    /// Skin type the scan's albedo is recoloured to (its texture and redness kept: every texel
    /// is scaled by the ratio of the type's tone to the scan's mean scalp colour); `None` keeps
    /// the scan's own colour. Default `None`.
    pub skin: Option<SkinType>,
    /// Multiplies all light before tone mapping, > 0. Default 1.0.
    pub exposure: f32,
    /// Background colour at the image centre, sRGB. Default `[34, 34, 38]`: a dark charcoal
    /// studio backdrop against which skin reads well and the bust's cut can fade away.
    pub background_srgb: [u8; 3],
    /// Darkening of the background toward the corners, in [0, 1] (0 none). Default 0.6.
    pub vignette: f32,
    /// Head-frame height (mm) below which the bust starts fading into the background. Default
    /// −130: at the chin (on this scan the chin is about 145 mm below the glabella), so the
    /// neck fades as in a low-key portrait.
    pub fade_top_mm: f32,
    /// Head-frame height (mm) where the bust has faded out completely (< `fade_top_mm`).
    /// Default −180: the shoulders and the cut under them never show.
    pub fade_bottom_mm: f32,
    /// Image rows per parallel band (does not change the output), ≥ 1. Default 16.
    pub band_height_px: u32,
}

impl Default for ScanRenderOptions {
    fn default() -> Self {
        Self {
            pose: ScanPose::default(),
            skin: None,
            exposure: 1.0,
            background_srgb: [34, 34, 38],
            vignette: 0.6,
            fade_top_mm: -130.0,
            fade_bottom_mm: -180.0,
            band_height_px: 16,
        }
    }
}

/// An option out of range.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("scan render option `{field}` is {value}; allowed: {allowed}")]
pub struct ScanRenderError {
    /// The field's name.
    pub field: &'static str,
    /// The value given.
    pub value: f32,
    /// What is allowed.
    pub allowed: &'static str,
}

impl ScanRenderOptions {
    /// The defaults posed for a named view. From above, the shoulders lie around the head, so
    /// the top view fades everything below the ears (−70 to −120 mm) instead of the neck.
    pub fn of_view(view: View) -> Self {
        let pose = ScanPose::of_view(view);
        match view {
            View::Top => {
                Self { pose, fade_top_mm: -70.0, fade_bottom_mm: -120.0, ..Self::default() }
            }
            _ => Self { pose, ..Self::default() },
        }
    }

    /// Checks each field against its documented range.
    pub fn validate(&self) -> Result<(), ScanRenderError> {
        let check = |field, value: f32, ok: bool, allowed| {
            if ok && value.is_finite() {
                Ok(())
            } else {
                Err(ScanRenderError { field, value, allowed })
            }
        };
        let p = &self.pose;
        check("pose.yaw_deg", p.yaw_deg, true, "finite")?;
        let [lo, hi] = ScanPose::PITCH_RANGE_DEG;
        check("pose.pitch_deg", p.pitch_deg, (lo..=hi).contains(&p.pitch_deg), "[-89, 90]")?;
        check("pose.distance_mm", p.distance_mm, p.distance_mm >= 300.0, ">= 300")?;
        check("pose.frame_height_mm", p.frame_height_mm, p.frame_height_mm > 0.0, "> 0")?;
        for a in p.aim_mm {
            check("pose.aim_mm", a, a.abs() < 1000.0, "within 1000 mm of the head")?;
        }
        check("exposure", self.exposure, self.exposure > 0.0, "> 0")?;
        check("vignette", self.vignette, (0.0..=1.0).contains(&self.vignette), "[0, 1]")?;
        check(
            "fade_top_mm",
            self.fade_top_mm,
            self.fade_top_mm > self.fade_bottom_mm,
            "> fade_bottom_mm",
        )?;
        check("fade_bottom_mm", self.fade_bottom_mm, true, "finite")?;
        check("band_height_px", self.band_height_px as f32, self.band_height_px >= 1, ">= 1")
    }
}
