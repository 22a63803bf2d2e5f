//! Which literal values look like credentials. The loader keeps only those
//! (without the value) once a workload's pod spec is gone, so a scan never
//! holds a secret longer than the file it came from.
//!
//! Two tests, either enough: the value's shape alone (a PEM key, a JWT, a
//! connection string or URL carrying a credential, an HTTP `Bearer`/`Basic`
//! credential, an Azure storage key, an Entra client secret), or a name that
//! says "secret" with a value that could be one. Names are split into words
//! (`DB_PASSWORD`, `dbPassword`, `db-password`, `db.password` all give `db`,
//! `password`) so `MONKEY` or `KEYCLOAK_URL` never match `key`.

/// Words naming a password: any non-empty literal counts, however short.
const PASSWORD_WORDS: [&str; 4] = ["password", "passwd", "pwd", "passphrase"];

/// Words naming another kind of secret: literals from
/// [`MIN_NAMED_SECRET_LEN`] characters count.
const SECRET_WORDS: [&str; 17] = [
    "secret",
    "token",
    "key",
    "apikey",
    "accesskey",
    "privatekey",
    "secretkey",
    "signingkey",
    "masterkey",
    "credential",
    "credentials",
    "creds",
    "connectionstring",
    "connectionstrings",
    "connstr",
    "sas",
    "auth",
];

/// Two-word spellings of the joined words above (`API_KEY`, `CONNECTION_STRING`).
const SECRET_PAIRS: [(&str, &str); 6] = [
    ("api", "key"),
    ("access", "key"),
    ("private", "key"),
    ("connection", "string"),
    ("connection", "strings"),
    ("client", "secret"),
];

/// A final word that makes the name describe the secret rather than hold
/// it: `KEY_VAULT_NAME`, `TOKEN_URL`, `PASSWORD_MIN_LENGTH`, `SECRET_PATH`.
const DESCRIPTIVE_SUFFIXES: [&str; 26] = [
    "id",
    "name",
    "names",
    "url",
    "uri",
    "endpoint",
    "host",
    "path",
    "file",
    "dir",
    "length",
    "len",
    "size",
    "ttl",
    "timeout",
    "expiry",
    "expiration",
    "type",
    "algorithm",
    "header",
    "prefix",
    "version",
    "ref",
    "enabled",
    "policy",
    "rotation",
];

/// A word before `key` that makes it public or not a credential at all.
const NON_SECRET_KEY_QUALIFIERS: [&str; 5] =
    ["public", "cache", "partition", "sort", "idempotency"];

/// Shortest literal a secret-named (not password-named) variable must hold
/// to count: shorter values are flags, modes and sizes far more often than
/// credentials.
pub const MIN_NAMED_SECRET_LEN: usize = 8;

/// What makes an environment variable look like a secret, if anything.
pub fn secret_kind(name: &str, value: &str) -> Option<&'static str> {
    let v = value.trim();
    if v.is_empty() || is_reference(v) {
        return None;
    }
    if let Some(kind) = secret_shape(v) {
        return Some(kind);
    }
    if composed(v) {
        // `Bearer $(TOKEN)`: Kubernetes fills the reference from another
        // variable, which is judged on its own.
        return None;
    }
    let words = words(name);
    let named_password = named(&words, &PASSWORD_WORDS);
    let named_secret = named_password || named(&words, &SECRET_WORDS) || paired(&words);
    if !named_secret || is_plain(v) {
        return None;
    }
    if named_password || v.chars().count() >= MIN_NAMED_SECRET_LEN {
        return Some("secret-named value");
    }
    None
}

/// A value that is a credential whatever its variable is called.
fn secret_shape(v: &str) -> Option<&'static str> {
    let lower = v.to_ascii_lowercase();
    if lower.contains("-----begin") && lower.contains("private key-----") {
        return Some("PEM private key");
    }
    if ["accountkey=", "sharedaccesskey=", "password=", "pwd="]
        .iter()
        .any(|k| lower.contains(k))
    {
        return Some("connection string with a credential");
    }
    if url_with_password(&lower) {
        return Some("URL with a password");
    }
    if http_credential(v) {
        return Some("HTTP Authorization credential");
    }
    if is_jwt(v) {
        return Some("JWT");
    }
    if v.len() == 88
        && v.ends_with("==")
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || "+/=".contains(c))
    {
        return Some("Azure storage key");
    }
    if is_entra_client_secret(v) {
        return Some("Entra client secret");
    }
    None
}

/// The name's words, lower-cased: split at `_`, `-`, `.` and lower→upper
/// case changes.
fn words(name: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if !c.is_alphanumeric() {
            words.push(std::mem::take(&mut current));
            previous_lower = false;
            continue;
        }
        if c.is_uppercase() && previous_lower {
            words.push(std::mem::take(&mut current));
        }
        previous_lower = c.is_lowercase() || c.is_ascii_digit();
        current.extend(c.to_lowercase());
    }
    words.push(current);
    words.retain(|w| !w.is_empty());
    words
}

/// Whether a word from `list` appears where it names the value: not
/// followed by a descriptive word, and `key` not qualified as public.
fn named(words: &[String], list: &[&str]) -> bool {
    words.iter().enumerate().any(|(i, w)| {
        list.contains(&w.as_str()) && !described(&words[i + 1..]) && !qualified_key(words, i)
    })
}

fn paired(words: &[String]) -> bool {
    words.windows(2).enumerate().any(|(i, pair)| {
        SECRET_PAIRS.contains(&(pair[0].as_str(), pair[1].as_str())) && !described(&words[i + 2..])
    })
}

/// Whether the words after a secret word turn the name into a description.
fn described(rest: &[String]) -> bool {
    rest.last()
        .is_some_and(|w| DESCRIPTIVE_SUFFIXES.contains(&w.as_str()) || w == "vault")
        || rest.first().is_some_and(|w| w == "vault")
}

fn qualified_key(words: &[String], i: usize) -> bool {
    words[i] == "key" && i > 0 && NON_SECRET_KEY_QUALIFIERS.contains(&words[i - 1].as_str())
}

/// Values that point at a secret instead of holding one: a file, a path,
/// a Kubernetes `$(VAR)` reference, a template placeholder.
fn is_reference(v: &str) -> bool {
    let lower = v.to_ascii_lowercase();
    v.starts_with('/')
        || v.starts_with("./")
        || v.starts_with("../")
        || v.starts_with("~/")
        || lower.starts_with("file:")
        || lower.starts_with("@/")
        || windows_path(v)
        || (v.starts_with("$(") && v.ends_with(')'))
        || (v.starts_with("${") && v.ends_with('}'))
        || (v.starts_with("{{") && v.ends_with("}}"))
}

/// Whether the value embeds a Kubernetes `$(VAR)` reference.
fn composed(v: &str) -> bool {
    v.split("$(").skip(1).any(|after| {
        after
            .split_once(')')
            .is_some_and(|(name, _)| !name.is_empty())
    })
}

fn windows_path(v: &str) -> bool {
    let b = v.as_bytes();
    b.len() > 2 && b[0].is_ascii_alphabetic() && b[1] == b':' && (b[2] == b'\\' || b[2] == b'/')
}

/// Values too ordinary to be a named secret: URLs without a password,
/// numbers, booleans.
fn is_plain(v: &str) -> bool {
    let lower = v.to_ascii_lowercase();
    lower.starts_with("http://")
        || lower.starts_with("https://")
        || matches!(
            lower.as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "none" | "null"
        )
        || v.chars().all(|c| c.is_ascii_digit() || c == '.')
}

/// `scheme://user:password@host`.
fn url_with_password(lower: &str) -> bool {
    let Some((_, rest)) = lower.split_once("://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    authority
        .rsplit_once('@')
        .and_then(|(userinfo, _)| userinfo.split_once(':'))
        .is_some_and(|(_, password)| !password.is_empty())
}

/// `Bearer <token>` or `Basic <base64>`, as in an Authorization header.
fn http_credential(v: &str) -> bool {
    let Some((scheme, credential)) = v.split_once(' ') else {
        return false;
    };
    let credential = credential.trim();
    ["bearer", "basic"].contains(&scheme.to_ascii_lowercase().as_str())
        && credential.len() >= MIN_NAMED_SECRET_LEN
        && !credential.contains(' ')
        && !is_reference(credential)
}

fn is_jwt(v: &str) -> bool {
    let parts: Vec<&str> = v.split('.').collect();
    parts.len() == 3
        && v.starts_with("eyJ")
        && parts[..2].iter().all(|p| p.len() >= 10)
        && parts.iter().all(|p| {
            p.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
}

/// Entra client secrets: three characters, a digit, `Q~`, then 31 more.
fn is_entra_client_secret(v: &str) -> bool {
    v.len() == 40
        && v.get(3..6)
            .is_some_and(|m| m.as_bytes()[0].is_ascii_digit() && &m[1..] == "Q~")
        && v.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_~.-".contains(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(name: &str, value: &str) -> bool {
        secret_kind(name, value).is_some()
    }

    #[test]
    fn values_shaped_like_credentials_are_secrets_whatever_the_name() {
        assert!(secret(
            "STORAGE",
            "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=abc=="
        ));
        assert!(secret(
            "X",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig_nature-xyz"
        ));
        assert!(secret("CLIENT", "abc8Q~abcdefghijklmnopqrstuvwxyz01234567"));
        assert!(secret("AUTH_HEADER", "Bearer abcdef123456"));
        assert!(secret("UPSTREAM", "Basic dXNlcjpwYXNzd29yZA=="));
        assert!(secret("DATABASE_URL", "postgres://app:hunter2@db:5432/app"));
    }

    #[test]
    fn every_documented_name_pattern_is_matched() {
        for name in [
            "DB_PASSWORD",
            "dbPassword",
            "db-passwd",
            "MYSQL_PWD",
            "API-TOKEN",
            "STRIPE_KEY",
            "apiKey",
            "AWS_SECRET_ACCESS_KEY",
            "SIGNING_KEY",
            "SERVICE_CREDENTIALS",
            "SQL_CONNECTION_STRING",
            "ConnectionStrings__Default",
            "CLIENT_SECRET",
            "SAS",
        ] {
            assert!(secret(name, "abcd1234efgh"), "{name}");
        }
    }

    #[test]
    fn short_passwords_count_in_password_named_variables_only() {
        assert!(secret("DB_PASSWORD", "admin"));
        assert!(secret("MYSQL_PWD", "root"));
        // A well-known default is the weakest password there is.
        assert!(secret("ADMIN_PASSWORD", "changeme"));
        assert!(!secret("API_TOKEN", "abc"));
    }

    #[test]
    fn documented_exceptions_are_not_secrets() {
        assert!(!secret("TOKEN_URL", "https://login.microsoftonline.com/t"));
        assert!(!secret("PASSWORD_MIN_LENGTH", "12"));
        assert!(!secret("LOG_LEVEL", "debug-verbose"));
        assert!(!secret("SECRET_ROTATION", "true"));
        assert!(!secret("MONKEY_BUSINESS", "bananas-all-day"));
        assert!(!secret("KEYCLOAK_REALM", "production"));
        assert!(!secret("KEY_VAULT_NAME", "kv-shop-prod"));
        assert!(!secret("AZURE_KEYVAULT_URI", "https://kv.vault.azure.net"));
        assert!(!secret("PUBLIC_KEY", "ssh-ed25519 AAAAC3Nza"));
        assert!(!secret("CACHE_KEY", "orders-by-customer"));
        assert!(!secret("CLIENT_ID", "00000000-0000-0000-0000-000000000000"));
        assert!(!secret("DB_PASSWORD", ""));
    }

    #[test]
    fn paths_files_and_references_are_not_secrets() {
        assert!(!secret("DB_PASSWORD_FILE", "/run/secrets/db"));
        assert!(!secret("DB_PASSWORD", "/mnt/secrets-store/db-password"));
        assert!(!secret("TLS_KEY", "./certs/tls.key"));
        assert!(!secret("API_TOKEN", "file:/var/run/token"));
        assert!(!secret("CLIENT_SECRET", "C:\\secrets\\client"));
        assert!(!secret("DB_PASSWORD", "$(DB_PASSWORD_FROM_SECRET)"));
        assert!(!secret("AUTH", "Bearer $(TOKEN)"));
    }
}
