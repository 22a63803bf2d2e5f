//! Bicep source into a positioned syntax tree: declarations (`param`,
//! `var`, `resource`, `module`, `output`, `type`, `func`, `import`,
//! `metadata`, `targetScope`, and a `.bicepparam` file's `using` and
//! `param x = …`) and expressions (literals, interpolated and multi-line
//! strings, objects and arrays with spreads, `for` and `if`, calls, member
//! and index access with their safe forms, `!`, `::`, operators, ternaries,
//! `??` and lambdas). What chanto does not evaluate (types, functions,
//! outputs) is parsed only far enough to be skipped.
//!
//! A recursive-descent parser over characters: Bicep's newlines separate
//! declarations and object or array items, so the scanner decides per
//! context whether a newline is whitespace.

use super::super::ParseFailure;

/// Expressions nest at most this deep; refusing deeper keeps recursion
/// bounded on hostile input.
const MAX_NESTING: usize = 48;

#[derive(Debug, Clone)]
pub struct Expr {
    pub line: u32,
    pub col: u32,
    pub kind: ExprKind,
}

#[derive(Debug, Clone)]
pub enum ExprKind {
    Null,
    Bool(bool),
    Int(i64),
    /// A string: literal text and interpolated expressions, in order.
    Str(Vec<Part>),
    Ident(String),
    Array(Vec<Item>),
    Object(Vec<Prop>),
    /// `[for (item, index) in source: body]`.
    For {
        item: String,
        index: Option<String>,
        source: Box<Expr>,
        body: Box<Expr>,
    },
    /// `if (condition) body`: a conditional resource, module or loop body.
    If {
        condition: Box<Expr>,
        body: Box<Expr>,
    },
    /// `name(args)`, or `ns.name(args)` for `sys.` and `az.`.
    Call {
        name: String,
        args: Vec<Expr>,
    },
    /// `base.name`, or `base.?name` when `safe`.
    Member {
        base: Box<Expr>,
        name: String,
        safe: bool,
    },
    /// `base[index]`, or `base[?index]` when `safe`.
    Index {
        base: Box<Expr>,
        index: Box<Expr>,
        safe: bool,
    },
    /// `parent::child`: a nested resource.
    Child {
        base: Box<Expr>,
        name: String,
    },
    /// `value!`: asserts the value is not null.
    NonNull(Box<Expr>),
    Not(Box<Expr>),
    Negate(Box<Expr>),
    Binary(BinaryOp, Box<Expr>, Box<Expr>),
    Ternary(Box<Expr>, Box<Expr>, Box<Expr>),
    Lambda(Vec<String>, Box<Expr>),
}

#[derive(Debug, Clone)]
pub enum Part {
    Text(String),
    Expr(Expr),
}

#[derive(Debug, Clone)]
pub enum Item {
    Value(Expr),
    Spread(Expr),
}

#[derive(Debug, Clone)]
pub enum Prop {
    Field {
        key: String,
        line: u32,
        col: u32,
        value: Expr,
    },
    Spread(Expr),
    /// A property whose key is an interpolated string.
    Computed {
        key: Expr,
        value: Expr,
    },
    /// A resource declared inside its parent's body.
    Resource(Box<Decl>),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BinaryOp {
    Or,
    And,
    Coalesce,
    Equal,
    NotEqual,
    EqualIgnoringCase,
    NotEqualIgnoringCase,
    Less,
    LessOrEqual,
    Greater,
    GreaterOrEqual,
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
}

#[derive(Debug, Clone)]
pub struct Decl {
    pub line: u32,
    pub col: u32,
    pub kind: DeclKind,
}

#[derive(Debug, Clone)]
pub enum DeclKind {
    Param {
        name: String,
        default: Option<Expr>,
        /// `@secure()`: the value is never read.
        secure: bool,
        /// `string?`: null when not passed.
        nullable: bool,
    },
    Var {
        name: String,
        value: Expr,
    },
    Resource {
        name: String,
        /// `Microsoft.X/y@version`, as written.
        type_version: String,
        existing: bool,
        /// An object, an `If` or a `For`.
        value: Expr,
    },
    Module {
        name: String,
        path: String,
        value: Expr,
    },
    /// `.bicepparam`: the template it gives values to.
    Using(String),
    /// `.bicepparam`: `param name = value`.
    ParamValue {
        name: String,
        value: Expr,
    },
    /// Output, type, func, import, metadata: nothing chanto evaluates.
    Other,
}

/// Parses a `.bicep` or `.bicepparam` file.
pub fn parse(text: &str) -> Result<Vec<Decl>, ParseFailure> {
    let mut parser = Parser {
        src: text,
        pos: 0,
        line: 1,
        col: 1,
        nesting: 0,
    };
    parser
        .file()
        .map_err(|(line, col, message)| ParseFailure { line, col, message })
}

type Fail = (u32, u32, String);
type Res<T> = Result<T, Fail>;

struct Parser<'s> {
    src: &'s str,
    pos: usize,
    line: u32,
    col: u32,
    nesting: usize,
}

impl Parser<'_> {
    fn rest(&self) -> &str {
        &self.src[self.pos..]
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    fn fail<T>(&self, message: impl Into<String>) -> Res<T> {
        Err((self.line, self.col, message.into()))
    }

    /// Skips spaces and comments; newlines too when `newlines`.
    fn skip(&mut self, newlines: bool) {
        loop {
            let rest = self.rest();
            // `#disable-next-line rule` and its kind are directives to the
            // linter, read as comments.
            if rest.starts_with("//")
                || rest.starts_with("#disable")
                || rest.starts_with("#restore")
            {
                while self.peek().is_some_and(|c| c != '\n') {
                    self.bump();
                }
            } else if rest.starts_with("/*") {
                self.bump();
                self.bump();
                while !self.rest().is_empty() && !self.rest().starts_with("*/") {
                    self.bump();
                }
                self.bump();
                self.bump();
            } else if let Some(c) = self.peek()
                && (c == ' ' || c == '\t' || c == '\r' || (newlines && c == '\n'))
            {
                self.bump();
            } else {
                return;
            }
        }
    }

    fn eat(&mut self, token: &str) -> bool {
        if self.rest().starts_with(token) {
            for _ in token.chars() {
                self.bump();
            }
            true
        } else {
            false
        }
    }

    fn expect(&mut self, token: &str) -> Res<()> {
        if self.eat(token) {
            Ok(())
        } else {
            self.fail(format!("expected `{token}`"))
        }
    }

    fn ident(&mut self) -> Res<String> {
        let rest = self.rest();
        let len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if len == 0 || rest.starts_with(|c: char| c.is_ascii_digit()) {
            return self.fail("expected a name");
        }
        let name = rest[..len].to_string();
        for _ in 0..len {
            self.bump();
        }
        Ok(name)
    }

    /// Whether the next word is `word` (not a longer name).
    fn at_word(&self, word: &str) -> bool {
        self.rest().strip_prefix(word).is_some_and(|after| {
            !after.starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
        })
    }

    fn file(&mut self) -> Res<Vec<Decl>> {
        let mut decls = Vec::new();
        loop {
            self.skip(true);
            if self.rest().is_empty() {
                return Ok(decls);
            }
            decls.push(self.declaration()?);
        }
    }

    fn declaration(&mut self) -> Res<Decl> {
        let mut secure = false;
        // Decorators: `@name(args)`, `@sys.name(args)`.
        while self.eat("@") {
            let mut name = self.ident()?;
            if self.eat(".") {
                name = self.ident()?;
            }
            if self.eat("(") {
                self.arguments()?;
            }
            secure |= name == "secure";
            self.skip(true);
        }
        let (line, col) = (self.line, self.col);
        let keyword = self.ident()?;
        self.skip(false);
        let kind = match keyword.as_str() {
            "targetScope" => {
                self.expect("=")?;
                self.skip(false);
                self.expression()?;
                DeclKind::Other
            }
            "param" => {
                let name = self.ident()?;
                self.skip(false);
                if self.eat("=") {
                    // A `.bicepparam` value.
                    self.skip(false);
                    DeclKind::ParamValue {
                        name,
                        value: self.expression()?,
                    }
                } else {
                    let nullable = self.skip_type()?;
                    let default = if self.eat("=") {
                        Some(self.expression()?)
                    } else {
                        None
                    };
                    DeclKind::Param {
                        name,
                        default,
                        secure,
                        nullable,
                    }
                }
            }
            "var" => {
                let name = self.ident()?;
                self.skip(false);
                if !self.eat("=") {
                    // A typed var: `var x string = …`.
                    self.skip_type()?;
                    self.expect("=")?;
                }
                DeclKind::Var {
                    name,
                    value: self.expression()?,
                }
            }
            "resource" => self.resource()?,
            "module" => {
                let name = self.ident()?;
                self.skip(false);
                let path = self.plain_string()?;
                self.skip(false);
                self.expect("=")?;
                self.skip(false);
                DeclKind::Module {
                    name,
                    path,
                    value: self.body()?,
                }
            }
            "using" => DeclKind::Using(self.plain_string()?),
            "output" => {
                // `output name type = value`, or a resource output.
                self.ident()?;
                self.skip(false);
                if self.at_word("resource") {
                    self.ident()?;
                    self.skip(false);
                    self.plain_string()?;
                } else {
                    self.skip_type()?;
                }
                self.skip(false);
                self.expect("=")?;
                self.expression()?;
                DeclKind::Other
            }
            "type" | "func" | "import" | "metadata" | "extension" | "provider" | "assert" => {
                self.skip_to_end_of_declaration()?;
                DeclKind::Other
            }
            other => return self.fail(format!("unknown declaration `{other}`")),
        };
        self.skip(false);
        if !(self.rest().is_empty() || self.eat("\n")) {
            return self.fail("expected a new line after the declaration");
        }
        Ok(Decl { line, col, kind })
    }

    fn resource(&mut self) -> Res<DeclKind> {
        let name = self.ident()?;
        self.skip(false);
        let type_version = self.plain_string()?;
        self.skip(false);
        let existing = self.at_word("existing") && {
            self.ident()?;
            self.skip(false);
            true
        };
        self.expect("=")?;
        self.skip(false);
        Ok(DeclKind::Resource {
            name,
            type_version,
            existing,
            value: self.body()?,
        })
    }

    /// A resource or module body: an object, `if (…) {…}` or `[for …]`.
    fn body(&mut self) -> Res<Expr> {
        let (line, col) = (self.line, self.col);
        if self.at_word("if") {
            self.ident()?;
            self.skip(false);
            let condition = self.parenthesized()?;
            self.skip(false);
            let body = self.expression()?;
            return Ok(Expr {
                line,
                col,
                kind: ExprKind::If {
                    condition: Box::new(condition),
                    body: Box::new(body),
                },
            });
        }
        self.expression()
    }

    fn parenthesized(&mut self) -> Res<Expr> {
        self.expect("(")?;
        self.skip(true);
        let e = self.expression()?;
        self.skip(true);
        self.expect(")")?;
        Ok(e)
    }

    /// Skips a type (`string`, `string?`, `'a' | 'b'`, `{…}`, `x[]`,
    /// `resourceInput<'…'>.properties.x`) up to `=` or the end of the line;
    /// returns whether it was nullable.
    fn skip_type(&mut self) -> Res<bool> {
        let mut depth = 0usize;
        let mut nullable = false;
        loop {
            match self.peek() {
                None => return Ok(nullable),
                Some('\n') if depth == 0 => return Ok(nullable),
                Some('=') if depth == 0 => return Ok(nullable),
                Some('/') if self.rest().starts_with("//") || self.rest().starts_with("/*") => {
                    self.skip(depth > 0);
                }
                Some('\'') => {
                    self.string()?;
                }
                Some('{' | '(' | '[' | '<') => {
                    depth += 1;
                    self.bump();
                }
                Some('}' | ')' | ']' | '>') => {
                    depth = depth.saturating_sub(1);
                    self.bump();
                }
                Some('?') => {
                    nullable |= depth == 0;
                    self.bump();
                }
                Some(_) => {
                    self.bump();
                }
            }
        }
    }

    fn skip_to_end_of_declaration(&mut self) -> Res<()> {
        let mut depth = 0usize;
        loop {
            match self.peek() {
                None => return Ok(()),
                Some('\n') if depth == 0 => return Ok(()),
                Some('/') if self.rest().starts_with("//") || self.rest().starts_with("/*") => {
                    self.skip(depth > 0);
                }
                Some('\'') => {
                    self.string()?;
                }
                Some('{' | '(' | '[') => {
                    depth += 1;
                    self.bump();
                }
                Some('}' | ')' | ']') => {
                    depth = depth.saturating_sub(1);
                    self.bump();
                }
                Some(_) => {
                    self.bump();
                }
            }
        }
    }

    /// A string without interpolation (a resource type, a module path).
    fn plain_string(&mut self) -> Res<String> {
        let e = self.string()?;
        match e.kind {
            ExprKind::Str(parts) => {
                let mut out = String::new();
                for part in parts {
                    match part {
                        Part::Text(t) => out.push_str(&t),
                        Part::Expr(_) => return self.fail("expected a string without ${}"),
                    }
                }
                Ok(out)
            }
            _ => self.fail("expected a string"),
        }
    }

    fn arguments(&mut self) -> Res<Vec<Expr>> {
        let mut args = Vec::new();
        self.skip(true);
        if self.eat(")") {
            return Ok(args);
        }
        loop {
            self.skip(true);
            args.push(self.expression()?);
            self.skip(true);
            if self.eat(")") {
                return Ok(args);
            }
            self.expect(",")?;
        }
    }

    fn expression(&mut self) -> Res<Expr> {
        if self.nesting >= MAX_NESTING {
            return self.fail(format!(
                "expression nested deeper than {MAX_NESTING} levels"
            ));
        }
        self.nesting += 1;
        self.skip(false);
        let e = self.lambda_or_ternary();
        self.nesting -= 1;
        e
    }

    fn lambda_or_ternary(&mut self) -> Res<Expr> {
        let (line, col) = (self.line, self.col);
        // `x => …` and `(x, y) => …`.
        if let Some(params) = self.lambda_params() {
            self.skip(true);
            let body = self.expression()?;
            return Ok(Expr {
                line,
                col,
                kind: ExprKind::Lambda(params, Box::new(body)),
            });
        }
        let condition = self.binary(0)?;
        let save = self.save();
        self.skip(true);
        if self.rest().starts_with('?') && !self.rest().starts_with("??") {
            self.bump();
            self.skip(true);
            let yes = self.expression()?;
            self.skip(true);
            self.expect(":")?;
            self.skip(true);
            let no = self.expression()?;
            return Ok(Expr {
                line,
                col,
                kind: ExprKind::Ternary(Box::new(condition), Box::new(yes), Box::new(no)),
            });
        }
        self.restore(save);
        Ok(condition)
    }

    fn save(&self) -> (usize, u32, u32) {
        (self.pos, self.line, self.col)
    }

    fn restore(&mut self, (pos, line, col): (usize, u32, u32)) {
        self.pos = pos;
        self.line = line;
        self.col = col;
    }

    /// Lambda parameters ahead, consumed with the arrow; nothing consumed
    /// otherwise.
    fn lambda_params(&mut self) -> Option<Vec<String>> {
        let save = self.save();
        let params = self.lambda_params_unchecked();
        self.skip(false);
        match params {
            Some(params) if self.eat("=>") => Some(params),
            _ => {
                self.restore(save);
                None
            }
        }
    }

    fn lambda_params_unchecked(&mut self) -> Option<Vec<String>> {
        if !self.eat("(") {
            return self.ident().ok().map(|p| vec![p]);
        }
        let mut params = Vec::new();
        loop {
            self.skip(true);
            if self.eat(")") {
                return Some(params);
            }
            params.push(self.ident().ok()?);
            self.skip(true);
            if !self.eat(",") {
                self.skip(true);
                return self.eat(")").then_some(params);
            }
        }
    }

    /// Binary operators by precedence, loosest first.
    fn binary(&mut self, level: usize) -> Res<Expr> {
        const LEVELS: [&[(&str, BinaryOp)]; 7] = [
            &[("??", BinaryOp::Coalesce)],
            &[("||", BinaryOp::Or)],
            &[("&&", BinaryOp::And)],
            &[
                ("==", BinaryOp::Equal),
                ("!=", BinaryOp::NotEqual),
                ("=~", BinaryOp::EqualIgnoringCase),
                ("!~", BinaryOp::NotEqualIgnoringCase),
            ],
            &[
                ("<=", BinaryOp::LessOrEqual),
                (">=", BinaryOp::GreaterOrEqual),
                ("<", BinaryOp::Less),
                (">", BinaryOp::Greater),
            ],
            &[("+", BinaryOp::Add), ("-", BinaryOp::Subtract)],
            &[
                ("*", BinaryOp::Multiply),
                ("/", BinaryOp::Divide),
                ("%", BinaryOp::Modulo),
            ],
        ];
        let Some(operators) = LEVELS.get(level) else {
            return self.unary();
        };
        let mut left = self.binary(level + 1)?;
        loop {
            let save = self.save();
            // `??`, `||` and `&&` may start a continued line.
            self.skip(level <= 2);
            let found = operators.iter().find(|(token, _)| {
                self.rest().starts_with(token)
                    && !(*token == "/" && self.rest().starts_with("//"))
                    && !(*token == "<" && self.rest().starts_with("<="))
                    && !(*token == ">" && self.rest().starts_with(">="))
            });
            let Some((token, op)) = found else {
                self.restore(save);
                return Ok(left);
            };
            let (line, col) = (left.line, left.col);
            self.eat(token);
            self.skip(true);
            let right = self.binary(level + 1)?;
            left = Expr {
                line,
                col,
                kind: ExprKind::Binary(*op, Box::new(left), Box::new(right)),
            };
        }
    }

    fn unary(&mut self) -> Res<Expr> {
        let (line, col) = (self.line, self.col);
        if self.rest().starts_with('!') && !self.rest().starts_with("!=") {
            self.bump();
            let inner = self.unary()?;
            return Ok(Expr {
                line,
                col,
                kind: ExprKind::Not(Box::new(inner)),
            });
        }
        if self.rest().starts_with('-')
            && !self.rest()[1..].starts_with(|c: char| c.is_ascii_digit())
        {
            self.bump();
            let inner = self.unary()?;
            return Ok(Expr {
                line,
                col,
                kind: ExprKind::Negate(Box::new(inner)),
            });
        }
        self.postfix()
    }

    fn postfix(&mut self) -> Res<Expr> {
        let mut e = self.primary()?;
        loop {
            let (line, col) = (e.line, e.col);
            let save = self.save();
            // A member access may continue on the next line.
            self.skip(true);
            let continued_member = self.rest().starts_with('.') && !self.rest().starts_with("..");
            if !continued_member {
                self.restore(save);
            }
            let kind = if self.rest().starts_with("::") {
                self.eat("::");
                ExprKind::Child {
                    base: Box::new(e),
                    name: self.ident()?,
                }
            } else if self.rest().starts_with('.') && !self.rest().starts_with("...") {
                self.bump();
                let safe = self.eat("?");
                let name = self.ident()?;
                if self.rest().starts_with('(') {
                    // `sys.f()`/`az.f()`: a namespaced call.
                    self.bump();
                    let args = self.arguments()?;
                    ExprKind::Call { name, args }
                } else {
                    ExprKind::Member {
                        base: Box::new(e),
                        name,
                        safe,
                    }
                }
            } else if self.rest().starts_with('[') {
                self.bump();
                let safe = self.eat("?");
                self.skip(true);
                let index = self.expression()?;
                self.skip(true);
                self.expect("]")?;
                ExprKind::Index {
                    base: Box::new(e),
                    index: Box::new(index),
                    safe,
                }
            } else if self.rest().starts_with('!') && !self.rest().starts_with("!=") {
                self.bump();
                ExprKind::NonNull(Box::new(e))
            } else {
                return Ok(e);
            };
            e = Expr { line, col, kind };
        }
    }

    fn primary(&mut self) -> Res<Expr> {
        let (line, col) = (self.line, self.col);
        let at = |kind| Expr { line, col, kind };
        match self.peek() {
            Some('\'') => self.string(),
            Some('{') => self.object(),
            Some('[') => self.array(),
            Some('(') => {
                let inner = self.parenthesized()?;
                Ok(inner)
            }
            Some(c) if c.is_ascii_digit() || c == '-' => {
                let negative = self.eat("-");
                let rest = self.rest();
                let len = rest
                    .find(|c: char| !c.is_ascii_digit())
                    .unwrap_or(rest.len());
                let digits = rest[..len].to_string();
                for _ in 0..len {
                    self.bump();
                }
                let value: i64 = digits
                    .parse()
                    .or_else(|_| self.fail("a number out of range"))?;
                Ok(at(ExprKind::Int(if negative { -value } else { value })))
            }
            Some(c) if c.is_ascii_alphabetic() || c == '_' => {
                let name = self.ident()?;
                match name.as_str() {
                    "true" => return Ok(at(ExprKind::Bool(true))),
                    "false" => return Ok(at(ExprKind::Bool(false))),
                    "null" => return Ok(at(ExprKind::Null)),
                    _ => {}
                }
                if self.rest().starts_with('(') {
                    self.bump();
                    let args = self.arguments()?;
                    return Ok(at(ExprKind::Call { name, args }));
                }
                Ok(at(ExprKind::Ident(name)))
            }
            _ => self.fail("expected an expression"),
        }
    }

    fn string(&mut self) -> Res<Expr> {
        let (line, col) = (self.line, self.col);
        if self.eat("'''") {
            // A multi-line string: no escapes, no interpolation; a first
            // new line right after the quotes is not part of it.
            if !self.eat("\r\n") {
                self.eat("\n");
            }
            let Some(end) = self.rest().find("'''") else {
                return self.fail("unterminated multi-line string");
            };
            let text = self.rest()[..end].to_string();
            for _ in 0..text.chars().count() + 3 {
                self.bump();
            }
            return Ok(Expr {
                line,
                col,
                kind: ExprKind::Str(vec![Part::Text(text)]),
            });
        }
        self.expect("'")?;
        let mut parts = Vec::new();
        let mut text = String::new();
        loop {
            match self.bump() {
                // At the opening quote, where the string the user left open starts.
                None | Some('\n') => return Err((line, col, "unterminated string".into())),
                Some('\'') => break,
                Some('\\') => match self.bump() {
                    Some('n') => text.push('\n'),
                    Some('r') => text.push('\r'),
                    Some('t') => text.push('\t'),
                    Some('u') if self.rest().starts_with('{') => {
                        self.bump();
                        let end = self.rest().find('}').unwrap_or(0);
                        let code = u32::from_str_radix(&self.rest()[..end], 16).ok();
                        for _ in 0..=end {
                            self.bump();
                        }
                        text.extend(code.and_then(char::from_u32));
                    }
                    Some(c) => text.push(c),
                    None => return self.fail("unterminated string"),
                },
                Some('$') if self.rest().starts_with('{') => {
                    self.bump();
                    if !text.is_empty() {
                        parts.push(Part::Text(std::mem::take(&mut text)));
                    }
                    self.skip(true);
                    parts.push(Part::Expr(self.expression()?));
                    self.skip(true);
                    self.expect("}")?;
                }
                Some(c) => text.push(c),
            }
        }
        if !text.is_empty() || parts.is_empty() {
            parts.push(Part::Text(text));
        }
        Ok(Expr {
            line,
            col,
            kind: ExprKind::Str(parts),
        })
    }

    fn object(&mut self) -> Res<Expr> {
        let (line, col) = (self.line, self.col);
        self.expect("{")?;
        let mut props = Vec::new();
        loop {
            self.skip(true);
            if self.eat("}") {
                break;
            }
            // Decorators on a property or nested resource are not evaluated.
            while self.eat("@") {
                self.ident()?;
                if self.eat(".") {
                    self.ident()?;
                }
                if self.eat("(") {
                    self.arguments()?;
                }
                self.skip(true);
            }
            if self.eat("...") {
                props.push(Prop::Spread(self.expression()?));
            } else if self.at_word("resource") && {
                let save = self.save();
                self.ident()?;
                self.skip(false);
                let is_decl = self
                    .peek()
                    .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
                self.restore(save);
                is_decl
            } {
                let (dline, dcol) = (self.line, self.col);
                self.ident()?;
                self.skip(false);
                let kind = self.resource()?;
                props.push(Prop::Resource(Box::new(Decl {
                    line: dline,
                    col: dcol,
                    kind,
                })));
            } else {
                let (kline, kcol) = (self.line, self.col);
                let key = if self.peek() == Some('\'') {
                    self.string()?
                } else {
                    Expr {
                        line: kline,
                        col: kcol,
                        kind: ExprKind::Str(vec![Part::Text(self.ident()?)]),
                    }
                };
                self.skip(false);
                self.expect(":")?;
                self.skip(false);
                let value = self.expression()?;
                props.push(match key.kind {
                    ExprKind::Str(parts) if parts.iter().all(|p| matches!(p, Part::Text(_))) => {
                        Prop::Field {
                            key: parts
                                .into_iter()
                                .map(|p| match p {
                                    Part::Text(t) => t,
                                    Part::Expr(_) => String::new(),
                                })
                                .collect(),
                            line: kline,
                            col: kcol,
                            value,
                        }
                    }
                    _ => Prop::Computed { key, value },
                });
            }
            self.skip(false);
            if self.eat(",") {
                continue;
            }
            if !(self.rest().starts_with('\n') || self.rest().starts_with('}')) {
                return self.fail("expected a new line or `}` after the property");
            }
        }
        Ok(Expr {
            line,
            col,
            kind: ExprKind::Object(props),
        })
    }

    fn array(&mut self) -> Res<Expr> {
        let (line, col) = (self.line, self.col);
        self.expect("[")?;
        self.skip(true);
        if self.at_word("for") {
            self.ident()?;
            self.skip(false);
            let (item, index) = if self.eat("(") {
                self.skip(false);
                let item = self.ident()?;
                self.skip(false);
                self.expect(",")?;
                self.skip(false);
                let index = self.ident()?;
                self.skip(false);
                self.expect(")")?;
                (item, Some(index))
            } else {
                (self.ident()?, None)
            };
            self.skip(false);
            if !self.at_word("in") {
                return self.fail("expected `in`");
            }
            self.ident()?;
            self.skip(false);
            let source = self.expression()?;
            self.skip(false);
            self.expect(":")?;
            self.skip(true);
            let body = self.body()?;
            self.skip(true);
            self.expect("]")?;
            return Ok(Expr {
                line,
                col,
                kind: ExprKind::For {
                    item,
                    index,
                    source: Box::new(source),
                    body: Box::new(body),
                },
            });
        }
        let mut items = Vec::new();
        loop {
            self.skip(true);
            if self.eat("]") {
                break;
            }
            if self.eat("...") {
                items.push(Item::Spread(self.expression()?));
            } else {
                items.push(Item::Value(self.expression()?));
            }
            self.skip(false);
            if self.eat(",") {
                continue;
            }
            if !(self.rest().starts_with('\n') || self.rest().starts_with(']')) {
                return self.fail("expected a new line, `,` or `]` after the item");
            }
        }
        Ok(Expr {
            line,
            col,
            kind: ExprKind::Array(items),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declarations_and_expressions_parse_with_their_places() {
        let source = "targetScope = 'resourceGroup'\n\n@secure()\nparam token string\nparam name string = 'aks-${env}'\nparam ranges array?\nvar enabled = !empty(ranges) && name =~ 'AKS'\nvar pools = [for (p, i) in pools: {\n  name: p.name\n  count: p.?count ?? 1\n}]\nresource aks 'Microsoft.ContainerService/managedClusters@2024-05-01' = {\n  name: name\n  properties: {\n    ...extra\n    apiServerAccessProfile: enabled ? { authorizedIPRanges: ranges } : null\n  }\n  resource pool 'agentPools' = {\n    name: 'sys'\n  }\n}\nmodule m './m.bicep' = if (enabled) {\n  name: 'm'\n}\noutput id string = aks.id\n";
        let decls = parse(source).unwrap();
        assert_eq!(decls.len(), 9);
        assert!(matches!(
            &decls[1].kind,
            DeclKind::Param { secure: true, .. }
        ));
        assert!(matches!(
            &decls[3].kind,
            DeclKind::Param { nullable: true, .. }
        ));
        assert_eq!(decls[6].line, 12);
        assert!(matches!(&decls[7].kind, DeclKind::Module { path, .. } if path == "./m.bicep"));
    }

    #[test]
    fn a_syntax_error_is_located() {
        let error = parse("param x string = {\n  a: 'b\n}\n").unwrap_err();
        assert_eq!(
            (error.line, error.col, error.message.as_str()),
            (2, 6, "unterminated string")
        );
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = format!("var x = {}1{}\n", "(".repeat(10_000), ")".repeat(10_000));
        assert!(parse(&deep).is_err());
    }
}
