//! Reading a site from disk into a [`Site`]: `site.toml` ([`config`]), the theme and its
//! templates ([`theme`]) and options ([`theme_options`], [`option_values`]), the static files ([`assets`]), then the content. One [`Loader`] does it
//! for `build`, `check` and `serve`; the preview keeps its loader, and with it what the last load
//! read, so a content edit reads only what changed.

pub mod assets;
pub mod config;
pub mod option_values;
pub mod theme;
pub mod theme_options;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::content::{self, DocumentCache, LoadOptions};
use crate::error::{Diagnostic, Error};
use crate::images::cache::Cache;
use crate::images::{Images, Probes, Role};
use crate::site::paths;
use crate::site::{BodyCache, Site, SiteOptions};
use assets::{Assets, Bytes};
use config::Config;
use theme::Theme;

/// A site loaded and ready to render.
pub struct Loaded {
    /// The site.
    pub site: Site,
    /// Its theme.
    pub theme: Theme,
    /// How long each step took.
    pub timings: LoadTimings,
    /// Whether settings, theme and static files were all read (not kept from the last load).
    pub full: bool,
}

/// How long each step of a load took.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadTimings {
    /// site.toml, the theme and the list of static files (zero when they were kept).
    pub theme: Duration,
    /// Reading and parsing content/.
    pub content: Duration,
    /// Markdown, URLs, cross-references, the table of output paths.
    pub site: Duration,
}

/// How a site is to be loaded.
#[derive(Debug, Clone, Default)]
pub struct LoaderOptions {
    /// Replaces `base_url` from site.toml (`--base-url`, or the preview's own address).
    pub base_url: Option<String>,
    /// Include drafts.
    pub drafts: bool,
    /// For the preview: an empty file is a warning, since editors create files empty.
    pub preview: bool,
}

/// What a full load found besides the content, kept so a content edit does not read it again.
struct Kept {
    theme: Theme,
    problems: Vec<Diagnostic>,
    assets: Vec<(String, Bytes)>,
}

/// Loads one site, again and again, keeping what a change did not touch.
pub struct Loader {
    root: PathBuf,
    options: LoaderOptions,
    syntax_css: Arc<Vec<u8>>,
    kept: Option<Kept>,
    documents: DocumentCache,
    bodies: BodyCache,
    /// What each picture is, kept while its file is unchanged.
    probes: Arc<Probes>,
    /// The files a content reload was told changed.
    changed: Option<Vec<PathBuf>>,
}

impl Loader {
    /// A loader for the site at `root`.
    pub fn new(root: &Path, options: LoaderOptions) -> Loader {
        Loader {
            root: root.to_path_buf(),
            options,
            syntax_css: Arc::new(crate::site::highlight::stylesheet().into_bytes()),
            kept: None,
            documents: DocumentCache::default(),
            bodies: BodyCache::default(),
            probes: Arc::new(Probes::remembered(root)),
            changed: None,
        }
    }

    /// Reads everything: settings, theme, static files and content.
    pub fn load(&mut self) -> Result<Loaded, Error> {
        crate::site::highlight::warm_up();
        self.kept = None;
        self.changed = None;
        self.documents = DocumentCache::default();
        self.bodies = BodyCache::default();
        let started = Instant::now();
        let config = self.config()?;
        let mut assets = Assets::new(&config.base_path());
        assets.insert("syntax.css".to_string(), Bytes::Generated(Arc::clone(&self.syntax_css)));
        let (theme, problems) = Theme::load(&self.root, &config, &mut assets)?;
        // the site's own redirects are published with Shingle's, so they are read with the site
        assets.preload(paths::REDIRECTS).map_err(|e| Error::io(&self.root.join("static/_redirects"), "read", &e))?;
        let listed = assets.iter().map(|(path, bytes)| (path.clone(), bytes.clone())).collect();
        self.kept = Some(Kept { theme, problems, assets: listed });
        let theme_time = started.elapsed();
        let mut loaded = self.load_content(config, assets)?;
        loaded.timings.theme = theme_time;
        loaded.full = true;
        Ok(loaded)
    }

    /// Reads the content again, keeping the theme and static files of the last full load (a
    /// content edit); a full load when there was none or the theme changed. When the watcher
    /// says which files `changed`, only those are looked at.
    pub fn reload_content(&mut self, changed: Option<&[PathBuf]>) -> Result<Loaded, Error> {
        self.changed = changed.map(<[PathBuf]>::to_vec);
        let started = Instant::now();
        let config = self.config()?;
        let Some(kept) = self.kept.as_ref().filter(|kept| kept.theme.name == config.theme) else {
            return self.load();
        };
        let mut assets = Assets::new(&config.base_path());
        for (path, bytes) in &kept.assets {
            assets.insert(path.clone(), bytes.clone());
        }
        let theme_time = started.elapsed();
        let mut loaded = self.load_content(config, assets)?;
        loaded.timings.theme = theme_time;
        Ok(loaded)
    }

    /// The site's folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    fn config(&self) -> Result<Config, Error> {
        let mut config = Config::load(&self.root)?;
        if let Some(url) = &self.options.base_url {
            config.set_base_url(url)?;
        }
        Ok(config)
    }

    fn load_content(&mut self, config: Config, assets: Assets) -> Result<Loaded, Error> {
        let Some(kept) = self.kept.as_ref() else {
            return Err(Error::Other("the theme was not loaded".to_string()));
        };
        let mut timings = LoadTimings::default();
        let started = Instant::now();
        let options = LoadOptions { empty_is_warning: self.options.preview };
        // only the preview loads again, and only it keeps what it read for the next time
        let mut content = if self.options.preview {
            match self.changed.take() {
                Some(changed) => content::load_changed(&self.root, options, &mut self.documents, &changed),
                None => content::load_cached(&self.root, options, &mut self.documents),
            }
        } else {
            content::load(&self.root, options)
        };
        let mut problems = kept.problems.clone();
        problems.extend(config.warnings.iter().cloned());
        // options and the files site.toml names are checked at every load: site.toml may have changed
        let mut theme = kept.theme.clone();
        let (values, option_problems) = option_values::resolve(&theme.options, &theme.name, &config, &assets);
        theme.values = values;
        problems.extend(option_problems);
        problems.extend(config.missing_files(&assets));
        problems.append(&mut content.diagnostics);
        content.diagnostics = problems;
        timings.content = started.elapsed();
        let started = Instant::now();
        let images = Images::new(theme.options.image_widths.clone(), Arc::clone(&self.probes), Cache::of(&self.root))
            .with_cards(cards(&config, &theme));
        problems_of_logos(&images, &theme, &config, &assets, &mut content.diagnostics);
        let site_options = SiteOptions { drafts: self.options.drafts, images: Arc::new(images) };
        let cache = self.options.preview.then_some(&mut self.bodies);
        let site = Site::new_cached(config, content, assets, site_options, cache).map_err(Error::Site)?;
        timings.site = started.elapsed();
        Ok(Loaded { site, theme, timings, full: false })
    }
}

/// Loads the site at `root` once, as `build` and `check` do.
pub fn load(root: &Path, options: LoaderOptions) -> Result<Loaded, Error> {
    Loader::new(root, options).load()
}

/// Notes the pictures theme options name (a logo) as shown, so their copies are made; one that
/// cannot be published is an error at its line in site.toml.
fn problems_of_logos(images: &Images, theme: &Theme, config: &Config, assets: &Assets, problems: &mut Vec<Diagnostic>) {
    for option in &theme.options.options {
        if option.kind != crate::load::theme_options::Kind::Image || option.name.contains("favicon") {
            continue;
        }
        let Some(path) = theme.values.get(&option.name).and_then(toml::Value::as_str).filter(|p| !p.is_empty()) else {
            continue;
        };
        if let Some(Err(refusal)) = images.show(assets, path.trim_start_matches('/'), Role::Logo) {
            let (message, help) = refusal.explain();
            problems.push(config.error_at_key(&option.name, format!("{} ({path})", message)).help(help));
        }
    }
}

/// What the link-preview cards of the site share: its name, its address, the theme's accent
/// (a deep teal when the theme has none) and her photo.
fn cards(config: &Config, theme: &Theme) -> crate::images::Cards {
    let accent =
        theme.values.get("accent").and_then(|value| value.as_str()).and_then(|text| crate::colour::parse(text).ok());
    let address = config.base_url.split_once("://").map_or(config.base_url.as_str(), |(_, rest)| rest);
    crate::images::Cards {
        site: config.title.clone(),
        address: address.trim_end_matches('/').to_string(),
        accent: accent.unwrap_or(crate::colour::Rgb { r: 0x1f, g: 0x5f, b: 0x5b }),
        photo: config
            .owner
            .photo
            .as_deref()
            .filter(|photo| !crate::url::is_external(photo))
            .map(|photo| photo.trim_start_matches('/').to_string()),
    }
}
