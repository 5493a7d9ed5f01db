//! The editor's side of the preview server: its page, script and stylesheet under
//! `/__shingle/edit/`, and the requests that read and change the site, each handed to
//! [`Editor`]. A request that reads or writes content must carry this run's secret key (only the
//! editor's page has it), must not come from another site (`Origin`, `Sec-Fetch-Site`), and sends
//! JSON (or a picture's bytes) within a size limit. Also the Edit button put on preview pages.
//! What an edit does to the files is `edit`'s business; reading requests is `http`'s.

use std::path::Path;
use std::time::{Duration, Instant};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Map, Value, json};

use super::http::{BodyError, Connection, Request, Response};
use super::pages::Pages;
use crate::content::Kind;
use crate::edit::{self, Change, Editor, Failure};

/// Where the editor lives in the preview.
pub const PREFIX: &str = "/__shingle/edit/";
/// The largest JSON body taken: a whole content file the editor opens, written out as JSON.
pub const MAX_JSON: usize = 4 * edit::MAX_FILE;
/// The largest picture taken.
pub const MAX_UPLOAD: usize = edit::upload::MAX_PICTURE;
/// How long a body may take to arrive.
const BODY_TIMEOUT: Duration = Duration::from_secs(30);

const PAGE: &str = include_str!("editor/editor.html");

/// The page's scripts (plain modules, no build step) and stylesheets, by name.
const FILES: [(&str, &str, &str); 8] = [
    ("main.js", JS, include_str!("editor/main.js")),
    ("api.js", JS, include_str!("editor/api.js")),
    ("controls.js", JS, include_str!("editor/controls.js")),
    ("text.js", JS, include_str!("editor/text.js")),
    ("form.js", JS, include_str!("editor/form.js")),
    ("file.js", JS, include_str!("editor/file.js")),
    ("editor.css", CSS, include_str!("editor/editor.css")),
    ("button.css", CSS, include_str!("editor/button.css")),
];
const JS: &str = "text/javascript; charset=utf-8";
const CSS: &str = "text/css; charset=utf-8";

/// The editor's screens: each is the same page, which reads its address to know what to show.
const SCREENS: [&str; 5] = ["", "file", "new", "settings", "history"];

/// The page may load only its own script and style, talk only to this server, show pictures
/// of the site and the preview of a body in a frame that runs no script; no site may frame it.
const POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; \
                      connect-src 'self'; frame-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// What stays as it is in a query's value: letters, digits and `-._~`, as `encodeURIComponent`.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// The editor of one run of `shingle serve`, and its secret key.
pub struct Editing {
    editor: Editor,
    key: String,
}

impl Editing {
    /// Opens the site at `root` for editing, with a new secret key.
    pub fn start(root: &Path) -> Result<Editing, String> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| format!("no random numbers for the editor's key: {e}"))?;
        let key = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let editor =
            Editor::new(root).map_err(|e| format!("could not open the site: {}", crate::error::plain_io(&e)))?;
        Ok(Editing { editor, key })
    }
}

/// Whether `target` is the editor's.
pub fn is_edit(target: &str) -> bool {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    path.starts_with(PREFIX) || path == PREFIX.trim_end_matches('/')
}

/// The Edit button put on a preview page: to the form of the file the page shows, or to the
/// editor's list when it shows no one file.
pub fn button(source: Option<&str>) -> String {
    let href = match source {
        Some(rel) => format!("{PREFIX}file?path={}", utf8_percent_encode(rel, QUERY_VALUE)),
        None => PREFIX.to_string(),
    };
    let label = if source.is_some() { "Edit this page" } else { "Edit your site" };
    format!(
        "<link rel=\"stylesheet\" href=\"{PREFIX}button.css\"><a id=\"shingle-edit\" href=\"{}\">{label}</a>",
        crate::context::html(&href)
    )
}

/// The answer to a request for the editor. `pages` is the site as last built, for links to its
/// pages and previews of a body.
pub fn answer(
    request: &Request,
    connection: &mut Connection,
    editing: &Editing,
    pages: Option<&Pages>,
    own: bool,
) -> Response {
    if !own {
        return Response::text(
            403,
            "This preview server only answers requests for its own address, such as http://127.0.0.1:1111/.",
        );
    }
    let target = request.target.as_str();
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let rest = path.strip_prefix(PREFIX).unwrap_or_default();
    if let Some(name) = rest.strip_prefix("api/") {
        return match api(name, query, request, connection, editing, pages) {
            Ok(value) => json_response(200, &value),
            Err((status, value)) => json_response(status, &value),
        };
    }
    if request.method != "GET" && request.method != "HEAD" {
        return Response::text(405, "The editor's pages are only read.").with("Allow", "GET, HEAD");
    }
    if let Some((_, kind, text)) = FILES.iter().find(|(name, _, _)| *name == rest) {
        return Response::new(200, kind, (*text).into());
    }
    match rest {
        screen if SCREENS.contains(&screen) && path.starts_with(PREFIX) => {
            let page = PAGE.replace("{{key}}", &editing.key);
            Response::new(200, "text/html; charset=utf-8", page.into())
                .with("Content-Security-Policy", POLICY)
                .with("X-Frame-Options", "DENY")
                .with("Referrer-Policy", "no-referrer")
        }
        _ if rest.is_empty() => Response::text(301, &format!("Moved to {PREFIX}")).with("Location", PREFIX.to_string()),
        _ => Response::text(404, "The editor has no such page."),
    }
}

type Answered = Result<Value, (u16, Value)>;

fn refused(status: u16, message: &str) -> (u16, Value) {
    (status, json!({ "message": message }))
}

fn failed(failure: Failure) -> (u16, Value) {
    (failure.status(), failure.to_json())
}

/// Requests that only read.
const READS: [&str; 5] = ["list", "file", "settings", "history", "contrast"];
/// Requests that change files, or would (a check, a preview).
const WRITES: [&str; 11] = [
    "check",
    "save",
    "new",
    "delete",
    "rename",
    "undo",
    "upload",
    "preview",
    "settings-check",
    "settings-save",
    "ping",
];

/// Checks a request to the editor's interface, reads its body and does what it asks.
fn api(
    name: &str,
    query: &str,
    request: &Request,
    connection: &mut Connection,
    editing: &Editing,
    pages: Option<&Pages>,
) -> Answered {
    guard(request, &editing.key)?;
    let writes = WRITES.contains(&name);
    if !writes && !READS.contains(&name) {
        return Err(refused(404, "The editor has no such request."));
    }
    let method_ok = if writes { request.method == "POST" } else { request.method == "GET" };
    if !method_ok {
        return Err(refused(405, if writes { "This request must be a POST." } else { "This request must be a GET." }));
    }
    if writes && !request.header("origin").is_some_and(|origin| same_origin(origin, request)) {
        return Err(refused(403, "Changes are taken only from the editor's own page, which sends its address."));
    }
    let editor = &editing.editor;
    let params = Params(query);
    if !writes {
        return read(name, &params, editor, pages);
    }
    let content_type = request.header("content-type").unwrap_or_default().to_ascii_lowercase();
    let deadline = Instant::now() + BODY_TIMEOUT;
    if name == "upload" {
        if !(content_type.starts_with("image/") || content_type.starts_with("application/octet-stream")) {
            return Err(refused(415, "Send the picture's bytes as they are."));
        }
        let bytes = connection.read_body(request, MAX_UPLOAD, deadline).map_err(|e| body_refused(e, MAX_UPLOAD))?;
        let replace = params.get("replace").as_deref() == Some("yes");
        let (path, entry) = editor.upload(&params.get("name").unwrap_or_default(), &bytes, replace).map_err(failed)?;
        return Ok(json!({ "path": path, "entry": entry.id, "what": entry.what }));
    }
    if !content_type.starts_with("application/json") {
        return Err(refused(415, "Send the change as JSON."));
    }
    let bytes = connection.read_body(request, MAX_JSON, deadline).map_err(|e| body_refused(e, MAX_JSON))?;
    let body: Value = serde_json::from_slice(&bytes).map_err(|_| refused(400, "The change is not valid JSON."))?;
    write(name, &body, editor, pages)
}

/// Refuses a request that does not carry the key, or that another site's page sent.
fn guard(request: &Request, key: &str) -> Result<(), (u16, Value)> {
    let sent = request.header("x-shingle-key").unwrap_or_default();
    if !same_key(sent, key) {
        return Err(refused(
            403,
            "This request does not carry the editor's key. Open the editor from the preview (its Edit button) and try again.",
        ));
    }
    if let Some(site) = request.header("sec-fetch-site")
        && !site.eq_ignore_ascii_case("same-origin")
    {
        return Err(refused(403, "Only the editor's own page may ask this."));
    }
    if let Some(origin) = request.header("origin")
        && !same_origin(origin, request)
    {
        return Err(refused(403, "Only the editor's own page may ask this."));
    }
    Ok(())
}

/// Compares the whole key whatever differs, so the time taken says nothing about it.
fn same_key(sent: &str, key: &str) -> bool {
    sent.len() == key.len() && sent.bytes().zip(key.bytes()).fold(0u8, |diff, (a, b)| diff | (a ^ b)) == 0
}

/// Whether `origin` is the address this request was sent to (already checked to be ours).
fn same_origin(origin: &str, request: &Request) -> bool {
    request.host.as_deref().is_some_and(|host| origin.eq_ignore_ascii_case(&format!("http://{host}")))
}

fn body_refused(err: BodyError, limit: usize) -> (u16, Value) {
    match err {
        BodyError::TooLarge => {
            refused(413, &format!("This is larger than the editor takes ({} MB at most).", limit / 1024 / 1024))
        }
        BodyError::LengthRequired => refused(411, "Say how long the body is (Content-Length)."),
        BodyError::Timeout | BodyError::Gone => refused(408, "The change took too long to arrive."),
    }
}

/// The parameters of a query: `path=services%2Finbox.md&x=1`.
struct Params<'a>(&'a str);

impl Params<'_> {
    fn get(&self, name: &str) -> Option<String> {
        self.0.split('&').find_map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (key == name).then(|| crate::url::decode_strict(value)).flatten()
        })
    }
}

fn read(name: &str, params: &Params, editor: &Editor, pages: Option<&Pages>) -> Answered {
    match name {
        "list" => Ok(list(editor)),
        "file" => {
            let rel = params.get("path").ok_or_else(|| refused(400, "Say which file: ?path=services/inbox.md"))?;
            opened(editor, &rel, pages)
        }
        "settings" => {
            let settings = editor.settings().map_err(failed)?;
            Ok(json!({
                "fields": edit::form::describe(&settings.fields),
                "values": settings.values,
                "version": settings.version,
                "theme": settings.theme,
                "pictures": editor.pictures(),
                "problems": edit::check::to_json(&settings.problems),
            }))
        }
        "history" => Ok(json!({ "entries": editor.history() })),
        "contrast" => {
            let theme = params.get("theme").unwrap_or_default();
            let colour = params.get("colour").unwrap_or_default();
            let Some(declarations) = edit::settings::declarations(editor.root(), &theme) else {
                return Err(refused(404, "There is no theme of that name."));
            };
            Ok(edit::settings::contrast(&declarations, &colour))
        }
        _ => Err(refused(404, "The editor has no such request.")),
    }
}

/// The site's content for the editor's first screen.
fn list(editor: &Editor) -> Value {
    let files: Vec<Value> = editor
        .list()
        .into_iter()
        .map(|f| json!({ "kind": f.kind.name(), "rel": f.rel, "title": f.title, "draft": f.draft, "broken": f.broken }))
        .collect();
    json!({ "files": files })
}

/// A content file opened for its form, with what its controls offer.
fn opened(editor: &Editor, rel: &str, pages: Option<&Pages>) -> Answered {
    let opened = editor.open(rel).map_err(failed)?;
    let mut choices = Map::new();
    for kind in [Kind::Service, Kind::CaseStudy, Kind::Testimonial] {
        let list: Vec<Value> = editor.choices(kind).into_iter().map(|(name, title)| json!([name, title])).collect();
        choices.insert(kind.name().to_string(), Value::Array(list));
    }
    Ok(json!({
        "rel": opened.rel,
        "kind": opened.kind.name(),
        "kind_label": opened.kind.to_string(),
        "version": opened.version,
        "text": opened.text,
        "fields": edit::form::describe(&opened.fields),
        "values": opened.values,
        "unreadable": opened.unreadable,
        "body": opened.body,
        "lists": opened.lists,
        "problems": edit::check::to_json(&opened.problems),
        "choices": choices,
        "pictures": editor.pictures(),
        "url": pages.and_then(|p| p.url_of(rel)),
        "levels": crate::content::skills::LEVELS,
    }))
}

fn text(body: &Value, name: &str) -> String {
    body[name].as_str().unwrap_or_default().to_string()
}

fn write(name: &str, body: &Value, editor: &Editor, pages: Option<&Pages>) -> Answered {
    let rel = text(body, "path");
    let change = Change::from_json(body);
    match name {
        "ping" => Ok(json!({ "ok": true })),
        "check" => {
            let problems = editor.check(&rel, &change).map_err(failed)?;
            Ok(json!({ "problems": edit::check::to_json(&problems) }))
        }
        "save" => {
            let saved = editor.save(&rel, &change).map_err(failed)?;
            Ok(saved_json(&saved))
        }
        "new" => {
            let kind =
                Kind::named(&text(body, "kind")).ok_or_else(|| refused(400, "Say which kind of content to create."))?;
            let (rel, entry) = editor.create(kind, &text(body, "title"), &text(body, "name")).map_err(failed)?;
            Ok(json!({ "path": rel, "entry": entry.id, "what": entry.what }))
        }
        "delete" => {
            let entry = editor.delete(&rel, &text(body, "version")).map_err(failed)?;
            Ok(json!({ "entry": entry.id, "what": entry.what }))
        }
        "rename" => {
            let keep = body["keep_old"].as_bool().unwrap_or(true);
            let saved = editor.rename(&rel, &text(body, "version"), &text(body, "name"), keep).map_err(failed)?;
            Ok(saved_json(&saved))
        }
        "undo" => {
            let anyway = body["anyway"].as_bool().unwrap_or(false);
            let entry = editor.undo(&text(body, "id"), anyway).map_err(failed)?;
            Ok(json!({ "entry": entry.id, "what": entry.what }))
        }
        "preview" => {
            let markdown = text(body, "body");
            let html = pages.map(|p| p.preview(&markdown)).unwrap_or_default();
            Ok(json!({ "html": html }))
        }
        "settings-check" => {
            let problems = editor.check_settings(&change).map_err(failed)?;
            Ok(json!({ "problems": edit::check::to_json(&problems) }))
        }
        "settings-save" => {
            let saved = editor.save_settings(&change).map_err(failed)?;
            Ok(saved_json(&saved))
        }
        _ => Err(refused(404, "The editor has no such request.")),
    }
}

fn saved_json(saved: &edit::Saved) -> Value {
    json!({
        "version": saved.version,
        "entry": saved.entry.as_ref().map(|e| e.id.clone()),
        "what": saved.entry.as_ref().map(|e| e.what.clone()),
        "problems": edit::check::to_json(&saved.problems),
        "path": saved.rel,
    })
}

fn json_response(status: u16, value: &Value) -> Response {
    let body = serde_json::to_vec(value).unwrap_or_else(|_| b"{}".to_vec());
    Response::new(status, "application/json", body.into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_whole_key_opens() {
        assert!(same_key("abc123", "abc123"));
        assert!(!same_key("abc124", "abc123"));
        assert!(!same_key("abc12", "abc123"));
        assert!(!same_key("", "abc123"));
    }

    #[test]
    fn the_button_leads_to_the_pages_file() {
        assert_eq!(
            button(Some("services/inbox management.md")),
            "<link rel=\"stylesheet\" href=\"/__shingle/edit/button.css\"><a id=\"shingle-edit\" \
             href=\"/__shingle/edit/file?path=services%2Finbox%20management.md\">Edit this page</a>"
        );
        assert!(button(None).contains("href=\"/__shingle/edit/\">Edit your site</a>"));
        assert!(is_edit("/__shingle/edit/api/save"));
        assert!(is_edit("/__shingle/edit?x"));
        assert!(!is_edit("/__shingle/events"));
        assert!(!is_edit("/__shingle/editor"));
    }
}
