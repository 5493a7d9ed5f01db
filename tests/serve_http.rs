//! The preview's HTTP as a client meets it: paths that could leave the site, foreign hosts, idle,
//! slow and oversized requests, clients that never read (bad-inputs rows 33–38 and 51), and the
//! protocol details browsers rely on — keep-alive, HEAD, absolute-form targets, `Date`, byte
//! ranges, body lengths. Every wait is bounded.

#[path = "common/server.rs"]
mod server;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use server::*;

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

/// Row 51: many clients that never read a large file cost no memory each; the server stays up.
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
