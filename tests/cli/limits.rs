//! Every documented limit (README "Limits") through the binary: just past it the run is refused
//! on one line naming the flag or file, the value and the allowed range, with exit code 2 and no
//! output file; just at it the run succeeds wherever that is cheap to show.

use std::fs;
use std::path::Path;

use image::{DynamicImage, ImageFormat, Rgb, RgbImage};

use crate::support::{assert_refused, encode_photo, path_arg, refused, smpsim};

/// The cheapest preset to plan.
const PRESET: &str = "hairline-only";

/// Runs `args` and asserts it succeeded and wrote `output`.
fn assert_accepted(args: &[&str], output: &Path) {
    let run = smpsim().args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{args:?} was refused: {stderr}");
    assert!(output.exists(), "{args:?} wrote no {}", output.display());
    fs::remove_file(output).unwrap();
}

/// Asserts `line` names every one of `words`.
fn assert_names(line: &str, words: &[&str]) {
    for word in words {
        assert!(line.contains(word), "`{word}` missing from: {line}");
    }
}

#[test]
fn domain_sides_up_to_100000_mm() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("dots.csv");
    let out_arg = path_arg(&out);
    for domain in ["100001x10", "10x100000.5", "0x10", "-5x10", "1e9x1e9", "NaNx10", "infx10"] {
        // `=` keeps clap from reading `-5x10` as a flag.
        let flag = format!("--domain={domain}");
        let line = refused(&["sample", &flag, "--spacing", "5", "-o", out_arg]);
        assert_names(&line, &["--domain", domain, "at most 100000"]);
        assert!(!out.exists(), "{domain}: output written");
    }
    // A 100 m strip one millimetre wide: the full side, a few thousand dots.
    assert_accepted(&["sample", "--domain", "100000x1", "--spacing", "5", "-o", out_arg], &out);
}

#[test]
fn dot_count_up_to_max_dots_which_itself_is_1_to_1e9() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("dots.csv");
    let out_arg = path_arg(&out);
    let request = ["sample", "--domain", "100x100", "--density", "100", "-o", out_arg];
    for bad in ["0", "1000000001", "-1", "2.5", "many"] {
        let args = [&request[..], &["--max-dots", bad]].concat();
        let line = refused(&args);
        assert_names(&line, &["--max-dots", bad]);
        let in_range_words = ["0", "1000000001"].contains(&bad);
        assert!(!in_range_words || line.contains("1..=1000000000"), "{line}");
    }
    // The refusal says how many dots the request needs; the limit is that count.
    let line = refused(&[&request[..], &["--max-dots", "1"]].concat());
    assert_names(&line, &["--domain 100x100", "--max-dots", "limit of 1"]);
    let needed: u64 = line
        .split("about ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no dot count in: {line}"));
    assert!((9_000..=11_000).contains(&needed), "1 dm² at 100 dots/cm² needs {needed} dots?");
    let below = (needed - 1).to_string();
    let line = refused(&[&request[..], &["--max-dots", &below]].concat());
    assert_names(&line, &[&format!("limit of {below}")]);
    assert!(!out.exists());
    // The reported count is rounded up: a limit of exactly that many is enough.
    assert_accepted(&[&request[..], &["--max-dots", &needed.to_string()]].concat(), &out);
    // The top of the range is accepted (and changes nothing for a small request).
    assert_accepted(&[&request[..], &["--max-dots", "1000000000"]].concat(), &out);
}

/// A `width`×`height` PNG photo with some structure, written to `path`.
fn write_photo(path: &Path, width: u32, height: u32) {
    let image = RgbImage::from_fn(width, height, |x, y| {
        Rgb([(x % 200) as u8 + 40, (y % 150) as u8 + 60, 90])
    });
    fs::write(path, encode_photo(&DynamicImage::ImageRgb8(image), ImageFormat::Png)).unwrap();
}

#[test]
fn photos_up_to_max_megapixels_which_itself_is_1_to_1000() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("preview.png");
    let out_arg = path_arg(&out);
    let at = dir.path().join("at-1mp.png");
    let past = dir.path().join("past-1mp.png");
    write_photo(&at, 1000, 1000);
    write_photo(&past, 1001, 1000);
    let preview = |photo: &Path, mp: &str| {
        let args =
            ["preview", "--preset", PRESET, "--photo", path_arg(photo), "--max-megapixels", mp];
        [&args[..], &["-o", out_arg]].concat().iter().map(|s| s.to_string()).collect::<Vec<_>>()
    };
    for bad in ["0", "1001", "-3"] {
        let args = preview(&at, bad);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let line = refused(&args);
        assert_names(&line, &["--max-megapixels", bad]);
        assert!(bad == "-3" || line.contains("1..=1000"), "{line}");
    }
    let args = preview(&past, "1");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let line = refused(&args);
    assert_names(&line, &["past-1mp.png", "1001×1000", "limit of 1 MP", "--max-megapixels"]);
    assert!(!out.exists(), "output written for a refused photo");
    let args = preview(&at, "1");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert_accepted(&args, &out);
}

#[test]
fn default_head_images_64_to_8000_px_a_side() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("head.png");
    let out_arg = path_arg(&out);
    for size in ["8001x64", "64x8001", "63x64", "0x0", "100"] {
        let line = refused(&["preview", "--preset", PRESET, "--size", size, "-o", out_arg]);
        assert_names(&line, &["--size", size, "from 64 to 8000"]);
        assert!(!out.exists());
    }
    assert_accepted(&["preview", "--preset", PRESET, "--size", "8000x64", "-o", out_arg], &out);
}

#[test]
fn stencils_from_72_to_2400_dpi() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("stencil.png");
    let out_arg = path_arg(&out);
    for dpi in ["71", "2401", "0"] {
        let line = refused(&["stencil", "--preset", PRESET, "--dpi", dpi, "-o", out_arg]);
        assert_names(&line, &["--dpi", dpi, "72..=2400"]);
        assert!(!out.exists());
    }
    // 2400 dpi pages run to hundreds of megapixels: only the cheap end is run here.
    assert_accepted(&["stencil", "--preset", PRESET, "--dpi", "72", "-o", out_arg], &out);
}

#[test]
fn thread_counts_from_1_to_1024() {
    for threads in ["0", "1025"] {
        let line = refused(&["--threads", threads, "presets", "list"]);
        assert_names(&line, &["--threads", threads, "1..=1024"]);
    }
    let run = smpsim().args(["--threads", "1024", "presets", "list"]).output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
}

#[test]
fn preset_files_up_to_16_mib() {
    const LIMIT: usize = 16 << 20;
    let dir = tempfile::tempdir().unwrap();
    let text = smpsim::spec::builtin_preset(PRESET).unwrap();
    // Trailing spaces keep the preset valid: only the size can refuse it.
    let at = dir.path().join("at-limit.json");
    fs::write(&at, format!("{text}{}", " ".repeat(LIMIT - text.len()))).unwrap();
    let past = dir.path().join("past-limit.json");
    fs::write(&past, format!("{text}{}", " ".repeat(LIMIT + 1 - text.len()))).unwrap();
    let line = refused(&["presets", "validate", path_arg(&past)]);
    assert_names(&line, &["past-limit.json", &(LIMIT + 1).to_string(), "at most 16 MiB"]);
    let args = ["presets", "validate", path_arg(&at)];
    let run = smpsim().args(args).output().unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    // The same limit guards `sample --preset FILE`, which would otherwise write an output.
    let out = dir.path().join("dots.csv");
    let args = ["sample", "--preset", path_arg(&past), "-o", path_arg(&out)];
    let run = smpsim().args(args).output().unwrap();
    assert_names(&assert_refused(&args, &run), &["past-limit.json", "at most 16 MiB"]);
    assert!(!out.exists());
}
