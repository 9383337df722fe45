//! The scalp map laid on the scan once, on a 4 mm grid: points and normals that many map points
//! (stubble, heat-map pixels) are interpolated from instead of each casting its own ray.
//!
//! The grid covers the scalp map and runs on to the nape (map y −20 to 420 mm, x ±176 mm):
//! 9,900 rays (a 2 mm grid's 39,000 took 45 ms of CPU, a tenth of a preview's). Between grid
//! points the skin is interpolated bilinearly; over 4 mm the cranium's curvature (radius ≥ 70
//! mm) leaves a chord 0.03 mm off the skin.

use rayon::prelude::*;

use super::math::V3;
use super::scene::ScanScene;
use crate::MapPoint;

/// Grid spacing on the map, mm.
pub(crate) const GRID_STEP_MM: f32 = 4.0;
/// The grid's map extent, mm: `[x_min, y_min]` and columns × rows.
const ORIGIN_MM: [f32; 2] = [-176.0, -20.0];
const COLUMNS: usize = 89;
const ROWS: usize = 111;

/// Surface points and normals at the grid's nodes (`None` where a ray missed).
#[derive(Clone, Debug)]
pub(crate) struct MapGrid {
    nodes: Vec<Option<(V3, V3)>>,
}

impl MapGrid {
    /// Casts every node's ray (rows in parallel; each node on its own, so any thread count
    /// gives the same grid).
    ///
    /// Nodes whose ray leaves the head through an ear are left out: low on the sides the map's
    /// rays run out through the ear's root, and stubble drawn there streaked the ears.
    pub fn build(scene: &ScanScene) -> Self {
        let l = scene.landmarks_v3();
        let tragi = [l.tragus_left, l.tragus_right];
        let nodes = (0..ROWS)
            .into_par_iter()
            .flat_map_iter(|j| {
                (0..COLUMNS).map(move |i| {
                    let s = scene.surface_point(Self::node_mm(i, j))?;
                    let v = |p: crate::head::HeadPoint| V3::new(p.x_mm, p.y_mm, p.z_mm);
                    let (point, normal) = (v(s.point), v(s.normal));
                    (!on_an_ear(scene, &tragi, point)).then_some((point, normal))
                })
            })
            .collect();
        Self { nodes }
    }

    /// Map point of node `(i, j)`.
    pub fn node_mm(i: usize, j: usize) -> MapPoint {
        MapPoint::new(
            ORIGIN_MM[0] + i as f32 * GRID_STEP_MM,
            ORIGIN_MM[1] + j as f32 * GRID_STEP_MM,
        )
    }

    /// Columns and rows of nodes.
    pub fn size() -> (usize, usize) {
        (COLUMNS, ROWS)
    }

    /// The node's point and normal, head frame.
    pub fn node(&self, i: usize, j: usize) -> Option<(V3, V3)> {
        self.nodes[j * COLUMNS + i]
    }

    /// Skin point and unit normal under map point `p`, interpolated; `None` off the grid or
    /// where a corner's ray missed.
    pub fn at(&self, p: MapPoint) -> Option<(V3, V3)> {
        let fx = (p.x_mm - ORIGIN_MM[0]) / GRID_STEP_MM;
        let fy = (p.y_mm - ORIGIN_MM[1]) / GRID_STEP_MM;
        if !(fx >= 0.0 && fy >= 0.0) {
            return None;
        }
        let (i, j) = (fx as usize, fy as usize);
        if i + 1 >= COLUMNS || j + 1 >= ROWS {
            return None;
        }
        let (tx, ty) = (fx - i as f32, fy - j as f32);
        let [a, b, c, d] =
            [(0, 0), (1, 0), (0, 1), (1, 1)].map(|(di, dj)| self.node(i + di, j + dj));
        let (a, b, c, d) = (a?, b?, c?, d?);
        let mix = |a: V3, b: V3, c: V3, d: V3| {
            let top = a + (b - a) * tx;
            let bottom = c + (d - c) * tx;
            top + (bottom - top) * ty
        };
        Some((mix(a.0, b.0, c.0, d.0), mix(a.1, b.1, c.1, d.1).normalized()))
    }
}

/// How far out from the head's skin under it a point must stand to be ear, mm (the auricle
/// stands 10–25 mm out; the skin around it curves by less than 3 mm over the fan below).
const EAR_STANDS_OUT_MM: f32 = 5.0;

/// Whether skin point `p` belongs to an ear: it lies near a tragus and stands out from the
/// head's skin under it (the innermost hit of horizontal rays at its azimuth and 4° either side,
/// from the vertical axis at its height: a wider fan met the narrower skin toward the face and
/// took the scalp behind the ear for ear).
fn on_an_ear(scene: &ScanScene, tragi: &[V3; 2], p: V3) -> bool {
    let near = tragi.iter().any(|t| {
        p.x * t.x > 0.0 && (p.z - t.z).abs() < 45.0 && (p.y - t.y) > -15.0 && (p.y - t.y) < 50.0
    });
    near && stands_out_mm(scene, p) > EAR_STANDS_OUT_MM
}

/// How far skin point `p` stands out from the head's skin under it, mm.
fn stands_out_mm(scene: &ScanScene, p: V3) -> f32 {
    let origin = V3::new(0.0, 0.0, p.z);
    let azimuth = p.x.atan2(-p.y);
    let mesh = &scene.coarse;
    let skin = (-1..=1)
        .filter_map(|k| {
            let a = azimuth + (4.0 * k as f32).to_radians();
            let dir = V3::new(a.sin(), -a.cos(), 0.0);
            scene.bvh.first_hit(&mesh.positions, &mesh.triangles, origin, dir).map(|h| h.t)
        })
        .fold(f32::MAX, f32::min);
    p.x.hypot(p.y) - skin
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_node_lies_on_an_ear_and_the_scalp_above_is_kept() {
        let scene = ScanScene::shared();
        let grid = scene.grid();
        let l = scene.landmarks_v3();
        let (columns, rows) = MapGrid::size();
        let (mut kept_above, mut ear_height) = (0, 0);
        for j in 0..rows {
            for i in 0..columns {
                let Some((p, _)) = grid.node(i, j) else { continue };
                for t in [l.tragus_left, l.tragus_right] {
                    // The ear's side of the head (not the face, where off-map rays end up).
                    if p.x * t.x <= 0.0 || p.x.abs() < 50.0 {
                        continue;
                    }
                    let d = p - t;
                    if d.z.abs() < 30.0 && d.y > -5.0 && d.y < 40.0 {
                        ear_height += 1;
                        // The auricle stands 10–25 mm out from the head.
                        let out = stands_out_mm(scene, p);
                        assert!(out < 8.0, "node ({i}, {j}) at {p:?} stands {out} mm out");
                    }
                    kept_above += usize::from(d.z > 45.0 && d.z < 60.0 && d.y.abs() < 20.0);
                }
            }
        }
        assert!(ear_height > 10, "no node at the ears' height: the check would be vacuous");
        assert!(kept_above > 10, "the temples above the ears lost their nodes too");
    }

    #[test]
    fn interpolated_points_lie_on_the_skin() {
        let scene = ScanScene::shared();
        let grid = scene.grid();
        for (x, y) in [(0.0, 0.0), (13.3, 101.7), (-57.1, 233.9), (81.0, 150.5), (0.7, 399.0)] {
            let p = MapPoint::new(x, y);
            let exact = scene.surface_point(p).unwrap().point;
            let (q, _) = grid.at(p).unwrap();
            let gap = (q - V3::new(exact.x_mm, exact.y_mm, exact.z_mm)).length();
            assert!(gap < 0.3, "map ({x}, {y}): grid point {gap} mm from the exact one");
        }
    }
}
