//! A linear check that a `.tf` file's brackets close, run before the HCL
//! parser. hcl-edit 0.10 backtracks exponentially on unclosed objects
//! inside binary operations: five lines of
//! `c=""/f>{n/f>{v/n>{e>n>{n>n -{e=o` take it 47 s, each more line about
//! thirty times longer. Such a file is not HCL at all, so refusing it here,
//! at the bracket that never closes, loses nothing and bounds the parse.

/// Where a bracket opened that never closed, or a closer matched nothing.
#[derive(Debug, PartialEq, Eq)]
pub struct Unbalanced {
    pub line: u32,
    pub col: u32,
    pub message: String,
}

enum Frame {
    /// `{`, `[` or `(`, with where it opened.
    Bracket(char, u32, u32),
    /// A quoted string, with where it opened; it must close on its line.
    Quoted(u32, u32),
    /// `${` or `%{` inside a quoted string or heredoc.
    Template(u32, u32),
}

/// Checks that every bracket in `text` closes, skipping comments, quoted
/// strings (but not their `${…}` templates) and heredoc bodies.
pub fn check(text: &str) -> Result<(), Unbalanced> {
    let mut stack: Vec<Frame> = Vec::new();
    let (mut line, mut col) = (1u32, 0u32);
    let mut chars = text.chars().peekable();
    let mut heredoc: Option<String> = None;
    let mut line_text = String::new();
    while let Some(c) = chars.next() {
        col += 1;
        if c == '\n' {
            if let Some(Frame::Quoted(line, col)) = stack.last() {
                return Err(Unbalanced {
                    line: *line,
                    col: *col,
                    message: "a quoted string is not closed on its line".to_string(),
                });
            }
            line += 1;
            col = 0;
            line_text.clear();
            continue;
        }
        line_text.push(c);
        if let Some(marker) = &heredoc {
            // A heredoc's body ends at a line holding only its marker.
            if chars.peek().is_none_or(|n| *n == '\n') && line_text.trim() == marker {
                heredoc = None;
            }
            continue;
        }
        let in_string = matches!(stack.last(), Some(Frame::Quoted(..)));
        if in_string {
            match c {
                '\\' => {
                    chars.next();
                    col += 1;
                }
                '"' => {
                    stack.pop();
                }
                '$' | '%' if chars.peek() == Some(&'{') => {
                    chars.next();
                    col += 1;
                    stack.push(Frame::Template(line, col - 1));
                }
                _ => {}
            }
            continue;
        }
        match c {
            '#' => skip_line(&mut chars),
            '/' if chars.peek() == Some(&'/') => skip_line(&mut chars),
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut previous = ' ';
                for c in chars.by_ref() {
                    if c == '\n' {
                        line += 1;
                        col = 0;
                    } else {
                        col += 1;
                    }
                    if previous == '*' && c == '/' {
                        break;
                    }
                    previous = c;
                }
            }
            '"' => stack.push(Frame::Quoted(line, col)),
            '<' if chars.peek() == Some(&'<') => {
                chars.next();
                col += 1;
                let rest: String = chars.clone().take_while(|c| *c != '\n').collect();
                let marker = rest.trim_start_matches('-').trim();
                if !marker.is_empty() && marker.chars().all(|c| c.is_alphanumeric() || c == '_') {
                    heredoc = Some(marker.to_string());
                    skip_line(&mut chars);
                }
            }
            '{' | '[' | '(' => stack.push(Frame::Bracket(c, line, col)),
            '}' | ']' | ')' => {
                let opener = match c {
                    '}' => '{',
                    ']' => '[',
                    _ => '(',
                };
                match stack.pop() {
                    Some(Frame::Bracket(open, ..)) if open == opener => {}
                    Some(Frame::Template(..)) if c == '}' => {}
                    Some(Frame::Bracket(open, l, k)) => {
                        return Err(Unbalanced {
                            line,
                            col,
                            message: format!("`{c}` closes the `{open}` opened at {l}:{k}"),
                        });
                    }
                    _ => {
                        return Err(Unbalanced {
                            line,
                            col,
                            message: format!("`{c}` closes nothing"),
                        });
                    }
                }
            }
            _ => {}
        }
    }
    // The outermost frame left open is where the reader should look.
    match stack.into_iter().next() {
        None => Ok(()),
        Some(Frame::Bracket(open, line, col)) => Err(Unbalanced {
            line,
            col,
            message: format!("`{open}` is never closed"),
        }),
        Some(Frame::Template(line, col)) => Err(Unbalanced {
            line,
            col,
            message: "template `${` is never closed".to_string(),
        }),
        Some(Frame::Quoted(line, col)) => Err(Unbalanced {
            line,
            col,
            message: "a quoted string is not closed on its line".to_string(),
        }),
    }
}

/// Skips to the end of the line, leaving the newline to be counted.
fn skip_line(chars: &mut std::iter::Peekable<std::str::Chars>) {
    while chars.next_if(|c| *c != '\n').is_some() {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_configurations_pass() {
        let text = r#"
# a comment with { and "
// another }
/* block
   { */
resource "x" "y" {
  name  = "a-${var.env}-${lookup({a = "}"}, "a")}"
  tags  = { for k, v in var.tags : k => "${v}" }
  list  = [1, (2 + 3)]
  esc   = "quote \" brace {"
  text  = <<-EOT
    unbalanced { [ (
    EOT
  other = "%{ if true }x%{ endif }"
}
"#;
        assert_eq!(check(text), Ok(()));
    }

    #[test]
    fn the_input_that_stalls_hcl_edit_is_refused_at_its_first_open_bracket() {
        let text = "c=\"\"/f>{n/f>{v/n>{e>n>{n>n -{e=o\n".repeat(5);
        let err = check(&text).unwrap_err();
        assert_eq!((err.line, err.col), (1, 8), "{err:?}");
        assert!(err.message.contains("never closed"), "{err:?}");
    }

    #[test]
    fn closers_that_match_nothing_are_located() {
        assert_eq!(
            check("a = [1, 2}\n").unwrap_err(),
            Unbalanced {
                line: 1,
                col: 10,
                message: "`}` closes the `[` opened at 1:5".to_string()
            }
        );
        assert!(check("}\n").is_err());
        assert!(check("a = \"open\n").is_err());
    }
}
