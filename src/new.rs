//! `shingle new KIND "Title"`: writes one content file with every front-matter field of its kind,
//! the needed ones filled in and the others commented out with a note and an example, so a VA can
//! fill it in without looking anything up. It never overwrites a file. The date it writes is today's.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cli::NewKind;
use crate::content::slug::{is_reserved_on_windows, slugify};
use crate::date::Date;
use crate::error::Error;

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
    let text = match kind {
        NewKind::Service => service(title),
        NewKind::Testimonial => testimonial(title, &today(), &names_in(root, "content/services")),
        NewKind::CaseStudy => case_study(title, &today(), &names_in(root, "content/services")),
        NewKind::Post => post(title, &today()),
        NewKind::Page => page(title),
    };
    write_new(&path, &text)?;
    Ok(path)
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

/// A TOML string: `Jo's "best" list` → `"Jo's \"best\" list"`.
fn quote(text: &str) -> String {
    let mut quoted = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\t' => quoted.push_str("\\t"),
            c if c.is_control() => quoted.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// The fields every page has, commented out; `slug_example` shows the address they change.
fn page_fields(slug_example: &str, template: &str) -> String {
    format!(
        r#"# Where it comes in lists and menus: lower numbers first.
# weight = 1
# A different last part of the address than the file name gives: {slug_example}
# slug = "a-shorter-name"
# Old addresses of this page that should lead here, for example after renaming it.
# aliases = ["old-name/"]
# Another layout of the theme for this page (for designers).
# template = "{template}"
"#
    )
}

const EXTRA: &str = r#"
# Free-form settings for a custom template: remove the # in front of [extra] and add your own.
# [extra]
"#;

fn service(title: &str) -> String {
    format!(
        r#"+++
# The name of the service, in the words a client would use.
title = {title}
# One or two sentences for search engines and for links shared on social media.
# description = "What this service is, and who it is for."
# One sentence for the service cards on the home page and the services page.
# summary = "A calm inbox every morning, without lifting a finger."
# A small picture for the card, such as "inbox", "calendar", "bookkeeping", "social" or "users".
# icon = "inbox"
# true shows this service on the home page.
# featured = true
# What the client gets, one item each.
# deliverables = ["Daily inbox triage", "A weekly summary of what was done"]
# How quickly you deliver.
# turnaround = "Within two working days"
# Who the service suits best.
# ideal_for = ["Founders who spend an hour a day on email"]
# The software you use for it.
# tools = ["Gmail", "Outlook"]
{fields}# true keeps this page off your published site while you work on it.
# draft = true

# How the service is priced: remove the # in front of [pricing] and of the lines you need.
# [pricing]
# model = "hourly"         # hourly, block, retainer, package, project or quote
# from = 35                # your lowest price; a price needs a currency
# currency = "GBP"         # the three capital letters of the currency: GBP, USD, EUR, AUD…
# unit = "hour"            # what the price is for: hour, month, project…
# minimum_hours = 2        # the fewest hours a client can book
# increment_minutes = 15   # the steps time is billed in
# rollover_hours = 2       # unused hours that carry over to the next month (0 = none)
# billing = "prepaid"      # prepaid (paid in advance) or arrears (invoiced after the work)
# term_months = 3          # the shortest a retainer can run, in months

# One [[packages]] block per plan, if you sell fixed plans: copy the block for each one.
# [[packages]]
# name = "Starter"
# price = 300
# unit = "month"
# hours = 10
# features = ["10 hours a month", "Replies within one business day"]
# description = "For steady weekly admin."
# highlighted = true       # marks the plan you recommend

# A button just for this service; without it, the booking link from site.toml is used.
# [cta]
# label = "Book a call about this service"
# url = "https://booking.example/your-name/this-service"
{EXTRA}+++

Describe this service in your own words. Start with the problem your client has, then say what you
do about it and what their week looks like afterwards.

## What's included

Explain the work in a little more detail: how often you check in, what you will and won't do, and
how you report on it.
"#,
        title = quote(title),
        fields = page_fields("/services/a-shorter-name/", "service.html"),
    )
}

fn testimonial(author: &str, today: &Date, services: &[String]) -> String {
    let service = services.first().map_or("inbox-management", String::as_str);
    let on_this_site = if services.is_empty() {
        String::new()
    } else {
        format!("\n# The services on this site: {}.", services.join(", "))
    };
    format!(
        r#"+++
# A client's words about working with you. A testimonial has no page of its own: it appears on your
# home page and on the pages of the services it names.
# It starts as a draft, so it stays off your site. Once the client has agreed to be quoted,
# remove the # in front of consent = true and delete the draft line.
draft = true
# consent = true           # only once the client has agreed to be quoted on your site
# The client's name, as they are happy to see it ("Jane S." is fine).
author = {author}
# Their job title, their business and its website.
# role = "Founder"
# company = "Their Business Ltd"
# company_url = "https://their-business.example"
# The day they gave you the quote.
# date = {today}
# A photo of them in static/images/ (with their permission), and a description of it.
# avatar = "images/client-photo.jpg"
# avatar_alt = "The client smiling at the camera"
# A star rating from 1 to 5, if they gave one.
# rating = 5
# The services they used: file names in content/services/, without .md.{on_this_site}
# services = ["{service}"]
# The case study about their project: a file name in content/work/, without .md.
# case_study = "their-project"
# Where they first gave the quote: direct, linkedin, google, upwork or other, and a link to it.
# source = "linkedin"
# source_url = "https://www.linkedin.com/in/their-name"
# Anything a reader should know, shown with the quote, such as "A former colleague".
# relationship = "A former colleague"
# Where it comes in lists: lower numbers first.
# weight = 1
{EXTRA}+++

Paste the client's words here, exactly as they gave them.
"#,
        author = quote(author),
    )
}

fn case_study(title: &str, today: &Date, services: &[String]) -> String {
    let service = services.first().map_or("inbox-management", String::as_str);
    format!(
        r#"+++
# The headline of the story: the result, in a few words.
title = {title}
# The client's business name. If they prefer not to be named, delete this line and remove the #
# in front of anonymized = true.
client = "The client's business name"
# anonymized = true
# One or two sentences for search engines and for links shared on social media.
# description = "How a small business got its evenings back."
# One sentence for the case study cards.
# summary = "From 400 unread emails to a clear inbox every evening."
# When the project finished.
# date = {today}
# The client's line of work.
# industry = "Professional services"
# The services you provided: file names in content/services/, without .md.
# services = ["{service}"]
# The software you used.
# tools = ["Gmail", "Trello"]
# The client's testimonial about this project: a file name in content/testimonials/, without .md.
# testimonial = "client-name"
# A picture at the top, in static/images/, and a description of it.
# cover = "images/project.jpg"
# cover_alt = "What the picture shows"
{fields}# true keeps this page off your published site while you work on it.
# draft = true

# One [[results]] block per result you can point to: copy the block for each one.
# [[results]]
# metric = "Time spent on email"
# value = "down from 2 hours to 20 minutes a day"
# period = "after one month"
{EXTRA}+++

Tell the story in three short parts, with your client's permission.

## The situation

What the client was struggling with when they came to you, in their words.

## What I did

The work you did, step by step, and the tools you used.

## The outcome

What changed, with numbers where you have them.
"#,
        title = quote(title),
        fields = page_fields("/work/a-shorter-name/", "case-study.html"),
    )
}

fn post(title: &str, today: &Date) -> String {
    format!(
        r#"+++
title = {title}
# The day the post is published. Posts are listed newest first.
date = {today}
# A draft stays off your published site: delete this line when the post is ready.
# `shingle serve` shows drafts while you write.
draft = true
# One or two sentences for search engines and for links shared on social media.
# description = "What the reader will learn from this post."
# A short summary for the blog page. Without it, the text before <!-- more --> is used.
# summary = "One or two sentences that make people want to read on."
# A few words that group related posts. Each tag gets its own page and feed.
# tags = ["productivity"]
# The day you last changed the post in a meaningful way.
# updated = {today}
# A picture at the top, in static/images/, and a description of it.
# cover = "images/post-picture.jpg"
# cover_alt = "What the picture shows"
{fields}{EXTRA}+++

Write the opening of your post here: a sentence or two that says what the reader will get from it.

<!-- more -->

Then the rest of the post. Headings that start with ## break a long post into parts.
"#,
        title = quote(title),
        fields = page_fields("/blog/a-shorter-name/", "post.html"),
    )
}

fn page(title: &str) -> String {
    format!(
        r#"+++
title = {title}
# One or two sentences for search engines and for links shared on social media.
# description = "What this page is about."
{fields}# true keeps this page off your published site while you work on it.
# draft = true
{EXTRA}+++

Write this page here. Headings that start with ## break it into parts.
"#,
        title = quote(title),
        fields = page_fields("/a-shorter-name/", "page.html"),
    )
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
