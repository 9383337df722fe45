//! A full-scalp plan for stencil benches and the memory example: about 52 000 dots of
//! 0.10–0.18 mm on a jittered 1.2 mm grid (69 dots/cm²) inside a 280 × 340 mm ellipse, over a
//! 300 × 380 mm extent, three sessions, a zone outline and a hairline.
//!
//! A jittered grid rather than the sampler: rendering cost depends on how many dots of what
//! size land on a page, not on how they were chosen, and this keeps the bench about rendering.

use std::sync::Arc;

use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;
use smpsim::engine::UniformDensity;
use smpsim::{Dot, MapPoint, MapRect, Plan, PlanZone, ZoneKind};

/// The full-scalp plan drawn from `seed`.
pub fn full_scalp_plan(seed: u64) -> Plan {
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
