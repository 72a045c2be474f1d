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

/// One JSON scalar, read in a single pass: what a generated union of scalar shapes
/// (`oneOf: [{type: string}, {type: integer}]`) decodes before it picks the first of its
/// variants that fits. `#[serde(untagged)]` would buffer the value and then try each
/// variant in turn, which costs several times more (`tests/benches/decode.rs`).
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    /// A JSON string.
    String(String),
    /// `true` or `false`.
    Bool(bool),
    /// A negative integer (or any integer the format reads as signed).
    I64(i64),
    /// A non-negative integer.
    U64(u64),
    /// A number with a fraction or an exponent.
    F64(f64),
}

impl Scalar {
    /// The value as an `i32`, if it is an integer in range.
    pub fn to_i32(&self) -> Option<i32> {
        match *self {
            Scalar::I64(value) => i32::try_from(value).ok(),
            Scalar::U64(value) => i32::try_from(value).ok(),
            _ => None,
        }
    }

    /// The value as an `i64`, if it is an integer in range.
    pub fn to_i64(&self) -> Option<i64> {
        match *self {
            Scalar::I64(value) => Some(value),
            Scalar::U64(value) => i64::try_from(value).ok(),
            _ => None,
        }
    }

    /// The value as a JSON number, if it is one.
    pub fn to_number(&self) -> Option<serde_json::Number> {
        match *self {
            Scalar::I64(value) => Some(value.into()),
            Scalar::U64(value) => Some(value.into()),
            Scalar::F64(value) => serde_json::Number::from_f64(value),
            _ => None,
        }
    }

    /// The error for a value that fits none of the variants.
    pub fn mismatch<E: de::Error>(&self, expecting: &str) -> E {
        let unexpected = match self {
            Scalar::String(value) => de::Unexpected::Str(value),
            Scalar::Bool(value) => de::Unexpected::Bool(*value),
            Scalar::I64(value) => de::Unexpected::Signed(*value),
            Scalar::U64(value) => de::Unexpected::Unsigned(*value),
            Scalar::F64(value) => de::Unexpected::Float(*value),
        };
        E::invalid_type(unexpected, &expecting)
    }
}

/// Decode one JSON scalar; anything else (an object, an array, `null`) is an error that
/// says what was `expecting` (`"a string or an integer"`).
pub fn deserialize_scalar<'de, D>(
    deserializer: D,
    expecting: &'static str,
) -> Result<Scalar, D::Error>
where
    D: Deserializer<'de>,
{
    struct ScalarVisitor(&'static str);

    impl Visitor<'_> for ScalarVisitor {
        type Value = Scalar;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0)
        }

        fn visit_bool<E: de::Error>(self, value: bool) -> Result<Scalar, E> {
            Ok(Scalar::Bool(value))
        }

        fn visit_i64<E: de::Error>(self, value: i64) -> Result<Scalar, E> {
            Ok(Scalar::I64(value))
        }

        fn visit_u64<E: de::Error>(self, value: u64) -> Result<Scalar, E> {
            Ok(Scalar::U64(value))
        }

        fn visit_f64<E: de::Error>(self, value: f64) -> Result<Scalar, E> {
            Ok(Scalar::F64(value))
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<Scalar, E> {
            Ok(Scalar::String(value.to_owned()))
        }

        fn visit_string<E: de::Error>(self, value: String) -> Result<Scalar, E> {
            Ok(Scalar::String(value))
        }
    }

    deserializer.deserialize_any(ScalarVisitor(expecting))
}

/// Decode `documented` JSON text as `T` and encode it back, panicking (with `place`, the
/// example's location in the spec) unless the result is equal JSON: explicit nulls, empty
/// arrays and integer-versus-float numbers included. The round-trip tests generated into
/// each crate (`tests/examples.rs`) call it once per documented example.
pub fn assert_round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(
    place: &str,
    documented: &str,
) {
    let documented: serde_json::Value =
        serde_json::from_str(documented).unwrap_or_else(|e| panic!("{place}: {e}"));
    let decoded: T = serde_json::from_value(documented.clone())
        .unwrap_or_else(|e| panic!("{place}: decode: {e}"));
    let encoded = serde_json::to_value(&decoded).unwrap_or_else(|e| panic!("{place}: encode: {e}"));
    assert_eq!(encoded, documented, "{place}: re-encoded JSON differs");
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

    /// Decode like a generated union of `[integer (int32), number, string]`.
    fn union(json: &str) -> Result<String, String> {
        struct Union(String);
        impl<'de> Deserialize<'de> for Union {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                const EXPECTING: &str = "a 32-bit integer, a number or a string";
                match super::deserialize_scalar(deserializer, EXPECTING)? {
                    super::Scalar::String(value) => Ok(Union(format!("string {value}"))),
                    scalar => {
                        if let Some(value) = scalar.to_i32() {
                            return Ok(Union(format!("i32 {value}")));
                        }
                        if let Some(value) = scalar.to_number() {
                            return Ok(Union(format!("number {value}")));
                        }
                        Err(scalar.mismatch(EXPECTING))
                    }
                }
            }
        }
        serde_json::from_str::<Union>(json)
            .map(|union| union.0)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn scalar_unions_pick_the_first_variant_that_fits() {
        assert_eq!(union(r#""401""#).unwrap(), "string 401");
        assert_eq!(union(r#""a\"b""#).unwrap(), "string a\"b");
        assert_eq!(union("500").unwrap(), "i32 500");
        assert_eq!(union("-5").unwrap(), "i32 -5");
        // Out of the int32 range, or with a fraction: the next variant that fits.
        assert_eq!(union("4294967296").unwrap(), "number 4294967296");
        assert_eq!(
            union("18446744073709551615").unwrap(),
            "number 18446744073709551615"
        );
        assert_eq!(union("1.5").unwrap(), "number 1.5");
        assert_eq!(union("100.0").unwrap(), "number 100.0");
    }

    #[test]
    fn scalar_unions_name_what_they_expect() {
        let error = union("true").unwrap_err();
        assert!(
            error.starts_with(
                "invalid type: boolean `true`, expected a 32-bit integer, a number or a string"
            ),
            "{error}"
        );
        let error = union(r#"{"a": 1}"#).unwrap_err();
        assert!(
            error.starts_with("invalid type: map, expected a 32-bit integer, a number or a string"),
            "{error}"
        );
        assert!(union("null").is_err());
    }

    #[test]
    fn scalar_conversions_check_ranges() {
        use super::Scalar;
        assert_eq!(Scalar::U64(u64::MAX).to_i64(), None);
        assert_eq!(Scalar::I64(i64::from(i32::MIN) - 1).to_i32(), None);
        assert_eq!(Scalar::I64(-1).to_i64(), Some(-1));
        assert_eq!(Scalar::F64(2.0).to_i64(), None);
        assert_eq!(Scalar::String("1".into()).to_number(), None);
        assert_eq!(Scalar::Bool(true).to_i32(), None);
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
