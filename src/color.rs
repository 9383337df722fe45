//! sRGB ↔ linear light: the transfer function (IEC 61966-2-1) and the lookup tables the hot
//! paths use instead of a `powf` per channel and pixel.
//!
//! Pigment darkens skin and light shades it in linear light, but images are stored in sRGB, so
//! every painter converts both ways; they all do it here, so the curve is written once.

use std::sync::LazyLock;

/// Entries of the linear → sRGB table: 16 bits of linear precision, so that every sRGB byte
/// survives a round trip (tested) and dark tones do not band.
const LINEAR_STEPS: usize = 1 << 16;

/// Linear value of each sRGB byte.
static TO_LINEAR: LazyLock<[f32; 256]> = LazyLock::new(|| {
    let mut t = [0.0; 256];
    for (i, v) in t.iter_mut().enumerate() {
        *v = srgb_to_linear_exact(i as f32 / 255.0);
    }
    t
});

/// sRGB byte of each quantised linear value `i / (LINEAR_STEPS - 1)`.
static TO_SRGB: LazyLock<Box<[u8; LINEAR_STEPS]>> = LazyLock::new(|| {
    let mut t = Box::new([0u8; LINEAR_STEPS]);
    for (i, v) in t.iter_mut().enumerate() {
        let lin = i as f32 / (LINEAR_STEPS - 1) as f32;
        *v = (linear_to_srgb_exact(lin) * 255.0 + 0.5).clamp(0.0, 255.0) as u8;
    }
    t
});

/// Both byte tables, looked up once per caller (a splat band, say) rather than through the lazy
/// statics per pixel.
#[derive(Clone, Copy)]
pub(crate) struct SrgbLut {
    to_linear: &'static [f32; 256],
    to_srgb: &'static [u8; LINEAR_STEPS],
}

impl SrgbLut {
    /// The tables, built on first use.
    pub fn get() -> Self {
        Self { to_linear: &TO_LINEAR, to_srgb: &TO_SRGB }
    }

    /// [`SrgbLut::darken`] of `N` pixels at once: the arithmetic runs in SIMD lanes, only the
    /// table lookups stay one by one.
    #[inline]
    pub fn darken_lanes<const N: usize>(&self, bytes: [u8; N], factors: [f32; N]) -> [u8; N] {
        let linear: [f32; N] = std::array::from_fn(|i| self.to_linear[usize::from(bytes[i])]);
        let index: [u32; N] = std::array::from_fn(|i| table_index(linear[i] * factors[i]));
        index.map(|i| self.to_srgb[i as usize & (LINEAR_STEPS - 1)])
    }

    /// Linear light of sRGB `byte`.
    #[inline]
    pub fn linear(&self, byte: u8) -> f32 {
        self.to_linear[usize::from(byte)]
    }

    /// The sRGB byte of linear light `linear`, clamped to `[0, 1]`.
    #[inline]
    pub fn encode(&self, linear: f32) -> u8 {
        let index = table_index(linear.clamp(0.0, 1.0));
        self.to_srgb[index as usize & (LINEAR_STEPS - 1)]
    }

    /// `byte` (sRGB) darkened by the linear-light transmittance `factor` in `[0, 1]`.
    #[inline]
    pub fn darken(&self, byte: u8, factor: f32) -> u8 {
        let index = table_index(self.to_linear[usize::from(byte)] * factor);
        self.to_srgb[index as usize & (LINEAR_STEPS - 1)]
    }
}

/// The `TO_SRGB` entry nearest to `linear` in `[0, 1]`. Callers mask it to the table: linear
/// light times a transmittance never leaves `[0, 1]` (every factor `1 − coverage·darkness` is
/// in `[0, 1]`), and a mask, unlike `min`, stays a single SIMD instruction without SSE4.
///
/// Rounds by adding 2^23, whose sum's low mantissa bits are the rounded value: unlike a
/// saturating `as` cast this stays in SIMD lanes.
#[inline(always)]
fn table_index(linear: f32) -> u32 {
    const ROUNDER: f32 = 8_388_608.0;
    (linear * (LINEAR_STEPS - 1) as f32 + ROUNDER).to_bits().wrapping_sub(ROUNDER.to_bits())
}

/// The sRGB transfer function inverted: encoded `[0, 1]` → linear light `[0, 1]`.
pub(crate) fn srgb_to_linear_exact(c: f32) -> f32 {
    if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
}

/// The sRGB transfer function: linear light `[0, 1]` → encoded `[0, 1]`.
pub(crate) fn linear_to_srgb_exact(l: f32) -> f32 {
    if l <= 0.003_130_8 { l * 12.92 } else { 1.055 * l.powf(1.0 / 2.4) - 0.055 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_byte_survives_a_round_trip() {
        let t = SrgbLut::get();
        for b in 0..=255u8 {
            assert_eq!(t.darken(b, 1.0), b);
        }
    }

    #[test]
    fn tables_follow_the_transfer_function() {
        let t = SrgbLut::get();
        assert!((t.to_linear[128] - 0.2158).abs() < 1e-3);
        // Byte 255 is linear 1.0: halving it gives linear 0.5, sRGB 188.
        assert_eq!(t.darken(255, 0.5), 188);
        assert_eq!(t.darken(200, 0.0), 0);
    }

    #[test]
    fn lanes_match_one_by_one() {
        let t = SrgbLut::get();
        let bytes: [u8; 16] = std::array::from_fn(|i| (i * 17) as u8);
        let factors: [f32; 16] = std::array::from_fn(|i| 1.0 - i as f32 / 15.0);
        let one_by_one: [u8; 16] = std::array::from_fn(|i| t.darken(bytes[i], factors[i]));
        assert_eq!(t.darken_lanes(bytes, factors), one_by_one);
    }
}
