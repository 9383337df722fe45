//! Square patches of the photo that lie on the scalp: where the blur is measured.
//!
//! The grid is fixed by the mask alone (corners every quarter patch, raster order, evenly
//! thinned to a cap), so the choice is deterministic and the same for any thread count.

use image::RgbImage;

use crate::head::ScalpMask;

/// Top-left corners (px) of the patches `side_px` wide that lie on the scalp (checked at 5 × 5
/// points across each), at most `max_count`, evenly thinned in raster order.
pub(super) fn patch_corners(mask: &ScalpMask, side_px: u32, max_count: usize) -> Vec<[u32; 2]> {
    let (w, h) = (mask.width_px(), mask.height_px());
    if side_px == 0 || w < side_px || h < side_px {
        return Vec::new();
    }
    let step = (side_px / 4).max(1) as usize;
    let probes = [0, side_px / 4, side_px / 2, 3 * side_px / 4, side_px - 1];
    let inside = |x: u32, y: u32| {
        probes.iter().all(|&dy| probes.iter().all(|&dx| mask.contains(x + dx, y + dy)))
    };
    let corners: Vec<[u32; 2]> = (0..=h - side_px)
        .step_by(step)
        .flat_map(|y| (0..=w - side_px).step_by(step).map(move |x| [x, y]))
        .filter(|&[x, y]| inside(x, y))
        .collect();
    if corners.len() <= max_count {
        return corners;
    }
    (0..max_count).map(|i| corners[i * corners.len() / max_count]).collect()
}

/// Luma (sRGB levels, Rec. 601 weights) of the `side × side` patch at `corner_px`, each value
/// read from a `factor × factor` block of photo pixels, into `out` (row-major). The patch must
/// lie inside the photo: `corner + side·factor ≤ size`.
///
/// With [`Taps::Four`] a block is read at four pixels, `factor/4` and `3·factor/4` across and
/// down (the whole block at factor 2): the cost stays four reads however coarse the level, and
/// the four taps blur by a known variance, [`tap_variance_px2`].
pub(super) fn read_luma(
    photo: &RgbImage,
    corner_px: [u32; 2],
    side: usize,
    factor: u32,
    taps: Taps,
    out: &mut Vec<f32>,
) {
    out.clear();
    out.resize(side * side, 0.0);
    let f = factor.max(1) as usize;
    let taps: &[usize] = match taps {
        _ if f == 1 => &[0],
        Taps::Four => &[f / 4, 3 * f / 4],
        Taps::One => &[f / 2],
    };
    let scale = 1.0 / (taps.len() * taps.len()) as f32;
    let (raw, width) = (photo.as_raw().as_slice(), photo.width() as usize);
    let [x0, y0] = corner_px.map(|c| c as usize);
    let luma = |i: usize| {
        let p = &raw[3 * i..3 * i + 3];
        0.299 * f32::from(p[0]) + 0.587 * f32::from(p[1]) + 0.114 * f32::from(p[2])
    };
    // Straight from the raw bytes: the bounds of each read are the slice's, not a pixel
    // lookup's (a third of the blur's time went to `get_pixel` on a 12-MP photo).
    for (j, row) in out.chunks_exact_mut(side).enumerate() {
        for (i, value) in row.iter_mut().enumerate() {
            let (x, y) = (x0 + i * f, y0 + j * f);
            let mut sum = 0.0;
            for &dy in taps {
                let line = (y + dy) * width + x;
                for &dx in taps {
                    sum += luma(line + dx);
                }
            }
            *value = sum * scale;
        }
    }
}

/// How many photo pixels [`read_luma`] reads per level pixel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Taps {
    /// Four, whose spread is known ([`tap_variance_px2`]): for measuring.
    Four,
    /// One, the block's middle: a quarter of the reads, for ranking patches by their edges
    /// (the aliasing it lets in does not matter there).
    One,
}

/// Variance (px² of the photo, per axis) the taps of [`read_luma`] add at `factor`: two taps
/// `factor/2` apart, so `factor²/16`; none at factor 1.
pub(super) fn tap_variance_px2(factor: u32) -> f64 {
    if factor <= 1 { 0.0 } else { f64::from(factor * factor) / 16.0 }
}

/// Independent samples a level pixel averages at `factor` (1, or the four taps).
pub(super) fn taps_per_level_px(factor: u32) -> f64 {
    if factor <= 1 { 1.0 } else { 4.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patches_lie_on_the_scalp_and_are_thinned_evenly() {
        let mut painted = RgbImage::new(100, 60);
        for y in 10..50 {
            for x in 20..100 {
                painted.put_pixel(x, y, image::Rgb([255, 255, 255]));
            }
        }
        let mask = ScalpMask::from_image(&painted, [100, 60]).unwrap();
        let all = patch_corners(&mask, 20, usize::MAX);
        assert!(!all.is_empty());
        for &[x, y] in &all {
            assert!(x >= 20 && y >= 10 && y + 20 <= 50, "{x} {y}");
        }
        let few = patch_corners(&mask, 20, 3);
        assert_eq!(few.len(), 3);
        assert_eq!(few[0], all[0]);
    }

    #[test]
    fn luma_is_averaged_over_blocks() {
        let mut photo = RgbImage::from_pixel(8, 8, image::Rgb([100, 100, 100]));
        photo.put_pixel(0, 0, image::Rgb([200, 200, 200]));
        photo.put_pixel(5, 5, image::Rgb([200, 200, 200]));
        let mut out = Vec::new();
        read_luma(&photo, [0, 0], 2, 2, Taps::Four, &mut out);
        assert!((out[0] - 125.0).abs() < 1e-3 && (out[3] - 100.0).abs() < 1e-3, "{out:?}");
        // At factor 4 the block at (4, 4) is read at (5, 5), (5, 7), (7, 5) and (7, 7).
        read_luma(&photo, [0, 0], 2, 4, Taps::Four, &mut out);
        assert!((out[0] - 100.0).abs() < 1e-3 && (out[3] - 125.0).abs() < 1e-3, "{out:?}");
    }
}
