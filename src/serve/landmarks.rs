//! Landmarks clicked on the photo: the head's pose solved from them exactly as `smpsim preview
//! --point NAME=X,Y` solves it, so a scene saved with them (`points_px`) places the head on the
//! command line on the very same pixels.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Value, json};

use super::http::Failure;
use super::photo::{ellipse_json, pose_json};
use super::sessions::Session;
use crate::head::{AlignError, AlignInput, Landmark, LandmarkPoints};
use crate::{Alignment, HeadModel, View};

/// Landmarks by name (see [`Landmark::name`]), image px each, as a scene file's `points_px`.
pub type PointsPx = BTreeMap<String, [f64; 2]>;

/// A request to place the head by landmarks (`POST /api/landmarks`).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LandmarksBody {
    /// The side of the head the photo shows. Default front.
    #[serde(default)]
    pub view: Option<View>,
    /// The landmarks clicked, image px.
    pub points_px: PointsPx,
}

/// The landmarks from the page, rounded to 0.1 px: the precision a scene file saves them at,
/// so the pose solved here is the one the command line solves from the saved file. An
/// unknown name is refused naming it and the known ones.
pub fn landmark_points(points: &PointsPx) -> Result<LandmarkPoints, Failure> {
    let mut parsed = LandmarkPoints::default();
    for (name, px) in points {
        let landmark: Landmark =
            name.parse().map_err(|e| Failure::bad(format!("points_px: {e}")))?;
        let px = px.map(|v| (v * 10.0).round() / 10.0);
        parsed.insert(landmark, px).map_err(|e| Failure::bad(format!("points_px: {e}")))?;
    }
    Ok(parsed)
}

/// The alignment `points` give on an image of `width`×`height` px in `view`, as the command
/// line finds it from `--point` flags alone (no head box, no rotation kept); refused with the
/// command line's one line (too few points, points off the photo or out of view, points that
/// contradict each other).
pub fn align_by_points(
    points: &PointsPx,
    view: View,
    model: &HeadModel,
    (width, height): (u32, u32),
) -> Result<Alignment, Failure> {
    let bad = |e: AlignError| Failure::bad(format!("points_px: {e}"));
    let points = landmark_points(points)?;
    // Without points the library falls back to the default fit; the page asked for landmarks.
    if points.is_empty() {
        return Err(bad(AlignError::TooFewPoints { given: 0 }));
    }
    let input = AlignInput { points, ..AlignInput::new(view) };
    Alignment::from_input(&input, model, width, height).map_err(bad)
}

/// Solves the pose from the landmarks in `body` on the session's photo: answers the pose, the
/// head model's outline in it, the RMS miss in px and the points as used (rounded).
pub fn solve(session: &Session, body: &LandmarksBody, model: &HeadModel) -> Result<Value, Failure> {
    let photo = session.state().photo.clone().ok_or_else(|| Failure {
        status: 409,
        message: "points_px: landmarks are clicked on a photo; upload one first".into(),
    })?;
    let view = body.view.unwrap_or(View::Front);
    let alignment = align_by_points(&body.points_px, view, model, photo.image.dimensions())?;
    Ok(answer(&alignment, model))
}

/// What the page draws from an alignment solved from landmarks.
pub fn answer(alignment: &Alignment, model: &HeadModel) -> Value {
    let pose = alignment.pose;
    let used: PointsPx = match alignment.source {
        crate::head::AlignmentSource::Landmarks { points, .. } => {
            points.iter().map(|(l, px)| (l.name().to_owned(), px)).collect()
        }
        _ => PointsPx::new(),
    };
    json!({
        "view": pose.view,
        "pose": pose_json(&pose),
        "model_outline": ellipse_json(&pose.outline(model)),
        "residual_px": alignment.residual_px(),
        "points_px": used,
    })
}
