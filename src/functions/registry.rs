//! The generator registry: a table of every generator usable in a synthetic table's column
//! expressions. Each generator's name, signature, argument checks and builder live with the
//! generator under [`super::generators`]; adding one adds one line to [`GENERATORS`].

use std::sync::Arc;

use datafusion::common::utils::datafusion_strsim::levenshtein;
use datafusion::common::{Result, ScalarValue, plan_err};

use super::column::ColumnFunction;
use super::generators::{
    GeneratorSpec, address, categorical, company, coordinates, finance, geometry, internet, keys,
    numeric, person, spider_geometry, text, time,
};

/// Every generator, in the order docs and error lists show them.
pub const GENERATORS: &[GeneratorSpec] = &[
    keys::SEQUENCE,
    keys::UNIQUE_INT,
    numeric::UNIFORM,
    numeric::NORMAL,
    numeric::LOGNORMAL,
    numeric::EXPONENTIAL,
    numeric::PARETO,
    numeric::ZIPF,
    numeric::BERNOULLI,
    numeric::POISSON,
    categorical::CHOICE,
    categorical::WEIGHTED,
    time::DATE_BETWEEN,
    time::TIMESTAMP_BETWEEN,
    time::TIMESTAMP_SERIES,
    text::PATTERN,
    text::UUID,
    text::LOREM_WORDS,
    text::WORDS,
    text::SENTENCE,
    text::PARAGRAPH,
    person::FIRST_NAME,
    person::FIRST_NAME_FEMALE,
    person::FIRST_NAME_MALE,
    person::SEX,
    person::LAST_NAME,
    person::FULL_NAME,
    person::NAME_WITH_TITLE,
    person::USERNAME,
    person::EMAIL,
    person::BIRTH_DATE,
    address::STREET_ADDRESS,
    address::BUILDING_NUMBER,
    address::STREET_NAME,
    address::CITY,
    address::STATE,
    address::STATE_ABBR,
    address::POSTCODE,
    address::ADDRESS,
    address::COUNTRY,
    address::COUNTRY_CODE,
    coordinates::LATITUDE,
    coordinates::LONGITUDE,
    address::PHONE,
    address::MOBILE_PHONE,
    internet::DOMAIN,
    internet::HOSTNAME,
    internet::URL,
    internet::IPV4,
    internet::IPV6,
    internet::MAC_ADDRESS,
    internet::USER_AGENT,
    company::COMPANY_NAME,
    company::COMPANY_SUFFIX,
    company::INDUSTRY,
    company::PROFESSION,
    company::JOB_TITLE,
    company::CATCH_PHRASE,
    finance::CREDIT_CARD,
    finance::IBAN,
    address::CURRENCY_CODE,
    finance::SSN,
    geometry::ST_POINT,
    geometry::ST_BOX,
    spider_geometry::SPIDER_GEOMETRY,
];

/// Every generator name usable in a CREATE SYNTHETIC TABLE column expression (lower case),
/// in the order of [`GENERATORS`].
pub const GENERATOR_NAMES: &[&str] = &{
    let mut names = [""; GENERATORS.len()];
    let mut i = 0;
    while i < GENERATORS.len() {
        names[i] = GENERATORS[i].name;
        i += 1;
    }
    names
};

/// The generator called `name` (case-insensitive).
pub fn generator_spec(name: &str) -> Option<&'static GeneratorSpec> {
    GENERATORS
        .iter()
        .find(|g| g.name.eq_ignore_ascii_case(name))
}

/// One-line signature + summary per generator, for docs, `\d` and error hints.
pub fn generator_signature(name: &str) -> Option<&'static str> {
    generator_spec(name).map(|g| g.signature)
}

/// The generator name closest to `name` (edit distance at most 2), for did-you-mean hints.
pub fn closest_generator(name: &str) -> Option<&'static str> {
    let name = name.to_ascii_lowercase();
    GENERATOR_NAMES
        .iter()
        .map(|g| (levenshtein(&name, g), *g))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, g)| g)
}

/// Builds generator `name` from its constant arguments (already constant-folded to
/// `ScalarValue`s: integers, floats, decimals, text, `DATE`, `TIMESTAMP`, `INTERVAL`, and
/// lists for `[a, b]`). A wrong count, type or range is a planning error naming the
/// function, the parameter, the value and what is allowed, e.g.
/// `normal(): invalid value for 'sd': -1; allowed: a finite number >= 0`.
///
/// The returned function has arity 0 (it reads no columns): it is a pure function of
/// (row, stream seed) and evaluates `Rows::Range` and `Rows::Indices` identically.
pub fn build_generator(name: &str, args: &[ScalarValue]) -> Result<Arc<dyn ColumnFunction>> {
    let name = name.to_ascii_lowercase();
    match generator_spec(&name) {
        Some(spec) => spec.build(args),
        None => match closest_generator(&name) {
            Some(g) => plan_err!("unknown generator '{name}'; did you mean '{g}'?"),
            None => plan_err!(
                "unknown generator '{name}'; the generators are: {}",
                GENERATOR_NAMES.join(", ")
            ),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_lower_case_and_signed() {
        for (i, g) in GENERATORS.iter().enumerate() {
            assert_eq!(g.name, g.name.to_ascii_lowercase());
            assert!(
                g.signature.starts_with(&format!("{}(", g.name)),
                "{}",
                g.name
            );
            assert!(g.min_args <= g.max_args, "{}", g.name);
            assert!(
                GENERATORS[..i].iter().all(|h| h.name != g.name),
                "{} registered twice",
                g.name
            );
            assert_eq!(GENERATOR_NAMES[i], g.name);
            assert!(g.column_args.iter().all(|&p| p < g.max_args), "{}", g.name);
        }
    }
}
