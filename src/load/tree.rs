//! A format-neutral document tree that remembers where every value sits.
//!
//! JSON and YAML both parse into [`Node`]s; adapters read them through a
//! [`Cursor`], which is the one place that absorbs the differences between
//! input shapes: keys match case-insensitively, `null` is absent, string and
//! YAML 1.1 booleans are booleans, and unresolved template expressions become
//! unknown.

use std::borrow::Cow;

use crate::model::{Field, FileId, Loc};

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// For a mapping value, the position of its key (the line users look for);
    /// otherwise the position of the value itself.
    pub line: u32,
    pub col: u32,
    pub value: Value,
    /// The file this node and what it holds were written in, when that is
    /// not its parent's: a document assembled from several files (a
    /// kustomization's base patched by an overlay) keeps each value's own
    /// place. `None` inherits the file of the cursor that reads it.
    pub origin: Option<FileId>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(String, Node)>),
    /// A value that only exists at deployment time, with the reason.
    Unresolved(String),
}

impl Node {
    pub fn new(line: u32, col: u32, value: Value) -> Self {
        Node {
            line,
            col,
            value,
            origin: None,
        }
    }

    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn str_at(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(Node::as_str)
    }

    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }

    pub fn entries(&self) -> &[(String, Node)] {
        match &self.value {
            Value::Map(entries) => entries,
            _ => &[],
        }
    }

    pub fn is_map(&self) -> bool {
        matches!(self.value, Value::Map(_))
    }

    /// The node written in `origin`, and everything under it unless it says
    /// otherwise.
    pub fn written_in(mut self, origin: FileId) -> Self {
        self.origin = Some(origin);
        self
    }

    pub fn cursor(&self, file: FileId) -> Cursor<'_> {
        Cursor {
            file: self.origin.unwrap_or(file),
            node: Some(self),
            loc: self.loc(file),
            unresolved: None,
            projected: false,
        }
    }

    /// Where the node is, read as part of `file` (its own file, if it was
    /// written elsewhere).
    pub fn loc(&self, file: FileId) -> Loc {
        Loc {
            file: self.origin.unwrap_or(file),
            line: self.line,
            col: self.col,
        }
    }
}

/// A path into a [`Node`] that remembers the nearest place that exists.
#[derive(Debug, Clone)]
pub struct Cursor<'a> {
    file: FileId,
    node: Option<&'a Node>,
    /// The node itself, or the deepest ancestor that exists.
    loc: Loc,
    /// Set when an ancestor is an unresolved expression, or (see
    /// [`Cursor::projected`]) a column the row does not carry.
    unresolved: Option<Cow<'a, str>>,
    /// A projected Resource Graph row: a missing key is a column the query
    /// left out, so what it holds is unknown rather than absent.
    projected: bool,
}

impl<'a> Cursor<'a> {
    /// Descends into a mapping key (case-insensitively). A missing key, a
    /// `null`, or a non-mapping parent all give an absent cursor that keeps
    /// the last location that existed.
    pub fn get(&self, key: &str) -> Cursor<'a> {
        let Some(node) = self.present() else {
            return self.clone();
        };
        if let Value::Unresolved(reason) = &node.value {
            return Cursor {
                unresolved: Some(Cow::Borrowed(reason)),
                ..self.clone()
            };
        }
        match node.get(key) {
            Some(child) => Cursor {
                file: child.origin.unwrap_or(self.file),
                node: Some(child),
                loc: child.loc(self.file),
                unresolved: None,
                projected: self.projected,
            },
            None if self.projected => Cursor {
                node: None,
                unresolved: Some(Cow::Owned(format!(
                    "the Resource Graph row has no `{key}` column: its query's `project` left it out"
                ))),
                ..self.clone()
            },
            None => Cursor {
                node: None,
                ..self.clone()
            },
        }
    }

    /// This cursor, reading a projected Resource Graph row: a key the row
    /// lacks is unknown, naming the column, instead of absent.
    pub fn projected(&self) -> Cursor<'a> {
        Cursor {
            projected: true,
            ..self.clone()
        }
    }

    /// Nothing, at this cursor's place: for a block an input shape never has.
    pub fn nothing(&self) -> Cursor<'a> {
        Cursor {
            node: None,
            ..self.clone()
        }
    }

    /// Follows a `/`-separated path of keys.
    pub fn at(&self, path: &str) -> Cursor<'a> {
        path.split('/').fold(self.clone(), |c, key| c.get(key))
    }

    pub fn loc(&self) -> Loc {
        self.loc
    }

    /// The node, unless it is missing or `null`.
    pub fn present(&self) -> Option<&'a Node> {
        self.node.filter(|n| n.value != Value::Null)
    }

    fn read<T>(&self, expected: &str, convert: impl FnOnce(&'a Node) -> Option<T>) -> Field<T> {
        if let Some(reason) = &self.unresolved {
            return Field::Unknown(reason.to_string(), self.loc);
        }
        match self.present() {
            None => Field::Absent(self.loc),
            Some(node) => match &node.value {
                Value::Unresolved(reason) => Field::Unknown(reason.clone(), self.loc),
                _ => match convert(node) {
                    Some(v) => Field::Set(v, self.loc),
                    None => Field::Unknown(
                        format!("expected {expected}, found {}", describe(node)),
                        self.loc,
                    ),
                },
            },
        }
    }

    /// A boolean; accepts `"true"`/`"false"` strings (Azure add-on config,
    /// hand-written templates) and YAML 1.1 plain booleans (`yes`, `on`), as
    /// kubectl reads them.
    pub fn bool(&self) -> Field<bool> {
        self.read("a boolean", |n| match &n.value {
            Value::Bool(b) => Some(*b),
            Value::Str(s) => parse_bool(s),
            _ => None,
        })
    }

    pub fn string(&self) -> Field<String> {
        self.read("a string", |n| match &n.value {
            Value::Str(s) => Some(s.clone()),
            Value::Int(i) => Some(i.to_string()),
            Value::Float(f) => Some(f.to_string()),
            _ => None,
        })
    }

    /// An integer; accepts numeric strings, as YAML authors quote ports.
    pub fn int(&self) -> Field<i64> {
        self.read("an integer", |n| match &n.value {
            Value::Int(i) => Some(*i),
            Value::Str(s) => s.trim().parse().ok(),
            _ => None,
        })
    }

    /// The entries of a mapping (none when absent or not a mapping).
    pub fn entries(&self) -> &'a [(String, Node)] {
        self.present().map_or(&[], Node::entries)
    }

    /// The items of a list (none when absent or not a list).
    pub fn items(&self) -> &'a [Node] {
        self.present().and_then(Node::as_seq).unwrap_or_default()
    }

    pub fn file(&self) -> FileId {
        self.file
    }

    /// A list of strings; one unresolved element makes the whole list unknown.
    pub fn strings(&self) -> Field<Vec<String>> {
        if let Some(Value::Seq(items)) = self.present().map(|n| &n.value)
            && let Some(bad) = items
                .iter()
                .find(|i| matches!(i.value, Value::Unresolved(_)))
        {
            let Value::Unresolved(reason) = &bad.value else {
                unreachable!("matched above")
            };
            return Field::Unknown(reason.clone(), bad.loc(self.file));
        }
        self.read("a list of strings", |n| match &n.value {
            Value::Seq(items) => items.iter().map(|i| i.as_str().map(String::from)).collect(),
            _ => None,
        })
    }

    /// A list of integers.
    pub fn ints(&self) -> Field<Vec<i64>> {
        self.read("a list of integers", |n| match &n.value {
            Value::Seq(items) => items
                .iter()
                .map(|i| match i.value {
                    Value::Int(v) => Some(v),
                    _ => None,
                })
                .collect(),
            _ => None,
        })
    }

    /// The number of elements of a list.
    pub fn len(&self) -> Field<usize> {
        self.read("a list", |n| n.as_seq().map(<[Node]>::len))
    }

    /// Whether anything other than `null` is there.
    pub fn presence(&self) -> Field<()> {
        self.read("a value", |_| Some(()))
    }

    /// Whether the block exists (set) or not (absent).
    pub fn exists(&self) -> Field<()> {
        self.read("an object", |n| n.is_map().then_some(()))
    }
}

/// The longest string and the longest list an evaluated expression (ARM or
/// Terraform) may produce: a value past them is nothing a cluster setting
/// holds, and refusing it stops a few kilobytes of nested `concat()` or
/// templates from growing exponentially.
const MAX_STRING_BYTES: usize = 64 * 1024;
const MAX_LIST_ITEMS: usize = 10_000;

/// `value`, or why it is past the size budget.
pub fn within_budget(value: Value) -> Result<Value, String> {
    match value {
        Value::Str(s) if s.len() > MAX_STRING_BYTES => Err(format!(
            "a string of {} bytes, more than the {MAX_STRING_BYTES} read",
            s.len()
        )),
        Value::Seq(items) if items.len() > MAX_LIST_ITEMS => Err(format!(
            "a list of {} items, more than the {MAX_LIST_ITEMS} read",
            items.len()
        )),
        value => Ok(value),
    }
}

pub fn parse_bool(s: &str) -> Option<bool> {
    const TRUE: [&str; 4] = ["true", "yes", "on", "y"];
    const FALSE: [&str; 4] = ["false", "no", "off", "n"];
    if TRUE.iter().any(|t| s.eq_ignore_ascii_case(t)) {
        Some(true)
    } else if FALSE.iter().any(|f| s.eq_ignore_ascii_case(f)) {
        Some(false)
    } else {
        None
    }
}

fn describe(node: &Node) -> String {
    match &node.value {
        Value::Null => "null".into(),
        Value::Bool(b) => b.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(f) => f.to_string(),
        // Never the text itself: it may be a secret a parameter fed in.
        Value::Str(s) => format!("a string of {} characters", s.chars().count()),
        Value::Seq(_) => "a list".into(),
        Value::Map(_) => "an object".into(),
        Value::Unresolved(r) => r.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(entries: Vec<(&str, Node)>) -> Node {
        Node::new(
            1,
            1,
            Value::Map(entries.into_iter().map(|(k, v)| (k.into(), v)).collect()),
        )
    }

    fn leaf(line: u32, value: Value) -> Node {
        Node::new(line, 3, value)
    }

    #[test]
    fn keys_match_case_insensitively_and_null_is_absent_at_its_key() {
        let root = map(vec![
            ("enableRbac", leaf(2, Value::Bool(true))),
            ("apiServerAccessProfile", leaf(3, Value::Null)),
        ]);
        let c = root.cursor(FileId(0));
        assert!(matches!(c.get("enableRBAC").bool(), Field::Set(true, l) if l.line == 2));
        let absent = c.at("apiServerAccessProfile/enablePrivateCluster").bool();
        assert!(matches!(absent, Field::Absent(l) if l.line == 3));
    }

    #[test]
    fn string_booleans_are_booleans_and_garbage_is_unknown() {
        let root = map(vec![
            ("a", leaf(2, Value::Str("true".into()))),
            ("b", leaf(3, Value::Str("maybe".into()))),
        ]);
        let c = root.cursor(FileId(0));
        assert_eq!(c.get("a").bool().value(), Some(&true));
        // The reason describes the value, never quotes it: it may be a secret.
        assert!(matches!(
            c.get("b").bool(),
            Field::Unknown(r, _) if r == "expected a boolean, found a string of 5 characters"
        ));
    }

    #[test]
    fn unresolved_ancestor_makes_descendants_unknown() {
        let root = map(vec![(
            "profile",
            leaf(4, Value::Unresolved("expression [if(x)]".into())),
        )]);
        let field = root.cursor(FileId(0)).at("profile/enabled").bool();
        assert!(matches!(field, Field::Unknown(r, l) if r.contains("if(x)") && l.line == 4));
    }
}
