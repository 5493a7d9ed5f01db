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
use crate::render::view::{LinkView, section_title};
use crate::site::Site;

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

/// A page to render: which template, where, with what.
#[derive(Debug, Clone)]
enum Job {
    Page(usize),
    List { kind: Kind, section: Option<usize>, folder: String, number: usize },
    Tags,
    Tag { tag: usize, number: usize },
    NotFound,
}

/// Compiled templates, with the functions bound to one site.
pub struct Renderer {
    tera: Tera,
    files: HashMap<String, String>,
    /// Components that use each other in a circle: file and chain, to explain Tera's depth error.
    component_loop: Option<(String, Vec<String>)>,
}

impl Renderer {
    /// Compiles the theme's templates with the helper functions for `site`.
    pub fn new(theme: &Theme, site: &Site) -> Result<Renderer, Vec<Diagnostic>> {
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml", ".htm"]);
        tera.set_escape_fn(crate::context::write_html);
        register_functions(&mut tera, site);
        let mut sources: Vec<(&str, &str)> = Vec::new();
        let mut files = HashMap::new();
        for template in &theme.templates {
            files.insert(template.name.clone(), template.file.clone());
            sources.retain(|(name, _)| *name != template.name);
            sources.push((&template.name, &template.text));
        }
        tera.add_raw_templates(sources).map_err(|err| vec![template_error(&err, &files, None)])?;
        Ok(Renderer { tera, files, component_loop: crate::load::theme::component_loop(&theme.templates) })
    }

    /// Renders every page of the site into memory, in path order.
    pub fn render(&self, site: &Site, theme: &Theme, mode: Mode) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
        let files = std::sync::Mutex::new(Vec::new());
        let keep = |file: OutputFile| -> Result<(), Error> {
            files.lock().unwrap_or_else(|e| e.into_inner()).push(file);
            Ok(())
        };
        match self.render_each(site, theme, mode, &keep) {
            Ok(()) => {}
            Err(Error::Site(problems)) => return Err(problems),
            Err(Error::Other(message)) => return Err(vec![Diagnostic::error("output", message)]),
        }
        let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(files)
    }

    /// Renders every page of the site, handing each file to `sink` as soon as it is ready (from
    /// several threads), so a large site never sits in memory whole. Template problems are all
    /// collected; the first failure of `sink` stops the rest.
    pub fn render_each(
        &self,
        site: &Site,
        theme: &Theme,
        mode: Mode,
        sink: &(dyn Fn(OutputFile) -> Result<(), Error> + Sync),
    ) -> Result<(), Error> {
        let base = SiteValue::new(site, theme, mode);
        let jobs = jobs(site);
        let failed: std::sync::Mutex<Option<Error>> = std::sync::Mutex::new(None);
        let results: Vec<Option<Diagnostic>> = jobs
            .par_iter()
            .map(|job| {
                if failed.lock().map(|f| f.is_some()).unwrap_or(true) {
                    return None;
                }
                match self.render_job(site, &base, job) {
                    Ok(file) => {
                        if let Err(err) = sink(file) {
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
        if !problems.is_empty() {
            return Err(Error::Site(problems));
        }
        for file in crate::render::feeds::generated(site, mode) {
            sink(file)?;
        }
        Ok(())
    }

    /// `name`, or `page.html` when the theme has no template for this kind of page.
    fn or_page(&self, name: &str) -> String {
        if self.tera.contains_template(name) { name.to_string() } else { "page.html".to_string() }
    }

    fn render_job(&self, site: &Site, base: &SiteValue, job: &Job) -> Result<OutputFile, Diagnostic> {
        let mut context = Context::new();
        context.insert("mode", if base.serve { "serve" } else { "build" });
        let (template, path, source, current) = match job {
            Job::Page(index) => {
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
                (template, format!("{}index.html", page.path), Some(page.doc.file.clone()), page.path.clone())
            }
            Job::List { kind, section, folder, number } => {
                let list = crate::render::lists::list(site, *kind, *section, folder, *number);
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
                let path = format!("{}index.html", list.path);
                (template, path, section.map(|i| site.pages[i].doc.file.clone()), folder.clone())
            }
            Job::Tags => {
                let list = crate::render::lists::tags(site);
                context.insert("seo", &seo::for_list(site, &list.section, base.serve));
                context.insert("section", &list.section);
                ("tags.html".to_string(), "tags/index.html".to_string(), None, "tags/".to_string())
            }
            Job::Tag { tag, number } => {
                let list = crate::render::lists::tag(site, *tag, *number);
                context.insert("seo", &seo::for_list(site, &list.section, base.serve));
                context.insert("section", &list.section);
                context.insert("tag", &site.tag_view(&site.tags[*tag]));
                if let Some(paginator) = &list.paginator {
                    context.insert("paginator", paginator);
                }
                ("tag.html".to_string(), format!("{}index.html", list.path), None, "tags/".to_string())
            }
            Job::NotFound => {
                let view = crate::render::lists::not_found(site);
                context.insert("seo", &seo::for_list(site, &view, true));
                context.insert("page", &view);
                ("404.html".to_string(), "404.html".to_string(), None, "404/".to_string())
            }
        };
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
            Ok(html) => Ok(OutputFile { path, bytes: html.into_bytes() }),
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
        Kind::CaseStudy => "work.html",
        Kind::Post => "blog.html",
        _ if files.contains_key("section.html") => "section.html",
        _ => "page.html",
    }
}

/// Every page to render, in a stable order.
fn jobs(site: &Site) -> Vec<Job> {
    let mut jobs = Vec::new();
    let mut listed: Vec<&str> = Vec::new();
    for (i, page) in site.pages.iter().enumerate() {
        match page.doc.kind {
            Kind::Testimonial => {}
            Kind::Section => {
                let folder = page.path.clone();
                let kind = folder_kind(&folder);
                listed.push(match kind {
                    Kind::Service => "services/",
                    Kind::CaseStudy => "work/",
                    Kind::Post => "blog/",
                    _ => "",
                });
                for number in 1..=crate::render::lists::page_count(site, kind, Some(i)) {
                    jobs.push(Job::List { kind, section: Some(i), folder: folder.clone(), number });
                }
            }
            _ => jobs.push(Job::Page(i)),
        }
    }
    for (kind, folder, present) in [
        (Kind::Service, "services/", !site.services.is_empty()),
        (Kind::CaseStudy, "work/", !site.work.is_empty()),
        (Kind::Post, "blog/", !site.posts.is_empty()),
    ] {
        if present && !listed.contains(&folder) {
            for number in 1..=crate::render::lists::page_count(site, kind, None) {
                jobs.push(Job::List { kind, section: None, folder: folder.to_string(), number });
            }
        }
    }
    if !site.tags.is_empty() {
        jobs.push(Job::Tags);
    }
    for (tag, t) in site.tags.iter().enumerate() {
        let pages = t.posts.len().div_ceil(site.config.paginate as usize).max(1);
        for number in 1..=pages {
            jobs.push(Job::Tag { tag, number });
        }
    }
    jobs.push(Job::NotFound);
    jobs
}

/// Where a job's page goes: the same path its rendering reports.
fn job_path(site: &Site, job: &Job) -> String {
    let numbered = |base: &str, number: usize| {
        if number == 1 { format!("{base}index.html") } else { format!("{base}page/{number}/index.html") }
    };
    match job {
        Job::Page(index) => format!("{}index.html", site.pages[*index].path),
        Job::List { kind: Kind::Post, folder, number, .. } => numbered(folder, *number),
        Job::List { folder, .. } => format!("{folder}index.html"),
        Job::Tags => "tags/index.html".to_string(),
        Job::Tag { tag, number } => numbered(&format!("tags/{}/", site.tags[*tag].slug), *number),
        Job::NotFound => "404.html".to_string(),
    }
}

/// A site rendered page by page when asked, for the preview server: the page being looked at
/// is rendered first, the rest in the background, and each page once per build.
pub struct Live {
    site: Site,
    theme: Theme,
    mode: Mode,
    renderer: Renderer,
    base: SiteValue,
    jobs: HashMap<String, Job>,
    done: std::sync::Mutex<HashMap<String, Arc<Vec<u8>>>>,
    stopped: std::sync::atomic::AtomicBool,
}

impl std::fmt::Debug for Live {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Live {{ {} pages }}", self.jobs.len())
    }
}

impl Live {
    /// Compiles the templates and lists the pages, rendering none yet.
    pub fn new(site: Site, theme: Theme, mode: Mode) -> Result<Live, Vec<Diagnostic>> {
        let renderer = Renderer::new(&theme, &site)?;
        let base = SiteValue::new(&site, &theme, mode);
        let jobs = jobs(&site).into_iter().map(|job| (job_path(&site, &job), job)).collect();
        Ok(Live { site, theme, mode, renderer, base, jobs, done: Default::default(), stopped: Default::default() })
    }

    /// The site.
    pub fn site(&self) -> &Site {
        &self.site
    }

    /// Whether `path` is one of the pages.
    pub fn contains(&self, path: &str) -> bool {
        self.jobs.contains_key(path)
    }

    /// Every page's path.
    pub fn paths(&self) -> impl Iterator<Item = &String> {
        self.jobs.keys()
    }

    /// The page at `path`, rendered now unless it was before; `None` when there is no such page.
    pub fn page(&self, path: &str) -> Option<Result<Arc<Vec<u8>>, Diagnostic>> {
        let job = self.jobs.get(path)?;
        if let Some(bytes) = self.done.lock().unwrap_or_else(|e| e.into_inner()).get(path) {
            return Some(Ok(Arc::clone(bytes)));
        }
        let rendered = self.renderer.render_job(&self.site, &self.base, job);
        Some(rendered.map(|file| {
            debug_assert_eq!(file.path, path);
            let bytes = Arc::new(file.bytes);
            self.done.lock().unwrap_or_else(|e| e.into_inner()).insert(path.to_string(), Arc::clone(&bytes));
            bytes
        }))
    }

    /// Stops a [`Live::render_all`] in progress: a newer build has replaced this one.
    pub fn stop(&self) {
        self.stopped.store(true, std::sync::atomic::Ordering::Relaxed);
    }

    /// Renders every page not rendered yet, in parallel; returns the template problems found
    /// (none when stopped early).
    pub fn render_all(&self) -> Vec<Diagnostic> {
        let paths: Vec<&String> = self.jobs.keys().collect();
        let problems: Vec<Option<Diagnostic>> = paths
            .par_iter()
            .map(|path| {
                if self.stopped.load(std::sync::atomic::Ordering::Relaxed) {
                    return None;
                }
                self.page(path).and_then(Result::err)
            })
            .collect();
        if self.stopped.load(std::sync::atomic::Ordering::Relaxed) {
            return Vec::new();
        }
        let mut problems: Vec<Diagnostic> = problems.into_iter().flatten().collect();
        problems.sort_by(|a, b| (&a.file, a.line, a.column, &a.message).cmp(&(&b.file, b.line, b.column, &b.message)));
        merge_repeats(problems.into_iter())
    }

    /// The files made without templates: feeds, sitemap, robots.txt, redirects.
    pub fn generated(&self) -> Vec<OutputFile> {
        crate::render::feeds::generated(&self.site, self.mode)
    }

    /// The theme the pages are rendered with.
    pub fn theme(&self) -> &Theme {
        &self.theme
    }
}

fn folder_kind(folder: &str) -> Kind {
    match folder {
        "services/" => Kind::Service,
        "work/" => Kind::CaseStudy,
        "blog/" => Kind::Post,
        _ => Kind::Section,
    }
}

/// The `site` value, built once per render and shared by every page.
struct SiteValue {
    map: tera::Map,
    serve: bool,
    menu: Vec<crate::render::lists::MenuEntry>,
    footer: Value,
}

impl SiteValue {
    fn new(site: &Site, theme: &Theme, mode: Mode) -> SiteValue {
        let view = crate::render::lists::site_view(site, theme);
        let map = Value::from_serializable(&view).into_map().unwrap_or_default();
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

fn register_functions(tera: &mut Tera, site: &Site) {
    let base_path = site.base_path.clone();
    tera.register_function("url_for", move |kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
        let path: &str = kwargs.must_get("path")?;
        Ok(format!("{base_path}{}", path.trim_start_matches('/')))
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
    tera.register_filter("json_encode", tera_contrib::json::json_encode);
    tera.register_filter("slugify", tera_contrib::slug::slug);
    tera.register_filter("urlencode", tera_contrib::urlencode::urlencode);
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
fn merge_repeats(problems: impl Iterator<Item = Diagnostic>) -> Vec<Diagnostic> {
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

/// A title for a list page.
pub fn list_title(site: &Site, section: Option<usize>, folder: &str) -> String {
    match section {
        Some(i) => site.pages[i].title.clone(),
        None => section_title(folder.trim_end_matches('/')),
    }
}
