//! `smpsim sample`: a rectangle with a density or spacing, or a preset's whole plan.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::values::parse_in_range;

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

    /// Domain size in mm, WIDTHxHEIGHT (e.g. 200x200), each side at most 100000; origin at (0,0).
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

    /// Refuse requests expected to make more dots than this (1 to 10^9; each dot needs about
    /// 55 bytes of memory).
    #[arg(long, value_name = "N", default_value_t = smpsim::engine::DEFAULT_MAX_DOTS as u64, value_parser = clap::value_parser!(u64).range(1..=1_000_000_000), allow_negative_numbers = true)]
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
pub const SPACING_RANGE_MM: (f64, f64) = (0.05, smpsim::engine::MAX_SPACING_MM as f64);

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
