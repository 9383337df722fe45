//! `smpsim serve`: starts the local consultation page and prints its address.

use std::io::Write;
use std::net::SocketAddr;
use std::process::{Command, Stdio};

use anyhow::Result;
use smpsim::serve::{ServeOptions, Server};

use crate::args::ServeArgs;

/// Runs `smpsim serve` until the process is stopped.
pub fn run(args: &ServeArgs) -> Result<()> {
    let options = ServeOptions {
        address: SocketAddr::new(args.bind, args.port),
        max_pixels: u64::from(args.max_megapixels) * 1_000_000,
        ..ServeOptions::default()
    };
    let server = Server::bind(options).map_err(|e| anyhow::anyhow!("--bind/--port: {e}"))?;
    if !args.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}: other machines on the network can reach the page and the \
             client's photos; use the default (127.0.0.1) unless you mean it",
            server.address()
        );
    }
    let url = server.url();
    // The address on stdout, alone on its line, so scripts and tests can read it.
    let mut out = std::io::stdout().lock();
    writeln!(out, "{url}")?;
    out.flush()?;
    drop(out);
    eprintln!(
        "smpsim serve: open {url} in a browser; Ctrl-C stops it (photos are kept in memory only)"
    );
    if args.open {
        open_browser(&url);
    }
    server.run();
    Ok(())
}

/// Asks the desktop to open `url`; a failure is only reported (the address is printed).
fn open_browser(url: &str) {
    let (program, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    let spawned = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    if let Err(e) = spawned {
        eprintln!("warning: --open: cannot start {program}: {e}; open {url} yourself");
    }
}
