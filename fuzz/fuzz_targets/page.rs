//! Fuzzes one content file: the first byte picks where it sits in `content/` (and so its kind),
//! the rest is the file (front matter and Markdown). The site around it is small and fixed, built
//! with the harbor theme. Any outcome but a panic, an abort or a hang is fine: errors are answers.

#![no_main]

use libfuzzer_sys::fuzz_target;
use shingle::build::{load, render};
use shingle::content::LoadOptions;
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

const SITE_TOML: &str = "title = \"Fuzz Desk\"\nbase_url = \"https://fuzz.example/sub/\"\ntheme = \"harbor\"\n\n[owner]\nname = \"Ada Fern\"\nemail = \"ada@fuzz.example\"\n\n[booking]\nurl = \"https://cal.example/ada\"\nlabel = \"Book a call\"\n";

fn write(root: &std::path::Path, rel: &str, bytes: &[u8]) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, bytes).expect("write");
}

fuzz_target!(|data: &[u8]| {
    let Some((&first, file)) = data.split_first() else { return };
    let place = PLACES[first as usize % PLACES.len()];
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(root, "site.toml", SITE_TOML.as_bytes());
    write(root, "content/_index.md", b"+++\ntitle = \"Home\"\n+++\nWelcome.\n");
    write(root, "content/services/inbox.md", b"+++\ntitle = \"Inbox\"\n+++\nLess email.\n");
    write(root, "content/work/tidy.md", b"+++\ntitle = \"Tidy\"\nclient = \"Ro\"\n+++\nDone.\n");
    write(root, "content/testimonials/jo.md", b"+++\nauthor = \"Jo\"\nconsent = true\nservices = [\"inbox\"]\n+++\nGreat.\n");
    write(root, "static/images/a.svg", b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"3\"></svg>");
    write(root, &format!("content/{place}"), file);
    for drafts in [false, true] {
        if let Ok(loaded) = load(root, None, drafts, LoadOptions { empty_is_warning: drafts }) {
            let _ = render(&loaded, if drafts { Mode::Serve } else { Mode::Build });
        }
    }
});
