//! The built-in default head: painting the head alone, and the whole default scene a
//! preview without a photo starts from (head, hair shadow and stubble of Norwood IV), at the
//! CLI's default 2000 × 2000 px.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use image::RgbImage;
use smpsim::head::Camera;
use smpsim::render::{CraniumOutline, DefaultHeadOptions, default_head_scene, draw_default_head};
use smpsim::{
    Alignment, DefaultSceneOptions, HeadModel, HeadSize, MaskImages, PlanOptions, Preset, View,
    build_plan,
};

const SIZE_PX: u32 = 2000;

fn bench(c: &mut Criterion) {
    let model = HeadModel::new(HeadSize::default()).unwrap();
    let preset = Preset::builtin("norwood-4").unwrap();
    let layout = preset.layout(&MaskImages::new()).unwrap();
    let plan = build_plan(&layout, &PlanOptions { seed: 1, ..PlanOptions::default() }).unwrap();

    let mut group = c.benchmark_group("default_head");
    group.sample_size(10);
    for view in [View::Front, View::Left, View::Top] {
        let alignment = Alignment::default_fit(view, &model, SIZE_PX, SIZE_PX);
        let cranium = CraniumOutline::of_head(&model, &Camera::new(&model, &alignment));
        let mut image = RgbImage::new(SIZE_PX, SIZE_PX);
        group.bench_with_input(BenchmarkId::new("head_2000px", view), &view, |b, &view| {
            b.iter(|| {
                draw_default_head(&mut image, view, &cranium, &DefaultHeadOptions::default());
                black_box(&image);
            })
        });
        group.bench_with_input(
            BenchmarkId::new("scene_norwood4_2000px", view),
            &view,
            |b, &view| {
                b.iter(|| {
                    let options = DefaultSceneOptions::default();
                    black_box(default_head_scene(&plan, &model, view, SIZE_PX, SIZE_PX, &options))
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
