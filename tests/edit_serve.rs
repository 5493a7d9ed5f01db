//! The editor through the preview server, as a browser (or an attacker) reaches it: only requests
//! with this run's key and the preview's own Origin change anything; paths outside `content/`,
//! links and bodies over the limit are refused with the right status and change nothing; a save
//! reaches the preview; `--no-edit` and `shingle build` have no editor at all.

mod common;
#[path = "common/server.rs"]
mod server;

use server::{Answer, Server};

/// This run's key, read from the editor's page as a browser would.
fn key(server: &Server) -> String {
    let page = server.get("/__shingle/edit/");
    assert_eq!(page.status, 200, "{page:?}");
    let (_, rest) = page.body.split_once("name=\"shingle-key\" content=\"").expect("the key is on the page");
    rest.split('"').next().expect("key").to_string()
}

/// A POST to the editor's interface with these extra header lines and body.
fn post(server: &Server, name: &str, headers: &[String], body: &[u8]) -> Answer {
    let mut head = format!(
        "POST /__shingle/edit/api/{name} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
        server.host,
        body.len()
    );
    for line in headers {
        head.push_str(line);
        head.push_str("\r\n");
    }
    head.push_str("\r\n");
    let mut request = head.into_bytes();
    request.extend_from_slice(body);
    server.raw(&request)
}

/// The headers the editor's own page sends.
fn own(server: &Server, key: &str) -> Vec<String> {
    vec![
        format!("X-Shingle-Key: {key}"),
        format!("Origin: http://{}", server.host),
        "Content-Type: application/json".to_string(),
        "Sec-Fetch-Site: same-origin".to_string(),
    ]
}

fn get_api(server: &Server, path: &str, key: &str) -> Answer {
    server.request(&format!("GET /__shingle/edit/api/{path} HTTP/1.1\r\nX-Shingle-Key: {key}"))
}

fn version(server: &Server, key: &str, rel: &str) -> String {
    let opened = get_api(server, &format!("file?path={rel}"), key);
    assert_eq!(opened.status, 200, "{opened:?}");
    let json: serde_json::Value = serde_json::from_str(&opened.body).expect("json");
    json["version"].as_str().expect("version").to_string()
}

fn save_body(rel: &str, version: &str, title: &str) -> Vec<u8> {
    serde_json::json!({ "path": rel, "version": version, "values": { "title": title } }).to_string().into_bytes()
}

#[test]
fn a_save_from_the_editors_page_changes_the_file_and_the_preview() {
    let server = Server::start();
    let key = key(&server);
    let version = version(&server, &key, "about.md");
    let saved = post(&server, "save", &own(&server, &key), &save_body("about.md", &version, "About Ada Wren"));
    assert_eq!(saved.status, 200, "{saved:?}");
    let text = std::fs::read_to_string(server.path("content/about.md")).expect("read");
    assert_eq!(text, "+++\ntitle = \"About Ada Wren\"\n+++\nAda keeps inboxes tidy.\n");
    server.wait_for_page("/about/", "About Ada Wren");
    // the same change again, from the version that no longer is: refused, nothing written
    let again = post(&server, "save", &own(&server, &key), &save_body("about.md", &version, "Something else"));
    assert_eq!(again.status, 409, "{again:?}");
    assert!(again.body.contains("\"conflict\":true"), "{}", again.body);
    assert_eq!(std::fs::read_to_string(server.path("content/about.md")).expect("read"), text);
}

#[test]
fn writes_without_the_key_or_from_another_site_are_refused_and_change_nothing() {
    let server = Server::start();
    let key = key(&server);
    let version = version(&server, &key, "about.md");
    let before = std::fs::read(server.path("content/about.md")).expect("read");
    let body = save_body("about.md", &version, "Hacked");
    let without = |drop: &str| own(&server, &key).into_iter().filter(|h| !h.starts_with(drop)).collect::<Vec<_>>();
    let with = |line: String| {
        let name = line.split(':').next().unwrap_or_default().to_string();
        let mut headers = without(&name);
        headers.push(line);
        headers
    };
    let cases: Vec<(&str, Vec<String>, u16)> = vec![
        ("no key", without("X-Shingle-Key"), 403),
        ("a wrong key", with(format!("X-Shingle-Key: {}", "0".repeat(64))), 403),
        ("a foreign Origin", with("Origin: https://evil.example".to_string()), 403),
        ("another port's Origin", with("Origin: http://127.0.0.1:1".to_string()), 403),
        ("no Origin", without("Origin"), 403),
        ("a cross-site fetch", with("Sec-Fetch-Site: cross-site".to_string()), 403),
        ("a form post", with("Content-Type: application/x-www-form-urlencoded".to_string()), 415),
    ];
    for (what, headers, status) in cases {
        let answer = post(&server, "save", &headers, &body);
        assert_eq!(answer.status, status, "{what}: {answer:?}");
        assert!(answer.header("Access-Control-Allow-Origin").is_none(), "{what}: no CORS");
    }
    let reading = server.request("GET /__shingle/edit/api/file?path=about.md HTTP/1.1");
    assert_eq!(reading.status, 403, "reading content needs the key too");
    let rebinding = server.raw(
        format!(
            "POST /__shingle/edit/api/save HTTP/1.1\r\nHost: evil.example:{}\r\nX-Shingle-Key: {key}\r\n\
             Origin: http://evil.example:{}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            server.port,
            server.port,
            body.len()
        )
        .as_bytes()
        .iter()
        .chain(&body)
        .copied()
        .collect::<Vec<u8>>()
        .as_slice(),
    );
    assert_eq!(rebinding.status, 403, "the Host check stays: {rebinding:?}");
    assert_eq!(std::fs::read(server.path("content/about.md")).expect("read"), before, "nothing changed");
}

#[test]
fn writes_outside_content_through_links_or_too_large_are_refused() {
    let outside = tempfile::tempdir().expect("temp");
    let secret = outside.path().join("secret.md");
    std::fs::write(&secret, "+++\ntitle = \"Secret\"\n+++\n").expect("write");
    let target = secret.clone();
    let server = Server::start_with(&[], move |site| {
        #[cfg(unix)]
        std::os::unix::fs::symlink(&target, site.join("content/linked.md")).expect("link");
        #[cfg(not(unix))]
        let _ = (site, target);
    });
    let key = key(&server);
    let settings = std::fs::read(server.path("site.toml")).expect("read");
    let escape = serde_json::json!({ "path": "../site.toml", "version": "x", "text": "title = \"Hacked\"\n" });
    let answer = post(&server, "save", &own(&server, &key), escape.to_string().as_bytes());
    assert_eq!(answer.status, 403, "{answer:?}");
    let made = serde_json::json!({ "kind": "page", "title": "x", "name": "../../escape" });
    let answer = post(&server, "new", &own(&server, &key), made.to_string().as_bytes());
    assert!(answer.status == 200 || answer.status == 403, "{answer:?}");
    assert!(!server.path("../escape.md").exists() && !server.path("escape.md").exists());
    assert_eq!(std::fs::read(server.path("site.toml")).expect("read"), settings);

    #[cfg(unix)]
    {
        let linked =
            serde_json::json!({ "path": "linked.md", "version": "x", "text": "+++\ntitle = \"Hacked\"\n+++\n" });
        let answer = post(&server, "save", &own(&server, &key), linked.to_string().as_bytes());
        assert_eq!(answer.status, 403, "{answer:?}");
        let answer = post(&server, "delete", &own(&server, &key), linked.to_string().as_bytes());
        assert_eq!(answer.status, 403, "{answer:?}");
        assert_eq!(std::fs::read_to_string(&secret).expect("read"), "+++\ntitle = \"Secret\"\n+++\n");
    }

    let version = version(&server, &key, "about.md");
    let before = std::fs::read(server.path("content/about.md")).expect("read");
    let huge =
        format!("{{\"path\":\"about.md\",\"version\":\"{version}\",\"body\":\"{}\"}}", "x".repeat(17 * 1024 * 1024));
    let answer = post_unread(&server, &own(&server, &key), huge.into_bytes());
    assert_eq!(answer.status, 413, "{}", answer.head);
    // a body announced as too large is refused before it is sent
    let announced = server.raw(
        format!(
            "POST /__shingle/edit/api/save HTTP/1.1\r\nHost: {}\r\nX-Shingle-Key: {key}\r\nOrigin: http://{}\r\n\
             Content-Type: application/json\r\nContent-Length: 999999999\r\n\r\n",
            server.host, server.host
        )
        .as_bytes(),
    );
    assert_eq!(announced.status, 413, "{announced:?}");
    let chunked = server.raw(
        format!(
            "POST /__shingle/edit/api/save HTTP/1.1\r\nHost: {}\r\nX-Shingle-Key: {key}\r\nOrigin: http://{}\r\n\
             Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            server.host, server.host
        )
        .as_bytes(),
    );
    assert_eq!(chunked.status, 411, "{chunked:?}");
    assert_eq!(std::fs::read(server.path("content/about.md")).expect("read"), before);
}

/// A POST whose body the server may refuse before it has all been sent: sent from another
/// thread, so the answer is read while it goes (or fails to).
fn post_unread(server: &Server, headers: &[String], body: Vec<u8>) -> Answer {
    use std::io::Write;
    let mut head = format!(
        "POST /__shingle/edit/api/save HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
        server.host,
        body.len()
    );
    for line in headers {
        head.push_str(&format!("{line}\r\n"));
    }
    head.push_str("\r\n");
    let mut stream = server.connect();
    stream.write_all(head.as_bytes()).expect("head");
    let mut writer = stream.try_clone().expect("clone");
    let sending = std::thread::spawn(move || {
        let _ = writer.write_all(&body);
    });
    let answer = server::read_answer(&mut stream);
    drop(stream);
    let _ = sending.join();
    answer
}

#[test]
fn an_upload_lands_in_static_images_under_a_safe_name_only_when_it_is_a_picture() {
    let server = Server::start();
    let key = key(&server);
    let mut headers = own(&server, &key);
    headers.retain(|h| !h.starts_with("Content-Type"));
    headers.push("Content-Type: image/png".to_string());
    let not_a_picture = b"<svg onload=alert(1)></svg>";
    let refused = server.raw(&upload_request(&server, "../../evil.png", &headers, not_a_picture));
    assert_eq!(refused.status, 415, "{refused:?}");
    assert!(refused.body.contains("an SVG drawing"), "the image pipeline's words: {}", refused.body);
    let heic = server.raw(&upload_request(&server, "IMG_0001.HEIC", &headers, b"\0\0\0\x18ftypheic\0\0\0\0"));
    assert_eq!(heic.status, 415, "{heic:?}");
    assert!(heic.body.contains("save it as JPEG"), "{}", heic.body);
    let mut png = Vec::new();
    image::RgbImage::new(3, 2).write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png).expect("png");
    let png = png.as_slice();
    let stored = server.raw(&upload_request(&server, "../../Jo's Photo.PNG", &headers, png));
    assert_eq!(stored.status, 200, "{stored:?}");
    assert!(stored.body.contains("\"path\":\"images/jo-s-photo.png\""), "{}", stored.body);
    assert_eq!(std::fs::read(server.path("static/images/jo-s-photo.png")).expect("stored"), png);
    let again = server.raw(&upload_request(&server, "jo-s-photo.png", &headers, png));
    assert_eq!(again.status, 409, "never over another picture: {again:?}");
    assert!(again.body.contains("jo-s-photo-2.png"), "{}", again.body);
}

fn upload_request(server: &Server, name: &str, headers: &[String], bytes: &[u8]) -> Vec<u8> {
    let name: String = name
        .bytes()
        .map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") })
        .collect();
    let mut head = format!(
        "POST /__shingle/edit/api/upload?name={name} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
        server.host,
        bytes.len()
    );
    for line in headers {
        head.push_str(&format!("{line}\r\n"));
    }
    head.push_str("\r\n");
    let mut request = head.into_bytes();
    request.extend_from_slice(bytes);
    request
}

#[test]
fn the_edit_button_is_on_preview_pages_only() {
    let server = Server::start();
    let page = server.get("/about/");
    assert!(
        page.body.contains("<a id=\"shingle-edit\" href=\"/__shingle/edit/file?path=about.md\">Edit this page</a>")
    );
    let editor = server.get("/__shingle/edit/");
    assert!(editor.header("Content-Security-Policy").is_some_and(|p| p.contains("default-src 'none'")));
    assert_eq!(editor.header("X-Frame-Options").as_deref(), Some("DENY"));

    let off = Server::start_with(&["--no-edit"], |_| {});
    assert!(!off.get("/about/").body.contains("shingle-edit"));
    assert_eq!(off.get("/__shingle/edit/").status, 404);
    // a preview other computers can reach has no editor
    let open = Server::start_with(&["--bind", "0.0.0.0"], |_| {});
    assert!(!open.get("/about/").body.contains("shingle-edit"));
    assert_eq!(open.get("/__shingle/edit/").status, 404);

    let site = common::SiteTest::fixture("basic");
    let built = site.run(&["build"]);
    assert!(built.output.status.success());
    for entry in walkdir::WalkDir::new(site.root().join("public")) {
        let entry = entry.expect("entry");
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).expect("read");
            assert!(!String::from_utf8_lossy(&bytes).contains("__shingle"), "{}", entry.path().display());
        }
    }
}
