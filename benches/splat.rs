//! Splat renderer throughput: 10⁴, 10⁵ and 10⁶ dots onto a 12-MP image, on 1 and 2 threads.
//!
//! Dots are what a preview at about 0.1 mm/px produces: healed dots 0.10–0.30 mm across
//! (radius 0.5–1.5 px), a fifth of them foreshortened near the silhouette.

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use image::{Rgb, RgbImage};
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;
use smpsim::render::{ScreenDot, SplatOptions, splat};

const WIDTH: u32 = 4000;
const HEIGHT: u32 = 3000;

fn preview_dots(n: usize, seed: u64) -> Vec<ScreenDot> {
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    (0..n)
        .map(|i| {
            let r = rng.random_range(0.5..1.5f32);
            let squash = if rng.random_bool(0.2) { rng.random_range(0.3..1.0f32) } else { 1.0 };
            let angle = rng.random_range(0.0..std::f32::consts::PI);
            ScreenDot {
                center_px: [
                    rng.random_range(0.0..WIDTH as f32),
                    rng.random_range(0.0..HEIGHT as f32),
                ],
                radius_major_px: r,
                radius_minor_px: r * squash,
                major_dir: [angle.cos(), angle.sin()],
                strength: rng.random_range(0.4..0.8),
                shape_seed: i as u32,
            }
        })
        .collect()
}

fn bench_splat(c: &mut Criterion) {
    let skin = RgbImage::from_pixel(WIDTH, HEIGHT, Rgb([210, 170, 140]));
    let options = SplatOptions::default();
    let mut group = c.benchmark_group("splat_12mp");
    group.sample_size(10);
    for n in [10_000usize, 100_000, 1_000_000] {
        let dots = preview_dots(n, 1);
        group.throughput(Throughput::Elements(n as u64));
        for threads in [1usize, 2] {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            group.bench_with_input(
                BenchmarkId::new(format!("{threads}_threads"), n),
                &dots,
                |b, dots| {
                    b.iter_batched_ref(
                        || skin.clone(),
                        |img| pool.install(|| splat(img, dots, &options)).unwrap(),
                        BatchSize::LargeInput,
                    )
                },
            );
        }
    }
    group.finish();
}

criterion_group!(benches, bench_splat);
criterion_main!(benches);
