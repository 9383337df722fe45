//! Progress of long work (variation sheets, large stencils), reported to the caller.
//!
//! The library never draws a progress bar: it calls a [`Progress`] the caller passes in, and
//! the command line turns that into a bar on a terminal. Reports never change what is computed,
//! so output bytes are the same with or without one.

use std::sync::Mutex;

/// Receives how far a piece of work has come.
///
/// Calls come from worker threads, one at a time, with `done` never decreasing and the last
/// call having `done == total`; `total` stays the same for one piece of work.
pub trait Progress: Sync {
    /// `done` of `total` units (cells, rows, …) are finished.
    fn update(&self, done: u64, total: u64);
}

/// Any `Fn(done, total)` closure reports progress.
impl<F: Fn(u64, u64) + Sync> Progress for F {
    fn update(&self, done: u64, total: u64) {
        self(done, total)
    }
}

/// Reports nowhere: the default when the caller does not ask for progress.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn update(&self, _done: u64, _total: u64) {}
}

/// Counts finished units from any thread and reports each new count in order.
pub(crate) struct ProgressCounter<'a> {
    progress: &'a dyn Progress,
    total: u64,
    /// Held while reporting, so reports from two threads cannot arrive out of order.
    done: Mutex<u64>,
}

impl<'a> ProgressCounter<'a> {
    /// A counter of `total` units at 0; reports `0 / total` at once so a bar can show its size.
    pub(crate) fn new(progress: &'a dyn Progress, total: u64) -> Self {
        progress.update(0, total);
        Self { progress, total, done: Mutex::new(0) }
    }

    /// `units` more are finished (capped at the total).
    pub(crate) fn advance(&self, units: u64) {
        // A panicking reporter must not poison later reports into a second panic.
        let mut done = self.done.lock().unwrap_or_else(|e| e.into_inner());
        *done = (*done + units).min(self.total);
        self.progress.update(*done, self.total);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rayon::prelude::*;

    #[test]
    fn counts_arrive_in_order_from_many_threads_and_reach_the_total() {
        let seen = Mutex::new(Vec::new());
        let record = |done: u64, total: u64| seen.lock().unwrap().push((done, total));
        let counter = ProgressCounter::new(&record, 500);
        (0..500).into_par_iter().for_each(|_| counter.advance(1));
        counter.advance(3);
        let seen = seen.into_inner().unwrap();
        assert_eq!(seen.first(), Some(&(0, 500)));
        assert_eq!(seen.last(), Some(&(500, 500)));
        assert!(seen.windows(2).all(|w| w[0].0 <= w[1].0), "counts went backwards");
        assert!(seen.iter().all(|&(_, total)| total == 500));
    }
}
