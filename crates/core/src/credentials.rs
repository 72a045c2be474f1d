//! Credentials, kept out of `Debug` and `Display`.

use std::fmt;

/// A secret string: readable through [`Secret::expose`] only, redacted everywhere else.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wrap a secret value.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself, for the one place that must send it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(\"** redacted **\")")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("** redacted **")
    }
}

/// How calls authenticate.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Credentials {
    /// An IAM token, sent as `X-Auth-Token`.
    Token(Secret),
}

impl Credentials {
    /// Authenticate with an IAM token (the `X-Subject-Token` that IAM returns).
    pub fn token(token: impl Into<String>) -> Self {
        Credentials::Token(Secret::new(token))
    }

    /// The headers that authenticate a request.
    pub(crate) fn auth_headers(&self) -> Vec<(&'static str, &str)> {
        match self {
            Credentials::Token(token) => vec![("X-Auth-Token", token.expose())],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_is_redacted_in_debug_and_display() {
        let credentials = Credentials::token("very-secret-token");
        let shown = format!("{credentials:?} {}", Secret::new("very-secret-token"));
        assert!(!shown.contains("very-secret-token"), "{shown}");
        assert!(shown.contains("redacted"), "{shown}");
    }
}
