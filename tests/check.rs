//! `shingle check` on small sites with one kind of problem each: the exact report, the JSON report
//! read field by field, and the exit code (1 with any error, 0 with warnings only).

mod common;

use common::SiteTest;
use serde_json::Value;

/// Runs `shingle check` on a fixture and asserts its exit code and its text report, verbatim.
fn check(fixture: &str, code: i32, expected: &str) -> SiteTest {
    let site = SiteTest::fixture(fixture);
    let run = site.run(&["check"]);
    assert_eq!(run.stdout(), expected, "\n--- stderr ---\n{}", run.stderr());
    assert_eq!(run.code(), code, "exit code of shingle check on {fixture}");
    assert!(!site.root().join("public").exists(), "shingle check must not write the site");
    site
}

/// Runs `shingle check --format json` on a fixture and returns the parsed report.
fn check_json(fixture: &str, code: i32) -> Value {
    let run = SiteTest::fixture(fixture).run(&["check", "--format", "json"]);
    assert_eq!(run.code(), code, "exit code of shingle check --format json on {fixture}");
    serde_json::from_str(&run.stdout()).unwrap_or_else(|e| panic!("not JSON ({e}):\n{}", run.stdout()))
}

#[test]
fn a_clean_site_has_no_problems() {
    check("check-clean", 0, "No problems found in 8 pages.\n");
}

#[test]
fn a_clean_site_in_json() {
    let report = check_json("check-clean", 0);
    assert_eq!(report["version"], 1);
    assert_eq!(report["summary"]["errors"], 0);
    assert_eq!(report["summary"]["warnings"], 0);
    assert_eq!(report["summary"]["pages"], 8);
    assert_eq!(report["diagnostics"], Value::Array(Vec::new()));
}

#[test]
fn a_link_to_a_missing_content_file() {
    check(
        "check-broken-at-link",
        1,
        "content/about.md:4:5: error: this link points to content/services/inbox.md, which does not exist
  check the file name under content/, or remove the link

1 error; links were not checked, because the site could not be built
",
    );
}

#[test]
fn an_anchor_missing_on_the_same_page() {
    check(
        "check-broken-anchor",
        1,
        "content/about.md:6:9: error: this link goes to '#prices' on this page, but nothing on the page has that id
  a heading's id is its text in lower case with hyphens; the headings on this page are: #how-i-work

1 error in 3 pages
",
    );
}

#[test]
fn an_anchor_missing_on_another_page() {
    check(
        "check-missing-anchor-on-page",
        1,
        "content/contact.md:4:6: error: this link goes to '#how-i-wrok' on /about/ (content/about.md), but nothing on that page has that id
  did you mean '#how-i-work'?

1 error in 4 pages
",
    );
}

#[test]
fn an_anchor_missing_on_another_page_in_json() {
    let report = check_json("check-missing-anchor-on-page", 1);
    assert_eq!(report["version"], 1);
    assert_eq!(report["summary"]["errors"], 1);
    assert_eq!(report["summary"]["warnings"], 0);
    assert_eq!(report["summary"]["pages"], 4);
    let diagnostics = report["diagnostics"].as_array().expect("diagnostics is a list");
    assert_eq!(diagnostics.len(), 1);
    let d = &diagnostics[0];
    assert_eq!(d["severity"], "error");
    assert_eq!(d["file"], "content/contact.md");
    assert_eq!(d["line"], 4);
    assert_eq!(d["column"], 6);
    assert_eq!(
        d["message"],
        "this link goes to '#how-i-wrok' on /about/ (content/about.md), but nothing on that page has that id"
    );
    assert_eq!(d["help"], "did you mean '#how-i-work'?");
}

#[test]
fn a_missing_image() {
    check(
        "check-missing-image",
        1,
        "content/about.md:6:1: error: the image 'images/me.jpg' does not exist
  put the file at static/images/me.jpg, or correct the path

1 error; links were not checked, because the site could not be built
",
    );
}

#[test]
fn an_image_without_alt_text_is_a_warning() {
    check(
        "check-image-without-alt",
        0,
        "content/about.md:6:1: warning: this image has no alt text
  describe the image between the brackets: ![What the picture shows](…)

1 warning in 3 pages
",
    );
}

#[test]
fn root_relative_links_warn_once_and_fail_when_broken() {
    check(
        "check-root-relative",
        1,
        "content/about.md:4:5: warning: the link '/contact/' starts with '/', so it breaks when the site lives under a sub-path
  link to the content file instead, for example [text](@/contact.md)
content/about.md:4:38: error: this link goes to /prices/, which is not a page of this site
  check the address, or link to the content file instead, for example [text](@/about.md)
content/about.md:4:38: warning: the link '/prices/' starts with '/', so it breaks when the site lives under a sub-path
  link to the content file instead, for example [text](@/prices.md)

1 error, 2 warnings in 4 pages
",
    );
}

#[test]
fn root_relative_links_in_json_are_sorted_by_place() {
    let report = check_json("check-root-relative", 1);
    assert_eq!(report["summary"]["errors"], 1);
    assert_eq!(report["summary"]["warnings"], 2);
    assert_eq!(report["summary"]["pages"], 4);
    let places: Vec<(String, u64, u64, String)> = report["diagnostics"]
        .as_array()
        .expect("diagnostics is a list")
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap_or_default().to_string(),
                d["line"].as_u64().unwrap_or_default(),
                d["column"].as_u64().unwrap_or_default(),
                d["severity"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    assert_eq!(
        places,
        [
            ("content/about.md".to_string(), 4, 5, "warning".to_string()),
            ("content/about.md".to_string(), 4, 38, "error".to_string()),
            ("content/about.md".to_string(), 4, 38, "warning".to_string()),
        ]
    );
    assert_eq!(report["diagnostics"][1]["message"], "this link goes to /prices/, which is not a page of this site");
}

#[test]
fn raw_script_is_a_warning() {
    check(
        "check-raw-script",
        0,
        "content/about.md:6:1: warning: raw <script> in Markdown runs code on your site
  remove it; for a booking widget, use the booking settings in site.toml

1 warning in 3 pages
",
    );
}

#[test]
fn a_javascript_link_is_a_warning() {
    check(
        "check-javascript-link",
        0,
        "content/about.md:4:7: warning: this link runs a script (javascript:), which Shingle does not publish safely
  link to a page or a web address instead

1 warning in 3 pages
",
    );
}

#[test]
fn an_empty_page_is_a_warning() {
    check(
        "check-empty-page",
        0,
        "content/about.md: warning: this page has no text yet
  write something below the front matter

1 warning in 3 pages
",
    );
}

#[test]
fn an_empty_page_in_json_has_no_line() {
    let report = check_json("check-empty-page", 0);
    assert_eq!(report["summary"]["errors"], 0);
    assert_eq!(report["summary"]["warnings"], 1);
    let d = &report["diagnostics"][0];
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["file"], "content/about.md");
    assert_eq!(d["line"], 0);
    assert_eq!(d["column"], 0);
    assert_eq!(d["message"], "this page has no text yet");
    assert_eq!(d["help"], "write something below the front matter");
}

#[test]
fn a_testimonial_naming_a_missing_service() {
    check(
        "check-dangling-testimonial",
        1,
        "content/testimonials/jane.md:3:1: error: 'inbox-managment' does not exist: there is no content/services/inbox-managment.md
  'services' uses file names without .md; did you mean 'inbox-management'?

1 error; links were not checked, because the site could not be built
",
    );
}

#[test]
fn a_testimonial_naming_a_missing_service_in_json() {
    let report = check_json("check-dangling-testimonial", 1);
    assert_eq!(report["summary"]["errors"], 1);
    assert_eq!(report["summary"]["warnings"], 0);
    assert_eq!(report["summary"]["pages"], 0, "the site could not be rendered");
    let d = &report["diagnostics"][0];
    assert_eq!(d["severity"], "error");
    assert_eq!(d["file"], "content/testimonials/jane.md");
    assert_eq!(d["line"], 3);
    assert_eq!(d["column"], 1);
    assert_eq!(d["message"], "'inbox-managment' does not exist: there is no content/services/inbox-managment.md");
    assert_eq!(d["help"], "'services' uses file names without .md; did you mean 'inbox-management'?");
}

#[test]
fn images_in_front_matter_and_menu_links_are_checked() {
    // a missing picture is a mistake in the file that names it, found while the site loads: all
    // are reported at once, and stop the build before links can be followed
    let site = check(
        "check-front-matter",
        1,
        "content/blog/hello.md:4:1: error: the image 'images/cover.jpg' does not exist
  put the file at static/images/cover.jpg, or correct the path
content/testimonials/jane.md:3:1: error: the image 'images/jane.jpg' does not exist
  put the file at static/images/jane.jpg, or correct the path
site.toml:10:9: error: the photo 'images/jo.jpg' does not exist
  put the file at static/images/jo.jpg, or correct the path under [owner]

3 errors; links were not checked, because the site could not be built
",
    );
    let site = site
        .file("static/images/jo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        .bytes("static/images/Cover.JPG", &common::photo(48, 27));
    let run = site.run(&["check"]);
    assert_eq!(
        run.stdout(),
        "content/blog/hello.md:4:1: error: the image 'images/cover.jpg' does not exist
  did you mean 'images/Cover.JPG'? Names must match exactly, capitals included: your computer may not mind, but web hosts do
content/testimonials/jane.md:3:1: error: the image 'images/jane.jpg' does not exist
  put the file at static/images/jane.jpg, or correct the path
site.toml:10:9: error: the photo 'images/jo.jpg' does not exist
  did you mean 'images/jo.svg'? Or put the file at static/images/jo.jpg

3 errors; links were not checked, because the site could not be built
"
    );
    // a web page saved under a picture's name is refused where the photo is named, once
    let site = site
        .file("static/images/jo.jpg", "<!doctype html><title>Photo</title>")
        .bytes("static/images/cover.jpg", &common::photo(48, 27))
        .bytes("static/images/jane.jpg", &common::photo(20, 20));
    let run = site.run(&["check"]);
    assert_eq!(
        run.stdout(),
        "site.toml:10:9: error: static/images/jo.jpg: this file is named like a picture, but it is a web page (perhaps saved from a browser in place of the picture)
  save the picture itself again as JPEG or PNG, or give the file the right name

1 error; links were not checked, because the site could not be built
"
    );
    let site = site.bytes("static/images/jo.jpg", &common::photo(40, 50));
    let run = site.run(&["check"]);
    assert_eq!(
        run.stdout(),
        "site.toml:19:1: error: the menu item 'Prices' goes to prices/, which is not a page of this site
  write a page's address (services/), a content file (@/about.md) or a full web address (https://…)

1 error in 6 pages
"
    );
    assert_eq!(run.code(), 1);
}

#[test]
fn links_in_faq_answers_are_followed() {
    let run = SiteTest::minimal()
        .file("site.toml", "title = \"T\"\nbase_url = \"https://t.example\"\n[booking]\nurl = \"https://cal.example/t\"\nlabel = \"Book\"\n")
        .file("content/faq.md", "+++\ntitle = \"FAQ\"\n+++\n## Can I pause?\n\nSee [billing](#billing).\n")
        .run(&["check"]);
    assert_eq!(
        run.stdout(),
        "content/faq.md:6:5: error: this link goes to '#billing' on this page, but nothing on the page has that id
  a heading's id is its text in lower case with hyphens; the headings on this page are: #can-i-pause

1 error in 3 pages
"
    );
    assert_eq!(run.code(), 1);
}

#[test]
fn a_site_without_site_toml_is_reported_in_json_too() {
    let run = SiteTest::empty().run(&["check", "--format", "json"]);
    assert_eq!(run.code(), 1);
    let report: Value = serde_json::from_str(&run.stdout()).expect("JSON");
    assert_eq!(report["summary"]["errors"], 1);
    assert_eq!(report["diagnostics"][0]["file"], "site.toml");
    assert!(report["diagnostics"][0]["message"].as_str().unwrap_or_default().starts_with("there is no site.toml in "));
}

#[test]
fn every_diagnostic_has_the_same_keys() {
    // programs can read every field without checking whether it is there
    let report = check_json("check-front-matter", 1);
    for d in report["diagnostics"].as_array().expect("list") {
        let mut keys: Vec<&str> = d.as_object().expect("object").keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, ["column", "file", "help", "line", "message", "severity"]);
    }
}
