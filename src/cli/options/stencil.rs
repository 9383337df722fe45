//! `smpsim stencil`'s flags as library options.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use smpsim::{PageSize, PlanOptions, SessionSelection, StencilFormat, StencilOptions};

use super::plan_options;
use crate::args::{PageArg, StencilArgs, StencilFormatArg};
use crate::output::{OutputTarget, check_output};
use crate::preset_source::{LoadedPreset, load_preset};

/// A fully resolved `smpsim stencil` run.
pub struct StencilJob {
    /// The preset and its layout.
    pub loaded: LoadedPreset,
    /// Seed and limits of the plan.
    pub plan: PlanOptions,
    /// How the stencil is drawn.
    pub stencil: StencilOptions,
    /// Output file (pages get `-pNN` before the extension when there are several).
    pub output: PathBuf,
}

impl StencilJob {
    /// Resolves `smpsim stencil`.
    pub fn from_args(args: &StencilArgs) -> Result<Self> {
        let loaded = load_preset(&args.preset.name, &args.preset.overrides)?;
        let output = OutputTarget::from_arg(&args.output);
        let OutputTarget::File(path) = &output else {
            bail!("--output -: stencils are files; give a name ending in .png or .svg");
        };
        let inputs: Vec<&Path> = loaded.input_files.iter().map(PathBuf::as_path).collect();
        check_output("--output", &output, &inputs)?;
        let format = match (args.format, output.extension().as_deref()) {
            (Some(StencilFormatArg::Svg), _) | (None, Some("svg")) => StencilFormat::Svg,
            _ => StencilFormat::Png,
        };
        let sessions = match (args.session, args.through, args.sessions) {
            (Some(n), _, _) => SessionSelection::Only(n),
            (None, Some(n), _) => SessionSelection::Through(n),
            (None, None, true) => SessionSelection::EachMarked,
            (None, None, false) => SessionSelection::All,
        };
        let page = match args.page {
            PageArg::A4 => PageSize::A4,
            PageArg::Letter => PageSize::Letter,
            PageArg::None => PageSize::None,
        };
        Ok(Self {
            plan: plan_options(args.seed, smpsim::engine::DEFAULT_MAX_DOTS as u64),
            stencil: StencilOptions {
                dpi: args.dpi,
                sessions,
                page,
                format,
                outline: args.outline,
                min_dot_mm: args.min_dot_mm,
                transparent: args.transparent,
                overlap_mm: args.overlap_mm,
                hairline_only: args.hairline_only,
            },
            output: path.clone(),
            loaded,
        })
    }
}
