//! Splat renderer throughput: 10⁴, 10⁵ and 10⁶ dots onto a 12-MP image, on 1 and 2 threads.
//!
//! Dots are what a preview at about 0.1 mm/px produces: healed dots 0.10–0.30 mm across
//! (radius 0.5–1.5 px), a fifth of them foreshortened near the silhouette. A second group is a
//! 12-MP photo of a head filling the frame (about 16 px/mm: radius 1.5–3.5 px) seen through a
//! phone camera's blur, grain and glare. A third is the dots of a top view of a dome on such a
//! photo: foreshortened toward the silhouette, blurred by 2.5 px, where filling stamps and the
//! thin dots at the silhouette were most of a 12-MP photo preview's time.

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

/// 60,000 dots of radius 1.3–1.9 px on a dome seen from above (a disc of 1,400 px radius): each
/// foreshortened across its radius by the cosine of the surface's slope, down to a tenth.
fn dome_dots(n: usize, seed: u64) -> Vec<ScreenDot> {
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let (cx, cy, dome_px) = (WIDTH as f32 / 2.0, HEIGHT as f32 / 2.0, 1400.0f32);
    (0..n)
        .map(|i| {
            // Uniform over the dome's surface: the projected radius is sin of a uniform cosine.
            let height = rng.random_range(0.0..1.0f32);
            let along = (1.0 - height * height).sqrt();
            let angle = rng.random_range(0.0..std::f32::consts::TAU);
            let r = rng.random_range(1.3..1.9f32);
            ScreenDot {
                center_px: [cx + dome_px * along * angle.cos(), cy + dome_px * along * angle.sin()],
                radius_major_px: r,
                radius_minor_px: r * height.max(0.1),
                major_dir: [-angle.sin(), angle.cos()],
                strength: rng.random_range(0.4..0.8),
                shape_seed: i as u32,
            }
        })
        .collect()
}

fn bench_dome_through_a_camera(c: &mut Criterion) {
    let skin = RgbImage::from_pixel(WIDTH, HEIGHT, Rgb([210, 170, 140]));
    let camera = PhotoCamera { blur_px: 2.5, grain_levels: 0.3, grain_px: 0.4, glare: None };
    let options = SplatOptions { camera, ..SplatOptions::default() };
    let dots = dome_dots(60_000, 3);
    let mut group = c.benchmark_group("splat_12mp_dome");
    group.sample_size(10);
    group.throughput(Throughput::Elements(dots.len() as u64));
    group.bench_function("2_threads_blur_2.5px", |b| {
        b.iter_batched_ref(
            || skin.clone(),
            |img| splat(img, &dots, &options).unwrap(),
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

criterion_group!(benches, bench_splat, bench_through_a_camera, bench_dome_through_a_camera);
criterion_main!(benches);
