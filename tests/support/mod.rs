//! Helpers the test files share. Each test crate compiles this module and
//! uses part of it.
#![allow(dead_code)]

/// The 1-based line of `text` that holds `marker`; `"a > b"` is the first
/// `b` after the first `a`, for a field that occurs in several blocks.
pub fn line_of(text: &str, marker: &str) -> u32 {
    let mut from = 0;
    for part in marker.split(" > ") {
        from += text
            .lines()
            .skip(from)
            .position(|l| l.contains(part))
            .unwrap_or_else(|| panic!("{marker:?} not in:\n{text}"));
        from += 1;
    }
    u32::try_from(from).expect("a line number")
}

/// The 1-based line of the `nth` (from 1) line of `text` holding `marker`.
pub fn nth_line_of(text: &str, marker: &str, nth: usize) -> u32 {
    let index = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains(marker))
        .nth(nth - 1)
        .unwrap_or_else(|| panic!("marker {marker:?} #{nth} not in:\n{text}"))
        .0;
    u32::try_from(index + 1).expect("a line number")
}

/// Asserts that rule `code` judged nothing it kept: no finding and no
/// unknown (it passed, or did not apply).
pub fn assert_nothing_kept(result: &chanto::scan::ScanResult, code: &str, context: &str) {
    let kept: Vec<_> = result
        .outcomes
        .iter()
        .filter(|o| o.rule.code == code)
        .map(|o| &o.evaluation.verdict)
        .collect();
    assert!(kept.is_empty(), "{context}: {code} kept {kept:#?}");
}
