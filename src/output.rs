//! The only module that writes to disk. It refuses output folders that would endanger the
//! site or the user's files, writes a new folder through a staging folder renamed into place,
//! and updates a folder it made before by writing only the files whose content changed (each
//! one atomically) and removing only files it wrote itself, listed in its marker file.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::assets::{Assets, fnv1a};
use crate::error::{Error, plain_io};
use crate::render::OutputFile;

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

/// Everything the output folder should hold: rendered files over static files.
pub fn plan(files: Vec<OutputFile>, assets: &Assets) -> Result<Vec<OutputFile>, Error> {
    let mut all: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for (path, bytes) in assets.iter() {
        let data =
            bytes.read().map_err(|err| Error::Other(format!("could not read static/{path}: {}", plain_io(&err))))?;
        all.insert(path.clone(), data.into_owned());
    }
    for file in files {
        all.insert(file.path, file.bytes);
    }
    Ok(all.into_iter().map(|(path, bytes)| OutputFile { path, bytes }).collect())
}

/// Checks that `out` is a folder Shingle may write into for the site at `root`.
pub fn guard(root: &Path, out: &Path) -> Result<PathBuf, Error> {
    let root = absolute(root);
    let out = absolute(out);
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

/// Writes the planned files into `out` (already checked by [`guard`]).
pub fn write(out: &Path, files: &[OutputFile]) -> Result<WriteStats, Error> {
    for file in files {
        if !is_safe_relative(&file.path) {
            return Err(Error::Other(format!(
                "refusing to write '{}': it would land outside the output folder",
                file.path
            )));
        }
    }
    let hashes: Vec<u64> = files.par_iter().map(|f| fnv1a(&f.bytes)).collect();
    if out.is_dir() && out.join(MARKER).is_file() { update(out, files, &hashes) } else { create(out, files, &hashes) }
}

fn is_safe_relative(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && !path.contains('\0')
        && path.split('/').all(|s| !s.is_empty() && s != ".." && s != "." && !s.contains(':'))
}

fn create(out: &Path, files: &[OutputFile], hashes: &[u64]) -> Result<WriteStats, Error> {
    let parent = out.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(parent).map_err(|e| Error::io(parent, "create", &e))?;
    let name = out.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let staging = parent.join(format!(".{name}.shingle-staging-{}", std::process::id()));
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(|e| Error::io(&staging, "clean up", &e))?;
    }
    let result = (|| {
        files.par_iter().try_for_each(|file| write_file(&staging, &file.path, &file.bytes))?;
        write_file(&staging, MARKER, manifest(files, hashes).as_bytes())?;
        if out.is_dir() {
            // an empty folder the user made for us: it is replaced by the finished one
            fs::remove_dir(out).map_err(|e| Error::io(out, "replace the empty folder", &e))?;
        }
        fs::rename(&staging, out).map_err(|e| Error::io(out, "move the finished site into", &e))
    })();
    if result.is_err() {
        let _ = fs::remove_dir_all(&staging);
    }
    result.map(|()| WriteStats { written: files.len(), ..WriteStats::default() })
}

fn update(out: &Path, files: &[OutputFile], hashes: &[u64]) -> Result<WriteStats, Error> {
    let previous = read_manifest(out);
    let changed: Vec<usize> = (0..files.len())
        .filter(|&i| previous.get(files[i].path.as_str()) != Some(&hashes[i]) || !out.join(&files[i].path).is_file())
        .collect();
    changed.par_iter().try_for_each(|&i| write_atomically(out, &files[i].path, &files[i].bytes))?;
    let current: std::collections::HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let mut removed = 0;
    for path in previous.keys() {
        if current.contains(path.as_str()) || !is_safe_relative(path) {
            continue;
        }
        let full = out.join(path);
        if full.is_file() && fs::remove_file(&full).is_ok() {
            removed += 1;
            remove_empty_parents(out, &full);
        }
    }
    write_atomically(out, MARKER, manifest(files, hashes).as_bytes())?;
    Ok(WriteStats { written: changed.len(), unchanged: files.len() - changed.len(), removed })
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

fn manifest(files: &[OutputFile], hashes: &[u64]) -> String {
    let mut text =
        String::from("# Made by Shingle. It may replace or remove the files listed here, and nothing else.\n");
    for (file, hash) in files.iter().zip(hashes) {
        text.push_str(&format!("{hash:016x} {}\n", file.path));
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

fn write_atomically(dir: &Path, rel: &str, bytes: &[u8]) -> Result<(), Error> {
    let path = dir.join(rel);
    let parent = path.parent().unwrap_or(dir);
    if parent.is_file() {
        fs::remove_file(parent).map_err(|e| Error::io(parent, "replace", &e))?;
    }
    fs::create_dir_all(parent).map_err(|e| Error::io(parent, "create", &e))?;
    if path.is_dir() {
        return Err(Error::Other(format!("could not write {}: a folder is in the way", path.display())));
    }
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let temp = parent.join(format!(".{name}.shingle-tmp"));
    let mut file = fs::File::create(&temp).map_err(|e| Error::io(&temp, "write", &e))?;
    file.write_all(bytes).map_err(|e| Error::io(&temp, "write", &e))?;
    drop(file);
    fs::rename(&temp, &path).map_err(|e| Error::io(&path, "write", &e))
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
