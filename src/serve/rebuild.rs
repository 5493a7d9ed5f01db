//! Building the site in memory for the preview, as cheaply as the change allows: everything
//! after a change to settings, templates or themes; only the content (theme and static files of
//! the last load kept) after a content edit; a single static file replaced in place when nothing
//! else can depend on it. Each build's phases are timed. Nothing is written to disk.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::assets::{Assets, Bytes};
use crate::config::Config;
use crate::content::{self, LoadOptions};
use crate::error::{Diagnostic, Error, display_path, plain_io};
use crate::render::{Live, Mode};
use crate::site::{BodyCache, Site, SiteOptions};
use crate::theme::Theme;

/// A site built in memory.
pub struct Built {
    /// Every static and generated file to serve, by path.
    pub files: HashMap<String, Arc<Vec<u8>>>,
    /// The pages, rendered on request.
    pub pages: Arc<Live>,
    /// The site's title, from site.toml.
    pub title: String,
    /// Warnings to show once.
    pub warnings: Vec<Diagnostic>,
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

/// What the last full load found, kept so a content edit does not load it again.
struct Cache {
    theme: Theme,
    theme_problems: Vec<Diagnostic>,
    /// Every static file as the theme load listed them (theme's, then the site's own).
    assets: Vec<(String, Bytes)>,
    /// Their bytes, as served.
    statics: HashMap<String, Arc<Vec<u8>>>,
    /// Files served as is from the site's own static/ folder (not hidden by a rendered page).
    site_statics: HashSet<String>,
}

/// Builds one site again and again, keeping what a change did not touch.
pub struct Builder {
    root: PathBuf,
    base_url: String,
    syntax_css: Arc<Vec<u8>>,
    cache: Option<Cache>,
    documents: content::DocumentCache,
    bodies: BodyCache,
}

impl Builder {
    /// A builder for the site at `root` (an absolute path), served at `base_url`.
    pub fn new(root: &Path, base_url: &str) -> Builder {
        Builder {
            root: root.to_path_buf(),
            base_url: base_url.to_string(),
            syntax_css: Arc::new(crate::highlight::stylesheet().into_bytes()),
            cache: None,
            documents: content::DocumentCache::default(),
            bodies: BodyCache::default(),
        }
    }

    /// Loads and renders everything.
    pub fn full(&mut self) -> Result<Built, Error> {
        self.cache = None;
        self.documents = content::DocumentCache::default();
        self.bodies = BodyCache::default();
        let started = Instant::now();
        let config = self.config()?;
        let mut assets = Assets::new(&config.base_path());
        assets.insert("syntax.css".to_string(), Bytes::Generated(Arc::clone(&self.syntax_css)));
        let (theme, theme_problems) = Theme::load(&self.root, &config.theme, &mut assets)?;
        let listed: Vec<(String, Bytes)> = assets.iter().map(|(path, bytes)| (path.clone(), bytes.clone())).collect();
        let mut statics = HashMap::with_capacity(listed.len());
        let mut site_statics = HashSet::new();
        let own_static = self.root.join("static");
        for (path, bytes) in &listed {
            let data = bytes
                .read()
                .map_err(|err| Error::Other(format!("could not read static/{path}: {}", plain_io(&err))))?;
            statics.insert(path.clone(), Arc::new(data.into_owned()));
            if matches!(bytes, Bytes::Disk(file) if file.starts_with(&own_static)) {
                site_statics.insert(path.clone());
            }
        }
        self.cache = Some(Cache { theme, theme_problems, assets: listed, statics, site_statics });
        let theme_time = started.elapsed();
        let mut built = self.render_content(config, assets)?;
        built.timings.theme = theme_time;
        Ok(built)
    }

    /// Reads the content again, keeping the theme and static files of the last full load.
    pub fn content(&mut self) -> Result<Built, Error> {
        let started = Instant::now();
        let config = self.config()?;
        let Some(cache) = self.cache.as_ref().filter(|cache| cache.theme.name == config.theme) else {
            return self.full();
        };
        let mut assets = Assets::new(&config.base_path());
        for (path, bytes) in &cache.assets {
            assets.insert(path.clone(), bytes.clone());
        }
        let theme_time = started.elapsed();
        let mut built = self.render_content(config, assets)?;
        built.timings.theme = theme_time;
        Ok(built)
    }

    /// The new bytes of changed files of the site's static/ folder, when each can simply be
    /// replaced; `None` when the change needs a full build (a file added, removed or renamed,
    /// an image whose size pages show, a link).
    pub fn static_files(&mut self, paths: &[PathBuf]) -> Option<Vec<(String, Arc<Vec<u8>>)>> {
        let cache = self.cache.as_mut()?;
        let folder = self.root.join("static");
        let real_root = self.root.canonicalize().ok()?;
        let mut changed = Vec::new();
        for path in paths {
            let key = display_path(&folder, path);
            if !cache.site_statics.contains(&key) || is_image(&key) {
                return None;
            }
            let metadata = std::fs::symlink_metadata(path).ok()?;
            if !metadata.is_file() || !path.canonicalize().ok()?.starts_with(&real_root) {
                return None;
            }
            changed.push((key, Arc::new(std::fs::read(path).ok()?)));
        }
        for (key, bytes) in &changed {
            cache.statics.insert(key.clone(), Arc::clone(bytes));
        }
        Some(changed)
    }

    fn config(&self) -> Result<Config, Error> {
        let mut config = Config::load(&self.root)?;
        config.set_base_url(&self.base_url)?;
        Ok(config)
    }

    fn render_content(&mut self, config: Config, assets: Assets) -> Result<Built, Error> {
        let mut timings = Timings::default();
        let Some(cache) = self.cache.as_mut() else {
            return Err(Error::Other("the theme was not loaded".to_string()));
        };
        let mut clock = Instant::now();
        let mut lap = |slot: &mut Duration| {
            *slot = clock.elapsed();
            clock = Instant::now();
        };
        let title = config.title.clone();
        let mut content = content::load_cached(&self.root, LoadOptions { empty_is_warning: true }, &mut self.documents);
        let mut problems = cache.theme_problems.clone();
        problems.extend(config.warnings.iter().cloned());
        problems.append(&mut content.diagnostics);
        content.diagnostics = problems;
        lap(&mut timings.content);
        let site = Site::new_cached(config, content, assets, SiteOptions { drafts: true }, &mut self.bodies)
            .map_err(Error::Site)?;
        lap(&mut timings.site);
        let warnings = site.warnings.clone();
        let pages = Live::new(site, cache.theme.clone(), Mode::Serve).map_err(Error::Site)?;
        lap(&mut timings.templates);
        let mut files = cache.statics.clone();
        for file in pages.generated() {
            cache.site_statics.remove(&file.path);
            files.insert(file.path, Arc::new(file.bytes));
        }
        // the 404 page answers every miss: ready before the first one
        if let Some(Ok(bytes)) = pages.page("404.html") {
            files.insert("404.html".to_string(), bytes);
        }
        for path in pages.paths() {
            cache.site_statics.remove(path);
        }
        lap(&mut timings.render);
        Ok(Built { files, pages: Arc::new(pages), title, warnings, timings })
    }
}

/// Images whose width and height pages may show: a change to one is a full build.
fn is_image(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg", ".ico"].iter().any(|ext| lower.ends_with(ext))
}
