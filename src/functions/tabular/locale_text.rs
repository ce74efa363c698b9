//! [`LocaleText`]: a VARCHAR column of a semantic generator whose word lists depend on a
//! locale. The locale is a constant, or a column read per row (so one table can mix
//! locales, e.g. `weighted(['en_US', 'de_DE'], [3, 1])`); keyed generators (address parts)
//! draw from the key column's value instead of the row, so parts sharing a key agree.

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, Int64Array, StringViewArray};
use datafusion::common::{Result, exec_err};

use super::strings::{
    FillStrings, StringEncoding, StringOut, TextColumn, integers, strings, too_large,
};
use crate::functions::rows::{Rows, RowsFn};
use crate::generate::faker::Locale;
use crate::generate::faker::address::KEY_STREAM;

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
                                        |e| e.to_string(),
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

impl<W: LocaleWriter> FillStrings for LocaleText<W> {
    fn encoding(&self) -> StringEncoding {
        self.encoding
    }

    fn input_count(&self) -> usize {
        self.arity_of()
    }

    fn describe_text(&self) -> &str {
        &self.describe
    }

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

impl<W: LocaleWriter> TextColumn for LocaleText<W> {
    fn nullable(&self) -> bool {
        self.nullable
    }

    fn with_encoding(&self, encoding: StringEncoding) -> Self {
        LocaleText {
            encoding,
            ..self.clone()
        }
    }
}
