//! The table of output paths: one site with every kind of output (pages, the three lists and a
//! folder's own list, a blog split into pages, tags and their pages and feeds, aliases, the 404
//! page, the sitemap, robots.txt, CNAME, `_redirects`, static files of the theme and the site,
//! hidden ones, and static files at addresses Shingle fills itself — bad-inputs row 47), and what
//! makes each file.

mod common;

use common::SiteTest;
use shingle::load::{LoaderOptions, load};
use shingle::site::paths::Origin;

/// The basic fixture with a paginated blog, a custom domain, a folder with its own list page,
/// an alias, and static files that meet the files Shingle makes.
fn every_kind_of_output() -> SiteTest {
    let site = SiteTest::fixture("basic");
    let toml = std::fs::read_to_string(site.root().join("site.toml")).expect("site.toml");
    site.file("site.toml", &toml.replace("description =", "paginate = 1\ndomain = \"fernhill.example\"\ndescription ="))
        .file("content/notes/_index.md", "+++\ntitle = \"Notes\"\n+++\nShort notes.\n")
        .file("content/notes/first.md", "+++\ntitle = \"First note\"\naliases = [\"/old-note.html\"]\n+++\nA note.\n")
        .file("static/robots.txt", "User-agent: *\nAllow: /\n")
        .file("static/_redirects", "/old-shop https://shop.example 302\n")
        .file("static/sitemap.xml", "<urlset/>")
        .file("static/.well-known/security.txt", "Contact: mailto:ada@fernhill.example\n")
        .file("static/.env", "SECRET=1\n")
        .file("static/.DS_Store", "junk")
}

/// Each file of the table in a word or two: `page content/about.md`, `list blog/ 2`.
fn describe(site: &shingle::site::Site, origin: &Origin) -> String {
    match origin {
        Origin::Page(i) => format!("page {}", site.pages[*i].doc.file),
        Origin::List { section: Some(i), number, .. } => format!("list of {} {number}", site.pages[*i].doc.file),
        Origin::List { folder, number, .. } => format!("list {folder} {number}"),
        Origin::Tags => "tags".into(),
        Origin::Tag { tag, number } => format!("tag {} {number}", site.tags[*tag].slug),
        Origin::NotFound => "404".into(),
        Origin::Feed { tag: None } => "blog feed".into(),
        Origin::Feed { tag: Some(tag) } => format!("feed of {}", site.tags[*tag].slug),
        Origin::Sitemap => "sitemap".into(),
        Origin::Robots => "robots".into(),
        Origin::NoJekyll => "nojekyll".into(),
        Origin::Cname => "cname".into(),
        Origin::Redirects { own } => format!("redirects after {own:?}"),
        Origin::Alias { page, from } => format!("alias {from} to {}", site.pages[*page].doc.file),
        Origin::Static(path) => format!("static {path}"),
        Origin::Picture { source, size } => format!("picture {source} {size:?}"),
    }
}

#[test]
fn the_table_holds_every_output_file_and_what_makes_it() {
    let test = every_kind_of_output();
    let loaded = load(test.root(), LoaderOptions::default()).expect("loads");
    let site = &loaded.site;
    let table: Vec<String> =
        site.outputs.iter().map(|(path, origin)| format!("{path}: {}", describe(site, origin))).collect();
    let expected = [
        ".nojekyll: nojekyll",
        ".well-known/security.txt: static .well-known/security.txt",
        "404.html: 404",
        "CNAME: cname",
        "_redirects: redirects after Some(\"_redirects\")",
        "about/index.html: page content/about.md",
        "blog/atom.xml: blog feed",
        "blog/first/index.html: page content/blog/first.md",
        "blog/index.html: list blog/ 1",
        "blog/page/2/index.html: list blog/ 2",
        "blog/second/index.html: page content/blog/second.md",
        "faq/index.html: page content/faq.md",
        "images/desk.svg: static images/desk.svg",
        "index.html: page content/_index.md",
        "notes/first/index.html: page content/notes/first.md",
        "notes/index.html: list of content/notes/_index.md 1",
        "old-inbox/index.html: alias /old-inbox/ to content/services/inbox.md",
        "old-note.html: alias /old-note.html to content/notes/first.md",
        "robots.txt: static robots.txt",
        "services/inbox/index.html: page content/services/inbox.md",
        "services/index.html: list services/ 1",
        "sitemap.xml: sitemap",
    ];
    for line in expected {
        assert!(table.iter().any(|t| t == line), "missing: {line}\n{}", table.join("\n"));
    }
    let statics: Vec<&String> = table.iter().filter(|t| t.contains(": static ")).collect();
    assert!(statics.iter().all(|t| !t.contains(".env") && !t.contains(".DS_Store")), "{statics:?}");
    assert!(table.iter().any(|t| t.starts_with("style.css: static")), "the theme's stylesheet");
    assert!(table.iter().any(|t| t.starts_with("tags/index.html: tags")));
    assert!(table.iter().any(|t| t.starts_with("work/index.html: list work/ 1")));
    let tags: Vec<&String> =
        table.iter().filter(|t| t.starts_with("tags/") && t.contains(": tag ") && t.ends_with(" 1")).collect();
    assert!(table.iter().any(|t| t == "tags/email/page/2/index.html: tag email 2"), "a tag's second page");
    let feeds: Vec<&String> = table.iter().filter(|t| t.starts_with("tags/") && t.contains(": feed of ")).collect();
    assert_eq!((tags.len(), feeds.len()), (site.tags.len(), site.tags.len()), "{tags:?}");
    // nothing but the table's files, and exactly its own, is written
    let run = test.build().success();
    let written: Vec<String> = common::tree(&test.root().join("public")).into_iter().map(|(path, _)| path).collect();
    let listed: Vec<String> = site.outputs.iter().map(|(path, _)| path.clone()).collect();
    assert_eq!(written, listed);
    // and what the disk had to give way is named
    assert_eq!(
        run.stderr(),
        "static/.env: warning: this hidden file is not published (only .well-known/ and .htaccess are)\n  \
         rename it without the leading dot if visitors should get it\n\
         static/robots.txt: warning: static/robots.txt is published instead of the robots.txt Shingle would write\n  \
         keep a line 'Sitemap: https://example.github.io/fernhill/sitemap.xml' in it, so search engines find every page\n\
         static/sitemap.xml: warning: static/sitemap.xml is not published: Shingle makes /sitemap.xml itself (the sitemap)\n  \
         rename or remove the file\n"
    );
    assert_eq!(
        test.read("_redirects"),
        "/old-shop https://shop.example 302\n/fernhill/old-inbox/ /fernhill/services/inbox/ 301\n/fernhill/old-note.html /fernhill/notes/first/ 301\n"
    );
    assert_eq!(test.read("robots.txt"), "User-agent: *\nAllow: /\n");
}

#[test]
fn a_content_file_at_an_address_shingle_fills_names_both() {
    let site = SiteTest::fixture("basic")
        .file("content/tags.md", "+++\ntitle = \"My tags\"\n+++\nx\n")
        .file("content/about-us.md", "+++\ntitle = \"About us\"\nslug = \"about\"\n+++\nx\n");
    site.build().fails_with(
        "content/about.md: error: this file and content/about-us.md would both be the page /about/\n  \
         rename one of them, or give one a different slug = \"…\" in its front matter\n\
         content/tags.md: error: this file would be the page /tags/, which is already the list of tags\n  \
         rename the file, or give it a different slug = \"…\" in its front matter",
    );
}
