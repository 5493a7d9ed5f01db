//! `shingle serve` as a user meets it: the real binary on a free loopback port, serving a copy of
//! `tests/fixtures/serve-site`, fetched over raw HTTP; edits saved the ways editors save them,
//! and the live-reload events read from the event stream. Every wait is bounded.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Generous, for a loaded two-core machine.
const WAIT: Duration = Duration::from_secs(15);

/// A running `shingle serve` on a temporary copy of the fixture; killed when dropped.
struct Server {
    child: Child,
    port: u16,
    host: String,
    site: PathBuf,
    stderr: Arc<Mutex<String>>,
    _dir: tempfile::TempDir,
}

/// One HTTP answer.
#[derive(Debug)]
struct Answer {
    status: u16,
    head: String,
    body: String,
}

impl Answer {
    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

impl Server {
    /// Serves a fresh copy of the fixture.
    fn start() -> Server {
        Server::start_with(&[], |_| {})
    }

    /// Serves a copy of the fixture changed by `prepare`, with extra arguments.
    fn start_with(args: &[&str], prepare: impl FnOnce(&Path)) -> Server {
        let dir = tempfile::tempdir().expect("temp dir");
        let site = dir.path().join("site");
        copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve-site"), &site);
        prepare(&site);
        let mut child = Command::new(env!("CARGO_BIN_EXE_shingle"))
            .args(["serve", "--port", "0"])
            .args(args)
            .arg("--root")
            .arg(&site)
            .env("SHINGLE_TIMINGS", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start shingle serve");
        let stderr = Arc::new(Mutex::new(String::new()));
        let collected = Arc::clone(&stderr);
        let mut err = child.stderr.take().expect("stderr");
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = err.read(&mut buf) {
                if n == 0 {
                    break;
                }
                collected.lock().expect("lock").push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let lines = lines_of(child.stdout.take().expect("stdout"));
        let mut server = Server { child, port: 0, host: String::new(), site, stderr, _dir: dir };
        let line = lines.recv_timeout(WAIT).unwrap_or_else(|_| panic!("no address printed:\n{}", server.errors()));
        let (_, address) = line.split_once(" at http://").unwrap_or_else(|| panic!("unexpected first line: {line}"));
        let host = address.split('/').next().expect("host");
        server.port = host.rsplit(':').next().and_then(|p| p.parse().ok()).expect("port");
        server.host = host.to_string();
        assert_eq!(line, format!("Serving Wren Desk at http://{host}/ — press Ctrl+C to stop"));
        server
    }

    fn errors(&self) -> String {
        self.stderr.lock().expect("lock").clone()
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.site.join(rel)
    }

    fn connect(&self) -> TcpStream {
        let address: SocketAddr = self.host.parse().expect("address");
        let stream = TcpStream::connect(address).expect("connect");
        stream.set_read_timeout(Some(Duration::from_secs(5))).expect("timeout");
        stream.set_write_timeout(Some(Duration::from_secs(5))).expect("timeout");
        stream
    }

    /// Sends raw bytes and reads the answer until the server closes the connection.
    fn raw(&self, request: &[u8]) -> Answer {
        let mut stream = self.connect();
        stream.write_all(request).expect("send");
        read_answer(&mut stream)
    }

    fn get(&self, path: &str) -> Answer {
        self.raw(format!("GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", self.host).as_bytes())
    }

    /// Fetches `path` until its body contains `text`.
    fn wait_for_page(&self, path: &str, text: &str) -> Answer {
        let deadline = Instant::now() + WAIT;
        loop {
            let answer = self.get(path);
            if answer.body.contains(text) {
                return answer;
            }
            if Instant::now() > deadline {
                panic!("{path} never showed {text:?}; last answer:\n{answer:?}\nserver said:\n{}", self.errors());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Opens the live-reload stream, ready once the server has said hello.
    fn events(&self) -> Events {
        let (head, events) = self.try_events();
        assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
        assert!(head.contains("Content-Type: text/event-stream"), "{head}");
        events
    }

    /// Asks for the live-reload stream: the answer's head, and the stream to read on.
    fn try_events(&self) -> (String, Events) {
        let mut stream = self.connect();
        let request = format!("GET /__shingle/events HTTP/1.1\r\nHost: {}\r\n\r\n", self.host);
        stream.write_all(request.as_bytes()).expect("send");
        stream.set_read_timeout(Some(Duration::from_millis(100))).expect("timeout");
        let mut events = Events { stream, buffer: Vec::new() };
        let head = events.block(Instant::now() + WAIT).expect("event stream head");
        (head, events)
    }

    /// The server's resident memory in bytes (Linux only).
    fn resident_bytes(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
        let kilobytes: u64 = line.trim_start_matches("VmRSS:").trim().trim_end_matches("kB").trim().parse().ok()?;
        Some(kilobytes * 1024)
    }

    /// Sends one request (the host line is added) and reads the answer until the server closes.
    fn request(&self, lines: &str) -> Answer {
        let (first, rest) = match lines.split_once("\r\n") {
            Some((first, rest)) => (first, format!("{rest}\r\n")),
            None => (lines, String::new()),
        };
        self.raw(format!("{first}\r\nHost: {}\r\nConnection: close\r\n{rest}\r\n", self.host).as_bytes())
    }

    /// How many rebuilds the server has reported so far.
    fn rebuilds(&self) -> usize {
        self.errors().lines().filter(|l| l.starts_with("timings:") && !l.contains("scope=first")).count()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The live-reload stream of one page.
struct Events {
    stream: TcpStream,
    buffer: Vec<u8>,
}

impl Events {
    /// The next block (up to a blank line), or `None` at the deadline.
    fn block(&mut self, deadline: Instant) -> Option<String> {
        loop {
            let text = String::from_utf8_lossy(&self.buffer).to_string();
            for separator in ["\r\n\r\n", "\n\n"] {
                if let Some(at) = text.find(separator) {
                    self.buffer.drain(..at + separator.len());
                    return Some(text[..at].to_string());
                }
            }
            if Instant::now() > deadline {
                return None;
            }
            let mut chunk = [0u8; 4096];
            match self.stream.read(&mut chunk) {
                Ok(0) => return None,
                Ok(n) => self.buffer.extend_from_slice(&chunk[..n]),
                Err(_) => {}
            }
        }
    }

    /// The next event's name and data, skipping comments and settings.
    fn next(&mut self, within: Duration) -> Option<(String, String)> {
        let deadline = Instant::now() + within;
        loop {
            let block = self.block(deadline)?;
            let mut name = None;
            let mut data = Vec::new();
            for line in block.lines() {
                if let Some(value) = line.strip_prefix("event: ") {
                    name = Some(value.to_string());
                } else if let Some(value) = line.strip_prefix("data: ") {
                    data.push(value);
                }
            }
            if let Some(name) = name {
                return Some((name, data.join("\n")));
            }
        }
    }

    /// Waits for an event called `wanted`, returning its data and the events before it.
    fn wait_for(&mut self, wanted: &str, server: &Server) -> (String, Vec<String>) {
        let deadline = Instant::now() + WAIT;
        let mut seen = Vec::new();
        while let Some((name, data)) = self.next(deadline.saturating_duration_since(Instant::now())) {
            if name == wanted {
                return (data, seen);
            }
            seen.push(name);
        }
        panic!("no '{wanted}' event (saw {seen:?}); server said:\n{}", server.errors());
    }
}

fn lines_of(out: impl Read + Send + 'static) -> Receiver<String> {
    let (sender, receiver) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines() {
            let Ok(line) = line else { break };
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    receiver
}

fn read_answer(stream: &mut TcpStream) -> Answer {
    let started = Instant::now();
    let mut bytes = Vec::new();
    let mut chunk = [0u8; 8192];
    while started.elapsed() < Duration::from_secs(10) {
        match stream.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => bytes.extend_from_slice(&chunk[..n]),
            Err(err) => panic!("reading the answer: {err}"),
        }
    }
    let text = String::from_utf8_lossy(&bytes).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    Answer { status, head: head.to_string(), body: body.to_string() }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read fixture") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

fn about(text: &str) -> String {
    format!("+++\ntitle = \"About Ada\"\n+++\n{text}\n")
}

#[test]
fn pages_are_served_from_memory_with_the_live_reload_script() {
    let server = Server::start();
    let home = server.get("/");
    assert_eq!(home.status, 200, "{home:?}");
    assert!(home.body.contains("Welcome to Wren Desk."));
    assert_eq!(home.header("Content-Type").as_deref(), Some("text/html; charset=utf-8"));
    assert_eq!(home.header("Cache-Control").as_deref(), Some("no-store"));
    assert_eq!(home.header("Access-Control-Allow-Origin"), None);
    assert!(home.body.contains("<script src=\"/__shingle/live.js\" defer></script></body>"), "{}", home.body);
    // links are built for the address actually served
    assert!(home.body.contains(&format!("http://127.0.0.1:{}/", server.port)), "{}", home.body);

    let script = server.get("/__shingle/live.js");
    assert_eq!(script.status, 200);
    assert_eq!(script.header("Content-Type").as_deref(), Some("text/javascript; charset=utf-8"));
    assert!(script.body.contains("new EventSource(\"/__shingle/events\")"));
    // every tab of the site listens through one shared worker, a file of its own for `script-src 'self'`
    assert!(script.body.contains("new SharedWorker(WORKER_URL"), "{}", script.body);
    let worker = server.get("/__shingle/live-worker.js");
    assert_eq!(worker.status, 200);
    assert_eq!(worker.header("Content-Type").as_deref(), Some("text/javascript; charset=utf-8"));
    assert!(worker.body.contains("new EventSource(\"/__shingle/events\")"));

    let moved = server.get("/about");
    assert_eq!(moved.status, 301);
    assert_eq!(moved.header("Location").as_deref(), Some("/about/"));
    let about = server.get("/about/");
    assert_eq!(about.status, 200);
    assert!(about.body.contains("Ada keeps inboxes tidy."));

    let css = server.get("/extra.css?h=123");
    assert_eq!(css.status, 200);
    assert_eq!(css.header("Content-Type").as_deref(), Some("text/css; charset=utf-8"));
    assert_eq!(css.body, ".wren { color: teal; }\n");

    let missing = server.get("/no-such-page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("/__shingle/live.js"), "the site's own 404 page: {}", missing.body);

    let head = server.raw(format!("HEAD / HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", server.host).as_bytes());
    assert_eq!(head.status, 200);
    assert_eq!(head.body, "");

    let post = server.raw(format!("POST / HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", server.host).as_bytes());
    assert_eq!(post.status, 405);

    // nothing is ever written into the site
    assert!(!server.path("public").exists());
}

#[test]
fn two_requests_share_one_connection() {
    let server = Server::start();
    let mut stream = server.connect();
    let request = format!("GET /extra.css HTTP/1.1\r\nHost: {}\r\n\r\n", server.host);
    stream.write_all(format!("{request}{request}").as_bytes()).expect("send");
    let mut seen = String::new();
    let mut chunk = [0u8; 4096];
    let started = Instant::now();
    while seen.matches("color: teal").count() < 2 && started.elapsed() < WAIT {
        let n = stream.read(&mut chunk).expect("read");
        assert!(n > 0, "closed early: {seen}");
        seen.push_str(&String::from_utf8_lossy(&chunk[..n]));
    }
    assert_eq!(seen.matches("HTTP/1.1 200 OK").count(), 2, "{seen}");
}

#[test]
fn an_edit_reloads_the_page_with_the_new_text() {
    let server = Server::start();
    let mut events = server.events();
    write(&server.path("content/about.md"), &about("Ada now also does bookkeeping."));
    events.wait_for("reload", &server);
    let page = server.get("/about/");
    assert!(page.body.contains("Ada now also does bookkeeping."), "{}", page.body);
}

#[test]
fn a_save_by_rename_is_seen() {
    let server = Server::start();
    let mut events = server.events();
    let temp = server.path("content/.about.md.tmp");
    write(&temp, &about("Saved the careful way."));
    std::fs::rename(&temp, server.path("content/about.md")).expect("rename over");
    events.wait_for("reload", &server);
    assert!(server.get("/about/").body.contains("Saved the careful way."));
}

#[test]
fn a_broken_page_shows_the_error_over_the_last_good_site_until_fixed() {
    let server = Server::start();
    let mut events = server.events();
    write(&server.path("content/about.md"), "+++\ntitle = \"About <Ada>\n+++\nBroken.\n");
    let (text, _) = events.wait_for("error", &server);
    assert!(text.starts_with("content/about.md:2:"), "{text}");

    let page = server.get("/about/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Ada keeps inboxes tidy."), "the last good page is still served");
    assert!(page.body.contains("<div id=\"shingle-error\" role=\"alert\">"), "{}", page.body);
    assert!(page.body.contains("Shingle could not rebuild the site"));
    assert!(page.body.contains("content/about.md:2:"));
    assert!(!page.body.contains("About <Ada>"), "the file's text is escaped in the overlay");
    assert!(server.errors().contains("content/about.md:2:"), "the terminal shows it too");

    // a page opened now learns about the error at once
    let mut late = server.events();
    let (again, _) = late.wait_for("error", &server);
    assert_eq!(again, text);

    write(&server.path("content/about.md"), &about("Fixed and friendly."));
    events.wait_for("ok", &server);
    events.wait_for("reload", &server);
    let fixed = server.get("/about/");
    assert!(fixed.body.contains("Fixed and friendly."));
    assert!(!fixed.body.contains("shingle-error"), "{}", fixed.body);
}

#[test]
fn a_template_problem_found_after_the_reload_reaches_the_overlay() {
    // pages render when asked for, the rest in the background: a template problem in a page
    // nobody is looking at still has to reach the open browser
    let server = Server::start();
    let mut events = server.events();
    write(&server.path("content/about.md"), "+++\ntitle = \"About\"\ntemplate = \"missing.html\"\n+++\nHi.\n");
    let (text, _) = events.wait_for("error", &server);
    assert!(text.contains("content/about.md:1:1: error: the template 'missing.html' does not exist"), "{text}");
    let page = server.get("/about/");
    assert_eq!(page.status, 500);
    assert!(page.body.contains("missing.html"), "{}", page.body);

    write(&server.path("content/about.md"), &about("Back to normal."));
    events.wait_for("ok", &server);
    assert!(server.get("/about/").body.contains("Back to normal."));
}

#[test]
fn a_site_broken_from_the_start_is_served_as_an_error_page_until_fixed() {
    let server = Server::start_with(&[], |site| {
        write(&site.join("content/about.md"), "+++\ntitle = 5\n+++\nBroken.\n");
    });
    for path in ["/", "/about/", "/extra.css"] {
        let page = server.get(path);
        assert_eq!(page.status, 500, "{path}");
        assert!(page.body.contains("<div id=\"shingle-error\" role=\"alert\">"), "{path}: {}", page.body);
        assert!(page.body.contains("content/about.md:2:"), "{}", page.body);
        assert!(page.body.contains("<script src=\"/__shingle/live.js\" defer></script>"));
    }
    let mut events = server.events();
    write(&server.path("content/about.md"), &about("Working at last."));
    events.wait_for("reload", &server);
    let page = server.get("/about/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Working at last."));
}

#[test]
fn a_deleted_and_recreated_content_folder_is_watched_again() {
    let server = Server::start();
    let mut events = server.events();
    let content = server.path("content");
    let saved = server.path("saved-content");
    copy_dir(&content, &saved);
    std::fs::remove_dir_all(&content).expect("delete content/");
    events.next(WAIT).expect("an event after the deletion");
    copy_dir(&saved, &content);
    events.wait_for("reload", &server);
    // let the rest of the copy's events settle, so only the new watch can see the next edit
    std::thread::sleep(Duration::from_millis(300));
    write(&content.join("about.md"), &about("Back and watched."));
    server.wait_for_page("/about/", "Back and watched.");
}

#[test]
fn a_css_edit_swaps_stylesheets_without_a_reload() {
    let server = Server::start();
    let mut events = server.events();
    let before = server.rebuilds();
    write(&server.path("static/extra.css"), ".wren { color: navy; }\n");
    let (next, data) = events.next(WAIT).expect("an event");
    assert_eq!((next.as_str(), data.as_str()), ("css", "extra.css"));
    assert_eq!(server.get("/extra.css").body, ".wren { color: navy; }\n");
    let deadline = Instant::now() + WAIT;
    while !server.errors().contains("timings: scope=static") && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(server.rebuilds(), before + 1, "one update, and not a full rebuild:\n{}", server.errors());
    assert!(server.errors().contains("timings: scope=static"));
}

#[test]
fn many_files_at_once_make_one_rebuild() {
    let server = Server::start();
    let mut events = server.events();
    let before = server.rebuilds();
    let notes = server.path("content/notes");
    let files: Vec<(PathBuf, String)> = (0..500)
        .map(|i| (notes.join(format!("note-{i}.md")), format!("+++\ntitle = \"Note {i}\"\n+++\nText.\n")))
        .collect();
    std::fs::create_dir(&notes).expect("mkdir");
    for (path, text) in &files {
        std::fs::write(path, text).expect("write");
    }
    server.wait_for_page("/notes/note-499/", "Note 499");
    events.wait_for("reload", &server);
    std::thread::sleep(Duration::from_millis(800));
    let rebuilds = server.rebuilds() - before;
    // one for the burst, and at most one more for files that arrived while it was building
    assert!((1..=2).contains(&rebuilds), "{rebuilds} rebuilds:\n{}", server.errors());
}

#[test]
fn paths_leading_outside_the_site_are_not_found_promptly() {
    let server = Server::start_with(&[], |site| {
        let outside = site.parent().expect("parent");
        write(&outside.join("secret.txt"), "secret");
        write(&outside.join("public-old/x"), "old secret");
        write(&outside.join("site-old/x"), "old secret");
        #[cfg(unix)]
        std::os::unix::fs::symlink(outside.join("secret.txt"), site.join("static/leak.txt")).expect("symlink");
        // a folder of the site without an index.html: never listed
        write(&site.join("static/images/dot.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    });
    let paths = [
        "/../",
        "/..%2f",
        "/..%2fsecret.txt",
        "/%2e%2e/",
        "/%2e%2e/secret.txt",
        "/%2f",
        "/..%5c",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/%00",
        "/index.html%00",
        "/%2fetc%2fpasswd",
        "/..%2fpublic-old/x",
        "/..%2fsite-old/x",
        "/../site-old/x",
        "/c:/windows/win.ini",
        "/C%3a/windows/win.ini",
        "/leak.txt",
        "/blog/",
        "/blog",
        "/images/",
        "/images",
    ];
    for path in paths {
        let started = Instant::now();
        let answer = server.get(path);
        assert_eq!(answer.status, 404, "{path}: {answer:?}");
        assert!(!answer.body.contains("secret"), "{path}");
        assert!(started.elapsed() < Duration::from_secs(2), "{path} took {:?}", started.elapsed());
        assert!(!answer.body.contains("dot.svg"), "{path} lists a folder");
    }
    assert_eq!(server.get("/images/dot.svg").status, 200, "the file itself is served");
}

#[test]
fn a_request_for_another_host_is_forbidden() {
    let server = Server::start();
    for host in ["evil.example", &format!("evil.example:{}", server.port), "127.0.0.1:1"] {
        let answer = server.raw(format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes());
        assert_eq!(answer.status, 403, "{host}");
        let events = server.raw(format!("GET /__shingle/events HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes());
        assert_eq!(events.status, 403, "{host}");
    }
    let no_host = server.raw(b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n");
    assert_eq!(no_host.status, 403);
    let localhost = format!("GET / HTTP/1.1\r\nHost: localhost:{}\r\nConnection: close\r\n\r\n", server.port);
    assert_eq!(server.raw(localhost.as_bytes()).status, 200);
}

#[test]
fn idle_connections_do_not_keep_others_waiting() {
    let server = Server::start();
    let idle: Vec<TcpStream> = (0..300).map(|_| server.connect()).collect();
    let started = Instant::now();
    let answer = server.get("/about/");
    assert_eq!(answer.status, 200);
    assert!(started.elapsed() < Duration::from_secs(3), "took {:?}", started.elapsed());
    drop(idle);
}

#[test]
fn oversized_and_slow_requests_are_refused_promptly() {
    let server = Server::start();
    let long = format!("GET /{} HTTP/1.1\r\nHost: {}\r\n\r\n", "a".repeat(10_000), server.host);
    assert_eq!(server.raw(long.as_bytes()).status, 414);
    let huge = format!("GET / HTTP/1.1\r\nHost: {}\r\nX-Big: {}\r\n\r\n", server.host, "b".repeat(40_000));
    assert_eq!(server.raw(huge.as_bytes()).status, 431);

    let mut slow = server.connect();
    slow.set_read_timeout(Some(Duration::from_secs(12))).expect("timeout");
    slow.write_all(b"GET / HTTP/1.1\r\nHost: ").expect("send");
    let started = Instant::now();
    let answer = read_answer(&mut slow);
    assert_eq!(answer.status, 408);
    assert!(started.elapsed() < Duration::from_secs(10), "took {:?}", started.elapsed());
}

#[test]
fn a_busy_port_is_explained() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = taken.local_addr().expect("address").port();
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/serve-site"), dir.path());
    let output = Command::new(env!("CARGO_BIN_EXE_shingle"))
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(dir.path())
        .stdin(Stdio::null())
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        format!(
            "error: port {port} is already in use by another program (another shingle serve?)\n  \
             stop that program, or choose another port: shingle serve --port {}\n",
            port + 1
        )
    );
}

#[test]
fn the_preview_also_works_on_ipv6_loopback() {
    if std::net::TcpListener::bind("[::1]:0").is_err() {
        eprintln!("no IPv6 loopback on this machine; skipped");
        return;
    }
    let server = Server::start_with(&["--bind", "::1"], |_| {});
    assert!(server.host.starts_with("[::1]:"), "{}", server.host);
    assert_eq!(server.get("/about/").status, 200);
    let mut events = server.events();
    write(&server.path("content/about.md"), &about("Over IPv6."));
    events.wait_for("reload", &server);
    assert!(server.get("/about/").body.contains("Over IPv6."));
}

#[test]
fn an_edit_is_seen_when_polling() {
    let server = Server::start_with(&["--poll"], |_| {});
    let mut events = server.events();
    write(&server.path("content/about.md"), &about("Found by looking."));
    events.wait_for("reload", &server);
    assert!(server.get("/about/").body.contains("Found by looking."));
}

#[test]
fn clients_that_never_read_a_large_file_do_not_each_cost_a_copy_of_it() {
    // 80 such clients once made the server run out of memory: it copied the file twice for each
    const SIZE: usize = 30 * 1024 * 1024;
    const CLIENTS: usize = 40;
    let server = Server::start_with(&[], |site| {
        let bytes: Vec<u8> = (0..SIZE).map(|i| (i % 251) as u8).collect();
        std::fs::write(site.join("static/big.bin"), bytes).expect("write");
    });
    assert_eq!(server.get("/about/").status, 200);
    let before = server.resident_bytes();
    let request = format!("GET /big.bin HTTP/1.1\r\nHost: {}\r\n\r\n", server.host);
    let stalled: Vec<TcpStream> = (0..CLIENTS)
        .map(|_| {
            let mut stream = server.connect();
            stream.write_all(request.as_bytes()).expect("send");
            stream
        })
        .collect();
    // give every connection time to start its answer, watching the memory meanwhile
    let mut most = before;
    let watching = Instant::now();
    while watching.elapsed() < Duration::from_millis(1500) {
        most = most.max(server.resident_bytes());
        std::thread::sleep(Duration::from_millis(50));
    }
    let started = Instant::now();
    let answer = server.get("/about/");
    assert_eq!(answer.status, 200, "{answer:?}\n{}", server.errors());
    assert!(started.elapsed() < Duration::from_secs(2), "took {:?}", started.elapsed());
    if let (Some(before), Some(most)) = (before, most) {
        let grown = most.saturating_sub(before);
        eprintln!("resident before {} MB, at most {} MB with {CLIENTS} stalled clients", before >> 20, most >> 20);
        assert!(
            grown < 3 * SIZE as u64,
            "grew by {} MB for {CLIENTS} clients of a {} MB file",
            grown >> 20,
            SIZE >> 20
        );
    }
    drop(stalled);
}

#[test]
fn a_closed_page_frees_its_place_on_the_event_stream_at_once() {
    // the server lets this many pages listen at once
    const LISTENERS: usize = 64;
    let server = Server::start();
    let mut open: Vec<Events> = (0..LISTENERS).map(|_| server.events()).collect();
    let (refused, _) = server.try_events();
    assert!(refused.starts_with("HTTP/1.1 503"), "{refused}");

    drop(open.pop());
    let closed = Instant::now();
    loop {
        let (head, events) = server.try_events();
        if head.starts_with("HTTP/1.1 200 OK\r\n") {
            open.push(events);
            break;
        }
        assert!(closed.elapsed() < Duration::from_secs(1), "still refused after {:?}: {head}", closed.elapsed());
        std::thread::sleep(Duration::from_millis(20));
    }
    eprintln!("a closed stream's place was free again after {:?}", closed.elapsed());
}

#[test]
fn head_of_the_event_stream_is_only_a_head() {
    let server = Server::start();
    let mut stream = server.connect();
    stream.set_read_timeout(Some(Duration::from_secs(2))).expect("timeout");
    let request = format!("HEAD /__shingle/events HTTP/1.1\r\nHost: {}\r\n\r\n", server.host);
    stream.write_all(request.as_bytes()).expect("send");
    let answer = read_answer(&mut stream);
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(answer.header("Content-Type").as_deref(), Some("text/event-stream; charset=utf-8"));
    assert_eq!(answer.body, "");
}

#[test]
fn an_absolute_address_as_request_target_is_answered() {
    let server = Server::start();
    let host = &server.host;
    let about = server.request(&format!("GET http://{host}/about/ HTTP/1.1"));
    assert_eq!(about.status, 200, "{about:?}");
    assert!(about.body.contains("Ada keeps inboxes tidy."));
    let home = server.request(&format!("GET HTTP://{host}?x=1 HTTP/1.1"));
    assert_eq!(home.status, 200, "{home:?}");
    assert!(home.body.contains("Welcome to Wren Desk."));
    // the target's authority wins over the Host header, both ways
    let ours = format!("GET http://{host}/about/ HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
    assert_eq!(server.raw(ours.as_bytes()).status, 200);
    let foreign = server.request(&format!("GET http://evil.example:{}/about/ HTTP/1.1", server.port));
    assert_eq!(foreign.status, 403, "{foreign:?}");
    let moved = server.request(&format!("GET http://{host}/about HTTP/1.1"));
    assert_eq!(moved.header("Location").as_deref(), Some("/about/"));
    for target in [format!("ftp://{host}/"), format!("http://user@{host}/"), "http:///about/".to_string()] {
        let answer = server.request(&format!("GET {target} HTTP/1.1"));
        assert_eq!(answer.status, 400, "{target}: {answer:?}");
    }
}

#[test]
fn empty_lines_before_a_request_are_ignored_up_to_a_point() {
    let server = Server::start();
    let request = format!("GET /about/ HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", server.host);
    for before in ["\r\n", "\n", "\r\n\r\n\n"] {
        let answer = server.raw(format!("{before}{request}").as_bytes());
        assert_eq!(answer.status, 200, "{before:?}: {answer:?}");
    }
    assert_eq!(server.raw(format!("{}{request}", "\r\n".repeat(100)).as_bytes()).status, 400);
}

#[test]
fn every_answer_is_dated() {
    let server = Server::start();
    let answers = [
        server.get("/"),
        server.get("/extra.css"),
        server.get("/no-such-page/"),
        server.get("/__shingle/live.js"),
        server.raw(b"GET / HTTP/1.1\r\nHost: evil.example\r\n\r\n"),
        server.raw(b"NOT HTTP\r\n\r\n"),
    ];
    for answer in &answers {
        let date = answer.header("Date").unwrap_or_else(|| panic!("no Date: {answer:?}"));
        // IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`
        assert_eq!(date.len(), 29, "{date}");
        assert!(date.ends_with(" GMT") && date.as_bytes()[3] == b',', "{date}");
    }
    let (head, _events) = server.try_events();
    assert!(head.contains("\r\nDate: "), "{head}");
}

#[test]
fn byte_ranges_of_static_files_are_served() {
    let server = Server::start_with(&[], |site| {
        let bytes: Vec<u8> = (0..1000u32).map(|i| b'a' + (i % 26) as u8).collect();
        std::fs::write(site.join("static/clip.mp4"), bytes).expect("write");
    });
    let whole: String = (0..1000u32).map(|i| (b'a' + (i % 26) as u8) as char).collect();
    let full = server.get("/clip.mp4");
    assert_eq!(full.status, 200);
    assert_eq!(full.header("Accept-Ranges").as_deref(), Some("bytes"));
    assert_eq!(full.body, whole);

    for (range, first, last) in
        [("0-9", 0, 9), ("990-", 990, 999), ("-5", 995, 999), ("995-5000", 995, 999), ("-5000", 0, 999)]
    {
        let part = server.request(&format!("GET /clip.mp4 HTTP/1.1\r\nRange: bytes={range}"));
        assert_eq!(part.status, 206, "{range}: {part:?}");
        assert_eq!(part.header("Content-Range"), Some(format!("bytes {first}-{last}/1000")), "{range}");
        assert_eq!(part.header("Content-Length"), Some((last - first + 1).to_string()), "{range}");
        assert_eq!(part.header("Content-Type").as_deref(), Some("video/mp4"));
        assert_eq!(part.body, whole[first..=last], "{range}");
    }
    for range in ["1000-", "5000-6000", "-0"] {
        let none = server.request(&format!("GET /clip.mp4 HTTP/1.1\r\nRange: bytes={range}"));
        assert_eq!(none.status, 416, "{range}: {none:?}");
        assert_eq!(none.header("Content-Range").as_deref(), Some("bytes */1000"), "{range}");
    }
    // several ranges, a range we cannot read, or another unit: the whole file
    for range in ["bytes=0-1,5-6", "bytes=9-2", "bytes=x-", "lines=1-2"] {
        let answer = server.request(&format!("GET /clip.mp4 HTTP/1.1\r\nRange: {range}"));
        assert_eq!(answer.status, 200, "{range}: {answer:?}");
        assert_eq!(answer.body, whole, "{range}");
    }
    // pages get the live-reload script put in: always whole
    let page = server.request("GET /about/ HTTP/1.1\r\nRange: bytes=0-9");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Ada keeps inboxes tidy."));
}

#[test]
fn conflicting_or_invalid_body_lengths_are_refused() {
    let server = Server::start();
    for headers in [
        "Content-Length: 5\r\nContent-Length: 6",
        "Content-Length: 5, 6",
        "Content-Length: abc",
        "Content-Length: -1",
        "Content-Length: +5",
        "Content-Length: ",
        "Content-Length: 5\r\nTransfer-Encoding: chunked",
    ] {
        let answer = server.request(&format!("GET /about/ HTTP/1.1\r\n{headers}"));
        assert_eq!(answer.status, 400, "{headers}: {answer:?}");
        assert_eq!(answer.header("Connection").as_deref(), Some("close"), "{headers}");
    }
    let same = server.request("GET /about/ HTTP/1.1\r\nContent-Length: 0\r\nContent-Length: 0");
    assert_eq!(same.status, 200, "{same:?}");
}
