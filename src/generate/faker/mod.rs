//! Semantic (Faker-style) fields: people, companies, addresses, phones, internet
//! identifiers, finance identifiers and lorem text, in the 14 locales `fake` 5 has data for.
//!
//! Every value is a pure function of (stream, row) — or of (locale, key) for keyed address
//! parts — written as UTF-8 bytes; word lists are `fake`'s static data indexed by our own
//! per-row stream. Values that could identify a real person or system come from reserved or
//! never-issued ranges unless the caller opts out: each module's docs say which.
//!
//! Generator version 1: the algorithms and lists are frozen; golden tests pin them.

pub mod address;
pub mod birth;
pub mod country_area;
pub mod country_shapes;
pub mod email;
pub mod finance;
pub mod internet;
pub mod locale;
pub mod sexed;
pub mod ssa_names;
pub mod template;
pub mod text;
pub mod titles;
pub mod unique_net;
pub mod us_states;
pub mod words;

pub use address::{Address, AddressPart, PhoneRange};
pub use country_area::CountryArea;
pub use locale::{List, Locale};
pub use sexed::{Sex, SexedNames};
pub use text::{Lorem, LoremKind};
pub use words::{Templates, WordKind};
