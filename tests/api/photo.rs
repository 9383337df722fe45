//! Photo decoding: orientation, pixel formats, limits and damaged input.

use crate::support::encode_photo;
use image::{DynamicImage, ImageFormat, Rgb, RgbImage};
use smpsim::head::PhotoError;
use smpsim::{PhotoOptions, decode_photo};

/// Upright: top half red, bottom half blue, 20 × 40 px.
fn upright() -> RgbImage {
    RgbImage::from_fn(20, 40, |_, y| if y < 20 { Rgb([220, 30, 30]) } else { Rgb([30, 30, 220]) })
}

/// An APP1 segment carrying only the EXIF Orientation tag (big-endian TIFF, one IFD entry).
fn exif_orientation_segment(orientation: u16) -> Vec<u8> {
    let mut tiff = b"MM\0\x2a\0\0\0\x08".to_vec();
    tiff.extend(1u16.to_be_bytes()); // one entry
    tiff.extend(0x0112u16.to_be_bytes()); // Orientation
    tiff.extend(3u16.to_be_bytes()); // SHORT
    tiff.extend(1u32.to_be_bytes()); // count
    tiff.extend(orientation.to_be_bytes());
    tiff.extend([0, 0]); // value padding
    tiff.extend(0u32.to_be_bytes()); // no next IFD
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend(tiff);
    let mut segment = vec![0xFF, 0xE1];
    segment.extend(((payload.len() + 2) as u16).to_be_bytes());
    segment.extend(payload);
    segment
}

fn mean_rgb(image: &RgbImage, rows: std::ops::Range<u32>) -> [f32; 3] {
    let mut sum = [0.0f32; 3];
    let mut n = 0.0;
    for y in rows {
        for x in 0..image.width() {
            for (s, c) in sum.iter_mut().zip(image.get_pixel(x, y).0) {
                *s += f32::from(c);
            }
            n += 1.0;
        }
    }
    sum.map(|s| s / n)
}

#[test]
fn a_jpeg_stored_sideways_with_an_exif_tag_comes_out_upright() {
    // A camera held upright stores the scene rotated; Orientation 6 says "turn 90° clockwise".
    let stored = image::imageops::rotate270(&upright());
    let jpeg = encode_photo(&DynamicImage::ImageRgb8(stored), ImageFormat::Jpeg);
    assert_eq!(&jpeg[..2], &[0xFF, 0xD8]);
    let mut tagged = jpeg[..2].to_vec();
    tagged.extend(exif_orientation_segment(6));
    tagged.extend(&jpeg[2..]);

    let photo = decode_photo(&tagged, &PhotoOptions::default()).unwrap();
    assert_eq!(photo.dimensions(), (20, 40));
    let top = mean_rgb(&photo, 2..18);
    let bottom = mean_rgb(&photo, 22..38);
    assert!(top[0] > 180.0 && top[2] < 80.0, "top should be red: {top:?}");
    assert!(bottom[2] > 180.0 && bottom[0] < 80.0, "bottom should be blue: {bottom:?}");

    // Without the tag the same bytes stay as stored.
    let plain = decode_photo(&jpeg, &PhotoOptions::default()).unwrap();
    assert_eq!(plain.dimensions(), (40, 20));
}

#[test]
fn grey_sixteen_bit_and_alpha_photos_become_rgb8() {
    let grey = DynamicImage::ImageLuma8(image::GrayImage::from_pixel(8, 6, image::Luma([90])));
    let deep =
        DynamicImage::ImageRgb16(image::ImageBuffer::from_pixel(8, 6, Rgb([65535u16, 0, 32896])));
    let alpha = DynamicImage::ImageRgba8(image::RgbaImage::from_pixel(
        8,
        6,
        image::Rgba([10, 200, 30, 128]),
    ));
    let cases = [(grey, [90, 90, 90]), (deep, [255, 0, 128]), (alpha, [10, 200, 30])];
    for (image, want) in cases {
        let png = encode_photo(&image, ImageFormat::Png);
        let photo = decode_photo(&png, &PhotoOptions::default()).unwrap();
        assert_eq!(photo.dimensions(), (8, 6));
        assert_eq!(photo.get_pixel(3, 3).0, want, "{:?}", image.color());
    }
}

#[test]
fn webp_photos_decode() {
    let image = DynamicImage::ImageRgb8(upright());
    let webp = encode_photo(&image, ImageFormat::WebP);
    let photo = decode_photo(&webp, &PhotoOptions::default()).unwrap();
    assert_eq!(photo, upright());
}

#[test]
fn empty_truncated_and_corrupt_photos_are_typed_errors() {
    let options = PhotoOptions::default();
    assert!(matches!(decode_photo(&[], &options), Err(PhotoError::Empty)));

    let not_an_image = b"this is a text file, not a photo of a head".repeat(10);
    let err = decode_photo(&not_an_image, &options).unwrap_err();
    assert!(matches!(err, PhotoError::UnsupportedFormat { .. }), "{err}");

    let big = RgbImage::from_fn(64, 64, |x, y| Rgb([(x * 4) as u8, (y * 4) as u8, 128]));
    for format in [ImageFormat::Jpeg, ImageFormat::Png] {
        let bytes = encode_photo(&DynamicImage::ImageRgb8(big.clone()), format);
        for cut in [20, bytes.len() / 2, bytes.len() - 13] {
            let err = decode_photo(&bytes[..cut], &options)
                .err()
                .unwrap_or_else(|| panic!("{format:?} cut at {cut} decoded"));
            assert!(matches!(err, PhotoError::Corrupt { .. }), "{format:?} cut at {cut}: {err}");
        }
        let mut garbled = bytes.clone();
        for b in &mut garbled[16..bytes.len() / 2] {
            *b ^= 0x5A;
        }
        let Err(err) = decode_photo(&garbled, &options) else {
            panic!("{format:?} garbled decoded")
        };
        assert!(matches!(err, PhotoError::Corrupt { .. }), "{format:?} garbled: {err}");
        assert!(err.to_string().contains("damaged"), "{err}");
    }
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

#[test]
fn a_header_claiming_60000_by_60000_pixels_is_refused_before_decoding() {
    let small = DynamicImage::ImageRgb8(RgbImage::from_pixel(16, 16, Rgb([200, 160, 140])));

    // JPEG: patch the frame header (SOF0) dimensions.
    let mut jpeg = encode_photo(&small, ImageFormat::Jpeg);
    let sof = jpeg.windows(2).position(|w| w == [0xFF, 0xC0]).expect("baseline JPEG");
    jpeg[sof + 5..sof + 9].copy_from_slice(&[0xEA, 0x60, 0xEA, 0x60]);

    // PNG: patch IHDR and its CRC.
    let mut png = encode_photo(&small, ImageFormat::Png);
    png[16..24].copy_from_slice(&[0, 0, 0xEA, 0x60, 0, 0, 0xEA, 0x60]);
    let crc = crc32(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());

    for bytes in [jpeg, png] {
        let err = decode_photo(&bytes, &PhotoOptions::default()).unwrap_err();
        match err {
            PhotoError::TooLarge { width_px: 60000, height_px: 60000, max_pixels } => {
                assert_eq!(max_pixels, smpsim::head::DEFAULT_MAX_PIXELS)
            }
            other => panic!("expected TooLarge, got {other}"),
        }
    }
}

#[test]
fn the_pixel_limit_can_be_raised() {
    let photo = encode_photo(
        &DynamicImage::ImageRgb8(RgbImage::from_pixel(100, 100, Rgb([1, 2, 3]))),
        ImageFormat::Png,
    );
    let tight = PhotoOptions { max_pixels: 9_999 };
    let err = decode_photo(&photo, &tight).unwrap_err();
    assert!(err.to_string().contains("raise the limit"), "{err}");
    let decoded = decode_photo(&photo, &PhotoOptions { max_pixels: 10_000 }).unwrap();
    assert_eq!(decoded, RgbImage::from_pixel(100, 100, Rgb([1, 2, 3])));
}

/// A minimal baseline JPEG of one flat 8×8 block with four components (Adobe CMYK, stored
/// inverted as Photoshop does: 255 = no ink). No encoder in reach writes CMYK, so it is built
/// by hand: quantisation 1, only DC coefficients, 4-bit codes for the 12 DC categories and a
/// 1-bit end-of-block.
fn cmyk_jpeg(stored: [u8; 4]) -> Vec<u8> {
    let mut out = vec![0xFF, 0xD8];
    let mut segment = |marker: u8, body: &[u8]| {
        out.extend([0xFF, marker]);
        out.extend(((body.len() + 2) as u16).to_be_bytes());
        out.extend(body);
    };
    segment(0xEE, b"Adobe\x00\x64\x00\x00\x00\x00\x00"); // APP14, transform 0: plain CMYK
    let mut dqt = vec![0x00];
    dqt.extend([1u8; 64]);
    segment(0xDB, &dqt);
    let mut sof = vec![8, 0, 8, 0, 8, 4];
    for id in 1..=4 {
        sof.extend([id, 0x11, 0]);
    }
    segment(0xC0, &sof);
    let mut dht = vec![0x00];
    dht.extend([0, 0, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    dht.extend(0u8..12);
    dht.push(0x10);
    dht.extend([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    dht.push(0x00);
    segment(0xC4, &dht);
    let mut sos = vec![4];
    for id in 1..=4 {
        sos.extend([id, 0x00]);
    }
    sos.extend([0, 63, 0]);
    segment(0xDA, &sos);
    // Entropy-coded data: per component, DC category code, its bits, then end-of-block "0".
    let mut bits: Vec<bool> = Vec::new();
    let mut push = |value: u32, count: u32| {
        for k in (0..count).rev() {
            bits.push(value >> k & 1 == 1);
        }
    };
    for v in stored {
        let dc = 8 * (i32::from(v) - 128);
        let category = 32 - dc.unsigned_abs().leading_zeros();
        push(category, 4);
        let extra = if dc < 0 { (dc - 1) as u32 & ((1 << category) - 1) } else { dc as u32 };
        push(extra, category);
        push(0, 1);
    }
    while !bits.len().is_multiple_of(8) {
        bits.push(true);
    }
    for byte in bits.chunks(8) {
        let b = byte.iter().fold(0u8, |acc, &bit| acc << 1 | u8::from(bit));
        out.push(b);
        if b == 0xFF {
            out.push(0x00);
        }
    }
    out.extend([0xFF, 0xD9]);
    out
}

#[test]
fn cmyk_jpegs_are_converted_to_rgb() {
    // Ink: no cyan, 80 % magenta, 90 % yellow, no black — a strong red.
    let photo = decode_photo(&cmyk_jpeg([255, 51, 25, 255]), &PhotoOptions::default()).unwrap();
    assert_eq!(photo.dimensions(), (8, 8));
    let [r, g, b] = photo.get_pixel(4, 4).0;
    assert!(r > 200 && g < 90 && b < 70, "expected red, got {r},{g},{b}");
}
