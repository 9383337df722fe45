//! Tests through the library's public API: one test binary, a module per feature.

mod camera;
#[path = "../common/mod.rs"]
mod common;
mod default_head;
mod engine_api;
mod engine_density;
mod engine_rules;
mod engine_spectrum;
mod fit;
mod fuzz_corpus;
mod hairline_design;
mod hairline_edges;
mod head;
mod photo;
mod photo_look;
mod plan;
mod pose;
mod presets;
mod preview;
mod progress;
mod properties;
mod splat;
mod stencil;
mod support;
