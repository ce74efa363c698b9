//! `dfsynth learn SOURCE`: the statement `LEARN SYNTHETIC TABLE` returns, printed as a SQL
//! script (`dfsynth learn data.parquet > table.sql`).

use clap::Args as ClapArgs;
use datafusion::common::Result;
use datafusion::prelude::SessionContext;

/// `dfsynth learn` options (as the `WITH` options of `LEARN SYNTHETIC TABLE`).
#[derive(Debug, ClapArgs)]
pub struct LearnArgs {
    /// A table of the session (declared by -c/-f) or a .parquet, .csv, .json, .ndjson or
    /// .jsonl file
    source: String,
    /// Name of the emitted table [default: the file's stem or the table's name]
    #[arg(long)]
    name: Option<String>,
    /// footer (Parquet statistics only), sample (a seeded sample) or full [default: sample]
    #[arg(long)]
    mode: Option<String>,
    /// Share of row groups (Parquet) or rows sampled [default: 0.01]
    #[arg(long)]
    fraction: Option<String>,
    /// Seed of the sample [default: 0]
    #[arg(long)]
    sample_seed: Option<String>,
    /// strict, balanced or off [default: balanced]
    #[arg(long)]
    privacy: Option<String>,
    /// A category seen fewer than k times is never emitted [default: 11]
    #[arg(long)]
    k: Option<String>,
    /// Rows of the emitted table [default: the source's]
    #[arg(long)]
    rows: Option<String>,
    /// Seed of the emitted table [default: 0]
    #[arg(long)]
    seed: Option<String>,
}

/// The name of the emitted table: the file's stem, else the table's name.
fn default_name(source: &str) -> String {
    let stem = std::path::Path::new(source.trim_end_matches('/'))
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| source.to_string());
    let name: String = stem
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if name.is_empty() {
        "learned".into()
    } else {
        name
    }
}

pub async fn run(ctx: &SessionContext, a: LearnArgs) -> Result<()> {
    let name = a.name.clone().unwrap_or_else(|| default_name(&a.source));
    let options: Vec<(String, String)> = [
        ("mode", a.mode),
        ("fraction", a.fraction),
        ("sample_seed", a.sample_seed),
        ("privacy", a.privacy),
        ("k", a.k),
        ("rows", a.rows),
        ("seed", a.seed),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.map(|v| (k.to_string(), v)))
    .collect();
    let (text, _) = datafusion_synth::sql::learn_text(ctx, &name, &a.source, &options).await?;
    println!("{text}");
    Ok(())
}
