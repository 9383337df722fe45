//! `smpsim tune`: variation sheets.

use std::path::PathBuf;

use clap::Args;
use smpsim::SheetOptions;
use smpsim::tune::CELL_PX_RANGE;

use super::PresetArgs;
use super::values::{LookArg, SkinArg, ViewArg, parse_years, whole_range};

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
    #[arg(long, value_name = "PX", default_value_t = SheetOptions::default().cell_px, value_parser = clap::value_parser!(u32).range(whole_range(CELL_PX_RANGE)))]
    pub cell_px: u32,

    /// Output image; the format follows the extension (.png, .jpg).
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}
