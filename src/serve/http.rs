//! HTTP/1.1 on one connection, small and bounded: reads request heads with a deadline and size
//! limits (408, 414, 431 instead of waiting or growing forever), writes responses, keeps the
//! connection alive between requests. What to answer is `route`'s business.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// Longest request line accepted (method, target and version).
pub const MAX_REQUEST_LINE: usize = 8 * 1024;
/// Largest request head accepted (request line and every header).
pub const MAX_HEAD: usize = 32 * 1024;
/// How long a client may take to send a whole request head, and to start the next one.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a write may block on a client that does not read.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// One request's head (bodies are never needed, so never read).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `HEAD`, ...
    pub method: String,
    /// The target as sent: `/blog/?page=2`.
    pub target: String,
    /// Headers in order, names as sent.
    pub headers: Vec<(String, String)>,
    /// Whether the connection must close after the answer.
    pub close: bool,
}

impl Request {
    /// The first header of this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// Why no request could be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadError {
    /// The client closed the connection, or sent nothing before the deadline.
    Gone,
    /// The client started a request but did not finish it in time: 408.
    Timeout,
    /// The request line is too long: 414.
    UriTooLong,
    /// The head is too large: 431.
    HeadTooLarge,
    /// Not HTTP: 400.
    Malformed,
}

impl HeadError {
    /// The status to answer with, if any.
    pub fn status(self) -> Option<u16> {
        match self {
            HeadError::Gone => None,
            HeadError::Timeout => Some(408),
            HeadError::UriTooLong => Some(414),
            HeadError::HeadTooLarge => Some(431),
            HeadError::Malformed => Some(400),
        }
    }
}

/// A client connection and the bytes read past the last request head.
pub struct Connection {
    /// The socket.
    pub stream: TcpStream,
    pending: Vec<u8>,
}

impl Connection {
    /// Wraps an accepted socket, setting its write timeout.
    pub fn new(stream: TcpStream) -> Connection {
        let _ = stream.set_nodelay(true);
        let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
        Connection { stream, pending: Vec::new() }
    }

    /// Reads the next request head, waiting at most until `deadline`.
    pub fn read_request(&mut self, deadline: Instant) -> Result<Request, HeadError> {
        let mut chunk = [0u8; 4096];
        loop {
            if let Some(end) = head_end(&self.pending) {
                let head: Vec<u8> = self.pending.drain(..end).collect();
                return parse_head(&head);
            }
            check_limits(&self.pending)?;
            let now = Instant::now();
            if now >= deadline {
                return Err(self.timed_out());
            }
            let _ = self.stream.set_read_timeout(Some(deadline - now));
            match self.stream.read(&mut chunk) {
                Ok(0) => return Err(HeadError::Gone),
                Ok(n) => self.pending.extend_from_slice(&chunk[..n]),
                Err(err) if matches!(err.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => {
                    return Err(self.timed_out());
                }
                Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => return Err(HeadError::Gone),
            }
        }
    }

    fn timed_out(&self) -> HeadError {
        if self.pending.is_empty() { HeadError::Gone } else { HeadError::Timeout }
    }
}

/// The end of the head (after its blank line), if it has all arrived.
fn head_end(bytes: &[u8]) -> Option<usize> {
    for (i, _) in bytes.iter().enumerate().filter(|(_, b)| **b == b'\n') {
        let rest = &bytes[i + 1..];
        if rest.starts_with(b"\r\n") {
            return Some(i + 3);
        }
        if rest.starts_with(b"\n") {
            return Some(i + 2);
        }
    }
    None
}

/// Refuses heads that grow past the limits before they are complete.
fn check_limits(pending: &[u8]) -> Result<(), HeadError> {
    let line_end = pending.iter().position(|&b| b == b'\n');
    if line_end.unwrap_or(pending.len()) > MAX_REQUEST_LINE {
        return Err(HeadError::UriTooLong);
    }
    if pending.len() > MAX_HEAD {
        return Err(HeadError::HeadTooLarge);
    }
    Ok(())
}

fn parse_head(head: &[u8]) -> Result<Request, HeadError> {
    let text = std::str::from_utf8(head).map_err(|_| HeadError::Malformed)?;
    let mut lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    let request_line = lines.next().unwrap_or_default();
    if request_line.len() > MAX_REQUEST_LINE {
        return Err(HeadError::UriTooLong);
    }
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(HeadError::Malformed);
    };
    if method.is_empty() || !method.bytes().all(|b| b.is_ascii_uppercase()) || target.is_empty() {
        return Err(HeadError::Malformed);
    }
    let old = match version {
        "HTTP/1.1" => false,
        "HTTP/1.0" => true,
        _ => return Err(HeadError::Malformed),
    };
    let mut headers = Vec::new();
    for line in lines.filter(|l| !l.is_empty()) {
        let (name, value) = line.split_once(':').ok_or(HeadError::Malformed)?;
        if name.is_empty() || name.contains([' ', '\t']) {
            return Err(HeadError::Malformed);
        }
        headers.push((name.to_string(), value.trim().to_string()));
    }
    let mut request = Request { method: method.to_string(), target: target.to_string(), headers, close: old };
    if let Some(connection) = request.header("connection").map(str::to_ascii_lowercase) {
        if connection.contains("close") {
            request.close = true;
        } else if connection.contains("keep-alive") {
            request.close = false;
        }
    }
    // a request with a body is answered, then the connection closes: the body is never read
    let has_body = request.header("content-length").is_some_and(|n| n.trim() != "0")
        || request.header("transfer-encoding").is_some();
    request.close |= has_body;
    Ok(request)
}

/// An answer to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// Status code.
    pub status: u16,
    /// Headers besides the ones every answer gets.
    pub headers: Vec<(&'static str, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Response {
    /// An answer with a body of this type.
    pub fn new(status: u16, content_type: &str, body: Vec<u8>) -> Response {
        Response { status, headers: vec![("Content-Type", content_type.to_string())], body }
    }

    /// A short plain-text answer.
    pub fn text(status: u16, text: &str) -> Response {
        Response::new(status, "text/plain; charset=utf-8", format!("{text}\n").into_bytes())
    }

    /// Adds a header.
    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }
}

/// Writes `response`; `head_only` for HEAD requests.
pub fn write_response(out: &mut impl Write, response: &Response, head_only: bool, close: bool) -> io::Result<()> {
    let mut head = format!("HTTP/1.1 {} {}\r\n", response.status, reason(response.status));
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n", response.body.len()));
    head.push_str("Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n");
    head.push_str(if close { "Connection: close\r\n\r\n" } else { "Connection: keep-alive\r\n\r\n" });
    let mut bytes = head.into_bytes();
    if !head_only {
        bytes.extend_from_slice(&response.body);
    }
    out.write_all(&bytes)?;
    out.flush()
}

/// Closes a connection whose client may still be sending (a refused head, an unread body):
/// stops writing, then reads and drops what arrives for a moment, so the client receives the
/// answer instead of a reset.
pub fn close_gently(stream: &mut TcpStream) {
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let deadline = Instant::now() + Duration::from_millis(500);
    let mut sink = [0u8; 4096];
    let mut drained = 0;
    while drained < 256 * 1024 {
        let now = Instant::now();
        if now >= deadline || stream.set_read_timeout(Some(deadline - now)).is_err() {
            return;
        }
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => return,
            Ok(n) => drained += n,
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_request_is_read() {
        let head = b"GET /a/?x=1 HTTP/1.1\r\nHost: 127.0.0.1:1111\r\nConnection: close\r\n\r\n";
        let request = parse_head(head).expect("valid");
        assert_eq!(request.method, "GET");
        assert_eq!(request.target, "/a/?x=1");
        assert_eq!(request.header("host"), Some("127.0.0.1:1111"));
        assert!(request.close);
        assert_eq!(head_end(head), Some(head.len()));
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nHost: x\r\n"), None);
    }

    #[test]
    fn old_clients_close_unless_they_ask_otherwise() {
        assert!(parse_head(b"GET / HTTP/1.0\r\n\r\n").expect("valid").close);
        assert!(!parse_head(b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").expect("valid").close);
        assert!(parse_head(b"GET / HTTP/1.1\r\nContent-Length: 5\r\n\r\n").expect("valid").close);
    }

    #[test]
    fn what_is_not_http_is_refused() {
        assert_eq!(parse_head(b"GET /\r\n\r\n"), Err(HeadError::Malformed));
        assert_eq!(parse_head(b"GET / HTTP/2.0\r\n\r\n"), Err(HeadError::Malformed));
        assert_eq!(parse_head(b"GET / HTTP/1.1\r\nno colon\r\n\r\n"), Err(HeadError::Malformed));
    }

    #[test]
    fn heads_past_the_limits_are_refused_before_they_end() {
        let long_line = vec![b'a'; MAX_REQUEST_LINE + 1];
        assert_eq!(check_limits(&long_line), Err(HeadError::UriTooLong));
        let mut big = b"GET / HTTP/1.1\r\n".to_vec();
        big.extend(std::iter::repeat_n(b'x', MAX_HEAD));
        assert_eq!(check_limits(&big), Err(HeadError::HeadTooLarge));
    }
}
