//! Wrapping the flat scalp map onto the head: an azimuthal map about the top of the head whose
//! radial and angular scales are tuned so areas stay within a few per cent.
//!
//! # How a map point finds its place on the head
//! 1. The centre `C` of the wrap is the top of the head, at map `(0, y_C)` where `y_C` is the true
//!    arc length from the glabella to the top along the mid-sagittal line.
//! 2. A map point at distance `r` and bearing `θ` from `C` (θ = 0 toward the glabella, π/2
//!    toward the client's left) walks a surface geodesic from `C` in direction
//!    `φ = atan2(s·sin θ, cos θ)` for a length `g(r, θ)`.
//! 3. `s` > 1 fans the bearings out near the midline and in at the sides. Along the midline this
//!    widens the map sideways by `s`, offsetting the narrowing of geodesics on a curved head, so
//!    the midline can stay true-length (`g = r`) much further out than a plain azimuthal map.
//! 4. `g` follows each ray's true length (`∂g/∂r = 1`) while the local area ratio
//!    `(∂g/∂r)·φ'(θ)·G(g, φ)/r` (`G` the spread of neighbouring geodesics) stays within
//!    `1 ± AREA_TOLERANCE`; where it would leave that band, `∂g/∂r` is bent just enough to hold it
//!    at the edge. Since `φ` does not depend on `r`, that ratio is the map's exact area scale, so
//!    the area error is bounded everywhere by construction, and distances along rays (the midline
//!    included) are exact for as long as the curvature allows.
//!
//! Geodesics are traced once per head size (RK4 on the ellipsoid, 181 bearings × 300 mm) and
//! `g(r, θ)` is integrated into a table; a lookup is two bilinear interpolations.

use rayon::prelude::*;

use super::surface::{Ellipsoid, GeodesicFan, Midline};
use super::vec3::Vec3;

/// Angular stretch `s` toward the midline (see the module docs); 1 is a plain azimuthal map.
const BEARING_STRETCH: f64 = 1.1;
/// Largest relative area error the radial function allows.
pub(crate) const AREA_TOLERANCE: f64 = 0.08;
/// Bearings in the radial table over half a turn.
const BEARINGS: usize = 180;
/// Map-radius step of the radial table, mm.
const RADIUS_STEP_MM: f64 = 0.5;
/// Map radius the radial table covers, mm (the whole scalp lies within it).
const RADIUS_MAX_MM: f64 = 300.0;
/// Integration steps per radial-table step.
const RADIUS_SUBSTEPS: usize = 2;
/// Cap on `∂g/∂r` where neighbouring geodesics meet again (far beyond the scalp).
const MAX_RADIAL_SCALE: f64 = 3.0;

/// The map-to-surface wrap for one ellipsoid.
#[derive(Clone, Debug)]
pub(crate) struct Wrap {
    ellipsoid: Ellipsoid,
    /// Map y of the wrap's centre (the top of the head), mm.
    centre_y_mm: f64,
    fan: GeodesicFan,
    /// `g(r, θ)`: `radial_mm[i * per_bearing + j]` for bearing `i`, radius `j · RADIUS_STEP_MM`.
    radial_mm: Vec<f64>,
    per_bearing: usize,
}

/// Surface bearing `φ` for map bearing `θ`, both in `[0, π]`.
fn surface_bearing(theta: f64) -> f64 {
    (BEARING_STRETCH * theta.sin()).atan2(theta.cos())
}

/// `dφ/dθ`.
fn bearing_scale(theta: f64) -> f64 {
    let (s, c) = theta.sin_cos();
    BEARING_STRETCH / (c * c + BEARING_STRETCH * BEARING_STRETCH * s * s)
}

impl Wrap {
    /// Traces the geodesics and integrates the radial table for `ellipsoid`.
    pub fn new(ellipsoid: Ellipsoid) -> Self {
        let midline = Midline::new(ellipsoid);
        let centre_y_mm = midline.to_top_mm();
        let (origin, back) = midline.at(centre_y_mm);
        let fan = GeodesicFan::trace(&ellipsoid, origin, back * -1.0);
        let per_bearing = (RADIUS_MAX_MM / RADIUS_STEP_MM) as usize + 1;
        let radial_mm: Vec<f64> = (0..=BEARINGS)
            .into_par_iter()
            .flat_map_iter(|i| {
                let theta = std::f64::consts::PI * i as f64 / BEARINGS as f64;
                radial_profile(&fan, theta, per_bearing)
            })
            .collect();
        Self { ellipsoid, centre_y_mm, fan, radial_mm, per_bearing }
    }

    /// Map y of the top of the head (the wrap's centre), mm.
    pub fn centre_y_mm(&self) -> f64 {
        self.centre_y_mm
    }

    /// The ellipsoid the map is wrapped onto.
    pub fn ellipsoid(&self) -> &Ellipsoid {
        &self.ellipsoid
    }

    /// Geodesic length `g` for map radius `r_mm` at map bearing `theta` in `[0, π]`.
    fn radial_mm(&self, r_mm: f64, theta: f64) -> f64 {
        let fi =
            (theta / std::f64::consts::PI * BEARINGS as f64).clamp(0.0, BEARINGS as f64 - 1e-9);
        let last = (self.per_bearing - 1) as f64;
        let fj = r_mm / RADIUS_STEP_MM;
        let (i, u) = (fi as usize, fi - fi.floor());
        let at = |i: usize, fj: f64| {
            let row = &self.radial_mm[i * self.per_bearing..(i + 1) * self.per_bearing];
            if fj >= last {
                row[self.per_bearing - 1] + (fj - last) * RADIUS_STEP_MM
            } else {
                let j = fj as usize;
                let w = fj - j as f64;
                row[j] * (1.0 - w) + row[j + 1] * w
            }
        };
        at(i, fj) * (1.0 - u) + at(i + 1, fj) * u
    }

    /// The head-frame surface point of map point (`x_mm`, `y_mm`).
    pub fn surface_point(&self, x_mm: f64, y_mm: f64) -> Vec3 {
        let forward = self.centre_y_mm - y_mm;
        let r = x_mm.hypot(forward);
        let theta = x_mm.abs().atan2(forward);
        let g = self.radial_mm(r, theta);
        let p = self.ellipsoid.onto_surface(self.fan.point(surface_bearing(theta), g));
        if x_mm < 0.0 { Vec3::new(-p.x, p.y, p.z) } else { p }
    }

    /// Unit normal, and unit tangents along map +x and (orthogonal to it) map +y, at a map point.
    pub fn frame(&self, x_mm: f64, y_mm: f64) -> (Vec3, Vec3, Vec3, Vec3) {
        const H_MM: f64 = 0.05;
        let p = self.surface_point(x_mm, y_mm);
        let n = self.ellipsoid.normal(p);
        let ex = self.surface_point(x_mm + H_MM, y_mm) - self.surface_point(x_mm - H_MM, y_mm);
        let t1 = (ex - n * ex.dot(n)).normalized();
        let t2 = n.cross(t1);
        (p, n, t1, t2)
    }
}

/// `g(r)` along map bearing `theta`, sampled every `RADIUS_STEP_MM` from 0.
fn radial_profile(fan: &GeodesicFan, theta: f64, samples: usize) -> Vec<f64> {
    let phi = surface_bearing(theta);
    let dphi = bearing_scale(theta);
    let (lo, hi) = (1.0 - AREA_TOLERANCE, 1.0 + AREA_TOLERANCE);
    // Area scale with ∂g/∂r = 1 is dφ/dθ · G/r; bend ∂g/∂r only to keep it inside [lo, hi].
    let slope = |r: f64, g: f64| {
        let ratio = dphi * fan.spread_mm(phi, g) / r;
        if ratio <= lo / MAX_RADIAL_SCALE {
            MAX_RADIAL_SCALE
        } else {
            1.0f64.clamp(lo / ratio, hi / ratio)
        }
    };
    let mut out = Vec::with_capacity(samples);
    out.push(0.0);
    // Near the centre G ≈ g, so the area scale is (∂g/∂r)²·dφ/dθ: start on that solution.
    let start = 1.0f64.clamp((lo / dphi).sqrt(), (hi / dphi).sqrt());
    let mut g = start * RADIUS_STEP_MM;
    out.push(g);
    let h = RADIUS_STEP_MM / RADIUS_SUBSTEPS as f64;
    let mut r = RADIUS_STEP_MM;
    for _ in 2..samples {
        for _ in 0..RADIUS_SUBSTEPS {
            let mid = g + slope(r, g) * h / 2.0;
            g += slope(r + h / 2.0, mid) * h;
            r += h;
        }
        out.push(g);
    }
    out
}
