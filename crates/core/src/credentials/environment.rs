//! The environment variables a provider reads, behind a lookup function so that tests
//! (and applications) can supply their own environment instead of the process's.

use std::fmt;
use std::sync::Arc;

/// A function from a variable's name to its value.
type Lookup = dyn Fn(&str) -> Option<String> + Send + Sync;

/// A source of environment variables. Blank values count as unset.
#[derive(Clone)]
pub struct Environment(Arc<Lookup>);

impl Environment {
    /// The process environment.
    pub fn process() -> Self {
        Environment::from_lookup(|name| std::env::var(name).ok())
    }

    /// Variables read through `lookup`.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static) -> Self {
        Environment(Arc::new(lookup))
    }

    /// The variable's value, trimmed; `None` when unset or blank.
    pub fn get(&self, name: &str) -> Option<String> {
        (self.0)(name)
            .map(|value| value.trim().to_owned())
            .filter(|value| !value.is_empty())
    }
}

impl fmt::Debug for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The values may be secrets; the lookup itself has nothing to show.
        f.write_str("Environment")
    }
}
