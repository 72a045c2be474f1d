//! Documented constraints of a schema: lengths, bounds, pattern and default.

use openapiv3::{Schema, SchemaKind, Type};
use serde_json::Value;

use crate::ir::{Bound, Constraints};

/// The documented constraints of a schema (of a parameter or a property).
pub(super) fn constraints(schema: &Schema) -> Constraints {
    let default = schema
        .schema_data
        .default
        .as_ref()
        .map(|value| match value {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        });
    let mut constraints = Constraints {
        default,
        ..Constraints::default()
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => {
            constraints.min_length = string.min_length.map(|n| n as u64);
            constraints.max_length = string.max_length.map(|n| n as u64);
            constraints.pattern = string.pattern.clone();
        }
        SchemaKind::Type(Type::Integer(integer)) => {
            // An exclusive bound on an integer is the inclusive bound one step inside.
            constraints.minimum = integer.minimum.map(|n| {
                Bound::Int(if integer.exclusive_minimum {
                    n.saturating_add(1)
                } else {
                    n
                })
            });
            constraints.maximum = integer.maximum.map(|n| {
                Bound::Int(if integer.exclusive_maximum {
                    n.saturating_sub(1)
                } else {
                    n
                })
            });
        }
        SchemaKind::Type(Type::Number(number)) => {
            constraints.minimum = number.minimum.map(Bound::Float);
            constraints.maximum = number.maximum.map(Bound::Float);
        }
        _ => {}
    }
    constraints
}
