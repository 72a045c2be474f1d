//! Open enums: the behaviour every generated enum shares, written once.
//!
//! A generated crate declares an enum with [`open_enum!`](crate::open_enum!), giving
//! its documented values; the macro adds the `Unknown(String)` variant that keeps a value
//! the docs never listed, the documented list, the string form, `From<&str>`,
//! `From<String>`, `FromStr`, `Display`, and serde through the one string visitor of
//! [`serde_support::deserialize_open_enum`](crate::serde_support::deserialize_open_enum).

/// The serde crate the expansion of [`open_enum!`](crate::open_enum!) names, so that a
/// generated crate need not name it itself.
#[doc(hidden)]
pub use serde as __serde;

/// Declare an open enum: its documentation, name and documented values.
///
/// ```
/// huaweicloud_sdk_core::open_enum! {
///     /// A playbook instance's state.
///     pub enum State {
///         /// `RUNNING`
///         Running = "RUNNING",
///         /// `ROLLED BACK`
///         RolledBack = "ROLLED BACK",
///     }
/// }
///
/// assert_eq!(State::from("ROLLED BACK"), State::RolledBack);
/// assert_eq!(State::from("PAUSED").as_str(), "PAUSED");
/// assert!(!State::from("PAUSED").is_documented());
/// assert_eq!(State::DOCUMENTED, ["RUNNING", "ROLLED BACK"]);
/// assert_eq!(serde_json::to_string(&State::Running).unwrap(), "\"RUNNING\"");
/// let decoded: State = serde_json::from_str("\"NEW\"").unwrap();
/// assert_eq!(decoded, State::Unknown("NEW".into()));
/// ```
#[macro_export]
macro_rules! open_enum {
    (
        $(#[$attr:meta])*
        $vis:vis enum $name:ident {
            $($(#[$variant_attr:meta])* $variant:ident = $value:literal,)*
        }
    ) => {
        $(#[$attr])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        $vis enum $name {
            $($(#[$variant_attr])* $variant,)*
            /// A value not documented when this crate was generated.
            Unknown(String),
        }

        impl $name {
            /// The documented values, in the order the spec lists them.
            pub const DOCUMENTED: &'static [&'static str] = &[$($value),*];

            /// The value on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Unknown(value) => value,
                }
            }

            /// Whether this is one of the documented values.
            pub fn is_documented(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }

        impl ::core::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl ::core::convert::From<String> for $name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    $($value => Self::$variant,)*
                    _ => Self::Unknown(value),
                }
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = ::core::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value))
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::open_enum::__serde::Serialize for $name {
            fn serialize<S: $crate::open_enum::__serde::Serializer>(
                &self,
                serializer: S,
            ) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::open_enum::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::open_enum::__serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Self, D::Error> {
                $crate::serde_support::deserialize_open_enum(deserializer)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    crate::open_enum! {
        /// Two documented values.
        pub enum Switch {
            /// `ON`
            On = "ON",
            /// `OFF`
            Off = "OFF",
        }
    }

    crate::open_enum! {
        /// No documented value at all.
        enum Empty {}
    }

    #[test]
    fn documented_values_map_both_ways() {
        assert_eq!(Switch::DOCUMENTED, ["ON", "OFF"]);
        for value in Switch::DOCUMENTED {
            let switch = Switch::from(*value);
            assert!(switch.is_documented());
            assert_eq!(switch.as_str(), *value);
            assert_eq!(switch.to_string(), *value);
            assert_eq!(Switch::from(value.to_string()), switch);
        }
        assert_eq!(Switch::from("ON"), Switch::On);
    }

    #[test]
    fn undocumented_values_are_kept() {
        let other: Switch = "DIMMED".parse().unwrap_or_else(|never| match never {});
        assert_eq!(other, Switch::Unknown("DIMMED".to_owned()));
        assert!(!other.is_documented());
        assert_eq!(Empty::from("x").as_str(), "x");
        assert!(Empty::DOCUMENTED.is_empty());
        assert!(!Empty::from("x".to_owned()).is_documented());
    }

    #[test]
    fn serde_uses_the_string_form() {
        let decoded: Switch = serde_json::from_str("\"OFF\"").unwrap();
        assert_eq!(decoded, Switch::Off);
        let decoded: Switch = serde_json::from_str("\"DIMMED\"").unwrap();
        assert_eq!(serde_json::to_string(&decoded).unwrap(), "\"DIMMED\"");
        assert!(serde_json::from_str::<Switch>("1").is_err());
    }
}
