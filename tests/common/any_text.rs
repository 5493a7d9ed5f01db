//! A small site whose every piece of text is given (titles, descriptions, tags, an alias, names,
//! bodies), and what any built site must be whatever its text: each XML file (feeds, sitemap)
//! parses as XML, and each HTML page's JSON-LD parses as JSON and its page does not end early.
//! Shared by the property tests and the fuzzer's `site` target (which includes this file by path).

use std::path::Path;

/// How many pieces of text [`write_site`] uses.
pub const PIECES: usize = 10;

/// Writes a site with every kind of output (pages, a service, a testimonial, posts with tags and
/// an alias, feeds) into `root`, its text taken from `pieces` (missing ones are empty). Each
/// piece lands in a TOML string or a Markdown body, so it tests values, not TOML syntax.
pub fn write_site(root: &Path, pieces: &[String]) {
    let piece = |i: usize| pieces.get(i).cloned().unwrap_or_default();
    let quoted = |i: usize| toml::Value::String(piece(i)).to_string();
    // an old address is checked as a path (most text is refused there); its spaces still test
    // the `_redirects` line
    let kept: String = piece(6).chars().filter(|c| c.is_alphanumeric() || *c == ' ' || *c == '-').collect();
    let alias = toml::Value::String(format!("/old/{}x", kept.trim_start()));
    let files = [
        (
            "site.toml".to_string(),
            format!(
                "title = {}\nbase_url = \"https://any.example/sub/\"\ndescription = {}\n\n[owner]\nname = {}\nemail = \"ada@any.example\"\n\n[booking]\nurl = \"https://cal.example/ada\"\nlabel = {}\n",
                quoted(0),
                quoted(1),
                quoted(2),
                quoted(3)
            ),
        ),
        ("content/_index.md".to_string(), format!("+++\ntitle = {}\n+++\n{}\n", quoted(4), piece(5))),
        (
            "content/about.md".to_string(),
            format!(
                "+++\ntitle = {}\ndescription = {}\naliases = [{}]\n+++\n{}\n",
                quoted(4),
                quoted(1),
                alias,
                piece(5)
            ),
        ),
        (
            "content/services/help.md".to_string(),
            format!(
                "+++\ntitle = {}\nsummary = {}\n[pricing]\nfrom = 40\ncurrency = \"GBP\"\nunit = {}\n+++\n{}\n",
                quoted(7),
                quoted(8),
                quoted(6),
                piece(9)
            ),
        ),
        (
            "content/testimonials/jo.md".to_string(),
            format!(
                "+++\nauthor = {}\nrole = {}\nconsent = true\nservices = [\"help\"]\n+++\n{}\n",
                quoted(2),
                quoted(8),
                piece(9)
            ),
        ),
        (
            "content/blog/first.md".to_string(),
            format!(
                "+++\ntitle = {}\ndescription = {}\ndate = 2024-05-18\ntags = [{}, {}]\n+++\n{}\n",
                quoted(4),
                quoted(1),
                quoted(6),
                quoted(7),
                piece(5)
            ),
        ),
        (
            "content/blog/second.md".to_string(),
            format!(
                "+++\ntitle = {}\ndate = 2024-06-01\ntags = [{}]\nsummary = {}\n+++\n{}\n",
                quoted(7),
                quoted(6),
                quoted(8),
                piece(9)
            ),
        ),
    ];
    for (rel, text) in files {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
}

/// The problems of one rendered file, if any: `(path, what is wrong)`.
pub fn problems(path: &str, bytes: &[u8]) -> Option<String> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(_) if path.ends_with(".xml") || path.ends_with(".html") => return Some("not UTF-8".to_string()),
        Err(_) => return None,
    };
    let control = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    if (path.ends_with(".xml") || path.ends_with(".html")) && text.contains(control) {
        return Some("holds a control character".to_string());
    }
    if path.ends_with(".xml") {
        if let Err(err) = roxmltree::Document::parse(text) {
            return Some(format!("not well-formed XML: {err}"));
        }
    } else if path.ends_with(".html") {
        const OPEN: &str = "<script type=\"application/ld+json\">";
        let mut rest = text;
        while let Some(at) = rest.find(OPEN) {
            let json = &rest[at + OPEN.len()..];
            let Some(end) = json.find("</script>") else { return Some("a JSON-LD block never ends".to_string()) };
            if let Err(err) = serde_json::from_str::<serde_json::Value>(&json[..end]) {
                return Some(format!("JSON-LD does not parse: {err}"));
            }
            rest = &json[end..];
        }
        if text.contains("<body") && !text.trim_end().ends_with("</html>") {
            return Some("the page does not end with </html>".to_string());
        }
    }
    None
}
