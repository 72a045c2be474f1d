//! Checks of request parameters against their documented constraints.
//!
//! Generated builders call these before anything is sent. Each error names the
//! parameter and the rule, never the value, which may be a secret.

use std::fmt::Display;

use crate::error::{Error, InvalidInput, Rule};

/// A request model that can check its documented rules before it is sent.
///
/// Generated for every model that a request body contains. `at` is the path that
/// errors name the model by (`body`, `body.items[2]`).
pub trait Validate {
    /// Check every documented rule of the model and of the models it contains.
    fn validate(&self, at: &str) -> Result<(), Error>;
}

fn invalid(parameter: &str, rule: Rule) -> Error {
    InvalidInput {
        parameter: parameter.to_owned(),
        rule,
    }
    .into()
}

/// A required parameter's value, or an error naming it.
pub fn required<T>(parameter: &str, value: Option<T>) -> Result<T, Error> {
    value.ok_or_else(|| invalid(parameter, Rule::Required))
}

/// `value` has at least `min` characters.
pub fn min_length(parameter: &str, value: &str, min: u64) -> Result<(), Error> {
    let actual = value.chars().count() as u64;
    if actual < min {
        return Err(invalid(parameter, Rule::MinLength { min, actual }));
    }
    Ok(())
}

/// `value` has at most `max` characters.
pub fn max_length(parameter: &str, value: &str, max: u64) -> Result<(), Error> {
    let actual = value.chars().count() as u64;
    if actual > max {
        return Err(invalid(parameter, Rule::MaxLength { max, actual }));
    }
    Ok(())
}

/// `value` is at least `min`.
pub fn minimum<N: PartialOrd + Display>(parameter: &str, value: N, min: N) -> Result<(), Error> {
    if value < min {
        return Err(invalid(
            parameter,
            Rule::Minimum {
                min: min.to_string(),
                actual: value.to_string(),
            },
        ));
    }
    Ok(())
}

/// `value` is at most `max`.
pub fn maximum<N: PartialOrd + Display>(parameter: &str, value: N, max: N) -> Result<(), Error> {
    if value > max {
        return Err(invalid(
            parameter,
            Rule::Maximum {
                max: max.to_string(),
                actual: value.to_string(),
            },
        ));
    }
    Ok(())
}

/// `value` matches the documented regular expression `pattern`.
///
/// Patterns come from the generated code, so each is compiled once and cached.
#[cfg(feature = "patterns")]
#[cfg_attr(docsrs, doc(cfg(feature = "patterns")))]
pub fn pattern(parameter: &str, value: &str, pattern: &'static str) -> Result<(), Error> {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};

    use regex_lite::Regex;

    static CACHE: OnceLock<Mutex<HashMap<&'static str, Regex>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let mut cache = cache
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let regex = match cache.get(pattern) {
        Some(regex) => regex,
        None => {
            let compiled = Regex::new(pattern).map_err(|e| {
                Error::Config(format!(
                    "the documented pattern of `{parameter}` is not a valid regex: {e}"
                ))
            })?;
            cache.entry(pattern).or_insert(compiled)
        }
    };
    if !regex.is_match(value) {
        return Err(invalid(
            parameter,
            Rule::Pattern {
                pattern: pattern.to_owned(),
            },
        ));
    }
    Ok(())
}

/// An open enum's value is one of the documented ones.
pub fn documented_value(
    parameter: &str,
    is_documented: bool,
    allowed: &[&str],
) -> Result<(), Error> {
    if !is_documented {
        return Err(invalid(
            parameter,
            Rule::Enum {
                allowed: allowed.iter().map(|value| (*value).to_owned()).collect(),
            },
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_counts_characters_not_bytes() {
        assert!(max_length("name", "工单工单", 4).is_ok());
        let err = max_length("name", "工单工单x", 4).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid input: `name` must be at most 4 characters long (maxLength), but is 5"
        );
    }

    #[test]
    fn range_errors_name_the_bound() {
        let err = minimum("limit", 0, 1).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid input: `limit` must be at least 1 (minimum), but is 0"
        );
        assert!(maximum("limit", 1800, 1800).is_ok());
    }

    #[test]
    #[cfg(feature = "patterns")]
    fn pattern_mismatch_names_the_pattern() {
        assert!(pattern("id", "abc-1", "^[a-z0-9-]+$").is_ok());
        let err = pattern("id", "ABC", "^[a-z0-9-]+$").unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid input: `id` must match the pattern `^[a-z0-9-]+$`"
        );
    }

    #[test]
    fn missing_required_parameter_is_named() {
        let err = required::<String>("workspace_id", None).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid input: `workspace_id` is required but was not set"
        );
    }

    #[test]
    fn undocumented_enum_value_lists_the_documented_ones() {
        let err = documented_value("X-Language", false, &["zh-cn", "en-us"]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid input: `X-Language` must be one of zh-cn, en-us (enum)"
        );
    }
}
