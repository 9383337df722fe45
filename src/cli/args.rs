//! The command-line grammar (clap). Values are range-checked here; turning them into library
//! options happens in one place, `options.rs`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use smpsim::{HeadBox, HeadSize};

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
    /// Render the planned dots over a head photo or the built-in default head.
    Preview(PreviewArgs),
    /// Draw the plan at true size (1:1) for printing: PNG with its DPI, or SVG in mm.
    Stencil(StencilArgs),
    /// A variation sheet: the preset with one or two keys set to several values, side by side.
    Tune(TuneArgs),
}

/// Arguments of `smpsim tune`.
#[derive(Debug, Args)]
pub struct TuneArgs {
    #[command(flatten)]
    pub preset: PresetArgs,

    /// A preset key and its values, e.g. `hairline.height_mm=70,80,90`: the first --vary
    /// varies along the columns, a second along the rows (at most 36 cells in all).
    #[arg(long = "vary", value_name = "PATH=V1,V2,…", required = true, allow_hyphen_values = true)]
    pub variations: Vec<String>,

    /// Which side of the head the cells show (default: front for a hairline, else top).
    #[arg(long, value_enum)]
    pub view: Option<ViewArg>,

    /// Fitzpatrick skin type of the default head, I to VI.
    #[arg(long, value_enum, default_value_t = SkinArg::III)]
    pub skin: SkinArg,

    /// How the dots look: fresh (after the session), healed, or aged (see --years).
    #[arg(long, value_enum, default_value_t = LookArg::Healed)]
    pub look: LookArg,

    /// Years since the last session, for --look aged.
    #[arg(long, value_name = "N", default_value_t = 3.0, value_parser = parse_years, allow_negative_numbers = true)]
    pub years: f64,

    /// Seed of every cell (the same in all, so cells differ only by the varied values).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,

    /// Width and height of each cell, px.
    #[arg(long, value_name = "PX", default_value_t = 600, value_parser = clap::value_parser!(u32).range(320..=1600))]
    pub cell_px: u32,

    /// Output image; the format follows the extension (.png, .jpg).
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

/// Arguments of `smpsim stencil`.
#[derive(Debug, Args)]
pub struct StencilArgs {
    #[command(flatten)]
    pub preset: PresetArgs,

    /// Seed of the plan (the same seed as `sample` puts the dots at the same places).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,

    /// Pixels per inch of the PNG (72 to 2400), written into the file so it prints at true size.
    #[arg(long, default_value_t = 600, value_parser = clap::value_parser!(u32).range(72..=2400))]
    pub dpi: u32,

    /// Only the dots of this session (the template for that session).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=16), conflicts_with_all = ["through", "sessions"])]
    pub session: Option<u8>,

    /// The dots of sessions 1 to N (the look after session N).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=16), conflicts_with = "sessions")]
    pub through: Option<u8>,

    /// Every session, each in its own shade, with a legend.
    #[arg(long)]
    pub sessions: bool,

    /// Paper to tile the layout over (numbered pages with overlap and alignment marks), or
    /// `none` for one sheet.
    #[arg(long, value_enum, default_value_t = PageArg::A4)]
    pub page: PageArg,

    /// Output format (default: from the output's extension, else png).
    #[arg(long, value_enum)]
    pub format: Option<StencilFormatArg>,

    /// Draw zone borders and the hairline.
    #[arg(long)]
    pub outline: bool,

    /// Draw each dot at least this wide, mm (tiny dots do not print).
    #[arg(long, value_name = "MM", default_value_t = 0.3, value_parser = parse_min_dot, allow_negative_numbers = true)]
    pub min_dot_mm: f64,

    /// Width of the strip neighbouring pages share, mm.
    #[arg(long, value_name = "MM", default_value_t = 10.0, value_parser = parse_overlap, allow_negative_numbers = true)]
    pub overlap_mm: f64,

    /// Transparent paper instead of white.
    #[arg(long)]
    pub transparent: bool,

    /// Output file; several pages become NAME-p01.EXT, NAME-p02.EXT, …
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

/// `--page`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum PageArg {
    /// ISO A4, 210 × 297 mm.
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
    /// One sheet as large as the layout.
    None,
}

/// `stencil --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StencilFormatArg {
    /// Greyscale PNG with its DPI.
    Png,
    /// SVG in mm.
    Svg,
}

/// Arguments of `smpsim preview`.
#[derive(Debug, Args)]
pub struct PreviewArgs {
    #[command(flatten)]
    pub preset: PresetArgs,

    /// Photo of the client's head (JPEG, PNG or WebP); without it, the built-in default head.
    #[arg(long, value_name = "FILE")]
    pub photo: Option<PathBuf>,

    /// Which side of the head the image shows (default: the preset's: front for a hairline,
    /// else top).
    #[arg(long, value_enum)]
    pub view: Option<ViewArg>,

    /// The head's outline box in the photo, pixels: X,Y,WIDTH,HEIGHT (default: a centred fit).
    #[arg(long = "head", value_name = "X,Y,W,H", value_parser = parse_head_box, allow_hyphen_values = true)]
    pub head_box: Option<HeadBox>,

    /// The glabella (between the eyebrows) in the photo, pixels: X,Y (front and side views).
    #[arg(long, value_name = "X,Y", value_parser = parse_glabella, allow_hyphen_values = true)]
    pub glabella: Option<[f64; 2]>,

    /// A scene file (JSON) with view, head box, glabella and head size; flags override it.
    #[arg(long, value_name = "FILE")]
    pub scene: Option<PathBuf>,

    /// Head size in mm: LENGTHxBREADTHxHEIGHT, glabella to back, side to side, and vault height
    /// above the glabella (default 195x155x125).
    #[arg(long, value_name = "LxBxH", value_parser = parse_head_size)]
    pub head_mm: Option<HeadSize>,

    /// Size of the default head image in pixels, WIDTHxHEIGHT, 64 to 8000 each (without --photo).
    #[arg(long, value_name = "WxH", default_value = "2000x2000", value_parser = parse_size_px)]
    pub size: [u32; 2],

    /// Show the head after this session (default: the last).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(1..=16))]
    pub session: Option<u8>,

    /// How the dots look: fresh (after the session), healed, or aged (see --years).
    #[arg(long, value_enum, default_value_t = LookArg::Healed)]
    pub look: LookArg,

    /// Years since the last session, for --look aged and the last panel of --strip.
    #[arg(long, value_name = "N", default_value_t = 3.0, value_parser = parse_years, allow_negative_numbers = true)]
    pub years: f64,

    /// Fitzpatrick skin type of the default head, I to VI.
    #[arg(long, value_enum, default_value_t = SkinArg::III)]
    pub skin: SkinArg,

    /// Seed of the plan.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,

    /// Write the head before and after side by side.
    #[arg(long)]
    pub compare: bool,

    /// Draw the fitted head outline, the hairline and the zone borders.
    #[arg(long)]
    pub guides: bool,

    /// Write the progression side by side: every session, healed, and aged (--years).
    ///
    /// Panels, left to right: SESSION 1 … SESSION N show the day of each session (that
    /// session's dots fresh, the earlier sessions' healed), HEALED every session healed, AGED
    /// N Y the healed result N years on (--years, default 3). Each panel is a full preview as
    /// wide as the photo or --size, titled at the top and labelled as a simulation.
    #[arg(long, conflicts_with_all = ["session", "look", "compare"])]
    pub strip: bool,

    /// Close-up: `hairline`, `crown`, or a box X,Y,W,H in the pixels of the un-zoomed output
    /// (the photo, or the --size image; origin top-left).
    ///
    /// `hairline` frames the middle 7 cm of the preset's hairline zone, `crown` its whole crown
    /// zone, as the view shows them, with a margin. The region is re-rendered at a higher scale (dots drawn at true size, not an enlarged
    /// crop): the box's longer side becomes 2000 px, magnified at most 40×, never reduced.
    #[arg(long, value_name = "hairline|crown|X,Y,W,H", value_parser = parse_zoom, allow_hyphen_values = true)]
    pub zoom: Option<ZoomArg>,

    /// Colour the head by the preset's target density (dots/cm², all sessions) with a legend,
    /// instead of drawing dots; --guides adds the zone borders.
    #[arg(long, conflicts_with_all = ["session", "look", "compare", "strip"])]
    pub heatmap: bool,

    /// Refuse photos larger than this many megapixels, 1 to 1000 (protects memory: about 8 bytes
    /// a pixel).
    #[arg(long, value_name = "MP", default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=1000), allow_negative_numbers = true)]
    pub max_megapixels: u32,

    /// Output image; the format follows the extension (.png, .jpg).
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

/// `--zoom`: a zone to frame, or a box in the un-zoomed output's pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ZoomArg {
    /// The preset's hairline zone.
    Hairline,
    /// The preset's crown zone.
    Crown,
    /// `X,Y,W,H`: left, top, width and height in pixels.
    Box([f64; 4]),
}

fn parse_zoom(text: &str) -> Result<ZoomArg, String> {
    match text.trim() {
        "hairline" => return Ok(ZoomArg::Hairline),
        "crown" => return Ok(ZoomArg::Crown),
        _ => {}
    }
    let numbers: Vec<Option<f64>> =
        text.split(',').map(|p| p.trim().parse::<f64>().ok().filter(|v| v.is_finite())).collect();
    match numbers[..] {
        [Some(x), Some(y), Some(w), Some(h)] => Ok(ZoomArg::Box([x, y, w, h])),
        _ => Err("expected hairline, crown, or X,Y,W,H in pixels (e.g. 800,300,400,250)".into()),
    }
}

/// `--view`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ViewArg {
    /// Facing the client.
    Front,
    /// From above.
    Top,
    /// The client's left side.
    Left,
    /// The client's right side.
    Right,
    /// From behind.
    Back,
}

/// `--look`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LookArg {
    /// Right after a session: larger, darker dots.
    Fresh,
    /// Healed (a few weeks on).
    Healed,
    /// Years on: lighter, slightly spread (scars fade faster).
    Aged,
}

/// `--skin`: Fitzpatrick skin types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
#[allow(clippy::upper_case_acronyms)]
pub enum SkinArg {
    /// Type I: very fair.
    I,
    /// Type II: fair.
    II,
    /// Type III: medium.
    III,
    /// Type IV: olive.
    IV,
    /// Type V: brown.
    V,
    /// Type VI: dark brown to black.
    VI,
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
    #[arg(long, value_name = "N", default_value_t = 50_000_000, value_parser = clap::value_parser!(u64).range(1..=1_000_000_000), allow_negative_numbers = true)]
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

fn parse_head_box(text: &str) -> Result<HeadBox, String> {
    text.parse::<HeadBox>().map_err(|e| e.to_string())
}

fn parse_glabella(text: &str) -> Result<[f64; 2], String> {
    smpsim::parse_point_px(text).map_err(|e| e.to_string())
}

fn parse_head_size(text: &str) -> Result<HeadSize, String> {
    text.parse::<HeadSize>().map_err(|e| e.to_string())
}

/// Largest side of a default-head image, px.
pub const MAX_IMAGE_SIDE_PX: u32 = 8000;

fn parse_size_px(text: &str) -> Result<[u32; 2], String> {
    let allowed = format!("expected WIDTHxHEIGHT in pixels, each from 64 to {MAX_IMAGE_SIDE_PX}");
    let (w, h) = text.split_once(['x', 'X']).ok_or_else(|| allowed.clone())?;
    match (w.trim().parse::<u32>(), h.trim().parse::<u32>()) {
        (Ok(w), Ok(h))
            if (64..=MAX_IMAGE_SIDE_PX).contains(&w) && (64..=MAX_IMAGE_SIDE_PX).contains(&h) =>
        {
            Ok([w, h])
        }
        _ => Err(allowed),
    }
}

fn parse_min_dot(text: &str) -> Result<f64, String> {
    parse_in_range(text, 0.0, 5.0, "mm")
}

fn parse_overlap(text: &str) -> Result<f64, String> {
    parse_in_range(text, 0.0, 50.0, "mm")
}

fn parse_years(text: &str) -> Result<f64, String> {
    parse_in_range(text, 0.0, 30.0, "years")
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
