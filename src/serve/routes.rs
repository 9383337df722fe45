//! The endpoints: each checks where the request came from, reads its inputs within their
//! limits, calls the library, and answers; nothing here decides how an image looks.
//!
//! | method | path | body | answer |
//! |---|---|---|---|
//! | GET | `/`, `/app.css`, `/app.js`, `/handles.js`, `/design.js`, `/mask.js`, `/landmarks.js` | | the page |
//! | GET | `/api/presets` | | built-in presets: name, description |
//! | POST | `/api/session` | | `{"session": id}`, a new consultation on the default head |
//! | POST | `/api/photo?session=ID&view=V` | photo bytes | the automatic fit (JSON) |
//! | POST | `/api/default-head?session=ID` | | back to the built-in head |
//! | GET | `/api/fit?session=ID&view=V` | | the fit in another view (JSON) |
//! | GET | `/api/mask.png?session=ID&view=V` | | the scalp mask, white = scalp (the painted one, else a reopened scene's, else the fit's, its line where the last preview in the view put the face); `X-Scalp-Mask` names it |
//! | POST | `/api/mask?session=ID` | PNG, the photo's size | replaces the scalp mask with the one painted: `{"scalp_px": n}` |
//! | DELETE | `/api/mask?session=ID` | | back to the fitted (or reopened scene's) mask |
//! | POST | `/api/scene?session=ID&view=V` | a scene file | reopens it over the photo: view, pose, outline, hairline (JSON) |
//! | POST | `/api/outline` | outline JSON | the head model's outline in a pose (JSON) |
//! | POST | `/api/landmarks?session=ID` | landmarks JSON | the pose solved from them as `--point` does: pose, outline, RMS miss (JSON) |
//! | POST | `/api/hairline?session=ID` | hairline JSON | the preset's hairline placed on the photo, or traced points made symmetric (JSON) |
//! | POST | `/api/preview?session=ID` | preview JSON | PNG, labelled as a simulation; `X-Hairline-Mm` carries a traced hairline on the scalp map, `X-Hairline-Curve-Px` the plan's curve through it on the photo, `X-Scalp-Mask` which mask it used |
//! | POST | `/api/stencil?session=ID` | stencil JSON | PNG or SVG page |
//! | POST | `/api/preset.json` | preset JSON | the preset, every default written |
//! | GET | `/api/scene.json?session=ID` | | the last photo preview's alignment, mask and hairline |

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;

use serde_json::json;

use super::ServeOptions;
use super::align::{MAX_SCENE_BYTES, hairline_points, load_scene, session_scalp};
use super::assets::asset;
use super::connection::Request;
use super::exports;
use super::guard::HostGuard;
use super::http::{Failure, Reply, path, query, read_body};
use super::landmarks::{LandmarksBody, solve as solve_landmarks};
use super::mask::paint;
use super::photo::{PhotoState, ellipse_json, fit_json, mask_png};
use super::preview::render_preview;
use super::request::{
    HairlineBody, MAX_JSON_BYTES, OutlineBody, PresetChoice, PreviewBody, StencilBody, page_pose,
    parse_body,
};
use super::sessions::{Session, Sessions};
use crate::spec::list_builtins;
use crate::{HeadModel, View};

/// The header naming the scalp mask a photo preview used, and the one `/api/mask.png` serves
/// (`painted`, `scene`, `fit`, or `placed` and the pose): the page fetches the mask again when they differ.
const SCALP_MASK_HEADER: &str = "X-Scalp-Mask";

/// What every request is served with.
pub struct App {
    /// Which hosts and origins are this server.
    pub guard: HostGuard,
    /// The consultations in memory.
    pub sessions: Sessions,
    /// Limits.
    pub options: ServeOptions,
    /// The head model (the default head's measurements).
    pub model: HeadModel,
}

/// The answer to one request; a panic while answering becomes a 500, and the worker goes on.
pub fn answer(app: &App, request: &mut Request) -> Reply {
    let reply = match check_origin(app, request) {
        Err(reply) => reply,
        Ok(()) => catch_unwind(AssertUnwindSafe(|| route(app, request))).unwrap_or_else(|_| {
            Reply::error(500, "internal error while answering; the server goes on")
        }),
    };
    reply
        .with_header("Cache-Control", "no-store")
        .with_header("X-Content-Type-Options", "nosniff")
        // Nothing the page loads comes from anywhere but this server.
        .with_header(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' blob: data:; frame-ancestors 'none'",
        )
}

fn check_origin(app: &App, request: &Request) -> Result<(), Reply> {
    let (host, origin) = (request.header("Host"), request.header("Origin"));
    app.guard
        .check(host, origin, request.header("Sec-Fetch-Site"))
        .map_err(|refusal| Reply::error(403, refusal.message()))
}

fn route(app: &App, request: &mut Request) -> Reply {
    let url = request.url().to_owned();
    let method = request.method().to_owned();
    let result = match (method.as_str(), path(&url)) {
        ("GET", "/api/presets") => Ok(presets()),
        ("POST", "/api/session") => {
            let (id, _) = app.sessions.create();
            Ok(Reply::json(&json!({ "session": id })))
        }
        ("POST", "/api/photo") => upload_photo(app, request, &url),
        ("POST", "/api/default-head") => session_of(app, &url).map(|s| {
            let mut state = s.state();
            state.photo = None;
            state.used = None;
            state.scene = None;
            state.painted = None;
            Reply::json(&json!({ "background": "default-head" }))
        }),
        ("GET", "/api/fit") => fit(app, &url),
        ("GET", "/api/mask.png") => mask(app, &url),
        ("POST", "/api/mask") => paint_mask(app, request, &url),
        ("DELETE", "/api/mask") => session_of(app, &url).map(|s| {
            s.state().painted = None;
            Reply::json(&json!({ "painted": false }))
        }),
        ("POST", "/api/preview") => preview(app, request, &url),
        ("POST", "/api/scene") => reopen_scene(app, request, &url),
        ("POST", "/api/outline") => json_body::<OutlineBody>(request, "outline").and_then(|body| {
            let pose = page_pose(&body.pose, body.view.unwrap_or(View::Front))?;
            Ok(Reply::json(&json!({ "model_outline": ellipse_json(&pose.outline(&app.model)) })))
        }),
        ("POST", "/api/landmarks") => session_of(app, &url).and_then(|s| {
            let body: LandmarksBody = json_body(request, "landmarks")?;
            solve_landmarks(&s, &body, &app.model).map(|answer| Reply::json(&answer))
        }),
        ("POST", "/api/hairline") => session_of(app, &url).and_then(|s| {
            let body: HairlineBody = json_body(request, "hairline")?;
            hairline_points(&s, &body, &app.model).map(|answer| Reply::json(&answer))
        }),
        ("POST", "/api/stencil") => stencil(app, request, &url),
        ("POST", "/api/preset.json") => json_body::<PresetChoice>(request, "preset")
            .and_then(|choice| exports::preset_json(&choice, &app.model)),
        ("GET", "/api/scene.json") => session_of(app, &url).and_then(|s| exports::scene_json(&s)),
        ("GET", p) => match asset(p) {
            Some((content_type, body)) => Ok(Reply::ok(content_type, body.to_vec())),
            None => Err(Failure { status: 404, message: format!("{p}: no such page") }),
        },
        (_, p) => Err(Failure { status: 405, message: format!("{method} {p}: not allowed") }),
    };
    result.unwrap_or_else(Reply::from)
}

fn presets() -> Reply {
    let list: Vec<_> = list_builtins()
        .into_iter()
        .map(|p| json!({ "name": p.name, "description": p.description }))
        .collect();
    Reply::json(&json!(list))
}

/// The consultation named by `?session=`.
fn session_of(app: &App, url: &str) -> Result<Arc<Session>, Failure> {
    let id = query(url, "session")
        .ok_or_else(|| Failure::bad("session: missing; POST /api/session gives one"))?;
    app.sessions.get(id).ok_or_else(|| Failure {
        status: 404,
        message: "session: unknown or expired (the server keeps the most recent consultations); reload the page".into(),
    })
}

/// The view named by `?view=` (default front).
fn view_of(url: &str) -> Result<View, Failure> {
    let text = query(url, "view").unwrap_or("front");
    text.parse()
        .map_err(|_| Failure::bad(format!("view: {text:?}: allowed front, top, left, right, back")))
}

fn json_body<T: serde::de::DeserializeOwned>(
    request: &mut Request,
    what: &str,
) -> Result<T, Failure> {
    let declared = request.body_length();
    let bytes = read_body(request.body(), declared, MAX_JSON_BYTES, what)?;
    parse_body(&bytes, what)
}

fn upload_photo(app: &App, request: &mut Request, url: &str) -> Result<Reply, Failure> {
    let session = session_of(app, url)?;
    let view = view_of(url)?;
    let declared = request.body_length();
    let bytes = read_body(request.body(), declared, app.options.max_upload_bytes, "photo")?;
    let photo = Arc::new(PhotoState::decode(&bytes, app.options.max_pixels)?);
    drop(bytes);
    let fit = photo.fit(view, &app.model);
    let answer = fit_json(&photo, &fit, &app.model);
    let mut state = session.state();
    state.photo = Some(photo);
    state.used = None;
    state.scene = None;
    state.painted = None;
    Ok(Reply::json(&answer))
}

fn photo_of(session: &Session) -> Result<Arc<PhotoState>, Failure> {
    session.state().photo.clone().ok_or_else(|| Failure {
        status: 404,
        message: "photo: none uploaded in this consultation (it shows the default head)".into(),
    })
}

fn fit(app: &App, url: &str) -> Result<Reply, Failure> {
    let photo = photo_of(&*session_of(app, url)?)?;
    let fit = photo.fit(view_of(url)?, &app.model);
    Ok(Reply::json(&fit_json(&photo, &fit, &app.model)))
}

fn mask(app: &App, url: &str) -> Result<Reply, Failure> {
    let session = session_of(app, url)?;
    let photo = photo_of(&session)?;
    let view = view_of(url)?;
    // Where the last preview in this view placed the head (the page's tilt or landmarks), else
    // the fit's placement.
    let used = session.state().used.as_ref().map(|u| u.alignment).filter(|a| a.pose.view == view);
    let alignment = used.unwrap_or_else(|| photo.fit(view, &app.model).alignment);
    let (scalp, source) = session_scalp(&session, &photo, view, &alignment, &app.model);
    Ok(Reply::ok("image/png", mask_png(&scalp.mask)?)
        .with_header(SCALP_MASK_HEADER, source.to_string()))
}

fn paint_mask(app: &App, request: &mut Request, url: &str) -> Result<Reply, Failure> {
    let session = session_of(app, url)?;
    let declared = request.body_length();
    let bytes = read_body(request.body(), declared, app.options.max_upload_bytes, "mask")?;
    let scalp_px = paint(&session, &bytes)?;
    Ok(Reply::json(&json!({ "scalp_px": scalp_px })))
}

fn reopen_scene(app: &App, request: &mut Request, url: &str) -> Result<Reply, Failure> {
    let session = session_of(app, url)?;
    let view = view_of(url)?;
    let declared = request.body_length();
    let bytes = read_body(request.body(), declared, MAX_SCENE_BYTES, "scene")?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Failure::bad("scene: is not UTF-8 text; a scene file is JSON"))?;
    load_scene(&session, &text, view, &app.model).map(|answer| Reply::json(&answer))
}

fn preview(app: &App, request: &mut Request, url: &str) -> Result<Reply, Failure> {
    let session = session_of(app, url)?;
    let body: PreviewBody = json_body(request, "preview")?;
    let rendered = render_preview(&session, &body, &app.model)?;
    let mut reply = Reply::ok("image/png", rendered.png);
    if let Some(source) = rendered.scalp_source {
        reply = reply.with_header(SCALP_MASK_HEADER, source.to_string());
    }
    Ok(match (rendered.hairline_mm, rendered.hairline_curve_px) {
        (Some(points), Some(curve)) => {
            reply.with_header("X-Hairline-Mm", points).with_header("X-Hairline-Curve-Px", curve)
        }
        (Some(points), None) => reply.with_header("X-Hairline-Mm", points),
        _ => reply,
    })
}

fn stencil(app: &App, request: &mut Request, url: &str) -> Result<Reply, Failure> {
    let session = session_of(app, url)?;
    let body: StencilBody = json_body(request, "stencil")?;
    exports::stencil(&session, &body, &app.model)
}
