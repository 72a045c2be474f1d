//! Every example a spec documents must fit its schema, so that the round-trip tests and
//! the docs agree with the generated types. A misfit is reported at the example's own
//! node (`.../examples/basic/value/data/execute_instances/0/id`).

use serde_json::Value;

use super::Lowering;
use crate::document::{Node, content_examples, pointer_segment};
use crate::error::SpecError;
use crate::ir::{Example, TypeDef, TypeRef};

impl Lowering<'_> {
    /// Check the examples of the content map at `content_pointer` against `ty`, and keep
    /// them as the examples of `operation`'s `part` (`request`, or the status).
    pub(super) fn check_examples(
        &mut self,
        ty: &TypeRef,
        content_pointer: &str,
        operation: &str,
        part: &str,
    ) -> Result<(), SpecError> {
        let parsed = self.parsed;
        let Some(value) = parsed.raw.pointer(content_pointer) else {
            return Ok(());
        };
        let content = Node {
            value,
            pointer: content_pointer.to_owned(),
        };
        for example in content_examples(&content)
            .into_iter()
            .filter(|example| !example.kept_as_printed)
        {
            let Some(value) = example.value else {
                return Err(self.locator.at(
                    &example.node.pointer,
                    "an example needs an inline `value` ($ref examples are not supported)",
                ));
            };
            self.check_value(ty, value.value, &value.pointer)?;
            self.examples.push(Example {
                operation: operation.to_owned(),
                part: part.to_owned(),
                name: example.name,
                pointer: value.pointer,
                ty: ty.clone(),
                value: value.value.clone(),
            });
        }
        Ok(())
    }

    fn check_value(&self, ty: &TypeRef, value: &Value, pointer: &str) -> Result<(), SpecError> {
        let fits = match ty {
            TypeRef::String => value.is_string(),
            TypeRef::I32 => value.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
            TypeRef::I64 => value.is_i64(),
            TypeRef::Number => value.is_number(),
            TypeRef::Bool => value.is_boolean(),
            TypeRef::Json => true,
            TypeRef::List(item) => {
                let Some(items) = value.as_array() else {
                    return Err(self.misfit(pointer, "an array", value));
                };
                for (index, item_value) in items.iter().enumerate() {
                    self.check_value(item, item_value, &format!("{pointer}/{index}"))?;
                }
                true
            }
            TypeRef::Map(item) => {
                let Some(entries) = value.as_object() else {
                    return Err(self.misfit(pointer, "an object", value));
                };
                for (key, item_value) in entries {
                    self.check_value(
                        item,
                        item_value,
                        &format!("{pointer}/{}", pointer_segment(key)),
                    )?;
                }
                true
            }
            TypeRef::Named(name) => return self.check_named(name, value, pointer),
        };
        if fits {
            Ok(())
        } else {
            Err(self.misfit(pointer, describe(ty), value))
        }
    }

    fn check_named(&self, name: &str, value: &Value, pointer: &str) -> Result<(), SpecError> {
        match self.types.get(name).map(|(def, _)| def) {
            Some(TypeDef::Struct(def)) => {
                let Some(object) = value.as_object() else {
                    return Err(self.misfit(pointer, "an object", value));
                };
                for (key, field_value) in object {
                    let field_pointer = format!("{pointer}/{}", pointer_segment(key));
                    let Some(field) = def.fields.iter().find(|field| &field.json_name == key)
                    else {
                        if let Some(additional) = &def.additional {
                            self.check_value(additional, field_value, &field_pointer)?;
                            continue;
                        }
                        return Err(self.locator.at(
                            &field_pointer,
                            format!(
                                "example has property `{key}`, which schema `{}` does not define",
                                def.name
                            ),
                        ));
                    };
                    if field_value.is_null() {
                        if !field.nullable {
                            return Err(self.locator.at(
                                &field_pointer,
                                format!(
                                    "example sets `{key}` to null, but it is not `nullable: true`"
                                ),
                            ));
                        }
                        continue;
                    }
                    self.check_value(&field.ty, field_value, &field_pointer)?;
                }
                if let Some(missing) = def
                    .fields
                    .iter()
                    .find(|field| field.required && !object.contains_key(&field.json_name))
                {
                    return Err(self.locator.at(
                        pointer,
                        format!("example lacks required property `{}`", missing.json_name),
                    ));
                }
                Ok(())
            }
            // Open enums accept any string.
            Some(TypeDef::Enum(_)) if value.is_string() => Ok(()),
            Some(TypeDef::Enum(_)) => Err(self.misfit(pointer, "a string", value)),
            Some(TypeDef::Union(def)) => {
                if def
                    .variants
                    .iter()
                    .any(|(_, ty)| self.check_value(ty, value, pointer).is_ok())
                {
                    Ok(())
                } else {
                    Err(self.misfit(
                        pointer,
                        &format!("one of the shapes of `{}`", def.name),
                        value,
                    ))
                }
            }
            Some(TypeDef::Alias(def)) => self.check_value(&def.target, value, pointer),
            None => Err(self.locator.at(
                pointer,
                format!("type `{name}` is not defined (a generator bug)"),
            )),
        }
    }

    fn misfit(&self, pointer: &str, expected: &str, found: &Value) -> SpecError {
        let mut shown = found.to_string();
        if shown.len() > 60 {
            shown = format!("{}…", shown.chars().take(60).collect::<String>());
        }
        self.locator.at(
            pointer,
            format!("example does not match its schema: expected {expected}, found {shown}"),
        )
    }
}

fn describe(ty: &TypeRef) -> &'static str {
    match ty {
        TypeRef::String => "a string",
        TypeRef::I32 => "a 32-bit integer",
        TypeRef::I64 => "a 64-bit integer",
        TypeRef::Number => "a number",
        TypeRef::Bool => "a boolean",
        TypeRef::Json => "any JSON",
        TypeRef::List(_) => "an array",
        TypeRef::Map(_) => "an object",
        TypeRef::Named(_) => "an object",
    }
}
