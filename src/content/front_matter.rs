//! The typed front matter of every content file: one struct holding every field any kind may
//! use, parsed from TOML with exact positions for mistakes, then checked against the fields
//! the file's kind allows. Meaning-level checks (consent, ratings, currencies) live with each kind.

use serde::Deserialize;

use super::case_study::CaseResult;
use super::kind::Kind;
use super::service::{Cta, Package, Pricing};
use super::testimonial::TestimonialSource;
use crate::context::Link;
use crate::error::{Diagnostic, did_you_mean};
use crate::toml_error::TomlSource;

/// Every front-matter field Shingle knows. Which ones a file may set depends on its [`Kind`].
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    #[serde(default)]
    pub draft: bool,
    pub slug: Option<String>,
    pub weight: Option<i64>,
    pub template: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub extra: Option<toml::Table>,
    pub paginate: Option<u32>,
    // services
    pub summary: Option<String>,
    pub icon: Option<String>,
    #[serde(default)]
    pub featured: bool,
    #[serde(default)]
    pub deliverables: Vec<String>,
    pub turnaround: Option<String>,
    #[serde(default)]
    pub ideal_for: Vec<String>,
    #[serde(default)]
    pub tools: Vec<String>,
    pub pricing: Option<Pricing>,
    #[serde(default)]
    pub packages: Vec<Package>,
    pub cta: Option<Cta>,
    // testimonials
    pub author: Option<String>,
    pub role: Option<String>,
    pub company: Option<String>,
    pub company_url: Option<Link>,
    pub date: Option<toml::value::Datetime>,
    pub avatar: Option<Link>,
    pub avatar_alt: Option<String>,
    pub rating: Option<i64>,
    #[serde(default)]
    pub services: Vec<String>,
    pub case_study: Option<String>,
    pub source: Option<TestimonialSource>,
    pub source_url: Option<Link>,
    pub consent: Option<bool>,
    pub relationship: Option<String>,
    // case studies
    pub client: Option<String>,
    #[serde(default)]
    pub anonymized: bool,
    pub industry: Option<String>,
    #[serde(default)]
    pub results: Vec<CaseResult>,
    pub testimonial: Option<String>,
    pub cover: Option<Link>,
    pub cover_alt: Option<String>,
    // posts
    pub updated: Option<toml::value::Datetime>,
    #[serde(default)]
    pub tags: Vec<String>,
}

impl FrontMatter {
    /// Parses front matter and checks its fields belong to `kind`. Type errors stop at the first
    /// (TOML gives one); fields that belong to another kind are all reported.
    pub fn parse(source: &TomlSource, kind: Kind) -> Result<FrontMatter, Vec<Diagnostic>> {
        let toml = &source.file_text[source.offset..];
        let allowed = kind.fields();
        let front: FrontMatter = toml::from_str(toml).map_err(|err| {
            let mut d = source.diagnose(&err, &allowed);
            if let Some(name) = unknown_field_name(err.message())
                && let Some(suggestion) = did_you_mean(name, allowed.iter().copied())
            {
                d.message = format!("unknown field '{name}' (did you mean '{suggestion}'?)");
                d.help = Some(format!("rename it to '{suggestion}', or remove the line"));
            }
            vec![d]
        })?;
        let keys: toml::Table = toml::from_str(toml).unwrap_or_default();
        let mut problems = Vec::new();
        for key in keys.keys() {
            if allowed.contains(&key.as_str()) || !Kind::all_fields().contains(&key.as_str()) {
                continue;
            }
            problems.push(source.error_at_key(key, format!("'{key}' is not a field of {kind}")).help(format!(
                "remove it, or move the file to the folder for that kind of content; the fields of {kind} are: {}",
                allowed.join(", ")
            )));
        }
        if problems.is_empty() { Ok(front) } else { Err(problems) }
    }
}

fn unknown_field_name(message: &str) -> Option<&str> {
    message.strip_prefix("unknown field `")?.split('`').next()
}
