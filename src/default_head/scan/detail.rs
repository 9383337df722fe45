//! Skin detail finer than the colour map, for close-ups: the map holds 0.5 mm per texel on the
//! scalp, so at 20 px per mm a texel spans 10 px and the skin reads as smooth plastic. Two
//! deterministic layers in texture space are multiplied into the albedo: a fine mottle (value
//! noise at a quarter texel, ±6 %) and pores (one per cell of a jittered 2.2-texel grid, about
//! 1.1 mm apart on the scalp, 0.14–0.24 mm across, up to 30 % darker at their centre).
//!
//! They fade in between 8 and 18 px per mm: a 2000 px portrait is 6.7 px per mm, where the
//! layers would move a pixel by under one level yet cost a tenth of the render, so they are not
//! computed there at all. They are functions of the texture coordinates alone: the same pore stays
//! on the same spot of skin at any zoom, pose or thread count.

/// Map texels per side (the scan's maps are 1024²).
const TEXELS: f32 = 1024.0;
/// Pore grid cell, texels.
const PORE_CELL_TEXELS: f32 = 2.2;
/// Pore radius range, texels (0.5 mm each on the scalp).
const PORE_RADIUS_TEXELS: [f32; 2] = [0.14, 0.24];
/// Darkening at a pore's centre.
const PORE_DEPTH: f32 = 0.3;
/// Mottle cell, texels, and its amplitude.
const MOTTLE_CELL_TEXELS: f32 = 0.25;
const MOTTLE_AMPLITUDE: f32 = 0.06;
/// Close-up scale at which the detail starts to show and where it is complete, px per mm.
const FADE_PX_PER_MM: [f32; 2] = [8.0, 18.0];

/// The detail for one render.
#[derive(Clone, Copy, Debug)]
pub(crate) struct SkinDetail {
    /// 0 (none) to 1 (full).
    strength: f32,
}

impl SkinDetail {
    /// The detail a render at `px_per_mm` (at the head) shows.
    pub fn for_scale(px_per_mm: f32) -> Self {
        let [a, b] = FADE_PX_PER_MM;
        let t = ((px_per_mm - a) / (b - a)).clamp(0.0, 1.0);
        Self { strength: t * t * (3.0 - 2.0 * t) }
    }

    /// Whether the render shows any detail.
    pub fn is_visible(&self) -> bool {
        self.strength > 0.0
    }

    /// Factor on the albedo at texture coordinates `(u, v)`, around 1.
    pub fn albedo_factor(&self, u: f32, v: f32) -> f32 {
        let (x, y) = (u * TEXELS, v * TEXELS);
        let mottle = value_noise(x / MOTTLE_CELL_TEXELS, y / MOTTLE_CELL_TEXELS) * 2.0 - 1.0;
        let pore = pore_darkening(x, y);
        1.0 + self.strength * (MOTTLE_AMPLITUDE * mottle - PORE_DEPTH * pore)
    }
}

/// 0 away from pores, up to 1 at a pore's centre (smooth fall-off to its rim).
fn pore_darkening(x: f32, y: f32) -> f32 {
    let (cx, cy) = (x / PORE_CELL_TEXELS, y / PORE_CELL_TEXELS);
    let (ix, iy) = (cx.floor() as i32, cy.floor() as i32);
    let mut dark: f32 = 0.0;
    for dy in -1..=1 {
        for dx in -1..=1 {
            let (gx, gy) = (ix + dx, iy + dy);
            let h = hash(gx, gy);
            let px = (gx as f32 + unit(h)) * PORE_CELL_TEXELS;
            let py = (gy as f32 + unit(h >> 11)) * PORE_CELL_TEXELS;
            let [r0, r1] = PORE_RADIUS_TEXELS;
            let r = r0 + (r1 - r0) * unit(h >> 22);
            let d2 = ((x - px) * (x - px) + (y - py) * (y - py)) / (r * r);
            if d2 < 1.0 {
                let s = 1.0 - d2;
                dark = dark.max(s * s);
            }
        }
    }
    dark
}

/// Smooth value noise in [0, 1] on the integer lattice.
fn value_noise(x: f32, y: f32) -> f32 {
    let (x0, y0) = (x.floor(), y.floor());
    let (fx, fy) = (x - x0, y - y0);
    let (sx, sy) = (fx * fx * (3.0 - 2.0 * fx), fy * fy * (3.0 - 2.0 * fy));
    let (ix, iy) = (x0 as i32, y0 as i32);
    let at = |dx: i32, dy: i32| unit(hash(ix + dx, iy + dy));
    let top = at(0, 0) + (at(1, 0) - at(0, 0)) * sx;
    let bottom = at(0, 1) + (at(1, 1) - at(0, 1)) * sx;
    top + (bottom - top) * sy
}

/// A 32-bit hash of a lattice point (integer finaliser of the lowbias32 family).
fn hash(x: i32, y: i32) -> u32 {
    let mut h = (x as u32).wrapping_mul(0x8da6_b343) ^ (y as u32).wrapping_mul(0xd816_3841);
    h ^= h >> 16;
    h = h.wrapping_mul(0x7feb_352d);
    h ^= h >> 15;
    h = h.wrapping_mul(0x846c_a68b);
    h ^ (h >> 16)
}

/// The low 11 bits of `h` as a value in [0, 1).
fn unit(h: u32) -> f32 {
    (h & 0x7ff) as f32 / 2048.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detail_shows_only_in_close_ups_and_averages_near_one() {
        assert!(!SkinDetail::for_scale(6.7).is_visible(), "a 2000 px portrait computes no detail");
        let full = SkinDetail::for_scale(20.0);
        let n = 400;
        let (mut sum, mut darkest) = (0.0, 1.0f32);
        for i in 0..n {
            for j in 0..n {
                let f = full.albedo_factor(0.5 + i as f32 * 1e-4, 0.8 + j as f32 * 1e-4);
                sum += f;
                darkest = darkest.min(f);
            }
        }
        let mean = sum / (n * n) as f32;
        assert!((mean - 1.0).abs() < 0.03, "mean factor {mean}");
        assert!(darkest < 0.85, "no pore darkens the skin: {darkest}");
        assert_eq!(full.albedo_factor(0.31, 0.77), full.albedo_factor(0.31, 0.77));
    }
}
