//! The example text Shingle writes for a VA to replace — the starter site of `shingle init`
//! (compiled in from `starter/`) and the text of the files `shingle new` makes — and finding what
//! a site still has of it. Each piece of example text is marked ⟦like this⟧ where it is written
//! here: `init` and `new` write it without the marks, and `check`, `publish` and `build` find the
//! same phrases wherever they stand.

use std::borrow::Cow;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};
use include_dir::{Dir, include_dir};

use crate::error::line_col;

static STARTER: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/starter");

/// The marks around example text in `starter/`.
const OPEN: &str = "⟦";
const CLOSE: &str = "⟧";

/// Files that may sit in `starter/` after someone built it there, and that a new site must not get.
const LEFT_BEHIND: &[&str] = &[".shingle.lock", "public/", ".shingle-output"];

/// Example text found in a file: where it starts, and the phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The example text, as the starter has it.
    pub phrase: &'static str,
}

/// The text below the front matter of the files `shingle new` makes, by kind.
pub mod new_file {
    /// A service.
    pub const SERVICE: &str = "\
⟦Describe this service in your own words.⟧ Start with the problem your client has, then say what you
do about it and what their week looks like afterwards.

## What's included

Explain the work in a little more detail: how often you check in, what you will and won't do, and
how you report on it.
";
    /// A testimonial.
    pub const TESTIMONIAL: &str = "⟦Paste the client's words here, exactly as they gave them.⟧\n";
    /// A case study.
    pub const CASE_STUDY: &str = "\
⟦Tell the story in three short parts, with your client's permission.⟧

## The situation

What the client was struggling with when they came to you, in their words.

## What I did

The work you did, step by step, and the tools you used.

## The outcome

What changed, with numbers where you have them.
";
    /// A blog post.
    pub const POST: &str = "\
⟦Write the opening of your post here:⟧ a sentence or two that says what the reader will get from it.

<!-- more -->

Then the rest of the post. Headings that start with ## break a long post into parts.
";
    /// A page.
    pub const PAGE: &str = "⟦Write this page here.⟧ Headings that start with ## break it into parts.\n";

    /// All of them.
    pub(super) const ALL: [&str; 5] = [SERVICE, TESTIMONIAL, CASE_STUDY, POST, PAGE];
}

/// `text` as written for a VA: without the marks.
pub fn unmarked(text: &str) -> Cow<'_, str> {
    if text.contains(OPEN) { Cow::Owned(text.replace(OPEN, "").replace(CLOSE, "")) } else { Cow::Borrowed(text) }
}

/// Every file of the starter, by path inside it, as `init` writes it (without the marks).
pub fn files() -> Vec<(PathBuf, Cow<'static, [u8]>)> {
    let mut files = Vec::new();
    collect(&STARTER, &mut files);
    files
        .into_iter()
        .map(|(path, bytes)| match std::str::from_utf8(bytes).map(unmarked) {
            Ok(Cow::Owned(text)) => (path, Cow::Owned(text.into_bytes())),
            _ => (path, Cow::Borrowed(bytes)),
        })
        .collect()
}

/// The bytes of a file of the starter's `static/` (its placeholder portrait): a site holding the
/// same bytes at the same place still has the placeholder.
pub fn starter_static(path: &str) -> Option<&'static [u8]> {
    Some(STARTER.get_file(format!("static/{path}"))?.contents())
}

/// The text of one starter file as it is in `starter/`, marks included.
pub fn marked_text(path: &str) -> Option<&'static str> {
    STARTER.get_file(path)?.contents_utf8()
}

fn collect(dir: &'static Dir<'static>, out: &mut Vec<(PathBuf, &'static [u8])>) {
    for entry in dir.entries() {
        if let Some(sub) = entry.as_dir() {
            collect(sub, out);
        } else if let Some(file) = entry.as_file() {
            let rel = file.path().to_string_lossy().replace('\\', "/");
            if LEFT_BEHIND.iter().any(|skip| rel == *skip || (skip.ends_with('/') && rel.starts_with(skip))) {
                continue;
            }
            out.push((file.path().to_path_buf(), file.contents()));
        }
    }
}

/// The marked phrases, each once, and a matcher finding any of them.
fn phrases() -> &'static (Vec<&'static str>, AhoCorasick) {
    static PHRASES: OnceLock<(Vec<&'static str>, AhoCorasick)> = OnceLock::new();
    PHRASES.get_or_init(|| {
        let mut files = Vec::new();
        collect(&STARTER, &mut files);
        let mut phrases: Vec<&'static str> = files
            .into_iter()
            .filter_map(|(_, bytes)| std::str::from_utf8(bytes).ok())
            .chain(new_file::ALL)
            .flat_map(|text| {
                text.split(OPEN).skip(1).filter_map(|after| after.split_once(CLOSE).map(|(phrase, _)| phrase))
            })
            .collect();
        phrases.sort_unstable();
        phrases.dedup();
        // the longest phrase wins where two could start at one place
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&phrases)
            .expect("the starter's phrases make a matcher");
        (phrases, matcher)
    })
}

/// Where `text` still has example text of the starter. Lines of `toml` (a byte range of `text`
/// holding TOML) that are comments are skipped: a note may mention what to replace.
pub fn example_text(text: &str, toml: Range<usize>) -> Vec<Found> {
    let (phrases, matcher) = phrases();
    matcher
        .find_iter(text)
        .filter(|found| !(toml.contains(&found.start()) && in_comment(text, found.start())))
        .map(|found| {
            let (line, column) = line_col(text, found.start());
            Found { line, column, phrase: phrases[found.pattern().as_usize()] }
        })
        .collect()
}

/// Whether the line holding `at` is a TOML comment.
fn in_comment(text: &str, at: usize) -> bool {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    text[line_start..at].trim_start().starts_with('#')
}

/// Whether `url` is an address no real site lives at: the starter's own (`your-business.example`)
/// or a name kept for examples in documentation (`example.com`, `.net`, `.org`, `.invalid`).
/// Other names under `.example` are left alone: tests and demonstrations use them on purpose.
pub fn is_placeholder_address(url: &str) -> bool {
    let host = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = host.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next().unwrap_or("").trim_end_matches('.').to_ascii_lowercase();
    let under = |name: &str| host == name || host.ends_with(&format!(".{name}"));
    ["your-business.example", "example.com", "example.net", "example.org", "invalid"].iter().any(|name| under(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_are_paired_on_one_line_and_never_nested() {
        let mut files = Vec::new();
        collect(&STARTER, &mut files);
        files.extend(new_file::ALL.iter().map(|text| (PathBuf::from("(a new file)"), text.as_bytes())));
        for (path, bytes) in files {
            let Ok(text) = std::str::from_utf8(bytes) else { continue };
            for (n, line) in text.lines().enumerate() {
                let mut open = false;
                for c in line.chars() {
                    match c {
                        '⟦' => {
                            assert!(!open, "{}:{}: a mark opens inside another", path.display(), n + 1);
                            open = true;
                        }
                        '⟧' => {
                            assert!(open, "{}:{}: a mark closes that never opened", path.display(), n + 1);
                            open = false;
                        }
                        _ => {}
                    }
                }
                assert!(!open, "{}:{}: a mark is left open", path.display(), n + 1);
            }
        }
    }

    #[test]
    fn every_example_phrase_in_the_starter_is_marked_where_it_stands() {
        // a phrase marked in one file and left unmarked in another would be found there too,
        // with no mark to say so: keep the starter honest about what it asks to replace
        for (path, bytes) in files() {
            let Ok(text) = std::str::from_utf8(&bytes) else { continue };
            let marked = marked_text(&path.to_string_lossy().replace('\\', "/")).unwrap_or("");
            let toml = if path.ends_with("site.toml") { 0..text.len() } else { 0..front_end(text) };
            assert_eq!(
                example_text(text, toml).len(),
                marked.matches(OPEN).count(),
                "{}: each piece of example text must be marked",
                path.display()
            );
        }
    }

    /// Where the front matter of a starter file ends (its second `+++`).
    fn front_end(text: &str) -> usize {
        text.match_indices("+++").nth(1).map_or(0, |(i, _)| i)
    }

    #[test]
    fn text_in_notes_is_not_example_text() {
        let text = "# Your Business Name goes below\ntitle = \"Your Business Name\"\n";
        let found = example_text(text, 0..text.len());
        assert_eq!(found, vec![Found { line: 2, column: 10, phrase: "Your Business Name" }]);
    }

    #[test]
    fn a_markdown_heading_is_not_a_note() {
        let text = "+++\ntitle = \"x\"\n+++\n# PLACEHOLDER: a heading\n";
        assert_eq!(example_text(text, 4..16).len(), 1);
    }

    #[test]
    fn placeholder_addresses() {
        for url in [
            "https://your-business.example",
            "https://www.your-business.example/",
            "http://www.example.com/site/",
            "https://EXAMPLE.org.",
            "https://user@example.net:8080/",
            "https://shop.invalid",
        ] {
            assert!(is_placeholder_address(url), "{url}");
        }
        for url in [
            "https://sam-jones.github.io/site/",
            "https://www.examples.com",
            "https://example.co.uk",
            "https://kestreldesk.example",
        ] {
            assert!(!is_placeholder_address(url), "{url}");
        }
    }
}
