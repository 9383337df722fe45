//! The server's live path, as the page drives it: an HTTP preview request over loopback →
//! cached Norwood VI plan → render → PNG → answer, at 1600×1200 (the issue's target: 150 ms on
//! 2 cores). Over a photo (front-02 from the tests, stretched to 1600×1200) and over the
//! built-in head; a look change (plan cached) and a seed change (plan sampled afresh).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use image::imageops::FilterType;
use smpsim::serve::{ServeOptions, Server};

/// Starts a server on a free loopback port, serving on its own threads.
fn start() -> SocketAddr {
    let options =
        ServeOptions { address: SocketAddr::from(([127, 0, 0, 1], 0)), ..ServeOptions::default() };
    let server = Server::bind(options).expect("binds a free port");
    let address = server.address();
    std::thread::spawn(move || server.run());
    address
}

/// Sends one request and returns the status and body (the server answers with Content-Length).
fn send(address: SocketAddr, method: &str, path: &str, body: &[u8]) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(address).unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body).unwrap();
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    let status = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    let mut length = 0;
    loop {
        line.clear();
        reader.read_line(&mut line).unwrap();
        if line.trim().is_empty() {
            break;
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            length = v.trim().parse().unwrap();
        }
    }
    let mut answer = vec![0; length];
    reader.read_exact(&mut answer).unwrap();
    (status, answer)
}

fn session(address: SocketAddr) -> String {
    let (_, body) = send(address, "POST", "/api/session", b"");
    let json: serde_json::Value = serde_json::from_slice(&body).unwrap();
    json["session"].as_str().unwrap().to_owned()
}

/// The test photo front-02 stretched to 1600×1200, as PNG.
fn photo_1600x1200() -> Vec<u8> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/photos/front-02.jpg");
    let small = image::open(path).unwrap().into_rgb8();
    let big = image::imageops::resize(&small, 1600, 1200, FilterType::Triangle);
    let mut png = std::io::Cursor::new(Vec::new());
    big.write_to(&mut png, image::ImageFormat::Png).unwrap();
    png.into_inner()
}

fn bench_live_preview(c: &mut Criterion) {
    let address = start();
    let on_photo = session(address);
    let (status, _) = send(
        address,
        "POST",
        &format!("/api/photo?session={on_photo}&view=front"),
        &photo_1600x1200(),
    );
    assert_eq!(status, 200);
    let on_head = session(address);
    let mut group = c.benchmark_group("serve_preview_1600x1200");
    group.sample_size(20);
    for (background, id) in [("photo", &on_photo), ("default-head", &on_head)] {
        let path = format!("/api/preview?session={id}");
        let mut flip = false;
        group.bench_function(BenchmarkId::new("look-change", background), |b| {
            b.iter(|| {
                flip = !flip;
                let look = if flip { "fresh" } else { "healed" };
                let body = format!(
                    r#"{{"preset":"norwood-6","look":"{look}","width_px":1600,"height_px":1200}}"#
                );
                let (status, png) = send(address, "POST", &path, body.as_bytes());
                assert_eq!(status, 200, "{}", String::from_utf8_lossy(&png));
                png.len()
            })
        });
    }
    let path = format!("/api/preview?session={on_photo}");
    let mut seed = 0u64;
    group.bench_function(BenchmarkId::new("seed-change", "photo"), |b| {
        b.iter(|| {
            seed += 1;
            let body = format!(r#"{{"preset":"norwood-6","seed":{seed}}}"#);
            let (status, png) = send(address, "POST", &path, body.as_bytes());
            assert_eq!(status, 200);
            png.len()
        })
    });
    group.finish();
}

criterion_group!(benches, bench_live_preview);
criterion_main!(benches);
