//! Live reload: the Server-Sent Events stream open pages listen to (freed as soon as its page
//! closes it), the scripts that listen (external files, so a theme's `script-src 'self'` policy
//! allows them; the pages of a site share one stream, through a shared worker where the browser
//! has one), and the error overlay shown over pages while the site does not build. When to send
//! which event is decided by the rebuild loop in `serve/mod.rs`.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::http::{self, Body};

/// Where pages listen for events.
pub const EVENTS_PATH: &str = "/__shingle/events";
/// The listening script.
pub const SCRIPT_PATH: &str = "/__shingle/live.js";
/// The shared worker that holds the one stream all pages of the site listen through.
pub const WORKER_PATH: &str = "/__shingle/live-worker.js";
/// The overlay's stylesheet (a file, so a theme's `style-src 'self'` policy allows it).
pub const OVERLAY_CSS_PATH: &str = "/__shingle/overlay.css";

/// The script's text. `events.js` (the stream, with its reconnecting) is put into both scripts,
/// each wrapped in a function so that no name of ours is left among a page's own.
pub const SCRIPT: &str =
    concat!("(function () {\n\"use strict\";\n", include_str!("events.js"), include_str!("live.js"), "})();\n");
/// The shared worker's text.
pub const WORKER: &str =
    concat!("(function () {\n\"use strict\";\n", include_str!("events.js"), include_str!("live-worker.js"), "})();\n");
/// The overlay's stylesheet.
pub const OVERLAY_CSS: &str = include_str!("overlay.css");

/// How many pages may listen at once; more are refused and retry later.
const MAX_LISTENERS: usize = 64;
/// A comment sent when nothing happened for this long, to notice connections that died without
/// a word (a page that closes its stream is noticed at once).
const HEARTBEAT: Duration = Duration::from_secs(15);
/// The thread that notices a closed stream only waits on a read.
const WATCH_STACK: usize = 64 * 1024;

/// What open pages are told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// The site was rebuilt: load the page again.
    Reload,
    /// Only this stylesheet changed: fetch the stylesheets again, without reloading.
    Css(String),
    /// The site does not build: show these problems over the page.
    Error(String),
    /// The site builds again: remove the overlay.
    Ok,
}

impl Event {
    /// The event as written on the stream: its name, its data lines, a blank line.
    pub fn to_wire(&self) -> String {
        let (name, data) = match self {
            Event::Reload => ("reload", ""),
            Event::Css(path) => ("css", path.as_str()),
            Event::Error(text) => ("error", text.as_str()),
            Event::Ok => ("ok", ""),
        };
        let mut wire = format!("event: {name}\n");
        // a browser ends a line of the stream at CR LF, LF or a lone CR (old Mac files), and an
        // empty line ends the event: every one of them starts a `data:` line of its own, and
        // other control characters are dropped, so no text can start a field or an event
        for line in data.split("\r\n").flat_map(|line| line.split(['\r', '\n'])) {
            wire.push_str("data: ");
            wire.extend(line.chars().filter(|&c| c == '\t' || !c.is_control()));
            wire.push('\n');
        }
        wire.push('\n');
        wire
    }
}

/// What wakes a page's stream.
enum Signal {
    /// Something to tell the page.
    Event(Event),
    /// The page closed its end.
    Gone,
}

/// Every page listening, and a way to tell them all.
#[derive(Default)]
pub struct Hub {
    listeners: Mutex<Vec<Sender<Signal>>>,
    count: Arc<AtomicUsize>,
}

/// One page's end of the hub; counts as listening until dropped.
pub struct Listener {
    signals: Receiver<Signal>,
    /// Handed to the thread that notices the page closing.
    wake: Sender<Signal>,
    count: Arc<AtomicUsize>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        self.count.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Hub {
    /// A new listener, or `None` when too many pages listen already.
    pub fn subscribe(&self) -> Option<Listener> {
        if self.count.fetch_add(1, Ordering::SeqCst) >= MAX_LISTENERS {
            self.count.fetch_sub(1, Ordering::SeqCst);
            return None;
        }
        let (sender, signals) = mpsc::channel();
        self.listeners.lock().unwrap_or_else(|e| e.into_inner()).push(sender.clone());
        Some(Listener { signals, wake: sender, count: Arc::clone(&self.count) })
    }

    /// Tells every listening page; forgets pages that went away.
    pub fn send(&self, event: &Event) {
        let mut listeners = self.listeners.lock().unwrap_or_else(|e| e.into_inner());
        listeners.retain(|listener| listener.send(Signal::Event(event.clone())).is_ok());
    }
}

/// Streams events to one page until it goes away. `current_error` is sent first, so a page
/// opened while the site is broken learns it at once.
pub fn stream(socket: &TcpStream, listener: &Listener, current_error: Option<String>) -> io::Result<()> {
    watch_for_close(socket, listener.wake.clone());
    let result = send_events(&mut &*socket, listener, current_error);
    // also ends the watching thread's read: its handle would keep the connection open
    let _ = socket.shutdown(Shutdown::Both);
    result
}

/// The head of the event stream, which is all a HEAD request for it gets.
pub fn write_stream_head(out: &mut impl Write) -> io::Result<()> {
    let headers = [("Content-Type", "text/event-stream; charset=utf-8".to_string())];
    http::write_head(out, 200, &headers, None, true)?;
    out.flush()
}

fn send_events(out: &mut impl Write, listener: &Listener, current_error: Option<String>) -> io::Result<()> {
    write_stream_head(out)?;
    // reconnect quickly when the server restarts
    out.write_all(b"retry: 500\n\n")?;
    if let Some(text) = current_error {
        out.write_all(Event::Error(text).to_wire().as_bytes())?;
    }
    out.flush()?;
    loop {
        match listener.signals.recv_timeout(HEARTBEAT) {
            Ok(Signal::Event(event)) => out.write_all(event.to_wire().as_bytes())?,
            Ok(Signal::Gone) | Err(RecvTimeoutError::Disconnected) => return Ok(()),
            Err(RecvTimeoutError::Timeout) => out.write_all(b": still here\n\n")?,
        }
        out.flush()?;
    }
}

/// Wakes the stream as soon as the page closes its end, so its place is free for the next page
/// at once; the heartbeat alone took up to half a minute to notice, and a browser that reopens
/// tabs quickly was refused meanwhile. A thread waits on a read (pages send nothing on this
/// connection, so what arrives is dropped); when the read ends, so does the stream.
fn watch_for_close(socket: &TcpStream, wake: Sender<Signal>) {
    // without a second handle, the heartbeat still notices, later
    let Ok(mut reader) = socket.try_clone() else {
        return;
    };
    let watch = move || {
        let mut sink = [0u8; 512];
        loop {
            match reader.read(&mut sink) {
                Ok(0) => break,
                Ok(_) => {}
                Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => break,
            }
        }
        let _ = wake.send(Signal::Gone);
    };
    let spawned = std::thread::Builder::new().name("shingle-stream-watch".into()).stack_size(WATCH_STACK).spawn(watch);
    drop(spawned);
}

/// The tag that loads the script, put into every HTML page served.
pub fn script_tag() -> String {
    format!("<script src=\"{SCRIPT_PATH}\" defer></script>")
}

/// The overlay's markup for these problems (the same the script builds from an `error` event).
pub fn overlay(text: &str) -> String {
    format!(
        "<div id=\"shingle-error\" role=\"alert\"><link rel=\"stylesheet\" href=\"{OVERLAY_CSS_PATH}\">\
         <p class=\"shingle-error-title\">Shingle could not rebuild the site</p><pre>{}</pre>\
         <p class=\"shingle-error-note\">The preview shows the last version that built. \
         Fix the problem and save: this message goes away by itself.</p></div>",
        crate::context::html(text)
    )
}

/// The page served for every address while the site has never built.
pub fn error_page(text: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>The site does not build yet</title></head>\n<body>\n{}\n{}\n</body></html>\n",
        overlay(text),
        script_tag()
    )
}

/// `html` with the script tag (and the overlay, while the site is broken) before `</body>`,
/// as a body that shares the page's bytes instead of copying them.
pub fn inject(html: &Arc<Vec<u8>>, error: Option<&str>, extra: &str) -> Body {
    let mut insert = String::new();
    if let Some(text) = error {
        insert.push_str(&overlay(text));
    }
    insert.push_str(extra);
    insert.push_str(&script_tag());
    let at = rfind_ignore_case(html, b"</body>").unwrap_or(html.len());
    Body::Page { html: Arc::clone(html), at, insert }
}

fn rfind_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.len() > haystack.len() {
        return None;
    }
    (0..=haystack.len() - needle.len()).rev().find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn injected(html: &str, error: Option<&str>) -> String {
        let body = inject(&Arc::new(html.as_bytes().to_vec()), error, "");
        String::from_utf8(body.to_vec()).expect("utf-8")
    }

    #[test]
    fn events_are_written_as_server_sent_events() {
        assert_eq!(Event::Reload.to_wire(), "event: reload\ndata: \n\n");
        assert_eq!(Event::Css("style.css".into()).to_wire(), "event: css\ndata: style.css\n\n");
        assert_eq!(Event::Error("a\r\nb".into()).to_wire(), "event: error\ndata: a\ndata: b\n\n");
    }

    #[test]
    fn no_text_can_end_a_line_of_the_stream_or_start_an_event() {
        // a content file saved with old Mac line endings, or a pasted control character
        let text = "a.md:1:1: bad\rid: 7\revent: reload\r\rdata: x\n\r\0b\x1b[31mc\td\u{85}e\u{2028}f";
        let wire = Event::Error(text.into()).to_wire();
        assert_eq!(
            wire,
            "event: error\ndata: a.md:1:1: bad\ndata: id: 7\ndata: event: reload\ndata: \ndata: data: x\n\
             data: \ndata: b[31mc\tde\u{2028}f\n\n"
        );
        // read the way a browser does: a line ends at CR LF, LF or CR, an event at an empty line
        let lines: Vec<&str> = wire.split("\r\n").flat_map(|line| line.split(['\r', '\n'])).collect();
        assert_eq!(lines[0], "event: error");
        assert_eq!(&lines[lines.len() - 2..], ["", ""], "one event, ended once");
        for line in &lines[1..lines.len() - 2] {
            assert!(line.starts_with("data: "), "{line:?} in {wire:?}");
        }
    }

    #[test]
    fn the_script_goes_before_the_last_closing_body_tag() {
        assert_eq!(
            injected("<body><p>x</p></BODY></html>", None),
            "<body><p>x</p><script src=\"/__shingle/live.js\" defer></script></BODY></html>"
        );
        assert!(injected("<p>no body</p>", None).ends_with("defer></script>"));
    }

    #[test]
    fn the_overlay_escapes_the_problems() {
        let page = injected("<body></body>", Some("a.md:1:2: error: <b>&\"'"));
        assert!(page.contains("<pre>a.md:1:2: error: &lt;b&gt;&amp;&quot;&#39;</pre>"), "{page}");
    }

    #[test]
    fn the_hub_refuses_listeners_past_its_limit() {
        let hub = Hub::default();
        let listeners: Vec<Listener> = (0..MAX_LISTENERS).map(|_| hub.subscribe().expect("room")).collect();
        assert!(hub.subscribe().is_none());
        drop(listeners);
        assert!(hub.subscribe().is_some());
    }

    #[test]
    fn a_stream_ends_as_soon_as_its_page_closes_it() {
        let server = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let page = TcpStream::connect(server.local_addr().expect("address")).expect("connect");
        let (socket, _) = server.accept().expect("accept");
        let hub = Arc::new(Hub::default());
        let listener = hub.subscribe().expect("room");
        let (done, ended) = mpsc::channel();
        std::thread::spawn(move || {
            let result = stream(&socket, &listener, None);
            drop(listener);
            let _ = done.send(result.is_ok());
        });
        std::thread::sleep(Duration::from_millis(50));
        assert_eq!(hub.count.load(Ordering::SeqCst), 1);
        drop(page);
        let ended = ended.recv_timeout(Duration::from_secs(1)).expect("the stream ended within a second");
        assert!(ended, "a page going away is no error");
        assert_eq!(hub.count.load(Ordering::SeqCst), 0);
    }
}
