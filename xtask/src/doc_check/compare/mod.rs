//! The page's operation against the spec's, both OpenAPI trees (each resolves its own
//! `$ref`s): the path template, parameters, request body, every status with its headers,
//! body and examples. Each difference is a [`Finding`] at the page line the page side
//! read it from, judged by the spec's deviations ([`super::verdict`]).
//!
//! - `parameters`: keyed by location and name;
//! - `responses`: the request body, statuses, response headers and bodies;
//! - `schema`: one schema against another, recursively (type, enum, lengths, ranges,
//!   default, items, properties, required, additionalProperties);
//! - `examples`: documented examples, equal as JSON or listed by difference;
//! - `shape`: the type vocabulary both sides are compared in.

mod examples;
mod parameters;
mod responses;
mod schema;
mod shape;

use huaweicloud_sdk_codegen::document::{Aspect, Node};
use huaweicloud_sdk_codegen::page::Role;

use super::finding::{Finding, Outcome, Verdict};
use super::page_side::PageSide;
use super::spec_side::{Operation, Spec, normalise_path};
use super::verdict::{self, Around};

/// Compare the page's operation with `operation` of `spec`.
pub fn compare(spec: &Spec, operation: &Operation, page: &PageSide) -> Outcome {
    let spec_operation = spec
        .document
        .node(&operation.pointer)
        .expect("operations come from the spec's paths");
    let mut comparison = Comparison {
        spec,
        page,
        spec_operation,
        page_operation: page.operation(),
        findings: Vec::new(),
        agreeing: 0,
    };
    comparison.path(operation);
    comparison.parameters();
    comparison.request_body();
    comparison.responses();
    comparison.examples();
    comparison.unused_tables();
    Outcome {
        findings: comparison.findings,
        agreeing: comparison.agreeing,
    }
}

/// One comparison under way.
struct Comparison<'a> {
    spec: &'a Spec,
    page: &'a PageSide,
    spec_operation: Node<'a>,
    page_operation: Node<'a>,
    findings: Vec<Finding>,
    agreeing: usize,
}

/// Where a difference is: what the report calls it, the nodes on each side, and the
/// spec nodes whose deviations may accept it.
#[derive(Debug, Clone)]
struct At<'a> {
    subject: String,
    /// The page side's node (for its line).
    page: Option<String>,
    /// The spec node compared with it (for its label).
    spec: Option<String>,
    around: Around<'a>,
}

/// What a difference says: its aspect, message and the two sides' values.
struct Difference {
    aspect: Aspect,
    message: String,
    page: Option<String>,
    spec: Option<String>,
}

impl Difference {
    fn new(aspect: Aspect, message: impl Into<String>) -> Difference {
        Difference {
            aspect,
            message: message.into(),
            page: None,
            spec: None,
        }
    }

    fn sides(self, page: Option<String>, spec: Option<String>) -> Difference {
        Difference { page, spec, ..self }
    }
}

impl<'a> Comparison<'a> {
    /// Record a difference: accepted by a deviation around it, else drift.
    fn drift(&mut self, at: &At<'a>, difference: Difference) {
        self.record(at, difference, Verdict::Drift, Vec::new());
    }

    /// Record a difference: accepted by a deviation around it, else `otherwise`.
    fn record(
        &mut self,
        at: &At<'a>,
        difference: Difference,
        otherwise: Verdict,
        details: Vec<String>,
    ) {
        let verdict = verdict::judge(self.spec, &at.around, difference.aspect, otherwise);
        let finding = Finding::new(
            at.subject.clone(),
            at.spec.as_deref().map(|pointer| self.spec.label(pointer)),
            at.page
                .as_deref()
                .and_then(|pointer| self.page.line(pointer)),
            difference.aspect,
            difference.message,
            verdict,
        );
        self.findings.push(
            finding
                .sides(difference.page, difference.spec)
                .details(details),
        );
    }

    /// The path template: the same shape, but placeholders named otherwise.
    fn path(&mut self, operation: &Operation) {
        let page_path = &self.page.transcript.path;
        if normalise_path(page_path) == normalise_path(&operation.path) {
            return;
        }
        let at = At {
            subject: "URI".to_owned(),
            page: None,
            spec: Some(operation.pointer.clone()),
            around: Around {
                own: vec![self.spec_operation.clone()],
                ..Around::default()
            },
        };
        let difference = Difference::new(
            Aspect::Path,
            "the path template names its placeholders differently",
        )
        .sides(Some(page_path.clone()), Some(operation.path.clone()));
        let before = self.findings.len();
        self.drift(&at, difference);
        // The URI line, not a node of the reading.
        self.findings[before].page_line = Some(self.page.page.uri.line);
    }

    /// Object tables of the page that no field refers to: not compared, said so.
    fn unused_tables(&mut self) {
        for table in self.page.unused_tables() {
            let names: Vec<&str> = table.rows.iter().map(|row| row.name.as_str()).collect();
            let title = match &table.role {
                Role::Object { title, .. } => title.clone(),
                _ => None,
            };
            let finding = Finding::new(
                format!("table at line {}", table.line),
                None,
                Some(table.line),
                Aspect::Table,
                format!(
                    "no field on the page refers to this table ({}); not compared",
                    names.join(", ")
                ),
                Verdict::Note,
            );
            self.findings.push(finding.sides(title, None));
        }
    }
}

/// A parameter or header and its schema: the nodes a deviation of its own may be on.
fn with_schema<'a>(node: &Node<'a>) -> Vec<Node<'a>> {
    [Some(node.clone()), node.get("schema")]
        .into_iter()
        .flatten()
        .collect()
}

/// The schema of a body's JSON media (or its first media).
fn json_schema<'a>(holder: &Node<'a>) -> Option<Node<'a>> {
    let content = holder.get("content")?;
    let entries = content.entries();
    let media = entries
        .iter()
        .find(|(media, _)| media.contains("json"))
        .or_else(|| entries.first())?;
    media.1.get("schema")
}

/// A JSON value as a page writes it in text (strings without quotes).
fn plain(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use huaweicloud_sdk_codegen::document::Document;
    use huaweicloud_sdk_codegen::transcribe;

    const PAGE: &str = include_str!("../../../tests/pages/widget-show.zh.txt");
    const SPEC: &str = include_str!("../../../tests/pages/widget.yaml");
    const SHOW: &str = "/paths/~1v2~1{project_id}~1widgets~1{widget_id}/get";

    fn page() -> PageSide {
        let page = transcribe::reference::operation_page(PAGE).unwrap();
        PageSide::read(PAGE, page, &transcribe::Options::default()).unwrap()
    }

    /// The findings of the widget page against `widget.yaml` edited by `edit`.
    fn findings_with(edit: impl Fn(String) -> String) -> Vec<Finding> {
        let spec = Spec::from_text("widget", "widget.yaml", &edit(SPEC.to_owned())).unwrap();
        let (operation, _) = spec
            .find("GET", "/v2/{project_id}/widgets/{widget_id}")
            .unwrap();
        compare(&spec, operation, &page()).findings
    }

    fn only(findings: &[Finding]) -> &Finding {
        assert_eq!(findings.len(), 1, "{findings:#?}");
        &findings[0]
    }

    #[test]
    fn the_unedited_spec_agrees_but_for_its_recorded_deviation() {
        let findings = findings_with(|spec| spec);
        let state = only(&findings);
        assert_eq!(state.subject, "response 200 body field `state`");
        assert!(matches!(state.verdict, Verdict::Accepted { .. }));
    }

    #[test]
    fn a_changed_length_of_a_nested_field_drifts_at_its_row() {
        let findings = findings_with(|spec| {
            spec.replacen(
                "minLength: 1\n          maxLength: 32",
                "minLength: 1\n          maxLength: 16",
                1,
            )
        });
        let length = findings
            .iter()
            .find(|finding| finding.aspect == Aspect::MaxLength)
            .unwrap_or_else(|| panic!("{findings:#?}"));
        assert_eq!(length.subject, "response 200 body field `name`");
        assert_eq!(length.verdict, Verdict::Drift);
        assert_eq!(
            (length.page.as_deref(), length.spec.as_deref()),
            (Some("32"), Some("16"))
        );
        assert_eq!(length.spec_node.as_deref(), Some("WidgetInfo.name"));
        let line = length.page_line.expect("a row's line");
        assert!(PAGE.lines().nth(line - 1).unwrap().contains("name"));
    }

    #[test]
    fn a_field_only_in_the_spec_drifts_unless_it_is_a_second_spelling() {
        let extra = "      properties:\n        email:\n          type: string\n          description: Mail.\n";
        let add = |extra: &'static str| {
            move |spec: String| {
                spec.replacen(
                    "      description: The owner of a widget.\n      properties:\n",
                    &format!("      description: The owner of a widget.\n{extra}"),
                    1,
                )
            }
        };
        let findings = findings_with(add(extra));
        let email = findings
            .iter()
            .find(|finding| finding.subject == "response 200 body field `owner.email`")
            .unwrap_or_else(|| panic!("{findings:#?}"));
        assert_eq!(
            (email.aspect, &email.verdict),
            (Aspect::Presence, &Verdict::Drift)
        );
        let alias = "      properties:\n        mail:\n          type: string\n          description: Mail.\n          x-alias-of: name\n";
        let findings = findings_with(add(alias));
        let mail = findings
            .iter()
            .find(|finding| finding.subject == "response 200 body field `owner.mail`")
            .unwrap_or_else(|| panic!("{findings:#?}"));
        assert!(
            matches!(mail.verdict, Verdict::Accepted { .. }),
            "{mail:#?}"
        );
    }

    #[test]
    fn a_spec_against_itself_agrees_even_with_a_cycle_of_references() {
        // The owner's `manager` is an owner: following it must end.
        let text = SPEC.replacen(
            "      description: The owner of a widget.\n      properties:\n",
            "      description: The owner of a widget.\n      properties:\n        manager:\n          $ref: '#/components/schemas/OwnerInfo'\n",
            1,
        );
        let spec = Spec::from_text("widget", "widget.yaml", &text).unwrap();
        let mut page = page();
        page.document = Document::new(spec.document.value().clone());
        page.operation_pointer = SHOW.to_owned();
        let (operation, _) = spec
            .find("GET", "/v2/{project_id}/widgets/{widget_id}")
            .unwrap();
        let outcome = compare(&spec, operation, &page);
        assert!(outcome.findings.is_empty(), "{:#?}", outcome.findings);
        assert!(outcome.agreeing > 10);
    }
}
