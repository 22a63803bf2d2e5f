//! Any bytes as a `.bicep` file: the Bicep parser, module discovery and the
//! evaluator with its budgets.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    chanto_fuzz::scan_as("main.bicep", bytes);
});
