//! The built-in default head as a preview background: painted around the head model's
//! projected cranium, with the client's remaining hair as shaved stubble, aligned exactly as a
//! photo would be so that dots land on it through the same camera.

use super::default_head::{CraniumOutline, DefaultHeadOptions, paint_default_head, scalp_hidden};
use super::hair_shadow::HairShadow;
use super::pigment::SkinType;
use super::splat::{SplatError, SplatOptions, splat};
use super::stubble::{StubbleOptions, project_stubble, sample_stubble};
use crate::head::{Alignment, Camera, HeadModel, View};
use crate::plan::Plan;
use crate::preset::SCALP_MAP_MM;
use image::RgbImage;

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
    let shadow = HairShadow::new(plan.native_hair.as_ref(), model, &camera, width_px, height_px);
    let cranium = CraniumOutline::of_head(model, &camera);
    paint_default_head(&mut image, view, &cranium, &head_options, Some(&shadow));
    let stubble = StubbleOptions { seed: options.seed, ..StubbleOptions::default() };
    // Over the whole scalp map, not the plan's extent: the client's hair does not stop where
    // the treatment does.
    let hairs = sample_stubble(plan.native_hair.as_ref(), SCALP_MAP_MM, &stubble);
    let mut stubs = project_stubble(&hairs, model, &camera);
    let hidden = scalp_hidden(view, &cranium);
    stubs.retain(|s| !hidden(s.center_px[0], s.center_px[1]));
    splat(&mut image, &stubs, &SplatOptions::default())?;
    Ok((image, alignment))
}
