//! Plans from every built-in preset, sampled on patches of the scalp map (the full map is sampled
//! by the end-to-end checks): density within ±10 % of the target inside each zone, a session ramp
//! of 30/70/100 %, the spacing rule across sessions, no dot where the target is zero, a hairline
//! front band that fills from sparse to full, and stats that agree with the dots.

use crate::support::{builtin, on_threads};
use smpsim::engine::{DensityField, MIN_DENSITY_PER_CM2, spacing_mm_for_density};
use smpsim::spec::builtin_names;
use smpsim::{
    Dot, Layout, MapPoint, MapRect, MaskImages, Plan, PlanOptions, PlanStats, ZoneKind, build_plan,
};

fn layout(name: &str) -> Layout {
    builtin(name).layout(&MaskImages::new()).unwrap()
}

fn rect(x0: f32, y0: f32, w: f32, h: f32) -> MapRect {
    MapRect { min: MapPoint::new(x0, y0), max: MapPoint::new(x0 + w, y0 + h) }
}

fn grow(r: MapRect, by_mm: f32) -> MapRect {
    MapRect {
        min: MapPoint::new(r.min.x_mm - by_mm, r.min.y_mm - by_mm),
        max: MapPoint::new(r.max.x_mm + by_mm, r.max.y_mm + by_mm),
    }
}

/// A window inside zone `z` where the zone wins everywhere and the target is nearly flat.
fn interior_window(layout: &Layout, z: usize) -> Option<MapRect> {
    let zones = layout.zones();
    let b = zones.zones()[z].bounds();
    let target = zones.zones()[z].max_density_per_cm2();
    for (w, h) in
        [(30.0, 30.0), (40.0, 14.0), (14.0, 40.0), (30.0, 14.0), (20.0, 20.0), (30.0, 10.0)]
    {
        let mut y = b.min.y_mm.max(0.0);
        while y + h <= b.max.y_mm.min(350.0) {
            let mut x = b.min.x_mm.max(-175.0);
            while x + w <= b.max.x_mm.min(175.0) {
                let win = rect(x, y, w, h);
                if flat_and_won(layout, z, win, target) {
                    return Some(win);
                }
                x += 2.5;
            }
            y += 2.5;
        }
    }
    None
}

fn flat_and_won(layout: &Layout, z: usize, win: MapRect, target: f32) -> bool {
    let (mut lo, mut hi) = (f32::MAX, 0.0f32);
    for j in 0..=10 {
        for i in 0..=10 {
            let p = MapPoint::new(
                win.min.x_mm + win.width_mm() * i as f32 / 10.0,
                win.min.y_mm + win.height_mm() * j as f32 / 10.0,
            );
            match layout.zones().winner(p) {
                Some((w, d)) if w == z => {
                    lo = lo.min(d);
                    hi = hi.max(d);
                }
                _ => return false,
            }
        }
    }
    lo >= 0.5 * target && lo >= 0.9 * hi
}

/// 2 mm cells of `win` where zone `z` wins and is nearly flat (the plan is sampled over a wider
/// patch, so the window's border is not the sampler's).
fn interior_cells(layout: &Layout, z: usize, win: MapRect) -> Vec<MapRect> {
    let target = layout.zones().zones()[z].max_density_per_cm2();
    let inner = win;
    let (nx, ny) = ((inner.width_mm() / 2.0) as usize, (inner.height_mm() / 2.0) as usize);
    let mut cells = Vec::new();
    for j in 0..ny {
        for i in 0..nx {
            let cell =
                rect(inner.min.x_mm + 2.0 * i as f32, inner.min.y_mm + 2.0 * j as f32, 2.0, 2.0);
            let (mut lo, mut hi, mut won) = (f32::MAX, 0.0f32, true);
            for q in 0..9 {
                let p =
                    MapPoint::new(cell.min.x_mm + (q % 3) as f32, cell.min.y_mm + (q / 3) as f32);
                match layout.zones().winner(p) {
                    Some((w, d)) if w == z => {
                        lo = lo.min(d);
                        hi = hi.max(d);
                    }
                    _ => won = false,
                }
            }
            let p = MapPoint::new(cell.max.x_mm, cell.max.y_mm);
            won &= layout.zone_at(p) == Some(z);
            if won && lo >= 0.5 * target && lo >= 0.9 * hi {
                cells.push(cell);
            }
        }
    }
    cells
}

/// Target dots in `win` (the integral of the density over it).
fn expected_dots(layout: &Layout, win: MapRect) -> f64 {
    let step = 0.5f32;
    let (nx, ny) = ((win.width_mm() / step) as usize, (win.height_mm() / step) as usize);
    let mut sum = 0.0f64;
    for j in 0..ny {
        for i in 0..nx {
            let p = MapPoint::new(
                win.min.x_mm + (i as f32 + 0.5) * step,
                win.min.y_mm + (j as f32 + 0.5) * step,
            );
            sum += layout.density_per_cm2(p) as f64;
        }
    }
    sum * (step as f64 / 10.0).powi(2)
}

fn plan_on(layout: &Layout, region: MapRect, seed: u64) -> Plan {
    build_plan(layout, &PlanOptions { seed, region_mm: Some(region), ..PlanOptions::default() })
        .unwrap()
}

/// Every pair closer than the spacing rule of the later dot's session allows.
fn spacing_violations(layout: &Layout, dots: &[Dot]) -> usize {
    let fractions: Vec<f32> = layout.sessions().iter().map(|s| s.cumulative_fraction).collect();
    let mut bad = 0;
    for (i, a) in dots.iter().enumerate() {
        for b in &dots[i + 1..] {
            let dist = a.position.distance_mm(b.position);
            if dist > 4.0 {
                continue;
            }
            let f = fractions[a.session.max(b.session) as usize - 1];
            let ra = spacing_mm_for_density(f * layout.density_per_cm2(a.position));
            let rb = spacing_mm_for_density(f * layout.density_per_cm2(b.position));
            // 1 % slack: under a gradient a midpoint rule may sit a hair below min(r(p), r(q)).
            if dist < 0.99 * ra.min(rb) {
                bad += 1;
            }
        }
    }
    bad
}

/// For every zone of every preset: dots in an interior window over the target there, the
/// session ramp, and the spacing rule. Returns (preset/zone, measured ÷ target).
fn zone_interiors() -> Vec<(String, f64)> {
    let mut out = Vec::new();
    for name in builtin_names() {
        let layout = layout(name);
        for z in 0..layout.zones().zones().len() {
            let zone_name = &layout.zone_info()[z].name;
            let label = format!("{name}/{zone_name}");
            // A flat window inside the zone; narrow zones (a scar strip) use a patch across them.
            let interior = interior_window(&layout, z);
            let narrow = interior.is_none();
            let win = interior.unwrap_or_else(|| {
                let b = layout.zones().zones()[z].bounds();
                let c =
                    MapPoint::new(0.5 * (b.min.x_mm + b.max.x_mm), 0.5 * (b.min.y_mm + b.max.y_mm));
                rect(c.x_mm - 30.0, c.y_mm - 20.0, 60.0, 40.0)
            });
            let grown = grow(win, 4.0);
            let plan = plan_on(&layout, grown, 7 + z as u64);
            let cells = interior_cells(&layout, z, win);
            let area_cm2: f64 = cells.iter().map(|c| c.area_mm2() as f64 / 100.0).sum();
            assert!(area_cm2 >= 2.0, "{label}: only {area_cm2} cm² of interior");
            let in_win: Vec<&Dot> =
                plan.dots.iter().filter(|d| cells.iter().any(|c| c.contains(d.position))).collect();
            let expected: f64 = cells.iter().map(|c| expected_dots(&layout, *c)).sum();
            assert!(
                in_win.iter().all(|d| d.zone as usize == z),
                "{label}: dots labelled with another zone"
            );
            // The ramp over all the zone's dots in the window, pooled over three seeds: one
            // window holds a few hundred dots, whose share by session scatters by about ±3
            // points from seed to seed. A narrow strip has too few interior dots for a
            // percentage to mean anything, and a window cut across it adds edges of its own,
            // so there the ramp is taken over the zone's whole plan.
            let ramp_plans: Vec<Plan> = if narrow {
                vec![
                    build_plan(&layout, &PlanOptions { seed: 7, ..PlanOptions::default() })
                        .unwrap(),
                ]
            } else {
                [107, 207].map(|s| plan_on(&layout, grown, s + z as u64)).into()
            };
            let zone_dots: Vec<&Dot> = ramp_plans
                .iter()
                .chain((!narrow).then_some(&plan))
                .flat_map(|p| &p.dots)
                .filter(|d| (narrow || win.contains(d.position)) && d.zone as usize == z)
                .collect();
            for (k, want) in [(1u8, 30.0), (2, 70.0)] {
                let through = zone_dots.iter().filter(|d| d.session <= k).count();
                let percent = 100.0 * through as f64 / zone_dots.len() as f64;
                assert!(
                    (percent - want).abs() <= 5.0,
                    "{label}: session {k} reaches {percent:.1} %, planned {want}"
                );
            }
            assert_eq!(spacing_violations(&layout, &plan.dots), 0, "{label}: spacing rule broken");
            out.push((label, in_win.len() as f64 / expected));
        }
    }
    assert!(out.len() >= 20, "only {} zone interiors tested", out.len());
    out
}

#[test]
fn every_zone_interior_is_within_ten_percent_of_its_target_with_a_30_70_100_ramp() {
    for (label, ratio) in zone_interiors() {
        assert!((0.9..=1.1).contains(&ratio), "{label}: measured {ratio:.3} of the target");
    }
}

#[test]
fn no_dot_lands_where_the_session_target_is_zero_and_dots_carry_their_session() {
    for name in builtin_names() {
        let layout = layout(name);
        for zone in layout.zones().zones() {
            // A patch across the front edge of each zone, where density falls to zero.
            let b = zone.bounds();
            let cx = 0.5 * (b.min.x_mm + b.max.x_mm);
            let edge = rect(cx - 15.0, b.min.y_mm.max(0.0) - 5.0, 30.0, 35.0);
            let plan = plan_on(&layout, edge, 3);
            let fractions: Vec<f32> =
                layout.sessions().iter().map(|s| s.cumulative_fraction).collect();
            let mut last_session = 1;
            for d in &plan.dots {
                let target = fractions[d.session as usize - 1] * layout.density_per_cm2(d.position);
                assert!(
                    target >= MIN_DENSITY_PER_CM2 * 0.999,
                    "{name}: dot at {:?} where the target is {target}",
                    d.position
                );
                assert!(d.session >= last_session, "{name}: dots ordered by session");
                last_session = d.session;
                assert_eq!(
                    Some(d.zone as usize),
                    layout.zone_at(d.position),
                    "{name}: zone = densest zone"
                );
                let dilutions: Vec<f32> = layout.sessions().iter().map(|s| s.dilution).collect();
                assert!(d.dilution > 0.0 && d.dilution <= 30.0);
                assert!(d.fresh_diameter_mm > d.diameter_mm && d.diameter_mm < 1.0);
                if layout.zone_info()[d.zone as usize].kind != ZoneKind::Hairline {
                    let base = dilutions[d.session as usize - 1];
                    assert!((d.dilution - base).abs() < 1e-4, "{name}: session dilution");
                }
            }
            assert_eq!(
                spacing_violations(&layout, &plan.dots),
                0,
                "{name}: spacing rule broken at the edge"
            );
        }
    }
}

#[test]
fn the_hairline_front_band_fills_from_sparse_to_full_and_the_front_dots_are_finer() {
    let layout = layout("norwood-7");
    let curve = layout.hairline().clone();
    let y0 = curve.front_y_mm(0.0);
    let win = rect(-25.0, y0 - 5.0, 50.0, 30.0);
    let plan = plan_on(&layout, win, 11);
    // Dots by depth behind the line: bins of 2 mm over the 8 mm band, then the full region.
    let mut bins = [0usize; 6];
    let mut front_d = Vec::new();
    let mut back_d = Vec::new();
    for d in plan.dots.iter().filter(|d| d.position.x_mm.abs() < 20.0) {
        let depth = curve.depth_mm(d.position, 40.0);
        if (0.0..12.0).contains(&depth) {
            bins[(depth / 2.0) as usize] += 1;
        }
        if depth < 2.0 {
            front_d.push(d.diameter_mm);
        } else if depth > 10.0 {
            back_d.push(d.diameter_mm);
        }
    }
    assert!(bins[0] < bins[2] && bins[1] < bins[3] && bins[2] <= bins[5] + 5, "band bins {bins:?}");
    assert!(3 * bins[0] < 2 * bins[5], "the very front must be sparse: {bins:?}");
    let mean = |v: &[f32]| v.iter().sum::<f32>() / v.len() as f32;
    assert!(
        mean(&front_d) < 0.92 * mean(&back_d),
        "front dots finer: {} vs {}",
        mean(&front_d),
        mean(&back_d)
    );
    // Sentinel dots: a few, ahead of the line.
    let ahead = plan.dots.iter().filter(|d| curve.depth_mm(d.position, 40.0) < -0.5).count();
    assert!(ahead > 0 && ahead < bins[5], "sentinels ahead of the line: {ahead}");
}

#[test]
fn plans_are_seeded_and_reproducible() {
    let layout = layout("crown-only");
    let win = rect(-40.0, 230.0, 25.0, 25.0);
    let a = plan_on(&layout, win, 5);
    let b = plan_on(&layout, win, 5);
    let c = plan_on(&layout, win, 6);
    assert_eq!(a.dots, b.dots);
    assert_ne!(a.dots, c.dots);
    assert_eq!(a.session_count, 3);
    assert_eq!(a.dots_through_session(3).len(), a.dots.len());
}

#[test]
fn a_whole_fut_scar_plan_has_outlines_native_hair_and_sensible_stats() {
    let layout = layout("fut-scar");
    let plan = build_plan(&layout, &PlanOptions { seed: 1, ..PlanOptions::default() }).unwrap();
    assert!(plan.hairline_mm.is_empty(), "no hairline zone, no hairline");
    assert_eq!(plan.zones.len(), 1);
    let outlines = &plan.zones[0].outlines_mm;
    assert!(!outlines.is_empty());
    // The strip's outline lies about width/2 + margin (2.5 + 3 mm) from its middle at x = 0.
    let near: Vec<&MapPoint> = outlines.iter().flatten().filter(|p| p.x_mm.abs() < 2.0).collect();
    assert!(
        near.iter().any(|p| (p.y_mm - 301.0).abs() > 4.0 && (p.y_mm - 301.0).abs() < 7.5),
        "{near:?}"
    );
    // Native hair: present around the scar, gone on it, none on the forehead.
    assert!(plan.native_hair.density_per_cm2(MapPoint::new(0.0, 250.0)) > 60.0);
    assert!(plan.native_hair.density_per_cm2(MapPoint::new(0.0, 301.0)) < 1.0);
    assert_eq!(plan.native_hair.density_per_cm2(MapPoint::new(0.0, 40.0)), 0.0);

    let stats = PlanStats::measure(&layout, &plan);
    assert_eq!(stats.dots, plan.dots.len());
    let zone = &stats.zones[0];
    assert!(zone.area_cm2 > 15.0 && zone.area_cm2 < 40.0, "scar area {}", zone.area_cm2);
    let last = zone.sessions.last().unwrap();
    assert_eq!(last.cumulative_dots, plan.dots.len());
    assert!((last.measured_per_cm2 - last.cumulative_dots as f64 / zone.area_cm2).abs() < 1e-9);
    // Most of a 5 mm strip's area is its 3 mm feathered margins, where a maximal set at low
    // density holds a little more than the target; the interiors are held to ±10 % above.
    let ratio = last.measured_per_cm2 / last.target_per_cm2;
    assert!(
        (0.85..1.25).contains(&ratio),
        "measured {} vs target {}",
        last.measured_per_cm2,
        last.target_per_cm2
    );
    assert!(
        last.nn_min_mm > 0.5
            && last.nn_min_mm <= last.nn_p5_mm
            && last.nn_p5_mm <= last.nn_median_mm
    );
    assert_eq!(last.touching_pairs, 0);
    assert!(stats.warnings.is_empty(), "{:?}", stats.warnings);
    let ramp: Vec<f64> = stats.sessions.iter().map(|s| s.measured_percent).collect();
    assert!(
        (ramp[0] - 30.0).abs() <= 5.0 && (ramp[1] - 70.0).abs() <= 5.0 && ramp[2] == 100.0,
        "{ramp:?}"
    );
    let table = stats.to_table_string();
    assert!(table.contains("session 3") && table.contains("strip"), "{table}");
    let json = serde_json::to_string(&stats).unwrap();
    assert!(json.contains("\"measured_per_cm2\""));
}

#[test]
fn stats_warn_when_healed_dots_touch() {
    // Oversized dots at full density: neighbours ~0.9 mm apart, dots 0.5 mm → no touching; so
    // check the warning with a plan whose dots are made to overlap.
    let layout = layout("crown-only");
    let mut plan = plan_on(&layout, rect(-40.0, 230.0, 20.0, 20.0), 2);
    for d in &mut plan.dots {
        d.diameter_mm = 2.0;
    }
    let stats = PlanStats::measure(&layout, &plan);
    assert!(stats.zones[0].sessions[2].touching_pairs > 0);
    assert!(
        stats.warnings.iter().any(|w| matches!(w, smpsim::PlanWarning::TouchingDots { .. })),
        "{:?}",
        stats.warnings
    );
}

#[test]
fn a_plan_is_identical_on_one_and_two_threads() {
    let layout = layout("norwood-4");
    let region = rect(-40.0, 60.0, 80.0, 60.0);
    let on = |threads: usize| on_threads(threads, || plan_on(&layout, region, 9));
    let (one, two) = (on(1), on(2));
    assert!(one.dots.len() > 1000);
    assert_eq!(one.dots, two.dots);
    let outline = |p: &Plan| p.zones.iter().map(|z| z.outlines_mm.clone()).collect::<Vec<_>>();
    assert_eq!(outline(&one), outline(&two));
}
