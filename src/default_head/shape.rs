//! The shapes the default head is built from, in a view's image plane.
//!
//! Frame: millimetres of the default-size head in the image plane, origin at the projected
//! centre of the cranium (glabella level), `u` to the image's right and `v` **up**. A head is a
//! few [`Layer`]s painted back to front; each layer's outline is a smooth union of ellipses
//! ([`Part`]) less some cut-aways, and its surface rises from the outline like a pillow (a
//! quarter circle of radius `rounding_mm`), so a lone round part is exactly a sphere. Small
//! [`Bump`]s (brow ridge, nose, lips, eye sockets) add relief to that surface and [`FaceMark`]s
//! tint it (brows, lips, lash line), so the face is shaded by the same light as the head.
//! Everything has an analytic gradient and a bounding box, so a pixel costs only the few
//! shapes near it.

use super::mark::FaceMark;

/// An ellipse, possibly turned: the building block of outlines and bumps.
#[derive(Clone, Copy, Debug)]
pub(crate) struct HeadEllipse {
    /// Centre, mm (v up).
    pub center: [f32; 2],
    /// Semi-axes along the ellipse's own axes, mm.
    pub radii: [f32; 2],
    /// Cosine and sine of the turn of the first axis from +u, counter-clockwise.
    pub turn: [f32; 2],
    /// Half-extent of the axis-aligned bounding box, mm (kept: every pixel asks for it).
    half_box: [f32; 2],
    /// Reciprocal semi-axes, 1/mm, and the distance's smoothing constant (see `distance`).
    inverse_radii: [f32; 2],
    floor: f32,
}

impl HeadEllipse {
    /// An ellipse at `(u, v)` mm with semi-axes `(ru, rv)` mm, its first axis turned by `deg`.
    pub fn new(u: f32, v: f32, ru: f32, rv: f32, deg: f32) -> Self {
        let (c, s) = (deg.to_radians().cos(), deg.to_radians().sin());
        let half_box = [(ru * c).hypot(rv * s), (ru * s).hypot(rv * c)];
        let inverse_radii = [1.0 / ru, 1.0 / rv];
        let floor = 0.5 / ru.min(rv);
        Self { center: [u, v], radii: [ru, rv], turn: [c, s], half_box, inverse_radii, floor }
    }

    /// `(u, v)` in the ellipse's own axes.
    fn local(&self, u: f32, v: f32) -> [f32; 2] {
        let (du, dv) = (u - self.center[0], v - self.center[1]);
        let [c, s] = self.turn;
        [c * du + s * dv, -s * du + c * dv]
    }

    /// A vector from the ellipse's axes back to the image plane.
    fn back_to_plane(&self, g: [f32; 2]) -> [f32; 2] {
        let [c, s] = self.turn;
        [c * g[0] - s * g[1], s * g[0] + c * g[1]]
    }

    /// Half-extent of the axis-aligned bounding box, mm.
    fn half_box(&self) -> [f32; 2] {
        self.half_box
    }

    /// Whether `(u, v)` lies within `margin` mm of the bounding box.
    fn near(&self, u: f32, v: f32, margin: f32) -> bool {
        let h = self.half_box();
        (u - self.center[0]).abs() <= h[0] + margin && (v - self.center[1]).abs() <= h[1] + margin
    }

    /// Whether the bounding box, grown by `margin` mm, overlaps `rect` `[u0, v0, u1, v1]` mm.
    fn touches(&self, rect: [f32; 4], margin: f32) -> bool {
        let h = self.half_box();
        let [cu, cv] = self.center;
        (cu - cu.clamp(rect[0], rect[2])).abs() <= h[0] + margin
            && (cv - cv.clamp(rect[1], rect[3])).abs() <= h[1] + margin
    }

    /// Signed distance to the outline (negative inside), first order, and its gradient.
    ///
    /// φ / |∇φ| with φ = (ρ² − 1) / 2; a constant under the root keeps it smooth at the centre
    /// (the plain first-order distance has a cusp there that shows as a crease in the shading)
    /// and is chosen so the centre lies at the smaller radius, as for a true distance; it
    /// changes distances at the outline by under 20 % for head-like proportions (only the
    /// anti-aliasing width).
    fn distance(&self, u: f32, v: f32) -> (f32, [f32; 2]) {
        let [ix, iy] = self.inverse_radii;
        let [x, y] = self.local(u, v);
        let (xs, ys) = (x * ix, y * iy);
        let phi = 0.5 * (xs * xs + ys * ys - 1.0);
        let g = [xs * ix, ys * iy];
        let inv_norm = 1.0 / (g[0] * g[0] + g[1] * g[1] + self.floor * self.floor).sqrt();
        (phi * inv_norm, self.back_to_plane([g[0] * inv_norm, g[1] * inv_norm]))
    }
}

/// One ellipse of a layer's outline, merged with (or cut from) the parts before it over
/// `blend_mm`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Part {
    /// The outline.
    pub shape: HeadEllipse,
    /// Width of the rounded fillet where it meets the earlier parts, mm.
    pub blend_mm: f32,
    /// Whether the ellipse is cut away from the parts before it instead of added.
    pub cut: bool,
}

/// A smooth rise (or, negative, a hollow) on a layer's surface: height `height_mm` at the
/// centre falling as (1 − ρ²)³ to nothing at the ellipse's outline (cubed so the curvature
/// also vanishes there: with a square the rim showed as a ring in the shading).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Bump {
    /// Where the bump lies.
    pub shape: HeadEllipse,
    /// Height at the centre, mm (negative: a hollow).
    pub height_mm: f32,
}

impl Bump {
    /// Gradient of the bump's height at `(u, v)`, mm per mm (zero outside it).
    fn slope(&self, u: f32, v: f32) -> [f32; 2] {
        if !self.shape.near(u, v, 0.0) {
            return [0.0; 2];
        }
        let [rx, ry] = self.shape.radii;
        let [x, y] = self.shape.local(u, v);
        let q = (x / rx).powi(2) + (y / ry).powi(2);
        if q >= 1.0 {
            return [0.0; 2];
        }
        let k = -6.0 * self.height_mm * (1.0 - q).powi(2);
        self.shape.back_to_plane([k * x / (rx * rx), k * y / (ry * ry)])
    }
}

/// What a layer is, for its tint.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Tissue {
    /// Face and scalp.
    Skin,
    /// Thin, blood-lit ears are a little redder.
    Ear,
    /// The neck sits in the jaw's shadow.
    Neck,
}

/// A group of parts painted together, with its relief and marks.
#[derive(Clone, Debug)]
pub(crate) struct Layer {
    /// The outline: parts added or cut away in order, the first one added.
    pub parts: Vec<Part>,
    /// Radius of the pillow-like rounding from the outline inward, mm.
    pub rounding_mm: f32,
    /// What the layer is.
    pub tissue: Tissue,
    /// Relief on the surface.
    pub bumps: Vec<Bump>,
    /// Tints on the surface, painted in order.
    pub marks: Vec<FaceMark>,
}

impl Layer {
    /// A plain layer of `parts`.
    pub fn new(parts: Vec<Part>, rounding_mm: f32, tissue: Tissue) -> Self {
        Self { parts, rounding_mm, tissue, bumps: Vec::new(), marks: Vec::new() }
    }

    /// Bounding box `[u_min, v_min, u_max, v_max]` of the outline, mm.
    pub fn bounds(&self) -> [f32; 4] {
        let mut b = [f32::MAX, f32::MAX, f32::MIN, f32::MIN];
        for p in self.parts.iter().filter(|p| !p.cut) {
            let h = p.shape.half_box();
            b[0] = b[0].min(p.shape.center[0] - h[0]);
            b[1] = b[1].min(p.shape.center[1] - h[1]);
            b[2] = b[2].max(p.shape.center[0] + h[0]);
            b[3] = b[3].max(p.shape.center[1] + h[1]);
        }
        b
    }

    /// The layer with only the parts, bumps and marks (edges at least `min_soft_mm` soft)
    /// that can change a pixel inside `rect` `[u0, v0, u1, v1]` mm: what a tile of the image
    /// needs. Shapes dropped here are ones [`Layer::distance`], [`Layer::normal`] and
    /// [`FaceMark::coverage`] would skip at every point of `rect`, so the result is identical.
    pub fn near(&self, rect: [f32; 4], min_soft_mm: f32) -> Layer {
        let parts = self
            .parts
            .iter()
            .enumerate()
            .filter(|(i, p)| *i == 0 || p.cut || p.shape.touches(rect, 2.0 * p.blend_mm + 2.0))
            .map(|(_, p)| *p)
            .collect();
        let bumps = self.bumps.iter().filter(|b| b.shape.touches(rect, 0.0)).copied().collect();
        let marks = self
            .marks
            .iter()
            .filter(|m| {
                let b = m.bounds(min_soft_mm);
                b[0] <= rect[2] && b[2] >= rect[0] && b[1] <= rect[3] && b[3] >= rect[1]
            })
            .copied()
            .collect();
        Layer { parts, rounding_mm: self.rounding_mm, tissue: self.tissue, bumps, marks }
    }

    /// Signed distance to the merged outline (negative inside), mm, and its gradient.
    ///
    /// Exact (as first-order distances go) near the outline, which is all a pixel's coverage
    /// and shading need; far outside, parts out of reach are skipped and the value can be far
    /// too large (see [`Layer::distance_bound`]).
    pub fn distance(&self, u: f32, v: f32) -> (f32, [f32; 2]) {
        self.merged_distance(u, v, true)
    }

    /// Signed distance to the merged outline with every part counted, mm: slower than
    /// [`Layer::distance`], but outside the outline never more than the true distance, so a
    /// whole tile can be judged from its centre (with the skipping distance, a tile just past
    /// one ear measured from the other ear and was left blank).
    pub fn distance_bound(&self, u: f32, v: f32) -> f32 {
        self.merged_distance(u, v, false).0
    }

    fn merged_distance(&self, u: f32, v: f32, skip_far_parts: bool) -> (f32, [f32; 2]) {
        let mut acc = (f32::MAX, [0.0f32; 2]);
        for (i, part) in self.parts.iter().enumerate() {
            // The first-order distance is at least half the true one, so an added part more
            // than twice its blend beyond its box cannot change the union. A cut can: it sets
            // the depth below the new edge, so it is never skipped.
            let far = i > 0 && !part.cut && !part.shape.near(u, v, 2.0 * part.blend_mm + 2.0);
            if skip_far_parts && far {
                continue;
            }
            let d = part.shape.distance(u, v);
            acc = if i == 0 {
                d
            } else if part.cut {
                // Smooth maximum of the shape so far and the outside of the cut.
                let (m, g) = smooth_min((-acc.0, acc.1.map(|c| -c)), d, part.blend_mm);
                (-m, g.map(|c| -c))
            } else {
                smooth_min(acc, d, part.blend_mm)
            };
        }
        acc
    }

    /// Surface normal at `(u, v)` in the image's frame (x right, y down, z toward the viewer),
    /// given the distance there.
    pub fn normal(&self, u: f32, v: f32, distance: (f32, [f32; 2])) -> [f32; 3] {
        let (d, g) = distance;
        let inside = (-d / self.rounding_mm).clamp(1e-4, 1.0);
        // Slope of the quarter-circle profile at this depth.
        let rise = (1.0 - inside) / (1.0 - (1.0 - inside).powi(2)).sqrt();
        let mut h = [-rise * g[0], -rise * g[1]];
        for bump in &self.bumps {
            let s = bump.slope(u, v);
            h[0] += s[0];
            h[1] += s[1];
        }
        // Height field normal (−∂h/∂u, −∂h/∂v, 1) with v up, turned into y down.
        normalize([-h[0], h[1], 1.0])
    }
}

/// Polynomial smooth minimum of two distances over `k`, with its exact gradient.
fn smooth_min(a: (f32, [f32; 2]), b: (f32, [f32; 2]), k: f32) -> (f32, [f32; 2]) {
    let k = k.max(1e-3);
    let h = (0.5 + 0.5 * (b.0 - a.0) / k).clamp(0.0, 1.0);
    let d = b.0 + (a.0 - b.0) * h - k * h * (1.0 - h);
    (d, [0, 1].map(|i| b.1[i] + (a.1[i] - b.1[i]) * h))
}

/// `v` scaled to unit length.
pub(crate) fn normalize(v: [f32; 3]) -> [f32; 3] {
    let len = (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).sqrt().max(1e-9);
    v.map(|c| c / len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ellipse_distance_is_signed_and_close_to_true_near_the_outline() {
        let e = HeadEllipse::new(10.0, 0.0, 20.0, 16.0, 0.0);
        assert!((e.distance(31.0, 0.0).0 - 1.0).abs() < 0.2);
        assert!(e.distance(10.0, 0.0).0 < -9.0);
        // Turned a quarter: the long axis is now vertical.
        let t = HeadEllipse::new(0.0, 0.0, 20.0, 10.0, 90.0);
        assert!(t.distance(0.0, 19.0).0 < 0.0 && t.distance(19.0, 0.0).0 > 0.0);
    }

    #[test]
    fn bump_tilts_the_normal_away_from_its_centre_and_cuts_remove() {
        let round =
            Part { shape: HeadEllipse::new(0.0, 0.0, 50.0, 50.0, 0.0), blend_mm: 1.0, cut: false };
        let mut layer = Layer::new(vec![round], 50.0, Tissue::Skin);
        let flat = layer.normal(0.0, 0.0, layer.distance(0.0, 0.0));
        assert!(flat[2] > 0.999);
        layer
            .bumps
            .push(Bump { shape: HeadEllipse::new(0.0, 0.0, 10.0, 10.0, 0.0), height_mm: 5.0 });
        // Right of a rise the surface faces right; above it (v up) it faces up (image y < 0).
        assert!(layer.normal(5.0, 0.0, layer.distance(5.0, 0.0))[0] > 0.2);
        assert!(layer.normal(0.0, 5.0, layer.distance(0.0, 5.0))[1] < -0.2);
        layer.parts.push(Part {
            shape: HeadEllipse::new(50.0, 0.0, 20.0, 20.0, 0.0),
            blend_mm: 1.0,
            cut: true,
        });
        assert!(layer.distance(45.0, 0.0).0 > 0.0 && layer.distance(0.0, 45.0).0 < 0.0);
    }

    #[test]
    fn distance_bound_counts_every_part() {
        // Two ears far apart: just past the second, the skipping distance measures from the
        // first, the bound from the nearer one.
        let ear = |u: f32| Part {
            shape: HeadEllipse::new(u, 0.0, 9.5, 31.0, 0.0),
            blend_mm: 1.0,
            cut: false,
        };
        let layer = Layer::new(vec![ear(-81.0), ear(81.0)], 7.0, Tissue::Ear);
        let (u, v) = (81.0 + 9.5 + 8.0, 0.0);
        assert!(layer.distance(u, v).0 > 50.0);
        let bound = layer.distance_bound(u, v);
        assert!(bound > 0.0 && bound <= 8.0 + 0.5, "{bound}");
        // Near the outline the two agree.
        assert_eq!(layer.distance(89.0, 0.0).0, layer.distance_bound(89.0, 0.0));
    }
}
