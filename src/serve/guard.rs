//! Which requests the server answers at all: only those addressed to the server itself
//! (`Host`), sent by its own page or by no page at all (`Origin`, `Sec-Fetch-Site`).
//!
//! A page on another site can make the browser send requests to `127.0.0.1`; and through DNS
//! rebinding (a name that first points at the attacker's server, then at 127.0.0.1) even
//! requests that the browser considers same-origin. The first carries a foreign `Origin`; the
//! second a foreign `Host`. Both are refused.

use std::net::SocketAddr;

/// The `Host` values (and so the `Origin`s) that name this server.
#[derive(Clone, Debug)]
pub struct HostGuard {
    hosts: Vec<String>,
}

/// Why a request was refused before it was looked at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// No `Host` header.
    NoHost,
    /// A `Host` that is not this server.
    ForeignHost(String),
    /// An `Origin` that is not this server.
    ForeignOrigin(String),
    /// The browser says the request came from another site.
    CrossSite(String),
}

impl Refusal {
    /// One line for the JSON error.
    pub fn message(&self) -> String {
        let shown = |s: &str| s.chars().take(100).collect::<String>();
        match self {
            Self::NoHost => "refused: the request has no Host header".into(),
            Self::ForeignHost(h) => format!(
                "refused: Host {:?} is not this server; open the address smpsim serve printed",
                shown(h)
            ),
            Self::ForeignOrigin(o) => {
                format!("refused: a page from {:?} may not use this server", shown(o))
            }
            Self::CrossSite(s) => format!(
                "refused: Sec-Fetch-Site {:?}: requests from other sites are refused",
                shown(s)
            ),
        }
    }
}

impl HostGuard {
    /// The guard of a server listening on `address`: its own address, and for a loopback
    /// address also `localhost` and the other loopback spelling, each with the port.
    pub fn new(address: SocketAddr) -> Self {
        let port = address.port();
        let mut hosts = vec![match address {
            SocketAddr::V4(a) => format!("{}:{port}", a.ip()),
            SocketAddr::V6(a) => format!("[{}]:{port}", a.ip()),
        }];
        if address.ip().is_loopback() {
            for name in ["localhost", "127.0.0.1", "[::1]"] {
                let host = format!("{name}:{port}");
                if !hosts.contains(&host) {
                    hosts.push(host);
                }
            }
        }
        Self { hosts }
    }

    /// Checks a request's `Host`, `Origin` and `Sec-Fetch-Site` headers (`None`: absent).
    pub fn check(
        &self,
        host: Option<&str>,
        origin: Option<&str>,
        fetch_site: Option<&str>,
    ) -> Result<(), Refusal> {
        let host = host.ok_or(Refusal::NoHost)?;
        if !self.is_own(host) {
            return Err(Refusal::ForeignHost(host.to_owned()));
        }
        if let Some(origin) = origin {
            let own = origin.strip_prefix("http://").is_some_and(|rest| self.is_own(rest));
            if !own {
                return Err(Refusal::ForeignOrigin(origin.to_owned()));
            }
        }
        // "none" is a typed address or a bookmark; "same-origin" the page itself.
        if let Some(site) = fetch_site.filter(|s| !matches!(*s, "same-origin" | "none")) {
            return Err(Refusal::CrossSite(site.to_owned()));
        }
        Ok(())
    }

    fn is_own(&self, host: &str) -> bool {
        self.hosts.iter().any(|own| own.eq_ignore_ascii_case(host))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard() -> HostGuard {
        HostGuard::new("127.0.0.1:8710".parse().unwrap())
    }

    #[test]
    fn own_host_and_origin_pass() {
        let g = guard();
        assert_eq!(g.check(Some("127.0.0.1:8710"), None, None), Ok(()));
        assert_eq!(g.check(Some("LOCALHOST:8710"), Some("http://localhost:8710"), None), Ok(()));
        assert_eq!(g.check(Some("[::1]:8710"), None, Some("same-origin")), Ok(()));
    }

    #[test]
    fn foreign_host_origin_and_site_are_refused() {
        let g = guard();
        assert_eq!(g.check(None, None, None), Err(Refusal::NoHost));
        let rebound = g.check(Some("evil.example:8710"), None, None);
        assert_eq!(rebound, Err(Refusal::ForeignHost("evil.example:8710".into())));
        assert!(g.check(Some("127.0.0.1:8711"), None, None).is_err());
        assert!(g.check(Some("127.0.0.1"), None, None).is_err());
        let cross = g.check(Some("127.0.0.1:8710"), Some("http://evil.example"), None);
        assert_eq!(cross, Err(Refusal::ForeignOrigin("http://evil.example".into())));
        assert!(g.check(Some("127.0.0.1:8710"), Some("null"), None).is_err());
        assert!(g.check(Some("127.0.0.1:8710"), Some("https://127.0.0.1:8710"), None).is_err());
        assert!(g.check(Some("127.0.0.1:8710"), None, Some("cross-site")).is_err());
    }

    #[test]
    fn another_address_names_only_itself() {
        let g = HostGuard::new("192.168.1.5:9000".parse().unwrap());
        assert_eq!(g.check(Some("192.168.1.5:9000"), None, None), Ok(()));
        assert!(g.check(Some("localhost:9000"), None, None).is_err());
    }
}
