//! Internet generators: domain, hostname, URL, IPv4, IPv6, MAC address and user agent.
//!
//! PII: names live under reserved names only (`.example`, `.test`, `example.com/.net/.org`,
//! RFC 2606/6761); IPv4 defaults to the RFC 5737 documentation networks and IPv6 to
//! 2001:db8::/32 (RFC 3849) — a user-given CIDR replaces them and may produce routable
//! addresses; MAC addresses are locally administered unicast (never vendor-assigned).
//!
//! `hostname`, `ipv4`, `ipv6` and `mac_address` take a last `'unique'` argument: rows then
//! get pairwise distinct values (a keyed permutation of the domain, see
//! [`crate::generate::faker::unique_net`]), and a table larger than the domain is refused.

use std::sync::Arc;

use super::spec::{GeneratorSpec, checked};
use datafusion::common::{Result, ScalarValue, plan_err};

use crate::functions::args::str_arg;
use crate::functions::tabular::Text;
use crate::generate::faker::internet::{
    Domain, Hostname, Ipv4Ranges, Ipv6Range, MacAddress, Url, UserAgent,
};
use crate::generate::faker::unique_net::{UniqueHostname, UniqueIpv4, UniqueIpv6, UniqueMac};

/// Whether the optional `mode` argument asks for distinct values: `'random'` (the default)
/// or `'unique'`.
fn unique(function: &str, mode: Option<&ScalarValue>) -> Result<bool> {
    match mode {
        None => Ok(false),
        Some(v) => match str_arg(function, "mode", v)?.to_ascii_lowercase().as_str() {
            "random" => Ok(false),
            "unique" => Ok(true),
            other => plan_err!(
                "{function}(): invalid value for 'mode': '{other}'; allowed: 'random' (independent values, the default) or 'unique' (distinct values for every row; the table may not be larger than the domain)"
            ),
        },
    }
}

/// `domain()`.
pub const DOMAIN: GeneratorSpec = GeneratorSpec {
    name: "domain",
    signature: "domain() -> VARCHAR: a domain under a reserved name (cedar-labs.example.com)",
    doc: "A domain such as `cedar-labs.example.com`.",
    pii: "Reserved names only: `.example`, `.test`, `example.com/.net/.org` (RFC 2606/6761).",
    min_args: 0,
    max_args: 0,
    column_args: &[],
    build: |c| Ok(Arc::new(Text::new(Domain, c.describe.clone()))),
};

/// `hostname()`.
pub const HOSTNAME: GeneratorSpec = GeneratorSpec {
    name: "hostname",
    signature: "hostname(['random' | 'unique']) -> VARCHAR: a host under a reserved name (api7.cedar-labs.test); 'unique': distinct for every row",
    doc: "A host name such as `api7.cedar-labs.test`. With `'unique'`, every row gets a distinct \
        name (`<host><n>.<label>-<kind>.<reserved>`, `n` below 10^6: 3.75·10^10 names, in a keyed \
        pseudo-random order); a larger table is refused.",
    pii: "Reserved names only: `.example`, `.test`, `example.com/.net/.org` (RFC 2606/6761).",
    min_args: 0,
    max_args: 1,
    column_args: &[],
    build: |c| {
        if unique(c.name, c.args.first())? {
            Ok(Arc::new(Text::new(UniqueHostname, c.describe.clone())))
        } else {
            Ok(Arc::new(Text::new(Hostname, c.describe.clone())))
        }
    },
};

/// `url()`.
pub const URL: GeneratorSpec = GeneratorSpec {
    name: "url",
    signature: "url() -> VARCHAR: an https URL on a reserved host name",
    doc: "An https URL such as `https://…/orders/123` on a reserved host name.",
    pii: "Reserved names only: `.example`, `.test`, `example.com/.net/.org` (RFC 2606/6761).",
    min_args: 0,
    max_args: 0,
    column_args: &[],
    build: |c| Ok(Arc::new(Text::new(Url, c.describe.clone()))),
};

/// `ipv4([cidr])`.
pub const IPV4: GeneratorSpec = GeneratorSpec {
    name: "ipv4",
    signature: "ipv4([cidr VARCHAR or NULL [, 'random' | 'unique']]) -> VARCHAR: an address in the RFC 5737 documentation networks, or uniformly in cidr; 'unique': distinct for every row",
    doc: "An IPv4 address uniformly in the documentation ranges, or in `cidr` (`'10.0.0.0/8'`; \
        NULL for the documentation ranges). With `'unique'`, every row gets a distinct address of \
        the networks (a keyed permutation of them); a table with more rows than addresses is \
        refused.",
    pii: "192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24 (RFC 5737) by default; a CIDR you give may \
        be routable.",
    min_args: 0,
    max_args: 2,
    column_args: &[],
    build: |c| {
        let g = match c.args.first() {
            None => Ipv4Ranges::documentation(),
            Some(v) if v.is_null() => Ipv4Ranges::documentation(),
            Some(v) => checked(c.name, Ipv4Ranges::parse(str_arg(c.name, "cidr", v)?))?,
        };
        if unique(c.name, c.args.get(1))? {
            Ok(Arc::new(Text::new(UniqueIpv4::new(g), c.describe.clone())))
        } else {
            Ok(Arc::new(Text::new(g, c.describe.clone())))
        }
    },
};

/// `ipv6([cidr])`.
pub const IPV6: GeneratorSpec = GeneratorSpec {
    name: "ipv6",
    signature: "ipv6([cidr VARCHAR or NULL [, 'random' | 'unique']]) -> VARCHAR: an address in 2001:db8::/32 (RFC 3849), or uniformly in cidr; 'unique': distinct for every row",
    doc: "An IPv6 address uniformly in the documentation range, or in `cidr` (NULL for the \
        documentation range). With `'unique'`, every row gets a distinct address (host number \
        `π(row)` below 2^63, a keyed permutation, its higher host bits a hash of it); a table \
        larger than the network is refused.",
    pii: "2001:db8::/32 (RFC 3849) by default; a CIDR you give may be routable.",
    min_args: 0,
    max_args: 2,
    column_args: &[],
    build: |c| {
        let g = match c.args.first() {
            None => Ipv6Range::documentation(),
            Some(v) if v.is_null() => Ipv6Range::documentation(),
            Some(v) => checked(c.name, Ipv6Range::parse(str_arg(c.name, "cidr", v)?))?,
        };
        if unique(c.name, c.args.get(1))? {
            Ok(Arc::new(Text::new(UniqueIpv6::new(g), c.describe.clone())))
        } else {
            Ok(Arc::new(Text::new(g, c.describe.clone())))
        }
    },
};

/// `mac_address()`.
pub const MAC_ADDRESS: GeneratorSpec = GeneratorSpec {
    name: "mac_address",
    signature: "mac_address(['random' | 'unique']) -> VARCHAR: a locally administered unicast MAC (xx:xx:xx:xx:xx:xx); 'unique': distinct for every row",
    doc: "`xx:xx:xx:xx:xx:xx`. With `'unique'`, every row gets a distinct address (a keyed \
        permutation of the 2^46 locally administered unicast MACs).",
    pii: "Locally administered unicast: never vendor-assigned.",
    min_args: 0,
    max_args: 1,
    column_args: &[],
    build: |c| {
        if unique(c.name, c.args.first())? {
            Ok(Arc::new(Text::new(UniqueMac, c.describe.clone())))
        } else {
            Ok(Arc::new(Text::new(MacAddress, c.describe.clone())))
        }
    },
};

/// `user_agent()`.
pub const USER_AGENT: GeneratorSpec = GeneratorSpec {
    name: "user_agent",
    signature: "user_agent() -> VARCHAR: a browser user-agent string",
    doc: "One of `fake`'s 19 browser user agents.",
    pii: "No personal data: public browser strings.",
    min_args: 0,
    max_args: 0,
    column_args: &[],
    build: |c| Ok(Arc::new(Text::new(UserAgent, c.describe.clone()))),
};
