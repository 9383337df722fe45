//! A preview request: the one place that turns "this plan, over this background, rendered this
//! way" into an image, for the command line, a web page or clinic software alike.
//!
//! The background is a photo already aligned with the head model, or the built-in default head
//! painted for a view; a close-up re-renders a region of it at a higher scale (the default head
//! is painted afresh there, a photo is resampled); the rendering is one preview, before and
//! after, the session strip, or the density heat map. Close-ups carry a scale bar, because
//! spacing is what a practitioner judges there.

use image::RgbImage;

use super::heatmap::{HeatmapOptions, render_heatmap};
use super::overlay::draw_scale_bar;
use super::preview::{PreviewError, PreviewOptions, render_preview_masked, side_by_side};
use super::strip::{StripOptions, render_strip_masked};
use super::zoom::{Zoom, ZoomOptions, ZoomTarget};
use crate::default_head::{DefaultSceneOptions, default_head_scene, paint_scene};
use crate::head::{Alignment, Camera, HeadModel, ScalpMask, View};
use crate::plan::Plan;
use crate::preset::Layout;

/// What a preview is drawn over.
#[derive(Clone, Debug)]
#[allow(clippy::large_enum_variant, reason = "one per preview; the photo's pixels are on the heap")]
pub enum Background {
    /// A photo of the client's head (orientation already applied), with the head model's
    /// alignment on it (see [`Alignment::fit`]).
    Photo {
        /// The photo.
        image: RgbImage,
        /// Where the head model sits in it.
        alignment: Alignment,
        /// Where dots may go; `None` lets them fall anywhere the head model puts them.
        mask: Option<ScalpMask>,
    },
    /// The built-in default head, painted for `view` into a `width_px × height_px` image.
    DefaultHead {
        /// The side of the head shown.
        view: View,
        /// Image width, px.
        width_px: u32,
        /// Image height, px.
        height_px: u32,
        /// Skin type and stubble seed.
        scene: DefaultSceneOptions,
    },
}

/// How the plan is rendered.
#[derive(Clone, Debug)]
pub enum Rendering {
    /// One preview: the head after a session, in a look, with or without guides.
    Single(PreviewOptions),
    /// The background before and the preview after, side by side (before on the left).
    Compare(PreviewOptions),
    /// Every session, healed and aged, side by side.
    Strip(StripOptions),
    /// The preset's target density (every zone at full strength) as colour over the head.
    Heatmap(HeatmapOptions),
}

/// A preview to render: a plan over a background, perhaps a close-up, in one rendering.
pub struct Preview<'a> {
    /// The preset's layout the plan was built from (the heat map colours by its density).
    pub layout: &'a Layout,
    /// The planned dots.
    pub plan: &'a Plan,
    /// The head the plan is wrapped onto.
    pub model: &'a HeadModel,
    /// The photo or default head it is drawn over.
    pub background: Background,
    /// A region to re-render at a higher scale, with a scale bar. Default `None`.
    pub zoom: Option<ZoomTarget>,
    /// What is drawn.
    pub rendering: Rendering,
}

/// A rendered preview and where the head model sat in it.
#[derive(Clone, Debug)]
pub struct RenderedPreview {
    /// The image, labelled as a simulation.
    pub image: RgbImage,
    /// The head model's alignment in `image` (after any close-up), for guides or a scene file.
    pub alignment: Alignment,
}

impl Preview<'_> {
    /// Renders the request into a new image.
    ///
    /// # Errors
    /// A session not in the plan, a close-up that misses the image or names a zone the plan
    /// lacks, or drawing options out of range.
    pub fn render(&self) -> Result<RenderedPreview, PreviewError> {
        let (background, alignment, mask) = self.stage()?;
        let mask = mask.as_ref();
        let scale_bar_px_per_mm =
            self.zoom.map(|_| Camera::new(self.model, &alignment).scale_px_per_mm()[0]);
        let (plan, model) = (self.plan, self.model);
        let mut image = match &self.rendering {
            Rendering::Strip(strip) => {
                let strip = StripOptions { scale_bar_px_per_mm, ..strip.clone() };
                return Ok(RenderedPreview {
                    image: render_strip_masked(plan, model, &alignment, &background, mask, &strip)?,
                    alignment,
                });
            }
            Rendering::Heatmap(options) => {
                let mut map = background;
                render_heatmap(self.layout, plan, model, &alignment, &mut map, options);
                map
            }
            Rendering::Single(options) | Rendering::Compare(options) => {
                let mut after = background.clone();
                render_preview_masked(plan, model, &alignment, &mut after, mask, options)?;
                if let Some(px_per_mm) = scale_bar_px_per_mm {
                    draw_scale_bar(&mut after, px_per_mm);
                }
                if matches!(self.rendering, Rendering::Compare(_)) {
                    return Ok(RenderedPreview {
                        image: side_by_side(&background, &after),
                        alignment,
                    });
                }
                after
            }
        };
        if let (Rendering::Heatmap(_), Some(px_per_mm)) = (&self.rendering, scale_bar_px_per_mm) {
            draw_scale_bar(&mut image, px_per_mm);
        }
        Ok(RenderedPreview { image, alignment })
    }

    /// The background the dots go over, the model's alignment and the scalp mask on it, after
    /// any close-up (the mask is resampled with the photo).
    fn stage(&self) -> Result<(RgbImage, Alignment, Option<ScalpMask>), PreviewError> {
        let (plan, model) = (self.plan, self.model);
        match &self.background {
            Background::Photo { image, alignment, mask } => match self.zoom {
                Some(target) => {
                    let zoom = self.resolve(target, alignment, image.dimensions())?;
                    let mask = mask.as_ref().map(|m| {
                        m.resampled(zoom.region, zoom.magnification, zoom.width_px, zoom.height_px)
                    });
                    Ok((zoom.resample(image), zoom.alignment(model, alignment), mask))
                }
                None => Ok((image.clone(), *alignment, mask.clone())),
            },
            Background::DefaultHead { view, width_px, height_px, scene } => match self.zoom {
                Some(target) => {
                    // Painted once, at the close-up's scale.
                    let full = Alignment::default_fit(*view, model, *width_px, *height_px);
                    let zoom = self.resolve(target, &full, (*width_px, *height_px))?;
                    let alignment = zoom.alignment(model, &full);
                    let image =
                        paint_scene(plan, model, &alignment, zoom.width_px, zoom.height_px, scene)?;
                    Ok((image, alignment, None))
                }
                None => {
                    let (image, alignment) =
                        default_head_scene(plan, model, *view, *width_px, *height_px, scene)?;
                    Ok((image, alignment, None))
                }
            },
        }
    }

    /// The close-up `target` over an un-zoomed image of `size` px.
    fn resolve(
        &self,
        target: ZoomTarget,
        alignment: &Alignment,
        (width_px, height_px): (u32, u32),
    ) -> Result<Zoom, PreviewError> {
        let options = ZoomOptions::default();
        Ok(Zoom::resolve(target, self.plan, self.model, alignment, width_px, height_px, &options)?)
    }
}
