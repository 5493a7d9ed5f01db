//! Theme options as a site owner meets them: a misspelled option, a colour without its #, a
//! value of the wrong type, a logo or photo that is not there — each named at its line of
//! site.toml, never inside a template — and the colours worked out so text reads on the accent.

mod common;

use common::SiteTest;

const TOP: &str = "title = \"Test Desk\"\nbase_url = \"https://test.example\"\ntheme = \"beacon\"\n";

fn with_options(options: &str) -> SiteTest {
    SiteTest::minimal().file("site.toml", &format!("{TOP}\n[theme_options]\n{options}"))
}

#[test]
fn a_misspelled_option_is_an_error_with_did_you_mean() {
    with_options("acent = \"#6b2d5c\"\n").build().fails_with(
        "site.toml:6:1: error: unknown theme option 'acent' (did you mean 'accent'?)\n  rename it to 'accent', or remove the line",
    );
}

#[test]
fn a_colour_without_its_hash_is_shown_written_right_by_build_and_check() {
    let site = with_options("accent = \"6b2d5c\"\n");
    let expected = "site.toml:6:10: error: accent = \"6b2d5c\" is not a colour: a colour starts with #\n  write accent = \"#6b2d5c\"";
    site.build().fails_with(expected);
    let check = site.run(&["check"]);
    assert_eq!(check.code(), 1);
    assert!(check.stdout().starts_with(&format!("{expected}\n\n1 error")), "{}", check.stdout());
}

#[test]
fn values_of_the_wrong_type_say_what_to_write() {
    with_options("show_steps = \"no\"\nhome_testimonials = 3.5\nhero_layout = \"dark\"\n").build().fails_with(
        "site.toml:6:14: error: 'show_steps' should be true or false, but it is the text \"no\"\n  \
         write show_steps = true or show_steps = false, without quotes\n\
         site.toml:7:21: error: 'home_testimonials' should be a whole number, but it is the number 3.5\n  \
         write a number without quotes, for example: home_testimonials = 3\n\
         site.toml:8:15: error: 'dark' is not one of the choices for hero_layout\n  \
         use one of: \"color\", \"light\"",
    );
}

#[test]
fn a_missing_logo_is_named_at_its_site_toml_line_not_in_a_template() {
    let run = with_options("logo = \"images/logo.png\"\n").file("static/images/logo.svg", "<svg/>").build();
    assert!(!run.stderr().contains("brand.html"), "{}", run.stderr());
    run.fails_with(
        "site.toml:6:8: error: the logo 'images/logo.png' does not exist\n  \
         did you mean 'images/logo.svg'? Or put the file at static/images/logo.png",
    );
    let site = with_options("logo = \"images/logo.svg\"\n").file("static/images/logo.svg", "<svg/>");
    site.build().success();
    assert!(site.read("index.html").contains("class=\"brand-logo\""));
}

#[test]
fn a_missing_owner_photo_is_named_at_its_site_toml_line() {
    SiteTest::minimal()
        .file("site.toml", &format!("{TOP}\n[owner]\nname = \"Jo\"\nphoto = \"images/jo.jpg\"\nphoto_alt = \"Jo\"\n"))
        .build()
        .fails_with(
            "site.toml:7:9: error: the photo 'images/jo.jpg' does not exist\n  \
             put the file at static/images/jo.jpg, or correct the path under [owner]",
        );
}

#[test]
fn text_on_a_pale_accent_is_dark_and_links_use_a_shade_that_reads() {
    let site = with_options("accent = \"#FFD1DC\"\n");
    site.build().success();
    let home = site.read("index.html");
    let style = home.split("<style>:root{").nth(1).and_then(|s| s.split('}').next()).expect("the colours");
    assert!(style.starts_with("--accent:#ffd1dc;--accent-text:#0b0d12;--accent-on-light:#"), "{style}");
    assert!(!style.contains("--accent-on-light:#ffd1dc"), "{style}");
    assert!(style.contains("--accent-dark-on-dark:#ffeaef"), "{style}");
}

#[test]
fn every_built_in_theme_builds_with_its_defaults_and_each_of_a_set_of_accents() {
    for theme in ["beacon", "harbor", "linen"] {
        for accent in ["#ffd1dc", "#111111", "#ff0000", "#00ff00", "navy", "rgb(107 45 92)"] {
            let site = SiteTest::minimal().file(
                "site.toml",
                &format!("title = \"T\"\nbase_url = \"https://t.example\"\ntheme = \"{theme}\"\n[theme_options]\naccent = \"{accent}\"\n"),
            );
            site.build().success();
            assert!(site.read("index.html").contains("--accent-text:#"), "{theme} {accent}");
        }
    }
}

#[test]
fn check_reports_a_colour_no_shade_of_which_reads_on_the_themes_surfaces() {
    let run = SiteTest::minimal()
        .file("site.toml", "title = \"T\"\nbase_url = \"https://t.example\"\ntheme = \"grey\"\n\n[theme_options]\naccent = \"#ff0000\"\n")
        .file(
            "themes/grey/theme.toml",
            "name = \"grey\"\n[surfaces]\nlight = [\"#666666\"]\ndark = [\"#000000\"]\n\n[options.accent]\ntype = \"colour\"\ndefault = \"#123456\"\nhelp = \"The main colour.\"\n",
        )
        .file("themes/grey/templates/base.html", "<!doctype html><title>{{ site.title }}</title>")
        .run(&["check"]);
    assert_eq!(
        run.stdout(),
        "site.toml:6:10: error: no shade of accent = \"#ff0000\" can be read against the theme's light backgrounds (WCAG AA asks for 4.5 to 1)\n  \
         choose a darker or lighter accent, or change the [surfaces] of the theme\n\n\
         1 error; links were not checked, because the site could not be built\n"
    );
    assert_eq!(run.code(), 1);
}
