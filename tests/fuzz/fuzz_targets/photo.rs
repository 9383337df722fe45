//! Photo bytes through `decode_photo` with its pixel limit: see `smpsim::fuzzing::photo`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| smpsim::fuzzing::photo(data));
