//! Three states for every value a rule reads: set, absent, or unknown.

use super::Loc;

/// A value read from an input, with the place that decides it.
///
/// `Absent` means the input does not set the field (missing or `null`), so the
/// platform default applies; its location is the `null` key when there is one,
/// otherwise the nearest enclosing block. `Unknown` means the input sets the
/// field to something that cannot be known statically (an ARM expression, a
/// value of the wrong type): a rule reading it must end `unknown`, never `pass`.
#[derive(Debug, Clone, PartialEq)]
pub enum Field<T> {
    Set(T, Loc),
    Absent(Loc),
    Unknown(String, Loc),
}

impl<T> Field<T> {
    pub fn loc(&self) -> Loc {
        match self {
            Field::Set(_, loc) | Field::Absent(loc) | Field::Unknown(_, loc) => *loc,
        }
    }

    pub fn value(&self) -> Option<&T> {
        match self {
            Field::Set(v, _) => Some(v),
            _ => None,
        }
    }

    /// Resolves the field against the platform default: a set value is used
    /// as is, an absent one takes `default`, an unknown one stays unknown.
    pub fn or_default(&self, default: T) -> Resolved<T>
    where
        T: Clone,
    {
        match self {
            Field::Set(v, loc) => Resolved::Known(v.clone(), *loc),
            Field::Absent(loc) => Resolved::Known(default, *loc),
            Field::Unknown(reason, loc) => Resolved::Unknown(reason.clone(), *loc),
        }
    }

    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Field<U> {
        match self {
            Field::Set(v, loc) => Field::Set(f(v), loc),
            Field::Absent(loc) => Field::Absent(loc),
            Field::Unknown(reason, loc) => Field::Unknown(reason, loc),
        }
    }
}

impl Field<bool> {
    /// True only when the input sets the flag to true; unknown stays unknown.
    pub fn is_true(&self) -> Option<bool> {
        match self {
            Field::Set(v, _) => Some(*v),
            Field::Absent(_) => Some(false),
            Field::Unknown(..) => None,
        }
    }
}

impl Field<String> {
    /// Case-insensitive comparison, since Azure enum values drift in case.
    pub fn is(&self, expected: &str) -> bool {
        self.value()
            .is_some_and(|v| v.eq_ignore_ascii_case(expected))
    }
}

/// A field after the platform default has been applied.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolved<T> {
    Known(T, Loc),
    Unknown(String, Loc),
}
