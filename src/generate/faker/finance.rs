//! Finance identifiers: card numbers (issuer prefix and length, Luhn check digit), IBANs
//! (per-country length, mod-97 check digits) and SSN-like identifiers.
//!
//! PII: by default card numbers start with a payment processor's documented *test* BIN
//! (Visa 424242, Mastercard 555555, American Express 378282, Discover 601111, JCB 353011:
//! the prefixes of Stripe's published test cards), so no issuer has given them to a person;
//! with `'any'` the prefix is any of the brand's real ranges and a number can then be a real
//! card's. IBANs have no reserved range: they are structurally valid with random bank and
//! account digits, so one may coincide with a real account; never use them for payments.
//! SSNs use area 666, which the SSA never issues.

use super::internet::push_decimal;
use crate::generate::tabular::{TextGenerator, below};
use crate::generate::{ParamError, RowRng};

/// A card brand: name, documented test BIN, real prefixes, length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Brand {
    /// The name users pass.
    pub name: &'static str,
    test_bin: &'static str,
    prefixes: &'static [&'static str],
    /// Digits in the number.
    pub len: usize,
}

/// The brands.
pub const BRANDS: [Brand; 5] = [
    Brand {
        name: "visa",
        test_bin: "424242",
        prefixes: &["4"],
        len: 16,
    },
    Brand {
        name: "mastercard",
        test_bin: "555555",
        prefixes: &["51", "52", "53", "54", "55", "2221", "2720"],
        len: 16,
    },
    Brand {
        name: "amex",
        test_bin: "378282",
        prefixes: &["34", "37"],
        len: 15,
    },
    Brand {
        name: "discover",
        test_bin: "601111",
        prefixes: &["6011", "65"],
        len: 16,
    },
    Brand {
        name: "jcb",
        test_bin: "353011",
        prefixes: &["3528", "3589"],
        len: 16,
    },
];

impl Brand {
    /// The brand called `name` (case-insensitive).
    pub fn parse(name: &str) -> Result<Brand, ParamError> {
        BRANDS
            .iter()
            .find(|b| b.name.eq_ignore_ascii_case(name.trim()))
            .copied()
            .ok_or_else(|| {
                let names: Vec<&str> = BRANDS.iter().map(|b| b.name).collect();
                ParamError::new(
                    "brand",
                    format!("'{name}'"),
                    format!("one of {}", names.join(", ")),
                )
            })
    }
}

/// Card numbers of some brands (a row picks a brand uniformly).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardNumber {
    brands: Vec<Brand>,
    test_bins: bool,
}

impl CardNumber {
    /// Numbers of `brands` (all when empty); `test_bins` keeps to documented test BINs.
    pub fn new(brands: Vec<Brand>, test_bins: bool) -> Self {
        let brands = if brands.is_empty() {
            BRANDS.to_vec()
        } else {
            brands
        };
        CardNumber { brands, test_bins }
    }

    /// Appends one number (digits only).
    #[inline]
    pub fn write(&self, rng: &mut RowRng, out: &mut Vec<u8>) {
        let b = &self.brands[below(rng, self.brands.len() as u64) as usize];
        let start = out.len();
        let prefix = if self.test_bins {
            b.test_bin
        } else {
            b.prefixes[below(rng, b.prefixes.len() as u64) as usize]
        };
        out.extend_from_slice(prefix.as_bytes());
        for _ in prefix.len()..b.len - 1 {
            out.push(b'0' + below(rng, 10) as u8);
        }
        let check = luhn_check_digit(&out[start..]);
        out.push(b'0' + check);
    }
}

/// The Luhn check digit to append to `digits`.
pub fn luhn_check_digit(digits: &[u8]) -> u8 {
    let mut sum = 0u32;
    for (i, d) in digits.iter().rev().enumerate() {
        let mut v = u32::from(d - b'0');
        if i % 2 == 0 {
            v *= 2;
            if v > 9 {
                v -= 9;
            }
        }
        sum += v;
    }
    ((10 - sum % 10) % 10) as u8
}

/// Whether a digit string passes the Luhn check.
pub fn luhn_valid(digits: &str) -> bool {
    let b = digits.as_bytes();
    !b.is_empty()
        && b.iter().all(u8::is_ascii_digit)
        && luhn_check_digit(&b[..b.len() - 1]) == b[b.len() - 1] - b'0'
}

/// IBAN countries: code and BBAN format (`#` digit, `A` upper-case letter, `X` either).
pub const IBAN_COUNTRIES: &[(&str, &str)] = &[
    ("AT", "################"),
    ("BE", "############"),
    ("CH", "#################"),
    ("DE", "##################"),
    ("ES", "####################"),
    ("FI", "##############"),
    ("FR", "#######################"),
    ("GB", "AAAA##############"),
    ("IE", "AAAA##############"),
    ("IT", "A######################"),
    ("NL", "AAAA##########"),
    ("PL", "########################"),
    ("PT", "#####################"),
    ("SA", "######################"),
    ("SE", "####################"),
    ("TR", "########################"),
];

/// IBANs of one or several countries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Iban {
    countries: Vec<(&'static str, &'static str)>,
}

impl Iban {
    /// IBANs of `country` (ISO alpha-2), or of every supported country when `None`.
    pub fn new(country: Option<&str>) -> Result<Self, ParamError> {
        let Some(c) = country else {
            return Ok(Iban {
                countries: IBAN_COUNTRIES.to_vec(),
            });
        };
        match IBAN_COUNTRIES
            .iter()
            .find(|(code, _)| code.eq_ignore_ascii_case(c.trim()))
        {
            Some(&entry) => Ok(Iban {
                countries: vec![entry],
            }),
            None => {
                let codes: Vec<&str> = IBAN_COUNTRIES.iter().map(|(c, _)| *c).collect();
                Err(ParamError::new(
                    "country",
                    format!("'{c}'"),
                    format!("one of {}", codes.join(", ")),
                ))
            }
        }
    }

    /// Appends one IBAN (no spaces).
    #[inline]
    pub fn write(&self, rng: &mut RowRng, out: &mut Vec<u8>) {
        let (code, format) = self.countries[below(rng, self.countries.len() as u64) as usize];
        let start = out.len();
        out.extend_from_slice(code.as_bytes());
        out.extend_from_slice(b"00");
        for f in format.bytes() {
            out.push(match f {
                b'A' => b'A' + below(rng, 26) as u8,
                _ => b'0' + below(rng, 10) as u8,
            });
        }
        let check = 98 - iban_mod97(&out[start..]);
        out[start + 2] = b'0' + (check / 10) as u8;
        out[start + 3] = b'0' + (check % 10) as u8;
    }
}

/// The ISO 7064 mod-97 remainder of an IBAN (country, check digits, BBAN), computed on the
/// rearranged form (BBAN, country, check digits) with letters as 10..35.
pub fn iban_mod97(iban: &[u8]) -> u32 {
    let (head, bban) = iban.split_at(4.min(iban.len()));
    let mut r = 0u32;
    for &c in bban.iter().chain(head) {
        r = match c {
            b'0'..=b'9' => (r * 10 + u32::from(c - b'0')) % 97,
            b'A'..=b'Z' => (r * 100 + u32::from(c - b'A') + 10) % 97,
            _ => r,
        };
    }
    r
}

/// Whether an IBAN's check digits are right and its length is its country's.
pub fn iban_valid(iban: &str) -> bool {
    let b = iban.as_bytes();
    b.len() > 4
        && IBAN_COUNTRIES
            .iter()
            .any(|(c, f)| iban.starts_with(c) && b.len() == 4 + f.len())
        && iban_mod97(b) == 1
}

/// Appends an SSN-like identifier `666-GG-SSSS` (group 01-99, serial 0001-9999).
#[inline]
pub fn write_ssn(rng: &mut RowRng, out: &mut Vec<u8>) {
    out.extend_from_slice(b"666-");
    let group = 1 + below(rng, 99);
    if group < 10 {
        out.push(b'0');
    }
    push_decimal(out, group);
    out.push(b'-');
    let serial = 1 + below(rng, 9999);
    for div in [1000, 100, 10, 1] {
        out.push(b'0' + (serial / div % 10) as u8);
    }
}

impl TextGenerator for CardNumber {
    #[inline]
    fn write(&self, stream: u64, row: u64, out: &mut Vec<u8>) {
        CardNumber::write(self, &mut RowRng::new(stream, row), out);
    }
    fn typical_len(&self) -> usize {
        16
    }
}

impl TextGenerator for Iban {
    #[inline]
    fn write(&self, stream: u64, row: u64, out: &mut Vec<u8>) {
        Iban::write(self, &mut RowRng::new(stream, row), out);
    }
    fn typical_len(&self) -> usize {
        24
    }
}

/// `ssn()`: see [`write_ssn`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ssn;

impl TextGenerator for Ssn {
    #[inline]
    fn write(&self, stream: u64, row: u64, out: &mut Vec<u8>) {
        write_ssn(&mut RowRng::new(stream, row), out);
    }
    fn typical_len(&self) -> usize {
        11
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_of_known_numbers() {
        assert!(luhn_valid("4242424242424242"));
        assert!(luhn_valid("378282246310005"));
        assert!(!luhn_valid("4242424242424241"));
        assert!(!luhn_valid(""));
    }

    #[test]
    fn cards_pass_luhn_with_the_brand_prefix_and_length() {
        for test_bins in [true, false] {
            let g = CardNumber::new(vec![], test_bins);
            for row in 0..5000 {
                let mut out = Vec::new();
                g.write(&mut RowRng::new(1, row), &mut out);
                let s = String::from_utf8(out).unwrap();
                assert!(luhn_valid(&s), "{s}");
                let b = BRANDS
                    .iter()
                    .find(|b| {
                        if test_bins {
                            s.starts_with(b.test_bin)
                        } else {
                            b.prefixes.iter().any(|p| s.starts_with(p))
                        }
                    })
                    .unwrap();
                assert_eq!(s.len(), b.len, "{s}");
            }
        }
        assert!(Brand::parse("VISA").is_ok());
        assert!(Brand::parse("diners").is_err());
    }

    #[test]
    fn ibans_pass_mod_97_with_the_country_length() {
        // A published example IBAN (ECBS): GB82 WEST 1234 5698 7654 32.
        assert!(iban_valid("GB82WEST12345698765432"));
        assert!(!iban_valid("GB83WEST12345698765432"));
        let g = Iban::new(None).unwrap();
        for row in 0..5000 {
            let mut out = Vec::new();
            g.write(&mut RowRng::new(2, row), &mut out);
            let s = String::from_utf8(out).unwrap();
            assert!(iban_valid(&s), "{s}");
        }
        assert!(Iban::new(Some("de")).is_ok());
        assert!(Iban::new(Some("XX")).is_err());
    }

    #[test]
    fn ssns_are_in_the_never_issued_area() {
        for row in 0..2000 {
            let mut out = Vec::new();
            write_ssn(&mut RowRng::new(3, row), &mut out);
            let s = String::from_utf8(out).unwrap();
            assert_eq!(s.len(), 11, "{s}");
            assert!(s.starts_with("666-") && &s[6..7] == "-");
            assert_ne!(&s[4..6], "00");
            assert_ne!(&s[7..], "0000");
        }
    }
}
