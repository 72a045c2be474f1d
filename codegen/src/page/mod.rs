//! The text of a Huawei Cloud API reference page, as copied from a browser, read into
//! its request line, parameter tables, documented statuses and examples.
//!
//! Four layouts are read:
//!
//! - one table cell per line, blank lines between (Chinese pages);
//! - one cell per line ending in ` |`, a `---|---|` line after the header row, and
//!   optionally a lone `|` line before every row (English pages, some Chinese ones);
//! - the same with Chinese headers;
//! - a Markdown row per line (`|id|String|ID|`), read as the previous layout.
//!
//! Columns are found by their header words, in whatever order a page generation puts
//! them. Older generations (`请求消息`/`响应消息` sections, `返回值` status tables, object
//! tables titled by the field they describe, `表3 os-stop字段数据结构说明`, or pointed at
//! by number, `请参见表3`) are read by the same rules; see `codegen/tests/pages/` for a
//! real page of each.
//!
//! Table headings (`表1 路径参数`) are often not printed, so tables are found by their
//! header rows (`参数 / 是否必选 / 参数类型 / 描述`, `Parameter / Mandatory / Type /
//! Description`; response tables have no mandatory column). What a table describes comes
//! from its title when there is one, otherwise from the headings around it and its
//! position: after `URI` the path parameters (rows naming the URI's placeholders) and
//! the query parameters; after `请求参数`/`Request Parameters` the headers, then the body,
//! then the body's object tables; after `状态码: 200`/`Status code: 200` the same for that
//! response. Everything else on a page (navigation, SDK samples, feedback footers) is
//! skipped.
//!
//! Pure: the caller reads the file and hands over its text. `doc-check` compares what is
//! read here with a spec; `transcribe` writes a spec operation from it.

mod kind;
pub mod text;

pub use kind::{Kind, page_kind};

use serde_json::Value;

/// The request line under `URI`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uri {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path template, without a query string (`/v1/{project_id}/things`).
    pub path: String,
    /// Further methods when the line names several (`PUT/POST /v2/...`).
    pub other_methods: Vec<String>,
    /// The query string the line prints after `?` (`id={id}`), if any.
    pub query: Option<String>,
    /// 1-based line of the page.
    pub line: usize,
}

impl Uri {
    /// The names of the path template's `{placeholders}`.
    pub fn placeholders(&self) -> Vec<String> {
        placeholders(&self.path)
    }
}

/// The `{name}` placeholders of a path template, spaces inside braces removed.
pub fn placeholders(path: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        names.push(rest[open + 1..open + close].trim().replace(' ', ""));
        rest = &rest[open + close + 1..];
    }
    names
}

/// The request or one response: the scope of a body and of its object tables.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    /// The request.
    Request,
    /// The response with this status (`200`).
    Response(String),
}

/// What a parameter table describes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// Path parameters.
    Path,
    /// Query parameters.
    Query,
    /// Request headers.
    RequestHeader,
    /// The request body's top-level fields.
    RequestBody,
    /// Headers of the response with this status.
    ResponseHeader(String),
    /// Top-level fields of the body of the response with this status.
    ResponseBody(String),
    /// The fields of an object that a body field refers to (`PlaybookInfoRef object`);
    /// `title` is the table's title when the page prints it (`PlaybookInfoRef`).
    Object {
        /// The request or the response the object belongs to.
        group: Group,
        /// The printed title.
        title: Option<String>,
    },
}

/// One row of a parameter table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Parameter or field name (`[数组元素]` for a body that is an array).
    pub name: String,
    /// The mandatory column: `Some(true)` for 是/Yes, `None` when the page has no value.
    pub mandatory: Option<bool>,
    /// The type column as written (`String`, `Array of X objects`).
    pub ty: String,
    /// The description cell; lines of a multi-line cell are joined with `\n`.
    pub description: String,
    /// The value-range column (`取值范围`) of older pages, empty when there is none.
    pub range: String,
    /// 1-based line of the page where the row starts.
    pub line: usize,
}

/// A parameter table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// What it describes.
    pub role: Role,
    /// Its rows.
    pub rows: Vec<Row>,
    /// 1-based line of its header row.
    pub line: usize,
    /// The number its title gives it (`3` of `表3 创建云服务器请求参数说明`), by which
    /// rows point at it (`请参见表3。`).
    pub number: Option<String>,
}

/// A request or response example.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The request, or the response of a status.
    pub group: Group,
    /// The caption printed above it.
    pub caption: String,
    /// The JSON, or why it could not be read.
    pub value: Result<Value, String>,
    /// The JSON text as printed (line numbers of copied code blocks removed).
    pub json: String,
    /// 1-based line where the JSON starts.
    pub line: usize,
}

/// What a page documents.
#[derive(Debug, Clone, PartialEq)]
pub struct Page {
    /// The request line.
    pub uri: Uri,
    /// Every parameter table, in page order.
    pub tables: Vec<Table>,
    /// Every documented status, in page order.
    pub statuses: Vec<String>,
    /// Every example with a JSON body, in page order.
    pub examples: Vec<Example>,
    /// The page writes constraints as labelled values (`最小长度:1`, `Minimum length: 1`),
    /// so a constraint it does not show is one it does not have.
    pub structured_constraints: bool,
    /// The page's title (the line before `功能介绍`/`Function`) and its line.
    pub title: Option<(String, usize)>,
    /// The text under `功能介绍`/`Function`, lines joined with `\n`.
    pub function: Option<String>,
    /// What the page's SDK samples call the operation and the service.
    pub sdk: Option<SdkNames>,
    /// The description cells of the status-code table, by status.
    pub status_texts: std::collections::BTreeMap<String, String>,
}

/// Names an SDK sample prints (`new ListWorkflowExecutionsRequest()`,
/// `com.huaweicloud.sdk.aom.v1`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SdkNames {
    /// The operation (`ListWorkflowExecutions`).
    pub operation: String,
    /// The service's package name (`aom`), when printed.
    pub service: Option<String>,
    /// 1-based line of the sample.
    pub line: usize,
}

impl Page {
    /// The rows of every table with this role, in page order.
    pub fn rows(&self, role: &Role) -> Vec<&Row> {
        self.tables
            .iter()
            .filter(|table| &table.role == role)
            .flat_map(|table| table.rows.iter())
            .collect()
    }
}

/// Read a page's text. The error says why it is not an API reference page.
pub fn parse(text: &str) -> Result<Page, String> {
    let text = normalise(text);
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .flat_map(|(index, line)| one_cell_per_line(line.trim()).map(move |cell| (index + 1, cell)))
        .filter(|(_, line)| !line.is_empty())
        .collect();
    if lines.is_empty() {
        return Err("the page is empty".to_owned());
    }
    let mut parser = Parser {
        lines,
        phase: Phase::Preamble,
        status: None,
        title: None,
        title_number: None,
        uri: None,
        tables: Vec::new(),
        statuses: Vec::new(),
        examples: Vec::new(),
        caption: Vec::new(),
        bodies: Vec::new(),
        sdk: None,
        status_texts: std::collections::BTreeMap::new(),
    };
    parser.run();
    parser.settle_assumed_status();
    let (title, function) = title_and_function(&parser.lines);
    let Some(uri) = parser.uri else {
        return Err(
            "no request line (`GET /v1/...` under `URI`) found; this is not the text of an API reference page"
                .to_owned(),
        );
    };
    let lower = text.to_ascii_lowercase();
    let structured_constraints = [
        "最小长度",
        "最大长度",
        "最小值",
        "最大值",
        "数组长度",
        "minimum length",
        "maximum length",
        "minimum value",
        "maximum value",
        "array length",
    ]
    .iter()
    .any(|marker| {
        lower.match_indices(marker).any(|(at, _)| {
            lower[at + marker.len()..]
                .trim_start_matches([' ', '\t'])
                .starts_with(':')
        })
    });
    Ok(Page {
        uri,
        tables: parser.tables,
        statuses: parser.statuses,
        examples: parser.examples,
        structured_constraints,
        title,
        function,
        sdk: parser.sdk,
        status_texts: parser.status_texts,
    })
}

/// The statuses a service's shared status page lists (`状态码`, `通用请求返回值`), each
/// with its text: a cell that is a status (`200`, `404 Not Found`), then its description.
pub fn shared_statuses(text: &str) -> Vec<(String, String)> {
    let text = normalise(text);
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect();
    let mut statuses: Vec<(String, String)> = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let cell = strip_pipes(line);
        let (code, rest) = cell.split_once(' ').unwrap_or((&cell, ""));
        if !is_status(code) || statuses.iter().any(|(known, _)| known == code) {
            continue;
        }
        let next = lines
            .get(index + 1)
            .map(|next| strip_pipes(next))
            .filter(|next| !is_status(next.split(' ').next().unwrap_or_default()));
        let description = next.unwrap_or_else(|| rest.trim().to_owned());
        statuses.push((code.to_owned(), description));
    }
    statuses
}

/// The line before the `功能介绍`/`Function` heading, and the lines after it up to the
/// next heading.
fn title_and_function(lines: &[(usize, &str)]) -> (Option<(String, usize)>, Option<String>) {
    let Some(at) = lines.iter().position(|(_, line)| {
        matches!(
            line.to_ascii_lowercase().trim_end_matches([':', '.']),
            "功能介绍" | "function"
        )
    }) else {
        return (None, None);
    };
    let title = at
        .checked_sub(1)
        .map(|before| (lines[before].1.to_owned(), lines[before].0));
    let body: Vec<&str> = lines[at + 1..]
        .iter()
        .map(|(_, line)| *line)
        .take_while(|line| heading(line).is_none() && request_line(line).is_none())
        .collect();
    let function = (!body.is_empty()).then(|| body.join("\n"));
    (title, function)
}

/// `new XRequest()` (Java), `request = XRequest()` (Python), `model.XRequest{}` (Go);
/// `com.huaweicloud.sdk.aom.v1`, `huaweicloudsdkaom`.
fn sdk_names(line: &str, line_no: usize) -> Option<SdkNames> {
    let operation = ["new ", "request = ", "&model."]
        .iter()
        .find_map(|prefix| {
            line.match_indices(prefix).find_map(|(at, _)| {
                let rest = &line[at + prefix.len()..];
                let name: String = rest
                    .chars()
                    .take_while(char::is_ascii_alphanumeric)
                    .collect();
                let operation = name.strip_suffix("Request")?;
                let after = &rest[name.len()..];
                (!operation.is_empty()
                    && operation.starts_with(|c: char| c.is_ascii_uppercase())
                    && (after.starts_with("()") || after.starts_with("{}")))
                .then(|| operation.to_owned())
            })
        })?;
    // `com.huaweicloud.sdk.test` is the sample's own package; `core` the SDK core.
    let service = ["/services/", "huaweicloudsdk", "com.huaweicloud.sdk."]
        .iter()
        .find_map(|prefix| {
            line.match_indices(prefix).find_map(|(at, _)| {
                let name: String = line[at + prefix.len()..]
                    .chars()
                    .take_while(char::is_ascii_lowercase)
                    .collect();
                (!name.is_empty() && name != "core" && name != "test").then_some(name)
            })
        });
    Some(SdkNames {
        operation,
        service,
        line: line_no,
    })
}

/// A markdown table row on one line (`|id|String|ID|`) as the pipe layout's lines: a
/// lone `|` that starts the row, then each cell with the `|` that ends it (`id|`);
/// every other line as it is. The cells are slices of the line, so they keep its
/// line number.
fn one_cell_per_line(line: &str) -> impl Iterator<Item = &str> {
    let row = line.len() > 2
        && !is_separator(line)
        && line.starts_with('|')
        && line.ends_with('|')
        && line[1..line.len() - 1].contains('|');
    let cells: Vec<&str> = if row {
        let mut cells = vec![&line[..1]];
        let mut start = 1;
        for (at, _) in line.match_indices('|').skip(1) {
            cells.push(&line[start..=at]);
            start = at + 1;
        }
        cells
    } else {
        vec![line]
    };
    cells.into_iter()
}

/// Line ends, odd spaces and full-width colons as plain text has them.
fn normalise(text: &str) -> String {
    text.trim_start_matches('\u{feff}')
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace(
            ['\u{a0}', '\u{3000}', '\u{2002}', '\u{2003}', '\u{2009}'],
            " ",
        )
        .replace(['\u{200b}', '\u{200c}', '\u{200d}'], "")
        .replace('\u{ff1a}', ":")
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Preamble,
    Uri,
    Request,
    Response,
    RequestExamples,
    ResponseExamples,
    Sdk,
    StatusCodes,
    End,
}

/// What a table title (`表2 请求Header参数`, `Table 5 PlaybookInfoRef`) says.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Title {
    Path,
    Query,
    RequestHeader,
    RequestBody,
    ResponseHeader,
    ResponseBody,
    Named(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Heading {
    Uri,
    Request,
    Response,
    RequestExamples,
    ResponseExamples,
    Sdk,
    StatusCodes,
    ErrorCodes,
    Status(String),
    Title(Title),
    Other,
}

impl Heading {
    /// Headings that never describe a field: titles, statuses, the big sections.
    fn is_strong(&self) -> bool {
        matches!(
            self,
            Heading::Request
                | Heading::Response
                | Heading::RequestExamples
                | Heading::ResponseExamples
                | Heading::Sdk
                | Heading::Status(_)
                | Heading::Title(_)
        )
    }
}

const NAME_WORDS: &[&str] = &[
    "参数",
    "属性",
    "字段",
    "参数名",
    "参数名称",
    "名称",
    "parameter",
    "parameters",
    "parameter name",
    "name",
    "field",
];
const MANDATORY_WORDS: &[&str] = &["是否必选", "必选", "mandatory", "required"];
const TYPE_WORDS: &[&str] = &["参数类型", "类型", "type"];
const RANGE_WORDS: &[&str] = &["取值范围", "value range"];
const DESCRIPTION_WORDS: &[&str] = &["描述", "说明", "description"];
const STATUS_WORDS: &[&str] = &["状态码", "返回值", "status code", "http status code"];
/// The error-code column of older status tables (`状态码 / 编码 / 描述`).
const CODE_WORDS: &[&str] = &["编码"];

fn is_header_word(cell: &str) -> bool {
    [
        NAME_WORDS,
        MANDATORY_WORDS,
        TYPE_WORDS,
        RANGE_WORDS,
        DESCRIPTION_WORDS,
        STATUS_WORDS,
        CODE_WORDS,
    ]
    .iter()
    .any(|set| is_word(set, cell))
}

fn is_word(set: &[&str], cell: &str) -> bool {
    let cell = cell.to_ascii_lowercase();
    set.contains(&cell.as_str())
}

/// The kind of a table, from its header row.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Header {
    Params {
        columns: usize,
        mandatory: Option<usize>,
        ty: Option<usize>,
        range: Option<usize>,
        description: Option<usize>,
    },
    Statuses,
}

/// A cell of a one-cell-per-line row between its name and its description.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Cell {
    Mandatory,
    Type,
    Range,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    Lines,
    Pipes,
}

struct Parser<'a> {
    lines: Vec<(usize, &'a str)>,
    phase: Phase,
    status: Option<String>,
    title: Option<Title>,
    /// The number of the last table title (`表3`), until its table is read.
    title_number: Option<String>,
    uri: Option<Uri>,
    tables: Vec<Table>,
    statuses: Vec<String>,
    examples: Vec<Example>,
    caption: Vec<String>,
    /// Groups whose top-level body table has been seen.
    bodies: Vec<Group>,
    /// The first operation name an SDK sample prints.
    sdk: Option<SdkNames>,
    status_texts: std::collections::BTreeMap<String, String>,
}

impl Parser<'_> {
    fn run(&mut self) {
        let mut i = 0;
        while i < self.lines.len() {
            let line = self.lines[i].1;
            if line == "|" || is_separator(line) {
                i += 1;
                continue;
            }
            if self.phase != Phase::Sdk
                && let Some((header, layout, next)) = self.table_header(i)
            {
                let line_no = self.lines[i].0;
                i = match header {
                    Header::Params { .. } => {
                        let (rows, next) = match layout {
                            Layout::Pipes => self.pipe_rows(&header, next),
                            Layout::Lines => self.line_rows(&header, next),
                        };
                        self.add_table(rows, line_no);
                        next
                    }
                    Header::Statuses => self.status_rows(layout, next),
                };
                continue;
            }
            if self.phase == Phase::Sdk && self.sdk.is_none() {
                self.sdk = sdk_names(line, self.lines[i].0);
            }
            if let Some(heading) = heading(line) {
                // SDK samples end only at the status codes or the error codes: their
                // code may hold any line.
                if self.phase != Phase::Sdk
                    || matches!(heading, Heading::StatusCodes | Heading::ErrorCodes)
                {
                    if matches!(heading, Heading::Title(_)) {
                        self.title_number = table_number(line);
                    }
                    self.on_heading(heading);
                }
                i += 1;
                continue;
            }
            match self.phase {
                Phase::RequestExamples | Phase::ResponseExamples => {
                    i = self.example_line(i);
                    continue;
                }
                Phase::Preamble | Phase::Uri | Phase::Request if self.uri.is_none() => {
                    if let Some(request) = read_request_line(line)
                        && request.path.starts_with('/')
                    {
                        let mut methods = request.methods.into_iter();
                        self.uri = Some(Uri {
                            method: methods.next().unwrap_or_default(),
                            other_methods: methods.collect(),
                            path: request.path,
                            query: request.query,
                            line: self.lines[i].0,
                        });
                        self.phase = Phase::Uri;
                    }
                }
                _ => {}
            }
            i += 1;
        }
    }

    fn response_status(&self) -> String {
        self.status
            .clone()
            .or_else(|| self.statuses.first().cloned())
            .unwrap_or_else(|| "200".to_owned())
    }

    /// Older pages put the response's tables and example before their only status
    /// table (`返回值: 204`): what was read under the assumed `200` belongs to the
    /// page's one documented success when `200` is not documented.
    fn settle_assumed_status(&mut self) {
        let assumed = "200".to_owned();
        let successes: Vec<&String> = self
            .statuses
            .iter()
            .filter(|status| status.starts_with('2'))
            .collect();
        let [success] = successes.as_slice() else {
            return;
        };
        if **success == assumed {
            return;
        }
        let success = (*success).clone();
        let settle = |group: &mut Group| {
            if *group == Group::Response(assumed.clone()) {
                *group = Group::Response(success.clone());
            }
        };
        for table in &mut self.tables {
            match &mut table.role {
                Role::ResponseBody(status) | Role::ResponseHeader(status) if *status == assumed => {
                    *status = success.clone();
                }
                Role::Object { group, .. } => settle(group),
                _ => {}
            }
        }
        for example in &mut self.examples {
            settle(&mut example.group);
        }
    }

    fn add_status(&mut self, status: &str) {
        if !self.statuses.iter().any(|known| known == status) {
            self.statuses.push(status.to_owned());
        }
    }

    fn on_heading(&mut self, heading: Heading) {
        let in_examples = matches!(self.phase, Phase::RequestExamples | Phase::ResponseExamples);
        match heading {
            Heading::Uri => self.phase = Phase::Uri,
            Heading::Request => self.phase = Phase::Request,
            Heading::Response => {
                self.phase = Phase::Response;
                self.status = None;
            }
            Heading::RequestExamples => {
                self.phase = Phase::RequestExamples;
                self.caption.clear();
            }
            Heading::ResponseExamples => {
                self.phase = Phase::ResponseExamples;
                self.status = None;
                self.caption.clear();
            }
            Heading::Sdk => self.phase = Phase::Sdk,
            Heading::StatusCodes => self.phase = Phase::StatusCodes,
            Heading::ErrorCodes => self.phase = Phase::End,
            Heading::Status(status) => match self.phase {
                Phase::Preamble | Phase::Uri | Phase::Request | Phase::Response => {
                    self.phase = Phase::Response;
                    self.add_status(&status);
                    self.status = Some(status);
                }
                Phase::RequestExamples | Phase::ResponseExamples => {
                    self.phase = Phase::ResponseExamples;
                    self.add_status(&status);
                    self.status = Some(status);
                    self.caption.clear();
                }
                _ => {}
            },
            Heading::Title(title) => self.title = Some(title),
            Heading::Other => {
                if in_examples {
                    self.caption.clear();
                }
            }
        }
    }

    /// A table header row starting at line `i`: its kind, layout and the index of the
    /// first line after it.
    fn table_header(&self, i: usize) -> Option<(Header, Layout, usize)> {
        let first = self.lines[i].1;
        let mut cells = Vec::new();
        let layout;
        let next;
        if first.ends_with('|') && first != "|" {
            let mut j = i;
            while j < self.lines.len() {
                let line = self.lines[j].1;
                if is_separator(line) {
                    break;
                }
                if !line.ends_with('|') || cells.len() > 6 {
                    return None;
                }
                if line != "|" {
                    let cell = strip_pipes(line);
                    if !is_header_word(&cell) {
                        return None;
                    }
                    cells.push(cell);
                }
                j += 1;
            }
            if j >= self.lines.len() {
                return None;
            }
            layout = Layout::Pipes;
            next = j + 1;
        } else {
            cells.push(first.to_owned());
            let mut j = i + 1;
            let column_words = [
                MANDATORY_WORDS,
                TYPE_WORDS,
                RANGE_WORDS,
                CODE_WORDS,
                DESCRIPTION_WORDS,
            ];
            while j < self.lines.len() && cells.len() < 6 {
                let line = self.lines[j].1;
                let column = column_words.iter().find(|words| is_word(words, line));
                // A header names each column once: a second type word is the first
                // row's name (`type`), not a column.
                let repeated =
                    column.is_some_and(|words| cells.iter().any(|cell| is_word(words, cell)));
                if column.is_some() && !repeated {
                    cells.push(line.to_owned());
                    j += 1;
                } else {
                    break;
                }
            }
            layout = Layout::Lines;
            next = j;
        }
        if cells.len() < 2 {
            return None;
        }
        let find = |set: &[&str]| cells.iter().position(|cell| is_word(set, cell));
        if is_word(NAME_WORDS, &cells[0]) {
            let ty = find(TYPE_WORDS);
            let mandatory = find(MANDATORY_WORDS);
            // Older pages leave out the type column (header tables: name, mandatory,
            // description); a row is then found by its mandatory cell.
            if ty.is_none() && (mandatory.is_none() || find(DESCRIPTION_WORDS).is_none()) {
                return None;
            }
            Some((
                Header::Params {
                    columns: cells.len(),
                    mandatory,
                    ty,
                    range: find(RANGE_WORDS),
                    description: find(DESCRIPTION_WORDS),
                },
                layout,
                next,
            ))
        } else if is_word(STATUS_WORDS, &cells[0]) && find(DESCRIPTION_WORDS).is_some() {
            Some((Header::Statuses, layout, next))
        } else {
            None
        }
    }

    /// Rows of a `|`-separated table: every line ending in `|` is a cell; a lone `|`
    /// starts a row; a line without `|` in the middle of a row continues the next cell.
    fn pipe_rows(&self, header: &Header, mut j: usize) -> (Vec<Row>, usize) {
        let Header::Params { columns, .. } = *header else {
            return (Vec::new(), j);
        };
        let mut rows = Vec::new();
        let mut cells: Vec<String> = Vec::new();
        let mut carry = String::new();
        let mut row_line = 0;
        while j < self.lines.len() {
            let (line_no, line) = self.lines[j];
            if line == "|" {
                cells.clear();
                carry.clear();
                j += 1;
                continue;
            }
            if is_separator(line) {
                j += 1;
                continue;
            }
            if cells.is_empty() && carry.is_empty() && self.table_header(j).is_some() {
                break;
            }
            if line.ends_with('|') {
                let mut cell = strip_pipes(line);
                if !carry.is_empty() {
                    cell = format!("{carry}\n{cell}");
                    carry.clear();
                }
                if cells.is_empty() {
                    row_line = line_no;
                }
                cells.push(cell);
                if cells.len() == columns {
                    rows.push(make_row(header, std::mem::take(&mut cells), row_line));
                }
            } else if cells.is_empty() || heading(line).is_some() {
                break;
            } else {
                if !carry.is_empty() {
                    carry.push('\n');
                }
                carry.push_str(line);
            }
            j += 1;
        }
        (rows, j)
    }

    /// Rows of a one-cell-per-line table: a row starts at a name followed by its cells
    /// in the header's column order (`是否必选` before or after `参数类型`; a page may
    /// leave the mandatory cell out; without a type column a row is found by its
    /// mandatory cell); with a value-range column, its cell follows; the lines up to the
    /// next row are its description.
    fn line_rows(&self, header: &Header, mut j: usize) -> (Vec<Row>, usize) {
        let Header::Params { .. } = *header else {
            return (Vec::new(), j);
        };
        let mut rows: Vec<Row> = Vec::new();
        while j < self.lines.len() {
            let (line_no, line) = self.lines[j];
            // A row's first description line may read like a weak heading (`错误码`).
            let describes = rows.last().is_some_and(|row| row.description.is_empty())
                && heading(line).is_some_and(|heading| !heading.is_strong());
            if !describes
                && (line.ends_with('|')
                    || is_separator(line)
                    || heading(line).is_some()
                    || self.table_header(j).is_some())
            {
                break;
            }
            if is_name(line)
                && let Some((row, width)) = self.row_start(header, j)
            {
                rows.push(Row {
                    name: line.to_owned(),
                    line: line_no,
                    ..row
                });
                j += width;
                continue;
            }
            if self.names_next_table(j) {
                break;
            }
            let Some(row) = rows.last_mut() else {
                break;
            };
            if !row.description.is_empty() {
                row.description.push('\n');
            }
            row.description.push_str(line);
            j += 1;
        }
        (rows, j)
    }

    /// The cells after a row's name at line `j`, read in the header's column order up to
    /// the description: the row (name and line left empty) and how many lines it took.
    fn row_start(&self, header: &Header, j: usize) -> Option<(Row, usize)> {
        let Header::Params {
            mandatory,
            ty: type_column,
            range: range_column,
            ..
        } = *header
        else {
            return None;
        };
        let text = |k: usize| self.lines.get(k).map(|(_, line)| *line).unwrap_or("");
        let mut columns: Vec<(usize, Cell)> = [
            (mandatory, Cell::Mandatory),
            (type_column, Cell::Type),
            (range_column, Cell::Range),
        ]
        .into_iter()
        .filter_map(|(index, cell)| index.map(|index| (index, cell)))
        .collect();
        columns.sort_unstable();
        let mut row = Row {
            name: String::new(),
            mandatory: None,
            ty: String::new(),
            description: String::new(),
            range: String::new(),
            line: 0,
        };
        let mut k = j + 1;
        for (_, cell) in columns {
            match cell {
                Cell::Mandatory => {
                    if let Some(value) = mandatory_value(text(k)) {
                        row.mandatory = Some(value);
                        k += 1;
                    }
                }
                Cell::Type => {
                    if !is_type(text(k)) {
                        return None;
                    }
                    row.ty = text(k).to_owned();
                    k += 1;
                }
                Cell::Range => {
                    row.range = text(k).to_owned();
                    k += 1;
                }
            }
        }
        let found = if type_column.is_some() {
            !row.ty.is_empty()
        } else {
            row.mandatory.is_some()
        };
        found.then_some((row, k - j))
    }

    /// Line `j` is a section name that the title of a table a few lines on repeats
    /// (`Header说明` ... `表2 Header说明`): a heading, not a description.
    fn names_next_table(&self, j: usize) -> bool {
        let line = self.lines[j].1;
        self.lines.iter().skip(j + 1).take(3).any(|(_, next)| {
            next.strip_prefix('表')
                .or_else(|| next.strip_prefix("Table "))
                .map(|rest| rest.trim_start_matches(|c: char| c.is_ascii_digit()).trim())
                == Some(line)
        })
    }

    /// The status-code table at the end of a page: collect the statuses.
    fn status_rows(&mut self, layout: Layout, mut j: usize) -> usize {
        let mut current: Option<String> = None;
        while j < self.lines.len() {
            let line = self.lines[j].1;
            let ends_table = match layout {
                Layout::Pipes => !line.ends_with('|'),
                Layout::Lines => {
                    line.ends_with('|') || heading(line).is_some() || self.table_header(j).is_some()
                }
            };
            if ends_table {
                break;
            }
            let cell = strip_pipes(line);
            if is_status(&cell) {
                self.add_status(&cell);
                current = Some(cell);
            } else if let Some(status) = &current
                && !cell.is_empty()
            {
                let text = self.status_texts.entry(status.clone()).or_default();
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(&cell);
            }
            j += 1;
        }
        j
    }

    fn add_table(&mut self, rows: Vec<Row>, line: usize) {
        let title = self.title.take();
        let number = self.title_number.take();
        // `表2 参数说明` under `请求消息` or `响应消息` names no object: the table is
        // what its place makes it (headers, the body, an object of the body), unless it
        // holds the URI's parameters (read below).
        let names_placeholders = self.uri.as_ref().is_some_and(|uri| {
            let placeholders = uri.placeholders();
            rows.iter().any(|row| placeholders.contains(&row.name))
        });
        let title = match title {
            Some(Title::Named(name))
                if name == "参数说明"
                    && !names_placeholders
                    && matches!(self.phase, Phase::Request | Phase::Response) =>
            {
                None
            }
            title => title,
        };
        if rows.is_empty() {
            return;
        }
        let status = self.response_status();
        let group = match self.phase {
            Phase::Response => Group::Response(status.clone()),
            _ => Group::Request,
        };
        // Older pages give the request's parameters one titled table (`表1 参数说明`):
        // before any request body, a titled table of headers holds request headers, and
        // one naming the URI's placeholders holds the path parameters and the query.
        let title = match title {
            Some(Title::Named(name))
                if group == Group::Request && !self.bodies.contains(&Group::Request) =>
            {
                let placeholders = self.uri.as_ref().map(Uri::placeholders).unwrap_or_default();
                let (path, query): (Vec<Row>, Vec<Row>) = rows
                    .iter()
                    .cloned()
                    .partition(|row| placeholders.contains(&row.name));
                if header_like(&rows) {
                    Some(Title::RequestHeader)
                } else if !path.is_empty() {
                    self.tables.push(Table {
                        role: Role::Path,
                        rows: path,
                        line,
                        number: number.clone(),
                    });
                    if !query.is_empty() {
                        self.tables.push(Table {
                            role: Role::Query,
                            rows: query,
                            line,
                            number,
                        });
                    }
                    return;
                } else {
                    Some(Title::Named(name))
                }
            }
            other => other,
        };
        let role = match title {
            Some(Title::Path) => Role::Path,
            Some(Title::Query) => Role::Query,
            Some(Title::RequestHeader) => Role::RequestHeader,
            Some(Title::RequestBody) => Role::RequestBody,
            Some(Title::ResponseHeader) => Role::ResponseHeader(status),
            Some(Title::ResponseBody) => Role::ResponseBody(status),
            Some(Title::Named(name)) => Role::Object {
                group,
                title: Some(name),
            },
            None => match self.phase {
                Phase::Preamble | Phase::Uri => {
                    let placeholders = self.uri.as_ref().map(Uri::placeholders);
                    let in_path = rows
                        .iter()
                        .filter(|row| {
                            placeholders
                                .as_ref()
                                .is_some_and(|names| names.contains(&row.name))
                        })
                        .count();
                    if in_path * 2 >= rows.len() && in_path > 0 {
                        Role::Path
                    } else if header_like(&rows) {
                        Role::RequestHeader
                    } else {
                        Role::Query
                    }
                }
                Phase::Request => {
                    if header_like(&rows) && !self.bodies.contains(&Group::Request) {
                        Role::RequestHeader
                    } else if !self.bodies.contains(&Group::Request) {
                        Role::RequestBody
                    } else {
                        Role::Object { group, title: None }
                    }
                }
                Phase::Response => {
                    if !self.bodies.contains(&group) {
                        if header_like(&rows) {
                            Role::ResponseHeader(status)
                        } else {
                            Role::ResponseBody(status)
                        }
                    } else {
                        Role::Object { group, title: None }
                    }
                }
                // Tables among examples, SDK samples or after the status codes describe
                // nothing of the operation.
                _ => return,
            },
        };
        // A GET sends no body: what an older page calls its request parameters
        // (`表2 请求参数`) is the query.
        let bodiless = self
            .uri
            .as_ref()
            .is_some_and(|uri| matches!(uri.method.as_str(), "GET" | "HEAD"));
        let role = match role {
            Role::RequestBody if bodiless => Role::Query,
            role => role,
        };
        match &role {
            Role::RequestBody => self.bodies.push(Group::Request),
            Role::ResponseBody(status) => self.bodies.push(Group::Response(status.clone())),
            _ => {}
        }
        self.tables.push(Table {
            role,
            rows,
            line,
            number,
        });
    }

    /// A line among the examples: a caption, a request line, or the start of a JSON body
    /// (read to its closing bracket). Returns the index of the next line to read.
    fn example_line(&mut self, i: usize) -> usize {
        let line = strip_line_numbers(self.lines[i].1);
        if line.is_empty() {
            return i + 1;
        }
        if (line.starts_with('{') || line.starts_with('['))
            && let Some((json, next)) = self.read_json(i)
        {
            let group = match self.phase {
                Phase::RequestExamples => Group::Request,
                _ => Group::Response(self.response_status()),
            };
            let (json, value) = read_example_json(json);
            self.examples.push(Example {
                group,
                caption: self.caption.join(" "),
                value,
                json,
                line: self.lines[i].0,
            });
            self.caption.clear();
            return next;
        }
        let lower = line.to_ascii_lowercase();
        let skip = request_line(line).is_some()
            || lower.starts_with("http://")
            || lower.starts_with("https://")
            || lower.starts_with("for more status codes")
            || line.starts_with("更多状态码");
        if !skip {
            self.caption.push(line.to_owned());
        }
        i + 1
    }

    /// The JSON text starting at line `i`, up to its balanced closing bracket.
    fn read_json(&self, i: usize) -> Option<(String, usize)> {
        let mut text = String::new();
        let mut depth = 0usize;
        let mut in_string = false;
        let mut escaped = false;
        for (j, (_, raw)) in self.lines.iter().enumerate().skip(i) {
            let line = if j == i { strip_line_numbers(raw) } else { raw };
            for (offset, c) in line.char_indices() {
                if in_string {
                    if escaped {
                        escaped = false;
                    } else if c == '\\' {
                        escaped = true;
                    } else if c == '"' {
                        in_string = false;
                    }
                    continue;
                }
                match c {
                    '"' => in_string = true,
                    '{' | '[' => depth += 1,
                    '}' | ']' => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            text.push_str(&line[..offset + c.len_utf8()]);
                            return Some((text, j + 1));
                        }
                    }
                    _ => {}
                }
            }
            // A string never spans lines in pretty-printed JSON.
            in_string = false;
            escaped = false;
            text.push_str(line);
            text.push('\n');
        }
        None
    }
}

/// An example's JSON, and its text as read: as printed, or without the trailing commas
/// that pages often leave (`{"a": 1,}`), which no JSON reader takes.
fn read_example_json(json: String) -> (String, Result<Value, String>) {
    match serde_json::from_str::<Value>(&json) {
        Ok(value) => (json, Ok(value)),
        Err(error) => {
            let repaired = without_trailing_commas(&json);
            match serde_json::from_str::<Value>(&repaired) {
                Ok(value) => (repaired, Ok(value)),
                Err(_) => (json, Err(format!("not valid JSON: {error}"))),
            }
        }
    }
}

/// The text without a `,` that only whitespace separates from a closing bracket,
/// strings left alone.
fn without_trailing_commas(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let mut in_string = false;
    let mut escaped = false;
    let chars: Vec<char> = json.chars().collect();
    for (index, &c) in chars.iter().enumerate() {
        if in_string {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            out.push(c);
            continue;
        }
        if c == '"' {
            in_string = true;
        } else if c == ','
            && chars[index + 1..]
                .iter()
                .find(|next| !next.is_whitespace())
                .is_some_and(|next| matches!(next, '}' | ']'))
        {
            continue;
        }
        out.push(c);
    }
    out
}

fn make_row(header: &Header, cells: Vec<String>, line: usize) -> Row {
    let Header::Params {
        mandatory,
        ty,
        range,
        description,
        ..
    } = *header
    else {
        unreachable!("rows are made for parameter tables only")
    };
    let cell = |index: Option<usize>| {
        index
            .and_then(|index| cells.get(index))
            .cloned()
            .unwrap_or_default()
    };
    Row {
        name: cell(Some(0)),
        mandatory: mandatory.and_then(|index| mandatory_value(cells.get(index)?)),
        ty: cell(ty),
        description: cell(description),
        range: cell(range),
        line,
    }
}

fn heading(line: &str) -> Option<Heading> {
    let lower = line.to_ascii_lowercase();
    let lower = lower.trim_end_matches(['.', ':']);
    let heading = match lower {
        "uri" => Heading::Uri,
        // Older pages: `请求消息` / `响应消息` sections (IAM's oldest: `请求` / `响应`),
        // `请求样例` / `响应样例` examples.
        "请求参数" | "请求消息" | "请求" | "request parameters" => Heading::Request,
        "响应参数" | "响应消息" | "响应" | "response parameters" => Heading::Response,
        "请求示例" | "请求样例" | "example requests" | "example request" | "request example"
        | "request examples" => Heading::RequestExamples,
        "响应示例" | "响应样例" | "example responses" | "example response" | "response example"
        | "response examples" => Heading::ResponseExamples,
        "sdk代码示例" | "sdk sample code" | "example sdk code" | "sdk code examples" => {
            Heading::Sdk
        }
        // `返回值`: older pages' status section, which often only points at the
        // service's shared page.
        "状态码" | "返回值" | "status codes" | "status code" => Heading::StatusCodes,
        "错误码" | "error codes" | "error code" => Heading::ErrorCodes,
        "功能介绍"
        | "function"
        | "调用方法"
        | "calling method"
        | "约束与限制"
        | "constraints"
        | "授权信息"
        | "authorization information"
        | "相关文档"
        | "调试"
        | "debugging"
        | "feedback" => Heading::Other,
        _ => {
            let compact: String = lower.chars().filter(|c| *c != ' ').collect();
            // Older pages: spaced section names (`请求 Header 参数`), `正常`/`异常` above
            // status tables, and sentences that only point at the next table
            // (`路径参数如表1所示。`).
            let section = [
                "路径参数",
                "query参数",
                "请求header参数",
                "请求body参数",
                "正常",
                "异常",
            ]
            .contains(&compact.as_str())
                || (compact.contains("如表") && compact.contains("所示"));
            if section {
                Heading::Other
            } else if let Some(status) = status_heading(line) {
                Heading::Status(status)
            } else if let Some(title) = table_title(line) {
                Heading::Title(title)
            } else if let Some(name) = object_title(line) {
                // Older pages title a table without a number: `volume参数说明`, and in
                // words that name its role, `Reponse Body参数说明`.
                let role = (!is_identifier(&name)).then(|| role_title(&name)).flatten();
                Heading::Title(role.unwrap_or(Title::Named(name)))
            } else {
                return None;
            }
        }
    };
    Some(heading)
}

/// `状态码: 200`, `状态码:200`, `Status code: 200`.
fn status_heading(line: &str) -> Option<String> {
    let lower = line.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("状态码")
        .or_else(|| lower.strip_prefix("status code"))?;
    let rest = rest.trim_start();
    // `状态码为 200 时:`: the status between `为` and `时`.
    if let Some(between) = rest.strip_prefix('为') {
        let (status, after) = between.split_once('时')?;
        let status = status.trim();
        let after = after.trim().trim_end_matches(':');
        return (is_status(status) && after.is_empty()).then(|| status.to_owned());
    }
    let rest = rest.strip_prefix(':')?.trim();
    let status: String = rest.chars().take_while(char::is_ascii_digit).collect();
    (is_status(&status) && rest.len() <= status.len() + 40).then_some(status)
}

fn is_status(cell: &str) -> bool {
    cell.len() == 3
        && cell.bytes().all(|b| b.is_ascii_digit())
        && cell.starts_with(['1', '2', '3', '4', '5'])
}

/// `表5 PlaybookInfoRef`, `Table 2 Request header parameters`.
fn table_title(line: &str) -> Option<Title> {
    let rest = line
        .strip_prefix('表')
        .or_else(|| line.strip_prefix("Table "))?
        .trim_start();
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let text = rest[digits..].trim();
    if text.is_empty() {
        return None;
    }
    let title = if is_identifier(text) {
        Title::Named(text.to_owned())
    } else if let Some(role) = role_title(text) {
        role
    } else if let Some(name) = object_title(text) {
        // After the roles: `Query参数` is the query, `user参数` the `user` object.
        Title::Named(name)
    } else if let Some((name, rest)) = text.split_once(char::is_whitespace)
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !rest.is_ascii()
    {
        // `EventModel 数据结构说明`: an object's name and what the table is.
        Title::Named(name.to_owned())
    } else if text.contains(char::is_whitespace) {
        return None;
    } else {
        Title::Named(text.to_owned())
    };
    Some(title)
}

/// One identifier is an object's name, even when it reads like a role
/// (`QuerySeriesOptionParam`).
fn is_identifier(text: &str) -> bool {
    text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The part of the operation a title's words name (`请求Header参数`, `Response Body`).
fn role_title(text: &str) -> Option<Title> {
    let lower = text.to_ascii_lowercase();
    // Older pages space their Chinese titles (`请求 Body 参数`).
    let compact: String = lower.chars().filter(|c| *c != ' ').collect();
    let title = if compact.contains("路径参数") || lower.contains("path param") {
        Title::Path
    } else if lower.contains("query") || compact == "查询参数" {
        Title::Query
    } else if compact.contains("请求header")
        || compact == "请求消息头"
        || lower.contains("request header")
    {
        Title::RequestHeader
    } else if compact.contains("请求body")
        || compact == "请求参数"
        || lower.contains("request body")
    {
        // `表2 请求参数` under an older page's `请求消息`: the body.
        Title::RequestBody
    } else if compact.contains("响应header") || lower.contains("response header") {
        Title::ResponseHeader
    } else if lower.contains("error") {
        // `Error Reponse Body参数说明`: the failures' body, which the success's is not.
        return None;
    } else if compact.contains("响应body")
        // The IAM reference prints `Reponse Body参数说明`.
        || lower.contains("response body")
        || lower.contains("reponse body")
        || compact.contains("响应参数")
        || lower.contains("response param")
    {
        Title::ResponseBody
    } else {
        return None;
    };
    Some(title)
}

/// The object an older page's table title names by a field (or a dotted field path):
/// `os-stop字段数据结构说明`, `volume参数说明`, `subnet字段说明`, `fixed_ip对象`,
/// `flavor_constraint参数信息`, `role.policy.Statement`.
fn object_title(text: &str) -> Option<String> {
    // Longest first: `字段数据结构说明` before `数据结构说明` before `说明`.
    let name = [
        "数据结构说明（仅列举常用参数）",
        "字段数据结构说明",
        "中的参数说明",
        "字段结构说明",
        "数据结构说明",
        "参数信息",
        "参数说明",
        "字段说明",
        "数据结构",
        "对象",
        "参数",
        "说明",
    ]
    .iter()
    .find_map(|suffix| text.strip_suffix(suffix))?
    .trim();
    let field = |part: &str| {
        part.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-:.".contains(c))
    };
    // `Firewall Group对象`: a name of words, as the type column spells it.
    let words = name.split(' ').all(field);
    (!name.is_empty() && words).then(|| name.to_owned())
}

/// The number of a table title: `3` of `表3 user`, `Table 3 User`.
fn table_number(line: &str) -> Option<String> {
    let rest = line
        .strip_prefix('表')
        .or_else(|| line.strip_prefix("Table "))?
        .trim_start();
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    (!digits.is_empty()).then_some(digits)
}

/// The numbers of the tables a cell points at: `请参见表3。`, `see Table 3`.
pub fn table_references(text: &str) -> Vec<String> {
    let mut numbers = Vec::new();
    for word in ["表", "Table "] {
        for (at, _) in text.match_indices(word) {
            let digits: String = text[at + word.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            if !digits.is_empty() && !numbers.contains(&digits) {
                numbers.push(digits);
            }
        }
    }
    numbers
}

/// A request line: its methods (`PUT/POST` names two), path and query string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestLine {
    /// At least one method, in the order printed.
    pub methods: Vec<String>,
    /// The path template without query string.
    pub path: String,
    /// What follows `?`, if anything.
    pub query: Option<String>,
}

/// `GET /v1/things/{id}` (or a full URL): the method and the path without query.
pub fn request_line(line: &str) -> Option<(String, String)> {
    let request = read_request_line(line)?;
    let method = request.methods.into_iter().next()?;
    Some((method, request.path))
}

/// `GET /v1/things/{id}?x=1`, `PUT/POST https://{endpoint}/v2/x`: every part.
pub fn read_request_line(line: &str) -> Option<RequestLine> {
    let (method, rest) = line.split_once(char::is_whitespace)?;
    let methods: Vec<String> = method.split('/').map(str::to_owned).collect();
    if !methods.iter().all(|method| {
        ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"].contains(&method.as_str())
    }) {
        return None;
    }
    let target = rest.split_whitespace().next()?;
    let path = if let Some(after) = target
        .strip_prefix("https://")
        .or_else(|| target.strip_prefix("http://"))
    {
        format!("/{}", after.split_once('/')?.1)
    } else {
        target.to_owned()
    };
    let target = path.trim_end_matches('|');
    let (path, query) = if let Some((path, names)) = target.split_once("{?") {
        // An RFC 6570 query expansion (`/x/{id}{?delete_flag}`): its names are the query.
        let names = names.trim_end_matches('}');
        (path, Some(names.split(',').collect::<Vec<_>>().join("&")))
    } else {
        match target.split_once('?') {
            Some((path, query)) => (path, Some(query.to_owned())),
            None => (target, None),
        }
    };
    let path = if path.len() > 1 {
        path.trim_end_matches('/')
    } else {
        path
    };
    Some(RequestLine {
        methods,
        path: path.to_owned(),
        query,
    })
}

/// `---|---|`, `|--|--|`: the line under a header row.
fn is_separator(line: &str) -> bool {
    line.contains("--") && line.chars().all(|c| matches!(c, '-' | '|' | ':' | ' '))
}

fn strip_pipes(line: &str) -> String {
    let line = line.trim();
    let line = line.strip_suffix('|').unwrap_or(line).trim();
    let line = line.strip_prefix('|').unwrap_or(line);
    line.trim().to_owned()
}

/// Code blocks copied with their line numbers: `1 2 3 ... 46 |` alone, or before code.
fn strip_line_numbers(line: &str) -> &str {
    let numbers = line
        .char_indices()
        .take_while(|(_, c)| c.is_ascii_digit() || *c == ' ')
        .last()
        .map(|(index, c)| index + c.len_utf8())
        .unwrap_or(0);
    let (head, tail) = line.split_at(numbers);
    if head.trim().is_empty() {
        return line;
    }
    let tail = tail.trim_start();
    if tail.is_empty() {
        ""
    } else if let Some(code) = tail.strip_prefix('|') {
        code.trim_start()
    } else {
        line
    }
}

fn mandatory_value(cell: &str) -> Option<bool> {
    match cell.trim().to_ascii_lowercase().as_str() {
        "是" | "yes" | "true" | "必选" | "y" => Some(true),
        "否" | "no" | "false" | "可选" | "n" => Some(false),
        _ => None,
    }
}

/// A cell that can be a parameter's name: one token (or `[数组元素]`).
fn is_name(line: &str) -> bool {
    if line.starts_with('[') && line.ends_with(']') && line.chars().count() <= 40 {
        return true;
    }
    let mut chars = line.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_' || c == '$' || c == '@')
        && chars.all(|c| c.is_ascii_alphanumeric() || "_-.$@:".contains(c))
        && line.len() <= 128
}

/// A type cell (`String`, `Long`, `X object`, `Array of X objects`, `Map<String,String>`).
fn is_type(line: &str) -> bool {
    !matches!(page_kind(line), Kind::Unknown(_))
}

/// Tables of headers: every name looks like a header (`X-Auth-Token`, `content-type`).
/// A header's value is text, so a row typed as an object or an array is a body field
/// even when its name has a `-` (`os-extend`, `os-volume_upload_image`).
fn header_like(rows: &[Row]) -> bool {
    !rows.is_empty()
        && rows.iter().all(|row| {
            let name = row.name.to_ascii_lowercase();
            let structured = matches!(
                page_kind(&row.ty),
                Kind::FreeObject | Kind::Object(_) | Kind::Array(_) | Kind::Map
            );
            !structured
                && (name.contains('-') && !name.starts_with('[')
                    || ["authorization", "host", "cookie"].contains(&name.as_str()))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const LINES: &str = "文档首页/ 某服务/ API参考\n更新时间:2025-01-01 GMT+08:00\n\n查询东西\n\nURI\n\nGET /v1/{project_id}/things/{thing_id}?verbose=true\n\n表1 路径参数\n\n参数\n\n是否必选\n\n参数类型\n\n描述\n\nproject_id\n\n是\n\nString\n\n项目ID\n\n最小长度:1\n\n最大长度:64\n\nthing_id\n\nString\n\n东西ID\n\n请求参数\n\n响应参数\n\n状态码: 200\n\n表2 响应Body参数\n\n参数\n\n参数类型\n\n描述\n\nstate\n\nString\n\n状态\n\n枚举值:\n\n  • ON\n  • OFF\n\nowner\n\nOwnerInfo object\n\n属主\n\ncode\n\nString\n\n错误码\n\n表3 OwnerInfo\n\n参数\n\n参数类型\n\n描述\n\nid\n\nString\n\nID\n\nname\n\nString\n\n名称\n\n请求示例\n\n响应示例\n\n状态码: 200\n\n成功\n\n{\n  \"state\" : \"ON\"\n}\n\n状态码\n\n状态码\n\n描述\n\n200\n\n成功\n\n错误码\n\n请参见错误码\n";

    #[test]
    fn reads_the_one_cell_per_line_layout() {
        let page = parse(LINES).unwrap();
        assert_eq!(page.uri.method, "GET");
        assert_eq!(page.uri.path, "/v1/{project_id}/things/{thing_id}");
        assert_eq!(page.tables.len(), 3);
        assert_eq!(page.tables[0].role, Role::Path);
        let names: Vec<_> = page.tables[0]
            .rows
            .iter()
            .map(|r| r.name.as_str())
            .collect();
        assert_eq!(names, ["project_id", "thing_id"]);
        assert_eq!(page.tables[0].rows[0].mandatory, Some(true));
        assert_eq!(page.tables[0].rows[1].mandatory, None);
        assert_eq!(
            page.tables[0].rows[0].description,
            "项目ID\n最小长度:1\n最大长度:64"
        );
        assert_eq!(page.tables[1].role, Role::ResponseBody("200".into()));
        assert_eq!(page.tables[1].rows[1].ty, "OwnerInfo object");
        // A description that reads like a heading (`错误码`) stays a description.
        assert_eq!(page.tables[1].rows[2].description, "错误码");
        assert_eq!(
            page.tables[2].role,
            Role::Object {
                group: Group::Response("200".into()),
                title: Some("OwnerInfo".into())
            }
        );
        assert_eq!(page.tables[2].rows.len(), 2);
        assert_eq!(page.statuses, ["200"]);
        assert_eq!(page.examples.len(), 1);
        assert_eq!(page.examples[0].caption, "成功");
        assert_eq!(page.examples[0].group, Group::Response("200".into()));
        assert_eq!(
            page.examples[0].value,
            Ok(serde_json::json!({"state": "ON"}))
        );
        assert!(page.structured_constraints);
    }

    const PIPES: &str = "Update Thing\nFunction\nUpdates a thing.\nURI\nPUT /v1/things/{thing_id}\n|\nParameter |\nMandatory |\nType |\nDescription |\n|---|---|---|---|\n|\nthing_id |\nYes |\nString |\nThing ID. |\nRequest Parameters\nParameter |\nMandatory |\nType |\nDescription |\n---|---|---|---|\nX-Auth-Token |\nYes |\nString |\nUser token. |\nParameter |\nMandatory |\nType |\nDescription |\n---|---|---|---|\nsize |\nNo |\nInteger |\nDefinition: Size. Value range: SMALL, MEDIUM, or LARGE.\nDefault value: N/A. |\nResponse Parameters\nStatus code: 200\nParameter |\nType |\nDescription |\n---|---|---|\nid |\nString |\nID. |\nname |\nString |\nThe maximum length of a name is 5. |\nExample Requests\nResize a thing.\nPUT https://{endpoint}/v1/things/{thing_id}\n{ \"size\" : 2 }\nExample Responses\nStatus code: 200\nOK.\n1 2 3 |\n{ \"id\" : \"a|b\" } |\nStatus Codes\nStatus Code |\nDescription |\n---|---|\n200 |\nOK. |\n404 |\nNot found. |\nError Codes\nSee Error Codes.\nFeedback\nWas this page helpful?";

    #[test]
    fn reads_the_pipe_layout_without_titles() {
        let page = parse(PIPES).unwrap();
        assert_eq!(page.uri.method, "PUT");
        let roles: Vec<_> = page.tables.iter().map(|t| t.role.clone()).collect();
        assert_eq!(
            roles,
            [
                Role::Path,
                Role::RequestHeader,
                Role::RequestBody,
                Role::ResponseBody("200".into())
            ]
        );
        let size = &page.tables[2].rows[0];
        assert_eq!(size.name, "size");
        assert_eq!(size.mandatory, Some(false));
        assert_eq!(
            size.description,
            "Definition: Size. Value range: SMALL, MEDIUM, or LARGE.\nDefault value: N/A."
        );
        // A row named `name` is a row, not the header of another table.
        assert_eq!(page.tables[3].rows.len(), 2);
        assert_eq!(page.statuses, ["200", "404"]);
        assert_eq!(page.examples.len(), 2);
        assert_eq!(page.examples[0].group, Group::Request);
        assert_eq!(page.examples[0].caption, "Resize a thing.");
        assert_eq!(page.examples[1].value, Ok(serde_json::json!({"id": "a|b"})));
        // "maximum length of" is prose, not a labelled constraint.
        assert!(!page.structured_constraints);
    }

    #[test]
    fn garbage_is_not_a_page() {
        assert!(parse("").is_err());
        assert!(parse("\u{0}\u{1}binary\nnoise | | |\n---|---\n").is_err());
        assert!(
            parse("Parameter |\nType |\nDescription |\n---|---|---|\nid |\nString |\nx |\n")
                .is_err()
        );
    }

    #[test]
    fn request_lines() {
        assert_eq!(
            request_line("GET /v1/a/{b}?x=1"),
            Some(("GET".into(), "/v1/a/{b}".into()))
        );
        assert_eq!(
            request_line("POST https://{endpoint}/v1/a/"),
            Some(("POST".into(), "/v1/a".into()))
        );
        // ECS `卸载云服务器磁盘`: a URI template's query expansion.
        let detach = read_request_line(
            "DELETE /v2.1/{project_id}/servers/{server_id}/os-volume_attachments/{volume_id}{?delete_flag}",
        )
        .unwrap();
        assert_eq!(
            detach.path,
            "/v2.1/{project_id}/servers/{server_id}/os-volume_attachments/{volume_id}"
        );
        assert_eq!(detach.query.as_deref(), Some("delete_flag"));
        assert_eq!(
            read_request_line("GET /v1/a{?x,y}")
                .unwrap()
                .query
                .as_deref(),
            Some("x&y")
        );
        assert_eq!(request_line("GETTING /v1"), None);
        assert_eq!(placeholders("/v1/{ a }/x/{b}"), ["a", "b"]);
    }

    #[test]
    fn trailing_commas_are_left_out_of_an_example() {
        let (json, value) =
            read_example_json("{\"a\": [1, 2,],\n \"b\": \"x\\\",}\",\n}".to_owned());
        assert_eq!(value, Ok(serde_json::json!({"a": [1, 2], "b": "x\",}"})));
        assert_eq!(json, "{\"a\": [1, 2],\n \"b\": \"x\\\",}\"\n}");
        let (_, broken) = read_example_json("{a: 1}".to_owned());
        assert!(broken.unwrap_err().starts_with("not valid JSON"));
    }

    #[test]
    fn line_numbers_are_stripped() {
        assert_eq!(strip_line_numbers("1 2 3 4 |"), "");
        assert_eq!(strip_line_numbers("1 2 3 | {\"a\": 1}"), "{\"a\": 1}");
        assert_eq!(strip_line_numbers("{\"a\": 1}"), "{\"a\": 1}");
        assert_eq!(strip_line_numbers("200 OK"), "200 OK");
    }
}
