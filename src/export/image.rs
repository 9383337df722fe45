//! Encoding a rendered preview: PNG or JPEG into any `impl Write`.

use std::io::Write;

use image::RgbImage;

/// The file format of a preview image.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ImageFormat {
    /// Lossless PNG with fast compression (the png crate's `Fast`: its default `Balanced` takes
    /// seconds on a 12-megapixel photo for a few percent smaller files).
    Png,
    /// Baseline JPEG at `quality` 1–100 (default 92: no visible loss on dots of 1–3 px).
    Jpeg {
        /// 1 (smallest) to 100 (best).
        quality: u8,
    },
    /// Animated PNG: a turntable's frames; a single image is written as one frame.
    Apng,
}

impl ImageFormat {
    /// The format a file extension names (`png`, `apng`, `jpg`, `jpeg`; any case), if any.
    pub fn from_extension(extension: &str) -> Option<Self> {
        match extension.to_ascii_lowercase().as_str() {
            "png" => Some(Self::Png),
            "apng" => Some(Self::Apng),
            "jpg" | "jpeg" => Some(Self::Jpeg { quality: 92 }),
            _ => None,
        }
    }
}

/// Why an image could not be encoded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EncodeError {
    /// Writing the bytes failed.
    #[error("cannot write the image: {0}")]
    Write(#[from] std::io::Error),
    /// The encoder refused the image.
    #[error("cannot encode the image: {0}")]
    Encode(String),
}

/// Encodes `image` as `format` into `out`.
pub fn encode_image(
    image: &RgbImage,
    format: ImageFormat,
    out: &mut (impl Write + ?Sized),
) -> Result<(), EncodeError> {
    match format {
        ImageFormat::Apng => {
            super::animation::encode_animation(std::slice::from_ref(image), 1000, out)?
        }
        ImageFormat::Png => {
            let mut encoder = png::Encoder::new(&mut *out, image.width(), image.height());
            encoder.set_color(png::ColorType::Rgb);
            encoder.set_depth(png::BitDepth::Eight);
            encoder.set_compression(png::Compression::Fast);
            let mut writer = encoder.write_header().map_err(png_error)?;
            writer.write_image_data(image.as_raw()).map_err(png_error)?;
            writer.finish().map_err(png_error)?;
        }
        ImageFormat::Jpeg { quality } => {
            // JPEG's frame header holds 16-bit sizes; previews are capped far below that.
            let too_large = || {
                EncodeError::Encode(format!(
                    "{}×{} px is larger than JPEG's 65535 px per side",
                    image.width(),
                    image.height()
                ))
            };
            let width = u16::try_from(image.width()).map_err(|_| too_large())?;
            let height = u16::try_from(image.height()).map_err(|_| too_large())?;
            jpeg_encoder::Encoder::new(&mut *out, quality.clamp(1, 100))
                .encode(image.as_raw(), width, height, jpeg_encoder::ColorType::Rgb)
                .map_err(|e| match e {
                    jpeg_encoder::EncodingError::IoError(io) => EncodeError::Write(io),
                    other => EncodeError::Encode(other.to_string()),
                })?;
        }
    }
    out.flush()?;
    Ok(())
}

pub(super) fn png_error(err: png::EncodingError) -> EncodeError {
    match err {
        png::EncodingError::IoError(io) => EncodeError::Write(io),
        other => EncodeError::Encode(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_from_extensions() {
        assert_eq!(ImageFormat::from_extension("PNG"), Some(ImageFormat::Png));
        assert_eq!(ImageFormat::from_extension("jpeg"), Some(ImageFormat::Jpeg { quality: 92 }));
        assert_eq!(ImageFormat::from_extension("gif"), None);
    }

    #[test]
    fn png_and_jpeg_decode_back() {
        let image = RgbImage::from_fn(37, 21, |x, y| image::Rgb([x as u8 * 6, y as u8 * 11, 90]));
        let mut png_bytes = Vec::new();
        encode_image(&image, ImageFormat::Png, &mut png_bytes).unwrap();
        assert_eq!(image::load_from_memory(&png_bytes).unwrap().to_rgb8(), image);
        let mut jpeg_bytes = Vec::new();
        encode_image(&image, ImageFormat::Jpeg { quality: 90 }, &mut jpeg_bytes).unwrap();
        let back = image::load_from_memory(&jpeg_bytes).unwrap().to_rgb8();
        assert_eq!(back.dimensions(), image.dimensions());
    }
}
