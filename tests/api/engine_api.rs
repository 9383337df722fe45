//! The sampler's contract through the public API: determinism across thread counts, seeds,
//! layering over earlier sessions, the dot limit, and no panic on anything the validator allows.

use crate::support::{density_rule, holes, on_threads, proptest_config, spacing_violations};
use proptest::prelude::*;
use smpsim::engine::{
    LinearSpacing, SampleError, SampleOptions, UniformDensity, UniformSpacing, sample_density,
    sample_spacing,
};
use smpsim::{MapPoint, MapRect};

fn bits(points: &[MapPoint]) -> Vec<(u32, u32)> {
    points.iter().map(|p| (p.x_mm.to_bits(), p.y_mm.to_bits())).collect()
}

#[test]
fn same_seed_gives_identical_bytes_on_1_2_and_8_threads() {
    let domain = MapRect::from_size_mm(150.0, 120.0);
    let field = LinearSpacing::across(domain, 0.8, 2.5);
    let run = |n| {
        on_threads(n, || {
            sample_spacing(domain, &field, &[], &SampleOptions { seed: 42, ..Default::default() })
                .unwrap()
        })
    };
    let one = bits(&run(1));
    assert!(one.len() > 5_000);
    assert_eq!(one, bits(&run(2)));
    assert_eq!(one, bits(&run(8)));
}

#[test]
fn a_different_seed_gives_a_different_set_of_the_same_density() {
    let domain = MapRect::from_size_mm(60.0, 60.0);
    let field = UniformDensity { density_per_cm2: 70.0 };
    let a = sample_density(domain, &field, &[], &SampleOptions { seed: 1, ..Default::default() });
    let b = sample_density(domain, &field, &[], &SampleOptions { seed: 2, ..Default::default() });
    let (a, b) = (a.unwrap(), b.unwrap());
    let shared = bits(&a).iter().filter(|p| bits(&b).contains(p)).count();
    assert!(shared < a.len() / 100, "{shared} identical dots");
    let ratio = a.len() as f64 / b.len() as f64;
    assert!((ratio - 1.0).abs() < 0.02, "{} vs {}", a.len(), b.len());
}

/// Session 1 at 30 % density on a wider area, session 2 at full density in the domain.
#[test]
fn a_second_session_fills_between_the_first_without_moving_it() {
    let domain = MapRect::from_size_mm(70.0, 50.0);
    let wider = MapRect { min: MapPoint::new(-10.0, -10.0), max: MapPoint::new(80.0, 60.0) };
    let full = UniformDensity { density_per_cm2: 70.0 };
    let first = sample_density(
        wider,
        &UniformDensity { density_per_cm2: 21.0 },
        &[],
        &SampleOptions { seed: 1, ..Default::default() },
    )
    .unwrap();
    let second =
        sample_density(domain, &full, &first, &SampleOptions { seed: 2, ..Default::default() })
            .unwrap();
    let old = bits(&first);
    assert!(bits(&second).iter().all(|p| !old.contains(p)), "an earlier dot was returned");
    // Earlier dots (some outside the domain) do not make the result depend on threads.
    let again = on_threads(1, || {
        sample_density(domain, &full, &first, &SampleOptions { seed: 2, ..Default::default() })
    });
    assert_eq!(bits(&again.unwrap()), bits(&second));
    assert!(second.iter().all(|&p| domain.contains(p)));
    let rule = density_rule(&full);
    let (bad, worst) = spacing_violations(&rule, &second, &first);
    assert_eq!(bad, 0, "new dots too close to new or old ones (worst ratio {worst})");
    let union: Vec<MapPoint> = first.iter().chain(&second).copied().collect();
    let open = holes(&rule, domain, &union, 0.1, 20_000);
    assert!(open.is_empty(), "{} holes in the union, e.g. {:?}", open.len(), open.first());
    // The union holds about the full density (the old, sparser dots pack a little less).
    let in_domain = union.iter().filter(|&&p| domain.contains(p)).count() as f64;
    let per_cm2 = in_domain / (domain.area_mm2() as f64 / 100.0);
    assert!((per_cm2 / 70.0 - 1.0).abs() < 0.08, "union holds {per_cm2}/cm²");
}

/// Earlier dots far denser than the new field (several per grid cell) must not break anything.
#[test]
fn earlier_dots_denser_than_the_grid_are_respected() {
    let domain = MapRect::from_size_mm(40.0, 30.0);
    let dense = sample_density(
        domain,
        &UniformDensity { density_per_cm2: 400.0 },
        &[],
        &SampleOptions::default(),
    )
    .unwrap();
    // Keep the left half only, so the right half must be filled at the new density.
    let old: Vec<MapPoint> = dense.into_iter().filter(|p| p.x_mm < 20.0).collect();
    let field = UniformDensity { density_per_cm2: 50.0 };
    let new = sample_density(domain, &field, &old, &SampleOptions::default()).unwrap();
    let rule = density_rule(&field);
    assert_eq!(spacing_violations(&rule, &new, &old).0, 0);
    let union: Vec<MapPoint> = old.iter().chain(&new).copied().collect();
    assert!(holes(&rule, domain, &union, 0.1, 5_000).is_empty());
    assert!(new.iter().filter(|p| p.x_mm < 19.0).count() == 0, "new dots among the dense old ones");
    assert!(new.len() > 200);
}

#[test]
fn too_many_dots_are_refused_with_the_count_and_the_limit() {
    let domain = MapRect::from_size_mm(1000.0, 1000.0);
    let err = sample_density(
        domain,
        &UniformDensity { density_per_cm2: 70.0 },
        &[],
        &SampleOptions { max_dots: 1000, ..Default::default() },
    )
    .unwrap_err();
    match err {
        SampleError::TooManyDots { expected, limit } => {
            assert!((690_000..=710_000).contains(&expected), "expected {expected}");
            assert_eq!(limit, 1000);
        }
        other => panic!("wrong error {other}"),
    }
    // The message names the estimate and the limit.
    let options = SampleOptions { max_dots: 1000, ..Default::default() };
    let err =
        sample_spacing(domain, &UniformSpacing { spacing_mm: 1.0 }, &[], &options).unwrap_err();
    let SampleError::TooManyDots { expected, .. } = err else { panic!("wrong error {err}") };
    let msg = err.to_string();
    assert!(msg.contains(&expected.to_string()) && msg.contains("limit of 1000"), "{msg}");
    // A request that would need terabytes is refused before allocating (else this would abort).
    let huge = MapRect::from_size_mm(1.0e6, 1.0e6);
    let err = sample_density(
        huge,
        &UniformDensity { density_per_cm2: 70.0 },
        &[],
        &SampleOptions::default(),
    );
    assert!(matches!(err, Err(SampleError::TooManyDots { limit: 50_000_000, .. })));
}

#[test]
fn bad_domains_and_spacings_are_typed_errors() {
    let field = UniformDensity { density_per_cm2: 70.0 };
    for domain in [MapRect::from_size_mm(0.0, 10.0), MapRect::from_size_mm(10.0, f32::NAN)] {
        let err = sample_density(domain, &field, &[], &SampleOptions::default()).unwrap_err();
        assert!(matches!(err, SampleError::InvalidDomain { .. }), "{err}");
    }
    let domain = MapRect::from_size_mm(10.0, 10.0);
    let err = sample_spacing(
        domain,
        &UniformSpacing { spacing_mm: -1.0 },
        &[],
        &SampleOptions::default(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("-1"), "{err}");
    // Below the density floor there is nothing to place.
    let none = sample_density(
        domain,
        &UniformDensity { density_per_cm2: 0.4 },
        &[],
        &SampleOptions::default(),
    );
    assert!(none.unwrap().is_empty());
}

proptest! {
    #![proptest_config(proptest_config(48))]

    /// Any positive finite domain and finite non-negative density: a result or a typed error,
    /// never a panic, and every dot inside the domain.
    #[test]
    fn never_panics_on_what_the_validator_allows(
        x0 in -1.0e4f32..1.0e4,
        y0 in -1.0e4f32..1.0e4,
        w in prop::sample::select(vec![1e-4f32, 0.01, 0.3, 2.0, 17.3, 45.0]),
        h in prop::sample::select(vec![1e-4f32, 0.01, 0.3, 2.0, 17.3, 45.0]),
        density in prop::sample::select(vec![0.0f32, 0.49, 0.5, 3.0, 70.0, 400.0, 1.0e7, f32::MAX]),
        old in prop::collection::vec((-60.0f32..60.0, -60.0f32..60.0), 0..50),
        seed in any::<u64>(),
    ) {
        let domain = MapRect { min: MapPoint::new(x0, y0), max: MapPoint::new(x0 + w, y0 + h) };
        let mut existing: Vec<MapPoint> =
            old.iter().map(|&(dx, dy)| MapPoint::new(x0 + dx, y0 + dy)).collect();
        existing.push(MapPoint::new(f32::NAN, y0));
        existing.push(MapPoint::new(f32::INFINITY, f32::NEG_INFINITY));
        let options = SampleOptions { seed, max_dots: 200_000 };
        match sample_density(domain, &UniformDensity { density_per_cm2: density }, &existing, &options) {
            Ok(dots) => prop_assert!(dots.iter().all(|&p| domain.contains(p))),
            Err(SampleError::TooManyDots { .. } | SampleError::InvalidDomain { .. }) => {}
            Err(e) => prop_assert!(false, "unexpected error {e}"),
        }
    }
}
