//! A hairline the practitioner designs: a smooth curve through control points on the scalp map.
//!
//! The curve is a centripetal Catmull-Rom spline (Barry–Goldman form, knot spacing the square
//! root of the chord): it passes through every point, and unlike the uniform spline it neither
//! overshoots nor forms loops or cusps within a segment (Yuksel, Schaefer & Keyser, "On the
//! parameterization of Catmull-Rom curves", 2009). A point flagged as a corner ends one spline and
//! starts the next, so the line turns sharply there and nowhere else. Past the run's ends the
//! line turns level along a 20 mm arc and runs on straight, so the whole map still has a front.
//!
//! The hairline must stay a graph `y = f(x)` (the distance queries rely on it), so the points'
//! x must progress monotonically, and so must the curve between them.

use crate::geom::MapPoint;

/// Spacing of the spline's samples along its chords, mm.
const SAMPLE_MM: f32 = 0.2;
/// Radius of the turn that levels the line off past each end of the run, mm.
const END_TURN_RADIUS_MM: f32 = 20.0;
/// Angle between points of that turn, radians (1°).
const ARC_STEP_RAD: f32 = 0.017_453_3;

/// A control point of a designed hairline.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DesignPoint {
    /// Where the line passes, scalp-map mm.
    pub at: MapPoint,
    /// Whether the line may turn sharply here; otherwise it passes smoothly.
    pub corner: bool,
}

/// Why control points make no hairline; indices are into the points as given.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DesignError {
    /// Fewer than [`MIN_DESIGN_POINTS`] points.
    TooFew {
        /// How many were given.
        count: usize,
    },
    /// Point `index` does not continue the run's direction in x (or repeats the previous x).
    NotOrdered {
        /// Index of the offending point.
        index: usize,
    },
    /// Point `index` is closer to the top of the head than [`MIN_VERTEX_DISTANCE_MM`].
    NearVertex {
        /// Index of the offending point.
        index: usize,
        /// Its distance from the vertex, mm.
        distance_mm: f32,
    },
    /// With `symmetric`, point `index` lies on the other side of the midline from point 0.
    BothSides {
        /// Index of the offending point.
        index: usize,
    },
    /// The curve between points `index` and `index + 1` runs back in x (it would cross itself
    /// as a front line): the points turn too sharply for their spacing.
    DoublesBack {
        /// Index of the segment's first point.
        index: usize,
    },
}

/// Fewest control points of a designed hairline.
pub const MIN_DESIGN_POINTS: usize = 3;
/// Least distance of a control point from the top of the head, mm: the same room the
/// construction leaves between its mid-frontal point and the vertex.
pub const MIN_VERTEX_DISTANCE_MM: f32 = 40.0;

/// A point of the run in increasing x, with the index it was given at.
#[derive(Clone, Copy, Debug)]
struct RunPoint {
    at: MapPoint,
    corner: bool,
    source: usize,
}

/// Checks `points` and puts them in increasing x, mirrored if `symmetric`, with the asymmetry
/// applied to a mirrored line (a drawn line already has its own).
fn run(
    points: &[DesignPoint],
    symmetric: bool,
    vertex_y_mm: f32,
    asymmetry_mm: f32,
) -> Result<Vec<RunPoint>, DesignError> {
    if points.len() < MIN_DESIGN_POINTS {
        return Err(DesignError::TooFew { count: points.len() });
    }
    let vertex = MapPoint::new(0.0, vertex_y_mm);
    for (index, p) in points.iter().enumerate() {
        let distance_mm = p.at.distance_mm(vertex);
        if distance_mm < MIN_VERTEX_DISTANCE_MM {
            return Err(DesignError::NearVertex { index, distance_mm });
        }
    }
    let rising = points[1].at.x_mm > points[0].at.x_mm;
    for index in 1..points.len() {
        let (a, b) = (points[index - 1].at.x_mm, points[index].at.x_mm);
        if (rising && b <= a) || (!rising && b >= a) {
            return Err(DesignError::NotOrdered { index });
        }
    }
    let mut run: Vec<RunPoint> = points
        .iter()
        .enumerate()
        .map(|(source, p)| RunPoint { at: p.at, corner: p.corner, source })
        .collect();
    if !rising {
        run.reverse();
    }
    if !symmetric {
        return Ok(run);
    }
    let side = points.iter().map(|p| p.at.x_mm).find(|x| *x != 0.0).unwrap_or(0.0).signum();
    if let Some(index) = points.iter().position(|p| p.at.x_mm * side < 0.0) {
        return Err(DesignError::BothSides { index });
    }
    // One side, from the midline outward; then its mirror image in front of it.
    let half: Vec<RunPoint> = if side < 0.0 { run.into_iter().rev().collect() } else { run };
    let mirrored = half
        .iter()
        .rev()
        .filter(|p| p.at.x_mm != 0.0)
        .map(|p| RunPoint { at: MapPoint::new(-p.at.x_mm, p.at.y_mm), ..*p });
    let mut full: Vec<RunPoint> = mirrored.chain(half.iter().copied()).collect();
    // As in the construction: the client's left (+x) side reaches `asymmetry_mm` further round
    // the head and `asymmetry_mm / 2` higher on it, the right side as much less, in proportion
    // to the distance from the midline so the midline stays put.
    let x_end = full.iter().map(|p| p.at.x_mm.abs()).fold(0.0, f32::max).max(1.0);
    for p in &mut full {
        let s = p.at.x_mm / x_end;
        let r = p.at.distance_mm(vertex).max(1e-3);
        let bearing = p.at.x_mm.atan2(vertex_y_mm - p.at.y_mm) + asymmetry_mm * s.abs() / r;
        let r = r - 0.5 * asymmetry_mm * s;
        p.at = MapPoint::new(r * bearing.sin(), vertex_y_mm - r * bearing.cos());
    }
    Ok(full)
}

/// The centripetal Catmull-Rom segment from `p1` to `p2` (neighbours `p0`, `p3`), sampled,
/// `p1` excluded and `p2` included.
fn segment(p0: MapPoint, p1: MapPoint, p2: MapPoint, p3: MapPoint, out: &mut Vec<MapPoint>) {
    let knot = |a: MapPoint, b: MapPoint| a.distance_mm(b).sqrt().max(1e-4);
    let (t1, t2) = (knot(p0, p1), knot(p0, p1) + knot(p1, p2));
    let t3 = t2 + knot(p2, p3);
    let mix = |a: MapPoint, b: MapPoint, ta: f32, tb: f32, t: f32| {
        let w = (t - ta) / (tb - ta);
        MapPoint::new(a.x_mm + (b.x_mm - a.x_mm) * w, a.y_mm + (b.y_mm - a.y_mm) * w)
    };
    let n = (p1.distance_mm(p2) / SAMPLE_MM).ceil().max(1.0) as usize;
    for k in 1..=n {
        let t = t1 + (t2 - t1) * k as f32 / n as f32;
        let a1 = mix(p0, p1, 0.0, t1, t);
        let a2 = mix(p1, p2, t1, t2, t);
        let a3 = mix(p2, p3, t2, t3, t);
        let b1 = mix(a1, a2, 0.0, t2, t);
        let b2 = mix(a2, a3, t1, t3, t);
        out.push(mix(b1, b2, t1, t2, t));
    }
}

/// `2a − b`: the neighbour a spline end gets, so it leaves along its first chord.
fn reflect(a: MapPoint, b: MapPoint) -> MapPoint {
    MapPoint::new(2.0 * a.x_mm - b.x_mm, 2.0 * a.y_mm - b.y_mm)
}

/// A designed hairline: the dense curve (increasing x, reaching `±reach_x_mm`), the run's
/// outermost |x| and the |x| of its point closest to the vertex.
#[derive(Clone, Debug)]
pub(super) struct DesignedLine {
    pub points: Vec<MapPoint>,
    pub end_x_mm: f32,
    pub apex_x_mm: f32,
}

/// The curve through `points`; see the module documentation.
pub(super) fn designed_line(
    points: &[DesignPoint],
    symmetric: bool,
    vertex_y_mm: f32,
    asymmetry_mm: f32,
    reach_x_mm: f32,
) -> Result<DesignedLine, DesignError> {
    let run = run(points, symmetric, vertex_y_mm, asymmetry_mm)?;
    let n = run.len();
    let mut dense = vec![run[0].at];
    for i in 0..n - 1 {
        let (p1, p2) = (run[i].at, run[i + 1].at);
        // A corner or an end has no neighbour beyond it: the spline leaves along the chord.
        let p0 = if i == 0 || run[i].corner { reflect(p1, p2) } else { run[i - 1].at };
        let p3 = if i + 2 >= n || run[i + 1].corner { reflect(p2, p1) } else { run[i + 2].at };
        let start = dense.len();
        segment(p0, p1, p2, p3, &mut dense);
        let back = dense[start - 1..].windows(2).any(|w| w[1].x_mm <= w[0].x_mm);
        if back {
            // Name the segment by the points as given (the run may be reversed or mirrored).
            let index = run[i].source.min(run[i + 1].source);
            return Err(DesignError::DoublesBack { index });
        }
    }
    let vertex = MapPoint::new(0.0, vertex_y_mm);
    let apex = dense
        .iter()
        .min_by(|a, b| a.distance_mm(vertex).total_cmp(&b.distance_mm(vertex)))
        .copied()
        .unwrap_or(dense[0]);
    let end_x_mm = run[0].at.x_mm.abs().max(run[n - 1].at.x_mm.abs());
    let ends = extend(&dense, reach_x_mm);
    Ok(DesignedLine { points: ends, end_x_mm, apex_x_mm: apex.x_mm.abs() })
}

/// `dense` continued past both ends to `±reach_x_mm`: each end turns level along an arc of
/// `END_TURN_RADIUS_MM` (no kink) and then runs straight, so a run that ends heading down the
/// temple does not carry the forehead's edge down the side of the face.
fn extend(dense: &[MapPoint], reach_x_mm: f32) -> Vec<MapPoint> {
    let n = dense.len();
    let mut right = continuation(dense[n - 1], dense[n - 2], reach_x_mm);
    let mut left = continuation(dense[0], dense[1], reach_x_mm);
    left.reverse();
    let mut out = Vec::with_capacity(n + left.len() + right.len());
    out.append(&mut left);
    out.extend_from_slice(dense);
    out.append(&mut right);
    out
}

/// Points past the end `end` (its neighbour on the run `inner`) out to |x| = `reach_x_mm`.
fn continuation(end: MapPoint, inner: MapPoint, reach_x_mm: f32) -> Vec<MapPoint> {
    let outward = (end.x_mm - inner.x_mm).signum();
    // The direction's angle from level, outward: positive climbs toward +y.
    let mut angle = (end.y_mm - inner.y_mm).atan2((end.x_mm - inner.x_mm).abs());
    let mut p = end;
    let mut out = Vec::new();
    while angle.abs() > 1e-6 && p.x_mm.abs() < reach_x_mm {
        let step = angle.abs().min(ARC_STEP_RAD);
        let mid = angle - 0.5 * step * angle.signum();
        let length = END_TURN_RADIUS_MM * step;
        p = MapPoint::new(p.x_mm + outward * length * mid.cos(), p.y_mm + length * mid.sin());
        angle -= step * angle.signum();
        out.push(p);
    }
    if p.x_mm.abs() < reach_x_mm {
        out.push(MapPoint::new(outward * reach_x_mm, p.y_mm));
    }
    out
}
