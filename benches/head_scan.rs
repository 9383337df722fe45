//! The head-scan renderer at the CLI's default 2000 × 2000 px: front and three-quarter
//! (yaw 35°, pitch 15°). Loading the scene (decoding and tessellation) is measured apart.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use image::RgbImage;
use smpsim::{ScanPose, ScanRenderOptions, ScanScene, View, render_scan};

const SIZE_PX: u32 = 2000;

fn bench(c: &mut Criterion) {
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

criterion_group!(benches, bench);
criterion_main!(benches);
