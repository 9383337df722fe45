//! `smpsim presets`: list, show, validate and save presets.

use std::path::PathBuf;

use clap::Subcommand;

use super::PresetArgs;

/// `smpsim presets …`
#[derive(Debug, Subcommand)]
pub enum PresetsCommand {
    /// Name and one-line description of every built-in preset.
    List,
    /// Print a preset's JSON (a built-in name or a file), with `--set` overrides applied.
    Show {
        /// A built-in preset name or a path to a preset JSON file.
        #[arg(value_name = "NAME|FILE")]
        name: String,
        /// Override one preset value, e.g. `hairline.height_mm=75` (repeatable).
        #[arg(long = "set", value_name = "PATH=VALUE")]
        overrides: Vec<String>,
    },
    /// Check a preset file; prints "ok" or one line saying what is wrong and where.
    Validate {
        /// The preset JSON file.
        file: PathBuf,
    },
    /// Write a preset with `--set` overrides applied, as a file to load with `--preset FILE`.
    Save {
        #[command(flatten)]
        preset: PresetArgs,
        /// The preset file to write (`-` for standard output); never one of the inputs.
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
    },
    /// Print the JSON Schema of preset files, for editors to complete and check keys.
    Schema,
}
