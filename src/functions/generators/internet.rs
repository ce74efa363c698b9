//! Internet generators: domain, hostname, URL, IPv4, IPv6, MAC address and user agent.
//!
//! PII: names live under reserved names only (`.example`, `.test`, `example.com/.net/.org`,
//! RFC 2606/6761); IPv4 defaults to the RFC 5737 documentation networks and IPv6 to
//! 2001:db8::/32 (RFC 3849) — a user-given CIDR replaces them and may produce routable
//! addresses; MAC addresses are locally administered unicast (never vendor-assigned).

use std::sync::Arc;

use super::spec::{GeneratorSpec, checked};
use crate::functions::args::str_arg;
use crate::functions::tabular::Text;
use crate::generate::faker::internet::{
    Domain, Hostname, Ipv4Ranges, Ipv6Range, MacAddress, Url, UserAgent,
};

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
    signature: "hostname() -> VARCHAR: a host under a reserved name (api7.cedar-labs.test)",
    doc: "A host name such as `api7.cedar-labs.test`.",
    pii: "Reserved names only: `.example`, `.test`, `example.com/.net/.org` (RFC 2606/6761).",
    min_args: 0,
    max_args: 0,
    column_args: &[],
    build: |c| Ok(Arc::new(Text::new(Hostname, c.describe.clone()))),
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
    signature: "ipv4([cidr VARCHAR]) -> VARCHAR: an address in the RFC 5737 documentation networks, or uniformly in cidr",
    doc: "An IPv4 address uniformly in the documentation ranges, or in `cidr` (`'10.0.0.0/8'`).",
    pii: "192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24 (RFC 5737) by default; a CIDR you give may \
        be routable.",
    min_args: 0,
    max_args: 1,
    column_args: &[],
    build: |c| {
        let g = match c.args.first() {
            None => Ipv4Ranges::documentation(),
            Some(v) => checked(c.name, Ipv4Ranges::parse(str_arg(c.name, "cidr", v)?))?,
        };
        Ok(Arc::new(Text::new(g, c.describe.clone())))
    },
};

/// `ipv6([cidr])`.
pub const IPV6: GeneratorSpec = GeneratorSpec {
    name: "ipv6",
    signature: "ipv6([cidr VARCHAR]) -> VARCHAR: an address in 2001:db8::/32 (RFC 3849), or uniformly in cidr",
    doc: "An IPv6 address uniformly in the documentation range, or in `cidr`.",
    pii: "2001:db8::/32 (RFC 3849) by default; a CIDR you give may be routable.",
    min_args: 0,
    max_args: 1,
    column_args: &[],
    build: |c| {
        let g = match c.args.first() {
            None => Ipv6Range::documentation(),
            Some(v) => checked(c.name, Ipv6Range::parse(str_arg(c.name, "cidr", v)?))?,
        };
        Ok(Arc::new(Text::new(g, c.describe.clone())))
    },
};

/// `mac_address()`.
pub const MAC_ADDRESS: GeneratorSpec = GeneratorSpec {
    name: "mac_address",
    signature: "mac_address() -> VARCHAR: a locally administered unicast MAC (xx:xx:xx:xx:xx:xx)",
    doc: "`xx:xx:xx:xx:xx:xx`.",
    pii: "Locally administered unicast: never vendor-assigned.",
    min_args: 0,
    max_args: 0,
    column_args: &[],
    build: |c| Ok(Arc::new(Text::new(MacAddress, c.describe.clone()))),
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
