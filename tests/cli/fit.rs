//! The automatic fit and the scalp mask from the command line: what is reported, what a
//! painted `--mask` may be, and that no pixel off the mask changes.

use std::path::Path;

use image::{Rgb, RgbImage};
use smpsim::Look;
use smpsim::render::{SimulationLabel, draw_simulation_label};

use crate::support::{assert_refused, path_arg, smpsim, stderr_of};

/// A skin-coloured head on a blue-grey wall with a dark shirt below, `w × h` px.
fn head_photo(w: u32, h: u32) -> RgbImage {
    let (cx, cy, ax, ay) = (w as f64 / 2.0, h as f64 * 0.42, w as f64 * 0.28, h as f64 * 0.34);
    RgbImage::from_fn(w, h, |x, y| {
        let (dx, dy) = ((f64::from(x) - cx) / ax, (f64::from(y) - cy) / ay);
        if dx * dx + dy * dy <= 1.0 {
            Rgb([214, 170, 146])
        } else if f64::from(y) > h as f64 * 0.8 {
            Rgb([30, 32, 40])
        } else {
            Rgb([150, 165, 185])
        }
    })
}

/// A mask painted white over the disc of radius `r` about `(cx, cy)`.
fn painted_mask(w: u32, h: u32, (cx, cy, r): (f64, f64, f64)) -> RgbImage {
    RgbImage::from_fn(w, h, |x, y| {
        let d = (f64::from(x) - cx).hypot(f64::from(y) - cy);
        if d <= r { Rgb([255, 255, 255]) } else { Rgb([0, 0, 0]) }
    })
}

fn preview(photo: &Path, extra: &[&str], out: &Path) -> std::process::Output {
    smpsim()
        .args(["preview", "--preset", "norwood-4", "--view", "top", "--photo", path_arg(photo)])
        .args(extra)
        .args(["-o", path_arg(out)])
        .output()
        .unwrap()
}

/// The bounding box of the pixels the simulation label changes on `photo`: `[x0, y0, x1, y1)`.
fn label_box(photo: &RgbImage) -> [u32; 4] {
    let mut labelled = photo.clone();
    let label = SimulationLabel {
        preset_name: "norwood-4",
        session: 3,
        session_count: 3,
        look: Look::Healed,
    };
    draw_simulation_label(&mut labelled, &label);
    let mut b = [u32::MAX, u32::MAX, 0, 0];
    for (x, y, p) in labelled.enumerate_pixels() {
        if p != photo.get_pixel(x, y) {
            b = [b[0].min(x), b[1].min(y), b[2].max(x + 1), b[3].max(y + 1)];
        }
    }
    b
}

#[test]
fn no_pixel_off_the_painted_mask_changes_but_the_label() {
    let dir = tempfile::tempdir().unwrap();
    let (w, h) = (400, 300);
    let photo = head_photo(w, h);
    let (photo_path, mask_path) = (dir.path().join("head.png"), dir.path().join("mask.png"));
    photo.save(&photo_path).unwrap();
    painted_mask(w, h, (200.0, 110.0, 60.0)).save(&mask_path).unwrap();
    let label = label_box(&photo);
    let mask = path_arg(&mask_path);
    let runs: [&[&str]; 4] = [
        &["--mask", mask],
        &["--mask", mask, "--look", "fresh"],
        &["--mask", mask, "--fit", "none"],
        &[],
    ];
    for extra in runs {
        let out = dir.path().join("preview.png");
        let run = preview(&photo_path, extra, &out);
        assert!(run.status.success(), "{extra:?}: {}", stderr_of(&run));
        let result = image::open(&out).unwrap().to_rgb8();
        let painted = extra.contains(&"--mask");
        let mut changed_on_mask = 0;
        for (x, y, p) in result.enumerate_pixels() {
            if p == photo.get_pixel(x, y) {
                continue;
            }
            let in_label = (label[0]..label[2]).contains(&x) && (label[1]..label[3]).contains(&y);
            let on_mask = (f64::from(x) - 200.0).hypot(f64::from(y) - 110.0) <= 60.0;
            if painted {
                assert!(in_label || on_mask, "{extra:?}: pixel {x},{y} off the mask changed");
            }
            changed_on_mask += usize::from(on_mask);
        }
        assert!(changed_on_mask > 100, "{extra:?}: only {changed_on_mask} scalp pixels changed");
    }
}

#[test]
fn the_automatic_fit_is_reported_and_keeps_dots_off_the_wall() {
    let dir = tempfile::tempdir().unwrap();
    let (w, h) = (400, 300);
    let photo = head_photo(w, h);
    let photo_path = dir.path().join("head.png");
    photo.save(&photo_path).unwrap();
    let out = dir.path().join("preview.png");
    let run = preview(&photo_path, &[], &out);
    assert!(run.status.success());
    let err = stderr_of(&run);
    assert!(err.contains("fit: head outline centre "), "{err}");
    assert!(err.contains("alignment: --view top --head "), "{err}");
    let result = image::open(&out).unwrap().to_rgb8();
    let label = label_box(&photo);
    for (x, y, p) in result.enumerate_pixels() {
        let in_label = (label[0]..label[2]).contains(&x) && (label[1]..label[3]).contains(&y);
        let wall = *photo.get_pixel(x, y) != Rgb([214, 170, 146]);
        assert!(in_label || !wall || p == photo.get_pixel(x, y), "a dot at {x},{y} off the head");
    }
}

/// A head box drawn well beyond the head: the automatic fit still bounds the scalp, so no dot
/// lands on the wall or the shirt; with `--fit none` nothing does, and the wall gets dots.
#[test]
fn a_head_placed_too_large_by_hand_keeps_its_dots_on_the_head() {
    let dir = tempfile::tempdir().unwrap();
    let (w, h) = (400, 300);
    let photo = head_photo(w, h);
    let photo_path = dir.path().join("head.png");
    photo.save(&photo_path).unwrap();
    let label = label_box(&photo);
    let off_head = |extra: &[&str]| {
        let out = dir.path().join("preview.png");
        let args = [&["--head", "20,0,360,290"][..], extra].concat();
        let run = preview(&photo_path, &args, &out);
        assert!(run.status.success(), "{}", stderr_of(&run));
        let preview = image::open(&out).unwrap().to_rgb8();
        let mut changed = 0;
        for (x, y, p) in preview.enumerate_pixels() {
            let in_label = (label[0]..label[2]).contains(&x) && (label[1]..label[3]).contains(&y);
            let wall = *photo.get_pixel(x, y) != Rgb([214, 170, 146]);
            changed += usize::from(!in_label && wall && p != photo.get_pixel(x, y));
        }
        changed
    };
    assert_eq!(off_head(&[]), 0, "dots off the head of a box placed by hand");
    assert!(off_head(&["--fit", "none"]) > 100, "the box alone did not reach the wall");
}

#[test]
fn a_mask_of_another_size_or_unreadable_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let photo_path = dir.path().join("head.png");
    head_photo(200, 150).save(&photo_path).unwrap();
    let small = dir.path().join("small.png");
    painted_mask(100, 150, (50.0, 50.0, 20.0)).save(&small).unwrap();
    let text = dir.path().join("mask.png.txt");
    std::fs::write(&text, "not an image").unwrap();
    let missing = dir.path().join("missing.png");
    let out = dir.path().join("preview.png");
    for (mask, says) in [
        (&small, "100×150 px"),
        (&text, "not a JPEG, PNG or WebP image"),
        (&missing, "cannot read"),
    ] {
        let args = ["--mask", path_arg(mask)];
        let run = preview(&photo_path, &args, &out);
        let line = assert_refused(&args, &run);
        assert!(line.contains("--mask") && line.contains(path_arg(mask)), "{line}");
        assert!(line.contains(says), "{line}");
        assert!(!out.exists(), "{line}: an output was written");
    }
}

/// The numbers of the `pose:` line on stderr: yaw, pitch, roll (°), scale x, y (px/mm), centre
/// x, y (px).
fn reported_pose(err: &str) -> [f64; 7] {
    let line = err.lines().find(|l| l.starts_with("pose: ")).unwrap_or_else(|| panic!("{err}"));
    let numbers: Vec<f64> = line
        .split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .filter_map(|s| s.parse().ok())
        .collect();
    numbers[..7].try_into().unwrap_or_else(|_| panic!("{line}"))
}

#[test]
fn the_flags_printed_for_a_fitted_pose_reproduce_it() {
    let dir = tempfile::tempdir().unwrap();
    let photo = format!("{}/tests/photos/front-02.jpg", env!("CARGO_MANIFEST_DIR"));
    // Turned a quarter, so the fit's pose has a roll that a plain box could not carry.
    let turned = image::imageops::rotate90(&image::open(&photo).unwrap().to_rgb8());
    let photo_path = dir.path().join("turned.png");
    turned.save(&photo_path).unwrap();
    let out = dir.path().join("preview.png");
    let base = ["preview", "--preset", "norwood-4", "--photo", path_arg(&photo_path)];
    let fitted = smpsim().args(base).args(["--view", "front", "-o", path_arg(&out)]).output();
    let fitted = fitted.unwrap();
    assert!(fitted.status.success(), "{}", stderr_of(&fitted));
    let err = stderr_of(&fitted);
    let flags = err.lines().find_map(|l| l.strip_prefix("alignment: ")).unwrap();
    assert!(flags.contains(" --pose "), "{flags}");
    let again = smpsim()
        .args(base)
        .args(flags.split(' '))
        .args(["--fit", "none", "-o", path_arg(&out)])
        .output()
        .unwrap();
    assert!(again.status.success(), "{flags}: {}", stderr_of(&again));
    let (want, got) = (reported_pose(&err), reported_pose(&stderr_of(&again)));
    assert!((want[2] - got[2]).abs() < 0.11, "roll {want:?} vs {got:?} from {flags}");
    assert!(want[2].abs() > 45.0, "a quarter-turned photo fits a turned head: {want:?}");
    for i in [3, 4] {
        assert!((want[i] / got[i] - 1.0).abs() < 0.01, "scale {want:?} vs {got:?} from {flags}");
    }
    for i in [5, 6] {
        assert!((want[i] - got[i]).abs() < 0.6, "centre {want:?} vs {got:?} from {flags}");
    }
}

#[test]
fn a_saved_scene_reloads_the_fitted_pose_and_mask_and_never_takes_an_input_path() {
    let dir = tempfile::tempdir().unwrap();
    let photo = format!("{}/tests/photos/front-02.jpg", env!("CARGO_MANIFEST_DIR"));
    let (out, saved) = (dir.path().join("p.png"), dir.path().join("scene.json"));
    let reloaded = dir.path().join("again.png");
    let base = ["preview", "--preset", "norwood-4", "--view", "front", "--photo", &photo];
    let first = smpsim()
        .args(base)
        .args(["--save-scene", path_arg(&saved), "-o", path_arg(&out)])
        .output()
        .unwrap();
    assert!(first.status.success(), "{}", stderr_of(&first));
    let text = std::fs::read_to_string(&saved).unwrap();
    let scene = smpsim::head::Scene::from_json(&text).unwrap();
    assert!(scene.pose.is_some_and(|p| p.origin_px.is_some()), "{text}");
    let mask = scene.mask.as_ref().expect("the fitted mask is saved");
    assert_eq!(mask.size_px, [256, 256]);
    assert!(mask.runs.len() > 50, "{} runs", mask.runs.len());
    let again = smpsim()
        .args(base)
        .args(["--scene", path_arg(&saved), "-o", path_arg(&reloaded)])
        .output()
        .unwrap();
    assert!(again.status.success(), "{}", stderr_of(&again));
    let (want, got) = (reported_pose(&stderr_of(&first)), reported_pose(&stderr_of(&again)));
    for (w, g) in want.iter().zip(&got) {
        assert!((w - g).abs() < 1e-3, "{want:?} reloaded as {got:?}");
    }
    // The same pose and the same mask, without fitting again: the same preview.
    assert!(!stderr_of(&again).contains("fit:"), "{}", stderr_of(&again));
    assert!(std::fs::read(&out).unwrap() == std::fs::read(&reloaded).unwrap());
    // A saved mask only fits its photo.
    let other = dir.path().join("other.png");
    image::RgbImage::from_pixel(300, 200, image::Rgb([200, 160, 140])).save(&other).unwrap();
    let args = ["--photo", path_arg(&other), "--scene", path_arg(&saved), "-o", path_arg(&out)];
    let run = smpsim().args(["preview", "--preset", "norwood-4"]).args(args).output().unwrap();
    let line = assert_refused(&args, &run);
    assert!(line.contains("--scene") && line.contains("300×200"), "{line}");
    for clash in [photo.as_str(), path_arg(&out)] {
        let args = ["--save-scene", clash, "-o", path_arg(&out)];
        let run = smpsim().args(base).args(args).output().unwrap();
        let line = assert_refused(&args, &run);
        assert!(line.contains("--save-scene"), "{line}");
    }
}

/// The rows of the scalp mask `--save-scene` wrote: first and last.
fn saved_mask_rows(scene: &Path) -> (u64, u64) {
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(scene).unwrap()).unwrap();
    // Runs are written as "row first end, row first end, …".
    let runs = json["mask"]["runs"].as_str().expect("the scene holds the mask");
    let rows: Vec<u64> =
        runs.split(", ").map(|run| run.split(' ').next().unwrap().parse().unwrap()).collect();
    (rows[0], rows[rows.len() - 1])
}

/// A roll given with `--pose` says which way the face is: the automatic mask's line across the
/// head (short of the face beyond the forehead, in a top view) follows it, not the fit's guess.
#[test]
fn a_given_roll_moves_the_masks_line_across_the_head() {
    let dir = tempfile::tempdir().unwrap();
    let photo_path = dir.path().join("head.png");
    head_photo(400, 300).save(&photo_path).unwrap();
    let rows = |roll: &str| {
        let scene = dir.path().join(format!("scene-{roll}.json"));
        let pose = format!("0,0,{roll}");
        let args = ["--pose", pose.as_str(), "--save-scene", path_arg(&scene)];
        let run = preview(&photo_path, &args, &dir.path().join("preview.png"));
        assert!(run.status.success(), "{}", stderr_of(&run));
        saved_mask_rows(&scene)
    };
    let ((up_first, up_last), (down_first, down_last)) = (rows("0"), rows("180"));
    // Forehead up: the mask stops short of the top; forehead down: short of the bottom.
    assert!(down_first + 8 < up_first, "first rows: {up_first} up, {down_first} down");
    assert!(down_last + 8 < up_last, "last rows: {up_last} up, {down_last} down");
}

/// A top view whose forehead the fit cannot place (top-01: a shaved head from above, forehead
/// at the bottom) says so in one line with the angle that fixes it; given that angle, it no
/// longer doubts the orientation.
#[test]
fn an_unsure_orientation_names_the_flag_that_fixes_it() {
    let dir = tempfile::tempdir().unwrap();
    let photo = crate::serve::test_photo("top-01.jpg");
    let out = dir.path().join("preview.png");
    let run = preview(&photo, &[], &out);
    assert!(run.status.success(), "{}", stderr_of(&run));
    let err = stderr_of(&run);
    let warning = err.lines().find(|l| l.starts_with("warning: the automatic fit is unsure"));
    let warning = warning.unwrap_or_else(|| panic!("no warning: {err}"));
    assert!(warning.contains("which way the head points"), "{warning}");
    assert!(warning.contains("--pose 0,0,DEGREES") && warning.contains("180"), "{warning}");
    assert!(warning.contains("--point NAME=X,Y"), "{warning}");
    let turned = preview(&photo, &["--pose", "0,0,180"], &out);
    assert!(turned.status.success(), "{}", stderr_of(&turned));
    let err = stderr_of(&turned);
    assert!(!err.contains("which way the head points"), "{err}");
}
