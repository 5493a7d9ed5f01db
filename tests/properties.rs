//! Property tests: generated front matter (known fields with values of every TOML shape, and
//! junk) and generated Markdown (headings, lists, tables, links, images, code, raw HTML,
//! unicode, deep nesting) must never make Shingle panic or hang, whatever the verdict.
//! Few cases each, so `cargo test` stays quick; the fuzzer (fuzz/) searches much further.

mod common;

use std::time::{Duration, Instant};

use common::{SiteTest, copy_dir, fixtures};
use proptest::prelude::*;
use shingle::commands::build::render;
use shingle::load::{LoaderOptions, load};
use shingle::render::Mode;
use shingle::site::markdown::{Place, Resolver, StaticFile};

/// Front-matter fields of every kind, a few misspelt, and a few nobody knows.
fn keys() -> Vec<&'static str> {
    let mut keys = shingle::content::Kind::all_fields();
    keys.extend(["titel", "sumary", "x", ""]);
    keys
}

/// Where the file goes, which decides its kind.
const PLACES: &[&str] = &[
    "about.md",
    "services/gen.md",
    "testimonials/gen.md",
    "work/gen.md",
    "blog/gen.md",
    "skills.md",
    "faq.md",
    "_index.md",
    "notes/_index.md",
    "services/_index.md",
];

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 ]{0,20}",
        "\\PC{0,20}",
        Just("inbox".to_string()),
        Just("@/services/inbox.md".to_string()),
        Just("images/a.svg".to_string()),
        Just("../../etc/passwd".to_string()),
        Just("c:/windows".to_string()),
    ]
}

/// A TOML value of any shape, valid or not.
fn value() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        text().prop_map(|t| format!("{t:?}")),
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|n| format!("{n:?}")),
        any::<bool>().prop_map(|b| b.to_string()),
        Just("2024-05-18".to_string()),
        Just("2024-13-45".to_string()),
        Just("1979-05-27T07:32:00Z".to_string()),
        Just("\"05/18/2017\"".to_string()),
        Just("\"unclosed".to_string()),
        "\\PC{0,12}",
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(", "))),
            prop::collection::vec((prop::sample::select(keys()), inner), 0..4).prop_map(|v| {
                let pairs: Vec<String> = v.iter().map(|(k, v)| format!("{k} = {v}")).collect();
                format!("{{ {} }}", pairs.join(", "))
            }),
        ]
    })
}

/// A front-matter line: a field, a table header, or junk.
fn front_line() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (prop::sample::select(keys()), value()).prop_map(|(k, v)| format!("{k} = {v}")),
        1 => prop::sample::select(&["[pricing]", "[[packages]]", "[cta]", "[extra]", "[[results]]", "[x.y]"][..])
            .prop_map(str::to_string),
        1 => prop::sample::select(&["model = \"hourly\"", "currency = \"GBP\"", "from = 30", "consent = true", "price = 5"][..])
            .prop_map(str::to_string),
        1 => "\\PC{0,30}",
    ]
}

/// A Markdown block.
fn block() -> impl Strategy<Value = String> {
    prop_oneof![
        (1..7usize, text()).prop_map(|(n, t)| format!("{} {t} {{#id}}", "#".repeat(n))),
        (1..300usize, text()).prop_map(|(n, t)| format!("{}{t}", "> ".repeat(n))),
        (1..300usize, text()).prop_map(|(n, t)| format!("{}{t}", "- ".repeat(n))),
        prop::collection::vec(text(), 1..12).prop_map(|items| {
            items.iter().enumerate().map(|(i, t)| format!("{}- {t}\n", "  ".repeat(i))).collect()
        }),
        (1..8usize, 0..8usize).prop_map(|(cols, rows)| {
            let mut table = format!("|{}|\n|{}|\n", "h|".repeat(cols), "---|".repeat(cols));
            for r in 0..rows {
                table.push_str(&format!("|{}\n", format!("{r}|").repeat(cols)));
            }
            table
        }),
        (text(), text()).prop_map(|(t, u)| format!("[{t}]({u})")),
        text().prop_map(|t| format!("[x](@/{t}) [y](@/services/inbox.md#{t}) [z](<@/{t}.md>)")),
        (text(), text()).prop_map(|(alt, src)| format!("![{alt}]({src})")),
        (prop::sample::select(&["rust", "toml", "html", "nope", ""][..]), text())
            .prop_map(|(lang, code)| format!("```{lang}\n{code}\n```")),
        prop::sample::select(
            &[
                "<script>alert(1)</script>",
                "<iframe src=\"https://cal.example/x\"></iframe>",
                "<img src=x onerror=alert(1)>",
                "<a href=\"javascript:x\">j</a>",
                "<!-- more -->",
                "<div>",
                "</div>",
                "[^1]\n\n[^1]: note",
                "- [ ] task\n- [x] done",
                "***",
                "<",
            ][..]
        )
        .prop_map(str::to_string),
        "\\PC{0,60}",
    ]
}

/// A whole content file.
fn file() -> impl Strategy<Value = String> {
    (0..4usize, prop::collection::vec(front_line(), 0..8), prop::collection::vec(block(), 0..12), any::<bool>())
        .prop_map(|(fence, front, blocks, crlf)| {
            let body = blocks.join("\n\n");
            let text = match fence {
                0 => body,
                1 => format!("---\n{}\n---\n{body}", front.join("\n")),
                2 => format!("+++\n{}\n{body}", front.join("\n")),
                _ => format!("+++\n{}\n+++\n{body}", front.join("\n")),
            };
            if crlf { text.replace('\n', "\r\n") } else { text }
        })
}

/// A small site with the plain test theme, and one generated file at `place`.
fn site_with(place: &str, text: &str) -> SiteTest {
    let site = SiteTest::minimal()
        .file(
            "site.toml",
            "title = \"Prop Desk\"\nbase_url = \"https://prop.example/sub/\"\ntheme = \"plain\"\n\n[booking]\nurl = \"https://cal.example/p\"\nlabel = \"Book\"\n",
        )
        .file("templates/service.html", "{% extends \"base.html\" %}{% block main %}{{ page.content | safe }}{% endblock main %}")
        .file("content/services/inbox.md", "+++\ntitle = \"Inbox\"\n+++\nLess email.\n")
        .file("static/images/a.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"3\"/>")
        .file(&format!("content/{place}"), text);
    copy_dir(&fixtures().join("basic/site/themes"), &site.root().join("themes"));
    site
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    /// Load and render a site holding one generated file, built and previewed: any verdict but
    /// a panic, within a bound.
    #[test]
    fn a_generated_page_never_panics(place in prop::sample::select(PLACES), text in file(), preview in any::<bool>()) {
        let site = site_with(place, &text);
        let started = Instant::now();
        if let Ok(loaded) = load(site.root(), LoaderOptions { base_url: None, drafts: preview, preview }) {
            let _ = render(&loaded, if preview { Mode::Serve } else { Mode::Build });
        }
        prop_assert!(started.elapsed() < Duration::from_secs(20), "took {:?}", started.elapsed());
    }
}

/// Knows one content file and one image, like a small site.
struct Known;

impl Resolver for Known {
    fn content_url(&self, path: &str) -> Option<String> {
        (path == "services/inbox.md").then(|| "/sub/services/inbox/".to_string())
    }
    fn static_file(&self, path: &str) -> Option<StaticFile> {
        (path == "images/a.svg").then(|| StaticFile {
            url: "/sub/images/a.svg".to_string(),
            size: Some((4, 3)),
            picture: None,
        })
    }
    fn base_path(&self) -> &str {
        "/sub/"
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    /// Any bytes as a content file: decoded and split, or refused with a diagnostic.
    #[test]
    fn any_bytes_split_or_are_refused(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = shingle::content::source::parse("content/a.md", bytes);
    }

    /// Any generated body renders, and every diagnostic points inside the file.
    #[test]
    fn any_markdown_renders(blocks in prop::collection::vec(block(), 0..16), offset in 0..3usize) {
        let prefix = ["", "+++\n+++\n", "+++\ntitle = \"é\"\n+++\r\n"][offset];
        let text = format!("{prefix}{}", blocks.join("\n\n"));
        let html = shingle::site::markdown::render(&Place { file: "content/a.md", text: &text, offset: prefix.len() }, &Known);
        let lines = text.lines().count().max(1);
        for d in &html.diagnostics {
            prop_assert!(d.line >= 1 && d.line <= lines + 1, "{d} is outside the file of {lines} lines");
        }
    }
}

#[path = "common/any_text.rs"]
mod any_text;

/// Builds the site of `pieces` and returns the problems of its output files (none when the text
/// was refused with an error: errors are answers).
fn output_problems(pieces: &[String]) -> Vec<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    any_text::write_site(dir.path(), pieces);
    let Ok(loaded) = load(dir.path(), LoaderOptions::default()) else { return Vec::new() };
    let Ok(files) = render(&loaded, Mode::Build) else { return Vec::new() };
    files.iter().filter_map(|f| any_text::problems(&f.path, &f.bytes).map(|p| format!("{}: {p}", f.path))).collect()
}

/// Every input that ever made the fuzzer's `site` target fail, replayed.
#[test]
fn site_fuzz_regressions_stay_fixed() {
    let folder = fixtures().join("../../fuzz/regressions/site");
    for entry in std::fs::read_dir(&folder).expect("fuzz/regressions/site") {
        let bytes = std::fs::read(entry.expect("entry").path()).expect("read");
        let pieces: Vec<String> = bytes
            .split(|&b| b == 0xff)
            .take(any_text::PIECES)
            .map(|p| String::from_utf8_lossy(p).into_owned())
            .collect();
        assert_eq!(output_problems(&pieces), Vec::<String>::new());
    }
}

/// Text that means something in one of the places a value lands: HTML, a script element, XML,
/// a URL, a template, a `_redirects` line.
fn nasty() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,24}",
        "[<>&\"'/\\\\!-]{0,12}",
        Just("<!-- <script>".to_string()),
        Just("</script><!--".to_string()),
        Just("]]> & <![CDATA[".to_string()),
        Just("a\u{1}b\u{b}c\u{fffe}d".to_string()),
        Just("entity &#1; &#11; &#xFFFE; x".to_string()),
        Just("delete\u{7f} and \u{85} next line".to_string()),
        Just("line\u{2028}sep\u{2029}".to_string()),
        Just("javascript:alert(1)".to_string()),
        Just("{{ site.title }} {% raw %}".to_string()),
        Just("old page/../x 301".to_string()),
        Just("\r\nevent: reload\r\n".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    /// Bad-inputs row 43: whatever text a VA writes, every feed and sitemap is well-formed XML and
    /// every page's JSON-LD parses (the fuzzer's `site` target searches much further).
    #[test]
    fn any_text_keeps_every_output_well_formed(pieces in prop::collection::vec(nasty(), any_text::PIECES)) {
        prop_assert_eq!(output_problems(&pieces), Vec::<String>::new());
    }
}
