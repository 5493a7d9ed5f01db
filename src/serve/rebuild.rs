//! Building the site in memory for the preview, as cheaply as the change allows: everything
//! after a change to settings, templates or themes; only the content (theme and static files of
//! the last load kept) after a content edit; a single static file replaced in place when nothing
//! else can depend on it. Each build's phases are timed. Nothing is written to disk.

use std::collections::{HashMap, HashSet};
use std::fs::{File, OpenOptions};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::pages::Pages;
use crate::error::{Diagnostic, Error, display_path, plain_io};
use crate::load::assets::Bytes;
use crate::load::{Loaded, Loader, LoaderOptions};
use crate::render::{PostValues, Templates};
use crate::site::paths::{self, Origin};

/// A site built in memory.
pub struct Built {
    /// Every static and generated file to serve, by path.
    pub files: HashMap<String, Arc<Vec<u8>>>,
    /// The rendered files, made on request.
    pub pages: Arc<Pages>,
    /// The site's title, from site.toml.
    pub title: String,
    /// Warnings to show once.
    pub warnings: Vec<Diagnostic>,
    /// How many warnings there were.
    pub warning_count: usize,
    /// How long each phase took.
    pub timings: Timings,
}

/// How long each phase of a build took.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    /// site.toml, the theme and the list of static files (zero when they were kept).
    pub theme: Duration,
    /// Reading and parsing content/.
    pub content: Duration,
    /// Markdown, URLs, cross-references.
    pub site: Duration,
    /// Compiling the templates.
    pub templates: Duration,
    /// Rendering every page.
    pub render: Duration,
    /// Gathering the files to serve.
    pub assemble: Duration,
}

impl Timings {
    /// Reading the site: settings, theme, content, Markdown.
    pub fn load(&self) -> Duration {
        self.theme + self.content + self.site
    }

    /// Turning it into files: templates, pages, gathering.
    pub fn render_all(&self) -> Duration {
        self.templates + self.render + self.assemble
    }
}

/// Builds one site again and again, keeping what a change did not touch.
pub struct Builder {
    loader: Loader,
    /// Every static file's bytes as served, by its path among the assets.
    statics: HashMap<String, Arc<Vec<u8>>>,
    /// Files of the site's own static/ folder published as they are (not hidden by a file
    /// Shingle makes), which a change can replace in place.
    published: HashSet<String>,
    /// The theme's templates, compiled at the last full load.
    templates: Option<Templates>,
    /// The post summaries of the last render.
    posts: PostValues,
}

impl Builder {
    /// A builder for the site at `root` (an absolute path), served at `base_url`.
    pub fn new(root: &Path, base_url: &str) -> Builder {
        let options = LoaderOptions { base_url: Some(base_url.to_string()), drafts: true, preview: true };
        Builder {
            loader: Loader::new(root, options),
            statics: HashMap::new(),
            published: HashSet::new(),
            templates: None,
            posts: PostValues::default(),
        }
    }

    /// Loads and renders everything.
    pub fn full(&mut self) -> Result<Built, Error> {
        let loaded = self.loader.load()?;
        self.assemble(loaded)
    }

    /// Reads the content again, keeping the theme and static files of the last full load; only
    /// the files in `changed` are looked at.
    pub fn content(&mut self, changed: &[PathBuf]) -> Result<Built, Error> {
        let loaded = self.loader.reload_content(Some(changed))?;
        self.assemble(loaded)
    }

    /// The new bytes of changed files of the site's static/ folder, when each can simply be
    /// replaced; `None` when the change needs a full build (a file added, removed or renamed,
    /// an image whose size pages show, a link).
    pub fn static_files(&mut self, paths: &[PathBuf]) -> Option<Vec<(String, Arc<Vec<u8>>)>> {
        let root = self.loader.root();
        let folder = root.join("static");
        let real_root = root.canonicalize().ok()?;
        let mut changed = Vec::new();
        for path in paths {
            let key = display_path(&folder, path);
            if !self.published.contains(&key) || is_image(&key) {
                return None;
            }
            changed.push((key, Arc::new(read_inside(path, &real_root)?)));
        }
        for (key, bytes) in &changed {
            self.statics.insert(key.clone(), Arc::clone(bytes));
        }
        Some(changed)
    }

    /// The files to serve for a loaded site: its static files from memory, the rest rendered on request.
    fn assemble(&mut self, loaded: Loaded) -> Result<Built, Error> {
        if loaded.full {
            // the theme and static files were read again: so are their bytes, and what the
            // last render made from them (a picture's size in a post's summary) is made again
            self.posts = PostValues::default();
            self.statics.clear();
            for (path, bytes) in loaded.site.assets.iter() {
                let data = bytes
                    .read()
                    .map_err(|err| Error::Other(format!("could not read static/{path}: {}", plain_io(&err))))?;
                self.statics.insert(path.clone(), Arc::new(data.into_owned()));
            }
        }
        let mut timings = Timings {
            theme: loaded.timings.theme,
            content: loaded.timings.content,
            site: loaded.timings.site,
            ..Timings::default()
        };
        let started = Instant::now();
        let title = loaded.site.config.title.clone();
        let warnings = loaded.site.warnings().into_iter().take(crate::error::SHOWN_WARNINGS).cloned().collect();
        let warning_count = loaded.site.warning_count();
        let own = loaded.site.config.root.join("static");
        let mut files = HashMap::new();
        self.published.clear();
        for (path, origin) in loaded.site.outputs.iter() {
            if let Origin::Static(asset) = origin
                && let Some(bytes) = self.statics.get(asset)
            {
                files.insert(path.clone(), Arc::clone(bytes));
                if matches!(loaded.site.assets.get(asset), Some(Bytes::Disk(file)) if file.starts_with(&own)) {
                    self.published.insert(asset.clone());
                }
            }
        }
        // a content edit keeps the theme, and with it the compiled templates
        let templates = match self.templates.take().filter(|_| !loaded.full) {
            Some(templates) => templates,
            None => Templates::compile(&loaded.theme).map_err(Error::Site)?,
        };
        let pages = Pages::new(loaded.site, &loaded.theme, &templates, &mut self.posts);
        self.templates = Some(templates);
        timings.templates = started.elapsed();
        let started = Instant::now();
        // the 404 page answers every miss: ready before the first one
        if let Some(Ok(bytes)) = pages.page(paths::NOT_FOUND) {
            files.insert(paths::NOT_FOUND.to_string(), bytes);
        }
        timings.render = started.elapsed();
        Ok(Built { files, pages: Arc::new(pages), title, warnings, warning_count, timings })
    }
}

/// The bytes of the regular file at `path`, if it really lies inside `real_root` (a canonical
/// path). Checked on the opened file rather than on the path before reading: a file swapped for
/// a symlink between a check and the read would otherwise be followed out of the site.
fn read_inside(path: &Path, real_root: &Path) -> Option<Vec<u8>> {
    let mut file = open_no_follow(path).ok()?;
    if !file.metadata().ok()?.is_file() {
        return None;
    }
    // the file itself is no symlink, but a folder on the way to it could be one leading out
    if !opened_path(&file, path)?.starts_with(real_root) {
        return None;
    }
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// Opens `path` for reading, refusing to follow a symlink in its last component. Without
/// waiting, too: opening a named pipe put in a file's place would otherwise block until something
/// writes to it (a regular file reads the same either way).
#[cfg(unix)]
fn open_no_follow(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    OpenOptions::new().read(true).custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK).open(path)
}

/// Opens `path` for reading. Without a portable way to refuse a symlink while opening, one
/// there just before is refused; the check on the opened file's place does the rest.
#[cfg(not(unix))]
fn open_no_follow(path: &Path) -> std::io::Result<File> {
    if std::fs::symlink_metadata(path)?.file_type().is_symlink() {
        return Err(std::io::ErrorKind::InvalidInput.into());
    }
    OpenOptions::new().read(true).open(path)
}

/// Where the opened file really is. On Linux the kernel says so for the open file itself;
/// elsewhere its folder is resolved just after opening, the nearest available.
fn opened_path(file: &File, path: &Path) -> Option<PathBuf> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        if let Ok(real) = std::fs::read_link(format!("/proc/self/fd/{}", file.as_raw_fd())) {
            return Some(real);
        }
    }
    let _ = file;
    Some(path.parent()?.canonicalize().ok()?.join(path.file_name()?))
}

/// Images whose width and height pages may show: a change to one is a full build.
fn is_image(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg", ".ico"].iter().any(|ext| lower.ends_with(ext))
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
        assert_eq!(read_inside(&root.join("static/a.css"), &root), Some(b"a {}".to_vec()));
    }

    #[test]
    fn a_symlink_is_never_followed_out_of_the_site() {
        let (dir, root, secret) = site();
        symlink(&secret, root.join("static/leak.txt")).expect("symlink");
        assert_eq!(read_inside(&root.join("static/leak.txt"), &root), None);
        std::fs::create_dir(dir.path().join("elsewhere")).expect("mkdir");
        std::fs::write(dir.path().join("elsewhere/x.css"), "secret").expect("write");
        symlink(dir.path().join("elsewhere"), root.join("static/folder")).expect("symlink");
        assert_eq!(read_inside(&root.join("static/folder/x.css"), &root), None);
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
            let _ = done.send(read_inside(&pipe, &root));
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
            let read = read_inside(&target, &root);
            assert_ne!(read.as_deref(), Some(&b"secret"[..]), "leaked after {reads} reads");
            reads += usize::from(read.is_some());
        }
        stop.store(true, std::sync::atomic::Ordering::Relaxed);
        swapper.join().expect("swapper");
        assert!(reads > 0, "the regular file was read at times");
    }
}
