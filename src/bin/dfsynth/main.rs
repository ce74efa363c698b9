//! `dfsynth`: an SQL session on Apache DataFusion with everything datafusion-synth provides
//! registered (as `register_all` does in a Rust application).
//!
//! Interactive when stdin is a terminal and no `-c`/`-f` is given ([`repl`]); otherwise it
//! runs the `-c` commands and `-f` files in the order given, or else the SQL piped on stdin, as scripts:
//! the first failing statement stops the run with exit code 1 and one error naming its source
//! and line.

mod args;
#[cfg(feature = "cluster")]
mod cluster;
mod commands;
mod complete;
mod describe;
mod learn;
mod progress;
mod repl;
mod runner;
#[cfg(feature = "serve")]
mod serve;

use std::io::{IsTerminal, Read};
use std::process::ExitCode;

use datafusion::common::Result;
use datafusion::execution::runtime_env::RuntimeEnvBuilder;
use datafusion::prelude::{SessionConfig, SessionContext};

use args::{Args, Script};
use runner::{Runner, ScriptError, Settings, StatementError};

/// Rows shown per result on a terminal unless `--max-rows` says otherwise.
const DEFAULT_MAX_ROWS: usize = 40;

/// The session: configuration, runtime (memory limit) and this crate's registrations; on a
/// cluster with `--cluster`.
async fn session(args: &Args) -> Result<SessionContext> {
    // `SHOW TABLES`, `SHOW COLUMNS` and `information_schema`, as in datafusion-cli.
    let mut config = SessionConfig::new().with_information_schema(true);
    if let Some(n) = args.target_partitions {
        config = config.with_target_partitions(n);
    }
    if let Some(n) = args.batch_size {
        config = config.with_batch_size(n);
    }
    if let Some(url) = &args.cluster {
        if args.memory_limit.is_some() {
            return datafusion::common::plan_err!(
                "--memory-limit limits a local session; with --cluster {url} the executors run the queries (start them with their own limits)"
            );
        }
        return cluster_session(url, config).await;
    }
    let mut runtime = RuntimeEnvBuilder::new();
    if let Some(bytes) = args.memory_limit {
        runtime = runtime.with_memory_limit(bytes, 1.0);
    }
    // File paths can be queried as tables (`SELECT * FROM 'out.parquet'`), as in datafusion-cli.
    let ctx = SessionContext::new_with_config_rt(config, runtime.build_arc()?).enable_url_table();
    datafusion_synth::register_all(&ctx)?;
    #[cfg(feature = "s3")]
    datafusion_synth::register_object_stores(&ctx)?;
    Ok(ctx)
}

#[cfg(feature = "cluster")]
async fn cluster_session(url: &str, config: SessionConfig) -> Result<SessionContext> {
    Ok(datafusion_synth::cluster::cluster_context(url, config)
        .await?
        .enable_url_table())
}

#[cfg(not(feature = "cluster"))]
async fn cluster_session(url: &str, _config: SessionConfig) -> Result<SessionContext> {
    datafusion::common::plan_err!(
        "--cluster {url}: this dfsynth was built without the `cluster` feature; rebuild with `cargo build --release --features cluster`"
    )
}

async fn run_scripts(runner: &Runner, scripts: &[Script]) -> Result<(), ScriptError> {
    for script in scripts {
        match script {
            Script::Command(n, sql) => runner.run_script(sql, &format!("-c #{n}")).await?,
            Script::File(path) => {
                let source = path.display().to_string();
                // `-f -` reads the script from standard input.
                let read = if path.as_os_str() == "-" {
                    let mut sql = String::new();
                    std::io::stdin().read_to_string(&mut sql).map(|_| sql)
                } else {
                    std::fs::read_to_string(path)
                };
                let sql = read.map_err(|e| ScriptError {
                    error: StatementError::Sql(datafusion::common::DataFusionError::Plan(format!(
                        "cannot read SQL file '{source}': {e}"
                    ))),
                    location: format!("-f {source}"),
                    statement: None,
                })?;
                runner.run_script(&sql, &source).await?;
            }
        }
    }
    Ok(())
}

/// Runs the `-c`/`-f` scripts given before a subcommand (`learn`, `serve`): they declare
/// the tables it works on.
async fn run_setup(
    ctx: &SessionContext,
    args: &Args,
    scripts: &[Script],
) -> Result<(), ScriptError> {
    let runner = Runner {
        ctx: ctx.clone(),
        settings: Settings {
            format: args.format.unwrap_or_default(),
            max_rows: args.max_rows.filter(|n| *n > 0),
            timing: false,
            progress: false,
        },
    };
    run_scripts(&runner, scripts).await
}

/// The exit code of a subcommand's result, printing its error.
fn exit_with(result: Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("Error: {}", datafusion_synth::sql::error_text(&e));
            ExitCode::FAILURE
        }
    }
}

fn exit_for(result: Result<(), ScriptError>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // The reader of the output went away: nothing more to say.
        Err(ScriptError {
            error: StatementError::BrokenPipe,
            ..
        }) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    #[allow(unused_mut)]
    let (mut args, scripts) = Args::parse_in_order();
    #[cfg(feature = "cluster")]
    if matches!(args.command, Some(args::Command::Cluster(_)))
        && let Some(args::Command::Cluster(role)) = args.command.take()
    {
        return exit_with(cluster::run(role).await);
    }
    let ctx = match session(&args).await {
        Ok(ctx) => ctx,
        Err(e) => {
            eprintln!("Error: {}", datafusion_synth::sql::error_text(&e));
            return ExitCode::FAILURE;
        }
    };
    if matches!(args.command, Some(args::Command::Learn(_)))
        && let Some(args::Command::Learn(learn_args)) = args.command.take()
    {
        if let Err(e) = run_setup(&ctx, &args, &scripts).await {
            return exit_for(Err(e));
        }
        return exit_with(learn::run(&ctx, learn_args).await);
    }
    #[cfg(feature = "serve")]
    if let Some(args::Command::Serve(serve_args)) = args.command.take() {
        if let Err(e) = run_setup(&ctx, &args, &scripts).await {
            return exit_for(Err(e));
        }
        return exit_with(serve::run(ctx, serve_args).await);
    }
    let interactive =
        args.commands.is_empty() && args.files.is_empty() && std::io::stdin().is_terminal();
    let stdout_terminal = std::io::stdout().is_terminal();
    let max_rows = match args.max_rows {
        Some(0) => None,
        Some(n) => Some(n),
        None if interactive => Some(DEFAULT_MAX_ROWS),
        None if stdout_terminal && args.format.is_none() => Some(DEFAULT_MAX_ROWS),
        None => None,
    };
    let settings = Settings {
        format: args.format.unwrap_or_default(),
        max_rows,
        timing: false,
        progress: !args.quiet && std::io::stderr().is_terminal(),
    };
    let mut runner = Runner { ctx, settings };
    if interactive {
        return match repl::run(&mut runner, !args.quiet).await {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("Error: terminal: {e}");
                ExitCode::FAILURE
            }
        };
    }
    if args.commands.is_empty() && args.files.is_empty() {
        let mut sql = String::new();
        if let Err(e) = std::io::stdin().read_to_string(&mut sql) {
            eprintln!("Error: cannot read SQL from stdin: {e}");
            return ExitCode::FAILURE;
        }
        return exit_for(runner.run_script(&sql, "<stdin>").await);
    }
    exit_for(run_scripts(&runner, &scripts).await)
}
