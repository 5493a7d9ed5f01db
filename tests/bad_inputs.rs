//! Every row of the bad-inputs list (rows 1–32) and the answer Shingle gives, verbatim: an error
//! that stops the build (exit 1) or a warning that lets it go on. Each test is named after its
//! row; a row already asserted in `errors.rs` or `build.rs` has a comment here naming that test.
//! The output folder's rows (26–28) are in `output_safety.rs`. Also here: the inputs that once
//! crashed the fuzzer, replayed.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{SiteTest, copy_dir, fixtures, tree};
use shingle::commands::build::render;
use shingle::load::{LoaderOptions, load};
use shingle::render::Mode;

/// A small valid site with the plain test theme, so successful builds do not depend on how a
/// built-in theme looks today.
fn plain() -> SiteTest {
    let site = SiteTest::minimal().file(
        "site.toml",
        "title = \"Test Desk\"\nbase_url = \"https://test.example\"\ntheme = \"plain\"\n\n[booking]\nurl = \"https://cal.example/t\"\nlabel = \"Book\"\n",
    );
    copy_dir(&fixtures().join("basic/site/themes"), &site.root().join("themes"));
    // the theme's own service page expects prices; these tests mostly have none
    site.file(
        "templates/service.html",
        "{% extends \"base.html\" %}{% block main %}<h1>{{ page.title }}</h1>{{ page.content | safe }}{% endblock main %}",
    )
}

/// Asserts a successful build whose warnings are exactly `expected` (the summary line aside).
fn builds_with_warnings(site: &SiteTest, expected: &str) {
    let run = site.build().success();
    assert_eq!(run.stderr(), expected, "\n--- stdout ---\n{}", run.stdout());
}

// Rows 1 and 2 (invalid TOML, front matter never closed): errors.rs
// invalid_toml_points_at_the_unclosed_quote and front_matter_never_closed.

/// Row 3. A build stops at an empty file (errors.rs::empty_file), but the preview only warns:
/// editors create a file empty and fill it a moment later, and the preview must not flash an
/// error for that. A file holding only blank lines is treated the same way.
#[test]
fn row_03_empty_file_is_a_warning_while_previewing() {
    let site = plain().file("content/new-page.md", "").file("content/blank.md", "\n  \r\n\n");
    let loaded =
        load(site.root(), LoaderOptions { base_url: None, drafts: true, preview: true }).expect("the preview loads");
    let warnings: Vec<String> = loaded.site.warnings().iter().map(ToString::to_string).collect();
    let help = "\n  write front matter and some text, for example:\n  +++\n  title = \"About me\"\n  +++\n  A few words about you.";
    assert_eq!(
        warnings,
        [
            format!("content/blank.md: warning: the file is empty{help}"),
            format!("content/new-page.md: warning: the file is empty{help}"),
        ]
    );
    let files = render(&loaded, Mode::Serve).expect("the preview renders");
    assert!(files.iter().any(|f| f.path == "index.html"));
    assert!(!files.iter().any(|f| f.path.starts_with("new-page/")), "an empty file makes no page");
    site.build().fails_with(&format!(
        "content/blank.md: error: the file is empty{help}\ncontent/new-page.md: error: the file is empty{help}"
    ));
}

#[test]
fn row_04_byte_order_mark_is_accepted_silently() {
    let site = plain().bytes("content/about.md", b"\xEF\xBB\xBF+++\ntitle = \"About me\"\n+++\nHello.\n");
    builds_with_warnings(&site, "");
    assert!(site.read("about/index.html").contains("<h1>About me</h1>"));
    // the mark takes no column: a mistake on line 1 is still at column 1
    plain()
        .bytes("content/a.md", b"\xEF\xBB\xBF---\ntitle: A\n---\n")
        .build()
        .fails_with("content/a.md:1:1: error: front matter must be TOML between +++ lines, not YAML between --- lines\n  replace the front matter with:\n  +++\n  title = \"A\"\n  +++");
}

#[test]
fn row_05_crlf_line_endings_keep_line_numbers_right() {
    let site = plain().file("content/about.md", "+++\r\ntitle = \"About me\"\r\n+++\r\nHello.\r\n\r\n## More\r\n");
    builds_with_warnings(&site, "");
    assert!(site.read("about/index.html").contains("<h2 id=\"more\">More</h2>"));
    plain().file("content/a.md", "+++\r\ntitle = \"A\"\r\ntitel = \"B\"\r\n+++\r\nx\r\n").build().fails_with(
        "content/a.md:3:1: error: unknown field 'titel' (did you mean 'title'?)\n  rename it to 'title', or remove the line",
    );
    plain().file("content/a.md", "+++\r\ntitle = \"A\"\r\nweight = \"x\"\r\n+++\r\nx\r\n").build().fails_with(
        "content/a.md:3:10: error: 'weight' should be a whole number, but it is the text \"x\"\n  write a number without quotes, for example: weight = 3",
    );
    // in the body too: the link is on line 6, column 5
    plain()
        .file("content/a.md", "+++\r\ntitle = \"A\"\r\n+++\r\nFirst.\r\n\r\nSee [x](@/nope.md).\r\n")
        .build()
        .fails_with("content/a.md:6:5: error: this link points to content/nope.md, which does not exist\n  check the file name under content/, or remove the link");
}

/// Row 6 is in errors.rs::not_utf8 (Latin-1 in front matter, UTF-16 little-endian); here the
/// big-endian kind, and a Latin-1 byte in the body, found at its line.
#[test]
fn row_06_utf16_or_latin1() {
    plain().bytes("content/a.md", b"\xfe\xff\x00+\x00+").build().fails_with(
        "content/a.md: error: the file is saved as UTF-16, but Shingle reads UTF-8 only\n  open it in your editor and save it again with the encoding \"UTF-8\"",
    );
    plain().bytes("content/a.md", b"+++\ntitle = \"A\"\n+++\nNa\xefve text.\n").build().fails_with(
        "content/a.md:4:3: error: the file is not saved as UTF-8 (it looks like Latin-1 or Windows-1252)\n  open it in your editor and save it again with the encoding \"UTF-8\"",
    );
}

// Rows 7, 8 and 9 (wrong type, bad date, same key twice): errors.rs
// wrong_type_says_what_was_expected, bad_dates_show_a_correct_one, same_key_twice_names_both_lines.

/// Row 10 with the list's own example (errors.rs has `sumary`).
#[test]
fn row_10_misspelled_title() {
    plain().file("content/a.md", "+++\ntitel = \"A\"\n+++\nx\n").build().fails_with(
        "content/a.md:2:1: error: unknown field 'titel' (did you mean 'title'?)\n  rename it to 'title', or remove the line",
    );
}

// Row 11 (YAML front matter): errors.rs::yaml_front_matter_gets_the_toml_shape.

#[test]
fn row_12_no_front_matter_takes_the_title_from_the_heading_or_file_name() {
    let site = plain()
        .file("content/rates.md", "Some words first.\n\n# My Rates\n\nHourly.\n")
        .file("content/my-notes.md", "Just a note, no heading.\n");
    builds_with_warnings(&site, "");
    assert!(site.read("rates/index.html").contains("<title>My Rates — Test Desk</title>"));
    assert!(site.read("my-notes/index.html").contains("<title>My notes — Test Desk</title>"));
}

/// Row 13. A pasted base64 image makes a huge file: it builds (the page is the user's to fix)
/// with a warning saying why it is slow and what to do.
#[test]
fn row_13_fifty_megabyte_file_warns_and_builds() {
    let line = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3ODkr";
    let mut text = String::from("+++\ntitle = \"Logo\"\n+++\nMy logo:\n\n![Logo](data:image/png;base64,");
    while text.len() < 50 * 1024 * 1024 {
        text.push_str(line);
    }
    text.push_str(")\n");
    let site = plain().file("content/logo.md", &text);
    let started = Instant::now();
    builds_with_warnings(
        &site,
        "content/logo.md: warning: this file is 52 MB, which makes a slow page\n  if it holds a pasted image, save the image in static/ and link to it instead\n",
    );
    assert!(started.elapsed() < Duration::from_secs(60), "took {:?}", started.elapsed());
}

/// Row 14, at sizes a debug build checks in a second: deep nesting must not overflow the stack.
/// scripts/resource-bounds measures the full sizes (and a 2,000 × 2,000 table) in release.
#[test]
fn row_14_deep_nesting_and_a_wide_table_build() {
    let depth = 100_000;
    let mut table = String::from("+++\ntitle = \"Rates\"\n+++\n");
    for row in 0..202 {
        let cells: Vec<String> =
            (0..200).map(|col| if row == 1 { "---".to_string() } else { format!("r{row}c{col}") }).collect();
        table.push_str(&format!("|{}|\n", cells.join("|")));
    }
    let site = plain()
        .file("content/quote.md", &format!("+++\ntitle = \"Quote\"\n+++\n{} deep\n", ">".repeat(depth)))
        .file("content/list.md", &format!("+++\ntitle = \"List\"\n+++\n{}deep\n", "- ".repeat(depth)))
        .file("content/mixed.md", &format!("+++\ntitle = \"Mixed\"\n+++\n{}deep\n", "> 1. ".repeat(depth / 2)))
        .file("content/indented.md", &{
            let mut text = String::from("+++\ntitle = \"Indented\"\n+++\n");
            for level in 0..300 {
                text.push_str(&format!("{}- level {level}\n", "  ".repeat(level)));
            }
            text
        })
        .file("content/rates.md", &table);
    let started = Instant::now();
    builds_with_warnings(&site, "");
    assert!(started.elapsed() < Duration::from_secs(60), "took {:?}", started.elapsed());
    assert_eq!(site.read("quote/index.html").matches("<blockquote>").count(), depth);
    assert_eq!(site.read("list/index.html").matches("<ul>").count(), depth);
    assert!(site.read("rates/index.html").contains("<td>r201c199</td>"));
}

/// Row 14 in front matter: TOML nested 100,000 deep stops at the parser's depth limit with a
/// plain message instead of overflowing the stack.
#[test]
fn row_14_deeply_nested_front_matter_is_refused_plainly() {
    let deep = format!("+++\ntitle = \"A\"\n[extra]\nx = {}{}\n+++\nx\n", "[".repeat(100_000), "]".repeat(100_000));
    plain().file("content/a.md", &deep).build().fails_with(
        "content/a.md:4:85: error: lists or tables are nested too deeply here\n  front matter needs only a few levels: check for a run of [ or { that never closes",
    );
}

/// Row 15. Scripts in Markdown earn a warning each; an embedded booking calendar (an iframe
/// from the booking service) is what VAs paste most, and stays quiet.
#[test]
fn row_15_scripts_warn_and_a_booking_embed_does_not() {
    let site = plain()
        .file(
            "content/book.md",
            "+++\ntitle = \"Book a call\"\n+++\nPick a time:\n\n<iframe src=\"https://cal.example/embed/discovery\" width=\"100%\" height=\"700\" title=\"Booking calendar\" loading=\"lazy\"></iframe>\n",
        )
        .file(
            "content/tricks.md",
            "+++\ntitle = \"Tricks\"\n+++\n<script>alert(1)</script>\n\n[Click](javascript:alert(1))\n\n<img src=\"x.png\" alt=\"x\" onerror=\"alert(1)\">\n\nText <a href=\"JavaScript:void(0)\">here</a>.\n\n<svg/onload=alert(1)>\n\n<img src=\"y.png\" alt=\"y\"\nonmouseover=\"alert(1)\">\n",
        );
    builds_with_warnings(
        &site,
        "content/tricks.md:4:1: warning: raw <script> in Markdown runs code on your site\n  remove it; for a booking widget, use the booking settings in site.toml\n\
         content/tricks.md:6:1: warning: this link runs a script (javascript:), which Shingle does not publish safely\n  link to a page or a web address instead\n\
         content/tricks.md:8:1: warning: an HTML event handler (such as onerror=) in Markdown runs code on your site\n  remove the on…= attribute\n\
         content/tricks.md:10:6: warning: a javascript: link in Markdown runs code on your site\n  link to a page or a web address instead\n\
         content/tricks.md:14:1: warning: an HTML event handler (such as onerror=) in Markdown runs code on your site\n  remove the on…= attribute\n",
    );
    assert!(site.read("book/index.html").contains("<iframe src=\"https://cal.example/embed/discovery\""));
    // not HTML to Markdown (no space before the attribute), so it is shown as text: harmless
    assert!(site.read("tricks/index.html").contains("&lt;svg/onload=alert(1)&gt;"));
}

#[test]
fn row_16_price_without_currency() {
    plain()
        .file("content/services/books.md", "+++\ntitle = \"Books\"\n[pricing]\nmodel = \"hourly\"\nfrom = 30\n+++\nx\n")
        .build()
        .fails_with("content/services/books.md:5:1: error: this price has no currency\n  add currency = \"GBP\" (or USD, EUR, AUD, CAD…) under [pricing]");
    plain()
        .file("content/services/books.md", "+++\ntitle = \"Books\"\n[[packages]]\nname = \"Core\"\nprice = 600\n+++\nx\n")
        .build()
        .fails_with("content/services/books.md:5:1: error: this price has no currency\n  add currency = \"GBP\" (or USD, EUR, AUD, CAD…) under [pricing]");
}

#[test]
fn row_17_testimonial_without_consent() {
    plain()
        .file("content/testimonials/jo.md", "+++\nauthor = \"Jo\"\nconsent = false\n+++\nGreat work.\n")
        .build()
        .fails_with("content/testimonials/jo.md:3:1: error: this testimonial is marked consent = false, so it cannot be published\n  publishing a client's words needs their permission: ask them, then set consent = true (or delete the file)");
    plain()
        .file("content/testimonials/jo.md", "+++\nauthor = \"Jo\"\n+++\nGreat work.\n")
        .build()
        .fails_with("content/testimonials/jo.md:1:1: error: this testimonial does not say whether the client agreed to publish it\n  publishing a client's words needs their permission: once they agree, add consent = true");
}

#[test]
fn row_18_images_without_alt_text_warn() {
    let site = plain()
        .bytes("static/images/me.svg", b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"3\"></svg>")
        .file("content/about.md", "+++\ntitle = \"About\"\n+++\nHello.\n\n![](images/me.svg)\n")
        .file(
            "content/testimonials/jo.md",
            "+++\nauthor = \"Jo\"\nconsent = true\navatar = \"images/me.svg\"\n+++\nGreat work.\n",
        )
        .file(
            "content/blog/hello.md",
            "+++\ntitle = \"Hello\"\ndate = 2024-05-18\ncover = \"images/me.svg\"\n+++\nHi.\n",
        )
        .file(
            "content/work/tidy.md",
            "+++\ntitle = \"Tidy\"\nclient = \"Ro\"\ncover = \"images/me.svg\"\ncover_alt = \" \"\n+++\nDone.\n",
        );
    builds_with_warnings(
        &site,
        "content/about.md:6:1: warning: this image has no alt text\n  describe the image between the brackets: ![What the picture shows](…)\n\
         content/blog/hello.md:4:1: warning: this cover image has no alt text\n  add cover_alt = \"…\" describing the image, for people who cannot see it\n\
         content/testimonials/jo.md:4:1: warning: this avatar has no alt text\n  add avatar_alt = \"…\" describing the photo, for people who cannot see it\n\
         content/work/tidy.md:4:1: warning: this cover image has no alt text\n  add cover_alt = \"…\" describing the image, for people who cannot see it\n",
    );
}

/// Row 19. Each dangling reference names the file it is in and the file it expected; the
/// `@/` link case is errors.rs::dangling_at_link_names_both_files.
#[test]
fn row_19_references_to_missing_content() {
    plain()
        .file("content/services/inbox.md", "+++\ntitle = \"Inbox\"\n+++\nx\n")
        .file(
            "content/testimonials/jo.md",
            "+++\nauthor = \"Jo\"\nconsent = true\nservices = [\"inbx\"]\ncase_study = \"tidy\"\n+++\nGreat.\n",
        )
        .file("content/work/move.md", "+++\ntitle = \"Move\"\nclient = \"Ro\"\nservices = [\"calendar\"]\ntestimonial = \"sam\"\n+++\nDone.\n")
        .build()
        .fails_with(
            "content/testimonials/jo.md:4:1: error: 'inbx' does not exist: there is no content/services/inbx.md\n  'services' uses file names without .md; did you mean 'inbox'?\n\
             content/testimonials/jo.md:5:1: error: 'tidy' does not exist: there is no content/work/tidy.md\n  'case_study' uses file names without .md; the ones that exist are: move\n\
             content/work/move.md:4:1: error: 'calendar' does not exist: there is no content/services/calendar.md\n  'services' uses file names without .md; the ones that exist are: inbox\n\
             content/work/move.md:5:1: error: 'sam' does not exist: there is no content/testimonials/sam.md\n  'testimonial' uses file names without .md; the ones that exist are: jo",
        );
}

#[test]
fn row_20_ratings_and_skill_levels_list_the_allowed_values() {
    for rating in [0, 7] {
        plain()
            .file("content/testimonials/jo.md", &format!("+++\nauthor = \"Jo\"\nconsent = true\nrating = {rating}\n+++\nGreat.\n"))
            .build()
            .fails_with(&format!("content/testimonials/jo.md:4:1: error: a rating of {rating} is not allowed\n  use a whole number from 1 to 5: rating = 5"));
    }
    plain().file("content/skills.md", "+++\ntitle = \"Skills\"\n+++\n## Admin\n\n- Inbox triage (expert)\n- Calendars (guru)\n").build().fails_with(
        "content/skills.md:7:14: error: 'guru' is not a skill level\n  use one of: familiar, proficient, expert — for example: - Xero bookkeeping (proficient)",
    );
}

/// Row 21. Two files at one URL (also by letter case, or by `slug`) are in
/// errors.rs::two_pages_at_one_url_also_by_letter_case. Here the clashes with pages Shingle makes
/// itself, which used to replace each other silently, and aliases.
#[test]
fn row_21_clashes_with_lists_tags_and_aliases() {
    plain()
        .file("content/services.md", "+++\ntitle = \"What I do\"\n+++\nx\n")
        .file("content/services/inbox.md", "+++\ntitle = \"Inbox\"\n+++\nx\n")
        .build()
        .fails_with("content/services.md: error: this file would be the page /services/, which is already the list of content/services/\n  to give that list a title and an introduction, move this file to content/services/_index.md; otherwise rename it");
    plain()
        .file("content/topics.md", "+++\ntitle = \"Topics\"\nslug = \"tags\"\n+++\nx\n")
        .file("content/blog/hello.md", "+++\ntitle = \"Hello\"\ndate = 2024-05-18\ntags = [\"Admin\"]\n+++\nx\n")
        .file("content/tags/admin.md", "+++\ntitle = \"Admin\"\n+++\nx\n")
        .build()
        .fails_with("content/tags/admin.md: error: this file would be the page /tags/admin/, which is already the page of the tag 'Admin'\n  rename the file, or give it a different slug = \"…\" in its front matter\n\
                     content/topics.md: error: this file would be the page /tags/, which is already the list of tags\n  rename the file, or give it a different slug = \"…\" in its front matter");
    plain()
        .file("content/about.md", "+++\ntitle = \"About\"\n+++\nx\n")
        .file("content/hello.md", "+++\ntitle = \"Hello\"\naliases = [\"/about/\"]\n+++\nx\n")
        .file("content/old.md", "+++\ntitle = \"Old\"\naliases = [\"/index.html\", \"c:/windows\", \"/../up/\"]\n+++\nx\n")
        .build()
        .fails_with("content/hello.md:3:1: error: the alias '/about/' is already the page of content/about.md\n  remove it from aliases, or use an address that nothing else has\n\
                     content/old.md:3:1: error: the alias '/index.html' is already the page of content/_index.md\n  remove it from aliases, or use an address that nothing else has\n\
                     content/old.md:3:1: error: the alias 'c:/windows' is not an address on this site\n  write an old address of this page as a path, for example: aliases = [\"/old-page/\"]\n\
                     content/old.md:3:1: error: the alias '/../up/' is not an address on this site\n  write an old address of this page as a path, for example: aliases = [\"/old-page/\"]");
    // a folder's own _index.md is the list's introduction, not a clash
    let site = plain()
        .file("content/services/_index.md", "+++\ntitle = \"What I do\"\n+++\nIntro.\n")
        .file("content/services/inbox.md", "+++\ntitle = \"Inbox\"\n+++\nx\n");
    builds_with_warnings(&site, "");
    assert!(site.read("services/index.html").contains("<h1>What I do</h1>"));
}

/// Row 22. Each odd file name gets one ASCII slug, the same every build; the list links to it,
/// and `@/` links find the file written as it is, in `<…>`, or with `%` escapes.
#[test]
fn row_22_unusual_file_names_get_one_stable_slug_each() {
    let names = [
        ("Inbox Management", "inbox-management"),
        ("What #1", "what-1"),
        ("why?", "why"),
        ("100% done", "100-done"),
        ("Café Déjà", "cafe-deja"),
        ("日本語", "ri-ben-yu"),
    ];
    let mut site = plain();
    for (name, _) in names {
        site = site.file(&format!("content/services/{name}.md"), &format!("+++\ntitle = \"{name}\"\n+++\nx\n"));
    }
    let site = site.file(
        "content/links.md",
        "+++\ntitle = \"Links\"\n+++\n[a](<@/services/Inbox Management.md>) [b](@/services/Inbox%20Management.md#top) \
         [c](@/services/Caf%C3%A9%20D%C3%A9j%C3%A0.md) [d](<@/services/日本語.md>) [e](<@/services/What #1.md>) \
         [f](<@/services/why?.md>) [g](@/services/100%25%20done.md)\n",
    );
    builds_with_warnings(&site, "");
    let first = tree(&site.root().join("public"));
    let list = site.read("services/index.html");
    for (name, slug) in names {
        assert!(site.root().join(format!("public/services/{slug}/index.html")).is_file(), "{name} → {slug}");
        assert!(list.contains(&format!("<a href=\"/services/{slug}/\">{name}</a>")), "{name}: {list}");
    }
    let links = site.read("links/index.html");
    for href in [
        "/services/inbox-management/",
        "/services/inbox-management/#top",
        "/services/cafe-deja/",
        "/services/ri-ben-yu/",
        "/services/what-1/",
        "/services/why/",
        "/services/100-done/",
    ] {
        assert!(links.contains(&format!("href=\"{href}\"")), "{href}: {links}");
    }
    site.build().success();
    assert!(tree(&site.root().join("public")) == first, "a second build gives the same files");
}

/// Row 23. `con.md` still builds (it works everywhere but Windows), with a warning. A name of
/// only dots is hidden by its leading dot, yet plainly meant as a page, so its skipping is said
/// out loud; a deliberately hidden `.notes.md` stays silent, as hidden files do everywhere.
#[test]
fn row_23_windows_reserved_and_nameless_file_names_warn() {
    let site = plain()
        .file("content/con.md", "+++\ntitle = \"Contact\"\nslug = \"contact-me\"\n+++\nx\n")
        .file("content/..md", "+++\ntitle = \"Dots\"\n+++\nx\n")
        .file("content/.md", "+++\ntitle = \"Nothing\"\n+++\nx\n")
        .file("content/.notes.md", "+++\ntitle = \"Hidden on purpose\"\n+++\nx\n");
    builds_with_warnings(
        &site,
        "content/..md: warning: this file name has no letters in it, so Shingle skipped it\n  rename the file, for example to notes.md\n\
         content/.md: warning: this file name has no letters in it, so Shingle skipped it\n  rename the file, for example to notes.md\n\
         content/con.md: warning: this file name cannot be used on Windows or has no letters in it\n  rename the file, for example to contact-me.md\n",
    );
    assert!(site.read("contact-me/index.html").contains("<h1>Contact</h1>"));
}

#[cfg(unix)]
#[test]
fn row_24_symlink_loop_in_content_warns_and_the_build_goes_on() {
    let site = plain().file("content/notes/page.md", "+++\ntitle = \"Notes\"\n+++\nx\n");
    std::os::unix::fs::symlink("..", site.root().join("content/notes/back")).expect("symlink");
    std::os::unix::fs::symlink("loop-b", site.root().join("content/loop-a")).expect("symlink");
    std::os::unix::fs::symlink("loop-a", site.root().join("content/loop-b")).expect("symlink");
    let started = Instant::now();
    builds_with_warnings(
        &site,
        "content/loop-a: warning: this symbolic link leads round in a circle, so it was skipped\n\
         content/loop-b: warning: this symbolic link leads round in a circle, so it was skipped\n\
         content/notes/back: warning: this symbolic link loops back to a folder that contains it, so it was skipped\n",
    );
    assert!(started.elapsed() < Duration::from_secs(30));
    assert!(site.read("notes/page/index.html").contains("<h1>Notes</h1>"));
}

#[cfg(unix)]
#[test]
fn row_25_symlinks_leading_out_of_the_site_are_not_followed() {
    let outside = tempfile::tempdir().expect("temp dir");
    let home = outside.path().join("home");
    std::fs::create_dir_all(home.join(".ssh")).expect("mkdir");
    std::fs::write(home.join(".ssh/id_rsa"), "-----BEGIN SECRET KEY-----").expect("write");
    let site = plain().file("static/images/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    let link = |target: &Path, at: &str| std::os::unix::fs::symlink(target, site.root().join(at)).expect("symlink");
    link(&home.join(".ssh"), "static/ssh");
    link(&home.join(".ssh/id_rsa"), "static/images/key.txt");
    link(&home.join(".ssh"), "content/ssh");
    link(&home.join(".ssh/id_rsa"), "content/key.md");
    builds_with_warnings(
        &site,
        "content/key.md: warning: this symbolic link points outside the site, so Shingle does not follow it\n  copy the file into the site instead of linking to it\n\
         content/ssh: warning: this symbolic link points outside the site, so Shingle does not follow it\n  copy the file into the site instead of linking to it\n\
         static/images/key.txt: warning: this symbolic link points outside the site, so Shingle does not follow it\n  copy the file into the site instead of linking to it\n\
         static/ssh: warning: this symbolic link points outside the site, so Shingle does not follow it\n  copy the file into the site instead of linking to it\n",
    );
    for (path, bytes) in tree(&site.root().join("public")) {
        assert!(!String::from_utf8_lossy(&bytes).contains("SECRET"), "{path} holds the key");
        assert!(!path.contains("ssh") && !path.contains("key"), "{path} was copied");
    }
    assert!(site.root().join("public/images/logo.svg").is_file());
}

// Rows 26, 27 and 28 (output folders, failed builds, two builds at once): output_safety.rs.

/// Row 29. The include loop through two templates is errors.rs::template_include_loop_is_named;
/// here a template that includes itself, and components that use themselves or each other
/// without end (Tera 2's components took the place of macros). No stack overflow: an error.
#[test]
fn row_29_templates_and_components_that_never_end() {
    let page = "+++\ntitle = \"A\"\n+++\nx\n";
    plain()
        .file("content/a.md", page)
        .file("templates/page.html", "<h1>{{ page.title }}</h1>{% include \"page.html\" %}")
        .build()
        .fails_with("templates/page.html: error: templates include each other in a loop: page.html → page.html\n  remove one of the includes so the chain ends");
    plain()
        .file("content/a.md", page)
        .file(
            "templates/page.html",
            "{% component name_tag(name: string) %}<b>{{ <name_tag name={name} /> }}</b>{% endcomponent name_tag %}\n<h1>{{ <name_tag name=\"Ada\" /> }}</h1>",
        )
        .build()
        .fails_with("templates/page.html: error: components use each other without end: name_tag → name_tag (while rendering content/a.md)\n  a component that uses itself needs a condition that stops it, such as {% if depth < 5 %}");
    plain()
        .file("content/a.md", page)
        .file("content/b.md", page)
        .file(
            "templates/parts.html",
            "{% component card(title) %}<div>{{ <badge title={title} /> }}</div>{% endcomponent card %}\n{% component badge(title) %}<span>{{ <card title={title} /> }}</span>{% endcomponent badge %}",
        )
        .file("templates/page.html", "<h1>{{ <card title={page.title} /> }}</h1>")
        .build()
        .fails_with("templates/parts.html: error: components use each other without end: badge → card → badge (while rendering content/a.md and 1 other page)\n  a component that uses itself needs a condition that stops it, such as {% if depth < 5 %}");
    // a component that uses itself with a condition that stops it is fine
    let site = plain()
        .file("content/a.md", page)
        .file(
            "templates/page.html",
            "{% component stars(n: integer) %}*{% if n > 1 %}{{ <stars n={n - 1} /> }}{% endif %}{% endcomponent stars %}<p>{{ <stars n={5} /> }}</p>",
        );
    builds_with_warnings(&site, "");
    assert_eq!(site.read("a/index.html"), "<p>*****</p>");
}

// Rows 30, 31, 32 (an unknown variable, a missing template, a syntax error in an override):
// errors.rs template_render_error_has_file_line_column_and_snippet,
// missing_template_names_the_page, template_syntax_error_in_an_override.

/// Where the fuzz target puts its file, by the first byte (fuzz/fuzz_targets/page.rs).
const FUZZ_PLACES: &[&str] = &[
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

/// Every input that once crashed the fuzzer (fuzz/regressions/page/), replayed the way the fuzz
/// target runs it: built and previewed, any verdict but a panic.
#[test]
fn fuzz_regressions_no_longer_crash() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions/page");
    let mut inputs: Vec<PathBuf> =
        std::fs::read_dir(&dir).map(|d| d.flatten().map(|e| e.path()).collect()).unwrap_or_default();
    inputs.sort();
    for input in inputs {
        let bytes = std::fs::read(&input).expect("read");
        let Some((&first, file)) = bytes.split_first() else { continue };
        let place = FUZZ_PLACES[usize::from(first & 0x0f) % FUZZ_PLACES.len()];
        let site = plain()
            .file("content/services/inbox.md", "+++\ntitle = \"Inbox\"\n+++\nLess email.\n")
            .file("content/work/tidy.md", "+++\ntitle = \"Tidy\"\nclient = \"Ro\"\n+++\nDone.\n")
            .file(
                "content/testimonials/jo.md",
                "+++\nauthor = \"Jo\"\nconsent = true\nservices = [\"inbox\"]\n+++\nGreat.\n",
            )
            .bytes(&format!("content/{place}"), file);
        for preview in [false, true] {
            let started = Instant::now();
            if let Ok(loaded) = load(site.root(), LoaderOptions { base_url: None, drafts: preview, preview }) {
                let _ = render(&loaded, if preview { Mode::Serve } else { Mode::Build });
            }
            assert!(started.elapsed() < Duration::from_secs(20), "{}: took {:?}", input.display(), started.elapsed());
        }
    }
}
