//! Preset JSON, then `--set PATH=VALUE` lines after a NUL byte: see `smpsim::fuzzing::preset`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| smpsim::fuzzing::preset(data));
