//! HTTP/1.1 on one connection, small and bounded: reads request heads with a deadline and size
//! limits (408, 414, 431 instead of waiting or growing forever), refuses heads whose body length
//! is ambiguous, reads a body only when asked, only of a stated length and up to a limit (411,
//! 413, 408), writes responses (the head, then the body's slices, never copied together) and
//! keeps the connection alive between requests. What to answer is `route`'s business.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::ops::Range;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

/// Longest request line accepted (method, target and version).
pub const MAX_REQUEST_LINE: usize = 8 * 1024;
/// Largest request head accepted (request line and every header).
pub const MAX_HEAD: usize = 32 * 1024;
/// How long a client may take to send a whole request head, and to start the next one.
pub const HEAD_TIMEOUT: Duration = Duration::from_secs(5);
/// How long a write may block on a client that does not read.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// Empty lines skipped before a request line; more are not a client being lenient but noise.
const MAX_EMPTY_LINES: usize = 8;

/// One request's head (a body is read only by [`Connection::read_body`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `HEAD`, ...
    pub method: String,
    /// The target as sent, or its path and query when sent in absolute form: `/blog/?page=2`.
    pub target: String,
    /// Who the request is for: the authority of an absolute-form target, else the `Host` header.
    pub host: Option<String>,
    /// Headers in order, names as sent.
    pub headers: Vec<(String, String)>,
    /// Whether the connection must close after the answer.
    pub close: bool,
}

impl Request {
    /// The first header of this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        header(&self.headers, name)
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

/// Why a request's body could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyError {
    /// No `Content-Length`: 411.
    LengthRequired,
    /// Longer than the limit: 413.
    TooLarge,
    /// It did not all arrive in time: 408.
    Timeout,
    /// The client closed the connection.
    Gone,
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
        let mut empty_lines = 0;
        loop {
            empty_lines += skip_empty_lines(&mut self.pending);
            if empty_lines > MAX_EMPTY_LINES {
                return Err(HeadError::Malformed);
            }
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

    /// Reads the body of `request`, of the length its `Content-Length` states, waiting at most
    /// until `deadline`. Refused before a byte of it is read when it is longer than `limit`, and
    /// when its length is not stated (a chunked body).
    pub fn read_body(&mut self, request: &Request, limit: usize, deadline: Instant) -> Result<Vec<u8>, BodyError> {
        if request.header("transfer-encoding").is_some() {
            return Err(BodyError::LengthRequired);
        }
        // the head was checked: every Content-Length is digits and all agree
        let Some(stated) = request.header("content-length") else { return Err(BodyError::LengthRequired) };
        let digits = stated.split(',').next().unwrap_or_default().trim().trim_start_matches('0');
        let length = if digits.is_empty() { 0 } else { digits.parse::<usize>().unwrap_or(usize::MAX) };
        if length > limit {
            return Err(BodyError::TooLarge);
        }
        let mut body = Vec::with_capacity(length);
        let from_pending = self.pending.len().min(length);
        body.extend(self.pending.drain(..from_pending));
        let mut chunk = [0u8; 16 * 1024];
        while body.len() < length {
            let now = Instant::now();
            if now >= deadline {
                return Err(BodyError::Timeout);
            }
            let _ = self.stream.set_read_timeout(Some(deadline - now));
            let wanted = (length - body.len()).min(chunk.len());
            match self.stream.read(&mut chunk[..wanted]) {
                Ok(0) => return Err(BodyError::Gone),
                Ok(n) => body.extend_from_slice(&chunk[..n]),
                Err(err) if matches!(err.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => {
                    return Err(BodyError::Timeout);
                }
                Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => return Err(BodyError::Gone),
            }
        }
        Ok(body)
    }

    fn timed_out(&self) -> HeadError {
        if self.pending.is_empty() { HeadError::Gone } else { HeadError::Timeout }
    }
}

/// Drops the empty lines before a request line, which servers should ignore (RFC 9112 §2.2: a
/// client may end a body it sent with an extra line break); returns how many there were.
fn skip_empty_lines(pending: &mut Vec<u8>) -> usize {
    let mut skipped = 0;
    loop {
        let length = if pending.starts_with(b"\r\n") {
            2
        } else if pending.starts_with(b"\n") {
            1
        } else {
            return skipped;
        };
        pending.drain(..length);
        skipped += 1;
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
    let (target, authority) = split_absolute(target)?;
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
    // an absolute-form target names the host itself, and then the Host header is ignored
    // (RFC 9112 §3.2.2), so the Host check in `route` looks at what the server acts on
    let host = authority.or_else(|| header(&headers, "host").map(str::to_string));
    // two Host headers may name two servers; which one is meant cannot be known (RFC 9112 §3.2)
    if headers.iter().filter(|(name, _)| name.eq_ignore_ascii_case("host")).count() > 1 {
        return Err(HeadError::Malformed);
    }
    let mut request = Request { method: method.to_string(), target, host, headers, close: old };
    if let Some(connection) = request.header("connection").map(str::to_ascii_lowercase) {
        if connection.contains("close") {
            request.close = true;
        } else if connection.contains("keep-alive") {
            request.close = false;
        }
    }
    // a request with a body is answered, then the connection closes, whether its body was read
    // (by the editor) or not
    request.close |= has_body(&request.headers)?;
    Ok(request)
}

/// The first header of this name (case-insensitive).
fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

/// The path and query of an absolute-form target (`http://127.0.0.1:1111/about/`), which HTTP/1.1
/// servers must accept, and its authority; any other target as sent, without an authority.
fn split_absolute(target: &str) -> Result<(String, Option<String>), HeadError> {
    if target.starts_with('/') {
        return Ok((target.to_string(), None));
    }
    let Some((scheme, rest)) = target.split_once("://") else {
        // `*` or an authority alone: the method decides, in `route`
        return Ok((target.to_string(), None));
    };
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return Err(HeadError::Malformed);
    }
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(end);
    // user information before the host is how a link hides where it leads: refused
    if authority.is_empty() || authority.contains('@') {
        return Err(HeadError::Malformed);
    }
    let path = if path.starts_with('/') { path.to_string() } else { format!("/{path}") };
    Ok((path, Some(authority.to_string())))
}

/// Whether the head announces a body. Refuses a length that is not a number, lengths that
/// disagree, and a length beside a transfer coding: a proxy in front of this server could read
/// such a body differently and hide a second request in it (RFC 9112 §6.3).
fn has_body(headers: &[(String, String)]) -> Result<bool, HeadError> {
    let mut length: Option<&str> = None;
    let lengths = headers.iter().filter(|(name, _)| name.eq_ignore_ascii_case("content-length"));
    for (_, value) in lengths {
        for part in value.split(',').map(str::trim) {
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(HeadError::Malformed);
            }
            let number = part.trim_start_matches('0');
            if length.is_some_and(|seen| seen != number) {
                return Err(HeadError::Malformed);
            }
            length = Some(number);
        }
    }
    let coded = header(headers, "transfer-encoding").is_some();
    if coded && length.is_some() {
        return Err(HeadError::Malformed);
    }
    Ok(coded || length.is_some_and(|number| !number.is_empty()))
}

/// An answer to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    /// Status code.
    pub status: u16,
    /// Headers besides the ones every answer gets.
    pub headers: Vec<(&'static str, String)>,
    /// The body.
    pub body: Body,
}

/// What an answer carries. A file of the site is lent, never copied: a client that does not
/// read holds the connection for up to `WRITE_TIMEOUT`, and a copy per client of a large video
/// once ran the server out of memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// Bytes made for this answer: short messages, error pages.
    Owned(Vec<u8>),
    /// Bytes compiled into Shingle: the live-reload script and stylesheet.
    Builtin(&'static [u8]),
    /// These bytes of a file of the site.
    Shared(Arc<Vec<u8>>, Range<usize>),
    /// A page with text put in at a byte offset (the live-reload script): three slices.
    Page {
        /// The page as the site has it.
        html: Arc<Vec<u8>>,
        /// Where `insert` goes.
        at: usize,
        /// The text put in.
        insert: String,
    },
}

impl Body {
    /// The whole of a file of the site.
    pub fn shared(bytes: &Arc<Vec<u8>>) -> Body {
        Body::Shared(Arc::clone(bytes), 0..bytes.len())
    }

    /// The body's bytes, in order, in at most three slices.
    pub fn slices(&self) -> [&[u8]; 3] {
        match self {
            Body::Owned(bytes) => [bytes, &[], &[]],
            Body::Builtin(bytes) => [bytes, &[], &[]],
            Body::Shared(bytes, range) => [bytes.get(range.clone()).unwrap_or_default(), &[], &[]],
            Body::Page { html, at, insert } => {
                let (before, after) = html.split_at_checked(*at).unwrap_or((html, &[]));
                [before, insert.as_bytes(), after]
            }
        }
    }

    /// Its length in bytes.
    pub fn len(&self) -> usize {
        self.slices().iter().map(|slice| slice.len()).sum()
    }

    /// The bytes as one piece.
    #[cfg(test)]
    pub fn to_vec(&self) -> Vec<u8> {
        self.slices().concat()
    }
}

impl From<Vec<u8>> for Body {
    fn from(bytes: Vec<u8>) -> Body {
        Body::Owned(bytes)
    }
}

impl From<String> for Body {
    fn from(text: String) -> Body {
        Body::Owned(text.into_bytes())
    }
}

impl From<&'static str> for Body {
    fn from(text: &'static str) -> Body {
        Body::Builtin(text.as_bytes())
    }
}

impl Response {
    /// An answer with a body of this type.
    pub fn new(status: u16, content_type: &str, body: Body) -> Response {
        Response { status, headers: vec![("Content-Type", content_type.to_string())], body }
    }

    /// A short plain-text answer.
    pub fn text(status: u16, text: &str) -> Response {
        Response::new(status, "text/plain; charset=utf-8", format!("{text}\n").into())
    }

    /// Adds a header.
    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }
}

/// Writes `response`; `head_only` for HEAD requests.
pub fn write_response(out: &mut impl Write, response: &Response, head_only: bool, close: bool) -> io::Result<()> {
    write_head(out, response.status, &response.headers, Some(response.body.len()), close)?;
    if !head_only {
        for slice in response.body.slices() {
            out.write_all(slice)?;
        }
    }
    out.flush()
}

/// Writes a response head: the status, `headers`, those every answer gets and, when the body's
/// `length` is known in advance, `Content-Length` (an event stream has none, and closes).
pub fn write_head(
    out: &mut impl Write,
    status: u16,
    headers: &[(&str, String)],
    length: Option<usize>,
    close: bool,
) -> io::Result<()> {
    let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if let Some(length) = length {
        head.push_str(&format!("Content-Length: {length}\r\n"));
    }
    head.push_str(&format!("Date: {}\r\n", httpdate::fmt_http_date(SystemTime::now())));
    head.push_str("Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n");
    head.push_str(if close { "Connection: close\r\n\r\n" } else { "Connection: keep-alive\r\n\r\n" });
    out.write_all(head.as_bytes())
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
        206 => "Partial Content",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        411 => "Length Required",
        413 => "Content Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        422 => "Unprocessable Content",
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
        let two_hosts = b"GET / HTTP/1.1\r\nHost: 127.0.0.1:1111\r\nHost: evil.example\r\n\r\n";
        assert_eq!(parse_head(two_hosts), Err(HeadError::Malformed));
    }

    #[test]
    fn an_absolute_target_gives_its_path_and_its_host() {
        let request = parse_head(b"GET http://127.0.0.1:1111/a/?x=1 HTTP/1.1\r\nHost: evil.example\r\n\r\n");
        let request = request.expect("valid");
        assert_eq!(request.target, "/a/?x=1");
        assert_eq!(request.host.as_deref(), Some("127.0.0.1:1111"));
        let bare = parse_head(b"GET HTTP://localhost:1111?x HTTP/1.1\r\n\r\n").expect("valid");
        assert_eq!((bare.target.as_str(), bare.host.as_deref()), ("/?x", Some("localhost:1111")));
        let origin = parse_head(b"GET /a/ HTTP/1.1\r\nHost: localhost:1111\r\n\r\n").expect("valid");
        assert_eq!(origin.host.as_deref(), Some("localhost:1111"));
        for target in ["ftp://localhost/", "http://a@localhost/", "http:///a/", "http://"] {
            let head = format!("GET {target} HTTP/1.1\r\n\r\n");
            assert_eq!(parse_head(head.as_bytes()), Err(HeadError::Malformed), "{target}");
        }
    }

    #[test]
    fn body_lengths_must_agree() {
        let head = |headers: &str| parse_head(format!("GET / HTTP/1.1\r\n{headers}\r\n\r\n").as_bytes());
        assert!(!head("Content-Length: 0").expect("valid").close);
        assert!(!head("Content-Length: 0\r\nContent-Length: 00").expect("valid").close);
        assert!(head("Content-Length: 5, 5").expect("valid").close);
        assert!(head("Transfer-Encoding: chunked").expect("valid").close);
        for bad in
            ["Content-Length: 5\r\ncontent-length: 6", "Content-Length: 1,2", "Content-Length: x", "Content-Length:"]
        {
            assert_eq!(head(bad), Err(HeadError::Malformed), "{bad}");
        }
        assert_eq!(head("Content-Length: 0\r\nTransfer-Encoding: chunked"), Err(HeadError::Malformed));
    }

    #[test]
    fn empty_lines_before_a_request_are_skipped() {
        let mut pending = b"\r\n\n\r\nGET".to_vec();
        assert_eq!(skip_empty_lines(&mut pending), 3);
        assert_eq!(pending, b"GET");
        // half a line break waits for the rest
        let mut half = b"\r".to_vec();
        assert_eq!(skip_empty_lines(&mut half), 0);
        assert_eq!(half, b"\r");
    }

    #[test]
    fn a_page_is_written_in_three_slices_without_copying_the_file() {
        let html = Arc::new(b"<body></body>".to_vec());
        let body = Body::Page { html: Arc::clone(&html), at: 6, insert: "<script></script>".to_string() };
        assert_eq!(body.len(), 30);
        let mut out = Vec::new();
        write_response(&mut out, &Response::new(200, "text/html", body), false, true).expect("written");
        let text = String::from_utf8(out).expect("utf-8");
        assert!(text.starts_with("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 30\r\nDate: "));
        assert!(text.ends_with("Connection: close\r\n\r\n<body><script></script></body>"), "{text}");
        // a range past the end of the file sends nothing rather than failing
        assert_eq!(Body::Shared(html, 5..99).len(), 0);
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
