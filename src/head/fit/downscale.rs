//! The fit's working copy: the photo box-filtered down to about 224 px on its longer side.
//!
//! A box filter of a whole-number factor reads every source byte once, in parallel over the
//! small image's rows, and averages away the sensor noise and stubble the fit does not need.

use image::RgbImage;
use rayon::prelude::*;

/// A small linear-ish copy of the photo: sRGB values in 0–1 (the fit's colour rules are stated
/// in sRGB, as photos store them).
#[derive(Clone, Debug)]
pub(crate) struct Small {
    /// Width, small px.
    pub width: usize,
    /// Height, small px.
    pub height: usize,
    /// Row-major colours, sRGB 0–1.
    pub rgb: Vec<[f32; 3]>,
    /// Photo px per small px (the box side).
    pub factor_px: usize,
}

impl Small {
    /// The colour at small pixel `(x, y)`.
    #[cfg(test)]
    pub fn at(&self, x: usize, y: usize) -> [f32; 3] {
        self.rgb[y * self.width + x]
    }

    /// Photo px of the centre of small pixel coordinate `v` (continuous, small px).
    pub fn to_photo_px(&self, v: f64) -> f64 {
        v * self.factor_px as f64
    }
}

/// The centre of pixel `i` of a row-major image `width_px` wide, px (x right, y down).
pub(crate) fn centre_px(i: usize, width_px: usize) -> [f64; 2] {
    [(i % width_px) as f64 + 0.5, (i / width_px) as f64 + 0.5]
}

/// Box-downscales `image` by the smallest whole factor that brings its longer side to at most
/// `target_long_px` (at least 1); boxes cut by the right or bottom edge average what they hold.
pub(crate) fn downscale(image: &RgbImage, target_long_px: u32) -> Small {
    let (w, h) = (image.width() as usize, image.height() as usize);
    let long = w.max(h).max(1);
    let factor_px = long.div_ceil(target_long_px.max(1) as usize).max(1);
    let (sw, sh) = (w.div_ceil(factor_px), h.div_ceil(factor_px));
    let raw = image.as_raw();
    let mut rgb = vec![[0.0f32; 3]; sw * sh];
    rgb.par_chunks_mut(sw.max(1)).enumerate().for_each(|(sy, row)| {
        let mut sums = vec![[0u32; 4]; sw];
        let (y0, y1) = (sy * factor_px, ((sy + 1) * factor_px).min(h));
        for y in y0..y1 {
            let line = &raw[y * w * 3..(y + 1) * w * 3];
            for (sx, sum) in sums.iter_mut().enumerate() {
                let (x0, x1) = (sx * factor_px, ((sx + 1) * factor_px).min(w));
                let mut acc = [0u32; 3];
                for px in line[x0 * 3..x1 * 3].chunks_exact(3) {
                    acc[0] += u32::from(px[0]);
                    acc[1] += u32::from(px[1]);
                    acc[2] += u32::from(px[2]);
                }
                sum[0] += acc[0];
                sum[1] += acc[1];
                sum[2] += acc[2];
                sum[3] += (x1 - x0) as u32;
            }
        }
        for (out, sum) in row.iter_mut().zip(&sums) {
            let n = sum[3].max(1) as f32 * 255.0;
            *out = [sum[0] as f32 / n, sum[1] as f32 / n, sum[2] as f32 / n];
        }
    });
    Small { width: sw, height: sh, rgb, factor_px }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boxes_average_and_edges_keep_their_partial_boxes() {
        let image = RgbImage::from_fn(10, 4, |x, _| {
            if x < 5 { image::Rgb([0, 0, 0]) } else { image::Rgb([255, 255, 255]) }
        });
        let small = downscale(&image, 3);
        assert_eq!((small.width, small.height, small.factor_px), (3, 1, 4));
        assert_eq!(small.at(0, 0), [0.0; 3]);
        assert!((small.at(1, 0)[0] - 0.75).abs() < 1e-6);
        assert_eq!(small.at(2, 0), [1.0; 3]);
    }

    #[test]
    fn a_small_photo_is_kept_at_full_size() {
        let image = RgbImage::new(100, 60);
        let small = downscale(&image, 224);
        assert_eq!((small.width, small.height, small.factor_px), (100, 60, 1));
    }
}
