//! Measuring the camera on a 12-megapixel photo's scalp (a real photo's 256 px copy upscaled to
//! 4000 × 3000, with its automatic scalp mask): blur, grain, light and glare together.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use image::imageops::{FilterType, resize};
use smpsim::head::{FitOptions, ScalpMask, fit_head, measure_photo_look};
use smpsim::{PhotoOptions, View, decode_photo};

const WIDTH_PX: u32 = 4000;
const HEIGHT_PX: u32 = 3000;

fn bench_measure(c: &mut Criterion) {
    let bytes = include_bytes!("../tests/photos/left-06.jpg");
    let small = decode_photo(bytes, &PhotoOptions::default()).expect("the test photo decodes");
    let photo = resize(&small, WIDTH_PX, HEIGHT_PX, FilterType::Triangle);
    let fit = fit_head(&photo, View::Left, &FitOptions::default());
    let mask = ScalpMask::from_fit(&fit, View::Left, WIDTH_PX, HEIGHT_PX);
    let mut group = c.benchmark_group("photo_look");
    group.sample_size(20);
    group.bench_function("measure_12mp", |b| {
        b.iter(|| measure_photo_look(black_box(&photo), black_box(&mask)))
    });
    group.finish();
}

criterion_group!(benches, bench_measure);
criterion_main!(benches);
