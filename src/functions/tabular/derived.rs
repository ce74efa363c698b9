//! [`Derived`]: usernames and emails built from a row's own name columns (and an optional
//! integer suffix column), written straight into the output string layout.

use datafusion::arrow::array::{Array, ArrayRef, Int64Array, StringViewArray};
use datafusion::common::Result;

use super::strings::{
    FillStrings, StringEncoding, StringOut, TextColumn, integers, strings, too_large,
};
use crate::functions::rows::{Rows, RowsFn};
use crate::generate::RowRng;
use crate::generate::faker::email::{write_email, write_username};

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

impl FillStrings for Derived {
    fn encoding(&self) -> StringEncoding {
        self.encoding
    }

    fn input_count(&self) -> usize {
        2 + usize::from(self.suffixed)
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

impl TextColumn for Derived {
    fn nullable(&self) -> bool {
        self.nullable
    }

    fn with_encoding(&self, encoding: StringEncoding) -> Self {
        Derived {
            encoding,
            ..self.clone()
        }
    }
}
