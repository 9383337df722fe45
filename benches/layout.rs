//! Layout hot paths: evaluating a preset's combined density field (the sampler calls it once per
//! candidate dot) and building a whole plan (three sessions over the whole treated scalp).

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;
use smpsim::engine::DensityField;
use smpsim::{Layout, MapPoint, MaskImages, PlanOptions, Preset, build_plan};

const POINTS: usize = 100_000;

fn layout(name: &str) -> Layout {
    Preset::builtin(name).unwrap().layout(&MaskImages::new()).unwrap()
}

fn bench_field(c: &mut Criterion) {
    let mut rng = Pcg64Mcg::seed_from_u64(1);
    // Points over the treated part of the scalp map, as the sampler's candidates would be.
    let points: Vec<MapPoint> = (0..POINTS)
        .map(|_| {
            MapPoint::new(rng.random_range(-150.0..150.0f32), rng.random_range(30.0..330.0f32))
        })
        .collect();
    let mut group = c.benchmark_group("layout_density");
    group.throughput(Throughput::Elements(POINTS as u64));
    for name in ["norwood-7", "full-shave", "ludwig-2", "fut-scar"] {
        let layout = layout(name);
        group.bench_with_input(BenchmarkId::from_parameter(name), &points, |b, pts| {
            b.iter(|| pts.iter().map(|&p| layout.density_per_cm2(p)).sum::<f32>())
        });
    }
    group.finish();
}

fn bench_plan(c: &mut Criterion) {
    let mut group = c.benchmark_group("build_plan");
    group.sample_size(10);
    for name in ["norwood-7", "crown-only"] {
        let layout = layout(name);
        group.bench_with_input(BenchmarkId::from_parameter(name), &layout, |b, l| {
            b.iter(|| {
                build_plan(l, &PlanOptions { seed: 1, ..PlanOptions::default() })
                    .unwrap()
                    .dots
                    .len()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_field, bench_plan);
criterion_main!(benches);
