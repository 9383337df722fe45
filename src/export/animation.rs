//! Animated PNG (APNG): frames of one size played in a loop, as browsers and image viewers
//! show them; GIF's 256 colours would band skin tones.

use std::io::Write;

use image::RgbImage;

use super::image::{EncodeError, png_error};

/// Encodes `frames` (all the size of the first; at least one) as an APNG that loops forever,
/// each frame shown for `frame_ms` milliseconds, with PNG's fast compression.
///
/// # Errors
/// [`EncodeError::Encode`] if there are no frames or their sizes differ; write errors.
pub fn encode_animation(
    frames: &[RgbImage],
    frame_ms: u16,
    out: &mut (impl Write + ?Sized),
) -> Result<(), EncodeError> {
    let Some(first) = frames.first() else {
        return Err(EncodeError::Encode("an animation needs at least one frame".to_owned()));
    };
    if frames.iter().any(|f| f.dimensions() != first.dimensions()) {
        return Err(EncodeError::Encode("animation frames differ in size".to_owned()));
    }
    let mut encoder = png::Encoder::new(&mut *out, first.width(), first.height());
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    encoder.set_animated(frames.len() as u32, 0).map_err(png_error)?;
    encoder.set_frame_delay(frame_ms, 1000).map_err(png_error)?;
    let mut writer = encoder.write_header().map_err(png_error)?;
    for frame in frames {
        writer.write_image_data(frame.as_raw()).map_err(png_error)?;
    }
    writer.finish().map_err(png_error)?;
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_through_the_png_decoder() {
        let frames: Vec<RgbImage> =
            (0..3u8).map(|k| RgbImage::from_pixel(4, 3, image::Rgb([k * 80, 10, 20]))).collect();
        let mut bytes = Vec::new();
        encode_animation(&frames, 125, &mut bytes).unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let mut reader = decoder.read_info().unwrap();
        let control = reader.info().animation_control.unwrap();
        assert_eq!((control.num_frames, control.num_plays), (3, 0));
        let mut buf = vec![0; reader.output_buffer_size().unwrap()];
        for frame in &frames {
            reader.next_frame(&mut buf).unwrap();
            assert_eq!(&buf[..frame.as_raw().len()], frame.as_raw().as_slice());
        }
        assert!(encode_animation(&[], 100, &mut Vec::new()).is_err());
    }
}
