//! Running statements: every statement goes through `datafusion_synth::execute_sql`; its
//! result is shown bounded (the first rows only) or in full, with a progress bar, and Ctrl-C
//! cancels it. Scripts are split with `datafusion_synth::split_statements` and stop at the
//! first failing statement, which is reported with its source and line.

use std::fmt;
use std::io::{BufWriter, Write};
use std::sync::Arc;
use std::time::Instant;

use datafusion::common::{DataFusionError, Result};
use datafusion::physical_plan::execute_stream;
use datafusion::prelude::SessionContext;
use datafusion_synth::repl::{BoundedQuery, OutputFormat, ResultWriter, RowSummary};
use datafusion_synth::{execute_sql, split_statements};
use futures::StreamExt;

use crate::progress::Progress;

/// What the session prints and how.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The output format of results.
    pub format: OutputFormat,
    /// Rows shown per result (`None`: every row).
    pub max_rows: Option<usize>,
    /// Print each statement's time.
    pub timing: bool,
    /// Show progress bars (stderr is a terminal and not `--quiet`).
    pub progress: bool,
}

/// Why a statement did not complete.
#[derive(Debug)]
pub enum StatementError {
    /// DataFusion (or this crate) rejected or failed the statement.
    Sql(DataFusionError),
    /// Ctrl-C.
    Cancelled,
    /// The output was closed (e.g. `dfsynth … | head`).
    BrokenPipe,
}

impl fmt::Display for StatementError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StatementError::Sql(e) => write!(f, "{}", datafusion_synth::sql::error_text(e)),
            StatementError::Cancelled => f.write_str("statement cancelled (Ctrl-C)"),
            StatementError::BrokenPipe => f.write_str("output closed"),
        }
    }
}

impl From<DataFusionError> for StatementError {
    fn from(e: DataFusionError) -> Self {
        if is_broken_pipe(&e) {
            StatementError::BrokenPipe
        } else {
            StatementError::Sql(e)
        }
    }
}

fn is_broken_pipe(e: &DataFusionError) -> bool {
    use datafusion::arrow::error::ArrowError;
    match e {
        DataFusionError::IoError(io) => io.kind() == std::io::ErrorKind::BrokenPipe,
        DataFusionError::ArrowError(a, _) => match a.as_ref() {
            ArrowError::IoError(_, io) => io.kind() == std::io::ErrorKind::BrokenPipe,
            // The CSV and JSON writers keep only the text of the I/O error.
            ArrowError::CsvError(m) | ArrowError::JsonError(m) => m.contains(&epipe_text()),
            _ => false,
        },
        DataFusionError::Context(_, inner) => is_broken_pipe(inner),
        _ => false,
    }
}

/// How the operating system words a broken pipe: `Broken pipe (os error 32)` (EPIPE is 32
/// on Linux and the BSDs).
fn epipe_text() -> String {
    if cfg!(unix) {
        std::io::Error::from_raw_os_error(32).to_string()
    } else {
        "broken pipe".to_string()
    }
}

/// A failed statement of a script: the error, where it came from and its text.
#[derive(Debug)]
pub struct ScriptError {
    /// The error.
    pub error: StatementError,
    /// `SOURCE, line N` (or the source alone when the script could not be split).
    pub location: String,
    /// The statement's text, if the error belongs to one statement.
    pub statement: Option<String>,
}

impl fmt::Display for ScriptError {
    /// `Error: …` then `  at SOURCE, line N: STATEMENT` (the statement's first line).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Error: {}\n  at {}", self.error, self.location)?;
        if let Some(s) = &self.statement {
            let first = s.lines().next().unwrap_or_default();
            let mut shown: String = first.chars().take(160).collect();
            if shown.len() < s.len() {
                shown.push_str(" …");
            }
            write!(f, ": {shown}")?;
        }
        Ok(())
    }
}

/// A session: the context and the display settings.
pub struct Runner {
    /// The DataFusion session (with everything `register_all` installs).
    pub ctx: SessionContext,
    /// Display settings (changed by backslash commands).
    pub settings: Settings,
}

impl Runner {
    /// Runs every statement of `sql` in order, stopping at the first failure; `source` names
    /// the script in errors.
    pub async fn run_script(&self, sql: &str, source: &str) -> Result<(), ScriptError> {
        let statements = split_statements(sql).map_err(|e| ScriptError {
            error: e.into(),
            location: source.to_string(),
            statement: None,
        })?;
        for statement in statements {
            if statement.text.trim_start().starts_with('\\') {
                return Err(ScriptError {
                    error: StatementError::Sql(DataFusionError::Plan(format!(
                        "backslash commands such as {} run in the interactive session only; in a script use SQL: SHOW TABLES, SHOW COLUMNS FROM t, SHOW CREATE TABLE t",
                        statement.text.split_whitespace().next().unwrap_or("\\d")
                    ))),
                    location: format!("{source}, line {}", statement.line),
                    statement: Some(statement.text.clone()),
                });
            }
            self.run_statement(&statement.text)
                .await
                .map_err(|error| ScriptError {
                    error,
                    location: format!("{source}, line {}", statement.line),
                    statement: Some(statement.text.clone()),
                })?;
        }
        Ok(())
    }

    /// Runs one statement and prints its result; Ctrl-C cancels it (the stream and every
    /// task of the plan are dropped).
    pub async fn run_statement(&self, sql: &str) -> Result<(), StatementError> {
        let started = Instant::now();
        let result = tokio::select! {
            r = self.execute(sql) => r,
            _ = tokio::signal::ctrl_c() => Err(StatementError::Cancelled),
        };
        if self.settings.timing && !matches!(result, Err(StatementError::BrokenPipe)) {
            println!("Time: {:.3} ms", started.elapsed().as_secs_f64() * 1000.0);
        }
        result
    }

    async fn execute(&self, sql: &str) -> Result<(), StatementError> {
        let df = execute_sql(&self.ctx, sql).await?;
        let task_ctx = Arc::new(df.task_ctx());
        let format = self.settings.format;
        match self.settings.max_rows {
            Some(max_rows) => {
                let query = BoundedQuery::plan(df, max_rows).await?;
                let progress = self.progress(query.plan_ref());
                let (batches, summary) = query.fetch(task_ctx).await?;
                drop(progress);
                let schema = query.plan_ref().schema();
                if schema.fields().is_empty() {
                    return Ok(());
                }
                let mut writer =
                    ResultWriter::new(format, schema, BufWriter::new(std::io::stdout()));
                for batch in &batches {
                    writer.write(batch)?;
                }
                writer.finish()?;
                print_summary(format, &summary)?;
            }
            None => {
                let plan = df.create_physical_plan().await?;
                let schema = plan.schema();
                let progress = self.progress(&plan);
                let mut stream = execute_stream(plan, task_ctx)?;
                if schema.fields().is_empty() {
                    while let Some(batch) = stream.next().await {
                        batch?;
                    }
                    return Ok(());
                }
                let mut writer =
                    ResultWriter::new(format, schema, BufWriter::new(std::io::stdout()));
                let mut rows = 0;
                while let Some(batch) = stream.next().await {
                    let batch = batch?;
                    rows += batch.num_rows();
                    match &progress {
                        Some(p) => p.suspend(|| writer.write(&batch))?,
                        None => writer.write(&batch)?,
                    }
                }
                drop(progress);
                writer.finish()?;
                let summary = RowSummary {
                    shown: rows,
                    total: None,
                    more: false,
                };
                print_summary(format, &summary)?;
            }
        }
        Ok(())
    }

    fn progress(
        &self,
        plan: &Arc<dyn datafusion::physical_plan::ExecutionPlan>,
    ) -> Option<Progress> {
        if self.settings.progress {
            Progress::start(plan)
        } else {
            None
        }
    }
}

/// The row-count line: on stdout under human formats; on stderr, and only when rows were
/// left out, under data formats (so that their output stays parseable).
fn print_summary(format: OutputFormat, summary: &RowSummary) -> Result<(), StatementError> {
    let truncated = summary.more || summary.total.is_some_and(|t| t > summary.shown as u64);
    let written = if format.is_human() {
        writeln!(std::io::stdout(), "{summary}")
    } else if truncated {
        writeln!(std::io::stderr(), "({summary})")
    } else {
        Ok(())
    };
    written.map_err(|e| DataFusionError::IoError(e).into())
}
