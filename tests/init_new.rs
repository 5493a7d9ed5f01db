//! `shingle init` and `shingle new`, run the way a VA would: start a site, add pages of every
//! kind, and build and check it straight away. Nothing here may need the network.

use std::path::Path;
use std::process::{Command, Output};

/// Runs the binary in `dir` with `args`.
fn shingle(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_shingle"))
        .args(args)
        .current_dir(dir)
        .env("HOME", dir.join("no-home"))
        .output()
        .expect("run shingle")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).to_string()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).to_string()
}

fn succeeds(output: Output) -> Output {
    assert_eq!(output.status.code(), Some(0), "expected success:\n{}{}", stdout(&output), stderr(&output));
    output
}

/// Whether the command succeeded (exit code 0; 1 for problems in the site, anything else fails the test).
fn succeeds_or_not(output: Output) -> bool {
    assert!(matches!(output.status.code(), Some(0 | 1)), "{}{}", stdout(&output), stderr(&output));
    output.status.code() == Some(0)
}

/// A temporary folder holding a fresh starter site in `site/`.
fn starter(theme: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    succeeds(shingle(dir.path(), &["init", "site", "--theme", theme]));
    dir
}

#[test]
fn init_prints_what_it_made_and_what_to_do_next() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = succeeds(shingle(dir.path(), &["init", "my-site"]));
    assert_eq!(
        stdout(&output),
        "Started a new site in my-site with the harbor theme: your settings in site.toml, an example of
every kind of page in content/, and settings to publish it on GitHub Pages or Netlify.
Each file says what to write in it. Next:

  cd my-site
  shingle serve

then open http://127.0.0.1:1111 to see your site change as you edit and save.
"
    );
    assert_eq!(stderr(&output), "");
}

/// The example text the starter marks ⟦like this⟧ in `starter/`, each phrase once.
fn example_phrases() -> Vec<String> {
    let mut phrases = Vec::new();
    for entry in walkdir::WalkDir::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("starter")) {
        let entry = entry.expect("walk");
        let Ok(text) = std::fs::read_to_string(entry.path()) else { continue };
        for after in text.split('⟦').skip(1) {
            phrases.push(after.split_once('⟧').expect("closed mark").0.to_string());
        }
    }
    phrases.sort();
    phrases.dedup();
    phrases
}

/// Does what a VA does before publishing: every piece of example text replaced with her own,
/// her photo saved over the placeholder portrait, and her address in base_url.
fn fill_in(site: &Path) {
    let phrases = example_phrases();
    for entry in walkdir::WalkDir::new(site).into_iter().filter_entry(|e| e.file_name() != "public") {
        let entry = entry.expect("walk");
        let is_text = entry.path().extension().is_some_and(|e| e == "md" || e == "toml");
        if !entry.file_type().is_file() || !is_text {
            continue;
        }
        let mut text = std::fs::read_to_string(entry.path()).expect("read");
        for (n, phrase) in phrases.iter().enumerate() {
            let own = if phrase.starts_with("https://") {
                format!("https://cal.example/own-{n}")
            } else {
                format!("Own words {n}")
            };
            text = text.replace(phrase.as_str(), &own);
        }
        text = text.replace("https://your-business.example", "https://sam-cole.github.io/desk/");
        std::fs::write(entry.path(), text).expect("write");
    }
    std::fs::write(
        site.join("static/images/portrait.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"4\"/>",
    )
    .expect("photo");
}

#[test]
fn the_starter_site_builds_and_checks_clean_with_every_theme_once_filled_in() {
    for theme in ["beacon", "harbor", "linen"] {
        let dir = starter(theme);
        let site = dir.path().join("site");
        let toml = std::fs::read_to_string(site.join("site.toml")).expect("site.toml");
        assert!(toml.contains(&format!("\ntheme = \"{theme}\"\n")), "{theme} not set in site.toml");
        fill_in(&site);
        let build = succeeds(shingle(&site, &["build"]));
        assert_eq!(stderr(&build), "", "the starter site must build without warnings ({theme})");
        assert!(stdout(&build).starts_with("Built 18 pages and 14 picture files in "), "{}", stdout(&build));
        let check = succeeds(shingle(&site, &["check"]));
        assert_eq!(stdout(&check), "No problems found in 18 pages.\n", "theme {theme}");
    }
}

#[test]
fn a_new_site_is_refused_by_check_until_its_example_text_is_replaced() {
    let dir = starter("harbor");
    let site = dir.path().join("site");
    // a preview or a trial build goes on, and says once what is left, not dozens of times
    let build = succeeds(shingle(&site, &["build"]));
    let warnings = stderr(&build);
    assert!(
        warnings
            .starts_with("site.toml:14:1: warning: base_url is still a placeholder (https://your-business.example/)"),
        "{warnings}"
    );
    assert!(warnings.contains("site.toml:6:10: warning: this is still the example text Shingle wrote: \"Your Business Name\" (and 37 more in 18 files)\n  replace Shingle's example text with your own before you publish: `shingle check` lists each piece\n"), "{warnings}");
    assert!(stdout(&build).ends_with("; 2 warnings)\n"), "{}", stdout(&build));

    let check = shingle(&site, &["check"]);
    assert_eq!(check.status.code(), Some(1));
    let report = stdout(&check);
    let mut named = std::collections::BTreeSet::new();
    for line in report.lines().filter(|l| l.contains(": error: ")) {
        named.insert(line.split(':').next().expect("file").to_string());
    }
    let mut expected: std::collections::BTreeSet<String> = walkdir::WalkDir::new(site.join("content"))
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(&site).expect("inside").to_string_lossy().replace('\\', "/"))
        .collect();
    expected.insert("site.toml".into());
    expected.insert("static/images/portrait.svg".into());
    assert_eq!(named, expected, "every file with example text is named:\n{report}");
    assert!(report.contains("content/testimonials/example-client-one.md:4:11: error: this is still the example text Shingle wrote: \"Alex Example\"\n  replace it with a real client's words and name, or delete the file\n"), "{report}");
    assert!(
        report.contains("static/images/portrait.svg: error: this is still the placeholder picture from shingle init\n"),
        "{report}"
    );
    assert!(report.ends_with("39 errors in 18 pages\n"), "{report}");

    // --base-url stands for the address, as on a host that gives it at build time
    let check = shingle(&site, &["check", "--base-url", "https://sam-cole.github.io/desk/"]);
    assert!(!stdout(&check).contains("base_url is still a placeholder"));

    fill_in(&site);
    let check = succeeds(shingle(&site, &["check"]));
    assert_eq!(stdout(&check), "No problems found in 18 pages.\n");
}

#[test]
fn the_starter_site_has_every_kind_of_content_and_the_publishing_files() {
    let dir = starter("harbor");
    let site = dir.path().join("site");
    for file in [
        "site.toml",
        "content/_index.md",
        "content/about.md",
        "content/contact.md",
        "content/privacy.md",
        "content/terms.md",
        "content/skills.md",
        "content/faq.md",
        "content/services/inbox-and-calendar-management.md",
        "content/services/monthly-support.md",
        "content/testimonials/example-client-one.md",
        "content/testimonials/example-client-two.md",
        "content/work/example-project.md",
        "content/blog/my-first-post.md",
        "static/images/portrait.svg",
        ".github/workflows/deploy.yml",
        "netlify.toml",
        ".gitignore",
    ] {
        assert!(site.join(file).is_file(), "{file} is missing from the starter site");
    }
    let contact = std::fs::read_to_string(site.join("content/contact.md")).expect("contact");
    assert!(contact.contains("template = \"contact.html\""));
    let workflow = std::fs::read_to_string(site.join(".github/workflows/deploy.yml")).expect("workflow");
    assert!(workflow.contains("actions/upload-pages-artifact@"));
    assert!(workflow.contains("actions/deploy-pages@"));
    assert!(workflow.contains("--base-url"));
    let netlify = std::fs::read_to_string(site.join("netlify.toml")).expect("netlify.toml");
    assert!(netlify.contains("publish = \"public\""));
    let ignore = std::fs::read_to_string(site.join(".gitignore")).expect(".gitignore");
    assert!(ignore.lines().any(|line| line == "public/"));
    assert!(!site.join(".shingle.lock").exists());
}

#[test]
fn the_publishing_files_install_the_version_of_shingle_that_wrote_them() {
    let dir = starter("harbor");
    let site = dir.path().join("site");
    let version = env!("CARGO_PKG_VERSION");
    let releases = format!("{}/releases/download", env!("CARGO_PKG_REPOSITORY"));
    let workflow = std::fs::read_to_string(site.join(".github/workflows/deploy.yml")).expect("workflow");
    assert!(workflow.contains(&format!("\n  SHINGLE_VERSION: \"{version}\"\n")), "{workflow}");
    assert!(workflow.contains(&format!("\n  SHINGLE_RELEASES: \"{releases}\"\n")), "{workflow}");
    let netlify = std::fs::read_to_string(site.join("netlify.toml")).expect("netlify.toml");
    assert!(netlify.contains(&format!("\nSHINGLE_VERSION = \"{version}\"\n")), "{netlify}");
    assert!(netlify.contains(&format!("\nSHINGLE_RELEASES = \"{releases}\"\n")), "{netlify}");
    for (name, text) in [("deploy.yml", &workflow), ("netlify.toml", &netlify)] {
        assert!(!text.contains("@SHINGLE_"), "{name} keeps a marker:\n{text}");
        assert!(!text.contains("SHINGLE_INSTALL"), "{name} still needs a variable:\n{text}");
        assert!(text.contains(&format!("Shingle {version}, the version that started this site")), "{name}");
        assert!(text.contains("cargo install shingle --locked --version \"=$SHINGLE_VERSION\""), "{name}");
    }
}

#[test]
fn init_creates_missing_folders() {
    let dir = tempfile::tempdir().expect("temp dir");
    succeeds(shingle(dir.path(), &["init", "clients/new-site"]));
    assert!(dir.path().join("clients/new-site/site.toml").is_file());
}

#[test]
fn init_accepts_an_empty_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("site")).expect("mkdir");
    succeeds(shingle(dir.path(), &["init", "site"]));
    assert!(dir.path().join("site/site.toml").is_file());
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir(dir.path().join("site")).expect("mkdir");
    std::fs::write(dir.path().join("site/notes.txt"), "mine").expect("write");
    let output = shingle(dir.path(), &["init", "site"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "error: site is not empty; Shingle only starts a site in an empty or new folder
  choose a new folder name, for example: shingle init my-site
"
    );
    assert_eq!(std::fs::read_to_string(dir.path().join("site/notes.txt")).expect("read"), "mine");
    assert!(!dir.path().join("site/site.toml").exists());
}

#[test]
fn init_refuses_a_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("site"), "mine").expect("write");
    let output = shingle(dir.path(), &["init", "site"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "error: site is a file, not a folder\n  choose a new folder name, for example: shingle init my-site\n"
    );
}

#[test]
fn init_refuses_an_unknown_theme_and_lists_the_themes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = shingle(dir.path(), &["init", "site", "--theme", "lighthouse"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "error: there is no built-in theme called 'lighthouse'\n  the built-in themes are: beacon, harbor, linen\n"
    );
    assert!(!dir.path().join("site").exists(), "nothing is written for an unknown theme");

    let output = shingle(dir.path(), &["init", "site", "--theme", "harbour"]);
    assert_eq!(
        stderr(&output),
        "error: there is no built-in theme called 'harbour'\n  did you mean 'harbor'? The built-in themes are: beacon, harbor, linen\n"
    );
}

#[test]
fn new_files_of_every_kind_build_at_once() {
    let dir = starter("harbor");
    let site = dir.path().join("site");
    fill_in(&site);
    for (kind, title, file) in [
        ("service", "Social media support", "content/services/social-media-support.md"),
        ("testimonial", "Priya N.", "content/testimonials/priya-n.md"),
        ("case-study", "A calmer month-end", "content/work/a-calmer-month-end.md"),
        ("post", "Three inbox filters", "content/blog/three-inbox-filters.md"),
        ("page", "Café menu & prices", "content/cafe-menu-prices.md"),
    ] {
        let output = succeeds(shingle(&site, &["new", kind, title]));
        assert_eq!(stdout(&output), format!("Created ./{file}\n"));
        assert!(site.join(file).is_file());
        // the new file's own example text is said, where the file is published at all
        let build = succeeds(shingle(&site, &["build"]));
        let draft = matches!(kind, "testimonial" | "post");
        if draft {
            assert_eq!(stderr(&build), "", "a new {kind} is a draft, so it is not published");
        } else {
            assert!(
                stderr(&build).starts_with(&format!("{file}:"))
                    && stderr(&build).contains("example text Shingle wrote"),
                "{}",
                stderr(&build)
            );
            assert!(!succeeds_or_not(shingle(&site, &["check"])), "check refuses the new {kind}'s example text");
        }
        // her own words in place of the example: nothing more to say
        let text = std::fs::read_to_string(site.join(file)).expect("read");
        let (front, _) = text.rsplit_once("+++\n").expect("front matter");
        std::fs::write(site.join(file), format!("{front}+++\nHer own words about {title}.\n")).expect("write");
        let build = succeeds(shingle(&site, &["build"]));
        assert_eq!(stderr(&build), "", "building after `shingle new {kind}` and writing the page gives no warnings");
        let check = succeeds(shingle(&site, &["check"]));
        assert!(stdout(&check).starts_with("No problems found in "), "{}", stdout(&check));
    }
    // the service, case study and page are published; the post and testimonial wait as drafts
    assert!(site.join("public/services/social-media-support/index.html").is_file());
    assert!(site.join("public/work/a-calmer-month-end/index.html").is_file());
    assert!(site.join("public/cafe-menu-prices/index.html").is_file());
    assert!(!site.join("public/blog/three-inbox-filters").exists());
}

#[test]
fn a_new_file_holds_every_field_of_its_kind() {
    let dir = starter("harbor");
    let site = dir.path().join("site");
    succeeds(shingle(&site, &["new", "service", "Inbox \"zero\" help"]));
    let text = std::fs::read_to_string(site.join("content/services/inbox-zero-help.md")).expect("read");
    assert!(text.starts_with("+++\n"));
    assert!(text.contains("\ntitle = \"Inbox \\\"zero\\\" help\"\n"), "{text}");
    for field in [
        "description",
        "summary",
        "icon",
        "featured",
        "deliverables",
        "turnaround",
        "ideal_for",
        "tools",
        "weight",
        "slug",
        "aliases",
        "template",
        "draft",
        "[pricing]",
        "model",
        "from",
        "currency",
        "unit",
        "minimum_hours",
        "increment_minutes",
        "rollover_hours",
        "billing",
        "term_months",
        "[[packages]]",
        "price",
        "hours",
        "features",
        "highlighted",
        "[cta]",
        "label",
        "url",
        "[extra]",
    ] {
        assert!(text.contains(&format!("\n# {field}")), "the service file has no {field}:\n{text}");
    }

    succeeds(shingle(&site, &["new", "post", "Hello"]));
    let post = std::fs::read_to_string(site.join("content/blog/hello.md")).expect("read");
    assert!(post.contains("\ndraft = true\n"));
    let date = post.lines().find_map(|l| l.strip_prefix("date = ")).expect("a date line");
    assert!(is_iso_date(date), "{date}");
}

fn is_iso_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    parts.len() == 3
        && parts[0].len() == 4
        && parts[1].len() == 2
        && parts[2].len() == 2
        && parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit()))
}

#[test]
fn a_new_testimonial_asks_for_consent_once_it_leaves_draft() {
    let dir = starter("harbor");
    let site = dir.path().join("site");
    succeeds(shingle(&site, &["new", "testimonial", "Priya N."]));
    let path = site.join("content/testimonials/priya-n.md");
    let text = std::fs::read_to_string(&path).expect("read");
    // the draft line, then (with its help) the consent line to uncomment once the client agrees
    let draft = text.find("\ndraft = true\n").expect("a draft line");
    let consent = text.find("\n# consent = true\n").expect("a consent line");
    assert!(consent > draft && text[draft..consent].lines().count() <= 3, "{text}");
    assert!(text.contains("\nauthor = \"Priya N.\"\n"));
    std::fs::write(&path, text.replace("\ndraft = true\n", "\n")).expect("write");
    let build = shingle(&site, &["build"]);
    assert_eq!(build.status.code(), Some(1));
    assert!(
        stderr(&build).starts_with(
            "content/testimonials/priya-n.md:1:1: error: this testimonial does not say whether the client agreed to publish it"
        ),
        "{}",
        stderr(&build)
    );
}

#[test]
fn new_never_overwrites_a_file() {
    let dir = starter("harbor");
    let site = dir.path().join("site");
    let output = shingle(&site, &["new", "page", "About"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "error: ./content/about.md already exists, so Shingle left it as it was\n  choose a different title, or open the file and edit it\n"
    );
    assert!(std::fs::read_to_string(site.join("content/about.md")).expect("read").contains("title = \"About me\""));
}

#[test]
fn new_needs_a_site() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = shingle(dir.path(), &["new", "page", "About"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "error: there is no site.toml in .\n  run Shingle in your site's folder, point --root at it, or start a new site with: shingle init my-site\n"
    );
    assert!(!dir.path().join("content").exists());
}

#[test]
fn new_page_cannot_take_a_list_address() {
    let dir = starter("harbor");
    let output = shingle(&dir.path().join("site"), &["new", "page", "Blog"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "error: a page called 'blog' would take the address /blog/, which Shingle uses for the list of your blog posts
  choose another title; to change that list page's title and introduction, edit content/blog/_index.md
"
    );
}

#[test]
fn new_refuses_titles_that_make_no_usable_file_name() {
    let dir = starter("harbor");
    let site = dir.path().join("site");
    let output = shingle(&site, &["new", "post", "!!!"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "error: the title '!!!' has no letters or digits to make a file name from\n  give it a title with words in it, for example: shingle new post \"Inbox management\"\n"
    );
    let output = shingle(&site, &["new", "page", "Aux"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr(&output),
        "error: a file called aux.md cannot be opened on Windows\n  choose another title, for example: shingle new page \"Aux page\"\n"
    );
}
