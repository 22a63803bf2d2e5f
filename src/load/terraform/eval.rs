//! Terraform expressions, evaluated as far as the configuration decides
//! them: literals, `var.*` (defaults, `.tfvars`, `--var-file`, module
//! arguments), `local.*`, conditionals, operators, string templates, `for`
//! expressions, `dynamic` block iterators, `try`/`can` and a few pure
//! functions. Anything Terraform only learns while planning or
//! applying (data sources, computed attributes, module outputs) becomes
//! [`Value::Unresolved`] with the reason, so the rules that read it end
//! `unknown`.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use hcl_edit::Span;
use hcl_edit::expr::{
    BinaryOperator, Expression, ForExpr, ObjectKey, TraversalOperator, UnaryOperator,
};
use hcl_edit::template::{Element, Template};

use super::super::LineIndex;
use crate::load::tree::{Node, Value, within_budget};

pub type Ev = Result<Value, String>;

/// A variable's value, or why it has none.
pub type Binding = Result<Value, String>;

/// What names mean while evaluating one module.
pub struct Scope<'a> {
    pub variables: &'a HashMap<String, Binding>,
    pub locals: &'a HashMap<String, &'a Expression>,
    /// `module.NAME.` for a child module, empty for the root.
    pub address_prefix: &'a str,
    pub lines: &'a LineIndex<'a>,
    cache: RefCell<HashMap<String, Ev>>,
    evaluating: RefCell<HashSet<String>>,
    /// The iterators of the `dynamic` blocks being expanded: name, key and
    /// value, innermost last.
    iterators: RefCell<Vec<(String, Value, Value)>>,
    /// The names a `for` expression binds, innermost last.
    bound: RefCell<Vec<(String, Value)>>,
}

/// Deep enough for any real configuration, shallow enough for the stack.
const MAX_DEPTH: usize = 64;

impl<'a> Scope<'a> {
    pub fn new(
        variables: &'a HashMap<String, Binding>,
        locals: &'a HashMap<String, &'a Expression>,
        address_prefix: &'a str,
        lines: &'a LineIndex<'a>,
    ) -> Self {
        Scope {
            variables,
            locals,
            address_prefix,
            lines,
            cache: RefCell::default(),
            evaluating: RefCell::default(),
            iterators: RefCell::default(),
            bound: RefCell::default(),
        }
    }

    /// Runs `f` with an iterator bound to one element: a `dynamic` block's
    /// (by its name), a `for_each` instance's (`each`) or a `count`
    /// instance's (`count`, its key the index).
    pub fn with_iterator<T>(
        &self,
        name: &str,
        key: Value,
        value: Value,
        f: impl FnOnce() -> T,
    ) -> T {
        self.iterators
            .borrow_mut()
            .push((name.to_string(), key, value));
        let result = f();
        self.iterators.borrow_mut().pop();
        result
    }

    /// The expression as a positioned node; what cannot be evaluated is an
    /// unresolved node at the same place.
    pub fn node(&self, expr: &Expression, line: u32, col: u32) -> Node {
        let (line, col) = self.position(expr).unwrap_or((line, col));
        let value = match self.eval(expr, 0) {
            Ok(v) => v,
            Err(reason) => Value::Unresolved(reason),
        };
        let mut node = Node::new(line, col, value);
        if !matches!(expr, Expression::Array(_) | Expression::Object(_)) {
            // A value that came through a variable, local or function was
            // written elsewhere: its parts are found at this reference.
            reposition(&mut node, line, col);
        }
        node
    }

    pub fn position(&self, span: &impl Span) -> Option<(u32, u32)> {
        span.span().map(|r| self.lines.position(r.start))
    }

    /// The value of `expr`, or why it has none; a string or list past the
    /// size budget has none, so a kilobyte of nested templates cannot grow
    /// exponentially.
    pub fn eval(&self, expr: &Expression, depth: usize) -> Ev {
        within_budget(self.eval_unbounded(expr, depth)?)
    }

    fn eval_unbounded(&self, expr: &Expression, depth: usize) -> Ev {
        if depth > MAX_DEPTH {
            return Err("expression nested too deeply".into());
        }
        let d = depth + 1;
        match expr {
            Expression::Null(_) => Ok(Value::Null),
            Expression::Bool(b) => Ok(Value::Bool(*b.value())),
            Expression::Number(n) => {
                let n = n.value();
                Ok(match n.as_i64() {
                    Some(i) => Value::Int(i),
                    None => Value::Float(n.as_f64().unwrap_or_default()),
                })
            }
            Expression::String(s) => Ok(Value::Str(s.value().clone())),
            Expression::Array(items) => Ok(Value::Seq(
                items.iter().map(|item| self.child(item, expr, d)).collect(),
            )),
            Expression::Object(object) => {
                let mut entries = Vec::new();
                for (key, value) in object.iter() {
                    let key = match key {
                        ObjectKey::Ident(ident) => ident.as_str().to_string(),
                        ObjectKey::Expression(e) => text(&self.eval(e, d)?)?,
                    };
                    entries.push((key, self.child(value.expr(), expr, d)));
                }
                Ok(Value::Map(entries))
            }
            Expression::StringTemplate(t) => self.template(t, d).map(Value::Str),
            Expression::HeredocTemplate(h) => self.template(&h.template, d).map(Value::Str),
            Expression::Parenthesis(p) => self.eval(p.inner(), d),
            Expression::Variable(v) => match self.bound_value(v.as_str()) {
                Some(value) => unresolved_to_err(value),
                None => Err(format!("`{}` is not a value", v.as_str())),
            },
            Expression::Conditional(c) => match self.eval(&c.cond_expr, d)? {
                Value::Bool(true) => self.eval(&c.true_expr, d),
                Value::Bool(false) => self.eval(&c.false_expr, d),
                other => Err(error(format!(
                    "condition is {}, not a boolean",
                    describe(&other)
                ))),
            },
            Expression::UnaryOp(op) => {
                let value = self.eval(&op.expr, d)?;
                match (op.operator.value(), value) {
                    (UnaryOperator::Not, Value::Bool(b)) => Ok(Value::Bool(!b)),
                    (UnaryOperator::Neg, Value::Int(i)) => Ok(Value::Int(-i)),
                    (UnaryOperator::Neg, Value::Float(f)) => Ok(Value::Float(-f)),
                    (_, other) => Err(error(format!("cannot negate {}", describe(&other)))),
                }
            }
            Expression::BinaryOp(op) => {
                let lhs = self.eval(&op.lhs_expr, d)?;
                let rhs = self.eval(&op.rhs_expr, d)?;
                binary(*op.operator.value(), &lhs, &rhs)
            }
            Expression::Traversal(t) => self.traversal(&t.expr, &t.operators, d),
            Expression::FuncCall(call) => {
                let name = call.name.name.as_str();
                if !call.name.namespace.is_empty() {
                    return Err(format!("provider function {name}() is not evaluated"));
                }
                // `try` and `can` catch what Terraform would reject, but not
                // what it only learns later: that stays unknown.
                match name {
                    "try" => {
                        for arg in call.args.iter() {
                            match self.eval(arg, d) {
                                Err(why) if is_error(&why) => continue,
                                result => return result,
                            }
                        }
                        return Err(error("try() of arguments that all fail"));
                    }
                    "can" => {
                        let mut args = call.args.iter();
                        if let (Some(arg), None) = (args.next(), args.next()) {
                            return match self.eval(arg, d) {
                                Ok(_) => Ok(Value::Bool(true)),
                                Err(why) if is_error(&why) => Ok(Value::Bool(false)),
                                Err(why) => Err(why),
                            };
                        }
                    }
                    _ => {}
                }
                let args = call
                    .args
                    .iter()
                    .map(|a| self.eval(a, d))
                    .collect::<Result<Vec<_>, _>>()?;
                function(name, &args)
            }
            Expression::ForExpr(f) => self.for_expr(f, d),
        }
    }

    /// An element of a collection, positioned at itself or its parent.
    fn child(&self, expr: &Expression, parent: &Expression, depth: usize) -> Node {
        let (line, col) = self
            .position(expr)
            .or_else(|| self.position(parent))
            .unwrap_or((0, 0));
        let mut node = Node::new(
            line,
            col,
            self.eval(expr, depth).unwrap_or_else(Value::Unresolved),
        );
        if !matches!(expr, Expression::Array(_) | Expression::Object(_)) {
            reposition(&mut node, line, col);
        }
        node
    }

    fn template(&self, template: &Template, depth: usize) -> Result<String, String> {
        let mut out = String::new();
        for element in template.iter() {
            match element {
                Element::Literal(s) => out.push_str(s.value()),
                Element::Interpolation(i) => out.push_str(&text(&self.eval(&i.expr, depth)?)?),
                Element::Directive(_) => {
                    return Err("a template directive (%{if}/%{for}) is not evaluated".into());
                }
            }
        }
        Ok(out)
    }

    fn traversal(
        &self,
        base: &Expression,
        operators: &[hcl_edit::Decorated<TraversalOperator>],
        depth: usize,
    ) -> Ev {
        let attr = |i: usize| match operators.get(i).map(|o| o.value()) {
            Some(TraversalOperator::GetAttr(name)) => Some(name.as_str()),
            _ => None,
        };
        let Expression::Variable(root) = base else {
            let value = self.eval(base, depth)?;
            return apply(self, value, operators, depth);
        };
        let root = root.as_str();
        if let Some(value) = self.bound_value(root) {
            return apply(self, unresolved_to_err(value)?, operators, depth);
        }
        let bound = self
            .iterators
            .borrow()
            .iter()
            .rev()
            .find(|(name, _, _)| name == root)
            .map(|(_, key, value)| (key.clone(), value.clone()));
        if let Some((key, value)) = bound {
            let element = match (root, attr(0)) {
                ("count", Some("index")) => key,
                ("count", _) => return Err("`count` has only .index".into()),
                (_, Some("key")) => key,
                (_, Some("value")) => unresolved_to_err(value)?,
                _ => return Err(format!("`{root}` has only .key and .value")),
            };
            return apply(self, element, &operators[1..], depth);
        }
        let (value, used) = match (root, attr(0)) {
            ("var", Some(name)) => match self.variables.get(name) {
                Some(binding) => (binding.clone()?, 1),
                None => return Err(format!("variable \"{name}\" is not declared")),
            },
            ("local", Some(name)) => (self.local(name, depth)?, 1),
            ("data", _) => {
                return Err(format!(
                    "data source data.{}.{} is only known when Terraform reads it",
                    attr(0).unwrap_or("?"),
                    attr(1).unwrap_or("?")
                ));
            }
            ("module", Some(name)) => {
                return Err(format!(
                    "output of module.{name} is only known when the module is applied"
                ));
            }
            ("each" | "count" | "self" | "path" | "terraform", _) => {
                return Err(format!(
                    "`{root}` is only known per instance or at run time"
                ));
            }
            (resource_type, Some(name)) => match attr(1) {
                // A resource's ID stands for the resource itself, so links
                // between resources follow it.
                Some("id") if operators.len() == 2 => {
                    let address = format!("{}{resource_type}.{name}", self.address_prefix);
                    return Ok(Value::Str(address));
                }
                Some(attribute) => {
                    return Err(format!(
                        "{resource_type}.{name}.{attribute} is computed when the resource is created"
                    ));
                }
                None => {
                    return Err(format!(
                        "{resource_type}.{name} is only known when the resource is created"
                    ));
                }
            },
            _ => return Err(format!("`{root}` is not a value")),
        };
        apply(self, value, &operators[used..], depth)
    }

    fn bound_value(&self, name: &str) -> Option<Value> {
        self.bound
            .borrow()
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    }

    /// `[for k, v in coll : value if cond]` and `{for k, v in coll : key => value}`.
    fn for_expr(&self, f: &ForExpr, depth: usize) -> Ev {
        if f.grouping {
            return Err("a grouping `for` expression (`...`) is not evaluated".into());
        }
        let elements: Vec<(Value, Value)> = match self.eval(&f.intro.collection_expr, depth)? {
            Value::Seq(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, n)| (Value::Int(i64::try_from(i).unwrap_or(i64::MAX)), n.value))
                .collect(),
            Value::Map(entries) => entries
                .into_iter()
                .map(|(k, n)| (Value::Str(k), n.value))
                .collect(),
            other => return Err(error(format!("`for` over {}", describe(&other)))),
        };
        let names: Vec<String> = f
            .intro
            .key_var
            .iter()
            .map(|k| k.as_str().to_string())
            .chain(std::iter::once(f.intro.value_var.as_str().to_string()))
            .collect();
        let mut list = Vec::new();
        let mut object = Vec::new();
        for (key, value) in elements {
            let values = if names.len() == 2 {
                vec![key, value]
            } else {
                vec![value]
            };
            let depth_before = self.bound.borrow().len();
            self.bound
                .borrow_mut()
                .extend(names.iter().cloned().zip(values));
            let result = self.for_element(f, depth, &mut list, &mut object);
            self.bound.borrow_mut().truncate(depth_before);
            result?;
        }
        Ok(if f.key_expr.is_some() {
            Value::Map(object)
        } else {
            Value::Seq(list)
        })
    }

    fn for_element(
        &self,
        f: &ForExpr,
        depth: usize,
        list: &mut Vec<Node>,
        object: &mut Vec<(String, Node)>,
    ) -> Result<(), String> {
        if let Some(cond) = &f.cond {
            match self.eval(&cond.expr, depth)? {
                Value::Bool(true) => {}
                Value::Bool(false) => return Ok(()),
                other => return Err(error(format!("`for` condition is {}", describe(&other)))),
            }
        }
        let value = Node::new(0, 0, unresolved_to_err(self.eval(&f.value_expr, depth)?)?);
        match &f.key_expr {
            Some(key) => {
                let key = text(&self.eval(key, depth)?)?;
                object.retain(|(k, _)| *k != key);
                object.push((key, value));
            }
            None => list.push(value),
        }
        Ok(())
    }

    fn local(&self, name: &str, depth: usize) -> Ev {
        if let Some(done) = self.cache.borrow().get(name) {
            return done.clone();
        }
        let Some(expr) = self.locals.get(name) else {
            return Err(format!("local \"{name}\" is not declared"));
        };
        if !self.evaluating.borrow_mut().insert(name.to_string()) {
            return Err(format!("local \"{name}\" refers to itself"));
        }
        let value = self.eval(expr, depth + 1);
        self.evaluating.borrow_mut().remove(name);
        self.cache
            .borrow_mut()
            .insert(name.to_string(), value.clone());
        value
    }
}

fn reposition(node: &mut Node, line: u32, col: u32) {
    node.line = line;
    node.col = col;
    match &mut node.value {
        Value::Seq(items) => items.iter_mut().for_each(|n| reposition(n, line, col)),
        Value::Map(entries) => entries
            .iter_mut()
            .for_each(|(_, n)| reposition(n, line, col)),
        _ => {}
    }
}

/// Marks what Terraform itself would reject (as opposed to what it only
/// learns while planning), which `try` and `can` catch.
const REJECTED: &str = "Terraform would reject this: ";

fn error(why: impl std::fmt::Display) -> String {
    format!("{REJECTED}{why}")
}

fn is_error(why: &str) -> bool {
    why.starts_with(REJECTED)
}

/// Applies index and attribute operators to a known value.
fn apply(
    scope: &Scope,
    mut value: Value,
    operators: &[hcl_edit::Decorated<TraversalOperator>],
    depth: usize,
) -> Ev {
    for op in operators {
        value = match (op.value(), value) {
            (TraversalOperator::GetAttr(key), Value::Map(entries)) => {
                member(entries, key.as_str())?
            }
            (TraversalOperator::Index(index), v) => match (v, scope.eval(index, depth + 1)?) {
                (Value::Seq(items), Value::Int(i)) => element(items, i)?,
                (Value::Map(entries), Value::Str(key)) => member(entries, &key)?,
                _ => return Err(error("unsupported index")),
            },
            (TraversalOperator::LegacyIndex(i), Value::Seq(items)) => {
                element(items, i64::try_from(*i.value()).unwrap_or(i64::MAX))?
            }
            (TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_), _) => {
                return Err("a splat expression is not evaluated".into());
            }
            (_, other) => return Err(error(format!("cannot index {}", describe(&other)))),
        };
    }
    Ok(value)
}

fn member(entries: Vec<(String, Node)>, key: &str) -> Ev {
    entries
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, n)| unresolved_to_err(n.value))
        .ok_or_else(|| error(format!("no attribute \"{key}\"")))?
}

fn element(items: Vec<Node>, index: i64) -> Ev {
    usize::try_from(index)
        .ok()
        .and_then(|i| items.into_iter().nth(i))
        .map(|n| unresolved_to_err(n.value))
        .ok_or_else(|| error(format!("index {index} out of range")))?
}

fn unresolved_to_err(value: Value) -> Ev {
    match value {
        Value::Unresolved(reason) => Err(reason),
        v => Ok(v),
    }
}

fn binary(op: BinaryOperator, lhs: &Value, rhs: &Value) -> Ev {
    use BinaryOperator as B;
    let number = |v: &Value| match v {
        Value::Int(i) => Some(*i as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    };
    match (op, lhs, rhs) {
        (B::Eq, a, b) => Ok(Value::Bool(same(a, b))),
        (B::NotEq, a, b) => Ok(Value::Bool(!same(a, b))),
        (B::And, Value::Bool(a), Value::Bool(b)) => Ok(Value::Bool(*a && *b)),
        (B::Or, Value::Bool(a), Value::Bool(b)) => Ok(Value::Bool(*a || *b)),
        (B::Plus | B::Minus | B::Mul, Value::Int(a), Value::Int(b)) => {
            let result = match op {
                B::Plus => a.checked_add(*b),
                B::Minus => a.checked_sub(*b),
                _ => a.checked_mul(*b),
            };
            result
                .map(Value::Int)
                .ok_or_else(|| error("integer overflow"))
        }
        (B::Less | B::LessEq | B::Greater | B::GreaterEq, a, b) => match (number(a), number(b)) {
            (Some(a), Some(b)) => Ok(Value::Bool(match op {
                B::Less => a < b,
                B::LessEq => a <= b,
                B::Greater => a > b,
                _ => a >= b,
            })),
            _ => Err(error(format!("cannot compare with {}", op.as_str()))),
        },
        _ => Err(format!("operator {} is not evaluated here", op.as_str())),
    }
}

/// Terraform compares numbers by value and everything else structurally.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Int(x), Value::Float(y)) | (Value::Float(y), Value::Int(x)) => *x as f64 == *y,
        (Value::Seq(x), Value::Seq(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(&p.value, &q.value))
        }
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.iter().any(|(l, w)| k == l && same(&v.value, &w.value)))
        }
        _ => a == b,
    }
}

/// The pure functions configurations use around security settings.
fn function(name: &str, args: &[Value]) -> Ev {
    match (name, args) {
        ("lower", [v]) => text(v).map(|s| Value::Str(s.to_lowercase())),
        ("upper", [v]) => text(v).map(|s| Value::Str(s.to_uppercase())),
        ("tostring", [v]) => text(v).map(Value::Str),
        ("tobool", [Value::Bool(b)]) => Ok(Value::Bool(*b)),
        ("tobool", [Value::Str(s)]) if s == "true" || s == "false" => Ok(Value::Bool(s == "true")),
        ("tonumber", [Value::Int(i)]) => Ok(Value::Int(*i)),
        ("tonumber", [Value::Str(s)]) => s
            .parse()
            .map(Value::Int)
            .map_err(|_| "tonumber() of a string that is not a number".to_string()),
        ("tolist" | "toset", [Value::Seq(items)]) => Ok(Value::Seq(items.clone())),
        ("concat", _) => {
            let mut out = Vec::new();
            for arg in args {
                match arg {
                    Value::Seq(items) => out.extend(items.iter().cloned()),
                    other => return Err(error(format!("concat() of {}", describe(other)))),
                }
            }
            Ok(Value::Seq(out))
        }
        ("merge", _) => {
            let mut out: Vec<(String, Node)> = Vec::new();
            for arg in args {
                let Value::Map(entries) = arg else {
                    return Err(error(format!("merge() of {}", describe(arg))));
                };
                for (k, v) in entries {
                    out.retain(|(existing, _)| existing != k);
                    out.push((k.clone(), v.clone()));
                }
            }
            Ok(Value::Map(out))
        }
        ("coalesce", _) => args
            .iter()
            .find(|a| !matches!(a, Value::Null) && *a != &Value::Str(String::new()))
            .cloned()
            .ok_or_else(|| error("coalesce() of only empty values")),
        ("length", [Value::Seq(items)]) => Ok(Value::Int(items.len() as i64)),
        ("length", [Value::Map(entries)]) => Ok(Value::Int(entries.len() as i64)),
        ("length", [Value::Str(s)]) => Ok(Value::Int(s.chars().count() as i64)),
        ("contains", [Value::Seq(items), v]) => {
            Ok(Value::Bool(items.iter().any(|i| same(&i.value, v))))
        }
        ("join", [Value::Str(sep), Value::Seq(items)]) => items
            .iter()
            .map(|i| text(&i.value))
            .collect::<Result<Vec<_>, _>>()
            .map(|parts| Value::Str(parts.join(sep))),
        ("format", [Value::Str(fmt), rest @ ..]) => format(fmt, rest).map(Value::Str),
        // A `/pattern/` is a regular expression, which is not evaluated.
        ("replace", [Value::Str(s), Value::Str(from), Value::Str(to)])
            if !(from.len() > 1 && from.starts_with('/') && from.ends_with('/')) =>
        {
            Ok(Value::Str(s.replace(from.as_str(), to)))
        }
        ("lookup", [Value::Map(entries), Value::Str(key), rest @ ..]) if rest.len() <= 1 => {
            match entries.iter().find(|(k, _)| k == key) {
                Some((_, v)) => unresolved_to_err(v.value.clone()),
                None => rest
                    .first()
                    .cloned()
                    .ok_or_else(|| error(format!("lookup() of missing key \"{key}\""))),
            }
        }
        _ => Err(format!("{name}() is not evaluated statically")),
    }
}

/// `format()` with `%s`, `%d`, `%v` and `%%`.
fn format(fmt: &str, args: &[Value]) -> Result<String, String> {
    let mut out = String::new();
    let mut args = args.iter();
    let mut chars = fmt.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('%') => out.push('%'),
            Some('s' | 'd' | 'v') => {
                let arg = args
                    .next()
                    .ok_or_else(|| error("format() has too few arguments"))?;
                out.push_str(&text(arg)?);
            }
            other => return Err(error(format!("format verb %{}", other.unwrap_or(' ')))),
        }
    }
    Ok(out)
}

pub fn text(value: &Value) -> Result<String, String> {
    match value {
        Value::Str(s) => Ok(s.clone()),
        Value::Int(i) => Ok(i.to_string()),
        Value::Float(f) => Ok(f.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Unresolved(reason) => Err(reason.clone()),
        other => Err(error(format!("{} is not text", describe(other)))),
    }
}

fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Int(_) | Value::Float(_) => "a number",
        Value::Str(_) => "a string",
        Value::Seq(_) => "a list",
        Value::Map(_) => "an object",
        Value::Unresolved(_) => "an unknown value",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval_with(vars: &[(&str, Binding)], locals_src: &[(&str, &str)], src: &str) -> Ev {
        let variables: HashMap<String, Binding> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        let parsed: Vec<(String, Expression)> = locals_src
            .iter()
            .map(|(k, e)| (k.to_string(), hcl_edit::parser::parse_expr(e).unwrap()))
            .collect();
        let locals: HashMap<String, &Expression> =
            parsed.iter().map(|(k, e)| (k.clone(), e)).collect();
        let lines = LineIndex::new(src);
        let expr = hcl_edit::parser::parse_expr(src).unwrap();
        Scope::new(&variables, &locals, "module.aks.", &lines).eval(&expr, 0)
    }

    fn eval(src: &str) -> Ev {
        eval_with(&[("on", Ok(Value::Bool(true)))], &[], src)
    }

    #[test]
    fn conditionals_and_negation_evaluate_as_terraform_does() {
        // Checkov mis-evaluates the first form (checkov.md §5).
        assert_eq!(eval("!var.on ? false : true"), Ok(Value::Bool(true)));
        assert_eq!(eval("var.on ? \"a\" : \"b\""), Ok(Value::Str("a".into())));
        assert_eq!(eval("var.on && !false"), Ok(Value::Bool(true)));
        assert_eq!(eval("1 + 2 == 3"), Ok(Value::Bool(true)));
        assert_eq!(eval("2 >= 3"), Ok(Value::Bool(false)));
    }

    #[test]
    fn templates_locals_and_functions() {
        let v = eval_with(
            &[("env", Ok(Value::Str("prod".into())))],
            &[
                ("name", "\"aks-${var.env}\""),
                ("upper", "upper(local.name)"),
            ],
            "\"${local.upper}-01\"",
        );
        assert_eq!(v, Ok(Value::Str("AKS-PROD-01".into())));
        assert_eq!(
            eval("format(\"%s/%d\", \"a\", 2)"),
            Ok(Value::Str("a/2".into()))
        );
        assert_eq!(eval("length(concat([1], [2, 3]))"), Ok(Value::Int(3)));
        assert_eq!(eval("merge({a = 1}, {a = 2}).a"), Ok(Value::Int(2)));
        assert_eq!(eval("contains([\"x\"], \"x\")"), Ok(Value::Bool(true)));
        assert_eq!(
            eval("coalesce(null, \"\", \"z\")"),
            Ok(Value::Str("z".into()))
        );
    }

    #[test]
    fn what_terraform_learns_later_is_unresolved_with_its_name() {
        let no_default = Err("variable \"private\" has no default".to_string());
        let unknown = eval_with(&[("private", no_default)], &[], "var.private ? 1 : 0");
        assert!(unknown.unwrap_err().contains("\"private\""));
        assert!(
            eval("data.azurerm_client_config.current.tenant_id")
                .unwrap_err()
                .contains("data source")
        );
        assert!(
            eval("module.net.subnet_id")
                .unwrap_err()
                .contains("module.net")
        );
        assert!(
            eval("azurerm_firewall.hub.ip_configuration[0].private_ip_address")
                .unwrap_err()
                .contains("computed")
        );
        assert!(
            eval("[for s in var.on : s]").is_err(),
            "var.on is no collection"
        );
        assert!(eval("timestamp()").unwrap_err().contains("timestamp()"));
        let cycle = eval_with(&[], &[("a", "local.b"), ("b", "local.a")], "local.a");
        assert!(cycle.unwrap_err().contains("refers to itself"));
    }

    #[test]
    fn for_expressions_build_lists_and_objects() {
        let list = |items: &[i64]| {
            Value::Seq(
                items
                    .iter()
                    .map(|i| Node::new(0, 0, Value::Int(*i)))
                    .collect(),
            )
        };
        assert_eq!(
            eval("[for x in [1, 2, 3] : x * 2 if x != 2]"),
            Ok(list(&[2, 6]))
        );
        let object = eval("{for k, v in {a = 1, b = 2} : upper(k) => v if v > 1}").unwrap();
        let Value::Map(entries) = object else {
            panic!("{object:?}")
        };
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].0, "B");
        assert_eq!(eval("[for i, x in [\"a\", \"b\"] : i]"), Ok(list(&[0, 1])));
        let unknown = eval_with(
            &[(
                "l",
                Ok(Value::Seq(vec![Node::new(
                    0,
                    0,
                    Value::Unresolved("computed".into()),
                )])),
            )],
            &[],
            "[for x in var.l : x.id]",
        );
        assert_eq!(unknown, Err("computed".into()));
    }

    #[test]
    fn try_and_can_catch_errors_but_not_what_is_only_known_later() {
        let vars = [
            ("gateway", Ok(Value::Null)),
            (
                "later",
                Err("variable \"later\" has no default".to_string()),
            ),
        ];
        let eval = |src| eval_with(&vars, &[], src);
        assert_eq!(
            eval("try(var.gateway.id, \"none\")"),
            Ok(Value::Str("none".into()))
        );
        assert_eq!(eval("can(var.gateway.id)"), Ok(Value::Bool(false)));
        assert_eq!(eval("can(\"x\")"), Ok(Value::Bool(true)));
        assert!(
            eval("try(var.later.id, \"none\")")
                .unwrap_err()
                .contains("\"later\"")
        );
        assert!(eval("can(var.later)").is_err());
        assert!(
            eval("try(var.gateway.id)")
                .unwrap_err()
                .starts_with(REJECTED)
        );
    }

    #[test]
    fn a_resource_id_reference_names_the_resource() {
        assert_eq!(
            eval("azurerm_subnet.nodes.id"),
            Ok(Value::Str("module.aks.azurerm_subnet.nodes".into()))
        );
    }
}
