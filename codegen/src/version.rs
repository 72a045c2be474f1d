//! Crate versions (`MAJOR.MINOR.PATCH`) and the bump a change needs, the way Cargo reads
//! them: before 1.0 the minor number is the breaking one.

use std::fmt;
use std::str::FromStr;

/// A release version, without pre-release or build parts (releases never use them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    /// Breaking releases from 1.0 on.
    pub major: u64,
    /// Additions from 1.0 on; breaking releases before.
    pub minor: u64,
    /// Fixes; additions before 1.0.
    pub patch: u64,
}

/// Which number of a version to raise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// `x.y.Z`
    Patch,
    /// `x.Y.0`
    Minor,
    /// `X.0.0`
    Major,
}

impl Version {
    /// The version of a crate that was never released.
    pub const FIRST: Version = Version {
        major: 0,
        minor: 1,
        patch: 0,
    };

    /// This version with `level` raised and the numbers after it reset.
    pub fn raised(self, level: Level) -> Version {
        match level {
            Level::Major => Version {
                major: self.major + 1,
                minor: 0,
                patch: 0,
            },
            Level::Minor => Version {
                minor: self.minor + 1,
                patch: 0,
                ..self
            },
            Level::Patch => Version {
                patch: self.patch + 1,
                ..self
            },
        }
    }

    /// The number to raise for a breaking change (`minor` before 1.0) or a compatible one.
    pub fn level_for(self, breaking: bool) -> Level {
        match (breaking, self.major) {
            (true, 0) => Level::Minor,
            (true, _) => Level::Major,
            (false, 0) => Level::Patch,
            (false, _) => Level::Minor,
        }
    }

    /// Whether a Cargo requirement `^self` accepts `other` (same major, or same minor
    /// before 1.0, or the same version before 0.1).
    pub fn compatible_with(self, other: Version) -> bool {
        match (self.major, self.minor) {
            (0, 0) => self == other,
            (0, minor) => other.major == 0 && other.minor == minor && other >= self,
            (major, _) => other.major == major && other >= self,
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

impl FromStr for Version {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad =
            || format!("`{text}` is not a version of the form MAJOR.MINOR.PATCH (e.g. 0.1.0)");
        let mut parts = text.split('.');
        let mut number = || {
            parts
                .next()
                .filter(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|part| part.parse::<u64>().ok())
                .ok_or_else(bad)
        };
        let version = Version {
            major: number()?,
            minor: number()?,
            patch: number()?,
        };
        if parts.next().is_some() {
            return Err(bad());
        }
        Ok(version)
    }
}

impl FromStr for Level {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "major" => Ok(Level::Major),
            "minor" => Ok(Level::Minor),
            "patch" => Ok(Level::Patch),
            other => Err(format!(
                "`{other}` is not a level; say major, minor or patch"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        text.parse().unwrap()
    }

    #[test]
    fn breaking_changes_raise_the_minor_number_before_1_0() {
        assert_eq!(v("0.1.3").raised(v("0.1.3").level_for(true)), v("0.2.0"));
        assert_eq!(v("0.1.3").raised(v("0.1.3").level_for(false)), v("0.1.4"));
        assert_eq!(v("1.2.3").raised(v("1.2.3").level_for(true)), v("2.0.0"));
        assert_eq!(v("1.2.3").raised(v("1.2.3").level_for(false)), v("1.3.0"));
    }

    #[test]
    fn compatibility_follows_cargo_caret_requirements() {
        assert!(v("0.1.0").compatible_with(v("0.1.4")));
        assert!(!v("0.1.0").compatible_with(v("0.2.0")));
        assert!(v("1.0.0").compatible_with(v("1.5.0")));
        assert!(!v("1.0.0").compatible_with(v("2.0.0")));
        assert!(!v("0.0.1").compatible_with(v("0.0.2")));
    }

    #[test]
    fn malformed_versions_are_refused() {
        for bad in ["0.1", "0.1.0.0", "v0.1.0", "0.1.x", "0..1", "0.1.0-beta"] {
            assert!(bad.parse::<Version>().is_err(), "{bad}");
        }
    }
}
