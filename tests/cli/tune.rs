//! Tuning through the binary: `presets save`, `tune` variation sheets, and their refusals.

use std::fs;
use std::path::Path;

use crate::support::{assert_refused, path_arg, refused, smpsim, stderr_of};
use image::RgbImage;
use serde_json::Value;

/// The sheet's paper colour: cells never contain it, gutters are made of it.
const PAPER: [u8; 3] = [255, 255, 255];

fn show(name: &str, sets: &[&str]) -> Value {
    let mut cmd = smpsim();
    cmd.args(["presets", "show", name]);
    for set in sets {
        cmd.args(["--set", set]);
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// JSON paths (`a.b[2].c`) of every leaf where `a` and `b` differ.
fn differing_leaves(a: &Value, b: &Value, path: &str, out: &mut Vec<String>) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for key in x.keys().chain(y.keys().filter(|k| !x.contains_key(*k))) {
                let sub = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
                differing_leaves(&x[key], y.get(key).unwrap_or(&Value::Null), &sub, out);
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                differing_leaves(p, q, &format!("{path}[{i}]"), out);
            }
        }
        _ if a != b => out.push(path.to_string()),
        _ => {}
    }
}

const SETS: [&str; 3] =
    ["hairline.height_mm=74", "sessions[0].dilution=25", "zones[0].hairline.density_per_cm2=48"];

#[test]
fn overrides_change_exactly_the_keys_named() {
    let plain = show("norwood-4", &[]);
    let tuned = show("norwood-4", &SETS);
    let mut changed = Vec::new();
    differing_leaves(&plain, &tuned, "", &mut changed);
    changed.sort();
    assert_eq!(
        changed,
        ["hairline.height_mm", "sessions[0].dilution", "zones[0].hairline.density_per_cm2"]
    );
    assert_eq!(tuned["sessions"][0]["dilution"], 25.0);
}

#[test]
fn a_saved_preset_is_the_overrides_and_samples_the_same_dots() {
    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("mine.json");
    let mut save = smpsim();
    save.args(["presets", "save", "--preset", "norwood-4", "-o", path_arg(&mine)]);
    for set in SETS {
        save.args(["--set", set]);
    }
    save.assert().success().stdout("");
    let saved: Value = serde_json::from_str(&fs::read_to_string(&mine).unwrap()).unwrap();
    assert_eq!(saved, show("norwood-4", &SETS), "save writes what show prints");

    let sample = |args: &[&str]| {
        let out = smpsim().arg("sample").args(args).args(["--seed", "5", "-o", "-"]).output();
        let out = out.unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        out.stdout
    };
    let mut with_sets = vec!["--preset", "norwood-4"];
    for set in SETS {
        with_sets.extend(["--set", set]);
    }
    let from_file = sample(&["--preset", path_arg(&mine)]);
    assert!(from_file.len() > 1000);
    assert!(from_file == sample(&with_sets), "the saved preset samples other dots");
    assert!(from_file != sample(&["--preset", "norwood-4"]), "the overrides changed nothing");
}

#[test]
fn save_never_overwrites_its_input_and_refuses_a_bad_set() {
    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("mine.json");
    smpsim()
        .args(["presets", "save", "--preset", "crown-only", "-o", path_arg(&mine)])
        .assert()
        .success();
    let before = fs::read(&mine).unwrap();
    let line = refused(&[
        "presets",
        "save",
        "--preset",
        path_arg(&mine),
        "--set",
        "hairline.height_mm=70",
        "-o",
        path_arg(&mine),
    ]);
    assert!(line.contains("is also an input"), "{line}");
    assert_eq!(fs::read(&mine).unwrap(), before);
    let out = dir.path().join("out.json");
    let line = refused(&[
        "presets",
        "save",
        "--preset",
        "crown-only",
        "--set",
        "hairline.height_mm=999",
        "-o",
        path_arg(&out),
    ]);
    assert!(line.contains("hairline.height_mm") && line.contains("999"), "{line}");
    assert!(!out.exists());
}

#[test]
fn saving_a_preset_with_a_mask_elsewhere_says_which_images_to_copy() {
    let dir = tempfile::tempdir().unwrap();
    let (here, there) = (dir.path().join("here"), dir.path().join("there"));
    fs::create_dir_all(&here).unwrap();
    fs::create_dir_all(&there).unwrap();
    image::GrayImage::from_pixel(40, 40, image::Luma([255])).save(here.join("top.png")).unwrap();
    let region = r#"zones[0].diffuse.region={"mask": {"path": "top.png", "origin_mm": [-40, 120], "mm_per_px": 2}}"#;
    let out = smpsim()
        .current_dir(&here)
        .args(["presets", "save", "--preset", "ludwig-2", "--set", region, "-o", "mask.json"])
        .output()
        .unwrap();
    assert!(out.status.success() && out.stderr.is_empty(), "{}", stderr_of(&out));
    let saved = here.join("mask.json");
    let copy = there.join("copy.json");
    let out = smpsim()
        .args(["presets", "save", "--preset", path_arg(&saved), "-o", path_arg(&copy)])
        .output()
        .unwrap();
    let note = stderr_of(&out);
    assert!(out.status.success(), "{note}");
    assert!(note.starts_with("note: ") && note.contains("top.png"), "{note}");
    assert_eq!(fs::read(&copy).unwrap(), fs::read(&saved).unwrap());
}

/// Runs `smpsim tune` with small cells into a fresh folder and returns the decoded sheet.
fn sheet(varies: &[&str]) -> RgbImage {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sheet.png");
    let mut cmd = smpsim();
    cmd.args(["tune", "--preset", "hairline-only", "--cell-px", "320", "-o", path_arg(&path)]);
    for vary in varies {
        cmd.args(["--vary", vary]);
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    // stderr is a pipe here, not a terminal: no progress bar, no other chatter.
    assert!(out.stderr.is_empty(), "{}", stderr_of(&out));
    image::open(&path).unwrap().into_rgb8()
}

/// Cells as `(x, y)` top-left corners, found as squares of `cell_px` non-paper pixels with
/// paper around them.
fn find_cells(sheet: &RgbImage, cell_px: u32) -> Vec<(u32, u32)> {
    let paper = |x: u32, y: u32| sheet.get_pixel(x, y).0 == PAPER;
    // Runs of non-paper pixels exactly one cell wide along row `y`: their left ends.
    let runs = |y: u32| -> Vec<u32> {
        let (mut out, mut start) = (Vec::new(), None);
        for x in 0..=sheet.width() {
            match (x < sheet.width() && !paper(x, y), start) {
                (true, None) => start = Some(x),
                (false, Some(s)) => {
                    if x - s == cell_px {
                        out.push(s);
                    }
                    start = None;
                }
                _ => {}
            }
        }
        out
    };
    let mut cells = Vec::new();
    let mut y = 0;
    while y < sheet.height() {
        let lefts = runs(y);
        // A row of cells: the same lefts on every row for cell_px rows.
        if !lefts.is_empty()
            && y + cell_px <= sheet.height()
            && (y..y + cell_px).all(|r| runs(r) == lefts)
        {
            cells.extend(lefts.iter().map(|&x| (x, y)));
            y += cell_px;
        } else {
            y += 1;
        }
    }
    cells
}

fn cell_pixels(sheet: &RgbImage, (x, y): (u32, u32)) -> Vec<u8> {
    image::imageops::crop_imm(sheet, x, y, 320, 320).to_image().into_raw()
}

/// Some non-paper pixels (text) in the band of rows `y0..y1` over columns `x0..x1`.
fn has_text(sheet: &RgbImage, x0: u32, x1: u32, y0: u32, y1: u32) -> bool {
    (y0..y1).any(|y| (x0..x1).any(|x| sheet.get_pixel(x, y).0 != PAPER))
}

#[test]
fn one_vary_gives_a_labelled_row_of_distinct_cells() {
    let sheet = sheet(&["hairline.height_mm=65,80,95"]);
    let cells = find_cells(&sheet, 320);
    assert_eq!(cells.len(), 3, "{cells:?}");
    assert!(cells.iter().all(|&(_, y)| y == cells[0].1), "one row: {cells:?}");
    let pixels: Vec<Vec<u8>> = cells.iter().map(|&c| cell_pixels(&sheet, c)).collect();
    for i in 0..3 {
        for j in i + 1..3 {
            let differ = pixels[i].iter().zip(&pixels[j]).filter(|(a, b)| a != b).count();
            assert!(differ > 500, "cells {i} and {j} differ in only {differ} bytes");
        }
    }
    for &(x, y) in &cells {
        assert!(has_text(&sheet, x, x + 320, y - 20, y), "no column name above the cell at x {x}");
        assert!(
            has_text(&sheet, x, x + 320, y + 322, y + 340),
            "no caption under the cell at x {x}"
        );
    }
    assert!(has_text(&sheet, 0, sheet.width(), 0, 40), "no header");
}

#[test]
fn two_varies_give_a_rows_by_columns_grid() {
    let sheet = sheet(&["hairline.height_mm=70,90", "zones[0].hairline.density_per_cm2=30,50,70"]);
    let cells = find_cells(&sheet, 320);
    assert_eq!(cells.len(), 6, "{cells:?}");
    let mut xs: Vec<u32> = cells.iter().map(|c| c.0).collect();
    let mut ys: Vec<u32> = cells.iter().map(|c| c.1).collect();
    xs.sort();
    xs.dedup();
    ys.sort();
    ys.dedup();
    assert_eq!((xs.len(), ys.len()), (2, 3), "2 columns × 3 rows: {cells:?}");
    // Denser rows darken the treated scalp: the sum of each cell's bytes falls row by row.
    let brightness: Vec<u64> = cells
        .iter()
        .filter(|c| c.0 == xs[0])
        .map(|&c| cell_pixels(&sheet, c).iter().map(|&v| u64::from(v)).sum())
        .collect();
    assert!(brightness[0] > brightness[1] && brightness[1] > brightness[2], "{brightness:?}");
}

#[test]
fn bad_varies_are_refused_naming_flag_path_and_value_without_output() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("sheet.png");
    let o = path_arg(&out);
    let base = ["tune", "--preset", "norwood-4", "-o", o];
    let many: Vec<String> = vec!["--vary".into(), "hairline.height_mm=60,65,70,75,80,85,90".into()];
    let cases: Vec<(Vec<&str>, Vec<&str>)> = vec![
        (vec!["--vary", "hairline.heigt_mm=70,80"], vec!["--vary", "heigt_mm"]),
        (
            vec!["--vary", "hairline.height_mm=80,999"],
            vec!["--vary: ", "variation hairline.height_mm=999", "out of range"],
        ),
        (vec!["--vary", "hairline.height_mm=80,tall"], vec!["--vary: ", "hairline.height_mm=tall"]),
        (vec!["--vary", "zones[7].hairline.density_per_cm2=40"], vec!["--vary", "zones[7]"]),
        (vec!["--vary", "hairline.height_mm"], vec!["--vary: ", "hairline.height_mm", "PATH=V1"]),
        (
            vec![
                many[0].as_str(),
                many[1].as_str(),
                "--vary",
                "sessions[0].dilution=20,21,22,23,24,25",
            ],
            vec!["42 cells", "at most 36"],
        ),
        (
            vec!["--vary", "a=1", "--vary", "b=2", "--vary", "c=3"],
            vec!["--vary: ", "3 variations", "at most 2"],
        ),
        (
            vec![
                many[0].as_str(),
                many[1].as_str(),
                "--vary",
                "sessions[0].dilution=20,21,22,23",
                "--cell-px",
                "1600",
            ],
            vec!["--cell-px: ", "28 cells of 1600 px", "1195 px or less"],
        ),
    ];
    for (varies, words) in cases {
        let args: Vec<&str> = base.iter().copied().chain(varies).collect();
        let output = smpsim().args(&args).output().unwrap();
        let line = assert_refused(&args, &output);
        for word in words {
            assert!(line.contains(word), "{args:?}: {line}");
        }
        assert!(!out.exists(), "{args:?} wrote {}", out.display());
        assert!(fs::read_dir(dir.path()).unwrap().next().is_none(), "{args:?} left a file");
    }
    let line = refused(&["tune", "--preset", "norwood-4", "-o", o]);
    assert!(line.contains("--vary"), "{line}");
}

#[test]
fn a_large_stencil_shows_no_progress_when_stderr_is_not_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("stencil.png");
    let output = smpsim()
        .args(["stencil", "--preset", "hairline-only", "--dpi", "1200", "--page", "none", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr_of(&output));
    assert!(output.stderr.is_empty(), "{}", stderr_of(&output));
    assert!(Path::new(&out).metadata().unwrap().len() > 100_000);
}

#[test]
fn a_sheet_is_the_same_bytes_on_one_thread_and_two() {
    let dir = tempfile::tempdir().unwrap();
    let run = |threads: &str| {
        let path = dir.path().join(format!("sheet-{threads}.png"));
        let out = smpsim()
            .args(["--threads", threads, "tune", "--preset", "crown-only", "--cell-px", "320"])
            .args(["--vary", "zones[0].crown.density_per_cm2=30,60", "-o", path_arg(&path)])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        fs::read(&path).unwrap()
    };
    assert!(run("1") == run("2"), "the thread count changed the sheet");
}
