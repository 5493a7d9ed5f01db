//! A running `shingle serve` for the serve tests: the real binary on a free loopback port, serving
//! a copy of `tests/fixtures/serve-site`, fetched over raw HTTP; edits saved the ways editors save
//! them, and the live-reload events read from the event stream. Every wait is bounded.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Generous, for a loaded two-core machine.
pub const WAIT: Duration = Duration::from_secs(15);

/// A running `shingle serve` on a temporary copy of the fixture; killed when dropped.
pub struct Server {
    pub child: Child,
    pub port: u16,
    pub host: String,
    pub site: PathBuf,
    pub stderr: Arc<Mutex<String>>,
    pub _dir: tempfile::TempDir,
}

/// One HTTP answer.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

impl Server {
    /// Serves a fresh copy of the fixture.
    pub fn start() -> Server {
        Server::start_with(&[], |_| {})
    }

    /// Serves a copy of the fixture changed by `prepare`, with extra arguments.
    pub fn start_with(args: &[&str], prepare: impl FnOnce(&Path)) -> Server {
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

    pub fn errors(&self) -> String {
        self.stderr.lock().expect("lock").clone()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.site.join(rel)
    }

    pub fn connect(&self) -> TcpStream {
        let address: SocketAddr = self.host.parse().expect("address");
        let stream = TcpStream::connect(address).expect("connect");
        stream.set_read_timeout(Some(Duration::from_secs(5))).expect("timeout");
        stream.set_write_timeout(Some(Duration::from_secs(5))).expect("timeout");
        stream
    }

    /// Sends raw bytes and reads the answer until the server closes the connection.
    pub fn raw(&self, request: &[u8]) -> Answer {
        let mut stream = self.connect();
        stream.write_all(request).expect("send");
        read_answer(&mut stream)
    }

    pub fn get(&self, path: &str) -> Answer {
        self.raw(format!("GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", self.host).as_bytes())
    }

    /// Fetches `path` until its body contains `text`.
    pub fn wait_for_page(&self, path: &str, text: &str) -> Answer {
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
    pub fn events(&self) -> Events {
        let (head, events) = self.try_events();
        assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
        assert!(head.contains("Content-Type: text/event-stream"), "{head}");
        events
    }

    /// Asks for the live-reload stream: the answer's head, and the stream to read on.
    pub fn try_events(&self) -> (String, Events) {
        let mut stream = self.connect();
        let request = format!("GET /__shingle/events HTTP/1.1\r\nHost: {}\r\n\r\n", self.host);
        stream.write_all(request.as_bytes()).expect("send");
        stream.set_read_timeout(Some(Duration::from_millis(100))).expect("timeout");
        let mut events = Events { stream, buffer: Vec::new() };
        let head = events.block(Instant::now() + WAIT).expect("event stream head");
        (head, events)
    }

    /// The server's resident memory in bytes (Linux only).
    pub fn resident_bytes(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
        let kilobytes: u64 = line.trim_start_matches("VmRSS:").trim().trim_end_matches("kB").trim().parse().ok()?;
        Some(kilobytes * 1024)
    }

    /// Sends one request (the host line is added) and reads the answer until the server closes.
    pub fn request(&self, lines: &str) -> Answer {
        let (first, rest) = match lines.split_once("\r\n") {
            Some((first, rest)) => (first, format!("{rest}\r\n")),
            None => (lines, String::new()),
        };
        self.raw(format!("{first}\r\nHost: {}\r\nConnection: close\r\n{rest}\r\n", self.host).as_bytes())
    }

    /// How many rebuilds the server has reported so far.
    pub fn rebuilds(&self) -> usize {
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
pub struct Events {
    stream: TcpStream,
    buffer: Vec<u8>,
}

impl Events {
    /// The next block (up to a blank line), or `None` at the deadline.
    pub fn block(&mut self, deadline: Instant) -> Option<String> {
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
    pub fn next(&mut self, within: Duration) -> Option<(String, String)> {
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
    pub fn wait_for(&mut self, wanted: &str, server: &Server) -> (String, Vec<String>) {
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

pub fn lines_of(out: impl Read + Send + 'static) -> Receiver<String> {
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

pub fn read_answer(stream: &mut TcpStream) -> Answer {
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

pub fn copy_dir(from: &Path, to: &Path) {
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

pub fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

pub fn about(text: &str) -> String {
    format!("+++\ntitle = \"About Ada\"\n+++\n{text}\n")
}
