//! Finance generators: card numbers, IBANs and SSN-like identifiers.
//!
//! PII: card numbers use payment processors' documented test BINs unless `'any'` is passed;
//! IBANs have no reserved range (valid structure, random digits: one may exist — never use
//! them for payments); SSNs use area 666, which the SSA never issues.

use std::sync::Arc;

use datafusion::common::{Result, plan_err};

use super::spec::{GeneratorSpec, checked};
use crate::functions::args::str_arg;
use crate::functions::tabular::Text;
use crate::generate::faker::finance::{Brand, CardNumber, Iban, Ssn};

/// `credit_card([brand [, prefixes]])`.
pub const CREDIT_CARD: GeneratorSpec = GeneratorSpec {
    name: "credit_card",
    signature: "credit_card([brand VARCHAR or NULL [, 'test' | 'any']]) -> VARCHAR: a Luhn-valid number of visa, mastercard, amex, discover or jcb on a documented test BIN (all brands when NULL or absent)",
    doc: "Luhn-valid numbers of `visa`, `mastercard`, `amex` (15 digits), `discover`, `jcb` (all \
        when NULL or absent).",
    pii: "On payment processors' documented test BINs (424242, 555555, 378282, 601111, 353011) by \
        default; `'any'` as the second argument uses the brands' real ranges — a number may then \
        be a real card's.",
    min_args: 0,
    max_args: 2,
    column_args: &[],
    build: |c| {
        let brands = match c.args.first() {
            Some(v) if !v.is_null() => {
                vec![checked(c.name, Brand::parse(str_arg(c.name, "brand", v)?))?]
            }
            _ => vec![],
        };
        let test_bins = match c.args.get(1) {
            None => true,
            Some(v) => match str_arg(c.name, "prefixes", v)?
                .to_ascii_lowercase()
                .as_str()
            {
                "test" => true,
                "any" => false,
                other => {
                    return plan_err!(
                        "credit_card(): invalid value for 'prefixes': '{other}'; allowed: 'test' (documented test BINs, the default) or 'any' (any of the brand's real prefixes: a number may be a real card's)"
                    );
                }
            },
        };
        Ok(Arc::new(Text::new(
            CardNumber::new(brands, test_bins),
            c.describe.clone(),
        )))
    },
};

/// `iban([country])`.
pub const IBAN: GeneratorSpec = GeneratorSpec {
    name: "iban",
    signature: "iban([country VARCHAR]) -> VARCHAR: an IBAN with valid mod-97 check digits and its country's length (AT BE CH DE ES FI FR GB IE IT NL PL PT SA SE TR; all when absent)",
    doc: "Valid mod-97 check digits and the country's length (AT BE CH DE ES FI FR GB IE IT NL PL \
        PT SA SE TR; all when absent).",
    pii: "There is no reserved IBAN range: random bank and account digits may name a real account \
        — test values only, never for payments.",
    min_args: 0,
    max_args: 1,
    column_args: &[],
    build: |c| {
        let country = match c.args.first() {
            Some(v) => Some(str_arg(c.name, "country", v)?),
            None => None,
        };
        let g = checked(c.name, Iban::new(country))?;
        Ok(Arc::new(Text::new(g, c.describe.clone())))
    },
};

/// `ssn()`.
pub const SSN: GeneratorSpec = GeneratorSpec {
    name: "ssn",
    signature: "ssn() -> VARCHAR: a US SSN-like 666-GG-SSSS (area 666 is never issued)",
    doc: "`666-GG-SSSS`.",
    pii: "Area 666 is never issued by the SSA.",
    min_args: 0,
    max_args: 0,
    column_args: &[],
    build: |c| -> Result<_> { Ok(Arc::new(Text::new(Ssn, c.describe.clone()))) },
};
