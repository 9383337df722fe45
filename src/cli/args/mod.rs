//! The command-line grammar (clap), one file per subcommand in the order of [`Command`]. Values
//! are range-checked here against the library's own range constants; turning them into library
//! options happens in one place, `options/`.

mod presets;
mod preview;
mod sample;
mod serve;
mod stencil;
mod tune;
mod values;

use clap::{Args, Parser, Subcommand};

pub use presets::PresetsCommand;
pub use preview::{PhotoLookArg, PhotoLookOverrides, PreviewArgs, ZoomArg};
pub use sample::{PointFormat, SampleArgs};
pub use serve::ServeArgs;
pub use stencil::{PageArg, StencilArgs, StencilFormatArg};
pub use tune::TuneArgs;
pub use values::{FitArg, LookArg, SkinArg, ViewArg};

/// Scalp-micropigmentation (SMP) follicle-pattern simulator.
#[derive(Debug, Parser)]
#[command(name = "smpsim", version, about, long_about = None)]
pub struct Cli {
    /// Worker threads (default: all cores, or RAYON_NUM_THREADS). Output does not depend on it.
    #[arg(long, global = true, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub threads: Option<u16>,

    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
#[expect(clippy::large_enum_variant, reason = "parsed once per run")]
pub enum Command {
    /// Sample a dot set over a rectangle (or a preset's layout) and write it as CSV or JSON.
    Sample(SampleArgs),
    /// List, show and validate density presets.
    #[command(subcommand)]
    Presets(PresetsCommand),
    /// Measure a preset's plan: density per zone and session, spacing, and the "helmet" risk.
    Stats(StatsArgs),
    /// Render the planned dots over a head photo or the built-in default head.
    Preview(PreviewArgs),
    /// Draw the plan at true size (1:1) for printing: PNG with its DPI, or SVG in mm.
    Stencil(StencilArgs),
    /// A variation sheet: the preset with one or two keys set to several values, side by side.
    Tune(TuneArgs),
    /// The consultation in a browser: a local web page (this computer only, nothing uploaded).
    Serve(ServeArgs),
}

/// Choosing a preset: shared by every command that takes one.
#[derive(Debug, Args)]
pub struct PresetArgs {
    /// A built-in preset name (see `smpsim presets list`) or a path to a preset JSON file.
    #[arg(long = "preset", value_name = "NAME|FILE")]
    pub name: String,

    /// Override one preset value, e.g. `hairline.height_mm=75` (repeatable, applied in order).
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub overrides: Vec<String>,
}

/// Arguments of `smpsim stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub preset: PresetArgs,

    /// Seed of the plan.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,

    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}
