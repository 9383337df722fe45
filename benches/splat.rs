//! Splat renderer throughput: 10⁴, 10⁵ and 10⁶ dots onto a 12-MP image, on 1 and 2 threads.
//!
//! Dots are what a preview at about 0.1 mm/px produces: healed dots 0.10–0.30 mm across
//! (radius 0.5–1.5 px), a fifth of them foreshortened near the silhouette. A second group is a
//! 12-MP photo of a head filling the frame (about 16 px/mm: radius 1.5–3.5 px) seen through a
//! phone camera's blur, grain and glare.

use criterion::{BatchSize, BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use image::{Rgb, RgbImage};
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;
use smpsim::render::{Glare, PhotoCamera, ScreenDot, SplatOptions, splat};

const WIDTH: u32 = 4000;
const HEIGHT: u32 = 3000;

fn preview_dots(n: usize, seed: u64) -> Vec<ScreenDot> {
    dots_of_radius(n, seed, 0.5..1.5)
}

fn dots_of_radius(n: usize, seed: u64, radius_px: std::ops::Range<f32>) -> Vec<ScreenDot> {
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    (0..n)
        .map(|i| {
            let r = rng.random_range(radius_px.clone());
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

fn bench_through_a_camera(c: &mut Criterion) {
    let skin = RgbImage::from_pixel(WIDTH, HEIGHT, Rgb([210, 170, 140]));
    let glare = Some(Glare { light_rgb: [1.05, 1.0, 0.95], skin_rgb_linear: [0.55, 0.38, 0.28] });
    let cameras = [
        ("sharp", PhotoCamera::SHARP),
        ("phone", PhotoCamera { blur_px: 1.5, grain_levels: 3.0, grain_px: 1.0, glare }),
    ];
    let dots = dots_of_radius(30_000, 2, 1.5..3.5);
    let mut group = c.benchmark_group("splat_12mp_large_dots");
    group.sample_size(10);
    group.throughput(Throughput::Elements(dots.len() as u64));
    for (name, camera) in cameras {
        let options = SplatOptions { camera, ..SplatOptions::default() };
        group.bench_function(BenchmarkId::new("2_threads", name), |b| {
            b.iter_batched_ref(
                || skin.clone(),
                |img| splat(img, &dots, &options).unwrap(),
                BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, bench_splat, bench_through_a_camera);
criterion_main!(benches);
