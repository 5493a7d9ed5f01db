//! A folder Shingle writes into, seen through open folder handles. Each step down a path opens
//! one folder without following a symbolic link, and every file is created, renamed or removed
//! relative to such a handle, so nothing Shingle does can land outside the folder — whatever
//! links were planted in it, or swapped in while a build runs. Paths here are checked
//! `/`-separated relative paths (see `output::is_safe_relative`).

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};

use cap_fs_ext::{DirExt, FollowSymlinks, OpenOptionsFollowExt};
use cap_std::ambient_authority;
use cap_std::fs::{Dir, OpenOptions};

use super::marker::Stamp;

/// Folder handles kept open at most, so a site of many folders never runs out of file handles.
const KEPT_OPEN: usize = 256;

/// An open folder.
pub struct Tree {
    dir: Arc<Dir>,
    /// Whether the folder started empty: folders are then made before they are opened.
    fresh: bool,
    /// Open handles of folders that hold folders (`blog`, `tags/admin/page`), by path, so
    /// each file costs one step down rather than a walk from the top.
    kept: Mutex<HashMap<String, Arc<Dir>>>,
}

impl Tree {
    /// Opens the folder at `path` (whose own path the caller has checked).
    pub fn open(path: &Path) -> io::Result<Tree> {
        Ok(Tree::new(Dir::open_ambient_dir(path, ambient_authority())?, false))
    }

    /// Creates the folder at `path` (it must not exist) and opens it.
    pub fn create(path: &Path) -> io::Result<Tree> {
        std::fs::create_dir(path)?;
        Ok(Tree::new(Dir::open_ambient_dir(path, ambient_authority())?, true))
    }

    fn new(dir: Dir, fresh: bool) -> Tree {
        Tree { dir: Arc::new(dir), fresh, kept: Mutex::default() }
    }

    /// The subfolder `name`, created when `create` and missing.
    pub fn child(&self, name: &str, create: bool) -> io::Result<Tree> {
        Ok(Tree::new(descend(&self.dir, name, create, create && self.fresh)?, create))
    }

    /// The folder holding `rel` and the file's own name; folders on the way are made when `create`.
    fn parent<'a>(&self, rel: &'a str, create: bool) -> io::Result<(Arc<Dir>, &'a str)> {
        match rel.rsplit_once('/') {
            None => Ok((Arc::clone(&self.dir), rel)),
            Some((folder, name)) => {
                let (upper, last) = folder.rsplit_once('/').unwrap_or(("", folder));
                let upper = self.folder(upper, create)?;
                Ok((Arc::new(descend(&upper, last, create, create && self.fresh)?), name))
            }
        }
    }

    /// The folder at `path`, from the handles kept open when it is there.
    fn folder(&self, path: &str, create: bool) -> io::Result<Arc<Dir>> {
        if path.is_empty() {
            return Ok(Arc::clone(&self.dir));
        }
        if let Some(dir) = self.kept().get(path) {
            return Ok(Arc::clone(dir));
        }
        let (upper, last) = path.rsplit_once('/').unwrap_or(("", path));
        let upper = self.folder(upper, create)?;
        let dir = Arc::new(descend(&upper, last, create, create && self.fresh)?);
        let mut kept = self.kept();
        if kept.len() < KEPT_OPEN {
            kept.insert(path.to_string(), Arc::clone(&dir));
        }
        Ok(dir)
    }

    fn kept(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<Dir>>> {
        self.kept.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Forgets the handles of `path` and the folders in it: it is being removed.
    fn forget(&self, path: &str) {
        let inside = format!("{path}/");
        self.kept().retain(|kept, _| kept != path && !kept.starts_with(&inside));
    }

    /// Writes `bytes` to `rel`, replacing a file there (never following a link), and returns
    /// how the file looks on disk afterwards.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<Option<Stamp>> {
        let (dir, name) = self.parent(rel, true)?;
        let mut options = OpenOptions::new();
        options.write(true).create(true).truncate(true).follow(FollowSymlinks::No);
        let mut file = dir.open_with(name, &options)?;
        file.write_all(bytes)?;
        let file = file.into_std();
        Ok(Stamp::of(&file.metadata()?))
    }

    /// Writes `bytes` to `rel` and makes sure they reached the disk.
    pub fn write_durably(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let (dir, name) = self.parent(rel, true)?;
        let mut options = OpenOptions::new();
        options.write(true).create(true).truncate(true).follow(FollowSymlinks::No);
        let mut file = dir.open_with(name, &options)?;
        file.write_all(bytes)?;
        file.sync_all()
    }

    /// Reads the file `rel`, never through a link.
    pub fn read(&self, rel: &str) -> io::Result<Vec<u8>> {
        let (dir, name) = self.parent(rel, false)?;
        let mut options = OpenOptions::new();
        options.read(true).follow(FollowSymlinks::No);
        let mut file = dir.open_with(name, &options)?;
        let mut bytes = Vec::new();
        io::Read::read_to_end(&mut file, &mut bytes)?;
        Ok(bytes)
    }

    /// Moves the file `from` of `source` to `rel` in this folder (replacing a file there).
    pub fn move_in(&self, source: &Tree, from: &str, rel: &str) -> io::Result<()> {
        let (dir, name) = self.parent(rel, true)?;
        if dir.symlink_metadata(name).is_ok_and(|m| m.is_symlink() || m.is_dir()) {
            return Err(io::Error::new(io::ErrorKind::AlreadyExists, "a link or a folder is in the way"));
        }
        source.dir.rename(from, &dir, name)
    }

    /// Removes `rel` if it is a plain file (a link or a folder of that name is left alone), then
    /// the folders that removal left empty. Returns whether a file was removed.
    pub fn remove_file(&self, rel: &str) -> bool {
        let Ok((dir, name)) = self.parent(rel, false) else { return false };
        if !dir.symlink_metadata(name).is_ok_and(|m| m.is_file()) || dir.remove_file(name).is_err() {
            return false;
        }
        drop(dir);
        let mut folder = rel;
        while let Some((upper, _)) = folder.rsplit_once('/') {
            folder = upper;
            self.forget(folder);
            let (above, last) = folder.rsplit_once('/').unwrap_or(("", folder));
            // fails, and stops here, when the folder still holds something
            if self.folder(above, false).and_then(|dir| dir.remove_dir(last)).is_err() {
                break;
            }
        }
        true
    }

    /// Removes the subfolder `name` with everything in it (links are removed, never followed).
    pub fn remove_folder(&self, name: &str) -> io::Result<()> {
        self.forget(name);
        match self.dir.symlink_metadata(name) {
            Ok(m) if m.is_dir() => self.dir.remove_dir_all(name),
            Ok(_) => Ok(()),
            Err(err) if err.kind() == io::ErrorKind::NotFound => Ok(()),
            Err(err) => Err(err),
        }
    }
}

/// Opens the folder `name` inside `dir`, refusing a link; makes it when `create` and it is
/// missing — first thing when `make_first`, in a folder that started empty.
fn descend(dir: &Dir, name: &str, create: bool, make_first: bool) -> io::Result<Dir> {
    if make_first {
        match dir.create_dir(name) {
            Err(err) if err.kind() != io::ErrorKind::AlreadyExists => return Err(err),
            _ => return dir.open_dir_nofollow(name),
        }
    }
    match dir.open_dir_nofollow(name) {
        Err(err) if create && err.kind() == io::ErrorKind::NotFound => {
            match dir.create_dir(name) {
                // another thread made it first
                Err(err) if err.kind() != io::ErrorKind::AlreadyExists => return Err(err),
                _ => {}
            }
            dir.open_dir_nofollow(name)
        }
        other => other,
    }
}
