//! A hairline traced on a photo: image pixels un-projected onto the scalp map through the head
//! model's alignment, and back. The command line's `--hairline-px`, a scene file's
//! `hairline_px` and the web page's draggable hairline all go through here, so they plan the
//! same dots.
//!
//! Frames: traced points are image px (origin top-left, +y down); the line they give is scalp
//! map mm.

use super::view::Camera;
use super::{Alignment, HeadModel, Unprojector};
use crate::geom::MapPoint;

/// How many points a traced hairline may have: three make a curve; the preset's own limit on
/// `hairline.points_mm` is the upper bound.
pub const TRACED_POINTS: std::ops::RangeInclusive<usize> = 3..=200;

/// Largest gap the solver may leave between a traced pixel and its map point projected back, px:
/// beyond it the pixel hit the head where the wrap cannot be inverted.
const TRACE_TOLERANCE_PX: f64 = 0.5;

/// Why a traced hairline cannot be placed on the scalp map. Points are numbered from 1.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum TraceError {
    /// Too few or too many points.
    #[error(
        "{count} points; a traced hairline has {}–{} points, from one temple to the other",
        TRACED_POINTS.start(),
        TRACED_POINTS.end()
    )]
    Count {
        /// Points given.
        count: usize,
    },
    /// The point is not on the head (off its outline, or on the face or neck below the scalp).
    #[error(
        "point {number} ({x},{y}) misses the head: it is off the fitted head outline or below \
         the scalp (face, neck)"
    )]
    OffHead {
        /// Which point, from 1.
        number: usize,
        /// Its image x, px.
        x: f64,
        /// Its image y, px.
        y: f64,
    },
    /// The scalp point found lies on the side of the head turned away from the camera.
    #[error("point {number} ({x},{y}) is on the far side of the head")]
    FarSide {
        /// Which point, from 1.
        number: usize,
        /// Its image x, px.
        x: f64,
        /// Its image y, px.
        y: f64,
    },
    /// The point is on the head where the scalp map cannot be followed (its edge).
    #[error("point {number} ({x},{y}) cannot be placed on the scalp map ({gap_px:.1} px off)")]
    OffMap {
        /// Which point, from 1.
        number: usize,
        /// Its image x, px.
        x: f64,
        /// Its image y, px.
        y: f64,
        /// How far the map point lands from the traced pixel, px.
        gap_px: f64,
    },
}

/// A hairline traced on a photo, un-projected onto the scalp map.
#[derive(Clone, Debug, PartialEq)]
pub struct TracedHairline {
    /// The traced points on the scalp map, mm, rounded to 0.1 mm (far below a drawn line's
    /// width), in the order traced.
    pub points_mm: Vec<[f64; 2]>,
}

impl TracedHairline {
    /// Un-projects `points_px` (image px, temple to temple) through `alignment` of `model`.
    ///
    /// # Errors
    /// Fewer than 3 or more than 200 points, or a point that misses the head, lies on its far
    /// side or off the scalp map (the first such point is named).
    pub fn from_photo(
        points_px: &[[f64; 2]],
        model: &HeadModel,
        alignment: &Alignment,
    ) -> Result<Self, TraceError> {
        check_traced_count(points_px.len())?;
        let camera = Camera::new(model, alignment);
        let unprojector = Unprojector::new(model, &camera);
        let points_mm = points_px
            .iter()
            .enumerate()
            .map(|(i, &px)| {
                let map = map_point(model, &camera, &unprojector, i + 1, px)?;
                let round = |v: f32| (f64::from(v) * 10.0).round() / 10.0;
                Ok([round(map.x_mm), round(map.y_mm)])
            })
            .collect::<Result<_, _>>()?;
        Ok(Self { points_mm })
    }

    /// The line as a preset override, `hairline.points_mm=[[x, y], …]`: what `--set` takes and
    /// what the command line prints for `presets save`.
    pub fn to_set(&self) -> String {
        format!("{}={}", Self::PRESET_PATH, self.points_json())
    }

    /// The preset path the line replaces.
    pub const PRESET_PATH: &'static str = "hairline.points_mm";

    /// The points as the JSON value of [`TracedHairline::PRESET_PATH`].
    pub fn points_json(&self) -> String {
        let points: Vec<String> =
            self.points_mm.iter().map(|[x, y]| format!("[{x}, {y}]")).collect();
        format!("[{}]", points.join(", "))
    }
}

/// Refuses a traced line of too few or too many points.
///
/// # Errors
/// [`TraceError::Count`] outside [`TRACED_POINTS`].
pub fn check_traced_count(count: usize) -> Result<(), TraceError> {
    if TRACED_POINTS.contains(&count) { Ok(()) } else { Err(TraceError::Count { count }) }
}

/// The scalp-map point under traced pixel `px` (point `number`, from 1), checked by projecting
/// it back.
fn map_point(
    model: &HeadModel,
    camera: &Camera,
    unprojector: &Unprojector<'_>,
    number: usize,
    [x, y]: [f64; 2],
) -> Result<MapPoint, TraceError> {
    let map = unprojector.map_point([x, y]).ok_or(TraceError::OffHead { number, x, y })?;
    let back = camera.map_point(model, map).ok_or(TraceError::FarSide { number, x, y })?;
    let gap_px = (f64::from(back[0]) - x).hypot(f64::from(back[1]) - y);
    if gap_px > TRACE_TOLERANCE_PX {
        return Err(TraceError::OffMap { number, x, y, gap_px });
    }
    Ok(map)
}

/// The traced line made left/right symmetric about the head's midline: each point and its
/// partner from the other end (first and last, second and second-last, …) are averaged on the
/// scalp map, one mirrored, and projected back to the image; a middle point moves onto the
/// midline. Image px in and out, 0.1 px.
///
/// # Errors
/// As [`TracedHairline::from_photo`]; a symmetric point that falls on the far side of the head
/// is named as that.
pub fn symmetric_trace(
    points_px: &[[f64; 2]],
    model: &HeadModel,
    alignment: &Alignment,
) -> Result<Vec<[f64; 2]>, TraceError> {
    check_traced_count(points_px.len())?;
    let camera = Camera::new(model, alignment);
    let unprojector = Unprojector::new(model, &camera);
    let maps: Vec<MapPoint> = points_px
        .iter()
        .enumerate()
        .map(|(i, &px)| map_point(model, &camera, &unprojector, i + 1, px))
        .collect::<Result<_, _>>()?;
    let n = maps.len();
    (0..n)
        .map(|i| {
            let (a, b) = (maps[i], maps[n - 1 - i]);
            let mirrored =
                MapPoint { x_mm: (a.x_mm - b.x_mm) / 2.0, y_mm: (a.y_mm + b.y_mm) / 2.0 };
            let [x, y] = points_px[i];
            let px = camera.map_point(model, mirrored).ok_or(TraceError::FarSide {
                number: i + 1,
                x,
                y,
            })?;
            Ok(px.map(|v| (f64::from(v) * 10.0).round() / 10.0))
        })
        .collect()
}

/// About `count` points along the part of `line_mm` (scalp map) that faces the camera, evenly
/// spaced in the image, each one a traced point would un-project to: where a plan's hairline
/// lies on the photo, as control points to drag. Image px, 0.1 px; empty when less than three
/// such points are visible.
pub fn project_hairline(
    line_mm: &[MapPoint],
    model: &HeadModel,
    alignment: &Alignment,
    count: usize,
) -> Vec<[f64; 2]> {
    let camera = Camera::new(model, alignment);
    let unprojector = Unprojector::new(model, &camera);
    // The longest run of points that are visible and trace back to themselves.
    let mut best: Vec<[f64; 2]> = Vec::new();
    let mut run: Vec<[f64; 2]> = Vec::new();
    for &p in line_mm {
        let px = camera.map_point(model, p).map(|v| v.map(f64::from));
        match px.filter(|&px| map_point(model, &camera, &unprojector, 1, px).is_ok()) {
            Some(px) => run.push(px),
            None => {
                if run.len() > best.len() {
                    best = std::mem::take(&mut run);
                }
                run.clear();
            }
        }
    }
    if run.len() > best.len() {
        best = run;
    }
    if best.len() < *TRACED_POINTS.start() || count < *TRACED_POINTS.start() {
        return Vec::new();
    }
    // Even spacing by length along the projected run.
    let mut along = vec![0.0];
    for pair in best.windows(2) {
        let step = (pair[1][0] - pair[0][0]).hypot(pair[1][1] - pair[0][1]);
        along.push(along.last().copied().unwrap_or(0.0) + step);
    }
    let total = along.last().copied().unwrap_or(0.0);
    let mut j = 0;
    (0..count)
        .map(|k| {
            let target = total * k as f64 / (count - 1) as f64;
            while j + 1 < best.len() - 1 && along[j + 1] < target {
                j += 1;
            }
            let span = (along[j + 1] - along[j]).max(f64::MIN_POSITIVE);
            let t = ((target - along[j]) / span).clamp(0.0, 1.0);
            let [a, b] = [best[j], best[j + 1]];
            [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t].map(|v| (v * 10.0).round() / 10.0)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::head::{HeadSize, Pose, View};

    fn front() -> (HeadModel, Alignment) {
        let model = HeadModel::new(HeadSize::default()).unwrap();
        let pose = Pose::rolled(View::Front, 0.0, [400.0, 420.0], [2.0, 2.0]);
        (model, Alignment::from_pose(pose))
    }

    #[test]
    fn a_projected_line_traces_back_onto_itself() {
        let (model, alignment) = front();
        let line: Vec<MapPoint> = (-60..=60)
            .map(|x| MapPoint { x_mm: x as f32, y_mm: 80.0 + (x as f32 / 10.0).powi(2) / 4.0 })
            .collect();
        let px = project_hairline(&line, &model, &alignment, 7);
        assert_eq!(px.len(), 7);
        let traced = TracedHairline::from_photo(&px, &model, &alignment).unwrap();
        for ([x, y], k) in traced.points_mm.iter().zip(0..) {
            let want_x = -60.0 + 20.0 * f64::from(k);
            // Evenly spaced in the image, not on the map: close to, not exactly, every 20 mm.
            assert!((x - want_x).abs() < 6.0, "point {k}: x {x} mm, expected near {want_x}");
            let want_y = 80.0 + (x / 10.0).powi(2) / 4.0;
            assert!((y - want_y).abs() < 0.2, "point {k}: y {y} mm, expected {want_y}");
        }
        assert!(traced.to_set().starts_with("hairline.points_mm=[["), "{}", traced.to_set());
    }

    #[test]
    fn a_symmetric_trace_is_its_own_mirror() {
        let (model, alignment) = front();
        let lopsided = [[330.0, 300.0], [360.0, 262.0], [405.0, 255.0], [450.0, 270.0]];
        let even = symmetric_trace(&lopsided, &model, &alignment).unwrap();
        let mm = TracedHairline::from_photo(&even, &model, &alignment).unwrap().points_mm;
        for i in 0..mm.len() {
            let (a, b) = (mm[i], mm[mm.len() - 1 - i]);
            assert!((a[0] + b[0]).abs() < 0.3 && (a[1] - b[1]).abs() < 0.3, "{mm:?}");
        }
        // Image-symmetric too in a front view: the midline is x = 400 px.
        assert!((even[0][0] + even[3][0] - 800.0).abs() < 0.5, "{even:?}");
    }

    #[test]
    fn bad_traces_name_the_point_and_what_is_allowed() {
        let (model, alignment) = front();
        let few = TracedHairline::from_photo(&[[400.0, 250.0]; 2], &model, &alignment);
        assert_eq!(
            few.unwrap_err().to_string(),
            "2 points; a traced hairline has 3–200 points, from one temple to the other"
        );
        let off = [[330.0, 300.0], [400.0, 255.0], [790.0, 10.0]];
        let error = TracedHairline::from_photo(&off, &model, &alignment).unwrap_err();
        assert!(error.to_string().starts_with("point 3 (790,10) misses the head"), "{error}");
    }
}
