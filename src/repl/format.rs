//! The output formats of query results (`table`, `csv`, `tsv`, `json`, `ndjson`, `vertical`)
//! and [`ResultWriter`], which writes a result batch by batch with Arrow's own writers.

use std::fmt;
use std::io::Write;
use std::str::FromStr;
use std::sync::Arc;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::csv;
use datafusion::arrow::datatypes::SchemaRef;
use datafusion::arrow::json::{self, ArrayWriter, LineDelimitedWriter};
use datafusion::arrow::util::display::{ArrayFormatter, FormatOptions};
use datafusion::arrow::util::pretty::pretty_format_batches_with_schema;
use datafusion::common::Result;

/// How query results are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OutputFormat {
    /// An ASCII table (Arrow's pretty printer).
    #[default]
    Table,
    /// Comma-separated values with a header line.
    Csv,
    /// Tab-separated values with a header line.
    Tsv,
    /// One JSON array of objects.
    Json,
    /// One JSON object per line.
    Ndjson,
    /// One `column | value` block per row (psql's `\x`).
    Vertical,
}

impl OutputFormat {
    /// Every format, in the order they are documented.
    pub const ALL: [OutputFormat; 6] = [
        OutputFormat::Table,
        OutputFormat::Csv,
        OutputFormat::Tsv,
        OutputFormat::Json,
        OutputFormat::Ndjson,
        OutputFormat::Vertical,
    ];

    /// The format's name, as accepted by `--format` and `\format`.
    pub fn name(self) -> &'static str {
        match self {
            OutputFormat::Table => "table",
            OutputFormat::Csv => "csv",
            OutputFormat::Tsv => "tsv",
            OutputFormat::Json => "json",
            OutputFormat::Ndjson => "ndjson",
            OutputFormat::Vertical => "vertical",
        }
    }

    /// Whether the format is for people (a row-count line may follow it) rather than for
    /// programs reading the data back.
    pub fn is_human(self) -> bool {
        matches!(self, OutputFormat::Table | OutputFormat::Vertical)
    }
}

impl fmt::Display for OutputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for OutputFormat {
    type Err = String;

    /// Parses a format name (case-insensitive); the error lists the accepted names.
    fn from_str(s: &str) -> std::result::Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                let names: Vec<&str> = Self::ALL.iter().map(|f| f.name()).collect();
                format!("invalid format '{s}'; allowed: {}", names.join(", "))
            })
    }
}

/// Rows of a `table` printed at once: a larger result is printed as consecutive tables of
/// this many rows (a table's column widths depend on all its rows), so printing a result
/// holds at most this many rows in memory whatever its size.
pub const TABLE_CHUNK_ROWS: usize = 10_000;

/// Writes one result, batch by batch, in an [`OutputFormat`]. Call [`ResultWriter::finish`]
/// at the end. A `table` is printed [`TABLE_CHUNK_ROWS`] rows at a time; the other formats
/// stream each batch.
pub struct ResultWriter<W: Write> {
    schema: SchemaRef,
    inner: Inner<W>,
}

enum Inner<W: Write> {
    Table {
        out: W,
        batches: Vec<RecordBatch>,
        /// Rows in `batches`.
        rows: usize,
        /// Whether a table has been printed.
        printed: bool,
    },
    Csv {
        writer: Box<csv::Writer<W>>,
        started: bool,
    },
    Json(ArrayWriter<W>),
    Ndjson(LineDelimitedWriter<W>),
    Vertical {
        out: W,
        record: usize,
    },
}

impl<W: Write> ResultWriter<W> {
    /// A writer of results with `schema` to `out`.
    pub fn new(format: OutputFormat, schema: SchemaRef, out: W) -> Self {
        let csv = |delimiter| {
            csv::WriterBuilder::new()
                .with_header(true)
                .with_delimiter(delimiter)
        };
        let inner = match format {
            OutputFormat::Table => Inner::Table {
                out,
                batches: Vec::new(),
                rows: 0,
                printed: false,
            },
            OutputFormat::Csv => Inner::Csv {
                writer: Box::new(csv(b',').build(out)),
                started: false,
            },
            OutputFormat::Tsv => Inner::Csv {
                writer: Box::new(csv(b'\t').build(out)),
                started: false,
            },
            OutputFormat::Json => Inner::Json(
                json::WriterBuilder::new()
                    .with_explicit_nulls(true)
                    .build(out),
            ),
            OutputFormat::Ndjson => Inner::Ndjson(
                json::WriterBuilder::new()
                    .with_explicit_nulls(true)
                    .build(out),
            ),
            OutputFormat::Vertical => Inner::Vertical { out, record: 0 },
        };
        ResultWriter { schema, inner }
    }

    /// Writes (or, for `table`, keeps) one batch.
    pub fn write(&mut self, batch: &RecordBatch) -> Result<()> {
        match &mut self.inner {
            Inner::Table {
                out,
                batches,
                rows,
                printed,
            } => {
                // A batch larger than a chunk is split, so a chunk never exceeds the bound.
                let mut offset = 0;
                while offset < batch.num_rows() {
                    let take = (TABLE_CHUNK_ROWS - *rows).min(batch.num_rows() - offset);
                    batches.push(batch.slice(offset, take));
                    (offset, *rows) = (offset + take, *rows + take);
                    if *rows == TABLE_CHUNK_ROWS {
                        print_table(out, &self.schema, batches)?;
                        (*rows, *printed) = (0, true);
                    }
                }
            }
            Inner::Csv { writer, started } => {
                writer.write(batch)?;
                *started = true;
            }
            Inner::Json(w) => w.write(batch)?,
            Inner::Ndjson(w) => w.write(batch)?,
            Inner::Vertical { out, record } => write_vertical(out, batch, record)?,
        }
        Ok(())
    }

    /// Ends the output: prints the table, the header of an empty CSV result, or the closing
    /// `]` of a JSON array.
    pub fn finish(self) -> Result<()> {
        match self.inner {
            Inner::Table {
                mut out,
                mut batches,
                rows,
                printed,
            } => {
                if rows > 0 || !printed {
                    print_table(&mut out, &self.schema, &mut batches)?;
                }
                out.flush()?;
            }
            Inner::Csv {
                mut writer,
                started,
            } => {
                if !started {
                    writer.write(&RecordBatch::new_empty(self.schema))?;
                }
                writer.into_inner().flush()?;
            }
            Inner::Json(mut w) => {
                w.finish()?;
                let mut out = w.into_inner();
                writeln!(out)?;
                out.flush()?;
            }
            Inner::Ndjson(mut w) => {
                w.finish()?;
                w.into_inner().flush()?;
            }
            Inner::Vertical { mut out, record } => {
                if record == 0 {
                    writeln!(out, "(no rows)")?;
                }
                out.flush()?;
            }
        }
        Ok(())
    }
}

/// Prints `batches` as one table and empties them.
fn print_table(
    out: &mut impl Write,
    schema: &SchemaRef,
    batches: &mut Vec<RecordBatch>,
) -> Result<()> {
    let table = pretty_format_batches_with_schema(Arc::clone(schema), batches)?;
    writeln!(out, "{table}")?;
    batches.clear();
    Ok(())
}

/// psql's expanded display: a `-[ RECORD n ]` line, then `name | value` per column.
fn write_vertical(out: &mut impl Write, batch: &RecordBatch, record: &mut usize) -> Result<()> {
    let options = FormatOptions::default().with_display_error(true);
    let formatters = batch
        .columns()
        .iter()
        .map(|c| ArrayFormatter::try_new(c.as_ref(), &options))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    let schema = batch.schema();
    let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
    let width = names.iter().map(|n| n.chars().count()).max().unwrap_or(0);
    let mut value = String::new();
    for row in 0..batch.num_rows() {
        *record += 1;
        writeln!(out, "-[ RECORD {record} ]{}", "-".repeat(width.max(4)))?;
        for (name, formatter) in names.iter().zip(&formatters) {
            value.clear();
            use std::fmt::Write as _;
            write!(value, "{}", formatter.value(row)).map_err(std::io::Error::other)?;
            let pad = width - name.chars().count();
            writeln!(out, "{name}{:pad$} | {value}", "")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use datafusion::arrow::array::{Float64Array, Int64Array, StringArray};
    use datafusion::arrow::datatypes::{DataType, Field, Schema};

    use super::*;

    fn batch() -> RecordBatch {
        let schema = Arc::new(Schema::new(vec![
            Field::new("id", DataType::Int64, false),
            Field::new("value", DataType::Float64, true),
            Field::new("name", DataType::Utf8, true),
        ]));
        RecordBatch::try_new(
            schema,
            vec![
                Arc::new(Int64Array::from(vec![1, 2])),
                Arc::new(Float64Array::from(vec![Some(0.5), None])),
                Arc::new(StringArray::from(vec![Some("a,b"), Some("c")])),
            ],
        )
        .unwrap()
    }

    fn render(format: OutputFormat, batches: &[RecordBatch]) -> String {
        let mut out = Vec::new();
        let mut w = ResultWriter::new(format, batch().schema(), &mut out);
        for b in batches {
            w.write(b).unwrap();
        }
        w.finish().unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn parses_names_and_lists_them_on_error() {
        assert_eq!("CSV".parse::<OutputFormat>(), Ok(OutputFormat::Csv));
        assert_eq!(
            "vertical".parse::<OutputFormat>(),
            Ok(OutputFormat::Vertical)
        );
        assert_eq!(
            "xml".parse::<OutputFormat>(),
            Err("invalid format 'xml'; allowed: table, csv, tsv, json, ndjson, vertical".into())
        );
    }

    #[test]
    fn writes_every_format() {
        let b = batch();
        let two = [b.slice(0, 1), b.slice(1, 1)];
        assert_eq!(
            render(OutputFormat::Csv, &two),
            "id,value,name\n1,0.5,\"a,b\"\n2,,c\n"
        );
        assert_eq!(
            render(OutputFormat::Tsv, &two),
            "id\tvalue\tname\n1\t0.5\ta,b\n2\t\tc\n"
        );
        assert_eq!(
            render(OutputFormat::Json, &two),
            "[{\"id\":1,\"value\":0.5,\"name\":\"a,b\"},{\"id\":2,\"value\":null,\"name\":\"c\"}]\n"
        );
        assert_eq!(
            render(OutputFormat::Ndjson, &two),
            "{\"id\":1,\"value\":0.5,\"name\":\"a,b\"}\n{\"id\":2,\"value\":null,\"name\":\"c\"}\n"
        );
        assert_eq!(
            render(OutputFormat::Vertical, &two),
            "-[ RECORD 1 ]-----\nid    | 1\nvalue | 0.5\nname  | a,b\n\
             -[ RECORD 2 ]-----\nid    | 2\nvalue | \nname  | c\n"
        );
        assert_eq!(
            render(OutputFormat::Table, &two),
            "+----+-------+------+\n| id | value | name |\n+----+-------+------+\n\
             | 1  | 0.5   | a,b  |\n| 2  |       | c    |\n+----+-------+------+\n"
        );
    }

    /// A long table is printed a chunk at a time: a 25,000-row result as tables of 10,000,
    /// 10,000 and 5,000 rows, so the writer never holds more than a chunk.
    #[test]
    fn a_long_table_is_printed_in_chunks() {
        use datafusion::arrow::array::Int64Array;
        use datafusion::arrow::datatypes::{DataType, Field, Schema};
        let schema = Arc::new(Schema::new(vec![Field::new("n", DataType::Int64, false)]));
        let batch = |lo: i64, hi: i64| {
            RecordBatch::try_new(
                Arc::clone(&schema),
                vec![Arc::new(Int64Array::from_iter_values(lo..hi))],
            )
            .unwrap()
        };
        let mut out = Vec::new();
        let mut w = ResultWriter::new(OutputFormat::Table, Arc::clone(&schema), &mut out);
        // One batch larger than a chunk, then smaller ones crossing chunk boundaries.
        w.write(&batch(0, 12_000)).unwrap();
        for lo in (12_000..25_000).step_by(1_300) {
            w.write(&batch(lo, (lo + 1_300).min(25_000))).unwrap();
        }
        w.finish().unwrap();
        let text = String::from_utf8(out).unwrap();
        let headers = text.matches("| n ").count();
        assert_eq!(headers, 3, "one header per table");
        let rows: Vec<i64> = text
            .lines()
            .filter_map(|l| l.trim_matches(|c| c == '|' || c == ' ').parse().ok())
            .collect();
        assert_eq!(rows, (0..25_000).collect::<Vec<_>>());
        let per_table: Vec<usize> = text
            .split("| n ")
            .skip(1)
            .map(|t| t.lines().filter(|l| l.starts_with("| ")).count())
            .collect();
        assert_eq!(per_table, vec![10_000, 10_000, 5_000]);
    }

    #[test]
    fn empty_results_keep_their_header() {
        assert_eq!(render(OutputFormat::Csv, &[]), "id,value,name\n");
        assert_eq!(render(OutputFormat::Json, &[]), "[]\n");
        assert_eq!(render(OutputFormat::Ndjson, &[]), "");
        assert_eq!(render(OutputFormat::Vertical, &[]), "(no rows)\n");
        assert_eq!(
            render(OutputFormat::Table, &[]),
            "+----+-------+------+\n| id | value | name |\n+----+-------+------+\n+----+-------+------+\n"
        );
    }
}
