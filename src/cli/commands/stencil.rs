//! `smpsim stencil`: the plan at true size, one file per printed page.

use std::io;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use smpsim::{Stencil, build_plan};

use crate::args::StencilArgs;
use crate::options::StencilJob;
use crate::output::{OutputTarget, check_output, write_output};

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
    for (index, target) in targets.iter().enumerate() {
        write_output(target, |out| {
            stencil.write_page(index, out).map_err(|e| io::Error::other(e.to_string()))
        })?;
    }
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
