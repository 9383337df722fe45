//! Measuring a photo's camera on the scalp (blur, grain, light, glare): controlled variants of
//! the real test photos (blurred, noised, tinted, brightened, given a highlight) must change the
//! measurement as what was done to them predicts, within the tolerances stated here.

use image::{Rgb, RgbImage};
use rand::SeedableRng;
use rand_distr::{Distribution, Normal};
use rand_pcg::Pcg64Mcg;
use smpsim::head::{
    FitOptions, LookDoubt, PhotoLookMeasurement, ScalpMask, fit_head, measure_photo_look,
};

use crate::fit::{TRUTH, photo};
use crate::support::on_threads;

/// A test photo with its automatic scalp mask.
fn photo_and_mask(index: usize) -> (&'static str, RgbImage, ScalpMask) {
    let truth = &TRUTH[index];
    let image = photo(truth.name);
    let (w, h) = image.dimensions();
    let fit = fit_head(&image, truth.view, &FitOptions::default());
    (truth.name, image.clone(), ScalpMask::from_fit(&fit, truth.view, w, h))
}

fn srgb_to_linear(v: u8) -> f32 {
    let c = f32::from(v) / 255.0;
    if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
}

fn linear_to_srgb(l: f32) -> u8 {
    let l = l.clamp(0.0, 1.0);
    let c = if l <= 0.003_130_8 { l * 12.92 } else { 1.055 * l.powf(1.0 / 2.4) - 0.055 };
    (c * 255.0).round() as u8
}

/// `image` blurred by a Gaussian of `sigma_px` (separable, edges clamped, in sRGB levels as a
/// camera's processing would see them).
fn gaussian_blur(image: &RgbImage, sigma_px: f32) -> RgbImage {
    let r = (3.5 * sigma_px).ceil() as i64;
    let taps: Vec<f32> =
        (-r..=r).map(|i| (-(i * i) as f32 / (2.0 * sigma_px * sigma_px)).exp()).collect();
    let total: f32 = taps.iter().sum();
    let (w, h) = (i64::from(image.width()), i64::from(image.height()));
    let pass = |src: &Vec<[f32; 3]>, horizontal: bool| -> Vec<[f32; 3]> {
        (0..w * h)
            .map(|i| {
                let (x, y) = (i % w, i / w);
                let mut sum = [0.0f32; 3];
                for (k, t) in taps.iter().enumerate() {
                    let d = k as i64 - r;
                    let (sx, sy) = if horizontal {
                        ((x + d).clamp(0, w - 1), y)
                    } else {
                        (x, (y + d).clamp(0, h - 1))
                    };
                    let p = src[(sy * w + sx) as usize];
                    for c in 0..3 {
                        sum[c] += t * p[c];
                    }
                }
                sum.map(|v| v / total)
            })
            .collect()
    };
    let levels: Vec<[f32; 3]> = image.pixels().map(|p| p.0.map(f32::from)).collect();
    let blurred = pass(&pass(&levels, true), false);
    RgbImage::from_fn(image.width(), image.height(), |x, y| {
        Rgb(blurred[(y * image.width() + x) as usize].map(|v| v.round().clamp(0.0, 255.0) as u8))
    })
}

/// `image` with grey Gaussian noise of `sigma_levels` (the same on all three channels, so luma
/// gets exactly that much), seeded.
fn with_noise(image: &RgbImage, sigma_levels: f32, seed: u64) -> RgbImage {
    let mut rng = Pcg64Mcg::seed_from_u64(seed);
    let normal = Normal::new(0.0f32, sigma_levels).unwrap();
    let mut out = image.clone();
    for p in out.pixels_mut() {
        let n = normal.sample(&mut rng);
        p.0 = p.0.map(|v| (f32::from(v) + n).round().clamp(0.0, 255.0) as u8);
    }
    out
}

/// `image` with its linear channels multiplied by `gains`.
fn scaled_linear(image: &RgbImage, gains: [f32; 3]) -> RgbImage {
    let mut out = image.clone();
    for p in out.pixels_mut() {
        p.0 = std::array::from_fn(|c| linear_to_srgb(srgb_to_linear(p.0[c]) * gains[c]));
    }
    out
}

fn measure(image: &RgbImage, mask: &ScalpMask) -> PhotoLookMeasurement {
    measure_photo_look(image, mask)
}

/// A sharp render of the scanned head, `size_px` square, and the mask of its head pixels.
fn synthetic(size_px: u32) -> (RgbImage, ScalpMask) {
    use smpsim::render::{SyntheticPhotoOptions, synthetic_photo};
    let options = SyntheticPhotoOptions { size_px: [size_px, size_px], ..Default::default() };
    let shot = synthetic_photo(&options).unwrap();
    let painted = RgbImage::from_fn(size_px, size_px, |x, y| {
        let on = shot.on_head[(y * size_px + x) as usize];
        Rgb(if on { [255; 3] } else { [0; 3] })
    });
    (shot.image, ScalpMask::from_image(&painted, [size_px, size_px]).unwrap())
}

/// Relative tolerance of a blurred copy's blur against `√(σ0² + σ²)` (measured on the test
/// photos with enough edges, σ = 2 and 3: −35 % to +21 %, the worst on back-02 blurred by 2,
/// whose original reads sharpened, σ0 = 0, and 9 % or less on most; on the synthetic head,
/// σ = 1–3: up to +24 %).
const BLUR_TOLERANCE: f32 = 0.4;
/// Relative tolerance of a noised copy's grain against `√(n0² + n²)` (n = 4 and 8 levels;
/// measured: −3 % to +16 %, the most on front-06, whose own grain is coarse).
const NOISE_TOLERANCE: f32 = 0.2;
/// Largest error of a tinted copy's light colour ratio per channel (measured: 0.14).
const TINT_TOLERANCE: f32 = 0.16;

#[test]
fn a_blurred_copy_measures_as_much_blurrier() {
    let mut checked = 0;
    for i in 0..TRUTH.len() {
        let (name, image, mask) = photo_and_mask(i);
        let original = measure(&image, &mask);
        // An original whose edges fit the camera badly still has a blur (and says so); only
        // too few edges rule a photo out.
        if matches!(original.blur.doubt, Some(LookDoubt::ScalpTooSmooth { .. })) {
            continue;
        }
        let mut previous = original.look.blur_px;
        for sigma in [2.0f32, 3.0] {
            let blurred = measure(&gaussian_blur(&image, sigma), &mask);
            let expected = original.look.blur_px.hypot(sigma);
            let got = blurred.look.blur_px;
            // Blur can smooth the few edges of a small photo away: then it must say so.
            if matches!(blurred.blur.doubt, Some(LookDoubt::ScalpTooSmooth { .. })) {
                continue;
            }
            // A Gaussian blur leaves no sharpening behind.
            assert!(blurred.blur.is_sure(), "{name} blurred by {sigma}: {:?}", blurred.blur);
            checked += 1;
            assert!(
                (got - expected).abs() <= BLUR_TOLERANCE * expected && got > previous,
                "{name} blurred by {sigma}: {got:.2} px, expected {expected:.2}"
            );
            previous = got;
        }
    }
    assert!(checked >= 10, "only {checked} blurred copies had a sure blur");
}

/// `image` stored as a JPEG of `quality` (the `image` crate's encoder, 4:2:0 chroma) and read
/// back: 8 × 8 blocks whose edges step where the quantisation cut their content.
fn jpeg_copy(image: &RgbImage, quality: u8) -> RgbImage {
    use image::ImageEncoder;
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, quality)
        .write_image(image.as_raw(), image.width(), image.height(), image::ExtendedColorType::Rgb8)
        .unwrap();
    image::load_from_memory(&bytes).unwrap().to_rgb8()
}

/// Relative tolerance of a strongly compressed copy's blur against the same copy's stored
/// losslessly (copies blurred by 1 px, JPEG quality 20). Measured on the seven test photos with
/// enough edges: −19 % to −1 % (left-06 and back-03 the lowest); before the block edges' steps
/// were discounted, −9 % to −33 % (back-03 1.38 px lossless read 0.93 as JPEG).
const JPEG_TOLERANCE: f32 = 0.2;

#[test]
fn a_strongly_compressed_copy_measures_the_blur_of_the_lossless_one() {
    let mut errors = Vec::new();
    for i in 0..TRUTH.len() {
        let (name, image, mask) = photo_and_mask(i);
        let soft = gaussian_blur(&image, 1.0);
        let lossless = measure(&soft, &mask);
        if matches!(lossless.blur.doubt, Some(LookDoubt::ScalpTooSmooth { .. })) {
            continue;
        }
        let compressed = measure(&jpeg_copy(&soft, 20), &mask);
        if matches!(compressed.blur.doubt, Some(LookDoubt::ScalpTooSmooth { .. })) {
            continue;
        }
        let (got, expected) = (compressed.look.blur_px, lossless.look.blur_px);
        let error = (got - expected) / expected;
        eprintln!(
            "{name}: {got:.2} px as JPEG 20, {expected:.2} lossless ({:+.0} %)",
            100.0 * error
        );
        errors.push((name, got, expected, error));
    }
    assert!(errors.len() >= 6, "only {} copies had enough edges", errors.len());
    for (name, got, expected, error) in errors {
        assert!(
            error.abs() <= JPEG_TOLERANCE,
            "{name} blurred by 1 and stored as JPEG 20: {got:.2} px, {expected:.2} lossless"
        );
    }
}

/// `image` sharpened by an unsharp mask of `amount` and `radius_px`: each level plus `amount`
/// times its difference from the level blurred by `radius_px`, as a phone's processing does.
fn unsharp(image: &RgbImage, amount: f32, radius_px: f32) -> RgbImage {
    let soft = gaussian_blur(image, radius_px);
    let mut out = image.clone();
    for (p, q) in out.pixels_mut().zip(soft.pixels()) {
        p.0 = std::array::from_fn(|c| {
            let (v, b) = (f32::from(p.0[c]), f32::from(q.0[c]));
            (v + amount * (v - b)).round().clamp(0.0, 255.0) as u8
        });
    }
    out
}

/// `image` and `mask` upscaled `factor` times (bilinear, as a photo app enlarges; the mask by
/// nearest pixel).
fn upscaled(image: &RgbImage, mask: &ScalpMask, factor: u32) -> (RgbImage, ScalpMask) {
    use image::imageops::{FilterType, resize};
    let (w, h) = (image.width() * factor, image.height() * factor);
    let big = resize(image, w, h, FilterType::Triangle);
    let painted = RgbImage::from_fn(w, h, |x, y| {
        Rgb(if mask.contains(x / factor, y / factor) { [255; 3] } else { [0; 3] })
    });
    (big, ScalpMask::from_image(&painted, [w, h]).unwrap())
}

/// Relative tolerance of a blurred-then-sharpened copy's blur against `√(σ0² + σ²)` (σ = 2,
/// unsharp masks of amount 1 and 1.5 at radius 2, and of amount 1 at radius 1, unlike the
/// model's; measured on the test photos: −33 % to +24 %, 12 % in the median).
const SHARPENED_TOLERANCE: f32 = 0.4;

#[test]
fn a_blurred_then_sharpened_copy_measures_the_blur_beneath_the_sharpening() {
    let mut errors = Vec::new();
    for i in 0..TRUTH.len() {
        let (name, image, mask) = photo_and_mask(i);
        let original = measure(&image, &mask);
        if matches!(original.blur.doubt, Some(LookDoubt::ScalpTooSmooth { .. })) {
            continue;
        }
        let blurred = gaussian_blur(&image, 2.0);
        for (amount, radius_px) in [(1.0f32, 2.0f32), (1.5, 2.0), (1.0, 1.0)] {
            let copy = measure(&unsharp(&blurred, amount, radius_px), &mask);
            if matches!(copy.blur.doubt, Some(LookDoubt::ScalpTooSmooth { .. })) {
                continue;
            }
            // A sharpening of the model's radius is what the fit is for: it must be sure.
            if radius_px == 2.0 {
                assert!(copy.blur.is_sure(), "{name}, amount {amount}: {:?}", copy.blur);
            }
            let expected = original.look.blur_px.hypot(2.0);
            let got = copy.look.blur_px;
            let error = (got - expected) / expected;
            eprintln!(
                "{name} σ 2, amount {amount}, radius {radius_px}: {got:.2} px, expected {expected:.2} ({:+.0} %)",
                100.0 * error
            );
            assert!(
                error.abs() <= SHARPENED_TOLERANCE,
                "{name} blurred by 2, sharpened by {amount} at {radius_px} px: {got:.2} px, \
                 expected {expected:.2}"
            );
            errors.push(error);
        }
    }
    assert!(errors.len() >= 15, "only {} sharpened copies had enough edges", errors.len());
}

/// Relative tolerance of an upscaled, blurred copy's blur against `√(σ² + f²(σ0² + 1/6))`
/// (bilinear interpolation `f` times adds a triangle's variance `f²/6`; 4× upscales blurred by
/// 6 px and 8× ones by 11 px; measured on the test photos: −18 % to +36 %).
const LARGE_BLUR_TOLERANCE: f32 = 0.4;

#[test]
fn an_upscaled_and_blurred_copy_measures_its_large_blur() {
    let mut checked = 0;
    for i in 0..TRUTH.len() {
        let (name, image, mask) = photo_and_mask(i);
        let original = measure(&image, &mask);
        if !original.blur.is_sure() {
            continue;
        }
        for (factor, sigma) in [(4u32, 6.0f32), (8, 11.0)] {
            let (big, big_mask) = upscaled(&image, &mask, factor);
            let f = factor as f32;
            let upscale_px = f * (original.look.blur_px.powi(2) + 1.0 / 6.0).sqrt();
            let copy = measure(&gaussian_blur(&big, sigma), &big_mask);
            if matches!(copy.blur.doubt, Some(LookDoubt::ScalpTooSmooth { .. })) {
                continue;
            }
            let expected = sigma.hypot(upscale_px);
            let got = copy.look.blur_px;
            eprintln!(
                "{name} ×{factor}, σ {sigma}: {got:.2} px, expected {expected:.2} ({:+.0} %)",
                100.0 * (got - expected) / expected
            );
            assert!(
                (got - expected).abs() <= LARGE_BLUR_TOLERANCE * expected,
                "{name} ×{factor} blurred by {sigma}: {got:.2} px, expected {expected:.2}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 8, "only {checked} upscaled copies had enough edges");
}

#[test]
fn the_sharp_synthetic_head_blurred_by_a_known_amount_measures_it() {
    let (image, mask) = synthetic(1000);
    let original = measure(&image, &mask);
    // The render is point-sampled, sharper than any camera: its edges fit the camera model
    // badly (it may say so, `Sharpened`), but it must read below a pixel.
    let smooth = matches!(original.blur.doubt, Some(LookDoubt::ScalpTooSmooth { .. }));
    assert!(!smooth && original.look.blur_px < 1.0, "{:?}", original);
    for sigma in [1.0f32, 2.0, 3.0] {
        let blurred = measure(&gaussian_blur(&image, sigma), &mask);
        let expected = original.look.blur_px.hypot(sigma);
        let got = blurred.look.blur_px;
        // Blurred by 3 px the render keeps 13 clear patches, and the five-energy fit reads
        // 4.31 px on them (the three-energy Gaussian method read within 24 %), so 4.67 on the
        // next level: a known over-reading of heavy blur on few edges, held here to 60 %.
        let tolerance = if sigma >= 3.0 { 0.6 } else { BLUR_TOLERANCE };
        assert!(
            blurred.blur.is_sure() && (got - expected).abs() <= tolerance * expected,
            "blurred by {sigma}: {got:.2} px, expected {expected:.2}"
        );
    }
}

#[test]
fn added_noise_adds_in_quadrature() {
    for i in 0..TRUTH.len() {
        let (name, image, mask) = photo_and_mask(i);
        let original = measure(&image, &mask);
        assert!(original.noise.is_sure(), "{name}: {:?}", original.noise);
        for (sigma, seed) in [(4.0f32, 1), (8.0, 2)] {
            let noised = measure(&with_noise(&image, sigma, seed), &mask);
            let expected = original.look.noise_levels.hypot(sigma);
            let got = noised.look.noise_levels;
            assert!(
                (got - expected).abs() <= NOISE_TOLERANCE * expected,
                "{name} + {sigma}: {got:.2} levels, expected {expected:.2}"
            );
            // White noise is finer than the photo's own grain.
            assert!(noised.look.grain_px <= original.look.grain_px + 0.05, "{name}");
        }
    }
}

#[test]
fn a_tinted_copy_shows_the_tint_in_the_light() {
    let gains = [1.0f32, 0.8, 0.6];
    let mean = (gains[0] + gains[1] + gains[2]) / 3.0;
    for i in 0..TRUTH.len() {
        let (name, image, mask) = photo_and_mask(i);
        let original = measure(&image, &mask).look;
        let tinted = measure(&scaled_linear(&image, gains), &mask).look;
        for (c, gain) in gains.iter().enumerate() {
            let ratio = tinted.light_rgb[c] / original.light_rgb[c];
            assert!(
                (ratio - gain / mean).abs() <= TINT_TOLERANCE,
                "{name} channel {c}: light {:?} → {:?}",
                original.light_rgb,
                tinted.light_rgb
            );
        }
    }
}

#[test]
fn a_brightened_copy_has_brighter_skin_in_the_same_light() {
    for i in 0..TRUTH.len() {
        let (name, image, mask) = photo_and_mask(i);
        let original = measure(&image, &mask).look;
        let bright = measure(&scaled_linear(&image, [1.25; 3]), &mask).look;
        for c in 0..3 {
            let skin = bright.skin_rgb_linear[c] / original.skin_rgb_linear[c];
            // The median can move by a level or two of sRGB rounding; clipping is not reached.
            assert!((skin - 1.25).abs() <= 0.08, "{name} channel {c}: skin × {skin:.3}");
            let light = bright.light_rgb[c] - original.light_rgb[c];
            assert!(
                light.abs() <= 0.08,
                "{name}: light {:?} → {:?}",
                original.light_rgb,
                bright.light_rgb
            );
        }
    }
}

#[test]
fn a_painted_highlight_raises_the_glare_share() {
    for i in 0..TRUTH.len() {
        let (name, image, mask) = photo_and_mask(i);
        let (w, h) = image.dimensions();
        let original = measure(&image, &mask).look;
        let light =
            original.light_rgb.map(|c| c / original.light_rgb.iter().copied().fold(0.0, f32::max));
        let on: Vec<(u32, u32)> = (0..h)
            .flat_map(|y| (0..w).map(move |x| (x, y)))
            .filter(|&(x, y)| mask.contains(x, y))
            .collect();
        let centre = on[on.len() / 2];
        let radius_px = (on.len() as f32).sqrt() * 0.15;
        // A highlight is the light's colour (here as measured), added to the skin's.
        let mut shiny = image.clone();
        let mut core_px = 0usize;
        for &(x, y) in &on {
            let d2 = (x as f32 - centre.0 as f32).powi(2) + (y as f32 - centre.1 as f32).powi(2);
            let shine = 0.8 * (-d2 / (2.0 * radius_px * radius_px)).exp();
            core_px += usize::from(d2 <= radius_px * radius_px);
            let p = shiny.get_pixel_mut(x, y);
            p.0 =
                std::array::from_fn(|c| linear_to_srgb(srgb_to_linear(p.0[c]) + shine * light[c]));
        }
        let (before, after) = (original.glare_share, measure(&shiny, &mask).look.glare_share);
        // On an already shiny scalp the painted light raises the median the glare is judged
        // against (front-06: 0.28 → 0.21): only the matt ones can show the rise.
        if before > 0.1 {
            continue;
        }
        let painted_share = core_px as f32 / on.len() as f32;
        assert!(
            after - before >= 0.5 * painted_share,
            "{name}: glare {before:.3} → {after:.3}, painted {painted_share:.3}"
        );
    }
}

#[test]
fn the_measurement_does_not_depend_on_the_thread_count() {
    let (_, image, mask) = photo_and_mask(5);
    let one = on_threads(1, || measure(&image, &mask));
    let two = on_threads(2, || measure(&image, &mask));
    assert_eq!(one, two);
    let (image, mask) = synthetic(600);
    assert_eq!(on_threads(1, || measure(&image, &mask)), on_threads(2, || measure(&image, &mask)));
}

#[test]
fn without_a_scalp_nothing_is_sure() {
    let image = RgbImage::from_pixel(64, 64, Rgb([180, 140, 120]));
    let empty = ScalpMask::from_image(&RgbImage::new(64, 64), [64, 64]).unwrap();
    let m = measure(&image, &empty);
    assert!(!m.is_sure() && !m.blur.is_sure() && m.look == smpsim::head::PhotoLook::SHARP);
    // A mask of another size counts as none.
    let other = ScalpMask::from_image(&RgbImage::from_pixel(8, 8, Rgb([255; 3])), [8, 8]).unwrap();
    assert!(!measure(&image, &other).is_sure());
    // A smooth, flat scalp has no edges to measure the blur by.
    let all =
        ScalpMask::from_image(&RgbImage::from_pixel(64, 64, Rgb([255; 3])), [64, 64]).unwrap();
    let flat = measure(&RgbImage::from_pixel(64, 64, Rgb([180, 140, 120])), &all);
    assert!(!flat.blur.is_sure(), "{:?}", flat.blur);
    // With no edge at all, the dots are not drawn sharp: a typical phone photo's blur (a
    // thousandth of the longer side, at most 2 px) is assumed.
    assert_eq!(flat.blur.samples, 0);
    assert!((flat.look.blur_px - 0.064).abs() < 1e-6, "{:?}", flat.look);
    let large = RgbImage::from_pixel(4000, 300, Rgb([180, 140, 120]));
    let large_mask =
        ScalpMask::from_image(&RgbImage::from_pixel(4000, 300, Rgb([255; 3])), [4000, 300])
            .unwrap();
    assert_eq!(measure(&large, &large_mask).look.blur_px, 2.0);
}
