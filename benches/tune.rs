//! A 3 × 3 variation sheet on the default head (600-px cells, norwood-4: hairline height by
//! hairline density), rendered into memory and encoded as PNG: the `smpsim tune` work after
//! the preset is read. Target: under 3 s on 2 cores.

use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use smpsim::{
    ImageFormat, MaskImages, NoProgress, Preset, SheetOptions, Variation, encode_image,
    render_sheet,
};

fn sheet_3x3(c: &mut Criterion) {
    let base = Preset::builtin("norwood-4").expect("a built-in preset");
    let variations: Vec<Variation> =
        ["hairline.height_mm=70,80,90", "zones[0].hairline.density_per_cm2=35,55,75"]
            .iter()
            .map(|v| v.parse().expect("valid --vary"))
            .collect();
    let masks = MaskImages::new();
    let options = SheetOptions::default();
    let mut group = c.benchmark_group("tune_sheet");
    group.sample_size(10).measurement_time(Duration::from_secs(30));
    let mut out = Vec::with_capacity(8 << 20);
    group.bench_function(BenchmarkId::from_parameter("3x3_600px_png"), |b| {
        b.iter(|| {
            let sheet = render_sheet(&base, &masks, &variations, &options, &NoProgress)
                .expect("a valid sheet");
            out.clear();
            encode_image(&sheet, ImageFormat::Png, &mut out).expect("encoding into memory");
            out.len()
        })
    });
    group.finish();
}

criterion_group!(benches, sheet_3x3);
criterion_main!(benches);
