//! The `# Example` section of each client method's rustdoc: a call built from the
//! documented request example (`no_run`, compiled as a doc test) that sets the required
//! parameters, reads the reply's fields and prints the request id.

use crate::ir::{Operation, Service, TypeDef, TypeRef};

/// The section's markdown, to append to the method's doc.
pub fn section(service: &Service, operation: &Operation) -> String {
    let krate = super::crate_files::package_name(service).replace('-', "_");
    let mut setters = super::crate_files::required_setters(operation, 4);
    let mut lines = String::new();
    let request_example = service
        .examples
        .iter()
        .find(|example| example.operation == operation.id && example.part == "request");
    if let (Some(body), Some(example)) = (&operation.body, request_example) {
        let TypeRef::Named(name) = &body.ty else {
            return String::new();
        };
        lines.push_str(&format!(
            "// The documented request example `{}`.\n\
             let body: {krate}::models::{name} = serde_json::from_str({})?;\n",
            example.name,
            raw_string(&example.value.to_string())
        ));
        setters.push_str("\n    .body(body)");
    } else if operation.body.as_ref().is_some_and(|body| body.required) {
        // A required body without an example: the call cannot be written honestly.
        return String::new();
    }
    let fields = reply_fields(service, operation);
    format!(
        "\n\n# Example\n\n```rust,no_run\n\
         # async fn example(client: &{krate}::Client) -> Result<(), Box<dyn std::error::Error>> {{\n\
         {lines}\
         let reply = client\n    .{method}(){setters}\n    .send()\n    .await?;\n\
         println!(\"request id: {{:?}}\", reply.request_id());\n\
         {fields}\
         # Ok(())\n# }}\n```",
        method = operation.method_name,
    )
}

/// Lines that print each top-level field of the success reply.
fn reply_fields(service: &Service, operation: &Operation) -> String {
    let Some(TypeRef::Named(name)) = &operation.response else {
        return if operation.response.is_some() {
            "println!(\"{:?}\", reply.body());\n".to_owned()
        } else {
            String::new()
        };
    };
    match service.find_type(name) {
        Some(TypeDef::Struct(def)) if !def.fields.is_empty() => def
            .fields
            .iter()
            .filter(|field| field.alias_of.is_none())
            .map(|field| {
                format!(
                    "println!(\"{}: {{:?}}\", reply.body().{});\n",
                    field.json_name, field.rust_name
                )
            })
            .collect(),
        _ => "println!(\"{:?}\", reply.body());\n".to_owned(),
    }
}

/// `text` as a Rust raw string literal that no `"#` inside it can end early.
fn raw_string(text: &str) -> String {
    let mut hashes = "#".to_owned();
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}")
}
