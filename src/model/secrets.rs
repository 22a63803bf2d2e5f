//! Which literal values look like credentials. The loader keeps only those
//! (without the value) once a workload's pod spec is gone, so a scan never
//! holds a secret longer than the file it came from.

const SECRET_NAMES: [&str; 12] = [
    "password",
    "passwd",
    "secret",
    "token",
    "apikey",
    "api_key",
    "accesskey",
    "access_key",
    "privatekey",
    "private_key",
    "credential",
    "connectionstring",
];

/// What makes an environment variable look like a secret, if anything.
pub fn secret_kind(name: &str, value: &str) -> Option<&'static str> {
    let v = value.trim();
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
    let key = name.to_ascii_lowercase().replace('-', "_");
    let flat = key.replace('_', "");
    let named = SECRET_NAMES
        .iter()
        .any(|s| key.contains(s) || flat.contains(s));
    let plain = v.len() < 8
        || lower.starts_with("http://")
        || lower.starts_with("https://")
        || parse_bool_like(&lower)
        || v.chars().all(|c| c.is_ascii_digit() || c == '.');
    (named && !plain).then_some("secret-named value")
}

fn parse_bool_like(v: &str) -> bool {
    matches!(v, "true" | "false" | "yes" | "no" | "on" | "off")
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

    #[test]
    fn secret_shapes_are_recognised_and_plain_values_are_not() {
        assert!(secret_kind("DB_PASSWORD", "S3cr3t-P@ssw0rd").is_some());
        assert!(secret_kind("API-TOKEN", "abcd1234efgh").is_some());
        assert!(
            secret_kind(
                "STORAGE",
                "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=abc=="
            )
            .is_some()
        );
        assert!(
            secret_kind(
                "X",
                "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig_nature-xyz"
            )
            .is_some()
        );
        assert!(secret_kind("CLIENT", "abc8Q~abcdefghijklmnopqrstuvwxyz01234567").is_some());
        assert!(secret_kind("TOKEN_URL", "https://login.microsoftonline.com/t").is_none());
        assert!(secret_kind("PASSWORD_MIN_LENGTH", "12").is_none());
        assert!(secret_kind("LOG_LEVEL", "debug-verbose").is_none());
        assert!(secret_kind("SECRET_ROTATION", "true").is_none());
    }
}
