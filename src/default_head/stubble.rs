//! Shaved stubble where the client still has hair, for the default head.
//!
//! SMP imitates a shaved scalp, so a preview on the default head must show the client's own
//! remaining hair the same way: short dark stubs, slightly darker and more elongated than the
//! pigment dots. Hairs are sampled on the scalp map from the plan's native-hair density
//! (hairs/cm²), grouped in follicular units of 1–4 hairs, and point away from the crown whorl
//! as scalp hair grows. The scan places each hair on its skin; [`StubbleHair::to_screen_dot`]
//! turns the projection's local Jacobian into the stub's ellipse, so stubs foreshorten like dots.

use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64Mcg;
use rayon::prelude::*;

use crate::field::DensityField;
use crate::geom::{MapPoint, MapRect};
use crate::seed::GOLDEN_GAMMA;
use crate::splat::ScreenDot;

/// How stubble is sampled and drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StubbleOptions {
    /// Seed of the hair positions and directions. Default `0`.
    pub seed: u64,
    /// Mean visible length of a shaved hair, mm (a zero-guard shave leaves about 0.3–0.6 mm;
    /// seen from a step away it reads as a short dark dash). Default `0.35`.
    pub length_mm: f32,
    /// Hair shaft diameter, mm (scalp hair is 0.05–0.1 mm). Default `0.09`.
    pub width_mm: f32,
    /// Darkness of a stub as pigment strength, in `(0, 1]`. Default `0.85` (darker than dots).
    pub strength: f32,
    /// Centre of the crown whorl on the scalp map, mm; hair points away from it.
    /// Default `(-15, 190)`: right of the midline, where the crown whorl usually lies, near the
    /// vertex.
    pub whorl_mm: MapPoint,
    /// Random spread of hair directions, radians (standard deviation). Default `0.3`.
    pub direction_spread_rad: f32,
}

impl Default for StubbleOptions {
    fn default() -> Self {
        Self {
            seed: 0,
            length_mm: 0.35,
            width_mm: 0.09,
            strength: 0.85,
            whorl_mm: MapPoint::new(-15.0, 190.0),
            direction_spread_rad: 0.3,
        }
    }
}

/// One shaved hair on the scalp map.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StubbleHair {
    /// Where the hair leaves the skin, scalp map mm.
    pub position: MapPoint,
    /// Unit direction the stub points in, on the scalp map.
    pub direction: [f32; 2],
    /// Visible length, mm.
    pub length_mm: f32,
    /// Shaft diameter, mm.
    pub width_mm: f32,
    /// Darkness as pigment strength, in `(0, 1]`.
    pub strength: f32,
    /// Seed of the stub's outline irregularity.
    pub shape_seed: u32,
}

/// Hairs per follicular unit and their shares (1: 25 %, 2: 45 %, 3: 25 %, 4: 5 %); mean 2.1.
const HAIRS_PER_UNIT: [(u32, f32); 4] = [(1, 0.25), (2, 0.45), (3, 0.25), (4, 0.05)];
const MEAN_HAIRS_PER_UNIT: f32 = 2.1;
/// Spread of the hairs of one unit around its centre, mm.
const UNIT_SPREAD_MM: f32 = 0.18;

/// Samples the stubble of `native_hair` (hairs/cm²) over `extent`, deterministically from
/// `options.seed` (rows of the sampling grid are drawn in parallel, each from its own seed).
pub fn sample_stubble<F: DensityField + ?Sized>(
    native_hair: &F,
    extent: MapRect,
    options: &StubbleOptions,
) -> Vec<StubbleHair> {
    let max_units_per_mm2 = native_hair.max_density_per_cm2() / 100.0 / MEAN_HAIRS_PER_UNIT;
    let usable = |v: f32| v.is_finite() && v > 0.0;
    if !usable(max_units_per_mm2) || !usable(extent.area_mm2()) {
        return Vec::new();
    }
    // One candidate unit per cell of a jittered grid, kept with probability ρ(p) / ρ_max.
    let cell_mm = 1.0 / max_units_per_mm2.sqrt();
    let cols = (extent.width_mm() / cell_mm).ceil() as u32;
    let rows = (extent.height_mm() / cell_mm).ceil() as u32;
    let rows: Vec<Vec<StubbleHair>> = (0..rows)
        .into_par_iter()
        .map(|row| {
            let mut rng = Pcg64Mcg::seed_from_u64(
                options.seed ^ (u64::from(row) + 1).wrapping_mul(GOLDEN_GAMMA),
            );
            let mut hairs = Vec::new();
            for col in 0..cols {
                let x = extent.min.x_mm + (col as f32 + rng.random::<f32>()) * cell_mm;
                let y = extent.min.y_mm + (row as f32 + rng.random::<f32>()) * cell_mm;
                let keep = rng.random::<f32>();
                let unit = MapPoint::new(x, y);
                let density = native_hair.density_per_cm2(unit) / 100.0 / MEAN_HAIRS_PER_UNIT;
                if !extent.contains(unit) || keep >= density / max_units_per_mm2 {
                    continue;
                }
                push_unit(&mut rng, unit, row, col, options, &mut hairs);
            }
            hairs
        })
        .collect();
    rows.into_iter().flatten().collect()
}

/// Adds the hairs of one follicular unit centred on `unit`.
fn push_unit(
    rng: &mut Pcg64Mcg,
    unit: MapPoint,
    row: u32,
    col: u32,
    options: &StubbleOptions,
    out: &mut Vec<StubbleHair>,
) {
    let pick = rng.random::<f32>();
    let mut acc = 0.0;
    let count = HAIRS_PER_UNIT.iter().find(|(_, share)| {
        acc += share;
        pick < acc
    });
    let count = count.map_or(1, |(n, _)| *n);
    // Away from the whorl, turned a little so the crown swirls rather than radiates.
    let (dx, dy) = (unit.x_mm - options.whorl_mm.x_mm, unit.y_mm - options.whorl_mm.y_mm);
    let dist = dx.hypot(dy).max(1e-3);
    let swirl = 0.8 * (-dist / 40.0).exp();
    let base = dy.atan2(dx) + swirl;
    for i in 0..count {
        let spread = options.direction_spread_rad * gaussian(rng);
        let angle = base + spread;
        let offset = if count == 1 { [0.0, 0.0] } else { [gaussian(rng), gaussian(rng)] };
        out.push(StubbleHair {
            position: MapPoint::new(
                unit.x_mm + UNIT_SPREAD_MM * offset[0],
                unit.y_mm + UNIT_SPREAD_MM * offset[1],
            ),
            direction: [angle.cos(), angle.sin()],
            length_mm: options.length_mm * rng.random_range(0.6..1.3f32),
            width_mm: options.width_mm * rng.random_range(0.8..1.15f32),
            strength: (options.strength * rng.random_range(0.85..1.0f32)).min(1.0),
            shape_seed: row.wrapping_mul(0x01F3_5A4B) ^ col.wrapping_mul(0x0007_A3C1) ^ i,
        });
    }
}

/// A standard normal draw (Box–Muller), kept local so stubble does not depend on rand_distr's
/// sampling order.
fn gaussian(rng: &mut Pcg64Mcg) -> f32 {
    let u1 = rng.random::<f32>().max(1e-7);
    let u2 = rng.random::<f32>();
    (-2.0 * u1.ln()).sqrt() * (std::f32::consts::TAU * u2).cos()
}

impl StubbleHair {
    /// The stub as it lands in an image: the head model gives the projected position of
    /// [`StubbleHair::position`] and the projection's Jacobian there, `jacobian_px_per_mm[i][j]`
    /// = ∂(pixel axis i) / ∂(map axis j) (i: x_px, y_px; j: x_mm, y_mm).
    ///
    /// The stub starts at the follicle and lies along its direction, so its centre is shifted
    /// half a length from `center_px`.
    pub fn to_screen_dot(
        self,
        center_px: [f32; 2],
        jacobian_px_per_mm: [[f32; 2]; 2],
    ) -> ScreenDot {
        let j = jacobian_px_per_mm;
        let [dx, dy] = self.direction;
        let (half_l, half_w) = (0.5 * self.length_mm, 0.5 * self.width_mm);
        // Map-space ellipse axes, pushed through the Jacobian: columns of J · [d·L/2, n·W/2].
        let along = [j[0][0] * dx + j[0][1] * dy, j[1][0] * dx + j[1][1] * dy];
        let across = [-j[0][0] * dy + j[0][1] * dx, -j[1][0] * dy + j[1][1] * dx];
        let a = [[along[0] * half_l, across[0] * half_w], [along[1] * half_l, across[1] * half_w]];
        let wide = a.map(|row| row.map(f64::from));
        let (major, minor, dir) = crate::geom::ellipse_axes(wide);
        let (radius_major_px, radius_minor_px) = (major as f32, minor as f32);
        let major_dir = dir.map(|c| c as f32);
        ScreenDot {
            center_px: [center_px[0] + along[0] * half_l, center_px[1] + along[1] * half_l],
            radius_major_px,
            radius_minor_px,
            major_dir,
            strength: self.strength,
            shape_seed: self.shape_seed,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::{LinearDensity, UniformDensity};

    #[test]
    fn stubble_follows_native_density_and_is_deterministic() {
        let field = UniformDensity { density_per_cm2: 150.0 };
        let extent = MapRect::from_size_mm(50.0, 40.0);
        let options = StubbleOptions { seed: 9, ..StubbleOptions::default() };
        let hairs = sample_stubble(&field, extent, &options);
        let per_cm2 = hairs.len() as f32 / (extent.area_mm2() / 100.0);
        assert!((per_cm2 - 150.0).abs() < 15.0, "{per_cm2} hairs/cm²");
        assert_eq!(hairs, sample_stubble(&field, extent, &options));
        assert_ne!(hairs, sample_stubble(&field, extent, &StubbleOptions { seed: 10, ..options }));
    }

    #[test]
    fn bald_areas_get_no_stubble() {
        let extent = MapRect::from_size_mm(100.0, 20.0);
        let none = sample_stubble(
            &UniformDensity { density_per_cm2: 0.0 },
            extent,
            &StubbleOptions::default(),
        );
        assert!(none.is_empty());
        // Density rising from 0 at x = 0 to 200 at x = 100: the left fifth holds few hairs.
        let ramp = LinearDensity { x0_mm: 0.0, from_per_cm2: 0.0, x1_mm: 100.0, to_per_cm2: 200.0 };
        let hairs = sample_stubble(&ramp, extent, &StubbleOptions::default());
        let left = hairs.iter().filter(|h| h.position.x_mm < 20.0).count();
        let right = hairs.iter().filter(|h| h.position.x_mm >= 80.0).count();
        assert!(left * 5 < right, "{left} vs {right}");
    }

    #[test]
    fn hair_points_away_from_the_whorl() {
        let options = StubbleOptions { direction_spread_rad: 0.0, ..StubbleOptions::default() };
        let extent = MapRect { min: MapPoint::new(-20.0, 20.0), max: MapPoint::new(20.0, 60.0) };
        let hairs = sample_stubble(&UniformDensity { density_per_cm2: 100.0 }, extent, &options);
        // The forehead lies far in front of the whorl: hair there points forward (−y).
        assert!(hairs.iter().all(|h| h.direction[1] < -0.8));
    }

    #[test]
    fn stub_ellipse_follows_the_jacobian() {
        let hair = StubbleHair {
            position: MapPoint::new(0.0, 0.0),
            direction: [0.0, 1.0],
            length_mm: 0.4,
            width_mm: 0.08,
            strength: 0.9,
            shape_seed: 1,
        };
        // 10 px/mm, image axes equal to map axes: a 4 px long, 0.8 px wide stub along +y.
        let dot = hair.to_screen_dot([50.0, 50.0], [[10.0, 0.0], [0.0, 10.0]]);
        assert!(
            (dot.radius_major_px - 2.0).abs() < 1e-4 && (dot.radius_minor_px - 0.4).abs() < 1e-4
        );
        assert!(dot.major_dir[1].abs() > 0.999);
        assert!((dot.center_px[1] - 52.0).abs() < 1e-4);
        // Foreshortened along y by half: the stub shortens, its width stays.
        let squashed = hair.to_screen_dot([50.0, 50.0], [[10.0, 0.0], [0.0, 5.0]]);
        assert!((squashed.radius_major_px - 1.0).abs() < 1e-4);
        assert!((squashed.radius_minor_px - 0.4).abs() < 1e-4);
    }
}
