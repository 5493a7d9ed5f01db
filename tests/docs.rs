//! The docs say what the code does: the field tables in docs/content.md are the ones the kinds'
//! declarations give (`<!-- fields: … -->` blocks), and the theme option tables in
//! docs/templates.md the ones the themes' theme.toml declare (`<!-- theme options: … -->`). Run
//! with `SHINGLE_DOCS=write` to rewrite them after changing a field or an option.

use std::path::Path;

const OPEN: &str = "<!-- fields: ";
const CLOSE: &str = "<!-- end of fields -->";

/// docs/content.md with every fields block written from the declarations.
fn regenerated(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(OPEN) {
        let after = &rest[start..];
        let spec_end = after.find(" -->").expect("a fields block names its groups");
        let spec = &after[OPEN.len()..spec_end];
        let end = after.find(CLOSE).unwrap_or_else(|| panic!("the fields block '{spec}' never ends"));
        let table = shingle::content::schema::docs_table(spec).unwrap_or_else(|| panic!("no group or field '{spec}'"));
        out.push_str(&rest[..start]);
        out.push_str(&format!("{OPEN}{spec} -->\n{table}{CLOSE}"));
        rest = &after[end + CLOSE.len()..];
    }
    out.push_str(rest);
    out
}

#[test]
fn the_field_tables_in_the_content_guide_come_from_the_declarations() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/content.md");
    let text = std::fs::read_to_string(&path).expect("docs/content.md");
    let expected = regenerated(&text);
    if std::env::var_os("SHINGLE_DOCS").is_some_and(|v| v == "write") {
        std::fs::write(&path, &expected).expect("write docs/content.md");
        return;
    }
    assert!(text.matches(OPEN).count() >= 8, "the content guide lost its field tables");
    assert!(
        text == expected,
        "docs/content.md's field tables differ from the declarations: run SHINGLE_DOCS=write cargo test --test docs"
    );
}

const THEME_OPEN: &str = "<!-- theme options: ";
const THEME_CLOSE: &str = "<!-- end of theme options -->";

/// docs/templates.md with every theme options block written from the theme's declarations.
fn regenerated_theme_options(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(THEME_OPEN) {
        let after = &rest[start..];
        let name_end = after.find(" -->").expect("a theme options block names its theme");
        let name = &after[THEME_OPEN.len()..name_end];
        let end = after.find(THEME_CLOSE).unwrap_or_else(|| panic!("the theme options block '{name}' never ends"));
        let declarations =
            shingle::load::theme::builtin_declarations(name).unwrap_or_else(|| panic!("no theme '{name}'"));
        out.push_str(&rest[..start]);
        out.push_str(&format!("{THEME_OPEN}{name} -->\n{}{THEME_CLOSE}", declarations.docs_table()));
        rest = &after[end + THEME_CLOSE.len()..];
    }
    out.push_str(rest);
    out
}

#[test]
fn the_theme_option_tables_in_the_template_reference_come_from_the_declarations() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/templates.md");
    let text = std::fs::read_to_string(&path).expect("docs/templates.md");
    let expected = regenerated_theme_options(&text);
    if std::env::var_os("SHINGLE_DOCS").is_some_and(|v| v == "write") {
        std::fs::write(&path, &expected).expect("write docs/templates.md");
        return;
    }
    for (name, _) in shingle::load::theme::builtin_themes() {
        assert!(text.contains(&format!("{THEME_OPEN}{name} -->")), "the template reference lists no options of {name}");
    }
    assert!(
        text == expected,
        "docs/templates.md's theme option tables differ from the themes' theme.toml: run SHINGLE_DOCS=write cargo test --test docs"
    );
}
