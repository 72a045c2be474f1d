//! `x-doc-deviation`: a difference from the doc page that the spec makes on purpose, with
//! what it covers as data. Either a sentence, which covers the node it is on:
//!
//! ```yaml
//! x-doc-deviation: "The page lists ON and OFF; the service also returns BROKEN."
//! ```
//!
//! or a map that names the children (parameters, headers, properties, statuses) it covers
//! and, optionally, the aspects it covers (`doc-check` reports the others):
//!
//! ```yaml
//! x-doc-deviation:
//!   fields: [X-Auth-Token, Content-Type]
//!   reason: "The page's X-Auth-Token and Content-Type rows are not parameters: ..."
//! ```
//!
//! The reason is only ever shown, never searched: a parent's deviation that happens to
//! mention a field's name does not cover that field.

use std::fmt;

use serde_json::Value;

/// The key of a deviation.
pub(super) const KEY: &str = "x-doc-deviation";

/// What a difference between a page and a spec is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Aspect {
    /// One side has the parameter, field, header or body, the other not.
    Presence,
    /// The types differ.
    Type,
    /// Required on one side, optional on the other.
    Required,
    /// The enumerated values differ.
    Enum,
    /// `minLength`.
    MinLength,
    /// `maxLength`.
    MaxLength,
    /// `minimum`.
    Minimum,
    /// `maximum`.
    Maximum,
    /// `default`.
    Default,
    /// `minItems`.
    MinItems,
    /// `maxItems`.
    MaxItems,
    /// A parameter documented in another location (query on the page, header in the spec).
    Location,
    /// The path template names its placeholders differently.
    Path,
    /// A response status on one side only.
    Status,
    /// The spec wraps the body the page lists at the top level.
    Envelope,
    /// A documented example differs, or is on one side only.
    Example,
    /// A table of the page that no field refers to.
    Table,
}

impl Aspect {
    /// Every aspect, in the order of the enum.
    pub const ALL: [Aspect; 17] = [
        Aspect::Presence,
        Aspect::Type,
        Aspect::Required,
        Aspect::Enum,
        Aspect::MinLength,
        Aspect::MaxLength,
        Aspect::Minimum,
        Aspect::Maximum,
        Aspect::Default,
        Aspect::MinItems,
        Aspect::MaxItems,
        Aspect::Location,
        Aspect::Path,
        Aspect::Status,
        Aspect::Envelope,
        Aspect::Example,
        Aspect::Table,
    ];

    /// The name used in specs and reports (`minLength`, the OpenAPI keyword, where one
    /// exists).
    pub fn as_str(self) -> &'static str {
        match self {
            Aspect::Presence => "presence",
            Aspect::Type => "type",
            Aspect::Required => "required",
            Aspect::Enum => "enum",
            Aspect::MinLength => "minLength",
            Aspect::MaxLength => "maxLength",
            Aspect::Minimum => "minimum",
            Aspect::Maximum => "maximum",
            Aspect::Default => "default",
            Aspect::MinItems => "minItems",
            Aspect::MaxItems => "maxItems",
            Aspect::Location => "location",
            Aspect::Path => "path",
            Aspect::Status => "status",
            Aspect::Envelope => "envelope",
            Aspect::Example => "example",
            Aspect::Table => "table",
        }
    }

    /// The aspect with this name.
    pub fn from_name(name: &str) -> Option<Aspect> {
        Aspect::ALL
            .into_iter()
            .find(|aspect| aspect.as_str() == name)
    }
}

impl fmt::Display for Aspect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A recorded deviation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deviation<'a> {
    /// Why the spec differs from the page, as one sentence.
    pub reason: &'a str,
    /// The children it covers (names compared ignoring ASCII case, as header names
    /// are); empty: it covers the node it is on.
    pub fields: Vec<&'a str>,
    /// The aspects it covers; empty: every aspect.
    pub aspects: Vec<Aspect>,
}

impl<'a> Deviation<'a> {
    /// Read the value of an `x-doc-deviation` key; the error says what is wrong with it.
    pub fn read(value: &'a Value) -> Result<Deviation<'a>, String> {
        let sentence = "must be a sentence saying why the spec differs from the page";
        let reason = |value: Option<&'a Value>| {
            value
                .and_then(Value::as_str)
                .filter(|text| !text.trim().is_empty())
        };
        if let Value::String(_) = value {
            return match reason(Some(value)) {
                Some(reason) => Ok(Deviation {
                    reason,
                    fields: Vec::new(),
                    aspects: Vec::new(),
                }),
                None => Err(format!("`{KEY}` {sentence}")),
            };
        }
        let Some(map) = value.as_object() else {
            return Err(format!(
                "`{KEY}` {sentence}, or a map with `reason` and optional `fields` and `aspects`"
            ));
        };
        if let Some(unknown) = map
            .keys()
            .find(|key| !["reason", "fields", "aspects"].contains(&key.as_str()))
        {
            return Err(format!(
                "`{KEY}` has an unknown key `{unknown}` (reason, fields, aspects)"
            ));
        }
        let reason =
            reason(map.get("reason")).ok_or_else(|| format!("`{KEY}.reason` {sentence}"))?;
        let fields = names(map.get("fields"), "fields")?;
        let aspects = names(map.get("aspects"), "aspects")?
            .into_iter()
            .map(|name| {
                Aspect::from_name(name).ok_or_else(|| {
                    let known: Vec<&str> = Aspect::ALL.iter().map(|a| a.as_str()).collect();
                    format!(
                        "`{KEY}.aspects` names `{name}`, which is not one of {}",
                        known.join(", ")
                    )
                })
            })
            .collect::<Result<_, _>>()?;
        if map.contains_key("fields") && fields.is_empty() {
            return Err(format!(
                "`{KEY}.fields` is empty; leave it out to cover the node itself"
            ));
        }
        Ok(Deviation {
            reason,
            fields,
            aspects,
        })
    }

    fn covers_aspect(&self, aspect: Aspect) -> bool {
        self.aspects.is_empty() || self.aspects.contains(&aspect)
    }

    /// Whether it covers `aspect` of the node it is on.
    pub fn covers_node(&self, aspect: Aspect) -> bool {
        self.fields.is_empty() && self.covers_aspect(aspect)
    }

    /// Whether it covers `aspect` of the child `name` of the node it is on.
    pub fn covers_field(&self, name: &str, aspect: Aspect) -> bool {
        self.fields
            .iter()
            .any(|field| field.eq_ignore_ascii_case(name))
            && self.covers_aspect(aspect)
    }

    /// Whether it names `aspect` for everything below the node it is on (examples of a
    /// body, response or operation): only when it lists the aspect and no fields.
    pub fn covers_below(&self, aspect: Aspect) -> bool {
        self.fields.is_empty() && self.aspects.contains(&aspect)
    }
}

fn names<'a>(value: Option<&'a Value>, key: &str) -> Result<Vec<&'a str>, String> {
    let Some(value) = value else {
        return Ok(Vec::new());
    };
    let not_a_list = || format!("`{KEY}.{key}` must be a list of names");
    value
        .as_array()
        .ok_or_else(not_a_list)?
        .iter()
        .map(|name| {
            name.as_str()
                .filter(|name| !name.trim().is_empty())
                .ok_or_else(not_a_list)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_sentence_covers_its_node_only() {
        let value = json!("The page lists ON and OFF.");
        let deviation = Deviation::read(&value).unwrap();
        assert!(deviation.covers_node(Aspect::Enum));
        assert!(!deviation.covers_field("limit", Aspect::Enum));
        assert!(!deviation.covers_below(Aspect::Example));
    }

    #[test]
    fn a_map_covers_the_fields_and_aspects_it_names() {
        let value = json!({"fields": ["X-Auth-Token"], "aspects": ["presence"], "reason": "r"});
        let deviation = Deviation::read(&value).unwrap();
        assert!(deviation.covers_field("x-auth-token", Aspect::Presence));
        assert!(!deviation.covers_field("x-auth-token", Aspect::Type));
        assert!(!deviation.covers_field("limit", Aspect::Presence));
        assert!(!deviation.covers_node(Aspect::Presence));

        let value = json!({"aspects": ["example"], "reason": "r"});
        let deviation = Deviation::read(&value).unwrap();
        assert!(deviation.covers_below(Aspect::Example));
        assert!(deviation.covers_node(Aspect::Example));
        assert!(!deviation.covers_node(Aspect::Presence));
    }

    #[test]
    fn malformed_deviations_say_what_is_wrong() {
        let error = |value: Value| Deviation::read(&value).unwrap_err();
        assert!(error(json!("  ")).contains("must be a sentence"));
        assert!(error(json!(3)).contains("or a map with `reason`"));
        assert!(error(json!({"fields": ["a"]})).contains("`x-doc-deviation.reason`"));
        assert!(error(json!({"reason": "r", "field": ["a"]})).contains("unknown key `field`"));
        assert!(error(json!({"reason": "r", "fields": "a"})).contains("must be a list"));
        assert!(error(json!({"reason": "r", "fields": []})).contains("is empty"));
        assert!(error(json!({"reason": "r", "aspects": ["size"]})).contains("`size`"));
    }

    #[test]
    fn aspect_names_round_trip() {
        for aspect in Aspect::ALL {
            assert_eq!(Aspect::from_name(aspect.as_str()), Some(aspect));
        }
    }
}
