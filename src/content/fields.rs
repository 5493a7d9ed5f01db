//! The groups of front-matter fields several kinds share, each declared once: a field's doc
//! comment is its help text and its `example` what `shingle new`, the docs and the schema show.
//! Which kind has which groups is `Kind::groups`; fields only one kind has live with that kind.

use schemars::JsonSchema;
use serde::Deserialize;

use crate::context::Link;

/// Fields every content file may set.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Basics {
    /// true keeps it off your published site while you work on it (the preview still shows it).
    #[serde(default)]
    #[schemars(example = true)]
    pub draft: bool,
    /// Where it comes in lists and menus: lower numbers first.
    #[schemars(example = 1)]
    pub weight: Option<i64>,
    /// Free-form settings for a custom template: add your own keys under [extra].
    #[schemars(with = "Option<serde_json::Map<String, serde_json::Value>>")]
    pub extra: Option<toml::Table>,
}

/// Fields of everything that is a page of its own.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PageFields {
    /// The title: the page's heading, the name in the browser tab and in search results.
    #[schemars(example = "Inbox management")]
    pub title: Option<String>,
    /// One or two sentences for search engines and for links shared on social media.
    #[schemars(example = "What this page is about, and who it is for.")]
    pub description: Option<String>,
    /// Old addresses of this page that should lead here, for example after renaming it.
    #[serde(default)]
    #[schemars(example = ["old-name/"])]
    pub aliases: Vec<String>,
    /// Another layout of the theme for this page (for designers).
    #[schemars(example = "page.html")]
    pub template: Option<String>,
}

/// The address of a page that is not a list page (a list page's address is its folder).
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AddressFields {
    /// A different last part of the page's address than the file name gives.
    #[schemars(example = "a-shorter-name")]
    pub slug: Option<String>,
}

/// Fields of a list page (`_index.md`).
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListFields {
    /// How many posts each page of the blog shows (site.toml's paginate otherwise).
    #[schemars(example = 10, range(min = 1))]
    pub paginate: Option<u32>,
}

/// A picture at the top of a case study or a post.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cover {
    /// A picture at the top, in static/images/ (or a full web address).
    #[schemars(example = "images/project.jpg")]
    pub cover: Option<Link>,
    /// What the picture shows, for people who cannot see it.
    #[schemars(example = "A tidy desk with a laptop and a notebook")]
    pub cover_alt: Option<String>,
}
