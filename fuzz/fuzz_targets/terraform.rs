//! Any bytes as a `.tf` file: the bracket pre-check, the HCL parser, module
//! discovery and the expression evaluator with its budgets.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    chanto_fuzz::scan_as("main.tf", bytes);
});
