//! A case study: who the client was (or that they are anonymous), what was measured and the
//! checks on its own fields. Links to services and testimonials are checked with the whole site.

use serde::{Deserialize, Serialize};

use super::front_matter::FrontMatter;
use crate::error::{Diagnostic, Severity};
use crate::toml_error::TomlSource;

/// One `[[results]]` entry: "Inbox time cut by 60% in three months".
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CaseResult {
    /// What was measured: "Time spent on email".
    pub metric: String,
    /// The outcome: "-60%".
    pub value: ResultValue,
    /// Over what time: "in 3 months".
    pub period: Option<String>,
}

/// A result's value, written as text or as a number.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged)]
pub enum ResultValue {
    /// "60%".
    Text(String),
    /// 12.
    Number(f64),
}

/// Checks a case study's own fields.
pub fn validate(front: &FrontMatter, source: &TomlSource) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    if front.client.is_none() && !front.anonymized {
        problems.push(
            Diagnostic::warning(source.file, "this case study names no client")
                .at(1, 1)
                .help("add client = \"…\", or anonymized = true if the client prefers not to be named"),
        );
    }
    if front.cover.is_some() && front.cover_alt.as_deref().is_none_or(|a| a.trim().is_empty()) {
        problems.push(alt_warning(source, "cover"));
    }
    problems
}

/// The warning for an image field set without its `_alt` partner.
pub fn alt_warning(source: &TomlSource, field: &str) -> Diagnostic {
    let mut d = source.error_at_key(field, format!("this {field} image has no alt text"));
    d.severity = Severity::Warning;
    d.help(format!("add {field}_alt = \"…\" describing the image, for people who cannot see it"))
}
