//! The sqllogictest harness: runs every `sql/*.slt` file against a fresh DataFusion
//! session with this crate's functions and factories registered.
//!
//! `cargo test --test slt` runs all files (pass file-name filters as arguments to run only
//! some, e.g. `cargo test --test slt -- spider_errors`). With `SLT_COMPLETE=1` the expected
//! outputs are rewritten from the actual results instead (review the diff before committing).
//!
//! Conventions:
//! - each cell is formatted with Arrow's `ArrayFormatter` (`NULL` for nulls, `(empty)` for
//!   empty strings); cells spanning several lines (EXPLAIN) are split into one row per line;
//! - column types are not checked (`query IT` and `query TT` both accept any result);
//! - error texts are DataFusion's `strip_backtrace()` text, matched by
//!   `statement error <regex>` / `query error <regex>`;
//! - the token `${TMPDIR}` in SQL is replaced by a temporary directory private to the file.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use async_trait::async_trait;
use datafusion::arrow::array::{Array, RecordBatch};
use datafusion::arrow::datatypes::DataType;
use datafusion::arrow::util::display::{ArrayFormatter, FormatOptions};
use datafusion::common::DataFusionError;
use datafusion::prelude::{SessionConfig, SessionContext};
use sqllogictest::{
    AsyncDB, DBOutput, DefaultColumnType, Normalizer, Record, Runner, default_column_validator,
    default_normalizer, default_validator,
};

/// The token replaced by the file's temporary directory.
const TMPDIR_TOKEN: &str = "${TMPDIR}";

/// An error as the tests see it: DataFusion's message without backtrace.
#[derive(Debug)]
struct SltError(String);

impl std::fmt::Display for SltError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SltError {}

impl From<DataFusionError> for SltError {
    fn from(e: DataFusionError) -> Self {
        SltError(e.strip_backtrace())
    }
}

/// One DataFusion session with this crate registered.
struct SynthDb {
    ctx: SessionContext,
    tmpdir: String,
}

impl SynthDb {
    fn new(tmpdir: &Path) -> Result<Self, SltError> {
        // information_schema backs SHOW CREATE TABLE / SHOW COLUMNS.
        let config = SessionConfig::new()
            .with_target_partitions(4)
            .with_information_schema(true);
        let ctx = SessionContext::new_with_config(config);
        datafusion_synth::register_all(&ctx)?;
        Ok(SynthDb {
            ctx,
            tmpdir: tmpdir.to_string_lossy().into_owned(),
        })
    }
}

#[async_trait]
impl AsyncDB for SynthDb {
    type Error = SltError;
    type ColumnType = DefaultColumnType;

    async fn run(&mut self, sql: &str) -> Result<DBOutput<DefaultColumnType>, SltError> {
        let sql = sql.replace(TMPDIR_TOKEN, &self.tmpdir);
        // The crate's one SQL entry point (it also runs CREATE SYNTHETIC TABLE).
        let df = datafusion_synth::execute_sql(&self.ctx, &sql).await?;
        let schema = df.schema().inner().clone();
        let batches = df.collect().await?;
        let types: Vec<DefaultColumnType> = schema
            .fields()
            .iter()
            .map(|f| column_type(f.data_type()))
            .collect();
        let rows = format_batches(&batches)?;
        if types.is_empty() && rows.is_empty() {
            return Ok(DBOutput::StatementComplete(0));
        }
        Ok(DBOutput::Rows { types, rows })
    }

    async fn shutdown(&mut self) {}

    fn engine_name(&self) -> &str {
        "datafusion-synth"
    }

    async fn sleep(dur: std::time::Duration) {
        tokio::time::sleep(dur).await;
    }
}

fn column_type(t: &DataType) -> DefaultColumnType {
    match t {
        DataType::Int8
        | DataType::Int16
        | DataType::Int32
        | DataType::Int64
        | DataType::UInt8
        | DataType::UInt16
        | DataType::UInt32
        | DataType::UInt64 => DefaultColumnType::Integer,
        DataType::Float16
        | DataType::Float32
        | DataType::Float64
        | DataType::Decimal32(_, _)
        | DataType::Decimal64(_, _)
        | DataType::Decimal128(_, _)
        | DataType::Decimal256(_, _) => DefaultColumnType::FloatingPoint,
        _ => DefaultColumnType::Text,
    }
}

/// Formats every cell; a row whose cells span several lines becomes one row per line,
/// with empty cells on the continuation rows.
fn format_batches(batches: &[RecordBatch]) -> Result<Vec<Vec<String>>, SltError> {
    let options = FormatOptions::default().with_null("NULL");
    let mut rows = Vec::new();
    for batch in batches {
        let formatters = batch
            .columns()
            .iter()
            .map(|c| ArrayFormatter::try_new(c.as_ref() as &dyn Array, &options))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| SltError::from(DataFusionError::from(e)))?;
        for row in 0..batch.num_rows() {
            let cells: Vec<String> = formatters
                .iter()
                .map(|f| {
                    let s = f.value(row).to_string();
                    if s.is_empty() {
                        "(empty)".to_string()
                    } else {
                        s
                    }
                })
                .collect();
            let lines: Vec<Vec<&str>> = cells.iter().map(|c| c.lines().collect()).collect();
            let height = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
            for i in 0..height {
                rows.push(
                    lines
                        .iter()
                        .map(|l| l.get(i).map_or("", |s| s.trim_end()).to_string())
                        .collect(),
                );
            }
        }
    }
    Ok(rows)
}

/// Compares whole rows: the cells of a row are joined with a space before whitespace is
/// normalized, so continuation rows of multi-line cells (whose first cells are empty)
/// compare equal to their trimmed expected lines.
fn row_validator(normalizer: Normalizer, actual: &[Vec<String>], expected: &[String]) -> bool {
    let joined: Vec<Vec<String>> = actual.iter().map(|row| vec![row.join(" ")]).collect();
    default_validator(normalizer, &joined, expected)
}

/// A runner over a fresh session for one file, with `${TMPDIR}` mapped to `tmpdir`.
fn runner(tmpdir: &Path) -> Runner<SynthDb, impl sqllogictest::MakeConnection<Conn = SynthDb>> {
    let dir = tmpdir.to_path_buf();
    let mut runner = Runner::new(move || {
        let dir = dir.clone();
        async move { SynthDb::new(&dir) }
    });
    runner.with_validator(row_validator);
    runner.with_column_validator(default_column_validator);
    runner
}

/// Runs one file record by record, returning every failure (not only the first).
async fn run_file(path: &Path) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let tmp = tempfile::tempdir()?;
    let mut runner = runner(tmp.path());
    let records = sqllogictest::parse_file::<DefaultColumnType>(path)?;
    let mut failures = Vec::new();
    for record in records {
        if let Record::Halt { .. } = record {
            break;
        }
        if let Err(e) = runner.run_async(record).await {
            failures.push(e.display(false).to_string());
        }
    }
    Ok(failures)
}

/// Rewrites the expected outputs of one file from the actual results.
async fn complete_file(path: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let tmp = tempfile::tempdir()?;
    runner(tmp.path())
        .update_test_file(
            path,
            " ",
            row_validator,
            default_normalizer,
            default_column_validator,
        )
        .await
}

/// The `.slt` files under `sql/`, sorted, keeping those whose name contains one of the
/// `filters` (all when there are none) and whose feature is on.
fn slt_files(filters: &[String]) -> std::io::Result<Vec<PathBuf>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("sql");
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    files.retain(|p| p.extension().is_some_and(|e| e == "slt"));
    // `delta*.slt` need the `delta` feature, `png*.slt` the `render` feature.
    files.retain(|p| {
        let name = p.file_name().unwrap_or_default().to_string_lossy();
        (cfg!(feature = "delta") || !name.starts_with("delta"))
            && (cfg!(feature = "render") || !name.starts_with("png"))
    });
    files.retain(|p| {
        let name = p.file_name().unwrap_or_default().to_string_lossy();
        filters.is_empty() || filters.iter().any(|f| name.contains(f.as_str()))
    });
    files.sort();
    Ok(files)
}

/// The arguments that filter files: those that are neither libtest flags (which `cargo
/// test` may pass along, e.g. `--nocapture`) nor the values of such flags.
fn file_filters(args: impl Iterator<Item = String>) -> Vec<String> {
    const WITH_VALUE: [&str; 6] = [
        "--test-threads",
        "--skip",
        "--logfile",
        "--color",
        "--format",
        "-Z",
    ];
    let mut filters = Vec::new();
    let mut skip_next = false;
    for arg in args {
        if std::mem::take(&mut skip_next) {
            continue;
        }
        if arg.starts_with('-') {
            skip_next = WITH_VALUE.contains(&arg.as_str());
        } else {
            filters.push(arg);
        }
    }
    filters
}

#[tokio::main]
async fn main() -> ExitCode {
    let filters = file_filters(std::env::args().skip(1));
    let complete = std::env::var("SLT_COMPLETE").is_ok_and(|v| v == "1");
    let files = match slt_files(&filters) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("cannot list sql/*.slt: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut failed_files = Vec::new();
    let mut total_failures = 0;
    for path in &files {
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        if complete {
            match complete_file(path).await {
                Ok(()) => println!("{name}: completed"),
                Err(e) => {
                    println!("{name}: FAILED to complete: {e}");
                    failed_files.push(name.into_owned());
                }
            }
            continue;
        }
        match run_file(path).await {
            Ok(failures) if failures.is_empty() => println!("{name}: ok"),
            Ok(failures) => {
                println!("{name}: FAILED ({} failing records)", failures.len());
                for f in &failures {
                    println!("{f}");
                }
                total_failures += failures.len();
                failed_files.push(name.into_owned());
            }
            Err(e) => {
                println!("{name}: FAILED: {e}");
                total_failures += 1;
                failed_files.push(name.into_owned());
            }
        }
    }
    println!(
        "slt: {} files, {} passed, {} failed ({} failing records)",
        files.len(),
        files.len() - failed_files.len(),
        failed_files.len(),
        total_failures
    );
    if failed_files.is_empty() {
        ExitCode::SUCCESS
    } else {
        println!("failed files: {}", failed_files.join(", "));
        ExitCode::FAILURE
    }
}
