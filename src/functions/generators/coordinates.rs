//! `latitude([locale[, key]])` and `longitude([locale[, key]])`: a point uniformly over the
//! area of the locale's country ([`CountryArea`]), as `DOUBLE` degrees. With the same `key`
//! column both give the same point (and so do rows with equal keys, in any table); without
//! a key each column draws its own point, so pass a key when the pair must be one place.
//!
//! PII: a point on land, with no link to any address or person.

use std::sync::Arc;

use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, Float64Array, Int64Array, StringViewArray,
};
use datafusion::arrow::buffer::NullBuffer;
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field, Int64Type};
use datafusion::common::{Result, exec_err};

use super::semantic::{key_input, locale_source};
use super::spec::{Call, GeneratorSpec};
use crate::functions::column::ColumnFunction;
use crate::functions::rows::{Rows, RowsFn};
use crate::functions::tabular::locale_text::LocaleSource;
use crate::generate::faker::address::KEY_STREAM;
use crate::generate::faker::{CountryArea, Locale};

/// The stream of keyed points: not the address stream, so a point and the address of the
/// same key are drawn independently.
const POINT_KEY_STREAM: u64 = KEY_STREAM ^ 0x6c61_745f_6c6f_6e00;

/// `latitude([locale[, key]])`.
pub const LATITUDE: GeneratorSpec = GeneratorSpec {
    name: "latitude",
    signature: "latitude([locale VARCHAR or column [, key BIGINT column]]) -> DOUBLE: degrees north of a point uniform over the locale's country (Natural Earth 1:110m); the same key gives longitude()'s point",
    doc: "`DOUBLE` degrees north of a point uniform over the *area* of the locale's country \
        (Natural Earth 1:110m outline, public domain: drawn in the Lambert equal-area plane, so \
        Alaska gets its true share of the US, not its share in degrees; France is metropolitan \
        France and Corsica). The same `key` column gives `latitude` and `longitude` the same \
        point (`st_point(lon, lat)` makes it a geometry); without a key each column draws its \
        own.",
    pii: "A point on land, tied to no address.",
    min_args: 0,
    max_args: 2,
    column_args: &[0, 1],
    build: |c| coordinate(c, Axis::Latitude),
};

/// `longitude([locale[, key]])`.
pub const LONGITUDE: GeneratorSpec = GeneratorSpec {
    name: "longitude",
    signature: "longitude([locale VARCHAR or column [, key BIGINT column]]) -> DOUBLE: degrees east of a point uniform over the locale's country (Natural Earth 1:110m); the same key gives latitude()'s point",
    doc: "`DOUBLE` degrees east of a point uniform over the *area* of the locale's country \
        (Natural Earth 1:110m outline, public domain: drawn in the Lambert equal-area plane, so \
        Alaska gets its true share of the US, not its share in degrees; France is metropolitan \
        France and Corsica). The same `key` column gives `latitude` and `longitude` the same \
        point (`st_point(lon, lat)` makes it a geometry); without a key each column draws its \
        own.",
    pii: "A point on land, tied to no address.",
    min_args: 0,
    max_args: 2,
    column_args: &[0, 1],
    build: |c| coordinate(c, Axis::Longitude),
};

/// Which coordinate a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Axis {
    Latitude,
    Longitude,
}

fn coordinate(c: &Call<'_>, axis: Axis) -> Result<Arc<dyn ColumnFunction>> {
    let source = locale_source(c, 0)?;
    let keyed = key_input(c, 1, "point")?;
    let areas = Locale::ALL
        .iter()
        .map(|&l| match source {
            LocaleSource::Const(k) if k != l => None,
            _ => Some(CountryArea::new(l)),
        })
        .collect();
    Ok(Arc::new(Coordinate {
        axis,
        areas: Arc::new(areas),
        source,
        keyed,
        nullable: c.nullable_inputs(),
        describe: c.describe.clone(),
    }))
}

/// A latitude or longitude column (see the module docs). Inputs: the locale column when
/// the locale is per row, then the key column when keyed.
#[derive(Debug)]
struct Coordinate {
    axis: Axis,
    /// By [`Locale::index`]; only the constant locale's when the locale is constant.
    areas: Arc<Vec<Option<CountryArea>>>,
    source: LocaleSource,
    keyed: bool,
    nullable: bool,
    describe: String,
}

impl ColumnFunction for Coordinate {
    fn field(&self, name: &str) -> Field {
        Field::new(name, DataType::Float64, self.nullable)
    }

    fn evaluate(&self, rows: &Rows<'_>, stream: u64, inputs: &[ArrayRef]) -> Result<ArrayRef> {
        let mut next = inputs.iter();
        let locales = match self.source {
            LocaleSource::Column => match next.next() {
                Some(a) => Some(cast(a, &DataType::Utf8View)?),
                None => return exec_err!("{}: missing its locale column", self.describe),
            },
            LocaleSource::Const(_) => None,
        };
        let keys = match self.keyed {
            true => match next.next() {
                Some(a) => Some(cast(a, &DataType::Int64)?),
                None => return exec_err!("{}: missing its key column", self.describe),
            },
            false => None,
        };
        let locales = locales.as_ref().map(|a| a.as_string_view());
        let keys = keys.as_ref().map(|a| a.as_primitive::<Int64Type>());
        let constant = match self.source {
            LocaleSource::Const(l) => self.areas[l.index()].as_ref(),
            LocaleSource::Column => None,
        };
        let (values, valid) = rows.with_iter(Fill {
            f: self,
            stream,
            locales,
            keys,
            constant,
        })?;
        let nulls = self.nullable.then(|| NullBuffer::from(valid));
        Ok(Arc::new(Float64Array::new(values.into(), nulls)))
    }

    fn arity(&self) -> usize {
        usize::from(self.source == LocaleSource::Column) + usize::from(self.keyed)
    }

    fn describe(&self, _inputs: &[&str]) -> String {
        self.describe.clone()
    }
}

struct Fill<'a> {
    f: &'a Coordinate,
    stream: u64,
    locales: Option<&'a StringViewArray>,
    keys: Option<&'a Int64Array>,
    constant: Option<&'a CountryArea>,
}

impl RowsFn<Result<(Vec<f64>, Vec<bool>)>> for Fill<'_> {
    fn call(self, rows: impl Iterator<Item = u64>) -> Result<(Vec<f64>, Vec<bool>)> {
        let f = self.f;
        let (lo, _) = rows.size_hint();
        let mut values = Vec::with_capacity(lo);
        let mut valid = Vec::with_capacity(if f.nullable { lo } else { 0 });
        let mut last: Option<(&str, &CountryArea)> = None;
        for (i, row) in rows.enumerate() {
            let area = match (self.constant, self.locales) {
                (Some(a), _) => Some(a),
                (None, Some(names)) if !names.is_null(i) => {
                    let name = names.value(i);
                    match last {
                        Some((l, a)) if l == name => Some(a),
                        _ => match Locale::lookup(name).and_then(|l| f.areas[l.index()].as_ref()) {
                            Some(a) => {
                                last = Some((name, a));
                                Some(a)
                            }
                            None => {
                                return exec_err!(
                                    "{}: unknown locale '{name}' in row {i} of the batch; the locales are {}",
                                    f.describe,
                                    Locale::ALL.map(|l| l.name()).join(", ")
                                );
                            }
                        },
                    }
                }
                _ => None,
            };
            let draw = match self.keys {
                Some(k) if k.is_null(i) => None,
                Some(k) => Some((POINT_KEY_STREAM, k.value(i) as u64)),
                None => Some((self.stream, row)),
            };
            match (area, draw) {
                (Some(a), Some((s, r))) => {
                    let (lat, lon) = a.point(s, r);
                    values.push(match f.axis {
                        Axis::Latitude => lat,
                        Axis::Longitude => lon,
                    });
                    if f.nullable {
                        valid.push(true);
                    }
                }
                _ => {
                    values.push(0.0);
                    valid.push(false);
                }
            }
        }
        Ok((values, valid))
    }
}
