//! Measured density and spacing of a plan, per zone and per session, with the warnings a
//! practitioner needs (healed dots touching: the "helmet" look).
//!
//! Areas are counted on a 1 mm grid where a zone wins (density at least the sampler's
//! [`MIN_DENSITY_PER_CM2`]); "target" is the mean of the target density over that area times the
//! session's cumulative share; "measured" is the zone's dots through that session over its area.

use std::io::{self, Write};

use serde::Serialize;

use crate::dots::{Dot, ZoneKind};
use crate::geom::MapPoint;
use crate::plan::Plan;
use crate::preset::Layout;
use crate::sample::MIN_DENSITY_PER_CM2;

/// Grid step the zone areas are counted on, mm.
const AREA_STEP_MM: f32 = 1.0;
/// Natural follicular density at its highest (DOMAIN: 65–110 FU/cm²); more looks like a helmet.
const NATURAL_MAX_PER_CM2: f64 = 110.0;

/// One zone through one session.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ZoneSessionStats {
    /// Session, from 1.
    pub session: u8,
    /// Dots this session placed in the zone.
    pub dots: usize,
    /// Dots in the zone through this session.
    pub cumulative_dots: usize,
    /// Target density through this session, dots/cm².
    pub target_per_cm2: f64,
    /// Measured density through this session, dots/cm².
    pub measured_per_cm2: f64,
    /// Smallest nearest-neighbour distance of the zone's dots (to any dot so far), mm.
    pub nn_min_mm: f64,
    /// 5th percentile of those distances, mm.
    pub nn_p5_mm: f64,
    /// Median of those distances, mm.
    pub nn_median_mm: f64,
    /// Pairs of healed dots that touch (centre distance below the mean of their diameters).
    pub touching_pairs: usize,
}

/// One zone over all sessions.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ZoneStats {
    /// Zone index (the dots' `zone`).
    pub index: usize,
    /// Zone name.
    pub name: String,
    /// Zone kind (`hairline`, `crown`, `diffuse`, `scar`, `total`).
    pub kind: &'static str,
    /// Area where this zone sets the density, cm².
    pub area_cm2: f64,
    /// Per session, cumulative.
    pub sessions: Vec<ZoneSessionStats>,
}

/// One session over all zones.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct SessionStats {
    /// Session, from 1.
    pub session: u8,
    /// Dots placed in this session.
    pub dots: usize,
    /// Dots through this session.
    pub cumulative_dots: usize,
    /// Planned cumulative share of the target, percent.
    pub planned_percent: f64,
    /// Measured cumulative share of the final dot count, percent.
    pub measured_percent: f64,
    /// Pigment dilution `N` of `N:1`.
    pub dilution: f64,
}

/// Statistics of a whole plan; serialises for `--json`.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct PlanStats {
    /// Preset name.
    pub preset: String,
    /// Seed of the dots.
    pub seed: u64,
    /// Total dots.
    pub dots: usize,
    /// Per session.
    pub sessions: Vec<SessionStats>,
    /// Per zone.
    pub zones: Vec<ZoneStats>,
    /// Human-readable warnings (touching dots, density above natural).
    pub warnings: Vec<String>,
}

fn kind_name(kind: ZoneKind) -> &'static str {
    match kind {
        ZoneKind::Hairline => "hairline",
        ZoneKind::Crown => "crown",
        ZoneKind::Diffuse => "diffuse",
        ZoneKind::Scar => "scar",
        ZoneKind::Total => "total",
    }
}

/// Dots bucketed on a square grid for neighbour queries.
struct DotGrid<'a> {
    dots: &'a [Dot],
    min: MapPoint,
    cell_mm: f32,
    nx: usize,
    ny: usize,
    start: Vec<usize>,
    order: Vec<usize>,
}

impl<'a> DotGrid<'a> {
    fn new(dots: &'a [Dot], cell_mm: f32) -> Self {
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
    fn nearest_mm(&self, k: usize) -> f32 {
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
    fn touching(&self, k: usize) -> usize {
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

fn percentile(sorted: &[f32], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() - 1) as f64 * q).round() as usize;
    sorted[i] as f64
}

impl PlanStats {
    /// Measures `plan`, sampled from `layout`.
    pub fn measure(layout: &Layout, plan: &Plan) -> Self {
        let zones = layout.zones();
        let n_zones = zones.zones().len();
        let (mut cells, mut target_sum) = (vec![0usize; n_zones], vec![0.0f64; n_zones]);
        let e = plan.extent_mm;
        let nx = (e.width_mm() / AREA_STEP_MM).round() as usize;
        let ny = (e.height_mm() / AREA_STEP_MM).round() as usize;
        for j in 0..ny {
            for i in 0..nx {
                let p = MapPoint::new(
                    e.min.x_mm + (i as f32 + 0.5) * AREA_STEP_MM,
                    e.min.y_mm + (j as f32 + 0.5) * AREA_STEP_MM,
                );
                if let Some((z, d)) = zones.winner(p).filter(|w| w.1 >= MIN_DENSITY_PER_CM2) {
                    cells[z] += 1;
                    target_sum[z] += d as f64;
                }
            }
        }
        let cell_cm2 = (AREA_STEP_MM as f64 / 10.0).powi(2);
        let total = plan.dots.len();
        let mut sessions = Vec::new();
        let mut zone_sessions: Vec<Vec<ZoneSessionStats>> = vec![Vec::new(); n_zones];
        let mut warnings = Vec::new();
        for (k, s) in layout.sessions().iter().enumerate() {
            let number = (k + 1) as u8;
            let through = plan.dots_through_session(number);
            let placed = through.iter().filter(|d| d.session == number).count();
            sessions.push(SessionStats {
                session: number,
                dots: placed,
                cumulative_dots: through.len(),
                planned_percent: 100.0 * s.cumulative_fraction as f64,
                measured_percent: if total > 0 {
                    100.0 * through.len() as f64 / total as f64
                } else {
                    0.0
                },
                dilution: s.dilution as f64,
            });
            let grid = DotGrid::new(through, 1.0);
            let mut nn: Vec<Vec<f32>> = vec![Vec::new(); n_zones];
            let mut touching = vec![0usize; n_zones];
            let mut new_dots = vec![0usize; n_zones];
            for (idx, d) in through.iter().enumerate() {
                let z = d.zone as usize;
                if z >= n_zones {
                    continue;
                }
                let dist = grid.nearest_mm(idx);
                if dist.is_finite() {
                    nn[z].push(dist);
                }
                touching[z] += grid.touching(idx);
                new_dots[z] += (d.session == number) as usize;
            }
            for z in 0..n_zones {
                let mut list = std::mem::take(&mut nn[z]);
                list.sort_by(f32::total_cmp);
                let area_cm2 = cells[z] as f64 * cell_cm2;
                let mean_target = if cells[z] > 0 { target_sum[z] / cells[z] as f64 } else { 0.0 };
                let cumulative =
                    list.len().max(through.iter().filter(|d| d.zone as usize == z).count());
                let measured = if area_cm2 > 0.0 { cumulative as f64 / area_cm2 } else { 0.0 };
                let pairs = touching[z] / 2;
                let name = &layout.zone_info()[z].name;
                if pairs > 0 {
                    warnings.push(format!(
                        "zone `{name}`, session {number}: {pairs} pairs of healed dots touch; they will merge into a flat \"helmet\" look — lower the density or the dot size"
                    ));
                }
                if measured > NATURAL_MAX_PER_CM2 {
                    warnings.push(format!(
                        "zone `{name}`, session {number}: {measured:.0} dots/cm² is denser than natural hair (up to {NATURAL_MAX_PER_CM2}); risk of a \"helmet\" look"
                    ));
                }
                zone_sessions[z].push(ZoneSessionStats {
                    session: number,
                    dots: new_dots[z],
                    cumulative_dots: cumulative,
                    target_per_cm2: mean_target * s.cumulative_fraction as f64,
                    measured_per_cm2: measured,
                    nn_min_mm: list.first().copied().unwrap_or(0.0) as f64,
                    nn_p5_mm: percentile(&list, 0.05),
                    nn_median_mm: percentile(&list, 0.5),
                    touching_pairs: pairs,
                });
            }
        }
        let zones_out = layout
            .zone_info()
            .iter()
            .enumerate()
            .zip(zone_sessions)
            .map(|((index, info), sessions)| ZoneStats {
                index,
                name: info.name.clone(),
                kind: kind_name(info.kind),
                area_cm2: cells[index] as f64 * cell_cm2,
                sessions,
            })
            .collect();
        Self {
            preset: plan.preset_name.clone(),
            seed: plan.seed,
            dots: total,
            sessions,
            zones: zones_out,
            warnings,
        }
    }

    /// Writes a plain-text table: one block per session, one row per zone, then the warnings.
    pub fn write_table(&self, w: &mut impl Write) -> io::Result<()> {
        writeln!(w, "preset {}  seed {}  dots {}", self.preset, self.seed, self.dots)?;
        for s in &self.sessions {
            writeln!(
                w,
                "\nsession {}  dilution {}:1  placed {}  cumulative {} ({:.1} % of final, planned {:.0} %)",
                s.session,
                s.dilution,
                s.dots,
                s.cumulative_dots,
                s.measured_percent,
                s.planned_percent
            )?;
            writeln!(
                w,
                "  {:<16} {:<9} {:>9} {:>7} {:>8} {:>8} {:>7} {:>7} {:>7} {:>6}",
                "zone",
                "kind",
                "area cm²",
                "dots",
                "target",
                "measured",
                "nn min",
                "nn p5",
                "nn med",
                "touch"
            )?;
            for z in &self.zones {
                let Some(zs) = z.sessions.iter().find(|x| x.session == s.session) else { continue };
                writeln!(
                    w,
                    "  {:<16} {:<9} {:>9.1} {:>7} {:>8.1} {:>8.1} {:>7.2} {:>7.2} {:>7.2} {:>6}",
                    z.name,
                    z.kind,
                    z.area_cm2,
                    zs.cumulative_dots,
                    zs.target_per_cm2,
                    zs.measured_per_cm2,
                    zs.nn_min_mm,
                    zs.nn_p5_mm,
                    zs.nn_median_mm,
                    zs.touching_pairs
                )?;
            }
        }
        for warning in &self.warnings {
            writeln!(w, "warning: {warning}")?;
        }
        Ok(())
    }

    /// The plain-text table as a string.
    pub fn to_table_string(&self) -> String {
        let mut out = Vec::new();
        self.write_table(&mut out).expect("writing to a Vec cannot fail");
        String::from_utf8(out).expect("the table is UTF-8")
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
        assert_eq!(percentile(&[1.0, 2.0, 3.0], 0.5), 2.0);
    }
}
