//! [`LocaleText`]: a VARCHAR column of a semantic generator whose word lists depend on a
//! locale. The locale is a constant, or a column read per row (so one table can mix
//! locales, e.g. `weighted(['en_US', 'de_DE'], [3, 1])`); keyed generators (address parts)
//! draw from the key column's value instead of the row, so parts sharing a key agree.
//! [`Derived`]: usernames and emails built from a row's own name columns.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, Int64Array, StringViewArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field};
use datafusion::common::{DataFusionError, Result, exec_err};

use super::strings::{StringEncoding, StringOut, Utf8Out, ViewOut, too_large};
use crate::functions::column::ColumnFunction;
use crate::functions::rows::{Rows, RowsFn};
use crate::generate::RowRng;
use crate::generate::faker::Locale;
use crate::generate::faker::address::KEY_STREAM;
use crate::generate::faker::email::{write_email, write_username};

/// A generator prepared for one locale.
pub trait LocaleWriter: std::fmt::Debug + Clone + Send + Sync + 'static {
    /// Appends the value of `row` in `stream`.
    fn write(&self, stream: u64, row: u64, out: &mut Vec<u8>);
    /// About how many bytes a value takes.
    fn typical_len(&self) -> usize;
}

/// Where a row's locale comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocaleSource {
    /// One locale for every row.
    Const(Locale),
    /// The first input column (text), per row.
    Column,
}

/// A semantic generator column (see the module docs). Inputs: the locale column when the
/// locale is per row, then the key column when keyed.
#[derive(Debug, Clone)]
pub struct LocaleText<W> {
    /// The generator prepared per locale (by [`Locale::index`]); `Err` holds why a locale
    /// cannot be used (reported when a row asks for it).
    prepared: Arc<Vec<std::result::Result<W, String>>>,
    source: LocaleSource,
    keyed: bool,
    nullable: bool,
    encoding: StringEncoding,
    describe: String,
}

impl<W: LocaleWriter> LocaleText<W> {
    /// The column of `prepare` in `source`'s locales; `nullable` when an input column is.
    /// A constant locale the generator cannot use is an error now.
    pub fn new(
        prepare: impl Fn(Locale) -> std::result::Result<W, String>,
        source: LocaleSource,
        keyed: bool,
        nullable: bool,
        describe: String,
    ) -> std::result::Result<Self, String> {
        let prepared: Vec<_> = Locale::ALL
            .iter()
            .map(|&l| match source {
                LocaleSource::Const(c) if c != l => Err(String::new()),
                _ => prepare(l),
            })
            .collect();
        if let LocaleSource::Const(l) = source
            && let Err(e) = &prepared[l.index()]
        {
            return Err(e.clone());
        }
        Ok(LocaleText {
            prepared: Arc::new(prepared),
            source,
            keyed,
            nullable,
            encoding: StringEncoding::Utf8View,
            describe,
        })
    }

    fn arity_of(&self) -> usize {
        usize::from(self.source == LocaleSource::Column) + usize::from(self.keyed)
    }
}

/// The text values of an input column.
fn strings(a: &ArrayRef) -> Result<StringViewArray> {
    Ok(cast(a, &DataType::Utf8View)?.as_string_view().clone())
}

/// The integer values of a key column.
fn integers(a: &ArrayRef) -> Result<Int64Array> {
    Ok(cast(a, &DataType::Int64)?.as_primitive().clone())
}

struct Fill<'a, W, O> {
    f: &'a LocaleText<W>,
    stream: u64,
    locales: Option<&'a StringViewArray>,
    keys: Option<&'a Int64Array>,
    out: &'a mut O,
}

/// Why a batch stopped.
enum Stop {
    TooLarge,
    Locale(String),
}

impl<W: LocaleWriter, O: StringOut> RowsFn<std::result::Result<(), Stop>> for Fill<'_, W, O> {
    fn call(self, rows: impl Iterator<Item = u64>) -> std::result::Result<(), Stop> {
        let mut current: Option<(&str, &W)> = match self.f.source {
            LocaleSource::Const(l) => self.f.prepared[l.index()].as_ref().ok().map(|w| ("", w)),
            LocaleSource::Column => None,
        };
        for (i, row) in rows.enumerate() {
            let w = match self.locales {
                None => current.map(|(_, w)| w),
                Some(names) => {
                    if names.is_null(i) {
                        None
                    } else {
                        let name = names.value(i);
                        match current {
                            Some((last, w)) if last == name => Some(w),
                            _ => {
                                let Some(l) = Locale::lookup(name) else {
                                    let e = Locale::parse(name).err().map_or_else(
                                        || format!("unknown locale '{name}'"),
                                        |e| {
                                            format!(
                                                "{} must be {}, got {}",
                                                e.param, e.allowed, e.value
                                            )
                                        },
                                    );
                                    return Err(Stop::Locale(format!("{}: {e}", self.f.describe)));
                                };
                                match &self.f.prepared[l.index()] {
                                    Ok(w) => {
                                        current = Some((name, w));
                                        Some(w)
                                    }
                                    Err(e) => return Err(Stop::Locale(e.clone())),
                                }
                            }
                        }
                    }
                }
            };
            let at = match self.keys {
                None => Some((self.stream, row)),
                Some(k) if k.is_null(i) => None,
                Some(k) => Some((KEY_STREAM, k.value(i) as u64)),
            };
            match (w, at) {
                (Some(w), Some((s, r))) => {
                    let start = self.out.buf().len();
                    w.write(s, r, self.out.buf());
                    if !self.out.end_row(start) {
                        return Err(Stop::TooLarge);
                    }
                }
                _ => self.out.null_row(),
            }
        }
        Ok(())
    }
}

impl<W: LocaleWriter> LocaleText<W> {
    fn fill<O: StringOut>(
        &self,
        rows: &Rows<'_>,
        stream: u64,
        inputs: &[ArrayRef],
    ) -> Result<ArrayRef> {
        let n = rows.len();
        let mut at = 0;
        let locales = match self.source {
            LocaleSource::Column => {
                at += 1;
                Some(strings(&inputs[0])?)
            }
            LocaleSource::Const(_) => None,
        };
        let keys = if self.keyed {
            Some(integers(&inputs[at])?)
        } else {
            None
        };
        let typical = self
            .prepared
            .iter()
            .find_map(|p| p.as_ref().ok())
            .map_or(16, |w| w.typical_len());
        let mut out = O::with_capacity(n, n.saturating_mul(typical));
        let r = rows.with_iter(Fill {
            f: self,
            stream,
            locales: locales.as_ref(),
            keys: keys.as_ref(),
            out: &mut out,
        });
        match r {
            Ok(()) => out.finish(),
            Err(Stop::TooLarge) => too_large(&self.describe, n),
            Err(Stop::Locale(e)) => exec_err!("{e}"),
        }
    }
}

impl<W: LocaleWriter> ColumnFunction for LocaleText<W> {
    fn field(&self, name: &str) -> Field {
        Field::new(name, self.encoding.data_type(), self.nullable)
    }

    fn evaluate(&self, rows: &Rows<'_>, stream: u64, inputs: &[ArrayRef]) -> Result<ArrayRef> {
        if inputs.len() != self.arity_of() {
            return Err(DataFusionError::Internal(format!(
                "{}: wrong input count",
                self.describe
            )));
        }
        match self.encoding {
            StringEncoding::Utf8 => self.fill::<Utf8Out>(rows, stream, inputs),
            StringEncoding::Utf8View => self.fill::<ViewOut>(rows, stream, inputs),
        }
    }

    fn arity(&self) -> usize {
        self.arity_of()
    }

    fn describe(&self, _inputs: &[&str]) -> String {
        self.describe.clone()
    }

    fn with_output_type(&self, data_type: &DataType) -> Option<Arc<dyn ColumnFunction>> {
        let encoding = StringEncoding::of(data_type)?;
        Some(Arc::new(LocaleText {
            encoding,
            ..self.clone()
        }))
    }
}

/// What [`Derived`] builds from the name columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DerivedKind {
    /// `first.last[.n]`.
    Username,
    /// `first.last[.n]@domain`, the domain picked per row from the list.
    Email(&'static [&'static str]),
}

/// A username or email from the row's first- and last-name columns (inputs 0 and 1) and an
/// optional integer suffix column (input 2). A NULL input gives a NULL value.
#[derive(Debug, Clone)]
pub struct Derived {
    kind: DerivedKind,
    suffixed: bool,
    nullable: bool,
    encoding: StringEncoding,
    describe: String,
}

impl Derived {
    /// A derived column; `nullable` when an input column is.
    pub fn new(kind: DerivedKind, suffixed: bool, nullable: bool, describe: String) -> Self {
        Derived {
            kind,
            suffixed,
            nullable,
            encoding: StringEncoding::Utf8View,
            describe,
        }
    }
}

struct DerivedFill<'a, O> {
    kind: DerivedKind,
    stream: u64,
    first: &'a StringViewArray,
    last: &'a StringViewArray,
    n: Option<&'a Int64Array>,
    out: &'a mut O,
}

impl<O: StringOut> RowsFn<bool> for DerivedFill<'_, O> {
    fn call(self, rows: impl Iterator<Item = u64>) -> bool {
        // The NULL checks only when an input has NULLs (the common case has none).
        let nulls = self.first.null_count() > 0
            || self.last.null_count() > 0
            || self.n.is_some_and(|n| n.null_count() > 0);
        for (i, row) in rows.enumerate() {
            if nulls
                && (self.first.is_null(i)
                    || self.last.is_null(i)
                    || self.n.is_some_and(|n| n.is_null(i)))
            {
                self.out.null_row();
                continue;
            }
            let n = self.n.map(|n| n.value(i));
            let start = self.out.buf().len();
            match self.kind {
                DerivedKind::Username => {
                    write_username(self.first.value(i), self.last.value(i), n, self.out.buf())
                }
                DerivedKind::Email(domains) => write_email(
                    self.first.value(i),
                    self.last.value(i),
                    n,
                    domains,
                    &mut RowRng::new(self.stream, row),
                    self.out.buf(),
                ),
            }
            if !self.out.end_row(start) {
                return false;
            }
        }
        true
    }
}

impl Derived {
    fn fill<O: StringOut>(
        &self,
        rows: &Rows<'_>,
        stream: u64,
        inputs: &[ArrayRef],
    ) -> Result<ArrayRef> {
        let n = rows.len();
        let (first, last) = (strings(&inputs[0])?, strings(&inputs[1])?);
        let suffix = if self.suffixed {
            Some(integers(&inputs[2])?)
        } else {
            None
        };
        // About `first.last@example.com` (26 bytes on average for en_US names) plus the
        // suffix: too small a guess reallocates (and copies) the buffer mid-batch.
        let typical = 32 + if self.suffixed { 12 } else { 0 };
        let mut out = O::with_capacity(n, n.saturating_mul(typical));
        let ok = rows.with_iter(DerivedFill {
            kind: self.kind,
            stream,
            first: &first,
            last: &last,
            n: suffix.as_ref(),
            out: &mut out,
        });
        if !ok {
            return too_large(&self.describe, n);
        }
        out.finish()
    }
}

impl ColumnFunction for Derived {
    fn field(&self, name: &str) -> Field {
        Field::new(name, self.encoding.data_type(), self.nullable)
    }

    fn evaluate(&self, rows: &Rows<'_>, stream: u64, inputs: &[ArrayRef]) -> Result<ArrayRef> {
        if inputs.len() != self.arity() {
            return Err(DataFusionError::Internal(format!(
                "{}: wrong input count",
                self.describe
            )));
        }
        match self.encoding {
            StringEncoding::Utf8 => self.fill::<Utf8Out>(rows, stream, inputs),
            StringEncoding::Utf8View => self.fill::<ViewOut>(rows, stream, inputs),
        }
    }

    fn arity(&self) -> usize {
        2 + usize::from(self.suffixed)
    }

    fn describe(&self, _inputs: &[&str]) -> String {
        self.describe.clone()
    }

    fn with_output_type(&self, data_type: &DataType) -> Option<Arc<dyn ColumnFunction>> {
        let encoding = StringEncoding::of(data_type)?;
        Some(Arc::new(Derived {
            encoding,
            ..self.clone()
        }))
    }
}
