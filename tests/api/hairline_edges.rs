//! The hairline's density field as the heatmap shows it: a soft, irregular front edge that only
//! thins out toward the forehead (no detached islands of sentinel density), and no steps where
//! the hairline's temples meet the zones behind them.

use crate::support::builtin;
use smpsim::engine::DensityField;
use smpsim::spec::{HairlineCurve, ZoneSpec, builtin_names};
use smpsim::{Layout, MapPoint, MaskImages, Preset, ZoneKind};

/// Every built-in preset that treats a hairline, plus norwood-7 in the other two front styles,
/// each with a label for messages.
fn hairline_layouts() -> Vec<(String, Layout)> {
    hairline_presets().into_iter().map(|(name, _, layout)| (name, layout)).collect()
}

/// Like [`hairline_layouts`], with the preset each layout was built from.
fn hairline_presets() -> Vec<(String, Preset, Layout)> {
    let mut presets: Vec<(String, Preset)> =
        builtin_names().map(|n| (n.to_string(), builtin(n))).collect();
    for style in ["broken", "defined"] {
        let p = builtin("norwood-7").with_override("zones[0].hairline.style", style).unwrap();
        presets.push((format!("norwood-7 ({style})"), p));
    }
    let layouts: Vec<(String, Preset, Layout)> = presets
        .into_iter()
        .map(|(name, p)| {
            let layout = p.layout(&MaskImages::new()).unwrap();
            (name, p, layout)
        })
        .filter(|(_, _, l)| !l.hairline_polyline_mm().is_empty())
        .collect();
    assert!(layouts.len() >= 9, "most built-ins treat a hairline");
    layouts
}

/// Unit vector toward deeper (hair side) at `p`: the depth's gradient by central differences.
fn inward(curve: &HairlineCurve, p: MapPoint) -> (f32, f32) {
    let h = 0.05;
    let d = |dx: f32, dy: f32| curve.depth_mm(MapPoint::new(p.x_mm + dx, p.y_mm + dy), 60.0);
    let (gx, gy) = (d(h, 0.0) - d(-h, 0.0), d(0.0, h) - d(0.0, -h));
    let len = (gx * gx + gy * gy).sqrt().max(1e-6);
    (gx / len, gy / len)
}

/// Walks from `start` along the depth's gradient (down it when `outward`) until the depth
/// reaches `to_mm`, in steps of `step_mm`; returns the points passed.
fn walk(curve: &HairlineCurve, start: MapPoint, to_mm: f32, step_mm: f32) -> Vec<MapPoint> {
    let mut p = start;
    let mut path = vec![p];
    let outward = curve.depth_mm(p, 60.0) > to_mm;
    for _ in 0..400 {
        let d = curve.depth_mm(p, 60.0);
        if (outward && d <= to_mm) || (!outward && d >= to_mm) {
            break;
        }
        let (gx, gy) = inward(curve, p);
        let s = if outward { -step_mm } else { step_mm };
        p = MapPoint::new(p.x_mm + s * gx, p.y_mm + s * gy);
        path.push(p);
    }
    path
}

#[test]
fn density_only_thins_moving_out_across_the_hairline_edge() {
    // Moving from 2 mm inside the line to 6 mm ahead of it, the target may only fall: sentinel
    // dots thin out toward the forehead instead of sitting in detached islands. The tolerance
    // leaves room for the temple fade, which is a (slow) function of x alone.
    const TOLERANCE_PER_CM2: f32 = 0.5;
    for (name, layout) in hairline_layouts() {
        let curve = layout.hairline();
        let line = layout.hairline_polyline_mm();
        let (mut worst, mut at) = (0.0f32, MapPoint::new(0.0, 0.0));
        // Every 0.5 mm along x and, where the line is steep, every 0.5 mm along y too.
        let mut starts: Vec<MapPoint> = Vec::new();
        for w in line.windows(2) {
            let n = ((w[1].y_mm - w[0].y_mm).abs() / 0.5).ceil().max(2.0) as usize;
            for k in 0..n {
                let t = k as f32 / n as f32;
                starts.push(MapPoint::new(
                    w[0].x_mm + t * (w[1].x_mm - w[0].x_mm),
                    w[0].y_mm + t * (w[1].y_mm - w[0].y_mm),
                ));
            }
        }
        for q in starts {
            let inner = *walk(curve, q, 2.0, 0.2).last().unwrap();
            let mut lowest = f32::INFINITY;
            for p in walk(curve, inner, -6.0, 0.1) {
                let d = layout.density_per_cm2(p);
                if d - lowest > worst {
                    (worst, at) = (d - lowest, p);
                }
                lowest = lowest.min(d);
            }
        }
        assert!(
            worst <= TOLERANCE_PER_CM2,
            "{}: density rises by {worst} dots/cm² moving out toward the forehead near ({}, {})",
            name,
            at.x_mm,
            at.y_mm
        );
    }
}

#[test]
fn temples_have_no_density_steps_behind_the_line() {
    // Behind the line the target changes smoothly; the steepest designed ramp (front band, fade
    // into the next zone; a defined front is steepest) stays under 25 dots/cm² per mm even where
    // the micro waves squeeze it, and a step shows as far more over 0.05 mm.
    const MAX_SLOPE_PER_CM2_PER_MM: f32 = 30.0;
    let h = 0.05f32;
    for (name, layout) in hairline_layouts() {
        let curve = layout.hairline();
        let (mut worst, mut at) = (0.0f32, MapPoint::new(0.0, 0.0));
        for side in [-1.0f32, 1.0] {
            let (x0, x1) = (curve.corner_x_mm() - 15.0, curve.temple_peak_x_mm() + 25.0);
            let y_peak = curve.front_y_mm(side * curve.temple_peak_x_mm());
            let mut y = y_peak - 5.0;
            while y < y_peak + 70.0 {
                let mut x = x0;
                while x < x1.min(170.0) {
                    let p = MapPoint::new(side * x, y);
                    x += 0.5;
                    if curve.depth_mm(p, 60.0) < 1.0 {
                        continue; // the line itself is a designed step up from the sentinels
                    }
                    let d = layout.density_per_cm2(p);
                    let dx = layout.density_per_cm2(MapPoint::new(p.x_mm + h, p.y_mm)) - d;
                    let dy = layout.density_per_cm2(MapPoint::new(p.x_mm, p.y_mm + h)) - d;
                    let slope = (dx * dx + dy * dy).sqrt() / h;
                    if slope > worst {
                        (worst, at) = (slope, p);
                    }
                }
                y += 0.5;
            }
        }
        assert!(
            worst <= MAX_SLOPE_PER_CM2_PER_MM,
            "{}: density changes by {worst} dots/cm² per mm near ({}, {})",
            name,
            at.x_mm,
            at.y_mm
        );
    }
}

#[test]
fn behind_the_temples_no_other_zone_overtakes_the_hairline_inside_its_region() {
    // Between the corners the hairline zone leads over its whole region depth; if its temple
    // fade held deeper, the total zone behind overtook it in a wedge at each temple, whose edge
    // (a crease where the two cross) the heatmap showed, and whose dots took the other zone's look.
    let mut checked = 0;
    for (name, preset, layout) in hairline_presets() {
        let curve = layout.hairline();
        let zones = layout.zones().zones();
        for (i, spec) in preset.spec().zones.iter().enumerate() {
            let ZoneSpec::Hairline(h) = spec else { continue };
            let hairline = &zones[i];
            let others: Vec<_> = zones
                .iter()
                .filter(|z| z.kind() != ZoneKind::Hairline)
                .filter(|z| z.target_per_cm2() <= hairline.target_per_cm2())
                .collect();
            let region_mm = h.region_depth_mm as f32;
            let (mut worst, mut at) = (0.0f32, MapPoint::new(0.0, 0.0));
            for side in [-1.0f32, 1.0] {
                let mut x = curve.corner_x_mm() - 10.0;
                while x <= curve.temple_peak_x_mm() {
                    let front = curve.front_y_mm(side * x);
                    for k in 0..(4.0 * (region_mm + 40.0)) as usize {
                        let p = MapPoint::new(side * x, front - 20.0 + 0.25 * k as f32);
                        let depth = curve.depth_mm(p, 80.0);
                        if !(0.0..=region_mm).contains(&depth) {
                            continue;
                        }
                        let own = hairline.density_per_cm2(p);
                        for z in &others {
                            let lead = z.density_per_cm2(p) - own;
                            if lead > worst {
                                (worst, at) = (lead, p);
                            }
                            checked += 1;
                        }
                    }
                    x += 1.0;
                }
            }
            assert!(
                worst <= 0.25,
                "{name}: another zone overtakes the hairline by {worst} dots/cm² at ({}, {})",
                at.x_mm,
                at.y_mm
            );
        }
    }
    assert!(checked > 10_000, "presets with a zone behind the hairline were checked");
}
