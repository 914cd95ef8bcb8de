//! The one outbound HTTP client: every call Atende makes to a URL a user
//! typed (webhooks, chat tools, issue trackers) goes through [`Outbound`],
//! which refuses what core's address policy
//! ([`atende_core::outbound`]) refuses.
//!
//! - IP-literal URLs are judged when the URL is parsed: the `url` crate
//!   normalises every notation (decimal `2130706433`, octal `0177.0.0.1`,
//!   hex `0x7f.1`, short `127.1`, IPv6 with embedded IPv4), and reqwest
//!   does not resolve literals.
//! - Host names are judged at connect time by the client's own resolver,
//!   on every address the name resolves to (one bad address refuses the
//!   name): the addresses judged are the ones connected to, so a name
//!   that resolves to a public address once and to `127.0.0.1` the next
//!   time (DNS rebinding) is still refused.
//! - No redirects are followed (a 3xx is the answer) and no proxy is used.
//! - The setting `outbound_allowed_networks` lets an installation reach
//!   its own receivers (on premises, or the tests' local ones).

use std::{net::IpAddr, sync::Arc, time::Duration};

use atende_core::outbound::{self as policy, BlockedRange};
use ipnet::IpNet;
use reqwest::{
    dns::{Addrs, Name, Resolve, Resolving},
    redirect,
};
use url::{Host, Url};

/// Why a call was not made (or failed).
#[derive(Debug, thiserror::Error)]
pub enum OutboundError {
    #[error("not a valid URL: {0}")]
    InvalidUrl(String),
    #[error("only http and https URLs may be called")]
    Scheme,
    #[error("{host} is a {} address, which Atende does not call", .range.as_str())]
    Blocked { host: String, range: BlockedRange },
    #[error("the call failed: {0}")]
    Failed(String),
}

impl OutboundError {
    /// Whether the address policy refused the call.
    pub fn is_blocked(&self) -> bool {
        match self {
            OutboundError::Blocked { .. } => true,
            OutboundError::Failed(text) => text.contains(BLOCKED_MARK),
            _ => false,
        }
    }
}

const BLOCKED_MARK: &str = "refused by Atende's outbound address policy";

/// The outbound client (cheap to clone).
#[derive(Clone, Debug)]
pub struct Outbound {
    client: reqwest::Client,
    allowed: Arc<Vec<IpNet>>,
}

#[derive(Debug)]
struct GuardedResolver {
    allowed: Arc<Vec<IpNet>>,
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let allowed = self.allowed.clone();
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let addrs: Vec<std::net::SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            for addr in &addrs {
                if let Err(range) = policy::permitted(addr.ip(), &allowed) {
                    return Err(format!(
                        "{host} resolves to {} ({}): {BLOCKED_MARK}",
                        addr.ip(),
                        range.as_str()
                    )
                    .into());
                }
            }
            let addrs: Addrs = Box::new(addrs.into_iter());
            Ok(addrs)
        })
    }
}

impl Outbound {
    /// A client allowing `allowed` networks beyond the public internet.
    pub fn new(allowed: Vec<IpNet>) -> Result<Outbound, reqwest::Error> {
        // reqwest is built without a TLS provider of its own: ring, as the
        // rest of the server (a second call is a harmless no-op).
        let _ = rustls::crypto::ring::default_provider().install_default();
        let allowed = Arc::new(allowed);
        let client = reqwest::Client::builder()
            .dns_resolver(Arc::new(GuardedResolver {
                allowed: allowed.clone(),
            }))
            .redirect(redirect::Policy::none())
            .no_proxy()
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(30))
            .user_agent(concat!("Atende/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Outbound { client, allowed })
    }

    /// Parses `url` and judges an IP-literal host; a host name is judged
    /// when the call connects.
    pub fn check(&self, url: &str) -> Result<Url, OutboundError> {
        let parsed =
            Url::parse(url.trim()).map_err(|e| OutboundError::InvalidUrl(e.to_string()))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(OutboundError::Scheme);
        }
        let ip: Option<IpAddr> = match parsed.host() {
            Some(Host::Ipv4(v4)) => Some(v4.into()),
            Some(Host::Ipv6(v6)) => Some(v6.into()),
            Some(Host::Domain(_)) => None,
            None => return Err(OutboundError::InvalidUrl("the URL names no host".into())),
        };
        if let Some(ip) = ip
            && let Err(range) = policy::permitted(ip, &self.allowed)
        {
            return Err(OutboundError::Blocked {
                host: ip.to_string(),
                range,
            });
        }
        Ok(parsed)
    }

    /// A request to `url` after [`Outbound::check`]; the caller adds
    /// headers and body and sends it with [`Outbound::send`].
    pub fn request(
        &self,
        method: reqwest::Method,
        url: &str,
    ) -> Result<reqwest::RequestBuilder, OutboundError> {
        let url = self.check(url)?;
        Ok(self.client.request(method, url))
    }

    /// Sends a request built by [`Outbound::request`].
    pub async fn send(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<reqwest::Response, OutboundError> {
        request.send().await.map_err(|e| {
            // The resolver's refusal arrives wrapped as a connect error.
            let mut text = e.to_string();
            let mut source = std::error::Error::source(&e);
            while let Some(inner) = source {
                text.push_str(": ");
                text.push_str(&inner.to_string());
                source = inner.source();
            }
            OutboundError::Failed(text)
        })
    }
}
