//! Address and phone generators. Every part takes `([locale [, key]])`: the locale (a
//! constant or a text column) and an optional integer key column. Parts given the same key
//! come from one address draw and agree (for `en_US`: state, ZIP prefix and phone area
//! code); without a key each column draws on its own.
//!
//! PII: street, city and building are fictional combinations of `fake`'s word lists; phone
//! numbers come only from ranges reserved for fiction (see `phone`), unless `'any'` is
//! passed as the range.

use std::sync::Arc;

use datafusion::common::{Result, plan_err};

use super::semantic::{Fixed, locale_column};
use super::spec::{Call, GeneratorSpec};
use crate::functions::args::str_arg;
use crate::functions::column::ColumnFunction;
use crate::generate::faker::address::country;
use crate::generate::faker::{Address, AddressPart, PhoneRange};

macro_rules! address_generator {
    ($konst:ident, $name:literal, $part:expr, $summary:literal, $doc:literal) => {
        #[doc = concat!("`", $name, "([locale [, key]])`.")]
        pub const $konst: GeneratorSpec = GeneratorSpec {
            name: $name,
            signature: concat!(
                $name,
                "([locale VARCHAR or column [, key BIGINT column]]) -> VARCHAR: ",
                $summary
            ),
            doc: concat!(
                $doc,
                " Parts given the same `key` column come from one address draw and agree (for \
                `en_US`, the state, the ZIP's 3-digit prefix — USPS's block for that state — and \
                the phone's area code); a key's address depends only on the key and the locale. \
                Without a key each column draws on its own."
            ),
            pii: "Fictional combinations; a street may exist somewhere, but not with that number, city and ZIP.",
            min_args: 0,
            max_args: 2,
            column_args: &[0, 1],
            build: |c| part(c, $part, PhoneRange::Fictional),
        };
    };
}

fn part(c: &Call<'_>, part: AddressPart, range: PhoneRange) -> Result<Arc<dyn ColumnFunction>> {
    let name = c.name;
    locale_column(c, 0, Some(1), |l| Address::new(name, part, l, range))
}

address_generator!(
    STREET_ADDRESS,
    "street_address",
    AddressPart::StreetAddress,
    "building number and street (1234 Smith Avenue; Müllerstraße 12)",
    "Building number and street; streets are built from last names and the locale's suffixes, as `fake` does."
);
address_generator!(
    BUILDING_NUMBER,
    "building_number",
    AddressPart::BuildingNumber,
    "a building number",
    "A building number in the locale's formats."
);
address_generator!(
    STREET_NAME,
    "street_name",
    AddressPart::StreetName,
    "a street name",
    "A street name built from a last name and the locale's suffixes."
);
address_generator!(
    CITY,
    "city",
    AddressPart::City,
    "a fictional city name (Lake Smithton)",
    "A city name built from last names and the locale's prefixes and suffixes."
);
address_generator!(
    STATE,
    "state",
    AddressPart::State,
    "a state or region (en_US: the 50 states and DC)",
    "A state or region of the locale."
);
address_generator!(
    STATE_ABBR,
    "state_abbr",
    AddressPart::StateAbbr,
    "a state abbreviation (en_US: USPS codes)",
    "A state abbreviation of the locale."
);
address_generator!(
    POSTCODE,
    "postcode",
    AddressPart::Postcode,
    "a postcode (en_US: a ZIP whose 3-digit prefix belongs to the address's state)",
    "A postcode in the locale's formats."
);
address_generator!(
    ADDRESS,
    "address",
    AddressPart::FullAddress,
    "a one-line address (en_US: 1234 Smith Avenue, Lake Smithton, NY 10423)",
    "A one-line address (`1234 Smith Avenue, Lake Smithton, NY 10423`; continental order elsewhere)."
);

macro_rules! phone_generator {
    ($konst:ident, $name:literal, $part:expr, $summary:literal, $doc:literal) => {
        #[doc = concat!("`", $name, "([locale [, key [, range]]])`.")]
        pub const $konst: GeneratorSpec = GeneratorSpec {
            name: $name,
            signature: concat!(
                $name,
                "([locale VARCHAR or column [, key BIGINT column or NULL [, 'fictional' | 'any']]]) -> VARCHAR: ",
                $summary
            ),
            doc: concat!(
                $doc,
                " With a `key` column the area code is that of the key's address (`en_US`)."
            ),
            pii: "Ranges reserved for fiction (NANPA 555-0100..0199, ARCEP, Ofcom drama numbers). The other 11 locales have no such range: they are refused unless `range` is `'any'` (the locale's formats with random digits — numbers may be real). Locales with no number formats of their own (`de_DE`, `zh_CN`, `zh_TW`, `ar_SA`; `cy_GB` mobiles) are refused even with `'any'`.",
            min_args: 0,
            max_args: 3,
            column_args: &[0, 1],
            build: |c| part(c, $part, phone_range(c)?),
        };
    };
}

/// The phone `range` argument (position 2).
fn phone_range(c: &Call<'_>) -> Result<PhoneRange> {
    match c.args.get(2) {
        None => Ok(PhoneRange::Fictional),
        Some(v) => match str_arg(c.name, "range", v)?.to_ascii_lowercase().as_str() {
            "fictional" => Ok(PhoneRange::Fictional),
            "any" => Ok(PhoneRange::Any),
            other => plan_err!(
                "{}(): invalid value for 'range': '{other}'; allowed: 'fictional' (numbers reserved for fiction, the default) or 'any' (the locale's formats with random digits: numbers may be real)",
                c.name
            ),
        },
    }
}

phone_generator!(
    PHONE,
    "phone",
    AddressPart::Phone,
    "a landline number reserved for fiction (en_US (AAA) 555-01xx with the state's area code; fr_FR 01 99 00 xx xx; cy_GB 029 2018 0xxx)",
    "A landline number: `en_US` `(AAA) 555-01xx` with the state's area code; `fr_FR` `01 99 00 xx xx`; `cy_GB` `029 2018 0xxx`."
);
phone_generator!(
    MOBILE_PHONE,
    "mobile_phone",
    AddressPart::MobilePhone,
    "a mobile number reserved for fiction (en_US (AAA) 555-01xx; fr_FR 06 39 98 xx xx; cy_GB 07700 900xxx)",
    "A mobile number: `en_US` `(AAA) 555-01xx` with the state's area code; `fr_FR` `06 39 98 xx xx`; `cy_GB` `07700 900xxx`."
);

/// `country([locale])`.
pub const COUNTRY: GeneratorSpec = GeneratorSpec {
    name: "country",
    signature: "country([locale VARCHAR or column]) -> VARCHAR: the locale's country (United States, Germany)",
    doc: "The locale's country (`Germany`).",
    pii: "No personal data: one value per locale.",
    min_args: 0,
    max_args: 1,
    column_args: &[0],
    build: |c| locale_column(c, 0, None, |l| Ok(Fixed(country(l).0))),
};

/// `country_code([locale [, format]])`.
pub const COUNTRY_CODE: GeneratorSpec = GeneratorSpec {
    name: "country_code",
    signature: "country_code([locale VARCHAR or column [, 'alpha2' | 'alpha3']]) -> VARCHAR: the locale's ISO 3166 code (US, DEU)",
    doc: "The locale's ISO 3166 code, `'alpha2'` (default, `DE`) or `'alpha3'` (`DEU`).",
    pii: "No personal data: one value per locale.",
    min_args: 0,
    max_args: 2,
    column_args: &[0],
    build: |c| {
        let alpha3 = match c.args.get(1) {
            None => false,
            Some(v) => match str_arg(c.name, "format", v)?.to_ascii_lowercase().as_str() {
                "alpha2" => false,
                "alpha3" => true,
                other => {
                    return plan_err!(
                        "country_code(): invalid value for 'format': '{other}'; allowed: 'alpha2' or 'alpha3'"
                    );
                }
            },
        };
        locale_column(c, 0, None, move |l| {
            let (_, a2, a3, _) = country(l);
            Ok(Fixed(if alpha3 { a3 } else { a2 }))
        })
    },
};

/// `currency_code([locale])`.
pub const CURRENCY_CODE: GeneratorSpec = GeneratorSpec {
    name: "currency_code",
    signature: "currency_code([locale VARCHAR or column]) -> VARCHAR: the ISO 4217 code of the locale's country (USD, EUR)",
    doc: "The ISO 4217 currency of the locale's country (`EUR`).",
    pii: "No personal data: one value per locale.",
    min_args: 0,
    max_args: 1,
    column_args: &[0],
    build: |c| locale_column(c, 0, None, |l| Ok(Fixed(country(l).3))),
};
