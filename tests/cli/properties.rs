//! Property tests through the binary: random valid preset overrides and seeds through
//! `smpsim sample --preset` (same bytes on one and two threads, dots spaced), and random stencil
//! and preview options (every PNG written decodes back at the size and DPI asked for).

use assert_cmd::Command;
use proptest::prelude::*;
use smpsim::MapPoint;
use smpsim::engine::spacing_mm_for_density;

use crate::support::proptest_config;

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
    #![proptest_config(proptest_config(12))]

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

/// The DPI a PNG's pHYs chunk records (pixels per metre, alike on both axes), if it has one
/// before the image data, where the PNG format puts it.
fn png_dpi(png: &[u8]) -> Option<u32> {
    let mut at = 8; // after the signature
    loop {
        let len = u32::from_be_bytes(png.get(at..at + 4)?.try_into().unwrap()) as usize;
        let kind = png.get(at + 4..at + 8)?;
        let data = png.get(at + 8..at + 8 + len)?;
        match kind {
            b"pHYs" if len == 9 && data[..4] == data[4..8] && data[8] == 1 => {
                let per_metre = u32::from_be_bytes(data[..4].try_into().unwrap());
                return Some((f64::from(per_metre) * 0.0254).round() as u32);
            }
            b"pHYs" | b"IDAT" => return None,
            _ => at += 12 + len,
        }
    }
}

/// The files a run wrote into `dir`: `NAME.EXT`, or `NAME-pNN.EXT` per page when tiled.
fn written(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    files
}

proptest! {
    #![proptest_config(proptest_config(5))]

    /// Stencils at any DPI and session choice, tiled or not, and previews of any size and look:
    /// every PNG written decodes back, records the DPI asked for, and is the size asked for
    /// (A4 pages; an untiled sheet the same size on paper as at 72 dpi; the preview's pixels).
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
        // Each run in a folder of its own, so `written` lists only its pages.
        let stencil = |dpi: u32, page: &str, folder: &str| {
            let folder = dir.path().join(folder);
            std::fs::create_dir(&folder).unwrap();
            Command::cargo_bin("smpsim").unwrap()
                .args(["stencil", "--preset", "crown-only", "--seed", &seed.to_string()])
                .args(["--dpi", &dpi.to_string(), "--through", &session.to_string()])
                .args(["--page", page])
                .arg("-o").arg(folder.join("stencil.png"))
                .assert().success();
            written(&folder)
        };
        let pages = stencil(dpi, if tiled { "a4" } else { "none" }, "asked");
        prop_assert!(tiled || pages.len() == 1, "an untiled stencil wrote {:?}", pages);
        prop_assert!(!pages.is_empty());
        for page in &pages {
            let bytes = std::fs::read(page).unwrap();
            let image = image::load_from_memory(&bytes)
                .map_err(|e| TestCaseError::fail(format!("{page:?}: {e}")))?;
            prop_assert_eq!(png_dpi(&bytes), Some(dpi), "{:?}: the pHYs chunk", page);
            let (w, h) = (image.width(), image.height());
            if tiled {
                // An A4 page at `dpi`, either way up, to within a pixel of rounding.
                let short = (210.0 / 25.4 * f64::from(dpi)).round() as i64;
                let side = i64::from(w.min(h));
                prop_assert!((side - short).abs() <= 1, "{page:?}: {side} px, A4 is {short}");
            } else {
                // The sheet holds the same map, margins and footer at any DPI; its dot padding
                // and rounding are whole pixels, a few tenths of a mm each at 72 dpi.
                let reference = stencil(72, "none", "at-72-dpi");
                let (w72, h72) = image::image_dimensions(&reference[0]).unwrap();
                let mm = |px: u32, dpi: u32| f64::from(px) * 25.4 / f64::from(dpi);
                let (sheet, at_72) = ((mm(w, dpi), mm(h, dpi)), (mm(w72, 72), mm(h72, 72)));
                prop_assert!(
                    (sheet.0 - at_72.0).abs() < 4.0 && (sheet.1 - at_72.1).abs() < 4.0,
                    "{w}×{h} px at {dpi} dpi is {sheet:?} mm; at 72 dpi {at_72:?} mm"
                );
            }
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
