//! `smpsim sample`: dots over a rectangle, as CSV or JSON.

use anyhow::{Context, Result};
use smpsim::{sample_density, write_points_csv, write_points_json};

use crate::args::{PointFormat, SampleArgs};
use crate::options::RectSampleJob;
use crate::output::write_output;

/// Runs `smpsim sample`.
pub fn run(args: &SampleArgs) -> Result<()> {
    let job = RectSampleJob::from_args(args)?;
    let points =
        sample_density(job.domain, job.field.as_ref(), &[], &job.options).with_context(|| {
            let (w, h) = (job.domain.width_mm(), job.domain.height_mm());
            format!("--domain {w}x{h} (raise the limit with --max-dots)")
        })?;
    write_output(&job.output, |out| match job.format {
        PointFormat::Csv => write_points_csv(&points, out),
        PointFormat::Json => write_points_json(&points, out),
    })
}
