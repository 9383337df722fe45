//! Precomputed coverage stamps for the small, nearly round dots that dominate a preview.
//!
//! A 0.15 mm dot on a typical photo is 1–3 px across; rasterising each one exactly means hundreds
//! of supersampled profile evaluations. Instead the dot's centre is snapped to a quarter of a
//! pixel and its radius to a sixteenth, and the exact footprint for that key is computed once
//! and reused. Foreshortened dots (near the silhouette) get elliptic stamps, with roundness in 8
//! steps and orientation in 16 steps of 11.25°. The darkness is rescaled by true area ÷ stamp
//! area, so the total darkening stays exact; the snapping (at most ⅛ px in position, 1/32 px in
//! radius, 5.6° in angle) is far below what the eye can see on a 1–8 px soft dot. Through a
//! camera that blurs by 1 px or more, centres snap to half pixels and radii to eighths (at most
//! ¼ px and 1/16 px off), which the blur hides, and a quarter as many stamps are filled.
//!
//! Stamps are filled lazily through `OnceLock`, so threads share them; a stamp's content is a
//! pure function of its key, so which thread fills it never changes the output.

use std::iter::repeat_n;
use std::sync::OnceLock;

use super::brush::{BrushShape, DotEllipse, Footprint, Wobble, rasterize};
use super::camera::blur_footprint;

/// Sub-pixel positions per pixel side.
const PHASES: u32 = 4;
/// Radius quantisation steps per pixel.
const RADIUS_STEPS_PER_PX: f32 = 16.0;
/// Largest drawn radius served by a stamp, px (an 8 px wide dot). Healed dots on a 12-MP photo
/// of a head filling the frame (about 16 px/mm) are 1.5–3.5 px in radius; rasterised exactly,
/// 30 000 of them took 5.2 s (6.8 s through a blurring camera) with a 2 px limit.
pub(crate) const MAX_STAMP_RADIUS_PX: f32 = 4.0;
/// Roundness (minor ÷ major radius) from which a dot is drawn as a round stamp (area stays exact).
const MIN_ROUNDNESS: f32 = 0.85;
/// Smallest roundness served by an elliptic stamp; flatter dots are rasterised exactly.
const MIN_ELLIPTIC_ROUNDNESS: f32 = 0.3;
/// Roundness steps of elliptic stamps over `[MIN_ELLIPTIC_ROUNDNESS, MIN_ROUNDNESS)`.
const ROUNDNESS_STEPS: u32 = 8;
/// Orientation steps of elliptic stamps over half a turn (an ellipse repeats after π).
const ANGLE_STEPS: u32 = 16;
/// Outline variants of round stamps; a dot picks one from its shape seed.
const VARIANTS: u32 = 8;

/// Number of radius buckets: radius index `0..RADII`, of which `1..` are used.
const RADII: u32 = (MAX_STAMP_RADIUS_PX * RADIUS_STEPS_PER_PX) as u32 + 1;
const PHASE_COUNT: u32 = PHASES * PHASES;
/// Stamp slots of round dots; elliptic slots follow.
const ROUND_SLOTS: u32 = RADII * PHASE_COUNT * VARIANTS;
const ELLIPTIC_SLOTS: u32 = RADII * ROUNDNESS_STEPS * ANGLE_STEPS * PHASE_COUNT;

/// Where one stamp is to be drawn.
#[derive(Clone, Copy, Debug)]
pub(crate) struct StampPlacement {
    /// Index of the stamp in the cache.
    pub index: u32,
    /// Pixel that the stamp's local pixel (0, 0) lands on.
    pub anchor_px: [i32; 2],
    /// The stamp's drawn area ÷ π, px² (for the area correction).
    pub area_over_pi_px2: f32,
}

/// The lazily filled stamps of one brush shape.
pub(crate) struct StampCache {
    shape: BrushShape,
    /// Grid steps between the positions and radii stamps are made for: 1 (¼ px, 1/16 px), or
    /// 2 (½ px, ⅛ px) when the camera's blur hides the coarser snapping (see [`COARSE_BLUR_PX`]).
    snap_step: i32,
    stamps: Vec<OnceLock<Footprint>>,
}

/// Camera blur from which stamps snap to half pixels and eighths of a pixel in radius: under
/// σ ≥ 1 px a dot is drawn at least 2 px wide, so a ¼ px shift of its centre or a 1/16 px change
/// of its radius (its darkness stays exact through the area correction) cannot be seen, while
/// a preview's stamps, mostly used a few times each on a 12-MP photo, are filled a quarter as
/// often (the stamps took 19 % of a 12-MP photo preview's CPU time at 2.5 px blur).
const COARSE_BLUR_PX: f32 = 1.0;

/// The ellipse a stamp index stands for (centre relative to its anchor pixel's corner).
fn stamp_ellipse(index: u32, irregularity: f32) -> DotEllipse {
    let phase = index % PHASE_COUNT;
    let center_px =
        [(phase % PHASES) as f32 / PHASES as f32, (phase / PHASES) as f32 / PHASES as f32];
    let rest = index / PHASE_COUNT;
    if index < ROUND_SLOTS {
        let variant = rest % VARIANTS;
        let r = (rest / VARIANTS) as f32 / RADIUS_STEPS_PER_PX;
        DotEllipse {
            center_px,
            radius_major_px: r,
            radius_minor_px: r,
            major_dir: [1.0, 0.0],
            wobble: Wobble::from_seed(variant, irregularity),
        }
    } else {
        let rest = (index - ROUND_SLOTS) / PHASE_COUNT;
        let angle = (rest % ANGLE_STEPS) as f32 * std::f32::consts::PI / ANGLE_STEPS as f32;
        let roundness = roundness_of_step((rest / ANGLE_STEPS) % ROUNDNESS_STEPS);
        let r = (rest / ANGLE_STEPS / ROUNDNESS_STEPS) as f32 / RADIUS_STEPS_PER_PX;
        DotEllipse {
            center_px,
            radius_major_px: r,
            radius_minor_px: r * roundness,
            major_dir: [angle.cos(), angle.sin()],
            wobble: Wobble::from_seed(0, irregularity),
        }
    }
}

/// Coverage below which a stamp's border pixels are dropped: at full darkness it changes a
/// pixel by under 0.03 of an sRGB step, while the bounding box of the halo's reach (wobble
/// included) is about a third empty, and every stamped dot pays for its area.
const NEGLIGIBLE_COVERAGE: f32 = 1e-4;

/// Stamp rows are padded with zero coverage to a multiple of this many pixels, so a band
/// multiplies them in whole SIMD lanes (a zero multiplies a pixel by exactly 1).
pub(crate) const STAMP_LANES: usize = 4;

/// `fp` cropped to the rows and columns that hold a non-negligible coverage, its rows padded
/// on the right to a multiple of [`STAMP_LANES`].
fn trim(fp: Footprint) -> Footprint {
    let w = fp.width;
    let keep = |i: usize| fp.coverage[i] > NEGLIGIBLE_COVERAGE;
    let rows: Vec<usize> = (0..fp.height).filter(|&r| (0..w).any(|c| keep(r * w + c))).collect();
    let cols: Vec<usize> = (0..w).filter(|&c| (0..fp.height).any(|r| keep(r * w + c))).collect();
    let (Some(&r0), Some(&r1), Some(&c0), Some(&c1)) =
        (rows.first(), rows.last(), cols.first(), cols.last())
    else {
        return Footprint { origin_px: fp.origin_px, width: 0, height: 0, coverage: Vec::new() };
    };
    let width = (c1 - c0 + 1).next_multiple_of(STAMP_LANES);
    let pad = width - (c1 - c0 + 1);
    let coverage = (r0..=r1)
        .flat_map(|r| {
            fp.coverage[r * w + c0..=r * w + c1].iter().copied().chain(repeat_n(0.0, pad))
        })
        .collect();
    Footprint {
        origin_px: [fp.origin_px[0] + c0 as i32, fp.origin_px[1] + r0 as i32],
        width,
        height: r1 - r0 + 1,
        coverage,
    }
}

/// `x` rounded to the nearest integer (halves up), saturating like `as`. `f32::round` is a
/// library call on baseline x86-64 (no SSE4.1) and measured as a visible share of preparing a
/// dot.
#[inline]
fn nearest(x: f32) -> i32 {
    let shifted = x + 0.5;
    let truncated = shifted as i32;
    truncated.saturating_sub(i32::from((truncated as f32) > shifted))
}

fn roundness_of_step(step: u32) -> f32 {
    let width = (MIN_ROUNDNESS - MIN_ELLIPTIC_ROUNDNESS) / ROUNDNESS_STEPS as f32;
    MIN_ELLIPTIC_ROUNDNESS + (step as f32 + 0.5) * width
}

impl StampCache {
    /// An empty cache for `shape`.
    pub fn new(shape: BrushShape) -> Self {
        let count = (ROUND_SLOTS + ELLIPTIC_SLOTS) as usize;
        let snap_step = if shape.blur_px >= COARSE_BLUR_PX { 2 } else { 1 };
        Self { shape, snap_step, stamps: (0..count).map(|_| OnceLock::new()).collect() }
    }

    /// The brush shape the stamps are drawn with.
    pub fn shape(&self) -> &BrushShape {
        &self.shape
    }

    /// Where the dot goes as a stamp, or `None` if stamps do not serve its size or shape.
    ///
    /// `radius_major_px` ≥ `radius_minor_px` are the drawn radii, `major_dir` a unit vector.
    pub fn place(
        &self,
        center_px: [f32; 2],
        radius_major_px: f32,
        radius_minor_px: f32,
        major_dir: [f32; 2],
        shape_seed: u32,
    ) -> Option<StampPlacement> {
        let roundness = radius_minor_px / radius_major_px;
        let step = self.snap_step;
        let qx = nearest(center_px[0] * PHASES as f32 / step as f32).saturating_mul(step);
        let qy = nearest(center_px[1] * PHASES as f32 / step as f32).saturating_mul(step);
        let phase =
            qy.rem_euclid(PHASES as i32) as u32 * PHASES + qx.rem_euclid(PHASES as i32) as u32;
        let anchor_px = [qx.div_euclid(PHASES as i32), qy.div_euclid(PHASES as i32)];
        if roundness >= MIN_ROUNDNESS {
            let r_index = (nearest(
                (radius_major_px * radius_minor_px).sqrt() * RADIUS_STEPS_PER_PX / step as f32,
            )
            .saturating_mul(step)) as f32;
            if !(1.0..RADII as f32).contains(&r_index) {
                return None;
            }
            let r = r_index / RADIUS_STEPS_PER_PX;
            let index = ((r_index as u32) * VARIANTS + shape_seed % VARIANTS) * PHASE_COUNT + phase;
            return Some(StampPlacement { index, anchor_px, area_over_pi_px2: r * r });
        }
        if roundness < MIN_ELLIPTIC_ROUNDNESS {
            return None;
        }
        let r_index = (nearest(radius_major_px * RADIUS_STEPS_PER_PX / step as f32)
            .saturating_mul(step)) as f32;
        if !(1.0..RADII as f32).contains(&r_index) {
            return None;
        }
        let width = (MIN_ROUNDNESS - MIN_ELLIPTIC_ROUNDNESS) / ROUNDNESS_STEPS as f32;
        let step = (((roundness - MIN_ELLIPTIC_ROUNDNESS) / width) as u32).min(ROUNDNESS_STEPS - 1);
        let angle = major_dir[1].atan2(major_dir[0]).rem_euclid(std::f32::consts::PI);
        let angle_step =
            (nearest(angle / std::f32::consts::PI * ANGLE_STEPS as f32) as u32) % ANGLE_STEPS;
        let slot = ((r_index as u32 * ROUNDNESS_STEPS + step) * ANGLE_STEPS + angle_step)
            * PHASE_COUNT
            + phase;
        let r = r_index / RADIUS_STEPS_PER_PX;
        Some(StampPlacement {
            index: ROUND_SLOTS + slot,
            anchor_px,
            area_over_pi_px2: r * r * roundness_of_step(step),
        })
    }

    /// The stamp with `index` (from [`StampCache::place`]), computed on first use; its
    /// `origin_px` is relative to the anchor.
    pub fn stamp(&self, index: u32) -> &Footprint {
        self.stamps[index as usize].get_or_init(|| {
            let mut fp = Footprint::default();
            rasterize(&self.shape, &stamp_ellipse(index, self.shape.irregularity), &mut fp);
            blur_footprint(&mut fp, self.shape.blur_px, &mut Vec::new());
            trim(fp)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rounds_halves_up_and_saturates() {
        for x in [0.0f32, 0.49, 0.5, 0.51, 1.5, 80.5, 123.4, -0.4, -0.5, -0.6, -2.5, -7.7] {
            assert_eq!(nearest(x), (x + 0.5).floor() as i32, "{x}");
        }
        assert_eq!(nearest(1e20), i32::MAX);
        assert_eq!(nearest(-1e20), i32::MIN);
    }

    #[test]
    fn through_a_blurring_camera_stamps_snap_coarser_and_fewer_are_made() {
        let sharp = BrushShape {
            soft_edge: 0.45,
            halo_radius: 3.0,
            halo_strength: 0.35,
            irregularity: 0.06,
            blur_px: 0.0,
        };
        let blurred = BrushShape { blur_px: COARSE_BLUR_PX, ..sharp };
        let mut distinct = [std::collections::BTreeSet::new(), std::collections::BTreeSet::new()];
        for (cache_index, shape) in [sharp, blurred].into_iter().enumerate() {
            let cache = StampCache::new(shape);
            let (most_off_px, most_off_radius_px) =
                if cache_index == 0 { (0.125, 1.0 / 32.0) } else { (0.25, 1.0 / 16.0) };
            for i in 0..2000u32 {
                let unit =
                    |k: u32| (crate::seed::splitmix64(u64::from(i * 4 + k)) % 10_000) as f32 / 1e4;
                let centre = [100.0 + 7.0 * unit(0), 50.0 + 7.0 * unit(1)];
                let r = 0.8 + 2.5 * unit(2);
                let roundness = if i % 2 == 0 { 1.0 } else { 0.35 + 0.45 * unit(3) };
                let p = cache.place(centre, r, r * roundness, [0.6, 0.8], i).unwrap();
                let e = stamp_ellipse(p.index, shape.irregularity);
                for axis in 0..2 {
                    let drawn = p.anchor_px[axis] as f32 + e.center_px[axis];
                    assert!(
                        (drawn - centre[axis]).abs() <= most_off_px + 1e-4,
                        "{drawn} vs {centre:?}"
                    );
                }
                let radius_off = (e.radius_major_px - r).abs();
                assert!(
                    radius_off <= most_off_radius_px + 1e-4,
                    "radius {} vs {r}",
                    e.radius_major_px
                );
                distinct[cache_index].insert(p.index);
            }
        }
        let [sharp_stamps, blurred_stamps] = distinct.map(|d| d.len());
        // Measured: 788 against 1,751 (2,000 dots, most keys met once either way).
        assert!(
            blurred_stamps * 2 < sharp_stamps,
            "{blurred_stamps} stamps through the blur, {sharp_stamps} sharp"
        );
    }

    #[test]
    fn stamps_are_padded_to_whole_lanes_without_changing_coverage() {
        let shape = BrushShape {
            soft_edge: 0.45,
            halo_radius: 3.0,
            halo_strength: 0.35,
            irregularity: 0.06,
            blur_px: 0.0,
        };
        let cache = StampCache::new(shape);
        for r in [0.7f32, 1.0, 1.3, 2.0] {
            let p = cache.place([10.3, 7.6], r, r, [1.0, 0.0], 3).unwrap();
            let fp = cache.stamp(p.index);
            assert_eq!(fp.width % STAMP_LANES, 0);
            assert_eq!(fp.coverage.len(), fp.width * fp.height);
            let mut exact = Footprint::default();
            rasterize(&shape, &stamp_ellipse(p.index, shape.irregularity), &mut exact);
            let (sum, exact_sum): (f32, f32) =
                (fp.coverage.iter().sum(), exact.coverage.iter().sum());
            assert!((sum - exact_sum).abs() < 1e-3 * exact_sum, "r {r}: {sum} vs {exact_sum}");
        }
    }
}
