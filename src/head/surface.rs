//! The head's surface: an ellipsoid, its midline, and the fan of geodesics that leave the centre
//! of the wrap.
//!
//! Frame (head, mm): origin at the centre of the ellipsoid, which sits at the level of the
//! glabella; +x toward the client's left, +y toward the back of the head, +z up. The glabella is
//! the front end of the y axis, `(0, -b, 0)`.

use rayon::prelude::*;

use super::vec3::Vec3;

/// Directions of the geodesic fan over half a turn (the other half is its mirror image); one
/// degree apart keeps the area error within 0.3 % of the tolerance.
pub(crate) const FAN_DIRECTIONS: usize = 180;
/// Geodesic length the fan is traced to, mm (past the ear and the nape from the crown).
pub(crate) const FAN_LENGTH_MM: f64 = 300.0;
/// Spacing of the stored points along each geodesic, mm.
const FAN_STORE_MM: f64 = 1.0;
/// Integration steps per stored point (RK4 steps of 1 mm on a head-sized ellipsoid drift far
/// less than the table interpolation errs).
const FAN_SUBSTEPS: usize = 1;
/// Samples of the midline arc-length table (odd, so the top of the head is a sample).
const MIDLINE_SAMPLES: usize = 4097;

/// An axis-aligned ellipsoid centred at the origin of the head frame.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Ellipsoid {
    /// Semi-axis along x (half the breadth), mm.
    pub a: f64,
    /// Semi-axis along y (half the length), mm.
    pub b: f64,
    /// Semi-axis along z (height of the vault above the glabella), mm.
    pub c: f64,
}

impl Ellipsoid {
    /// The gradient of `x²/a² + y²/b² + z²/c²`, halved.
    fn half_gradient(&self, p: Vec3) -> Vec3 {
        Vec3::new(p.x / (self.a * self.a), p.y / (self.b * self.b), p.z / (self.c * self.c))
    }

    /// Outward unit normal at a surface point.
    pub fn normal(&self, p: Vec3) -> Vec3 {
        self.half_gradient(p).normalized()
    }

    /// `p` moved along the ray from the centre onto the surface.
    pub fn onto_surface(&self, p: Vec3) -> Vec3 {
        let k = ((p.x / self.a).powi(2) + (p.y / self.b).powi(2) + (p.z / self.c).powi(2)).sqrt();
        p * (1.0 / k)
    }

    /// Acceleration of a unit-speed geodesic at `p` with velocity `v`: the normal curvature
    /// term that keeps the path on the surface and nothing sideways.
    fn geodesic_acceleration(&self, p: Vec3, v: Vec3) -> Vec3 {
        let g = self.half_gradient(p);
        let curvature = (v.x * v.x) / (self.a * self.a)
            + (v.y * v.y) / (self.b * self.b)
            + (v.z * v.z) / (self.c * self.c);
        g * (-curvature / g.dot(g))
    }

    /// One RK4 step of length `h` mm along a geodesic, re-projected onto the surface.
    fn geodesic_step(&self, p: Vec3, v: Vec3, h: f64) -> (Vec3, Vec3) {
        let k1p = v;
        let k1v = self.geodesic_acceleration(p, v);
        let k2p = v + k1v * (h / 2.0);
        let k2v = self.geodesic_acceleration(p + k1p * (h / 2.0), k2p);
        let k3p = v + k2v * (h / 2.0);
        let k3v = self.geodesic_acceleration(p + k2p * (h / 2.0), k3p);
        let k4p = v + k3v * h;
        let k4v = self.geodesic_acceleration(p + k3p * h, k4p);
        let p1 = p + (k1p + k2p * 2.0 + k3p * 2.0 + k4p) * (h / 6.0);
        let v1 = v + (k1v + k2v * 2.0 + k3v * 2.0 + k4v) * (h / 6.0);
        let p1 = self.onto_surface(p1);
        let n = self.normal(p1);
        let v1 = (v1 - n * v1.dot(n)).normalized();
        (p1, v1)
    }
}

/// The mid-sagittal arc from the glabella over the vertex to the back of the head, by length.
#[derive(Clone, Debug)]
pub(crate) struct Midline {
    ellipsoid: Ellipsoid,
    /// Arc length from the glabella at parameter `t = π·i/(n-1)`, mm.
    arc_mm: Vec<f64>,
}

impl Midline {
    /// Tabulates the arc `(0, -b cos t, c sin t)`, `t` from 0 (glabella) to π (back).
    pub fn new(ellipsoid: Ellipsoid) -> Self {
        let n = MIDLINE_SAMPLES;
        let point = |t: f64| Vec3::new(0.0, -ellipsoid.b * t.cos(), ellipsoid.c * t.sin());
        let mut arc_mm = Vec::with_capacity(n);
        let mut total = 0.0;
        let mut prev = point(0.0);
        arc_mm.push(0.0);
        for i in 1..n {
            let p = point(std::f64::consts::PI * i as f64 / (n - 1) as f64);
            total += (p - prev).length();
            arc_mm.push(total);
            prev = p;
        }
        Self { ellipsoid, arc_mm }
    }

    /// Length of the whole arc, glabella to the back of the head at glabella level, mm.
    pub fn length_mm(&self) -> f64 {
        *self.arc_mm.last().expect("table is never empty")
    }

    /// Arc length from the glabella to the top of the head, mm.
    pub fn to_top_mm(&self) -> f64 {
        self.arc_mm[(MIDLINE_SAMPLES - 1) / 2]
    }

    /// Point and unit tangent (pointing back, toward growing arc length) at arc length `s_mm`.
    pub fn at(&self, s_mm: f64) -> (Vec3, Vec3) {
        let n = MIDLINE_SAMPLES;
        let s = s_mm.clamp(0.0, self.length_mm());
        let i = self.arc_mm.partition_point(|&a| a < s).clamp(1, n - 1);
        let (a0, a1) = (self.arc_mm[i - 1], self.arc_mm[i]);
        let f = if a1 > a0 { (s - a0) / (a1 - a0) } else { 0.0 };
        let t = std::f64::consts::PI * ((i - 1) as f64 + f) / (n - 1) as f64;
        let (b, c) = (self.ellipsoid.b, self.ellipsoid.c);
        let p = Vec3::new(0.0, -b * t.cos(), c * t.sin());
        let tangent = Vec3::new(0.0, b * t.sin(), c * t.cos()).normalized();
        (p, tangent)
    }
}

/// Geodesics from one midline point, in directions `φ` from 0 (toward the glabella) through
/// π/2 (toward the client's left) to π (toward the back); tabulated every millimetre.
#[derive(Clone, Debug)]
pub(crate) struct GeodesicFan {
    /// `points[i * per_ray + j]`: direction `i`, distance `j` mm.
    points: Vec<Vec3>,
    /// Spread of neighbouring geodesics, `|∂P/∂φ|` in mm per radian, same layout.
    spread_mm: Vec<f64>,
    per_ray: usize,
}

impl GeodesicFan {
    /// Traces the fan from `origin` with `forward` the unit tangent pointing toward the glabella.
    pub fn trace(ellipsoid: &Ellipsoid, origin: Vec3, forward: Vec3) -> Self {
        let per_ray = (FAN_LENGTH_MM / FAN_STORE_MM) as usize + 1;
        let rays = FAN_DIRECTIONS + 1;
        let left = Vec3::new(1.0, 0.0, 0.0);
        let h = FAN_STORE_MM / FAN_SUBSTEPS as f64;
        // Rays are independent: trace them in parallel, collected in order (same bytes on any
        // thread count).
        let points: Vec<Vec3> = (0..rays)
            .into_par_iter()
            .flat_map_iter(|i| {
                let phi = std::f64::consts::PI * i as f64 / FAN_DIRECTIONS as f64;
                let mut p = origin;
                let mut v = (forward * phi.cos() + left * phi.sin()).normalized();
                let mut ray = Vec::with_capacity(per_ray);
                ray.push(p);
                for _ in 1..per_ray {
                    for _ in 0..FAN_SUBSTEPS {
                        (p, v) = ellipsoid.geodesic_step(p, v, h);
                    }
                    ray.push(p);
                }
                ray
            })
            .collect();
        let dphi = std::f64::consts::PI / FAN_DIRECTIONS as f64;
        let mirror = |p: Vec3| Vec3::new(-p.x, p.y, p.z);
        let mut spread_mm = Vec::with_capacity(points.len());
        for i in 0..rays {
            for j in 0..per_ray {
                // Beyond either end of the half-fan lies the mirror image of its neighbour.
                let before = if i == 0 {
                    mirror(points[per_ray + j])
                } else {
                    points[(i - 1) * per_ray + j]
                };
                let after = if i == FAN_DIRECTIONS {
                    mirror(points[(i - 1) * per_ray + j])
                } else {
                    points[(i + 1) * per_ray + j]
                };
                spread_mm.push((after - before).length() / (2.0 * dphi));
            }
        }
        Self { points, spread_mm, per_ray }
    }

    /// Bilinear cell lookup: indices and weights for direction `phi` (0..=π) and distance `s_mm`.
    fn cell(&self, phi: f64, s_mm: f64) -> (usize, usize, f64, f64) {
        let fi = (phi / std::f64::consts::PI * FAN_DIRECTIONS as f64)
            .clamp(0.0, FAN_DIRECTIONS as f64 - 1e-9);
        let fj = (s_mm / FAN_STORE_MM).clamp(0.0, (self.per_ray - 1) as f64 - 1e-9);
        let (i, j) = (fi as usize, fj as usize);
        (i, j, fi - i as f64, fj - j as f64)
    }

    /// The surface point at distance `s_mm` along direction `phi`, before re-projection.
    pub fn point(&self, phi: f64, s_mm: f64) -> Vec3 {
        let (i, j, u, w) = self.cell(phi, s_mm);
        let at = |di: usize, dj: usize| self.points[(i + di) * self.per_ray + j + dj];
        (at(0, 0) * (1.0 - w) + at(0, 1) * w) * (1.0 - u)
            + (at(1, 0) * (1.0 - w) + at(1, 1) * w) * u
    }

    /// `|∂P/∂φ|` at distance `s_mm` along direction `phi`, mm per radian.
    pub fn spread_mm(&self, phi: f64, s_mm: f64) -> f64 {
        let (i, j, u, w) = self.cell(phi, s_mm);
        let at = |di: usize, dj: usize| self.spread_mm[(i + di) * self.per_ray + j + dj];
        (at(0, 0) * (1.0 - w) + at(0, 1) * w) * (1.0 - u)
            + (at(1, 0) * (1.0 - w) + at(1, 1) * w) * u
    }
}
