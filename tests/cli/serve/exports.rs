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
    let fit = served.send(
        "POST",
        &format!("/api/photo?session={session}&view=front"),
        &fs::read(&photo).unwrap(),
    );
    assert_eq!(fit.status, 200, "{}", fit.text());
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
    let mut pose = fit.json()["pose"].clone();
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
