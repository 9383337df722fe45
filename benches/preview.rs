//! Preview end to end on a 12-megapixel photo (decode JPEG → lay out Norwood VI → head model →
//! project and render → encode PNG), rendering alone, and the projection alone.

use std::hint::black_box;
use std::io::Cursor;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use image::{Rgb, RgbImage};
use smpsim::{
    Alignment, Camera, DotAppearance, HeadModel, HeadSize, ImageFormat, MaskImages, PhotoOptions,
    Plan, PlanOptions, Preset, PreviewOptions, View, build_plan, builtin_preset, decode_photo,
    encode_image, project_dots, render_preview,
};

const WIDTH_PX: u32 = 4000;
const HEIGHT_PX: u32 = 3000;

/// A 12-MP skin-toned JPEG with shading and fine grain, so decoding does photo-like work.
fn photo_jpeg() -> Vec<u8> {
    let mut grain: u32 = 0x2545_F491;
    let image = RgbImage::from_fn(WIDTH_PX, HEIGHT_PX, |x, y| {
        grain ^= grain << 13;
        grain ^= grain >> 17;
        grain ^= grain << 5;
        let n = (grain % 17) as f32 - 8.0;
        let shade = 0.75 + 0.25 * ((x as f32 / 900.0).sin() * (y as f32 / 700.0).cos());
        let c = |base: f32| (base * shade + n).clamp(0.0, 255.0) as u8;
        Rgb([c(224.0), c(182.0), c(160.0)])
    });
    let mut out = Cursor::new(Vec::new());
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 90).encode_image(&image).unwrap();
    out.into_inner()
}

fn norwood_6_plan() -> Plan {
    let preset = Preset::parse(builtin_preset("norwood-6").unwrap(), "norwood-6").unwrap();
    let layout = preset.layout(&MaskImages::new()).unwrap();
    build_plan(&layout, &PlanOptions { seed: 1, ..PlanOptions::default() }).unwrap()
}

fn healed(d: &smpsim::Dot) -> DotAppearance {
    DotAppearance { diameter_mm: d.diameter_mm, strength: 0.8 }
}

fn bench(c: &mut Criterion) {
    let jpeg = photo_jpeg();
    let plan = norwood_6_plan();
    let model = HeadModel::new(HeadSize::default()).unwrap();
    let session = plan.session_count;

    let mut group = c.benchmark_group("preview");
    group.sample_size(10);
    group.bench_function("end_to_end_12mp_norwood6", |b| {
        b.iter(|| {
            let mut photo = decode_photo(&jpeg, &PhotoOptions::default()).unwrap();
            let plan = norwood_6_plan();
            let model = HeadModel::new(HeadSize::default()).unwrap();
            let (w, h) = photo.dimensions();
            let alignment = Alignment::default_fit(View::Front, &model, w, h);
            let summary =
                render_preview(&plan, &model, &alignment, &mut photo, &PreviewOptions::default())
                    .unwrap();
            let mut png = Vec::with_capacity(photo.as_raw().len() / 2);
            encode_image(&photo, ImageFormat::Png, &mut png).unwrap();
            black_box((summary.dots_drawn, png.len()))
        })
    });
    group.bench_function("render_12mp_norwood6_front", |b| {
        let photo = decode_photo(&jpeg, &PhotoOptions::default()).unwrap();
        let alignment = Alignment::default_fit(View::Front, &model, WIDTH_PX, HEIGHT_PX);
        b.iter(|| {
            let mut image = photo.clone();
            render_preview(&plan, &model, &alignment, &mut image, &PreviewOptions::default())
                .unwrap()
                .dots_drawn
        })
    });
    group.bench_function("decode_12mp_jpeg", |b| {
        b.iter(|| black_box(decode_photo(&jpeg, &PhotoOptions::default()).unwrap().width()))
    });
    group.bench_function("layout_norwood6", |b| b.iter(|| black_box(norwood_6_plan().dots.len())));
    group.bench_function("head_model_build", |b| {
        b.iter(|| black_box(HeadModel::new(HeadSize::default()).unwrap()))
    });
    group.bench_function("encode_12mp_png_fast", |b| {
        let photo = decode_photo(&jpeg, &PhotoOptions::default()).unwrap();
        b.iter(|| {
            let mut png = Vec::with_capacity(photo.as_raw().len() / 2);
            encode_image(&photo, ImageFormat::Png, &mut png).unwrap();
            png.len()
        })
    });
    group.finish();

    let mut group = c.benchmark_group("projection");
    group.throughput(Throughput::Elements(plan.dots.len() as u64));
    for view in [View::Front, View::Top] {
        let alignment = Alignment::default_fit(view, &model, WIDTH_PX, HEIGHT_PX);
        let camera = Camera::new(&model, &alignment);
        group.bench_function(format!("norwood6_{view}"), |b| {
            b.iter(|| {
                project_dots(&plan, session, &model, &camera, WIDTH_PX, HEIGHT_PX, healed).len()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
