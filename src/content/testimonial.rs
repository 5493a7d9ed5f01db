//! A client's testimonial: the checks that protect the VA (no quote is published without the
//! client's consent; ratings are 1 to 5; an avatar needs alt text). Cross-references to services
//! and case studies are checked later, when the whole site is known.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::context::Link;
use crate::date::Date;
use crate::error::Diagnostic;
use crate::toml_error::TomlSource;

/// The fields of a testimonial (`content/testimonials/`): the body is the quote.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TestimonialFields {
    /// The person's name, as they are happy for it to appear ("Jane S." is fine).
    #[schemars(example = "Priya N.", required)]
    pub author: Option<String>,
    /// Their job title: "Founder", "Practice manager".
    #[schemars(example = &"Founder")]
    pub role: Option<String>,
    /// Their business.
    #[schemars(example = "Their Business Ltd")]
    pub company: Option<String>,
    /// Their business's website, to link their company name.
    #[schemars(example = "https://their-business.example")]
    pub company_url: Option<Link>,
    /// When they gave the testimonial.
    #[schemars(example = "2024-05-18")]
    pub date: Option<Date>,
    /// A photo of them, a file in static/ (only with their permission).
    #[schemars(example = "images/client-photo.jpg")]
    pub avatar: Option<Link>,
    /// A description of the photo, for people who cannot see it (needed when avatar is set).
    #[schemars(example = "The client smiling at the camera")]
    pub avatar_alt: Option<String>,
    /// Their company's logo, a file in static/, shown small beside their name and in the strip of clients on the home page.
    #[schemars(example = "images/their-logo.svg")]
    pub logo: Option<Link>,
    /// The logo's text, for people who cannot see it: usually the company's name (needed when logo is set).
    #[schemars(example = "Their Business Ltd")]
    pub logo_alt: Option<String>,
    /// A short line from the quote, a dozen words or so, set large above it where space is short; the full quote stays.
    #[schemars(example = &"Now they're all paid on time and my weekends are my own again.")]
    pub highlight: Option<String>,
    /// A rating from 1 to 5 they gave, shown on the page (never given to search engines as a rating).
    #[schemars(example = 5, range(min = 1, max = 5))]
    pub rating: Option<i64>,
    /// The services this quote is about, by file name in content/services/ without .md: it then appears on their pages.
    #[serde(default)]
    #[schemars(example = ["inbox-management"])]
    pub services: Vec<String>,
    /// The case study this quote belongs to, by file name in content/work/ without .md.
    #[schemars(example = &"their-project")]
    pub case_study: Option<String>,
    /// Where they first gave the quote: direct, linkedin, google, upwork or other.
    #[schemars(example = &"linkedin")]
    pub source: Option<TestimonialSource>,
    /// A link to the original review or recommendation, so visitors can check it.
    #[schemars(example = "https://www.linkedin.com/in/their-name")]
    pub source_url: Option<Link>,
    /// Confirms the client agreed to be quoted on your site: it must be true before the quote is published.
    #[schemars(example = true)]
    pub consent: Option<bool>,
    /// A disclosure shown with the quote when the person is not simply a client, such as "A former colleague".
    #[schemars(example = "A former colleague")]
    pub relationship: Option<String>,
}

/// Where the testimonial was first given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
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

/// Checks a testimonial's own fields; `draft` says whether it waits unpublished.
pub fn validate(front: &TestimonialFields, draft: bool, source: &TomlSource) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    match front.consent {
        Some(true) => {}
        // a draft is not published, so it may wait for the client's answer
        _ if draft => {}
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
    if front.logo.is_some() && front.logo_alt.as_deref().is_none_or(|a| a.trim().is_empty()) {
        let mut d = source.error_at_key("logo", "this logo has no alt text");
        d.severity = crate::error::Severity::Warning;
        problems.push(d.help("add logo_alt = \"…\" with the company's name, for people who cannot see it"));
    }
    problems
}
