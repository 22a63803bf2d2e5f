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

    /// The field, unless the input cannot tell: `field.known()?` ends a
    /// rule's judgement as unknown, naming the field.
    pub fn known(&self) -> Result<&Self, Unknown> {
        match self {
            Field::Unknown(reason, loc) => Err(Unknown::new(*loc, reason.clone())),
            known => Ok(known),
        }
    }

    /// The value the input sets, `None` when it is absent; unknown is the error.
    pub fn set(&self) -> Result<Option<(&T, Loc)>, Unknown> {
        match self.known()? {
            Field::Set(value, loc) => Ok(Some((value, *loc))),
            _ => Ok(None),
        }
    }

    /// The value that applies, with the place that decides it: a set value
    /// as is, an absent one `default` (the platform's) at the field's place.
    pub fn or_default<'a>(&'a self, default: &'a T) -> Result<(&'a T, Loc), Unknown> {
        match self.known()? {
            Field::Set(value, loc) => Ok((value, *loc)),
            absent => Ok((default, absent.loc())),
        }
    }

    /// Whether the input sets the field to `value`.
    pub fn holds(&self, value: &T) -> bool
    where
        T: PartialEq,
    {
        self.value() == Some(value)
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
    /// True only when the input sets the flag to true; unknown is the error.
    pub fn is_true(&self) -> Result<bool, Unknown> {
        Ok(matches!(self.known()?, Field::Set(true, _)))
    }
}

impl Field<String> {
    /// Case-insensitive comparison, since Azure enum values drift in case.
    pub fn is(&self, expected: &str) -> bool {
        self.value()
            .is_some_and(|v| v.eq_ignore_ascii_case(expected))
    }
}

/// What a rule cannot judge because the input does not tell: why, and the
/// place that leaves it open.
#[derive(Debug, Clone, PartialEq)]
pub struct Unknown {
    pub reason: String,
    pub loc: Loc,
}

impl Unknown {
    pub fn new(loc: Loc, reason: impl Into<String>) -> Self {
        Unknown {
            reason: reason.into(),
            loc,
        }
    }
}
