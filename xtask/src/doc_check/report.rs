//! The report: readable text grouped by parameter or field, or JSON for tools.

use serde_json::{Value, json};

use super::finding::{Finding, Outcome, Verdict};
use super::spec_side::Operation;
use huaweicloud_sdk_codegen::page::Uri;

/// What was compared with what, and what was found.
pub struct Report<'a> {
    /// The page file as given.
    pub page_path: &'a str,
    /// The page's request line.
    pub uri: &'a Uri,
    /// The spec as shown (`specs/coc.yaml`).
    pub spec: &'a str,
    /// The matched operation.
    pub operation: &'a Operation,
    /// The differences.
    pub outcome: &'a Outcome,
}

/// (drift, accepted, notes)
fn counts(outcome: &Outcome) -> (usize, usize, usize) {
    let mut drift = 0;
    let mut accepted = 0;
    let mut notes = 0;
    for finding in &outcome.findings {
        match finding.verdict {
            Verdict::Drift => drift += 1,
            Verdict::Accepted { .. } => accepted += 1,
            Verdict::Note => notes += 1,
        }
    }
    (drift, accepted, notes)
}

fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// The readable report.
pub fn text(report: &Report<'_>) -> String {
    let mut out = String::new();
    out.push_str(&format!("doc-check {}\n", report.page_path));
    out.push_str(&format!(
        "  page:      {} {} (line {})\n",
        report.uri.method, report.uri.path, report.uri.line
    ));
    out.push_str(&format!(
        "  operation: {} ({} {}) in {}\n",
        report.operation.id, report.operation.method, report.operation.path, report.spec
    ));
    // Group by subject, in the order subjects first appear.
    let mut subjects: Vec<&str> = Vec::new();
    for finding in &report.outcome.findings {
        if !subjects.contains(&finding.subject.as_str()) {
            subjects.push(&finding.subject);
        }
    }
    for subject in subjects {
        let findings: Vec<&Finding> = report
            .outcome
            .findings
            .iter()
            .filter(|finding| finding.subject == subject)
            .collect();
        out.push('\n');
        out.push_str(subject);
        if let Some(line) = findings.iter().find_map(|finding| finding.page_line) {
            out.push_str(&format!("  (page line {line})"));
        }
        if let Some(node) = findings
            .iter()
            .find_map(|finding| finding.spec_node.as_ref())
        {
            out.push_str(&format!("  [spec: {node}]"));
        }
        out.push('\n');
        for finding in findings {
            let status = match finding.verdict {
                Verdict::Drift => "DRIFT",
                Verdict::Accepted { .. } => "accepted",
                Verdict::Note => "note",
            };
            out.push_str(&format!(
                "  {status:<9} {}: {}\n",
                finding.aspect, finding.message
            ));
            if let Some(page) = &finding.page {
                out.push_str(&format!("            page: {page}\n"));
            }
            if let Some(spec) = &finding.spec {
                out.push_str(&format!("            spec: {spec}\n"));
            }
            for detail in &finding.details {
                out.push_str(&format!("            {detail}\n"));
            }
            if let Verdict::Accepted {
                reason,
                recorded_on,
            } = &finding.verdict
            {
                out.push_str(&format!("            reason ({recorded_on}): {reason}\n"));
            }
        }
    }
    let (drift, accepted, notes) = counts(report.outcome);
    out.push('\n');
    let verdict = if drift == 0 {
        "no drift".to_owned()
    } else {
        format!("DRIFT: {}", plural(drift, "difference", "differences"))
    };
    out.push_str(&format!(
        "result: {verdict}; {}, {}; {} agree\n",
        plural(accepted, "accepted deviation", "accepted deviations"),
        plural(notes, "note", "notes"),
        plural(
            report.outcome.agreeing,
            "parameter, field or example",
            "parameters, fields and examples"
        ),
    ));
    out
}

/// The JSON report.
pub fn json(report: &Report<'_>) -> Value {
    let (drift, accepted, notes) = counts(report.outcome);
    let findings: Vec<Value> = report
        .outcome
        .findings
        .iter()
        .map(|finding| {
            let (status, reason, recorded_on) = match &finding.verdict {
                Verdict::Drift => ("drift", None, None),
                Verdict::Accepted {
                    reason,
                    recorded_on,
                } => ("accepted", Some(reason), Some(recorded_on)),
                Verdict::Note => ("note", None, None),
            };
            json!({
                "subject": finding.subject,
                "spec_node": finding.spec_node,
                "aspect": finding.aspect.as_str(),
                "status": status,
                "message": finding.message,
                "page": finding.page,
                "spec": finding.spec,
                "details": finding.details,
                "reason": reason,
                "recorded_on": recorded_on,
                "page_line": finding.page_line,
            })
        })
        .collect();
    json!({
        "page": report.page_path,
        "spec": report.spec,
        "request": {
            "method": report.uri.method,
            "path": report.uri.path,
            "line": report.uri.line,
        },
        "operation": {
            "id": report.operation.id,
            "method": report.operation.method,
            "path": report.operation.path,
        },
        "drift": drift > 0,
        "summary": {
            "drift": drift,
            "accepted": accepted,
            "notes": notes,
            "agreeing": report.outcome.agreeing,
        },
        "findings": findings,
    })
}
