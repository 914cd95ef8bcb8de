//! Which addresses Atende may call out to (webhooks, chat tools, issue
//! trackers): the public internet only. A URL given by a user must never
//! reach the machine Atende runs on, its private network, or the cloud's
//! metadata service (server-side request forgery).
//!
//! The HTTP client asks [`refusal`] for every address a host name resolves
//! to, at connect time, and for IP-literal URLs when they are parsed.
//! Addresses that embed an IPv4 address (IPv4-mapped, IPv4-compatible,
//! NAT64, 6to4) are judged by the address they embed as well.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ipnet::{IpNet, Ipv4Net, Ipv6Net};

named_enum! {
    /// Why an address is refused.
    BlockedRange {
        /// 0.0.0.0/8 and `::` (on Linux 0.0.0.0 reaches the machine itself).
        Unspecified = "unspecified",
        Loopback = "loopback",
        /// RFC 1918 networks and IPv6 unique-local (fc00::/7).
        Private = "private",
        /// 100.64.0.0/10, carrier-grade NAT.
        SharedAddressSpace = "shared_address_space",
        /// 169.254.0.0/16 (the cloud metadata service) and fe80::/10.
        LinkLocal = "link_local",
        Multicast = "multicast",
        /// 192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32.
        Documentation = "documentation",
        /// 198.18.0.0/15.
        Benchmarking = "benchmarking",
        /// 240.0.0.0/4, 255.255.255.255, 192.0.0.0/24 and the retired
        /// IPv6 ranges (site-local, discard-only, Teredo, ORCHID).
        Reserved = "reserved",
        /// ::ffff:0:0/96: an IPv4 address written as IPv6.
        Ipv4Mapped = "ipv4_mapped",
    }
}

const V4: &[(&str, BlockedRange)] = &[
    ("0.0.0.0/8", BlockedRange::Unspecified),
    ("10.0.0.0/8", BlockedRange::Private),
    ("100.64.0.0/10", BlockedRange::SharedAddressSpace),
    ("127.0.0.0/8", BlockedRange::Loopback),
    ("169.254.0.0/16", BlockedRange::LinkLocal),
    ("172.16.0.0/12", BlockedRange::Private),
    ("192.0.0.0/24", BlockedRange::Reserved),
    ("192.0.2.0/24", BlockedRange::Documentation),
    ("192.88.99.0/24", BlockedRange::Reserved),
    ("192.168.0.0/16", BlockedRange::Private),
    ("198.18.0.0/15", BlockedRange::Benchmarking),
    ("198.51.100.0/24", BlockedRange::Documentation),
    ("203.0.113.0/24", BlockedRange::Documentation),
    ("224.0.0.0/4", BlockedRange::Multicast),
    ("240.0.0.0/4", BlockedRange::Reserved),
];

const V6: &[(&str, BlockedRange)] = &[
    ("::/128", BlockedRange::Unspecified),
    ("::1/128", BlockedRange::Loopback),
    ("::ffff:0:0/96", BlockedRange::Ipv4Mapped),
    ("100::/64", BlockedRange::Reserved),
    ("2001::/32", BlockedRange::Reserved),
    ("2001:10::/28", BlockedRange::Reserved),
    ("2001:20::/28", BlockedRange::Reserved),
    ("2001:db8::/32", BlockedRange::Documentation),
    ("fc00::/7", BlockedRange::Private),
    ("fe80::/10", BlockedRange::LinkLocal),
    ("fec0::/10", BlockedRange::Reserved),
    ("ff00::/8", BlockedRange::Multicast),
];

fn in_table<N: Copy>(
    table: &[(&str, BlockedRange)],
    parse: impl Fn(&str) -> Option<N>,
    contains: impl Fn(N) -> bool,
) -> Option<BlockedRange> {
    table
        .iter()
        .find(|(net, _)| parse(net).is_some_and(&contains))
        .map(|(_, range)| *range)
}

fn refusal_v4(ip: Ipv4Addr) -> Option<BlockedRange> {
    in_table(
        V4,
        |n| n.parse::<Ipv4Net>().ok(),
        |net: Ipv4Net| net.contains(&ip),
    )
}

/// The IPv4 address an IPv6 address carries: IPv4-compatible (::a.b.c.d),
/// NAT64 (64:ff9b::/96) and 6to4 (2002::/16).
fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = ip.segments();
    let tail = || Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
    if s[..6] == [0, 0, 0, 0, 0, 0] && (s[6] != 0 || s[7] > 1) {
        return Some(tail());
    }
    if s[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        return Some(tail());
    }
    if s[0] == 0x2002 {
        return Some(Ipv4Addr::new(
            (s[1] >> 8) as u8,
            s[1] as u8,
            (s[2] >> 8) as u8,
            s[2] as u8,
        ));
    }
    None
}

/// Why Atende must not connect to `ip`, or `None` for a public address.
pub fn refusal(ip: IpAddr) -> Option<BlockedRange> {
    match ip {
        IpAddr::V4(v4) => refusal_v4(v4),
        IpAddr::V6(v6) => in_table(
            V6,
            |n| n.parse::<Ipv6Net>().ok(),
            |net: Ipv6Net| net.contains(&v6),
        )
        .or_else(|| embedded_v4(v6).and_then(refusal_v4)),
    }
}

/// Networks an installation allows despite [`refusal`] (its own receivers
/// on premises, the tests' local receivers): `10.1.2.3`, `10.1.0.0/16`,
/// `::1`. Returns the first entry that is neither.
pub fn parse_allowed(entries: &[String]) -> Result<Vec<IpNet>, String> {
    entries
        .iter()
        .map(|entry| {
            let entry = entry.trim();
            entry
                .parse::<IpNet>()
                .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| entry.to_owned())
        })
        .collect()
}

/// Whether Atende may connect to `ip` given the installation's allow-list.
pub fn permitted(ip: IpAddr, allowed: &[IpNet]) -> Result<(), BlockedRange> {
    match refusal(ip) {
        Some(range) if !allowed.iter().any(|net| net.contains(&ip)) => Err(range),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(text: &str) -> Option<BlockedRange> {
        refusal(text.parse().unwrap())
    }

    #[test]
    fn every_special_ipv4_range_is_refused_by_name() {
        let cases = [
            ("0.0.0.0", BlockedRange::Unspecified),
            ("0.1.2.3", BlockedRange::Unspecified),
            ("127.0.0.1", BlockedRange::Loopback),
            ("127.255.255.254", BlockedRange::Loopback),
            ("10.0.0.1", BlockedRange::Private),
            ("172.16.0.1", BlockedRange::Private),
            ("172.31.255.255", BlockedRange::Private),
            ("192.168.1.1", BlockedRange::Private),
            ("100.64.0.1", BlockedRange::SharedAddressSpace),
            ("100.127.255.255", BlockedRange::SharedAddressSpace),
            ("169.254.169.254", BlockedRange::LinkLocal),
            ("224.0.0.1", BlockedRange::Multicast),
            ("239.255.255.250", BlockedRange::Multicast),
            ("192.0.2.10", BlockedRange::Documentation),
            ("198.51.100.7", BlockedRange::Documentation),
            ("203.0.113.99", BlockedRange::Documentation),
            ("198.18.0.1", BlockedRange::Benchmarking),
            ("240.0.0.1", BlockedRange::Reserved),
            ("255.255.255.255", BlockedRange::Reserved),
            ("192.0.0.8", BlockedRange::Reserved),
        ];
        for (ip, range) in cases {
            assert_eq!(refused(ip), Some(range), "{ip}");
        }
    }

    #[test]
    fn every_special_ipv6_range_and_embedded_ipv4_is_refused() {
        let cases = [
            ("::", BlockedRange::Unspecified),
            ("::1", BlockedRange::Loopback),
            ("::ffff:127.0.0.1", BlockedRange::Ipv4Mapped),
            ("::ffff:8.8.8.8", BlockedRange::Ipv4Mapped),
            ("::127.0.0.1", BlockedRange::Loopback),
            ("64:ff9b::a9fe:a9fe", BlockedRange::LinkLocal),
            ("2002:c0a8:101::1", BlockedRange::Private),
            ("fc00::1", BlockedRange::Private),
            ("fd12:3456::1", BlockedRange::Private),
            ("fe80::1", BlockedRange::LinkLocal),
            ("fec0::1", BlockedRange::Reserved),
            ("ff02::1", BlockedRange::Multicast),
            ("2001:db8::1", BlockedRange::Documentation),
            ("2001:0:4136:e378::1", BlockedRange::Reserved),
            ("100::1", BlockedRange::Reserved),
        ];
        for (ip, range) in cases {
            assert_eq!(refused(ip), Some(range), "{ip}");
        }
    }

    #[test]
    fn public_addresses_pass() {
        for ip in [
            "8.8.8.8",
            "1.1.1.1",
            "200.160.2.3",
            "172.32.0.1",
            "100.128.0.1",
            "2800:3f0:4001:81a::200e",
            "64:ff9b::808:808",
            "2002:808:808::1",
        ] {
            assert_eq!(refused(ip), None, "{ip}");
        }
    }

    #[test]
    fn the_allow_list_lets_through_only_what_it_names() {
        let allowed = parse_allowed(&["127.0.0.1".into(), "10.9.0.0/16".into()]).unwrap();
        let ip = |t: &str| t.parse::<IpAddr>().unwrap();
        assert_eq!(permitted(ip("127.0.0.1"), &allowed), Ok(()));
        assert_eq!(permitted(ip("10.9.8.7"), &allowed), Ok(()));
        assert_eq!(
            permitted(ip("127.0.0.2"), &allowed),
            Err(BlockedRange::Loopback)
        );
        assert_eq!(
            permitted(ip("10.10.0.1"), &allowed),
            Err(BlockedRange::Private)
        );
        assert_eq!(permitted(ip("8.8.4.4"), &[]), Ok(()));
        assert_eq!(
            parse_allowed(&["10.0.0.0/8".into(), "intranet".into()]),
            Err("intranet".into())
        );
    }
}
