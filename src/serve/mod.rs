//! `smpsim serve`: the consultation as a local web page, served by the library itself.
//!
//! # What it is
//! A small blocking HTTP/1.1 server of its own (`src/serve/connection.rs`: one request per
//! connection, every size and wait bounded) with the page's HTML, CSS and script embedded in
//! the binary. Every endpoint calls the same library functions as the command line
//! ([`decode_photo`](crate::decode_photo), [`fit_head`](crate::head::fit_head),
//! [`build_plan`](crate::build_plan), [`Preview`](crate::Preview),
//! [`Stencil`](crate::Stencil)), so a preview or stencil from the page is byte-identical to
//! the command line's for the same preset, seed and scene.
//!
//! # Privacy and safety
//! - It listens on the loopback address unless told otherwise, and refuses any request whose
//!   `Host` is not the server's own address (DNS rebinding) or whose `Origin` or
//!   `Sec-Fetch-Site` says it came from another site.
//! - Photos are kept in memory only, never written to disk; no request path names a file.
//! - Uploads are limited in bytes while they stream in and in megapixels before decoding; a
//!   damaged file, a decompression bomb or a non-image is refused with a one-line JSON error.
//! - A panic inside a request is caught and answered as an error; the server keeps serving.
//!
//! # Endpoints
//! The page (`/`) is the only client the server is built for; the table at the top of
//! `src/serve/routes.rs` lists its JSON and image endpoints.

mod align;
mod assets;
mod connection;
mod exports;
mod guard;
mod http;
mod landmarks;
mod mask;
mod photo;
mod preview;
mod request;
mod routes;
mod sessions;

use std::net::{SocketAddr, TcpListener};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex, PoisonError};

use guard::HostGuard;
use sessions::Sessions;

/// Options of [`Server::bind`].
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// The address to listen on. Default `127.0.0.1:8710` (loopback: nothing off this machine
    /// can connect).
    pub address: SocketAddr,
    /// Requests served at once, on either loopback address (each on its own thread; renders
    /// use the rayon pool). Default 4.
    pub workers: usize,
    /// Largest photo upload, bytes, counted while it streams in. Default 64 MiB.
    pub max_upload_bytes: u64,
    /// Largest photo, pixels, checked from the header before decoding. Default
    /// [`DEFAULT_MAX_PIXELS`](crate::head::DEFAULT_MAX_PIXELS).
    pub max_pixels: u64,
    /// Consultations kept in memory at once; the least recently used is dropped. Default 8.
    pub max_sessions: usize,
}

/// The port `smpsim serve` listens on unless told otherwise.
pub const DEFAULT_PORT: u16 = 8710;

impl Default for ServeOptions {
    fn default() -> Self {
        Self {
            address: SocketAddr::from(([127, 0, 0, 1], DEFAULT_PORT)),
            workers: 4,
            max_upload_bytes: 64 << 20,
            max_pixels: crate::head::DEFAULT_MAX_PIXELS,
            max_sessions: 8,
        }
    }
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ServeError {
    /// The address could not be listened on (in use, not this machine's, no permission).
    #[error("cannot listen on {address}: {detail}")]
    Bind {
        /// The address asked for.
        address: SocketAddr,
        /// What the system said.
        detail: String,
    },
    /// An option is out of range.
    #[error("{field} = {value}: {allowed}")]
    Option {
        /// The option's name.
        field: &'static str,
        /// The value given.
        value: String,
        /// What is allowed.
        allowed: &'static str,
    },
}

/// A bound, not yet serving, consultation server.
pub struct Server {
    listener: TcpListener,
    /// On `127.0.0.1`, the same port on `::1` too, where the machine has IPv6: browsers may
    /// resolve `localhost` to either.
    loopback_v6: Option<TcpListener>,
    address: SocketAddr,
    options: ServeOptions,
    model: crate::HeadModel,
}

impl Server {
    /// Listens on `options.address` (port 0 picks a free port; see [`Server::address`]).
    ///
    /// # Errors
    /// The address cannot be listened on, or an option is out of range.
    pub fn bind(options: ServeOptions) -> Result<Self, ServeError> {
        if !(1..=64).contains(&options.workers) {
            return Err(ServeError::Option {
                field: "workers",
                value: options.workers.to_string(),
                allowed: "allowed 1–64",
            });
        }
        if options.max_sessions == 0 {
            return Err(ServeError::Option {
                field: "max_sessions",
                value: "0".into(),
                allowed: "at least 1",
            });
        }
        let bind_error = |detail: String| ServeError::Bind { address: options.address, detail };
        let listener = TcpListener::bind(options.address).map_err(|e| bind_error(e.to_string()))?;
        let address = listener.local_addr().map_err(|e| bind_error(e.to_string()))?;
        let model =
            crate::HeadModel::new(crate::HeadSize::default()).map_err(|e| ServeError::Option {
                field: "head size",
                value: e.to_string(),
                allowed: "the default head's",
            })?;
        let loopback_v6 = (address.ip() == std::net::Ipv4Addr::LOCALHOST)
            .then(|| TcpListener::bind((std::net::Ipv6Addr::LOCALHOST, address.port())).ok())
            .flatten();
        Ok(Self { listener, loopback_v6, address, options, model })
    }

    /// The address it listens on (with the port chosen when port 0 was asked for).
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The page's address, e.g. `http://127.0.0.1:8710/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.address)
    }

    /// Serves requests until the process ends; blocks the calling thread.
    pub fn run(self) {
        // The scanned head takes ~80 ms to load: ready it before the first preview asks.
        std::thread::spawn(|| crate::render::ScanScene::shared().prepare());
        let app = Arc::new(routes::App {
            guard: HostGuard::new(self.address),
            sessions: Sessions::new(self.options.max_sessions),
            options: self.options.clone(),
            model: self.model,
        });
        let (sender, requests) = channel();
        for listener in std::iter::once(self.listener).chain(self.loopback_v6) {
            let sender = sender.clone();
            std::thread::spawn(move || connection::accept_forever(&listener, &sender));
        }
        drop(sender);
        let requests = Arc::new(Mutex::new(requests));
        let workers: Vec<_> = (1..self.options.workers)
            .map(|_| {
                let (requests, app) = (Arc::clone(&requests), Arc::clone(&app));
                std::thread::spawn(move || serve_forever(&requests, &app))
            })
            .collect();
        serve_forever(&requests, &app);
        for worker in workers {
            let _ = worker.join();
        }
    }
}

/// One worker: takes the next request, answers it, and goes on whatever happened.
fn serve_forever(requests: &Mutex<Receiver<connection::Request>>, app: &routes::App) {
    loop {
        // The lock is held only while waiting: one worker waits, the others answer.
        let next = requests.lock().unwrap_or_else(PoisonError::into_inner).recv();
        let Ok(mut request) = next else { return };
        let reply = routes::answer(app, &mut request);
        request.respond(reply);
    }
}
