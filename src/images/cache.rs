//! The copies of pictures made by earlier builds, kept in the site's `.shingle/cache/images/`
//! under names made of the picture's hash, the recipe and the size, so a rebuild and the preview
//! make no copy twice. What a build did not use is removed at its end, so the folder never
//! holds more than the site's pictures need.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::process::Size;

/// Changes whenever the way copies are made changes (qualities, filter), so old copies are not
/// taken for new ones.
const RECIPE: u32 = 1;

/// Where the copies live, relative to the site.
pub const FOLDER: &str = ".shingle/cache/images";

/// How much picture work a build did, for its report and for tests.
#[derive(Debug, Default)]
pub struct Counts {
    /// Pictures decoded.
    pub decoded: AtomicUsize,
    /// Copies made (encoded).
    pub made: AtomicUsize,
    /// Link-preview cards drawn.
    pub drawn: AtomicUsize,
    /// Copies and cards taken from the cache.
    pub reused: AtomicUsize,
}

impl Counts {
    /// `(decoded, made, drawn, reused)`.
    pub fn get(&self) -> (usize, usize, usize, usize) {
        let get = |count: &AtomicUsize| count.load(Ordering::Relaxed);
        (get(&self.decoded), get(&self.made), get(&self.drawn), get(&self.reused))
    }
}

/// The cache of one site.
#[derive(Debug, Default)]
pub struct Cache {
    /// `None`: nothing kept (the folder could not be made).
    dir: Option<PathBuf>,
    used: Mutex<BTreeSet<String>>,
    /// What was done.
    pub counts: Counts,
}

impl Cache {
    /// The cache of the site at `root`.
    pub fn of(root: &Path) -> Cache {
        Cache { dir: Some(root.join(FOLDER)), ..Cache::default() }
    }

    /// The cache folder, once a copy has been put in it.
    pub fn folder(&self) -> Option<&Path> {
        self.dir.as_deref().filter(|dir| dir.is_dir())
    }

    /// Whether an earlier build made the copy of the picture `hash` at `size` (which this build
    /// then uses).
    pub fn has(&self, hash: u64, size: &Size) -> bool {
        let name = name(hash, size);
        let kept = self.dir.as_ref().is_some_and(|dir| dir.join(&name).is_file());
        if kept {
            self.note_reused(name);
        }
        kept
    }

    /// What names the copy of the picture `hash` at `size`: the same key, the same bytes.
    pub fn key(hash: u64, size: &Size) -> u64 {
        xxhash_rust::xxh3::xxh3_64(name(hash, size).as_bytes())
    }

    /// Notes that the output folder still holds the copy of the picture `hash` at `size` from an
    /// earlier build: the copy is neither read nor made, and stays in the cache for the next.
    pub fn kept_in_output(&self, hash: u64, size: &Size) {
        self.note_reused(name(hash, size));
    }

    /// Counts a copy an earlier build made once, however often it is asked for.
    fn note_reused(&self, name: String) {
        if self.used.lock().unwrap_or_else(|e| e.into_inner()).insert(name) {
            self.counts.reused.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// The copy of the picture `hash` at `size`, if the cache holds it.
    pub fn read(&self, hash: u64, size: &Size) -> Option<Vec<u8>> {
        let name = name(hash, size);
        let bytes = std::fs::read(self.dir.as_ref()?.join(&name)).ok()?;
        self.used.lock().unwrap_or_else(|e| e.into_inner()).insert(name);
        Some(bytes)
    }

    /// Keeps a copy for the next build; `false` when the folder cannot be written.
    pub fn put(&self, hash: u64, size: &Size, bytes: &[u8]) -> bool {
        let name = name(hash, size);
        self.used.lock().unwrap_or_else(|e| e.into_inner()).insert(name.clone());
        let Some(dir) = &self.dir else { return false };
        if std::fs::create_dir_all(dir).is_err() {
            return false;
        }
        // written aside and moved into place, so a build killed meanwhile leaves no half copy
        let partial = dir.join(format!("{name}.partial"));
        std::fs::write(&partial, bytes).is_ok() && std::fs::rename(&partial, dir.join(&name)).is_ok()
    }

    /// Removes every copy this build did not use. Only files named as this cache names them are
    /// touched, and never through a link.
    pub fn prune(&self) {
        let Some(dir) = &self.dir else { return };
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        let used = self.used.lock().unwrap_or_else(|e| e.into_inner());
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            let ours = is_ours(&name);
            let file = entry.file_type().is_ok_and(|t| t.is_file());
            if ours && file && !used.contains(&name) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// `0123456789abcdef-r1-640x480.webp`.
fn name(hash: u64, size: &Size) -> String {
    format!("{hash:016x}-r{RECIPE}-{}x{}.{}", size.width, size.height, size.format.extension())
}

/// Whether `name` is one this cache gives (a copy, or one left half-written).
fn is_ours(name: &str) -> bool {
    let name = name.strip_suffix(".partial").unwrap_or(name);
    let Some((stem, extension)) = name.rsplit_once('.') else { return false };
    let mut parts = stem.split('-');
    let hash = parts.next().is_some_and(|h| h.len() == 16 && h.bytes().all(|b| b.is_ascii_hexdigit()));
    let recipe = parts.next().is_some_and(|r| r.starts_with('r'));
    let size = parts.next().is_some_and(|s| s.split_once('x').is_some());
    hash && recipe && size && parts.next().is_none() && ["jpg", "png", "webp"].contains(&extension)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::images::probe::Format;

    #[test]
    fn unused_copies_go_and_nothing_else_does() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cache = Cache::of(dir.path());
        let size = Size { width: 10, height: 5, format: Format::Webp };
        cache.put(1, &size, b"one");
        cache.put(2, &size, b"two");
        std::fs::write(dir.path().join(FOLDER).join("notes.txt"), "mine").expect("write");
        let next = Cache::of(dir.path());
        assert!(next.has(1, &size));
        assert_eq!(next.read(1, &size).as_deref(), Some(&b"one"[..]));
        next.prune();
        assert!(next.read(2, &size).is_none(), "the copy nobody used is gone");
        assert!(dir.path().join(FOLDER).join("notes.txt").is_file(), "a file the cache did not name stays");
        assert_eq!(next.counts.get(), (0, 0, 0, 1));
    }
}
