//! `Site`: every content file loaded, URLs assigned, Markdown rendered, cross-references
//! resolved and lists sorted — the pure data that templates are rendered from. Reading files is
//! left to `content`; turning the site into output files is left to `render`.

pub mod highlight;
pub mod markdown;
pub mod paths;

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;

use rayon::prelude::*;

use crate::content::faq;
use crate::content::skills::{self, SkillCategory};
use crate::content::slug::slugify;
use crate::content::{Content, Document, Kind};
use crate::error::Diagnostic;
use crate::images::{Images, Role};
use crate::load::assets::Assets;
use crate::load::config::Config;
use crate::toml_error::TomlSource;
use markdown::{Html, Link, Place, Resolver, StaticFile};
use paths::Outputs;

/// One content file with its place in the site and its rendered body.
#[derive(Debug)]
pub struct Page {
    /// The parsed file.
    pub doc: Arc<Document>,
    /// The slug: the last part of its URL, or the name other files use to refer to it.
    pub slug: String,
    /// Path below the site root, `services/inbox/` (empty for the home page). Testimonials have none.
    pub path: String,
    /// The body, rendered (shared with the preview server's cache).
    pub body: Arc<Html>,
    /// Title: front matter, else the first heading, else the file name.
    pub title: String,
}

/// A tag and the posts carrying it.
#[derive(Debug, Clone)]
pub struct Tag {
    /// As first written.
    pub name: String,
    /// For its URL.
    pub slug: String,
    /// Indexes into `Site::pages`, newest first.
    pub posts: Vec<usize>,
}

/// One FAQ entry, rendered.
#[derive(Debug, Clone)]
pub struct FaqItem {
    /// The question.
    pub question: String,
    /// Anchor id.
    pub id: String,
    /// The answer as HTML.
    pub answer: String,
    /// Slugs of the services its answer links to.
    pub services: Vec<String>,
    /// Internal links in the answer, for `shingle check`.
    pub links: Vec<Link>,
}

/// What an earlier build worked out, for the preview server, by content path with the hash of
/// the file's text: each page's slug and address, and its rendered body (valid while the
/// fingerprint of the site's links and files is the same).
#[derive(Debug, Default)]
pub struct BodyCache {
    fingerprint: u64,
    bodies: FxHashMap<String, (u64, Arc<Html>)>,
    places: FxHashMap<String, (u64, (String, String))>,
}

/// A hash of everything a body's links and images resolve against: every page's content path
/// and URL (in path order, as loaded), the base path and the static files.
fn links_fingerprint(
    base_path: &str,
    documents: &[Arc<Document>],
    placed: &[(String, String)],
    assets: &Assets,
) -> u64 {
    let mut text = String::with_capacity(documents.len() * 64);
    text.push_str(base_path);
    for (doc, (_, path)) in documents.iter().zip(placed) {
        text.push('\n');
        text.push_str(&doc.rel);
        text.push('\t');
        text.push_str(path);
    }
    for (path, _) in assets.iter() {
        text.push('\n');
        text.push_str(path);
    }
    xxhash_rust::xxh3::xxh3_64(text.as_bytes())
}

/// How the site is being built.
#[derive(Debug, Clone, Default)]
pub struct SiteOptions {
    /// Include drafts.
    pub drafts: bool,
    /// The site's pictures, as its theme shows them.
    pub images: Arc<Images>,
}

/// Everything the templates need.
#[derive(Debug)]
pub struct Site {
    /// site.toml.
    pub config: Config,
    /// `/` or `/repo/`.
    pub base_path: String,
    /// Every content file, in path order.
    pub pages: Vec<Page>,
    /// Services, by weight then title.
    pub services: Vec<usize>,
    /// Testimonials, by weight then newest.
    pub testimonials: Vec<usize>,
    /// Case studies, newest first.
    pub work: Vec<usize>,
    /// Posts, newest first.
    pub posts: Vec<usize>,
    /// Tags, by slug.
    pub tags: Vec<Tag>,
    /// Titles of the folders that have an `_index.md`, by path (`services/`).
    pub section_titles: HashMap<String, String>,
    /// Where each post (by page index) stands in `posts`.
    pub post_position: HashMap<usize, usize>,
    /// `skills.md`, parsed.
    pub skills: Vec<SkillCategory>,
    /// `faq.md`, parsed.
    pub faq: Vec<FaqItem>,
    /// Static files, shared with the template functions.
    pub assets: Arc<Assets>,
    /// The words themes print, in the site's language with its own `[strings]` on top.
    pub strings: crate::strings::Strings,
    /// The pictures pages show, and their copies.
    pub images: Arc<Images>,
    /// Warnings found outside the bodies (errors stop `Site::new`); see [`Site::warnings`].
    other_warnings: Vec<Diagnostic>,
    /// Content files that could not be parsed (their own errors stop the build).
    pub unreadable: Vec<String>,
    /// Every output file, by path, with what makes it.
    pub outputs: Outputs,
    /// A hash of every page's place and every static file: while it stays the same, a page
    /// whose text is unchanged renders the same summary.
    pub fingerprint: u64,
    /// Index into `pages` by path inside `content/`.
    by_file: FxHashMap<String, usize>,
    /// Index into `pages` by kind and slug (the first, when two share one).
    by_slug: FxHashMap<(Kind, String), usize>,
}

struct Links<'a> {
    urls: FxHashMap<String, String>,
    assets: &'a Assets,
    images: &'a Images,
    base_path: &'a str,
    /// Code blocks highlighted in this build, by language and code: a block used on many pages
    /// (an embed snippet, a template) is highlighted once.
    highlighted: Mutex<Highlighted>,
}

/// Code blocks already highlighted, and how many bytes of code they hold.
#[derive(Default)]
struct Highlighted {
    blocks: FxHashMap<(String, String), Arc<str>>,
    code_bytes: usize,
}

/// Code highlighted once is kept up to this many bytes of code, so a site of many different
/// blocks never keeps them all.
const KEPT_CODE: usize = 4 * 1024 * 1024;

impl Resolver for Links<'_> {
    fn content_url(&self, path: &str) -> Option<String> {
        self.urls.get(path).cloned()
    }
    fn static_file_named_alike(&self, path: &str) -> Option<String> {
        let lower = path.to_lowercase();
        self.assets.iter().map(|(known, _)| known).find(|known| known.to_lowercase() == lower).cloned()
    }
    fn static_file(&self, path: &str) -> Option<StaticFile> {
        self.assets.contains(path).then(|| StaticFile {
            url: self.assets.url(path),
            size: self.assets.image_size(path),
            picture: self
                .images
                .show(self.assets, path, Role::Content)
                .map(|shown| shown.map(|shown| shown.picture(|copy| self.assets.url(copy)))),
        })
    }
    fn base_path(&self) -> &str {
        self.base_path
    }
    fn code_block(&self, code: &str, language: &str) -> String {
        let key = (language.to_string(), code.to_string());
        if let Some(html) = self.highlighted.lock().unwrap_or_else(|e| e.into_inner()).blocks.get(&key) {
            return html.to_string();
        }
        let html = crate::site::highlight::code_block(code, language);
        let mut kept = self.highlighted.lock().unwrap_or_else(|e| e.into_inner());
        if kept.code_bytes + code.len() <= KEPT_CODE {
            kept.code_bytes += code.len();
            kept.blocks.insert(key, Arc::from(html.as_str()));
        }
        html
    }
}

impl Site {
    /// Builds the site from loaded content. Returns every problem when any is an error.
    pub fn new(
        config: Config,
        content: Content,
        assets: Assets,
        options: SiteOptions,
    ) -> Result<Site, Vec<Diagnostic>> {
        Site::new_cached(config, content, assets, options, None)
    }

    /// Like [`Site::new`], reusing the rendered bodies in `cache` of files whose text has not
    /// changed, as long as the site's pages and static files are the same ones. Without a cache
    /// (a build, which loads once), each Markdown text is let go as soon as it is rendered.
    pub fn new_cached(
        config: Config,
        content: Content,
        assets: Assets,
        options: SiteOptions,
        mut cache: Option<&mut BodyCache>,
    ) -> Result<Site, Vec<Diagnostic>> {
        let base_path = config.base_path();
        let mut diagnostics = content.diagnostics;
        let mut documents: Vec<Arc<Document>> =
            content.documents.into_iter().filter(|d| options.drafts || !d.front.basics.draft).collect();
        let placed: Vec<(String, String)> = documents
            .iter()
            .map(|d| match cache.as_deref().and_then(|c| c.places.get(&d.rel)) {
                Some((hash, place)) if *hash == d.source.hash => place.clone(),
                _ => paths::place(d),
            })
            .collect();
        let mut urls: FxHashMap<String, String> = documents
            .iter()
            .zip(&placed)
            .filter(|(d, _)| d.kind.has_page())
            .map(|(d, (_, path))| (d.rel.clone(), crate::url::join(&base_path, path)))
            .collect();
        // a file that did not parse is reported once, not again by every link to it; the build
        // stops on its error, so the address given here is never published
        for rel in &content.unreadable {
            urls.entry(rel.clone()).or_insert_with(|| crate::url::join(&base_path, rel));
        }
        let fingerprint = links_fingerprint(&base_path, &documents, &placed, &assets);
        let links_fingerprint = fingerprint;
        if let Some(cache) = cache.as_deref_mut()
            && cache.fingerprint != fingerprint
        {
            // a page or static file came or went: any link or image may now resolve differently
            cache.bodies.clear();
            cache.fingerprint = fingerprint;
        }
        let images = Arc::clone(&options.images);
        let links =
            Links { urls, assets: &assets, images: &images, base_path: &base_path, highlighted: Mutex::default() };
        let known = cache.as_deref().map(|c| &c.bodies);
        let keep_text = cache.is_some();
        let bodies: Vec<(u64, Arc<Html>)> = documents
            .par_iter_mut()
            .map(|d| {
                let hash = d.source.hash;
                let body = match known.and_then(|bodies| bodies.get(&d.rel)) {
                    Some((old, body)) if *old == hash => Arc::clone(body),
                    _ => Arc::new(render_body(d, &links)),
                };
                // the FAQ and skills are read by structure later; any other text is done with
                if !keep_text
                    && !matches!(d.kind, Kind::Faq | Kind::Skills)
                    && let Some(doc) = Arc::get_mut(d)
                {
                    doc.source.forget_body();
                }
                (hash, body)
            })
            .collect();
        drop(links);
        let mut pages = Vec::with_capacity(documents.len());
        if let Some(cache) = cache.as_deref_mut() {
            cache.bodies.clear();
            cache.places.clear();
        }
        let mut body_errors = false;
        for ((doc, (slug, path)), (hash, body)) in documents.into_iter().zip(placed).zip(bodies) {
            // a body's warnings stay with it (the preview would otherwise copy thousands of them
            // after every edit); its errors stop the site, with every other problem
            if body.diagnostics.iter().any(Diagnostic::is_error) {
                body_errors = true;
            }
            if let Some(cache) = cache.as_deref_mut() {
                cache.bodies.insert(doc.rel.clone(), (hash, Arc::clone(&body)));
                cache.places.insert(doc.rel.clone(), (hash, (slug.clone(), path.clone())));
            }
            let title = doc
                .front
                .page
                .title
                .clone()
                .or_else(|| doc.front.testimonial().and_then(|t| t.author.clone()))
                .or_else(|| body.first_heading.clone())
                .unwrap_or_else(|| crate::content::slug::title(&slug));
            pages.push(Page { doc, slug, path, body, title });
        }
        let strings = crate::strings::Strings::new(&config.language, &config.strings);
        let mut site = Site {
            strings,
            config,
            base_path,
            services: indexes(&pages, Kind::Service),
            testimonials: indexes(&pages, Kind::Testimonial),
            work: indexes(&pages, Kind::CaseStudy),
            posts: indexes(&pages, Kind::Post),
            tags: Vec::new(),
            section_titles: HashMap::new(),
            post_position: HashMap::new(),
            skills: Vec::new(),
            faq: Vec::new(),
            pages,
            assets: Arc::new(assets),
            images,
            other_warnings: Vec::new(),
            unreadable: content.unreadable.clone(),
            outputs: Outputs::default(),
            fingerprint: links_fingerprint,
            by_file: FxHashMap::default(),
            by_slug: FxHashMap::default(),
        };
        for (i, page) in site.pages.iter().enumerate() {
            site.by_file.insert(page.doc.rel.clone(), i);
            site.by_slug.entry((page.doc.kind, page.slug.clone())).or_insert(i);
        }
        site.sort();
        site.post_position = site.posts.iter().enumerate().map(|(rank, &i)| (i, rank)).collect();
        site.section_titles = site
            .pages
            .iter()
            .filter(|p| p.doc.kind == Kind::Section)
            .map(|p| (p.path.clone(), p.title.clone()))
            .collect();
        site.tags = collect_tags(&site.pages, &site.posts);
        if site.tags.len() > crate::content::MAX_TAGS {
            diagnostics.push(
                Diagnostic::error(
                    "content/blog",
                    format!(
                        "the blog's posts have {} different tags; a site may have at most {}",
                        site.tags.len(),
                        crate::content::MAX_TAGS
                    ),
                )
                .help("use fewer, broader topics: each tag makes a page and a feed of its own"),
            );
        }
        site.read_skills_and_faq(&mut diagnostics);
        for page in &mut site.pages {
            // a file the preview keeps for the next rebuild is shared, and keeps its text
            if let Some(doc) = Arc::get_mut(&mut page.doc) {
                doc.source.forget_body();
            }
        }
        diagnostics.extend(site.check_references());
        diagnostics.extend(site.show_pictures());
        let (outputs, problems) = Outputs::of(&site);
        site.outputs = outputs;
        diagnostics.extend(problems);
        if body_errors || diagnostics.iter().any(Diagnostic::is_error) {
            diagnostics.extend(site.pages.iter().flat_map(|p| p.body.diagnostics.iter().cloned()));
            diagnostics.sort_by(|a, b| (a.severity, &a.file, a.line).cmp(&(b.severity, &b.file, b.line)));
            return Err(diagnostics);
        }
        site.other_warnings = diagnostics;
        Ok(site)
    }

    /// Notes every picture a page shows — in its text, her portrait, covers, clients' faces —
    /// so its copies are made, and says why one cannot be published, at the line that names it.
    /// A script in an SVG is said too: shown as a picture it never runs, but opened on its own it would.
    fn show_pictures(&self) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        for page in &self.pages {
            // a body kept from the last build did not ask again for the pictures it shows
            for path in &page.body.pictures {
                self.images.show(&self.assets, path, Role::Content);
            }
        }
        let mut show = |path: Option<&str>, role: Role, at: &dyn Fn(String) -> Diagnostic| {
            let Some(path) = path.filter(|p| !crate::url::is_external(p)) else { return };
            let rel = path.trim_start_matches('/');
            if role != Role::Portrait
                && let Some(missing) = crate::load::config::missing_file(path, &self.assets)
            {
                problems.push(at(format!("the image '{path}' does not exist")).help(missing.help("")));
                return;
            }
            if let Some(Err(refusal)) = self.images.show(&self.assets, rel, role) {
                let (message, help) = refusal.explain();
                problems.push(at(format!("static/{rel}: {message}")).help(help));
            }
            // a cover is also what a shared link to its page shows
            if role == Role::Cover {
                self.images.show(&self.assets, rel, Role::Preview);
            }
        };
        let config = &self.config;
        show(config.owner.photo.as_deref(), Role::Portrait, &|message| {
            config.error_at_setting("owner", "photo", crate::load::config::At::Value, message)
        });
        for page in &self.pages {
            let front = &page.doc.front;
            let source = TomlSource {
                file: &page.doc.file,
                file_text: &page.doc.source.text[..page.doc.source.front.end],
                offset: page.doc.source.front.start,
            };
            show(front.cover.cover.as_deref(), Role::Cover, &|message| source.error_at_key("cover", message));
            if let Some(testimonial) = front.testimonial() {
                show(testimonial.avatar.as_deref(), Role::Avatar, &|message| source.error_at_key("avatar", message));
                show(testimonial.logo.as_deref(), Role::Logo, &|message| source.error_at_key("logo", message));
            }
        }
        for (path, bytes) in self.assets.iter() {
            let svg = path.to_ascii_lowercase().ends_with(".svg");
            if svg
                && matches!(bytes, crate::load::assets::Bytes::Disk(..))
                && bytes.read().is_ok_and(|b| has_script(&b))
            {
                problems.push(
                    Diagnostic::warning(format!("static/{path}"), "this SVG holds a script")
                        .help("pages show it as a picture, where scripts never run, but a visitor opening the file itself would run it: save the SVG again without scripts"),
                );
            }
        }
        problems
    }

    /// Every warning, the site's own and those of the pages' bodies, by file and line.
    pub fn warnings(&self) -> Vec<&Diagnostic> {
        let mut all: Vec<&Diagnostic> =
            self.other_warnings.iter().chain(self.pages.iter().flat_map(|p| p.body.diagnostics.iter())).collect();
        all.sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
        all
    }

    /// How many warnings there are.
    pub fn warning_count(&self) -> usize {
        self.other_warnings.len() + self.pages.iter().map(|p| p.body.diagnostics.len()).sum::<usize>()
    }

    fn sort(&mut self) {
        let pages = &self.pages;
        self.services.sort_by(|&a, &b| {
            (pages[a].doc.front.basics.weight.unwrap_or(0), &pages[a].title)
                .cmp(&(pages[b].doc.front.basics.weight.unwrap_or(0), &pages[b].title))
        });
        self.testimonials.sort_by(|&a, &b| {
            let key = |i: usize| {
                (
                    pages[i].doc.front.basics.weight.unwrap_or(0),
                    std::cmp::Reverse(pages[i].doc.front.date()),
                    &pages[i].slug,
                )
            };
            key(a).cmp(&key(b))
        });
        let newest = |a: &usize, b: &usize| {
            (std::cmp::Reverse(pages[*a].doc.front.date()), &pages[*a].slug)
                .cmp(&(std::cmp::Reverse(pages[*b].doc.front.date()), &pages[*b].slug))
        };
        self.work.sort_by(newest);
        self.posts.sort_by(newest);
    }

    fn read_skills_and_faq(&mut self, diagnostics: &mut Vec<Diagnostic>) {
        for page in &self.pages {
            match page.doc.kind {
                Kind::Skills => {
                    let (categories, problems) =
                        skills::parse(&page.doc.file, page.doc.source.body(), page.doc.source.body_line());
                    self.skills = categories;
                    diagnostics.extend(problems);
                }
                Kind::Faq => {
                    let (items, problems) =
                        render_faq(page, self.page_urls(), &self.assets, &self.images, &self.base_path);
                    self.faq = items;
                    diagnostics.extend(problems);
                }
                _ => {}
            }
        }
    }

    fn page_urls(&self) -> FxHashMap<String, String> {
        let mut urls: FxHashMap<String, String> = self
            .pages
            .iter()
            .filter(|p| p.doc.kind.has_page())
            .map(|p| (p.doc.rel.clone(), self.url(&p.path)))
            .collect();
        for rel in &self.unreadable {
            urls.entry(rel.clone()).or_insert_with(|| self.url(rel));
        }
        urls
    }

    /// How many items each page of a list shows: the section's `paginate`, else site.toml's.
    pub fn per_page(&self, section: Option<usize>) -> usize {
        section.and_then(|i| self.pages[i].doc.front.list.paginate).unwrap_or(self.config.paginate).max(1) as usize
    }

    /// How many pages the list of `kind` has (only the blog is split into pages).
    pub fn list_pages(&self, kind: Kind, section: Option<usize>) -> usize {
        if kind != Kind::Post {
            return 1;
        }
        self.posts.len().div_ceil(self.per_page(section)).max(1)
    }

    /// The static files, to share with template functions.
    pub fn assets_shared(&self) -> Arc<Assets> {
        Arc::clone(&self.assets)
    }

    /// The URL of a site path, with the base path: `services/` → `/repo/services/`.
    pub fn url(&self, path: &str) -> String {
        crate::url::join(&self.base_path, path)
    }

    /// The link preview Shingle draws for page `index` and its output path: for a page without a
    /// cover, its title on the site's card (the home page's says what she does: her role, or the
    /// site's description).
    pub fn card_of(&self, index: usize) -> Option<(String, crate::images::card::Card)> {
        let page = &self.pages[index];
        if page.doc.front.cover.cover.is_some() || !page.doc.kind.has_page() {
            return None;
        }
        // the home page's card says what the hero says: her headline, else her role, else the
        // site's description
        let headline = match &page.doc.front.own {
            crate::content::front_matter::Own::Home(home) => home.headline.as_deref(),
            _ => None,
        };
        let role = self.config.owner.role.as_str();
        let title = match page.doc.kind {
            Kind::Home => [headline.unwrap_or(""), role, &self.config.description]
                .into_iter()
                .find(|text| !text.trim().is_empty())
                .unwrap_or(&page.title),
            _ => &page.title,
        };
        self.images.card(title)
    }

    /// The absolute URL of a site path.
    pub fn permalink(&self, path: &str) -> String {
        crate::url::join(&self.config.base_url, path)
    }

    /// The page of the content file `rel` (`about.md`), if it has a page.
    pub fn page_of(&self, rel: &str) -> Option<&Page> {
        let page = &self.pages[*self.by_file.get(rel)?];
        page.doc.kind.has_page().then_some(page)
    }

    /// The page with this kind and slug.
    pub fn find(&self, kind: Kind, slug: &str) -> Option<&Page> {
        self.by_slug.get(&(kind, slug.to_string())).map(|&i| &self.pages[i])
    }

    /// Testimonials that praise the service `slug`, in display order.
    pub fn testimonials_for(&self, slug: &str) -> Vec<usize> {
        self.testimonials
            .iter()
            .copied()
            .filter(|&i| self.pages[i].doc.front.services().iter().any(|s| s == slug))
            .collect()
    }

    fn check_references(&self) -> Vec<Diagnostic> {
        let mut problems = Vec::new();
        // a file that did not parse counts as there: its own error says what is wrong with it
        let unreadable: Vec<(Kind, String)> = self
            .unreadable
            .iter()
            .map(|rel| (Kind::of(rel), slugify(rel.rsplit('/').next().unwrap_or(rel).trim_end_matches(".md"))))
            .collect();
        let slugs = |kind: Kind| -> Vec<&str> {
            let parsed = self.pages.iter().filter(|p| p.doc.kind == kind).map(|p| p.slug.as_str());
            parsed.chain(unreadable.iter().filter(|(k, _)| *k == kind).map(|(_, slug)| slug.as_str())).collect()
        };
        let services = slugs(Kind::Service);
        let work = slugs(Kind::CaseStudy);
        let testimonials = slugs(Kind::Testimonial);
        for page in &self.pages {
            let front = &page.doc.front;
            let source = TomlSource {
                file: &page.doc.file,
                file_text: &page.doc.source.text[..page.doc.source.front.end],
                offset: page.doc.source.front.start,
            };
            let mut refer = |field: &str, slug: &str, known: &[&str], folder: &str| {
                if !known.contains(&slug) {
                    let mut help = format!("'{field}' uses file names without .md; ");
                    match crate::error::did_you_mean(slug, known.iter().copied()) {
                        Some(close) => help.push_str(&format!("did you mean '{close}'?")),
                        None if known.is_empty() => {
                            help.push_str(&format!("there are no files in content/{folder}/ yet"))
                        }
                        None => help.push_str(&format!("the ones that exist are: {}", known.join(", "))),
                    }
                    problems.push(
                        source
                            .error_at_key(
                                field,
                                format!("'{slug}' does not exist: there is no content/{folder}/{slug}.md"),
                            )
                            .help(help),
                    );
                }
            };
            match page.doc.kind {
                Kind::Testimonial => {
                    for slug in front.services() {
                        refer("services", slug, &services, "services");
                    }
                    if let Some(slug) = front.testimonial().and_then(|t| t.case_study.as_ref()) {
                        refer("case_study", slug, &work, "work");
                    }
                }
                Kind::CaseStudy => {
                    for slug in front.services() {
                        refer("services", slug, &services, "services");
                    }
                    if let Some(slug) = front.case_study().and_then(|c| c.testimonial.as_ref()) {
                        refer("testimonial", slug, &testimonials, "testimonials");
                    }
                }
                _ => {}
            }
        }
        problems
    }
}

impl Site {
    /// Markdown rendered as a body of this site is (links to its pages and files resolved),
    /// for the editor's preview of a body being written.
    pub fn preview(&self, file: &str, markdown: &str) -> Html {
        let links = Links {
            urls: self.page_urls(),
            assets: &self.assets,
            images: &self.images,
            base_path: &self.base_path,
            highlighted: Mutex::default(),
        };
        markdown::render(&Place { file, text: markdown, offset: 0 }, &links)
    }
}

fn render_body(doc: &Document, links: &Links) -> Html {
    if doc.kind == Kind::Faq || doc.kind == Kind::Skills {
        // their bodies are read by structure; only the text before the first question is prose
        let body = doc.source.body();
        let (intro_end, _) = faq::split(body);
        let text = &doc.source.text[..doc.source.body_start + intro_end];
        return markdown::render(&Place { file: &doc.file, text, offset: doc.source.body_start }, links);
    }
    markdown::render(&Place { file: &doc.file, text: &doc.source.text, offset: doc.source.body_start }, links)
}

/// Whether an SVG's text holds a script or an event handler (`onload=`).
fn has_script(svg: &[u8]) -> bool {
    let text = String::from_utf8_lossy(svg).to_ascii_lowercase();
    text.contains("<script")
        || text.match_indices(" on").any(|(at, _)| {
            let rest = &text[at + 3..];
            let name_end = rest.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(rest.len());
            name_end > 0 && rest[name_end..].trim_start().starts_with('=')
        })
        || text.contains("javascript:")
}

fn render_faq(
    page: &Page,
    urls: FxHashMap<String, String>,
    assets: &Assets,
    images: &Images,
    base_path: &str,
) -> (Vec<FaqItem>, Vec<Diagnostic>) {
    let links = Links { urls, assets, images, base_path, highlighted: Mutex::default() };
    let body = page.doc.source.body();
    let start = page.doc.source.body_start;
    let (_, questions) = faq::split(body);
    let mut used = HashMap::new();
    let services_prefix = crate::url::join(base_path, paths::list_folder(Kind::Service).unwrap_or_default());
    let mut problems = Vec::new();
    let items = questions
        .iter()
        .map(|q| {
            let text = &page.doc.source.text[..start + q.answer_end];
            let mut answer =
                markdown::render(&Place { file: &page.doc.file, text, offset: start + q.answer_start }, &links);
            let services = answer
                .links
                .iter()
                .filter_map(|l| l.url.strip_prefix(&services_prefix))
                .map(|s| s.trim_end_matches('/').split(['/', '#']).next().unwrap_or("").to_string())
                .filter(|s| !s.is_empty())
                .collect();
            let base = slugify(&q.question);
            let count: &mut usize = used.entry(base.clone()).or_default();
            *count += 1;
            let id = if *count == 1 { base } else { format!("{base}-{}", *count - 1) };
            problems.append(&mut answer.diagnostics);
            FaqItem { question: q.question.clone(), id, answer: answer.html, services, links: answer.links }
        })
        .collect();
    (items, problems)
}

fn indexes(pages: &[Page], kind: Kind) -> Vec<usize> {
    pages.iter().enumerate().filter(|(_, p)| p.doc.kind == kind).map(|(i, _)| i).collect()
}

fn collect_tags(pages: &[Page], posts: &[usize]) -> Vec<Tag> {
    let mut tags: BTreeMap<String, Tag> = BTreeMap::new();
    // a blog uses the same few tags again and again: each is made a slug once
    let mut slugs: FxHashMap<&str, String> = FxHashMap::default();
    for &i in posts {
        // a post past the bound is an error of its own; only its first tags count here
        for name in pages[i].doc.front.tags().iter().take(crate::content::MAX_TAGS_PER_POST) {
            let slug = slugs.entry(name).or_insert_with(|| slugify(name));
            if slug.is_empty() {
                continue;
            }
            let tag = tags.entry(slug.clone()).or_insert_with(|| Tag {
                name: name.clone(),
                slug: slug.clone(),
                posts: Vec::new(),
            });
            // posts come one at a time, so a post is already listed only if it was just now
            if tag.posts.last() != Some(&i) {
                tag.posts.push(i);
            }
        }
    }
    tags.into_values().collect()
}
