//! Landmarks clicked on the page: `POST /api/landmarks` solves the pose as `--point` does, a
//! preview placed by them saves a scene with `points_px` that the command line reproduces byte
//! for byte, and bad landmarks get the command line's one line while the server goes on.

use std::fs;
use std::path::Path;

use serde_json::{Value, json};

use super::{Served, test_photo};
use crate::support::{path_arg, smpsim};

/// Three landmarks on `front-02.jpg` (256×256, the top of a bowed head): between the brows
/// and the two temple corners of the hairline.
fn three_points() -> Value {
    json!({
        "glabella": [131.04, 168.0],
        "left-temple-corner": [205.0, 120.0],
        "right-temple-corner": [58.0, 120.0],
    })
}

/// A preview placed by the landmarks on the page in `session`: the saved scene carries the
/// landmarks (rounded to 0.1 px, as used), and the command line given that scene draws the
/// same bytes; reopened in a new consultation, the landmarks come back.
pub fn landmarks_round_trip(served: &Served, session: &str, photo: &Path, dir: &Path) {
    let fit_pose =
        served.send("GET", &format!("/api/fit?session={session}&view=front"), b"").json()["pose"]
            .clone();
    let solved = served.send(
        "POST",
        &format!("/api/landmarks?session={session}"),
        json!({ "view": "front", "points_px": three_points() }).to_string().as_bytes(),
    );
    assert_eq!(solved.status, 200, "{}", solved.text());
    let solved = solved.json();
    assert_eq!(solved["points_px"]["glabella"], json!([131.0, 168.0]), "rounded to 0.1 px");
    let residual = solved["residual_px"].as_f64().expect("the RMS miss");
    assert!((0.0..1.0).contains(&residual), "three points solve exactly: {residual} px");
    assert_ne!(solved["pose"], fit_pose, "the landmarks did not move the head");
    let body = json!({
        "preset": "norwood-6", "seed": 2, "view": "front", "points_px": three_points(),
    });
    let answer = served.send(
        "POST",
        &format!("/api/preview?session={session}"),
        body.to_string().as_bytes(),
    );
    assert_eq!(answer.status, 200, "{}", answer.text());
    let scene_text = served.send("GET", &format!("/api/scene.json?session={session}"), b"").text();
    let scene: Value = serde_json::from_str(&scene_text).unwrap();
    assert_eq!(scene["points_px"], solved["points_px"], "{scene_text:.400}");
    assert!(scene.get("pose").is_none(), "the landmarks, not a pose, place the head");
    let (scene_file, out) = (dir.join("landmarks.json"), dir.join("landmarks.png"));
    fs::write(&scene_file, &scene_text).unwrap();
    let output = smpsim()
        .args(["preview", "--preset", "norwood-6", "--seed", "2", "--photo", path_arg(photo)])
        .args(["--scene", path_arg(&scene_file), "-o", path_arg(&out)])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{err}");
    assert!(err.contains("solved from 3 landmarks"), "{err}");
    assert!(fs::read(&out).unwrap() == answer.body, "the landmark preview differs from the CLI's");
    // Reopened: the landmarks come back for the page to go on placing the head by them.
    let again = served.session();
    served.upload(&again, photo, "front");
    let reopened =
        served.send("POST", &format!("/api/scene?session={again}"), scene_text.as_bytes());
    assert_eq!(reopened.status, 200, "{}", reopened.text());
    let reopened = reopened.json();
    assert_eq!(reopened["landmarks"]["points_px"], solved["points_px"]);
    assert_eq!(reopened["pose"], solved["pose"]);
}

#[test]
fn bad_landmarks_are_refused_in_one_line_and_the_server_goes_on() {
    let served = Served::start(&[]);
    let session = served.session();
    let landmarks = format!("/api/landmarks?session={session}");
    let send = |body: &Value| served.send("POST", &landmarks, body.to_string().as_bytes());
    // No photo yet: nothing to click on.
    let line = send(&json!({ "points_px": three_points() })).error(409);
    assert!(line.starts_with("points_px:") && line.contains("upload"), "{line}");
    served.upload(&session, &test_photo("front-02.jpg"), "front");
    let refusals = [
        (json!({ "glabella": [131, 168] }), "points_px: 1 landmark point(s) cannot place the head"),
        (json!({}), "points_px: 0 landmark point(s)"),
        (json!({ "ear": [10, 10], "chin": [100, 200] }), "unknown landmark `ear`"),
        (
            json!({ "glabella": [131, 168], "chin": [300, 10] }),
            "landmark chin at 300,10 lies outside the 256×256 px photo",
        ),
        (
            json!({ "glabella": [131, 168], "inion": [30, 10] }),
            "landmark inion cannot be seen in the front view",
        ),
        (
            json!({
                "glabella": [131, 168], "chin": [130, 20], "vertex": [135, 200],
                "left-temple-corner": [20, 20],
            }),
            "the landmark points contradict each other",
        ),
    ];
    for (points, expected) in refusals {
        let line = send(&json!({ "view": "front", "points_px": points })).error(400);
        assert!(line.contains(expected), "{points}: {line}");
        assert!(line.starts_with("points_px: "), "{line}");
    }
    let line = send(&json!({ "points_px": { "glabella": "here" } })).error(400);
    assert!(line.contains("points_px.glabella") && line.contains("array"), "{line}");
    let line = send(&json!({ "points": {} })).error(400);
    assert!(line.contains("unknown field `points`"), "{line}");
    // A preview asked with both a pose and landmarks, or landmarks that cannot place the head.
    let preview = format!("/api/preview?session={session}");
    let pose = json!({ "yaw_deg": 0, "pitch_deg": 0, "roll_deg": 0,
                       "scale_px_per_mm": [1, 1], "origin_px": [128, 128] });
    let both = json!({ "preset": "norwood-6", "pose": pose, "points_px": three_points() });
    let line = served.send("POST", &preview, both.to_string().as_bytes()).error(400);
    assert!(line.contains("pose and points_px: give one"), "{line}");
    let one = json!({ "preset": "norwood-6", "points_px": { "chin": [100, 200] } });
    let line = served.send("POST", &preview, one.to_string().as_bytes()).error(400);
    assert!(line.starts_with("points_px: 1 landmark point(s)"), "{line}");
    // The built-in head has no photo to click on.
    served.send("POST", &format!("/api/default-head?session={session}"), b"");
    let line = served
        .send(
            "POST",
            &preview,
            json!({ "preset": "norwood-6", "points_px": three_points() }).to_string().as_bytes(),
        )
        .error(400);
    assert!(line.contains("built-in head has no photo"), "{line}");
    assert_eq!(served.send("GET", "/api/presets", b"").status, 200, "the server stopped");
}

#[test]
fn landmarks_place_the_plans_hairline_on_the_photo() {
    let served = Served::start(&[]);
    let session = served.session();
    served.upload(&session, &test_photo("front-02.jpg"), "front");
    let hairline = |extra: Value| {
        let mut body = json!({ "preset": "norwood-3", "view": "front" });
        body.as_object_mut().unwrap().extend(extra.as_object().unwrap().clone());
        let answer = served.send(
            "POST",
            &format!("/api/hairline?session={session}"),
            body.to_string().as_bytes(),
        );
        assert_eq!(answer.status, 200, "{}", answer.text());
        answer.json()["hairline_px"].clone()
    };
    let fitted = hairline(json!({}));
    let placed = hairline(json!({ "points_px": three_points() }));
    assert_ne!(fitted, placed, "the landmarks did not move the plan's hairline");
}
