//! Fuzzes one content file: the first byte picks where it sits in `content/` (and so its kind)
//! and whether the site is built or previewed; the rest is the file (front matter and Markdown).
//! The site around it is small and fixed, with the plain test theme (fast to compile).
//! Any outcome but a panic, an abort or a hang is fine: errors are answers.

#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use shingle::commands::build::render;
use shingle::load::{LoaderOptions, load};
use shingle::render::Mode;

/// Where the fuzzed file goes, by its first byte.
const PLACES: &[&str] = &[
    "about.md",
    "services/fuzz.md",
    "testimonials/fuzz.md",
    "work/fuzz.md",
    "blog/fuzz.md",
    "skills.md",
    "faq.md",
    "_index.md",
    "notes/_index.md",
    "services/_index.md",
    "blog/_index.md",
    "notes/deep/page.md",
];

const SITE_TOML: &str = "title = \"Fuzz Desk\"\nbase_url = \"https://fuzz.example/sub/\"\ntheme = \"plain\"\n\n[owner]\nname = \"Ada Fern\"\nemail = \"ada@fuzz.example\"\n\n[booking]\nurl = \"https://cal.example/ada\"\nlabel = \"Book a call\"\n";

fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, bytes).expect("write");
}

/// The plain theme of the test fixtures, read once: `(path in the site, bytes)`.
fn theme_files() -> &'static [(String, Vec<u8>)] {
    static FILES: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    FILES.get_or_init(|| {
        let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/basic/site/themes/plain");
        let mut files =
            vec![("themes/plain/theme.toml".to_string(), std::fs::read(theme.join("theme.toml")).expect("theme.toml"))];
        for folder in ["templates", "static"] {
            for entry in std::fs::read_dir(theme.join(folder)).expect("theme folder") {
                let entry = entry.expect("theme file");
                let rel = format!("themes/plain/{folder}/{}", entry.file_name().to_string_lossy());
                files.push((rel, std::fs::read(entry.path()).expect("read theme file")));
            }
        }
        files
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, file)) = data.split_first() else { return };
    let place = PLACES[usize::from(first & 0x0f) % PLACES.len()];
    let preview = first & 0x10 != 0;
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(root, "site.toml", SITE_TOML.as_bytes());
    write(root, "content/_index.md", b"+++\ntitle = \"Home\"\n+++\nWelcome.\n");
    write(root, "content/services/inbox.md", b"+++\ntitle = \"Inbox\"\n+++\nLess email.\n");
    write(root, "content/work/tidy.md", b"+++\ntitle = \"Tidy\"\nclient = \"Ro\"\n+++\nDone.\n");
    write(
        root,
        "content/testimonials/jo.md",
        b"+++\nauthor = \"Jo\"\nconsent = true\nservices = [\"inbox\"]\n+++\nGreat.\n",
    );
    // the theme's service page expects prices, which most inputs lack: render their content instead
    write(
        root,
        "templates/service.html",
        b"{% extends \"base.html\" %}{% block main %}{{ page.content | safe }}{% endblock main %}",
    );
    write(root, "static/images/a.svg", b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"3\"></svg>");
    write(root, &format!("content/{place}"), file);
    for (rel, bytes) in theme_files() {
        write(root, rel, bytes);
    }
    if let Ok(loaded) = load(root, LoaderOptions { base_url: None, drafts: preview, preview }) {
        let _ = render(&loaded, if preview { Mode::Serve } else { Mode::Build });
    }
});
