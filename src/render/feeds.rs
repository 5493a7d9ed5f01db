//! Files made from the site rather than from templates: the Atom feeds (the blog and each
//! tag), `sitemap.xml`, `robots.txt`, `.nojekyll`, `CNAME`, alias redirect pages and the
//! `_redirects` file for Netlify and Cloudflare Pages. Written by hand so they are always valid.

use crate::content::Kind;
use crate::context;
use crate::render::{Mode, OutputFile};
use crate::site::Site;

/// Entries in a feed: enough for readers, small enough to fetch often.
const FEED_ENTRIES: usize = 20;

/// Every generated file.
pub fn generated(site: &Site, mode: Mode) -> Vec<OutputFile> {
    let mut files = vec![
        file("blog/atom.xml", atom(site, None)),
        file("sitemap.xml", sitemap(site)),
        file("robots.txt", robots(site, mode)),
        file(".nojekyll", String::new()),
    ];
    for (i, tag) in site.tags.iter().enumerate() {
        files.push(file(&format!("tags/{}/atom.xml", tag.slug), atom(site, Some(i))));
    }
    if let Some(domain) = &site.config.domain {
        files.push(file("CNAME", format!("{}\n", domain.trim())));
    }
    let mut redirects = String::new();
    for page in &site.pages {
        for alias in &page.doc.front.page.aliases {
            let from = alias.trim_matches('/');
            if from.is_empty() || from.split('/').any(|s| s == ".." || s == ".") {
                continue;
            }
            let target = site.permalink(&page.path);
            let path = if from.ends_with(".html") { from.to_string() } else { format!("{from}/index.html") };
            files.push(file(&path, redirect_page(site, &target)));
            let slash = if from.ends_with(".html") { "" } else { "/" };
            let old = context::redirect_field(&format!("{}{from}{slash}", site.base_path));
            redirects.push_str(&format!("{old} {} 301\n", context::redirect_field(&site.url(&page.path))));
        }
    }
    if !redirects.is_empty() {
        files.push(file("_redirects", redirects));
    }
    files
}

fn file(path: &str, text: String) -> OutputFile {
    OutputFile { path: path.to_string(), bytes: text.into_bytes() }
}

fn robots(site: &Site, mode: Mode) -> String {
    let rule = if mode == Mode::Serve { "Disallow: /" } else { "Allow: /" };
    format!("User-agent: *\n{rule}\n\nSitemap: {}\n", site.permalink("sitemap.xml"))
}

fn redirect_page(site: &Site, target: &str) -> String {
    let target = context::html(target);
    format!(
        "<!doctype html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>This page has moved</title>\n<link rel=\"canonical\" href=\"{target}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n</head>\n<body>\n<p>This page has moved to <a href=\"{target}\">{target}</a>.</p>\n</body>\n</html>\n",
        context::html(&site.config.language)
    )
}

/// The sitemap: every public page, with its last change when known.
fn sitemap(site: &Site) -> String {
    let mut entries: Vec<(String, Option<String>)> = Vec::new();
    for page in &site.pages {
        if page.doc.kind.has_page() && !page.doc.front.basics.draft {
            entries.push((page.path.clone(), page.doc.front.updated().or(page.doc.front.date()).map(|d| d.iso())));
        }
    }
    let newest = |indexes: &[usize]| {
        indexes.iter().filter_map(|&i| site.pages[i].doc.front.updated().or(site.pages[i].doc.front.date())).max()
    };
    for (folder, list, present) in [
        ("services/", &site.services, !site.services.is_empty()),
        ("work/", &site.work, !site.work.is_empty()),
        ("blog/", &site.posts, !site.posts.is_empty()),
    ] {
        if present && !entries.iter().any(|(p, _)| p == folder) {
            entries.push((folder.to_string(), newest(list).map(|d| d.iso())));
        } else if let Some(entry) = entries.iter_mut().find(|(p, _)| p == folder) {
            entry.1 = entry.1.clone().or(newest(list).map(|d| d.iso()));
        }
    }
    if !site.tags.is_empty() {
        entries.push(("tags/".to_string(), None));
    }
    for tag in &site.tags {
        entries.push((format!("tags/{}/", tag.slug), newest(&tag.posts).map(|d| d.iso())));
    }
    entries.sort();
    entries.dedup_by(|a, b| a.0 == b.0);
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
                format!("tags/{}/atom.xml", tag.slug),
                format!("tags/{}/", tag.slug),
            )
        }
        None => (
            site.posts.as_slice(),
            format!("{} — Blog", config.title),
            "blog/atom.xml".to_string(),
            "blog/".to_string(),
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
