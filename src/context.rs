//! The rule for each place a user's text lands: HTML, a JSON-LD script element, XML, a
//! stylesheet, a web address, a file name, a `_redirects` line. Each rule is written here once;
//! every value Shingle publishes passes through the one for its place, so a title, a link or a
//! colour can never break the page, feed or file it ends up in. Escaping, not meaning: which
//! fields exist and where they go is decided elsewhere.

/// Text made safe inside HTML elements and double- or single-quoted attribute values: `& < > " '`
/// escaped, and the characters no page may carry left out. Templates escape their values the
/// same way ([`write_html`] is Tera's escape function).
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let kept = publishable(text);
    // writing into a String cannot fail
    let _ = pulldown_cmark_escape::escape_html(&mut out, &kept);
    out
}

/// [`html`], written to `out`: the escape function of every template.
pub fn write_html(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    pulldown_cmark_escape::escape_html(pulldown_cmark_escape::IoWriter(out), &publishable(text))
}

/// `text` without the characters no page may carry (borrowed when it has none, the usual case).
fn publishable(text: &str) -> std::borrow::Cow<'_, str> {
    if may_hold_unpublishable(text) && text.chars().any(is_unpublishable) {
        std::borrow::Cow::Owned(text.chars().filter(|c| !is_unpublishable(*c)).collect())
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// JSON made safe inside a `<script>` element: `<`, `>` and `&` written as `\u` escapes (valid
/// JSON, and no `</script>` or `<!--` can form), and so are the two line separators JavaScript
/// once treated as line ends and the characters no page may carry.
pub fn json_in_script(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if matches!(c, '<' | '>' | '&' | '\u{2028}' | '\u{2029}') || is_unpublishable(c) {
            // outside the Basic Multilingual Plane a character is two escapes (a surrogate pair)
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Text made safe in XML (feeds, the sitemap): escaped like HTML, without the characters XML 1.0
/// does not allow at all (they are also removed, with a warning, when a file is read).
pub fn xml(text: &str) -> String {
    html(text)
}

/// Characters no page or feed may carry: control characters other than tab and line ends (they
/// arrive pasted from Word or a PDF), and the noncharacters. XML 1.0 forbids most of them
/// outright and HTML counts them all as errors.
pub fn is_unpublishable(c: char) -> bool {
    match c {
        '\t' | '\n' | '\r' => false,
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' | '\u{fdd0}'..='\u{fdef}' => true,
        other => (other as u32) & 0xfffe == 0xfffe,
    }
}

/// Whether `text` may hold an unpublishable character: a quick look at its bytes, so the text
/// that holds none (nearly all of it) is never walked character by character.
fn may_hold_unpublishable(text: &str) -> bool {
    // a control character (but tab and line ends), DEL, the lead byte of U+0080–U+00BF (the C1
    // controls are there), or of U+F000 and above (where the noncharacters are); tested a
    // block at a time, without branches, so it runs at memory speed
    let suspect =
        |b: u8| (b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r') | (b == 0x7f) | (b == 0xc2) | (b >= 0xef);
    text.as_bytes().chunks(64).any(|block| block.iter().fold(false, |found, &b| found | suspect(b)))
}

/// `text` without unpublishable characters, and the byte offset of the first one removed.
pub fn without_unpublishable(text: &str) -> Option<(String, usize, usize)> {
    if !may_hold_unpublishable(text) {
        return None;
    }
    let first = text.find(is_unpublishable)?;
    let removed = text.chars().filter(|c| is_unpublishable(*c)).count();
    Some((text.chars().filter(|c| !is_unpublishable(*c)).collect(), first, removed))
}

/// Whether a value may be written into a stylesheet (a theme option such as a colour): letters,
/// digits, spaces and `# ( ) , . % + - / _` only, so it cannot end a rule, open a comment or
/// leave the `<style>` element it is written in.
pub fn is_css_value(text: &str) -> bool {
    text.chars().all(|c| c.is_alphanumeric() || " #(),.%+-/_".contains(c))
}

/// Why a web address is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkProblem {
    /// A scheme other than https, http, mailto or tel (`javascript:`, `data:`, `file:`).
    Scheme(String),
    /// A space, a tab, a line break or another control character, which browsers drop or
    /// reinterpret.
    Whitespace,
    /// A backslash, which browsers read as `/`.
    Backslash,
    /// `https://` with no host after it.
    NoHost,
}

impl LinkProblem {
    /// The problem in plain words, as the end of a sentence about the value.
    pub fn reason(&self) -> String {
        match self {
            LinkProblem::Scheme(scheme) => {
                format!("an address starting with '{scheme}:' is not a web page, an email or a phone number")
            }
            LinkProblem::Whitespace => "a web address cannot contain spaces or line breaks".to_string(),
            LinkProblem::Backslash => "a web address uses / rather than \\".to_string(),
            LinkProblem::NoHost => "the address has nothing after its https://".to_string(),
        }
    }
}

/// The help shown under every refused address.
pub const LINK_HELP: &str = "use a full address starting with https:// (or http://, mailto:, tel:), \
or a path on this site such as /contact/";

/// Checks a web address a page links to: `https:`, `http:`, `mailto:`, `tel:`, or an address on
/// this site (`/contact/`, `services/`, `#faq`, `../x`). Anything else (`javascript:`, `data:`,
/// `vbscript:`, `file:`) would run code or leave the web, so it is refused wherever it is set.
pub fn link(url: &str) -> Result<(), LinkProblem> {
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(LinkProblem::Whitespace);
    }
    if url.contains('\\') {
        return Err(LinkProblem::Backslash);
    }
    let Some(scheme) = scheme(url) else { return Ok(()) };
    match scheme.to_ascii_lowercase().as_str() {
        "https" | "http" => {
            let rest = &url[scheme.len() + 1..];
            let host = rest.strip_prefix("//").unwrap_or(rest);
            if host.split(['/', '?', '#']).next().is_none_or(str::is_empty) {
                return Err(LinkProblem::NoHost);
            }
            Ok(())
        }
        "mailto" | "tel" => Ok(()),
        _ => Err(LinkProblem::Scheme(scheme.to_string())),
    }
}

/// The scheme of an address, as a browser finds it: letters (then letters, digits, `+ - .`)
/// before the first `:`, with no `/ ? #` before it.
pub fn scheme(url: &str) -> Option<&str> {
    let end = url.find(':')?;
    let candidate = &url[..end];
    let mut chars = candidate.chars();
    let first_is_letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    (first_is_letter && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))).then_some(candidate)
}

/// What a refused address's parse error starts with, so the TOML messages can explain it.
pub const REFUSED_LINK: &str = "refused link ";

/// A web address from a settings or front-matter field, checked by [`link`] as it is read (its
/// surrounding spaces dropped), so no field can publish a `javascript:` link.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
#[serde(transparent)]
pub struct Link(String);

impl Link {
    /// Checks `text` as a link.
    pub fn new(text: &str) -> Result<Link, LinkProblem> {
        let text = text.trim();
        link(text).map(|()| Link(text.to_string()))
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Link {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Link {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Link {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Link, D::Error> {
        let text = String::deserialize(deserializer)?;
        Link::new(&text).map_err(|problem| {
            serde::de::Error::custom(format!("{REFUSED_LINK}`{}`: {}", text.trim(), problem.reason()))
        })
    }
}

impl schemars::JsonSchema for Link {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Link".into()
    }

    fn inline_schema() -> bool {
        true
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "format": "uri-reference",
            "pattern": LINK_PATTERN,
            "description": "A web address (https://…, mailto:…, tel:…) or a path on this site (/contact/)"
        })
    }
}

/// [`link`] as a JSON Schema pattern (ECMA 262), for editors that check front matter as it is typed.
pub const LINK_PATTERN: &str = "^\\s*(?:(?:[Hh][Tt][Tt][Pp][Ss]?://[^/?#\\s\\\\]|[Mm][Aa][Ii][Ll][Tt][Oo]:|[Tt][Ee][Ll]:)|(?![A-Za-z][A-Za-z0-9+.-]*:))[^\\s\\\\]*\\s*$";

/// The longest file or folder name most file systems hold, in bytes.
pub const MAX_NAME: usize = 255;
/// A name this long or longer is refused, leaving room for Shingle's own suffixes and for the
/// folders above it on systems that limit whole paths.
pub const LONGEST_NAME: usize = 200;

/// Why a name cannot be a file or folder of the output on every system a site is built on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameProblem {
    /// Longer than [`LONGEST_NAME`] bytes.
    TooLong(usize),
    /// `con`, `nul`, `com1`…: names Windows keeps for devices, with any extension.
    Reserved,
    /// A character Windows or macOS refuses in names (`< > : " | ? *`, controls).
    Character(char),
    /// Ends with a dot or a space, which Windows drops.
    BadEnd,
}

impl NameProblem {
    /// The problem in plain words.
    pub fn reason(&self) -> String {
        match self {
            NameProblem::TooLong(len) => {
                format!("is {len} characters long, more than file systems can hold (at most {LONGEST_NAME})")
            }
            NameProblem::Reserved => "is a name Windows keeps for itself and cannot hold as a file or folder".into(),
            NameProblem::Character(c) if c.is_control() => "contains a control character".into(),
            NameProblem::Character(c) => format!("contains '{c}', which Windows does not allow in file names"),
            NameProblem::BadEnd => "ends with a dot or a space, which Windows removes".into(),
        }
    }
}

/// Checks one part (file or folder name) of an output path.
pub fn file_name(name: &str) -> Result<(), NameProblem> {
    if name.len() > LONGEST_NAME {
        return Err(NameProblem::TooLong(name.len()));
    }
    if let Some(c) = name.chars().find(|c| c.is_control() || "<>:\"|?*\\".contains(*c)) {
        return Err(NameProblem::Character(c));
    }
    if name.ends_with('.') || name.ends_with(' ') {
        return Err(NameProblem::BadEnd);
    }
    if is_reserved_on_windows(name) {
        return Err(NameProblem::Reserved);
    }
    Ok(())
}

/// Names Windows keeps for devices (`con`, `prn`, `aux`, `nul`, `com1`–`com9`, `lpt1`–`lpt9`),
/// whatever follows their first dot.
pub fn is_reserved_on_windows(name: &str) -> bool {
    let base = name.split('.').next().unwrap_or("").trim_end().to_ascii_uppercase();
    matches!(base.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((base.starts_with("COM") || base.starts_with("LPT"))
            && base.len() == 4
            && base.as_bytes()[3].is_ascii_digit()
            && base.as_bytes()[3] != b'0')
}

/// A path as one field of a `_redirects` line: fields are separated by spaces, so spaces,
/// control characters and `%` itself are percent-encoded.
pub fn redirect_field(path: &str) -> String {
    const FIELD: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS.add(b' ').add(b'%').add(b'#');
    percent_encoding::utf8_percent_encode(path, FIELD).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_cannot_end_or_comment_out_its_script() {
        let json = "{\"name\":\"</script><!--<script>&x\u{7f}\u{10fffe}\"}";
        let safe = json_in_script(json);
        assert!(!safe.contains(['<', '>', '&', '\u{7f}', '\u{10fffe}']), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).expect("still JSON");
        assert_eq!(back["name"], "</script><!--<script>&x\u{7f}\u{10fffe}");
    }

    #[test]
    fn xml_loses_what_it_cannot_hold() {
        assert_eq!(xml("a\u{1}b & <c>\u{fffe}"), "ab &amp; &lt;c&gt;");
        assert_eq!(html("\"it's\""), "&quot;it&#39;s&quot;");
        assert_eq!(without_unpublishable("ok\u{b}x\u{c}"), Some(("okx".into(), 2, 2)));
        assert_eq!(without_unpublishable("fine\ttext\r\n"), None);
    }

    #[test]
    fn only_web_email_and_phone_addresses_pass() {
        for good in [
            "https://cal.example/ada",
            "HTTP://x.example",
            "mailto:ada@fernhill.example",
            "tel:+441234567890",
            "/contact/",
            "services/",
            "#faq",
            "../x",
            "//cdn.example/a.png",
            "images/me.jpg",
            "page?x=a:b",
        ] {
            assert_eq!(link(good), Ok(()), "{good}");
        }
        assert_eq!(link("javascript:alert(1)"), Err(LinkProblem::Scheme("javascript".into())));
        assert_eq!(link("JavaScript:alert(1)"), Err(LinkProblem::Scheme("JavaScript".into())));
        assert_eq!(link("data:text/html,x"), Err(LinkProblem::Scheme("data".into())));
        assert_eq!(link("java\tscript:alert(1)"), Err(LinkProblem::Whitespace));
        assert_eq!(link(" javascript:x"), Err(LinkProblem::Whitespace));
        assert_eq!(link("/\\evil.example"), Err(LinkProblem::Backslash));
        assert_eq!(link("https://"), Err(LinkProblem::NoHost));
    }

    #[test]
    fn names_every_system_can_hold() {
        assert_eq!(file_name("inbox-management"), Ok(()));
        assert_eq!(file_name("con"), Err(NameProblem::Reserved));
        assert_eq!(file_name("LPT1.html"), Err(NameProblem::Reserved));
        assert_eq!(file_name("com0"), Ok(()));
        assert_eq!(file_name("a?b"), Err(NameProblem::Character('?')));
        assert_eq!(file_name("notes."), Err(NameProblem::BadEnd));
        assert_eq!(file_name(&"x".repeat(201)), Err(NameProblem::TooLong(201)));
    }

    #[test]
    fn css_values_cannot_break_out() {
        assert!(is_css_value("#1f6f78"));
        assert!(is_css_value("rgb(31, 111, 120)"));
        assert!(!is_css_value("red;} body{display:none"));
        assert!(!is_css_value("red</style>"));
        assert!(!is_css_value("red/* x"));
    }

    #[test]
    fn redirect_fields_keep_their_spaces_encoded() {
        assert_eq!(redirect_field("/old page/"), "/old%20page/");
        assert_eq!(redirect_field("/100%/"), "/100%25/");
    }
}
