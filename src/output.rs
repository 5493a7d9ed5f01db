//! The only module that writes to disk. It refuses output folders that would endanger the
//! site or the user's files, writes a new folder through a staging folder renamed into place,
//! and updates a folder it made before by writing only the files whose content changed (each
//! one atomically) and removing only files it wrote itself, listed in its marker file.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use crate::assets::content_hash;
use crate::error::Error;

/// Marks a folder as made by Shingle and lists what it wrote: `hash path` per line.
pub const MARKER: &str = ".shingle-output";

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
    if out.is_dir() && !out.join(MARKER).is_file() && fs::read_dir(&out).map(|mut d| d.next().is_some()).unwrap_or(true)
    {
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

/// Writes a site into an output folder without disturbing it until everything is ready.
///
/// Files arrive one by one while the site renders. For a new folder they go into a staging
/// folder beside it, renamed into place at the end. For a folder Shingle made before, a file
/// whose content is unchanged is left alone and a changed one is written to a hidden temporary
/// file beside its target; only [`Writer::commit`] renames them into place and removes files
/// the site no longer has. Dropping a writer without committing removes what it staged.
pub struct Writer {
    out: PathBuf,
    staging: Option<PathBuf>,
    previous: BTreeMap<String, u64>,
    state: Mutex<Staged>,
    committed: bool,
}

#[derive(Default)]
struct Staged {
    manifest: BTreeMap<String, u64>,
    temps: Vec<(PathBuf, PathBuf)>,
    unchanged: usize,
}

impl Writer {
    /// Prepares to write into `out` (already checked by [`guard`]).
    pub fn open(out: &Path) -> Result<Writer, Error> {
        let update = out.is_dir() && out.join(MARKER).is_file();
        remove_leftovers(out, update);
        let staging = if update {
            None
        } else {
            let parent = out.parent().unwrap_or(Path::new("."));
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, "create", &e))?;
            let name = out.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
            let staging = parent.join(format!(".{name}.shingle-staging-{}", std::process::id()));
            if staging.exists() {
                fs::remove_dir_all(&staging).map_err(|e| Error::io(&staging, "clean up", &e))?;
            }
            fs::create_dir_all(&staging).map_err(|e| Error::io(&staging, "create", &e))?;
            Some(staging)
        };
        let previous = if update { read_manifest(out) } else { BTreeMap::new() };
        Ok(Writer { out: out.to_path_buf(), staging, previous, state: Mutex::default(), committed: false })
    }

    /// Stages one file; a later file of the same path replaces it. Safe to call from several threads.
    pub fn put(&self, path: &str, bytes: &[u8]) -> Result<(), Error> {
        if !is_safe_relative(path) || path == MARKER {
            return Err(Error::Other(format!("refusing to write '{path}': it would land outside the output folder")));
        }
        let hash = content_hash(bytes);
        let staged = match &self.staging {
            Some(staging) => {
                write_file(staging, path, bytes)?;
                None
            }
            None if self.previous.get(path) == Some(&hash) && self.out.join(path).is_file() => None,
            None => Some(write_temp(&self.out, path, bytes)?),
        };
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        // a rendered page may replace a static file of the same path: the later one wins
        let replaced = state.manifest.insert(path.to_string(), hash).is_some();
        match staged {
            Some(temp) if !replaced || !state.temps.iter().any(|(t, _)| *t == temp) => {
                state.temps.push((temp, self.out.join(path)))
            }
            None if self.staging.is_none() && !replaced => state.unchanged += 1,
            _ => {}
        }
        Ok(())
    }

    /// Moves everything staged into place and removes the files the site no longer has.
    pub fn commit(mut self) -> Result<WriteStats, Error> {
        let state = std::mem::take(&mut *self.state.lock().unwrap_or_else(|e| e.into_inner()));
        let manifest = manifest(&state.manifest);
        if let Some(staging) = self.staging.take() {
            let result = write_file(&staging, MARKER, manifest.as_bytes()).and_then(|()| {
                if self.out.is_dir() {
                    // an empty folder the user made for us: it is replaced by the finished one
                    fs::remove_dir(&self.out).map_err(|e| Error::io(&self.out, "replace the empty folder", &e))?;
                }
                fs::rename(&staging, &self.out).map_err(|e| Error::io(&self.out, "move the finished site into", &e))
            });
            if result.is_err() {
                let _ = fs::remove_dir_all(&staging);
            }
            result?;
            self.committed = true;
            return Ok(WriteStats { written: state.manifest.len(), ..WriteStats::default() });
        }
        let written = state.temps.len();
        for (temp, target) in &state.temps {
            fs::rename(temp, target).map_err(|e| Error::io(target, "write", &e))?;
        }
        self.committed = true;
        let mut removed = 0;
        for path in self.previous.keys() {
            if state.manifest.contains_key(path) || !is_safe_relative(path) {
                continue;
            }
            let full = self.out.join(path);
            if full.is_file() && fs::remove_file(&full).is_ok() {
                removed += 1;
                remove_empty_parents(&self.out, &full);
            }
        }
        let marker = write_temp(&self.out, MARKER, manifest.as_bytes())?;
        fs::rename(&marker, self.out.join(MARKER)).map_err(|e| Error::io(&marker, "write", &e))?;
        Ok(WriteStats { written, unchanged: state.unchanged, removed })
    }
}

impl Drop for Writer {
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        if let Some(staging) = &self.staging {
            let _ = fs::remove_dir_all(staging);
        }
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        for (temp, _) in &state.temps {
            let _ = fs::remove_file(temp);
        }
    }
}

/// Removes what a build killed before it could clean up left behind: staging folders beside
/// `out` and, in a folder Shingle made, its hidden temporary files. The caller holds the site's
/// build lock, so no other build of this site is using them.
fn remove_leftovers(out: &Path, update: bool) {
    if update {
        for entry in walkdir::WalkDir::new(out).into_iter().flatten() {
            let name = entry.file_name().to_string_lossy();
            if entry.file_type().is_file() && name.starts_with('.') && name.ends_with(".shingle-tmp") {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
    let (Some(parent), Some(name)) = (out.parent(), out.file_name()) else { return };
    let prefix = format!(".{}.shingle-staging-", name.to_string_lossy());
    for entry in fs::read_dir(parent).into_iter().flatten().flatten() {
        if entry.file_name().to_string_lossy().starts_with(&prefix) && entry.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

fn is_safe_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && !path.contains('\0')
        && path.split('/').all(|s| !s.is_empty() && s != ".." && s != "." && !s.contains(':'))
}

fn remove_empty_parents(out: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == out || fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

fn manifest(files: &BTreeMap<String, u64>) -> String {
    let mut text =
        String::from("# Made by Shingle. It may replace or remove the files listed here, and nothing else.\n");
    for (path, hash) in files {
        text.push_str(&format!("{hash:016x} {path}\n"));
    }
    text
}

fn read_manifest(out: &Path) -> BTreeMap<String, u64> {
    let text = fs::read_to_string(out.join(MARKER)).unwrap_or_default();
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|line| {
            let (hash, path) = line.split_once(' ')?;
            Some((path.to_string(), u64::from_str_radix(hash, 16).ok()?))
        })
        .collect()
}

fn write_file(dir: &Path, rel: &str, bytes: &[u8]) -> Result<(), Error> {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| Error::io(parent, "create", &e))?;
    }
    fs::write(&path, bytes).map_err(|e| Error::io(&path, "write", &e))
}

/// Writes `bytes` to a hidden file beside `dir/rel` and returns its path.
fn write_temp(dir: &Path, rel: &str, bytes: &[u8]) -> Result<PathBuf, Error> {
    let path = dir.join(rel);
    let parent = path.parent().unwrap_or(dir);
    if parent.is_file() {
        return Err(Error::Other(format!("could not write {}: a file is in the way of its folder", path.display())));
    }
    fs::create_dir_all(parent).map_err(|e| Error::io(parent, "create", &e))?;
    if path.is_dir() {
        return Err(Error::Other(format!("could not write {}: a folder is in the way", path.display())));
    }
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let temp = parent.join(format!(".{name}.shingle-tmp"));
    let mut file = fs::File::create(&temp).map_err(|e| Error::io(&temp, "write", &e))?;
    if let Err(err) = file.write_all(bytes) {
        // a half-written temporary file is nobody's: it must not stay in the output folder
        drop(file);
        let _ = fs::remove_file(&temp);
        return Err(Error::io(&temp, "write", &err));
    }
    Ok(temp)
}

/// Holds the site's build lock; dropped when the build ends.
pub struct BuildLock {
    _file: fs::File,
}

/// Takes the build lock of the site at `root`, waiting (and saying so) if another build holds it.
pub fn lock(root: &Path) -> Result<BuildLock, Error> {
    let path = root.join(".shingle.lock");
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|e| Error::io(&path, "create the build lock", &e))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(fs::TryLockError::WouldBlock) => {
            eprintln!("Another Shingle build of this site is running; waiting for it to finish…");
            file.lock().map_err(|e| Error::io(&path, "wait for the build lock", &e))?;
        }
        Err(fs::TryLockError::Error(e)) => return Err(Error::io(&path, "take the build lock", &e)),
    }
    Ok(BuildLock { _file: file })
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
