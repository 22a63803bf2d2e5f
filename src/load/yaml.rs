//! YAML streams (multi-document) into positioned [`Node`] trees.
//!
//! saphyr refuses duplicate keys (so the scanner never sees a different value
//! from the API server's) and bounds alias expansion (billion laughs). Merge
//! keys (`<<`) are applied here, since saphyr keeps them as plain keys.

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};

use super::ParseFailure;
use super::tree::{Node, Value};

/// Deeper nesting than this is not a Kubernetes manifest; refusing it keeps
/// recursion bounded.
const MAX_DEPTH: usize = 200;

/// saphyr's message for a quoted scalar whose continuation line is
/// indented less than its block (see [`indent_quoted_scalar`]).
const QUOTED_SCALAR_INDENT: &str = "invalid indentation in quoted scalar";

/// How many quoted scalars one file may have re-indented before the error
/// stands: each costs a parse.
const MAX_REINDENTED_SCALARS: usize = 64;

pub fn parse(text: &str) -> Result<Vec<Node>, ParseFailure> {
    check_nesting(text)?;
    let mut text = std::borrow::Cow::Borrowed(text);
    let mut reindented = 0;
    let docs = loop {
        match MarkedYaml::load_from_str(&text) {
            Ok(docs) => break docs,
            Err(e) => {
                let (line, col) = (e.marker().line(), e.marker().col());
                let repaired = (e.info() == QUOTED_SCALAR_INDENT
                    && reindented < MAX_REINDENTED_SCALARS)
                    .then(|| indent_quoted_scalar(&text, line, col))
                    .flatten();
                match repaired {
                    Some(repaired) => {
                        text = std::borrow::Cow::Owned(repaired);
                        reindented += 1;
                    }
                    None => {
                        return Err(ParseFailure {
                            line: u32::try_from(line).unwrap_or(u32::MAX),
                            col: u32::try_from(col + 1).unwrap_or(u32::MAX),
                            message: e.info().to_string(),
                        });
                    }
                }
            }
        }
    };
    Ok(docs
        .iter()
        .filter(|d| !matches!(d.data, YamlData::Value(Scalar::Null)))
        .map(|d| convert(d, position(d)))
        .collect())
}

/// The text with the continuation lines of the quoted scalar starting at
/// `line` (from 1), `col` (from 0) indented to the scalar's column, or
/// `None` when there is no such scalar or nothing to change.
///
/// YAML 1.2 wants those lines indented deeper than their block, and saphyr
/// enforces it; libyaml and go-yaml (so `kubectl`) do not, and manifests
/// rely on that. Leading spaces of a continuation line are folded away, so
/// adding some changes no value, and no line moves.
fn indent_quoted_scalar(text: &str, line: usize, col: usize) -> Option<String> {
    let line_start = if line <= 1 {
        0
    } else {
        text.match_indices('\n').nth(line - 2)?.0 + 1
    };
    let start = line_start + text[line_start..].char_indices().nth(col)?.0;
    let quote = text[start..]
        .chars()
        .next()
        .filter(|q| matches!(q, '"' | '\''))?;
    let mut out = String::with_capacity(text.len() + 64);
    out.push_str(&text[..=start]);
    let mut chars = text[start + 1..].char_indices().peekable();
    let mut changed = false;
    while let Some((_, c)) = chars.next() {
        out.push(c);
        match c {
            '\\' if quote == '"' => {
                if let Some((_, escaped)) = chars.next() {
                    out.push(escaped);
                }
            }
            '\'' if quote == '\'' && chars.peek().is_some_and(|(_, next)| *next == '\'') => {
                chars.next();
                out.push('\'');
            }
            c if c == quote => {
                let rest = chars.peek().map_or(text.len(), |(i, _)| start + 1 + i);
                out.push_str(&text[rest..]);
                return changed.then_some(out);
            }
            '\n' => {
                let mut indent = 0;
                while chars.peek().is_some_and(|(_, c)| matches!(c, ' ' | '\t')) {
                    chars.next();
                    indent += 1;
                }
                let wanted = indent.max(col);
                changed |= wanted > indent;
                out.extend(std::iter::repeat_n(' ', wanted));
            }
            _ => {}
        }
    }
    None
}

/// Block collections nest by indentation and by indicators on one line
/// (`- - - x`, `? ? x`); flow collections by brackets. A cheap scan of
/// both stops pathological input before it reaches recursion (the
/// loader's, the tree conversion's, and the drop of what they build).
fn check_nesting(text: &str) -> Result<(), ParseFailure> {
    check_block_nesting(text)?;
    check_flow_nesting(text)
}

/// An upper bound on block depth: the open indentation levels plus the
/// indicators that start the line's content.
fn check_block_nesting(text: &str) -> Result<(), ParseFailure> {
    let mut open_indents: Vec<usize> = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let content = line.trim_start_matches(' ');
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let indent = line.len() - content.len();
        while open_indents.last().is_some_and(|&open| open >= indent) {
            open_indents.pop();
        }
        open_indents.push(indent);
        let mut rest = content;
        let mut indicators = 0;
        while let Some(after) = ["- ", "? ", ": "].iter().find_map(|i| rest.strip_prefix(i)) {
            indicators += 1;
            rest = after.trim_start_matches(' ');
        }
        let depth = open_indents.len() + indicators;
        if depth > MAX_DEPTH {
            return Err(ParseFailure {
                line: u32::try_from(index + 1).unwrap_or(u32::MAX),
                col: u32::try_from(indent + 1).unwrap_or(u32::MAX),
                message: format!("nesting deeper than {MAX_DEPTH} levels"),
            });
        }
    }
    Ok(())
}

fn check_flow_nesting(text: &str) -> Result<(), ParseFailure> {
    let mut depth = 0usize;
    let (mut line, mut col) = (1u32, 0u32);
    for c in text.chars() {
        col += 1;
        match c {
            '\n' => {
                line += 1;
                col = 0;
            }
            '[' | '{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(ParseFailure {
                        line,
                        col,
                        message: format!("nesting deeper than {MAX_DEPTH} levels"),
                    });
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

fn position(node: &MarkedYaml) -> (u32, u32) {
    let start = node.span.start;
    (
        u32::try_from(start.line()).unwrap_or(u32::MAX),
        u32::try_from(start.col() + 1).unwrap_or(u32::MAX),
    )
}

fn convert(node: &MarkedYaml, (line, col): (u32, u32)) -> Node {
    let value = match &node.data {
        YamlData::Value(scalar) => scalar_value(scalar),
        YamlData::Representation(raw, _, _) => Value::Str(raw.to_string()),
        YamlData::Sequence(items) => {
            Value::Seq(items.iter().map(|i| convert(i, position(i))).collect())
        }
        YamlData::Mapping(map) => {
            let mut entries: Vec<(String, Node)> = Vec::with_capacity(map.len());
            let mut merges = Vec::new();
            for (k, v) in map {
                let key = key_text(k);
                if key == "<<" {
                    merges.push(v);
                } else {
                    entries.push((key, convert(v, position(k))));
                }
            }
            for merged in merges {
                merge_into(&mut entries, merged);
            }
            Value::Map(entries)
        }
        YamlData::Tagged(_, inner) => return convert(inner, (line, col)),
        YamlData::Alias(_) | YamlData::BadValue => Value::Null,
    };
    Node::new(line, col, value)
}

/// Explicit keys win over merged ones, as in YAML 1.1's merge key type.
fn merge_into(entries: &mut Vec<(String, Node)>, merged: &MarkedYaml) {
    let sources: Vec<&MarkedYaml> = match &merged.data {
        YamlData::Sequence(items) => items.iter().collect(),
        _ => vec![merged],
    };
    for source in sources {
        if let YamlData::Mapping(map) = &source.data {
            for (k, v) in map {
                let key = key_text(k);
                if !entries.iter().any(|(existing, _)| *existing == key) {
                    entries.push((key, convert(v, position(k))));
                }
            }
        }
    }
}

fn key_text(key: &MarkedYaml) -> String {
    match &key.data {
        YamlData::Value(Scalar::String(s)) => s.to_string(),
        YamlData::Value(Scalar::Integer(i)) => i.to_string(),
        YamlData::Value(Scalar::FloatingPoint(f)) => f.to_string(),
        YamlData::Value(Scalar::Boolean(b)) => b.to_string(),
        YamlData::Value(Scalar::Null) => "null".to_string(),
        YamlData::Representation(raw, _, _) => raw.to_string(),
        YamlData::Tagged(_, inner) => key_text(inner),
        _ => "<complex key>".to_string(),
    }
}

fn scalar_value(scalar: &Scalar) -> Value {
    match scalar {
        Scalar::Null => Value::Null,
        Scalar::Boolean(b) => Value::Bool(*b),
        Scalar::Integer(i) => Value::Int(*i),
        Scalar::FloatingPoint(f) => Value::Float(f.into_inner()),
        Scalar::String(s) => Value::Str(s.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_absolute_across_documents() {
        let text = "a: 1\n---\nkind: Pod\nspec:\n  hostPID: true\n";
        let docs = parse(text).unwrap();
        assert_eq!(docs.len(), 2);
        let host_pid = docs[1].get("spec").unwrap().get("hostPID").unwrap();
        assert_eq!((host_pid.line, host_pid.col), (5, 3));
    }

    #[test]
    fn merge_keys_are_applied_and_explicit_keys_win() {
        let text = "base: &b {privileged: true, name: base}\nc:\n  <<: *b\n  name: x\n";
        let docs = parse(text).unwrap();
        let c = docs[0].get("c").unwrap();
        assert_eq!(c.get("privileged").unwrap().value, Value::Bool(true));
        assert_eq!(c.str_at("name"), Some("x"));
    }

    /// What `kubectl` (go-yaml) and PyYAML read from a quoted scalar whose
    /// continuation lines sit left of their sequence item.
    #[test]
    fn quoted_scalars_indented_less_than_their_item_parse_as_kubectl_reads_them() {
        let text =
            "args:\n  - \"echo one &&\n echo \\\"two\\\"\"\n  - 'it''s\nfolded'\nnext: \"x\"\n";
        let docs = parse(text).unwrap();
        let args = match &docs[0].get("args").unwrap().value {
            Value::Seq(items) => items.iter().map(|i| i.value.clone()).collect::<Vec<_>>(),
            other => panic!("{other:?}"),
        };
        assert_eq!(
            args,
            [
                Value::Str("echo one && echo \"two\"".into()),
                Value::Str("it's folded".into())
            ]
        );
        assert_eq!(docs[0].get("next").unwrap().line, 6, "no line moves");
    }

    proptest::proptest! {
        #[test]
        fn quoted_scalars_at_any_indentation_never_panic(
            text in "(a:\n)?( {0,4}- [\"'][a-z'\"\\\\ \n\té]{0,30}){1,5}"
        ) {
            let _ = parse(&text);
        }
    }

    #[test]
    fn an_unterminated_quoted_scalar_is_still_an_error() {
        assert!(parse("args:\n  - \"echo one\n echo two\n").is_err());
    }

    #[test]
    fn duplicate_keys_and_alias_bombs_are_errors() {
        assert!(parse("a: 1\na: 2\n").is_err());
        let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let prev = format!("*a{}", i - 1);
            bomb.push_str(&format!("a{i}: &a{i} [{}]\n", vec![prev; 10].join(", ")));
        }
        let err = parse(&bomb).unwrap_err();
        assert!(err.message.contains("budget"), "{}", err.message);
    }

    #[test]
    fn deep_flow_nesting_is_refused() {
        let text = "[".repeat(100_000);
        assert!(parse(&text).unwrap_err().message.contains("nesting"));
    }

    #[test]
    fn empty_documents_are_dropped() {
        assert!(parse("---\n---\n").unwrap().is_empty());
        assert!(parse("").unwrap().is_empty());
    }
}
