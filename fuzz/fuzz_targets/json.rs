//! Any bytes as a `.json` file: decoding, the json parser with its depth and
//! size bounds, and every adapter that recognises a document by its content.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    chanto_fuzz::scan_as("input.json", bytes);
});
