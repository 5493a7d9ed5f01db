//! The options a theme declares in its `theme.toml` (a type, a default and one line of help
//! each, and the surfaces text sits on), the rule each type sets for a value, and the docs table
//! made from them. Finding theme.toml is `theme`'s job; the values a site gets, `option_values`'s.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use toml::Spanned;

use crate::colour::{self, BLACK, ColourProblem, Rgb, WHITE};
use crate::error::{Diagnostic, did_you_mean, line_col};
use crate::toml_error::TomlSource;

/// What Shingle adds for each colour option `NAME` that is set: `NAME_text` (white or
/// near-black, for text on a `NAME` background), `NAME_on_light` and `NAME_on_dark` (the colour
/// as text on the theme's light and dark surfaces, darkened or lightened until it reads).
pub const DERIVED: [&str; 3] = ["_text", "_on_light", "_on_dark"];

/// A theme's options, as its theme.toml declares them.
#[derive(Debug, Clone, Default)]
pub struct Declarations {
    /// The theme's description.
    pub description: String,
    /// Each option, in the order theme.toml lists them.
    pub options: Vec<Declared>,
    /// The backgrounds text sits on.
    pub surfaces: Surfaces,
    /// The widths the theme shows pictures at, by role (`[images]`).
    pub image_widths: crate::images::Widths,
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    /// Written for people reading the file; the folder gives a theme its name.
    #[serde(default, rename = "name")]
    _name: Option<String>,
    #[serde(default)]
    description: String,
    #[serde(default)]
    surfaces: Option<SurfacesFile>,
    #[serde(default)]
    images: BTreeMap<Spanned<String>, Spanned<Vec<u32>>>,
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

/// The widest copy a theme may ask for, and the narrowest.
const IMAGE_WIDTHS: std::ops::RangeInclusive<u32> = 16..=4096;

/// `[images]` of a theme.toml: for each role, the widths its pictures are shown at.
fn read_image_widths(
    written: &BTreeMap<Spanned<String>, Spanned<Vec<u32>>>,
    source: &TomlSource,
    problems: &mut Vec<Diagnostic>,
) -> crate::images::Widths {
    use crate::images::Role;
    let mut widths = crate::images::Widths::default();
    for (name, list) in written {
        let Some(role) = Role::named(name.get_ref()) else {
            let names: Vec<&str> = Role::ALL.iter().map(|r| r.name()).collect();
            let help = match crate::error::did_you_mean(name.get_ref(), names.iter().copied()) {
                Some(close) => format!("did you mean '{close}'? The roles are: {}", names.join(", ")),
                None => format!("the roles are: {}", names.join(", ")),
            };
            problems.push(
                source
                    .error_at(name.span().start, format!("'{}' is not a role of pictures", name.get_ref()))
                    .help(help),
            );
            continue;
        };
        if list.get_ref().is_empty() || list.get_ref().iter().any(|w| !IMAGE_WIDTHS.contains(w)) {
            problems.push(
                source
                    .error_at(
                        list.span().start,
                        format!("the widths for {} pictures must be between 16 and 4096 pixels", role.name()),
                    )
                    .help(format!("for example: {} = [320, 640]", role.name())),
            );
            continue;
        }
        widths.set(role, list.get_ref().clone());
    }
    widths
}

impl Declarations {
    /// Reads a theme.toml; `file` names it in messages. Every problem in it is an error.
    pub fn parse(file: &str, text: &str) -> Result<Declarations, Vec<Diagnostic>> {
        let source = TomlSource { file, file_text: text, offset: 0 };
        let parsed: ThemeFile = toml::from_str(text).map_err(|err| {
            let mut fields = vec!["name", "description", "surfaces", "images", "options", "light", "dark"];
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
        let image_widths = read_image_widths(&parsed.images, &source, &mut problems);
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
            Ok(Declarations {
                description: parsed.description,
                options,
                surfaces,
                image_widths,
                file: file.to_string(),
            })
        } else {
            Err(problems)
        }
    }

    /// The options as `shingle themes NAME` would print them: name, type and default on one
    /// line, what it does on the next.
    pub fn options_text(&self) -> String {
        let mut text = String::new();
        for option in &self.options {
            let default = match &option.default {
                toml::Value::String(value) if value.is_empty() => "\"\" (none)".to_string(),
                other => other.to_string(),
            };
            let kind = option.kind.describe().replace('`', "");
            let _ = writeln!(text, "{}  {kind}, default {default}\n    {}", option.name, option.help.replace('`', ""));
        }
        text
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
/// A value for an option of `kind`, as templates get it, or what is wrong with it and how to
/// write it right. `may_be_empty`: an empty colour or file means "none".
pub(crate) fn check_value(
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    const THEMES: [&str; 3] = ["beacon", "harbor", "linen"];

    /// A built-in theme's declarations read from the repository, every problem shown.
    pub(crate) fn builtin(name: &str) -> Declarations {
        let text = std::fs::read_to_string(format!("{}/themes/{name}/theme.toml", env!("CARGO_MANIFEST_DIR")))
            .expect("theme.toml");
        Declarations::parse(&format!("theme {name}: theme.toml"), &text).unwrap_or_else(|problems| {
            panic!("{}", problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))
        })
    }

    #[test]
    fn every_surface_a_theme_lists_is_in_its_stylesheet() {
        for theme in THEMES {
            let css =
                std::fs::read_to_string(format!("{}/themes/{theme}/static/style.css", env!("CARGO_MANIFEST_DIR")))
                    .expect("style.css");
            let declarations = builtin(theme);
            for surface in declarations.surfaces.light.iter().chain(&declarations.surfaces.dark) {
                let hex = surface.hex();
                let short = if hex == "#ffffff" { "#fff".to_string() } else { hex.clone() };
                assert!(css.contains(&format!(":{hex}")) || css.contains(&format!(":{short};")), "{theme}: {hex}");
            }
        }
    }

    #[test]
    fn mistakes_in_a_theme_toml_are_named_in_it() {
        let error = |text: &str| {
            Declarations::parse("themes/mine/theme.toml", text)
                .err()
                .map(|problems| problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))
                .unwrap_or_default()
        };
        assert_eq!(
            error("[options.accent]\ntpye = \"colour\"\ndefault = \"#123456\"\nhelp = \"x\"\n"),
            "themes/mine/theme.toml:2:1: error: unknown field 'tpye' (did you mean 'type'?)\n  rename it to 'type', or remove the line"
        );
        assert_eq!(
            error("[options.accent]\ntype = \"colour\"\ndefault = \"123456\"\nhelp = \"x\"\n"),
            "themes/mine/theme.toml:3:11: error: the default of accent: accent = \"123456\" is not a colour: a colour starts with #\n  write accent = \"#123456\""
        );
        assert_eq!(
            error("[options.layout]\ntype = \"choice\"\ndefault = \"wide\"\nhelp = \"x\"\n"),
            "themes/mine/theme.toml:1:10: error: the option layout is a choice but lists no choices\n  add the words it may be, for example: choices = [\"split\", \"stacked\"]"
        );
        assert_eq!(
            error("[options.a]\ntype = \"colour\"\ndefault = \"\"\ndark_of = \"b\"\nhelp = \"x\"\n"),
            "themes/mine/theme.toml:1:10: error: dark_of = \"b\" names no colour option of this theme\n  name the colour option this one is the dark-mode shade of, for example: dark_of = \"accent\""
        );
        assert_eq!(
            error(
                "[options.a]\ntype = \"colour\"\ndefault = \"#000000\"\nhelp = \"x\"\n[options.a_text]\ntype = \"text\"\ndefault = \"\"\nhelp = \"y\"\n"
            ),
            "themes/mine/theme.toml:5:10: error: the option a_text has the name Shingle gives a colour it works out from a\n  rename it: names ending in _text after a colour option are taken"
        );
        assert_eq!(
            error("[surfaces]\nlight = [\"#fff\", \"grey-ish\"]\ndark = [\"#000\"]\n"),
            "themes/mine/theme.toml:2:18: error: 'grey-ish' is not a colour\n  write each surface as # and six hex digits, for example \"#ffffff\""
        );
    }

    #[test]
    fn the_options_read_plainly_in_a_terminal() {
        let text = builtin("linen").options_text();
        assert!(text.starts_with("accent  colour, default \"#4f6652\"\n    The main colour: links"), "{text}");
        assert!(text.contains("accent_dark  colour, default \"\" (none)\n    The main colour in dark mode. Empty: a lighter shade of accent.\n"), "{text}");
        assert!(text.contains("hero_layout  one of \"portrait\", \"text\", default \"portrait\"\n"), "{text}");
    }

    #[test]
    fn the_docs_table_lists_type_default_and_help() {
        let table = builtin("harbor").docs_table();
        assert!(
            table.starts_with(
                "| option | type | default | what it does |\n|---|---|---|---|\n| `accent` | colour | `\"#1f6f78\"` |"
            ),
            "{table}"
        );
        assert!(table.contains("| `home_testimonials` | whole number, 0 to 12 | `3` |"), "{table}");
        assert!(table.contains("| `hero_layout` | one of `\"split\"`, `\"stacked\"` | `\"split\"` |"), "{table}");
    }
}
