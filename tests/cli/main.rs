//! Tests that drive the `smpsim` binary: one test binary, a module per feature.

mod golden;
mod schema;
mod support;
