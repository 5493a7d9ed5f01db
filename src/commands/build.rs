//! `shingle build`, as the list of its steps: load the site, render it in memory, and only
//! then write it — so a site with errors leaves the previous output exactly as it was.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use rayon::prelude::*;

use crate::commands::leftovers;
use crate::error::{Diagnostic, Error};
use crate::load::{self, Loaded, LoaderOptions};
use crate::output::{self, WriteStats};
use crate::render::{Mode, OutputFile, Renderer};
use crate::site::Site;
use crate::site::paths::Origin;

/// What `shingle build` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The folder holding `site.toml`.
    pub root: PathBuf,
    /// Where to write; default `ROOT/public`.
    pub output: Option<PathBuf>,
    /// Replaces `base_url` from site.toml.
    pub base_url: Option<String>,
    /// Include drafts.
    pub drafts: bool,
}

/// A finished build.
#[derive(Debug)]
pub struct Report {
    /// HTML pages rendered.
    pub pages: usize,
    /// The picture files written, and how they came.
    pub pictures: PictureWork,
    /// What the write did.
    pub stats: WriteStats,
    /// The first warnings, to show (`shingle check` lists them all).
    pub warnings: Vec<Diagnostic>,
    /// How many warnings there were.
    pub warning_count: usize,
    /// How long it took, in milliseconds.
    pub millis: u128,
}

/// The picture files of a build: how many were written, made and taken from the cache.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PictureWork {
    /// Picture files written (each picture at its own address and its smaller copies).
    pub files: usize,
    /// Pictures decoded to make them.
    pub decoded: usize,
    /// Copies made now.
    pub made: usize,
    /// Link-preview cards drawn now.
    pub drawn: usize,
    /// Files an earlier build made, taken from the cache.
    pub reused: usize,
}

impl PictureWork {
    /// `and 27 picture files`, and how they came: `18 made from 3 pictures, 9 from the cache`.
    fn summary(&self) -> (String, String) {
        if self.files == 0 {
            return (String::new(), String::new());
        }
        let files = plural(self.files, "picture file", "picture files");
        let made =
            (self.made > 0).then(|| format!("{} made from {}", self.made, plural(self.decoded, "picture", "pictures")));
        let drawn = (self.drawn > 0).then(|| plural(self.drawn, "link preview drawn", "link previews drawn"));
        let reused = (self.reused > 0).then(|| format!("{} from the cache", self.reused));
        (format!(" and {files}"), made.into_iter().chain(drawn).chain(reused).collect::<Vec<_>>().join(", "))
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 { format!("1 {one}") } else { format!("{n} {many}") }
}

impl Report {
    /// The one line printed on success.
    pub fn summary(&self) -> String {
        let pages = plural(self.pages, "page", "pages");
        let (pictures, how) = self.pictures.summary();
        let warnings = match self.warning_count {
            0 => String::new(),
            1 => "1 warning".to_string(),
            n => format!("{n} warnings"),
        };
        let notes = [how, warnings].into_iter().filter(|note| !note.is_empty()).collect::<Vec<_>>().join("; ");
        let notes = if notes.is_empty() { notes } else { format!(" ({notes})") };
        format!("Built {pages}{pictures} in {} ms{notes}", self.millis)
    }
}

/// Writes a site already rendered into `files` (as `check` renders it) into the folder `out`,
/// which must be empty or one Shingle made; returns what was written.
pub fn write_rendered(site: &Site, files: Vec<OutputFile>, out: &Path) -> Result<WriteStats, Error> {
    let writer = output::Writer::open(out)?;
    put_static_files(site, &writer)?;
    for file in files {
        writer.put(&file.path, &file.bytes)?;
    }
    writer.commit()
}

/// Stages every static file the table of output paths lists, and every picture and copy of one
/// (made in parallel, a picture decoded once for all its copies, or taken from the cache).
fn put_static_files(site: &Site, writer: &output::Writer) -> Result<(), Error> {
    let mut pictures = Vec::new();
    for (path, origin) in site.outputs.iter() {
        match origin {
            Origin::Static(asset) => {
                if let Some(bytes) = site.assets.get(asset) {
                    let data =
                        bytes.read().map_err(|e| Error::io(Path::new(&format!("static/{asset}")), "read", &e))?;
                    writer.put(path, &data)?;
                }
            }
            Origin::Picture { .. } | Origin::Card(_) => pictures.push((path, origin)),
            _ => {}
        }
    }
    // a picture's copies side by side, so the thread that decodes it makes them all
    let source = |origin: &Origin| match origin {
        Origin::Picture { source, .. } => source.clone(),
        _ => String::new(),
    };
    pictures.sort_by_cached_key(|(path, origin)| (source(origin), path.to_string()));
    let problems: Vec<Diagnostic> =
        pictures.par_iter().filter_map(|(path, origin)| put_picture(site, writer, path, origin).err()).collect();
    if !problems.is_empty() {
        return Err(Error::Site(crate::render::merge_repeats(problems.into_iter())));
    }
    site.images.prune();
    Ok(())
}

/// Stages one picture file: kept as it is when the output folder holds it as an earlier build
/// made it (named by what made it, so it is not even read), else made or taken from the cache.
fn put_picture(site: &Site, writer: &output::Writer, path: &str, origin: &Origin) -> Result<(), Diagnostic> {
    let output = |err: Error| Diagnostic::error("output", err.to_string());
    let key = crate::render::picture_key(site, origin);
    let hash = key.map(|(hash, size)| crate::images::cache::Cache::key(hash, &size));
    if let (Some(key), Some(hash)) = (key, hash)
        && writer.keep(path, hash).map_err(output)?
    {
        site.images.kept_in_output(key);
        return Ok(());
    }
    let bytes = crate::render::picture(site, origin)?;
    writer.put_as(path, hash.unwrap_or_else(|| xxhash_rust::xxh3::xxh3_64(&bytes)), &bytes).map_err(output)
}

/// Renders a loaded site into its files (static files not included), in path order.
pub fn render(loaded: &Loaded, mode: Mode) -> Result<Vec<OutputFile>, Error> {
    let renderer = Renderer::new(&loaded.theme, &loaded.site, mode).map_err(Error::Site)?;
    renderer.render(&loaded.site).map_err(Error::Site)
}

/// `shingle build`.
pub fn build(options: &BuildOptions) -> Result<Report, Error> {
    let started = Instant::now();
    let out = options.output.clone().unwrap_or_else(|| options.root.join("public"));
    let out = output::guard(&options.root, &out)?;
    let _lock = output::lock(&options.root, &out)?;
    let loader = LoaderOptions { base_url: options.base_url.clone(), drafts: options.drafts, preview: false };
    let loaded = load::load(&options.root, loader)?;
    let steps = loaded.timings;
    timing(&format!("load (theme {:?}, content {:?}, site {:?})", steps.theme, steps.content, steps.site), started);
    let site = &loaded.site;
    let renderer = Renderer::new(&loaded.theme, site, Mode::Build).map_err(Error::Site)?;
    timing("templates", started);
    let writer = output::Writer::open(&out)?;
    timing("open the output folder", started);
    put_static_files(site, &writer)?;
    timing("static files and pictures", started);
    let pages = AtomicUsize::new(0);
    let stage = |file: OutputFile| -> Result<(), Error> {
        if file.path.ends_with(".html") {
            pages.fetch_add(1, Ordering::Relaxed);
        }
        writer.put(&file.path, &file.bytes)
    };
    renderer.render_each(site, &stage)?;
    timing("render and stage", started);
    let stats = writer.commit()?;
    timing("commit", started);
    // the examples of `shingle init` left in: said, but a build for a preview is not stopped
    let leftovers = leftovers::in_short(leftovers::leftovers(site, options.base_url.is_some()));
    let (decoded, made, drawn, reused) = site.images.counts();
    let files =
        site.outputs.iter().filter(|(_, origin)| matches!(origin, Origin::Picture { .. } | Origin::Card(_))).count();
    Ok(Report {
        pages: pages.into_inner(),
        pictures: PictureWork { files, decoded, made, drawn, reused },
        stats,
        warning_count: loaded.site.warning_count() + leftovers.len(),
        warnings: leftovers.iter().chain(loaded.site.warnings()).take(crate::error::SHOWN_WARNINGS).cloned().collect(),
        millis: started.elapsed().as_millis(),
    })
}

/// With `SHINGLE_TIMINGS=1`, prints how long the build has run at each step, and the memory it
/// holds where the system says (for profiling).
fn timing(step: &str, started: Instant) {
    if std::env::var_os("SHINGLE_TIMINGS").is_some() {
        let resident = std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|status| status.lines().find(|l| l.starts_with("VmRSS:")).map(|l| l[6..].trim().to_string()))
            .map(|rss| format!(", {rss} resident"))
            .unwrap_or_default();
        eprintln!("[timing] {step}: {} ms{resident}", started.elapsed().as_millis());
    }
}
