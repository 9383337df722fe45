//! Helpers both test binaries share (each includes this file as its `common` module): test
//! photos made in memory, and proptest settings that keep regressions beside each test file.

use std::io::Cursor;

use image::{DynamicImage, ImageFormat};
use proptest::test_runner::{Config as ProptestConfig, FileFailurePersistence};

/// `image` as the bytes of a `format` file (PNG, JPEG, WebP), made here so no photo is shipped.
pub fn encode_photo(image: &DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut bytes = Vec::new();
    image.write_to(&mut Cursor::new(&mut bytes), format).unwrap();
    bytes
}

/// Proptest's settings for `cases` cases, with the seeds of past failures kept next to the
/// test's source as `NAME.proptest-regressions` and replayed first. Left to its default,
/// proptest would find this folder's `main.rs` and use `tests/proptest-regressions/NAME.txt`,
/// one file for the modules of the same name in both test binaries.
pub fn proptest_config(cases: u32) -> ProptestConfig {
    let persistence = FileFailurePersistence::WithSource("proptest-regressions");
    ProptestConfig {
        failure_persistence: Some(Box::new(persistence)),
        ..ProptestConfig::with_cases(cases)
    }
}
