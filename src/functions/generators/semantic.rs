//! What the semantic generator families share: reading the `locale` argument (a constant or
//! a text column), the address `key` argument (an integer column), and building a
//! [`LocaleText`] column from a generator prepared per locale.

use std::sync::Arc;

use datafusion::arrow::datatypes::DataType;
use datafusion::common::{Result, plan_datafusion_err, plan_err};

use super::Call;
use crate::functions::args::{call_error, str_arg};
use crate::functions::column::ColumnFunction;
use crate::functions::tabular::locale_text::{LocaleSource, LocaleText, LocaleWriter};
use crate::generate::faker::{Address, Locale, Lorem, SexedNames, Templates};
use crate::generate::{ParamError, RowRng};

/// The `locale` argument at `pos`: a text constant, a text column, or absent (`en_US`).
pub fn locale_source(c: &Call<'_>, pos: usize) -> Result<LocaleSource> {
    if let Some(col) = c.column(pos) {
        return match col.data_type {
            DataType::Utf8 | DataType::Utf8View | DataType::LargeUtf8 => Ok(LocaleSource::Column),
            ref t => plan_err!(
                "{}(): invalid value for 'locale': column {} of type {t}; allowed: a text constant such as 'en_US' or a VARCHAR column",
                c.name,
                col.name
            ),
        };
    }
    match c.args.get(pos) {
        None => Ok(LocaleSource::Const(Locale::EnUs)),
        Some(v) => {
            let s = str_arg(c.name, "locale", v)?;
            Locale::parse(s)
                .map(LocaleSource::Const)
                .map_err(|e| call_error(c.name, e))
        }
    }
}

/// Whether argument `pos` names an integer key column (absent: no key). A constant there
/// is an error: a constant key would give every row the same `what` (an address, a point).
pub fn key_input(c: &Call<'_>, pos: usize, what: &str) -> Result<bool> {
    match (c.column(pos), c.args.get(pos)) {
        (Some(col), _) if col.data_type.is_integer() => Ok(true),
        (Some(col), _) => plan_err!(
            "{}(): invalid value for 'key': column {} of type {}; allowed: an integer column",
            c.name,
            col.name,
            col.data_type
        ),
        (None, Some(v)) if v.is_null() => Ok(false),
        (None, Some(v)) => plan_err!(
            "{}(): invalid value for 'key': the constant {v}; allowed: the name of an integer column of the table (rows with the same key get the same {what})",
            c.name
        ),
        (None, None) => Ok(false),
    }
}

/// A [`LocaleText`] column of `prepare`, with the locale read as [`locale_source`] at
/// `locale_pos` and a key as [`key_input`] at `key_pos`.
pub fn locale_column<W: LocaleWriter>(
    c: &Call<'_>,
    locale_pos: usize,
    key_pos: Option<usize>,
    prepare: impl Fn(Locale) -> std::result::Result<W, ParamError>,
) -> Result<Arc<dyn ColumnFunction>> {
    let source = locale_source(c, locale_pos)?;
    let keyed = match key_pos {
        Some(p) => key_input(c, p, "address")?,
        None => false,
    };
    let name = c.name;
    let f = LocaleText::new(
        |l| prepare(l).map_err(|e| format!("{name}(): {e}")),
        source,
        keyed,
        c.nullable_inputs(),
        c.describe.clone(),
    )
    .map_err(|e| plan_datafusion_err!("{e}"))?;
    Ok(Arc::new(f))
}

impl LocaleWriter for Templates {
    #[inline]
    fn write(&self, stream: u64, row: u64, out: &mut Vec<u8>) {
        Templates::write(self, &mut RowRng::new(stream, row), out);
    }
    fn typical_len(&self) -> usize {
        Templates::typical_len(self)
    }
}

impl LocaleWriter for SexedNames {
    #[inline]
    fn write(&self, stream: u64, row: u64, out: &mut Vec<u8>) {
        SexedNames::write(self, &mut RowRng::new(stream, row), out);
    }
    fn typical_len(&self) -> usize {
        SexedNames::typical_len(self)
    }
}

impl LocaleWriter for Address {
    #[inline]
    fn write(&self, stream: u64, row: u64, out: &mut Vec<u8>) {
        Address::write(self, stream, row, out);
    }
    fn typical_len(&self) -> usize {
        24
    }
}

impl LocaleWriter for Lorem {
    #[inline]
    fn write(&self, stream: u64, row: u64, out: &mut Vec<u8>) {
        Lorem::write(self, &mut RowRng::new(stream, row), out);
    }
    fn typical_len(&self) -> usize {
        Lorem::typical_len(self)
    }
}

/// One fixed text per locale (the locale's country, country code or currency).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fixed(pub &'static str);

impl LocaleWriter for Fixed {
    #[inline]
    fn write(&self, _stream: u64, _row: u64, out: &mut Vec<u8>) {
        out.extend_from_slice(self.0.as_bytes());
    }
    fn typical_len(&self) -> usize {
        self.0.len()
    }
}
