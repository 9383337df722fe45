//! The spacing rule and maximality, checked exhaustively on every dot pair and on a fine probe
//! lattice, for the field shapes presets produce: uniform, gradients, a step, a hole.

use crate::support::{HoleDensity, StepDensity, density_rule, holes, spacing_violations};
use smpsim::engine::{DensityField, LinearDensity, SampleOptions, UniformDensity, sample_density};
use smpsim::{MapPoint, MapRect};

/// Samples `field` over `domain` and asserts the spacing rule on every pair and maximality on a
/// probe lattice of step `probe_mm` plus 20 000 random probes.
fn assert_rule_and_maximal<F: DensityField>(
    domain: MapRect,
    field: &F,
    probe_mm: f32,
) -> Vec<MapPoint> {
    let dots = sample_density(domain, field, &[], &SampleOptions { seed: 7, ..Default::default() })
        .expect("sampling succeeds");
    assert!(dots.len() > 100, "only {} dots", dots.len());
    assert!(dots.iter().all(|&p| domain.contains(p)), "a dot lies outside the domain");
    let rule = density_rule(field);
    let (bad, worst) = spacing_violations(&rule, &dots, &[]);
    assert_eq!(bad, 0, "{bad} pairs break the spacing rule (worst ratio {worst})");
    let open = holes(&rule, domain, &dots, probe_mm, 20_000);
    assert!(
        open.is_empty(),
        "{} probes could take a dot, e.g. {:?}",
        open.len(),
        &open[..open.len().min(5)]
    );
    dots
}

#[test]
fn uniform_field_is_spaced_and_maximal() {
    let field = UniformDensity { density_per_cm2: 70.0 };
    assert_rule_and_maximal(MapRect::from_size_mm(80.0, 60.0), &field, 0.1);
}

#[test]
fn smooth_gradient_is_spaced_and_maximal() {
    let field = LinearDensity { from_per_cm2: 120.0, to_per_cm2: 40.0, x0_mm: 0.0, x1_mm: 100.0 };
    assert_rule_and_maximal(MapRect::from_size_mm(100.0, 50.0), &field, 0.1);
}

#[test]
fn ten_to_one_ratio_is_spaced_and_maximal() {
    let field = LinearDensity { from_per_cm2: 200.0, to_per_cm2: 20.0, x0_mm: 10.0, x1_mm: 90.0 };
    assert_rule_and_maximal(MapRect::from_size_mm(100.0, 40.0), &field, 0.08);
}

#[test]
fn step_is_spaced_and_maximal_on_both_sides() {
    let field = StepDensity { left: 120.0, right: 25.0, x_mm: 40.3 };
    let dots = assert_rule_and_maximal(MapRect::from_size_mm(80.0, 50.0), &field, 0.08);
    // Each side holds its own density (away from the step and the borders).
    let count = |x0: f32, x1: f32| {
        dots.iter()
            .filter(|p| p.x_mm >= x0 && p.x_mm < x1 && p.y_mm >= 5.0 && p.y_mm < 45.0)
            .count()
    };
    let left = count(5.0, 35.0) as f32 / 12.0; // 30 × 40 mm = 12 cm²
    let right = count(45.0, 75.0) as f32 / 12.0;
    assert!((left / 120.0 - 1.0).abs() < 0.05, "left side {left}/cm²");
    assert!((right / 25.0 - 1.0).abs() < 0.08, "right side {right}/cm²");
}

#[test]
fn zero_density_regions_get_no_dots_and_the_rest_is_maximal() {
    let field = HoleDensity {
        density: 80.0,
        centre: MapPoint::new(40.0, 35.0),
        radius_mm: 12.0,
        band_mm: 8.0,
    };
    let dots = assert_rule_and_maximal(MapRect::from_size_mm(80.0, 60.0), &field, 0.1);
    assert!(
        dots.iter().all(|p| p.distance_mm(field.centre) >= field.radius_mm),
        "a dot in the hole"
    );
    assert!(dots.iter().all(|p| p.y_mm >= field.band_mm), "a dot below the density floor");
}

#[test]
fn domain_offset_from_origin_is_covered_to_its_edges() {
    let domain = MapRect { min: MapPoint::new(-73.5, 210.25), max: MapPoint::new(-20.0, 251.0) };
    assert_rule_and_maximal(domain, &UniformDensity { density_per_cm2: 55.0 }, 0.1);
}

#[test]
fn spacing_ramp_from_the_cli_is_spaced_and_maximal() {
    use smpsim::engine::{LinearSpacing, SpacingField, sample_spacing};
    let domain = MapRect::from_size_mm(120.0, 40.0);
    let field = LinearSpacing::across(domain, 0.8, 3.0);
    let dots = sample_spacing(domain, &field, &[], &SampleOptions::default()).unwrap();
    let rule = |p: MapPoint| f64::from(field.spacing_mm(p));
    assert_eq!(spacing_violations(&rule, &dots, &[]).0, 0);
    assert!(holes(&rule, domain, &dots, 0.1, 20_000).is_empty());
    // The min rule lets a pair sit a little under the spacing at its midpoint; how much?
    let mut worst_mid: f64 = 1.0;
    for (i, p) in dots.iter().enumerate() {
        for q in &dots[i + 1..] {
            let d = f64::from(p.distance_mm(*q));
            if d < 3.5 {
                let mid = MapPoint::new((p.x_mm + q.x_mm) / 2.0, (p.y_mm + q.y_mm) / 2.0);
                worst_mid = worst_mid.min(d / rule(mid));
            }
        }
    }
    eprintln!("closest pair / spacing at its midpoint: {worst_mid:.4}");
    assert!(worst_mid > 0.985, "{worst_mid}");
    // Dense at the left, sparse at the right, as asked.
    let left = dots.iter().filter(|p| p.x_mm < 20.0).count();
    let right = dots.iter().filter(|p| p.x_mm >= 100.0).count();
    // Mean spacings ≈ 0.98 and 2.8 mm: about 8× the density.
    assert!(left > 6 * right && left < 10 * right, "left {left}, right {right}");
}
