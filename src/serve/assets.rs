//! The page's files, embedded in the binary: the page works offline and no request path ever
//! reaches the file system.

/// The embedded file served at `path`, with its content type.
pub fn asset(path: &str) -> Option<(&'static str, &'static [u8])> {
    Some(match path {
        "/" | "/index.html" => ("text/html; charset=utf-8", include_bytes!("assets/index.html")),
        "/app.css" => ("text/css; charset=utf-8", include_bytes!("assets/app.css")),
        "/app.js" => ("text/javascript; charset=utf-8", include_bytes!("assets/app.js")),
        "/handles.js" => ("text/javascript; charset=utf-8", include_bytes!("assets/handles.js")),
        "/design.js" => ("text/javascript; charset=utf-8", include_bytes!("assets/design.js")),
        "/mask.js" => ("text/javascript; charset=utf-8", include_bytes!("assets/mask.js")),
        "/landmarks.js" => {
            ("text/javascript; charset=utf-8", include_bytes!("assets/landmarks.js"))
        }
        _ => return None,
    })
}
