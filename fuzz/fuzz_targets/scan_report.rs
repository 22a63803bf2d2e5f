//! The whole scan and every report writer: the first byte picks the kind
//! of file the rest is, and each format's output must parse in its format.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let Some((kind, content)) = bytes.split_first() else {
        return;
    };
    let name = match kind % 3 {
        0 => "input.json",
        1 => "input.yaml",
        _ => "main.tf",
    };
    let result = chanto_fuzz::scan_as(name, content);
    chanto_fuzz::render_every_format(&result);
});
