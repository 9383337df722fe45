//! `smpsim tune`'s flags as library options.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use smpsim::{ImageFormat, SheetOptions, Variation};

use super::{image_output, look_of, skin_of, view_of};
use crate::args::TuneArgs;
use crate::output::{OutputTarget, check_output};
use crate::preset_source::{LoadedPreset, load_preset};

/// A fully resolved `smpsim tune` run.
pub struct TuneJob {
    /// The base preset (with `--set` applied) and its layout and mask images.
    pub loaded: LoadedPreset,
    /// The `--vary` axes, columns first.
    pub variations: Vec<Variation>,
    /// How the sheet is drawn.
    pub sheet: SheetOptions,
    /// Output encoding.
    pub format: ImageFormat,
    /// Output file.
    pub output: OutputTarget,
}

impl TuneJob {
    /// Resolves `smpsim tune`: refuses a bad `--vary`, preset or output before any rendering.
    pub fn from_args(args: &TuneArgs) -> Result<Self> {
        let loaded = load_preset(&args.preset.name, &args.preset.overrides)?;
        let variations = args
            .variations
            .iter()
            .map(|text| text.parse::<Variation>())
            .collect::<Result<Vec<_>, _>>()
            .context("--vary")?;
        let (output, format) = image_output(&args.output, "sheets")?;
        let inputs: Vec<&Path> = loaded.input_files.iter().map(PathBuf::as_path).collect();
        check_output("--output", &output, &inputs)?;
        let look = look_of(args.look, args.years);
        let notes = if args.preset.overrides.is_empty() {
            Vec::new()
        } else {
            let sets: Vec<String> =
                args.preset.overrides.iter().map(|s| format!("--set {s}")).collect();
            vec![format!("base: {} {}", args.preset.name, sets.join(" "))]
        };
        let sheet = SheetOptions {
            seed: args.seed,
            view: args.view.map(view_of),
            skin: skin_of(args.skin),
            look,
            cell_px: args.cell_px,
            notes,
            ..SheetOptions::default()
        };
        Ok(Self { loaded, variations, sheet, format, output })
    }
}
