//! Helpers shared by the tests that drive the `smpsim` binary: one way to start it, one
//! definition of a clean refusal (exit code 2, one line on stderr, nothing on stdout, no panic)
//! and one way to make the photos handed to it.

use std::path::Path;
use std::process::Output;

use assert_cmd::Command;

pub use crate::common::{encode_photo, proptest_config};

/// The `smpsim` binary built for these tests.
pub fn smpsim() -> Command {
    Command::cargo_bin("smpsim").unwrap()
}

/// stderr of a finished run, lossily decoded.
pub fn stderr_of(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A path as a command-line argument (test paths are UTF-8).
pub fn path_arg(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// Checks that `output` is a clean refusal of `args` and returns its one stderr line: exit code
/// 2, exactly one line starting with `error: `, no panic, a bounded length, nothing on stdout.
pub fn assert_refused(args: &[&str], output: &Output) -> String {
    let err = stderr_of(output);
    let line = err.trim_end();
    let head: String = line.chars().take(500).collect();
    assert_eq!(output.status.code(), Some(2), "{args:?}: {head}");
    assert_eq!(line.lines().count(), 1, "{args:?}: {head}");
    assert!(line.starts_with("error: ") && !line.contains("panicked"), "{args:?}: {head}");
    assert!(line.len() < 1000, "{args:?}: a {}-byte error line: {head}…", line.len());
    assert!(output.stdout.is_empty(), "{args:?} wrote to stdout");
    line.to_owned()
}

/// Runs `args`, checks it is refused cleanly (see [`assert_refused`]) and returns the line.
pub fn refused(args: &[&str]) -> String {
    let output = smpsim().args(args).output().unwrap();
    assert_refused(args, &output)
}
