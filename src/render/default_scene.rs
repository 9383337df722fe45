//! The built-in default head as a preview background: painted around the head model's
//! projected cranium, with the client's remaining hair as shaved stubble, aligned exactly as a
//! photo would be so that dots land on it through the same camera.

use image::RgbImage;
use rayon::prelude::*;

use super::ScreenDot;
use super::default_head::{CraniumOutline, DefaultHeadOptions, DefaultHeadView, draw_default_head};
use super::pigment::SkinType;
use super::splat::{SplatError, SplatOptions, splat};
use super::stubble::{StubbleOptions, sample_stubble};
use crate::geom::MapPoint;
use crate::head::{Alignment, Camera, HeadModel, View};
use crate::plan::Plan;

/// Step of the finite differences that give the projection's local Jacobian, mm: small against
/// a stub's length, large against f32 rounding of scalp-map coordinates.
const JACOBIAN_STEP_MM: f32 = 0.05;

/// How the default head is drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct DefaultSceneOptions {
    /// Fitzpatrick skin type. Default [`SkinType::II`].
    pub skin: SkinType,
    /// Seed of the stubble. Default `0`.
    pub seed: u64,
}

/// Paints the default head for `view` into a new `width_px × height_px` image, with stubble
/// wherever `plan` says the client still has hair, and returns it with the alignment that puts
/// the head model on it (the default fit, as for a photo without a head box).
pub fn default_head_scene(
    plan: &Plan,
    model: &HeadModel,
    view: View,
    width_px: u32,
    height_px: u32,
    options: &DefaultSceneOptions,
) -> Result<(RgbImage, Alignment), SplatError> {
    let alignment = Alignment::default_fit(view, model, width_px, height_px);
    let camera = Camera::new(model, &alignment);
    let mut image = RgbImage::new(width_px, height_px);
    let head_options = DefaultHeadOptions { skin: options.skin, ..DefaultHeadOptions::default() };
    draw_default_head(
        &mut image,
        default_head_view(view),
        &cranium_outline(model, &camera),
        &head_options,
    );
    let stubble = StubbleOptions { seed: options.seed, ..StubbleOptions::default() };
    let hairs = sample_stubble(plan.native_hair.as_ref(), plan.extent_mm, &stubble);
    let stubs: Vec<ScreenDot> = hairs
        .par_iter()
        .filter_map(|hair| {
            let center = camera.map_point(model, hair.position)?;
            let jacobian = projection_jacobian(model, &camera, hair.position, center)?;
            Some(hair.to_screen_dot(center, jacobian))
        })
        .collect();
    splat(&mut image, &stubs, &SplatOptions::default())?;
    Ok((image, alignment))
}

/// The painted head's view for a camera view.
fn default_head_view(view: View) -> DefaultHeadView {
    match view {
        View::Front => DefaultHeadView::Front,
        View::Top => DefaultHeadView::Top,
        View::Left => DefaultHeadView::Left,
        View::Right => DefaultHeadView::Right,
        View::Back => DefaultHeadView::Back,
    }
}

/// The head ellipsoid's outline in the image: centre and the semi-axes along image x and y.
fn cranium_outline(model: &HeadModel, camera: &Camera) -> CraniumOutline {
    let (right, up, _) = camera.view().axes();
    let semi = model.semi_axes_mm();
    let along = |axis: crate::head::Vec3| {
        ((semi.x * axis.x).powi(2) + (semi.y * axis.y).powi(2) + (semi.z * axis.z).powi(2)).sqrt()
    };
    let [sx, sy] = camera.scale_px_per_mm();
    let centre = camera.project_vec(crate::head::Vec3::new(0.0, 0.0, 0.0));
    CraniumOutline {
        center_px: centre.map(|c| c as f32),
        radii_px: [along(right) as f32 * sx, along(up) as f32 * sy],
    }
}

/// ∂(image px) / ∂(map mm) at `p` by forward differences; `None` where a neighbour is hidden.
fn projection_jacobian(
    model: &HeadModel,
    camera: &Camera,
    p: MapPoint,
    center_px: [f32; 2],
) -> Option<[[f32; 2]; 2]> {
    let h = JACOBIAN_STEP_MM;
    let dx = camera.map_point(model, MapPoint::new(p.x_mm + h, p.y_mm))?;
    let dy = camera.map_point(model, MapPoint::new(p.x_mm, p.y_mm + h))?;
    Some([
        [(dx[0] - center_px[0]) / h, (dy[0] - center_px[0]) / h],
        [(dx[1] - center_px[1]) / h, (dy[1] - center_px[1]) / h],
    ])
}
