//! `site.toml`: the site's settings, typed, with defaults for everything but `title` and
//! `base_url`. Unknown keys are errors with a "did you mean"; values are checked here so the
//! rest of Shingle can trust them.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, Error};
use crate::toml_error::TomlSource;

/// The settings of one site.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The business name, shown in every page title.
    pub title: String,
    /// Where the site will live, such as `https://user.github.io/repo/`.
    pub base_url: String,
    /// One sentence about the business, the default meta description.
    #[serde(default)]
    pub description: String,
    /// A built-in theme or one in `themes/`.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// BCP 47 language tag.
    #[serde(default = "default_language")]
    pub language: String,
    /// A custom domain: written to `CNAME` for GitHub Pages.
    pub domain: Option<String>,
    /// Posts per page on the blog and tag pages.
    #[serde(default = "default_paginate")]
    pub paginate: u32,
    /// Who runs the business.
    #[serde(default)]
    pub owner: Owner,
    /// The main call to action.
    #[serde(default)]
    pub booking: Booking,
    /// The contact form.
    #[serde(default)]
    pub contact: Contact,
    /// Social profiles: name = URL.
    #[serde(default)]
    pub social: BTreeMap<String, String>,
    /// Settings the theme documents in its `theme.toml`.
    #[serde(default)]
    pub theme_options: toml::Table,
    /// The main menu; when absent, it is made from the content.
    #[serde(default)]
    pub menu: Vec<MenuItem>,
}

/// `[owner]`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Owner {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub email: String,
    pub photo: Option<String>,
    pub photo_alt: Option<String>,
    pub location: Option<String>,
    pub timezone: Option<String>,
    pub hours: Option<String>,
    pub response_time: Option<String>,
    #[serde(default)]
    pub areas_served: Vec<String>,
    /// `person` (default) or `organization`, for search engines.
    pub kind: Option<String>,
}

/// `[booking]`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Booking {
    pub url: Option<String>,
    pub label: Option<String>,
    /// Offer a click-to-load embed of the booking page.
    #[serde(default)]
    pub embed: bool,
}

/// `[contact]`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Contact {
    pub form: Option<FormKind>,
    pub form_id: Option<String>,
}

/// Which form service receives the contact form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
#[allow(missing_docs)]
pub enum FormKind {
    Formspree,
    Netlify,
    Mailto,
}

/// One `[[menu]]` entry.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MenuItem {
    /// Link text.
    pub name: String,
    /// A path in the site (`services/`), an `@/file.md`, or a full URL.
    pub url: String,
}

fn default_theme() -> String {
    "harbor".to_string()
}
fn default_language() -> String {
    "en".to_string()
}
fn default_paginate() -> u32 {
    10
}

const FIELDS: &[&str] = &[
    "title",
    "base_url",
    "description",
    "theme",
    "language",
    "domain",
    "paginate",
    "owner",
    "booking",
    "contact",
    "social",
    "theme_options",
    "menu",
];

impl Config {
    /// Reads and checks `site.toml` in `root`.
    pub fn load(root: &Path) -> Result<Config, Error> {
        let path = root.join("site.toml");
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::one(Diagnostic::error("site.toml", format!("there is no site.toml in {}", root.display())).help(
                    "run Shingle in your site's folder, point --root at it, or start a new site with: shingle init my-site",
                )));
            }
            Err(err) => return Err(Error::io(&path, "read", &err)),
        };
        let text = String::from_utf8(bytes).map_err(|_| {
            Error::one(
                Diagnostic::error("site.toml", "site.toml is not saved as UTF-8")
                    .help("open it in your editor and save it again with the encoding \"UTF-8\""),
            )
        })?;
        Config::parse(&text)
    }

    /// Parses and checks the text of `site.toml`.
    pub fn parse(text: &str) -> Result<Config, Error> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let source = TomlSource { file: "site.toml", file_text: text, offset: 0 };
        let mut config: Config = toml::from_str(text).map_err(|err| {
            let mut d = source.diagnose(&err, FIELDS);
            if let Some(name) = err.message().strip_prefix("missing field `").and_then(|r| r.split('`').next()) {
                d = Diagnostic::error("site.toml", format!("site.toml has no '{name}'")).at(1, 1).help(match name {
                    "title" => "add a line at the top: title = \"Your business name\"",
                    "base_url" => {
                        "add a line: base_url = \"https://your-domain.example\" (the address where the site will live)"
                    }
                    _ => "add it to site.toml",
                });
            }
            Error::one(d)
        })?;
        let mut problems = Vec::new();
        let url = config.base_url.trim().to_string();
        if !(url.starts_with("https://") || url.starts_with("http://")) || url.len() <= "https://".len() {
            problems.push(
                source
                    .error_at_key("base_url", format!("'{url}' is not a web address"))
                    .help("write the full address, starting with https://, for example: base_url = \"https://harborlane.example\""),
            );
        }
        config.base_url = if url.ends_with('/') { url } else { format!("{url}/") };
        if config.owner.photo.is_some() && config.owner.photo_alt.as_deref().is_none_or(|a| a.trim().is_empty()) {
            let mut d = source.error_at_key("photo", "the owner photo has no alt text");
            d.severity = crate::error::Severity::Warning;
            problems.push(d.help("add photo_alt = \"…\" under [owner], describing the photo"));
        }
        if config.contact.form == Some(FormKind::Formspree) && config.contact.form_id.is_none() {
            problems.push(
                source.error_at_key("form", "a Formspree form needs its form_id").help(
                    "add form_id = \"…\" under [contact]: it is the code at the end of your Formspree form address",
                ),
            );
        }
        if config.paginate == 0 {
            problems.push(
                source.error_at_key("paginate", "paginate must be at least 1").help("for example: paginate = 10"),
            );
        }
        if problems.iter().any(Diagnostic::is_error) {
            return Err(Error::Site(problems));
        }
        Ok(config)
    }

    /// The path part of `base_url`: `/` or `/repo/`.
    pub fn base_path(&self) -> String {
        let after_scheme = self.base_url.split_once("://").map_or("", |(_, rest)| rest);
        match after_scheme.find('/') {
            Some(i) => after_scheme[i..].to_string(),
            None => "/".to_string(),
        }
    }

    /// Replaces the base URL (from `--base-url` or the preview server).
    pub fn set_base_url(&mut self, url: &str) {
        self.base_url = if url.ends_with('/') { url.to_string() } else { format!("{url}/") };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> String {
        Config::parse(text).expect_err("should fail").to_string()
    }

    #[test]
    fn defaults_fill_in() {
        let config = Config::parse("title = \"A\"\nbase_url = \"https://a.example/repo\"").expect("valid");
        assert_eq!(config.theme, "harbor");
        assert_eq!(config.base_url, "https://a.example/repo/");
        assert_eq!(config.base_path(), "/repo/");
    }

    #[test]
    fn unknown_key_suggests() {
        assert_eq!(
            error("title = \"A\"\nbase_url = \"https://a.example\"\nthem = \"x\""),
            "site.toml:3:1: error: unknown field 'them' (did you mean 'theme'?)\n  rename it to 'theme', or remove the line"
        );
    }

    #[test]
    fn missing_title() {
        assert_eq!(
            error("base_url = \"https://a.example\""),
            "site.toml:1:1: error: site.toml has no 'title'\n  add a line at the top: title = \"Your business name\""
        );
    }
}
