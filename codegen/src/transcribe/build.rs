//! The operation, its parameters, bodies and responses, from a read page.

use std::collections::BTreeMap;

use crate::naming;
use crate::page::text::{self, StatedLength};
use crate::page::{Group, Page, Role, Row, Table};
use crate::yaml::Node;

use super::lengths;
use super::schema::{self, row_schema};
use super::{Component, Options, PageError, Review, Transcript, entry, examples, segment, string};

const SECURITY_HEADERS: &str = "The page's X-Auth-Token and Content-Type request-header rows are not parameters: X-Auth-Token is the security scheme `token` and Content-Type is sent by the runtime.";
const REQUEST_ID: &str =
    "The page documents no response headers; every response carries X-request-id (CONVENTIONS.md).";

/// A map under construction.
pub type Map = Vec<(String, Node)>;

pub struct Builder<'p> {
    page: &'p Page,
    options: &'p Options<'p>,
    operation_id: String,
    path: String,
    /// The whole transcript as one tree (`paths`, `components/schemas`), so that
    /// reviews and example checks address nodes by pointer.
    pub root: Node,
    /// Operation-level notes before the tree exists.
    operation_notes: Vec<(String, usize, bool)>,
    pub reviews: Vec<Review>,
    /// Component name of each (group, page object name) referenced.
    names: BTreeMap<(Group, String), String>,
    /// The page line of each component's table.
    lines: BTreeMap<String, usize>,
    /// The page line each node was read from, by JSON pointer ([`Transcript::lines`]);
    /// pointers without a leading `/` are relative to the operation, whose path may
    /// still change while parameters are read.
    pub node_lines: BTreeMap<String, usize>,
    claimed: Vec<usize>,
    /// The table (index) that the page's examples bind each object row to, by the row's
    /// line ([`Self::bind_by_example`]).
    by_example: BTreeMap<usize, usize>,
    /// Lengths a row's prose states for fields of the object it holds, written once
    /// every component exists: (group, page object name, the length, the row).
    stated: Vec<(Group, String, StatedLength, Row)>,
}

impl<'p> Builder<'p> {
    pub fn new(page: &'p Page, options: &'p Options<'p>) -> Self {
        Builder {
            page,
            options,
            operation_id: String::new(),
            path: page.uri.path.clone(),
            root: Node::Null,
            operation_notes: Vec::new(),
            reviews: Vec::new(),
            names: BTreeMap::new(),
            lines: BTreeMap::new(),
            node_lines: BTreeMap::new(),
            claimed: Vec::new(),
            by_example: BTreeMap::new(),
            stated: Vec::new(),
        }
    }

    /// The page being transcribed.
    pub fn page(&self) -> &'p Page {
        self.page
    }

    pub fn build(mut self) -> Result<Transcript, PageError> {
        let page = self.page;
        let uri_line = page.uri.line;
        self.operation_id = match (self.options.operation_id, &page.sdk) {
            (Some(id), _) => id.to_owned(),
            (None, Some(sdk)) => sdk.operation.clone(),
            (None, None) => self.sdk_operation_name(),
        };
        if !page.uri.other_methods.is_empty() {
            self.operation_notes.push((
                format!(
                    "REVIEW: the page prints the methods {}/{}; {} is written (check which one the official SDKs send).",
                    page.uri.method,
                    page.uri.other_methods.join("/"),
                    page.uri.method
                ),
                uri_line,
                true,
            ));
        }
        self.bind_by_example();
        let parameters = self.parameters()?;
        let statuses = self.statuses()?;
        let mut operation: Map = vec![entry("operationId", string(&self.operation_id))];
        let title = page.title.as_ref().map(|(title, _)| title.as_str());
        operation.push(entry(
            "summary",
            string(title.unwrap_or(&self.operation_id)),
        ));
        if let Some(function) = &page.function {
            operation.push(entry(
                "description",
                string(&function.split_whitespace().collect::<Vec<_>>().join(" ")),
            ));
        }
        let service = self
            .options
            .service
            .map(str::to_owned)
            .or_else(|| page.sdk.as_ref().and_then(|sdk| sdk.service.clone()));
        if let Some(service) = &service {
            operation.push(entry("tags", Node::Seq(vec![string(service)])));
        }
        if let Some(page_ref) = self.options.page_ref {
            operation.push(entry("x-doc-page", string(page_ref)));
        }
        let notes: Vec<String> = self
            .operation_notes
            .iter()
            .map(|(note, _, _)| note.clone())
            .collect();
        if notes == [SECURITY_HEADERS] {
            // The deviation names as data what it covers, so doc-check accepts exactly
            // those two header rows.
            operation.push(entry(
                "x-doc-deviation",
                Node::Map(vec![
                    entry(
                        "fields",
                        Node::Seq(vec![string("X-Auth-Token"), string("Content-Type")]),
                    ),
                    entry("reason", string(SECURITY_HEADERS)),
                ]),
            ));
        } else if !notes.is_empty() {
            operation.push(entry("x-doc-deviation", string(&join_notes(&notes))));
        }
        if !parameters.is_empty() {
            operation.push(entry(
                "parameters",
                Node::Seq(parameters.into_iter().map(Node::Map).collect()),
            ));
        }
        let mut components: Vec<(String, Node)> = Vec::new();
        if let Some(body) = self.request_body(&mut components)? {
            operation.push(entry("requestBody", Node::Map(body)));
        }
        let responses = self.responses(&statuses, &mut components)?;
        operation.push(entry("responses", Node::Map(responses)));
        self.objects(&mut components)?;
        self.field_lengths(&mut components);

        let method = page.uri.method.to_ascii_lowercase();
        let path = self.path.clone();
        self.root = Node::Map(vec![
            entry(
                "paths",
                Node::Map(vec![entry(
                    &path,
                    Node::Map(vec![entry(&method, Node::Map(operation))]),
                )]),
            ),
            entry(
                "components",
                Node::Map(vec![entry("schemas", Node::Map(components))]),
            ),
        ]);
        let operation_pointer = format!("/paths/{}/{method}", segment(&path));
        self.node_lines = std::mem::take(&mut self.node_lines)
            .into_iter()
            .map(|(pointer, line)| match pointer.starts_with('/') {
                true => (pointer, line),
                false => (format!("{operation_pointer}/{pointer}"), line),
            })
            .collect();
        for (name, line) in &self.lines {
            self.node_lines
                .insert(format!("/components/schemas/{}", segment(name)), *line);
        }
        for (note, line, review) in std::mem::take(&mut self.operation_notes) {
            if review {
                self.reviews.push(Review {
                    pointer: operation_pointer.clone(),
                    message: note.trim_start_matches("REVIEW: ").to_owned(),
                    line,
                });
            }
        }
        examples::check(&mut self, &operation_pointer)?;
        merge_equal_components(&mut self.root, &mut self.node_lines);
        self.reviews.sort_by_key(|review| review.line);

        let Node::Map(mut root) = self.root else {
            unreachable!("the root is a map")
        };
        let components = match root.pop() {
            Some((_, Node::Map(mut entries))) => match entries.pop() {
                Some((_, Node::Map(schemas))) => schemas,
                _ => Vec::new(),
            },
            _ => Vec::new(),
        };
        let operation = match root.pop() {
            Some((_, Node::Map(mut paths))) => match paths.pop() {
                Some((_, Node::Map(mut methods))) => methods.pop().map(|(_, op)| op),
                _ => None,
            },
            _ => None,
        }
        .unwrap_or(Node::Null);
        let lines = self.lines;
        let node_lines = self.node_lines;
        Ok(Transcript {
            service,
            method,
            path,
            operation_id: self.operation_id,
            operation,
            components: components
                .into_iter()
                .map(|(name, schema)| Component {
                    line: lines.get(&name).copied().unwrap_or(uri_line),
                    name,
                    schema,
                })
                .collect(),
            reviews: self.reviews,
            lines: node_lines,
        })
    }

    /// The official SDK's name for an operation whose page prints no SDK sample (from
    /// the names table), else one derived from the page (a `REVIEW:` when the SDK
    /// has several operations on the method and path that the page cannot tell apart).
    fn sdk_operation_name(&mut self) -> String {
        let page = self.page;
        let derived = derived_operation_id(&page.uri.method, &page.uri.path);
        let note = match super::known_names::operation_name(self.options.known_names, page) {
            Ok(Some(name)) => return name,
            Ok(None) if !self.options.known_names.is_empty() => {
                // The SDK lacks the operation: the page's name is the only one there is.
                self.operation_notes.push((
                    format!("No operation of the official SDK is this page's {} {}; `{derived}` is derived from the method and path.", page.uri.method, page.uri.path),
                    page.uri.line,
                    false,
                ));
                return derived;
            }
            Ok(None) => format!(
                "REVIEW: the page prints no SDK sample naming the operation; `{derived}` is derived from the method and path (give the official SDKs' name with --operation-id)."
            ),
            Err(candidates) => format!(
                "REVIEW: the official SDK has the operations {} on this method and path, and the page's request does not tell which one it is; `{derived}` is derived from the method and path (give the right one with --operation-id).",
                candidates.join(", ")
            ),
        };
        self.operation_notes.push((note, page.uri.line, true));
        derived
    }

    /// Path, query and header parameters. Placeholders spelled differently from the
    /// table take the table's spelling; the one placeholder without a row takes the one
    /// path row naming no placeholder; a path row naming none when every placeholder
    /// has its row is the query; a placeholder still without a row gets one.
    fn parameters(&mut self) -> Result<Vec<Map>, PageError> {
        let page = self.page;
        let placeholders = page.uri.placeholders();
        let query_keys: Vec<String> = page
            .uri
            .query
            .iter()
            .flat_map(|query| query.split('&'))
            .filter_map(|pair| pair.split('=').next())
            .map(|key| key.trim().to_owned())
            .filter(|key| !key.is_empty())
            .collect();
        // Owned: a row may be written under the placeholder's name (below).
        let mut rows: Vec<(&str, Row)> = Vec::new();
        let mut security_rows = false;
        for (index, table) in page.tables.iter().enumerate() {
            let location = match &table.role {
                Role::Path => Some("path"),
                Role::Query => Some("query"),
                Role::RequestHeader => Some("header"),
                // Older pages put every parameter in one titled table (`表1 参数说明`)
                // and headers in another (`Header说明`): sort their rows by rule. A
                // table a field holds (by its type, name, number or the examples) is
                // that field's type, not parameters.
                Role::Object {
                    group: Group::Request,
                    title: Some(title),
                } if !self.referenced_in_request(title, table.number.as_deref())
                    && !self.by_example.values().any(|bound| *bound == index) =>
                {
                    None
                }
                _ => continue,
            };
            for row in &table.rows {
                let location = location.unwrap_or_else(|| {
                    if placeholders
                        .iter()
                        .any(|p| naming::same_field(p, &row.name))
                    {
                        "path"
                    } else if row.name.contains('-') {
                        "header"
                    } else {
                        "query"
                    }
                });
                if location == "header"
                    && ["x-auth-token", "content-type"]
                        .contains(&row.name.to_ascii_lowercase().as_str())
                {
                    security_rows = true;
                    continue;
                }
                rows.push((location, row.clone()));
            }
        }
        if security_rows {
            self.operation_notes
                .insert(0, (SECURITY_HEADERS.to_owned(), page.uri.line, false));
        }
        let mut parameters = Vec::new();
        let mut without_row = Vec::new();
        for placeholder in &placeholders {
            let exact = rows
                .iter()
                .any(|(location, row)| *location == "path" && &row.name == placeholder);
            if exact {
                continue;
            }
            let spelled = rows
                .iter_mut()
                .find(|(_, row)| naming::same_field(placeholder, &row.name));
            if let Some((location, row)) = spelled {
                *location = "path";
                self.path = self
                    .path
                    .replace(&format!("{{{placeholder}}}"), &format!("{{{}}}", row.name));
                self.operation_notes.push((
                    format!("The URI line spells the placeholder `{{{placeholder}}}`, the parameter table `{}`; the table's spelling is written.", row.name),
                    page.uri.line,
                    false,
                ));
            } else {
                without_row.push(placeholder);
            }
        }
        // Path rows that name no placeholder: the page misnames a placeholder
        // (`port_mirror_filter_rule_id` for `{traffic_mirror_filter_rule_id}`) or lists a
        // query parameter among the path's (`usage`). The template is what is sent.
        let written = crate::page::placeholders(&self.path);
        let stray: Vec<usize> = (0..rows.len())
            .filter(|&index| rows[index].0 == "path" && !written.contains(&rows[index].1.name))
            .collect();
        match (without_row.as_slice(), stray.as_slice()) {
            ([placeholder], [index]) => {
                let row = &mut rows[*index].1;
                self.operation_notes.push((
                    format!("The path parameter table names `{}`, which is not in the URI line; it is the row of `{{{placeholder}}}`, the only placeholder without one, and the URI line's name (what is sent) is written.", row.name),
                    row.line,
                    false,
                ));
                row.name = (*placeholder).clone();
                without_row.clear();
            }
            ([], _) => {
                for index in stray {
                    let (location, row) = &mut rows[index];
                    *location = "query";
                    self.operation_notes.push((
                        format!("The path parameter table lists `{}`, which the URI line's path does not name, and every placeholder has its row; it is written as a query parameter.", row.name),
                        row.line,
                        false,
                    ));
                }
            }
            _ => {}
        }
        for placeholder in without_row {
            self.node_lines
                .insert(format!("parameters/{}", parameters.len()), page.uri.line);
            let mut parameter = vec![
                entry("name", string(placeholder)),
                entry("in", string("path")),
                entry("required", Node::Bool(true)),
                entry("description", string(placeholder)),
                entry(
                    "x-doc-deviation",
                    string(&format!(
                        "The URI line has the placeholder `{{{placeholder}}}` but no table describes it; a string is assumed (a path segment is text)."
                    )),
                ),
                entry("schema", Node::Map(vec![entry("type", string("string"))])),
            ];
            from_config(&mut parameter, placeholder);
            parameters.push(parameter);
        }
        for key in &query_keys {
            if !rows.iter().any(|(_, row)| &row.name == key) {
                self.operation_notes.push((
                    format!("The URI line's query string names `{key}`, which no table describes; it is left out."),
                    page.uri.line,
                    false,
                ));
            }
        }
        for (location, row) in &rows {
            let location = *location;
            let value = row_schema(row, None, &|_| String::new())?;
            if value.object.is_some() {
                return Err(PageError {
                    message: format!(
                        "parameter `{}` is typed `{}`: an object cannot be a {location} parameter",
                        row.name, row.ty
                    ),
                    line: Some(row.line),
                });
            }
            let required = location == "path" || row.mandatory == Some(true);
            let mut parameter = vec![
                entry("name", string(&row.name)),
                entry("in", string(location)),
                entry("required", Node::Bool(required)),
                entry("description", string(&schema::description(row))),
            ];
            if location == "path" {
                from_config(&mut parameter, &row.name);
            }
            let mut schema = value.schema;
            text_items(&mut schema);
            let at = format!("parameters/{}/schema", parameters.len());
            self.stated_lengths(&mut schema, &at, row, &Group::Request, None);
            self.node_lines
                .insert(format!("parameters/{}", parameters.len()), row.line);
            parameter.push(entry("schema", Node::Map(schema)));
            parameters.push(parameter);
        }
        // Reviews of placeholders without rows were recorded relative to the list.
        let operation = format!(
            "/paths/{}/{}",
            segment(&self.path),
            page.uri.method.to_ascii_lowercase()
        );
        for review in &mut self.reviews {
            if review.pointer.starts_with("parameters/") {
                review.pointer = format!("{operation}/{}", review.pointer);
            }
        }
        Ok(parameters)
    }

    /// Whether a request field points at the table titled `title` (numbered `number`):
    /// by its type, its name, or a cell that names the title or the table's number
    /// (`请参见表2`, when the title is a sentence such as `创建云服务器请求参数说明`).
    fn referenced_in_request(&self, title: &str, number: Option<&str>) -> bool {
        self.page
            .tables
            .iter()
            .filter(|table| {
                matches!(
                    &table.role,
                    Role::RequestBody
                        | Role::Object {
                            group: Group::Request,
                            ..
                        }
                )
            })
            .flat_map(|table| &table.rows)
            .any(|row| {
                let object_like = !matches!(
                    crate::page::page_kind(&row.ty),
                    crate::page::Kind::Unknown(_)
                        | crate::page::Kind::String
                        | crate::page::Kind::Int32
                        | crate::page::Kind::Int64
                        | crate::page::Kind::Number
                        | crate::page::Kind::Bool
                );
                row.ty.contains(title)
                    || object_like
                        && (row.range.contains(title)
                            || row.description.contains(title)
                            || row.name == title
                            || title.ends_with(&format!(".{}", row.name))
                            || number.is_some_and(|number| {
                                crate::page::table_references(&row.description)
                                    .iter()
                                    .any(|pointed| pointed == number)
                            }))
            })
    }

    fn request_body(
        &mut self,
        components: &mut Vec<(String, Node)>,
    ) -> Result<Option<Map>, PageError> {
        let page = self.page;
        let rows = page.rows(&Role::RequestBody);
        let examples: Vec<_> = page
            .examples
            .iter()
            .filter(|example| example.group == Group::Request)
            .collect();
        if rows.is_empty() && examples.is_empty() {
            return Ok(None);
        }
        let name = format!("{}RequestBody", self.operation_id);
        let line = table_line(page, &Role::RequestBody).unwrap_or(page.uri.line);
        let first_example = examples.first().map(|example| example.line);
        let body_line = table_line(page, &Role::RequestBody).or(first_example);
        if let Some(body_line) = body_line {
            self.node_lines.insert("requestBody".to_owned(), body_line);
        }
        let schema = self.body_schema(&rows, &Group::Request, &name, line, components)?;
        let mut media = vec![entry("schema", schema)];
        self.attach_examples(&mut media, &Group::Request);
        let body = vec![
            entry("required", Node::Bool(true)),
            entry(
                "content",
                Node::Map(vec![entry("application/json", Node::Map(media))]),
            ),
        ];
        Ok(Some(body))
    }

    /// The schema of a body: a `$ref` to the component of its table, or an inline array
    /// when the table's one row is the array's element (`[数组元素]`).
    fn body_schema(
        &mut self,
        rows: &[&Row],
        group: &Group,
        name: &str,
        line: usize,
        components: &mut Vec<(String, Node)>,
    ) -> Result<Node, PageError> {
        if let [row] = rows
            && row.name.starts_with('[')
        {
            let titled = self.titled_table(group, None, row);
            let value = row_schema(row, titled, &|object| self.object_ref(group, object))?;
            let mut schema = value.schema;
            schema.insert(0, entry("description", string(&schema::description(row))));
            self.node_lines
                .insert(format!("{}/schema", media_pointer(group)), row.line);
            if let Some(object) = value.object {
                self.reference(group, &object);
            }
            return Ok(Node::Map(schema));
        }
        let unique = unique_name(components, name);
        let object = if rows.is_empty() {
            // Only the example shows this body; the example check fills it in.
            vec![
                entry("type", string("object")),
                entry("description", string(name)),
            ]
        } else {
            self.object_schema(rows, group, &unique, name, None)?
        };

        self.lines.insert(unique.clone(), line);
        components.push((unique.clone(), Node::Map(object)));
        Ok(Node::Map(vec![entry(
            "$ref",
            string(&format!("#/components/schemas/{unique}")),
        )]))
    }

    /// An object schema from table rows; dotted names (`metaData.count`) nest. `parent`
    /// is the page's name of the object (`role.policy`), which older pages' titles of
    /// nested tables extend (`role.policy.Statement`); `None` for a body.
    fn object_schema(
        &mut self,
        rows: &[&Row],
        group: &Group,
        name: &str,
        description: &str,
        parent: Option<&str>,
    ) -> Result<Map, PageError> {
        let request = group == &Group::Request;
        let pointer = format!("/components/schemas/{}", segment(name));
        let mut properties: Map = Vec::new();
        let mut required: Vec<Node> = Vec::new();
        for row in rows {
            let titled = self.titled_table(group, parent, row);
            let value = row_schema(row, titled, &|object| self.object_ref(group, object))?;
            if let Some(object) = &value.object {
                self.reference(group, object);
            }
            let mut schema = value.schema;
            // After `type` and `format` (or `$ref`), as the hand-written specs have it.
            let at = schema
                .iter()
                .take_while(|(key, _)| matches!(key.as_str(), "type" | "format" | "$ref"))
                .count();
            schema.insert(at, entry("description", string(&schema::description(row))));
            let at = format!("{pointer}/properties/{}", segment(&row.name));
            if schema::untyped_array(row) {
                super::examples::add_deviation(
                    &mut schema,
                    "The table types it only `Array`, not what the array holds; free-form objects are written (they decode whatever the service sends).",
                );
            }
            if schema::garbled_enum(row) {
                super::examples::add_deviation(
                    &mut schema,
                    "The description seems to list values (`--`) that cannot be read as an enumeration; none is written (any text is accepted).",
                );
            }
            self.stated_lengths(&mut schema, &at, row, group, value.object.as_deref());
            let nested: Vec<String> = row.name.split('.').map(segment).collect();
            self.node_lines.insert(
                format!("{pointer}/properties/{}", nested.join("/properties/")),
                row.line,
            );
            let mut names = row.name.split('.').collect::<Vec<_>>();
            let leaf = names.pop().unwrap_or_default().to_owned();
            let target = nested_properties(&mut properties, &names);
            if request && row.mandatory == Some(true) && names.is_empty() {
                required.push(string(&leaf));
            }
            target.push((leaf, Node::Map(schema)));
        }
        let mut object = vec![
            entry("type", string("object")),
            entry("description", string(description)),
        ];
        if !required.is_empty() {
            object.push(entry("required", Node::Seq(required)));
        }
        object.push(entry("properties", Node::Map(properties)));
        Ok(object)
    }

    /// The lengths a row's prose states: its own bound now, a bound of a field of the
    /// object it holds once that object's component exists ([`Self::field_lengths`]).
    fn stated_lengths(
        &mut self,
        schema: &mut Map,
        pointer: &str,
        row: &Row,
        group: &Group,
        object: Option<&str>,
    ) {
        for stated in text::stated_lengths(&schema::constraint_text(row)) {
            if object.is_none() && lengths::names_item_part(&row.name, schema, &stated) {
                super::examples::add_deviation(schema, &lengths::item_part_message(&stated));
            } else if object.is_none() || lengths::names_own(&row.name, &stated) {
                // A row that holds no object has no fields for the length to name.
                match lengths::bound(schema, &stated) {
                    // A free-form object has no length to bound: the prose stays in
                    // its description, decided.
                    Err(message) if message.contains("not a string, array or map") => {
                        super::examples::add_deviation(schema, &capitalised(&message));
                    }
                    Err(message) => self.row_review(schema, pointer, row, &message),
                    Ok(()) => {}
                }
            } else if let Some(object) = object {
                self.stated
                    .push((group.clone(), object.to_owned(), stated, row.clone()));
            }
        }
    }

    /// Writes the lengths that parent rows state for fields of the objects they hold
    /// (`custom_attributes`: `The length of the key is 10.`) onto those fields.
    fn field_lengths(&mut self, components: &mut [(String, Node)]) {
        for (group, object, stated, row) in std::mem::take(&mut self.stated) {
            let Some(name) = self.names.get(&(group, object.clone())).cloned() else {
                continue;
            };
            let Some((_, Node::Map(component))) = components
                .iter_mut()
                .find(|(component, _)| *component == name)
            else {
                continue;
            };
            let pointer = format!("/components/schemas/{}", segment(&name));
            let properties = component.iter_mut().find_map(|(key, node)| match node {
                Node::Map(properties) if key == "properties" => Some(properties),
                _ => None,
            });
            let field = properties.and_then(|properties| lengths::field(properties, &stated));
            let outcome = match field {
                Some((field, schema)) => lengths::bound(schema, &stated).map_err(|message| {
                    let at = format!("{pointer}/properties/{}", segment(field));
                    (schema, at, message)
                }),
                None => Err((
                    &mut *component,
                    pointer.clone(),
                    format!(
                        "the prose states a length for `{}`, but `{object}` has no such field; nothing is written.",
                        stated.subject
                    ),
                )),
            };
            if let Err((schema, at, message)) = outcome {
                self.row_review(schema, &at, &row, &message);
            }
        }
    }

    /// A `REVIEW:` on a row's schema, listed with the row's line.
    fn row_review(&mut self, schema: &mut Map, pointer: &str, row: &Row, message: &str) {
        super::examples::add_deviation(schema, &format!("REVIEW: {message}"));
        self.reviews.push(Review {
            pointer: pointer.to_owned(),
            message: format!("`{}`: {message}", row.name),
            line: row.line,
        });
    }

    /// The title of the object table that describes `row`'s value by the field's name
    /// (older pages: `表4 user`, `role.policy.Statement`, `volume参数说明`), in the
    /// request or response the row belongs to.
    fn titled_table(&self, group: &Group, parent: Option<&str>, row: &Row) -> Option<&'p str> {
        let path = parent.map(|parent| format!("{parent}.{}", row.name));
        let titles = self
            .page
            .tables
            .iter()
            .filter_map(|table| match &table.role {
                Role::Object {
                    group: table_group,
                    title: Some(title),
                } if table_group == group => Some(title.as_str()),
                _ => None,
            })
            .collect::<Vec<&'p str>>();
        // A type that names a table of its own (`X object`) is described there.
        let typed = match crate::page::page_kind(&row.ty) {
            crate::page::Kind::Object(Some(name)) => Some(name),
            crate::page::Kind::Array(element) => match *element {
                crate::page::Kind::Object(Some(name)) => Some(name),
                _ => None,
            },
            _ => None,
        };
        if typed.is_some_and(|name| titles.iter().any(|title| title_names(title, &name))) {
            return None;
        }
        let mut by_name = None;
        for title in &titles {
            if path.as_deref() == Some(*title) {
                return Some(title);
            }
            if *title == row.name && by_name.is_none() {
                by_name = Some(*title);
            }
        }
        by_name
            .or_else(|| self.numbered_table(group, row))
            .or_else(|| {
                self.by_example
                    .get(&row.line)
                    .and_then(|at| title_of(&self.page.tables[*at]))
            })
    }

    /// Binds the object rows that no other rule binds to a table, by the page's examples
    /// (pages that type a field only `object` and title its table by an internal type
    /// name, `表3 GetIdTokenAuthParams`). The walk follows each body's rows into the
    /// tables they hold, carrying the examples' values of each field; a free object row
    /// whose values show keys holds the table [`Self::example_table`] picks. A field no
    /// example shows stays free-form: there is nothing to tell its table by.
    fn bind_by_example(&mut self) {
        let page = self.page;
        let mut groups: Vec<&Group> = page.examples.iter().map(|example| &example.group).collect();
        groups.sort();
        groups.dedup();
        for group in groups {
            let body = match group {
                Group::Request => Role::RequestBody,
                Group::Response(status) => Role::ResponseBody(status.clone()),
            };
            let Some(body_at) = page.tables.iter().position(|table| table.role == body) else {
                continue;
            };
            let values: Vec<&serde_json::Value> = page
                .examples
                .iter()
                .filter(|example| &example.group == group)
                .filter_map(|example| example.value.as_ref().ok())
                .collect();
            let mut claimed: Vec<usize> = Vec::new();
            // Breadth first: the rows of an object, the table they are in, the page's
            // name of the object, its path from the body and its values.
            let mut queue = std::collections::VecDeque::from([(
                page.rows(&body),
                body_at,
                None,
                String::new(),
                values,
            )]);
            while let Some((rows, at, parent, path, values)) = queue.pop_front() {
                for row in rows {
                    let values = field_values(&values, &row.name);
                    if values.is_empty() {
                        continue;
                    }
                    let path = match path.is_empty() {
                        true => row.name.clone(),
                        false => format!("{path}.{}", row.name),
                    };
                    let held = self.held_table(group, parent.as_deref(), row).or_else(|| {
                        let table = self.example_table(group, row, at, &path, &values, &claimed)?;
                        self.by_example.insert(row.line, table);
                        Some((table, title_of(&page.tables[table])?.to_owned()))
                    });
                    if let Some((table, object)) = held {
                        claimed.push(table);
                        let rows = page.tables[table].rows.iter().collect();
                        queue.push_back((rows, table, Some(object), path, values));
                    }
                }
            }
        }
    }

    /// The object table that rules other than the examples bind `row` to, with the
    /// page's name of the object: a table titled by the field ([`Self::titled_table`]) or
    /// by the row's type (`X object`).
    fn held_table(
        &self,
        group: &Group,
        parent: Option<&str>,
        row: &Row,
    ) -> Option<(usize, String)> {
        let typed = match crate::page::page_kind(&row.ty) {
            crate::page::Kind::Object(Some(name)) => Some(name),
            crate::page::Kind::Array(element) => match *element {
                crate::page::Kind::Object(Some(name)) => Some(name),
                _ => None,
            },
            _ => None,
        };
        let object = self
            .titled_table(group, parent, row)
            .map(str::to_owned)
            .or(typed)?;
        let at = self.page.tables.iter().position(|table| {
            table_group(table).as_ref() == Some(group)
                && title_of(table).is_some_and(|title| title_names(title, &object))
        })?;
        Some((at, object))
    }

    /// The object table of `group` that a free object row (`object`, `Array of objects`)
    /// holds by the keys its example `values` show: of the tables whose rows name every
    /// key, the one with the fewest rows the examples leave out, then one no field holds
    /// yet (not in `claimed`: two fields that show only `id` are two tables), then the
    /// first after the table `after` the row is in. A table titled by a field (a dotted
    /// path, a row's name) describes that field only: it is a candidate for the field at
    /// that `path` (`token.user.domain`), for no other.
    fn example_table(
        &self,
        group: &Group,
        row: &Row,
        after: usize,
        path: &str,
        values: &[&serde_json::Value],
        claimed: &[usize],
    ) -> Option<usize> {
        let free = match crate::page::page_kind(&row.ty) {
            crate::page::Kind::Array(element) => *element == crate::page::Kind::FreeObject,
            kind => kind == crate::page::Kind::FreeObject,
        };
        if !free {
            return None;
        }
        let keys: Vec<&String> = values
            .iter()
            .filter_map(|value| value.as_object())
            .flat_map(|object| object.keys())
            .collect();
        if keys.is_empty() {
            return None;
        }
        let field_names: Vec<&str> = self
            .page
            .tables
            .iter()
            .filter(|table| table_group(table).as_ref() == Some(group))
            .flat_map(|table| &table.rows)
            .map(|row| row.name.as_str())
            .collect();
        let tables = self.page.tables.iter().enumerate();
        tables
            .filter_map(|(at, table)| match &table.role {
                Role::Object {
                    group: table_group,
                    title: Some(title),
                } if table_group == group => Some((at, table, title)),
                _ => None,
            })
            .filter_map(|(at, table, title)| {
                let names_path = title == path || path.ends_with(&format!(".{title}"));
                let names_field = title.contains('.') || field_names.contains(&title.as_str());
                let names: Vec<&str> = table
                    .rows
                    .iter()
                    .filter_map(|row| row.name.split('.').next())
                    .collect();
                let covers = keys.iter().all(|key| names.contains(&key.as_str()));
                let extra = names
                    .iter()
                    .filter(|name| !keys.iter().any(|key| key == *name))
                    .count();
                let candidate = covers && (names_path || !names_field);
                candidate.then_some((extra, claimed.contains(&at), at <= after, at))
            })
            .min()
            .map(|(.., at)| at)
    }

    /// The title of the object table a row points at by number (`弹性云服务器信息，请参见
    /// 表3。` with `表3 创建云服务器请求参数说明`), in the row's request or response.
    fn numbered_table(&self, group: &Group, row: &Row) -> Option<&'p str> {
        let numbers = crate::page::table_references(&schema::constraint_text(row));
        self.page.tables.iter().find_map(|table| match &table.role {
            Role::Object {
                group: table_group,
                title: Some(title),
            } if table_group == group
                && table
                    .number
                    .as_ref()
                    .is_some_and(|number| numbers.contains(number)) =>
            {
                Some(title.as_str())
            }
            _ => None,
        })
    }

    /// The name of the field whose row points at the table titled `title` by number or
    /// holds it by the examples, for a title that is no name (`创建云服务器请求参数说明`,
    /// `floating_ip对象属性`).
    fn field_of_table(&self, group: &Group, title: &str) -> Option<&'p str> {
        let by_example = |row: &Row| {
            self.by_example
                .get(&row.line)
                .is_some_and(|at| title_of(&self.page.tables[*at]) == Some(title))
        };
        self.page
            .tables
            .iter()
            .filter(|table| table_group(table).as_ref() == Some(group))
            .flat_map(|table| &table.rows)
            .find(|row| self.numbered_table(group, row) == Some(title) || by_example(row))
            .map(|row| row.name.as_str())
    }

    fn object_ref(&self, group: &Group, object: &str) -> String {
        let name = self
            .names
            .get(&(group.clone(), object.to_owned()))
            .cloned()
            .unwrap_or_else(|| self.tentative_name(group, object));
        format!("#/components/schemas/{name}")
    }

    fn tentative_name(&self, group: &Group, object: &str) -> String {
        let named = object
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || " _-:.".contains(c));
        let base = match self.field_of_table(group, object) {
            Some(field) if !named => naming::type_name(field),
            _ => naming::type_name(object),
        };
        let taken = self
            .names
            .iter()
            .any(|((other_group, _), name)| other_group != group && name == &base);
        if taken {
            match group {
                Group::Request => format!("{base}Request"),
                Group::Response(status) => format!("{base}Response{status}"),
            }
        } else {
            base
        }
    }

    fn reference(&mut self, group: &Group, object: &str) {
        let key = (group.clone(), object.to_owned());
        if !self.names.contains_key(&key) {
            let name = self.tentative_name(group, object);
            self.names.insert(key, name);
        }
    }

    /// Every status the page documents, in page order; the generator takes one
    /// success status, so a second 2xx is left out with a review note.
    fn statuses(&mut self) -> Result<Vec<String>, PageError> {
        let page = self.page;
        let mut statuses: Vec<String> = page.statuses.clone();
        for table in &page.tables {
            if let Role::ResponseBody(status) | Role::ResponseHeader(status) = &table.role
                && !statuses.contains(status)
            {
                statuses.push(status.clone());
            }
        }
        for example in &page.examples {
            if let Group::Response(status) = &example.group
                && !statuses.contains(status)
            {
                statuses.push(status.clone());
            }
        }
        let documented = if statuses.is_empty() {
            "The page documents no status".to_owned()
        } else {
            format!(
                "The page documents only the failures {}",
                statuses.join(", ")
            )
        };
        if !statuses.iter().any(|status| status.starts_with('2'))
            && let Some((success, _)) = self
                .options
                .shared_statuses
                .iter()
                .find(|(status, _)| status.starts_with('2'))
        {
            // Older pages point at the service's shared status page (`请参考通用请求返回
            // 值`), which lists every success status without saying whose; the runtime
            // takes any 2xx as success, so its first one stands for the operation's. A
            // page that prints only its failures (`状态码为 400 时:`) points there for
            // its success too (`状态码: 请参见状态码。`).
            let listed: Vec<&str> = self
                .options
                .shared_statuses
                .iter()
                .map(|(status, _)| status.as_str())
                .filter(|status| status.starts_with('2'))
                .collect();
            self.operation_notes.push((
                format!("{documented}; the service's shared status page lists the successes {}, and {success} is written (any 2xx reply is decoded as the success).", listed.join(", ")),
                page.uri.line,
                false,
            ));
            statuses.insert(0, success.clone());
        }
        if statuses.is_empty() {
            return Err(PageError {
                message:
                    "the page documents no status code (no `状态码`/`Status code` table or heading)"
                        .to_owned(),
                line: None,
            });
        }
        let successes: Vec<String> = statuses
            .iter()
            .filter(|status| status.starts_with('2'))
            .cloned()
            .collect();
        if let [first, rest @ ..] = successes.as_slice()
            && !rest.is_empty()
        {
            self.operation_notes.push((
                format!("The page documents the success statuses {}; only {first} is written (one success response per operation; any 2xx reply is decoded as the success).", successes.join(", ")),
                page.uri.line,
                false,
            ));
            statuses.retain(|status| !rest.contains(status));
        }
        Ok(statuses)
    }

    fn responses(
        &mut self,
        statuses: &[String],
        components: &mut Vec<(String, Node)>,
    ) -> Result<Map, PageError> {
        let page = self.page;
        let success = statuses
            .iter()
            .find(|status| status.starts_with('2'))
            .cloned();
        let mut responses = Vec::new();
        for status in statuses {
            let group = Group::Response(status.clone());
            let examples: Vec<_> = page
                .examples
                .iter()
                .filter(|example| example.group == group)
                .collect();
            let shared = self
                .options
                .shared_statuses
                .iter()
                .find(|(shared, _)| shared == status)
                .map(|(_, text)| text.clone());
            let description = page
                .status_texts
                .get(status)
                .cloned()
                .or(shared)
                .or_else(|| examples.first().map(|example| example.caption.clone()))
                .filter(|text| !text.trim().is_empty())
                .unwrap_or_else(|| format!("Status {status}."));
            let status_line = page
                .tables
                .iter()
                .find(|table| {
                    matches!(&table.role, Role::ResponseBody(at) | Role::ResponseHeader(at) if at == status)
                })
                .map(|table| table.line)
                .or_else(|| examples.first().map(|example| example.line));
            if let Some(line) = status_line {
                self.node_lines
                    .insert(format!("responses/{}", segment(status)), line);
            }
            let mut response = vec![entry("description", string(&description))];
            let mut headers = vec![entry(
                "X-request-id",
                Node::Map(vec![
                    entry(
                        "description",
                        string("Request ID, in the format request_uuid-timestamp-hostname."),
                    ),
                    entry("x-doc-deviation", string(REQUEST_ID)),
                    entry("schema", Node::Map(vec![entry("type", string("string"))])),
                ]),
            )];
            for row in page.rows(&Role::ResponseHeader(status.clone())) {
                if row.name.eq_ignore_ascii_case("x-request-id") {
                    headers.remove(0);
                }
                let value = row_schema(row, None, &|_| String::new())?;
                self.node_lines.insert(
                    format!(
                        "responses/{}/headers/{}",
                        segment(status),
                        segment(&row.name)
                    ),
                    row.line,
                );
                headers.push(entry(
                    &row.name,
                    Node::Map(vec![
                        entry("description", string(&schema::description(row))),
                        entry("schema", Node::Map(value.schema)),
                    ]),
                ));
            }
            response.push(entry("headers", Node::Map(headers)));
            let rows = page.rows(&Role::ResponseBody(status.clone()));
            if !rows.is_empty() || !examples.is_empty() {
                let name = if Some(status) == success.as_ref() {
                    format!("{}Response", self.operation_id)
                } else {
                    format!("{}Error", self.operation_id)
                };
                let line =
                    table_line(page, &Role::ResponseBody(status.clone())).unwrap_or(page.uri.line);
                let schema = self.body_schema(&rows, &group, &name, line, components)?;
                let mut media = vec![entry("schema", schema)];
                self.attach_examples(&mut media, &group);
                response.push(entry(
                    "content",
                    Node::Map(vec![entry("application/json", Node::Map(media))]),
                ));
            }
            responses.push(entry(status, Node::Map(response)));
        }
        Ok(responses)
    }

    fn attach_examples(&mut self, media: &mut Map, group: &Group) {
        let mut examples = Vec::new();
        let mut unreadable = Vec::new();
        for example in self
            .page
            .examples
            .iter()
            .filter(|example| &example.group == group)
        {
            let node = serde_json::from_str::<Node>(&example.json);
            match (&example.value, node) {
                (Ok(_), Ok(node)) => {
                    let base = match group {
                        Group::Request => "request".to_owned(),
                        Group::Response(status) => format!("response_{status}"),
                    };
                    let name = if examples.is_empty() {
                        base
                    } else {
                        format!("{base}_{}", examples.len() + 1)
                    };
                    let caption = if example.caption.trim().is_empty() {
                        format!("The example at line {} of the page.", example.line)
                    } else {
                        example.caption.clone()
                    };
                    self.node_lines.insert(
                        format!("{}/examples/{}", media_pointer(group), segment(&name)),
                        example.line,
                    );
                    examples.push(entry(
                        &name,
                        Node::Map(vec![
                            entry("summary", string(&caption)),
                            entry("value", node),
                        ]),
                    ));
                }
                (Err(error), _) => unreadable.push((example.line, error.clone())),
                (Ok(_), Err(error)) => unreadable.push((example.line, error.to_string())),
            }
        }
        if !examples.is_empty() {
            media.push(entry("examples", Node::Map(examples)));
        } else {
            let note = match unreadable.first() {
                // A page's broken JSON is no call's: nothing to keep, decided.
                Some((line, error)) => format!(
                    "The page's example at line {line} is not JSON even without trailing commas ({error}); none is kept."
                ),
                None => "The page prints none.".to_owned(),
            };
            media.push(entry("x-no-example", string(&note)));
        }
    }

    /// The object tables referenced from bodies, breadth first: a titled table by its
    /// title, otherwise the next untitled table of the same request or response.
    fn objects(&mut self, components: &mut Vec<(String, Node)>) -> Result<(), PageError> {
        let mut done: Vec<(Group, String)> = Vec::new();
        loop {
            let pending: Vec<(Group, String)> = self
                .names
                .keys()
                .filter(|key| !done.contains(key))
                .cloned()
                .collect();
            // Keep reference order: names is sorted, so follow the order of first use.
            let Some(key) = self.first_referenced(&pending) else {
                return Ok(());
            };
            done.push(key.clone());
            let (group, object) = key.clone();
            let name = self.names[&key].clone();
            let table = self.object_table(&group, &object);
            let Some((index, table)) = table else {
                let schema = vec![
                    entry("type", string("object")),
                    entry("description", string(&object)),
                    entry(
                        "x-doc-deviation",
                        string(&format!(
                            "No table on the page describes `{object}`; a free-form object is written (it decodes whatever the service sends)."
                        )),
                    ),
                ];
                components.push((name, Node::Map(schema)));
                continue;
            };
            self.claimed.push(index);
            let rows: Vec<&Row> = table.rows.iter().collect();
            let schema = self.object_schema(&rows, &group, &name, &object, Some(&object))?;
            self.lines.insert(name.clone(), table.line);
            components.push((name, Node::Map(schema)));
        }
    }

    /// Of the pending references, the one whose first use comes first on the page.
    fn first_referenced(&self, pending: &[(Group, String)]) -> Option<(Group, String)> {
        pending
            .iter()
            .min_by_key(|(group, object)| {
                self.page
                    .tables
                    .iter()
                    .filter(|table| table_group(table).as_ref() == Some(group))
                    .flat_map(|table| &table.rows)
                    .find(|row| row.ty.contains(object.as_str()))
                    .map_or(usize::MAX, |row| row.line)
            })
            .cloned()
    }

    fn object_table(&self, group: &Group, object: &str) -> Option<(usize, &'p Table)> {
        let page = self.page;
        let candidates = page.tables.iter().enumerate().filter(|(index, table)| {
            !self.claimed.contains(index)
                && matches!(&table.role, Role::Object { group: table_group, .. } if table_group == group)
        });
        let mut untitled = None;
        for (index, table) in candidates {
            let Role::Object { title, .. } = &table.role else {
                continue;
            };
            match title {
                Some(title) if title_names(title, object) => return Some((index, table)),
                None if untitled.is_none() => untitled = Some((index, table)),
                _ => {}
            }
        }
        untitled
    }
}

/// A table title names an object: `Dimension`, `EventModel 数据结构说明`.
fn title_names(title: &str, object: &str) -> bool {
    title == object
        || title.split_whitespace().next() == Some(object)
        || naming::type_name(title) == naming::type_name(object)
}

fn title_of(table: &Table) -> Option<&str> {
    match &table.role {
        Role::Object {
            title: Some(title), ..
        } => Some(title),
        _ => None,
    }
}

/// The objects the examples' `values` hold under `name`, an array's elements each.
fn field_values<'v>(values: &[&'v serde_json::Value], name: &str) -> Vec<&'v serde_json::Value> {
    values
        .iter()
        .filter_map(|value| value.get(name))
        .flat_map(|value| match value {
            serde_json::Value::Array(items) => items.iter().collect(),
            value => vec![value],
        })
        .filter(|value| value.is_object())
        .collect()
}

fn table_group(table: &Table) -> Option<Group> {
    match &table.role {
        Role::RequestBody => Some(Group::Request),
        Role::ResponseBody(status) => Some(Group::Response(status.clone())),
        Role::Object { group, .. } => Some(group.clone()),
        _ => None,
    }
}

/// The pointer of a body's JSON media, relative to the operation.
fn media_pointer(group: &Group) -> String {
    match group {
        Group::Request => "requestBody/content/application~1json".to_owned(),
        Group::Response(status) => {
            format!("responses/{}/content/application~1json", segment(status))
        }
    }
}

fn table_line(page: &Page, role: &Role) -> Option<usize> {
    page.tables
        .iter()
        .find(|table| &table.role == role)
        .map(|table| table.line)
}

/// A parameter typed only `Array` (`ARRAY`, `List`) repeats text: a query string or a
/// header carries no objects.
fn text_items(schema: &mut Map) {
    let object_items = Node::Map(vec![entry("type", string("object"))]);
    for (key, value) in schema.iter_mut() {
        if key == "items" && *value == object_items {
            *value = Node::Map(vec![entry("type", string("string"))]);
        }
    }
}

/// `project_id` path parameters come from the client configuration.
fn from_config(parameter: &mut Map, name: &str) {
    if naming::field_name(name) == "project_id" {
        parameter.push(entry("x-from-config", string("project_id")));
    }
}

/// `GET /v1/{project_id}/things` -> `ListThings`, `GET /v3.0/OS-USER/users/{id}` ->
/// `ShowUsers`, `POST /v2.1/{project_id}/servers/{id}/action` -> `CreateServersAction`:
/// the verb from the method (a `GET` of one item shows it), the nouns from the path
/// without versions, placeholders and `OS-` extension prefixes.
fn derived_operation_id(method: &str, path: &str) -> String {
    let item = path.trim_end_matches('/').ends_with('}');
    let verb = match method {
        "GET" if item => "Show",
        "GET" => "List",
        "POST" => "Create",
        "PUT" | "PATCH" => "Update",
        "DELETE" => "Delete",
        other => other,
    };
    let noun: String = path
        .split('/')
        .filter(|part| !part.is_empty() && !part.starts_with('{') && !is_version(part))
        .filter(|part| !part.starts_with("OS-"))
        .map(naming::type_name)
        .collect();
    format!("{}{noun}", naming::type_name(verb))
}

/// `v1`, `v2.1`, `v3.0`.
fn is_version(part: &str) -> bool {
    part.strip_prefix('v').is_some_and(|rest| {
        !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit() || b == b'.')
    })
}

/// `the prose ...` -> `The prose ...`: a message as a deviation's sentence.
pub fn capitalised(message: &str) -> String {
    let mut chars = message.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn join_notes(notes: &[String]) -> String {
    let reviews: Vec<&str> = notes
        .iter()
        .filter_map(|note| note.strip_prefix("REVIEW: "))
        .collect();
    let plain: Vec<&str> = notes
        .iter()
        .filter(|note| !note.starts_with("REVIEW: "))
        .map(String::as_str)
        .collect();
    let mut text = String::new();
    if !reviews.is_empty() {
        text = format!("REVIEW: {}", reviews.join(" "));
    }
    for note in plain {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(note);
    }
    text
}

fn unique_name(components: &[(String, Node)], name: &str) -> String {
    let mut unique = name.to_owned();
    let mut n = 2;
    while components.iter().any(|(existing, _)| existing == &unique) {
        unique = format!("{name}{n}");
        n += 1;
    }
    unique
}

/// The properties map to add a dotted row's leaf to, creating the parents
/// (`metaData.count` under `metaData`).
fn nested_properties<'m>(properties: &'m mut Map, parents: &[&str]) -> &'m mut Map {
    let Some((first, rest)) = parents.split_first() else {
        return properties;
    };
    if !properties.iter().any(|(name, _)| name == first) {
        properties.push(entry(
            first,
            Node::Map(vec![
                entry("type", string("object")),
                entry("description", string(first)),
                entry("properties", Node::Map(Vec::new())),
            ]),
        ));
    }
    let Some((_, Node::Map(parent))) = properties.iter_mut().find(|(name, _)| name == first) else {
        unreachable!("inserted above")
    };
    if !parent.iter().any(|(key, _)| key == "properties") {
        // A row typed `Object` before its dotted children: they become its properties.
        parent.push(entry("properties", Node::Map(Vec::new())));
    }
    let Some((_, Node::Map(children))) = parent.iter_mut().find(|(key, _)| key == "properties")
    else {
        unreachable!("inserted above")
    };
    nested_properties(children, rest)
}

/// Components of identical schema are one: later ones are dropped (with the lines their
/// nodes were read from) and their `$ref`s point at the first.
fn merge_equal_components(root: &mut Node, node_lines: &mut BTreeMap<String, usize>) {
    let Some(Node::Map(schemas)) = super::examples::pointer_mut(root, "/components/schemas") else {
        return;
    };
    let mut renames: Vec<(String, String)> = Vec::new();
    let mut kept: Vec<(String, Node)> = Vec::new();
    for (name, schema) in std::mem::take(schemas) {
        match kept.iter().find(|(_, existing)| existing == &schema) {
            Some((first, _)) => renames.push((name, first.clone())),
            None => kept.push((name, schema)),
        }
    }
    *schemas = kept;
    for (from, to) in renames {
        rename_refs(root, &from, &to);
        let dropped = format!("/components/schemas/{}", segment(&from));
        node_lines.retain(|pointer, _| {
            pointer != &dropped && !pointer.starts_with(&format!("{dropped}/"))
        });
    }
}

/// Point every `$ref` to component `from` at `to`.
pub fn rename_refs(node: &mut Node, from: &str, to: &str) {
    let target = format!("#/components/schemas/{from}");
    match node {
        Node::Map(entries) => {
            for (key, value) in entries {
                match value {
                    Node::String(text) if key == "$ref" && *text == target => {
                        *text = format!("#/components/schemas/{to}");
                    }
                    _ => rename_refs(value, from, to),
                }
            }
        }
        Node::Seq(items) => items
            .iter_mut()
            .for_each(|item| rename_refs(item, from, to)),
        _ => {}
    }
}
