//! Everything a VA writes in `content/`: walking the folder (hidden and editor temp files
//! skipped, symlinks kept inside the site), reading each file and parsing its front matter into
//! typed [`Document`]s, with every problem collected. Rendering Markdown happens later.

pub mod case_study;
pub mod faq;
pub mod fields;
pub mod front_matter;
pub mod home;
pub mod kind;
pub mod post;
pub mod schema;
pub mod service;
pub mod skills;
pub mod slug;
pub mod source;
pub mod testimonial;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;

use crate::error::{Diagnostic, display_path};
use crate::site_file::{Links, Root};
use crate::toml_error::TomlSource;
pub use front_matter::{Front, Own};
pub use kind::Kind;
pub use source::Source;

/// Files above this size earn a warning: they are slow for visitors.
const LARGE_FILE: u64 = 5 * 1024 * 1024;
/// Tags one post may have: each tag is a page and a feed, and every page of a tag lists its posts'
/// tags, so the output grows with posts × tags (see docs/limits.md).
pub const MAX_TAGS_PER_POST: usize = 25;
/// Tags a whole site may have.
pub const MAX_TAGS: usize = 1000;

/// One content file, read and parsed.
#[derive(Debug, Clone)]
pub struct Document {
    /// What it is.
    pub kind: Kind,
    /// Path inside `content/`, with `/` separators: `services/inbox.md`.
    pub rel: String,
    /// Path shown in messages: `content/services/inbox.md`.
    pub file: String,
    /// Where it is on disk.
    pub path: PathBuf,
    /// Its text, split.
    pub source: Source,
    /// Its front matter.
    pub front: Front,
    /// Example text of the starter site still in it (found while its text is at hand).
    pub example_text: Vec<crate::examples::Found>,
}

/// How lenient loading is.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// An empty file is a warning (the preview server, while an editor creates a file), not an error.
    pub empty_is_warning: bool,
}

/// The content files of a site, and every problem found reading them.
#[derive(Debug, Default)]
pub struct Content {
    /// Documents in path order (shared with the preview server's cache).
    pub documents: Vec<Arc<Document>>,
    /// Problems, in path order.
    pub diagnostics: Vec<Diagnostic>,
    /// Files that could not be read or parsed (paths inside `content/`): links to them are not
    /// also reported as broken, so one broken file gives one error.
    pub unreadable: Vec<String>,
}

/// Reads every content file under `root/content`.
pub fn load(root: &Path, options: LoadOptions) -> Content {
    load_cached(root, options, &mut DocumentCache::default())
}

/// What reading one file gave: the document, if it parsed, and its problems.
type Loaded = (Option<Arc<Document>>, Vec<Diagnostic>);

/// Files read before, by path, with the size and modification time they had: the preview
/// server reads again only the files that changed since its last build.
#[derive(Debug, Default)]
pub struct DocumentCache {
    entries: HashMap<PathBuf, (u64, Option<SystemTime>, Loaded)>,
    /// The files and problems of the last walk of `content/`.
    walked: Option<(Vec<PathBuf>, Vec<Diagnostic>)>,
}

/// Reads every content file under `root/content`, reusing what `cache` holds for files whose
/// size and modification time have not changed.
pub fn load_cached(root: &Path, options: LoadOptions, cache: &mut DocumentCache) -> Content {
    let walked = walk(root, &root.join("content"), |name| name.ends_with(".md"), Hidden::Skip);
    cache.walked = Some(walked.clone());
    let (files, diagnostics) = walked;
    let stamps: Vec<(u64, Option<SystemTime>)> = files
        .iter()
        .map(|path| std::fs::metadata(path).map(|m| (m.len(), m.modified().ok())).unwrap_or((0, None)))
        .collect();
    read_files(root, options, cache, files, stamps, diagnostics)
}

/// Reads the content again when only the files in `changed` can have changed (the watcher said
/// so): the others are taken from `cache` without looking at the disk. A change that could add
/// or remove many files (a folder, a link) walks `content/` again, as [`load_cached`] does.
pub fn load_changed(root: &Path, options: LoadOptions, cache: &mut DocumentCache, changed: &[PathBuf]) -> Content {
    let content = root.join("content");
    let simple = |path: &Path| {
        path.starts_with(&content)
            && path.extension().is_some_and(|e| e == "md")
            && path
                .strip_prefix(&content)
                .is_ok_and(|rel| rel.components().all(|c| !is_ignored(&c.as_os_str().to_string_lossy())))
            && std::fs::symlink_metadata(path).map_or(true, |m| m.is_file())
    };
    let Some((mut files, walk_problems)) = cache.walked.clone().filter(|_| changed.iter().all(|p| simple(p))) else {
        return load_cached(root, options, cache);
    };
    for path in changed {
        let listed = files.binary_search(path);
        match (listed, path.is_file()) {
            (Err(at), true) => files.insert(at, path.clone()),
            (Ok(at), false) => {
                files.remove(at);
            }
            _ => {}
        }
        cache.entries.remove(path);
    }
    cache.walked = Some((files.clone(), walk_problems.clone()));
    // unchanged files keep the stamps they had; changed ones are read again whatever theirs
    let stamps: Vec<(u64, Option<SystemTime>)> = files
        .iter()
        .map(|path| cache.entries.get(path).map_or((0, None), |(len, modified, _)| (*len, *modified)))
        .collect();
    let stamps = files
        .iter()
        .zip(stamps)
        .map(|(path, stamp)| match stamp {
            (_, None) => std::fs::metadata(path).map(|m| (m.len(), m.modified().ok())).unwrap_or((0, None)),
            known => known,
        })
        .collect();
    read_files(root, options, cache, files, stamps, walk_problems)
}

/// Reads `files` (sorted), reusing the cached ones whose `stamps` match.
fn read_files(
    root: &Path,
    options: LoadOptions,
    cache: &mut DocumentCache,
    files: Vec<PathBuf>,
    stamps: Vec<(u64, Option<SystemTime>)>,
    mut diagnostics: Vec<Diagnostic>,
) -> Content {
    let real_root = Root::new(root);
    let results: Vec<Loaded> = files
        .par_iter()
        .zip(&stamps)
        .map(|(path, stamp)| match cache.entries.get(path) {
            Some((len, modified, loaded)) if (*len, *modified) == *stamp && modified.is_some() => loaded.clone(),
            _ => {
                let (document, problems) = read_document(root, &real_root, path, options);
                (document.map(Arc::new), problems)
            }
        })
        .collect();
    cache.entries.clear();
    let mut documents = Vec::with_capacity(results.len());
    let mut unreadable = Vec::new();
    let content = root.join("content");
    for ((path, stamp), loaded) in files.into_iter().zip(stamps).zip(results) {
        diagnostics.extend(loaded.1.iter().cloned());
        documents.extend(loaded.0.iter().cloned());
        if loaded.0.is_none() {
            unreadable.push(display_path(&content, &path));
        }
        cache.entries.insert(path, (stamp.0, stamp.1, loaded));
    }
    Content { documents, diagnostics, unreadable }
}

/// What a walk does with hidden files (names starting with a dot).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hidden {
    /// Skips them without a word (content, templates: a hidden file there is never a page).
    Skip,
    /// Publishes `.well-known/` and `.htaccess`, which web hosts read; warns about any other
    /// (a `.git/` or `.env` copied into `static/` must not be published unnoticed). Files the
    /// operating system leaves behind (`.DS_Store`, `Thumbs.db`) are skipped without a word.
    Static,
}

/// Hidden names that web hosts read, published from `static/`.
pub const PUBLISHED_HIDDEN: [&str; 2] = [".well-known", ".htaccess"];

/// Files operating systems leave in folders, never published and never mentioned.
fn is_system_file(name: &str) -> bool {
    matches!(name, ".DS_Store" | "Thumbs.db" | "desktop.ini" | ".Spotlight-V100" | ".Trashes" | ".fseventsd")
        || name.starts_with("._")
}

/// Lists the files under `dir` whose names pass `wanted`, sorted, skipping editor temp files,
/// hidden files as `hidden` says, and symlinks that lead outside `root` (a warning each).
pub fn walk(root: &Path, dir: &Path, wanted: impl Fn(&str) -> bool, hidden: Hidden) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    if !dir.is_dir() {
        return (files, problems);
    }
    let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let walker = walkdir::WalkDir::new(dir).follow_links(true).sort_by_file_name().into_iter();
    let mut walker = walker.filter_entry(|entry| {
        let name = entry.file_name().to_string_lossy();
        let dotted = name.starts_with('.') && !is_system_file(&name);
        entry.depth() == 0 || !is_ignored(&name) || is_nameless_markdown(&name) || (hidden == Hidden::Static && dotted)
    });
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let shown = err.path().map(|p| display_path(root, p)).unwrap_or_default();
                // "too many levels of symbolic links" (ELOOP); its ErrorKind is not stable yet
                let circle = err.io_error().and_then(std::io::Error::raw_os_error) == Some(ELOOP);
                let message = if err.loop_ancestor().is_some() {
                    "this symbolic link loops back to a folder that contains it, so it was skipped".to_string()
                } else if circle {
                    "this symbolic link leads round in a circle, so it was skipped".to_string()
                } else {
                    format!("could not read this: {}", err.io_error().map(crate::error::plain_io).unwrap_or_default())
                };
                problems.push(Diagnostic::warning(shown, message));
                continue;
            }
        };
        if entry.path_is_symlink() {
            let target = entry.path().canonicalize();
            if !target.as_ref().is_ok_and(|t| t.starts_with(&real_root)) {
                problems.push(
                    Diagnostic::warning(
                        display_path(root, entry.path()),
                        "this symbolic link points outside the site, so Shingle does not follow it",
                    )
                    .help("copy the file into the site instead of linking to it"),
                );
                if entry.file_type().is_dir() {
                    walker.skip_current_dir();
                }
                continue;
            }
        }
        let name = entry.file_name().to_string_lossy();
        if hidden == Hidden::Static && name.starts_with('.') && !PUBLISHED_HIDDEN.contains(&name.as_ref()) {
            let what = if entry.file_type().is_dir() { "folder" } else { "file" };
            problems.push(
                Diagnostic::warning(
                    display_path(root, entry.path()),
                    format!("this hidden {what} is not published (only .well-known/ and .htaccess are)"),
                )
                .help("rename it without the leading dot if visitors should get it"),
            );
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if is_nameless_markdown(&name) {
            // hidden by its leading dot, but plainly meant as a page: say why it is missing
            problems.push(
                Diagnostic::warning(
                    display_path(root, entry.path()),
                    "this file name has no letters in it, so Shingle skipped it",
                )
                .help("rename the file, for example to notes.md"),
            );
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if entry.file_type().is_file() && wanted(&entry.file_name().to_string_lossy()) {
            files.push(entry.into_path());
        }
    }
    (files, problems)
}

/// The operating system's number for a symbolic link that leads round in a circle.
#[cfg(target_os = "linux")]
const ELOOP: i32 = 40;
#[cfg(not(target_os = "linux"))]
const ELOOP: i32 = 62;

/// `..md`, `.md`: a Markdown file whose name is nothing but dots.
fn is_nameless_markdown(name: &str) -> bool {
    name.strip_suffix(".md").is_some_and(|stem| stem.chars().all(|c| c == '.'))
}

/// Hidden files and the temporary files editors leave behind.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
}

fn read_document(
    root: &Path,
    real_root: &Root,
    path: &Path,
    options: LoadOptions,
) -> (Option<Document>, Vec<Diagnostic>) {
    let bytes = match real_root.read(path, Links::Follow) {
        Ok(bytes) => bytes,
        Err(err) => {
            let message = format!("could not read this file: {}", crate::error::plain_io(&err));
            return (None, vec![Diagnostic::error(display_path(root, path), message)]);
        }
    };
    parse_document(root, path, bytes, options)
}

/// Reads the bytes of the content file at `path` (below `root`) as the build does: its text, front
/// matter and the checks of its kind, with every problem found. No I/O: the editor checks a
/// file it is about to save with it.
pub fn parse_document(
    root: &Path,
    path: &Path,
    bytes: Vec<u8>,
    options: LoadOptions,
) -> (Option<Document>, Vec<Diagnostic>) {
    let file = display_path(root, path);
    let rel = display_path(&root.join("content"), path);
    let mut problems = Vec::new();
    if bytes.len() as u64 > LARGE_FILE {
        problems.push(
            Diagnostic::warning(&file, format!("this file is {} MB, which makes a slow page", bytes.len() / 1_000_000))
                .help("if it holds a pasted image, save the image in static/ and link to it instead"),
        );
    }
    let stem = Path::new(&rel).file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
    if crate::context::is_reserved_on_windows(&stem) || stem.trim_matches('.').is_empty() {
        problems.push(
            Diagnostic::warning(&file, "this file name cannot be used on Windows or has no letters in it")
                .help("rename the file, for example to contact-me.md"),
        );
    }
    let source = match source::parse(&file, bytes) {
        Ok((source, removed)) => {
            problems.extend(removed);
            source
        }
        Err(mut problem) => {
            if options.empty_is_warning && problem.message == "the file is empty" {
                problem.severity = crate::error::Severity::Warning;
            }
            problems.push(problem);
            return (None, problems);
        }
    };
    let kind = Kind::of(&rel);
    let toml = TomlSource { file: &file, file_text: &source.text[..source.front.end], offset: source.front.start };
    let front = match Front::parse(&toml, kind) {
        Ok(front) => front,
        Err(errors) => {
            problems.extend(errors);
            return (None, problems);
        }
    };
    match &front.own {
        Own::Home(fields) => problems.extend(home::validate(fields, &toml)),
        Own::Service(fields) => problems.extend(service::validate(fields, &toml)),
        Own::Testimonial(fields) => problems.extend(testimonial::validate(fields, front.basics.draft, &toml)),
        Own::CaseStudy(fields) => problems.extend(case_study::validate(fields, &front.cover, &toml)),
        Own::Post(fields) => {
            problems.extend(post::validate(fields, &toml));
            problems.extend(case_study::cover_alt(&front.cover, &toml));
        }
        Own::None => {}
    }
    if matches!(kind, Kind::Page | Kind::Post) && source.body().trim().is_empty() {
        problems.push(
            Diagnostic::warning(&file, "this page has no text yet").help("write something below the front matter"),
        );
    }
    let example_text = crate::examples::example_text(&source.text, source.front.clone());
    let document = Document { kind, rel, file, path: path.to_path_buf(), source, front, example_text };
    (Some(document), problems)
}
