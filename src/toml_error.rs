//! Turns the TOML parser's messages (for `site.toml` and front matter) into plain-words
//! diagnostics placed at the right line and column of the user's file.
//! It knows nothing about which fields exist; callers pass the names a table may have.

use crate::error::{Diagnostic, did_you_mean, line_col};

/// Where a TOML document sits inside a file: the whole file text and the byte offset of the
/// TOML within it (front matter starts after the opening `+++`).
pub struct TomlSource<'a> {
    /// Path shown to the user.
    pub file: &'a str,
    /// The whole file.
    pub file_text: &'a str,
    /// Byte offset of the TOML document within `file_text`.
    pub offset: usize,
}

impl TomlSource<'_> {
    fn toml(&self) -> &str {
        &self.file_text[self.offset..]
    }

    /// A diagnostic at a byte offset of the TOML document.
    pub fn error_at(&self, toml_offset: usize, message: impl Into<String>) -> Diagnostic {
        let (line, column) = line_col(self.file_text, self.offset + toml_offset);
        Diagnostic::error(self.file, message).at(line, column)
    }

    /// A diagnostic at the line that sets `key` (or the start when it cannot be found).
    pub fn error_at_key(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        self.error_at(key_offset(self.toml(), key).unwrap_or(0), message)
    }

    /// Translates a parse error. `fields` lists the names valid at the top level, for "did you mean".
    pub fn diagnose(&self, err: &toml::de::Error, fields: &[&str]) -> Diagnostic {
        let toml = self.toml();
        let start = err.span().map_or(0, |s| s.start).min(toml.len());
        let key = key_on_line(toml, start);
        let msg = err.message();
        if let Some(fixed) = self.habit(toml, start, msg) {
            return fixed;
        }
        let (message, help) = explain(msg, key.as_deref(), fields);
        let mut diagnostic = self.error_at(start, message);
        if msg == "duplicate key"
            && let Some(key) = &key
            && let Some(first) = key_offset(toml, key).filter(|&first| first < start)
        {
            let (line, _) = line_col(self.file_text, self.offset + first);
            diagnostic.message = format!("'{key}' is set twice (first on line {line})");
        }
        if msg == "duplicate key"
            && let Some(table) = table_on_line(toml, start)
        {
            let first = key_offset(toml, &table).filter(|&first| first < start);
            let line = first.map(|first| line_col(self.file_text, self.offset + first).0);
            diagnostic.message = match line {
                Some(line) => format!("the table [{table}] appears twice (first on line {line})"),
                None => format!("the table [{table}] appears twice"),
            };
            return diagnostic
                .help(format!("move the lines under this [{table}] to the first one, and remove this heading"));
        }
        match help {
            Some(help) => diagnostic.help(help),
            None => diagnostic,
        }
    }

    /// A value typed by habit on the line holding `start` (curly quotes, a day/month/year date,
    /// a price with its sign), said with the line to write instead; `None` for other mistakes.
    fn habit(&self, toml: &str, start: usize, msg: &str) -> Option<Diagnostic> {
        let about_names = ["unknown field", "unknown variant", "missing field", "duplicate key"];
        if about_names.iter().any(|prefix| msg.starts_with(prefix)) || msg.starts_with(crate::context::REFUSED_LINK) {
            return None;
        }
        let line_start = toml[..floor(toml, start)].rfind('\n').map_or(0, |i| i + 1);
        let line = toml[line_start..].lines().next().unwrap_or("");
        let expected = msg.split_once(", expected ").map_or("", |(_, expected)| expected);
        let around = crate::value_fixes::Around {
            wants_number: msg.starts_with("invalid type")
                && matches!(plain_type(expected).as_str(), "a number" | "a whole number"),
            has_currency: toml.lines().any(|line| line.trim_start().starts_with("currency")),
        };
        let fix = crate::value_fixes::for_line(line, around)?;
        let at = fix.at.map_or(start, |at| line_start + at);
        Some(self.error_at(at, fix.message).help(fix.help))
    }
}

/// `offset`, moved back to the start of the character it falls in.
fn floor(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The name of the `[table]` heading on the line holding `offset`, if that line is one.
fn table_on_line(toml: &str, offset: usize) -> Option<String> {
    let mut offset = offset.min(toml.len());
    while !toml.is_char_boundary(offset) {
        offset -= 1;
    }
    let start = toml[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = toml[start..].lines().next().unwrap_or("").trim();
    let name = line.strip_prefix('[')?.split(']').next()?.trim_matches(['[', ' ']);
    (!line.starts_with("[[") && !name.is_empty()).then(|| name.to_string())
}

fn explain(msg: &str, key: Option<&str>, fields: &[&str]) -> (String, Option<String>) {
    let field = key.unwrap_or("this value");
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        let name = rest.split('`').next().unwrap_or_default();
        let known = expected_names(rest);
        let known: Vec<&str> = if known.is_empty() { fields.to_vec() } else { known };
        return match did_you_mean(name, known.iter().copied()) {
            Some(suggestion) => (
                format!("unknown field '{name}' (did you mean '{suggestion}'?)"),
                Some(format!("rename it to '{suggestion}', or remove the line")),
            ),
            None => {
                (format!("unknown field '{name}'"), Some(format!("the fields allowed here are: {}", known.join(", "))))
            }
        };
    }
    if let Some(rest) = msg.strip_prefix("unknown variant `") {
        let value = rest.split('`').next().unwrap_or_default();
        let allowed = expected_names(rest);
        return (
            format!("'{value}' is not a valid value for '{field}'"),
            Some(format!("use one of: {}", allowed.join(", "))),
        );
    }
    if let Some(rest) = msg.strip_prefix(crate::context::REFUSED_LINK) {
        let (value, reason) = rest.split_once("`: ").unwrap_or((rest, ""));
        let value = value.trim_start_matches('`');
        return (
            format!("{field} '{value}' cannot be published as a link: {reason}"),
            Some(crate::context::LINK_HELP.to_string()),
        );
    }
    if let Some(rest) = msg.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or_default();
        return (format!("'{name}' is missing"), Some(format!("add a line: {name} = \"...\"")));
    }
    if msg == "duplicate key" {
        return (format!("'{field}' is set twice"), Some("keep one of the two lines".to_string()));
    }
    if msg.contains("recursion") {
        // the parser stops at a fixed depth instead of running out of stack
        return (
            "lists or tables are nested too deeply here".to_string(),
            Some("front matter needs only a few levels: check for a run of [ or { that never closes".to_string()),
        );
    }
    if msg == crate::date::TIME_WITHOUT_DAY {
        return (
            format!("'{field}' has a time but no day"),
            Some(format!("write the date, for example: {field} = 2024-05-18")),
        );
    }
    if msg.starts_with("invalid date")
        || msg.starts_with("invalid time")
        || msg.contains("expected a TOML datetime")
        || msg.contains("expected a date")
    {
        return (
            format!("'{field}' is not a valid date"),
            Some(format!("write dates as year-month-day without quotes, for example: {field} = 2024-05-18")),
        );
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "another type"));
        return (
            format!("'{field}' should be {}, but it is {}", plain_type(expected), plain_found(found)),
            Some(example_for(field, expected)),
        );
    }
    if let Some(rest) = msg.strip_prefix("invalid value: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, "another value"));
        return (
            format!("{} is not allowed for '{field}'", plain_found(found)),
            Some(format!("'{field}' should be {}", plain_type(expected))),
        );
    }
    if msg.starts_with("invalid basic string") || msg.starts_with("invalid literal string") {
        return (
            "this text has an opening quote but no closing quote".to_string(),
            Some(format!("end the text with a quote on the same line, for example: {field} = \"Inbox management\"")),
        );
    }
    if msg.starts_with("key with no value") {
        return (
            "this line has a name but no value".to_string(),
            Some("write it as name = \"value\", or remove the line".to_string()),
        );
    }
    (
        format!("this is not valid TOML: {msg}"),
        Some("each line should look like: key = \"value\" (text in quotes, numbers and dates without)".to_string()),
    )
}

/// The back-quoted names after "expected" in a serde message.
fn expected_names(rest: &str) -> Vec<&str> {
    let Some((_, list)) = rest.split_once("expected") else {
        return Vec::new();
    };
    list.split('`').skip(1).step_by(2).collect()
}

fn plain_type(expected: &str) -> String {
    let e = expected.trim();
    let plain = if e.contains("string") || e.contains("char") {
        "text in quotes"
    } else if e.contains("sequence") || e.contains("array") {
        "a list in square brackets"
    } else if e.contains("bool") {
        "true or false"
    } else if e.starts_with('u') || e.starts_with('i') || e.contains("integer") {
        "a whole number"
    } else if e.starts_with('f') || e.contains("float") {
        "a number"
    } else if e.contains("map") || e.contains("struct") || e.contains("table") {
        "a table"
    } else if e.contains("datetime") || e.contains("date") {
        "a date like 2024-05-18"
    } else {
        return e.to_string();
    };
    plain.to_string()
}

fn plain_found(found: &str) -> String {
    let f = found.trim();
    let value = f.split_once(' ').map(|(_, v)| v.trim_matches('`')).unwrap_or("");
    if f.starts_with("integer") || f.starts_with("floating") {
        format!("the number {value}")
    } else if f.starts_with("string") {
        format!("the text {value}")
    } else if f.starts_with("boolean") {
        format!("the value {value}")
    } else if f.starts_with("sequence") {
        "a list".to_string()
    } else if f.starts_with("map") {
        "a table".to_string()
    } else {
        f.to_string()
    }
}

fn example_for(field: &str, expected: &str) -> String {
    let e = plain_type(expected);
    match e.as_str() {
        "text in quotes" => format!("put the value in quotes, for example: {field} = \"…\""),
        "a list in square brackets" => format!("write a list, for example: {field} = [\"first\", \"second\"]"),
        "true or false" => format!("write {field} = true or {field} = false"),
        "a whole number" => format!("write a number without quotes, for example: {field} = 3"),
        _ => format!("'{field}' should be {e}"),
    }
}

/// The key set on the line holding `offset` (`key = …`), if any.
fn key_on_line(toml: &str, offset: usize) -> Option<String> {
    let mut offset = offset.min(toml.len());
    while !toml.is_char_boundary(offset) {
        offset -= 1;
    }
    let start = toml[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line = toml[start..].lines().next().unwrap_or("");
    let (key, _) = line.split_once('=')?;
    let key = key.trim().trim_matches('"').trim_matches('\'');
    let key = key.rsplit('.').next().unwrap_or(key);
    (!key.is_empty() && !key.contains(' ')).then(|| key.to_string())
}

/// Byte offset of the first line that sets `key` (`key = …`, `[key]` or `[[key]]`).
pub fn key_offset(toml: &str, key: &str) -> Option<usize> {
    let mut pos = 0;
    for line in toml.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let bare = trimmed.trim_start_matches('[').trim_start_matches('"');
        if let Some(rest) = bare.strip_prefix(key) {
            let rest = rest.trim_start_matches('"').trim_start();
            if rest.starts_with('=') || rest.starts_with(']') || rest.starts_with('.') {
                return Some(pos + indent);
            }
        }
        pos += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diagnose<T: serde::de::DeserializeOwned + std::fmt::Debug>(toml: &str) -> String {
        let err = toml::from_str::<T>(toml).expect_err("should fail");
        let source = TomlSource { file: "a.md", file_text: toml, offset: 0 };
        source.diagnose(&err, &["title", "tags"]).to_string()
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Small {
        title: Option<String>,
        tags: Option<Vec<String>>,
    }

    #[test]
    fn unknown_field_suggests_the_closest() {
        assert_eq!(
            diagnose::<Small>("titel = 'x'"),
            "a.md:1:1: error: unknown field 'titel' (did you mean 'title'?)\n  rename it to 'title', or remove the line"
        );
    }

    #[test]
    fn wrong_type_names_the_expected_type() {
        assert_eq!(
            diagnose::<Small>("tags = \"a\""),
            "a.md:1:8: error: 'tags' should be a list in square brackets, but it is the text \"a\"\n  write a list, for example: tags = [\"first\", \"second\"]"
        );
    }

    #[test]
    fn duplicate_names_both_lines() {
        assert!(
            diagnose::<Small>("title = 'a'\ntitle = 'b'")
                .starts_with("a.md:2:1: error: 'title' is set twice (first on line 1)")
        );
    }
}
