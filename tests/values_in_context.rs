//! Bad-inputs rows 43–48 and 50 (found by trying): a value is checked for the place it lands in,
//! not only for its type. Text that is harmless in Markdown never breaks a script element, a
//! feed or a redirect line; a link field never publishes `javascript:`; pasted control
//! characters are removed with a warning; a name the output cannot hold, a command-line value
//! site.toml would refuse, and a post with thousands of tags each get an error.
//! Rows 41, 42 and 49 (the output folder) are in `output_safety.rs`; 51 and 52 (the preview) in
//! `serve.rs`.

mod common;

use common::SiteTest;

/// The basic fixture (plain test theme, every kind of content), with `path` replaced by `text`.
fn basic_with(path: &str, text: &str) -> SiteTest {
    SiteTest::fixture("basic").file(path, text)
}

/// The JSON-LD of a built page, parsed.
fn json_ld(html: &str) -> serde_json::Value {
    let start = html.find("<script type=\"application/ld+json\">").expect("a JSON-LD block") + 35;
    let end = start + html[start..].find("</script>").expect("its end");
    serde_json::from_str(&html[start..end]).unwrap_or_else(|e| panic!("JSON-LD does not parse: {e}\n{html}"))
}

/// Every XML file of the output parses.
fn assert_xml_parses(site: &SiteTest, paths: &[&str]) {
    for path in paths {
        let text = site.read(path);
        roxmltree::Document::parse(&text).unwrap_or_else(|e| panic!("{path} is not well-formed XML: {e}\n{text}"));
    }
}

/// Row 43 (script element): a title and description holding `<!--` and `<script` no longer leave
/// the page blank — the JSON-LD block cannot be ended or commented out by them — and the feed
/// and sitemap stay well-formed.
#[test]
fn row_43_text_that_opens_a_comment_or_a_script_never_blanks_the_page() {
    let title = "Inbox <!-- zero <script> a </script> & more";
    let site = basic_with(
        "content/blog/first.md",
        &format!(
            "+++\ntitle = \"{title}\"\ndescription = \"Tips </script><!--<script>\"\ndate = 2024-05-18\ntags = [\"a<b\"]\n+++\nBody text.\n"
        ),
    );
    site.build().success();
    let page = site.read("blog/first/index.html");
    assert!(page.trim_end().ends_with("</html>"), "{page}");
    assert!(
        page.contains("Inbox &lt;!-- zero &lt;script&gt; a &lt;&#x2F;script&gt; &amp; more")
            || page.contains("Inbox &lt;!-- zero &lt;script&gt; a &lt;/script&gt; &amp; more"),
        "{page}"
    );
    let ld = json_ld(&page);
    let graph = ld["@graph"].as_array().expect("graph");
    assert!(graph.iter().any(|node| node["headline"] == title), "{ld}");
    assert_xml_parses(&site, &["blog/atom.xml", "sitemap.xml", "tags/a-b/atom.xml"]);
}

/// Row 43 (stylesheet): a theme option is written into CSS, so one that could end a rule or the
/// `<style>` element is refused at its line: a colour must be a colour, and a text option of an
/// older theme.toml (which may write it into CSS) must hold only what a stylesheet can.
#[test]
fn row_43_a_theme_option_that_could_break_the_stylesheet_is_refused() {
    let site = SiteTest::minimal().file(
        "site.toml",
        "title = \"Test Desk\"\nbase_url = \"https://test.example\"\n\n[theme_options]\naccent = \"red;} body{display:none} </style>\"\n",
    );
    site.build().fails_with(
        "site.toml:5:10: error: accent = \"red;} body{display:none} </style>\" is not a colour\n  \
         write # and six digits or letters a to f, for example accent = \"#1f6f78\"; colour names such as \"teal\", rgb(…) and hsl(…) work too",
    );
    let site = basic_with(
        "site.toml",
        "title = \"Test Desk\"\nbase_url = \"https://test.example\"\ntheme = \"plain\"\n\n[theme_options]\naccent = \"#123456\"\nwidth = \"40rem;} body{display:none}\"\n",
    )
    .file("themes/plain/theme.toml", "name = \"plain\"\n[options]\naccent = \"#225566\"\nwidth = \"36rem\"\n");
    site.build().fails_with(
        "site.toml:7:9: error: the theme option width = \"40rem;} body{display:none}\" has characters a stylesheet cannot hold\n  \
         theme options take colours such as \"#1f6f78\", words such as \"split\", or paths such as \"images/logo.svg\"",
    );
}

/// Row 43 (`_redirects` line): an old address with a space is one field of the line, encoded.
#[test]
fn row_43_an_alias_with_a_space_stays_one_field_of_its_redirect_line() {
    let site = basic_with("content/about.md", "+++\ntitle = \"About\"\naliases = [\"/old page/\"]\n+++\nAbout us.\n");
    site.build().success();
    let redirects = site.read("_redirects");
    assert!(redirects.contains("/fernhill/old%20page/ /fernhill/about/ 301\n"), "{redirects}");
    assert!(site.read("old page/index.html").contains("/fernhill/about/"));
}

/// Row 44: every field that holds a link refuses anything but https, http, mailto, tel and
/// addresses on the site — naming the file, the line, the field and the value.
#[test]
fn row_44_link_fields_refuse_javascript_and_other_schemes() {
    let help = "\n  use a full address starting with https:// (or http://, mailto:, tel:), or a path on this site such as /contact/";
    let reason = |scheme: &str| {
        format!(
            "cannot be published as a link: an address starting with '{scheme}:' is not a web page, an email or a phone number"
        )
    };
    let base = "title = \"Test Desk\"\nbase_url = \"https://test.example\"\n";
    let cases: Vec<(&str, String, String)> = vec![
        (
            "site.toml",
            format!("{base}[booking]\nurl = \"javascript:alert(1)\"\n"),
            format!("site.toml:4:7: error: url 'javascript:alert(1)' {}", reason("javascript")),
        ),
        (
            "site.toml",
            format!("{base}[social]\nlinkedin = \" JavaScript:alert(1)\"\n"),
            format!("site.toml:4:12: error: linkedin 'JavaScript:alert(1)' {}", reason("JavaScript")),
        ),
        (
            "site.toml",
            format!("{base}[[menu]]\nname = \"x\"\nurl = \"data:text/html,hi\"\n"),
            format!("site.toml:5:7: error: url 'data:text/html,hi' {}", reason("data")),
        ),
        (
            "site.toml",
            format!("{base}[owner]\nphoto = \"vbscript:x\"\n"),
            format!("site.toml:4:9: error: photo 'vbscript:x' {}", reason("vbscript")),
        ),
    ];
    for (file, text, expected) in cases {
        SiteTest::minimal().file(file, &text).build().fails_with(&format!("{expected}{help}"));
    }
    let front = [
        (
            "content/services/inbox.md",
            "+++\ntitle = \"Inbox\"\n[cta]\nlabel = \"Go\"\nurl = \"javascript:go()\"\n+++\nx\n",
            "content/services/inbox.md:5:7: error: url 'javascript:go()'",
        ),
        (
            "content/testimonials/jo.md",
            "+++\nauthor = \"Jo\"\nconsent = true\ncompany_url = \"javascript:x\"\n+++\nGreat.\n",
            "content/testimonials/jo.md:4:15: error: company_url 'javascript:x'",
        ),
        (
            "content/testimonials/jo.md",
            "+++\nauthor = \"Jo\"\nconsent = true\nsource_url = \"jAvAsCrIpT:x\"\n+++\nGreat.\n",
            "content/testimonials/jo.md:4:14: error: source_url 'jAvAsCrIpT:x'",
        ),
        (
            "content/testimonials/jo.md",
            "+++\nauthor = \"Jo\"\nconsent = true\navatar = \"javascript:x\"\navatar_alt = \"Jo\"\n+++\nGreat.\n",
            "content/testimonials/jo.md:4:10: error: avatar 'javascript:x'",
        ),
        (
            "content/blog/first.md",
            "+++\ntitle = \"A\"\ndate = 2024-01-01\ncover = \"java\\tscript:x\"\ncover_alt = \"x\"\n+++\nText.\n",
            "content/blog/first.md:4:9: error: cover 'java\tscript:x' cannot be published as a link: a web address cannot contain spaces or line breaks",
        ),
    ];
    for (path, text, start) in front {
        let run = basic_with(path, text).build();
        assert_eq!(run.code(), 1, "{}", run.stderr());
        assert!(run.stderr().starts_with(start), "{path}:\n{}", run.stderr());
    }
    // and what is allowed still builds
    basic_with(
        "content/testimonials/jo.md",
        "+++\nauthor = \"Jo\"\nconsent = true\ncompany_url = \"https://marsh.example\"\nsource_url = \"/work/marsh/\"\n+++\nGreat.\n",
    )
    .build()
    .success();
}

/// Row 45: control characters pasted into a title and a body are removed, with one warning at the
/// first; the page, the feed and the sitemap stay well-formed.
#[test]
fn row_45_pasted_control_characters_are_removed_with_a_warning() {
    let site = basic_with(
        "content/blog/first.md",
        "+++\ntitle = \"Inbox\u{b} zero\"\ndate = 2024-05-18\n+++\nA form\u{c}feed and a\u{1} start of heading.\n",
    );
    let run = site.build().success();
    assert_eq!(
        run.stderr(),
        "content/blog/first.md:2:15: warning: removed 3 invisible control characters that web pages and feeds cannot hold\n  \
         they usually come with text pasted from Word or a PDF; retype the text around here if it looks wrong\n"
    );
    let page = site.read("blog/first/index.html");
    assert!(page.contains("Inbox zero") && page.contains("A formfeed"), "{page}");
    assert!(!page.contains('\u{b}') && !page.contains('\u{c}') && !page.contains('\u{1}'));
    assert_xml_parses(&site, &["blog/atom.xml", "sitemap.xml"]);
}

/// Row 46: an address the output cannot hold as files (a name Windows keeps, a name too long)
/// is an error naming the content file, in `build` and `check` alike.
#[test]
fn row_46_names_the_output_cannot_hold_are_errors() {
    let long = "a".repeat(210);
    let site = SiteTest::minimal()
        .file("content/con.md", "+++\ntitle = \"Contact\"\n+++\nx\n")
        .file(&format!("content/{long}.md"), "+++\ntitle = \"Long\"\n+++\nx\n");
    let expected = format!(
        "content/{long}.md: error: this page's address /{long}/ cannot be written as files: '{long}' is 210 characters long, more than file systems can hold (at most 200)\n  \
         give the page another address with slug = \"…\" in its front matter\n\
         content/con.md: error: this page's address /con/ cannot be written as files: 'con' is a name Windows keeps for itself and cannot hold as a file or folder\n  \
         give the page another address with slug = \"…\" in its front matter\n\
         content/con.md: warning: this file name cannot be used on Windows or has no letters in it\n  \
         rename the file, for example to contact-me.md"
    );
    site.build().fails_with(&expected);
    let check = site.run(&["check"]);
    assert_eq!(check.code(), 1);
    assert!(check.stdout().contains("content/con.md: error: this page's address /con/"), "{}", check.stdout());
}

/// Row 48: a command-line value gets the same check as site.toml gives it.
#[test]
fn row_48_a_base_url_without_a_scheme_is_refused_on_the_command_line_too() {
    let site = SiteTest::minimal();
    let run = site.run(&["build", "--base-url", "harborlane.example"]);
    assert_eq!(run.code(), 1);
    assert_eq!(
        run.stderr(),
        "error: --base-url 'harborlane.example' is not a web address\n  \
         write the full address, starting with https://, for example: --base-url https://harborlane.example\n"
    );
    assert!(!site.root().join("public").exists());
    let same_in_site_toml = SiteTest::minimal().file("site.toml", "title = \"A\"\nbase_url = \"harborlane.example\"\n");
    same_in_site_toml.build().fails_with(
        "site.toml:2:1: error: 'harborlane.example' is not a web address\n  \
         write the full address, starting with https://, for example: base_url = \"https://harborlane.example\"",
    );
}

/// Row 50: one post with thousands of tags is refused at once, naming the bound, instead of
/// growing the output with tags × tags; so is a site past the bound for all posts together.
#[test]
fn row_50_thousands_of_tags_are_refused_with_the_bound() {
    let tags: Vec<String> = (0..4000).map(|i| format!("\"topic {i}\"")).collect();
    let site = basic_with(
        "content/blog/first.md",
        &format!("+++\ntitle = \"Tagged\"\ndate = 2024-05-18\ntags = [{}]\n+++\nText.\n", tags.join(", ")),
    );
    let started = std::time::Instant::now();
    site.build().fails_with(
        "content/blog/first.md:4:1: error: this post has 4000 tags; a post may have at most 25\n  \
         keep the few topics that describe it best: each tag makes a page and a feed of its own",
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    let mut site = SiteTest::fixture("basic");
    for post in 0..41 {
        let tags: Vec<String> = (0..25).map(|i| format!("\"t{post}-{i}\"")).collect();
        site = site.file(
            &format!("content/blog/p{post}.md"),
            &format!("+++\ntitle = \"P{post}\"\ndate = 2024-05-18\ntags = [{}]\n+++\nText.\n", tags.join(", ")),
        );
    }
    let run = site.build();
    assert_eq!(run.code(), 1);
    assert!(
        run.stderr()
            .contains("content/blog: error: the blog's posts have 1027 different tags; a site may have at most 1000"),
        "{}",
        run.stderr()
    );
}
