//! `smpsim sample`'s flags as library options: a preset's plan, or a rectangle with a field.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use smpsim::engine::{DensityField, LinearDensity, LinearSpacing, SampleOptions, UniformDensity};
use smpsim::{MapRect, PlanOptions};

use super::plan_options;
use crate::args::{PointFormat, SampleArgs};
use crate::output::{OutputTarget, check_output};
use crate::preset_source::{LoadedPreset, load_preset};

/// A fully resolved `smpsim sample --preset` run.
pub struct PresetSampleJob {
    /// The preset and its layout.
    pub loaded: LoadedPreset,
    /// Seed and limits of the plan.
    pub plan: PlanOptions,
    /// Text format of the output.
    pub format: PointFormat,
    /// Where the dots go.
    pub output: OutputTarget,
}

impl PresetSampleJob {
    /// Resolves `smpsim sample --preset NAME [--set …]`.
    pub fn from_args(name: &str, args: &SampleArgs) -> Result<Self> {
        let loaded = load_preset(name, &args.overrides)?;
        let output = OutputTarget::from_arg(&args.output);
        let inputs: Vec<&Path> = loaded.input_files.iter().map(PathBuf::as_path).collect();
        check_output("--output", &output, &inputs)?;
        Ok(Self {
            loaded,
            plan: plan_options(args.seed, args.max_dots),
            format: point_format(args.format, &output),
            output,
        })
    }
}

/// What `smpsim sample` was asked to follow over its rectangle.
pub enum RectField {
    /// `--density [--density-to]`, in dots/cm².
    Density(Box<dyn DensityField>),
    /// `--spacing [--spacing-to]`, in mm.
    Spacing(LinearSpacing),
}

/// A fully resolved `smpsim sample` run over a rectangle.
pub struct RectSampleJob {
    /// The rectangle, mm, origin at (0,0).
    pub domain: MapRect,
    /// Target density, or spacing, over it.
    pub field: RectField,
    /// Seed and limits.
    pub options: SampleOptions,
    /// Text format of the output.
    pub format: PointFormat,
    /// Where the dots go.
    pub output: OutputTarget,
}

impl RectSampleJob {
    /// Resolves `smpsim sample --domain … --density …|--spacing …`.
    pub fn from_args(args: &SampleArgs) -> Result<Self> {
        let Some(domain) = args.domain else {
            bail!("--domain is required (WIDTHxHEIGHT in mm, e.g. 200x200)");
        };
        let domain = MapRect::from_size_mm(domain.width_mm as f32, domain.height_mm as f32);
        let field = match (args.density, args.spacing) {
            (Some(from), None) => RectField::Density(match args.density_to {
                None => Box::new(UniformDensity { density_per_cm2: from as f32 }),
                Some(to) => Box::new(LinearDensity {
                    from_per_cm2: from as f32,
                    to_per_cm2: to as f32,
                    x0_mm: 0.0,
                    x1_mm: domain.width_mm(),
                }),
            }),
            (None, Some(from)) => RectField::Spacing(LinearSpacing::across(
                domain,
                from as f32,
                args.spacing_to.unwrap_or(from) as f32,
            )),
            _ => bail!("give --density DOTS_PER_CM2 or --spacing MM"),
        };
        let output = OutputTarget::from_arg(&args.output);
        check_output("--output", &output, &[] as &[&Path])?;
        Ok(Self {
            domain,
            field,
            options: SampleOptions {
                seed: args.seed,
                max_dots: usize::try_from(args.max_dots).unwrap_or(usize::MAX),
            },
            format: point_format(args.format, &output),
            output,
        })
    }
}

/// The format asked for, else the one the output's extension names, else CSV.
fn point_format(asked: Option<PointFormat>, output: &OutputTarget) -> PointFormat {
    asked.unwrap_or(match output.extension().as_deref() {
        Some("json") => PointFormat::Json,
        _ => PointFormat::Csv,
    })
}
