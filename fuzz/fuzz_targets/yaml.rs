//! Any bytes as a `.yaml` file: decoding, the yaml parser with its depth and
//! size bounds, and every adapter that recognises a document by its content.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    chanto_fuzz::scan_as("input.yaml", bytes);
});
