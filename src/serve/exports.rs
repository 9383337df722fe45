//! What the page saves: a stencil page, the preset and the scene, each the same bytes the
//! command line writes (`smpsim stencil`, `smpsim presets save`, `smpsim preview --save-scene`).

use super::http::{Failure, Reply};
use super::preview::plan_for;
use super::request::{PresetChoice, StencilBody};
use super::sessions::Session;
use crate::{HeadModel, HeadSize, Scene, Stencil, StencilFormat};

/// Stencil page `body.page` (from 1) as PNG (with its DPI) or SVG; the page count is in the
/// `X-Stencil-Pages` header.
pub fn stencil(session: &Session, body: &StencilBody, model: &HeadModel) -> Result<Reply, Failure> {
    let options = body.options()?;
    // `smpsim stencil` loads the preset without a head: the default head leaves it unchanged.
    let cached = plan_for(session, &body.choice(), model)?;
    let stencil = Stencil::new(&cached.plan, &options).map_err(|e| Failure::bad(e.to_string()))?;
    let count = stencil.page_count();
    if !(1..=count).contains(&body.page) {
        return Err(Failure::bad(format!("page: {}: allowed 1–{count}", body.page)));
    }
    let mut bytes = Vec::new();
    stencil
        .write_page(body.page - 1, &mut bytes)
        .map_err(|e| Failure { status: 500, message: format!("stencil: {e}") })?;
    let content_type = match options.format {
        StencilFormat::Svg => "image/svg+xml",
        _ => "image/png",
    };
    Ok(Reply::ok(content_type, bytes).with_header("X-Stencil-Pages", count.to_string()))
}

/// The preset with every default written out, as `smpsim presets save` writes it.
pub fn preset_json(choice: &PresetChoice, model: &HeadModel) -> Result<Reply, Failure> {
    let preset = choice.load(model)?;
    let text = preset.to_json_pretty() + "\n";
    Ok(Reply::ok("application/json", text.into_bytes()))
}

/// The alignment, scalp mask and traced hairline the last photo preview used, as `smpsim
/// preview --save-scene` writes them.
pub fn scene_json(session: &Session) -> Result<Reply, Failure> {
    let used = session.state().used.clone().ok_or_else(|| Failure {
        status: 404,
        message: "scene: no photo preview yet; upload a photo and render a preview first".into(),
    })?;
    let mask = Some(used.scalp.mask.to_scene_mask());
    let hairline_px = used.hairline_px;
    let scene = Scene { mask, hairline_px, ..used.alignment.to_scene(HeadSize::default()) };
    let text = scene
        .to_json_pretty()
        .map_err(|e| Failure { status: 500, message: format!("scene: {e}") })?;
    Ok(Reply::ok("application/json", (text + "\n").into_bytes()))
}
