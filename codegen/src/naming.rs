//! Rust names for OpenAPI names: types UpperCamel, fields and methods snake_case, and
//! always a valid identifier, whatever the spec's JSON name looks like.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words that cannot be identifiers (strict and reserved keywords, all editions).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Type names the generated models use unqualified: the prelude's (models are
/// named `crate::models::X` everywhere else). A spec's type of that name
/// (`option参数信息` is `Option`) would shadow them, so it takes the `Type` suffix:
/// `OptionType`.
const TAKEN_TYPES: &[&str] = &[
    "Option", "Some", "None", "Result", "Ok", "Err", "Vec", "String", "Box", "Default",
];

/// A type name: `execution_result_list` -> `ExecutionResultList`.
pub fn type_name(raw: &str) -> String {
    let name = sanitize(raw).to_upper_camel_case();
    identifier(name, "Type")
}

/// A field, method or parameter name: `workflowEditTime` -> `workflow_edit_time`,
/// `x-project-id` -> `x_project_id`, `type` -> `type_`.
pub fn field_name(raw: &str) -> String {
    let name = sanitize(raw).to_snake_case();
    identifier(name, "field")
}

/// Whether two spellings name one field: `projectId` and `project_id`.
pub fn same_field(a: &str, b: &str) -> bool {
    field_name(a) == field_name(b)
}

/// An enum variant for a documented value: `ROLLED BACK` -> `RolledBack`, `zh-cn` -> `ZhCn`.
pub fn variant_name(raw: &str) -> String {
    let name = sanitize(raw).to_upper_camel_case();
    identifier(name, "Value")
}

/// Replaces what heck would drop silently (symbols) with word breaks, so that `a+b` and
/// `ab` stay distinct names as far as possible.
fn sanitize(raw: &str) -> String {
    raw.chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect()
}

/// Makes `name` a valid, non-keyword identifier: empty names get `fallback`, a leading
/// digit gets a prefix, keywords get a trailing `_` (snake_case) or `fallback`
/// (UpperCamelCase).
fn identifier(name: String, fallback: &str) -> String {
    let name = if name.is_empty() {
        fallback.to_owned()
    } else {
        name
    };
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) {
        let prefix = if fallback.starts_with(char::is_uppercase) {
            "V"
        } else {
            "n"
        };
        format!("{prefix}{name}")
    } else {
        name
    };
    let taken = KEYWORDS.contains(&name.as_str())
        || fallback == "Type" && TAKEN_TYPES.contains(&name.as_str());
    match (taken, name.starts_with(char::is_uppercase)) {
        // `Self_` would not be UpperCamelCase, and names built on it (`Self_Kind`) would
        // trip the naming lint; a word suffix keeps the case: `SelfType`, `SelfValue`.
        (true, true) => format!("{name}{fallback}"),
        (true, false) => format!("{name}_"),
        (false, _) => name,
    }
}

/// Makes every name in `names` unique by suffixing later duplicates with `_2`, `_3`, ...
/// (or `2`, `3` for UpperCamel names), keeping the first occurrence as it is.
pub fn dedupe(names: &mut [String]) {
    let mut seen = std::collections::HashSet::new();
    for name in names.iter_mut() {
        if seen.insert(name.clone()) {
            continue;
        }
        let joiner = if name.starts_with(char::is_uppercase) {
            ""
        } else {
            "_"
        };
        let mut n = 2;
        while !seen.insert(format!("{name}{joiner}{n}")) {
            n += 1;
        }
        *name = format!("{name}{joiner}{n}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_names_become_snake_case_fields() {
        assert_eq!(field_name("workflowEditTime"), "workflow_edit_time");
        assert_eq!(field_name("x-project-id"), "x_project_id");
        assert_eq!(field_name("X-Language"), "x_language");
        assert_eq!(
            field_name("x_enterprise_project_id"),
            "x_enterprise_project_id"
        );
    }

    #[test]
    fn keywords_and_digits_become_valid_identifiers() {
        assert_eq!(field_name("type"), "type_");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("2fa"), "n2fa");
        assert_eq!(type_name("self"), "SelfType");
        // A type may not shadow what generated code names unqualified.
        assert_eq!(type_name("option"), "OptionType");
        assert_eq!(type_name("Error"), "Error");
        assert_eq!(type_name("options"), "Options");
        // Variants live inside their enum: `None` is a fine value name.
        assert_eq!(variant_name("none"), "None");
        assert_eq!(variant_name("Self"), "SelfValue");
        assert_eq!(variant_name("404"), "V404");
        assert_eq!(field_name(""), "field");
    }

    #[test]
    fn enum_values_become_variants() {
        assert_eq!(variant_name("ROLLED BACK"), "RolledBack");
        assert_eq!(variant_name("ROLLBACKED"), "Rollbacked");
        assert_eq!(variant_name("zh-cn"), "ZhCn");
        assert_eq!(type_name("execution_result_list"), "ExecutionResultList");
    }

    #[test]
    fn duplicates_get_numbered() {
        let mut names = vec![
            "a".to_owned(),
            "a".to_owned(),
            "B".to_owned(),
            "B".to_owned(),
        ];
        dedupe(&mut names);
        assert_eq!(names, ["a", "a_2", "B", "B2"]);
    }
}
