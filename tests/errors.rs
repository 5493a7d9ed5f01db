//! Every mistake a site author commonly makes, and the exact message Shingle answers with.
//! None of them may panic, and none may leave a half-written output folder.

mod common;

use common::SiteTest;

#[test]
fn invalid_toml_points_at_the_unclosed_quote() {
    SiteTest::minimal().file("content/a.md", "+++\ntitle = \"Inbox\n+++\nx\n").build().fails_with(
        "content/a.md:2:15: error: this text has an opening quote but no closing quote\n  end the text with a quote on the same line, for example: title = \"Inbox management\"",
    );
}

#[test]
fn front_matter_never_closed() {
    SiteTest::minimal().file("content/a.md", "+++\ntitle = \"Inbox\"\n\nBody\n").build().fails_with(
        "content/a.md:1:1: error: front matter opened on line 1 is never closed\n  add a line with just +++ after the last front matter field",
    );
}

#[test]
fn unknown_field_suggests_the_right_one() {
    SiteTest::minimal()
        .file("content/services/inbox.md", "+++\ntitle = \"Inbox\"\nsumary = \"Less email\"\n+++\nBody\n")
        .build()
        .fails_with("content/services/inbox.md:3:1: error: unknown field 'sumary' (did you mean 'summary'?)\n  rename it to 'summary', or remove the line");
}

#[test]
fn field_of_another_kind_is_named() {
    SiteTest::minimal().file("content/about.md", "+++\ntitle = \"About\"\ntags = [\"a\"]\n+++\nBody\n").build().fails_with(
        "content/about.md:3:1: error: 'tags' is not a field of a page\n  remove it, or move the file to the folder for that kind of content; the fields of a page are: title, description, aliases, template, slug, draft, weight, extra",
    );
}

#[test]
fn wrong_type_says_what_was_expected() {
    SiteTest::minimal().file("content/a.md", "+++\ntitle = 5\n+++\nBody\n").build().fails_with(
        "content/a.md:2:9: error: 'title' should be text in quotes, but it is the number 5\n  put the value in quotes, for example: title = \"…\"",
    );
    SiteTest::minimal()
        .file("content/blog/a.md", "+++\ntitle = \"A\"\ndate = 2024-05-18\ntags = \"admin\"\n+++\nBody\n")
        .build()
        .fails_with("content/blog/a.md:4:8: error: 'tags' should be a list in square brackets, but it is the text \"admin\"\n  write a list, for example: tags = [\"first\", \"second\"]");
}

#[test]
fn bad_dates_show_a_correct_one() {
    let expected = "content/blog/a.md:3:8: error: 'date' is not a valid date\n  write dates as year-month-day without quotes, for example: date = 2024-05-18";
    SiteTest::minimal()
        .file("content/blog/a.md", "+++\ntitle = \"A\"\ndate = 2024-13-45\n+++\nBody\n")
        .build()
        .fails_with(expected);
    SiteTest::minimal()
        .file("content/blog/a.md", "+++\ntitle = \"A\"\ndate = \"May 2017\"\n+++\nBody\n")
        .build()
        .fails_with(expected);
}

/// A date written the way people write them is read back to her, and asked about when it could
/// be either of two days.
#[test]
fn dates_written_by_habit_get_the_line_to_write() {
    SiteTest::minimal()
        .file("content/blog/a.md", "+++\ntitle = \"A\"\ndate = 12/03/2025\n+++\nBody\n")
        .build()
        .fails_with(
            "content/blog/a.md:3:8: error: '12/03/2025' could be 12 March 2025 or 3 December 2025: which did you mean?\n  \
             write dates as year-month-day, without quotes, so there is no doubt:\n  \
             date = 2025-03-12   (for 12 March 2025)\n  \
             date = 2025-12-03   (for 3 December 2025)",
        );
    SiteTest::minimal()
        .file("content/blog/a.md", "+++\ntitle = \"A\"\ndate = \"05/18/2017\"\n+++\nBody\n")
        .build()
        .fails_with(
            "content/blog/a.md:3:8: error: '05/18/2017' is a date, but not written the way Shingle reads dates\n  \
             write it as year-month-day, without quotes:\n  date = 2017-05-18",
        );
    SiteTest::minimal()
        .file("content/work/a.md", "+++\ntitle = \"A\"\ndate = \"March 3, 2025\"\n+++\nBody\n")
        .build()
        .fails_with(
            "content/work/a.md:3:8: error: 'March 3, 2025' is a date, but not written the way Shingle reads dates\n  \
             write it as year-month-day, without quotes:\n  date = 2025-03-03",
        );
}

/// Quotes from Word or TextEdit are named, and the line shown again with straight ones.
#[test]
fn curly_quotes_get_the_line_with_straight_ones() {
    SiteTest::minimal().file("content/about.md", "+++\ntitle = “About me”\n+++\nBody\n").build().fails_with(
        "content/about.md:2:9: error: this value is in curly quotes (“ ” or ‘ ’), which are not quotes to Shingle\n  \
             word processors and some editors put them in as you type; write straight quotes instead:\n  \
             title = \"About me\"",
    );
    SiteTest::minimal()
        .file("content/blog/a.md", "+++\ntitle = \"A\"\ndate = 2025-03-12\ntags = [‘Admin’, ‘Sam’s tips’]\n+++\nBody\n")
        .build()
        .fails_with(
            "content/blog/a.md:4:9: error: this value is in curly quotes (“ ” or ‘ ’), which are not quotes to Shingle\n  \
             word processors and some editors put them in as you type; write straight quotes instead:\n  \
             tags = [\"Admin\", \"Sam’s tips\"]",
        );
    SiteTest::minimal()
        .file("site.toml", "title = “Sam’s Desk”\nbase_url = \"https://test.example\"\n")
        .build()
        .fails_with(
            "site.toml:1:9: error: this value is in curly quotes (“ ” or ‘ ’), which are not quotes to Shingle\n  \
             word processors and some editors put them in as you type; write straight quotes instead:\n  \
             title = \"Sam’s Desk\"",
        );
    // curly quotes inside straight ones are part of the text, and fine
    SiteTest::minimal().file("content/about.md", "+++\ntitle = \"About “me”\"\n+++\nBody\n").build().success();
}

/// A price written as on a flyer: the number alone, and where its currency and unit go.
#[test]
fn prices_with_their_sign_get_the_number_alone() {
    SiteTest::minimal()
        .file(
            "content/services/a.md",
            "+++\ntitle = \"A\"\n\n[pricing]\nmodel = \"hourly\"\nfrom = \"$45/hr\"\n+++\nBody\n",
        )
        .build()
        .fails_with(
            "content/services/a.md:6:8: error: 'from' takes a number, but it is \"$45/hr\"\n  \
             write the number alone, with the currency and the unit on lines of their own:\n  \
             from = 45\n  \
             currency = \"USD\"   (once, in [pricing]) (or CAD, AUD, NZD… — the code of your currency)\n  \
             unit = \"hour\"",
        );
    SiteTest::minimal()
        .file(
            "content/services/a.md",
            "+++\ntitle = \"A\"\n\n[pricing]\nmodel = \"package\"\ncurrency = \"GBP\"\n\n[[packages]]\nname = \"Core\"\nprice = \"£1,200 per month\"\n+++\nBody\n",
        )
        .build()
        .fails_with(
            "content/services/a.md:10:9: error: 'price' takes a number, but it is \"£1,200 per month\"\n  \
             write the number alone, with the unit on a line of its own:\n  \
             price = 1200\n  \
             unit = \"month\"",
        );
}

/// One file that cannot be read gives one error: the links, references and menu entries that
/// lead to it are not reported as well.
#[test]
fn one_broken_file_gives_one_error() {
    let site = SiteTest::minimal()
        .file("site.toml", "title = \"Test Desk\"\nbase_url = \"https://test.example\"\n\n[[menu]]\nname = \"Inbox\"\nurl = \"@/services/inbox.md\"\n")
        .file("content/services/inbox.md", "+++\ntitle = \"Inbox\n+++\nBody\n")
        .file("content/about.md", "+++\ntitle = \"About\"\n+++\nSee [my inbox service](@/services/inbox.md).\n")
        .file(
            "content/testimonials/amy.md",
            "+++\nauthor = \"Amy\"\nconsent = true\nservices = [\"inbox\"]\n+++\nGreat help.\n",
        );
    let expected = "content/services/inbox.md:2:15: error: this text has an opening quote but no closing quote\n  \
                    end the text with a quote on the same line, for example: title = \"Inbox management\"";
    site.build().fails_with(expected);
    let check = site.run(&["check"]);
    assert_eq!(check.code(), 1);
    assert_eq!(
        check.stdout(),
        format!("{expected}\n\n1 error; links were not checked, because the site could not be built\n")
    );
}

#[test]
fn same_key_twice_names_both_lines() {
    SiteTest::minimal()
        .file("content/a.md", "+++\ntitle = \"A\"\ntitle = \"B\"\n+++\nA\n")
        .build()
        .fails_with("content/a.md:3:1: error: 'title' is set twice (first on line 2)\n  keep one of the two lines");
}

#[test]
fn two_pages_at_one_url_also_by_letter_case() {
    SiteTest::minimal()
        .file("content/About.md", "+++\ntitle = \"A\"\n+++\nA\n")
        .file("content/about.md", "+++\ntitle = \"a\"\n+++\na\n")
        .build()
        .fails_with("content/about.md: error: this file and content/About.md would both be the page /about/\n  rename one of them, or give one a different slug = \"…\" in its front matter");
    SiteTest::minimal()
        .file("content/a.md", "+++\ntitle = \"A\"\nslug = \"same\"\n+++\nA\n")
        .file("content/b.md", "+++\ntitle = \"B\"\nslug = \"Same\"\n+++\nB\n")
        .build()
        .fails_with("content/b.md: error: this file and content/a.md would both be the page /same/\n  rename one of them, or give one a different slug = \"…\" in its front matter");
}

#[test]
fn yaml_front_matter_gets_the_toml_shape() {
    SiteTest::minimal().file("content/a.md", "---\ntitle: Hello\ndate: 2024-05-18\ntags: [a, b]\n---\nBody\n").build().fails_with(
        "content/a.md:1:1: error: front matter must be TOML between +++ lines, not YAML between --- lines\n  replace the front matter with:\n  +++\n  title = \"Hello\"\n  date = 2024-05-18\n  tags = [\"a\", \"b\"]\n  +++",
    );
}

#[test]
fn empty_file() {
    SiteTest::minimal().file("content/a.md", "").build().fails_with(
        "content/a.md: error: the file is empty\n  write front matter and some text, for example:\n  +++\n  title = \"About me\"\n  +++\n  A few words about you.",
    );
}

#[test]
fn not_utf8() {
    SiteTest::minimal().bytes("content/a.md", b"+++\ntitle = \"Caf\xe9\"\n+++\n").build().fails_with(
        "content/a.md:2:13: error: the file is not saved as UTF-8 (it looks like Latin-1 or Windows-1252)\n  open it in your editor and save it again with the encoding \"UTF-8\"",
    );
    SiteTest::minimal().bytes("content/a.md", b"\xff\xfe+\x00+\x00").build().fails_with(
        "content/a.md: error: the file is saved as UTF-16, but Shingle reads UTF-8 only\n  open it in your editor and save it again with the encoding \"UTF-8\"",
    );
}

#[test]
fn dangling_at_link_names_both_files() {
    SiteTest::minimal().file("content/a.md", "+++\ntitle = \"A\"\n+++\nSee [x](@/nope.md).\n").build().fails_with(
        "content/a.md:4:5: error: this link points to content/nope.md, which does not exist\n  check the file name under content/, or remove the link",
    );
}

/// A site with its own small theme, so template errors are about templates we control here.
fn themed() -> SiteTest {
    SiteTest::minimal()
        .file("site.toml", "title = \"Test Desk\"\nbase_url = \"https://test.example\"\ntheme = \"plain\"\n")
        .file("themes/plain/theme.toml", "description = \"Bare\"\n")
        .file("themes/plain/templates/index.html", "<h1>{{ page.title }}</h1>{{ page.content | safe }}")
        .file("themes/plain/templates/page.html", "<h1>{{ page.title }}</h1>")
        .file("themes/plain/templates/404.html", "<h1>{{ page.title }}</h1>")
}

#[test]
fn missing_template_names_the_page() {
    themed().file("content/a.md", "+++\ntitle = \"A\"\ntemplate = \"fancy.html\"\n+++\nA\n").build().fails_with(
        "content/a.md:1:1: error: the template 'fancy.html' does not exist\n  create templates/fancy.html, or use one of: 404.html, index.html, page.html",
    );
}

#[test]
fn template_render_error_has_file_line_column_and_snippet() {
    themed().file("templates/page.html", "<h1>{{ page.title }}</h1>\n<p>{{ page.subtitle }}</p>\n").file("content/a.md", "+++\ntitle = \"A\"\n+++\nA\n").build().fails_with(
        "templates/page.html:2:12: error: Field `subtitle` is not defined. Available fields: breadcrumbs, content, date, date_display, description, draft, extra, has_code, kind, permalink, reading_time, slug, summary, template, title, toc, updated, updated_display, url, word_count (while rendering content/a.md)\n   --> page.html:2:12\n    |\n  2 | <p>{{ page.subtitle }}</p>\n    |            ^^^^^^^^",
    );
}

#[test]
fn template_syntax_error_in_an_override() {
    themed().file("templates/page.html", "<h1>{% if page.title %}</h1>\n").build().fails_with(
        "templates/page.html:2:1: error: Unexpected end of input\n   --> page.html:2:1\n    |\n  2 | \n    | ^",
    );
}

#[test]
fn template_include_loop_is_named() {
    themed()
        .file("templates/page.html", "{% include \"a.html\" %}")
        .file("templates/a.html", "{% include \"page.html\" %}")
        .build()
        .fails_with("templates/a.html: error: templates include each other in a loop: a.html → page.html → a.html\n  remove one of the includes so the chain ends");
}

#[test]
fn site_toml_mistakes() {
    SiteTest::empty()
        .file("site.toml", "base_url = \"https://a.example\"\n")
        .file("content/_index.md", "Hi")
        .build()
        .fails_with(
            "site.toml:1:1: error: site.toml has no 'title'\n  add a line at the top: title = \"Your business name\"",
        );
    SiteTest::empty().file("site.toml", "title = \"A\"\nbase_url = \"https://a.example\"\nthme = \"harbor\"\n").build().fails_with(
        "site.toml:3:1: error: unknown field 'thme' (did you mean 'theme'?)\n  rename it to 'theme', or remove the line",
    );
    let run = SiteTest::empty().build();
    assert_eq!(run.code(), 1);
    assert!(run.stderr().starts_with("site.toml: error: there is no site.toml in "), "{}", run.stderr());
}

#[test]
fn all_content_errors_are_reported_together() {
    let run = SiteTest::minimal()
        .file("content/a.md", "+++\ntitel = \"A\"\n+++\n")
        .file("content/b.md", "+++\ntitle = 5\n+++\n")
        .build();
    assert_eq!(run.code(), 1);
    let stderr = run.stderr();
    assert!(stderr.contains("content/a.md:2:1: error: unknown field 'titel'"), "{stderr}");
    assert!(stderr.contains("content/b.md:2:9: error: 'title' should be text"), "{stderr}");
    assert!(
        stderr.ends_with("The site was not built: 2 errors. Nothing in the output folder was changed.\n"),
        "{stderr}"
    );
}

#[test]
fn usage_errors_exit_with_two() {
    let run = SiteTest::minimal().run(&["build", "--no-such-flag"]);
    assert_eq!(run.code(), 2);
}
