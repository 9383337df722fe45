//! `smpsim stats`: what a preset's plan measures, per zone and session.

use anyhow::{Context, Result};
use smpsim::{PlanStats, build_plan};

use crate::args::StatsArgs;
use crate::options::StatsJob;
use crate::output::{OutputTarget, write_output};

/// Runs `smpsim stats`.
pub fn run(args: &StatsArgs) -> Result<()> {
    let job = StatsJob::from_args(args)?;
    let plan = build_plan(&job.loaded.layout, &job.plan)
        .with_context(|| format!("--preset {}", args.preset.name))?;
    let stats = PlanStats::measure(&job.loaded.layout, &plan);
    write_output(&OutputTarget::Stdout, |out| {
        if job.json {
            serde_json::to_writer_pretty(&mut *out, &stats)?;
            writeln!(out)
        } else {
            stats.write_table(&mut &mut *out)
        }
    })
}
