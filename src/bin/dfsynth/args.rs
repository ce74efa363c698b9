//! The command line of `dfsynth` (clap), and the parsing of its option values.

use std::path::PathBuf;

use clap::Parser;
use datafusion_synth::repl::OutputFormat;

/// Run SQL with synthetic tables (spider(...), STORED AS SPIDER) on Apache DataFusion.
///
/// -c and -f run in the order given on the command line (as psql does), each as a script: the
/// first failing statement stops the run with exit code 1. Without -c or -f, dfsynth starts an
/// interactive session when stdin is a terminal, and runs the SQL piped on stdin as a script
/// otherwise.
#[derive(Debug, Parser)]
#[command(name = "dfsynth", version, about)]
pub struct Args {
    /// SQL to run (repeatable; -c and -f run in the order given)
    #[arg(short = 'c', long = "command", value_name = "SQL")]
    pub commands: Vec<String>,

    /// SQL script file to run (repeatable; -c and -f run in the order given)
    #[arg(short = 'f', long = "file", value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Output format of results: table, csv, tsv, json, ndjson or vertical [default: table]
    #[arg(long, value_name = "FORMAT", value_parser = parse_format)]
    pub format: Option<OutputFormat>,

    /// No progress bar and no start-up banner
    #[arg(short = 'q', long)]
    pub quiet: bool,

    /// Number of partitions (default: number of cores)
    #[arg(long, value_name = "N", value_parser = parse_positive)]
    pub target_partitions: Option<usize>,

    /// Rows per generated batch (default: 8192)
    #[arg(long, value_name = "N", value_parser = parse_positive)]
    pub batch_size: Option<usize>,

    /// Memory limit of the session: bytes, or a number with K, M, G or T (powers of 1024),
    /// e.g. 512M, 2G, 1.5T
    #[arg(long, value_name = "SIZE", value_parser = parse_memory_limit)]
    pub memory_limit: Option<usize>,

    /// Rows shown per result; 0 shows all [default: 40 on a terminal; all rows when output
    /// goes to a pipe or a file, or with --format in a script]
    #[arg(long, value_name = "N")]
    pub max_rows: Option<usize>,

    /// Run every statement on the Ballista cluster whose scheduler is at URL (df://host:port;
    /// needs the `cluster` feature, and a scheduler and executors started with
    /// `dfsynth scheduler` / `dfsynth executor`)
    #[arg(long, value_name = "URL")]
    pub cluster: Option<String>,

    /// Learn a table, serve the web page or run a cluster process instead of an SQL session
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands: learning a table, the web page, and the processes of a cluster.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Learn a PII-free CREATE SYNTHETIC TABLE statement from a table or a Parquet, CSV or
    /// JSON-lines file (after running the -c/-f scripts) and print it with its disclosure and
    /// fidelity reports
    Learn(crate::learn::LearnArgs),
    /// Serve a local web page to design, preview and download datasets (after running the
    /// -c/-f scripts, whose tables it offers)
    #[cfg(feature = "serve")]
    Serve(crate::serve::ServeArgs),
    #[cfg(feature = "cluster")]
    #[command(flatten)]
    Cluster(crate::cluster::Role),
}

/// One script of the command line: a `-c` command (with its 1-based number among the `-c`
/// options, for error locations) or a `-f` file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Script {
    Command(usize, String),
    File(PathBuf),
}

impl Args {
    /// Parses the command line (exiting with clap's message on bad usage) and returns the
    /// `-c`/`-f` scripts in the order they were given.
    pub fn parse_in_order() -> (Args, Vec<Script>) {
        Self::parse_from_in_order(std::env::args_os())
    }

    /// [`Args::parse_in_order`] over `argv`.
    pub fn parse_from_in_order<I, T>(argv: I) -> (Args, Vec<Script>)
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        use clap::{CommandFactory, FromArgMatches};
        let matches = Args::command().get_matches_from(argv);
        let args = Args::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
        let positions = |id: &str| -> Vec<usize> {
            matches
                .indices_of(id)
                .map(|i| i.collect())
                .unwrap_or_default()
        };
        let mut scripts: Vec<(usize, Script)> = positions("commands")
            .into_iter()
            .zip(&args.commands)
            .enumerate()
            .map(|(n, (at, sql))| (at, Script::Command(n + 1, sql.clone())))
            .chain(
                positions("files")
                    .into_iter()
                    .zip(&args.files)
                    .map(|(at, path)| (at, Script::File(path.clone()))),
            )
            .collect();
        scripts.sort_by_key(|(at, _)| *at);
        (args, scripts.into_iter().map(|(_, s)| s).collect())
    }
}

fn parse_format(s: &str) -> Result<OutputFormat, String> {
    s.parse()
}

fn parse_positive(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!(
            "invalid value '{s}'; allowed: an integer of at least 1"
        )),
    }
}

/// Parses a memory size: a number of bytes (`1073741824`) or a number, possibly with a
/// fraction, followed by `K`, `M`, `G` or `T` (case-insensitive, powers of 1024).
pub fn parse_memory_limit(s: &str) -> Result<usize, String> {
    let error = || {
        format!(
            "invalid memory limit '{s}'; accepted forms: a number of bytes (e.g. 1073741824) \
             or a number followed by K, M, G or T (powers of 1024), e.g. 512M, 2G, 1.5T"
        )
    };
    let t = s.trim();
    let (number, unit) = match t.chars().last() {
        Some(c) if c.is_ascii_alphabetic() => (&t[..t.len() - 1], c.to_ascii_uppercase()),
        _ => (t, 'B'),
    };
    let multiplier: u64 = match unit {
        'B' => 1,
        'K' => 1 << 10,
        'M' => 1 << 20,
        'G' => 1 << 30,
        'T' => 1 << 40,
        _ => return Err(error()),
    };
    let well_formed = !number.is_empty()
        && number.chars().all(|c| c.is_ascii_digit() || c == '.')
        && number.matches('.').count() <= 1
        && number.chars().next().is_some_and(|c| c.is_ascii_digit())
        && number.chars().last().is_some_and(|c| c.is_ascii_digit());
    if !well_formed {
        return Err(error());
    }
    let bytes = if number.contains('.') {
        if unit == 'B' {
            return Err(error());
        }
        let value: f64 = number.parse().map_err(|_| error())?;
        let bytes = (value * multiplier as f64).round();
        if !(bytes >= 1.0 && bytes < u64::MAX as f64) {
            return Err(error());
        }
        bytes as u64
    } else {
        let value: u64 = number.parse().map_err(|_| error())?;
        value.checked_mul(multiplier).ok_or_else(error)?
    };
    if bytes == 0 {
        return Err(error());
    }
    usize::try_from(bytes).map_err(|_| error())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_limits_accept_bytes_and_binary_suffixes() {
        assert_eq!(parse_memory_limit("1073741824"), Ok(1 << 30));
        assert_eq!(parse_memory_limit("2G"), Ok(2 << 30));
        assert_eq!(parse_memory_limit("2g"), Ok(2 << 30));
        assert_eq!(parse_memory_limit("512M"), Ok(512 << 20));
        assert_eq!(parse_memory_limit("64K"), Ok(64 << 10));
        assert_eq!(parse_memory_limit("1T"), Ok(1 << 40));
        assert_eq!(parse_memory_limit("1.5G"), Ok(3 << 29));
    }

    #[test]
    fn malformed_memory_limits_list_the_accepted_forms() {
        for bad in [
            "",
            "G",
            "2X",
            "-1G",
            "0",
            "0M",
            "1.5",
            "2 G B",
            "1..5G",
            ".5G",
            "2GB",
            "99999999999T",
        ] {
            let err = parse_memory_limit(bad).unwrap_err();
            assert_eq!(
                err,
                format!(
                    "invalid memory limit '{bad}'; accepted forms: a number of bytes (e.g. \
                     1073741824) or a number followed by K, M, G or T (powers of 1024), e.g. \
                     512M, 2G, 1.5T"
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn scripts_keep_command_line_order() {
        let (_, scripts) = Args::parse_from_in_order([
            "dfsynth",
            "-f",
            "a.sql",
            "-c",
            "SELECT 1",
            "--file=b.sql",
            "-c",
            "SELECT 2",
        ]);
        assert_eq!(
            scripts,
            vec![
                Script::File("a.sql".into()),
                Script::Command(1, "SELECT 1".into()),
                Script::File("b.sql".into()),
                Script::Command(2, "SELECT 2".into()),
            ]
        );
    }

    #[test]
    fn counts_must_be_positive() {
        assert_eq!(parse_positive("8"), Ok(8));
        assert_eq!(
            parse_positive("0"),
            Err("invalid value '0'; allowed: an integer of at least 1".to_string())
        );
    }
}
