//! The photo's grain on flat skin: its strength (sRGB levels of luma) and its size.
//!
//! Strength: Immerkær's estimator (J. Immerkær, "Fast noise variance estimation", CVIU 64(2),
//! 1996): the 3 × 3 mask `N = [1 −2 1; −2 4 −2; 1 −2 1]` (the difference of two Laplacians)
//! cancels smooth shading, and on white noise of deviation σ its output has deviation 6σ, so
//! `σ = √(π/2)·mean|N∗I| / 6`. Only flat pixels count: the lowest [`FLAT_SHARE`] by Sobel
//! gradient, so stubble and pores are not taken for grain. The Sobel kernels are odd and `N` is
//! even, so on Gaussian noise the two are independent and the selection does not bias σ.
//!
//! Size: noise reduction and demosaicing clump grain, which `N` at pixel spacing sees less of
//! than the same mask stretched to spacing 2. Modelled as white noise blurred by a Gaussian of
//! deviation `g` (correlation `exp(−d²/4g²)`), the ratio of the two estimates gives `g`, and `g`
//! gives back the grain's full deviation from the spacing-1 estimate.
//!
//! Luma is integer (`299 R + 587 G + 114 B`, levels × 1000) and all sums are integers, so the
//! result does not depend on the thread count.

use image::RgbImage;
use rayon::prelude::*;

use crate::head::ScalpMask;

/// Share of the examined pixels, lowest Sobel gradient first, taken as flat skin.
pub(super) const FLAT_SHARE: f64 = 0.3;
/// Flat pixels needed for a sure estimate.
const MIN_FLAT_PX: u64 = 400;
/// Luma (levels) below or above which a pixel may be clipped and tells nothing of the grain.
const LUMA_RANGE_LEVELS: (i32, i32) = (8, 247);
/// Bins of the Sobel-gradient histogram: `8·log2(1 + gradient)` (gradient in levels per px).
const BINS: usize = 72;
/// Largest grain size reported, px: beyond it grain is indistinguishable from shading here.
const MAX_GRAIN_PX: f64 = 3.0;

/// The grain as measured.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct NoiseMeasurement {
    pub noise_levels: f32,
    pub grain_px: f32,
    /// Flat pixels the estimate rests on.
    pub flat_px: usize,
    /// Whether there were enough of them.
    pub sure: bool,
}

/// Per gradient bin: pixels, and the sums of `|N∗I|` at spacing 1 and 2 (levels × 1000).
#[derive(Clone, Copy)]
struct Bin {
    px: u64,
    sum1: u64,
    sum2: u64,
}

const EMPTY: Bin = Bin { px: 0, sum1: 0, sum2: 0 };

/// Measures the grain on the scalp pixels of every `step_px`-th row and column.
pub(super) fn measure_noise(photo: &RgbImage, mask: &ScalpMask, step_px: u32) -> NoiseMeasurement {
    let bins = histogram(photo, mask, step_px.max(1));
    let total: u64 = bins.iter().map(|b| b.px).sum();
    let wanted = (total as f64 * FLAT_SHARE).ceil() as u64;
    let mut flat = EMPTY;
    for bin in &bins {
        if flat.px >= wanted {
            break;
        }
        flat = Bin { px: flat.px + bin.px, sum1: flat.sum1 + bin.sum1, sum2: flat.sum2 + bin.sum2 };
    }
    if flat.px == 0 {
        return NoiseMeasurement { noise_levels: 0.0, grain_px: 0.0, flat_px: 0, sure: false };
    }
    let to_sigma = (std::f64::consts::PI / 2.0).sqrt() / 6.0 / 1000.0 / flat.px as f64;
    let sigma1 = flat.sum1 as f64 * to_sigma;
    let sigma2 = flat.sum2 as f64 * to_sigma;
    let grain = if sigma2 > 0.0 { grain_px_for_ratio(sigma1 / sigma2) } else { 0.0 };
    let noise = sigma1 * (36.0 / mask_variance(grain, 1.0)).sqrt();
    NoiseMeasurement {
        noise_levels: noise as f32,
        grain_px: grain as f32,
        flat_px: flat.px as usize,
        sure: flat.px >= MIN_FLAT_PX,
    }
}

/// Variance of `N` stretched to `spacing_px` applied to unit noise blurred by a Gaussian of
/// deviation `grain_px` (36 for white noise).
fn mask_variance(grain_px: f64, spacing_px: f64) -> f64 {
    const TAPS: [(f64, f64, f64); 9] = [
        (-1.0, -1.0, 1.0),
        (0.0, -1.0, -2.0),
        (1.0, -1.0, 1.0),
        (-1.0, 0.0, -2.0),
        (0.0, 0.0, 4.0),
        (1.0, 0.0, -2.0),
        (-1.0, 1.0, 1.0),
        (0.0, 1.0, -2.0),
        (1.0, 1.0, 1.0),
    ];
    let mut v = 0.0;
    for &(xi, yi, wi) in &TAPS {
        for &(xj, yj, wj) in &TAPS {
            let d2 = ((xi - xj).powi(2) + (yi - yj).powi(2)) * spacing_px * spacing_px;
            let correlation = if grain_px > 0.0 {
                (-d2 / (4.0 * grain_px * grain_px)).exp()
            } else if d2 == 0.0 {
                1.0
            } else {
                0.0
            };
            v += wi * wj * correlation;
        }
    }
    v
}

/// The grain size whose spacing-1 to spacing-2 deviation ratio is `ratio` (bisection; the
/// ratio falls from 1 at `g = 0`).
fn grain_px_for_ratio(ratio: f64) -> f64 {
    let ratio_at = |g: f64| (mask_variance(g, 1.0) / mask_variance(g, 2.0)).sqrt();
    if ratio >= 1.0 {
        return 0.0;
    }
    if ratio <= ratio_at(MAX_GRAIN_PX) {
        return MAX_GRAIN_PX;
    }
    let (mut lo, mut hi) = (0.0, MAX_GRAIN_PX);
    for _ in 0..40 {
        let mid = 0.5 * (lo + hi);
        if ratio_at(mid) > ratio { lo = mid } else { hi = mid }
    }
    0.5 * (lo + hi)
}

/// Luma of an sRGB pixel, levels × 1000.
#[inline]
fn luma_milli(p: [u8; 3]) -> i32 {
    299 * i32::from(p[0]) + 587 * i32::from(p[1]) + 114 * i32::from(p[2])
}

/// The gradient histogram of the sampled pixels whose 5 × 5 neighbourhood lies on the scalp.
fn histogram(photo: &RgbImage, mask: &ScalpMask, step: u32) -> Vec<Bin> {
    let (w, h) = photo.dimensions();
    if w < 5 || h < 5 {
        return vec![EMPTY; BINS];
    }
    let rows: Vec<u32> = (2..h - 2).step_by(step as usize).collect();
    rows.par_iter()
        .fold(
            || vec![EMPTY; BINS],
            |mut bins, &y| {
                let (above, here, below) = (mask.row(y - 2), mask.row(y), mask.row(y + 2));
                for x in (2..w - 2).step_by(step as usize) {
                    let xi = x as usize;
                    let on = here[xi] != 0
                        && [above, below].iter().all(|r| r[xi - 2] != 0 && r[xi + 2] != 0);
                    if on {
                        add_pixel(photo, x, y, &mut bins);
                    }
                }
                bins
            },
        )
        .reduce(
            || vec![EMPTY; BINS],
            |mut a, b| {
                for (x, y) in a.iter_mut().zip(&b) {
                    *x = Bin { px: x.px + y.px, sum1: x.sum1 + y.sum1, sum2: x.sum2 + y.sum2 };
                }
                a
            },
        )
}

/// Adds pixel `(x, y)` (at least 2 px from every edge) to its gradient bin, unless clipped.
#[inline]
fn add_pixel(photo: &RgbImage, x: u32, y: u32, bins: &mut [Bin]) {
    let (raw, w) = (photo.as_raw().as_slice(), photo.width() as usize);
    let l = |dx: isize, dy: isize| {
        let i = ((y as isize + dy) as usize * w + (x as isize + dx) as usize) * 3;
        luma_milli([raw[i], raw[i + 1], raw[i + 2]])
    };
    let centre = l(0, 0);
    if centre < LUMA_RANGE_LEVELS.0 * 1000 || centre > LUMA_RANGE_LEVELS.1 * 1000 {
        return;
    }
    // Each neighbourhood read once: `near[j][i]` at (i − 1, j − 1), `far` at twice that.
    let near: [[i32; 3]; 3] =
        std::array::from_fn(|j| std::array::from_fn(|i| l(i as isize - 1, j as isize - 1)));
    let far: [[i32; 3]; 3] = std::array::from_fn(|j| {
        std::array::from_fn(|i| l(2 * (i as isize - 1), 2 * (j as isize - 1)))
    });
    let mask_of = |n: &[[i32; 3]; 3]| {
        n[0][0] - 2 * n[0][1] + n[0][2] - 2 * n[1][0] + 4 * n[1][1] - 2 * n[1][2] + n[2][0]
            - 2 * n[2][1]
            + n[2][2]
    };
    let gx = near[0][2] + 2 * near[1][2] + near[2][2] - near[0][0] - 2 * near[1][0] - near[2][0];
    let gy = near[2][0] + 2 * near[2][1] + near[2][2] - near[0][0] - 2 * near[0][1] - near[0][2];
    // Sobel's gain is 8 per level/px of gradient.
    let gradient_levels = (gx.abs() + gy.abs()) as f32 / 8000.0;
    let bin = ((8.0 * (1.0 + gradient_levels).log2()) as usize).min(BINS - 1);
    let b = &mut bins[bin];
    b.px += 1;
    b.sum1 += u64::from(mask_of(&near).unsigned_abs());
    b.sum2 += u64::from(mask_of(&far).unsigned_abs());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn white_noise_has_no_size_and_blurred_noise_has_its_blur() {
        assert!((mask_variance(0.0, 1.0) - 36.0).abs() < 1e-9);
        assert_eq!(grain_px_for_ratio(1.0), 0.0);
        for g in [0.5, 1.0, 1.5, 2.5] {
            let ratio = (mask_variance(g, 1.0) / mask_variance(g, 2.0)).sqrt();
            assert!((grain_px_for_ratio(ratio) - g).abs() < 1e-6, "g = {g}");
        }
    }
}
