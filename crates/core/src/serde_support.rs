//! Serde pieces that generated models share, written once here so that the code each
//! model carries stays small.
//!
//! A generated crate writes out `Serialize` and `Deserialize` of its structs (its
//! `codec.rs`) instead of deriving them: the derive expands to about three times as much
//! code, which is most of a large crate's compile time (BENCHMARKS.md, compile cost).
//! What every struct's decoding shares, reading a key and skipping a value nobody
//! documented, is here, compiled once per format instead of once per struct.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeStruct};

/// The next key of `map` that names one of `fields` (a struct's JSON names), as its
/// index; keys that name none are read past with their values, as a derived
/// `Deserialize` ignores unknown fields. `None` at the end of the map.
///
/// A key that comes twice keeps its last value, as the official SDKs' JSON decoders do.
pub fn next_field<'de, A: MapAccess<'de>>(
    map: &mut A,
    fields: &'static [&'static str],
) -> Result<Option<usize>, A::Error> {
    while let Some(key) = map.next_key_seed(FieldSeed(fields))? {
        match key {
            Key::Field(index) => return Ok(Some(index)),
            Key::Other(()) => {
                map.next_value::<IgnoredAny>()?;
            }
        }
    }
    Ok(None)
}

/// A key of a struct that keeps the properties it does not name (`additionalProperties`):
/// one of its `fields`, or any other key, kept as it came.
pub fn next_key<'de, A: MapAccess<'de>>(
    map: &mut A,
    fields: &'static [&'static str],
) -> Result<Option<Key<String>>, A::Error> {
    map.next_key_seed(KeySeed(fields))
}

/// A key of a JSON object decoded into a struct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key<T> {
    /// The index of the field it names, in the struct's list of JSON names.
    Field(usize),
    /// A key no field names.
    Other(T),
}

/// Decode the value of the key just read into `slot`.
pub fn fill<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
    slot: &mut T,
    map: &mut A,
) -> Result<(), A::Error> {
    *slot = map.next_value()?;
    Ok(())
}

/// Decode the value of the key just read into `slot`, as present: a required field, or
/// a nullable one whose `null` is `Some(None)`.
pub fn fill_some<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
    slot: &mut Option<T>,
    map: &mut A,
) -> Result<(), A::Error> {
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Write an optional field of a struct, if it is set.
pub fn optional_field<S: SerializeStruct, T: Serialize>(
    state: &mut S,
    key: &'static str,
    value: &Option<T>,
) -> Result<(), S::Error> {
    match value {
        Some(value) => state.serialize_field(key, value),
        None => Ok(()),
    }
}

/// Write an optional entry of a map, if it is set.
pub fn optional_entry<S: SerializeMap, T: Serialize>(
    state: &mut S,
    key: &'static str,
    value: &Option<T>,
) -> Result<(), S::Error> {
    match value {
        Some(value) => state.serialize_entry(key, value),
        None => Ok(()),
    }
}

/// How many of a struct's optional fields are set: part of the length a serializer is
/// told before the fields.
pub fn count_set(set: &[bool]) -> usize {
    set.iter().filter(|set| **set).count()
}

/// The value of a required field, or serde's "missing field" error.
pub fn required<T, E: de::Error>(value: Option<T>, field: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(field))
}

/// Reads a key as the index of the field it names; any other key is dropped.
struct FieldSeed(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for FieldSeed {
    type Value = Key<()>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key<()>, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for FieldSeed {
    type Value = Key<()>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key<()>, E> {
        Ok(field_index(self.0, key).map_or(Key::Other(()), Key::Field))
    }
}

/// Reads a key as the index of the field it names, or keeps it.
struct KeySeed(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key<String>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key<String>, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for KeySeed {
    type Value = Key<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Key<String>, E> {
        Ok(field_index(self.0, key).map_or_else(|| Key::Other(key.to_owned()), Key::Field))
    }

    fn visit_string<E: de::Error>(self, key: String) -> Result<Key<String>, E> {
        Ok(field_index(self.0, &key).map_or(Key::Other(key), Key::Field))
    }
}

fn field_index(fields: &[&str], key: &str) -> Option<usize> {
    fields.iter().position(|field| *field == key)
}

/// Decode a field that may be absent, `null` or a value into `Option<Option<T>>`:
/// `None` when absent (via `#[serde(default)]`), `Some(None)` for an explicit `null`.
/// Keeping the difference lets a reply re-encode exactly as it arrived. Crates generated
/// before the models' codec was written out use it; kept so that they build with this
/// runtime.
pub fn deserialize_nullable<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

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

    /// A struct decoded as a generated codec decodes one: `id` required, `name` optional.
    #[derive(Debug, PartialEq)]
    struct Part {
        id: String,
        name: Option<String>,
    }

    impl<'de> Deserialize<'de> for Part {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            const FIELDS: &[&str] = &["id", "name"];
            struct PartVisitor;
            impl<'de> serde::de::Visitor<'de> for PartVisitor {
                type Value = Part;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("struct Part")
                }
                fn visit_map<A: serde::de::MapAccess<'de>>(
                    self,
                    mut map: A,
                ) -> Result<Part, A::Error> {
                    let mut id: Option<String> = None;
                    let mut name: Option<String> = None;
                    while let Some(index) = super::next_field(&mut map, FIELDS)? {
                        match index {
                            0 => super::fill_some(&mut id, &mut map),
                            1 => super::fill(&mut name, &mut map),
                            _ => Ok(()),
                        }?;
                    }
                    Ok(Part {
                        id: super::required(id, "id")?,
                        name,
                    })
                }
            }
            deserializer.deserialize_struct("Part", FIELDS, PartVisitor)
        }
    }

    #[test]
    fn next_field_reads_past_unknown_keys_and_keeps_the_last_of_a_repeated_one() {
        let part: Part = serde_json::from_str(
            r#"{"x":{"deep":[1,{"y":2}]},"id":"a","name":"n","id":"b","z":null}"#,
        )
        .unwrap();
        assert_eq!(
            part,
            Part {
                id: "b".into(),
                name: Some("n".into())
            }
        );
        let part: Part = serde_json::from_str(r#"{"id":"a","name":null}"#).unwrap();
        assert_eq!(part.name, None);
    }

    #[test]
    fn a_missing_required_field_and_a_wrong_type_are_errors_that_name_them() {
        let missing = serde_json::from_str::<Part>(r#"{"name":"n"}"#).unwrap_err();
        assert!(
            missing.to_string().contains("missing field `id`"),
            "{missing}"
        );
        let wrong = serde_json::from_str::<Part>(r#"{"id":3}"#).unwrap_err();
        assert!(
            wrong.to_string().contains("invalid type: integer `3`"),
            "{wrong}"
        );
        let not_an_object = serde_json::from_str::<Part>("[1]").unwrap_err();
        assert!(
            not_an_object.to_string().contains("expected struct Part"),
            "{not_an_object}"
        );
    }

    #[test]
    fn next_key_tells_fields_from_other_keys() {
        struct Keys(Vec<super::Key<String>>);
        impl<'de> Deserialize<'de> for Keys {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct KeysVisitor;
                impl<'de> serde::de::Visitor<'de> for KeysVisitor {
                    type Value = Keys;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str("an object")
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(
                        self,
                        mut map: A,
                    ) -> Result<Keys, A::Error> {
                        let mut keys = Vec::new();
                        while let Some(key) = super::next_key(&mut map, &["id", "name"])? {
                            map.next_value::<serde::de::IgnoredAny>()?;
                            keys.push(key);
                        }
                        Ok(Keys(keys))
                    }
                }
                deserializer.deserialize_map(KeysVisitor)
            }
        }
        // An escaped key arrives as an owned string.
        let keys: Keys = serde_json::from_str(r#"{"name":1,"k\u0065y":2,"id":3}"#).unwrap();
        assert_eq!(
            keys.0,
            [
                super::Key::Field(1),
                super::Key::Other("key".into()),
                super::Key::Field(0)
            ]
        );
    }

    #[test]
    fn optional_fields_are_written_only_when_set_and_counted() {
        use serde::ser::SerializeStruct;
        let mut out = Vec::new();
        let mut serializer = serde_json::Serializer::new(&mut out);
        let (set, unset, null) = (Some(1), None::<i32>, Some(None::<i32>));
        let len = super::count_set(&[set.is_some(), unset.is_some(), null.is_some()]);
        assert_eq!(len, 2);
        let mut state = serde::Serializer::serialize_struct(&mut serializer, "T", len).unwrap();
        super::optional_field(&mut state, "set", &set).unwrap();
        super::optional_field(&mut state, "unset", &unset).unwrap();
        super::optional_field(&mut state, "null", &null).unwrap();
        state.end().unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), r#"{"set":1,"null":null}"#);
    }
}
