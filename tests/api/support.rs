//! Helpers shared by the tests of the library's API: one way to run on a given number of
//! threads, to load a built-in preset and to encode a test photo; and the engine checks (the
//! spacing rule, maximality, density per cell) with the test fields (a step, a zero-density
//! hole) the library does not ship.

pub use crate::common::{encode_photo, proptest_config};
use smpsim::engine::{DensityField, spacing_mm_for_density};
use smpsim::{MapPoint, MapRect, Preset};

/// Runs `f` on a pool of its own with `threads` threads: results must not depend on the count,
/// and the global pool's size is whatever the machine has.
pub fn on_threads<T: Send>(threads: usize, f: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap().install(f)
}

/// The built-in preset `name`, parsed and validated (a panic names it if either fails).
pub fn builtin(name: &str) -> Preset {
    Preset::builtin(name).unwrap_or_else(|| panic!("built-in {name} missing or invalid"))
}

/// Relative slack for f32 rounding: the engine computes in f32, the checks in f64.
pub const ROUNDING: f64 = 1e-5;

/// A density that jumps from `left` to `right` at `x_mm`.
pub struct StepDensity {
    pub left: f32,
    pub right: f32,
    pub x_mm: f32,
}

impl DensityField for StepDensity {
    fn density_per_cm2(&self, p: MapPoint) -> f32 {
        if p.x_mm < self.x_mm { self.left } else { self.right }
    }
    fn max_density_per_cm2(&self) -> f32 {
        self.left.max(self.right)
    }
}

/// `density` everywhere except a disc (centre, radius) with zero density and a band of
/// `y < band_mm` below the floor (0.3 dots/cm²): neither may get dots.
pub struct HoleDensity {
    pub density: f32,
    pub centre: MapPoint,
    pub radius_mm: f32,
    pub band_mm: f32,
}

impl DensityField for HoleDensity {
    fn density_per_cm2(&self, p: MapPoint) -> f32 {
        if p.distance_mm(self.centre) < self.radius_mm {
            0.0
        } else if p.y_mm < self.band_mm {
            0.3
        } else {
            self.density
        }
    }
    fn max_density_per_cm2(&self) -> f32 {
        self.density
    }
}

/// The engine's spacing rule for a density field: `p ↦ r(p)` in mm.
pub fn density_rule<F: DensityField + ?Sized>(field: &F) -> impl Fn(MapPoint) -> f64 + '_ {
    move |p| f64::from(spacing_mm_for_density(field.density_per_cm2(p)))
}

/// A bucket grid over arbitrary points for neighbour queries in the checks.
pub struct Buckets {
    min: (f64, f64),
    cell: f64,
    nx: i64,
    ny: i64,
    start: Vec<usize>,
    items: Vec<(f64, f64, f64)>,
}

impl Buckets {
    /// Buckets `pts` (with spacing `r`) in cells of `cell_mm` over a box that holds them all.
    pub fn new(pts: &[(MapPoint, f64)], cell_mm: f64) -> Self {
        let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
        for (p, _) in pts {
            x0 = x0.min(f64::from(p.x_mm));
            y0 = y0.min(f64::from(p.y_mm));
            x1 = x1.max(f64::from(p.x_mm));
            y1 = y1.max(f64::from(p.y_mm));
        }
        if pts.is_empty() {
            (x0, y0, x1, y1) = (0.0, 0.0, 1.0, 1.0);
        }
        let nx = ((x1 - x0) / cell_mm) as i64 + 1;
        let ny = ((y1 - y0) / cell_mm) as i64 + 1;
        let key = |p: &MapPoint| {
            let i = ((f64::from(p.x_mm) - x0) / cell_mm) as i64;
            let j = ((f64::from(p.y_mm) - y0) / cell_mm) as i64;
            (j * nx + i) as usize
        };
        let mut start = vec![0usize; (nx * ny) as usize + 1];
        for (p, _) in pts {
            start[key(p) + 1] += 1;
        }
        for i in 1..start.len() {
            start[i] += start[i - 1];
        }
        let mut fill = start.clone();
        let mut items = vec![(0.0, 0.0, 0.0); pts.len()];
        for (p, r) in pts {
            let k = key(p);
            items[fill[k]] = (f64::from(p.x_mm), f64::from(p.y_mm), *r);
            fill[k] += 1;
        }
        Self { min: (x0, y0), cell: cell_mm, nx, ny, start, items }
    }

    /// Calls `f` with every point within `radius` of (x, y) (and a few more).
    pub fn near(&self, x: f64, y: f64, radius: f64, mut f: impl FnMut(f64, f64, f64)) {
        let i0 = (((x - radius - self.min.0) / self.cell).floor() as i64).max(0);
        let i1 = (((x + radius - self.min.0) / self.cell).floor() as i64).min(self.nx - 1);
        let j0 = (((y - radius - self.min.1) / self.cell).floor() as i64).max(0);
        let j1 = (((y + radius - self.min.1) / self.cell).floor() as i64).min(self.ny - 1);
        for j in j0..=j1 {
            for i in i0..=i1 {
                let k = (j * self.nx + i) as usize;
                for &(qx, qy, qr) in &self.items[self.start[k]..self.start[k + 1]] {
                    f(qx, qy, qr);
                }
            }
        }
    }
}

/// Pairs (new–new and new–`existing`) closer than `min(r(p), r(q))`, beyond f32 rounding.
/// Returns the count and the smallest ratio `d / min(r(p), r(q))` seen among close pairs.
pub fn spacing_violations(
    spacing: &dyn Fn(MapPoint) -> f64,
    new: &[MapPoint],
    existing: &[MapPoint],
) -> (usize, f64) {
    let all: Vec<(MapPoint, f64)> = new.iter().chain(existing).map(|&p| (p, spacing(p))).collect();
    let r_min = all.iter().map(|a| a.1).fold(f64::INFINITY, f64::min).max(0.05);
    let buckets = Buckets::new(&all, r_min);
    let (mut bad, mut worst) = (0, f64::INFINITY);
    for &(p, rp) in &all[..new.len()] {
        let (px, py) = (f64::from(p.x_mm), f64::from(p.y_mm));
        let reach = if rp.is_finite() { rp } else { 20.0 };
        buckets.near(px, py, reach, |qx, qy, rq| {
            let d = ((qx - px).powi(2) + (qy - py).powi(2)).sqrt();
            if d == 0.0 && qx == px && qy == py {
                return; // itself
            }
            let m = rp.min(rq);
            if d < m {
                worst = worst.min(d / m);
                if d < m * (1.0 - ROUNDING) {
                    bad += 1;
                }
            }
        });
    }
    (bad, worst)
}

/// Probes that no dot could be added: every probe `x` in `domain` with finite `r(x)` has a dot
/// `q` (of `dots`, which holds old and new) with `|x − q| < min(r(x), r(q))`.
/// Probes a lattice of step `step_mm` (offset by half a step) plus `random` pseudo-random points.
/// Returns the uncovered probes.
pub fn holes(
    spacing: &dyn Fn(MapPoint) -> f64,
    domain: MapRect,
    dots: &[MapPoint],
    step_mm: f32,
    random: usize,
) -> Vec<MapPoint> {
    let all: Vec<(MapPoint, f64)> = dots.iter().map(|&p| (p, spacing(p))).collect();
    let r_min = all.iter().map(|a| a.1).fold(f64::INFINITY, f64::min).max(0.05);
    let buckets = Buckets::new(&all, r_min);
    let mut probes = Vec::new();
    let nx = (domain.width_mm() / step_mm) as usize;
    let ny = (domain.height_mm() / step_mm) as usize;
    for j in 0..ny {
        for i in 0..nx {
            probes.push(MapPoint::new(
                domain.min.x_mm + (i as f32 + 0.5) * step_mm,
                domain.min.y_mm + (j as f32 + 0.5) * step_mm,
            ));
        }
    }
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let mut unit = || {
        state =
            state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (state >> 40) as f32 / (1u64 << 24) as f32
    };
    for _ in 0..random {
        probes.push(MapPoint::new(
            domain.min.x_mm + unit() * domain.width_mm(),
            domain.min.y_mm + unit() * domain.height_mm(),
        ));
    }
    // Where two coverage circles cross is where an uncovered region would have its corner; p
    // and q never cover it (it is exactly r away), so a third dot must, or a dot fits there.
    let mut corners = 0;
    let mut open_corners = Vec::new();
    for &(p, rp) in &all {
        let (px, py) = (f64::from(p.x_mm), f64::from(p.y_mm));
        if !rp.is_finite() {
            continue;
        }
        buckets.near(px, py, 2.0 * rp, |qx, qy, rq| {
            let (dx, dy) = (qx - px, qy - py);
            let d = dx.hypot(dy);
            if !(rq.is_finite() && d > (rp - rq).abs() && d < rp + rq) || (qx, qy) < (px, py) {
                return;
            }
            let a = (d * d + rp * rp - rq * rq) / (2.0 * d);
            let h = (rp * rp - a * a).max(0.0).sqrt();
            let (ux, uy) = (dx / d, dy / d);
            for sign in [-1.0, 1.0] {
                let (x, y) = (px + a * ux - sign * h * uy, py + a * uy + sign * h * ux);
                let probe = MapPoint::new(x as f32, y as f32);
                let rx = spacing(probe);
                if !rx.is_finite() || !domain.contains(probe) {
                    continue;
                }
                corners += 1;
                let mut covered = false;
                buckets.near(x, y, rx, |tx, ty, rt| {
                    let me = (tx == px && ty == py) || (tx == qx && ty == qy);
                    covered |= !me && (tx - x).hypot(ty - y) < rx.min(rt) * (1.0 + ROUNDING);
                });
                if !covered {
                    open_corners.push(probe);
                }
            }
        });
    }
    // Tiny domains (the property tests) may have few crossings; a real set has about 3 per dot.
    assert!(all.len() < 100 || corners > all.len(), "only {corners} circle crossings probed");
    probes
        .into_iter()
        .filter(|&x| {
            let rx = spacing(x);
            if !rx.is_finite() || !domain.contains(x) {
                return false;
            }
            let (px, py) = (f64::from(x.x_mm), f64::from(x.y_mm));
            let mut covered = false;
            buckets.near(px, py, rx, |qx, qy, rq| {
                let d = ((qx - px).powi(2) + (qy - py).powi(2)).sqrt();
                covered |= d < rx.min(rq) * (1.0 + ROUNDING);
            });
            !covered
        })
        .chain(open_corners)
        .collect()
}

/// Dots per cm² in each whole 1 cm × 1 cm cell of `domain` (row-major, cells along x first).
pub fn per_cm2(domain: MapRect, dots: &[MapPoint]) -> (usize, usize, Vec<f64>) {
    let nx = (domain.width_mm() / 10.0) as usize;
    let ny = (domain.height_mm() / 10.0) as usize;
    let mut counts = vec![0.0; nx * ny];
    for p in dots {
        let i = ((p.x_mm - domain.min.x_mm) / 10.0) as usize;
        let j = ((p.y_mm - domain.min.y_mm) / 10.0) as usize;
        if i < nx && j < ny {
            counts[j * nx + i] += 1.0;
        }
    }
    (nx, ny, counts)
}
