//! The template functions a deployment evaluates without Azure: string,
//! array, object, logical and comparison functions over known values. One
//! library for every reader of Azure templates; a function that needs the
//! deployment (`reference`, `resourceGroup`, `uniqueString`, `utcNow`, …)
//! is an error naming it, which readers turn into `unknown`.
//!
//! Names match case-insensitively, as ARM's do.

use super::tree::{Node, Value};

type Ev = Result<Value, String>;

/// Calls the pure function `name` on evaluated arguments.
pub fn call(name: &str, args: Vec<Value>) -> Ev {
    let f = name.to_ascii_lowercase();
    match (f.as_str(), args.as_slice()) {
        ("concat", _) if args.iter().all(|a| matches!(a, Value::Seq(_))) => Ok(Value::Seq(
            args.into_iter()
                .flat_map(|a| match a {
                    Value::Seq(items) => items,
                    _ => Vec::new(),
                })
                .collect(),
        )),
        ("concat", _) => args
            .iter()
            .map(text)
            .collect::<Result<String, _>>()
            .map(Value::Str),
        ("format", [Value::Str(fmt), rest @ ..]) => {
            let mut out = fmt.clone();
            for (i, arg) in rest.iter().enumerate() {
                out = out.replace(&format!("{{{i}}}"), &text(arg)?);
            }
            Ok(Value::Str(out))
        }
        ("tolower", [Value::Str(s)]) => Ok(Value::Str(s.to_lowercase())),
        ("toupper", [Value::Str(s)]) => Ok(Value::Str(s.to_uppercase())),
        ("trim", [Value::Str(s)]) => Ok(Value::Str(s.trim().to_string())),
        ("string", [v]) => text(v).map(Value::Str),
        ("bool", [Value::Bool(b)]) => Ok(Value::Bool(*b)),
        ("bool", [Value::Str(s)]) => super::tree::parse_bool(s)
            .map(Value::Bool)
            .ok_or_else(|| "bool() of a string that is not a boolean".to_string()),
        ("int", [Value::Int(i)]) => Ok(Value::Int(*i)),
        ("int", [Value::Str(s)]) => s
            .parse()
            .map(Value::Int)
            .map_err(|_| "int() of a string that is not a number".to_string()),
        ("if", [Value::Bool(c), a, b]) => Ok(if *c { a.clone() } else { b.clone() }),
        ("equals", [a, b]) => Ok(Value::Bool(same(a, b))),
        ("not", [Value::Bool(b)]) => Ok(Value::Bool(!b)),
        ("and" | "or", _) => {
            let bools: Option<Vec<bool>> = args
                .iter()
                .map(|a| match a {
                    Value::Bool(b) => Some(*b),
                    _ => None,
                })
                .collect();
            let bools = bools.ok_or_else(|| format!("{name}() needs booleans"))?;
            Ok(Value::Bool(if f == "and" {
                bools.iter().all(|b| *b)
            } else {
                bools.iter().any(|b| *b)
            }))
        }
        ("greater" | "less" | "greaterorequals" | "lessorequals", [a, b]) => {
            let order = match (a, b) {
                (Value::Int(x), Value::Int(y)) => x.cmp(y),
                (Value::Str(x), Value::Str(y)) => x.cmp(y),
                _ => return Err(format!("{name}() compares numbers or strings")),
            };
            Ok(Value::Bool(match f.as_str() {
                "greater" => order.is_gt(),
                "less" => order.is_lt(),
                "greaterorequals" => order.is_ge(),
                _ => order.is_le(),
            }))
        }
        ("empty", [v]) => Ok(Value::Bool(match v {
            Value::Null => true,
            Value::Str(s) => s.is_empty(),
            Value::Seq(items) => items.is_empty(),
            Value::Map(entries) => entries.is_empty(),
            _ => false,
        })),
        ("length", [Value::Str(s)]) => Ok(int(s.chars().count())),
        ("length", [Value::Seq(items)]) => Ok(int(items.len())),
        ("length", [Value::Map(entries)]) => Ok(int(entries.len())),
        ("null", []) => Ok(Value::Null),
        ("createarray", _) => Ok(Value::Seq(args.into_iter().map(node).collect())),
        ("array", [Value::Seq(items)]) => Ok(Value::Seq(items.clone())),
        ("array", [v]) => Ok(Value::Seq(vec![node(v.clone())])),
        ("createobject", _) => {
            if !args.len().is_multiple_of(2) {
                return Err("createObject() takes keys and values in pairs".into());
            }
            let mut entries = Vec::new();
            for pair in args.chunks(2) {
                let Value::Str(key) = &pair[0] else {
                    return Err("createObject() keys are strings".into());
                };
                entries.push((key.clone(), node(pair[1].clone())));
            }
            Ok(Value::Map(entries))
        }
        ("union", _) if args.iter().all(|a| matches!(a, Value::Map(_))) => {
            Ok(args.into_iter().fold(Value::Map(Vec::new()), union_objects))
        }
        ("union", _) if args.iter().all(|a| matches!(a, Value::Seq(_))) => {
            let mut out: Vec<Node> = Vec::new();
            for item in args.into_iter().flat_map(|a| match a {
                Value::Seq(items) => items,
                _ => Vec::new(),
            }) {
                if !out.iter().any(|o| same(&o.value, &item.value)) {
                    out.push(item);
                }
            }
            Ok(Value::Seq(out))
        }
        ("shallowmerge", [Value::Seq(items)]) => {
            let mut entries: Vec<(String, Node)> = Vec::new();
            for item in items {
                for (k, v) in item.entries() {
                    match entries.iter_mut().find(|(e, _)| e.eq_ignore_ascii_case(k)) {
                        Some((_, existing)) => *existing = v.clone(),
                        None => entries.push((k.clone(), v.clone())),
                    }
                }
            }
            Ok(Value::Map(entries))
        }
        ("coalesce", _) => Ok(args
            .into_iter()
            .find(|a| *a != Value::Null)
            .unwrap_or(Value::Null)),
        ("contains", [Value::Str(s), Value::Str(part)]) => {
            Ok(Value::Bool(s.contains(part.as_str())))
        }
        ("contains", [Value::Seq(items), v]) => {
            Ok(Value::Bool(items.iter().any(|i| same(&i.value, v))))
        }
        ("contains", [Value::Map(entries), Value::Str(key)]) => Ok(Value::Bool(
            entries.iter().any(|(k, _)| k.eq_ignore_ascii_case(key)),
        )),
        ("items", [Value::Map(entries)]) => {
            let mut sorted: Vec<&(String, Node)> = entries.iter().collect();
            sorted.sort_by(|a, b| a.0.cmp(&b.0));
            Ok(Value::Seq(
                sorted
                    .into_iter()
                    .map(|(k, v)| {
                        node(Value::Map(vec![
                            ("key".to_string(), node(Value::Str(k.clone()))),
                            ("value".to_string(), v.clone()),
                        ]))
                    })
                    .collect(),
            ))
        }
        ("tryget", [base, keys @ ..]) => {
            let mut current = base.clone();
            for key in keys {
                current = match (&current, key) {
                    (Value::Map(entries), Value::Str(k)) => entries
                        .iter()
                        .find(|(e, _)| e.eq_ignore_ascii_case(k))
                        .map_or(Value::Null, |(_, v)| v.value.clone()),
                    (Value::Seq(items), Value::Int(i)) => usize::try_from(*i)
                        .ok()
                        .and_then(|i| items.get(i))
                        .map_or(Value::Null, |n| n.value.clone()),
                    (Value::Null, _) => Value::Null,
                    (Value::Unresolved(r), _) => return Err(r.clone()),
                    _ => Value::Null,
                };
            }
            Ok(current)
        }
        ("first", [Value::Seq(items)]) => {
            Ok(items.first().map_or(Value::Null, |n| n.value.clone()))
        }
        ("last", [Value::Seq(items)]) => Ok(items.last().map_or(Value::Null, |n| n.value.clone())),
        ("first", [Value::Str(s)]) => Ok(Value::Str(s.chars().take(1).collect())),
        ("last", [Value::Str(s)]) => Ok(Value::Str(
            s.chars().last().map(String::from).unwrap_or_default(),
        )),
        ("split", [Value::Str(s), Value::Str(separator)]) if !separator.is_empty() => {
            Ok(Value::Seq(
                s.split(separator.as_str())
                    .map(|p| node(Value::Str(p.to_string())))
                    .collect(),
            ))
        }
        ("join", [Value::Seq(items), Value::Str(separator)]) => items
            .iter()
            .map(|i| text(&i.value))
            .collect::<Result<Vec<_>, _>>()
            .map(|parts| Value::Str(parts.join(separator))),
        ("replace", [Value::Str(s), Value::Str(old), Value::Str(new)]) if !old.is_empty() => {
            Ok(Value::Str(s.replace(old.as_str(), new)))
        }
        ("startswith", [Value::Str(s), Value::Str(p)]) => {
            Ok(Value::Bool(s.to_lowercase().starts_with(&p.to_lowercase())))
        }
        ("endswith", [Value::Str(s), Value::Str(p)]) => {
            Ok(Value::Bool(s.to_lowercase().ends_with(&p.to_lowercase())))
        }
        ("substring", [Value::Str(s), Value::Int(start), rest @ ..]) => {
            let chars: Vec<char> = s.chars().collect();
            let start = usize::try_from(*start).map_err(|_| "substring() start below 0")?;
            let length = match rest {
                [Value::Int(n)] => usize::try_from(*n).map_err(|_| "substring() length below 0")?,
                [] => chars.len().saturating_sub(start),
                _ => return Err("substring() length is a number".into()),
            };
            chars
                .get(start..start.saturating_add(length))
                .map(|c| Value::Str(c.iter().collect()))
                .ok_or_else(|| "substring() past the end".to_string())
        }
        ("take" | "skip", [Value::Seq(items), Value::Int(n)]) => {
            let n = usize::try_from(*n).unwrap_or(0).min(items.len());
            Ok(Value::Seq(if f == "take" {
                items[..n].to_vec()
            } else {
                items[n..].to_vec()
            }))
        }
        ("resourceid", _) => resource_id(&args).map(Value::Str),
        _ => Err(format!("{name}() is only known at deployment time")),
    }
}

fn int(n: usize) -> Value {
    Value::Int(i64::try_from(n).unwrap_or(i64::MAX))
}

fn node(value: Value) -> Node {
    Node::new(0, 0, value)
}

/// Equal values, wherever they were written; keys compare as ARM compares
/// them, ignoring case.
pub fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len()
                && x.iter().all(|(k, v)| {
                    y.iter()
                        .any(|(k2, v2)| k.eq_ignore_ascii_case(k2) && same(&v.value, &v2.value))
                })
        }
        (Value::Seq(x), Value::Seq(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same(&v.value, &w.value))
        }
        (x, y) => x == y,
    }
}

/// `union` of objects: later keys win, nested objects merge.
fn union_objects(base: Value, next: Value) -> Value {
    let (Value::Map(mut entries), Value::Map(more)) = (base, next) else {
        unreachable!("union_objects is called with objects")
    };
    for (key, value) in more {
        match entries
            .iter_mut()
            .find(|(k, _)| k.eq_ignore_ascii_case(&key))
        {
            Some((_, existing)) if existing.is_map() && value.is_map() => {
                let merged = union_objects(existing.value.clone(), value.value.clone());
                existing.value = merged;
            }
            Some((_, existing)) => *existing = value,
            None => entries.push((key, value)),
        }
    }
    Value::Map(entries)
}

/// `resourceId([subscriptionId], [resourceGroupName], type, names…)`. The
/// subscription and group default to the deployment's, which only exist at
/// deployment; the result is still a usable link key, because links between
/// resources compare IDs from `/providers/` on.
fn resource_id(args: &[Value]) -> Result<String, String> {
    let strings = args
        .iter()
        .map(|a| match a {
            Value::Str(s) => Ok(s.as_str()),
            _ => Err("resourceId() needs text arguments".to_string()),
        })
        .collect::<Result<Vec<_>, _>>()?;
    let at = strings
        .iter()
        .position(|s| s.contains('/'))
        .ok_or("resourceId() without a resource type")?;
    let (scope, rest) = strings.split_at(at);
    let (resource_type, names) = rest.split_first().ok_or("resourceId() without a type")?;
    let (subscription, group) = match scope {
        [] => ("(deployment subscription)", "(deployment resource group)"),
        [group] => ("(deployment subscription)", *group),
        [subscription, group, ..] => (*subscription, *group),
    };
    Ok(format!(
        "/subscriptions/{subscription}/resourceGroups/{group}{}",
        crate::model::provider_path(resource_type, names)
    ))
}

/// A value as text, as `concat` and `format` join it.
pub fn text(value: &Value) -> Result<String, String> {
    match value {
        Value::Str(s) => Ok(s.clone()),
        Value::Int(i) => Ok(i.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Unresolved(reason) => Err(reason.clone()),
        _ => Err("cannot turn an object or list into text".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> Value {
        Value::Str(text.to_string())
    }

    #[test]
    fn objects_are_built_merged_and_read() {
        let object = call("createObject", vec![s("enabled"), Value::Bool(true)]).unwrap();
        let merged = call(
            "union",
            vec![
                object.clone(),
                call("createObject", vec![s("x"), Value::Int(1)]).unwrap(),
            ],
        )
        .unwrap();
        assert_eq!(call("length", vec![merged.clone()]).unwrap(), Value::Int(2));
        assert_eq!(
            call("tryGet", vec![merged.clone(), s("ENABLED")]).unwrap(),
            Value::Bool(true)
        );
        assert_eq!(
            call("tryGet", vec![merged, s("missing")]).unwrap(),
            Value::Null
        );
        assert_eq!(call("coalesce", vec![Value::Null, s("a")]).unwrap(), s("a"));
        assert!(call("uniqueString", vec![s("x")]).is_err());
    }

    #[test]
    fn strings_split_join_and_compare() {
        let parts = call(
            "split",
            vec![s("/subscriptions/x/resourceGroups/rg"), s("/")],
        )
        .unwrap();
        assert_eq!(call("last", vec![parts]).unwrap(), s("rg"));
        assert_eq!(
            call(
                "substring",
                vec![s("kubernetes"), Value::Int(0), Value::Int(4)]
            )
            .unwrap(),
            s("kube")
        );
        assert_eq!(
            call("greaterOrEquals", vec![Value::Int(2), Value::Int(2)]).unwrap(),
            Value::Bool(true)
        );
    }
}
