//! The shape of one pigment dot: a soft-edged, slightly irregular ellipse with a faint halo.
//!
//! What makes a dot read as healed SMP rather than a printed speck, as found calibrating the
//! renderer: a soft edge about 0.45 of the radius wide, a slight 2- and 3-fold wobble of the
//! outline, and a faint wide halo (light scattered in the skin). The brush turns a dot into *coverage*: for every
//! pixel, the mean over the pixel's area of the dot's pigment profile (0 = no pigment, 1 = core).
//!
//! Frame: image pixels, origin at the top-left corner of pixel (0, 0); pixel (i, j) covers
//! `[i, i+1) × [j, j+1)`.

use crate::math::smoothstep;
use crate::seed::splitmix64;

/// Parameters of the dot profile shared by every dot of one render.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct BrushShape {
    /// Width of the soft edge as a fraction of the radius (centred on the outline).
    pub soft_edge: f32,
    /// Outer radius of the halo as a multiple of the dot radius.
    pub halo_radius: f32,
    /// Darkness of the halo next to the core, as a fraction of the core's darkness.
    pub halo_strength: f32,
    /// Amplitude of each of the 2- and 3-fold outline wobbles, as a fraction of the radius.
    pub irregularity: f32,
    /// σ of the camera's Gaussian blur applied to the coverage after rasterising, px (not a
    /// fraction of the radius: the camera blurs every dot alike).
    pub blur_px: f32,
}

impl BrushShape {
    /// Largest normalised distance (1 = outline) at which the profile is non-zero.
    pub fn reach(&self) -> f32 {
        let wobble = 1.0 + 2.0 * self.irregularity;
        (self.halo_radius.max(1.0 + 0.5 * self.soft_edge)) * wobble
    }
}

/// The outline wobble of one dot: radius factor `1 + a2·cos2θ + b2·sin2θ + a3·cos3θ + b3·sin3θ`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Wobble {
    a2: f32,
    b2: f32,
    a3: f32,
    b3: f32,
}

impl Wobble {
    /// A wobble drawn from `seed`: each fold with amplitude in `[0.5, 1] × irregularity` and a
    /// random phase, so no two dots share an outline yet none looks misshapen.
    pub fn from_seed(seed: u32, irregularity: f32) -> Self {
        let h = splitmix64(u64::from(seed));
        let unit = |shift: u32| ((h >> shift) & 0xFFFF) as f32 / 65536.0;
        let amp2 = irregularity * (0.5 + 0.5 * unit(0));
        let amp3 = irregularity * (0.5 + 0.5 * unit(16));
        let phase2 = std::f32::consts::TAU * unit(32);
        let phase3 = std::f32::consts::TAU * unit(48);
        Self {
            a2: amp2 * phase2.cos(),
            b2: amp2 * phase2.sin(),
            a3: amp3 * phase3.cos(),
            b3: amp3 * phase3.sin(),
        }
    }
}

/// One dot prepared for rasterising: an ellipse in pixels plus its wobble.
#[derive(Clone, Copy, Debug)]
pub(crate) struct DotEllipse {
    /// Centre, px.
    pub center_px: [f32; 2],
    /// Semi-axis along `major_dir`, px.
    pub radius_major_px: f32,
    /// Semi-axis across `major_dir`, px.
    pub radius_minor_px: f32,
    /// Unit vector of the major axis.
    pub major_dir: [f32; 2],
    /// Outline wobble.
    pub wobble: Wobble,
}

/// Pigment profile at normalised coordinates `(u, v)` (the ellipse's axes scaled to 1).
#[inline]
fn profile(shape: &BrushShape, w: &Wobble, u: f32, v: f32) -> f32 {
    let half = 0.5 * shape.soft_edge;
    let d = wobbled_distance(w, u, v);
    let core = 1.0 - smoothstep(1.0 - half, 1.0 + half, d);
    // The halo fills in only where the core leaves skin uncovered, so the centre stays at 1.
    let halo = shape.halo_strength * (1.0 - smoothstep(0.0, shape.halo_radius, d));
    core + halo * (1.0 - core)
}

/// Normalised distance from the centre with the outline's wobble divided out (1 = outline).
///
/// Written without branches (the centre is a select), so loops over samples vectorise.
#[inline(always)]
fn wobbled_distance(w: &Wobble, u: f32, v: f32) -> f32 {
    let rho2 = u * u + v * v;
    let rho = rho2.sqrt();
    let (c1, s1) = (u / rho, v / rho);
    let (c2, s2) = (c1 * c1 - s1 * s1, 2.0 * c1 * s1);
    let (c3, s3) = (c2 * c1 - s2 * s1, s2 * c1 + c2 * s1);
    let d = rho / (1.0 + w.a2 * c2 + w.b2 * s2 + w.a3 * c3 + w.b3 * s3);
    if rho2 > 1e-12 { d } else { 0.0 }
}

/// [`profile`] with the shape's constants hoisted, for the supersampling loop; equal to it bit
/// for bit (same operations in the same order) where both smoothsteps have edges apart.
#[derive(Clone, Copy)]
struct FastProfile {
    wobble: Wobble,
    core_from: f32,
    core_span: f32,
    halo_strength: f32,
    halo_span: f32,
}

impl FastProfile {
    /// `None` when an edge is degenerate (a zero soft edge or halo): [`profile`] handles those.
    fn new(shape: &BrushShape, wobble: Wobble) -> Option<Self> {
        let half = 0.5 * shape.soft_edge;
        let (core_from, core_to) = (1.0 - half, 1.0 + half);
        (core_to > core_from && shape.halo_radius > 0.0).then_some(Self {
            wobble,
            core_from,
            core_span: core_to - core_from,
            halo_strength: shape.halo_strength,
            halo_span: shape.halo_radius - 0.0,
        })
    }

    #[inline(always)]
    fn at(&self, u: f32, v: f32) -> f32 {
        let d = wobbled_distance(&self.wobble, u, v);
        let tc = ((d - self.core_from) / self.core_span).clamp(0.0, 1.0);
        let core = 1.0 - tc * tc * (3.0 - 2.0 * tc);
        let th = ((d - 0.0) / self.halo_span).clamp(0.0, 1.0);
        let halo = self.halo_strength * (1.0 - th * th * (3.0 - 2.0 * th));
        core + halo * (1.0 - core)
    }
}

/// Integral of the profile over the plane for a unit circle without wobble, in units of
/// the ellipse's area (π·a·b); multiply by π·a·b for px².
#[cfg(test)]
pub(crate) fn profile_area_factor(shape: &BrushShape) -> f32 {
    // Radial integral 2∫ p(d)·d dd by the midpoint rule; fine enough for normalising darkness.
    let steps = 4096;
    let end = shape.reach() / (1.0 + 2.0 * shape.irregularity);
    let dd = end / steps as f32;
    let flat = Wobble { a2: 0.0, b2: 0.0, a3: 0.0, b3: 0.0 };
    let mut sum = 0.0f64;
    for i in 0..steps {
        let d = (i as f32 + 0.5) * dd;
        sum += f64::from(profile(shape, &flat, d, 0.0) * d * dd);
    }
    (2.0 * sum) as f32
}

/// A rectangle of per-pixel coverages, row-major, top-left pixel at `origin_px`.
#[derive(Clone, Debug, Default)]
pub(crate) struct Footprint {
    /// Pixel coordinates of the top-left coverage value.
    pub origin_px: [i32; 2],
    /// Width in pixels.
    pub width: usize,
    /// Height in pixels.
    pub height: usize,
    /// Coverages in `[0, 1]`, `width × height`, row-major.
    pub coverage: Vec<f32>,
}

/// Rasterises `e` into `out`: each value is the mean of the profile over that pixel's area.
///
/// Pixels well inside the core or beyond the soft edge are sampled once at their centre (the
/// profile is flat or slowly varying there); pixels the soft edge crosses are supersampled on a
/// grid fine enough to resolve the edge, so sub-pixel dots keep their true coverage.
pub(crate) fn rasterize(shape: &BrushShape, e: &DotEllipse, out: &mut Footprint) {
    let n = samples_per_side(shape, e.radius_minor_px);
    rasterize_sampled(shape, e, out, n);
}

/// Samples per pixel side for a dot whose minor radius is `b` px, so that the edge, as the
/// camera sees it, spans at least ~6 sample steps.
///
/// The midpoint rule's error grows with the edge's curvature: the reference test holds each
/// pixel within one sRGB step of a 64 × 64 integration (4 steps across a sharp edge missed it by
/// 0.16 of a step; 8, as first written, cost 1.8 times as many samples on the 2–4 px dots of
/// 12-MP photos). A camera's blur of σ px widens the edge the eye sees to about
/// √(edge² + (BLUR_EDGE_FACTOR·σ)²), and only that edge needs resolving.
pub(crate) fn samples_per_side(shape: &BrushShape, b: f32) -> usize {
    let edge_px = shape.soft_edge * b;
    let blur_px = BLUR_EDGE_FACTOR * shape.blur_px;
    let seen_px = (edge_px * edge_px + blur_px * blur_px).sqrt().min(b);
    ((6.0 / seen_px).ceil() as usize).clamp(1, 8)
}

/// How much of the camera's σ counts as edge width in [`samples_per_side`]; chosen by the test
/// that holds blurred stamps to the fully sampled ones.
const BLUR_EDGE_FACTOR: f32 = 1.0;

/// [`rasterize`] with `n × n` samples in the pixels the soft edge crosses.
pub(crate) fn rasterize_sampled(shape: &BrushShape, e: &DotEllipse, out: &mut Footprint, n: usize) {
    let a = e.radius_major_px;
    let b = e.radius_minor_px;
    let [dx, dy] = e.major_dir;
    let reach = shape.reach();
    // Axis-aligned half extents of the ellipse scaled by `reach`.
    let hx = reach * ((a * dx).powi(2) + (b * dy).powi(2)).sqrt();
    let hy = reach * ((a * dy).powi(2) + (b * dx).powi(2)).sqrt();
    let [cx, cy] = e.center_px;
    let x0 = (cx - hx).floor() as i32;
    let y0 = (cy - hy).floor() as i32;
    let x1 = (cx + hx).floor() as i32;
    let y1 = (cy + hy).floor() as i32;
    out.origin_px = [x0, y0];
    out.width = (x1 - x0 + 1) as usize;
    out.height = (y1 - y0 + 1) as usize;
    out.coverage.clear();
    out.coverage.resize(out.width * out.height, 0.0);

    // Pixel offsets → normalised (u, v): u = (p·dir)/a, v = (p·dir⊥)/b.
    let (ux, uy) = (dx / a, dy / a);
    let (vx, vy) = (-dy / b, dx / b);
    let half = 0.5 * shape.soft_edge;
    let wob = 1.0 + 2.0 * shape.irregularity;
    // Half-diagonal of a pixel in normalised units (worst direction: across the minor axis).
    let pix = std::f32::consts::FRAC_1_SQRT_2 / b;
    let inner = (1.0 - half) / wob;
    let outer = (1.0 + half) * wob;
    let step = 1.0 / n as f32;
    // Each sample's offset from the pixel centre along u and v, split into the x and y parts so
    // that a sample is `u + ox·ux + oy·uy` evaluated in exactly that order.
    let samples = n * n;
    let mut offset = [[0.0f32; 4]; MAX_SAMPLES];
    for (k, o) in offset[..samples].iter_mut().enumerate() {
        let ox = ((k % n) as f32 + 0.5) * step - 0.5;
        let oy = ((k / n) as f32 + 0.5) * step - 0.5;
        *o = [ox * ux, oy * uy, ox * vx, oy * vy];
    }
    let fast = FastProfile::new(shape, e.wobble);
    let mut values = [0.0f32; MAX_SAMPLES];

    let width = out.width;
    for (row, coverage) in out.coverage.chunks_exact_mut(width).enumerate() {
        let py = (y0 + row as i32) as f32 + 0.5 - cy;
        let centre = |col: usize| {
            let px = (x0 + col as i32) as f32 + 0.5 - cx;
            (px * ux + py * uy, px * vx + py * vy)
        };
        // Every pixel sampled once at its centre first: most of a stamp is halo, and this loop
        // has no branches, so the compiler vectorises it.
        match &fast {
            Some(fast) => {
                for (col, value) in coverage.iter_mut().enumerate() {
                    let (u, v) = centre(col);
                    *value = fast.at(u, v);
                }
            }
            None => {
                for (col, value) in coverage.iter_mut().enumerate() {
                    let (u, v) = centre(col);
                    *value = profile(shape, &e.wobble, u, v);
                }
            }
        }
        // Then the core is set to 1 and the pixels the soft edge crosses are supersampled.
        for (col, value) in coverage.iter_mut().enumerate() {
            let (u, v) = centre(col);
            let rho = (u * u + v * v).sqrt();
            if rho + pix < inner {
                *value = 1.0;
            } else if rho - pix > outer || n == 1 {
                // The centre's value stands.
            } else if let Some(fast) = &fast {
                // Profile values first, in a branch-free loop the compiler vectorises, then
                // summed in sample order.
                for (sample, o) in values[..samples].iter_mut().zip(&offset[..samples]) {
                    *sample = fast.at(u + o[0] + o[1], v + o[2] + o[3]);
                }
                *value = values[..samples].iter().sum::<f32>() / samples as f32;
            } else {
                *value = offset[..samples]
                    .iter()
                    .map(|o| profile(shape, &e.wobble, u + o[0] + o[1], v + o[2] + o[3]))
                    .sum::<f32>()
                    / samples as f32;
            }
        }
    }
}

/// Most samples per pixel: 8 × 8.
const MAX_SAMPLES: usize = 64;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::splat::camera::blur_footprint;

    const SHAPE: BrushShape = BrushShape {
        soft_edge: 0.45,
        halo_radius: 2.4,
        halo_strength: 0.07,
        irregularity: 0.06,
        blur_px: 0.0,
    };

    fn circle(center_px: [f32; 2], r: f32, seed: u32) -> DotEllipse {
        DotEllipse {
            center_px,
            radius_major_px: r,
            radius_minor_px: r,
            major_dir: [1.0, 0.0],
            wobble: Wobble::from_seed(seed, SHAPE.irregularity),
        }
    }

    #[test]
    fn total_coverage_matches_the_profile_integral_at_any_subpixel_offset() {
        let flat = BrushShape { irregularity: 0.0, ..SHAPE };
        let expected_per_area = profile_area_factor(&flat);
        let mut fp = Footprint::default();
        for &r in &[0.6f32, 1.0, 2.5] {
            for &off in &[0.0f32, 0.25, 0.5, 0.8] {
                let e = circle([10.0 + off, 20.0 + off * 0.7], r, 1);
                rasterize(&flat, &e, &mut fp);
                let sum: f32 = fp.coverage.iter().sum();
                let expected = expected_per_area * std::f32::consts::PI * r * r;
                assert!(
                    (sum - expected).abs() / expected < 0.03,
                    "r {r} off {off}: {sum} vs {expected}"
                );
            }
        }
    }

    /// Coverage error below which a pixel cannot move by a whole sRGB step: at full darkness
    /// (absorbing 90 %) on mid-tone skin, where linear → sRGB is steepest for skin (×1.6). The
    /// same bound as the splat's reference test against a 64 × 64 integration.
    const SRGB_STEP_COVERAGE: f32 = 1.0 / (255.0 * 1.6 * 0.9);

    #[test]
    fn through_a_blurring_camera_fewer_samples_give_the_fully_sampled_coverage() {
        // Measured: at most 0.84 of the bound, and that on the sharpest camera, whose sample
        // count is the same as without blur; mass at most 0.3 % off.
        let (mut fewer, mut full, mut tmp) = (Footprint::default(), Footprint::default(), vec![]);
        let mut reduced = 0;
        for blur_px in [0.3f32, 0.6, 1.0, 1.5, 2.5, 4.0] {
            let shape = BrushShape { blur_px, ..SHAPE };
            for r in [0.7f32, 1.0, 1.6, 2.5, 3.5] {
                for roundness in [1.0f32, 0.6, 0.3] {
                    let b = (r * roundness).max(0.7);
                    let n = samples_per_side(&shape, b);
                    reduced += usize::from(n < samples_per_side(&SHAPE, b));
                    for phase in [0.0f32, 0.25, 0.5, 0.75] {
                        let e = DotEllipse {
                            center_px: [10.0 + phase, 10.0 + 0.5 * phase],
                            radius_major_px: r.max(b),
                            radius_minor_px: b,
                            major_dir: [0.8f32.cos(), 0.8f32.sin()],
                            wobble: Wobble::from_seed(3, SHAPE.irregularity),
                        };
                        rasterize_sampled(&shape, &e, &mut fewer, n);
                        rasterize_sampled(&shape, &e, &mut full, 8);
                        blur_footprint(&mut fewer, blur_px, &mut tmp);
                        blur_footprint(&mut full, blur_px, &mut tmp);
                        assert_eq!(fewer.coverage.len(), full.coverage.len());
                        let error = fewer
                            .coverage
                            .iter()
                            .zip(&full.coverage)
                            .map(|(a, b)| (a - b).abs())
                            .fold(0.0, f32::max);
                        let case = format!(
                            "blur {blur_px} r {r} roundness {roundness} phase {phase}, {n} samples per side"
                        );
                        assert!(error <= SRGB_STEP_COVERAGE, "{case}: a pixel is off by {error}");
                        let mass: [f32; 2] = [&fewer, &full].map(|fp| fp.coverage.iter().sum());
                        assert!(
                            (mass[0] - mass[1]).abs() < 0.005 * mass[1],
                            "{case}: mass {mass:?}"
                        );
                    }
                }
            }
        }
        // 35 of the 90 cases sample fewer points than a sharp camera would.
        assert!(reduced >= 30, "the blur lowered the sample count in only {reduced} of 90 cases");
    }

    #[test]
    fn wobble_differs_between_seeds_and_stays_slight() {
        let w1 = Wobble::from_seed(1, 0.06);
        let w2 = Wobble::from_seed(2, 0.06);
        assert_ne!(w1, w2);
        for w in [w1, w2] {
            assert!((w.a2.hypot(w.b2)) <= 0.06 + 1e-6 && (w.a3.hypot(w.b3)) <= 0.06 + 1e-6);
        }
    }
}
