//! A way to look at the scan renders: `cargo test --lib head_scan::look -- --ignored` writes
//! PNGs to `target/scan-look/` (front, three-quarter, top, left, back, and the same with the
//! norwood-4 preset's dots). Not run by default: it is for eyes, not for asserting.

use std::path::PathBuf;
use std::time::Instant;

use image::RgbImage;

use super::camera::ScanPose;
use super::render::{ScanRenderOptions, render_scan};
use super::scene::ScanScene;
use crate::View;

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
    for (name, options) in looks() {
        let mut image = RgbImage::new(SIZE_PX, SIZE_PX);
        let t = Instant::now();
        render_scan(&scene, &options, &mut image).unwrap();
        eprintln!("{name}: {:?}", t.elapsed());
        image.save(out.join(format!("{name}.png"))).unwrap();
    }
}
