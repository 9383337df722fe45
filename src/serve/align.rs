//! Where the head model sits on the photo for a request: the page's own pose (the outline as
//! dragged) or its landmarks, else a reopened scene's, else the automatic fit's; the scene
//! files the page reopens; and the hairline's control points on the photo.

use std::sync::Arc;

use serde_json::{Value, json};

use super::http::Failure;
use super::landmarks::{PointsPx, align_by_points, answer as landmark_answer};
use super::photo::{PhotoState, Scalp, ellipse_json, pose_json};
use super::request::{HairlineBody, page_pose, traced_px};
use super::sessions::Session;
use crate::head::Pose;
use crate::head::{
    AlignInput, ScalpMask, TracedHairline, fit_to_alignment, project_hairline, symmetric_trace,
};
use crate::{Alignment, HeadModel, HeadSize, MaskImages, Scene, View};

/// A scene file reopened on the page, checked against the session's photo.
pub struct LoadedScene {
    /// The view it was saved in.
    pub view: View,
    /// Where it places the head model.
    pub alignment: Alignment,
    /// Its scalp mask, if it has one (it then replaces the fit's in every view, as
    /// `--scene` does on the command line).
    pub scalp: Option<Arc<Scalp>>,
}

/// The head model's place on the photo for one request, and the scalp it may dot.
pub struct Placement {
    /// Where the head model sits.
    pub alignment: Alignment,
    /// The scalp mask and the photo's camera measured on it.
    pub scalp: Arc<Scalp>,
    /// Which mask that is (the page fetches the mask again when it changes).
    pub scalp_source: ScalpSource,
}

/// Which scalp mask a placement uses.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ScalpSource {
    /// Painted on the page.
    Painted,
    /// A reopened scene file's.
    Scene,
    /// The automatic fit's, for its own placement.
    Fit,
    /// The placed head's outline inside the head the fit found, for this pose.
    Placed(Pose),
}

impl std::fmt::Display for ScalpSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Painted => f.write_str("painted"),
            Self::Scene => f.write_str("scene"),
            Self::Fit => f.write_str("fit"),
            Self::Placed(p) => write!(
                f,
                "placed {} {} {} {} {} {} {}",
                p.yaw_deg,
                p.pitch_deg,
                p.roll_deg,
                p.scale_px_per_mm[0],
                p.scale_px_per_mm[1],
                p.origin_px[0],
                p.origin_px[1]
            ),
        }
    }
}

/// The session's scalp for the head placed by `alignment` in `view`: the painted mask, else
/// the reopened scene's, else the fit's for its own placement, else the placed outline inside the
/// head the fit found (as `smpsim preview` builds it from the same photo and placement).
pub fn session_scalp(
    session: &Session,
    photo: &PhotoState,
    view: View,
    alignment: &Alignment,
    model: &HeadModel,
) -> (Arc<Scalp>, ScalpSource) {
    let (painted, loaded) = {
        let state = session.state();
        (state.painted.clone(), state.scene.as_ref().and_then(|s| s.scalp.clone()))
    };
    match (painted, loaded) {
        (Some(painted), _) => (painted, ScalpSource::Painted),
        (None, Some(loaded)) => (loaded, ScalpSource::Scene),
        (None, None) => {
            let fit = photo.fit(view, model);
            if alignment.pose == fit.alignment.pose {
                (Arc::clone(&fit.scalp), ScalpSource::Fit)
            } else {
                let placed = fit.placed_scalp(&photo.image, alignment, model);
                (placed, ScalpSource::Placed(alignment.pose))
            }
        }
    }
}

/// How the page asks to place the head: the whole pose of the outline as dragged, or the
/// landmarks clicked; neither: the reopened scene's, else the automatic fit's.
#[derive(Clone, Copy, Default)]
pub struct PageAlignment<'a> {
    /// The outline's whole pose.
    pub pose: Option<&'a crate::head::ScenePose>,
    /// The landmarks, px.
    pub points_px: Option<&'a PointsPx>,
}

/// The placement in `view`: the page's `pose` or landmarks if it sent them, else the reopened
/// scene's (in its own view), else the automatic fit's; the scalp is [`session_scalp`]'s.
pub fn place(
    session: &Session,
    photo: &PhotoState,
    view: View,
    asked: PageAlignment<'_>,
    model: &HeadModel,
) -> Result<Placement, Failure> {
    let fit = photo.fit(view, model);
    let loaded = session.state().scene.clone();
    let alignment = match (asked.pose, asked.points_px, &loaded) {
        (Some(_), Some(_), _) => {
            return Err(Failure::bad(
                "pose and points_px: give one: the outline's pose or the landmarks, not both",
            ));
        }
        (Some(pose), None, _) => Alignment::from_pose(page_pose(pose, view)?),
        (None, Some(points), _) => align_by_points(points, view, model, photo.image.dimensions())?,
        (None, None, Some(scene)) if scene.view == view => scene.alignment,
        (None, None, _) => fit.alignment,
    };
    let (scalp, scalp_source) = session_scalp(session, photo, view, &alignment, model);
    Ok(Placement { alignment, scalp, scalp_source })
}

/// Largest scene file, bytes: the command line's limit for preset and scene files (a
/// 12-MP photo's mask is a few hundred kB of runs).
pub const MAX_SCENE_BYTES: u64 = 16 << 20;

/// Reopens the scene file `text` over the session's photo, as `smpsim preview --photo PHOTO
/// --scene FILE` reads it (in `default_view` unless the file names one): refused with the
/// command line's one-line reasons, else kept for the session's previews. Answers the view,
/// the whole pose and outline to draw, and the traced hairline.
pub fn load_scene(
    session: &Session,
    text: &str,
    default_view: View,
    model: &HeadModel,
) -> Result<Value, Failure> {
    let bad = |e: &dyn std::fmt::Display| Failure::bad(format!("scene: {e}"));
    let photo = session.state().photo.clone().ok_or_else(|| Failure {
        status: 409,
        message: "scene: upload the photo it was saved with first".into(),
    })?;
    let scene = Scene::from_json(text).map_err(|e| bad(&e))?;
    if let Some(size) = scene.head_mm.filter(|&s| s != HeadSize::default()) {
        let HeadSize { length_mm, breadth_mm, height_mm } = size;
        return Err(Failure::bad(format!(
            "scene: head_mm: {length_mm}x{breadth_mm}x{height_mm}: the page works on the default \
             head size (195x155x125) only; other sizes work on the command line"
        )));
    }
    let view = scene.view.unwrap_or(default_view);
    let (width, height) = photo.image.dimensions();
    let scalp = match &scene.mask {
        Some(mask) => {
            let mask = ScalpMask::from_scene_mask(mask, [width, height]).map_err(|e| bad(&e))?;
            Some(Arc::new(Scalp::measured(&photo.image, mask)))
        }
        None => None,
    };
    let alignment = scene_alignment(&scene, view, &photo, model)?;
    if let Some(points) = &scene.hairline_px {
        TracedHairline::from_photo(points, model, &alignment)
            .map_err(|e| Failure::bad(format!("scene: hairline_px: {e}")))?;
    }
    let pose = alignment.pose;
    // Landmarks alone (as the page saves them) come back for the page to go on placing the
    // head by them; with a box, a glabella or a kept rotation the page sends the pose instead.
    let by_points_alone = !scene.points_px.is_empty()
        && scene.head_px.is_none()
        && scene.glabella_px.is_none()
        && scene.pose.is_none();
    let points = by_points_alone.then(|| landmark_answer(&alignment, model));
    let answer = json!({
        "view": view,
        "pose": pose_json(&pose),
        "model_outline": ellipse_json(&pose.outline(model)),
        "hairline_px": scene.hairline_px,
        "mask": scalp.is_some(),
        "landmarks": points,
    });
    let mut state = session.state();
    state.scene = Some(Arc::new(LoadedScene { view, alignment, scalp }));
    // The scene's mask (or the fit's) is the one it was saved with, not one painted before.
    state.painted = None;
    Ok(answer)
}

/// The alignment a scene file gives, as the command line finds it: its whole pose, else its
/// head box, glabella and landmarks, else the automatic fit turned by its angles.
fn scene_alignment(
    scene: &Scene,
    view: View,
    photo: &PhotoState,
    model: &HeadModel,
) -> Result<Alignment, Failure> {
    let bad = |e: &dyn std::fmt::Display| Failure::bad(format!("scene: {e}"));
    if let Some(pose) = scene.whole_pose(view) {
        return Ok(Alignment::from_pose(pose));
    }
    let input = AlignInput::from_scene(scene, view).map_err(|e| bad(&e))?;
    if input.head_box.is_none() && input.glabella_px.is_none() && input.points.is_empty() {
        let fit = photo.fit(view, model);
        return Ok(fit_to_alignment(&fit.fit, view, model, scene.rotation_deg()));
    }
    let (width, height) = photo.image.dimensions();
    Alignment::from_input(&input, model, width, height).map_err(|e| bad(&e))
}

/// The hairline's control points on the photo: the preset's line placed through the head
/// model, or (given traced points) those points made left/right symmetric.
pub fn hairline_points(
    session: &Session,
    body: &HairlineBody,
    model: &HeadModel,
) -> Result<Value, Failure> {
    let photo = session.state().photo.clone().ok_or_else(|| Failure {
        status: 409,
        message: "hairline: traced on a photo; upload one first".into(),
    })?;
    let view = body.view.unwrap_or(View::Front);
    let asked = PageAlignment { pose: body.pose.as_ref(), points_px: body.points_px.as_ref() };
    let placed = place(session, &photo, view, asked, model)?;
    let points = match &body.hairline_px {
        Some(points) => symmetric_trace(&traced_px(points)?, model, &placed.alignment)
            .map_err(|e| Failure::bad(format!("hairline_px: {e}")))?,
        None => {
            let preset = body.choice().load(model)?;
            let layout =
                preset.layout(&MaskImages::new()).map_err(|e| Failure::bad(e.to_string()))?;
            let line = layout.hairline_polyline_mm();
            if line.is_empty() {
                return Err(Failure::bad(format!(
                    "preset {}: has no hairline to trace; choose a pattern with a hairline",
                    preset.source_name()
                )));
            }
            let points = project_hairline(&line, model, &placed.alignment, body.point_count()?);
            if points.is_empty() {
                return Err(Failure::bad(
                    "hairline: the plan's hairline is not visible on the photo in this view and \
                     head position; move the outline or choose the view",
                ));
            }
            points
        }
    };
    Ok(json!({ "hairline_px": points }))
}
