//! Text that came from an input (names, paths, messages quoting them), made
//! inert for the medium it is written to. A pull request chooses these
//! strings; a report must never let them end a line, move a terminal's
//! cursor, write its clipboard, open a link or mention a team.

use std::borrow::Cow;
use std::fmt;

/// Characters that change how the text around them is shown rather than
/// being shown: C0 and C1 controls and DEL (newlines, escape sequences),
/// the Unicode line and paragraph separators, the bidirectional overrides
/// and isolates that reorder what a reviewer reads, and the noncharacters
/// U+FFFE and U+FFFF, which XML 1.0 forbids.
pub fn is_invisible_control(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}'
                | '\u{2029}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FFFE}'
                | '\u{FFFF}'
        )
}

/// `text` with each [invisible control](is_invisible_control) written as
/// its Rust escape (`\n`, `\u{1b}`), so it shows instead of acting.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_invisible_control) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_invisible_control(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// [`visible`] as a `Display` that honours width and alignment.
pub struct Visible<'a>(pub &'a str);

impl fmt::Display for Visible<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&visible(self.0))
    }
}

/// The longest text one Markdown table cell shows; the rest is cut with
/// `…` (a 70,000-character name would otherwise fill a comment alone).
pub const MAX_MARKDOWN_CELL: usize = 300;

/// `text` as one GitHub-flavoured Markdown table cell that renders as the
/// same text: controls made [visible], every character that is inline
/// markup in a cell backslash-escaped (`|` included, which GFM honours even
/// in code spans; block markup such as `#` cannot start inside a cell), `@` kept from mentioning anyone by a
/// zero-width space, and the length capped at [`MAX_MARKDOWN_CELL`].
pub fn markdown_cell(text: &str) -> String {
    let text = visible(text);
    let mut out = String::with_capacity(text.len() + 16);
    for (i, c) in text.chars().enumerate() {
        if i == MAX_MARKDOWN_CELL {
            out.push('…');
            break;
        }
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '!' | '|' | '<' | '>' | '~' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '@' => out.push_str("@\u{200B}"),
            c => out.push(c),
        }
    }
    out
}

/// `text` as a code span in a Markdown table cell: controls made
/// [visible], `|` escaped (GFM splits cells before it reads code spans),
/// a fence longer than any run of backticks inside, and the length capped
/// at [`MAX_MARKDOWN_CELL`].
pub fn markdown_code(text: &str) -> String {
    let text = visible(text);
    let mut content = String::with_capacity(text.len() + 4);
    for (i, c) in text.chars().enumerate() {
        if i == MAX_MARKDOWN_CELL {
            content.push('…');
            break;
        }
        if c == '|' {
            content.push('\\');
        }
        content.push(c);
    }
    let longest_run = content.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run + 1);
    let pad = if content.starts_with('`') || content.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{content}{pad}{fence}")
}

/// What a URI path must not carry raw (RFC 3986): controls, space, and the
/// delimiters that would end the path or start a query or fragment
/// (`a#b.yaml` would otherwise resolve to `a`). `/` stays a separator.
const URI_PATH: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// `path` percent-encoded for the path of a URI; non-ASCII characters are
/// encoded as their UTF-8 bytes.
pub fn uri_path(path: &str) -> String {
    percent_encoding::utf8_percent_encode(path, URI_PATH).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_paths_are_percent_encoded_but_keep_their_separators() {
        assert_eq!(uri_path("manifests/a#b c.yaml"), "manifests/a%23b%20c.yaml");
        assert_eq!(uri_path("x?y%z\n"), "x%3Fy%25z%0A");
        assert_eq!(uri_path("日本.yaml"), "%E6%97%A5%E6%9C%AC.yaml");
    }

    #[test]
    fn controls_are_shown_as_escapes() {
        assert_eq!(visible("web"), "web");
        assert_eq!(visible("a\nb\u{1b}[2K\u{7f}"), "a\\nb\\u{1b}[2K\\u{7f}");
        assert_eq!(visible("\u{202E}txt.exe"), "\\u{202e}txt.exe");
        assert_eq!(format!("[{:<6}]", Visible("a\tb")), "[a\\tb  ]");
    }

    #[test]
    fn markdown_cells_stay_one_inert_cell() {
        assert_eq!(
            markdown_cell("x|y\n## Approved ✅ [a](b) ![i](u) `c` <b> @team"),
            "x\\|y\\\\n## Approved ✅ \\[a\\](b) \\!\\[i\\](u) \\`c\\` \\<b\\> @\u{200B}team"
        );
        assert_eq!(markdown_code("a.yaml:3"), "`a.yaml:3`");
        assert_eq!(markdown_code("a`|b\n"), "``a`\\|b\\n``");
        assert_eq!(markdown_code("`x"), "`` `x ``");
        let long = "n".repeat(70_000);
        assert_eq!(markdown_cell(&long).chars().count(), MAX_MARKDOWN_CELL + 1);
    }
}
