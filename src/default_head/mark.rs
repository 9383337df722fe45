//! Marks: soft tinted strokes painted on the default head's surface (brows, lips, lash
//! lines, creases and the shadows under the jaw), in [`super::shape`]'s image-plane
//! millimetres.

/// How a mark changes the skin under it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Tint {
    /// Short hair (brows), mixed in at this opacity.
    Hair(f32),
    /// Lip colour, mixed in at this opacity.
    Lip(f32),
    /// A crease or opening: the skin's colour darkened to this fraction at full coverage.
    Shade(f32),
}

/// A soft tinted stroke along a quadratic curve, tapered at both ends.
#[derive(Clone, Copy, Debug)]
pub(crate) struct FaceMark {
    /// Start, control point and end of the curve, mm.
    pub curve: [[f32; 2]; 3],
    /// Full width at the start and at the end, mm.
    pub width_mm: [f32; 2],
    /// Width of the soft edge, mm.
    pub soft_mm: f32,
    /// What the mark does to the skin.
    pub tint: Tint,
    /// Points along the curve at equal steps of its parameter, kept: every pixel near the
    /// mark walks them.
    samples: [[f32; 2]; MARK_SAMPLES + 1],
}

/// Points sampled along a mark's curve: enough for the short, gentle curves of a face.
const MARK_SAMPLES: usize = 12;

impl FaceMark {
    /// A stroke from `a` through the control point `c` to `b`.
    pub fn new(a: [f32; 2], c: [f32; 2], b: [f32; 2], width_mm: [f32; 2], tint: Tint) -> Self {
        let curve = [a, c, b];
        let samples = std::array::from_fn(|i| bezier(curve, i as f32 / MARK_SAMPLES as f32));
        Self { curve, width_mm, soft_mm: 0.6, tint, samples }
    }

    /// A spot: a short, almost straight stroke of one width.
    pub fn spot(at: [f32; 2], half_len_mm: f32, deg: f32, width_mm: f32, tint: Tint) -> Self {
        let (c, s) = (deg.to_radians().cos(), deg.to_radians().sin());
        let a = [at[0] - c * half_len_mm, at[1] - s * half_len_mm];
        let b = [at[0] + c * half_len_mm, at[1] + s * half_len_mm];
        Self { soft_mm: 0.8, ..Self::new(a, at, b, [width_mm; 2], tint) }
    }

    /// The same mark with edges `soft_mm` wide.
    pub fn soft(self, soft_mm: f32) -> Self {
        Self { soft_mm, ..self }
    }

    /// Box `[u0, v0, u1, v1]` mm outside which the mark (edges at least `min_soft_mm` soft)
    /// covers nothing.
    pub(crate) fn bounds(&self, min_soft_mm: f32) -> [f32; 4] {
        let reach = 0.5 * self.width_mm[0].max(self.width_mm[1]) + self.soft_mm + min_soft_mm;
        let [a, c, b] = self.curve;
        [
            a[0].min(b[0]).min(c[0]) - reach,
            a[1].min(b[1]).min(c[1]) - reach,
            a[0].max(b[0]).max(c[0]) + reach,
            a[1].max(b[1]).max(c[1]) + reach,
        ]
    }

    /// Coverage of the mark at `(u, v)` in `[0, 1]`, with edges at least `min_soft_mm` soft.
    pub fn coverage(&self, u: f32, v: f32, min_soft_mm: f32) -> f32 {
        let b = self.bounds(min_soft_mm);
        if u < b[0] || u > b[2] || v < b[1] || v > b[3] {
            return 0.0;
        }
        // Nearest point on the sampled curve, with its parameter for the width.
        let mut best = (f32::MAX, 0.0f32);
        let mut prev = self.samples[0];
        for i in 1..=MARK_SAMPLES {
            let t1 = i as f32 / MARK_SAMPLES as f32;
            let next = self.samples[i];
            let (du, dv) = (next[0] - prev[0], next[1] - prev[1]);
            let len2 = (du * du + dv * dv).max(1e-9);
            let s = (((u - prev[0]) * du + (v - prev[1]) * dv) / len2).clamp(0.0, 1.0);
            let d2 = (u - prev[0] - s * du).powi(2) + (v - prev[1] - s * dv).powi(2);
            if d2 < best.0 {
                best = (d2, t1 - (1.0 - s) / MARK_SAMPLES as f32);
            }
            prev = next;
        }
        let t = best.1;
        let taper = (t.min(1.0 - t) / 0.2).clamp(0.0, 1.0).sqrt();
        let half = 0.5 * (self.width_mm[0] + (self.width_mm[1] - self.width_mm[0]) * t) * taper;
        let soft = self.soft_mm.max(min_soft_mm);
        ((half - best.0.sqrt()) / soft + 0.5).clamp(0.0, 1.0)
    }
}

/// The point at parameter `t` of the quadratic Bézier curve `[start, control, end]`.
fn bezier(curve: [[f32; 2]; 3], t: f32) -> [f32; 2] {
    let [a, c, b] = curve;
    let m = 1.0 - t;
    [0, 1].map(|i| m * m * a[i] + 2.0 * m * t * c[i] + t * t * b[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mark_is_solid_on_its_curve_and_gone_beyond_its_width() {
        let m = FaceMark::new([0.0, 0.0], [10.0, 2.0], [20.0, 0.0], [2.0, 2.0], Tint::Shade(0.5));
        assert!(m.coverage(10.0, 1.0, 0.1) > 0.99);
        assert_eq!(m.coverage(10.0, 4.0, 0.1), 0.0);
        // Tapered to nothing at the ends.
        assert_eq!(m.coverage(-0.5, 0.0, 0.1), 0.0);
    }
}
