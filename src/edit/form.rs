//! The form of a kind of content, made from its JSON Schema (the one `shingle schema` prints):
//! each field with the control that suits its value, its help, its example and whether it is
//! needed; and the values a file's front matter gives the form. Which fields a kind has and what
//! they mean is the declarations' business (`content::schema`); only the words of a few labels
//! are the editor's own.

use serde_json::{Map, Value};

use crate::content::Kind;
use crate::content::schema::json_schema;

/// One field of a form.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldSpec {
    /// Its name in the front matter: `ideal_for`.
    pub name: String,
    /// Its label for people: `Ideal for`.
    pub label: String,
    /// What it is for, from its declaration.
    pub help: String,
    /// Whether a file of its kind must set it.
    pub required: bool,
    /// The declaration's example.
    pub example: Option<Value>,
    /// The value it has when not set, when that is not simply nothing (a theme's options).
    pub default: Option<Value>,
    /// How it is filled in.
    pub control: Control,
    /// The kind of content its values name by file name (a testimonial's `services`).
    pub refers: Option<Kind>,
}

/// How a field is filled in.
#[derive(Debug, Clone, PartialEq)]
pub enum Control {
    /// A line of text.
    Text,
    /// A web address or a file of the site.
    Link,
    /// A day: year-month-day.
    Date,
    /// A whole number, within the bounds when given.
    Whole {
        /// The smallest allowed.
        min: Option<i64>,
        /// The largest allowed.
        max: Option<i64>,
    },
    /// A number, such as a price.
    Number {
        /// The smallest allowed.
        min: Option<f64>,
    },
    /// Yes or no.
    Switch,
    /// One of a few words, each with what it means when the declaration says.
    Choice(Vec<(String, String)>),
    /// A list of lines of text.
    TextList,
    /// Text, or a number.
    TextOrNumber,
    /// A group of fields (`[pricing]`).
    Group(Vec<FieldSpec>),
    /// A list of groups (`[[packages]]`), each added, removed and moved on its own.
    Groups(Vec<FieldSpec>),
    /// A colour, `#rrggbb`, with its contrast worked out as it is chosen.
    Colour,
    /// Anything: left as it is, not shown (`[extra]`).
    Free,
}

impl Control {
    /// Its name for the page's script: `text`, `whole`, `groups`.
    pub fn name(&self) -> &'static str {
        match self {
            Control::Text => "text",
            Control::Link => "link",
            Control::Date => "date",
            Control::Whole { .. } => "whole",
            Control::Number { .. } => "number",
            Control::Switch => "switch",
            Control::Choice(_) => "choice",
            Control::TextList => "list",
            Control::TextOrNumber => "text-or-number",
            Control::Group(_) => "group",
            Control::Groups(_) => "groups",
            Control::Colour => "colour",
            Control::Free => "free",
        }
    }
}

/// Fields whose values name other content by file name, and what they name. The build checks
/// the same references (`Site::check_references`); the editor offers only names that exist.
const REFERENCES: [(&str, Kind); 3] =
    [("services", Kind::Service), ("case_study", Kind::CaseStudy), ("testimonial", Kind::Testimonial)];

/// Labels that say more than the field's name does.
const LABELS: [(&str, &str); 17] = [
    ("cta", "Button"),
    ("from", "Price from"),
    ("cover", "Cover picture"),
    ("cover_alt", "Cover picture description"),
    ("avatar", "Photo"),
    ("avatar_alt", "Photo description"),
    ("company_url", "Company website"),
    ("source", "Where they said it"),
    ("source_url", "Link to the original"),
    ("term_months", "Minimum term in months"),
    ("increment_minutes", "Billing steps in minutes"),
    ("model", "Pricing model"),
    ("consent", "The client agreed to be quoted on my site"),
    ("weight", "Position in lists"),
    ("anonymized", "Keep the client anonymous"),
    ("featured", "Featured on the home page"),
    ("url", "Link"),
];

/// The form of `kind`: every field of its declaration, in its order.
pub fn form(kind: Kind) -> Vec<FieldSpec> {
    let schema = json_schema(kind);
    let definitions = schema.get("$defs").cloned().unwrap_or(Value::Null);
    specs(&schema, &definitions, true)
}

/// The fields of an object schema.
fn specs(schema: &Value, definitions: &Value, top: bool) -> Vec<FieldSpec> {
    let required: Vec<&str> =
        schema["required"].as_array().map_or(Vec::new(), |names| names.iter().filter_map(Value::as_str).collect());
    let Some(Value::Object(properties)) = schema.get("properties") else { return Vec::new() };
    properties
        .iter()
        .map(|(name, property)| {
            let resolved = resolve(property, definitions);
            let refers = REFERENCES.iter().find(|(field, _)| top && field == name).map(|(_, kind)| *kind);
            FieldSpec {
                name: name.clone(),
                label: label(name),
                help: plain(resolved.get("description").and_then(Value::as_str).unwrap_or_default()),
                required: required.contains(&name.as_str()),
                example: property.get("examples").and_then(|e| e.get(0)).cloned(),
                default: None,
                control: control(&resolved, definitions),
                refers,
            }
        })
        .collect()
}

/// The schema a `$ref` points to, with what the field says of itself on top.
fn resolve(schema: &Value, definitions: &Value) -> Value {
    let Some(name) = schema.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/$defs/")) else {
        return schema.clone();
    };
    let mut target = definitions.get(name).cloned().unwrap_or(Value::Null);
    if let (Value::Object(target), Value::Object(own)) = (&mut target, schema) {
        for (key, value) in own.iter().filter(|(key, _)| *key != "$ref") {
            target.insert(key.clone(), value.clone());
        }
    }
    target
}

/// The control for a value of this schema.
fn control(schema: &Value, definitions: &Value) -> Control {
    if let Some(Value::Array(options)) = schema.get("oneOf") {
        let words = options
            .iter()
            .filter_map(|option| {
                let word = option.get("const")?.as_str()?;
                let meaning = option.get("description").and_then(Value::as_str).unwrap_or_default();
                Some((word.to_string(), plain(meaning)))
            })
            .collect();
        return Control::Choice(words);
    }
    if let Some(Value::Array(words)) = schema.get("enum") {
        return Control::Choice(
            words.iter().filter_map(Value::as_str).map(|w| (w.to_string(), String::new())).collect(),
        );
    }
    if schema.get("anyOf").is_some() {
        return Control::TextOrNumber;
    }
    let number = |key: &str| schema.get(key).and_then(Value::as_f64);
    match schema.get("type").and_then(Value::as_str) {
        Some("string") => match schema.get("format").and_then(Value::as_str) {
            Some("date") => Control::Date,
            Some("uri-reference") => Control::Link,
            _ => Control::Text,
        },
        Some("integer") => {
            Control::Whole { min: number("minimum").map(|n| n as i64), max: number("maximum").map(|n| n as i64) }
        }
        Some("number") => Control::Number { min: number("minimum") },
        Some("boolean") => Control::Switch,
        Some("array") => {
            let items = resolve(&schema["items"], definitions);
            if items.get("type").and_then(Value::as_str) == Some("object") {
                Control::Groups(specs(&items, definitions, false))
            } else {
                Control::TextList
            }
        }
        Some("object") if schema.get("properties").is_some() => Control::Group(specs(schema, definitions, false)),
        _ => Control::Free,
    }
}

/// `ideal_for` → `Ideal for`, unless a label says more.
fn label(name: &str) -> String {
    if let Some((_, label)) = LABELS.iter().find(|(field, _)| *field == name) {
        return (*label).to_string();
    }
    let mut words = name.replace('_', " ");
    if let Some(first) = words.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    words
}

/// Help text for a page: the code marks of the docs left out.
fn plain(text: &str) -> String {
    text.replace('`', "").replace('\n', " ")
}

/// The values a form starts with: each field the front matter sets, as JSON (a date as
/// `2024-05-18`); each entry of a list of groups carries `_origin`, its place in the file, so
/// that moving an entry moves its comments with it.
pub fn values(front: &toml::Table, fields: &[FieldSpec]) -> Map<String, Value> {
    let mut values = Map::new();
    for field in fields {
        let Some(value) = front.get(&field.name) else { continue };
        let mut json = to_json(value);
        if let (Control::Groups(_), Value::Array(items)) = (&field.control, &mut json) {
            for (i, item) in items.iter_mut().enumerate() {
                if let Value::Object(item) = item {
                    item.insert("_origin".to_string(), Value::from(i));
                }
            }
        }
        values.insert(field.name.clone(), json);
    }
    values
}

/// A TOML value as JSON: dates as their text.
pub fn to_json(value: &toml::Value) -> Value {
    match value {
        toml::Value::String(text) => Value::String(text.clone()),
        toml::Value::Integer(number) => Value::from(*number),
        toml::Value::Float(number) => {
            serde_json::Number::from_f64(*number).map_or_else(|| Value::String(number.to_string()), Value::Number)
        }
        toml::Value::Boolean(yes) => Value::Bool(*yes),
        toml::Value::Datetime(date) => Value::String(date.to_string()),
        toml::Value::Array(items) => Value::Array(items.iter().map(to_json).collect()),
        toml::Value::Table(table) => Value::Object(table.iter().map(|(k, v)| (k.clone(), to_json(v))).collect()),
    }
}

/// The form's description for the page's script: each field's name, label, help, whether it
/// is needed, its example and its control with what the control needs (bounds, choices, the
/// fields of a group). A field beside one named like it with `_alt` is a picture.
pub fn describe(fields: &[FieldSpec]) -> Value {
    let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
    Value::Array(
        fields
            .iter()
            .map(|field| {
                let mut entry = Map::new();
                entry.insert("name".into(), Value::from(field.name.clone()));
                entry.insert("label".into(), Value::from(field.label.clone()));
                entry.insert("help".into(), Value::from(field.help.clone()));
                entry.insert("required".into(), Value::from(field.required));
                if let Some(example) = &field.example {
                    entry.insert("example".into(), example.clone());
                }
                if let Some(default) = &field.default {
                    entry.insert("default".into(), default.clone());
                }
                entry.insert("control".into(), Value::from(field.control.name()));
                if let Some(kind) = field.refers {
                    entry.insert("refers".into(), Value::from(kind.name()));
                }
                if names.contains(&format!("{}_alt", field.name).as_str()) {
                    entry.insert("picture".into(), Value::Bool(true));
                }
                match &field.control {
                    Control::Group(inner) | Control::Groups(inner) => {
                        entry.insert("fields".into(), describe(inner));
                    }
                    Control::Choice(words) => {
                        let choices = words.iter().map(|(word, meaning)| serde_json::json!([word, meaning])).collect();
                        entry.insert("choices".into(), Value::Array(choices));
                    }
                    Control::Whole { min, max } => {
                        entry.insert("min".into(), min.map_or(Value::Null, Value::from));
                        entry.insert("max".into(), max.map_or(Value::Null, Value::from));
                    }
                    Control::Number { min } => {
                        entry.insert("min".into(), min.map_or(Value::Null, Value::from));
                    }
                    _ => {}
                }
                Value::Object(entry)
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field<'a>(fields: &'a [FieldSpec], name: &str) -> &'a FieldSpec {
        fields.iter().find(|f| f.name == name).unwrap_or_else(|| panic!("no field {name}"))
    }

    #[test]
    fn every_field_gets_the_control_its_value_needs() {
        let service = form(Kind::Service);
        assert_eq!(field(&service, "title").control, Control::Text);
        assert_eq!(field(&service, "featured").control, Control::Switch);
        assert_eq!(field(&service, "deliverables").control, Control::TextList);
        assert_eq!(field(&service, "extra").control, Control::Free);
        let Control::Group(pricing) = &field(&service, "pricing").control else { panic!("pricing is a group") };
        let Control::Choice(models) = &field(pricing, "model").control else { panic!("model is a choice") };
        assert_eq!(models[0], ("hourly".to_string(), "Billed by the hour.".to_string()));
        assert_eq!(field(pricing, "from").control, Control::Number { min: Some(0.0) });
        let Control::Groups(packages) = &field(&service, "packages").control else { panic!("packages") };
        assert!(field(packages, "name").required);
        let testimonial = form(Kind::Testimonial);
        assert_eq!(field(&testimonial, "date").control, Control::Date);
        assert_eq!(field(&testimonial, "rating").control, Control::Whole { min: Some(1), max: Some(5) });
        assert_eq!(field(&testimonial, "services").refers, Some(Kind::Service));
        assert_eq!(field(&testimonial, "company_url").control, Control::Link);
        assert!(field(&testimonial, "author").required);
        assert_eq!(field(&testimonial, "consent").label, "The client agreed to be quoted on my site");
        let study = form(Kind::CaseStudy);
        let Control::Groups(results) = &field(&study, "results").control else { panic!("results") };
        assert_eq!(field(results, "figure").control, Control::TextOrNumber);
    }

    #[test]
    fn every_field_of_every_kind_has_a_label_and_help() {
        for kind in Kind::ALL {
            for field in form(kind) {
                assert!(!field.label.is_empty(), "{kind}: {}", field.name);
                assert!(!field.help.is_empty(), "{kind}: {} has no help", field.name);
            }
        }
    }
}
