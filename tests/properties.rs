//! Property tests: random valid preset overrides and seeds through `smpsim sample --preset`
//! (never a panic, same bytes on one and two threads, dots spaced), and random small domains and
//! densities through `sample_density` (spacing rule and maximality, also between sessions).

mod engine_support;

use assert_cmd::Command;
use engine_support::{density_rule, holes, spacing_violations};
use proptest::prelude::*;
use smpsim::{
    MIN_DENSITY_PER_CM2, MapPoint, MapRect, SampleOptions, UniformDensity, sample_density,
    spacing_mm_for_density,
};

/// Runs `smpsim sample --preset crown-only` with `sets` on `threads` threads; returns the CSV.
fn sample_csv(sets: &[String], seed: u64, threads: &str) -> Vec<u8> {
    let mut cmd = Command::cargo_bin("smpsim").unwrap();
    cmd.env("RAYON_NUM_THREADS", threads).args(["sample", "--preset", "crown-only"]);
    for set in sets {
        cmd.args(["--set", set]);
    }
    let out = cmd.args(["--seed", &seed.to_string(), "-o", "-"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{sets:?} seed {seed}: {err}");
    assert!(!err.contains("panicked"), "{err}");
    out.stdout
}

/// The `x_mm,y_mm` of every dot in the CSV `sample --preset` writes.
fn positions(csv: &[u8]) -> Vec<MapPoint> {
    let text = std::str::from_utf8(csv).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("x_mm,y_mm,diameter_mm,dilution,session,zone"));
    lines
        .map(|line| {
            let mut fields = line.split(',').map(|f| f.parse::<f32>().unwrap());
            MapPoint::new(fields.next().unwrap(), fields.next().unwrap())
        })
        .collect()
}

/// The closest pair's distance, mm (a bucket grid of `cell_mm`, which must not exceed it).
fn closest_pair_mm(dots: &[MapPoint], cell_mm: f32) -> f32 {
    let key = |p: MapPoint| ((p.x_mm / cell_mm).floor() as i64, (p.y_mm / cell_mm).floor() as i64);
    let mut cells: std::collections::HashMap<(i64, i64), Vec<MapPoint>> = Default::default();
    for &p in dots {
        cells.entry(key(p)).or_default().push(p);
    }
    let mut closest = f32::INFINITY;
    for &p in dots {
        let (cx, cy) = key(p);
        for q in (-1..=1).flat_map(|dx| (-1..=1).map(move |dy| (cx + dx, cy + dy))) {
            for &o in cells.get(&q).into_iter().flatten() {
                let d = (p.x_mm - o.x_mm).hypot(p.y_mm - o.y_mm);
                if d > 0.0 || (o.x_mm, o.y_mm) != (p.x_mm, p.y_mm) {
                    closest = closest.min(d);
                }
            }
        }
    }
    closest
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// Crown size, density, feather and whorl dip anywhere in their documented ranges.
    #[test]
    fn any_valid_overrides_sample_the_same_on_one_and_two_threads(
        density in 10.0..=120.0f64,
        across in 50.0..=200.0f64,
        length in 50.0..=220.0f64,
        feather in 0.0..=60.0f64,
        dip in 0.0..=0.8f64,
        seed in any::<u64>(),
    ) {
        let sets = [
            format!("zones[0].crown.density_per_cm2={density}"),
            format!("zones[0].crown.across_mm={across}"),
            format!("zones[0].crown.length_mm={length}"),
            format!("zones[0].crown.feather_mm={feather}"),
            format!("zones[0].crown.whorl_dip_fraction={dip}"),
        ];
        let one = sample_csv(&sets, seed, "1");
        let two = sample_csv(&sets, seed, "2");
        prop_assert!(one == two, "the CSV differs between one and two threads");
        let dots = positions(&one);
        prop_assert!(dots.len() > 100, "only {} dots", dots.len());
        // Every pair keeps at least the spacing of the zone's full density; 5 % covers the
        // rule's slack under gradients (the denser end of a pair decides).
        let bound_mm = 0.95 * spacing_mm_for_density(density as f32);
        let closest = closest_pair_mm(&dots, bound_mm);
        prop_assert!(closest >= bound_mm, "two dots {closest} mm apart, below {bound_mm} mm");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    /// Uniform densities on small domains anywhere on the map, including densities too low to
    /// get dots, in two sessions (the second fills between the first's dots).
    #[test]
    fn small_uniform_domains_are_spaced_and_maximal(
        x0 in -150.0..150.0f32,
        y0 in 0.0..300.0f32,
        width in 0.5..40.0f32,
        height in 0.5..40.0f32,
        density in 0.0..150.0f32,
        first_share in 0.2..1.0f32,
        seed in any::<u64>(),
    ) {
        let domain = MapRect {
            min: MapPoint::new(x0, y0),
            max: MapPoint::new(x0 + width, y0 + height),
        };
        let first_field = UniformDensity { density_per_cm2: density * first_share };
        let field = UniformDensity { density_per_cm2: density };
        let options = SampleOptions { seed, ..SampleOptions::default() };
        let first = sample_density(domain, &first_field, &[], &options).unwrap();
        let options = SampleOptions { seed: seed ^ 1, ..options };
        let second = sample_density(domain, &field, &first, &options).unwrap();
        if density < MIN_DENSITY_PER_CM2 {
            prop_assert!(first.is_empty() && second.is_empty());
        }
        prop_assert!(second.iter().chain(&first).all(|&p| domain.contains(p)));

        let rule = density_rule(&field);
        let (bad, worst) = spacing_violations(&rule, &second, &first);
        prop_assert_eq!(bad, 0, "worst ratio {}", worst);
        let first_rule = density_rule(&first_field);
        let (bad, worst) = spacing_violations(&first_rule, &first, &[]);
        prop_assert_eq!(bad, 0, "first session, worst ratio {}", worst);

        let union: Vec<MapPoint> = first.iter().chain(&second).copied().collect();
        let open = holes(&rule, domain, &union, 0.25, 200);
        prop_assert!(open.is_empty(), "{} probes could take a dot, e.g. {:?}", open.len(), open[0]);
    }
}

/// The files a run wrote into `dir`: `NAME.EXT`, or `NAME-pNN.EXT` per page when tiled.
fn written(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(5))]

    /// Stencils at any DPI and session choice, tiled or not, and previews of any size and look:
    /// every PNG written decodes back, at the size asked for.
    #[test]
    fn every_written_png_decodes_back(
        seed in any::<u64>(),
        dpi in 72u32..=300,
        session in 1u32..=3,
        tiled in any::<bool>(),
        width in 64u32..=400,
        height in 64u32..=400,
        look in prop::sample::select(vec!["fresh", "healed", "aged"]),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let stencil = dir.path().join("stencil.png");
        let page = if tiled { "a4" } else { "none" };
        Command::cargo_bin("smpsim").unwrap()
            .args(["stencil", "--preset", "crown-only", "--seed", &seed.to_string()])
            .args(["--dpi", &dpi.to_string(), "--through", &session.to_string(), "--page", page])
            .arg("-o").arg(&stencil)
            .assert().success();
        let pages = written(dir.path());
        prop_assert!(!pages.is_empty());
        for page in &pages {
            let image = image::open(page).map_err(|e| TestCaseError::fail(format!("{page:?}: {e}")))?;
            prop_assert!(image.width() > 0 && image.height() > 0);
            if tiled {
                // An A4 page at `dpi`, either way up, to within a pixel of rounding.
                let short = (210.0 / 25.4 * f64::from(dpi)).round() as i64;
                let side = i64::from(image.width().min(image.height()));
                prop_assert!((side - short).abs() <= 1, "{page:?}: {side} px, A4 is {short}");
            }
            std::fs::remove_file(page).unwrap();
        }

        let preview = dir.path().join("preview.png");
        Command::cargo_bin("smpsim").unwrap()
            .args(["preview", "--preset", "crown-only", "--seed", &seed.to_string()])
            .args(["--size", &format!("{width}x{height}"), "--look", look])
            .arg("-o").arg(&preview)
            .assert().success();
        let image = image::open(&preview).map_err(|e| TestCaseError::fail(format!("{e}")))?;
        prop_assert_eq!((image.width(), image.height()), (width, height));
    }
}
