//! The table of output paths: every file a build makes, by its path below the output folder,
//! with what makes it — a page, page N of a list, a tag page, a feed, an alias, the 404 page, a
//! static file. This is the only module that spells an output path. Two things claiming one path
//! meet when the second is inserted, and the problem names both; which of a static file and a
//! file Shingle makes is published is decided here too (see docs/content.md, "Static files").

use std::collections::BTreeMap;

use super::Site;
use crate::content::slug::slugify;
use crate::content::{Document, Kind};
use crate::error::{Diagnostic, display_path};
use crate::load::assets::Bytes;
use crate::toml_error::TomlSource;

/// The page shown for addresses that do not exist.
pub const NOT_FOUND: &str = "404.html";
/// The sitemap.
pub const SITEMAP: &str = "sitemap.xml";
/// The rules for search engines.
pub const ROBOTS: &str = "robots.txt";
/// Tells GitHub Pages to publish the folder as it is.
pub const NOJEKYLL: &str = ".nojekyll";
/// The custom domain, for GitHub Pages.
pub const CNAME: &str = "CNAME";
/// Redirects for Netlify and Cloudflare Pages.
pub const REDIRECTS: &str = "_redirects";
/// The folder of the tag pages.
pub const TAGS: &str = "tags/";

/// What makes one output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A content file with a page of its own (index into `Site::pages`).
    Page(usize),
    /// Page `number` of the list of a folder: `kind` is Service, CaseStudy or Post for the three
    /// lists Shingle makes, Section for another folder's `_index.md`.
    List {
        /// What the list holds.
        kind: Kind,
        /// The folder's `_index.md`, if it has one.
        section: Option<usize>,
        /// The folder's path: `blog/`.
        folder: String,
        /// 1 for the first page.
        number: usize,
    },
    /// The list of tags.
    Tags,
    /// Page `number` of one tag's posts (index into `Site::tags`).
    Tag {
        /// The tag.
        tag: usize,
        /// 1 for the first page.
        number: usize,
    },
    /// The 404 page.
    NotFound,
    /// The Atom feed of the blog, or of one tag.
    Feed {
        /// The tag, for a tag's feed.
        tag: Option<usize>,
    },
    /// `sitemap.xml`.
    Sitemap,
    /// `robots.txt`.
    Robots,
    /// `.nojekyll`.
    NoJekyll,
    /// `CNAME`.
    Cname,
    /// `_redirects`, after the site's own `static/_redirects` when it has one.
    Redirects {
        /// The site's own file, published first.
        own: Option<String>,
    },
    /// A page that sends visitors from an old address (`from`) to `page`.
    Alias {
        /// The page it leads to.
        page: usize,
        /// The old address as written.
        from: String,
    },
    /// A static file of the theme or the site (its path among the assets).
    Static(String),
    /// A picture of the site, published upright and without metadata at its own address, or one
    /// of its smaller copies: made from `source` (its path among the assets) at `size`.
    Picture {
        /// The picture it is made from.
        source: String,
        /// Its width, height and format.
        size: crate::images::process::Size,
    },
    /// The link preview Shingle draws for a page without a cover.
    Card(crate::images::card::Card),
}

impl Origin {
    /// Whether the file is rendered through the theme's templates.
    pub fn is_template(&self) -> bool {
        matches!(self, Origin::Page(_) | Origin::List { .. } | Origin::Tags | Origin::Tag { .. } | Origin::NotFound)
    }
}

/// The folder of the list Shingle makes for a kind: `services/`, `testimonials/`, `work/`, `blog/`.
pub fn list_folder(kind: Kind) -> Option<&'static str> {
    match kind {
        Kind::Service => Some("services/"),
        Kind::Testimonial => Some("testimonials/"),
        Kind::CaseStudy => Some("work/"),
        Kind::Post => Some("blog/"),
        _ => None,
    }
}

/// The kind whose list lives in `folder`, `Section` for any other folder.
pub fn list_kind(folder: &str) -> Kind {
    [Kind::Service, Kind::Testimonial, Kind::CaseStudy, Kind::Post]
        .into_iter()
        .find(|k| list_folder(*k) == Some(folder))
        .unwrap_or(Kind::Section)
}

/// The file of a page at the URL path `folder` (`about/`, or `` for the home page).
pub fn index(folder: &str) -> String {
    format!("{folder}index.html")
}

/// The URL path of page `number` of a list in `folder`: `blog/`, `blog/page/2/`.
pub fn numbered(folder: &str, number: usize) -> String {
    if number == 1 { folder.to_string() } else { format!("{folder}page/{number}/") }
}

/// The URL path of a tag's page.
pub fn tag_folder(slug: &str) -> String {
    format!("{TAGS}{slug}/")
}

/// The Atom feed of the blog (`None`) or of a tag.
pub fn feed(tag_slug: Option<&str>) -> String {
    match tag_slug {
        Some(slug) => format!("{}atom.xml", tag_folder(slug)),
        None => format!("{}atom.xml", list_folder(Kind::Post).unwrap_or_default()),
    }
}

/// The file an alias becomes: an old address ending in `.html` is that file, any other a folder.
pub fn alias_file(from: &str) -> String {
    let from = from.trim_matches('/');
    if from.ends_with(".html") { from.to_string() } else { index(&format!("{from}/")) }
}

/// The old address as a URL path below the site, for `_redirects`: `old/` or `old.html`.
pub fn alias_path(from: &str) -> String {
    let from = from.trim_matches('/');
    if from.ends_with(".html") { from.to_string() } else { format!("{from}/") }
}

/// A content file's slug and URL path: `services/inbox.md` → (`inbox`, `services/inbox/`); the
/// home page's path is empty, a folder's `_index.md` is its folder, and a testimonial has none.
pub fn place(doc: &Document) -> (String, String) {
    let (folder, name) = doc.rel.rsplit_once('/').unwrap_or(("", doc.rel.as_str()));
    let folder_path: String = folder.split('/').filter(|s| !s.is_empty()).map(|s| format!("{}/", slugify(s))).collect();
    let stem = name.strip_suffix(".md").unwrap_or(name);
    let slug = match &doc.front.address.slug {
        Some(slug) => slugify(slug),
        None if doc.kind == Kind::Section => folder.rsplit('/').next().map(slugify).unwrap_or_default(),
        None => slugify(stem),
    };
    let slug = if slug.is_empty() { "page".to_string() } else { slug };
    let path = match doc.kind {
        Kind::Home => String::new(),
        Kind::Section => folder_path,
        Kind::Testimonial => String::new(),
        _ => format!("{folder_path}{slug}/"),
    };
    (slug, path)
}

/// Every output file of a site, by path.
#[derive(Debug, Default)]
pub struct Outputs {
    files: BTreeMap<String, Origin>,
}

impl Outputs {
    /// What makes the file at `path`, if the site has one there.
    pub fn get(&self, path: &str) -> Option<&Origin> {
        self.files.get(path)
    }

    /// Whether the site has a file at `path`.
    pub fn contains(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    /// Every file, in path order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Origin)> {
        self.files.iter()
    }

    /// How many files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The table of `site`, and the problems found making it.
    pub fn of(site: &Site) -> (Outputs, Vec<Diagnostic>) {
        let mut table = Table { site, outputs: Outputs::default(), problems: Vec::new() };
        table.generated();
        table.pages();
        table.aliases();
        table.statics();
        table.pictures();
        table.cards();
        (table.outputs, table.problems)
    }
}

/// The table while it is being made.
struct Table<'a> {
    site: &'a Site,
    outputs: Outputs,
    problems: Vec<Diagnostic>,
}

impl Table<'_> {
    /// Inserts `origin` at `path`, or returns what is there already.
    fn claim(&mut self, path: String, origin: Origin) -> Result<(), Origin> {
        match self.outputs.files.get(&path) {
            Some(taken) => Err(taken.clone()),
            None => {
                self.outputs.files.insert(path, origin);
                Ok(())
            }
        }
    }

    /// The lists, tag pages, feeds and the other files Shingle makes itself: first, so a content
    /// file or alias at one of their addresses is the one reported.
    fn generated(&mut self) {
        let site = self.site;
        for name in [NOT_FOUND, SITEMAP, ROBOTS, NOJEKYLL] {
            let origin = match name {
                NOT_FOUND => Origin::NotFound,
                SITEMAP => Origin::Sitemap,
                ROBOTS => Origin::Robots,
                _ => Origin::NoJekyll,
            };
            let _ = self.claim(name.to_string(), origin);
        }
        let _ = self.claim(feed(None), Origin::Feed { tag: None });
        if site.config.domain.is_some() {
            let _ = self.claim(CNAME.to_string(), Origin::Cname);
        }
        if site.pages.iter().any(|p| !p.doc.front.page.aliases.is_empty()) {
            let _ = self.claim(REDIRECTS.to_string(), Origin::Redirects { own: None });
        }
        for (i, page) in site.pages.iter().enumerate().filter(|(_, p)| p.doc.kind == Kind::Section) {
            let kind = list_kind(&page.path);
            for number in 1..=site.list_pages(kind, Some(i)) {
                let folder = page.path.clone();
                let _ = self
                    .claim(index(&numbered(&folder, number)), Origin::List { kind, section: Some(i), folder, number });
            }
        }
        for (kind, members) in [
            (Kind::Service, &site.services),
            (Kind::Testimonial, &site.testimonials),
            (Kind::CaseStudy, &site.work),
            (Kind::Post, &site.posts),
        ] {
            let Some(folder) = list_folder(kind) else { continue };
            if members.is_empty() || self.outputs.contains(&index(folder)) {
                continue;
            }
            for number in 1..=site.list_pages(kind, None) {
                let list = Origin::List { kind, section: None, folder: folder.to_string(), number };
                let _ = self.claim(index(&numbered(folder, number)), list);
            }
        }
        if !site.tags.is_empty() {
            let _ = self.claim(index(TAGS), Origin::Tags);
        }
        for (i, tag) in site.tags.iter().enumerate() {
            let pages = tag.posts.len().div_ceil(site.config.paginate.max(1) as usize).max(1);
            for number in 1..=pages {
                let _ = self.claim(index(&numbered(&tag_folder(&tag.slug), number)), Origin::Tag { tag: i, number });
            }
            let _ = self.claim(feed(Some(&tag.slug)), Origin::Feed { tag: Some(i) });
        }
    }

    /// Every content file with a page of its own.
    fn pages(&mut self) {
        let site = self.site;
        for (i, page) in site.pages.iter().enumerate() {
            let kind = page.doc.kind;
            if !kind.has_page() {
                continue;
            }
            if let Some((part, problem)) =
                page.path.split('/').find_map(|part| crate::context::file_name(part).err().map(|p| (part, p)))
            {
                let fix = if part == page.slug {
                    "give the page another address with slug = \"…\" in its front matter".to_string()
                } else {
                    format!("rename the folder '{part}'")
                };
                let message = format!(
                    "this page's address /{} cannot be written as files: '{part}' {}",
                    page.path,
                    problem.reason()
                );
                self.problems.push(Diagnostic::error(&page.doc.file, message).help(fix));
                continue;
            }
            if kind == Kind::Section {
                // claimed as a list with the other generated files
                continue;
            }
            let Err(taken) = self.claim(index(&page.path), Origin::Page(i)) else { continue };
            let problem = match &taken {
                Origin::Page(other) | Origin::List { section: Some(other), .. } => Diagnostic::error(
                    &page.doc.file,
                    format!("this file and {} would both be the page /{}", site.pages[*other].doc.file, page.path),
                )
                .help("rename one of them, or give one a different slug = \"…\" in its front matter"),
                Origin::List { section: None, folder, .. } => Diagnostic::error(
                    &page.doc.file,
                    format!("this file would be the page /{}, which is already {}", page.path, self.describe(&taken)),
                )
                .help(format!(
                    "to give that list a title and an introduction, move this file to content/{folder}_index.md; otherwise rename it"
                )),
                other => Diagnostic::error(
                    &page.doc.file,
                    format!("this file would be the page /{}, which is already {}", page.path, self.describe(other)),
                )
                .help("rename the file, or give it a different slug = \"…\" in its front matter"),
            };
            self.problems.push(problem);
        }
    }

    /// The old addresses pages keep (`aliases`).
    fn aliases(&mut self) {
        let site = self.site;
        for (i, page) in site.pages.iter().enumerate() {
            let doc = &page.doc;
            let source = TomlSource {
                file: &doc.file,
                file_text: &doc.source.text[..doc.source.front.end],
                offset: doc.source.front.start,
            };
            for alias in &doc.front.page.aliases {
                let from = alias.trim_matches('/');
                let bad = |s: &str| s.is_empty() || s == "." || s == ".." || s.contains(['\\', ':', '\0', '?', '#']);
                let unholdable = from.split('/').any(|s| crate::context::file_name(s).is_err());
                if from.is_empty() || from.split('/').any(bad) || unholdable {
                    self.problems.push(
                        source
                            .error_at_key("aliases", format!("the alias '{alias}' is not an address on this site"))
                            .help(
                                "write an old address of this page as a path, for example: aliases = [\"/old-page/\"]",
                            ),
                    );
                    continue;
                }
                let origin = Origin::Alias { page: i, from: alias.clone() };
                if let Err(taken) = self.claim(alias_file(from), origin) {
                    let owner = self.describe(&taken);
                    self.problems.push(
                        source
                            .error_at_key("aliases", format!("the alias '{alias}' is already {owner}"))
                            .help("remove it from aliases, or use an address that nothing else has"),
                    );
                }
            }
        }
    }

    /// The static files of the theme and the site. A file Shingle makes wins over a static file
    /// of the same path, except `robots.txt` and `CNAME`, where the site's own is published
    /// instead; the site's own `_redirects` is published with Shingle's redirects after it.
    fn statics(&mut self) {
        let site = self.site;
        for (path, bytes) in site.assets.iter() {
            match site.images.probe(&site.assets, path) {
                // published with its copies, below
                Some(Ok(_)) => continue,
                Some(Err(refusal)) if !site.images.is_shown(path) => {
                    let (message, _) = refusal.explain();
                    self.problems.push(
                        Diagnostic::warning(format!("static/{path}"), format!("{message}; it is published as it is"))
                            .help("no page shows it; fix or remove it before a page does"),
                    );
                }
                // a page shows it: that page's error says why it cannot be published
                _ => {}
            }
            let shown = match bytes {
                Bytes::Disk(file, _) => display_path(&site.config.root, file),
                Bytes::Builtin(_) => format!("the theme's static/{path}"),
                Bytes::Generated(_) => path.clone(),
            };
            let own = matches!(bytes, Bytes::Disk(file, _) if file.starts_with(site.config.root.join("static")));
            if let Some((part, problem)) =
                path.split('/').find_map(|p| crate::context::file_name(p).err().map(|e| (p, e)))
            {
                self.problems.push(
                    Diagnostic::error(&shown, format!("this file cannot be published: '{part}' {}", problem.reason()))
                        .help("rename it"),
                );
                continue;
            }
            let Err(taken) = self.claim(path.clone(), Origin::Static(path.clone())) else { continue };
            match taken {
                Origin::Robots | Origin::Cname if own => {
                    self.outputs.files.insert(path.clone(), Origin::Static(path.clone()));
                    let help = if taken == Origin::Robots {
                        format!(
                            "keep a line 'Sitemap: {}' in it, so search engines find every page",
                            site.permalink(SITEMAP)
                        )
                    } else {
                        "or remove it and set domain in site.toml, which Shingle writes to CNAME".to_string()
                    };
                    self.problems.push(
                        Diagnostic::warning(
                            &shown,
                            format!("{shown} is published instead of the {path} Shingle would write"),
                        )
                        .help(help),
                    );
                }
                Origin::Redirects { .. } => {
                    self.outputs.files.insert(path.clone(), Origin::Redirects { own: Some(path.clone()) });
                }
                Origin::NoJekyll => {}
                other => {
                    let what = self.describe(&other);
                    self.problems.push(
                        Diagnostic::warning(
                            &shown,
                            format!("{shown} is not published: Shingle makes /{path} itself ({what})"),
                        )
                        .help("rename or remove the file"),
                    );
                }
            }
        }
    }

    /// The link-preview card of each page without a cover (pages of the same title share one).
    fn cards(&mut self) {
        let site = self.site;
        for index in 0..site.pages.len() {
            let Some((path, card)) = site.card_of(index) else { continue };
            let origin = Origin::Card(card);
            if let Err(taken) = self.claim(path, origin.clone())
                && taken != origin
            {
                self.problems.push(Diagnostic::error(
                    &site.pages[index].doc.file,
                    format!("this page's link preview would be {}", self.describe(&taken)),
                ));
            }
        }
    }

    /// Each picture of the site at its own address, and the copies pages show.
    fn pictures(&mut self) {
        let site = self.site;
        for (path, copy, source) in site.images.outputs(&site.assets) {
            let origin = Origin::Picture { source: source.clone(), size: copy.size };
            if let Err(taken) = self.claim(path.clone(), origin) {
                let owner = self.describe(&taken);
                self.problems.push(
                    Diagnostic::error(
                        format!("static/{source}"),
                        format!("a copy of this picture would be /{path}, which is already {owner}"),
                    )
                    .help("rename one of the two files"),
                );
            }
        }
    }

    /// What makes a file, in words: "the list of content/services/".
    fn describe(&self, origin: &Origin) -> String {
        let site = self.site;
        match origin {
            Origin::Page(i) => format!("the page of {}", site.pages[*i].doc.file),
            Origin::List { section: Some(i), .. } => format!("the page of {}", site.pages[*i].doc.file),
            Origin::List { folder, .. } => format!("the list of content/{folder}"),
            Origin::Tags => "the list of tags".to_string(),
            Origin::Tag { tag, .. } => format!("the page of the tag '{}'", site.tags[*tag].name),
            Origin::NotFound => "the page shown for addresses that do not exist".to_string(),
            Origin::Feed { tag: None } => "the blog's feed".to_string(),
            Origin::Feed { tag: Some(tag) } => format!("the feed of the tag '{}'", site.tags[*tag].name),
            Origin::Sitemap => "the sitemap".to_string(),
            Origin::Robots => "the rules for search engines".to_string(),
            Origin::NoJekyll => "the note that tells GitHub Pages to publish the site as it is".to_string(),
            Origin::Cname => "the custom domain from site.toml".to_string(),
            Origin::Redirects { .. } => "the list of redirects".to_string(),
            Origin::Alias { page, .. } => format!("an alias in {}", site.pages[*page].doc.file),
            Origin::Static(path) => format!("the file static/{path}"),
            Origin::Picture { source, size } => {
                format!("a {}-pixel copy of static/{source}", size.width)
            }
            Origin::Card(card) => format!("the link preview of '{}'", card.title),
        }
    }
}
