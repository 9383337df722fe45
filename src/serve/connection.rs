//! The HTTP/1.1 the page speaks: one request and one answer per connection, with every size
//! and every wait bounded.
//!
//! # Why the server speaks it itself
//! tiny_http 0.12.0 (the latest release) read away a body the server had not read, when the
//! request was dropped, into `vec![0; bytes_left]`, `bytes_left` being the client's
//! `Content-Length`. A request declaring 100 GB, answered 413 without reading it, then made the
//! server ask for 100 GB: on a machine with 23 GB and no swap Linux refused (`mmap` ENOMEM; its
//! default overcommit refuses more than memory plus swap) and the process aborted: 6 of 6
//! servers tried. A length over `isize::MAX` would have panicked the worker ("capacity
//! overflow"). Here a body is only ever read in small pieces, up to what the endpoint takes.
//!
//! # What is taken
//! - A request line and headers of at most [`MAX_HEAD_BYTES`]; an idle connection is closed
//!   after [`READ_TIMEOUT`] (browsers open connections before they have a request to send).
//! - A body with `Content-Length` only: the page sends whole files and JSON, never chunks.
//!   `Expect: 100-continue` is answered when the endpoint starts reading the body.
//! - Every answer has a `Content-Length` (the page can show progress; clients stay simple) and
//!   `Connection: close`. A body the endpoint refused unread is read and thrown away for a
//!   short while ([`LINGER`]), on a thread of its own, so that a client still sending it reads
//!   the answer rather than a reset.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::mpsc::Sender;
use std::thread;
use std::time::{Duration, Instant};

use super::http::Reply;

/// Longest request line and headers together, bytes (the server sets no cookies, so the
/// page's own stay small).
pub const MAX_HEAD_BYTES: u64 = 16 << 10;

/// Longest wait for the client's next bytes, and for it to take the answer's.
pub const READ_TIMEOUT: Duration = Duration::from_secs(30);

/// How long an unread body is thrown away after the answer before the connection is closed.
pub const LINGER: Duration = Duration::from_secs(2);

/// One request: its head, read; its body, still on the connection.
pub struct Request {
    method: String,
    url: String,
    headers: Vec<(String, String)>,
    declared: Option<u64>,
    body: io::Take<BufReader<TcpStream>>,
    /// Where `100 Continue` goes when the client asked for it and the body is first read.
    continue_to: Option<TcpStream>,
}

impl Request {
    /// The method, as sent (`GET`, `POST`, …).
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The request target: path and query, undecoded.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The first header called `name` (any case), trimmed.
    pub fn header(&self, name: &str) -> Option<&str> {
        let found = self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name));
        found.map(|(_, value)| value.as_str())
    }

    /// The body's declared length, bytes (`None`: no `Content-Length`, so no body).
    pub fn body_length(&self) -> Option<u64> {
        self.declared
    }

    /// The body: at most the declared length, read as the caller asks.
    pub fn body(&mut self) -> &mut dyn Read {
        if let Some(mut stream) = self.continue_to.take() {
            // A failure shows on the first read of the body itself.
            let _ = stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n");
        }
        &mut self.body
    }

    /// Sends `reply` and closes the connection; a client that went away is no concern of the
    /// other requests.
    pub fn respond(self, reply: Reply) {
        let mut stream = self.body.get_ref().get_ref();
        let _ = stream.write_all(&encode(&reply, self.method == "HEAD"));
        let _ = stream.shutdown(Shutdown::Write);
        if self.body.limit() > 0 {
            let body = self.body;
            // Without a thread the connection closes here, unread bytes and all.
            let _ = thread::Builder::new().name("serve-linger".into()).spawn(|| linger(body));
        }
    }
}

/// Accepts connections until the listener fails; each reads its request on a thread of its
/// own and hands it to `requests`, so a slow or idle client holds no worker.
pub fn accept_forever(listener: &TcpListener, requests: &Sender<Request>) {
    for stream in listener.incoming() {
        let Ok(stream) = stream else {
            // Out of file descriptors, or a connection reset before it was taken: wait a
            // moment rather than spin, and go on.
            thread::sleep(Duration::from_millis(10));
            continue;
        };
        let requests = requests.clone();
        let _ = thread::Builder::new().name("serve-connection".into()).spawn(move || {
            if let Some(request) = read_request(stream) {
                let _ = requests.send(request);
            }
        });
    }
}

/// Reads one request's head; a head that cannot be served is answered here and `None`
/// returned, as is a connection closed or idle before it sent a whole head.
fn read_request(stream: TcpStream) -> Option<Request> {
    stream.set_read_timeout(Some(READ_TIMEOUT)).ok()?;
    stream.set_write_timeout(Some(READ_TIMEOUT)).ok()?;
    let writer = stream.try_clone().ok()?;
    let mut reader = BufReader::new(stream);
    let head =
        match read_head(&mut reader).and_then(|head| head.map(|h| parse_head(&h)).transpose()) {
            Ok(Some(head)) => head,
            Ok(None) => return None,
            Err(HeadError { status, message }) => {
                let mut writer = &writer;
                let _ = writer.write_all(&encode(&Reply::error(status, message), false));
                let _ = writer.shutdown(Shutdown::Both);
                return None;
            }
        };
    let continue_to = head.expects_continue.then(|| writer.try_clone().ok()).flatten();
    Some(Request {
        method: head.method,
        url: head.url,
        headers: head.headers,
        declared: head.declared,
        body: reader.take(head.declared.unwrap_or(0)),
        continue_to,
    })
}

/// Why a head is not served: the status and one line for the client.
#[derive(Debug)]
struct HeadError {
    status: u16,
    message: String,
}

impl HeadError {
    fn new(status: u16, message: impl Into<String>) -> Self {
        Self { status, message: message.into() }
    }
}

/// The head up to its empty line, without it (`None`: closed or idle before it was whole;
/// there is no request to answer).
fn read_head(reader: &mut impl BufRead) -> Result<Option<String>, HeadError> {
    let mut head = Vec::new();
    loop {
        let start = head.len();
        let left = MAX_HEAD_BYTES - start as u64;
        match reader.take(left).read_until(b'\n', &mut head) {
            Ok(n) if n > 0 && head.ends_with(b"\n") => {}
            Ok(_) if head.len() as u64 >= MAX_HEAD_BYTES => {
                let message = format!("the request's headers are over {MAX_HEAD_BYTES} bytes");
                return Err(HeadError::new(431, message));
            }
            Ok(_) => return Ok(None),
            Err(e) if !head.is_empty() && is_timeout(&e) => {
                let message = format!("the request's headers did not come within {READ_TIMEOUT:?}");
                return Err(HeadError::new(408, message));
            }
            Err(_) => return Ok(None),
        }
        if matches!(&head[start..], b"\r\n" | b"\n") {
            head.truncate(start);
            return String::from_utf8(head)
                .map(Some)
                .map_err(|_| HeadError::new(400, "the request's headers are not UTF-8"));
        }
    }
}

fn is_timeout(error: &io::Error) -> bool {
    matches!(error.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut)
}

/// A request's head, parsed.
#[derive(Debug)]
struct Head {
    method: String,
    url: String,
    headers: Vec<(String, String)>,
    declared: Option<u64>,
    expects_continue: bool,
}

/// Parses a head (request line and header lines, without the empty line).
fn parse_head(head: &str) -> Result<Head, HeadError> {
    let mut lines = head.lines();
    let request_line = lines.next().unwrap_or_default();
    let parts: Vec<&str> = request_line.split(' ').collect();
    let [method, url, version] = parts[..] else {
        let line = cut(request_line);
        return Err(HeadError::new(
            400,
            format!("request line {line:?}: expected METHOD PATH HTTP/1.1"),
        ));
    };
    if !matches!(version, "HTTP/1.1" | "HTTP/1.0") {
        let message = format!("{}: this server speaks HTTP/1.1 and 1.0", cut(version));
        return Err(HeadError::new(505, message));
    }
    let mut headers = Vec::new();
    for line in lines {
        match line.split_once(':') {
            Some((name, value)) if !name.is_empty() && !name.contains([' ', '\t']) => {
                headers.push((name.to_owned(), value.trim().to_owned()));
            }
            _ => {
                let message = format!("header line {:?}: expected Name: value", cut(line));
                return Err(HeadError::new(400, message));
            }
        }
    }
    let named =
        |name: &'static str| headers.iter().filter(move |(n, _)| n.eq_ignore_ascii_case(name));
    if named("Transfer-Encoding").next().is_some() {
        let message = "Transfer-Encoding: bodies are taken with a Content-Length only";
        return Err(HeadError::new(411, message));
    }
    let mut lengths = named("Content-Length").map(|(_, v)| v);
    let declared = match (lengths.next(), lengths.next()) {
        (None, _) => None,
        (Some(text), None) if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) => {
            // More digits than 2^64 holds: no endpoint takes that much either.
            Some(text.parse::<u64>().unwrap_or(u64::MAX))
        }
        (Some(text), None) => {
            let message = format!("Content-Length {:?}: expected a number of bytes", cut(text));
            return Err(HeadError::new(400, message));
        }
        (Some(_), Some(_)) => {
            return Err(HeadError::new(400, "Content-Length: given more than once"));
        }
    };
    let expects_continue = named("Expect").any(|(_, v)| v.eq_ignore_ascii_case("100-continue"));
    Ok(Head { method: method.to_owned(), url: url.to_owned(), headers, declared, expects_continue })
}

/// A request-supplied text shortened for an error line.
fn cut(text: &str) -> String {
    text.chars().take(100).collect()
}

/// Status line, headers and body of `reply` (`head_only`: without the body).
fn encode(reply: &Reply, head_only: bool) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(512 + reply.body.len());
    let _ = write!(bytes, "HTTP/1.1 {} {}\r\n", reply.status, reason(reply.status));
    let fixed = [
        ("Content-Type", reply.content_type),
        ("Content-Length", &reply.body.len().to_string()),
        ("Connection", "close"),
    ];
    let extra = reply.headers.iter().map(|(name, value)| (*name, value.as_str()));
    for (name, value) in fixed.into_iter().chain(extra) {
        // A value is the server's own; one that could end the header early is left out.
        if !value.contains(['\r', '\n']) {
            let _ = write!(bytes, "{name}: {value}\r\n");
        }
    }
    bytes.extend_from_slice(b"\r\n");
    if !head_only {
        bytes.extend_from_slice(&reply.body);
    }
    bytes
}

/// The reason phrase of the statuses the server answers with.
fn reason(status: u16) -> &'static str {
    match status {
        100 => "Continue",
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        411 => "Length Required",
        413 => "Content Too Large",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

/// Reads and throws away what is left of a refused body, in small pieces, for at most
/// [`LINGER`], then closes the connection.
fn linger(mut body: io::Take<BufReader<TcpStream>>) {
    let deadline = Instant::now() + LINGER;
    let mut piece = [0u8; 8192];
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        if left.is_zero() || body.get_ref().get_ref().set_read_timeout(Some(left)).is_err() {
            break;
        }
        match body.read(&mut piece) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head_of(bytes: &[u8]) -> Result<Option<String>, HeadError> {
        read_head(&mut BufReader::new(bytes))
    }

    #[test]
    fn a_head_ends_at_its_empty_line_and_a_closed_one_is_no_request() {
        let head = head_of(b"POST /api/photo HTTP/1.1\r\nHost: a\r\n\r\nbody").unwrap();
        assert_eq!(head.as_deref(), Some("POST /api/photo HTTP/1.1\r\nHost: a\r\n"));
        assert!(head_of(b"").unwrap().is_none());
        // Closed after a whole line but before the empty one.
        assert!(head_of(b"GET / HTTP/1.1\r\nHost: a\r\n").unwrap().is_none());
        let long = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(20_000));
        assert_eq!(head_of(long.as_bytes()).unwrap_err().status, 431);
        assert_eq!(head_of(b"GET /\xff HTTP/1.1\r\n\r\n").unwrap_err().status, 400);
    }

    #[test]
    fn a_head_is_parsed_and_lengths_are_taken_as_declared() {
        let head = parse_head(
            "POST /api/photo?session=ab HTTP/1.1\r\nhost:  a:1 \r\nContent-Length: 100000000000\r\nExpect: 100-Continue",
        )
        .unwrap();
        assert_eq!((head.method.as_str(), head.url.as_str()), ("POST", "/api/photo?session=ab"));
        assert_eq!(head.headers[0], ("host".to_owned(), "a:1".to_owned()));
        assert_eq!(head.declared, Some(100_000_000_000));
        assert!(head.expects_continue);
        let huge =
            parse_head("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999").unwrap();
        assert_eq!(huge.declared, Some(u64::MAX));
        assert_eq!(parse_head("GET / HTTP/1.0").unwrap().declared, None);
        let refused = [
            ("HELLO", 400),
            ("GET / HTTP/2.0", 505),
            ("GET / HTTP/1.1\r\nno colon", 400),
            ("GET / HTTP/1.1\r\n folded: x", 400),
            ("POST / HTTP/1.1\r\nContent-Length: -5", 400),
            ("POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6", 400),
            ("POST / HTTP/1.1\r\nTransfer-Encoding: chunked", 411),
        ];
        for (text, status) in refused {
            assert_eq!(parse_head(text).unwrap_err().status, status, "{text}");
        }
    }

    #[test]
    fn answers_carry_their_length_and_close() {
        let reply = Reply::error(413, "photo: too large").with_header("X-Note", "a\r\nSet: x");
        let text = String::from_utf8(encode(&reply, false)).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 413 Content Too Large\r\n"), "{head}");
        assert!(head.contains(&format!("Content-Length: {}\r\n", body.len())), "{head}");
        assert!(head.contains("Connection: close"), "{head}");
        assert!(!head.contains("Set: x"), "{head}");
        assert!(body.contains("photo: too large"), "{body}");
    }
}
