//! `smpsim tune`'s flags as library options (the sibling of `options.rs` for variation sheets).

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use smpsim::{ImageFormat, Look, SheetOptions, Variation};

use crate::args::{LookArg, TuneArgs};
use crate::options::{DEFAULT_MAX_DOTS, skin_of, view_of};
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
            .collect::<Result<Vec<_>, _>>()?;
        let output = OutputTarget::from_arg(&args.output);
        let OutputTarget::File(output_path) = &output else {
            bail!("--output -: sheets are images; give a file name ending in .png or .jpg");
        };
        let extension = output.extension().unwrap_or_default();
        let Some(format) = ImageFormat::from_extension(&extension) else {
            bail!(
                "--output {}: unsupported image type {extension:?}; use .png, .jpg or .jpeg",
                output_path.display()
            );
        };
        let inputs: Vec<&Path> = loaded.input_files.iter().map(PathBuf::as_path).collect();
        check_output("--output", &output, &inputs)?;
        let look = match args.look {
            LookArg::Fresh => Look::Fresh,
            LookArg::Healed => Look::Healed,
            LookArg::Aged => Look::Aged { years: args.years as f32 },
        };
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
            max_dots: usize::try_from(DEFAULT_MAX_DOTS).unwrap_or(usize::MAX),
            notes,
            ..SheetOptions::default()
        };
        Ok(Self { loaded, variations, sheet, format, output })
    }
}
