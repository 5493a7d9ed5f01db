//! A case study: who the client was (or that they are anonymous), what was measured and the
//! checks on its own fields. Links to services and testimonials are checked with the whole site.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::fields::Cover;
use crate::date::Date;
use crate::error::{Diagnostic, Severity};
use crate::toml_error::TomlSource;

/// The fields of a case study (`content/work/`), besides the page's own and its cover.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseStudyFields {
    /// A sentence or two shown on the list of your work.
    #[schemars(example = "From 400 unread emails to a clear inbox every evening.")]
    pub summary: Option<String>,
    /// The client's business name (needed unless anonymized = true).
    #[schemars(example = &"The client's business name")]
    pub client: Option<String>,
    /// true for a client who prefers not to be named: leave out client, and anything in the text that could identify them.
    #[serde(default)]
    #[schemars(example = true)]
    pub anonymized: bool,
    /// The client's field, such as "Interior design": it helps visitors find stories like theirs.
    #[schemars(example = "Professional services")]
    pub industry: Option<String>,
    /// The services involved, by file name in content/services/ without .md.
    #[serde(default)]
    #[schemars(example = ["inbox-management"])]
    pub services: Vec<String>,
    /// The software used.
    #[serde(default)]
    #[schemars(example = ["Gmail", "Trello"])]
    pub tools: Vec<String>,
    /// The measurable outcomes, two to four of them.
    #[serde(default)]
    pub results: Vec<CaseResult>,
    /// The client's testimonial, by file name in content/testimonials/ without .md.
    #[schemars(example = &"client-name")]
    pub testimonial: Option<String>,
    /// When the work was done or the story written; case studies are listed newest first.
    #[schemars(example = "2024-05-18")]
    pub date: Option<Date>,
}

/// One `[[results]]` entry: a figure and what it measures, "60%" and "less time on email".
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseResult {
    /// The number, short enough to set large: "60%", "3,400 → 0", "1 in 3". Leave it out for a result that only words can say.
    #[schemars(example = "−75%")]
    pub figure: Option<ResultValue>,
    /// What the figure measures, or the whole result in words when there is no figure.
    #[schemars(example = "time spent on email each day")]
    pub label: String,
    /// Over what time.
    #[schemars(example = "after one month")]
    pub period: Option<String>,
}

/// A result's value, written as text or as a number.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum ResultValue {
    /// "60%".
    Text(String),
    /// 12.
    Number(f64),
}

/// Checks a case study's own fields.
pub fn validate(front: &CaseStudyFields, cover: &Cover, source: &TomlSource) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    if front.client.is_none() && !front.anonymized {
        problems.push(
            Diagnostic::warning(source.file, "this case study names no client")
                .at(1, 1)
                .help("add client = \"…\", or anonymized = true if the client prefers not to be named"),
        );
    }
    problems.extend(cover_alt(cover, source));
    problems
}

/// The warning for a cover without alt text, if it has none.
pub fn cover_alt(cover: &Cover, source: &TomlSource) -> Option<Diagnostic> {
    (cover.cover.is_some() && cover.cover_alt.as_deref().is_none_or(|a| a.trim().is_empty()))
        .then(|| alt_warning(source, "cover"))
}

/// The warning for an image field set without its `_alt` partner.
pub fn alt_warning(source: &TomlSource, field: &str) -> Diagnostic {
    let mut d = source.error_at_key(field, format!("this {field} image has no alt text"));
    d.severity = Severity::Warning;
    d.help(format!("add {field}_alt = \"…\" describing the image, for people who cannot see it"))
}
