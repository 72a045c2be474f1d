//! YAML text to a tree that keeps the document's key order, read once.
//!
//! The generator needs the spec twice over: as typed OpenAPI, whose maps must keep the
//! spec's order (operations and fields are emitted in it), and as a JSON tree for
//! pointers (`serde_json::Value` sorts its keys). Reading the YAML is most of the cost of
//! parsing, so it is read once into a [`Node`], which gives both.
//!
//! serde-saphyr spends about two thirds of that time in its serde layer (duplicate-key
//! fingerprints, recorded key events, budgets), not in its parser, `granit-parser`. A
//! spec without anchors, aliases or tags is therefore built straight from the parser's
//! events, its scalars typed by serde-saphyr's rules; any other document, and any
//! document the events cannot settle (a syntax error, a duplicate key), is read by
//! serde-saphyr, which gives the same tree or the error with its location.

use std::borrow::Cow;

use granit_parser::{Event, Parser, ScalarStyle};
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{Map, Number, Value};

/// A YAML document: JSON's data model, with maps in document order.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Null,
    Bool(bool),
    Number(Number),
    String(String),
    Seq(Vec<Node>),
    Map(Vec<(String, Node)>),
}

/// Read YAML text.
///
/// serde-saphyr's default budget stops at 250,000 nodes, about 600 operations of a
/// typical spec. Specs are files of this repository, not untrusted input, but the budget
/// still guards against runaway documents; it grows with the text instead, since a node
/// takes at least one byte of it. Aliases, which are how a short text makes many nodes,
/// keep their default limits.
pub fn read(text: &str) -> Result<Node, serde_saphyr::Error> {
    if let Some(node) = read_events(text) {
        return Ok(node);
    }
    let mut budget = serde_saphyr::Budget::default();
    budget.max_nodes = budget.max_nodes.max(text.len());
    // A node is at most two events (start and end of a collection).
    budget.max_events = budget.max_events.max(text.len().saturating_mul(2));
    budget.max_total_scalar_bytes = budget.max_total_scalar_bytes.max(text.len());
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    serde_saphyr::from_str_with_options(text, options)
}

/// A container being built from the parser's events.
enum Open {
    Seq(Vec<Node>),
    /// The entries so far, and the key that waits for its value.
    Map(Vec<(String, Node)>, Option<String>),
}

/// The document built from the parser's events; `None` for anything that serde-saphyr
/// must decide: anchors, aliases, tags, merge keys, keys that are not strings, duplicate
/// keys, several documents or none, and errors.
fn read_events(text: &str) -> Option<Node> {
    let mut stack: Vec<Open> = Vec::new();
    let mut root = None;
    let mut documents = 0;
    for event in Parser::new_from_str(text) {
        let waits_for_key = matches!(stack.last(), Some(Open::Map(_, None)));
        let node = match event.ok()?.0 {
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => continue,
            Event::DocumentStart(..) => {
                documents += 1;
                if documents > 1 {
                    return None;
                }
                continue;
            }
            Event::Scalar(value, style, 0, None) if waits_for_key => {
                let plain = style == ScalarStyle::Plain;
                if plain && (is_null(&value) || value == "<<") {
                    return None;
                }
                if let Some(Open::Map(_, key)) = stack.last_mut() {
                    *key = Some(value.into_owned());
                }
                continue;
            }
            Event::Scalar(value, style, 0, None) => scalar(value, style)?,
            Event::SequenceStart(_, 0, None) if !waits_for_key => {
                stack.push(Open::Seq(Vec::new()));
                continue;
            }
            Event::MappingStart(_, 0, None) if !waits_for_key => {
                stack.push(Open::Map(Vec::new(), None));
                continue;
            }
            Event::SequenceEnd => match stack.pop()? {
                Open::Seq(items) => Node::Seq(items),
                Open::Map(..) => return None,
            },
            Event::MappingEnd => match stack.pop()? {
                Open::Map(entries, None) if !has_duplicate_keys(&entries) => Node::Map(entries),
                _ => return None,
            },
            _ => return None,
        };
        match stack.last_mut() {
            None if root.is_none() => root = Some(node),
            None => return None,
            Some(Open::Seq(items)) => items.push(node),
            Some(Open::Map(entries, key)) => entries.push((key.take()?, node)),
        }
    }
    root
}

/// serde-saphyr's null: an empty plain scalar, `~` or `null`.
fn is_null(plain: &str) -> bool {
    matches!(plain, "" | "~" | "null" | "Null" | "NULL")
}

/// A value scalar as serde-saphyr types it for a `deserialize_any` visitor: quoted and
/// block scalars are strings; a plain one is null, a YAML 1.1 boolean (`yes`, `off`..),
/// an integer, a float or else a string. Number-like spellings other than plain decimals
/// (`0x1F`, `1e3`, `007`, `.inf`, dates) are typed by serde-saphyr itself, alone.
fn scalar(value: Cow<'_, str>, style: ScalarStyle) -> Option<Node> {
    if style != ScalarStyle::Plain {
        return Some(Node::String(value.into_owned()));
    }
    let text = value.as_ref();
    if is_null(text) {
        return Some(Node::Null);
    }
    let is = |words: &[&str]| words.iter().any(|word| text.eq_ignore_ascii_case(word));
    if is(&["true", "yes", "y", "on"]) {
        return Some(Node::Bool(true));
    }
    if is(&["false", "no", "n", "off"]) {
        return Some(Node::Bool(false));
    }
    let number_like = text.starts_with(|c: char| c.is_ascii_digit() || "+-.".contains(c));
    if !number_like && !is(&["inf", "infinity", "nan"]) {
        return Some(Node::String(value.into_owned()));
    }
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "1"));
    let decimal = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    let leading_zero = whole.len() > 1 && whole.starts_with('0');
    if decimal(whole) && decimal(fraction) && !leading_zero {
        let number = if digits.contains('.') {
            text.parse::<f64>().ok().and_then(Number::from_f64)
        } else if text.starts_with('-') {
            text.parse::<i64>().ok().map(Number::from)
        } else {
            text.parse::<u64>().ok().map(Number::from)
        };
        if let Some(number) = number {
            return Some(Node::Number(number));
        }
    }
    // Read alone, the scalar is typed as it was in its place, unless its text would open
    // a sequence or a document there: those are left to the reading of the whole.
    let opens_structure = text == "-"
        || ["- ", "---", "..."]
            .iter()
            .any(|start| text.starts_with(start));
    match serde_saphyr::from_str(text).ok()? {
        Node::Seq(_) | Node::Map(_) => None,
        _ if opens_structure => None,
        node => Some(node),
    }
}

/// Whether two entries of a map share a key (serde-saphyr refuses such a map).
fn has_duplicate_keys(entries: &[(String, Node)]) -> bool {
    let mut keys: Vec<&str> = entries.iter().map(|(key, _)| key.as_str()).collect();
    keys.sort_unstable();
    keys.windows(2).any(|pair| pair[0] == pair[1])
}

impl Node {
    /// The tree as JSON text, keys in document order.
    pub fn to_json_text(&self) -> String {
        serde_json::to_string(self).expect("a tree of strings, numbers and bools encodes")
    }

    /// The tree as a `serde_json::Value` (whose maps sort their keys).
    pub fn into_value(self) -> Value {
        match self {
            Node::Null => Value::Null,
            Node::Bool(value) => Value::Bool(value),
            Node::Number(value) => Value::Number(value),
            Node::String(value) => Value::String(value),
            Node::Seq(items) => Value::Array(items.into_iter().map(Node::into_value).collect()),
            Node::Map(entries) => Value::Object(
                entries
                    .into_iter()
                    .map(|(key, value)| (key, value.into_value()))
                    .collect::<Map<String, Value>>(),
            ),
        }
    }
}

impl Serialize for Node {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Node::Null => serializer.serialize_unit(),
            Node::Bool(value) => serializer.serialize_bool(*value),
            Node::Number(value) => value.serialize(serializer),
            Node::String(value) => serializer.serialize_str(value),
            Node::Seq(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Node::Map(entries) => {
                let mut map = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a YAML value of JSON's data model")
    }

    fn visit_unit<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
        Node::deserialize(deserializer)
    }

    fn visit_bool<E: de::Error>(self, value: bool) -> Result<Node, E> {
        Ok(Node::Bool(value))
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Node, E> {
        Ok(Node::Number(value.into()))
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Node, E> {
        Ok(Node::Number(value.into()))
    }

    /// `.nan` and `.inf` have no JSON form; like `serde_json::Value`, they become null.
    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Node, E> {
        Ok(Number::from_f64(value).map_or(Node::Null, Node::Number))
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Node, E> {
        Ok(Node::String(value.to_owned()))
    }

    fn visit_string<E: de::Error>(self, value: String) -> Result<Node, E> {
        Ok(Node::String(value))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0));
        while let Some(entry) = map.next_entry::<String, Node>()? {
            entries.push(entry);
        }
        Ok(Node::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_keep_document_order_in_json_text() {
        let node = read("zeta: 1\nalpha: [true, null, 1.5, -2]\nmid: {b: x, a: 'y'}\n").unwrap();
        assert_eq!(
            node.to_json_text(),
            r#"{"zeta":1,"alpha":[true,null,1.5,-2],"mid":{"b":"x","a":"y"}}"#
        );
    }

    #[test]
    fn the_value_is_what_serde_json_reads_from_the_same_yaml() {
        let text = "a: 1\nb: [x, {c: 2.5}]\nd: ~\ne: '007'\nf: 18446744073709551615\n";
        let direct: Value = serde_saphyr::from_str(text).unwrap();
        assert_eq!(read(text).unwrap().into_value(), direct);
    }

    /// What serde-saphyr alone makes of `text`, for comparison with [`read`].
    fn saphyr(text: &str) -> Result<Node, serde_saphyr::Error> {
        let mut options = serde_saphyr::Options::default();
        options.budget = None;
        serde_saphyr::from_str_with_options(text, options)
    }

    #[test]
    fn scalars_are_typed_as_serde_saphyr_types_them() {
        let values = [
            "plain",
            "'quoted'",
            "\"007\"",
            "~",
            "null",
            "NULL",
            "",
            "true",
            "False",
            "yes",
            "No",
            "y",
            "n",
            "on",
            "OFF",
            "0",
            "7",
            "-7",
            "007",
            "-007",
            "+7",
            "0x1F",
            "0o17",
            "1_000",
            "1.5",
            "-0.25",
            "0.10",
            "1.",
            ".5",
            "1e3",
            "-1E-2",
            ".inf",
            "-.inf",
            ".nan",
            "inf",
            "NaN",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775809",
            "2023-10-22",
            "2023-10-22T11:47:00Z",
            "12:30",
            "1.2.3",
            "-",
            "-x",
            "|\n  block\n",
            ">-\n  folded\n  text\n",
            "[1, a, {b: 2.5}]",
            "{x: null, y: [yes]}",
        ];
        for value in values {
            let text = format!("key: {value}\n");
            match saphyr(&text) {
                Ok(expected) => assert_eq!(read(&text).unwrap(), expected, "{value}"),
                Err(_) => assert!(read(&text).is_err(), "{value}"),
            }
        }
    }

    #[test]
    fn documents_the_events_cannot_settle_are_read_by_serde_saphyr() {
        let texts = [
            "a: &x [1]\nb: *x\n",
            "a: !!str 5\n",
            "base: &b {x: 1}\nderived:\n  <<: *b\n  y: 2\n",
            "a: 1\na: 2\n",
            "? [a]\n: 1\n",
            "~: 1\n",
            "a: 1\n---\nb: 2\n",
            "a: [1, 2\n",
            "",
        ];
        for text in texts {
            match saphyr(text) {
                Ok(expected) => assert_eq!(read(text).unwrap(), expected, "{text:?}"),
                Err(_) => assert!(read(text).is_err(), "{text:?}"),
            }
        }
    }

    #[test]
    fn every_spec_reads_as_serde_saphyr_reads_it() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut read_specs = 0;
        for dir in ["specs", "codegen/tests/fixtures"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|ext| ext == "yaml") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    let node = read_events(&text).expect("a spec is read from events");
                    assert_eq!(node, saphyr(&text).unwrap(), "{}", path.display());
                    read_specs += 1;
                }
            }
        }
        assert!(read_specs > 7, "{read_specs} specs");
    }

    #[test]
    fn documents_beyond_the_default_node_budget_are_read() {
        let text: String = (0..300_000).map(|i| format!("- {i}\n")).collect();
        let Node::Seq(items) = read(&text).unwrap() else {
            panic!("a sequence")
        };
        assert_eq!(items.len(), 300_000);
    }

    #[test]
    fn alias_bombs_are_still_refused() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for level in 1..9 {
            let previous = format!("*a{}", level - 1);
            let refs = [previous.as_str(); 10].join(", ");
            text.push_str(&format!("a{level}: &a{level} [{refs}]\n"));
        }
        let error = read(&text).unwrap_err().to_string();
        assert!(error.contains("budget"), "{error}");
    }
}
