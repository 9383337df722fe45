//! The built-in default head as a preview starts from it: the scan rendered for a view, its
//! stubble of Norwood IV sampled, placed and splatted, at the CLI's default 2000 × 2000 px
//! (the scan itself loaded once, as in a process).

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use smpsim::render::{ScanScene, default_head_scene};
use smpsim::{
    DefaultSceneOptions, HeadModel, HeadSize, MaskImages, PlanOptions, Preset, View, build_plan,
};

const SIZE_PX: u32 = 2000;

fn bench(c: &mut Criterion) {
    let model = HeadModel::new(HeadSize::default()).unwrap();
    let preset = Preset::builtin("norwood-4").unwrap();
    let layout = preset.layout(&MaskImages::new()).unwrap();
    let plan = build_plan(&layout, &PlanOptions { seed: 1, ..PlanOptions::default() }).unwrap();
    black_box(ScanScene::shared());
    let mut group = c.benchmark_group("default_head");
    group.sample_size(10);
    for view in [View::Front, View::Left, View::Top] {
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
