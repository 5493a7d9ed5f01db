//! The files the editor may touch, and how it touches them: through folder handles opened from
//! the site's folder one step at a time, never following a symbolic link, so nothing it writes
//! can land outside the site. A [`Place`] is made only from a checked name: a content file, a
//! picture in `static/images/`, `site.toml`, or a file of the editor's own history. Every write
//! goes to a hidden temporary file first and is then renamed into place, so a file is always
//! either as it was or as it is meant to be.

use std::io::{self, Read, Write};
use std::path::Path;

use cap_fs_ext::{DirExt, FollowSymlinks, OpenOptionsFollowExt};
use cap_std::ambient_authority;
use cap_std::fs::{Dir, OpenOptions};

/// Where the editor keeps earlier versions, below the site's folder.
pub const HISTORY: [&str; 2] = [".shingle", "history"];

/// A file the editor may write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// A Markdown file in `content/`, by its path there: `services/inbox.md`.
    Content(String),
    /// A picture in `static/images/`, by its name.
    Image(String),
    /// `site.toml`.
    Settings,
    /// A file of the history, by its name.
    History(String),
}

/// Why a name cannot be a place for the editor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused(pub String);

impl Place {
    /// The content file at `rel` (below `content/`, `/`-separated), when it is one the editor may write.
    pub fn content(rel: &str) -> Result<Place, Refused> {
        let refused = || Refused(format!("'{rel}' is not a content file the editor can change"));
        if !rel.ends_with(".md") || rel.len() > 1024 {
            return Err(refused());
        }
        for segment in rel.split('/') {
            if !safe_segment(segment) {
                return Err(refused());
            }
        }
        Ok(Place::Content(rel.to_string()))
    }

    /// The picture `name` in `static/images/`.
    pub fn image(name: &str) -> Result<Place, Refused> {
        if !safe_segment(name) || name.contains(' ') {
            return Err(Refused(format!("'{name}' is not a name the editor gives a picture")));
        }
        Ok(Place::Image(name.to_string()))
    }

    /// The path below the site's folder: `content/services/inbox.md`.
    pub fn path(&self) -> String {
        match self {
            Place::Content(rel) => format!("content/{rel}"),
            Place::Image(name) => format!("static/images/{name}"),
            Place::Settings => "site.toml".to_string(),
            Place::History(name) => format!("{}/{}/{name}", HISTORY[0], HISTORY[1]),
        }
    }

    /// The place at a path below the site's folder, as [`Place::path`] writes it (for the history).
    pub fn from_path(path: &str) -> Result<Place, Refused> {
        if path == "site.toml" {
            return Ok(Place::Settings);
        }
        if let Some(rel) = path.strip_prefix("content/") {
            return Place::content(rel);
        }
        if let Some(name) = path.strip_prefix("static/images/") {
            return Place::image(name);
        }
        Err(Refused(format!("the editor does not change {path}")))
    }

    /// The folders down to the file, and the file's name.
    fn steps(&self) -> (Vec<&str>, &str) {
        let (folders, name): (Vec<&str>, &str) = match self {
            Place::Content(rel) => {
                let (folder, name) = rel.rsplit_once('/').unwrap_or(("", rel));
                let mut folders = vec!["content"];
                folders.extend(folder.split('/').filter(|s| !s.is_empty()));
                (folders, name)
            }
            Place::Image(name) => (vec!["static", "images"], name),
            Place::Settings => (Vec::new(), "site.toml"),
            Place::History(name) => (HISTORY.to_vec(), name),
        };
        (folders, name)
    }
}

/// A name of a file or folder the editor may use: no way up, no hidden or temporary file, no
/// character a file system or a URL would read otherwise.
fn safe_segment(segment: &str) -> bool {
    !segment.is_empty()
        && segment.len() <= 255
        && !segment.starts_with('.')
        && !crate::content::is_ignored(segment)
        && !segment.chars().any(|c| c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|'))
}

/// The site's folder, opened once.
pub struct SiteFiles {
    root: Dir,
}

impl SiteFiles {
    /// Opens the site's folder.
    pub fn open(root: &Path) -> io::Result<SiteFiles> {
        Ok(SiteFiles { root: Dir::open_ambient_dir(root, ambient_authority())? })
    }

    /// The folder holding `place`, made when `create`; a link on the way is refused.
    fn folder(&self, folders: &[&str], create: bool) -> io::Result<Dir> {
        let mut dir = self.root.try_clone()?;
        for name in folders {
            dir = match dir.open_dir_nofollow(name) {
                Ok(next) => next,
                Err(err) if create && err.kind() == io::ErrorKind::NotFound => {
                    match dir.create_dir(name) {
                        Err(err) if err.kind() != io::ErrorKind::AlreadyExists => return Err(err),
                        _ => {}
                    }
                    dir.open_dir_nofollow(name)?
                }
                Err(err) => return Err(link_refused(err)),
            };
        }
        Ok(dir)
    }

    /// The bytes of the file at `place`; `None` when there is none.
    pub fn read(&self, place: &Place) -> io::Result<Option<Vec<u8>>> {
        let (folders, name) = place.steps();
        let dir = match self.folder(&folders, false) {
            Ok(dir) => dir,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(err) => return Err(err),
        };
        let mut options = OpenOptions::new();
        options.read(true).follow(FollowSymlinks::No);
        let mut file = match dir.open_with(name, &options) {
            Ok(file) => file,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(err) => return Err(link_refused(err)),
        };
        if !file.metadata()?.is_file() {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "it is not a plain file"));
        }
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes)?;
        Ok(Some(bytes))
    }

    /// Whether a file (or anything else) is at `place`.
    pub fn exists(&self, place: &Place) -> bool {
        let (folders, name) = place.steps();
        self.folder(&folders, false).is_ok_and(|dir| dir.symlink_metadata(name).is_ok())
    }

    /// Replaces the file at `place` with `bytes` (or creates it), atomically: a temporary file
    /// beside it, written and flushed to the disk, then renamed over it. A link at `place` is refused.
    pub fn replace(&self, place: &Place, bytes: &[u8]) -> io::Result<()> {
        let (folders, name) = place.steps();
        let dir = self.folder(&folders, true)?;
        let permissions = match dir.symlink_metadata(name) {
            Ok(meta) if !meta.is_file() => return Err(link_refused(io::Error::from(io::ErrorKind::InvalidInput))),
            Ok(meta) => Some(meta.permissions()),
            Err(_) => None,
        };
        let temp = write_temp(&dir, name, bytes)?;
        if let Some(permissions) = permissions {
            let _ = dir.set_permissions(&temp, permissions);
        }
        dir.rename(&temp, &dir, name).inspect_err(|_| {
            let _ = dir.remove_file(&temp);
        })
    }

    /// Creates the file at `place` with `bytes`; fails with `AlreadyExists` when anything is
    /// there, and never leaves a half-written file.
    pub fn create(&self, place: &Place, bytes: &[u8]) -> io::Result<()> {
        let (folders, name) = place.steps();
        let dir = self.folder(&folders, true)?;
        if dir.symlink_metadata(name).is_ok() {
            return Err(io::ErrorKind::AlreadyExists.into());
        }
        let temp = write_temp(&dir, name, bytes)?;
        // a hard link is made only where nothing is: a file that appeared meanwhile is kept
        let linked = dir.hard_link(&temp, &dir, name);
        let _ = dir.remove_file(&temp);
        match linked {
            Ok(()) => Ok(()),
            Err(err) if err.kind() == io::ErrorKind::AlreadyExists => Err(err),
            // a file system without hard links: created in place, refusing anything there
            Err(_) => {
                let mut options = OpenOptions::new();
                options.write(true).create_new(true).follow(FollowSymlinks::No);
                let mut file = dir.open_with(name, &options)?;
                file.write_all(bytes)?;
                file.sync_all()
            }
        }
    }

    /// Removes the file at `place` (a link or a folder there is left alone).
    pub fn remove(&self, place: &Place) -> io::Result<()> {
        let (folders, name) = place.steps();
        let dir = self.folder(&folders, false)?;
        if !dir.symlink_metadata(name)?.is_file() {
            return Err(link_refused(io::Error::from(io::ErrorKind::InvalidInput)));
        }
        dir.remove_file(name)
    }

    /// The names of the plain files in the folder `folders` below the site (none when it is missing).
    pub fn names(&self, folders: &[&str]) -> Vec<String> {
        let Ok(dir) = self.folder(folders, false) else { return Vec::new() };
        let Ok(entries) = dir.entries() else { return Vec::new() };
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
            .filter_map(|entry| entry.file_name().into_string().ok())
            .collect();
        names.sort();
        names
    }
}

/// Writes `bytes` to a new hidden file beside `name` and flushes it to the disk; its name.
fn write_temp(dir: &Dir, name: &str, bytes: &[u8]) -> io::Result<String> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true).follow(FollowSymlinks::No);
    for attempt in 0..100u32 {
        let temp = format!(".{name}.{}-{attempt}.shingle-tmp", std::process::id());
        let mut file = match dir.open_with(&temp, &options) {
            Ok(file) => file,
            Err(err) if err.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(err) => return Err(err),
        };
        let written = file.write_all(bytes).and_then(|()| file.sync_all());
        if let Err(err) = written {
            drop(file);
            let _ = dir.remove_file(&temp);
            return Err(err);
        }
        return Ok(temp);
    }
    Err(io::ErrorKind::AlreadyExists.into())
}

/// A link where a file or folder was expected, said plainly.
fn link_refused(err: io::Error) -> io::Error {
    // ELOOP and ENOTDIR are what opening through a link without following it gives
    let raw = err.raw_os_error();
    if raw == Some(LOOP) || raw == Some(NOT_A_FOLDER) || err.kind() == io::ErrorKind::InvalidInput {
        return io::Error::new(
            io::ErrorKind::PermissionDenied,
            "it is a link or not a plain file, which the editor never follows",
        );
    }
    err
}

#[cfg(target_os = "linux")]
const LOOP: i32 = 40;
#[cfg(not(target_os = "linux"))]
const LOOP: i32 = 62;
const NOT_A_FOLDER: i32 = 20;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_safe_names_make_places() {
        assert!(Place::content("services/inbox.md").is_ok());
        assert!(Place::content("café au lait.md").is_ok());
        for bad in [
            "../site.toml",
            "services/../../x.md",
            "a.txt",
            ".hidden.md",
            "a//b.md",
            "/etc/x.md",
            "a\\b.md",
            "x.md~",
            "c:x.md",
        ] {
            assert!(Place::content(bad).is_err(), "{bad}");
        }
        assert!(Place::image("photo.jpg").is_ok());
        assert!(Place::image("../x.jpg").is_err());
        assert_eq!(Place::content("services/inbox.md").map(|p| p.path()), Ok("content/services/inbox.md".to_string()));
        assert_eq!(Place::from_path("static/images/a.png"), Ok(Place::Image("a.png".into())));
        assert!(Place::from_path("themes/x/theme.toml").is_err());
    }

    #[cfg(unix)]
    #[test]
    fn links_are_never_written_through() {
        let dir = tempfile::tempdir().expect("temp");
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("content")).expect("mkdir");
        std::fs::create_dir_all(dir.path().join("elsewhere")).expect("mkdir");
        std::fs::write(dir.path().join("secret.md"), "secret").expect("write");
        std::os::unix::fs::symlink(dir.path().join("secret.md"), site.join("content/linked.md")).expect("link");
        std::os::unix::fs::symlink(dir.path().join("elsewhere"), site.join("content/blog")).expect("link");
        let files = SiteFiles::open(&site).expect("open");
        let linked = Place::content("linked.md").expect("place");
        assert!(files.replace(&linked, b"changed").is_err());
        assert!(files.read(&linked).is_err());
        assert!(files.create(&Place::content("blog/new.md").expect("place"), b"x").is_err());
        assert_eq!(std::fs::read_to_string(dir.path().join("secret.md")).expect("read"), "secret");
        assert!(std::fs::read_dir(dir.path().join("elsewhere")).expect("list").next().is_none());
    }

    #[test]
    fn a_replaced_file_is_whole_and_a_created_one_never_overwrites() {
        let dir = tempfile::tempdir().expect("temp");
        let files = SiteFiles::open(dir.path()).expect("open");
        let place = Place::content("services/a.md").expect("place");
        files.create(&place, b"one").expect("created");
        assert_eq!(files.create(&place, b"two").map_err(|e| e.kind()), Err(io::ErrorKind::AlreadyExists));
        files.replace(&place, b"three").expect("replaced");
        assert_eq!(files.read(&place).expect("read"), Some(b"three".to_vec()));
        assert_eq!(files.names(&["content", "services"]), ["a.md"], "no temporary file is left");
    }
}
