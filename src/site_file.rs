//! Reading a file of the site — content, templates, static files — so that nothing outside the
//! site can be read through it: the file is opened first, then the opened file itself is checked
//! to be a regular file inside the site. A link swapped in between a check and the read (or put
//! there to lead out) is therefore never followed out, and a named pipe never blocks a build.

use std::fs::{File, OpenOptions};
use std::io::{self, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Whether the file may be a link (to somewhere inside the site, as the walk of the site allows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    /// A link inside the site is followed.
    Follow,
    /// The file must not be a link (the preview's quick replacement of a static file).
    Refuse,
}

/// The real (canonical) folder of a site: every file read through it must lie inside.
#[derive(Debug, Clone)]
pub struct Root(Arc<Path>);

impl Root {
    /// The real folder of the site at `root` (as given, if it cannot be resolved: then nothing
    /// reads, which is right for a folder that is not there).
    pub fn new(root: &Path) -> Root {
        Root(root.canonicalize().unwrap_or_else(|_| root.to_path_buf()).into())
    }

    /// Opens the regular file at `path` for reading, once the opened file is known to lie inside.
    pub fn open(&self, path: &Path, links: Links) -> io::Result<File> {
        let file = open(path, links)?;
        if !file.metadata()?.is_file() {
            return Err(io::Error::new(io::ErrorKind::InvalidInput, "it is not a regular file"));
        }
        // checked on the open file, so what was opened is what is checked
        if !opened_path(&file, path).is_some_and(|real| real.starts_with(&self.0)) {
            return Err(io::Error::other("it lies outside the site folder"));
        }
        Ok(file)
    }

    /// The bytes of the regular file at `path`.
    pub fn read(&self, path: &Path, links: Links) -> io::Result<Vec<u8>> {
        let mut file = self.open(path, links)?;
        let mut bytes = Vec::with_capacity(file.metadata().map_or(0, |m| m.len() as usize));
        file.read_to_end(&mut bytes)?;
        Ok(bytes)
    }
}

/// Opens `path` for reading without waiting: opening a named pipe put in a file's place would
/// otherwise block until something writes to it (a regular file reads the same either way).
#[cfg(unix)]
fn open(path: &Path, links: Links) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    let no_follow = if links == Links::Refuse { libc::O_NOFOLLOW } else { 0 };
    OpenOptions::new().read(true).custom_flags(no_follow | libc::O_NONBLOCK).open(path)
}

/// Opens `path` for reading. Without a portable way to refuse a link while opening, one there
/// just before is refused; the check on the opened file's place does the rest.
#[cfg(not(unix))]
fn open(path: &Path, links: Links) -> io::Result<File> {
    if links == Links::Refuse && std::fs::symlink_metadata(path)?.file_type().is_symlink() {
        return Err(io::ErrorKind::InvalidInput.into());
    }
    OpenOptions::new().read(true).open(path)
}

/// Where the opened file really is. On Linux the kernel says so for the open file itself;
/// elsewhere the path is resolved just after opening, the nearest available.
fn opened_path(file: &File, path: &Path) -> Option<PathBuf> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        if let Ok(real) = std::fs::read_link(format!("/proc/self/fd/{}", file.as_raw_fd())) {
            return Some(real);
        }
    }
    let _ = file;
    path.canonicalize().ok()
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;
    use std::time::{Duration, Instant};

    /// A site folder with `static/`, beside a secret file outside it.
    fn site() -> (tempfile::TempDir, PathBuf, PathBuf) {
        let dir = tempfile::tempdir().expect("temp dir");
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("static")).expect("mkdir");
        let secret = dir.path().join("secret.txt");
        std::fs::write(&secret, "secret").expect("write");
        let real_root = site.canonicalize().expect("real root");
        (dir, real_root, secret)
    }

    #[test]
    fn a_file_of_the_site_is_read() {
        let (_dir, root, _) = site();
        std::fs::write(root.join("static/a.css"), "a {}").expect("write");
        assert_eq!(Root::new(&root).read(&root.join("static/a.css"), Links::Follow).ok(), Some(b"a {}".to_vec()));
    }

    #[test]
    fn a_symlink_is_never_followed_out_of_the_site() {
        let (dir, root, secret) = site();
        symlink(&secret, root.join("static/leak.txt")).expect("symlink");
        assert!(Root::new(&root).read(&root.join("static/leak.txt"), Links::Refuse).is_err());
        assert!(Root::new(&root).read(&root.join("static/leak.txt"), Links::Follow).is_err());
        std::fs::create_dir(dir.path().join("elsewhere")).expect("mkdir");
        std::fs::write(dir.path().join("elsewhere/x.css"), "secret").expect("write");
        symlink(dir.path().join("elsewhere"), root.join("static/folder")).expect("symlink");
        assert!(Root::new(&root).read(&root.join("static/folder/x.css"), Links::Follow).is_err());
        // a link that stays inside the site is followed
        std::fs::write(root.join("static/a.css"), "a {}").expect("write");
        symlink(root.join("static/a.css"), root.join("static/b.css")).expect("symlink");
        assert_eq!(Root::new(&root).read(&root.join("static/b.css"), Links::Follow).ok(), Some(b"a {}".to_vec()));
    }

    #[test]
    fn a_named_pipe_in_a_files_place_is_refused_without_waiting() {
        let (_dir, root, _) = site();
        let pipe = root.join("static/pipe.css");
        let made = std::process::Command::new("mkfifo").arg(&pipe).status();
        if !made.is_ok_and(|status| status.success()) {
            eprintln!("no mkfifo on this machine; skipped");
            return;
        }
        let (done, read) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = done.send(Root::new(&root).read(&pipe, Links::Follow).ok());
        });
        assert_eq!(read.recv_timeout(Duration::from_secs(2)).expect("answered without waiting"), None);
    }

    #[test]
    fn a_file_swapped_for_a_symlink_while_it_is_read_never_leaks() {
        let (_dir, root, secret) = site();
        let target = root.join("static/x.css");
        std::fs::write(&target, "public").expect("write");
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let swapping = Arc::clone(&stop);
        let (link, file, path) = (root.join("static/.link"), root.join("static/.file"), target.clone());
        let swapper = std::thread::spawn(move || {
            while !swapping.load(std::sync::atomic::Ordering::Relaxed) {
                let _ = symlink(&secret, &link);
                let _ = std::fs::rename(&link, &path);
                let _ = std::fs::write(&file, "public");
                let _ = std::fs::rename(&file, &path);
            }
        });
        let started = Instant::now();
        let mut reads = 0;
        while started.elapsed() < Duration::from_millis(500) {
            let read = Root::new(&root).read(&target, Links::Follow).ok();
            assert_ne!(read.as_deref(), Some(&b"secret"[..]), "leaked after {reads} reads");
            reads += usize::from(read.is_some());
        }
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        swapper.join().expect("swapper");
        assert!(reads > 0, "the regular file was read at times");
    }
}
