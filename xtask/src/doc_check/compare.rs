//! A page against the operation it describes: parameters, body and response fields,
//! statuses and examples, each difference judged drift, accepted (recorded in the spec,
//! or something `specs/CONVENTIONS.md` says the spec does on purpose) or a note (the page
//! does not say enough to tell).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::kind::{self, Kind};
use super::page::{Group, Page, Role, Row};
use super::spec_side::{Node, Operation, Spec, escape};
use super::text;

/// How a difference is judged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The spec differs from the page and records no reason.
    Drift,
    /// The spec differs on purpose.
    Accepted {
        /// The recorded reason.
        reason: String,
        /// Where it is recorded (a spec node, or `specs/CONVENTIONS.md`).
        recorded_on: String,
    },
    /// Not a difference the page states clearly enough to call drift.
    Note,
}

/// One difference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The parameter, field, status or example (`query parameter `limit``).
    pub subject: String,
    /// The spec node compared with it, when there is one.
    pub spec_node: Option<String>,
    /// What differs: `presence`, `type`, `required`, `enum`, `minLength`, ...
    pub aspect: String,
    /// In words.
    pub message: String,
    /// What the page says.
    pub page: Option<String>,
    /// What the spec says.
    pub spec: Option<String>,
    /// Further lines (differences inside an example).
    pub details: Vec<String>,
    /// The judgement.
    pub verdict: Verdict,
    /// 1-based line of the page.
    pub page_line: Option<usize>,
}

/// Everything found.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The differences, in page order.
    pub findings: Vec<Finding>,
    /// Parameters, fields and examples that agree.
    pub agreeing: usize,
}

impl Outcome {
    /// Whether anything drifts.
    pub fn drifts(&self) -> bool {
        self.findings
            .iter()
            .any(|finding| finding.verdict == Verdict::Drift)
    }
}

const RUNTIME_HEADERS: &str = "CONVENTIONS.md: the X-Auth-Token and Content-Type request-header rows are not parameters (X-Auth-Token is the security scheme, the runtime sends Content-Type)";
const REQUEST_ID_HEADER: &str = "CONVENTIONS.md: every response documents the X-request-id header";
const ENUM_FROM_EXAMPLES: &str =
    "CONVENTIONS.md: enumerations also list the values seen only in the page's examples";

/// Compare a page with the operation it describes.
pub fn check(spec: &Spec, page: &Page, operation: &Operation, exact: bool) -> Outcome {
    let operation_node = spec
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
        let verdict = checker.verdict(&own, &[], "", None);
        checker.findings.push(Finding {
            subject: "URI".to_owned(),
            spec_node: Some(format!("operation {}", operation.id)),
            aspect: "path".to_owned(),
            message: "the path template names its placeholders differently".to_owned(),
            page: Some(page.uri.path.clone()),
            spec: Some(operation.path.clone()),
            details: Vec::new(),
            verdict,
            page_line: Some(page.uri.line),
        });
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
    /// The parameter or field name, which a parent's deviation must mention.
    name: &'s str,
    /// Nodes of the difference itself: any deviation on them accepts it.
    own: &'s [Node<'a>],
    /// Enclosing schema, response or operation: a deviation there accepts the
    /// difference when it names `name`.
    parents: &'s [Node<'a>],
    line: Option<usize>,
}

impl<'a> Checker<'a> {
    /// Accepted when a node of the difference itself records a deviation, or when a
    /// parent (schema, operation, response) records one that names `name`; otherwise
    /// accepted by the conventions when given, else drift.
    fn verdict(
        &self,
        own: &[Node<'a>],
        parents: &[Node<'a>],
        name: &str,
        conventions: Option<&str>,
    ) -> Verdict {
        for node in own {
            if let Some(reason) = node.deviation() {
                return Verdict::Accepted {
                    reason: reason.to_owned(),
                    recorded_on: self.spec.label(&node.pointer),
                };
            }
        }
        if !name.is_empty() {
            for node in parents {
                if let Some(reason) = node.deviation()
                    && mentions(reason, name)
                {
                    return Verdict::Accepted {
                        reason: reason.to_owned(),
                        recorded_on: self.spec.label(&node.pointer),
                    };
                }
            }
        }
        match conventions {
            Some(reason) => Verdict::Accepted {
                reason: reason.to_owned(),
                recorded_on: "specs/CONVENTIONS.md".to_owned(),
            },
            None => Verdict::Drift,
        }
    }

    fn difference(
        &mut self,
        at: &Subject<'_, 'a>,
        aspect: &str,
        message: String,
        page: Option<String>,
        spec: Option<String>,
        verdict: Verdict,
    ) {
        self.findings.push(Finding {
            subject: at.subject.to_owned(),
            spec_node: at.spec_node.clone(),
            aspect: aspect.to_owned(),
            message,
            page,
            spec,
            details: Vec::new(),
            verdict,
            page_line: at.line,
        });
    }

    /// A parameter, field or header that the page has and the spec does not; `accepted`
    /// names a convention that accepts the difference, if one does.
    fn only_on_page(&mut self, at: &Subject<'_, 'a>, page: String, accepted: Option<&str>) {
        let verdict = self.verdict(at.own, at.parents, at.name, accepted);
        let message = "on the page, not in the spec".to_owned();
        self.difference(at, "presence", message, Some(page), None, verdict);
    }

    /// Something the spec has and the page does not (`aspect`: presence, or a status).
    fn only_in_spec(
        &mut self,
        at: &Subject<'_, 'a>,
        aspect: &str,
        spec: Option<String>,
        accepted: Option<&str>,
    ) {
        let verdict = self.verdict(at.own, at.parents, at.name, accepted);
        let message = "in the spec, not on the page".to_owned();
        self.difference(at, aspect, message, None, spec, verdict);
    }

    // ----- parameters -------------------------------------------------------------

    /// (in, name, node) of the operation's parameters, path-level ones first.
    fn spec_parameters(&self) -> Vec<(String, String, Node<'a>)> {
        let mut parameters = Vec::new();
        let path_item = self
            .operation
            .pointer
            .rsplit_once('/')
            .and_then(|(path_item, _)| self.spec.node(path_item));
        let lists = [
            path_item.and_then(|item| item.get("parameters")),
            self.operation.get("parameters"),
        ];
        for list in lists.into_iter().flatten() {
            for parameter in list.items() {
                let (parameter, _) = self.spec.resolve(&parameter);
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
                        name: &row.name,
                        own: &own,
                        parents: &operation,
                        line: Some(row.line),
                    };
                    let verdict = self.verdict(at.own, at.parents, at.name, None);
                    self.difference(
                        &at,
                        "location",
                        format!(
                            "the page documents a {location} parameter, the spec a {other} parameter"
                        ),
                        Some(location.to_owned()),
                        Some(other.clone()),
                        verdict,
                    );
                    continue;
                }
                let runtime = location == "header"
                    && ["x-auth-token", "content-type"]
                        .contains(&row.name.to_ascii_lowercase().as_str());
                let at = Subject {
                    subject: &subject,
                    spec_node: None,
                    name: &row.name,
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
                name,
                own: &own,
                parents: &operation,
                line: None,
            };
            let spec = parameter
                .get("schema")
                .map(|schema| kind::spec_display(&self.spec.kind(&schema)));
            self.only_in_spec(&at, "presence", spec, None);
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
            name: &row.name,
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
        let (schema, _) = self.spec.resolve(schema);
        let page_kind = kind::page_kind(&row.ty);
        let spec_kind = self.spec.kind(&schema);
        if !kind::compatible(&page_kind, &spec_kind) {
            let verdict = self.verdict(at.own, at.parents, at.name, None);
            self.difference(
                at,
                "type",
                "the types differ".to_owned(),
                Some(row.ty.clone()),
                Some(kind::spec_display(&spec_kind)),
                verdict,
            );
        }
        if let (Some(page), Some(spec)) = (row.mandatory, required)
            && page != spec
        {
            let word = |required: bool| if required { "required" } else { "optional" };
            let verdict = self.verdict(at.own, at.parents, at.name, None);
            self.difference(
                at,
                "required",
                format!("the page says {}, the spec {}", word(page), word(spec)),
                Some(word(page).to_owned()),
                Some(word(spec).to_owned()),
                verdict,
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
            return self.spec.resolve(&items).0;
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
                    return self.spec.resolve(&variants[index]).0;
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
        let verdict = self.verdict(&own, at.parents, at.name, conventions);
        self.difference(
            at,
            "enum",
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
        let checks: [(&str, &Option<String>, Option<&Node<'a>>); 7] = [
            ("minLength", &facts.min_length, Some(&value_schema)),
            ("maxLength", &facts.max_length, Some(&value_schema)),
            ("minimum", &facts.minimum, Some(&value_schema)),
            ("maximum", &facts.maximum, Some(&value_schema)),
            ("default", &facts.default, Some(schema)),
            ("minItems", &facts.min_items, array),
            ("maxItems", &facts.max_items, array),
        ];
        let mut own = at.own.to_vec();
        if value_schema.pointer != schema.pointer && !is_component(&value_schema.pointer) {
            own.push(value_schema.clone());
        }
        for (key, page, target) in checks {
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
            let mut verdict = self.verdict(&own, at.parents, at.name, None);
            if note && verdict == Verdict::Drift {
                verdict = Verdict::Note;
            }
            self.difference(at, key, message, page.clone(), spec, verdict);
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
            .map(|body| self.spec.resolve(&body).0);
        let schema = body.as_ref().and_then(|body| self.json_schema(body));
        let operation = [self.operation.clone()];
        match (rows.is_empty(), schema) {
            (true, None) => {}
            (false, None) => {
                let at = Subject {
                    subject: "request body",
                    spec_node: None,
                    name: "request body",
                    own: &[],
                    parents: &operation,
                    line: rows.first().map(|row| row.line),
                };
                let verdict = self.verdict(&[], at.parents, at.name, None);
                self.difference(
                    &at,
                    "presence",
                    "the page documents a request body, the spec has none".to_owned(),
                    None,
                    None,
                    verdict,
                );
            }
            (true, Some(schema)) => {
                let own: Vec<Node<'a>> = body.into_iter().chain([schema.clone()]).collect();
                let at = Subject {
                    subject: "request body",
                    spec_node: Some(self.spec.label(&schema.pointer)),
                    name: "request body",
                    own: &own,
                    parents: &operation,
                    line: None,
                };
                let verdict = self.verdict(at.own, at.parents, at.name, None);
                self.difference(
                    &at,
                    "presence",
                    "the spec has a request body, the page documents none".to_owned(),
                    None,
                    None,
                    verdict,
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
        let (resolved, _) = self.spec.resolve(schema);
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
                name: &row.name,
                own: &own,
                parents: &[],
                line: Some(row.line),
            };
            if kind::compatible(&page_kind, &spec_kind) {
                self.agreeing += 1;
            } else {
                let verdict = self.verdict(at.own, at.parents, "", None);
                self.difference(
                    &at,
                    "type",
                    "the types differ".to_owned(),
                    Some(row.ty.clone()),
                    Some(kind::spec_display(&spec_kind)),
                    verdict,
                );
            }
            if let Some(name) = kind::object_name(&page_kind) {
                let target = resolved
                    .get("items")
                    .map(|items| self.spec.resolve(&items).0)
                    .filter(|target| matches!(self.spec.kind(target), Kind::Object(_) | Kind::Any));
                let missing = target.is_none();
                push_pending(&mut queue, name, target, "[]".to_owned(), missing);
            }
            self.nested(group, prefix, request, &mut queue);
            return;
        }
        let properties = self.spec.properties(&resolved);
        let overlap = |properties: &[(String, Node<'a>)]| {
            rows.iter()
                .filter(|row| properties.iter().any(|(name, _)| name == &row.name))
                .count()
        };
        if overlap(&properties) == 0
            && let [(wrapper, property)] = properties.as_slice()
        {
            // The spec wraps what the page's table lists (`{"data": {...}}`).
            let (mut inner, _) = self.spec.resolve(property);
            if let Some(items) = inner.get("items") {
                inner = self.spec.resolve(&items).0;
            }
            let inner_overlap = overlap(&self.spec.properties(&inner));
            if inner_overlap > 0 && inner_overlap * 2 >= rows.len() {
                let own = [resolved.clone(), property.clone()];
                let at = Subject {
                    subject: prefix,
                    spec_node: Some(self.spec.label(&resolved.pointer)),
                    name: wrapper,
                    own: &own,
                    parents: &[],
                    line: rows.first().map(|row| row.line),
                };
                let verdict = self.verdict(at.own, at.parents, "", None);
                self.difference(
                    &at,
                    "envelope",
                    format!(
                        "the spec wraps the body in `{wrapper}`; the page's table lists the fields of `{wrapper}` at the top level"
                    ),
                    Some("fields at the top level".to_owned()),
                    Some(format!("{{\"{wrapper}\": {{...}}}}")),
                    verdict,
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
        let (schema, _) = self.spec.resolve(schema);
        let properties = self.spec.properties(&schema);
        let required = self.spec.required(&schema);
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
                    name: &row.name,
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
                name: &row.name,
                own: &own,
                parents: &parents,
                line: Some(row.line),
            };
            let required = request.then(|| required.contains(&row.name));
            self.compare_attributes(row, &at, property, required);
            if let Some(name) = nested {
                let (mut target, _) = self.spec.resolve(property);
                let mut nested_path = field.clone();
                if let Some(items) = target.get("items") {
                    target = self.spec.resolve(&items).0;
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
                name,
                own: &own,
                parents: &parents,
                line: None,
            };
            let alias = property.str("x-alias-of").map(|canonical| {
                format!("x-alias-of: `{name}` is a second spelling of `{canonical}`")
            });
            self.only_in_spec(
                &at,
                "presence",
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
                self.findings.push(Finding {
                    subject: format!("{prefix} table at line {}", table.line),
                    spec_node: None,
                    aspect: "table".to_owned(),
                    message: format!(
                        "no field on the page refers to this table ({}); not compared",
                        names.join(", ")
                    ),
                    page: title.clone(),
                    spec: None,
                    details: Vec::new(),
                    verdict: Verdict::Note,
                    page_line: Some(table.line),
                });
                continue;
            };
            queue[index].used = true;
            let pending = queue[index].clone();
            let rows: Vec<&Row> = table.rows.iter().collect();
            let schema = pending.schema.clone().or_else(|| {
                if pending.missing {
                    return None;
                }
                self.spec.node(&format!(
                    "/components/schemas/{}",
                    escape(&pending.type_name)
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
                name: status,
                own: &[],
                parents: &operation,
                line: None,
            };
            let verdict = self.verdict(&[], at.parents, at.name, None);
            self.difference(
                &at,
                "status",
                "documented on the page, not in the spec".to_owned(),
                Some(status.clone()),
                None,
                verdict,
            );
        }
        for (status, response) in &responses {
            let (response, _) = self.spec.resolve(response);
            let subject = format!("response {status}");
            if !page_statuses.contains(status) {
                if page_statuses.is_empty() {
                    continue;
                }
                let own = [response.clone()];
                let at = Subject {
                    subject: &subject,
                    spec_node: Some(self.spec.label(&response.pointer)),
                    name: status,
                    own: &own,
                    parents: &operation,
                    line: None,
                };
                self.only_in_spec(&at, "status", Some(status.clone()), None);
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
                    let (header, _) = self.spec.resolve(header);
                    let mut own = vec![header.clone()];
                    own.extend(header.get("schema"));
                    let at = Subject {
                        subject: &subject,
                        spec_node: Some(self.spec.label(&header.pointer)),
                        name: &row.name,
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
                        name: &row.name,
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
                name,
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
            self.only_in_spec(&at, "presence", spec, conventions);
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
            name: "body",
            own: &own,
            parents: &[],
            line: rows.first().map(|row| row.line),
        };
        match (rows.is_empty(), schema) {
            (false, Some(schema)) => self.compare_body(&rows, &schema, &group, &prefix, false),
            (false, None) => {
                let verdict = self.verdict(at.own, at.parents, "", None);
                self.difference(
                    &at,
                    "presence",
                    "the page documents a body, the spec's response has none".to_owned(),
                    None,
                    None,
                    verdict,
                );
            }
            (true, Some(_)) if documented => {
                let verdict = self.verdict(at.own, at.parents, "", None);
                self.difference(
                    &at,
                    "presence",
                    "the spec's response has a body, the page documents none".to_owned(),
                    None,
                    None,
                    verdict,
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
                .map(|body| self.spec.resolve(&body).0),
            Group::Response(status) => self
                .operation
                .get("responses")
                .and_then(|responses| responses.get(status))
                .map(|response| self.spec.resolve(&response).0),
        };
        let Some(holder) = holder else {
            return (None, Vec::new());
        };
        let mut examples = Vec::new();
        if let Some(content) = holder.get("content") {
            for (_, media) in content.entries() {
                if let Some(list) = media.get("examples") {
                    for (name, example) in list.entries() {
                        let (example, _) = self.spec.resolve(&example);
                        if let Some(value) = example.value.get("value") {
                            examples.push((name, example.clone(), value.clone()));
                        }
                    }
                }
                if let Some(example) = media.get("example") {
                    let value = example.value.clone();
                    examples.push(("example".to_owned(), example, value));
                }
            }
        }
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
                    Err(error) => self.findings.push(Finding {
                        subject: subject.clone(),
                        spec_node: None,
                        aspect: "example".to_owned(),
                        message: format!(
                            "the page's example \"{}\" is {error}; not compared",
                            example.caption
                        ),
                        page: None,
                        spec: None,
                        details: Vec::new(),
                        verdict: Verdict::Note,
                        page_line: Some(example.line),
                    }),
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
                        let verdict = self.verdict(&own, &parents, "example", None);
                        let mut details = Vec::new();
                        json_diff(value, spec_value, "", &mut details);
                        let total = details.len();
                        details.truncate(12);
                        if total > details.len() {
                            details.push(format!("... and {} more", total - details.len()));
                        }
                        self.findings.push(Finding {
                            subject: subject.clone(),
                            spec_node: Some(self.spec.label(&node.pointer)),
                            aspect: "example".to_owned(),
                            message: format!(
                                "changed: the page's example \"{caption}\" differs from the spec's example `{name}`"
                            ),
                            page: None,
                            spec: None,
                            details,
                            verdict,
                            page_line: Some(example.line),
                        });
                    }
                    None => {
                        let verdict = self.verdict(&[], &parents, "example", None);
                        self.findings.push(Finding {
                            subject: subject.clone(),
                            spec_node: holder
                                .as_ref()
                                .map(|holder| self.spec.label(&holder.pointer)),
                            aspect: "example".to_owned(),
                            message: format!(
                                "added: the page's example \"{caption}\" is not in the spec"
                            ),
                            page: Some(short(value, 100)),
                            spec: None,
                            details: Vec::new(),
                            verdict,
                            page_line: Some(example.line),
                        });
                    }
                }
            }
            for (name, node, value) in spec_left {
                let own = [node.clone()];
                let verdict = self.verdict(&own, &parents, "example", None);
                self.findings.push(Finding {
                    subject: subject.clone(),
                    spec_node: Some(self.spec.label(&node.pointer)),
                    aspect: "example".to_owned(),
                    message: format!("removed: the spec's example `{name}` is not on the page"),
                    page: None,
                    spec: Some(short(value, 100)),
                    details: Vec::new(),
                    verdict,
                    page_line: None,
                });
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

/// Whether a deviation's text names `name` as a word (`X-Auth-Token`, `create_by`).
fn mentions(text: &str, name: &str) -> bool {
    let text = text.to_ascii_lowercase();
    let name = name.to_ascii_lowercase();
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    for (start, _) in text.match_indices(&name) {
        let before = text[..start].chars().next_back();
        let after = text[start + name.len()..].chars().next();
        if !before.is_some_and(word) && !after.is_some_and(word) {
            return true;
        }
    }
    false
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
                let child = format!("{pointer}/{}", escape(key));
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
    fn mentions_whole_words_only() {
        let reason = "The page's X-Auth-Token and content-type rows";
        assert!(mentions(reason, "x-auth-token"));
        assert!(mentions(reason, "Content-Type"));
        assert!(!mentions("the project_id of", "id"));
        assert!(mentions("wrap them in {\"data\": ...}", "data"));
    }

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
}
