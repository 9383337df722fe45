//! `smpsim tune`: a variation sheet of one preset with keys set to several values.

use std::io;

use anyhow::Result;
use smpsim::{encode_image, render_sheet};

use crate::args::TuneArgs;
use crate::options::TuneJob;
use crate::output::write_output;
use crate::progress_bar::TerminalProgress;

/// Runs `smpsim tune`.
pub fn run(args: &TuneArgs) -> Result<()> {
    let job = TuneJob::from_args(args)?;
    let progress = TerminalProgress::new("cells");
    let sheet = render_sheet(
        &job.loaded.preset,
        &job.loaded.masks,
        &job.variations,
        &job.sheet,
        &progress,
    )?;
    drop(progress);
    write_output(&job.output, |out| {
        encode_image(&sheet, job.format, out).map_err(|e| io::Error::other(e.to_string()))
    })
}
