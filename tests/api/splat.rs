//! The splat renderer through the public API: untouched pixels stay put, darkening matches the
//! coverage an independent reference integration predicts, and output does not depend on threads.

use crate::support::on_threads;
use image::{Rgb, RgbImage};
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;
use smpsim::SkinType;
use smpsim::render::{ScreenDot, SplatError, SplatOptions, splat, strength_for_dilution};

fn round_dot(center_px: [f32; 2], radius_px: f32, strength: f32, shape_seed: u32) -> ScreenDot {
    ScreenDot {
        center_px,
        radius_major_px: radius_px,
        radius_minor_px: radius_px,
        major_dir: [1.0, 0.0],
        strength,
        shape_seed,
    }
}

fn random_dots(n: usize, w: f32, h: f32, seed: u64) -> Vec<ScreenDot> {
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    (0..n)
        .map(|i| {
            let r_major = rng.random_range(0.2..4.0f32);
            let angle = rng.random_range(0.0..std::f32::consts::PI);
            ScreenDot {
                center_px: [rng.random_range(-5.0..w + 5.0), rng.random_range(-5.0..h + 5.0)],
                radius_major_px: r_major,
                radius_minor_px: r_major * rng.random_range(0.3..=1.0f32),
                major_dir: [angle.cos(), angle.sin()],
                strength: rng.random_range(0.2..1.0),
                shape_seed: i as u32,
            }
        })
        .collect()
}

fn srgb_to_linear(c: u8) -> f64 {
    let c = f64::from(c) / 255.0;
    if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
}

fn linear_to_srgb(l: f64) -> f64 {
    255.0 * if l <= 0.0031308 { l * 12.92 } else { 1.055 * l.powf(1.0 / 2.4) - 0.055 }
}

/// The documented dot profile, written out independently: soft edge `soft_edge` wide centred
/// on the outline, halo filling in up to `halo_radius` where the core leaves skin uncovered.
fn reference_profile(o: &SplatOptions, d: f64) -> f64 {
    let smooth = |e0: f64, e1: f64, x: f64| {
        let t = ((x - e0) / (e1 - e0)).clamp(0.0, 1.0);
        t * t * (3.0 - 2.0 * t)
    };
    let half = 0.5 * f64::from(o.soft_edge);
    let core = 1.0 - smooth(1.0 - half, 1.0 + half, d);
    let halo = f64::from(o.halo_strength) * (1.0 - smooth(0.0, f64::from(o.halo_radius), d));
    core + halo * (1.0 - core)
}

/// Mean of the profile of a round dot over pixel `(x, y)` by 64 × 64 supersampling.
fn reference_coverage(o: &SplatOptions, c: [f32; 2], r: f32, x: u32, y: u32) -> f64 {
    let far = f64::from(r * o.halo_radius) + 1.0;
    let (dx, dy) = (f64::from(x) + 0.5 - f64::from(c[0]), f64::from(y) + 0.5 - f64::from(c[1]));
    if dx.hypot(dy) > far {
        return 0.0;
    }
    let n = 64;
    let mut sum = 0.0;
    for sy in 0..n {
        for sx in 0..n {
            let px = f64::from(x) + (sx as f64 + 0.5) / n as f64 - f64::from(c[0]);
            let py = f64::from(y) + (sy as f64 + 0.5) / n as f64 - f64::from(c[1]);
            sum += reference_profile(o, px.hypot(py) / f64::from(r));
        }
    }
    sum / (n * n) as f64
}

#[test]
fn pixels_outside_every_dot_stay_byte_identical() {
    let (w, h) = (300u32, 257u32);
    let mut rng = Pcg64Mcg::seed_from_u64(7);
    let before = RgbImage::from_fn(w, h, |_, _| Rgb([rng.random(), rng.random(), rng.random()]));
    let dots = random_dots(150, w as f32, h as f32, 3);
    let options = SplatOptions::default();
    let mut after = before.clone();
    splat(&mut after, &dots, &options).unwrap();
    // Largest possible reach of a dot: halo × wobble, plus one pixel of anti-aliasing.
    let reach = options.halo_radius * (1.0 + 2.0 * options.irregularity);
    let mut changed = 0;
    for (x, y, p) in after.enumerate_pixels() {
        let (fx, fy) = (x as f32 + 0.5, y as f32 + 0.5);
        let near = dots.iter().any(|d| {
            let r = d.radius_major_px.max(options.min_radius_px) * reach + 1.5;
            (fx - d.center_px[0]).hypot(fy - d.center_px[1]) <= r
        });
        if !near {
            assert_eq!(p, before.get_pixel(x, y), "pixel ({x}, {y}) is outside every dot");
        } else if p != before.get_pixel(x, y) {
            changed += 1;
        }
    }
    assert!(changed > 1000, "dots must darken something ({changed} pixels changed)");
}

#[test]
fn darkening_on_plain_skin_matches_predicted_coverage() {
    let options = SplatOptions { irregularity: 0.0, ..SplatOptions::default() };
    let skin = SkinType::III.skin_srgb();
    let strength = strength_for_dilution(8.0);
    // Dots up to 4 px in radius on the stamp grid (centre on a ¼ px, radius on a 1/16 px), a
    // sub-pixel dot drawn at the minimum size, and a large dot anywhere (exact path).
    let cases: [([f32; 2], f32); 5] = [
        ([20.25, 20.5], 1.0),
        ([20.75, 19.0], 1.8125),
        ([20.0, 20.0], 0.7),
        ([19.25, 20.75], 3.3125),
        ([20.2, 20.6], 7.0),
    ];
    for (center, radius) in cases {
        let mut img = RgbImage::from_pixel(41, 41, Rgb(skin));
        splat(&mut img, &[round_dot(center, radius, strength, 5)], &options).unwrap();
        for (x, y, p) in img.enumerate_pixels() {
            let cov = reference_coverage(&options, center, radius, x, y);
            for ch in 0..3 {
                let t = f64::from(options.pigment_transmittance_linear[ch]);
                let absorbed = cov * (1.0 - t.powf(f64::from(strength)));
                let expected = linear_to_srgb(srgb_to_linear(skin[ch]) * (1.0 - absorbed));
                let got = f64::from(p[ch]);
                assert!(
                    (got - expected).abs() <= 1.0,
                    "dot r={radius} at {center:?}: pixel ({x},{y}) ch {ch} = {got}, predicted {expected:.2}"
                );
            }
        }
    }
}

/// Total light a dot absorbs, summed over pixels, in linear-light units of one pixel.
fn absorbed_total(img: &RgbImage, skin: [u8; 3], ch: usize) -> f64 {
    let base = srgb_to_linear(skin[ch]);
    img.pixels().map(|p| base - srgb_to_linear(p[ch])).sum()
}

#[test]
fn sub_pixel_dots_keep_their_true_darkening_at_any_offset() {
    let options = SplatOptions { irregularity: 0.0, halo_strength: 0.0, ..SplatOptions::default() };
    let skin = [200u8, 160, 130];
    let mut totals = Vec::new();
    for (i, off) in [0.0f32, 0.13, 0.37, 0.5, 0.71, 0.9].into_iter().enumerate() {
        let mut img = RgbImage::from_pixel(21, 21, Rgb(skin));
        let dot = round_dot([10.0 + off, 10.0 + off * 0.6], 0.3, 1.0, i as u32);
        splat(&mut img, &[dot], &options).unwrap();
        totals.push(absorbed_total(&img, skin, 0));
    }
    // A 0.3 px dot absorbs about π·0.3²·(1 − t) of a pixel's light: never 0, never a full pixel.
    let expected = std::f64::consts::PI * 0.09 * (1.0 - 0.12) * srgb_to_linear(skin[0]);
    for t in &totals {
        assert!((t - expected).abs() / expected < 0.12, "absorbed {t}, expected {expected}");
    }
}

#[test]
fn output_is_byte_identical_for_any_thread_count_and_band_height() {
    let (w, h) = (640u32, 480u32);
    let base = RgbImage::from_fn(w, h, |x, y| Rgb([(x % 256) as u8, (y % 256) as u8, 180]));
    let dots = random_dots(6_000, w as f32, h as f32, 11);
    let render = |threads: usize, band: u32| {
        let mut img = base.clone();
        let options = SplatOptions { band_height_px: band, ..SplatOptions::default() };
        on_threads(threads, || splat(&mut img, &dots, &options)).unwrap();
        img
    };
    let reference = render(1, 64);
    assert_ne!(reference, base);
    for (threads, band) in [(2, 64), (8, 64), (2, 5), (8, 480)] {
        assert!(render(threads, band) == reference, "{threads} threads, band {band}");
    }
}

#[test]
fn more_dilution_renders_lighter_and_dark_skin_shows_less_contrast() {
    let darkening = |skin: [u8; 3], dilution: f32| {
        let mut img = RgbImage::from_pixel(15, 15, Rgb(skin));
        splat(
            &mut img,
            &[round_dot([7.5, 7.5], 3.0, strength_for_dilution(dilution), 1)],
            &SplatOptions::default(),
        )
        .unwrap();
        let centre = img.get_pixel(7, 7);
        (0..3).map(|c| f32::from(skin[c]) - f32::from(centre[c])).sum::<f32>()
    };
    let fair = SkinType::I.skin_srgb();
    let dark = SkinType::VI.skin_srgb();
    assert!(darkening(fair, 5.0) > darkening(fair, 15.0));
    assert!(darkening(fair, 15.0) > darkening(fair, 30.0));
    assert!(darkening(fair, 10.0) > 2.0 * darkening(dark, 10.0));
}

#[test]
fn pigment_shifts_skin_cool() {
    let skin = SkinType::II.skin_srgb();
    let mut img = RgbImage::from_pixel(15, 15, Rgb(skin));
    splat(&mut img, &[round_dot([7.5, 7.5], 4.0, 1.0, 1)], &SplatOptions::default()).unwrap();
    let p = img.get_pixel(7, 7);
    let ratio = |c: [f32; 3]| c[2] / c[0];
    let before = ratio(skin.map(|v| srgb_to_linear(v) as f32));
    let after = ratio([0, 1, 2].map(|c| srgb_to_linear(p[c]) as f32));
    assert!(after > before * 1.3, "blue/red rises under pigment: {before} → {after}");
}

#[test]
fn invalid_options_are_refused_with_the_field_named() {
    let mut img = RgbImage::new(4, 4);
    let options = SplatOptions { soft_edge: 1.5, ..SplatOptions::default() };
    let err = splat(&mut img, &[], &options).unwrap_err();
    assert!(matches!(err, SplatError::InvalidOption { field: "soft_edge", .. }));
    assert!(err.to_string().contains("soft_edge") && err.to_string().contains("[0, 1]"));
}

#[test]
fn degenerate_dots_are_skipped() {
    let before = RgbImage::from_pixel(9, 9, Rgb([200, 150, 120]));
    let mut img = before.clone();
    let dots = [
        round_dot([4.0, 4.0], 0.0, 1.0, 1),
        round_dot([4.0, 4.0], 2.0, 0.0, 1),
        round_dot([f32::NAN, 4.0], 2.0, 1.0, 1),
        round_dot([4.0, 4.0], f32::INFINITY, 1.0, 1),
    ];
    splat(&mut img, &dots, &SplatOptions::default()).unwrap();
    assert_eq!(img, before);
}
