//! Many quick changes do not queue up renders: a preview overtaken by a newer one for the same
//! consultation is dropped (409), the newest is drawn, and the server keeps answering.

use std::thread;

use super::Served;

#[test]
fn a_burst_of_previews_is_answered_and_stale_ones_are_dropped() {
    let served = Served::start(&[]);
    let session = served.session();
    let path = format!("/api/preview?session={session}");
    let answers: Vec<u16> = thread::scope(|scope| {
        let handles: Vec<_> =
            ["fresh", "healed", "aged", "fresh", "healed", "aged", "fresh", "healed"]
                .iter()
                .enumerate()
                .map(|(i, look)| {
                    let (served, path) = (&served, &path);
                    scope.spawn(move || {
                    let body = format!(
                        r#"{{"preset":"norwood-6","look":"{look}","width_px":{},"height_px":300}}"#,
                        400 + i
                    );
                    served.send("POST", path, body.as_bytes()).status
                })
                })
                .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(answers.iter().all(|&s| s == 200 || s == 409), "{answers:?}");
    assert!(answers.contains(&200), "nothing was drawn: {answers:?}");
    assert!(answers.contains(&409), "no stale preview was dropped: {answers:?}");
    // After the burst, a single preview is drawn at once.
    let last = served.send(
        "POST",
        &path,
        br#"{"preset":"norwood-6","look":"healed","width_px":400,"height_px":300}"#,
    );
    assert_eq!(last.status, 200, "{}", last.text());
    assert!(last.body.starts_with(b"\x89PNG"));
    if let Some(peak) = served.peak_memory_mib() {
        eprintln!("burst of 8 previews: {answers:?}; server peak memory {peak} MiB");
        // The scan's textures and one consultation's plan and render, not eight renders.
        assert!(peak < 1024, "peak memory {peak} MiB");
    }
}
