//! Decoding the client's photo from bytes: JPEG, PNG or WebP, upright, as 8-bit RGB.
//!
//! Phone photos are often stored sideways with an EXIF orientation tag; the tag is applied so the
//! head is upright. The header's size is checked against a pixel limit before any pixel buffer is
//! allocated, so a forged 60000×60000 header is refused at once.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits, RgbImage};

/// Default largest photo accepted, in pixels (100 megapixels: any phone or DSLR photo).
pub const DEFAULT_MAX_PIXELS: u64 = 100_000_000;

/// Bytes per pixel of the widest layout a decoder may allocate (16-bit RGBA).
const MAX_BYTES_PER_PIXEL: u64 = 8;

/// Options for [`decode_photo`].
#[derive(Clone, Debug)]
pub struct PhotoOptions {
    /// Largest photo accepted, in pixels (width × height). Default: [`DEFAULT_MAX_PIXELS`].
    pub max_pixels: u64,
}

impl Default for PhotoOptions {
    fn default() -> Self {
        Self { max_pixels: DEFAULT_MAX_PIXELS }
    }
}

/// Why a photo could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PhotoError {
    /// No bytes at all.
    #[error("the photo is empty (0 bytes)")]
    Empty,
    /// The bytes are not a format smpsim reads.
    #[error("the photo is not a JPEG, PNG or WebP image{}", found.map(|f| format!(" ({f:?})")).unwrap_or_default())]
    UnsupportedFormat {
        /// The format recognised, if any.
        found: Option<ImageFormat>,
    },
    /// The header claims more pixels than the limit allows.
    #[error(
        "the photo is {width_px}×{height_px} px ({} MP), more than the limit of {} MP; \
         raise the limit if the photo is genuine",
        (*width_px as u64 * *height_px as u64) / 1_000_000, max_pixels / 1_000_000
    )]
    TooLarge {
        /// Width in the header, px.
        width_px: u32,
        /// Height in the header, px.
        height_px: u32,
        /// The limit in force, pixels.
        max_pixels: u64,
    },
    /// The image data is damaged or truncated.
    #[error("the {format:?} photo is damaged or truncated: {detail}")]
    Corrupt {
        /// The format the header announced.
        format: ImageFormat,
        /// What the decoder reported.
        detail: String,
    },
}

/// Decodes a photo from `bytes`, applies its EXIF orientation, and converts it to 8-bit RGB.
///
/// 16-bit samples are scaled to 8 bits, grey is expanded to RGB, alpha is dropped (a photo is
/// opaque), and CMYK JPEGs (Adobe, stored inverted) are converted to RGB by the decoder.
pub fn decode_photo(bytes: &[u8], options: &PhotoOptions) -> Result<RgbImage, PhotoError> {
    if bytes.is_empty() {
        return Err(PhotoError::Empty);
    }
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|_| PhotoError::UnsupportedFormat { found: None })?;
    let format = match reader.format() {
        Some(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) => f,
        found => return Err(PhotoError::UnsupportedFormat { found }),
    };
    if format == ImageFormat::Jpeg && !jpeg_has_end_after_last_scan(bytes) {
        // The JPEG decoder fills a cut-off scan with grey instead of failing.
        return Err(PhotoError::Corrupt {
            format,
            detail: "truncated: no end-of-image marker after the last scan".to_owned(),
        });
    }
    let corrupt = |e: image::ImageError| PhotoError::Corrupt { format, detail: one_line(&e) };
    // The decoders' own allocation cap backs up the pixel check below.
    let mut limits = Limits::default();
    limits.max_alloc = Some(options.max_pixels.saturating_mul(MAX_BYTES_PER_PIXEL) + (64 << 20));
    let mut reader = reader;
    reader.limits(limits);
    // image's changelog warns that decoders may panic on hostile input: contain it.
    let decoded = std::panic::catch_unwind(move || -> Result<DynamicImage, PhotoError> {
        let mut decoder = reader.into_decoder().map_err(corrupt)?;
        let (width_px, height_px) = decoder.dimensions();
        if u64::from(width_px) * u64::from(height_px) > options.max_pixels {
            return Err(PhotoError::TooLarge {
                width_px,
                height_px,
                max_pixels: options.max_pixels,
            });
        }
        if format == ImageFormat::Jpeg && (bytes.len() as u64) < jpeg_min_bytes(width_px, height_px)
        {
            // The JPEG decoder fills missing blocks with grey: a forged size would pass as a
            // photo after allocating all of it.
            return Err(PhotoError::Corrupt {
                format,
                detail: format!(
                    "{} bytes cannot hold a {width_px}×{height_px} px JPEG (at least {} needed)",
                    bytes.len(),
                    jpeg_min_bytes(width_px, height_px)
                ),
            });
        }
        let orientation = decoder.orientation().map_err(corrupt)?;
        let mut image = DynamicImage::from_decoder(decoder).map_err(corrupt)?;
        image.apply_orientation(orientation);
        Ok(image)
    });
    match decoded {
        Ok(result) => result.map(|image| image.into_rgb8()),
        Err(_) => Err(PhotoError::Corrupt { format, detail: "the decoder gave up".to_owned() }),
    }
}

/// A decoder's message on one line: some end in a newline or quote several lines of detail.
fn one_line(error: &image::ImageError) -> String {
    error.to_string().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Fewest bytes a complete Huffman-coded JPEG of this size can have: its scans code the DC value
/// of every 8×8 block of the full-resolution component, each with at least one bit.
fn jpeg_min_bytes(width_px: u32, height_px: u32) -> u64 {
    u64::from(width_px.div_ceil(8)) * u64::from(height_px.div_ceil(8)) / 8
}

/// Whether an end-of-image marker (FF D9) follows the last start-of-scan marker (FF DA).
///
/// Scan data stuffs every FF byte as FF 00, so neither marker can appear inside it by chance;
/// a file cut inside its last scan therefore has no FF D9 after the last FF DA.
fn jpeg_has_end_after_last_scan(bytes: &[u8]) -> bool {
    let last_scan = bytes.windows(2).rposition(|w| w == [0xFF, 0xDA]);
    match last_scan {
        Some(at) => bytes[at..].windows(2).any(|w| w == [0xFF, 0xD9]),
        None => false,
    }
}
