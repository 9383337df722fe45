//! The command-line grammar (clap). Values are range-checked here; turning them into library
//! options happens in one place, `options.rs`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

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
pub enum Command {
    /// Sample a dot set over a rectangle (or a preset's layout) and write it as CSV or JSON.
    Sample(SampleArgs),
    /// List, show and validate density presets.
    #[command(subcommand)]
    Presets(PresetsCommand),
    /// Measure a preset's plan: density per zone and session, spacing, and the "helmet" risk.
    Stats(StatsArgs),
}

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

/// Arguments of `smpsim sample`.
#[derive(Debug, Args)]
pub struct SampleArgs {
    /// Sample a preset's whole plan (every session) instead of a rectangle: a built-in name or
    /// a file. Writes x_mm,y_mm,diameter_mm,dilution,session,zone.
    #[arg(long, value_name = "NAME|FILE", conflicts_with_all = ["domain", "density", "spacing"])]
    pub preset: Option<String>,

    /// Override one preset value, e.g. `hairline.height_mm=75` (repeatable; with --preset).
    #[arg(long = "set", value_name = "PATH=VALUE", requires = "preset")]
    pub overrides: Vec<String>,

    /// Domain size in mm, WIDTHxHEIGHT (e.g. 200x200); origin at (0,0).
    #[arg(long, value_name = "WxH", value_parser = parse_domain)]
    pub domain: Option<DomainMm>,

    /// Target density in dots/cm² (at x = 0 with --density-to).
    #[arg(long, value_name = "DOTS_PER_CM2", value_parser = parse_density, allow_negative_numbers = true, conflicts_with = "spacing")]
    pub density: Option<f64>,

    /// Density in dots/cm² at x = WIDTH; the density ramps linearly from --density.
    #[arg(long, value_name = "DOTS_PER_CM2", value_parser = parse_density, allow_negative_numbers = true, requires = "density")]
    pub density_to: Option<f64>,

    /// Minimum spacing between dots in mm, instead of a density (at x = 0 with --spacing-to).
    #[arg(long, value_name = "MM", value_parser = parse_spacing, allow_negative_numbers = true)]
    pub spacing: Option<f64>,

    /// Spacing in mm at x = WIDTH; the spacing ramps linearly from --spacing.
    #[arg(long, value_name = "MM", value_parser = parse_spacing, allow_negative_numbers = true, requires = "spacing")]
    pub spacing_to: Option<f64>,

    /// Seed of the random placement; the same seed gives the same dots on any thread count.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,

    /// Output format (default: from the output's extension, else csv).
    #[arg(long, value_enum)]
    pub format: Option<PointFormat>,

    /// Refuse requests expected to make more dots than this.
    #[arg(long, value_name = "N", default_value_t = 50_000_000, value_parser = clap::value_parser!(u64).range(1..=1_000_000_000))]
    pub max_dots: u64,

    /// Output file, or - for standard output.
    #[arg(short, long, value_name = "FILE", default_value = "-")]
    pub output: PathBuf,
}

/// Text formats for dot lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PointFormat {
    /// Comma-separated values with a header line.
    Csv,
    /// A JSON array of objects.
    Json,
}

/// A rectangle size in mm, as given by `--domain WxH`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DomainMm {
    /// Width in mm.
    pub width_mm: f64,
    /// Height in mm.
    pub height_mm: f64,
}

/// Largest domain side in mm (100 m): far beyond any scalp, small enough for f32 micrometres.
pub const MAX_DOMAIN_SIDE_MM: f64 = 100_000.0;
/// Largest density in dots/cm² (spacing ≈ 0.08 mm, below any needle).
pub const MAX_DENSITY_PER_CM2: f64 = 10_000.0;
/// Spacing range in mm: below 0.05 mm dots would overlap any needle; the top is the engine's.
pub const SPACING_RANGE_MM: (f64, f64) = (0.05, smpsim::MAX_SPACING_MM as f64);

fn parse_domain(text: &str) -> Result<DomainMm, String> {
    let allowed = format!(
        "expected WIDTHxHEIGHT in mm, each above 0 and at most {MAX_DOMAIN_SIDE_MM}, e.g. 200x200"
    );
    let (w, h) = text.split_once(['x', 'X']).ok_or_else(|| allowed.clone())?;
    let side = |s: &str| s.trim().parse::<f64>().ok().filter(|v| v.is_finite());
    match (side(w), side(h)) {
        (Some(width_mm), Some(height_mm))
            if width_mm > 0.0
                && height_mm > 0.0
                && width_mm <= MAX_DOMAIN_SIDE_MM
                && height_mm <= MAX_DOMAIN_SIDE_MM =>
        {
            Ok(DomainMm { width_mm, height_mm })
        }
        _ => Err(allowed),
    }
}

fn parse_density(text: &str) -> Result<f64, String> {
    parse_in_range(text, 0.0, MAX_DENSITY_PER_CM2, "dots/cm²")
}

fn parse_spacing(text: &str) -> Result<f64, String> {
    parse_in_range(text, SPACING_RANGE_MM.0, SPACING_RANGE_MM.1, "mm")
}

fn parse_in_range(text: &str, min: f64, max: f64, unit: &str) -> Result<f64, String> {
    match text.trim().parse::<f64>() {
        Ok(value) if value.is_finite() && (min..=max).contains(&value) => Ok(value),
        _ => Err(format!("expected a number from {min} to {max} {unit}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_parses_and_rejects() {
        assert_eq!(parse_domain("200x150"), Ok(DomainMm { width_mm: 200.0, height_mm: 150.0 }));
        for bad in ["0x10", "10", "-5x5", "NaNx3", "infx2", "1e9x1", "axb"] {
            assert!(parse_domain(bad).is_err(), "{bad} accepted");
        }
    }

    #[test]
    fn density_range() {
        assert_eq!(parse_density("40"), Ok(40.0));
        for bad in ["-1", "NaN", "inf", "1e6", "forty"] {
            assert!(parse_density(bad).is_err(), "{bad} accepted");
        }
    }
}
