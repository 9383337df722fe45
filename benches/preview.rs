//! Preview end to end on a 12-megapixel photo (decode JPEG → lay out Norwood VI → head model →
//! project and render → encode PNG), rendering alone, and the projection alone; and the looks
//! (density map, session strip, close-up) on the default head.

use std::hint::black_box;
use std::io::Cursor;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use image::{Rgb, RgbImage};
use smpsim::head::Camera;
use smpsim::render::{
    DotAppearance, default_head_scene, project_dots, render_heatmap, render_preview, render_strip,
};
use smpsim::{
    Alignment, Background, DefaultSceneOptions, HeadModel, HeadSize, HeatmapOptions, ImageFormat,
    MaskImages, PhotoOptions, Plan, PlanOptions, Preset, Preview, PreviewOptions, Rendering,
    SkinType, StripOptions, View, ZoneKind, ZoomTarget, build_plan, decode_photo, encode_image,
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
    let preset = Preset::builtin("norwood-6").unwrap();
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

/// The preview's looks: a density map (inverse projection per pixel), a session strip against
/// the single preview it is made of, and a hairline close-up, all on the 2000 px default head.
fn looks(c: &mut Criterion) {
    let preset = Preset::builtin("norwood-4").unwrap();
    let layout = preset.layout(&MaskImages::new()).unwrap();
    let plan = build_plan(&layout, &PlanOptions { seed: 1, ..PlanOptions::default() }).unwrap();
    let model = HeadModel::new(HeadSize::default()).unwrap();
    let scene = DefaultSceneOptions::default();
    let (top, top_alignment) =
        default_head_scene(&plan, &model, View::Top, 2000, 2000, &scene).unwrap();
    let (front, front_alignment) =
        default_head_scene(&plan, &model, View::Front, 2000, 2000, &scene).unwrap();

    let mut group = c.benchmark_group("looks");
    group.sample_size(10);
    group.bench_function("heatmap_2000_top_norwood4", |b| {
        b.iter(|| {
            let mut image = top.clone();
            let options = HeatmapOptions::default();
            render_heatmap(&layout, &plan, &model, &top_alignment, &mut image, &options)
                .pixels_coloured
        })
    });
    group.bench_function("preview_2000_front_norwood4", |b| {
        b.iter(|| {
            let mut image = front.clone();
            let options = PreviewOptions::default();
            render_preview(&plan, &model, &front_alignment, &mut image, &options)
                .unwrap()
                .dots_drawn
        })
    });
    group.bench_function("strip_5x2000_front_norwood4", |b| {
        b.iter(|| {
            let strip = StripOptions::default();
            render_strip(&plan, &model, &front_alignment, &front, &strip).unwrap().width()
        })
    });
    group.bench_function("zoom_hairline_front_norwood4", |b| {
        b.iter(|| {
            let request = Preview {
                layout: &layout,
                plan: &plan,
                model: &model,
                background: Background::DefaultHead {
                    view: View::Front,
                    width_px: 2000,
                    height_px: 2000,
                    scene: DefaultSceneOptions { skin: SkinType::III, seed: 1, pose: None },
                },
                zoom: Some(ZoomTarget::Zone(ZoneKind::Hairline)),
                rendering: Rendering::Single(PreviewOptions::default()),
            };
            request.render().unwrap().image.width()
        })
    });
    group.finish();
}

criterion_group!(benches, bench, looks);
criterion_main!(benches);
