//! `&Site` + theme templates → output files, all in memory: every page, list, tag page and the
//! 404 page through Tera (in parallel), then the generated files (feeds, sitemap, redirects).
//! Pure: no file is read or written here, so the preview server renders the same way.

pub mod feeds;
pub mod lists;
pub mod seo;
pub mod view;

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use tera::{Context, Kwargs, State, Tera, Value};

use crate::content::Kind;
use crate::error::{Diagnostic, Error};

use crate::load::theme::Theme;
use crate::render::view::{LinkView, TagView};
use crate::site::Site;
use crate::site::paths::{self, Origin};

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path below the output folder, `/`-separated: `services/inbox/index.html`.
    pub path: String,
    /// Its content.
    pub bytes: Vec<u8>,
}

/// Why a site is rendered: the preview marks drafts and never asks search engines in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// `shingle build`.
    #[default]
    Build,
    /// `shingle serve`.
    Serve,
}

/// Compiled templates, with the functions and the `site` value bound to one site.
pub struct Renderer {
    tera: Tera,
    files: HashMap<String, String>,
    /// Components that use each other in a circle: file and chain, to explain Tera's depth error.
    component_loop: Option<(String, Vec<String>)>,
    base: SiteValue,
    mode: Mode,
}

/// A theme's templates, compiled: made once per theme and shared by every render of a site
/// that uses it (the preview renders again after each edit; the templates stay the same).
#[derive(Clone)]
pub struct Templates {
    tera: Tera,
    files: HashMap<String, String>,
    /// Components that use each other in a circle: file and chain, to explain Tera's depth error.
    component_loop: Option<(String, Vec<String>)>,
}

impl Templates {
    /// Compiles the theme's templates (a site's own `templates/` over the theme's).
    pub fn compile(theme: &Theme) -> Result<Templates, Vec<Diagnostic>> {
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml", ".htm"]);
        tera.set_escape_fn(crate::context::write_html);
        // Tera checks that every function a template calls exists; each render replaces these
        // with the site's own
        for name in FUNCTIONS {
            tera.register_function(name, |_: Kwargs, _: &State| -> tera::TeraResult<Value> { Ok(Value::none()) });
        }
        tera.register_filter("json_encode", tera_contrib::json::json_encode);
        tera.register_filter("slugify", tera_contrib::slug::slug);
        tera.register_filter("urlencode", tera_contrib::urlencode::urlencode);
        let mut sources: Vec<(&str, &str)> = Vec::new();
        let mut files = HashMap::new();
        for template in &theme.templates {
            files.insert(template.name.clone(), template.file.clone());
            sources.retain(|(name, _)| *name != template.name);
            sources.push((&template.name, &template.text));
        }
        tera.add_raw_templates(sources).map_err(|err| vec![template_error(&err, &files, None)])?;
        let component_loop = crate::load::theme::component_loop(&theme.templates);
        Ok(Templates { tera, files, component_loop })
    }
}

impl Renderer {
    /// Compiles the theme's templates with the helper functions for `site`.
    pub fn new(theme: &Theme, site: &Site, mode: Mode) -> Result<Renderer, Vec<Diagnostic>> {
        Ok(Renderer::with(&Templates::compile(theme)?, theme, site, mode, None))
    }

    /// A renderer for `site` from templates compiled before, and (for the preview) the post
    /// summaries of the last render.
    pub fn with(
        templates: &Templates,
        theme: &Theme,
        site: &Site,
        mode: Mode,
        posts: Option<&mut PostValues>,
    ) -> Renderer {
        let Templates { tera, files, component_loop } = templates.clone();
        let mut tera = tera;
        register_functions(&mut tera, site);
        Renderer { tera, files, component_loop, base: SiteValue::new(site, theme, mode, posts), mode }
    }

    /// Renders every file of the site but the static ones into memory, in path order.
    pub fn render(&self, site: &Site) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
        let files = std::sync::Mutex::new(Vec::new());
        let keep = |file: OutputFile| -> Result<(), Error> {
            files.lock().unwrap_or_else(|e| e.into_inner()).push(file);
            Ok(())
        };
        match self.render_each(site, &keep) {
            Ok(()) => {}
            Err(Error::Site(problems)) => return Err(problems),
            Err(Error::Other(message)) => return Err(vec![Diagnostic::error("output", message)]),
        }
        let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    }

    /// Renders every file of the site but the static ones, handing each to `sink` as soon as it
    /// is ready (from several threads), so a large site never sits in memory whole. Template
    /// problems are all collected; the first failure of `sink` stops the rest.
    pub fn render_each(
        &self,
        site: &Site,
        sink: &(dyn Fn(OutputFile) -> Result<(), Error> + Sync),
    ) -> Result<(), Error> {
        // static files are copied and pictures made by the writer's own steps, not rendered
        let made: Vec<(&String, &Origin)> = site
            .outputs
            .iter()
            .filter(|(_, origin)| !matches!(origin, Origin::Static(_) | Origin::Picture { .. } | Origin::Card(_)))
            .collect();
        let failed: std::sync::Mutex<Option<Error>> = std::sync::Mutex::new(None);
        let results: Vec<Option<Diagnostic>> = made
            .par_iter()
            .map(|(path, origin)| {
                if failed.lock().map(|f| f.is_some()).unwrap_or(true) {
                    return None;
                }
                match self.file(site, path, origin) {
                    Ok(bytes) => {
                        if let Err(err) = sink(OutputFile { path: path.to_string(), bytes }) {
                            failed.lock().unwrap_or_else(|e| e.into_inner()).get_or_insert(err);
                        }
                        None
                    }
                    Err(problem) => Some(problem),
                }
            })
            .collect();
        if let Some(err) = failed.into_inner().unwrap_or_else(|e| e.into_inner()) {
            return Err(err);
        }
        let problems = merge_repeats(results.into_iter().flatten());
        if problems.is_empty() { Ok(()) } else { Err(Error::Site(problems)) }
    }

    /// The bytes of the file at `path`, made by `origin` (not a static file).
    pub fn file(&self, site: &Site, path: &str, origin: &Origin) -> Result<Vec<u8>, Diagnostic> {
        if origin.is_template() {
            self.render_page(site, path, origin)
        } else if matches!(origin, Origin::Picture { .. } | Origin::Card(_)) {
            picture(site, origin).map(|bytes| bytes.to_vec())
        } else {
            Ok(feeds::file(site, self.mode, origin))
        }
    }

    /// `name`, or `page.html` when the theme has no template for this kind of page.
    fn or_page(&self, name: &str) -> String {
        if self.tera.contains_template(name) { name.to_string() } else { "page.html".to_string() }
    }

    fn render_page(&self, site: &Site, path: &str, origin: &Origin) -> Result<Vec<u8>, Diagnostic> {
        let base = &self.base;
        let mut context = Context::new();
        context.insert("mode", if base.serve { "serve" } else { "build" });
        let (template, source, current) = match origin {
            Origin::Page(index) => {
                let page = &site.pages[*index];
                let view = site.page_view(*index);
                let template = match &page.doc.front.page.template {
                    Some(name) => name.clone(),
                    None => self.or_page(default_template(page.doc.kind)),
                };
                context.insert("page", &view);
                context.insert("seo", &seo::for_page(site, *index));
                if page.doc.kind == Kind::Home {
                    context.insert("section", &view);
                }
                (template, Some(page.doc.file.clone()), page.path.clone())
            }
            Origin::List { kind, section, folder, number } => {
                let list = lists::list(site, *kind, *section, folder, *number);
                let template = section
                    .and_then(|i| site.pages[i].doc.front.page.template.clone())
                    .unwrap_or_else(|| self.or_page(list_template(*kind, &self.files)));
                context.insert("seo", &seo::for_list(site, &list.section, base.serve));
                context.insert("section", &list.section);
                if template == "page.html" {
                    // a list shown with the plain page template reads as that page
                    context.insert("page", &list.section);
                }
                if let Some(paginator) = &list.paginator {
                    context.insert("paginator", paginator);
                }
                (template, section.map(|i| site.pages[i].doc.file.clone()), folder.clone())
            }
            Origin::Tags => {
                let list = lists::tags(site);
                context.insert("seo", &seo::for_list(site, &list.section, base.serve));
                context.insert("section", &list.section);
                ("tags.html".to_string(), None, paths::TAGS.to_string())
            }
            Origin::Tag { tag, number } => {
                let list = lists::tag(site, *tag, *number);
                context.insert("seo", &seo::for_list(site, &list.section, base.serve));
                context.insert("section", &list.section);
                context.insert("tag", &site.tag_view(&site.tags[*tag]));
                if let Some(paginator) = &list.paginator {
                    context.insert("paginator", paginator);
                }
                ("tag.html".to_string(), None, paths::TAGS.to_string())
            }
            _ => {
                let view = lists::not_found(site);
                context.insert("seo", &seo::for_list(site, &view, true));
                context.insert("page", &view);
                (paths::NOT_FOUND.to_string(), None, paths::NOT_FOUND.to_string())
            }
        };
        let _ = path;
        context.insert_value("site", base.with_menu(site, &current));
        if !self.tera.contains_template(&template) {
            let file = source.unwrap_or_else(|| "site.toml".to_string());
            let mut known: Vec<&str> = self.files.keys().map(String::as_str).filter(|n| !n.contains('/')).collect();
            known.sort();
            return Err(Diagnostic::error(file, format!("the template '{template}' does not exist"))
                .at(1, 1)
                .help(format!("create templates/{template}, or use one of: {}", known.join(", "))));
        }
        match self.tera.render(&template, &context) {
            Ok(html) => Ok(html.into_bytes()),
            Err(err) => match &self.component_loop {
                Some((file, chain)) if err.to_string().contains("recursion depth for components") => {
                    let page = source.as_deref().map(|p| format!(" (while rendering {p})")).unwrap_or_default();
                    Err(Diagnostic::error(
                        file,
                        format!("components use each other without end: {}{page}", chain.join(" → ")),
                    )
                    .help("a component that uses itself needs a condition that stops it, such as {% if depth < 5 %}"))
                }
                _ => Err(template_error(&err, &self.files, source.as_deref())),
            },
        }
    }
}

fn default_template(kind: Kind) -> &'static str {
    match kind {
        Kind::Home => "index.html",
        Kind::Service => "service.html",
        Kind::CaseStudy => "case-study.html",
        Kind::Post => "post.html",
        Kind::Skills => "skills.html",
        Kind::Faq => "faq.html",
        Kind::Page | Kind::Section | Kind::Testimonial => "page.html",
    }
}

fn list_template(kind: Kind, files: &HashMap<String, String>) -> &'static str {
    match kind {
        Kind::Service => "services.html",
        Kind::Testimonial => "testimonials.html",
        Kind::CaseStudy => "work.html",
        Kind::Post => "blog.html",
        _ if files.contains_key("section.html") => "section.html",
        _ => "page.html",
    }
}

/// `site.posts`: every post's summary, each tag made once and shared by the posts carrying it
/// (a blog of thousands of posts would otherwise hold thousands of copies of each tag).
fn posts_value(site: &Site, cache: Option<&mut PostValues>) -> Value {
    let views: Vec<TagView> = site.tags.iter().map(|tag| site.tag_view(tag)).collect();
    // a post's value holds its tags, and a tag's holds its count: a change to any tag, or to
    // where pages are, makes every post's value again
    let key = xxhash_rust::xxh3::xxh3_64(format!("{}{views:?}", site.fingerprint).as_bytes());
    let tags: HashMap<&str, Value> =
        views.iter().map(|view| (view.slug.as_str(), Value::from_serializable(view))).collect();
    let mut empty = PostValues::default();
    let cache = cache.unwrap_or(&mut empty);
    if cache.key != key {
        cache.posts.clear();
        cache.key = key;
    }
    let known = &cache.posts;
    let posts: Vec<(usize, Value, bool)> = site
        .posts
        .par_iter()
        .map(|&i| {
            let page = &site.pages[i];
            if let Some((hash, value)) = known.get(&page.doc.rel)
                && *hash == page.doc.source.hash
            {
                return (i, value.clone(), false);
            }
            let mut summary =
                Value::from_serializable(&site.post_summary_untagged(page)).into_map().unwrap_or_default();
            let shared: Vec<Value> = site.tag_slugs(page).filter_map(|slug| tags.get(slug.as_str()).cloned()).collect();
            summary.insert("tags".into(), Value::from(shared));
            (i, Value::from(summary), true)
        })
        .collect();
    for (i, value, new) in &posts {
        if *new {
            let page = &site.pages[*i];
            cache.posts.insert(page.doc.rel.clone(), (page.doc.source.hash, value.clone()));
        }
    }
    Value::from(posts.into_iter().map(|(_, value, _)| value).collect::<Vec<Value>>())
}

/// The values of `site.posts` made by an earlier render, for the preview: each post's, by file,
/// with the hash of its text; all made again when a tag or the place of any page changes.
#[derive(Default)]
pub struct PostValues {
    key: u64,
    posts: HashMap<String, (u64, Value)>,
}

/// The `site` value, built once per render and shared by every page.
struct SiteValue {
    map: tera::Map,
    serve: bool,
    menu: Vec<crate::render::lists::MenuEntry>,
    footer: Value,
}

impl SiteValue {
    fn new(site: &Site, theme: &Theme, mode: Mode, posts: Option<&mut PostValues>) -> SiteValue {
        let view = crate::render::lists::site_view(site, theme);
        let mut map = Value::from_serializable(&view).into_map().unwrap_or_default();
        map.insert("posts".into(), posts_value(site, posts));
        let (menu, footer) = crate::render::lists::menus(site);
        let footer: Vec<LinkView> =
            footer.into_iter().map(|(name, url)| LinkView { name, url, active: false }).collect();
        SiteValue { map, serve: mode == Mode::Serve, menu, footer: Value::from_serializable(&footer) }
    }

    /// `site` with the main menu marking the current page's entry.
    fn with_menu(&self, site: &Site, current: &str) -> Value {
        let main: Vec<LinkView> = self
            .menu
            .iter()
            .map(|entry| LinkView {
                name: entry.name.clone(),
                url: entry.url.clone(),
                active: if entry.path.is_empty() {
                    current.is_empty()
                } else {
                    current.starts_with(entry.path.as_str())
                },
            })
            .collect();
        let mut menus = tera::Map::new();
        menus.insert("main".into(), Value::from_serializable(&main));
        menus.insert("footer".into(), self.footer.clone());
        let mut map = self.map.clone();
        map.insert("menus".into(), Value::from(menus));
        let _ = site;
        Value::from(map)
    }
}

/// The bytes of a picture file of the site: a copy of a picture, or a link-preview card (made now
/// or taken from the cache).
pub fn picture(site: &Site, origin: &Origin) -> Result<Arc<Vec<u8>>, Diagnostic> {
    let (made, source) = match origin {
        Origin::Picture { source, size } => (site.images.bytes(&site.assets, source, size), source.as_str()),
        Origin::Card(card) => {
            (site.images.card_bytes(&site.assets, card), site.config.owner.photo.as_deref().unwrap_or(""))
        }
        _ => return Ok(Arc::default()),
    };
    made.map_err(|refusal| {
        let (message, help) = refusal.explain();
        Diagnostic::error(format!("static/{}", source.trim_start_matches('/')), message).help(help)
    })
}

/// What names the bytes of a picture file in the cache (see [`crate::images::Images::copy_key`]),
/// known without making or reading them; `None` for other files and pictures that cannot be read.
pub fn picture_key(site: &Site, origin: &Origin) -> Option<(u64, crate::images::process::Size)> {
    match origin {
        Origin::Picture { source, size } => site.images.copy_key(&site.assets, source, size),
        Origin::Card(card) => Some(site.images.card_key(card)),
        _ => None,
    }
}

/// The functions templates may call, bound to a site by `register_functions`.
const FUNCTIONS: [&str; 4] = ["url_for", "asset", "image", "testimonials_for"];

fn register_functions(tera: &mut Tera, site: &Site) {
    let base_path = site.base_path.clone();
    tera.register_function("url_for", move |kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
        let path: &str = kwargs.must_get("path")?;
        Ok(crate::url::join(&base_path, path))
    });
    let assets = Arc::clone(&site.assets_shared());
    tera.register_function("asset", move |kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
        let path: &str = kwargs.must_get("path")?;
        assets.hashed_url(path).ok_or_else(|| {
            tera::Error::message(format!(
                "asset(path=\"{path}\"): there is no file static/{path} in the theme or the site"
            ))
        })
    });
    let images = Arc::clone(&site.assets_shared());
    tera.register_function("image", move |kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
        let path: &str = kwargs.must_get("path")?;
        let path = path.trim_start_matches('/');
        if !images.contains(path) {
            return Ok(Value::none());
        }
        let size = images.image_size(path);
        let mut map = tera::Map::new();
        map.insert("url".into(), Value::from(images.url(path)));
        map.insert("width".into(), size.map_or(Value::none(), |s| Value::from(s.0 as u64)));
        map.insert("height".into(), size.map_or(Value::none(), |s| Value::from(s.1 as u64)));
        Ok(Value::from(map))
    });
    let by_service: HashMap<String, Value> = site
        .services
        .iter()
        .map(|&i| {
            let slug = &site.pages[i].slug;
            let views: Vec<_> =
                site.testimonials_for(slug).into_iter().map(|t| site.testimonial_view(&site.pages[t])).collect();
            (slug.clone(), Value::from_serializable(&views))
        })
        .collect();
    tera.register_function("testimonials_for", move |kwargs: Kwargs, _: &State| -> tera::TeraResult<Value> {
        let service: &str = kwargs.must_get("service")?;
        Ok(by_service.get(service).cloned().unwrap_or_else(|| Value::from_serializable(&Vec::<Value>::new())))
    });
}

/// A Tera error as a diagnostic in the template's own file.
fn template_error(err: &tera::Error, files: &HashMap<String, String>, page: Option<&str>) -> Diagnostic {
    let while_rendering = page.map(|p| format!(" (while rendering {p})")).unwrap_or_default();
    match err.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let file = files.get(report.filename()).cloned().unwrap_or_else(|| report.filename().to_string());
            let span = report.span();
            Diagnostic::error(file, format!("{}{while_rendering}", report.message()))
                .at(span.start_line, span.start_col + 1)
                .help(snippet(&err.to_string()))
        }
        tera::ErrorKind::CircularInclude { tpl, include_chain } => {
            let file = files.get(tpl).cloned().unwrap_or_else(|| tpl.clone());
            Diagnostic::error(file, format!("templates include each other in a loop: {}", include_chain.join(" → ")))
                .help("remove one of the includes so the chain ends")
        }
        tera::ErrorKind::CircularExtend { tpl, inheritance_chain } => {
            let file = files.get(tpl).cloned().unwrap_or_else(|| tpl.clone());
            Diagnostic::error(file, format!("templates extend each other in a loop: {}", inheritance_chain.join(" → ")))
                .help("a template cannot extend itself, directly or through others")
        }
        tera::ErrorKind::MissingParent { current, parent } => {
            let file = files.get(current).cloned().unwrap_or_else(|| current.clone());
            Diagnostic::error(file, format!("this template extends '{parent}', which does not exist"))
                .help("check the name in its {% extends %} line")
        }
        other => {
            // several problems found while loading arrive as one text of reports: place it at the first
            let text = other.to_string();
            let message = text.lines().find_map(|l| l.strip_prefix("error: ")).unwrap_or(&text).to_string();
            let place = text.lines().find_map(|l| l.trim_start().strip_prefix("--> ")).and_then(|at| {
                let mut parts = at.rsplitn(3, ':');
                let column = parts.next()?.parse::<usize>().ok()?;
                let line = parts.next()?.parse::<usize>().ok()?;
                Some((parts.next()?.to_string(), line, column))
            });
            match place {
                Some((name, line, column)) => {
                    let file = files.get(&name).cloned().unwrap_or(name);
                    Diagnostic::error(file, format!("{message}{while_rendering}")).at(line, column).help(snippet(&text))
                }
                None => Diagnostic::error(page.unwrap_or("templates"), format!("{message}{while_rendering}")),
            }
        }
    }
}

/// One template mistake breaks every page using it: it is reported once, with a count.
pub fn merge_repeats(problems: impl Iterator<Item = Diagnostic>) -> Vec<Diagnostic> {
    let mut merged: Vec<(Diagnostic, usize)> = Vec::new();
    for problem in problems {
        let same = |(d, _): &&mut (Diagnostic, usize)| {
            (&d.file, d.line, d.column) == (&problem.file, problem.line, problem.column)
        };
        match merged.iter_mut().find(same) {
            Some((_, others)) => *others += 1,
            None => merged.push((problem, 0)),
        }
    }
    merged
        .into_iter()
        .map(|(mut d, others)| {
            if others > 0 && d.message.ends_with(')') {
                d.message.pop();
                d.message.push_str(&format!(" and {others} other {})", if others == 1 { "page" } else { "pages" }));
            }
            d
        })
        .collect()
}

/// Tera's report without its first `error:` line, which the diagnostic already says.
fn snippet(report: &str) -> String {
    let mut lines = report.lines();
    let first = lines.next().unwrap_or("");
    let rest: Vec<&str> = lines.collect();
    if first.starts_with("error: ") { rest.join("\n") } else { report.to_string() }
}
