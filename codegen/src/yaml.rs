//! YAML text to a tree that keeps the document's key order, read once.
//!
//! The generator needs the spec twice over: as typed OpenAPI, whose maps must keep the
//! spec's order (operations and fields are emitted in it), and as a JSON tree for
//! pointers (`serde_json::Value` sorts its keys). Reading the YAML is most of the cost of
//! parsing, so it is read once into a [`Node`], which gives both.

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
    let mut budget = serde_saphyr::Budget::default();
    budget.max_nodes = budget.max_nodes.max(text.len());
    // A node is at most two events (start and end of a collection).
    budget.max_events = budget.max_events.max(text.len().saturating_mul(2));
    budget.max_total_scalar_bytes = budget.max_total_scalar_bytes.max(text.len());
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    serde_saphyr::from_str_with_options(text, options)
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
