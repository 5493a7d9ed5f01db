//! `shingle schema`: the fields of each kind of content, as text for people and as JSON Schema
//! for editors. The JSON Schema must accept every file of the example site and refuse a file
//! with a wrong field, checked here with an independent JSON Schema validator.

mod common;

use std::path::Path;
use std::process::Command;

use serde_json::Value;
use shingle::content::Kind;

fn shingle(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_shingle")).args(args).output().expect("run shingle")
}

/// Every kind's JSON Schema, as `shingle schema --format json` prints them.
fn schemas() -> Value {
    let output = shingle(&["schema", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("JSON")
}

/// Front matter as the JSON an editor checks: TOML dates become `2024-05-18` strings.
fn as_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(n) => Value::from(n),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(as_json).collect()),
        toml::Value::Table(table) => Value::Object(table.into_iter().map(|(k, v)| (k, as_json(v))).collect()),
    }
}

/// The front matter of a content file, as JSON.
fn front_matter(text: &str) -> Value {
    let toml = text.strip_prefix("+++\n").and_then(|rest| rest.split_once("\n+++")).map_or("", |(front, _)| front);
    as_json(toml::Value::Table(toml::from_str(toml).expect("valid TOML")))
}

/// The problems the validator finds in `instance` for a file of `kind`.
fn problems(schemas: &Value, kind: Kind, instance: &Value) -> Vec<String> {
    let validator = jsonschema::draft202012::new(&schemas[kind.name()]).expect("a valid JSON Schema");
    validator.iter_errors(instance).map(|e| format!("{e} at {}", e.instance_path())).collect()
}

#[test]
fn the_json_schema_accepts_every_file_of_the_example_site() {
    let schemas = schemas();
    let content = Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site/content");
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(&content).sort_by_file_name() {
        let entry = entry.expect("walk");
        if !entry.file_type().is_file() || entry.path().extension().is_none_or(|e| e != "md") {
            continue;
        }
        let rel = entry.path().strip_prefix(&content).expect("inside").to_string_lossy().replace('\\', "/");
        let text = std::fs::read_to_string(entry.path()).expect("read");
        let found = problems(&schemas, Kind::of(&rel), &front_matter(&text));
        assert!(found.is_empty(), "content/{rel}: {found:?}");
        checked += 1;
    }
    assert!(checked > 20, "only {checked} files checked");
}

#[test]
fn the_json_schema_refuses_a_wrong_field() {
    let schemas = schemas();
    let cases = [
        (Kind::Service, "+++\ntitle = \"Inbox\"\ntitel = \"x\"\n+++\n"),
        (Kind::Service, "+++\ntitle = \"Inbox\"\n[pricing]\nmodel = \"weekly\"\n+++\n"),
        (Kind::Testimonial, "+++\nauthor = \"Jo\"\nconsent = true\nrating = 7\n+++\n"),
        (Kind::Testimonial, "+++\nauthor = \"Jo\"\ncompany_url = \"javascript:alert(1)\"\n+++\n"),
        (Kind::Post, "+++\ntitle = \"No date\"\n+++\n"),
        (Kind::Page, "+++\ntitle = \"About\"\ntags = [\"a\"]\n+++\n"),
        (Kind::Section, "+++\ntitle = \"Blog\"\nslug = \"news\"\n+++\n"),
    ];
    for (kind, text) in cases {
        assert!(!problems(&schemas, kind, &front_matter(text)).is_empty(), "{kind} accepted:\n{text}");
    }
}

#[test]
fn the_text_lists_every_field_with_help_and_example() {
    let output = shingle(&["schema", "testimonial"]);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.starts_with("testimonial — content/testimonials/<name>.md\n"), "{text}");
    assert!(text.contains("\n  rating (whole number from 1 to 5)\n"), "{text}");
    assert!(text.contains("\n  source (one of the words below)\n"), "{text}");
    assert!(text.contains("    one of: direct, linkedin, google, upwork, other\n"), "{text}");
    assert!(text.contains("    example: consent = true\n"), "{text}");
    let unknown = shingle(&["schema", "servise"]);
    assert_eq!(unknown.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&unknown.stderr),
        "error: there is no kind of content called 'servise'\n  did you mean 'service'? the kinds are: home, page, service, testimonial, case-study, post, section, skills, faq\n"
    );
}
