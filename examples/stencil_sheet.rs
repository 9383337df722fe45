//! Writes a full-scalp stencil (about 54 000 dots over 300 × 380 mm) to measure time and peak
//! memory: `cargo run --release --example stencil_sheet -- OUT_DIR [DPI] [none|a4] [png|svg] [PRESET]`.
//!
//! The plan is the benches' full-scalp fixture (`benches/support/full_scalp.rs`).

use std::io::BufWriter;

use smpsim::{PageSize, SessionSelection, Stencil, StencilFormat, StencilOptions};

#[path = "../benches/support/full_scalp.rs"]
mod full_scalp;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let dir = std::path::PathBuf::from(
        args.get(1).ok_or("usage: stencil_sheet OUT_DIR [DPI] [none|a4] [png|svg] [PRESET]")?,
    );
    let dpi = args.get(2).map_or(Ok(600), |s| s.parse())?;
    let page = match args.get(3).map(String::as_str) {
        Some("a4") => PageSize::A4,
        _ => PageSize::None,
    };
    let format = match args.get(4).map(String::as_str) {
        Some("svg") => StencilFormat::Svg,
        _ => StencilFormat::Png,
    };
    // A built-in preset's own plan when named (slow while the sampler is the interim one).
    let plan = match args.get(5) {
        Some(name) => {
            let text = smpsim::builtin_preset(name).ok_or("unknown preset")?;
            let layout = smpsim::Preset::parse(text, name)?.layout(&smpsim::MaskImages::new())?;
            smpsim::build_plan(&layout, &smpsim::PlanOptions { seed: 7, ..Default::default() })?
        }
        None => full_scalp::full_scalp_plan(7),
    };
    let options = StencilOptions {
        dpi,
        page,
        format,
        outline: true,
        sessions: SessionSelection::EachMarked,
        ..StencilOptions::default()
    };
    let stencil = Stencil::new(&plan, &options)?;
    let ext = if format == StencilFormat::Svg { "svg" } else { "png" };
    for (i, info) in stencil.pages().enumerate() {
        let start = std::time::Instant::now();
        let path = dir.join(format!("stencil-p{:02}.{ext}", info.number));
        stencil.write_page(i, BufWriter::new(std::fs::File::create(&path)?))?;
        let k = dpi as f64 / 25.4;
        let on_page = plan
            .dots
            .iter()
            .filter(|d| {
                let c = [
                    (d.position.x_mm - plan.extent_mm.min.x_mm) as f64 * k,
                    (d.position.y_mm - plan.extent_mm.min.y_mm) as f64 * k,
                ];
                (0..2).all(|a| {
                    let o = info.window_origin_px[a] as f64;
                    c[a] >= o && c[a] < o + info.content_size_px[a] as f64
                })
            })
            .count();
        println!(
            "{} {}x{} px, {on_page} of {} dots, {:.3} s",
            path.display(),
            info.width_px,
            info.height_px,
            plan.dots.len(),
            start.elapsed().as_secs_f64()
        );
    }
    Ok(())
}
