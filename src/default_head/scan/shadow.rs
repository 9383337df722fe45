//! The key light's shadow: an orthographic depth map seen from the light, looked up with a
//! 3 × 3 percentage-closer filter so shadow edges fall off softly, as under a softbox.
//!
//! The map is drawn from the scan's own 17,684 triangles (not the tessellated ones): at its
//! 0.9 mm texels the difference is invisible, and drawing it takes 4.3 ms (one thread, nine
//! times fewer triangles to draw).
//! The tessellated surface that is shaded lies on or just outside those triangles, so it never
//! shadows itself through them; a depth bias covers the rest.

use super::lanes::{F, LANES, V3L};
use super::math::V3;
use super::mesh::{ScanMesh, any_perpendicular};

/// Texels along each side of the map: 384 over the ~340 mm the head spans from any side gives
/// 0.9 mm texels, fine enough for the ears' and nose's shadows.
const SIZE: usize = 384;
/// Spacing of the filter taps, texels: 1.5 spreads a shadow edge over ~3 mm, a softbox's soft
/// edge at the nose's distance from the cheek.
const TAP_SPACING: f32 = 1.5;
/// Depth bias, mm, at normal incidence, plus this many texels' worth of depth slope (one texel
/// spans `tan θ` texels of depth when the light meets the skin at θ from its normal).
const BIAS_MM: f32 = 1.0;
const SLOPE_BIAS_TEXELS: f32 = 1.5;
/// Lookups start this far out along the normal, mm: with the depth bias alone, grazing light
/// striped the temples and the sides of the nose with self-shadow ("acne") in the first looks.
const NORMAL_OFFSET_MM: f32 = 2.0;

/// Depth from the light over a grid across the head.
#[derive(Clone, Debug)]
pub(crate) struct ShadowMap {
    u: V3,
    v: V3,
    toward_light: V3,
    origin: [f32; 2],
    texels_per_mm: f32,
    /// Distance away from the light of the nearest surface per texel, mm (∞ where none).
    depth_mm: Vec<f32>,
}

impl ShadowMap {
    /// The map for light from direction `toward_light` (unit), over the triangles that reach
    /// above `hidden_below_mm` (the rest is faded out of the picture).
    pub fn new(mesh: &ScanMesh, toward_light: V3, hidden_below_mm: f32) -> Self {
        let u = any_perpendicular(toward_light);
        let v = toward_light.cross(u);
        let local = |p: V3| [p.dot(u), p.dot(v), -p.dot(toward_light)];
        let kept =
            |t: &[u32; 3]| t.iter().any(|&i| mesh.positions[i as usize].z >= hidden_below_mm);
        let (mut lo, mut hi) = ([f32::MAX; 2], [f32::MIN; 2]);
        for t in mesh.triangles.iter().filter(|t| kept(t)) {
            for &i in t {
                let q = local(mesh.positions[i as usize]);
                (lo, hi) = ([lo[0].min(q[0]), lo[1].min(q[1])], [hi[0].max(q[0]), hi[1].max(q[1])]);
            }
        }
        let span = (hi[0] - lo[0]).max(hi[1] - lo[1]).max(1.0);
        let texels_per_mm = (SIZE - 4) as f32 / span;
        let origin = [lo[0] - 2.0 / texels_per_mm, lo[1] - 2.0 / texels_per_mm];
        let mut map = Self {
            u,
            v,
            toward_light,
            origin,
            texels_per_mm,
            depth_mm: vec![f32::INFINITY; SIZE * SIZE],
        };
        for t in mesh.triangles.iter().filter(|t| kept(t)) {
            let q = t.map(|i| map.texel(mesh.positions[i as usize]));
            map.draw(q);
        }
        map
    }

    /// Map position (texels) and depth (mm) of a point.
    fn texel(&self, p: V3) -> [f32; 3] {
        [
            (p.dot(self.u) - self.origin[0]) * self.texels_per_mm,
            (p.dot(self.v) - self.origin[1]) * self.texels_per_mm,
            -p.dot(self.toward_light),
        ]
    }

    /// Keeps the nearest depth of a triangle at each texel centre it covers (either winding).
    fn draw(&mut self, q: [[f32; 3]; 3]) {
        let edge = |a: [f32; 3], b: [f32; 3], x: f32, y: f32| {
            (b[0] - a[0]) * (y - a[1]) - (b[1] - a[1]) * (x - a[0])
        };
        let area = edge(q[0], q[1], q[2][0], q[2][1]);
        if area == 0.0 {
            return;
        }
        let lo = |i: usize| q[0][i].min(q[1][i]).min(q[2][i]);
        let hi = |i: usize| q[0][i].max(q[1][i]).max(q[2][i]);
        let clamp = |x: f32| x.clamp(0.0, (SIZE - 1) as f32) as usize;
        for y in clamp((lo(1) - 0.5).ceil())..=clamp((hi(1) - 0.5).floor()) {
            for x in clamp((lo(0) - 0.5).ceil())..=clamp((hi(0) - 0.5).floor()) {
                let (px, py) = (x as f32 + 0.5, y as f32 + 0.5);
                let w =
                    [edge(q[1], q[2], px, py), edge(q[2], q[0], px, py), edge(q[0], q[1], px, py)]
                        .map(|e| e / area);
                if w.iter().any(|&c| c < 0.0) {
                    continue;
                }
                let d = w[0] * q[0][2] + w[1] * q[1][2] + w[2] * q[2][2];
                let k = y * SIZE + x;
                self.depth_mm[k] = self.depth_mm[k].min(d);
            }
        }
    }

    /// Fraction of the key light reaching point `p` with geometric normal `n`: 1 lit, 0 in
    /// shadow, in between on a soft edge.
    ///
    /// The renderer looks up in lanes ([`ShadowMap::visibility_lanes`]); this one-point form is
    /// the reference they are tested against.
    #[cfg(test)]
    pub fn visibility(&self, p: V3, n: V3) -> f32 {
        let [x, y, depth] = self.texel(p + n * NORMAL_OFFSET_MM);
        let cos = n.dot(self.toward_light).clamp(0.15, 1.0);
        let tan = (1.0 - cos * cos).sqrt() / cos;
        let bias = BIAS_MM + SLOPE_BIAS_TEXELS * tan / self.texels_per_mm;
        self.filtered(x, y, depth - bias)
    }

    /// [`ShadowMap::visibility`] of [`LANES`] points where `wanted` is positive (1 in the other
    /// lanes): the projection and the bias in lanes, the filter's taps lane by lane. With the
    /// arithmetic in lanes the lookups went from 8.7 % to about 4 % of a 2000 px preview's perf
    /// samples, nearly all of it now the taps' conversions and fetches.
    pub fn visibility_lanes(&self, p: V3L, n: V3L, wanted: F) -> F {
        let q = p + n * NORMAL_OFFSET_MM;
        let x = (q.dot(V3L::splat(self.u)) - self.origin[0]) * self.texels_per_mm;
        let y = (q.dot(V3L::splat(self.v)) - self.origin[1]) * self.texels_per_mm;
        let depth = -q.dot(V3L::splat(self.toward_light));
        let cos = n.dot(V3L::splat(self.toward_light)).map(|c| c.clamp(0.15, 1.0));
        let tan = (1.0 - cos * cos).sqrt() / cos;
        let bias = BIAS_MM + SLOPE_BIAS_TEXELS * tan / self.texels_per_mm;
        let limit = depth - bias;
        let mut visible = F::splat(1.0);
        for i in 0..LANES {
            if wanted.0[i] > 0.0 {
                visible.0[i] = self.filtered(x.0[i], y.0[i], limit.0[i]);
            }
        }
        visible
    }

    /// Share of the filter's taps around map point `(x, y)` (texels) whose surface lies no
    /// nearer the light than `limit` (mm); 1 off the map.
    #[inline]
    fn filtered(&self, x: f32, y: f32, limit: f32) -> f32 {
        let margin = TAP_SPACING + 1.0;
        if !(x >= margin && y >= margin && x < SIZE as f32 - margin && y < SIZE as f32 - margin) {
            // Off the map: nothing between the point and the light.
            return 1.0;
        }
        // Three columns and three rows, each converted once rather than once per tap.
        // In straight code: through `array::map` the conversions were a closure call each.
        let (t, s) = (TAP_SPACING, SIZE);
        let columns = [(x - t) as usize, x as usize, (x + t) as usize];
        let rows = [(y - t) as usize * s, y as usize * s, (y + t) as usize * s];
        let mut lit = 0;
        for r in rows {
            let row = &self.depth_mm[r..][..s];
            lit += usize::from(limit <= row[columns[0]])
                + usize::from(limit <= row[columns[1]])
                + usize::from(limit <= row[columns[2]]);
        }
        lit as f32 / 9.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::default_head::scan::scene::ScanScene;

    #[test]
    fn the_nose_shadows_the_face_behind_it() {
        let scene = ScanScene::load();
        let light = V3::new(-0.5, -0.6, 0.62).normalized();
        let map = ShadowMap::new(&scene.coarse, light, -180.0);
        let nose = scene.landmarks_v3().nose_tip;
        // From inside the nose, 6 mm behind its tip, away from the light, the ray leaves the
        // nose (first hit) and then meets the face under it (second hit): that skin lies in
        // the nose's shadow, well inside its edge.
        let inside = nose + V3::new(0.0, 6.0, 0.0);
        let mesh = &scene.coarse;
        let mut hits = Vec::new();
        scene.bvh.cast(&mesh.positions, &mesh.triangles, inside, -light, |h| {
            hits.push(h);
            f32::INFINITY
        });
        hits.sort_by(|a, b| a.t.total_cmp(&b.t));
        let face = hits.get(1).expect("the face lies behind the nose");
        assert!(hits[0].t < 15.0, "the first hit should be the nose's own skin: {hits:?}");
        assert!(face.t - hits[0].t > 3.0, "the second hit should be across an air gap: {hits:?}");
        let behind = inside - light * face.t;
        let tri = mesh.triangles[face.triangle as usize];
        let normal =
            tri.iter().fold(V3::default(), |s, &i| s + mesh.normals[i as usize]).normalized();
        assert!(map.visibility(behind, normal) < 0.2, "{behind:?} is lit");
        assert!(map.visibility(nose, light) > 0.99, "the nose tip itself is lit");
    }
}
