//! Writes a full-scalp stencil (about 54 000 dots over 300 × 380 mm) to measure time and peak
//! memory: `cargo run --release --example stencil_sheet -- OUT_DIR [DPI] [none|a4] [png|svg]`.
//!
//! The dots are a jittered grid inside an ellipse (the interim sampler is too slow for a whole
//! scalp); rendering cost depends on the dot count and size, not on how the dots were chosen.

use std::io::BufWriter;
use std::sync::Arc;

use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;
use smpsim::{
    Dot, MapPoint, MapRect, PageSize, Plan, PlanZone, SessionSelection, Stencil, StencilFormat,
    StencilOptions, UniformDensity, ZoneKind,
};

fn full_scalp_plan(seed: u64) -> Plan {
    let extent = MapRect { min: MapPoint::new(-150.0, 0.0), max: MapPoint::new(150.0, 380.0) };
    let (cx, cy, ax, ay) = (0.0_f32, 200.0_f32, 140.0_f32, 170.0_f32);
    let inside = |p: MapPoint| ((p.x_mm - cx) / ax).powi(2) + ((p.y_mm - cy) / ay).powi(2) < 1.0;
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let mut dots = Vec::new();
    let step = 1.2_f32;
    for j in 0..(380.0 / step) as i32 {
        for i in 0..(300.0 / step) as i32 {
            let p = MapPoint::new(
                -150.0 + (i as f32 + rng.random_range(0.1..0.9)) * step,
                (j as f32 + rng.random_range(0.1..0.9)) * step,
            );
            if inside(p) {
                let session = rng.random_range(1..=3u8);
                dots.push(Dot {
                    position: p,
                    diameter_mm: rng.random_range(0.1..0.18),
                    fresh_diameter_mm: 0.25,
                    dilution: 10.0,
                    session,
                    zone: 0,
                });
            }
        }
    }
    dots.sort_by_key(|d| d.session);
    let outline: Vec<MapPoint> = (0..360)
        .map(|a| {
            let t = (a as f32).to_radians();
            MapPoint::new(cx + ax * t.cos(), cy + ay * t.sin())
        })
        .collect();
    let hairline = (0..=60).map(|i| {
        let x = -120.0 + 4.0 * i as f32;
        MapPoint::new(x, 40.0 + 0.0015 * x * x + 2.0 * (x / 7.0).sin())
    });
    Plan {
        preset_name: "full-scalp-grid".into(),
        seed,
        session_count: 3,
        zones: vec![PlanZone {
            name: "total".into(),
            kind: ZoneKind::Total,
            outlines_mm: vec![outline],
        }],
        hairline_mm: hairline.collect(),
        extent_mm: extent,
        dots,
        native_hair: Arc::new(UniformDensity { density_per_cm2: 0.0 }),
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let dir = std::path::PathBuf::from(
        args.get(1).ok_or("usage: stencil_sheet OUT_DIR [DPI] [none|a4] [png|svg]")?,
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
    let plan = full_scalp_plan(7);
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
        println!(
            "{} {}x{} px, {} dots in plan, {:.3} s",
            path.display(),
            info.width_px,
            info.height_px,
            plan.dots.len(),
            start.elapsed().as_secs_f64()
        );
    }
    Ok(())
}
