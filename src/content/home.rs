//! The home page's own fields: the headline and the one-sentence subhead at the top of the page,
//! the words a visitor reads in the first five seconds. The rest of the home page is its body.

use schemars::JsonSchema;
use serde::Deserialize;

use crate::error::Diagnostic;
use crate::toml_error::TomlSource;

/// Words a headline should stay within to be read at a glance.
pub const HEADLINE_WORDS: usize = 10;

/// The fields of the home page (`content/_index.md`), besides the page's own.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HomeFields {
    /// The big heading at the top of the home page: what a client gets, in ten words or fewer, not your business name (that is in the title and the header).
    #[schemars(example = "Your inbox, diary and books, quietly handled")]
    pub headline: Option<String>,
    /// One sentence under the headline: who you help and how.
    #[schemars(example = &"I'm a virtual assistant for small businesses: you do the work you love, I keep the admin moving.")]
    pub subhead: Option<String>,
}

/// Checks the home page's own fields: a headline longer than a glance is a warning.
pub fn validate(home: &HomeFields, source: &TomlSource) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    if let Some(headline) = &home.headline {
        let words = headline.split_whitespace().count();
        if words > HEADLINE_WORDS {
            let mut d = source.error_at_key("headline", format!("this headline has {words} words"));
            d.severity = crate::error::Severity::Warning;
            problems.push(d.help(format!(
                "a visitor takes in about {HEADLINE_WORDS} words at a glance: say what a client gets, and move the rest to subhead or the text below"
            )));
        }
    }
    problems
}
