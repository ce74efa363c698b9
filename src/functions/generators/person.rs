//! Person generators: names in a locale, and usernames and emails derived from the row's
//! own name columns.
//!
//! PII: names are single first and last names from `fake`'s lists, combined at random, so
//! a full name may match a real person's name as any common name does, but nothing ties it
//! to that person. Emails use `example.com`, `example.net` and `example.org` (RFC 2606)
//! unless `'freemail'` is asked for: then real free-mail domains (gmail.com, yahoo.com,
//! hotmail.com), where an address may belong to someone.

use std::sync::Arc;

use datafusion::common::{Result, plan_err};

use datafusion::arrow::array::{ArrayRef, StringArray};
use datafusion::arrow::datatypes::{DataType, Date32Type};
use datafusion::common::ScalarValue;

use super::semantic::locale_column;
use super::spec::{Call, GeneratorSpec, checked};
use crate::functions::args::{date_arg, int_arg, str_arg};
use crate::functions::column::ColumnFunction;
use crate::functions::tabular::Sampled;
use crate::functions::tabular::{Derived, DerivedKind};
use crate::functions::tabular::{Pick, PickIndex};
use crate::generate::faker::birth::birth_dates;
use crate::generate::faker::email::EMAIL_DOMAINS;
use crate::generate::faker::{Sex, SexedNames, WordKind};
use crate::generate::tabular::Weighted;

macro_rules! word_generator {
    ($konst:ident, $name:literal, $kind:expr, $summary:literal, $doc:literal, $pii:literal) => {
        #[doc = concat!("`", $name, "([locale])`.")]
        pub const $konst: GeneratorSpec = GeneratorSpec {
            name: $name,
            signature: concat!($name, "([locale VARCHAR or column]) -> VARCHAR: ", $summary),
            doc: $doc,
            pii: $pii,
            min_args: 0,
            max_args: 1,
            column_args: &[0],
            build: |c| words(c, $kind),
        };
    };
}
pub(crate) use word_generator;

/// A word-list generator of `kind`, locale at argument 0.
pub fn words(c: &Call<'_>, kind: WordKind) -> Result<Arc<dyn ColumnFunction>> {
    let name = c.name;
    locale_column(c, 0, None, |l| kind.prepare(name, l))
}

word_generator!(
    FIRST_NAME,
    "first_name",
    WordKind::FirstName,
    "a first name",
    "A first name from the locale's list, uniformly.",
    "Common names, combined at random; nothing ties a row to a person."
);
word_generator!(
    LAST_NAME,
    "last_name",
    WordKind::LastName,
    "a last name",
    "A last name from the locale's list, uniformly.",
    "Common names, combined at random; nothing ties a row to a person."
);
word_generator!(
    FULL_NAME,
    "full_name",
    WordKind::FullName,
    "first and last name in the locale's order",
    "First and last name in the locale's order (`ja_JP`: `山田 太郎`).",
    "Common names, combined at random; nothing ties a row to a person."
);
word_generator!(
    NAME_WITH_TITLE,
    "name_with_title",
    WordKind::NameWithTitle,
    "a full name with a title (Dr., Prof., 様)",
    "A full name with a title (`Dr.`, `Prof.`, `様`). Titles that name a sex (`Frau`, `Mme`) are never paired with a first name of unknown sex: `en_US` pairs `Mr.` with male and `Mrs.`, `Ms.`, `Miss` with female first names (SSA lists); other locales use only their titles for either sex, and locales whose titles all name a sex (`pt_PT`, `zh_CN`) are refused.",
    "Common names, combined at random; nothing ties a row to a person."
);

/// `first_name_female([locale])`: SSA-weighted female first names (en_US only).
pub const FIRST_NAME_FEMALE: GeneratorSpec = GeneratorSpec {
    name: "first_name_female",
    signature: "first_name_female([locale VARCHAR or column]) -> VARCHAR: a female first name, weighted by US frequency (SSA 2019 top 200; en_US only)",
    doc: "`en_US` only: the 200 most frequent female names of US births in 2019, weighted by their \
        counts (SSA baby-name data, public domain; `Olivia` leads). Other locales are refused: \
        `fake`'s lists are not split by sex.",
    pii: "Common names.",
    min_args: 0,
    max_args: 1,
    column_args: &[0],
    build: |c| {
        let name = c.name;
        locale_column(c, 0, None, |l| SexedNames::new(Sex::Female, l, name))
    },
};

/// `first_name_male([locale])`: SSA-weighted male first names (en_US only).
pub const FIRST_NAME_MALE: GeneratorSpec = GeneratorSpec {
    name: "first_name_male",
    signature: "first_name_male([locale VARCHAR or column]) -> VARCHAR: a male first name, weighted by US frequency (SSA 2019 top 200; en_US only)",
    doc: "`en_US` only: the 200 most frequent male names of US births in 2019, weighted by their \
        counts (SSA baby-name data, public domain; `Liam` leads). Other locales are refused: \
        `fake`'s lists are not split by sex.",
    pii: "Common names.",
    min_args: 0,
    max_args: 1,
    column_args: &[0],
    build: |c| {
        let name = c.name;
        locale_column(c, 0, None, |l| SexedNames::new(Sex::Male, l, name))
    },
};

/// `sex([female_share])`: `'female'` or `'male'`.
pub const SEX: GeneratorSpec = GeneratorSpec {
    name: "sex",
    signature: "sex([female_share DOUBLE]) -> VARCHAR: 'female' with probability female_share (default 0.5), else 'male'",
    doc: "`'female'` with probability `female_share` (default 0.5), else `'male'`. With the names: \
        `CASE WHEN sex = 'female' THEN first_name_female() ELSE first_name_male() END`.",
    pii: "No personal data: one of two constants.",
    min_args: 0,
    max_args: 1,
    column_args: &[],
    build: |c| {
        let share = match c.args.first() {
            None => 0.5,
            Some(v) => match v.cast_to(&DataType::Float64) {
                Ok(ScalarValue::Float64(Some(x))) if (0.0..=1.0).contains(&x) => x,
                _ => {
                    return plan_err!(
                        "sex(): invalid value for 'female_share': {v}; allowed: a number in [0, 1]"
                    );
                }
            },
        };
        let index = checked(c.name, Weighted::float(2, &[share, 1.0 - share]))?;
        let values: ArrayRef = Arc::new(StringArray::from(vec!["female", "male"]));
        Ok(Arc::new(Pick::new(
            PickIndex::Weighted(index),
            values,
            c.describe.clone(),
        )))
    },
};

/// `username(first, last [, n])`.
pub const USERNAME: GeneratorSpec = GeneratorSpec {
    name: "username",
    signature: "username(first column, last column [, n BIGINT column]) -> VARCHAR: first.last[.n], lower-case ASCII; unique when n is",
    doc: "`first.last[.n]` from the row's name columns `first` and `last`: lower-case ASCII, \
        accents transliterated (`Jürgen` → `jurgen`, `Straße` → `strasse`), other characters \
        dropped (`user` when nothing is left); `n` (an integer column, e.g. the key) makes \
        usernames unique. A NULL input gives NULL.",
    pii: "Derived from generated names.",
    min_args: 2,
    max_args: 3,
    column_args: &[0, 1, 2],
    build: |c| derived(c, DerivedKind::Username),
};

/// `email(first, last [, n [, domains]])`.
pub const EMAIL: GeneratorSpec = GeneratorSpec {
    name: "email",
    signature: "email(first column, last column [, n BIGINT column or NULL [, 'reserved' | 'freemail']]) -> VARCHAR: first.last[.n]@example.com|net|org; unique when n is",
    doc: "`username@domain` from the row's name columns `first` and `last` (as `username`); `n` \
        (an integer column, e.g. the key) makes emails unique by construction for any row count \
        (the text after the last dot is `n`); `domains` is `'reserved'` (default) or \
        `'freemail'`. A NULL input gives NULL.",
    pii: "`example.com`, `example.net`, `example.org` only (RFC 2606); `'freemail'` uses \
        gmail.com, yahoo.com, hotmail.com, where an address may belong to someone.",
    min_args: 2,
    max_args: 4,
    column_args: &[0, 1, 2],
    build: |c| {
        let domains = match c.args.get(3) {
            None => EMAIL_DOMAINS,
            Some(v) => match str_arg(c.name, "domains", v)?.to_ascii_lowercase().as_str() {
                "reserved" => EMAIL_DOMAINS,
                "freemail" => {
                    <fake::locales::EN as fake::locales::Data>::INTERNET_FREE_EMAIL_PROVIDER
                }
                other => {
                    return plan_err!(
                        "email(): invalid value for 'domains': '{other}'; allowed: 'reserved' (example.com/.net/.org, the default) or 'freemail' (real free-mail domains: addresses may exist)"
                    );
                }
            },
        };
        derived(c, DerivedKind::Email(domains))
    },
};

/// A username or email from name columns 0 and 1 and an optional integer column 2.
fn derived(c: &Call<'_>, kind: DerivedKind) -> Result<Arc<dyn ColumnFunction>> {
    for (i, what) in [(0, "first"), (1, "last")] {
        match c.column(i) {
            Some(col)
                if matches!(
                    col.data_type,
                    datafusion::arrow::datatypes::DataType::Utf8
                        | datafusion::arrow::datatypes::DataType::Utf8View
                        | datafusion::arrow::datatypes::DataType::LargeUtf8
                ) => {}
            Some(col) => {
                return plan_err!(
                    "{}(): invalid value for '{what}': column {} of type {}; allowed: a VARCHAR column",
                    c.name,
                    col.name,
                    col.data_type
                );
            }
            None => {
                return plan_err!(
                    "{}(): invalid value for '{what}': {}; allowed: the name of a VARCHAR column of the table (e.g. {}(first, last))",
                    c.name,
                    c.args[i],
                    c.name
                );
            }
        }
    }
    let suffixed = match (c.column(2), c.args.get(2)) {
        (Some(col), _) if col.data_type.is_integer() => true,
        (Some(col), _) => {
            return plan_err!(
                "{}(): invalid value for 'n': column {} of type {}; allowed: an integer column",
                c.name,
                col.name,
                col.data_type
            );
        }
        (None, Some(v)) if v.is_null() => false,
        (None, Some(v)) => {
            return plan_err!(
                "{}(): invalid value for 'n': {v}; allowed: the name of an integer column of the table (e.g. the key, for unique values) or NULL",
                c.name
            );
        }
        (None, None) => false,
    };
    Ok(Arc::new(Derived::new(
        kind,
        suffixed,
        c.nullable_inputs(),
        c.describe.clone(),
    )))
}

/// `birth_date(min_age, max_age [, as_of])`.
pub const BIRTH_DATE: GeneratorSpec = GeneratorSpec {
    name: "birth_date",
    signature: "birth_date(min_age BIGINT, max_age BIGINT [, as_of DATE]) -> DATE: uniform over the birth dates of people aged min_age..=max_age on as_of (default DATE '2025-01-01')",
    doc: "A `DATE` uniform over the birth dates of people aged `min_age..=max_age` on `as_of` \
        (default `DATE '2025-01-01'`, fixed so runs agree).",
    pii: "No personal data: a date tied to no one.",
    min_args: 2,
    max_args: 3,
    column_args: &[],
    build: |c| {
        let min_age = int_arg(c.name, "min_age", &c.args[0])?;
        let max_age = int_arg(c.name, "max_age", &c.args[1])?;
        let as_of = match c.args.get(2) {
            Some(v) => date_arg(c.name, "as_of", v)?,
            None => DEFAULT_AS_OF,
        };
        let g = checked(c.name, birth_dates(min_age, max_age, as_of))?;
        Ok(Arc::new(Sampled::<_, Date32Type>::new(
            g,
            DataType::Date32,
            c.describe.clone(),
            "",
        )))
    },
};

/// 2025-01-01 in days since the epoch: `birth_date`'s fixed default reference date (a
/// fixed date keeps the output the same on every run; `current_date` would not).
const DEFAULT_AS_OF: i32 = 20_089;
