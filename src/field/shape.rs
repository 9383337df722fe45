//! Shapes on the scalp map with signed distances (mm, negative inside), for feathered zone edges.
//!
//! Everything here is precomputed at construction (segments, bounds) so a distance query does
//! not allocate.

use crate::geom::{MapPoint, MapRect};
use crate::math::smoothstep;

/// Feather factor for a signed distance: 1 inside (`sd ≤ 0`), smoothly down to 0 at `sd = feather_mm`.
pub fn feather(sd_mm: f32, feather_mm: f32) -> f32 {
    1.0 - smoothstep(0.0, feather_mm, sd_mm)
}

/// Distance from `p` to the segment `a`–`b`, mm.
pub fn segment_distance_mm(p: MapPoint, a: MapPoint, b: MapPoint) -> f32 {
    segment_distance_sq_mm2(p, a, b).sqrt()
}

/// Squared distance from `p` to the segment `a`–`b`, mm² (no square root: for comparisons).
pub fn segment_distance_sq_mm2(p: MapPoint, a: MapPoint, b: MapPoint) -> f32 {
    let (abx, aby) = (b.x_mm - a.x_mm, b.y_mm - a.y_mm);
    let (apx, apy) = (p.x_mm - a.x_mm, p.y_mm - a.y_mm);
    let len2 = abx * abx + aby * aby;
    let t = if len2 > 0.0 { ((apx * abx + apy * aby) / len2).clamp(0.0, 1.0) } else { 0.0 };
    let (dx, dy) = (apx - t * abx, apy - t * aby);
    dx * dx + dy * dy
}

/// The smallest rectangle holding `points`, grown by `margin_mm` on every side.
pub fn bounds_of(points: &[MapPoint], margin_mm: f32) -> MapRect {
    let mut min = MapPoint::new(f32::INFINITY, f32::INFINITY);
    let mut max = MapPoint::new(f32::NEG_INFINITY, f32::NEG_INFINITY);
    for p in points {
        min.x_mm = min.x_mm.min(p.x_mm);
        min.y_mm = min.y_mm.min(p.y_mm);
        max.x_mm = max.x_mm.max(p.x_mm);
        max.y_mm = max.y_mm.max(p.y_mm);
    }
    MapRect {
        min: MapPoint::new(min.x_mm - margin_mm, min.y_mm - margin_mm),
        max: MapPoint::new(max.x_mm + margin_mm, max.y_mm + margin_mm),
    }
}

/// Distance from `p` to the outside of `rect` (0 inside), mm: a cheap lower bound for rejects.
pub fn distance_to_rect_mm(p: MapPoint, rect: &MapRect) -> f32 {
    let dx = (rect.min.x_mm - p.x_mm).max(p.x_mm - rect.max.x_mm).max(0.0);
    let dy = (rect.min.y_mm - p.y_mm).max(p.y_mm - rect.max.y_mm).max(0.0);
    (dx * dx + dy * dy).sqrt()
}

/// An open polyline (e.g. the middle of an FUT strip).
#[derive(Clone, Debug)]
pub struct Polyline {
    points: Vec<MapPoint>,
    bounds: MapRect,
}

impl Polyline {
    /// A polyline through `points` (at least one).
    pub fn new(points: Vec<MapPoint>) -> Self {
        let bounds = bounds_of(&points, 0.0);
        Self { points, bounds }
    }

    /// Distance from `p` to the nearest point of the line, mm; a value ≥ `cap_mm` means "at least that".
    pub fn distance_mm(&self, p: MapPoint, cap_mm: f32) -> f32 {
        let lower = distance_to_rect_mm(p, &self.bounds);
        if lower >= cap_mm {
            return lower;
        }
        if self.points.len() == 1 {
            return p.distance_mm(self.points[0]);
        }
        self.points
            .windows(2)
            .map(|w| segment_distance_mm(p, w[0], w[1]))
            .fold(f32::INFINITY, f32::min)
    }

    /// The bounding rectangle of the points, mm.
    pub fn bounds(&self) -> MapRect {
        self.bounds
    }
}

/// A rotated ellipse on the scalp map.
#[derive(Clone, Copy, Debug)]
pub struct Ellipse {
    center: MapPoint,
    semi_x_mm: f32,
    semi_y_mm: f32,
    cos: f32,
    sin: f32,
}

impl Ellipse {
    /// An ellipse with semi-axes along x and y (mm) before a rotation of `rotation_deg`
    /// (counter-clockwise from +x toward +y).
    pub fn new(center: MapPoint, semi_x_mm: f32, semi_y_mm: f32, rotation_deg: f32) -> Self {
        let (sin, cos) = rotation_deg.to_radians().sin_cos();
        Self { center, semi_x_mm, semi_y_mm, cos, sin }
    }

    /// `p` in the ellipse's own frame (centre at the origin, axes along x and y).
    fn local(&self, p: MapPoint) -> (f32, f32) {
        let (dx, dy) = (p.x_mm - self.center.x_mm, p.y_mm - self.center.y_mm);
        (dx * self.cos + dy * self.sin, -dx * self.sin + dy * self.cos)
    }

    /// Approximate signed distance to the outline, mm (negative inside); exact on the axes and
    /// within a few percent elsewhere, which is plenty for a feathered edge.
    pub fn signed_distance_mm(&self, p: MapPoint) -> f32 {
        let (x, y) = self.local(p);
        let (a, b) = (self.semi_x_mm, self.semi_y_mm);
        let k0 = ((x / a).powi(2) + (y / b).powi(2)).sqrt();
        if k0 < 1e-6 {
            return -a.min(b);
        }
        let k1 = ((x / (a * a)).powi(2) + (y / (b * b)).powi(2)).sqrt();
        k0 * (k0 - 1.0) / k1
    }

    /// Normalised radius: 0 at the centre, 1 on the outline.
    pub fn normalised_radius(&self, p: MapPoint) -> f32 {
        let (x, y) = self.local(p);
        ((x / self.semi_x_mm).powi(2) + (y / self.semi_y_mm).powi(2)).sqrt()
    }

    /// Bounding rectangle grown by `margin_mm`.
    pub fn bounds(&self, margin_mm: f32) -> MapRect {
        let hx = ((self.semi_x_mm * self.cos).powi(2) + (self.semi_y_mm * self.sin).powi(2)).sqrt();
        let hy = ((self.semi_x_mm * self.sin).powi(2) + (self.semi_y_mm * self.cos).powi(2)).sqrt();
        MapRect {
            min: MapPoint::new(
                self.center.x_mm - hx - margin_mm,
                self.center.y_mm - hy - margin_mm,
            ),
            max: MapPoint::new(
                self.center.x_mm + hx + margin_mm,
                self.center.y_mm + hy + margin_mm,
            ),
        }
    }
}

/// A simple closed polygon (the last point connects back to the first).
#[derive(Clone, Debug)]
pub struct Polygon {
    points: Vec<MapPoint>,
    bounds: MapRect,
}

impl Polygon {
    /// A polygon through `points` (at least three, not self-intersecting).
    pub fn new(points: Vec<MapPoint>) -> Self {
        let bounds = bounds_of(&points, 0.0);
        Self { points, bounds }
    }

    /// Signed distance to the outline, mm (negative inside); a value ≥ `cap_mm` means "outside, at
    /// least that far".
    pub fn signed_distance_mm(&self, p: MapPoint, cap_mm: f32) -> f32 {
        let lower = distance_to_rect_mm(p, &self.bounds);
        if lower >= cap_mm {
            return lower;
        }
        let n = self.points.len();
        let mut best = f32::INFINITY;
        let mut inside = false;
        for i in 0..n {
            let a = self.points[i];
            let b = self.points[(i + 1) % n];
            best = best.min(segment_distance_sq_mm2(p, a, b));
            // Even-odd rule by a horizontal ray toward +x.
            if (a.y_mm > p.y_mm) != (b.y_mm > p.y_mm) {
                let t = (p.y_mm - a.y_mm) / (b.y_mm - a.y_mm);
                if p.x_mm < a.x_mm + t * (b.x_mm - a.x_mm) {
                    inside = !inside;
                }
            }
        }
        let best = best.sqrt();
        if inside { -best } else { best }
    }

    /// Bounding rectangle grown by `margin_mm`.
    pub fn bounds(&self, margin_mm: f32) -> MapRect {
        bounds_of(&self.points, margin_mm)
    }
}

/// A region on the scalp map given as an ellipse or a polygon.
#[derive(Clone, Debug)]
pub enum Region {
    /// An ellipse.
    Ellipse(Ellipse),
    /// A polygon.
    Polygon(Polygon),
}

impl Region {
    /// Signed distance to the outline, mm (negative inside); exact up to `cap_mm`.
    pub fn signed_distance_mm(&self, p: MapPoint, cap_mm: f32) -> f32 {
        match self {
            Region::Ellipse(e) => e.signed_distance_mm(p),
            Region::Polygon(poly) => poly.signed_distance_mm(p, cap_mm),
        }
    }

    /// Bounding rectangle grown by `margin_mm`.
    pub fn bounds(&self, margin_mm: f32) -> MapRect {
        match self {
            Region::Ellipse(e) => e.bounds(margin_mm),
            Region::Polygon(poly) => poly.bounds(margin_mm),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ellipse_distance_is_exact_on_the_axes() {
        let e = Ellipse::new(MapPoint::new(10.0, 20.0), 30.0, 15.0, 0.0);
        assert!((e.signed_distance_mm(MapPoint::new(50.0, 20.0)) - 10.0).abs() < 1e-3);
        assert!((e.signed_distance_mm(MapPoint::new(10.0, 40.0)) - 5.0).abs() < 1e-3);
        assert!(e.signed_distance_mm(MapPoint::new(12.0, 22.0)) < 0.0);
        let r = Ellipse::new(MapPoint::new(0.0, 0.0), 30.0, 10.0, 90.0);
        assert!((r.signed_distance_mm(MapPoint::new(0.0, 35.0)) - 5.0).abs() < 1e-3);
        assert!((r.bounds(0.0).max.y_mm - 30.0).abs() < 1e-3);
    }

    #[test]
    fn polygon_distance_signs_inside_and_outside() {
        let sq = Polygon::new(vec![
            MapPoint::new(0.0, 0.0),
            MapPoint::new(10.0, 0.0),
            MapPoint::new(10.0, 10.0),
            MapPoint::new(0.0, 10.0),
        ]);
        assert!((sq.signed_distance_mm(MapPoint::new(5.0, 3.0), 100.0) + 3.0).abs() < 1e-5);
        assert!((sq.signed_distance_mm(MapPoint::new(13.0, 5.0), 100.0) - 3.0).abs() < 1e-5);
        assert!(sq.signed_distance_mm(MapPoint::new(50.0, 5.0), 10.0) >= 10.0);
    }

    #[test]
    fn feather_ramps_smoothly_from_one_to_zero() {
        assert_eq!(feather(-1.0, 3.0), 1.0);
        assert_eq!(feather(3.0, 3.0), 0.0);
        let mid = feather(1.5, 3.0);
        assert!((mid - 0.5).abs() < 1e-6);
        let line = Polyline::new(vec![MapPoint::new(0.0, 0.0), MapPoint::new(10.0, 0.0)]);
        assert!((line.distance_mm(MapPoint::new(5.0, 2.0), 100.0) - 2.0).abs() < 1e-6);
    }
}
