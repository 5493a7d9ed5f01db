//! Web addresses as Shingle handles them inside a site: whether one leads off the site,
//! percent-decoding (strictly, for paths the preview is asked for; leniently, for links a VA
//! wrote), and a site path joined to the base path. Which addresses may be published at all is
//! `context::link`'s rule.

use std::borrow::Cow;

use percent_encoding::percent_decode_str;

/// Whether `url` leads somewhere other than this site: it has a scheme (`https:`, `mailto:`,
/// `data:`) or names another host (`//cdn.example/…`).
pub fn is_external(url: &str) -> bool {
    crate::context::scheme(url).is_some() || url.starts_with("//")
}

/// `%XX` escapes decoded, malformed ones kept as written (`Caf%C3%A9` → `Café`, `100%` → `100%`);
/// borrowed when there was nothing to decode.
pub fn decode(text: &str) -> Cow<'_, str> {
    percent_decode_str(text).decode_utf8_lossy()
}

/// `%XX` escapes decoded, or `None` when an escape is malformed or the result is not UTF-8:
/// the preview answers such a path with 404 rather than guess what it means.
pub fn decode_strict(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    for (i, _) in bytes.iter().enumerate().filter(|(_, b)| **b == b'%') {
        if !bytes.get(i + 1..i + 3).is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit)) {
            return None;
        }
    }
    percent_decode_str(text).decode_utf8().ok().map(Cow::into_owned)
}

/// A path of the site joined to the base path: (`/repo/`, `services/`) → `/repo/services/`.
pub fn join(base_path: &str, path: &str) -> String {
    let path = path.trim_start_matches('/');
    let mut url = String::with_capacity(base_path.len() + path.len());
    url.push_str(base_path);
    url.push_str(path);
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_addresses_have_a_scheme_or_a_host() {
        for url in ["https://a.example", "mailto:a@b.example", "tel:+44", "data:image/png,x", "//cdn.example/a.png"] {
            assert!(is_external(url), "{url}");
        }
        for url in ["/about/", "services/", "#faq", "images/a.png", "@/about.md", "page?x=a:b"] {
            assert!(!is_external(url), "{url}");
        }
    }

    #[test]
    fn decoding_is_lenient_or_strict() {
        assert_eq!(decode("Caf%C3%A9%20menu"), "Café menu");
        assert_eq!(decode("100%"), "100%");
        assert!(matches!(decode("plain"), Cow::Borrowed(_)));
        assert_eq!(decode_strict("caf%C3%A9"), Some("café".to_string()));
        assert_eq!(decode_strict("%2e%2e"), Some("..".to_string()));
        for bad in ["%", "%z1", "%ff", "a%2"] {
            assert_eq!(decode_strict(bad), None, "{bad}");
        }
    }

    #[test]
    fn paths_join_the_base_path() {
        assert_eq!(join("/repo/", "services/"), "/repo/services/");
        assert_eq!(join("/", "/about/"), "/about/");
    }
}
