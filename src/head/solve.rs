//! The head's pose from landmarks (and a head box) by least squares.
//!
//! # Model
//! Scaled orthographic: a landmark at head point `P` lands at `origin + S·(R·A·P)ₓᵧ`, where `A`
//! turns the head frame into the starting view's camera axes, `R` is the yaw–pitch–roll
//! rotation ([`Pose`]) and `S = diag(sx, −sy)`. A head box adds its four edges as four more
//! residuals: the box is the projected ellipsoid's bounding box.
//!
//! # What the points can decide
//! Each point gives two equations. The unknowns freed are those the points determine:
//! - 1 point and a box: position, scale and aspect; the rotation stays the view's;
//! - 2 points, or points in a line: position, scale and roll; yaw and pitch stay the view's;
//! - 3 or more points not in a line: yaw, pitch, roll, scale and position;
//! - a separate horizontal and vertical scale (a stretched photo, at most 16:9 either way) only
//!   with 4 or more points or with a box;
//! - a given rotation (`rotation_deg`) is kept and only scale, position (and aspect, as above)
//!   are solved;
//! - yaw and pitch stay within ±90° of the view (a steep penalty beyond): three points on a
//!   face fit the back of a head turned half round as well, and that is never the answer.
//!
//! # How
//! Levenberg–Marquardt over (yaw, pitch, roll, ln scale, ln aspect, origin x, origin y) with a
//! finite-difference Jacobian, from 36 starts: roll 0/90/180/270° (real photos come rotated)
//! × yaw and pitch −30/0/30°, each start's scale and position fitted to the points first. The
//! lowest residual wins; poses within 0.1 px RMS of it (three points cannot tell a head turned
//! one way from its mirror image) go to the one nearest the view.

use super::HeadModel;
use super::align_error::{HeadBox, MAX_TURN_DEG};
use super::landmark::Landmark;
use super::pose::Pose;
use super::vec3::Vec3;
use super::view::View;

/// Parameter indices.
const YAW: usize = 0;
const PITCH: usize = 1;
const ROLL: usize = 2;
const LN_SCALE: usize = 3;
const LN_ASPECT: usize = 4;
const ORIGIN_X: usize = 5;
const ORIGIN_Y: usize = 6;
const PARAMS: usize = 7;

/// Finite-difference steps per parameter (degrees, ln units, px).
const STEPS: [f64; PARAMS] = [1e-5, 1e-5, 1e-5, 1e-8, 1e-8, 1e-6, 1e-6];
/// Points needed (without a box) to solve a stretched photo's aspect as well.
const ASPECT_POINTS: usize = 4;
/// Most a photo's aspect may be stretched, either way: a 9:16 phone photo resized to a square.
/// With few landmarks the aspect trades off against pitch (a bowed head seen from the front
/// with 4 landmarks fitted aspect 2.5 and pitch 12° about as well as 1.5 and 50°), so beyond
/// this limit a steep penalty holds it back.
const MAX_ASPECT: f64 = 16.0 / 9.0;
/// The penalty's slope beyond [`MAX_ASPECT`], px per unit of ln aspect.
const ASPECT_PENALTY_PX: f64 = 1e4;
/// The penalty's slope for a yaw or pitch beyond ±[`MAX_TURN_DEG`] from the view, px per
/// degree: a head turned further shows another view (a front view solved as the back of the
/// head turned 180° put the plan on the face), as `--pose` also refuses.
const TURN_PENALTY_PX_PER_DEG: f64 = 100.0;
/// Iterations per start.
const MAX_ITERATIONS: usize = 200;
/// Largest triangle area among the points, per squared longest distance, below which they
/// count as lying in a line.
const COLLINEAR_SHARE: f64 = 0.02;

/// What to solve: landmarks on the model and where they are in the image.
pub(crate) struct Problem<'a> {
    pub view: View,
    pub model: &'a HeadModel,
    /// The landmarks and where they were clicked, image px.
    pub targets: Vec<(Landmark, [f64; 2])>,
    pub head_box: Option<HeadBox>,
    /// A rotation to keep, degrees `[yaw, pitch, roll]`.
    pub rotation_deg: Option<[f64; 3]>,
}

/// The solved pose and how closely it meets the points.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Solved {
    pub pose: Pose,
    /// RMS distance between the given points and the posed landmarks, px.
    pub rms_px: f64,
}

impl Problem<'_> {
    /// The unknowns the points determine (see the module docs); `None` if too few.
    pub fn free(&self) -> Option<[bool; PARAMS]> {
        let n = self.targets.len();
        let boxed = self.head_box.is_some();
        if n == 0 || (n == 1 && !boxed) {
            return None;
        }
        let spread = n >= 3 && !self.collinear();
        let turn = self.rotation_deg.is_none();
        let mut free = [false; PARAMS];
        free[YAW] = turn && spread;
        free[PITCH] = turn && spread;
        free[ROLL] = turn && n >= 2;
        free[LN_SCALE] = true;
        free[LN_ASPECT] = boxed || n >= ASPECT_POINTS;
        free[ORIGIN_X] = true;
        free[ORIGIN_Y] = true;
        Some(free)
    }

    fn collinear(&self) -> bool {
        let p: Vec<Vec3> = self.targets.iter().map(|t| t.0.point(self.model)).collect();
        let mut longest: f64 = 0.0;
        let mut area: f64 = 0.0;
        for (i, &a) in p.iter().enumerate() {
            for (j, &b) in p.iter().enumerate().skip(i + 1) {
                longest = longest.max((b - a).dot(b - a));
                for &c in &p[j + 1..] {
                    area = area.max((b - a).cross(c - a).length() / 2.0);
                }
            }
        }
        area < COLLINEAR_SHARE * longest
    }

    /// Solves from every start and keeps the best (see the module docs).
    pub fn solve(&self) -> Option<Solved> {
        let free = self.free()?;
        let mut results: Vec<([f64; PARAMS], f64)> = Vec::new();
        for start in self.starts(&free) {
            let x = self.refine(start, &free);
            results.push((x, self.cost(&x)));
        }
        let best = results.iter().map(|r| r.1).fold(f64::INFINITY, f64::min);
        let tie = best + 0.01 * self.residuals(&results[0].0).len() as f64;
        let turn = |x: &[f64; PARAMS]| x[YAW].abs() + x[PITCH].abs();
        let (x, _) = results
            .iter()
            .filter(|r| r.1 <= tie)
            .min_by(|a, b| turn(&a.0).total_cmp(&turn(&b.0)).then(a.1.total_cmp(&b.1)))?;
        let pose = normalised(self.pose_of(x));
        let misses: f64 = self
            .targets
            .iter()
            .map(|(l, q)| {
                let at = pose.project(l.seen_point(self.model, &pose));
                (at[0] - q[0]).powi(2) + (at[1] - q[1]).powi(2)
            })
            .sum();
        Some(Solved { pose, rms_px: (misses / self.targets.len() as f64).sqrt() })
    }

    fn pose_of(&self, x: &[f64; PARAMS]) -> Pose {
        let half = x[LN_ASPECT] / 2.0;
        Pose {
            view: self.view,
            yaw_deg: x[YAW],
            pitch_deg: x[PITCH],
            roll_deg: x[ROLL],
            scale_px_per_mm: [(x[LN_SCALE] + half).exp(), (x[LN_SCALE] - half).exp()],
            origin_px: [x[ORIGIN_X], x[ORIGIN_Y]],
        }
    }

    fn residuals(&self, x: &[f64; PARAMS]) -> Vec<f64> {
        let pose = self.pose_of(x);
        let mut r = Vec::with_capacity(2 * self.targets.len() + 7);
        for (l, q) in &self.targets {
            let at = pose.project(l.seen_point(self.model, &pose));
            r.extend([at[0] - q[0], at[1] - q[1]]);
        }
        r.push((x[LN_ASPECT].abs() - MAX_ASPECT.ln()).max(0.0) * ASPECT_PENALTY_PX);
        // Both ways round: a pitch past the pole is a yaw turned half round.
        let from_view = |a: f64| {
            let a = a.rem_euclid(360.0);
            a.min(360.0 - a)
        };
        for k in [YAW, PITCH] {
            r.push((from_view(x[k]) - MAX_TURN_DEG).max(0.0) * TURN_PENALTY_PX_PER_DEG);
        }
        if let Some(b) = self.head_box {
            let [hx, hy] = pose.half_extent_mm(self.model);
            let ([ox, oy], [sx, sy]) = (pose.origin_px, pose.scale_px_per_mm);
            r.extend([
                ox - hx * sx - b.x_px,
                ox + hx * sx - (b.x_px + b.width_px),
                oy - hy * sy - b.y_px,
                oy + hy * sy - (b.y_px + b.height_px),
            ]);
        }
        r
    }

    fn cost(&self, x: &[f64; PARAMS]) -> f64 {
        self.residuals(x).iter().map(|v| v * v).sum()
    }

    /// Starting points: each rotation with scale and position fitted to the points.
    fn starts(&self, free: &[bool; PARAMS]) -> Vec<[f64; PARAMS]> {
        let turns: &[f64] = if free[YAW] { &[0.0, -30.0, 30.0] } else { &[0.0] };
        let rolls: &[f64] = if free[ROLL] { &[0.0, 90.0, 180.0, 270.0] } else { &[0.0] };
        let [yaw0, pitch0, roll0] = self.rotation_deg.unwrap_or([0.0; 3]);
        let mut starts = Vec::new();
        for &roll in rolls {
            for &yaw in turns {
                for &pitch in turns {
                    let mut x = [0.0; PARAMS];
                    (x[YAW], x[PITCH], x[ROLL]) = (yaw0 + yaw, pitch0 + pitch, roll0 + roll);
                    self.place(&mut x);
                    starts.push(x);
                }
            }
        }
        starts
    }

    /// Fits scale and position to the points (or the box) for `x`'s rotation.
    fn place(&self, x: &mut [f64; PARAMS]) {
        let unit = Pose { scale_px_per_mm: [1.0, 1.0], origin_px: [0.0, 0.0], ..self.pose_of(x) };
        let q: Vec<[f64; 2]> =
            self.targets.iter().map(|t| unit.project(t.0.seen_point(self.model, &unit))).collect();
        let p: Vec<[f64; 2]> = self.targets.iter().map(|t| t.1).collect();
        let mean = |v: &[[f64; 2]]| {
            let n = v.len() as f64;
            [v.iter().map(|a| a[0]).sum::<f64>() / n, v.iter().map(|a| a[1]).sum::<f64>() / n]
        };
        let (pm, qm) = (mean(&p), mean(&q));
        let spread = |v: &[[f64; 2]], m: [f64; 2]| {
            v.iter().map(|a| (a[0] - m[0]).powi(2) + (a[1] - m[1]).powi(2)).sum::<f64>()
        };
        let scale = match self.head_box {
            Some(b) if p.len() < 2 => {
                let [hx, hy] = unit.half_extent_mm(self.model);
                (b.width_px / (2.0 * hx) * b.height_px / (2.0 * hy)).sqrt()
            }
            _ => (spread(&p, pm) / spread(&q, qm).max(1e-9)).sqrt(),
        };
        x[LN_SCALE] = scale.max(1e-6).ln();
        x[ORIGIN_X] = pm[0] - scale * qm[0];
        x[ORIGIN_Y] = pm[1] - scale * qm[1];
    }

    /// Levenberg–Marquardt from `x` over the `free` parameters.
    fn refine(&self, mut x: [f64; PARAMS], free: &[bool; PARAMS]) -> [f64; PARAMS] {
        let idx: Vec<usize> = (0..PARAMS).filter(|&k| free[k]).collect();
        let mut r = self.residuals(&x);
        let mut cost: f64 = r.iter().map(|v| v * v).sum();
        let mut lambda = 1e-3;
        for _ in 0..MAX_ITERATIONS {
            let jac: Vec<Vec<f64>> = idx
                .iter()
                .map(|&k| {
                    let (mut hi, mut lo) = (x, x);
                    hi[k] += STEPS[k];
                    lo[k] -= STEPS[k];
                    let (a, b) = (self.residuals(&hi), self.residuals(&lo));
                    a.iter().zip(&b).map(|(a, b)| (a - b) / (2.0 * STEPS[k])).collect()
                })
                .collect();
            let m = idx.len();
            let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(a, b)| a * b).sum::<f64>();
            let jtj: Vec<Vec<f64>> =
                (0..m).map(|i| (0..m).map(|j| dot(&jac[i], &jac[j])).collect()).collect();
            let jtr: Vec<f64> = (0..m).map(|i| -dot(&jac[i], &r)).collect();
            let mut improved = false;
            while lambda < 1e12 {
                let mut a = jtj.clone();
                for (i, row) in a.iter_mut().enumerate() {
                    row[i] += lambda * (jtj[i][i] + 1e-12);
                }
                let Some(step) = solve_linear(a, jtr.clone()) else { break };
                let mut candidate = x;
                for (&k, s) in idx.iter().zip(&step) {
                    candidate[k] += s;
                }
                let r_new = self.residuals(&candidate);
                let c_new: f64 = r_new.iter().map(|v| v * v).sum();
                if c_new.is_finite() && c_new < cost {
                    improved = cost - c_new > 1e-15 * (1.0 + cost);
                    (x, r, cost) = (candidate, r_new, c_new);
                    lambda = (lambda / 3.0).max(1e-12);
                    break;
                }
                lambda *= 4.0;
            }
            if !improved {
                break;
            }
        }
        x
    }
}

/// Angles into (−180°, 180°], with |pitch| ≤ 90° (a pitch past the pole is the same rotation
/// as yaw and roll turned half round).
fn normalised(mut pose: Pose) -> Pose {
    let wrap = |a: f64| {
        let a = a.rem_euclid(360.0);
        if a > 180.0 { a - 360.0 } else { a }
    };
    pose.pitch_deg = wrap(pose.pitch_deg);
    if pose.pitch_deg.abs() > 90.0 {
        pose.pitch_deg = wrap(180.0 - pose.pitch_deg);
        pose.yaw_deg += 180.0;
        pose.roll_deg += 180.0;
    }
    pose.yaw_deg = wrap(pose.yaw_deg);
    pose.roll_deg = wrap(pose.roll_deg);
    pose
}

/// Solves `a·x = b` by Gaussian elimination with partial pivoting; `None` if singular.
pub(super) fn solve_linear(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let n = b.len();
    for col in 0..n {
        let pivot = (col..n).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].is_nan() || a[pivot][col].abs() <= 1e-300 {
            return None;
        }
        a.swap(col, pivot);
        b.swap(col, pivot);
        let (done, rest) = a.split_at_mut(col + 1);
        let pivot_row = &done[col];
        for (i, row) in rest.iter_mut().enumerate() {
            let f = row[col] / pivot_row[col];
            for (v, p) in row[col..].iter_mut().zip(&pivot_row[col..]) {
                *v -= f * p;
            }
            b[col + 1 + i] -= f * b[col];
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        let tail: f64 = (row + 1..n).map(|k| a[row][k] * x[k]).sum();
        x[row] = (b[row] - tail) / a[row][row];
    }
    Some(x)
}
