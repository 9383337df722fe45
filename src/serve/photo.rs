//! The client's photo in memory, and the automatic fit of the head model in each view, exactly
//! as `smpsim preview --photo` finds them (same options, same mask).

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use image::{GrayImage, RgbImage};
use serde_json::{Value, json};

use super::http::Failure;
use crate::head::{
    FitOptions, HeadFit, ImageEllipse, PhotoError, PhotoLookMeasurement, PhotoOptions, Pose,
    ScalpMask, fit_head, fit_to_alignment, measure_photo_look,
};
use crate::{Alignment, HeadModel, HeadSize, View, decode_photo};

/// A decoded photo (EXIF orientation applied) and its fits, by view.
pub struct PhotoState {
    /// The photo, upright, 8-bit RGB.
    pub image: RgbImage,
    fits: Mutex<HashMap<View, Arc<PhotoFit>>>,
}

/// The automatic fit in one view: where the head model sits and which pixels are scalp.
pub struct PhotoFit {
    /// What the fit found (outline, orientation, confidence).
    pub fit: HeadFit,
    /// The head model's alignment from the fit.
    pub alignment: Alignment,
    /// The scalp mask from the fit and the photo's camera measured on it.
    pub scalp: Arc<Scalp>,
    /// The scalp for the last placement the page gave other than the fit's, by its pose.
    placed: Mutex<Option<(Pose, Arc<Scalp>)>>,
}

impl PhotoFit {
    /// The scalp for a head the page placed by hand (`alignment`, not the fit's) on `image`,
    /// as the command line finds it for `--point` or a scene's pose: the placed model's outline
    /// inside the head the fit found ([`ScalpMask::from_model_in_region`]), found and measured
    /// once per placement.
    pub fn placed_scalp(
        &self,
        image: &RgbImage,
        alignment: &Alignment,
        model: &HeadModel,
    ) -> Arc<Scalp> {
        let mut placed = self.placed.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some((pose, scalp)) = placed.as_ref()
            && *pose == alignment.pose
        {
            return Arc::clone(scalp);
        }
        let (width, height) = image.dimensions();
        let mask = ScalpMask::from_model_in_region(model, alignment, &self.fit, width, height);
        let scalp = Arc::new(Scalp::measured(image, mask));
        *placed = Some((alignment.pose, Arc::clone(&scalp)));
        scalp
    }
}

/// Which pixels are scalp, and the photo's camera measured there.
pub struct Scalp {
    /// The scalp mask (fitted, or a reopened scene's).
    pub mask: ScalpMask,
    /// The photo's camera measured on that mask, as `smpsim preview --photo-look auto` does.
    pub look: PhotoLookMeasurement,
}

impl Scalp {
    /// `mask` on `image`, with the camera measured on it.
    pub fn measured(image: &RgbImage, mask: ScalpMask) -> Self {
        let look = measure_photo_look(image, &mask);
        Self { mask, look }
    }
}

impl PhotoState {
    /// Decodes an uploaded photo within `max_pixels` (the library's header check runs before
    /// any pixel buffer is allocated); errors say what is wrong with the file.
    pub fn decode(bytes: &[u8], max_pixels: u64) -> Result<Self, Failure> {
        let image = decode_photo(bytes, &PhotoOptions { max_pixels }).map_err(|e| {
            let status = if matches!(e, PhotoError::TooLarge { .. }) { 413 } else { 400 };
            Failure { status, message: format!("photo: {e}") }
        })?;
        Ok(Self { image, fits: Mutex::default() })
    }

    /// The fit in `view`, found once and kept (a few milliseconds on a working copy).
    pub fn fit(&self, view: View, model: &HeadModel) -> Arc<PhotoFit> {
        let mut fits = self.fits.lock().unwrap_or_else(PoisonError::into_inner);
        let found = fits.entry(view).or_insert_with(|| {
            let (width, height) = self.image.dimensions();
            let fit = fit_head(&self.image, view, &FitOptions::default());
            let alignment = fit_to_alignment(&fit, view, model, None);
            let mask = ScalpMask::from_fit(&fit, view, width, height);
            let scalp = Arc::new(Scalp::measured(&self.image, mask));
            Arc::new(PhotoFit { fit, alignment, scalp, placed: Mutex::default() })
        });
        Arc::clone(found)
    }
}

/// The fit as JSON for the page to draw: the outline found, the head model's outline in its
/// pose, the pose itself, and the scene file that reproduces it on the command line.
pub fn fit_json(photo: &PhotoState, fit: &PhotoFit, model: &HeadModel) -> Value {
    let pose = fit.alignment.pose;
    let l = fit.scalp.look.look;
    let (width_px, height_px) = photo.image.dimensions();
    json!({
        "width_px": width_px,
        "height_px": height_px,
        "view": pose.view,
        "confidence": fit.fit.confidence,
        "doubt": fit.fit.doubt.map(|d| d.to_string()),
        "outline": ellipse_json(&fit.fit.outline),
        "model_outline": ellipse_json(&pose.outline(model)),
        "top_dir": fit.fit.top_dir,
        "pose": pose_json(&pose),
        "scene": fit.alignment.to_scene(HeadSize::default()),
        "scalp_px": fit.scalp.mask.scalp_px(),
        "look": {
            "blur_px": l.blur_px,
            "noise_levels": l.noise_levels,
            "grain_px": l.grain_px,
            "light_rgb": l.light_rgb,
            "glare_share": l.glare_share,
            "sure": fit.scalp.look.is_sure(),
        },
    })
}

/// An outline as the page draws it: centre, semi-axes (px) and angle (degrees, clockwise).
pub fn ellipse_json(e: &ImageEllipse) -> Value {
    json!({
        "center_px": e.center_px,
        "semi_axes_px": e.semi_axes_px,
        "angle_deg": e.angle_rad.to_degrees(),
    })
}

/// A pose as the page reads it: rotation in degrees, scale and origin.
pub fn pose_json(pose: &Pose) -> Value {
    json!({
        "yaw_deg": pose.yaw_deg,
        "pitch_deg": pose.pitch_deg,
        "roll_deg": pose.roll_deg,
        "scale_px_per_mm": pose.scale_px_per_mm,
        "origin_px": pose.origin_px,
    })
}

/// The scalp mask as a greyscale PNG, white = scalp: the image `smpsim preview --mask` reads.
pub fn mask_png(mask: &ScalpMask) -> Result<Vec<u8>, Failure> {
    let image = GrayImage::from_fn(mask.width_px(), mask.height_px(), |x, y| {
        image::Luma([if mask.contains(x, y) { 255 } else { 0 }])
    });
    let mut png = std::io::Cursor::new(Vec::new());
    image
        .write_to(&mut png, image::ImageFormat::Png)
        .map_err(|e| Failure { status: 500, message: format!("mask: cannot encode: {e}") })?;
    Ok(png.into_inner())
}
