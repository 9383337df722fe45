//! `smpsim stats`: what a preset's plan measures, per zone and session.

use anyhow::{Context, Result};
use smpsim::{PlanStats, build_plan};

use crate::args::StatsArgs;
use crate::options::plan_options;
use crate::output::{OutputTarget, write_output};
use crate::preset_source::load_preset;

/// Default dot limit for plans (as `sample --max-dots`).
const MAX_PLAN_DOTS: u64 = 50_000_000;

/// Runs `smpsim stats`.
pub fn run(args: &StatsArgs) -> Result<()> {
    let loaded = load_preset(&args.preset.name, &args.preset.overrides)?;
    let plan = build_plan(&loaded.layout, &plan_options(args.seed, MAX_PLAN_DOTS))
        .with_context(|| format!("--preset {}", args.preset.name))?;
    let stats = PlanStats::measure(&loaded.layout, &plan);
    write_output(&OutputTarget::Stdout, |out| {
        if args.json {
            serde_json::to_writer_pretty(&mut *out, &stats)?;
            writeln!(out)
        } else {
            stats.write_table(&mut &mut *out)
        }
    })
}
