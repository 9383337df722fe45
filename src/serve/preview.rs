//! The live preview: the newest request per consultation is rendered, older ones still waiting
//! are dropped, and the plan is sampled again only when the preset or seed changed.

use std::sync::Arc;

use super::http::Failure;
use super::request::{PresetChoice, PreviewBody};
use super::sessions::{CachedPlan, Session};
use crate::render::{StagedBackground, default_view_of};
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
    let staged = Arc::new(request.stage().map_err(|e| Failure::bad(e.to_string()))?);
    session.state().default_head = Some((key, Arc::clone(&staged)));
    Ok(staged)
}

/// Renders the preview `body` asks for as PNG, unless a newer request for the same session
/// arrives before its turn (then [`SUPERSEDED`]).
pub fn render_preview(
    session: &Session,
    body: &PreviewBody,
    model: &HeadModel,
) -> Result<Vec<u8>, Failure> {
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
    let skin = body.skin_type()?;
    let size = body.size_px()?;
    let cached = plan_for(session, &body.choice(), model)?;
    let view = body.view.unwrap_or_else(|| default_view_of(&cached.layout));
    let photo = session.state().photo.clone();
    let background = match &photo {
        Some(photo) => {
            let fit = photo.fit(view, model);
            let alignment = match body.pose {
                Some(pose) => {
                    let whole = pose.whole(view).ok_or_else(|| {
                        Failure::bad("pose: give scale_px_per_mm and origin_px with the angles")
                    })?;
                    crate::Alignment::from_pose(whole)
                }
                None => fit.alignment,
            };
            session.state().alignment = Some((alignment, Arc::clone(&fit)));
            let mask = Some(fit.mask.clone());
            Background::Photo {
                image: photo.image.clone(),
                alignment,
                mask,
                look: Some(fit.look.look),
            }
        }
        None if body.pose.is_some() => {
            return Err(Failure::bad(
                "pose: places the head model on a photo; the built-in head has no photo",
            ));
        }
        None => {
            let scene = DefaultSceneOptions { skin, seed: cached.plan.seed, pose: None };
            Background::DefaultHead { view, width_px: size[0], height_px: size[1], scene }
        }
    };
    if !session.is_newest(number) {
        return Err(superseded());
    }
    let request = Preview {
        layout: &cached.layout,
        plan: &cached.plan,
        model,
        background,
        zoom: None,
        rendering,
    };
    let rendered = match &request.background {
        Background::DefaultHead { .. } => {
            let key = format!("{}\n{view}\n{size:?}\n{}", cached.key, skin.roman());
            let staged = staged_default_head(session, &request, key)?;
            request.render_staged(&staged)
        }
        Background::Photo { .. } => request.render(),
    }
    .map_err(|e| Failure::bad(e.to_string()))?;
    let mut png = Vec::new();
    encode_image(&rendered.image, ImageFormat::Png, &mut png)
        .map_err(|e| Failure { status: 500, message: format!("preview: cannot encode: {e}") })?;
    Ok(png)
}
