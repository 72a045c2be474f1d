//! Serde pieces that generated models share, so each model stays a plain derive.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, Visitor};

/// Decode an open enum from a JSON string: a documented value becomes its variant, any
/// other string the `Unknown` variant, so a new server value never fails a call.
pub fn deserialize_open_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str> + From<String>,
{
    struct OpenEnumVisitor<T>(PhantomData<T>);

    impl<T> Visitor<'_> for OpenEnumVisitor<T>
    where
        T: for<'a> From<&'a str> + From<String>,
    {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
            Ok(T::from(value))
        }

        fn visit_string<E: de::Error>(self, value: String) -> Result<T, E> {
            Ok(T::from(value))
        }
    }

    deserializer.deserialize_str(OpenEnumVisitor(PhantomData))
}

/// Decode a field that may be absent, `null` or a value into `Option<Option<T>>`:
/// `None` when absent (via `#[serde(default)]`), `Some(None)` for an explicit `null`.
/// Keeping the difference lets a reply re-encode exactly as it arrived.
pub fn deserialize_nullable<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Debug, PartialEq)]
    enum Color {
        Red,
        Unknown(String),
    }

    impl From<&str> for Color {
        fn from(value: &str) -> Self {
            match value {
                "RED" => Color::Red,
                other => Color::Unknown(other.to_owned()),
            }
        }
    }

    impl From<String> for Color {
        fn from(value: String) -> Self {
            match value.as_str() {
                "RED" => Color::Red,
                _ => Color::Unknown(value),
            }
        }
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct Paint {
        #[serde(deserialize_with = "super::deserialize_open_enum")]
        color: Color,
        #[serde(default, deserialize_with = "super::deserialize_nullable")]
        note: Option<Option<String>>,
    }

    #[test]
    fn open_enum_keeps_unknown_values() {
        let paint: Paint = serde_json::from_str(r#"{"color":"TEAL"}"#).unwrap();
        assert_eq!(paint.color, Color::Unknown("TEAL".into()));
        let paint: Paint = serde_json::from_str(r#"{"color":"RED"}"#).unwrap();
        assert_eq!(paint.color, Color::Red);
    }

    #[test]
    fn nullable_tells_absent_from_null() {
        let absent: Paint = serde_json::from_str(r#"{"color":"RED"}"#).unwrap();
        let null: Paint = serde_json::from_str(r#"{"color":"RED","note":null}"#).unwrap();
        let set: Paint = serde_json::from_str(r#"{"color":"RED","note":"x"}"#).unwrap();
        assert_eq!(absent.note, None);
        assert_eq!(null.note, Some(None));
        assert_eq!(set.note, Some(Some("x".into())));
    }
}
