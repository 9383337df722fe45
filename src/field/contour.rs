//! Outlines of a field: closed polygons where it crosses a level (marching squares on a grid).
//!
//! Used once per plan to draw zone borders, so clarity beats speed here.

use std::collections::HashMap;

use crate::geom::{MapPoint, MapRect};

/// Halvings of a grid edge when locating a crossing: 2 mm / 2¹⁰ ≈ 2 µm.
const BISECTION_STEPS: u32 = 10;

/// Closed polygons (first point not repeated) where `value` crosses `level` inside `rect`,
/// sampled every `step_mm`. The grid is padded with zeros, so every outline closes, cutting along
/// the rectangle's edge where a zone runs past it.
pub fn outlines_mm(
    rect: MapRect,
    step_mm: f32,
    level: f32,
    value: impl Fn(MapPoint) -> f32,
) -> Vec<Vec<MapPoint>> {
    let grid = Grid::sample(rect, step_mm, &value);
    let segments = grid.segments(level);
    link_rings(&segments, |edge| grid.crossing(edge, level, &value))
}

/// The field sampled on a grid padded by one node of zeros on every side. Edge ids: the
/// horizontal edge from node (i, j) to (i+1, j) is 2k, the vertical one to (i, j+1) is 2k+1,
/// where k = j·nx + i.
struct Grid {
    rect: MapRect,
    step_mm: f32,
    nx: usize,
    ny: usize,
    values: Vec<f32>,
}

impl Grid {
    fn sample(rect: MapRect, step_mm: f32, value: &impl Fn(MapPoint) -> f32) -> Self {
        let nx = (rect.width_mm() / step_mm).ceil() as usize + 3;
        let ny = (rect.height_mm() / step_mm).ceil() as usize + 3;
        let mut grid = Self { rect, step_mm, nx, ny, values: vec![0.0f32; nx * ny] };
        for j in 1..ny - 1 {
            for i in 1..nx - 1 {
                grid.values[j * nx + i] = value(grid.pos(i, j));
            }
        }
        grid
    }

    fn pos(&self, i: usize, j: usize) -> MapPoint {
        let (rect, step) = (self.rect, self.step_mm);
        MapPoint::new(
            (rect.min.x_mm + (i as f32 - 1.0) * step).clamp(rect.min.x_mm, rect.max.x_mm),
            (rect.min.y_mm + (j as f32 - 1.0) * step).clamp(rect.min.y_mm, rect.max.y_mm),
        )
    }

    fn at(&self, i: usize, j: usize) -> f32 {
        self.values[j * self.nx + i]
    }

    /// Marching squares: per cell, the pairs of edges the outline joins.
    fn segments(&self, level: f32) -> Vec<(usize, usize)> {
        let nx = self.nx;
        let h = |i: usize, j: usize| 2 * (j * nx + i);
        let v = |i: usize, j: usize| 2 * (j * nx + i) + 1;
        let mut segments: Vec<(usize, usize)> = Vec::new();
        for j in 0..self.ny - 1 {
            for i in 0..nx - 1 {
                let (a, b) = (self.at(i, j), self.at(i + 1, j));
                let (c, d) = (self.at(i + 1, j + 1), self.at(i, j + 1));
                let case = (a >= level) as u8
                    | ((b >= level) as u8) << 1
                    | ((c >= level) as u8) << 2
                    | ((d >= level) as u8) << 3;
                let (top, right, bottom, left) = (h(i, j), v(i + 1, j), h(i, j + 1), v(i, j));
                let centre_in = (a + b + c + d) * 0.25 >= level;
                let pairs: &[(usize, usize)] = match case {
                    0 | 15 => &[],
                    1 | 14 => &[(left, top)],
                    2 | 13 => &[(top, right)],
                    3 | 12 => &[(left, right)],
                    4 | 11 => &[(right, bottom)],
                    6 | 9 => &[(top, bottom)],
                    7 | 8 => &[(left, bottom)],
                    5 if centre_in => &[(left, bottom), (top, right)],
                    5 => &[(left, top), (right, bottom)],
                    10 if centre_in => &[(left, top), (right, bottom)],
                    _ => &[(left, bottom), (top, right)],
                };
                segments.extend_from_slice(pairs);
            }
        }
        segments
    }

    /// Where the field crosses `level` along `edge`.
    fn crossing(&self, edge: usize, level: f32, value: &impl Fn(MapPoint) -> f32) -> MapPoint {
        let k = edge / 2;
        let (i, j) = (k % self.nx, k / self.nx);
        let (i2, j2) = if edge.is_multiple_of(2) { (i + 1, j) } else { (i, j + 1) };
        let (va, vb) = (self.at(i, j), self.at(i2, j2));
        let (pa, pb) = (self.pos(i, j), self.pos(i2, j2));
        let lerp = |t: f32| {
            MapPoint::new(pa.x_mm + (pb.x_mm - pa.x_mm) * t, pa.y_mm + (pb.y_mm - pa.y_mm) * t)
        };
        let on_padding = i == 0 || j == 0 || i2 == self.nx - 1 || j2 == self.ny - 1;
        if on_padding {
            let t = if (vb - va).abs() > 1e-12 {
                ((level - va) / (vb - va)).clamp(0.0, 1.0)
            } else {
                0.5
            };
            return lerp(t);
        }
        // Zones end in steps as well as ramps, and a linear guess puts a step's crossing on a
        // grid node (a staircase outline); bisecting the field itself finds it to ~2 µm.
        let a_inside = va >= level;
        let (mut lo, mut hi) = (0.0f32, 1.0f32);
        for _ in 0..BISECTION_STEPS {
            let mid = 0.5 * (lo + hi);
            if (value(lerp(mid)) >= level) == a_inside {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        lerp(0.5 * (lo + hi))
    }
}

/// Links segments that share an edge into closed rings, each edge placed by `point_on`.
fn link_rings(
    segments: &[(usize, usize)],
    point_on: impl Fn(usize) -> MapPoint,
) -> Vec<Vec<MapPoint>> {
    let mut by_edge: HashMap<usize, Vec<usize>> = HashMap::new();
    for (s, &(e0, e1)) in segments.iter().enumerate() {
        by_edge.entry(e0).or_default().push(s);
        by_edge.entry(e1).or_default().push(s);
    }
    let mut used = vec![false; segments.len()];
    let mut polygons = Vec::new();
    for start in 0..segments.len() {
        if used[start] {
            continue;
        }
        used[start] = true;
        let (first_edge, mut edge) = segments[start];
        let mut ring = vec![point_on(first_edge)];
        while edge != first_edge {
            ring.push(point_on(edge));
            let next = by_edge[&edge].iter().copied().find(|&s| !used[s]);
            let Some(s) = next else { break };
            used[s] = true;
            let (e0, e1) = segments[s];
            edge = if e0 == edge { e1 } else { e0 };
        }
        if ring.len() >= 3 {
            polygons.push(ring);
        }
    }
    polygons
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_disc_gives_one_closed_ring_on_its_edge() {
        let rect = MapRect { min: MapPoint::new(-20.0, -20.0), max: MapPoint::new(20.0, 20.0) };
        let rings = outlines_mm(rect, 1.0, 0.5, |p| {
            if p.distance_mm(MapPoint::new(0.0, 0.0)) < 10.0 { 1.0 } else { 0.0 }
        });
        assert_eq!(rings.len(), 1);
        for p in &rings[0] {
            let r = p.distance_mm(MapPoint::new(0.0, 0.0));
            // The disc is a step: its outline must lie on the edge, not on the 1 mm grid.
            assert!((r - 10.0).abs() < 0.01, "point at radius {r}");
        }
        assert!(rings[0].len() > 40);
    }

    #[test]
    fn two_blobs_give_two_rings_and_a_clipped_zone_still_closes() {
        let rect = MapRect { min: MapPoint::new(0.0, 0.0), max: MapPoint::new(40.0, 10.0) };
        let rings =
            outlines_mm(rect, 1.0, 0.5, |p| if p.x_mm < 5.0 || p.x_mm > 30.0 { 1.0 } else { 0.0 });
        assert_eq!(rings.len(), 2);
    }
}
