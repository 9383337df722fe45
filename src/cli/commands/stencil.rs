//! `smpsim stencil`: the plan at true size, one file per printed page.

use std::io;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use smpsim::{Progress, Stencil, build_plan};

use crate::args::StencilArgs;
use crate::options::StencilJob;
use crate::output::{OutputTarget, check_output, write_output};
use crate::progress_bar::TerminalProgress;

/// Runs `smpsim stencil`.
pub fn run(args: &StencilArgs) -> Result<()> {
    let job = StencilJob::from_args(args)?;
    let plan = build_plan(&job.loaded.layout, &job.plan)
        .with_context(|| format!("--preset {}", job.loaded.preset.source_name()))?;
    let stencil = Stencil::new(&plan, &job.stencil)?;
    let count = stencil.page_count();
    let inputs: Vec<&Path> = job.loaded.input_files.iter().map(PathBuf::as_path).collect();
    let targets: Vec<OutputTarget> =
        (0..count).map(|index| OutputTarget::File(page_path(&job.output, index, count))).collect();
    for target in &targets {
        check_output("--output", target, &inputs)?;
    }
    // One bar over every page's rows: a large sheet at high DPI takes seconds to draw.
    let page_rows: Vec<u64> = stencil.pages().map(|p| u64::from(p.height_px)).collect();
    let all_rows: u64 = page_rows.iter().sum();
    let bar = TerminalProgress::new("rows");
    for (index, target) in targets.iter().enumerate() {
        let before: u64 = page_rows[..index].iter().sum();
        let progress = |done: u64, _page_total: u64| bar.update(before + done, all_rows);
        write_output(target, |out| {
            stencil
                .write_page_with_progress(index, out, &progress)
                .map_err(|e| io::Error::other(e.to_string()))
        })?;
    }
    drop(bar);
    if count > 1 {
        eprintln!(
            "wrote {count} pages: {} … {}",
            page_path(&job.output, 0, count).display(),
            page_path(&job.output, count - 1, count).display()
        );
    }
    Ok(())
}

/// `out.png` for a single page; `out-p01.png`, `out-p02.png`, … for several.
fn page_path(output: &Path, index: usize, count: usize) -> PathBuf {
    if count <= 1 {
        return output.to_path_buf();
    }
    let stem = output.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let name = match output.extension() {
        Some(ext) => format!("{stem}-p{:02}.{}", index + 1, ext.to_string_lossy()),
        None => format!("{stem}-p{:02}", index + 1),
    };
    output.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_numbered_before_the_extension() {
        let out = Path::new("dir/stencil.png");
        assert_eq!(page_path(out, 0, 1), Path::new("dir/stencil.png"));
        assert_eq!(page_path(out, 0, 3), Path::new("dir/stencil-p01.png"));
        assert_eq!(page_path(out, 11, 12), Path::new("dir/stencil-p12.png"));
    }
}
