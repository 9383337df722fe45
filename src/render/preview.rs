//! The preview's assembly: a plan's dots through the head model and camera into [`ScreenDot`]s,
//! splatted over the photo (or default head), with guides and a before/after pair.

use image::RgbImage;
use rayon::prelude::*;

use super::overlay::{SimulationLabel, draw_simulation_label, draw_stage_guides};
use super::stage::Stage;
use crate::dots::{Dot, ZoneKind};
use crate::head::{Alignment, Camera, HeadModel, View};
use crate::plan::Plan;
use crate::preset::Layout;
use crate::seed::{GOLDEN_GAMMA, mix64};
use crate::splat::ScreenDot;
use crate::splat::{DotAppearance, Look, dot_appearance};
use crate::splat::{SplatError, SplatOptions};

/// The view a plan is best judged from: the front when it rebuilds a hairline, else the top
/// (crown, diffuse thinning and scars are read from above).
pub fn default_view(plan: &Plan) -> View {
    view_for_zones(plan.zones.iter().map(|z| z.kind))
}

/// As [`default_view`], for a layout before it is planned.
pub fn default_view_of(layout: &Layout) -> View {
    view_for_zones(layout.zone_info().iter().map(|z| z.kind))
}

/// The front for zones with a hairline (it is drawn facing the client), else the top.
fn view_for_zones(mut kinds: impl Iterator<Item = ZoneKind>) -> View {
    if kinds.any(|kind| kind == ZoneKind::Hairline) { View::Front } else { View::Top }
}

/// What a preview shows and how it draws it.
#[derive(Clone, Debug, Default)]
pub struct PreviewOptions {
    /// Show the head after sessions `1..=session`; `None` shows every session. Default `None`.
    pub session: Option<u8>,
    /// Fresh, healed (default) or aged dots.
    pub look: Look,
    /// Draw the fitted outline, hairline and zone borders over the result. Default `false`.
    pub guides: bool,
    /// How dots are drawn (pigment, soft edge, halo). Default: [`SplatOptions::default`].
    pub splat: SplatOptions,
}

/// Why a preview could not be rendered or written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PreviewError {
    /// The session asked for is not in the plan.
    #[error("session {session} is not in the plan: allowed 1–{count}")]
    Session {
        /// The session asked for.
        session: u8,
        /// Sessions in the plan.
        count: u8,
    },
    /// A drawing option is out of range.
    #[error(transparent)]
    Splat(#[from] SplatError),
    /// A close-up could not be framed.
    #[error(transparent)]
    Zoom(#[from] super::zoom::ZoomError),
    /// The default head's pose is out of range.
    #[error(transparent)]
    Pose(#[from] crate::default_head::ScanRenderError),
}

/// What a rendered preview contains, for the caller to report.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PreviewSummary {
    /// Sessions shown, `1..=session`.
    pub session: u8,
    /// Dots drawn (those facing the camera and inside the image).
    pub dots_drawn: usize,
    /// Dots of the shown sessions in the plan.
    pub dots_planned: usize,
}

/// Renders `plan` over `image` (the photo or default head, already aligned by `alignment`):
/// projects each dot onto the head, draws it like pigment in skin, adds guides if asked, and
/// always the "SIMULATION" label with the preset, session and look (bottom left): previews are
/// read as promises, so none leaves without it.
pub fn render_preview(
    plan: &Plan,
    model: &HeadModel,
    alignment: &Alignment,
    image: &mut RgbImage,
    options: &PreviewOptions,
) -> Result<PreviewSummary, PreviewError> {
    render_preview_on(&Stage::photo(model, alignment, None), plan, image, options)
}

/// [`render_preview`] on any stage (a photo's head model, or the rendered default head); on a
/// photo with a scalp mask, pixels off the mask keep the photo's values (guides and the label
/// are drawn over them afterwards).
pub(crate) fn render_preview_on(
    stage: &Stage<'_>,
    plan: &Plan,
    image: &mut RgbImage,
    options: &PreviewOptions,
) -> Result<PreviewSummary, PreviewError> {
    let count = plan.session_count;
    let session = options.session.unwrap_or(count);
    if session == 0 || session > count {
        return Err(PreviewError::Session { session, count });
    }
    let (w, h) = image.dimensions();
    let look = options.look;
    let kinds: Vec<ZoneKind> = plan.zones.iter().map(|z| z.kind).collect();
    let dots = stage.dots(plan, session, [w, h], &options.splat, |d| {
        let kind = kinds.get(usize::from(d.zone)).copied().unwrap_or(ZoneKind::Total);
        dot_appearance(d, kind, look)
    });
    stage.splat(image, &dots, &options.splat)?;
    if options.guides {
        draw_stage_guides(image, plan, stage);
    }
    let label =
        SimulationLabel { preset_name: &plan.preset_name, session, session_count: count, look };
    draw_simulation_label(image, &label);
    Ok(PreviewSummary {
        session,
        dots_drawn: dots.len(),
        dots_planned: plan.dots_through_session(session).len(),
    })
}

/// The visible dots of sessions `1..=session` as they land in an image of
/// `width_px`×`height_px`, in the plan's dot order (so the output does not depend on threads).
///
/// `look` gives each dot's drawn size and strength (see [`dot_appearance`]); dots on the far
/// side of the head, of zero strength or wholly outside the image (as the default
/// [`SplatOptions`] draw them) are left out.
pub fn project_dots<L>(
    plan: &Plan,
    session: u8,
    model: &HeadModel,
    camera: &Camera,
    width_px: u32,
    height_px: u32,
    look: L,
) -> Vec<ScreenDot>
where
    L: Fn(&Dot) -> DotAppearance + Sync,
{
    let size_px = [width_px, height_px];
    visible_dots(plan, session, model, camera, size_px, &SplatOptions::default(), look)
}

/// The visible dots of sessions `1..=session` as they land in an image of `size_px` (width,
/// height), in the plan's dot order (so the output does not depend on threads).
///
/// `look` gives each dot's drawn size and strength (see [`dot_appearance`]); dots on the far
/// side of the head, of zero strength or beyond `splat`'s reach outside the image are left out.
pub(crate) fn visible_dots<L>(
    plan: &Plan,
    session: u8,
    model: &HeadModel,
    camera: &Camera,
    size_px: [u32; 2],
    splat: &SplatOptions,
    look: L,
) -> Vec<ScreenDot>
where
    L: Fn(&Dot) -> DotAppearance + Sync,
{
    let dots = plan.dots_through_session(session);
    let [w, h] = size_px.map(|v| v as f32);
    dots.par_iter()
        .enumerate()
        .filter_map(|(index, dot)| {
            let a = look(dot);
            if !a.is_visible() {
                return None;
            }
            let f = camera.dot(model, dot.position, a.diameter_mm / 2.0)?;
            let [x, y] = f.center_px;
            let reach = splat.reach_px(f.radius_major_px);
            if x + reach < 0.0 || y + reach < 0.0 || x - reach > w || y - reach > h {
                return None;
            }
            Some(ScreenDot {
                center_px: f.center_px,
                radius_major_px: f.radius_major_px,
                radius_minor_px: f.radius_minor_px,
                major_dir: f.major_dir,
                strength: a.strength,
                shape_seed: shape_seed(plan.seed, index),
            })
        })
        .collect()
}

/// A per-dot seed that stays the same when later sessions are added (dots keep their index).
fn shape_seed(plan_seed: u64, index: usize) -> u32 {
    // Neighbouring indices get unrelated seeds.
    mix64(plan_seed ^ (index as u64).wrapping_mul(GOLDEN_GAMMA)) as u32
}

/// `before` and `after` side by side (before on the left), for `--compare`.
///
/// Both must have the same size (they are the same photo before and after rendering); if not,
/// the shorter one is padded with black below.
pub fn side_by_side(before: &RgbImage, after: &RgbImage) -> RgbImage {
    let (wb, hb) = before.dimensions();
    let (wa, ha) = after.dimensions();
    let mut out = RgbImage::new(wb + wa, hb.max(ha));
    image::imageops::replace(&mut out, before, 0, 0);
    image::imageops::replace(&mut out, after, i64::from(wb), 0);
    out
}
