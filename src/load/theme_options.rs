//! The options a theme declares in its `theme.toml` (a type, a default and one line of help
//! each), the site's `[theme_options]` checked against them, and the values templates get: the
//! defaults with the site's values on top, and text colours worked out from the colour options
//! so every pair reads at WCAG AA. Finding theme.toml is `theme`'s job; the maths is `colour`'s.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use toml::Spanned;

use crate::colour::{self, AA_TEXT, BLACK, ColourProblem, Rgb, WHITE};
use crate::error::{Diagnostic, did_you_mean, line_col};
use crate::load::assets::Assets;
use crate::load::config::{At, Config, missing_file};
use crate::toml_error::TomlSource;

/// What Shingle adds for each colour option `NAME` that is set: `NAME_text` (white or
/// near-black, for text on a `NAME` background), `NAME_on_light` and `NAME_on_dark` (the colour
/// as text on the theme's light and dark surfaces, darkened or lightened until it reads).
pub const DERIVED: [&str; 3] = ["_text", "_on_light", "_on_dark"];

/// How much of the way to white the dark-mode shade of a colour is (`dark_of`).
const DARK_SHADE: f64 = 0.55;

/// A theme's options, as its theme.toml declares them.
#[derive(Debug, Clone, Default)]
pub struct Declarations {
    /// The theme's description.
    pub description: String,
    /// Each option, in the order theme.toml lists them.
    pub options: Vec<Declared>,
    /// The backgrounds text sits on.
    pub surfaces: Surfaces,
    /// theme.toml as messages name it: `themes/plain/theme.toml`, `theme beacon: theme.toml`.
    pub file: String,
}

/// The backgrounds text sits on in a theme, in either colour scheme.
#[derive(Debug, Clone)]
pub struct Surfaces {
    /// Light ones: `NAME_on_light` reads on each.
    pub light: Vec<Rgb>,
    /// Dark ones: `NAME_on_dark` reads on each; the first is also the near-black of `NAME_text`.
    pub dark: Vec<Rgb>,
}

impl Default for Surfaces {
    fn default() -> Self {
        Surfaces { light: vec![WHITE], dark: vec![BLACK] }
    }
}

/// One option.
#[derive(Debug, Clone)]
pub struct Declared {
    /// Its name in `[theme_options]`.
    pub name: String,
    /// What it holds.
    pub kind: Kind,
    /// Its value when the site does not set it.
    pub default: toml::Value,
    /// One line on what it does.
    pub help: String,
    /// For a colour left empty: the colour option whose lighter shade it is.
    pub dark_of: Option<String>,
    /// Line and column of its name in theme.toml.
    pub name_at: (usize, usize),
    /// Line and column of the default in theme.toml.
    pub default_at: (usize, usize),
}

/// What an option holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A CSS colour; templates get it as `#rrggbb`.
    Colour,
    /// Any text.
    Text,
    /// true or false.
    Boolean,
    /// A whole number, within the bounds when given.
    Number {
        /// The smallest allowed.
        min: Option<i64>,
        /// The largest allowed.
        max: Option<i64>,
    },
    /// One of a few words.
    Choice(Vec<String>),
    /// A file in the site's or the theme's static/ folder.
    Image,
    /// A plain option of an older theme.toml whose default is text that is not a colour: any
    /// text a stylesheet can hold, since such a theme may write it into CSS.
    CssText,
    /// A plain option of an older theme.toml whose default is a list, a table, a date or a
    /// decimal: taken as it is.
    Any,
}

impl Kind {
    /// The type in plain words, for the docs and `shingle themes`.
    pub fn describe(&self) -> String {
        match self {
            Kind::Colour => "colour".to_string(),
            Kind::Text | Kind::CssText => "text".to_string(),
            Kind::Boolean => "true or false".to_string(),
            Kind::Number { min: Some(min), max: Some(max) } => format!("whole number, {min} to {max}"),
            Kind::Number { min: Some(min), max: None } => format!("whole number, {min} or more"),
            Kind::Number { min: None, max: Some(max) } => format!("whole number, up to {max}"),
            Kind::Number { .. } => "whole number".to_string(),
            Kind::Choice(choices) => {
                let quoted: Vec<String> = choices.iter().map(|c| format!("`\"{c}\"`")).collect();
                format!("one of {}", quoted.join(", "))
            }
            Kind::Image => "file in static/".to_string(),
            Kind::Any => "any value".to_string(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// theme.toml

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    #[serde(default)]
    #[allow(dead_code)]
    name: Option<String>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    surfaces: Option<SurfacesFile>,
    #[serde(default)]
    options: BTreeMap<Spanned<String>, Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SurfacesFile {
    light: Vec<Spanned<String>>,
    dark: Vec<Spanned<String>>,
}

/// One option as written: a declaration table, or the plain `name = default` of older themes.
enum Entry {
    Declared(Declaration),
    Plain(toml::Value),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Declaration {
    #[serde(rename = "type")]
    kind: KindName,
    default: Spanned<toml::Value>,
    help: String,
    min: Option<i64>,
    max: Option<i64>,
    choices: Option<Vec<String>>,
    dark_of: Option<String>,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum KindName {
    #[serde(alias = "color")]
    Colour,
    Text,
    Boolean,
    Number,
    Choice,
    Image,
}

/// The fields a declaration may have, for "did you mean".
const DECLARATION_FIELDS: &[&str] = &["type", "default", "help", "min", "max", "choices", "dark_of"];

impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(EntryVisitor)
    }
}

struct EntryVisitor;

impl<'de> Visitor<'de> for EntryVisitor {
    type Value = Entry;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a table with type, default and help, or a default value")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Entry, A::Error> {
        Declaration::deserialize(de::value::MapAccessDeserializer::new(map)).map(Entry::Declared)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Entry, E> {
        Ok(Entry::Plain(toml::Value::Boolean(v)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Entry, E> {
        Ok(Entry::Plain(toml::Value::Integer(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Entry, E> {
        i64::try_from(v).map(|v| Entry::Plain(toml::Value::Integer(v))).map_err(E::custom)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Entry, E> {
        Ok(Entry::Plain(toml::Value::Float(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Entry, E> {
        Ok(Entry::Plain(toml::Value::String(v.to_string())))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Entry, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<toml::Value>()? {
            items.push(item);
        }
        Ok(Entry::Plain(toml::Value::Array(items)))
    }
}

impl Declarations {
    /// Reads a theme.toml; `file` names it in messages. Every problem in it is an error.
    pub fn parse(file: &str, text: &str) -> Result<Declarations, Vec<Diagnostic>> {
        let source = TomlSource { file, file_text: text, offset: 0 };
        let parsed: ThemeFile = toml::from_str(text).map_err(|err| {
            let mut fields = vec!["name", "description", "surfaces", "options", "light", "dark"];
            fields.extend(DECLARATION_FIELDS);
            vec![source.diagnose(&err, &fields)]
        })?;
        let mut problems = Vec::new();
        let mut surfaces = Surfaces::default();
        if let Some(file_surfaces) = &parsed.surfaces {
            let mut read = |list: &[Spanned<String>]| -> Vec<Rgb> {
                let mut colours = Vec::new();
                for written in list {
                    match colour::parse(written.get_ref()) {
                        Ok(rgb) => colours.push(rgb),
                        Err(_) => problems.push(
                            source
                                .error_at(written.span().start, format!("'{}' is not a colour", written.get_ref()))
                                .help("write each surface as # and six hex digits, for example \"#ffffff\""),
                        ),
                    }
                }
                colours
            };
            let light = read(&file_surfaces.light);
            let dark = read(&file_surfaces.dark);
            if !light.is_empty() {
                surfaces.light = light;
            }
            if !dark.is_empty() {
                surfaces.dark = dark;
            }
        }
        let mut entries: Vec<(Spanned<String>, Entry)> = parsed.options.into_iter().collect();
        entries.sort_by_key(|(name, _)| name.span().start);
        let mut options = Vec::new();
        for (name, entry) in entries {
            let at = name.span().start;
            match declared(name.into_inner(), entry, at, &source) {
                Ok(option) => options.push(option),
                Err(problem) => problems.push(problem),
            }
        }
        problems.extend(check_names(&options, file));
        if problems.is_empty() {
            Ok(Declarations { description: parsed.description, options, surfaces, file: file.to_string() })
        } else {
            Err(problems)
        }
    }

    /// The declaration of `name`.
    pub fn get(&self, name: &str) -> Option<&Declared> {
        self.options.iter().find(|o| o.name == name)
    }

    /// The options as a Markdown table: option, type, default, what it does.
    pub fn docs_table(&self) -> String {
        let mut table = String::from("| option | type | default | what it does |\n|---|---|---|---|\n");
        for option in &self.options {
            let default = match &option.default {
                toml::Value::String(text) if text.is_empty() => "`\"\"`".to_string(),
                other => format!("`{other}`"),
            };
            let _ = writeln!(table, "| `{}` | {} | {default} | {} |", option.name, option.kind.describe(), option.help);
        }
        table
    }
}

/// One option from its entry, its type checked against its default.
fn declared(name: String, entry: Entry, at: usize, source: &TomlSource) -> Result<Declared, Diagnostic> {
    let declaration = match entry {
        Entry::Plain(default) => {
            let kind = match &default {
                toml::Value::Boolean(_) => Kind::Boolean,
                toml::Value::Integer(_) => Kind::Number { min: None, max: None },
                toml::Value::String(text) if text.starts_with('#') && colour::parse(text).is_ok() => Kind::Colour,
                toml::Value::String(_) => Kind::CssText,
                _ => Kind::Any,
            };
            let default = if kind == Kind::Colour { normalised_colour(&default) } else { default };
            return Ok(Declared {
                name,
                kind,
                default,
                help: String::new(),
                dark_of: None,
                name_at: line_col(source.file_text, at),
                default_at: line_col(source.file_text, at),
            });
        }
        Entry::Declared(declaration) => declaration,
    };
    let error = |offset: usize, message: String, help: &str| source.error_at(offset, message).help(help);
    let kind = match (declaration.kind, &declaration.choices) {
        (KindName::Choice, Some(choices)) if !choices.is_empty() => Kind::Choice(choices.clone()),
        (KindName::Choice, _) => {
            return Err(error(
                at,
                format!("the option {name} is a choice but lists no choices"),
                "add the words it may be, for example: choices = [\"split\", \"stacked\"]",
            ));
        }
        (_, Some(_)) => {
            return Err(error(
                at,
                format!("the option {name} has choices but is not a choice"),
                "write type = \"choice\", or remove the choices",
            ));
        }
        (KindName::Colour, _) => Kind::Colour,
        (KindName::Text, _) => Kind::Text,
        (KindName::Boolean, _) => Kind::Boolean,
        (KindName::Number, _) => Kind::Number { min: declaration.min, max: declaration.max },
        (KindName::Image, _) => Kind::Image,
    };
    if !matches!(kind, Kind::Number { .. }) && (declaration.min.is_some() || declaration.max.is_some()) {
        return Err(error(
            at,
            format!("the option {name} has a min or max but is not a number"),
            "write type = \"number\", or remove min and max",
        ));
    }
    if declaration.dark_of.is_some() && kind != Kind::Colour {
        return Err(error(
            at,
            format!("the option {name} has dark_of but is not a colour"),
            "write type = \"colour\", or remove dark_of",
        ));
    }
    let default_offset = declaration.default.span().start;
    let default = declaration.default.into_inner();
    let value = check_value(&name, &kind, &default, true).map_err(|(message, help)| {
        source.error_at(default_offset, format!("the default of {name}: {message}")).help(help)
    })?;
    Ok(Declared {
        name,
        kind,
        default: value,
        help: declaration.help,
        dark_of: declaration.dark_of,
        name_at: line_col(source.file_text, at),
        default_at: line_col(source.file_text, default_offset),
    })
}

/// A colour default of an older theme.toml, written the one way Shingle writes colours.
fn normalised_colour(value: &toml::Value) -> toml::Value {
    match value.as_str().map(colour::parse) {
        Some(Ok(rgb)) => toml::Value::String(rgb.hex()),
        _ => value.clone(),
    }
}

/// Names that would clash: an option called like a colour another option derives, and a
/// `dark_of` that names no colour option.
fn check_names(options: &[Declared], file: &str) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for option in options {
        let (line, column) = option.name_at;
        let error = |message: String| Diagnostic::error(file, message).at(line, column);
        for colour in options.iter().filter(|o| o.kind == Kind::Colour) {
            if let Some(suffix) = DERIVED.iter().find(|s| option.name == format!("{}{s}", colour.name)) {
                problems.push(
                    error(format!(
                        "the option {} has the name Shingle gives a colour it works out from {}",
                        option.name, colour.name
                    ))
                    .help(format!("rename it: names ending in {suffix} after a colour option are taken")),
                );
            }
        }
        if let Some(base) = &option.dark_of
            && !options.iter().any(|o| &o.name == base && o.kind == Kind::Colour)
        {
            problems.push(
                error(format!("dark_of = \"{base}\" names no colour option of this theme")).help(
                    "name the colour option this one is the dark-mode shade of, for example: dark_of = \"accent\"",
                ),
            );
        }
    }
    problems
}

// ---------------------------------------------------------------------------------------------
// the site's values

impl Declarations {
    /// The values templates get in `site.theme_options` for this site: each option's default,
    /// the site's `[theme_options]` on top, and the colours worked out for contrast. Every
    /// problem found is returned, each at its line of site.toml (or of theme.toml, for a default).
    pub fn resolve(&self, theme: &str, config: &Config, assets: &Assets) -> (toml::Table, Vec<Diagnostic>) {
        let mut values = toml::Table::new();
        let mut problems = Vec::new();
        let mut from_site: BTreeSet<&str> = BTreeSet::new();
        for option in &self.options {
            values.insert(option.name.clone(), option.default.clone());
        }
        for (key, value) in &config.theme_options {
            let Some(option) = self.get(key) else {
                problems.push(self.unknown(theme, key, config));
                continue;
            };
            match check_value(key, &option.kind, value, option.default.as_str() == Some("")) {
                Ok(value) => {
                    values.insert(key.clone(), value);
                    from_site.insert(key);
                }
                Err((message, help)) => {
                    problems.push(config.error_at_setting("theme_options", key, At::Value, message).help(help))
                }
            }
        }
        for option in self.options.iter().filter(|o| o.kind == Kind::Image) {
            let Some(path) = values.get(&option.name).and_then(toml::Value::as_str).filter(|p| !p.is_empty()) else {
                continue;
            };
            let Some(missing) = missing_file(path, assets) else { continue };
            let message = format!("the {} '{path}' does not exist", option.name);
            problems.push(if from_site.contains(option.name.as_str()) {
                config
                    .error_at_setting("theme_options", &option.name, At::Value, message)
                    .help(missing.help("under [theme_options]"))
            } else {
                self.error_at_default(option, message).help(format!(
                    "add the file to the theme's static/ folder, or set {} in site.toml's [theme_options]",
                    option.name
                ))
            });
        }
        self.fill_dark_shades(&mut values);
        problems.extend(self.derive_colours(&mut values, config, &from_site));
        (values, problems)
    }

    /// An option the theme does not have: "did you mean", or the list of its options.
    fn unknown(&self, theme: &str, key: &str, config: &Config) -> Diagnostic {
        let names: Vec<&str> = self.options.iter().map(|o| o.name.as_str()).collect();
        let base = DERIVED
            .iter()
            .find_map(|suffix| key.strip_suffix(suffix))
            .filter(|base| self.get(base).is_some_and(|o| o.kind == Kind::Colour));
        if let Some(base) = base {
            return config
                .error_at_setting(
                    "theme_options",
                    key,
                    At::Key,
                    format!("'{key}' is worked out by Shingle from '{base}', so it cannot be set"),
                )
                .help(format!("remove this line; to change it, change {base}"));
        }
        if names.is_empty() {
            return config
                .error_at_setting("theme_options", key, At::Key, format!("the theme {theme} has no options"))
                .help(format!("remove [theme_options], or declare '{key}' in the theme's theme.toml"));
        }
        match did_you_mean(key, names.iter().copied()) {
            Some(close) => config
                .error_at_setting(
                    "theme_options",
                    key,
                    At::Key,
                    format!("unknown theme option '{key}' (did you mean '{close}'?)"),
                )
                .help(format!("rename it to '{close}', or remove the line")),
            None => config
                .error_at_setting("theme_options", key, At::Key, format!("the theme {theme} has no option '{key}'"))
                .help(format!("its options are: {}", names.join(", "))),
        }
    }

    fn error_at_default(&self, option: &Declared, message: String) -> Diagnostic {
        let (line, column) = option.default_at;
        Diagnostic::error(&self.file, message).at(line, column)
    }

    /// An empty colour with `dark_of` becomes the lighter shade of its colour, for dark mode.
    fn fill_dark_shades(&self, values: &mut toml::Table) {
        for option in &self.options {
            let Some(base) = &option.dark_of else { continue };
            if values.get(&option.name).and_then(toml::Value::as_str).is_some_and(|v| !v.is_empty()) {
                continue;
            }
            if let Some(Ok(base)) = values.get(base).and_then(toml::Value::as_str).map(colour::parse) {
                values.insert(option.name.clone(), toml::Value::String(base.mix(WHITE, DARK_SHADE).hex()));
            }
        }
    }

    /// `NAME_text`, `NAME_on_light` and `NAME_on_dark` for every colour option that is set.
    fn derive_colours(&self, values: &mut toml::Table, config: &Config, from_site: &BTreeSet<&str>) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        let near_black = self.surfaces.dark.first().copied().unwrap_or(BLACK);
        for option in self.options.iter().filter(|o| o.kind == Kind::Colour) {
            let Some(Ok(rgb)) =
                values.get(&option.name).and_then(toml::Value::as_str).filter(|v| !v.is_empty()).map(colour::parse)
            else {
                continue;
            };
            let text = rgb.text_on(&[WHITE, near_black, BLACK], AA_TEXT);
            let on_light = rgb.readable_on(&self.surfaces.light, BLACK, AA_TEXT);
            let on_dark = rgb.readable_on(&self.surfaces.dark, WHITE, AA_TEXT);
            let name = &option.name;
            for (suffix, derived, surfaces) in [
                ("_text", text, "white or black text on it"),
                ("_on_light", on_light, "the theme's light backgrounds"),
                ("_on_dark", on_dark, "the theme's dark backgrounds"),
            ] {
                match derived {
                    Some(rgb) => {
                        values.insert(format!("{name}{suffix}"), toml::Value::String(rgb.hex()));
                    }
                    None => {
                        let message = format!(
                            "no shade of {name} = \"{}\" can be read against {surfaces} (WCAG AA asks for 4.5 to 1)",
                            rgb.hex()
                        );
                        let help = format!("choose a darker or lighter {name}, or change the [surfaces] of the theme");
                        problems.push(if from_site.contains(name.as_str()) {
                            config.error_at_setting("theme_options", name, At::Value, message).help(help)
                        } else {
                            self.error_at_default(option, message).help(help)
                        });
                    }
                }
            }
        }
        problems
    }
}

/// A value for an option of `kind`, as templates get it, or what is wrong with it and how to
/// write it right. `may_be_empty`: an empty colour or file means "none".
fn check_value(
    name: &str,
    kind: &Kind,
    value: &toml::Value,
    may_be_empty: bool,
) -> Result<toml::Value, (String, String)> {
    let text = value.as_str();
    let wrong = |should: &str, example: String| {
        Err((format!("'{name}' should be {should}, but it is {}", found(value)), example))
    };
    match kind {
        Kind::Colour => match text {
            Some("") if may_be_empty => Ok(value.clone()),
            Some("") => Err((format!("'{name}' is empty"), format!("write a colour, for example {name} = \"#1f6f78\", or remove the line to use the theme's own"))),
            Some(text) => colour_value(name, text),
            None => match value.as_integer().filter(|n| (0..=0xff_ffff).contains(n)) {
                Some(n) => wrong("a colour in quotes", format!("write {name} = \"#{n:06x}\"")),
                None => wrong("a colour in quotes", format!("for example: {name} = \"#1f6f78\"")),
            },
        },
        Kind::Text => match text {
            Some(_) => Ok(value.clone()),
            None => wrong("text in quotes", format!("put the value in quotes, for example: {name} = \"…\"")),
        },
        Kind::CssText => match text {
            Some(text) if crate::context::is_css_value(text) => Ok(value.clone()),
            Some(text) => Err((
                format!("the theme option {name} = \"{text}\" has characters a stylesheet cannot hold"),
                "theme options take colours such as \"#1f6f78\", words such as \"split\", or paths such as \"images/logo.svg\"".to_string(),
            )),
            None => wrong("text in quotes", format!("put the value in quotes, for example: {name} = \"…\"")),
        },
        Kind::Boolean => match value {
            toml::Value::Boolean(_) => Ok(value.clone()),
            _ => wrong("true or false", format!("write {name} = true or {name} = false, without quotes")),
        },
        Kind::Number { min, max } => {
            let example = min.unwrap_or(0).max(max.map_or(3, |max| max.min(3)));
            let Some(number) = value.as_integer() else {
                return wrong("a whole number", format!("write a number without quotes, for example: {name} = {example}"));
            };
            let range = match (min, max) {
                (Some(min), Some(max)) => format!("from {min} to {max}"),
                (Some(min), None) => format!("{min} or more"),
                (None, Some(max)) => format!("at most {max}"),
                (None, None) => String::new(),
            };
            if min.is_some_and(|min| number < min) || max.is_some_and(|max| number > max) {
                return Err((format!("'{name}' must be {range}, but it is {number}"), format!("for example: {name} = {example}")));
            }
            Ok(value.clone())
        }
        Kind::Choice(choices) => {
            let list = choices.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ");
            let Some(text) = text else {
                return wrong(&format!("one of {list}"), format!("for example: {name} = \"{}\"", choices[0]));
            };
            if choices.iter().any(|c| c == text) {
                return Ok(value.clone());
            }
            let help = match did_you_mean(text, choices.iter().map(String::as_str)) {
                Some(close) => format!("did you mean \"{close}\"? The choices are: {list}"),
                None => format!("use one of: {list}"),
            };
            Err((format!("'{text}' is not one of the choices for {name}"), help))
        }
        Kind::Image => match text {
            Some(path) if crate::url::is_external(path) => Err((
                format!("the {name} must be a file of the site, not a web address"),
                format!("save it in static/images/ and write {name} = \"images/NAME\""),
            )),
            Some("") if may_be_empty => Ok(value.clone()),
            Some("") => Err((format!("'{name}' is empty"), "write the path of a file in static/, or remove the line".to_string())),
            Some(_) => Ok(value.clone()),
            None => wrong("the path of a file in static/, in quotes", format!("for example: {name} = \"images/logo.svg\"")),
        },
        Kind::Any => Ok(value.clone()),
    }
}

/// A colour option's value as `#rrggbb`, or what is wrong with what was written.
fn colour_value(name: &str, text: &str) -> Result<toml::Value, (String, String)> {
    match colour::parse(text) {
        Ok(rgb) => Ok(toml::Value::String(rgb.hex())),
        Err(ColourProblem::NoHash(right)) => Err((
            format!("{name} = \"{text}\" is not a colour: a colour starts with #"),
            format!("write {name} = \"{right}\""),
        )),
        Err(ColourProblem::Transparent(opaque)) => Err((
            format!("{name} = \"{text}\" is see-through, so Shingle cannot tell whether text on it can be read"),
            match opaque {
                Some(opaque) => format!("write an opaque colour, for example {name} = \"{opaque}\""),
                None => format!("write an opaque colour, for example {name} = \"#1f6f78\""),
            },
        )),
        Err(ColourProblem::Unknown(close)) => {
            let how = format!(
                "write # and six digits or letters a to f, for example {name} = \"#1f6f78\"; colour names such as \"teal\", rgb(…) and hsl(…) work too"
            );
            Err((
                format!("{name} = \"{text}\" is not a colour"),
                match close {
                    Some(close) => format!("did you mean \"{close}\"? Or {how}"),
                    None => how,
                },
            ))
        }
    }
}

/// A value in plain words: `the text "yes"`, `the number 5`.
fn found(value: &toml::Value) -> String {
    match value {
        toml::Value::String(text) => format!("the text \"{text}\""),
        toml::Value::Integer(n) => format!("the number {n}"),
        toml::Value::Float(n) => format!("the number {n}"),
        toml::Value::Boolean(b) => format!("the value {b}"),
        toml::Value::Datetime(d) => format!("the date {d}"),
        toml::Value::Array(_) => "a list".to_string(),
        toml::Value::Table(_) => "a table".to_string(),
    }
}
