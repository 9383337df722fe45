//! Writing outputs safely: to a temporary file beside the target, renamed into place only when
//! complete, so a failed run never leaves half a file or destroys an earlier one.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// Where a command's output goes: a file path, or standard output for `-`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OutputTarget {
    /// Standard output.
    Stdout,
    /// A file, written atomically.
    File(PathBuf),
}

impl OutputTarget {
    /// `-` means standard output; anything else is a file path.
    pub fn from_arg(path: &Path) -> Self {
        if path.as_os_str() == "-" { Self::Stdout } else { Self::File(path.to_path_buf()) }
    }

    /// The file's extension in lower case, if it is a file with one.
    pub fn extension(&self) -> Option<String> {
        match self {
            Self::Stdout => None,
            Self::File(path) => path.extension().map(|e| e.to_string_lossy().to_lowercase()),
        }
    }
}

/// Refuses before any work is done when `output` cannot be written as asked: its folder is
/// missing, it is a folder, or it is one of `inputs` (which would destroy an input).
pub fn check_output(flag: &str, output: &OutputTarget, inputs: &[&Path]) -> Result<()> {
    let OutputTarget::File(path) = output else { return Ok(()) };
    if path.is_dir() {
        bail!("{flag} {}: is a folder; expected a file path", path.display());
    }
    let folder = parent_folder(path);
    if !folder.is_dir() {
        bail!(
            "{flag} {}: the folder {} does not exist; create it first",
            path.display(),
            folder.display()
        );
    }
    for input in inputs {
        if same_file(path, input) {
            bail!(
                "{flag} {}: is also an input; refusing to overwrite it, choose another output",
                path.display()
            );
        }
    }
    Ok(())
}

/// Runs `write` into `output`. A file is written to a temporary sibling and renamed into place
/// once `write` succeeds; on failure the temporary file is removed and any earlier file at the
/// path is left as it was.
pub fn write_output(
    output: &OutputTarget,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    match output {
        OutputTarget::Stdout => {
            let stdout = io::stdout();
            let mut out = BufWriter::with_capacity(1 << 20, stdout.lock());
            write(&mut out).and_then(|()| out.flush()).context("writing to standard output")
        }
        OutputTarget::File(path) => write_file_atomically(path, write),
    }
}

fn write_file_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    let temp = temp_path(path);
    let file = File::create_new(&temp)
        .with_context(|| format!("cannot create a file in {}", parent_folder(path).display()))?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    let written = write(&mut out).and_then(|()| out.flush());
    let result = written
        .with_context(|| format!("writing {}", path.display()))
        .and_then(|()| drop_and_rename(out, &temp, path));
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

fn drop_and_rename(out: BufWriter<File>, temp: &Path, path: &Path) -> Result<()> {
    drop(out);
    fs::rename(temp, path).with_context(|| format!("cannot replace {}", path.display()))
}

/// A hidden name in the same folder (so the rename stays on one file system) that no other run
/// of this process uses.
fn temp_path(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    parent_folder(path).join(format!(".{name}.{}.smpsim-tmp", std::process::id()))
}

fn parent_folder(path: &Path) -> PathBuf {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Whether two paths name the same file (after resolving links and `..`).
fn same_file(a: &Path, b: &Path) -> bool {
    match (fs::canonicalize(a), fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
