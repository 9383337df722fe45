//! The automatic head fit on a 12-megapixel photo (a real photo's 256 px copy upscaled to
//! 4000 × 3000, so the colours and shapes are a head's): the fit alone (downscale, segment,
//! outline, orientation, confidence), the same on a front close-up of a hairline (which also
//! looks for the brows) and on a top view with bare shoulders joined to the head (which also
//! finds the head's silhouette), and the scalp masks built from them at full size, also for a
//! head placed by hand.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use image::imageops::{FilterType, resize};
use smpsim::head::{FitOptions, ScalpMask, fit_head, fit_to_alignment};
use smpsim::{HeadModel, HeadSize, PhotoOptions, View, decode_photo};

const WIDTH_PX: u32 = 4000;
const HEIGHT_PX: u32 = 3000;

fn photo_12mp(bytes: &[u8]) -> image::RgbImage {
    let small = decode_photo(bytes, &PhotoOptions::default()).expect("the test photo decodes");
    resize(&small, WIDTH_PX, HEIGHT_PX, FilterType::Triangle)
}

fn bench_fit(c: &mut Criterion) {
    let photo = photo_12mp(include_bytes!("../tests/photos/left-06.jpg"));
    let front = photo_12mp(include_bytes!("../tests/photos/front-01.jpg"));
    let top = photo_12mp(include_bytes!("../tests/photos/top-01.jpg"));
    let options = FitOptions::default();
    let mut group = c.benchmark_group("head_fit");
    group.sample_size(20);
    group.bench_function("fit_12mp", |b| {
        b.iter(|| fit_head(black_box(&photo), View::Left, &options))
    });
    group.bench_function("fit_12mp_front_close_up", |b| {
        b.iter(|| fit_head(black_box(&front), View::Front, &options))
    });
    group.bench_function("fit_12mp_top_shoulders", |b| {
        b.iter(|| fit_head(black_box(&top), View::Top, &options))
    });
    let fit = fit_head(&photo, View::Left, &options);
    group.bench_function("scalp_mask_12mp", |b| {
        b.iter(|| ScalpMask::from_fit(black_box(&fit), View::Left, WIDTH_PX, HEIGHT_PX))
    });
    let top_fit = fit_head(&top, View::Top, &options);
    group.bench_function("scalp_mask_12mp_top_silhouette", |b| {
        b.iter(|| ScalpMask::from_fit(black_box(&top_fit), View::Top, WIDTH_PX, HEIGHT_PX))
    });
    // A head placed by hand (the page's dragged outline, --point, --head): the fitted pose
    // 25 % larger, its outline kept inside the fit's head region.
    let model = HeadModel::new(HeadSize::default()).expect("the default head size is valid");
    let mut placed = fit_to_alignment(&fit, View::Left, &model, None);
    placed.pose.scale_px_per_mm = placed.pose.scale_px_per_mm.map(|s| s * 1.25);
    group.bench_function("scalp_mask_12mp_placed", |b| {
        b.iter(|| {
            ScalpMask::from_model_in_region(&model, black_box(&placed), &fit, WIDTH_PX, HEIGHT_PX)
        })
    });
    group.finish();
}

criterion_group!(benches, bench_fit);
criterion_main!(benches);
