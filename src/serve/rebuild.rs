//! Building the site in memory for the preview, as cheaply as the change allows: everything
//! after a change to settings, templates or themes; only the content (theme and static files of
//! the last load kept) after a content edit; a single static file replaced in place when nothing
//! else can depend on it. Each build's phases are timed. Nothing is written to disk.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::pages::Pages;
use crate::error::{Diagnostic, Error, display_path, plain_io};
use crate::load::assets::Bytes;
use crate::load::{Loaded, Loader, LoaderOptions};
use crate::render::{PostValues, Templates};
use crate::site::paths::{self, Origin};
use crate::site_file::{Links, Root};

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
        let real_root = Root::new(root);
        let mut changed = Vec::new();
        for path in paths {
            let key = display_path(&folder, path);
            if !self.published.contains(&key) || is_image(&key) {
                return None;
            }
            changed.push((key, Arc::new(real_root.read(path, Links::Refuse).ok()?)));
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
                if matches!(loaded.site.assets.get(asset), Some(Bytes::Disk(file, _)) if file.starts_with(&own)) {
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

/// Images whose width and height pages may show: a change to one is a full build.
fn is_image(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg", ".ico"].iter().any(|ext| lower.ends_with(ext))
}
