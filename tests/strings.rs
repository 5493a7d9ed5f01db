//! The words a theme prints, in the site's language: `language` picks the table, `[strings]`
//! changes any word, and a misspelled string or a language with no table is named in site.toml.

mod common;

use common::SiteTest;

fn site(settings: &str) -> SiteTest {
    SiteTest::empty()
        .file("site.toml", &format!("title = \"Test Desk\"\nbase_url = \"https://test.example\"\n{settings}"))
        .file("content/_index.md", "+++\ntitle = \"Test Desk\"\nheadline = \"Calm admin\"\n+++\nHello.\n")
        .file("content/blog/first.md", "+++\ntitle = \"First\"\ndate = 2024-05-18\n+++\nText.\n")
}

#[test]
fn the_language_sets_html_lang_the_theme_words_and_dates() {
    let site = site("language = \"fr-CA\"\n");
    site.build().success();
    let home = site.read("index.html");
    assert!(home.contains("<html lang=\"fr-CA\">"), "{home}");
    assert!(home.contains(">Aller au contenu principal</a>"), "the skip link is in French:\n{home}");
    let post = site.read("blog/first/index.html");
    assert!(post.contains(">18 mai 2024</time>"), "the date is in French:\n{post}");
}

#[test]
fn a_site_changes_any_word_under_strings() {
    let site = site("[strings]\nbook_short = \"Book a free call\"\n");
    site.build().success();
    assert!(site.read("index.html").contains(">Book a free call</a>"));
}

#[test]
fn a_misspelled_string_is_named_with_the_closest_one() {
    site("[strings]\nbook_shrot = \"Book\"\n").build().fails_with(
        "site.toml:4:1: error: there is no string called 'book_shrot'\n  did you mean 'book_short'? docs/themes.md lists every string",
    );
}

#[test]
fn a_language_with_no_table_is_a_warning_and_the_words_stay_english() {
    let site = site("language = \"nl\"\n");
    let run = site.build().success();
    assert!(
        run.stderr().contains("site.toml:3:1: warning: Shingle has no words for the language 'nl'"),
        "{}",
        run.stderr()
    );
    assert!(site.read("index.html").contains(">Skip to main content</a>"));
}

#[test]
fn a_blank_shingle_does_not_fill_in_is_named_at_its_brace() {
    site("[strings]\nfrom_price = \"Starting at {prise}\"\n").build().fails_with(
        "site.toml:4:27: error: Shingle does not fill in {prise} in the string 'from_price': the page would show it as it is\n  did you mean {price}? This string is filled with {price}",
    );
    site("[strings]\nmenu = \"Menu {x}\"\n").build().fails_with(
        "site.toml:4:14: error: Shingle does not fill in {x} in the string 'menu': the page would show it as it is\n  this string has nothing to fill in: write it without braces",
    );
    let own = site("[strings]\nfrom_price_per = \"{price} a {unit}, to start\"\n");
    own.build().success();
}

#[test]
fn prices_are_written_as_the_language_writes_them() {
    let service = "+++\ntitle = \"Bookkeeping\"\nsummary = \"Books kept.\"\n\n[pricing]\nfrom = 1200.5\ncurrency = \"EUR\"\nunit = \"Monat\"\n+++\nText.\n";
    let site = site("language = \"de-DE\"\n").file("content/services/bookkeeping.md", service);
    site.build().success();
    let page = site.read("services/index.html");
    assert!(page.contains("1.200,50\u{a0}€"), "{page}");
}
