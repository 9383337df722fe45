//! A progress bar on stderr for long work, shown only when stderr is a terminal and the work
//! has run for about a second: short runs and pipes (scripts, CI logs) see nothing.

use std::io::{self, IsTerminal};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use smpsim::Progress;

/// Work that ends sooner than this never shows a bar.
const SHOW_AFTER: Duration = Duration::from_secs(1);

/// An indicatif bar fed by the library's [`Progress`] reports; cleared when dropped.
pub struct TerminalProgress {
    bar: ProgressBar,
    started: Instant,
    /// Whether stderr is a terminal (checked once: it does not change during a run).
    terminal: bool,
    shown: AtomicBool,
}

impl TerminalProgress {
    /// A hidden bar labelled `what` (e.g. "cells"), timed from now.
    pub fn new(what: &str) -> Self {
        let bar = ProgressBar::hidden();
        if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:32}] {pos}/{len}  {elapsed}") {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(what.to_string());
        Self {
            bar,
            started: Instant::now(),
            terminal: io::stderr().is_terminal(),
            shown: AtomicBool::new(false),
        }
    }
}

impl Progress for TerminalProgress {
    fn update(&self, done: u64, total: u64) {
        self.bar.set_length(total);
        self.bar.set_position(done);
        if self.terminal
            && self.started.elapsed() >= SHOW_AFTER
            && !self.shown.swap(true, Ordering::Relaxed)
        {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }
}

impl Drop for TerminalProgress {
    /// Leaves no half-drawn bar behind, on success or error.
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}
