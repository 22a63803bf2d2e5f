//! JSON (with the `//` and `/* */` comments ARM templates may carry) into a
//! positioned [`Node`] tree.

use jsonc_parser::ast;
use jsonc_parser::{CollectOptions, ParseOptions, parse_to_ast};

use super::tree::{Node, Value};
use super::{LineIndex, ParseFailure};

pub fn parse(text: &str) -> Result<Option<Node>, ParseFailure> {
    let options = ParseOptions {
        allow_comments: true,
        allow_trailing_commas: true,
        allow_loose_object_property_names: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let index = LineIndex::new(text);
    let parsed = parse_to_ast(text, &CollectOptions::default(), &options).map_err(|e| {
        let (line, col) = index.position(e.range().start);
        ParseFailure {
            line,
            col,
            message: e.kind().to_string(),
        }
    })?;
    Ok(parsed.value.map(|v| convert(&v, v_start(&v), &index)))
}

fn v_start(value: &ast::Value) -> usize {
    match value {
        ast::Value::StringLit(s) => s.range.start,
        ast::Value::NumberLit(n) => n.range.start,
        ast::Value::BooleanLit(b) => b.range.start,
        ast::Value::Object(o) => o.range.start,
        ast::Value::Array(a) => a.range.start,
        ast::Value::NullKeyword(n) => n.range.start,
    }
}

/// `at` is the byte offset the node is reported at: its key for mapping
/// values, itself otherwise.
fn convert(value: &ast::Value, at: usize, index: &LineIndex) -> Node {
    let (line, col) = index.position(at);
    let value = match value {
        ast::Value::StringLit(s) => Value::Str(s.value.to_string()),
        ast::Value::NumberLit(n) => n
            .value
            .parse::<i64>()
            .map(Value::Int)
            .or_else(|_| n.value.parse::<f64>().map(Value::Float))
            .unwrap_or_else(|_| Value::Str(n.value.to_string())),
        ast::Value::BooleanLit(b) => Value::Bool(b.value),
        ast::Value::NullKeyword(_) => Value::Null,
        ast::Value::Array(a) => Value::Seq(
            a.elements
                .iter()
                .map(|e| convert(e, v_start(e), index))
                .collect(),
        ),
        ast::Value::Object(o) => Value::Map(
            o.properties
                .iter()
                .map(|p| {
                    let key = match &p.name {
                        ast::ObjectPropName::String(s) => s.value.to_string(),
                        ast::ObjectPropName::Word(w) => w.value.to_string(),
                    };
                    (key, convert(&p.value, p.range.start, index))
                })
                .collect(),
        ),
    };
    Node::new(line, col, value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_remember_the_line_of_their_key() {
        let text = "{\n  // an ARM comment\n  \"a\": {\n    \"b\": true\n  }\n}";
        let root = parse(text).unwrap().unwrap();
        let a = root.get("a").unwrap();
        assert_eq!((a.line, a.col), (3, 3));
        let b = a.get("b").unwrap();
        assert_eq!((b.line, b.value.clone()), (4, Value::Bool(true)));
    }

    #[test]
    fn errors_carry_line_and_column() {
        let err = parse("{\n  \"a\": 1,\n  \"b\" 2\n}").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.col >= 3, "column {}", err.col);
    }

    #[test]
    fn empty_text_has_no_value() {
        assert!(parse("  \n").unwrap().is_none());
    }
}
