//! The head-scan renderer at the CLI's default 2000 × 2000 px: front and three-quarter
//! (yaw 35°, pitch 15°) renders, loading the scene (decoding, landmarks, tessellation), and
//! placing norwood-4's dots on a front render (projection onto the skin, occlusion and splat).
//!
//! Target on this project's 2-core machine: a render within 0.25 s.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use image::RgbImage;
use smpsim::render::{
    ScanPose, ScanRenderOptions, ScanScene, SplatOptions, dot_appearance, project_scan_dots,
    render_scan, splat,
};
use smpsim::spec::builtin_preset;
use smpsim::{Dot, Look, MaskImages, PlanOptions, Preset, View, ZoneKind, build_plan};

const SIZE_PX: u32 = 2000;

fn renders(c: &mut Criterion) {
    let scene = ScanScene::load();
    let mut group = c.benchmark_group("head_scan");
    group.sample_size(10);
    group.bench_function("load", |b| b.iter(|| black_box(ScanScene::load())));
    let poses = [
        ("front_2000px", ScanRenderOptions::of_view(View::Front)),
        (
            "three_quarter_2000px",
            ScanRenderOptions { pose: ScanPose::three_quarter(), ..Default::default() },
        ),
    ];
    let mut image = RgbImage::new(SIZE_PX, SIZE_PX);
    for (name, options) in poses {
        group.bench_function(name, |b| {
            b.iter(|| black_box(render_scan(&scene, &options, &mut image).unwrap()));
        });
    }
    group.finish();
}

fn dots(c: &mut Criterion) {
    let scene = ScanScene::load();
    let preset = Preset::parse(builtin_preset("norwood-4").unwrap(), "norwood-4").unwrap();
    let layout = preset.layout(&MaskImages::new()).unwrap();
    let plan = build_plan(&layout, &PlanOptions { seed: 1, ..PlanOptions::default() }).unwrap();
    let mut head = RgbImage::new(SIZE_PX, SIZE_PX);
    let frame = render_scan(&scene, &ScanRenderOptions::of_view(View::Front), &mut head).unwrap();
    // The first projection builds the map-to-skin tables; time the steady state.
    let look = |d: &Dot| dot_appearance(d, ZoneKind::Total, Look::Healed);
    black_box(project_scan_dots(&scene, &frame, &plan, u8::MAX, look));
    let mut group = c.benchmark_group("head_scan");
    group.sample_size(10);
    group.bench_function("norwood4_dots_front_2000px", |b| {
        b.iter(|| {
            let mut image = head.clone();
            let screen = project_scan_dots(&scene, &frame, &plan, u8::MAX, look);
            splat(&mut image, &screen, &SplatOptions::default()).unwrap();
            black_box(image)
        })
    });
    group.finish();
}

criterion_group!(benches, renders, dots);
criterion_main!(benches);
