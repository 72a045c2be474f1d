//! Schemas to types: structs, open enums, unions, aliases and references to them.

use heck::ToUpperCamelCase;
use openapiv3::{
    AdditionalProperties, IntegerFormat, ObjectType, ReferenceOr, Schema, SchemaKind, Type,
    VariantOrUnknownOrEmpty,
};
use serde_json::Value;

use super::Lowering;
use super::constraints::constraints;
use crate::document::pointer_segment;
use crate::error::SpecError;
use crate::ir::{
    AliasDef, Constraints, EnumDef, Field, StructDef, TypeDef, TypeRef, UnionDef, Variant,
};
use crate::naming;

const COMPONENT_PREFIX: &str = "#/components/schemas/";

/// A schema position: a `$ref` or an inline schema.
#[derive(Clone, Copy)]
pub(super) enum SchemaRef<'s> {
    Ref(&'s str),
    Inline(&'s Schema),
}

impl<'s> From<&'s ReferenceOr<Schema>> for SchemaRef<'s> {
    fn from(value: &'s ReferenceOr<Schema>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
        }
    }
}

impl<'s> From<&'s ReferenceOr<Box<Schema>>> for SchemaRef<'s> {
    fn from(value: &'s ReferenceOr<Box<Schema>>) -> Self {
        match value {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Inline(schema),
        }
    }
}

impl Lowering<'_> {
    /// Define a type for every component schema, in the spec's order.
    pub(super) fn lower_components(&mut self) -> Result<(), SpecError> {
        let Some(components) = &self.parsed.openapi.components else {
            return Ok(());
        };
        for (name, schema) in &components.schemas {
            let pointer = format!("/components/schemas/{}", pointer_segment(name));
            let rust_name = naming::type_name(name);
            match schema {
                ReferenceOr::Item(schema) => self.lower_named(&rust_name, schema, &pointer)?,
                ReferenceOr::Reference { reference } => {
                    let target = self.resolve_component(reference, &pointer)?;
                    let doc = self.doc(&pointer, || format!("Another name for [`{target}`]."));
                    self.define(
                        TypeDef::Alias(AliasDef {
                            name: rust_name,
                            doc,
                            target: TypeRef::Named(target),
                        }),
                        &pointer,
                    )?;
                }
            }
        }
        Ok(())
    }

    /// The Rust type of a schema position; inline structs, enums and unions get named
    /// types called `hint`.
    pub(super) fn lower_ref(
        &mut self,
        schema: SchemaRef<'_>,
        hint: &str,
        pointer: &str,
    ) -> Result<TypeRef, SpecError> {
        match schema {
            SchemaRef::Ref(reference) => {
                Ok(TypeRef::Named(self.resolve_component(reference, pointer)?))
            }
            SchemaRef::Inline(schema) => self.lower_inline(schema, hint, pointer),
        }
    }

    /// The Rust type name of `#/components/schemas/X`, which must exist.
    fn resolve_component(&self, reference: &str, pointer: &str) -> Result<String, SpecError> {
        let name = reference.strip_prefix(COMPONENT_PREFIX).ok_or_else(|| {
            self.locator.at(
                pointer,
                format!(
                    "unsupported $ref `{reference}`: only `{COMPONENT_PREFIX}<name>` is supported"
                ),
            )
        })?;
        let exists = self
            .parsed
            .openapi
            .components
            .as_ref()
            .is_some_and(|components| components.schemas.contains_key(name));
        if !exists {
            return Err(self.locator.at(
                pointer,
                format!("unresolved $ref `{reference}`: no such schema"),
            ));
        }
        Ok(naming::type_name(name))
    }

    /// The component schema that `reference` names.
    pub(super) fn component_schema(
        &self,
        reference: &str,
        pointer: &str,
    ) -> Result<(&Schema, String), SpecError> {
        let name = self
            .resolve_component(reference, pointer)
            .map(|_| reference.trim_start_matches(COMPONENT_PREFIX))?;
        let components = self.parsed.openapi.components.as_ref();
        match components.and_then(|components| components.schemas.get(name)) {
            Some(ReferenceOr::Item(schema)) => Ok((
                schema,
                format!("/components/schemas/{}", pointer_segment(name)),
            )),
            _ => Err(self.locator.at(
                pointer,
                format!("`{reference}` must name a schema, not another $ref"),
            )),
        }
    }

    /// Define the named type `name` for a component or inline schema.
    fn lower_named(&mut self, name: &str, schema: &Schema, pointer: &str) -> Result<(), SpecError> {
        match self.lower_inline(schema, name, pointer)? {
            TypeRef::Named(defined) if defined == name => Ok(()),
            target => {
                let doc = self.doc(pointer, || format!("The `{name}` schema."));
                self.define(
                    TypeDef::Alias(AliasDef {
                        name: name.to_owned(),
                        doc,
                        target,
                    }),
                    pointer,
                )
            }
        }
    }

    fn lower_inline(
        &mut self,
        schema: &Schema,
        hint: &str,
        pointer: &str,
    ) -> Result<TypeRef, SpecError> {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                let values: Vec<&str> = string
                    .enumeration
                    .iter()
                    .flatten()
                    .map(String::as_str)
                    .collect();
                if values.is_empty() {
                    Ok(TypeRef::String)
                } else {
                    self.define_enum(hint, &values, pointer)
                }
            }
            SchemaKind::Type(Type::Integer(integer)) => Ok(match integer.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
                _ => TypeRef::I64,
            }),
            SchemaKind::Type(Type::Number(_)) => Ok(TypeRef::Number),
            SchemaKind::Type(Type::Boolean(_)) => Ok(TypeRef::Bool),
            SchemaKind::Type(Type::Array(array)) => {
                let items = array
                    .items
                    .as_ref()
                    .ok_or_else(|| self.locator.at(pointer, "an array schema needs `items`"))?;
                let item = self.lower_ref(
                    items.into(),
                    &format!("{hint}Item"),
                    &format!("{pointer}/items"),
                )?;
                Ok(TypeRef::List(Box::new(item)))
            }
            SchemaKind::Type(Type::Object(object)) => self.lower_object(object, hint, pointer),
            SchemaKind::OneOf { one_of: members } | SchemaKind::AnyOf { any_of: members } => {
                let key = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) {
                    "oneOf"
                } else {
                    "anyOf"
                };
                self.define_union(hint, members, &format!("{pointer}/{key}"), pointer)
            }
            SchemaKind::AllOf { all_of } => self.define_all_of(hint, all_of, pointer),
            SchemaKind::Not { .. } => {
                Err(self.locator.at(pointer, "`not` schemas are not supported"))
            }
            SchemaKind::Any(any) => {
                if any.properties.is_empty()
                    && any.one_of.is_empty()
                    && any.all_of.is_empty()
                    && any.any_of.is_empty()
                {
                    Ok(TypeRef::Json)
                } else {
                    Err(self.locator.at(
                        pointer,
                        "schema mixes keywords of several types (add `type:` or split it); it cannot be typed",
                    ))
                }
            }
        }
    }

    fn lower_object(
        &mut self,
        object: &ObjectType,
        hint: &str,
        pointer: &str,
    ) -> Result<TypeRef, SpecError> {
        if !object.properties.is_empty() {
            let fields = self.lower_fields(object, hint, pointer)?;
            let additional = match &object.additional_properties {
                Some(AdditionalProperties::Schema(values)) => Some(self.lower_ref(
                    values.as_ref().into(),
                    &format!("{hint}Additional"),
                    &format!("{pointer}/additionalProperties"),
                )?),
                Some(AdditionalProperties::Any(true)) => Some(TypeRef::Json),
                Some(AdditionalProperties::Any(false)) | None => None,
            };
            let doc = self.doc(pointer, || format!("The `{hint}` object."));
            self.define(
                TypeDef::Struct(StructDef {
                    name: hint.to_owned(),
                    doc,
                    fields,
                    additional,
                }),
                pointer,
            )?;
            return Ok(TypeRef::Named(hint.to_owned()));
        }
        match &object.additional_properties {
            Some(AdditionalProperties::Schema(values)) => {
                let value = self.lower_ref(
                    values.as_ref().into(),
                    &format!("{hint}Value"),
                    &format!("{pointer}/additionalProperties"),
                )?;
                Ok(TypeRef::Map(Box::new(value)))
            }
            // A free-form object: any JSON, kept exactly.
            _ => Ok(TypeRef::Json),
        }
    }

    fn lower_fields(
        &mut self,
        object: &ObjectType,
        owner: &str,
        pointer: &str,
    ) -> Result<Vec<Field>, SpecError> {
        let mut fields = Vec::with_capacity(object.properties.len());
        for (json_name, property) in &object.properties {
            let field_pointer = format!("{pointer}/properties/{}", pointer_segment(json_name));
            let ty = self.lower_ref(
                property.into(),
                &format!("{owner}{}", json_name.to_upper_camel_case()),
                &field_pointer,
            )?;
            let nullable = self
                .raw(&field_pointer)
                .and_then(|node| node.get("nullable"))
                .and_then(Value::as_bool)
                .unwrap_or(false);
            let constraints = match property {
                ReferenceOr::Item(schema) => constraints(schema),
                // A referenced schema's rules belong to its own type.
                ReferenceOr::Reference { .. } => Constraints::default(),
            };
            fields.push(Field {
                constraints,
                boxed: false,
                json_name: json_name.clone(),
                rust_name: naming::field_name(json_name),
                doc: self.doc(&field_pointer, || format!("The `{json_name}` property.")),
                ty,
                required: object.required.contains(json_name),
                nullable,
                alias_of: self.extension_str(&field_pointer, "x-alias-of")?,
            });
        }
        self.settle_field_names(&mut fields, pointer)?;
        Ok(fields)
    }

    /// Give every field a distinct Rust name, and point aliases at their canonical
    /// field's Rust name. An alias that snake-cases onto its canonical field
    /// (`workflowEditTime` / `workflow_edit_time`) becomes `<name>_alias`.
    fn settle_field_names(&self, fields: &mut [Field], pointer: &str) -> Result<(), SpecError> {
        let snapshot = fields.to_vec();
        for field in fields.iter_mut() {
            let Some(canonical_json) = field.alias_of.clone() else {
                continue;
            };
            let field_pointer =
                format!("{pointer}/properties/{}", pointer_segment(&field.json_name));
            let canonical = snapshot
                .iter()
                .find(|other| other.json_name == canonical_json && other.alias_of.is_none())
                .ok_or_else(|| {
                    self.locator.at(
                        &field_pointer,
                        format!("`x-alias-of: {canonical_json}` names no sibling property"),
                    )
                })?;
            if canonical.ty != field.ty
                || canonical.required
                || field.required
                || canonical.nullable
                || field.nullable
            {
                return Err(self.locator.at(
                    &field_pointer,
                    format!("an alias must have the same type as `{canonical_json}`, and neither may be required or nullable"),
                ));
            }
            if field.rust_name == canonical.rust_name {
                field.rust_name = format!("{}_alias", canonical.rust_name);
            }
            field.alias_of = Some(canonical.rust_name.clone());
        }
        let mut names: Vec<String> = fields.iter().map(|field| field.rust_name.clone()).collect();
        naming::dedupe(&mut names);
        for (field, name) in fields.iter_mut().zip(names) {
            field.rust_name = name;
        }
        Ok(())
    }

    fn define_enum(
        &mut self,
        name: &str,
        values: &[&str],
        pointer: &str,
    ) -> Result<TypeRef, SpecError> {
        // `Unknown` is the catch-all variant, so it goes first and documented values dedupe around it.
        let mut names: Vec<String> = std::iter::once("Unknown".to_owned())
            .chain(values.iter().map(|value| naming::variant_name(value)))
            .collect();
        naming::dedupe(&mut names);
        let variants = values
            .iter()
            .zip(names.into_iter().skip(1))
            .map(|(value, rust_name)| Variant {
                value: (*value).to_owned(),
                rust_name,
            })
            .collect();
        let doc = self.doc(pointer, || format!("Documented values of `{name}`."));
        self.define(
            TypeDef::Enum(EnumDef {
                name: name.to_owned(),
                doc,
                variants,
            }),
            pointer,
        )?;
        Ok(TypeRef::Named(name.to_owned()))
    }

    fn define_union(
        &mut self,
        name: &str,
        members: &[ReferenceOr<Schema>],
        members_pointer: &str,
        pointer: &str,
    ) -> Result<TypeRef, SpecError> {
        let mut variants = Vec::with_capacity(members.len());
        for (index, member) in members.iter().enumerate() {
            let ty = self.lower_ref(
                member.into(),
                &format!("{name}Variant{}", index + 1),
                &format!("{members_pointer}/{index}"),
            )?;
            variants.push((variant_name_for(&ty), ty));
        }
        let mut names: Vec<String> = variants.iter().map(|(name, _)| name.clone()).collect();
        naming::dedupe(&mut names);
        for ((variant, _), unique) in variants.iter_mut().zip(names) {
            *variant = unique;
        }
        let doc = self.doc(pointer, || format!("One of several shapes of `{name}`."));
        self.define(
            TypeDef::Union(UnionDef {
                name: name.to_owned(),
                doc,
                variants,
            }),
            pointer,
        )?;
        Ok(TypeRef::Named(name.to_owned()))
    }

    /// `allOf` of object schemas merges their properties into one struct.
    fn define_all_of(
        &mut self,
        name: &str,
        members: &[ReferenceOr<Schema>],
        pointer: &str,
    ) -> Result<TypeRef, SpecError> {
        let mut merged = ObjectType::default();
        for (index, member) in members.iter().enumerate() {
            let member_pointer = format!("{pointer}/allOf/{index}");
            let (schema, _) = match member {
                ReferenceOr::Reference { reference } => {
                    self.component_schema(reference, &member_pointer)?
                }
                ReferenceOr::Item(schema) => (schema, member_pointer.clone()),
            };
            let SchemaKind::Type(Type::Object(object)) = &schema.schema_kind else {
                return Err(self.locator.at(
                    &member_pointer,
                    "every `allOf` member must be an object schema",
                ));
            };
            for (key, property) in &object.properties {
                if merged
                    .properties
                    .insert(key.clone(), property.clone())
                    .is_some()
                {
                    return Err(self.locator.at(
                        &member_pointer,
                        format!("property `{key}` is defined by two `allOf` members"),
                    ));
                }
            }
            merged.required.extend(object.required.iter().cloned());
        }
        // Field docs and extensions are read from the raw tree by pointer, so merged
        // properties are lowered member by member to keep their pointers right.
        let mut fields = Vec::new();
        for (index, member) in members.iter().enumerate() {
            let member_pointer = format!("{pointer}/allOf/{index}");
            let (schema, schema_pointer) = match member {
                ReferenceOr::Reference { reference } => {
                    self.component_schema(reference, &member_pointer)?
                }
                ReferenceOr::Item(schema) => (schema, member_pointer.clone()),
            };
            if let SchemaKind::Type(Type::Object(object)) = &schema.schema_kind {
                let mut object = object.clone();
                object.required = merged.required.clone();
                fields.extend(self.lower_fields(&object, name, &schema_pointer)?);
            }
        }
        let doc = self.doc(pointer, || format!("The `{name}` object."));
        self.define(
            TypeDef::Struct(StructDef {
                name: name.to_owned(),
                doc,
                fields,
                additional: None,
            }),
            pointer,
        )?;
        Ok(TypeRef::Named(name.to_owned()))
    }
}

/// A union variant's name from its type.
fn variant_name_for(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".into(),
        TypeRef::I32 | TypeRef::I64 => "Integer".into(),
        TypeRef::Number => "Number".into(),
        TypeRef::Bool => "Boolean".into(),
        TypeRef::Json => "Json".into(),
        TypeRef::Named(name) => name.clone(),
        TypeRef::List(_) => "List".into(),
        TypeRef::Map(_) => "Map".into(),
    }
}
