//! The photo's blur: the deviation σ of the Gaussian that stands for its point spread, beneath
//! the sharpening a phone adds.
//!
//! Model: the scene blurred by a Gaussian of σ (lens, demosaicing, noise reduction, resampling)
//! and then sharpened by an unsharp mask of amount `a` (each value plus `a` times its
//! difference from a blur of radius r), taking r = σ: the sharpening restores contrast at the
//! blur's own scale, and resizing a photo scales both alike, so their ratio stays the camera's
//! whatever the photo's size. Its transfer function `H(ω) = e^(−σ²ω²/2)·(1 + a − a·e^(−r²ω²/2))`
//! has a square of three Gaussians, `(1+a)²·e^(−σ²ω²) − 2a(1+a)·e^(−(σ²+r²/2)ω²) +
//! a²·e^(−(σ²+r²)ω²)`; `a = 0` is a plain Gaussian blur.
//!
//! Method (re-blur energies, after Zhuo and Sim, "Defocus map estimation from a single image",
//! Pattern Recognition 44(9), 2011, with more re-blurs and energies instead of single edges):
//! each patch is blurred again by known Gaussians `sᵢ` (none, 0.6, 1, 1.7 and 2.8 px) and the
//! energy of its gradient (the sum of squares over its middle) read at each. A feature whose
//! spectrum is a power law keeps, through a Gaussian of variance V, a gradient energy ∝ `V^−k`
//! (`k` is ½ for a step such as a hairline, 3/2 for a line such as a stubble hair, 2 for a dot
//! such as a pore, anything between for texture); through `H` and the re-blur it keeps
//! `(1+a)²·V^−k − 2a(1+a)·(V + r²/2)^−k + a²·(V + r²)^−k` with `V = σ² + sᵢ² + d`. Energies
//! are summed over the strongest patches (so one estimate rests on thousands of pixels), the
//! grain's share (white noise of the measured grain through the same filters) taken off, and
//! the model fitted to their logs for σ, `a`, `k` and a constant: a grid, then a shrinking
//! local search from the best point of each amount.
//!
//! Why the sharpening has to be in the model: through the heavier re-blurs it only shifts the
//! variance, `E ∝ (V − a·r²)^−k` to first order, so a sharpened photo (`a·r² > σ²`) falls off
//! faster than any plain Gaussian blur allows and a Gaussian-only fit reads 0. The unblurred and
//! lightly re-blurred energies see the halo and the blur beneath it separately.
//!
//! What it does not tell: the amount. Blur, amount and exponent trade along a shallow valley
//! (copies of the shared photos blurred by 2 px and sharpened by an amount of 1 fitted amounts
//! from 0 to 3), so the amount only serves the fit and is not reported, and σ inherits about
//! ±15 % from the valley (a step sharpened by 2 reads 13 % low: it passes for a plain blur of a
//! sharper line). When the fit misses the energies by more than [`MAX_MISFIT`] or wants more
//! sharpening than [`MAX_AMOUNT`] (sharpening of another shape, JPEG blocking, grain the grain
//! model misses), σ is the best guess and flagged unsure.
//!
//! JPEG blocking: a strongly compressed photo's 8 × 8 blocks step at their edges where the
//! quantisation cut their content apart, sharp steps that read as a sharp (or sharpened) camera.
//! The steps' variance is measured on the kept patches as the excess of the squared differences
//! across block edges (blocks aligned with the photo's corner, as a JPEG's are) over those inside
//! blocks, and their energy through each re-blur (blocks offset by independent levels) taken off
//! like the grain's, on the full-size level only (block means of 2 px and more average the steps
//! away). Measured: copies of 640-px phone photos blurred by 1.5 px read 24–50 % sharper once
//! stored as JPEG of quality 20, 5–24 % with the steps discounted; the 256-px test photos blurred
//! by 1 px 9–33 % and 1–19 %. Only the steps are modelled: the quantisation's noise inside busy
//! blocks is not, and still reads as fine detail.
//!
//! Limit: the energies are summed over the strongest patches, so a scalp whose stubble is soft
//! but whose patches also hold a sharp edge (the head's silhouette where the mask spills past it,
//! an ear) reads as sharp as that edge: on a shared 640-px top view the strongest patch (the
//! silhouette against a shoulder) carried a quarter of the energy of the eight kept, and the fit
//! read 0.2 px with a sharpening of 3.5 where the stubble looks blurred by about 1 px (dots drawn
//! at 1 px blend with it, at 0.2 they stand out). Neither a cap on the amount (sharpened copies
//! blurred by 2 px fit up to 4) nor a floor for unsure fits (the point-sampled synthetic head is
//! truly sharp and fits as over-sharpened) told the two apart.
//!
//! Gradients are central differences, which blur by a variance of about 1/3 px² on their own
//! (their transfer function `sin ω/ω ≈ exp(−ω²/6)`), and sampling an edge between pixel
//! centres adds ≈ 1/12 px²: both are in `d`, so left out of σ.
//!
//! Large blurs: a photo blurred beyond [`MAX_LEVEL_BLUR_PX`] at full size (or with too few clear
//! edges there) is measured again on a level of twice the pixel size, and so on to
//! [`MAX_FACTOR`], read at four taps per level pixel, whose spread adds `f²/16` px² at factor
//! `f`: the re-blurs stay comparable to σ, where the fit is most sensitive. A coarser level
//! with fewer patches ([`MIN_COARSE_PATCHES`]) is trusted over a finer one whose blur lies
//! beyond its re-blurs. Limit: a bare interpolated upscale (no blur of its own beyond the
//! interpolation) is under-read: bilinear interpolation leaves gradients constant between the
//! original pixels, and levels finer than the upscale read those kinks as 2–2.5 level px of
//! blur, inside the re-blurs' range, so the ladder stops there (16× upscales of the test
//! photos read 4.6–11 px against 7–19 expected). Moving on at 1.5 level px instead fixed
//! them but made a rendered head blurred by 2 px read 4.9 px on block means.

use image::RgbImage;
use rayon::prelude::*;

use super::patches::{Taps, patch_corners, read_luma, tap_variance_px2, taps_per_level_px};
use crate::head::ScalpMask;

/// Energies read per patch, one per re-blur.
const LEVELS: usize = 5;
/// The re-blurs, px of the level: none (the gradient alone), a light one, and the three of the
/// plain Gaussian method. The unblurred and the light ones see the sharpening's halo, the
/// heavier ones mostly the blur beneath it.
const REBLUR_PX: [f32; LEVELS] = [0.0, 0.6, 1.0, 1.7, 2.8];
/// The re-blur that ranks the patches: at 1 px the grain and JPEG block edges are mostly gone.
const RANKING: usize = 2;
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
/// Share of the usable patches, strongest edge first, whose energies are summed.
const STRONGEST_SHARE: usize = 4;
/// Usable patches needed for a sure blur.
const MIN_PATCHES: usize = 8;
/// Usable patches enough on a coarser level when the finer one's blur lies beyond the largest
/// re-blur, where its fit is least reliable: a 1024-px photo blurred by 6 px has room for 5 at
/// factor 4 (which read 7.4 px where 7.2 were expected), while factor 2, with 10, read 10.3.
const MIN_COARSE_PATCHES: usize = 4;
/// Smallest usable root-mean-square gradient over a patch's middle after the ranking re-blur,
/// levels per px: below it, grain and JPEG block edges dominate.
const MIN_EDGE_LEVELS_PER_PX: f32 = 1.5;
/// Blur beyond which the measurement moves to block means of twice the size, px of the level.
/// At 3 (the largest re-blur, about) a rendered head blurred by 3 px read 4.7 on block means,
/// whose larger patches take the scene's own smooth shading for blur.
const MAX_LEVEL_BLUR_PX: f32 = 4.0;
/// Largest block factor tried.
const MAX_FACTOR: u32 = 16;
/// Variance the gradient adds, px²: 1/3 for the central difference, 1/12 for where an edge
/// falls between pixel centres (a uniform phase: the strongest sampled gradient misses the
/// true one by up to half a pixel; an edge on a pixel boundary, the worst case, adds 1/4).
const DIFFERENCE_VARIANCE: f64 = 1.0 / 3.0 + 1.0 / 12.0;
/// Largest blur solved for, px of the level.
const MAX_LEVEL_SIGMA_PX: f64 = 20.0;

/// The blur as measured.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct BlurMeasurement {
    /// σ, px of the full-resolution photo.
    pub blur_px: f32,
    /// Patches the energies were summed over.
    pub patches: usize,
    /// Whether they were enough for a sure blur.
    pub enough_edges: bool,
    /// Whether the gradients fell off faster than the model allows even with sharpening, so
    /// that blur and sharpening could not be told apart (σ is then the best guess).
    pub sharpened: bool,
}

/// Measures the blur on patches inside the scalp of a photo whose grain is `grain` (as
/// measured).
pub(super) fn measure_blur(photo: &RgbImage, mask: &ScalpMask, grain: Grain) -> BlurMeasurement {
    let reblurs = Reblurs::new(grain);
    let mut best: Option<BlurMeasurement> = None;
    let mut finer_beyond_reblurs = false;
    let mut factor = 1;
    loop {
        let level = blur_at_factor(photo, mask, factor, &reblurs);
        let f2 = f64::from(factor * factor);
        let sigma_level = level.variance.sqrt();
        let variance = (f2 * level.variance - tap_variance_px2(factor)).max(0.0);
        let enough = level.patches >= MIN_PATCHES
            || (finer_beyond_reblurs && level.patches >= MIN_COARSE_PATCHES);
        let found = BlurMeasurement {
            blur_px: variance.sqrt() as f32,
            patches: level.patches,
            enough_edges: enough,
            sharpened: !level.sure,
        };
        if enough && sigma_level as f32 <= MAX_LEVEL_BLUR_PX {
            return found;
        }
        // Too blurred for the re-blurs, or too few clear edges at this size: look again on block
        // means, keeping the coarsest measurement so far that had enough edges (the blur is
        // beyond the finer ones' re-blurs), else the one with the most.
        if best.is_none_or(|b| enough || (!b.enough_edges && level.patches > b.patches)) {
            best = Some(found);
        }
        finer_beyond_reblurs = level.patches > 0 && sigma_level > f64::from(REBLUR_PX[LEVELS - 1]);
        // Room for two patches across at the next level (a head seldom fills the frame).
        let coarser_fits = photo.width().min(photo.height()) >= (SIDE as u32) * factor * 2 * 2;
        if factor >= MAX_FACTOR || !coarser_fits {
            return best.unwrap_or(found);
        }
        factor *= 2;
    }
}

/// The camera fitted at one block factor, in px of that level.
struct LevelFit {
    /// σ², level px².
    variance: f64,
    /// Patches the energies were summed over (0 when their edges do not stand out of the
    /// grain).
    patches: usize,
    /// Whether the model fits.
    sure: bool,
}

/// The camera fitted to the strongest patches at block `factor`.
fn blur_at_factor(photo: &RgbImage, mask: &ScalpMask, factor: u32, reblurs: &Reblurs) -> LevelFit {
    let corners = patch_corners(mask, SIDE as u32 * factor, MAX_PATCHES);
    let ranking = &reblurs.kernels[RANKING];
    // One re-blur ranks the patches; only the strongest get the others.
    let mut ranked: Vec<(f64, [u32; 2])> = corners
        .par_iter()
        .map_init(Scratch::default, |scratch, &corner| {
            read_luma(photo, corner, SIDE, factor, Taps::One, &mut scratch.luma);
            (scratch.gradient_energy(ranking), corner)
        })
        .collect();
    // Strongest first; the sort is stable, so ties keep the grid's order.
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
    let middle_px = (MIDDLE * MIDDLE) as f64;
    let clear = middle_px * f64::from(MIN_EDGE_LEVELS_PER_PX).powi(2);
    let usable = ranked.iter().take_while(|(e, _)| *e >= clear).count();
    let keep = (usable / STRONGEST_SHARE).max(usable.min(MIN_PATCHES));
    let measured: Vec<([f64; LEVELS], BlockSteps)> = ranked[..keep]
        .par_iter()
        .map_init(Scratch::default, |scratch, &(_, corner)| {
            read_luma(photo, corner, SIDE, factor, Taps::Four, &mut scratch.luma);
            let energies = reblurs.kernels.each_ref().map(|k| scratch.gradient_energy(k));
            // JPEG blocks are 8 photo px: only the full-size level has them on its grid.
            let steps = if factor == 1 {
                BlockSteps::of(&scratch.luma, corner)
            } else {
                BlockSteps::default()
            };
            (energies, steps)
        })
        .collect();
    let steps = measured.iter().fold(BlockSteps::default(), |a, m| a.plus(&m.1));
    let noise = reblurs.noise_energy_per_px(factor).map(|n| n * middle_px);
    let blocking = reblurs.blocking_energy_per_px(steps.excess_variance()).map(|b| b * middle_px);
    let mut total = [0.0f64; LEVELS];
    for (e, _) in &measured {
        for i in 0..LEVELS {
            total[i] += e[i] - noise[i] - blocking[i];
        }
    }
    match fit_camera(total, reblurs.added_variance) {
        Some(fit) if keep > 0 => {
            LevelFit { variance: fit.variance, patches: keep, sure: fit.is_sure() }
        }
        _ => LevelFit { variance: 0.0, patches: 0, sure: true },
    }
}

/// The grain the blur measurement discounts: deviation, levels of luma, and size, px.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Grain {
    pub noise_levels: f32,
    pub grain_px: f32,
}

/// The re-blur kernels, the variances they and the gradient add, and the grain.
struct Reblurs {
    kernels: [Vec<f32>; LEVELS],
    /// Variance of each kernel plus the gradient's, px².
    added_variance: [f64; LEVELS],
    /// Gradient energy per pixel the grain leaves after each re-blur, full resolution.
    grain_energy: [f64; LEVELS],
    /// Gradient energy per pixel JPEG block edges leave after each re-blur, per unit of step
    /// variance in each direction.
    block_energy: [f64; LEVELS],
}

impl Reblurs {
    fn new(grain: Grain) -> Self {
        let kernels = REBLUR_PX.map(gaussian_kernel);
        let added_variance =
            std::array::from_fn(|i| kernel_variance(&kernels[i]) + DIFFERENCE_VARIANCE);
        let grain_energy = kernels.each_ref().map(|k| grain_gradient_energy(k, grain));
        let block_energy = kernels.each_ref().map(|k| block_step_energy(k));
        Self { kernels, added_variance, grain_energy, block_energy }
    }

    /// The gradient energy per pixel after each re-blur of JPEG block edges whose steps have
    /// `excess_variance` (levels², across columns and across rows; their mean is taken, the
    /// blocks' levels being what steps both ways).
    fn blocking_energy_per_px(&self, excess_variance: [f64; 2]) -> [f64; LEVELS] {
        self.block_energy.map(|e| e * 0.5 * (excess_variance[0] + excess_variance[1]))
    }

    /// The grain's gradient energy per pixel after each re-blur, on the levels of `factor`
    /// (whose taps average the grain down, taking it as independent from tap to tap).
    fn noise_energy_per_px(&self, factor: u32) -> [f64; LEVELS] {
        self.grain_energy.map(|e| e / taps_per_level_px(factor))
    }
}

/// Side of a JPEG block, px.
const JPEG_BLOCK_PX: usize = 8;

/// Squared differences between neighbouring pixels of patches, split by whether they cross the
/// edge of a JPEG block ([`JPEG_BLOCK_PX`], aligned with the photo's corner) or lie inside one:
/// their excess at the edges is the blocking's step variance (see the module docs).
#[derive(Clone, Copy, Debug, Default)]
struct BlockSteps {
    /// Per direction (across columns, across rows): sum of squares and count across block edges.
    edge: [(f64, f64); 2],
    /// The same inside blocks.
    inside: [(f64, f64); 2],
}

impl BlockSteps {
    /// The differences of a `SIDE × SIDE` patch of full-size luma whose corner is `corner_px`
    /// (sums in a fixed order: the same for any thread count).
    fn of(luma: &[f32], corner_px: [u32; 2]) -> Self {
        let mut steps = Self::default();
        let [x0, y0] = corner_px.map(|c| c as usize);
        for y in 0..SIDE {
            let row = &luma[y * SIDE..][..SIDE];
            for x in 0..SIDE - 1 {
                let d = f64::from(row[x + 1] - row[x]);
                steps.add(0, (x0 + x) % JPEG_BLOCK_PX == JPEG_BLOCK_PX - 1, d * d);
            }
            if y + 1 < SIDE {
                let next = &luma[(y + 1) * SIDE..][..SIDE];
                let on_edge = (y0 + y) % JPEG_BLOCK_PX == JPEG_BLOCK_PX - 1;
                for x in 0..SIDE {
                    let d = f64::from(next[x] - row[x]);
                    steps.add(1, on_edge, d * d);
                }
            }
        }
        steps
    }

    /// Adds one squared difference across columns (`axis` 0) or rows (1).
    fn add(&mut self, axis: usize, on_edge: bool, d2: f64) {
        let sum = if on_edge { &mut self.edge[axis] } else { &mut self.inside[axis] };
        sum.0 += d2;
        sum.1 += 1.0;
    }

    /// Both sets of differences together.
    fn plus(&self, other: &Self) -> Self {
        let add = |a: (f64, f64), b: (f64, f64)| (a.0 + b.0, a.1 + b.1);
        Self {
            edge: std::array::from_fn(|i| add(self.edge[i], other.edge[i])),
            inside: std::array::from_fn(|i| add(self.inside[i], other.inside[i])),
        }
    }

    /// Variance of the steps at block edges beyond what the scene has between any two pixels,
    /// per direction (across columns, across rows), levels²: the scene's differences are the
    /// same on and off the block grid, the quantisation's steps add to those on it.
    fn excess_variance(&self) -> [f64; 2] {
        std::array::from_fn(|axis| {
            let ((edge, edges), (inside, insides)) = (self.edge[axis], self.inside[axis]);
            if edges == 0.0 || insides == 0.0 {
                0.0
            } else {
                (edge / edges - inside / insides).max(0.0)
            }
        })
    }
}

/// Gradient energy per pixel (the halved central difference, both directions) after `kernel` of
/// JPEG blocking whose steps have unit variance in each direction: each block offset by its own
/// level (the blocks are quantised apart), independent from block to block, so a step's variance
/// is twice the levels' and neighbouring steps are anticorrelated. Averaged over the pixels of a
/// block, in 1-D: `A`, the sum over blocks of the squared weight of each in the difference, and
/// `B`, the same for the kernel's smoothing along; the energy is `2·var·A·B` with `var` = ½.
fn block_step_energy(kernel: &[f32]) -> f64 {
    let r = (kernel.len() / 2) as i64;
    let k = |t: i64| if t.abs() <= r { f64::from(kernel[(t + r) as usize]) } else { 0.0 };
    let b = JPEG_BLOCK_PX as i64;
    // Blocks within reach of any pixel of block 0: the kernel's radius and the difference's 1.
    let reach = (r + 1) / b + 1;
    let mean_over_block = |weight: &dyn Fn(i64) -> f64| -> f64 {
        let sum: f64 = (0..b)
            .map(|x| {
                (-reach..=reach)
                    .map(|n| (n * b..(n + 1) * b).map(|u| weight(x - u)).sum::<f64>().powi(2))
                    .sum::<f64>()
            })
            .sum();
        sum / b as f64
    };
    let across = mean_over_block(&|t| 0.5 * (k(t + 1) - k(t - 1)));
    let along = mean_over_block(&k);
    across * along
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

/// A camera fitted to the re-blur energies (see the module docs).
#[derive(Clone, Copy, Debug)]
struct CameraFit {
    /// σ², px² of the level.
    variance: f64,
    /// Sharpening amount `a`.
    amount: f64,
    /// Root-mean-square misfit of the log energies.
    misfit: f64,
}

impl CameraFit {
    /// Whether the model explains the energies: a misfit within [`MAX_MISFIT`] and a sharpening
    /// amount below the largest tried.
    fn is_sure(&self) -> bool {
        self.misfit <= MAX_MISFIT && self.amount < MAX_AMOUNT
    }
}

/// Largest sharpening amount fitted. Phone photos measured here fit with 0–3.
const MAX_AMOUNT: f64 = 4.0;
/// Largest root-mean-square misfit of the log energies for a sure fit. Measured: Gaussian and
/// sharpened copies of the 31 shared photos 0.006 at most, the originals 0.001–0.07 (the worst
/// on photos whose finest detail is JPEG blocking or noise the grain model misses).
const MAX_MISFIT: f64 = 0.04;
/// Price of a unit of sharpening amount in the fit's squared log misfit: an amount must lower
/// it by 10⁻⁵ (an RMS of 0.0014 over the five energies) to be taken. Blur, sharpening and
/// exponent trade along a shallow valley: without the price a plain step blurred by 2 px read
/// 2.30 px (with a spurious amount), with it 1.98; at 5·10⁻⁵, steps sharpened by an amount of 1
/// kept their blur to 2 % but those sharpened by 2 read 13 % low at any price tried.
const AMOUNT_PENALTY: f64 = 1e-5;
/// Spectral exponents tried by the grid, `k = KI / 4` (a step ½ to a pore 2, and beyond).
const EXPONENT_STEPS: std::ops::RangeInclusive<u32> = 1..=12;
/// Sharpening amounts tried by the grid, `MAX_AMOUNT · j / 8`.
const AMOUNT_STEPS: u32 = 8;

/// The logs of `V`, `V + r²/2` and `V + r²` after each re-blur for blur variance `v`.
fn log_terms(v: f64, added: &[f64; LEVELS]) -> [[f64; 3]; LEVELS] {
    // The sharpening's radius is the blur's (see the module docs).
    let r2 = v;
    added.map(|a| {
        let w = v + a;
        [w.ln(), (w + 0.5 * r2).ln(), (w + r2).ln()]
    })
}

/// The terms `V^−k`, `(V + r²/2)^−k` and `(V + r²)^−k` after each re-blur, from their logs.
fn powers(logs: &[[f64; 3]; LEVELS], k: f64) -> [[f64; 3]; LEVELS] {
    logs.map(|l| l.map(|x| (-k * x).exp()))
}

/// The sum of squared log misfits of the model with sharpening `a` (once the best constant is
/// taken out), from the [`powers`] of its terms.
fn misfit2(ln_e: &[f64; LEVELS], powers: &[[f64; 3]; LEVELS], a: f64) -> f64 {
    // |H|² of the sharpened blur, expanded: three Gaussians (see the module docs).
    let weights = [(1.0 + a) * (1.0 + a), -2.0 * a * (1.0 + a), a * a];
    let d: [f64; LEVELS] = std::array::from_fn(|i| {
        let p = powers[i];
        let m = weights[0] * p[0] + weights[1] * p[1] + weights[2] * p[2];
        ln_e[i] - m.max(1e-300).ln()
    });
    let mean = d.iter().sum::<f64>() / LEVELS as f64;
    d.iter().map(|x| (x - mean).powi(2)).sum()
}

/// Fits blur, sharpening and exponent to energies `e` after re-blurs that add `added` px²:
/// a grid, then a shrinking local search around its best point. Deterministic.
fn fit_camera(e: [f64; LEVELS], added: [f64; LEVELS]) -> Option<CameraFit> {
    if e.iter().any(|&x| x.is_nan() || x <= 0.0) {
        return None;
    }
    let ln_e = e.map(f64::ln);
    // 0.1 px apart up to 3 px, then 8 % apart; the local search refines.
    let sigmas = (0..=30)
        .map(|j| 0.1 * f64::from(j))
        .chain((1..).map(|j| 3.0 * 1.08f64.powi(j)).take_while(|&s| s <= MAX_LEVEL_SIGMA_PX));
    // The objective: the misfit, plus a small price on sharpening (see AMOUNT_PENALTY).
    let cost = |a: f64, p: &[[f64; 3]; LEVELS]| misfit2(&ln_e, p, a) + AMOUNT_PENALTY * a;
    // The best grid point for each sharpening amount: the valley along which blur, sharpening
    // and exponent trade has local minima, so each is refined.
    let mut starts = [(f64::INFINITY, 0.0, 0.0, 1.0); AMOUNT_STEPS as usize + 1];
    for s in sigmas {
        let logs = log_terms(s * s, &added);
        for ki in EXPONENT_STEPS {
            let k = 0.25 * f64::from(ki);
            let p = powers(&logs, k);
            for (j, start) in starts.iter_mut().enumerate() {
                let a = MAX_AMOUNT * j as f64 / f64::from(AMOUNT_STEPS);
                let m = cost(a, &p);
                if m < start.0 {
                    *start = (m, s, a, k);
                }
            }
        }
    }
    let mut best = (f64::INFINITY, 0.0, 0.0, 1.0);
    for start in starts {
        let mut here = start;
        let (mut ds, mut da, mut dk) = (0.1, MAX_AMOUNT / f64::from(AMOUNT_STEPS), 0.25);
        for _ in 0..14 {
            let (_, s0, a0, k0) = here;
            for i in -1..=1 {
                let s = (s0 + f64::from(i) * ds).clamp(0.0, MAX_LEVEL_SIGMA_PX);
                let logs = log_terms(s * s, &added);
                for l in -1..=1 {
                    let k = (k0 + f64::from(l) * dk).max(0.05);
                    let p = powers(&logs, k);
                    for j in -1..=1 {
                        let a = (a0 + f64::from(j) * da).clamp(0.0, MAX_AMOUNT);
                        let m = cost(a, &p);
                        if m < here.0 {
                            here = (m, s, a, k);
                        }
                    }
                }
            }
            ds *= 0.6;
            da *= 0.6;
            dk *= 0.6;
        }
        if here.0 < best.0 {
            best = here;
        }
    }
    let (_, s, a, k) = best;
    let m = misfit2(&ln_e, &powers(&log_terms(s * s, &added), k), a);
    let misfit = (m / LEVELS as f64).sqrt();
    Some(CameraFit { variance: s * s, amount: a, misfit })
}

/// The variance of a kernel's taps about its middle, px²: the truncated, sampled kernel's, not
/// the Gaussian's (3σ truncation alone takes 2 % off).
fn kernel_variance(kernel: &[f32]) -> f64 {
    let r = (kernel.len() / 2) as f64;
    kernel.iter().enumerate().map(|(i, &k)| f64::from(k) * (i as f64 - r).powi(2)).sum()
}

/// A normalised Gaussian of deviation `sigma_px`, `2·⌈3σ⌉ + 1` taps (one for none).
fn gaussian_kernel(sigma_px: f32) -> Vec<f32> {
    if sigma_px <= 0.0 {
        return vec![1.0];
    }
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

    /// The camera fitted to the energies of one patch.
    fn fitted(reblurs: &Reblurs, luma: Vec<f32>) -> CameraFit {
        let mut scratch = Scratch { luma, ..Scratch::default() };
        let e = reblurs.kernels.each_ref().map(|k| scratch.gradient_energy(k));
        fit_camera(e, reblurs.added_variance).unwrap()
    }

    /// `luma` (a patch) sharpened by an unsharp mask of `amount` and `radius_px` across rows.
    fn unsharp_rows(luma: &[f32], amount: f32, radius_px: f32) -> Vec<f32> {
        let kernel = gaussian_kernel(radius_px);
        let r = kernel.len() / 2;
        (0..SIDE * SIDE)
            .map(|i| {
                let (x, y) = (i % SIDE, i / SIDE);
                let soft: f32 = kernel
                    .iter()
                    .enumerate()
                    .map(|(j, k)| k * luma[y * SIDE + (x + j).saturating_sub(r).min(SIDE - 1)])
                    .sum();
                luma[i] + amount * (luma[i] - soft)
            })
            .collect()
    }

    #[test]
    fn a_blurred_line_gives_its_blur_too() {
        let reblurs = Reblurs::new(Grain::default());
        // A line is k = 3/2 of the model; within 5 % + 0.2 px like the step.
        for sigma in [1.0f32, 2.0, 3.0] {
            let luma = (0..SIDE * SIDE)
                .map(|i| {
                    let x = (i % SIDE) as f32 - SIDE as f32 / 2.0;
                    90.0 + 80.0 * (-x * x / (2.0 * sigma * sigma)).exp()
                })
                .collect();
            let v = fitted(&reblurs, luma).variance;
            assert!((v.sqrt() as f32 - sigma).abs() < 0.05 * sigma + 0.2, "σ {sigma}");
        }
    }

    #[test]
    fn a_sharpened_step_gives_the_blur_beneath_the_sharpening() {
        let reblurs = Reblurs::new(Grain::default());
        // The plain Gaussian reading, σ² − a·r² (see the module docs), would be 0 for all of
        // these. Measured (amounts 1 and 2): 1.5 → 1.49 and 1.49, 2 → 1.98 and 1.73, 3 → 2.98
        // and 2.59: a strong sharpening can pass for a plain blur of a sharper line.
        for sigma in [1.5, 2.0, 3.0] {
            for amount in [1.0, 2.0] {
                let step = blurred_step(sigma, 0.5);
                let fit = fitted(&reblurs, unsharp_rows(&step, amount, sigma as f32));
                let got = fit.variance.sqrt();
                assert!(fit.is_sure(), "σ {sigma}, amount {amount}: {fit:?}");
                assert!((got - sigma).abs() < 0.15 * sigma, "σ {sigma}, amount {amount}: {got:.2}");
            }
        }
    }

    #[test]
    fn block_steps_are_measured_and_their_energy_predicted() {
        use rand::{RngExt, SeedableRng};
        // Patches of flat 8 × 8 blocks at ±4 levels, aligned with the photo's block grid: the
        // neighbouring blocks differ by 0 or ±8 levels, equally likely, a step variance of 32.
        let mut rng = rand_pcg::Pcg64Mcg::seed_from_u64(3);
        let reblurs = Reblurs::new(Grain::default());
        let (mut steps, mut energy) = (BlockSteps::default(), [0.0; LEVELS]);
        let patches = 40;
        for p in 0..patches {
            let offset = p % JPEG_BLOCK_PX; // the patch's corner, px
            let blocks = SIDE / JPEG_BLOCK_PX + 2;
            let level: Vec<f32> = (0..blocks * blocks)
                .map(|_| if rng.random::<bool>() { 4.0 } else { -4.0 })
                .collect();
            let luma: Vec<f32> = (0..SIDE * SIDE)
                .map(|i| {
                    let block = |v: usize| (v + offset) / JPEG_BLOCK_PX;
                    100.0 + level[block(i / SIDE) * blocks + block(i % SIDE)]
                })
                .collect();
            steps = steps.plus(&BlockSteps::of(&luma, [offset as u32; 2]));
            let mut scratch = Scratch { luma, ..Scratch::default() };
            for (e, kernel) in energy.iter_mut().zip(&reblurs.kernels) {
                *e += scratch.gradient_energy(kernel) / (patches * MIDDLE * MIDDLE) as f64;
            }
        }
        for v in steps.excess_variance() {
            assert!((v - 32.0).abs() < 0.1 * 32.0, "step variance {v:.1}, not 32");
        }
        let predicted = reblurs.blocking_energy_per_px(steps.excess_variance());
        for (got, want) in energy.into_iter().zip(predicted) {
            assert!((got - want).abs() < 0.15 * want, "{got:.3} per px, predicted {want:.3}");
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
        // Measured (on a pixel boundary and through a pixel centre): 0.5 → 0.62 and 0.71,
        // 1 → 1.06 and 1.06, 2 → 1.98 and 1.98, 3 → 2.98 and 2.98. (4 reads 5.97: beyond
        // MAX_LEVEL_BLUR_PX the blur is measured on a coarser level.)
        for sigma in [0.5, 1.0, 2.0, 3.0] {
            for phase_px in [0.0, 0.5] {
                let v = fitted(&reblurs, blurred_step(sigma, phase_px)).variance;
                let tolerance = 0.05 * sigma + 0.2;
                assert!((v.sqrt() - sigma).abs() < tolerance, "σ {sigma}: {:.2}", v.sqrt());
            }
        }
    }
}
