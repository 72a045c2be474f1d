//! The official SDKs' operation names by method and path (`specs/names/<service>.tsv`):
//! the name users know for an operation whose page prints no SDK sample.

use crate::page::{Group, Page};

/// One operation of the official SDK.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownName {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path template (`/v1/{project_id}/cloudservers/{server_id}`).
    pub path: String,
    /// The SDK's operation name (`ShowServer`).
    pub operation: String,
}

/// Read a names table: `#` comment lines, then `METHOD<TAB>path<TAB>Operation` lines.
/// The error names the line that is not of that form.
pub fn read(text: &str) -> Result<Vec<KnownName>, String> {
    let mut names = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [method, path, operation] = fields.as_slice() else {
            return Err(format!(
                "line {}: expected `METHOD<TAB>/path<TAB>Operation`, found `{line}`",
                index + 1
            ));
        };
        if !path.starts_with('/') || operation.is_empty() {
            return Err(format!(
                "line {}: expected a path starting with `/` and an operation name, found `{line}`",
                index + 1
            ));
        }
        names.push(KnownName {
            method: method.to_ascii_uppercase(),
            path: (*path).to_owned(),
            operation: (*operation).to_owned(),
        });
    }
    Ok(names)
}

/// A path with its placeholders' names and a trailing slash left out: the SDK and the
/// pages name placeholders differently (`{server_id}`, `{id}`).
fn path_shape(path: &str) -> String {
    let mut shape = String::new();
    let mut in_placeholder = false;
    for c in path.split('?').next().unwrap_or_default().chars() {
        match c {
            '{' => {
                in_placeholder = true;
                shape.push_str("{}");
            }
            '}' => in_placeholder = false,
            _ if !in_placeholder => shape.push(c),
            _ => {}
        }
    }
    let trimmed = shape.trim_end_matches('/');
    if trimmed.is_empty() {
        "/".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// What the SDK calls the page's operation: `Ok(Some(name))` when one SDK operation has
/// the page's method and path, or when the page's request tells several apart
/// (`BatchStartServers` of `{"os-start": ...}`); `Err(candidates)` when it does not;
/// `Ok(None)` when no SDK operation has the method and path.
pub fn operation_name(names: &[KnownName], page: &Page) -> Result<Option<String>, Vec<String>> {
    let shape = path_shape(&page.uri.path);
    let mut candidates: Vec<&str> = names
        .iter()
        .filter(|name| name.method == page.uri.method && path_shape(&name.path) == shape)
        .map(|name| name.operation.as_str())
        .collect();
    candidates.sort_unstable();
    candidates.dedup();
    match candidates.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some((*one).to_owned())),
        several => {
            // What one call sends (the example) tells first; a table may document the
            // fields of every variant (`associate` and `disassociate`).
            let examples = tell_apart(several, &example_words(page));
            match examples {
                Ok(Some(name)) => Ok(Some(name)),
                _ => tell_apart(several, &request_words(page)),
            }
        }
    }
}

/// The one of `several` SDK operations whose distinctive name words `words` shows
/// best; `Ok(None)` when it shows none of them; `Err` on a tie.
fn tell_apart(several: &[&str], words: &[String]) -> Result<Option<String>, Vec<String>> {
    let names: Vec<Vec<String>> = several.iter().map(|name| camel_words(name)).collect();
    // The words that tell the operations apart: not in every one's name.
    let distinctive = |word: &String| !names.iter().all(|other| other.contains(word));
    let scored: Vec<(i64, usize, &str)> = several
        .iter()
        .zip(&names)
        .map(|(name, name_words)| {
            let told: Vec<&String> = name_words.iter().filter(|word| distinctive(word)).collect();
            let shown = told.iter().filter(|word| words.contains(word)).count();
            let score = 2 * shown as i64 - told.len() as i64;
            (score, shown, *name)
        })
        .collect();
    let best = scored.iter().map(|(score, _, _)| *score).max().unwrap_or(0);
    let winners: Vec<(usize, &str)> = scored
        .iter()
        .filter(|(score, _, _)| *score == best)
        .map(|(_, shown, name)| (*shown, *name))
        .collect();
    match winners.as_slice() {
        [(shown, one)] if *shown > 0 => Ok(Some((*one).to_owned())),
        // The request shows nothing that tells them apart: none of them is the page's
        // operation (`os-stop` on the path of Nova's security-group actions).
        _ if winners.iter().all(|(shown, _)| *shown == 0) => Ok(None),
        _ => Err(several.iter().map(|name| (*name).to_owned()).collect()),
    }
}

/// The words of the page's request examples (keys and values), lower case.
fn example_words(page: &Page) -> Vec<String> {
    let text: Vec<&str> = page
        .examples
        .iter()
        .filter(|example| example.group == Group::Request)
        .map(|example| example.json.as_str())
        .collect();
    words(&text.join(" "))
}

fn words(text: &str) -> Vec<String> {
    let mut words: Vec<String> = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .flat_map(camel_words)
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// The words of what the page's request sends: its body's field names and its request
/// examples (keys and values), lower case.
fn request_words(page: &Page) -> Vec<String> {
    let mut text = String::new();
    for table in &page.tables {
        let request = matches!(
            &table.role,
            crate::page::Role::RequestBody
                | crate::page::Role::Object {
                    group: Group::Request,
                    ..
                }
        );
        if request {
            for row in &table.rows {
                text.push_str(&row.name);
                text.push(' ');
            }
        }
    }
    for example in page.examples.iter().filter(|e| e.group == Group::Request) {
        text.push_str(&example.json);
        text.push(' ');
    }
    words(&text)
}

/// `BatchStartServers` -> `batch`, `start`, `servers`; `os` -> `os`.
fn camel_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    for c in text.chars() {
        if c.is_ascii_uppercase() && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        word.push(c.to_ascii_lowercase());
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &str = "# names\n# method\tpath\toperation\nPOST\t/v1/{project_id}/cloudservers/action\tBatchStartServers\nPOST\t/v1/{project_id}/cloudservers/action\tBatchStopServers\nGET\t/v1/{project_id}/cloudservers/{server_id}\tShowServer\n";

    fn page(text: &str) -> Page {
        crate::page::parse(text).unwrap()
    }

    #[test]
    fn reads_the_table_and_refuses_a_bad_line() {
        let names = read(TABLE).unwrap();
        assert_eq!(names.len(), 3);
        assert_eq!(names[2].operation, "ShowServer");
        let error = read("GET /v1 Show\n").unwrap_err();
        assert!(error.starts_with("line 1:"), "{error}");
    }

    #[test]
    fn placeholders_are_matched_by_position_not_name() {
        let names = read(TABLE).unwrap();
        let page = page("URI\nGET /v1/{project_id}/cloudservers/{id}/\n");
        assert_eq!(operation_name(&names, &page), Ok(Some("ShowServer".into())));
        let other = page_of("DELETE /v1/{project_id}/cloudservers/{id}");
        assert_eq!(operation_name(&names, &other), Ok(None));
    }

    fn page_of(line: &str) -> Page {
        page(&format!("URI\n{line}\n"))
    }

    #[test]
    fn the_request_tells_several_apart() {
        let names = read(TABLE).unwrap();
        let stop = page(
            "URI\nPOST /v1/{project_id}/cloudservers/action\n请求示例\n{\n  \"os-stop\": {\"servers\": [{\"id\": \"x\"}]}\n}\n",
        );
        assert_eq!(
            operation_name(&names, &stop),
            Ok(Some("BatchStopServers".into()))
        );
        // Nothing that tells them apart: neither is the page's operation.
        let silent = page_of("POST /v1/{project_id}/cloudservers/action");
        assert_eq!(operation_name(&names, &silent), Ok(None));
        let both = page(
            "URI\nPOST /v1/{project_id}/cloudservers/action\n请求示例\n{\"start\": 1, \"stop\": 2}\n",
        );
        // A table of both variants' fields, an example of one.
        let one_of_both = page(
            "URI\nPOST /v1/{project_id}/cloudservers/action\n请求参数\n参数\n是否必选\n参数类型\n描述\nstart\n否\nObject\n起\nstop\n否\nObject\n停\n请求示例\n{\"stop\": {}}\n",
        );
        assert_eq!(
            operation_name(&names, &one_of_both),
            Ok(Some("BatchStopServers".into()))
        );
        assert_eq!(
            operation_name(&names, &both),
            Err(vec!["BatchStartServers".into(), "BatchStopServers".into()])
        );
    }
}
