//! `smpsim stats`'s flags as library options.

use anyhow::Result;
use smpsim::PlanOptions;

use super::plan_options;
use crate::args::StatsArgs;
use crate::preset_source::{LoadedPreset, load_preset};

/// A fully resolved `smpsim stats` run.
pub struct StatsJob {
    /// The preset and its layout.
    pub loaded: LoadedPreset,
    /// Seed and limits of the plan.
    pub plan: PlanOptions,
    /// Print JSON instead of a table.
    pub json: bool,
}

impl StatsJob {
    /// Resolves `smpsim stats`.
    pub fn from_args(args: &StatsArgs) -> Result<Self> {
        Ok(Self {
            loaded: load_preset(&args.preset.name, &args.preset.overrides)?,
            plan: plan_options(args.seed, smpsim::engine::DEFAULT_MAX_DOTS as u64),
            json: args.json,
        })
    }
}
