//! What the preview server answers: only requests addressed to it (the Host check that stops DNS
//! rebinding), only files of the site in memory (a path is decoded once and refused when it
//! could mean anything outside the site), the site's 404 page otherwise, and the live-reload
//! files; a byte range of a static file when asked. Never a directory listing, never a file read
//! from disk, never a copy of a file's bytes.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, RwLock};

use super::http::{Body, Request, Response};
use super::pages::Pages;
use super::range::{self, Wanted};
use super::reload;
use crate::site::paths;

/// The site as served: the last good build in memory and, while the site is broken, its problems.
#[derive(Debug, Default)]
pub struct Served {
    /// Every file by its path below the site root: `style.css`, `blog/atom.xml`.
    pub files: HashMap<String, Arc<Vec<u8>>>,
    /// The pages, rendered when first asked for (they win over a static file of the same path).
    pub pages: Option<Arc<Pages>>,
    /// Whether any build has succeeded yet.
    pub built: bool,
    /// The problems of the last build, while it failed.
    pub error: Option<String>,
}

/// The `Host` values this server answers to.
#[derive(Debug, Clone)]
pub struct Hosts {
    port: u16,
    names: Vec<String>,
    any_address: bool,
}

impl Hosts {
    /// The names of the server listening on `bind`:`port`: the loopback names, the address
    /// itself, and any IP address when it listens on all of them.
    pub fn new(bind: IpAddr, port: u16) -> Hosts {
        let mut names = vec![
            format!("127.0.0.1:{port}"),
            format!("localhost:{port}"),
            format!("[::1]:{port}"),
            with_port(bind, port),
        ];
        if port == 80 {
            let bare: Vec<String> = names.iter().map(|n| n.trim_end_matches(":80").to_string()).collect();
            names.extend(bare);
        }
        Hosts { port, names, any_address: bind.is_unspecified() }
    }

    /// Whether a request with this `Host` header is for us.
    pub fn allows(&self, host: &str) -> bool {
        let host = host.trim().to_ascii_lowercase();
        if self.names.contains(&host) {
            return true;
        }
        // listening on every address: a numeric address cannot be a rebinding attack
        if self.any_address {
            let (address, port) = match host.rsplit_once(':') {
                Some((address, port)) => (address, port.parse::<u16>().ok()),
                None => (host.as_str(), Some(80)),
            };
            let address = address.trim_start_matches('[').trim_end_matches(']');
            return port == Some(self.port) && address.parse::<IpAddr>().is_ok();
        }
        false
    }
}

/// `127.0.0.1:1111` or `[::1]:1111`.
pub fn with_port(address: IpAddr, port: u16) -> String {
    match address {
        IpAddr::V4(v4) => format!("{v4}:{port}"),
        IpAddr::V6(v6) => format!("[{v6}]:{port}"),
    }
}

/// What to do with a request.
#[derive(Debug)]
pub enum Answer {
    /// Send this.
    Response(Response),
    /// Keep the connection open and stream live-reload events.
    Events,
}

/// Decides the answer to `request`; with `editing`, pages get the editor's Edit button.
pub fn answer(request: &Request, served: &RwLock<Served>, hosts: &Hosts, editing: bool) -> Answer {
    if !request.host.as_deref().is_some_and(|host| hosts.allows(host)) {
        return Answer::Response(Response::text(
            403,
            "This preview server only answers requests for its own address, such as http://127.0.0.1:1111/.",
        ));
    }
    if request.method != "GET" && request.method != "HEAD" {
        return Answer::Response(
            Response::text(405, "The preview only answers GET and HEAD.").with("Allow", "GET, HEAD"),
        );
    }
    if !request.target.starts_with('/') {
        return Answer::Response(Response::text(400, "Bad request."));
    }
    let (path, query) = match request.target.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (request.target.as_str(), None),
    };
    let path = path.split('#').next().unwrap_or_default();
    match path {
        reload::EVENTS_PATH => return Answer::Events,
        reload::SCRIPT_PATH => {
            return Answer::Response(Response::new(200, "text/javascript; charset=utf-8", reload::SCRIPT.into()));
        }
        reload::WORKER_PATH => {
            return Answer::Response(Response::new(200, "text/javascript; charset=utf-8", reload::WORKER.into()));
        }
        reload::OVERLAY_CSS_PATH => {
            return Answer::Response(Response::new(200, "text/css; charset=utf-8", reload::OVERLAY_CSS.into()));
        }
        _ => {}
    }
    let served = served.read().unwrap_or_else(|e| e.into_inner());
    if !served.built {
        let text = served.error.clone().unwrap_or_else(|| "The site is being built…".to_string());
        return Answer::Response(Response::new(500, "text/html; charset=utf-8", reload::error_page(&text).into()));
    }
    let error = served.error.as_deref();
    let Some(segments) = segments(path).filter(|s| s.first().is_none_or(|first| first != "__shingle")) else {
        return Answer::Response(not_found(&served.files, error));
    };
    let key = segments.join("/");
    let is_folder = path.ends_with('/');
    let file_key = if is_folder { paths::index(&key) } else { key.clone() };
    let button = |key: &str| match editing {
        true => super::editor::button(served.pages.as_ref().and_then(|pages| pages.source(key))),
        false => String::new(),
    };
    if let Some(page) = served.pages.as_ref().and_then(|pages| pages.page(&file_key)) {
        return Answer::Response(match page {
            Ok(bytes) => file(&file_key, &bytes, error, 200, None, &button(&file_key)),
            Err(problem) => {
                let text = problem.to_string();
                Response::new(500, "text/html; charset=utf-8", reload::error_page(&text).into())
            }
        });
    }
    if let Some(bytes) = served.files.get(&file_key) {
        // ranges are defined for GET only; a HEAD gets the head of the whole file
        let range = request.header("range").filter(|_| request.method == "GET");
        return Answer::Response(file(&file_key, bytes, error, 200, range, &button(&file_key)));
    }
    let folder_page = paths::index(&format!("{key}/"));
    let is_page =
        |path: &str| served.files.contains_key(path) || served.pages.as_ref().is_some_and(|p| p.contains(path));
    if !is_folder && is_page(&folder_page) {
        let location = match query {
            Some(query) => format!("{path}/?{query}"),
            None => format!("{path}/"),
        };
        return Answer::Response(Response::text(301, &format!("Moved to {location}")).with("Location", location));
    }
    Answer::Response(not_found(&served.files, error))
}

fn not_found(files: &HashMap<String, Arc<Vec<u8>>>, error: Option<&str>) -> Response {
    match files.get(paths::NOT_FOUND) {
        Some(bytes) => file(paths::NOT_FOUND, bytes, error, 404, None, ""),
        None => Response::text(404, "Not found."),
    }
}

/// A file of the site, its bytes shared with the site in memory: a page with the live-reload
/// script put in (always whole), anything else whole or the byte range asked for.
/// `button`: the editor's Edit button for a page, or nothing.
fn file(
    key: &str,
    bytes: &Arc<Vec<u8>>,
    error: Option<&str>,
    status: u16,
    range: Option<&str>,
    button: &str,
) -> Response {
    let content_type = content_type(key);
    if content_type.starts_with("text/html") {
        return Response::new(status, content_type, reload::inject(bytes, error, button));
    }
    let length = bytes.len();
    match range::wanted(range, length) {
        Wanted::Whole => Response::new(status, content_type, Body::shared(bytes)).with("Accept-Ranges", "bytes"),
        Wanted::Part(part) => {
            let content_range = format!("bytes {}-{}/{length}", part.start, part.end.saturating_sub(1));
            Response::new(206, content_type, Body::Shared(Arc::clone(bytes), part))
                .with("Content-Range", content_range)
                .with("Accept-Ranges", "bytes")
        }
        Wanted::Unsatisfiable => Response::text(416, "The file is shorter than the range asked for.")
            .with("Content-Range", format!("bytes */{length}")),
    }
}

/// The path's segments, each percent-decoded once; `None` when any could lead outside the site
/// (`..`, an encoded `/` or `\`, a NUL, a drive letter) or is not valid UTF-8. A trailing
/// slash leaves an empty last segment, so `/blog/` gives `["blog", ""]` and `/` gives `[""]`.
pub fn segments(path: &str) -> Option<Vec<String>> {
    let rest = path.strip_prefix('/')?;
    let raw: Vec<&str> = rest.split('/').collect();
    let last = raw.len() - 1;
    let mut decoded = Vec::with_capacity(raw.len());
    for (i, segment) in raw.iter().enumerate() {
        let segment = crate::url::decode_strict(segment)?;
        let empty_inside = segment.is_empty() && i != last;
        if empty_inside
            || segment == "."
            || segment == ".."
            || segment.contains(['/', '\\', '\0', ':'])
            || segment.chars().any(char::is_control)
        {
            return None;
        }
        decoded.push(segment);
    }
    Some(decoded)
}

/// The `Content-Type` of a file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    let extension = match name.rsplit_once('.') {
        Some((_, extension)) => extension.to_ascii_lowercase(),
        None => String::new(),
    };
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "webmanifest" => "application/manifest+json",
        "xml" if name == "atom.xml" => "application/atom+xml; charset=utf-8",
        "xml" | "xsl" => "application/xml; charset=utf-8",
        "txt" | "md" | "" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_paths_are_decoded_once() {
        assert_eq!(segments("/"), Some(vec![String::new()]));
        assert_eq!(segments("/blog/"), Some(vec!["blog".to_string(), String::new()]));
        assert_eq!(segments("/caf%C3%A9/a%20b.png"), Some(vec!["café".to_string(), "a b.png".to_string()]));
        // decoded once: %252e stays the literal text %2e, a harmless name
        assert_eq!(segments("/%252e%252e/x"), Some(vec!["%2e%2e".to_string(), "x".to_string()]));
    }

    #[test]
    fn paths_that_could_leave_the_site_are_refused() {
        for path in [
            "/../",
            "/..%2f",
            "/%2e%2e/",
            "/a%2fb",
            "/..%5c",
            "/%00",
            "/%2fetc%2fpasswd",
            "/..%2fpublic-old/x",
            "/c:/windows",
            "/C%3A/x",
            "/a//b",
            "/./a",
            "/%zz",
            "/%",
            "/%ff",
            "relative",
        ] {
            assert_eq!(segments(path), None, "{path}");
        }
    }

    #[test]
    fn only_our_own_names_are_answered() {
        let hosts = Hosts::new("127.0.0.1".parse().expect("ip"), 1111);
        for host in ["127.0.0.1:1111", "localhost:1111", "LOCALHOST:1111", "[::1]:1111"] {
            assert!(hosts.allows(host), "{host}");
        }
        for host in ["evil.example", "evil.example:1111", "127.0.0.1:2222", "127.0.0.1", "10.0.0.5:1111", ""] {
            assert!(!hosts.allows(host), "{host}");
        }
        let everywhere = Hosts::new("0.0.0.0".parse().expect("ip"), 1111);
        assert!(everywhere.allows("192.168.1.20:1111"));
        assert!(everywhere.allows("[fe80::1]:1111"));
        assert!(!everywhere.allows("evil.example:1111"));
    }

    #[test]
    fn types_follow_extensions() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("style.CSS"), "text/css; charset=utf-8");
        assert_eq!(content_type("blog/atom.xml"), "application/atom+xml; charset=utf-8");
        assert_eq!(content_type("CNAME"), "text/plain; charset=utf-8");
        assert_eq!(content_type("x.bin"), "application/octet-stream");
    }
}
