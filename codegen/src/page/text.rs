//! What a description cell says about constraints: lengths, ranges, array sizes, the
//! default and the enumerated values, as the pages write them (`最小长度:1`,
//! `枚举值:` bullets, `RUNNING--运行中、FINISHED--成功`, `Value range: A, B, or C.`).
//! Only what is written in one of these forms is read; prose is left alone.

/// The constraints of one parameter or field. Numbers are kept as written.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Facts {
    /// `最小长度` / `Minimum length`.
    pub min_length: Option<String>,
    /// `最大长度` / `Maximum length`.
    pub max_length: Option<String>,
    /// `最小值` / `Minimum value`.
    pub minimum: Option<String>,
    /// `最大值` / `Maximum value`.
    pub maximum: Option<String>,
    /// `数组长度: 0 - 200`, lower bound.
    pub min_items: Option<String>,
    /// `数组长度: 0 - 200`, upper bound.
    pub max_items: Option<String>,
    /// `缺省值` / `Default value`.
    pub default: Option<String>,
    /// The enumerated values, when the description lists them.
    pub enum_values: Option<Vec<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    MinLength,
    MaxLength,
    Minimum,
    Maximum,
    Items,
    Default,
    Enum,
    Range,
    Definition,
    Stop,
}

const MARKERS: &[(&str, Marker)] = &[
    ("最小长度", Marker::MinLength),
    ("最大长度", Marker::MaxLength),
    ("最小值", Marker::Minimum),
    ("最大值", Marker::Maximum),
    ("数组长度", Marker::Items),
    ("缺省值", Marker::Default),
    ("默认值", Marker::Default),
    ("枚举值", Marker::Enum),
    ("minimum length", Marker::MinLength),
    ("maximum length", Marker::MaxLength),
    ("minimum value", Marker::Minimum),
    ("maximum value", Marker::Maximum),
    ("array length", Marker::Items),
    ("default value", Marker::Default),
    ("enumeration values", Marker::Enum),
    ("enumerated values", Marker::Enum),
    ("enumeration value", Marker::Enum),
    ("value range", Marker::Range),
    ("constraints", Marker::Stop),
    ("definition", Marker::Definition),
];

const BULLETS: &[char] = &['•', '·', '●', '○', '▪', '◦'];

/// Read the constraints a description states.
pub fn facts(description: &str) -> Facts {
    let lower = description.to_ascii_lowercase();
    let found = labels(&lower);
    let mut facts = Facts::default();
    for (index, (_, value_start, marker)) in found.iter().enumerate() {
        let end = found
            .get(index + 1)
            .map(|(start, _, _)| *start)
            .unwrap_or(description.len());
        let segment = description[*value_start..end.max(*value_start)].trim();
        match marker {
            Marker::MinLength => facts.min_length = leading_number(segment),
            Marker::MaxLength => facts.max_length = leading_number(segment),
            Marker::Minimum => facts.minimum = leading_number(segment),
            Marker::Maximum => facts.maximum = leading_number(segment),
            Marker::Items => {
                if let Some((low, high)) = number_range(segment) {
                    facts.min_items = Some(low);
                    facts.max_items = Some(high);
                }
            }
            Marker::Default => facts.default = default_value(segment),
            Marker::Enum => {
                let values = bullet_values(segment);
                if !values.is_empty() {
                    facts.enum_values = Some(values);
                }
            }
            Marker::Range => {
                if facts.enum_values.is_none() {
                    facts.enum_values = value_list(segment);
                }
            }
            Marker::Definition | Marker::Stop => {}
        }
    }
    if facts.enum_values.is_none() {
        let dashed = dashed_values(description);
        if dashed.len() >= 2 {
            facts.enum_values = Some(dashed);
        }
    }
    if facts.enum_values.is_none()
        && let Some(start) = lower.find("the value can be ")
    {
        let rest = &description[start..];
        let sentence = rest.split(". ").next().unwrap_or(rest);
        facts.enum_values = value_list(sentence);
    }
    facts
}

/// The prose of a description cell: the `Definition:` segment when the page labels it,
/// else the text before the first constraint label, on one line (the whole cell when
/// that leaves nothing).
pub fn prose(description: &str) -> String {
    let found = labels(&description.to_ascii_lowercase());
    let text = match found
        .iter()
        .position(|(_, _, marker)| *marker == Marker::Definition)
    {
        Some(index) => {
            let end = found
                .get(index + 1)
                .map_or(description.len(), |next| next.0);
            &description[found[index].1..end.max(found[index].1)]
        }
        None => &description[..found.first().map_or(description.len(), |first| first.0)],
    };
    let one_line = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line(text) {
        text if text.is_empty() => one_line(description),
        text => text,
    }
}

/// Every marker followed by a colon, as (label start, value start, marker), by
/// position; the longest wins at one position.
fn labels(lower: &str) -> Vec<(usize, usize, Marker)> {
    let mut found: Vec<(usize, usize, Marker)> = Vec::new();
    for (word, marker) in MARKERS {
        let mut from = 0;
        while let Some(offset) = lower[from..].find(word) {
            let start = from + offset;
            let end = start + word.len();
            from = end;
            let after = lower[end..].trim_start_matches([' ', '\t']);
            if !after.starts_with(':') {
                continue;
            }
            let value_start = lower.len() - after.len() + 1;
            match found.iter_mut().find(|(s, _, _)| *s == start) {
                Some(existing) if existing.1 >= value_start => {}
                Some(existing) => *existing = (start, value_start, *marker),
                None => found.push((start, value_start, *marker)),
            }
        }
    }
    found.sort_by_key(|(start, _, _)| *start);
    found
}

fn leading_number(segment: &str) -> Option<String> {
    let mut chars = segment.char_indices().peekable();
    let mut end = 0;
    if let Some((_, '-')) = chars.peek() {
        chars.next();
    }
    let mut digits = 0;
    let mut dot = false;
    for (index, c) in chars {
        if c.is_ascii_digit() {
            digits += 1;
            end = index + 1;
        } else if c == '.' && !dot && digits > 0 {
            dot = true;
        } else {
            break;
        }
    }
    (digits > 0).then(|| segment[..end].to_owned())
}

/// `0 - 200`, `1~10`.
fn number_range(segment: &str) -> Option<(String, String)> {
    let low = leading_number(segment)?;
    let rest = segment[low.len()..].trim_start();
    let rest = rest
        .strip_prefix('-')
        .or_else(|| rest.strip_prefix('~'))
        .or_else(|| rest.strip_prefix("to "))?
        .trim_start();
    Some((low, leading_number(rest)?))
}

fn default_value(segment: &str) -> Option<String> {
    let token = segment.split_whitespace().next()?;
    let token = token.trim_end_matches(['.', '。', ',', ',', ';']);
    match token.to_ascii_lowercase().as_str() {
        "" | "n/a" | "na" | "none" | "无" | "-" | "--" => None,
        _ => Some(token.to_owned()),
    }
}

/// `枚举值:` followed by bullet lines (or, in a one-line cell, bullets or words).
fn bullet_values(segment: &str) -> Vec<String> {
    let mut values = Vec::new();
    let mut lines = segment.lines();
    let first = lines.next().unwrap_or_default().trim();
    if first.contains(BULLETS) {
        values.extend(
            first
                .split(BULLETS)
                .map(str::trim)
                .filter(|value| !value.is_empty())
                .map(str::to_owned),
        );
    } else if !first.is_empty() {
        let words: Vec<&str> = first
            .split([',', '、', ',', ' '])
            .map(str::trim)
            .filter(|word| !word.is_empty())
            .collect();
        if words.iter().all(|word| is_value_like(word)) {
            values.extend(words.into_iter().map(str::to_owned));
        }
    }
    for line in lines {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let stripped = line
            .strip_prefix(BULLETS)
            .or_else(|| line.strip_prefix("- "))
            .or_else(|| line.strip_prefix("* "));
        match stripped {
            Some(value) if !value.trim().is_empty() => values.push(value.trim().to_owned()),
            _ => break,
        }
    }
    values
}

/// `READY, PROCESSING, or FINISHED.`, `zh-cn and en-us`, after `Value range:` or as
/// `The value can be ...`. Nothing unless every item looks like a value.
fn value_list(segment: &str) -> Option<Vec<String>> {
    let mut text = segment.trim();
    for prefix in [
        "the value can be ",
        "the options are ",
        "options: ",
        "the value is ",
    ] {
        if text.to_ascii_lowercase().starts_with(prefix) {
            text = &text[prefix.len()..];
        }
    }
    let text = text
        .lines()
        .next()
        .unwrap_or_default()
        .trim()
        .trim_end_matches(['.', '。']);
    let mut values = Vec::new();
    for part in text.split([',', ',', '、']) {
        let part = part.trim();
        let part = part
            .strip_prefix("or ")
            .or_else(|| part.strip_prefix("and "))
            .unwrap_or(part);
        for item in part.split(" or ").flat_map(|item| item.split(" and ")) {
            let item = item.trim();
            if item.is_empty() {
                continue;
            }
            let words: Vec<&str> = item.split_whitespace().collect();
            if words.len() > 2 || !words.iter().all(|word| is_value_like(word)) {
                return None;
            }
            values.push(item.to_owned());
        }
    }
    (values.len() >= 2).then_some(values)
}

fn is_value_like(word: &str) -> bool {
    const PROSE: &[&str] = &[
        "the",
        "a",
        "an",
        "is",
        "are",
        "to",
        "be",
        "of",
        "value",
        "values",
        "length",
        "characters",
        "character",
        "from",
        "between",
        "n/a",
        "can",
        "indicates",
        "only",
    ];
    !word.is_empty()
        && !PROSE.contains(&word.to_ascii_lowercase().as_str())
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-.:/".contains(c))
}

/// `RUNNING--运行中、FINISHED--成功`: the words right before `--`.
fn dashed_values(text: &str) -> Vec<String> {
    let mut values: Vec<String> = Vec::new();
    let mut from = 0;
    while let Some(offset) = text[from..].find("--") {
        let at = from + offset;
        from = at + 2;
        if text[from..].starts_with('-') {
            from += text[from..].len() - text[from..].trim_start_matches('-').len();
            continue;
        }
        let before = &text[..at];
        let start = before
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_ascii_alphanumeric() || *c == '_')
            .last()
            .map(|(index, _)| index)
            .unwrap_or(at);
        let value = &text[start..at];
        if !value.is_empty() && !values.iter().any(|known| known == value) {
            values.push(value.to_owned());
        }
    }
    values
}

/// A length that a sentence of prose states for something it names, which may be the
/// field itself, its array or map, or a field of the object it holds: `The length of
/// the key is 10.`, `The maximum length of the map is 5.`, `key的最大长度为10`,
/// `名称长度为1~255个字符`, `The length is 1 to 64 characters.` Read apart from
/// [`facts`], because what the subject names is the caller's to settle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatedLength {
    /// What the sentence names, lower case (`key`, `map`, `名称`); empty when it names
    /// nothing (`The length is ...`).
    pub subject: String,
    /// The lower bound, when a range is given (`1~255`, `1 to 64`).
    pub min: Option<String>,
    /// The upper bound, as written. Huawei pages write "the length of X is N" for "at
    /// most N" (the official SDKs validate none of these).
    pub max: String,
}

/// The lengths a description states in prose sentences, in the order written.
pub fn stated_lengths(description: &str) -> Vec<StatedLength> {
    let lower = description.to_lowercase();
    let mut stated = Vec::new();
    for (at, _) in lower.match_indices("length ") {
        let rest = &lower[at + "length ".len()..];
        let (subject, after) = match rest.strip_prefix("of ") {
            Some(rest) => {
                let rest = ["the ", "a ", "an ", "each "]
                    .iter()
                    .find_map(|article| rest.strip_prefix(article))
                    .unwrap_or(rest);
                let Some((subject, after)) = rest.split_once(" is ") else {
                    continue;
                };
                (subject, after)
            }
            None => match rest.strip_prefix("is ") {
                Some(after) => ("", after),
                None => continue,
            },
        };
        let after = after.strip_prefix("at most ").unwrap_or(after);
        stated.extend(stated_length(subject, after));
    }
    for (at, _) in lower.match_indices("长度") {
        let before = &lower[..at];
        // `名称的最大长度为`, `名称的长度为`; a bare `最大长度为` names no subject.
        let before = before
            .strip_suffix("的最大")
            .or_else(|| before.strip_suffix('的'))
            .or_else(|| before.strip_suffix("最大"))
            .unwrap_or(before);
        let after = &lower[at + "长度".len()..];
        let Some(after) = ["为", "是", "不超过"]
            .iter()
            .find_map(|word| after.strip_prefix(word))
        else {
            continue;
        };
        let subject: Vec<char> = before
            .chars()
            .rev()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let subject: String = subject.into_iter().rev().collect();
        stated.extend(stated_length(&subject, after.trim_start()));
    }
    stated
}

/// A subject of at most three words and the number, or range, that follows.
fn stated_length(subject: &str, after: &str) -> Option<StatedLength> {
    let subject = subject.trim();
    if subject.split_whitespace().count() > 3 {
        return None;
    }
    let whole = |number: &String| !number.contains('.');
    let (min, max) = match number_range(after) {
        Some((low, high)) => (Some(low).filter(whole), high),
        None => (None, leading_number(after)?),
    };
    whole(&max).then(|| StatedLength {
        subject: subject.to_owned(),
        min,
        max,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(list: &[&str]) -> Option<Vec<String>> {
        Some(list.iter().map(|value| (*value).to_owned()).collect())
    }

    #[test]
    fn chinese_markers_on_separate_lines() {
        let read = facts("脚本入参的名称\n最小长度:1\n最大长度:64");
        assert_eq!(read.min_length.as_deref(), Some("1"));
        assert_eq!(read.max_length.as_deref(), Some("64"));
        assert_eq!(read.enum_values, None);
    }

    #[test]
    fn chinese_markers_on_one_line() {
        let read = facts("审批人列表 最小长度:1 最大长度:128 数组长度:0 - 200");
        assert_eq!(read.min_length.as_deref(), Some("1"));
        assert_eq!(read.max_length.as_deref(), Some("128"));
        assert_eq!(read.min_items.as_deref(), Some("0"));
        assert_eq!(read.max_items.as_deref(), Some("200"));
        let read = facts("流程实例创建时间 最小值:0 最大值:9999999999999");
        assert_eq!(read.minimum.as_deref(), Some("0"));
        assert_eq!(read.maximum.as_deref(), Some("9999999999999"));
        let read = facts("所属的企业项目id。 缺省值:0 最小长度:1 最大长度:64");
        assert_eq!(read.default.as_deref(), Some("0"));
        let read = facts("成功率 最小值:-1.5 最大值:99.5");
        assert_eq!(read.minimum.as_deref(), Some("-1.5"));
        assert_eq!(read.maximum.as_deref(), Some("99.5"));
    }

    #[test]
    fn enum_bullets() {
        let read = facts("执行状态\n枚举值:\n• READY\n• PROCESSING\n• ROLLBACKED");
        assert_eq!(
            read.enum_values,
            values(&["READY", "PROCESSING", "ROLLBACKED"])
        );
        let read = facts("状态 枚举值: • A • B");
        assert_eq!(read.enum_values, values(&["A", "B"]));
    }

    #[test]
    fn dashed_enums() {
        let read = facts("剧本实例状态. (RUNNING--运行中、FINISHED--成功、FAILED--失败)");
        assert_eq!(read.enum_values, values(&["RUNNING", "FINISHED", "FAILED"]));
        // One value is not a list: the garbled operation text says nothing usable.
        let read = facts("Operation type Retry Retry termination -- TERMINATE");
        assert_eq!(read.enum_values, None);
    }

    #[test]
    fn prose_is_the_text_before_the_labels() {
        assert_eq!(
            prose("脚本入参的名称\n最小长度:1\n最大长度:64"),
            "脚本入参的名称"
        );
        assert_eq!(
            prose("Definition: Batch index. Constraints: N/A. Value range: N/A."),
            "Batch index."
        );
        assert_eq!(prose("最小长度:1"), "最小长度:1");
    }

    #[test]
    fn english_value_ranges() {
        let read = facts(
            "Definition: Instance execution status. Constraints: The value can be READY, PROCESSING, and FINISHED. Value range: READY, PROCESSING, or FINISHED. Default value: N/A.",
        );
        assert_eq!(
            read.enum_values,
            values(&["READY", "PROCESSING", "FINISHED"])
        );
        assert_eq!(read.default, None);
        let read = facts(
            "Definition: Internationalization tag. Value range: zh-cn and en-us Default value: N/A.",
        );
        assert_eq!(read.enum_values, values(&["zh-cn", "en-us"]));
        let read = facts(
            "Definition: Instance execution status. Value range: The value can be READY, FINISHED, or ROLLED BACK.",
        );
        assert_eq!(
            read.enum_values,
            values(&["READY", "FINISHED", "ROLLED BACK"])
        );
        let read = facts(
            "Definition: Batch index. Constraints: N/A. Value range: N/A. Default value: N/A.",
        );
        assert_eq!(read, Facts::default());
        let read = facts("Value range: The length is 1 to 64 characters.");
        assert_eq!(read.enum_values, None);
        let read = facts("Minimum length: 2 Maximum length: 8 Default value: abc.");
        assert_eq!(read.min_length.as_deref(), Some("2"));
        assert_eq!(read.max_length.as_deref(), Some("8"));
        assert_eq!(read.default.as_deref(), Some("abc"));
    }

    #[test]
    fn lengths_stated_in_prose() {
        let read = stated_lengths(
            "Definition: Custom attributes. Constraints: The length of the key is 10. The length of the value is 20. The maximum length of the map is 5. Value range: N/A.",
        );
        let pairs: Vec<_> = read
            .iter()
            .map(|stated| (stated.subject.as_str(), stated.max.as_str()))
            .collect();
        assert_eq!(pairs, [("key", "10"), ("value", "20"), ("map", "5")]);
        let read = stated_lengths("自定义属性。key的最大长度为10，value的长度为20。");
        let pairs: Vec<_> = read
            .iter()
            .map(|stated| (stated.subject.as_str(), stated.max.as_str()))
            .collect();
        assert_eq!(pairs, [("key", "10"), ("value", "20")]);
        // Ranges, with or without a subject.
        let read = stated_lengths("取值范围 名称长度为1~255个字符 时间序列名称。");
        assert_eq!(
            read,
            [StatedLength {
                subject: "名称".into(),
                min: Some("1".into()),
                max: "255".into()
            }]
        );
        let read = stated_lengths("Value range: The length is 1 to 64 characters.");
        assert_eq!(read[0].subject, "");
        assert_eq!(
            (read[0].min.as_deref(), read[0].max.as_str()),
            (Some("1"), "64")
        );
        // A length that is not a number, or a clause too long to be a name, is not one.
        assert!(stated_lengths("The length of the key is variable.").is_empty());
        assert!(
            stated_lengths("The length of time it takes for the job to end is 5 s.").is_empty()
        );
        assert!(stated_lengths("Maximum length: 8").is_empty());
        assert!(stated_lengths("最大长度:64 数组长度:0 - 200").is_empty());
    }
}
