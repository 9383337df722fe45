//! `smpsim serve`: the consultation as a local web page.

use std::net::IpAddr;

use clap::Args;

/// Arguments of `smpsim serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Port to listen on (0: any free port; the address is printed).
    #[arg(long, default_value_t = smpsim::serve::DEFAULT_PORT)]
    pub port: u16,

    /// Address to listen on. The default, 127.0.0.1, lets only this computer in; any other
    /// address lets other machines on the network see the client's photos (a warning is printed).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: IpAddr,

    /// Open the page in the default browser.
    #[arg(long)]
    pub open: bool,

    /// Largest photo accepted, in megapixels (1–1000), checked before decoding.
    #[arg(long, value_name = "MP", default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub max_megapixels: u32,
}
