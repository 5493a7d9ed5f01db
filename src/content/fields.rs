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
    /// true keeps it off the published site, for example while you finish it or wait for a go-ahead (the preview still shows it).
    #[serde(default)]
    #[schemars(example = true)]
    pub draft: bool,
    /// Sets the order in lists and menus: lower numbers come first, and equal weights are in title order.
    #[schemars(example = 1)]
    pub weight: Option<i64>,
    /// Free space for settings a theme or a custom template asks for; Shingle does not check what is inside.
    #[schemars(with = "Option<serde_json::Map<String, serde_json::Value>>")]
    pub extra: Option<toml::Table>,
}

/// Fields of everything that is a page of its own.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PageFields {
    /// The page's main heading, and its name in the browser tab, in search results and in menus (otherwise its first heading or file name).
    #[schemars(example = "Inbox management")]
    pub title: Option<String>,
    /// One or two sentences saying what the page is about, shown under its title in search results and when the link is shared (120–160 characters).
    #[schemars(example = "What this page is about, and who it is for.")]
    pub description: Option<String>,
    /// Old addresses that should send visitors to this page, for example after renaming it.
    #[serde(default)]
    #[schemars(example = ["old-name/"])]
    pub aliases: Vec<String>,
    /// Asks the theme to lay the page out another way, such as "contact.html" for a page with a contact form.
    #[schemars(example = "page.html")]
    pub template: Option<String>,
}

/// The address of a page that is not a list page (a list page's address is its folder).
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AddressFields {
    /// Changes the last part of the page's address, which is otherwise made from the file name.
    #[schemars(example = "a-shorter-name")]
    pub slug: Option<String>,
}

/// Fields of a list page (`_index.md`).
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListFields {
    /// How many items each page of the list shows before it continues on the next (site.toml's paginate otherwise).
    #[schemars(example = 10, range(min = 1))]
    pub paginate: Option<u32>,
}

/// A picture at the top of a case study or a post.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cover {
    /// A picture for the top of the page and for lists: a file in static/, or a full web address.
    #[schemars(example = "images/project.jpg")]
    pub cover: Option<Link>,
    /// A description of the picture, for people who cannot see it (needed when cover is set).
    #[schemars(example = "A tidy desk with a laptop and a notebook")]
    pub cover_alt: Option<String>,
}
