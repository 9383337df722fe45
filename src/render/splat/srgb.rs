//! sRGB ↔ linear-light conversion through lookup tables (the splat hot path does no `powf`).

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
static TO_SRGB: LazyLock<Vec<u8>> = LazyLock::new(|| {
    (0..LINEAR_STEPS)
        .map(|i| {
            let lin = i as f32 / (LINEAR_STEPS - 1) as f32;
            (linear_to_srgb_exact(lin) * 255.0 + 0.5).clamp(0.0, 255.0) as u8
        })
        .collect()
});

/// The sRGB transfer function inverted: encoded `[0, 1]` → linear light `[0, 1]`.
pub(crate) fn srgb_to_linear_exact(c: f32) -> f32 {
    if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
}

/// The sRGB transfer function: linear light `[0, 1]` → encoded `[0, 1]`.
pub(crate) fn linear_to_srgb_exact(l: f32) -> f32 {
    if l <= 0.003_130_8 { l * 12.92 } else { 1.055 * l.powf(1.0 / 2.4) - 0.055 }
}

/// Linear light of an sRGB byte.
#[inline]
pub(crate) fn to_linear(byte: u8) -> f32 {
    TO_LINEAR[usize::from(byte)]
}

/// sRGB byte of a linear value (clamped to `[0, 1]`).
#[inline]
pub(crate) fn to_srgb(linear: f32) -> u8 {
    let i = (linear.clamp(0.0, 1.0) * (LINEAR_STEPS - 1) as f32 + 0.5) as usize;
    TO_SRGB[i]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_byte_survives_a_round_trip() {
        for b in 0..=255u8 {
            assert_eq!(to_srgb(to_linear(b)), b);
        }
    }

    #[test]
    fn tables_follow_the_transfer_function() {
        assert!((to_linear(128) - 0.2158).abs() < 1e-3);
        assert_eq!(to_srgb(0.5), 188);
    }
}
