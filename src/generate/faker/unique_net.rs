//! Unique-by-construction endpoints: `hostname('unique')`, `ipv4(cidr, 'unique')`,
//! `ipv6(cidr, 'unique')` and `mac_address('unique')`. Row `r` maps to value number `π(r)`
//! of the generator's domain, `π` the [`Feistel`] permutation of `[0, size)` keyed by the
//! column's stream: rows below `size` get pairwise distinct values in a pseudo-random order,
//! and a table with more rows than the domain holds is refused when it is created.
//!
//! The domains: every address of the CIDR (the three RFC 5737 networks by default: 768
//! addresses); every locally administered unicast MAC (2^46); `<host><n>.<label>-<kind>.
//! <reserved>` host names with `n` in `[0, 10^6)` (37,500 names per number: 3.75·10^10);
//! for IPv6, the network's first 2^63 host numbers, their higher host bits a hash of the
//! number (so the addresses spread over the network and stay distinct).
//!
//! PII: the same reserved names and documentation ranges as the random generators.

use std::net::Ipv6Addr;

use super::internet::{HOSTS, KINDS, LABELS, RESERVED_DOMAINS, push_decimal, write_ipv6};
use super::internet::{Ipv4Ranges, Ipv6Range, write_mac_bits};
use crate::generate::seed::mix64;
use crate::generate::tabular::{Feistel, TextGenerator};

/// Numbers after the host prefix of a unique host name: `[0, HOST_NUMBERS)`.
const HOST_NUMBERS: u64 = 1_000_000;

/// The value number of `row` among `size` values, keyed by `stream` (`row < size`).
#[inline]
fn index(size: u64, stream: u64, row: u64) -> u64 {
    Feistel::new(size - 1, stream).permute(row)
}

/// `hostname('unique')`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UniqueHostname;

impl UniqueHostname {
    /// How many distinct host names there are.
    pub fn size() -> u64 {
        let names = HOSTS.len() * LABELS.len() * KINDS.len() * RESERVED_DOMAINS.len();
        names as u64 * HOST_NUMBERS
    }
}

impl TextGenerator for UniqueHostname {
    #[inline]
    fn write(&self, stream: u64, row: u64, out: &mut Vec<u8>) {
        let mut p = index(UniqueHostname::size(), stream, row);
        let mut digit = |n: usize| {
            let d = (p % n as u64) as usize;
            p /= n as u64;
            d
        };
        let (host, label, kind, domain) = (
            digit(HOSTS.len()),
            digit(LABELS.len()),
            digit(KINDS.len()),
            digit(RESERVED_DOMAINS.len()),
        );
        out.extend_from_slice(HOSTS[host].as_bytes());
        push_decimal(out, p);
        out.push(b'.');
        out.extend_from_slice(LABELS[label].as_bytes());
        out.push(b'-');
        out.extend_from_slice(KINDS[kind].as_bytes());
        out.push(b'.');
        out.extend_from_slice(RESERVED_DOMAINS[domain].as_bytes());
    }

    fn typical_len(&self) -> usize {
        32
    }

    fn row_limit(&self) -> Option<u64> {
        Some(UniqueHostname::size())
    }
}

/// `ipv4(cidr, 'unique')`: every address of the networks, in a keyed order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UniqueIpv4 {
    ranges: Ipv4Ranges,
    size: u64,
}

impl UniqueIpv4 {
    /// The addresses of `ranges`.
    pub fn new(ranges: Ipv4Ranges) -> Self {
        let size = ranges.size();
        UniqueIpv4 { ranges, size }
    }
}

impl TextGenerator for UniqueIpv4 {
    #[inline]
    fn write(&self, stream: u64, row: u64, out: &mut Vec<u8>) {
        let a = self.ranges.nth(index(self.size, stream, row)).octets();
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

    fn row_limit(&self) -> Option<u64> {
        Some(self.size)
    }
}

/// `ipv6(cidr, 'unique')`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UniqueIpv6 {
    range: Ipv6Range,
    size: u64,
}

impl UniqueIpv6 {
    /// The addresses of `range` (its first 2^63 host numbers at most).
    pub fn new(range: Ipv6Range) -> Self {
        let bits = range.host_bits().min(63);
        UniqueIpv6 {
            range,
            size: 1u64 << bits,
        }
    }
}

impl TextGenerator for UniqueIpv6 {
    #[inline]
    fn write(&self, stream: u64, row: u64, out: &mut Vec<u8>) {
        let p = index(self.size, stream, row);
        let bits = self.range.host_bits();
        // The host bits above the 63 the number takes: a hash of the number.
        let high = if bits > 63 {
            let h = (u128::from(mix64(p ^ stream)) << 64) | u128::from(mix64(!p ^ stream));
            (h << 63) & ((u128::MAX >> (128 - bits)) & !((1u128 << 63) - 1))
        } else {
            0
        };
        write_ipv6(
            Ipv6Addr::from(self.range.base() | high | u128::from(p)),
            out,
        );
    }

    fn typical_len(&self) -> usize {
        30
    }

    fn row_limit(&self) -> Option<u64> {
        Some(self.size)
    }
}

/// `mac_address('unique')`: every locally administered unicast MAC (46 free bits).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UniqueMac;

impl UniqueMac {
    /// 2^46.
    pub const SIZE: u64 = 1 << 46;
}

impl TextGenerator for UniqueMac {
    #[inline]
    fn write(&self, stream: u64, row: u64, out: &mut Vec<u8>) {
        let p = index(UniqueMac::SIZE, stream, row);
        // The two low bits of the first octet are fixed (unicast, local): the number fills
        // the other 6 bits of it and the 5 octets after.
        let first = ((p & 0x3F) << 2) | 0b10;
        write_mac_bits(first | ((p >> 6) << 8), out);
    }

    fn typical_len(&self) -> usize {
        17
    }

    fn row_limit(&self) -> Option<u64> {
        Some(UniqueMac::SIZE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn values<G: TextGenerator>(g: &G, rows: u64) -> Vec<String> {
        (0..rows)
            .map(|r| {
                let mut out = Vec::new();
                g.write(7, r, &mut out);
                String::from_utf8(out).unwrap()
            })
            .collect()
    }

    #[test]
    fn a_whole_small_network_is_each_address_once() {
        let g = UniqueIpv4::new(Ipv4Ranges::parse("10.1.0.0/22").unwrap());
        assert_eq!(g.row_limit(), Some(1024));
        let v = values(&g, 1024);
        let set: HashSet<&String> = v.iter().collect();
        assert_eq!(set.len(), 1024);
        assert!(v.iter().all(|a| a.starts_with("10.1.")), "{v:?}");
        let doc = UniqueIpv4::new(Ipv4Ranges::documentation());
        let v = values(&doc, 768);
        assert_eq!(v.iter().collect::<HashSet<_>>().len(), 768);
        for a in &v {
            let a: std::net::Ipv4Addr = a.parse().unwrap();
            assert!(a.is_documentation(), "{a}");
        }
    }

    #[test]
    fn hosts_macs_and_ipv6_are_distinct_and_well_formed() {
        let n = 50_000;
        let h = values(&UniqueHostname, n);
        assert_eq!(h.iter().collect::<HashSet<_>>().len(), n as usize);
        assert!(
            h.iter()
                .all(|x| RESERVED_DOMAINS.iter().any(|d| x.ends_with(d)))
        );
        let m = values(&UniqueMac, n);
        assert_eq!(m.iter().collect::<HashSet<_>>().len(), n as usize);
        for mac in &m {
            let first = u8::from_str_radix(&mac[..2], 16).unwrap();
            assert_eq!(first & 0b11, 0b10, "{mac}: locally administered unicast");
            assert_eq!(mac.len(), 17);
        }
        let v6 = values(&UniqueIpv6::new(Ipv6Range::documentation()), n);
        assert_eq!(v6.iter().collect::<HashSet<_>>().len(), n as usize);
        for a in &v6 {
            let a: Ipv6Addr = a.parse().unwrap();
            assert_eq!(a.segments()[..2], [0x2001, 0x0db8], "{a}");
        }
    }
}
