//! Answers and request bodies: the few HTTP shapes the endpoints need.

use std::io::Read;

/// An answer to one request.
#[derive(Debug)]
pub struct Reply {
    /// HTTP status code.
    pub status: u16,
    /// `Content-Type`.
    pub content_type: &'static str,
    /// The body.
    pub body: Vec<u8>,
    /// Further headers, name and value.
    pub headers: Vec<(&'static str, String)>,
}

impl Reply {
    /// A 200 answer with `body` of `content_type`.
    pub fn ok(content_type: &'static str, body: Vec<u8>) -> Self {
        Self { status: 200, content_type, body, headers: Vec::new() }
    }

    /// A JSON answer.
    pub fn json(value: &serde_json::Value) -> Self {
        Self::ok("application/json", value.to_string().into_bytes())
    }

    /// An error: `{"error": message}` with `status`.
    pub fn error(status: u16, message: impl Into<String>) -> Self {
        let body = serde_json::json!({ "error": message.into() }).to_string().into_bytes();
        Self { status, content_type: "application/json", body, headers: Vec::new() }
    }

    /// Adds a header.
    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }
}

/// A failed request: its status and one line for the page.
#[derive(Debug)]
pub struct Failure {
    /// HTTP status code.
    pub status: u16,
    /// What went wrong, naming the field and value and what is allowed.
    pub message: String,
}

impl Failure {
    /// A 400: the request's own values are wrong.
    pub fn bad(message: impl Into<String>) -> Self {
        Self { status: 400, message: message.into() }
    }
}

impl From<Failure> for Reply {
    fn from(failure: Failure) -> Self {
        Reply::error(failure.status, failure.message)
    }
}

/// Reads a body of at most `max_bytes`, stopping as soon as it is over (a declared
/// `Content-Length` over the limit is refused before reading anything); `what` names the body.
pub fn read_body(
    reader: &mut dyn Read,
    declared: Option<u64>,
    max_bytes: u64,
    what: &str,
) -> Result<Vec<u8>, Failure> {
    let too_large = |bytes: String| Failure {
        status: 413,
        message: format!("{what}: {bytes} bytes is more than the limit of {max_bytes} bytes"),
    };
    if let Some(length) = declared.filter(|&n| n > max_bytes) {
        return Err(too_large(length.to_string()));
    }
    let mut body = Vec::with_capacity(declared.unwrap_or(0).min(1 << 20) as usize);
    reader
        .take(max_bytes + 1)
        .read_to_end(&mut body)
        .map_err(|e| Failure::bad(format!("{what}: the upload broke off: {e}")))?;
    if body.len() as u64 > max_bytes {
        return Err(too_large(format!("more than {max_bytes}")));
    }
    Ok(body)
}

/// The value of `name` in the URL's query (`?a=1&b=2`), undecoded: the values the endpoints
/// take are plain words and numbers.
pub fn query<'a>(url: &'a str, name: &str) -> Option<&'a str> {
    let (_, query) = url.split_once('?')?;
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        (key == name).then_some(value)
    })
}

/// The URL's path, without the query.
pub fn path(url: &str) -> &str {
    url.split_once('?').map_or(url, |(path, _)| path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_over_the_limit_are_refused_declared_or_not() {
        let data = [7u8; 100];
        assert_eq!(read_body(&mut &data[..], Some(100), 100, "photo").unwrap().len(), 100);
        let declared = read_body(&mut &data[..], Some(101), 100, "photo").unwrap_err();
        assert_eq!(declared.status, 413);
        let streamed = read_body(&mut &data[..], None, 99, "photo").unwrap_err();
        assert_eq!(streamed.status, 413);
        assert!(streamed.message.starts_with("photo: more than 99 bytes"), "{}", streamed.message);
    }

    #[test]
    fn query_values_are_found_by_name() {
        let url = "/api/photo?session=ab12&view=top";
        assert_eq!(path(url), "/api/photo");
        assert_eq!(query(url, "view"), Some("top"));
        assert_eq!(query(url, "session"), Some("ab12"));
        assert_eq!(query(url, "seed"), None);
        assert_eq!(query("/api/x", "view"), None);
    }
}
