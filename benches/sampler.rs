//! Poisson-disc engine throughput (dots/s): the 1000 × 1000 mm uniform case, a 0.8 → 3 mm
//! gradient, 10⁴/10⁵/10⁶ dots to show linear cost, and 1 vs 2 threads.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use smpsim::MapRect;
use smpsim::engine::{
    KAPPA, LinearSpacing, SampleOptions, SpacingField, UniformSpacing, sample_spacing,
};

fn run<S: SpacingField>(domain: MapRect, field: &S) -> usize {
    sample_spacing(domain, field, &[], &SampleOptions { seed: 1, ..Default::default() })
        .unwrap()
        .len()
}

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap()
}

fn uniform_1000mm(c: &mut Criterion) {
    let domain = MapRect::from_size_mm(1000.0, 1000.0);
    let field = UniformSpacing { spacing_mm: 1.0 };
    let mut group = c.benchmark_group("sampler");
    group.sample_size(10);
    group.throughput(Throughput::Elements(run(domain, &field) as u64));
    group.bench_function("uniform_1000x1000mm_r1", |b| b.iter(|| run(domain, &field)));

    let domain = MapRect::from_size_mm(200.0, 200.0);
    let field = LinearSpacing::across(domain, 0.8, 3.0);
    group.throughput(Throughput::Elements(run(domain, &field) as u64));
    group.bench_function("gradient_200x200mm_r0.8_to_3", |b| b.iter(|| run(domain, &field)));
    group.finish();
}

fn linear_cost(c: &mut Criterion) {
    let mut group = c.benchmark_group("sampler_dots");
    group.sample_size(10);
    let field = UniformSpacing { spacing_mm: 1.0 };
    for dots in [10_000_usize, 100_000, 1_000_000] {
        let side = (dots as f32 / KAPPA).sqrt();
        let domain = MapRect::from_size_mm(side, side);
        group.throughput(Throughput::Elements(run(domain, &field) as u64));
        group.bench_with_input(BenchmarkId::from_parameter(dots), &domain, |b, &domain| {
            b.iter(|| run(domain, &field))
        });
    }
    group.finish();
}

fn threads(c: &mut Criterion) {
    let mut group = c.benchmark_group("sampler_threads");
    group.sample_size(10);
    let domain = MapRect::from_size_mm(600.0, 600.0);
    let field = UniformSpacing { spacing_mm: 1.0 };
    group.throughput(Throughput::Elements(run(domain, &field) as u64));
    for n in [1_usize, 2] {
        let pool = pool(n);
        group.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| {
            b.iter(|| pool.install(|| run(domain, &field)))
        });
    }
    group.finish();
}

criterion_group!(benches, uniform_1000mm, linear_cost, threads);
criterion_main!(benches);
