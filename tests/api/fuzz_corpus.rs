//! Replays the committed fuzz corpus and every input a fuzzer once crashed on through the same
//! entry points the fuzz targets call (`smpsim::fuzzing`), so a plain `cargo test` keeps each
//! finding fixed without libFuzzer.

use std::fs;
use std::path::Path;

/// Runs `entry` on every file under `tests/fuzz/{corpus,regressions}/{target}`; returns the count.
fn replay(target: &str, entry: fn(&[u8])) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz");
    let mut count = 0;
    for set in ["corpus", "regressions"] {
        let dir = root.join(set).join(target);
        let mut files: Vec<_> = fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|entry| entry.unwrap().path())
            .collect();
        files.sort();
        for file in files {
            let bytes = fs::read(&file).unwrap();
            // Name the input if an invariant breaks: the panic message alone would not.
            let outcome = std::panic::catch_unwind(|| entry(&bytes));
            assert!(outcome.is_ok(), "{} broke an invariant (see the panic above)", file.display());
            count += 1;
        }
    }
    count
}

#[test]
fn preset_corpus_and_past_crashes_replay_cleanly() {
    let count = replay("preset", smpsim::fuzzing::preset);
    assert!(count >= 20, "only {count} preset inputs: the corpus went missing");
}

#[test]
fn photo_corpus_and_past_crashes_replay_cleanly() {
    let count = replay("photo", smpsim::fuzzing::photo);
    assert!(count >= 16, "only {count} photo inputs: the corpus went missing");
}
