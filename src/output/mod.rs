//! The only module that writes to disk. It refuses output folders that would endanger the
//! site or the user's files, writes a new folder through a staging folder renamed into place,
//! and updates a folder it made before by writing only the files whose content changed and
//! removing only files it wrote itself, listed in its marker. Every change goes through open
//! folder handles that never follow a link (`tree`), and the marker is rewritten before files
//! are put in place, so a build killed at any moment is repaired by the next one.

mod marker;
mod tree;

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::error::Error;
pub use marker::MARKER;
use marker::{Entry, Manifest, Stamp};
use tree::Tree;

/// The folder inside an output folder where changed files wait until the whole site is ready.
const STAGING: &str = ".shingle-staging";

/// What a write did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct WriteStats {
    /// Files written because they were new or changed.
    pub written: usize,
    /// Files left alone because they had not changed.
    pub unchanged: usize,
    /// Files removed because the site no longer has them.
    pub removed: usize,
}

/// Checks that `out` is a folder Shingle may write into for the site at `root`.
pub fn guard(root: &Path, out: &Path) -> Result<PathBuf, Error> {
    let root = absolute(root);
    let out = absolute(&expand_home(out));
    let refuse = |why: &str| {
        Err(Error::Other(format!(
            "refusing to use {} as the output folder: {why}\n  choose another folder with --output, such as {}",
            out.display(),
            root.join("public").display()
        )))
    };
    if out.parent().is_none() {
        return refuse("it is the top of the disk");
    }
    if root.starts_with(&out) {
        return refuse("it is, or holds, the site itself");
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from).map(|h| absolute(&h))
        && (out == home || home.starts_with(&out))
    {
        return refuse("it is, or holds, your home folder");
    }
    for folder in ["content", "static", "templates", "themes"] {
        if out.starts_with(root.join(folder)) {
            return refuse(&format!("it is inside the site's {folder}/ folder"));
        }
    }
    if out.exists() && !out.is_dir() {
        return refuse("it is a file, not a folder");
    }
    if out.is_dir() && !is_marked(&out) && fs::read_dir(&out).map(|mut d| d.next().is_some()).unwrap_or(true) {
        return refuse(
            "it already holds files that Shingle did not make, and Shingle never deletes what it did not create",
        );
    }
    Ok(out)
}

/// `~` and `~/x` read as the shell reads them: a folder literally named `~` is never what is meant.
fn expand_home(path: &Path) -> PathBuf {
    let mut parts = path.components();
    match (parts.next(), std::env::var_os("HOME")) {
        (Some(Component::Normal(first)), Some(home)) if first == "~" => PathBuf::from(home).join(parts.as_path()),
        _ => path.to_path_buf(),
    }
}

/// Makes a path absolute and removes `.` and `..` without touching the disk.
fn absolute(path: &Path) -> PathBuf {
    let joined =
        if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(path) };
    let joined = joined.canonicalize().unwrap_or(joined);
    let mut clean = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::ParentDir => {
                clean.pop();
            }
            Component::CurDir => {}
            other => clean.push(other),
        }
    }
    clean
}

/// Whether `out` holds Shingle's marker as a plain file (a link of that name does not count).
fn is_marked(out: &Path) -> bool {
    fs::symlink_metadata(out.join(MARKER)).is_ok_and(|m| m.is_file())
}

/// Writes a site into an output folder without disturbing it until everything is ready.
///
/// Files arrive one by one while the site renders. For a new folder they go into a staging
/// folder beside it, renamed into place at the end. For a folder Shingle made before, a file is
/// left alone when the disk still shows it as Shingle wrote it with the same content; a changed
/// one waits in a staging folder inside the output folder. Only [`Writer::commit`] puts files in
/// place and removes the ones the site no longer has. Dropping a writer without committing
/// removes what it staged.
pub struct Writer {
    out: PathBuf,
    target: Target,
    state: Mutex<Staged>,
    faults: Faults,
    committed: bool,
}

/// Where the files go while the site renders.
enum Target {
    /// A new output folder, made whole beside its final place.
    Fresh { staging: PathBuf, tree: Tree },
    /// A folder Shingle made before.
    Update { tree: Tree, staging: Tree, previous: Manifest, found: HashMap<String, Found> },
}

/// What the disk held at a path of an existing output folder when the build began.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Found {
    File(Option<Stamp>),
    Folder,
    Link,
    Other,
}

#[derive(Default)]
struct Staged {
    manifest: Manifest,
    /// Path in the output folder → name of the staged file waiting to replace it.
    moves: BTreeMap<String, String>,
}

impl Writer {
    /// Prepares to write into `out` (already checked by [`guard`] and locked by [`lock`]).
    pub fn open(out: &Path) -> Result<Writer, Error> {
        let faults = Faults::from_env();
        let target = if is_marked(out) {
            let tree = Tree::open(out).map_err(|e| Error::io(out, "open", &e))?;
            // what a build killed before it could clean up left behind
            tree.remove_folder(STAGING).map_err(|e| Error::io(&out.join(STAGING), "clean up", &e))?;
            let staging = tree.child(STAGING, true).map_err(|e| Error::io(&out.join(STAGING), "create", &e))?;
            let previous = marker::read(&String::from_utf8_lossy(&tree.read(MARKER).unwrap_or_default()));
            Target::Update { tree, staging, previous, found: scan(out) }
        } else {
            let parent = out.parent().unwrap_or(Path::new("."));
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, "create", &e))?;
            let name = out.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
            let staging = parent.join(format!(".{name}.shingle-staging"));
            if fs::symlink_metadata(&staging).is_ok_and(|m| m.is_dir()) {
                fs::remove_dir_all(&staging).map_err(|e| Error::io(&staging, "clean up", &e))?;
            }
            let tree = Tree::create(&staging).map_err(|e| Error::io(&staging, "create", &e))?;
            Target::Fresh { staging, tree }
        };
        Ok(Writer { out: out.to_path_buf(), target, state: Mutex::default(), faults, committed: false })
    }

    /// Stages one file; a later file of the same path replaces it. Safe to call from several threads.
    pub fn put(&self, path: &str, bytes: &[u8]) -> Result<(), Error> {
        self.put_as(path, xxhash_rust::xxh3::xxh3_64(bytes), bytes)
    }

    /// Keeps the file at `path` as it is when an earlier build wrote it as `hash` and the disk
    /// still shows it as written; `false` when it must be staged anew. For files whose bytes cost
    /// something to get (pictures), `hash` names what made them, so they are not read to be compared.
    pub fn keep(&self, path: &str, hash: u64) -> Result<bool, Error> {
        check_path(path)?;
        let Target::Update { previous, found, .. } = &self.target else { return Ok(false) };
        self.check_way(path, previous, found)?;
        let known = previous.get(path).filter(|e| e.hash == hash && e.stamp.is_some());
        let (Some(entry), Some(Found::File(stamp))) = (known, found.get(path)) else { return Ok(false) };
        if entry.stamp != *stamp {
            return Ok(false);
        }
        let mut state = self.state();
        state.moves.remove(path);
        state.manifest.insert(path.to_string(), *entry);
        Ok(true)
    }

    /// Stages `bytes` at `path`, noted in the marker as `hash` (the hash of the bytes, or of what
    /// made them: see [`Writer::keep`]).
    pub fn put_as(&self, path: &str, hash: u64, bytes: &[u8]) -> Result<(), Error> {
        check_path(path)?;
        match &self.target {
            Target::Fresh { tree, .. } => {
                self.faults.step();
                let stamp = tree.write(path, bytes).map_err(|e| Error::io(&self.out.join(path), "write", &e))?;
                self.state().manifest.insert(path.to_string(), Entry { hash, stamp });
            }
            Target::Update { staging, .. } => {
                if self.keep(path, hash)? {
                    return Ok(());
                }
                let temp = self.faults.next_name();
                self.faults.step();
                let stamp = staging.write(&temp, bytes).map_err(|e| Error::io(&self.out.join(path), "write", &e))?;
                let mut state = self.state();
                state.moves.insert(path.to_string(), temp);
                state.manifest.insert(path.to_string(), Entry { hash, stamp });
            }
        }
        Ok(())
    }

    /// Refuses a path the disk does not leave free for Shingle: a link, a folder, or a file
    /// Shingle did not make, at the path or on the way to it.
    fn check_way(&self, path: &str, previous: &Manifest, found: &HashMap<String, Found>) -> Result<(), Error> {
        let mut at = 0;
        loop {
            let end = path[at..].find('/').map(|i| at + i);
            let prefix = &path[..end.unwrap_or(path.len())];
            let shown = self.out.join(prefix);
            let last = end.is_none();
            match (found.get(prefix), last) {
                (None, _) | (Some(Found::Folder), false) => {}
                // Shingle's own file where the site now needs a folder: removed before files move in
                (Some(Found::File(_)), false) if previous.contains_key(prefix) => {}
                (Some(Found::File(_)), true) if previous.contains_key(prefix) => {}
                (Some(Found::Link), _) => {
                    return Err(Error::Other(format!(
                        "{} is a symbolic link, and Shingle never writes through a link it did not make\n  \
                         remove the link from the output folder, then build again",
                        shown.display()
                    )));
                }
                (Some(Found::Folder), true) => {
                    return Err(Error::Other(format!(
                        "could not write {}: a folder of that name is in the way\n  \
                         Shingle did not make it, so it will not remove it: move it out of the output folder",
                        shown.display()
                    )));
                }
                (Some(_), _) => {
                    return Err(Error::Other(format!(
                        "could not write {}: {} is a file Shingle did not make\n  \
                         Shingle never replaces what it did not create: move it out of the output folder",
                        self.out.join(path).display(),
                        shown.display()
                    )));
                }
            }
            match end {
                Some(end) => at = end + 1,
                None => return Ok(()),
            }
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, Staged> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Puts everything staged in place and removes the files the site no longer has.
    pub fn commit(mut self) -> Result<WriteStats, Error> {
        let state = std::mem::take(&mut *self.state());
        let stats = match &self.target {
            Target::Fresh { staging, tree } => {
                self.faults.step();
                tree.write_durably(MARKER, marker::write(&state.manifest).as_bytes())
                    .map_err(|e| Error::io(&staging.join(MARKER), "write", &e))?;
                if self.out.is_dir() {
                    // an empty folder the user made for us: it is replaced by the finished one
                    fs::remove_dir(&self.out).map_err(|e| Error::io(&self.out, "replace the empty folder", &e))?;
                }
                self.faults.step();
                fs::rename(staging, &self.out).map_err(|e| Error::io(&self.out, "move the finished site into", &e))?;
                WriteStats { written: state.manifest.len(), ..WriteStats::default() }
            }
            Target::Update { tree, staging, previous, .. } => {
                // first the marker says which files are about to change, so a build killed from
                // here on leaves a marker the next build does not trust for them
                let mut journal = previous.clone();
                for path in state.moves.keys() {
                    journal.insert(path.clone(), Entry { stamp: None, ..state.manifest[path] });
                }
                self.write_marker(tree, staging, &journal)?;
                let mut removed = 0;
                for path in previous.keys().filter(|p| !state.manifest.contains_key(*p) && is_safe_relative(p)) {
                    self.faults.step();
                    if tree.remove_file(path) {
                        removed += 1;
                    }
                }
                for (path, temp) in &state.moves {
                    self.faults.step();
                    tree.move_in(staging, temp, path).map_err(|e| Error::io(&self.out.join(path), "write", &e))?;
                }
                self.write_marker(tree, staging, &state.manifest)?;
                let written = state.moves.len();
                WriteStats { written, unchanged: state.manifest.len() - written, removed }
            }
        };
        self.committed = true;
        if let Target::Update { tree, .. } = &self.target {
            self.faults.step();
            let _ = tree.remove_folder(STAGING);
        }
        Ok(stats)
    }

    fn write_marker(&self, tree: &Tree, staging: &Tree, files: &Manifest) -> Result<(), Error> {
        let shown = self.out.join(MARKER);
        self.faults.step();
        staging.write_durably(MARKER, marker::write(files).as_bytes()).map_err(|e| Error::io(&shown, "write", &e))?;
        self.faults.step();
        tree.move_in(staging, MARKER, MARKER).map_err(|e| Error::io(&shown, "write", &e))
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        match &self.target {
            Target::Fresh { staging, .. } => {
                let _ = fs::remove_dir_all(staging);
            }
            Target::Update { tree, .. } => {
                let _ = tree.remove_folder(STAGING);
            }
        }
    }
}

/// Refuses a path that would land outside the output folder or on Shingle's own files.
fn check_path(path: &str) -> Result<(), Error> {
    if !is_safe_relative(path) || path == MARKER || path.split('/').next() == Some(STAGING) {
        return Err(Error::Other(format!("refusing to write '{path}': it would land outside the output folder")));
    }
    Ok(())
}

/// Every path of an existing output folder and what is there, without following links.
fn scan(out: &Path) -> HashMap<String, Found> {
    let mut found = HashMap::new();
    let walker = walkdir::WalkDir::new(out).min_depth(1).into_iter();
    for entry in walker.filter_entry(|e| e.depth() != 1 || e.file_name() != STAGING).flatten() {
        let Ok(rel) = entry.path().strip_prefix(out) else { continue };
        let rel = rel.to_string_lossy().replace('\\', "/");
        let kind = entry.file_type();
        let what = if kind.is_symlink() {
            Found::Link
        } else if kind.is_dir() {
            Found::Folder
        } else if kind.is_file() {
            Found::File(entry.metadata().ok().and_then(|m| Stamp::of(&m)))
        } else {
            Found::Other
        };
        found.insert(rel, what);
    }
    found
}

/// A way for tests to stop a build part way, as a kill would: with `SHINGLE_FAULT_AFTER=N` in a
/// debug build, the process ends just before its Nth change to the disk. Release builds ignore it.
struct Faults {
    after: Option<usize>,
    done: AtomicUsize,
    names: AtomicUsize,
}

impl Faults {
    fn from_env() -> Faults {
        let after = if cfg!(debug_assertions) {
            std::env::var("SHINGLE_FAULT_AFTER").ok().and_then(|n| n.parse().ok())
        } else {
            None
        };
        Faults { after, done: AtomicUsize::new(0), names: AtomicUsize::new(0) }
    }

    fn step(&self) {
        let done = self.done.fetch_add(1, Ordering::SeqCst) + 1;
        if self.after.is_some_and(|after| done >= after) {
            std::process::exit(99);
        }
    }

    /// A fresh name for a staged file.
    fn next_name(&self) -> String {
        self.names.fetch_add(1, Ordering::Relaxed).to_string()
    }
}

/// A path Shingle may write below the output folder: relative, `/`-separated, no `.` or `..`,
/// no drive letters, no control characters.
pub fn is_safe_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && !path.chars().any(char::is_control)
        && path.split('/').all(|s| !s.is_empty() && s != ".." && s != "." && !s.contains(':'))
}

/// The build locks a build holds; dropped when it ends.
pub struct BuildLock {
    _files: Vec<fs::File>,
}

/// Takes the lock of the site at `root` and, when the output folder lies elsewhere, the lock of
/// the folder holding it, so two builds never write into one folder at once. Waits (and says
/// so) while another build holds one.
pub fn lock(root: &Path, out: &Path) -> Result<BuildLock, Error> {
    let site_lock = root.join(".shingle.lock");
    let mut files = vec![take_lock(&site_lock, "Another Shingle build of this site is running")?];
    if let Some(parent) = out.parent() {
        let out_lock = parent.join(".shingle.lock");
        let same = |a: &Path, b: &Path| a.canonicalize().ok().zip(b.canonicalize().ok()).is_some_and(|(a, b)| a == b);
        fs::create_dir_all(parent).map_err(|e| Error::io(parent, "create", &e))?;
        if !same(parent, root) {
            let busy = format!("Another Shingle build is writing into {}", out.display());
            files.push(take_lock(&out_lock, &busy)?);
        }
    }
    Ok(BuildLock { _files: files })
}

fn take_lock(path: &Path, busy: &str) -> Result<fs::File, Error> {
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .map_err(|e| Error::io(path, "create the build lock", &e))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => {
            eprintln!("{busy}; waiting for it to finish…");
            file.lock().map_err(|e| Error::io(path, "wait for the build lock", &e))?;
        }
        Err(fs::TryLockError::Error(e)) => return Err(Error::io(path, "take the build lock", &e)),
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_paths_are_refused() {
        assert!(is_safe_relative("blog/index.html"));
        assert!(!is_safe_relative("../x"));
        assert!(!is_safe_relative("/etc/passwd"));
        assert!(!is_safe_relative("a//b"));
        assert!(!is_safe_relative("c:/x"));
    }
}
