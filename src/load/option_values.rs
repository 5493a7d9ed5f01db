//! The values templates get in `site.theme_options`: each option's default from the theme's
//! declarations, the site's `[theme_options]` checked against them and put on top, and the
//! colours Shingle works out so every text on or in a colour reads at WCAG AA. Every problem is
//! placed at its line of site.toml (or of theme.toml, for a default of the theme's own).

use std::collections::BTreeSet;

use crate::colour::{self, AA_TEXT, BLACK, Direction, WHITE};
use crate::error::{Diagnostic, did_you_mean};
use crate::load::assets::Assets;
use crate::load::config::{At, Config, missing_file};
use crate::load::theme_options::{DERIVED, Declarations, Declared, Kind, check_value};

/// How much of the way to white the dark-mode shade of a colour is (`dark_of`).
const DARK_SHADE: f64 = 0.55;

/// The values templates get in `site.theme_options` for this site: each option's default,
/// the site's `[theme_options]` on top, and the colours worked out for contrast. Every
/// problem found is returned, each at its line of site.toml (or of theme.toml, for a default).
pub fn resolve(
    declarations: &Declarations,
    theme: &str,
    config: &Config,
    assets: &Assets,
) -> (toml::Table, Vec<Diagnostic>) {
    let mut values = toml::Table::new();
    let mut problems = Vec::new();
    let mut from_site: BTreeSet<&str> = BTreeSet::new();
    for option in &declarations.options {
        values.insert(option.name.clone(), option.default.clone());
    }
    for (key, value) in &config.theme_options {
        let Some(option) = declarations.get(key) else {
            problems.push(unknown(declarations, theme, key, config));
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
    for option in declarations.options.iter().filter(|o| o.kind == Kind::Image) {
        let Some(path) = values.get(&option.name).and_then(toml::Value::as_str).filter(|p| !p.is_empty()) else {
            continue;
        };
        let Some(missing) = missing_file(path, assets) else { continue };
        let message = format!("the {} '{path}' does not exist", option.name);
        problems.push(if from_site.contains(option.name.as_str()) {
            config
                .error_at_setting("theme_options", &option.name, At::Value, message)
                .help(missing.help(" under [theme_options]"))
        } else {
            error_at_default(declarations, option, message).help(format!(
                "add the file to the theme's static/ folder, or set {} in site.toml's [theme_options]",
                option.name
            ))
        });
    }
    fill_dark_shades(declarations, &mut values);
    problems.extend(derive_colours(declarations, &mut values, config, &from_site));
    (values, problems)
}

/// An option the theme does not have: "did you mean", or the list of its options.
fn unknown(declarations: &Declarations, theme: &str, key: &str, config: &Config) -> Diagnostic {
    let names: Vec<&str> = declarations.options.iter().map(|o| o.name.as_str()).collect();
    let base = DERIVED
        .iter()
        .find_map(|suffix| key.strip_suffix(suffix))
        .filter(|base| declarations.get(base).is_some_and(|o| o.kind == Kind::Colour));
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

fn error_at_default(declarations: &Declarations, option: &Declared, message: String) -> Diagnostic {
    let (line, column) = option.default_at;
    Diagnostic::error(&declarations.file, message).at(line, column)
}

/// An empty colour with `dark_of` becomes the lighter shade of its colour, for dark mode.
fn fill_dark_shades(declarations: &Declarations, values: &mut toml::Table) {
    for option in &declarations.options {
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
fn derive_colours(
    declarations: &Declarations,
    values: &mut toml::Table,
    config: &Config,
    from_site: &BTreeSet<&str>,
) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let near_black = declarations.surfaces.dark.first().copied().unwrap_or(BLACK);
    for option in declarations.options.iter().filter(|o| o.kind == Kind::Colour) {
        let Some(Ok(rgb)) =
            values.get(&option.name).and_then(toml::Value::as_str).filter(|v| !v.is_empty()).map(colour::parse)
        else {
            continue;
        };
        let text = rgb.text_on(&[WHITE, near_black, BLACK], AA_TEXT);
        let on_light = rgb.readable_on(&declarations.surfaces.light, Direction::Darker, AA_TEXT);
        let on_dark = rgb.readable_on(&declarations.surfaces.dark, Direction::Lighter, AA_TEXT);
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
                        error_at_default(declarations, option, message).help(help)
                    });
                }
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::colour::Rgb;
    use crate::load::assets::Bytes;

    const THEMES: [&str; 3] = ["beacon", "harbor", "linen"];

    use crate::load::theme_options::tests::builtin;

    fn site(options: &str) -> Config {
        Config::parse(&format!("title = \"A\"\nbase_url = \"https://a.example\"\n\n[theme_options]\n{options}"))
            .expect("site.toml parses")
    }

    fn assets() -> Assets {
        let mut assets = Assets::new("/");
        for path in ["favicon.svg", "images/logo.svg"] {
            assets.insert(path.to_string(), Bytes::Builtin(b"<svg/>"));
        }
        assets
    }

    fn resolve(theme: &str, options: &str) -> (toml::Table, Vec<String>) {
        let (values, problems) = super::resolve(&builtin(theme), theme, &site(options), &assets());
        (values, problems.iter().map(ToString::to_string).collect())
    }

    fn colour(values: &toml::Table, key: &str) -> Rgb {
        let text = values.get(key).and_then(toml::Value::as_str).unwrap_or_else(|| panic!("no {key}"));
        colour::parse(text).expect("a colour")
    }

    #[test]
    fn every_built_in_theme_declares_its_options_with_help() {
        for theme in THEMES {
            let declarations = builtin(theme);
            assert!(declarations.options.len() >= 8, "{theme}");
            for option in &declarations.options {
                assert!(!option.help.is_empty(), "{theme}: {} has no help", option.name);
                assert!(option.kind != Kind::Any && option.kind != Kind::CssText, "{theme}: {}", option.name);
            }
            let (_, problems) = resolve(theme, "");
            assert_eq!(problems, Vec::<String>::new(), "{theme}: the defaults must pass");
        }
    }

    #[test]
    fn derived_colours_read_on_every_surface_for_any_accent() {
        let accents = [
            "#ffd1dc",
            "#111111",
            "#ff0000",
            "#00ff00",
            "#ffff00",
            "#6b2d5c",
            "#777777",
            "#ffffff",
            "#000000",
            "#4338ca",
            "#1f6f78",
            "#4f6652",
            "#8c3f1d",
            "#0000ff",
            "hotpink",
            "hsl(50 100% 60%)",
        ];
        for theme in THEMES {
            let surfaces = builtin(theme).surfaces;
            for accent in accents {
                let highlight = if theme == "beacon" { format!("highlight = \"{accent}\"\n") } else { String::new() };
                let (values, problems) = resolve(theme, &format!("accent = \"{accent}\"\n{highlight}"));
                assert_eq!(problems, Vec::<String>::new(), "{theme} {accent}");
                let mut names = vec!["accent", "accent_dark"];
                if theme == "beacon" {
                    names.push("highlight");
                }
                for name in names {
                    let fill = colour(&values, name);
                    let text = colour(&values, &format!("{name}_text"));
                    assert!(text.contrast(fill) >= AA_TEXT, "{theme} {accent}: {name}_text {text} on {fill}");
                    let on_light = colour(&values, &format!("{name}_on_light"));
                    for surface in &surfaces.light {
                        assert!(
                            on_light.contrast(*surface) >= AA_TEXT,
                            "{theme} {accent}: {name}_on_light {on_light} on {surface}"
                        );
                    }
                    let on_dark = colour(&values, &format!("{name}_on_dark"));
                    for surface in &surfaces.dark {
                        assert!(
                            on_dark.contrast(*surface) >= AA_TEXT,
                            "{theme} {accent}: {name}_on_dark {on_dark} on {surface}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_colour_that_already_reads_is_kept_and_a_pale_one_gets_dark_text() {
        let (values, _) = resolve("beacon", "");
        assert_eq!(values["accent"].as_str(), Some("#4338ca"));
        assert_eq!(values["accent_text"].as_str(), Some("#ffffff"));
        assert_eq!(values["accent_on_light"].as_str(), Some("#4338ca"));
        // the dark-mode accent is the accent 55% of the way to white, as it always was
        assert_eq!(values["accent_dark"].as_str(), Some("#aaa5e7"));
        assert_eq!(values["highlight_text"].as_str(), Some("#0b0d12"));
        let (values, _) = resolve("harbor", "accent = \"#FFD1DC\"\naccent_dark = \"#6b2d5c\"\n");
        assert_eq!(values["accent"].as_str(), Some("#ffd1dc"));
        assert_eq!(values["accent_text"].as_str(), Some("#191715"));
        assert_ne!(values["accent_on_light"].as_str(), Some("#ffd1dc"));
        assert_eq!(values["accent_dark"].as_str(), Some("#6b2d5c"));
        assert_ne!(values["accent_dark_on_dark"].as_str(), Some("#6b2d5c"));
    }

    #[test]
    fn wrong_values_are_named_at_their_place_in_site_toml() {
        let cases = [
            (
                "acent = \"#6b2d5c\"",
                "site.toml:5:1: error: unknown theme option 'acent' (did you mean 'accent'?)\n  rename it to 'accent', or remove the line",
            ),
            (
                "colour_scheme = \"dark\"",
                "site.toml:5:1: error: the theme harbor has no option 'colour_scheme'\n  its options are: accent, accent_dark, logo, show_photo, hero_layout, home_testimonials, show_steps, favicon",
            ),
            (
                "accent_text = \"#000000\"",
                "site.toml:5:1: error: 'accent_text' is worked out by Shingle from 'accent', so it cannot be set\n  remove this line; to change it, change accent",
            ),
            (
                "accent = \"6b2d5c\"",
                "site.toml:5:10: error: accent = \"6b2d5c\" is not a colour: a colour starts with #\n  write accent = \"#6b2d5c\"",
            ),
            (
                "accent = \"teel\"",
                "site.toml:5:10: error: accent = \"teel\" is not a colour\n  did you mean \"teal\"? Or write # and six digits or letters a to f, for example accent = \"#1f6f78\"; colour names such as \"teal\", rgb(…) and hsl(…) work too",
            ),
            (
                "accent = \"rgb(0 0 255 / 50%)\"",
                "site.toml:5:10: error: accent = \"rgb(0 0 255 / 50%)\" is see-through, so Shingle cannot tell whether text on it can be read\n  write an opaque colour, for example accent = \"#0000ff\"",
            ),
            (
                "accent = 0x6b2d5c",
                "site.toml:5:10: error: 'accent' should be a colour in quotes, but it is the number 7023964\n  write accent = \"#6b2d5c\"",
            ),
            (
                "accent = \"\"",
                "site.toml:5:10: error: 'accent' is empty\n  write a colour, for example accent = \"#1f6f78\", or remove the line to use the theme's own",
            ),
            (
                "show_photo = \"yes\"",
                "site.toml:5:14: error: 'show_photo' should be true or false, but it is the text \"yes\"\n  write show_photo = true or show_photo = false, without quotes",
            ),
            (
                "home_testimonials = \"3\"",
                "site.toml:5:21: error: 'home_testimonials' should be a whole number, but it is the text \"3\"\n  write a number without quotes, for example: home_testimonials = 3",
            ),
            (
                "home_testimonials = -1",
                "site.toml:5:21: error: 'home_testimonials' must be from 0 to 12, but it is -1\n  for example: home_testimonials = 3",
            ),
            (
                "hero_layout = \"Split\"",
                "site.toml:5:15: error: 'Split' is not one of the choices for hero_layout\n  did you mean \"split\"? The choices are: \"split\", \"stacked\"",
            ),
            (
                "hero_layout = true",
                "site.toml:5:15: error: 'hero_layout' should be one of \"split\", \"stacked\", but it is the value true\n  for example: hero_layout = \"split\"",
            ),
            (
                "logo = \"images/logo.png\"",
                "site.toml:5:8: error: the logo 'images/logo.png' does not exist\n  did you mean 'images/logo.svg'? Or put the file at static/images/logo.png",
            ),
            (
                "logo = \"static/images/logo.svg\"",
                "site.toml:5:8: error: the logo 'static/images/logo.svg' does not exist\n  paths start inside static/: write 'images/logo.svg' under [theme_options]",
            ),
            (
                "logo = \"img/brand.png\"",
                "site.toml:5:8: error: the logo 'img/brand.png' does not exist\n  put the file at static/img/brand.png, or correct the path under [theme_options]",
            ),
            (
                "logo = \"https://cdn.example/logo.svg\"",
                "site.toml:5:8: error: the logo must be a file of the site, not a web address\n  save it in static/images/ and write logo = \"images/NAME\"",
            ),
        ];
        for (line, expected) in cases {
            let (_, problems) = resolve("harbor", &format!("{line}\n"));
            assert_eq!(problems, vec![expected.to_string()], "{line}");
        }
    }

    #[test]
    fn options_are_found_however_the_table_is_written() {
        let config =
            Config::parse("title = \"A\"\nbase_url = \"https://a.example\"\ntheme_options.acent = \"#000000\"\n")
                .expect("parses");
        let (_, problems) = super::resolve(&builtin("harbor"), "harbor", &config, &assets());
        assert!(
            problems[0].to_string().starts_with("site.toml:3:15: error: unknown theme option 'acent'"),
            "{}",
            problems[0]
        );
        let config =
            Config::parse("title = \"A\"\nbase_url = \"https://a.example\"\ntheme_options = { show_photo = 1 }\n")
                .expect("parses");
        let (_, problems) = super::resolve(&builtin("harbor"), "harbor", &config, &assets());
        assert!(
            problems[0].to_string().starts_with("site.toml:3:32: error: 'show_photo' should be true or false"),
            "{}",
            problems[0]
        );
    }

    #[test]
    fn an_older_theme_toml_takes_its_types_from_the_defaults() {
        let declarations = Declarations::parse(
            "themes/old/theme.toml",
            "name = \"old\"\n[options]\naccent = \"#225566\"\nlayout = \"wide\"\ncount = 3\nshow = true\nsizes = [1, 2]\n",
        )
        .expect("parses");
        let kinds: Vec<(&str, &Kind)> = declarations.options.iter().map(|o| (o.name.as_str(), &o.kind)).collect();
        assert_eq!(
            kinds,
            [
                ("accent", &Kind::Colour),
                ("layout", &Kind::CssText),
                ("count", &Kind::Number { min: None, max: None }),
                ("show", &Kind::Boolean),
                ("sizes", &Kind::Any),
            ]
        );
        let (values, problems) =
            super::resolve(&declarations, "old", &site("count = 5\nsizes = [3]\naccent = \"navy\"\n"), &assets());
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(values["count"].as_integer(), Some(5));
        assert_eq!(values["accent"].as_str(), Some("#000080"));
        assert_eq!(values["accent_on_dark"].as_str().map(str::len), Some(7));
        let (_, problems) = super::resolve(&declarations, "old", &site("count = \"5\"\nshow = \"no\"\n"), &assets());
        assert_eq!(problems.len(), 2);
    }

    #[test]
    fn no_shade_reads_on_a_mid_grey_surface_and_the_option_is_named() {
        let declarations = Declarations::parse(
            "themes/grey/theme.toml",
            "[surfaces]\nlight = [\"#666666\"]\ndark = [\"#000000\"]\n[options.accent]\ntype = \"colour\"\ndefault = \"#123456\"\nhelp = \"x\"\n",
        )
        .expect("parses");
        let (_, problems) = super::resolve(&declarations, "grey", &site("accent = \"#ff0000\"\n"), &assets());
        assert_eq!(
            problems.iter().map(ToString::to_string).collect::<Vec<_>>(),
            [
                "site.toml:5:10: error: no shade of accent = \"#ff0000\" can be read against the theme's light backgrounds (WCAG AA asks for 4.5 to 1)\n  choose a darker or lighter accent, or change the [surfaces] of the theme"
            ]
        );
    }
}
