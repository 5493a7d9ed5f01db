//! `shingle build` end to end: expected output byte for byte, determinism, the output folder's
//! safety rules, drafts, and the structured data search engines read.

mod common;

use std::path::Path;

use common::{SiteTest, fixtures, tree};

/// Compares a built tree with `tests/fixtures/<name>/expected`; `SHINGLE_SNAPSHOTS=overwrite`
/// rewrites the expected files instead.
fn assert_matches_expected(name: &str, out: &Path) {
    let expected_dir = fixtures().join(name).join("expected");
    let actual = tree(out);
    if std::env::var("SHINGLE_SNAPSHOTS").as_deref() == Ok("overwrite") {
        let _ = std::fs::remove_dir_all(&expected_dir);
        for (path, bytes) in &actual {
            let target = expected_dir.join(path);
            std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
            std::fs::write(target, bytes).expect("write");
        }
        return;
    }
    let expected = tree(&expected_dir);
    let names = |t: &[(String, Vec<u8>)]| t.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
    assert_eq!(names(&actual), names(&expected), "the set of files differs (SHINGLE_SNAPSHOTS=overwrite to accept)");
    for ((path, actual), (_, expected)) in actual.iter().zip(&expected) {
        assert!(
            actual == expected,
            "{path} differs from tests/fixtures/{name}/expected/{path} (SHINGLE_SNAPSHOTS=overwrite to accept)\n--- actual ---\n{}",
            String::from_utf8_lossy(actual)
        );
    }
}

#[test]
fn basic_site_matches_expected_output() {
    let site = SiteTest::fixture("basic");
    let run = site.build().success();
    assert!(run.stdout().starts_with("Built 17 pages and 8 picture files in "), "{}", run.stdout());
    assert_matches_expected("basic", &site.root().join("public"));
}

#[test]
fn same_input_gives_same_bytes() {
    let site = SiteTest::fixture("basic");
    site.run(&["build", "--output", site.root().join("one").to_str().expect("utf-8")]).success();
    site.run(&["build", "--output", site.root().join("two").to_str().expect("utf-8")]).success();
    assert!(tree(&site.root().join("one")) == tree(&site.root().join("two")));
}

#[test]
fn a_failed_build_leaves_the_previous_output_exactly_as_it_was() {
    let site = SiteTest::fixture("basic");
    site.build().success();
    let before = tree(&site.root().join("public"));
    let site = site.file("content/about.md", "+++\ntitle = 5\n+++\n");
    site.build().fails_with(
        "content/about.md:2:9: error: 'title' should be text in quotes, but it is the number 5\n  put the value in quotes, for example: title = \"…\"",
    );
    assert!(tree(&site.root().join("public")) == before);
}

#[test]
fn refuses_output_folders_that_would_endanger_the_site() {
    let site = SiteTest::fixture("basic").file("mine/notes.txt", "my own notes");
    let root = site.root().to_str().expect("utf-8").to_string();
    for (output, why) in [
        (root.clone(), "it is, or holds, the site itself"),
        (format!("{root}/.."), "it is, or holds, the site itself"),
        (format!("{root}/content"), "it is inside the site's content/ folder"),
        (format!("{root}/static/x"), "it is inside the site's static/ folder"),
        (
            format!("{root}/mine"),
            "it already holds files that Shingle did not make, and Shingle never deletes what it did not create",
        ),
        ("/".to_string(), "it is the top of the disk"),
    ] {
        let run = site.run(&["build", "--output", &output]);
        assert_eq!(run.code(), 1, "{output}");
        assert!(run.stderr().contains(why), "{output}: {}", run.stderr());
    }
    assert_eq!(std::fs::read_to_string(site.root().join("mine/notes.txt")).expect("kept"), "my own notes");
    assert!(site.root().join("content/about.md").is_file());
}

#[test]
fn rebuilds_remove_only_what_shingle_wrote() {
    let site = SiteTest::fixture("basic");
    site.build().success();
    std::fs::write(site.root().join("public/verify-google.html"), "mine").expect("write");
    std::fs::remove_file(site.root().join("content/about.md")).expect("remove");
    site.build().success();
    assert!(!site.root().join("public/about/index.html").exists());
    assert_eq!(std::fs::read_to_string(site.root().join("public/verify-google.html")).expect("kept"), "mine");
}

#[test]
fn drafts_only_with_the_flag() {
    let site =
        SiteTest::fixture("basic").file("content/plans.md", "+++\ntitle = \"Plans\"\ndraft = true\n+++\nSoon.\n");
    site.build().success();
    assert!(!site.root().join("public/plans/index.html").exists());
    site.run(&["build", "--drafts"]).success();
    assert!(site.read("plans/index.html").contains("<h1>Plans</h1>"));
}

#[test]
fn base_url_flag_moves_every_link() {
    let site = SiteTest::fixture("basic");
    site.run(&["build", "--base-url", "http://127.0.0.1:8080/preview/"]).success();
    let home = site.read("index.html");
    assert!(home.contains("href=\"/preview/services/\""), "{home}");
    assert!(home.contains("href=\"/preview/services/inbox/\""), "{home}");
    assert!(site.read("robots.txt").contains("Sitemap: http://127.0.0.1:8080/preview/sitemap.xml"));
}

fn json_ld(html: &str) -> serde_json::Value {
    let start = html.find("<script type=\"application/ld+json\">").expect("json-ld") + 35;
    let end = start + html[start..].find("</script>").expect("end");
    serde_json::from_str(&html[start..end]).expect("JSON-LD parses")
}

#[test]
fn service_json_ld_has_service_and_offers() {
    let site = SiteTest::fixture("basic");
    site.build().success();
    let doc = json_ld(&site.read("services/inbox/index.html"));
    assert_eq!(doc["@context"], "https://schema.org");
    let graph = doc["@graph"].as_array().expect("graph");
    let owner = &graph[0];
    assert_eq!(owner["@type"], "Person");
    assert_eq!(owner["name"], "Ada Fern");
    let service = graph.iter().find(|n| n["@type"] == "Service").expect("Service");
    assert_eq!(service["name"], "Inbox management");
    assert_eq!(service["provider"]["@id"], owner["@id"]);
    let offers = service["offers"].as_array().expect("offers");
    assert_eq!(offers[0]["price"], 320);
    assert_eq!(offers[0]["priceCurrency"], "GBP");
    assert_eq!(offers[0]["priceSpecification"]["unitText"], "month");
    assert_eq!(offers[2]["name"], "Core");
    assert_eq!(offers[2]["price"], 600);
    let crumbs = graph.iter().find(|n| n["@type"] == "BreadcrumbList").expect("breadcrumbs");
    assert_eq!(crumbs["itemListElement"][1]["item"], "https://example.github.io/fernhill/services/");
    assert!(!doc.to_string().contains("AggregateRating"));
    assert!(!doc.to_string().contains("ratingValue"));
}

#[test]
fn post_json_ld_is_a_blog_posting() {
    let site = SiteTest::fixture("basic");
    site.build().success();
    let doc = json_ld(&site.read("blog/second/index.html"));
    let post =
        doc["@graph"].as_array().expect("graph").iter().find(|n| n["@type"] == "BlogPosting").expect("post").clone();
    assert_eq!(post["headline"], "Why I became a VA");
    assert_eq!(post["datePublished"], "2026-04-10");
    assert_eq!(post["dateModified"], "2026-04-12");
    assert_eq!(post["description"], "A career, not a side hustle.");
    assert_eq!(post["mainEntityOfPage"], "https://example.github.io/fernhill/blog/second/");
    assert_eq!(post["author"]["@id"], "https://example.github.io/fernhill/#owner");
}
