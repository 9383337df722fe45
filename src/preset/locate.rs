//! Finds the line and column of a JSON path (`zones[1].total.feather_mm`) in the preset text, so
//! range errors found after parsing still point at the right spot in the file.
//!
//! A small scanner rather than a second parser: the text already parsed, so it only needs to
//! track keys, indices and positions.

/// 1-based (line, column) of the value at `path` in `text`, if found.
pub fn position_of(text: &str, path: &str) -> Option<(usize, usize)> {
    let mut s = Scanner { bytes: text.as_bytes(), pos: 0, target: path, found: None };
    s.value(&mut String::new());
    s.found.map(|offset| line_column(text, offset))
}

/// 1-based (line, column) of a byte offset (column counted in characters).
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
    target: &'a str,
    found: Option<usize>,
}

impl Scanner<'_> {
    fn skip_ws(&mut self) {
        while self.pos < self.bytes.len() && self.bytes[self.pos].is_ascii_whitespace() {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Scans one value whose path is `path`; stops early once the target is found.
    fn value(&mut self, path: &mut String) {
        self.skip_ws();
        if self.found.is_some() {
            return;
        }
        if path == self.target {
            self.found = Some(self.pos);
            return;
        }
        match self.peek() {
            Some(b'{') => self.object(path),
            Some(b'[') => self.array(path),
            Some(b'"') => {
                self.string();
            }
            Some(_) => {
                while let Some(c) = self.peek() {
                    if c == b',' || c == b'}' || c == b']' || c.is_ascii_whitespace() {
                        break;
                    }
                    self.pos += 1;
                }
            }
            None => {}
        }
    }

    fn string(&mut self) -> String {
        self.pos += 1;
        let start = self.pos;
        while let Some(c) = self.peek() {
            match c {
                b'\\' => self.pos += 2,
                b'"' => break,
                _ => self.pos += 1,
            }
        }
        let s = String::from_utf8_lossy(&self.bytes[start..self.pos.min(self.bytes.len())])
            .into_owned();
        self.pos += 1;
        s
    }

    fn object(&mut self, path: &mut String) {
        self.pos += 1;
        loop {
            self.skip_ws();
            match self.peek() {
                Some(b'"') => {
                    let key = self.string();
                    self.skip_ws();
                    if self.peek() == Some(b':') {
                        self.pos += 1;
                    }
                    let len = path.len();
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(&key);
                    self.value(path);
                    path.truncate(len);
                    if self.found.is_some() {
                        return;
                    }
                }
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return;
                }
                _ => return,
            }
        }
    }

    fn array(&mut self, path: &mut String) {
        self.pos += 1;
        let mut index = 0;
        loop {
            self.skip_ws();
            match self.peek() {
                Some(b']') => {
                    self.pos += 1;
                    return;
                }
                Some(b',') => {
                    self.pos += 1;
                    index += 1;
                }
                Some(_) => {
                    let len = path.len();
                    path.push_str(&format!("[{index}]"));
                    let before = self.pos;
                    self.value(path);
                    path.truncate(len);
                    if self.found.is_some() || self.pos == before {
                        return;
                    }
                }
                None => return,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_keys_and_array_items() {
        let text = "{\n  \"name\": \"x\",\n  \"zones\": [\n    {\"a\": 1},\n    {\"total\": {\"feather_mm\": -3}}\n  ]\n}";
        assert_eq!(position_of(text, "name"), Some((2, 11)));
        assert_eq!(position_of(text, "zones[1].total.feather_mm"), Some((5, 30)));
        assert_eq!(position_of(text, "zones[0].a"), Some((4, 11)));
        assert_eq!(position_of(text, "zones[2]"), None);
    }
}
