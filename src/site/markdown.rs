//! Markdown to HTML with pulldown-cmark, streamed: unique heading ids and a table of contents,
//! `@/` links resolved to URLs, images checked and sized, code blocks handed to `highlight`,
//! and the warnings a body can earn (raw scripts, root-relative links, missing alt text).
//! It reads no files itself: the caller says which links and images exist.

use std::collections::{HashMap, VecDeque};

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::context::html as escape;
use crate::error::{Diagnostic, Severity, line_col};

/// The marker that ends a post's summary.
const MORE: &str = "<!-- more -->";
const MORE_SENTINEL: &str = "<!--shingle:more-->";

/// One heading in a page's table of contents.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TocEntry {
    /// 2 to 4.
    pub level: u8,
    /// The heading's id, for `#links`.
    pub id: String,
    /// The heading's text.
    pub title: String,
    /// Headings one level down.
    pub children: Vec<TocEntry>,
}

/// What the caller knows about the site, so links and images can be checked.
pub trait Resolver: Sync {
    /// The URL (with base path) of the content file `path` (relative to `content/`), if it exists.
    fn content_url(&self, path: &str) -> Option<String>;
    /// URL and size of a static file (`images/x.png`), `None` when it does not exist.
    fn static_file(&self, path: &str) -> Option<StaticFile>;
    /// A static file whose path differs from `path` only in capitals (`images/Maria.JPG` for
    /// `images/maria.jpg`), for "did you mean".
    fn static_file_named_alike(&self, path: &str) -> Option<String> {
        let _ = path;
        None
    }
    /// The site's base path, `/` or `/repo/`.
    fn base_path(&self) -> &str;
    /// A code block as highlighted HTML (a resolver may remember blocks it has seen).
    fn code_block(&self, code: &str, language: &str) -> String {
        crate::site::highlight::code_block(code, language)
    }
}

/// How wide a picture in the text is shown: the text column, at most about 45rem.
const CONTENT_SIZES: &str = "(min-width: 48rem) 45rem, 100vw";

/// `<picture>` for a picture in the text: WebP first, then the `<img>` in its own format with its
/// size reserved, loaded only when scrolled near.
fn picture_html(picture: &crate::images::Picture, alt: &str, title: &str, sizes: &str) -> String {
    let mut html = String::from("<picture>");
    for source in &picture.sources {
        html.push_str(&format!(
            "<source type=\"{}\" srcset=\"{}\" sizes=\"{sizes}\">",
            source.media_type,
            escape(&source.srcset)
        ));
    }
    html.push_str(&format!("<img src=\"{}\"", escape(&picture.src)));
    // beside WebP copies the `<img>` is the fallback alone, with no copies of its own to choose from
    if !picture.srcset.is_empty() {
        html.push_str(&format!(" srcset=\"{}\" sizes=\"{sizes}\"", escape(&picture.srcset)));
    }
    html.push_str(&format!(" alt=\"{}\"", escape(alt)));
    if !title.is_empty() {
        html.push_str(&format!(" title=\"{}\"", escape(title)));
    }
    html.push_str(&format!(
        " width=\"{}\" height=\"{}\" loading=\"lazy\" decoding=\"async\"></picture>",
        picture.width, picture.height
    ));
    html
}

/// A static file as a page links to it.
#[derive(Debug, Clone)]
pub struct StaticFile {
    /// Its URL, with the base path.
    pub url: String,
    /// Pixel size, when it is an image Shingle can read.
    pub size: Option<(usize, usize)>,
    /// How a page shows it, when it is a picture Shingle makes copies of (or why it cannot).
    pub picture: Option<Result<crate::images::Picture, crate::images::probe::Refusal>>,
}

/// An internal link found in a body, for `shingle check`.
#[derive(Debug, Clone)]
pub struct Link {
    /// The URL as written in the output.
    pub url: String,
    /// 1-based line in the file.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// A rendered body.
#[derive(Debug, Default)]
pub struct Html {
    /// The body as HTML.
    pub html: String,
    /// The HTML before `<!-- more -->`, when the body has the marker.
    pub summary: Option<String>,
    /// Headings h2–h4, nested.
    pub toc: Vec<TocEntry>,
    /// Every id in the body, for checking `#anchor` links.
    pub ids: Vec<String>,
    /// The text of the first heading, for pages without a title.
    pub first_heading: Option<String>,
    /// Words of running text.
    pub word_count: usize,
    /// Whether a highlighted code block is present (the page needs the syntax stylesheet).
    pub has_code: bool,
    /// Internal links, for `shingle check`.
    pub links: Vec<Link>,
    /// Problems found.
    pub diagnostics: Vec<Diagnostic>,
    /// The pictures shown in the body (paths among the static files), whose copies are made.
    pub pictures: Vec<String>,
}

/// Where the body sits: the file shown in messages, the whole file's text and the body's offset.
pub struct Place<'a> {
    /// Path shown to the user.
    pub file: &'a str,
    /// The whole file text.
    pub text: &'a str,
    /// Byte offset of the Markdown within `text`.
    pub offset: usize,
}

/// Renders a Markdown body.
pub fn render(place: &Place, resolver: &dyn Resolver) -> Html {
    let markdown = &place.text[place.offset..];
    let mut options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES;
    options.remove(Options::ENABLE_YAML_STYLE_METADATA_BLOCKS);
    let parser = Parser::new_ext(markdown, options).into_offset_iter();
    let mut state = Transform {
        events: parser,
        place,
        resolver,
        pending: VecDeque::new(),
        out: Html::default(),
        used_ids: HashMap::new(),
        headings: Vec::new(),
        cursor: (0, 1, 0),
    };
    let mut html = String::with_capacity(markdown.len() + markdown.len() / 2);
    pulldown_cmark::html::push_html(&mut html, &mut state);
    let mut out = state.finish();
    if let Some(at) = html.find(MORE_SENTINEL) {
        out.summary = Some(html[..at].to_string());
        html.replace_range(at..at + MORE_SENTINEL.len(), "");
    }
    // the site keeps every body until its pages are written: no spare capacity
    html.shrink_to_fit();
    out.html = html;
    out
}

struct Transform<'a, 'p, I> {
    events: I,
    place: &'p Place<'p>,
    resolver: &'p dyn Resolver,
    pending: VecDeque<Event<'a>>,
    out: Html,
    used_ids: HashMap<String, usize>,
    headings: Vec<(u8, String, String)>,
    /// (offset, line, start of that line) of the last position located.
    cursor: (usize, usize, usize),
}

impl<'a, I> Iterator for Transform<'a, '_, I>
where
    I: Iterator<Item = (Event<'a>, std::ops::Range<usize>)>,
{
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(event) = self.pending.pop_front() {
            return Some(event);
        }
        let (event, range) = self.events.next()?;
        Some(self.transform(event, range))
    }
}

impl<'a, I> Transform<'a, '_, I>
where
    I: Iterator<Item = (Event<'a>, std::ops::Range<usize>)>,
{
    fn transform(&mut self, event: Event<'a>, range: std::ops::Range<usize>) -> Event<'a> {
        match event {
            Event::Start(Tag::Heading { level, id, classes, attrs }) => self.heading(level, id, classes, attrs),
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                let dest_url = self.link(link_type, dest_url, range.start);
                Event::Start(Tag::Link { link_type, dest_url, title, id })
            }
            Event::Start(Tag::Image { dest_url, title, .. }) => self.image(dest_url, title, range.start),
            Event::Start(Tag::CodeBlock(kind)) => self.code(kind),
            Event::Start(Tag::Table(alignments)) => {
                self.pending.push_back(Event::Start(Tag::Table(alignments)));
                Event::Html("<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Table\">".into())
            }
            Event::End(TagEnd::Table) => {
                self.pending.push_back(Event::Html("</div>\n".into()));
                Event::End(TagEnd::Table)
            }
            Event::TaskListMarker(done) => {
                let label = if done { "done" } else { "not done" };
                let checked = if done { " checked" } else { "" };
                Event::InlineHtml(format!("<input type=\"checkbox\" disabled{checked} aria-label=\"{label}\"> ").into())
            }
            Event::Html(raw) | Event::InlineHtml(raw) if raw.trim() == MORE => Event::Html(MORE_SENTINEL.into()),
            Event::Html(raw) => {
                self.check_raw_html(&raw, range.start);
                Event::Html(raw)
            }
            Event::InlineHtml(raw) => {
                self.check_raw_html(&raw, range.start);
                Event::InlineHtml(raw)
            }
            Event::Text(text) => {
                self.out.word_count += words(&text);
                // a character reference (`&#1;`) can name a character no page may carry
                match crate::context::without_unpublishable(&text) {
                    Some((kept, _, _)) => Event::Text(kept.into()),
                    None => Event::Text(text),
                }
            }
            other => other,
        }
    }

    fn heading(
        &mut self,
        level: HeadingLevel,
        id: Option<CowStr<'a>>,
        classes: Vec<CowStr<'a>>,
        attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
    ) -> Event<'a> {
        let mut inner = Vec::new();
        let mut text = String::new();
        for (event, range) in self.events.by_ref() {
            match event {
                Event::End(TagEnd::Heading(_)) => break,
                Event::Text(ref t) | Event::Code(ref t) => text.push_str(t),
                _ => {}
            }
            inner.push((event, range));
        }
        let base = match &id {
            Some(id) => id.to_string(),
            None => crate::content::slug::slugify(&text),
        };
        let id = self.unique_id(if base.is_empty() { "section".to_string() } else { base });
        let depth = level as u8;
        if (2..=4).contains(&depth) {
            self.headings.push((depth, id.clone(), text.trim().to_string()));
        }
        if self.out.first_heading.is_none() {
            self.out.first_heading = Some(text.trim().to_string());
        }
        for (event, range) in inner {
            // only links are rewritten inside a heading; everything else passes as written
            let event = match event {
                Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                    let dest_url = self.link(link_type, dest_url, range.start);
                    Event::Start(Tag::Link { link_type, dest_url, title, id })
                }
                other => other,
            };
            self.pending.push_back(event);
        }
        self.pending.push_back(Event::End(TagEnd::Heading(level)));
        Event::Start(Tag::Heading { level, id: Some(id.into()), classes, attrs })
    }

    fn unique_id(&mut self, base: String) -> String {
        let count = self.used_ids.entry(base.clone()).or_insert(0);
        *count += 1;
        let id = if *count == 1 { base } else { format!("{base}-{}", *count - 1) };
        self.out.ids.push(id.clone());
        id
    }

    fn link(&mut self, link_type: LinkType, dest: CowStr<'a>, offset: usize) -> CowStr<'a> {
        if matches!(link_type, LinkType::Email) {
            return dest;
        }
        let (line, column) = self.locate(offset);
        if let Some(target) = dest.strip_prefix("@/") {
            let (path, fragment) = target.split_once('#').map_or((target, None), |(p, f)| (p, Some(f)));
            let found = self.find_content(path).map(|url| (url, fragment));
            // a file name with a # in it, written as it is
            let found = found.or_else(|| self.find_content(target).map(|url| (url, None)));
            return match found {
                Some((url, fragment)) => {
                    let url = match fragment {
                        Some(fragment) => format!("{url}#{fragment}"),
                        None => url,
                    };
                    self.out.links.push(Link { url: url.clone(), line, column });
                    url.into()
                }
                None => {
                    self.out.diagnostics.push(
                        Diagnostic::error(
                            self.place.file,
                            format!("this link points to content/{path}, which does not exist"),
                        )
                        .at(line, column)
                        .help("check the file name under content/, or remove the link"),
                    );
                    dest
                }
            };
        }
        let lower = dest.trim().to_ascii_lowercase();
        if lower.starts_with("javascript:") {
            self.warn(
                offset,
                "this link runs a script (javascript:), which Shingle does not publish safely",
                "link to a page or a web address instead",
            );
        } else if dest.starts_with('/') && !dest.starts_with("//") {
            self.warn(
                offset,
                &format!("the link '{dest}' starts with '/', so it breaks when the site lives under a sub-path"),
                &format!("link to the content file instead, for example [text](@/{}.md)", dest.trim_matches('/')),
            );
            self.out.links.push(Link { url: dest.to_string(), line, column });
        } else if dest.starts_with('#') {
            self.out.links.push(Link { url: dest.to_string(), line, column });
        }
        dest
    }

    /// The URL of a content file named in an `@/` link, as written or with `%20`-style escapes
    /// decoded (editors write spaces and accents in links that way).
    fn find_content(&self, path: &str) -> Option<String> {
        self.resolver.content_url(path).or_else(|| self.resolver.content_url(&percent_decode(path)?))
    }

    fn image(&mut self, dest: CowStr<'a>, title: CowStr<'a>, offset: usize) -> Event<'a> {
        let mut alt = String::new();
        let mut depth = 0;
        for (event, _) in self.events.by_ref() {
            match event {
                Event::Start(_) => depth += 1,
                Event::End(TagEnd::Image) if depth == 0 => break,
                Event::End(_) => depth -= 1,
                Event::Text(t) | Event::Code(t) => alt.push_str(&t),
                _ => {}
            }
        }
        let (line, column) = self.locate(offset);
        if alt.trim().is_empty() {
            self.warn(
                offset,
                "this image has no alt text",
                "describe the image between the brackets: ![What the picture shows](…)",
            );
        }
        let external = crate::url::is_external(&dest);
        let mut size = None;
        let mut src = dest.to_string();
        let mut picture = None;
        if !external {
            let path = dest.trim_start_matches("@/").trim_start_matches('/');
            let path = path.split(['?', '#']).next().unwrap_or(path);
            let file = self.resolver.static_file(path).or_else(|| self.resolver.static_file(&percent_decode(path)?));
            match file {
                Some(file) => {
                    src = file.url;
                    size = file.size;
                    match file.picture {
                        Some(Ok(shown)) => {
                            self.out.pictures.push(path.to_string());
                            picture = Some(shown);
                        }
                        Some(Err(refusal)) => {
                            let (message, help) = refusal.explain();
                            self.out.diagnostics.push(
                                Diagnostic::error(self.place.file, format!("{message} (static/{path})"))
                                    .at(line, column)
                                    .help(help),
                            );
                        }
                        None => {}
                    }
                }
                None => {
                    let close = self.resolver.static_file_named_alike(path);
                    let help = match close {
                        Some(close) => format!(
                            "did you mean '{close}'? Names must match exactly, capitals included: your computer may not mind, but web hosts do"
                        ),
                        None => format!("put the file at static/{path}, or correct the path"),
                    };
                    self.out.diagnostics.push(
                        Diagnostic::error(self.place.file, format!("the image '{dest}' does not exist"))
                            .at(line, column)
                            .help(help),
                    );
                }
            }
        }
        if let Some(picture) = picture {
            return Event::InlineHtml(picture_html(&picture, alt.trim(), &title, CONTENT_SIZES).into());
        }
        let mut tag = format!("<img src=\"{}\" alt=\"{}\"", escape(&src), escape(alt.trim()));
        if !title.is_empty() {
            tag.push_str(&format!(" title=\"{}\"", escape(&title)));
        }
        if let Some((width, height)) = size {
            tag.push_str(&format!(" width=\"{width}\" height=\"{height}\""));
        }
        tag.push_str(" loading=\"lazy\" decoding=\"async\">");
        Event::InlineHtml(tag.into())
    }

    fn code(&mut self, kind: pulldown_cmark::CodeBlockKind<'a>) -> Event<'a> {
        let mut code = String::new();
        for (event, _) in self.events.by_ref() {
            match event {
                Event::End(TagEnd::CodeBlock) => break,
                Event::Text(t) => code.push_str(&t),
                _ => {}
            }
        }
        let language = match &kind {
            pulldown_cmark::CodeBlockKind::Fenced(info) => info.to_string(),
            pulldown_cmark::CodeBlockKind::Indented => String::new(),
        };
        let html = self.resolver.code_block(&code, &language);
        if html.contains("class=\"hl-") {
            self.out.has_code = true;
        }
        Event::Html(html.into())
    }

    fn check_raw_html(&mut self, raw: &str, offset: usize) {
        let lower = raw.to_ascii_lowercase();
        if lower.contains("<script") {
            self.warn(
                offset,
                "raw <script> in Markdown runs code on your site",
                "remove it; for a booking widget, use the booking settings in site.toml",
            );
        } else if lower.contains("javascript:") {
            self.warn(
                offset,
                "a javascript: link in Markdown runs code on your site",
                "link to a page or a web address instead",
            );
        } else if has_event_handler(&lower) {
            self.warn(
                offset,
                "an HTML event handler (such as onerror=) in Markdown runs code on your site",
                "remove the on…= attribute",
            );
        }
    }

    fn warn(&mut self, offset: usize, message: &str, help: &str) {
        let (line, column) = self.locate(offset);
        let mut d = Diagnostic::error(self.place.file, message).at(line, column).help(help);
        d.severity = Severity::Warning;
        self.out.diagnostics.push(d);
    }

    /// Line and column of a body offset. Offsets mostly grow while rendering, so the count of
    /// lines resumes from the last position asked for instead of starting over.
    fn locate(&mut self, offset: usize) -> (usize, usize) {
        let text = self.place.text;
        let target = (self.place.offset + offset).min(text.len());
        let (mut at, mut line, mut line_start) = self.cursor;
        if target < at {
            (at, line, line_start) = (0, 1, 0);
        }
        for (i, byte) in text.as_bytes()[at..target].iter().enumerate() {
            if *byte == b'\n' {
                line += 1;
                line_start = at + i + 1;
            }
        }
        self.cursor = (target, line, line_start);
        let column = line_col(&text[line_start..], target - line_start).1;
        (line, column)
    }

    fn finish(mut self) -> Html {
        self.out.toc = nest(&self.headings);
        self.out
    }
}

/// Whether a tag carries an `on…=` attribute. Browsers also accept one after a slash, a quote or
/// a line break (`<svg/onload=…>`), so any of those may stand before it, not just a space.
fn has_event_handler(lower: &str) -> bool {
    let bytes = lower.as_bytes();
    let mut i = 0;
    while let Some(found) = lower[i..].find("on") {
        let at = i + found;
        let start = at + 2;
        let before = if at == 0 { b' ' } else { bytes[at - 1] };
        let name_len = bytes[start..].iter().take_while(|b| b.is_ascii_alphabetic()).count();
        let after = lower[start + name_len..].trim_start();
        if matches!(before, b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'"' | b'\'')
            && name_len > 1
            && after.starts_with('=')
        {
            return true;
        }
        i = start;
    }
    false
}

/// How many words `text` has, as `split_whitespace` counts them, a byte at a time.
fn words(text: &str) -> usize {
    let bytes = text.as_bytes();
    // branchless, so the compiler can test many bytes at once
    let space = |b: u8| u8::from(b == b' ') | u8::from(b.wrapping_sub(b'\t') < 5);
    if text.is_ascii() {
        // a word starts at a byte that is not a space, after one that is (or at the start)
        let first = bytes.first().map_or(0, |&b| usize::from(space(b) ^ 1));
        let starts: usize =
            bytes.iter().zip(&bytes[1.min(bytes.len())..]).map(|(&a, &b)| usize::from(space(a) & (space(b) ^ 1))).sum();
        return first + starts;
    }
    let mut count = 0;
    let mut in_word = false;
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        // ASCII, nearly all of it, without branches; the rest may be a wider space
        let width = if byte < 0x80 { usize::from(space(byte)) } else { whitespace_at(bytes, i) };
        count += usize::from(width == 0 && !in_word);
        in_word = width == 0;
        i += width.max(1);
    }
    count
}

/// The length in bytes of the Unicode white space character starting at `i` (0 if none): the
/// ASCII ones, NEL, no-break space, the Ogham space mark, the spaces U+2000–U+200A, the line and
/// paragraph separators, the narrow no-break and medium mathematical spaces, the ideographic space.
fn whitespace_at(bytes: &[u8], i: usize) -> usize {
    match bytes[i] {
        b'\t'..=b'\r' | b' ' => 1,
        0xc2 if matches!(bytes.get(i + 1), Some(0x85 | 0xa0)) => 2,
        0xe1 if bytes.get(i + 1..i + 3) == Some(&[0x9a, 0x80]) => 3,
        0xe2 => match (bytes.get(i + 1), bytes.get(i + 2)) {
            (Some(0x80), Some(0x80..=0x8a | 0xa8 | 0xa9 | 0xaf)) | (Some(0x81), Some(0x9f)) => 3,
            _ => 0,
        },
        0xe3 if bytes.get(i + 1..i + 3) == Some(&[0x80, 0x80]) => 3,
        _ => 0,
    }
}

/// `Caf%C3%A9%20menu.md` → `Café menu.md`; `None` when there was nothing to decode.
fn percent_decode(text: &str) -> Option<String> {
    match crate::url::decode(text) {
        std::borrow::Cow::Owned(decoded) => Some(decoded),
        std::borrow::Cow::Borrowed(_) => None,
    }
}

/// Builds the nested table of contents from a flat list of headings.
fn nest(headings: &[(u8, String, String)]) -> Vec<TocEntry> {
    let mut roots: Vec<TocEntry> = Vec::new();
    for (level, id, title) in headings {
        let entry = TocEntry { level: *level, id: id.clone(), title: title.clone(), children: Vec::new() };
        insert(&mut roots, entry);
    }
    roots
}

fn insert(siblings: &mut Vec<TocEntry>, entry: TocEntry) {
    match siblings.last_mut() {
        Some(last) if last.level < entry.level => insert(&mut last.children, entry),
        _ => siblings.push(entry),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_counted_as_split_whitespace_counts_them() {
        for text in [
            "",
            "one",
            " two  words ",
            "it’s “quoted” — fine",
            "no\u{a0}break\u{3000}ideo\u{2009}thin\u{85}nel",
            "£45 per\thour\n",
            "\u{1680}x\u{205f}y\u{2028}z",
        ] {
            assert_eq!(words(text), text.split_whitespace().count(), "{text:?}");
        }
    }

    struct Site;
    impl Resolver for Site {
        fn content_url(&self, path: &str) -> Option<String> {
            (path == "about.md").then(|| "/repo/about/".to_string())
        }
        fn static_file(&self, path: &str) -> Option<StaticFile> {
            (path == "images/a.png").then(|| StaticFile {
                url: "/repo/images/a.png".into(),
                size: Some((10, 20)),
                picture: None,
            })
        }
        fn base_path(&self) -> &str {
            "/repo/"
        }
    }

    fn md(text: &str) -> Html {
        render(&Place { file: "content/x.md", text, offset: 0 }, &Site)
    }

    #[test]
    fn headings_get_unique_ids_and_a_toc() {
        let html = md("## Pricing\n\n### Hourly\n\n## Pricing\n");
        assert!(html.html.contains("<h2 id=\"pricing\">Pricing</h2>"), "{}", html.html);
        assert!(html.html.contains("<h2 id=\"pricing-1\">"));
        assert_eq!(html.toc.len(), 2);
        assert_eq!(html.toc[0].children[0].id, "hourly");
    }

    #[test]
    fn at_links_resolve_and_dangling_ones_fail() {
        let html = md("[About](@/about.md#me) and [gone](@/nope.md)");
        assert!(html.html.contains("href=\"/repo/about/#me\""));
        assert_eq!(
            html.diagnostics[0].to_string(),
            "content/x.md:1:28: error: this link points to content/nope.md, which does not exist\n  check the file name under content/, or remove the link"
        );
    }

    #[test]
    fn images_are_sized_and_checked() {
        let html = md("![A chart](images/a.png)\n\n![](missing.png)");
        assert!(
            html.html.contains(
                "<img src=\"/repo/images/a.png\" alt=\"A chart\" width=\"10\" height=\"20\" loading=\"lazy\""
            )
        );
        assert_eq!(html.diagnostics.len(), 2);
    }

    #[test]
    fn summary_ends_at_more() {
        let html = md("Intro\n\n<!-- more -->\n\nRest");
        assert_eq!(html.summary.as_deref(), Some("<p>Intro</p>\n"));
        assert!(!html.html.contains("more"));
    }

    #[test]
    fn scripts_are_flagged() {
        let html = md("<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>");
        assert_eq!(html.diagnostics.len(), 2);
        assert!(html.diagnostics.iter().all(|d| d.severity == Severity::Warning));
    }
}
