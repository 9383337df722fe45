//! The one place where command-line arguments become library options.

use std::path::Path;

use anyhow::{Result, bail};
use smpsim::{DensityField, LinearDensity, MapRect, SampleOptions, UniformDensity};

use crate::args::{PointFormat, SampleArgs};
use crate::output::{OutputTarget, check_output};

/// A fully resolved `smpsim sample` run over a rectangle.
pub struct RectSampleJob {
    /// The rectangle, mm, origin at (0,0).
    pub domain: MapRect,
    /// Target density over it.
    pub field: Box<dyn DensityField>,
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
        let field: Box<dyn DensityField> = match (args.density, args.spacing) {
            (Some(from), None) => match args.density_to {
                None => Box::new(UniformDensity { density_per_cm2: from as f32 }),
                Some(to) => Box::new(LinearDensity {
                    from_per_cm2: from as f32,
                    to_per_cm2: to as f32,
                    x0_mm: 0.0,
                    x1_mm: domain.width_mm(),
                }),
            },
            (None, Some(_)) => {
                bail!("--spacing is not available yet; give --density in dots/cm²")
            }
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
