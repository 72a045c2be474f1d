//! Lengths that a row's prose states (`The length of the key is 10.`), written onto the
//! schema they bound: the row's own string, array or map, or a field of the object the
//! row holds (the page states `CustomAttribute.key`'s limit only in the row of
//! `custom_attributes`).

use crate::naming;
use crate::page::text::StatedLength;
use crate::yaml::Node;

use super::entry;

type Map = Vec<(String, Node)>;

/// Words that name the row's own array or map rather than one of its fields.
const CONTAINER_WORDS: &[&str] = &["map", "array", "list", "数组", "列表"];

/// Words that name each element of the row's array (`每个字符串的长度为128`).
const ELEMENT_WORDS: &[&str] = &["每个字符串", "每个元素", "each string", "each element"];

/// Whether a stated length is about the row itself: no subject, its name, or its
/// container. (A length stated on a row that holds no object is the row's too: a
/// string has no fields; the caller settles that.)
pub fn names_own(row_name: &str, stated: &StatedLength) -> bool {
    let leaf = row_name.rsplit('.').next().unwrap_or(row_name);
    stated.subject.is_empty()
        || CONTAINER_WORDS.contains(&stated.subject.as_str())
        || ELEMENT_WORDS.contains(&stated.subject.as_str())
        || naming::same_field(leaf, &stated.subject)
}

/// Whether a length stated on an array of scalars names a part of each item (`key的长度
/// 不超过36个字符` on tags written `key.value`): a count of characters, never of items.
pub fn names_item_part(row_name: &str, schema: &Map, stated: &StatedLength) -> bool {
    matches!(keywords(schema), Some((_, "maxItems"))) && !names_own(row_name, stated)
}

/// The message of a length [`names_item_part`] leaves unwritten.
pub fn item_part_message(stated: &StatedLength) -> String {
    format!(
        "The prose states a length of {}, a part of each item, not the number of items; nothing is written.",
        said(stated)
    )
}

/// The field of an object's `properties` that a stated length names.
pub fn field<'m>(properties: &'m mut Map, stated: &StatedLength) -> Option<(&'m str, &'m mut Map)> {
    properties
        .iter_mut()
        .find(|(name, _)| naming::same_field(name, &stated.subject))
        .and_then(|(name, node)| match node {
            Node::Map(schema) => Some((name.as_str(), schema)),
            _ => None,
        })
}

/// Writes the bounds onto the schema: `minLength`/`maxLength` of a string,
/// `minItems`/`maxItems` of an array, `minProperties`/`maxProperties` of a map. A
/// bound the schema already states is kept; `Err` says why a stated one was not
/// written (another value, or a schema no length bounds).
pub fn bound(schema: &mut Map, stated: &StatedLength) -> Result<(), String> {
    if ELEMENT_WORDS.contains(&stated.subject.as_str())
        && let Some((_, Node::Map(items))) = schema.iter_mut().find(|(key, _)| key == "items")
    {
        let element = StatedLength {
            subject: String::new(),
            ..stated.clone()
        };
        return bound(items, &element);
    }
    let Some((min_keyword, max_keyword)) = keywords(schema) else {
        return Err(format!(
            "the prose states a length of {}, but this is not a string, array or map; nothing is written.",
            said(stated)
        ));
    };
    let mut bounds = vec![(max_keyword, stated.max.as_str())];
    bounds.extend(stated.min.as_deref().map(|min| (min_keyword, min)));
    for (keyword, value) in bounds {
        let Ok(value) = value.parse::<serde_json::Number>() else {
            return Err(format!("`{value}` is not a number"));
        };
        match schema.iter().find(|(key, _)| key == keyword) {
            Some((_, Node::Number(existing))) if *existing == value => {}
            Some((_, existing)) => {
                return Err(format!(
                    "the prose states a length of {}, but the table gives {keyword} {}; the table's is kept.",
                    said(stated),
                    describe(existing)
                ));
            }
            None => {
                // Before `items`, as the hand-written specs order an array's keywords;
                // the lower bound before the upper one.
                let at = schema
                    .iter()
                    .position(|(key, _)| key == "items" || key == max_keyword)
                    .unwrap_or(schema.len());
                schema.insert(at, entry(keyword, Node::Number(value)));
            }
        }
    }
    Ok(())
}

fn said(stated: &StatedLength) -> String {
    let bounds = match &stated.min {
        Some(min) => format!("{min} to {}", stated.max),
        None => format!("at most {}", stated.max),
    };
    match stated.subject.as_str() {
        "" => bounds,
        subject => format!("{bounds} for `{subject}`"),
    }
}

fn keywords(schema: &Map) -> Option<(&'static str, &'static str)> {
    let ty = schema
        .iter()
        .find_map(|(key, node)| match (key.as_str(), node) {
            ("type", Node::String(ty)) => Some(ty.as_str()),
            _ => None,
        })?;
    let is_map = schema.iter().any(|(key, _)| key == "additionalProperties");
    match ty {
        "string" => Some(("minLength", "maxLength")),
        "array" => Some(("minItems", "maxItems")),
        "object" if is_map => Some(("minProperties", "maxProperties")),
        _ => None,
    }
}

fn describe(node: &Node) -> String {
    match node {
        Node::Number(number) => number.to_string(),
        Node::String(text) => text.clone(),
        _ => "another value".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transcribe::string;

    fn stated(subject: &str, max: &str) -> StatedLength {
        StatedLength {
            subject: subject.to_owned(),
            min: None,
            max: max.to_owned(),
        }
    }

    #[test]
    fn each_element_bounds_the_items() {
        let mut list = vec![
            entry("type", string("array")),
            entry("maxItems", Node::Number(10.into())),
            entry("items", Node::Map(vec![entry("type", string("string"))])),
        ];
        let each = stated("每个字符串", "128");
        assert!(names_own("actions", &each));
        bound(&mut list, &each).unwrap();
        assert_eq!(
            list[2],
            entry(
                "items",
                Node::Map(vec![
                    entry("type", string("string")),
                    entry("maxLength", Node::Number(128.into()))
                ])
            )
        );
    }

    #[test]
    fn bounds_by_the_schema_shape() {
        let mut text = vec![entry("type", string("string"))];
        bound(&mut text, &stated("key", "10")).unwrap();
        assert_eq!(text[1], entry("maxLength", Node::Number(10.into())));
        // The same bound again is no conflict; another one is.
        bound(&mut text, &stated("key", "10")).unwrap();
        let conflict = bound(&mut text, &stated("key", "12")).unwrap_err();
        assert!(conflict.contains("maxLength 10"), "{conflict}");
        let mut name = vec![entry("type", string("string"))];
        let range = StatedLength {
            min: Some("1".into()),
            ..stated("", "255")
        };
        bound(&mut name, &range).unwrap();
        assert_eq!(
            name[1..],
            [
                entry("minLength", Node::Number(1.into())),
                entry("maxLength", Node::Number(255.into()))
            ]
        );

        let mut array = vec![
            entry("type", string("array")),
            entry("items", Node::Map(vec![entry("type", string("string"))])),
        ];
        bound(&mut array, &stated("map", "5")).unwrap();
        assert_eq!(array[1], entry("maxItems", Node::Number(5.into())));

        let mut flag = vec![entry("type", string("boolean"))];
        assert!(bound(&mut flag, &stated("flag", "5")).is_err());
        assert_eq!(flag.len(), 1);
    }

    #[test]
    fn a_part_of_each_item_is_not_the_number_of_items() {
        // ECS `tags`: `key的长度不超过36个字符，value的长度不超过43个字符`.
        let tags = vec![
            entry("type", string("array")),
            entry("items", Node::Map(vec![entry("type", string("string"))])),
        ];
        assert!(names_item_part("tags", &tags, &stated("key", "36")));
        assert!(!names_item_part("tags", &tags, &stated("", "36")));
        assert!(!names_item_part("tags", &tags, &stated("数组", "36")));
        let text = vec![entry("type", string("string"))];
        assert!(!names_item_part("name", &text, &stated("key", "36")));
    }

    #[test]
    fn own_or_a_field() {
        assert!(names_own("custom_attributes", &stated("map", "5")));
        assert!(names_own("meta.name", &stated("name", "5")));
        assert!(names_own("metric_name", &stated("", "5")));
        assert!(!names_own("custom_attributes", &stated("key", "10")));
        let mut properties = vec![
            entry("key", Node::Map(vec![entry("type", string("string"))])),
            entry("value", Node::Map(vec![entry("type", string("string"))])),
        ];
        let (name, _) = field(&mut properties, &stated("value", "20")).unwrap();
        assert_eq!(name, "value");
        assert!(field(&mut properties, &stated("colour", "20")).is_none());
    }
}
