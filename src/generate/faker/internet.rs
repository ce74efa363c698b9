//! Internet identifiers: domains, hostnames, URLs, IPv4 and IPv6 addresses in a CIDR range,
//! MAC addresses and user agents.
//!
//! PII: by default names live under reserved names only (RFC 2606/6761: `.example`,
//! `.test`, `example.com/.net/.org`), IPv4 addresses in the documentation ranges of RFC 5737
//! (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24), IPv6 in 2001:db8::/32 (RFC 3849), and MAC
//! addresses are locally administered unicast (no vendor assigns them). A user-given CIDR
//! replaces the documentation ranges and may then produce routable addresses.

use std::net::{Ipv4Addr, Ipv6Addr};

use super::template::pick;
use crate::generate::tabular::{TextGenerator, below};
use crate::generate::{ParamError, RowRng};

/// Reserved top-level and second-level domains names are built under.
pub const RESERVED_DOMAINS: &[&str] = &[
    "example.com",
    "example.net",
    "example.org",
    "example",
    "test",
];

/// Words domain labels are made of: neutral nouns (no brands, no person names).
pub const LABELS: &[&str] = &[
    "acme", "alpha", "apex", "atlas", "beacon", "blue", "bright", "cedar", "cloud", "comet",
    "coral", "delta", "echo", "ember", "falcon", "fern", "global", "granite", "harbor", "horizon",
    "iris", "jade", "kite", "lake", "lumen", "maple", "meadow", "mesa", "nova", "oak", "orbit",
    "pine", "pixel", "polar", "quartz", "river", "sage", "signal", "solar", "spark", "stone",
    "summit", "terra", "tide", "union", "vector", "vista", "wave", "willow", "zenith",
];

/// Second words of domain labels.
pub const KINDS: &[&str] = &[
    "labs", "works", "systems", "data", "group", "net", "soft", "tech", "media", "cloud", "shop",
    "hub", "apps", "studio", "logic",
];

/// Host name prefixes.
pub const HOSTS: &[&str] = &[
    "www", "api", "app", "mail", "db", "web", "cdn", "auth", "vpn", "git",
];

/// URL path words.
const PATHS: &[&str] = &[
    "about", "account", "blog", "cart", "docs", "help", "home", "login", "news", "orders",
    "products", "profile", "search", "settings", "support",
];

/// Appends a domain: `<label>-<kind>.<reserved>`, e.g. `cedar-labs.example.com`.
#[inline]
pub fn write_domain(rng: &mut RowRng, out: &mut Vec<u8>) {
    out.extend_from_slice(pick(rng, LABELS).as_bytes());
    out.push(b'-');
    out.extend_from_slice(pick(rng, KINDS).as_bytes());
    out.push(b'.');
    out.extend_from_slice(pick(rng, RESERVED_DOMAINS).as_bytes());
}

/// Appends a host name: `<host><n>.<domain>`, e.g. `api7.cedar-labs.example`.
#[inline]
pub fn write_hostname(rng: &mut RowRng, out: &mut Vec<u8>) {
    out.extend_from_slice(pick(rng, HOSTS).as_bytes());
    push_decimal(out, below(rng, 100));
    out.push(b'.');
    write_domain(rng, out);
}

/// Appends a URL: `https://<host>/<path>/<n>`.
#[inline]
pub fn write_url(rng: &mut RowRng, out: &mut Vec<u8>) {
    out.extend_from_slice(b"https://");
    write_hostname(rng, out);
    out.push(b'/');
    out.extend_from_slice(pick(rng, PATHS).as_bytes());
    out.push(b'/');
    push_decimal(out, below(rng, 100_000));
}

/// Appends a locally administered unicast MAC address, `xx:xx:xx:xx:xx:xx` lower-case.
#[inline]
pub fn write_mac(rng: &mut RowRng, out: &mut Vec<u8>) {
    let bits = rng.next_u64();
    write_mac_bits((bits | 0b10) & !0b1, out);
}

/// Appends the low 48 bits of `bits` as a MAC, the low byte first (`xx:…`).
#[inline]
pub fn write_mac_bits(bits: u64, out: &mut Vec<u8>) {
    for i in 0..6 {
        let b = (bits >> (8 * i)) as u8;
        if i > 0 {
            out.push(b':');
        }
        out.push(HEX[usize::from(b >> 4)]);
        out.push(HEX[usize::from(b & 15)]);
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// Appends `v` in decimal.
#[inline]
pub fn push_decimal(out: &mut Vec<u8>, mut v: u64) {
    // The digit count first, then two digits at a time from the end, in place.
    let digits = v.checked_ilog10().map_or(1, |d| d as usize + 1);
    let start = out.len();
    out.resize(start + digits, b'0');
    let dst = &mut out[start..];
    let mut i = digits;
    while v >= 100 {
        let r = 2 * (v % 100) as usize;
        v /= 100;
        i -= 2;
        dst[i..i + 2].copy_from_slice(&DIGIT_PAIRS[r..r + 2]);
    }
    if v >= 10 {
        let r = 2 * v as usize;
        dst[i - 2..i].copy_from_slice(&DIGIT_PAIRS[r..r + 2]);
    } else {
        dst[i - 1] = b'0' + v as u8;
    }
}

/// `00`, `01`, … `99`: two decimal digits per entry.
const DIGIT_PAIRS: [u8; 200] = {
    let mut t = [0u8; 200];
    let mut i = 0;
    while i < 100 {
        t[2 * i] = b'0' + (i / 10) as u8;
        t[2 * i + 1] = b'0' + (i % 10) as u8;
        i += 1;
    }
    t
};

/// IPv4 addresses drawn uniformly from a list of networks (a row picks a network, then a
/// host in it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ipv4Ranges {
    nets: Vec<(u32, u32)>,
}

impl Ipv4Ranges {
    /// The three RFC 5737 documentation networks.
    pub fn documentation() -> Self {
        Ipv4Ranges {
            nets: vec![(0xC000_0200, 8), (0xC633_6400, 8), (0xCB00_7100, 8)],
        }
    }

    /// One network given as CIDR text, e.g. `10.0.0.0/8`.
    pub fn parse(cidr: &str) -> Result<Self, ParamError> {
        let bad = || {
            ParamError::new(
                "cidr",
                format!("'{cidr}'"),
                "an IPv4 network such as '10.0.0.0/8' (address bits below the prefix zero)",
            )
        };
        let (addr, len) = cidr.trim().split_once('/').ok_or_else(bad)?;
        let addr: Ipv4Addr = addr.parse().map_err(|_| bad())?;
        let len: u32 = len.parse().map_err(|_| bad())?;
        if len > 32 {
            return Err(bad());
        }
        let host_bits = 32 - len;
        let base = u32::from(addr);
        if host_bits < 32 && base & ((1u32 << host_bits) - 1) != 0 || host_bits == 32 && base != 0 {
            return Err(bad());
        }
        Ok(Ipv4Ranges {
            nets: vec![(base, host_bits)],
        })
    }

    /// The address of a row.
    #[inline]
    pub fn value(&self, rng: &mut RowRng) -> Ipv4Addr {
        let (base, bits) = if self.nets.len() == 1 {
            self.nets[0]
        } else {
            self.nets[below(rng, self.nets.len() as u64) as usize]
        };
        let host = if bits == 0 {
            0
        } else {
            (rng.next_u64() >> (64 - bits)) as u32
        };
        Ipv4Addr::from(base | host)
    }

    /// How many addresses the networks hold.
    pub fn size(&self) -> u64 {
        self.nets.iter().map(|&(_, bits)| 1u64 << bits).sum()
    }

    /// Address number `i` (`i < size()`): the networks' addresses in order.
    pub fn nth(&self, mut i: u64) -> Ipv4Addr {
        for &(base, bits) in &self.nets {
            if i < 1u64 << bits {
                return Ipv4Addr::from(base | i as u32);
            }
            i -= 1u64 << bits;
        }
        Ipv4Addr::from(self.nets[0].0)
    }

    /// Whether `a` lies in one of the networks.
    pub fn contains(&self, a: Ipv4Addr) -> bool {
        let a = u32::from(a);
        self.nets
            .iter()
            .any(|&(base, bits)| bits == 32 || a >> bits == base >> bits)
    }
}

/// Appends `a` in the RFC 5952 canonical text form (what `Ipv6Addr`'s `Display` writes):
/// lower-case hex groups without leading zeros, the longest run of two or more zero groups
/// (the first if tied) as `::`.
#[inline]
pub fn write_ipv6(a: Ipv6Addr, out: &mut Vec<u8>) {
    let g = a.segments();
    let (mut best, mut best_len, mut run, mut run_len) = (0, 0, 0, 0);
    for (i, &x) in g.iter().enumerate() {
        if x == 0 {
            if run_len == 0 {
                run = i;
            }
            run_len += 1;
            if run_len > best_len {
                (best, best_len) = (run, run_len);
            }
        } else {
            run_len = 0;
        }
    }
    let write_group = |x: u16, out: &mut Vec<u8>| {
        let mut started = false;
        for shift in [12, 8, 4, 0] {
            let d = (x >> shift) & 15;
            if d != 0 || started || shift == 0 {
                out.push(HEX[usize::from(d)]);
                started = true;
            }
        }
    };
    if a.to_ipv4_mapped().is_some() || best_len < 2 {
        if let Some(v4) = a.to_ipv4_mapped() {
            // ::ffff:a.b.c.d, as Display writes it.
            out.extend_from_slice(b"::ffff:");
            for (i, o) in v4.octets().iter().enumerate() {
                if i > 0 {
                    out.push(b'.');
                }
                push_decimal(out, u64::from(*o));
            }
            return;
        }
        for (i, &x) in g.iter().enumerate() {
            if i > 0 {
                out.push(b':');
            }
            write_group(x, out);
        }
        return;
    }
    for (i, &x) in g[..best].iter().enumerate() {
        if i > 0 {
            out.push(b':');
        }
        write_group(x, out);
    }
    out.extend_from_slice(b"::");
    for (i, &x) in g[best + best_len..].iter().enumerate() {
        if i > 0 {
            out.push(b':');
        }
        write_group(x, out);
    }
}

/// IPv6 addresses drawn uniformly from one network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ipv6Range {
    base: u128,
    host_bits: u32,
}

impl Ipv6Range {
    /// 2001:db8::/32 (RFC 3849).
    pub fn documentation() -> Self {
        Ipv6Range {
            base: 0x2001_0db8 << 96,
            host_bits: 96,
        }
    }

    /// One network given as CIDR text, e.g. `fd00::/8`.
    pub fn parse(cidr: &str) -> Result<Self, ParamError> {
        let bad = || {
            ParamError::new(
                "cidr",
                format!("'{cidr}'"),
                "an IPv6 network such as 'fd00::/8' (address bits below the prefix zero)",
            )
        };
        let (addr, len) = cidr.trim().split_once('/').ok_or_else(bad)?;
        let addr: Ipv6Addr = addr.parse().map_err(|_| bad())?;
        let len: u32 = len.parse().map_err(|_| bad())?;
        if len > 128 {
            return Err(bad());
        }
        let host_bits = 128 - len;
        let base = u128::from(addr);
        let mask = if host_bits == 128 {
            u128::MAX
        } else {
            (1u128 << host_bits) - 1
        };
        if base & mask != 0 {
            return Err(bad());
        }
        Ok(Ipv6Range { base, host_bits })
    }

    /// The address of a row.
    #[inline]
    pub fn value(&self, rng: &mut RowRng) -> Ipv6Addr {
        let bits = (u128::from(rng.next_u64()) << 64) | u128::from(rng.next_u64());
        let host = if self.host_bits == 0 {
            0
        } else {
            bits >> (128 - self.host_bits)
        };
        Ipv6Addr::from(self.base | host)
    }

    /// The network's address (host bits zero).
    pub fn base(&self) -> u128 {
        self.base
    }

    /// The number of host bits (128 less the prefix length).
    pub fn host_bits(&self) -> u32 {
        self.host_bits
    }

    /// Whether `a` lies in the network.
    pub fn contains(&self, a: Ipv6Addr) -> bool {
        self.host_bits == 128 || u128::from(a) >> self.host_bits == self.base >> self.host_bits
    }
}

/// `domain()`: see [`write_domain`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Domain;

/// `hostname()`: see [`write_hostname`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hostname;

/// `url()`: see [`write_url`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Url;

/// `mac_address()`: see [`write_mac`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MacAddress;

/// `user_agent()`: one of `fake`'s 19 browser user-agent strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UserAgent;

impl TextGenerator for Domain {
    #[inline]
    fn write(&self, stream: u64, row: u64, out: &mut Vec<u8>) {
        write_domain(&mut RowRng::new(stream, row), out);
    }
    fn typical_len(&self) -> usize {
        24
    }
}

impl TextGenerator for Hostname {
    #[inline]
    fn write(&self, stream: u64, row: u64, out: &mut Vec<u8>) {
        write_hostname(&mut RowRng::new(stream, row), out);
    }
    fn typical_len(&self) -> usize {
        30
    }
}

impl TextGenerator for Url {
    #[inline]
    fn write(&self, stream: u64, row: u64, out: &mut Vec<u8>) {
        write_url(&mut RowRng::new(stream, row), out);
    }
    fn typical_len(&self) -> usize {
        48
    }
}

impl TextGenerator for MacAddress {
    #[inline]
    fn write(&self, stream: u64, row: u64, out: &mut Vec<u8>) {
        write_mac(&mut RowRng::new(stream, row), out);
    }
    fn typical_len(&self) -> usize {
        17
    }
}

impl TextGenerator for UserAgent {
    #[inline]
    fn write(&self, stream: u64, row: u64, out: &mut Vec<u8>) {
        let agents = <fake::locales::EN as fake::locales::Data>::INTERNET_USER_AGENT;
        out.extend_from_slice(pick(&mut RowRng::new(stream, row), agents).as_bytes());
    }
    fn typical_len(&self) -> usize {
        100
    }
}

impl TextGenerator for Ipv4Ranges {
    #[inline]
    fn write(&self, stream: u64, row: u64, out: &mut Vec<u8>) {
        let a = self.value(&mut RowRng::new(stream, row)).octets();
        for (i, o) in a.iter().enumerate() {
            if i > 0 {
                out.push(b'.');
            }
            push_decimal(out, u64::from(*o));
        }
    }
    fn typical_len(&self) -> usize {
        13
    }
}

impl TextGenerator for Ipv6Range {
    #[inline]
    fn write(&self, stream: u64, row: u64, out: &mut Vec<u8>) {
        write_ipv6(self.value(&mut RowRng::new(stream, row)), out);
    }
    fn typical_len(&self) -> usize {
        30
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_those_of_std() {
        let mut values: Vec<u64> = vec![0, 1, 9, 10, 11, 99, 100, 101, 999, 1000, u64::MAX];
        values.extend((0..20).map(|k| 10u64.pow(k)));
        values.extend((0..20).map(|k| 10u64.pow(k) - 1));
        values.extend((0..5000u64).map(|i| crate::generate::seed::mix64(i) >> (i % 64)));
        for v in values {
            let mut out = b"x".to_vec();
            push_decimal(&mut out, v);
            assert_eq!(out, format!("x{v}").into_bytes());
        }
    }

    #[test]
    fn documentation_ranges_hold_every_address() {
        let v4 = Ipv4Ranges::documentation();
        let v6 = Ipv6Range::documentation();
        let mut nets = std::collections::HashSet::new();
        for row in 0..10_000 {
            let a = v4.value(&mut RowRng::new(1, row));
            assert!(v4.contains(a), "{a}");
            assert!(a.is_documentation(), "{a}");
            nets.insert(a.octets()[..3].to_vec());
            let b = v6.value(&mut RowRng::new(2, row));
            assert_eq!(b.segments()[..2], [0x2001, 0x0db8], "{b}");
        }
        assert_eq!(nets.len(), 3);
    }

    /// Our writer gives exactly what `Ipv6Addr`'s `Display` gives (RFC 5952).
    #[test]
    fn ipv6_text_matches_the_standard_library() {
        let mut cases: Vec<Ipv6Addr> = [
            "::",
            "::1",
            "1::",
            "2001:db8::",
            "2001:db8:0:0:1:0:0:1",
            "2001:0:0:1:0:0:0:1",
            "0:0:1::",
            "1:0:0:2:0:0:3:0",
            "::ffff:1.2.3.4",
            "::ffff:0:0",
            "fe80::1:0:0:0",
            "1:2:3:4:5:6:7:8",
            "0:1:0:1:0:1:0:1",
        ]
        .iter()
        .map(|s| s.parse().unwrap())
        .collect();
        for row in 0..20_000 {
            let mut rng = RowRng::new(9, row);
            // Sparse groups, so zero runs of every length and position occur.
            let mut g = [0u16; 8];
            for x in &mut g {
                if rng.next_u64().is_multiple_of(3) {
                    *x = rng.next_u64() as u16;
                }
            }
            cases.push(Ipv6Addr::from(g));
        }
        for a in cases {
            let mut out = Vec::new();
            write_ipv6(a, &mut out);
            assert_eq!(String::from_utf8(out).unwrap(), a.to_string(), "{a:?}");
        }
    }

    #[test]
    fn cidrs_parse_and_bound_the_addresses() {
        let r = Ipv4Ranges::parse("10.20.0.0/16").unwrap();
        for row in 0..1000 {
            let a = r.value(&mut RowRng::new(1, row));
            assert_eq!(a.octets()[..2], [10, 20]);
        }
        assert_eq!(
            Ipv4Ranges::parse("1.2.3.4/32")
                .unwrap()
                .value(&mut RowRng::new(0, 0)),
            Ipv4Addr::new(1, 2, 3, 4)
        );
        assert!(Ipv4Ranges::parse("0.0.0.0/0").is_ok());
        for bad in [
            "10.0.0.1/8",
            "10.0.0.0",
            "10.0.0.0/33",
            "x/8",
            "",
            "10.0.0.0/-1",
        ] {
            assert!(Ipv4Ranges::parse(bad).is_err(), "{bad}");
        }
        let r6 = Ipv6Range::parse("fd00::/8").unwrap();
        assert!(r6.contains(r6.value(&mut RowRng::new(3, 3))));
        assert!(Ipv6Range::parse("::/0").is_ok());
        for bad in ["fd00::1/8", "fd00::/129", "zz::/8"] {
            assert!(Ipv6Range::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn names_are_reserved_and_macs_locally_administered() {
        for row in 0..2000 {
            let mut out = Vec::new();
            write_url(&mut RowRng::new(5, row), &mut out);
            let url = String::from_utf8(out).unwrap();
            let host = url
                .strip_prefix("https://")
                .unwrap()
                .split('/')
                .next()
                .unwrap();
            assert!(
                RESERVED_DOMAINS
                    .iter()
                    .any(|d| host.ends_with(&format!(".{d}"))),
                "{url}"
            );
            let mut mac = Vec::new();
            write_mac(&mut RowRng::new(6, row), &mut mac);
            let first = u8::from_str_radix(std::str::from_utf8(&mac[..2]).unwrap(), 16).unwrap();
            assert_eq!(first & 0b11, 0b10, "{:?}", mac);
            assert_eq!(mac.len(), 17);
        }
        let mut out = Vec::new();
        push_decimal(&mut out, 0);
        push_decimal(&mut out, u64::MAX);
        assert_eq!(out, b"018446744073709551615");
    }
}
