//! Static evaluation of ARM template expressions (`"[parameters('x')]"`).
//!
//! Only what a template decides by itself is evaluated: parameter defaults,
//! variables, and pure functions over them. Anything that needs the
//! deployment (`resourceId`, `reference`, `resourceGroup()`, a parameter
//! without a default) stays unresolved, with the reason, so rules reading it
//! end `unknown` instead of guessing.

use super::functions;
use super::tree::{Node, Value, within_budget};

/// Resolution nests (variables referring to parameters referring to
/// variables…); a cycle or an absurd chain stops here.
const MAX_DEPTH: usize = 32;

/// Calls and indexes nested deeper than this in one expression are not a
/// template anyone writes; refusing them keeps the parser's recursion
/// bounded.
const MAX_NESTING: usize = 64;

const UNRESOLVED_PREFIX: &str = "ARM expression ";

pub struct Scope<'a> {
    parameters: Option<&'a Node>,
    variables: Option<&'a Node>,
    /// The values a deployment passes to its template's parameters (a
    /// nested deployment's `parameters`, a parameter file's): `None` for a
    /// template scanned on its own, whose deployer may pass anything.
    passed: Option<std::collections::HashMap<String, Passed>>,
    /// Each parameter and variable is evaluated once, however often it is
    /// referenced.
    resolved: std::cell::RefCell<std::collections::HashMap<(&'static str, String), Ev>>,
}

impl<'a> Scope<'a> {
    pub fn of_template(template: &'a Node) -> Self {
        Scope {
            parameters: template.get("parameters"),
            variables: template.get("variables"),
            passed: None,
            resolved: Default::default(),
        }
    }

    /// The scope of a template deployed with `passed` for its parameters:
    /// one not passed takes its default, or `null` when it is nullable.
    pub fn with_parameters(
        template: &'a Node,
        passed: std::collections::HashMap<String, Passed>,
    ) -> Self {
        Scope {
            passed: Some(passed),
            ..Scope::of_template(template)
        }
    }

    /// A copy of `node` with every expression string replaced by its value,
    /// or by [`Value::Unresolved`]. Positions stay where the expression was
    /// written, which is where a finding should point.
    pub fn resolve(&self, node: &Node) -> Node {
        self.resolve_at(node, 0)
    }

    /// Whether parameter `name` is declared secure: its value is never read.
    fn is_secure(&self, name: &str) -> bool {
        self.parameters
            .and_then(|p| p.get(name))
            .and_then(|entry| entry.str_at("type"))
            .is_some_and(|t| {
                t.eq_ignore_ascii_case("securestring") || t.eq_ignore_ascii_case("secureobject")
            })
    }

    /// The node passed for parameter `name`, if the deployment passes it.
    fn passed_node(&self, name: &str) -> Option<Result<&Node, &String>> {
        self.passed.as_ref().and_then(|p| {
            p.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_ref())
        })
    }

    fn resolve_at(&self, node: &Node, depth: usize) -> Node {
        // A value that is just a passed parameter is where the deployment
        // set it (the parameter file's line, the module's argument), unless
        // the parameter is secure.
        if let Value::Str(s) = &node.value
            && let Some(name) = direct_parameter(s)
            && let Some(Ok(passed)) = self.passed_node(name)
            && !self.is_secure(name)
        {
            return passed.clone();
        }
        let value = match &node.value {
            Value::Str(s) => match expression(s) {
                Some(expr) => self.evaluate_text(s, expr, depth),
                None => Value::Str(unescape(s)),
            },
            Value::Seq(items) => {
                Value::Seq(items.iter().map(|i| self.resolve_at(i, depth)).collect())
            }
            Value::Map(entries) => Value::Map(
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), self.resolve_at(v, depth)))
                    .collect(),
            ),
            other => other.clone(),
        };
        Node::new(node.line, node.col, value)
    }

    fn evaluate_text(&self, text: &str, expr: &str, depth: usize) -> Value {
        let mut parser = Parser {
            src: expr,
            pos: 0,
            scope: self,
            depth,
            nesting: 0,
        };
        let result = parser.expr().and_then(|v| {
            parser.skip_ws();
            if parser.pos == expr.len() {
                Ok(v)
            } else {
                Err(format!("unexpected text at {:?}", &expr[parser.pos..]))
            }
        });
        match result {
            Ok(value) => value,
            // A reason from a nested expression already names the part that
            // is not static; the finding's location shows the outer one.
            Err(why) if why.starts_with(UNRESOLVED_PREFIX) => Value::Unresolved(why),
            Err(why) => Value::Unresolved(format!(
                "{UNRESOLVED_PREFIX}{} is not static: {why}",
                excerpt(text)
            )),
        }
    }

    fn lookup(&self, section: Option<&Node>, what: &'static str, name: &str, depth: usize) -> Ev {
        let key = (what, name.to_string());
        if let Some(known) = self.resolved.borrow().get(&key) {
            return known.clone();
        }
        let value = self.evaluate_entry(section, what, name, depth);
        self.resolved.borrow_mut().insert(key, value.clone());
        value
    }

    fn evaluate_entry(&self, section: Option<&Node>, what: &str, name: &str, depth: usize) -> Ev {
        if depth >= MAX_DEPTH {
            return Err(format!("{what} '{name}' nests too deeply"));
        }
        let entry = section
            .and_then(|s| s.get(name))
            .ok_or_else(|| format!("{what} '{name}' is not declared"))?;
        if what == "parameter" && self.is_secure(name) {
            // What a rule would say of the value could print it.
            return Err(format!(
                "{UNRESOLVED_PREFIX}parameter '{name}' is secure: chanto does not read its value"
            ));
        }
        let passed = self.passed.as_ref().filter(|_| what == "parameter");
        if what == "parameter"
            && let Some(value) = self.passed_node(name)
        {
            return value.map(|n| n.value.clone()).map_err(Clone::clone);
        }
        let nullable = matches!(
            entry.get("nullable").map(|n| &n.value),
            Some(Value::Bool(true))
        );
        let value = if what == "parameter" {
            match entry.get("defaultValue") {
                Some(default) => default,
                // The deployment passed what it passes; this one is null.
                None if passed.is_some() && nullable => return Ok(Value::Null),
                None if passed.is_some() => {
                    return Err(format!(
                        "parameter '{name}' is not passed and has no default value"
                    ));
                }
                None => return Err(format!("parameter '{name}' has no default value")),
            }
        } else {
            entry
        };
        match self.resolve_at(value, depth + 1).value {
            Value::Unresolved(reason) => Err(reason),
            v => Ok(v),
        }
    }
}

type Ev = Result<Value, String>;

/// What a deployment passes for a parameter: the value where it was
/// written, or why it is not known.
pub type Passed = Result<Node, String>;

/// The parameter an expression is exactly (`[parameters('x')]`), if it is
/// nothing more.
fn direct_parameter(s: &str) -> Option<&str> {
    let inner = expression(s)?.trim();
    let rest = inner
        .get(..11)
        .filter(|p| p.eq_ignore_ascii_case("parameters("))
        .map(|_| &inner[11..])?;
    let name = rest.strip_prefix('\'')?.strip_suffix("')")?;
    (!name.contains('\'')).then_some(name)
}

/// Expressions quoted in a reason are cut here: a reason is one line of a
/// report, not a copy of the input.
const MAX_QUOTED_CHARS: usize = 120;

fn excerpt(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(MAX_QUOTED_CHARS) {
        Some((end, _)) => format!("{}…", &text[..end]).into(),
        None => text.into(),
    }
}

/// The inside of `[...]`, unless the string is a literal (`[[` escapes).
fn expression(s: &str) -> Option<&str> {
    let t = s.trim();
    (t.starts_with('[') && !t.starts_with("[[") && t.ends_with(']')).then(|| &t[1..t.len() - 1])
}

fn unescape(s: &str) -> String {
    if s.starts_with("[[") {
        s[1..].to_string()
    } else {
        s.to_string()
    }
}

struct Parser<'s, 'a> {
    src: &'s str,
    pos: usize,
    scope: &'s Scope<'a>,
    depth: usize,
    /// How many `expr` calls are open.
    nesting: usize,
}

impl Parser<'_, '_> {
    fn skip_ws(&mut self) {
        let rest = &self.src[self.pos..];
        self.pos += rest.len() - rest.trim_start().len();
    }

    fn eat(&mut self, c: char) -> bool {
        self.skip_ws();
        if self.src[self.pos..].starts_with(c) {
            self.pos += c.len_utf8();
            true
        } else {
            false
        }
    }

    fn expr(&mut self) -> Ev {
        if self.nesting >= MAX_NESTING {
            return Err(format!("nested deeper than {MAX_NESTING} levels"));
        }
        self.nesting += 1;
        let value = self.postfix();
        self.nesting -= 1;
        within_budget(value?)
    }

    /// A primary expression with its member accesses and indexes.
    fn postfix(&mut self) -> Ev {
        let mut value = self.primary()?;
        loop {
            if self.eat('.') {
                let name = self.ident()?;
                value = member(&value, &name)?;
            } else if self.eat('[') {
                let index = self.expr()?;
                if !self.eat(']') {
                    return Err("expected ']'".into());
                }
                value = match (&value, &index) {
                    (Value::Seq(items), Value::Int(i)) => usize::try_from(*i)
                        .ok()
                        .and_then(|i| items.get(i))
                        .map(|n| n.value.clone())
                        .ok_or_else(|| format!("index {i} out of range"))?,
                    (_, Value::Str(key)) => member(&value, key)?,
                    _ => return Err("unsupported index".into()),
                };
            } else {
                return Ok(value);
            }
        }
    }

    fn primary(&mut self) -> Ev {
        self.skip_ws();
        let rest = &self.src[self.pos..];
        if rest.starts_with('\'') {
            return self.string();
        }
        if rest.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
            let len = rest
                .find(|c: char| !(c.is_ascii_digit() || c == '-'))
                .unwrap_or(rest.len());
            self.pos += len;
            return rest[..len]
                .parse()
                .map(Value::Int)
                .map_err(|_| "bad number".into());
        }
        let name = self.ident()?;
        if name.eq_ignore_ascii_case("true") {
            return Ok(Value::Bool(true));
        }
        if name.eq_ignore_ascii_case("false") {
            return Ok(Value::Bool(false));
        }
        if !self.eat('(') {
            return Err(format!("expected '(' after {name}"));
        }
        let mut args = Vec::new();
        if !self.eat(')') {
            loop {
                args.push(self.expr()?);
                if self.eat(')') {
                    break;
                }
                if !self.eat(',') {
                    return Err("expected ',' or ')'".into());
                }
            }
        }
        self.call(&name, args)
    }

    fn ident(&mut self) -> Result<String, String> {
        self.skip_ws();
        let rest = &self.src[self.pos..];
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if len == 0 {
            return Err(format!("unexpected text at {rest:?}"));
        }
        self.pos += len;
        Ok(rest[..len].to_string())
    }

    fn string(&mut self) -> Ev {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let rest = &self.src[self.pos..];
            let Some(quote) = rest.find('\'') else {
                return Err("unterminated string".into());
            };
            out.push_str(&rest[..quote]);
            self.pos += quote + 1;
            if self.src[self.pos..].starts_with('\'') {
                out.push('\'');
                self.pos += 1;
            } else {
                return Ok(Value::Str(out));
            }
        }
    }

    fn call(&mut self, name: &str, args: Vec<Value>) -> Ev {
        let scope = self.scope;
        let f = name.to_ascii_lowercase();
        match (f.as_str(), args.as_slice()) {
            ("parameters", [Value::Str(p)]) => {
                scope.lookup(scope.parameters, "parameter", p, self.depth)
            }
            ("variables", [Value::Str(v)]) => {
                scope.lookup(scope.variables, "variable", v, self.depth)
            }
            _ => functions::call(name, args),
        }
    }
}

fn member(value: &Value, name: &str) -> Ev {
    match value {
        Value::Map(entries) => entries
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, n)| n.value.clone())
            .ok_or_else(|| format!("no property '{name}'")),
        _ => Err(format!("'.{name}' on a value that is not an object")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::json;

    fn resolve(template: &str, value: &str) -> Value {
        let t = json::parse(template).unwrap().unwrap();
        let v = json::parse(value).unwrap().unwrap();
        Scope::of_template(&t).resolve(&v).value
    }

    const TEMPLATE: &str = r#"{
      "parameters": {
        "name": {"type": "string", "defaultValue": "aks"},
        "private": {"type": "bool", "defaultValue": true},
        "noDefault": {"type": "string"},
        "location": {"type": "string", "defaultValue": "[resourceGroup().location]"}
      },
      "variables": {"pool": "[concat(parameters('name'), '/pool2')]", "ranges": ["10.0.0.0/8"]}
    }"#;

    #[test]
    fn parameters_variables_and_pure_functions_resolve() {
        assert_eq!(
            resolve(TEMPLATE, r#""[variables('pool')]""#),
            Value::Str("aks/pool2".into())
        );
        assert_eq!(
            resolve(TEMPLATE, r#""[not(parameters('private'))]""#),
            Value::Bool(false)
        );
        assert_eq!(
            resolve(
                TEMPLATE,
                r#""[format('{0}-{1}', parameters('name'), 'x')]""#
            ),
            Value::Str("aks-x".into())
        );
        assert!(matches!(
            resolve(TEMPLATE, r#""[variables('ranges')]""#),
            Value::Seq(items) if items.len() == 1
        ));
        assert_eq!(
            resolve(TEMPLATE, r#""[[not an expression]""#),
            Value::Str("[not an expression]".into())
        );
    }

    #[test]
    fn deployment_time_values_stay_unresolved_with_the_reason() {
        let reason = |v: Value| match v {
            Value::Unresolved(r) => r,
            other => panic!("resolved to {other:?}"),
        };
        assert!(reason(resolve(TEMPLATE, r#""[parameters('noDefault')]""#)).contains("no default"));
        assert!(
            reason(resolve(TEMPLATE, r#""[parameters('location')]""#)).contains("resourceGroup()")
        );
        assert!(reason(resolve(TEMPLATE, r#""[reference('x').foo]""#)).contains("reference()"));
        assert!(reason(resolve(TEMPLATE, r#""[parameters('missing')]""#)).contains("not declared"));
    }

    #[test]
    fn expressions_nested_past_the_bound_are_unresolved_not_a_stack_overflow() {
        let deep = format!(
            "\"[{}'a'{}]\"",
            "concat(".repeat(20_000),
            ")".repeat(20_000)
        );
        match resolve("{}", &deep) {
            Value::Unresolved(why) => {
                assert!(why.contains("nested deeper than 64"), "{why}");
                assert!(
                    why.len() < 400,
                    "the reason quotes an excerpt: {} bytes",
                    why.len()
                );
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_deepest_chain_allowed_fits_a_worker_threads_stack() {
        // 32 variables, each nesting 63 calls around the previous one.
        let nest = |inner: String| format!("{}{inner}{}", "concat(".repeat(63), ")".repeat(63));
        let mut variables = vec![r#""v0": "a""#.to_string()];
        for i in 1..32 {
            let inner = format!("variables('v{}')", i - 1);
            variables.push(format!(r#""v{i}": "[{}]""#, nest(inner)));
        }
        let template = format!(r#"{{"variables": {{{}}}}}"#, variables.join(", "));
        let value = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || resolve(&template, r#""[variables('v31')]""#))
            .unwrap()
            .join()
            .expect("no stack overflow");
        assert!(
            matches!(value, Value::Str(_) | Value::Unresolved(_)),
            "{value:?}"
        );
    }

    #[test]
    fn a_passed_parameter_does_not_stand_for_a_variable_of_its_name() {
        let t = json::parse(
            r#"{"parameters": {"x": {"type": "string"}}, "variables": {"x": "from-variable"}}"#,
        )
        .unwrap()
        .unwrap();
        let passed = [(
            "x".to_string(),
            Ok(Node::new(1, 1, Value::Str("passed".into()))),
        )]
        .into_iter()
        .collect();
        let scope = Scope::with_parameters(&t, passed);
        let value = |text: &str| scope.resolve(&json::parse(text).unwrap().unwrap()).value;
        assert_eq!(value(r#""[parameters('x')]""#), Value::Str("passed".into()));
        assert_eq!(
            value(r#""[variables('x')]""#),
            Value::Str("from-variable".into())
        );
    }

    #[test]
    fn self_referencing_variables_stop() {
        let t = r#"{"variables": {"a": "[variables('a')]"}}"#;
        assert!(matches!(
            resolve(t, r#""[variables('a')]""#),
            Value::Unresolved(_)
        ));
    }
}
