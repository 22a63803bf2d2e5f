//! Bicep expressions evaluated as far as the file decides them, with the
//! function library ARM templates use ([`functions`]) plus what only Bicep
//! has: lambdas for `map`, `filter`, `reduce` and `toObject`, `??`, safe
//! access, and references to resources and modules by symbolic name.
//! What only deployment knows — `resourceGroup()`, `subscription()`,
//! `uniqueString()`, module outputs, a deployed resource's properties, a
//! parameter nobody passed — is an error naming it, which becomes
//! [`Value::Unresolved`], so rules that read it say `unknown`.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use super::syntax::{BinaryOp, Decl, DeclKind, Expr, ExprKind, Item, Part, Prop};
use crate::load::functions::{self, same, text};
use crate::load::tree::{Node, Value, within_budget};
use crate::model::provider_path;

pub type Ev = Result<Value, String>;

/// What a deployment passes for a parameter: the value where it was set,
/// or why it is not known.
pub type Passed = Result<Node, String>;

/// Evaluations nest at most this deep (a variable using a variable…).
const MAX_DEPTH: usize = 64;

/// A resource's or module's symbolic name, for references to it.
#[derive(Debug, Clone)]
pub struct Symbol {
    /// The full ARM type, without the API version.
    pub arm_type: String,
    /// The evaluated name, or why it is not known.
    pub name: Result<String, String>,
    pub module: bool,
}

/// The names one Bicep file's expressions see.
pub struct Env<'d> {
    params: HashMap<&'d str, &'d Decl>,
    vars: HashMap<&'d str, &'d Expr>,
    /// What the deployment passes (a module call, a `.bicepparam`); `None`
    /// for a file scanned on its own.
    passed: Option<HashMap<String, Passed>>,
    pub symbols: RefCell<HashMap<String, Symbol>>,
    cache: RefCell<HashMap<String, Ev>>,
    evaluating: RefCell<HashSet<String>>,
    /// Loop items and lambda parameters, innermost last.
    bound: RefCell<Vec<(String, Value)>>,
}

impl<'d> Env<'d> {
    pub fn new(decls: &'d [Decl], passed: Option<HashMap<String, Passed>>) -> Self {
        let mut params = HashMap::new();
        let mut vars = HashMap::new();
        for decl in decls {
            match &decl.kind {
                DeclKind::Param { name, .. } => {
                    params.insert(name.as_str(), decl);
                }
                DeclKind::Var { name, value } => {
                    vars.insert(name.as_str(), value);
                }
                _ => {}
            }
        }
        Env {
            params,
            vars,
            passed,
            symbols: RefCell::default(),
            cache: RefCell::default(),
            evaluating: RefCell::default(),
            bound: RefCell::default(),
        }
    }

    /// Runs `f` with `names` bound to `values`.
    pub fn with_bound<T>(&self, names: &[(&str, Value)], f: impl FnOnce() -> T) -> T {
        let before = self.bound.borrow().len();
        self.bound
            .borrow_mut()
            .extend(names.iter().map(|(n, v)| ((*n).to_string(), v.clone())));
        let result = f();
        self.bound.borrow_mut().truncate(before);
        result
    }

    /// The expression as a positioned node: objects and arrays keep each
    /// property's and item's place; what cannot be evaluated is an
    /// unresolved node at the expression.
    pub fn node(&self, expr: &Expr) -> Node {
        self.node_at(expr, 0)
    }

    fn node_at(&self, expr: &Expr, depth: usize) -> Node {
        let at = |value| Node::new(expr.line, expr.col, value);
        if depth > MAX_DEPTH {
            return at(Value::Unresolved("expression nested too deeply".into()));
        }
        match &expr.kind {
            ExprKind::Object(props) => {
                let mut entries: Vec<(String, Node)> = Vec::new();
                for prop in props {
                    match prop {
                        Prop::Field {
                            key,
                            line,
                            col,
                            value,
                        } => {
                            let mut node = self.node_at(value, depth + 1);
                            // A mapping value sits at its key, unless it was
                            // written in another file (a parameter file).
                            if node.origin.is_none() {
                                (node.line, node.col) = (*line, *col);
                            }
                            set(&mut entries, key, node);
                        }
                        Prop::Spread(source) => match self.eval(source, depth + 1) {
                            Ok(Value::Map(more)) => {
                                for (k, v) in more {
                                    set(&mut entries, &k, v);
                                }
                            }
                            Ok(Value::Null) => {}
                            Ok(_) => {
                                return at(Value::Unresolved(
                                    "a spread (`...`) of a value that is not an object".into(),
                                ));
                            }
                            Err(reason) => return at(Value::Unresolved(reason)),
                        },
                        Prop::Computed { key, value } => match self.eval(key, depth + 1) {
                            Ok(Value::Str(text)) => {
                                let node = self.node_at(value, depth + 1);
                                set(&mut entries, &text, node);
                            }
                            Ok(_) => {
                                return at(Value::Unresolved("a key that is not a string".into()));
                            }
                            Err(reason) => return at(Value::Unresolved(reason)),
                        },
                        Prop::Resource(_) => {}
                    }
                }
                at(Value::Map(entries))
            }
            ExprKind::Array(items) => {
                let mut nodes = Vec::new();
                for item in items {
                    match item {
                        Item::Value(value) => nodes.push(self.node_at(value, depth + 1)),
                        Item::Spread(source) => match self.eval(source, depth + 1) {
                            Ok(Value::Seq(more)) => nodes.extend(more),
                            Ok(_) => {
                                return at(Value::Unresolved(
                                    "a spread (`...`) of a value that is not an array".into(),
                                ));
                            }
                            Err(reason) => return at(Value::Unresolved(reason)),
                        },
                    }
                }
                at(Value::Seq(nodes))
            }
            ExprKind::Ident(name) if self.is_passed_as_is(name) => match self.passed_value(name) {
                Some(Ok(node)) => node.clone(),
                _ => at(Value::Unresolved(format!(
                    "parameter '{name}' is not known"
                ))),
            },
            ExprKind::Ternary(condition, yes, no) => match self.eval(condition, depth + 1) {
                Ok(Value::Bool(true)) => self.node_at(yes, depth + 1),
                Ok(Value::Bool(false)) => self.node_at(no, depth + 1),
                Ok(_) => at(Value::Unresolved(
                    "a condition that is not a boolean".into(),
                )),
                Err(reason) => at(Value::Unresolved(reason)),
            },
            _ => match self.eval(expr, depth) {
                Ok(value) => at(value),
                Err(reason) => at(Value::Unresolved(reason)),
            },
        }
    }

    /// Whether `name` is a parameter the deployment passes that a reference
    /// should point at where it was set (not a secure one).
    fn is_passed_as_is(&self, name: &str) -> bool {
        !self.is_bound(name)
            && self
                .params
                .get(name)
                .is_some_and(|d| !matches!(d.kind, DeclKind::Param { secure: true, .. }))
            && matches!(self.passed_value(name), Some(Ok(_)))
    }

    fn is_bound(&self, name: &str) -> bool {
        self.bound.borrow().iter().any(|(n, _)| n == name)
    }

    fn passed_value(&self, name: &str) -> Option<&Passed> {
        self.passed.as_ref().and_then(|p| p.get(name))
    }

    pub fn eval(&self, expr: &Expr, depth: usize) -> Ev {
        if depth > MAX_DEPTH {
            return Err("expression nested too deeply".into());
        }
        within_budget(self.eval_unbounded(expr, depth + 1)?)
    }

    fn eval_unbounded(&self, expr: &Expr, d: usize) -> Ev {
        match &expr.kind {
            ExprKind::Null => Ok(Value::Null),
            ExprKind::Bool(b) => Ok(Value::Bool(*b)),
            ExprKind::Int(i) => Ok(Value::Int(*i)),
            ExprKind::Str(parts) => {
                let mut out = String::new();
                for part in parts {
                    match part {
                        Part::Text(t) => out.push_str(t),
                        Part::Expr(e) => out.push_str(&text(&self.eval(e, d)?)?),
                    }
                }
                Ok(Value::Str(out))
            }
            ExprKind::Object(_) | ExprKind::Array(_) => {
                unresolved_to_err(self.node_at(expr, d).value)
            }
            ExprKind::Ident(name) => self.name(name, d),
            ExprKind::For {
                item,
                index,
                source,
                body,
            } => {
                let items = match self.eval(source, d)? {
                    Value::Seq(items) => items,
                    _ => return Err("a loop over a value that is not an array".into()),
                };
                let mut out = Vec::new();
                for (i, element) in items.into_iter().enumerate() {
                    let mut names = vec![(item.as_str(), element.value)];
                    if let Some(index) = index {
                        names.push((index.as_str(), Value::Int(i64::try_from(i).unwrap_or(0))));
                    }
                    let produced = self.with_bound(&names, || match &body.kind {
                        ExprKind::If { condition, body } => match self.eval(condition, d)? {
                            Value::Bool(true) => Ok(Some(self.node_at(body, d))),
                            Value::Bool(false) => Ok(None),
                            _ => Err("a loop filter that is not a boolean".to_string()),
                        },
                        _ => Ok(Some(self.node_at(body, d))),
                    })?;
                    out.extend(produced);
                }
                Ok(Value::Seq(out))
            }
            ExprKind::If { .. } => Err("`if` outside a resource, module or loop".into()),
            ExprKind::Call { name, args } => self.call(name, args, d),
            ExprKind::Member { base, name, safe } => {
                if let Some(value) = self.symbol_member(base, name)? {
                    return Ok(value);
                }
                match self.eval(base, d)? {
                    Value::Null if *safe => Ok(Value::Null),
                    Value::Map(entries) => {
                        match entries.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)) {
                            Some((_, v)) => unresolved_to_err(v.value.clone()),
                            None if *safe => Ok(Value::Null),
                            None => Err(format!("no property '{name}'")),
                        }
                    }
                    _ if *safe => Ok(Value::Null),
                    _ => Err(format!("'.{name}' on a value that is not an object")),
                }
            }
            ExprKind::Index { base, index, safe } => {
                let base = self.eval(base, d)?;
                let index = self.eval(index, d)?;
                let found = match (&base, &index) {
                    (Value::Seq(items), Value::Int(i)) => usize::try_from(*i)
                        .ok()
                        .and_then(|i| items.get(i))
                        .map(|n| n.value.clone()),
                    (Value::Map(entries), Value::Str(key)) => entries
                        .iter()
                        .find(|(k, _)| k.eq_ignore_ascii_case(key))
                        .map(|(_, v)| v.value.clone()),
                    (Value::Null, _) if *safe => None,
                    _ => return Err("an index into a value that is not a list or object".into()),
                };
                match found {
                    Some(value) => unresolved_to_err(value),
                    None if *safe => Ok(Value::Null),
                    None => Err("an index out of range".into()),
                }
            }
            ExprKind::Child { base, name } => {
                let parent = match &base.kind {
                    ExprKind::Ident(parent) => parent.clone(),
                    _ => return Err("`::` after something that is not a resource".into()),
                };
                Err(format!(
                    "resource {parent}::{name} is only known once deployed"
                ))
            }
            ExprKind::NonNull(inner) => self.eval(inner, d),
            ExprKind::Not(inner) => match self.eval(inner, d)? {
                Value::Bool(b) => Ok(Value::Bool(!b)),
                _ => Err("`!` on a value that is not a boolean".into()),
            },
            ExprKind::Negate(inner) => match self.eval(inner, d)? {
                Value::Int(i) => Ok(Value::Int(i.saturating_neg())),
                _ => Err("`-` on a value that is not a number".into()),
            },
            ExprKind::Ternary(condition, yes, no) => match self.eval(condition, d)? {
                Value::Bool(true) => self.eval(yes, d),
                Value::Bool(false) => self.eval(no, d),
                _ => Err("a condition that is not a boolean".into()),
            },
            ExprKind::Binary(op, left, right) => self.binary(*op, left, right, d),
            ExprKind::Lambda(..) => Err("a lambda outside map, filter, reduce or toObject".into()),
        }
    }

    fn binary(&self, op: BinaryOp, left: &Expr, right: &Expr, d: usize) -> Ev {
        // `??` and the logical operators look at the right only when needed.
        match op {
            BinaryOp::Coalesce => {
                return match self.eval(left, d)? {
                    Value::Null => self.eval(right, d),
                    value => Ok(value),
                };
            }
            BinaryOp::And | BinaryOp::Or => {
                let stop = op == BinaryOp::Or;
                return match self.eval(left, d)? {
                    Value::Bool(b) if b == stop => Ok(Value::Bool(b)),
                    Value::Bool(_) => match self.eval(right, d)? {
                        Value::Bool(b) => Ok(Value::Bool(b)),
                        _ => Err("a logical operator on a value that is not a boolean".into()),
                    },
                    _ => Err("a logical operator on a value that is not a boolean".into()),
                };
            }
            _ => {}
        }
        let (a, b) = (self.eval(left, d)?, self.eval(right, d)?);
        let name = match op {
            BinaryOp::Equal => return Ok(Value::Bool(same(&a, &b))),
            BinaryOp::NotEqual => return Ok(Value::Bool(!same(&a, &b))),
            BinaryOp::EqualIgnoringCase | BinaryOp::NotEqualIgnoringCase => {
                let equal = match (&a, &b) {
                    (Value::Str(x), Value::Str(y)) => x.eq_ignore_ascii_case(y),
                    _ => same(&a, &b),
                };
                return Ok(Value::Bool(equal == (op == BinaryOp::EqualIgnoringCase)));
            }
            BinaryOp::Less => "less",
            BinaryOp::LessOrEqual => "lessOrEquals",
            BinaryOp::Greater => "greater",
            BinaryOp::GreaterOrEqual => "greaterOrEquals",
            BinaryOp::Add
            | BinaryOp::Subtract
            | BinaryOp::Multiply
            | BinaryOp::Divide
            | BinaryOp::Modulo => {
                let (Value::Int(x), Value::Int(y)) = (&a, &b) else {
                    return Err("arithmetic on values that are not numbers".into());
                };
                let result = match op {
                    BinaryOp::Add => x.checked_add(*y),
                    BinaryOp::Subtract => x.checked_sub(*y),
                    BinaryOp::Multiply => x.checked_mul(*y),
                    BinaryOp::Divide => x.checked_div(*y),
                    _ => x.checked_rem(*y),
                };
                return result
                    .map(Value::Int)
                    .ok_or_else(|| "arithmetic overflow or division by zero".to_string());
            }
            BinaryOp::Coalesce | BinaryOp::And | BinaryOp::Or => unreachable!("handled above"),
        };
        functions::call(name, vec![a, b])
    }

    /// A name: a loop item or lambda parameter, a parameter, a variable.
    fn name(&self, name: &str, d: usize) -> Ev {
        let bound = self
            .bound
            .borrow()
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone());
        if let Some(value) = bound {
            return unresolved_to_err(value);
        }
        if let Some(known) = self.cache.borrow().get(name) {
            return known.clone();
        }
        if !self.evaluating.borrow_mut().insert(name.to_string()) {
            return Err(format!("'{name}' refers to itself"));
        }
        let value = if let Some(decl) = self.params.get(name) {
            self.param(name, decl, d)
        } else if let Some(expr) = self.vars.get(name) {
            self.eval(expr, d)
        } else if let Some(symbol) = self.symbols.borrow().get(name) {
            Err(if symbol.module {
                format!("module {name} is only known once deployed")
            } else {
                format!("resource {name} is only known once deployed")
            })
        } else {
            Err(format!("'{name}' is not declared"))
        };
        self.evaluating.borrow_mut().remove(name);
        self.cache
            .borrow_mut()
            .insert(name.to_string(), value.clone());
        value
    }

    fn param(&self, name: &str, decl: &Decl, d: usize) -> Ev {
        let DeclKind::Param {
            default,
            secure,
            nullable,
            ..
        } = &decl.kind
        else {
            unreachable!("only params are looked up here")
        };
        if *secure {
            // What a rule would say of it could print it.
            return Err(format!(
                "parameter '{name}' is @secure(): chanto does not read its value"
            ));
        }
        if let Some(passed) = self.passed_value(name) {
            return passed
                .as_ref()
                .map(|node| node.value.clone())
                .map_err(Clone::clone)
                .and_then(unresolved_to_err);
        }
        match (default, &self.passed) {
            (Some(default), _) => self.eval(default, d),
            // The deployment passed what it passes; this one is null.
            (None, Some(_)) if *nullable => Ok(Value::Null),
            (None, Some(_)) => Err(format!(
                "parameter '{name}' is not passed and has no default value"
            )),
            (None, None) if *nullable => Err(format!(
                "parameter '{name}' is optional and has no default: its value is whatever the deployment passes"
            )),
            (None, None) => Err(format!("parameter '{name}' has no default value")),
        }
    }

    /// `x.id`, `x.name`, `x.type` of a resource, and `m.outputs.y` of a
    /// module; `None` when `base` is not a symbol.
    fn symbol_member(&self, base: &Expr, member: &str) -> Result<Option<Value>, String> {
        let (symbol_name, outputs) = match &base.kind {
            ExprKind::Ident(name) if !self.is_bound(name) => (name.as_str(), false),
            // `parent::child.id`: the nested resource, by its own name.
            ExprKind::Child { name, .. } => (name.as_str(), false),
            ExprKind::Member { base, name, .. } if name == "outputs" => match &base.kind {
                ExprKind::Ident(module) => (module.as_str(), true),
                _ => return Ok(None),
            },
            _ => return Ok(None),
        };
        if self.params.contains_key(symbol_name) || self.vars.contains_key(symbol_name) {
            return Ok(None);
        }
        let Some(symbol) = self.symbols.borrow().get(symbol_name).cloned() else {
            return Ok(None);
        };
        if symbol.module || outputs {
            return Err(format!(
                "output of module {symbol_name} is only known once deployed"
            ));
        }
        match member {
            "name" => symbol.name.map(|n| Some(Value::Str(n))),
            "type" => Ok(Some(Value::Str(symbol.arm_type.clone()))),
            // A resource ID stands for the resource, so links between
            // resources follow it, as in ARM templates.
            "id" => symbol.name.map(|n| {
                Some(Value::Str(format!(
                    "/subscriptions/(deployment subscription)/resourceGroups/(deployment resource group){}",
                    provider_path(&symbol.arm_type, &[n.as_str()])
                )))
            }),
            other => Err(format!(
                "{symbol_name}.{other} is only known once the resource is deployed"
            )),
        }
    }

    fn call(&self, name: &str, args: &[Expr], d: usize) -> Ev {
        let lambda = |i: usize| match args.get(i).map(|a| &a.kind) {
            Some(ExprKind::Lambda(params, body)) => Ok((params.as_slice(), body.as_ref())),
            _ => Err(format!("{name}() expects a lambda")),
        };
        let apply = |(params, body): (&[String], &Expr), values: Vec<Value>| {
            let names: Vec<(&str, Value)> = params.iter().map(String::as_str).zip(values).collect();
            self.with_bound(&names, || self.eval(body, d))
        };
        let list = |i: usize| -> Result<Vec<Node>, String> {
            match args.get(i).map(|a| self.eval(a, d)).transpose()? {
                Some(Value::Seq(items)) => Ok(items),
                _ => Err(format!("{name}() expects an array")),
            }
        };
        match name.to_ascii_lowercase().as_str() {
            "map" => {
                let f = lambda(1)?;
                let items = list(0)?;
                let mut out = Vec::new();
                for (i, item) in items.into_iter().enumerate() {
                    let index = Value::Int(i64::try_from(i).unwrap_or(0));
                    let value = apply(f, vec![item.value, index])?;
                    out.push(Node::new(item.line, item.col, value));
                }
                Ok(Value::Seq(out))
            }
            "filter" => {
                let f = lambda(1)?;
                let mut out = Vec::new();
                for (i, item) in list(0)?.into_iter().enumerate() {
                    let index = Value::Int(i64::try_from(i).unwrap_or(0));
                    match apply(f, vec![item.value.clone(), index])? {
                        Value::Bool(true) => out.push(item),
                        Value::Bool(false) => {}
                        _ => return Err("filter() with a lambda that is not a condition".into()),
                    }
                }
                Ok(Value::Seq(out))
            }
            "reduce" => {
                let f = lambda(2)?;
                let mut acc = match args.get(1) {
                    Some(initial) => self.eval(initial, d)?,
                    None => return Err("reduce() expects an initial value".into()),
                };
                for (i, item) in list(0)?.into_iter().enumerate() {
                    let index = Value::Int(i64::try_from(i).unwrap_or(0));
                    acc = apply(f, vec![acc, item.value, index])?;
                }
                Ok(acc)
            }
            "toobject" => {
                let key = lambda(1)?;
                let value = args.get(2).map(|_| lambda(2)).transpose()?;
                let mut entries: Vec<(String, Node)> = Vec::new();
                for item in list(0)? {
                    let k = text(&apply(key, vec![item.value.clone()])?)?;
                    let v = match value {
                        Some(f) => apply(f, vec![item.value.clone()])?,
                        None => item.value.clone(),
                    };
                    set(&mut entries, &k, Node::new(item.line, item.col, v));
                }
                Ok(Value::Map(entries))
            }
            "any" => match args {
                [value] => self.eval(value, d),
                _ => Err("any() takes one value".into()),
            },
            _ => {
                let values = args
                    .iter()
                    .map(|a| self.eval(a, d))
                    .collect::<Result<Vec<_>, _>>()?;
                functions::call(name, values)
            }
        }
    }
}

/// Sets `key` in a list of entries, replacing one already there.
pub(super) fn set(entries: &mut Vec<(String, Node)>, key: &str, node: Node) {
    match entries
        .iter_mut()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
    {
        Some((_, existing)) => *existing = node,
        None => entries.push((key.to_string(), node)),
    }
}

fn unresolved_to_err(value: Value) -> Ev {
    match value {
        Value::Unresolved(reason) => Err(reason),
        value => Ok(value),
    }
}
