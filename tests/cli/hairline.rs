//! The practitioner's hairline from the command line: traced on a photo with `--hairline-px`,
//! stored with the printed `--set`, and printed alone with `stencil --hairline-only`.

use std::fs;
use std::path::Path;

use crate::support::{path_arg, refused, smpsim, stderr_of};

const HEAD: &str = "200,60,400,560";
const GLABELLA: &str = "400,330";
const TRACED: [[u32; 2]; 7] =
    [[300, 250], [330, 205], [360, 215], [400, 200], [440, 215], [470, 205], [500, 250]];

fn traced_arg() -> String {
    TRACED.iter().map(|[x, y]| format!("{x},{y}")).collect::<Vec<_>>().join(";")
}

/// Writes a plain 800 × 800 photo into `dir` and returns the arguments of a front preview of
/// it, with the test's head box and glabella, written to `out`.
fn front_preview_args(dir: &Path, out: &Path) -> Vec<String> {
    let photo = dir.join("plain.png");
    image::RgbImage::from_pixel(800, 800, image::Rgb([200, 190, 180])).save(&photo).unwrap();
    let args = ["preview", "--preset", "hairline-only", "--photo", path_arg(&photo)];
    let align = ["--view", "front", "--head", HEAD, "--glabella", GLABELLA, "-o", path_arg(out)];
    args.iter().chain(&align).map(|a| a.to_string()).collect()
}

/// A front preview of a plain photo, the waves off; its image and stderr.
fn preview(dir: &Path, extra: &[&str]) -> (image::RgbImage, String) {
    let out = dir.join(format!("p{}.png", extra.len()));
    let mut args = front_preview_args(dir, &out);
    let no_waves = ["--set", "hairline.macro_irregularity_mm=0"];
    let no_micro = ["--set", "hairline.micro_irregularity_mm=0"];
    args.extend(no_waves.iter().chain(&no_micro).chain(extra).map(|a| a.to_string()));
    let output = smpsim().args(&args).output().unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    (image::open(&out).unwrap().to_rgb8(), stderr_of(&output))
}

#[test]
fn a_traced_hairline_is_drawn_through_the_traced_pixels_and_printed_as_a_set() {
    let dir = tempfile::tempdir().unwrap();
    let traced = traced_arg();
    let (plain, _) = preview(dir.path(), &["--hairline-px", &traced]);
    let (guided, err) = preview(dir.path(), &["--hairline-px", &traced, "--guides"]);
    // Guides are what differs between the two: a guide pixel lies within 1 px of each point.
    for [x, y] in TRACED {
        let near = (x - 1..=x + 1)
            .flat_map(|i| (y - 1..=y + 1).map(move |j| (i, j)))
            .any(|(i, j)| guided.get_pixel(i, j) != plain.get_pixel(i, j));
        assert!(near, "no guide within 1 px of the traced ({x}, {y})");
    }
    // The points as a --set that `presets save` stores and `stencil` follows.
    let set = err
        .lines()
        .find_map(|l| l.strip_prefix("hairline: --set '"))
        .and_then(|l| l.strip_suffix('\''))
        .unwrap_or_else(|| panic!("no --set printed: {err}"));
    assert!(set.starts_with("hairline.points_mm=[["), "{set}");
    let saved = dir.path().join("mine.json");
    let args =
        ["presets", "save", "--preset", "hairline-only", "--set", set, "-o", path_arg(&saved)];
    let output = smpsim().args(args).output().unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    let text = fs::read_to_string(&saved).unwrap();
    assert!(text.contains("\"points_mm\""), "{text}");
}

#[test]
fn a_traced_point_off_the_head_is_refused_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut args = front_preview_args(dir.path(), &dir.path().join("x.png"));
    args.extend(["--hairline-px".to_string(), "300,250;400,200;790,10".to_string()]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let line = refused(&args);
    assert!(line.contains("--hairline-px") && line.contains("point 3 (790,10)"), "{line}");
    assert!(line.contains("misses the head"), "{line}");
}

#[test]
fn a_hairline_only_stencil_has_the_line_and_marks_but_no_dots() {
    let dir = tempfile::tempdir().unwrap();
    let run = |extra: &[&str], name: &str| {
        let out = dir.path().join(name);
        let mut args =
            vec!["stencil", "--preset", "norwood-3", "--page", "none", "-o", path_arg(&out)];
        args.extend_from_slice(extra);
        let output = smpsim().args(&args).output().unwrap();
        assert!(output.status.success(), "{}", stderr_of(&output));
        fs::read_to_string(&out).unwrap()
    };
    let dots = run(&[], "dots.svg");
    let line = run(&["--hairline-only"], "line.svg");
    assert!(dots.matches("<circle").count() > 1000);
    assert_eq!(line.matches("<circle").count(), 0, "dots on a hairline-only stencil");
    // The hairline is one more polyline than the marks both sheets carry.
    assert!(line.matches("<polyline").count() > dots.matches("<polyline").count(), "no line");
    assert!(line.contains("10 mm"), "no scale bar");
    let refusal = refused(&["stencil", "--preset", "crown-only", "--hairline-only", "-o", "x.png"]);
    assert!(refusal.contains("no hairline"), "{refusal}");
}

#[test]
fn a_scene_files_hairline_is_traced_like_the_flag_saved_again_and_overridden_by_it() {
    let dir = tempfile::tempdir().unwrap();
    let traced = traced_arg();
    let run = |extra: &[&str], name: &str| {
        let out = dir.path().join(name);
        let mut args = front_preview_args(dir.path(), &out);
        args.extend(extra.iter().map(|a| a.to_string()));
        let output = smpsim().args(&args).output().unwrap();
        assert!(output.status.success(), "{}", stderr_of(&output));
        (fs::read(&out).unwrap(), stderr_of(&output))
    };
    let scene = dir.path().join("scene.json");
    let (flag, flag_err) =
        run(&["--hairline-px", &traced, "--save-scene", path_arg(&scene)], "f.png");
    let saved: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&scene).unwrap()).unwrap();
    let expected: Vec<[f64; 2]> = TRACED.iter().map(|&[x, y]| [x.into(), y.into()]).collect();
    assert_eq!(saved["hairline_px"], serde_json::json!(expected), "{saved}");
    // The scene alone traces the same line: same bytes, same --set printed.
    let (from_scene, scene_err) = run(&["--scene", path_arg(&scene)], "s.png");
    assert!(from_scene == flag, "the scene's hairline renders differently from the flag's");
    let set = |err: &str| err.lines().find(|l| l.starts_with("hairline: --set")).map(str::to_owned);
    assert_eq!(set(&scene_err), set(&flag_err));
    assert!(set(&scene_err).is_some(), "{scene_err}");
    // --hairline-px on the command line wins over the file's.
    let lower = "300,270;400,230;500,270";
    let (overridden, _) = run(&["--scene", path_arg(&scene), "--hairline-px", lower], "o.png");
    let (flag_only, _) = run(&["--hairline-px", lower], "l.png");
    assert!(overridden == flag_only && overridden != flag, "--hairline-px did not override");
}

#[test]
fn a_scene_files_bad_hairline_is_refused_in_one_line_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.png");
    let cases = [
        (
            r#"{"hairline_px": [[300, 250], [500, 250]]}"#,
            "2 points; a traced hairline has 3–200 points",
        ),
        (
            r#"{"hairline_px": [[300, 250], [400, 200], [790, 10]]}"#,
            "point 3 (790,10) misses the head",
        ),
        (r#"{"hairline_px": [[300, 250], [400, "x"], [500, 250]]}"#, "hairline_px[1][1]"),
    ];
    for (i, (text, expected)) in cases.into_iter().enumerate() {
        let scene = dir.path().join(format!("bad{i}.json"));
        fs::write(&scene, text).unwrap();
        let mut args = front_preview_args(dir.path(), &out);
        args.extend(["--scene".to_string(), path_arg(&scene).to_string()]);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let line = refused(&args);
        assert!(line.contains("hairline_px") && line.contains(expected), "{line}");
        assert!(line.contains(path_arg(&scene)), "the file is not named: {line}");
        assert!(!out.exists(), "a refused run wrote {}", out.display());
    }
}
