//! `skills.md` and `faq.md` edited as lists: each `##` heading is an entry (a category of skills,
//! or a question), read with the same rules the build reads them (`content::faq::split`,
//! `content::skills::parse`). Saving writes back only the entries that changed; the others keep
//! their text byte for byte, wherever they were moved.

use serde_json::{Map, Value, json};

use crate::content::{Kind, faq, skills};

/// An entry of the list as the file has it.
struct Entry<'a> {
    /// Its text, heading line included.
    text: &'a str,
    /// The heading.
    title: String,
    /// What is under the heading.
    content: &'a str,
}

/// The introduction (before the first heading) and the entries of `body`.
fn entries(body: &str) -> (&str, Vec<Entry<'_>>) {
    let (intro_end, questions) = faq::split(body);
    let mut list = Vec::new();
    let mut start = intro_end;
    for question in &questions {
        list.push(Entry {
            text: &body[start..question.answer_end],
            title: question.question.clone(),
            content: &body[question.answer_start..question.answer_end],
        });
        start = question.answer_end;
    }
    (&body[..intro_end], list)
}

/// The list a form starts with: `{ intro, entries: [{ title, items | answer, _origin }] }`.
pub fn model(kind: Kind, body: &str) -> Value {
    let (intro, list) = entries(body);
    let entries: Vec<Value> = list.iter().enumerate().map(|(i, entry)| entry_json(kind, entry, i)).collect();
    json!({ "intro": intro, "entries": entries })
}

fn entry_json(kind: Kind, entry: &Entry, origin: usize) -> Value {
    match kind {
        Kind::Skills => {
            let (categories, _) = skills::parse("", entry.text, 1);
            let items: Vec<Value> = categories
                .iter()
                .flat_map(|c| c.items.iter())
                .map(|skill| json!({ "name": skill.name, "level": skill.level.unwrap_or("") }))
                .collect();
            json!({ "title": entry.title, "items": items, "_origin": origin })
        }
        _ => json!({ "title": entry.title, "answer": entry.content.trim_matches('\n'), "_origin": origin }),
    }
}

/// The body for the list sent by a form; the body as it was when nothing changed.
pub fn body(kind: Kind, old: &str, sent: &Map<String, Value>) -> String {
    let (intro, list) = entries(old);
    let was = model(kind, old);
    let empty = Vec::new();
    let new_entries = sent.get("entries").and_then(Value::as_array).unwrap_or(&empty);
    let new_intro = sent.get("intro").and_then(Value::as_str).unwrap_or(intro);
    if new_intro == intro && Some(new_entries) == was["entries"].as_array() {
        return old.to_string();
    }
    let mut text = String::from(new_intro);
    if !text.is_empty() && !text.ends_with("\n\n") && !new_entries.is_empty() {
        text.push_str(if text.ends_with('\n') { "\n" } else { "\n\n" });
    }
    let count = new_entries.len();
    for (i, entry) in new_entries.iter().enumerate() {
        let origin = entry.get("_origin").and_then(Value::as_u64).map(|o| o as usize);
        let kept =
            origin.and_then(|o| list.get(o)).filter(|_| origin.and_then(|o| was["entries"].get(o)) == Some(entry));
        if let Some(old) = kept
            && origin == Some(i)
            && i + 1 < count
            && i + 1 < list.len()
        {
            // an unchanged entry in its old place, not last before or after, keeps its bytes, the
            // space after it included
            text.push_str(old.text);
            continue;
        }
        let mut part = match kept {
            Some(old) => old.text.to_string(),
            None => written(kind, entry, origin.and_then(|o| list.get(o))),
        };
        // entries are kept apart by a blank line, and the last ends with one line end
        let trimmed = part.trim_end_matches('\n').len();
        part.truncate(trimmed);
        part.push_str(if i + 1 < count { "\n\n" } else { "\n" });
        text.push_str(&part);
    }
    text
}

/// An entry written from the form: its heading, the text a category of skills had besides its
/// list (kept), then its list; or a question and its answer.
fn written(kind: Kind, entry: &Value, old: Option<&Entry>) -> String {
    let title = entry.get("title").and_then(Value::as_str).unwrap_or_default().replace('\n', " ");
    let mut text = format!("## {}\n\n", title.trim());
    match kind {
        Kind::Skills => {
            let prose: Vec<&str> = old
                .map(|old| {
                    old.content
                        .lines()
                        .filter(|l| {
                            let t = l.trim();
                            !t.is_empty() && !t.starts_with("- ") && !t.starts_with("* ")
                        })
                        .collect()
                })
                .unwrap_or_default();
            if !prose.is_empty() {
                text.push_str(&prose.join("\n"));
                text.push_str("\n\n");
            }
            for item in entry.get("items").and_then(Value::as_array).into_iter().flatten() {
                let name = item.get("name").and_then(Value::as_str).unwrap_or_default().replace('\n', " ");
                if name.trim().is_empty() {
                    continue;
                }
                match item.get("level").and_then(Value::as_str).filter(|l| !l.is_empty()) {
                    Some(level) => text.push_str(&format!("- {} ({level})\n", name.trim())),
                    None => text.push_str(&format!("- {}\n", name.trim())),
                }
            }
        }
        _ => {
            let answer = entry.get("answer").and_then(Value::as_str).unwrap_or_default();
            text.push_str(answer.trim_matches('\n'));
            text.push('\n');
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    const FAQ: &str = "Intro.\n\n## How do I pay?\n\nBy card.\n\n## Do hours roll over?\n\nUp to five.\n";

    fn edited(kind: Kind, body: &str, change: impl FnOnce(&mut Value)) -> String {
        let mut model = model(kind, body);
        change(&mut model);
        body_of(kind, body, &model)
    }

    fn body_of(kind: Kind, body: &str, model: &Value) -> String {
        super::body(kind, body, model.as_object().expect("object"))
    }

    #[test]
    fn an_unchanged_list_keeps_its_bytes() {
        for body in [FAQ, "## A\n- x (expert)\n\n\n## B\n* y\n"] {
            assert_eq!(body_of(Kind::Faq, body, &model(Kind::Faq, body)), body);
            assert_eq!(body_of(Kind::Skills, body, &model(Kind::Skills, body)), body);
        }
    }

    #[test]
    fn questions_are_changed_added_and_moved_one_at_a_time() {
        let moved = edited(Kind::Faq, FAQ, |m| {
            let entries = m["entries"].as_array_mut().expect("entries");
            entries.swap(0, 1);
        });
        assert_eq!(moved, "Intro.\n\n## Do hours roll over?\n\nUp to five.\n\n## How do I pay?\n\nBy card.\n");
        let added = edited(Kind::Faq, FAQ, |m| {
            m["entries"][0]["answer"] = json!("By card or transfer.");
            m["entries"]
                .as_array_mut()
                .expect("entries")
                .push(json!({ "title": "Where are you?", "answer": "Cardiff." }));
        });
        assert_eq!(
            added,
            "Intro.\n\n## How do I pay?\n\nBy card or transfer.\n\n## Do hours roll over?\n\nUp to five.\n\n## Where are you?\n\nCardiff.\n"
        );
    }

    #[test]
    fn skills_keep_their_levels_and_the_text_beside_them() {
        let body =
            "Intro\n\n## Admin\n\nWhat I do most.\n\n- Inbox (expert)\n- Filing\n\n## Tools\n\n- Xero (proficient)\n";
        let model = model(Kind::Skills, body);
        assert_eq!(model["entries"][0]["items"][0], json!({ "name": "Inbox", "level": "expert" }));
        let changed = edited(Kind::Skills, body, |m| {
            m["entries"][0]["items"][1]["level"] = json!("familiar");
        });
        assert_eq!(
            changed,
            "Intro\n\n## Admin\n\nWhat I do most.\n\n- Inbox (expert)\n- Filing (familiar)\n\n## Tools\n\n- Xero (proficient)\n"
        );
    }
}
