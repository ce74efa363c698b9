//! The interactive session: line editing and history (rustyline), statements spanning lines
//! until `;`, backslash commands, Ctrl-C (clears the input, or cancels the running
//! statement) and Ctrl-D (quits).

use std::path::PathBuf;

use datafusion_synth::repl::statement_complete;
use datafusion_synth::split_statements;
use rustyline::config::Config;
use rustyline::error::ReadlineError;
use rustyline::history::FileHistory;
use rustyline::{CompletionType, Editor};

use crate::commands::{self, Command};
use crate::complete::SqlHelper;
use crate::describe;
use crate::runner::Runner;

const PROMPT: &str = "dfsynth> ";
const CONTINUATION: &str = "    ...> ";

/// The history file: `$DFSYNTH_HISTORY`, else `~/.dfsynth_history`; none when neither is
/// known (or `DFSYNTH_HISTORY` is empty).
fn history_path() -> Option<PathBuf> {
    match std::env::var_os("DFSYNTH_HISTORY") {
        Some(p) if p.is_empty() => None,
        Some(p) => Some(PathBuf::from(p)),
        None => std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".dfsynth_history")),
    }
}

/// Runs the session until `\q` or Ctrl-D.
pub async fn run(runner: &mut Runner, banner: bool) -> rustyline::Result<()> {
    let config = Config::builder()
        .auto_add_history(false)
        .completion_type(CompletionType::List)
        .build();
    let mut editor: Editor<SqlHelper, FileHistory> = Editor::with_config(config)?;
    editor.set_helper(Some(SqlHelper::new(runner.ctx.clone())));
    let history = history_path();
    if let Some(path) = &history {
        // A missing history file is normal on the first run.
        let _ = editor.load_history(path);
    }
    if banner {
        println!(
            "dfsynth {} (Apache DataFusion with synthetic tables). Type \\? for help, \\q to quit.",
            env!("CARGO_PKG_VERSION")
        );
    }
    let mut buffer = String::new();
    loop {
        let prompt = if buffer.is_empty() {
            PROMPT
        } else {
            CONTINUATION
        };
        let line = tokio::task::block_in_place(|| editor.readline(prompt));
        match line {
            Ok(line) => {
                // A backslash line is a command even in the middle of a statement (no SQL
                // line starts with a backslash); the statement typed so far is kept.
                if line.trim_start().starts_with('\\') {
                    remember(&mut editor, &history, line.trim());
                    if !command(runner, &line).await {
                        break;
                    }
                    continue;
                }
                if buffer.is_empty() && line.trim().is_empty() {
                    continue;
                }
                buffer.push_str(&line);
                buffer.push('\n');
                if statement_complete(&buffer) {
                    let text = std::mem::take(&mut buffer);
                    remember(&mut editor, &history, text.trim());
                    run_statements(runner, &text).await;
                } else if let Ok(mut statements) = split_statements(&buffer)
                    && statements.len() > 1
                {
                    // `SELECT 1; SELECT 2` (no final `;`): run what is complete, keep the rest.
                    let rest = statements.pop().map(|s| s.text).unwrap_or_default();
                    remember(&mut editor, &history, buffer.trim());
                    for statement in statements {
                        if let Err(e) = runner.run_statement(&statement.text).await {
                            eprintln!("Error: {e}");
                            break;
                        }
                    }
                    buffer = rest + "\n";
                }
            }
            Err(ReadlineError::Interrupted) => buffer.clear(),
            Err(ReadlineError::Eof) => break,
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

fn remember(editor: &mut Editor<SqlHelper, FileHistory>, path: &Option<PathBuf>, entry: &str) {
    if editor.add_history_entry(entry).unwrap_or(false)
        && let Some(path) = path
        && let Err(e) = editor.save_history(path)
    {
        eprintln!("Warning: cannot save history to '{}': {e}", path.display());
    }
}

async fn run_statements(runner: &Runner, text: &str) {
    let statements = match split_statements(text) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("Error: {}", datafusion_synth::sql::error_text(&e));
            return;
        }
    };
    for statement in statements {
        if let Err(e) = runner.run_statement(&statement.text).await {
            eprintln!("Error: {e}");
            return;
        }
    }
}

/// Runs a backslash command; false when the session should end.
async fn command(runner: &mut Runner, line: &str) -> bool {
    let command = match commands::parse(line) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("Error: {e}");
            return true;
        }
    };
    let settings = &mut runner.settings;
    match command {
        Command::Quit => return false,
        Command::Help => println!("{}", commands::HELP),
        Command::Timing(on) => {
            settings.timing = on.unwrap_or(!settings.timing);
            println!("Timing is {}.", if settings.timing { "on" } else { "off" });
        }
        Command::Format(Some(f)) => {
            settings.format = f;
            println!("Output format is {f}.");
        }
        Command::Format(None) => println!("Output format is {}.", settings.format),
        Command::MaxRows(Some(n)) => {
            settings.max_rows = n;
            print_max_rows(settings.max_rows);
        }
        Command::MaxRows(None) => print_max_rows(settings.max_rows),
        Command::Describe(name) => {
            let text = match &name {
                None => describe::list_tables(&runner.ctx).await,
                Some(n) => describe::describe_table(&runner.ctx, n).await,
            };
            match text {
                Ok(t) => println!("{t}"),
                Err(e) => eprintln!("Error: {}", datafusion_synth::sql::error_text(&e)),
            }
        }
        Command::Include(path) => match std::fs::read_to_string(&path) {
            Ok(sql) => {
                if let Err(e) = runner.run_script(&sql, &path.display().to_string()).await {
                    eprintln!("{e}");
                }
            }
            Err(e) => eprintln!("Error: cannot read SQL file '{}': {e}", path.display()),
        },
        Command::Plot(query) => {
            static PLOTS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
            let n = PLOTS.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            let path =
                std::env::temp_dir().join(format!("dfsynth-{}-plot-{n}.png", std::process::id()));
            match plot(&runner.ctx, &query, &path).await {
                Ok(rows) => println!("Drew {rows} rows into {}", path.display()),
                Err(e) => eprintln!("Error: {}", datafusion_synth::sql::error_text(&e)),
            }
        }
    }
    true
}

/// Draws the rows of `query` into the PNG `path`; returns the rows drawn.
async fn plot(
    ctx: &datafusion::prelude::SessionContext,
    query: &str,
    path: &std::path::Path,
) -> datafusion::common::Result<u64> {
    use datafusion::arrow::array::AsArray;
    use datafusion::arrow::datatypes::UInt64Type;
    let sql = format!(
        "COPY ({query}) TO '{}' STORED AS PNG",
        path.display().to_string().replace('\'', "''")
    );
    let batches = datafusion_synth::execute_sql(ctx, &sql)
        .await?
        .collect()
        .await?;
    Ok(batches
        .first()
        .map_or(0, |b| b.column(0).as_primitive::<UInt64Type>().value(0)))
}

fn print_max_rows(max_rows: Option<usize>) {
    match max_rows {
        Some(n) => println!("Showing at most {n} rows per result."),
        None => println!("Showing every row of each result."),
    }
}
