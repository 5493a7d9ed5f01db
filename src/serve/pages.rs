//! The pages of a site rendered when asked, for the preview: the page being looked at first, the
//! rest in the background, each once per build. What is at a path, and what makes it, is the
//! site's table of output paths; static files are served from memory by `route`.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;

use crate::error::Diagnostic;
use crate::load::theme::Theme;
use crate::render::{Mode, PostValues, Renderer, Templates};
use crate::site::Site;
use crate::site::paths::Origin;

/// A site's rendered files, made on request.
pub struct Pages {
    site: Site,
    renderer: Renderer,
    done: Mutex<HashMap<String, Arc<Vec<u8>>>>,
    stopped: AtomicBool,
}

impl std::fmt::Debug for Pages {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Pages {{ {} files }}", self.site.outputs.len())
    }
}

impl Pages {
    /// Binds the compiled templates to `site`, rendering nothing yet.
    pub fn new(site: Site, theme: &Theme, templates: &Templates, posts: &mut PostValues) -> Pages {
        let renderer = Renderer::with(templates, theme, &site, Mode::Serve, Some(posts));
        Pages { site, renderer, done: Mutex::default(), stopped: AtomicBool::new(false) }
    }

    /// Whether `path` is a file Shingle renders (not a static file).
    pub fn contains(&self, path: &str) -> bool {
        self.site.outputs.get(path).is_some_and(|origin| !matches!(origin, Origin::Static(_)))
    }

    /// The file at `path`, rendered now unless it was before; `None` when no rendered file is there.
    pub fn page(&self, path: &str) -> Option<Result<Arc<Vec<u8>>, Diagnostic>> {
        let origin = self.site.outputs.get(path).filter(|origin| !matches!(origin, Origin::Static(_)))?;
        if let Some(bytes) = self.done.lock().unwrap_or_else(|e| e.into_inner()).get(path) {
            return Some(Ok(Arc::clone(bytes)));
        }
        Some(self.renderer.file(&self.site, path, origin).map(|bytes| {
            let bytes = Arc::new(bytes);
            self.done.lock().unwrap_or_else(|e| e.into_inner()).insert(path.to_string(), Arc::clone(&bytes));
            bytes
        }))
    }

    /// The content file (its path in `content/`) the page at `path` shows: a page's own file, or
    /// the `_index.md` of a list; `None` for pages made from no one file (tags, 404, a list
    /// without its `_index.md`).
    pub fn source(&self, path: &str) -> Option<&str> {
        match self.site.outputs.get(path)? {
            Origin::Page(i) | Origin::List { section: Some(i), .. } => Some(&self.site.pages.get(*i)?.doc.rel),
            _ => None,
        }
    }

    /// The address of the page the content file `rel` (its path in `content/`) makes, if any.
    pub fn url_of(&self, rel: &str) -> Option<String> {
        let page = self.site.pages.iter().find(|p| p.doc.rel == rel && p.doc.kind.has_page())?;
        Some(crate::url::join(&self.site.base_path, &page.path))
    }

    /// Markdown rendered as the site renders a body, for the editor's preview.
    pub fn preview(&self, markdown: &str) -> String {
        self.site.preview("preview", markdown).html
    }

    /// Stops a [`Pages::render_all`] in progress: a newer build has replaced this one.
    pub fn stop(&self) {
        self.stopped.store(true, Ordering::Relaxed);
    }

    /// Renders every page not rendered yet, in parallel; returns the template problems found
    /// (none when stopped early).
    pub fn render_all(&self) -> Vec<Diagnostic> {
        let paths: Vec<&String> =
            self.site.outputs.iter().filter(|(_, origin)| origin.is_template()).map(|(path, _)| path).collect();
        let problems: Vec<Option<Diagnostic>> = paths
            .par_iter()
            .map(|path| {
                if self.stopped.load(Ordering::Relaxed) {
                    return None;
                }
                self.page(path).and_then(Result::err)
            })
            .collect();
        if self.stopped.load(Ordering::Relaxed) {
            return Vec::new();
        }
        let mut problems: Vec<Diagnostic> = problems.into_iter().flatten().collect();
        problems.sort_by(|a, b| (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message)));
        crate::render::merge_repeats(problems.into_iter())
    }
}
