//! What a site still has of the example text Shingle wrote for its owner to replace (see
//! `examples`): warnings for `build`, which must not stop a preview or a trial, and errors for
//! `check` and `publish`, which must not let a prospect meet "Your Business Name".

use crate::content::Kind;
use crate::error::{Diagnostic, Severity};
use crate::examples::{self, Found};
use crate::load::assets::Bytes;
use crate::load::config::Config;
use crate::site::Site;

/// Everything of the starter's examples still in `site`, as warnings: the marked phrases in
/// site.toml and the content, the placeholder pictures, and a placeholder `base_url` (unless the
/// build is for another address, `address_given`). `check` and `publish` make them errors.
pub fn leftovers(site: &Site, address_given: bool) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let config = &site.config;
    if !address_given && examples::is_placeholder_address(&config.base_url) {
        problems.push(placeholder_address(config));
    }
    for found in examples::example_text(&config.source, 0..config.source.len()) {
        problems.push(
            at(Diagnostic::warning("site.toml", still_there(found.phrase)), &found)
                .help("replace it with your own details"),
        );
    }
    for page in &site.pages {
        let doc = &page.doc;
        let help = match doc.kind {
            Kind::Testimonial => "replace it with a real client's words and name, or delete the file",
            Kind::CaseStudy | Kind::Post => "replace it with your own, or delete the file",
            _ => "write your own words in its place",
        };
        for found in &doc.example_text {
            problems.push(at(Diagnostic::warning(&doc.file, still_there(found.phrase)), found).help(help));
        }
    }
    for (path, bytes) in site.assets.iter() {
        let Bytes::Disk(..) = bytes else { continue };
        let Some(picture) = examples::starter_static(path) else { continue };
        if bytes.read().is_ok_and(|read| *read == *picture) {
            problems.push(
                Diagnostic::warning(
                    format!("static/{path}"),
                    "this is still the placeholder picture from shingle init",
                )
                .help("save your own picture under that name, or save it under another and change site.toml to match"),
            );
        }
    }
    problems
}

fn placeholder_address(config: &Config) -> Diagnostic {
    let message = format!(
        "base_url is still a placeholder ({}): the sitemap, search-engine links, feeds and robots.txt would point there",
        config.base_url
    );
    config
        .error_at_key("base_url", message)
        .help("put your site's address in base_url, such as \"https://your-name.github.io/your-site/\", or build with --base-url")
        .severity(Severity::Warning)
}

fn still_there(phrase: &str) -> String {
    format!("this is still the example text Shingle wrote: \"{phrase}\"")
}

fn at(diagnostic: Diagnostic, found: &Found) -> Diagnostic {
    diagnostic.at(found.line, found.column)
}

/// [`leftovers`] in short, for `build`: the address on its own, and the first piece of example
/// text standing for all the others (a new site has dozens, and `check` lists every one).
pub fn in_short(mut problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let address = problems.iter().position(|p| p.message.starts_with("base_url ")).map(|i| problems.remove(i));
    let files: std::collections::BTreeSet<&str> = problems.iter().map(|p| p.file.as_str()).collect();
    let first = problems.first().map(|first| {
        let others = problems.len() - 1;
        let message = match (others, files.len()) {
            (0, _) => first.message.clone(),
            (others, 1) => format!("{} (and {others} more in this file)", first.message),
            (others, count) => format!("{} (and {others} more in {count} files)", first.message),
        };
        Diagnostic { message, ..first.clone() }
            .help("replace Shingle's example text with your own before you publish: `shingle check` lists each piece")
    });
    address.into_iter().chain(first).collect()
}

/// `problems` as errors: what `check` and `publish` refuse.
pub fn as_errors(problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
    problems.into_iter().map(|p| p.severity(Severity::Error)).collect()
}
