//! The server answers only its own page, takes uploads only within their limits, and keeps
//! serving after every refused or damaged input.

use image::{DynamicImage, ImageFormat, Rgb, RgbImage};

use super::{Served, test_photo};
use crate::common::encode_photo;

fn still_serving(served: &Served) {
    let answer = served.send("GET", "/api/presets", b"");
    assert_eq!(answer.status, 200, "the server stopped answering: {}", answer.text());
}

#[test]
fn only_the_servers_own_host_and_origin_are_answered() {
    let served = Served::start(&[]);
    let port = served.host.rsplit(':').next().unwrap().to_owned();
    let page = served.send("GET", "/", b"");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Scalp micropigmentation preview"));
    let csp = page.header("Content-Security-Policy").unwrap();
    assert!(csp.contains("default-src 'self'"), "{csp}");
    // DNS rebinding: the browser sends the attacker's name as Host.
    let rebound = served.raw("GET", "/api/presets", &format!("Host: evil.example:{port}\r\n"), b"");
    assert!(rebound.error(403).contains("evil.example"));
    // Another page in the same browser: a foreign Origin, or Sec-Fetch-Site cross-site.
    let own_host = format!("Host: {}\r\n", served.host);
    let foreign = format!("{own_host}Origin: http://evil.example\r\n");
    assert!(served.raw("POST", "/api/session", &foreign, b"").error(403).contains("evil.example"));
    let cross = format!("{own_host}Sec-Fetch-Site: cross-site\r\n");
    served.raw("POST", "/api/session", &cross, b"").error(403);
    // No Host at all (HTTP/1.0 allows it).
    let mut stream = std::net::TcpStream::connect(&served.host).unwrap();
    std::io::Write::write_all(&mut stream, b"GET /api/presets HTTP/1.0\r\n\r\n").unwrap();
    assert_eq!(super::read_answer(&mut stream).status, 403);
    // The page's own requests pass, by either loopback name.
    let own = format!("Host: localhost:{port}\r\nOrigin: http://localhost:{port}\r\n");
    assert_eq!(served.raw("POST", "/api/session", &own, b"").status, 200);
    let same = format!("{own_host}Sec-Fetch-Site: same-origin\r\n");
    assert_eq!(served.raw("GET", "/app.js", &same, b"").status, 200);
    // The same port on the IPv6 loopback, where the machine has one.
    let v6 = format!("[::1]:{port}");
    if std::net::TcpStream::connect(&v6).is_ok() {
        let answer = super::request(&v6, "GET", "/api/presets", &format!("Host: {v6}\r\n"), b"");
        assert_eq!(answer.status, 200, "{}", answer.text());
    }
}

#[test]
fn no_request_path_reaches_the_file_system() {
    let served = Served::start(&[]);
    for path in ["/../Cargo.toml", "/%2e%2e/Cargo.toml", "/src/serve/assets/app.js", "/etc/passwd"]
    {
        served.send("GET", path, b"").error(404);
    }
    served.send("DELETE", "/api/presets", b"").error(405);
}

#[test]
fn damaged_huge_and_foreign_uploads_are_refused_and_the_server_goes_on() {
    let served = Served::start(&["--max-megapixels", "1"]);
    let session = served.session();
    let upload =
        |bytes: &[u8]| served.send("POST", &format!("/api/photo?session={session}"), bytes);
    let jpeg = std::fs::read(test_photo("front-02.jpg")).unwrap();
    let truncated = upload(&jpeg[..jpeg.len() / 2]).error(400);
    assert!(truncated.contains("damaged or truncated"), "{truncated}");
    still_serving(&served);
    let text = upload(b"this is not an image").error(400);
    assert!(text.contains("not a JPEG, PNG or WebP"), "{text}");
    upload(b"").error(400);
    // A decompression bomb: a valid header claiming 60000×60000 px, refused before decoding.
    let bomb = upload(&crate::hostile_photos::png_claiming(60_000, 60_000)).error(413);
    assert!(bomb.contains("60000×60000") && bomb.contains("limit of 1 MP"), "{bomb}");
    // A genuine photo over the megapixel limit.
    let big = DynamicImage::ImageRgb8(RgbImage::from_pixel(1300, 1000, Rgb([200, 160, 140])));
    let over = upload(&encode_photo(&big, ImageFormat::Png)).error(413);
    assert!(over.contains("1300×1000"), "{over}");
    still_serving(&served);
    // Bytes: a declared length over the limit is refused before a byte of it is read.
    let head = format!("Host: {}\r\n", served.host);
    let mut stream = std::net::TcpStream::connect(&served.host).unwrap();
    let request = format!(
        "POST /api/photo?session={session} HTTP/1.1\r\n{head}Content-Length: 100000000000\r\n\r\n"
    );
    std::io::Write::write_all(&mut stream, request.as_bytes()).unwrap();
    let refused = super::read_answer(&mut stream).error(413);
    assert!(refused.contains("bytes is more than the limit"), "{refused}");
    drop(stream);
    // The photo that fits is still taken.
    let fit = upload(&jpeg);
    assert_eq!(fit.status, 200, "{}", fit.text());
    assert_eq!(fit.json()["width_px"], 256);
    still_serving(&served);
}

#[test]
fn a_declared_length_no_machine_could_hold_is_refused_and_the_server_goes_on() {
    let served = Served::start(&[]);
    let session = served.session();
    let own_host = format!("Host: {}\r\n", served.host);
    let port = served.host.rsplit(':').next().unwrap();
    // 100 GB (more than this machine's memory and swap), 2^64 − 1 (more than any allocation),
    // and a request refused for its Host before its body could matter. None of these bytes
    // come: the client sends the head, reads the answer and closes.
    let cases = [
        (format!("/api/photo?session={session}"), own_host.clone(), 100_000_000_000_u64, 413),
        (format!("/api/photo?session={session}"), own_host.clone(), u64::MAX, 413),
        ("/api/scene.json".to_owned(), format!("Host: evil.example:{port}\r\n"), 1 << 40, 403),
    ];
    for (path, headers, length, status) in cases {
        let mut stream = std::net::TcpStream::connect(&served.host).unwrap();
        let head = format!("POST {path} HTTP/1.1\r\n{headers}Content-Length: {length}\r\n\r\n");
        std::io::Write::write_all(&mut stream, head.as_bytes()).unwrap();
        stream.shutdown(std::net::Shutdown::Write).unwrap();
        super::read_answer(&mut stream).error(status);
        // Wait until the server is done with this connection, so that whatever it does after
        // answering has happened before the next request.
        let mut rest = Vec::new();
        let _ = std::io::Read::read_to_end(&mut stream, &mut rest);
        still_serving(&served);
    }
}

#[test]
fn bad_requests_get_one_line_naming_the_field_and_what_is_allowed() {
    let served = Served::start(&[]);
    let session = served.session();
    let preview = |body: &str| {
        served.send("POST", &format!("/api/preview?session={session}"), body.as_bytes())
    };
    let cases = [
        (r#"{"preset":"norwood-6","look":"glossy"}"#, "look"),
        (r#"{"preset":"norwood-6","colour":1}"#, "unknown field `colour`"),
        (r#"{"preset":"norwood-99"}"#, "built-ins: "),
        (r#"{"preset":"norwood-6","skin":"VII"}"#, "allowed I, II, III, IV, V, VI"),
        (r#"{"preset":"norwood-6","width_px":9000}"#, "width_px: 9000: allowed 64–4000"),
        (r#"{"preset":"norwood-6","years":99}"#, "years: 99"),
        (r#"{"preset":"norwood-6","session":7}"#, "session: 7"),
        (r#"{"preset_json":"{\"name\": 3}"}"#, "name"),
        ("{", "preview"),
        (
            r#"{"preset":"norwood-6","pose":{"yaw_deg":0,"pitch_deg":0,"roll_deg":0}}"#,
            "the built-in head has no photo",
        ),
    ];
    for (body, expected) in cases {
        let message = preview(body).error(400);
        assert!(message.contains(expected), "{body}: {message}");
    }
    served.send("POST", "/api/preview?session=0000", b"{}").error(404);
    served.send("POST", "/api/preview", b"{}").error(400);
    let stencil = served.send(
        "POST",
        &format!("/api/stencil?session={session}"),
        br#"{"preset":"norwood-6","dpi":5000}"#,
    );
    assert!(stencil.error(400).contains("dpi: 5000: allowed 72–1200"));
    // The hairline and scene endpoints: before a photo, and with bad values after one.
    let hairline = |body: &str| {
        served.send("POST", &format!("/api/hairline?session={session}"), body.as_bytes())
    };
    assert!(hairline(r#"{"preset":"norwood-3"}"#).error(409).contains("upload one first"));
    let scene = |body: &[u8]| served.send("POST", &format!("/api/scene?session={session}"), body);
    assert!(scene(b"{}").error(409).contains("upload the photo"));
    let traced = r#"{"preset":"norwood-6","hairline_px":[[1,2],[3,4],[5,6]]}"#;
    assert!(preview(traced).error(400).contains("the built-in head has no photo"));
    let photo = std::fs::read(test_photo("front-02.jpg")).unwrap();
    let fit = served.send("POST", &format!("/api/photo?session={session}"), &photo);
    assert_eq!(fit.status, 200, "{}", fit.text());
    let cases = [
        (r#"{"preset":"norwood-3","point_count":100}"#, "point_count: 100: allowed 3–40"),
        (r#"{"preset":"crown-only"}"#, "has no hairline to trace"),
        (r#"{"hairline_px":[[1,2]]}"#, "hairline_px: 1 points; a traced hairline has 3–200"),
        (r#"{"hairline_px":[[1,2],[3,4],[5,6]],"mirror":true}"#, "unknown field `mirror`"),
    ];
    for (body, expected) in cases {
        let message = hairline(body).error(400);
        assert!(message.contains(expected), "{body}: {message}");
    }
    assert!(scene(&[0xff, 0xfe, 0x00]).error(400).contains("not UTF-8"));
    assert!(scene(b"{} trailing").error(400).starts_with("scene: scene file at .:"));
    let wrong_size = br#"{"mask":{"size_px":[640,480],"runs":"1 2 3"}}"#;
    assert!(scene(wrong_size).error(400).contains("640"));
    let head = br#"{"head_mm":{"length_mm":200,"breadth_mm":150,"height_mm":120}}"#;
    assert!(scene(head).error(400).contains("head_mm: 200x150x120"));
    let bad_trace = r#"{"preset":"norwood-6","view":"front","hairline_px":[[1,2],[3,4],[5,6]]}"#;
    assert!(preview(bad_trace).error(400).contains("hairline_px: point 1 (1,2) misses the head"));
    let turned = r#"{"preset":"norwood-6","pose":{"yaw_deg":120,"pitch_deg":0,"roll_deg":0,"scale_px_per_mm":[1,1],"origin_px":[100,100]}}"#;
    assert!(preview(turned).error(400).contains("pose: yaw_deg: 120: allowed −90° to 90°"));
    let outline = served.send("POST", "/api/outline", br#"{"view":"front"}"#).error(400);
    assert!(outline.contains("missing field `pose`"), "{outline}");
    still_serving(&served);
}

#[test]
fn a_painted_mask_of_the_wrong_size_kind_or_dimensions_is_refused_in_one_line() {
    let served = Served::start(&[]);
    let session = served.session();
    let paint = |bytes: &[u8]| served.send("POST", &format!("/api/mask?session={session}"), bytes);
    let white = |w, h| {
        let image = DynamicImage::ImageRgb8(RgbImage::from_pixel(w, h, Rgb([255, 255, 255])));
        encode_photo(&image, ImageFormat::Png)
    };
    // No photo yet: nothing to paint on.
    assert!(paint(&white(256, 256)).error(409).contains("upload one first"));
    let photo = std::fs::read(test_photo("front-02.jpg")).unwrap();
    let fit = served.send("POST", &format!("/api/photo?session={session}"), &photo);
    assert_eq!(fit.status, 200, "{}", fit.text());
    let (w, h) =
        (fit.json()["width_px"].as_u64().unwrap(), fit.json()["height_px"].as_u64().unwrap());
    let (w, h) = (w as u32, h as u32);
    let small = paint(&white(w - 1, h)).error(400);
    assert!(
        small.contains(&format!("{}×{h} px", w - 1)) && small.contains(&format!("{w}×{h}")),
        "{small}"
    );
    let jpeg = paint(&photo).error(400);
    assert!(jpeg.starts_with("mask: the body is not a PNG image; a mask is a PNG"), "{jpeg}");
    assert!(paint(b"").error(400).contains("empty (0 bytes)"));
    // A header claiming more pixels than the photo has is refused before decoding.
    let bomb = paint(&crate::hostile_photos::png_claiming(60_000, 60_000)).error(413);
    assert!(bomb.contains("60000×60000") && bomb.contains(&format!("{w}×{h}")), "{bomb}");
    let cut = white(w, h);
    assert!(paint(&cut[..cut.len() / 2]).error(400).starts_with("mask: "));
    // The same as runs of scalp pixels (what the page sends): checked as a scene file's mask.
    let runs = |size: [u32; 2], runs: &str| {
        serde_json::json!({ "size_px": size, "runs": runs }).to_string().into_bytes()
    };
    let line = paint(&runs([w + 1, h], "0 0 5")).error(400);
    assert!(line.starts_with("mask: ") && line.contains(&format!("{w}×{h}")), "{line}");
    let line = paint(&runs([w, h], "0 0 5, 0 5 9")).error(400);
    assert!(line.starts_with("mask: ") && line.contains("runs[1] is [0, 5, 9]"), "{line}");
    let line = paint(&runs([w, h], &format!("0 0 {}", w + 1))).error(400);
    assert!(line.starts_with("mask: ") && line.contains("runs[0]"), "{line}");
    let line = paint(br#"{"size_px": [1, 1]}"#).error(400);
    assert!(line.starts_with("mask:") && line.contains("runs"), "{line}");
    let taken = paint(&runs([w, h], "0 0 5, 0 7 9, 3 0 1"));
    assert_eq!(taken.status, 200, "{}", taken.text());
    assert_eq!(taken.json()["scalp_px"], 8);
    still_serving(&served);
    // The right size is taken.
    let taken = paint(&white(w, h));
    assert_eq!(taken.status, 200, "{}", taken.text());
    assert_eq!(taken.json()["scalp_px"], u64::from(w) * u64::from(h));
}
