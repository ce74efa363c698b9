//! Semantic detection of text columns: by name (`email`, `first_name`, `phone`, `ip`,
//! `iban`…) or by content (a regular expression matching nearly every value), mapped to this
//! crate's PII-free generators. The values themselves are never carried.

use super::profile::ColumnProfile;

/// A detected meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Semantic {
    Email,
    FirstName,
    LastName,
    FullName,
    Phone,
    Ipv4,
    Ipv6,
    Host,
    Url,
    Uuid,
    Iban,
    Card,
    Ssn,
    Street,
    City,
    Postcode,
    Company,
}

impl Semantic {
    /// The generator call (en_US where a locale is taken).
    pub fn call(self) -> &'static str {
        match self {
            Semantic::Email => "email",
            Semantic::FirstName => "first_name('en_US')",
            Semantic::LastName => "last_name('en_US')",
            Semantic::FullName => "full_name('en_US')",
            Semantic::Phone => "phone('en_US')",
            Semantic::Ipv4 => "ipv4()",
            Semantic::Ipv6 => "ipv6()",
            Semantic::Host => "hostname()",
            Semantic::Url => "url()",
            Semantic::Uuid => "uuid()",
            Semantic::Iban => "iban()",
            Semantic::Card => "credit_card()",
            Semantic::Ssn => "ssn()",
            Semantic::Street => "street_address('en_US')",
            Semantic::City => "city('en_US')",
            Semantic::Postcode => "postcode('en_US')",
            Semantic::Company => "company_name('en_US')",
        }
    }

    /// What the DDL's comment calls it.
    pub fn label(self) -> &'static str {
        match self {
            Semantic::Email => "email",
            Semantic::FirstName => "first name",
            Semantic::LastName => "last name",
            Semantic::FullName => "person name",
            Semantic::Phone => "phone number",
            Semantic::Ipv4 => "IPv4 address",
            Semantic::Ipv6 => "IPv6 address",
            Semantic::Host => "host name",
            Semantic::Url => "URL",
            Semantic::Uuid => "UUID",
            Semantic::Iban => "IBAN",
            Semantic::Card => "card number",
            Semantic::Ssn => "SSN",
            Semantic::Street => "street address",
            Semantic::City => "city",
            Semantic::Postcode => "postcode",
            Semantic::Company => "company name",
        }
    }
}

/// Names (lower case, without `_`, `-` and spaces) and what they mean.
const NAMES: &[(&str, Semantic)] = &[
    ("email", Semantic::Email),
    ("emailaddress", Semantic::Email),
    ("mail", Semantic::Email),
    ("firstname", Semantic::FirstName),
    ("givenname", Semantic::FirstName),
    ("forename", Semantic::FirstName),
    ("lastname", Semantic::LastName),
    ("surname", Semantic::LastName),
    ("familyname", Semantic::LastName),
    ("name", Semantic::FullName),
    ("fullname", Semantic::FullName),
    ("customername", Semantic::FullName),
    ("personname", Semantic::FullName),
    ("phone", Semantic::Phone),
    ("phonenumber", Semantic::Phone),
    ("telephone", Semantic::Phone),
    ("mobile", Semantic::Phone),
    ("ip", Semantic::Ipv4),
    ("ipaddress", Semantic::Ipv4),
    ("ipv4", Semantic::Ipv4),
    ("ipv6", Semantic::Ipv6),
    ("host", Semantic::Host),
    ("hostname", Semantic::Host),
    ("url", Semantic::Url),
    ("website", Semantic::Url),
    ("uuid", Semantic::Uuid),
    ("guid", Semantic::Uuid),
    ("iban", Semantic::Iban),
    ("creditcard", Semantic::Card),
    ("cardnumber", Semantic::Card),
    ("ccnumber", Semantic::Card),
    ("ssn", Semantic::Ssn),
    ("street", Semantic::Street),
    ("streetaddress", Semantic::Street),
    ("address", Semantic::Street),
    ("city", Semantic::City),
    ("zip", Semantic::Postcode),
    ("zipcode", Semantic::Postcode),
    ("postcode", Semantic::Postcode),
    ("postalcode", Semantic::Postcode),
    ("company", Semantic::Company),
    ("companyname", Semantic::Company),
];

/// Share of non-null values a content detector must match.
pub const CONTENT_SHARE: f64 = 0.9;

/// The meaning of a text column, by name first, then by content.
pub fn detect(p: &ColumnProfile) -> Option<Semantic> {
    let key: String = p
        .name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    if let Some((_, s)) = NAMES.iter().find(|(n, _)| *n == key) {
        // A low-cardinality "city" or "name" column is a category list, not PII-shaped text.
        let few = p.categories.as_ref().is_some_and(|c| c.len() <= 50);
        if !(few && matches!(s, Semantic::City | Semantic::FullName | Semantic::Company)) {
            return Some(*s);
        }
    }
    let share = |name: &str| {
        p.detected
            .iter()
            .find(|(d, _)| *d == name)
            .map_or(0.0, |(_, s)| *s)
    };
    [
        ("email", Semantic::Email),
        ("uuid", Semantic::Uuid),
        ("ipv4", Semantic::Ipv4),
        ("url", Semantic::Url),
        ("phone", Semantic::Phone),
    ]
    .into_iter()
    .find(|(d, _)| share(d) >= CONTENT_SHARE)
    .map(|(_, s)| s)
}
