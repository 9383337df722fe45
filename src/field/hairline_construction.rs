//! Garg's construction of one side of the hairline, with its corners rounded.
//!
//! Garg (2017, 431 cases): the mid-frontal point B on the midline; the frontotemporal corner C
//! 8 cm from B and higher on the head; the temple peak D on the line from C toward the outer eye
//! corner, about 5 cm below C. The construction is done in polar coordinates about the top of the
//! head (the head model wraps the map about it), so "higher" is "closer to the vertex".
//!
//! Drawn literally, C and D are V-points. A mature hairline keeps its frontotemporal recession
//! but as a smooth curve, never a polygon with sharp corners (Shapiro & Shapiro, "Hairline Design
//! and Frontal Hairline Restoration", Facial Plast Surg Clin): so both corners are rounded with
//! arcs of `recession_radius_mm`. A fillet cuts into the corner it rounds, which would fill the
//! recession in; instead the sharp corner is moved so that the rounded apex lands on Garg's C,
//! keeping the recession as deep and on the same line above the outer eye corner.

use super::fillet::{Fillet, round_corner};
use super::hairline_curve::HairlineGeometry;
use crate::geom::MapPoint;

/// x the side reaches, mm (beyond the map's ±175 mm so the whole map has a front).
pub(super) const SIDEBURN_X_MM: f32 = 186.0;
/// Largest bearing of the corners from the front, radians (75°).
const MAX_CORNER_BEARING: f32 = 1.309;
/// How far the sideburn's bearing is beyond the corners', and how much lower it sits than D.
const SIDEBURN_EXTRA_BEARING: f32 = 0.45;
const SIDEBURN_DROP_MM: f32 = 35.0;
/// Samples of each curved part: well under a millimetre apart, so fillets are tangent.
const CURVE_SAMPLES: usize = 800;
/// Spacing of the straight parts, mm.
const LINE_STEP_MM: f32 = 0.2;
/// Most times the sharp corner is moved toward where its rounded apex should land. Each pass
/// about halves the miss (raising the corner steepens the notch, which the arc then cuts
/// deeper), so 30 passes take a 20 mm miss below a micrometre.
const APEX_PASSES: usize = 30;
/// How close the rounded apex must land to Garg's corner, mm.
const APEX_TOLERANCE_MM: f32 = 0.01;
/// Closest the moved sharp corner may come to the vertex, mm: the construction degenerates there.
const MIN_CORNER_TO_VERTEX_MM: f32 = 5.0;
/// Each retry with a radius the corner cannot hold shrinks it by this factor.
const SHRINK: f32 = 0.8;

/// One side of the construction (x ≥ 0; the client's right side is built the same way and
/// mirrored), dense, x increasing, from B to beyond the sideburn.
#[derive(Clone, Debug)]
pub(super) struct SideShape {
    pub points: Vec<MapPoint>,
    /// The rounded recession's apex (its point closest to the vertex), map mm.
    pub apex: MapPoint,
    /// Radius the corners were rounded with, mm: the geometry's, unless the corner could not
    /// hold it.
    pub radius_mm: f32,
    /// Whether the rounded apex landed on Garg's corner (a radius too large for the construction
    /// would need the sharp corner beyond the vertex).
    pub settled: bool,
}

/// Garg's corner C and temple peak D of one side, map mm, before rounding.
pub(super) fn garg_corner_and_peak(
    g: &HairlineGeometry,
    rise_mm: f32,
    corner_distance_mm: f32,
) -> (MapPoint, MapPoint) {
    let key = Key::new(g, rise_mm, corner_distance_mm);
    (polar(g.vertex_y_mm, key.corner.0, key.corner.1), polar(g.vertex_y_mm, key.peak.0, key.peak.1))
}

/// Polar (bearing from the front, distance from the vertex) to the map.
fn polar(vertex_y_mm: f32, theta: f32, r: f32) -> MapPoint {
    MapPoint::new(r * theta.sin(), vertex_y_mm - r * theta.cos())
}

fn line(a: MapPoint, b: MapPoint, out: &mut Vec<MapPoint>) {
    let n = (a.distance_mm(b) / LINE_STEP_MM).ceil().max(1.0) as usize;
    out.extend((1..=n).map(|k| {
        let t = k as f32 / n as f32;
        MapPoint::new(a.x_mm + (b.x_mm - a.x_mm) * t, a.y_mm + (b.y_mm - a.y_mm) * t)
    }));
}

/// Garg's key points of one side: (C, D, sideburn S) in polar form and B's distance.
struct Key {
    r_b: f32,
    corner: (f32, f32),
    peak: (f32, f32),
    sideburn: (f32, f32),
}

impl Key {
    fn new(g: &HairlineGeometry, rise_mm: f32, corner_distance_mm: f32) -> Self {
        let r_b = (g.vertex_y_mm - g.height_mm).max(10.0);
        let theta_c = (corner_distance_mm / r_b).min(MAX_CORNER_BEARING);
        let r_c = (r_b - rise_mm).max(5.0);
        let r_d = r_c + g.temple_peak_distance_mm;
        let theta_s = (theta_c + SIDEBURN_EXTRA_BEARING).min(1.55);
        Self {
            r_b,
            corner: (theta_c, r_c),
            peak: (theta_c, r_d),
            sideburn: (theta_s, r_d + SIDEBURN_DROP_MM),
        }
    }
}

/// The sharp construction with its corner at `c` (map mm): points and the indices of C and D.
fn sharp(g: &HairlineGeometry, key: &Key, c: MapPoint) -> (Vec<MapPoint>, usize, usize) {
    let vy = g.vertex_y_mm;
    let o = MapPoint::new(0.0, vy);
    let (theta_c, r_c) = (c.x_mm.atan2(vy - c.y_mm), c.distance_mm(o));
    let mut pts = Vec::with_capacity(3 * CURVE_SAMPLES);
    // B to C: a rounded U, flat at B (no kink between the sides) and rising toward the corners.
    for i in 0..=CURVE_SAMPLES {
        let t = i as f32 / CURVE_SAMPLES as f32;
        pts.push(polar(vy, theta_c * t, key.r_b + (r_c - key.r_b) * t * t));
    }
    let at_c = pts.len() - 1;
    let d = polar(vy, key.peak.0, key.peak.1);
    line(c, d, &mut pts);
    let at_d = pts.len() - 1;
    // D to the sideburn: back round the head and down.
    let ((t_d, r_d), (t_s, r_s)) = (key.peak, key.sideburn);
    for i in 1..=CURVE_SAMPLES {
        let u = i as f32 / CURVE_SAMPLES as f32;
        pts.push(polar(vy, t_d + (t_s - t_d) * u, r_d + (r_s - r_d) * u * u));
    }
    // Beyond the sideburn, straight on in the direction the line arrives (no kink there).
    let (a, s) = (pts[pts.len() - 2], pts[pts.len() - 1]);
    let (dx, dy) = (s.x_mm - a.x_mm, s.y_mm - a.y_mm);
    if s.x_mm < SIDEBURN_X_MM + 4.0 && dx > 0.0 {
        let k = (SIDEBURN_X_MM + 4.0 - s.x_mm) / dx;
        line(s, MapPoint::new(s.x_mm + k * dx, s.y_mm + k * dy), &mut pts);
    }
    (pts, at_c, at_d)
}

/// Rounds the corners at `at_c` and `at_d` with the largest radius up to `radius_mm` they hold.
fn rounded(pts: &[MapPoint], at_c: usize, at_d: usize, radius_mm: f32) -> (Vec<MapPoint>, Fillet) {
    let mut r = radius_mm;
    loop {
        // D first: rounding it leaves the indices up to C unchanged.
        let attempt = round_corner(pts, at_d, r).and_then(|(p, _)| round_corner(&p, at_c, r));
        if let Some(done) = attempt {
            return done;
        }
        // A radius of a few hundredths of a mm is no rounding at all; the loop always ends
        // because any real corner holds some radius.
        r *= SHRINK;
        if r < 0.01 {
            let fillet = Fillet { centre: pts[at_c], radius_mm: 0.0 };
            return (pts.to_vec(), fillet);
        }
    }
}

/// One side of the hairline: Garg's construction for a corner `rise_mm` above B and
/// `corner_distance_mm` round the head from it, corners rounded.
pub(super) fn side_shape(g: &HairlineGeometry, rise_mm: f32, corner_distance_mm: f32) -> SideShape {
    let key = Key::new(g, rise_mm, corner_distance_mm);
    let o = MapPoint::new(0.0, g.vertex_y_mm);
    let (corner, _) = garg_corner_and_peak(g, rise_mm, corner_distance_mm);
    let apex_of = |f: &Fillet| {
        let (dx, dy) = (f.centre.x_mm - o.x_mm, f.centre.y_mm - o.y_mm);
        let len = (dx * dx + dy * dy).sqrt().max(1e-6);
        MapPoint::new(
            f.centre.x_mm - f.radius_mm * dx / len,
            f.centre.y_mm - f.radius_mm * dy / len,
        )
    };
    let mut c = corner;
    let mut pass = 0;
    loop {
        let (pts, at_c, at_d) = sharp(g, &key, c);
        let (points, fillet) = rounded(&pts, at_c, at_d, g.recession_radius_mm);
        let apex = apex_of(&fillet);
        let miss = corner.distance_mm(apex);
        let next =
            MapPoint::new(c.x_mm + corner.x_mm - apex.x_mm, c.y_mm + corner.y_mm - apex.y_mm);
        pass += 1;
        let stuck = pass >= APEX_PASSES || next.distance_mm(o) < MIN_CORNER_TO_VERTEX_MM;
        if miss < APEX_TOLERANCE_MM || stuck {
            let settled = miss < APEX_TOLERANCE_MM;
            return SideShape { points, apex, radius_mm: fillet.radius_mm, settled };
        }
        c = next;
    }
}

/// The y at each of `xs` (sorted, within the points' x) of a dense line of increasing x.
pub(super) fn profile_at(points: &[MapPoint], xs: &[f32]) -> Vec<f32> {
    let mut pts: Vec<MapPoint> = Vec::with_capacity(points.len());
    for &p in points {
        // Kept x-monotonic so the line stays a graph over x.
        if pts.last().is_none_or(|q: &MapPoint| p.x_mm > q.x_mm + 1e-4) {
            pts.push(p);
        }
    }
    let mut j = 0;
    xs.iter()
        .map(|&x| {
            while j + 2 < pts.len() && pts[j + 1].x_mm < x {
                j += 1;
            }
            let (a, b) = (pts[j], pts[j + 1]);
            a.y_mm + (b.y_mm - a.y_mm) * ((x - a.x_mm) / (b.x_mm - a.x_mm)).clamp(0.0, 1.0)
        })
        .collect()
}
