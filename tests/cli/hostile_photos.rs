//! Hostile and broken photos through `smpsim preview`: every damaged file is refused on one line
//! naming it, with exit code 2 and no output written; odd but valid images render. Every photo is
//! generated here (small images encoded with `image`, then damaged), so no binaries are shipped.

use std::fs;
use std::path::{Path, PathBuf};

use image::{DynamicImage, GrayAlphaImage, GrayImage, ImageFormat, Rgb, RgbImage, RgbaImage};

use crate::support::{encode_photo, smpsim};

/// The cheapest preset to plan, so each run costs little more than the photo.
const PRESET: &str = "hairline-only";

/// A 64×48 photo with some structure, so damage lands in real image data.
fn photo() -> DynamicImage {
    DynamicImage::ImageRgb8(RgbImage::from_fn(64, 48, |x, y| {
        Rgb([(x * 4) as u8, (y * 5) as u8, ((x + y) * 2) as u8])
    }))
}

/// A PNG made of a hand-written IHDR claiming `width`×`height` RGB pixels (with a correct CRC,
/// so the decoder believes it), a few bytes of image data and the end chunk.
pub fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let mut crc = crc32fast::Hasher::new();
        crc.update(kind);
        crc.update(data);
        out.extend_from_slice(&crc.finalize().to_be_bytes());
    }
    let mut header = Vec::new();
    header.extend_from_slice(&width.to_be_bytes());
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB, deflate, no filter, no interlace
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut png, b"IHDR", &header);
    // A valid zlib stream of a few zero bytes: far too little for the rows the header promises.
    chunk(&mut png, b"IDAT", &[0x78, 0x9C, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01]);
    chunk(&mut png, b"IEND", &[]);
    png
}

/// A baseline JPEG whose frame header is patched to claim `width`×`height` pixels.
fn jpeg_claiming(width: u16, height: u16) -> Vec<u8> {
    let mut jpeg = encode_photo(&photo(), ImageFormat::Jpeg);
    let sof = jpeg.windows(2).position(|w| w == [0xFF, 0xC0]).expect("baseline JPEG");
    jpeg[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
    jpeg[sof + 7..sof + 9].copy_from_slice(&width.to_be_bytes());
    jpeg
}

struct Run {
    code: Option<i32>,
    stderr: String,
}

fn preview(photo: &Path, output: &Path, extra: &[&str]) -> Run {
    let out = smpsim()
        .args(["preview", "--preset", PRESET, "--photo"])
        .arg(photo)
        .arg("-o")
        .arg(output)
        .args(extra)
        .output()
        .unwrap();
    Run { code: out.status.code(), stderr: String::from_utf8_lossy(&out.stderr).into_owned() }
}

/// Names and lists the leftovers a failed run must not leave: temporary files of the writer.
fn temp_files(dir: &Path) -> Vec<PathBuf> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".smpsim-tmp"))
        .collect()
}

/// Asserts a clean refusal: exit 2, one line starting `error:` that names the photo, no output
/// file and no temporary file. Returns the line.
fn assert_refused(case: &str, photo: &Path, output: &Path, run: &Run) -> String {
    assert_eq!(run.code, Some(2), "{case}: {}", run.stderr);
    let line = run.stderr.trim_end();
    assert_eq!(line.lines().count(), 1, "{case}: {line}");
    assert!(line.starts_with("error: "), "{case}: {line}");
    assert!(!line.contains("panicked"), "{case}: {line}");
    let name = photo.file_name().unwrap().to_string_lossy();
    assert!(line.contains(&*name), "{case}: the error does not name {name}: {line}");
    assert!(!output.exists(), "{case}: an output was written");
    assert!(temp_files(output.parent().unwrap()).is_empty(), "{case}: temporary file left");
    line.to_owned()
}

/// Asserts a successful render whose image has the photo's size.
fn assert_rendered(case: &str, output: &Path, run: &Run, size: (u32, u32)) {
    assert_eq!(run.code, Some(0), "{case}: {}", run.stderr);
    let image = image::open(output).unwrap_or_else(|e| panic!("{case}: output: {e}"));
    assert_eq!((image.width(), image.height()), size, "{case}");
    fs::remove_file(output).unwrap();
}

#[test]
fn empty_truncated_and_damaged_photos_are_refused_naming_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("preview.png");
    let mut cases: Vec<(String, String, Vec<u8>)> = Vec::new();
    for (format, ext) in [(ImageFormat::Png, "png"), (ImageFormat::Jpeg, "jpg")] {
        let good = encode_photo(&photo(), format);
        cases.push((format!("empty {ext}"), format!("empty.{ext}"), Vec::new()));
        // Every cut loses pixels or, for JPEG, the end-of-image marker. (A PNG cut inside its
        // empty end chunk still has every pixel, and the decoder rightly accepts it.)
        let last = if format == ImageFormat::Jpeg { good.len() - 1 } else { good.len() - 12 };
        for cut in [8, 20, good.len() / 3, good.len() / 2, good.len() - 13, last] {
            cases.push((
                format!("{ext} cut at {cut}"),
                format!("cut-{cut}.{ext}"),
                good[..cut].to_vec(),
            ));
        }
        let mut garbled = good.clone();
        for b in &mut garbled[16..good.len() / 2] {
            *b ^= 0x5A;
        }
        cases.push((format!("garbled {ext}"), format!("garbled.{ext}"), garbled));
        let mut zeroed = good.clone();
        zeroed[30..good.len() - 20].fill(0);
        cases.push((format!("zeroed {ext}"), format!("zeroed.{ext}"), zeroed));
    }
    cases.push(("text".into(), "notes.png".into(), b"a text file, not a photo\n".repeat(20)));
    cases.push(("png signature only".into(), "sig.png".into(), b"\x89PNG\r\n\x1a\n".to_vec()));
    cases.push(("jpeg markers only".into(), "soi.jpg".into(), vec![0xFF, 0xD8, 0xFF, 0xD9]));
    for (case, name, bytes) in &cases {
        let path = dir.path().join(name);
        fs::write(&path, bytes).unwrap();
        let run = preview(&path, &output, &[]);
        let line = assert_refused(case, &path, &output, &run);
        assert!(
            ["empty", "damaged", "truncated", "not a JPEG"].iter().any(|w| line.contains(w)),
            "{case}: does not say what is wrong: {line}"
        );
    }
    assert_eq!(cases.len(), 21);
}

#[test]
fn single_bit_flips_render_or_are_refused_but_never_crash() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("preview.png");
    let mut refused = 0;
    for (format, ext) in [(ImageFormat::Png, "png"), (ImageFormat::Jpeg, "jpg")] {
        let good = encode_photo(&photo(), format);
        // Sixteen flips spread over the file: headers, tables and image data.
        for i in 0..16 {
            let at = 1 + i * (good.len() - 2) / 16;
            let mut bytes = good.clone();
            bytes[at] ^= 1 << (i % 8);
            let path = dir.path().join(format!("flip-{at}.{ext}"));
            fs::write(&path, &bytes).unwrap();
            let case = format!("{ext} bit {} of byte {at}", i % 8);
            let run = preview(&path, &output, &[]);
            if run.code == Some(0) {
                // Damage inside JPEG scan data only changes pixels; the render must still be whole.
                let image = image::open(&output).unwrap_or_else(|e| panic!("{case}: {e}"));
                assert_eq!((image.width(), image.height()), (64, 48), "{case}");
                fs::remove_file(&output).unwrap();
            } else {
                assert_refused(&case, &path, &output, &run);
                refused += 1;
            }
        }
    }
    // PNG checks every chunk's CRC, so each of its flips is caught.
    assert!(refused >= 16, "only {refused} of 32 flips refused");
}

#[test]
fn a_header_claiming_60000_by_60000_pixels_is_refused_by_the_adjustable_limit() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("preview.png");
    let forged =
        [("huge.png", png_claiming(60_000, 60_000)), ("huge.jpg", jpeg_claiming(60_000, 60_000))];
    for (name, bytes) in forged {
        let path = dir.path().join(name);
        fs::write(&path, bytes).unwrap();
        for extra in [&[][..], &["--max-megapixels", "1000"][..]] {
            let run = preview(&path, &output, extra);
            let line = assert_refused(name, &path, &output, &run);
            assert!(line.contains("60000×60000") && line.contains("limit"), "{line}");
            assert!(line.contains("--max-megapixels"), "does not say how to raise it: {line}");
        }
    }
    // 1.5 MP: over a 1 MP limit, and past a 2 MP one (where its missing rows are found).
    let path = dir.path().join("wide.png");
    fs::write(&path, png_claiming(1500, 1000)).unwrap();
    let line = assert_refused(
        "1 MP",
        &path,
        &output,
        &preview(&path, &output, &["--max-megapixels", "1"]),
    );
    assert!(line.contains("limit of 1 MP"), "{line}");
    let line = assert_refused(
        "2 MP",
        &path,
        &output,
        &preview(&path, &output, &["--max-megapixels", "2"]),
    );
    assert!(line.contains("damaged") && !line.contains("limit"), "{line}");
}

/// Peak resident memory of `smpsim preview` on `photo`, in MiB, read with GNU time's `%M`, and
/// the run's exit code.
fn preview_peak_mib(photo: &Path, output: &Path) -> (f64, Option<i32>) {
    let time = Path::new("/usr/bin/time");
    assert!(time.exists(), "/usr/bin/time is needed to measure peak memory (apt-get install time)");
    let out = std::process::Command::new(time)
        .args(["-f", "peak-kib %M"])
        .arg(assert_cmd::cargo::cargo_bin("smpsim"))
        .args(["preview", "--preset", PRESET, "--photo"])
        .arg(photo)
        .arg("-o")
        .arg(output)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let kib: f64 = stderr
        .lines()
        .find_map(|line| line.strip_prefix("peak-kib "))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no peak in: {stderr}"));
    (kib / 1024.0, out.status.code())
}

#[test]
fn forged_headers_are_refused_with_bounded_peak_memory() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("preview.png");
    // The same preview of a real 64×48 photo: what planning and rendering cost on their own.
    let real = dir.path().join("real.png");
    fs::write(&real, encode_photo(&photo(), ImageFormat::Png)).unwrap();
    let (baseline_mib, code) = preview_peak_mib(&real, &dir.path().join("real-preview.png"));
    assert_eq!(code, Some(0));
    // Past the limit the header alone refuses the photo; within it (100 MP, the default limit)
    // the missing data must be found without first allocating the 300 MB the header promises.
    let forged = [
        ("past.png", png_claiming(60_000, 60_000)),
        ("past.jpg", jpeg_claiming(60_000, 60_000)),
        ("within.png", png_claiming(10_000, 10_000)),
        ("within.jpg", jpeg_claiming(10_000, 10_000)),
    ];
    for (name, bytes) in forged {
        let path = dir.path().join(name);
        fs::write(&path, bytes).unwrap();
        let (peak_mib, code) = preview_peak_mib(&path, &output);
        eprintln!("{name}: peak {peak_mib:.0} MiB (real 64×48 photo: {baseline_mib:.0} MiB)");
        assert_eq!(code, Some(2), "{name} was not refused");
        assert!(!output.exists(), "{name}: output written");
        assert!(
            peak_mib < baseline_mib + 64.0,
            "{name}: peak {peak_mib:.0} MiB against {baseline_mib:.0} MiB for a real photo"
        );
    }
}

#[test]
fn odd_but_valid_images_render_at_their_size() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("preview.png");
    let base = photo().to_rgb8();
    let cases: Vec<(&str, DynamicImage, ImageFormat)> = vec![
        (
            "one pixel",
            DynamicImage::ImageRgb8(RgbImage::from_pixel(1, 1, Rgb([200, 150, 120]))),
            ImageFormat::Png,
        ),
        (
            "16-bit rgb",
            DynamicImage::ImageRgb16(DynamicImage::ImageRgb8(base.clone()).to_rgb16()),
            ImageFormat::Png,
        ),
        (
            "16-bit rgba",
            DynamicImage::ImageRgba16(DynamicImage::ImageRgb8(base.clone()).to_rgba16()),
            ImageFormat::Png,
        ),
        (
            "grey",
            DynamicImage::ImageLuma8(GrayImage::from_fn(64, 48, |x, _| image::Luma([x as u8 * 3]))),
            ImageFormat::Png,
        ),
        (
            "16-bit grey",
            DynamicImage::ImageLuma16(DynamicImage::ImageRgb8(base.clone()).to_luma16()),
            ImageFormat::Png,
        ),
        (
            "grey jpeg",
            DynamicImage::ImageLuma8(DynamicImage::ImageRgb8(base.clone()).to_luma8()),
            ImageFormat::Jpeg,
        ),
        (
            "grey+alpha",
            DynamicImage::ImageLumaA8(GrayAlphaImage::from_fn(64, 48, |x, y| {
                image::LumaA([x as u8, y as u8 * 5])
            })),
            ImageFormat::Png,
        ),
        (
            "rgba",
            DynamicImage::ImageRgba8(RgbaImage::from_fn(64, 48, |x, y| {
                image::Rgba([x as u8, y as u8, 90, (x * 4) as u8])
            })),
            ImageFormat::Png,
        ),
    ];
    for (case, image, format) in &cases {
        let ext = if *format == ImageFormat::Png { "png" } else { "jpg" };
        let path = dir.path().join(format!("{}.{ext}", case.replace(['+', ' '], "-")));
        fs::write(&path, encode_photo(image, *format)).unwrap();
        let run = preview(&path, &output, &[]);
        assert_rendered(case, &output, &run, (image.width(), image.height()));
    }
}

#[test]
fn the_content_decides_the_format_not_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("preview.jpg");
    for (name, format) in [
        ("png-bytes.jpg", ImageFormat::Png),
        ("jpeg-bytes.png", ImageFormat::Jpeg),
        ("no-extension", ImageFormat::Png),
    ] {
        let path = dir.path().join(name);
        fs::write(&path, encode_photo(&photo(), format)).unwrap();
        assert_rendered(name, &output, &preview(&path, &output, &[]), (64, 48));
    }
}

#[test]
fn a_folder_or_a_missing_file_given_as_the_photo_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("preview.png");
    let folder = dir.path().join("photo.png");
    fs::create_dir(&folder).unwrap();
    assert_refused("folder", &folder, &output, &preview(&folder, &output, &[]));
    let missing = dir.path().join("missing.jpg");
    assert_refused("missing", &missing, &output, &preview(&missing, &output, &[]));
}

#[test]
fn a_failed_run_leaves_the_earlier_output_and_the_photo_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("head.png");
    fs::write(&good, encode_photo(&photo(), ImageFormat::Png)).unwrap();
    let output = dir.path().join("preview.png");
    assert_rendered("first run", &output, &preview(&good, &output, &[]), (64, 48));
    assert_eq!(preview(&good, &output, &[]).code, Some(0));
    let earlier = fs::read(&output).unwrap();

    let bytes = encode_photo(&photo(), ImageFormat::Png);
    let broken = dir.path().join("broken.png");
    fs::write(&broken, &bytes[..bytes.len() / 2]).unwrap();
    let run = preview(&broken, &output, &[]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert_eq!(fs::read(&output).unwrap(), earlier, "the earlier output changed");
    assert!(temp_files(dir.path()).is_empty(), "temporary file left");

    // Writing over the photo itself is refused before anything is read or written.
    let photo_bytes = fs::read(&good).unwrap();
    let run = preview(&good, &good, &[]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("is also an input"), "{}", run.stderr);
    assert_eq!(fs::read(&good).unwrap(), photo_bytes);

    let elsewhere = dir.path().join("missing-folder").join("preview.png");
    let run = preview(&good, &elsewhere, &[]);
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("does not exist"), "{}", run.stderr);
    assert!(!elsewhere.parent().unwrap().exists());
}
