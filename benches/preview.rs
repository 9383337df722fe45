//! Preview end to end on a 12-megapixel photo (decode JPEG → plan → project → encode PNG), and
//! the projection of a Norwood VI plan alone.

use std::hint::black_box;
use std::io::Cursor;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use image::{Rgb, RgbImage};
use smpsim::{
    Alignment, Camera, DotLook, HeadModel, HeadSize, MaskImages, PhotoOptions, Plan, PlanOptions,
    Preset, View, build_plan, builtin_preset, decode_photo, project_dots,
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

fn healed(d: &smpsim::Dot) -> DotLook {
    DotLook { radius_mm: d.diameter_mm / 2.0, strength: 0.8 }
}

fn encode_png(image: &RgbImage) -> Vec<u8> {
    let mut out = Vec::with_capacity(image.as_raw().len() / 2);
    let mut encoder = png::Encoder::new(&mut out, image.width(), image.height());
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    encoder.write_header().unwrap().write_image_data(image.as_raw()).unwrap();
    out
}

fn bench(c: &mut Criterion) {
    let jpeg = photo_jpeg();
    let plan = norwood_6_plan();
    let model = HeadModel::new(HeadSize::default()).unwrap();
    let session = plan.session_count;
    // The plan is built once: the sampler has its own bench.

    let mut group = c.benchmark_group("preview");
    group.sample_size(10);
    group.bench_function("end_to_end_12mp_norwood6", |b| {
        b.iter(|| {
            let photo = decode_photo(&jpeg, &PhotoOptions::default()).unwrap();
            let model = HeadModel::new(HeadSize::default()).unwrap();
            let (w, h) = photo.dimensions();
            let alignment = Alignment::default_fit(View::Front, &model, w, h);
            let camera = Camera::new(&model, &alignment);
            let dots = project_dots(&plan, session, &model, &camera, w, h, healed);
            black_box(dots.len());
            black_box(encode_png(&photo).len())
        })
    });
    group.bench_function("decode_12mp_jpeg", |b| {
        b.iter(|| black_box(decode_photo(&jpeg, &PhotoOptions::default()).unwrap().width()))
    });
    group.bench_function("head_model_build", |b| {
        b.iter(|| black_box(HeadModel::new(HeadSize::default()).unwrap()))
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
