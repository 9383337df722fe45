//! The head's silhouette: where the head region's own edge is, so the scalp mask stays off a
//! neck or bare shoulders the region ran into, and the ellipse that edge follows.
//!
//! The region's moments cannot tell a head from bare shoulders of the same skin that touch it
//! in a top view: the region's mass there drags the outline out (a real top view's was 17 %
//! wider than the head, and its scalp mask ran onto a shoulder). The edge can. Rays from the
//! outline's centre leave the region at the head's silhouette except where it runs on into a
//! shoulder or the neck; those rays reach the frame or leave the region outside the head. The
//! region is solid (its holes are filled), so its edge never lies inside the head: an edge
//! point inside the head's ellipse is the head's own, one outside may be a shoulder's.
//!
//! The ellipse is the consensus of ellipses through five edge points each (RANSAC, after
//! Fischler and Bolles, 1981), scored by the points on it less the points well inside it,
//! then refitted by least squares to the points on it. The silhouette is the edge where a ray
//! found it on or inside that ellipse, and the ellipse scaled by its neighbours' ratio where
//! the ray ran past it or out of the frame.
//!
//! Rays are spaced evenly in the "diamond angle" (the position along the unit diamond
//! |x| + |y| = 1), which needs no trigonometry: a 12-MP mask asks which ray each pixel lies
//! between in a division.

use crate::head::ImageEllipse;
use crate::head::solve::solve_linear;
use crate::seed::splitmix64;

/// Rays cast from the centre to the region's edge.
const RAYS: usize = 120;
/// Step along a ray, px of the working copy.
const RAY_STEP_PX: f64 = 0.5;
/// Least share of the rays that must end on the region's edge inside the frame, and on the
/// fitted ellipse, for the silhouette to be used.
const MIN_EDGE_SHARE: f64 = 0.35;
/// Widest angle around the centre without an edge point on the ellipse the fit may bridge,
/// degrees: a head seen all round but for a neck or a pair of shoulders leaves gaps up to
/// about 120°.
const MAX_EDGE_GAP_DEG: f64 = 150.0;
/// Ellipses tried through five edge points each, for the best supported.
const SAMPLES: usize = 400;
/// Seed of the deterministic choice of those points.
const SAMPLE_SEED: u64 = 0x5eed_ed9e;
/// A point lies on an ellipse within this share of its mean radius (or [`MIN_ON_PX`]).
const ON_SHARE: f64 = 0.025;
/// Least tolerance of a point on an ellipse, px of the working copy: the edge of a
/// box-downscaled region is ragged by about a pixel.
const MIN_ON_PX: f64 = 1.5;
/// Rounds of refitting to the points on the best ellipse.
const REFITS: usize = 3;
/// The ellipse may not grow the moment ellipse by more than this (area ratio): larger, it is
/// extrapolating from a short arc.
const MAX_EDGE_GROWTH: f64 = 1.1;
/// Nor shrink it below this (area ratio): smaller, it has locked onto a feature inside.
const MIN_EDGE_SHRINK: f64 = 0.4;
/// Most ratio of the ellipse's semi-axes: a head from any side is far rounder.
const MAX_EDGE_ASPECT: f64 = 2.0;

/// The head's own edge around a centre (see the module docs), in the pixels its centre and
/// radii are given in.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Silhouette {
    /// The ellipse the edge follows.
    pub ellipse: ImageEllipse,
    /// Where the rays start.
    center_px: [f64; 2],
    /// Distance from the centre to the edge along each ray, px; ray `k` at diamond angle
    /// `4k / RAYS`.
    radius_px: Vec<f64>,
}

impl Silhouette {
    /// The silhouette with every length multiplied by `k` and the origin of its pixels moved
    /// by `map` (from working-copy px to photo px).
    pub fn to_photo(&self, k: f64, map: impl Fn(f64) -> f64) -> Self {
        let e = &self.ellipse;
        Self {
            ellipse: ImageEllipse {
                center_px: e.center_px.map(&map),
                semi_axes_px: e.semi_axes_px.map(|v| v * k),
                angle_rad: e.angle_rad,
            },
            center_px: self.center_px.map(&map),
            radius_px: self.radius_px.iter().map(|r| r * k).collect(),
        }
    }

    /// Whether `p` lies within the silhouette shrunk toward its centre by `keep` (0–1): its
    /// radius interpolated linearly between the two rays beside `p`.
    pub fn contains(&self, p: [f64; 2], keep: f64) -> bool {
        let d = [p[0] - self.center_px[0], p[1] - self.center_px[1]];
        let q = diamond_angle(d) * RAYS as f64 / 4.0;
        let k = (q as usize).min(RAYS - 1);
        let f = q - k as f64;
        let r = (1.0 - f) * self.radius_px[k] + f * self.radius_px[(k + 1) % RAYS];
        let limit = keep * r;
        d[0] * d[0] + d[1] * d[1] <= limit * limit
    }
}

/// A silhouette tested cell by cell on a grid of `cell_px` squares: a cell whose four corners
/// agree is wholly inside or outside (the silhouette bends over tens of cells), and only the
/// pixels of the cells its edge crosses are tested one by one. Measured on a 12-MP top view's
/// scalp mask: testing every pixel took 250 ms of 370.
pub(crate) struct CellTest<'a> {
    silhouette: &'a Silhouette,
    keep: f64,
    cols: usize,
    rows: usize,
    /// Per cell, row-major: [`Cell::Inside`], [`Cell::Outside`] or [`Cell::Edge`].
    cells: Vec<Cell>,
}

/// Where a grid cell lies against a silhouette.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cell {
    Inside,
    Outside,
    Edge,
}

impl<'a> CellTest<'a> {
    /// The test of `silhouette` shrunk by `keep` over `cols × rows` cells of `cell_px`.
    pub fn new(
        silhouette: &'a Silhouette,
        keep: f64,
        cols: usize,
        rows: usize,
        cell_px: f64,
    ) -> Self {
        let corners: Vec<bool> = (0..=rows)
            .flat_map(|r| (0..=cols).map(move |c| [c as f64 * cell_px, r as f64 * cell_px]))
            .map(|p| silhouette.contains(p, keep))
            .collect();
        let at = |c: usize, r: usize| corners[r * (cols + 1) + c];
        let cells = (0..rows)
            .flat_map(|r| (0..cols).map(move |c| (c, r)))
            .map(|(c, r)| match [at(c, r), at(c + 1, r), at(c, r + 1), at(c + 1, r + 1)] {
                [true, true, true, true] => Cell::Inside,
                [false, false, false, false] => Cell::Outside,
                _ => Cell::Edge,
            })
            .collect();
        Self { silhouette, keep, cols, rows, cells }
    }

    /// Whether `p` (in cell `col`, `row`; a cell past the grid's last is tested as an edge
    /// cell) lies within the shrunk silhouette.
    pub fn contains(&self, col: usize, row: usize, p: [f64; 2]) -> bool {
        let cell = if col < self.cols && row < self.rows {
            self.cells[row * self.cols + col]
        } else {
            Cell::Edge
        };
        match cell {
            Cell::Inside => true,
            Cell::Outside => false,
            Cell::Edge => self.silhouette.contains(p, self.keep),
        }
    }
}

/// The position of direction `d` along the unit diamond, 0–4, counter-clockwise on the image
/// from +x toward +y: monotonic in the angle, without trigonometry.
fn diamond_angle(d: [f64; 2]) -> f64 {
    let [x, y] = d;
    let l1 = x.abs() + y.abs();
    if l1 <= 0.0 {
        return 0.0;
    }
    match (x >= 0.0, y >= 0.0) {
        (true, true) => y / l1,
        (false, true) => 1.0 - x / l1,
        (false, false) => 2.0 - y / l1,
        (true, false) => 3.0 + x / l1,
    }
}

/// The unit vector at diamond angle `q` (0–4).
fn diamond_direction(q: f64) -> [f64; 2] {
    let v = match q {
        q if q < 1.0 => [1.0 - q, q],
        q if q < 2.0 => [1.0 - q, 2.0 - q],
        q if q < 3.0 => [q - 3.0, 2.0 - q],
        q => [q - 3.0, q - 4.0],
    };
    let length = v[0].hypot(v[1]);
    [v[0] / length, v[1] / length]
}

/// The silhouette of `region` (`width × height`, row-major) seen from `moments`' centre (see
/// the module docs); `None` when too few rays end on the edge, those on the ellipse leave too
/// wide a gap, or no plausible ellipse fits them.
pub(crate) fn silhouette(
    width: usize,
    height: usize,
    region: &[bool],
    moments: &ImageEllipse,
) -> Option<Silhouette> {
    let c = moments.center_px;
    let (w, h) = (width as f64, height as f64);
    let in_frame = |p: [f64; 2]| (0.0..w).contains(&p[0]) && (0.0..h).contains(&p[1]);
    let in_region = |p: [f64; 2]| region[p[1] as usize * width + p[0] as usize];
    if !(in_frame(c) && in_region(c)) {
        return None;
    }
    let reach = 2.0 * moments.semi_axes_px[0].max(moments.semi_axes_px[1]);
    let directions: Vec<[f64; 2]> =
        (0..RAYS).map(|k| diamond_direction(4.0 * k as f64 / RAYS as f64)).collect();
    // Where each ray leaves the region inside the frame, px from the centre.
    let exits: Vec<Option<f64>> = directions
        .iter()
        .map(|u| {
            let mut t = 0.0;
            loop {
                t += RAY_STEP_PX;
                let p = [c[0] + u[0] * t, c[1] + u[1] * t];
                if !in_frame(p) || t > reach {
                    return None;
                }
                if !in_region(p) {
                    return Some(t - RAY_STEP_PX / 2.0);
                }
            }
        })
        .collect();
    let point =
        |k: usize| exits[k].map(|t| [c[0] + directions[k][0] * t, c[1] + directions[k][1] * t]);
    let found: Vec<usize> = (0..RAYS).filter(|&k| exits[k].is_some()).collect();
    if (found.len() as f64) < MIN_EDGE_SHARE * RAYS as f64 {
        return None;
    }
    let ellipse =
        consensus_ellipse(&found.iter().filter_map(|&k| point(k)).collect::<Vec<_>>(), moments)?;
    let tolerance = on_tolerance(&ellipse);
    // Rays whose edge is the head's own: on the ellipse or inside it.
    let trusted: Vec<Option<f64>> = (0..RAYS)
        .map(|k| {
            exits[k].filter(|_| point(k).is_some_and(|p| outside_px(&ellipse, p) <= tolerance))
        })
        .collect();
    let on: Vec<usize> = (0..RAYS)
        .filter(|&k| point(k).is_some_and(|p| outside_px(&ellipse, p).abs() <= tolerance))
        .collect();
    if (on.len() as f64) < MIN_EDGE_SHARE * RAYS as f64 {
        return None;
    }
    let angle = |k: usize| directions[k][1].atan2(directions[k][0]);
    let widest_gap = on
        .iter()
        .zip(on.iter().cycle().skip(1))
        .map(|(&a, &b)| (angle(b) - angle(a)).rem_euclid(std::f64::consts::TAU))
        .fold(0.0f64, f64::max);
    if widest_gap.to_degrees() > MAX_EDGE_GAP_DEG {
        return None;
    }
    // The ellipse's reach along each ray, and the edge's share of it where the edge is the
    // head's; elsewhere the share is interpolated between the nearest trusted rays, at most 1.
    let along_ellipse: Vec<f64> =
        directions.iter().map(|&u| reach_inside(&ellipse, c, u)).collect();
    let share: Vec<Option<f64>> =
        (0..RAYS).map(|k| trusted[k].map(|t| t / along_ellipse[k].max(1e-9))).collect();
    let radius_px = (0..RAYS)
        .map(|k| {
            let s = share[k].unwrap_or_else(|| {
                let before = (1..RAYS).find_map(|i| share[(k + RAYS - i) % RAYS].map(|s| (i, s)));
                let after = (1..RAYS).find_map(|i| share[(k + i) % RAYS].map(|s| (i, s)));
                match (before, after) {
                    (Some((i, a)), Some((j, b))) => (a * j as f64 + b * i as f64) / (i + j) as f64,
                    _ => 1.0,
                }
            });
            s.min(1.0) * along_ellipse[k]
        })
        .collect();
    Some(Silhouette { ellipse, center_px: c, radius_px })
}

/// How far a point may lie from `e` and still be on it, px.
fn on_tolerance(e: &ImageEllipse) -> f64 {
    (ON_SHARE * (e.semi_axes_px[0] * e.semi_axes_px[1]).sqrt()).max(MIN_ON_PX)
}

/// The best-supported ellipse through the edge `points` (see the module docs), refitted to
/// the points on it; `None` when no plausible ellipse is found.
fn consensus_ellipse(points: &[[f64; 2]], moments: &ImageEllipse) -> Option<ImageEllipse> {
    let c = moments.center_px;
    let scale = (moments.semi_axes_px[0] * moments.semi_axes_px[1]).sqrt();
    let plausible = |e: &ImageEllipse| {
        let [a, b] = e.semi_axes_px;
        let area = e.area_px2() / moments.area_px2();
        a.max(b) <= MAX_EDGE_ASPECT * a.min(b)
            && (MIN_EDGE_SHRINK..=MAX_EDGE_GROWTH).contains(&area)
            && moments.distance2(e.center_px) <= 1.0
    };
    // A point on the ellipse supports it; one well inside it tells against it, since the
    // region is solid; one outside may be past a shoulder and says nothing.
    let support = |e: &ImageEllipse, tolerance: f64, p: [f64; 2]| {
        let d = outside_px(e, p);
        if d.abs() <= tolerance {
            1
        } else if d < 0.0 {
            -1
        } else {
            0
        }
    };
    let mut state = SAMPLE_SEED;
    let mut best: Option<(i64, ImageEllipse)> = None;
    for _ in 0..SAMPLES {
        let mut pick = [0usize; 5];
        for k in 0..5 {
            loop {
                state = splitmix64(state);
                let i = (state % points.len() as u64) as usize;
                if !pick[..k].contains(&i) {
                    pick[k] = i;
                    break;
                }
            }
        }
        let Some(e) = conic_ellipse(pick.iter().map(|&i| points[i]), c, scale) else {
            continue;
        };
        if !plausible(&e) {
            continue;
        }
        let tolerance = on_tolerance(&e);
        let score = points.iter().map(|&p| support(&e, tolerance, p)).sum::<i64>();
        if best.is_none_or(|(n, _)| score > n) {
            best = Some((score, e));
        }
    }
    let (_, mut ellipse) = best?;
    for _ in 0..REFITS {
        let tolerance = on_tolerance(&ellipse);
        let on = points.iter().copied().filter(|&p| outside_px(&ellipse, p).abs() <= tolerance);
        ellipse = conic_ellipse(on, c, scale)?;
    }
    plausible(&ellipse).then_some(ellipse)
}

/// How far from `origin` (inside `e`) the ray along unit `u` leaves `e`, px.
fn reach_inside(e: &ImageEllipse, origin: [f64; 2], u: [f64; 2]) -> f64 {
    // In the ellipse's own frame, scaled to the unit circle: |o + t·v|² = 1.
    let (s, co) = e.angle_rad.sin_cos();
    let local = |v: [f64; 2]| {
        [(v[0] * co + v[1] * s) / e.semi_axes_px[0], (-v[0] * s + v[1] * co) / e.semi_axes_px[1]]
    };
    let o = local([origin[0] - e.center_px[0], origin[1] - e.center_px[1]]);
    let v = local(u);
    let a = v[0] * v[0] + v[1] * v[1];
    let b = o[0] * v[0] + o[1] * v[1];
    let c = o[0] * o[0] + o[1] * o[1] - 1.0;
    let root = (b * b - a * c).max(0.0).sqrt();
    ((-b + root) / a.max(1e-12)).max(0.0)
}

fn outside_px(e: &ImageEllipse, p: [f64; 2]) -> f64 {
    let d = [p[0] - e.center_px[0], p[1] - e.center_px[1]];
    let r = d[0].hypot(d[1]);
    if r < 1e-9 {
        return -e.semi_axes_px[0].min(e.semi_axes_px[1]);
    }
    r - e.radius_toward([d[0] / r, d[1] / r])
}

/// The ellipse through `points` in the least-squares sense of the conic
/// `a·x² + b·xy + c·y² + d·x + e·y = 1` in coordinates centred on `origin` (inside the points,
/// so the conic does not pass through it) and divided by `scale` (about their distance from
/// it, to keep the normal equations well conditioned); `None` when the conic is not an
/// ellipse or the points do not fix one.
fn conic_ellipse(
    points: impl Iterator<Item = [f64; 2]>,
    origin: [f64; 2],
    scale: f64,
) -> Option<ImageEllipse> {
    if scale < 1e-9 {
        return None;
    }
    let mut ata = vec![vec![0.0; 5]; 5];
    let mut atb = vec![0.0; 5];
    for p in points {
        let (x, y) = ((p[0] - origin[0]) / scale, (p[1] - origin[1]) / scale);
        let row = [x * x, x * y, y * y, x, y];
        for i in 0..5 {
            atb[i] += row[i];
            for j in 0..5 {
                ata[i][j] += row[i] * row[j];
            }
        }
    }
    let q = solve_linear(ata, atb)?;
    let [a, b, c, d, e] = [q[0], q[1], q[2], q[3], q[4]];
    // Centre: where the gradient vanishes.
    let det = 4.0 * a * c - b * b;
    if det <= 1e-12 {
        return None;
    }
    let x0 = (b * e - 2.0 * c * d) / det;
    let y0 = (b * d - 2.0 * a * e) / det;
    // About the centre the conic is a·X² + b·XY + c·Y² = k.
    let k = 1.0 - (a * x0 * x0 + b * x0 * y0 + c * y0 * y0 + d * x0 + e * y0);
    let half_trace = (a + c) / 2.0;
    let root = (((a - c) / 2.0).powi(2) + (b / 2.0).powi(2)).sqrt();
    let (l_small, l_large) = (half_trace - root, half_trace + root);
    if k <= 0.0 || l_small <= 0.0 {
        return None;
    }
    // The long axis lies along the smaller eigenvalue's eigenvector.
    let angle_rad = 0.5 * b.atan2(a - c) + std::f64::consts::FRAC_PI_2;
    Some(ImageEllipse {
        center_px: [origin[0] + x0 * scale, origin[1] + y0 * scale],
        semi_axes_px: [(k / l_small).sqrt() * scale, (k / l_large).sqrt() * scale],
        angle_rad,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::head::fit::downscale::centre_px;
    use crate::head::fit::outline::fit_outline;

    fn region(w: usize, h: usize, inside: impl Fn([f64; 2]) -> bool) -> Vec<bool> {
        (0..w * h).map(|i| inside(centre_px(i, w))).collect()
    }

    #[test]
    fn the_silhouette_leaves_out_shoulders_that_join_the_head() {
        // A top view: a head of semi-axes 34 × 40 px and bare shoulders of the same skin
        // touching it on both sides and leaving the frame.
        let (w, h) = (160, 140);
        let head =
            ImageEllipse { center_px: [80.0, 65.0], semi_axes_px: [34.0, 40.0], angle_rad: 0.0 };
        let region = region(w, h, |p| {
            let shoulder = p[1] > 70.0 && p[1] < 110.0 && (p[0] < 60.0 || p[0] > 100.0);
            head.distance2(p) <= 1.0 || shoulder
        });
        let moments = fit_outline(w, h, &region).unwrap();
        let s = silhouette(w, h, &region, &moments).expect("the head's edge shows");
        let width_error = |e: &ImageEllipse| (e.bounds_px()[2] - e.bounds_px()[0] - 68.0).abs();
        assert!(width_error(&moments) > 10.0, "the moments are dragged: {moments:?}");
        assert!(width_error(&s.ellipse) < 3.0, "{:?}", s.ellipse);
        assert!((s.ellipse.center_px[1] - 65.0).abs() < 2.0, "{:?}", s.ellipse);
        // The shoulders are outside, the head's rim inside.
        assert!(!s.contains([40.0, 80.0], 1.0) && !s.contains([122.0, 80.0], 1.0));
        assert!(s.contains([80.0, 27.0], 1.0) && s.contains([48.0, 65.0], 1.0));
    }

    #[test]
    fn a_lone_ellipse_is_its_own_silhouette() {
        let truth =
            ImageEllipse { center_px: [70.0, 60.0], semi_axes_px: [45.0, 30.0], angle_rad: 0.4 };
        let region = region(140, 120, |p| truth.distance2(p) <= 1.0);
        let moments = fit_outline(140, 120, &region).unwrap();
        let s = silhouette(140, 120, &region, &moments).unwrap();
        let e = s.ellipse;
        assert!((e.semi_axes_px[0] - 45.0).abs() < 1.0 && (e.semi_axes_px[1] - 30.0).abs() < 1.0);
        assert!((e.angle_rad - 0.4).rem_euclid(std::f64::consts::PI) < 0.03, "{e:?}");
        // Every pixel well inside is in, every pixel well outside out.
        for i in 0..140 * 120 {
            let p = [(i % 140) as f64 + 0.5, (i / 140) as f64 + 0.5];
            let d2 = truth.distance2(p);
            assert!(d2 > 0.9 || s.contains(p, 1.0), "{p:?} inside");
            assert!(d2 < 1.1 || !s.contains(p, 1.0), "{p:?} outside");
        }
    }

    #[test]
    fn the_cell_test_agrees_with_the_pixel_test() {
        let truth =
            ImageEllipse { center_px: [70.0, 60.0], semi_axes_px: [45.0, 30.0], angle_rad: 0.4 };
        let region = region(140, 120, |p| truth.distance2(p) <= 1.0);
        let s = silhouette(140, 120, &region, &fit_outline(140, 120, &region).unwrap()).unwrap();
        let cells = CellTest::new(&s, 0.97, 17, 15, 8.0);
        for y in 0..120 {
            for x in 0..140 {
                let p = [x as f64 + 0.5, y as f64 + 0.5];
                assert_eq!(cells.contains(x / 8, y / 8, p), s.contains(p, 0.97), "{p:?}");
            }
        }
    }

    #[test]
    fn a_head_cut_by_the_frame_all_round_has_no_silhouette() {
        let close =
            ImageEllipse { center_px: [70.0, 80.0], semi_axes_px: [90.0, 70.0], angle_rad: 0.0 };
        let region = region(140, 120, |p| close.distance2(p) <= 1.0);
        let moments = fit_outline(140, 120, &region).unwrap();
        assert_eq!(silhouette(140, 120, &region, &moments), None);
    }

    #[test]
    fn the_diamond_angle_runs_round_without_trigonometry() {
        for k in 0..400 {
            let q = 4.0 * f64::from(k) / 400.0;
            let d = diamond_direction(q);
            assert!((d[0].hypot(d[1]) - 1.0).abs() < 1e-12);
            assert!((diamond_angle(d) - q).abs() < 1e-9, "{q}: {}", diamond_angle(d));
        }
        assert!(diamond_angle([0.0, 1.0]) == 1.0 && diamond_angle([-1.0, 0.0]) == 2.0);
    }
}
