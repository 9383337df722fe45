//! Golden files: small seeded outputs that clinics save, pinned byte for byte.
//!
//! Each case runs the binary and compares its output with `tests/golden/NAME`. A change that moves
//! one dot of a saved seed fails here and says where the first difference is. When a change of
//! output is intended, regenerate the files with `UPDATE_GOLDEN=1 cargo test golden` and say why
//! in the commit. The files also pin the random streams: `rand`, `rand_distr` and `rand_pcg` are
//! locked, and a release that changed their sampled values would show up here.

use std::path::{Path, PathBuf};

use crate::support::{path_arg, smpsim, stderr_of};

fn golden_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden").join(name)
}

fn updating() -> bool {
    std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v != "0")
}

/// Compares `actual` with the stored golden file `name`, or rewrites it under `UPDATE_GOLDEN=1`.
fn check(name: &str, actual: &[u8]) {
    let path = golden_path(name);
    if updating() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read(&path).unwrap_or_else(|e| {
        panic!("{}: {e} (create it with UPDATE_GOLDEN=1 cargo test golden)", path.display())
    });
    if expected == actual {
        return;
    }
    let why = if name.ends_with(".png") {
        png_difference(&expected, actual)
    } else {
        text_difference(&expected, actual)
    };
    panic!(
        "{name} differs from the golden file: {why}. If the change is intended, regenerate with \
         UPDATE_GOLDEN=1 cargo test golden and say why in the commit"
    );
}

/// The first line that differs, with both versions, and the line counts.
fn text_difference(expected: &[u8], actual: &[u8]) -> String {
    let expected = String::from_utf8_lossy(expected);
    let actual = String::from_utf8_lossy(actual);
    let (e_lines, a_lines): (Vec<&str>, Vec<&str>) =
        (expected.lines().collect(), actual.lines().collect());
    let first = e_lines.iter().zip(&a_lines).position(|(e, a)| e != a);
    match first {
        Some(i) => format!(
            "line {} was `{}`, is now `{}` ({} lines expected, {} now)",
            i + 1,
            e_lines[i],
            a_lines[i],
            e_lines.len(),
            a_lines.len()
        ),
        None => format!("{} lines expected, {} now", e_lines.len(), a_lines.len()),
    }
}

/// How two PNGs differ: size, pixels (count and first position) or only the encoding.
fn png_difference(expected: &[u8], actual: &[u8]) -> String {
    let decode = |bytes: &[u8]| image::load_from_memory(bytes).map(|i| i.to_rgba8());
    let (expected, actual) = match (decode(expected), decode(actual)) {
        (Ok(e), Ok(a)) => (e, a),
        (e, a) => return format!("cannot decode (expected: {:?}, now: {:?})", e.err(), a.err()),
    };
    if expected.dimensions() != actual.dimensions() {
        return format!("size was {:?}, is now {:?}", expected.dimensions(), actual.dimensions());
    }
    let mut changed = 0usize;
    let mut first = None;
    for (x, y, e) in expected.enumerate_pixels() {
        let a = actual.get_pixel(x, y);
        if a != e {
            changed += 1;
            first.get_or_insert((x, y, e.0, a.0));
        }
    }
    match first {
        Some((x, y, e, a)) => {
            format!("{changed} pixels changed; the first at ({x}, {y}) was {e:?}, is now {a:?}")
        }
        None => {
            "the pixels are equal but the file's bytes (encoding or metadata) changed".to_owned()
        }
    }
}

/// Runs smpsim with `args`, asserting success, and returns stdout.
fn run(args: &[&str]) -> Vec<u8> {
    let out = smpsim().args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {}", stderr_of(&out));
    out.stdout
}

/// Runs smpsim with `args` plus `-o FILE` and returns the file's bytes.
fn run_to_file(args: &[&str], file_name: &str) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(file_name);
    let mut all = args.to_vec();
    all.extend(["-o", path_arg(&path)]);
    run(&all);
    std::fs::read(&path).unwrap()
}

#[test]
fn sample_density_csv() {
    let csv = run(&["sample", "--domain", "60x60", "--density", "40", "--seed", "7"]);
    check("sample-60x60-d40-seed7.csv", &csv);
}

#[test]
fn norwood4_stats_json() {
    let json = run(&["stats", "--preset", "norwood-4", "--seed", "7", "--json"]);
    check("norwood-4-seed7-stats.json", &json);
}

#[test]
fn norwood4_stencil_png_at_72_dpi() {
    let args = ["stencil", "--preset", "norwood-4", "--seed", "7", "--dpi", "72", "--page", "none"];
    check("norwood-4-seed7-stencil-72dpi.png", &run_to_file(&args, "stencil.png"));
}

#[test]
fn norwood4_default_head_preview() {
    let args = ["preview", "--preset", "norwood-4", "--seed", "7", "--size", "200x200"];
    check("norwood-4-seed7-preview-200.png", &run_to_file(&args, "preview.png"));
}

#[test]
fn a_moved_dot_is_reported_with_its_line() {
    let why = text_difference(
        b"x_mm,y_mm\n1.000,2.000\n3.000,4.000\n",
        b"x_mm,y_mm\n1.000,2.000\n3.001,4.000\n",
    );
    assert_eq!(why, "line 3 was `3.000,4.000`, is now `3.001,4.000` (3 lines expected, 3 now)");
}

#[test]
fn a_changed_pixel_is_reported_with_its_position() {
    let encode = |img: &image::RgbImage| {
        let mut bytes = Vec::new();
        img.write_to(&mut std::io::Cursor::new(&mut bytes), image::ImageFormat::Png).unwrap();
        bytes
    };
    let before = image::RgbImage::from_pixel(4, 3, image::Rgb([200, 150, 120]));
    let mut after = before.clone();
    after.put_pixel(2, 1, image::Rgb([40, 30, 20]));
    let why = png_difference(&encode(&before), &encode(&after));
    assert!(why.starts_with("1 pixels changed; the first at (2, 1)"), "{why}");
}
