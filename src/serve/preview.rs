//! The live preview: the newest request per consultation is rendered, older ones still waiting
//! are dropped, and the plan is sampled again only when the preset or seed changed.

use std::sync::Arc;

use super::align::{PageAlignment, ScalpSource, place};
use super::http::Failure;
use super::request::{PresetChoice, PreviewBody};
use super::sessions::{CachedPlan, Session, UsedScene};
use crate::head::{Alignment, Camera, TracedHairline};
use crate::render::{PreviewError, StagedBackground, default_view_of};
use crate::{
    Background, DefaultSceneOptions, HeadModel, ImageFormat, MaskImages, Preview, build_plan,
    encode_image,
};

/// Answer to a preview asked for while a newer one was already waiting.
pub const SUPERSEDED: u16 = 409;

/// The plan for `choice`: the session's cached one if the preset and seed are unchanged, else
/// sampled afresh (and cached).
pub fn plan_for(
    session: &Session,
    choice: &PresetChoice,
    model: &HeadModel,
) -> Result<Arc<CachedPlan>, Failure> {
    let key = choice.plan_key();
    if let Some(cached) = session.state().plan.clone().filter(|c| c.key == key) {
        return Ok(cached);
    }
    let preset = choice.load(model)?;
    let layout = preset.layout(&MaskImages::new()).map_err(|e| Failure::bad(e.to_string()))?;
    let options = crate::PlanOptions { seed: choice.seed, ..crate::PlanOptions::default() };
    let plan = build_plan(&layout, &options)
        .map_err(|e| Failure::bad(format!("preset {}: {e}", preset.source_name())))?;
    let cached = Arc::new(CachedPlan { key, layout, plan });
    session.state().plan = Some(Arc::clone(&cached));
    Ok(cached)
}

/// The built-in head staged for `key` (plan, view, size, skin): the session's if the last
/// preview had the same, else rendered afresh and kept.
fn staged_default_head(
    session: &Session,
    request: &Preview<'_>,
    key: String,
) -> Result<Arc<StagedBackground>, Failure> {
    if let Some((_, staged)) = session.state().default_head.as_ref().filter(|(k, _)| *k == key) {
        return Ok(Arc::clone(staged));
    }
    let staged = Arc::new(request.stage().map_err(|e| refused(&e))?);
    session.state().default_head = Some((key, Arc::clone(&staged)));
    Ok(staged)
}

/// A preview the library refused, naming the request's field as the command line names its
/// flag.
fn refused(error: &PreviewError) -> Failure {
    match error {
        PreviewError::Zoom(_) => Failure::bad(format!("zoom: {error}")),
        PreviewError::Pose(_) => Failure::bad(format!("head_turn_deg: {error}")),
        _ => Failure::bad(error.to_string()),
    }
}

/// A rendered preview.
pub struct RenderedPreview {
    /// The PNG.
    pub png: Vec<u8>,
    /// The traced hairline on the scalp map, as the JSON value of `hairline.points_mm`, when
    /// one replaced the preset's: what the stencil and the saved plan must follow too.
    pub hairline_mm: Option<String>,
    /// The plan's hairline through a traced one as it lies on the photo, image px (0.1 px): the
    /// smooth curve the plan follows between the traced points, as JSON runs of points (the
    /// line breaks where it turns away from the camera); what the page draws between its
    /// handles.
    pub hairline_curve_px: Option<String>,
    /// Which scalp mask a preview over a photo used (the page fetches it again when it
    /// changes: a new tilt or new landmarks move the fit's line across the head).
    pub scalp_source: Option<ScalpSource>,
}

/// `line_mm` (scalp map) as the photo shows it through `alignment`: runs of image points,
/// 0.1 px, split where the line leaves the camera's sight, as JSON.
fn curve_on_photo(line_mm: &[crate::MapPoint], model: &HeadModel, alignment: &Alignment) -> String {
    let camera = Camera::new(model, alignment);
    let mut runs: Vec<Vec<[f64; 2]>> = vec![Vec::new()];
    for &p in line_mm {
        match camera.map_point(model, p) {
            Some(px) => runs
                .last_mut()
                .expect("runs starts with one")
                .push(px.map(|v| (f64::from(v) * 10.0).round() / 10.0)),
            None if runs.last().is_some_and(|r| !r.is_empty()) => runs.push(Vec::new()),
            None => {}
        }
    }
    runs.retain(|r| r.len() > 1);
    serde_json::to_string(&runs).unwrap_or_else(|_| "[]".into())
}

/// Renders the preview `body` asks for as PNG, unless a newer request for the same session
/// arrives before its turn (then [`SUPERSEDED`]).
pub fn render_preview(
    session: &Session,
    body: &PreviewBody,
    model: &HeadModel,
) -> Result<RenderedPreview, Failure> {
    let number = session.ask_preview();
    let _turn = session.render_turn();
    let superseded = || Failure {
        status: SUPERSEDED,
        message: "superseded: a newer preview was asked for".into(),
    };
    if !session.is_newest(number) {
        return Err(superseded());
    }
    let rendering = body.rendering()?;
    let zoom = body.zoom_target()?;
    let skin = body.skin_type()?;
    let size = body.size_px()?;
    let traced_px = body.hairline_px()?;
    let mut choice = body.choice();
    let photo = session.state().photo.clone();
    if photo.is_some() && body.head_turn_deg.is_some() {
        return Err(Failure::bad(
            "head_turn_deg: turns the built-in head; on a photo the outline's pose turns the head \
             model",
        ));
    }
    let mut traced_mm = None;
    let mut traced_alignment = None;
    let mut scalp_source = None;
    let (cached, view, background) = match &photo {
        Some(photo) => {
            let view = match body.view {
                Some(view) => view,
                None => default_view_of(&plan_for(session, &choice, model)?.layout),
            };
            let asked =
                PageAlignment { pose: body.pose.as_ref(), points_px: body.points_px.as_ref() };
            let placed = place(session, photo, view, asked, model)?;
            scalp_source = Some(placed.scalp_source);
            if let Some(points) = &traced_px {
                // As `--hairline-px`: un-projected through this alignment, then a `--set`.
                let line = TracedHairline::from_photo(points, model, &placed.alignment)
                    .map_err(|e| Failure::bad(format!("hairline_px: {e}")))?;
                traced_mm = Some(line.points_json());
                traced_alignment = Some(placed.alignment);
                choice.hairline_mm = Some(line.points_mm);
            }
            session.state().used = Some(UsedScene {
                alignment: placed.alignment,
                scalp: Arc::clone(&placed.scalp),
                hairline_px: traced_px,
            });
            let background = Background::Photo {
                image: photo.image.clone(),
                alignment: placed.alignment,
                mask: Some(placed.scalp.mask.clone()),
                look: Some(placed.scalp.look.look),
            };
            (plan_for(session, &choice, model)?, view, background)
        }
        None if body.pose.is_some() => {
            return Err(Failure::bad(
                "pose: places the head model on a photo; the built-in head has no photo",
            ));
        }
        None if body.points_px.is_some() => {
            return Err(Failure::bad(
                "points_px: landmarks are clicked on a photo; the built-in head has no photo",
            ));
        }
        None if traced_px.is_some() => {
            return Err(Failure::bad(
                "hairline_px: a hairline is traced on a photo; the built-in head has no photo",
            ));
        }
        None => {
            let cached = plan_for(session, &choice, model)?;
            let view = body.view.unwrap_or_else(|| default_view_of(&cached.layout));
            let pose = body.default_head_pose(view)?;
            let scene = DefaultSceneOptions { skin, seed: cached.plan.seed, pose };
            let background =
                Background::DefaultHead { view, width_px: size[0], height_px: size[1], scene };
            (cached, view, background)
        }
    };
    if !session.is_newest(number) {
        return Err(superseded());
    }
    let request =
        Preview { layout: &cached.layout, plan: &cached.plan, model, background, zoom, rendering };
    let rendered = match &request.background {
        Background::DefaultHead { scene, .. } => {
            // Staged for this plan, view, size, skin, turn and close-up: the same bytes.
            let key = format!(
                "{}\n{view}\n{size:?}\n{}\n{:?}\n{zoom:?}",
                cached.key,
                skin.roman(),
                scene.pose
            );
            let staged = staged_default_head(session, &request, key)?;
            request.render_staged(&staged)
        }
        Background::Photo { .. } => request.render(),
    }
    .map_err(|e| refused(&e))?;
    let mut png = Vec::new();
    encode_image(&rendered.image, ImageFormat::Png, &mut png)
        .map_err(|e| Failure { status: 500, message: format!("preview: cannot encode: {e}") })?;
    let hairline_curve_px =
        traced_alignment.map(|a| curve_on_photo(&cached.plan.hairline_mm, model, &a));
    Ok(RenderedPreview { png, hairline_mm: traced_mm, hairline_curve_px, scalp_source })
}
