//! Front matter changed in place: the values a form sends are put into the TOML with
//! `toml_edit`, one key at a time, and only where they differ from what the file says — so
//! comments, the order of fields and the way untouched values are written stay byte for byte.
//! A value set for the first time takes the place of its commented-out example, when the file
//! has one (as the files of `shingle new` do); a value removed leaves the comments above it.

use std::collections::HashMap;

use serde_json::{Map, Value as Json};
use toml_edit::{ArrayOfTables, DocumentMut, InlineTable, Item, Table, TableLike, Value};

use super::form::{Control, FieldSpec};

/// Puts `values` (by field name; a field left out stays as it is) into the front matter `toml`.
/// Fails only when the front matter is not TOML, with the parser's words.
pub fn apply(toml: &str, fields: &[FieldSpec], values: &Map<String, Json>) -> Result<String, String> {
    let mut document: DocumentMut = toml.parse().map_err(|err: toml_edit::TomlError| err.message().to_string())?;
    let mut edit = Edit { trailing: None, added: Vec::new() };
    edit.table(document.as_table_mut(), fields, values, true);
    for name in std::mem::take(&mut edit.added) {
        uncomment(document.as_table_mut(), &name);
    }
    if let Some(comments) = edit.trailing.take() {
        let trailing = document.trailing().as_str().unwrap_or_default().to_string();
        document.set_trailing(format!("{comments}{trailing}"));
    }
    let mut text = document.to_string();
    if !toml.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(text)
}

/// One edit in progress.
struct Edit {
    /// Comments of removed keys that had nothing after them, for the end of the document.
    trailing: Option<String>,
    /// Keys added at the top of the front matter, to put where their examples are.
    added: Vec<String>,
}

impl Edit {
    fn table(&mut self, table: &mut dyn TableLike, fields: &[FieldSpec], values: &Map<String, Json>, root: bool) {
        for (name, new) in values {
            let Some(field) = fields.iter().find(|f| &f.name == name) else { continue };
            match &field.control {
                Control::Free => {}
                Control::Group(inner) => self.group(table, name, inner, new, root),
                Control::Groups(inner) => self.groups(table, name, inner, new),
                control => {
                    let current = table.get(name).and_then(Item::as_value);
                    match wanted(control, new, current) {
                        Wanted::Same => {}
                        Wanted::Remove => self.remove(table, name, root),
                        Wanted::Value(value) => {
                            if set(table, name, value) && root {
                                self.added.push(name.clone());
                            }
                        }
                        Wanted::List(items) => {
                            if set_list(table, name, items) && root {
                                self.added.push(name.clone());
                            }
                        }
                    }
                }
            }
        }
    }

    /// A group of fields (`[pricing]`): each field changed on its own; the table made when it
    /// gets its first value and removed when its last one is emptied.
    fn group(&mut self, table: &mut dyn TableLike, name: &str, fields: &[FieldSpec], new: &Json, root: bool) {
        let empty = Map::new();
        let new = new.as_object().unwrap_or(&empty);
        let exists = table.get(name).is_some_and(Item::is_table_like);
        if new.values().all(is_empty) {
            if table.get(name).is_some() {
                self.remove(table, name, root);
            }
            return;
        }
        if !exists {
            // an inline table's fields can only hold values
            let item = if table.is_dotted() || !root {
                Item::Value(Value::InlineTable(InlineTable::new()))
            } else {
                Item::Table(Table::new())
            };
            table.insert(name, item);
        }
        if let Some(inner) = table.get_mut(name).and_then(Item::as_table_like_mut) {
            self.table(inner, fields, new, false);
        }
    }

    /// A list of groups (`[[packages]]`): each entry is the one it came from (`_origin`), with
    /// its own changes, in the order sent; new entries are new tables.
    fn groups(&mut self, table: &mut dyn TableLike, name: &str, fields: &[FieldSpec], new: &Json) {
        let entries: Vec<&Map<String, Json>> =
            new.as_array().map_or(Vec::new(), |items| items.iter().filter_map(Json::as_object).collect());
        let origin = |entry: &Map<String, Json>| entry.get("_origin").and_then(Json::as_u64).map(|i| i as usize);
        let unchanged = |old: &[Json]| {
            entries.len() == old.len()
                && entries.iter().enumerate().all(|(i, entry)| {
                    origin(entry) == Some(i)
                        && old.get(i).and_then(Json::as_object).is_some_and(|was| same_group(entry, was, fields))
                })
        };
        if entries.is_empty() {
            if table.get(name).is_some() {
                table.remove(name);
            }
            return;
        }
        match table.get_mut(name) {
            Some(Item::ArrayOfTables(old)) => {
                let was: Vec<Json> = old.iter().map(table_json).collect();
                if unchanged(&was) {
                    return;
                }
                let positions: Vec<Option<isize>> = old.iter().map(Table::position).collect();
                let mut list = ArrayOfTables::new();
                for (i, entry) in entries.iter().enumerate() {
                    let mut item = origin(entry).and_then(|at| old.get(at)).cloned().unwrap_or_default();
                    item.set_position(positions.get(i).copied().flatten());
                    self.table(&mut item, fields, entry, false);
                    list.push(item);
                }
                *old = list;
            }
            Some(Item::Value(Value::Array(old))) => {
                let was: Vec<Json> = old.iter().map(value_json).collect();
                if unchanged(&was) {
                    return;
                }
                let mut list = toml_edit::Array::new();
                for entry in entries {
                    let mut item = origin(entry)
                        .and_then(|at| old.get(at))
                        .and_then(Value::as_inline_table)
                        .cloned()
                        .unwrap_or_default();
                    self.table(&mut item, fields, entry, false);
                    list.push(item);
                }
                *old = list;
            }
            _ => {
                let mut list = ArrayOfTables::new();
                for entry in entries {
                    let mut item = Table::new();
                    self.table(&mut item, fields, entry, false);
                    list.push(item);
                }
                table.insert(name, Item::ArrayOfTables(list));
            }
        }
    }

    /// Removes `name`, handing the comments above it to what follows.
    fn remove(&mut self, table: &mut dyn TableLike, name: &str, root: bool) {
        let comments = table
            .key(name)
            .and_then(|key| key.leaf_decor().prefix())
            .and_then(|prefix| prefix.as_str())
            .filter(|prefix| prefix.contains('#'))
            .map(str::to_string);
        let keys: Vec<String> = table.iter().map(|(key, _)| key.to_string()).collect();
        table.remove(name);
        let Some(comments) = comments else { return };
        let next = keys.iter().skip_while(|key| *key != name).nth(1);
        let next_value = next.filter(|key| table.get(key).is_some_and(Item::is_value));
        if let Some(mut key) = next_value.and_then(|next| table.key_mut(next)) {
            let after = key.leaf_decor().prefix().and_then(|p| p.as_str()).unwrap_or_default().to_string();
            key.leaf_decor_mut().set_prefix(format!("{comments}{after}"));
        } else if root {
            self.trailing = Some(format!("{}{comments}", self.trailing.take().unwrap_or_default()));
        }
    }
}

/// What a field should become.
enum Wanted {
    /// What the file has already.
    Same,
    /// Nothing: the key goes.
    Remove,
    /// This value.
    Value(Value),
    /// This list of values.
    List(Vec<Value>),
}

/// What a field's new JSON value means for the key, given the value the file has.
fn wanted(control: &Control, new: &Json, current: Option<&Value>) -> Wanted {
    let was = current.map(value_json);
    if was.as_ref().is_some_and(|was| same(was, new)) || (was.is_none() && is_empty(new)) {
        return Wanted::Same;
    }
    if is_empty(new) && !matches!(new, Json::Bool(false)) {
        return Wanted::Remove;
    }
    match (control, new) {
        (Control::Switch, Json::Bool(yes)) => {
            // false is the same as not set, unless the file says true
            if !yes && current.is_none() { Wanted::Same } else { Wanted::Value(Value::from(*yes)) }
        }
        (Control::TextList, Json::Array(items)) => Wanted::List(
            items
                .iter()
                .map(|item| Value::from(item.as_str().map_or_else(|| item.to_string(), str::to_string)))
                .collect(),
        ),
        (Control::Date, Json::String(text)) => match text.trim().parse::<toml_edit::Datetime>() {
            Ok(date) if date.date.is_some() && date.time.is_none() => Wanted::Value(Value::from(date)),
            // not a date: written as text, so the build's own check says what is wrong
            _ => Wanted::Value(Value::from(text.as_str())),
        },
        (Control::Whole { .. } | Control::Number { .. }, Json::Number(number)) => {
            let was_float = current.is_some_and(Value::is_float);
            match number.as_i64() {
                Some(whole) if !was_float => Wanted::Value(Value::from(whole)),
                _ => Wanted::Value(Value::from(number.as_f64().unwrap_or_default())),
            }
        }
        (Control::TextOrNumber, Json::String(text)) => {
            let number = text.trim().parse::<f64>().ok().filter(|n| n.is_finite());
            let was_text = current.is_some_and(Value::is_str);
            match number {
                Some(n) if !was_text && n.fract() == 0.0 && n.abs() < 1e15 => Wanted::Value(Value::from(n as i64)),
                Some(n) if !was_text => Wanted::Value(Value::from(n)),
                _ => Wanted::Value(Value::from(text.as_str())),
            }
        }
        (_, Json::String(text)) => Wanted::Value(Value::from(text.as_str())),
        (_, Json::Number(number)) => match number.as_i64() {
            Some(whole) => Wanted::Value(Value::from(whole)),
            None => Wanted::Value(Value::from(number.as_f64().unwrap_or_default())),
        },
        (_, Json::Bool(yes)) => Wanted::Value(Value::from(*yes)),
        // a shape this control does not take: written as text, for the build's check to refuse
        (_, other) => Wanted::Value(Value::from(other.to_string())),
    }
}

/// Sets `name` to `value`, keeping the spacing and comment around the value it replaces;
/// returns whether the key is new.
fn set(table: &mut dyn TableLike, name: &str, mut value: Value) -> bool {
    if let Some(old) = table.get_mut(name).and_then(Item::as_value_mut) {
        *value.decor_mut() = old.decor().clone();
        *old = value;
        return false;
    }
    // an item of another kind (a table where a value goes) is replaced
    table.insert(name, Item::Value(value)).is_none()
}

/// Sets the list `name`, keeping how it is laid out: each item changed in place, new ones laid
/// out like the last, removed ones dropped from the end; returns whether the key is new.
fn set_list(table: &mut dyn TableLike, name: &str, items: Vec<Value>) -> bool {
    let Some(array) = table.get_mut(name).and_then(Item::as_value_mut).and_then(Value::as_array_mut) else {
        let mut array = toml_edit::Array::new();
        for item in items {
            array.push(item);
        }
        return set(table, name, Value::Array(array));
    };
    let first = array.get(0).map(|v| v.decor().clone());
    let last = array.iter().last().map(|v| v.decor().clone());
    let wanted = items.len();
    for (i, mut item) in items.into_iter().enumerate() {
        match array.get_mut(i) {
            Some(old) => {
                if value_json(old) != value_json(&item) {
                    *item.decor_mut() = old.decor().clone();
                    *old = item;
                }
            }
            None => match &last {
                Some(decor) => {
                    *item.decor_mut() = decor.clone();
                    array.push_formatted(item);
                }
                None => array.push(item),
            },
        }
    }
    while array.len() > wanted {
        array.remove(array.len() - 1);
    }
    if let (Some(first), Some(now)) = (first, array.get_mut(0)) {
        now.decor_mut().set_prefix(first.prefix().and_then(|p| p.as_str()).unwrap_or_default().to_string());
    }
    false
}

/// Moves the key just added to where its example is commented out (`# summary = "…"`), in
/// place of that line, keeping the comments above it.
fn uncomment(table: &mut Table, name: &str) {
    let pattern = |line: &str| {
        let line = line.trim_start();
        line.strip_prefix('#')
            .map(str::trim_start)
            .and_then(|rest| rest.strip_prefix(name))
            .is_some_and(|rest| rest.trim_start().starts_with('='))
    };
    let keys: Vec<String> = table.iter().map(|(key, _)| key.to_string()).collect();
    let mut found = None;
    for key in keys.iter().filter(|key| key.as_str() != name) {
        let prefix = table.key(key).and_then(|k| k.leaf_decor().prefix()).and_then(|p| p.as_str()).unwrap_or_default();
        let lines: Vec<&str> = prefix.split_inclusive('\n').collect();
        if let Some(at) = lines.iter().position(|line| pattern(line)) {
            found = Some((key.clone(), lines[..at].concat(), lines[at + 1..].concat()));
            break;
        }
    }
    let Some((before, above, below)) = found else { return };
    if let Some(mut key) = table.key_mut(name) {
        key.leaf_decor_mut().set_prefix(above);
    }
    if let Some(mut key) = table.key_mut(&before) {
        key.leaf_decor_mut().set_prefix(below);
    }
    let mut rank: HashMap<String, usize> = HashMap::new();
    let mut place = 0;
    for key in &keys {
        if key == name {
            continue;
        }
        if *key == before {
            rank.insert(name.to_string(), place);
            place += 1;
        }
        rank.insert(key.clone(), place);
        place += 1;
    }
    table.sort_values_by(|a, _, b, _| rank.get(a.get()).cmp(&rank.get(b.get())));
}

/// Whether two entries of a list of groups hold the same values (their `_origin` aside).
fn same_group(entry: &Map<String, Json>, was: &Map<String, Json>, fields: &[FieldSpec]) -> bool {
    entry.iter().filter(|(key, _)| *key != "_origin").all(|(key, new)| {
        let Some(field) = fields.iter().find(|f| &f.name == key) else { return true };
        match (was.get(key), &field.control) {
            (Some(old), _) => same(old, new),
            (None, Control::Switch) => new == &Json::Bool(false),
            (None, _) => is_empty(new),
        }
    })
}

/// Whether a value sent means "not set": nothing, empty text, an empty list or group, false.
fn is_empty(value: &Json) -> bool {
    match value {
        Json::Null => true,
        Json::String(text) => text.is_empty(),
        Json::Array(items) => items.is_empty(),
        Json::Object(fields) => fields.iter().all(|(key, value)| key == "_origin" || is_empty(value)),
        Json::Bool(yes) => !yes,
        Json::Number(_) => false,
    }
}

/// Whether a value sent is what the file holds (numbers compared as numbers, `_origin` aside).
fn same(was: &Json, new: &Json) -> bool {
    match (was, new) {
        (Json::Number(a), Json::Number(b)) => a.as_f64() == b.as_f64(),
        (Json::Array(a), Json::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(a, b)),
        (Json::Object(a), Json::Object(b)) => {
            let keys = |m: &Map<String, Json>| m.keys().filter(|k| *k != "_origin").cloned().collect::<Vec<_>>();
            let (mut ka, mut kb) = (keys(a), keys(b));
            ka.sort();
            kb.sort();
            ka == kb && ka.iter().all(|k| same(&a[k], &b[k]))
        }
        (a, b) => a == b,
    }
}

/// A `toml_edit` value as JSON, dates as their text.
pub fn value_json(value: &Value) -> Json {
    match value {
        Value::String(text) => Json::String(text.value().clone()),
        Value::Integer(number) => Json::from(*number.value()),
        Value::Float(number) => serde_json::Number::from_f64(*number.value()).map_or(Json::Null, Json::Number),
        Value::Boolean(yes) => Json::Bool(*yes.value()),
        Value::Datetime(date) => Json::String(date.value().to_string()),
        Value::Array(items) => Json::Array(items.iter().map(value_json).collect()),
        Value::InlineTable(table) => Json::Object(table.iter().map(|(k, v)| (k.to_string(), value_json(v))).collect()),
    }
}

/// A standard table's values as JSON (nested tables included).
fn table_json(table: &Table) -> Json {
    Json::Object(
        table
            .iter()
            .map(|(key, item)| {
                let json = match item {
                    Item::Value(value) => value_json(value),
                    Item::Table(inner) => table_json(inner),
                    Item::ArrayOfTables(list) => Json::Array(list.iter().map(table_json).collect()),
                    Item::None => Json::Null,
                };
                (key.to_string(), json)
            })
            .collect(),
    )
}
