//! `shingle new KIND "Title"`: writes one content file with every front-matter field of its kind,
//! taken from the kind's declaration — the needed ones filled in, the others commented out with
//! their help and an example — so a VA can fill it in without looking anything up. It never
//! overwrites a file. The date it writes is today's.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cli::NewKind;
use crate::content::Kind;
use crate::content::schema::{self, Field, quote};
use crate::content::slug::slugify;
use crate::context::is_reserved_on_windows;
use crate::date::Date;
use crate::error::Error;
use crate::examples;

/// List pages Shingle makes itself: a plain page cannot take their address.
const RESERVED: &[(&str, &str)] = &[
    ("services", "the list of your services"),
    ("work", "the list of your case studies"),
    ("blog", "the list of your blog posts"),
    ("tags", "the list of your blog's tags"),
    ("testimonials", "your testimonials"),
];

/// Creates a content file of `kind` titled `title` in the site at `root`; returns its path.
pub fn create(root: &Path, kind: NewKind, title: &str) -> Result<PathBuf, Error> {
    if !root.join("site.toml").is_file() {
        return Err(Error::Other(format!(
            "there is no site.toml in {}\n  run Shingle in your site's folder, point --root at it, or start a new site with: shingle init my-site",
            root.display()
        )));
    }
    let title = title.trim();
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(Error::Other(format!(
            "the title '{title}' has no letters or digits to make a file name from\n  give it a title with words in it, for example: shingle new {} \"Inbox management\"",
            kind_name(kind)
        )));
    }
    if is_reserved_on_windows(&slug) {
        return Err(Error::Other(format!(
            "a file called {slug}.md cannot be opened on Windows\n  choose another title, for example: shingle new {} \"{title} page\"",
            kind_name(kind)
        )));
    }
    let folder = match kind {
        NewKind::Service => "content/services",
        NewKind::Testimonial => "content/testimonials",
        NewKind::CaseStudy => "content/work",
        NewKind::Post => "content/blog",
        NewKind::Page => "content",
    };
    if kind == NewKind::Page
        && let Some((_, what)) = RESERVED.iter().find(|(name, _)| *name == slug)
    {
        return Err(Error::Other(format!(
            "a page called '{slug}' would take the address /{slug}/, which Shingle uses for {what}\n  choose another title; to change that list page's title and introduction, edit content/{slug}/_index.md"
        )));
    }
    let rel = format!("{folder}/{slug}.md");
    let path = root.join(&rel);
    write_new(&path, &text(root, kind, title))?;
    Ok(path)
}

/// The text of a new file of `kind` titled `title` in the site at `root` (the editor's "New"
/// writes the same file).
pub fn text(root: &Path, kind: NewKind, title: &str) -> String {
    match kind {
        NewKind::Service => service(title),
        NewKind::Testimonial => testimonial(title, &today(), &names_in(root, "content/services")),
        NewKind::CaseStudy => case_study(title, &today(), &names_in(root, "content/services")),
        NewKind::Post => post(title, &today()),
        NewKind::Page => page(title),
    }
}

/// Why a page may not be called `slug`: it would take the address of a list Shingle makes.
pub fn reserved(slug: &str) -> Option<&'static str> {
    RESERVED.iter().find(|(name, _)| *name == slug).map(|(_, what)| *what)
}

fn kind_name(kind: NewKind) -> &'static str {
    match kind {
        NewKind::Service => "service",
        NewKind::Testimonial => "testimonial",
        NewKind::CaseStudy => "case-study",
        NewKind::Post => "post",
        NewKind::Page => "page",
    }
}

/// Writes `text` to a file that must not exist yet.
fn write_new(path: &Path, text: &str) -> Result<(), Error> {
    let exists = || {
        Error::Other(format!(
            "{} already exists, so Shingle left it as it was\n  choose a different title, or open the file and edit it",
            path.display()
        ))
    };
    if path.exists() {
        return Err(exists());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, "create the folder", &e))?;
    }
    // create_new: a file that appeared since the check above is still never overwritten
    let mut file = match std::fs::OpenOptions::new().write(true).create_new(true).open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(exists()),
        Err(e) => return Err(Error::io(path, "create", &e)),
    };
    file.write_all(text.as_bytes()).map_err(|e| Error::io(path, "write", &e))
}

/// Today's date from the system clock (UTC).
pub fn today() -> Date {
    let seconds = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    date_from_days((seconds / 86_400) as i64)
}

/// The calendar date `days` days after 1970-01-01 (the civil-from-days conversion).
fn date_from_days(days: i64) -> Date {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    Date { year: year as u16, month: month as u8, day: day as u8 }
}

/// The file names (without .md) in a content folder, as slugs, for examples.
fn names_in(root: &Path, folder: &str) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(root.join(folder)) else { return Vec::new() };
    let mut names: Vec<String> = entries
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| entry.file_name().to_str().and_then(|n| n.strip_suffix(".md")).map(slugify))
        .filter(|name| !name.is_empty() && name != "index")
        .collect();
    names.sort();
    names
}

/// Whether a field is written filled in, or commented out for the VA to fill in.
enum Line {
    /// `name = value`.
    Filled(String),
    /// `# name = example`, with this example instead of the declared one.
    Example(String),
}

/// The front matter of a new file of `kind`: every field of the kind from its declaration, with
/// its help above it; the fields in `first` come first, filled in or with the example given, the
/// rest commented out with their declared example. Tables and lists of tables come last, as blocks
/// to uncomment; `[extra]` at the very end.
fn front_matter(kind: Kind, intro: &str, first: &[(&str, Line)], notes: &[(&str, String)]) -> String {
    let fields = schema::fields(kind);
    let mut text = String::from("+++\n");
    for line in intro.lines() {
        text.push_str(&format!("# {line}\n"));
    }
    text.push('\n');
    let note =
        |name: &str| notes.iter().find(|(n, _)| *n == name).map(|(_, note)| format!(" {note}")).unwrap_or_default();
    let folder = kind.place().trim_start_matches("content").trim_end_matches("<name>.md");
    let template = match kind {
        Kind::Service => "service.html",
        Kind::CaseStudy => "case-study.html",
        Kind::Post => "post.html",
        _ => "page.html",
    };
    let example = |field: &Field| match field.name.as_str() {
        "template" => quote(template),
        _ => example(field),
    };
    let slug_note = format!("For example {folder}a-shorter-name/.");
    let note = |name: &str| if name == "slug" { format!(" {slug_note}") } else { note(name) };
    let plain = |f: &&Field| f.table.is_empty() && f.name != "extra";
    let mut ordered: Vec<(&Field, Option<&Line>)> = Vec::new();
    for (name, line) in first {
        if let Some(field) = fields.iter().find(|f| f.name == *name) {
            ordered.push((field, Some(line)));
        }
    }
    for field in fields.iter().filter(plain) {
        if !first.iter().any(|(name, _)| *name == field.name) {
            ordered.push((field, None));
        }
    }
    for (field, line) in ordered {
        text.push_str(&format!("# {}{}\n", field.help, note(&field.name)));
        match line {
            Some(Line::Filled(value)) => text.push_str(&format!("{} = {value}\n", field.name)),
            Some(Line::Example(example)) => text.push_str(&format!("# {} = {example}\n", field.name)),
            None => text.push_str(&format!("# {} = {}\n", field.name, example(field))),
        }
    }
    for field in fields.iter().filter(|f| !f.table.is_empty()) {
        let (open, how) = if field.is_table_list() {
            (format!("[[{}]]", field.name), "Copy the block for each one.".to_string())
        } else {
            (
                format!("[{}]", field.name),
                format!("Remove the # in front of [{}] and of the lines you need.", field.name),
            )
        };
        text.push_str(&format!("\n# {} {how}\n# {open}\n", field.help));
        let lines: Vec<String> =
            field.table.iter().map(|inner| format!("{} = {}", inner.name, example(inner))).collect();
        let width = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
        for (inner, line) in field.table.iter().zip(lines) {
            let pad = width - line.chars().count();
            text.push_str(&format!("# {line}{}   # {}\n", " ".repeat(pad), inner.help));
        }
    }
    if let Some(extra) = fields.iter().find(|f| f.name == "extra") {
        text.push_str(&format!("\n# {} Remove the # in front of [extra] to use it.\n# [extra]\n", extra.help));
    }
    text.push_str("+++\n");
    text
}

/// A field's declared example as TOML.
fn example(field: &Field) -> String {
    field.example.as_ref().map_or_else(|| "\"\"".to_string(), |value| schema::toml_value(value, field))
}

fn service(title: &str) -> String {
    let front = front_matter(
        Kind::Service,
        "A service you offer. Only the title is needed; remove the # in front of the lines you want.",
        &[("title", Line::Filled(quote(title)))],
        &[],
    );
    format!("{front}\n{}", examples::unmarked(examples::new_file::SERVICE))
}

fn testimonial(author: &str, today: &Date, services: &[String]) -> String {
    let service = services.first().map_or("inbox-management", String::as_str);
    let on_this_site = if services.is_empty() {
        String::new()
    } else {
        format!("The services on this site: {}.", services.join(", "))
    };
    let front = front_matter(
        Kind::Testimonial,
        "A client's words about working with you. A testimonial has no page of its own: it appears on your
home page and on the pages of the services it names.
It starts as a draft, so it stays off your site. Once the client has agreed to be quoted,
remove the # in front of consent = true and delete the draft line.",
        &[
            ("draft", Line::Filled("true".to_string())),
            ("consent", Line::Example("true".to_string())),
            ("author", Line::Filled(quote(author))),
            ("date", Line::Example(today.iso())),
            ("services", Line::Example(format!("[{}]", quote(service)))),
        ],
        &[("services", on_this_site)],
    );
    format!("{front}\n{}", examples::unmarked(examples::new_file::TESTIMONIAL))
}

fn case_study(title: &str, today: &Date, services: &[String]) -> String {
    let service = services.first().map_or("inbox-management", String::as_str);
    let front = front_matter(
        Kind::CaseStudy,
        "The story of one client's project, told with their permission.",
        &[
            ("title", Line::Filled(quote(title))),
            ("client", Line::Filled(quote("The client's business name"))),
            ("anonymized", Line::Example("true".to_string())),
            ("date", Line::Example(today.iso())),
            ("services", Line::Example(format!("[{}]", quote(service)))),
        ],
        &[],
    );
    format!("{front}\n{}", examples::unmarked(examples::new_file::CASE_STUDY))
}

fn post(title: &str, today: &Date) -> String {
    let front = front_matter(
        Kind::Post,
        "A blog post. It starts as a draft, which stays off your published site: delete the draft line
when the post is ready. `shingle serve` shows drafts while you write.",
        &[
            ("title", Line::Filled(quote(title))),
            ("date", Line::Filled(today.iso())),
            ("draft", Line::Filled("true".to_string())),
            ("updated", Line::Example(today.iso())),
        ],
        &[],
    );
    format!("{front}\n{}", examples::unmarked(examples::new_file::POST))
}

fn page(title: &str) -> String {
    let front = front_matter(
        Kind::Page,
        "A page of your site. Only the title is needed; remove the # in front of the lines you want.",
        &[("title", Line::Filled(quote(title)))],
        &[],
    );
    format!("{front}\n{}", examples::unmarked(examples::new_file::PAGE))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_become_dates() {
        assert_eq!(date_from_days(0).iso(), "1970-01-01");
        assert_eq!(date_from_days(11_016).iso(), "2000-02-29");
        assert_eq!(date_from_days(19_861).iso(), "2024-05-18");
        assert_eq!(date_from_days(20_453).iso(), "2025-12-31");
    }

    #[test]
    fn titles_are_quoted_for_toml() {
        assert_eq!(quote(r#"Jo's "best" \ list"#), r#""Jo's \"best\" \\ list""#);
    }

    #[test]
    fn every_file_is_valid_front_matter_for_its_kind() {
        use crate::content::{Front, Kind};
        use crate::toml_error::TomlSource;
        let today = Date { year: 2024, month: 5, day: 18 };
        let services = vec!["inbox".to_string()];
        for (kind, text) in [
            (Kind::Service, service("Inbox \"help\"")),
            (Kind::Testimonial, testimonial("Jane", &today, &services)),
            (Kind::CaseStudy, case_study("Calm", &today, &[])),
            (Kind::Post, post("Hello", &today)),
            (Kind::Page, page("About")),
        ] {
            let front = text.split("+++").nth(1).expect("front matter");
            let source = TomlSource { file: "x.md", file_text: front, offset: 0 };
            assert!(Front::parse(&source, kind).is_ok(), "{kind}:\n{text}");
            // uncommenting every example must still give valid front matter of this kind
            let all: String = front
                .lines()
                .map(|l| l.strip_prefix("# ").filter(|rest| looks_like_toml(rest)).unwrap_or(l))
                .collect::<Vec<_>>()
                .join("\n");
            let source = TomlSource { file: "x.md", file_text: &all, offset: 0 };
            assert!(Front::parse(&source, kind).is_ok(), "{kind} uncommented:\n{all}");
        }
    }

    fn looks_like_toml(line: &str) -> bool {
        line.starts_with('[') || line.split_once(" = ").is_some_and(|(key, _)| !key.contains(' '))
    }
}
