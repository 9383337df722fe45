//! Seeded value noise: smooth pseudo-random variation for irregular hairlines and uneven fills.
//!
//! Lattice values come from a hash of (seed, cell), so evaluation needs no tables, no allocation
//! and gives the same value on every machine and thread.

use crate::geom::MapPoint;
use crate::seed::{GOLDEN_GAMMA, mix64, stream};

/// Smooth seeded noise in `[-1, 1]` with features about `wavelength_mm` apart.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ValueNoise {
    seed: u64,
    inv_wavelength_per_mm: f32,
}

/// Sixteen unit vectors 22.5° apart.
const GRADIENTS: [(f32, f32); 16] = [
    (1.0, 0.0),
    (0.923_879_5, 0.382_683_43),
    (0.707_106_77, 0.707_106_77),
    (0.382_683_43, 0.923_879_5),
    (0.0, 1.0),
    (-0.382_683_43, 0.923_879_5),
    (-0.707_106_77, 0.707_106_77),
    (-0.923_879_5, 0.382_683_43),
    (-1.0, 0.0),
    (-0.923_879_5, -0.382_683_43),
    (-0.707_106_77, -0.707_106_77),
    (-0.382_683_43, -0.923_879_5),
    (0.0, -1.0),
    (0.382_683_43, -0.923_879_5),
    (0.707_106_77, -0.707_106_77),
    (0.923_879_5, -0.382_683_43),
];

/// `x.floor()` as an integer, without the library call `floor` is on x86-64 without SSE4.1 (the
/// noise is evaluated for every candidate dot). Exact for |x| < 2³¹.
fn floor_i32(x: f32) -> i32 {
    let truncated = x as i32;
    truncated - i32::from(x < truncated as f32)
}

/// Quintic fade: zero first and second derivative at the lattice points, so no visible creases.
fn fade(t: f32) -> f32 {
    t * t * t * (t * (t * 6.0 - 15.0) + 10.0)
}

impl ValueNoise {
    /// Noise with the given seed and feature size in mm (clamped to at least 0.01 mm).
    pub fn new(seed: u64, wavelength_mm: f32) -> Self {
        Self { seed: mix64(seed), inv_wavelength_per_mm: 1.0 / wavelength_mm.max(0.01) }
    }

    fn lattice(&self, ix: i32, iy: i32) -> f32 {
        let key = (ix as u32 as u64) | ((iy as u32 as u64) << 32);
        let h = mix64(self.seed ^ key.wrapping_mul(GOLDEN_GAMMA));
        // 24 high bits → [0, 1) exactly representable in f32, then to [-1, 1).
        (h >> 40) as f32 * (2.0 / (1u64 << 24) as f32) - 1.0
    }

    /// Noise along one coordinate (mm), in `[-1, 1]`.
    pub fn at_1d(&self, x_mm: f32) -> f32 {
        let x = x_mm * self.inv_wavelength_per_mm;
        let i = floor_i32(x);
        let t = fade(x - i as f32);
        let a = self.lattice(i, 0);
        let b = self.lattice(i.wrapping_add(1), 0);
        a + (b - a) * t
    }

    /// Gradient of lattice point (i, j) dotted with the offset (dx, dy) from it.
    fn ramp(&self, i: i32, j: i32, dx: f32, dy: f32) -> f32 {
        let key = (i as u32 as u64) | ((j as u32 as u64) << 32);
        let h = mix64(self.seed ^ key.wrapping_mul(GOLDEN_GAMMA));
        // One of 16 evenly spaced unit gradients: a table instead of a sin/cos per corner.
        let (gx, gy) = GRADIENTS[(h >> 60) as usize];
        gx * dx + gy * dy
    }

    /// Gradient (Perlin) noise over the scalp map, in `[-1, 1]`: no blocky lattice squares, which
    /// value noise shows in 2-D.
    pub fn at(&self, p: MapPoint) -> f32 {
        let x = p.x_mm * self.inv_wavelength_per_mm;
        let y = p.y_mm * self.inv_wavelength_per_mm;
        let (i, j) = (floor_i32(x), floor_i32(y));
        let (fx, fy) = (x - i as f32, y - j as f32);
        let (tx, ty) = (fade(fx), fade(fy));
        let (i1, j1) = (i.wrapping_add(1), j.wrapping_add(1));
        let top = lerp(self.ramp(i, j, fx, fy), self.ramp(i1, j, fx - 1.0, fy), tx);
        let bottom =
            lerp(self.ramp(i, j1, fx, fy - 1.0), self.ramp(i1, j1, fx - 1.0, fy - 1.0), tx);
        // 2-D Perlin noise stays within ±√½; scale it to ±1.
        (std::f32::consts::SQRT_2 * lerp(top, bottom, ty)).clamp(-1.0, 1.0)
    }

    /// Two octaves along one coordinate (the second at half the wavelength and half the weight),
    /// normalised back to `[-1, 1]`: rounder than one octave, still cheap.
    pub fn fractal_1d(&self, x_mm: f32) -> f32 {
        let second = Self {
            seed: self.seed ^ stream::SECOND_OCTAVE,
            inv_wavelength_per_mm: 2.0 * self.inv_wavelength_per_mm,
        };
        (self.at_1d(x_mm) + 0.5 * second.at_1d(x_mm)) / 1.5
    }
}

fn lerp(a: f32, b: f32, t: f32) -> f32 {
    a + (b - a) * t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn noise_is_bounded_seeded_and_smooth() {
        let n = ValueNoise::new(7, 10.0);
        let m = ValueNoise::new(8, 10.0);
        let mut differs = false;
        let mut prev = n.at_1d(-50.0);
        for i in 1..2000 {
            let x = -50.0 + i as f32 * 0.05;
            let v = n.at_1d(x);
            assert!((-1.0..=1.0).contains(&v));
            // Smooth: a 0.05 mm step moves the value by far less than its range.
            assert!((v - prev).abs() < 0.05, "jump at {x}: {prev} → {v}");
            prev = v;
            differs |= (v - m.at_1d(x)).abs() > 0.1;
            let w = n.at(MapPoint::new(x, 0.3 * x));
            assert!((-1.0..=1.0).contains(&w));
        }
        assert!(differs, "different seeds must give different noise");
        assert_eq!(
            n.at(MapPoint::new(3.3, 4.4)),
            ValueNoise::new(7, 10.0).at(MapPoint::new(3.3, 4.4))
        );
    }

    #[test]
    fn noise_varies_on_its_wavelength() {
        let n = ValueNoise::new(1, 5.0);
        let values: Vec<f32> = (0..200).map(|i| n.at_1d(i as f32 * 5.0)).collect();
        let mean = values.iter().sum::<f32>() / values.len() as f32;
        let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f32>() / values.len() as f32;
        assert!(mean.abs() < 0.15 && var > 0.15, "mean {mean} var {var}");
    }
}
