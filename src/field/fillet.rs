//! Rounding a corner of a densely sampled polyline with a circular arc of a given radius, and the
//! discrete curvature measure that checks no corner is left sharper than that.
//!
//! The arc's centre is where the two sides' inward offset curves (each side pushed `radius_mm`
//! toward the inside of the turn) cross: a circle about that point is tangent to both sides, so
//! the rounded line keeps its direction through the joins (no new kink) even where a side is
//! itself curved, as the hairline's frontal run is.

use crate::geom::MapPoint;

/// Largest angle between two points of a drawn arc, radians (1°): finer than any printer shows.
const ARC_STEP_RAD: f32 = 0.017_453_3;

/// The arc that rounds a corner: its centre and where it leaves each side.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Fillet {
    /// Centre of the arc, map mm.
    pub centre: MapPoint,
    /// Radius, mm.
    pub radius_mm: f32,
}

fn sub(a: MapPoint, b: MapPoint) -> (f32, f32) {
    (a.x_mm - b.x_mm, a.y_mm - b.y_mm)
}

fn cross(a: (f32, f32), b: (f32, f32)) -> f32 {
    a.0 * b.1 - a.1 * b.0
}

/// Unit left normal of direction `d`.
fn left_normal(d: (f32, f32)) -> (f32, f32) {
    let len = (d.0 * d.0 + d.1 * d.1).sqrt().max(1e-12);
    (-d.1 / len, d.0 / len)
}

/// Point `i` of `side` offset by `offset_mm` along its left normal (its tangent one-sided at the
/// side's ends, so the corner's two directions stay apart).
fn offset_point(side: &[MapPoint], i: usize, offset_mm: f32) -> MapPoint {
    let (a, b) = (side[i.saturating_sub(1)], side[(i + 1).min(side.len() - 1)]);
    let n = left_normal(sub(b, a));
    MapPoint::new(side[i].x_mm + offset_mm * n.0, side[i].y_mm + offset_mm * n.1)
}

/// Where segments `a`–`b` and `c`–`d` cross: the parameters along each, if they do.
fn crossing(a: MapPoint, b: MapPoint, c: MapPoint, d: MapPoint) -> Option<(f32, f32)> {
    let (r, s) = (sub(b, a), sub(d, c));
    let denom = cross(r, s);
    if denom.abs() < 1e-12 {
        return None;
    }
    let ac = sub(c, a);
    let (t, u) = (cross(ac, s) / denom, cross(ac, r) / denom);
    ((0.0..=1.0).contains(&t) && (0.0..=1.0).contains(&u)).then_some((t, u))
}

fn lerp(a: MapPoint, b: MapPoint, t: f32) -> MapPoint {
    MapPoint::new(a.x_mm + (b.x_mm - a.x_mm) * t, a.y_mm + (b.y_mm - a.y_mm) * t)
}

/// `points` with the corner at index `corner` replaced by an arc of `radius_mm` tangent to both
/// sides, and the arc; `None` if the sides are too short (or too curved) to hold it, or there is
/// no turn. `points` must be dense (well under `radius_mm` apart) for the arc to be tangent.
pub(super) fn round_corner(
    points: &[MapPoint],
    corner: usize,
    radius_mm: f32,
) -> Option<(Vec<MapPoint>, Fillet)> {
    if corner == 0 || corner + 1 >= points.len() || radius_mm <= 0.0 {
        return None;
    }
    // Only as far from the corner as any tangent point of a turn under 150° can lie
    // (R·tan 75° < 4R): keeps the search short on long sides.
    let reach_mm = 4.0 * radius_mm + 2.0;
    let mut first = corner;
    while first > 0 && points[first].distance_mm(points[corner]) < reach_mm {
        first -= 1;
    }
    let mut last = corner;
    while last + 1 < points.len() && points[last].distance_mm(points[corner]) < reach_mm {
        last += 1;
    }
    let (before, after) = (&points[first..=corner], &points[corner..=last]);
    let turn =
        cross(sub(points[corner], points[corner - 1]), sub(points[corner + 1], points[corner]));
    if turn == 0.0 {
        return None;
    }
    // Offset toward the inside of the turn: left for a left (counter-clockwise) turn.
    let offset = radius_mm.copysign(turn);
    let inner_a: Vec<MapPoint> =
        (0..before.len()).map(|i| offset_point(before, i, offset)).collect();
    let inner_b: Vec<MapPoint> = (0..after.len()).map(|j| offset_point(after, j, offset)).collect();
    // The crossing nearest the corner along the first side: walk back from the corner, and for
    // each segment there look along the second side, skipping runs of it whose bounding box the
    // segment misses (the sides are ~400 points each: testing every pair made this the dearest
    // step of building a layout, about 130 M instructions a preset).
    let chunks = SegmentChunks::new(&inner_b);
    for i in (0..inner_a.len() - 1).rev() {
        let (a0, a1) = (inner_a[i], inner_a[i + 1]);
        for j in chunks.candidates(a0, a1) {
            let Some((t, u)) = crossing(a0, a1, inner_b[j], inner_b[j + 1]) else {
                continue;
            };
            let centre = lerp(inner_a[i], inner_a[i + 1], t);
            let start = lerp(before[i], before[i + 1], t);
            let end = lerp(after[j], after[j + 1], u);
            let mut out: Vec<MapPoint> = points[..=first + i].to_vec();
            out.extend(arc(centre, start, end, radius_mm, turn > 0.0));
            out.extend_from_slice(&points[corner + j + 1..]);
            return Some((out, Fillet { centre, radius_mm }));
        }
    }
    None
}

/// Runs of [`CHUNK_SEGMENTS`] segments of a polyline with their bounding boxes, to find the
/// segments a short segment may cross without testing every one.
struct SegmentChunks<'a> {
    points: &'a [MapPoint],
    boxes: Vec<[f32; 4]>,
}

/// Segments per run: small enough that a run's box is tight, large enough to skip many at once.
const CHUNK_SEGMENTS: usize = 16;

impl<'a> SegmentChunks<'a> {
    fn new(points: &'a [MapPoint]) -> Self {
        let segments = points.len().saturating_sub(1);
        let boxes = (0..segments)
            .step_by(CHUNK_SEGMENTS)
            .map(|start| {
                let end = (start + CHUNK_SEGMENTS).min(segments);
                points[start..=end].iter().fold(
                    [f32::INFINITY, f32::INFINITY, f32::NEG_INFINITY, f32::NEG_INFINITY],
                    |b, p| [b[0].min(p.x_mm), b[1].min(p.y_mm), b[2].max(p.x_mm), b[3].max(p.y_mm)],
                )
            })
            .collect();
        Self { points, boxes }
    }

    /// Indices of the segments (`j`: from point `j` to `j + 1`), in order, whose run's box
    /// the segment `a`–`b` touches: every segment it can cross is among them.
    fn candidates(&self, a: MapPoint, b: MapPoint) -> impl Iterator<Item = usize> + '_ {
        let (x0, x1) = (a.x_mm.min(b.x_mm), a.x_mm.max(b.x_mm));
        let (y0, y1) = (a.y_mm.min(b.y_mm), a.y_mm.max(b.y_mm));
        let segments = self.points.len().saturating_sub(1);
        self.boxes
            .iter()
            .enumerate()
            .filter(move |(_, r)| x1 >= r[0] && x0 <= r[2] && y1 >= r[1] && y0 <= r[3])
            .flat_map(move |(k, _)| k * CHUNK_SEGMENTS..((k + 1) * CHUNK_SEGMENTS).min(segments))
    }
}

/// Points of the arc about `centre` from `start` to `end`, both included, turning
/// counter-clockwise if `ccw`; every point exactly `radius_mm` from the centre.
fn arc(
    centre: MapPoint,
    start: MapPoint,
    end: MapPoint,
    radius_mm: f32,
    ccw: bool,
) -> Vec<MapPoint> {
    let angle = |p: MapPoint| (p.y_mm - centre.y_mm).atan2(p.x_mm - centre.x_mm);
    let (a0, a1) = (angle(start), angle(end));
    let mut sweep = a1 - a0;
    let full = std::f32::consts::TAU;
    if ccw && sweep < 0.0 {
        sweep += full;
    } else if !ccw && sweep > 0.0 {
        sweep -= full;
    }
    let n = ((sweep.abs() / ARC_STEP_RAD).ceil() as usize).max(1);
    (0..=n)
        .map(|k| {
            let a = a0 + sweep * k as f32 / n as f32;
            MapPoint::new(centre.x_mm + radius_mm * a.cos(), centre.y_mm + radius_mm * a.sin())
        })
        .collect()
}

/// Radius of the circle through three points, mm (infinite for collinear points): the discrete
/// curvature of a polyline. Points sampled from a circle give its radius exactly, whatever their
/// spacing; a sharp corner gives about the spacing, however finely it is sampled.
#[cfg(test)]
pub(crate) fn circumradius_mm(a: MapPoint, b: MapPoint, c: MapPoint) -> f32 {
    let (ab, bc, ca) = (a.distance_mm(b), b.distance_mm(c), c.distance_mm(a));
    let twice_area = cross(sub(b, a), sub(c, a)).abs();
    if twice_area < 1e-9 { f32::INFINITY } else { ab * bc * ca / (2.0 * twice_area) }
}

/// The tightest turn of `points`: the smallest radius through three consecutive points, and the
/// middle point where it is, if any.
#[cfg(test)]
pub(crate) fn tightest_turn_mm(points: &[MapPoint]) -> Option<(f32, MapPoint)> {
    points
        .windows(3)
        .map(|w| (circumradius_mm(w[0], w[1], w[2]), w[1]))
        .min_by(|a, b| a.0.total_cmp(&b.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dense_line(a: MapPoint, b: MapPoint, step_mm: f32) -> Vec<MapPoint> {
        let n = (a.distance_mm(b) / step_mm).ceil() as usize;
        (0..=n).map(|k| lerp(a, b, k as f32 / n as f32)).collect()
    }

    #[test]
    fn a_right_angle_is_rounded_tangent_to_both_sides() {
        let corner = MapPoint::new(0.0, 0.0);
        let mut points = dense_line(MapPoint::new(-40.0, 0.0), corner, 0.1);
        let k = points.len() - 1;
        points.extend(dense_line(corner, MapPoint::new(0.0, 40.0), 0.1).into_iter().skip(1));
        let (rounded, fillet) = round_corner(&points, k, 10.0).unwrap();
        // A left turn from +x to +y: the centre sits 10 mm inside both sides.
        assert!(fillet.centre.distance_mm(MapPoint::new(-10.0, 10.0)) < 0.05, "{fillet:?}");
        let (r, _) = tightest_turn_mm(&rounded).unwrap();
        assert!(r > 9.9, "tightest turn {r} mm");
        // The sharp input is caught by the same measure.
        assert!(tightest_turn_mm(&points).unwrap().0 < 0.2);
        // The rounded line cuts the corner by R(√2 − 1).
        let nearest = rounded.iter().map(|p| p.distance_mm(corner)).fold(f32::INFINITY, f32::min);
        assert!((nearest - 10.0 * (2f32.sqrt() - 1.0)).abs() < 0.05, "{nearest}");
    }

    #[test]
    fn a_radius_the_sides_cannot_hold_is_refused() {
        let corner = MapPoint::new(0.0, 0.0);
        let mut points = dense_line(MapPoint::new(-5.0, 0.0), corner, 0.1);
        let k = points.len() - 1;
        points.extend(dense_line(corner, MapPoint::new(0.0, 5.0), 0.1).into_iter().skip(1));
        assert!(round_corner(&points, k, 10.0).is_none());
        assert!(round_corner(&points, k, 4.0).is_some());
    }
}
