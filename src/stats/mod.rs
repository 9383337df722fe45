//! Measured density and spacing of a plan, per zone and per session, with the warnings a
//! practitioner needs (healed dots touching: the "helmet" look).
//!
//! Areas are counted on a 1 mm grid where a zone wins (density at least the sampler's
//! [`MIN_DENSITY_PER_CM2`]); "target" is the mean of the target density over that area times the
//! session's cumulative share; "measured" is the zone's dots through that session over its area.

use std::io::{self, Write};

use serde::Serialize;

mod neighbours;
mod warning;

use neighbours::DotGrid;
pub use warning::PlanWarning;

use crate::dots::Dot;
use crate::geom::MapPoint;
use crate::plan::Plan;
use crate::preset::Layout;
use crate::sample::MIN_DENSITY_PER_CM2;

/// Grid step the zone areas are counted on, mm.
const AREA_STEP_MM: f32 = 1.0;
/// Natural follicular density at its highest (65–110 follicular units/cm², Keene's counts as
/// quoted by Beehner); more looks like a helmet.
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
    /// What a practitioner should look at before using the plan, typed so clinic software can
    /// translate or act on them; `Display` gives the English sentence.
    pub warnings: Vec<PlanWarning>,
}

fn percentile(sorted: &[f32], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() - 1) as f64 * q).round() as usize;
    sorted[i] as f64
}

/// Where each zone sets the density: cells of [`AREA_STEP_MM`] it wins, and the sum of its
/// target density over them.
struct ZoneAreas {
    cells: Vec<usize>,
    target_sum: Vec<f64>,
}

impl ZoneAreas {
    fn count(layout: &Layout, plan: &Plan) -> Self {
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
        Self { cells, target_sum }
    }

    fn area_cm2(&self, zone: usize) -> f64 {
        self.cells[zone] as f64 * (AREA_STEP_MM as f64 / 10.0).powi(2)
    }

    fn mean_target_per_cm2(&self, zone: usize) -> f64 {
        let cells = self.cells[zone];
        if cells > 0 { self.target_sum[zone] / cells as f64 } else { 0.0 }
    }
}

/// Each zone's dots through one session: nearest-neighbour distances (sorted), touching
/// pairs counted twice, dots this session placed, and all dots so far.
struct ZoneDots {
    nn_mm: Vec<f32>,
    touching: usize,
    new_dots: usize,
    cumulative: usize,
}

fn zone_dots(through: &[Dot], number: u8, n_zones: usize) -> Vec<ZoneDots> {
    let grid = DotGrid::new(through, 1.0);
    let mut zones: Vec<ZoneDots> = (0..n_zones)
        .map(|_| ZoneDots { nn_mm: Vec::new(), touching: 0, new_dots: 0, cumulative: 0 })
        .collect();
    for (idx, d) in through.iter().enumerate() {
        let Some(zone) = zones.get_mut(d.zone as usize) else { continue };
        let dist = grid.nearest_mm(idx);
        if dist.is_finite() {
            zone.nn_mm.push(dist);
        }
        zone.touching += grid.touching(idx);
        zone.new_dots += (d.session == number) as usize;
        zone.cumulative += 1;
    }
    for zone in &mut zones {
        zone.nn_mm.sort_by(f32::total_cmp);
    }
    zones
}

impl PlanStats {
    /// Measures `plan`, sampled from `layout`.
    pub fn measure(layout: &Layout, plan: &Plan) -> Self {
        let n_zones = layout.zones().zones().len();
        let areas = ZoneAreas::count(layout, plan);
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
            for (z, dots) in zone_dots(through, number, n_zones).into_iter().enumerate() {
                let area_cm2 = areas.area_cm2(z);
                let measured = if area_cm2 > 0.0 { dots.cumulative as f64 / area_cm2 } else { 0.0 };
                let pairs = dots.touching / 2;
                let name = &layout.zone_info()[z].name;
                if pairs > 0 {
                    warnings.push(PlanWarning::TouchingDots {
                        zone: name.clone(),
                        session: number,
                        pairs,
                    });
                }
                if measured > NATURAL_MAX_PER_CM2 {
                    warnings.push(PlanWarning::DenserThanNatural {
                        zone: name.clone(),
                        session: number,
                        density_per_cm2: measured,
                        natural_max_per_cm2: NATURAL_MAX_PER_CM2,
                    });
                }
                let list = &dots.nn_mm;
                zone_sessions[z].push(ZoneSessionStats {
                    session: number,
                    dots: dots.new_dots,
                    cumulative_dots: dots.cumulative,
                    target_per_cm2: areas.mean_target_per_cm2(z) * s.cumulative_fraction as f64,
                    measured_per_cm2: measured,
                    nn_min_mm: list.first().copied().unwrap_or(0.0) as f64,
                    nn_p5_mm: percentile(list, 0.05),
                    nn_median_mm: percentile(list, 0.5),
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
                kind: info.kind.name(),
                area_cm2: areas.area_cm2(index),
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

    #[test]
    fn percentiles_pick_the_nearest_rank() {
        assert_eq!(percentile(&[1.0, 2.0, 3.0], 0.5), 2.0);
        assert_eq!(percentile(&[1.0, 2.0, 3.0, 4.0, 5.0], 0.0), 1.0);
        assert_eq!(percentile(&[], 0.5), 0.0);
    }
}
