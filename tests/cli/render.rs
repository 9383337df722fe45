//! `smpsim preview` and `smpsim stencil` through the binary: outputs, sizes and refused input.

use crate::support::{path_arg, refused, smpsim};
use std::fs;

#[test]
fn default_head_previews_decode_and_differ_between_presets() {
    let dir = tempfile::tempdir().unwrap();
    let mut images = Vec::new();
    for preset in ["norwood-4", "crown-only"] {
        let out = dir.path().join(format!("{preset}.png"));
        smpsim()
            .args(["preview", "--preset", preset, "--size", "400x400", "-o", path_arg(&out)])
            .assert()
            .success();
        let image = image::open(&out).unwrap().to_rgb8();
        assert_eq!(image.dimensions(), (400, 400));
        images.push(image);
    }
    assert_ne!(images[0], images[1]);
}

#[test]
fn compare_puts_before_and_after_side_by_side() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("compare.jpg");
    smpsim()
        .args(["preview", "--preset", "norwood-6", "--view", "top", "--size", "300x200"])
        .args(["--compare", "-o", path_arg(&out)])
        .assert()
        .success();
    let image = image::open(&out).unwrap();
    assert_eq!((image.width(), image.height()), (600, 200));
}

#[test]
fn a_photo_preview_keeps_the_photo_size_and_reports_the_alignment() {
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("head.png");
    image::RgbImage::from_pixel(320, 240, image::Rgb([205, 160, 135])).save(&photo).unwrap();
    let out = dir.path().join("preview.png");
    let run = smpsim()
        .args(["preview", "--preset", "norwood-3", "--photo", path_arg(&photo), "--fit", "none"])
        .args(["-o", path_arg(&out)])
        .output()
        .unwrap();
    assert!(run.status.success());
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(err.contains("alignment: --view front --head "), "{err}");
    assert!(err.contains("no --head box given"), "{err}");
    assert_eq!(image::open(&out).unwrap().to_rgb8().dimensions(), (320, 240));
}

#[test]
fn bad_preview_input_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let photo = dir.path().join("head.png");
    image::RgbImage::from_pixel(100, 80, image::Rgb([205, 160, 135])).save(&photo).unwrap();
    let empty = dir.path().join("empty.jpg");
    fs::write(&empty, b"").unwrap();
    let out = dir.path().join("out.png");
    let (photo, empty, out_s) = (path_arg(&photo), path_arg(&empty), path_arg(&out));
    let base = ["preview", "--preset", "norwood-3"];
    let err = refused(&[&base[..], &["--photo", photo, "-o", photo]].concat());
    assert!(err.contains("input"), "{err}");
    assert!(refused(&[&base[..], &["--photo", empty, "-o", out_s]].concat()).contains("empty.jpg"));
    let err =
        refused(&[&base[..], &["--photo", photo, "--head", "500,500,50,50", "-o", out_s]].concat());
    assert!(err.contains("--head"), "{err}");
    assert!(refused(&[&base[..], &["--session", "9", "-o", out_s]].concat()).contains("session"));
    assert!(refused(&[&base[..], &["-o", "preview.gif"]].concat()).contains(".png"));
    assert!(refused(&[&base[..], &["--size", "10x10", "-o", out_s]].concat()).contains("--size"));
    assert!(!out.exists());
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2, "stray files left behind");
}

#[test]
fn stencils_carry_their_dpi_and_tile_into_numbered_pages() {
    let dir = tempfile::tempdir().unwrap();
    let single = dir.path().join("hairline.png");
    smpsim()
        .args(["stencil", "--preset", "hairline-only", "--dpi", "150", "--page", "none"])
        .args(["-o", path_arg(&single)])
        .assert()
        .success();
    let decoder = png::Decoder::new(std::io::BufReader::new(fs::File::open(&single).unwrap()));
    let reader = decoder.read_info().unwrap();
    let dims = reader.info().pixel_dims.unwrap();
    assert_eq!(dims.unit, png::Unit::Meter);
    assert_eq!(dims.xppu, (150.0_f64 / 0.0254).round() as u32);

    let tiled = dir.path().join("full.svg");
    smpsim()
        .args(["stencil", "--preset", "full-shave", "--page", "a4", "-o", path_arg(&tiled)])
        .assert()
        .success();
    let first = dir.path().join("full-p01.svg");
    let second = dir.path().join("full-p02.svg");
    assert!(first.exists() && second.exists(), "expected several pages");
    let svg = fs::read_to_string(first).unwrap();
    assert!(svg.contains("mm\"") && svg.contains("<circle"), "not an SVG in mm");
}

#[test]
fn bad_stencil_input_is_refused() {
    assert!(
        refused(&["stencil", "--preset", "norwood-4", "--dpi", "5000", "-o", "x.png"])
            .contains("--dpi")
    );
    assert!(
        refused(&["stencil", "--preset", "norwood-4", "--min-dot-mm", "-1", "-o", "x.png"])
            .contains("--min-dot-mm")
    );
    assert!(
        refused(&["stencil", "--preset", "norwood-4", "-o", "/no/such/dir/x.png"])
            .contains("/no/such/dir")
    );
}

#[test]
fn another_head_size_moves_the_hairline_onto_that_head_or_says_why_not() {
    let dir = tempfile::tempdir().unwrap();
    let render = |head_mm: &str| {
        let out = dir.path().join(format!("{head_mm}.png"));
        smpsim()
            .args(["preview", "--preset", "hairline-only", "--size", "300x300"])
            .args(["--head-mm", head_mm, "-o", path_arg(&out)])
            .assert()
            .success();
        image::open(&out).unwrap().to_rgb8()
    };
    assert_ne!(render("195x155x100"), render("195x155x125"));
    let err =
        refused(&["preview", "--preset", "norwood-4", "--head-mm", "150x110x60", "-o", "x.png"]);
    assert!(err.contains("--head-mm") && err.contains("vertex_y_mm"), "{err}");
}

#[test]
fn pose_turns_the_default_head_and_refuses_what_it_cannot_turn() {
    let dir = tempfile::tempdir().unwrap();
    let render = |extra: &[&str]| {
        let out = dir.path().join(format!("pose{}.png", extra.concat().replace(',', "_")));
        smpsim()
            .args(["preview", "--preset", "norwood-4", "--size", "240x240", "-o", path_arg(&out)])
            .args(extra)
            .assert()
            .success();
        image::open(&out).unwrap().to_rgb8()
    };
    let front = render(&[]);
    assert_eq!(render(&["--pose", "0,0,0"]), front, "no turn is the view itself");
    let turned = render(&["--pose", "35,15,0"]);
    assert_eq!(turned.dimensions(), front.dimensions());
    assert_ne!(turned, front);
    let out = dir.path().join("refused.png");
    let err =
        refused(&["preview", "--preset", "norwood-4", "--pose", "0,0,10", "-o", path_arg(&out)]);
    assert!(err.contains("--pose 0,0,10") && err.contains("roll"), "{err}");
    let over = ["preview", "--preset", "norwood-4", "--view", "top", "--pose", "0,30,0"];
    let err = refused(&[&over[..], &["-o", path_arg(&out)]].concat());
    assert!(err.contains("pitch"), "{err}");
    assert!(!out.exists());
}
