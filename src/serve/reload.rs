//! Live reload: the Server-Sent Events stream every open page listens to, the small script that
//! listens (an external file, so a theme's `script-src 'self'` policy allows it), and the error
//! overlay shown over pages while the site does not build. When to send which event is decided
//! by the rebuild loop in `serve/mod.rs`.

use std::io::{self, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Where pages listen for events.
pub const EVENTS_PATH: &str = "/__shingle/events";
/// The listening script.
pub const SCRIPT_PATH: &str = "/__shingle/live.js";
/// The overlay's stylesheet (a file, so a theme's `style-src 'self'` policy allows it).
pub const OVERLAY_CSS_PATH: &str = "/__shingle/overlay.css";

/// The script's text.
pub const SCRIPT: &str = include_str!("live.js");
/// The overlay's stylesheet.
pub const OVERLAY_CSS: &str = include_str!("overlay.css");

/// How many pages may listen at once; more are refused and retry later.
const MAX_LISTENERS: usize = 64;
/// A comment sent when nothing happened for this long, to notice pages that were closed.
const HEARTBEAT: Duration = Duration::from_secs(15);

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
        for line in data.split('\n') {
            wire.push_str("data: ");
            wire.push_str(line.trim_end_matches('\r'));
            wire.push('\n');
        }
        wire.push('\n');
        wire
    }
}

/// Every page listening, and a way to tell them all.
#[derive(Default)]
pub struct Hub {
    listeners: Mutex<Vec<Sender<Event>>>,
    count: Arc<AtomicUsize>,
}

/// One page's end of the hub; counts as listening until dropped.
pub struct Listener {
    events: Receiver<Event>,
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
        let (sender, events) = mpsc::channel();
        self.listeners.lock().unwrap_or_else(|e| e.into_inner()).push(sender);
        Some(Listener { events, count: Arc::clone(&self.count) })
    }

    /// Tells every listening page; forgets pages that went away.
    pub fn send(&self, event: &Event) {
        let mut listeners = self.listeners.lock().unwrap_or_else(|e| e.into_inner());
        listeners.retain(|listener| listener.send(event.clone()).is_ok());
    }
}

/// Streams events to one page until it goes away. `current_error` is sent first, so a page
/// opened while the site is broken learns it at once.
pub fn stream(out: &mut impl Write, listener: &Listener, current_error: Option<String>) -> io::Result<()> {
    out.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\n\
          X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
    )?;
    // reconnect quickly when the server restarts
    out.write_all(b"retry: 500\n\n")?;
    if let Some(text) = current_error {
        out.write_all(Event::Error(text).to_wire().as_bytes())?;
    }
    out.flush()?;
    loop {
        match listener.events.recv_timeout(HEARTBEAT) {
            Ok(event) => out.write_all(event.to_wire().as_bytes())?,
            Err(RecvTimeoutError::Timeout) => out.write_all(b": still here\n\n")?,
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
        out.flush()?;
    }
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
        escape(text)
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

/// `html` with the script tag (and the overlay, while the site is broken) before `</body>`.
pub fn inject(html: &[u8], error: Option<&str>) -> Vec<u8> {
    let mut extra = String::new();
    if let Some(text) = error {
        extra.push_str(&overlay(text));
    }
    extra.push_str(&script_tag());
    let at = rfind_ignore_case(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + extra.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn rfind_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.len() > haystack.len() {
        return None;
    }
    (0..=haystack.len() - needle.len()).rev().find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// Text made safe to put inside HTML elements and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_are_written_as_server_sent_events() {
        assert_eq!(Event::Reload.to_wire(), "event: reload\ndata: \n\n");
        assert_eq!(Event::Css("style.css".into()).to_wire(), "event: css\ndata: style.css\n\n");
        assert_eq!(Event::Error("a\r\nb".into()).to_wire(), "event: error\ndata: a\ndata: b\n\n");
    }

    #[test]
    fn the_script_goes_before_the_last_closing_body_tag() {
        let page = inject(b"<body><p>x</p></BODY></html>", None);
        assert_eq!(
            String::from_utf8(page).expect("utf-8"),
            "<body><p>x</p><script src=\"/__shingle/live.js\" defer></script></BODY></html>"
        );
        let bare = inject(b"<p>no body</p>", None);
        assert!(bare.ends_with(b"defer></script>"));
    }

    #[test]
    fn the_overlay_escapes_the_problems() {
        let page = String::from_utf8(inject(b"<body></body>", Some("a.md:1:2: error: <b>&\"'"))).expect("utf-8");
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
}
