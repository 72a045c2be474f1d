//! A page against the operation it describes: parameters, body and response fields,
//! statuses and examples, each difference judged drift, accepted (recorded in the spec,
//! or something `specs/CONVENTIONS.md` says the spec does on purpose) or a note (the page
//! does not say enough to tell).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::kind::{self, Kind};
use huaweicloud_sdk_codegen::document::{
    Aspect, Deviation, Node, content_examples, pointer_segment,
};
use huaweicloud_sdk_codegen::page::text;
use huaweicloud_sdk_codegen::page::{Group, Page, Role, Row};

use super::finding::{Finding, Outcome, Verdict};
use super::spec_side::{Operation, Spec};

const RUNTIME_HEADERS: &str = "CONVENTIONS.md: the X-Auth-Token and Content-Type request-header rows are not parameters (X-Auth-Token is the security scheme, the runtime sends Content-Type)";
const REQUEST_ID_HEADER: &str = "CONVENTIONS.md: every response documents the X-request-id header";
const ENUM_FROM_EXAMPLES: &str =
    "CONVENTIONS.md: enumerations also list the values seen only in the page's examples";

/// Compare a page with the operation it describes.
pub fn check(spec: &Spec, page: &Page, operation: &Operation, exact: bool) -> Outcome {
    let operation_node = spec
        .document
        .node(&operation.pointer)
        .expect("operations come from the spec's paths");
    let mut checker = Checker {
        spec,
        page,
        operation: operation_node,
        findings: Vec::new(),
        agreeing: 0,
        example_strings: example_strings(page),
    };
    if !exact {
        let own = [checker.operation.clone()];
        let verdict = checker.verdict(&own, &[], None, Aspect::Path, None);
        let finding = Finding::new(
            "URI",
            Some(format!("operation {}", operation.id)),
            Some(page.uri.line),
            Aspect::Path,
            "the path template names its placeholders differently",
            verdict,
        );
        checker
            .findings
            .push(finding.sides(Some(page.uri.path.clone()), Some(operation.path.clone())));
    }
    checker.parameters();
    checker.request_body();
    checker.responses();
    checker.examples();
    Outcome {
        findings: checker.findings,
        agreeing: checker.agreeing,
    }
}

/// An object type a page field refers to, waiting for its table.
#[derive(Debug, Clone)]
struct Pending<'a> {
    type_name: String,
    schema: Option<Node<'a>>,
    path: String,
    /// The referring field is not in the spec (or not an object there): its table is
    /// not compared.
    missing: bool,
    used: bool,
}

struct Checker<'a> {
    spec: &'a Spec,
    page: &'a Page,
    operation: Node<'a>,
    findings: Vec<Finding>,
    agreeing: usize,
    /// Field name -> every string value it has in the page's examples.
    example_strings: BTreeMap<String, BTreeSet<String>>,
}

/// Where a difference is and which spec nodes may record a reason for it.
struct Subject<'s, 'a> {
    subject: &'s str,
    spec_node: Option<String>,
    /// The parameter, field or status name, which a parent's deviation must list in its
    /// `fields` to cover the difference; `None` where there is no such name (a body, an
    /// example).
    name: Option<&'s str>,
    /// Nodes of the difference itself: any deviation on them accepts it.
    own: &'s [Node<'a>],
    /// Enclosing schema, response or operation: a deviation there accepts the
    /// difference when its `fields` list `name`.
    parents: &'s [Node<'a>],
    line: Option<usize>,
}

impl<'a> Checker<'a> {
    /// Accepted when a node of the difference itself records a deviation that covers
    /// `aspect`, or when a parent (schema, operation, response) records one whose
    /// `fields` list `name` (with no `name`: one that lists `aspect` for everything
    /// below it); otherwise accepted by the conventions when given, else drift. Only the
    /// deviations' data decide: their reasons are shown, never searched.
    fn verdict(
        &self,
        own: &[Node<'a>],
        parents: &[Node<'a>],
        name: Option<&str>,
        aspect: Aspect,
        conventions: Option<&str>,
    ) -> Verdict {
        let accepted = |node: &Node<'a>, covers: &dyn Fn(&Deviation<'_>) -> bool| {
            // Lint reports a malformed deviation; here it covers nothing.
            let deviation = node.deviation()?.ok()?;
            covers(&deviation).then(|| Verdict::Accepted {
                reason: deviation.reason.to_owned(),
                recorded_on: self.spec.label(&node.pointer),
            })
        };
        let on_parent = |deviation: &Deviation<'_>| match name {
            Some(name) => deviation.covers_field(name, aspect),
            None => deviation.covers_below(aspect),
        };
        let found = own
            .iter()
            .find_map(|node| accepted(node, &|deviation| deviation.covers_node(aspect)))
            .or_else(|| parents.iter().find_map(|node| accepted(node, &on_parent)));
        match (found, conventions) {
            (Some(verdict), _) => verdict,
            (None, Some(reason)) => Verdict::Accepted {
                reason: reason.to_owned(),
                recorded_on: "specs/CONVENTIONS.md".to_owned(),
            },
            (None, None) => Verdict::Drift,
        }
    }

    /// Record a difference at `at`, judged by the deviations around it.
    #[allow(clippy::too_many_arguments)]
    fn difference(
        &mut self,
        at: &Subject<'_, 'a>,
        aspect: Aspect,
        message: String,
        page: Option<String>,
        spec: Option<String>,
        conventions: Option<&str>,
    ) {
        let verdict = self.verdict(at.own, at.parents, at.name, aspect, conventions);
        self.push(at, aspect, message, page, spec, verdict);
    }

    /// Record a difference at `at` with a verdict already reached.
    fn push(
        &mut self,
        at: &Subject<'_, 'a>,
        aspect: Aspect,
        message: String,
        page: Option<String>,
        spec: Option<String>,
        verdict: Verdict,
    ) {
        let finding = Finding::new(
            at.subject,
            at.spec_node.clone(),
            at.line,
            aspect,
            message,
            verdict,
        );
        self.findings.push(finding.sides(page, spec));
    }

    /// A parameter, field or header that the page has and the spec does not; `accepted`
    /// names a convention that accepts the difference, if one does.
    fn only_on_page(&mut self, at: &Subject<'_, 'a>, page: String, accepted: Option<&str>) {
        let message = "on the page, not in the spec".to_owned();
        self.difference(at, Aspect::Presence, message, Some(page), None, accepted);
    }

    /// Something the spec has and the page does not (`aspect`: presence, or a status).
    fn only_in_spec(
        &mut self,
        at: &Subject<'_, 'a>,
        aspect: Aspect,
        spec: Option<String>,
        accepted: Option<&str>,
    ) {
        let message = "in the spec, not on the page".to_owned();
        self.difference(at, aspect, message, None, spec, accepted);
    }

    // ----- parameters -------------------------------------------------------------

    /// (in, name, node) of the operation's parameters, path-level ones first.
    fn spec_parameters(&self) -> Vec<(String, String, Node<'a>)> {
        let mut parameters = Vec::new();
        let path_item = self
            .operation
            .pointer
            .rsplit_once('/')
            .and_then(|(path_item, _)| self.spec.document.node(path_item));
        let lists = [
            path_item.and_then(|item| item.get("parameters")),
            self.operation.get("parameters"),
        ];
        for list in lists.into_iter().flatten() {
            for parameter in list.items() {
                let (parameter, _) = self.spec.document.resolve(&parameter);
                let (Some(name), Some(location)) = (parameter.str("name"), parameter.str("in"))
                else {
                    continue;
                };
                parameters.push((location.to_owned(), name.to_owned(), parameter));
            }
        }
        parameters
    }

    fn parameters(&mut self) {
        let spec_parameters = self.spec_parameters();
        let mut used = vec![false; spec_parameters.len()];
        let same = |location: &str, a: &str, b: &str| {
            if location == "header" {
                a.eq_ignore_ascii_case(b)
            } else {
                a == b
            }
        };
        let page = self.page;
        let operation = [self.operation.clone()];
        for (location, role) in [
            ("path", Role::Path),
            ("query", Role::Query),
            ("header", Role::RequestHeader),
        ] {
            for row in page.rows(&role) {
                let subject = format!("{} `{}`", location_label(location), row.name);
                let found = spec_parameters
                    .iter()
                    .position(|(at, name, _)| at == location && same(location, name, &row.name));
                if let Some(index) = found {
                    used[index] = true;
                    let parameter = spec_parameters[index].2.clone();
                    self.compare_parameter(row, &subject, parameter);
                    continue;
                }
                let elsewhere =
                    spec_parameters
                        .iter()
                        .enumerate()
                        .position(|(index, (at, name, _))| {
                            !used[index]
                                && (name == &row.name
                                    || at == "header" && name.eq_ignore_ascii_case(&row.name))
                        });
                if let Some(index) = elsewhere {
                    used[index] = true;
                    let (other, _, parameter) = &spec_parameters[index];
                    let own = [parameter.clone()];
                    let at = Subject {
                        subject: &subject,
                        spec_node: Some(self.spec.label(&parameter.pointer)),
                        name: Some(&row.name),
                        own: &own,
                        parents: &operation,
                        line: Some(row.line),
                    };
                    self.difference(
                        &at,
                        Aspect::Location,
                        format!(
                            "the page documents a {location} parameter, the spec a {other} parameter"
                        ),
                        Some(location.to_owned()),
                        Some(other.clone()),
                        None,
                    );
                    continue;
                }
                let runtime = location == "header"
                    && ["x-auth-token", "content-type"]
                        .contains(&row.name.to_ascii_lowercase().as_str());
                let at = Subject {
                    subject: &subject,
                    spec_node: None,
                    name: Some(&row.name),
                    own: &[],
                    parents: &operation,
                    line: Some(row.line),
                };
                self.only_on_page(&at, row.ty.clone(), runtime.then_some(RUNTIME_HEADERS));
            }
        }
        for (index, (location, name, parameter)) in spec_parameters.iter().enumerate() {
            if used[index] {
                continue;
            }
            let subject = format!("{} `{name}`", location_label(location));
            let mut own = vec![parameter.clone()];
            own.extend(parameter.get("schema"));
            let at = Subject {
                subject: &subject,
                spec_node: Some(self.spec.label(&parameter.pointer)),
                name: Some(name),
                own: &own,
                parents: &operation,
                line: None,
            };
            let spec = parameter
                .get("schema")
                .map(|schema| kind::spec_display(&self.spec.kind(&schema)));
            self.only_in_spec(&at, Aspect::Presence, spec, None);
        }
    }

    fn compare_parameter(&mut self, row: &Row, subject: &str, parameter: Node<'a>) {
        let required = parameter
            .value
            .get("required")
            .and_then(Value::as_bool)
            .unwrap_or(parameter.str("in") == Some("path"));
        let Some(schema) = parameter.get("schema") else {
            self.agreeing += 1;
            return;
        };
        let own = [parameter.clone(), schema.clone()];
        let operation = [self.operation.clone()];
        let at = Subject {
            subject,
            spec_node: Some(self.spec.label(&parameter.pointer)),
            name: Some(&row.name),
            own: &own,
            parents: &operation,
            line: Some(row.line),
        };
        self.compare_attributes(row, &at, &schema, Some(required));
    }

    // ----- attributes of one parameter or field -------------------------------------

    fn compare_attributes(
        &mut self,
        row: &Row,
        at: &Subject<'_, 'a>,
        schema: &Node<'a>,
        required: Option<bool>,
    ) {
        let before = self.findings.len();
        let (schema, _) = self.spec.document.resolve(schema);
        let page_kind = kind::page_kind(&row.ty);
        let spec_kind = self.spec.kind(&schema);
        if !kind::compatible(&page_kind, &spec_kind) {
            self.difference(
                at,
                Aspect::Type,
                "the types differ".to_owned(),
                Some(row.ty.clone()),
                Some(kind::spec_display(&spec_kind)),
                None,
            );
        }
        if let (Some(page), Some(spec)) = (row.mandatory, required)
            && page != spec
        {
            let word = |required: bool| if required { "required" } else { "optional" };
            self.difference(
                at,
                Aspect::Required,
                format!("the page says {}, the spec {}", word(page), word(spec)),
                Some(word(page).to_owned()),
                Some(word(spec).to_owned()),
                None,
            );
        }
        let facts = text::facts(&row.description);
        self.compare_enum(row, at, &schema, &facts);
        self.compare_constraints(at, &schema, &page_kind, &spec_kind, &facts);
        if self.findings.len() == before {
            self.agreeing += 1;
        }
    }

    /// The schema that carries the enum or the length constraints: the array's items,
    /// or the variant of a union that matches the page's type.
    fn value_schema(&self, schema: &Node<'a>, page_kind: &Kind) -> Node<'a> {
        if let Some(items) = schema.get("items") {
            return self.spec.document.resolve(&items).0;
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(variants) = schema.get(key) {
                let variants = variants.items();
                let page_element = match page_kind {
                    Kind::Array(element) => element.as_ref(),
                    other => other,
                };
                let kinds: Vec<Kind> = variants
                    .iter()
                    .map(|variant| self.spec.kind(variant))
                    .collect();
                let index = kinds
                    .iter()
                    .position(|kind| kind::compatible(page_element, kind))
                    .or_else(|| {
                        kinds
                            .iter()
                            .position(|kind| kind::family(kind) == kind::family(page_element))
                    });
                if let Some(index) = index {
                    return self.spec.document.resolve(&variants[index]).0;
                }
            }
        }
        schema.clone()
    }

    fn compare_enum(
        &mut self,
        row: &Row,
        at: &Subject<'_, 'a>,
        schema: &Node<'a>,
        facts: &text::Facts,
    ) {
        let Some(page_values) = &facts.enum_values else {
            return;
        };
        let target = self.value_schema(schema, &kind::page_kind(&row.ty));
        let spec_values: Vec<String> = target
            .value
            .get("enum")
            .and_then(Value::as_array)
            .map(|values| values.iter().map(plain).collect())
            .unwrap_or_default();
        let only_page: Vec<&String> = page_values
            .iter()
            .filter(|value| !spec_values.contains(value))
            .collect();
        let only_spec: Vec<&String> = spec_values
            .iter()
            .filter(|value| !page_values.contains(value))
            .collect();
        if only_page.is_empty() && only_spec.is_empty() {
            return;
        }
        let seen = self.example_strings.get(&row.name);
        let unexplained = only_spec
            .iter()
            .filter(|value| !seen.is_some_and(|seen| seen.contains(value.as_str())))
            .count();
        let conventions = (only_page.is_empty() && unexplained == 0).then_some(ENUM_FROM_EXAMPLES);
        let mut parts = Vec::new();
        if !only_page.is_empty() {
            parts.push(format!("only on the page: {}", show_values(&only_page)));
        }
        if !only_spec.is_empty() {
            parts.push(format!("only in the spec: {}", show_values(&only_spec)));
        }
        let mut own = at.own.to_vec();
        if target.pointer != schema.pointer && !is_component(&target.pointer) {
            own.push(target.clone());
        }
        let verdict = self.verdict(&own, at.parents, at.name, Aspect::Enum, conventions);
        self.push(
            at,
            Aspect::Enum,
            format!("the enum values differ ({})", parts.join("; ")),
            Some(show_values(page_values)),
            Some(show_values(&spec_values)),
            verdict,
        );
    }

    fn compare_constraints(
        &mut self,
        at: &Subject<'_, 'a>,
        schema: &Node<'a>,
        page_kind: &Kind,
        spec_kind: &Kind,
        facts: &text::Facts,
    ) {
        let value_schema = self.value_schema(schema, page_kind);
        let array = matches!(spec_kind, Kind::Array(_)).then_some(schema);
        let checks: [(Aspect, &Option<String>, Option<&Node<'a>>); 7] = [
            (Aspect::MinLength, &facts.min_length, Some(&value_schema)),
            (Aspect::MaxLength, &facts.max_length, Some(&value_schema)),
            (Aspect::Minimum, &facts.minimum, Some(&value_schema)),
            (Aspect::Maximum, &facts.maximum, Some(&value_schema)),
            (Aspect::Default, &facts.default, Some(schema)),
            (Aspect::MinItems, &facts.min_items, array),
            (Aspect::MaxItems, &facts.max_items, array),
        ];
        let mut own = at.own.to_vec();
        if value_schema.pointer != schema.pointer && !is_component(&value_schema.pointer) {
            own.push(value_schema.clone());
        }
        for (aspect, page, target) in checks {
            // The aspect's name is the OpenAPI keyword.
            let key = aspect.as_str();
            let spec = target.and_then(|node| node.value.get(key)).map(plain);
            let (message, note) = match (page, &spec) {
                (Some(page), Some(spec)) if same_value(page, spec) => continue,
                (None, None) => continue,
                (Some(page), Some(spec)) => (
                    format!("the page gives {key} {page}, the spec {spec}"),
                    false,
                ),
                (Some(page), None) => {
                    (format!("the page gives {key} {page}, the spec none"), false)
                }
                (None, Some(spec)) => {
                    if self.page.structured_constraints {
                        (
                            format!("the spec has {key} {spec}, the page gives none"),
                            false,
                        )
                    } else {
                        (
                            format!(
                                "the spec has {key} {spec}; the page states no {key} in a form doc-check reads"
                            ),
                            true,
                        )
                    }
                }
            };
            let mut verdict = self.verdict(&own, at.parents, at.name, aspect, None);
            if note && verdict == Verdict::Drift {
                verdict = Verdict::Note;
            }
            self.push(at, aspect, message, page.clone(), spec, verdict);
        }
    }

    // ----- bodies -----------------------------------------------------------------

    fn json_schema(&self, holder: &Node<'a>) -> Option<Node<'a>> {
        let content = holder.get("content")?;
        let entries = content.entries();
        let media = entries
            .iter()
            .find(|(media, _)| media.contains("json"))
            .or_else(|| entries.first())?;
        media.1.get("schema")
    }

    fn request_body(&mut self) {
        let page = self.page;
        let rows = page.rows(&Role::RequestBody);
        let body = self
            .operation
            .get("requestBody")
            .map(|body| self.spec.document.resolve(&body).0);
        let schema = body.as_ref().and_then(|body| self.json_schema(body));
        let operation = [self.operation.clone()];
        match (rows.is_empty(), schema) {
            (true, None) => {}
            (false, None) => {
                let at = Subject {
                    subject: "request body",
                    spec_node: None,
                    name: None,
                    own: &[],
                    parents: &operation,
                    line: rows.first().map(|row| row.line),
                };
                self.difference(
                    &at,
                    Aspect::Presence,
                    "the page documents a request body, the spec has none".to_owned(),
                    None,
                    None,
                    None,
                );
            }
            (true, Some(schema)) => {
                let own: Vec<Node<'a>> = body.into_iter().chain([schema.clone()]).collect();
                let at = Subject {
                    subject: "request body",
                    spec_node: Some(self.spec.label(&schema.pointer)),
                    name: None,
                    own: &own,
                    parents: &operation,
                    line: None,
                };
                self.difference(
                    &at,
                    Aspect::Presence,
                    "the spec has a request body, the page documents none".to_owned(),
                    None,
                    None,
                    None,
                );
            }
            (false, Some(schema)) => {
                self.compare_body(&rows, &schema, &Group::Request, "request body", true)
            }
        }
    }

    fn compare_body(
        &mut self,
        rows: &[&Row],
        schema: &Node<'a>,
        group: &Group,
        prefix: &str,
        request: bool,
    ) {
        let mut queue: Vec<Pending<'a>> = Vec::new();
        let (resolved, _) = self.spec.document.resolve(schema);
        if let [row] = rows
            && row.name.starts_with('[')
            && row.name.ends_with(']')
        {
            // The body itself is an array (`[数组元素] | Array of X objects`).
            let page_kind = kind::page_kind(&row.ty);
            let spec_kind = self.spec.kind(&resolved);
            let subject = format!("{prefix} `{}`", row.name);
            let own = [schema.clone(), resolved.clone()];
            let at = Subject {
                subject: &subject,
                spec_node: Some(self.spec.label(&schema.pointer)),
                name: Some(&row.name),
                own: &own,
                parents: &[],
                line: Some(row.line),
            };
            if kind::compatible(&page_kind, &spec_kind) {
                self.agreeing += 1;
            } else {
                self.difference(
                    &at,
                    Aspect::Type,
                    "the types differ".to_owned(),
                    Some(row.ty.clone()),
                    Some(kind::spec_display(&spec_kind)),
                    None,
                );
            }
            if let Some(name) = kind::object_name(&page_kind) {
                let target = resolved
                    .get("items")
                    .map(|items| self.spec.document.resolve(&items).0)
                    .filter(|target| matches!(self.spec.kind(target), Kind::Object(_) | Kind::Any));
                let missing = target.is_none();
                push_pending(&mut queue, name, target, "[]".to_owned(), missing);
            }
            self.nested(group, prefix, request, &mut queue);
            return;
        }
        let properties = self.spec.document.properties(&resolved);
        let overlap = |properties: &[(String, Node<'a>)]| {
            rows.iter()
                .filter(|row| properties.iter().any(|(name, _)| name == &row.name))
                .count()
        };
        if overlap(&properties) == 0
            && let [(wrapper, property)] = properties.as_slice()
        {
            // The spec wraps what the page's table lists (`{"data": {...}}`).
            let (mut inner, _) = self.spec.document.resolve(property);
            if let Some(items) = inner.get("items") {
                inner = self.spec.document.resolve(&items).0;
            }
            let inner_overlap = overlap(&self.spec.document.properties(&inner));
            if inner_overlap > 0 && inner_overlap * 2 >= rows.len() {
                let own = [resolved.clone(), property.clone()];
                let at = Subject {
                    subject: prefix,
                    spec_node: Some(self.spec.label(&resolved.pointer)),
                    name: None,
                    own: &own,
                    parents: &[],
                    line: rows.first().map(|row| row.line),
                };
                self.difference(
                    &at,
                    Aspect::Envelope,
                    format!(
                        "the spec wraps the body in `{wrapper}`; the page's table lists the fields of `{wrapper}` at the top level"
                    ),
                    Some("fields at the top level".to_owned()),
                    Some(format!("{{\"{wrapper}\": {{...}}}}")),
                    None,
                );
                let path = wrapper.clone();
                self.compare_object(rows, &inner, &path, prefix, request, &mut queue);
                self.nested(group, prefix, request, &mut queue);
                return;
            }
        }
        self.compare_object(rows, &resolved, "", prefix, request, &mut queue);
        self.nested(group, prefix, request, &mut queue);
    }

    fn compare_object(
        &mut self,
        rows: &[&Row],
        schema: &Node<'a>,
        path: &str,
        prefix: &str,
        request: bool,
        queue: &mut Vec<Pending<'a>>,
    ) {
        let (schema, _) = self.spec.document.resolve(schema);
        let properties = self.spec.document.properties(&schema);
        let required = self.spec.document.required(&schema);
        let parents = [schema.clone()];
        let mut seen = BTreeSet::new();
        for row in rows {
            let field = join_path(path, &row.name);
            let subject = format!("{prefix} field `{field}`");
            let page_kind = kind::page_kind(&row.ty);
            let nested = kind::object_name(&page_kind).map(str::to_owned);
            let Some((_, property)) = properties.iter().find(|(name, _)| name == &row.name) else {
                let at = Subject {
                    subject: &subject,
                    spec_node: Some(self.spec.label(&schema.pointer)),
                    name: Some(&row.name),
                    own: &[],
                    parents: &parents,
                    line: Some(row.line),
                };
                self.only_on_page(&at, row.ty.clone(), None);
                if let Some(name) = nested {
                    push_pending(queue, &name, None, field, true);
                }
                continue;
            };
            seen.insert(row.name.clone());
            let mut own = vec![property.clone()];
            own.extend(property.get("items"));
            let at = Subject {
                subject: &subject,
                spec_node: Some(self.spec.label(&property.pointer)),
                name: Some(&row.name),
                own: &own,
                parents: &parents,
                line: Some(row.line),
            };
            let required = request.then(|| required.contains(&row.name));
            self.compare_attributes(row, &at, property, required);
            if let Some(name) = nested {
                let (mut target, _) = self.spec.document.resolve(property);
                let mut nested_path = field.clone();
                if let Some(items) = target.get("items") {
                    target = self.spec.document.resolve(&items).0;
                    nested_path.push_str("[]");
                } else if matches!(page_kind, Kind::Array(_)) {
                    nested_path.push_str("[]");
                }
                let target = Some(target)
                    .filter(|target| matches!(self.spec.kind(target), Kind::Object(_) | Kind::Any));
                let missing = target.is_none();
                push_pending(queue, &name, target, nested_path, missing);
            }
        }
        for (name, property) in &properties {
            if seen.contains(name) {
                continue;
            }
            let field = join_path(path, name);
            let subject = format!("{prefix} field `{field}`");
            let own = [property.clone()];
            let at = Subject {
                subject: &subject,
                spec_node: Some(self.spec.label(&property.pointer)),
                name: Some(name),
                own: &own,
                parents: &parents,
                line: None,
            };
            let alias = property.str("x-alias-of").map(|canonical| {
                format!("x-alias-of: `{name}` is a second spelling of `{canonical}`")
            });
            self.only_in_spec(
                &at,
                Aspect::Presence,
                Some(kind::spec_display(&self.spec.kind(property))),
                alias.as_deref(),
            );
        }
    }

    /// The object tables of a request or response, each matched with the field that
    /// refers to it: by its title when printed, else in the order the fields refer.
    fn nested(&mut self, group: &Group, prefix: &str, request: bool, queue: &mut Vec<Pending<'a>>) {
        let page = self.page;
        for table in &page.tables {
            let Role::Object {
                group: table_group,
                title,
            } = &table.role
            else {
                continue;
            };
            if table_group != group {
                continue;
            }
            let by_title = title.as_ref().and_then(|title| {
                queue.iter().position(|pending| {
                    !pending.used && pending.type_name.eq_ignore_ascii_case(title)
                })
            });
            let Some(index) = by_title.or_else(|| queue.iter().position(|pending| !pending.used))
            else {
                let names: Vec<&str> = table.rows.iter().map(|row| row.name.as_str()).collect();
                let finding = Finding::new(
                    format!("{prefix} table at line {}", table.line),
                    None,
                    Some(table.line),
                    Aspect::Table,
                    format!(
                        "no field on the page refers to this table ({}); not compared",
                        names.join(", ")
                    ),
                    Verdict::Note,
                );
                self.findings.push(finding.sides(title.clone(), None));
                continue;
            };
            queue[index].used = true;
            let pending = queue[index].clone();
            let rows: Vec<&Row> = table.rows.iter().collect();
            let schema = pending.schema.clone().or_else(|| {
                if pending.missing {
                    return None;
                }
                self.spec.document.node(&format!(
                    "/components/schemas/{}",
                    pointer_segment(&pending.type_name)
                ))
            });
            match schema {
                Some(schema) => {
                    self.compare_object(&rows, &schema, &pending.path, prefix, request, queue)
                }
                None => {
                    // The referring field is missing or not an object in the spec (already
                    // reported): keep only the order of the tables below it.
                    for row in &rows {
                        if let Some(name) = kind::object_name(&kind::page_kind(&row.ty)) {
                            let path = join_path(&pending.path, &row.name);
                            push_pending(queue, name, None, path, true);
                        }
                    }
                }
            }
        }
    }

    // ----- responses --------------------------------------------------------------

    fn page_statuses(&self) -> Vec<String> {
        let mut statuses = self.page.statuses.clone();
        let mut add = |status: &String| {
            if !statuses.contains(status) {
                statuses.push(status.clone());
            }
        };
        for table in &self.page.tables {
            match &table.role {
                Role::ResponseBody(status) | Role::ResponseHeader(status) => add(status),
                Role::Object {
                    group: Group::Response(status),
                    ..
                } => add(status),
                _ => {}
            }
        }
        for example in &self.page.examples {
            if let Group::Response(status) = &example.group {
                add(status);
            }
        }
        statuses
    }

    fn responses(&mut self) {
        let page_statuses = self.page_statuses();
        let responses = self
            .operation
            .get("responses")
            .map(|responses| responses.entries())
            .unwrap_or_default();
        let operation = [self.operation.clone()];
        for status in &page_statuses {
            if responses.iter().any(|(code, _)| code == status) {
                continue;
            }
            let subject = format!("response {status}");
            let at = Subject {
                subject: &subject,
                spec_node: None,
                name: Some(status),
                own: &[],
                parents: &operation,
                line: None,
            };
            self.difference(
                &at,
                Aspect::Status,
                "documented on the page, not in the spec".to_owned(),
                Some(status.clone()),
                None,
                None,
            );
        }
        for (status, response) in &responses {
            let (response, _) = self.spec.document.resolve(response);
            let subject = format!("response {status}");
            if !page_statuses.contains(status) {
                if page_statuses.is_empty() {
                    continue;
                }
                let own = [response.clone()];
                let at = Subject {
                    subject: &subject,
                    spec_node: Some(self.spec.label(&response.pointer)),
                    name: Some(status),
                    own: &own,
                    parents: &operation,
                    line: None,
                };
                self.only_in_spec(&at, Aspect::Status, Some(status.clone()), None);
                continue;
            }
            self.response_headers(status, &response);
            self.response_body(status, &response);
        }
    }

    fn response_headers(&mut self, status: &str, response: &Node<'a>) {
        let page = self.page;
        let rows = page.rows(&Role::ResponseHeader(status.to_owned()));
        let headers = response
            .get("headers")
            .map(|headers| headers.entries())
            .unwrap_or_default();
        let parents = [response.clone(), self.operation.clone()];
        let mut seen = BTreeSet::new();
        for row in rows {
            let subject = format!("response {status} header `{}`", row.name);
            match headers
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(&row.name))
            {
                Some((name, header)) => {
                    seen.insert(name.clone());
                    let (header, _) = self.spec.document.resolve(header);
                    let mut own = vec![header.clone()];
                    own.extend(header.get("schema"));
                    let at = Subject {
                        subject: &subject,
                        spec_node: Some(self.spec.label(&header.pointer)),
                        name: Some(&row.name),
                        own: &own,
                        parents: &parents,
                        line: Some(row.line),
                    };
                    match header.get("schema") {
                        Some(schema) => self.compare_attributes(row, &at, &schema, None),
                        None => self.agreeing += 1,
                    }
                }
                None => {
                    let at = Subject {
                        subject: &subject,
                        spec_node: Some(self.spec.label(&response.pointer)),
                        name: Some(&row.name),
                        own: &[],
                        parents: &parents,
                        line: Some(row.line),
                    };
                    self.only_on_page(&at, row.ty.clone(), None);
                }
            }
        }
        for (name, header) in &headers {
            if seen.contains(name) {
                continue;
            }
            let subject = format!("response {status} header `{name}`");
            let own = [header.clone()];
            let at = Subject {
                subject: &subject,
                spec_node: Some(self.spec.label(&header.pointer)),
                name: Some(name),
                own: &own,
                parents: &parents,
                line: None,
            };
            let conventions = name
                .eq_ignore_ascii_case("x-request-id")
                .then_some(REQUEST_ID_HEADER);
            let spec = header
                .get("schema")
                .map(|schema| kind::spec_display(&self.spec.kind(&schema)));
            self.only_in_spec(&at, Aspect::Presence, spec, conventions);
        }
    }

    fn response_body(&mut self, status: &str, response: &Node<'a>) {
        let page = self.page;
        let group = Group::Response(status.to_owned());
        let rows = page.rows(&Role::ResponseBody(status.to_owned()));
        let schema = self.json_schema(response);
        let documented = page.tables.iter().any(|table| match &table.role {
            Role::ResponseHeader(at) | Role::ResponseBody(at) => at == status,
            Role::Object { group: at, .. } => at == &group,
            _ => false,
        });
        let prefix = format!("response {status} body");
        let own = [response.clone()];
        let at = Subject {
            subject: &prefix,
            spec_node: Some(self.spec.label(&response.pointer)),
            name: None,
            own: &own,
            parents: &[],
            line: rows.first().map(|row| row.line),
        };
        match (rows.is_empty(), schema) {
            (false, Some(schema)) => self.compare_body(&rows, &schema, &group, &prefix, false),
            (false, None) => {
                self.difference(
                    &at,
                    Aspect::Presence,
                    "the page documents a body, the spec's response has none".to_owned(),
                    None,
                    None,
                    None,
                );
            }
            (true, Some(_)) if documented => {
                self.difference(
                    &at,
                    Aspect::Presence,
                    "the spec's response has a body, the page documents none".to_owned(),
                    None,
                    None,
                    None,
                );
            }
            _ => {}
        }
    }

    // ----- examples ---------------------------------------------------------------

    /// The node holding the examples of the request or a response, and the spec's
    /// examples there: (name, node, value).
    fn spec_examples(&self, group: &Group) -> (Option<Node<'a>>, Vec<(String, Node<'a>, Value)>) {
        let holder = match group {
            Group::Request => self
                .operation
                .get("requestBody")
                .map(|body| self.spec.document.resolve(&body).0),
            Group::Response(status) => self
                .operation
                .get("responses")
                .and_then(|responses| responses.get(status))
                .map(|response| self.spec.document.resolve(&response).0),
        };
        let Some(holder) = holder else {
            return (None, Vec::new());
        };
        // Lowering refuses an example without an inline `value`, so every one has it.
        let examples = holder
            .get("content")
            .map(|content| content_examples(&content))
            .unwrap_or_default()
            .into_iter()
            .filter_map(|example| {
                let value = example.value?.value.clone();
                Some((example.name, example.node, value))
            })
            .collect();
        (Some(holder), examples)
    }

    fn examples(&mut self) {
        let page = self.page;
        let mut groups: Vec<Group> = page
            .examples
            .iter()
            .map(|example| example.group.clone())
            .collect();
        groups.push(Group::Request);
        groups.extend(self.page_statuses().into_iter().map(Group::Response));
        let mut done = BTreeSet::new();
        for group in groups {
            if !done.insert(group.clone()) {
                continue;
            }
            let subject = match &group {
                Group::Request => "request example".to_owned(),
                Group::Response(status) => format!("response {status} example"),
            };
            let (holder, spec_examples) = self.spec_examples(&group);
            let mut page_examples = Vec::new();
            for example in page
                .examples
                .iter()
                .filter(|example| example.group == group)
            {
                match &example.value {
                    Ok(value) => page_examples.push((example, value)),
                    Err(error) => self.findings.push(Finding::new(
                        subject.clone(),
                        None,
                        Some(example.line),
                        Aspect::Example,
                        format!(
                            "the page's example \"{}\" is {error}; not compared",
                            example.caption
                        ),
                        Verdict::Note,
                    )),
                }
            }
            // The same value is the same example, whatever the captions say.
            let mut spec_used = vec![false; spec_examples.len()];
            let mut page_left = Vec::new();
            for (example, value) in page_examples {
                match spec_examples
                    .iter()
                    .enumerate()
                    .position(|(index, (_, _, spec))| !spec_used[index] && spec == value)
                {
                    Some(index) => {
                        spec_used[index] = true;
                        self.agreeing += 1;
                    }
                    None => page_left.push((example, value)),
                }
            }
            let mut spec_left = spec_examples
                .iter()
                .enumerate()
                .filter(|(index, _)| !spec_used[*index])
                .map(|(_, example)| example);
            let parents: Vec<Node<'a>> = holder
                .iter()
                .cloned()
                .chain([self.operation.clone()])
                .collect();
            for (example, value) in page_left {
                let caption = &example.caption;
                match spec_left.next() {
                    Some((name, node, spec_value)) => {
                        let own = [node.clone()];
                        let verdict = self.verdict(&own, &parents, None, Aspect::Example, None);
                        let mut details = Vec::new();
                        json_diff(value, spec_value, "", &mut details);
                        let total = details.len();
                        details.truncate(12);
                        if total > details.len() {
                            details.push(format!("... and {} more", total - details.len()));
                        }
                        let finding = Finding::new(
                            subject.clone(),
                            Some(self.spec.label(&node.pointer)),
                            Some(example.line),
                            Aspect::Example,
                            format!(
                                "changed: the page's example \"{caption}\" differs from the spec's example `{name}`"
                            ),
                            verdict,
                        );
                        self.findings.push(finding.details(details));
                    }
                    None => {
                        let verdict = self.verdict(&[], &parents, None, Aspect::Example, None);
                        let finding = Finding::new(
                            subject.clone(),
                            holder
                                .as_ref()
                                .map(|holder| self.spec.label(&holder.pointer)),
                            Some(example.line),
                            Aspect::Example,
                            format!("added: the page's example \"{caption}\" is not in the spec"),
                            verdict,
                        );
                        self.findings
                            .push(finding.sides(Some(short(value, 100)), None));
                    }
                }
            }
            for (name, node, value) in spec_left {
                let own = [node.clone()];
                let verdict = self.verdict(&own, &parents, None, Aspect::Example, None);
                let finding = Finding::new(
                    subject.clone(),
                    Some(self.spec.label(&node.pointer)),
                    None,
                    Aspect::Example,
                    format!("removed: the spec's example `{name}` is not on the page"),
                    verdict,
                );
                self.findings
                    .push(finding.sides(None, Some(short(value, 100))));
            }
        }
    }
}

/// A named schema of `components/schemas`: its deviation is about the whole type, not
/// about a field that refers to it.
fn is_component(pointer: &str) -> bool {
    pointer
        .strip_prefix("/components/schemas/")
        .is_some_and(|name| !name.contains('/'))
}

/// A list of values as the report shows it; values that are not plain words are quoted
/// (only their own quotes escaped, so that regex fragments stay readable).
fn show_values<S: AsRef<str>>(values: &[S]) -> String {
    if values.is_empty() {
        return "(no enum)".to_owned();
    }
    values
        .iter()
        .map(|value| {
            let value = value.as_ref();
            if !value.is_empty()
                && value
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c))
            {
                value.to_owned()
            } else {
                format!("\"{}\"", value.replace('"', "\\\""))
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn location_label(location: &str) -> &'static str {
    match location {
        "path" => "path parameter",
        "query" => "query parameter",
        "header" => "request header",
        "cookie" => "cookie",
        _ => "parameter",
    }
}

fn join_path(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

fn push_pending<'a>(
    queue: &mut Vec<Pending<'a>>,
    type_name: &str,
    schema: Option<Node<'a>>,
    path: String,
    missing: bool,
) {
    if queue.iter().any(|pending| pending.type_name == type_name) {
        return;
    }
    queue.push(Pending {
        type_name: type_name.to_owned(),
        schema,
        path,
        missing,
        used: false,
    });
}

/// A JSON value as a page writes it in text (strings without quotes).
fn plain(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn same_value(page: &str, spec: &str) -> bool {
    match (page.parse::<f64>(), spec.parse::<f64>()) {
        (Ok(page), Ok(spec)) => page == spec,
        _ => page == spec,
    }
}

fn short(value: &Value, limit: usize) -> String {
    let text = value.to_string();
    if text.chars().count() <= limit {
        text
    } else {
        format!("{}...", text.chars().take(limit).collect::<String>())
    }
}

/// Where two JSON values differ, as `pointer: ...` lines.
fn json_diff(page: &Value, spec: &Value, pointer: &str, out: &mut Vec<String>) {
    let one_side = |pointer: &str,
                    page: Option<&Value>,
                    spec: Option<&Value>,
                    out: &mut Vec<String>| match (page, spec) {
        (Some(page), Some(spec)) => json_diff(page, spec, pointer, out),
        (Some(page), None) => {
            out.push(format!("{pointer}: only on the page ({})", short(page, 60)))
        }
        (None, Some(spec)) => {
            out.push(format!("{pointer}: only in the spec ({})", short(spec, 60)))
        }
        (None, None) => {}
    };
    match (page, spec) {
        (Value::Object(page), Value::Object(spec)) => {
            let keys: BTreeSet<&String> = page.keys().chain(spec.keys()).collect();
            for key in keys {
                let child = format!("{pointer}/{}", pointer_segment(key));
                one_side(&child, page.get(key), spec.get(key), out);
            }
        }
        (Value::Array(page), Value::Array(spec)) => {
            for index in 0..page.len().max(spec.len()) {
                let child = format!("{pointer}/{index}");
                one_side(&child, page.get(index), spec.get(index), out);
            }
        }
        (page, spec) if page != spec => {
            let at = if pointer.is_empty() { "/" } else { pointer };
            out.push(format!(
                "{at}: page {}, spec {}",
                short(page, 60),
                short(spec, 60)
            ))
        }
        _ => {}
    }
}

/// Field name -> the string values it has anywhere in the page's examples.
fn example_strings(page: &Page) -> BTreeMap<String, BTreeSet<String>> {
    fn walk(value: &Value, out: &mut BTreeMap<String, BTreeSet<String>>) {
        match value {
            Value::Object(map) => {
                for (key, value) in map {
                    if let Value::String(text) = value {
                        out.entry(key.clone()).or_default().insert(text.clone());
                    }
                    walk(value, out);
                }
            }
            Value::Array(items) => items.iter().for_each(|item| walk(item, out)),
            _ => {}
        }
    }
    let mut out = BTreeMap::new();
    for example in &page.examples {
        if let Ok(value) = &example.value {
            walk(value, &mut out);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_differences() {
        let mut out = Vec::new();
        json_diff(
            &serde_json::json!({"a": 1, "b": [1, 2], "c": "x"}),
            &serde_json::json!({"a": 2, "b": [1], "d": null}),
            "",
            &mut out,
        );
        assert_eq!(
            out,
            [
                "/a: page 1, spec 2",
                "/b/1: only on the page (2)",
                "/c: only on the page (\"x\")",
                "/d: only in the spec (null)"
            ]
        );
    }

    #[test]
    fn values_are_quoted_when_not_plain() {
        assert_eq!(show_values(&["A", "ROLLED BACK"]), "A, \"ROLLED BACK\"");
        assert_eq!(show_values(&["a\\.b\"c"]), "\"a\\.b\\\"c\"");
        assert_eq!(show_values::<&str>(&[]), "(no enum)");
    }

    // ----- the comparison rules, on a page built in memory ----------------------------

    use crate::doc_check::page::{Row, Table, Uri};

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: T, version: v1}
paths:
  /v1/things:
    get:
      operationId: ListThings
      summary: List things
      DEVIATION
      parameters:
        - name: limit
          in: query
          description: Page size.
          schema: {type: integer, format: int32, maximum: 100}
        - name: state
          in: query
          description: State.
          schema: {type: string, enum: ['ON', 'OFF', BROKEN]}
      responses:
        '200':
          description: OK.
components:
  securitySchemes:
    token: {type: apiKey, in: header, name: X-Auth-Token}
"#;

    fn row(name: &str, ty: &str, description: &str) -> Row {
        Row {
            name: name.to_owned(),
            mandatory: Some(false),
            ty: ty.to_owned(),
            description: description.to_owned(),
            range: String::new(),
            line: 1,
        }
    }

    /// The findings of a page with these rows (query parameters, request headers)
    /// against `SPEC` with the operation's deviation line replaced.
    fn check_rows(deviation: &str, query: Vec<Row>, headers: Vec<Row>) -> Vec<Finding> {
        let text = SPEC.replace("DEVIATION", deviation);
        let spec = Spec::from_text("t", "specs/t.yaml", &text).unwrap_or_else(|e| panic!("{e}"));
        let page = Page {
            uri: Uri {
                method: "GET".to_owned(),
                path: "/v1/things".to_owned(),
                other_methods: Vec::new(),
                query: None,
                line: 1,
            },
            tables: vec![
                Table {
                    role: Role::Query,
                    rows: query,
                    line: 1,
                    number: None,
                },
                Table {
                    role: Role::RequestHeader,
                    rows: headers,
                    line: 1,
                    number: None,
                },
            ],
            statuses: vec!["200".to_owned()],
            examples: Vec::new(),
            structured_constraints: false,
            title: None,
            function: None,
            sdk: None,
            status_texts: Default::default(),
        };
        let (operation, exact) = spec.find("GET", "/v1/things").unwrap();
        check(&spec, &page, operation, exact).findings
    }

    fn verdict_of(findings: &[Finding], subject: &str, aspect: Aspect) -> Verdict {
        findings
            .iter()
            .find(|finding| finding.subject == subject && finding.aspect == aspect)
            .unwrap_or_else(|| panic!("no {aspect} finding on {subject}: {findings:#?}"))
            .verdict
            .clone()
    }

    fn limit_and_state(maximum: &str) -> Vec<Row> {
        vec![
            row("limit", "Integer", &format!("Page size.\n最大值:{maximum}")),
            row("state", "String", "State.\n枚举值:\nON\nOFF"),
        ]
    }

    #[test]
    fn a_differing_maximum_is_drift_and_an_agreeing_one_is_not_a_finding() {
        let findings = check_rows("tags: [t]", limit_and_state("200"), Vec::new());
        let limit = "query parameter `limit`";
        assert_eq!(
            verdict_of(&findings, limit, Aspect::Maximum),
            Verdict::Drift
        );
        let finding = findings
            .iter()
            .find(|f| f.aspect == Aspect::Maximum)
            .unwrap();
        assert_eq!(finding.page.as_deref(), Some("200"));
        assert_eq!(finding.spec.as_deref(), Some("100"));
        let findings = check_rows("tags: [t]", limit_and_state("100"), Vec::new());
        assert!(
            !findings.iter().any(|f| f.subject == limit),
            "{findings:#?}"
        );
    }

    #[test]
    fn a_parent_deviation_covers_only_the_fields_and_aspects_it_lists() {
        let limit = "query parameter `limit`";
        let state = "query parameter `state`";
        // Prose that names both parameters covers neither.
        let prose = "x-doc-deviation: The service allows limit 200 and state BROKEN.";
        let findings = check_rows(prose, limit_and_state("200"), Vec::new());
        assert_eq!(
            verdict_of(&findings, limit, Aspect::Maximum),
            Verdict::Drift
        );
        assert_eq!(verdict_of(&findings, state, Aspect::Enum), Verdict::Drift);
        // Listed as data: `limit`'s maximum only.
        let data = "x-doc-deviation: {fields: [LIMIT], aspects: [maximum], reason: Allows 200.}";
        let findings = check_rows(data, limit_and_state("200"), Vec::new());
        assert_eq!(
            verdict_of(&findings, limit, Aspect::Maximum),
            Verdict::Accepted {
                reason: "Allows 200.".to_owned(),
                recorded_on: "operation ListThings".to_owned(),
            }
        );
        assert_eq!(verdict_of(&findings, state, Aspect::Enum), Verdict::Drift);
    }

    #[test]
    fn runtime_header_rows_are_accepted_by_the_conventions_and_others_drift() {
        let headers = vec![
            row("X-Auth-Token", "String", "Token."),
            row("X-Language", "String", "Language."),
        ];
        let findings = check_rows("tags: [t]", limit_and_state("100"), headers);
        assert_eq!(
            verdict_of(&findings, "request header `X-Auth-Token`", Aspect::Presence),
            Verdict::Accepted {
                reason: RUNTIME_HEADERS.to_owned(),
                recorded_on: "specs/CONVENTIONS.md".to_owned(),
            }
        );
        assert_eq!(
            verdict_of(&findings, "request header `X-Language`", Aspect::Presence),
            Verdict::Drift
        );
    }

    #[test]
    fn a_constraint_only_in_the_spec_is_a_note_on_an_unstructured_page() {
        let rows = vec![row("limit", "Integer", "Page size.")];
        let findings = check_rows("tags: [t]", rows, Vec::new());
        assert_eq!(
            verdict_of(&findings, "query parameter `limit`", Aspect::Maximum),
            Verdict::Note
        );
        // `state` is in the spec only.
        assert_eq!(
            verdict_of(&findings, "query parameter `state`", Aspect::Presence),
            Verdict::Drift
        );
    }
}
