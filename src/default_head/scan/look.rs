//! A way to look at the scan renders: `cargo test --lib head_scan::look -- --ignored` writes
//! PNGs to `target/scan-look/` (front, three-quarter, top, left, back, and the same with the
//! norwood-4 preset's dots). Not run by default: it is for eyes, not for asserting.

use std::path::PathBuf;
use std::time::Instant;

use image::RgbImage;

use super::camera::ScanPose;
use super::dots::project_scan_dots;
use super::options::ScanRenderOptions;
use super::render::render_scan;
use super::scene::ScanScene;
use crate::splat::dot_appearance;
use crate::{Dot, Look, View, ZoneKind};

/// Side of the looked-at images, px (the CLI's default preview size).
const SIZE_PX: u32 = 2000;

fn looks() -> Vec<(&'static str, ScanRenderOptions)> {
    let three_quarter = ScanRenderOptions { pose: ScanPose::three_quarter(), ..Default::default() };
    vec![
        ("front", ScanRenderOptions::of_view(View::Front)),
        ("three-quarter", three_quarter),
        ("top", ScanRenderOptions::of_view(View::Top)),
        ("left", ScanRenderOptions::of_view(View::Left)),
        ("back", ScanRenderOptions::of_view(View::Back)),
    ]
}

#[test]
#[ignore = "writes images to look at"]
fn write_scan_looks() {
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/scan-look");
    std::fs::create_dir_all(&out).unwrap();
    let t = Instant::now();
    let scene = ScanScene::load();
    eprintln!("load {:?}", t.elapsed());
    let preset = crate::Preset::builtin("norwood-4").unwrap();
    let layout = preset.layout(&crate::MaskImages::new()).unwrap();
    let plan =
        crate::build_plan(&layout, &crate::PlanOptions { seed: 1, ..Default::default() }).unwrap();
    let look = |d: &Dot| dot_appearance(d, ZoneKind::Total, Look::Healed);
    for (name, options) in looks() {
        let mut image = RgbImage::new(SIZE_PX, SIZE_PX);
        let t = Instant::now();
        let frame = render_scan(&scene, &options, &mut image).unwrap();
        eprintln!("{name}: {:?}", t.elapsed());
        image.save(out.join(format!("{name}.png"))).unwrap();
        let dots = project_scan_dots(&scene, &frame, &plan, u8::MAX, look);
        crate::splat::splat(&mut image, &dots, &crate::splat::SplatOptions::default()).unwrap();
        eprintln!("{name}: {} dots", dots.len());
        image.save(out.join(format!("{name}-norwood-4.png"))).unwrap();
        // A 1:1 crop of the upper middle, where hairline, dots and silhouette meet.
        let crop = image::imageops::crop_imm(&image, 500, 150, 1000, 900).to_image();
        crop.save(out.join(format!("{name}-norwood-4-crop.png"))).unwrap();
    }
}

/// One load and one 2000 px front render, nothing else: for measuring a render's peak memory
/// (`/usr/bin/time -v` on the test binary with `--ignored --exact`).
#[test]
#[ignore = "for measuring memory"]
fn one_front_render() {
    let scene = ScanScene::load();
    let mut image = RgbImage::new(SIZE_PX, SIZE_PX);
    let frame = render_scan(&scene, &ScanRenderOptions::of_view(View::Front), &mut image).unwrap();
    assert_eq!(frame.size_px(), (SIZE_PX, SIZE_PX));
}
