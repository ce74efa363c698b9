//! Writing generated text straight into an Arrow string array, as `Utf8` (offsets + one
//! values buffer) or `Utf8View` (16-byte views; values longer than 12 bytes in one data
//! buffer, shorter ones inlined in their view). The adapters pick the encoding once per
//! batch and run a loop monomorphized for it: [`Utf8Out`] or [`ViewOut`].

use std::sync::Arc;

use datafusion::arrow::array::builder::make_view;
use datafusion::arrow::array::{ArrayRef, AsArray, Int64Array, StringArray, StringViewArray};
use datafusion::arrow::buffer::{Buffer, NullBuffer, OffsetBuffer, ScalarBuffer};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field};
use datafusion::common::{DataFusionError, Result, exec_err, internal_err};

use super::limits::{check_batch_rows, check_table_rows};
use crate::functions::column::ColumnFunction;
use crate::functions::rows::Rows;

/// The Arrow encoding of a generated string column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StringEncoding {
    /// `Utf8`: 32-bit offsets into one values buffer.
    Utf8,
    /// `Utf8View`: what DataFusion maps `VARCHAR` to.
    Utf8View,
}

impl StringEncoding {
    /// The encoding producing `data_type`, if it is one of ours.
    pub fn of(data_type: &DataType) -> Option<Self> {
        match data_type {
            DataType::Utf8 => Some(StringEncoding::Utf8),
            DataType::Utf8View => Some(StringEncoding::Utf8View),
            _ => None,
        }
    }

    /// The Arrow type.
    pub fn data_type(self) -> DataType {
        match self {
            StringEncoding::Utf8 => DataType::Utf8,
            StringEncoding::Utf8View => DataType::Utf8View,
        }
    }
}

/// A text column writing either string layout. [`fill_strings`] checks its inputs and picks
/// the layout once per batch, so [`Self::fill`] runs a loop monomorphized for it.
pub trait FillStrings {
    /// The layout of the output.
    fn encoding(&self) -> StringEncoding;

    /// How many input columns it reads.
    fn input_count(&self) -> usize;

    /// Its definition, for errors.
    fn describe_text(&self) -> &str;

    /// For a column whose rows `0..n` get distinct values, `n` (see
    /// [`TextGenerator::row_limit`](crate::generate::tabular::TextGenerator::row_limit)).
    fn row_limit(&self) -> Option<u64> {
        None
    }

    /// Writes the values of `rows` into `O`.
    fn fill<O: StringOut>(
        &self,
        rows: &Rows<'_>,
        stream: u64,
        inputs: &[ArrayRef],
    ) -> Result<ArrayRef>;
}

/// A text column: a [`FillStrings`] that can change its layout. Every such type is a
/// [`ColumnFunction`] (below), so text generators write only their fill loop.
pub trait TextColumn: FillStrings + Clone + std::fmt::Debug + Send + Sync + 'static {
    /// Whether a value may be NULL.
    fn nullable(&self) -> bool;

    /// The same column writing `encoding`.
    fn with_encoding(&self, encoding: StringEncoding) -> Self;
}

impl<T: TextColumn> ColumnFunction for T {
    fn field(&self, name: &str) -> Field {
        Field::new(name, self.encoding().data_type(), self.nullable())
    }

    fn evaluate(&self, rows: &Rows<'_>, stream: u64, inputs: &[ArrayRef]) -> Result<ArrayRef> {
        fill_strings(self, rows, stream, inputs)
    }

    fn arity(&self) -> usize {
        self.input_count()
    }

    fn describe(&self, _inputs: &[&str]) -> String {
        self.describe_text().to_string()
    }

    fn check_rows(&self, rows: u64) -> Result<()> {
        match self.row_limit() {
            Some(limit) => check_table_rows(self.describe_text(), limit, "distinct values", rows),
            None => Ok(()),
        }
    }

    fn distinct_rows(&self) -> Option<u64> {
        self.row_limit()
    }

    /// The other string layout (`Utf8View` for a `VARCHAR` column), natively.
    fn with_output_type(&self, data_type: &DataType) -> Option<Arc<dyn ColumnFunction>> {
        let encoding = StringEncoding::of(data_type)?;
        Some(Arc::new(self.with_encoding(encoding)))
    }
}

/// Evaluates the text column `f` (see [`FillStrings`]).
pub fn fill_strings<F: FillStrings>(
    f: &F,
    rows: &Rows<'_>,
    stream: u64,
    inputs: &[ArrayRef],
) -> Result<ArrayRef> {
    if inputs.len() != f.input_count() {
        return internal_err!(
            "{}: expected {} input columns, got {}",
            f.describe_text(),
            f.input_count(),
            inputs.len()
        );
    }
    if let Some(limit) = f.row_limit() {
        check_batch_rows(f.describe_text(), limit, rows)?;
    }
    match f.encoding() {
        StringEncoding::Utf8 => f.fill::<Utf8Out>(rows, stream, inputs),
        StringEncoding::Utf8View => f.fill::<ViewOut>(rows, stream, inputs),
    }
}

/// The text values of an input column, as a view array.
pub fn strings(a: &ArrayRef) -> Result<StringViewArray> {
    Ok(cast(a, &DataType::Utf8View)?.as_string_view().clone())
}

/// The integer values of an input column.
pub fn integers(a: &ArrayRef) -> Result<Int64Array> {
    Ok(cast(a, &DataType::Int64)
        .map_err(DataFusionError::from)?
        .as_primitive()
        .clone())
}

/// The largest values buffer a batch may fill (the limit of 32-bit offsets).
const MAX_BYTES: usize = i32::MAX as usize;

/// A string array being written row by row: a row appends its bytes to [`buf`](Self::buf)
/// and then calls [`end_row`](Self::end_row) with the buffer length it started at.
pub trait StringOut: Sized {
    /// A writer for `rows` rows of about `bytes` bytes in all.
    fn with_capacity(rows: usize, bytes: usize) -> Self;

    /// The values buffer rows append to.
    fn buf(&mut self) -> &mut Vec<u8>;

    /// Ends the row whose bytes start at `start`; false when the batch outgrows 2 GiB or a
    /// row is not valid UTF-8 (a generator bug, reported rather than trusted).
    fn end_row(&mut self, start: usize) -> bool;

    /// A NULL row (no bytes).
    fn null_row(&mut self);

    /// The array.
    fn finish(self) -> Result<ArrayRef>;
}

/// Collects the validity of rows, allocating only once a NULL appears.
#[derive(Debug, Default)]
struct Validity {
    rows: usize,
    nulls: Option<Vec<bool>>,
}

impl Validity {
    #[inline]
    fn valid(&mut self) {
        if let Some(v) = &mut self.nulls {
            v.push(true);
        }
        self.rows += 1;
    }

    fn null(&mut self) {
        let rows = self.rows;
        self.nulls
            .get_or_insert_with(|| vec![true; rows])
            .push(false);
        self.rows += 1;
    }

    fn finish(self) -> Option<NullBuffer> {
        self.nulls.map(NullBuffer::from)
    }
}

/// `Utf8` output.
#[derive(Debug)]
pub struct Utf8Out {
    values: Vec<u8>,
    offsets: Vec<i32>,
    validity: Validity,
}

impl StringOut for Utf8Out {
    fn with_capacity(rows: usize, bytes: usize) -> Self {
        let mut offsets = Vec::with_capacity(rows + 1);
        offsets.push(0);
        Utf8Out {
            values: Vec::with_capacity(bytes),
            offsets,
            validity: Validity::default(),
        }
    }

    #[inline]
    fn buf(&mut self) -> &mut Vec<u8> {
        &mut self.values
    }

    #[inline]
    fn end_row(&mut self, _start: usize) -> bool {
        self.validity.valid();
        match i32::try_from(self.values.len()) {
            Ok(end) => {
                self.offsets.push(end);
                true
            }
            Err(_) => false,
        }
    }

    fn null_row(&mut self) {
        self.validity.null();
        // The length was checked when the previous row ended.
        self.offsets.push(self.values.len() as i32);
    }

    fn finish(self) -> Result<ArrayRef> {
        let offsets = OffsetBuffer::new(ScalarBuffer::from(self.offsets));
        // `try_new` validates the whole values buffer as UTF-8 in one pass.
        Ok(Arc::new(StringArray::try_new(
            offsets,
            Buffer::from_vec(self.values),
            self.validity.finish(),
        )?))
    }
}

/// `Utf8View` output. Every value's bytes go to the single data buffer (as a `Utf8` to
/// `Utf8View` cast leaves them); values of at most 12 bytes are also inlined in their view.
/// UTF-8 is checked the way Arrow checks offsets: each value must start on a character
/// boundary, and the whole buffer is validated once at the end.
#[derive(Debug)]
pub struct ViewOut {
    data: Vec<u8>,
    views: Vec<u128>,
    validity: Validity,
}

impl StringOut for ViewOut {
    fn with_capacity(rows: usize, bytes: usize) -> Self {
        ViewOut {
            data: Vec::with_capacity(bytes),
            views: Vec::with_capacity(rows),
            validity: Validity::default(),
        }
    }

    #[inline]
    fn buf(&mut self) -> &mut Vec<u8> {
        &mut self.data
    }

    #[inline]
    fn end_row(&mut self, start: usize) -> bool {
        // A UTF-8 continuation byte (0b10xx_xxxx) cannot start a value.
        let boundary = self.data.get(start).is_none_or(|&b| (b as i8) >= -0x40);
        if !boundary || self.data.len() > MAX_BYTES {
            return false;
        }
        self.validity.valid();
        // `start <= data.len() <= MAX_BYTES` fits in u32.
        self.views
            .push(make_view(&self.data[start..], 0, start as u32));
        true
    }

    fn null_row(&mut self) {
        self.validity.null();
        self.views.push(0);
    }

    fn finish(self) -> Result<ArrayRef> {
        if std::str::from_utf8(&self.data).is_err() {
            return exec_err!("a text generator produced invalid UTF-8");
        }
        let buffers = if self.data.is_empty() {
            vec![]
        } else {
            vec![Buffer::from_vec(self.data)]
        };
        let views = ScalarBuffer::from(self.views);
        // SAFETY: every non-NULL view was made by `make_view` from the bytes of one value,
        // which lie at its offset in buffer 0 (and inline when at most 12 bytes); NULL
        // views are zero. The buffer is valid UTF-8 and every value starts on a character
        // boundary and ends where the next value (or the buffer) starts, so every value
        // is valid UTF-8.
        let array =
            unsafe { StringViewArray::new_unchecked(views, buffers, self.validity.finish()) };
        Ok(Arc::new(array))
    }
}

/// The error of a batch whose rows `end_row` refused.
pub fn too_large<T>(describe: &str, rows: usize) -> Result<T> {
    exec_err!(
        "{describe}: a batch of {rows} rows exceeds 2 GiB of text or produced invalid UTF-8; use a smaller batch size"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use datafusion::arrow::array::{Array, AsArray};

    fn write<O: StringOut>(values: &[Option<&str>]) -> ArrayRef {
        let mut out = O::with_capacity(values.len(), 8);
        for v in values {
            match v {
                Some(s) => {
                    let start = out.buf().len();
                    out.buf().extend_from_slice(s.as_bytes());
                    assert!(out.end_row(start));
                }
                None => out.null_row(),
            }
        }
        out.finish().unwrap()
    }

    #[test]
    fn both_encodings_hold_the_same_values() {
        let values = [
            Some(""),
            Some("short"),
            None,
            Some("exactly12byt"),
            Some("thirteen byte"),
            Some("a much longer value with ü and 日本"),
            None,
        ];
        let utf8 = write::<Utf8Out>(&values);
        let view = write::<ViewOut>(&values);
        assert_eq!(utf8.data_type(), &DataType::Utf8);
        assert_eq!(view.data_type(), &DataType::Utf8View);
        view.to_data().validate_full().unwrap();
        let a: Vec<Option<&str>> = utf8.as_string::<i32>().iter().collect();
        let b: Vec<Option<&str>> = view.as_string_view().iter().collect();
        assert_eq!(a, values);
        assert_eq!(b, values);
    }

    #[test]
    fn invalid_utf8_is_refused() {
        let mut out = ViewOut::with_capacity(1, 4);
        out.buf().extend_from_slice(&[0xff, 0xfe]);
        assert!(out.end_row(0));
        assert!(out.finish().is_err());
        // "é" split across two values: the second starts with a continuation byte.
        let mut out = ViewOut::with_capacity(2, 4);
        out.buf().push(0xc3);
        assert!(out.end_row(0));
        out.buf().push(0xa9);
        assert!(!out.end_row(1));
    }

    #[test]
    fn no_nulls_means_no_null_buffer() {
        let view = write::<ViewOut>(&[Some("a"), Some("b")]);
        assert!(view.nulls().is_none());
    }
}
