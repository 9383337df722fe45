//! The scalp mask painted on the page: a PNG the photo's size (white = scalp), read within the
//! same limits as `smpsim preview --mask`, or the same pixels as a scene file's mask runs (what
//! the page sends: a 4000×3000 photo's fitted mask is 36 kB of runs, taken here with the
//! photo's look measured on it in 64–118 ms, against 0.5–0.7 s for the same mask as PNG, which
//! the browser must also encode first; measured on this 2-core machine under load); it replaces the
//! fitted (or reopened) mask in every view until the page goes back to the fitted area,
//! another photo or another scene.

use std::sync::Arc;

use super::http::Failure;
use super::photo::{PhotoState, Scalp};
use super::request::parse_body;
use super::sessions::Session;
use crate::head::{PhotoError, ScalpMask, SceneMask};
use crate::{PhotoOptions, decode_photo};

/// What every refusal ends with: what a mask is.
const ALLOWED: &str = "a mask is a PNG the size of the photo, white = scalp, or a scene file's \
                       mask ({\"size_px\": [W, H], \"runs\": \"ROW FIRST END, …\"})";

/// Reads the PNG `bytes` as the session's painted scalp mask and keeps it; answers the number
/// of scalp pixels. The photo's pixel count bounds the decode (a larger image is refused from
/// its header, before any pixel buffer is allocated), and the size must equal the photo's.
pub fn paint(session: &Session, bytes: &[u8]) -> Result<usize, Failure> {
    let photo = session.state().photo.clone().ok_or_else(|| Failure {
        status: 409,
        message: "mask: is painted over a photo; upload one first".into(),
    })?;
    let (width, height) = photo.image.dimensions();
    if bytes.trim_ascii_start().starts_with(b"{") {
        let runs: SceneMask = parse_body(bytes, "mask")?;
        let mask = ScalpMask::from_scene_mask(&runs, [width, height])
            .map_err(|e| Failure::bad(format!("mask: {e}")))?;
        return keep(session, &photo, mask);
    }
    if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        let found = if bytes.is_empty() { "empty (0 bytes)" } else { "not a PNG image" };
        return Err(Failure::bad(format!("mask: the body is {found}; {ALLOWED}")));
    }
    let options = PhotoOptions { max_pixels: u64::from(width) * u64::from(height) };
    let image = decode_photo(bytes, &options).map_err(|e| match e {
        PhotoError::TooLarge { width_px, height_px, .. } => Failure {
            status: 413,
            message: format!(
                "mask: the image is {width_px}×{height_px} px; it must be the photo's size, \
                 {width}×{height} px ({ALLOWED})"
            ),
        },
        other => Failure::bad(format!(
            "mask: {}; {ALLOWED}",
            other.to_string().replacen("the photo", "the image", 1)
        )),
    })?;
    let mask = ScalpMask::from_image(&image, [width, height])
        .map_err(|e| Failure::bad(format!("mask: {e}")))?;
    keep(session, &photo, mask)
}

/// Measures the photo's look on `mask` and keeps it as the session's painted mask, unless
/// another photo arrived meanwhile; answers the number of scalp pixels.
fn keep(session: &Session, photo: &Arc<PhotoState>, mask: ScalpMask) -> Result<usize, Failure> {
    let scalp_px = mask.scalp_px();
    let scalp = Arc::new(Scalp::measured(&photo.image, mask));
    let mut state = session.state();
    // A photo uploaded meanwhile has its own fit: the mask was painted on the one before.
    if !state.photo.as_ref().is_some_and(|p| Arc::ptr_eq(p, photo)) {
        return Err(Failure {
            status: 409,
            message: "mask: the photo changed while the mask was read; paint it again".into(),
        });
    }
    state.painted = Some(scalp);
    Ok(scalp_px)
}
