//! Stencil rendering + PNG encoding at 600 dpi: one dense A4 page, and the full-scalp single
//! sheet (about 74 MP), both into memory.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use smpsim::{PageSize, SessionSelection, Stencil, StencilFormat, StencilOptions};

#[path = "support/full_scalp.rs"]
mod full_scalp;

fn stencil_pages(c: &mut Criterion) {
    let plan = full_scalp::full_scalp_plan(7);
    // The same page without dots: the fixed cost of clearing, marks and encoding.
    let empty = smpsim::Plan { dots: Vec::new(), ..plan.clone() };
    let mut group = c.benchmark_group("stencil_600dpi");
    group.sample_size(10);
    for (name, plan, page, format) in [
        ("a4_page1_png", &plan, PageSize::A4, StencilFormat::Png),
        ("a4_page1_png_no_dots", &empty, PageSize::A4, StencilFormat::Png),
        ("a4_page1_svg", &plan, PageSize::A4, StencilFormat::Svg),
        ("full_sheet_png", &plan, PageSize::None, StencilFormat::Png),
    ] {
        let options = StencilOptions {
            page,
            format,
            outline: true,
            sessions: SessionSelection::EachMarked,
            ..StencilOptions::default()
        };
        let stencil = Stencil::new(plan, &options).expect("valid options");
        let info = stencil.page(0).expect("a first page");
        group.throughput(Throughput::Elements(info.width_px as u64 * info.height_px as u64));
        let mut out = Vec::with_capacity(16 << 20);
        group.bench_function(BenchmarkId::from_parameter(name), |b| {
            b.iter(|| {
                out.clear();
                stencil.write_page(0, &mut out).expect("writing into memory");
                out.len()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, stencil_pages);
criterion_main!(benches);
