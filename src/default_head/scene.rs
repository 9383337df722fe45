//! The built-in default head as a preview background: painted around the head model's
//! projected cranium, with the client's remaining hair as shaved stubble, aligned exactly as a
//! photo would be so that dots land on it through the same camera.

use super::face::scalp_hidden;
use super::hair_shadow::{HairShadow, nape_hair};
use super::light::hash_unit;
use super::options::DefaultHeadOptions;
use super::outline::CraniumOutline;
use super::paint::paint_default_head;
use super::skin::SkinType;
use super::stubble::{StubbleOptions, project_stubble, sample_stubble};
use crate::field::DensityField;
use crate::geom::SCALP_MAP_MM;
use crate::geom::{MapPoint, MapRect};
use crate::head::{Alignment, Camera, HeadModel, View};
use crate::plan::Plan;
use crate::splat::{SplatError, SplatOptions, splat};
use image::RgbImage;

/// How the default head is drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct DefaultSceneOptions {
    /// Fitzpatrick skin type. Default [`SkinType::III`].
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
    let image = paint_scene(plan, model, &alignment, width_px, height_px, options)?;
    Ok((image, alignment))
}

/// The default head as [`default_head_scene`] paints it, but seen through `alignment` (a
/// close-up's, say) in a `width_px × height_px` image: the same head, light, hair shadow and
/// stubble at whatever scale the alignment gives.
pub(crate) fn paint_scene(
    plan: &Plan,
    model: &HeadModel,
    alignment: &Alignment,
    width_px: u32,
    height_px: u32,
    options: &DefaultSceneOptions,
) -> Result<RgbImage, SplatError> {
    let view = alignment.view();
    let camera = Camera::new(model, alignment);
    let mut image = RgbImage::new(width_px, height_px);
    let head_options = DefaultHeadOptions { skin: options.skin, ..DefaultHeadOptions::default() };
    let hair = NapeHair { scalp: plan.native_hair.as_ref() };
    let shadow = HairShadow::new(&hair, NapeHair::EXTENT, model, &camera, width_px, height_px);
    let cranium = CraniumOutline::of_head(model, &camera);
    paint_default_head(&mut image, view, &cranium, &head_options, Some(&shadow));
    let stubble = StubbleOptions { seed: options.seed, ..StubbleOptions::default() };
    // Over the whole scalp map and down to the nape, not the plan's extent: the client's hair
    // does not stop where the treatment does.
    let hairs = sample_stubble(&hair, NapeHair::EXTENT, &stubble);
    let mut stubs = project_stubble(&hairs, model, &camera);
    let hidden = scalp_hidden(view, &cranium);
    let nape = nape_hair(view, &cranium);
    let (w, h) = (width_px as f32, height_px as f32);
    let splat_options = SplatOptions::default();
    // A close-up sees a small part of the scalp: drop the stubs outside it before splatting.
    stubs.retain(|s| {
        let [x, y] = s.center_px;
        let reach = splat_options.reach_px(s.radius_major_px);
        let inside = x + reach >= 0.0 && y + reach >= 0.0 && x - reach <= w && y - reach <= h;
        // Below the nape hairline the stubs thin out as the shadow fades.
        let kept = || hash_unit(x.to_bits(), y.to_bits(), 3) < nape(x, y);
        inside && !hidden(x, y) && kept()
    });
    splat(&mut image, &stubs, &splat_options)?;
    Ok(image)
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
