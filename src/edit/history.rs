//! The editor's history in `.shingle/history/`: every change it makes (a save, a new file, a
//! deletion, a renamed address, an uploaded picture, an undo) is recorded as the files it
//! touched, each with a copy of the bytes it had before, so any change can be undone with one
//! click and a deleted file is never lost. The history keeps the last [`MAX_ENTRIES`] changes
//! and at most [`MAX_BYTES`] of copies; older ones are forgotten.

use serde::{Deserialize, Serialize};

use super::files::{Place, SiteFiles};

/// Changes remembered.
pub const MAX_ENTRIES: usize = 50;
/// Bytes of earlier versions kept at most (the newest change is always kept).
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;
/// The list of changes, newest last.
const INDEX: &str = "index.json";

/// One change the editor made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Unique and in time order: `1718000000000-001`.
    pub id: String,
    /// When, in seconds since 1970 (UTC).
    pub time: u64,
    /// What was done, in words: `Saved content/services/inbox.md`.
    pub what: String,
    /// Each file it touched.
    pub changes: Vec<FileChange>,
    /// Whether it has been undone since.
    #[serde(default)]
    pub undone: bool,
}

/// One file a change touched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileChange {
    /// Its path below the site's folder: `content/services/inbox.md`.
    pub path: String,
    /// The copy of its bytes before, in the history folder; `None` when it did not exist.
    pub before: Option<String>,
    /// Its version after the change; `None` when the change removed it.
    pub after: Option<String>,
    /// How many bytes the copy holds.
    #[serde(default)]
    pub size: u64,
}

/// The version of a file's bytes: what the editor compares to notice a change on disk.
pub fn version(bytes: &[u8]) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(bytes))
}

/// Why a change could not be made.
#[derive(Debug)]
pub enum Failed {
    /// A file is not as the change expects: it changed on disk since.
    Changed(String),
    /// The disk refused.
    Io(std::io::Error, String),
}

/// Reads the list of changes (empty when there is none, or it cannot be read).
pub fn entries(files: &SiteFiles) -> Vec<Entry> {
    let bytes = files.read(&Place::History(INDEX.to_string())).ok().flatten().unwrap_or_default();
    serde_json::from_slice(&bytes).unwrap_or_default()
}

/// Makes a change: each place gets its new bytes (`None` removes the file), after a copy of what
/// it held is put in the history. Returns the change as recorded.
pub fn commit(files: &SiteFiles, what: &str, changes: Vec<(Place, Option<Vec<u8>>)>) -> Result<Entry, Failed> {
    let mut list = entries(files);
    let id = next_id(&list);
    let mut recorded = Vec::new();
    for (i, (place, new)) in changes.iter().enumerate() {
        let path = place.path();
        let old = files.read(place).map_err(|e| Failed::Io(e, path.clone()))?;
        let before = match &old {
            Some(bytes) => {
                let name = format!("{id}-{i}.bak");
                files.create(&Place::History(name.clone()), bytes).map_err(|e| Failed::Io(e, path.clone()))?;
                Some(name)
            }
            None => None,
        };
        let size = old.as_ref().map_or(0, |b| b.len() as u64);
        recorded.push(FileChange { path, before, after: new.as_deref().map(version), size });
    }
    for (place, new) in &changes {
        let written = match new {
            Some(bytes) => files.replace(place, bytes),
            None => match files.remove(place) {
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(()),
                other => other,
            },
        };
        written.map_err(|e| Failed::Io(e, place.path()))?;
    }
    let entry = Entry { id, time: now(), what: what.to_string(), changes: recorded, undone: false };
    list.push(entry.clone());
    save(files, list);
    Ok(entry)
}

/// Undoes the change `id`: each file it touched gets back the bytes it had before. Refused,
/// saying which file, when one has changed since (unless `anyway`). Returns the undo, itself a
/// change that can be undone.
pub fn undo(files: &SiteFiles, id: &str, anyway: bool) -> Result<Entry, Failed> {
    let list = entries(files);
    let Some(entry) = list.iter().find(|e| e.id == id) else {
        return Err(Failed::Changed("this change is no longer in the history".to_string()));
    };
    let mut changes = Vec::new();
    for change in &entry.changes {
        let place = Place::from_path(&change.path).map_err(|refused| Failed::Changed(refused.0))?;
        let now = files.read(&place).map_err(|e| Failed::Io(e, change.path.clone()))?;
        if !anyway && now.as_deref().map(version) != change.after {
            return Err(Failed::Changed(format!("{} has changed since", change.path)));
        }
        let before = match &change.before {
            Some(name) => {
                let copy = files.read(&Place::History(name.clone())).map_err(|e| Failed::Io(e, change.path.clone()))?;
                Some(copy.ok_or_else(|| Failed::Changed("the copy of the earlier version is gone".to_string()))?)
            }
            None => None,
        };
        changes.push((place, before));
    }
    let what = format!("Undid: {}", entry.what);
    let undone = commit(files, &what, changes)?;
    let mut list = entries(files);
    if let Some(entry) = list.iter_mut().find(|e| e.id == id) {
        entry.undone = true;
    }
    save(files, list);
    Ok(undone)
}

/// The bytes a file had before change `id`, for showing what undo would bring back.
pub fn before(files: &SiteFiles, entry: &Entry, path: &str) -> Option<Vec<u8>> {
    let change = entry.changes.iter().find(|c| c.path == path)?;
    files.read(&Place::History(change.before.clone()?)).ok().flatten()
}

/// Writes the list, forgetting the oldest changes past the bounds and their copies.
fn save(files: &SiteFiles, mut list: Vec<Entry>) {
    let bytes_of = |e: &Entry| e.changes.iter().map(|c| c.size).sum::<u64>();
    while list.len() > MAX_ENTRIES || (list.len() > 1 && list.iter().map(bytes_of).sum::<u64>() > MAX_BYTES) {
        let old = list.remove(0);
        for change in old.changes {
            if let Some(name) = change.before {
                let _ = files.remove(&Place::History(name));
            }
        }
    }
    if let Ok(text) = serde_json::to_vec_pretty(&list) {
        // losing the list loses undo, never a file: the copies stay beside it
        let _ = files.replace(&Place::History(INDEX.to_string()), &text);
    }
}

fn next_id(list: &[Entry]) -> String {
    let millis = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_millis());
    let mut n = 0;
    loop {
        let id = format!("{millis:013}-{n:03}");
        if !list.iter().any(|e| e.id == id) {
            return id;
        }
        n += 1;
    }
}

fn now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site() -> (tempfile::TempDir, SiteFiles) {
        let dir = tempfile::tempdir().expect("temp");
        let files = SiteFiles::open(dir.path()).expect("open");
        (dir, files)
    }

    #[test]
    fn undo_brings_back_the_bytes_and_can_itself_be_undone() {
        let (_dir, files) = site();
        let place = Place::content("about.md").expect("place");
        files.create(&place, b"one\r\n").expect("created");
        let saved = commit(&files, "Saved", vec![(place.clone(), Some(b"two".to_vec()))]).expect("saved");
        assert_eq!(files.read(&place).expect("read"), Some(b"two".to_vec()));
        let undone = undo(&files, &saved.id, false).expect("undone");
        assert_eq!(files.read(&place).expect("read"), Some(b"one\r\n".to_vec()));
        assert!(entries(&files).iter().any(|e| e.id == saved.id && e.undone));
        undo(&files, &undone.id, false).expect("redone");
        assert_eq!(files.read(&place).expect("read"), Some(b"two".to_vec()));
    }

    #[test]
    fn a_deleted_file_comes_back_and_a_changed_one_is_not_overwritten() {
        let (_dir, files) = site();
        let place = Place::content("blog/post.md").expect("place");
        files.create(&place, b"post").expect("created");
        let deleted = commit(&files, "Deleted", vec![(place.clone(), None)]).expect("deleted");
        assert_eq!(files.read(&place).expect("read"), None);
        undo(&files, &deleted.id, false).expect("restored");
        assert_eq!(files.read(&place).expect("read"), Some(b"post".to_vec()));
        let saved = commit(&files, "Saved", vec![(place.clone(), Some(b"mine".to_vec()))]).expect("saved");
        files.replace(&place, b"someone else's").expect("changed on disk");
        assert!(matches!(undo(&files, &saved.id, false), Err(Failed::Changed(_))));
        assert_eq!(files.read(&place).expect("read"), Some(b"someone else's".to_vec()));
    }

    #[test]
    fn the_history_stays_within_its_bounds() {
        let (_dir, files) = site();
        let place = Place::content("a.md").expect("place");
        for i in 0..MAX_ENTRIES + 5 {
            commit(&files, "Saved", vec![(place.clone(), Some(format!("{i}").into_bytes()))]).expect("saved");
        }
        assert_eq!(entries(&files).len(), MAX_ENTRIES);
        let copies = files.names(&HISTORY_FOLDERS).into_iter().filter(|n| n.ends_with(".bak")).count();
        assert_eq!(copies, MAX_ENTRIES, "each change kept has its copy; the oldest copies were removed");
    }

    const HISTORY_FOLDERS: [&str; 2] = super::super::files::HISTORY;
}
