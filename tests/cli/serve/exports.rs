//! What the page renders and saves equals, byte for byte, what the command line writes from
//! the same preset, seed and scene.

use std::fs;

use super::{Served, test_photo};
use crate::support::{path_arg, smpsim};

fn cli(args: &[&str]) {
    smpsim().args(args).assert().success();
}

fn post(served: &Served, path: &str, body: &str) -> Vec<u8> {
    let answer = served.send("POST", path, body.as_bytes());
    assert_eq!(answer.status, 200, "{path}: {}", answer.text());
    answer.body
}

#[test]
fn previews_over_a_photo_equal_the_command_lines() {
    let dir = tempfile::tempdir().unwrap();
    let photo = test_photo("front-02.jpg");
    let served = Served::start(&[]);
    let session = served.session();
    let fit = served.upload(&session, &photo, "front");
    let preview = format!("/api/preview?session={session}");
    let body = r#"{"preset":"norwood-6","seed":3,"look":"fresh","session":2}"#;
    let served_png = post(&served, &preview, body);
    let out = dir.path().join("cli.png");
    let scene = dir.path().join("scene.json");
    cli(&[
        "preview",
        "--preset",
        "norwood-6",
        "--seed",
        "3",
        "--look",
        "fresh",
        "--session",
        "2",
        "--photo",
        path_arg(&photo),
        "--view",
        "front",
        "-o",
        path_arg(&out),
        "--save-scene",
        path_arg(&scene),
    ]);
    assert!(fs::read(&out).unwrap() == served_png, "the page's preview differs from the CLI's");
    // The scene the page saves is the command line's --save-scene.
    let served_scene = served.send("GET", &format!("/api/scene.json?session={session}"), b"");
    assert_eq!(served_scene.text(), fs::read_to_string(&scene).unwrap());
    // A moved head: the page's pose, saved as a scene with the page's scalp mask, reproduces
    // the preview on the command line.
    let mut pose = fit["pose"].clone();
    pose["origin_px"][0] = serde_json::json!(pose["origin_px"][0].as_f64().unwrap() + 12.0);
    pose["roll_deg"] = serde_json::json!(4.0);
    let moved = format!(r#"{{"preset":"norwood-6","pose":{pose}}}"#);
    let moved_png = post(&served, &preview, &moved);
    let scene_text = served.send("GET", &format!("/api/scene.json?session={session}"), b"").body;
    let mask = served.send("GET", &format!("/api/mask.png?session={session}&view=front"), b"").body;
    let (scene2, mask_file, out2) =
        (dir.path().join("moved.json"), dir.path().join("mask.png"), dir.path().join("moved.png"));
    fs::write(&scene2, scene_text).unwrap();
    fs::write(&mask_file, mask).unwrap();
    cli(&[
        "preview",
        "--preset",
        "norwood-6",
        "--photo",
        path_arg(&photo),
        "--scene",
        path_arg(&scene2),
        "--mask",
        path_arg(&mask_file),
        "-o",
        path_arg(&out2),
    ]);
    assert!(fs::read(&out2).unwrap() == moved_png, "the moved preview differs from the CLI's");
    painted_mask_round_trips(&served, &session, &photo, dir.path(), &moved, &moved_png);
    super::landmarks::landmarks_round_trip(&served, &session, &photo, dir.path());
}

/// A mask painted on the page (the fitted one with its left half erased) replaces the
/// session's: the preview loses dots, the saved scene carries the painted runs, the command
/// line given that scene draws the page's preview byte for byte, and DELETE brings the fitted
/// mask back.
fn painted_mask_round_trips(
    served: &Served,
    session: &str,
    photo: &std::path::Path,
    dir: &std::path::Path,
    body: &str,
    fitted_png: &[u8],
) {
    let mask_url = format!("/api/mask.png?session={session}&view=front");
    let fitted = image::load_from_memory(&served.send("GET", &mask_url, b"").body).unwrap();
    let mut painted = fitted.to_luma8();
    let half = painted.width() / 2;
    for (x, _, pixel) in painted.enumerate_pixels_mut() {
        if x < half {
            pixel.0 = [0];
        }
    }
    let scalp_px = painted.pixels().filter(|p| p.0[0] == 255).count();
    let fitted_px = fitted.to_luma8().pixels().filter(|p| p.0[0] == 255).count();
    assert!(scalp_px > 0 && scalp_px < fitted_px, "{scalp_px} of {fitted_px}");
    let mut png = std::io::Cursor::new(Vec::new());
    painted.write_to(&mut png, image::ImageFormat::Png).unwrap();
    let answer = post_bytes(served, &format!("/api/mask?session={session}"), png.get_ref());
    assert_eq!(answer["scalp_px"], scalp_px);
    let held = image::load_from_memory(&served.send("GET", &mask_url, b"").body).unwrap();
    assert!(held.to_luma8() == painted, "GET /api/mask.png does not serve the painted mask");
    let preview = format!("/api/preview?session={session}");
    let painted_png = post(served, &preview, body);
    assert!(painted_png != fitted_png, "the painted mask did not change the preview");
    let scene_text = served.send("GET", &format!("/api/scene.json?session={session}"), b"").body;
    let scene: serde_json::Value = serde_json::from_slice(&scene_text).unwrap();
    let runs = scene["mask"]["runs"].as_str().unwrap();
    let first_columns = runs.split(',').map(|r| r.split_whitespace().nth(1).unwrap());
    assert!(first_columns.map(|c| c.parse::<u32>().unwrap()).all(|c| c >= half), "{runs:.200}");
    let (scene_file, out) = (dir.join("painted.json"), dir.join("painted.png"));
    fs::write(&scene_file, scene_text).unwrap();
    cli(&[
        "preview",
        "--preset",
        "norwood-6",
        "--photo",
        path_arg(photo),
        "--scene",
        path_arg(&scene_file),
        "-o",
        path_arg(&out),
    ]);
    assert!(fs::read(&out).unwrap() == painted_png, "the painted preview differs from the CLI's");
    // Back to the fitted area.
    let reset = served.send("DELETE", &format!("/api/mask?session={session}"), b"");
    assert_eq!(reset.status, 200, "{}", reset.text());
    assert!(post(served, &preview, body) == fitted_png, "the fitted mask did not come back");
}

fn post_bytes(served: &Served, path: &str, body: &[u8]) -> serde_json::Value {
    let answer = served.send("POST", path, body);
    assert_eq!(answer.status, 200, "{path}: {}", answer.text());
    answer.json()
}

#[test]
fn the_default_head_stencil_and_preset_equal_the_command_lines() {
    let dir = tempfile::tempdir().unwrap();
    let served = Served::start(&[]);
    let session = served.session();
    let png = post(
        &served,
        &format!("/api/preview?session={session}"),
        r#"{"preset":"crown-only","seed":5,"skin":"V","width_px":320,"height_px":240,"rendering":"compare"}"#,
    );
    let out = dir.path().join("head.png");
    cli(&[
        "preview",
        "--preset",
        "crown-only",
        "--seed",
        "5",
        "--skin",
        "v",
        "--size",
        "320x240",
        "--compare",
        "-o",
        path_arg(&out),
    ]);
    assert!(fs::read(&out).unwrap() == png, "the default-head preview differs from the CLI's");
    // A look change draws the dots over the head already rendered: still the CLI's bytes.
    let fresh = post(
        &served,
        &format!("/api/preview?session={session}"),
        r#"{"preset":"crown-only","seed":5,"skin":"V","width_px":320,"height_px":240,"look":"fresh","session":1}"#,
    );
    let out = dir.path().join("fresh.png");
    cli(&[
        "preview",
        "--preset",
        "crown-only",
        "--seed",
        "5",
        "--skin",
        "v",
        "--size",
        "320x240",
        "--look",
        "fresh",
        "--session",
        "1",
        "-o",
        path_arg(&out),
    ]);
    assert!(fs::read(&out).unwrap() == fresh, "the re-used default head differs from the CLI's");

    let stencil = served.send(
        "POST",
        &format!("/api/stencil?session={session}"),
        br#"{"preset":"crown-only","seed":5,"dpi":100,"paper":"none"}"#,
    );
    assert_eq!(stencil.status, 200, "{}", stencil.text());
    assert_eq!(stencil.header("X-Stencil-Pages"), Some("1"));
    let out = dir.path().join("stencil.png");
    cli(&[
        "stencil",
        "--preset",
        "crown-only",
        "--seed",
        "5",
        "--dpi",
        "100",
        "--page",
        "none",
        "-o",
        path_arg(&out),
    ]);
    assert!(fs::read(&out).unwrap() == stencil.body, "the stencil differs from the CLI's");

    let svg = served.send(
        "POST",
        &format!("/api/stencil?session={session}"),
        br#"{"preset":"crown-only","seed":5,"format":"svg"}"#,
    );
    assert_eq!(svg.status, 200, "{}", svg.text());
    let pages: usize = svg.header("X-Stencil-Pages").unwrap().parse().unwrap();
    let out = dir.path().join("sheet.svg");
    cli(&[
        "stencil",
        "--preset",
        "crown-only",
        "--seed",
        "5",
        "--format",
        "svg",
        "-o",
        path_arg(&out),
    ]);
    let first = dir.path().join(if pages > 1 { "sheet-p01.svg" } else { "sheet.svg" });
    assert!(fs::read(&first).unwrap() == svg.body, "SVG page 1 differs from the CLI's");

    let preset = post(&served, "/api/preset.json", r#"{"preset":"crown-only"}"#);
    let out = dir.path().join("preset.json");
    cli(&["presets", "save", "--preset", "crown-only", "-o", path_arg(&out)]);
    assert_eq!(String::from_utf8(preset.clone()).unwrap(), fs::read_to_string(&out).unwrap());
    // The saved preset, sent back as JSON, plans the same dots.
    let text = serde_json::to_string(&String::from_utf8(preset).unwrap()).unwrap();
    let again = post(
        &served,
        &format!("/api/preview?session={session}"),
        &format!(
            r#"{{"preset_json":{text},"seed":5,"skin":"V","width_px":320,"height_px":240,"rendering":"compare"}}"#
        ),
    );
    assert!(again == png, "the preset sent back as JSON renders differently");
}

#[test]
fn the_turned_built_in_head_and_close_ups_equal_the_command_lines() {
    let dir = tempfile::tempdir().unwrap();
    let served = Served::start(&[]);
    let session = served.session();
    let preview = format!("/api/preview?session={session}");
    let cases: [(&str, &[&str]); 4] = [
        (
            r#"{"preset":"norwood-4","head_turn_deg":[-35,15],"width_px":320,"height_px":240}"#,
            &["--preset", "norwood-4", "--pose=-35,15,0", "--size", "320x240"],
        ),
        (
            r#"{"preset":"norwood-4","zoom":"hairline","width_px":320,"height_px":240,"look":"fresh"}"#,
            &[
                "--preset",
                "norwood-4",
                "--zoom",
                "hairline",
                "--size",
                "320x240",
                "--look",
                "fresh",
            ],
        ),
        (
            r#"{"preset":"crown-only","zoom":"crown","view":"top","head_turn_deg":[20,-30],"width_px":320,"height_px":240}"#,
            &[
                "--preset",
                "crown-only",
                "--zoom",
                "crown",
                "--view",
                "top",
                "--pose=20,-30,0",
                "--size",
                "320x240",
            ],
        ),
        (
            r#"{"preset":"norwood-4","zoom":"hairline","rendering":"strip","width_px":320,"height_px":240}"#,
            &["--preset", "norwood-4", "--zoom", "hairline", "--strip", "--size", "320x240"],
        ),
    ];
    let mut seen = Vec::new();
    for (i, (body, flags)) in cases.iter().enumerate() {
        let png = post(&served, &preview, body);
        let out = dir.path().join(format!("case{i}.png"));
        smpsim().arg("preview").args(*flags).args(["-o", path_arg(&out)]).assert().success();
        assert!(fs::read(&out).unwrap() == png, "{body}: differs from the CLI's");
        seen.push(png);
    }
    // The turn and the close-up change the picture (the plan alone, unturned, differs).
    let plain = post(&served, &preview, r#"{"preset":"norwood-4","width_px":320,"height_px":240}"#);
    assert!(seen[0] != plain && seen[1] != plain, "the turn or the close-up changed nothing");
    // Bad values: one line naming the field, the value and what is allowed.
    let refusals = [
        (r#"{"preset":"norwood-4","zoom":"nape"}"#, r#"zoom: "nape": allowed hairline, crown"#),
        (
            r#"{"preset":"crown-only","zoom":"hairline"}"#,
            "zoom: preset crown-only has no hairline zone",
        ),
        (
            r#"{"preset":"norwood-4","head_turn_deg":[120,0]}"#,
            "head_turn_deg: [120, 0]: yaw and pitch must each lie within ±90°",
        ),
        (
            r#"{"preset":"norwood-4","view":"top","head_turn_deg":[0,50]}"#,
            "head_turn_deg: pitch 50: seen from the top the built-in head's pitch must lie within -179 to 0",
        ),
        (r#"{"preset":"norwood-4","head_turn_deg":[0]}"#, "preview: head_turn_deg:"),
    ];
    for (body, expected) in refusals {
        let line = served.send("POST", &preview, body.as_bytes()).error(400);
        assert!(line.starts_with(expected), "{body}: {line}");
    }
    // On a photo the outline turns the head model: the built-in head's turn is refused.
    let photo = test_photo("front-02.jpg");
    let upload = format!("/api/photo?session={session}&view=front");
    assert_eq!(served.send("POST", &upload, &fs::read(&photo).unwrap()).status, 200);
    let body = r#"{"preset":"norwood-4","head_turn_deg":[10,0]}"#;
    let line = served.send("POST", &preview, body.as_bytes()).error(400);
    assert!(line.starts_with("head_turn_deg: turns the built-in head"), "{line}");
    // A close-up of the photo, as `--photo --zoom hairline` makes it.
    let png = post(&served, &preview, r#"{"preset":"norwood-4","view":"front","zoom":"hairline"}"#);
    let out = dir.path().join("photo-zoom.png");
    smpsim()
        .args(["preview", "--preset", "norwood-4", "--view", "front", "--zoom", "hairline"])
        .args(["--photo", path_arg(&photo), "-o", path_arg(&out)])
        .assert()
        .success();
    assert!(fs::read(&out).unwrap() == png, "the photo close-up differs from the CLI's");
    assert_eq!(served.send("GET", "/api/presets", b"").status, 200, "the server stopped");
}

/// Runs the command line and returns its stderr (asserting success).
fn cli_stderr(args: &[&str]) -> String {
    let output = smpsim().args(args).output().unwrap();
    assert!(output.status.success(), "{args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_dragged_outline_and_hairline_round_trip_through_the_scene_file_to_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let photo = test_photo("front-02.jpg");
    let served = Served::start(&[]);
    let session = served.session();
    let upload = |session: &str| served.upload(session, &photo, "front");
    let fit = upload(&session);
    // The plan's hairline placed on the photo, one point dragged up 6 px.
    let placed = post(
        &served,
        &format!("/api/hairline?session={session}"),
        r#"{"preset":"norwood-3","view":"front"}"#,
    );
    let mut points: Vec<[f64; 2]> = serde_json::from_value(
        serde_json::from_slice::<serde_json::Value>(&placed).unwrap()["hairline_px"].clone(),
    )
    .unwrap();
    assert!(points.len() >= 5, "{points:?}");
    points[4][1] = ((points[4][1] - 6.0) * 10.0).round() / 10.0;
    // The outline dragged 8 px right, 3 % larger and turned 2°…
    let mut pose = fit["pose"].clone();
    pose["origin_px"][0] = serde_json::json!(pose["origin_px"][0].as_f64().unwrap() + 8.0);
    pose["roll_deg"] = serde_json::json!(pose["roll_deg"].as_f64().unwrap() + 2.0);
    // …and bowed 12° (the photo looks down on the head).
    pose["pitch_deg"] = serde_json::json!(12.0);
    for s in 0..2 {
        pose["scale_px_per_mm"][s] =
            serde_json::json!(pose["scale_px_per_mm"][s].as_f64().unwrap() * 1.03);
    }
    let body = serde_json::json!({
        "preset": "norwood-3", "seed": 4, "view": "front", "pose": pose, "hairline_px": points,
    });
    let answer = served.send(
        "POST",
        &format!("/api/preview?session={session}"),
        body.to_string().as_bytes(),
    );
    assert_eq!(answer.status, 200, "{}", answer.text());
    let hairline_mm =
        answer.header("X-Hairline-Mm").expect("the traced line on the map").to_owned();
    // The plan's curve through the traced points, on the photo, for the page to draw.
    let curve: Vec<Vec<[f64; 2]>> =
        serde_json::from_str(answer.header("X-Hairline-Curve-Px").expect("the curve")).unwrap();
    assert!(curve.iter().map(Vec::len).sum::<usize>() > 20, "{curve:?}");
    let scene_text = served.send("GET", &format!("/api/scene.json?session={session}"), b"").text();
    let scene_json: serde_json::Value = serde_json::from_str(&scene_text).unwrap();
    assert_eq!(scene_json["hairline_px"], serde_json::json!(points));
    assert!(scene_json["mask"]["runs"].is_string(), "the scene carries the mask");
    let scene = dir.path().join("scene.json");
    fs::write(&scene, &scene_text).unwrap();
    let out = dir.path().join("cli.png");
    let err = cli_stderr(&[
        "preview",
        "--preset",
        "norwood-3",
        "--seed",
        "4",
        "--photo",
        path_arg(&photo),
        "--scene",
        path_arg(&scene),
        "-o",
        path_arg(&out),
    ]);
    assert!(fs::read(&out).unwrap() == answer.body, "the dragged preview differs from the CLI's");
    // The command line prints the same line as a --set; the page's stencil follows it.
    let set = format!("hairline.points_mm={hairline_mm}");
    assert!(err.contains(&format!("hairline: --set '{set}'")), "{err}\nexpected {set}");
    let stencil_body = format!(
        r#"{{"preset":"norwood-3","seed":4,"format":"svg","paper":"none","hairline_mm":{hairline_mm}}}"#
    );
    let stencil = post(&served, &format!("/api/stencil?session={session}"), &stencil_body);
    let sheet = dir.path().join("sheet.svg");
    cli(&[
        "stencil",
        "--preset",
        "norwood-3",
        "--seed",
        "4",
        "--format",
        "svg",
        "--page",
        "none",
        "--set",
        &set,
        "-o",
        path_arg(&sheet),
    ]);
    assert!(fs::read(&sheet).unwrap() == stencil, "the traced stencil differs from the CLI's");
    let plan = post(
        &served,
        "/api/preset.json",
        &format!(r#"{{"preset":"norwood-3","hairline_mm":{hairline_mm}}}"#),
    );
    let saved = dir.path().join("plan.json");
    cli(&["presets", "save", "--preset", "norwood-3", "--set", &set, "-o", path_arg(&saved)]);
    assert_eq!(String::from_utf8(plan).unwrap(), fs::read_to_string(&saved).unwrap());

    // Reopened in a new consultation with the same photo: the same alignment and line, and
    // the same preview without sending a pose.
    let again = served.session();
    upload(&again);
    let reopened = post(&served, &format!("/api/scene?session={again}"), &scene_text);
    let reopened: serde_json::Value = serde_json::from_slice(&reopened).unwrap();
    assert_eq!(reopened["hairline_px"], serde_json::json!(points));
    assert_eq!(reopened["view"], "front");
    let body = serde_json::json!({
        "preset": "norwood-3", "seed": 4, "view": "front", "hairline_px": reopened["hairline_px"],
    });
    let png = post(&served, &format!("/api/preview?session={again}"), &body.to_string());
    assert!(png == answer.body, "the reopened consultation renders differently");

    // Making the line symmetric mirrors it about the head's middle: the ends move.
    let mirrored = post(
        &served,
        &format!("/api/hairline?session={again}"),
        &serde_json::json!({"view": "front", "hairline_px": points}).to_string(),
    );
    let mirrored: Vec<[f64; 2]> = serde_json::from_value(
        serde_json::from_slice::<serde_json::Value>(&mirrored).unwrap()["hairline_px"].clone(),
    )
    .unwrap();
    assert_eq!(mirrored.len(), points.len());
    assert_ne!(mirrored, points);

    // Bad scene files get the command line's one line; the server goes on.
    let short = r#"{"view":"front","hairline_px":[[100,100],[120,90]]}"#;
    let refusal = served.send("POST", &format!("/api/scene?session={again}"), short.as_bytes());
    let line = refusal.error(400);
    assert!(
        line.contains("hairline_px") && line.contains("2 points") && line.contains("3–200"),
        "{line}"
    );
    let off = r#"{"view":"front","hairline_px":[[100,100],[120,90],[255,2]]}"#;
    let line =
        served.send("POST", &format!("/api/scene?session={again}"), off.as_bytes()).error(400);
    assert!(line.contains("hairline_px: point 3 (255,2)"), "{line}");
    let line =
        served.send("POST", &format!("/api/scene?session={again}"), b"{\"mask\": 3}").error(400);
    assert!(line.starts_with("scene: scene file at mask:"), "{line}");
    let bad_pose = serde_json::json!({"preset": "norwood-3", "pose": {"yaw_deg": 0, "pitch_deg": 0, "roll_deg": 0, "scale_px_per_mm": [0, 1], "origin_px": [1, 1]}});
    let line = served
        .send("POST", &format!("/api/preview?session={again}"), bad_pose.to_string().as_bytes())
        .error(400);
    assert!(line.contains("pose") && line.contains("0.000001 px/mm"), "{line}");
    assert_eq!(served.send("GET", "/api/presets", b"").status, 200, "the server stopped");
}

/// The outline turned on the page takes the scalp with it, as a scene's pose does on the
/// command line: a top view turned half round moves the scalp to the other end of the head,
/// the preview and `/api/mask.png` name the mask they use, and the mask the page saves is the
/// one the command line finds for the saved pose, run for run.
#[test]
fn a_turned_outline_on_the_page_takes_the_scalp_with_it_as_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let photo = test_photo("top-01.jpg");
    let served = Served::start(&[]);
    let session = served.session();
    let fit = served.upload(&session, &photo, "top");
    let mask = || served.send("GET", &format!("/api/mask.png?session={session}&view=top"), b"");
    let fitted = mask();
    assert_eq!(fitted.header("X-Scalp-Mask"), Some("fit"));
    let mut pose = fit["pose"].clone();
    let turned_roll = pose["roll_deg"].as_f64().unwrap() + 180.0;
    pose["roll_deg"] = serde_json::json!((turned_roll * 1000.0).round() / 1000.0);
    let body = format!(r#"{{"preset":"norwood-4","view":"top","pose":{pose}}}"#);
    let answer = served.send("POST", &format!("/api/preview?session={session}"), body.as_bytes());
    assert_eq!(answer.status, 200, "{}", answer.text());
    let source = answer.header("X-Scalp-Mask").expect("the preview names its mask").to_owned();
    assert!(source.starts_with("placed "), "{source}");
    let turned = mask();
    assert_eq!(turned.header("X-Scalp-Mask"), Some(source.as_str()));
    assert!(turned.body != fitted.body, "the turn left the mask where the fit put it");
    let scene_text = served.send("GET", &format!("/api/scene.json?session={session}"), b"").text();
    let mut served_scene: serde_json::Value = serde_json::from_str(&scene_text).unwrap();
    let served_mask = served_scene["mask"].take();
    assert!(served_mask["runs"].is_string(), "the scene carries the mask");
    // The same pose without the page's mask: the command line finds the mask itself.
    served_scene.as_object_mut().unwrap().remove("mask");
    let (posed, saved) = (dir.path().join("posed.json"), dir.path().join("saved.json"));
    fs::write(&posed, served_scene.to_string()).unwrap();
    cli(&[
        "preview",
        "--preset",
        "norwood-4",
        "--photo",
        path_arg(&photo),
        "--scene",
        path_arg(&posed),
        "-o",
        path_arg(&dir.path().join("cli.png")),
        "--save-scene",
        path_arg(&saved),
    ]);
    let cli_scene: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&saved).unwrap()).unwrap();
    assert_eq!(served_mask, cli_scene["mask"], "the page's mask is not the command line's");
}
