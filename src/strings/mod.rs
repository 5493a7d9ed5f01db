//! The words the themes and Shingle's own pages print, in the site's language: one table per
//! language, compiled in (`en.toml`, `es.toml`, …), chosen by `language` in site.toml, with the
//! site's `[strings]` on top. It owns dates for readers too. It does not know where a string
//! lands: templates and views put each through the rule of its context.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use crate::date::Date;

/// The tables, by the first part of a language tag (`en` for `en-GB`).
const TABLES: [(&str, &str); 5] = [
    ("en", include_str!("en.toml")),
    ("es", include_str!("es.toml")),
    ("fr", include_str!("fr.toml")),
    ("de", include_str!("de.toml")),
    ("pt", include_str!("pt.toml")),
];

/// The English table, read once: the keys a site may set, the blanks each is filled with, and
/// the words every other table falls back to.
static ENGLISH: LazyLock<Strings> = LazyLock::new(|| parse(TABLES[0].1));

/// The words of one site: its language's table with the site's own strings on top.
#[derive(Debug, Clone)]
pub struct Strings {
    words: BTreeMap<String, String>,
    months: Vec<String>,
}

impl Strings {
    /// The words for `language` (a tag such as `en-GB` or `fr`), English when there is no table
    /// for it (site.toml's check warns about that), with `own` on top.
    pub fn new(language: &str, own: &BTreeMap<String, String>) -> Strings {
        let table = table_for(language).unwrap_or(TABLES[0].1);
        let mut strings = parse(table);
        // a table missing a word falls back to English, so no theme ever prints an empty label
        if table != TABLES[0].1 {
            for (key, value) in &ENGLISH.words {
                strings.words.entry(key.clone()).or_insert_with(|| value.clone());
            }
        }
        for (key, value) in own {
            strings.words.insert(key.clone(), value.clone());
        }
        strings
    }

    /// The word for `key`, or the key itself when no table has it (a typo in a template shows).
    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.words.get(key).map_or(key, String::as_str)
    }

    /// The word for `key` with each `{name}` replaced by its value.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        let mut text = self.get(key).to_string();
        for (name, value) in values {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }

    /// The `_one` form of `key` when `count` is 1, else `key`, filled with `values`.
    pub fn count(&self, key: &str, count: f64, values: &[(&str, &str)]) -> String {
        let one = format!("{key}_one");
        if count == 1.0 && self.words.contains_key(&one) { self.fill(&one, values) } else { self.fill(key, values) }
    }

    /// A date for readers: `18 May 2024`, `18 de mayo de 2024`.
    pub fn date(&self, date: Date) -> String {
        let month = self.months.get(usize::from(date.month).saturating_sub(1)).map_or("", String::as_str);
        self.fill("date", &[("day", &date.day.to_string()), ("month", month), ("year", &date.year.to_string())])
    }

    /// Every word, for templates (`strings.menu`).
    pub fn words(&self) -> &BTreeMap<String, String> {
        &self.words
    }
}

/// The keys a site may set under `[strings]`: those of the English table.
pub fn keys() -> Vec<String> {
    ENGLISH.words.keys().cloned().collect()
}

/// The `{names}` the English string `key` is filled with, in order of first use.
pub fn blanks_of(key: &str) -> Vec<String> {
    ENGLISH
        .words
        .get(key)
        .map(|text| blanks(text).into_iter().map(|(_, name)| name.to_string()).collect())
        .unwrap_or_default()
}

/// Every `{name}` in `text` (a name of letters, digits and `_`), with the byte offset of its `{`,
/// each name once.
pub fn blanks(text: &str) -> Vec<(usize, &str)> {
    let mut found: Vec<(usize, &str)> = Vec::new();
    for (start, _) in text.match_indices('{') {
        let rest = &text[start + 1..];
        let Some(end) = rest.find('}') else { continue };
        let name = &rest[..end];
        let word = !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_');
        if word && !found.iter().any(|(_, seen)| *seen == name) {
            found.push((start, name));
        }
    }
    found
}

/// The English table as written, with its comments: the reference docs/themes.md points to.
pub fn english_table() -> &'static str {
    TABLES[0].1
}

/// The languages with a table, by the first part of their tag.
pub fn languages() -> impl Iterator<Item = &'static str> {
    TABLES.iter().map(|(code, _)| *code)
}

/// Whether Shingle has a table of words for `language`.
pub fn has_table(language: &str) -> bool {
    table_for(language).is_some()
}

fn table_for(language: &str) -> Option<&'static str> {
    let primary = language.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
    TABLES.iter().find(|(code, _)| *code == primary).map(|(_, text)| *text)
}

fn parse(text: &str) -> Strings {
    // the tables are part of Shingle and checked by its tests, so a mistake here is a bug
    let table: toml::Table = toml::from_str(text).unwrap_or_default();
    let mut words = BTreeMap::new();
    let mut months = Vec::new();
    for (key, value) in table {
        match value {
            toml::Value::String(text) => {
                words.insert(key, text);
            }
            toml::Value::Array(names) if key == "months" => {
                months = names.into_iter().filter_map(|n| n.as_str().map(str::to_string)).collect();
            }
            _ => {}
        }
    }
    Strings { words, months }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_has_every_english_word_and_twelve_months() {
        let english = parse(TABLES[0].1);
        for (code, text) in TABLES {
            let table: toml::Table = toml::from_str(text).unwrap_or_else(|e| panic!("{code}.toml: {e}"));
            let strings = parse(text);
            assert_eq!(strings.months.len(), 12, "{code}.toml has 12 months");
            for (key, value) in &english.words {
                let words = strings.words.get(key).unwrap_or_else(|| panic!("{code}.toml has no '{key}'"));
                let names = |text: &str| {
                    let mut names: Vec<String> = blanks(text).into_iter().map(|(_, name)| name.to_string()).collect();
                    names.sort();
                    names
                };
                assert_eq!(names(value), names(words), "{code}.toml '{key}' is filled with what English is");
            }
            for key in table.keys() {
                assert!(key == "months" || english.words.contains_key(key), "{code}.toml has '{key}', English has not");
            }
        }
    }

    #[test]
    fn a_language_is_found_by_its_first_part_and_the_site_has_the_last_word() {
        let own = BTreeMap::from([("menu".to_string(), "Navigation".to_string())]);
        let french = Strings::new("fr-CA", &own);
        assert!(has_table("fr-CA"));
        assert_eq!(french.get("menu"), "Navigation");
        assert_eq!(french.date(Date::new(2024, 5, 18).expect("a date")), "18 mai 2024");
        let dutch = Strings::new("nl", &BTreeMap::new());
        assert!(!has_table("nl"));
        assert_eq!(dutch.date(Date::new(2024, 5, 18).expect("a date")), "18 May 2024");
        assert_eq!(dutch.count("posts", 1.0, &[("count", "1")]), "1 post");
    }
}
