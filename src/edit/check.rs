//! The build's checks on a file the editor is about to save: the text goes through the very
//! parser and checks `shingle build` uses (`content::parse_document`), and each problem is put
//! beside the field it is about, found from its place in the front matter. References to other
//! content are checked against the files that exist, as the build does.

use std::path::Path;

use serde::Serialize;
use serde_json::Value;
use toml_edit::{Document, Item};

use super::form::FieldSpec;
use crate::content::{self, Kind, LoadOptions};
use crate::error::Diagnostic;

/// A problem with a file being edited, for the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The field it is about, as a path into the form's values: `title`, `pricing.from`,
    /// `packages.1.price`; `None` for the file as a whole.
    pub field: Option<String>,
    /// Whether it stops the save (an error of the build); otherwise a warning.
    pub error: bool,
    /// What is wrong, as the build says it.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
    /// The line of the file, for the text view.
    pub line: usize,
}

/// The names other files may use for each kind of content they refer to.
pub type Known = Vec<(Kind, Vec<String>)>;

/// The problems `shingle build` would find in `text` as the content file `rel` of the site at
/// `root`, plus references to content that does not exist, each at its field of `fields`.
pub fn check(root: &Path, rel: &str, text: &str, fields: &[FieldSpec], known: &Known) -> Vec<Problem> {
    let path = root.join("content").join(rel);
    let (document, diagnostics) =
        content::parse_document(root, &path, text.as_bytes().to_vec(), LoadOptions { empty_is_warning: false });
    let front = document.as_ref().map(|d| d.source.front.clone()).or_else(|| front_range(text));
    let mut problems: Vec<Problem> = diagnostics.iter().map(|d| problem(d, text, front.clone(), fields)).collect();
    if let Some(document) = &document {
        for (field, slug, kind) in references(document) {
            let names = known.iter().find(|(k, _)| *k == kind).map(|(_, names)| names.as_slice()).unwrap_or_default();
            if !names.contains(&slug) {
                let folder = kind.place().trim_end_matches("<name>.md");
                let help = match crate::error::did_you_mean(&slug, names.iter().map(String::as_str)) {
                    Some(close) => format!("did you mean '{close}'?"),
                    None => "choose one that exists".to_string(),
                };
                problems.push(Problem {
                    field: Some(field.to_string()),
                    error: true,
                    message: format!("'{slug}' does not exist: there is no {folder}{slug}.md"),
                    help: Some(help),
                    line: 0,
                });
            }
        }
    }
    problems
}

/// The references a document makes: its field, the name it uses and the kind it names.
fn references(document: &content::Document) -> Vec<(&'static str, String, Kind)> {
    let front = &document.front;
    let mut found = Vec::new();
    if matches!(document.kind, Kind::Testimonial | Kind::CaseStudy) {
        for slug in front.services() {
            found.push(("services", slug.clone(), Kind::Service));
        }
    }
    if let Some(slug) = front.testimonial().and_then(|t| t.case_study.clone()) {
        found.push(("case_study", slug, Kind::CaseStudy));
    }
    if let Some(slug) = front.case_study().and_then(|c| c.testimonial.clone()) {
        found.push(("testimonial", slug, Kind::Testimonial));
    }
    found
}

/// Where the front matter is in `text`, when the file could not be read as a document.
fn front_range(text: &str) -> Option<std::ops::Range<usize>> {
    let source = crate::content::source::split("", text.to_string()).ok()?;
    source.has_front_matter().then_some(source.front)
}

/// A diagnostic of the build, placed at its field.
fn problem(d: &Diagnostic, text: &str, front: Option<std::ops::Range<usize>>, fields: &[FieldSpec]) -> Problem {
    let mut field = None;
    if let Some(front) = front
        && d.line > 0
        && !(d.line == 1 && d.column == 1)
    {
        let offset = offset_of(text, d.line, d.column);
        if front.contains(&offset) || offset == front.end {
            field = field_at(&text[front.clone()], offset - front.start);
        }
    }
    if field.is_none() {
        field = named_in_help(d, fields);
    }
    Problem { field, error: d.is_error(), message: d.message.clone(), help: d.help.clone(), line: d.line }
}

/// The field at `line` and `column` of a whole TOML file (`site.toml`).
pub(crate) fn field_in(toml: &str, line: usize, column: usize) -> Option<String> {
    field_at(toml, offset_of(toml, line, column))
}

/// The byte offset of a line and column (in characters) of `text`.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let rest = &text[start.min(text.len())..];
    start + rest.char_indices().nth(column.saturating_sub(1)).map_or(rest.len(), |(i, _)| i)
}

/// The field whose line holds `offset` of the front matter `toml`: its path into the form's
/// values. Found with the TOML's own structure when it parses, else from the line itself.
fn field_at(toml: &str, offset: usize) -> Option<String> {
    match Document::parse(toml) {
        Ok(document) => {
            let line_start = toml[..offset.min(toml.len())].rfind('\n').map_or(0, |i| i + 1);
            let line_end = toml[offset.min(toml.len())..].find('\n').map_or(toml.len(), |i| offset + i);
            let mut path = Vec::new();
            let mut best = None;
            walk(document.as_table(), &mut path, &mut best, line_start..line_end);
            best
        }
        Err(_) => field_on_line(toml, offset),
    }
}

/// Finds the deepest key whose key or value touches `line`.
fn walk(
    table: &dyn toml_edit::TableLike,
    path: &mut Vec<String>,
    best: &mut Option<String>,
    line: std::ops::Range<usize>,
) {
    for (name, item) in table.iter() {
        path.push(name.to_string());
        let key_span = table.key(name).and_then(toml_edit::Key::span);
        let touches = |span: Option<std::ops::Range<usize>>| {
            span.is_some_and(|s| s.start < line.end.max(line.start + 1) && s.end > line.start)
        };
        let item_span = item.span();
        if touches(key_span) || (item.is_value() && touches(item_span)) {
            *best = Some(path.join("."));
        }
        match item {
            Item::Table(inner) => walk(inner, path, best, line.clone()),
            Item::Value(toml_edit::Value::InlineTable(inner)) => walk(inner, path, best, line.clone()),
            Item::ArrayOfTables(list) => {
                for (i, inner) in list.iter().enumerate() {
                    path.push(i.to_string());
                    if touches(inner.span()) {
                        *best = Some(path.join("."));
                    }
                    walk(inner, path, best, line.clone());
                    path.pop();
                }
            }
            _ => {}
        }
        path.pop();
    }
}

/// The field on the line of `offset`, read from the text: `[pricing]` and `[[packages]]`
/// headings above it and the key at its start.
fn field_on_line(toml: &str, offset: usize) -> Option<String> {
    let mut table: Vec<String> = Vec::new();
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut at = 0;
    for line in toml.split_inclusive('\n') {
        let trimmed = line.trim();
        if let Some(name) = trimmed.strip_prefix("[[").and_then(|r| r.split("]]").next()) {
            let name = name.trim().to_string();
            let n = counts.entry(name.clone()).and_modify(|n| *n += 1).or_insert(0);
            table = vec![name, n.to_string()];
        } else if let Some(name) = trimmed.strip_prefix('[').and_then(|r| r.split(']').next()) {
            table = vec![name.trim().to_string()];
        } else if offset >= at && offset < at + line.len() {
            let key = trimmed.split('=').next().map(str::trim).filter(|k| !k.is_empty() && !k.starts_with('#'))?;
            let mut path = table.clone();
            path.push(key.trim_matches('"').to_string());
            return Some(path.join("."));
        }
        at += line.len();
    }
    None
}

/// A field the help names as a line to add (`add author = "…"`), for problems about the file
/// as a whole.
fn named_in_help(d: &Diagnostic, fields: &[FieldSpec]) -> Option<String> {
    let help = d.help.as_deref()?;
    let mut best: Option<(usize, &str)> = None;
    for field in fields {
        if let Some(at) = help.find(&format!("{} =", field.name))
            && help[..at].chars().last().is_none_or(|c| !c.is_alphanumeric() && c != '_')
            && best.is_none_or(|(seen, _)| at < seen)
        {
            best = Some((at, &field.name));
        }
    }
    best.map(|(_, name)| name.to_string())
}

/// The problems as JSON for the page.
pub fn to_json(problems: &[Problem]) -> Value {
    serde_json::to_value(problems).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::form::form;

    fn problems(rel: &str, text: &str) -> Vec<Problem> {
        let kind = Kind::of(rel);
        let known = vec![(Kind::Service, vec!["inbox".to_string()])];
        check(Path::new("/site"), rel, text, &form(kind), &known)
    }

    #[test]
    fn each_problem_sits_at_its_field_with_the_builds_words() {
        let found = problems("services/a.md", "+++\ntitle = \"A\"\n\n[pricing]\nfrom = 40\n+++\nBody\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].field.as_deref(), Some("pricing.from"));
        assert_eq!(found[0].message, "this price has no currency");
        let found = problems(
            "services/a.md",
            "+++\ntitle = \"A\"\n[[packages]]\nname = \"x\"\n[[packages]]\nname = \"y\"\nprice = \"lots\"\n+++\n",
        );
        assert_eq!(found[0].field.as_deref(), Some("packages.1.price"), "{found:?}");
        let found =
            problems("testimonials/a.md", "+++\nauthor = \"Jo\"\ndate = \"18/05/2024\"\nconsent = true\n+++\nGreat.\n");
        assert_eq!(found[0].field.as_deref(), Some("date"), "{found:?}");
        assert!(found[0].error);
    }

    #[test]
    fn problems_with_the_whole_file_find_the_field_their_help_names() {
        let found = problems("testimonials/a.md", "+++\nauthor = \"Jo\"\n+++\nGreat.\n");
        assert_eq!(found[0].field.as_deref(), Some("consent"), "{found:?}");
        let found = problems("blog/a.md", "+++\ntitle = \"A\"\n+++\nText.\n");
        assert_eq!(found[0].field.as_deref(), Some("date"), "{found:?}");
    }

    #[test]
    fn references_must_name_content_that_exists() {
        let found =
            problems("testimonials/a.md", "+++\nauthor = \"Jo\"\nconsent = true\nservices = [\"inbx\"]\n+++\nGreat.\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].field.as_deref(), Some("services"));
        assert_eq!(found[0].message, "'inbx' does not exist: there is no content/services/inbx.md");
        assert_eq!(found[0].help.as_deref(), Some("did you mean 'inbox'?"));
    }
}
