//! `dfsynth`: run SQL against a DataFusion session with datafusion-synth registered.
//!
//! `-c SQL` (repeatable) and `-f FILE` (repeatable) run statements in order and print each
//! result as a table; the first failing statement stops the run with exit code 1.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use datafusion::arrow::util::pretty::pretty_format_batches;
use datafusion::common::{DataFusionError, Result};
use datafusion::prelude::{SessionConfig, SessionContext};
use datafusion::sql::parser::DFParserBuilder;

/// Run SQL with synthetic tables (spider(...), STORED AS SPIDER) on Apache DataFusion.
#[derive(Debug, Parser)]
#[command(name = "dfsynth", version, about)]
struct Args {
    /// SQL to run (repeatable; runs before any -f file)
    #[arg(short = 'c', long = "command")]
    commands: Vec<String>,

    /// SQL script file to run (repeatable)
    #[arg(short = 'f', long = "file")]
    files: Vec<PathBuf>,

    /// Number of partitions (default: number of cores)
    #[arg(long)]
    target_partitions: Option<usize>,

    /// Rows per generated batch (default: 8192)
    #[arg(long)]
    batch_size: Option<usize>,
}

/// An error of one statement of a script: the error, where the statement came from, its
/// position in the script and its text.
struct StatementError {
    error: DataFusionError,
    location: String,
}

/// Runs every statement of `sql`, printing results; `source` names it in errors.
async fn run_script(
    ctx: &SessionContext,
    sql: &str,
    source: &str,
) -> std::result::Result<(), StatementError> {
    let fail = |error: DataFusionError, location: String| StatementError { error, location };
    let statements = DFParserBuilder::new(sql)
        .build()
        .and_then(|mut p| p.parse_statements())
        .map_err(|e| fail(e, source.to_string()))?;
    for (k, statement) in statements.into_iter().enumerate() {
        let location = format!("{source}, statement {}: {statement}", k + 1);
        let result: Result<()> = async {
            let plan = ctx.state().statement_to_plan(statement).await?;
            let df = ctx.execute_logical_plan(plan).await?;
            let schema = df.schema().as_arrow().clone();
            let batches = df.collect().await?;
            if !schema.fields().is_empty() {
                println!("{}", pretty_format_batches(&batches)?);
            }
            Ok(())
        }
        .await;
        result.map_err(|e| fail(e, location))?;
    }
    Ok(())
}

async fn run(args: Args) -> std::result::Result<(), StatementError> {
    let mut config = SessionConfig::new();
    if let Some(n) = args.target_partitions {
        config = config.with_target_partitions(n.max(1));
    }
    if let Some(n) = args.batch_size {
        config = config.with_batch_size(n.max(1));
    }
    // File paths can be queried as tables (`SELECT * FROM 'out.parquet'`), as in datafusion-cli.
    let ctx = SessionContext::new_with_config(config).enable_url_table();
    datafusion_synth::register_all(&ctx).map_err(|error| StatementError {
        error,
        location: "start-up".to_string(),
    })?;
    for (i, sql) in args.commands.iter().enumerate() {
        run_script(&ctx, sql, &format!("-c #{}", i + 1)).await?;
    }
    for path in &args.files {
        let sql = std::fs::read_to_string(path).map_err(|e| StatementError {
            error: DataFusionError::Plan(format!("cannot read SQL file '{}': {e}", path.display())),
            location: format!("-f {}", path.display()),
        })?;
        run_script(&ctx, &sql, &path.display().to_string()).await?;
    }
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Error: {}", e.error.strip_backtrace());
            eprintln!("  in {}", e.location);
            ExitCode::FAILURE
        }
    }
}
