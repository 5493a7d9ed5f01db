//! The editor's promises on a real site (a copy of example-site/): a file opened as a form and
//! saved unchanged keeps its bytes; one field changed changes exactly its line; a file changed
//! on disk is never overwritten; undo brings the bytes back; a deleted file can be restored.

use std::path::{Path, PathBuf};

use serde_json::json;
use shingle::edit::{Change, Editor, Failure};

/// A copy of the example site in a temporary folder.
fn example_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("site");
    copy(&Path::new(env!("CARGO_MANIFEST_DIR")).join("example-site"), &root);
    (dir, root)
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("list") {
        let entry = entry.expect("entry");
        let name = entry.file_name();
        if name == "public" || name == ".shingle.lock" {
            continue;
        }
        if entry.file_type().expect("type").is_dir() {
            copy(&entry.path(), &to.join(&name));
        } else {
            std::fs::copy(entry.path(), to.join(&name)).expect("copy");
        }
    }
}

/// Every content file of the site, as paths below `content/`.
fn content_files(root: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let content = root.join("content");
    for entry in walkdir::WalkDir::new(&content).sort_by_file_name() {
        let entry = entry.expect("entry");
        if entry.file_type().is_file() && entry.path().extension().is_some_and(|e| e == "md") {
            let rel = entry.path().strip_prefix(&content).expect("inside").to_string_lossy().replace('\\', "/");
            found.push(rel);
        }
    }
    assert!(found.len() > 20, "the example site has its content");
    found
}

/// The change a form sends when nothing was touched: every value as it opened.
fn untouched(editor: &Editor, rel: &str) -> Change {
    let opened = editor.open(rel).unwrap_or_else(|e| panic!("{rel} opens: {e:?}"));
    assert!(opened.unreadable.is_none(), "{rel}: {:?}", opened.unreadable);
    Change {
        version: opened.version,
        values: opened.values.expect("values"),
        body: Some(opened.body),
        lists: opened.lists.and_then(|l| l.as_object().cloned()),
        text: None,
    }
}

/// The lines that differ between two texts of the same length in lines: (line number, old, new).
fn changed_lines(old: &str, new: &str) -> Vec<(usize, String, String)> {
    let (old, new): (Vec<&str>, Vec<&str>) = (old.lines().collect(), new.lines().collect());
    assert_eq!(old.len(), new.len(), "the number of lines stays the same");
    old.iter()
        .zip(&new)
        .enumerate()
        .filter(|(_, (a, b))| a != b)
        .map(|(i, (a, b))| (i + 1, a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn every_example_file_saved_unchanged_keeps_its_bytes() {
    let (_dir, root) = example_site();
    let editor = Editor::new(&root).expect("editor");
    for rel in content_files(&root) {
        let before = std::fs::read(root.join("content").join(&rel)).expect("read");
        let change = untouched(&editor, &rel);
        let saved = editor.save(&rel, &change).unwrap_or_else(|e| panic!("{rel} saves: {e:?}"));
        assert!(saved.entry.is_none(), "{rel}: nothing changed, nothing recorded");
        assert_eq!(std::fs::read(root.join("content").join(&rel)).expect("read"), before, "{rel}");
    }
    let settings = editor.settings().expect("settings");
    let before = std::fs::read(root.join("site.toml")).expect("read");
    let change = Change { version: settings.version, values: settings.values, ..Change::default() };
    editor.save_settings(&change).expect("settings save");
    assert_eq!(std::fs::read(root.join("site.toml")).expect("read"), before);
}

#[test]
fn one_field_changed_changes_exactly_its_line() {
    let (_dir, root) = example_site();
    let editor = Editor::new(&root).expect("editor");
    for rel in content_files(&root) {
        let path = root.join("content").join(&rel);
        let before = std::fs::read_to_string(&path).expect("read");
        let mut change = untouched(&editor, &rel);
        let field = if rel.starts_with("testimonials/") { "author" } else { "title" };
        if !change.values.contains_key(field) {
            continue;
        }
        change.values.insert(field.to_string(), json!("A new name"));
        editor.save(&rel, &change).unwrap_or_else(|e| panic!("{rel} saves: {e:?}"));
        let after = std::fs::read_to_string(&path).expect("read");
        let lines = changed_lines(&before, &after);
        assert_eq!(lines.len(), 1, "{rel}: {lines:?}");
        assert_eq!(lines[0].2, format!("{field} = \"A new name\""), "{rel}");
    }
}

#[test]
fn a_price_and_a_package_change_only_their_lines() {
    let (_dir, root) = example_site();
    let editor = Editor::new(&root).expect("editor");
    let rel = "services/inbox-management.md";
    let path = root.join("content").join(rel);
    let before = std::fs::read_to_string(&path).expect("read");
    let mut change = untouched(&editor, rel);
    change.values["pricing"]["from"] = json!(395);
    change.values["packages"][1]["price"] = json!(720);
    change.values["packages"][1]["features"][0] = json!("Everything in Steady, and more");
    editor.save(rel, &change).expect("saved");
    let after = std::fs::read_to_string(&path).expect("read");
    let lines: Vec<String> = changed_lines(&before, &after).into_iter().map(|(_, _, new)| new).collect();
    assert_eq!(lines, ["from = 395", "price = 720", "  \"Everything in Steady, and more\","]);
}

#[test]
fn a_package_added_goes_after_the_others_which_keep_their_bytes() {
    let (_dir, root) = example_site();
    let editor = Editor::new(&root).expect("editor");
    let rel = "services/inbox-management.md";
    let path = root.join("content").join(rel);
    let before = std::fs::read_to_string(&path).expect("read");
    let mut change = untouched(&editor, rel);
    let packages = change.values["packages"].as_array_mut().expect("packages");
    packages.push(json!({ "name": "Extra", "price": 100, "unit": "month" }));
    editor.save(rel, &change).expect("saved");
    let after = std::fs::read_to_string(&path).expect("read");
    let (front, body) = before.split_once("\n+++\n").expect("front matter");
    let added = "\n[[packages]]\nname = \"Extra\"\nprice = 100\nunit = \"month\"\n";
    assert_eq!(after, format!("{front}\n{added}+++\n{body}"), "the new package goes after the others");
}

#[test]
fn a_file_changed_on_disk_is_never_overwritten() {
    let (_dir, root) = example_site();
    let editor = Editor::new(&root).expect("editor");
    let rel = "testimonials/hannah-lowe.md";
    let path = root.join("content").join(rel);
    let opened = editor.open(rel).expect("open");
    let theirs = std::fs::read_to_string(&path).expect("read").replace("rating = 5", "rating = 4");
    std::fs::write(&path, &theirs).expect("changed in a text editor");
    // the form sends the fields she changed
    let mut change = Change { version: opened.version, ..Change::default() };
    change.values.insert("role".into(), json!("Owner"));
    let refused = editor.save(rel, &change).expect_err("refused");
    let Failure::Conflict { theirs: shown, version, .. } = &refused else { panic!("a conflict: {refused:?}") };
    assert_eq!(shown, &theirs, "the version on disk is shown");
    assert_eq!(refused.status(), 409);
    assert_eq!(std::fs::read_to_string(&path).expect("read"), theirs, "nothing was written");
    // choosing to keep her change, knowingly: made to the version she was shown
    change.version = version.clone();
    editor.save(rel, &change).expect("saved over the version shown");
    let now = std::fs::read_to_string(&path).expect("read");
    assert_eq!(now, theirs.replace("role = \"Founder and lead designer\"", "role = \"Owner\""));
}

#[test]
fn undo_restores_the_previous_bytes_and_delete_is_recoverable() {
    let (_dir, root) = example_site();
    let editor = Editor::new(&root).expect("editor");
    let rel = "services/admin-support.md";
    let path = root.join("content").join(rel);
    let before = std::fs::read(&path).expect("read");
    let mut change = untouched(&editor, rel);
    change.values.insert("title".into(), json!("Admin"));
    let saved = editor.save(rel, &change).expect("saved");
    assert_ne!(std::fs::read(&path).expect("read"), before);
    editor.undo(&saved.entry.expect("recorded").id, false).expect("undone");
    assert_eq!(std::fs::read(&path).expect("read"), before, "undo brings back the bytes");

    let opened = editor.open(rel).expect("open");
    let deleted = editor.delete(rel, &opened.version).expect("deleted");
    assert!(!path.exists(), "the file is gone from content/");
    assert!(root.join(".shingle/history").is_dir(), "a copy is in the history");
    editor.undo(&deleted.id, false).expect("restored");
    assert_eq!(std::fs::read(&path).expect("read"), before, "the deleted file is back, byte for byte");
}

#[test]
fn a_new_file_is_what_shingle_new_writes_and_a_renamed_one_keeps_its_old_address() {
    let (_dir, root) = example_site();
    let editor = Editor::new(&root).expect("editor");
    let (rel, _) = editor.create(shingle::content::Kind::Service, "Travel Booking", "").expect("created");
    assert_eq!(rel, "services/travel-booking.md");
    let text = std::fs::read_to_string(root.join("content").join(&rel)).expect("read");
    assert!(text.contains("title = \"Travel Booking\""), "{text}");
    let refused = editor.create(shingle::content::Kind::Service, "Travel Booking", "").expect_err("exists");
    assert_eq!(refused.status(), 409);

    let rel = "services/systems-setup.md";
    let opened = editor.open(rel).expect("open");
    let renamed = editor.rename(rel, &opened.version, "Systems and Tools", true).expect("renamed");
    assert_eq!(renamed.rel, "services/systems-and-tools.md");
    let text = std::fs::read_to_string(root.join("content").join(&renamed.rel)).expect("read");
    assert!(text.contains("aliases = [\"/services/systems-setup/\"]"), "{text}");
    assert!(!root.join("content").join(rel).exists());
    let references: Vec<String> = content_files(&root)
        .into_iter()
        .map(|r| std::fs::read_to_string(root.join("content").join(r)).expect("read"))
        .filter(|t| t.contains("\"systems-setup\""))
        .collect();
    assert!(references.is_empty(), "testimonials naming the service follow it: {references:?}");
}

#[test]
fn a_value_the_build_refuses_is_not_saved_and_says_where() {
    let (_dir, root) = example_site();
    let editor = Editor::new(&root).expect("editor");
    let rel = "testimonials/hannah-lowe.md";
    let path = root.join("content").join(rel);
    let before = std::fs::read(&path).expect("read");
    let change = untouched(&editor, rel);
    for (field, value, message) in [
        ("date", json!("22/09/2025"), "'22/09/2025' is a date, but not written the way Shingle reads dates"),
        ("consent", json!(false), "this testimonial is marked consent = false, so it cannot be published"),
        ("rating", json!(7), ""),
    ] {
        let mut change = change.clone();
        change.values.insert(field.into(), value);
        let refused = editor.save(rel, &change).expect_err("refused");
        assert_eq!(refused.status(), 422);
        let Failure::Problems(problems) = &refused else { panic!("problems: {refused:?}") };
        let first = problems.iter().find(|p| p.error).expect("an error");
        assert_eq!(first.field.as_deref(), Some(field), "{problems:?}");
        assert!(first.message.contains(message), "{problems:?}");
        assert_eq!(std::fs::read(&path).expect("read"), before, "nothing was written");
    }
}
