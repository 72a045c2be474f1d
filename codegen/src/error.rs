//! Errors in a spec, located by file and JSON pointer.

use std::fmt;

/// A problem with a spec: where it is and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecError {
    /// The spec file (`specs/coc.yaml`).
    pub file: String,
    /// JSON pointer to the offending node (`/paths/~1v1~1jobs/get/parameters/2`), or the
    /// line and column for YAML syntax errors.
    pub location: String,
    /// What is wrong, as a sentence.
    pub message: String,
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}: {}", self.file, self.location, self.message)
    }
}

impl std::error::Error for SpecError {}

/// Builds located errors for one spec file.
#[derive(Debug, Clone)]
pub struct Locator {
    file: String,
}

impl Locator {
    /// Errors of `file`.
    pub fn new(file: &str) -> Self {
        Locator {
            file: file.to_owned(),
        }
    }

    /// An error at JSON pointer `pointer` (without the leading `#`).
    pub fn at(&self, pointer: &str, message: impl Into<String>) -> SpecError {
        SpecError {
            file: self.file.clone(),
            location: format!("#{pointer}"),
            message: message.into(),
        }
    }

    /// An error at a line and column of the YAML text.
    pub fn at_line(&self, line: usize, column: usize, message: impl Into<String>) -> SpecError {
        SpecError {
            file: self.file.clone(),
            location: format!(":{line}:{column}"),
            message: message.into(),
        }
    }

    /// The file this locator reports on.
    pub fn file(&self) -> &str {
        &self.file
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_read_as_file_pointer_message() {
        let error = Locator::new("specs/coc.yaml").at("/paths/~1v1/get", "no operationId");
        assert_eq!(
            error.to_string(),
            "specs/coc.yaml#/paths/~1v1/get: no operationId"
        );
    }
}
