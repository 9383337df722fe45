//! Distance from a point to a polyline that is a graph over x with evenly spaced points (the
//! hairline's macro shape), exact up to a cap, with bounds that skip most of the work.
//!
//! The vertical gap to the line at a point's own x is no bound where the line is steep (the
//! temple recessions): a point far above or below the line there can be close to it sideways.
//! So the search asks precomputed y-ranges of the line around each segment instead.

use crate::geom::{MapPoint, MapRect};

/// Half-widths of the precomputed windows: `WINDOW_STEP_MM`, twice that, … `WINDOWS` times.
const WINDOW_STEP_MM: f32 = 4.0;
const WINDOWS: usize = 16;
/// Segments per block of the search to the side (each block's box is tested first).
const BLOCK_SEGMENTS: usize = 4;

/// A polyline through points at `x0_mm + i × step_mm`, with search aids.
#[derive(Clone, Debug)]
pub(super) struct GraphLine {
    x0_mm: f32,
    step_mm: f32,
    points: Vec<MapPoint>,
    /// Each segment as its start, its run (x, y) and 1 / its squared length (0 if it has none).
    segments: Vec<(MapPoint, f32, f32, f32)>,
    /// `windows[w][i]`: (min y, max y) of the line within `(w + 1) × WINDOW_STEP_MM` in x of
    /// segment `i`.
    windows: Vec<Vec<(f32, f32)>>,
    /// The box around each run of `BLOCK_SEGMENTS` segments.
    blocks: Vec<MapRect>,
}

/// (min y, max y) of `points`.
fn y_range(points: &[MapPoint]) -> (f32, f32) {
    points
        .iter()
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), q| (lo.min(q.y_mm), hi.max(q.y_mm)))
}

impl GraphLine {
    /// The line through `points` (at least two), which must lie at `x0_mm + i × step_mm`.
    pub(super) fn new(points: Vec<MapPoint>, x0_mm: f32, step_mm: f32) -> Self {
        let last = points.len() - 1;
        // Each window is the previous one grown by the points it newly reaches on either side.
        let reach = |w: usize| (w as f32 * WINDOW_STEP_MM / step_mm).ceil() as usize + 1;
        let mut windows: Vec<Vec<(f32, f32)>> = Vec::with_capacity(WINDOWS);
        for w in 1..=WINDOWS {
            let (inner, outer) = (if w == 1 { 0 } else { reach(w - 1) + 1 }, reach(w));
            let window = (0..last)
                .map(|i| {
                    // Points far enough either side to cover every segment reaching into the
                    // window of a point anywhere on segment i, plus one for rounding.
                    let before = &points[i.saturating_sub(outer)..=i.saturating_sub(inner)];
                    let after = &points[(i + 1 + inner).min(last)..=(i + 1 + outer).min(last)];
                    let (mut low, mut high) = y_range(before);
                    let (a_low, a_high) = y_range(after);
                    (low, high) = (low.min(a_low), high.max(a_high));
                    if let Some(&(p_low, p_high)) = windows.last().map(|prev| &prev[i]) {
                        (low, high) = (low.min(p_low), high.max(p_high));
                    }
                    (low, high)
                })
                .collect();
            windows.push(window);
        }
        let blocks = (0..last.div_ceil(BLOCK_SEGMENTS))
            .map(|k| {
                let run = &points[k * BLOCK_SEGMENTS..=((k + 1) * BLOCK_SEGMENTS).min(last)];
                let (low_y, high_y) = y_range(run);
                MapRect {
                    min: MapPoint::new(run[0].x_mm, low_y),
                    max: MapPoint::new(run[run.len() - 1].x_mm, high_y),
                }
            })
            .collect();
        let segments = points
            .windows(2)
            .map(|w| {
                let (run_x, run_y) = (w[1].x_mm - w[0].x_mm, w[1].y_mm - w[0].y_mm);
                let len_sq = run_x * run_x + run_y * run_y;
                (w[0], run_x, run_y, if len_sq > 0.0 { 1.0 / len_sq } else { 0.0 })
            })
            .collect();
        Self { x0_mm, step_mm, points, segments, windows, blocks }
    }

    /// The points.
    #[cfg(test)]
    pub(super) fn points(&self) -> &[MapPoint] {
        &self.points
    }

    /// The segment under `x_mm` (clamped to the line's ends) and the line's y there.
    pub(super) fn y_at(&self, x_mm: f32) -> (usize, f32) {
        let last = self.points.len() - 1;
        let u = ((x_mm - self.x0_mm) / self.step_mm).clamp(0.0, last as f32);
        // Truncation is floor here (u ≥ 0); `floor` is a library call on x86-64 without SSE4.1.
        let i = (u as i32 as usize).min(last - 1);
        let (a, b) = (self.points[i], self.points[i + 1]);
        (i, a.y_mm + (b.y_mm - a.y_mm) * (u - i as f32))
    }

    /// The vertical gap from the line to `p` (positive when p has the larger y), and p's
    /// distance from the line if that is below `cap_mm`.
    pub(super) fn gap_and_distance_mm(&self, p: MapPoint, cap_mm: f32) -> (f32, Option<f32>) {
        let (home, line_y) = self.y_at(p.x_mm);
        let gap = p.y_mm - line_y;
        let cap_sq = cap_mm * cap_mm;
        let mut best_sq = gap * gap;
        if best_sq < cap_sq {
            // The line at p's own x is within the cap: walk outward from the segment under p;
            // a segment whose x-range starts farther than the best distance so far cannot be
            // closer, so each side stops early.
            let last = self.points.len() - 1;
            let mut i = home;
            loop {
                best_sq = best_sq.min(self.segment_sq(p, i));
                let gap_x = p.x_mm - self.points[i].x_mm;
                if i == 0 || gap_x * gap_x > best_sq {
                    break;
                }
                i -= 1;
            }
            for i in home + 1..last {
                let gap_x = self.points[i].x_mm - p.x_mm;
                if gap_x * gap_x > best_sq {
                    break;
                }
                best_sq = best_sq.min(self.segment_sq(p, i));
            }
            return (gap, Some(best_sq.sqrt()));
        }
        // Beyond the cap vertically: done if the whole line within the cap in x is that far
        // above or below p (the usual case), else a steep stretch to the side may be closer.
        // The narrowest window at least `cap_mm` wide, without `ceil` (a library call).
        let q = cap_mm / WINDOW_STEP_MM;
        let w = q as usize;
        let w = if w as f32 == q { w.saturating_sub(1) } else { w };
        if let Some(&(low_y, high_y)) = self.windows.get(w).map(|window| &window[home])
            && (p.y_mm - high_y >= cap_mm || low_y - p.y_mm >= cap_mm)
        {
            return (gap, None);
        }
        best_sq = cap_sq;
        let home_block = home / BLOCK_SEGMENTS;
        self.search_block(p, home_block, &mut best_sq);
        for k in (0..home_block).rev() {
            if !self.search_block(p, k, &mut best_sq) {
                break;
            }
        }
        for k in home_block + 1..self.blocks.len() {
            if !self.search_block(p, k, &mut best_sq) {
                break;
            }
        }
        (gap, (best_sq < cap_sq).then(|| best_sq.sqrt()))
    }

    /// Squared distance from `p` to segment `i`, mm² (as `segment_distance_sq_mm2`, with the
    /// segment's run and inverse length precomputed: this is the innermost loop).
    fn segment_sq(&self, p: MapPoint, i: usize) -> f32 {
        let (a, run_x, run_y, inv_len_sq) = self.segments[i];
        let (ax, ay) = (p.x_mm - a.x_mm, p.y_mm - a.y_mm);
        let t = ((ax * run_x + ay * run_y) * inv_len_sq).clamp(0.0, 1.0);
        let (dx, dy) = (ax - t * run_x, ay - t * run_y);
        dx * dx + dy * dy
    }

    /// Lowers `best_sq` to the squared distance from `p` to block `k`'s segments if closer,
    /// unless the block's box is already that far; false once its x-range alone is (so are the
    /// blocks beyond it).
    fn search_block(&self, p: MapPoint, k: usize, best_sq: &mut f32) -> bool {
        let b = self.blocks[k];
        let dx = (b.min.x_mm - p.x_mm).max(p.x_mm - b.max.x_mm).max(0.0);
        if dx * dx >= *best_sq {
            return false;
        }
        let dy = (b.min.y_mm - p.y_mm).max(p.y_mm - b.max.y_mm).max(0.0);
        if dx * dx + dy * dy < *best_sq {
            let first = k * BLOCK_SEGMENTS;
            let end = (first + BLOCK_SEGMENTS).min(self.points.len() - 1);
            for i in first..end {
                *best_sq = best_sq.min(self.segment_sq(p, i));
            }
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::shape::segment_distance_sq_mm2;

    #[test]
    fn distance_matches_brute_force_beside_a_steep_stretch() {
        // Flat, then a steep ramp (like a temple recession), then flat again.
        let points: Vec<MapPoint> = (0..=60)
            .map(|i| {
                let x = -60.0 + 2.0 * i as f32;
                MapPoint::new(
                    x,
                    if x < 0.0 {
                        0.0
                    } else if x < 20.0 {
                        4.0 * x
                    } else {
                        80.0
                    },
                )
            })
            .collect();
        let line = GraphLine::new(points.clone(), -60.0, 2.0);
        let brute = |p: MapPoint| {
            points
                .windows(2)
                .map(|w| segment_distance_sq_mm2(p, w[0], w[1]))
                .fold(f32::INFINITY, f32::min)
                .sqrt()
        };
        let mut within = 0;
        for cap in [7.0f32, 19.0, 36.0] {
            for j in 0..120 {
                // Within the line's x-range (beyond its ends the vertical gap stands in).
                for i in 0..60 {
                    let p = MapPoint::new(-60.0 + 2.0 * i as f32 + 0.3, -20.0 + j as f32 + 0.1);
                    let exact = brute(p);
                    match line.gap_and_distance_mm(p, cap).1 {
                        Some(d) => {
                            assert!((d - exact).abs() < 1e-3, "{p:?}: {d} vs {exact}");
                            within += 1;
                        }
                        None => assert!(exact >= cap - 1e-3, "{p:?}: {exact} is within {cap}"),
                    }
                }
            }
        }
        assert!(within > 3000);
    }
}
