//! A preview request: the one place that turns "this plan, over this background, rendered this
//! way" into an image, for the command line, a web page or clinic software alike.
//!
//! The background is a photo already aligned with the head model, or the built-in default head
//! (the scan) rendered for a view or pose; a close-up re-renders a region of it at a higher
//! scale (the default head is rendered afresh there, a photo is resampled); the rendering is one preview, before and
//! after, the session strip, or the density heat map. Close-ups carry a scale bar, because
//! spacing is what a practitioner judges there.

use image::RgbImage;

use super::heatmap::{HeatmapOptions, render_heatmap_on};
use super::overlay::draw_scale_bar;
use super::preview::{PreviewError, PreviewOptions, render_preview_on, side_by_side};
use super::stage::{Stage, photo_camera};
use super::strip::{StripOptions, render_strip_on};
use super::zoom::{Zoom, ZoomOptions, ZoomTarget};
use crate::default_head::{
    DefaultSceneOptions, HeadCloseUp, ScanFrame, ScanScene, default_head_alignment,
    default_head_projector, stage_default_head,
};
use crate::head::{Alignment, HeadModel, PhotoLook, ScalpMask, View};
use crate::plan::Plan;
use crate::preset::Layout;
use crate::splat::PhotoCamera;

/// What a preview is drawn over.
#[derive(Clone, Debug)]
#[expect(
    clippy::large_enum_variant,
    reason = "one per preview, beside a photo of megabytes: boxing would only cost callers"
)]
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
        /// How the photo's camera saw the scalp: dots are blurred, grained and kept under glare
        /// to match. `None` draws them as the preview's splat options say (sharp by default).
        look: Option<PhotoLook>,
    },
    /// The built-in default head (the scanned head), rendered for `view` (or the pose in
    /// `scene`) into a `width_px × height_px` image.
    DefaultHead {
        /// The side of the head shown.
        view: View,
        /// Image width, px.
        width_px: u32,
        /// Image height, px.
        height_px: u32,
        /// Skin type, stubble seed and pose.
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

/// A background rendered once to draw several previews over (a web page switching looks or
/// sessions re-renders only the dots): see [`Preview::stage`] and [`Preview::render_staged`].
#[derive(Clone, Debug)]
pub struct StagedBackground(Staged);

/// A background ready to draw on: its picture, the head model's alignment on it, for a photo
/// the scalp mask (resampled with any close-up), and for the default head the scan's render
/// (camera and depth) that dots are placed through.
#[derive(Clone, Debug)]
struct Staged {
    image: RgbImage,
    /// The splat camera of a photo's measured look, at the staged image's scale.
    camera: Option<PhotoCamera>,
    alignment: Alignment,
    mask: Option<ScalpMask>,
    scan: Option<ScanFrame>,
}

impl Preview<'_> {
    /// Renders the request into a new image.
    ///
    /// # Errors
    /// A session not in the plan, a close-up that misses the image or names a zone the plan
    /// lacks, a default-head pose out of range, or drawing options out of range.
    pub fn render(&self) -> Result<RenderedPreview, PreviewError> {
        self.render_on(self.staged()?)
    }

    /// The background alone (for the default head, the scan rendered with its stubble: by far
    /// the slowest step), to draw several renderings over with [`Preview::render_staged`].
    ///
    /// # Errors
    /// As [`Preview::render`], for the background and close-up.
    pub fn stage(&self) -> Result<StagedBackground, PreviewError> {
        self.staged().map(StagedBackground)
    }

    /// Renders over a background staged by a preview with the same plan, model, background and
    /// close-up (only the rendering may differ): the same bytes as [`Preview::render`].
    ///
    /// # Errors
    /// As [`Preview::render`], for the rendering.
    pub fn render_staged(
        &self,
        staged: &StagedBackground,
    ) -> Result<RenderedPreview, PreviewError> {
        self.render_on(staged.0.clone())
    }

    fn render_on(&self, staged: Staged) -> Result<RenderedPreview, PreviewError> {
        let Staged { image: background, camera, alignment, mask, scan } = staged;
        let stage = match &scan {
            Some(frame) => Stage::Scan { scene: ScanScene::shared(), frame },
            None => Stage::photo(self.model, &alignment, mask.as_ref()).seen_through(camera),
        };
        let scale_bar_px_per_mm = self.zoom.map(|_| stage.px_per_mm());
        let plan = self.plan;
        let mut image = match &self.rendering {
            Rendering::Strip(strip) => {
                let strip = StripOptions { scale_bar_px_per_mm, ..strip.clone() };
                let image = render_strip_on(&stage, plan, &background, &strip)?;
                return Ok(RenderedPreview { image, alignment });
            }
            Rendering::Heatmap(options) => {
                let mut map = background;
                render_heatmap_on(&stage, self.layout, plan, &mut map, options);
                map
            }
            Rendering::Single(options) => {
                // The background is not shown beside the result: draw on it rather than on a
                // copy (a 12 MB copy at 2000 px, and its pages faulted in).
                let mut after = background;
                render_preview_on(&stage, plan, &mut after, options)?;
                if let Some(px_per_mm) = scale_bar_px_per_mm {
                    draw_scale_bar(&mut after, px_per_mm);
                }
                after
            }
            Rendering::Compare(options) => {
                let mut after = background.clone();
                render_preview_on(&stage, plan, &mut after, options)?;
                if let Some(px_per_mm) = scale_bar_px_per_mm {
                    draw_scale_bar(&mut after, px_per_mm);
                }
                return Ok(RenderedPreview { image: side_by_side(&background, &after), alignment });
            }
        };
        if let (Rendering::Heatmap(_), Some(px_per_mm)) = (&self.rendering, scale_bar_px_per_mm) {
            draw_scale_bar(&mut image, px_per_mm);
        }
        Ok(RenderedPreview { image, alignment })
    }

    /// The background the dots go over, and the model's alignment on it, after any close-up.
    fn staged(&self) -> Result<Staged, PreviewError> {
        let (plan, model) = (self.plan, self.model);
        let options = ZoomOptions::default();
        match &self.background {
            Background::Photo { image, alignment, mask, look } => match self.zoom {
                Some(target) => {
                    let (w, h) = image.dimensions();
                    let zoom = Zoom::resolve(target, plan, model, alignment, w, h, &options)?;
                    let alignment = zoom.alignment(model, alignment);
                    let mask = mask.as_ref().map(|m| {
                        m.resampled(zoom.region, zoom.magnification, zoom.width_px, zoom.height_px)
                    });
                    let camera = look.map(|l| photo_camera(&l, zoom.magnification as f32));
                    let image = zoom.resample(image);
                    Ok(Staged { image, camera, alignment, mask, scan: None })
                }
                None => Ok(Staged {
                    image: image.clone(),
                    camera: look.map(|l| photo_camera(&l, 1.0)),
                    alignment: *alignment,
                    mask: mask.clone(),
                    scan: None,
                }),
            },
            Background::DefaultHead { view, width_px, height_px, scene } => {
                let size = [*width_px, *height_px];
                // The close-up is as large as the image asked for (2000 px on the command line
                // by default), so a small preview's close-up stays small.
                let options = ZoomOptions { long_side_px: size[0].max(size[1]), ..options };
                let full = default_head_alignment(model, *view, size[0], size[1], scene);
                let (close_up, alignment) = match self.zoom {
                    Some(target) => {
                        // Rendered once, at the close-up's scale: never an enlarged crop.
                        let project = default_head_projector(*view, size, scene);
                        let view_name = full.view().name();
                        let zoom =
                            Zoom::resolve_with(target, plan, &project, view_name, size, &options)?;
                        let b = zoom.region;
                        let close_up = HeadCloseUp {
                            region_px: [b.x_px, b.y_px, b.width_px, b.height_px].map(|v| v as f32),
                            magnification: zoom.magnification as f32,
                            size_px: [zoom.width_px, zoom.height_px],
                        };
                        (Some(close_up), zoom.alignment(model, &full))
                    }
                    None => (None, full),
                };
                let (image, frame) = stage_default_head(plan, *view, size, scene, close_up)?;
                Ok(Staged { image, camera: None, alignment, mask: None, scan: Some(frame) })
            }
        }
    }
}
