//! `smpsim serve` driven over real sockets: a plain `TcpStream` HTTP/1.1 client, so the tests
//! see exactly the bytes a browser would.

mod browser;
mod exports;
mod landmarks;
mod live;
mod security;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running `smpsim serve --port 0`, stopped when dropped.
pub struct Served {
    child: Child,
    /// `127.0.0.1:PORT`.
    pub host: String,
}

impl Served {
    /// Starts the server with `extra` flags and reads the address it prints.
    pub fn start(extra: &[&str]) -> Self {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("smpsim"))
            .args(["serve", "--port", "0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("smpsim serve starts");
        let mut line = String::new();
        let stdout = child.stdout.take().unwrap();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        let host = line.trim().trim_start_matches("http://").trim_end_matches('/').to_owned();
        assert!(host.starts_with("127.0.0.1:"), "printed {line:?}");
        Self { child, host }
    }

    /// Sends `method path` with `body` and the server's own Host; returns the answer.
    pub fn send(&self, method: &str, path: &str, body: &[u8]) -> Answer {
        let host = format!("Host: {}\r\n", self.host);
        self.raw(method, path, &host, body)
    }

    /// Sends a request with the given header lines (each ending in CRLF) instead of a Host.
    pub fn raw(&self, method: &str, path: &str, headers: &str, body: &[u8]) -> Answer {
        request(&self.host, method, path, headers, body)
    }

    /// The server's peak resident memory, MiB, where the system says (Linux).
    pub fn peak_memory_mib(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kib / 1024)
    }

    /// Uploads `photo` to `session` for `view` and returns the fit's JSON (asserting success).
    pub fn upload(&self, session: &str, photo: &std::path::Path, view: &str) -> serde_json::Value {
        let path = format!("/api/photo?session={session}&view={view}");
        let fit = self.send("POST", &path, &std::fs::read(photo).unwrap());
        assert_eq!(fit.status, 200, "{}", fit.text());
        fit.json()
    }

    /// A new consultation's id.
    pub fn session(&self) -> String {
        let answer = self.send("POST", "/api/session", b"");
        assert_eq!(answer.status, 200, "{}", answer.text());
        answer.json()["session"].as_str().unwrap().to_owned()
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Sends `method path` to `host` with the given header lines (each ending in CRLF) and `body`.
pub fn request(host: &str, method: &str, path: &str, headers: &str, body: &[u8]) -> Answer {
    let mut stream = TcpStream::connect(host)
        .unwrap_or_else(|e| panic!("the server at {host} takes no connection: {e}"));
    stream.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    // The server may answer (and close) before taking a refused body.
    let _ = stream.write_all(body);
    read_answer(&mut stream)
}

/// An HTTP answer.
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.text()))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        let found = self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name));
        found.map(|(_, v)| v.as_str())
    }

    /// The JSON error's one line (asserting the status).
    pub fn error(&self, status: u16) -> String {
        assert_eq!(self.status, status, "{}", self.text());
        let message = self.json()["error"].as_str().unwrap().to_owned();
        assert!(!message.contains('\n'), "{message}");
        message
    }
}

/// Reads status line, headers and a Content-Length body (or all that follows).
pub fn read_answer(stream: &mut impl Read) -> Answer {
    let mut reader = BufReader::new(stream);
    let mut status_line = String::new();
    reader.read_line(&mut status_line).unwrap();
    let status = status_line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap() == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_owned(), value.trim().to_owned()));
        }
    }
    let length = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("Content-Length"))
        .and_then(|(_, v)| v.parse::<usize>().ok());
    let mut body = Vec::new();
    match length {
        Some(n) => {
            body.resize(n, 0);
            reader.read_exact(&mut body).unwrap();
        }
        None => {
            reader.read_to_end(&mut body).unwrap();
        }
    }
    Answer { status, headers, body }
}

/// A test photo that ships with the tests.
pub fn test_photo(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/photos").join(name)
}
