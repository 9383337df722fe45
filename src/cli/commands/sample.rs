//! `smpsim sample`: dots over a rectangle or a preset's plan, as CSV or JSON.

use anyhow::{Context, Result};
use smpsim::engine::{sample_density, sample_spacing, write_points_csv, write_points_json};
use smpsim::{build_plan, write_dots_csv, write_dots_json};

use crate::args::{PointFormat, SampleArgs};
use crate::options::{PresetSampleJob, RectField, RectSampleJob};
use crate::output::write_output;

/// Runs `smpsim sample`.
pub fn run(args: &SampleArgs) -> Result<()> {
    match &args.preset {
        Some(name) => run_preset(&PresetSampleJob::from_args(name, args)?),
        None => run_rect(&RectSampleJob::from_args(args)?),
    }
}

fn run_rect(job: &RectSampleJob) -> Result<()> {
    let points = match &job.field {
        RectField::Density(field) => sample_density(job.domain, field.as_ref(), &[], &job.options),
        RectField::Spacing(field) => sample_spacing(job.domain, field, &[], &job.options),
    }
    .with_context(|| {
        let (w, h) = (job.domain.width_mm(), job.domain.height_mm());
        format!("--domain {w}x{h} (raise the limit with --max-dots)")
    })?;
    write_output(&job.output, |out| match job.format {
        PointFormat::Csv => write_points_csv(&points, out),
        PointFormat::Json => write_points_json(&points, out),
    })
}

fn run_preset(job: &PresetSampleJob) -> Result<()> {
    let plan = build_plan(&job.loaded.layout, &job.plan)
        .with_context(|| format!("--preset {}", job.loaded.preset.source_name()))?;
    write_output(&job.output, |out| match job.format {
        PointFormat::Csv => write_dots_csv(&plan, out),
        PointFormat::Json => write_dots_json(&plan, out),
    })
}
