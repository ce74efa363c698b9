//! Addresses and phone numbers: street address, building number, street, city, state,
//! postcode, country and phone, as parts of one address draw.
//!
//! A part's randomness comes from sub-streams of one *address stream*: `region` (the state
//! and, for `en_US`, the ZIP prefix and area code), `street`, `city`, `number` and `line`.
//! Two parts evaluated for the same address stream therefore agree: with the same key
//! column, `state`, `postcode` and `phone` of a row name one state, its ZIP prefix block
//! and its area code. Without a key, the address stream is the column's own (stream, row).
//!
//! PII: phone numbers come only from ranges reserved for fiction: `en_US` 555-0100 to
//! 555-0199 (NANPA), `fr_FR` 01 99 00 xx xx and 06 39 98 xx xx (ARCEP), `cy_GB` 029 2018
//! 0xxx and 07700 900xxx (Ofcom drama numbers). Other locales have no such range: their
//! numbers need an explicit opt-out ([`PhoneRange::Any`]) and may then be real numbers. A
//! locale with no number formats of its own in `fake` (`de_DE`, `zh_CN`, `zh_TW`, `ar_SA`;
//! `cy_GB` mobiles, whose list is its landline list) is refused even then, rather than given
//! US formats.

use super::locale::{List, Locale};
use super::template::{pick, write_digits};
use super::us_states::{US_STATES, UsState};
use super::words::{Templates, WordKind};
use crate::generate::seed::mix64;
use crate::generate::tabular::below;
use crate::generate::{ParamError, RowRng};

/// The stream keyed address draws use: a key's address is the same in every column and
/// every table (it depends on the key and the locale only).
pub const KEY_STREAM: u64 = 0xadd7_e55e_5ee0_0001;

/// Which part of the address a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressPart {
    /// `1234 Smith Avenue` (`en_US`, `cy_GB`, `fr_FR`: building first) or `Müllerstraße 12`
    /// (building after the street, the other locales).
    StreetAddress,
    /// The building number alone.
    BuildingNumber,
    /// The street name alone.
    StreetName,
    /// The city.
    City,
    /// The state or region name.
    State,
    /// The state or region abbreviation.
    StateAbbr,
    /// The postcode (`en_US`: a ZIP whose prefix belongs to the row's state).
    Postcode,
    /// The whole address on one line.
    FullAddress,
    /// A landline number.
    Phone,
    /// A mobile number.
    MobilePhone,
}

/// Where phone numbers may come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneRange {
    /// Only ranges reserved for fiction (the default); locales without one are refused.
    Fictional,
    /// The locale's number formats with random digits: may produce real numbers.
    Any,
}

/// The country of each locale: name, ISO 3166 alpha-2 and alpha-3, currency (ISO 4217).
pub fn country(locale: Locale) -> (&'static str, &'static str, &'static str, &'static str) {
    match locale {
        Locale::EnUs => ("United States", "US", "USA", "USD"),
        Locale::FrFr => ("France", "FR", "FRA", "EUR"),
        Locale::DeDe => ("Germany", "DE", "DEU", "EUR"),
        Locale::ItIt => ("Italy", "IT", "ITA", "EUR"),
        Locale::PtBr => ("Brazil", "BR", "BRA", "BRL"),
        Locale::PtPt => ("Portugal", "PT", "PRT", "EUR"),
        Locale::NlNl => ("Netherlands", "NL", "NLD", "EUR"),
        Locale::JaJp => ("Japan", "JP", "JPN", "JPY"),
        Locale::ZhCn => ("China", "CN", "CHN", "CNY"),
        Locale::ZhTw => ("Taiwan", "TW", "TWN", "TWD"),
        Locale::ArSa => ("Saudi Arabia", "SA", "SAU", "SAR"),
        Locale::TrTr => ("Turkey", "TR", "TUR", "TRY"),
        Locale::FaIr => ("Iran", "IR", "IRN", "IRR"),
        Locale::CyGb => ("United Kingdom", "GB", "GBR", "GBP"),
    }
}

/// The fictional phone formats of a locale: (landline, mobile); `^`/`#` are digits.
fn fictional_phone(locale: Locale) -> Option<(&'static str, &'static str)> {
    match locale {
        Locale::EnUs => Some(("(AAA) 555-01##", "(AAA) 555-01##")),
        Locale::FrFr => Some(("01 99 00 ## ##", "06 39 98 ## ##")),
        Locale::CyGb => Some(("029 2018 0###", "07700 900###")),
        _ => None,
    }
}

/// Sub-stream salts of one address draw.
const REGION: u64 = 1;
const STREET: u64 = 2;
const CITY: u64 = 3;
const NUMBER: u64 = 4;
const LINE: u64 = 5;

/// The random stream of sub-stream `salt` of the address `(stream, row)`.
#[inline]
fn sub(stream: u64, row: u64, salt: u64) -> RowRng {
    RowRng::new(
        mix64(stream ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15)),
        row,
    )
}

/// An address part prepared for one locale.
#[derive(Debug, Clone)]
pub struct Address {
    part: AddressPart,
    locale: Locale,
    /// The street templates, for the parts that show the street.
    street: Option<Templates>,
    /// The city templates, for the parts that show the city.
    city: Option<Templates>,
    phone: Option<(&'static str, &'static str)>,
}

impl Address {
    /// `part` in `locale`; `function` names the caller in errors.
    pub fn new(
        function: &str,
        part: AddressPart,
        locale: Locale,
        range: PhoneRange,
    ) -> Result<Address, ParamError> {
        let needs: &[List] = match part {
            AddressPart::State | AddressPart::StateAbbr => &[List::State],
            AddressPart::Postcode => &[List::Postcode],
            _ => &[],
        };
        if locale != Locale::EnUs {
            locale.require(function, needs)?;
        }
        let phone = match (part, range) {
            (AddressPart::Phone | AddressPart::MobilePhone, PhoneRange::Fictional) => {
                match fictional_phone(locale) {
                    Some(f) => Some(f),
                    None => {
                        return Err(ParamError::new(
                            "locale",
                            format!(
                                "'{}' (which has no phone range reserved for fiction)",
                                locale.name()
                            ),
                            "en_US, fr_FR or cy_GB; or pass 'any' as the range to accept numbers in the locale's format that may be real",
                        ));
                    }
                }
            }
            (AddressPart::Phone, PhoneRange::Any) => {
                locale.require(function, &[List::Phone])?;
                None
            }
            (AddressPart::MobilePhone, PhoneRange::Any) => {
                locale.require(function, &[List::MobilePhone])?;
                None
            }
            _ => None,
        };
        use AddressPart::*;
        let street = match part {
            StreetAddress | StreetName | FullAddress => {
                Some(WordKind::StreetName.prepare(function, locale)?)
            }
            _ => None,
        };
        let city = match part {
            City | FullAddress => Some(WordKind::City.prepare(function, locale)?),
            _ => None,
        };
        Ok(Address {
            part,
            locale,
            street,
            city,
            phone,
        })
    }

    /// The `en_US` state of the address.
    #[inline]
    fn us_state(stream: u64, row: u64) -> (&'static UsState, RowRng) {
        let mut rng = sub(stream, row, REGION);
        let s = &US_STATES[below(&mut rng, US_STATES.len() as u64) as usize];
        (s, rng)
    }

    /// The index of the locale's state of the address.
    #[inline]
    fn state_index(&self, stream: u64, row: u64) -> usize {
        let n = self.locale.data().state.len().max(1) as u64;
        below(&mut sub(stream, row, REGION), n) as usize
    }

    fn write_postcode(&self, stream: u64, row: u64, out: &mut Vec<u8>) {
        if self.locale == Locale::EnUs {
            let (s, mut rng) = Address::us_state(stream, row);
            let prefix = s.zip_lo + below(&mut rng, u64::from(s.zip_hi - s.zip_lo) + 1) as u16;
            out.extend_from_slice(format_3(prefix).as_slice());
            write_digits(&mut rng, "##", out);
        } else {
            let mut rng = sub(stream, row, REGION);
            let formats = self.locale.postcode_formats();
            let format = pick(&mut rng, formats);
            write_digits(&mut rng, format, out);
        }
    }

    /// A building number: the locale's format, its first digit never 0.
    fn write_number(&self, stream: u64, row: u64, out: &mut Vec<u8>) {
        let mut rng = sub(stream, row, NUMBER);
        let formats = self.locale.data().building_number_formats;
        let format = pick(&mut rng, formats);
        match format.strip_prefix('#') {
            Some(rest) => {
                write_digits(&mut rng, "^", out);
                write_digits(&mut rng, rest, out);
            }
            None => write_digits(&mut rng, format, out),
        }
    }

    fn write_state(&self, stream: u64, row: u64, abbr: bool, out: &mut Vec<u8>) {
        if self.locale == Locale::EnUs {
            let s = Address::us_state(stream, row).0;
            out.extend_from_slice(if abbr { s.abbr } else { s.name }.as_bytes());
        } else {
            let d = self.locale.data();
            let i = self.state_index(stream, row);
            let list = if abbr && d.state_abbr.len() == d.state.len() {
                d.state_abbr
            } else {
                d.state
            };
            out.extend_from_slice(list[i].as_bytes());
        }
    }

    fn write_street_address(&self, stream: u64, row: u64, out: &mut Vec<u8>) {
        if matches!(self.locale, Locale::EnUs | Locale::CyGb | Locale::FrFr) {
            self.write_number(stream, row, out);
            out.push(b' ');
            write_opt(&self.street, &mut sub(stream, row, STREET), out);
        } else {
            write_opt(&self.street, &mut sub(stream, row, STREET), out);
            out.push(b' ');
            self.write_number(stream, row, out);
        }
    }

    fn write_phone(&self, stream: u64, row: u64, mobile: bool, out: &mut Vec<u8>) {
        let mut rng = sub(stream, row, LINE);
        let format = match self.phone {
            Some((landline, cell)) => {
                if mobile {
                    cell
                } else {
                    landline
                }
            }
            None => {
                let d = self.locale.data();
                // fake's phone formats live outside `LocaleData`'s lists.
                let formats = if mobile {
                    d.cell_formats
                } else {
                    d.phone_formats
                };
                pick(&mut rng, formats)
            }
        };
        if let Some(rest) = format.strip_prefix("(AAA)") {
            let code = Address::us_state(stream, row).0.area_code;
            out.push(b'(');
            out.extend_from_slice(format_3(code).as_slice());
            out.push(b')');
            write_digits(&mut rng, rest, out);
        } else {
            write_digits(&mut rng, format, out);
        }
    }

    /// Appends the part of the address `(stream, row)`.
    #[inline]
    pub fn write(&self, stream: u64, row: u64, out: &mut Vec<u8>) {
        match self.part {
            AddressPart::StreetAddress => self.write_street_address(stream, row, out),
            AddressPart::BuildingNumber => self.write_number(stream, row, out),
            AddressPart::StreetName => write_opt(&self.street, &mut sub(stream, row, STREET), out),
            AddressPart::City => write_opt(&self.city, &mut sub(stream, row, CITY), out),
            AddressPart::State => self.write_state(stream, row, false, out),
            AddressPart::StateAbbr => self.write_state(stream, row, true, out),
            AddressPart::Postcode => self.write_postcode(stream, row, out),
            AddressPart::Phone => self.write_phone(stream, row, false, out),
            AddressPart::MobilePhone => self.write_phone(stream, row, true, out),
            AddressPart::FullAddress => {
                self.write_street_address(stream, row, out);
                out.extend_from_slice(b", ");
                if matches!(self.locale, Locale::EnUs) {
                    write_opt(&self.city, &mut sub(stream, row, CITY), out);
                    out.extend_from_slice(b", ");
                    self.write_state(stream, row, true, out);
                    out.push(b' ');
                    self.write_postcode(stream, row, out);
                } else {
                    if self.locale.has(List::Postcode) {
                        self.write_postcode(stream, row, out);
                        out.push(b' ');
                    }
                    write_opt(&self.city, &mut sub(stream, row, CITY), out);
                }
            }
        }
    }
}

/// Writes prepared templates (prepared for every part that writes them).
#[inline]
fn write_opt(t: &Option<Templates>, rng: &mut RowRng, out: &mut Vec<u8>) {
    if let Some(t) = t {
        t.write(rng, out);
    }
}

/// Three zero-padded decimal digits.
#[inline]
fn format_3(v: u16) -> [u8; 3] {
    [
        b'0' + (v / 100 % 10) as u8,
        b'0' + (v / 10 % 10) as u8,
        b'0' + (v % 10) as u8,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(a: &Address, stream: u64, row: u64) -> String {
        let mut out = Vec::new();
        a.write(stream, row, &mut out);
        String::from_utf8(out).unwrap()
    }

    /// State, ZIP prefix and area code of an en_US address name the same state.
    #[test]
    fn en_us_parts_of_one_address_agree() {
        let part = |p| Address::new("t", p, Locale::EnUs, PhoneRange::Fictional).unwrap();
        let (abbr, zip, phone) = (
            part(AddressPart::StateAbbr),
            part(AddressPart::Postcode),
            part(AddressPart::Phone),
        );
        for key in 0..20_000 {
            let st = text(&abbr, KEY_STREAM, key);
            let s = US_STATES.iter().find(|s| s.abbr == st).unwrap();
            let z = text(&zip, KEY_STREAM, key);
            assert_eq!(z.len(), 5);
            let prefix: u16 = z[..3].parse().unwrap();
            assert!((s.zip_lo..=s.zip_hi).contains(&prefix), "{st} {z}");
            let p = text(&phone, KEY_STREAM, key);
            assert_eq!(&p[..5], format!("({:03})", s.area_code), "{p}");
            let line: u32 = p[10..].parse().unwrap();
            assert!(&p[5..10] == " 555-" && (100..=199).contains(&line), "{p}");
        }
    }

    #[test]
    fn locales_without_a_fictional_range_need_the_opt_out() {
        let e = Address::new(
            "phone",
            AddressPart::Phone,
            Locale::DeDe,
            PhoneRange::Fictional,
        )
        .unwrap_err();
        assert!(e.value.contains("de_DE"), "{e}");
        // de_DE has no number formats of its own in fake (its list is the US one): refused
        // even with the opt-out; it_IT has its own.
        let e =
            Address::new("phone", AddressPart::Phone, Locale::DeDe, PhoneRange::Any).unwrap_err();
        assert!(e.value.contains("no phone number formats"), "{e}");
        let a = Address::new("phone", AddressPart::Phone, Locale::ItIt, PhoneRange::Any).unwrap();
        assert!(text(&a, 1, 2).starts_with("+39 "));
        let fr = Address::new(
            "phone",
            AddressPart::MobilePhone,
            Locale::FrFr,
            PhoneRange::Fictional,
        )
        .unwrap();
        assert!(text(&fr, 1, 2).starts_with("06 39 98 "));
    }

    #[test]
    fn every_part_writes_for_every_locale_that_has_it() {
        let parts = [
            AddressPart::StreetAddress,
            AddressPart::BuildingNumber,
            AddressPart::StreetName,
            AddressPart::City,
            AddressPart::State,
            AddressPart::StateAbbr,
            AddressPart::Postcode,
            AddressPart::FullAddress,
            AddressPart::Phone,
            AddressPart::MobilePhone,
        ];
        for p in parts {
            for l in Locale::ALL {
                if let Ok(a) = Address::new("t", p, l, PhoneRange::Any) {
                    for row in 0..20 {
                        assert!(!text(&a, 7, row).is_empty(), "{p:?} {l:?}");
                    }
                }
            }
        }
    }
}
