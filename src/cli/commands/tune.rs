//! `smpsim tune`: a variation sheet of one preset with keys set to several values.

use std::io;

use anyhow::Result;
use smpsim::{TuneError, encode_image, render_sheet};

use crate::args::TuneArgs;
use crate::options::TuneJob;
use crate::output::write_output;
use crate::progress_bar::TerminalProgress;

/// Runs `smpsim tune`.
pub fn run(args: &TuneArgs) -> Result<()> {
    let job = TuneJob::from_args(args)?;
    let progress = TerminalProgress::new("cells");
    let sheet =
        render_sheet(&job.loaded.preset, &job.loaded.masks, &job.variations, &job.sheet, &progress)
            .map_err(|e| {
                let flag = flag_of(&e);
                anyhow::Error::new(e).context(flag)
            })?;
    drop(progress);
    write_output(&job.output, |out| {
        encode_image(&sheet, job.format, out).map_err(|e| io::Error::other(e.to_string()))
    })
}

/// The flag a sheet error comes from: the library names values, the command line names flags.
fn flag_of(error: &TuneError) -> &'static str {
    match error {
        TuneError::CellSize { .. } | TuneError::SheetTooLarge { .. } => "--cell-px",
        TuneError::Head(_) | TuneError::Plan(_) | TuneError::Preview(_) | TuneError::Splat(_) => {
            "--preset"
        }
        _ => "--vary",
    }
}
