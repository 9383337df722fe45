//! Tests that drive the `smpsim` binary: one test binary, a module per feature.

#[path = "../common/mod.rs"]
mod common;
mod fit;
mod golden;
mod hairline;
mod hostile_photos;
mod hostile_presets;
mod landmarks;
mod limits;
mod looks;
mod photo_look;
mod presets;
mod properties;
mod render;
mod sample;
mod schema;
mod serve;
mod stats;
mod support;
mod tune;
