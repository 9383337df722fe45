//! Scalp-map points on the scan's surface: the ellipsoid head model fitted to the scan places a
//! map point, a ray from the head frame's origin through it finds the scan's skin, and a
//! correction along the map's y keeps distances along the scan's own midline true.
//!
//! # Why a correction
//! The ellipsoid's midline and the scan's differ in shape (the scan's forehead is flatter and
//! its occiput fuller, and the wrap bends the low ellipsoid's midline near the glabella, whose
//! map origin lands 19 mm below the glabella), so an uncorrected ray drifts along the scan's
//! midline from where the map's y says. Two tables, built once, fix it: the arc from the
//! glabella along the scan's midline against the fan angle of rays in the midline plane (every
//! 0.25°), and the fan angle of the ellipsoid's midline point against its map y (every
//! 0.5 mm). A map point `(x, y)` uses the ellipsoid row `y′` whose midline point lies at the
//! fan angle where the scan's midline arc is `y`. Off the midline the same `y′` is used, which
//! keeps left and right symmetric (both sides go through the same ellipsoid rows).

use std::sync::OnceLock;

use super::math::V3;
use super::scene::ScanScene;
use crate::head::HeadPoint;
use crate::{HeadModel, MapPoint};

/// Fan-angle step of the scan's midline table, degrees (0.25° ≈ 0.5 mm of scalp).
const FAN_STEP_DEG: f32 = 0.25;
/// Fan angles the midline table covers, degrees from straight ahead (the glabella) over the
/// top: from the nose's root to the nape.
const FAN_FROM_DEG: f32 = -30.0;
const FAN_TO_DEG: f32 = 250.0;
/// Step and range of the ellipsoid's midline table in its map y, mm.
const MAP_STEP_MM: f32 = 0.5;
const MAP_FROM_MM: f32 = -60.0;
const MAP_TO_MM: f32 = 520.0;

/// A point on the scan's skin with its outward unit normal, head frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ScanSurfacePoint {
    /// On the skin, mm.
    pub point: HeadPoint,
    /// Outward unit normal (the scan's smooth vertex normals, interpolated).
    pub normal: HeadPoint,
}

/// The fitted ellipsoid model and the midline tables, built on first use (18 ms).
#[derive(Clone, Debug)]
pub(crate) struct Projection {
    model: HeadModel,
    /// Arc along the scan's midline from the glabella (mm) at fan angles
    /// `FAN_FROM_DEG + k · FAN_STEP_DEG`, increasing.
    scan_arc_mm: Vec<f32>,
    /// Fan angle (degrees) of the ellipsoid's midline point at map y `MAP_FROM_MM + k ·
    /// MAP_STEP_MM`, increasing.
    model_fan_deg: Vec<f32>,
}

pub(crate) type LazyProjection = OnceLock<Projection>;

impl ScanScene {
    pub(super) fn projection(&self) -> &Projection {
        self.projection.get_or_init(|| {
            let model = HeadModel::new(self.head_size()).expect("the fitted head size is valid");
            let fan_steps = ((FAN_TO_DEG - FAN_FROM_DEG) / FAN_STEP_DEG) as usize;
            let hits: Vec<Option<V3>> = (0..=fan_steps)
                .map(|k| {
                    self.cast(fan_direction(FAN_FROM_DEG + k as f32 * FAN_STEP_DEG)).map(|(p, _)| p)
                })
                .collect();
            let mut scan_arc_mm = Vec::with_capacity(hits.len());
            let mut previous: Option<V3> = None;
            for &here in &hits {
                let step = match (previous, here) {
                    (Some(a), Some(b)) => (b - a).length(),
                    _ => 0.0,
                };
                scan_arc_mm.push(scan_arc_mm.last().map_or(0.0, |s| s + step));
                previous = here.or(previous);
            }
            // Arc is measured from the glabella, which lies straight ahead (fan angle 0).
            let zero = scan_arc_mm[(-FAN_FROM_DEG / FAN_STEP_DEG) as usize];
            scan_arc_mm.iter_mut().for_each(|s| *s -= zero);
            let map_steps = ((MAP_TO_MM - MAP_FROM_MM) / MAP_STEP_MM) as usize;
            let model_fan_deg = (0..=map_steps)
                .map(|k| {
                    fan_angle_deg(model_point(
                        &model,
                        MapPoint::new(0.0, MAP_FROM_MM + k as f32 * MAP_STEP_MM),
                    ))
                })
                .collect();
            Projection { model, scan_arc_mm, model_fan_deg }
        })
    }

    /// Where the ray from the head frame's origin through `through` first leaves the skin:
    /// point and interpolated unit normal. The origin lies inside the cranium, so the first
    /// hit is the scalp (never the far side of an ear).
    fn cast(&self, through: V3) -> Option<(V3, V3)> {
        let mesh = &self.coarse;
        let dir = through.normalized();
        let hit = self.bvh.first_hit(&mesh.positions, &mesh.triangles, V3::default(), dir)?;
        let tri = mesh.triangles[hit.triangle as usize];
        let b = [1.0 - hit.b1 - hit.b2, hit.b1, hit.b2];
        let normal =
            tri.iter().zip(b).fold(V3::default(), |s, (&i, w)| s + mesh.normals[i as usize] * w);
        Some((dir * hit.t, normal.normalized()))
    }

    /// The scan's skin under scalp-map point `p` (mm along the scalp from the glabella), or
    /// `None` if the ray misses (never on the scalp; a map point far outside it may).
    pub fn surface_point(&self, p: MapPoint) -> Option<ScanSurfacePoint> {
        let projection = self.projection();
        // Map y → fan angle where the scan's midline has that arc → ellipsoid row at that angle.
        let fan_deg = invert(&projection.scan_arc_mm, p.y_mm, FAN_FROM_DEG, FAN_STEP_DEG);
        let y = invert(&projection.model_fan_deg, fan_deg, MAP_FROM_MM, MAP_STEP_MM);
        let (point, normal) =
            self.cast(model_point(&projection.model, MapPoint::new(p.x_mm, y)))?;
        Some(ScanSurfacePoint { point: to_head_point(point), normal: to_head_point(normal) })
    }
}

fn model_point(model: &HeadModel, p: MapPoint) -> V3 {
    let q = model.point(p);
    V3::new(q.x_mm, q.y_mm, q.z_mm)
}

pub(crate) fn to_head_point(v: V3) -> HeadPoint {
    HeadPoint { x_mm: v.x, y_mm: v.y, z_mm: v.z }
}

/// Unit direction in the midline plane at fan angle `deg` (0 straight ahead, 90 up).
fn fan_direction(deg: f32) -> V3 {
    let a = deg.to_radians();
    V3::new(0.0, -a.cos(), a.sin())
}

/// Fan angle of a point's direction from the origin, degrees in (−90, 270].
fn fan_angle_deg(p: V3) -> f32 {
    let deg = p.z.atan2(-p.y).to_degrees();
    if deg <= -90.0 { deg + 360.0 } else { deg }
}

/// The argument `x₀ + k·step` (interpolated) at which the increasing table reaches `value`;
/// beyond either end it extends with slope one step per step of the nearest table interval.
fn invert(table: &[f32], value: f32, x0: f32, step: f32) -> f32 {
    let k = table.partition_point(|&s| s < value).clamp(1, table.len() - 1);
    let (s0, s1) = (table[k - 1], table[k]);
    let t = if s1 > s0 { (value - s0) / (s1 - s0) } else { 0.0 };
    x0 + (k as f32 - 1.0 + t) * step
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::default_head::scan::landmarks::midline_arc_mm;
    use std::sync::LazyLock;

    static SCENE: LazyLock<ScanScene> = LazyLock::new(ScanScene::load);

    fn point(x: f32, y: f32) -> V3 {
        let p = SCENE.surface_point(MapPoint::new(x, y)).expect("on the scan").point;
        V3::new(p.x_mm, p.y_mm, p.z_mm)
    }

    #[test]
    fn map_origin_lands_on_the_glabella() {
        let g = SCENE.landmarks_v3().glabella;
        assert!((point(0.0, 0.0) - g).length() < 0.5, "{:?} vs {g:?}", point(0.0, 0.0));
    }

    #[test]
    fn heights_along_the_scan_midline_match_the_map() {
        // Measured on the scan's outer midline profile, independently of the projection's table.
        let c = &SCENE.calibration;
        let units: Vec<V3> = SCENE
            .coarse
            .positions
            .iter()
            .map(|&p| p * (1.0 / c.mm_per_unit) + c.origin_units)
            .collect();
        let g = SCENE.landmarks_v3().glabella;
        let mut worst: f32 = 0.0;
        for y in (50..=250).step_by(10) {
            let arc = midline_arc_mm(c, &units, &SCENE.coarse.triangles, g, point(0.0, y as f32));
            worst = worst.max((arc - y as f32).abs());
        }
        assert!(worst < 2.0, "midline heights off by up to {worst} mm");
    }

    #[test]
    fn left_and_right_are_mirror_images_within_a_few_mm() {
        let mut worst: f32 = 0.0;
        for y in (60..=260).step_by(20) {
            for x in [20.0, 40.0, 60.0] {
                let (l, r) = (point(x, y as f32), point(-x, y as f32));
                worst = worst.max((l - V3::new(-r.x, r.y, r.z)).length());
            }
        }
        // The scan's own asymmetry: it is up to 4 mm wider on the right above the ears.
        assert!(worst < 5.0, "left and right differ by up to {worst} mm");
    }

    #[test]
    fn the_fitted_ellipsoid_agrees_with_the_scan_over_the_scalp() {
        let model = &SCENE.projection().model;
        let (mut sum, mut n, mut worst) = (0.0, 0, 0.0f32);
        for y in (20..=300).step_by(20) {
            for x in (-60..=60).step_by(20) {
                let e = model_point(model, MapPoint::new(x as f32, y as f32));
                let hit = SCENE.cast(e).expect("the scan surrounds the origin").0;
                let gap = (hit - e).length();
                (sum, n, worst) = (sum + gap, n + 1, worst.max(gap));
            }
        }
        let mean = sum / n as f32;
        assert!(mean < 5.0 && worst < 15.0, "ellipsoid vs scan: mean {mean} mm, worst {worst} mm");
    }

    #[test]
    fn normals_point_outward() {
        for y in (0..=300).step_by(25) {
            let s = SCENE.surface_point(MapPoint::new(15.0, y as f32)).unwrap();
            let (p, n) = (s.point, s.normal);
            let outward =
                V3::new(p.x_mm, p.y_mm, p.z_mm).normalized().dot(V3::new(n.x_mm, n.y_mm, n.z_mm));
            assert!(outward > 0.5, "normal at y = {y} turns {outward} outward");
        }
    }
}
