//! `smpsim stencil`: 1:1 pages for printing.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use smpsim::StencilOptions;
use smpsim::stencil::{DPI_RANGE, MIN_DOT_MM_RANGE, OVERLAP_MM_RANGE};

use super::PresetArgs;
use super::values::{bounds, parse_in_range, session_range, whole_range};

/// Arguments of `smpsim stencil`.
#[derive(Debug, Args)]
pub struct StencilArgs {
    #[command(flatten)]
    pub preset: PresetArgs,

    /// Seed of the plan (the same seed as `sample` puts the dots at the same places).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,

    /// Pixels per inch of the PNG (72 to 2400), written into the file so it prints at true size.
    #[arg(long, default_value_t = StencilOptions::default().dpi, value_parser = clap::value_parser!(u32).range(whole_range(DPI_RANGE)))]
    pub dpi: u32,

    /// Only the dots of this session (the template for that session).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(session_range()), conflicts_with_all = ["through", "sessions"])]
    pub session: Option<u8>,

    /// The dots of sessions 1 to N (the look after session N).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(session_range()), conflicts_with = "sessions")]
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
    #[arg(long, value_name = "MM", default_value_t = StencilOptions::default().min_dot_mm, value_parser = parse_min_dot, allow_negative_numbers = true)]
    pub min_dot_mm: f32,

    /// Width of the strip neighbouring pages share, mm.
    #[arg(long, value_name = "MM", default_value_t = StencilOptions::default().overlap_mm, value_parser = parse_overlap, allow_negative_numbers = true)]
    pub overlap_mm: f32,

    /// Only the designed hairline, no dots: the drawing at 1:1 to transfer onto the head.
    #[arg(long)]
    pub hairline_only: bool,

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

fn parse_min_dot(text: &str) -> Result<f32, String> {
    let (min, max) = bounds(&MIN_DOT_MM_RANGE);
    parse_in_range(text, min, max, "mm").map(|mm| mm as f32)
}

fn parse_overlap(text: &str) -> Result<f32, String> {
    let (min, max) = bounds(&OVERLAP_MM_RANGE);
    parse_in_range(text, min, max, "mm").map(|mm| mm as f32)
}
