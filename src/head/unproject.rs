//! The inverse projection: an image pixel → the point of the head under it → the scalp-map
//! point there. Density maps colour each pixel by the target density of the map point under it.
//!
//! # How
//! 1. The camera is orthographic, so a pixel is a ray along the view direction; it meets the
//!    head ellipsoid where a quadratic has its root nearer the camera (none: off the head).
//! 2. The wrap (map → surface) has no closed-form inverse, so the map point is found by
//!    Newton's method on the wrap itself: minimise `|P − S(m)|` over map points `m`, with the
//!    Jacobian of `S` by central differences. A cold start guesses `m` from the point's bearing
//!    and polar angle about the top of the head (where the wrap is centred); along a row of
//!    pixels each solve starts from the previous two (extrapolated) and keeps the previous
//!    Jacobian, so most pixels take one or two evaluations of the wrap.
//!
//! A solve stops when the surface point it finds lies within `SURFACE_TOLERANCE_MM` (0.1 µm) of the
//! point under the pixel; where it cannot (far below the glabella, beyond the wrap's table),
//! the pixel has no map point.
//!
//! Frames: image px (origin top-left, +y down), head mm, scalp map mm (see the module docs of
//! `head`).

use super::vec3::Vec3;
use super::view::Camera;
use super::{HeadModel, HeadPoint};
use crate::geom::MapPoint;

/// How close the found surface point must lie to the point under the pixel, mm.
pub(crate) const SURFACE_TOLERANCE_MM: f64 = 1e-4;
/// Step of the central differences of the wrap's Jacobian, mm.
const JACOBIAN_STEP_MM: f64 = 0.02;
/// Longest Newton step, mm on the map (keeps a poor cold start from leaping off the table).
const MAX_STEP_MM: f64 = 25.0;
/// Newton iterations before a solve gives up.
const MAX_ITERATIONS: usize = 40;
/// The wrap's bearing stretch (`wrap.rs`), for the cold start only: a different value costs
/// an iteration, not accuracy.
const BEARING_STRETCH_GUESS: f64 = 1.1;
/// How far below the glabella's level the scalp can reach, as a share of the vault height; the
/// ellipsoid below that is face, jaw and neck, where the wrap was not built to be inverted.
const LOWEST_SCALP_PER_HEIGHT: f64 = 0.6;
/// Map radius the cold start searches up to, mm (the wrap's table ends at 300 mm).
const COLD_START_MAX_RADIUS_MM: f64 = 300.0;
/// Bisection steps of the cold start (300 mm / 2¹² ≈ 0.07 mm).
const COLD_START_BISECTIONS: usize = 12;
/// Iterations with a kept (stale) Jacobian before it is recomputed.
const STALE_JACOBIAN_ITERATIONS: usize = 2;

/// A solved map point with the wrap's Jacobian there, to warm-start the next pixel.
#[derive(Clone, Copy, Debug)]
struct Solution {
    map: [f64; 2],
    /// Columns `∂S/∂x_mm`, `∂S/∂y_mm`.
    jacobian: [Vec3; 2],
}

/// Pixel → head → scalp map for one camera on one head model.
#[derive(Clone, Debug)]
pub struct Unprojector<'a> {
    model: &'a HeadModel,
    /// Image position of the head frame's origin, px.
    origin_px: [f64; 2],
    /// Image px per head mm along the image's right and down axes.
    scale_px_per_mm: [f64; 2],
    right: Vec3,
    up: Vec3,
    toward: Vec3,
    semi_axes_mm: Vec3,
}

impl<'a> Unprojector<'a> {
    /// The inverse of `camera` on `model`.
    pub fn new(model: &'a HeadModel, camera: &Camera) -> Self {
        let (right, up, toward) = camera.axes();
        let origin_px = camera.project_vec(Vec3::default());
        let along_right = camera.project_vec(right);
        let along_up = camera.project_vec(up);
        Self {
            model,
            origin_px,
            scale_px_per_mm: [along_right[0] - origin_px[0], origin_px[1] - along_up[1]],
            right,
            up,
            toward,
            semi_axes_mm: model.semi_axes_mm(),
        }
    }

    /// The visible point of the head under image position `px` (pixel centres are at `+0.5`),
    /// head frame, mm; `None` off the head or below the scalp (more than 0.6 vault heights
    /// under the glabella's level: face and neck).
    pub fn head_point(&self, px: [f64; 2]) -> Option<HeadPoint> {
        self.hit(px).map(HeadPoint::from)
    }

    /// The scalp-map point under image position `px`, mm; `None` off the head or where the wrap
    /// cannot be inverted (far down the face or neck).
    pub fn map_point(&self, px: [f64; 2]) -> Option<MapPoint> {
        let p = self.hit(px)?;
        self.solve(p, None).map(|s| to_map(s.map))
    }

    /// The scalp-map point under image position `px`, solved from a nearby map point `near`
    /// (e.g. a neighbouring pixel's): cheaper than [`Unprojector::map_point`], same result
    /// within the solver's tolerance.
    pub fn map_point_near(&self, px: [f64; 2], near: MapPoint) -> Option<MapPoint> {
        let p = self.hit(px)?;
        let map = [f64::from(near.x_mm), f64::from(near.y_mm)];
        let start = Solution { map, jacobian: self.jacobian(map) };
        self.solve(p, Some(start)).or_else(|| self.solve(p, None)).map(|s| to_map(s.map))
    }

    /// The scalp-map points under the pixel centres of row `y_px` from column `x0_px` to
    /// `x1_px` (exclusive), left to right. Faster than [`Unprojector::map_point`] per pixel
    /// (neighbours warm-start each other) and equal to it within the solver's tolerance.
    pub fn map_row(&self, y_px: u32, x0_px: u32, x1_px: u32) -> Vec<Option<MapPoint>> {
        let xs = (x0_px..x1_px).map(|x| f64::from(x) + 0.5);
        self.map_points_along(f64::from(y_px) + 0.5, xs)
    }

    /// The scalp-map points under image positions (`x`, `y_px`) for each `x` of `xs_px`, in
    /// order; evenly spaced `xs_px` warm-start best.
    pub fn map_points_along(
        &self,
        y_px: f64,
        xs_px: impl IntoIterator<Item = f64>,
    ) -> Vec<Option<MapPoint>> {
        let mut out = Vec::new();
        let mut last: Option<Solution> = None;
        let mut before_last: Option<[f64; 2]> = None;
        for x in xs_px {
            let solved = self.hit([x, y_px]).and_then(|p| {
                let start = last.map(|s| {
                    // Neighbouring pixels' map points lie on a smooth curve: extrapolate.
                    let map = match before_last {
                        Some(b) => [2.0 * s.map[0] - b[0], 2.0 * s.map[1] - b[1]],
                        None => s.map,
                    };
                    Solution { map, ..s }
                });
                // A poor start (e.g. across the top of the head) may fail where a cold one
                // does not.
                self.solve(p, start).or_else(|| start.and_then(|_| self.solve(p, None)))
            });
            before_last = solved.and(last.map(|s| s.map));
            last = solved;
            out.push(solved.map(|s| to_map(s.map)));
        }
        out
    }

    /// Where the ray through `px` meets the ellipsoid nearer the camera, head frame.
    fn hit(&self, px: [f64; 2]) -> Option<Vec3> {
        let u = (px[0] - self.origin_px[0]) / self.scale_px_per_mm[0];
        let v = (self.origin_px[1] - px[1]) / self.scale_px_per_mm[1];
        let base = self.right * u + self.up * v;
        let s = self.semi_axes_mm;
        let scaled = |w: Vec3| Vec3::new(w.x / s.x, w.y / s.y, w.z / s.z);
        let (b0, d) = (scaled(base), scaled(self.toward));
        // |b0 + t d|² = 1; the larger root is nearer the camera (`toward` points at it).
        let (qa, qb, qc) = (d.dot(d), 2.0 * b0.dot(d), b0.dot(b0) - 1.0);
        let disc = qb * qb - 4.0 * qa * qc;
        if disc.is_nan() || disc < 0.0 {
            return None;
        }
        let t = (-qb + disc.sqrt()) / (2.0 * qa);
        let p = base + self.toward * t;
        (p.z >= -LOWEST_SCALP_PER_HEIGHT * s.z).then_some(p)
    }

    /// The surface point of map point `m`.
    fn surface(&self, m: [f64; 2]) -> Vec3 {
        self.model.wrap.surface_point(m[0], m[1])
    }

    fn jacobian(&self, m: [f64; 2]) -> [Vec3; 2] {
        let h = JACOBIAN_STEP_MM;
        let dx = self.surface([m[0] + h, m[1]]) - self.surface([m[0] - h, m[1]]);
        let dy = self.surface([m[0], m[1] + h]) - self.surface([m[0], m[1] - h]);
        [dx * (0.5 / h), dy * (0.5 / h)]
    }

    /// Newton's method for the map point whose surface point is `p`, with step halving so a
    /// step never moves away from `p`.
    fn solve(&self, p: Vec3, start: Option<Solution>) -> Option<Solution> {
        let mut s = match start {
            Some(s) => s,
            None => {
                let map = self.cold_start(p);
                Solution { map, jacobian: self.jacobian(map) }
            }
        };
        let mut error = (p - self.surface(s.map)).length();
        // Iterations since the Jacobian was last computed (a kept one may be slightly off).
        let mut stale = usize::from(start.is_some());
        for _ in 0..MAX_ITERATIONS {
            if error < SURFACE_TOLERANCE_MM {
                return Some(s);
            }
            if stale >= STALE_JACOBIAN_ITERATIONS {
                s.jacobian = self.jacobian(s.map);
                stale = 0;
            }
            let step = newton_step(s.jacobian, p - self.surface(s.map))?;
            let mut k = 1.0;
            let (mut candidate, mut candidate_error);
            loop {
                candidate = [s.map[0] + k * step[0], s.map[1] + k * step[1]];
                candidate_error = (p - self.surface(candidate)).length();
                if candidate_error < error || k < 1.0 / 64.0 {
                    break;
                }
                k /= 2.0;
            }
            if candidate_error.is_nan() || candidate_error >= error {
                if stale == 0 {
                    return None;
                }
                // The kept Jacobian misled the step: recompute it and try again.
                stale = STALE_JACOBIAN_ITERATIONS;
                continue;
            }
            s.map = candidate;
            error = candidate_error;
            stale += 1;
        }
        None
    }

    /// A first guess of the map point of surface point `p`: along the map bearing that matches
    /// its bearing about the top of the head (through the wrap's bearing stretch, `wrap.rs`),
    /// the map radius whose surface point has the same polar angle, found by bisection.
    fn cold_start(&self, p: Vec3) -> [f64; 2] {
        let s = self.semi_axes_mm;
        let phi = p.x.abs().atan2(-p.y);
        let theta = phi.sin().atan2(BEARING_STRETCH_GUESS * phi.cos());
        let polar = |q: Vec3| (q.x / s.x).hypot(q.y / s.y).atan2(q.z / s.z);
        let target = polar(p);
        let top_y = self.model.wrap.centre_y_mm();
        let at = |r: f64| [r * theta.sin(), top_y - r * theta.cos()];
        let (mut lo, mut hi) = (0.0, COLD_START_MAX_RADIUS_MM);
        for _ in 0..COLD_START_BISECTIONS {
            let mid = 0.5 * (lo + hi);
            if polar(self.surface(at(mid))) < target {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        let [x, y] = at(0.5 * (lo + hi));
        [if p.x < 0.0 { -x } else { x }, y]
    }
}

/// The least-squares Newton step `(JᵀJ)⁻¹ Jᵀ e` for Jacobian columns `j` and residual `e`,
/// at most [`MAX_STEP_MM`] long; `None` where the Jacobian is degenerate.
fn newton_step(j: [Vec3; 2], e: Vec3) -> Option<[f64; 2]> {
    let [jx, jy] = j;
    let (a, b, c) = (jx.dot(jx), jx.dot(jy), jy.dot(jy));
    let (rx, ry) = (jx.dot(e), jy.dot(e));
    let det = a * c - b * b;
    if det.is_nan() || det <= 1e-9 * a.max(c).powi(2) {
        return None;
    }
    let step = [(c * rx - b * ry) / det, (a * ry - b * rx) / det];
    let len = step[0].hypot(step[1]);
    if !len.is_finite() {
        return None;
    }
    Some(if len > MAX_STEP_MM { step.map(|v| v * MAX_STEP_MM / len) } else { step })
}

fn to_map(m: [f64; 2]) -> MapPoint {
    MapPoint::new(m[0] as f32, m[1] as f32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::head::{Alignment, HeadSize, View};

    fn setup(view: View) -> (HeadModel, Camera) {
        let model = HeadModel::new(HeadSize::default()).unwrap();
        let camera = Camera::new(&model, &Alignment::default_fit(view, &model, 1600, 1200));
        (model, camera)
    }

    /// How squarely the surface at `m` faces the camera (1 = head-on).
    fn facing(model: &HeadModel, camera: &Camera, m: MapPoint) -> f64 {
        let (_, n) = model.point_normal_f64(m);
        n.dot(camera.axes().2)
    }

    #[test]
    fn map_points_round_trip_through_the_image_within_a_tenth_of_a_millimetre() {
        for view in View::ALL {
            let (model, camera) = setup(view);
            let un = Unprojector::new(&model, &camera);
            let mut checked = 0;
            for i in -12..=12 {
                for j in 2..=30 {
                    let m = MapPoint::new(i as f32 * 7.0, j as f32 * 9.0);
                    // Grazing points are ill-conditioned (a pixel spans centimetres of scalp).
                    if facing(&model, &camera, m) < 0.25 {
                        continue;
                    }
                    let Some(px) = camera.map_point(&model, m) else { continue };
                    let back = un.map_point(px.map(f64::from)).unwrap_or_else(|| {
                        panic!("{view}: no map point under {px:?} (from {m:?})")
                    });
                    let err = back.distance_mm(m);
                    assert!(err < 0.1, "{view}: {m:?} → {px:?} → {back:?}: {err} mm");
                    checked += 1;
                }
            }
            assert!(checked > 100, "{view}: only {checked} points checked");
        }
    }

    #[test]
    fn pixels_round_trip_through_the_map_within_half_a_pixel() {
        for view in View::ALL {
            let (model, camera) = setup(view);
            let un = Unprojector::new(&model, &camera);
            let mut on_head = 0;
            for y in (0..1200).step_by(23) {
                let row = un.map_row(y, 0, 1600);
                for (x, m) in row.iter().enumerate().step_by(7) {
                    let Some(m) = m else { continue };
                    let px = [x as f32 + 0.5, y as f32 + 0.5];
                    // The row solver agrees with the single-pixel one.
                    let near = MapPoint::new(m.x_mm + 1.5, m.y_mm - 1.0);
                    let from_near = un.map_point_near(px.map(f64::from), near).unwrap();
                    assert!(from_near.distance_mm(*m) < 0.01, "{view}: {from_near:?} vs {m:?}");
                    let single = un.map_point(px.map(f64::from)).unwrap_or_else(|| {
                        panic!("{view}: {px:?} {m:?} {:?}", un.head_point(px.map(f64::from)))
                    });
                    assert!(single.distance_mm(*m) < 0.01, "{view}: {single:?} vs {m:?}");
                    let Some(forward) = camera.map_point(&model, *m) else {
                        // Exactly on the silhouette the facing test may flip; allow only that.
                        assert!(facing(&model, &camera, *m) > -1e-3, "{view}: {m:?}");
                        continue;
                    };
                    let err = (forward[0] - px[0]).hypot(forward[1] - px[1]);
                    assert!(err < 0.5, "{view}: {px:?} → {m:?} → {forward:?}: {err} px");
                    on_head += 1;
                }
            }
            assert!(on_head > 1000, "{view}: only {on_head} pixels on the head");
        }
    }

    #[test]
    fn pixels_off_the_head_have_no_point() {
        let (model, camera) = setup(View::Top);
        let un = Unprojector::new(&model, &camera);
        assert!(un.map_point([2.0, 2.0]).is_none());
        assert!(un.head_point([1598.0, 600.0]).is_none());
        // The middle of the top view is the top of the head.
        let top = un.head_point([800.0, 600.0]).unwrap();
        assert!(top.x_mm.abs() < 0.5 && top.y_mm.abs() < 0.5);
        let m = un.map_point([800.0, 600.0]).unwrap();
        assert!((m.y_mm - model.top_map_y_mm()).abs() < 0.5 && m.x_mm.abs() < 0.5, "{m:?}");
    }
}
