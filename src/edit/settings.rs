//! The site's settings as a form: the few `site.toml` settings a VA changes (her business's
//! name, her own, the booking link, the contact form, the theme) and the options of her theme,
//! each declared by its theme.toml. Saved in place like front matter; checked by the same
//! loader the build uses, with a colour's contrast worked out from the theme's surfaces.

use std::path::Path;

use serde_json::{Value, json};

use super::check::Problem;
use super::files::Place;
use super::form::{self, Control, FieldSpec};
use super::history::version;
use super::{Change, Editor, Failure, Saved, Settings, front, unchanged_since, with_mine};
use crate::colour::{self, AA_TEXT, BLACK, Direction, WHITE};
use crate::load::assets::Assets;
use crate::load::config::Config;
use crate::load::theme::{self, Theme};
use crate::load::theme_options::{self, Declarations};

/// A field of the settings form.
fn field(name: &str, label: &str, help: &str, control: Control) -> FieldSpec {
    FieldSpec {
        name: name.to_string(),
        label: label.to_string(),
        help: help.to_string(),
        required: false,
        example: None,
        default: None,
        control,
        refers: None,
    }
}

/// The settings form for the site at `root` with its theme `theme`.
pub fn form(root: &Path, theme_name: &str) -> Vec<FieldSpec> {
    let themes: Vec<(String, String)> = themes(root);
    let mut fields = vec![
        FieldSpec {
            required: true,
            ..field("title", "Business name", "Shown at the top of every page and in the browser tab.", Control::Text)
        },
        field(
            "description",
            "Your business in one sentence",
            "Shown under your site's name in search results and when someone shares a link to it.",
            Control::Text,
        ),
        field(
            "owner",
            "About you",
            "Who runs the business.",
            Control::Group(vec![
                field("name", "Your name", "As clients know you.", Control::Text),
                field("role", "Your role", "Such as Virtual Assistant & Operations Partner.", Control::Text),
                field("email", "Email address", "Where clients can write to you.", Control::Text),
                field(
                    "photo",
                    "Your photo",
                    "A picture of you in static/images/, shown on the home and about pages.",
                    Control::Link,
                ),
                field(
                    "photo_alt",
                    "Photo description",
                    "Describes the photo for people who cannot see it.",
                    Control::Text,
                ),
            ]),
        ),
        field(
            "booking",
            "Booking",
            "The main button of every page.",
            Control::Group(vec![
                field(
                    "url",
                    "Booking link",
                    "The address of your booking page (Calendly, Cal.com, SavvyCal…).",
                    Control::Link,
                ),
                field("label", "Button text", "Such as Book a free discovery call.", Control::Text),
            ]),
        ),
        field(
            "contact",
            "Contact form",
            "How messages from your contact page reach you.",
            Control::Group(vec![
                field(
                    "form",
                    "Form service",
                    "Formspree and Netlify deliver the messages to your email; mailto opens the visitor's own email program.",
                    Control::Choice(vec![
                        ("formspree".into(), "Formspree".into()),
                        ("netlify".into(), "Netlify Forms".into()),
                        ("mailto".into(), "The visitor's email program (mailto)".into()),
                    ]),
                ),
                field(
                    "form_id",
                    "Formspree form code",
                    "The code at the end of your Formspree form's address (Formspree only).",
                    Control::Text,
                ),
            ]),
        ),
        field(
            "theme",
            "Theme",
            "The look of your site: each theme has options of its own, below.",
            Control::Choice(themes),
        ),
    ];
    if let Some(declarations) = declarations(root, theme_name) {
        let options = declarations
            .options
            .iter()
            .filter(|option| option.kind != theme_options::Kind::Any)
            .map(|option| {
                let control = match &option.kind {
                    theme_options::Kind::Colour => Control::Colour,
                    theme_options::Kind::Boolean => Control::Switch,
                    theme_options::Kind::Number { min, max } => Control::Whole { min: *min, max: *max },
                    theme_options::Kind::Choice(words) => {
                        Control::Choice(words.iter().map(|w| (w.clone(), String::new())).collect())
                    }
                    theme_options::Kind::Image => Control::Link,
                    _ => Control::Text,
                };
                let mut spec = field(&option.name, &label(&option.name), &option.help.replace('`', ""), control);
                spec.default = Some(form::to_json(&option.default));
                spec
            })
            .collect();
        fields.push(field("theme_options", &format!("Options of the theme {theme_name}"), "", Control::Group(options)));
    }
    fields
}

/// `show_photo` → `Show photo`.
fn label(name: &str) -> String {
    let mut words = name.replace('_', " ");
    if let Some(first) = words.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    words
}

/// The themes a site can choose: the built-in ones and its own in `themes/`.
fn themes(root: &Path) -> Vec<(String, String)> {
    let mut themes = theme::builtin_themes();
    if let Ok(entries) = std::fs::read_dir(root.join("themes")) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            if entry.path().is_dir() && !name.starts_with('.') && !themes.iter().any(|(n, _)| *n == name) {
                themes.push((name, "Your own theme, in themes/".to_string()));
            }
        }
    }
    themes.into_iter().map(|(name, description)| (name.clone(), format!("{name}: {description}"))).collect()
}

/// The options theme `name` declares, for the site at `root`.
pub fn declarations(root: &Path, name: &str) -> Option<Declarations> {
    // a theme is a folder of themes/: a name that could lead anywhere else names none
    if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '-' || c == '_') {
        return None;
    }
    let local = root.join("themes").join(name);
    if local.is_dir() {
        return theme::local_declarations(root, name).ok();
    }
    theme::builtin_declarations(name)
}

/// The problems `shingle build` would find in the settings `text`, each at its setting: the
/// settings themselves, then the theme's options and the files they name.
pub fn check(root: &Path, text: &str) -> Vec<Problem> {
    let diagnostics = match Config::parse(text) {
        Err(crate::Error::Site(diagnostics)) => diagnostics,
        Err(crate::Error::Other(message)) => vec![crate::Diagnostic::error("site.toml", message)],
        Ok(mut config) => {
            config.root = root.to_path_buf();
            let mut assets = Assets::new(&config.base_path());
            let mut problems = config.warnings.clone();
            match Theme::load(root, &config, &mut assets) {
                Ok((theme, _)) => {
                    let (_, found) = crate::load::option_values::resolve(&theme.options, &theme.name, &config, &assets);
                    problems.extend(found);
                    problems.extend(config.missing_files(&assets));
                }
                Err(crate::Error::Site(found)) => problems.extend(found),
                Err(crate::Error::Other(message)) => problems.push(crate::Diagnostic::error("site.toml", message)),
            }
            problems
        }
    };
    diagnostics
        .iter()
        .map(|d| {
            let field =
                if d.file == "site.toml" && d.line > 0 { super::check::field_in(text, d.line, d.column) } else { None };
            Problem { field, error: d.is_error(), message: d.message.clone(), help: d.help.clone(), line: d.line }
        })
        .collect()
}

/// What a colour gives on the theme's surfaces, for the form to show as it is chosen: the text
/// put on it (white or near-black) and its contrast, and the shades links take to read on the
/// light and dark pages.
pub fn contrast(declarations: &Declarations, text: &str) -> Value {
    let rgb = match colour::parse(text) {
        Ok(rgb) => rgb,
        Err(_) => {
            return json!({ "ok": false, "message": format!("'{text}' is not a colour: write # and six hex digits, such as #1f6f78") });
        }
    };
    let near_black = declarations.surfaces.dark.first().copied().unwrap_or(BLACK);
    let on_it = rgb.text_on(&[WHITE, near_black, BLACK], AA_TEXT).unwrap_or(BLACK);
    let ratio = |a: colour::Rgb, b: colour::Rgb| (a.contrast(b) * 10.0).floor() / 10.0;
    let worst = |shade: colour::Rgb, surfaces: &[colour::Rgb]| {
        surfaces.iter().map(|s| ratio(shade, *s)).fold(f64::INFINITY, f64::min)
    };
    let light = &declarations.surfaces.light;
    let dark = &declarations.surfaces.dark;
    let on_light = rgb.readable_on(light, Direction::Darker, AA_TEXT);
    let on_dark = rgb.readable_on(dark, Direction::Lighter, AA_TEXT);
    let shade = |shade: Option<colour::Rgb>, surfaces: &[colour::Rgb]| match shade {
        Some(shade) => json!({ "colour": shade.hex(), "ratio": worst(shade, surfaces), "same": shade == rgb }),
        None => Value::Null,
    };
    json!({
        "ok": true,
        "colour": rgb.hex(),
        "needed": AA_TEXT,
        "button": { "text": if on_it == WHITE { "white" } else { "near-black" }, "colour": on_it.hex(), "ratio": ratio(on_it, rgb) },
        "light": { "as_is": worst(rgb, light), "shade": shade(on_light, light) },
        "dark": { "as_is": worst(rgb, dark), "shade": shade(on_dark, dark) },
    })
}

impl Editor {
    /// The settings form: its fields, values and version, and the site's theme.
    pub fn settings(&self) -> Result<Settings, Failure> {
        let (bytes, text) = self.read(&Place::Settings)?;
        let table: toml::Table = toml::from_str(text.trim_start_matches('\u{feff}'))
            .map_err(|e| Failure::Unreadable(format!("site.toml cannot be read: {}", e.message())))?;
        let theme = table.get("theme").and_then(toml::Value::as_str).unwrap_or("harbor").to_string();
        let fields = form(&self.root, &theme);
        let values = form::values(&table, &fields);
        let problems = check(&self.root, &text);
        Ok(Settings { fields, values, version: version(&bytes), theme, problems })
    }

    /// The settings text `change` makes, with the build's problems with it.
    fn settings_change(&self, old: &str, change: &Change) -> Result<(String, Vec<Problem>), Failure> {
        let theme = change.values.get("theme").and_then(Value::as_str).map(str::to_string).unwrap_or_else(|| {
            toml::from_str::<toml::Table>(old)
                .ok()
                .and_then(|t| t.get("theme").and_then(|v| v.as_str().map(str::to_string)))
                .unwrap_or_default()
        });
        let fields = form(&self.root, &theme);
        let (bom, body) = match old.strip_prefix('\u{feff}') {
            Some(rest) => ("\u{feff}", rest),
            None => ("", old),
        };
        let text = match &change.text {
            Some(text) => text.clone(),
            None => {
                let edited = front::apply(body, &fields, &change.values)
                    .map_err(|m| Failure::Unreadable(format!("site.toml cannot be read: {m}")))?;
                let edited =
                    if body.contains("\r\n") { edited.replace("\r\n", "\n").replace('\n', "\r\n") } else { edited };
                format!("{bom}{edited}")
            }
        };
        let problems = check(&self.root, &text);
        Ok((text, problems))
    }

    /// What the build would say of the settings with `change` made.
    pub fn check_settings(&self, change: &Change) -> Result<Vec<Problem>, Failure> {
        let (_, old) = self.read(&Place::Settings)?;
        self.settings_change(&old, change).map(|(_, problems)| problems)
    }

    /// Saves `change` to `site.toml`, as [`Editor::save`] does a content file.
    pub fn save_settings(&self, change: &Change) -> Result<Saved, Failure> {
        let _lock = self.lock();
        let (bytes, old) = self.read(&Place::Settings)?;
        unchanged_since(&bytes, &old, &change.version)
            .map_err(|failure| with_mine(failure, self.settings_change(&old, change).map(|(text, _)| text)))?;
        let (text, problems) = self.settings_change(&old, change)?;
        if problems.iter().any(|p| p.error) {
            return Err(Failure::Problems(problems));
        }
        if text == old {
            return Ok(Saved { version: change.version.clone(), entry: None, problems, rel: String::new() });
        }
        let entry = self.commit(
            "Saved the site's settings (site.toml)",
            vec![(Place::Settings, Some(text.clone().into_bytes()))],
        )?;
        Ok(Saved { version: version(text.as_bytes()), entry: Some(entry), problems, rel: String::new() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_colour_gets_readable_text_and_shades() {
        let declarations = theme::builtin_declarations("harbor").expect("harbor");
        let teal = contrast(&declarations, "#1f6f78");
        assert_eq!(teal["ok"], json!(true));
        assert_eq!(teal["button"]["text"], json!("white"));
        assert!(teal["button"]["ratio"].as_f64().expect("ratio") >= 4.5);
        let pale = contrast(&declarations, "#ffd966");
        assert_eq!(pale["button"]["text"], json!("near-black"));
        assert_eq!(pale["light"]["shade"]["same"], json!(false), "a pale colour is darkened for links");
        assert!(pale["light"]["shade"]["ratio"].as_f64().expect("ratio") >= 4.5);
        assert_eq!(contrast(&declarations, "teal-ish")["ok"], json!(false));
    }

    #[test]
    fn the_theme_options_come_from_the_themes_declarations() {
        let dir = tempfile::tempdir().expect("temp");
        let fields = form(dir.path(), "harbor");
        let options = fields.iter().find(|f| f.name == "theme_options").expect("options");
        let Control::Group(options) = &options.control else { panic!("a group") };
        let accent = options.iter().find(|o| o.name == "accent").expect("accent");
        assert_eq!(accent.control, Control::Colour);
        assert!(accent.help.starts_with("The main colour"));
    }
}
