//! Where a plan meets an image: a photo with the head model's camera on it, or the rendered
//! default head (the scan, its camera and depth). Previews, strips, guides and close-ups ask a
//! stage where a map point shows and which dots are seen, and never care which one it is.

use crate::default_head::{ScanFrame, ScanScene, project_scan_dots, scan_map_point};
use crate::dots::Dot;
use crate::geom::MapPoint;
use crate::head::{Alignment, Camera, HeadModel, PhotoLook, ScalpMask};
use crate::plan::Plan;
use std::sync::OnceLock;

use image::RgbImage;

use crate::splat::{
    DotAppearance, Glare, PhotoCamera, ScreenDot, SplatError, SplatOptions, splat, splat_faded,
};

/// A photo's head model and camera, or the default head's render.
pub(crate) enum Stage<'a> {
    /// The ellipsoid head model seen through an orthographic camera (photos), where it was
    /// aligned, and the scalp mask dots are kept within.
    Model {
        model: &'a HeadModel,
        camera: Camera,
        alignment: &'a Alignment,
        mask: Option<&'a ScalpMask>,
        /// The photo's camera dots are seen through; `None` keeps the caller's splat options.
        look: Option<PhotoCamera>,
        /// The mask's fade (see [`ScalpMask::fade`]), computed once for every panel and
        /// session splatted on this stage.
        fade: OnceLock<Vec<u8>>,
    },
    /// The scanned default head as rendered.
    Scan { scene: &'a ScanScene, frame: &'a ScanFrame },
}

impl<'a> Stage<'a> {
    /// The head model aligned on a photo, with the photo's scalp mask if any.
    pub fn photo(
        model: &'a HeadModel,
        alignment: &'a Alignment,
        mask: Option<&'a ScalpMask>,
    ) -> Self {
        let camera = Camera::new(model, alignment);
        Stage::Model { model, camera, alignment, mask, look: None, fade: OnceLock::new() }
    }

    /// This stage with dots seen through `look`, the photo's camera (on a photo; the default
    /// head's render is sharp and keeps the caller's options).
    pub fn seen_through(mut self, look: Option<PhotoCamera>) -> Self {
        if let Stage::Model { look: slot, .. } = &mut self {
            *slot = look;
        }
        self
    }

    /// Splats `dots` into `image` as this stage sees them: on a photo through its camera (if
    /// it has one) and within its scalp mask, so no pixel off the scalp changes and the
    /// darkening fades out over the last few millimetres inside the mask's edge. A mask of
    /// another size than `image` cannot say where the scalp is: nothing is drawn.
    pub fn splat(
        &self,
        image: &mut RgbImage,
        dots: &[ScreenDot],
        options: &SplatOptions,
    ) -> Result<(), SplatError> {
        let Stage::Model { look, mask, fade, .. } = self else {
            return splat(image, dots, options);
        };
        let options = SplatOptions { camera: look.unwrap_or(options.camera), ..*options };
        match mask {
            None => splat(image, dots, &options),
            Some(m) if [m.width_px(), m.height_px()] != [image.width(), image.height()] => Ok(()),
            Some(m) => splat_faded(image, dots, &options, Some(fade.get_or_init(|| m.fade()))),
        }
    }

    /// Where map point `p` shows, px, if it is on the side of the head in view.
    pub fn map_point(&self, p: MapPoint) -> Option<[f32; 2]> {
        match self {
            Stage::Model { model, camera, .. } => camera.map_point(model, p),
            Stage::Scan { scene, frame } => scan_map_point(scene, frame, p),
        }
    }

    /// The visible dots of sessions `1..=session` in an image of `size_px`, in plan order.
    pub fn dots<L>(
        &self,
        plan: &Plan,
        session: u8,
        size_px: [u32; 2],
        splat: &SplatOptions,
        look: L,
    ) -> Vec<ScreenDot>
    where
        L: Fn(&Dot) -> DotAppearance + Sync,
    {
        match self {
            Stage::Model { model, camera, .. } => {
                super::preview::visible_dots(plan, session, model, camera, size_px, splat, look)
            }
            Stage::Scan { scene, frame } => project_scan_dots(scene, frame, plan, session, look),
        }
    }

    /// Image px per mm of scalp near the image's centre (for scale bars).
    pub fn px_per_mm(&self) -> f32 {
        match self {
            Stage::Model { camera, .. } => camera.scale_px_per_mm()[0],
            Stage::Scan { frame, .. } => frame.px_per_mm_near_centre(),
        }
    }
}

/// Most grain added to dots, sRGB levels. Sensor grain on the bald scalps of the phone photos
/// this was tuned on measured 0.3–4 levels; readings up to 13.5 came from short hair's texture,
/// which on the dots would read as a dirty print rather than grain.
const GRAIN_CEILING_LEVELS: f32 = 6.0;

/// The splat camera for a photo whose look was measured as `look`, in an image `magnification`
/// times the photo's scale (a close-up): blur and grain size grow with it, grain strength and
/// colours do not.
pub(crate) fn photo_camera(look: &PhotoLook, magnification: f32) -> PhotoCamera {
    let glare = (look.glare_share > 0.0)
        .then_some(Glare { light_rgb: look.light_rgb, skin_rgb_linear: look.skin_rgb_linear });
    PhotoCamera {
        blur_px: (look.blur_px * magnification).min(8.0),
        grain_levels: look.noise_levels.min(GRAIN_CEILING_LEVELS),
        grain_px: (look.grain_px * magnification).min(8.0),
        glare,
    }
}
