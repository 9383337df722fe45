//! The scalp mask: which photo pixels dots may darken.
//!
//! One byte per photo pixel, 255 on the scalp and 0 elsewhere, photo px (origin top-left). It
//! comes from an automatic [`HeadFit`] (skin and hair inside the fitted outline, shrunk by a
//! margin, without the face below the brows, the neck, or anything the fit took for
//! background), or from a greyscale image painted by hand (white = scalp).

use image::RgbImage;
use rayon::prelude::*;

use super::fit::HeadFit;
use super::{HeadBox, View};

/// Share of the outline's size left out all round: a thin band at the head's edge, where the
/// outline is least sure and dots would lie on the silhouette, stays untouched.
const MARGIN_SHARE: f64 = 0.06;

/// Why a mask image was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum MaskError {
    /// The mask is not the size of the photo.
    #[error(
        "the mask is {mask_width_px}×{mask_height_px} px; it must be the photo's size, \
         {photo_width_px}×{photo_height_px} px (greyscale, white = scalp)"
    )]
    Size {
        /// Mask width, px.
        mask_width_px: u32,
        /// Mask height, px.
        mask_height_px: u32,
        /// Photo width, px.
        photo_width_px: u32,
        /// Photo height, px.
        photo_height_px: u32,
    },
}

/// Which photo pixels are scalp (see the module docs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScalpMask {
    width_px: u32,
    height_px: u32,
    /// Row-major, 255 = scalp, 0 = not.
    scalp: Vec<u8>,
}

impl ScalpMask {
    /// The mask painted in `image` (white = scalp: a pixel whose mean of red, green and blue is
    /// at least 128), which must be `photo_size_px` (width, height).
    pub fn from_image(image: &RgbImage, photo_size_px: [u32; 2]) -> Result<Self, MaskError> {
        let (w, h) = image.dimensions();
        if [w, h] != photo_size_px {
            return Err(MaskError::Size {
                mask_width_px: w,
                mask_height_px: h,
                photo_width_px: photo_size_px[0],
                photo_height_px: photo_size_px[1],
            });
        }
        let scalp = image
            .pixels()
            .map(|p| {
                let sum = u16::from(p[0]) + u16::from(p[1]) + u16::from(p[2]);
                if sum >= 3 * 128 { 255 } else { 0 }
            })
            .collect();
        Ok(Self { width_px: w, height_px: h, scalp })
    }

    /// The scalp as the automatic `fit` found it in a `width_px × height_px` photo of `view`.
    ///
    /// Skin and hair the fit kept, inside the outline shrunk by 6 %, and on the scalp's side of
    /// a line across the head: at the brows (a little above the outline's centre) in the front
    /// view, at the ear's middle in profiles, low on the back of the head in the back view (the
    /// nape keeps its hair), and short of the face beyond the forehead in the top view.
    pub fn from_fit(fit: &HeadFit, view: View, width_px: u32, height_px: u32) -> Self {
        let outline = fit.outline.scaled(1.0 - MARGIN_SHARE);
        let top = fit.top_dir;
        let reach = fit.outline.radius_toward(top);
        // The scalp lies where (p − centre)·top ≥ low·reach and ≤ high·reach.
        let (low, high) = match view {
            View::Front => (0.1, 2.0),
            View::Left | View::Right => (0.0, 2.0),
            View::Back => (-0.35, 2.0),
            View::Top => (-2.0, 0.8),
        };
        let region = &fit.region;
        let eroded = erode(region.width, region.height, &region.head);
        let factor = region.factor_px.max(1);
        let [cx, cy] = fit.outline.center_px;
        let mut scalp = vec![0u8; width_px as usize * height_px as usize];
        scalp.par_chunks_mut(width_px.max(1) as usize).enumerate().for_each(|(y, row)| {
            let sy = (y / factor).min(region.height.saturating_sub(1));
            let py = y as f64 + 0.5;
            for (x, out) in row.iter_mut().enumerate() {
                let sx = (x / factor).min(region.width.saturating_sub(1));
                let px = x as f64 + 0.5;
                let along = ((px - cx) * top[0] + (py - cy) * top[1]) / reach;
                let on = eroded.get(sy * region.width + sx).copied().unwrap_or(false)
                    && (low..=high).contains(&along)
                    && outline.distance2([px, py]) <= 1.0;
                *out = if on { 255 } else { 0 };
            }
        });
        Self { width_px, height_px, scalp }
    }

    /// Width, px.
    pub fn width_px(&self) -> u32 {
        self.width_px
    }

    /// Height, px.
    pub fn height_px(&self) -> u32 {
        self.height_px
    }

    /// Whether pixel `(x, y)` is scalp (false outside the mask).
    pub fn contains(&self, x: u32, y: u32) -> bool {
        x < self.width_px
            && y < self.height_px
            && self.scalp[y as usize * self.width_px as usize + x as usize] != 0
    }

    /// Row `y` of the mask, one byte per pixel (255 = scalp); `y` must be below the height.
    pub(crate) fn row(&self, y: u32) -> &[u8] {
        let w = self.width_px as usize;
        &self.scalp[y as usize * w..][..w]
    }

    /// Number of scalp pixels.
    pub fn scalp_px(&self) -> usize {
        self.scalp.iter().filter(|&&v| v != 0).count()
    }

    /// The mask for a close-up of `region` (px of this mask) drawn `magnification` times larger
    /// into `width_px × height_px` (nearest pixel: the mask stays hard-edged).
    pub(crate) fn resampled(
        &self,
        region: HeadBox,
        magnification: f64,
        width_px: u32,
        height_px: u32,
    ) -> Self {
        let mut scalp = vec![0u8; width_px as usize * height_px as usize];
        scalp.par_chunks_mut(width_px.max(1) as usize).enumerate().for_each(|(j, row)| {
            let sy = region.y_px + (j as f64 + 0.5) / magnification;
            for (i, out) in row.iter_mut().enumerate() {
                let sx = region.x_px + (i as f64 + 0.5) / magnification;
                let inside = sx >= 0.0 && sy >= 0.0 && self.contains(sx as u32, sy as u32);
                *out = if inside { 255 } else { 0 };
            }
        });
        Self { width_px, height_px, scalp }
    }

    /// Puts `original`'s pixels back in `image` wherever the mask is not scalp (both must be the
    /// mask's size; otherwise nothing is done).
    pub(crate) fn restore_outside(&self, image: &mut RgbImage, original: &RgbImage) {
        let size = (self.width_px, self.height_px);
        if image.dimensions() != size || original.dimensions() != size {
            return;
        }
        let row = self.width_px as usize * 3;
        image.par_chunks_mut(row.max(1)).zip(original.par_chunks(row.max(1))).enumerate().for_each(
            |(y, (out, src))| {
                let mask = &self.scalp[y * self.width_px as usize..][..self.width_px as usize];
                for (x, &m) in mask.iter().enumerate() {
                    if m == 0 {
                        out[x * 3..x * 3 + 3].copy_from_slice(&src[x * 3..x * 3 + 3]);
                    }
                }
            },
        );
    }
}

/// `region` less its edge pixels (4-neighbours): the working copy's boundary pixels mix head
/// and background.
fn erode(w: usize, h: usize, region: &[bool]) -> Vec<bool> {
    (0..w * h)
        .map(|i| {
            let (x, y) = (i % w, i / w);
            region[i]
                && x > 0
                && y > 0
                && x + 1 < w
                && y + 1 < h
                && region[i - 1]
                && region[i + 1]
                && region[i - w]
                && region[i + w]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_painted_mask_must_match_the_photo() {
        let mut painted = RgbImage::new(4, 3);
        painted.put_pixel(1, 1, image::Rgb([255, 255, 255]));
        let mask = ScalpMask::from_image(&painted, [4, 3]).unwrap();
        assert!(mask.contains(1, 1) && !mask.contains(0, 0) && !mask.contains(9, 9));
        assert_eq!(mask.scalp_px(), 1);
        let err = ScalpMask::from_image(&painted, [5, 3]).unwrap_err();
        assert!(err.to_string().contains("4×3 px") && err.to_string().contains("5×3 px"), "{err}");
    }

    #[test]
    fn only_scalp_pixels_keep_their_new_value() {
        let mut painted = RgbImage::new(3, 1);
        painted.put_pixel(2, 0, image::Rgb([200, 200, 200]));
        let mask = ScalpMask::from_image(&painted, [3, 1]).unwrap();
        let original = RgbImage::from_pixel(3, 1, image::Rgb([9, 9, 9]));
        let mut image = RgbImage::from_pixel(3, 1, image::Rgb([1, 2, 3]));
        mask.restore_outside(&mut image, &original);
        assert_eq!(image.as_raw(), &[9, 9, 9, 9, 9, 9, 1, 2, 3]);
    }

    #[test]
    fn a_close_up_resamples_the_mask_with_the_photo() {
        let mut painted = RgbImage::new(10, 10);
        painted.put_pixel(5, 5, image::Rgb([255, 255, 255]));
        let mask = ScalpMask::from_image(&painted, [10, 10]).unwrap();
        let region = HeadBox { x_px: 4.0, y_px: 4.0, width_px: 3.0, height_px: 3.0 };
        let zoomed = mask.resampled(region, 4.0, 12, 12);
        assert_eq!(zoomed.scalp_px(), 16);
        assert!(zoomed.contains(4, 4) && zoomed.contains(7, 7) && !zoomed.contains(8, 8));
    }
}
