//! Nearest neighbours and touching pairs of dots, on a bucket grid.

use crate::dots::Dot;
use crate::geom::MapPoint;

/// Dots bucketed on a square grid for neighbour queries.
pub(super) struct DotGrid<'a> {
    dots: &'a [Dot],
    min: MapPoint,
    cell_mm: f32,
    nx: usize,
    ny: usize,
    start: Vec<usize>,
    order: Vec<usize>,
}

impl<'a> DotGrid<'a> {
    pub(super) fn new(dots: &'a [Dot], cell_mm: f32) -> Self {
        let (mut min, mut max) =
            (MapPoint::new(f32::MAX, f32::MAX), MapPoint::new(f32::MIN, f32::MIN));
        for d in dots {
            min = MapPoint::new(min.x_mm.min(d.position.x_mm), min.y_mm.min(d.position.y_mm));
            max = MapPoint::new(max.x_mm.max(d.position.x_mm), max.y_mm.max(d.position.y_mm));
        }
        let nx = (((max.x_mm - min.x_mm) / cell_mm) as usize + 1).max(1);
        let ny = (((max.y_mm - min.y_mm) / cell_mm) as usize + 1).max(1);
        let cell_of = |p: MapPoint| {
            let i = (((p.x_mm - min.x_mm) / cell_mm) as usize).min(nx - 1);
            let j = (((p.y_mm - min.y_mm) / cell_mm) as usize).min(ny - 1);
            j * nx + i
        };
        let mut start = vec![0usize; nx * ny + 1];
        for d in dots {
            start[cell_of(d.position) + 1] += 1;
        }
        for c in 0..nx * ny {
            start[c + 1] += start[c];
        }
        let mut fill = start.clone();
        let mut order = vec![0usize; dots.len()];
        for (k, d) in dots.iter().enumerate() {
            let c = cell_of(d.position);
            order[fill[c]] = k;
            fill[c] += 1;
        }
        Self { dots, min, cell_mm, nx, ny, start, order }
    }

    /// Distance from dot `k` to its nearest other dot, mm (infinite if it is alone).
    pub(super) fn nearest_mm(&self, k: usize) -> f32 {
        let p = self.dots[k].position;
        let ci = ((p.x_mm - self.min.x_mm) / self.cell_mm) as isize;
        let cj = ((p.y_mm - self.min.y_mm) / self.cell_mm) as isize;
        let mut best = f32::INFINITY;
        let max_ring = self.nx.max(self.ny) as isize;
        for ring in 0..=max_ring {
            // Anything in ring r+1 is at least r cells away.
            if best <= ring as f32 * self.cell_mm {
                break;
            }
            for j in cj - ring..=cj + ring {
                for i in ci - ring..=ci + ring {
                    let on_ring = (j - cj).abs() == ring || (i - ci).abs() == ring;
                    if !on_ring || i < 0 || j < 0 || i >= self.nx as isize || j >= self.ny as isize
                    {
                        continue;
                    }
                    let c = j as usize * self.nx + i as usize;
                    for &other in &self.order[self.start[c]..self.start[c + 1]] {
                        if other != k {
                            best = best.min(p.distance_mm(self.dots[other].position));
                        }
                    }
                }
            }
        }
        best
    }

    /// Number of dots within `radius_mm` of dot `k` whose healed discs overlap it.
    pub(super) fn touching(&self, k: usize) -> usize {
        let d = &self.dots[k];
        let p = d.position;
        let ci = ((p.x_mm - self.min.x_mm) / self.cell_mm) as isize;
        let cj = ((p.y_mm - self.min.y_mm) / self.cell_mm) as isize;
        let mut n = 0;
        for j in cj - 1..=cj + 1 {
            for i in ci - 1..=ci + 1 {
                if i < 0 || j < 0 || i >= self.nx as isize || j >= self.ny as isize {
                    continue;
                }
                let c = j as usize * self.nx + i as usize;
                for &other in &self.order[self.start[c]..self.start[c + 1]] {
                    let o = &self.dots[other];
                    if other != k
                        && p.distance_mm(o.position) < 0.5 * (d.diameter_mm + o.diameter_mm)
                    {
                        n += 1;
                    }
                }
            }
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dot(x: f32, y: f32, d: f32) -> Dot {
        Dot {
            position: MapPoint::new(x, y),
            diameter_mm: d,
            fresh_diameter_mm: d,
            dilution: 10.0,
            session: 1,
            zone: 0,
        }
    }

    #[test]
    fn nearest_neighbours_and_touching_pairs_are_found() {
        let dots = vec![
            dot(0.0, 0.0, 0.15),
            dot(0.1, 0.0, 0.15),
            dot(5.0, 5.0, 0.15),
            dot(7.5, 5.0, 0.15),
        ];
        let g = DotGrid::new(&dots, 1.0);
        assert!((g.nearest_mm(0) - 0.1).abs() < 1e-6);
        assert!((g.nearest_mm(2) - 2.5).abs() < 1e-6);
        assert_eq!(g.touching(0), 1);
        assert_eq!(g.touching(2), 0);
    }
}
