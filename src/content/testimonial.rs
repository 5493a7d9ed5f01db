//! A client's testimonial: the checks that protect the VA (no quote is published without the
//! client's consent; ratings are 1 to 5; an avatar needs alt text). Cross-references to services
//! and case studies are checked later, when the whole site is known.

use serde::{Deserialize, Serialize};

use super::front_matter::FrontMatter;
use crate::error::Diagnostic;
use crate::toml_error::TomlSource;

/// Where the testimonial was first given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum TestimonialSource {
    Direct,
    Linkedin,
    Google,
    Upwork,
    Other,
}

impl TestimonialSource {
    /// The name as written in front matter: `linkedin`.
    pub fn key(self) -> &'static str {
        match self {
            TestimonialSource::Direct => "direct",
            TestimonialSource::Linkedin => "linkedin",
            TestimonialSource::Google => "google",
            TestimonialSource::Upwork => "upwork",
            TestimonialSource::Other => "other",
        }
    }

    /// A label for readers.
    pub fn label(self) -> &'static str {
        match self {
            TestimonialSource::Direct => "Direct",
            TestimonialSource::Linkedin => "LinkedIn",
            TestimonialSource::Google => "Google",
            TestimonialSource::Upwork => "Upwork",
            TestimonialSource::Other => "Other",
        }
    }
}

/// Checks a testimonial's own fields.
pub fn validate(front: &FrontMatter, source: &TomlSource) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    match front.consent {
        Some(true) => {}
        // a draft is not published, so it may wait for the client's answer
        _ if front.draft => {}
        Some(false) => problems.push(
            source
                .error_at_key("consent", "this testimonial is marked consent = false, so it cannot be published")
                .help("publishing a client's words needs their permission: ask them, then set consent = true (or delete the file)"),
        ),
        None => problems.push(
            Diagnostic::error(source.file, "this testimonial does not say whether the client agreed to publish it")
                .at(1, 1)
                .help("publishing a client's words needs their permission: once they agree, add consent = true"),
        ),
    }
    if front.author.as_deref().is_none_or(|a| a.trim().is_empty()) {
        problems.push(
            Diagnostic::error(source.file, "this testimonial has no author")
                .at(1, 1)
                .help("add author = \"Client's name\" (a first name and initial is fine)"),
        );
    }
    if let Some(rating) = front.rating
        && !(1..=5).contains(&rating)
    {
        problems.push(
            source
                .error_at_key("rating", format!("a rating of {rating} is not allowed"))
                .help("use a whole number from 1 to 5: rating = 5"),
        );
    }
    if front.avatar.is_some() && front.avatar_alt.as_deref().is_none_or(|a| a.trim().is_empty()) {
        let mut d = source.error_at_key("avatar", "this avatar has no alt text");
        d.severity = crate::error::Severity::Warning;
        problems.push(d.help("add avatar_alt = \"…\" describing the photo, for people who cannot see it"));
    }
    problems
}
