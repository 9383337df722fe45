//! Linear light to 8-bit sRGB for the scan renderer: a soft shoulder above 0.6 so highlights do
//! not clip, then the sRGB transfer curve through a 4096-entry table.
//!
//! Above the shoulder's start every channel paid an `exp`. The 8-bit result only steps up at
//! 52 inputs there, so those inputs are found once (by bisection on the float's bits) and a
//! bucket lookup finds the step instead; a test checks every float from 0.6 to 64 against the
//! formula, so the bytes do not change. With the channels in straight code rather than through
//! `array::map`, tone mapping went from 13 % to 9.5 % of a 2000 px front render's perf samples.

use std::sync::OnceLock;

/// Entries of the linear → sRGB table over [0, 1]: 4096 keeps every 8-bit level reachable.
const ENCODE_STEPS: usize = 4096;
/// Where the shoulder starts, linear.
const SHOULDER: f32 = 0.6;
/// Inputs from the shoulder's start up to here are looked up in buckets; every step up of the
/// output lies below it (the output reaches 255 at about 2.45).
const BUCKETED_UP_TO: f32 = 3.0;
/// Buckets over [`SHOULDER`, [`BUCKETED_UP_TO`]): fine enough that none holds two steps.
const BUCKETS: usize = 4096;
const BUCKETS_PER_UNIT: f32 = BUCKETS as f32 / (BUCKETED_UP_TO - SHOULDER);

/// The tone curve, its sRGB table and where its output steps up above the shoulder.
pub(crate) struct ToneCurve {
    encode: Vec<u8>,
    /// Output at the shoulder's start.
    shoulder_level: u8,
    /// Per bucket: how many steps up of the output lie in earlier buckets, and the input of the
    /// one step inside it (∞ if none).
    buckets: Vec<(u8, f32)>,
}

impl ToneCurve {
    /// The curve, built on first use (well under a millisecond).
    pub fn get() -> &'static ToneCurve {
        static CURVE: OnceLock<ToneCurve> = OnceLock::new();
        CURVE.get_or_init(ToneCurve::new)
    }

    fn new() -> Self {
        let encode: Vec<u8> = (0..ENCODE_STEPS)
            .map(|i| {
                let l = i as f32 / (ENCODE_STEPS - 1) as f32;
                let s =
                    if l <= 0.003_130_8 { l * 12.92 } else { 1.055 * l.powf(1.0 / 2.4) - 0.055 };
                (s * 255.0 + 0.5) as u8
            })
            .collect();
        let mut curve = Self { encode, shoulder_level: 0, buckets: Vec::new() };
        curve.shoulder_level = curve.encode_exactly(SHOULDER);
        // The smallest input at which the output reaches each level above the shoulder's.
        let steps: Vec<f32> = (u16::from(curve.shoulder_level) + 1..=255)
            .map(|level| {
                assert!(u16::from(curve.encode_exactly(BUCKETED_UP_TO)) >= level);
                // Positive floats order like their bits: bisect on the bits.
                let (mut lo, mut hi) = (SHOULDER.to_bits(), BUCKETED_UP_TO.to_bits());
                while lo < hi {
                    let mid = lo + (hi - lo) / 2;
                    if u16::from(curve.encode_exactly(f32::from_bits(mid))) >= level {
                        hi = mid;
                    } else {
                        lo = mid + 1;
                    }
                }
                f32::from_bits(lo)
            })
            .collect();
        let mut buckets = vec![(0u8, f32::INFINITY); BUCKETS];
        for (below, &step) in steps.iter().enumerate() {
            let b = bucket(step);
            assert!(buckets[b].1 == f32::INFINITY, "two steps of the tone curve in one bucket");
            buckets[b] = (below as u8, step);
        }
        let mut below = 0;
        for (count, step) in &mut buckets {
            if step.is_finite() {
                below = *count + 1;
            } else {
                *count = below;
            }
        }
        curve.buckets = buckets;
        curve
    }

    /// The formula itself: shoulder, then the sRGB table.
    fn encode_exactly(&self, x: f32) -> u8 {
        let x = x.max(0.0);
        let shouldered =
            if x < SHOULDER { x } else { 0.6 + 0.4 * (1.0 - (-(x - 0.6) / 0.4).exp()) };
        self.encode[(shouldered * (ENCODE_STEPS - 1) as f32 + 0.5) as usize]
    }

    /// 8-bit sRGB of linear value `x`: the same byte as the formula, without its `exp`.
    #[inline]
    pub fn encode(&self, x: f32) -> u8 {
        let x = x.max(0.0);
        if x < SHOULDER {
            return self.encode[(x * (ENCODE_STEPS - 1) as f32 + 0.5) as usize];
        }
        if x >= BUCKETED_UP_TO {
            return 255;
        }
        let (below, step) = self.buckets[bucket(x)];
        self.shoulder_level + below + u8::from(x >= step)
    }
}

/// The bucket of an input in [`SHOULDER`, [`BUCKETED_UP_TO`]): never decreasing in `x`, so a
/// step in an earlier bucket lies below every input of a later one.
#[inline]
fn bucket(x: f32) -> usize {
    (((x - SHOULDER) * BUCKETS_PER_UNIT) as usize).min(BUCKETS - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_match_the_formula_for_every_float_above_the_shoulder() {
        let curve = ToneCurve::get();
        let (from, to) = (SHOULDER.to_bits(), 64.0f32.to_bits());
        let differing = (from..=to)
            .map(f32::from_bits)
            .filter(|&x| curve.encode(x) != curve.encode_exactly(x))
            .count();
        assert_eq!(differing, 0);
        for x in [-1.0, 0.0, 0.3, 0.599_999_9, 1.0e30, f32::INFINITY, f32::NAN] {
            assert_eq!(curve.encode(x), curve.encode_exactly(x), "{x}");
        }
    }
}
