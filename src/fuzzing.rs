//! Fuzz entry points: the same code paths the binary runs on untrusted bytes, with the
//! invariants a fuzzer checks. `tests/fuzz/` drives them under libFuzzer; `tests/api/fuzz_corpus.rs`
//! replays the committed corpus through them in a plain `cargo test`.
//!
//! Each function panics only when an invariant breaks (that is the finding); bad input itself
//! must come back as an error.

use std::sync::Arc;

use image::{GrayImage, Luma};

use crate::field::DensityField;
use crate::geom::MapPoint;
use crate::preset::{builtin_names, builtin_preset};
use crate::{MaskImages, PhotoOptions, Preset, decode_photo};

/// Photo pixel limit while fuzzing: small enough that a forged header is refused quickly, large
/// enough for any image a fuzzer can build.
pub const FUZZ_MAX_PIXELS: u64 = 4_000_000;

/// Longest error message accepted: errors quote user text only shortened (eight `--set` paths
/// of 200 characters each still fit).
const MAX_ERROR_CHARS: usize = 4_000;

/// Byte that separates a preset's JSON from the `--set PATH=VALUE` lines after it.
pub const OVERRIDES_SEPARATOR: u8 = 0;

/// Checks that an error is one bounded line, as the binary prints it.
fn assert_one_line(what: &str, message: &str) {
    assert!(!message.contains('\n'), "{what} error spans lines: {message:?}");
    let chars = message.chars().count();
    assert!(chars <= MAX_ERROR_CHARS, "{what} error has {chars} characters");
}

/// Preset text → validated preset → layout, then `--set PATH=VALUE` overrides.
///
/// `data` is the preset's JSON, optionally followed by [`OVERRIDES_SEPARATOR`] and one
/// `PATH=VALUE` per line (split as the CLI does: at the first `=`, both sides trimmed). The
/// overrides apply to the parsed preset, or, if it is refused, to a built-in one chosen by the
/// input's length. Invariants: errors are one bounded line; a preset naming masks is refused
/// without them; a valid preset (given a 3×2 image for each mask) builds a layout whose density
/// is finite, non-negative and within its stated maximum, and re-parses from its own JSON.
pub fn preset(data: &[u8]) {
    let (json, overrides) = match data.iter().position(|&b| b == OVERRIDES_SEPARATOR) {
        Some(at) => (&data[..at], Some(&data[at + 1..])),
        None => (data, None),
    };
    let Ok(json) = std::str::from_utf8(json) else { return };
    let parsed = check_preset(Preset::parse(json, "fuzz.json"));
    let Some(overrides) = overrides.and_then(|o| std::str::from_utf8(o).ok()) else { return };
    let mut current = match parsed {
        Some(p) => p,
        None => {
            let names: Vec<&str> = builtin_names().collect();
            let name = names[data.len() % names.len()];
            Preset::parse(builtin_preset(name).expect("listed"), name).expect("built-ins are valid")
        }
    };
    // The CLI takes a handful of --set flags; a fuzzer's thousands of lines would only be slow.
    for assignment in overrides.lines().take(8) {
        let Some((path, value)) = assignment.split_once('=') else { continue };
        if let Some(next) = check_preset(current.with_override(path.trim(), value.trim())) {
            current = next;
        }
    }
}

/// Checks the invariants of one parse or override result; returns the preset if it was valid.
fn check_preset(result: Result<Preset, crate::PresetError>) -> Option<Preset> {
    let preset = match result {
        Ok(p) => p,
        Err(e) => {
            assert_one_line("preset", &e.to_string());
            return None;
        }
    };
    // Masks are files the CLI reads: without them a mask zone must be refused cleanly; with a
    // tiny stand-in image each its field must behave.
    let mask_paths = preset.mask_paths();
    if !mask_paths.is_empty() {
        match preset.layout(&MaskImages::new()) {
            Ok(_) => panic!("a layout was built without its mask images"),
            Err(e) => assert_one_line("layout", &e.to_string()),
        }
    }
    let mask = Arc::new(GrayImage::from_fn(3, 2, |x, y| Luma([(x * 120 + y * 15) as u8])));
    let masks: MaskImages = mask_paths.into_iter().map(|p| (p, mask.clone())).collect();
    match preset.layout(&masks) {
        Ok(layout) => {
            let max = layout.max_density_per_cm2();
            assert!(max.is_finite() && max >= 0.0, "max density {max}");
            for i in 0..=16u8 {
                for j in 0..=16u8 {
                    let p = MapPoint::new(-180.0 + 22.5 * f32::from(i), -5.0 + 22.5 * f32::from(j));
                    let d = layout.density_per_cm2(p);
                    assert!(d.is_finite() && d >= 0.0, "density {d} at {p:?}");
                    assert!(d <= max * 1.0001 + 1e-3, "density {d} above the maximum {max}");
                    let _ = layout.zone_at(p);
                }
            }
            let _ = layout.treated_bounds_mm();
            let _ = layout.hairline_polyline_mm();
        }
        Err(e) => assert_one_line("layout", &e.to_string()),
    }
    let again = Preset::parse(&preset.to_json_pretty(), "saved.json");
    assert!(again.is_ok(), "a valid preset's own JSON is refused: {:?}", again.err());
    Some(preset)
}

/// Photo bytes → `decode_photo` with a [`FUZZ_MAX_PIXELS`] limit.
///
/// Invariants: errors are one bounded line; a decoded photo is non-empty and within the limit.
pub fn photo(data: &[u8]) {
    let options = PhotoOptions { max_pixels: FUZZ_MAX_PIXELS };
    match decode_photo(data, &options) {
        Ok(image) => {
            let pixels = u64::from(image.width()) * u64::from(image.height());
            assert!(pixels > 0, "an empty image decoded");
            assert!(pixels <= FUZZ_MAX_PIXELS, "{pixels} pixels decoded past the limit");
        }
        Err(e) => assert_one_line("photo", &e.to_string()),
    }
}
