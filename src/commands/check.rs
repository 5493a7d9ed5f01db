//! `shingle check`: renders the whole site in memory (nothing is written), gathers every problem
//! a build would report, then follows each internal link written in Markdown or in the menu to
//! the page and the `#anchor` it names, and checks the images named in front matter. Prints the
//! report as text for people or as JSON for programs (the format is described in docs/check.md).

use std::collections::{HashMap, HashSet};
use std::path::Path;

use serde::Serialize;

use crate::cli::Format;
use crate::commands::{build, leftovers};
use crate::content::Kind;
use crate::error::{Diagnostic, Error, Severity, did_you_mean, line_col};
use crate::load::{self, Loaded, LoaderOptions};
use crate::render::{Mode, OutputFile};
use crate::site::markdown::Link;
use crate::site::paths::{self, Origin};

use crate::site::{Page, Site};

/// The version of the JSON report; it changes only when a field changes meaning or goes away.
pub const JSON_VERSION: u32 = 1;

/// Everything `shingle check` found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// HTML pages rendered; 0 when the site could not be rendered.
    pub pages: usize,
    /// Whether the site rendered, so its links could be followed.
    pub rendered: bool,
    /// Every problem, sorted by file, line and column.
    pub diagnostics: Vec<Diagnostic>,
}

/// Checks the site at `root` (for the address `base_url` when given, else site.toml's) and
/// prints the report; `Ok(true)` when there are no errors.
pub fn run(root: &Path, base_url: Option<String>, format: Format) -> Result<bool, Error> {
    let report = check(root, base_url)?;
    match format {
        Format::Text => print!("{}", report.text()),
        Format::Json => println!("{}", report.json()),
    }
    Ok(report.errors() == 0)
}

/// Loads and renders the site at `root` in memory and collects every problem, the example text
/// Shingle wrote still in it among them. `Err` only for failures outside the site (a disk error).
pub fn check(root: &Path, base_url: Option<String>) -> Result<Report, Error> {
    Ok(check_and_render(root, base_url)?.0)
}

/// A site loaded and rendered in memory.
pub type RenderedSite = (Loaded, Vec<OutputFile>);

/// [`check`], also giving the site loaded and its files rendered when it could be (`publish`
/// writes those, rather than loading and rendering the site a second time).
pub fn check_and_render(root: &Path, base_url: Option<String>) -> Result<(Report, Option<RenderedSite>), Error> {
    let address_given = base_url.is_some();
    let loaded = match load::load(root, LoaderOptions { base_url, ..LoaderOptions::default() }) {
        Ok(loaded) => loaded,
        Err(Error::Site(diagnostics)) => return Ok((Report::new(0, false, diagnostics), None)),
        Err(other) => return Err(other),
    };
    let mut diagnostics: Vec<Diagnostic> = loaded.site.warnings().into_iter().cloned().collect();
    diagnostics.extend(leftovers::as_errors(leftovers::leftovers(&loaded.site, address_given)));
    let files = match build::render(&loaded, Mode::Build) {
        Ok(files) => files,
        Err(Error::Site(problems)) => {
            diagnostics.extend(problems);
            return Ok((Report::new(0, false, diagnostics), None));
        }
        Err(other) => return Err(other),
    };
    let pages = files.iter().filter(|f| f.path.ends_with(".html")).count();
    let rendered = Rendered::new(&loaded, &files);
    diagnostics.extend(rendered.check_body_links());
    diagnostics.extend(rendered.check_menu());
    Ok((Report::new(pages, true, diagnostics), Some((loaded, files))))
}

impl Report {
    /// A report with its diagnostics sorted and exact repeats removed.
    pub fn new(pages: usize, rendered: bool, mut diagnostics: Vec<Diagnostic>) -> Report {
        diagnostics.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.severity, &a.message)
                .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
        });
        diagnostics.dedup();
        Report { pages, rendered, diagnostics }
    }

    /// How many errors.
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// How many warnings.
    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    /// The last line: `2 errors, 1 warning in 14 pages` or `No problems found in 14 pages.`
    pub fn summary(&self) -> String {
        let pages = if self.pages == 1 { "1 page".to_string() } else { format!("{} pages", self.pages) };
        let mut counts = Vec::new();
        match self.errors() {
            0 => {}
            1 => counts.push("1 error".to_string()),
            n => counts.push(format!("{n} errors")),
        }
        match self.warnings() {
            0 => {}
            1 => counts.push("1 warning".to_string()),
            n => counts.push(format!("{n} warnings")),
        }
        if !self.rendered {
            return format!("{}; links were not checked, because the site could not be built", counts.join(", "));
        }
        if counts.is_empty() {
            return format!("No problems found in {pages}.");
        }
        format!("{} in {pages}", counts.join(", "))
    }

    /// The report for people: every problem, then the summary line.
    pub fn text(&self) -> String {
        let mut text = String::new();
        for diagnostic in &self.diagnostics {
            text.push_str(&format!("{diagnostic}\n"));
        }
        if !self.diagnostics.is_empty() {
            text.push('\n');
        }
        text.push_str(&self.summary());
        text.push('\n');
        text
    }

    /// The report for programs, as described in docs/check.md.
    pub fn json(&self) -> String {
        let report = JsonReport {
            version: JSON_VERSION,
            summary: JsonSummary { errors: self.errors(), warnings: self.warnings(), pages: self.pages },
            diagnostics: self
                .diagnostics
                .iter()
                .map(|d| JsonDiagnostic {
                    severity: d.severity,
                    file: &d.file,
                    line: d.line,
                    column: d.column,
                    message: &d.message,
                    help: d.help.as_deref(),
                })
                .collect(),
        };
        serde_json::to_string_pretty(&report).unwrap_or_default()
    }
}

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    summary: JsonSummary,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct JsonSummary {
    errors: usize,
    warnings: usize,
    pages: usize,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    severity: Severity,
    file: &'a str,
    line: usize,
    column: usize,
    message: &'a str,
    help: Option<&'a str>,
}

/// The rendered site, looked up by path, with the ids of each page read on demand.
struct Rendered<'a> {
    site: &'a Site,
    files: HashMap<&'a str, &'a [u8]>,
    /// Output path of each content page → index into `site.pages`.
    pages: HashMap<String, usize>,
    ids: std::cell::RefCell<HashMap<String, HashSet<String>>>,
}

/// Where a link leads inside the site.
enum Target {
    /// An output file (`services/inbox/index.html`), with the fragment after `#`, if any.
    File(String, Option<String>),
    /// Nothing in the output has that path.
    Missing,
}

impl<'a> Rendered<'a> {
    fn new(loaded: &'a Loaded, files: &'a [OutputFile]) -> Rendered<'a> {
        let site = &loaded.site;
        let pages = site
            .outputs
            .iter()
            .filter_map(|(path, origin)| match origin {
                Origin::Page(i) | Origin::List { section: Some(i), number: 1, .. } => Some((path.clone(), *i)),
                _ => None,
            })
            .collect();
        Rendered {
            site,
            files: files.iter().map(|f| (f.path.as_str(), f.bytes.as_slice())).collect(),
            pages,
            ids: std::cell::RefCell::new(HashMap::new()),
        }
    }

    /// Follows every internal link in the Markdown bodies.
    fn check_body_links(&self) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        for page in &self.site.pages {
            let mut links: Vec<&Link> = page.body.links.iter().collect();
            if page.doc.kind == Kind::Faq {
                // the answers are rendered apart from the body, each under its question
                links.extend(self.site.faq.iter().flat_map(|item| &item.links));
            }
            for link in links {
                if let Some(problem) = self.check_link(page, link) {
                    problems.push(problem.at(link.line, link.column));
                }
            }
        }
        problems
    }

    /// The problem with one link of `page`, if it leads nowhere.
    fn check_link(&self, page: &Page, link: &Link) -> Option<Diagnostic> {
        let file = page.doc.file.as_str();
        if let Some(fragment) = link.url.strip_prefix('#') {
            // a testimonial is shown on other pages, so its own #anchors cannot be followed
            if !page.doc.kind.has_page() {
                return None;
            }
            let fragment = crate::url::decode(fragment).into_owned();
            let help = self.missing_anchor(&paths::index(&page.path), &fragment, true)?;
            let message = format!("this link goes to '#{fragment}' on this page, but nothing on the page has that id");
            return Some(Diagnostic::error(file, message).help(help));
        }
        let shown = link.url.split('#').next().unwrap_or(&link.url);
        match self.resolve(&link.url) {
            Target::Missing => {
                let message = format!("this link goes to {shown}, which is not a page of this site");
                Some(Diagnostic::error(file, message).help(self.page_suggestion(shown)))
            }
            Target::File(path, Some(fragment)) => {
                let help = self.missing_anchor(&path, &fragment, false)?;
                let source = self.pages.get(&path).map(|&i| format!(" ({})", self.site.pages[i].doc.file));
                let message = format!(
                    "this link goes to '#{fragment}' on {shown}{}, but nothing on that page has that id",
                    source.unwrap_or_default()
                );
                Some(Diagnostic::error(file, message).help(help))
            }
            Target::File(_, None) => None,
        }
    }

    /// Checks that each `[[menu]]` entry of site.toml that points inside the site leads to a page.
    fn check_menu(&self) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let text = &self.site.config.source;
        for item in &self.site.config.menu {
            let url = item.url.trim();
            if crate::url::is_external(url) {
                continue;
            }
            let exists = match url.strip_prefix("@/") {
                Some(rel) => {
                    let rel = rel.split('#').next().unwrap_or(rel);
                    self.site.pages.iter().any(|p| p.doc.rel == rel && p.doc.kind.has_page())
                }
                None => {
                    let absolute = format!("{}{}", self.site.base_path, url.trim_start_matches('/'));
                    !matches!(self.resolve(&absolute), Target::Missing)
                }
            };
            if exists {
                continue;
            }
            let mut d = Diagnostic::error(
                "site.toml",
                format!("the menu item '{}' goes to {url}, which is not a page of this site", item.name),
            );
            if let Some(offset) = menu_url_offset(text, url) {
                let (line, column) = line_col(text, offset);
                d = d.at(line, column);
            }
            problems.push(d.help(
                "write a page's address (services/), a content file (@/about.md) or a full web address (https://…)",
            ));
        }
        problems
    }

    /// Finds the output file a root-relative or base-path URL leads to.
    fn resolve(&self, url: &str) -> Target {
        let (path, fragment) = match url.split_once('#') {
            Some((path, fragment)) => (path, Some(crate::url::decode(fragment).into_owned())),
            None => (url, None),
        };
        let path = path.split('?').next().unwrap_or(path);
        // a root-relative link written without the base path was warned about already;
        // here it counts as a path from the top of the site
        let inside = path.strip_prefix(self.site.base_path.as_str()).unwrap_or(path.trim_start_matches('/'));
        let inside = crate::url::decode(inside).into_owned();
        let candidates = if inside.is_empty() || inside.ends_with('/') {
            vec![paths::index(&inside)]
        } else {
            vec![inside.clone(), paths::index(&format!("{inside}/"))]
        };
        for candidate in candidates {
            if self.site.outputs.contains(&candidate) {
                return Target::File(candidate, fragment.filter(|f| !f.is_empty()));
            }
        }
        Target::Missing
    }

    /// `None` when `fragment` names an element of the page at `path`, else the advice to show.
    fn missing_anchor(&self, path: &str, fragment: &str, same_page: bool) -> Option<String> {
        // `#top` scrolls to the top of any page; only HTML pages have ids to check
        if fragment.is_empty() || fragment == "top" || !path.ends_with(".html") {
            return None;
        }
        let mut cache = self.ids.borrow_mut();
        let ids = cache.entry(path.to_string()).or_insert_with(|| {
            let html = self.files.get(path).map(|bytes| String::from_utf8_lossy(bytes).into_owned());
            html.map(|html| ids_in(&html)).unwrap_or_default()
        });
        if ids.contains(fragment) {
            return None;
        }
        let mut headings: Vec<&str> = Vec::new();
        if let Some(&i) = self.pages.get(path) {
            headings.extend(self.site.pages[i].body.ids.iter().map(String::as_str));
            if self.site.pages[i].doc.kind == Kind::Faq {
                headings.extend(self.site.faq.iter().map(|item| item.id.as_str()));
            }
        }
        let page = if same_page { "this page" } else { "that page" };
        let mut known: Vec<&str> = ids.iter().map(String::as_str).collect();
        known.sort_unstable();
        if let Some(close) = did_you_mean(fragment, known) {
            return Some(format!("did you mean '#{close}'?"));
        }
        if headings.is_empty() {
            return Some(format!("{page} has no headings to link to; remove the '#…' part to link to the page itself"));
        }
        let listed: Vec<String> = headings.iter().take(12).map(|id| format!("#{id}")).collect();
        Some(format!(
            "a heading's id is its text in lower case with hyphens; the headings on {page} are: {}",
            listed.join(", ")
        ))
    }

    /// Advice for a link to a page that does not exist.
    fn page_suggestion(&self, shown: &str) -> String {
        let mut urls: Vec<String> = self.pages.values().map(|&i| self.site.url(&self.site.pages[i].path)).collect();
        urls.sort();
        let wanted = if shown.ends_with('/') { shown.to_string() } else { format!("{shown}/") };
        match did_you_mean(&wanted, urls.iter().map(String::as_str)) {
            Some(close) => format!(
                "did you mean {close}? Linking to the content file, such as [text](@/about.md), keeps links right when addresses change"
            ),
            None => {
                "check the address, or link to the content file instead, for example [text](@/about.md)".to_string()
            }
        }
    }
}

/// Byte offset of the `url = "…"` line of a `[[menu]]` entry in site.toml.
fn menu_url_offset(text: &str, url: &str) -> Option<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix("url")
            && rest.trim_start().starts_with('=')
            && rest.contains(url)
        {
            return Some(offset + line.len() - trimmed.len());
        }
        offset += line.len();
    }
    None
}

/// Every `id` attribute in an HTML document. A small scanner: an `id=` that starts an attribute
/// (after whitespace inside a tag), quoted with `"` or `'`, or unquoted.
pub fn ids_in(html: &str) -> HashSet<String> {
    let mut ids = HashSet::new();
    let bytes = html.as_bytes();
    let mut from = 0;
    while let Some(found) = html[from..].find("id=") {
        let at = from + found;
        from = at + 3;
        if at == 0 || !bytes[at - 1].is_ascii_whitespace() || !inside_tag(html, at) {
            continue;
        }
        let rest = &html[at + 3..];
        let value = match rest.chars().next() {
            Some(quote @ ('"' | '\'')) => rest[1..].split(quote).next().unwrap_or(""),
            Some(_) => rest.split(|c: char| c.is_ascii_whitespace() || c == '>').next().unwrap_or(""),
            None => "",
        };
        if !value.is_empty() {
            ids.insert(value.replace("&amp;", "&"));
        }
    }
    ids
}

/// Whether byte `at` sits between a `<` and its `>`.
fn inside_tag(html: &str, at: usize) -> bool {
    html[..at].rfind(['<', '>']).is_some_and(|i| html.as_bytes()[i] == b'<')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_ids_in_tags_only() {
        let ids = ids_in("<h2 id=\"pricing\">Pricing</h2><p data-id=\"x\">id=\"nope\"</p><div\nid='a'><a id=b>");
        let mut ids: Vec<_> = ids.into_iter().collect();
        ids.sort();
        assert_eq!(ids, ["a", "b", "pricing"]);
    }

    #[test]
    fn summary_counts_what_was_found() {
        let error = Diagnostic::error("content/a.md", "broken").at(2, 3);
        let warning = Diagnostic::warning("content/a.md", "odd");
        assert_eq!(Report::new(14, true, vec![]).summary(), "No problems found in 14 pages.");
        assert_eq!(
            Report::new(14, true, vec![error.clone(), error.clone(), warning.clone()]).summary(),
            "1 error, 1 warning in 14 pages"
        );
        assert_eq!(Report::new(1, true, vec![warning]).summary(), "1 warning in 1 page");
        assert_eq!(
            Report::new(0, false, vec![error]).summary(),
            "1 error; links were not checked, because the site could not be built"
        );
    }
}
