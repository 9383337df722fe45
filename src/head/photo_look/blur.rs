//! The photo's blur: the deviation of the Gaussian that stands for its point spread.
//!
//! Method (re-blur ratios, after Zhuo and Sim, "Defocus map estimation from a single image",
//! Pattern Recognition 44(9), 2011, with one ratio more and energies instead of single edges):
//! each patch is blurred again by three known Gaussians `sᵢ` and the energy of its gradient
//! (the sum of squares over its middle) read at each. A feature already blurred by σ and blurred
//! again by s keeps a gradient energy ∝ `(σ² + s²)^(−k)`, where `k` is ½ for a step (a
//! hairline), 3/2 for a line (a stubble hair), 2 for a dot (a pore), and anything between for
//! texture with a power-law spectrum. The ratio `ln(E₀/E₁) / ln(E₀/E₂)` does not depend on `k`,
//! so all of them give σ. Energies are summed over the strongest patches before the ratio is
//! taken, so one estimate rests on thousands of pixels rather than a median of noisy ones, and
//! the grain's share of each energy (known from the grain measurement: white noise through the
//! same filters) is taken off first.
//!
//! Gradients are central differences, which blur by a variance of about 1/3 px² on their own
//! (their transfer function `sin ω/ω ≈ exp(−ω²/6)`), and sampling an edge between pixel
//! centres adds ≈ 1/12 px²: both are added to every `sᵢ²` and so left out of σ.
//! A photo blurred beyond [`MAX_LEVEL_BLUR_PX`] (or with too few clear edges at full size) is
//! measured again on a level of twice the pixel size (and so on, to 8), read at four taps per
//! level pixel, whose spread adds `f²/16` px² at factor `f`: the re-blurs stay comparable to σ,
//! where the ratios are most sensitive.

use image::RgbImage;
use rayon::prelude::*;

use super::patches::{patch_corners, read_luma, tap_variance_px2, taps_per_level_px};
use crate::head::ScalpMask;

/// The three re-blurs, px of the level measured.
const REBLUR_PX: [f32; 3] = [1.0, 1.7, 2.8];
/// Kernel radius of the largest re-blur (3 σ, rounded up).
const RADIUS_MAX: usize = 9;
/// Width of a patch's middle, where gradients are read, px of the level.
const MIDDLE: usize = 24;
/// Each side of the middle: the largest kernel plus the gradient's pixel, so no read leaves
/// the patch.
const MARGIN: usize = RADIUS_MAX + 1;
/// Patch width, px of the level.
const SIDE: usize = MIDDLE + 2 * MARGIN;
/// Patches examined at most.
const MAX_PATCHES: usize = 256;
/// Share of the usable patches, strongest edge first, whose median is the blur.
const STRONGEST_SHARE: usize = 4;
/// Usable patches needed for a sure blur.
pub(super) const MIN_PATCHES: usize = 8;
/// Smallest usable root-mean-square gradient over a patch's middle after the first re-blur,
/// levels per px: below it, grain and JPEG block edges dominate.
const MIN_EDGE_LEVELS_PER_PX: f32 = 1.5;
/// Blur beyond which the measurement moves to block means of twice the size, px of the level.
const MAX_LEVEL_BLUR_PX: f32 = 4.0;
/// Largest block factor tried.
const MAX_FACTOR: u32 = 8;
/// Variance the gradient adds, px²: 1/3 for the central difference, 1/12 for where an edge
/// falls between pixel centres (a uniform phase: the strongest sampled gradient misses the
/// true one by up to half a pixel; an edge on a pixel boundary, the worst case, adds 1/4).
const DIFFERENCE_VARIANCE: f64 = 1.0 / 3.0 + 1.0 / 12.0;
/// Largest blur variance solved for, px² of the level.
const MAX_VARIANCE: f64 = 400.0;

/// The blur as measured.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct BlurMeasurement {
    /// σ, px of the full-resolution photo.
    pub blur_px: f32,
    /// Patches the median was taken over.
    pub patches: usize,
    /// Whether the gradients fell off faster than any Gaussian-blurred feature's (σ then
    /// reads 0): the mark of sharpening (edge overshoot) or compression artefacts.
    pub sharpened: bool,
}

/// Measures the blur on patches inside the scalp of a photo whose grain is `grain` (as
/// measured).
pub(super) fn measure_blur(photo: &RgbImage, mask: &ScalpMask, grain: Grain) -> BlurMeasurement {
    let reblurs = Reblurs::new(grain);
    let mut best: Option<BlurMeasurement> = None;
    let mut factor = 1;
    loop {
        let (sigma_level, patches, sharpened) = blur_at_factor(photo, mask, factor, &reblurs);
        let f2 = f64::from(factor * factor);
        let variance = (f2 * sigma_level * sigma_level - tap_variance_px2(factor)).max(0.0);
        let found = BlurMeasurement { blur_px: variance.sqrt() as f32, patches, sharpened };
        let enough = patches >= MIN_PATCHES;
        if enough && sigma_level as f32 <= MAX_LEVEL_BLUR_PX {
            return found;
        }
        // Too blurred for the re-blurs, or too few clear edges at this size: keep the finest
        // measurement that had enough edges and look again on block means.
        if best.is_none_or(|b| b.patches < MIN_PATCHES && patches > b.patches) {
            best = Some(found);
        }
        let coarser_fits = photo.width().min(photo.height()) >= (SIDE as u32) * factor * 8;
        if factor >= MAX_FACTOR || !coarser_fits {
            return best.unwrap_or(found);
        }
        factor *= 2;
    }
}

/// The blur (px of the level) from the strongest patches at block `factor`, how many patches
/// it rests on (0 when their edges do not stand out of the grain), and whether it looks
/// sharpened.
fn blur_at_factor(
    photo: &RgbImage,
    mask: &ScalpMask,
    factor: u32,
    reblurs: &Reblurs,
) -> (f64, usize, bool) {
    let corners = patch_corners(mask, SIDE as u32 * factor, MAX_PATCHES);
    let [first, second, third] = &reblurs.kernels;
    // The first re-blur (the cheapest) ranks the patches; only the strongest get the others.
    let mut ranked: Vec<(f64, [u32; 2])> = corners
        .par_iter()
        .map_init(Scratch::default, |scratch, &corner| {
            read_luma(photo, corner, SIDE, factor, &mut scratch.luma);
            (scratch.gradient_energy(first), corner)
        })
        .collect();
    // Strongest first; the sort is stable, so ties keep the grid's order.
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
    let middle_px = (MIDDLE * MIDDLE) as f64;
    let clear = middle_px * f64::from(MIN_EDGE_LEVELS_PER_PX).powi(2);
    let usable = ranked.iter().take_while(|(e, _)| *e >= clear).count();
    let keep = (usable / STRONGEST_SHARE).max(usable.min(MIN_PATCHES));
    let rest: Vec<[f64; 2]> = ranked[..keep]
        .par_iter()
        .map_init(Scratch::default, |scratch, &(_, corner)| {
            read_luma(photo, corner, SIDE, factor, &mut scratch.luma);
            [scratch.gradient_energy(second), scratch.gradient_energy(third)]
        })
        .collect();
    let noise = reblurs.noise_energy_per_px(factor).map(|n| n * middle_px);
    let mut total = [0.0f64; 3];
    for ((e0, _), [e1, e2]) in ranked.iter().zip(&rest) {
        for (t, (e, n)) in total.iter_mut().zip([e0, e1, e2].into_iter().zip(noise)) {
            *t += e - n;
        }
    }
    match reblurs.variance(total) {
        Some(v) if keep > 0 => (v.sqrt(), keep, reblurs.sharper_than_gaussian(total)),
        _ => (0.0, 0, false),
    }
}

/// The grain the blur measurement discounts: deviation, levels of luma, and size, px.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Grain {
    pub noise_levels: f32,
    pub grain_px: f32,
}

/// The three re-blur kernels, the variances they and the gradient add, and the grain.
struct Reblurs {
    kernels: [Vec<f32>; 3],
    /// Variance of each kernel plus the gradient's, px².
    added_variance: [f64; 3],
    /// Gradient energy per pixel the grain leaves after each re-blur, full resolution.
    grain_energy: [f64; 3],
}

impl Reblurs {
    fn new(grain: Grain) -> Self {
        let kernels = REBLUR_PX.map(gaussian_kernel);
        let added_variance =
            std::array::from_fn(|i| kernel_variance(&kernels[i]) + DIFFERENCE_VARIANCE);
        let grain_energy = kernels.each_ref().map(|k| grain_gradient_energy(k, grain));
        Self { kernels, added_variance, grain_energy }
    }

    /// The grain's gradient energy per pixel after each re-blur, on the levels of `factor`
    /// (whose taps average the grain down, taking it as independent from tap to tap).
    fn noise_energy_per_px(&self, factor: u32) -> [f64; 3] {
        self.grain_energy.map(|e| e / taps_per_level_px(factor))
    }

    /// The blur variance (px²) that gradient energies `e` after the three re-blurs imply, if
    /// they fall as a blurred feature's do.
    fn variance(&self, e: [f64; 3]) -> Option<f64> {
        variance_from_falloff(e, self.added_variance)
    }

    /// Whether energies `e` fall off faster than those of any feature under a Gaussian blur.
    fn sharper_than_gaussian(&self, e: [f64; 3]) -> bool {
        let a = self.added_variance;
        let q = (e[0] / e[1]).ln() / (e[0] / e[2]).ln();
        q > (a[1] / a[0]).ln() / (a[2] / a[0]).ln()
    }
}

/// Gradient energy per pixel (the expected `|∇|²` of the halved central difference) of the
/// grain blurred by `kernel`: white noise of the grain's deviation through the grain's own blur
/// and then the kernel, in both directions.
fn grain_gradient_energy(kernel: &[f32], grain: Grain) -> f64 {
    let own = if grain.grain_px > 0.3 { gaussian_kernel(grain.grain_px) } else { vec![1.0] };
    let own_gain: f64 = own.iter().map(|&k| f64::from(k).powi(2)).sum();
    // Pixel variance of the grain = white variance × own_gain² (the blur is separable).
    let white_variance = f64::from(grain.noise_levels).powi(2) / (own_gain * own_gain);
    let blur = convolve(&own, kernel);
    let at = |j: usize| if j >= 1 && j <= blur.len() { blur[j - 1] } else { 0.0 };
    let across: f64 =
        (0..blur.len() + 2).map(|i| (0.5 * (at(i + 1) - at(i.wrapping_sub(1)))).powi(2)).sum();
    let along: f64 = blur.iter().map(|v| v * v).sum();
    2.0 * white_variance * across * along
}

/// The full convolution of two kernels.
fn convolve(a: &[f32], b: &[f32]) -> Vec<f64> {
    let mut out = vec![0.0; a.len() + b.len() - 1];
    for (i, &x) in a.iter().enumerate() {
        for (j, &y) in b.iter().enumerate() {
            out[i + j] += f64::from(x) * f64::from(y);
        }
    }
    out
}

/// The blur variance (px²) for gradient energies `e` after re-blurs that add `added` px².
fn variance_from_falloff(e: [f64; 3], added: [f64; 3]) -> Option<f64> {
    let [e0, e1, e2] = e;
    if !(e0 > e1 && e1 > e2 && e2 > 0.0) {
        return None;
    }
    let q = (e0 / e1).ln() / (e0 / e2).ln();
    let e = added;
    let ratio_at = |v: f64| ((v + e[1]) / (v + e[0])).ln() / ((v + e[2]) / (v + e[0])).ln();
    if q >= ratio_at(0.0) {
        return Some(0.0);
    }
    if q <= ratio_at(MAX_VARIANCE) {
        return None;
    }
    let (mut lo, mut hi) = (0.0, MAX_VARIANCE);
    for _ in 0..50 {
        let mid = 0.5 * (lo + hi);
        if ratio_at(mid) > q { lo = mid } else { hi = mid }
    }
    Some(0.5 * (lo + hi))
}

/// The variance of a kernel's taps about its middle, px²: the truncated, sampled kernel's, not
/// the Gaussian's (3σ truncation alone takes 2 % off).
fn kernel_variance(kernel: &[f32]) -> f64 {
    let r = (kernel.len() / 2) as f64;
    kernel.iter().enumerate().map(|(i, &k)| f64::from(k) * (i as f64 - r).powi(2)).sum()
}

/// A normalised Gaussian of deviation `sigma_px`, `2·⌈3σ⌉ + 1` taps.
fn gaussian_kernel(sigma_px: f32) -> Vec<f32> {
    let r = (3.0 * sigma_px).ceil() as i32;
    let taps: Vec<f32> =
        (-r..=r).map(|i| (-(i * i) as f32 / (2.0 * sigma_px * sigma_px)).exp()).collect();
    let sum: f32 = taps.iter().sum();
    taps.into_iter().map(|t| t / sum).collect()
}

/// One thread's buffers, reused from patch to patch.
#[derive(Default)]
struct Scratch {
    luma: Vec<f32>,
    across: Vec<f32>,
    blurred: Vec<f32>,
}

impl Scratch {
    /// The gradient energy (sum of `|∇|²`, levels² per px²) over the middle of the patch in
    /// `luma` blurred by `kernel`. Only the rows and columns the middle's gradients need are
    /// blurred.
    fn gradient_energy(&mut self, kernel: &[f32]) -> f64 {
        let r = kernel.len() / 2;
        let (lo, hi) = (MARGIN - 1, SIDE - MARGIN + 1);
        // Tap by tap over whole rows: the inner loops are plain multiply-adds the compiler
        // vectorises (a dot product per pixel is not, its sum order being fixed).
        self.across.clear();
        self.across.resize(SIDE * SIDE, 0.0);
        for y in lo - r..hi + r {
            let row = &self.luma[y * SIDE..][..SIDE];
            let out = &mut self.across[y * SIDE + lo..y * SIDE + hi];
            for (i, &k) in kernel.iter().enumerate() {
                for (o, &v) in out.iter_mut().zip(&row[lo + i - r..hi + i - r]) {
                    *o += k * v;
                }
            }
        }
        self.blurred.clear();
        self.blurred.resize(SIDE * SIDE, 0.0);
        for y in lo..hi {
            let out = &mut self.blurred[y * SIDE + lo..y * SIDE + hi];
            for (i, &k) in kernel.iter().enumerate() {
                let src = &self.across[(y + i - r) * SIDE + lo..(y + i - r) * SIDE + hi];
                for (o, &v) in out.iter_mut().zip(src) {
                    *o += k * v;
                }
            }
        }
        let b = &self.blurred;
        let mut energy = 0.0f64;
        for y in MARGIN..SIDE - MARGIN {
            let mut row = 0.0f32;
            for x in MARGIN..SIDE - MARGIN {
                let gx = b[y * SIDE + x + 1] - b[y * SIDE + x - 1];
                let gy = b[(y + 1) * SIDE + x] - b[(y - 1) * SIDE + x];
                row += gx * gx + gy * gy;
            }
            energy += f64::from(row);
        }
        0.25 * energy
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A vertical step from 60 to 180 levels blurred by `sigma_px`, as a patch, `phase_px`
    /// right of a pixel boundary.
    fn blurred_step(sigma_px: f64, phase_px: f64) -> Vec<f32> {
        let erf_like = |t: f64| 0.5 * (1.0 + libm_erf(t / (sigma_px * 2f64.sqrt())));
        (0..SIDE * SIDE)
            .map(|i| {
                let x = (i % SIDE) as f64 - SIDE as f64 / 2.0 + 0.5 - phase_px;
                (60.0 + 120.0 * if sigma_px > 0.0 { erf_like(x) } else { f64::from(x > 0.0) })
                    as f32
            })
            .collect()
    }

    #[test]
    fn a_blurred_line_gives_its_blur_too() {
        let reblurs = Reblurs::new(Grain::default());
        // Measured: 1 → 1.00, 2 → 2.01, 3 → 3.05.
        for sigma in [1.0f32, 2.0, 3.0] {
            let luma = (0..SIDE * SIDE)
                .map(|i| {
                    let x = (i % SIDE) as f32 - SIDE as f32 / 2.0;
                    90.0 + 80.0 * (-x * x / (2.0 * sigma * sigma)).exp()
                })
                .collect();
            let mut scratch = Scratch { luma, ..Scratch::default() };
            let e = reblurs.kernels.each_ref().map(|k| scratch.gradient_energy(k));
            let v = reblurs.variance(e).unwrap();
            assert!((v.sqrt() as f32 - sigma).abs() < 0.05 * sigma + 0.2, "σ {sigma}");
        }
    }

    /// Abramowitz–Stegun 7.1.26 (error below 1.5e-7): enough for a test edge.
    fn libm_erf(x: f64) -> f64 {
        let t = 1.0 / (1.0 + 0.327_591_1 * x.abs());
        let poly = t
            * (0.254_829_592
                + t * (-0.284_496_736
                    + t * (1.421_413_741 + t * (-1.453_152_027 + t * 1.061_405_429))));
        let y = 1.0 - poly * (-x * x).exp();
        if x < 0.0 { -y } else { y }
    }

    #[test]
    fn a_blurred_step_gives_its_blur() {
        let reblurs = Reblurs::new(Grain::default());
        // Measured (on a pixel boundary and through a pixel centre): 0.5 → 0.44 and 0.48,
        // 1 → 0.98 and 0.98, 2 → 2.00 and 2.00, 3 → 3.02 and 3.02, 4 → 4.08 and 4.08.
        for sigma in [0.5, 1.0, 2.0, 3.0, 4.0] {
            for phase_px in [0.0, 0.5] {
                let luma = blurred_step(sigma, phase_px);
                let mut scratch = Scratch { luma, ..Scratch::default() };
                let e = reblurs.kernels.each_ref().map(|k| scratch.gradient_energy(k));
                let v = reblurs.variance(e).unwrap();
                let tolerance = 0.05 * sigma + 0.2;
                assert!((v.sqrt() - sigma).abs() < tolerance, "σ {sigma}: {:.2}", v.sqrt());
            }
        }
    }
}
