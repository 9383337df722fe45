//! The built-in default head as a preview background: the scan rendered in a view (or any
//! pose), recoloured for the skin type, with the client's remaining hair as shaved stubble; and
//! the ellipsoid head model's alignment that best matches the render, so guides, close-ups and
//! saved scenes keep their meaning.

use image::RgbImage;

use super::scan::{
    ScanCamera, ScanFrame, ScanPose, ScanRenderError, ScanRenderOptions, ScanScene,
    facing_map_point, project_scan_stubble, render_scan_with, shade_hair,
};
use super::skin::SkinType;
use super::stubble::{StubbleOptions, sample_stubble};
use crate::field::DensityField;
use crate::geom::{MapPoint, MapRect, SCALP_MAP_MM};
use crate::head::{Alignment, HeadBox, HeadModel, View};
use crate::plan::Plan;
use crate::splat::{SplatOptions, splat};

/// How the default head is drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct DefaultSceneOptions {
    /// Fitzpatrick skin type the scan is recoloured to. Default [`SkinType::III`].
    pub skin: SkinType,
    /// Seed of the stubble. Default `0`.
    pub seed: u64,
    /// Camera pose (any yaw and pitch, distance, framing); `None` takes the view's own pose
    /// ([`ScanPose::of_view`]). Default `None`.
    pub pose: Option<ScanPose>,
}

impl DefaultSceneOptions {
    /// The pose the head is rendered in for `view`.
    pub fn pose_for(&self, view: View) -> ScanPose {
        self.pose.unwrap_or_else(|| ScanPose::of_view(view))
    }

    /// The scan's render options for `view`: its pose, the skin type, and the bust's fade
    /// (from above the shoulders surround the head, so the fade rises as the camera does).
    pub fn render_options(&self, view: View) -> ScanRenderOptions {
        let pose = self.pose_for(view);
        let (level, top) = (ScanRenderOptions::default(), ScanRenderOptions::of_view(View::Top));
        let t = ((pose.pitch_deg - 30.0) / 45.0).clamp(0.0, 1.0);
        let mix = |a: f32, b: f32| a + (b - a) * t;
        ScanRenderOptions {
            pose,
            skin: Some(self.skin),
            fade_top_mm: mix(level.fade_top_mm, top.fade_top_mm),
            fade_bottom_mm: mix(level.fade_bottom_mm, top.fade_bottom_mm),
            ..level
        }
    }
}

/// The named view nearest a pose: the top from more than 50° above, else by yaw.
pub fn nearest_view(pose: &ScanPose) -> View {
    if pose.pitch_deg > 50.0 {
        return View::Top;
    }
    match pose.yaw_deg.rem_euclid(360.0) {
        y if !(45.0..315.0).contains(&y) => View::Front,
        y if y < 135.0 => View::Left,
        y if y < 225.0 => View::Back,
        _ => View::Right,
    }
}

/// Renders the default head for `view` into a new `width_px × height_px` image, with stubble
/// wherever `plan` says the client still has hair, and returns it with the head model's
/// alignment that best matches it (see [`default_head_alignment`]).
///
/// # Errors
/// A pose out of range ([`ScanRenderError`]).
pub fn default_head_scene(
    plan: &Plan,
    model: &HeadModel,
    view: View,
    width_px: u32,
    height_px: u32,
    options: &DefaultSceneOptions,
) -> Result<(RgbImage, Alignment), ScanRenderError> {
    let alignment = default_head_alignment(model, view, width_px, height_px, options);
    let (image, _) = stage_default_head(plan, view, [width_px, height_px], options, None)?;
    Ok((image, alignment))
}

/// The head model's alignment that best matches the default head rendered for `view` in a
/// `width_px × height_px` image: the model's centre on the scan's (the scan is calibrated into
/// the head frame, so they share an origin) and its scale the render's at that depth. The
/// alignment's view is the named view nearest the pose.
pub fn default_head_alignment(
    model: &HeadModel,
    view: View,
    width_px: u32,
    height_px: u32,
    options: &DefaultSceneOptions,
) -> Alignment {
    let pose = options.pose_for(view);
    let camera = ScanCamera::new(&pose, width_px, height_px);
    let [ox, oy, depth] = camera.project(Default::default());
    let s = f64::from(camera.px_per_mm_at(depth));
    let view = nearest_view(&pose);
    let (u0, u1, v0, v1) = view.extent_mm(model);
    let head_box = HeadBox {
        x_px: f64::from(ox) + u0 * s,
        y_px: f64::from(oy) - v1 * s,
        width_px: (u1 - u0) * s,
        height_px: (v1 - v0) * s,
    };
    Alignment::defaulted_to(view, head_box, model)
}

/// A close-up of the default head: the region of the un-zoomed image (left, top, width,
/// height, px) and the scale it is drawn at.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct HeadCloseUp {
    pub region_px: [f32; 4],
    pub magnification: f32,
    /// The close-up's size, px.
    pub size_px: [u32; 2],
}

/// Where map points show on the default head rendered for `view` at `size_px`, px, if on the
/// side facing the camera (no depth test: for framing close-ups before anything is drawn).
pub(crate) fn default_head_projector(
    view: View,
    size_px: [u32; 2],
    options: &DefaultSceneOptions,
) -> impl Fn(MapPoint) -> Option<[f32; 2]> {
    let camera = ScanCamera::new(&options.pose_for(view), size_px[0], size_px[1]);
    move |p| facing_map_point(ScanScene::shared(), &camera, p)
}

/// Renders the default head for `view` at `size_px` (the un-zoomed image's size), or the
/// `close_up` of it (whose own size is the region times the magnification), with stubble, and
/// returns the picture with the render's camera and depth.
pub(crate) fn stage_default_head(
    plan: &Plan,
    view: View,
    size_px: [u32; 2],
    options: &DefaultSceneOptions,
    close_up: Option<HeadCloseUp>,
) -> Result<(RgbImage, ScanFrame), ScanRenderError> {
    let render = options.render_options(view);
    render.validate()?;
    let scene = ScanScene::shared();
    let mut camera = ScanCamera::new(&render.pose, size_px[0], size_px[1]);
    let mut size = size_px;
    if let Some(c) = close_up {
        camera = camera.zoomed(c.region_px, c.magnification);
        size = c.size_px;
    }
    let mut image = RgbImage::new(size[0], size[1]);
    let frame = render_scan_with(scene, &render, camera, &mut image);
    let hair = NapeHair { scalp: plan.native_hair.as_ref() };
    shade_hair(scene, &frame, &mut image, |p| hair.density_per_cm2(p));
    let stubble = StubbleOptions { seed: options.seed, ..StubbleOptions::default() };
    // Over the whole scalp map and down to the nape, not the plan's extent: the client's hair
    // does not stop where the treatment does.
    let hairs = sample_stubble(&hair, NapeHair::EXTENT, &stubble);
    let stubs = project_scan_stubble(&hairs, scene, &frame);
    splat(&mut image, &stubs, &SplatOptions::default())
        .expect("the default splat options are valid");
    Ok((image, frame))
}

/// The client's hair continued below the scalp map's back edge down to the nape hairline: the
/// map ends near the inion, but from behind a shaved head's hair runs on down the back of the
/// skull, and a bare band there read as a pale tongue.
struct NapeHair<'a> {
    scalp: &'a (dyn DensityField + Send),
}

impl NapeHair<'_> {
    /// Map y where the nape hairline starts to fade and where it ends, mm.
    const FADE_MM: [f32; 2] = [385.0, 415.0];
    /// The scalp map extended to the nape hairline.
    const EXTENT: MapRect = MapRect {
        min: MapPoint { x_mm: SCALP_MAP_MM.min.x_mm, y_mm: SCALP_MAP_MM.min.y_mm },
        max: MapPoint { x_mm: SCALP_MAP_MM.max.x_mm, y_mm: Self::FADE_MM[1] },
    };
}

impl DensityField for NapeHair<'_> {
    fn density_per_cm2(&self, p: MapPoint) -> f32 {
        let edge_mm = SCALP_MAP_MM.max.y_mm - 0.5;
        let on_map = MapPoint::new(p.x_mm, p.y_mm.min(edge_mm));
        let [fade0, fade1] = Self::FADE_MM;
        let fade = ((fade1 - p.y_mm) / (fade1 - fade0)).clamp(0.0, 1.0);
        self.scalp.density_per_cm2(on_map) * fade
    }

    fn max_density_per_cm2(&self) -> f32 {
        self.scalp.max_density_per_cm2()
    }
}
