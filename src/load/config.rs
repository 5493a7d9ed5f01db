//! `site.toml`: the site's settings, typed, with defaults for everything but `title` and
//! `base_url`. Unknown keys are errors with a "did you mean"; values are checked here so the
//! rest of Shingle can trust them.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::context::Link;
use crate::error::{Diagnostic, Error};
use crate::load::assets::Assets;
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
    pub social: BTreeMap<String, Link>,
    /// Settings the theme documents in its `theme.toml`.
    #[serde(default)]
    pub theme_options: toml::Table,
    /// The main menu; when absent, it is made from the content.
    #[serde(default)]
    pub menu: Vec<MenuItem>,
    /// The site's own words for any string the theme prints (`menu = "Navigation"`), over the
    /// table of its `language`.
    #[serde(default)]
    pub strings: BTreeMap<String, String>,
    /// Warnings found reading site.toml (the build goes on).
    #[serde(skip)]
    pub warnings: Vec<Diagnostic>,
    /// The site's folder.
    #[serde(skip)]
    pub root: std::path::PathBuf,
    /// The text of site.toml, to place later problems at their line.
    #[serde(skip)]
    pub source: String,
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
    pub photo: Option<Link>,
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
    pub url: Option<Link>,
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
    pub url: Link,
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
    "strings",
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
        let mut config = Config::parse(&text)?;
        config.root = root.to_path_buf();
        Ok(config)
    }

    /// A problem at the line of site.toml that sets `key` (at the top when it is not set there).
    pub fn error_at_key(&self, key: &str, message: impl Into<String>) -> Diagnostic {
        TomlSource { file: "site.toml", file_text: &self.source, offset: 0 }.error_at_key(key, message)
    }

    /// Where `key` of `[table]` is written in site.toml: the byte offsets of the key and of its
    /// value. `None` when it is not written there (a default).
    pub fn place(&self, table: &str, key: &str) -> Option<(usize, usize)> {
        let document = toml::de::DeTable::parse(&self.source).ok()?;
        let inner = document.get_ref().get(table)?.get_ref().as_table()?;
        let (name, value) = inner.get_key_value(key)?;
        Some((name.span().start, value.span().start))
    }

    /// A problem with `key` of `[table]`, placed at its key or its value in site.toml (at the
    /// first line setting `key` when the table cannot be read for places).
    pub fn error_at_setting(&self, table: &str, key: &str, at: At, message: impl Into<String>) -> Diagnostic {
        let source = TomlSource { file: "site.toml", file_text: &self.source, offset: 0 };
        match (self.place(table, key), at) {
            (Some((offset, _)), At::Key) | (Some((_, offset)), At::Value) => source.error_at(offset, message),
            (None, _) => source.error_at_key(key, message),
        }
    }

    /// The files site.toml names that are not there: `[owner] photo`. (Theme options that name
    /// files are checked with the theme's declarations.)
    pub fn missing_files(&self, assets: &Assets) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        if let Some(photo) = self.owner.photo.as_deref()
            && let Some(missing) = missing_file(photo, assets)
        {
            let d = self.error_at_setting("owner", "photo", At::Value, format!("the photo '{photo}' does not exist"));
            problems.push(d.help(missing.help(" under [owner]")));
        }
        problems
    }

    /// Parses and checks the text of `site.toml`.
    pub fn parse(text: &str) -> Result<Config, Error> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let cleaned = crate::context::without_unpublishable(text);
        let removed = cleaned
            .as_ref()
            .map(|(_, first, count)| crate::content::source::unpublishable_warning("site.toml", text, *first, *count));
        let text = cleaned.as_ref().map_or(text, |(kept, _, _)| kept.as_str());
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
        let mut problems: Vec<Diagnostic> = removed.into_iter().collect();
        match base_url(&config.base_url) {
            Ok(url) => config.base_url = url,
            Err(BaseUrlProblem { message, help }) => problems.push(
                source
                    .error_at_key("base_url", message)
                    .help(format!("{help}, for example: base_url = \"https://harborlane.example\"")),
            ),
        }
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
        problems.extend(check_strings(&config, &source));
        if config.paginate == 0 {
            problems.push(
                source.error_at_key("paginate", "paginate must be at least 1").help("for example: paginate = 10"),
            );
        }
        if problems.iter().any(Diagnostic::is_error) {
            return Err(Error::Site(problems));
        }
        config.warnings = problems;
        config.source = text.to_string();
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

    /// Replaces the base URL (from `--base-url` or the preview server), checked as site.toml's is.
    pub fn set_base_url(&mut self, url: &str) -> Result<(), Error> {
        match base_url(url) {
            Ok(url) => {
                self.base_url = url;
                Ok(())
            }
            Err(BaseUrlProblem { message, help }) => Err(Error::Other(format!(
                "--base-url {message}\n  {help}, for example: --base-url https://harborlane.example"
            ))),
        }
    }
}

/// `language` with no table of words is a warning (the theme's words stay English); a key of
/// `[strings]` no table has is an error with the closest key.
fn check_strings(config: &Config, source: &TomlSource) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    if !crate::strings::has_table(&config.language) {
        let known: Vec<&str> = crate::strings::languages().collect();
        let mut d = source.error_at_key(
            "language",
            format!(
                "Shingle has no words for the language '{}': the theme's own words stay in English",
                config.language
            ),
        );
        d.severity = crate::error::Severity::Warning;
        problems.push(d.help(format!(
            "use one of {} (such as \"en-GB\" or \"fr-CA\"), or write the theme's words yourself under [strings]",
            known.join(", ")
        )));
    }
    let keys = crate::strings::keys();
    for (key, text) in &config.strings {
        if keys.iter().any(|k| k == key) {
            problems.extend(check_blanks(key, text, source));
            continue;
        }
        let close = crate::error::did_you_mean(key, keys.iter().map(String::as_str));
        let d = source.error_at_key(key, format!("there is no string called '{key}'"));
        problems.push(d.help(match close {
            Some(close) => format!("did you mean '{close}'? docs/themes.md lists every string"),
            None => "docs/themes.md lists every string a theme prints".to_string(),
        }));
    }
    problems
}

/// A `{name}` in the site's own string `key` that Shingle does not fill in (it would be printed
/// as it is): an error at the brace, naming the blanks the string has.
fn check_blanks(key: &str, text: &str, source: &TomlSource) -> Option<Diagnostic> {
    let known = crate::strings::blanks_of(key);
    let (at, name) = crate::strings::blanks(text).into_iter().find(|(_, name)| !known.iter().any(|k| k == name))?;
    // the brace's place in the file: the value's opening quote, then the text before the brace
    // (exact when nothing before it is written with an escape, as in every usual string)
    let document = toml::de::DeTable::parse(source.file_text).ok();
    let value = document.as_ref().and_then(|d| {
        let strings = d.get_ref().get("strings")?.get_ref().as_table()?;
        Some(strings.get(key)?.span().start)
    });
    let message = format!("Shingle does not fill in {{{name}}} in the string '{key}': the page would show it as it is");
    let d = match value {
        Some(offset) => source.error_at(offset + 1 + at, message),
        None => source.error_at_key(key, message),
    };
    let close = crate::error::did_you_mean(name, known.iter().map(String::as_str));
    let listed = known.iter().map(|k| format!("{{{k}}}")).collect::<Vec<_>>().join(", ");
    Some(d.help(match (close, known.is_empty()) {
        (Some(close), _) => format!("did you mean {{{close}}}? This string is filled with {listed}"),
        (None, true) => "this string has nothing to fill in: write it without braces".to_string(),
        (None, false) => format!("this string is filled with {listed}; use those, or write it without braces"),
    }))
}

/// Which part of a `key = value` line a problem is placed at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum At {
    /// The key: the setting itself is the problem (unknown, misspelled).
    Key,
    /// The value: the setting is known, what it is set to is wrong.
    Value,
}

/// A file site.toml names in `static/` that is not among the site's and the theme's static files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingFile {
    /// The path as written.
    pub written: String,
    /// Where the file should be, below static/.
    pub path: String,
    /// A static file with a close name, or the same path without a `static/` in front.
    pub close: Option<String>,
}

impl MissingFile {
    /// The advice line; `place` says where the setting is: ` under [owner]`, or nothing.
    pub fn help(&self, place: &str) -> String {
        match &self.close {
            Some(close) if self.path.strip_prefix("static/") == Some(close) => {
                format!("paths start inside static/: write '{close}'{place}")
            }
            Some(close) if close.to_lowercase() == self.path.to_lowercase() => format!(
                "did you mean '{close}'? Names must match exactly, capitals included: your computer may not mind, but web hosts do"
            ),
            Some(close) => format!("did you mean '{close}'? Or put the file at static/{}", self.path),
            None => format!("put the file at static/{}, or correct the path{place}", self.path),
        }
    }
}

/// `None` when `path` is a web address or a file among `assets` (as `asset()` finds it);
/// otherwise what is missing and the closest file there is.
pub fn missing_file(path: &str, assets: &Assets) -> Option<MissingFile> {
    if crate::url::is_external(path) {
        return None;
    }
    let rel = path.trim_start_matches('/');
    let rel = rel.split(['?', '#']).next().unwrap_or(rel);
    if assets.contains(rel) {
        return None;
    }
    let lower = rel.to_lowercase();
    let same_but_capitals = assets.iter().map(|(known, _)| known).find(|known| known.to_lowercase() == lower);
    let close = match rel.strip_prefix("static/").filter(|inside| assets.contains(inside)) {
        Some(inside) => Some(inside.to_string()),
        None if same_but_capitals.is_some() => same_but_capitals.cloned(),
        None => {
            // by file name: every path shares a folder such as images/ with its neighbours
            let name = |path: &str| path.rsplit('/').next().unwrap_or(path).to_string();
            let names: Vec<(String, &String)> = assets.iter().map(|(path, _)| (name(path), path)).collect();
            let wanted = name(rel);
            let close = crate::error::did_you_mean(&wanted, names.iter().map(|(name, _)| name.as_str()));
            close.and_then(|close| names.iter().find(|(name, _)| name == close)).map(|(_, path)| path.to_string())
        }
    };
    Some(MissingFile { written: path.to_string(), path: rel.to_string(), close })
}

/// Why a base URL is refused: what is wrong, and the start of the advice.
struct BaseUrlProblem {
    message: String,
    help: &'static str,
}

/// A base URL as Shingle uses it (ending in `/`), or why it cannot be one: it must be a full
/// `https://` or `http://` address with a host, and an address that can go into any link.
fn base_url(url: &str) -> Result<String, BaseUrlProblem> {
    let url = url.trim();
    let full = |rest: &str| !rest.is_empty() && !rest.starts_with('/');
    let web = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://")).is_some_and(full);
    if !web {
        return Err(BaseUrlProblem {
            message: format!("'{url}' is not a web address"),
            help: "write the full address, starting with https://",
        });
    }
    if crate::context::link(url).is_err() || url.contains(['?', '#', '"', '<', '>']) {
        return Err(BaseUrlProblem {
            message: format!(
                "'{url}' cannot be the site's address: it has spaces or characters a web address cannot hold"
            ),
            help: "write only the address where the site will live",
        });
    }
    Ok(if url.ends_with('/') { url.to_string() } else { format!("{url}/") })
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
