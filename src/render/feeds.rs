//! Files made from the site rather than from templates: the Atom feeds (the blog and each
//! tag), `sitemap.xml`, `robots.txt`, `.nojekyll`, `CNAME`, alias redirect pages and the
//! `_redirects` file for Netlify and Cloudflare Pages. Written by hand so they are always valid.

use crate::content::Kind;
use crate::context;
use crate::render::Mode;
use crate::site::Site;
use crate::site::paths::{self, Origin};

/// Entries in a feed: enough for readers, small enough to fetch often.
const FEED_ENTRIES: usize = 20;

/// The bytes of a file Shingle makes without templates (`origin` is one of those).
pub fn file(site: &Site, mode: Mode, origin: &Origin) -> Vec<u8> {
    let text = match origin {
        Origin::Feed { tag } => atom(site, *tag),
        Origin::Sitemap => sitemap(site),
        Origin::Robots => robots(site, mode),
        Origin::Cname => format!("{}\n", site.config.domain.as_deref().unwrap_or_default().trim()),
        Origin::Redirects { own } => redirects(site, own.as_deref()),
        Origin::Alias { page, .. } => redirect_page(site, &site.permalink(&site.pages[*page].path)),
        _ => String::new(),
    };
    text.into_bytes()
}

fn robots(site: &Site, mode: Mode) -> String {
    let rule = if mode == Mode::Serve { "Disallow: /" } else { "Allow: /" };
    format!("User-agent: *\n{rule}\n\nSitemap: {}\n", site.permalink(paths::SITEMAP))
}

/// `_redirects`: the site's own lines first (read with the static files), then a line for each alias.
fn redirects(site: &Site, own: Option<&str>) -> String {
    let mut text = String::new();
    if let Some(bytes) = own.and_then(|path| site.assets.text(path)) {
        text.push_str(&bytes);
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
    }
    for (_, origin) in site.outputs.iter() {
        if let Origin::Alias { page, from } = origin {
            let old = context::redirect_field(&site.url(&paths::alias_path(from)));
            text.push_str(&format!("{old} {} 301\n", context::redirect_field(&site.url(&site.pages[*page].path))));
        }
    }
    text
}

fn redirect_page(site: &Site, target: &str) -> String {
    let target = context::html(target);
    format!(
        "<!doctype html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>This page has moved</title>\n<link rel=\"canonical\" href=\"{target}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n<body>\n<p>This page has moved to <a href=\"{target}\">{target}</a>.</p>\n</body>\n</html>\n",
        context::html(&site.config.language)
    )
}

/// The sitemap: every public page of the table (first pages of lists, no aliases, no 404), with
/// its last change when known.
fn sitemap(site: &Site) -> String {
    let newest = |indexes: &[usize]| {
        indexes.iter().filter_map(|&i| site.pages[i].doc.front.updated().or(site.pages[i].doc.front.date())).max()
    };
    let mut entries: Vec<(String, Option<String>)> = Vec::new();
    for (_, origin) in site.outputs.iter() {
        let entry = match origin {
            Origin::Page(i) => {
                let page = &site.pages[*i];
                if page.doc.front.basics.draft {
                    continue;
                }
                (page.path.clone(), page.doc.front.updated().or(page.doc.front.date()))
            }
            Origin::List { kind, section, folder, number: 1 } => {
                if section.is_some_and(|i| site.pages[i].doc.front.basics.draft) {
                    continue;
                }
                let own = section.and_then(|i| site.pages[i].doc.front.updated().or(site.pages[i].doc.front.date()));
                let members = match kind {
                    Kind::Service => newest(&site.services),
                    Kind::CaseStudy => newest(&site.work),
                    Kind::Post => newest(&site.posts),
                    _ => None,
                };
                (folder.clone(), own.or(members))
            }
            Origin::Tags => (paths::TAGS.to_string(), None),
            Origin::Tag { tag, number: 1 } => {
                let tag = &site.tags[*tag];
                (paths::tag_folder(&tag.slug), newest(&tag.posts))
            }
            _ => continue,
        };
        entries.push((entry.0, entry.1.map(|d| d.iso())));
    }
    entries.sort();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (path, lastmod) in entries {
        xml.push_str(&format!("  <url>\n    <loc>{}</loc>\n", context::xml(&site.permalink(&path))));
        if let Some(lastmod) = lastmod {
            xml.push_str(&format!("    <lastmod>{lastmod}</lastmod>\n"));
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// The Atom feed of the blog, or of one tag.
fn atom(site: &Site, tag: Option<usize>) -> String {
    let config = &site.config;
    let (posts, title, self_path, html_path) = match tag {
        Some(i) => {
            let tag = &site.tags[i];
            (
                tag.posts.as_slice(),
                format!("{} — posts tagged {}", config.title, tag.name),
                paths::feed(Some(&tag.slug)),
                paths::tag_folder(&tag.slug),
            )
        }
        None => (
            site.posts.as_slice(),
            format!("{} — Blog", config.title),
            paths::feed(None),
            paths::list_folder(Kind::Post).unwrap_or_default().to_string(),
        ),
    };
    let updated = posts
        .iter()
        .filter_map(|&i| site.pages[i].doc.front.updated().or(site.pages[i].doc.front.date()))
        .max()
        .map(|d| d.rfc3339())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
    let author = if config.owner.name.is_empty() { &config.title } else { &config.owner.name };
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n",
        context::xml(&config.language),
        context::xml(&title)
    );
    if !config.description.is_empty() {
        xml.push_str(&format!("  <subtitle>{}</subtitle>\n", context::xml(&config.description)));
    }
    xml.push_str(&format!(
        "  <link href=\"{}\" rel=\"self\" type=\"application/atom+xml\"/>\n  <link href=\"{}\" rel=\"alternate\" type=\"text/html\"/>\n  <id>{}</id>\n  <updated>{updated}</updated>\n  <author><name>{}</name></author>\n  <generator>Shingle</generator>\n",
        context::xml(&site.permalink(&self_path)),
        context::xml(&site.permalink(&html_path)),
        context::xml(&site.permalink(&self_path)),
        context::xml(author),
    ));
    for &i in posts.iter().take(FEED_ENTRIES) {
        let page = &site.pages[i];
        if page.doc.kind != Kind::Post {
            continue;
        }
        let link = site.permalink(&page.path);
        let published = page.doc.front.date().map(|d| d.rfc3339()).unwrap_or_else(|| updated.clone());
        let changed = page.doc.front.updated().map(|d| d.rfc3339()).unwrap_or_else(|| published.clone());
        xml.push_str(&format!(
            "  <entry>\n    <title>{}</title>\n    <link href=\"{}\" rel=\"alternate\" type=\"text/html\"/>\n    <id>{}</id>\n    <published>{published}</published>\n    <updated>{changed}</updated>\n",
            context::xml(&page.title),
            context::xml(&link),
            context::xml(&link)
        ));
        for name in page.doc.front.tags() {
            xml.push_str(&format!("    <category term=\"{}\"/>\n", context::xml(name)));
        }
        let summary = site.post_summary(page).summary;
        if !summary.is_empty() {
            xml.push_str(&format!("    <summary type=\"html\">{}</summary>\n", context::xml(&summary)));
        }
        xml.push_str(&format!("    <content type=\"html\">{}</content>\n  </entry>\n", context::xml(&page.body.html)));
    }
    xml.push_str("</feed>\n");
    xml
}
