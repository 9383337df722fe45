//! Hostile and broken presets through the binary: `presets validate FILE` and `sample --preset
//! FILE` both refuse each one on a single line naming the file, the JSON path, the line and
//! column where the text has them, and what is allowed; exit code 2 and no output written.

use std::fs;
use std::path::Path;

use crate::support::{assert_refused, smpsim};

/// A valid preset with every key written out, one per line (as `presets show` prints it).
fn base() -> String {
    let text = smpsim::spec::builtin_preset("crown-only").unwrap();
    smpsim::Preset::parse(text, "crown-only").unwrap().to_json_pretty()
}

/// `base()` with the first `from` replaced by `to` (which must be there).
fn edit(from: &str, to: &str) -> String {
    let text = base();
    assert!(text.contains(from), "{from} not in the base preset");
    text.replacen(from, to, 1)
}

/// `base()` with its zones replaced by one total zone over `region` (JSON).
fn total_over(region: &str) -> String {
    let mut spec: serde_json::Value = serde_json::from_str(&base()).unwrap();
    let zone = format!(r#"{{"total": {{"density_per_cm2": 40, "region": {region}}}}}"#);
    spec["zones"] = serde_json::json!([serde_json::from_str::<serde_json::Value>(&zone).unwrap()]);
    serde_json::to_string_pretty(&spec).unwrap()
}

/// One broken preset and the words its error must contain (besides the file, line and column).
struct Case {
    kind: &'static str,
    text: String,
    expect: Vec<&'static str>,
}

fn case(kind: &'static str, text: String, expect: &[&'static str]) -> Case {
    Case { kind, text, expect: expect.to_vec() }
}

fn cases() -> Vec<Case> {
    let ten_mb = "x".repeat(10 << 20);
    let deep_arrays = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let deep_objects = format!("{}1{}", r#"{"a":"#.repeat(100_000), "}".repeat(100_000));
    let deep_zone = format!(r#"{{"name": "x", "zones": {}"#, "[".repeat(100_000));
    let deep_in_zone =
        edit(r#""crown": {"#, &format!(r#""crown": {{"dot": {}"#, "[".repeat(100_000)));
    vec![
        case("invalid JSON", String::new(), &["EOF"]),
        case("invalid JSON", "{".into(), &["EOF"]),
        case(
            "invalid JSON",
            edit(r#""pattern_seed": 10,"#, r#""pattern_seed": 10"#),
            &["expected"],
        ),
        case("invalid JSON", format!("{}\n}} trailing", base()), &["trailing characters"]),
        case(
            "invalid JSON",
            edit(r#""name": "crown-only""#, "'name': 'crown-only'"),
            &["key must be a string"],
        ),
        case("invalid JSON", format!("\u{feff}{}", base()), &["expected value"]),
        case("invalid JSON", format!("// my preset\n{}", base()), &["expected value"]),
        case(
            "wrong type",
            edit(r#""across_mm": 115.0"#, r#""across_mm": "wide""#),
            &["zones[0].crown.across_mm", "expected f64"],
        ),
        case(
            "wrong type",
            edit(r#""name": "crown-only""#, r#""name": 3"#),
            &["name", "expected a string"],
        ),
        case(
            "wrong type",
            edit(r#""pattern_seed": 10"#, r#""pattern_seed": -1"#),
            &["pattern_seed", "u64"],
        ),
        case(
            "wrong type",
            edit(r#""pattern_seed": 10"#, r#""pattern_seed": 1.5"#),
            &["pattern_seed", "u64"],
        ),
        case(
            "wrong type",
            edit(r#""zones": ["#, r#""zones": null, "z": ["#),
            &["zones", "expected a sequence"],
        ),
        case(
            "wrong type",
            edit("210.0\n", "210.0, 3.0\n"),
            &["zones[0].crown.whorl_mm", "too many items"],
        ),
        case(
            "unknown key",
            edit(r#""name": "crown-only","#, r#""name": "crown-only", "colour": "brown","#),
            &["colour", "unknown field", "expected one of"],
        ),
        case(
            "unknown key",
            edit(r#""height_mm": 80.0"#, r#""heigth_mm": 80.0"#),
            &["hairline.heigth_mm", "unknown field"],
        ),
        case(
            // Found by fuzzing: the key's newline used to split the error over two lines.
            "unknown key",
            edit(r#""height_mm": 80.0"#, r#""height\nmm": 80.0"#),
            &[r"hairline.height\nmm", "unknown field"],
        ),
        case(
            "unknown key",
            edit(r#""crown": {"#, r#""beard": {"#),
            &["zones[0]", "unknown variant `beard`", "expected one of"],
        ),
        case(
            "duplicate key",
            edit(r#""name": "crown-only","#, r#""name": "crown-only", "name": "other","#),
            &["duplicate field `name`"],
        ),
        case(
            "duplicate key",
            edit(r#""height_mm": 80.0,"#, r#""height_mm": 80.0, "height_mm": 90.0,"#),
            &["hairline", "duplicate field `height_mm`"],
        ),
        case(
            "duplicate key",
            edit(r#""feather_mm": 20.0,"#, r#""feather_mm": 20.0, "feather_mm": 20.0,"#),
            &["zones[0].crown", "duplicate field `feather_mm`"],
        ),
        case(
            "NaN/Infinity",
            edit(r#""height_mm": 80.0"#, r#""height_mm": NaN"#),
            &["hairline.height_mm", "not JSON numbers", "allowed range"],
        ),
        case(
            "NaN/Infinity",
            edit(r#""height_mm": 80.0"#, r#""height_mm": Infinity"#),
            &["hairline.height_mm", "not JSON numbers"],
        ),
        case(
            "NaN/Infinity",
            edit(r#""across_mm": 115.0"#, r#""across_mm": -Infinity"#),
            &["zones[0].crown.across_mm", "not JSON numbers"],
        ),
        case(
            "NaN/Infinity",
            edit("210.0\n", "nan\n"),
            &["zones[0].crown.whorl_mm", "not JSON numbers"],
        ),
        case(
            "huge number",
            edit(r#""height_mm": 80.0"#, r#""height_mm": 1e308"#),
            &["hairline.height_mm = 1e308 is out of range", "allowed 50–150 mm"],
        ),
        case(
            "huge number",
            edit(r#""across_mm": 115.0"#, r#""across_mm": -1e308"#),
            &["across_mm = -1e308 is out of range", "allowed 50–200 mm"],
        ),
        case(
            "huge number",
            edit(r#""height_mm": 80.0"#, r#""height_mm": 1e400"#),
            &["hairline.height_mm", "number out of range"],
        ),
        case(
            "huge number",
            edit(r#""pattern_seed": 10"#, r#""pattern_seed": 99999999999999999999999"#),
            &["pattern_seed"],
        ),
        case(
            "bad size",
            edit(r#""across_mm": 115.0"#, r#""across_mm": -115.0"#),
            &["zones[0].crown.across_mm = -115 is out of range", "allowed 50–200 mm"],
        ),
        case(
            "bad size",
            edit(r#""across_mm": 115.0"#, r#""across_mm": 1e12"#),
            &["= 1e12 is out of range", "allowed 50–200 mm"],
        ),
        case(
            "bad size",
            edit(r#""healed_diameter_mm": 0.15"#, r#""healed_diameter_mm": 50"#),
            &["dot.healed_diameter_mm = 50", "allowed 0.05–0.5 mm"],
        ),
        case(
            "bad size",
            edit(r#""density_per_cm2": 55.0"#, r#""density_per_cm2": -5"#),
            &["density_per_cm2 = -5", "allowed 10–120 dots/cm²"],
        ),
        case(
            "bad size",
            edit(r#""density_per_cm2": 55.0"#, r#""density_per_cm2": 0"#),
            &["density_per_cm2 = 0", "allowed 10–120 dots/cm²"],
        ),
        case(
            "bad size",
            edit(r#""native_hair_per_cm2": 70.0"#, r#""native_hair_per_cm2": 1e6"#),
            &["native_hair_per_cm2", "allowed 0–150"],
        ),
        case(
            "bad size",
            total_over(r#"{"ellipse": {"center_mm": [0, 150], "semi_axes_mm": [0, 0]}}"#),
            &["semi_axes_mm[0] = 0", "allowed 5–250 mm"],
        ),
        case(
            "bad size",
            total_over(r#"{"ellipse": {"center_mm": [0, 900], "semi_axes_mm": [40, 40]}}"#),
            &["center_mm[1] = 900", "allowed 0–350 mm"],
        ),
        case(
            "polygon",
            total_over(r#"{"polygon": {"points_mm": [[0, 100], [20, 100]]}}"#),
            &["polygon.points_mm", "2 points", "at least 3"],
        ),
        case(
            "polygon",
            total_over(r#"{"polygon": {"points_mm": []}}"#),
            &["polygon.points_mm", "0 points", "at least 3"],
        ),
        case(
            "polygon",
            total_over(
                r#"{"polygon": {"points_mm": [[-40, 100], [40, 160], [40, 100], [-40, 160]]}}"#,
            ),
            &["polygon.points_mm", "crosses"],
        ),
        case(
            "polygon",
            total_over(
                r#"{"polygon": {"points_mm": [[0, 100], [40, 100], [0, 140], [-40, 180], [0, 180], [0, 140], [-40, 140]]}}"#,
            ),
            &["polygon.points_mm", "crosses"],
        ),
        case(
            "polygon",
            total_over(r#"{"polygon": {"points_mm": [[-40, 100], [0, 120], [40, 140]]}}"#),
            &["polygon.points_mm", "encloses 0 mm²", "at least 25 mm²"],
        ),
        case(
            "polygon",
            total_over(r#"{"polygon": {"points_mm": [[0, 100], [0, 100], [0, 100]]}}"#),
            &["polygon.points_mm", "at least 25 mm²"],
        ),
        case(
            "polygon",
            total_over(r#"{"polygon": {"points_mm": [[0, 100], [2, 100], [0, 101]]}}"#),
            &["polygon.points_mm", "encloses 1 mm²"],
        ),
        case("deep nesting", deep_arrays, &["invalid type"]),
        case("deep nesting", deep_objects, &["unknown field `a`"]),
        case("deep nesting", deep_zone, &["zones[0]"]),
        case("deep nesting", deep_in_zone, &["zones[0].crown.dot"]),
        case(
            "10 MB string",
            edit(r#""name": "crown-only""#, &format!(r#""name": "{ten_mb}""#)),
            &["name `xxx", "must have 1–40 characters"],
        ),
        case(
            "10 MB string",
            edit(r#""description": ""#, &format!(r#""description": "{ten_mb}"#)),
            &["description", "at most 200"],
        ),
        case(
            "10 MB string",
            edit(r#""name": "crown-only","#, &format!(r#""name": "crown-only", "{ten_mb}": 1,"#)),
            &["unknown field `xxx", "10485760 characters"],
        ),
        case(
            "10 MB string",
            edit(r#""across_mm": 115.0"#, &format!(r#""across_mm": "{ten_mb}""#)),
            &["zones[0].crown.across_mm", "expected f64"],
        ),
        case(
            "10 MB string",
            total_over(&format!(r#"{{"polygon": {{"points_mm": "{ten_mb}"}}}}"#)),
            &["points_mm", "expected a sequence"],
        ),
    ]
}

/// Runs `args` and checks a clean refusal naming `file`; returns the one line of stderr.
fn refused(args: &[&str], file: &Path) -> String {
    let out = smpsim().args(args).output().unwrap();
    let line = assert_refused(args, &out);
    assert!(line.contains(&*file.to_string_lossy()), "does not name the file: {line}");
    line
}

#[test]
fn every_broken_preset_is_refused_on_one_line_with_path_position_and_range() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("dots.csv");
    let cases = cases();
    for (i, case) in cases.iter().enumerate() {
        let file = dir.path().join(format!("case-{i:02}.json"));
        fs::write(&file, &case.text).unwrap();
        let validate = refused(&["presets", "validate", file.to_str().unwrap()], &file);
        let sample = refused(
            &["sample", "--preset", file.to_str().unwrap(), "-o", output.to_str().unwrap()],
            &file,
        );
        assert_eq!(validate, sample, "the two commands disagree");
        for word in &case.expect {
            assert!(validate.contains(word), "{} case {i}: no `{word}` in: {validate}", case.kind);
        }
        let position = format!("{}:", file.display());
        let located = validate
            .strip_prefix(&format!("error: {position}"))
            .and_then(|rest| rest.split_once(": "))
            .is_some_and(|(at, _)| at.split(':').all(|n| n.parse::<usize>().is_ok()));
        assert!(located, "{} case {i}: no line:column: {validate}", case.kind);
        assert!(!output.exists(), "case {i} wrote an output");
    }
    // Per kind: 7 invalid JSON, 6 wrong types, 4 unknown keys, 3 duplicate keys, 4 NaN/Infinity,
    // 4 huge numbers, 8 bad sizes, 7 polygons, 4 deep nestings, 5 strings of 10 MB.
    assert_eq!(cases.len(), 52);
}

#[test]
fn deeply_nested_or_huge_set_values_are_refused_cleanly() {
    let deep = "[".repeat(60_000) + &"]".repeat(60_000);
    let long = "9".repeat(100_000);
    for (assignment, expect) in [
        (format!("hairline.height_mm={deep}"), "hairline.height_mm"),
        (format!("name={deep}"), "1–40 characters"),
        (format!("hairline.height_mm={long}"), "hairline.height_mm"),
        ("hairline.height_mm=NaN".to_string(), "expected f64"),
        ("hairline.height_mm=1e999".to_string(), "hairline.height_mm"),
        // Found by fuzzing: a long path used to be quoted in full, twice.
        (format!("hairline.{}=1", "h".repeat(100_000)), "characters"),
        (format!("zones[0].{}.x=1", "z".repeat(100_000)), "no key"),
    ] {
        let out = smpsim()
            .args(["presets", "show", "crown-only", "--set", &assignment])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{}", &err[..err.len().min(300)]);
        assert_eq!(err.trim_end().lines().count(), 1);
        assert!(err.starts_with("error: ") && err.len() < 1000, "{}", &err[..300]);
        assert!(err.contains(expect), "{err}");
    }
}

#[test]
fn an_output_over_the_preset_or_scene_file_is_refused_and_both_stay_intact() {
    let dir = tempfile::tempdir().unwrap();
    // Previews only write images, so the inputs they could overwrite carry image names here.
    let scene_text = r#"{"view": "top"}"#;
    let files: Vec<_> =
        [("mine.json", base()), ("mine.png", base()), ("scene.png", scene_text.into())]
            .into_iter()
            .map(|(name, text)| {
                let path = dir.path().join(name);
                fs::write(&path, &text).unwrap();
                (path.to_str().unwrap().to_owned(), text)
            })
            .collect();
    let (json, png, scene) = (&files[0].0, &files[1].0, &files[2].0);
    let runs: [&[&str]; 5] = [
        &["sample", "--preset", json, "-o", json],
        &["sample", "--preset", json, "--format", "json", "-o", json],
        &["stencil", "--preset", json, "--page", "none", "--format", "svg", "-o", json],
        &["preview", "--preset", png, "--size", "200x200", "-o", png],
        &["preview", "--preset", "crown-only", "--scene", scene, "--size", "200x200", "-o", scene],
    ];
    for args in runs {
        let out = smpsim().args(args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(err.contains("is also an input"), "{err}");
    }
    for (path, text) in &files {
        assert_eq!(&fs::read_to_string(path).unwrap(), text, "{path} changed");
    }
}

#[test]
fn a_missing_output_folder_or_a_broken_scene_fails_before_writing_anything() {
    let dir = tempfile::tempdir().unwrap();
    let nowhere = dir.path().join("no-such-folder").join("dots.csv");
    let out = smpsim()
        .args(["sample", "--preset", "crown-only", "-o", nowhere.to_str().unwrap()])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("no-such-folder") && err.contains("does not exist"), "{err}");

    // An earlier output survives a run that fails on its scene file, with no temporary left.
    let output = dir.path().join("preview.png");
    fs::write(&output, b"earlier output").unwrap();
    for (name, text) in [
        ("trailing.json", "{\"view\": \"top\"} and more"),
        ("unknown.json", "{\"veiw\": \"top\"}"),
        ("empty.json", ""),
    ] {
        let scene = dir.path().join(name);
        fs::write(&scene, text).unwrap();
        let out = smpsim()
            .args(["preview", "--preset", "crown-only", "--size", "200x200", "--scene"])
            .arg(&scene)
            .arg("-o")
            .arg(&output)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {err}");
        assert_eq!(err.trim_end().lines().count(), 1, "{err}");
        assert!(err.contains(name), "{err}");
    }
    assert_eq!(fs::read(&output).unwrap(), b"earlier output");
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().ends_with(".smpsim-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_killed_run_leaves_the_earlier_output_or_the_whole_new_one() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["sample", "--domain", "700x700", "--density", "100", "--seed", "3", "-o"];
    let reference = dir.path().join("reference.csv");
    smpsim().args(args).arg(&reference).assert().success();
    let complete = fs::read(&reference).unwrap();
    assert!(complete.len() > 5 << 20, "the run is too short to interrupt");

    let output = dir.path().join("dots.csv");
    let binary = assert_cmd::cargo::cargo_bin("smpsim");
    let temporaries = || -> Vec<std::path::PathBuf> {
        fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().ends_with(".smpsim-tmp"))
            .collect()
    };
    let mut caught_writing = false;
    // Killed while sampling, and the moment its temporary file appears (while writing).
    for kill_while_writing in [false, true, true] {
        fs::write(&output, b"earlier output\n").unwrap();
        // The last killed run's leftover would look like this run writing.
        temporaries().iter().for_each(|t| fs::remove_file(t).unwrap());
        let mut child = std::process::Command::new(&binary)
            .args(args)
            .arg(&output)
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let started = std::time::Instant::now();
        let mut seen_writing = false;
        if kill_while_writing {
            while !seen_writing && started.elapsed().as_secs() < 30 {
                std::thread::sleep(std::time::Duration::from_micros(200));
                seen_writing = !temporaries().is_empty();
            }
        } else {
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let _ = child.kill();
        let status = child.wait().unwrap();
        caught_writing |= seen_writing && !status.success();
        let delay_ms = started.elapsed().as_millis();
        let now = fs::read(&output).unwrap();
        assert!(
            now == b"earlier output\n" || now == complete,
            "killed after {delay_ms} ms: a {}-byte mixture",
            now.len()
        );
        // A killed process cannot clean up: what it leaves is only ever a hidden temporary.
        for entry in fs::read_dir(dir.path()).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            assert!(
                ["reference.csv", "dots.csv"].contains(&name.as_str())
                    || (name.starts_with(".dots.csv.") && name.ends_with(".smpsim-tmp")),
                "{name}"
            );
        }
    }
    assert!(caught_writing, "no run was killed while writing");
}
