//! Helpers the test files share.

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
