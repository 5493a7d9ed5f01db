//! The schema of each kind of content, made from the declarations of its groups of fields: a
//! JSON Schema (2020-12) for editors, forms and `taplo` users, and a plain description of every
//! field (its value, whether it is needed, the allowed values, help and an example) from which
//! `shingle schema`, `shingle new` and the field tables of docs/content.md are written.

use schemars::SchemaGenerator;
use schemars::generate::SchemaSettings;
use serde_json::{Map, Value, json};

use super::kind::{Group, Kind};

/// One front-matter field, described for people.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Its name: `title`.
    pub name: String,
    /// What its value is, in words: `text`, `whole number from 1 to 5`, `list of text`.
    pub value: String,
    /// Whether a file of its kind must set it.
    pub required: bool,
    /// The values it allows, when it is a choice.
    pub allowed: Vec<String>,
    /// One line of help.
    pub help: String,
    /// An example value.
    pub example: Option<Value>,
    /// The fields of its table (`[pricing]`) or of each table in its list (`[[packages]]`).
    pub table: Vec<Field>,
}

impl Field {
    /// Whether the field is a list of tables, written `[[name]]`.
    pub fn is_table_list(&self) -> bool {
        !self.table.is_empty() && self.value.starts_with("list")
    }
}

/// The JSON Schema of the front matter of `kind`.
pub fn json_schema(kind: Kind) -> Value {
    let mut schema = groups_schema(kind.groups());
    schema["title"] = json!(format!("Front matter of {kind}"));
    schema["description"] = json!(format!("The TOML between the +++ lines of {}", kind.place()));
    schema
}

/// The JSON Schema of a table holding the fields of `groups`.
fn groups_schema(groups: &[Group]) -> Value {
    let mut generator = SchemaGenerator::new(SchemaSettings::draft2020_12());
    let mut properties = Map::new();
    let mut required: Vec<Value> = Vec::new();
    for group in groups {
        let schema = group.schema(&mut generator).to_value();
        if let Some(Value::Object(own)) = schema.get("properties") {
            properties.extend(own.clone());
        }
        if let Some(Value::Array(names)) = schema.get("required") {
            required.extend(names.iter().cloned());
        }
    }
    let definitions: Map<String, Value> = generator.take_definitions(true).into_iter().collect();
    let mut schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "properties": properties,
        "additionalProperties": false,
    });
    if !required.is_empty() {
        schema["required"] = Value::Array(required);
    }
    if !definitions.is_empty() {
        schema["$defs"] = Value::Object(definitions);
    }
    without_null(&mut schema);
    schema
}

/// TOML has no null: an optional field is simply left out, so the `null` that a Rust `Option`
/// adds to a schema is removed.
fn without_null(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let only = types.remove(0);
                    map.insert("type".into(), only);
                }
            }
            for key in ["anyOf", "oneOf"] {
                if let Some(Value::Array(choices)) = map.get_mut(key) {
                    choices
                        .retain(|c| c.get("type").is_none_or(|t| t != "null") && c.get("const") != Some(&Value::Null));
                    if choices.len() == 1 {
                        let only = choices.remove(0);
                        map.remove(key);
                        if let Value::Object(only) = only {
                            for (k, v) in only {
                                map.entry(k).or_insert(v);
                            }
                        }
                    }
                }
            }
            if map.get("default") == Some(&Value::Null) {
                map.remove("default");
            }
            for value in map.values_mut() {
                without_null(value);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(without_null),
        _ => {}
    }
}

/// Every field of `kind`, in the order of its groups and their declarations.
pub fn fields(kind: Kind) -> Vec<Field> {
    group_fields(kind.groups())
}

/// Every field of `groups`, in their order and the order of their declarations.
pub fn group_fields(groups: &[Group]) -> Vec<Field> {
    let schema = groups_schema(groups);
    let definitions = schema.get("$defs").cloned().unwrap_or(Value::Null);
    let required: Vec<&str> =
        schema["required"].as_array().map_or(Vec::new(), |r| r.iter().filter_map(Value::as_str).collect());
    groups
        .iter()
        .flat_map(|group| group.fields().iter().copied())
        .filter_map(|name| {
            let property = schema["properties"].get(name)?;
            Some(describe(name, property, required.contains(&name), &definitions))
        })
        .collect()
}

/// A field described from its schema.
fn describe(name: &str, property: &Value, required: bool, definitions: &Value) -> Field {
    let resolved = resolve(property, definitions);
    let help = property
        .get("description")
        .or_else(|| resolved.get("description"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .replace('\n', " ");
    let example = property.get("examples").and_then(|e| e.get(0)).cloned();
    let mut field = Field {
        name: name.to_string(),
        value: String::new(),
        required,
        allowed: choices(&resolved, definitions),
        help,
        example,
        table: Vec::new(),
    };
    field.value = value_words(&resolved, definitions);
    let table = match resolved.get("type").and_then(Value::as_str) {
        Some("array") => resolve(&resolved["items"], definitions),
        _ => resolved.clone(),
    };
    if let Some(Value::Object(properties)) = table.get("properties") {
        let inner: Vec<&str> =
            table["required"].as_array().map_or(Vec::new(), |r| r.iter().filter_map(Value::as_str).collect());
        field.table =
            properties.iter().map(|(n, p)| describe(n, p, inner.contains(&n.as_str()), definitions)).collect();
    }
    field
}

/// The schema a `$ref` points to, or the schema itself.
fn resolve(schema: &Value, definitions: &Value) -> Value {
    match schema.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/$defs/")) {
        Some(name) => {
            let mut target = definitions.get(name).cloned().unwrap_or(Value::Null);
            // what the field says of itself wins over what its type says
            if let (Value::Object(target), Value::Object(own)) = (&mut target, schema) {
                for (key, value) in own.iter().filter(|(k, _)| *k != "$ref") {
                    target.insert(key.clone(), value.clone());
                }
            }
            target
        }
        None => schema.clone(),
    }
}

/// The values a choice allows (`enum`, or `oneOf` of `const`s).
fn choices(schema: &Value, definitions: &Value) -> Vec<String> {
    let schema = resolve(schema, definitions);
    if let Some(Value::Array(values)) = schema.get("enum") {
        return values.iter().filter_map(Value::as_str).map(str::to_string).collect();
    }
    if let Some(Value::Array(options)) = schema.get("oneOf") {
        return options.iter().filter_map(|o| o.get("const").and_then(Value::as_str)).map(str::to_string).collect();
    }
    Vec::new()
}

/// What a value is, in the words the docs use.
fn value_words(schema: &Value, definitions: &Value) -> String {
    let schema = resolve(schema, definitions);
    if !choices(&schema, definitions).is_empty() {
        return "one of the words below".to_string();
    }
    let format = schema.get("format").and_then(Value::as_str);
    let range = |kind: &str| {
        let min = schema.get("minimum").and_then(Value::as_f64);
        let max = schema.get("maximum").and_then(Value::as_f64);
        match (min, max) {
            (Some(min), Some(max)) => format!("{kind} from {min} to {max}"),
            (Some(min), None) => format!("{kind}, {min} or more"),
            _ => kind.to_string(),
        }
    };
    match schema.get("type") {
        Some(Value::String(t)) => match (t.as_str(), format) {
            ("string", Some("date")) => "date".to_string(),
            ("string", Some("uri-reference")) => "link".to_string(),
            ("string", _) => "text".to_string(),
            ("integer", _) => range("whole number"),
            ("number", _) => range("number"),
            ("boolean", _) => "true or false".to_string(),
            ("array", _) => {
                let items = resolve(&schema["items"], definitions);
                match items.get("type").and_then(Value::as_str) {
                    Some("object") => "list of tables".to_string(),
                    _ => format!("list of {}", value_words(&items, definitions)),
                }
            }
            ("object", _) => "table".to_string(),
            (other, _) => other.to_string(),
        },
        _ if schema.get("anyOf").is_some() => "text or number".to_string(),
        _ => "any value".to_string(),
    }
}

/// What `shingle schema [KIND] [--format json]` prints: the fields of one kind, or of every
/// kind; as JSON, one JSON Schema, or an object of them by kind name.
pub fn command(kind: Option<&str>, format: crate::cli::Format) -> Result<String, crate::Error> {
    let kinds = match kind {
        None => Kind::ALL.to_vec(),
        Some(name) => match Kind::named(name) {
            Some(kind) => vec![kind],
            None => {
                let names: Vec<&str> = Kind::ALL.iter().map(|k| k.name()).collect();
                let close = crate::error::did_you_mean(name, names.iter().copied())
                    .map(|close| format!("did you mean '{close}'? "))
                    .unwrap_or_default();
                return Err(crate::Error::Other(format!(
                    "there is no kind of content called '{name}'\n  {close}the kinds are: {}",
                    names.join(", ")
                )));
            }
        },
    };
    Ok(match (format, kinds.as_slice()) {
        (crate::cli::Format::Json, [one]) => format!("{:#}\n", json_schema(*one)),
        (crate::cli::Format::Json, all) => {
            let schemas: Map<String, Value> = all.iter().map(|k| (k.name().to_string(), json_schema(*k))).collect();
            format!("{:#}\n", Value::Object(schemas))
        }
        (crate::cli::Format::Text, all) => all.iter().map(|k| text(*k)).collect::<Vec<_>>().join("\n"),
    })
}

/// An example value written as TOML: `"text"`, `5`, `true`, `["a", "b"]`, `2024-05-18`.
pub fn toml_value(value: &Value, field: &Field) -> String {
    match value {
        Value::String(text) if field.value == "date" => text.clone(),
        Value::String(text) => quote(text),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(|item| toml_value(item, field)).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Null => "\"\"".to_string(),
        other => other.to_string(),
    }
}

/// A TOML string: `Jo's "best" list` → `"Jo's \"best\" list"`.
pub fn quote(text: &str) -> String {
    let mut quoted = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\t' => quoted.push_str("\\t"),
            c if c.is_control() => quoted.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// The fields of `kind` as `shingle schema` prints them: one block per field.
pub fn text(kind: Kind) -> String {
    let mut out = format!("{} — {}\n", kind.name(), kind.place());
    for field in fields(kind) {
        write_field(&mut out, &field, "  ");
    }
    out
}

fn write_field(out: &mut String, field: &Field, indent: &str) {
    let name = if field.is_table_list() {
        format!("[[{}]]", field.name)
    } else if !field.table.is_empty() {
        format!("[{}]", field.name)
    } else {
        field.name.clone()
    };
    let needed = if field.required { ", needed" } else { "" };
    out.push_str(&format!("\n{indent}{name} ({}{needed})\n", field.value));
    out.push_str(&format!("{indent}  {}\n", field.help));
    if !field.allowed.is_empty() {
        out.push_str(&format!("{indent}  one of: {}\n", field.allowed.join(", ")));
    }
    if let Some(example) = &field.example
        && field.table.is_empty()
    {
        out.push_str(&format!("{indent}  example: {} = {}\n", field.name, toml_value(example, field)));
    }
    for inner in &field.table {
        write_field(out, inner, &format!("{indent}    "));
    }
}

/// The field table docs/content.md shows for `spec`: group names (`page address basics`) for
/// their fields, or `group.field` for the table inside one field (`service.pricing`). `None`
/// when the spec names no group or field.
pub fn docs_table(spec: &str) -> Option<String> {
    let (groups, inner) = match spec.split_once('.') {
        Some((group, field)) => (vec![Group::named(group)?], Some(field)),
        None => (spec.split_whitespace().map(Group::named).collect::<Option<Vec<_>>>()?, None),
    };
    let fields = group_fields(&groups);
    let rows = match inner {
        Some(name) => fields.into_iter().find(|f| f.name == name)?.table,
        None => fields,
    };
    let mut table = String::from("| field | value | what it is | example |\n|---|---|---|---|\n");
    for field in rows {
        let name = if field.is_table_list() {
            format!("`[[{}]]`", field.name)
        } else if !field.table.is_empty() || field.value == "table" {
            format!("`[{}]`", field.name)
        } else {
            format!("`{}`", field.name)
        };
        let mut value = field.value.clone();
        if !field.allowed.is_empty() {
            let allowed: Vec<String> = field.allowed.iter().map(|a| format!("`{a}`")).collect();
            value = format!("one of {}", allowed.join(", "));
        }
        if field.required {
            value.push_str(", **needed**");
        }
        let example = match &field.example {
            Some(example) if field.table.is_empty() => format!("`{} = {}`", field.name, toml_value(example, &field)),
            _ => String::new(),
        };
        table.push_str(&format!("| {name} | {value} | {} | {example} |\n", field.help.replace('|', "\\|")));
    }
    Some(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_come_with_their_help_types_and_choices() {
        let service = fields(Kind::Service);
        let pricing = service.iter().find(|f| f.name == "pricing").expect("pricing");
        let model = pricing.table.iter().find(|f| f.name == "model").expect("model");
        assert_eq!(model.allowed, ["hourly", "block", "retainer", "package", "project", "quote"]);
        let rating = fields(Kind::Testimonial).into_iter().find(|f| f.name == "rating").expect("rating");
        assert_eq!(rating.value, "whole number from 1 to 5");
        assert!(rating.help.starts_with("A rating from 1 to 5"));
        assert_eq!(rating.example, Some(json!(5)));
        let post = fields(Kind::Post);
        assert!(post.iter().any(|f| f.name == "date" && f.required && f.value == "date"));
        assert!(post.iter().any(|f| f.name == "tags" && f.value == "list of text"));
        let packages = service.iter().find(|f| f.name == "packages").expect("packages");
        assert!(packages.is_table_list());
    }

    #[test]
    fn the_schema_has_no_null_toml_cannot_write() {
        let text = json_schema(Kind::Service).to_string();
        assert!(!text.contains("\"null\""), "{text}");
    }
}
